/* SPDX-License-Identifier: MIT */
/* The decode arena: a bump allocator over caller memory (see aigw_decode.h). */
#include "aigw/aigw_decode.h"

void aigw_arena_init(aigw_arena_t *a, void *buf, size_t cap)
{
    size_t pad;
    if (!a) return;
    a->base = NULL;
    a->cap = 0;
    a->used = 0;
    if (!buf || cap == 0) return;
    /* Offsets are aligned relative to base, so base itself must be aligned. */
    pad = (size_t)((AIGW_ARENA_ALIGN - (uintptr_t)buf % AIGW_ARENA_ALIGN) % AIGW_ARENA_ALIGN);
    if (pad >= cap) return;
    a->base = (uint8_t *)buf + pad;
    a->cap = cap - pad;
}
