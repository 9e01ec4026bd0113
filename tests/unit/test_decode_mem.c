/* SPDX-License-Identifier: MIT */
/*
 * Memory contract of the decoders: tokens and arena too small at every
 * size give the typed error with the exact size needed, leave arena->used
 * as it was and write nothing past the capacity (canaries; the decode is
 * one pass, so free arena bytes below the capacity may have been used as
 * scratch), the needed size is enough, and the in-place option gives the
 * same result with less arena.
 * Usage: test_decode_mem <dir of golden bodies>
 */
#include <stdio.h>
#include <string.h>

#include "aigw/aigw_decode.h"
#include "aigw_test.h"
#include "decode_test_util.h"

static const char *g_dir = "tests/data/json";

#define ARENA_WORDS 2048
#define CANARY 0xA5

static char g_body[1 << 16];
static size_t g_len;
static aigw_tok_t g_tok[1024];
static uint64_t g_mem[ARENA_WORDS];

static int load(const char *name)
{
    long n = dt_read_file(g_dir, name, g_body, sizeof g_body);
    g_len = n < 0 ? 0 : (size_t)n;
    return n >= 0;
}

/* Envelope then gateway into one arena of capacity cap; returns the first error. */
static aigw_err_t decode_all(aigw_json_t *js, size_t cap, aigw_gateway_t *gw, aigw_diag_t *d, size_t *used)
{
    aigw_arena_t a;
    aigw_envelope_t env;
    static aigw_api_error_t errs[4];
    aigw_err_t e;
    aigw_arena_init(&a, g_mem, cap);
    aigw_envelope_init(&env, errs, 4, NULL, 0);
    memset(gw, 0, sizeof *gw);
    e = aigw_envelope_decode(js, &a, &env, d);
    if (!e && env.result_state == AIGW_SET) e = aigw_gateway_decode(js, env.result_tok, &a, gw, d);
    *used = a.used;
    return e;
}

static int all_canary(const void *p, size_t from, size_t to)
{
    const unsigned char *b = (const unsigned char *)p;
    size_t i;
    for (i = from; i < to; i++)
        if (b[i] != CANARY) return 0;
    return 1;
}

/* Every arena size below the need fails, with at most the need, and writes nothing past its capacity. */
static void sweep_arena(const char *name, size_t *out_needed)
{
    aigw_json_t js;
    aigw_diag_t d;
    aigw_gateway_t gw;
    size_t cap, needed = 0, used = 0;
    aigw_err_t e;
    *out_needed = 0;
    EXPECT(load(name));
    EXPECT(aigw_json_parse(&js, g_body, g_len, g_tok, 1024, &d) == AIGW_OK);
    memset(g_mem, CANARY, sizeof g_mem);
    e = decode_all(&js, sizeof g_mem, &gw, &d, &needed);
    EXPECTF(e == AIGW_OK, "%s: %s at %s", name, aigw_strerror(e), d.path);
    if (e) return;
    *out_needed = needed;
    for (cap = 0; cap < needed; cap++) {
        memset(g_mem, CANARY, sizeof g_mem);
        memset(&d, 0, sizeof d);
        e = decode_all(&js, cap, &gw, &d, &used);
        /* the envelope and the gateway share the arena: either may be the one that runs out */
        EXPECTF(e == AIGW_E_ARENA && d.err == AIGW_E_ARENA && d.needed <= needed && d.needed > cap,
                "%s cap %zu: %s needed %zu (want <= %zu)", name, cap, aigw_strerror(e), d.needed, needed);
        /* the failing decode handed nothing out: used is what the envelope took, if it succeeded */
        EXPECTF(used <= cap, "%s cap %zu: used %zu", name, cap, used);
        EXPECTF(all_canary(g_mem, cap, sizeof g_mem), "%s cap %zu: wrote past capacity", name, cap);
    }
    memset(&d, 0, sizeof d);
    EXPECTF(decode_all(&js, needed, &gw, &d, &used) == AIGW_OK && used == needed, "%s: needed not enough", name);
}

