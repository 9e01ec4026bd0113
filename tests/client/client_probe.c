/* SPDX-License-Identifier: MIT */
/*
 * client_probe: runs a sequence of client calls in one process (so keep-alive,
 * reconnects and TLS resumption are visible) and prints one line per call
 * for tests/client/test_client.py to check.
 *
 *   client_probe [options] CALL...
 *   CALL: get:ID | put:ID:FILE (params JSON) | sleep:MS
 *   options: --ca FILE  --auth token|key  --timeout MS  --connect-timeout MS
 *            --response-timeout MS  --attempts N  --backoff-base MS  --close
 *            --no-validate  --body-cap N  --tok-cap N  --arena-cap N  --plain
 *            --backoff exponential|constant|linear  --wall-clock (Retry-After dates without Date)
 *            --proxy HOST:PORT[:USER:PASSWORD]  (the HTTP CONNECT step under TLS)
 *   environment: CLOUDFLARE_BASE_URL, CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN,
 *                CLOUDFLARE_EMAIL, CLOUDFLARE_API_KEY
 *
 * Output: "call=N op=get err=E errname=NAME status=S attempts=A reconnected=R
 *          connections=C handshakes=H resumed=X elapsed=MS body_len=B stale=S [gateway fields]"
 * (stale: connections the client closed for unread bytes after a response)
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aigw/aigw_client.h"
#include "aigw/aigw_posix.h"
#include "aigw/aigw_proxy.h"
#include "aigw/aigw_tls.h"

typedef struct probe {
    aigw_posix_t sock;
    aigw_port_t tcp, https;
    aigw_tls_t tls;
    aigw_client_t client;
    uint8_t io[512];
    uint8_t body[65536];
    aigw_tok_t tok[2048];
    uint64_t arena[4096];
    char file[65536];
    aigw_tok_t ftok[2048];
    uint64_t farena[4096];
    uint8_t ca[65536];
    aigw_proxy_t px;
    aigw_port_t px_port;
    uint8_t px_buf[256];
    char px_spec[512];
    char delays[256]; /* retry delays of the current call, from the log */
} probe_t;

static void on_log(void *ctx, const aigw_log_event_t *ev)
{
    probe_t *p = (probe_t *)ctx;
    size_t n = strlen(p->delays);
    if (ev->kind == AIGW_LOG_RETRY && n + 12 < sizeof p->delays)
        snprintf(p->delays + n, sizeof p->delays - n, "%s%u", n ? "," : "", ev->delay_ms);
}

static void print_str(const char *name, const aigw_text_t *t)
{
    if (t->state == AIGW_SET) printf(" %s=%.*s", name, (int)t->value.len, t->value.ptr);
    else if (t->state == AIGW_NULL) printf(" %s=null", name);
}

static void print_int(const char *name, const aigw_int_t *v)
{
    if (v->state == AIGW_SET) printf(" %s=%lld", name, (long long)v->value);
    else if (v->state == AIGW_NULL) printf(" %s=null", name);
}

