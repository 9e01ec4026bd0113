/* SPDX-License-Identifier: MIT */
/*
 * The client loop: one call = validate, then attempts of
 * (connect if needed, send head+body, receive, decode) with retries.
 * No heap, no OS: the port provides the network and the clock.
 */
#include "aigw/aigw_client.h"

#include <string.h>

/* One call's phases (send, receive, decode) keep their own frames: inlined
 * into run() their locals would add up under the validator's and the
 * decoder's paths too (static worst case). */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* ---- small helpers ------------------------------------------------------- */

void aigw_wipe(void *p, size_t n)
{
    /* volatile so the stores survive dead-store elimination */
    volatile uint8_t *v = (volatile uint8_t *)p;
    while (n--) *v++ = 0;
}

static aigw_ms_t now_ms(const aigw_client_t *c)
{
    return c->cfg.port->now(c->cfg.port->ctx);
}

static aigw_ms_t min_ms(aigw_ms_t a, aigw_ms_t b) { return a < b ? a : b; }

static uint32_t elapsed32(aigw_ms_t from, aigw_ms_t to)
{
    aigw_ms_t d = to > from ? to - from : 0;
    return d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
}

static uint32_t rng_next(aigw_client_t *c)
{
    /* xorshift32: jitter only needs to spread clients apart, not be secret */
    /* never 0: init seeds it odd or with a non-zero seed, and xorshift keeps it non-zero */
    uint32_t x = c->rng ? c->rng : 0x9e3779b9u; /* LCOV_EXCL_BR_LINE: docs/COVERAGE.md */
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c->rng = x;
    return x;
}

#if AIGW_LOG_ENABLED
static void log_event(const aigw_client_t *c, aigw_log_kind_t kind, aigw_http_method_t m,
                      unsigned attempt, uint16_t status, aigw_err_t err, aigw_ms_t start,
                      uint32_t delay, uint8_t reused, const char *cf_ray)
{
    aigw_log_event_t ev;
    if (!c->cfg.log) return;
    ev.kind = kind;
    ev.method = m;
    ev.attempt = attempt;
    ev.status = status;
    ev.err = err;
    ev.elapsed_ms = elapsed32(start, now_ms(c));
    ev.delay_ms = delay;
    ev.reused = reused;
    ev.cf_ray = cf_ray ? cf_ray : "";
    c->cfg.log(c->cfg.log_ctx, &ev);
}
#define LOG_EV(c, k, m, a, s, e, st, d, r, ray) log_event(c, k, m, a, s, e, st, d, r, ray)
#else
/* compiled out: no call, no string; (a) keeps the attempt counter "used" */
#define LOG_EV(c, k, m, a, s, e, st, d, r, ray) ((void)(a))
#endif

/* ---- init ---------------------------------------------------------------- */

static bool port_complete(const aigw_port_t *p)
{
    return p && p->connect && p->send && p->recv && p->close && p->now;
}

/* Zero means "the default" for every limit; then the ranges. */
static aigw_err_t config_defaults(aigw_client_config_t *cfg)
{
    if (!cfg->connect_timeout_ms) cfg->connect_timeout_ms = 10000;
    if (!cfg->response_timeout_ms) cfg->response_timeout_ms = 30000;
    if (!cfg->call_timeout_ms) cfg->call_timeout_ms = 60000;
    if (!cfg->max_attempts) cfg->max_attempts = 3;
    if (!cfg->backoff_base_ms) cfg->backoff_base_ms = 500;
    if (!cfg->backoff_cap_ms) cfg->backoff_cap_ms = 8000;
    if (!cfg->jitter_pct) cfg->jitter_pct = 25;
    if (cfg->jitter_pct == AIGW_NO_JITTER) cfg->jitter_pct = 0;
    if (cfg->jitter_pct > 100) return AIGW_E_ARG;
    if (!cfg->retry_after_cap_ms) cfg->retry_after_cap_ms = 60000;
    if (cfg->backoff > AIGW_RETRY_LINEAR) return AIGW_E_ARG;
    return AIGW_OK;
}