/* The gateway alone: its need is exact, arena->used is restored and the output zeroed on failure. */
static void sweep_gateway_exact(const char *name)
{
    aigw_json_t js;
    aigw_diag_t d;
    aigw_gateway_t gw;
    aigw_arena_t a;
    static const aigw_gateway_t zero;
    size_t cap, needed;
    int result_tok = -1, i;
    EXPECT(load(name));
    EXPECT(aigw_json_parse(&js, g_body, g_len, g_tok, 1024, &d) == AIGW_OK);
    for (i = 1; i < js.ntok; i++)
        if (g_tok[i].parent == 0 && g_tok[i].type == AIGW_TOK_STRING &&
            !strncmp(g_body + g_tok[i].start, "result", 6) && g_tok[i].end - g_tok[i].start == 6)
            result_tok = i + 1;
    EXPECT(result_tok > 0);
    if (result_tok <= 0) return;
    aigw_arena_init(&a, NULL, 0);
    EXPECT(aigw_gateway_decode(&js, result_tok, &a, &gw, &d) == AIGW_E_ARENA || d.needed == 0);
    needed = d.needed;
    for (cap = 0; cap < needed; cap++) {
        memset(g_mem, CANARY, sizeof g_mem);
        memset(&gw, 0x33, sizeof gw);
        aigw_arena_init(&a, g_mem, cap);
        EXPECTF(aigw_gateway_decode(&js, result_tok, &a, &gw, &d) == AIGW_E_ARENA && d.needed == needed,
                "%s cap %zu: need %zu not %zu", name, cap, d.needed, needed);
        EXPECTF(a.used == 0 && all_canary(g_mem, cap, sizeof g_mem), "%s cap %zu: arena used", name, cap);
        EXPECTF(!memcmp(&gw, &zero, sizeof gw), "%s cap %zu: output not zeroed", name, cap);
    }
    aigw_arena_init(&a, g_mem, needed);
    EXPECT(aigw_gateway_decode(&js, result_tok, &a, &gw, &d) == AIGW_OK && a.used == needed);
    /* an arena already in use: the need counts from the start of the buffer */
    aigw_arena_init(&a, g_mem, needed + 16);
    a.used = 24;
    EXPECT(aigw_gateway_decode(&js, result_tok, &a, &gw, &d) == AIGW_E_ARENA && d.needed == needed + 24);
    EXPECT(a.used == 24);
    a.used = 16;
    EXPECT(aigw_gateway_decode(&js, result_tok, &a, &gw, &d) == AIGW_OK && a.used == needed + 16);
}

static void test_arena_every_size(void)
{
    static const char *files[] = { "api_example.json", "dlp_policies.json", "escapes.json", "newer_fields.json",
                                   "err_400_7001.json", "nulls.json", "unknown_nested.json" };
    size_t i, needed;
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        sweep_arena(files[i], &needed);
        /* nulls.json: every member null, every one modelled: no arena */
        EXPECTF(needed > 0 || !strcmp(files[i], "nulls.json"), "%s needs no arena?", files[i]);
    }
    sweep_gateway_exact("api_example.json");
    sweep_gateway_exact("escapes.json");
    sweep_gateway_exact("dlp_policies.json");
}

static void test_tokens_every_count(void)
{
    static const char *files[] = { "api_example.json", "newer_fields.json", "err_400_7001.json", "escapes.json" };
    size_t f;
    for (f = 0; f < sizeof files / sizeof files[0]; f++) {
        aigw_json_t js;
        aigw_diag_t d;
        size_t cap, needed;
        EXPECT(load(files[f]));
        EXPECT(aigw_json_parse(&js, g_body, g_len, NULL, 0, &d) == AIGW_E_JSON_TOKENS);
        needed = d.needed;
        for (cap = 0; cap < needed; cap++) {
            memset(g_tok, CANARY, sizeof g_tok);
            memset(&d, 0, sizeof d);
            EXPECTF(aigw_json_parse(&js, g_body, g_len, cap ? g_tok : NULL, cap, &d) == AIGW_E_JSON_TOKENS &&
                        d.needed == needed,
                    "%s cap %zu: needed %zu", files[f], cap, d.needed);
            EXPECTF(all_canary(g_tok, cap * sizeof g_tok[0], sizeof g_tok), "%s cap %zu: token written past cap",
                    files[f], cap);
        }
        EXPECT(aigw_json_parse(&js, g_body, g_len, g_tok, needed, &d) == AIGW_OK && (size_t)js.ntok == needed);
    }
}

