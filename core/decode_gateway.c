/* SPDX-License-Identifier: MIT */
/*
 * aigw_gateway_decode(): the "result" object. The result-only members
 * (id, created_at, modified_at, is_default) go to aigw_gateway_t; all the
 * others through the params member decoder (core/decode_params.c), so a
 * gateway and an update body are read by one code path.
 */
#include <string.h>

#include "decode_internal.h"

/* lengths as AIGW_DEC_GATEWAY_LEN() (decode_internal.h) knows them */
static const struct { const char *name; size_t len; } gw_names[] = {
    { "id", 2 }, { "created_at", 10 }, { "modified_at", 11 }, { "is_default", 10 }
};

int aigw_dec_gateway_name(const aigw_dec_t *d, int k, bool esc)
{
    const aigw_tok_t *t = &d->t[k];
    const char *p = d->s + t->start;
    size_t n = (size_t)(t->end - t->start);
    int g;
    for (g = 0; g < 4; g++) {
        const char *name = gw_names[g].name;
        size_t len = gw_names[g].len;
        if (esc ? aigw_jstr_equal(p, n, name, len) : (len == n && !memcmp(p, name, n)))
            return g;
    }
    return -1;
}

static aigw_err_t date(aigw_dec_t *d, int v, aigw_text_t *text, int64_t *ms)
{
    aigw_err_t err;
    const aigw_tok_t *t;
    err = aigw_dec_text(d, v, text);
    if (err || text->state != AIGW_SET) return err;
    /* Parse from the token (escapes decoded on the fly: the text may still hold them). */
    t = &d->t[v];
    if (!aigw_rfc3339_parse_json(d->s + t->start, (size_t)(t->end - t->start),
                                 t->size != AIGW_DEC_UNESCAPED && text->value.len != (size_t)(t->end - t->start),
                                 ms))
        return aigw_dec_fail(d, v, AIGW_E_JSON_RANGE, "RFC 3339 date-time");
    return AIGW_OK;
}

aigw_err_t aigw_dec_gateway_member(aigw_dec_t *d, int g, int k, int v, aigw_gateway_t *gw)
{
    (void)k; /* each met once: the member walk (decode_params.c) refuses a second */
    switch (g) {
    case 0: return aigw_dec_text(d, v, &gw->id);
    case 1: return date(d, v, &gw->created_at, &gw->created_unix_ms);
    case 2: return date(d, v, &gw->modified_at, &gw->modified_unix_ms);
    default: return aigw_dec_bool(d, v, &gw->is_default);
    }
}

static void gw_clear(void *out)
{
    memset(out, 0, sizeof(aigw_gateway_t));
}

static aigw_err_t gw_fn(aigw_dec_t *d, int tok, void *out)
{
    aigw_gateway_t *gw = (aigw_gateway_t *)out;
    return aigw_dec_members(d, tok, &gw->params, gw);
}

aigw_err_t aigw_gateway_decode(aigw_json_t *js, int tok, aigw_arena_t *arena,
                               aigw_gateway_t *gw, aigw_diag_t *diag)
{
    return aigw_dec_run(js, tok, arena, gw_fn, gw_clear, gw, diag);
}
