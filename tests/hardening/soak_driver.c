/* SPDX-License-Identifier: MIT */
/*
 * soak_driver: one aigw client for a whole soak run (tests/hardening/soak.py).
 * Reads commands from stdin, one a line, and answers each with one line:
 *   "u <ttl>"  aigw_gateway_update() of my-gateway with cache_ttl = ttl
 *   "g"        aigw_gateway_get() of my-gateway
 * ->  "<n> <op> err=<code> status=<s> attempts=<a> reconnected=<r> ms=<wall ms> rss_kb=<kB>
 *       tries=<err of each attempt, 'r' marks a reopened kept-alive connection> ttl=<ttl|->"
 * rss_kb is this process's resident set (/proc/self/statm), for the memory
 * check; the library itself never allocates, so only mbedTLS's heap (taken at
 * connect, given back at close) moves.
 *
 * usage: soak_driver CA-FILE   (env: CLOUDFLARE_BASE_URL, CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN)
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aigw/aigw_client.h"
#include "aigw/aigw_posix.h"
#include "aigw/aigw_tls.h"

static aigw_posix_t g_sock;
static aigw_port_t g_tcp, g_https;
static aigw_tls_t g_tls;
static aigw_client_t g_client;
static uint8_t g_io[1024];
static uint8_t g_body[16384];
static aigw_tok_t g_tok[1024];
static uint64_t g_arena[2048];
static uint8_t g_ca[16384];

/* errors of every attempt of the call in progress (the log hook's RESPONSE events) */
static char g_attempt_errs[256];
static size_t g_attempt_len;

static void log_hook(void *ctx, const aigw_log_event_t *ev)
{
    int n;
    (void)ctx;
    if (ev->kind != AIGW_LOG_RESPONSE && ev->kind != AIGW_LOG_RECONNECT) return;
    n = snprintf(g_attempt_errs + g_attempt_len, sizeof g_attempt_errs - g_attempt_len, "%s%d%s",
                 g_attempt_len ? "," : "", (int)ev->err, ev->kind == AIGW_LOG_RECONNECT ? "r" : "");
    if (n > 0 && (size_t)n < sizeof g_attempt_errs - g_attempt_len) g_attempt_len += (size_t)n;
}

static long rss_kb(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return -1;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
    fclose(f);
    return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    aigw_client_config_t cfg;
    aigw_tls_config_t tc;
    aigw_params_t p;
    char line[128];
    unsigned long n = 0;
    size_t ca_len;
    FILE *f;
    const char *tok = getenv("CLOUDFLARE_API_TOKEN");

    if (argc != 2 || !tok || !getenv("CLOUDFLARE_BASE_URL") || !getenv("CLOUDFLARE_ACCOUNT_ID")) {
        fprintf(stderr, "usage: soak_driver CA-FILE (with CLOUDFLARE_* in the environment)\n");
        return 2;
    }
    if (!(f = fopen(argv[1], "rb"))) return 2;
    ca_len = fread(g_ca, 1, sizeof g_ca - 1, f);
    fclose(f);
    memset(&cfg, 0, sizeof cfg);
    memset(&tc, 0, sizeof tc);
    aigw_posix_init(&g_sock, &g_tcp);
    tc.ca = g_ca;
    tc.ca_len = ca_len;
    tc.entropy = aigw_posix_entropy;
    tc.wall_clock = aigw_posix_wall_clock;
    if (aigw_tls_init(&g_tls, &g_https, &g_tcp, &tc) != AIGW_OK) return 2;
    cfg.base_url = getenv("CLOUDFLARE_BASE_URL");
    cfg.account_id = getenv("CLOUDFLARE_ACCOUNT_ID");
    cfg.auth.kind = AIGW_AUTH_TOKEN;
    cfg.auth.token.ptr = tok;
    cfg.auth.token.len = strlen(tok);
    cfg.port = &g_https;
    cfg.connect_timeout_ms = 2000;
    cfg.response_timeout_ms = 300;
    cfg.call_timeout_ms = 5000;
    cfg.max_attempts = 3;
    cfg.backoff_base_ms = 5;
    cfg.backoff_cap_ms = 50;
    cfg.retry_after_cap_ms = 100;
    cfg.log = log_hook;
    if (aigw_client_init(&g_client, &cfg, g_io, sizeof g_io) != AIGW_OK) return 2;
    memset(&p, 0, sizeof p);
    p.cache_invalidate_on_update.state = AIGW_SET;
    p.cache_ttl.state = AIGW_SET;
    p.collect_logs.state = AIGW_SET;
    p.rate_limiting_interval.state = AIGW_NULL;
    p.rate_limiting_limit.state = AIGW_NULL;

    while (fgets(line, sizeof line, stdin)) {
        aigw_result_t r;
        double t0;
        int put = line[0] == 'u';
        aigw_result_init(&r, g_body, sizeof g_body, g_tok, 1024, g_arena, sizeof g_arena);
        n++;
        g_attempt_len = 0;
        g_attempt_errs[0] = 0;
        t0 = now_ms();
        if (put) {
            p.cache_ttl.value = atol(line + 2);
            aigw_gateway_update(&g_client, "my-gateway", &p, &r);
        } else {
            aigw_gateway_get(&g_client, "my-gateway", &r);
        }
        printf("%lu %s err=%d status=%u attempts=%u reconnected=%u ms=%.1f rss_kb=%ld tries=%s", n, put ? "u" : "g",
               (int)r.err, r.status, r.attempts, r.reconnected, now_ms() - t0, rss_kb(),
               g_attempt_len ? g_attempt_errs : "-");
        if (r.err == AIGW_OK && r.gateway.params.cache_ttl.state == AIGW_SET)
            printf(" ttl=%lld\n", (long long)r.gateway.params.cache_ttl.value);
        else
            printf(" ttl=-\n");
        fflush(stdout);
    }
    aigw_client_close(&g_client);
    return 0;
}
