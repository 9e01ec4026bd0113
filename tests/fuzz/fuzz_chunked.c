/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for chunked transfer decoding (core/http_response.c),
 * structure-aware: the input does not go to the parser as it is, it DESCRIBES
 * a valid chunked response (chunk sizes, data, extensions, hex spelling,
 * trailers, optional bytes after the response), which the harness writes out.
 * So the fuzzer explores the framing grammar deeply instead of being stopped
 * at the status line, and the oracle is exact:
 *   - the response is accepted (AIGW_OK, done) for every split of the bytes,
 *     in one call, one byte a call, and in random pieces;
 *   - the de-chunked body equals the concatenated chunk data, byte for byte;
 *   - consumed stops exactly at the end of the response (bytes after it,
 *     a pipelined or stale answer, are never taken);
 *   - with a body buffer one byte too small: AIGW_E_HTTP_BODY_TOO_LARGE,
 *     nothing written past the buffer (malloc'ed at exactly its size);
 *   - with mutate set, one byte of the framing is changed: any outcome but a
 *     crash is fine, and a success must still respect the buffer.
 *
 * Input: byte 0 = flags (bit 0-1 hex case/leading zeros, bit 2 trailers,
 * bit 3 garbage after the end, bit 4 mutate, bit 5 whitespace before ';'),
 * byte 1 = split seed, then records of (size byte, ext byte, data...).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_http.h"

#define MAX_OUT 65536

/* abort with the line of the broken oracle (libFuzzer keeps the input) */
#define check(ok) do { if (!(ok)) { fprintf(stderr, "oracle failed: %s:%d: %s\n", __FILE__, __LINE__, #ok); abort(); } } while (0)

typedef struct {
    uint8_t *b;
    size_t n, cap;
} buf_t;

static void put(buf_t *o, const void *p, size_t n)
{
    if (o->n + n > o->cap) n = o->cap - o->n;
    memcpy(o->b + o->n, p, n);
    o->n += n;
}

static void puts_(buf_t *o, const char *s) { put(o, s, strlen(s)); }

static const char *const exts[] = {
    "", ";a=b", ";name", ";q=\"quoted value\"", ";x=1;y=2", "; sp = 3", ";\x80\xff", ";a=\"\\\"\"",
};

/* Parse whole / bytewise / random pieces; returns the error, fills body and consumed. */
static aigw_err_t parse(const uint8_t *d, size_t n, uint8_t *body, size_t cap, int mode, unsigned seed,
                        size_t *consumed, aigw_http_resp_t *r)
{
    size_t off = 0;
    aigw_err_t e = AIGW_OK;
    aigw_http_resp_init(r, body, cap);
    while (off < n && !r->done) {
        size_t piece = n - off, used = 0;
        if (mode == 1) piece = 1;
        if (mode == 2) {
            seed = seed * 1103515245u + 12345u;
            piece = 1 + (seed >> 16) % 13u;
            if (piece > n - off) piece = n - off;
        }
        e = aigw_http_resp_feed(r, d + off, piece, &used);
        check(used <= piece);
        off += used;
        if (e != AIGW_OK) break;
        check(r->done || used == piece);
    }
    if (e == AIGW_OK && !r->done) e = aigw_http_resp_feed_eof(r);
    *consumed = off;
    return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t out_mem[MAX_OUT], want_mem[MAX_OUT];
    buf_t out = { out_mem, 0, MAX_OUT }, want = { want_mem, 0, MAX_OUT };
    unsigned flags, seed;
    size_t i = 2, end, consumed = 0, mode;
    aigw_http_resp_t r;
    char line[64];

    if (size < 2) return 0;
    flags = data[0];
    seed = data[1];
    puts_(&out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    while (i + 2 <= size && out.n < MAX_OUT / 2) {
        size_t len = data[i], k;
        const char *ext = exts[data[i + 1] & 7];
        i += 2;
        if (len == 0) len = 1; /* a zero size would end the body: only the last chunk has it */
        if (len > size - i) len = size - i;
        if (len == 0) break;
        switch (flags & 3) {
        case 0: snprintf(line, sizeof line, "%zx", len); break;
        case 1: snprintf(line, sizeof line, "%zX", len); break;
        case 2: snprintf(line, sizeof line, "000%zx", len); break;
        default: snprintf(line, sizeof line, "%08zX", len); break;
        }
        puts_(&out, line);
        if ((flags & 32) && ext[0]) puts_(&out, " \t");
        puts_(&out, ext);
        puts_(&out, "\r\n");
        for (k = 0; k < len; k++) { /* any byte is fine in chunk data, CR and LF included */
            put(&out, &data[i + k], 1);
            put(&want, &data[i + k], 1);
        }
        i += len;
        puts_(&out, "\r\n");
    }
    puts_(&out, (flags & 2) ? "0000;last=1\r\n" : "0\r\n");
    if (flags & 4) puts_(&out, "x-checksum: abc\r\nServer-Timing: total;dur=1\r\n");
    puts_(&out, "\r\n");
    end = out.n;
    if (flags & 8) puts_(&out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"); /* not ours */

    if (flags & 16) {
        /* mutate one framing byte: robustness only */
        uint8_t *body = malloc(want.n ? want.n : 1);
        size_t at = (seed * 7919u) % end;
        out.b[at] = (uint8_t)(out.b[at] ^ (1u + (seed >> 3)));
        (void)parse(out.b, out.n, body, want.n, (int)(seed % 3), seed, &consumed, &r);
        check(r.body_len <= want.n && consumed <= out.n);
        free(body);
        return 0;
    }
    for (mode = 0; mode < 3; mode++) {
        uint8_t *body = malloc(want.n ? want.n : 1);
        aigw_err_t e = parse(out.b, out.n, body, want.n, (int)mode, seed, &consumed, &r);
        check(e == AIGW_OK && r.done && r.status == 200);
        check(r.flags & AIGW_HTTP_F_CHUNKED);
        check(consumed == end && r.nread == end);
        check(r.body_len == want.n && memcmp(body, want.b, want.n) == 0);
        check(r.keep_alive == 1);
        free(body);
        if (want.n > 0) { /* one byte short: typed error, never a write past the buffer */
            body = malloc(want.n - 1 ? want.n - 1 : 1);
            e = parse(out.b, out.n, body, want.n - 1, (int)mode, seed, &consumed, &r);
            check(e == AIGW_E_HTTP_BODY_TOO_LARGE && !r.done);
            free(body);
        }
    }
    return 0;
}
