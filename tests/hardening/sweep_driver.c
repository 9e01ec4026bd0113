/* SPDX-License-Identifier: MIT */
/*
 * sweep_driver: the client side of the fault sweep (tests/hardening/sweep.py).
 *
 * Reads cases from stdin, one a line: "<kind> <mode> <n>" (see
 * sweep_server.py). For case number i it makes two calls on ONE client
 * (keep-alive, reconnects and TLS resumption included, as in a device):
 *   1. aigw_gateway_update() of gateway "<kind>.<mode>.<n>": the server
 *      answers with the canned response of that kind, cut or split at n;
 *   2. the follow-up aigw_gateway_get() of "f.<i>", whose answer names that
 *      id and cache_ttl i: a stale byte of the first answer cannot pass.
 * and prints one line with what each call returned (sweep.py judges):
 *
 *   <i> <kind> <mode> <n> err=CODE status=S code=C path=P id=ID vals=HEX ms=MS io=0|1
 *       | f_err=CODE f_id=ID f_ttl=T f_ms=MS f_io=0|1
 *
 * vals is the decoded gateway's params re-encoded as JSON (hex), so the
 * oracle compares every value, not a sample. ms is the call's wall time on
 * the monotonic clock; io=1 means the io buffer was not wiped after the call.
 *
 * usage: sweep_driver --ca FILE --port N [--timeout MS] [--attempts N]
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aigw/aigw_client.h"
#include "aigw/aigw_posix.h"
#include "aigw/aigw_tls.h"

typedef struct drv {
    aigw_posix_t sock;
    aigw_port_t tcp, https;
    aigw_tls_t tls;
    aigw_client_t client;
    uint8_t io[512];
    uint8_t body[16384];
    aigw_tok_t tok[512];
    uint64_t arena[2048];
    uint8_t ca[16384];
    char vals[8192];
} drv_t;

static drv_t D;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int io_dirty(const drv_t *d)
{
    size_t i;
    for (i = 0; i < sizeof d->io; i++)
        if (d->io[i]) return 1;
    return 0;
}

static void print_text(const char *name, const aigw_text_t *t)
{
    if (t->state == AIGW_SET) printf(" %s=%.*s", name, (int)t->value.len, t->value.ptr);
    else printf(" %s=-", name);
}

static void print_outcome(const char *pre, const aigw_result_t *r, double ms, int dirty)
{
    printf(" %serr=%d %sstatus=%u", pre, (int)r->err, pre, r->status);
    if (r->error_count) {
        const aigw_api_error_t *e = &r->errors[0];
        size_t i;
        printf(" %scode=%lld %spath=", pre, (long long)e->code.value, pre);
        if (e->path.state == AIGW_SET && e->path.count) {
            for (i = 0; i < e->path.count; i++) {
                const aigw_api_path_item_t *it = &e->path.items[i];
                if (i) putchar('/');
                if (it->is_index) printf("%lld", (long long)it->index);
                else printf("%.*s", (int)it->key.len, it->key.ptr);
            }
        } else {
            putchar('-');
        }
    }
    if (r->err == AIGW_OK) {
        size_t len = 0, i;
        char name[8];
        snprintf(name, sizeof name, "%sid", pre);
        print_text(name, &r->gateway.id);
        printf(" %sttl=%lld", pre, (long long)r->gateway.params.cache_ttl.value);
        if (aigw_params_to_json(&r->gateway.params, D.vals, sizeof D.vals, &len, NULL) == AIGW_OK) {
            printf(" %svals=", pre);
            for (i = 0; i < len; i++) printf("%02x", (unsigned char)D.vals[i]);
        } else {
            printf(" %svals=unencodable", pre);
        }
    }
    printf(" %sms=%.1f %sio=%d", pre, ms, pre, dirty);
}

static int load(const char *path, void *buf, size_t cap, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    *len = fread(buf, 1, cap - 1, f);
    fclose(f);
    ((char *)buf)[*len] = 0;
    return 0;
}

int main(int argc, char **argv)
{
    drv_t *d = &D;
    aigw_client_config_t cfg;
    aigw_tls_config_t tc;
    aigw_params_t p;
    char base[128], line[256];
    const char *ca = NULL;
    int port = 0, i;
    unsigned long seq = 0;
    size_t len = 0;
    aigw_err_t e;

    memset(&cfg, 0, sizeof cfg);
    cfg.call_timeout_ms = 4000;
    cfg.max_attempts = 1;
    for (i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--ca")) ca = argv[i + 1];
        else if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--timeout")) cfg.call_timeout_ms = (uint32_t)atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--attempts")) cfg.max_attempts = (unsigned)atoi(argv[i + 1]);
        else { fprintf(stderr, "sweep_driver: unknown option %s\n", argv[i]); return 2; }
    }
    if (!ca || port <= 0 || load(ca, d->ca, sizeof d->ca, &len)) {
        fprintf(stderr, "usage: sweep_driver --ca FILE --port N [--timeout MS] [--attempts N]\n");
        return 2;
    }
    snprintf(base, sizeof base, "https://localhost:%d/client/v4", port);
    aigw_posix_init(&d->sock, &d->tcp);
    memset(&tc, 0, sizeof tc);
    tc.ca = d->ca;
    tc.ca_len = len;
    tc.entropy = aigw_posix_entropy;
    tc.wall_clock = aigw_posix_wall_clock;
    if ((e = aigw_tls_init(&d->tls, &d->https, &d->tcp, &tc)) != AIGW_OK) {
        fprintf(stderr, "sweep_driver: tls init: %s\n", aigw_strerror(e));
        return 2;
    }
    cfg.base_url = base;
    cfg.account_id = "3ebbcb006d4d46d7bb6a8c7f14676cb0";
    cfg.auth.kind = AIGW_AUTH_TOKEN;
    cfg.auth.token.ptr = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY";
    cfg.auth.token.len = strlen(cfg.auth.token.ptr);
    cfg.port = &d->https;
    cfg.connect_timeout_ms = 2000;
    cfg.response_timeout_ms = 2000;
    if ((e = aigw_client_init(&d->client, &cfg, d->io, sizeof d->io)) != AIGW_OK) {
        fprintf(stderr, "sweep_driver: client init: %s\n", aigw_strerror(e));
        return 2;
    }
    memset(&p, 0, sizeof p);
    p.cache_invalidate_on_update.state = AIGW_SET;
    p.cache_invalidate_on_update.value = true;
    p.cache_ttl.state = AIGW_SET;
    p.cache_ttl.value = 300;
    p.collect_logs.state = AIGW_SET;
    p.collect_logs.value = true;
    p.rate_limiting_interval.state = AIGW_NULL;
    p.rate_limiting_limit.state = AIGW_NULL;

    while (fgets(line, sizeof line, stdin)) {
        char kind[32], mode[4], id[64], fid[32];
        unsigned long n;
        aigw_result_t r;
        double t0, ms;
        int dirty;
        if (sscanf(line, "%31s %3s %lu", kind, mode, &n) != 3) continue;
        seq++;
        snprintf(id, sizeof id, "%s.%s.%lu", kind, mode, n);
        aigw_result_init(&r, d->body, sizeof d->body, d->tok, sizeof d->tok / sizeof d->tok[0],
                         d->arena, sizeof d->arena);
        t0 = now_ms();
        aigw_gateway_update(&d->client, id, &p, &r);
        ms = now_ms() - t0;
        dirty = io_dirty(d);
        printf("%lu %s %s %lu", seq, kind, mode, n);
        print_outcome("", &r, ms, dirty);

        snprintf(fid, sizeof fid, "f.%lu", seq);
        aigw_result_init(&r, d->body, sizeof d->body, d->tok, sizeof d->tok / sizeof d->tok[0],
                         d->arena, sizeof d->arena);
        t0 = now_ms();
        aigw_gateway_get(&d->client, fid, &r);
        ms = now_ms() - t0;
        printf(" |");
        print_outcome("f_", &r, ms, io_dirty(d));
        printf(" conns=%u hs=%u resumed=%u\n", d->client.connections, d->tls.handshakes, d->tls.resumed);
    }
    aigw_client_close(&d->client);
    fflush(stdout);
    return 0;
}
