# Fuzzing, included by the Makefile (fuzz/README.md is the guide).
#
#   make fuzz            every harness with afl-clang-fast (persistent mode,
#                        shared-memory test cases) + ASan + UBSan, and a fast
#                        build without sanitizers
#   make fuzz-run HARNESS=split SECONDS=600 [FAST=1] [CORES=2]
#                        one harness from its seeds and the dictionary
#   make fuzz-ci         every harness for FUZZ_CI_SECONDS on the sanitizer build
#   make fuzz-libfuzzer  the same sources as libFuzzer targets (clang)
#   make fuzz-replay     the seeds and regression inputs through every
#                        harness, plain build (part of make test)
#   make fuzz-seeds      build/fuzz/seeds: committed seeds + a corpus sample

.PHONY: fuzz fuzz-run fuzz-ci fuzz-libfuzzer fuzz-replay fuzz-seeds

FUZZ_HARNESSES = whole split pause tiny key_order reconnect
FUZZ_DIR = $(BUILD)/fuzz
# the harness support: the checking recorder and the key-order shuffler
FUZZ_SUPPORT = fuzz/fuzz.c test/recorder.c test/json_shuffle.c test/json_value.c \
               test/log_compare.c sse_delta.c
FUZZ_SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -std=c99 -g -O1 -I. $(CPPFLAGS)
AFL_CC = afl-clang-fast
FUZZ_CI_SECONDS ?= 12
SECONDS ?= 60
HARNESS ?= split
CORES ?= 1

FUZZ_SEEDS = $(FUZZ_DIR)/seeds
FUZZ_DICT = $(FUZZ_DIR)/sse_delta.dict

# ---- the plain build: replay and seeds ---------------------------------------
# replay.c, a plain main() that reads files (test/read_file.c) into a harness
FUZZ_REPLAY = fuzz/replay.c test/read_file.c
$(FUZZ_DIR)/replay/%: fuzz/%.c $(FUZZ_REPLAY) $(FUZZ_SUPPORT) fuzz/fuzz.h sse_delta.h | $(INSTALL_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_CFLAGS) $(WARNINGS) -o $@ $< $(FUZZ_REPLAY) $(FUZZ_SUPPORT)

# the same under ASan + UBSan: a campaign's queues replayed (fuzz/campaign.sh)
$(FUZZ_DIR)/replay-asan/%: fuzz/%.c $(FUZZ_REPLAY) $(FUZZ_SUPPORT) fuzz/fuzz.h sse_delta.h | $(INSTALL_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_CFLAGS) $(FUZZ_SANITIZE) $(WARNINGS) -o $@ $< $(FUZZ_REPLAY) $(FUZZ_SUPPORT)

$(FUZZ_DIR)/make_seeds: fuzz/make_seeds.c tools/cassette.c test/json_value.c test/read_file.c | $(INSTALL_DEPS)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 -O2 $(WARNINGS) -I. -Itools -o $@ $^ -lyaml

