/* What the test-arm program needs of the machine it runs on: board_arm.c
   on the Cortex-M boards, board_host.c on the build machine (where there
   is nothing to measure, and the lines that say so start with '#' like
   every line that may differ between the two). */
#ifndef SSE_DELTA_ARM_BOARD_H
#define SSE_DELTA_ARM_BOARD_H

#include <stddef.h>

/* The board's name for the report ("mps2-an386 (Cortex-M4)", "host"). */
extern const char board_name[];

/* Called first: on the M4 alignment build, sets CCR.UNALIGN_TRP. Also
   paints the whole free stack (below the caller's frame). */
void board_start(void);

/* What an unaligned word access does here, in words: "fault (...why)"
   or "allowed". */
const char *board_unaligned(void);

/* Paint the stack below the caller (keeping what the last painting saw),
   then, after the work to measure, the bytes it used below that caller. */
void stack_paint(void);
size_t stack_used_since_paint(void);

/* The deepest the stack went since board_start(), from its top; and the
   size of the stack region. */
size_t stack_peak(void);
size_t stack_size(void);

/* Heap bytes in use by malloc now, and RAM taken by .data and .bss. */
size_t heap_in_use(void);
size_t static_ram(void);

#endif
