# make test-arm: the library on a Cortex-M4 (mps2-an386) and a Cortex-M0
# (microbit, 16 KiB of RAM) under qemu-system-arm, semihosting for output
# and exit status (test/arm/ holds the program, its startup and linker
# scripts). Three runs, each also built for the host and required to
# print the same bytes (lines starting with '#' aside: the board's own
# stack and RAM figures):
#
#   m0        the seed cassettes, with the smallest limits that fit them
#             (found by test/arm/fit.c on the host)
#   m4        the seeds and a sample of ../shared/corpus (every dialect),
#             at the default limits
#   m4-align  the same built with -mno-unaligned-access, CCR.UNALIGN_TRP
#             set, byte-wise string functions, the workspace at offsets
#             0..7; test/arm/trap_check.c first shows the trap fires
#
# Every summary must also equal `build/sse-delta --summary` at the default
# limits. Missing packages are installed as root with apt-get (as CI is),
# else the one-line fix is printed.

.PHONY: test-arm

TARM = $(BUILD)/arm
TARM_CC = arm-none-eabi-gcc
TARM_PACKAGES = gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
TARM_CORPUS = ../shared/corpus
TARM_CASSETTES = $(sort $(wildcard test/cassettes/*.yaml))
TARM_QEMU = timeout 60 qemu-system-arm -nographic \
  -semihosting-config enable=on,target=native -kernel

# The library as `make size` measures it (-Os, sections), so that its static
# stack figures are those of the code that runs.
TARM_FLAGS = -std=c99 $(WARNINGS) -Os -ffunction-sections -fdata-sections \
  -I. -Itools -Itest -Itest/arm
# Debian's arm-none-eabi-gcc puts GCC's own freestanding stdint.h before
# newlib's, and newlib's inttypes.h then has no PRId64: newlib's headers
# go first, as a newlib toolchain has them.
TARM_NEWLIB = -isystem $(dir $(shell $(TARM_CC) -print-file-name=libc.a 2>/dev/null))../include
TARM_M4 = -mcpu=cortex-m4 -mthumb
TARM_M0 = -mcpu=cortex-m0plus -mthumb
TARM_LINK = --specs=rdimon.specs -nostartfiles -Wl,--gc-sections -Ltest/arm

# The program's sources: the library, the tool's summary, the host tests'
# recorder and framing cases, and test/arm's own.
TARM_SRC = sse_delta.c tools/summary.c tools/json_out.c test/recorder.c \
  test/framing_cases.c test/arm/arm_test.c test/arm/run_body.c test/summary_run.c test/arm/framing_check.c test/arm/stack_alone.c
TARM_BOARD = test/arm/board_arm.c test/arm/vectors.c
TARM_DEPS = $(TARM_SRC) $(TARM_BOARD) $(wildcard test/arm/*.h test/arm/*.ld) sse_delta.h \
  mk/arm.mk

# ---- the tools on the target, and jsmn.h for them -----------------------------
# jsmn.h is a host package: only it is copied for the cross compiler, so no
# other host header (glibc's stdint.h...) can stand in for newlib's.
$(TARM)/.tools: mk/require.sh | $(INSTALL_DEPS)
	@sh mk/require.sh $(TARM_CC) \
	  '$(TARM_CC) -E -include string.h -x c /dev/null' $(TARM_PACKAGES)
	@sh mk/require.sh qemu-system-arm 'qemu-system-arm --version' $(TARM_PACKAGES)
	@mkdir -p $(TARM)/include && touch $@

$(TARM)/include/jsmn.h: $(TARM)/.tools
	@jsmn=$$(printf '#include <jsmn.h>\n' | $(CC) $(CPPFLAGS) -E -x c - 2>/dev/null | \
	  awk -F'"' '/^# [0-9]+ ".*jsmn\.h"/ { print $$2; exit }'); \
	[ -n "$$jsmn" ] || { echo "test-arm: jsmn.h not found by $(CC)" >&2; exit 1; }; \
	cp "$$jsmn" $@

# ---- generated on the host: the bodies, the least limits, the static stack ---
$(TARM)/embed: test/arm/embed.c tools/cassette.c test/json_value.c test/read_file.c | $(INSTALL_DEPS)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARNINGS) -O2 $(CPPFLAGS) -Itools -Itest -o $@ $^ -lyaml

$(TARM)/seeds/bodies.c: $(TARM)/embed $(TARM_CASSETTES)
	@mkdir -p $(dir $@)
	$(TARM)/embed $@ $(TARM)/seeds/inputs.list $(TARM_CASSETTES)

# the corpus sample is taken when the corpus is there at build time; the
# rule runs every time, so that one added later is seen
$(TARM)/sample/bodies.c: $(TARM)/embed $(TARM_CASSETTES) FORCE_TARM
	@mkdir -p $(dir $@)
	@if [ -d $(TARM_CORPUS) ]; then \
	  echo "$(TARM)/embed $@.new $(TARM)/sample/inputs.list $(TARM_CASSETTES) --corpus $(TARM_CORPUS)"; \
	  $(TARM)/embed $@.new $(TARM)/sample/inputs.list $(TARM_CASSETTES) --corpus $(TARM_CORPUS); \
	else \
	  echo "test-arm: SKIPPED the corpus sample: $(TARM_CORPUS) not found (the seeds only)"; \
	  $(TARM)/embed $@.new $(TARM)/sample/inputs.list $(TARM_CASSETTES); \
	fi
	@cmp -s $@.new $@ && rm $@.new || mv $@.new $@
.PHONY: FORCE_TARM
FORCE_TARM:

TARM_HOST_SRC = sse_delta.c tools/summary.c tools/json_out.c test/arm/run_body.c test/summary_run.c
$(TARM)/fit: test/arm/fit.c $(TARM_HOST_SRC) $(TARM)/seeds/bodies.c sse_delta.h | $(INSTALL_DEPS)
	$(CC) $(TARM_FLAGS) $(CPPFLAGS) -o $@ test/arm/fit.c $(TARM_HOST_SRC) $(TARM)/seeds/bodies.c

$(TARM)/seeds/fit_limits.h: $(TARM)/fit
	$(TARM)/fit $@

# make size's stack analysis (mk/size.sh) of sse_delta.c as each build
# compiles it; the worst case of init, feed and end into a header. Its
# limits are not what is checked here: they are set out of the way.
$(TARM)/%/static_stack.h: sse_delta.h mk/size.sh mk/stack.awk $(TARM)/.tools
	@mkdir -p $(dir $@)
	@OUT=$(TARM)/$*/size ARM_CC=$(TARM_CC) ARM_FLAGS='$(TARM_$*_ARCH) -Os -ffunction-sections -fdata-sections' \
	  WARNINGS='$(WARNINGS)' HOST_CC='$(CC)' CPPFLAGS='$(CPPFLAGS)' CODE_LIMIT=1000000 \
	  PARSER_LIMIT=100000 STACK_LIMIT=100000 sh mk/size.sh >$(TARM)/$*/size.txt || \
	  { cat $(TARM)/$*/size.txt; exit 1; }
	@awk '$$1 == "sse_delta_init" { print "#define STATIC_STACK_INIT " $$2 } \
	      $$1 == "sse_delta_feed" { print "#define STATIC_STACK_FEED " $$2 } \
	      $$1 == "sse_delta_end" { print "#define STATIC_STACK_END " $$2 }' \
	  $(TARM)/$*/size/stack.txt >$@
	@[ $$(wc -l <$@) = 3 ] || { echo "test-arm: no stack figures in $(TARM)/$*/size/stack.txt"; exit 1; }

# ---- the three builds, for the board and for the host -------------------------
TARM_m0_ARCH = $(TARM_M0)
TARM_m0_DEFS = -DARM_FIT -I$(TARM)/seeds
TARM_m0_BODIES = $(TARM)/seeds/bodies.c
TARM_m0_LD = microbit.ld
TARM_m0_MACHINE = microbit
TARM_m4_ARCH = $(TARM_M4)
TARM_m4_DEFS =
TARM_m4_BODIES = $(TARM)/sample/bodies.c
TARM_m4_LD = mps2_an386.ld
TARM_m4_MACHINE = mps2-an386
TARM_m4-align_ARCH = $(TARM_M4) -mno-unaligned-access
TARM_m4-align_DEFS = -DARM_OFFSETS=8 -DARM_UNALIGN_TRAP
TARM_m4-align_BODIES = $(TARM)/sample/bodies.c
TARM_m4-align_LD = mps2_an386.ld
TARM_m4-align_MACHINE = mps2-an386
# the byte-wise string functions, for the alignment build only
TARM_m4-align_EXTRA = $(TARM)/m4-align/bytewise.o

$(TARM)/m4-align/bytewise.o: test/arm/bytewise.c $(TARM)/.tools
	@mkdir -p $(dir $@)
	$(TARM_CC) $(TARM_m4-align_ARCH) -std=c99 $(WARNINGS) -O2 -fno-builtin \
	  -fno-tree-loop-distribute-patterns -c -o $@ $<

TARM_RUNS = m0 m4 m4-align
# generated through a pattern rule, yet to be kept
.SECONDARY: $(foreach r,$(TARM_RUNS),$(TARM)/$(r)/static_stack.h)
TARM_ELFS = $(foreach r,$(TARM_RUNS),$(TARM)/$(r)/test.elf)
TARM_HOSTS = $(foreach r,$(TARM_RUNS),$(TARM)/$(r)/host-test)

# what each build takes besides the sources
$(TARM)/m0/test.elf $(TARM)/m0/host-test: $(TARM_m0_BODIES) $(TARM)/seeds/fit_limits.h
$(TARM)/m4/test.elf $(TARM)/m4/host-test: $(TARM_m4_BODIES)
$(TARM)/m4-align/test.elf $(TARM)/m4-align/host-test: $(TARM_m4-align_BODIES)
$(TARM)/m4-align/test.elf: $(TARM_m4-align_EXTRA)

$(TARM)/%/test.elf: $(TARM_DEPS) $(TARM)/%/static_stack.h $(TARM)/include/jsmn.h
	$(TARM_CC) $(TARM_$*_ARCH) $(TARM_NEWLIB) $(TARM_FLAGS) -I$(TARM)/include -I$(TARM)/$* \
	  -DARM_STATIC_FIGURES $(TARM_$*_DEFS) $(TARM_LINK) -T$(TARM_$*_LD) -o $@ \
	  $(TARM_$*_EXTRA) $(TARM_SRC) $(TARM_BOARD) $(TARM_$*_BODIES)

$(TARM)/%/host-test: $(TARM_DEPS) test/arm/board_host.c | $(INSTALL_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(TARM_FLAGS) $(CPPFLAGS) $(TARM_$*_DEFS) -o $@ $(TARM_SRC) \
	  test/arm/board_host.c $(TARM_$*_BODIES)

$(TARM)/trap_check.elf: test/arm/trap_check.c $(TARM_BOARD) $(TARM_m4-align_EXTRA)
	$(TARM_CC) $(TARM_m4-align_ARCH) $(TARM_NEWLIB) $(TARM_FLAGS) -DARM_UNALIGN_TRAP $(TARM_LINK) \
	  -T$(TARM_m4-align_LD) -o $@ $(TARM_m4-align_EXTRA) $< $(TARM_BOARD)

# The second control: the alignment build with newlib's own memcpy (which
# reads unaligned words on purpose) must fault inside the real program, so
# the trap is seen to cover what the program runs, not only trap_check.
$(TARM)/newlib_memcpy.elf: $(TARM)/m4-align/test.elf
	$(TARM_CC) $(TARM_m4-align_ARCH) $(TARM_NEWLIB) $(TARM_FLAGS) -I$(TARM)/include \
	  -I$(TARM)/m4-align -DARM_STATIC_FIGURES $(TARM_m4-align_DEFS) $(TARM_LINK) \
	  -T$(TARM_m4-align_LD) -o $@ $(TARM_SRC) $(TARM_BOARD) $(TARM_m4-align_BODIES)

# ---- running them ---------------------------------------------------------------
# Each run: the board under qemu and the host build, in parallel; both must
# exit 0 and print the same bytes but for '#' lines; their summaries must
# be the tool's (default limits, 7-byte feeds) for the same inputs.
test-arm: $(TARM_ELFS) $(TARM_HOSTS) $(TARM)/trap_check.elf $(TARM)/newlib_memcpy.elf $(TOOL)
	@echo "test-arm: the alignment trap must fire on an unaligned load (trap_check):"
	@$(TARM_QEMU) $(TARM)/trap_check.elf -M mps2-an386 >$(TARM)/trap_check.out 2>&1; rc=$$?; \
	sed 's/^/  /' $(TARM)/trap_check.out; \
	if [ $$rc != 3 ] || ! grep -q UNALIGNED $(TARM)/trap_check.out; then \
	  echo "test-arm: trap_check exited $$rc, without the unaligned-access fault"; exit 1; fi
	@echo "test-arm: and on the program itself, linked with newlib's memcpy (newlib_memcpy):"
	@$(TARM_QEMU) $(TARM)/newlib_memcpy.elf -M mps2-an386 >$(TARM)/newlib_memcpy.out 2>&1; rc=$$?; \
	LC_ALL=C grep -a HardFault $(TARM)/newlib_memcpy.out | sed 's/^/  /'; \
	if [ $$rc != 3 ] || ! grep -q UNALIGNED $(TARM)/newlib_memcpy.out; then \
	  echo "test-arm: newlib_memcpy exited $$rc, without the unaligned-access fault"; exit 1; fi
	@for r in $(TARM_RUNS); do \
	  ( $(TARM_QEMU) $(TARM)/$$r/test.elf -M $$(case $$r in m0) echo microbit;; *) echo mps2-an386;; esac) \
	    >$(TARM)/$$r/board.out 2>&1; echo $$? >$(TARM)/$$r/board.rc ) & \
	  ( $(TARM)/$$r/host-test >$(TARM)/$$r/host.out 2>&1; echo $$? >$(TARM)/$$r/host.rc ) & \
	done; wait
	@$(TOOL) --summary --feed-size 7 $$(cat $(TARM)/seeds/inputs.list) >$(TARM)/seeds/tool.out \
	  2>/dev/null; [ $$? -le 1 ] || { echo "test-arm: $(TOOL) failed on the seeds"; exit 1; }
	@$(TOOL) --summary --feed-size 7 $$(cat $(TARM)/sample/inputs.list) >$(TARM)/sample/tool.out \
	  2>/dev/null; [ $$? -le 1 ] || { echo "test-arm: $(TOOL) failed on the sample"; exit 1; }
	@failed=0; for r in $(TARM_RUNS); do \
	  case $$r in m0) inputs=seeds;; *) inputs=sample;; esac; \
	  echo; echo "test-arm $$r ($(TARM)/$$r/board.out):"; \
	  LC_ALL=C grep -av '^framing [0-9]* |\|^summary ' $(TARM)/$$r/board.out | sed 's/^/  /'; \
	  if [ "$$(cat $(TARM)/$$r/board.rc)" != 0 ] || [ "$$(cat $(TARM)/$$r/host.rc)" != 0 ]; then \
	    echo "  FAILED: board exit $$(cat $(TARM)/$$r/board.rc), host exit $$(cat $(TARM)/$$r/host.rc)"; \
	    failed=1; continue; fi; \
	  LC_ALL=C grep -av '^#' $(TARM)/$$r/board.out >$(TARM)/$$r/board.cmp; \
	  LC_ALL=C grep -av '^#' $(TARM)/$$r/host.out >$(TARM)/$$r/host.cmp; \
	  if cmp $(TARM)/$$r/board.cmp $(TARM)/$$r/host.cmp; then \
	    echo "  byte-identical to the host build: $$(wc -l <$(TARM)/$$r/board.cmp) lines"; \
	  else echo "  FAILED: the board's output differs from the host's"; failed=1; fi; \
	  sed -n 's/^summary [^ ]* //p' $(TARM)/$$r/board.out >$(TARM)/$$r/summaries; \
	  if cmp -s $(TARM)/$$r/summaries $(TARM)/$$inputs/tool.out; then \
	    echo "  $$(wc -l <$(TARM)/$$r/summaries) summaries, each as $(TOOL) --summary gives at the default limits"; \
	  else echo "  FAILED: the summaries differ from $(TOOL)'s ($(TARM)/$$inputs/tool.out)"; failed=1; fi; \
	done; echo; \
	if [ $$failed = 0 ]; then echo "test-arm: passed"; else echo "test-arm: FAILED"; exit 1; fi