# The committed seeds, and when ../shared/corpus is there, the first bodies
# of each of its dialects, cut to 4 KB (made here, never committed).
fuzz-seeds: $(FUZZ_DIR)/make_seeds
	@rm -rf $(FUZZ_SEEDS) && mkdir -p $(FUZZ_SEEDS)
	cp fuzz/seeds/* $(FUZZ_SEEDS)/
	@if [ -f $(CORPUS)/index.json ]; then \
	  echo "$(FUZZ_DIR)/make_seeds $(FUZZ_SEEDS) --corpus $(CORPUS) 6"; \
	  $(FUZZ_DIR)/make_seeds $(FUZZ_SEEDS) --corpus $(CORPUS) 6; \
	else echo "fuzz-seeds: $(CORPUS) not found: committed seeds only"; fi
	@echo "fuzz-seeds: $$(ls $(FUZZ_SEEDS) | wc -l) seeds in $(FUZZ_SEEDS)"

$(FUZZ_DICT): fuzz/dict.sh sse_delta.h
	@mkdir -p $(dir $@)
	sh fuzz/dict.sh sse_delta.h > $@

fuzz-replay: $(foreach h,$(FUZZ_HARNESSES),$(FUZZ_DIR)/replay/$(h))
	@for h in $(FUZZ_HARNESSES); do \
	  mkdir -p fuzz/regressions/$$h; \
	  $(FUZZ_DIR)/replay/$$h fuzz/seeds fuzz/regressions/$$h || exit 1; \
	done

# ---- AFL++ --------------------------------------------------------------------
# -fsanitize=fuzzer under afl-clang-fast links AFL++'s libAFLDriver: the
# harness's LLVMFuzzerTestOneInput() runs in persistent mode, test cases
# from shared memory.
fuzz: $(foreach h,$(FUZZ_HARNESSES),$(FUZZ_DIR)/afl/$(h) $(FUZZ_DIR)/afl-fast/$(h)) $(FUZZ_DICT)

$(FUZZ_DIR)/afl/%: fuzz/%.c $(FUZZ_SUPPORT) fuzz/fuzz.h sse_delta.h | $(INSTALL_DEPS)
	@sh mk/require.sh $(AFL_CC) '$(AFL_CC) --version' afl++
	@mkdir -p $(dir $@)
	AFL_QUIET=1 $(AFL_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_SANITIZE) -o $@ $< $(FUZZ_SUPPORT)

$(FUZZ_DIR)/afl-fast/%: fuzz/%.c $(FUZZ_SUPPORT) fuzz/fuzz.h sse_delta.h | $(INSTALL_DEPS)
	@sh mk/require.sh $(AFL_CC) '$(AFL_CC) --version' afl++
	@mkdir -p $(dir $@)
	AFL_QUIET=1 $(AFL_CC) -std=c99 -g -O2 -I. $(CPPFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_SUPPORT)

# One harness for SECONDS (FAST=1: the build without sanitizers; CORES=2:
# a second, secondary instance beside the main one). Findings are in
# build/fuzz/out/HARNESS; the run fails when it found a crash or a hang.
fuzz-run: fuzz fuzz-seeds
	@HARNESS=$(HARNESS) DURATION=$(SECONDS) CORES=$(CORES) \
	  BIN=$(FUZZ_DIR)/$(if $(FAST),afl-fast,afl)/$(HARNESS) \
	  SEEDS=$(FUZZ_SEEDS) DICT=$(FUZZ_DICT) OUT=$(FUZZ_DIR)/out/$(HARNESS) \
	  sh fuzz/run.sh

fuzz-ci: fuzz fuzz-seeds
	@for h in $(FUZZ_HARNESSES); do \
	  HARNESS=$$h DURATION=$(FUZZ_CI_SECONDS) CORES=1 BIN=$(FUZZ_DIR)/afl/$$h \
	    SEEDS=$(FUZZ_SEEDS) DICT=$(FUZZ_DICT) OUT=$(FUZZ_DIR)/ci/$$h sh fuzz/run.sh || exit 1; \
	done

# ---- libFuzzer ------------------------------------------------------------------
fuzz-libfuzzer: $(foreach h,$(FUZZ_HARNESSES),$(FUZZ_DIR)/libfuzzer/$(h))

$(FUZZ_DIR)/libfuzzer/%: fuzz/%.c $(FUZZ_SUPPORT) fuzz/fuzz.h sse_delta.h | $(INSTALL_DEPS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_SANITIZE) -o $@ $< $(FUZZ_SUPPORT)

# ---- a campaign ------------------------------------------------------------------
# Every harness for CAMPAIGN_SECONDS, two side by side (one per core):
# half on the sanitizer build, half on the fast build from the first
# half's queue, both queues then replayed under ASan + UBSan
# (fuzz/campaign.sh); the per-harness lines go to
# build/fuzz/campaign/summary.txt.
CAMPAIGN_SECONDS ?= 1800
fuzz-campaign: fuzz fuzz-seeds $(foreach h,$(FUZZ_HARNESSES),$(FUZZ_DIR)/replay-asan/$(h))
	@rm -rf $(FUZZ_DIR)/campaign && mkdir -p $(FUZZ_DIR)/campaign
	@DURATION=$(CAMPAIGN_SECONDS) FUZZ_DIR=$(FUZZ_DIR) SEEDS=$(FUZZ_SEEDS) DICT=$(FUZZ_DICT) \
	  sh fuzz/campaign.sh $(FUZZ_HARNESSES)
