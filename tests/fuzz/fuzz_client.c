/*
 * libFuzzer harness for the client loop (core/client.c) with the network
 * fuzzed: the port is scripted by the input. Each connection the client
 * opens gets the next segment of the script: the bytes the "server" sends
 * (handed out in pieces of fuzzed sizes) and how the stream ends (clean EOF,
 * a receive error, silence until the deadline, or a refused connect / a
 * failed send). The clock is virtual, so deadlines and retry delays cost no
 * real time.
 *
 * Two calls run on one client: the fuzzed one (update or get, 1..3
 * attempts), then a get whose new connection gets a known good answer.
 *
 * Oracles (abort on violation):
 *   - every result is a typed aigw_err_t, attempts <= max_attempts, the call
 *     ends within its deadline (virtual ms), the io buffer is wiped;
 *   - no false success: when the fuzzed call succeeds, the HTTP parser run
 *     on its own over the bytes of that connection (with an EOF only where
 *     the segment really ended cleanly) finds a complete 2xx response;
 *   - nothing stale: when the second call opens a new connection it returns
 *     exactly the known answer (id "second", cache_ttl 77).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_client.h"

#define check(ok) do { if (!(ok)) { fprintf(stderr, "oracle failed: %s:%d: %s\n", __FILE__, __LINE__, #ok); abort(); } } while (0)

enum { END_EOF, END_RECV, END_SILENT, END_NOCONNECT, END_NOSEND, END__N };

typedef struct {
    const uint8_t *bytes;
    size_t len;
    int end;
} seg_t;

#define MAX_SEG 4
static const char GOOD[] =
    "HTTP/1.1 200 OK\r\nContent-Length: 68\r\n\r\n"
    "{\"success\":true,\"errors\":[],\"result\":{\"id\":\"second\",\"cache_ttl\":77}}";

typedef struct {
    seg_t seg[MAX_SEG + 1];
    int nseg, cur, connected, good_next;
    size_t off;
    aigw_ms_t t;
    uint32_t rng;
    unsigned connects, recvs;
} script_t;

static script_t S;

static uint32_t rnd(void)
{
    S.rng = S.rng * 1103515245u + 12345u;
    return S.rng >> 8;
}

static aigw_err_t p_connect(void *ctx, const char *host, uint16_t port, aigw_ms_t dl)
{
    (void)ctx; (void)host; (void)port; (void)dl;
    S.t += 1;
    S.connects++;
    if (S.good_next) { /* the second call's new connection: the known answer */
        S.seg[MAX_SEG].bytes = (const uint8_t *)GOOD;
        S.seg[MAX_SEG].len = sizeof GOOD - 1;
        S.seg[MAX_SEG].end = END_EOF;
        S.cur = MAX_SEG;
    } else if (S.cur + 1 < S.nseg) {
        S.cur++;
    } else {
        return AIGW_E_CONNECT; /* script exhausted */
    }
    if (S.seg[S.cur].end == END_NOCONNECT) return AIGW_E_CONNECT;
    S.off = 0;
    S.connected = 1;
    return AIGW_OK;
}

static aigw_err_t p_send(void *ctx, const uint8_t *b, size_t n, size_t *done, aigw_ms_t dl)
{
    (void)ctx; (void)b; (void)dl;
    S.t += 1;
    check(S.connected && n > 0);
    if (S.seg[S.cur].end == END_NOSEND) return AIGW_E_SEND;
    *done = 1 + rnd() % n; /* partial sends too */
    return AIGW_OK;
}

static aigw_err_t p_recv(void *ctx, uint8_t *b, size_t cap, size_t *n, aigw_ms_t dl)
{
    const seg_t *s = &S.seg[S.cur];
    size_t left, k;
    (void)ctx;
    check(S.connected && cap > 0);
    check(++S.recvs < 100000); /* a client that never stops reading */
    S.t += 1;
    left = s->len - S.off;
    if (left == 0) {
        if (s->end == END_EOF) return AIGW_E_EOF;
        if (s->end == END_SILENT) {
            if (S.t < dl) S.t = dl;
            *n = 0;
            return AIGW_E_WOULD_BLOCK;
        }
        return AIGW_E_RECV;
    }
    k = 1 + rnd() % (rnd() & 1 ? 7u : 600u);
    if (k > left) k = left;
    if (k > cap) k = cap;
    memcpy(b, s->bytes + S.off, k);
    S.off += k;
    *n = k;
    return AIGW_OK;
}

static void p_close(void *ctx) { (void)ctx; S.connected = 0; }
static aigw_ms_t p_now(void *ctx) { (void)ctx; return ++S.t; }
static void p_sleep(void *ctx, uint32_t ms) { (void)ctx; S.t += ms; }

