/* SPDX-License-Identifier: MIT */
/**
 * @file
 * aigw stream port over lwIP's sockets API (NO_SYS=0: an RTOS, or lwIP's
 * unix port on a host).
 *
 * The lwIP stack must already be running (tcpip_init() done, a netif up)
 * before connect is called; this port only opens, drives and closes one TCP
 * socket. It calls nothing but the lwip_* socket functions, which take the
 * TCPIP core lock themselves, so the caller needs no LOCK_TCPIP_CORE().
 *
 * Name resolution, in this order:
 *   1. an IPv4 or IPv6 literal is used as it is;
 *   2. a name found in the caller's host table (aigw_lwip_sockets_set_hosts,
 *      like /etc/hosts, compared without regard to ASCII case) is replaced by
 *      its address. This lets a device without DNS dial a name, which TLS
 *      needs: mbedTLS 2.28 verifies only dNSName SANs, never iPAddress ones,
 *      so a certificate cannot be checked against an address;
 *   3. when the lwIP build has LWIP_DNS=1, lwip_getaddrinfo(), which blocks
 *      for as long as lwIP's own DNS retries take (the connect deadline
 *      cannot shorten it). This branch is compile-checked on the host
 *      (make lwip-host-check) but not run: Debian's build has no DNS.
 * Anything else (LWIP_DNS=0, as in Debian's liblwip) gives AIGW_E_DNS.
 *
 * Clock: lwIP's sys_now() (32-bit milliseconds) extended to 64 bits in the
 * context, so now() must be called at least once every 49 days (the client
 * does so on every call) and from one thread at a time, like the rest of the
 * port.
 *
 * Every socket is non-blocking with TCP_NODELAY set; deadlines are waited for
 * with lwip_poll() (lwIP 2.1 builds may lack lwip_select(); Debian's has none).
 *
 * Debian's liblwip 2.1.3+dfsg1-2 on a host: build with a POSIX feature macro
 * (-D_POSIX_C_SOURCE=200809L; under strict -std=c99 its arch.h typedefs
 * ssize_t as int), and keep the tap link's MTU at 578 or less: that build
 * sizes PBUF_POOL buffers with glibc's TCP_MSS (512) in memp.c but lwIP's
 * (1460) in pbuf.c, so tapif overruns a heap buffer on longer frames.
 */
#ifndef AIGW_LWIP_SOCKETS_H
#define AIGW_LWIP_SOCKETS_H

#include <stddef.h>
#include <stdint.h>

#include "aigw_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One static name-to-address entry. */
typedef struct aigw_lwip_host {
    const char *name;      /**< host name as given to connect() */
    const char *address;   /**< the IPv4 or IPv6 literal it stands for */
} aigw_lwip_host_t;

/** Caller-owned state of one connection. Initialise with aigw_lwip_sockets_init(). */
typedef struct aigw_lwip_sockets {
    int fd;                /**< lwIP socket descriptor, -1 when not connected */
    const aigw_lwip_host_t *hosts; /**< static host table (may be NULL): see above */
    size_t host_count;     /**< entries in hosts */
    int last_errno;        /**< errno of the last failed lwIP call (for logs), 0 if none */
    uint32_t clock_last;   /**< last sys_now() value seen */
    uint32_t clock_wraps;  /**< times sys_now() wrapped past 2^32 ms */
} aigw_lwip_sockets_t;

/**
 * Prepares s (not connected) and fills *port with the lwIP sockets callbacks,
 * port->ctx = s. Nothing touches the network until port->connect. Clears
 * any host table: call aigw_lwip_sockets_set_hosts() afterwards.
 * AIGW_E_ARG if s or port is NULL.
 */
aigw_err_t aigw_lwip_sockets_init(aigw_lwip_sockets_t *s, aigw_port_t *port);

/**
 * Gives s a static host table (names a device without DNS can dial). The
 * table is not copied: it must outlive s. count 0 (or hosts NULL) removes it.
 * AIGW_E_ARG if s is NULL or hosts is NULL with count > 0.
 */
aigw_err_t aigw_lwip_sockets_set_hosts(aigw_lwip_sockets_t *s, const aigw_lwip_host_t *hosts,
                                       size_t count);

#ifdef __cplusplus
}
#endif
#endif /* AIGW_LWIP_SOCKETS_H */
