/*
 * sse-delta-bench: throughput of the library beside the baselines, on the
 * same bytes, in one run.
 *
 *     sse-delta-bench [--rounds N] [--min-mb N] [--out DIR] [--no-scaling] [FILE...]
 *     sse-delta-bench --callgrind IMPLEMENTATION [--input NAME] [FILE...]
 *
 * FILEs are raw SSE bodies or go-vcr cassettes (as build/sse-delta reads
 * them); each body is one stream. Without FILEs the inputs are the bundled
 * seed cassettes (the .yaml files of test/cassettes) and, when ../shared/corpus is
 * there, its openai-chat bodies and all its bodies.
 *
 * Everything is loaded first. Then every implementation (bench/impls.h)
 * runs once over each input to fill its checksums, and the bench fails
 * when two implementations that do the same work disagree. Then the timed
 * rounds: each round times every implementation once over the input
 * (repeated to at least --min-mb), in an order rotated every round, by the
 * CPU time of the process (CLOCK_PROCESS_CPUTIME_ID). The table gives the
 * median MB/s with min and max, and each ratio is the median of the ratios
 * taken within one round, so that a slow moment of a noisy machine touches
 * both sides of a ratio alike.
 *
 * --out DIR writes the figures the chart is drawn from (bench/chart.gp).
 * --callgrind runs one implementation once over one input, inside
 * measured_pass(), for bench/callgrind.sh and bench/instructions.sh: the
 * last input, or the one --input names: seeds, chat (the corpus's
 * openai-chat bodies), all (the whole corpus), or synthetic (64 openai-chat
 * events of 32 KB of text each).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, glob */

#include "impls.h"
#include "inputs.h"
#include "measured.h"
#include "sums.h"

#include <glob.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MB 1e6
#define MAX_ROUNDS 101
#define MAX_INPUTS 8

/* ---- the implementations ---------------------------------------------------- */

/* What two implementations must agree on: everything, the content bytes
   only, or nothing (the floors and the framing layer compute no fields). */
typedef enum compared { COMPARE_NONE, COMPARE_ALL, COMPARE_CONTENT } compared;

typedef struct impl {
  const char *label, *key;
  bench_stream_fn fn;
  compared compare;
} impl;

enum {
  MEMCHR_FLOOR,
  JSMN_FLOOR,
  CJSON,
  SIMDJSON,
  SSE_DELTA,
  SSE_DELTA_CONTENT,
  SSE_DELTA_64,
  SSE_DELTA_FRAMING,
  IMPLS
};

static const impl impls[IMPLS] = {
    {"memchr floor (line ends)", "memchr_floor", bench_memchr_floor, COMPARE_NONE},
    {"jsmn floor (framing + jsmn)", "jsmn_floor", bench_jsmn_floor, COMPARE_NONE},
    {"cJSON", "cjson", bench_cjson, COMPARE_ALL},
    {"simdjson On-Demand", "simdjson", bench_simdjson, COMPARE_ALL},
    {"sse_delta, every callback", "sse_delta", bench_sse_delta_all, COMPARE_ALL},
    {"sse_delta, only on_content", "sse_delta_content", bench_sse_delta_content, COMPARE_CONTENT},
    {"sse_delta, 64-byte slices", "sse_delta_64", bench_sse_delta_64, COMPARE_ALL},
    {"sse_delta, only on_event", "sse_delta_framing", bench_sse_delta_framing, COMPARE_NONE},
};

/* The ratios the issue sets targets for (0: none, for orientation). */
typedef struct ratio {
  int num, den;
  const char *label, *key;
  double target;
} ratio;

static const ratio ratios[] = {
    {SSE_DELTA, JSMN_FLOOR, "sse_delta / jsmn floor", "sse_delta/jsmn_floor", 0.85},
    {SSE_DELTA, CJSON, "sse_delta / cJSON", "sse_delta/cjson", 2.5},
    {SSE_DELTA, SIMDJSON, "sse_delta / simdjson", "sse_delta/simdjson", 0},
    {SSE_DELTA_64, SSE_DELTA, "64-byte slices / whole feeds", "sse_delta_64/sse_delta", 0.9},
    {SSE_DELTA_FRAMING, MEMCHR_FLOOR, "only on_event / memchr floor", "sse_delta_framing/memchr_floor", 0.5},
    {SSE_DELTA_CONTENT, SSE_DELTA, "only on_content / every callback", "sse_delta_content/sse_delta", 0},
};
#define RATIOS (sizeof ratios / sizeof ratios[0])

