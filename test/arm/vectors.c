/* The vector table, the reset handler and the fault handler of the
   test-arm programs (target only). The table's first word is the initial
   stack pointer: the top of the linker script's stack region. newlib's
   rdimon crt0 is not used (link with -nostartfiles): it would move the
   stack to wherever qemu's SYS_HEAPINFO guesses, outside that region.

   Every fault ends up in HardFault here (MemManage, BusFault and UsageFault
   are not enabled, so they escalate): it says what faulted and where, over
   semihosting, and exits with status 3, so that a fault can never pass
   for a clean run. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

extern char __stack[], __bss_start__[], __bss_end__[];
void reset(void);
void initialise_monitor_handles(void);
void __libc_init_array(void);
int main(void);
void _init(void);
void _fini(void);

/* crti.o and crtn.o would give these, but they come with crt0: the
   programs have no constructors or destructors to run. */
void _init(void) {}
void _fini(void) {}
void fault_entry(void);
void fault_report(const uint32_t *frame);

#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__)
#define HAS_CFSR 1
#define CFSR (*(volatile uint32_t *)0xE000ED28u)
#else
#define HAS_CFSR 0
#endif
#define CFSR_UNALIGNED 0x01000000u /* UFSR bit 8 */

/* The frame the core pushed (r0-r3, r12, lr, pc, xpsr) is on the stack
   that was in use: MSP or PSP, as bit 2 of EXC_RETURN in lr says. */
__attribute__((naked)) void fault_entry(void) {
  __asm__ volatile("movs r0, #4\n"
                   "mov r1, lr\n"
                   "tst r0, r1\n"
                   "beq 1f\n"
                   "mrs r0, psp\n"
                   "b fault_report\n"
                   "1: mrs r0, msp\n"
                   "b fault_report\n");
}

/* Semihosting, by hand: the library's stdio (or its memcpy) may be what
   faulted, and a fault inside this handler would lock the core up. */
static uint32_t semihost(uint32_t op, const void *arg) {
  uint32_t result;
  __asm__ volatile("mov r0, %1\n\t"
                   "mov r1, %2\n\t"
                   "bkpt 0xab\n\t"
                   "mov %0, r0"
                   : "=r"(result)
                   : "r"(op), "r"(arg)
                   : "r0", "r1", "memory");
  return result;
}

#define SYS_WRITE0 0x04u        /* a NUL-terminated string to the console */
#define SYS_EXIT_EXTENDED 0x20u /* stop, with an exit status */
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

static void put_hex(char *out, uint32_t v) {
  int i;
  for (i = 0; i < 8; i++) out[i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15u];
}

void fault_report(const uint32_t *frame) {
  /* static: a local array would be filled by a call of memcpy, which is
     newlib's (and may fault) in all but the alignment build */
  static char line[] = "HardFault: pc 0x........ cfsr 0x........\n";
  uint32_t cfsr = 0, stop[2];
#if HAS_CFSR
  cfsr = CFSR;
#endif
  put_hex(line + 16, frame[6]);
  put_hex(line + 32, cfsr);
  semihost(SYS_WRITE0, line);
  if (cfsr & CFSR_UNALIGNED) semihost(SYS_WRITE0, "HardFault: an unaligned access (UFSR.UNALIGNED)\n");
  stop[0] = ADP_STOPPED_APPLICATION_EXIT;
  stop[1] = 3;
  semihost(SYS_EXIT_EXTENDED, stop);
  for (;;) {
  }
}

static void unexpected(void) { fault_entry(); }

/* What crt0 would do: .bss cleared (.data is in place: qemu loaded it),
   semihosting's stdin, stdout and stderr opened, constructors run. */
void reset(void) {
  char *p;
  for (p = __bss_start__; p < __bss_end__; p++) *(volatile char *)p = 0;
  initialise_monitor_handles();
  __libc_init_array();
  exit(main());
}

/* Reset, NMI, HardFault, MemManage, BusFault, UsageFault, then 9 words
   that only a full table would name; every one of them is a fault here. */
__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))(uintptr_t)__stack,
    reset,
    unexpected,
    fault_entry,
    fault_entry,
    fault_entry,
    fault_entry,
};
