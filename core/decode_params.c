/* SPDX-License-Identifier: MIT */
/*
 * Update-model members (aigw_params_t) from JSON: the one member decoder
 * behind aigw_params_decode() and aigw_gateway_decode(), a walker over the
 * schema table (core/schema.h, generated into core/schema_table.c).
 *
 * One pass over the tokens: each member's value is decoded by its kind's
 * handler, which returns the token after the value, so no value is skipped
 * or scanned twice. An object's members are matched against its table by
 * bytes (starting after the last one matched: bodies mostly come in table
 * order), by code points only when the name holds an escape.
 *
 * Members the model does not know are kept as raw slices in the extra list
 * of the object they stand in, so a read-modify-write never drops what aigw
 * does not understand, and never sends an old copy of what it does.
 *
 * Once the arena is out of room, arrays get no items: the walk goes on
 * with no place to store (base NULL) and only counts, so AIGW_E_ARENA says
 * exactly how much is needed (core/decode.c).
 */
#include <string.h>

#include "decode_internal.h"
#include "schema.h"

#define ALIGN AIGW_ARENA_ALIGN

/* The handlers keep their own frames: inlined into dec_obj, which recurses
 * once per nesting level, their scratch would be paid at every level. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* Each kind's handler (k_*) decodes the value at token v of member f into
 * at (NULL: counting only) and returns the token after the value, or -1
 * (d->err set). */

static int dec_obj(aigw_dec_t *d, int obj, unsigned oi, char *base, int *gwk);

/* A list member's {items, count} (every list kind: aigw_slist_t's layout). */
static void set_list(void *at, const void *items, size_t n)
{
    /* memcpy: the pointer member's declared type is the item type's */
    memcpy((char *)at + offsetof(aigw_slist_t, items), &items, sizeof items);
    memcpy((char *)at + offsetof(aigw_slist_t, count), &n, sizeof n);
}

/* ---- scalars ---------------------------------------------------------------- */

NOINLINE static int k_bool(aigw_dec_t *d, int v, const aigw_sfield_t *f, void *at)
{
    aigw_bool_t tmp;
    (void)f;
    return aigw_dec_bool(d, v, at ? (aigw_bool_t *)at : &tmp) ? -1 : v + 1;
}

NOINLINE static int k_int(aigw_dec_t *d, int v, const aigw_sfield_t *f, void *at)
{
    aigw_int_t tmp;
    (void)f;
    return aigw_dec_int(d, v, at ? (aigw_int_t *)at : &tmp) ? -1 : v + 1;
}

/* A JSON number (checked by aigw_json_parse), kept as its text. */
NOINLINE static int k_num(aigw_dec_t *d, int v, const aigw_sfield_t *f, void *at)
{
    aigw_num_t tmp, *o = at ? (aigw_num_t *)at : &tmp;
    const aigw_tok_t *t = &d->t[v];
    char c = d->s[t->start];
    (void)f;
    if (t->type != AIGW_TOK_PRIMITIVE || c == 't' || c == 'f') {
        aigw_dec_fail(d, v, AIGW_E_JSON_TYPE, "number");
        return -1;
    }
    if (c == 'n') {
        o->state = AIGW_NULL;
    } else {
        o->state = AIGW_SET;
        o->text = aigw_dec_raw(d, v);
    }
    return v + 1;
}

NOINLINE static int k_text(aigw_dec_t *d, int v, const aigw_sfield_t *f, void *at)
{
    aigw_text_t tmp;
    (void)f;
    return aigw_dec_text(d, v, at ? (aigw_text_t *)at : &tmp) ? -1 : v + 1;
}

NOINLINE static int k_enum(aigw_dec_t *d, int v, const aigw_sfield_t *f, void *at)
{
    aigw_enum_t tmp;
    return aigw_dec_enum(d, v, (aigw_enum_kind_t)f->arg, at ? (aigw_enum_t *)at : &tmp) ? -1 : v + 1;
}

