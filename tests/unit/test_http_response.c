/* SPDX-License-Identifier: MIT */
/*
 * Response parser tests: golden responses (tests/data/http/NAME.http with their
 * expected bodies in NAME.body) fed whole, at every two-piece split, one byte at
 * a time and in pseudo-random pieces must give identical results; every cut
 * of them must give a typed error (or, for a close-delimited body, the body
 * up to the cut); malformed variants give their specific error.
 * Run from the project root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_http.h"
#include "aigw_test.h"

#define DATA_DIR "tests/data/http/"
#define BODY_CAP 4096

/* ------------------------------------------------------------ helpers */

static size_t load(const char *path, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    if (!f) {
        printf("  cannot open %s\n", path);
        return (size_t)-1;
    }
    n = fread(buf, 1, cap, f);
    fclose(f);
    if (n == cap) {
        printf("  %s is larger than the test buffer\n", path);
        return (size_t)-1;
    }
    return n;
}

/* Everything a client can observe after parsing. */
typedef struct {
    aigw_err_t err;     /* from the last feed/feed_eof */
    size_t consumed;    /* sum of *consumed */
    size_t nread;
    int done;
    uint16_t status, flags;
    uint8_t minor, keep_alive, ra_kind;
    int64_t content_length, retry_after, date;
    uint32_t retry_ms;
    char cf_ray[AIGW_HTTP_CF_RAY_MAX];
    size_t body_len;
    uint8_t body[BODY_CAP];
} result_t;

/* Feed data in pieces: piece k has size sizes[k % nsizes] (0 means "the rest").
 * Stops at an error or when done. Calls feed_eof when eof is set and the
 * response is not done. */
static void run(const uint8_t *data, size_t len, const size_t *sizes, size_t nsizes, int eof, size_t cap,
                result_t *out)
{
    static uint8_t body[BODY_CAP + 16];
    aigw_http_resp_t r;
    size_t off = 0, k = 0;
    aigw_err_t e = AIGW_OK;

    memset(out, 0, sizeof *out);
    memset(body, 0xA5, sizeof body);
    aigw_http_resp_init(&r, body, cap);
    while (off < len && !r.done) {
        size_t n = sizes[k++ % nsizes], used = 12345;
        if (n == 0 || n > len - off) n = len - off;
        e = aigw_http_resp_feed(&r, data + off, n, &used);
        if (used > n) {
            printf("  consumed %zu of %zu\n", used, n);
            e = AIGW_E__COUNT;
            break;
        }
        out->consumed += used;
        off += used;
        if (e != AIGW_OK) break;
        if (!r.done && used != n) {
            printf("  not done yet consumed only %zu of %zu\n", used, n);
            e = AIGW_E__COUNT;
            break;
        }
    }
    if (e == AIGW_OK && eof && !r.done) e = aigw_http_resp_feed_eof(&r);
    /* nothing past the capacity given to init */
    for (k = cap; k < sizeof body; k++)
        if (body[k] != 0xA5) {
            printf("  body written past capacity at %zu\n", k);
            e = AIGW_E__COUNT;
            break;
        }
    out->err = e;
    out->nread = r.nread;
    out->done = r.done;
    out->status = r.status;
    out->flags = r.flags;
    out->minor = r.version_minor;
    out->keep_alive = r.keep_alive;
    out->ra_kind = r.retry_after_kind;
    out->content_length = r.content_length;
    out->retry_after = r.retry_after;
    out->date = r.date;
    out->retry_ms = r.retry_after_ms;
    memcpy(out->cf_ray, r.cf_ray, sizeof out->cf_ray);
    out->body_len = r.body_len;
    if (r.body_len <= BODY_CAP) memcpy(out->body, body, r.body_len);
}

static int same(const result_t *a, const result_t *b)
{
    return a->err == b->err && a->consumed == b->consumed && a->nread == b->nread && a->done == b->done &&
           a->status == b->status && a->flags == b->flags && a->minor == b->minor &&
           a->keep_alive == b->keep_alive && a->ra_kind == b->ra_kind &&
           a->content_length == b->content_length && a->retry_after == b->retry_after && a->date == b->date &&
           a->retry_ms == b->retry_ms && memcmp(a->cf_ray, b->cf_ray, sizeof a->cf_ray) == 0 &&
           a->body_len == b->body_len && memcmp(a->body, b->body, a->body_len) == 0;
}

static const size_t WHOLE[] = { 0 };
static const size_t ONE[] = { 1 };

static void whole(const char *s, size_t cap, result_t *out)
{
    run((const uint8_t *)s, strlen(s), WHOLE, 1, 1, cap, out);
}

/* Every way of splitting s agrees with the one-shot result; returns it. */
static int split_invariant(const uint8_t *s, size_t len, size_t cap, result_t *ref)
{
    static result_t other;
    size_t k;
    static const size_t odd[] = { 3, 1, 7, 2, 13, 5, 64, 1, 1, 31 };
    int ok = 1;
    run(s, len, WHOLE, 1, 1, cap, ref);
    run(s, len, ONE, 1, 1, cap, &other);
    if (!same(ref, &other)) {
        printf("  1-byte feeding differs from one-shot\n");
        ok = 0;
    }
    run(s, len, odd, sizeof odd / sizeof odd[0], 1, cap, &other);
    if (!same(ref, &other)) {
        printf("  odd-size feeding differs from one-shot\n");
        ok = 0;
    }
    for (k = 1; k < len && ok; k++) {
        size_t two[2];
        two[0] = k;
        two[1] = 0;
        run(s, len, two, 2, 1, cap, &other);
        if (!same(ref, &other)) {
            printf("  split at %zu differs from one-shot\n", k);
            ok = 0;
        }
    }
    return ok;
}

/* ------------------------------------------------------------ goldens */

#define T_DATE 1763964000 /* Mon, 24 Nov 2025 06:00:00 GMT */

typedef struct {
    const char *name;
    uint16_t status;
    uint8_t minor, keep_alive;
    uint16_t flags;
    int64_t content_length;  /* when flags has CONTENT_LENGTH */
    const char *cf_ray;
    uint8_t ra_kind;
    int64_t retry_after;
    int has_retry_ms;        /* aigw_http_retry_after_ms() result */
    uint32_t retry_ms;
} golden_t;

