# make bench: the throughput benchmark (bench/bench.c) on the default
# inputs, its chart, and make bench-callgrind: instructions per input byte
# of every implementation. Performance targets live here, never in tests.
#
#   make bench                    table, checksums, scaling, ratio line, chart
#   make bench BENCH_SAVE=1       also copy the report and the chart to bench/results/
#   make bench-callgrind          instructions per byte (valgrind callgrind)
#   (make instructions, in mk/measure.mk, runs four cases of the same program)
#   build/sse-delta-bench FILE... the same table for your own recordings

.PHONY: bench bench-callgrind bench-deps

BENCH_TOOL = $(BUILD)/sse-delta-bench
BENCH_DIR = $(BUILD)/bench
BENCH_OBJ = $(BUILD)/bench/obj
BENCH_C = bench/bench.c bench/inputs.c bench/sums.c bench/framer.c bench/baseline.c \
          bench/impl_floor.c bench/impl_cjson.c bench/impl_sse_delta.c
BENCH_OBJS = $(patsubst bench/%.c,$(BENCH_OBJ)/%.o,$(BENCH_C)) $(BENCH_OBJ)/impl_simdjson.o \
             $(BUILD)/tools/cassette.o $(BUILD)/test/read_file.o
BENCH_CXX_FLAGS = -std=c++17 $(WARNINGS) $(CFLAGS) -I. -Ibench -MMD -MP

# cJSON and simdjson are the baselines, gnuplot draws the chart: Debian
# packages, installed as root, else the one-line fix.
bench-deps:
	@sh mk/require.sh cJSON '$(CC) -E -include cjson/cJSON.h -x c /dev/null' libcjson-dev
	@sh mk/require.sh simdjson '$(CXX) -E -include simdjson.h -x c++ /dev/null' libsimdjson-dev
	@sh mk/require.sh gnuplot 'gnuplot --version' gnuplot-nox

$(BENCH_OBJ)/%.o: bench/%.c | $(INSTALL_DEPS) bench-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itools -Itest -c $< -o $@

$(BENCH_OBJ)/impl_simdjson.o: bench/impl_simdjson.cpp | $(INSTALL_DEPS) bench-deps
	@mkdir -p $(dir $@)
	$(CXX) $(BENCH_CXX_FLAGS) -c $< -o $@

$(BENCH_TOOL): $(BENCH_OBJS) $(LIB)
	$(CXX) $(CFLAGS) $(LDFLAGS) -o $@ $(BENCH_OBJS) $(LIB) -lcjson -lsimdjson -lyaml

# The report is kept whole (build/bench/report.txt) and the exit status is
# the program's: non-zero when the checksums disagree.
bench: $(BENCH_TOOL)
	@mkdir -p $(BENCH_DIR)
	@{ $(BENCH_TOOL) --out $(BENCH_DIR) $(BENCH_ARGS); echo $$? > $(BENCH_DIR)/status; } \
	  | tee $(BENCH_DIR)/report.txt
	@gnuplot -e "dir='$(BENCH_DIR)'" bench/chart.gp > $(BENCH_DIR)/chart.svg
	@echo "chart: $(BENCH_DIR)/chart.svg"
	@if [ -n "$(BENCH_SAVE)" ]; then mkdir -p bench/results && \
	  cp $(BENCH_DIR)/report.txt $(BENCH_DIR)/chart.svg bench/results/ && \
	  echo "saved: bench/results/report.txt bench/results/chart.svg"; fi
	@exit $$(cat $(BENCH_DIR)/status)

bench-callgrind: $(BENCH_TOOL)
	@sh mk/require.sh valgrind 'valgrind --version' valgrind
	@sh bench/callgrind.sh $(BENCH_TOOL) $(BENCH_DIR)

-include $(wildcard $(BENCH_OBJ)/*.d)
