/* SPDX-License-Identifier: MIT */
/*
 * A tiny application of aigw, built out of tree by tests/suites/93-integration.sh
 * through aigw.mk (Cortex-M3 firmware, build only) and through
 * cmake/aigw-sources.cmake (host, run and checked; Cortex-M3, build only).
 *
 * It validates and encodes a body, then makes a real client call over a port
 * that plays back a canned 200 answer (no network): the whole core path from
 * the request head to the decoded gateway. With APP_HOST it prints what
 * happened; on the firmware it only keeps the outcome (no stdio there).
 */
#include <string.h>

#include "aigw/aigw_client.h"

#ifdef APP_HOST
#include <stdio.h>
#define SAY(...) printf(__VA_ARGS__)
#else
#define SAY(...) ((void)0)
#endif

static const char answer[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 172\r\n\r\n"
    "{\"result\":{\"id\":\"my-gateway\",\"cache_invalidate_on_update\":true,\"cache_ttl\":300,"
    "\"collect_logs\":true,\"rate_limiting_interval\":null,\"rate_limiting_limit\":null},\"success\":true}";

/* The port: everything sent is kept (to show the request line), recv plays the answer. */
typedef struct replay {
    char sent[128];
    size_t sent_len, pos;
    aigw_ms_t clock;
    int open;
} replay_t;

static aigw_err_t rp_connect(void *ctx, const char *host, uint16_t port, aigw_ms_t deadline)
{
    replay_t *r = (replay_t *)ctx;
    (void)host;
    (void)port;
    (void)deadline;
    r->open = 1;
    r->pos = 0;
    return AIGW_OK;
}

static aigw_err_t rp_send(void *ctx, const uint8_t *buf, size_t len, size_t *n, aigw_ms_t deadline)
{
    replay_t *r = (replay_t *)ctx;
    size_t keep = sizeof r->sent - 1 - r->sent_len;
    (void)deadline;
    *n = 0;
    if (!r->open) return AIGW_E_PORT;
    if (keep > len) keep = len;
    memcpy(r->sent + r->sent_len, buf, keep);
    r->sent_len += keep;
    *n = len;
    return AIGW_OK;
}

static aigw_err_t rp_recv(void *ctx, uint8_t *buf, size_t cap, size_t *n, aigw_ms_t deadline)
{
    replay_t *r = (replay_t *)ctx;
    size_t left = sizeof answer - 1 - r->pos;
    (void)deadline;
    *n = 0;
    if (!r->open) return AIGW_E_PORT;
    if (left == 0) return AIGW_E_EOF;
    if (left > cap) left = cap;
    if (left > 7) left = 7; /* small pieces: the parser must not care */
    memcpy(buf, answer + r->pos, left);
    r->pos += left;
    *n = left;
    return AIGW_OK;
}

static void rp_close(void *ctx) { ((replay_t *)ctx)->open = 0; }
static aigw_ms_t rp_now(void *ctx) { return ++((replay_t *)ctx)->clock; }

static replay_t replay;
static aigw_client_t client;
static aigw_result_t result;
static uint8_t io[256];
static uint8_t body_buf[512];
static aigw_tok_t toks[64];
static uint64_t arena_buf[64];
static char json[256];
volatile int app_outcome; /* what a debugger (or the test) looks at on the target */

int main(void)
{
    aigw_port_t port = {&replay, rp_connect, rp_send, rp_recv, rp_close, rp_now, NULL, NULL};
    aigw_client_config_t cfg;
    aigw_params_t p;
    aigw_diag_t d;
    size_t len = 0;
    aigw_err_t e;
    char *eol;

    memset(&p, 0, sizeof p);
    p.cache_invalidate_on_update.state = AIGW_SET;
    p.cache_invalidate_on_update.value = true;
    p.cache_ttl.state = AIGW_SET;
    p.cache_ttl.value = 300;
    p.collect_logs.state = AIGW_SET;
    p.collect_logs.value = true;
    p.rate_limiting_interval.state = AIGW_NULL;
    p.rate_limiting_limit.state = AIGW_NULL;

    memset(&d, 0, sizeof d);
    e = aigw_params_validate(&p, &d);
    SAY("validate: %s\n", aigw_strerror(e));
    if (e != AIGW_OK) return app_outcome = 1;
    e = aigw_params_to_json(&p, json, sizeof json, &len, &d);
    SAY("body: %.*s\n", (int)len, json);
    if (e != AIGW_OK) return app_outcome = 2;

    p.retry_delay.state = AIGW_SET;
    p.retry_delay.value = 6000;
    e = aigw_params_validate(&p, &d);
    SAY("invalid: %s %s %s\n", aigw_strerror(e), d.path, d.rule ? d.rule : "");
    if (e != AIGW_E_INVALID) return app_outcome = 3;
    p.retry_delay.state = AIGW_ABSENT;

    memset(&cfg, 0, sizeof cfg);
    cfg.account_id = "3ebbcb006d4d46d7bb6a8c7f14676cb0";
    cfg.auth.kind = AIGW_AUTH_TOKEN;
    cfg.auth.token.ptr = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY";
    cfg.auth.token.len = strlen(cfg.auth.token.ptr);
    cfg.port = &port;
    e = aigw_client_init(&client, &cfg, io, sizeof io);
    SAY("client_init: %s\n", aigw_strerror(e));
    if (e != AIGW_OK) return app_outcome = 4;

    aigw_result_init(&result, body_buf, sizeof body_buf, toks, sizeof toks / sizeof toks[0], arena_buf,
                     sizeof arena_buf);
    e = aigw_gateway_update(&client, "my-gateway", &p, &result);
    eol = strchr(replay.sent, '\r');
    if (eol) *eol = '\0';
    SAY("request: %s\n", replay.sent);
    SAY("update: %s status %u id %.*s cache_ttl %lld\n", aigw_strerror(e), (unsigned)result.status,
        (int)result.gateway.id.value.len, result.gateway.id.value.ptr,
        (long long)result.gateway.params.cache_ttl.value);
    aigw_client_close(&client);
    if (e != AIGW_OK || result.status != 200 || result.gateway.params.cache_ttl.value != 300)
        return app_outcome = 5;
    return app_outcome = 0;
}
