/* SPDX-License-Identifier: MIT */
/*
 * Character classes of RFC 3986 (URIs) and RFC 9110 (HTTP fields), shared by
 * the URL parser, the request writer and the response parser. Internal.
 * Written as comparisons, not tables, so they cost a few bytes of flash.
 */
#ifndef AIGW_HTTP_CHARS_H
#define AIGW_HTTP_CHARS_H

#include <stddef.h>

static inline int aigw_c_alpha(unsigned c) { return (c | 0x20u) >= 'a' && (c | 0x20u) <= 'z'; }
static inline int aigw_c_digit(unsigned c) { return c >= '0' && c <= '9'; }
static inline int aigw_c_hex(unsigned c)
{
    return aigw_c_digit(c) || ((c | 0x20u) >= 'a' && (c | 0x20u) <= 'f');
}
static inline unsigned aigw_c_hexval(unsigned c)
{
    return aigw_c_digit(c) ? c - '0' : (c | 0x20u) - 'a' + 10u;
}
static inline unsigned aigw_c_lower(unsigned c)
{
    return (c >= 'A' && c <= 'Z') ? c + 0x20u : c;
}

/* RFC 3986 unreserved: ALPHA DIGIT - . _ ~ */
static inline int aigw_c_unreserved(unsigned c)
{
    return aigw_c_alpha(c) || aigw_c_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* RFC 3986 sub-delims: ! $ & ' ( ) * + , ; = */
static inline int aigw_c_subdelim(unsigned c)
{
    switch (c) {
    case '!': case '$': case '&': case '\'': case '(': case ')':
    case '*': case '+': case ',': case ';': case '=':
        return 1;
    default:
        return 0;
    }
}

/* RFC 9110 tchar: the bytes of a token (header names, list elements). */
static inline int aigw_c_tchar(unsigned c)
{
    if (aigw_c_alpha(c) || aigw_c_digit(c)) return 1;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return 1;
    default:
        return 0;
    }
}

/* RFC 9110 field-value bytes: HTAB, SP, VCHAR, obs-text. Everything else is a control byte. */
static inline int aigw_c_fieldval(unsigned c)
{
    return c == '\t' || (c >= 0x20u && c != 0x7fu);
}

static inline int aigw_c_ws(unsigned c) { return c == ' ' || c == '\t'; }

/*
 * A path prefix: "" or one or more "/segment", each segment non-empty, not
 * "." or "..", made of pchars (unreserved, sub-delims, ':', '@', %XX).
 * Shared by aigw_url_parse() and the request writer (a hand-built url).
 */
static inline int aigw_path_prefix_ok(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t start, seg;
        if (p[i] != '/') return 0;
        start = ++i;
        while (i < n && p[i] != '/') {
            unsigned c = (unsigned char)p[i];
            if (c == '%') {
                if (n - i < 3 || !aigw_c_hex((unsigned char)p[i + 1]) || !aigw_c_hex((unsigned char)p[i + 2]))
                    return 0;
                i += 3;
                continue;
            }
            if (!aigw_c_unreserved(c) && !aigw_c_subdelim(c) && c != ':' && c != '@') return 0;
            i++;
        }
        seg = i - start;
        if (seg == 0) return 0;
        if (p[start] == '.' && (seg == 1 || (seg == 2 && p[start + 1] == '.'))) return 0;
    }
    return 1;
}

#endif /* AIGW_HTTP_CHARS_H */
