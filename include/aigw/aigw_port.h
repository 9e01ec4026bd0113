/* SPDX-License-Identifier: MIT */
/**
 * @file
 * aigw port interface: how the client reaches the network and the clock.
 *
 * A port is a small struct of function pointers plus a context pointer. A
 * stream port (POSIX sockets, lwIP sockets, lwIP raw) moves bytes; the TLS
 * port (port/mbedtls) wraps any stream port and is itself a stream port, so
 * every backend shares one TLS implementation.
 *
 * Time is a monotonic millisecond count (aigw_ms_t) from the port's clock;
 * every deadline is an absolute value of that clock.
 *
 * Contract for send/recv: the return value is the status, the byte count is
 * separate, so "zero bytes" never means two things:
 *   AIGW_OK            *n > 0 bytes moved
 *   AIGW_E_WOULD_BLOCK the deadline passed with nothing moved (*n == 0)
 *   AIGW_E_EOF         recv only: orderly end of stream (TCP FIN, TLS close_notify)
 *   other AIGW_E_*     the connection is broken; the caller will close it
 */
#ifndef AIGW_PORT_H
#define AIGW_PORT_H

#include <stddef.h>
#include <stdint.h>

#include "aigw_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Milliseconds of the port's monotonic clock (an arbitrary origin; never goes back). */
typedef uint64_t aigw_ms_t;

/**
 * One transport: a context and the functions that act on it. Fill it with a
 * port's init function (aigw_posix_init(), aigw_lwip_raw_port(),
 * aigw_lwip_sockets_init(), aigw_tls_init()) or with your own; connect, send,
 * recv, close and now are required, sleep and pending are optional. Every
 * deadline is an absolute value of now(). One port carries one connection at
 * a time and is used by one thread at a time.
 */
typedef struct aigw_port {
    void *ctx; /**< passed as the first argument of every function below */
    /** Open a connection to host:port. AIGW_E_DNS, AIGW_E_CONNECT, AIGW_E_TIMEOUT_CONNECT,
     *  and for TLS ports AIGW_E_TIMEOUT_HANDSHAKE and AIGW_E_TLS_*. */
    aigw_err_t (*connect)(void *ctx, const char *host, uint16_t port, aigw_ms_t deadline);
    /** Send up to len (> 0) bytes; *n receives how many were taken (a partial
     *  send is AIGW_OK with *n < len: the caller sends the rest). Status as in
     *  the contract above; AIGW_E_PORT when not connected. */
    aigw_err_t (*send)(void *ctx, const uint8_t *buf, size_t len, size_t *n, aigw_ms_t deadline);
    /** Receive up to cap (> 0) bytes into buf, waiting until the deadline for
     *  the first; *n receives the count. Status as in the contract above;
     *  AIGW_E_PORT when not connected. */
    aigw_err_t (*recv)(void *ctx, uint8_t *buf, size_t cap, size_t *n, aigw_ms_t deadline);
    /** Close the connection; safe to call when not connected. */
    void (*close)(void *ctx);
    /** Monotonic clock in ms. */
    aigw_ms_t (*now)(void *ctx);
    /** Sleep (or poll the stack) for ms milliseconds; may be NULL for a busy-wait on now(). */
    void (*sleep)(void *ctx, uint32_t ms);
    /** Without waiting: has anything arrived that nobody has read yet? The
     *  client asks before it reuses a kept-alive connection (and right after a
     *  complete response): between two exchanges the server has nothing to
     *  say, so any byte there is not an answer to the next request and the
     *  connection is closed, never read.
     *    AIGW_OK     *n = 0: nothing waiting, the connection may carry a request;
     *                *n > 0: at least *n bytes (received, or buffered inside the
     *                port: a TLS port counts its undelivered plaintext, its
     *                unprocessed records and the stream below it)
     *    AIGW_E_EOF  the peer has ended the stream (FIN, close_notify) and
     *                nothing is waiting
     *    other       the connection is broken (reset, TLS alert)
     *  It never blocks and never delivers data; to look at what is waiting it
     *  may process it (a TLS port reads a waiting record to tell close_notify
     *  from data), so after *n > 0 or an error only close() is allowed.
     *  May be NULL when the port cannot tell: the client then never reuses a
     *  connection (every call connects afresh, as with close_after_call). */
    aigw_err_t (*pending)(void *ctx, size_t *n);
} aigw_port_t;

#ifdef __cplusplus
}
#endif
#endif /* AIGW_PORT_H */
