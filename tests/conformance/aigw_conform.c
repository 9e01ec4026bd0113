/* SPDX-License-Identifier: MIT */
/*
 * aigw_conform: the aigw side of the conformance tests (a host test tool,
 * not part of the library: it may use stdio and the heap).
 *
 * For each parameter set (a JSON file in the API's own shape) it
 *   1. decodes the file with the project's decoder (aigw_params_from_json),
 *   2. validates it (aigw_params_validate + aigw_id_validate), unless
 *      --no-validate,
 *   3. with --base, sends it with the project's client as the PUT to that
 *      base URL (http:// for a local mock or recorder) and prints what the
 *      client decoded: the gateway, or the error.
 * and prints one JSON object per set on its own line:
 *
 *   {"file":..., "id":...,
 *    "decode":   {"err":"ok"} | {"err":NAME, "path":..., "rule":...},
 *    "validate": {"err":"ok"} | {"err":NAME, "path":..., "rule":...} | null (not run),
 *    "body":     the JSON text aigw encodes from the decoded set (a string) | null,
 *    "send":     null | {"err":"ok"|NAME, "path":..., "rule":..., "status":N, "attempts":N,
 *                        "result": GATEWAY | null,
 *                        "env_err":{...}, "success":true|false|null,
 *                        "errors":[{"code":N,"message":...}]}}
 *
 * "send" comes from the project's client (aigw_gateway_update over the POSIX
 * port, one attempt, validation skipped with --no-validate); env_err,
 * success and errors are the response body's envelope decoded separately,
 * so a test sees what the body said even when the client reports an error.
 *
 * GATEWAY is the decoded gateway written back as JSON: id, created_at,
 * modified_at, is_default, then every member of gw.params through the
 * project's encoder (which also writes unknown members back verbatim), so a
 * test can compare it field by field with what another decoder made of the
 * same bytes.
 *
 * --decode-response FILE decodes a response body file (no network) into the
 * same "send" object.
 *
 * Usage:
 *   aigw_conform [--base URL] [--account ID] [--token T | --email E --key K]
 *                [--no-validate] [--timeout-ms N] {[--id GWID] FILE}...
 *   aigw_conform --decode-response FILE
 * Options apply to the files after them. Exit status: 0 when every line
 * was printed (verdicts are in the output, not in the status), 2 on a
 * usage or I/O error.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_client.h"
#include "aigw/aigw_decode.h"
#include "aigw/aigw_model.h"
#include "aigw/aigw_posix.h"

#define TOKENS_MAX 200000u
#define ARENA_BYTES (8u * 1024u * 1024u)
#define BODY_MAX (4u * 1024u * 1024u)

typedef struct {
    const char *base;
    const char *account;
    const char *gw_id;
    const char *token;
    const char *email;
    const char *key;
    int validate;
    unsigned timeout_ms;
} opts_t;

/* Scratch memory shared by every set (one set at a time). */
static aigw_tok_t *g_tok;
static uint64_t *g_arena_mem;
static uint64_t *g_arena2_mem;
static char *g_body;       /* encoded request body */
static uint8_t *g_resp;    /* response body */

/* ---------------------------------------------------------------- output */

static aigw_err_t to_stdout(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    return fwrite(data, 1, len, stdout) == len ? AIGW_OK : AIGW_E_SINK;
}

static aigw_sink_t g_out;
static uint8_t g_out_buf[4096];

static void out_raw(const char *s)
{
    aigw_sink_puts(&g_out, s);
}

static void out_str(const char *s, size_t len)
{
    if (aigw_json_write_string(&g_out, s, len) != AIGW_OK) {
        /* not valid UTF-8 (cannot be a JSON string): say so rather than cut it */
        out_raw("\"<invalid utf-8>\"");
    }
}

static void out_cstr(const char *s)
{
    if (s)
        out_str(s, strlen(s));
    else
        out_raw("null");
}

static void out_int(long long v)
{
    char b[32];
    snprintf(b, sizeof b, "%lld", v);
    out_raw(b);
}

static void out_err(aigw_err_t e, const aigw_diag_t *d)
{
    out_raw("{\"err\":");
    out_cstr(e == AIGW_OK ? "ok" : aigw_strerror(e));
    if (e != AIGW_OK) {
        out_raw(",\"code\":");
        out_int((long long)e);
        out_raw(",\"path\":");
        out_cstr(d->path);
        out_raw(",\"rule\":");
        out_cstr(d->rule);
        out_raw(",\"needed\":");
        out_int((long long)d->needed);
    }
    out_raw("}");
}

