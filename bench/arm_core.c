/* SPDX-License-Identifier: MIT */
/*
 * Cortex-M3 program for the core's footprint and stack figures (make bench).
 *
 * Built twice from this file:
 *   core_fp.elf     calls only aigw_client_init, aigw_result_init,
 *                   aigw_gateway_update and aigw_gateway_get: its map file
 *                   gives the flash of everything a program calling update
 *                   and get links from the core (--gc-sections drops the rest)
 *   core_probe.elf  (-DBENCH_PROBE) also asks the encoder and the request
 *                   preview for their needed sizes, which would add their
 *                   code to the first image
 *   core_proxy_fp.elf (-DBENCH_PROXY) makes the same calls through the HTTP
 *                   CONNECT step (core/proxy_connect.c) over the dummy port:
 *                   its core flash minus core_fp.elf's is what the proxy
 *                   step adds (footprint.core.proxy_flash)
 * Both run in QEMU (mps2-an385, the board's runtime) and print "BENCH k=v"
 * lines: the caller memory the API page's example needs, measured with the
 * decoder's own needed-size reports (too small a body buffer, token array
 * or arena gives diag.needed), sizes of the caller structs on this CPU, and
 * the stack one update and one get use, measured by painting the stack
 * below the caller's frame (the dummy port's frames included; they are a
 * few dozen bytes).
 *
 * The port is a dummy: connect succeeds, send swallows the bytes, recv
 * replays a canned "200 OK" with the API page's example response
 * (bench_response.c, generated), now() is a constant.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "aigw/aigw_client.h"
#include "bench_example.h"
#ifdef BENCH_PROXY
#include "aigw/aigw_proxy.h"
#endif

extern const uint8_t bench_response[];
extern const size_t bench_response_len;
extern uint32_t __stack_bottom[]; /* board link.ld */

typedef struct dummy {
    size_t pos;
    unsigned requests;
    const uint8_t *src; /* what recv replays: bench_response, or the proxy's answer to CONNECT */
    size_t len;
    int tunnel;         /* BENCH_PROXY: the next send is the CONNECT head */
} dummy_t;

static const uint8_t connect_ok[] = "HTTP/1.1 200 Connection established\r\n\r\n";

static aigw_err_t d_connect(void *ctx, const char *host, uint16_t port, aigw_ms_t deadline)
{
    dummy_t *d = ctx;
    (void)host; (void)port; (void)deadline;
    d->src = bench_response;
    d->len = d->pos = bench_response_len; /* nothing to read before a request */
#ifdef BENCH_PROXY
    d->tunnel = 1;
#endif
    return AIGW_OK;
}

static aigw_err_t d_send(void *ctx, const uint8_t *buf, size_t len, size_t *n, aigw_ms_t deadline)
{
    dummy_t *d = ctx;
    (void)buf; (void)deadline;
    if (d->tunnel) { /* the CONNECT head: the proxy says yes */
        d->tunnel = 0;
        d->src = connect_ok;
        d->len = sizeof connect_ok - 1;
    } else {
        if (d->src != bench_response || d->pos == d->len) d->requests++;
        d->src = bench_response;
        d->len = bench_response_len;
    }
    d->pos = 0; /* a request was (or is being) sent: the answer is ready */
    *n = len;
    return AIGW_OK;
}

static aigw_err_t d_recv(void *ctx, uint8_t *buf, size_t cap, size_t *n, aigw_ms_t deadline)
{
    dummy_t *d = ctx;
    size_t k = d->len - d->pos;
    (void)deadline;
    if (k == 0) { *n = 0; return AIGW_E_WOULD_BLOCK; }
    if (k > cap) k = cap;
    memcpy(buf, d->src + d->pos, k);
    d->pos += k;
    *n = k;
    return AIGW_OK;
}

/* Unread answer bytes are pending; a fully read answer leaves the connection idle (kept). */
static aigw_err_t d_pending(void *ctx, size_t *n)
{
    *n = ((dummy_t *)ctx)->len - ((dummy_t *)ctx)->pos;
    return AIGW_OK;
}

static void d_close(void *ctx) { ((dummy_t *)ctx)->pos = ((dummy_t *)ctx)->len; }
static aigw_ms_t d_now(void *ctx) { (void)ctx; return 1000; }

#define IO_CAP 512
#define BODY_CAP 4096
#define TOK_CAP 256
#define ARENA_CAP 2048

static dummy_t dport;
static aigw_port_t port = { &dport, d_connect, d_send, d_recv, d_close, d_now, NULL, d_pending };
static aigw_client_t client;
static uint8_t io[IO_CAP];
static uint8_t body[BODY_CAP];
static aigw_tok_t tok[TOK_CAP];
static uint64_t arena[ARENA_CAP / 8];
static aigw_params_t params;
static aigw_result_t res;

#define PAINT 0x5A17C0DEu

/* Paint the free stack below this frame, run fn, return how many bytes
 * below this frame's stack pointer were touched. noinline: its own frame
 * must stay outside the measurement. */