aigw_err_t aigw_client_init(aigw_client_t *c, const aigw_client_config_t *cfg,
                            void *io, size_t io_cap)
{
    const char *base;
    aigw_err_t e;
    if (!c || !cfg || !io || io_cap < AIGW_CLIENT_IO_MIN) return AIGW_E_ARG;
    memset(c, 0, sizeof *c);
    if (!port_complete(cfg->port)) return AIGW_E_PORT;
    if (!cfg->account_id) return AIGW_E_ARG;
    c->cfg = *cfg;
    e = config_defaults(&c->cfg);
    if (e != AIGW_OK) return e;

    base = c->cfg.base_url ? c->cfg.base_url : AIGW_DEFAULT_BASE_URL;
    c->cfg.base_url = base;
    e = aigw_url_parse(base, strlen(base), &c->url);
    if (e != AIGW_OK) return e;
    e = aigw_url_host_cstr(&c->url, c->host, sizeof c->host);
    /* aigw_url_parse() refused hosts over AIGW_URL_HOST_MAX, which c->host holds */
    if (e != AIGW_OK) return AIGW_E_URL; /* LCOV_EXCL_BR_LINE: docs/COVERAGE.md */
    c->io = (uint8_t *)io;
    c->io_cap = io_cap;
    c->rng = cfg->rng_seed ? cfg->rng_seed : (uint32_t)(now_ms(c) * 2654435761u) | 1u;
    return AIGW_OK;
}

void aigw_result_init(aigw_result_t *r, void *body, size_t body_cap,
                      aigw_tok_t *tok, size_t tok_cap, void *arena, size_t arena_cap)
{
    if (!r) return;
    memset(r, 0, sizeof *r);
    r->body = (uint8_t *)body;
    r->body_cap = body ? body_cap : 0;
    r->tok = tok;
    r->tok_cap = tok ? tok_cap : 0;
    aigw_arena_init(&r->arena, arena, arena ? arena_cap : 0);
}

void aigw_client_close(aigw_client_t *c)
{
    if (!c) return;
    if (c->connected) c->cfg.port->close(c->cfg.port->ctx);
    c->connected = 0;
    if (c->io) aigw_wipe(c->io, c->io_cap);
}

/* ---- request ------------------------------------------------------------- */

/* What one attempt sends; built once per call. */
typedef struct call {
    aigw_http_method_t method;
    const char *id;
    const aigw_params_t *params; /* NULL for GET */
    size_t body_len;
    aigw_ms_t start;
    aigw_ms_t deadline;          /* the whole call */
} call_t;

static void drop_connection(aigw_client_t *c)
{
    if (c->connected) c->cfg.port->close(c->cfg.port->ctx);
    c->connected = 0;
}

/* What a kept-alive connection holds between two exchanges. */
typedef enum { CONN_IDLE, CONN_STALE, CONN_GONE } conn_state_t;

/* Out of line: receive() and keep_if_idle() share it without carrying the
 * log call's arguments in their own frames. */
NOINLINE static void drop_stale(aigw_client_t *c, const call_t *k, unsigned n)
{
    (void)k; /* only logged */
    drop_connection(c);
    c->stale_closed++;
    LOG_EV(c, AIGW_LOG_STALE, k->method, n, c->resp.status, AIGW_OK, k->start, 0, 1, NULL);
}

/* Between exchanges the server has nothing to say: a byte waiting there is
 * not the answer to the next request (a second response, the tail of a body
 * longer than its Content-Length), so the connection is closed unread. A
 * port that cannot tell (no pending()) never keeps one. */
static conn_state_t keep_if_idle(aigw_client_t *c, const call_t *k, unsigned n)
{
    aigw_port_t *p = c->cfg.port;
    size_t waiting = 0;
    aigw_err_t e = p->pending ? p->pending(p->ctx, &waiting) : AIGW_E_PORT;
    if (e == AIGW_OK && waiting == 0) return CONN_IDLE;
    if (e != AIGW_OK) {
        drop_connection(c);
        return CONN_GONE;
    }
    drop_stale(c, k, n);
    return CONN_STALE;
}

