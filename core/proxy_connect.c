/* SPDX-License-Identifier: MIT */
/*
 * HTTP CONNECT proxy step (aigw/aigw_proxy.h): a port wrapper that opens a
 * tunnel through a proxy and then moves bytes unchanged. No heap, no OS.
 */
#include "aigw/aigw_proxy.h"

#if AIGW_ENABLE_PROXY

#include <string.h>

#include "aigw/aigw_client.h" /* aigw_wipe */
#include "aigw/aigw_http.h"
#include "aigw/aigw_sink.h"
#include "http_chars.h"

/* A host as a port's connect() receives it: a DNS name, IPv4, or IPv6
 * without brackets. Anything else could split the request line. */
static int host_ok(const char *h, int *ipv6)
{
    size_t i;
    *ipv6 = 0;
    if (!h || !*h) return 0;
    for (i = 0; h[i]; i++) {
        unsigned c = (unsigned char)h[i];
        if (c == ':') *ipv6 = 1;
        else if (!aigw_c_unreserved(c) && c != '%') return 0;
        if (i >= AIGW_URL_HOST_MAX) return 0;
    }
    return 1;
}

typedef struct px_send {
    aigw_proxy_t *p;
    aigw_ms_t deadline;
    aigw_err_t err; /* the inner port's error behind AIGW_E_SINK */
} px_send_t;

static aigw_err_t px_flush(void *ctx, const uint8_t *data, size_t len)
{
    px_send_t *s = (px_send_t *)ctx;
    aigw_port_t *in = s->p->inner;
    while (len > 0) {
        size_t n = 0;
        aigw_err_t e = in->send(in->ctx, data, len, &n, s->deadline);
        if (e == AIGW_OK && n == 0) e = AIGW_E_SEND;
        if (e != AIGW_OK) {
            s->err = e == AIGW_E_WOULD_BLOCK ? AIGW_E_TIMEOUT_CONNECT : e;
            return AIGW_E_SINK;
        }
        data += n;
        len -= n;
    }
    return AIGW_OK;
}

static void put_u16(aigw_sink_t *s, uint16_t v)
{
    char d[5];
    size_t n = 0;
    do {
        d[n++] = (char)('0' + v % 10u);
        v = (uint16_t)(v / 10u);
    } while (v);
    while (n) aigw_sink_putc(s, d[--n]);
}

/* Byte i of "user:password" without building it. */
static unsigned cred_byte(const aigw_proxy_config_t *c, size_t i)
{
    if (i < c->user.len) return (unsigned char)c->user.ptr[i];
    if (i == c->user.len) return ':';
    return (unsigned char)c->password.ptr[i - c->user.len - 1];
}

/* base64 (RFC 4648, with padding) of "user:password", straight into the sink. */
static void put_basic(aigw_sink_t *s, const aigw_proxy_config_t *c)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = c->user.len + 1 + c->password.len, i;
    for (i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)cred_byte(c, i) << 16;
        if (i + 1 < n) v |= (uint32_t)cred_byte(c, i + 1) << 8;
        if (i + 2 < n) v |= (uint32_t)cred_byte(c, i + 2);
        aigw_sink_putc(s, b64[(v >> 18) & 63u]);
        aigw_sink_putc(s, b64[(v >> 12) & 63u]);
        aigw_sink_putc(s, i + 1 < n ? b64[(v >> 6) & 63u] : '=');
        aigw_sink_putc(s, i + 2 < n ? b64[v & 63u] : '=');
    }
}

static void put_authority(aigw_sink_t *s, const char *host, int ipv6, uint16_t port)
{
    if (ipv6) aigw_sink_putc(s, '[');
    aigw_sink_puts(s, host);
    if (ipv6) aigw_sink_putc(s, ']');
    aigw_sink_putc(s, ':');
    put_u16(s, port);
}