/* A JSON object kept as its text. */
NOINLINE static int k_json(aigw_dec_t *d, int v, const aigw_sfield_t *f, void *at)
{
    aigw_json_text_t tmp, *o = at ? (aigw_json_text_t *)at : &tmp;
    (void)f;
    if (aigw_dec_is_null(d, v)) {
        o->state = AIGW_NULL;
        return v + 1;
    }
    if (d->t[v].type != AIGW_TOK_OBJECT) {
        aigw_dec_fail(d, v, AIGW_E_JSON_TYPE, "object");
        return -1;
    }
    o->state = AIGW_SET;
    o->json = aigw_dec_raw(d, v);
    return aigw_dec_next(d, v);
}

/* ---- lists -------------------------------------------------------------------- */

/* An array member or null: the state into at, the item count into *n; 0 or -1 (error). */
static int list_head(aigw_dec_t *d, int v, const aigw_sfield_t *f, void *at, size_t *n)
{
    aigw_state_t st;
    const aigw_slim_t *l = &aigw_slims[f->lim];
    if (aigw_dec_array(d, v, l->cfg_max, l->cfg_rule, &st, n)) return -1;
    if (at) *(aigw_state_t *)at = st;
    return 0;
}

NOINLINE static int k_strs(aigw_dec_t *d, int v, const aigw_sfield_t *f, void *at)
{
    size_t i, n;
    aigw_str_t *items, one;
    if (list_head(d, v, f, at, &n)) return -1;
    items = (aigw_str_t *)aigw_dec_alloc(d, n, sizeof *items, ALIGN);
    for (i = 0; i < n; i++)
        if (aigw_dec_str(d, v + 1 + (int)i, items ? &items[i] : &one)) return -1;
    if (at && n == 0) set_list(at, aigw_dec_empty(), 0);
    else if (at) set_list(at, items, n);
    return v + 1 + (int)n;
}

/* Items may be null (an aigw_enum_t has that state). */
NOINLINE static int k_enums(aigw_dec_t *d, int v, const aigw_sfield_t *f, void *at)
{
    size_t i, n;
    aigw_enum_t *items, one;
    if (list_head(d, v, f, at, &n)) return -1;
    items = (aigw_enum_t *)aigw_dec_alloc(d, n, sizeof *items, ALIGN);
    for (i = 0; i < n; i++) {
        aigw_enum_t *it = items ? &items[i] : &one;
        memset(it, 0, sizeof *it);
        if (aigw_dec_enum(d, v + 1 + (int)i, (aigw_enum_kind_t)f->arg, it)) return -1;
    }
    if (at && n == 0) set_list(at, aigw_dec_empty(), 0);
    else if (at) set_list(at, items, n);
    return v + 1 + (int)n;
}

/* Member name at key k of map v (keys at v+1, v+3, ...) into *name: once
 * in the map, unescaped into the arena (never in place: it is a member
 * name of the JSON text). 0 or -1. */
static int map_name(aigw_dec_t *d, int v, int k, aigw_str_t *name)
{
    const aigw_tok_t *kt = &d->t[k];
    const char *p = d->s + kt->start;
    size_t raw = (size_t)(kt->end - kt->start), len = 0;
    int k2;
    for (k2 = v + 1; k2 < k; k2 += 2)
        if (aigw_jstr_equal(p, raw, d->s + d->t[k2].start, (size_t)(d->t[k2].end - d->t[k2].start)))
            return aigw_dec_dup(d, k), -1;
    name->ptr = p;
    name->len = raw;
    if (!d->nostore && memchr(p, '\\', raw)) {
        char *dst;
        aigw_jstr_check(p, raw, &len);
        dst = (char *)aigw_dec_alloc(d, len, 1, 1);
        if (dst) aigw_jstr_unescape(p, raw, dst);
        name->ptr = dst;
        name->len = len;
    }
    return 0;
}

/* An object of strings (otel[].headers), kept in order; a name twice is
 * still ambiguous. */
