/* SPDX-License-Identifier: MIT */
/*
 * budget: measure the caller memory one client call needs for a given
 * response, the way a firmware author would: run aigw_gateway_get() against
 * a port that plays back a canned HTTP response, starting with empty result
 * buffers, and read diag.needed from each refusal (body, then jsmn tokens,
 * then arena). Then prove the figures: the exact sizes succeed, one less of
 * any of them fails with the same typed error. Also reports the PUT body a
 * read-modify-write of that gateway sends back (aigw_params_to_json of
 * gateway.params) and the sizeof of the structs the caller owns.
 *
 *   budget STATUS:FILE[:LABEL] ...     one table row per response
 *
 * Prints a Markdown table (docs/PORTING.md carries a copy; suite 93 checks the
 * copy matches). Exit 1 when a figure cannot be measured or does not hold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_client.h"

/* ---- a port that plays back one canned response ---------------------------- */

typedef struct replay {
    const uint8_t *resp;
    size_t resp_len, pos;
    aigw_ms_t clock;
    int connected;
} replay_t;

static aigw_err_t rp_connect(void *ctx, const char *host, uint16_t port, aigw_ms_t deadline)
{
    replay_t *r = ctx;
    (void)host; (void)port; (void)deadline;
    r->connected = 1;
    r->pos = 0;
    return AIGW_OK;
}

static aigw_err_t rp_send(void *ctx, const uint8_t *buf, size_t len, size_t *n, aigw_ms_t deadline)
{
    replay_t *r = ctx;
    (void)buf; (void)deadline;
    *n = 0;
    if (!r->connected) return AIGW_E_PORT;
    *n = len; /* the request is swallowed */
    return AIGW_OK;
}

static aigw_err_t rp_recv(void *ctx, uint8_t *buf, size_t cap, size_t *n, aigw_ms_t deadline)
{
    replay_t *r = ctx;
    size_t k;
    (void)deadline;
    *n = 0;
    if (!r->connected) return AIGW_E_PORT;
    if (r->pos >= r->resp_len) return AIGW_E_EOF;
    k = r->resp_len - r->pos < cap ? r->resp_len - r->pos : cap;
    memcpy(buf, r->resp + r->pos, k);
    r->pos += k;
    *n = k;
    return AIGW_OK;
}

static void rp_close(void *ctx) { ((replay_t *)ctx)->connected = 0; }
static aigw_ms_t rp_now(void *ctx) { return ++((replay_t *)ctx)->clock; }

/* ---- measuring ---------------------------------------------------------------- */

enum { IO_CAP = 512, MAX = 1 << 20 };
static uint8_t io[IO_CAP];
static uint8_t body[MAX];
static aigw_tok_t tok[MAX / 8];
static uint64_t arena[MAX / 8];
static uint8_t response[MAX + 256];
static char put_body[MAX];

/* One GET with the given capacities; returns the call's error, *r filled. */
static aigw_err_t get_with(replay_t *rp, aigw_result_t *r, size_t body_cap, size_t tok_cap, size_t arena_cap)
{
    aigw_port_t port = {rp, rp_connect, rp_send, rp_recv, rp_close, rp_now, NULL, NULL};
    aigw_client_config_t cfg;
    aigw_client_t c;
    aigw_err_t e;
    memset(&cfg, 0, sizeof cfg);
    cfg.base_url = "https://api.cloudflare.com/client/v4";
    cfg.account_id = "3ebbcb006d4d46d7bb6a8c7f14676cb0";
    cfg.auth.kind = AIGW_AUTH_TOKEN;
    cfg.auth.token.ptr = "token";
    cfg.auth.token.len = 5;
    cfg.port = &port;
    cfg.max_attempts = 1;
    cfg.close_after_call = true;
    if (aigw_client_init(&c, &cfg, io, sizeof io) != AIGW_OK) return AIGW_E_ARG;
    aigw_result_init(r, body, body_cap, tok, tok_cap, arena, arena_cap);
    e = aigw_gateway_get(&c, "my-gateway", r);
    aigw_client_close(&c);
    return e;
}

