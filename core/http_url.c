/* SPDX-License-Identifier: MIT */
/*
 * Base URL parsing: "scheme://host[:port][/path-prefix]" into slices of the
 * caller's string. Strict on purpose: a base URL is configuration, and a typo
 * caught here is better than a request sent somewhere unexpected.
 */
#include <string.h>

#include "aigw/aigw_http.h"
#include "http_chars.h"

static int ci_prefix(const char *s, size_t len, const char *lit)
{
    size_t i;
    for (i = 0; lit[i]; i++)
        if (i >= len || aigw_c_lower((unsigned char)s[i]) != (unsigned char)lit[i]) return 0;
    return 1;
}

/* dotted-quad, each part 0..255 without leading zeros (RFC 3986 dec-octet) */
static int ipv4_ok(const char *p, size_t n)
{
    size_t i = 0;
    int part;
    for (part = 0; part < 4; part++) {
        size_t start = i;
        unsigned v = 0;
        while (i < n && aigw_c_digit((unsigned char)p[i]) && i - start < 3) v = v * 10u + (unsigned)(p[i++] - '0');
        if (i == start || v > 255u || (i - start > 1 && p[start] == '0')) return 0;
        if (part < 3) {
            if (i >= n || p[i] != '.') return 0;
            i++;
        }
    }
    return i == n;
}

/* Reading an IPv6 address: the cursor, the pieces so far, whether "::" was seen. */
typedef struct {
    size_t i;
    int groups, dcolon;
} v6_t;
enum { V6_BAD, V6_MORE, V6_END };

/* After a piece: the end, ":" before the next piece, or the one "::" allowed. */
static int v6_separator(const char *p, size_t n, v6_t *v)
{
    if (v->i == n) return V6_END;
    if (p[v->i] != ':') return V6_BAD;
    v->i++;
    if (v->i < n && p[v->i] == ':') {
        if (v->dcolon) return V6_BAD;
        v->dcolon = 1;
        v->i++;
        return v->i == n ? V6_END : V6_MORE;
    }
    return v->i == n ? V6_BAD : V6_MORE; /* a single trailing ':' is bad */
}

/* One piece: 1-4 hex digits, or the embedded IPv4 address that ends the address. */
static int v6_piece(const char *p, size_t n, v6_t *v)
{
    size_t start = v->i;
    while (v->i < n && aigw_c_hex((unsigned char)p[v->i]) && v->i - start < 5) v->i++;
    if (v->i < n && p[v->i] == '.') {
        if (!ipv4_ok(p + start, n - start)) return V6_BAD;
        v->groups += 2;
        return V6_END;
    }
    if (v->i == start || v->i - start > 4) return V6_BAD;
    v->groups++;
    return v6_separator(p, n, v);
}

/* RFC 3986 IPv6address (no zone id, no IPvFuture) */
static int ipv6_ok(const char *p, size_t n)
{
    v6_t v;
    int r = V6_MORE;
    v.i = 0;
    v.groups = 0;
    v.dcolon = 0;
    if (n < 2) return 0;
    if (p[0] == ':') {
        if (p[1] != ':') return 0;
        v.dcolon = 1;
        v.i = 2;
        if (v.i == n) return 1;
    }
    while (r == V6_MORE) r = v6_piece(p, n, &v);
    if (r == V6_BAD) return 0;
    return v.dcolon ? v.groups <= 7 : v.groups == 8;
}

static int regname_ok(const char *p, size_t n)
{
    size_t i;
    int only_ipv4_chars = 1;
    if (n == 0 || n > AIGW_URL_HOST_MAX) return 0;
    for (i = 0; i < n; i++) {
        unsigned c = (unsigned char)p[i];
        if (!aigw_c_unreserved(c)) return 0;
        if (!aigw_c_digit(c) && c != '.') only_ipv4_chars = 0;
    }
    /* "10.0.0.300" is a typo, not a host name to look up */
    return only_ipv4_chars ? ipv4_ok(p, n) : 1;
}

