/* SPDX-License-Identifier: MIT */
/*
 * Secrets (issue 9): the API token and the Global API key never appear in
 * log output or error strings, and are not left in memory after a call.
 *
 * Runs real calls against the endpoint emulator (POSIX + mbedTLS ports),
 * step by step: before each step it prints "STEP <name>" and waits for a
 * line on stdin, so tests/hardening/test_secrets.py can set the emulator's
 * faults for that step (retries, resets, reconnects, API errors).
 *
 * What is scanned for the secret (any 8 consecutive bytes of it, so a
 * partial leak counts too):
 *   - every log event, formatted with all of its fields (the client's log hook);
 *   - aigw_strerror() of every result, and the diag path and rule;
 *   - after each call: the client's io buffer, the whole aigw_client_t, the
 *     whole aigw_result_t and the result's body, token and arena memory;
 *   - the TLS layer: the whole aigw_tls_t, and every heap block mbedTLS holds
 *     while the connection is kept alive (its record buffers included), and
 *     every block it frees, looked at just before free() (calloc/free are
 *     wrapped at link time; mbedTLS is linked statically for that).
 * Prints PASS/FAIL lines; the last line is a summary with the counts.
 *
 * usage: test_secrets CA-FILE   (env: CLOUDFLARE_BASE_URL, _ACCOUNT_ID, _API_TOKEN, _EMAIL, _API_KEY)
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_client.h"
#include "aigw/aigw_posix.h"
#include "aigw/aigw_tls.h"

#define MIN_RUN 8

static const char *g_secret[2];
static size_t g_secret_len[2];

/* Does [p, p+n) hold MIN_RUN or more consecutive bytes of a secret? */
static int leaks(const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    size_t i, s, k;
    for (s = 0; s < 2; s++) {
        const uint8_t *sec = (const uint8_t *)g_secret[s];
        size_t sl = g_secret_len[s];
        if (!sec || sl < MIN_RUN || n < MIN_RUN) continue;
        for (i = 0; i + MIN_RUN <= n; i++)
            for (k = 0; k + MIN_RUN <= sl; k++)
                if (b[i] == sec[k] && memcmp(b + i, sec + k, MIN_RUN) == 0) return 1;
    }
    return 0;
}

/* ---- heap tracking (link-time wrap of calloc/free, used by mbedTLS) ---------- */

void *__real_calloc(size_t n, size_t size);
void __real_free(void *p);
void *__wrap_calloc(size_t n, size_t size);
void __wrap_free(void *p);

#define MAX_BLOCKS 4096
static struct { void *p; size_t size; } g_blocks[MAX_BLOCKS];
static unsigned long g_freed, g_freed_with_secret, g_allocs;

void *__wrap_calloc(size_t n, size_t size)
{
    void *p = __real_calloc(n, size);
    size_t i;
    if (!p) return p;
    g_allocs++;
    for (i = 0; i < MAX_BLOCKS; i++)
        if (!g_blocks[i].p) {
            g_blocks[i].p = p;
            g_blocks[i].size = n * size;
            break;
        }
    return p;
}

void __wrap_free(void *p)
{
    size_t i;
    if (!p) return;
    for (i = 0; i < MAX_BLOCKS; i++)
        if (g_blocks[i].p == p) {
            if (leaks(p, g_blocks[i].size)) g_freed_with_secret++;
            g_freed++;
            g_blocks[i].p = NULL;
            break;
        }
    __real_free(p);
}

static size_t live_blocks_with_secret(size_t *live, size_t *bytes)
{
    size_t i, n = 0;
    *live = *bytes = 0;
    for (i = 0; i < MAX_BLOCKS; i++)
        if (g_blocks[i].p) {
            (*live)++;
            *bytes += g_blocks[i].size;
            if (leaks(g_blocks[i].p, g_blocks[i].size)) n++;
        }
    return n;
}

/* ---- log hook: every event, every field, formatted --------------------------- */

static char g_log[1 << 16];
static size_t g_log_len;
static unsigned g_events;

static void log_hook(void *ctx, const aigw_log_event_t *ev)
{
    int n;
    (void)ctx;
    g_events++;
    n = snprintf(g_log + g_log_len, sizeof g_log - g_log_len,
                 "kind=%d method=%d attempt=%u status=%u err=%d (%s) elapsed=%u delay=%u reused=%u ray=%s\n",
                 (int)ev->kind, (int)ev->method, ev->attempt, ev->status, (int)ev->err, aigw_strerror(ev->err),
                 ev->elapsed_ms, ev->delay_ms, ev->reused, ev->cf_ray ? ev->cf_ray : "(null)");
    if (n > 0 && (size_t)n < sizeof g_log - g_log_len) g_log_len += (size_t)n;
}

/* ---- the client --------------------------------------------------------------- */

