/* SPDX-License-Identifier: MIT */
/*
 * HTTP/1.1 request head for "Update a Gateway" (PUT) and its GET.
 * Everything is checked before the first byte goes to the sink, so a refused
 * request never leaves half a head behind (a streaming sink may already have
 * sent it). Only the headers the API needs: on metered links every byte costs.
 */
#include <string.h>

#include "aigw/aigw_http.h"
#include "http_chars.h"

static aigw_err_t fail(aigw_diag_t *d, aigw_err_t e, const char *path, const char *rule)
{
    if (d) {
        size_t n = strlen(path);
        if (n > sizeof d->path - 1) n = sizeof d->path - 1;
        d->err = e;
        memcpy(d->path, path, n);
        d->path[n] = '\0';
        d->rule = rule;
        d->needed = 0;
    }
    return e;
}

static aigw_err_t check_segment(aigw_str_t v, const char *name, aigw_diag_t *d)
{
    if (v.len && !v.ptr) return fail(d, AIGW_E_ARG, name, "NULL pointer");
    if (v.len == 0) return fail(d, AIGW_E_PATH_SEGMENT, name, "must not be empty");
    if (v.ptr[0] == '.' && (v.len == 1 || (v.len == 2 && v.ptr[1] == '.')))
        return fail(d, AIGW_E_PATH_SEGMENT, name, "must not be \".\" or \"..\"");
    return AIGW_OK;
}

/* A credential goes into a header verbatim: no control byte (CR, LF and NUL
 * would let it add headers or end the head), and no edge whitespace, which a
 * server strips and which then would not match the real secret. */
static aigw_err_t check_value(aigw_str_t v, const char *name, aigw_diag_t *d)
{
    size_t i;
    if (v.len && !v.ptr) return fail(d, AIGW_E_ARG, name, "NULL pointer");
    if (v.len == 0) return fail(d, AIGW_E_HEADER_VALUE, name, "must not be empty");
    for (i = 0; i < v.len; i++)
        if (!aigw_c_fieldval((unsigned char)v.ptr[i]))
            return fail(d, AIGW_E_HEADER_VALUE, name, "CR, LF, NUL or another control byte");
    if (aigw_c_ws((unsigned char)v.ptr[0]) || aigw_c_ws((unsigned char)v.ptr[v.len - 1]))
        return fail(d, AIGW_E_HEADER_VALUE, name, "leading or trailing whitespace");
    return AIGW_OK;
}

static void put_segment(aigw_sink_t *s, aigw_str_t v)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;
    for (i = 0; i < v.len; i++) {
        unsigned char c = (unsigned char)v.ptr[i];
        if (aigw_c_unreserved(c)) {
            aigw_sink_putc(s, (char)c);
        } else {
            char e[3];
            e[0] = '%';
            e[1] = hex[c >> 4];
            e[2] = hex[c & 15u];
            aigw_sink_write(s, e, 3);
        }
    }
}

static void put_uint(aigw_sink_t *s, uint64_t v)
{
    char b[20];
    size_t n = sizeof b;
    do {
        b[--n] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v);
    aigw_sink_write(s, b + n, sizeof b - n);
}

static void put_header(aigw_sink_t *s, const char *name, aigw_str_t value)
{
    aigw_sink_puts(s, name);
    aigw_sink_write(s, value.ptr, value.len);
    aigw_sink_write(s, "\r\n", 2);
}

/* The base URL's host: a header value without whitespace. */
static aigw_err_t check_host(const aigw_url_t *u, aigw_diag_t *d)
{
    aigw_str_t host;
    size_t i;
    aigw_err_t e;
    host.ptr = u->host;
    host.len = u->host_len;
    if ((e = check_value(host, "host", d)) != AIGW_OK) return e;
    for (i = 0; i < host.len; i++)
        if (host.ptr[i] == ' ' || host.ptr[i] == '\t')
            return fail(d, AIGW_E_HEADER_VALUE, "host", "whitespace in host");
    return AIGW_OK;
}