#define F_CL AIGW_HTTP_F_CONTENT_LENGTH
#define F_CH AIGW_HTTP_F_CHUNKED
#define F_CD AIGW_HTTP_F_CLOSE_DELIMITED
#define F_DT AIGW_HTTP_F_DATE
#define F_MS AIGW_HTTP_F_RETRY_AFTER_MS

static const golden_t goldens[] = {
    { "200-update-cl", 200, 1, 1, F_CL | F_DT, 1164, "8a1b2c3d4e5f6a7b-SJC", 0, 0, 0, 0 },
    { "200-update-chunked", 200, 1, 1, F_CH | F_DT, 0, "8a1b2c3d4e5f6a7c-AMS", 0, 0, 0, 0 },
    { "400-7001", 400, 1, 1, F_CL | F_DT, 157, "8a1b2c3d4e5f6a7d-SJC", 0, 0, 0, 0 },
    { "404-7002", 404, 1, 1, F_CL | F_DT, 93, "8a1b2c3d4e5f6a7e-SJC", 0, 0, 0, 0 },
    { "401-10000", 401, 1, 1, F_CL | F_DT, 77, "8a1b2c3d4e5f6a7f-SJC", 0, 0, 0, 0 },
    { "403-10000", 403, 1, 0, F_CL | F_DT, 77, "8a1b2c3d4e5f6a80-SJC", 0, 0, 0, 0 },
    { "429-retry-seconds", 429, 1, 1, F_CL | F_DT, 137, "8a1b2c3d4e5f6a81-SJC", AIGW_HTTP_RETRY_DELAY, 30, 1, 30000 },
    { "429-retry-date", 429, 1, 1, F_CL | F_DT, 137, "8a1b2c3d4e5f6a82-SJC", AIGW_HTTP_RETRY_DATE, T_DATE + 65, 1,
      65000 },
    { "429-retry-ms", 429, 1, 1, F_CL | F_DT | F_MS, 137, "", AIGW_HTTP_RETRY_DELAY, 2, 1, 1501 },
    { "500", 500, 1, 1, F_CL | F_DT, 106, "8a1b2c3d4e5f6a83-SJC", 0, 0, 0, 0 },
    { "502-html", 502, 1, 0, F_CL | F_DT, 155, "8a1b2c3d4e5f6a84-FRA", 0, 0, 0, 0 },
    { "1xx-then-200", 200, 1, 1, F_CL, 46, "", 0, 0, 0, 0 },
    { "200-http10-close", 200, 0, 0, F_CD, 0, "", 0, 0, 0, 0 },
    { "200-http11-close-delimited", 200, 1, 0, F_CD, 0, "", 0, 0, 0, 0 },
    { "200-http10-keepalive", 200, 0, 1, F_CL, 61, "", 0, 0, 0, 0 },
    { "200-close", 200, 1, 0, F_CL, 61, "", 0, 0, 0, 0 },
    { "204", 204, 1, 1, F_DT, 0, "", 0, 0, 0, 0 },
};
#define NGOLDEN (sizeof goldens / sizeof goldens[0])

static uint8_t g_raw[8192], g_body[8192], g_buf[16384];
static result_t g_ref, g_res;

static int load_golden(const golden_t *g, size_t *raw_len, size_t *body_len)
{
    char path[256];
    snprintf(path, sizeof path, DATA_DIR "%s.http", g->name);
    *raw_len = load(path, g_raw, sizeof g_raw);
    snprintf(path, sizeof path, DATA_DIR "%s.body", g->name);
    *body_len = load(path, g_body, sizeof g_body);
    return *raw_len != (size_t)-1 && *body_len != (size_t)-1 && *raw_len > 0;
}

static void check_expected(const golden_t *g, const result_t *r, size_t raw_len, size_t body_len)
{
    uint32_t ms = 0;
    EXPECTF(r->err == AIGW_OK, "%s: %s", g->name, aigw_strerror(r->err));
    EXPECTF(r->done == 1, "%s", g->name);
    EXPECTF(r->consumed == raw_len && r->nread == raw_len, "%s: consumed %zu of %zu", g->name, r->consumed, raw_len);
    EXPECTF(r->status == g->status, "%s: status %u", g->name, r->status);
    EXPECTF(r->minor == g->minor, "%s: minor %u", g->name, r->minor);
    EXPECTF(r->keep_alive == g->keep_alive, "%s: keep_alive %u", g->name, r->keep_alive);
    EXPECTF(r->flags == g->flags, "%s: flags 0x%x want 0x%x", g->name, r->flags, g->flags);
    if (g->flags & F_CL) EXPECTF(r->content_length == g->content_length, "%s: CL %lld", g->name,
                                 (long long)r->content_length);
    if (g->flags & F_DT) EXPECTF(r->date == T_DATE, "%s: date %lld", g->name, (long long)r->date);
    EXPECTF(strcmp(r->cf_ray, g->cf_ray) == 0, "%s: cf_ray '%s'", g->name, r->cf_ray);
    EXPECTF(r->ra_kind == g->ra_kind, "%s: ra_kind %u", g->name, r->ra_kind);
    if (g->ra_kind) EXPECTF(r->retry_after == g->retry_after, "%s: retry_after %lld", g->name,
                            (long long)r->retry_after);
    EXPECTF(r->body_len == body_len && memcmp(r->body, g_body, body_len) == 0, "%s: body (%zu bytes, want %zu)",
            g->name, r->body_len, body_len);
    {
        /* aigw_http_retry_after_ms() from a parser in the same state */
        aigw_http_resp_t p;
        size_t used;
        static uint8_t body[BODY_CAP];
        aigw_http_resp_init(&p, body, sizeof body);
        aigw_http_resp_feed(&p, g_raw, raw_len, &used);
        if (!p.done) aigw_http_resp_feed_eof(&p);
        EXPECTF(aigw_http_retry_after_ms(&p, &ms) == g->has_retry_ms, "%s", g->name);
        if (g->has_retry_ms) EXPECTF(ms == g->retry_ms, "%s: retry ms %u", g->name, (unsigned)ms);
    }
}