/* The numbers the report quotes: the API page's example response. */
static void test_api_example_budget(void)
{
    aigw_json_t js;
    aigw_diag_t d;
    aigw_gateway_t gw;
    size_t needed = 0;
    EXPECT(load("api_example.json"));
    EXPECT(aigw_json_parse(&js, g_body, g_len, NULL, 0, &d) == AIGW_E_JSON_TOKENS);
    printf("  api page example: %zu bytes, %zu tokens (%zu bytes of aigw_tok_t)", g_len, d.needed,
           d.needed * sizeof(aigw_tok_t));
    EXPECT(aigw_json_parse(&js, g_body, g_len, g_tok, 1024, &d) == AIGW_OK);
    EXPECT(decode_all(&js, sizeof g_mem, &gw, &d, &needed) == AIGW_OK);
    printf(", arena %zu bytes\n", needed);
    printf("  sizeof: aigw_tok_t %zu, aigw_gateway_t %zu, aigw_params_t %zu, aigw_envelope_t %zu, "
           "aigw_api_error_t %zu, aigw_json_t %zu, aigw_arena_t %zu\n",
           sizeof(aigw_tok_t), sizeof(aigw_gateway_t), sizeof(aigw_params_t), sizeof(aigw_envelope_t),
           sizeof(aigw_api_error_t), sizeof(aigw_json_t), sizeof(aigw_arena_t));
}

/* In place: strings with escapes are unescaped over the body; same result, less arena. */
static void test_in_place(void)
{
    static char copy[1 << 16];
    aigw_json_t js, js2;
    aigw_diag_t d;
    aigw_gateway_t gw_arena, gw_inplace, gw_again;
    size_t need_arena = 0, need_inplace = 0, used;
    static aigw_tok_t tok2[1024];
    const char *diff;
    EXPECT(load("escapes.json"));
    memcpy(copy, g_body, g_len);
    EXPECT(aigw_json_parse(&js, copy, g_len, tok2, 1024, &d) == AIGW_OK);
    EXPECT(decode_all(&js, sizeof g_mem, &gw_arena, &d, &need_arena) == AIGW_OK);
    /* keep that result alive in a second arena: decode_all reuses g_mem */
    {
        static uint64_t mem2[ARENA_WORDS];
        aigw_arena_t a;
        aigw_envelope_t env;
        aigw_arena_init(&a, mem2, sizeof mem2);
        aigw_envelope_init(&env, NULL, 0, NULL, 0);
        EXPECT(aigw_envelope_decode(&js, &a, &env, &d) == AIGW_OK);
        EXPECT(aigw_gateway_decode(&js, env.result_tok, &a, &gw_arena, &d) == AIGW_OK);
    }
    EXPECT(aigw_json_parse_in_place(&js2, g_body, g_len, g_tok, 1024, &d) == AIGW_OK);
    EXPECT(js2.in_place == g_body);
    EXPECT(decode_all(&js2, sizeof g_mem, &gw_inplace, &d, &need_inplace) == AIGW_OK);
    diff = dt_params_diff(&gw_arena.params, &gw_inplace.params);
    EXPECTF(diff == NULL, "in place differs at %s", diff ? diff : "");
    EXPECT(dt_str_eq(gw_arena.id.value, gw_inplace.id.value));
    /* the unescaped id now lives in the body itself */
    EXPECT(gw_inplace.id.value.ptr > g_body && gw_inplace.id.value.ptr < g_body + g_len);
    EXPECT(memcmp(g_body, copy, g_len) != 0);
    /* only the header name with an escape still took arena bytes for text */
    EXPECTF(need_inplace < need_arena, "in place %zu, arena %zu", need_inplace, need_arena);
    /* decoding again gives the same answer (tokens marked as done) */
    EXPECT(decode_all(&js2, sizeof g_mem, &gw_again, &d, &used) == AIGW_OK);
    diff = dt_params_diff(&gw_again.params, &gw_inplace.params);
    EXPECTF(diff == NULL, "second in-place decode differs at %s", diff ? diff : "");
    EXPECT(dt_str_eq(gw_again.id.value, gw_arena.id.value));
}

