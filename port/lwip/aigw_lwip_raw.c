/* SPDX-License-Identifier: MIT */
/*
 * aigw stream port over lwIP's raw TCP API, NO_SYS=1 (see aigw_lwip_raw.h).
 *
 * lwIP delivers everything through callbacks (connected, recv, err) that run
 * inside the board's poll callback; they only record what happened in the
 * context, and the port functions loop "poll, check, deadline?" until the
 * state they wait for shows up.
 */
#include "aigw/aigw_lwip_raw.h"

#include <string.h>

#include "lwip/dns.h"
#include "lwip/err.h"
#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "lwip/sys.h"
#include "lwip/tcp.h"

enum { ST_IDLE, ST_CONNECTING, ST_CONNECTED, ST_FAILED };
enum { DNS_NONE, DNS_WAIT, DNS_DONE, DNS_FAILED };

static aigw_ms_t raw_now(void *vctx)
{
    aigw_lwip_raw_t *ctx = vctx;
    uint32_t t;
    if (ctx->now != NULL)
        return ctx->now(ctx->arg);
    /* sys_now() is 32-bit and wraps after 49 days; widen it here. */
    t = (uint32_t)sys_now();
    if (t < ctx->now_last)
        ctx->now_high++;
    ctx->now_last = t;
    return ((aigw_ms_t)ctx->now_high << 32) | t;
}

static void raw_sleep(void *vctx, uint32_t ms)
{
    aigw_lwip_raw_t *ctx = vctx;
    aigw_ms_t end = raw_now(ctx) + ms;
    /* Keep servicing the stack while "asleep": nothing else will. */
    do
        ctx->poll(ctx->arg);
    while (raw_now(ctx) < end);
}

/* ---- lwIP callbacks (run inside ctx->poll) --------------------------------------------------- */

static void on_dns(const char *name, const ip_addr_t *addr, void *arg)
{
    aigw_lwip_raw_t *ctx = arg;
    /* Ignore answers to a query that connect() has already given up on. */
    if (ctx->dns_state != DNS_WAIT || ctx->dns_host == NULL || strcmp(name, ctx->dns_host) != 0)
        return;
    if (addr != NULL) {
        ip_addr_copy(ctx->dns_addr, *addr);
        ctx->dns_state = DNS_DONE;
    } else {
        ctx->dns_state = DNS_FAILED;
    }
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
    aigw_lwip_raw_t *ctx = arg;
    (void)pcb;
    if (ctx != NULL && ctx->state == ST_CONNECTING)
        ctx->state = (err == ERR_OK) ? ST_CONNECTED : ST_FAILED;
    return ERR_OK;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    aigw_lwip_raw_t *ctx = arg;
    (void)pcb;
    if (p == NULL) {
        /* Orderly close by the peer: recv() reports EOF once the buffered data is read. */
        if (ctx != NULL)
            ctx->fin = 1;
        return ERR_OK;
    }
    if (ctx == NULL || err != ERR_OK) {
        pbuf_free(p);
        return ERR_OK;
    }
    /* Keep the segment as lwIP delivered it; the window reopens as it is read. */
    if (ctx->rx == NULL)
        ctx->rx = p;
    else
        pbuf_cat(ctx->rx, p);
    return ERR_OK;
}

static void on_err(void *arg, err_t err)
{
    aigw_lwip_raw_t *ctx = arg;
    /* lwIP has freed the pcb already (reset, abort, retransmission timeout). */
    if (ctx == NULL)
        return;
    ctx->pcb = NULL;
    ctx->err = (int8_t)err;
    ctx->state = ST_FAILED;
}

/* ---- port functions ---------------------------------------------------------------------------- */

static void detach_and_close(aigw_lwip_raw_t *ctx, int abort_it)
{
    struct tcp_pcb *pcb = ctx->pcb;
    ctx->pcb = NULL;
    if (pcb != NULL) {
        tcp_arg(pcb, NULL);
        tcp_recv(pcb, NULL);
        tcp_err(pcb, NULL);
        if (abort_it || tcp_close(pcb) != ERR_OK)
            tcp_abort(pcb); /* no memory for the FIN: reset instead of leaking the pcb */
    }
    if (ctx->rx != NULL) {
        pbuf_free(ctx->rx);
        ctx->rx = NULL;
    }
    ctx->state = ST_IDLE;
    ctx->fin = 0;
    ctx->err = ERR_OK;
    ctx->dns_state = DNS_NONE;
    ctx->dns_host = NULL;
}

