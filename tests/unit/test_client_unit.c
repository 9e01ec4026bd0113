/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the client loop (core/client.c) over the scripted in-memory
 * port (script_port.h) with a virtual clock: exact request bytes, results,
 * delays and deadlines, for retries, keep-alive, the transparent reconnect,
 * Retry-After in its three forms, credential wiping, the log hook and every
 * error path. No socket, no real time: the whole suite runs in milliseconds.
 */
#include <stdio.h>
#include <string.h>

#include "aigw/aigw_client.h"
#include "aigw_test.h"
#include "script_port.h"

#define BASE "http://api.test:8080/v4"
#define TOKEN "tok-SECRET-123"
#define T0 1000000u /* the virtual clock's start, so "0" is never a valid time by accident */

#define GET_HEAD                                                  \
    "GET /v4/accounts/acc/ai-gateway/gateways/gw HTTP/1.1\r\n"    \
    "Host: api.test:8080\r\n"                                     \
    "Authorization: Bearer " TOKEN "\r\n"                         \
    "Accept: application/json\r\n"                               \
    "User-Agent: aigw/" AIGW_VERSION "\r\n"                       \
    "\r\n"
#define PUT_BODY                                                                                   \
    "{\"cache_invalidate_on_update\":false,\"cache_ttl\":300,\"collect_logs\":true,"             \
    "\"rate_limiting_interval\":null,\"rate_limiting_limit\":null}"
#define PUT_REQ                                                   \
    "PUT /v4/accounts/acc/ai-gateway/gateways/gw HTTP/1.1\r\n"    \
    "Host: api.test:8080\r\n"                                     \
    "Authorization: Bearer " TOKEN "\r\n"                         \
    "Content-Type: application/json\r\n"                          \
    "Content-Length: 129\r\n"                                     \
    "Accept: application/json\r\n"                                \
    "User-Agent: aigw/" AIGW_VERSION "\r\n"                       \
    "\r\n" PUT_BODY

#define OK_BODY "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"id\":\"gw\",\"cache_ttl\":300}}"
#define OK_BODY2 "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"id\":\"gw\",\"cache_ttl\":301}}"
#define ERR_BODY "{\"success\":false,\"errors\":[{\"code\":7003,\"message\":\"busy\"}],\"messages\":[],\"result\":null}"

/* "HTTP/1.1 <status>\r\n<headers>Content-Length: n\r\n\r\n<body>" with n computed */
#define CL(len) "Content-Length: " #len "\r\n\r\n"
#define OK200 "HTTP/1.1 200 OK\r\nCF-RAY: 8f-LHR\r\n" CL(79) OK_BODY
#define OK200B "HTTP/1.1 200 OK\r\nCF-RAY: 8f-CDG\r\n" CL(79) OK_BODY2
#define R503(hdrs) "HTTP/1.1 503 Service Unavailable\r\n" hdrs CL(87) ERR_BODY

/* ---- fixture -------------------------------------------------------------- */

#define MAX_EV 32
typedef struct fixture {
    aigw_client_t c;
    aigw_client_config_t cfg;
    aigw_script_port_t sp;
    uint8_t io[128];
    uint8_t sent[8192];
    uint8_t body[1024];
    aigw_tok_t tok[64];
    uint64_t arena[64];
    aigw_result_t r;
    aigw_params_t p;
    aigw_log_event_t ev[MAX_EV];
    char ev_ray[MAX_EV][AIGW_HTTP_CF_RAY_MAX];
    unsigned nev;
} fixture_t;

static fixture_t F;

static void on_log(void *ctx, const aigw_log_event_t *ev)
{
    fixture_t *f = (fixture_t *)ctx;
    if (f->nev < MAX_EV) {
        f->ev[f->nev] = *ev;
        strncpy(f->ev_ray[f->nev], ev->cf_ray, AIGW_HTTP_CF_RAY_MAX - 1);
        f->ev[f->nev].cf_ray = f->ev_ray[f->nev];
    }
    f->nev++;
}

/* A client over the script conn[0..n-1] with fixed, jitter-free retries
 * (base 100 ms, exponential) and a port that sleeps. Tests change F.cfg
 * and call init() again when they need other settings. */
static void init(void)
{
    EXPECT(aigw_client_init(&F.c, &F.cfg, F.io, sizeof F.io) == AIGW_OK);
    aigw_result_init(&F.r, F.body, sizeof F.body, F.tok, 64, F.arena, sizeof F.arena);
}

/* The scripted servers answer each request when it comes (rx_on_request: a
 * connection's next rx_chunk piece arrives only when the client reads on), and
 * a scripted end (close, reset) happens between two calls: pending() reports
 * the connection idle right after a response and shows the end when the next
 * call asks before reusing it. A test that wants it otherwise sets the fields. */
static void setup(aigw_sp_conn_t *conn, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        conn[i].rx_on_request = 1;
        if (!conn[i].idle_pendings) conn[i].idle_pendings = 1;
    }
    memset(&F, 0, sizeof F);
    aigw_sp_init(&F.sp, conn, n, T0, 1);
    aigw_sp_record(&F.sp, F.sent, sizeof F.sent);
    F.cfg.base_url = BASE;
    F.cfg.account_id = "acc";
    F.cfg.auth.kind = AIGW_AUTH_TOKEN;
    F.cfg.auth.token.ptr = TOKEN;
    F.cfg.auth.token.len = strlen(TOKEN);
    F.cfg.port = &F.sp.port;
    F.cfg.backoff_base_ms = 100;
    F.cfg.jitter_pct = AIGW_NO_JITTER;
    F.cfg.rng_seed = 1;
    F.cfg.log = on_log;
    F.cfg.log_ctx = &F;
    F.p.cache_invalidate_on_update.state = AIGW_SET;
    F.p.cache_ttl.state = AIGW_SET;
    F.p.cache_ttl.value = 300;
    F.p.collect_logs.state = AIGW_SET;
    F.p.collect_logs.value = true;
    F.p.rate_limiting_interval.state = AIGW_NULL;
    F.p.rate_limiting_limit.state = AIGW_NULL;
    init();
}

static aigw_err_t get(void)
{
    aigw_result_init(&F.r, F.body, sizeof F.body, F.tok, 64, F.arena, sizeof F.arena);
    return aigw_gateway_get(&F.c, "gw", &F.r);
}

static aigw_err_t put(void)
{
    aigw_result_init(&F.r, F.body, sizeof F.body, F.tok, 64, F.arena, sizeof F.arena);
    return aigw_gateway_update(&F.c, "gw", &F.p, &F.r);
}

static int all_zero(const uint8_t *p, size_t n)
{
    while (n--)
        if (*p++) return 0;
    return 1;
}

/* The bytes conn k received equal want. */
static int sent_is(const aigw_sp_conn_t *k, const char *want)
{
    size_t n = strlen(want);
    return k->sent_len == n && memcmp(F.sent + k->sent_at, want, n) == 0;
}

static int contains(const uint8_t *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle), i;
    for (i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0) return 1;
    return 0;
}

