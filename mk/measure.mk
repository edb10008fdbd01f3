# Measurement targets, included by the Makefile.
#
#   make size          code, parser and stack bytes on a Cortex-M4
#   make instructions  instructions per input byte under callgrind
#
# Both print a table with each figure, its limit and ok/OVER, and exit
# non-zero when a figure misses its limit. Missing tools are installed when
# run as root with apt-get (as CI is), else the one-line fix is printed.

.PHONY: size instructions

# ---- make size ------------------------------------------------------------------
SIZE_DIR = $(BUILD)/size
ARM_CC = arm-none-eabi-gcc
ARM_FLAGS = -mcpu=cortex-m4 -mthumb -Os -ffunction-sections -fdata-sections
ARM_PACKAGES = gcc-arm-none-eabi libnewlib-arm-none-eabi
SIZE_CODE_LIMIT = 12288
SIZE_PARSER_LIMIT = 256
SIZE_STACK_LIMIT = 512

# newlib's string.h is checked too: without it the compiler alone is no use.
size: | $(INSTALL_DEPS)
	@sh mk/require.sh $(ARM_CC) \
	  '$(ARM_CC) -E -include string.h -x c /dev/null' $(ARM_PACKAGES)
	@OUT='$(SIZE_DIR)' ARM_CC='$(ARM_CC)' ARM_FLAGS='$(ARM_FLAGS)' \
	  WARNINGS='$(WARNINGS)' HOST_CC='$(CC)' CPPFLAGS='$(CPPFLAGS)' \
	  CODE_LIMIT=$(SIZE_CODE_LIMIT) PARSER_LIMIT=$(SIZE_PARSER_LIMIT) \
	  STACK_LIMIT=$(SIZE_STACK_LIMIT) sh mk/size.sh

# ---- make instructions ----------------------------------------------------------
# Four cases of the benchmark program (mk/bench.mk) under callgrind; it
# reads the corpus from ../shared/corpus.
CORPUS ?= ../shared/corpus

instructions: $(BENCH_TOOL)
	@sh mk/require.sh valgrind 'valgrind --version' valgrind
	@LIB_CFLAGS='$(CFLAGS)' sh bench/instructions.sh $(BENCH_TOOL) '$(CORPUS)' $(BENCH_DIR)

# ---- make coverage ---------------------------------------------------------------
# Line and branch coverage of the library (the implementation in
# sse_delta.h) by the test suite, then by the fuzz corpora when there are
# any (build/fuzz/out/*/*/queue, from make fuzz-run or fuzz-campaign):
# gcov's counts read by Debian's gcovr.
COVERAGE_DIR = $(BUILD)/coverage
COVERAGE_FLAGS = -O0 -g --coverage
COVERAGE_LINES = 100
COVERAGE_BRANCHES = 95
GCOVR = gcovr --root . --filter 'sse_delta\.h' --exclude-unreachable-branches \
  --exclude-throw-branches
.PHONY: coverage
coverage: | $(INSTALL_DEPS)
	@sh mk/require.sh gcovr 'gcovr --version' gcovr
	@rm -rf $(COVERAGE_DIR)
	$(MAKE) --no-print-directory BUILD=$(COVERAGE_DIR)/tests CFLAGS="$(COVERAGE_FLAGS)" \
	  LDFLAGS="--coverage" $(COVERAGE_DIR)/tests/test_runner $(COVERAGE_DIR)/tests/sse-delta
	$(COVERAGE_DIR)/tests/test_runner > $(COVERAGE_DIR)/tests.log 2>&1 || \
	  { tail -5 $(COVERAGE_DIR)/tests.log; exit 1; }
	@echo "coverage of sse_delta.h by the test suite (target: $(COVERAGE_LINES) % of lines, $(COVERAGE_BRANCHES) % of branches):"
	@$(GCOVR) --print-summary $(COVERAGE_DIR)/tests --txt $(COVERAGE_DIR)/tests.txt \
	  --fail-under-line $(COVERAGE_LINES) --fail-under-branch $(COVERAGE_BRANCHES) > $(COVERAGE_DIR)/tests.summary; \
	  status=$$?; tail -3 $(COVERAGE_DIR)/tests.summary; \
	  if [ $$status != 0 ]; then echo "coverage: under the target; what is missed: $(COVERAGE_DIR)/tests.txt"; exit 1; fi
	@queues=$$(ls -d $(FUZZ_DIR)/out/*/*/queue $(FUZZ_DIR)/campaign/*/*/*/queue 2>/dev/null); \
	if [ -z "$$queues" ]; then echo "no fuzz corpora in $(FUZZ_DIR): run make fuzz-campaign first"; exit 0; fi; \
	mkdir -p $(COVERAGE_DIR)/fuzz; \
	for h in $(FUZZ_HARNESSES); do \
	  $(CC) $(FUZZ_CFLAGS) $(COVERAGE_FLAGS) -o $(COVERAGE_DIR)/fuzz/$$h fuzz/$$h.c $(FUZZ_REPLAY) \
	    $(FUZZ_SUPPORT) || exit 1; \
	  for q in $$(ls -d $(FUZZ_DIR)/out/$$h/*/queue $(FUZZ_DIR)/campaign/$$h/*/*/queue 2>/dev/null); do \
	    (cd $(COVERAGE_DIR)/fuzz && ./$$h ../../../$$q >/dev/null) || exit 1; done; \
	done; \
	echo "coverage of sse_delta.h by the fuzz corpora:"; \
	$(GCOVR) --print-summary --txt $(COVERAGE_DIR)/fuzz.txt $(COVERAGE_DIR)/fuzz | tail -3
