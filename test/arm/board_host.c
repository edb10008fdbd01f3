/* board.h on the build machine: nothing is measured there. */
#include "board.h"

const char board_name[] = "host";

void board_start(void) {}
const char *board_unaligned(void) { return "allowed"; }
void stack_paint(void) {}
size_t stack_used_since_paint(void) { return 0; }
size_t stack_peak(void) { return 0; }
size_t stack_size(void) { return 0; }
size_t heap_in_use(void) { return 0; }
size_t static_ram(void) { return 0; }