static void test_golden_whole_and_splits(void)
{
    size_t i, raw_len, body_len;
    for (i = 0; i < NGOLDEN; i++) {
        const golden_t *g = &goldens[i];
        if (!load_golden(g, &raw_len, &body_len)) {
            EXPECTF(0, "cannot load %s", g->name);
            continue;
        }
        EXPECTF(split_invariant(g_raw, raw_len, BODY_CAP, &g_ref), "%s", g->name);
        check_expected(g, &g_ref, raw_len, body_len);
    }
}

/* A cut response is an error after feed_eof, never a success, except a
 * close-delimited body, which legitimately ends where the connection does. */
static void test_golden_cut_every_offset(void)
{
    size_t i, k, raw_len, body_len;
    for (i = 0; i < NGOLDEN; i++) {
        const golden_t *g = &goldens[i];
        size_t head_len;
        if (!load_golden(g, &raw_len, &body_len)) {
            EXPECTF(0, "cannot load %s", g->name);
            continue;
        }
        head_len = raw_len - body_len;
        for (k = 0; k < raw_len; k++) {
            run(g_raw, k, WHOLE, 1, 1, BODY_CAP, &g_ref);
            run(g_raw, k, ONE, 1, 1, BODY_CAP, &g_res);
            EXPECTF(same(&g_ref, &g_res), "%s cut %zu: 1-byte differs", g->name, k);
            if ((g->flags & F_CD) && k >= head_len) {
                EXPECTF(g_ref.err == AIGW_OK && g_ref.done && g_ref.body_len == k - head_len &&
                            memcmp(g_ref.body, g_body, k - head_len) == 0,
                        "%s cut %zu: %s", g->name, k, aigw_strerror(g_ref.err));
            } else {
                EXPECTF(g_ref.err == AIGW_E_HTTP_TRUNCATED && !g_ref.done && g_ref.nread == k, "%s cut %zu: %s",
                        g->name, k, aigw_strerror(g_ref.err));
            }
        }
    }
}

