/* SPDX-License-Identifier: MIT */
/*
 * Validator for the body of "Update a Gateway": every constraint of the
 * PUT requestBody schema of the build's AIGW_SCHEMA_VERSION, checked before
 * a byte is sent, by a generic walk over the descriptor table generated
 * from the official fragments (core/schema.h, core/schema_table.c). The
 * first broken rule wins, in the order the encoder writes the members, and
 * is reported as a field path plus the rule's name.
 *
 * What is checked, and why it matches a schema-checking server (Prism/ajv):
 *   - "required" and "nullable" per member; nested members and list items
 *     are never null unless the schema says so;
 *   - integer ranges, string lengths in code points (as ajv counts them),
 *     maxItems, "format uri" (uri_format.c), numbers kept as text;
 *   - every enum (AIGW_ENUM_OTHER only under AIGW_RELAXED_RANGES), and a
 *     member or value newer than AIGW_SCHEMA_VERSION is refused by name;
 *   - valid UTF-8 in every string, map names included, map names unique;
 *   - "anyOf" (dlp): valid when one variant is valid on its own members
 *     (members of the other variant are not constrained by it, as in JSON
 *     Schema); otherwise the variant with fewest required members missing
 *     is reported (the caller's evident intent; on a tie, the first);
 *   - the compile-time maxima AIGW_MAX_* (the rule names the limit).
 * Extra (unmodelled) members are the server's business; the encoder still
 * refuses one that is not a single JSON value.
 */
#include "aigw/aigw_model.h"

#include <string.h>
#include "field_path.h"
#include "json_raw.h"
#include "schema.h"
#include "uri_format.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* Where errors go; diag is NULL while probing an anyOf variant quietly. */
typedef struct {
    aigw_diag_t *diag;
} vctx_t;

static aigw_err_t fail(vctx_t *v, const aigw_fpath_t *at, const char *rule)
{
    return aigw_fpath_fail(v->diag, at, rule, AIGW_E_INVALID);
}

static aigw_err_t fail_arg(vctx_t *v, const aigw_fpath_t *at)
{
    return aigw_fpath_fail(v->diag, at, "NULL pointer", AIGW_E_ARG);
}

/* A member's limits, widened when AIGW_RELAXED_RANGES applies to it. */
static aigw_slim_t limits(const aigw_sfield_t *f)
{
    aigw_slim_t l = aigw_slims[f->lim];
#if AIGW_RELAXED_RANGES
    if (f->flags & AIGW_SF_RELAX) {
        int is_int = f->kind == AIGW_K_INT;
        l.min = 0;
        l.min_rule = is_int ? "minimum 0" : NULL;
        l.max_rule = NULL;
    }
#endif
    return l;
}

/* UTF-8 and length in code points between the limit's bounds (NULL rule: none). */
static aigw_err_t check_str(vctx_t *v, const aigw_fpath_t *at, aigw_str_t s, const aigw_slim_t *l)
{
    long n;
    if (!s.ptr && s.len > 0)
        return fail_arg(v, at);
    n = aigw_utf8_count(s.ptr, s.len);
    if (n < 0)
        return fail(v, at, "utf8");
    if (l && l->min_rule && n < (long)l->min)
        return fail(v, at, l->min_rule);
    if (l && l->max_rule && n > (long)l->max)
        return fail(v, at, l->max_rule);
    return AIGW_OK;
}