static void fill_req(const aigw_client_t *c, const call_t *k, aigw_http_req_t *req, unsigned flags)
{
    memset(req, 0, sizeof *req);
    req->method = k->method;
    req->url = &c->url;
    req->account_id.ptr = c->cfg.account_id;
    req->account_id.len = strlen(c->cfg.account_id);
    req->gateway_id.ptr = k->id;
    req->gateway_id.len = strlen(k->id);
    req->auth = &c->cfg.auth;
    req->content_length = k->body_len;
    req->flags = flags | (c->cfg.close_after_call ? AIGW_HTTP_REQ_CLOSE : 0u);
}

/* Check everything that can be checked before the network: params, id,
 * path segments, header values; and measure the body. */
static aigw_err_t prepare(aigw_client_t *c, call_t *k, aigw_diag_t *diag)
{
    aigw_sink_t count;
    aigw_http_req_t req;
    aigw_err_t e;
    if (!k->id) return AIGW_E_ARG;
    e = aigw_id_validate(k->id, strlen(k->id), diag);
    if (e != AIGW_OK) return e;
    if (k->params) {
        if (!c->cfg.skip_validation) {
            e = aigw_params_validate(k->params, diag);
            if (e != AIGW_OK) return e;
        }
        aigw_sink_init_count(&count);
        e = aigw_params_encode(k->params, &count, diag);
        if (e == AIGW_OK) e = aigw_sink_finish(&count);
        if (e != AIGW_OK) return e;
        k->body_len = count.total;
    }
    /* a dry write of the head checks ids and credentials */
    aigw_sink_init_count(&count);
    fill_req(c, k, &req, 0);
    e = aigw_http_write_request(&count, &req, diag);
    if (e == AIGW_OK) e = aigw_sink_finish(&count);
    return e;
}

typedef struct send_ctx {
    aigw_client_t *c;
    aigw_ms_t deadline;
    aigw_err_t err;  /* the port's error behind AIGW_E_SINK */
} send_ctx_t;

static aigw_err_t flush_to_port(void *ctx, const uint8_t *data, size_t len)
{
    send_ctx_t *s = (send_ctx_t *)ctx;
    aigw_port_t *p = s->c->cfg.port;
    while (len > 0) {
        size_t n = 0;
        aigw_err_t e = p->send(p->ctx, data, len, &n, s->deadline);
        if (e == AIGW_OK && n == 0) e = AIGW_E_SEND; /* a port must not report progress without bytes */
        if (e != AIGW_OK) {
            s->err = e;
            return AIGW_E_SINK;
        }
        data += n;
        len -= n;
    }
    return AIGW_OK;
}

/* The head into a sink; req lives in this frame only, not under the body's encoder. */
NOINLINE static aigw_err_t write_head(const aigw_client_t *c, const call_t *k, aigw_sink_t *sink,
                                      unsigned flags, aigw_diag_t *diag)
{
    aigw_http_req_t req;
    fill_req(c, k, &req, flags);
    return aigw_http_write_request(sink, &req, diag);
}

/* Stream head and body through the io buffer into the port. */
NOINLINE static aigw_err_t send_request(aigw_client_t *c, const call_t *k, aigw_diag_t *diag)
{
    aigw_sink_t sink;
    send_ctx_t sc;
    aigw_err_t e;
    sc.c = c;
    sc.deadline = k->deadline;
    sc.err = AIGW_OK;
    aigw_sink_init_stream(&sink, c->io, c->io_cap, flush_to_port, &sc);
    e = write_head(c, k, &sink, 0, diag);
    if (e == AIGW_OK && k->params) e = aigw_params_encode(k->params, &sink, diag);
    /* prepare() wrote this head and body into a counting sink: only the port can fail here */
    if (e == AIGW_OK || e == AIGW_E_SINK) { /* LCOV_EXCL_BR_LINE: docs/COVERAGE.md */
        aigw_err_t f = aigw_sink_finish(&sink);
        if (e == AIGW_OK) e = f;
    }
    aigw_wipe(c->io, c->io_cap); /* it held the credentials */
    if (e == AIGW_E_SINK && sc.err != AIGW_OK) e = sc.err; /* LCOV_EXCL_BR_LINE: as above */
    if (e == AIGW_E_WOULD_BLOCK) e = AIGW_E_TIMEOUT_CALL;
    return e;
}

