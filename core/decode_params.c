/* SPDX-License-Identifier: MIT */
/*
 * Update-model members (aigw_params_t) from JSON: the one member decoder
 * behind aigw_params_decode() and aigw_gateway_decode().
 *
 * Members the model does not know are kept as raw slices in the extra list
 * of the object they stand in (the top level, dlp, each policy, each otel
 * entry, stripe, each usage event), so a read-modify-write never drops what
 * aigw does not understand, and never sends an old copy of what it does.
 */
#include <string.h>

#include "decode_internal.h"
#include "params_fields.h"

#define ALIGN AIGW_ARENA_ALIGN

/* The nested decoders keep their own frames (scratch items): inlined into
 * aigw_dec_members they would add up there, under every other member's
 * path (a date's RFC 3339 parse, say). */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

#define fields aigw_pfields
#define NFIELDS AIGW_PFIELDS

static int field_of(const aigw_dec_t *d, int k)
{
    int f;
    for (f = 0; f < NFIELDS; f++)
        if (aigw_dec_key_is(d, k, fields[f].name)) return f;
    return -1;
}

/* ---- arrays of strings and enums ------------------------------------------ */

NOINLINE static aigw_err_t str_list(aigw_dec_t *d, int v, size_t max, const char *rule, aigw_str_list_t *o)
{
    size_t i, n;
    int e;
    aigw_str_t *items, scratch;
    aigw_err_t err = aigw_dec_array(d, v, max, rule, &o->state, &n);
    if (err || o->state != AIGW_SET) return err;
    items = (aigw_str_t *)aigw_dec_alloc(d, n, sizeof *items, ALIGN);
    AIGW_DEC_ITEMS(d, v, i, e) {
        err = aigw_dec_str(d, e, items ? &items[i] : &scratch);
        if (err) return err;
    }
    o->items = items ? items : (const aigw_str_t *)aigw_dec_empty();
    o->count = n;
    return AIGW_OK;
}

NOINLINE static aigw_err_t enum_list(aigw_dec_t *d, int v, size_t max, const char *rule,
                            aigw_enum_kind_t kind, aigw_enum_list_t *o)
{
    size_t i, n;
    int e;
    aigw_enum_t *items, scratch;
    aigw_err_t err = aigw_dec_array(d, v, max, rule, &o->state, &n);
    if (err || o->state != AIGW_SET) return err;
    items = (aigw_enum_t *)aigw_dec_alloc(d, n, sizeof *items, ALIGN);
    AIGW_DEC_ITEMS(d, v, i, e) {
        aigw_enum_t *it = items ? &items[i] : &scratch;
        memset(it, 0, sizeof *it);
        err = aigw_dec_enum(d, e, kind, it);
        if (err) return err;
    }
    o->items = items ? items : (const aigw_enum_t *)aigw_dec_empty();
    o->count = n;
    return AIGW_OK;
}

/* ---- nested objects: member tables ---------------------------------------- */

/* The member tables are shared with the encoder (params_fields.c). */
typedef aigw_nfield_t nfield_t;
typedef aigw_parr_t arr_t;
#define arrays aigw_parrs
#define A_POLICIES AIGW_PA_POLICIES
#define A_EVENTS AIGW_PA_EVENTS
#define A_OTEL AIGW_PA_OTEL
#define N_OBJS AIGW_PF_OBJS

/*
 * In the measuring pass an array's items have no arena memory yet: each
 * member is then decoded into this one-member scratch (never a whole item,
 * so the walk's deepest frame stays small) and thrown away.
 */
typedef union {
    aigw_text_t text;
    aigw_enum_t en;
    aigw_bool_t b;
    aigw_str_list_t strs;
    aigw_enum_list_t enums;
    struct {
        aigw_state_t state;
        const aigw_header_t *items;
        size_t count;
    } headers;
} mscratch_t;