static int all_zero(const uint8_t *p, size_t n)
{
    while (n--) if (*p++) return 0;
    return 1;
}

/* The independent check behind a success: parse the segment alone. */
static void check_success(const seg_t *s, size_t body_cap)
{
    static uint8_t body[4096];
    aigw_http_resp_t r;
    size_t used = 0;
    aigw_err_t e;
    aigw_http_resp_init(&r, body, body_cap < sizeof body ? body_cap : sizeof body);
    e = aigw_http_resp_feed(&r, s->bytes, s->len, &used);
    if (e == AIGW_OK && !r.done) {
        check(s->end == END_EOF); /* only a clean end may complete a close-delimited body */
        e = aigw_http_resp_feed_eof(&r);
    }
    check(e == AIGW_OK && r.done && r.status >= 200 && r.status <= 299);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static aigw_client_t c;
    static uint8_t io[256];
    static uint8_t body[4096];
    static aigw_tok_t tok[128];
    static uint64_t arena[512];
    aigw_client_config_t cfg;
    aigw_port_t port;
    aigw_result_t r;
    aigw_params_t p;
    aigw_err_t e;
    size_t i = 2;
    unsigned opt;
    int fuzzed_conn;

    if (size < 2) return 0;
    memset(&S, 0, sizeof S);
    opt = data[0];
    S.rng = data[1] | 1u;
    S.cur = -1;
    while (i + 3 <= size && S.nseg < MAX_SEG) {
        seg_t *s = &S.seg[S.nseg++];
        size_t len = ((size_t)data[i] << 8 | data[i + 1]) % 2048;
        s->end = data[i + 2] % END__N;
        i += 3;
        if (len > size - i) len = size - i;
        s->bytes = data + i;
        s->len = len;
        i += len;
    }
    memset(&port, 0, sizeof port);
    port.connect = p_connect;
    port.send = p_send;
    port.recv = p_recv;
    port.close = p_close;
    port.now = p_now;
    port.sleep = (opt & 0x40) ? p_sleep : NULL;
    memset(&cfg, 0, sizeof cfg);
    cfg.base_url = "https://api.example.com/client/v4";
    cfg.account_id = "acc";
    cfg.auth.kind = AIGW_AUTH_TOKEN;
    cfg.auth.token.ptr = "tok";
    cfg.auth.token.len = 3;
    cfg.port = &port;
    cfg.max_attempts = 1 + (opt & 3) % 3;
    cfg.call_timeout_ms = 20000;
    cfg.response_timeout_ms = 3000;
    cfg.backoff_base_ms = 100;
    cfg.retry_after_cap_ms = 5000;
    cfg.close_after_call = (opt & 0x20) != 0;
    cfg.rng_seed = 7;
    check(aigw_client_init(&c, &cfg, io, sizeof io) == AIGW_OK);

    memset(&p, 0, sizeof p);
    p.cache_invalidate_on_update.state = AIGW_SET;
    p.cache_ttl.state = AIGW_SET;
    p.collect_logs.state = AIGW_SET;
    p.rate_limiting_interval.state = AIGW_NULL;
    p.rate_limiting_limit.state = AIGW_NULL;
    aigw_result_init(&r, body, (opt & 0x80) ? 300 : sizeof body, tok, (opt & 0x10) ? 16 : 128, arena,
                     sizeof arena);
    e = (opt & 4) ? aigw_gateway_get(&c, "gw", &r) : aigw_gateway_update(&c, "gw", &p, &r);
    check(e < AIGW_E__COUNT && e == r.err);
    check(r.attempts <= cfg.max_attempts);
    check(r.elapsed_ms <= cfg.call_timeout_ms + 16);
    check(all_zero(io, sizeof io));
    if (e == AIGW_OK) {
        check(r.status >= 200 && r.status <= 299);
        check(S.cur >= 0 && S.cur < S.nseg);
        check_success(&S.seg[S.cur], (opt & 0x80) ? 300 : sizeof body);
    }

    /* second call: a new connection must get its own, known answer */
    fuzzed_conn = c.connected;
    S.good_next = 1;
    S.recvs = 0;
    aigw_result_init(&r, body, sizeof body, tok, 128, arena, sizeof arena);
    e = aigw_gateway_get(&c, "gw2", &r);
    check(e < AIGW_E__COUNT);
    check(all_zero(io, sizeof io));
    if (!fuzzed_conn) {
        check(e == AIGW_OK);
        check(r.gateway.id.state == AIGW_SET && r.gateway.id.value.len == 6 &&
              memcmp(r.gateway.id.value.ptr, "second", 6) == 0);
        check(r.gateway.params.cache_ttl.state == AIGW_SET && r.gateway.params.cache_ttl.value == 77);
    }
    aigw_client_close(&c);
    return 0;
}