/* In place, a failing decode leaves the body untouched (strings are unescaped only after success). */
static void test_in_place_error_leaves_body(void)
{
    static char body[] = "{\"store_id\":\"a\\u00e9b\",\"otel\":[{\"url\":\"x\\ty\"},{\"url\":\"\\/\"}]}";
    static char bad[] = "{\"store_id\":\"a\\u00e9b\",\"otel\":[{\"url\":\"x\\ty\"},{\"url\":1}]}";
    static char orig[sizeof body], orig_bad[sizeof bad];
    aigw_json_t js;
    aigw_diag_t d;
    aigw_params_t p;
    aigw_arena_t a;
    memcpy(orig, body, sizeof body);
    memcpy(orig_bad, bad, sizeof bad);
    /* arena too small (the otel array needs it): nothing unescaped yet */
    EXPECT(aigw_json_parse_in_place(&js, body, sizeof body - 1, g_tok, 1024, &d) == AIGW_OK);
    EXPECT(aigw_params_decode(&js, 0, NULL, &p, &d) == AIGW_E_ARENA && d.needed == 2 * sizeof(aigw_otel_t));
    EXPECT(!memcmp(body, orig, sizeof body));
    aigw_arena_init(&a, g_mem, sizeof g_mem);
    EXPECT(aigw_params_decode(&js, 0, &a, &p, &d) == AIGW_OK && a.used == 2 * sizeof(aigw_otel_t));
    EXPECT(dt_str_is(p.store_id.value, "a\xC3\xA9" "b") && p.otel.count == 2);
    EXPECT(p.otel.count == 2 && dt_str_is(p.otel.items[0].url.value, "x\ty") && dt_str_is(p.otel.items[1].url.value, "/"));
    EXPECT(memcmp(body, orig, sizeof body) != 0);
    /* a type error: nothing unescaped either */
    EXPECT(aigw_json_parse_in_place(&js, bad, sizeof bad - 1, g_tok, 1024, &d) == AIGW_OK);
    aigw_arena_init(&a, g_mem, sizeof g_mem);
    EXPECT(aigw_params_decode(&js, 0, &a, &p, &d) == AIGW_E_JSON_TYPE && !strcmp(d.path, "otel[1].url"));
    EXPECT(!memcmp(bad, orig_bad, sizeof bad) && a.used == 0);
}

static void test_unaligned_arena_buffer(void)
{
    aigw_arena_t a;
    unsigned char *raw = (unsigned char *)g_mem;
    aigw_arena_init(&a, raw + 3, 100);
    EXPECT(a.base == raw + 8 && a.cap == 95);
    aigw_arena_init(&a, raw + 3, 5);
    EXPECT(a.cap == 0);
    aigw_arena_init(&a, NULL, 100);
    EXPECT(a.base == NULL && a.cap == 0);
}

int main(int argc, char **argv)
{
    if (argc > 1) g_dir = argv[1];
    RUN(test_arena_every_size);
    RUN(test_tokens_every_count);
    RUN(test_api_example_budget);
    RUN(test_in_place);
    RUN(test_in_place_error_leaves_body);
    RUN(test_unaligned_arena_buffer);
    return AIGW_TEST_EXIT();
}
