/* SPDX-License-Identifier: MIT */
/* Proxy selection for the aigw command; see cli_proxy.h. */
#define _POSIX_C_SOURCE 200809L

#include "cli_proxy.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Percent-decode s[0..n) into out (as curl does for proxy credentials). */
static int pct_decode(const char *s, size_t n, char *out, size_t cap)
{
    size_t i, o = 0;
    for (i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '%') {
            int h, l;
            if (i + 2 >= n) return -1;
            h = hexval(s[i + 1]);
            l = hexval(s[i + 2]);
            if (h < 0 || l < 0) return -1;
            c = h * 16 + l;
            i += 2;
        }
        if (c == 0 || o + 1 >= cap) return -1;
        out[o++] = (char)c;
    }
    out[o] = 0;
    return 0;
}

/* Skips "http://" (the only scheme a CONNECT proxy is reached by here);
 * NULL after a message for any other scheme. */
static const char *skip_scheme(const char *p, char *err, size_t err_cap)
{
    const char *sep = strstr(p, "://");
    if (!sep) return p;
    if (strncasecmp(p, "http://", 7) == 0) return p + 7;
    snprintf(err, err_cap, "proxy '%.*s': only http:// proxies are supported", (int)(sep - p + 3), p);
    return NULL;
}

/* "user[:password]@" (the last '@' before end), percent-decoded; returns
 * where the host starts, or NULL after a message. */
static const char *take_userinfo(const char *p, const char *end, cli_proxy_t *out, char *err, size_t err_cap)
{
    const char *at = NULL, *h, *c;
    size_t ul;
    for (h = p; h < end; h++)
        if (*h == '@') at = h;
    if (!at) return p;
    c = memchr(p, ':', (size_t)(at - p));
    ul = c ? (size_t)(c - p) : (size_t)(at - p);
    if (pct_decode(p, ul, out->user, sizeof out->user) ||
        (c && pct_decode(c + 1, (size_t)(at - c - 1), out->password, sizeof out->password)) ||
        strchr(out->user, ':')) {
        snprintf(err, err_cap, "proxy URL: malformed or too long credentials");
        return NULL;
    }
    return at + 1;
}

/* "host" or "[v6]" into out->host; *colon is the ':' before a port or NULL. */
static int take_host(const char *p, const char *end, cli_proxy_t *out, const char **colon, char *err,
                     size_t err_cap)
{
    const char *h = p, *hend;
    size_t n;
    *colon = NULL;
    if (*p == '[') {
        h = p + 1;
        hend = memchr(h, ']', (size_t)(end - h));
        if (!hend) {
            snprintf(err, err_cap, "proxy URL: unterminated [IPv6] host");
            return -1;
        }
        if (hend + 1 < end) *colon = hend + 1;
        if (*colon && **colon != ':') {
            snprintf(err, err_cap, "proxy URL: junk after the [IPv6] host");
            return -1;
        }
    } else {
        *colon = memchr(p, ':', (size_t)(end - p));
        hend = *colon ? *colon : end;
    }
    n = (size_t)(hend - h);
    if (n == 0 || n >= sizeof out->host) {
        snprintf(err, err_cap, "proxy URL: %s host", n ? "too long a" : "no");
        return -1;
    }
    memcpy(out->host, h, n);
    return 0;
}

/* The digits between colon and end: 1..65535. */
static int take_port(const char *colon, const char *end, unsigned long *port, char *err, size_t err_cap)
{
    char digits[8];
    char *e = digits;
    size_t dl = (size_t)(end - colon - 1);
    *port = 0;
    if (dl > 0 && dl < sizeof digits) {
        memcpy(digits, colon + 1, dl);
        digits[dl] = 0;
        if (digits[0] >= '0' && digits[0] <= '9') *port = strtoul(digits, &e, 10);
    }
    if (*port == 0 || *e || *port > 65535) {
        snprintf(err, err_cap, "proxy URL: the port must be 1..65535");
        return -1;
    }
    return 0;
}

