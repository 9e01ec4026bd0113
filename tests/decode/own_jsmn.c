/* SPDX-License-Identifier: MIT */
/*
 * An application with its own jsmn, built the default way (global
 * jsmn_init/jsmn_parse, no JSMN_STATIC, no parent links, not strict), linked
 * together with libaigw.a. Before aigw kept jsmn private, the linker took
 * one jsmn for both, and aigw refused valid JSON ("token structure") because
 * its tokens had no parent links. Here both must work: the application's
 * jsmn parses with its own layout, and aigw decodes the API page's example.
 * argv[1]: the example response (tests/data/json/api_example.json).
 */
#include <jsmn.h> /* the implementation: this unit defines jsmn_parse */

#include <stdio.h>
#include <string.h>

#include "aigw/aigw_decode.h"

static int fails;
static void check(int ok, const char *name, const char *detail)
{
    printf("%s %s: %s\n", ok ? "PASS" : "FAIL", name, detail);
    if (!ok) fails++;
}

int main(int argc, char **argv)
{
    static char text[1 << 16];
    static aigw_tok_t tok[512];
    static uint64_t mem[2048];
    jsmntok_t own[8];
    jsmn_parser P;
    aigw_json_t js;
    aigw_envelope_t env;
    aigw_gateway_t gw;
    aigw_arena_t arena;
    aigw_diag_t d;
    aigw_err_t e;
    char detail[160];
    size_t n;
    int r;
    FILE *f = argc > 1 ? fopen(argv[1], "rb") : NULL;
    if (!f) { printf("FAIL own_jsmn_input: no example file\n"); return 1; }
    n = fread(text, 1, sizeof text, f);
    fclose(f);

    /* The application's own jsmn, its own token layout (no parent member). */
    jsmn_init(&P);
    r = jsmn_parse(&P, "{\"a\":[1,2]}", 11, own, 8);
    snprintf(detail, sizeof detail, "%d tokens, sizeof(jsmntok_t) %zu vs aigw_tok_t %zu", r,
             sizeof(jsmntok_t), sizeof(aigw_tok_t));
    check(r == 5 && own[2].type == JSMN_ARRAY && own[2].size == 2, "own_jsmn_app_parse", detail);

    e = aigw_json_parse(&js, text, n, tok, sizeof tok / sizeof tok[0], &d);
    snprintf(detail, sizeof detail, "%s %s %s, %d tokens", aigw_strerror(e), d.path,
             d.rule ? d.rule : "", js.ntok);
    check(e == AIGW_OK, "own_jsmn_aigw_parse", detail);
    if (e) return 1;
    aigw_arena_init(&arena, mem, sizeof mem);
    aigw_envelope_init(&env, NULL, 0, NULL, 0);
    e = aigw_envelope_decode(&js, &arena, &env, &d);
    if (!e) e = aigw_gateway_decode(&js, env.result_tok, &arena, &gw, &d);
    snprintf(detail, sizeof detail, "%s %s; id %.*s, otel %zu, dlp.profiles %zu", aigw_strerror(e),
             d.path, (int)gw.id.value.len, gw.id.value.ptr ? gw.id.value.ptr : "",
             gw.params.otel.count, gw.params.dlp.profiles.count);
    check(e == AIGW_OK && gw.id.value.len == 10 && memcmp(gw.id.value.ptr, "my-gateway", 10) == 0 &&
              gw.params.otel.count == 1 && gw.params.dlp.profiles.count == 1,
          "own_jsmn_aigw_decode", detail);
    return fails ? 1 : 0;
}