static int row(const char *spec)
{
    char path[512], label[600];
    const char *colon = strchr(spec, ':'), *second;
    unsigned status = (unsigned)atoi(spec);
    aigw_err_t ok_err = status == 200 ? AIGW_OK : AIGW_E_API;
    size_t body_len, need_tok, need_arena, put_len = 0;
    aigw_result_t r;
    replay_t rp;
    FILE *f;
    int head;
    aigw_err_t e;

    if (!colon) return fprintf(stderr, "bad spec %s\n", spec), 1;
    second = strchr(colon + 1, ':');
    snprintf(path, sizeof path, "%.*s", (int)(second ? (size_t)(second - colon - 1) : strlen(colon + 1)), colon + 1);
    snprintf(label, sizeof label, "%s", second ? second + 1 : path);
    f = fopen(path, "rb");
    if (!f) return fprintf(stderr, "cannot open %s\n", path), 1;
    body_len = fread(put_body, 1, MAX, f);
    fclose(f);
    head = snprintf((char *)response, 256,
                    "HTTP/1.1 %u %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                    "cf-ray: 8f0c0c0c0c0c0c0c-LHR\r\n\r\n",
                    status, status == 200 ? "OK" : "Error", body_len);
    memcpy(response + head, put_body, body_len);
    memset(&rp, 0, sizeof rp);
    rp.resp = response;
    rp.resp_len = (size_t)head + body_len;

    /* 1. body: refused before a byte of it is read, diag.needed = Content-Length */
    e = get_with(&rp, &r, 0, 0, 0);
    if (e != AIGW_E_HTTP_BODY_TOO_LARGE || r.diag.needed != body_len)
        return fprintf(stderr, "%s: body: got %s needed %zu\n", label, aigw_strerror(e), r.diag.needed), 1;
    /* 2. tokens */
    e = get_with(&rp, &r, body_len, 0, 0);
    if (e != AIGW_E_JSON_TOKENS || r.diag.needed == 0)
        return fprintf(stderr, "%s: tokens: got %s\n", label, aigw_strerror(e)), 1;
    need_tok = r.diag.needed;
    /* 3. arena */
    e = get_with(&rp, &r, body_len, need_tok, 0);
    if (e == AIGW_E_ARENA) {
        need_arena = r.diag.needed;
    } else if (e == ok_err) {
        need_arena = 0;
    } else {
        return fprintf(stderr, "%s: arena: got %s\n", label, aigw_strerror(e)), 1;
    }
    /* 4. the exact figures suffice, one less of each fails with its error */
    e = get_with(&rp, &r, body_len, need_tok, need_arena);
    if (e != ok_err || r.status != status)
        return fprintf(stderr, "%s: exact sizes: got %s status %u\n", label, aigw_strerror(e), r.status), 1;
    if (status == 200) {
        aigw_diag_t d;
        memset(&d, 0, sizeof d);
        /* read-modify-write: what a PUT of this gateway sends back */
        e = aigw_params_to_json(&r.gateway.params, put_body, sizeof put_body, &put_len, &d);
        if (e != AIGW_OK) return fprintf(stderr, "%s: re-encode: %s\n", label, aigw_strerror(e)), 1;
    }
    if (get_with(&rp, &r, body_len - 1, need_tok, need_arena) != AIGW_E_HTTP_BODY_TOO_LARGE ||
        get_with(&rp, &r, body_len, need_tok - 1, need_arena) != AIGW_E_JSON_TOKENS ||
        (need_arena > 0 && get_with(&rp, &r, body_len, need_tok, need_arena - 1) != AIGW_E_ARENA))
        return fprintf(stderr, "%s: one byte/token less did not fail as it should\n", label), 1;

    if (status == 200)
        printf("| %s | %u | %zu | %zu | %zu | %zu |\n", label, status, body_len, need_tok, need_arena, put_len);
    else
        printf("| %s | %u | %zu | %zu | %zu | - |\n", label, status, body_len, need_tok, need_arena);
    return 0;
}

int main(int argc, char **argv)
{
    int i, rc = 0;
    printf("| response | status | body (B) | jsmn tokens | arena (B) | PUT body back (B) |\n");
    printf("| --- | --- | --- | --- | --- | --- |\n");
    for (i = 1; i < argc; i++) rc |= row(argv[i]);
    printf("\nsizeof (this build): aigw_client_t %zu, aigw_result_t %zu, aigw_tok_t %zu, aigw_params_t %zu, "
           "aigw_gateway_t %zu\n",
           sizeof(aigw_client_t), sizeof(aigw_result_t), sizeof(aigw_tok_t), sizeof(aigw_params_t),
           sizeof(aigw_gateway_t));
    return rc;
}