static void out_text_member(const char *name, const aigw_text_t *t, int *first)
{
    if (t->state == AIGW_ABSENT)
        return;
    if (!*first)
        out_raw(",");
    *first = 0;
    out_str(name, strlen(name));
    out_raw(":");
    if (t->state == AIGW_NULL)
        out_raw("null");
    else
        out_str(t->value.ptr, t->value.len);
}

/* The decoded gateway as JSON: result-only members, then the params. */
static void out_gateway(const aigw_gateway_t *gw)
{
    int first = 1;
    size_t n = 0;
    aigw_diag_t d;
    aigw_err_t e;

    out_raw("{");
    out_text_member("id", &gw->id, &first);
    out_text_member("created_at", &gw->created_at, &first);
    out_text_member("modified_at", &gw->modified_at, &first);
    if (gw->is_default.state != AIGW_ABSENT) {
        if (!first)
            out_raw(",");
        first = 0;
        out_raw("\"is_default\":");
        out_raw(gw->is_default.state == AIGW_NULL ? "null" : gw->is_default.value ? "true" : "false");
    }
    memset(&d, 0, sizeof d);
    e = aigw_params_to_json(&gw->params, g_body, BODY_MAX, &n, &d);
    if (e != AIGW_OK) {
        /* the params could not be written back: make that visible in the output */
        if (!first)
            out_raw(",");
        out_raw("\"<aigw_params_to_json>\":");
        out_err(e, &d);
        out_raw("}");
        return;
    }
    /* n >= 2: "{...}"; splice its members after ours */
    if (n > 2) {
        if (!first)
            out_raw(",");
        aigw_sink_write(&g_out, g_body + 1, n - 1);
    } else {
        out_raw("}");
    }
}

/* ---------------------------------------------------------------- files */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

/* ---------------------------------------------------------------- response */

/*
 * The envelope of a response body, decoded here on its own (the client
 * reports the gateway or the error; this shows success and errors[] as
 * the body has them). Prints: "env_err", "success", "errors".
 */
static void out_envelope(const uint8_t *body, size_t len, aigw_json_t *js, aigw_arena_t *arena,
                         aigw_envelope_t *env, aigw_api_error_t *errs, size_t errs_cap, aigw_err_t *pe)
{
    aigw_diag_t d;
    aigw_err_t e;
    size_t i;

    memset(&d, 0, sizeof d);
    e = aigw_json_parse(js, (const char *)body, len, g_tok, TOKENS_MAX, &d);
    if (e == AIGW_OK) {
        aigw_envelope_init(env, errs, errs_cap, NULL, 0);
        e = aigw_envelope_decode(js, arena, env, &d);
    }
    *pe = e;
    out_raw("\"env_err\":");
    out_err(e, &d);
    if (e != AIGW_OK) {
        out_raw(",\"success\":null,\"errors\":[]");
        return;
    }
    out_raw(",\"success\":");
    out_raw(env->success.state != AIGW_SET ? "null" : env->success.value ? "true" : "false");
    out_raw(",\"errors\":[");
    for (i = 0; i < env->errors_count; i++) {
        if (i)
            out_raw(",");
        out_raw("{\"code\":");
        if (errs[i].code.state == AIGW_SET)
            out_int((long long)errs[i].code.value);
        else
            out_raw("null");
        out_raw(",\"message\":");
        if (errs[i].message.state == AIGW_SET)
            out_str(errs[i].message.value.ptr, errs[i].message.value.len);
        else
            out_raw("null");
        out_raw("}");
    }
    out_raw("]");
}

/* --decode-response: envelope, then the gateway when there is a result. */
static void out_response(const uint8_t *body, size_t len)
{
    aigw_json_t js;
    aigw_arena_t arena;
    aigw_envelope_t env;
    aigw_api_error_t errs[16];
    aigw_gateway_t gw;
    aigw_diag_t d;
    aigw_err_t e;

    aigw_arena_init(&arena, g_arena2_mem, ARENA_BYTES);
    out_envelope(body, len, &js, &arena, &env, errs, 16, &e);
    out_raw(",\"result\":");
    if (e == AIGW_OK && env.result_state == AIGW_SET) {
        memset(&d, 0, sizeof d);
        e = aigw_gateway_decode(&js, env.result_tok, &arena, &gw, &d);
        if (e == AIGW_OK) {
            out_gateway(&gw);
            out_raw(",\"err\":\"ok\"");
        } else {
            out_raw("null,\"err\":");
            out_cstr(aigw_strerror(e));
            out_raw(",\"path\":");
            out_cstr(d.path);
        }
    } else {
        out_raw("null,\"err\":\"no result\"");
    }
}

