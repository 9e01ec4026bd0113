/* SPDX-License-Identifier: MIT */
/*
 * QEMU mps2-an385 board services shared by every firmware image built here:
 * the millisecond clock, the stack high-water mark and a fatal stop.
 */
#ifndef BOARD_H
#define BOARD_H

#include <stddef.h>
#include <stdint.h>

/** CPU clock of the AN385 FPGA image as QEMU models it (SYSCLK). */
#define BOARD_SYSCLK_HZ 25000000u

/** Milliseconds since reset, from SysTick (1 ms interrupt). */
uint64_t board_ms(void);
/** Busy-waits ms milliseconds (the CPU sleeps in WFI between ticks). */
void board_delay_ms(uint32_t ms);
/** Bytes of the main stack ever used since reset (painted-stack high-water mark). */
size_t board_stack_peak(void);
/** Size of the main stack reserved by the linker script. */
size_t board_stack_size(void);
/** Writes out a console line still held in the output buffer. */
void board_stdio_flush(void);
/** Prints msg through semihosting and ends the run with exit status 70. */
__attribute__((noreturn)) void board_panic(const char *msg);

#endif
