/* SPDX-License-Identifier: MIT */
/*
 * Encoder for the body of "Update a Gateway": compact JSON (RFC 8259) into
 * an aigw_sink_t, so the same walk fills a buffer, counts Content-Length or
 * streams through a small buffer. A generic walk over the descriptor table
 * (core/schema.h): members in the table's order, every member whose state
 * is not AIGW_ABSENT written (AIGW_NULL as null), so the output follows the
 * struct exactly and a deliberately invalid body can be produced for
 * conformance tests. Validation is the validator's job; the encoder only
 * refuses what it cannot spell as JSON: invalid UTF-8, an unknown enum
 * value or state, a NULL pointer with a length, a text kept as JSON that
 * is not one JSON value, a member name written twice in one object. Each
 * object's extra (unmodelled) members follow its modelled ones.
 */
#include "aigw/aigw_model.h"

#include <string.h>
#include "decode_internal.h" /* aigw_jstr_check, aigw_jstr_same_name */
#include "field_path.h"
#include "json_raw.h"
#include "schema.h"
#include "sink_reserve.h"

typedef struct {
    aigw_sink_t *s;
    aigw_diag_t *diag;
} ectx_t;

/* The leaf writers keep their own frames (put_key's name buffer, the
 * one-value check): inlined into the recursive put_object they would be
 * paid once per nesting level. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

static aigw_err_t fail(ectx_t *c, const aigw_fpath_t *at, const char *rule, aigw_err_t err)
{
    return aigw_fpath_fail(c->diag, at, rule, err);
}

/* the comma before every item or member but the first */
static void sep(ectx_t *c, int *first)
{
    if (!*first)
        aigw_sink_putc(c->s, ',');
    *first = 0;
}

static aigw_err_t put_str(ectx_t *c, const aigw_fpath_t *at, aigw_str_t v)
{
    if (!v.ptr && v.len > 0)
        return fail(c, at, "NULL pointer", AIGW_E_ARG);
    if (aigw_json_write_string(c->s, v.ptr, v.len) == AIGW_E_INVALID)
        return fail(c, at, "utf8", AIGW_E_INVALID);
    return AIGW_OK; /* sink errors are sticky and reported at the end */
}

/* A text written verbatim (json_raw.c): a number (kind AIGW_K_NUM), an
 * object (AIGW_K_JSON) or, for any other kind, one JSON value; never a
 * splice of several members. */
