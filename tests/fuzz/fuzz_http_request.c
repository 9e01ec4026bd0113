/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the base URL parser and the request head writer
 * (core/http_url.c, core/http_request.c).
 *
 * Input: byte 0 = options (method, auth scheme, Connection: close, masking),
 * byte 1 = output capacity / 4, then length-prefixed fields (1 length byte
 * each): base URL, account id, gateway id, token-or-email, key.
 *
 * Oracle: the writer either refuses with a typed error that an independent
 * check of the inputs agrees with (and writes nothing), or writes a head
 * whose every line ends in CRLF with no other CR or LF, whose header names
 * are exactly the expected ones in order, whose path decodes back to the
 * ids, and whose Host line matches the URL. A parsed URL, written back out,
 * parses to the same thing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_http.h"

static const uint8_t *take(const uint8_t **d, size_t *n, size_t *len)
{
    const uint8_t *p;
    size_t l;
    if (*n == 0) {
        *len = 0;
        return (const uint8_t *)"";
    }
    l = **d;
    (*d)++;
    (*n)--;
    if (l > *n) l = *n;
    p = *d;
    *d += l;
    *n -= l;
    *len = l;
    return p;
}

static int unreserved(unsigned c)
{
    return c < 128 && c && strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~", (int)c);
}

static int segment_bad(const uint8_t *p, size_t n)
{
    return n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.');
}