static void raw_close(void *vctx)
{
    aigw_lwip_raw_t *ctx = vctx;
    if (ctx != NULL)
        detach_and_close(ctx, 0);
}

static aigw_err_t resolve(aigw_lwip_raw_t *ctx, const char *host, ip_addr_t *out, aigw_ms_t deadline)
{
    err_t e;
    if (ipaddr_aton(host, out))
        return AIGW_OK;
#if LWIP_DNS
    ctx->dns_host = host;
    ctx->dns_state = DNS_WAIT;
    e = dns_gethostbyname(host, out, on_dns, ctx);
    if (e == ERR_OK) {
        ctx->dns_state = DNS_NONE;
        return AIGW_OK;
    }
    if (e != ERR_INPROGRESS) {
        ctx->dns_state = DNS_NONE;
        return AIGW_E_DNS;
    }
    while (ctx->dns_state == DNS_WAIT) {
        if (raw_now(ctx) >= deadline) {
            ctx->dns_state = DNS_NONE; /* a late answer is ignored */
            return AIGW_E_TIMEOUT_CONNECT;
        }
        ctx->poll(ctx->arg);
    }
    if (ctx->dns_state != DNS_DONE) {
        ctx->dns_state = DNS_NONE;
        return AIGW_E_DNS;
    }
    ip_addr_copy(*out, ctx->dns_addr);
    ctx->dns_state = DNS_NONE;
    return AIGW_OK;
#else
    (void)ctx;
    (void)e;
    (void)deadline;
    return AIGW_E_DNS;
#endif
}

static aigw_err_t raw_connect(void *vctx, const char *host, uint16_t port, aigw_ms_t deadline)
{
    aigw_lwip_raw_t *ctx = vctx;
    ip_addr_t addr;
    aigw_err_t rc;
    struct tcp_pcb *pcb;

    if (ctx == NULL || host == NULL || host[0] == 0)
        return AIGW_E_ARG;
    detach_and_close(ctx, 0);

    rc = resolve(ctx, host, &addr, deadline);
    ctx->dns_host = NULL;
    if (rc != AIGW_OK)
        return rc;

    pcb = tcp_new_ip_type(IP_GET_TYPE(&addr));
    if (pcb == NULL)
        return AIGW_E_CONNECT; /* MEMP_NUM_TCP_PCB exhausted */
    ctx->pcb = pcb;
    ctx->state = ST_CONNECTING;
    tcp_arg(pcb, ctx);
    tcp_err(pcb, on_err);
    tcp_recv(pcb, on_recv);
    /* TLS writes whole records; waiting for ACKs (Nagle) only adds latency. */
    tcp_nagle_disable(pcb);
    if (tcp_connect(pcb, &addr, port, on_connected) != ERR_OK) {
        detach_and_close(ctx, 1);
        return AIGW_E_CONNECT;
    }
    while (ctx->state == ST_CONNECTING) {
        if (raw_now(ctx) >= deadline) {
            detach_and_close(ctx, 1);
            return AIGW_E_TIMEOUT_CONNECT;
        }
        ctx->poll(ctx->arg);
    }
    if (ctx->state != ST_CONNECTED) {
        detach_and_close(ctx, ctx->pcb != NULL);
        return AIGW_E_CONNECT; /* refused (RST) or unreachable */
    }
    return AIGW_OK;
}

