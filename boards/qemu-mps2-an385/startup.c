/* SPDX-License-Identifier: MIT */
/*
 * Reset and exception handling for the Cortex-M3 on QEMU's mps2-an385:
 * vector table, .data/.bss set-up, stack painting (to measure the peak
 * stack), SysTick as the 1 ms clock, and main()'s return value handed to the
 * host as the exit status through semihosting.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "board.h"
#include "semihost.h"

extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[];
extern uint32_t __stack_bottom[], __stack_top[];

/* Called as main(1, {"an385", NULL}): host-style tests declare
 * main(int argc, char **argv) and look at argc; AAPCS makes the extra
 * arguments harmless for a main(void). */
int main(int argc, char **argv);
void Reset_Handler(void);
void Default_Handler(void);
void HardFault_Handler(void);
void SysTick_Handler(void);

/* Fill pattern for the unused stack; the first word that differs from it
 * marks the deepest point the stack ever reached. */
#define STACK_PAINT 0xA5C3F00Du

/* SysTick and System Control Block registers (ARMv7-M). */
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SCB_CFSR (*(volatile uint32_t *)0xE000ED28u)
#define SCB_HFSR (*(volatile uint32_t *)0xE000ED2Cu)
#define SCB_BFAR (*(volatile uint32_t *)0xE000ED38u)

/* The tick counter is the only state shared with an interrupt. It is 32-bit
 * (atomic on Cortex-M3) and widened to 64 bits by board_ms() on wrap. */
static volatile uint32_t board_ticks;

typedef void (*vector_t)(void);

__attribute__((section(".vectors"), used)) static const vector_t vectors[16 + 32] = {
    (vector_t)(uintptr_t)__stack_top, /* initial main stack pointer */
    Reset_Handler,
    Default_Handler,   /* NMI */
    HardFault_Handler, /* HardFault */
    HardFault_Handler, /* MemManage */
    HardFault_Handler, /* BusFault */
    HardFault_Handler, /* UsageFault */
    0, 0, 0, 0,
    Default_Handler, /* SVCall */
    Default_Handler, /* DebugMonitor */
    0,
    Default_Handler, /* PendSV */
    SysTick_Handler,
    /* External interrupts: all unused (the Ethernet driver polls). */
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler,
};

static void put_hex(const char *label, uint32_t v)
{
    static const char hex[] = "0123456789abcdef";
    char buf[12];
    int i;
    semihost_write0(label);
    buf[0] = '0';
    buf[1] = 'x';
    for (i = 0; i < 8; i++)
        buf[2 + i] = hex[(v >> (28 - 4 * i)) & 0xfu];
    buf[10] = ' ';
    buf[11] = 0;
    semihost_write0(buf);
}

/* Reports the faulting PC (from the stacked exception frame) and stops. */
__attribute__((used)) static void hard_fault_report(const uint32_t *frame)
{
    semihost_write0("\nFATAL hard fault: ");
    put_hex("pc=", frame[6]);
    put_hex("lr=", frame[5]);
    put_hex("cfsr=", SCB_CFSR);
    put_hex("hfsr=", SCB_HFSR);
    put_hex("bfar=", SCB_BFAR);
    semihost_write0("\n");
    semihost_exit(71);
}

__attribute__((naked)) void HardFault_Handler(void)
{
    __asm__ volatile("tst lr, #4\n"
                     "ite eq\n"
                     "mrseq r0, msp\n"
                     "mrsne r0, psp\n"
                     "b hard_fault_report\n");
}

void Default_Handler(void)
{
    board_panic("unexpected interrupt");
}

void SysTick_Handler(void)
{
    board_ticks++;
}

uint64_t board_ms(void)
{
    /* Single-threaded firmware: widening the 32-bit tick count is done here,
     * called far more often than once per 49 days. */
    static uint32_t last;
    static uint32_t high;
    uint32_t t = board_ticks;
    if (t < last)
        high++;
    last = t;
    return ((uint64_t)high << 32) | t;
}

void board_delay_ms(uint32_t ms)
{
    uint64_t end = board_ms() + ms;
    while (board_ms() < end)
        __asm__ volatile("wfi");
}

size_t board_stack_size(void)
{
    return (size_t)((uintptr_t)__stack_top - (uintptr_t)__stack_bottom);
}

size_t board_stack_peak(void)
{
    const uint32_t *p = __stack_bottom;
    while (p < __stack_top && *p == STACK_PAINT)
        p++;
    return (size_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

void board_panic(const char *msg)
{
    board_stdio_flush();
    semihost_write0("\nFATAL ");
    semihost_write0(msg);
    semihost_write0("\n");
    semihost_exit(70);
}

__attribute__((noreturn)) void Reset_Handler(void)
{
    uint32_t *dst;
    const uint32_t *src;
    uint32_t sp;
    int rc;

    for (src = __data_load, dst = __data_start; dst < __data_end;)
        *dst++ = *src++;
    for (dst = __bss_start; dst < __bss_end;)
        *dst++ = 0;

    /* Paint the stack below the current frame (leave 64 bytes of margin). */
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (dst = __stack_bottom; (uintptr_t)dst < sp - 64u; dst++)
        *dst = STACK_PAINT;

    SYST_RVR = BOARD_SYSCLK_HZ / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = 7u; /* processor clock, interrupt, enable */

    {
        static char prog[] = "an385";
        static char *argv[] = {prog, NULL};
        rc = main(1, argv);
    }
    /* Every image reports its stack high-water mark, for the size figures. */
    printf("an385: main returned %d, peak stack %u of %u bytes\n", rc, (unsigned)board_stack_peak(),
           (unsigned)board_stack_size());
    board_stdio_flush();
    semihost_exit(rc);
}