/* The parser stops at the response's last byte: the rest is the caller's. */
static void test_golden_stops_at_end(void)
{
    static const char extra[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    size_t i, raw_len, body_len;
    for (i = 0; i < NGOLDEN; i++) {
        const golden_t *g = &goldens[i];
        if (g->flags & F_CD) continue; /* its body would swallow the extra bytes, by definition */
        if (!load_golden(g, &raw_len, &body_len)) {
            EXPECTF(0, "cannot load %s", g->name);
            continue;
        }
        memcpy(g_buf, g_raw, raw_len);
        memcpy(g_buf + raw_len, extra, sizeof extra - 1);
        EXPECTF(split_invariant(g_buf, raw_len + sizeof extra - 1, BODY_CAP, &g_ref), "%s", g->name);
        EXPECTF(g_ref.done && g_ref.err == AIGW_OK && g_ref.consumed == raw_len && g_ref.nread == raw_len,
                "%s: consumed %zu of %zu", g->name, g_ref.consumed, raw_len);
        EXPECTF(g_ref.body_len == body_len && memcmp(g_ref.body, g_body, body_len) == 0, "%s", g->name);
    }
}

/* Two responses on one kept-alive connection: init again, feed the rest. */
static void test_keep_alive_two_responses(void)
{
    size_t a_len, b_len, body_len, used, off;
    static uint8_t body[BODY_CAP];
    aigw_http_resp_t r;
    if (!load_golden(&goldens[1], &a_len, &body_len)) { EXPECT(0); return; }
    memcpy(g_buf, g_raw, a_len);
    if (!load_golden(&goldens[2], &b_len, &body_len)) { EXPECT(0); return; }
    memcpy(g_buf + a_len, g_raw, b_len);

    aigw_http_resp_init(&r, body, sizeof body);
    EXPECT(aigw_http_resp_feed(&r, g_buf, a_len + b_len, &used) == AIGW_OK);
    EXPECT(r.done && used == a_len && r.status == 200 && r.keep_alive);
    off = used;
    EXPECT(aigw_http_resp_feed(&r, g_buf + off, a_len + b_len - off, &used) == AIGW_OK && used == 0);
    aigw_http_resp_init(&r, body, sizeof body);
    EXPECT(aigw_http_resp_feed(&r, g_buf + off, a_len + b_len - off, &used) == AIGW_OK);
    EXPECT(r.done && used == b_len && r.status == 400 && r.body_len == body_len);
    EXPECT(memcmp(body, g_body, body_len) == 0);
}

/* ------------------------------------------------------------ malformed */

typedef struct {
    const char *raw;
    size_t len; /* may hold a NUL */
    aigw_err_t want;
} bad_t;
#define B(s, e) { s, sizeof(s) - 1, e }

#define OK200 "HTTP/1.1 200 OK\r\n"

static const bad_t bads[] = {
    /* status line */
    B("HTTP/2 200 OK\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("HTTP/1.2 200 OK\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("http/1.1 200 OK\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("HTTP/1.1 20 OK\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("HTTP/1.1 2000 OK\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("HTTP/1.1  200 OK\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("HTTP/1.1 600 Nope\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("HTTP/1.1 099 Low\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("HTTP/1.1 101 Switching Protocols\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("HTTP/1.1 2x0 OK\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("HTTP/1.1 200 OK\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("HTTP/1.1 200 OK\rX\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("HTTP/1.1 200 O\x01K\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("HTTP/1.1 200 O\x7fK\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("\r\nHTTP/1.1 200 OK\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B(" HTTP/1.1 200 OK\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    B("<html>", AIGW_E_HTTP_STATUS_LINE),
    B("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 20", AIGW_E_HTTP_TRUNCATED),
    B("HTTP/1.1 100 Continue\r\n\r\nXTTP/1.1 200 OK\r\n\r\n", AIGW_E_HTTP_STATUS_LINE),
    /* header lines */
    B(OK200 "X-A: 1\r\n b\r\n\r\n", AIGW_E_HTTP_HEADER),      /* obs-fold */
    B(OK200 "X-A: 1\r\n\tb\r\n\r\n", AIGW_E_HTTP_HEADER),     /* obs-fold, HTAB */
    B(OK200 " X-A: 1\r\n\r\n", AIGW_E_HTTP_HEADER),           /* whitespace before the first field */
    B(OK200 "Content-Length : 0\r\n\r\n", AIGW_E_HTTP_HEADER), /* whitespace before ':' */
    B(OK200 "X-A\r\n\r\n", AIGW_E_HTTP_HEADER),               /* no colon */
    B(OK200 ": v\r\n\r\n", AIGW_E_HTTP_HEADER),               /* empty name */
    B(OK200 "X(A): v\r\n\r\n", AIGW_E_HTTP_HEADER),           /* separator in name */
    B(OK200 "X-A: a\x01z\r\n\r\n", AIGW_E_HTTP_HEADER),
    B(OK200 "X-A: a\x7fz\r\n\r\n", AIGW_E_HTTP_HEADER),
    B(OK200 "X-A: a\rz\r\n\r\n", AIGW_E_HTTP_HEADER),         /* bare CR */
    B(OK200 "X-A: a\r\r\n\r\n", AIGW_E_HTTP_HEADER),
    B(OK200 "X-A: a\nX-B: b\r\n\r\n", AIGW_E_HTTP_HEADER),    /* bare LF */
    B(OK200 "X-A: a\r\n\r\r\n", AIGW_E_HTTP_HEADER),          /* CR CR at the end */
    B(OK200 "X-A: a\r\n\n", AIGW_E_HTTP_HEADER),              /* bare LF ends the section */
    B(OK200 "cf-ray: a\0z\r\n\r\n", AIGW_E_HTTP_HEADER), /* NUL */
    /* Content-Length */
    B(OK200 "Content-Length: abc\r\n\r\n", AIGW_E_HTTP_CONTENT_LENGTH),
    B(OK200 "Content-Length: -1\r\n\r\n", AIGW_E_HTTP_CONTENT_LENGTH),
    B(OK200 "Content-Length: +1\r\n\r\n", AIGW_E_HTTP_CONTENT_LENGTH),
    B(OK200 "Content-Length: 0x10\r\n\r\n", AIGW_E_HTTP_CONTENT_LENGTH),
    B(OK200 "Content-Length: 1 2\r\n\r\n", AIGW_E_HTTP_CONTENT_LENGTH),
    B(OK200 "Content-Length: 1.0\r\n\r\n", AIGW_E_HTTP_CONTENT_LENGTH),
    B(OK200 "Content-Length:\r\n\r\n", AIGW_E_HTTP_CONTENT_LENGTH),
    B(OK200 "Content-Length:  \r\n\r\n", AIGW_E_HTTP_CONTENT_LENGTH),
    B(OK200 "Content-Length: ,\r\n\r\n", AIGW_E_HTTP_CONTENT_LENGTH),
    B(OK200 "Content-Length: 5, 6\r\n\r\nhello", AIGW_E_HTTP_CONTENT_LENGTH),
    B(OK200 "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello", AIGW_E_HTTP_CONTENT_LENGTH),
    B(OK200 "Content-Length: 5\r\nX: y\r\ncontent-length: 05\r\ncontent-length: 4\r\n\r\nhello",
      AIGW_E_HTTP_CONTENT_LENGTH),
    B(OK200 "Content-Length: 9223372036854775808\r\n\r\n", AIGW_E_HTTP_CONTENT_LENGTH), /* 2^63 */
    B(OK200 "Content-Length: 99999999999999999999999\r\n\r\n", AIGW_E_HTTP_CONTENT_LENGTH),
    B(OK200 "Content-Length: 9223372036854775807\r\n\r\n", AIGW_E_HTTP_BODY_TOO_LARGE),   /* 2^63-1 parses */
    /* framing conflicts and codings */
    B(OK200 "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", AIGW_E_HTTP_CL_CHUNKED),
    B(OK200 "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", AIGW_E_HTTP_CL_CHUNKED),
    B(OK200 "Transfer-Encoding: gzip\r\n\r\n", AIGW_E_HTTP_ENCODING),
    B(OK200 "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", AIGW_E_HTTP_ENCODING),
    B(OK200 "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", AIGW_E_HTTP_ENCODING),
    B(OK200 "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", AIGW_E_HTTP_ENCODING),
    B(OK200 "Transfer-Encoding: identity\r\n\r\n", AIGW_E_HTTP_ENCODING),
    B(OK200 "Transfer-Encoding: chunked;q=1\r\n\r\n0\r\n\r\n", AIGW_E_HTTP_ENCODING),
    B(OK200 "Transfer-Encoding:\r\n\r\n", AIGW_E_HTTP_ENCODING),
    B(OK200 "Transfer-Encoding: chunkedchunkedchunkedchunkedchunkedchunked\r\n\r\n", AIGW_E_HTTP_ENCODING),
    B(OK200 "Content-Length: 5\r\nTransfer-Encoding: gzip\r\n\r\n", AIGW_E_HTTP_ENCODING),
    /* chunks */
    B(OK200 "Transfer-Encoding: chunked\r\n\r\nzz\r\n", AIGW_E_HTTP_CHUNK),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n\r\n", AIGW_E_HTTP_CHUNK),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n-5\r\n", AIGW_E_HTTP_CHUNK),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n0x5\r\n", AIGW_E_HTTP_CHUNK),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n", AIGW_E_HTTP_CHUNK),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", AIGW_E_HTTP_CHUNK),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloX\r\n0\r\n\r\n", AIGW_E_HTTP_CHUNK),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\r0\r\n\r\n", AIGW_E_HTTP_CHUNK),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n", AIGW_E_HTTP_CHUNK),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n5;a\x01\r\nhello\r\n0\r\n\r\n", AIGW_E_HTTP_CHUNK),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n8000000000000000\r\n", AIGW_E_HTTP_CHUNK),   /* 2^63 */
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n10000000000000000\r\n", AIGW_E_HTTP_CHUNK),  /* 2^64 */
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\n", AIGW_E_HTTP_BODY_TOO_LARGE),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n0\r\n bad: trailer\r\n\r\n", AIGW_E_HTTP_HEADER),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n0\r\nX: a\rb\r\n\r\n", AIGW_E_HTTP_HEADER),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\r", AIGW_E_HTTP_HEADER),
    /* truncation inside each part */
    B(OK200 "Content-Length: 5\r\n\r\nhell", AIGW_E_HTTP_TRUNCATED),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", AIGW_E_HTTP_TRUNCATED),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n", AIGW_E_HTTP_TRUNCATED),
    B(OK200 "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX: y\r\n", AIGW_E_HTTP_TRUNCATED),
    B(OK200 "Content-Length: 0\r\n", AIGW_E_HTTP_TRUNCATED),
    B("", AIGW_E_HTTP_TRUNCATED),
};
#define NBAD (sizeof bads / sizeof bads[0])

static void test_malformed(void)
{
    size_t i;
    for (i = 0; i < NBAD; i++) {
        EXPECTF(split_invariant((const uint8_t *)bads[i].raw, bads[i].len, 64, &g_ref), "bad[%zu]", i);
        EXPECTF(g_ref.err == bads[i].want, "bad[%zu] '%s': got %s, want %s", i, bads[i].raw,
                aigw_strerror(g_ref.err), aigw_strerror(bads[i].want));
        EXPECTF(!g_ref.done, "bad[%zu]", i);
    }
}

/* A number outside 100..599 is no status: it must not be left in r.status,
 * where 600 would read as a server error (issue 17). */
static void test_status_out_of_range(void)
{
    static const char *const lines[] = {"HTTP/1.1 600 Nope\r\n\r\n", "HTTP/1.1 999 X\r\n\r\n",
                                        "HTTP/1.1 099 Low\r\n\r\n", "HTTP/1.1 101 Up\r\n\r\n"};
    size_t i, used;
    for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        aigw_http_resp_t r;
        uint8_t body[8];
        aigw_http_resp_init(&r, body, sizeof body);
        EXPECTF(aigw_http_resp_feed(&r, (const uint8_t *)lines[i], strlen(lines[i]), &used) ==
                    AIGW_E_HTTP_STATUS_LINE && r.status == 0, "%s: status %u", lines[i], r.status);
    }
}

