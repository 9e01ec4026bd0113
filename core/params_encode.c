/* SPDX-License-Identifier: MIT */
/*
 * Encoder for the body of "Update a Gateway": compact JSON (RFC 8259) into
 * an aigw_sink_t, so the same walk fills a buffer, counts Content-Length or
 * streams through a small buffer.
 *
 * Shape: members in the API page's order, the five required ones first;
 * every member whose state is not AIGW_ABSENT is written (AIGW_NULL as
 * null), so the output follows the struct exactly and a deliberately
 * invalid body can be produced for conformance tests. Validation is the
 * validator's job; the encoder only refuses what it cannot spell as JSON:
 * invalid UTF-8, an unknown enum value or state, a NULL pointer with a
 * length, a member name written twice in one object. Each object's extra
 * (unmodelled) members follow its modelled ones, name and value verbatim.
 */
#include "aigw/aigw_model.h"

#include <string.h>
#include "decode_internal.h" /* aigw_jstr_same_name */
#include "field_path.h"
#include "params_fields.h"

/* The list and map writers keep their own frames (their path links):
 * inlined into put_nested they would add up on every nested member's path. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

typedef struct {
    aigw_sink_t *s;
    aigw_diag_t *diag;
    aigw_err_t e; /* m_open's error */
} ectx_t;

/* Comma bookkeeping for one JSON object or array. */
typedef struct {
    int first;
} seq_t;

static aigw_err_t fail(ectx_t *c, const aigw_fpath_t *at, const char *rule, aigw_err_t err)
{
    return aigw_fpath_fail(c->diag, at, rule, err);
}

static void sep(ectx_t *c, seq_t *q)
{
    if (!q->first)
        aigw_sink_putc(c->s, ',');
    q->first = 0;
}

/* ,"name": (the modelled names need no escaping) */
static void key(ectx_t *c, seq_t *q, const char *name)
{
    sep(c, q);
    aigw_sink_putc(c->s, '"');
    aigw_sink_puts(c->s, name);
    aigw_sink_write(c->s, "\":", 2);
}

static aigw_err_t put_str(ectx_t *c, const aigw_fpath_t *at, aigw_str_t v)
{
    if (!v.ptr && v.len > 0)
        return fail(c, at, "NULL pointer", AIGW_E_ARG);
    if (aigw_json_write_string(c->s, v.ptr, v.len) == AIGW_E_INVALID)
        return fail(c, at, "utf8", AIGW_E_INVALID);
    return AIGW_OK; /* sink errors are sticky and reported at the end */
}

static void put_int(ectx_t *c, int64_t x)
{
    char d[20];
    size_t n = 0;
    /* magnitude in unsigned arithmetic: -INT64_MIN does not exist */
    uint64_t u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
    do {
        d[sizeof d - 1 - n++] = (char)('0' + (int)(u % 10u));
        u /= 10u;
    } while (u > 0);
    if (x < 0)
        aigw_sink_putc(c->s, '-');
    aigw_sink_write(c->s, d + sizeof d - n, n);
}

/*
 * Writes the key and, for AIGW_NULL, the null. Returns 1 when the caller
 * must write a value, 0 when done (absent or null), -1 on a bad state.
 */
static int member(ectx_t *c, seq_t *q, const char *name, aigw_state_t st)
{
    if (st == AIGW_ABSENT)
        return 0;
    if (st != AIGW_NULL && st != AIGW_SET)
        return -1;
    key(c, q, name);
    if (st == AIGW_NULL) {
        aigw_sink_write(c->s, "null", 4);
        return 0;
    }
    return 1;
}

/* Array items have no "absent": both non-values are written as null. */
static int item(ectx_t *c, seq_t *q, aigw_state_t st)
{
    if (st != AIGW_ABSENT && st != AIGW_NULL && st != AIGW_SET)
        return -1;
    sep(c, q);
    if (st != AIGW_SET) {
        aigw_sink_write(c->s, "null", 4);
        return 0;
    }
    return 1;
}

static aigw_err_t bad_state(ectx_t *c, const aigw_fpath_t *at)
{
    return fail(c, at, "type", AIGW_E_INVALID);
}

static aigw_err_t put_enum_value(ectx_t *c, const aigw_fpath_t *at, const aigw_enum_t *en,
                                 aigw_enum_kind_t kind)
{
    const char *name;
    if (en->value == AIGW_ENUM_OTHER)
        return put_str(c, at, en->raw); /* a newer API's value, as it came */
    name = aigw_enum_name(kind, en->value);
    if (!name)
        return fail(c, at, "enum", AIGW_E_INVALID);
    aigw_sink_putc(c->s, '"');
    aigw_sink_puts(c->s, name);
    aigw_sink_putc(c->s, '"');
    return AIGW_OK;
}

