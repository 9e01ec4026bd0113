/* SPDX-License-Identifier: MIT */
/**
 * @file
 * aigw byte sink: where encoders write.
 *
 * One code path serves three uses:
 *   - buffer: fill a caller buffer; when it is full the sink stops writing,
 *     keeps counting, and reports AIGW_E_BUFFER with the total needed;
 *   - count:  no buffer at all, only the exact length (for Content-Length);
 *   - stream: a small fixed buffer flushed piece by piece through a callback;
 *     the concatenated flushes are byte-identical to the buffer mode output.
 * Nothing is ever written past cap.
 */
#ifndef AIGW_SINK_H
#define AIGW_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "aigw_error.h"

#ifdef __cplusplus
extern "C" {
#endif
AIGW_API_BEGIN

/** Flush callback for stream mode: consume len bytes; return AIGW_OK or an error to stop. */
typedef aigw_err_t (*aigw_flush_fn)(void *ctx, const uint8_t *data, size_t len);

/**
 * A byte sink (buffer, count or stream mode, see above). Caller-owned, set up
 * by one of the aigw_sink_init_* functions; read total and err, treat the
 * rest as private.
 */
typedef struct aigw_sink {
    uint8_t *buf;       /**< NULL in count mode */
    size_t cap;         /**< capacity of buf */
    size_t len;         /**< bytes currently held in buf */
    size_t total;       /**< bytes produced so far (written, flushed or only counted) */
    aigw_flush_fn flush;/**< non-NULL in stream mode */
    void *flush_ctx;    /**< passed to flush */
    aigw_err_t err;     /**< first error; once set, later writes only count */
} aigw_sink_t;

/**
 * Buffer mode: write into buf[0..cap). Past cap the sink stops writing, keeps
 * counting, and its err becomes AIGW_E_BUFFER (total is then the size needed).
 * buf may be NULL with cap 0 (then every byte is a shortfall); NULL with
 * cap > 0 sets err to AIGW_E_ARG.
 */
void aigw_sink_init_buffer(aigw_sink_t *s, void *buf, size_t cap);
/** Count mode: nothing is stored, total counts the bytes (err stays AIGW_OK). */
void aigw_sink_init_count(aigw_sink_t *s);
/**
 * Stream mode: collect bytes in buf[0..cap) and hand them to flush(ctx, ...)
 * each time it is full and at aigw_sink_finish(). A flush that returns an
 * error makes err AIGW_E_SINK; later writes only count. cap must be >= 1
 * and buf and flush non-NULL, else err is AIGW_E_ARG from the start.
 */
void aigw_sink_init_stream(aigw_sink_t *s, void *buf, size_t cap, aigw_flush_fn flush, void *ctx);

/** Append bytes. Errors are sticky in s->err. */
void aigw_sink_write(aigw_sink_t *s, const void *data, size_t len);
/** Append one byte (same rules as aigw_sink_write()). */
void aigw_sink_putc(aigw_sink_t *s, char c);
/** Append a NUL-terminated string without its NUL (same rules as aigw_sink_write()). */
void aigw_sink_puts(aigw_sink_t *s, const char *nul_terminated);

/**
 * Finish: in stream mode flushes what is left. Returns s->err (AIGW_OK, or
 * AIGW_E_BUFFER with s->total being the size needed, or AIGW_E_SINK).
 */
aigw_err_t aigw_sink_finish(aigw_sink_t *s);

AIGW_API_END
#ifdef __cplusplus
}
#endif
#endif /* AIGW_SINK_H */
