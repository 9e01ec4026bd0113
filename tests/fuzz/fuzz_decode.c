/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the JSON decoders: aigw_json_parse(), envelope,
 * gateway and params decoding.
 *
 * Input: byte 0 chooses the capacities and modes, the rest is the body:
 *   bit 0     in place (aigw_json_parse_in_place) or arena unescaping
 *   bits 1-2  tokens: exactly the count needed / 8 / 64 / 4096
 *   bits 3-4  arena: exactly the bytes needed / 0 / 100 / 64 KiB
 *   bit 5     errors[] capacity 0 or 2
 * Every buffer (body, tokens, arena) is malloc'ed at exactly its capacity
 * so ASan sees any access past it.
 *
 * Oracles (abort on violation):
 *   - AIGW_E_JSON_TOKENS / AIGW_E_ARENA: diag.needed exceeds the capacity,
 *     and the capacity needed makes that error go away;
 *   - a failed decode leaves the body untouched (in place) and the arena unused;
 *   - a decoded object re-encoded with aigw_params_to_json() decodes again to
 *     the same params (states, values, bytes, arrays, extra members).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_decode.h"
#include "../unit/decode_test_util.h"

static size_t g_mode;

static void check(int ok)
{
    if (!ok) abort();
}

/* Parse with the token capacity the mode asks for; when it is "exactly what is needed", count first. */
static aigw_err_t parse(aigw_json_t *js, char *text, size_t n, int in_place, aigw_tok_t **tok)
{
    static const size_t caps[4] = { 0, 8, 64, 4096 };
    size_t cap = caps[(g_mode >> 1) & 3];
    aigw_diag_t d;
    aigw_err_t e;
    if (cap == 0) {
        e = aigw_json_parse(js, text, n, NULL, 0, &d);
        if (e != AIGW_E_JSON_TOKENS) return e;
        cap = d.needed;
    }
    *tok = (aigw_tok_t *)malloc(cap ? cap * sizeof(aigw_tok_t) : 1);
    e = in_place ? aigw_json_parse_in_place(js, text, n, *tok, cap, &d)
                 : aigw_json_parse(js, text, n, *tok, cap, &d);
    if (e == AIGW_E_JSON_TOKENS) {
        aigw_json_t js2;
        aigw_tok_t *more;
        aigw_diag_t d2;
        check(d.needed > cap);
        more = (aigw_tok_t *)malloc(d.needed * sizeof(aigw_tok_t));
        /* with the count asked for, tokens are no longer the problem
         * (the text may still turn out malformed: counting does not check) */
        check(aigw_json_parse(&js2, text, n, more, d.needed, &d2) != AIGW_E_JSON_TOKENS);
        free(more);
    }
    return e;
}

/* Re-encode p and decode it again: the same params must come back. */
static void round_trip(const aigw_params_t *p)
{
    size_t cap = 1 << 20, len = 0;
    char *out = (char *)malloc(cap);
    aigw_tok_t *tok;
    uint64_t *mem;
    aigw_arena_t a;
    aigw_params_t back;
    aigw_diag_t d;
    aigw_err_t e = aigw_params_to_json(p, out, cap, &len, &d);
    if (e == AIGW_E_BUFFER) { free(out); return; }
    check(e == AIGW_OK);
    tok = (aigw_tok_t *)malloc((len + 1) * sizeof(aigw_tok_t));
    mem = (uint64_t *)malloc(1 << 20);
    aigw_arena_init(&a, mem, 1 << 20);
    e = aigw_params_from_json(out, len, tok, len + 1, &a, &back, &d);
    check(e == AIGW_OK);
    check(dt_params_diff(p, &back) == NULL);
    free(mem);
    free(tok);
    free(out);
}

typedef aigw_err_t (*decode_fn)(aigw_json_t *js, int tok, aigw_arena_t *a, void *out, aigw_diag_t *d);