NOINLINE static int k_map(aigw_dec_t *d, int v, const aigw_sfield_t *f, void *at)
{
    const aigw_slim_t *l = &aigw_slims[f->lim];
    aigw_state_t st;
    aigw_header_t *items, one;
    size_t i, n;
    int k;
    if (aigw_dec_object(d, v, &st)) return -1;
    if (at) *(aigw_state_t *)at = st;
    if (st != AIGW_SET) return v + 1;
    n = (size_t)d->t[v].size;
    if (l->cfg_max && n > l->cfg_max) return aigw_dec_fail(d, v, AIGW_E_JSON_LIMIT, l->cfg_rule), -1;
    items = (aigw_header_t *)aigw_dec_alloc(d, n, sizeof *items, ALIGN);
    for (i = 0, k = v + 1; i < n; i++, k += 2) {
        aigw_header_t *it = items ? &items[i] : &one;
        if (map_name(d, v, k, &it->name)) return -1;
        /* values are strings: one token each (anything else fails here) */
        if (aigw_dec_is_null(d, k + 1)) return aigw_dec_fail(d, k + 1, AIGW_E_JSON_TYPE, "string"), -1;
        if (aigw_dec_str(d, k + 1, &it->value)) return -1;
    }
    if (at && n == 0) set_list(at, aigw_dec_empty(), 0);
    else if (at) set_list(at, items, n);
    return k;
}

/* ---- objects -------------------------------------------------------------------- */

/* A non-list object: its state first, then its members. */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
NOINLINE static int k_obj(aigw_dec_t *d, int v, const aigw_sfield_t *f, void *at)
{
    aigw_state_t st;
    if (aigw_dec_object(d, v, &st)) return -1;
    if (at) *(aigw_state_t *)at = st;
    if (st != AIGW_SET) return v + 1;
    return dec_obj(d, v, f->arg, (char *)at, NULL);
}

/* A list of objects: the items (no state of their own) from the arena, zeroed. */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
NOINLINE static int k_objs(aigw_dec_t *d, int v, const aigw_sfield_t *f, void *at)
{
    const aigw_sobj_t *o = &aigw_sobjs[f->arg];
    size_t i, n;
    char *mem;
    int e = v + 1;
    if (list_head(d, v, f, at, &n)) return -1;
    mem = (char *)aigw_dec_alloc(d, n, o->size, ALIGN);
    for (i = 0; i < n; i++) {
        char *it = mem ? mem + i * o->size : NULL;
        if (d->t[e].type != AIGW_TOK_OBJECT) {
            aigw_dec_fail(d, e, AIGW_E_JSON_TYPE, "object");
            return -1;
        }
        if (it) memset(it, 0, o->size);
        e = dec_obj(d, e, f->arg, it, NULL);
        if (e < 0) return -1;
    }
    if (at && n == 0) set_list(at, aigw_dec_empty(), 0);
    else if (at) set_list(at, mem, n);
    return e;
}

/*
 * The value at token v of member f, by its kind: a case for every AIGW_K_*
 * and no default. The cases' values are distinct (the compiler checks) and
 * below AIGW_K__COUNT, so with as many cases as kinds every kind has its
 * own; a kind added to schema.h fails the check below until it has one.
 */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static int member(aigw_dec_t *d, int v, const aigw_sfield_t *f, void *at)
{
    switch (f->kind) {
    case AIGW_K_BOOL: return k_bool(d, v, f, at);
    case AIGW_K_INT: return k_int(d, v, f, at);
    case AIGW_K_NUM: return k_num(d, v, f, at);
    case AIGW_K_TEXT: return k_text(d, v, f, at);
    case AIGW_K_ENUM: return k_enum(d, v, f, at);
    case AIGW_K_STRS: return k_strs(d, v, f, at);
    case AIGW_K_ENUMS: return k_enums(d, v, f, at);
    case AIGW_K_MAP: return k_map(d, v, f, at);
    case AIGW_K_JSON: return k_json(d, v, f, at);
    case AIGW_K_OBJ: return k_obj(d, v, f, at);
    case AIGW_K_OBJS: return k_objs(d, v, f, at);
    }
    /* not a kind: a table this decoder was not built for */
    aigw_dec_fail(d, v, AIGW_E_INVALID, "kind");
    return -1;
}
typedef char member_has_a_case_per_kind[AIGW_K__COUNT == 11 ? 1 : -1];