/* ---- timing ---------------------------------------------------------------------- */

static double cpu_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Keeps the timed work observable. */
static volatile uint64_t observed;

static void pass(bench_stream_fn fn, const bench_input *in, bench_sums *sums) {
  size_t i;
  for (i = 0; i < in->count; i++) fn(in->bodies[i].data, in->bodies[i].len, sums);
}

static double timed_run(bench_stream_fn fn, const bench_input *in) {
  bench_sums scratch;
  unsigned p;
  double t0;
  memset(&scratch, 0, sizeof scratch);
  t0 = cpu_seconds();
  for (p = 0; p < in->passes; p++) pass(fn, in, &scratch);
  t0 = cpu_seconds() - t0;
  observed += scratch.content + scratch.calls;
  return t0 > 0 ? t0 : 1e-9;
}

static double run_bytes(const bench_input *in) { return (double)in->bytes * in->passes; }

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

typedef struct spread {
  double median, min, max;
} spread;

static spread spread_of(const double *v, unsigned n) {
  double s[MAX_ROUNDS];
  spread r;
  memcpy(s, v, n * sizeof *v);
  qsort(s, n, sizeof *s, by_value);
  r.min = s[0];
  r.max = s[n - 1];
  r.median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return r;
}

/* ---- checksums ------------------------------------------------------------------- */

static void print_sums(const char *label, const bench_sums *s) {
  int f;
  printf("  %-30s %10" PRIu64 " %10" PRIu64 " %6" PRIu64 " %10" PRIu64 " %10" PRIu64 "  ", label,
         s->content, s->reasoning, s->calls, s->arguments, s->tokens);
  for (f = 0; f <= SSE_DELTA_FINISH_COUNT; f++)
    if (s->finish[f])
      printf(" %s=%" PRIu64, f == BENCH_NO_FINISH ? "none" : sse_delta_finish_name((sse_delta_finish)f),
             s->finish[f]);
  printf("\n");
}

/* One pass of each implementation; returns 0 when those doing the same
   work agree with the library (every callback set, fed whole). */
static int checksums(const bench_input *in) {
  bench_sums s[IMPLS];
  const bench_sums *ref = &s[SSE_DELTA];
  int i, bad = 0;
  memset(s, 0, sizeof s);
  for (i = 0; i < IMPLS; i++) pass(impls[i].fn, in, &s[i]);
  printf("checksums, one pass (content and reasoning bytes, tool calls, argument bytes,\n"
         "total tokens, streams by the final finish of choice 0):\n");
  printf("  %-30s %10s %10s %6s %10s %10s   %s\n", "", "content", "reasoning", "calls",
         "arguments", "tokens", "finishes");
  for (i = 0; i < IMPLS; i++) {
    int agrees = 1;
    if (impls[i].compare == COMPARE_NONE) continue;
    if (impls[i].compare == COMPARE_ALL) agrees = bench_sums_equal(&s[i], ref);
    else agrees = s[i].content == ref->content;
    if (impls[i].compare == COMPARE_CONTENT) {
      printf("  %-30s %10" PRIu64 "   (only content is computed)\n", impls[i].label, s[i].content);
    } else {
      print_sums(impls[i].label, &s[i]);
    }
    if (!agrees) {
      printf("  ^ DISAGREES with %s\n", impls[SSE_DELTA].label);
      bad = 1;
    }
  }
  printf(bad ? "checksums: DISAGREE\n" : "checksums: all agree\n");
  return bad;
}

/* ---- the table ----------------------------------------------------------------------- */

typedef struct result {
  spread mbs[IMPLS];
  spread ratio[RATIOS];
} result;

static result measure(const bench_input *in, unsigned rounds) {
  static double mbs[IMPLS][MAX_ROUNDS], rat[RATIOS][MAX_ROUNDS];
  double secs[IMPLS];
  result r;
  unsigned round, k;
  int i;
  for (round = 0; round < rounds; round++) {
    for (k = 0; k < IMPLS; k++) {
      i = (int)((k + round) % IMPLS);
      secs[i] = timed_run(impls[i].fn, in);
      mbs[i][round] = run_bytes(in) / secs[i] / MB;
    }
    for (k = 0; k < RATIOS; k++) rat[k][round] = secs[ratios[k].den] / secs[ratios[k].num];
  }
  for (i = 0; i < IMPLS; i++) r.mbs[i] = spread_of(mbs[i], rounds);
  for (k = 0; k < RATIOS; k++) r.ratio[k] = spread_of(rat[k], rounds);
  return r;
}

