/* SPDX-License-Identifier: MIT */
/*
 * Validator for the body of "Update a Gateway": every constraint of the PUT
 * requestBody schema in tools/upstream/api/ai-gateway.openapi.json, checked before a
 * byte is sent. The first broken rule wins, in the order the encoder writes
 * the members, and is reported as a field path plus the rule's name.
 *
 * What is checked, and why it matches a schema-checking server (Prism/ajv):
 *   - the five required members; required members of dlp variants, of
 *     dlp.policies[] items, otel[] items, stripe and stripe.usage_events[];
 *   - "nullable": only the members the schema marks nullable may be
 *     AIGW_NULL; nested members and array items never are;
 *   - integer ranges, string lengths in code points (as ajv counts them),
 *     otel maxItems 5, otel[].url "format uri" (see uri_format.c);
 *   - every enum (AIGW_ENUM_OTHER only under AIGW_RELAXED_RANGES);
 *   - valid UTF-8 in every string, header names included;
 *   - dlp "anyOf": valid when variant 1 {action, enabled, profiles} or
 *     variant 2 {enabled, policies} is valid on its own members (members of
 *     the other variant are not constrained by it, as in JSON Schema);
 *   - the compile-time maxima AIGW_MAX_* (the rule names the limit).
 * Extra (unmodelled) members are raw JSON kept for read-modify-write and
 * are not checked. AIGW_RELAXED_RANGES widens the ranges listed in
 * aigw_config.h to "non-negative" (and drops logpush_public_key's length).
 */
#include "aigw/aigw_model.h"

#include <string.h>
#include "field_path.h"
#include "params_fields.h"
#include "uri_format.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* Where errors go; diag is NULL while probing a dlp variant quietly. */
typedef struct {
    aigw_diag_t *diag;
} vctx_t;

typedef enum { OPTIONAL = 0, REQUIRED = 1 } req_t;
typedef enum { NOT_NULLABLE = 0, NULLABLE = 1 } nul_t;

static aigw_err_t fail(vctx_t *v, const aigw_fpath_t *at, const char *rule)
{
    return aigw_fpath_fail(v->diag, at, rule, AIGW_E_INVALID);
}

static aigw_err_t fail_arg(vctx_t *v, const aigw_fpath_t *at)
{
    return aigw_fpath_fail(v->diag, at, "NULL pointer", AIGW_E_ARG);
}

/*
 * Presence rules shared by every member. Returns AIGW_OK with *has_value
 * set when the value itself must be checked next.
 */
static aigw_err_t check_state(vctx_t *v, const aigw_fpath_t *at, aigw_state_t st,
                              req_t req, nul_t nul, int *has_value)
{
    *has_value = 0;
    switch (st) {
    case AIGW_ABSENT:
        return req == REQUIRED ? fail(v, at, "required") : AIGW_OK;
    case AIGW_NULL:
        return nul == NULLABLE ? AIGW_OK : fail(v, at, "not nullable");
    case AIGW_SET:
        *has_value = 1;
        return AIGW_OK;
    default:
        return fail(v, at, "type"); /* not a state at all */
    }
}

/* UTF-8 and length in code points; maxlen 0 means "no maximum". */
static aigw_err_t check_str(vctx_t *v, const aigw_fpath_t *at, aigw_str_t s,
                            size_t minlen, const char *min_rule,
                            size_t maxlen, const char *max_rule)
{
    long n;
    if (!s.ptr && s.len > 0)
        return fail_arg(v, at);
    n = aigw_utf8_count(s.ptr, s.len);
    if (n < 0)
        return fail(v, at, "utf8");
    if ((size_t)n < minlen)
        return fail(v, at, min_rule);
    if (maxlen > 0 && (size_t)n > maxlen)
        return fail(v, at, max_rule);
    return AIGW_OK;
}

/* A range of an INT or TEXT member; max 0: none (no modelled maximum is 0). */
typedef struct {
    int32_t min, max;
    const char *min_rule, *max_rule;
} range_t;