/* ---- member names ---------------------------------------------------------------- */

/*
 * What the member at key k is in object o: a field index (>= 0, found by
 * bytes from field start on, then by code points if the name has an
 * escape), a gateway member (gw: -2 - its number) or -1 (not modelled).
 */
static int classify(const aigw_dec_t *d, int k, const aigw_sobj_t *o, int start, bool gw)
{
    const aigw_tok_t *t = &d->t[k];
    const char *p = d->s + t->start;
    size_t n = (size_t)(t->end - t->start);
    int j = start, c, g;
    /* the gateway's own names first (none is a name of the table) */
    if (gw && AIGW_DEC_GATEWAY_LEN(n) && (g = aigw_dec_gateway_name(d, k, false)) >= 0) return -2 - g;
    for (c = 0; c < o->nf; c++) {
        if (o->f[j].nlen == n && !memcmp(p, o->f[j].name, n)) return j;
        if (++j == o->nf) j = 0;
    }
    if (!memchr(p, '\\', n)) return -1;
    for (j = 0; j < o->nf; j++)
        if (aigw_jstr_equal(p, n, o->f[j].name, o->f[j].nlen)) return j;
    if (gw && (g = aigw_dec_gateway_name(d, k, true)) >= 0) return -2 - g;
    return -1;
}

/* classify(), the member the table expects next tried first, inline
 * (bodies mostly come in the table's order). */
static inline int which(const aigw_dec_t *d, int k, const aigw_sobj_t *o, int start, bool gw)
{
    const aigw_sfield_t *h = &o->f[start];
    const aigw_tok_t *kt = &d->t[k];
    if (h->nlen == (size_t)(kt->end - kt->start) && !memcmp(d->s + kt->start, h->name, h->nlen)) return start;
    return classify(d, k, o, start, gw);
}

/* Does a member from key fx on, before key k, have k's name (after unescaping)? */
static bool name_before(const aigw_dec_t *d, int fx, int k)
{
    const aigw_tok_t *t = &d->t[k];
    int k2;
    for (k2 = fx; k2 < k; k2 = aigw_dec_next(d, k2 + 1))
        if (aigw_jstr_equal(d->s + t->start, (size_t)(t->end - t->start), d->s + d->t[k2].start,
                            (size_t)(d->t[k2].end - d->t[k2].start)))
            return true;
    return false;
}

/*
 * The nx members of object obj the model does not know, from key fx on, as
 * raw slices (name as it stood between the quotes, the value's text) into
 * the object's extra list.
 */
static void keep_extra(aigw_dec_t *d, int fx, const aigw_sobj_t *o, char *base, bool gw, size_t nx)
{
    aigw_member_t *m = (aigw_member_t *)aigw_dec_alloc(d, nx, sizeof *m, ALIGN);
    aigw_members_t *extra;
    size_t x = 0;
    int k;
    if (!base) return;
    extra = (aigw_members_t *)(void *)(base + o->xoff);
    extra->items = m;
    extra->count = m ? nx : 0;
    for (k = fx; m && x < nx; k = aigw_dec_next(d, k + 1)) {
        if (classify(d, k, o, 0, gw) != -1) continue;
        m[x].name = aigw_dec_raw_key(d, k);
        m[x].json = aigw_dec_raw(d, k + 1);
        x++;
    }
}

