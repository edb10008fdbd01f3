/* A function callgrind counts by name (--toggle-collect): it must stay a
   real function under its own name, neither inlined nor cloned under a
   new one (.constprop), nor folded with an identical one. */
#ifndef SSE_DELTA_BENCH_MEASURED_H
#define SSE_DELTA_BENCH_MEASURED_H

#if defined(__GNUC__) && !defined(__clang__)
#define MEASURED __attribute__((noinline, noclone))
#elif defined(__GNUC__)
#define MEASURED __attribute__((noinline))
#else
#define MEASURED
#endif

#endif