/* An enum value that is known to this build's schema, or (relaxed) an unknown one kept as text. */
static aigw_err_t check_enum(vctx_t *v, const aigw_fpath_t *at, const aigw_enum_t *en, unsigned kind)
{
    if (en->value != AIGW_ENUM_OTHER) {
        long since = aigw_enum_since((aigw_enum_kind_t)kind, en->value);
        if (since < 0)
            return fail(v, at, "enum");
#if !AIGW_RELAXED_RANGES
        /* a name a later schema added: refused by the version this build enforces */
        if (since > (long)AIGW_SCHEMA_VERSION)
            return fail(v, at, "enum (not in AIGW_SCHEMA_VERSION " STR(AIGW_SCHEMA_VERSION) ")");
#endif
        return AIGW_OK;
    }
#if AIGW_RELAXED_RANGES
    /* a newer API's value, sent back as it came: it must still be a string */
    if (en->raw.len == 0)
        return fail(v, at, "enum");
    return check_str(v, at, en->raw, NULL);
#else
    return fail(v, at, "enum");
#endif
}

/* A JSON number kept as text, above an exclusive minimum of 0 when the limit says so. */
static aigw_err_t check_num(vctx_t *v, const aigw_fpath_t *at, aigw_str_t t, const aigw_slim_t *l)
{
    size_t i;
    int nonzero = 0;
    if (!t.ptr)
        return fail_arg(v, at);
    if (aigw_json_raw_number(t.ptr, t.len))
        return fail(v, at, "type");
    for (i = 0; i < t.len && t.ptr[i] != 'e' && t.ptr[i] != 'E'; i++)
        nonzero |= t.ptr[i] >= '1' && t.ptr[i] <= '9';
    if (l->min_rule && (t.ptr[0] == '-' || !nonzero))
        return fail(v, at, l->min_rule);
    return AIGW_OK;
}

static aigw_err_t check_object(vctx_t *v, const aigw_fpath_t *at, const aigw_sobj_t *o, const char *base);

/* Item i of a list member f (items as bytes). */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static aigw_err_t check_item(vctx_t *v, const aigw_fpath_t *at, const aigw_sfield_t *f, const aigw_slist_t *l,
                             size_t i, const aigw_slim_t *lim)
{
    const char *items = (const char *)l->items;
    switch (f->kind) {
    case AIGW_K_STRS:
        return check_str(v, at, ((const aigw_str_t *)(const void *)items)[i], NULL);
    case AIGW_K_ENUMS: {
        const aigw_enum_t *en = &((const aigw_enum_t *)(const void *)items)[i];
        if (en->state != AIGW_SET)
            return fail(v, at, en->state == AIGW_ABSENT ? "required" : en->state == AIGW_NULL ? "not nullable" : "type");
        return check_enum(v, at, en, f->arg);
    }
    case AIGW_K_MAP: {
        const aigw_header_t *h = (const aigw_header_t *)(const void *)items;
        aigw_fpath_t k = aigw_fp_key(at->parent, h[i].name.ptr, h[i].name.len);
        aigw_slim_t values = *lim;
        size_t j;
        aigw_err_t e = check_str(v, &k, h[i].name, NULL); /* any string, but it must be one */
        values.min_rule = NULL;
        if (e == AIGW_OK)
            e = check_str(v, &k, h[i].value, &values);
        /* a map: a repeated name would write a JSON object with duplicate
         * keys, which servers read differently (first, last, or refused) */
        for (j = 0; e == AIGW_OK && j < i; j++)
            if (h[j].name.len == h[i].name.len &&
                (h[i].name.len == 0 || memcmp(h[j].name.ptr, h[i].name.ptr, h[i].name.len) == 0))
                return fail(v, &k, "unique names");
        return e;
    }
    case AIGW_K_OBJS:
        return check_object(v, at, &aigw_sobjs[f->arg], items + i * aigw_sobjs[f->arg].size);
    default:
        return fail(v, at, "kind"); /* not a list kind */
    }
}