static int text_is(const aigw_text_t *t, const char *want)
{
    return t->state == AIGW_SET && t->value.len == strlen(want) && memcmp(t->value.ptr, want, t->value.len) == 0;
}

/* the log's kinds, as a string of letters: C connect, R response, T retry, X reconnect, D done */
static const char *log_kinds(void)
{
    static char s[MAX_EV + 1];
    unsigned i;
    for (i = 0; i < F.nev && i < MAX_EV; i++) s[i] = "CRTXD"[F.ev[i].kind];
    s[i] = '\0';
    return s;
}

/* ---- success, exact bytes, keep-alive -------------------------------------- */

static void get_sends_exact_head_and_decodes(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = OK200;
    setup(k, 1);
    EXPECT(get() == AIGW_OK);
    EXPECT(F.r.err == AIGW_OK && F.r.diag.err == AIGW_OK);
    EXPECT(F.r.status == 200 && F.r.attempts == 1 && F.r.reconnected == 0);
    EXPECT(text_is(&F.r.gateway.id, "gw"));
    EXPECT(F.r.gateway.params.cache_ttl.state == AIGW_SET && F.r.gateway.params.cache_ttl.value == 300);
    EXPECT(strcmp(F.r.cf_ray, "8f-LHR") == 0);
    EXPECT(F.r.body_len == 79);
    EXPECTF(sent_is(&k[0], GET_HEAD), "sent %.*s", (int)k[0].sent_len, (const char *)F.sent);
    EXPECT(strcmp(F.sp.host, "api.test") == 0 && F.sp.tcp_port == 8080);
    EXPECT(F.sp.connect_deadline == T0 + 10000); /* default connect timeout */
    EXPECT(k[0].first_recv_deadline == T0 + 30000); /* default response timeout to the first byte */
    EXPECT(F.sp.recv_deadline == T0 + 60000);       /* then the call's deadline */
    EXPECT(F.c.connected == 1 && F.sp.closes == 0 && F.c.connections == 1);
    EXPECT(all_zero(F.io, sizeof F.io));
    EXPECT(F.r.elapsed_ms == 0 && F.sp.violations == 0);
}

static void put_sends_exact_head_and_body(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = OK200;
    k[0].send_chunk = 7; /* partial sends: the client sends the rest */
    setup(k, 1);
    EXPECT(put() == AIGW_OK);
    EXPECTF(sent_is(&k[0], PUT_REQ), "sent %.*s", (int)k[0].sent_len, (const char *)F.sent);
    EXPECT(F.sp.sends >= (sizeof PUT_REQ - 1 + 6) / 7);
    EXPECT(F.r.status == 200 && F.r.attempts == 1);
    EXPECT(all_zero(F.io, sizeof F.io));
}

static void keep_alive_reuses_the_connection(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = OK200 OK200B;
    k[0].rx_chunk = sizeof OK200 - 1; /* one response per read, each after its request */
    setup(k, 1);
    EXPECT(get() == AIGW_OK);
    EXPECT(get() == AIGW_OK);
    EXPECT(F.r.gateway.params.cache_ttl.value == 301 && strcmp(F.r.cf_ray, "8f-CDG") == 0);
    EXPECT(F.sp.connects == 1 && F.c.connections == 1 && F.r.reconnected == 0);
    EXPECT(sent_is(&k[0], GET_HEAD GET_HEAD));
    /* the second call connects no more */
    EXPECTF(strcmp(log_kinds(), "CRDRD") == 0, "log %s", log_kinds());
}

static void bytes_after_the_response_close_the_connection(void)
{
    aigw_sp_conn_t k[2] = {{0}, {0}};
    k[0].rx = OK200 "HTTP/1.1 200 OK\r\n"; /* a stray second answer in the same read */
    k[1].rx = OK200B;
    setup(k, 2);
    EXPECT(get() == AIGW_OK);
    EXPECT(F.c.connected == 0 && F.sp.closes == 1);
    EXPECT(get() == AIGW_OK); /* a new connection: never the stray bytes */
    EXPECT(F.r.gateway.params.cache_ttl.value == 301);
    EXPECT(F.sp.connects == 2 && F.r.reconnected == 0);
}

static void connection_close_response_is_not_kept(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = "HTTP/1.1 200 OK\r\nConnection: close\r\n" CL(79) OK_BODY;
    setup(k, 1);
    EXPECT(get() == AIGW_OK);
    EXPECT(F.c.connected == 0 && F.sp.closes == 1);
}

static void close_delimited_body_ends_at_eof(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" OK_BODY;
    k[0].end = AIGW_SP_EOF;
    setup(k, 1);
    EXPECT(get() == AIGW_OK);
    EXPECT(F.r.body_len == 79 && text_is(&F.r.gateway.id, "gw"));
    EXPECT(F.c.connected == 0 && F.sp.closes >= 1);
}

static void close_after_call_sends_connection_close(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = OK200;
    setup(k, 1);
    F.cfg.close_after_call = true;
    init();
    EXPECT(get() == AIGW_OK);
    EXPECT(sent_is(&k[0], "GET /v4/accounts/acc/ai-gateway/gateways/gw HTTP/1.1\r\n"
                          "Host: api.test:8080\r\n"
                          "Authorization: Bearer " TOKEN "\r\n"
                          "Accept: application/json\r\n"
                          "User-Agent: aigw/" AIGW_VERSION "\r\n"
                          "Connection: close\r\n"
                          "\r\n"));
    EXPECT(F.c.connected == 0 && F.sp.closes == 1);
}

/* ---- transparent reconnect of a dead kept-alive connection ---------------- */

/* conn 0 answers once and then dies the given way: found by pending() before
 * the second call reuses it (early), or only by the second call's send or
 * recv (late: pending() said idle both times, the peer died in between) */
static void reconnect_case_at(aigw_sp_end_t end, aigw_err_t end_err, int send_fails, const char *name,
                              unsigned idle_pendings)
{
    aigw_sp_conn_t k[2] = {{0}, {0}};
    k[0].rx = OK200;
    k[0].end = end;
    k[0].end_err = end_err;
    k[0].idle_pendings = idle_pendings;
    if (send_fails) {
        k[0].send_err = AIGW_E_SEND;
        k[0].send_ok = sizeof GET_HEAD - 1; /* the first request only */
    }
    k[1].rx = OK200B;
    setup(k, 2);
    EXPECT(get() == AIGW_OK);
    F.nev = 0;
    EXPECTF(get() == AIGW_OK, "%s: %s", name, aigw_strerror(F.r.err));
    EXPECTF(F.r.reconnected == 1 && F.r.attempts == 1, "%s", name);
    EXPECT(F.r.gateway.params.cache_ttl.value == 301);
    EXPECT(F.sp.connects == 2 && sent_is(&k[1], GET_HEAD));
    EXPECTF(strcmp(log_kinds(), "XCRD") == 0, "%s: log %s", name, log_kinds());
    EXPECT(F.ev[0].reused == 1 && F.ev[0].attempt == 1);
}

static void reconnect_case(aigw_sp_end_t end, aigw_err_t end_err, int send_fails, const char *name)
{
    reconnect_case_at(end, end_err, send_fails, name, 2);
    if (!send_fails) reconnect_case_at(end, end_err, 0, name, 1);
}