/* "https://" or "http://": the default port and where the authority starts (0: neither). */
static size_t scheme(const char *s, size_t len, aigw_url_t *u)
{
    if (ci_prefix(s, len, "https://")) {
        u->tls = 1;
        u->port = 443;
        return 8;
    }
    if (ci_prefix(s, len, "http://")) {
        u->port = 80;
        return 7;
    }
    return 0;
}

/* The authority ends at the first '/'; '?', '#' or '@' anywhere in it is refused (0). */
static size_t authority_end(const char *s, size_t len, size_t i)
{
    for (; i < len && s[i] != '/'; i++)
        if (s[i] == '?' || s[i] == '#' || s[i] == '@') return 0;
    return i;
}

/* The host from s[i] (a bracketed IPv6 literal or a reg-name): where it ends (0: bad). */
static size_t host(const char *s, size_t i, size_t auth_end, aigw_url_t *u)
{
    size_t host_end;
    if (i < auth_end && s[i] == '[') {
        const char *close = memchr(s + i, ']', auth_end - i);
        if (!close) return 0;
        host_end = (size_t)(close - s);
        u->host = s + i + 1;
        u->host_len = host_end - i - 1;
        if (!ipv6_ok(u->host, u->host_len)) return 0;
        u->ipv6 = 1;
        return host_end + 1; /* past ']' */
    }
    host_end = i;
    while (host_end < auth_end && s[host_end] != ':') host_end++;
    u->host = s + i;
    u->host_len = host_end - i;
    return regname_ok(u->host, u->host_len) ? host_end : 0;
}

/* ":" port (1..65535, digits only) from s[i] up to the authority's end. */
static int port(const char *s, size_t i, size_t auth_end, aigw_url_t *u)
{
    uint32_t v = 0;
    size_t j = i + 1;
    if (s[i] != ':' || j == auth_end) return 0;
    for (; j < auth_end; j++) {
        if (!aigw_c_digit((unsigned char)s[j])) return 0;
        v = v * 10u + (uint32_t)(s[j] - '0');
        if (v > 65535u) return 0;
    }
    if (v == 0) return 0;
    u->port = (uint16_t)v;
    return 1;
}

aigw_err_t aigw_url_parse(const char *s, size_t len, aigw_url_t *out)
{
    size_t i, auth_end, host_end;
    aigw_url_t u;

    if (!out) return AIGW_E_ARG;
    memset(out, 0, sizeof *out);
    if (!s && len) return AIGW_E_ARG;
    memset(&u, 0, sizeof u);

    if ((i = scheme(s, len, &u)) == 0) return AIGW_E_URL;
    if ((auth_end = authority_end(s, len, i)) == 0) return AIGW_E_URL;
    if ((host_end = host(s, i, auth_end, &u)) == 0) return AIGW_E_URL;
    if (host_end < auth_end && !port(s, host_end, auth_end, &u)) return AIGW_E_URL;

    u.path = s + auth_end;
    u.path_len = len - auth_end;
    if (u.path_len == 1 || (u.path_len > 1 && u.path[u.path_len - 1] == '/')) u.path_len--;
    /* pchars only, so a '?' or '#' (query, fragment) fails here too */
    if (!aigw_path_prefix_ok(u.path, u.path_len)) return AIGW_E_URL;

    *out = u;
    return AIGW_OK;
}

aigw_err_t aigw_url_host_cstr(const aigw_url_t *url, char *buf, size_t cap)
{
    if (!url || (!buf && cap) || (!url->host && url->host_len)) return AIGW_E_ARG;
    if (cap < url->host_len + 1) {
        if (cap) buf[0] = '\0';
        return AIGW_E_BUFFER;
    }
    /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): cap > 0 here, and NULL with cap > 0 was refused */
    if (url->host_len) memcpy(buf, url->host, url->host_len);
    buf[url->host_len] = '\0';
    return AIGW_OK;
}