static void print_table(const result *r) {
  unsigned k;
  int i;
  printf("  %-30s %9s %9s %9s\n", "MB/s", "median", "min", "max");
  for (i = 0; i < IMPLS; i++)
    printf("  %-30s %9.0f %9.0f %9.0f\n", impls[i].label, r->mbs[i].median, r->mbs[i].min,
           r->mbs[i].max);
  printf("  %-34s %6s %6s %6s  %s\n", "ratio (within a round)", "median", "min", "max", "target");
  for (k = 0; k < RATIOS; k++) {
    printf("  %-34s %6.2f %6.2f %6.2f  ", ratios[k].label, r->ratio[k].median, r->ratio[k].min,
           r->ratio[k].max);
    if (ratios[k].target > 0)
      printf(">= %.2f %s\n", ratios[k].target,
             r->ratio[k].median >= ratios[k].target ? "ok" : "MISSED");
    else
      printf("-\n");
  }
}

/* ---- scaling ------------------------------------------------------------------------- */

static const size_t slice_sizes[] = {1, 16, 64, 4096, 0};
#define SLICES (sizeof slice_sizes / sizeof slice_sizes[0])
static size_t current_slice;

static void sse_delta_current_slice(const char *body, size_t len, bench_sums *sums) {
  bench_sse_delta_slices(body, len, sums, current_slice);
}

static double slice_mbs[SLICES];

static void scale_slices(const bench_input *in, unsigned rounds, FILE *dat) {
  double v[SLICES][MAX_ROUNDS];
  unsigned round, k;
  for (round = 0; round < rounds; round++)
    for (k = 0; k < SLICES; k++) {
      unsigned s = (k + round) % SLICES;
      current_slice = slice_sizes[s];
      v[s][round] = run_bytes(in) / timed_run(sse_delta_current_slice, in) / MB;
    }
  printf("feed slice size (sse_delta, every callback, %s, %.1f MB per run):\n", in->name,
         run_bytes(in) / MB);
  printf("  %-10s %9s %9s\n", "slice", "MB/s", "ns/byte");
  for (k = 0; k < SLICES; k++) {
    slice_mbs[k] = spread_of(v[k], rounds).median;
    if (slice_sizes[k]) printf("  %-10zu", slice_sizes[k]);
    else printf("  %-10s", "whole");
    printf(" %9.0f %9.2f\n", slice_mbs[k], 1e3 / slice_mbs[k]);
    if (dat) fprintf(dat, "%zu %.1f\n", slice_sizes[k] ? slice_sizes[k] : (size_t)1 << 20, slice_mbs[k]);
  }
}

static const size_t event_sizes[] = {64, 256, 1024, 4096, 16384, 61440};
#define EVENT_SIZES (sizeof event_sizes / sizeof event_sizes[0])
static const int event_impls[] = {JSMN_FLOOR, CJSON, SIMDJSON, SSE_DELTA};
#define EVENT_IMPLS (sizeof event_impls / sizeof event_impls[0])

static void scale_events(unsigned rounds, size_t min_bytes, FILE *dat) {
  double v[EVENT_IMPLS][MAX_ROUNDS];
  unsigned e, round, k;
  printf("event size (synthetic openai-chat events, every callback set, %.1f MB per run), MB/s:\n",
         (double)min_bytes / MB);
  printf("  %-12s", "text bytes");
  for (k = 0; k < EVENT_IMPLS; k++) printf(" %12.12s", impls[event_impls[k]].key);
  printf("\n");
  for (e = 0; e < EVENT_SIZES; e++) {
    bench_input in;
    memset(&in, 0, sizeof in);
    in.name = "synthetic";
    bench_add_synthetic(&in, event_sizes[e], min_bytes / (event_sizes[e] + 60) + 1);
    for (round = 0; round < rounds; round++)
      for (k = 0; k < EVENT_IMPLS; k++) {
        unsigned i = (k + round) % EVENT_IMPLS;
        v[i][round] = run_bytes(&in) / timed_run(impls[event_impls[i]].fn, &in) / MB;
      }
    printf("  %-12zu", event_sizes[e]);
    if (dat) fprintf(dat, "%zu", event_sizes[e]);
    for (k = 0; k < EVENT_IMPLS; k++) {
      double m = spread_of(v[k], rounds).median;
      printf(" %12.0f", m);
      if (dat) fprintf(dat, " %.1f", m);
    }
    printf("\n");
    if (dat) fprintf(dat, "\n");
    bench_input_free(&in);
  }
}