static void reconnect_after_eof(void) { reconnect_case(AIGW_SP_EOF, AIGW_OK, 0, "eof"); }
static void reconnect_after_reset(void) { reconnect_case(AIGW_SP_ERR, AIGW_E_RECV, 0, "reset"); }
static void reconnect_after_close_notify(void) { reconnect_case(AIGW_SP_ERR, AIGW_E_TLS_CLOSED, 0, "tls"); }
static void reconnect_after_send_error(void) { reconnect_case(AIGW_SP_SILENT, AIGW_OK, 1, "send"); }

static void no_reconnect_after_other_errors(void)
{
    /* a TLS record error on a kept connection is not "the server closed it" */
    aigw_sp_conn_t k[2] = {{0}, {0}};
    k[0].rx = OK200;
    k[0].end = AIGW_SP_ERR;
    k[0].end_err = AIGW_E_TLS;
    k[0].idle_pendings = 2; /* idle when checked: the error comes only after the request */
    k[1].rx = OK200B;
    setup(k, 2);
    EXPECT(get() == AIGW_OK);
    EXPECT(get() == AIGW_E_TLS);
    EXPECT(F.r.reconnected == 0 && F.r.attempts == 1 && F.sp.connects == 1 && F.c.connected == 0);
}

static void no_reconnect_when_part_of_the_response_came(void)
{
    /* the request was processed: a truncated answer is retried as a new attempt */
    aigw_sp_conn_t k[2] = {{0}, {0}};
    k[0].rx = OK200 "HTTP/1.1 200";
    k[0].rx_chunk = sizeof OK200 - 1;
    k[0].end = AIGW_SP_EOF;
    k[1].rx = OK200B;
    setup(k, 2);
    EXPECT(get() == AIGW_OK);
    F.nev = 0;
    EXPECT(get() == AIGW_OK);
    EXPECT(F.r.reconnected == 0 && F.r.attempts == 2 && F.sp.slept_ms == 100);
    EXPECTF(strcmp(log_kinds(), "RTCRD") == 0, "log %s", log_kinds());
    EXPECT(F.ev[0].err == AIGW_E_HTTP_TRUNCATED && F.ev[0].status == 200);
}

static void reconnected_connection_failing_again_is_an_error(void)
{
    aigw_sp_conn_t k[2] = {{0}, {0}};
    k[0].rx = OK200;
    k[0].end = AIGW_SP_EOF;
    k[1].end = AIGW_SP_EOF; /* the new connection closes at once too */
    setup(k, 2);
    F.cfg.max_attempts = 1;
    init();
    EXPECT(get() == AIGW_OK);
    EXPECT(get() == AIGW_E_EOF);
    EXPECT(F.r.reconnected == 1 && F.r.attempts == 1 && F.sp.connects == 2 && F.c.connected == 0);
}

/* ---- retries and delays ---------------------------------------------------- */

static void retry_backoff_shapes(void)
{
    static const struct {
        aigw_backoff_t shape;
        uint32_t cap;
        uint64_t slept;
    } cases[] = {
        {AIGW_RETRY_EXPONENTIAL, 0, 100 + 200 + 400},
        {AIGW_RETRY_EXPONENTIAL, 250, 100 + 200 + 250},
        {AIGW_RETRY_LINEAR, 0, 100 + 200 + 300},
        {AIGW_RETRY_CONSTANT, 0, 100 + 100 + 100},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        aigw_sp_conn_t k[4] = {{0}, {0}, {0}, {0}};
        k[0].rx = R503("");
        k[1].rx = R503("");
        k[2].rx = R503("");
        k[3].rx = OK200;
        k[0].end = k[1].end = k[2].end = AIGW_SP_EOF;
        setup(k, 4);
        F.cfg.max_attempts = 4;
        F.cfg.backoff = cases[i].shape;
        F.cfg.backoff_cap_ms = cases[i].cap;
        init();
        /* a 503 keeps the connection; each retry finds it closed (EOF) and reopens it transparently */
        EXPECTF(get() == AIGW_OK, "case %u: %s", (unsigned)i, aigw_strerror(F.r.err));
        EXPECTF(F.sp.slept_ms == cases[i].slept && F.sp.sleeps == 3, "case %u: slept %llu in %u", (unsigned)i,
                (unsigned long long)F.sp.slept_ms, F.sp.sleeps);
        EXPECT(F.r.attempts == 4 && F.r.status == 200 && F.r.reconnected == 1 && F.sp.connects == 4);
        EXPECT(F.r.elapsed_ms == cases[i].slept);
    }
}

static void retry_log_events(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = R503("CF-RAY: r1\r\n") OK200;
    k[0].rx_chunk = sizeof R503("CF-RAY: r1\r\n") - 1;
    setup(k, 1);
    EXPECT(get() == AIGW_OK);
    EXPECTF(strcmp(log_kinds(), "CRTRD") == 0, "log %s", log_kinds());
    EXPECT(F.ev[0].err == AIGW_OK && F.ev[0].attempt == 1 && F.ev[0].method == AIGW_HTTP_GET);
    EXPECT(F.ev[1].status == 503 && F.ev[1].err == AIGW_E_API && strcmp(F.ev[1].cf_ray, "r1") == 0);
    EXPECT(F.ev[2].delay_ms == 100 && F.ev[2].attempt == 1 && F.ev[2].status == 503);
    EXPECT(F.ev[3].status == 200 && F.ev[3].attempt == 2 && strcmp(F.ev[3].cf_ray, "8f-LHR") == 0);
    EXPECT(F.ev[4].attempt == 2 && F.ev[4].err == AIGW_OK && F.ev[4].elapsed_ms == 100);
    /* one kept-alive connection served both attempts */
    EXPECT(F.sp.connects == 1);
}

static void retry_after_forms(void)
{
    static const struct {
        const char *resp;
        uint32_t cap;
        uint64_t slept;
    } cases[] = {
        {R503("Retry-After: 2\r\n"), 0, 2000},
        {R503("Retry-After: 120\r\n"), 5000, 5000}, /* capped */
        {R503("retry-after-ms: 1500\r\n"), 0, 1500},
        {R503("Retry-After: 9\r\nretry-after-ms: 250\r\n"), 0, 250}, /* ms wins */
        {R503("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nRetry-After: Sun, 06 Nov 1994 08:49:40 GMT\r\n"), 0, 3000},
        {R503("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nRetry-After: Sun, 06 Nov 1994 08:49:30 GMT\r\n"), 0, 0},
        {R503("Retry-After: Sun, 06 Nov 1994 08:49:40 GMT\r\n"), 0, 100}, /* no Date: backoff */
        {R503("Retry-After: soon\r\n"), 0, 100},                         /* unparsable: backoff */
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        aigw_sp_conn_t k[2] = {{0}, {0}};
        k[0].rx = cases[i].resp;
        k[0].end = AIGW_SP_EOF;
        k[1].rx = OK200;
        setup(k, 2);
        F.cfg.retry_after_cap_ms = cases[i].cap;
        init();
        EXPECTF(get() == AIGW_OK, "case %u: %s", (unsigned)i, aigw_strerror(F.r.err));
        EXPECTF(F.sp.slept_ms == cases[i].slept, "case %u: slept %llu", (unsigned)i,
                (unsigned long long)F.sp.slept_ms);
        EXPECT(F.r.attempts == 2 && F.sp.sleeps == 1);
    }
}

