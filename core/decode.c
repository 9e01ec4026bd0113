/* SPDX-License-Identifier: MIT */
/*
 * The decode context shared by the envelope, gateway and params decoders:
 * one pass, arena accounting, scalar members, error paths.
 *
 * The walk takes arena memory as it meets arrays and escaped strings; when
 * the arena is out of room it goes on counting only (d->used past the
 * capacity), so AIGW_E_ARENA says exactly how much is needed and a type or
 * range error further on is still found. Strings to unescape in place are
 * only marked on their tokens and unescaped once everything succeeded. On
 * any error the output is cleared, arena->used is what it was and neither
 * the text nor the tokens are changed (arena bytes past arena->used, which
 * are free, may have been written).
 */
#include <string.h>

#include "decode_internal.h"

aigw_err_t aigw_dec_fail(aigw_dec_t *d, int tok, aigw_err_t err, const char *rule)
{
    d->err = err;
    d->err_tok = tok;
    d->rule = rule;
    return err;
}

/* The strings marked for in-place unescaping under tok: done (ok) or unmarked. */
static void settle_pending(aigw_dec_t *d, int tok, bool ok)
{
    int k, end = aigw_dec_next(d, tok);
    for (k = tok; k < end && d->pending; k++) {
        aigw_tok_t *t = &d->t[k];
        if (t->size != AIGW_DEC_PENDING) continue;
        d->pending--;
        if (ok) {
            size_t len = aigw_jstr_unescape(d->s + t->start, (size_t)(t->end - t->start),
                                            d->js->in_place + t->start);
            t->end = t->start + (int)len;
            t->size = AIGW_DEC_UNESCAPED;
        } else {
            t->size = 0;
        }
    }
}

static void dec_init(aigw_dec_t *d, aigw_json_t *js, aigw_arena_t *arena)
{
    d->js = js;
    d->s = js->text;
    d->t = js->tok;
    d->n = js->ntok;
    d->arena = arena;
    d->used = arena ? arena->used : 0;
    d->nostore = 0;
    d->pending = 0;
    d->err = AIGW_OK;
    d->err_tok = -1;
    d->rule = NULL;
}

/* The walk itself, on checked arguments: fn once, then the arena's verdict
 * and the in-place strings; on an error everything put back. */
static aigw_err_t walk(aigw_json_t *js, int tok, aigw_arena_t *arena, aigw_dec_fn fn,
                       void (*clear)(void *out), void *out, aigw_diag_t *diag)
{
    aigw_dec_t d;
    aigw_err_t err;
    dec_init(&d, js, arena);
    err = fn(&d, tok, out);
    if (!err && d.used > (arena ? arena->cap : 0)) {
        if (diag) diag->needed = d.used;
        err = aigw_dec_fail(&d, -1, AIGW_E_ARENA, "arena");
    }
    if (d.pending) settle_pending(&d, tok, !err);
    if (err) {
        clear(out);
        return aigw_json_fail(diag, err, d.s, d.t, d.n, d.err_tok, d.rule);
    }
    if (arena) arena->used = d.used;
    return AIGW_OK;
}

aigw_err_t aigw_dec_run(aigw_json_t *js, int tok, aigw_arena_t *arena, aigw_dec_fn fn,
                        void (*clear)(void *out), void *out, aigw_diag_t *diag)
{
    if (diag) { diag->err = AIGW_OK; diag->path[0] = '\0'; diag->rule = NULL; diag->needed = 0; }
    if (!out) return aigw_json_fail(diag, AIGW_E_ARG, NULL, NULL, 0, -1, "out");
    clear(out);
    if (!js || !js->tok || !js->text || tok < 0 || tok >= js->ntok)
        return aigw_json_fail(diag, AIGW_E_ARG, NULL, NULL, 0, -1, "json/token");
    if (arena && arena->used > arena->cap)
        return aigw_json_fail(diag, AIGW_E_ARG, NULL, NULL, 0, -1, "arena");
    return walk(js, tok, arena, fn, clear, out, diag);
}

int aigw_dec_next(const aigw_dec_t *d, int i)
{
    int k = i + 1, hi;
    const aigw_tok_t *t = d->t;
    if (t[i].type != AIGW_TOK_OBJECT && t[i].type != AIGW_TOK_ARRAY) return k;
    /* tokens are in text order: the first one that starts past the end;
     * a few steps, then halving (a whole result object is skipped so) */
    for (hi = k + 8; k < d->n && k < hi; k++)
        if (t[k].start >= t[i].end) return k;
    hi = d->n;
    while (k < hi) {
        int mid = k + (hi - k) / 2;
        if (t[mid].start < t[i].end) k = mid + 1;
        else hi = mid;
    }
    return k;
}