/* "[http://][user[:password]@]host[:port][/]"; curl's default port 1080. */
static int parse_url(const char *url, cli_proxy_t *out, char *err, size_t err_cap)
{
    const char *p, *end, *colon;
    unsigned long port = 1080;
    memset(out->host, 0, sizeof out->host);
    out->user[0] = out->password[0] = 0;
    if (!(p = skip_scheme(url, err, err_cap))) return -1;
    end = p + strcspn(p, "/?#");
    if (*end && strcmp(end, "/") != 0) {
        snprintf(err, err_cap, "proxy URL: a path, query or fragment is not allowed");
        return -1;
    }
    if (!(p = take_userinfo(p, end, out, err, err_cap))) return -1;
    if (take_host(p, end, out, &colon, err, err_cap) != 0) return -1;
    if (colon && take_port(colon, end, &port, err, err_cap) != 0) return -1;
    out->port = (uint16_t)port;
    return 0;
}

/* The address part of a NO_PROXY entry ("addr", "[v6]") as a C string. */
static int entry_addr(const char *entry, size_t al, char *buf, size_t cap)
{
    if (al >= cap) return -1;
    memcpy(buf, entry, al);
    buf[al] = 0;
    if (al > 2 && buf[0] == '[' && buf[al - 1] == ']') { /* [v6] */
        memmove(buf, buf + 1, al - 2);
        buf[al - 2] = 0;
    }
    return 0;
}

/* Do the first bits of a and b agree? */
static int prefix_equal(const unsigned char *a, const unsigned char *b, int bytes, long bits)
{
    int i;
    for (i = 0; i < bytes && bits > 0; i++, bits -= 8) {
        unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
        if ((a[i] & mask) != (b[i] & mask)) return 0;
    }
    return 1;
}

/* An IP address (v4 or v6) matched against an entry "addr" or "addr/bits". */
static int ip_match(const char *host, const char *entry, size_t len)
{
    unsigned char a[16], b[16];
    char buf[64];
    const char *slash = memchr(entry, '/', len);
    int af = strchr(host, ':') ? AF_INET6 : AF_INET;
    long max_bits = af == AF_INET6 ? 128L : 32L, bits = max_bits;
    if (entry_addr(entry, slash ? (size_t)(slash - entry) : len, buf, sizeof buf) != 0) return 0;
    if (inet_pton(af, host, a) != 1 || inet_pton(af, buf, b) != 1) return 0;
    if (slash) {
        char *e;
        bits = strtol(slash + 1, &e, 10);
        if (e != entry + len || bits < 0 || bits > max_bits) return 0;
    }
    return prefix_equal(a, b, af == AF_INET6 ? 16 : 4, bits);
}

/* A name entry (one optional leading '.', trailing dots ignored) matches the
 * host itself and its subdomains, case-insensitively. */
static int name_match(const char *host, size_t hl, const char *e, size_t len)
{
    if (len && *e == '.') e++, len--;
    while (len && e[len - 1] == '.') len--;
    if (!len) return 0;
    if (len == hl && strncasecmp(e, host, len) == 0) return 1;
    return hl > len && host[hl - len - 1] == '.' && strncasecmp(e, host + hl - len, len) == 0;
}

/* curl (lib/noproxy.c): entries split by ',' or whitespace; "*" alone
 * exempts every host; a name matches itself and its subdomains (a leading
 * '.' on the entry is optional, trailing dots are ignored; no other
 * wildcard); an IP address matches the same address or a CIDR range;
 * case-insensitive. */
