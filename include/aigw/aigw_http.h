/* SPDX-License-Identifier: MIT */
/**
 * @file
 * aigw HTTP/1.1: base URL, request head writer, incremental response parser.
 *
 * Pure computation: no I/O, no heap, no globals. The client owns every
 * struct here and drives the bytes in and out through its port.
 *
 *   aigw_url_parse()             split the base URL (no copy: slices of the caller's string)
 *   aigw_url_host_cstr()         host as a NUL-terminated string for aigw_port_t.connect()
 *   aigw_http_write_request()    "PUT|GET {prefix}/accounts/{a}/ai-gateway/gateways/{id} HTTP/1.1" + headers
 *   aigw_http_resp_init/feed/feed_eof()  the response, fed in pieces of any size
 *   aigw_http_retry_after_ms()   the server's requested delay (429/503), without a wall clock
 *   aigw_http_date_parse()       HTTP-date (IMF-fixdate, RFC 850, asctime) -> Unix seconds
 */
#ifndef AIGW_HTTP_H
#define AIGW_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "aigw_config.h"
#include "aigw_error.h"
#include "aigw_model.h" /* aigw_str_t */
#include "aigw_sink.h"

#ifdef __cplusplus
extern "C" {
#endif
AIGW_API_BEGIN

/* ------------------------------------------------------------------ limits */

/**
 * Most bytes of response metadata the parser accepts: status line, header
 * lines and the empty line, summed over any 1xx interim responses, plus the
 * chunked trailer section. More gives AIGW_E_HTTP_HEADERS_TOO_LARGE. The
 * parser never buffers whole lines, so this costs no RAM; it bounds work.
 */
#ifndef AIGW_HTTP_MAX_HEADER_BYTES
#define AIGW_HTTP_MAX_HEADER_BYTES 8192
#endif

/**
 * Bytes the parser keeps of one value it interprets (Date, Retry-After,
 * retry-after-ms: a date is at most 33 bytes; one element of a
 * Transfer-Encoding or Connection list). Unknown headers are checked for
 * syntax and skipped without being stored, whatever their length.
 */
#ifndef AIGW_HTTP_VALUE_MAX
#define AIGW_HTTP_VALUE_MAX 40
#endif

/** Capacity of aigw_http_resp_t.cf_ray, including the terminating NUL. */
#ifndef AIGW_HTTP_CF_RAY_MAX
#define AIGW_HTTP_CF_RAY_MAX 64
#endif

/** Longest host name aigw_url_parse() accepts (DNS allows 253). */
#define AIGW_URL_HOST_MAX 253

/** Cloudflare's API, the default base URL. */
#define AIGW_DEFAULT_BASE_URL "https://api.cloudflare.com/client/v4"

/* --------------------------------------------------------------- base URL */

/**
 * A parsed base URL. Every pointer is a slice of the string given to
 * aigw_url_parse(), which must outlive this struct.
 */
typedef struct aigw_url {
    const char *host;   /**< reg-name, IPv4, or IPv6 without its brackets */
    size_t host_len;    /**< bytes of host */
    const char *path;   /**< prefix such as "/client/v4", no trailing '/'; "" (len 0) for none */
    size_t path_len;    /**< bytes of path */
    uint16_t port;      /**< explicit port, or 443 (https) / 80 (http) */
    uint8_t tls;        /**< 1 for https */
    uint8_t ipv6;       /**< 1 when the host was a [literal]: Host header adds the brackets back */
} aigw_url_t;

/**
 * Parse "scheme://host[:port][/path]". scheme is https or http (any case);
 * host is a DNS name (letters, digits, '-', '.', '_', '~'), a dotted IPv4
 * address (each part 0..255), or "[IPv6]" (no zone id); port 1..65535;
 * path contains only RFC 3986 pchars and '/', with no "." or ".." segment.
 * A single trailing '/' is dropped ("https://h/" has prefix "").
 * Userinfo ('@'), query ('?'), fragment ('#'), whitespace, NUL, an empty
 * host or an empty port give AIGW_E_URL; out is zeroed on error.
 */
aigw_err_t aigw_url_parse(const char *base_url, size_t len, aigw_url_t *out);

/**
 * Copy the host (without IPv6 brackets) into buf as a NUL-terminated string
 * for aigw_port_t.connect(). AIGW_E_BUFFER if cap < host_len + 1 (buf is
 * then set to "" when cap > 0).
 */
aigw_err_t aigw_url_host_cstr(const aigw_url_t *url, char *buf, size_t cap);

/* ------------------------------------------------------------ request head */

/** The two requests aigw makes. */
typedef enum aigw_http_method {
    AIGW_HTTP_GET = 0, /**< "Get a Gateway" (read-modify-write) */
    AIGW_HTTP_PUT = 1  /**< "Update a Gateway" */
} aigw_http_method_t;

/** How the request authenticates (Cloudflare accepts either). */
typedef enum aigw_auth_kind {
    AIGW_AUTH_TOKEN = 0, /**< "Authorization: Bearer <token>" (API token, preferred) */
    AIGW_AUTH_KEY = 1    /**< "X-Auth-Email: <email>" + "X-Auth-Key: <key>" (Global API key) */
} aigw_auth_kind_t;

/** Credentials. Only the members of the chosen kind are read. */
typedef struct aigw_auth {
    aigw_auth_kind_t kind; /**< which members below are used */
    aigw_str_t token;   /**< AIGW_AUTH_TOKEN */
    aigw_str_t email;   /**< AIGW_AUTH_KEY */
    aigw_str_t key;     /**< AIGW_AUTH_KEY */
} aigw_auth_t;

/** aigw_http_req_t.flags */
#define AIGW_HTTP_REQ_CLOSE 0x1u        /**< add "Connection: close" */
#define AIGW_HTTP_REQ_MASK_SECRETS 0x2u /**< write "Bearer ****" / "X-Auth-Key: ****" (for a dry-run print);
                                             the real values are still checked. The email is not a secret. */

/** What aigw_http_write_request() writes: one request head. Caller-owned. */
typedef struct aigw_http_req {
    aigw_http_method_t method; /**< GET or PUT */
    const aigw_url_t *url;     /**< parsed base URL: host, port, path prefix */
    aigw_str_t account_id;  /**< raw; percent-encoded by the writer */
    aigw_str_t gateway_id;  /**< raw; percent-encoded by the writer */
    const aigw_auth_t *auth;   /**< credentials (checked for header injection) */
    size_t content_length;  /**< PUT only: length of the JSON body that follows the head */
    unsigned flags;         /**< AIGW_HTTP_REQ_* */
} aigw_http_req_t;

/**
 * Write the request head, up to and including the empty line, to sink:
 *
 *   PUT {prefix}/accounts/{account_id}/ai-gateway/gateways/{id} HTTP/1.1
 *   Host: {host}[:{port} when not the scheme's default; IPv6 in brackets]
 *   Authorization: Bearer {token}           | X-Auth-Email: {email} + X-Auth-Key: {key}
 *   Content-Type: application/json          (PUT only)
 *   Content-Length: {content_length}        (PUT only)
 *   Accept: application/json
 *   User-Agent: aigw/AIGW_VERSION
 *   Connection: close                       (AIGW_HTTP_REQ_CLOSE only)
 *
 * Lines end in CRLF. Path segments are percent-encoded: every byte outside
 * RFC 3986 unreserved (ALPHA DIGIT - . _ ~) becomes %XX (upper-case hex).
 *
 * Everything is checked before the first byte is written, so a refused
 * request leaves the sink untouched:
 *   AIGW_E_ARG           NULL sink/req/url/auth, unknown method or auth kind
 *   AIGW_E_PATH_SEGMENT  empty, "." or ".." id; diag path "account_id" or "id"
 *   AIGW_E_HEADER_VALUE  empty credential, control byte (CR, LF, NUL, any CTL
 *                        but HTAB) or leading/trailing whitespace in one;
 *                        diag path "api_token", "email", "api_key" or "host"
 *   AIGW_E_URL           url->path holds a byte that is not a pchar or '/'
 * Then returns the sink's sticky error: AIGW_OK, AIGW_E_BUFFER (diag needed
 * = sink->total, the head's full length, in buffer mode) or AIGW_E_SINK.
 * Does not call aigw_sink_finish(): the body may follow in the same sink.
 * diag may be NULL.
 */
aigw_err_t aigw_http_write_request(aigw_sink_t *sink, const aigw_http_req_t *req, aigw_diag_t *diag);

/* -------------------------------------------------------- response parser */

/** aigw_http_resp_t.flags */
#define AIGW_HTTP_F_CONTENT_LENGTH 0x0001u /**< content_length holds the Content-Length value */
#define AIGW_HTTP_F_CHUNKED        0x0002u /**< body is Transfer-Encoding: chunked */
#define AIGW_HTTP_F_CLOSE_DELIMITED 0x0004u /**< body ends when the connection does */
#define AIGW_HTTP_F_DATE           0x0008u /**< date holds the Date header (Unix seconds) */
#define AIGW_HTTP_F_RETRY_AFTER_MS 0x0010u /**< retry_after_ms holds the retry-after-ms header */
#define AIGW_HTTP_F_RETRY_BAD      0x0020u /**< a Retry-After, retry-after-ms or Date value was
                                                unparseable and ignored (the response still stands) */
#define AIGW_HTTP_F_CF_RAY_LONG    0x0040u /**< cf-ray was longer than AIGW_HTTP_CF_RAY_MAX-1:
                                                not kept (cf_ray is ""), never cut */
#define AIGW_HTTP_F_SHOULD_RETRY   0x0080u /**< "x-should-retry: true" (the last one counts) */
#define AIGW_HTTP_F_SHOULD_NOT_RETRY 0x0100u /**< "x-should-retry: false" (the last one counts) */
#define AIGW_HTTP_F_CONNECT        0x0200u /**< set by the caller between init and the first feed:
                                                the response answers CONNECT, so a 2xx ends with
                                                its header section (RFC 9110 9.3.6) */

/** aigw_http_resp_t.retry_after_kind */
#define AIGW_HTTP_RETRY_NONE  0 /**< no (valid) Retry-After */
#define AIGW_HTTP_RETRY_DELAY 1 /**< retry_after is delta-seconds (saturated at 2^31) */
#define AIGW_HTTP_RETRY_DATE  2 /**< retry_after is an HTTP-date in Unix seconds */

/**
 * Response parser state and results. Caller-owned; set up with
 * aigw_http_resp_init(). Read the result members once done is 1 (status is
 * valid once the header section is in; body_len grows as the body arrives).
 * Members after "parser internals" are private.
 */
typedef struct aigw_http_resp {
    /* results */
    int64_t content_length;  /**< with AIGW_HTTP_F_CONTENT_LENGTH; also the size needed on
                                  AIGW_E_HTTP_BODY_TOO_LARGE when the flag is set */
    int64_t retry_after;     /**< see retry_after_kind */
    int64_t date;            /**< with AIGW_HTTP_F_DATE: the Date header, Unix seconds */
    uint8_t *body;           /**< the caller's buffer (from init) */
    size_t body_cap;         /**< capacity of body */
    size_t body_len;         /**< body bytes so far (de-chunked) */
    size_t nread;            /**< bytes consumed since init: 0 at EOF means the peer closed
                                  an idle (kept-alive) connection before answering */
    uint32_t retry_after_ms; /**< with AIGW_HTTP_F_RETRY_AFTER_MS, rounded up, saturated */
    aigw_err_t err;          /**< first error, sticky */
    uint16_t status;         /**< 100..599 of the final response; 0 before its status line */
    uint16_t flags;          /**< AIGW_HTTP_F_* */
    uint8_t version_minor;   /**< HTTP/1.0 -> 0, HTTP/1.1 -> 1 */
    uint8_t keep_alive;      /**< 1: the connection may carry another request after this one */
    uint8_t retry_after_kind;/**< AIGW_HTTP_RETRY_* */
    uint8_t done;            /**< 1: the response is complete; feed consumes nothing more */
    char cf_ray[AIGW_HTTP_CF_RAY_MAX]; /**< cf-ray value, NUL-terminated; "" when absent */

    /** @cond AIGW_PRIVATE */
    /* parser internals */
    uint64_t n;              /* Content-Length / chunk size being read, bytes left in body/chunk */
    uint32_t meta_bytes;     /* metadata bytes counted against AIGW_HTTP_MAX_HEADER_BYTES */
    uint32_t line_bytes;     /* bytes of the current chunk-size line */
    uint8_t state;
    uint8_t hdr;             /* header being read (internal id) */
    uint8_t cand;            /* header names still matching, one bit each */
    uint8_t idx;             /* position within a name, literal or element */
    uint8_t bits;            /* per-response framing facts (internal) */
    uint8_t elem;            /* per-line/element facts (internal) */
    uint8_t val_len;
    char val[AIGW_HTTP_VALUE_MAX];
    /** @endcond */
} aigw_http_resp_t;

/**
 * Prepare r for one response. body/cap receive the (de-chunked) body; body
 * may be NULL when cap is 0 (then any body byte is too large). Call again to
 * reuse r for the next response on a kept-alive connection.
 */
void aigw_http_resp_init(aigw_http_resp_t *r, uint8_t *body, size_t cap);

/**
 * Feed the next len bytes from the connection. *consumed receives how many
 * were used (on an error: the bytes accepted before the one refused).
 * Returns:
 *   AIGW_OK with r->done == 0: all len bytes consumed, more are needed;
 *   AIGW_OK with r->done == 1: the response is complete and *consumed
 *     stops exactly at its last byte; bytes after it (len - *consumed) are
 *     not part of it (stale or pipelined data: the client decides);
 *   an AIGW_E_HTTP_* error (also kept in r->err and returned again by every
 *     later call, with *consumed 0):
 *     STATUS_LINE      not "HTTP/1.0" or "HTTP/1.1", SP, a status 100..599
 *                      (101 refused: aigw never asks to switch protocols)
 *     HEADER           bad name, whitespace before ':', obs-fold, control
 *                      byte in a value, CR not followed by LF
 *     HEADERS_TOO_LARGE over AIGW_HTTP_MAX_HEADER_BYTES
 *     CONTENT_LENGTH   not 1*DIGIT, over 2^63-1, or differing values
 *     CL_CHUNKED       Content-Length together with Transfer-Encoding
 *     ENCODING         a transfer coding other than a single "chunked"
 *     CHUNK            bad chunk size (not hex, over 2^63-1), framing or line
 *     BODY_TOO_LARGE   body over the capacity given to init; with
 *                      AIGW_HTTP_F_CONTENT_LENGTH set, content_length is the
 *                      size needed (reported before any body byte is read)
 * Identical results for any split of the same bytes, down to 1 byte a call.
 * Any byte with len > 0 and data == NULL gives AIGW_E_ARG.
 * Framing: 1xx interim responses are skipped (their headers are ignored);
 * 204 and 304 (and a 2xx with AIGW_HTTP_F_CONNECT) have no body; then Transfer-Encoding: chunked (extensions
 * ignored, trailers skipped), then Content-Length, else the body runs until
 * the connection closes (see aigw_http_resp_feed_eof()). Lines end in CRLF
 * (a bare LF is refused). Of repeated headers, the first cf-ray counts and
 * the last valid Date / Retry-After / retry-after-ms wins.
 *
 * Typical loop (keep-alive aware):
 *
 *   aigw_http_resp_init(&r, body, sizeof body);
 *   for (;;) {
 *       e = port->recv(ctx, buf, sizeof buf, &n, deadline);
 *       if (e == AIGW_E_EOF) { e = aigw_http_resp_feed_eof(&r); break; }
 *       if (e) break;
 *       e = aigw_http_resp_feed(&r, buf, n, &used);
 *       if (e || r.done) break;     // n - used > 0 after done: unexpected extra bytes
 *   }
 */
aigw_err_t aigw_http_resp_feed(aigw_http_resp_t *r, const uint8_t *data, size_t len, size_t *consumed);

/**
 * The peer ended the stream (the port returned AIGW_E_EOF). Completes a
 * close-delimited body (AIGW_OK, done = 1); a complete response stays
 * AIGW_OK; anything else gives AIGW_E_HTTP_TRUNCATED (sticky). r->nread == 0
 * then tells "closed before any byte" (a stale kept-alive connection).
 */
aigw_err_t aigw_http_resp_feed_eof(aigw_http_resp_t *r);

/**
 * The delay the server asked for before a retry, in ms: retry-after-ms if
 * present, else Retry-After delta-seconds, else Retry-After date minus the
 * response's Date (0 when the date is past). Returns 1 and sets *ms
 * (saturated at UINT32_MAX) when known, 0 when the response gives no delay
 * (a Retry-After date without a Date header gives 0: there is no clock here).
 */
int aigw_http_retry_after_ms(const aigw_http_resp_t *r, uint32_t *ms);

/**
 * Parse an HTTP-date (RFC 9110 5.6.7): IMF-fixdate "Sun, 06 Nov 1994
 * 08:49:37 GMT", and the obsolete RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT"
 * (two-digit years 70..99 -> 19xx, 00..69 -> 20xx) and asctime
 * "Sun Nov  6 08:49:37 1994" forms. Calendar-checked (day within the month,
 * leap years, 23:59:60 allowed). Returns AIGW_OK and *unix_seconds, or
 * AIGW_E_INVALID.
 */
aigw_err_t aigw_http_date_parse(const char *s, size_t len, int64_t *unix_seconds);

AIGW_API_END
#ifdef __cplusplus
}
#endif
#endif /* AIGW_HTTP_H */