/* ---- inputs ------------------------------------------------------------------------- */

typedef struct options {
  unsigned rounds;
  double min_mb;
  const char *out;
  int scaling;
  const char *callgrind, *input;
  char **files;
  int nfiles;
} options;

static void usage(void) {
  fprintf(stderr,
          "usage: sse-delta-bench [--rounds N] [--min-mb N] [--out DIR] [--no-scaling] [FILE...]\n"
          "       sse-delta-bench --callgrind IMPLEMENTATION [--input seeds|chat|all|synthetic] "
          "[FILE...]\n");
  exit(2);
}

static options parse_options(int argc, char **argv) {
  options o;
  int i;
  memset(&o, 0, sizeof o);
  o.rounds = 7;
  o.min_mb = 0;
  o.scaling = 1;
  for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    if (strcmp(a, "--no-scaling") == 0) o.scaling = 0;
    else if (i + 1 >= argc) usage();
    else if (strcmp(a, "--rounds") == 0) o.rounds = (unsigned)atoi(argv[++i]);
    else if (strcmp(a, "--min-mb") == 0) o.min_mb = atof(argv[++i]);
    else if (strcmp(a, "--out") == 0) o.out = argv[++i];
    else if (strcmp(a, "--callgrind") == 0) o.callgrind = argv[++i];
    else if (strcmp(a, "--input") == 0) o.input = argv[++i];
    else usage();
  }
  if (o.rounds < 1 || o.rounds > MAX_ROUNDS || (o.input && !o.callgrind)) usage();
  o.files = argv + i;
  o.nfiles = argc - i;
  return o;
}

#define SEEDS "test/cassettes/*.yaml"
#define CORPUS "../shared/corpus"

/* Inputs in the order they are reported; the last one is the one of the
   ratio line (the whole corpus when it is there). */
static int load_inputs(const options *o, bench_input *in, double seeds_mb, double corpus_mb) {
  int n = 0, i;
  glob_t g;
  size_t k;
  memset(in, 0, MAX_INPUTS * sizeof *in);
  if (o->nfiles > 0) {
    in[0].name = "the files given";
    for (i = 0; i < o->nfiles; i++)
      if (bench_add_file(&in[0], o->files[i]) != 0) exit(2);
    bench_repeat_to(&in[0], (size_t)((o->min_mb > 0 ? o->min_mb : seeds_mb) * 1048576));
    return 1;
  }
  in[n].name = "seed cassettes";
  if (glob(SEEDS, 0, NULL, &g) == 0) {
    for (k = 0; k < g.gl_pathc; k++)
      if (bench_add_file(&in[n], g.gl_pathv[k]) != 0) exit(2);
    globfree(&g);
  }
  if (in[n].count == 0) {
    fprintf(stderr, "sse-delta-bench: no %s here (run it from the repository, or name files)\n",
            SEEDS);
    exit(2);
  }
  bench_repeat_to(&in[n], (size_t)((o->min_mb > 0 ? o->min_mb : seeds_mb) * 1048576));
  n++;
  in[n].name = "corpus, openai-chat bodies";
  if (bench_add_corpus(&in[n], CORPUS, "openai-chat") == 0) {
    printf("skipped: the corpus inputs (%s is not there)\n", CORPUS);
    return n;
  }
  bench_repeat_to(&in[n], (size_t)((o->min_mb > 0 ? o->min_mb : corpus_mb) * 1048576));
  n++;
  in[n].name = "corpus, all bodies";
  bench_add_corpus(&in[n], CORPUS, NULL);
  bench_repeat_to(&in[n], (size_t)((o->min_mb > 0 ? o->min_mb : corpus_mb) * 1048576));
  return n + 1;
}

/* ---- callgrind ------------------------------------------------------------------------ */

MEASURED void measured_pass(bench_stream_fn fn, const bench_input *in, bench_sums *sums) {
  pass(fn, in, sums);
}

