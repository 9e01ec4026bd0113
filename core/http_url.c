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

/* RFC 3986 IPv6address (no zone id, no IPvFuture) */
static int ipv6_ok(const char *p, size_t n)
{
    size_t i = 0;
    int groups = 0, dcolon = 0;
    if (n < 2) return 0;
    if (p[0] == ':') {
        if (p[1] != ':') return 0;
        dcolon = 1;
        i = 2;
        if (i == n) return 1;
    }
    for (;;) {
        size_t start = i;
        while (i < n && aigw_c_hex((unsigned char)p[i]) && i - start < 5) i++;
        if (i < n && p[i] == '.') { /* embedded IPv4 ends the address */
            if (!ipv4_ok(p + start, n - start)) return 0;
            groups += 2;
            break;
        }
        if (i == start || i - start > 4) return 0;
        groups++;
        if (i == n) break;
        if (p[i] != ':') return 0;
        i++;
        if (i < n && p[i] == ':') {
            if (dcolon) return 0;
            dcolon = 1;
            i++;
            if (i == n) break;
        } else if (i == n) {
            return 0; /* a single trailing ':' */
        }
    }
    return dcolon ? groups <= 7 : groups == 8;
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

aigw_err_t aigw_url_parse(const char *s, size_t len, aigw_url_t *out)
{
    size_t i, auth_end, host_end;
    aigw_url_t u;

    if (!out) return AIGW_E_ARG;
    memset(out, 0, sizeof *out);
    if (!s && len) return AIGW_E_ARG;
    memset(&u, 0, sizeof u);

    if (ci_prefix(s, len, "https://")) {
        u.tls = 1;
        u.port = 443;
        i = 8;
    } else if (ci_prefix(s, len, "http://")) {
        u.port = 80;
        i = 7;
    } else {
        return AIGW_E_URL;
    }

    /* authority: up to the first '/'; '?', '#' or '@' anywhere is refused */
    auth_end = i;
    while (auth_end < len && s[auth_end] != '/') {
        char c = s[auth_end];
        if (c == '?' || c == '#' || c == '@') return AIGW_E_URL;
        auth_end++;
    }

    if (i < auth_end && s[i] == '[') {
        const char *close = memchr(s + i, ']', auth_end - i);
        if (!close) return AIGW_E_URL;
        host_end = (size_t)(close - s);
        u.host = s + i + 1;
        u.host_len = host_end - i - 1;
        if (!ipv6_ok(u.host, u.host_len)) return AIGW_E_URL;
        u.ipv6 = 1;
        host_end++; /* past ']' */
    } else {
        host_end = i;
        while (host_end < auth_end && s[host_end] != ':') host_end++;
        u.host = s + i;
        u.host_len = host_end - i;
        if (!regname_ok(u.host, u.host_len)) return AIGW_E_URL;
    }

    if (host_end < auth_end) {
        uint32_t port = 0;
        size_t j = host_end + 1;
        if (s[host_end] != ':' || j == auth_end) return AIGW_E_URL;
        for (; j < auth_end; j++) {
            if (!aigw_c_digit((unsigned char)s[j])) return AIGW_E_URL;
            port = port * 10u + (uint32_t)(s[j] - '0');
            if (port > 65535u) return AIGW_E_URL;
        }
        if (port == 0) return AIGW_E_URL;
        u.port = (uint16_t)port;
    }

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