static aigw_err_t send_connect(aigw_proxy_t *p, const char *host, int ipv6, uint16_t port,
                               aigw_ms_t deadline)
{
    aigw_sink_t s;
    px_send_t ps;
    aigw_err_t e;
    ps.p = p;
    ps.deadline = deadline;
    ps.err = AIGW_OK;
    aigw_sink_init_stream(&s, p->buf, p->cap, px_flush, &ps);
    aigw_sink_puts(&s, "CONNECT ");
    put_authority(&s, host, ipv6, port);
    aigw_sink_puts(&s, " HTTP/1.1\r\nHost: ");
    put_authority(&s, host, ipv6, port);
    if (p->cfg.user.len || p->cfg.password.len) {
        aigw_sink_puts(&s, "\r\nProxy-Authorization: Basic ");
        put_basic(&s, &p->cfg);
    }
    aigw_sink_puts(&s, "\r\nUser-Agent: aigw/" AIGW_VERSION "\r\n\r\n");
    e = aigw_sink_finish(&s);
    aigw_wipe(p->buf, p->cap); /* it held the encoded credentials */
    if (e == AIGW_E_SINK && ps.err != AIGW_OK) e = ps.err;
    return e;
}

static aigw_err_t refusal(uint16_t status)
{
    if (status == 407) return AIGW_E_PROXY_AUTH;
    if (status == 403) return AIGW_E_PROXY_FORBIDDEN;
    return AIGW_E_PROXY_REFUSED;
}

/* The proxy's answer, up to the end of its header section; a refusal's body
 * is not needed (no body buffer: the parser stops at its first byte). */
static aigw_err_t read_answer(aigw_proxy_t *p, aigw_ms_t deadline)
{
    aigw_port_t *in = p->inner;
    aigw_http_resp_t h;
    aigw_http_resp_init(&h, NULL, 0);
    h.flags |= AIGW_HTTP_F_CONNECT;
    for (;;) {
        size_t got = 0, used = 0;
        aigw_err_t e = in->recv(in->ctx, p->buf, p->cap, &got, deadline);
        if (e == AIGW_E_WOULD_BLOCK) {
            if (in->now(in->ctx) < deadline) continue;
            return AIGW_E_TIMEOUT_CONNECT;
        }
        if (e == AIGW_E_EOF) e = aigw_http_resp_feed_eof(&h);
        else if (e == AIGW_OK) {
            if (got == 0 || got > p->cap) return AIGW_E_PORT;
            e = aigw_http_resp_feed(&h, p->buf, got, &used);
        } else {
            return e; /* a broken connection to the proxy */
        }
        p->status = h.status;
        if (h.done) {
            if (h.status > 299) return refusal(h.status);
            p->pend_off = used; /* the tunnel's first bytes, if the proxy sent them along */
            p->pend_len = got - used;
            return AIGW_OK;
        }
        /* a refusal's head is enough: its body stops the parser (no buffer) */
        if (e != AIGW_OK) return h.status > 299 ? refusal(h.status) : AIGW_E_PROXY_REFUSED;
    }
}

static aigw_err_t px_connect(void *ctx, const char *host, uint16_t port, aigw_ms_t deadline)
{
    aigw_proxy_t *p = (aigw_proxy_t *)ctx;
    aigw_port_t *in = p->inner;
    int ipv6;
    aigw_err_t e;
    p->status = 0;
    p->pend_len = 0;
    p->connected = 0;
    if (!host_ok(host, &ipv6) || port == 0) return AIGW_E_HEADER_VALUE;
    e = in->connect(in->ctx, p->cfg.host, p->cfg.port, deadline);
    if (e == AIGW_E_DNS || e == AIGW_E_CONNECT) e = AIGW_E_PROXY_UNREACHABLE;
    if (e == AIGW_OK) e = send_connect(p, host, ipv6, port, deadline);
    if (e == AIGW_OK) e = read_answer(p, deadline);
    if (e != AIGW_OK) {
        in->close(in->ctx);
        return e;
    }
    p->connected = 1;
    return AIGW_OK;
}

static aigw_err_t px_send(void *ctx, const uint8_t *buf, size_t len, size_t *n, aigw_ms_t deadline)
{
    aigw_proxy_t *p = (aigw_proxy_t *)ctx;
    if (n) *n = 0;
    if (!p->connected) return AIGW_E_PORT;
    return p->inner->send(p->inner->ctx, buf, len, n, deadline);
}