/* ---- typed members ------------------------------------------------------ */

/*
 * One scalar member of kind AIGW_PF_BOOL/INT/TEXT/ENUM (params_fields.h) at
 * v (an aigw_bool_t, aigw_int_t, aigw_text_t or aigw_enum_t): one function
 * for the four, so each call site is a single short call.
 */
static aigw_err_t m_scalar(ectx_t *c, seq_t *q, const aigw_fpath_t *parent, const char *name,
                           int kind, int ek, const void *v)
{
    aigw_fpath_t f = aigw_fp_member(parent, name);
    int r = member(c, q, name, *(const aigw_state_t *)v);

    if (r < 0)
        return bad_state(c, &f);
    if (r == 0)
        return AIGW_OK;
    switch (kind) {
    case AIGW_PF_BOOL:
        if (((const aigw_bool_t *)v)->value)
            aigw_sink_write(c->s, "true", 4);
        else
            aigw_sink_write(c->s, "false", 5);
        return AIGW_OK;
    case AIGW_PF_INT:
        put_int(c, ((const aigw_int_t *)v)->value);
        return AIGW_OK;
    case AIGW_PF_TEXT:
        return put_str(c, &f, ((const aigw_text_t *)v)->value);
    default:
        return put_enum_value(c, &f, (const aigw_enum_t *)v, (aigw_enum_kind_t)ek);
    }
}

/*
 * Opens an array or object member: returns 1 when the caller writes the
 * items (and closes it), 0 when done, or an error code via *e.
 */
static int m_open(ectx_t *c, seq_t *q, const aigw_fpath_t *f, aigw_state_t st, int no_items, char open)
{
    int r = member(c, q, f->name, st);
    c->e = AIGW_OK;
    if (r < 0) {
        c->e = bad_state(c, f);
        return 0;
    }
    if (r > 0 && no_items) {
        c->e = fail(c, f, "NULL pointer", AIGW_E_ARG);
        return 0;
    }
    if (r > 0)
        aigw_sink_putc(c->s, open);
    return r;
}

NOINLINE static aigw_err_t m_str_list(ectx_t *c, seq_t *q, const aigw_fpath_t *parent, const char *name,
                             const aigw_str_list_t *l)
{
    aigw_fpath_t f = aigw_fp_member(parent, name);
    seq_t a = { 1 };
    aigw_err_t e;
    size_t i;

    if (!m_open(c, q, &f, l->state, !l->items && l->count > 0, '['))
        return c->e;
    for (i = 0; i < l->count; i++) {
        aigw_fpath_t it = aigw_fp_index(&f, i);
        sep(c, &a);
        if ((e = put_str(c, &it, l->items[i])) != AIGW_OK)
            return e;
    }
    aigw_sink_putc(c->s, ']');
    return AIGW_OK;
}

NOINLINE static aigw_err_t m_enum_list(ectx_t *c, seq_t *q, const aigw_fpath_t *parent, const char *name,
                              const aigw_enum_list_t *l, aigw_enum_kind_t kind)
{
    aigw_fpath_t f = aigw_fp_member(parent, name);
    seq_t a = { 1 };
    aigw_err_t e;
    size_t i;

    if (!m_open(c, q, &f, l->state, !l->items && l->count > 0, '['))
        return c->e;
    for (i = 0; i < l->count; i++) {
        aigw_fpath_t it = aigw_fp_index(&f, i);
        int r = item(c, &a, l->items[i].state);
        if (r < 0)
            return bad_state(c, &it);
        if (r > 0 && (e = put_enum_value(c, &it, &l->items[i], kind)) != AIGW_OK)
            return e;
    }
    aigw_sink_putc(c->s, ']');
    return AIGW_OK;
}

/* ---- nested objects (member tables in params_fields.c) ------------------ */

/* A headers map, written in the caller's order. */
NOINLINE static aigw_err_t m_headers(ectx_t *c, seq_t *q, const aigw_fpath_t *parent, const char *name,
                            const aigw_otel_t *o)
{
    aigw_fpath_t hf = aigw_fp_member(parent, name);
    seq_t hs = { 1 };
    aigw_err_t e;
    size_t i;

    if (!m_open(c, q, &hf, o->headers.state, !o->headers.items && o->headers.count > 0, '{'))
        return c->e;
    for (i = 0; i < o->headers.count; i++) {
        const aigw_header_t *h = &o->headers.items[i];
        aigw_fpath_t k = aigw_fp_key(&hf, h->name.ptr, h->name.len);
        sep(c, &hs);
        if ((e = put_str(c, &k, h->name)) != AIGW_OK)
            return e;
        aigw_sink_putc(c->s, ':');
        if ((e = put_str(c, &k, h->value)) != AIGW_OK)
            return e;
    }
    aigw_sink_putc(c->s, '}');
    return AIGW_OK;
}