/* ---- response ------------------------------------------------------------ */

/* The peer closed: a close-delimited body ends here; anything else was cut. */
static aigw_err_t recv_eof(aigw_client_t *c, aigw_http_resp_t *h)
{
    aigw_err_t e = aigw_http_resp_feed_eof(h);
    if (e == AIGW_OK) {
        c->connected = 0; /* the peer is gone */
        c->cfg.port->close(c->cfg.port->ctx);
        return AIGW_OK;
    }
    return h->nread == 0 ? AIGW_E_EOF : e;
}

/* got bytes from the port into the parser; *done once the response is complete. */
static aigw_err_t recv_bytes(aigw_client_t *c, const call_t *k, aigw_result_t *r, unsigned n, size_t got,
                             bool *done)
{
    aigw_http_resp_t *h = &c->resp;
    size_t used = 0;
    aigw_err_t e;
    if (got == 0 || got > c->io_cap) return AIGW_E_PORT;
    e = aigw_http_resp_feed(h, c->io, got, &used);
    if (e != AIGW_OK) {
        /* a Content-Length of 0 never overflows: the last test is only a guard */
        if (e == AIGW_E_HTTP_BODY_TOO_LARGE && (h->flags & AIGW_HTTP_F_CONTENT_LENGTH) &&
            h->content_length > 0) /* LCOV_EXCL_BR_LINE: docs/COVERAGE.md */
            r->diag.needed = (size_t)h->content_length;
        return e;
    }
    if (!h->done) return AIGW_OK;
    /* anything after the response is not ours: never let a later call read it */
    if (used < got)
        drop_stale(c, k, n);
    else if (!h->keep_alive)
        drop_connection(c);
    else
        (void)keep_if_idle(c, k, n); /* cheap now; asked again before reuse */
    *done = true;
    return AIGW_OK;
}

/* Receive one response into r->body. */
NOINLINE static aigw_err_t receive(aigw_client_t *c, const call_t *k, aigw_result_t *r, unsigned n)
{
    aigw_port_t *p = c->cfg.port;
    aigw_http_resp_t *h = &c->resp;
    aigw_ms_t first = min_ms(now_ms(c) + c->cfg.response_timeout_ms, k->deadline);
    aigw_http_resp_init(h, r->body, r->body_cap);
    for (;;) {
        size_t got = 0;
        bool done = false;
        aigw_ms_t dl = h->nread ? k->deadline : first;
        aigw_err_t e = p->recv(p->ctx, c->io, c->io_cap, &got, dl);
        if (e == AIGW_E_WOULD_BLOCK) {
            if (now_ms(c) < dl) continue; /* a port woke early: wait on */
            return (h->nread == 0 && dl < k->deadline) ? AIGW_E_TIMEOUT_RESPONSE : AIGW_E_TIMEOUT_CALL;
        }
        if (e == AIGW_E_EOF) return recv_eof(c, h);
        if (e != AIGW_OK) return e;
        e = recv_bytes(c, k, r, n, got, &done);
        if (e != AIGW_OK || done) return e;
    }
}

static bool status_retryable(uint16_t s)
{
    return s == 408 || s == 409 || s == 429 || s >= 500;
}

/* A complete non-2xx answer: the server's x-should-retry, when it gave one,
 * overrules the status rule (as in Cloudflare's SDKs). */
static bool answer_retryable(const aigw_http_resp_t *h)
{
    if (!h->done || (h->status >= 200 && h->status <= 299)) return false;
    if (h->flags & AIGW_HTTP_F_SHOULD_RETRY) return true;
    if (h->flags & AIGW_HTTP_F_SHOULD_NOT_RETRY) return false;
    return status_retryable(h->status);
}

/* The server's requested delay; a Retry-After date without a Date header is
 * measured against the wall clock when there is a plausible one. */