/* otel[].headers: *state, *out_items and *out_count set (an aigw_otel_t's or a scratch's). */
NOINLINE static aigw_err_t otel_headers(aigw_dec_t *d, int obj, aigw_state_t *state,
                                        const aigw_header_t **out_items, size_t *out_count)
{
    int i, k, v, k2, v2, i2;
    aigw_header_t *items, scratch;
    aigw_err_t err = aigw_dec_object(d, obj, state);
    size_t n;
    if (err || *state != AIGW_SET) return err;
    n = (size_t)d->t[obj].size;
    if (n > AIGW_MAX_OTEL_HEADERS)
        return aigw_dec_fail(d, obj, AIGW_E_JSON_LIMIT, "AIGW_MAX_OTEL_HEADERS");
    items = (aigw_header_t *)aigw_dec_alloc(d, n, sizeof *items, ALIGN);
    AIGW_DEC_MEMBERS(d, obj, i, k, v) {
        aigw_header_t *it = items ? &items[i] : &scratch;
        /* A map: every name is data, but a name twice is still ambiguous. */
        AIGW_DEC_MEMBERS(d, obj, i2, k2, v2) {
            if (k2 >= k) break;
            if (aigw_jstr_equal(d->s + d->t[k].start, (size_t)(d->t[k].end - d->t[k].start),
                                d->s + d->t[k2].start, (size_t)(d->t[k2].end - d->t[k2].start)))
                return aigw_dec_dup(d, k);
        }
        /* Header names are unescaped like values (they are data, not member names). */
        {
            aigw_tok_t kt = d->t[k];
            aigw_str_t nm;
            const char *p = d->s + kt.start;
            size_t len = 0, raw = (size_t)(kt.end - kt.start);
            nm.ptr = p;
            nm.len = raw;
            if (memchr(p, '\\', raw) && !d->nostore) {
                char *dst;
                aigw_jstr_check(p, raw, &len);
                dst = (char *)aigw_dec_alloc(d, len, 1, 1);
                if (d->write && !dst) return aigw_dec_fail(d, k, AIGW_E_ARENA, "arena");
                if (dst) aigw_jstr_unescape(p, raw, dst);
                nm.ptr = dst;
                nm.len = len;
            }
            it->name = nm;
        }
        if (aigw_dec_is_null(d, v)) return aigw_dec_fail(d, v, AIGW_E_JSON_TYPE, "string");
        err = aigw_dec_str(d, v, &it->value);
        if (err) return err;
    }
    *out_items = items ? items : (const aigw_header_t *)aigw_dec_empty();
    *out_count = n;
    return AIGW_OK;
}

/* Index of member k in table f, or -1 (a member the model does not know). */
static int find(const aigw_dec_t *d, int k, const nfield_t *f, int nf)
{
    int j;
    for (j = 0; j < nf; j++)
        if (aigw_dec_key_is(d, k, f[j].name)) return j;
    return -1;
}

/* Member f of the object at base, or of scratch m when base is NULL (measuring an item). */
static aigw_err_t flat_value(aigw_dec_t *d, int v, const nfield_t *f, char *base, mscratch_t *m)
{
    void *at = base ? (void *)(base + f->off) : (void *)m;
    /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): every caller passes base or m, never neither */
    if (!base) memset(m, 0, sizeof *m);
    switch (f->kind) {
    case AIGW_PF_TEXT: return aigw_dec_text(d, v, (aigw_text_t *)at);
    case AIGW_PF_ENUM: return aigw_dec_enum(d, v, (aigw_enum_kind_t)f->arg, (aigw_enum_t *)at);
    case AIGW_PF_BOOL: return aigw_dec_bool(d, v, (aigw_bool_t *)at);
    case AIGW_PF_STRS:
        return str_list(d, v, AIGW_MAX_DLP_PROFILES, "AIGW_MAX_DLP_PROFILES", (aigw_str_list_t *)at);
    case AIGW_PF_ENUMS:
        return enum_list(d, v, AIGW_MAX_DLP_CHECKS, "AIGW_MAX_DLP_CHECKS", (aigw_enum_kind_t)f->arg,
                         (aigw_enum_list_t *)at);
    default:
        if (base) {
            aigw_otel_t *o = (aigw_otel_t *)(void *)base;
            return otel_headers(d, v, &o->headers.state, &o->headers.items, &o->headers.count);
        }
        return otel_headers(d, v, &m->headers.state, &m->headers.items, &m->headers.count);
    }
}