/*
 * The members of object obj (an object token) as object oi of the table,
 * into base (NULL: counting only). gwk (the top level of a gateway, else
 * NULL): the key tokens of the gateway's own members go there, decoded by
 * the caller, so their code (a date's parse) is not under every level of
 * this recursion. Each member at most once: a bit per modelled member, the
 * gateway's keys, the earlier names for the ones not modelled. Returns
 * the token after the object, or -1.
 */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static int dec_obj(aigw_dec_t *d, int obj, unsigned oi, char *base, int *gwk)
{
    const aigw_sobj_t *o = &aigw_sobjs[oi];
    int i, nm = d->t[obj].size, k = obj + 1, start = 0, fx = -1;
    uint32_t seen = 0;
    size_t nx = 0;
    for (i = 0; i < nm; i++) {
        int j = which(d, k, o, start, gwk != NULL);
        if (j >= 0) {
            const aigw_sfield_t *f = &o->f[j];
            if (seen & (1u << j)) return aigw_dec_dup(d, k), -1;
            seen |= 1u << j;
            start = j + 1 == o->nf ? 0 : j + 1;
            k = member(d, k + 1, f, base ? base + f->off : NULL);
            if (k < 0) return -1;
        } else if (j < -1 && gwk) { /* classify() gives a gateway member only with gwk */
            if (gwk[-2 - j] >= 0) return aigw_dec_dup(d, k), -1;
            gwk[-2 - j] = k;
            k = aigw_dec_next(d, k + 1);
        } else {
            if (++nx > AIGW_MAX_EXTRA_MEMBERS)
                return aigw_dec_fail(d, k, AIGW_E_JSON_LIMIT, "AIGW_MAX_EXTRA_MEMBERS"), -1;
            if (fx < 0) fx = k;
            else if (name_before(d, fx, k)) return aigw_dec_dup(d, k), -1;
            k = aigw_dec_next(d, k + 1);
        }
    }
    if (nx) keep_extra(d, fx, o, base, gwk != NULL, nx);
    return k;
}

aigw_err_t aigw_dec_members(aigw_dec_t *d, int obj, aigw_params_t *p, aigw_gateway_t *gw)
{
    int gwk[4] = { -1, -1, -1, -1 }, g;
    if (d->t[obj].type != AIGW_TOK_OBJECT) return aigw_dec_fail(d, obj, AIGW_E_JSON_TYPE, "object");
    if (dec_obj(d, obj, AIGW_SOBJ_PARAMS, (char *)p, gw ? gwk : NULL) < 0) return d->err;
    for (g = 0; gw && g < 4; g++)
        if (gwk[g] >= 0 && aigw_dec_gateway_member(d, g, gwk[g], gwk[g] + 1, gw)) return d->err;
    return AIGW_OK;
}

static void params_clear(void *out)
{
    memset(out, 0, sizeof(aigw_params_t));
}

static aigw_err_t params_fn(aigw_dec_t *d, int tok, void *out)
{
    return aigw_dec_members(d, tok, (aigw_params_t *)out, NULL);
}

aigw_err_t aigw_params_decode(aigw_json_t *js, int tok, aigw_arena_t *arena,
                              aigw_params_t *p, aigw_diag_t *diag)
{
    return aigw_dec_run(js, tok, arena, params_fn, params_clear, p, diag);
}

aigw_err_t aigw_params_from_json(const char *text, size_t len, aigw_tok_t *tok, size_t tok_cap,
                                 aigw_arena_t *arena, aigw_params_t *p, aigw_diag_t *diag)
{
    aigw_json_t js;
    aigw_err_t err;
    if (p) memset(p, 0, sizeof *p);
    err = aigw_json_parse(&js, text, len, tok, tok_cap, diag);
    if (err) return err;
    return aigw_params_decode(&js, 0, arena, p, diag);
}

const aigw_member_t *aigw_params_extra_find(const aigw_params_t *p, const char *name, size_t len)
{
    size_t i;
    if (!p || !name) return NULL;
    for (i = 0; i < p->extra.count; i++)
        if (aigw_jstr_same_name(p->extra.items[i].name.ptr, p->extra.items[i].name.len, name, len))
            return &p->extra.items[i];
    return NULL;
}
