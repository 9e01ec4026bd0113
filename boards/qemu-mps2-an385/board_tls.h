/* SPDX-License-Identifier: MIT */
/*
 * What the board gives the TLS port (aigw_tls.h): its entropy source and its
 * wall clock, plus the mbedTLS platform hooks declared in
 * mbedtls_config_board.h.
 */
#ifndef BOARD_TLS_H
#define BOARD_TLS_H

#include <stddef.h>
#include <stdint.h>

/** aigw_tls_entropy_fn: conditioned output of mbedTLS's entropy collector over
 *  the board source (WEAK on QEMU, see mbedtls_config_board.h). 0 on success. */
int board_tls_entropy(void *ctx, unsigned char *buf, size_t len);
/** aigw_tls_wall_clock_fn: host time through semihosting SYS_TIME (Unix seconds). */
int64_t board_tls_wall_clock(void *ctx);

#endif
