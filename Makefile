# sse_delta: `make` builds the library and the tool, `make test` checks the
# library builds everywhere it must and runs the tests, `make demo` replays
# the bundled cassettes.

CC ?= cc
CFLAGS ?= -O2
WARNINGS = -Wall -Wextra -Wpedantic -Werror
ALL_CFLAGS = -std=c99 $(WARNINGS) $(CFLAGS) -I. -MMD -MP

BUILD = build
LIB = $(BUILD)/libsse_delta.a
TOOL = $(BUILD)/sse-delta
TEST_RUNNER = $(BUILD)/test_runner

TOOL_OBJS = $(patsubst tools/%.c,$(BUILD)/tools/%.o,$(wildcard tools/*.c))
TEST_OBJS = $(patsubst test/%.c,$(BUILD)/test/%.o,$(wildcard test/*.c))
# the tests reuse the tool's summary, JSON writer and cassette reader
TEST_TOOL_OBJS = $(BUILD)/tools/summary.o $(BUILD)/tools/json_out.o \
                 $(BUILD)/tools/cassette.o

.PHONY: all demo test test-sanitize check-builds dropin memcheck install-deps clean
all: $(LIB) $(TOOL)

# ---- dependencies -----------------------------------------------------------
# jsmn.h (the library) and yaml.h (the tool) come from Debian packages. The
# compiler itself is asked, so a header found through CPPFLAGS counts too.
APT_PACKAGES = libjsmn-dev libyaml-dev
have_header = $(shell $(CC) $(CPPFLAGS) -E -include $(1) -x c /dev/null \
                >/dev/null 2>&1 && echo yes)

ifneq ($(filter-out clean,$(or $(MAKECMDGOALS),all)),)
  MISSING_HEADERS := $(strip $(foreach h,jsmn.h yaml.h,$(if $(call have_header,$(h)),,$(h))))
endif
ifneq ($(MISSING_HEADERS),)
  ifeq ($(shell id -u)$(wildcard /usr/bin/apt-get),0/usr/bin/apt-get)
    INSTALL_DEPS = install-deps
  else
    $(error missing $(MISSING_HEADERS): run sudo apt-get install $(APT_PACKAGES))
  endif
endif

install-deps:
	@echo "missing $(MISSING_HEADERS): installing $(APT_PACKAGES)"
	DEBIAN_FRONTEND=noninteractive apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	  --no-install-recommends $(APT_PACKAGES)

# ---- library and tool -------------------------------------------------------
$(BUILD)/%.o: %.c | $(INSTALL_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tools/%.o $(BUILD)/test/%.o: ALL_CFLAGS += -Itools
$(BUILD)/test/%.o: ALL_CFLAGS += -DBUILD_DIR='"$(BUILD)"'


$(LIB): $(BUILD)/sse_delta.o
	$(AR) rcs $@ $^

$(TOOL): $(TOOL_OBJS) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(TOOL_OBJS) $(LIB) -lyaml

demo: $(TOOL)
	$(TOOL) test/cassettes/*.yaml

# ---- tests ------------------------------------------------------------------
$(TEST_RUNNER): $(TEST_OBJS) $(TEST_TOOL_OBJS) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(TEST_OBJS) $(TEST_TOOL_OBJS) $(LIB) -lyaml

# check-builds runs first: a library that does not build everywhere it
# must is the first thing to know. The tests may run the tool, hence $(TOOL).
test: check-builds dropin fuzz-replay examples $(TEST_RUNNER) $(TOOL)
	$(TEST_RUNNER)

# The header dropped into a program alone (no libsse_delta.a) beside the
# user's own jsmn, included before and after it, as C and as C++.
DROPIN = $(BUILD)/dropin
DROPIN_FLAGS = $(WARNINGS) -O2 -I. test/dropin/dropin.c
dropin: | $(INSTALL_DEPS)
	@mkdir -p $(DROPIN)
	$(CC) -std=c99 $(DROPIN_FLAGS) -DUSER_JSMN_FIRST -o $(DROPIN)/c_jsmn_first
	$(CC) -std=c99 $(DROPIN_FLAGS) -o $(DROPIN)/c_jsmn_last
	$(CXX) -x c++ -std=c++11 $(DROPIN_FLAGS) -DUSER_JSMN_FIRST -o $(DROPIN)/cxx_jsmn_first
	$(CXX) -x c++ -std=c++11 $(DROPIN_FLAGS) -o $(DROPIN)/cxx_jsmn_last
	@for t in c_jsmn_first c_jsmn_last cxx_jsmn_first cxx_jsmn_last; do \
	  printf '%s: ' $$t; $(DROPIN)/$$t || exit 1; done

# The library must compile warning-free as C99 with gcc and clang, as C++11,
# and freestanding; and call nothing from libc but these string.h functions.
STRICT = $(WARNINGS) -O2 -c sse_delta.c
ALLOWED_LIBC = memcpy|memmove|memset|memcmp|memchr|strlen
CHECK = $(BUILD)/check
check-builds: | $(INSTALL_DEPS)
	@mkdir -p $(CHECK)
	gcc -std=c99 $(STRICT) -o $(CHECK)/gcc.o
	@if command -v clang >/dev/null 2>&1; then \
	  echo "clang -std=c99 $(STRICT) -o $(CHECK)/clang.o"; \
	  clang -std=c99 $(STRICT) -o $(CHECK)/clang.o; \
	else echo "skipped: clang not installed"; fi
	g++ -x c++ -std=c++11 $(STRICT) -o $(CHECK)/gxx.o
	gcc -std=c99 -ffreestanding $(STRICT) -o $(CHECK)/freestanding.o
	@unexpected=$$(nm -u $(CHECK)/gcc.o | awk '{print $$NF}' \
	  | grep -vxE '$(ALLOWED_LIBC)' || true); \
	if [ -n "$$unexpected" ]; then \
	  echo "sse_delta.c uses symbols beyond $(ALLOWED_LIBC):" $$unexpected; \
	  exit 1; \
	fi; echo "nm -u: only $(ALLOWED_LIBC)"

# The whole test suite again, library, tool and tests built with ASan and
# UBSan (any report fails the run), in a build directory of its own.
SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all
test-sanitize: | $(INSTALL_DEPS)
	$(MAKE) --no-print-directory BUILD=$(BUILD)/sanitize CFLAGS="-O1 -g $(SANITIZE)" \
	  LDFLAGS="$(SANITIZE)" $(BUILD)/sanitize/test_runner $(BUILD)/sanitize/sse-delta
	ASAN_OPTIONS=detect_leaks=1 $(BUILD)/sanitize/test_runner

# The tool on every bundled cassette, byte by byte, under valgrind.
memcheck: $(TOOL)
	valgrind -q --error-exitcode=99 --leak-check=full \
	  $(TOOL) --events --feed-size 1 test/cassettes/*.yaml >/dev/null

clean:
	rm -rf $(BUILD)

-include $(wildcard $(BUILD)/*.d $(BUILD)/*/*.d)

# Measurement targets (make size, make instructions) live in mk/.
-include $(wildcard mk/*.mk)
