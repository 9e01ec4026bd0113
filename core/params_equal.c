/* SPDX-License-Identifier: MIT */
/*
 * Are two updates' members the same, member by member? Read-modify-write
 * validates only what the caller changed (aigw_params_validate_changes()):
 * a member equal to the one the server sent is the server's business, even
 * where it breaks the published schema (an otel exporter without
 * authorization, "dlp": null), because the live API holds and accepts it.
 * Equal means the encoder would write the same bytes: the same states,
 * values, items in the same order, and the same unknown members.
 */
#include <string.h>

#include "params_fields.h"

static int str_eq(aigw_str_t a, aigw_str_t b)
{
    return a.len == b.len && (a.len == 0 || a.ptr == b.ptr || (a.ptr && b.ptr && !memcmp(a.ptr, b.ptr, a.len)));
}

static int state_eq(aigw_state_t a, aigw_state_t b, int *has_value)
{
    *has_value = a == AIGW_SET;
    return a == b;
}

static int enum_eq(const aigw_enum_t *a, const aigw_enum_t *b)
{
    int v;
    if (!state_eq(a->state, b->state, &v)) return 0;
    return !v || (a->value == b->value && (a->value != AIGW_ENUM_OTHER || str_eq(a->raw, b->raw)));
}

static int members_eq(const aigw_members_t *a, const aigw_members_t *b)
{
    size_t i;
    if (a->count != b->count) return 0;
    if (a->items == b->items) return 1;
    for (i = 0; i < a->count; i++)
        if (!str_eq(a->items[i].name, b->items[i].name) || !str_eq(a->items[i].json, b->items[i].json)) return 0;
    return 1;
}

/* A member of kind BOOL, INT, TEXT or ENUM at a and b. */
static int scalar_eq(unsigned kind, const void *a, const void *b)
{
    int v;
    switch (kind) {
    case AIGW_PF_BOOL: {
        const aigw_bool_t *x = (const aigw_bool_t *)a, *y = (const aigw_bool_t *)b;
        return state_eq(x->state, y->state, &v) && (!v || !x->value == !y->value);
    }
    case AIGW_PF_INT: {
        const aigw_int_t *x = (const aigw_int_t *)a, *y = (const aigw_int_t *)b;
        return state_eq(x->state, y->state, &v) && (!v || x->value == y->value);
    }
    case AIGW_PF_TEXT: {
        const aigw_text_t *x = (const aigw_text_t *)a, *y = (const aigw_text_t *)b;
        return state_eq(x->state, y->state, &v) && (!v || str_eq(x->value, y->value));
    }
    case AIGW_PF_ENUM:
        return enum_eq((const aigw_enum_t *)a, (const aigw_enum_t *)b);
    default:
        return 0; /* not a scalar kind: never "unchanged", so it is validated */
    }
}

/* One member of a nested object (table entry f, any kind but AIGW_PF_OBJS) in the objects at a and b. */
static int strs_eq(const aigw_str_list_t *l, const aigw_str_list_t *m)
{
    size_t i;
    int v;
    if (!state_eq(l->state, m->state, &v) || (v && l->count != m->count)) return 0;
    for (i = 0; v && i < l->count; i++)
        if (!str_eq(l->items[i], m->items[i])) return 0;
    return 1;
}

static int enums_eq(const aigw_enum_list_t *l, const aigw_enum_list_t *m)
{
    size_t i;
    int v;
    if (!state_eq(l->state, m->state, &v) || (v && l->count != m->count)) return 0;
    for (i = 0; v && i < l->count; i++)
        if (!enum_eq(&l->items[i], &m->items[i])) return 0;
    return 1;
}

static int headers_eq(const aigw_otel_t *o, const aigw_otel_t *q)
{
    size_t i;
    int v;
    if (!state_eq(o->headers.state, q->headers.state, &v) || (v && o->headers.count != q->headers.count))
        return 0;
    for (i = 0; v && i < o->headers.count; i++)
        if (!str_eq(o->headers.items[i].name, q->headers.items[i].name) ||
            !str_eq(o->headers.items[i].value, q->headers.items[i].value))
            return 0;
    return 1;
}

static int nested_eq(const aigw_nfield_t *f, const char *a, const char *b)
{
    const void *x = a + f->off, *y = b + f->off;
    switch (f->kind) {
    case AIGW_PF_STRS:
        return strs_eq((const aigw_str_list_t *)x, (const aigw_str_list_t *)y);
    case AIGW_PF_ENUMS:
        return enums_eq((const aigw_enum_list_t *)x, (const aigw_enum_list_t *)y);
    case AIGW_PF_HEADERS:
        return headers_eq((const aigw_otel_t *)(const void *)a, (const aigw_otel_t *)(const void *)b);
    default:
        return scalar_eq(f->kind, x, y); /* an array of objects is not flat: "changed", so judged */
    }
}

/* An item of an array of objects (a policy, an otel entry, a usage event):
 * table f/nf, no array of objects inside, extra members at xoff. */
static int item_eq(const aigw_nfield_t *f, int nf, unsigned xoff, const char *a, const char *b)
{
    int j;
    for (j = 0; j < nf; j++)
        if (!nested_eq(&f[j], a, b)) return 0;
    return members_eq((const aigw_members_t *)(const void *)(a + xoff), (const aigw_members_t *)(const void *)(b + xoff));
}

/* The array of objects `which` (AIGW_PA_*) in the parents pa and pb. */
static int objs_eq(int which, const void *pa, const void *pb)
{
    const aigw_parr_t *arr = &aigw_parrs[which];
    const char *ia, *ib;
    size_t na, nb, i;
    int v;
    if (!state_eq(aigw_parr_view(pa, which, &ia, &na), aigw_parr_view(pb, which, &ib, &nb), &v)) return 0;
    if (!v) return 1;
    if (na != nb) return 0;
    for (i = 0; i < na; i++)
        if (!item_eq(arr->f, arr->nf, arr->xoff, ia + i * arr->size, ib + i * arr->size)) return 0;
    return 1;
}

/* dlp, stripe: an object whose members include an array of objects (no recursion: items are flat). */
static int object_eq(const aigw_nfield_t *f, int nf, unsigned xoff, const char *a, const char *b)
{
    int j;
    for (j = 0; j < nf; j++)
        if (!(f[j].kind == AIGW_PF_OBJS ? objs_eq(f[j].arg, a, b) : nested_eq(&f[j], a, b))) return 0;
    return members_eq((const aigw_members_t *)(const void *)(a + xoff), (const aigw_members_t *)(const void *)(b + xoff));
}

int aigw_pfield_equal(const aigw_params_t *a, const aigw_params_t *b, const aigw_pfield_t *pf)
{
    const char *x = (const char *)aigw_pfield_at(a, pf), *y = (const char *)aigw_pfield_at(b, pf);
    int v;
    switch (pf->kind) {
    case AIGW_PF_DLP:
        return state_eq(((const aigw_dlp_t *)(const void *)x)->state, ((const aigw_dlp_t *)(const void *)y)->state, &v) &&
               (!v || object_eq(aigw_nf_dlp, 4, AIGW_DLP_XOFF, x, y));
    case AIGW_PF_STRIPE:
        return state_eq(((const aigw_stripe_t *)(const void *)x)->state,
                        ((const aigw_stripe_t *)(const void *)y)->state, &v) &&
               (!v || object_eq(aigw_nf_stripe, 2, AIGW_STRIPE_XOFF, x, y));
    case AIGW_PF_OTEL:
        return objs_eq(AIGW_PA_OTEL, a, b);
    default:
        return scalar_eq(pf->kind, x, y);
    }
}
