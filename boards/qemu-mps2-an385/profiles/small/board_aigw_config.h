/* SPDX-License-Identifier: MIT */
/*
 * aigw's compile-time options for the firmware (AIGW_CONFIG_FILE), the same
 * in both profiles: trims that cost no interoperability.
 *  - AIGW_ERROR_TEXT 0: aigw_strerror() gives the code's name
 *    ("TLS_UNTRUSTED") instead of a sentence; the codes and aigw_diag_t are
 *    unchanged (about 1.2 KB of flash).
 *  - AIGW_LOG_ENABLED 0: no log calls in the client (a device without a
 *    console has no use for them).
 * The model's maxima (AIGW_MAX_*) stay at the schema's: a gateway configured
 * elsewhere must still decode.
 */
#ifndef BOARD_AIGW_CONFIG_H
#define BOARD_AIGW_CONFIG_H

#define AIGW_ERROR_TEXT 0
#define AIGW_LOG_ENABLED 0

#endif