/* One member of a nested object, any kind but AIGW_PF_OBJS. */
static aigw_err_t put_nested(ectx_t *c, seq_t *q, const aigw_fpath_t *at, const aigw_nfield_t *f,
                             const char *base)
{
    const void *v = base + f->off;
    switch (f->kind) {
    case AIGW_PF_STRS:
        return m_str_list(c, q, at, f->name, (const aigw_str_list_t *)v);
    case AIGW_PF_ENUMS:
        return m_enum_list(c, q, at, f->name, (const aigw_enum_list_t *)v, (aigw_enum_kind_t)f->arg);
    case AIGW_PF_HEADERS:
        return m_headers(c, q, at, f->name, (const aigw_otel_t *)(const void *)base);
    default:
        return m_scalar(c, q, at, f->name, f->kind, f->arg, v);
    }
}

/* Does the object at base write a modelled member named name (a table f of nf)? */
static int nf_writes(const aigw_nfield_t *f, int nf, const char *base, aigw_str_t name)
{
    int j;
    for (j = 0; j < nf; j++)
        if (*(const aigw_state_t *)(const void *)(base + f[j].off) != AIGW_ABSENT &&
            aigw_jstr_same_name(name.ptr, name.len, f[j].name, strlen(f[j].name)))
            return 1;
    return 0;
}

static int pf_writes(const aigw_params_t *p, aigw_str_t name)
{
    int j;
    for (j = 0; j < AIGW_PFIELDS; j++)
        if (aigw_pfield_state(p, &aigw_pfields[j]) != AIGW_ABSENT &&
            aigw_jstr_same_name(name.ptr, name.len, aigw_pfields[j].name, strlen(aigw_pfields[j].name)))
            return 1;
    return 0;
}

/*
 * An object's extra members, after its modelled ones (the object's table
 * f/nf and base, or the params p for the top level). A name must be JSON
 * string contents, and no name may be written twice in the object after
 * unescaping: a modelled member and an extra one of the same name would
 * leave the server to pick one (a last-wins server the stale copy).
 */
NOINLINE static aigw_err_t put_members(ectx_t *c, seq_t *q, const aigw_fpath_t *parent, const aigw_members_t *x,
                                       const aigw_nfield_t *f, int nf, const char *base, const aigw_params_t *p)
{
    size_t i, j;
    if (!x->items && x->count > 0)
        return fail(c, parent, "NULL pointer", AIGW_E_ARG);
    for (i = 0; i < x->count; i++) {
        const aigw_member_t *m = &x->items[i];
        aigw_fpath_t at = aigw_fp_key(parent, m->name.ptr, m->name.len);
        if ((!m->name.ptr && m->name.len > 0) || !m->json.ptr)
            return fail(c, &at, "NULL pointer", AIGW_E_ARG);
        if (m->json.len == 0) /* would leave `"name":` without a value */
            return fail(c, &at, "type", AIGW_E_INVALID);
        if (aigw_jstr_check(m->name.ptr, m->name.len, NULL))
            return fail(c, &at, "member name", AIGW_E_INVALID);
        if (p ? pf_writes(p, m->name) : nf_writes(f, nf, base, m->name))
            return fail(c, &at, "duplicate member", AIGW_E_INVALID);
        for (j = 0; j < i; j++)
            if (aigw_jstr_same_name(x->items[j].name.ptr, x->items[j].name.len, m->name.ptr, m->name.len))
                return fail(c, &at, "duplicate member", AIGW_E_INVALID);
        sep(c, q);
        aigw_sink_putc(c->s, '"');
        aigw_sink_write(c->s, m->name.ptr, m->name.len);
        aigw_sink_write(c->s, "\":", 2);
        aigw_sink_write(c->s, m->json.ptr, m->json.len);
    }
    return AIGW_OK;
}

/* [{...},...]: every item an object of the array's member table. */
static aigw_err_t m_objs(ectx_t *c, seq_t *q, const aigw_fpath_t *parent, const char *name, int which,
                         const void *base)
{
    const aigw_parr_t *a = &aigw_parrs[which];
    aigw_fpath_t f = aigw_fp_member(parent, name);
    seq_t s = { 1 };
    const char *items;
    size_t i, n;
    int j;
    aigw_err_t e;
    aigw_state_t st = aigw_parr_view(base, which, &items, &n);

    if (!m_open(c, q, &f, st, !items && n > 0, '['))
        return c->e;
    for (i = 0; i < n; i++) {
        aigw_fpath_t it = aigw_fp_index(&f, i);
        seq_t o = { 1 };
        const char *one = items + i * a->size;
        sep(c, &s);
        aigw_sink_putc(c->s, '{');
        for (j = 0; j < a->nf; j++)
            if ((e = put_nested(c, &o, &it, &a->f[j], one)) != AIGW_OK)
                return e;
        e = put_members(c, &o, &it, (const aigw_members_t *)(const void *)(one + a->xoff), a->f, a->nf, one, NULL);
        if (e != AIGW_OK)
            return e;
        aigw_sink_putc(c->s, '}');
    }
    aigw_sink_putc(c->s, ']');
    return AIGW_OK;
}