static __attribute__((noinline)) size_t stack_of(aigw_err_t (*fn)(void), aigw_err_t *err)
{
    uint32_t sp, *p;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (p = __stack_bottom; (uintptr_t)p < sp - 16u; p++) *p = PAINT;
    *err = fn();
    for (p = __stack_bottom; (uintptr_t)p < sp && *p == PAINT; p++) {}
    return (size_t)(sp - (uintptr_t)p);
}

static aigw_err_t do_update(void)
{
    aigw_result_init(&res, body, sizeof body, tok, TOK_CAP, arena, sizeof arena);
    return aigw_gateway_update(&client, BENCH_GATEWAY, &params, &res);
}

static aigw_err_t do_get(void)
{
    aigw_result_init(&res, body, sizeof body, tok, TOK_CAP, arena, sizeof arena);
    return aigw_gateway_get(&client, BENCH_GATEWAY, &res);
}

/* One update with one of the three buffers too small: the needed size. */
static size_t needed(size_t body_cap, size_t tok_cap, size_t arena_cap, aigw_err_t want)
{
    aigw_err_t e;
    aigw_result_init(&res, body, body_cap, tok, tok_cap, arena, arena_cap);
    e = aigw_gateway_update(&client, BENCH_GATEWAY, &params, &res);
    if (e != want) {
        printf("BENCH error=needed: got %s, expected %s\n", aigw_strerror(e), aigw_strerror(want));
        return 0;
    }
    return res.diag.needed;
}

int main(void)
{
    aigw_client_config_t cfg;
    aigw_err_t e;
    size_t su, sg;

    memset(&cfg, 0, sizeof cfg);
    cfg.account_id = BENCH_ACCOUNT;
    cfg.auth.kind = AIGW_AUTH_TOKEN;
    cfg.auth.token.ptr = BENCH_TOKEN;
    cfg.auth.token.len = sizeof(BENCH_TOKEN) - 1;
    cfg.port = &port;
    cfg.max_attempts = 1;
#ifdef BENCH_PROXY
    {
        static aigw_proxy_t px;
        static aigw_port_t px_port;
        static uint8_t px_buf[256];
        aigw_proxy_config_t pc;
        memset(&pc, 0, sizeof pc);
        pc.host = "proxy.example";
        pc.port = 3128;
        pc.user.ptr = "user";
        pc.user.len = 4;
        pc.password.ptr = "password";
        pc.password.len = 8;
        e = aigw_proxy_init(&px, &px_port, &port, &pc, px_buf, sizeof px_buf);
        if (e != AIGW_OK) { printf("BENCH error=proxy init %s\n", aigw_strerror(e)); return 1; }
        cfg.port = &px_port;
    }
#endif
    e = aigw_client_init(&client, &cfg, io, sizeof io);
    if (e != AIGW_OK) { printf("BENCH error=init %s\n", aigw_strerror(e)); return 1; }
    bench_full_example(&params);

    su = stack_of(do_update, &e);
    if (e != AIGW_OK) { printf("BENCH error=update %s at %s\n", aigw_strerror(e), res.diag.path); return 1; }
    printf("BENCH update_ok=1 body_len=%u\n", (unsigned)res.body_len);
    sg = stack_of(do_get, &e);
    if (e != AIGW_OK) { printf("BENCH error=get %s\n", aigw_strerror(e)); return 1; }
    printf("BENCH stack_update=%u\nBENCH stack_get=%u\n", (unsigned)su, (unsigned)sg);

    printf("BENCH needed_body=%u\n", (unsigned)needed(16, TOK_CAP, sizeof arena, AIGW_E_HTTP_BODY_TOO_LARGE));
    printf("BENCH needed_tokens=%u\n", (unsigned)needed(sizeof body, 8, sizeof arena, AIGW_E_JSON_TOKENS));
    printf("BENCH needed_arena=%u\n", (unsigned)needed(sizeof body, TOK_CAP, 8, AIGW_E_ARENA));
    printf("BENCH sizeof_client=%u\nBENCH sizeof_result=%u\nBENCH sizeof_token=%u\nBENCH sizeof_params=%u\n",
           (unsigned)sizeof(aigw_client_t), (unsigned)sizeof(aigw_result_t), (unsigned)sizeof(aigw_tok_t),
           (unsigned)sizeof(aigw_params_t));
    printf("BENCH io_min=%u\nBENCH io_used=%u\nBENCH requests=%u\n", (unsigned)AIGW_CLIENT_IO_MIN,
           (unsigned)IO_CAP, dport.requests);
#ifdef BENCH_PROBE
    {
        size_t len = 0;
        aigw_diag_t d;
        static char prev[2048];
        memset(&d, 0, sizeof d);
        e = aigw_params_to_json(&params, NULL, 0, &len, &d);
        printf("BENCH encoder_needed=%u (%s)\n", (unsigned)d.needed, aigw_strerror(e));
        e = aigw_request_preview(&client, BENCH_GATEWAY, &params, prev, sizeof prev, &len, &d);
        printf("BENCH preview_len=%u (%s)\n", (unsigned)len, aigw_strerror(e));
    }
#endif
    aigw_client_close(&client);
    return 0;
}