NOINLINE static aigw_err_t put_raw(ectx_t *c, const aigw_fpath_t *at, aigw_str_t v, unsigned kind)
{
    const char *rule;
    if (!v.ptr)
        return fail(c, at, "NULL pointer", AIGW_E_ARG);
    rule = kind == AIGW_K_NUM    ? aigw_json_raw_number(v.ptr, v.len)
           : kind == AIGW_K_JSON ? aigw_json_raw_object(v.ptr, v.len)
                                 : aigw_json_raw_check(v.ptr, v.len);
    if (rule)
        return fail(c, at, rule, AIGW_E_INVALID);
    aigw_sink_write(c->s, v.ptr, v.len);
    return AIGW_OK;
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

static aigw_err_t put_enum(ectx_t *c, const aigw_fpath_t *at, const aigw_enum_t *en, unsigned kind)
{
    const char *name;
    if (en->value == AIGW_ENUM_OTHER)
        return put_str(c, at, en->raw); /* a newer API's value, as it came */
    name = aigw_enum_name((aigw_enum_kind_t)kind, en->value);
    if (!name)
        return fail(c, at, "enum", AIGW_E_INVALID);
    aigw_sink_putc(c->s, '"');
    aigw_sink_puts(c->s, name);
    aigw_sink_putc(c->s, '"');
    return AIGW_OK;
}

static aigw_err_t put_object(ectx_t *c, const aigw_fpath_t *at, const aigw_sobj_t *o, const char *base);

/* Item i of a list of kind f->kind at items. */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static aigw_err_t put_item(ectx_t *c, const aigw_fpath_t *at, const aigw_sfield_t *f, const char *items,
                           size_t i)
{
    switch (f->kind) {
    case AIGW_K_STRS:
        return put_str(c, at, ((const aigw_str_t *)(const void *)items)[i]);
    case AIGW_K_ENUMS: {
        /* items have no "absent": both non-values are written as null */
        const aigw_enum_t *en = &((const aigw_enum_t *)(const void *)items)[i];
        if (en->state == AIGW_ABSENT || en->state == AIGW_NULL) {
            aigw_sink_write(c->s, "null", 4);
            return AIGW_OK;
        }
        return en->state == AIGW_SET ? put_enum(c, at, en, f->arg) : fail(c, at, "type", AIGW_E_INVALID);
    }
    case AIGW_K_MAP: {
        const aigw_header_t *h = &((const aigw_header_t *)(const void *)items)[i];
        aigw_fpath_t k = aigw_fp_key(at->parent, h->name.ptr, h->name.len);
        aigw_err_t e = put_str(c, &k, h->name);
        if (e != AIGW_OK)
            return e;
        aigw_sink_putc(c->s, ':');
        return put_str(c, &k, h->value);
    }
    case AIGW_K_OBJS:
        return put_object(c, at, &aigw_sobjs[f->arg], items + i * aigw_sobjs[f->arg].size);
    default:
        return fail(c, at, "kind", AIGW_E_INVALID); /* not a list kind */
    }
}

/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static aigw_err_t put_list(ectx_t *c, const aigw_fpath_t *at, const aigw_sfield_t *f, const void *v)
{
    aigw_slist_t l;
    size_t i;
    int first = 1;
    char open = f->kind == AIGW_K_MAP ? '{' : '[';
    aigw_err_t e;

    memcpy(&l, v, sizeof l);
    if (!l.items && l.count > 0)
        return fail(c, at, "NULL pointer", AIGW_E_ARG);
    aigw_sink_putc(c->s, open);
    for (i = 0; i < l.count; i++) {
        aigw_fpath_t it = aigw_fp_index(at, i);
        sep(c, &first);
        if ((e = put_item(c, &it, f, (const char *)l.items, i)) != AIGW_OK)
            return e;
    }
    aigw_sink_putc(c->s, (char)(open + 2)); /* '}' or ']' */
    return AIGW_OK;
}

/* The value of member f (SET) at v. */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static aigw_err_t put_value(ectx_t *c, const aigw_fpath_t *at, const aigw_sfield_t *f, const void *v)
{
    switch ((int)f->kind) {
    case AIGW_K_BOOL:
        if (((const aigw_bool_t *)v)->value)
            aigw_sink_write(c->s, "true", 4);
        else
            aigw_sink_write(c->s, "false", 5);
        return AIGW_OK;
    case AIGW_K_INT:
        put_int(c, ((const aigw_int_t *)v)->value);
        return AIGW_OK;
    case AIGW_K_NUM:
        return put_raw(c, at, ((const aigw_num_t *)v)->text, AIGW_K_NUM);
    case AIGW_K_TEXT:
        return put_str(c, at, ((const aigw_text_t *)v)->value);
    case AIGW_K_ENUM:
        return put_enum(c, at, (const aigw_enum_t *)v, f->arg);
    case AIGW_K_JSON:
        return put_raw(c, at, ((const aigw_json_text_t *)v)->json, AIGW_K_JSON);
    case AIGW_K_OBJ:
        return put_object(c, at, &aigw_sobjs[f->arg], (const char *)v);
    case AIGW_K_STRS:
    case AIGW_K_ENUMS:
    case AIGW_K_MAP:
    case AIGW_K_OBJS:
        return put_list(c, at, f, v);
    default:
        return fail(c, at, "kind", AIGW_E_INVALID); /* a table this walker does not know */
    }
}
/* every kind has its case above */
typedef char kinds_covered[AIGW_K__COUNT == 11 ? 1 : -1];

/* ,"name": in one piece, in place when the sink has room (names are 1..60
 * plain characters: tools/gen_schema.py) */
NOINLINE static void put_key(ectx_t *c, int *first, const aigw_sfield_t *f)
{
    char k[64];
    size_t n = (size_t)(*first == 0) + f->nlen + 3u;
    uint8_t *d = aigw_sink_reserve(c->s, n);
    char *w = d ? (char *)d : k;
    if (!*first)
        *w++ = ',';
    *first = 0;
    *w++ = '"';
    memcpy(w, f->name, f->nlen);
    w += f->nlen;
    w[0] = '"';
    w[1] = ':';
    if (!d)
        aigw_sink_write(c->s, k, n);
}

/* Does the object write a modelled member named name? */
static int writes(const aigw_sobj_t *o, const char *base, aigw_str_t name)
{
    int j;
    for (j = 0; j < o->nf; j++)
        if (aigw_sfield_state(base, &o->f[j]) != AIGW_ABSENT &&
            aigw_jstr_same_name(name.ptr, name.len, o->f[j].name, o->f[j].nlen))
            return 1;
    return 0;
}

/*
 * An object's extra members, after its modelled ones. A name must be JSON
 * string contents, a value one JSON value, and no name may be written
 * twice in the object after unescaping: a modelled member and an extra one
 * of the same name would leave the server to pick one (a last-wins server
 * the stale copy).
 */
NOINLINE static aigw_err_t put_extra(ectx_t *c, const aigw_fpath_t *at, const aigw_sobj_t *o, const char *base,
                            int *first)
{
    const aigw_members_t *x = aigw_sobj_extra(o, base);
    size_t i, j;
    aigw_err_t e;
    if (!x->items && x->count > 0)
        return fail(c, at, "NULL pointer", AIGW_E_ARG);
    for (i = 0; i < x->count; i++) {
        const aigw_member_t *m = &x->items[i];
        aigw_fpath_t k = aigw_fp_key(at, m->name.ptr, m->name.len);
        if (!m->name.ptr && m->name.len > 0)
            return fail(c, &k, "NULL pointer", AIGW_E_ARG);
        if (aigw_jstr_check(m->name.ptr, m->name.len, NULL))
            return fail(c, &k, "member name", AIGW_E_INVALID);
        if (writes(o, base, m->name))
            return fail(c, &k, "duplicate member", AIGW_E_INVALID);
        for (j = 0; j < i; j++)
            if (aigw_jstr_same_name(x->items[j].name.ptr, x->items[j].name.len, m->name.ptr, m->name.len))
                return fail(c, &k, "duplicate member", AIGW_E_INVALID);
        if (m->json.ptr && m->json.len == 0) /* would leave `"name":` without a value */
            return fail(c, &k, "type", AIGW_E_INVALID);
        sep(c, first);
        aigw_sink_putc(c->s, '"');
        aigw_sink_write(c->s, m->name.ptr, m->name.len);
        aigw_sink_write(c->s, "\":", 2);
        if ((e = put_raw(c, &k, m->json, AIGW_K__COUNT)) != AIGW_OK)
            return e;
    }
    return AIGW_OK;
}

/* {members..., extra...}; at is the object's own path (NULL: the body).
 * Recursion: once per nesting level of the table (AIGW_SCHEMA_DEPTH). */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static aigw_err_t put_object(ectx_t *c, const aigw_fpath_t *at, const aigw_sobj_t *o, const char *base)
{
    int j, first = 1;
    aigw_err_t e;

    aigw_sink_putc(c->s, '{');
    for (j = 0; j < o->nf; j++) {
        const aigw_sfield_t *f = &o->f[j];
        aigw_state_t st = aigw_sfield_state(base, f);
        aigw_fpath_t m;
        if (st == AIGW_ABSENT)
            continue;
        m = aigw_fp_member(at, f->name);
        if (st != AIGW_NULL && st != AIGW_SET)
            return fail(c, &m, "type", AIGW_E_INVALID);
        put_key(c, &first, f);
        if (st == AIGW_NULL)
            aigw_sink_write(c->s, "null", 4);
        else if ((e = put_value(c, &m, f, base + f->off)) != AIGW_OK)
            return e;
    }
    if ((e = put_extra(c, at, o, base, &first)) != AIGW_OK)
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
    e = put_object(&c, NULL, &aigw_sobjs[AIGW_SOBJ_PARAMS], (const char *)p);
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