/* The input --input names, loaded into *in; or the last default one. */
static void callgrind_input(const options *o, bench_input *in) {
  static const char *const keys[] = {"seeds", "chat", "all"}; /* load_inputs' order */
  bench_input all[MAX_INPUTS];
  int n, k, pick;
  memset(in, 0, sizeof *in);
  if (o->input && strcmp(o->input, "synthetic") == 0) {
    in->name = "synthetic";
    bench_add_synthetic(in, 32768, 64);
    in->passes = 1;
    return;
  }
  n = load_inputs(o, all, 0, 0);
  pick = n - 1;
  if (o->input) {
    for (pick = -1, k = 0; k < 3; k++)
      if (strcmp(o->input, keys[k]) == 0) pick = k;
    if (pick < 0 || pick >= n || o->nfiles > 0) {
      fprintf(stderr, "sse-delta-bench: no input %s here\n", o->input);
      exit(2);
    }
  }
  *in = all[pick];
  in->passes = 1;
  for (k = 0; k < n; k++)
    if (k != pick) bench_input_free(&all[k]);
}

static int callgrind_one(const char *key, const bench_input *in) {
  bench_sums s;
  int i;
  memset(&s, 0, sizeof s);
  for (i = 0; i < IMPLS; i++)
    if (strcmp(impls[i].key, key) == 0) {
      measured_pass(impls[i].fn, in, &s);
      printf("bytes %zu\n", in->bytes);
      observed += s.content;
      return 0;
    }
  fprintf(stderr, "sse-delta-bench: no implementation %s; there are:", key);
  for (i = 0; i < IMPLS; i++) fprintf(stderr, " %s", impls[i].key);
  fprintf(stderr, "\n");
  return 2;
}

/* ---- main --------------------------------------------------------------------------- */

static FILE *out_file(const options *o, const char *name) {
  char path[4096];
  FILE *f;
  if (o->out == NULL) return NULL;
  snprintf(path, sizeof path, "%s/%s", o->out, name);
  f = fopen(path, "w");
  if (f == NULL) {
    fprintf(stderr, "sse-delta-bench: cannot write %s\n", path);
    exit(2);
  }
  return f;
}

static void print_machine(void) {
  char line[512], model[256] = "unknown CPU";
  time_t now = time(NULL);
  FILE *f = fopen("/proc/cpuinfo", "r");
  char *colon;
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, "model name", 10) == 0 && (colon = strchr(line, ':')) != NULL) {
      snprintf(model, sizeof model, "%s", colon + 2);
      model[strcspn(model, "\n")] = '\0';
      break;
    }
  if (f) fclose(f);
  strftime(line, sizeof line, "%Y-%m-%d", gmtime(&now));
  printf("sse-delta-bench, %s, %s\n", line, model);
}

int main(int argc, char **argv) {
  options o = parse_options(argc, argv);
  bench_input in[MAX_INPUTS];
  result r;
  int n, i, bad = 0;
  unsigned k;
  FILE *dat;
  if (o.callgrind) {
    callgrind_input(&o, &in[0]);
    return callgrind_one(o.callgrind, &in[0]);
  }
  print_machine();
  n = load_inputs(&o, in, 16, 32);
  printf("CPU time of each run; %u rounds, the order of the implementations rotated every round\n",
         o.rounds);
  dat = out_file(&o, "throughput.dat");
  for (i = 0; i < n; i++) {
    printf("\n== input: %s: %zu streams, %.2f MB, x %u = %.1f MB per run\n", in[i].name,
           in[i].count, (double)in[i].bytes / MB, in[i].passes, run_bytes(&in[i]) / MB);
    bad |= checksums(&in[i]);
    r = measure(&in[i], o.rounds);
    print_table(&r);
  }
  /* r is the last input's: the one of the ratio line and the chart */
  if (dat) {
    for (i = 0; i < IMPLS; i++)
      fprintf(dat, "\"%s\" %.1f %.1f %.1f\n", impls[i].label, r.mbs[i].median, r.mbs[i].min,
              r.mbs[i].max);
    fclose(dat);
  }
  if (o.scaling) {
    bench_input small = in[0];
    printf("\n");
    small.passes = (unsigned)(4 * 1048576 / small.bytes) + 1;
    dat = out_file(&o, "slices.dat");
    scale_slices(&small, o.rounds, dat);
    if (dat) fclose(dat);
    dat = out_file(&o, "events.dat");
    scale_events(o.rounds, 8 * 1048576, dat);
    if (dat) fclose(dat);
  }
  printf("\n");
  if (bad) printf("the checksums disagree: the implementations did not do the same work\n");
  printf("ratio");
  for (k = 0; k < 3; k++) printf(" %s=%.2f", ratios[k].key, r.ratio[k].median);
  printf("\n");
  for (i = 0; i < n; i++) bench_input_free(&in[i]);
  return bad;
}
