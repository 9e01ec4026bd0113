/* SPDX-License-Identifier: MIT */
/*
 * ARM semihosting calls used by the QEMU board: console output, exit code
 * and wall-clock time. They trap to the debugger/emulator with `bkpt 0xab`;
 * on real hardware without a debugger attached they would fault, so only the
 * test board uses them.
 */
#ifndef BOARD_SEMIHOST_H
#define BOARD_SEMIHOST_H

#include <stdint.h>

/** Writes a NUL-terminated string to the host console (SYS_WRITE0). */
void semihost_write0(const char *s);
/** Writes one character (SYS_WRITEC). */
void semihost_writec(char c);
/** Ends the emulation with exit status code (SYS_EXIT_EXTENDED). Never returns. */
__attribute__((noreturn)) void semihost_exit(int code);
/** Host wall clock, seconds since 1970-01-01 UTC (SYS_TIME); 0 if unavailable. */
uint32_t semihost_time(void);
/** Host centiseconds since the program started (SYS_CLOCK); used only as entropy input. */
uint32_t semihost_clock(void);

#endif
