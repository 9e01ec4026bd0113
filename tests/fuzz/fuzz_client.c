/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the client loop (core/client.c) with the network
 * fuzzed: the input is the script of the unit tests' scripted port
 * (tests/unit/script_port.h). Each connection the client opens gets the next segment of the script: the bytes the "server" sends
 * (handed out in pieces of fuzzed sizes) and how the stream ends (clean EOF,
 * a receive error, silence until the deadline, or a refused connect / a
 * failed send). The clock is virtual, so deadlines and retry delays cost no
 * real time.
 *
 * Two calls run on one client: the fuzzed one (update or get, 1..3
 * attempts), then a get whose new connection gets a known good answer.
 * Whatever a segment holds after a complete response (a second response, the
 * tail of a body longer than its Content-Length) is handed out in reads of
 * fuzzed sizes; when the segment's end byte / 5 is odd, no read crosses the
 * end of its first response, so what follows always comes in a later read,
 * like bytes that arrived after it. The port's pending() reports them
 * (the whole segment counts as arrived), or the port has no pending() at all.
 *
 * Oracles (abort on violation):
 *   - every result is a typed aigw_err_t, attempts <= max_attempts, the call
 *     ends within its deadline (virtual ms), the io buffer is wiped;
 *   - no false success: when the fuzzed call succeeds, the HTTP parser run
 *     on its own over the bytes of that connection (with an EOF only where
 *     the segment really ended cleanly) finds a complete 2xx response;
 *   - nothing stale: the second call, on a new connection or a kept one,
 *     succeeds only with exactly the known answer (id "second", cache_ttl 77),
 *     and always does when the first call left no connection; a connection
 *     is kept only with pending() and nothing unread (bytes after a complete
 *     response are never anybody's answer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_client.h"
#include "script_port.h"

#define check(ok) do { if (!(ok)) { fprintf(stderr, "oracle failed: %s:%d: %s\n", __FILE__, __LINE__, #ok); abort(); } } while (0)

enum { END_EOF, END_RECV, END_SILENT, END_NOCONNECT, END_NOSEND, END__N };

#define MAX_SEG 4
static const char GOOD[] =
    "HTTP/1.1 200 OK\r\nContent-Length: 68\r\n\r\n"
    "{\"success\":true,\"errors\":[],\"result\":{\"id\":\"second\",\"cache_ttl\":77}}";

/* One fuzzed segment as a scripted connection (tests/unit/script_port.h). */
static void segment(aigw_sp_conn_t *k, const uint8_t *bytes, size_t len, int end)
{
    memset(k, 0, sizeof *k);
    k->rx = len ? (const char *)bytes : NULL; /* rx_len 0 would mean strlen */
    k->rx_len = len;
    k->end = end == END_EOF ? AIGW_SP_EOF : end == END_SILENT ? AIGW_SP_SILENT : AIGW_SP_ERR;
    k->end_err = AIGW_E_RECV;
    if (end == END_NOCONNECT) k->connect_err = AIGW_E_CONNECT;
    if (end == END_NOSEND) k->send_err = AIGW_E_SEND;
}

static int all_zero(const uint8_t *p, size_t n)
{
    while (n--) if (*p++) return 0;
    return 1;
}

/* Where the segment's first complete response ends, by the parser alone (0: none). */
static size_t first_response_end(const uint8_t *bytes, size_t len)
{
    static uint8_t body[4096];
    aigw_http_resp_t r;
    size_t used = 0;
    aigw_http_resp_init(&r, body, sizeof body);
    if (aigw_http_resp_feed(&r, bytes, len, &used) == AIGW_OK && r.done) return used;
    return 0;
}

/* The independent check behind a success: parse the segment alone. */
static void check_success(const aigw_sp_conn_t *k, size_t body_cap)
{
    static uint8_t body[4096];
    aigw_http_resp_t r;
    size_t used = 0;
    aigw_err_t e;
    aigw_http_resp_init(&r, body, body_cap < sizeof body ? body_cap : sizeof body);
    e = aigw_http_resp_feed(&r, (const uint8_t *)k->rx, k->rx_len, &used);
    if (e == AIGW_OK && !r.done) {
        check(k->end == AIGW_SP_EOF); /* only a clean end may complete a close-delimited body */
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
    static aigw_script_port_t sp;
    static aigw_sp_conn_t seg[MAX_SEG], good;
    aigw_client_config_t cfg;
    aigw_result_t r;
    aigw_params_t p;
    aigw_err_t e;
    size_t i = 2, nseg = 0;
    unsigned opt;
    int fuzzed_conn;

    if (size < 2) return 0;
    opt = data[0];
    while (i + 3 <= size && nseg < MAX_SEG) {
        size_t len = ((size_t)data[i] << 8 | data[i + 1]) % 2048;
        int end = data[i + 2] % END__N;
        i += 3;
        if (len > size - i) len = size - i;
        segment(&seg[nseg++], data + i, len, end);
        /* no read crosses the end of the first response: what follows it comes in a later read */
        if ((data[i - 1] / END__N) & 1) seg[nseg - 1].rx_chunk = first_response_end(data + i, len);
        i += len;
    }
    aigw_sp_init(&sp, seg, nseg, 0, (opt & 0x40) != 0);
    sp.tick_ms = 1;
    sp.op_ms = 1;
    sp.random_sizes = 1;
    sp.rng = data[1] | 1u;
    if (data[1] & 2) sp.port.pending = NULL; /* a port that cannot tell: never kept */
    memset(&cfg, 0, sizeof cfg);
    cfg.base_url = "https://api.example.com/client/v4";
    cfg.account_id = "acc";
    cfg.auth.kind = AIGW_AUTH_TOKEN;
    cfg.auth.token.ptr = "tok";
    cfg.auth.token.len = 3;
    cfg.port = &sp.port;
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
    check(sp.violations == 0);
    check(sp.recvs < 100000); /* a client that never stops reading */
    if (e == AIGW_OK) {
        check(r.status >= 200 && r.status <= 299);
        check(sp.next >= 1 && seg[sp.next - 1].opened); /* the success came over the last connection */
        check_success(&seg[sp.next - 1], (opt & 0x80) ? 300 : sizeof body);
    }

    /* kept only when the port can tell and nothing of the segment is unread */
    if (c.connected) check(sp.port.pending != NULL && sp.live && sp.live->rx_off == sp.live->rx_len);

    /* second call: a new connection must get its own, known answer */
    fuzzed_conn = c.connected;
    segment(&good, (const uint8_t *)GOOD, sizeof GOOD - 1, END_EOF);
    sp.conn = &good;
    sp.nconn = 1;
    sp.next = 0;
    sp.recvs = 0;
    aigw_result_init(&r, body, sizeof body, tok, 128, arena, sizeof arena);
    e = aigw_gateway_get(&c, "gw2", &r);
    check(e < AIGW_E__COUNT);
    check(all_zero(io, sizeof io));
    check(sp.violations == 0);
    if (!fuzzed_conn) check(e == AIGW_OK);
    if (e == AIGW_OK) {
        check(good.opened); /* built from the known answer's bytes, never the fuzzed ones */
        check(r.gateway.id.state == AIGW_SET && r.gateway.id.value.len == 6 &&
              memcmp(r.gateway.id.value.ptr, "second", 6) == 0);
        check(r.gateway.params.cache_ttl.state == AIGW_SET && r.gateway.params.cache_ttl.value == 77);
    }
    aigw_client_close(&c);
    return 0;
}
