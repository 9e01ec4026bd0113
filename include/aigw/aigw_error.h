/* SPDX-License-Identifier: MIT */
/**
 * @file
 * aigw error codes and diagnostics.
 *
 * One enum for the whole library (core, ports, client). A function that fails
 * returns one of these; where a field path, a rule or a needed size helps the
 * caller, it also fills a caller-owned aigw_diag_t.
 */
#ifndef AIGW_ERROR_H
#define AIGW_ERROR_H

#include <stddef.h>
#include <stdint.h>

#include "aigw_config.h"

#ifdef __cplusplus
extern "C" {
#endif
AIGW_API_BEGIN

/**
 * Every status aigw returns. AIGW_OK is 0, every error is non-zero, so
 * `if (e != AIGW_OK)` and `if (e)` both work. aigw_strerror() names each one.
 */
typedef enum aigw_err {
    AIGW_OK = 0, /**< success */

    /* caller input */
    AIGW_E_ARG,             /**< NULL pointer or impossible argument */
    AIGW_E_INVALID,         /**< a parameter breaks the schema: diag.path and diag.rule say which */
    AIGW_E_BUFFER,          /**< output buffer too small: diag.needed holds the size required */
    AIGW_E_ARENA,           /**< decode arena too small: diag.needed holds the size required */
    AIGW_E_URL,             /**< base URL malformed or scheme unsupported */
    AIGW_E_PATH_SEGMENT,    /**< account or gateway id empty, "." or ".." */
    AIGW_E_HEADER_VALUE,    /**< CR, LF or NUL in a header value (credentials, host): no injection */
    AIGW_E_SINK,            /**< a streaming sink's flush callback failed */

    /* JSON (network or user data) */
    AIGW_E_JSON,            /**< not well-formed JSON: diag.path says where */
    AIGW_E_JSON_TYPE,       /**< a member has the wrong JSON type: diag.path names it */
    AIGW_E_JSON_RANGE,      /**< a number is not an integer or overflows int64: diag.path */
    AIGW_E_JSON_TOKENS,     /**< too few jsmn tokens: diag.needed holds the count required */
    AIGW_E_JSON_UTF8,       /**< invalid UTF-8 or bad escape in a string: diag.path */
    AIGW_E_JSON_LIMIT,      /**< more array items/members than a compile-time maximum: diag.path */
    AIGW_E_NOT_JSON,        /**< the response body is not JSON (an HTML page from a proxy) */
    AIGW_E_ENVELOPE,        /**< JSON, but not Cloudflare's {success, errors, result} envelope */

    /* HTTP (network data) */
    AIGW_E_HTTP_STATUS_LINE,   /**< malformed status line */
    AIGW_E_HTTP_HEADER,        /**< malformed header line */
    AIGW_E_HTTP_HEADERS_TOO_LARGE, /**< header section larger than the parser's limit */
    AIGW_E_HTTP_BODY_TOO_LARGE,    /**< body larger than the caller's buffer: diag.needed when Content-Length told it */
    AIGW_E_HTTP_CHUNK,         /**< malformed chunk size line or chunk framing */
    AIGW_E_HTTP_CONTENT_LENGTH,/**< malformed or conflicting Content-Length values */
    AIGW_E_HTTP_CL_CHUNKED,    /**< Content-Length together with Transfer-Encoding: chunked */
    AIGW_E_HTTP_TRUNCATED,     /**< the connection ended before the response was complete */
    AIGW_E_HTTP_ENCODING,      /**< a transfer coding other than chunked */

    /* API answers */
    AIGW_E_API,             /**< the API answered with an error status: see status and errors[] */

    /* network (ports) */
    AIGW_E_DNS,             /**< host name did not resolve */
    AIGW_E_CONNECT,         /**< TCP connect refused or failed */
    AIGW_E_SEND,            /**< send failed (reset, broken pipe) */
    AIGW_E_RECV,            /**< recv failed (reset) */
    AIGW_E_EOF,             /**< orderly end of stream (peer closed) where more was needed */
    AIGW_E_WOULD_BLOCK,     /**< port: no data before the deadline passed (recv/send) */
    AIGW_E_TIMEOUT_CONNECT, /**< connect deadline passed */
    AIGW_E_TIMEOUT_HANDSHAKE, /**< TLS handshake deadline passed */
    AIGW_E_TIMEOUT_RESPONSE,  /**< first response byte did not arrive in time */
    AIGW_E_TIMEOUT_CALL,    /**< the whole-call deadline passed */
    AIGW_E_PORT,            /**< a port is missing a callback or is in the wrong state */

    /* TLS (port/mbedtls) */
    AIGW_E_TLS_CA,          /**< the CA chain given could not be parsed */
    AIGW_E_TLS_UNTRUSTED,   /**< server chain does not lead to a trusted CA */
    AIGW_E_TLS_HOSTNAME,    /**< server certificate does not match the host name */
    AIGW_E_TLS_EXPIRED,     /**< a certificate in the chain has expired */
    AIGW_E_TLS_NOT_YET_VALID, /**< a certificate in the chain is not valid yet */
    AIGW_E_TLS_CLOCK,       /**< wall clock not set, certificates cannot be checked */
    AIGW_E_TLS_HANDSHAKE,   /**< handshake failed for another reason (alert, protocol) */
    AIGW_E_TLS_CLOSED,      /**< peer sent close_notify */
    AIGW_E_TLS_ALLOC,       /**< the TLS library ran out of (arena) memory */
    AIGW_E_TLS,             /**< other TLS record-layer failure */

    /* HTTP CONNECT proxy (core/proxy_connect.c) */
    AIGW_E_PROXY_UNREACHABLE, /**< the proxy's host did not resolve or refused the TCP connection */
    AIGW_E_PROXY_AUTH,      /**< the proxy answered 407: credentials missing or wrong */
    AIGW_E_PROXY_FORBIDDEN, /**< the proxy answered 403: the tunnel is not allowed */
    AIGW_E_PROXY_REFUSED,   /**< the proxy answered another non-2xx status (or garbage) to CONNECT */

    AIGW_E__COUNT /**< number of codes (not an error; new codes are added right before it) */
} aigw_err_t;

/** Short, stable, human-readable name of an error ("buffer too small"). Never NULL. */
const char *aigw_strerror(aigw_err_t err);

/**
 * Diagnostics filled by validators, encoders and decoders. Caller-owned;
 * zero-initialise before use. path is NUL-terminated and never overflows:
 * a path longer than AIGW_DIAG_PATH_MAX-1 is cut and ends in "...".
 */
typedef struct aigw_diag {
    aigw_err_t err;                /**< the error the details below belong to; AIGW_OK when there is none */
    char path[AIGW_DIAG_PATH_MAX]; /**< field path, e.g. "otel[2].url" or "dlp.policies[0].check[1]" */
    const char *rule;              /**< the rule broken, e.g. "maxLength 1024" (static string) or NULL */
    size_t needed;                 /**< with AIGW_E_BUFFER/ARENA/JSON_TOKENS/HTTP_BODY_TOO_LARGE: size needed */
} aigw_diag_t;

AIGW_API_END
#ifdef __cplusplus
}
#endif
#endif /* AIGW_ERROR_H */