static void retryable_statuses(void)
{
    static const uint16_t yes[] = {408, 409, 429, 500, 502, 599};
    static const uint16_t no[] = {400, 401, 403, 404, 405, 422};
    char resp[256];
    size_t i;
    for (i = 0; i < sizeof yes / sizeof yes[0] + sizeof no / sizeof no[0]; i++) {
        int retry = i < sizeof yes / sizeof yes[0];
        unsigned st = retry ? yes[i] : no[i - sizeof yes / sizeof yes[0]];
        aigw_sp_conn_t k[2] = {{0}, {0}};
        snprintf(resp, sizeof resp, "HTTP/1.1 %u X\r\n" CL(87) ERR_BODY, st);
        k[0].rx = resp;
        k[0].end = AIGW_SP_EOF;
        k[1].rx = OK200;
        setup(k, 2);
        if (retry) {
            EXPECTF(get() == AIGW_OK && F.r.attempts == 2, "status %u", st);
        } else {
            EXPECTF(get() == AIGW_E_API && F.r.attempts == 1 && F.r.status == st, "status %u", st);
            EXPECT(F.r.error_count == 1 && F.r.errors[0].code.value == 7003 && F.r.error_total == 1);
            EXPECT(text_is(&F.r.errors[0].message, "busy") && !F.r.errors_more);
            EXPECT(F.c.connected == 1); /* a complete answer keeps the connection */
        }
    }
}

static void retries_exhausted_return_the_last_error(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = R503("") R503("") R503("");
    k[0].rx_chunk = sizeof R503("") - 1;
    setup(k, 1);
    EXPECT(get() == AIGW_E_API);
    EXPECT(F.r.attempts == 3 && F.r.status == 503 && F.sp.slept_ms == 300);
    EXPECT(F.c.connected == 1 && F.sp.connects == 1);
    EXPECT(F.nev == 3 + 2 + 1 + 1 && F.ev[F.nev - 1].kind == AIGW_LOG_DONE && F.ev[F.nev - 1].attempt == 3);
}

static void delay_past_the_deadline_ends_the_call(void)
{
    aigw_sp_conn_t k[2] = {{0}, {0}};
    k[0].rx = R503("Retry-After: 5\r\n");
    k[1].rx = OK200;
    setup(k, 2);
    F.cfg.call_timeout_ms = 4000;
    init();
    EXPECT(get() == AIGW_E_API);
    EXPECT(F.r.attempts == 1 && F.sp.sleeps == 0 && F.sp.connects == 1);
}

static void jitter_is_seeded_and_bounded(void)
{
    uint64_t first = 0;
    int run;
    for (run = 0; run < 3; run++) {
        aigw_sp_conn_t k[1] = {{0}};
        k[0].rx = R503("") OK200;
        k[0].rx_chunk = sizeof R503("") - 1;
        setup(k, 1);
        F.cfg.jitter_pct = 50;
        F.cfg.rng_seed = run < 2 ? 42u : 43u;
        F.cfg.backoff_base_ms = 1000;
        init();
        EXPECT(get() == AIGW_OK);
        EXPECTF(F.sp.slept_ms >= 500 && F.sp.slept_ms <= 1000, "slept %llu", (unsigned long long)F.sp.slept_ms);
        if (run == 0) first = F.sp.slept_ms;
        if (run == 1) EXPECT(F.sp.slept_ms == first); /* same seed, same delay */
        if (run == 2) EXPECT(F.sp.slept_ms != first); /* another seed spreads clients apart */
    }
}

static void default_jitter_and_clock_seed(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = R503("") OK200;
    k[0].rx_chunk = sizeof R503("") - 1;
    setup(k, 1);
    F.cfg.jitter_pct = 0;  /* default: 25 % */
    F.cfg.rng_seed = 0;    /* from the clock */
    F.cfg.backoff_base_ms = 0; /* default 500 */
    init();
    EXPECT(F.c.cfg.jitter_pct == 25 && F.c.cfg.backoff_base_ms == 500 && F.c.rng != 0);
    EXPECT(get() == AIGW_OK);
    EXPECTF(F.sp.slept_ms >= 375 && F.sp.slept_ms <= 500, "slept %llu", (unsigned long long)F.sp.slept_ms);
}

static void tiny_base_has_no_jitter_room(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = R503("") OK200;
    k[0].rx_chunk = sizeof R503("") - 1;
    setup(k, 1);
    F.cfg.jitter_pct = 25;
    F.cfg.backoff_base_ms = 3; /* 25 % of 3 ms rounds to 0 */
    init();
    EXPECT(get() == AIGW_OK && F.sp.slept_ms == 3);
}

static void busy_wait_without_sleep(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = R503("") OK200;
    k[0].rx_chunk = sizeof R503("") - 1;
    setup(k, 1);
    F.sp.port.sleep = NULL;
    F.sp.tick_ms = 1;
    init();
    EXPECT(get() == AIGW_OK);
    EXPECT(F.sp.sleeps == 0 && F.r.attempts == 2);
    EXPECTF(F.r.elapsed_ms >= 100 && F.r.elapsed_ms < 110, "elapsed %u", (unsigned)F.r.elapsed_ms);
}

static void connect_errors_are_retried(void)
{
    aigw_sp_conn_t k[3] = {{0}, {0}, {0}};
    k[0].connect_err = AIGW_E_DNS;
    k[1].connect_err = AIGW_E_CONNECT;
    k[2].rx = OK200;
    setup(k, 3);
    EXPECT(get() == AIGW_OK);
    EXPECT(F.r.attempts == 3 && F.sp.connects == 3 && F.sp.slept_ms == 300);
    EXPECTF(strcmp(log_kinds(), "CRTCRTCRD") == 0, "log %s", log_kinds());
    EXPECT(F.ev[0].err == AIGW_E_DNS && F.ev[3].err == AIGW_E_CONNECT && F.ev[6].err == AIGW_OK);
    EXPECT(F.sp.closes == 2); /* the port is closed after a failed connect */
}

static void certificate_errors_are_not_retried(void)
{
    aigw_sp_conn_t k[2] = {{0}, {0}};
    k[0].connect_err = AIGW_E_TLS_UNTRUSTED;
    k[1].rx = OK200;
    setup(k, 2);
    EXPECT(get() == AIGW_E_TLS_UNTRUSTED);
    EXPECT(F.r.attempts == 1 && F.sp.connects == 1 && F.r.status == 0);
}

static void every_connect_fails(void)
{
    setup(NULL, 0); /* the script is empty: every connect is refused */
    F.cfg.max_attempts = 2;
    init();
    EXPECT(get() == AIGW_E_CONNECT);
    EXPECT(F.r.attempts == 2 && F.c.connected == 0 && all_zero(F.io, sizeof F.io));
}