static aigw_err_t check_auth(const aigw_auth_t *a, aigw_diag_t *d)
{
    aigw_err_t e;
    if (a->kind == AIGW_AUTH_TOKEN) return check_value(a->token, "api_token", d);
    if (a->kind != AIGW_AUTH_KEY) return fail(d, AIGW_E_ARG, "auth", "AIGW_AUTH_TOKEN or AIGW_AUTH_KEY");
    if ((e = check_value(a->email, "email", d)) != AIGW_OK) return e;
    return check_value(a->key, "api_key", d);
}

/* Everything the head is made of, checked before a byte is written. */
static aigw_err_t check_request(const aigw_http_req_t *req, aigw_diag_t *d)
{
    const aigw_url_t *u = req->url;
    aigw_err_t e;
    if (req->method != AIGW_HTTP_GET && req->method != AIGW_HTTP_PUT)
        return fail(d, AIGW_E_ARG, "method", "GET or PUT");
    if ((!u->path && u->path_len) || !aigw_path_prefix_ok(u->path, u->path_len))
        return fail(d, AIGW_E_URL, "base_url", "path prefix: pchars and '/' only");
    if ((e = check_host(u, d)) != AIGW_OK) return e;
    if ((e = check_segment(req->account_id, "account_id", d)) != AIGW_OK) return e;
    if ((e = check_segment(req->gateway_id, "id", d)) != AIGW_OK) return e;
    return check_auth(req->auth, d);
}

/* Request line and Host header. */
static void put_request_line(aigw_sink_t *s, const aigw_http_req_t *req)
{
    const aigw_url_t *u = req->url;
    aigw_sink_puts(s, req->method == AIGW_HTTP_PUT ? "PUT " : "GET ");
    if (u->path_len) aigw_sink_write(s, u->path, u->path_len);
    aigw_sink_puts(s, "/accounts/");
    put_segment(s, req->account_id);
    aigw_sink_puts(s, "/ai-gateway/gateways/");
    put_segment(s, req->gateway_id);
    aigw_sink_puts(s, " HTTP/1.1\r\nHost: ");
    if (u->ipv6) aigw_sink_putc(s, '[');
    aigw_sink_write(s, u->host, u->host_len);
    if (u->ipv6) aigw_sink_putc(s, ']');
    if (u->port != (u->tls ? 443 : 80)) {
        aigw_sink_putc(s, ':');
        put_uint(s, u->port);
    }
    aigw_sink_write(s, "\r\n", 2);
}

/* Credentials, body framing, the fixed headers and the empty line. */
static void put_headers(aigw_sink_t *s, const aigw_http_req_t *req)
{
    static const aigw_str_t masked = { "****", 4 };
    const aigw_auth_t *a = req->auth;
    int mask = (req->flags & AIGW_HTTP_REQ_MASK_SECRETS) != 0;
    if (a->kind == AIGW_AUTH_TOKEN) {
        put_header(s, "Authorization: Bearer ", mask ? masked : a->token);
    } else {
        put_header(s, "X-Auth-Email: ", a->email);
        put_header(s, "X-Auth-Key: ", mask ? masked : a->key);
    }
    if (req->method == AIGW_HTTP_PUT) {
        aigw_sink_puts(s, "Content-Type: application/json\r\nContent-Length: ");
        put_uint(s, (uint64_t)req->content_length);
        aigw_sink_write(s, "\r\n", 2);
    }
    aigw_sink_puts(s, "Accept: application/json\r\nUser-Agent: aigw/" AIGW_VERSION "\r\n");
    if (req->flags & AIGW_HTTP_REQ_CLOSE) aigw_sink_puts(s, "Connection: close\r\n");
    aigw_sink_write(s, "\r\n", 2);
}

aigw_err_t aigw_http_write_request(aigw_sink_t *s, const aigw_http_req_t *req, aigw_diag_t *d)
{
    aigw_err_t e;

    if (!s || !req || !req->url || !req->auth) return fail(d, AIGW_E_ARG, "", "NULL pointer");
    if ((e = check_request(req, d)) != AIGW_OK) return e;
    put_request_line(s, req);
    put_headers(s, req);
    if (s->err == AIGW_E_BUFFER) {
        fail(d, AIGW_E_BUFFER, "", "request head");
        if (d) d->needed = s->total;
    } else if (s->err != AIGW_OK) {
        fail(d, s->err, "", NULL);
    }
    return s->err;
}