static int value_bad(const uint8_t *p, size_t n)
{
    size_t i;
    if (n == 0 || p[0] == ' ' || p[0] == '\t' || p[n - 1] == ' ' || p[n - 1] == '\t') return 1;
    for (i = 0; i < n; i++)
        if ((p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f) return 1;
    return 0;
}

/* Decode a percent-encoded segment at *p (up to '/', ' '), compare with raw. */
static int segment_matches(const char **p, const char *end, const uint8_t *raw, size_t n)
{
    size_t i = 0;
    const char *q = *p;
    while (q < end && *q != '/' && *q != ' ') {
        unsigned c;
        if (*q == '%') {
            unsigned hi, lo;
            if (end - q < 3) return 0;
            if (sscanf(q + 1, "%1X%1X", &hi, &lo) != 2) return 0;
            if (!((q[1] >= '0' && q[1] <= '9') || (q[1] >= 'A' && q[1] <= 'F'))) return 0; /* upper case */
            if (!((q[2] >= '0' && q[2] <= '9') || (q[2] >= 'A' && q[2] <= 'F'))) return 0;
            c = hi * 16 + lo;
            if (unreserved(c)) return 0; /* unreserved bytes are never encoded */
            q += 3;
        } else {
            c = (unsigned char)*q;
            if (!unreserved(c)) return 0;
            q++;
        }
        if (i >= n || raw[i] != c) return 0;
        i++;
    }
    *p = q;
    return i == n;
}

static void check_url_roundtrip(const aigw_url_t *u)
{
    char buf[600];
    aigw_url_t v;
    int k;
    if (u->host_len == 0 || u->port == 0) abort();
    k = snprintf(buf, sizeof buf, "%s://%s%.*s%s:%u%.*s", u->tls ? "https" : "http", u->ipv6 ? "[" : "",
                 (int)u->host_len, u->host, u->ipv6 ? "]" : "", u->port, (int)u->path_len, u->path);
    if (k < 0 || (size_t)k >= sizeof buf) abort();
    if (aigw_url_parse(buf, (size_t)k, &v) != AIGW_OK) abort();
    if (v.host_len != u->host_len || memcmp(v.host, u->host, u->host_len) || v.path_len != u->path_len ||
        (u->path_len && memcmp(v.path, u->path, u->path_len)) || v.port != u->port || v.tls != u->tls ||
        v.ipv6 != u->ipv6)
        abort();
}

static uint8_t g_full[4096];

static int contains(const char *p, size_t n, const char *lit)
{
    size_t i, l = strlen(lit);
    for (i = 0; i + l <= n; i++)
        if (memcmp(p + i, lit, l) == 0) return 1;
    return 0;
}

/* 1 when the header must be in the head for these options */
static int required(const char *name, const aigw_http_req_t *req)
{
    if (strcmp(name, "Connection") == 0) return (req->flags & AIGW_HTTP_REQ_CLOSE) != 0;
    if (strcmp(name, "Content-Type") == 0 || strcmp(name, "Content-Length") == 0)
        return req->method == AIGW_HTTP_PUT;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *url_p, *acct, *id, *cred1, *cred2;
    size_t url_n, acct_n, id_n, c1_n, c2_n, cap;
    unsigned opt;
    aigw_url_t url;
    aigw_auth_t auth;
    aigw_http_req_t req;
    aigw_sink_t s;
    aigw_diag_t d;
    aigw_err_t e, want;
    uint8_t *out;

    if (size < 2) return 0;
    opt = data[0];
    cap = (size_t)data[1] * 4u;
    data += 2;
    size -= 2;
    url_p = take(&data, &size, &url_n);
    acct = take(&data, &size, &acct_n);
    id = take(&data, &size, &id_n);
    cred1 = take(&data, &size, &c1_n);
    cred2 = take(&data, &size, &c2_n);

    if (aigw_url_parse((const char *)url_p, url_n, &url) == AIGW_OK) {
        check_url_roundtrip(&url);
    } else if (aigw_url_parse(AIGW_DEFAULT_BASE_URL, sizeof AIGW_DEFAULT_BASE_URL - 1, &url) != AIGW_OK) {
        abort();
    }

    memset(&auth, 0, sizeof auth);
    auth.kind = (opt & 2) ? AIGW_AUTH_KEY : AIGW_AUTH_TOKEN;
    if (auth.kind == AIGW_AUTH_TOKEN) {
        auth.token.ptr = (const char *)cred1;
        auth.token.len = c1_n;
    } else {
        auth.email.ptr = (const char *)cred1;
        auth.email.len = c1_n;
        auth.key.ptr = (const char *)cred2;
        auth.key.len = c2_n;
    }
    memset(&req, 0, sizeof req);
    req.method = (opt & 1) ? AIGW_HTTP_PUT : AIGW_HTTP_GET;
    req.url = &url;
    req.auth = &auth;
    req.account_id.ptr = (const char *)acct;
    req.account_id.len = acct_n;
    req.gateway_id.ptr = (const char *)id;
    req.gateway_id.len = id_n;
    req.content_length = (size_t)opt * 977u;
    req.flags = ((opt & 4) ? AIGW_HTTP_REQ_CLOSE : 0u) | ((opt & 8) ? AIGW_HTTP_REQ_MASK_SECRETS : 0u);

    /* the refusal an independent reading of the inputs expects */
    if (segment_bad(acct, acct_n) || segment_bad(id, id_n)) want = AIGW_E_PATH_SEGMENT;
    else if (auth.kind == AIGW_AUTH_TOKEN ? value_bad(cred1, c1_n) : value_bad(cred1, c1_n) || value_bad(cred2, c2_n))
        want = AIGW_E_HEADER_VALUE;
    else want = AIGW_OK;

    /* full write into a large buffer */
    memset(&d, 0, sizeof d);
    aigw_sink_init_buffer(&s, g_full, sizeof g_full);
    e = aigw_http_write_request(&s, &req, &d);
    if (e != want) abort();
    if (e != AIGW_OK) {
        if (s.total != 0 || s.len != 0 || d.err != e || d.path[0] == 0) abort();
        return 0;
    }

    /* the head: CRLF lines only, expected names in order */
    {
        static const char *const names_tok_put[] = { "Host", "Authorization", "Content-Type", "Content-Length",
                                                     "Accept", "User-Agent", "Connection" };
        static const char *const names_key_put[] = { "Host", "X-Auth-Email", "X-Auth-Key", "Content-Type",
                                                     "Content-Length", "Accept", "User-Agent", "Connection" };
        const char *const *names = auth.kind == AIGW_AUTH_TOKEN ? names_tok_put : names_key_put;
        size_t nnames = auth.kind == AIGW_AUTH_TOKEN ? 7 : 8, ni = 0, i, line = 0, start = 0;
        const char *h = (const char *)g_full, *end = h + s.len, *p;
        if (s.len < 4 || memcmp(end - 4, "\r\n\r\n", 4) != 0) abort();
        for (i = 0; i < s.len; i++) {
            if (g_full[i] == '\n' && (i == 0 || g_full[i - 1] != '\r')) abort();
            if (g_full[i] == '\r' && (i + 1 >= s.len || g_full[i + 1] != '\n')) abort();
            if ((g_full[i] < 0x20 && g_full[i] != '\t' && g_full[i] != '\r' && g_full[i] != '\n') ||
                g_full[i] == 0x7f)
                abort();
            if (g_full[i] == '\n') {
                const char *l = h + start;
                size_t ll = i - 1 - start;
                if (line == 0) {
                    /* request line */
                    const char *m = req.method == AIGW_HTTP_PUT ? "PUT " : "GET ";
                    if (ll < 4 || memcmp(l, m, 4) != 0) abort();
                    p = l + 4;
                    if ((size_t)(h + i - 1 - p) < url.path_len || memcmp(p, url.path, url.path_len)) abort();
                    p += url.path_len;
                    if (strncmp(p, "/accounts/", 10)) abort();
                    p += 10;
                    if (!segment_matches(&p, end, acct, acct_n)) abort();
                    if (strncmp(p, "/ai-gateway/gateways/", 21)) abort();
                    p += 21;
                    if (!segment_matches(&p, end, id, id_n)) abort();
                    if (strncmp(p, " HTTP/1.1\r\n", 11)) abort();
                } else if (ll > 0) {
                    const char *colon = memchr(l, ':', ll);
                    size_t nl;
                    if (!colon) abort();
                    nl = (size_t)(colon - l);
                    /* skip names the options leave out */
                    while (ni < nnames && !(strlen(names[ni]) == nl && memcmp(names[ni], l, nl) == 0)) {
                        if (required(names[ni], &req)) abort(); /* a header that had to be there is missing */
                        ni++;
                    }
                    if (ni == nnames) abort(); /* unexpected or out of order */
                    if (colon + 1 >= h + i - 1 || colon[1] != ' ') abort();
                    if (strcmp(names[ni], "Host") == 0) {
                        char want_host[600];
                        int k;
                        int dflt = url.port == (url.tls ? 443 : 80);
                        k = snprintf(want_host, sizeof want_host, "%s%.*s%s", url.ipv6 ? "[" : "", (int)url.host_len,
                                     url.host, url.ipv6 ? "]" : "");
                        if (!dflt) k += snprintf(want_host + k, sizeof want_host - (size_t)k, ":%u", url.port);
                        if ((size_t)k != ll - nl - 2 || memcmp(colon + 2, want_host, (size_t)k)) abort();
                    }
                    if ((req.flags & AIGW_HTTP_REQ_MASK_SECRETS) &&
                        (strcmp(names[ni], "Authorization") == 0 || strcmp(names[ni], "X-Auth-Key") == 0) &&
                        !contains(colon, ll - nl, "****"))
                        abort();
                    ni++;
                }
                line++;
                start = i + 1;
            }
        }
        for (; ni < nnames; ni++)
            if (required(names[ni], &req)) abort();
    }

    /* any capacity: AIGW_E_BUFFER with the full size, an exact prefix, nothing past cap */
    out = malloc(cap ? cap : 1);
    memset(&d, 0, sizeof d);
    aigw_sink_init_buffer(&s, cap ? out : NULL, cap);
    e = aigw_http_write_request(&s, &req, &d);
    {
        size_t full = sizeof g_full;
        aigw_sink_t c;
        aigw_sink_init_count(&c);
        if (aigw_http_write_request(&c, &req, NULL) != AIGW_OK) abort();
        full = c.total;
        if (cap >= full ? e != AIGW_OK : (e != AIGW_E_BUFFER || d.needed != full || s.total != full)) abort();
        if (s.len > cap || memcmp(out, g_full, s.len) != 0) abort();
    }
    free(out);
    return 0;
}