static aigw_err_t dec_params(aigw_json_t *js, int tok, aigw_arena_t *a, void *out, aigw_diag_t *d)
{
    return aigw_params_decode(js, tok, a, (aigw_params_t *)out, d);
}

static aigw_err_t dec_gateway(aigw_json_t *js, int tok, aigw_arena_t *a, void *out, aigw_diag_t *d)
{
    return aigw_gateway_decode(js, tok, a, (aigw_gateway_t *)out, d);
}

/*
 * Decode with the arena the mode asks for; check the arena contract; returns
 * the error. The arena memory must stay alive while out is used: *mem_out.
 */
static aigw_err_t decode(decode_fn fn, aigw_json_t *js, int tok, void *out, const char *text, size_t n,
                         void **mem_out)
{
    static const size_t caps[4] = { 0, 0, 100, 1 << 16 };
    size_t cap = caps[(g_mode >> 3) & 3];
    aigw_arena_t a;
    aigw_diag_t d;
    aigw_err_t e;
    void *mem;
    char *before = (char *)malloc(n ? n : 1);
    memcpy(before, text, n);
    if (((g_mode >> 3) & 3) == 0) {
        aigw_arena_init(&a, NULL, 0);
        e = fn(js, tok, &a, out, &d);
        cap = e == AIGW_E_ARENA ? d.needed : 0;
        check(e != AIGW_E_ARENA || !memcmp(before, text, n));
    }
    mem = malloc(cap ? cap : 1); /* malloc'ed memory is aligned enough */
    aigw_arena_init(&a, mem, cap);
    e = fn(js, tok, &a, out, &d);
    if (e) {
        check(a.used == 0);
        check(!memcmp(before, text, n)); /* nothing unescaped in place either */
    }
    if (e == AIGW_E_ARENA) {
        void *m2;
        check(d.needed > cap);
        m2 = malloc(d.needed);
        aigw_arena_init(&a, m2, d.needed);
        { size_t need = d.needed; check(fn(js, tok, &a, out, &d) == AIGW_OK && a.used == need); }
        free(mem);
        mem = m2;
        e = AIGW_OK;
    }
    free(before);
    *mem_out = mem;
    return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text;
    size_t n;
    aigw_json_t js;
    aigw_tok_t *tok = NULL;
    int in_place;
    aigw_err_t e;

    if (size < 1) return 0;
    g_mode = data[0];
    in_place = g_mode & 1;
    n = size - 1;
    text = (char *)malloc(n ? n : 1);
    memcpy(text, data + 1, n);

    e = parse(&js, text, n, in_place, &tok);
    if (e == AIGW_OK) {
        static aigw_api_error_t errs[2];
        aigw_envelope_t env;
        aigw_params_t p;
        aigw_gateway_t gw;
        void *mem = NULL, *mem2 = NULL;
        check(js.ntok >= 1);
        /* the envelope and, if it holds one, the gateway */
        {
            aigw_arena_t a;
            aigw_diag_t d;
            uint64_t *emem = (uint64_t *)malloc(1 << 16);
            aigw_arena_init(&a, emem, 1 << 16);
            aigw_envelope_init(&env, errs, (g_mode & 32) ? 2 : 0, NULL, 0);
            if (aigw_envelope_decode(&js, &a, &env, &d) == AIGW_OK) {
                check(env.errors_count <= env.errors_total && env.errors_more == (env.errors_count < env.errors_total));
                if (env.result_state == AIGW_SET && tok[env.result_tok].type == AIGW_TOK_OBJECT &&
                    decode(dec_gateway, &js, env.result_tok, &gw, text, n, &mem) == AIGW_OK)
                    round_trip(&gw.params);
            }
            free(emem);
        }
        /* the top-level value as an update body (not in place: the gateway above may have unescaped) */
        if (!in_place && decode(dec_params, &js, 0, &p, text, n, &mem2) == AIGW_OK)
            round_trip(&p);
        free(mem);
        free(mem2);
    }
    free(tok);
    free(text);
    return 0;
}