/* A list or map: its size against the schema's maxItems and AIGW_MAX_*, then every item. */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static aigw_err_t check_list(vctx_t *v, const aigw_fpath_t *at, const aigw_sfield_t *f, const void *val,
                             const aigw_slim_t *lim)
{
    aigw_slist_t l;
    size_t i;
    aigw_err_t e = AIGW_OK;

    memcpy(&l, val, sizeof l);
    if (f->kind != AIGW_K_MAP && lim->max_rule && l.count > (size_t)lim->max)
        return fail(v, at, lim->max_rule);
    if (lim->cfg_rule && l.count > (size_t)lim->cfg_max)
        return fail(v, at, lim->cfg_rule);
    if (!l.items && l.count > 0)
        return fail_arg(v, at);
    for (i = 0; e == AIGW_OK && i < l.count; i++) {
        aigw_fpath_t it = aigw_fp_index(at, i);
        e = check_item(v, &it, f, &l, i, lim);
    }
    return e;
}

static aigw_err_t check_int(vctx_t *v, const aigw_fpath_t *at, int64_t x, const aigw_slim_t *l)
{
    if (l->min_rule && x < l->min)
        return fail(v, at, l->min_rule);
    if (l->max_rule && x > l->max)
        return fail(v, at, l->max_rule);
    return AIGW_OK;
}

static aigw_err_t check_text(vctx_t *v, const aigw_fpath_t *at, aigw_str_t t, const aigw_slim_t *l, unsigned flags)
{
    aigw_err_t e = check_str(v, at, t, l);
    if (e == AIGW_OK && (flags & AIGW_SF_URI) && !aigw_uri_format_ok(t.ptr, t.len))
        e = fail(v, at, "format uri");
    return e;
}

/* A JSON object kept as its text: exactly one value, and an object. */
static aigw_err_t check_json(vctx_t *v, const aigw_fpath_t *at, aigw_str_t t)
{
    const char *rule;
    if (!t.ptr)
        return fail_arg(v, at);
    rule = aigw_json_raw_object(t.ptr, t.len);
    return rule ? fail(v, at, rule) : AIGW_OK;
}

/* The value (SET) of member f at val. */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static aigw_err_t check_value(vctx_t *v, const aigw_fpath_t *at, const aigw_sfield_t *f, const void *val)
{
    aigw_slim_t l = limits(f);
    switch ((int)f->kind) {
    case AIGW_K_BOOL:
        return AIGW_OK;
    case AIGW_K_INT:
        return check_int(v, at, ((const aigw_int_t *)val)->value, &l);
    case AIGW_K_NUM:
        return check_num(v, at, ((const aigw_num_t *)val)->text, &l);
    case AIGW_K_TEXT:
        return check_text(v, at, ((const aigw_text_t *)val)->value, &l, f->flags);
    case AIGW_K_ENUM:
        return check_enum(v, at, (const aigw_enum_t *)val, f->arg);
    case AIGW_K_JSON:
        return check_json(v, at, ((const aigw_json_text_t *)val)->json);
    case AIGW_K_OBJ:
        return check_object(v, at, &aigw_sobjs[f->arg], (const char *)val);
    case AIGW_K_STRS:
    case AIGW_K_ENUMS:
    case AIGW_K_MAP:
    case AIGW_K_OBJS:
        return check_list(v, at, f, val, &l);
    default:
        return fail(v, at, "kind"); /* a table this walker does not know */
    }
}
/* every kind has its case above */
typedef char kinds_covered[AIGW_K__COUNT == 11 ? 1 : -1];

/* Presence, then the value: member f of the object at base, with flags (REQ per variant). */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static aigw_err_t check_member(vctx_t *v, const aigw_fpath_t *parent, const aigw_sfield_t *f, unsigned flags,
                               const char *base)
{
    aigw_fpath_t at = aigw_fp_member(parent, f->name);
    aigw_state_t st = aigw_sfield_state(base, f);

    if (st == AIGW_ABSENT)
        return (flags & AIGW_SF_REQ) ? fail(v, &at, "required") : AIGW_OK;
    if (st != AIGW_NULL && st != AIGW_SET)
        return fail(v, &at, "type"); /* not a state at all */
    if (flags & AIGW_SF_LATER) /* a member a later schema added */
        return fail(v, &at, "not in AIGW_SCHEMA_VERSION " STR(AIGW_SCHEMA_VERSION));
    if (st == AIGW_NULL)
        return (flags & AIGW_SF_NUL) ? AIGW_OK : fail(v, &at, "not nullable");
    return check_value(v, &at, f, base + f->off);
}