static int server_delay_ms(const aigw_client_t *c, uint32_t *ms)
{
    const aigw_http_resp_t *h = &c->resp;
    int64_t wall;
    uint64_t v;
    if (aigw_http_retry_after_ms(h, ms)) return 1;
    if (h->retry_after_kind != AIGW_HTTP_RETRY_DATE || !c->cfg.wall_clock) return 0;
    wall = c->cfg.wall_clock(c->cfg.wall_clock_ctx);
    if (wall < AIGW_CLIENT_CLOCK_FLOOR) return 0;
    v = h->retry_after > wall ? (uint64_t)(h->retry_after - wall) : 0;
    *ms = v > UINT32_MAX / 1000u ? UINT32_MAX : (uint32_t)(v * 1000u);
    return 1;
}

static bool err_retryable(aigw_err_t e)
{
    switch (e) {
    case AIGW_E_DNS: case AIGW_E_CONNECT: case AIGW_E_SEND: case AIGW_E_RECV: case AIGW_E_EOF:
    case AIGW_E_TIMEOUT_CONNECT: case AIGW_E_TIMEOUT_HANDSHAKE: case AIGW_E_TIMEOUT_RESPONSE:
    case AIGW_E_HTTP_TRUNCATED: case AIGW_E_PROXY_UNREACHABLE:
        return true;
    default:
        return false;
    }
}

/* Decode r->body: a gateway for 2xx + success, else the API's errors. */
NOINLINE static aigw_err_t decode(aigw_result_t *r, uint16_t status)
{
    aigw_json_t js;
    aigw_envelope_t env;
    aigw_err_t e;
    size_t i;
    r->arena.used = 0;
    e = aigw_json_parse_in_place(&js, (char *)r->body, r->body_len, r->tok, r->tok_cap, &r->diag);
    if (e != AIGW_OK) return e;
    aigw_envelope_init(&env, r->errors, AIGW_MAX_API_ERRORS, r->messages, AIGW_MAX_API_MESSAGES);
    e = aigw_envelope_decode(&js, &r->arena, &env, &r->diag);
    if (e != AIGW_OK) return e;
    r->error_count = env.errors_count;
    r->error_total = env.errors_total;
    r->errors_more = env.errors_more;
    r->message_count = env.messages_count;
    r->message_total = env.messages_total;
    r->messages_more = env.messages_more;
    if (status >= 200 && status <= 299 && env.success.state == AIGW_SET && env.success.value) {
        if (env.result_state != AIGW_SET || r->tok[env.result_tok].type != AIGW_TOK_OBJECT) {
            memset(&r->diag, 0, sizeof r->diag);
            r->diag.rule = "result object";
            /* NOLINTNEXTLINE(misc-redundant-expression): the 2nd bound matters if AIGW_DIAG_PATH_MAX < 7 */
            for (i = 0; i < sizeof "result" && i < sizeof r->diag.path; i++) /* LCOV_EXCL_BR_LINE: a constant */
                r->diag.path[i] = "result"[i];
            return AIGW_E_ENVELOPE;
        }
        return aigw_gateway_decode(&js, env.result_tok, &r->arena, &r->gateway, &r->diag);
    }
    return AIGW_E_API;
}

/* Connect a new connection within the connect budget and the call's deadline. */
static aigw_err_t open_connection(aigw_client_t *c, const call_t *k, unsigned n)
{
    aigw_port_t *p = c->cfg.port;
    aigw_ms_t dl = min_ms(now_ms(c) + c->cfg.connect_timeout_ms, k->deadline);
    aigw_err_t e = p->connect(p->ctx, c->host, c->url.port, dl);
    LOG_EV(c, AIGW_LOG_CONNECT, k->method, n, 0, e, k->start, 0, 0, NULL);
    if (e != AIGW_OK) {
        p->close(p->ctx);
        if ((e == AIGW_E_TIMEOUT_CONNECT || e == AIGW_E_TIMEOUT_HANDSHAKE) && dl >= k->deadline)
            return AIGW_E_TIMEOUT_CALL;
        return e;
    }
    c->connected = 1;
    c->connections++;
    return AIGW_OK;
}

/* A kept-alive connection the server had already closed: nothing of the
 * response arrived, so the request was not processed and may be sent again. */
static bool dead_when_reused(const aigw_client_t *c, uint8_t reused, aigw_err_t e)
{
    return reused && c->resp.nread == 0 &&
           (e == AIGW_E_EOF || e == AIGW_E_RECV || e == AIGW_E_SEND || e == AIGW_E_TLS_CLOSED);
}