static aigw_err_t px_recv(void *ctx, uint8_t *buf, size_t cap, size_t *n, aigw_ms_t deadline)
{
    aigw_proxy_t *p = (aigw_proxy_t *)ctx;
    if (n) *n = 0;
    if (!p->connected || !n) return AIGW_E_PORT;
    if (p->pend_len && cap) {
        size_t k = cap < p->pend_len ? cap : p->pend_len;
        memcpy(buf, p->buf + p->pend_off, k);
        p->pend_off += k;
        p->pend_len -= k;
        *n = k;
        return AIGW_OK;
    }
    return p->inner->recv(p->inner->ctx, buf, cap, n, deadline);
}

/* Tunnel bytes still held from the proxy's answer, else what the stream below holds. */
static aigw_err_t px_pending(void *ctx, size_t *n)
{
    aigw_proxy_t *p = (aigw_proxy_t *)ctx;
    if (!n) return AIGW_E_ARG;
    *n = 0;
    if (!p->connected) return AIGW_E_PORT;
    if (p->pend_len) {
        *n = p->pend_len;
        return AIGW_OK;
    }
    return p->inner->pending(p->inner->ctx, n);
}

static void px_close(void *ctx)
{
    aigw_proxy_t *p = (aigw_proxy_t *)ctx;
    p->inner->close(p->inner->ctx);
    p->connected = 0;
    p->pend_len = 0;
}

static aigw_ms_t px_now(void *ctx)
{
    aigw_proxy_t *p = (aigw_proxy_t *)ctx;
    return p->inner->now(p->inner->ctx);
}

static void px_sleep(void *ctx, uint32_t ms)
{
    aigw_proxy_t *p = (aigw_proxy_t *)ctx;
    p->inner->sleep(p->inner->ctx, ms);
}

/* The configuration a CONNECT can be built from: a host, a port, and Basic
 * credentials whose user name has no ':' (RFC 7617). */
static aigw_err_t config_ok(const aigw_proxy_config_t *cfg, int *ipv6)
{
    size_t i;
    if (!cfg->host || !*cfg->host || cfg->port == 0) return AIGW_E_ARG;
    if ((cfg->user.len && !cfg->user.ptr) || (cfg->password.len && !cfg->password.ptr)) return AIGW_E_ARG;
    for (i = 0; i < cfg->user.len; i++)
        if (cfg->user.ptr[i] == ':') return AIGW_E_ARG;
    return host_ok(cfg->host, ipv6) ? AIGW_OK : AIGW_E_HEADER_VALUE;
}

static int stream_port_ok(const aigw_port_t *inner)
{
    return inner->connect && inner->send && inner->recv && inner->close && inner->now;
}

aigw_err_t aigw_proxy_init(aigw_proxy_t *p, aigw_port_t *out, aigw_port_t *inner,
                           const aigw_proxy_config_t *cfg, void *buf, size_t cap)
{
    int ipv6;
    aigw_err_t e;
    if (!p || !out || !inner || !cfg || !buf || cap < AIGW_PROXY_BUF_MIN) return AIGW_E_ARG;
    e = config_ok(cfg, &ipv6);
    if (e == AIGW_E_ARG) return e;
    if (!stream_port_ok(inner)) return AIGW_E_PORT;
    if (e != AIGW_OK) return e;
    memset(p, 0, sizeof *p);
    p->inner = inner;
    p->cfg = *cfg;
    p->buf = (uint8_t *)buf;
    p->cap = cap;
    memset(out, 0, sizeof *out);
    out->ctx = p;
    out->connect = px_connect;
    out->send = px_send;
    out->recv = px_recv;
    out->close = px_close;
    out->now = px_now;
    out->sleep = inner->sleep ? px_sleep : NULL;
    out->pending = inner->pending ? px_pending : NULL; /* a tunnel is as reusable as its stream */
    return AIGW_OK;
}

#else
/* ISO C wants at least one declaration in a translation unit */
typedef int aigw_proxy_compiled_out_t;
#endif /* AIGW_ENABLE_PROXY */