int cli_proxy_bypass(const char *no_proxy, const char *host)
{
    const char *p = no_proxy;
    size_t hl = strlen(host);
    int is_ip;
    unsigned char tmp[16];
    if (!no_proxy || !*no_proxy) return 0;
    if (strcmp(no_proxy, "*") == 0) return 1;
    is_ip = inet_pton(AF_INET, host, tmp) == 1 || inet_pton(AF_INET6, host, tmp) == 1;
    while (hl && host[hl - 1] == '.') hl--;
    while (*p) {
        size_t len;
        const char *e;
        while (*p == ',' || *p == ' ' || *p == '\t') p++;
        len = strcspn(p, ", \t");
        e = p;
        p += len;
        if (len && (is_ip ? ip_match(host, e, len) : name_match(host, hl, e, len))) return 1;
    }
    return 0;
}

static const char *env_first(const char *a, const char *b, const char **which)
{
    const char *v = a ? getenv(a) : NULL;
    *which = a;
    if ((!v || !*v) && b) {
        v = getenv(b);
        *which = b;
    }
    return v && *v ? v : NULL;
}

int cli_proxy_setup(cli_proxy_step_t *s, const char *flag_url, const aigw_url_t *url, int verbose,
                    aigw_port_t **port)
{
    char host[AIGW_URL_HOST_MAX + 1], why[160];
    int r;
    memset(s, 0, sizeof *s);
    if (aigw_url_host_cstr(url, host, sizeof host) != AIGW_OK) return -1;
    r = cli_proxy_resolve(&s->sel, flag_url, host, url->tls, why, sizeof why);
    if (r < 0) {
        fprintf(stderr, "aigw: %s\n", why);
        return -1;
    }
    if (r == 0) return 0;
#if AIGW_ENABLE_PROXY
    {
        aigw_proxy_config_t pc;
        aigw_err_t e;
        memset(&pc, 0, sizeof pc);
        pc.host = s->sel.host;
        pc.port = s->sel.port;
        pc.user.ptr = s->sel.user;
        pc.user.len = strlen(s->sel.user);
        pc.password.ptr = s->sel.password;
        pc.password.len = strlen(s->sel.password);
        e = aigw_proxy_init(&s->px, &s->port, *port, &pc, s->buf, sizeof s->buf);
        if (e != AIGW_OK) {
            fprintf(stderr, "aigw: proxy from %s: %s\n", s->sel.source, aigw_strerror(e));
            return -1;
        }
        if (verbose) fprintf(stderr, "aigw: via proxy %s:%u (from %s)\n", s->sel.host, s->sel.port, s->sel.source);
        s->used = 1;
        *port = &s->port;
        return 0;
    }
#else
    (void)verbose;
    (void)port;
    fprintf(stderr, "aigw: a proxy is set (%s) but this build has no proxy support (AIGW_ENABLE_PROXY 0)\n",
            s->sel.source);
    return -1;
#endif
}

void cli_proxy_print_answer(FILE *out, const cli_proxy_step_t *s)
{
#if AIGW_ENABLE_PROXY
    if (s->used && s->px.status)
        fprintf(out, "  the proxy %s:%u answered %u\n", s->sel.host, s->sel.port, s->px.status);
#else
    (void)out;
    (void)s;
#endif
}

int cli_proxy_resolve(cli_proxy_t *out, const char *flag_url, const char *target_host, int tls,
                      char *err, size_t err_cap)
{
    const char *url, *which, *np, *np_name;
    memset(out, 0, sizeof *out);
    if (flag_url) {
        if (!*flag_url) return 0; /* --proxy "": connect directly, whatever the environment says */
        url = flag_url;
        which = "--proxy";
    } else {
        /* curl reads only the lower-case http_proxy (CGI programs get HTTP_PROXY from a request header) */
        url = tls ? env_first("https_proxy", "HTTPS_PROXY", &which) : env_first("http_proxy", NULL, &which);
        if (!url) url = env_first("all_proxy", "ALL_PROXY", &which);
        if (!url) return 0;
    }
    np = env_first("no_proxy", "NO_PROXY", &np_name);
    if (cli_proxy_bypass(np, target_host)) return 0;
    if (parse_url(url, out, err, err_cap) != 0) return -1;
    out->source = flag_url ? "--proxy" : which;
    return 1;
}