bool aigw_dec_key_is(const aigw_dec_t *d, int k, const char *name)
{
    const aigw_tok_t *t = &d->t[k];
    const char *p = d->s + t->start;
    size_t n = (size_t)(t->end - t->start), len;
    /* a first character that differs, unescaped, says no */
    if (n == 0 || (p[0] != name[0] && p[0] != '\\')) return n == 0 && name[0] == '\0';
    len = strlen(name);
    if (n == len && !memcmp(p, name, n)) return true;
    /* an escape may spell the name longer: "su\u0063cess" */
    return n > len && memchr(p, '\\', n) && aigw_jstr_equal(p, n, name, len);
}

bool aigw_dec_is_null(const aigw_dec_t *d, int v)
{
    return d->t[v].type == AIGW_TOK_PRIMITIVE && d->s[d->t[v].start] == 'n';
}

aigw_str_t aigw_dec_raw(const aigw_dec_t *d, int v)
{
    aigw_str_t r;
    int q = d->t[v].type == AIGW_TOK_STRING ? 1 : 0;
    r.ptr = d->s + d->t[v].start - q;
    /* NOLINTNEXTLINE(bugprone-misplaced-widening-cast): jsmn offsets are ints < INT_MAX, no overflow */
    r.len = (size_t)(d->t[v].end - d->t[v].start + 2 * q);
    return r;
}

aigw_str_t aigw_dec_raw_key(const aigw_dec_t *d, int k)
{
    aigw_str_t r;
    r.ptr = d->s + d->t[k].start;
    r.len = (size_t)(d->t[k].end - d->t[k].start);
    return r;
}

void *aigw_dec_alloc(aigw_dec_t *d, size_t count, size_t size, size_t align)
{
    size_t off, bytes;
    if (d->nostore || count == 0) return NULL;
    if (size && count > (SIZE_MAX - AIGW_ARENA_ALIGN) / size) { d->used = SIZE_MAX; return NULL; }
    bytes = count * size;
    if (d->used > SIZE_MAX - bytes - align) { d->used = SIZE_MAX; return NULL; }
    off = (d->used + align - 1) / align * align;
    d->used = off + bytes;
    if (!d->arena || d->used > d->arena->cap) return NULL; /* counting only from here on */
    return d->arena->base + off;
}

const void *aigw_dec_empty(void)
{
    /* Big and aligned enough to pose as an empty array of any item type. */
    static const union { aigw_otel_t a; aigw_dlp_policy_t b; aigw_api_error_t c; int64_t d; void *e; } empty;
    return &empty;
}

aigw_err_t aigw_dec_dup(aigw_dec_t *d, int k)
{
    return aigw_dec_fail(d, k, AIGW_E_JSON, "duplicate member");
}

aigw_err_t aigw_dec_bool(aigw_dec_t *d, int v, aigw_bool_t *out)
{
    const aigw_tok_t *t = &d->t[v];
    if (t->type == AIGW_TOK_PRIMITIVE) {
        char c = d->s[t->start];
        if (c == 'n') { out->state = AIGW_NULL; return AIGW_OK; }
        if (c == 't' || c == 'f') { out->state = AIGW_SET; out->value = c == 't'; return AIGW_OK; }
    }
    return aigw_dec_fail(d, v, AIGW_E_JSON_TYPE, "boolean");
}

aigw_err_t aigw_dec_int64(aigw_dec_t *d, int v, int64_t *out)
{
    const aigw_tok_t *t = &d->t[v];
    const char *p = d->s + t->start, *e = d->s + t->end;
    bool neg = false;
    uint64_t acc = 0, lim;
    char c = *p;
    if (t->type != AIGW_TOK_PRIMITIVE || c == 't' || c == 'f' || c == 'n')
        return aigw_dec_fail(d, v, AIGW_E_JSON_TYPE, "integer");
    if (c == '-') { neg = true; p++; }
    lim = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    for (; p < e; p++) {
        unsigned dig;
        if (*p < '0' || *p > '9') /* '.', 'e', 'E': checked number, not an integer */
            return aigw_dec_fail(d, v, AIGW_E_JSON_RANGE, "integer (no fraction or exponent)");
        dig = (unsigned)(*p - '0');
        if (acc > (lim - dig) / 10)
            return aigw_dec_fail(d, v, AIGW_E_JSON_RANGE, "int64 range");
        acc = acc * 10 + dig;
    }
    if (neg) *out = acc == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)acc;
    else *out = (int64_t)acc;
    return AIGW_OK;
}