/* Indexed by AIGW_PR_*. AIGW_RELAXED_RANGES widens some to "non-negative"
 * (and drops logpush_public_key's length). */
static const range_t ranges[AIGW_PR__COUNT] = {
    { 0, 0, NULL, NULL },                                  /* AIGW_PR_NONE */
    { 0, 0, "minimum 0", NULL },                           /* AIGW_PR_MIN0 */
#if AIGW_RELAXED_RANGES
    { 0, 0, "minimum 0", NULL },                           /* AIGW_PR_LOG_MGMT */
    { 0, 0, "minimum 0", NULL },                           /* AIGW_PR_RETRY_DELAY */
    { 0, 0, "minimum 0", NULL },                           /* AIGW_PR_RETRY_ATTEMPTS */
    { 0, 0, NULL, NULL },                                  /* AIGW_PR_PUBKEY */
#else
    { 10000, 10000000, "minimum 10000", "maximum 10000000" },
    { 0, 5000, "minimum 0", "maximum 5000" },
    { 1, 5, "minimum 1", "maximum 5" },
    { 16, 1024, "minLength 16", "maxLength 1024" },
#endif
    { 0, 256, NULL, "maxLength 256" },                     /* AIGW_PR_MAX256 */
    { 0, 2048, NULL, "maxLength 2048" },                   /* AIGW_PR_URI2048 (+ format uri) */
};

