/* The control of the alignment run: built like it (-mno-unaligned-access,
   CCR.UNALIGN_TRP set by board_start()), it makes one unaligned word
   load on purpose. `make test-arm` requires it to end in the HardFault
   handler with UFSR.UNALIGNED and exit status 3: so the trap is on and a
   fault cannot go unnoticed, and the alignment run's silence means
   something. */
#include <stdint.h>
#include <stdio.h>

#include "board.h"

static uint32_t words[2] = {0x03020100u, 0x07060504u};

int main(void) {
  volatile uintptr_t at = (uintptr_t)words + 1; /* volatile: no folding */
  board_start();
  printf("trap_check: unaligned accesses: %s; loading a word from an odd address\n",
         board_unaligned());
  fflush(stdout);
  printf("trap_check: read 0x%08lx, no fault\n", (unsigned long)*(volatile uint32_t *)at);
  return 0;
}
