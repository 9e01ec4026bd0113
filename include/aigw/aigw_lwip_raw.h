/* SPDX-License-Identifier: MIT */
/**
 * @file
 * aigw stream port over lwIP's raw TCP API, for bare-metal firmware
 * (lwIP built with NO_SYS=1, no RTOS, no sockets).
 *
 * Nothing runs in the background: while the port waits for the network
 * (DNS, connect, send-buffer space, received data) it calls the board's poll
 * callback in a loop. That callback must move received frames into lwIP and
 * run its timers, e.g.
 *
 *     static void board_poll(void *arg) { ethernetif_poll(arg); sys_check_timeouts(); }
 *
 * All state lives in the caller-owned aigw_lwip_raw_t; received segments are
 * kept as the pbuf chain lwIP delivered (no copy, no heap) and the TCP window
 * is reopened only as the client consumes them. One context is one
 * connection; it is not thread-safe (there are no threads under NO_SYS).
 *
 * TLS goes on top with the project's own TLS port (aigw_tls.h), which wraps
 * this port. lwIP's altcp_tls_mbedtls is deliberately not used: in lwIP
 * 2.1.3 it forces optional certificate verification, sets neither SNI nor
 * the host name to verify, and hides close_notify from the application.
 */
#ifndef AIGW_LWIP_RAW_H
#define AIGW_LWIP_RAW_H

#include <stdint.h>

#include "aigw_port.h"
#include "lwip/ip_addr.h"

#ifdef __cplusplus
extern "C" {
#endif

struct tcp_pcb;
struct pbuf;

/** Board hook: service the network interface and lwIP's timers once. */
typedef void (*aigw_lwip_raw_poll_fn)(void *arg);
/** Board hook: monotonic milliseconds; NULL uses lwIP's sys_now() widened to 64 bits. */
typedef aigw_ms_t (*aigw_lwip_raw_now_fn)(void *arg);

/** State of one raw-API connection (caller-owned; set up by aigw_lwip_raw_init()). */
typedef struct aigw_lwip_raw {
    /* configuration (set by aigw_lwip_raw_init) */
    aigw_lwip_raw_poll_fn poll; /**< the board's poll hook (required) */
    aigw_lwip_raw_now_fn now;   /**< the board's clock, or NULL for lwIP's sys_now() */
    void *arg;              /**< passed to poll and now */
    /** @cond AIGW_PRIVATE */
    /* connection state (private) */
    struct tcp_pcb *pcb;
    struct pbuf *rx;        /**< received, not yet consumed */
    int state;
    int8_t err;             /**< lwIP err_t from the error callback */
    uint8_t fin;            /**< peer sent FIN */
    /* DNS (private) */
    const char *dns_host;
    ip_addr_t dns_addr;
    int dns_state;
    /* sys_now() widening (private) */
    uint32_t now_last;
    uint32_t now_high;
    /** @endcond */
} aigw_lwip_raw_t;

/**
 * Prepares ctx (no network activity). poll is required; now may be NULL.
 * lwip_init() and the netif must be set up by the board beforehand.
 */
aigw_err_t aigw_lwip_raw_init(aigw_lwip_raw_t *ctx, aigw_lwip_raw_poll_fn poll, aigw_lwip_raw_now_fn now,
                              void *arg);

/** Fills port with this backend's functions and ctx (which must outlive port's use). */
aigw_err_t aigw_lwip_raw_port(aigw_lwip_raw_t *ctx, aigw_port_t *port);

#ifdef __cplusplus
}
#endif
#endif /* AIGW_LWIP_RAW_H */