/* The members of o in mask has (every member when o has no variants), required as req says. */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static aigw_err_t check_members(vctx_t *v, const aigw_fpath_t *at, const aigw_sobj_t *o, const char *base,
                                const uint32_t *variant)
{
    aigw_err_t e = AIGW_OK;
    int j;
    for (j = 0; e == AIGW_OK && j < o->nf; j++) {
        unsigned flags = o->f[j].flags;
        if (variant) {
            if (!((variant[0] >> j) & 1u))
                continue;
            flags = (flags & ~AIGW_SF_REQ) | (((variant[1] >> j) & 1u) ? AIGW_SF_REQ : 0u);
        }
        e = check_member(v, at, &o->f[j], flags, base);
    }
    return e;
}

/* Required members of a variant that are absent. */
static int missing(const aigw_sobj_t *o, const char *base, uint32_t req)
{
    int j, n = 0;
    for (j = 0; j < o->nf; j++)
        n += ((req >> j) & 1u) && aigw_sfield_state(base, &o->f[j]) == AIGW_ABSENT;
    return n;
}

/* Recursion: once per nesting level of the table (AIGW_SCHEMA_DEPTH). */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static aigw_err_t check_object(vctx_t *v, const aigw_fpath_t *at, const aigw_sobj_t *o, const char *base)
{
    vctx_t quiet = { NULL };
    int k, best = 0;

    if (!o->nvar)
        return check_members(v, at, o, base, NULL);
    for (k = 0; k < o->nvar; k++)
        if (check_members(&quiet, at, o, base, o->var + (size_t)k * 2u) == AIGW_OK)
            return AIGW_OK;
    for (k = 1; k < o->nvar; k++)
        if (missing(o, base, o->var[(size_t)k * 2u + 1u]) < missing(o, base, o->var[(size_t)best * 2u + 1u]))
            best = k;
    return check_members(v, at, o, base, o->var + (size_t)best * 2u);
}

aigw_err_t aigw_params_validate(const aigw_params_t *p, aigw_diag_t *diag)
{
    return aigw_params_validate_changes(p, NULL, diag);
}

aigw_err_t aigw_params_validate_changes(const aigw_params_t *p, const aigw_params_t *base, aigw_diag_t *diag)
{
    const aigw_sobj_t *o = &aigw_sobjs[AIGW_SOBJ_PARAMS];
    vctx_t vc = { diag };
    aigw_err_t e;
    int i;

    if (!p)
        return aigw_fpath_fail(diag, NULL, "NULL pointer", AIGW_E_ARG);
    /* in the encoder's order: the first broken rule wins; a member the
     * caller left as the server sent it is the server's business */
    for (i = 0; i < o->nf; i++)
        if ((!base || !aigw_sfield_equal(&o->f[i], p, base)) &&
            (e = check_member(&vc, NULL, &o->f[i], o->f[i].flags, (const char *)p)) != AIGW_OK)
            return e;
    return aigw_fpath_ok(diag);
}

aigw_err_t aigw_id_validate(const char *id, size_t len, aigw_diag_t *diag)
{
    static const aigw_slim_t id_lim = { 1, 64, "minLength 1", "maxLength 64", 0, NULL };
    vctx_t vc = { diag };
    aigw_fpath_t f = aigw_fp_member(NULL, "id");
    aigw_str_t s;
    aigw_err_t e;

    s.ptr = id;
    s.len = len;
    e = check_str(&vc, &f, s, &id_lim);
    return e == AIGW_OK ? aigw_fpath_ok(diag) : e;
}
