/* SPDX-License-Identifier: MIT */
/* lwIP options of an RTOS build (NO_SYS=0, sockets on), as ESP-IDF and
 * STM32Cube+FreeRTOS run lwIP: only for compiling port/lwip/aigw_lwip_sockets.c
 * for the Cortex-M3 in tests/suites/09-manifests.sh (nothing is linked). */
#ifndef LWIPOPTS_H
#define LWIPOPTS_H
#define NO_SYS 0
#define LWIP_SOCKET 1
#define LWIP_NETCONN 1
#define LWIP_DNS 1
#define LWIP_TIMEVAL_PRIVATE 0
#define LWIP_COMPAT_SOCKETS 0
#define LWIP_SO_RCVTIMEO 1
#define LWIP_SO_SNDTIMEO 1
#endif
