/* SPDX-License-Identifier: MIT */
/*
 * Strict UTF-8 (RFC 3629). Schema lengths count characters (code points),
 * and a string that is not UTF-8 cannot be carried by JSON at all, so both
 * the validator and the encoder go through here.
 */
#include <limits.h>

#include "aigw/aigw_model.h"
#include "utf8_seq.h"

static int is_cont(uint8_t b) { return (b & 0xC0u) == 0x80u; }

/* A lead byte: the sequence's length and the allowed range of its second
 * byte (RFC 3629's table), or 0 for a byte that cannot start a sequence. */
static size_t lead(uint8_t b0, uint8_t *lo, uint8_t *hi)
{
    *lo = 0x80u;
    *hi = 0xBFu;
    if (b0 < 0x80u)
        return 1;
    if (b0 < 0xC2u)            /* continuation byte, or overlong C0/C1 */
        return 0;
    if (b0 < 0xE0u)
        return 2;
    if (b0 < 0xF0u) {
        if (b0 == 0xE0u) *lo = 0xA0u;      /* overlong below U+0800 */
        else if (b0 == 0xEDu) *hi = 0x9Fu; /* surrogates U+D800..DFFF */
        return 3;
    }
    if (b0 < 0xF5u) {
        if (b0 == 0xF0u) *lo = 0x90u;      /* overlong below U+10000 */
        else if (b0 == 0xF4u) *hi = 0x8Fu; /* above U+10FFFF */
        return 4;
    }
    return 0;                  /* F5..FF never appear */
}

size_t aigw_utf8_seq_len(const uint8_t *p, size_t n)
{
    uint8_t lo, hi;
    size_t len, i;

    if (n == 0)
        return 0;
    len = lead(p[0], &lo, &hi);
    if (len <= 1)
        return len;
    if (n < len)
        return 0;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (i = 2; i < len; i++)
        if (!is_cont(p[i]))
            return 0;
    return len;
}

long aigw_utf8_count(const char *s, size_t len)
{
    const uint8_t *p = (const uint8_t *)s;
    long count = 0;
    size_t i = 0;

    if (!s)
        return len == 0 ? 0 : -1;
    while (i < len) {
        size_t k;
        if (p[i] < 0x80u) { /* ASCII fast path */
            i++;
        } else {
            k = aigw_utf8_seq_len(p + i, len - i);
            if (k == 0)
                return -1;
            i += k;
        }
        if (count == LONG_MAX)
            return -1;
        count++;
    }
    return count;
}