/* An enum value that is known, or (relaxed) an unknown one kept as text. */
static aigw_err_t check_enum_value(vctx_t *v, const aigw_fpath_t *at, const aigw_enum_t *en,
                                   aigw_enum_kind_t kind)
{
    if (en->value != AIGW_ENUM_OTHER) {
        long since = aigw_enum_since(kind, en->value);
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
    return check_str(v, at, en->raw, 0, NULL, 0, NULL);
#else
    return fail(v, at, "enum");
#endif
}

#define REQ AIGW_PF_REQUIRED
#define NUL AIGW_PF_NULLABLE
#define RULE(flags, arg) AIGW_PF_RULE(flags, arg)

/*
 * One scalar member at `at` of kind AIGW_PF_BOOL/INT/TEXT/ENUM (an
 * aigw_bool_t, aigw_int_t, aigw_text_t or aigw_enum_t), with rule as in
 * params_fields.h: presence flags, and a range (INT, TEXT) or an enum kind.
 */
static aigw_err_t check_value(vctx_t *v, const aigw_fpath_t *at, unsigned kind, unsigned rule,
                              const void *val)
{
    unsigned arg = AIGW_PF_ARG(rule);
    const range_t *r = &ranges[arg < AIGW_PR__COUNT ? arg : 0];
    int has;
    aigw_err_t e = check_state(v, at, *(const aigw_state_t *)val, (rule & REQ) ? REQUIRED : OPTIONAL,
                               (rule & NUL) ? NULLABLE : NOT_NULLABLE, &has);

    if (e != AIGW_OK || !has)
        return e;
    switch (kind) {
    case AIGW_PF_BOOL:
        return AIGW_OK;
    case AIGW_PF_INT: {
        int64_t x = ((const aigw_int_t *)val)->value;
        if (x < r->min)
            return fail(v, at, r->min_rule);
        if (r->max != 0 && x > r->max)
            return fail(v, at, r->max_rule);
        return AIGW_OK;
    }
    case AIGW_PF_TEXT: {
        aigw_str_t t = ((const aigw_text_t *)val)->value;
        e = check_str(v, at, t, (size_t)r->min, r->min_rule, (size_t)r->max, r->max_rule);
        if (e == AIGW_OK && arg == AIGW_PR_URI2048 && !aigw_uri_format_ok(t.ptr, t.len))
            e = fail(v, at, "format uri");
        return e;
    }
    default:
        return check_enum_value(v, at, (const aigw_enum_t *)val, (aigw_enum_kind_t)arg);
    }
}


/*
 * Array presence and size. Items are never nullable in this schema, so a
 * list member itself decides only required/nullable; the caller walks the
 * items. schema_max 0: the schema sets no maxItems.
 */
static aigw_err_t check_array(vctx_t *v, const aigw_fpath_t *at, aigw_state_t st,
                              const void *items, size_t count, req_t req, nul_t nul,
                              size_t schema_max, const char *schema_rule,
                              size_t config_max, const char *config_rule, int *has_value)
{
    aigw_err_t e = check_state(v, at, st, req, nul, has_value);
    if (e != AIGW_OK || !*has_value)
        return e;
    if (schema_max > 0 && count > schema_max)
        return fail(v, at, schema_rule);
    if (count > config_max)
        return fail(v, at, config_rule);
    if (!items && count > 0)
        return fail_arg(v, at);
    return AIGW_OK;
}

static aigw_err_t check_str_list(vctx_t *v, const aigw_fpath_t *at, const aigw_str_list_t *l)
{
    int has;
    size_t i;
    aigw_err_t e = check_array(v, at, l->state, l->items, l->count, REQUIRED, NOT_NULLABLE, 0, NULL,
                               (size_t)AIGW_MAX_DLP_PROFILES,
                               "AIGW_MAX_DLP_PROFILES " STR(AIGW_MAX_DLP_PROFILES), &has);
    for (i = 0; e == AIGW_OK && has && i < l->count; i++) {
        aigw_fpath_t it = aigw_fp_index(at, i);
        e = check_str(v, &it, l->items[i], 0, NULL, 0, NULL);
    }
    return e;
}

static aigw_err_t check_enum_list(vctx_t *v, const aigw_fpath_t *at, const aigw_enum_list_t *l,
                                  unsigned kind)
{
    int has;
    size_t i;
    aigw_err_t e = check_array(v, at, l->state, l->items, l->count, REQUIRED, NOT_NULLABLE, 0, NULL,
                               (size_t)AIGW_MAX_DLP_CHECKS,
                               "AIGW_MAX_DLP_CHECKS " STR(AIGW_MAX_DLP_CHECKS), &has);
    for (i = 0; e == AIGW_OK && has && i < l->count; i++) {
        aigw_fpath_t it = aigw_fp_index(at, i);
        e = check_value(v, &it, AIGW_PF_ENUM, RULE(REQ, kind), &l->items[i]);
    }
    return e;
}

static aigw_err_t check_headers(vctx_t *v, const aigw_fpath_t *at, const aigw_otel_t *o)
{
    int has;
    size_t i;
    aigw_err_t e = check_array(v, at, o->headers.state, o->headers.items, o->headers.count, REQUIRED,
                               NOT_NULLABLE, 0, NULL, (size_t)AIGW_MAX_OTEL_HEADERS,
                               "AIGW_MAX_OTEL_HEADERS " STR(AIGW_MAX_OTEL_HEADERS), &has);
    for (i = 0; e == AIGW_OK && has && i < o->headers.count; i++) {
        const aigw_header_t *h = &o->headers.items[i];
        aigw_fpath_t k = aigw_fp_key(at, h->name.ptr, h->name.len);
        /* the name is any string, but it must be one */
        e = check_str(v, &k, h->name, 0, NULL, 0, NULL);
        if (e == AIGW_OK)
            e = check_str(v, &k, h->value, 0, NULL, 4096, "maxLength 4096");
        /* a map: a repeated name would write a JSON object with duplicate
         * keys, which servers read differently (first, last, or refused) */
        if (e == AIGW_OK) {
            size_t j;
            for (j = 0; j < i; j++) {
                const aigw_header_t *g = &o->headers.items[j];
                if (g->name.len == h->name.len &&
                    (h->name.len == 0 || memcmp(g->name.ptr, h->name.ptr, h->name.len) == 0))
                    return fail(v, &k, "unique names");
            }
        }
    }
    return e;
}

/* ---- nested objects (member tables in params_fields.c) ------------------ */

/* One member of a nested object, any kind but AIGW_PF_OBJS. */
static aigw_err_t check_nested(vctx_t *v, const aigw_fpath_t *parent, const aigw_nfield_t *f,
                               const char *base)
{
    aigw_fpath_t at = aigw_fp_member(parent, f->name);
    const void *val = base + f->off;

    switch (f->kind) {
    case AIGW_PF_STRS:
        return check_str_list(v, &at, (const aigw_str_list_t *)val);
    case AIGW_PF_ENUMS:
        return check_enum_list(v, &at, (const aigw_enum_list_t *)val, f->arg);
    case AIGW_PF_HEADERS:
        return check_headers(v, &at, (const aigw_otel_t *)(const void *)base);
    case AIGW_PF_ENUM:
        return check_value(v, &at, AIGW_PF_ENUM, RULE(f->rule & 3u, f->arg), val);
    default:
        return check_value(v, &at, f->kind, f->rule, val);
    }
}

/* Members f[0..nf) of an object at base, in order: the first broken rule wins. */
static aigw_err_t check_flat(vctx_t *v, const aigw_fpath_t *at, const aigw_nfield_t *f, int nf,
                             const char *base)
{
    aigw_err_t e = AIGW_OK;
    int j;
    for (j = 0; e == AIGW_OK && j < nf; j++)
        e = check_nested(v, at, &f[j], base);
    return e;
}

/* The limits of the arrays of objects, by AIGW_PA_* (this object's AIGW_MAX_*). */
static const struct {
    unsigned char schema_max;
    const char *schema_rule;
    size_t config_max;
    const char *config_rule;
} arr_limits[3] = {
    { 0, NULL, (size_t)AIGW_MAX_DLP_POLICIES, "AIGW_MAX_DLP_POLICIES " STR(AIGW_MAX_DLP_POLICIES) },
    { 0, NULL, (size_t)AIGW_MAX_USAGE_EVENTS, "AIGW_MAX_USAGE_EVENTS " STR(AIGW_MAX_USAGE_EVENTS) },
    { 5, "maxItems 5", (size_t)AIGW_MAX_OTEL, "AIGW_MAX_OTEL " STR(AIGW_MAX_OTEL) },
};

/* An array of objects (AIGW_PA_*) in its parent; flags: the array's presence rules. */
static aigw_err_t check_objs(vctx_t *v, const aigw_fpath_t *parent, const char *name, int which,
                             unsigned flags, const void *base)
{
    const aigw_parr_t *a = &aigw_parrs[which];
    aigw_fpath_t at = aigw_fp_member(parent, name);
    const char *items;
    size_t i, n;
    int has;
    aigw_state_t st = aigw_parr_view(base, which, &items, &n);
    aigw_err_t e = check_array(v, &at, st, items, n, (flags & REQ) ? REQUIRED : OPTIONAL,
                               (flags & NUL) ? NULLABLE : NOT_NULLABLE, arr_limits[which].schema_max,
                               arr_limits[which].schema_rule, arr_limits[which].config_max,
                               arr_limits[which].config_rule, &has);
    for (i = 0; e == AIGW_OK && has && i < n; i++) {
        aigw_fpath_t it = aigw_fp_index(&at, i);
        e = check_flat(v, &it, a->f, a->nf, items + i * a->size);
    }
    return e;
}

/* ---- dlp, stripe --------------------------------------------------------- */

/* variant 1: {action, enabled, profiles}, the first three of dlp's members */
static aigw_err_t check_dlp_v1(vctx_t *v, const aigw_fpath_t *at, const aigw_dlp_t *d)
{
    return check_flat(v, at, aigw_nf_dlp, 3, (const char *)d);
}

/* variant 2: {enabled, policies} */
static aigw_err_t check_dlp_v2(vctx_t *v, const aigw_fpath_t *at, const aigw_dlp_t *d)
{
    aigw_err_t e = check_nested(v, at, &aigw_nf_dlp[1], (const char *)d);
    return e != AIGW_OK ? e : check_objs(v, at, aigw_nf_dlp[3].name, AIGW_PA_POLICIES, REQ, d);
}

static int absent(aigw_state_t st) { return st == AIGW_ABSENT; }

static aigw_err_t check_dlp(vctx_t *v, const aigw_fpath_t *at, const aigw_dlp_t *d)
{
    vctx_t quiet = { NULL };
    int has, missing1, missing2;
    aigw_err_t e = check_state(v, at, d->state, OPTIONAL, NOT_NULLABLE, &has);

    if (e != AIGW_OK || !has)
        return e;
    if (check_dlp_v1(&quiet, at, d) == AIGW_OK || check_dlp_v2(&quiet, at, d) == AIGW_OK)
        return AIGW_OK;
    /* Neither variant holds: report the one with fewer required members
     * missing (the caller's evident intent); on a tie, variant 1. */
    missing1 = absent(d->action.state) + absent(d->enabled.state) + absent(d->profiles.state);
    missing2 = absent(d->enabled.state) + absent(d->policies.state);
    return missing2 < missing1 ? check_dlp_v2(v, at, d) : check_dlp_v1(v, at, d);
}

static aigw_err_t check_stripe(vctx_t *v, const aigw_fpath_t *at, const aigw_stripe_t *s)
{
    int has;
    aigw_err_t e = check_state(v, at, s->state, OPTIONAL, NULLABLE, &has);

    if (e != AIGW_OK || !has)
        return e;
    e = check_nested(v, at, &aigw_nf_stripe[0], (const char *)s);
    return e != AIGW_OK ? e : check_objs(v, at, aigw_nf_stripe[1].name, AIGW_PA_EVENTS, REQ, s);
}

/* ---- top level: the shared member table (params_fields.h) -------------- */

static aigw_err_t check_field(vctx_t *v, const aigw_params_t *p, const aigw_pfield_t *pf)
{
    aigw_fpath_t f = aigw_fp_member(NULL, pf->name);
    const void *at = aigw_pfield_at(p, pf);

    switch (pf->kind) {
    case AIGW_PF_DLP:
        return check_dlp(v, &f, (const aigw_dlp_t *)at);
    case AIGW_PF_OTEL:
        return check_objs(v, NULL, pf->name, AIGW_PA_OTEL, pf->rule & 3u, p);
    case AIGW_PF_STRIPE:
        return check_stripe(v, &f, (const aigw_stripe_t *)at);
    default:
        return check_value(v, &f, pf->kind, pf->rule, at);
    }
}

aigw_err_t aigw_params_validate(const aigw_params_t *p, aigw_diag_t *diag)
{
    return aigw_params_validate_changes(p, NULL, diag);
}

aigw_err_t aigw_params_validate_changes(const aigw_params_t *p, const aigw_params_t *base, aigw_diag_t *diag)
{
    vctx_t vc = { diag };
    aigw_err_t e;
    int i;

    if (!p)
        return aigw_fpath_fail(diag, NULL, "NULL pointer", AIGW_E_ARG);
    /* in the encoder's order: the first broken rule wins; a member the
     * caller left as the server sent it is the server's business */
    for (i = 0; i < AIGW_PFIELDS; i++)
        if ((!base || !aigw_pfield_equal(p, base, &aigw_pfields[i])) &&
            (e = check_field(&vc, p, &aigw_pfields[i])) != AIGW_OK)
            return e;
    if (diag) {
        diag->err = AIGW_OK;
        diag->path[0] = '\0';
        diag->rule = NULL;
        diag->needed = 0;
    }
    return AIGW_OK;
}

aigw_err_t aigw_id_validate(const char *id, size_t len, aigw_diag_t *diag)
{
    vctx_t vc = { diag };
    aigw_fpath_t f = aigw_fp_member(NULL, "id");
    aigw_str_t s;
    aigw_err_t e;

    s.ptr = id;
    s.len = len;
    e = check_str(&vc, &f, s, 1, "minLength 1", 64, "maxLength 64");
    if (e == AIGW_OK && diag) {
        diag->err = AIGW_OK;
        diag->path[0] = '\0';
        diag->rule = NULL;
        diag->needed = 0;
    }
    return e;
}