/* ---------------------------------------------------------------- sending */

/*
 * One PUT with the project's client over the POSIX port: a client per set,
 * one attempt (a retry would hide what the first answer was), the
 * connection closed after the call. Prints the send object.
 */
static void do_send(const opts_t *o, const aigw_params_t *p)
{
    static aigw_client_t client;
    static aigw_result_t r;
    static uint8_t io[16384];
    aigw_client_config_t cfg;
    aigw_posix_t sock;
    aigw_port_t port;
    aigw_err_t e;

    memset(&cfg, 0, sizeof cfg);
    cfg.base_url = o->base;
    cfg.account_id = o->account;
    if (o->token) {
        cfg.auth.kind = AIGW_AUTH_TOKEN;
        cfg.auth.token.ptr = o->token;
        cfg.auth.token.len = strlen(o->token);
    } else {
        cfg.auth.kind = AIGW_AUTH_KEY;
        cfg.auth.email.ptr = o->email;
        cfg.auth.email.len = strlen(o->email);
        cfg.auth.key.ptr = o->key;
        cfg.auth.key.len = strlen(o->key);
    }
    aigw_posix_init(&sock, &port);
    cfg.port = &port;
    cfg.connect_timeout_ms = o->timeout_ms;
    cfg.response_timeout_ms = o->timeout_ms;
    cfg.call_timeout_ms = o->timeout_ms;
    cfg.max_attempts = 1;
    cfg.skip_validation = !o->validate;
    cfg.close_after_call = true;
    out_raw("{");
    e = aigw_client_init(&client, &cfg, io, sizeof io);
    if (e != AIGW_OK) {
        out_raw("\"err\":");
        out_cstr(aigw_strerror(e));
        out_raw(",\"status\":0,\"result\":null}");
        return;
    }
    aigw_result_init(&r, g_resp, BODY_MAX, g_tok, TOKENS_MAX, g_arena2_mem, ARENA_BYTES);
    e = aigw_gateway_update(&client, o->gw_id, p, &r);
    aigw_client_close(&client);
    out_raw("\"err\":");
    out_cstr(e == AIGW_OK ? "ok" : aigw_strerror(e));
    out_raw(",\"path\":");
    out_cstr(e == AIGW_OK ? NULL : r.diag.path);
    out_raw(",\"rule\":");
    out_cstr(e == AIGW_OK ? NULL : r.diag.rule);
    out_raw(",\"status\":");
    out_int(r.status);
    out_raw(",\"attempts\":");
    out_int((long long)r.attempts);
    out_raw(",\"result\":");
    if (e == AIGW_OK)
        out_gateway(&r.gateway);
    else
        out_raw("null");
    /* the body's envelope, decoded separately into scratch memory: the
     * client's gateway above points into r's arena and tokens, so the
     * envelope parse gets its own (g_arena_mem is free again: the params
     * were already encoded) */
    if (r.body_len > 0 && r.body_len <= BODY_MAX) {
        aigw_json_t js;
        aigw_arena_t arena;
        aigw_envelope_t env;
        aigw_api_error_t errs[16];
        static uint8_t copy[BODY_MAX];
        static aigw_tok_t tok2[TOKENS_MAX / 4];
        aigw_tok_t *saved = g_tok;
        memcpy(copy, g_resp, r.body_len);
        g_tok = tok2;
        aigw_arena_init(&arena, g_body, BODY_MAX);
        out_raw(",");
        out_envelope(copy, r.body_len, &js, &arena, &env, errs, 16, &e);
        g_tok = saved;
    }
    out_raw("}");
}

/* ---------------------------------------------------------------- one set */

