/* SPDX-License-Identifier: MIT */
/**
 * @file
 * aigw POSIX stream port: BSD sockets and the monotonic clock, for Linux and
 * macOS hosts and constrained Linux devices.
 *
 *   aigw_posix_t sock;            caller-owned, one per connection
 *   aigw_port_t  port;
 *   aigw_posix_init(&sock, &port);
 *   port.connect(port.ctx, "api.cloudflare.com", 443, port.now(port.ctx) + 5000);
 *
 * connect() resolves with getaddrinfo (AF_UNSPEC: IPv4 and IPv6) and tries
 * each address in turn with a non-blocking connect. The deadline bounds the
 * connect attempts; each address gets an equal share of the time left, so
 * one unreachable address cannot eat the whole budget. Name resolution itself
 * runs inside libc and is bounded by the resolver's own timeouts
 * (resolv.conf "timeout"/"attempts"), not by the deadline: getaddrinfo has no
 * deadline parameter. A deadline already passed after resolution gives
 * AIGW_E_TIMEOUT_CONNECT.
 *
 * send/recv follow include/aigw/aigw_port.h: they try once, then wait with
 * poll() until the deadline. SIGPIPE is never raised (MSG_NOSIGNAL, and
 * SO_NOSIGPIPE where the OS has it). TCP_NODELAY is set: the client writes a
 * request head and a body and then waits; Nagle would delay the second write.
 */
#ifndef AIGW_POSIX_H
#define AIGW_POSIX_H

#include <stddef.h>
#include <stdint.h>

#include "aigw_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** State of one POSIX connection (caller-owned; set up by aigw_posix_init()). */
typedef struct aigw_posix {
    int fd;        /**< socket, -1 when not connected */
    int last_errno;/**< errno of the last failure (0 if none): for logs, never for control flow */
    int last_gai;  /**< getaddrinfo() code of the last AIGW_E_DNS (0 if none) */
    int family;    /**< AF_INET or AF_INET6 of the open connection, 0 when closed */
} aigw_posix_t;

/** Set ctx to "not connected" and fill port with the POSIX callbacks (port->ctx = ctx).
 *  AIGW_E_ARG when a pointer is NULL. Nothing is allocated. init does not look at what ctx
 *  held before: close an open connection first, or its socket stays open. */
aigw_err_t aigw_posix_init(aigw_posix_t *ctx, aigw_port_t *port);

/** The port's clock on its own: CLOCK_MONOTONIC in milliseconds. */
aigw_ms_t aigw_posix_now_ms(void);

/**
 * Entropy source for the TLS port (aigw_tls_config_t.entropy): fills buf with
 * len bytes from the OS CSPRNG (getrandom() on Linux, /dev/urandom elsewhere).
 * Returns 0 on success, -1 on failure (the signature mbedTLS expects of an
 * entropy function). ctx is unused.
 */
int aigw_posix_entropy(void *ctx, unsigned char *buf, size_t len);

/** Wall clock for the TLS port (aigw_tls_config_t.wall_clock): time(NULL), seconds since
 *  1970-01-01 UTC. ctx is unused. */
int64_t aigw_posix_wall_clock(void *ctx);

#ifdef __cplusplus
}
#endif
#endif /* AIGW_POSIX_H */