/* Member k at most once: the state of a member seen already is not AIGW_ABSENT. */
static int member_of(aigw_dec_t *d, int k, const nfield_t *f, int nf, const void *base, aigw_err_t *err)
{
    int j = find(d, k, f, nf);
    *err = AIGW_OK;
    if (j >= 0 && *(const aigw_state_t *)(const void *)((const char *)base + f[j].off) != AIGW_ABSENT)
        *err = aigw_dec_dup(d, k);
    return j;
}

/*
 * The members of object obj that table f does not name, as raw slices in
 * *out (NULL: an item being measured), after its modelled members: at most
 * AIGW_MAX_EXTRA_MEMBERS, each name once after unescaping (a modelled name
 * is never among them, so comparing with every earlier name is enough).
 */
NOINLINE static aigw_err_t unknowns(aigw_dec_t *d, int obj, const nfield_t *f, int nf, aigw_members_t *out)
{
    int i, k, v, i2, k2, v2;
    size_t n = 0, x = 0;
    aigw_member_t *m;
    AIGW_DEC_MEMBERS(d, obj, i, k, v) {
        if (find(d, k, f, nf) >= 0) continue;
        if (++n > AIGW_MAX_EXTRA_MEMBERS)
            return aigw_dec_fail(d, k, AIGW_E_JSON_LIMIT, "AIGW_MAX_EXTRA_MEMBERS");
        AIGW_DEC_MEMBERS(d, obj, i2, k2, v2) {
            if (k2 >= k) break;
            if (aigw_jstr_equal(d->s + d->t[k].start, (size_t)(d->t[k].end - d->t[k].start),
                                d->s + d->t[k2].start, (size_t)(d->t[k2].end - d->t[k2].start)))
                return aigw_dec_dup(d, k);
        }
    }
    m = (aigw_member_t *)aigw_dec_alloc(d, n, sizeof *m, ALIGN);
    if (d->write && n && !m && !d->nostore) return aigw_dec_fail(d, obj, AIGW_E_ARENA, "arena");
    if (m) {
        AIGW_DEC_MEMBERS(d, obj, i, k, v) {
            if (find(d, k, f, nf) >= 0) continue;
            m[x].name = aigw_dec_raw_key(d, k);
            m[x].json = aigw_dec_raw(d, v);
            x++;
        }
    }
    if (out) {
        out->items = m;
        out->count = m ? n : 0;
    }
    (void)v2;
    return AIGW_OK;
}

/* An object of scalars and lists (a policy, an otel entry, a usage event) at
 * base, or only measured when base is NULL. Each member at most once (a
 * bit per member: the same rule as a state that is no longer AIGW_ABSENT). */
static aigw_err_t flat_object(aigw_dec_t *d, int obj, const arr_t *a, char *base)
{
    int i, k, v, j;
    unsigned seen = 0;
    mscratch_t m;
    aigw_err_t err;
    if (d->t[obj].type != AIGW_TOK_OBJECT) return aigw_dec_fail(d, obj, AIGW_E_JSON_TYPE, "object");
    AIGW_DEC_MEMBERS(d, obj, i, k, v) {
        j = find(d, k, a->f, a->nf);
        if (j < 0) continue; /* unknowns() keeps it */
        if (seen & (1u << j)) return aigw_dec_dup(d, k);
        seen |= 1u << j;
        err = flat_value(d, v, &a->f[j], base, &m);
        if (err) return err;
    }
    return unknowns(d, obj, a->f, a->nf, base ? (aigw_members_t *)(void *)(base + a->xoff) : NULL);
}

