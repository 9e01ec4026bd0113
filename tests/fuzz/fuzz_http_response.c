/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the HTTP response parser (core/http_response.c).
 *
 * Input: byte 0 seeds the piece sizes of a random split, byte 1 picks the
 * body capacity, the rest is the response. The same bytes are parsed three
 * ways - in one call, one byte a call, and in random pieces - and the three
 * results must be identical (a differential oracle: abort on mismatch).
 * The body buffer is malloc'ed at exactly its capacity, so ASan sees any
 * write past it. Invariants of a successful parse are checked too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_http.h"

typedef struct {
    aigw_err_t err;
    size_t nread, consumed, body_len;
    int done;
    uint16_t status, flags;
    uint8_t minor, keep_alive, ra_kind;
    int64_t content_length, retry_after, date;
    uint32_t retry_ms;
    char cf_ray[AIGW_HTTP_CF_RAY_MAX];
    uint8_t *body;
} outcome_t;

/* mode 0: whole, 1: one byte, 2: random pieces from seed */
static void parse(const uint8_t *d, size_t n, size_t cap, int mode, unsigned seed, outcome_t *o)
{
    aigw_http_resp_t r;
    size_t off = 0;
    aigw_err_t e = AIGW_OK;
    uint8_t *body = cap ? malloc(cap) : NULL;

    aigw_http_resp_init(&r, body, cap);
    memset(o, 0, sizeof *o);
    while (off < n && !r.done) {
        size_t piece = n - off, used = (size_t)-1;
        if (mode == 1) {
            piece = 1;
        } else if (mode == 2) {
            seed = seed * 1103515245u + 12345u;
            piece = 1 + (seed >> 16) % ((seed & 0x100u) ? 3u : 97u);
            if (piece > n - off) piece = n - off;
        }
        e = aigw_http_resp_feed(&r, d + off, piece, &used);
        if (used > piece) abort();
        if (e == AIGW_OK && !r.done && used != piece) abort(); /* must take all it is given until done */
        off += used;
        o->consumed += used;
        if (e != AIGW_OK) break;
    }
    if (e == AIGW_OK && !r.done) e = aigw_http_resp_feed_eof(&r);
    if (e != r.err) abort(); /* the error is kept in the struct */
    o->err = e;
    o->nread = r.nread;
    o->done = r.done;
    o->status = r.status;
    o->flags = r.flags;
    o->minor = r.version_minor;
    o->keep_alive = r.keep_alive;
    o->ra_kind = r.retry_after_kind;
    o->content_length = r.content_length;
    o->retry_after = r.retry_after;
    o->date = r.date;
    o->retry_ms = r.retry_after_ms;
    memcpy(o->cf_ray, r.cf_ray, sizeof o->cf_ray);
    o->body_len = r.body_len;
    o->body = body;

    /* invariants */
    if (r.body_len > cap || o->nread != o->consumed || o->nread > n) abort();
    if (!memchr(r.cf_ray, 0, sizeof r.cf_ray)) abort();
    if ((r.flags & AIGW_HTTP_F_CF_RAY_LONG) && r.cf_ray[0]) abort();
    if (e == AIGW_OK) {
        if (!r.done || r.status < 200 || r.status > 599 || r.status == 101) abort();
        if (r.version_minor > 1) abort();
        if ((r.flags & AIGW_HTTP_F_CONTENT_LENGTH) && !(r.flags & AIGW_HTTP_F_CHUNKED) && r.status != 204 &&
            r.status != 304 && (uint64_t)r.content_length != r.body_len)
            abort();
        if ((r.flags & AIGW_HTTP_F_CHUNKED) && (r.flags & AIGW_HTTP_F_CONTENT_LENGTH)) abort();
        if ((r.flags & AIGW_HTTP_F_CLOSE_DELIMITED) && (r.keep_alive || o->nread != n)) abort();
        if (!(r.flags & AIGW_HTTP_F_CLOSE_DELIMITED) && r.status != 204 && r.status != 304 &&
            !(r.flags & (AIGW_HTTP_F_CHUNKED | AIGW_HTTP_F_CONTENT_LENGTH)))
            abort();
    } else if (r.done) {
        abort();
    }
    {
        uint32_t ms;
        (void)aigw_http_retry_after_ms(&r, &ms);
    }
}

static int same(const outcome_t *a, const outcome_t *b)
{
    return a->err == b->err && a->nread == b->nread && a->consumed == b->consumed && a->done == b->done &&
           a->status == b->status && a->flags == b->flags && a->minor == b->minor &&
           a->keep_alive == b->keep_alive && a->ra_kind == b->ra_kind && a->content_length == b->content_length &&
           a->retry_after == b->retry_after && a->date == b->date && a->retry_ms == b->retry_ms &&
           memcmp(a->cf_ray, b->cf_ray, sizeof a->cf_ray) == 0 && a->body_len == b->body_len &&
           (a->body_len == 0 || memcmp(a->body, b->body, a->body_len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    outcome_t whole, bytes, pieces;
    size_t cap;
    unsigned seed;
    if (size < 2) return 0;
    seed = data[0];
    cap = (size_t)data[1] * 8u; /* 0 .. 2040 */
    data += 2;
    size -= 2;

    parse(data, size, cap, 0, seed, &whole);
    parse(data, size, cap, 1, seed, &bytes);
    parse(data, size, cap, 2, seed, &pieces);
    if (!same(&whole, &bytes) || !same(&whole, &pieces)) abort();
    free(whole.body);
    free(bytes.body);
    free(pieces.body);
    return 0;
}