static aigw_posix_t g_sock;
static aigw_port_t g_tcp, g_https;
static aigw_tls_t g_tls;
static aigw_client_t g_client;
static uint8_t g_io[1024];
static uint8_t g_body[16384];
static aigw_tok_t g_tok[1024];
static uint64_t g_arena[2048];
static uint8_t g_ca[16384];
static size_t g_ca_len;
static aigw_result_t g_r;

static int g_fail;

static void line(int ok, const char *name, const char *why)
{
    if (ok) printf("PASS secrets/%s\n", name);
    else { printf("FAIL secrets/%s: %s\n", name, why); g_fail = 1; }
    fflush(stdout);
}

static void wait_step(const char *name)
{
    char buf[64];
    printf("STEP %s\n", name);
    fflush(stdout);
    if (!fgets(buf, sizeof buf, stdin)) exit(3);
}

static int setup(aigw_auth_kind_t kind)
{
    aigw_client_config_t cfg;
    aigw_tls_config_t tc;
    memset(&cfg, 0, sizeof cfg);
    memset(&tc, 0, sizeof tc);
    aigw_posix_init(&g_sock, &g_tcp);
    tc.ca = g_ca;
    tc.ca_len = g_ca_len;
    tc.entropy = aigw_posix_entropy;
    tc.wall_clock = aigw_posix_wall_clock;
    if (aigw_tls_init(&g_tls, &g_https, &g_tcp, &tc) != AIGW_OK) return -1;
    cfg.base_url = getenv("CLOUDFLARE_BASE_URL");
    cfg.account_id = getenv("CLOUDFLARE_ACCOUNT_ID");
    cfg.auth.kind = kind;
    if (kind == AIGW_AUTH_TOKEN) {
        cfg.auth.token.ptr = g_secret[0];
        cfg.auth.token.len = g_secret_len[0];
    } else {
        cfg.auth.email.ptr = getenv("CLOUDFLARE_EMAIL");
        cfg.auth.email.len = strlen(cfg.auth.email.ptr);
        cfg.auth.key.ptr = g_secret[1];
        cfg.auth.key.len = g_secret_len[1];
    }
    cfg.port = &g_https;
    cfg.backoff_base_ms = 10;
    cfg.log = log_hook;
    return aigw_client_init(&g_client, &cfg, g_io, sizeof g_io) == AIGW_OK ? 0 : -1;
}

static void params(aigw_params_t *p, int64_t ttl)
{
    memset(p, 0, sizeof *p);
    p->cache_invalidate_on_update.state = AIGW_SET;
    p->cache_ttl.state = AIGW_SET;
    p->cache_ttl.value = ttl;
    p->collect_logs.state = AIGW_SET;
    p->rate_limiting_interval.state = AIGW_NULL;
    p->rate_limiting_limit.state = AIGW_NULL;
}

static unsigned long g_scans;

/* After a call: everything the library owns or was handed. */
static void scan_after(const char *step, aigw_err_t want)
{
    char why[256];
    const char *es = aigw_strerror(g_r.err);
    int bad = 0;
    size_t live, bytes, in_live;
    why[0] = 0;
    g_scans++;
    if (g_r.err != want) {
        snprintf(why, sizeof why, "call returned %s (want %s)", es, aigw_strerror(want));
        bad = 1;
    } else if (leaks(g_io, sizeof g_io)) {
        snprintf(why, sizeof why, "secret in the io buffer");
        bad = 1;
    } else if (leaks(&g_client, sizeof g_client)) {
        snprintf(why, sizeof why, "secret in aigw_client_t");
        bad = 1;
    } else if (leaks(&g_r, sizeof g_r) || leaks(g_body, sizeof g_body) || leaks(g_tok, sizeof g_tok) ||
               leaks(g_arena, sizeof g_arena)) {
        snprintf(why, sizeof why, "secret in the result memory");
        bad = 1;
    } else if (leaks(es, strlen(es)) || leaks(g_r.diag.path, strlen(g_r.diag.path)) ||
               (g_r.diag.rule && leaks(g_r.diag.rule, strlen(g_r.diag.rule)))) {
        snprintf(why, sizeof why, "secret in an error string");
        bad = 1;
    } else if (leaks(&g_tls, sizeof g_tls)) {
        snprintf(why, sizeof why, "secret in aigw_tls_t");
        bad = 1;
    }
    in_live = live_blocks_with_secret(&live, &bytes);
    if (!bad && in_live) {
        snprintf(why, sizeof why, "secret in %zu of %zu live mbedTLS heap blocks (%zu bytes held, connected=%u)",
                 in_live, live, bytes, g_tls.connected);
        bad = 1;
    }
    {
        char name[96];
        snprintf(name, sizeof name, "%s (%s; mbedTLS holds %zu blocks, %zu bytes)", step, es, live, bytes);
        line(!bad, name, why);
    }
}

static void result_init(void)
{
    aigw_result_init(&g_r, g_body, sizeof g_body, g_tok, 1024, g_arena, sizeof g_arena);
}