/* An array (or null) of flat objects: *items and *n set when SET. */
NOINLINE static aigw_err_t obj_array(aigw_dec_t *d, int v, const arr_t *a, aigw_state_t *state,
                                     void **items, size_t *n)
{
    size_t i;
    int e;
    char *mem;
    aigw_err_t err = aigw_dec_array(d, v, a->max, a->rule, state, n);
    if (err || *state != AIGW_SET) return err;
    mem = (char *)aigw_dec_alloc(d, *n, a->size, ALIGN);
    AIGW_DEC_ITEMS(d, v, i, e) {
        char *it = mem ? mem + i * a->size : NULL;
        if (it) memset(it, 0, a->size);
        err = flat_object(d, e, a, it);
        if (err) return err;
    }
    /* NOLINTNEXTLINE(performance-no-int-to-ptr): drops const on the shared empty array, never written */
    *items = mem ? (void *)mem : (void *)(uintptr_t)aigw_dec_empty();
    return AIGW_OK;
}

/* dlp and stripe: an object (or null) whose members include one array of objects. */
NOINLINE static aigw_err_t outer_object(aigw_dec_t *d, int obj, const nfield_t *f, int nf, unsigned xoff,
                                        void *base)
{
    int i, k, v, j;
    void *items;
    size_t n;
    aigw_err_t err = aigw_dec_object(d, obj, (aigw_state_t *)base);
    if (err || *(aigw_state_t *)base != AIGW_SET) return err;
    AIGW_DEC_MEMBERS(d, obj, i, k, v) {
        j = member_of(d, k, f, nf, base, &err);
        if (err) return err;
        if (j < 0) continue;
        if (f[j].kind != N_OBJS) {
            err = flat_value(d, v, &f[j], (char *)base, NULL);
        } else if (f[j].arg == A_POLICIES) {
            aigw_dlp_t *o = (aigw_dlp_t *)base;
            err = obj_array(d, v, &arrays[A_POLICIES], &o->policies.state, &items, &n);
            if (!err && o->policies.state == AIGW_SET) {
                o->policies.items = (const aigw_dlp_policy_t *)items;
                o->policies.count = n;
            }
        } else {
            aigw_stripe_t *o = (aigw_stripe_t *)base;
            err = obj_array(d, v, &arrays[A_EVENTS], &o->usage_events.state, &items, &n);
            if (!err && o->usage_events.state == AIGW_SET) {
                o->usage_events.items = (const aigw_usage_event_t *)items;
                o->usage_events.count = n;
            }
        }
        if (err) return err;
    }
    return unknowns(d, obj, f, nf, (aigw_members_t *)(void *)((char *)base + xoff));
}

/* ---- top-level members ---------------------------------------------------- */

static aigw_state_t field_state(const aigw_params_t *p, int f)
{
    return aigw_pfield_state(p, &fields[f]);
}

static aigw_err_t field(aigw_dec_t *d, int f, int v, aigw_params_t *p)
{
    void *at = (char *)p + fields[f].off;
    void *items;
    size_t n;
    aigw_err_t err;
    switch (fields[f].kind) {
    case AIGW_PF_BOOL: return aigw_dec_bool(d, v, (aigw_bool_t *)at);
    case AIGW_PF_INT: return aigw_dec_int(d, v, (aigw_int_t *)at);
    case AIGW_PF_TEXT: return aigw_dec_text(d, v, (aigw_text_t *)at);
    case AIGW_PF_ENUM: return aigw_dec_enum(d, v, (aigw_enum_kind_t)AIGW_PF_ARG(fields[f].rule), (aigw_enum_t *)at);
    case AIGW_PF_DLP: return outer_object(d, v, aigw_nf_dlp, 4, AIGW_DLP_XOFF, at);
    case AIGW_PF_STRIPE: return outer_object(d, v, aigw_nf_stripe, 2, AIGW_STRIPE_XOFF, at);
    default: /* AIGW_PF_OTEL */
        err = obj_array(d, v, &arrays[A_OTEL], &p->otel.state, &items, &n);
        if (!err && p->otel.state == AIGW_SET) {
            p->otel.items = (const aigw_otel_t *)items;
            p->otel.count = n;
        }
        return err;
    }
}