aigw_err_t aigw_dec_int(aigw_dec_t *d, int v, aigw_int_t *out)
{
    aigw_err_t err;
    if (aigw_dec_is_null(d, v)) { out->state = AIGW_NULL; return AIGW_OK; }
    err = aigw_dec_int64(d, v, &out->value);
    if (!err) out->state = AIGW_SET;
    return err;
}

aigw_err_t aigw_dec_str(aigw_dec_t *d, int v, aigw_str_t *out)
{
    aigw_tok_t *t = &d->t[v];
    const char *p;
    size_t n, len = 0;
    char *dst;
    if (t->type != AIGW_TOK_STRING) return aigw_dec_fail(d, v, AIGW_E_JSON_TYPE, "string");
    p = d->s + t->start;
    n = (size_t)(t->end - t->start);
    out->ptr = p;
    out->len = n;
    /* Zero copy: no escape (the usual case), or unescaped in place already. */
    if (t->size == AIGW_DEC_UNESCAPED || d->nostore || !memchr(p, '\\', n)) return AIGW_OK;
    if (aigw_jstr_check(p, n, &len)) /* aigw_json_parse checked it; hand-made tokens */
        return aigw_dec_fail(d, v, AIGW_E_JSON_UTF8, "string");
    out->len = len;
    if (d->js->in_place) {
        /* unescaped over the text once the whole decode succeeded */
        if (t->size != AIGW_DEC_PENDING) {
            t->size = AIGW_DEC_PENDING;
            d->pending++;
        }
        return AIGW_OK;
    }
    dst = (char *)aigw_dec_alloc(d, len, 1, 1);
    if (dst) aigw_jstr_unescape(p, n, dst);
    out->ptr = dst;
    return AIGW_OK;
}

aigw_err_t aigw_dec_text(aigw_dec_t *d, int v, aigw_text_t *out)
{
    aigw_err_t err;
    if (aigw_dec_is_null(d, v)) { out->state = AIGW_NULL; return AIGW_OK; }
    err = aigw_dec_str(d, v, &out->value);
    if (!err) out->state = AIGW_SET;
    return err;
}

/* The value of an enum string still escaped in the text (in place, pending). */
static int enum_escaped(aigw_enum_kind_t kind, const char *p, size_t n)
{
    int v;
    const char *name;
    for (v = 1; (name = aigw_enum_name(kind, v)) != NULL; v++)
        if (aigw_jstr_equal(p, n, name, strlen(name))) return v;
    return AIGW_ENUM_OTHER;
}

aigw_err_t aigw_dec_enum(aigw_dec_t *d, int v, aigw_enum_kind_t kind, aigw_enum_t *out)
{
    aigw_err_t err;
    const aigw_tok_t *t = &d->t[v];
    if (aigw_dec_is_null(d, v)) { out->state = AIGW_NULL; return AIGW_OK; }
    err = aigw_dec_str(d, v, &out->raw);
    if (err) return err;
    out->state = AIGW_SET;
    if (t->size == AIGW_DEC_PENDING)
        out->value = enum_escaped(kind, d->s + t->start, (size_t)(t->end - t->start));
    else /* counting only, an escaped string has no text: the value does not matter then */
        out->value = out->raw.ptr ? aigw_enum_parse(kind, out->raw.ptr, out->raw.len) : AIGW_ENUM_OTHER;
    return AIGW_OK;
}

aigw_err_t aigw_dec_array(aigw_dec_t *d, int v, size_t max, const char *limit_rule,
                          aigw_state_t *state, size_t *count)
{
    const aigw_tok_t *t = &d->t[v];
    *count = 0;
    if (aigw_dec_is_null(d, v)) { *state = AIGW_NULL; return AIGW_OK; }
    if (t->type != AIGW_TOK_ARRAY) return aigw_dec_fail(d, v, AIGW_E_JSON_TYPE, "array");
    if (max && (size_t)t->size > max) return aigw_dec_fail(d, v, AIGW_E_JSON_LIMIT, limit_rule);
    *state = AIGW_SET;
    *count = (size_t)t->size;
    return AIGW_OK;
}

aigw_err_t aigw_dec_object(aigw_dec_t *d, int v, aigw_state_t *state)
{
    if (aigw_dec_is_null(d, v)) { *state = AIGW_NULL; return AIGW_OK; }
    if (d->t[v].type != AIGW_TOK_OBJECT) return aigw_dec_fail(d, v, AIGW_E_JSON_TYPE, "object");
    *state = AIGW_SET;
    return AIGW_OK;
}