/* One attempt: connect if needed, send, receive. Reopens a dead kept-alive
 * connection once. */
NOINLINE static aigw_err_t attempt(aigw_client_t *c, const call_t *k, aigw_result_t *r, unsigned n)
{
    int reopen;
    /* the second pass has reused == 0 (drop_connection() ran), so it never continues: the
     * loop ends by a return, the bound only caps the passes */
    for (reopen = 0; reopen < 2; reopen++) { /* LCOV_EXCL_BR_LINE: docs/COVERAGE.md */
        uint8_t reused;
        aigw_err_t e = AIGW_OK;
        if (c->connected && keep_if_idle(c, k, n) == CONN_GONE) {
            /* closed (or reset) while idle: the transparent reopen, found early */
            r->reconnected = 1;
            LOG_EV(c, AIGW_LOG_RECONNECT, k->method, n, 0, AIGW_E_EOF, k->start, 0, 1, NULL);
        }
        reused = c->connected;
        aigw_http_resp_init(&c->resp, r->body, r->body_cap); /* no stale status from an earlier call */
        if (!c->connected) e = open_connection(c, k, n);
        if (e != AIGW_OK) return e;
        e = send_request(c, k, &r->diag);
        if (e == AIGW_OK) e = receive(c, k, r, n);
        r->status = c->resp.status;
        r->body_len = c->resp.body_len;
        memcpy(r->cf_ray, c->resp.cf_ray, sizeof r->cf_ray);
        if (e == AIGW_OK) return AIGW_OK;
        drop_connection(c);
        if (!dead_when_reused(c, reused, e)) return e;
        r->reconnected = 1;
        LOG_EV(c, AIGW_LOG_RECONNECT, k->method, n, 0, e, k->start, 0, 1, NULL);
    }
    return AIGW_E_EOF; /* LCOV_EXCL_LINE: see the loop's bound */
}

static uint32_t backoff_ms(aigw_client_t *c, unsigned retry)
{
    uint64_t d = c->cfg.backoff_base_ms;
    if (c->cfg.backoff == AIGW_RETRY_LINEAR) d *= (uint64_t)retry + 1u;
    else if (c->cfg.backoff == AIGW_RETRY_EXPONENTIAL) d <<= (retry < 31 ? retry : 31);
    if (d > c->cfg.backoff_cap_ms) d = c->cfg.backoff_cap_ms;
    if (c->cfg.jitter_pct) {
        /* subtract up to jitter_pct percent, as the official SDKs do */
        uint64_t j = d * c->cfg.jitter_pct / 100u;
        if (j) d -= rng_next(c) % (j + 1u);
    }
    return (uint32_t)d;
}

/* The result's per-attempt parts, cleared before attempt n. */
static void attempt_reset(aigw_result_t *r, unsigned n)
{
    r->attempts = n;
    memset(&r->diag, 0, sizeof r->diag);
    r->error_count = r->error_total = 0;
    r->errors_more = false;
    r->message_count = r->message_total = 0;
    r->messages_more = false;
    memset(&r->gateway, 0, sizeof r->gateway);
}

/* After failed attempt n (error e): whether to try again and, if so, the wait.
 * A broken exchange, or a complete answer whose status invites a retry; the
 * server's Retry-After (capped) over the backoff; never past the deadline.
 * Not inlined: its locals would sit in run()'s frame under the decoder's path. */
NOINLINE static bool retry_wait(aigw_client_t *c, const call_t *k, const aigw_result_t *r, unsigned n, aigw_err_t e)
{
    uint32_t delay;
    aigw_ms_t t;
    if (n >= c->cfg.max_attempts) return false;
    if (!err_retryable(e) && !answer_retryable(&c->resp)) return false;
    if (r->status && c->resp.err == AIGW_OK && server_delay_ms(c, &delay)) {
        if (delay > c->cfg.retry_after_cap_ms) delay = c->cfg.retry_after_cap_ms;
    } else {
        delay = backoff_ms(c, n - 1);
    }
    t = now_ms(c);
    if (t + delay >= k->deadline) return false; /* no time left for another attempt */
    LOG_EV(c, AIGW_LOG_RETRY, k->method, n, r->status, e, k->start, delay, 0, r->cf_ray);
    if (c->cfg.port->sleep) c->cfg.port->sleep(c->cfg.port->ctx, delay);
    else
        while (now_ms(c) < t + delay) { /* busy-wait: the port has no sleep */ }
    return true;
}