static void run_one(const opts_t *o, const char *file)
{
    size_t len = 0, body_len = 0;
    char *text = read_file(file, &len);
    aigw_params_t p;
    aigw_arena_t arena;
    aigw_diag_t d;
    aigw_err_t e, ve = AIGW_OK;

    out_raw("{\"file\":");
    out_cstr(file);
    out_raw(",\"id\":");
    out_cstr(o->gw_id);
    if (!text) {
        out_raw(",\"decode\":{\"err\":\"cannot read file\"},\"validate\":null,\"body\":null,\"send\":null}\n");
        return;
    }
    memset(&d, 0, sizeof d);
    aigw_arena_init(&arena, g_arena_mem, ARENA_BYTES);
    e = aigw_params_from_json(text, len, g_tok, TOKENS_MAX, &arena, &p, &d);
    out_raw(",\"decode\":");
    out_err(e, &d);
    out_raw(",\"validate\":");
    if (e != AIGW_OK) {
        out_raw("null,\"body\":null,\"send\":null}\n");
        free(text);
        return;
    }
    if (o->validate) {
        memset(&d, 0, sizeof d);
        ve = aigw_id_validate(o->gw_id, strlen(o->gw_id), &d);
        if (ve == AIGW_OK)
            ve = aigw_params_validate(&p, &d);
        out_err(ve, &d);
    } else {
        out_raw("null");
    }
    memset(&d, 0, sizeof d);
    e = aigw_params_to_json(&p, g_body, BODY_MAX, &body_len, &d);
    out_raw(",\"body\":");
    if (e == AIGW_OK)
        out_str(g_body, body_len);
    else
        out_err(e, &d);
    out_raw(",\"send\":");
    if (o->base && e == AIGW_OK && ve == AIGW_OK)
        do_send(o, &p);
    else
        out_raw("null");
    out_raw("}\n");
    free(text);
}

static int usage(void)
{
    fprintf(stderr, "usage: aigw_conform [--base URL] [--account ID] [--token T | --email E --key K]\n"
                    "                    [--no-validate | --validate] [--timeout-ms N] {[--id GWID] FILE}...\n"
                    "       aigw_conform --decode-response FILE\n");
    return 2;
}

int main(int argc, char **argv)
{
    opts_t o;
    int i, files = 0;

    memset(&o, 0, sizeof o);
    o.account = "3ebbcb006d4d46d7bb6a8c7f14676cb0";
    o.gw_id = "my-gateway";
    o.validate = 1;
    o.timeout_ms = 10000;
    g_tok = malloc(sizeof(aigw_tok_t) * TOKENS_MAX);
    g_arena_mem = malloc(ARENA_BYTES);
    g_arena2_mem = malloc(ARENA_BYTES);
    g_body = malloc(BODY_MAX);
    g_resp = malloc(BODY_MAX);
    if (!g_tok || !g_arena_mem || !g_arena2_mem || !g_body || !g_resp)
        return 2;
    aigw_sink_init_stream(&g_out, g_out_buf, sizeof g_out_buf, to_stdout, NULL);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--no-validate")) {
            o.validate = 0;
        } else if (!strcmp(a, "--validate")) {
            o.validate = 1;
        } else if (a[0] == '-' && a[1] == '-') {
            if (!v)
                return usage();
            i++;
            if (!strcmp(a, "--base"))
                o.base = v;
            else if (!strcmp(a, "--account"))
                o.account = v;
            else if (!strcmp(a, "--id"))
                o.gw_id = v;
            else if (!strcmp(a, "--token"))
                o.token = v, o.email = o.key = NULL;
            else if (!strcmp(a, "--email"))
                o.email = v, o.token = NULL;
            else if (!strcmp(a, "--key"))
                o.key = v, o.token = NULL;
            else if (!strcmp(a, "--timeout-ms"))
                o.timeout_ms = (unsigned)strtoul(v, NULL, 10);
            else if (!strcmp(a, "--decode-response")) {
                size_t len = 0;
                char *text = read_file(v, &len);
                if (!text)
                    return 2;
                out_raw("{\"file\":");
                out_cstr(v);
                out_raw(",\"send\":{");
                out_response((const uint8_t *)text, len);
                out_raw("}}\n");
                free(text);
                files++;
            } else
                return usage();
        } else {
            if (o.base && !o.token && !(o.email && o.key))
                return usage();
            run_one(&o, a);
            files++;
        }
        if (g_out.err != AIGW_OK)
            return 2;
    }
    if (aigw_sink_finish(&g_out) != AIGW_OK || fflush(stdout) != 0)
        return 2;
    return files > 0 ? 0 : usage();
}
