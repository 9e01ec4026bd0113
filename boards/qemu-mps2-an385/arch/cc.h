/* SPDX-License-Identifier: MIT */
/*
 * lwIP architecture glue for the Cortex-M3 board (NO_SYS=1, gcc, newlib).
 * lwIP's defaults cover types and byte order; what this file changes is where
 * asserts and diagnostics go (the board's panic and console, never abort()),
 * and where random numbers come from (local ports, DNS transaction ids).
 */
#ifndef BOARD_ARCH_CC_H
#define BOARD_ARCH_CC_H

#include <stdint.h>
#include <stdio.h>

void board_panic(const char *msg) __attribute__((noreturn));
uint32_t board_rand(void);

/* A failed lwIP assertion is a firmware bug: report it and stop the run. */
/* The checks stay, their messages go: one string instead of one per
 * assertion (about 8 KB of flash); the fault report's address locates it. */
#define LWIP_PLATFORM_ASSERT(x) board_panic("lwIP assertion")
#define LWIP_PLATFORM_DIAG(x) do { printf x; } while (0)

/* No errno needed: the firmware uses neither sockets nor netconn. */
#define LWIP_RAND() ((u32_t)board_rand())

#endif