static void print_result(int n, const char *op, const probe_t *p, const aigw_result_t *r)
{
    size_t i;
    printf("call=%d op=%s err=%d errname=\"%s\" status=%u attempts=%u reconnected=%u connections=%u "
           "handshakes=%u resumed=%u elapsed=%u body_len=%zu stale=%u",
           n, op, (int)r->err, aigw_strerror(r->err), r->status, r->attempts, r->reconnected,
           p->client.connections, p->tls.handshakes, p->tls.resumed, r->elapsed_ms, r->body_len,
           p->client.stale_closed);
    if (r->cf_ray[0]) printf(" cf_ray=%s", r->cf_ray);
    if (p->delays[0]) printf(" retry_delays=%s", p->delays);
    if (p->px.inner) printf(" proxy_status=%u", p->px.status);
    printf(" messages=%zu messages_total=%zu", r->message_count, r->message_total);
    for (i = 0; i < r->message_count; i++)
        printf(" message_code%zu=%lld", i, (long long)r->messages[i].code.value);
    if (r->diag.path[0]) printf(" diag_path=%s", r->diag.path);
    if (r->diag.needed) printf(" needed=%zu", r->diag.needed);
    for (i = 0; i < r->error_count; i++) {
        const aigw_api_error_t *e = &r->errors[i];
        printf(" api_code%zu=%lld", i, (long long)e->code.value);
        if (e->path.state == AIGW_SET && e->path.count && !e->path.items[0].is_index)
            printf(" api_path%zu=%.*s", i, (int)e->path.items[0].key.len, e->path.items[0].key.ptr);
    }
    if (r->err == AIGW_OK) {
        print_str("id", &r->gateway.id);
        print_str("modified_at", &r->gateway.modified_at);
        print_int("cache_ttl", &r->gateway.params.cache_ttl);
        print_int("rate_limiting_limit", &r->gateway.params.rate_limiting_limit);
        print_int("log_management", &r->gateway.params.log_management);
        printf(" extra=%zu", r->gateway.params.extra.count);
    }
    printf("\n");
    fflush(stdout);
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
    static probe_t P; /* a test program: one instance, zeroed */
    probe_t *p = &P;
    aigw_client_config_t cfg;
    aigw_tls_config_t tc;
    const char *ca = NULL, *auth = "token";
    size_t body_cap = sizeof p->body, tok_cap = 2048, arena_cap = sizeof p->arena;
    int i, n = 0, plain = 0, failures = 0;
    aigw_err_t e;

    memset(&cfg, 0, sizeof cfg);
    for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : "";
        if (!strcmp(o, "--close")) { cfg.close_after_call = true; continue; }
        if (!strcmp(o, "--no-validate")) { cfg.skip_validation = true; continue; }
        if (!strcmp(o, "--plain")) { plain = 1; continue; }
        if (!strcmp(o, "--wall-clock")) { cfg.wall_clock = aigw_posix_wall_clock; continue; }
        i++;
        if (!strcmp(o, "--ca")) ca = v;
        else if (!strcmp(o, "--auth")) auth = v;
        else if (!strcmp(o, "--timeout")) cfg.call_timeout_ms = (uint32_t)atol(v);
        else if (!strcmp(o, "--connect-timeout")) cfg.connect_timeout_ms = (uint32_t)atol(v);
        else if (!strcmp(o, "--response-timeout")) cfg.response_timeout_ms = (uint32_t)atol(v);
        else if (!strcmp(o, "--attempts")) cfg.max_attempts = (unsigned)atoi(v);
        else if (!strcmp(o, "--backoff-base")) cfg.backoff_base_ms = (uint32_t)atol(v);
        else if (!strcmp(o, "--body-cap")) body_cap = (size_t)atol(v);
        else if (!strcmp(o, "--tok-cap")) tok_cap = (size_t)atol(v);
        else if (!strcmp(o, "--arena-cap")) arena_cap = (size_t)atol(v);
        else if (!strcmp(o, "--backoff")) cfg.backoff = !strcmp(v, "constant") ? AIGW_RETRY_CONSTANT
                                                      : !strcmp(v, "linear") ? AIGW_RETRY_LINEAR : AIGW_RETRY_EXPONENTIAL;
        else if (!strcmp(o, "--proxy")) snprintf(p->px_spec, sizeof p->px_spec, "%s", v);
        else { fprintf(stderr, "client_probe: unknown option %s\n", o); return 2; }
    }
    cfg.base_url = getenv("CLOUDFLARE_BASE_URL");
    cfg.account_id = getenv("CLOUDFLARE_ACCOUNT_ID");
    if (!cfg.base_url || !cfg.account_id) { fprintf(stderr, "client_probe: env missing\n"); return 2; }
    if (!strcmp(auth, "token")) {
        const char *t = getenv("CLOUDFLARE_API_TOKEN");
        cfg.auth.kind = AIGW_AUTH_TOKEN;
        cfg.auth.token.ptr = t ? t : "";
        cfg.auth.token.len = t ? strlen(t) : 0;
    } else {
        const char *m = getenv("CLOUDFLARE_EMAIL"), *k = getenv("CLOUDFLARE_API_KEY");
        cfg.auth.kind = AIGW_AUTH_KEY;
        cfg.auth.email.ptr = m ? m : "";
        cfg.auth.email.len = m ? strlen(m) : 0;
        cfg.auth.key.ptr = k ? k : "";
        cfg.auth.key.len = k ? strlen(k) : 0;
    }
    aigw_posix_init(&p->sock, &p->tcp);
    cfg.port = &p->tcp;
    cfg.log = on_log;
    cfg.log_ctx = p;
    if (p->px_spec[0]) {
        aigw_proxy_config_t pc;
        char *f[4] = {p->px_spec, NULL, NULL, NULL};
        int k;
        for (k = 1; k < 4 && f[k - 1]; k++) {
            f[k] = strchr(f[k - 1], ':');
            if (f[k]) *f[k]++ = 0;
        }
        memset(&pc, 0, sizeof pc);
        pc.host = f[0];
        pc.port = (uint16_t)(f[1] ? atoi(f[1]) : 0);
        if (f[2]) { pc.user.ptr = f[2]; pc.user.len = strlen(f[2]); }
        if (f[3]) { pc.password.ptr = f[3]; pc.password.len = strlen(f[3]); }
        e = aigw_proxy_init(&p->px, &p->px_port, &p->tcp, &pc, p->px_buf, sizeof p->px_buf);
        if (e != AIGW_OK) { fprintf(stderr, "client_probe: proxy init: %s\n", aigw_strerror(e)); return 2; }
        cfg.port = &p->px_port;
    }
    if (!plain) {
        size_t len = 0;
        memset(&tc, 0, sizeof tc);
        if (ca) {
            if (load(ca, p->ca, sizeof p->ca, &len)) { fprintf(stderr, "client_probe: %s unreadable\n", ca); return 2; }
            tc.ca = p->ca;
            tc.ca_len = len;
        } else {
            tc.ca_set = aigw_cloudflare_ca;
            tc.ca_set_count = aigw_cloudflare_ca_count;
        }
        tc.entropy = aigw_posix_entropy;
        tc.wall_clock = aigw_posix_wall_clock;
        e = aigw_tls_init(&p->tls, &p->https, cfg.port, &tc);
        if (e != AIGW_OK) { fprintf(stderr, "client_probe: tls init: %s\n", aigw_strerror(e)); return 2; }
        cfg.port = &p->https;
    }
    e = aigw_client_init(&p->client, &cfg, p->io, sizeof p->io);
    if (e != AIGW_OK) { fprintf(stderr, "client_probe: init: %s\n", aigw_strerror(e)); return 2; }

    for (; i < argc; i++) {
        aigw_result_t r;
        char *a = argv[i];
        aigw_result_init(&r, p->body, body_cap, p->tok, tok_cap, p->arena, arena_cap);
        p->delays[0] = 0;
        n++;
        if (!strncmp(a, "sleep:", 6)) {
            struct timespec ts;
            long ms = atol(a + 6);
            ts.tv_sec = ms / 1000;
            ts.tv_nsec = (ms % 1000) * 1000000L;
            nanosleep(&ts, NULL);
            continue;
        }
        if (!strncmp(a, "get:", 4)) {
            aigw_gateway_get(&p->client, a + 4, &r);
            print_result(n, "get", p, &r);
        } else if (!strncmp(a, "put:", 4)) {
            char *id = a + 4, *file = strchr(id, ':');
            aigw_params_t params;
            aigw_arena_t fa;
            aigw_diag_t d;
            size_t len = 0;
            if (!file) { fprintf(stderr, "client_probe: put:ID:FILE\n"); return 2; }
            *file++ = 0;
            if (load(file, p->file, sizeof p->file, &len)) { fprintf(stderr, "client_probe: %s unreadable\n", file); return 2; }
            aigw_arena_init(&fa, p->farena, sizeof p->farena);
            memset(&d, 0, sizeof d);
            e = aigw_params_from_json(p->file, len, p->ftok, 2048, &fa, &params, &d);
            if (e != AIGW_OK) { fprintf(stderr, "client_probe: %s: %s at %s\n", file, aigw_strerror(e), d.path); return 2; }
            aigw_gateway_update(&p->client, id, &params, &r);
            print_result(n, "put", p, &r);
        } else {
            fprintf(stderr, "client_probe: bad call %s\n", a);
            return 2;
        }
        if (r.err != AIGW_OK) failures++;
    }
    aigw_client_close(&p->client);
    return failures ? 1 : 0;
}