/* ---- deadlines --------------------------------------------------------------- */

static void connect_timeout(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].connect_err = AIGW_E_TIMEOUT_CONNECT;
    setup(k, 1);
    F.cfg.connect_timeout_ms = 1000;
    F.cfg.max_attempts = 1;
    init();
    EXPECT(get() == AIGW_E_TIMEOUT_CONNECT);
    EXPECT(F.sp.connect_deadline == T0 + 1000 && F.r.elapsed_ms == 1000);
}

static void connect_timeout_at_the_call_deadline(void)
{
    static const aigw_err_t errs[] = {AIGW_E_TIMEOUT_CONNECT, AIGW_E_TIMEOUT_HANDSHAKE};
    size_t i;
    for (i = 0; i < 2; i++) {
        aigw_sp_conn_t k[1] = {{0}};
        k[0].connect_err = errs[i];
        setup(k, 1);
        F.cfg.connect_timeout_ms = 10000;
        F.cfg.call_timeout_ms = 2000; /* the connect deadline is the call's */
        init();
        EXPECT(get() == AIGW_E_TIMEOUT_CALL);
        EXPECT(F.sp.connect_deadline == T0 + 2000 && F.r.attempts == 1);
    }
}

static void handshake_timeout_is_retried(void)
{
    aigw_sp_conn_t k[2] = {{0}, {0}};
    k[0].connect_err = AIGW_E_TIMEOUT_HANDSHAKE;
    k[1].rx = OK200;
    setup(k, 2);
    F.cfg.connect_timeout_ms = 500;
    init();
    EXPECT(get() == AIGW_OK);
    EXPECT(F.r.attempts == 2 && F.r.elapsed_ms == 600);
}

static void response_timeout(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    setup(k, 1); /* connects, takes the request, never answers */
    F.cfg.response_timeout_ms = 3000;
    F.cfg.max_attempts = 1;
    init();
    EXPECT(get() == AIGW_E_TIMEOUT_RESPONSE);
    EXPECT(F.sp.recv_deadline == T0 + 3000 && F.r.elapsed_ms == 3000);
    EXPECT(F.c.connected == 0 && F.sp.closes == 1); /* a timed-out connection is never reused */
}

static void response_timeout_is_retried(void)
{
    aigw_sp_conn_t k[2] = {{0}, {0}};
    k[1].rx = OK200;
    setup(k, 2);
    F.cfg.response_timeout_ms = 3000;
    init();
    EXPECT(get() == AIGW_OK);
    EXPECT(F.r.attempts == 2 && F.r.elapsed_ms == 3100);
}

static void stalled_body_hits_the_call_deadline(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = "HTTP/1.1 200 OK\r\n" CL(79) "{\"success\":";
    setup(k, 1);
    F.cfg.response_timeout_ms = 1000;
    F.cfg.call_timeout_ms = 5000;
    init();
    EXPECT(get() == AIGW_E_TIMEOUT_CALL);
    EXPECT(F.sp.recv_deadline == T0 + 5000 && F.r.attempts == 1 && F.r.status == 200);
    EXPECT(F.c.connected == 0);
}

static void response_deadline_is_the_call_deadline(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    setup(k, 1);
    F.cfg.response_timeout_ms = 9000;
    F.cfg.call_timeout_ms = 4000; /* shorter than the response timeout: the whole call ran out */
    init();
    EXPECT(get() == AIGW_E_TIMEOUT_CALL);
    EXPECT(F.sp.recv_deadline == T0 + 4000 && F.r.attempts == 1);
}

static void early_wakeups_wait_on(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = OK200;
    k[0].early_wakes = 3;
    setup(k, 1);
    EXPECT(get() == AIGW_OK);
    EXPECT(F.sp.recvs == 3 + 2 && F.r.attempts == 1); /* 134 bytes through a 128-byte io buffer: 2 reads */
}

static void elapsed_time_saturates(void)
{
    /* a port that overran its deadline by weeks: elapsed_ms saturates, never wraps */
    aigw_sp_conn_t k[1] = {{0}};
    k[0].connect_err = AIGW_E_CONNECT;
    k[0].connect_ms = UINT32_MAX;
    setup(k, 1);
    F.sp.tick_ms = 1000;
    EXPECT(get() == AIGW_E_CONNECT);
    EXPECT(F.r.elapsed_ms == UINT32_MAX && F.r.attempts == 1);
}

static void send_would_block_is_the_call_deadline(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].send_err = AIGW_E_WOULD_BLOCK;
    k[0].send_ok = 10;
    setup(k, 1);
    EXPECT(get() == AIGW_E_TIMEOUT_CALL);
    EXPECT(F.r.attempts == 1 && k[0].sent_len == 10 && F.sp.send_deadline == T0 + 60000);
    EXPECT(all_zero(F.io, sizeof F.io));
}

/* ---- errors on the wire ---------------------------------------------------------- */

static void send_error_on_a_new_connection_is_retried(void)
{
    aigw_sp_conn_t k[2] = {{0}, {0}};
    k[0].send_err = AIGW_E_SEND;
    k[0].send_ok = 30;
    k[1].rx = OK200;
    setup(k, 2);
    EXPECT(put() == AIGW_OK);
    EXPECT(F.r.attempts == 2 && F.r.reconnected == 0 && sent_is(&k[1], PUT_REQ));
    EXPECT(k[0].sent_len == 30);
}

static void port_reporting_no_progress(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].zero_sends = 1;
    setup(k, 1);
    F.cfg.max_attempts = 1;
    init();
    EXPECT(get() == AIGW_E_SEND);
    EXPECT(F.c.connected == 0);
}

static void port_reporting_bogus_counts(void)
{
    int kind;
    for (kind = 1; kind <= 2; kind++) {
        aigw_sp_conn_t k[2] = {{0}, {0}};
        k[0].bogus_recv = kind;
        k[1].rx = OK200;
        setup(k, 2);
        EXPECTF(get() == AIGW_E_PORT, "kind %d", kind);
        EXPECT(F.r.attempts == 1 && F.sp.connects == 1 && F.c.connected == 0);
    }
}

static void eof_before_any_byte_is_retried(void)
{
    aigw_sp_conn_t k[2] = {{0}, {0}};
    k[0].end = AIGW_SP_EOF;
    k[1].rx = OK200;
    setup(k, 2);
    EXPECT(get() == AIGW_OK);
    EXPECT(F.r.attempts == 2 && F.r.reconnected == 0);
    EXPECT(F.ev[1].kind == AIGW_LOG_RESPONSE && F.ev[1].err == AIGW_E_EOF);
}

static void truncated_retry_ignores_retry_after(void)
{
    /* a 503 that breaks off: its Retry-After came, but the answer is not complete */
    aigw_sp_conn_t k[2] = {{0}, {0}};
    k[0].rx = "HTTP/1.1 503 X\r\nRetry-After: 7\r\n" CL(87) "{";
    k[0].end = AIGW_SP_EOF;
    k[1].rx = OK200;
    setup(k, 2);
    EXPECT(get() == AIGW_OK);
    EXPECT(F.r.attempts == 2 && F.sp.slept_ms == 100);
    EXPECT(F.ev[1].err == AIGW_E_HTTP_TRUNCATED && F.ev[1].status == 503);
}

