/* SPDX-License-Identifier: MIT */
/**
 * @file
 * aigw HTTP CONNECT proxy step: a port between a stream port and the TLS port.
 *
 *   stream port (POSIX, lwIP) -> aigw_proxy (CONNECT host:port) -> TLS port -> client
 *
 * connect(host, port) connects the inner stream port to the proxy, sends
 *
 *   CONNECT host:port HTTP/1.1
 *   Host: host:port
 *   Proxy-Authorization: Basic base64(user:password)   (only with credentials)
 *   User-Agent: aigw/AIGW_VERSION
 *
 * reads the proxy's answer with the core's HTTP response parser, and from a
 * 2xx on passes bytes through unchanged, so TLS runs end to end with the API
 * (the proxy sees only the host name and port). Everything lives in the
 * caller's aigw_proxy_t and buffer: no heap, no OS.
 *
 * Secrets: the credentials are never logged (this step has no log) and the
 * buffer that held the encoded Proxy-Authorization is wiped as soon as the
 * request is sent, on every path.
 *
 * connect() errors, besides those of the inner port:
 *   AIGW_E_PROXY_UNREACHABLE  the inner port gave AIGW_E_DNS or AIGW_E_CONNECT
 *                             for the proxy's own address
 *   AIGW_E_PROXY_AUTH         the proxy answered 407
 *   AIGW_E_PROXY_FORBIDDEN    the proxy answered 403
 *   AIGW_E_PROXY_REFUSED      any other non-2xx answer, an answer that is not
 *                             HTTP, or the proxy closing before answering
 *   AIGW_E_HEADER_VALUE       the target host holds a byte a host name cannot
 *   AIGW_E_TIMEOUT_CONNECT    the deadline passed during the CONNECT exchange
 * status then holds the proxy's status (0 when none arrived).
 *
 * AIGW_ENABLE_PROXY 0 (aigw_config.h) compiles the step out.
 */
#ifndef AIGW_PROXY_H
#define AIGW_PROXY_H

#include <stddef.h>
#include <stdint.h>

#include "aigw_config.h"
#include "aigw_error.h"
#include "aigw_model.h" /* aigw_str_t */
#include "aigw_port.h"

#ifdef __cplusplus
extern "C" {
#endif
AIGW_API_BEGIN

#if AIGW_ENABLE_PROXY

/** Smallest buffer aigw_proxy_init() accepts (it stages the CONNECT head and reads the answer). */
#define AIGW_PROXY_BUF_MIN 64

/** Where the proxy is and how to authenticate to it. Strings must outlive the proxy. */
typedef struct aigw_proxy_config {
    const char *host;    /**< the proxy's host name or address (IPv6 without brackets) */
    uint16_t port;       /**< the proxy's port (1..65535) */
    aigw_str_t user;     /**< Basic credentials (raw, not encoded); len 0 with password len 0: none */
    aigw_str_t password; /**< may be empty */
} aigw_proxy_config_t;

/** One proxied connection's state. Caller-owned; set up by aigw_proxy_init(). */
typedef struct aigw_proxy {
    aigw_port_t *inner;      /**< the stream port that reaches the proxy */
    aigw_proxy_config_t cfg; /**< copied at init */
    uint8_t *buf;            /**< the caller's buffer */
    size_t cap;              /**< its capacity */
    size_t pend_off;         /**< tunnel bytes that came with the proxy's answer: buf[pend_off..] */
    size_t pend_len;         /**< ... and how many are left to hand to recv() */
    uint16_t status;         /**< the proxy's answer to the last CONNECT; 0 when none arrived */
    uint8_t connected;       /**< the tunnel is open */
} aigw_proxy_t;

/**
 * Fill out with the proxy step's callbacks over inner (out->ctx = p). buf
 * (at least AIGW_PROXY_BUF_MIN bytes; 256 saves send calls) is used during
 * connect() only. AIGW_E_ARG for a NULL pointer, a short buffer, an empty
 * host, port 0 or a user name with ':' (RFC 7617); AIGW_E_PORT when inner
 * lacks connect, send, recv, close or now; AIGW_E_HEADER_VALUE when the
 * proxy host holds a byte a host name cannot. out has pending() when inner
 * has it (tunnel bytes that came with the proxy's answer count), so a
 * kept-alive connection through the tunnel is checked before reuse.
 */
aigw_err_t aigw_proxy_init(aigw_proxy_t *p, aigw_port_t *out, aigw_port_t *inner,
                           const aigw_proxy_config_t *cfg, void *buf, size_t cap);

#endif /* AIGW_ENABLE_PROXY */

AIGW_API_END

#ifdef __cplusplus
}
#endif
#endif /* AIGW_PROXY_H */
