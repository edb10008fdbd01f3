/* board.h on the Cortex-M boards (newlib, semihosting, the linker
   scripts of this directory). */
/* sbrk() is no standard's: newlib declares it by default only */
#define _DEFAULT_SOURCE 1

#include "board.h"

#include <stdint.h>
#include <unistd.h>

/* from cortex_m.ld */
extern uint32_t __stack[], __stack_limit[];
extern char __data_start__[], end[];

#define PAINT 0xC5A5C5A5u /* no address or small count looks like it */

#if defined(__ARM_ARCH_7EM__)
const char board_name[] = "mps2-an386 (Cortex-M4)";
#else
const char board_name[] = "microbit (Cortex-M0)";
#endif

static uint32_t *mark;   /* the top of the last painting */
static uint32_t *lowest; /* the lowest word found written so far */

static uint32_t *current_sp(void) {
  uint32_t *sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  return sp;
}

/* The lowest word below `mark` no longer holding the paint. Words are
   read upward from the bottom, so a frame that left a word of its own
   equal to the paint would only make the figure a word smaller. */
static uint32_t *lowest_written(void) {
  volatile uint32_t *w = __stack_limit;
  while (w < mark && *w == PAINT) w++;
  return (uint32_t *)w;
}

/* noinline: the painting must run in a frame of its own, above the words
   it paints, which are all below its own stack pointer. */
__attribute__((noinline)) void stack_paint(void) {
  volatile uint32_t *w;
  if (mark != NULL) {
    uint32_t *l = lowest_written();
    if (l < lowest) lowest = l;
  }
  mark = current_sp();
  for (w = __stack_limit; w < mark; w++) *w = PAINT;
}

size_t stack_used_since_paint(void) {
  uint32_t *l = lowest_written();
  if (l < lowest) lowest = l;
  return (size_t)((char *)mark - (char *)l);
}

void board_start(void) {
#ifdef ARM_UNALIGN_TRAP
  /* CCR.UNALIGN_TRP: every unaligned LDR/STR (and LDRH/STRH) faults.
     The barriers make it apply to the very next instruction: qemu, like
     the core, may otherwise run on with code translated before. */
  *(volatile uint32_t *)0xE000ED14u |= 1u << 3;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
  lowest = __stack;
  stack_paint();
}

const char *board_unaligned(void) {
#if defined(__ARM_ARCH_7EM__)
  return (*(volatile uint32_t *)0xE000ED14u >> 3) & 1u ? "fault (CCR.UNALIGN_TRP set)" : "allowed";
#else
  return "fault (ARMv6-M has no unaligned access)";
#endif
}

size_t stack_peak(void) {
  uint32_t *l = lowest_written();
  if (l < lowest) lowest = l;
  return (size_t)((char *)__stack - (char *)lowest);
}

size_t stack_size(void) { return (size_t)((char *)__stack - (char *)__stack_limit); }

/* newlib's malloc takes its memory from sbrk and keeps it: what sbrk gave
   is the heap's high-water mark. */
size_t heap_in_use(void) { return (size_t)((char *)sbrk(0) - end); }

size_t static_ram(void) { return (size_t)(end - __data_start__); }
