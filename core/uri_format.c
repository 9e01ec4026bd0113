/* SPDX-License-Identifier: MIT */
/*
 * "format": "uri" for otel[].url.
 *
 * What is accepted: an absolute URI per RFC 3986 section 3 / appendix A,
 *   scheme ":" hier-part [ "?" query ] [ "#" fragment ]
 * in ASCII only (no spaces, controls, non-ASCII or other characters outside
 * the grammar; every "%" followed by two hex digits), with scheme =
 * ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
 *
 * The acceptance set deliberately follows the "uri" format of ajv-formats
 * (full mode), which is what Prism and most JSON Schema tooling apply to
 * this schema, so the device refuses what a schema-checking server refuses:
 *   - the hier-part must not be empty ("urn:" and "a:?q" are refused);
 *   - an authority may follow one slash as well as two ("a:/[::1]/x");
 *   - an IPv4 dec-octet inside an IPv6 literal may have leading zeros.
 * IP literals are checked (IPv6address and IPvFuture); a plain host is a
 * reg-name, which already covers dotted IPv4 text. Zone ids are refused.
 */
#include <stdint.h>

#include "uri_format.h"

static int is_alpha(uint8_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
static int is_hex(uint8_t c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static int is_unreserved(uint8_t c)
{
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int is_sub_delim(uint8_t c)
{
    switch (c) {
    case '!': case '$': case '&': case '\'': case '(': case ')':
    case '*': case '+': case ',': case ';': case '=':
        return 1;
    default:
        return 0;
    }
}

/* "extra" lists the characters a component allows beyond unreserved,
 * sub-delims and pct-encoded. Returns 1 when every character fits. */
static int run_ok(const uint8_t *s, size_t len, const char *extra)
{
    size_t i = 0;
    while (i < len) {
        uint8_t c = s[i];
        if (c == '%') {
            if (i + 2 >= len || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
                return 0;
            i += 3;
            continue;
        }
        if (!is_unreserved(c) && !is_sub_delim(c)) {
            const char *e = extra;
            while (*e && (uint8_t)*e != c)
                e++;
            if (!*e)
                return 0;
        }
        i++;
    }
    return 1;
}

/* 1..3 digits worth at most 255 (leading zeros allowed, see above). */
static int dec_octet_ok(const uint8_t *s, size_t len)
{
    unsigned v = 0;
    size_t i;
    if (len < 1 || len > 3)
        return 0;
    for (i = 0; i < len; i++) {
        if (!is_digit(s[i]))
            return 0;
        v = v * 10u + (unsigned)(s[i] - '0');
    }
    return v <= 255u;
}

static int ipv4_ok(const uint8_t *s, size_t len)
{
    size_t i, start = 0, parts = 0;
    for (i = 0; i <= len; i++) {
        if (i == len || s[i] == '.') {
            if (!dec_octet_ok(s + start, i - start))
                return 0;
            parts++;
            start = i + 1;
        }
    }
    return parts == 4;
}

/* Reading an IPv6 address: the cursor, the pieces so far, whether "::" was seen. */
typedef struct {
    size_t i, pieces;
    int gap;
} v6_t;
enum { V6_BAD, V6_MORE, V6_END };

/* An IPv4 tail from start: must run to the end; counts as two pieces. */
static int v6_ipv4_tail(const uint8_t *s, size_t len, size_t start, v6_t *v)
{
    size_t j = start;
    while (j < len && (is_digit(s[j]) || s[j] == '.'))
        j++;
    if (j != len || !ipv4_ok(s + start, len - start))
        return V6_BAD;
    v->pieces += 2;
    return V6_END;
}

/* After a piece: the end, ":" before the next piece, or the one "::" allowed. */
static int v6_separator(const uint8_t *s, size_t len, v6_t *v)
{
    if (v->i == len)
        return V6_END;
    if (s[v->i] != ':')
        return V6_BAD;
    v->i++;
    if (v->i < len && s[v->i] == ':') {
        if (v->gap)
            return V6_BAD; /* a second "::" */
        v->gap = 1;
        v->i++;
        return v->i == len ? V6_END : V6_MORE; /* trailing "::" ends it */
    }
    return v->i == len ? V6_BAD : V6_MORE;     /* trailing single ":" */
}

/* One piece: 1-4 hex digits, or the IPv4 tail. */
static int v6_piece(const uint8_t *s, size_t len, v6_t *v)
{
    size_t start = v->i, k = 0;
    while (v->i < len && is_hex(s[v->i]) && k < 5) {
        v->i++;
        k++;
    }
    if (v->i < len && (s[v->i] == '.' || is_digit(s[v->i])))
        return v6_ipv4_tail(s, len, start, v);
    if (k < 1 || k > 4)
        return V6_BAD;
    v->pieces++;
    return v6_separator(s, len, v);
}

/* RFC 3986 IPv6address: eight 16-bit pieces (an IPv4 tail counts as two),
 * or fewer with exactly one "::" standing for at least one zero piece. */
static int ipv6_ok(const uint8_t *s, size_t len)
{
    v6_t v;
    int r = V6_MORE;

    v.i = 0;
    v.pieces = 0;
    v.gap = 0;
    if (len >= 2 && s[0] == ':' && s[1] == ':') {
        v.gap = 1;
        v.i = 2;
        if (v.i == len)
            return 1; /* "::" */
    } else if (len >= 1 && s[0] == ':') {
        return 0;
    }
    while (r == V6_MORE)
        r = v6_piece(s, len, &v);
    if (r == V6_BAD)
        return 0;
    return v.gap ? v.pieces <= 7 : v.pieces == 8;
}

/* IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ) */
static int ipvfuture_ok(const uint8_t *s, size_t len)
{
    size_t i = 1;
    if (len < 4 || (s[0] != 'v' && s[0] != 'V'))
        return 0;
    while (i < len && is_hex(s[i]))
        i++;
    if (i == 1 || i >= len || s[i] != '.')
        return 0;
    i++;
    if (i == len)
        return 0;
    for (; i < len; i++)
        if (!is_unreserved(s[i]) && !is_sub_delim(s[i]) && s[i] != ':')
            return 0;
    return 1;
}

/* After "[" IP-literal "]": nothing, or ":" *DIGIT. */
static int port_ok(const uint8_t *s, size_t len)
{
    size_t i;
    if (len == 0)
        return 1;
    if (s[0] != ':')
        return 0;
    for (i = 1; i < len; i++)
        if (!is_digit(s[i]))
            return 0;
    return 1;
}

/* authority = [ userinfo "@" ] "[" IP-literal "]" [ ":" *DIGIT ], the only
 * authority form that needs checking here (see hier_ok). */
static int bracket_authority_ok(const uint8_t *s, size_t len)
{
    size_t i, at = len, close;
    for (i = 0; i < len; i++)
        if (s[i] == '@') {
            at = i;
            break;
        }
    if (at < len) {
        if (!run_ok(s, at, ":"))
            return 0;
        s += at + 1;
        len -= at + 1;
    }
    if (len < 2 || s[0] != '[')
        return 0;
    for (close = 1; close < len && s[close] != ']'; close++)
        ;
    if (close == len)
        return 0;
    if (!ipv6_ok(s + 1, close - 1) && !ipvfuture_ok(s + 1, close - 1))
        return 0;
    return port_ok(s + close + 1, len - close - 1);
}

/*
 * hier-part. Every alternative of the grammar whose characters are only
 * pchar and "/" reduces to "non-empty": "//" + empty authority +
 * path-abempty, "/" path-absolute, or path-rootless all accept such a
 * string. Anything else can only be valid through an IP literal in the
 * authority, which is checked explicitly.
 */
static int hier_ok(const uint8_t *s, size_t len)
{
    size_t start, end;
    if (len == 0)
        return 0;
    if (run_ok(s, len, ":@/"))
        return 1;
    if (s[0] != '/')
        return 0;
    start = (len >= 2 && s[1] == '/') ? 2 : 1;
    for (end = start; end < len && s[end] != '/'; end++)
        ;
    return bracket_authority_ok(s + start, end - start) &&
           run_ok(s + end, len - end, ":@/");
}

/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ":": the index
 * after the ":" (0: no valid scheme). */
static size_t scheme_end(const uint8_t *s, size_t len)
{
    size_t i;
    if (len == 0 || !is_alpha(s[0]))
        return 0;
    for (i = 1; i < len && s[i] != ':'; i++)
        if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '+' && s[i] != '-' && s[i] != '.')
            return 0;
    return i == len ? 0 : i + 1; /* no ":" after the scheme */
}

/* The first of the stop characters (or len) from i. */
static size_t find_any(const uint8_t *s, size_t len, size_t i, uint8_t a, uint8_t b)
{
    while (i < len && s[i] != a && s[i] != b)
        i++;
    return i;
}

int aigw_uri_format_ok(const char *str, size_t len)
{
    const uint8_t *s = (const uint8_t *)str;
    size_t i, h_end, q_end;

    if (!s || (i = scheme_end(s, len)) == 0)
        return 0;
    h_end = find_any(s, len, i, '?', '#');
    if (!hier_ok(s + i, h_end - i))
        return 0;
    q_end = h_end;
    if (q_end < len && s[q_end] == '?') {
        q_end = find_any(s, len, q_end + 1, '#', '#');
        if (!run_ok(s + h_end + 1, q_end - h_end - 1, ":@/?"))
            return 0;
    }
    if (q_end < len) /* s[q_end] == '#' */
        return run_ok(s + q_end + 1, len - q_end - 1, ":@/?");
    return 1;
}
