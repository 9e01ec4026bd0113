/* SPDX-License-Identifier: MIT */
/* Compiler glue for lwIP with newlib on arm-none-eabi (see lwipopts.h here). */
#ifndef ARCH_CC_H
#define ARCH_CC_H
#include <sys/time.h> /* struct timeval (LWIP_TIMEVAL_PRIVATE 0) */
#define LWIP_ERRNO_STDINCLUDE 1 /* newlib's errno, as ESP-IDF's port does */
#define LWIP_PLATFORM_DIAG(x) do { } while (0)
#define LWIP_PLATFORM_ASSERT(x) do { } while (0)
#endif
