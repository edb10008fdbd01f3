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
BENCH_DIR = $(BUILD)/bench
BENCH = $(BENCH_DIR)/instructions
CORPUS ?= ../shared/corpus

# -O2 as the library's default CFLAGS; the library itself comes from the
# Makefile's $(LIB) rule, with whatever CFLAGS it is given.
$(BENCH): bench/instructions.c sse_delta.h $(LIB) | $(INSTALL_DEPS)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARNINGS) -O2 $(CPPFLAGS) -I. -o $@ bench/instructions.c $(LIB)

instructions: $(BENCH)
	@sh mk/require.sh valgrind 'valgrind --version' valgrind
	@LIB_CFLAGS='$(CFLAGS)' sh bench/instructions.sh $(BENCH) '$(CORPUS)' $(BENCH_DIR)