static void malformed_response_is_not_retried(void)
{
    aigw_sp_conn_t k[2] = {{0}, {0}};
    k[0].rx = "HTTP/1.1 2OO OK\r\n\r\n";
    k[1].rx = OK200;
    setup(k, 2);
    EXPECT(get() == AIGW_E_HTTP_STATUS_LINE);
    EXPECT(F.r.attempts == 1 && F.c.connected == 0 && F.sp.connects == 1);
}

static void body_too_large_says_how_much(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n{";
    setup(k, 1);
    EXPECT(get() == AIGW_E_HTTP_BODY_TOO_LARGE);
    EXPECT(F.r.diag.needed == 5000 && F.r.attempts == 1 && F.c.connected == 0);
}

static void chunked_body_too_large(void)
{
    static char resp[1500];
    aigw_sp_conn_t k[1] = {{0}};
    memcpy(resp, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n500\r\n", 53);
    memset(resp + 53, 'x', 1300); /* a 1280-byte chunk for a 1024-byte body buffer */
    resp[1353] = '\0';
    k[0].rx = resp;
    setup(k, 1);
    EXPECT(get() == AIGW_E_HTTP_BODY_TOO_LARGE);
    EXPECT(F.r.diag.needed == 0); /* nobody said how large */
}

static void decode_errors(void)
{
    static const struct {
        const char *resp;
        aigw_err_t want;
        const char *path;
    } cases[] = {
        {"HTTP/1.1 200 OK\r\n" CL(6) "<html>", AIGW_E_NOT_JSON, NULL},
        {"HTTP/1.1 200 OK\r\n" CL(2) "[]", AIGW_E_ENVELOPE, NULL},
        {"HTTP/1.1 200 OK\r\n" CL(28) "{\"success\":true,\"errors\":[]}", AIGW_E_ENVELOPE, "result"},
        {"HTTP/1.1 200 OK\r\n" CL(41) "{\"success\":true,\"errors\":[],\"result\":[1]}", AIGW_E_ENVELOPE, "result"},
        {"HTTP/1.1 200 OK\r\n" CL(55) "{\"success\":true,\"errors\":[],\"result\":{\"cache_ttl\":\"x\"}}",
         AIGW_E_JSON_TYPE, "result.cache_ttl"},
        /* a 2xx without "success": true is the API's error, never a success */
        {"HTTP/1.1 200 OK\r\n" CL(22) "{\"result\":{\"id\":\"gw\"}}", AIGW_E_API, NULL},
        {"HTTP/1.1 201 OK\r\n" CL(37) "{\"success\":null,\"result\":{\"id\":\"gw\"}}", AIGW_E_API, NULL},
        /* a 2xx that says "success": false is the API's error */
        {"HTTP/1.1 200 OK\r\n" CL(87) ERR_BODY, AIGW_E_API, NULL},
        {"HTTP/1.1 204 No Content\r\n\r\n", AIGW_E_NOT_JSON, NULL}, /* no body at all */
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        aigw_sp_conn_t k[2] = {{0}, {0}};
        k[0].rx = cases[i].resp;
        k[1].rx = OK200;
        setup(k, 2);
        EXPECTF(get() == cases[i].want, "case %u: %s", (unsigned)i, aigw_strerror(F.r.err));
        EXPECTF(F.r.attempts == 1, "case %u", (unsigned)i); /* never retried */
        if (cases[i].path) EXPECTF(strcmp(F.r.diag.path, cases[i].path) == 0, "case %u: path %s", (unsigned)i, F.r.diag.path);
        if (cases[i].path && !strcmp(cases[i].path, "result"))
            EXPECT(F.r.diag.rule && strcmp(F.r.diag.rule, "result object") == 0);
        EXPECT(F.c.connected == 1); /* the HTTP exchange itself was complete */
    }
}

static void too_few_tokens(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = OK200;
    setup(k, 1);
    aigw_result_init(&F.r, F.body, sizeof F.body, F.tok, 4, F.arena, sizeof F.arena);
    EXPECT(aigw_gateway_get(&F.c, "gw", &F.r) == AIGW_E_JSON_TOKENS);
    EXPECT(F.r.diag.needed > 4);
}

static void many_api_errors_are_counted(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = "HTTP/1.1 400 Bad\r\n" CL(122)
              "{\"success\":false,\"errors\":[{\"code\":1,\"message\":\"a\"},{\"code\":2,\"message\":\"b\"},"
              "{\"code\":3},{\"code\":4},{\"code\":5},{\"code\":6}]}";
    setup(k, 1);
    EXPECT(get() == AIGW_E_API);
    EXPECT(F.r.error_count == AIGW_MAX_API_ERRORS && F.r.error_total == 6 && F.r.errors_more);
    EXPECT(F.r.errors[1].code.value == 2 && text_is(&F.r.errors[1].message, "b"));
}

/* ---- refused before the network --------------------------------------------------- */

static void refused_before_the_network(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    setup(k, 1);
    aigw_result_init(&F.r, F.body, sizeof F.body, F.tok, 64, F.arena, sizeof F.arena);
    EXPECT(aigw_gateway_get(&F.c, NULL, &F.r) == AIGW_E_ARG);
    EXPECT(aigw_gateway_get(&F.c, "", &F.r) == AIGW_E_INVALID);
    EXPECT(strcmp(F.r.diag.path, "id") == 0);
    F.p.cache_ttl.value = -1;
    EXPECT(put() == AIGW_E_INVALID);
    EXPECTF(strcmp(F.r.diag.path, "cache_ttl") == 0, "path %s", F.r.diag.path);
    EXPECT(F.r.attempts == 0 && F.r.err == AIGW_E_INVALID);
    EXPECT(F.sp.connects == 0 && F.sp.sends == 0);
    EXPECT(F.nev == 3 && F.ev[2].kind == AIGW_LOG_DONE && F.ev[2].attempt == 0);
}

static void header_injection_is_refused_at_the_first_call(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    setup(k, 1);
    F.cfg.auth.token.ptr = "tok\r\nX-Evil: 1";
    F.cfg.auth.token.len = strlen(F.cfg.auth.token.ptr);
    init();
    EXPECT(get() == AIGW_E_HEADER_VALUE);
    EXPECT(F.sp.connects == 0);
}

static void skip_validation_sends_an_invalid_body(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = "HTTP/1.1 400 Bad\r\n" CL(87) ERR_BODY;
    setup(k, 1);
    F.cfg.skip_validation = true;
    init();
    F.p.cache_ttl.value = -1;
    EXPECT(put() == AIGW_E_API);
    EXPECT(k[0].sent_len > 0 && contains(F.sent, F.sp.sent_len, "\"cache_ttl\":-1,"));
}

static void encoder_refusal_is_reported(void)
{
    /* the encoder refuses what it cannot write as JSON, even without validation */
    aigw_sp_conn_t k[1] = {{0}};
    setup(k, 1);
    F.cfg.skip_validation = true;
    init();
    F.p.store_id.state = AIGW_SET;
    F.p.store_id.value.ptr = "s\xff";
    F.p.store_id.value.len = 2;
    EXPECT(put() == AIGW_E_INVALID);
    EXPECTF(strcmp(F.r.diag.path, "store_id") == 0, "path %s", F.r.diag.path);
    EXPECT(F.sp.connects == 0);
}

/* ---- init, close, preview ------------------------------------------------------------ */

static void init_refuses_bad_arguments(void)
{
    aigw_client_config_t cfg;
    aigw_port_t port;
    size_t i;
    setup(NULL, 0);
    cfg = F.cfg;
    EXPECT(aigw_client_init(NULL, &cfg, F.io, sizeof F.io) == AIGW_E_ARG);
    EXPECT(aigw_client_init(&F.c, NULL, F.io, sizeof F.io) == AIGW_E_ARG);
    EXPECT(aigw_client_init(&F.c, &cfg, NULL, sizeof F.io) == AIGW_E_ARG);
    EXPECT(aigw_client_init(&F.c, &cfg, F.io, AIGW_CLIENT_IO_MIN - 1) == AIGW_E_ARG);
    EXPECT(aigw_client_init(&F.c, &cfg, F.io, AIGW_CLIENT_IO_MIN) == AIGW_OK);
    cfg.port = NULL;
    EXPECT(aigw_client_init(&F.c, &cfg, F.io, sizeof F.io) == AIGW_E_PORT);
    for (i = 0; i < 5; i++) {
        port = F.sp.port;
        if (i == 0) port.connect = NULL;
        if (i == 1) port.send = NULL;
        if (i == 2) port.recv = NULL;
        if (i == 3) port.close = NULL;
        if (i == 4) port.now = NULL;
        cfg.port = &port;
        EXPECTF(aigw_client_init(&F.c, &cfg, F.io, sizeof F.io) == AIGW_E_PORT, "callback %u", (unsigned)i);
    }
    cfg = F.cfg;
    cfg.account_id = NULL;
    EXPECT(aigw_client_init(&F.c, &cfg, F.io, sizeof F.io) == AIGW_E_ARG);
    cfg = F.cfg;
    cfg.jitter_pct = 102;
    EXPECT(aigw_client_init(&F.c, &cfg, F.io, sizeof F.io) == AIGW_E_ARG);
    cfg.jitter_pct = 100;
    EXPECT(aigw_client_init(&F.c, &cfg, F.io, sizeof F.io) == AIGW_OK && F.c.cfg.jitter_pct == 100);
    cfg.backoff = (aigw_backoff_t)3;
    EXPECT(aigw_client_init(&F.c, &cfg, F.io, sizeof F.io) == AIGW_E_ARG);
    cfg = F.cfg;
    cfg.base_url = "ftp://api.test/";
    EXPECT(aigw_client_init(&F.c, &cfg, F.io, sizeof F.io) == AIGW_E_URL);
    cfg.base_url = "http://[::1]:8080/v4";
    EXPECTF(aigw_client_init(&F.c, &cfg, F.io, sizeof F.io) == AIGW_OK, "ipv6 literal");
}

static void init_fills_defaults(void)
{
    aigw_client_config_t cfg;
    setup(NULL, 0);
    memset(&cfg, 0, sizeof cfg);
    cfg.account_id = "acc";
    cfg.port = &F.sp.port;
    cfg.rng_seed = 5;
    EXPECT(aigw_client_init(&F.c, &cfg, F.io, sizeof F.io) == AIGW_OK);
    EXPECT(F.c.cfg.connect_timeout_ms == 10000 && F.c.cfg.response_timeout_ms == 30000);
    EXPECT(F.c.cfg.call_timeout_ms == 60000 && F.c.cfg.max_attempts == 3);
    EXPECT(F.c.cfg.backoff_base_ms == 500 && F.c.cfg.backoff_cap_ms == 8000 && F.c.cfg.jitter_pct == 25);
    EXPECT(F.c.cfg.retry_after_cap_ms == 60000 && F.c.rng == 5);
    EXPECT(strcmp(F.c.cfg.base_url, AIGW_DEFAULT_BASE_URL) == 0 && strcmp(F.c.host, "api.cloudflare.com") == 0);
    EXPECT(F.c.url.port == 443);
}

static void calls_refuse_null_arguments(void)
{
    aigw_client_t blank;
    setup(NULL, 0);
    memset(&blank, 0, sizeof blank);
    EXPECT(aigw_gateway_get(NULL, "gw", &F.r) == AIGW_E_ARG);
    EXPECT(aigw_gateway_get(&F.c, "gw", NULL) == AIGW_E_ARG);
    EXPECT(aigw_gateway_get(&blank, "gw", &F.r) == AIGW_E_ARG);
    EXPECT(aigw_gateway_update(NULL, "gw", &F.p, &F.r) == AIGW_E_ARG);
    EXPECT(aigw_gateway_update(&F.c, "gw", NULL, &F.r) == AIGW_E_ARG);
    EXPECT(aigw_gateway_update(&F.c, "gw", &F.p, NULL) == AIGW_E_ARG);
    EXPECT(aigw_gateway_update(&blank, "gw", &F.p, &F.r) == AIGW_E_ARG);
    EXPECT(F.sp.connects == 0);
}

static void result_init_without_memory(void)
{
    aigw_result_t r;
    aigw_result_init(NULL, F.body, 10, NULL, 0, NULL, 0); /* no crash */
    aigw_result_init(&r, NULL, 10, NULL, 10, NULL, 10);
    EXPECT(r.body == NULL && r.body_cap == 0 && r.tok_cap == 0 && r.arena.cap == 0);
    aigw_result_init(&r, F.body, 10, F.tok, 3, F.arena, 16);
    EXPECT(r.body_cap == 10 && r.tok_cap == 3 && r.arena.cap == 16 && r.err == AIGW_OK);
}

static void close_wipes_and_disconnects(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    aigw_client_t blank;
    k[0].rx = OK200;
    setup(k, 1);
    EXPECT(get() == AIGW_OK && F.c.connected == 1);
    memset(F.io, 0xA5, sizeof F.io);
    aigw_client_close(&F.c);
    EXPECT(F.c.connected == 0 && F.sp.closes == 1 && all_zero(F.io, sizeof F.io));
    aigw_client_close(&F.c); /* twice: nothing more to close */
    EXPECT(F.sp.closes == 1);
    aigw_client_close(NULL);
    memset(&blank, 0, sizeof blank);
    aigw_client_close(&blank); /* never initialised: no io to wipe */
}

static void io_is_wiped_on_every_path(void)
{
    /* the io buffer held "Authorization: Bearer <token>": after each outcome it is zero */
    aigw_sp_conn_t k[3] = {{0}, {0}, {0}};
    k[0].send_err = AIGW_E_SEND;
    k[0].send_ok = 40;
    k[1].rx = "HTTP/1.1 2OO\r\n\r\n";
    k[2].rx = OK200;
    setup(k, 3);
    F.cfg.max_attempts = 1;
    init();
    EXPECT(get() == AIGW_E_SEND && all_zero(F.io, sizeof F.io));
    EXPECT(get() == AIGW_E_HTTP_STATUS_LINE && all_zero(F.io, sizeof F.io));
    EXPECT(put() == AIGW_OK && all_zero(F.io, sizeof F.io));
    /* and the token is in what was sent, so the check above is not vacuous */
    EXPECT(contains(F.sent, F.sp.sent_len, TOKEN));
}

static void wipe_zeroes(void)
{
    uint8_t b[9];
    memset(b, 0x5A, sizeof b);
    aigw_wipe(b + 1, 7);
    EXPECT(b[0] == 0x5A && all_zero(b + 1, 7) && b[8] == 0x5A);
    aigw_wipe(b, 0);
    EXPECT(b[0] == 0x5A);
}

static void log_events_carry_no_secret(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    unsigned i;
    k[0].rx = R503("") OK200;
    k[0].rx_chunk = sizeof R503("") - 1;
    setup(k, 1);
    EXPECT(put() == AIGW_OK);
    EXPECT(F.nev == 5);
    for (i = 0; i < F.nev && i < MAX_EV; i++) {
        EXPECT(strstr(F.ev[i].cf_ray, "SECRET") == NULL);
        EXPECT(F.ev[i].method == AIGW_HTTP_PUT);
    }
}

static void no_log_hook(void)
{
    aigw_sp_conn_t k[1] = {{0}};
    k[0].rx = OK200;
    setup(k, 1);
    F.cfg.log = NULL;
    init();
    EXPECT(get() == AIGW_OK && F.nev == 0);
}

static void preview_masks_credentials(void)
{
    char buf[1024];
    size_t n = 0;
    aigw_diag_t d;
    setup(NULL, 0);
    EXPECT(aigw_request_preview(&F.c, "gw", NULL, buf, sizeof buf, &n, &d) == AIGW_OK);
    EXPECT(n == strlen(GET_HEAD) - strlen(TOKEN) + 4 && d.err == AIGW_OK);
    EXPECT(memcmp(buf, "GET /v4/accounts/acc/ai-gateway/gateways/gw HTTP/1.1\r\nHost: api.test:8080\r\n"
                       "Authorization: Bearer ****\r\n", 102) == 0);
    EXPECT(aigw_request_preview(&F.c, "gw", &F.p, buf, sizeof buf, &n, NULL) == AIGW_OK);
    EXPECT(n == strlen(PUT_REQ) - strlen(TOKEN) + 4);
    EXPECT(memcmp(buf + n - strlen(PUT_BODY), PUT_BODY, strlen(PUT_BODY)) == 0);
    /* measure only, then too small */
    EXPECT(aigw_request_preview(&F.c, "gw", &F.p, NULL, 0, &n, &d) == AIGW_E_BUFFER);
    EXPECT(d.needed == strlen(PUT_REQ) - strlen(TOKEN) + 4 && n == d.needed);
    EXPECT(aigw_request_preview(&F.c, "gw", &F.p, buf, 50, &n, &d) == AIGW_E_BUFFER && d.needed == n);
    EXPECT(F.sp.connects == 0);
}

static void preview_refuses(void)
{
    char buf[64];
    size_t n = 7;
    aigw_diag_t d;
    aigw_client_t blank;
    setup(NULL, 0);
    memset(&blank, 0, sizeof blank);
    EXPECT(aigw_request_preview(NULL, "gw", NULL, buf, sizeof buf, &n, &d) == AIGW_E_ARG);
    EXPECT(aigw_request_preview(&blank, "gw", NULL, buf, sizeof buf, &n, &d) == AIGW_E_ARG);
    EXPECT(aigw_request_preview(&F.c, "gw", NULL, NULL, 5, &n, &d) == AIGW_E_ARG);
    EXPECT(aigw_request_preview(&F.c, "gw", NULL, buf, sizeof buf, NULL, &d) == AIGW_E_ARG);
    F.p.cache_ttl.value = -5;
    EXPECT(aigw_request_preview(&F.c, "gw", &F.p, buf, sizeof buf, &n, &d) == AIGW_E_INVALID);
    EXPECT(n == 0 && strcmp(d.path, "cache_ttl") == 0);
}

int main(void)
{
    RUN(get_sends_exact_head_and_decodes);
    RUN(put_sends_exact_head_and_body);
    RUN(keep_alive_reuses_the_connection);
    RUN(bytes_after_the_response_close_the_connection);
    RUN(connection_close_response_is_not_kept);
    RUN(close_delimited_body_ends_at_eof);
    RUN(close_after_call_sends_connection_close);
    RUN(reconnect_after_eof);
    RUN(reconnect_after_reset);
    RUN(reconnect_after_close_notify);
    RUN(reconnect_after_send_error);
    RUN(no_reconnect_after_other_errors);
    RUN(no_reconnect_when_part_of_the_response_came);
    RUN(reconnected_connection_failing_again_is_an_error);
    RUN(retry_backoff_shapes);
    RUN(retry_log_events);
    RUN(retry_after_forms);
    RUN(retryable_statuses);
    RUN(retries_exhausted_return_the_last_error);
    RUN(delay_past_the_deadline_ends_the_call);
    RUN(jitter_is_seeded_and_bounded);
    RUN(default_jitter_and_clock_seed);
    RUN(tiny_base_has_no_jitter_room);
    RUN(busy_wait_without_sleep);
    RUN(connect_errors_are_retried);
    RUN(certificate_errors_are_not_retried);
    RUN(every_connect_fails);
    RUN(connect_timeout);
    RUN(connect_timeout_at_the_call_deadline);
    RUN(handshake_timeout_is_retried);
    RUN(response_timeout);
    RUN(response_timeout_is_retried);
    RUN(stalled_body_hits_the_call_deadline);
    RUN(response_deadline_is_the_call_deadline);
    RUN(early_wakeups_wait_on);
    RUN(elapsed_time_saturates);
    RUN(send_would_block_is_the_call_deadline);
    RUN(send_error_on_a_new_connection_is_retried);
    RUN(port_reporting_no_progress);
    RUN(port_reporting_bogus_counts);
    RUN(eof_before_any_byte_is_retried);
    RUN(truncated_retry_ignores_retry_after);
    RUN(malformed_response_is_not_retried);
    RUN(body_too_large_says_how_much);
    RUN(chunked_body_too_large);
    RUN(decode_errors);
    RUN(too_few_tokens);
    RUN(many_api_errors_are_counted);
    RUN(refused_before_the_network);
    RUN(header_injection_is_refused_at_the_first_call);
    RUN(skip_validation_sends_an_invalid_body);
    RUN(encoder_refusal_is_reported);
    RUN(init_refuses_bad_arguments);
    RUN(init_fills_defaults);
    RUN(calls_refuse_null_arguments);
    RUN(result_init_without_memory);
    RUN(close_wipes_and_disconnects);
    RUN(io_is_wiped_on_every_path);
    RUN(wipe_zeroes);
    RUN(log_events_carry_no_secret);
    RUN(no_log_hook);
    RUN(preview_masks_credentials);
    RUN(preview_refuses);
    return AIGW_TEST_EXIT();
}