/* dlp, stripe: an object member whose members include an array of objects. */
static aigw_err_t m_outer(ectx_t *c, seq_t *q, const char *name, const aigw_nfield_t *f, int nf,
                          unsigned xoff, const char *base)
{
    aigw_fpath_t at = aigw_fp_member(NULL, name);
    seq_t o = { 1 };
    aigw_err_t e;
    int j, r = member(c, q, name, *(const aigw_state_t *)(const void *)base);

    if (r < 0)
        return bad_state(c, &at);
    if (r == 0)
        return AIGW_OK;
    aigw_sink_putc(c->s, '{');
    for (j = 0; j < nf; j++) {
        e = f[j].kind == AIGW_PF_OBJS ? m_objs(c, &o, &at, f[j].name, f[j].arg, base)
                                      : put_nested(c, &o, &at, &f[j], base);
        if (e != AIGW_OK)
            return e;
    }
    e = put_members(c, &o, &at, (const aigw_members_t *)(const void *)(base + xoff), f, nf, base, NULL);
    if (e != AIGW_OK)
        return e;
    aigw_sink_putc(c->s, '}');
    return AIGW_OK;
}

static aigw_err_t put_field(ectx_t *c, seq_t *q, const aigw_params_t *p, const aigw_pfield_t *f)
{
    const char *at = (const char *)aigw_pfield_at(p, f);
    switch (f->kind) {
    case AIGW_PF_DLP: return m_outer(c, q, f->name, aigw_nf_dlp, 4, AIGW_DLP_XOFF, at);
    case AIGW_PF_OTEL: return m_objs(c, q, NULL, f->name, AIGW_PA_OTEL, p);
    case AIGW_PF_STRIPE: return m_outer(c, q, f->name, aigw_nf_stripe, 2, AIGW_STRIPE_XOFF, at);
    default: return m_scalar(c, q, NULL, f->name, f->kind, (int)AIGW_PF_ARG(f->rule), at);
    }
}

static aigw_err_t encode_members(ectx_t *c, const aigw_params_t *p)
{
    seq_t o = { 1 };
    aigw_err_t e;
    int i;

    aigw_sink_putc(c->s, '{');
    for (i = 0; i < AIGW_PFIELDS; i++)
        if ((e = put_field(c, &o, p, &aigw_pfields[i])) != AIGW_OK)
            return e;
    if ((e = put_members(c, &o, NULL, &p->extra, NULL, 0, NULL, p)) != AIGW_OK)
        return e;
    aigw_sink_putc(c->s, '}');
    return AIGW_OK;
}

aigw_err_t aigw_params_encode(const aigw_params_t *p, aigw_sink_t *sink, aigw_diag_t *diag)
{
    ectx_t c;
    aigw_err_t e;

    if (!p || !sink)
        return aigw_fpath_fail(diag, NULL, "NULL pointer", AIGW_E_ARG);
    c.s = sink;
    c.diag = diag;
    c.e = AIGW_OK;
    e = encode_members(&c, p);
    if (e != AIGW_OK)
        return e; /* diag already names the field */
    /* Flush what a stream holds, so a streamed body is complete on return. */
    e = aigw_sink_finish(sink);
    if (diag) {
        diag->err = e;
        diag->path[0] = '\0';
        diag->rule = NULL;
        diag->needed = e == AIGW_E_BUFFER ? sink->total : 0;
    }
    return e;
}

aigw_err_t aigw_params_to_json(const aigw_params_t *p, char *buf, size_t cap,
                               size_t *out_len, aigw_diag_t *diag)
{
    aigw_sink_t s;
    aigw_err_t e;

    if (out_len)
        *out_len = 0;
    if (!p || (!buf && cap > 0))
        return aigw_fpath_fail(diag, NULL, "NULL pointer", AIGW_E_ARG);
    aigw_sink_init_buffer(&s, buf, cap);
    e = aigw_params_encode(p, &s, diag);
    if (out_len) {
        if (e == AIGW_OK)
            *out_len = s.len;
        else if (e == AIGW_E_BUFFER)
            *out_len = s.total;
    }
    return e;
}