/* An error is sticky: later calls return it and consume nothing. */
static void test_sticky_error_and_args(void)
{
    aigw_http_resp_t r;
    uint8_t body[8];
    size_t used = 99;
    static const uint8_t bad[] = "HTTP/9.9 200 OK\r\n\r\n", good[] = "HTTP/1.1 200 OK\r\n\r\n";
    aigw_http_resp_init(&r, body, sizeof body);
    EXPECT(aigw_http_resp_feed(&r, bad, sizeof bad - 1, &used) == AIGW_E_HTTP_STATUS_LINE);
    EXPECT(used == 5 && r.nread == 5); /* "HTTP/" accepted, '9' refused */
    EXPECT(aigw_http_resp_feed(&r, good, sizeof good - 1, &used) == AIGW_E_HTTP_STATUS_LINE && used == 0);
    EXPECT(aigw_http_resp_feed_eof(&r) == AIGW_E_HTTP_STATUS_LINE);
    EXPECT(r.err == AIGW_E_HTTP_STATUS_LINE && !r.done);

    aigw_http_resp_init(&r, body, sizeof body);
    EXPECT(aigw_http_resp_feed(NULL, good, 1, &used) == AIGW_E_ARG && used == 0);
    EXPECT(aigw_http_resp_feed(&r, good, 1, NULL) == AIGW_E_ARG);
    EXPECT(aigw_http_resp_feed(&r, NULL, 1, &used) == AIGW_E_ARG);
    EXPECT(aigw_http_resp_feed(&r, NULL, 0, &used) == AIGW_OK && used == 0);
    EXPECT(aigw_http_resp_feed_eof(NULL) == AIGW_E_ARG);
    EXPECT(r.err == AIGW_OK && r.nread == 0);
    /* EOF before any byte: a stale kept-alive connection */
    EXPECT(aigw_http_resp_feed_eof(&r) == AIGW_E_HTTP_TRUNCATED && r.nread == 0);
    aigw_http_resp_init(NULL, body, 1); /* no crash */
}

