/* SPDX-License-Identifier: MIT */
/* Internal: room in a sink for a short piece the caller writes in place. */
#ifndef AIGW_SINK_RESERVE_H
#define AIGW_SINK_RESERVE_H

#include <stdint.h>

#include "aigw/aigw_sink.h"

/*
 * Where to write the next n bytes directly, counted as written; NULL when
 * the fast path does not apply (count mode, an error, too little room, a
 * stream that would fill up): then write through aigw_sink_write(), which
 * keeps the sink's semantics.
 */
static inline uint8_t *aigw_sink_reserve(aigw_sink_t *s, size_t n)
{
    uint8_t *d;
    if (s->err != AIGW_OK || n >= s->cap - s->len || s->total > SIZE_MAX - n)
        return NULL;
    d = s->buf + s->len;
    s->len += n;
    s->total += n;
    return d;
}

#endif
