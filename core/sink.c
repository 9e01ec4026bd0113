/* SPDX-License-Identifier: MIT */
/*
 * Byte sink: one writer for three uses (fill a buffer, count only, stream
 * through a small buffer). Encoders never know which one they feed, so the
 * counted length, the buffered body and the streamed body cannot disagree.
 */
#include <string.h>

#include "aigw/aigw_sink.h"

/* Saturating add: a sum that cannot be represented must never wrap to a
 * small "needed" size that a caller would then trust. */
static size_t add_sat(size_t a, size_t b)
{
    return (a > SIZE_MAX - b) ? SIZE_MAX : a + b;
}

void aigw_sink_init_buffer(aigw_sink_t *s, void *buf, size_t cap)
{
    if (!s)
        return;
    memset(s, 0, sizeof *s);
    if (!buf) {
        /* A NULL buffer of capacity 0 is still a buffer (every byte is a
         * shortfall), not a counting sink: point buf at the sink itself so
         * the mode test below sees a buffer; cap 0 means it is never
         * written through. */
        s->buf = (uint8_t *)s;
        s->err = cap > 0 ? AIGW_E_ARG : AIGW_OK;
        return;
    }
    s->buf = (uint8_t *)buf;
    s->cap = cap;
}

void aigw_sink_init_count(aigw_sink_t *s)
{
    if (!s)
        return;
    memset(s, 0, sizeof *s);
}

void aigw_sink_init_stream(aigw_sink_t *s, void *buf, size_t cap, aigw_flush_fn flush, void *ctx)
{
    if (!s)
        return;
    memset(s, 0, sizeof *s);
    if (!buf || cap == 0 || !flush) {
        /* Refuse rather than silently turn into a counting sink. */
        s->err = AIGW_E_ARG;
        return;
    }
    s->buf = (uint8_t *)buf;
    s->cap = cap;
    s->flush = flush;
    s->flush_ctx = ctx;
}

/* Stream mode: hand the held bytes to the callback. */
static void stream_flush(aigw_sink_t *s)
{
    if (s->len == 0)
        return;
    if (s->flush(s->flush_ctx, s->buf, s->len) != AIGW_OK)
        s->err = AIGW_E_SINK;
    s->len = 0;
}

/* The general path: count mode, errors, a full buffer, a stream to flush. */
static void write_slow(aigw_sink_t *s, const uint8_t *p, size_t len)
{
    s->total = add_sat(s->total, len);
    if (s->err != AIGW_OK || !s->buf)
        return; /* count mode, or an earlier error: only count */
    if (!p) {
        s->err = AIGW_E_ARG;
        return;
    }
    if (!s->flush) {
        /* Buffer mode: keep what fits, then report the shortfall. */
        size_t room = s->cap - s->len;
        size_t n = len < room ? len : room;
        if (n > 0) {
            memcpy(s->buf + s->len, p, n);
            s->len += n;
        }
        if (n < len)
            s->err = AIGW_E_BUFFER;
        return;
    }
    /* Stream mode: fill, flush whenever full, so every flushed piece but the
     * last is exactly cap bytes long. */
    while (len > 0 && s->err == AIGW_OK) {
        size_t room = s->cap - s->len;
        size_t n = len < room ? len : room;
        memcpy(s->buf + s->len, p, n);
        s->len += n;
        p += n;
        len -= n;
        if (s->len == s->cap)
            stream_flush(s);
    }
}

void aigw_sink_write(aigw_sink_t *s, const void *data, size_t len)
{
    const uint8_t *p = (const uint8_t *)data;

    /* Fast path for the encoder's many short pieces: a healthy buffer or
     * stream with room to spare (count mode has cap 0 and never enters; a
     * stream that would fill up takes the general path, which flushes). */
    if (s && p && s->err == AIGW_OK && len < s->cap - s->len && s->total <= SIZE_MAX - len) {
        memcpy(s->buf + s->len, p, len);
        s->len += len;
        s->total += len;
        return;
    }
    if (s && len > 0)
        write_slow(s, p, len);
}

void aigw_sink_putc(aigw_sink_t *s, char c)
{
    /* Fast path for the encoder's many single bytes: room in a healthy
     * buffer or stream. Everything else (count mode, full, errors) takes
     * the general path, so the semantics stay those of aigw_sink_write(). */
    if (s && s->err == AIGW_OK && s->len < s->cap && s->total < SIZE_MAX) {
        s->buf[s->len++] = (uint8_t)c;
        s->total++;
        if (s->flush && s->len == s->cap)
            stream_flush(s);
        return;
    }
    aigw_sink_write(s, &c, 1);
}

void aigw_sink_puts(aigw_sink_t *s, const char *nul_terminated)
{
    if (nul_terminated)
        aigw_sink_write(s, nul_terminated, strlen(nul_terminated));
}

aigw_err_t aigw_sink_finish(aigw_sink_t *s)
{
    if (!s)
        return AIGW_E_ARG;
    if (s->flush && s->err == AIGW_OK)
        stream_flush(s);
    return s->err;
}