int main(int argc, char **argv)
{
    aigw_params_t p;
    FILE *f;
    g_secret[0] = getenv("CLOUDFLARE_API_TOKEN");
    g_secret[1] = getenv("CLOUDFLARE_API_KEY");
    if (argc != 2 || !g_secret[0] || !g_secret[1] || !getenv("CLOUDFLARE_BASE_URL") || !getenv("CLOUDFLARE_EMAIL")) {
        fprintf(stderr, "usage: test_secrets CA-FILE (with the emulator's CLOUDFLARE_* environment)\n");
        return 2;
    }
    g_secret_len[0] = strlen(g_secret[0]);
    g_secret_len[1] = strlen(g_secret[1]);
    f = fopen(argv[1], "rb");
    if (!f) return 2;
    g_ca_len = fread(g_ca, 1, sizeof g_ca - 1, f);
    fclose(f);

    /* the scanner must be able to see a secret: plant one, then wipe it */
    {
        char probe[64];
        int seen;
        memset(probe, 'x', sizeof probe);
        memcpy(probe + 20, g_secret[0] + 5, MIN_RUN);
        seen = leaks(probe, sizeof probe);
        memset(probe + 20, 'x', MIN_RUN);
        line(seen && !leaks(probe, sizeof probe), "scanner-selftest", "the scanner missed a planted secret");
    }

    if (setup(AIGW_AUTH_TOKEN)) { line(0, "setup-token", "client setup failed"); return 1; }
    wait_step("update");
    params(&p, 111); result_init();
    aigw_gateway_update(&g_client, "my-gateway", &p, &g_r);
    scan_after("token-update", AIGW_OK);
    wait_step("get-keepalive");
    result_init();
    aigw_gateway_get(&g_client, "my-gateway", &g_r);
    scan_after("token-get-kept-alive", AIGW_OK);
    wait_step("update-429-retry");
    params(&p, 222); result_init();
    aigw_gateway_update(&g_client, "my-gateway", &p, &g_r);
    scan_after("token-update-after-429-retry", AIGW_OK);
    wait_step("get-reset-retry");
    result_init();
    aigw_gateway_get(&g_client, "my-gateway", &g_r);
    scan_after("token-get-after-reset", AIGW_OK);
    wait_step("get-idle-closed");
    result_init();
    aigw_gateway_get(&g_client, "my-gateway", &g_r);
    scan_after("token-get-reconnect", AIGW_OK);
    wait_step("get-404");
    result_init();
    aigw_gateway_get(&g_client, "no-such-gateway", &g_r);
    scan_after("token-get-404", AIGW_E_API);
    wait_step("update-invalid");
    params(&p, -5); result_init();
    aigw_gateway_update(&g_client, "my-gateway", &p, &g_r);
    scan_after("token-update-refused-locally", AIGW_E_INVALID);
    wait_step("update-503-exhausted");
    params(&p, 333); result_init();
    aigw_gateway_update(&g_client, "my-gateway", &p, &g_r);
    scan_after("token-update-503-exhausted", AIGW_E_API);
    wait_step("close");
    aigw_client_close(&g_client);
    {
        size_t live, bytes, n = live_blocks_with_secret(&live, &bytes);
        char why[128];
        snprintf(why, sizeof why, "%zu blocks with the secret still live", n);
        line(n == 0 && !leaks(g_io, sizeof g_io) && !leaks(&g_tls, sizeof g_tls) && !leaks(&g_client, sizeof g_client),
             "token-after-close", why);
    }

    if (setup(AIGW_AUTH_KEY)) { line(0, "setup-key", "client setup failed"); return 1; }
    wait_step("key-update");
    params(&p, 444); result_init();
    aigw_gateway_update(&g_client, "my-gateway", &p, &g_r);
    scan_after("key-update", AIGW_OK);
    wait_step("key-get");
    result_init();
    aigw_gateway_get(&g_client, "my-gateway", &g_r);
    scan_after("key-get", AIGW_OK);
    aigw_client_close(&g_client);

    {
        char why[160];
        snprintf(why, sizeof why, "secret in the log output (%u events, %zu bytes)", g_events, g_log_len);
        line(g_events >= 20 && !leaks(g_log, g_log_len), "log-hook-every-event", why);
        if (g_events < 20) printf("  only %u log events\n", g_events);
    }
    {
        char why[160];
        snprintf(why, sizeof why, "%lu of %lu blocks mbedTLS freed held a secret", g_freed_with_secret, g_freed);
        line(g_freed_with_secret == 0 && g_freed > 0, "mbedtls-freed-blocks", why);
    }
    printf("secrets: %lu scans, %u log events, %lu mbedTLS allocations, %lu frees (%lu with a secret)\n", g_scans,
           g_events, g_allocs, g_freed, g_freed_with_secret);
    return g_fail;
}