static aigw_err_t raw_send(void *vctx, const uint8_t *buf, size_t len, size_t *n, aigw_ms_t deadline)
{
    aigw_lwip_raw_t *ctx = vctx;
    if (n != NULL)
        *n = 0;
    if (ctx == NULL || n == NULL || (buf == NULL && len > 0))
        return AIGW_E_ARG;
    if (len == 0)
        return AIGW_E_ARG; /* "OK with zero bytes" would mean two things */
    for (;;) {
        u16_t room;
        if (ctx->state == ST_FAILED || ctx->pcb == NULL)
            return ctx->state == ST_IDLE ? AIGW_E_PORT : AIGW_E_SEND;
        room = tcp_sndbuf(ctx->pcb);
        if (room > 0 && tcp_sndqueuelen(ctx->pcb) < TCP_SND_QUEUELEN) {
            u16_t chunk = (len < room) ? (u16_t)len : room;
            err_t e = tcp_write(ctx->pcb, buf, chunk, TCP_WRITE_FLAG_COPY);
            if (e == ERR_OK) {
                (void)tcp_output(ctx->pcb);
                *n = chunk;
                return AIGW_OK;
            }
            if (e != ERR_MEM)
                return AIGW_E_SEND;
            /* ERR_MEM: segments or lwIP heap busy until ACKs come back; wait. */
        }
        if (raw_now(ctx) >= deadline)
            return AIGW_E_WOULD_BLOCK;
        ctx->poll(ctx->arg);
    }
}

static aigw_err_t raw_recv(void *vctx, uint8_t *buf, size_t cap, size_t *n, aigw_ms_t deadline)
{
    aigw_lwip_raw_t *ctx = vctx;
    if (n != NULL)
        *n = 0;
    if (ctx == NULL || n == NULL || buf == NULL || cap == 0)
        return AIGW_E_ARG;
    for (;;) {
        if (ctx->rx != NULL) {
            u16_t take = (cap < ctx->rx->tot_len) ? (u16_t)cap : ctx->rx->tot_len;
            u16_t got = pbuf_copy_partial(ctx->rx, buf, take, 0);
            ctx->rx = pbuf_free_header(ctx->rx, got);
            /* Reopen the window by what the client consumed. */
            if (ctx->pcb != NULL)
                tcp_recved(ctx->pcb, got);
            *n = got;
            return AIGW_OK;
        }
        if (ctx->fin)
            return AIGW_E_EOF;
        if (ctx->state == ST_FAILED || ctx->pcb == NULL)
            return ctx->state == ST_IDLE ? AIGW_E_PORT : AIGW_E_RECV;
        if (raw_now(ctx) >= deadline)
            return AIGW_E_WOULD_BLOCK;
        ctx->poll(ctx->arg);
    }
}

/* One poll moves frames the NIC already holds into lwIP (nothing runs in the
 * background under NO_SYS), then the queue tells; never waits. */
static aigw_err_t raw_pending(void *vctx, size_t *n)
{
    aigw_lwip_raw_t *ctx = vctx;
    if (n != NULL)
        *n = 0;
    if (ctx == NULL || n == NULL)
        return AIGW_E_ARG;
    if (ctx->state == ST_IDLE)
        return AIGW_E_PORT;
    ctx->poll(ctx->arg);
    if (ctx->rx != NULL) {
        *n = ctx->rx->tot_len;
        return AIGW_OK;
    }
    if (ctx->fin)
        return AIGW_E_EOF;
    if (ctx->state == ST_FAILED || ctx->pcb == NULL)
        return AIGW_E_RECV;
    return AIGW_OK;
}

aigw_err_t aigw_lwip_raw_init(aigw_lwip_raw_t *ctx, aigw_lwip_raw_poll_fn poll, aigw_lwip_raw_now_fn now,
                              void *arg)
{
    if (ctx == NULL || poll == NULL)
        return AIGW_E_ARG;
    memset(ctx, 0, sizeof *ctx);
    ctx->poll = poll;
    ctx->now = now;
    ctx->arg = arg;
    ctx->state = ST_IDLE;
    ctx->dns_state = DNS_NONE;
    return AIGW_OK;
}

aigw_err_t aigw_lwip_raw_port(aigw_lwip_raw_t *ctx, aigw_port_t *port)
{
    if (ctx == NULL || port == NULL || ctx->poll == NULL)
        return AIGW_E_ARG;
    port->ctx = ctx;
    port->connect = raw_connect;
    port->send = raw_send;
    port->recv = raw_recv;
    port->close = raw_close;
    port->now = raw_now;
    port->sleep = raw_sleep;
    port->pending = raw_pending;
    return AIGW_OK;
}
