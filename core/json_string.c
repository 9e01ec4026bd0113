/* SPDX-License-Identifier: MIT */
/*
 * JSON string contents: check (RFC 8259 escapes, surrogate pairs, RFC 3629
 * UTF-8), unescape into UTF-8, walk code points, compare. jsmn only checks
 * that escapes look like \X or \uXXXX; everything else is done here.
 */
#include <stdint.h>
#include <string.h>

#include "decode_internal.h"
#include "utf8_seq.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Value of the 4 hex digits at s[i..i+4), or -1. */
static long hex4(const char *s, size_t n, size_t i)
{
    long v = 0;
    size_t k;
    if (i > n || n - i < 4)
        return -1;
    for (k = 0; k < 4; k++) {
        int h = hexval(s[i + k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Length of the well-formed UTF-8 sequence at s (n bytes left), 0 if
 * ill-formed: the one strict decoder of utf8.c. */
#define utf8_len(s, n) aigw_utf8_seq_len((const uint8_t *)(s), (n))

static size_t utf8_width(long cp)
{
    return cp < 0x80 ? 1u : cp < 0x800 ? 2u : cp < 0x10000 ? 3u : 4u;
}

/*
 * Decode the escape at s[i] == '\\' (checked or not). Returns the code
 * point and advances *i, or returns -1 with *rule set.
 */
/* The character a one-letter escape stands for (RFC 8259 7), or -1. */
static long short_escape(char c)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    size_t k;
    for (k = 0; from[k]; k++) /* a loop, not strchr(): no libc code pulled into firmware */
        if (from[k] == c) return (long)(unsigned char)to[k];
    return -1;
}

/* After a high surrogate at s[j]: "\uDC00".."\uDFFF" must follow; the pair's code point. */
static long low_surrogate(const char *s, size_t n, size_t *j, long hi, const char **rule)
{
    long lo;
    if (*j + 1 >= n || s[*j] != '\\' || s[*j + 1] != 'u') { *rule = "lone high surrogate"; return -1; }
    lo = hex4(s, n, *j + 2);
    if (lo < 0) { *rule = "bad \\u escape"; return -1; }
    if (lo < 0xDC00 || lo > 0xDFFF) { *rule = "lone high surrogate"; return -1; }
    *j += 6;
    return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
}

static long escape_at(const char *s, size_t n, size_t *i, const char **rule)
{
    size_t j = *i;
    long u;
    if (j + 1 >= n) { *rule = "bad escape"; return -1; }
    if (s[j + 1] != 'u') {
        u = short_escape(s[j + 1]);
        if (u < 0) { *rule = "bad escape"; return -1; }
        *i = j + 2;
        return u;
    }
    u = hex4(s, n, j + 2);
    if (u < 0) { *rule = "bad \\u escape"; return -1; }
    j += 6;
    if (u >= 0xDC00 && u <= 0xDFFF) { *rule = "lone low surrogate"; return -1; }
    if (u >= 0xD800 && u <= 0xDBFF) {
        u = low_surrogate(s, n, &j, u, rule);
        if (u < 0) return -1;
    }
    *i = j;
    return u;
}

/* The end of the usual run from u[i] on: printable ASCII, no escape, no
 * quote; 8 bytes a step, then one. */
static size_t plain_run(const unsigned char *u, size_t i, size_t n)
{
    size_t j = i;
    while (n - j >= 8 && !aigw_jstr_special8(u + j)) j += 8;
    /* fewer than 8 left: the last 8 bytes as one word (overlapping what was checked) */
    if (j < n && n - j < 8 && n >= 8 && !aigw_jstr_special8(u + n - 8)) return n;
    while (j < n && (unsigned char)(u[j] - 0x20u) < 0x5Fu && u[j] != '\\' && u[j] != '"') j++;
    return j;
}

const char *aigw_jstr_check(const char *s, size_t n, size_t *out_len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, out = 0;
    const char *rule = NULL;
    while (i < n) {
        size_t j = plain_run(u, i, n);
        out += j - i;
        i = j;
        if (i == n) break;
        if (u[i] == '\\') {
            long cp = escape_at(s, n, &i, &rule);
            if (cp < 0) return rule;
            out += utf8_width(cp);
        } else if (u[i] < 0x20) {
            return "raw control character";
        } else if (u[i] == '"') {
            return "unescaped quote"; /* cannot come from jsmn; hand-made spans */
        } else {
            size_t k = utf8_len(u + i, n - i);
            if (!k) return "invalid UTF-8";
            i += k;
            out += k;
        }
    }
    if (out_len) *out_len = out;
    return NULL;
}

static size_t put_utf8(char *dst, long cp)
{
    unsigned long c = (unsigned long)cp;
    if (c < 0x80) { dst[0] = (char)c; return 1; }
    if (c < 0x800) {
        dst[0] = (char)(0xC0 | (c >> 6));
        dst[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        dst[0] = (char)(0xE0 | (c >> 12));
        dst[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        dst[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    dst[0] = (char)(0xF0 | (c >> 18));
    dst[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    dst[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    dst[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/*
 * In place (dst == s) is safe: every escape is at least as long as the
 * UTF-8 it stands for (\n 2 -> 1, \uXXXX 6 -> <= 3, a pair 12 -> 4), so the
 * write position never passes the read position.
 */
size_t aigw_jstr_unescape(const char *s, size_t n, char *dst)
{
    size_t i = 0, o = 0;
    const char *rule = NULL;
    while (i < n) {
        if (s[i] == '\\') {
            long cp = escape_at(s, n, &i, &rule);
            if (cp < 0) break; /* unchecked input: stop rather than guess */
            o += put_utf8(dst + o, cp);
        } else {
            dst[o++] = s[i++];
        }
    }
    return o;
}

long aigw_jstr_next(const char *s, size_t n, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    const char *rule = NULL;
    size_t j = *i, k;
    long cp;
    if (j >= n) return -1;
    if (u[j] == '\\') return escape_at(s, n, i, &rule);
    k = utf8_len(u + j, n - j);
    if (!k) { *i = n; return -1; }
    cp = k == 1 ? u[j] : k == 2 ? (u[j] & 0x1F) : k == 3 ? (u[j] & 0x0F) : (u[j] & 0x07);
    for (j = j + 1; j < *i + k; j++)
        cp = (cp << 6) | (u[j] & 0x3F);
    *i += k;
    return cp;
}

bool aigw_jstr_equal(const char *a, size_t na, const char *b, size_t nb)
{
    size_t i = 0, j = 0;
    /* Fast path: neither has an escape, so equal bytes <=> equal strings. */
    if (!memchr(a, '\\', na) && !memchr(b, '\\', nb))
        return na == nb && memcmp(a, b, na) == 0;
    for (;;) {
        long x = aigw_jstr_next(a, na, &i), y = aigw_jstr_next(b, nb, &j);
        if (x != y) return false;
        if (x < 0) return true;
    }
}

bool aigw_jstr_same_name(const char *a, size_t na, const char *b, size_t nb)
{
    if ((na && !a) || (nb && !b)) return false;
    /* Identical bytes are the same name, checked or not. */
    if (na == nb && (na == 0 || memcmp(a, b, na) == 0)) return true;
    if ((!na || !memchr(a, '\\', na)) && (!nb || !memchr(b, '\\', nb))) return false;
    /* Escapes: compare code points, but only of well-formed contents (a
     * caller-built name with a broken escape names no member). */
    return !aigw_jstr_check(a, na, NULL) && !aigw_jstr_check(b, nb, NULL) && aigw_jstr_equal(a, na, b, nb);
}
