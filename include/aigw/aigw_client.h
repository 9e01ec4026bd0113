/* SPDX-License-Identifier: MIT */
/**
 * @file
 * aigw client: "Update a Gateway" and "Get a Gateway" over any aigw_port_t.
 *
 *   validate -> encode (streamed through the io buffer) -> send -> receive
 *   (incremental HTTP parser) -> decode (jsmn) -> typed gateway or API errors
 *
 * Pure core: no heap, no OS calls; the network and the clock come from the
 * port, every byte of memory from the caller:
 *   - aigw_client_t plus an io buffer (aigw_client_init), reused by every call;
 *   - per call, an aigw_result_t with its own body buffer, jsmn tokens and
 *     arena (aigw_result_init). The decoded gateway points into that memory,
 *     so it stays valid after the call and across later calls made with
 *     other results: a read-modify-write GETs into one result and PUTs its
 *     params back with another.
 *
 * Deadlines (all from the port's monotonic clock):
 *   connect_timeout_ms   port connect: TCP and, for a TLS port, the handshake
 *                        (the TLS port tells AIGW_E_TIMEOUT_CONNECT from
 *                        AIGW_E_TIMEOUT_HANDSHAKE)
 *   response_timeout_ms  from the end of sending to the first response byte
 *   call_timeout_ms      the whole call, retries and their delays included
 *
 * Keep-alive: the connection stays open while the server allows it. A kept
 * connection that turns out dead (closed or reset before the first response
 * byte) is reopened once, transparently: PUT and GET are idempotent. After a
 * timeout, an error in the middle of a response, or bytes after the end of a
 * response, the connection is closed, so no later call can read a stale
 * response. Bytes that arrive later, between two exchanges, are caught by the
 * port's pending() (aigw_port.h), asked right after each complete response and
 * again before a kept-alive connection carries the next request: any byte
 * waiting there closes the connection unread (stale_closed counts it,
 * AIGW_LOG_STALE logs it). A port without pending() never keeps a connection.
 *
 * Retries: on connection errors, timeouts (not the whole-call deadline),
 * truncated responses and HTTP 408, 409, 429 and 5xx; never on other 4xx,
 * validation or certificate errors. A non-2xx answer's "x-should-retry:
 * true" or "false" overrides the status rule both ways, as in Cloudflare's
 * SDKs. Delay: the server's retry-after-ms or Retry-After (seconds, or an
 * HTTP-date against the response's Date, or against wall_clock when the
 * response has no Date) up to retry_after_cap_ms; otherwise backoff_base_ms growing constant, linear or
 * exponential, capped at backoff_cap_ms, minus up to jitter_pct percent.
 * Defaults follow Cloudflare's official SDKs: 3 attempts, 500 ms * 2^n capped
 * at 8 s, 25 % jitter. A delay that would cross the call deadline ends the
 * call with the last error.
 *
 * Secrets: the io buffer (which held the request head with the credentials)
 * is wiped at the end of every call; log events never carry header values.
 */
#ifndef AIGW_CLIENT_H
#define AIGW_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aigw_config.h"
#include "aigw_decode.h"
#include "aigw_error.h"
#include "aigw_http.h"
#include "aigw_model.h"
#include "aigw_port.h"