static aigw_err_t run(aigw_client_t *c, call_t *k, aigw_result_t *r)
{
    unsigned n;
    aigw_err_t e;
    k->start = now_ms(c);
    k->deadline = k->start + c->cfg.call_timeout_ms;
    e = prepare(c, k, &r->diag); /* refused before the network: no attempt */
    for (n = 1; e == AIGW_OK; n++) {
        attempt_reset(r, n);
        e = attempt(c, k, r, n);
        if (e == AIGW_OK) e = decode(r, r->status);
        LOG_EV(c, AIGW_LOG_RESPONSE, k->method, n, r->status, e, k->start, 0, 0, r->cf_ray);
        if (e == AIGW_OK || !retry_wait(c, k, r, n, e)) break;
        e = AIGW_OK;
    }
    /* a complete answer (an API error included) leaves the connection usable;
     * attempt() and receive() already closed it after anything broken */
    if (e != AIGW_OK && !c->resp.done) drop_connection(c);
    if (c->cfg.close_after_call) drop_connection(c);
    aigw_wipe(c->io, c->io_cap);
    r->err = e;
    r->diag.err = e;
    r->elapsed_ms = elapsed32(k->start, now_ms(c));
    LOG_EV(c, AIGW_LOG_DONE, k->method, r->attempts, r->status, e, k->start, 0, 0, r->cf_ray);
    return e;
}

aigw_err_t aigw_gateway_update(aigw_client_t *c, const char *gateway_id,
                               const aigw_params_t *p, aigw_result_t *r)
{
    call_t k;
    if (!c || !r || !p || !c->io) return AIGW_E_ARG;
    memset(&k, 0, sizeof k);
    k.method = AIGW_HTTP_PUT;
    k.id = gateway_id;
    k.params = p;
    return run(c, &k, r);
}

aigw_err_t aigw_gateway_get(aigw_client_t *c, const char *gateway_id, aigw_result_t *r)
{
    call_t k;
    if (!c || !r || !c->io) return AIGW_E_ARG;
    memset(&k, 0, sizeof k);
    k.method = AIGW_HTTP_GET;
    k.id = gateway_id;
    return run(c, &k, r);
}

aigw_err_t aigw_request_preview(aigw_client_t *c, const char *gateway_id, const aigw_params_t *p,
                                char *buf, size_t cap, size_t *out_len, aigw_diag_t *diag)
{
    call_t k;
    aigw_sink_t sink;
    aigw_http_req_t req;
    aigw_diag_t local;
    aigw_err_t e;
    if (!c || !c->io || (!buf && cap) || !out_len) return AIGW_E_ARG;
    if (!diag) diag = &local;
    memset(diag, 0, sizeof *diag);
    memset(&k, 0, sizeof k);
    k.method = p ? AIGW_HTTP_PUT : AIGW_HTTP_GET;
    k.id = gateway_id;
    k.params = p;
    *out_len = 0;
    e = prepare(c, &k, diag);
    if (e != AIGW_OK) return e;
    aigw_sink_init_buffer(&sink, buf, cap);
    fill_req(c, &k, &req, AIGW_HTTP_REQ_MASK_SECRETS);
    e = aigw_http_write_request(&sink, &req, diag);
    /* a head that did not fit is still counted on: needed covers the body too. prepare()
     * checked head and body, so a too small buffer is the only failure left */
    if ((e == AIGW_OK || e == AIGW_E_BUFFER) && p) /* LCOV_EXCL_BR_LINE: docs/COVERAGE.md */
        e = aigw_params_encode(p, &sink, diag);
    if (e == AIGW_OK || e == AIGW_E_BUFFER) e = aigw_sink_finish(&sink); /* LCOV_EXCL_BR_LINE: as above */
    *out_len = sink.total;
    if (e == AIGW_E_BUFFER) diag->needed = sink.total;
    diag->err = e;
    return e;
}