/* Is member k (value v) one that goes to extra? */
static bool is_extra(const aigw_dec_t *d, int k, const aigw_gateway_t *gw)
{
    if (gw && aigw_dec_gateway_owns(d, k)) return false;
    return field_of(d, k) < 0;
}

/* Extra member k: its name must differ from every extra member before it. */
static aigw_err_t extra_unique(aigw_dec_t *d, int obj, int k, const aigw_gateway_t *gw)
{
    int i2, k2, v2;
    AIGW_DEC_MEMBERS(d, obj, i2, k2, v2) {
        if (k2 >= k) break;
        if (is_extra(d, k2, gw) &&
            aigw_jstr_equal(d->s + d->t[k].start, (size_t)(d->t[k].end - d->t[k].start),
                            d->s + d->t[k2].start, (size_t)(d->t[k2].end - d->t[k2].start)))
            return aigw_dec_dup(d, k);
    }
    (void)v2;
    return AIGW_OK;
}

/* Member k (value v): the gateway's own, a modelled field, or one more extra. */
static aigw_err_t one_member(aigw_dec_t *d, int obj, int k, int v, aigw_params_t *p, aigw_gateway_t *gw,
                             size_t *nextra)
{
    int f;
    aigw_err_t err;
    if (gw) {
        bool handled = false;
        err = aigw_dec_gateway_member(d, k, v, gw, &handled);
        if (err || handled) return err;
    }
    f = field_of(d, k);
    if (f >= 0) {
        if (field_state(p, f) != AIGW_ABSENT) return aigw_dec_dup(d, k);
        return field(d, f, v, p); /* one call site, so field() stays inlined (stack) */
    }
    /* An extra member: bounded, and unique among the extra ones. */
    if (++*nextra > AIGW_MAX_EXTRA_MEMBERS) return aigw_dec_fail(d, k, AIGW_E_JSON_LIMIT, "AIGW_MAX_EXTRA_MEMBERS");
    return extra_unique(d, obj, k, gw);
}

/* The extra members, raw, in the arena. Allocated after the member loop in
 * both passes, so the allocation sequence is the same. */
static aigw_err_t fill_extra(aigw_dec_t *d, int obj, aigw_params_t *p, const aigw_gateway_t *gw, size_t nextra)
{
    int i, k, v;
    size_t x = 0;
    aigw_member_t *extra = (aigw_member_t *)aigw_dec_alloc(d, nextra, sizeof *extra, ALIGN);
    if (d->write && nextra && !extra) return aigw_dec_fail(d, obj, AIGW_E_ARENA, "arena");
    if (extra) {
        AIGW_DEC_MEMBERS(d, obj, i, k, v) {
            if (!is_extra(d, k, gw) || x >= nextra) continue;
            extra[x].name = aigw_dec_raw_key(d, k);
            extra[x].json = aigw_dec_raw(d, v);
            x++;
        }
    }
    p->extra.items = extra;
    p->extra.count = extra ? x : 0;
    return AIGW_OK;
}

aigw_err_t aigw_dec_members(aigw_dec_t *d, int obj, aigw_params_t *p, aigw_gateway_t *gw)
{
    int i, k, v;
    size_t nextra = 0;
    aigw_err_t err;
    if (d->t[obj].type != AIGW_TOK_OBJECT) return aigw_dec_fail(d, obj, AIGW_E_JSON_TYPE, "object");
    AIGW_DEC_MEMBERS(d, obj, i, k, v) {
        err = one_member(d, obj, k, v, p, gw, &nextra);
        if (err) return err;
    }
    return fill_extra(d, obj, p, gw, nextra);
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