#ifdef __cplusplus
extern "C" {
#endif
AIGW_API_BEGIN

/** API errors kept in an aigw_result_t; more are counted, never dropped silently. */
#ifndef AIGW_MAX_API_ERRORS
#define AIGW_MAX_API_ERRORS 4
#endif

/** A wall clock earlier than this (Unix seconds, 2024-01-01) is "not set": a
 *  Retry-After date is then not trusted and the backoff applies. */
#ifndef AIGW_CLIENT_CLOCK_FLOOR
#define AIGW_CLIENT_CLOCK_FLOOR 1704067200
#endif

/** Smallest io buffer aigw_client_init() accepts. 512 B or more saves send calls. */
#define AIGW_CLIENT_IO_MIN 64

/** Retry backoff shapes (the same words as the API's retry_backoff). */
typedef enum aigw_backoff {
    AIGW_RETRY_EXPONENTIAL = 0, /**< base * 2^n (default) */
    AIGW_RETRY_CONSTANT = 1,    /**< base */
    AIGW_RETRY_LINEAR = 2       /**< base * (n + 1) */
} aigw_backoff_t;

/** What a log event reports. */
typedef enum aigw_log_kind {
    AIGW_LOG_CONNECT,   /**< a connection was opened (err: result of connect) */
    AIGW_LOG_RESPONSE,  /**< an attempt ended: status (0 if none), err, cf_ray */
    AIGW_LOG_RETRY,     /**< the call will retry after delay_ms */
    AIGW_LOG_RECONNECT, /**< a kept-alive connection was dead; reopening once */
    AIGW_LOG_DONE,      /**< the call ended: err, status, attempt = attempts */
    AIGW_LOG_STALE      /**< bytes nobody asked for arrived after a complete response (a
                             second response, a body longer than its Content-Length): the
                             connection was closed unread; the next attempt connects afresh */
} aigw_log_kind_t;

/**
 * One log event. Carries no header value and no credential by construction;
 * cf_ray is the response's cf-ray (may be "").
 */
typedef struct aigw_log_event {
    aigw_log_kind_t kind;      /**< what happened */
    aigw_http_method_t method; /**< the call's method */
    unsigned attempt;          /**< 1 for the first attempt (AIGW_LOG_DONE: attempts made) */
    uint16_t status;           /**< HTTP status, 0 when none arrived */
    aigw_err_t err;            /**< the outcome behind the event */
    uint32_t elapsed_ms;   /**< since the call started */
    uint32_t delay_ms;     /**< AIGW_LOG_RETRY only */
    uint8_t reused;        /**< the attempt used a kept-alive connection */
    const char *cf_ray;    /**< the response's cf-ray ("" when none); valid during the callback only */
} aigw_log_event_t;

/** Log callback (aigw_client_config_t.log): called synchronously from inside the call. */
typedef void (*aigw_log_fn)(void *ctx, const aigw_log_event_t *ev);

/** Client configuration. Zero means "the default" for every number. */
typedef struct aigw_client_config {
    const char *base_url;   /**< NULL: AIGW_DEFAULT_BASE_URL. Must outlive the client. */
    const char *account_id; /**< required; must outlive the client */
    aigw_auth_t auth;       /**< credentials; must outlive the client */
    aigw_port_t *port;      /**< TLS port for https, stream port for http */
    uint32_t connect_timeout_ms;  /**< default 10000 */
    uint32_t response_timeout_ms; /**< default 30000 */
    uint32_t call_timeout_ms;     /**< default 60000 */
    unsigned max_attempts;        /**< default 3 (1 = no retry) */
    aigw_backoff_t backoff;       /**< default exponential */
    uint32_t backoff_base_ms;     /**< default 500 */
    uint32_t backoff_cap_ms;      /**< default 8000 */
    unsigned jitter_pct;          /**< 0..100, default 25; AIGW_NO_JITTER for none */
    uint32_t retry_after_cap_ms;  /**< default 60000 */
    uint32_t rng_seed;            /**< jitter seed; 0: taken from the port clock */
    /** Seconds since 1970-01-01 UTC (aigw_posix_wall_clock, or the board's RTC),
     *  for a Retry-After HTTP-date when the response has no Date; may be NULL
     *  (then such a Retry-After falls back to the backoff). */
    int64_t (*wall_clock)(void *ctx);
    void *wall_clock_ctx;         /**< passed to wall_clock */
    bool skip_validation;         /**< true only for conformance tests: send invalid bodies */
    bool close_after_call;        /**< send "Connection: close" and never keep the connection */
    aigw_log_fn log;              /**< may be NULL; compiled out with AIGW_LOG_ENABLED 0 */
    void *log_ctx;                /**< passed to log */
} aigw_client_config_t;

/** aigw_client_config_t.jitter_pct value for "no jitter" (0 already means the default 25). */
#define AIGW_NO_JITTER 101u

/**
 * A client: configuration, parsed base URL, io buffer and connection state.
 * Caller-owned, set up by aigw_client_init(); one call at a time (it is not
 * thread-safe, two clients share nothing). Treat the members as read-only.
 */
typedef struct aigw_client {
    aigw_client_config_t cfg;   /**< with defaults filled in */
    aigw_url_t url;             /**< cfg.base_url, parsed */
    char host[AIGW_URL_HOST_MAX + 1]; /**< the host given to the port's connect() */
    uint8_t *io;                /**< the caller's io buffer */
    size_t io_cap;              /**< its capacity */
    uint8_t connected;          /**< a connection is open and may be reused */
    uint32_t rng;               /**< jitter PRNG state */
    aigw_http_resp_t resp;      /**< parser of the response in progress */
    uint32_t connections;       /**< connections opened (statistics) */
    uint32_t stale_closed;      /**< connections closed for unread bytes after a response (statistics) */
} aigw_client_t;

/**
 * The outcome of one call, with the memory its decoded gateway lives in.
 * Set up with aigw_result_init() before each call (it may be reused).
 */
typedef struct aigw_result {
    /* memory (from aigw_result_init) */
    uint8_t *body;  /**< response body buffer */
    size_t body_cap;  /**< its capacity */
    aigw_tok_t *tok; /**< jsmn tokens for the body */
    size_t tok_cap;   /**< number of tokens */
    aigw_arena_t arena; /**< decoded arrays and unescaped strings */
    /* outcome */
    aigw_err_t err;                 /**< same as the call's return value */
    aigw_diag_t diag;               /**< field path / limit / needed size behind err */
    uint16_t status;                /**< HTTP status of the last attempt, 0 if none */
    unsigned attempts;              /**< attempts made (1 + retries) */
    uint32_t elapsed_ms;            /**< the whole call, retries and delays included */
    uint8_t reconnected;            /**< a dead kept-alive connection was reopened */
    char cf_ray[AIGW_HTTP_CF_RAY_MAX]; /**< of the last response, for support requests */
    size_t body_len;                /**< body bytes of the last response */
    aigw_gateway_t gateway;         /**< when err == AIGW_OK */
    aigw_api_error_t errors[AIGW_MAX_API_ERRORS]; /**< with AIGW_E_API */
    size_t error_count;             /**< stored in errors[] */
    size_t error_total;             /**< in the response (more than stored: see errors_more) */
    bool errors_more;               /**< error_total > AIGW_MAX_API_ERRORS: some were not stored */
    aigw_api_error_t messages[AIGW_MAX_API_MESSAGES]; /**< the envelope's messages[] (any status) */
    size_t message_count;           /**< stored in messages[] */
    size_t message_total;           /**< in the response (more than stored: see messages_more) */
    bool messages_more;             /**< message_total > AIGW_MAX_API_MESSAGES: some were not stored */
} aigw_result_t;

/**
 * Prepare the client. io (at least AIGW_CLIENT_IO_MIN bytes) stages the
 * request and the received bytes. AIGW_E_ARG for a NULL argument, an io
 * buffer under AIGW_CLIENT_IO_MIN, a missing account id or an out-of-range
 * jitter_pct/backoff; AIGW_E_PORT for a port without connect, send, recv,
 * close or now; AIGW_E_URL for a bad base URL. AIGW_E_HEADER_VALUE /
 * AIGW_E_PATH_SEGMENT are reported at the first call.
 */
aigw_err_t aigw_client_init(aigw_client_t *c, const aigw_client_config_t *cfg,
                            void *io, size_t io_cap);

/**
 * Give r its memory: body receives the response body (the API page's
 * example answer is 1164 bytes as printed there; 4 KiB is comfortable), tok
 * the jsmn tokens (78 for the example; 256 is comfortable), arena the decoded
 * arrays and unescaped strings (168 bytes for the example). A large
 * configuration needs far more (9 KB of body, 568 tokens, 5 KB of arena for
 * 5 otel exporters and 20 DLP policies): `make budget` measures, and
 * docs/PORTING.md has the table.
 * Too small gives AIGW_E_HTTP_BODY_TOO_LARGE / AIGW_E_JSON_TOKENS /
 * AIGW_E_ARENA with diag.needed.
 */
void aigw_result_init(aigw_result_t *r, void *body, size_t body_cap,
                      aigw_tok_t *tok, size_t tok_cap, void *arena, size_t arena_cap);

/** PUT the parameters. Validates first (unless skip_validation). */
aigw_err_t aigw_gateway_update(aigw_client_t *c, const char *gateway_id,
                               const aigw_params_t *p, aigw_result_t *r);

/** GET the gateway (for read-modify-write). */
aigw_err_t aigw_gateway_get(aigw_client_t *c, const char *gateway_id, aigw_result_t *r);

/**
 * Write the exact request an update (p != NULL) or a get (p == NULL) would
 * send, head and body, into buf, with the credentials masked ("Bearer ****"),
 * for a dry run. Validates like the real call. Sends nothing.
 * AIGW_E_BUFFER with diag->needed when buf is too small.
 */
aigw_err_t aigw_request_preview(aigw_client_t *c, const char *gateway_id, const aigw_params_t *p,
                                char *buf, size_t cap, size_t *out_len, aigw_diag_t *diag);

/** Close the connection (if any) and wipe the io buffer. */
void aigw_client_close(aigw_client_t *c);

/** Overwrite n bytes with zeros in a way the compiler cannot drop. */
void aigw_wipe(void *p, size_t n);

AIGW_API_END
#ifdef __cplusplus
}
#endif
#endif /* AIGW_CLIENT_H */
