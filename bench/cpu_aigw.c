/* SPDX-License-Identifier: MIT */
/*
 * CPU driver for callgrind (make bench): aigw's side of the encode and decode
 * comparisons with cJSON (cpu_cjson.c does the same work with cJSON).
 *
 *   cpu_aigw encode N          encode the full example to JSON, N times
 *   cpu_aigw validate-encode N validate it first, as the client does, N times
 *   cpu_aigw decode N FILE     decode the API page's example response FILE:
 *                              tokenize + RFC 8259 check, envelope, gateway,
 *                              every field into aigw_gateway_t, N times
 *
 * Each repetition is one call of bench_once(), which callgrind counts alone
 * (--toggle-collect=bench_once), so start-up and file reading are not in the
 * figure. Prints one checksum line so the work cannot be optimised away and
 * the harness can check the result (the encoded length, the decoded id).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_decode.h"
#include "aigw/aigw_model.h"
#include "bench_example.h"

enum { MODE_ENCODE, MODE_VALIDATE_ENCODE, MODE_DECODE };

static int mode;
static aigw_params_t params;
static char out[4096];
static size_t out_len;
static char text[65536];
static size_t text_len;
static aigw_tok_t tok[512];
static uint64_t arena_mem[1024];
static aigw_gateway_t gw;
static unsigned long sink_sum;

__attribute__((noinline)) int bench_once(void);
__attribute__((noinline)) int bench_once(void)
{
    aigw_diag_t d;
    if (mode != MODE_DECODE) {
        if (mode == MODE_VALIDATE_ENCODE && aigw_params_validate(&params, &d) != AIGW_OK) return 1;
        return aigw_params_to_json(&params, out, sizeof out, &out_len, &d) != AIGW_OK;
    } else {
        aigw_json_t js;
        aigw_arena_t arena;
        aigw_envelope_t env;
        aigw_arena_init(&arena, arena_mem, sizeof arena_mem);
        aigw_envelope_init(&env, NULL, 0, NULL, 0);
        if (aigw_json_parse(&js, text, text_len, tok, sizeof tok / sizeof tok[0], &d) != AIGW_OK) return 1;
        if (aigw_envelope_decode(&js, &arena, &env, &d) != AIGW_OK) return 1;
        if (env.result_state != AIGW_SET) return 1;
        return aigw_gateway_decode(&js, env.result_tok, &arena, &gw, &d) != AIGW_OK;
    }
}

int main(int argc, char **argv)
{
    long n, i;
    /* through a volatile pointer: the loop must call bench_once, not inline it */
    int (*volatile once)(void) = bench_once;
    if (argc < 3) { fprintf(stderr, "usage: cpu_aigw encode|validate-encode|decode N [FILE]\n"); return 2; }
    if (!strcmp(argv[1], "encode")) mode = MODE_ENCODE;
    else if (!strcmp(argv[1], "validate-encode")) mode = MODE_VALIDATE_ENCODE;
    else if (!strcmp(argv[1], "decode")) mode = MODE_DECODE;
    else { fprintf(stderr, "cpu_aigw: unknown mode %s\n", argv[1]); return 2; }
    n = atol(argv[2]);
    bench_full_example(&params);
    if (mode == MODE_DECODE) {
        FILE *f = argc > 3 ? fopen(argv[3], "rb") : NULL;
        if (!f) { fprintf(stderr, "cpu_aigw: decode needs a readable FILE\n"); return 2; }
        text_len = fread(text, 1, sizeof text, f);
        fclose(f);
    }
    for (i = 0; i < n; i++) {
        if (once()) { fprintf(stderr, "cpu_aigw: %s failed\n", argv[1]); return 1; }
        sink_sum += mode == MODE_DECODE ? gw.params.otel.count : out_len;
    }
    if (mode == MODE_DECODE)
        printf("ok decode id=%.*s otel=%zu arena_used=%s\n", (int)gw.id.value.len,
               n ? gw.id.value.ptr : "", gw.params.otel.count, n ? "yes" : "no");
    else
        printf("ok %s len=%zu\n", argv[1], out_len);
    if (n > 0 && mode != MODE_DECODE) fwrite(out, 1, out_len, stderr);
    return sink_sum == (unsigned long)-1;
}