static void test_feed_after_done(void)
{
    aigw_http_resp_t r;
    uint8_t body[8];
    size_t used = 99;
    static const uint8_t good[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhiHTTP";
    aigw_http_resp_init(&r, body, sizeof body);
    EXPECT(aigw_http_resp_feed(&r, good, sizeof good - 1, &used) == AIGW_OK && r.done);
    EXPECT(used == sizeof good - 5);
    EXPECT(aigw_http_resp_feed(&r, good, 4, &used) == AIGW_OK && used == 0);
    EXPECT(aigw_http_resp_feed_eof(&r) == AIGW_OK && r.done && r.body_len == 2);
}

/* ------------------------------------------------------------ features */

static void test_header_names_and_ows(void)
{
    static result_t r;
    whole(OK200 "CONTENT-LENGTH:   5 \t\r\n\r\nhello", 64, &r);
    EXPECT(r.err == AIGW_OK && r.content_length == 5 && r.body_len == 5);
    whole(OK200 "cOnTeNt-LeNgTh:5\r\n\r\nhello", 64, &r);
    EXPECT(r.err == AIGW_OK && r.content_length == 5);
    whole(OK200 "transfer-ENCODING:  Chunked \r\n\r\n5\r\nhello\r\n0\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && (r.flags & F_CH) && r.body_len == 5);
    /* prefixes and extensions of known names are other headers */
    whole(OK200 "Content-Lengthx: 99\r\nContent-Lengt: 99\r\nXContent-Length: 99\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && !(r.flags & F_CL) && (r.flags & F_CD));
    whole(OK200 "date-x: Sun, 06 Nov 1994 08:49:37 GMT\r\nretry-after-msx: 5\r\ncf-ray-x: no\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && !(r.flags & (F_DT | F_MS)) && r.cf_ray[0] == 0);
    /* values may carry obs-text and any visible byte */
    whole(OK200 "X-Any: \x80\xff \"quoted\" (x) {}\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.done);
    /* reason phrase optional (with or without its SP), any text */
    whole("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.status == 200);
    whole("HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.status == 404);
    whole("HTTP/1.1 503 Service \t Unavailable \x80\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.status == 503);
    /* identical Content-Length duplicates, as separate lines and as a list */
    whole(OK200 "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 64, &r);
    EXPECT(r.err == AIGW_OK && r.content_length == 5 && r.body_len == 5);
    whole(OK200 "Content-Length: 5, 5 ,5,\r\ncontent-length: 005\r\n\r\nhello", 64, &r);
    EXPECT(r.err == AIGW_OK && r.content_length == 5 && r.body_len == 5);
    /* an empty header value is allowed for other headers */
    whole(OK200 "X-Empty:\r\nX-Empty2:   \r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.done);
}

static void test_no_body_statuses(void)
{
    static result_t r;
    whole("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.done && r.body_len == 0 && r.status == 204);
    whole("HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.done && r.body_len == 0 && r.status == 304 && r.keep_alive);
    /* 1xx fields are not interpreted; several interims are skipped */
    whole("HTTP/1.1 100 Continue\r\nContent-Length: 5\r\ncf-ray: interim\r\nConnection: close\r\n\r\n"
          "HTTP/1.1 102 Processing\r\n\r\n"
          "HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nhi",
          64, &r);
    EXPECT(r.err == AIGW_OK && r.done && r.status == 200 && r.body_len == 2 && r.cf_ray[0] == 0 &&
           r.minor == 0 && r.keep_alive == 1 && r.content_length == 2);
    whole(OK200 "Content-Length: 0\r\n\r\n", 0, &r);
    EXPECT(r.err == AIGW_OK && r.done);
}

static void test_connection(void)
{
    static result_t r;
    whole(OK200 "Content-Length: 0\r\nConnection: Upgrade, CLOSE\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.keep_alive == 0);
    whole(OK200 "Content-Length: 0\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.keep_alive == 0);
    whole(OK200 "Content-Length: 0\r\nConnection: closed, xclose, keep-alive\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.keep_alive == 1);
    whole("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.keep_alive == 0);
    whole("HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: ,, KEEP-ALIVE ,\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.keep_alive == 1);
    /* a close-delimited body ends the connection, whatever Connection says */
    whole(OK200 "Connection: keep-alive\r\n\r\nbody", 64, &r);
    EXPECT(r.err == AIGW_OK && r.done && r.body_len == 4 && r.keep_alive == 0 && (r.flags & F_CD));
    /* chunked in HTTP/1.0: parsed, but the connection is not reused */
    whole("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
          64, &r);
    EXPECT(r.err == AIGW_OK && r.done && r.body_len == 2 && r.keep_alive == 0);
    /* a long element is some other token, not an error */
    whole(OK200 "Content-Length: 0\r\nConnection: "
                "a-very-long-connection-option-token-that-is-longer-than-the-value-buffer, close\r\n\r\n",
          64, &r);
    EXPECT(r.err == AIGW_OK && r.keep_alive == 0);
}

static void test_chunked(void)
{
    static result_t r;
    whole(OK200 "Transfer-Encoding: chunked\r\n\r\n"
                "5;ext=1;q=\"a b\"\r\nhello\r\n"
                "00006 \t;x\r\n world\r\n"
                "A\r\n0123456789\r\n"
                "0;last\r\nX-Checksum: abc\r\nContent-Length: 99\r\n\r\n",
          64, &r);
    EXPECT(r.err == AIGW_OK && r.done && r.body_len == 21 && memcmp(r.body, "hello world0123456789", 21) == 0);
    EXPECT(!(r.flags & F_CL)); /* trailer fields are not interpreted */
    whole(OK200 "Transfer-Encoding: chunked\r\n\r\n000\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.done && r.body_len == 0);
    /* chunked body over the capacity: refused at the chunk size, before its data */
    whole(OK200 "Transfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n5\r\nefghi\r\n0\r\n\r\n", 8, &r);
    EXPECT(r.err == AIGW_E_HTTP_BODY_TOO_LARGE && r.body_len == 4);
    whole(OK200 "Transfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n4\r\nefgh\r\n0\r\n\r\n", 8, &r);
    EXPECT(r.err == AIGW_OK && r.body_len == 8);
}

static void test_body_too_large(void)
{
    static result_t r;
    static const char cl100[] = OK200 "Content-Length: 100\r\n\r\n";
    whole(OK200 "Content-Length: 100\r\n\r\nabc", 10, &r);
    EXPECT(r.err == AIGW_E_HTTP_BODY_TOO_LARGE && (r.flags & F_CL) && r.content_length == 100);
    /* refused at the empty line's LF, before any body byte */
    EXPECT(r.body_len == 0 && r.consumed == sizeof cl100 - 2);
    whole(OK200 "Content-Length: 11\r\n\r\nhello world", 10, &r);
    EXPECT(r.err == AIGW_E_HTTP_BODY_TOO_LARGE && r.content_length == 11);
    whole(OK200 "Content-Length: 10\r\n\r\nhelloworld", 10, &r);
    EXPECT(r.err == AIGW_OK && r.body_len == 10);
    /* close-delimited: filled up to the capacity, then refused */
    whole(OK200 "\r\n0123456789A", 10, &r);
    EXPECT(r.err == AIGW_E_HTTP_BODY_TOO_LARGE && !(r.flags & F_CL) && r.body_len == 10);
    EXPECT(memcmp(r.body, "0123456789", 10) == 0);
    whole(OK200 "\r\n0123456789", 10, &r);
    EXPECT(r.err == AIGW_OK && r.body_len == 10);
    whole(OK200 "\r\nx", 0, &r);
    EXPECT(r.err == AIGW_E_HTTP_BODY_TOO_LARGE);
}

static void test_headers_too_large(void)
{
    static char big[AIGW_HTTP_MAX_HEADER_BYTES + 200];
    static result_t r;
    size_t head = strlen(OK200), n;
    /* exactly at the limit: status line + one long header + empty line */
    memcpy(big, OK200 "X-Long: ", head + 8);
    n = AIGW_HTTP_MAX_HEADER_BYTES - head - 8 - 4;
    memset(big + head + 8, 'a', n);
    memcpy(big + head + 8 + n, "\r\n\r\n", 5);
    EXPECT(strlen(big) == AIGW_HTTP_MAX_HEADER_BYTES);
    EXPECT(split_invariant((const uint8_t *)big, strlen(big), 64, &r));
    EXPECT(r.err == AIGW_OK && r.done == 1 && (r.flags & F_CD));
    /* one byte more */
    memset(big + head + 8, 'a', n + 1);
    memcpy(big + head + 8 + n + 1, "\r\n\r\n", 5);
    EXPECT(split_invariant((const uint8_t *)big, strlen(big), 64, &r));
    EXPECT(r.err == AIGW_E_HTTP_HEADERS_TOO_LARGE && r.nread == AIGW_HTTP_MAX_HEADER_BYTES);
    /* many small lines */
    {
        size_t off = head;
        memcpy(big, OK200, head);
        while (off + 8 < sizeof big - 8) {
            memcpy(big + off, "A: b\r\n", 6);
            off += 6;
        }
        memcpy(big + off, "\r\n", 3);
        whole(big, 64, &r);
        EXPECT(r.err == AIGW_E_HTTP_HEADERS_TOO_LARGE);
    }
    /* interim responses count too: an endless run of 100 Continue is bounded */
    {
        size_t off = 0;
        while (off + 25 < sizeof big) {
            memcpy(big + off, "HTTP/1.1 100 Continue\r\n\r\n", 25);
            off += 25;
        }
        big[off] = 0;
        whole(big, 64, &r);
        EXPECT(r.err == AIGW_E_HTTP_HEADERS_TOO_LARGE);
    }
}

static void test_chunk_line_limit(void)
{
    static char big[2 * AIGW_HTTP_MAX_HEADER_BYTES + 200];
    static result_t r;
    size_t off;
    memcpy(big, OK200 "Transfer-Encoding: chunked\r\n\r\n1;", strlen(OK200) + 32);
    off = strlen(OK200) + 32;
    memset(big + off, 'e', sizeof big - off - 1);
    big[sizeof big - 1] = 0;
    whole(big, 64, &r);
    EXPECT(r.err == AIGW_E_HTTP_CHUNK);
}

static void test_cf_ray(void)
{
    static result_t r;
    static char line[256];
    char ray[AIGW_HTTP_CF_RAY_MAX + 2];
    memset(ray, 'r', sizeof ray);
    /* longest kept: AIGW_HTTP_CF_RAY_MAX - 1 bytes, trailing OWS ignored */
    ray[AIGW_HTTP_CF_RAY_MAX - 1] = 0;
    snprintf(line, sizeof line, OK200 "CF-Ray:  %s \t\r\nContent-Length: 0\r\n\r\n", ray);
    EXPECT(split_invariant((const uint8_t *)line, strlen(line), 64, &r));
    EXPECT(r.err == AIGW_OK && strcmp(r.cf_ray, ray) == 0 && !(r.flags & AIGW_HTTP_F_CF_RAY_LONG));
    /* one more: not kept, flagged, never cut */
    ray[AIGW_HTTP_CF_RAY_MAX - 1] = 'r';
    ray[AIGW_HTTP_CF_RAY_MAX] = 0;
    snprintf(line, sizeof line, OK200 "cf-ray: %s\r\nContent-Length: 0\r\n\r\n", ray);
    EXPECT(split_invariant((const uint8_t *)line, strlen(line), 64, &r));
    EXPECT(r.err == AIGW_OK && r.cf_ray[0] == 0 && (r.flags & AIGW_HTTP_F_CF_RAY_LONG));
    /* the first one counts */
    whole(OK200 "cf-ray: first-SJC\r\ncf-ray: second-AMS\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && strcmp(r.cf_ray, "first-SJC") == 0);
    whole(OK200 "cf-ray: a b\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && strcmp(r.cf_ray, "a b") == 0);
}

static void test_retry_after(void)
{
    static result_t r;
    aigw_http_resp_t p;
    uint32_t ms = 7;
    whole(OK200 "Retry-After: 0\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.ra_kind == AIGW_HTTP_RETRY_DELAY && r.retry_after == 0);
    whole(OK200 "Retry-After: 99999999999999999999999999\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.ra_kind == AIGW_HTTP_RETRY_DELAY && r.retry_after == 2147483648LL);
    whole(OK200 "Retry-After: Sunday, 06-Nov-94 08:49:37 GMT\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.ra_kind == AIGW_HTTP_RETRY_DATE && r.retry_after == 784111777);
    whole(OK200 "Retry-After: Sun Nov  6 08:49:37 1994\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.ra_kind == AIGW_HTTP_RETRY_DATE && r.retry_after == 784111777);
    /* bad advisory values: flagged and ignored, the response stands */
    whole(OK200 "Retry-After: soon\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.ra_kind == 0 && (r.flags & AIGW_HTTP_F_RETRY_BAD));
    whole(OK200 "Retry-After: -5\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.ra_kind == 0 && (r.flags & AIGW_HTTP_F_RETRY_BAD));
    whole(OK200 "Retry-After: 1.5\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && r.ra_kind == 0 && (r.flags & AIGW_HTTP_F_RETRY_BAD));
    whole(OK200 "Date: Sun, 06 Nov 1994 08:49:37 GMT but longer than any date can be\r\nContent-Length: 0\r\n\r\n",
          64, &r);
    EXPECT(r.err == AIGW_OK && !(r.flags & F_DT) && (r.flags & AIGW_HTTP_F_RETRY_BAD));
    whole(OK200 "Date: sun, 06 nov 1994 08:49:37 gmt\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT(r.err == AIGW_OK && !(r.flags & F_DT) && (r.flags & AIGW_HTTP_F_RETRY_BAD));
    /* retry-after-ms: integer or decimal, rounded up */
    whole(OK200 "retry-after-ms: 250\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT((r.flags & F_MS) && r.retry_ms == 250);
    whole(OK200 "retry-after-ms: 250.000\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT((r.flags & F_MS) && r.retry_ms == 250);
    whole(OK200 "retry-after-ms: 0.001\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT((r.flags & F_MS) && r.retry_ms == 1);
    whole(OK200 "retry-after-ms: 99999999999.9\r\nContent-Length: 0\r\n\r\n", 64, &r);
    EXPECT((r.flags & F_MS) && r.retry_ms == UINT32_MAX);
    {
        static const char *const bad_ms[] = { ".5", "1.", "1.2.3", "-1", "1e3", "", " ", "12 3" };
        size_t i;
        for (i = 0; i < sizeof bad_ms / sizeof bad_ms[0]; i++) {
            char line[128];
            snprintf(line, sizeof line, OK200 "retry-after-ms: %s\r\nContent-Length: 0\r\n\r\n", bad_ms[i]);
            whole(line, 64, &r);
            EXPECTF(r.err == AIGW_OK && !(r.flags & F_MS) && (r.flags & AIGW_HTTP_F_RETRY_BAD), "'%s'", bad_ms[i]);
        }
    }
    /* delay from the dates: past date -> 0; no Date header -> unknown */
    {
        static const uint8_t past[] = OK200 "Date: Mon, 24 Nov 2025 06:00:00 GMT\r\n"
                                            "Retry-After: Mon, 24 Nov 2025 05:00:00 GMT\r\nContent-Length: 0\r\n\r\n";
        static const uint8_t nodate[] = OK200 "Retry-After: Mon, 24 Nov 2025 05:00:00 GMT\r\nContent-Length: 0\r\n\r\n";
        static const uint8_t none[] = OK200 "Content-Length: 0\r\n\r\n";
        static const uint8_t big[] = OK200 "Retry-After: 4294968\r\nContent-Length: 0\r\n\r\n";
        size_t used;
        aigw_http_resp_init(&p, NULL, 0);
        aigw_http_resp_feed(&p, past, sizeof past - 1, &used);
        EXPECT(p.done && aigw_http_retry_after_ms(&p, &ms) == 1 && ms == 0);
        aigw_http_resp_init(&p, NULL, 0);
        aigw_http_resp_feed(&p, nodate, sizeof nodate - 1, &used);
        ms = 7;
        EXPECT(p.done && aigw_http_retry_after_ms(&p, &ms) == 0 && ms == 7);
        aigw_http_resp_init(&p, NULL, 0);
        aigw_http_resp_feed(&p, none, sizeof none - 1, &used);
        EXPECT(p.done && aigw_http_retry_after_ms(&p, &ms) == 0);
        aigw_http_resp_init(&p, NULL, 0);
        aigw_http_resp_feed(&p, big, sizeof big - 1, &used);
        EXPECT(p.done && aigw_http_retry_after_ms(&p, &ms) == 1 && ms == UINT32_MAX);
        EXPECT(aigw_http_retry_after_ms(NULL, &ms) == 0 && aigw_http_retry_after_ms(&p, NULL) == 0);
    }
}

static void test_date_parse(void)
{
    static const struct {
        const char *s;
        int ok;
        int64_t t;
    } cases[] = {
        { "Sun, 06 Nov 1994 08:49:37 GMT", 1, 784111777 },
        { "Sunday, 06-Nov-94 08:49:37 GMT", 1, 784111777 },
        { "Sun Nov  6 08:49:37 1994", 1, 784111777 },
        { "Sun Nov 06 08:49:37 1994", 1, 784111777 },
        { "Thu, 01 Jan 1970 00:00:00 GMT", 1, 0 },
        { "Tue, 29 Feb 2000 23:59:59 GMT", 1, 951868799 },
        { "Thu, 29 Feb 2024 00:00:00 GMT", 1, 1709164800 },
        { "Fri, 31 Dec 9999 23:59:59 GMT", 1, 253402300799LL },
        { "Mon, 01 Jan 0001 00:00:00 GMT", 1, -62135596800LL },
        { "Wednesday, 31-Dec-69 00:00:00 GMT", 1, 3155673600LL },
        { "Mon, 24 Nov 2025 06:00:60 GMT", 1, 1763964060 },
        { "Wed, 29 Feb 2023 00:00:00 GMT", 0, 0 },
        { "Thu, 29 Feb 1900 00:00:00 GMT", 0, 0 },
        { "Sun, 31 Apr 2024 00:00:00 GMT", 0, 0 },
        { "Sun, 00 Apr 2024 00:00:00 GMT", 0, 0 },
        { "Sun, 06 Nov 1994 24:00:00 GMT", 0, 0 },
        { "Sun, 06 Nov 1994 08:60:00 GMT", 0, 0 },
        { "Sun, 06 Nov 1994 08:49:61 GMT", 0, 0 },
        { "Sun, 06 Nov 1994 08:49:37 UTC", 0, 0 },
        { "Sun, 06 nov 1994 08:49:37 GMT", 0, 0 },
        { "Xyz, 06 Nov 1994 08:49:37 GMT", 0, 0 },
        { "Sun, 6 Nov 1994 08:49:37 GMT", 0, 0 },
        { "Sun, 06 Nov 1994 08:49:37 GMT ", 0, 0 },
        { "Sun, 06 Nov 1994 8:49:37 GMT ", 0, 0 },
        { "Sun, 06 Nov 19a4 08:49:37 GMT", 0, 0 },
        { "Sun, 06 Nov 1994 08-49-37 GMT", 0, 0 },
        { "Sunday, 06 Nov 94 08:49:37 GMT", 0, 0 },
        { "Sun Nov  x 08:49:37 1994", 0, 0 },
        { "", 0, 0 },
        { "1994", 0, 0 },
    };
    size_t i;
    int64_t t = 0;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        aigw_err_t e = aigw_http_date_parse(cases[i].s, strlen(cases[i].s), &t);
        EXPECTF((e == AIGW_OK) == cases[i].ok, "'%s': %s", cases[i].s, aigw_strerror(e));
        if (cases[i].ok) EXPECTF(t == cases[i].t, "'%s': %lld", cases[i].s, (long long)t);
    }
    EXPECT(aigw_http_date_parse(NULL, 0, &t) == AIGW_E_ARG);
    EXPECT(aigw_http_date_parse("x", 1, NULL) == AIGW_E_ARG);
}

int main(void)
{
    printf("sizeof(aigw_http_resp_t) = %zu\n", sizeof(aigw_http_resp_t));
    RUN(test_golden_whole_and_splits);
    RUN(test_golden_cut_every_offset);
    RUN(test_golden_stops_at_end);
    RUN(test_keep_alive_two_responses);
    RUN(test_malformed);
    RUN(test_status_out_of_range);
    RUN(test_sticky_error_and_args);
    RUN(test_feed_after_done);
    RUN(test_header_names_and_ows);
    RUN(test_no_body_statuses);
    RUN(test_connection);
    RUN(test_chunked);
    RUN(test_body_too_large);
    RUN(test_headers_too_large);
    RUN(test_chunk_line_limit);
    RUN(test_cf_ray);
    RUN(test_retry_after);
    RUN(test_date_parse);
    return AIGW_TEST_EXIT();
}
