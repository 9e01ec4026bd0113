/* SPDX-License-Identifier: MIT */
/*
 * End-to-end driver (make bench): N sequential updates of the full example
 * with the aigw client in one process, keep-alive as the client does it.
 *
 *   e2e_aigw BASE_URL N [CA.pem|-] [GATEWAY_ID]
 *     BASE_URL  https://localhost:PORT/client/v4 (TLS, CA.pem trusted), or
 *               http://127.0.0.1:PORT/client/v4 (plain: the wire recorder)
 *     GATEWAY_ID  default my-gateway (the benchmark gives each client its own)
 *
 * Prints one JSON line: updates done, wall seconds and the process's user +
 * system CPU seconds for the loop alone (getrusage around it), connections
 * opened by the client, TLS handshakes and how many of them were resumed.
 * Stops at the first failed update (exit 1).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "aigw/aigw_client.h"
#include "aigw/aigw_posix.h"
#include "aigw/aigw_tls.h"
#include "bench_example.h"

static aigw_posix_t sock;
static aigw_port_t tcp, https;
static aigw_tls_t tls;
static aigw_client_t client;
static uint8_t io[2048];
static uint8_t body[8192];
static aigw_tok_t tok[512];
static uint64_t arena[1024];
static uint8_t ca[65536];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(double *user, double *sys)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
    *sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    return *user + *sys;
}

int main(int argc, char **argv)
{
    aigw_client_config_t cfg;
    aigw_params_t params;
    aigw_result_t r;
    aigw_err_t e;
    long n, i, done = 0;
    double t0, t1, u0, s0, u1, s1;
    int tls_on;
    const char *gateway = argc > 4 ? argv[4] : BENCH_GATEWAY;

    if (argc < 3) { fprintf(stderr, "usage: e2e_aigw BASE_URL N [CA.pem|-] [GATEWAY_ID]\n"); return 2; }
    n = atol(argv[2]);
    tls_on = strncmp(argv[1], "https://", 8) == 0;
    memset(&cfg, 0, sizeof cfg);
    cfg.base_url = argv[1];
    cfg.account_id = BENCH_ACCOUNT;
    cfg.auth.kind = AIGW_AUTH_TOKEN;
    cfg.auth.token.ptr = BENCH_TOKEN;
    cfg.auth.token.len = sizeof(BENCH_TOKEN) - 1;
    cfg.max_attempts = 1; /* a failure must show, not be retried away */
    aigw_posix_init(&sock, &tcp);
    cfg.port = &tcp;
    if (tls_on) {
        aigw_tls_config_t tc;
        size_t len;
        FILE *f = argc > 3 ? fopen(argv[3], "rb") : NULL;
        if (!f) { fprintf(stderr, "e2e_aigw: https needs a readable CA.pem\n"); return 2; }
        len = fread(ca, 1, sizeof ca, f);
        fclose(f);
        memset(&tc, 0, sizeof tc);
        tc.ca = ca;
        tc.ca_len = len;
        tc.entropy = aigw_posix_entropy;
        tc.wall_clock = aigw_posix_wall_clock;
        e = aigw_tls_init(&tls, &https, &tcp, &tc);
        if (e != AIGW_OK) { fprintf(stderr, "e2e_aigw: tls init: %s\n", aigw_strerror(e)); return 2; }
        cfg.port = &https;
    }
    e = aigw_client_init(&client, &cfg, io, sizeof io);
    if (e != AIGW_OK) { fprintf(stderr, "e2e_aigw: init: %s\n", aigw_strerror(e)); return 2; }
    bench_full_example(&params);

    t0 = now_s();
    cpu_s(&u0, &s0);
    for (i = 0; i < n; i++) {
        aigw_result_init(&r, body, sizeof body, tok, sizeof tok / sizeof tok[0], arena, sizeof arena);
        e = aigw_gateway_update(&client, gateway, &params, &r);
        if (e != AIGW_OK) {
            fprintf(stderr, "e2e_aigw: update %ld: %s (status %u) %s\n", i, aigw_strerror(e), r.status,
                    r.diag.path);
            break;
        }
        done++;
    }
    cpu_s(&u1, &s1);
    t1 = now_s();
    printf("{\"client\":\"aigw\",\"n\":%ld,\"ok\":%ld,\"wall_s\":%.6f,\"user_s\":%.6f,\"sys_s\":%.6f,"
           "\"connections\":%u,\"handshakes\":%u,\"resumed\":%u,\"last_id\":\"%.*s\"}\n",
           n, done, t1 - t0, u1 - u0, s1 - s0, client.connections, tls_on ? tls.handshakes : 0,
           tls_on ? tls.resumed : 0, done ? (int)r.gateway.id.value.len : 0,
           done ? r.gateway.id.value.ptr : "");
    aigw_client_close(&client);
    return done == n ? 0 : 1;
}
