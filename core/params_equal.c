/* SPDX-License-Identifier: MIT */
/*
 * Are two updates' members the same, member by member? Read-modify-write
 * validates only what the caller changed (aigw_params_validate_changes()):
 * a member equal to the one the server sent is the server's business, even
 * where it breaks the published schema (an otel exporter without
 * authorization, "dlp": null), because the live API holds and accepts it.
 * Equal means the encoder would write the same bytes: the same states,
 * values, items in the same order, and the same unknown members. A generic
 * walk over the descriptor table (core/schema.h).
 */
#include <string.h>

#include "schema.h"

static int str_eq(aigw_str_t a, aigw_str_t b)
{
    return a.len == b.len && (a.len == 0 || a.ptr == b.ptr || (a.ptr && b.ptr && !memcmp(a.ptr, b.ptr, a.len)));
}

static int enum_eq(const aigw_enum_t *a, const aigw_enum_t *b)
{
    if (a->state != b->state) return 0;
    return a->state != AIGW_SET || (a->value == b->value && (a->value != AIGW_ENUM_OTHER || str_eq(a->raw, b->raw)));
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

static int object_eq(const aigw_sobj_t *o, const char *a, const char *b);

/* Item i of two lists of member f. */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static int item_eq(const aigw_sfield_t *f, const char *a, const char *b, size_t i)
{
    switch (f->kind) {
    case AIGW_K_STRS:
        return str_eq(((const aigw_str_t *)(const void *)a)[i], ((const aigw_str_t *)(const void *)b)[i]);
    case AIGW_K_ENUMS:
        return enum_eq(&((const aigw_enum_t *)(const void *)a)[i], &((const aigw_enum_t *)(const void *)b)[i]);
    case AIGW_K_MAP: {
        const aigw_header_t *x = &((const aigw_header_t *)(const void *)a)[i];
        const aigw_header_t *y = &((const aigw_header_t *)(const void *)b)[i];
        return str_eq(x->name, y->name) && str_eq(x->value, y->value);
    }
    case AIGW_K_OBJS: {
        size_t sz = aigw_sobjs[f->arg].size;
        return object_eq(&aigw_sobjs[f->arg], a + i * sz, b + i * sz);
    }
    default:
        return 0; /* not a list kind: "changed", so it is validated */
    }
}

/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static int list_eq(const aigw_sfield_t *f, const void *x, const void *y)
{
    aigw_slist_t a, b;
    size_t i;
    memcpy(&a, x, sizeof a);
    memcpy(&b, y, sizeof b);
    if (a.count != b.count || (a.count && (!a.items || !b.items))) return 0;
    for (i = 0; i < a.count; i++)
        if (!item_eq(f, (const char *)a.items, (const char *)b.items, i)) return 0;
    return 1;
}

/* The values (both SET) of member f at x and y. */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static int value_eq(const aigw_sfield_t *f, const void *x, const void *y)
{
    switch ((int)f->kind) {
    case AIGW_K_BOOL:
        return !((const aigw_bool_t *)x)->value == !((const aigw_bool_t *)y)->value;
    case AIGW_K_INT:
        return ((const aigw_int_t *)x)->value == ((const aigw_int_t *)y)->value;
    case AIGW_K_NUM:
        return str_eq(((const aigw_num_t *)x)->text, ((const aigw_num_t *)y)->text);
    case AIGW_K_TEXT:
        return str_eq(((const aigw_text_t *)x)->value, ((const aigw_text_t *)y)->value);
    case AIGW_K_ENUM:
        return enum_eq((const aigw_enum_t *)x, (const aigw_enum_t *)y);
    case AIGW_K_JSON:
        return str_eq(((const aigw_json_text_t *)x)->json, ((const aigw_json_text_t *)y)->json);
    case AIGW_K_OBJ:
        return object_eq(&aigw_sobjs[f->arg], (const char *)x, (const char *)y);
    case AIGW_K_STRS:
    case AIGW_K_ENUMS:
    case AIGW_K_MAP:
    case AIGW_K_OBJS:
        return list_eq(f, x, y);
    default:
        return 0; /* a kind this walker does not know: "changed", so it is validated */
    }
}
/* every kind has its case above */
typedef char kinds_covered[AIGW_K__COUNT == 11 ? 1 : -1];

/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
int aigw_sfield_equal(const aigw_sfield_t *f, const void *a, const void *b)
{
    aigw_state_t sa = aigw_sfield_state(a, f), sb = aigw_sfield_state(b, f);
    if (sa != sb) return 0;
    return sa != AIGW_SET || value_eq(f, (const char *)a + f->off, (const char *)b + f->off);
}

/* Recursion: once per nesting level of the table (AIGW_SCHEMA_DEPTH). */
/* NOLINTNEXTLINE(misc-no-recursion): once per nesting level of the generated table (AIGW_SCHEMA_DEPTH; bench/stack_tree.py bounds it) */
static int object_eq(const aigw_sobj_t *o, const char *a, const char *b)
{
    int j;
    for (j = 0; j < o->nf; j++)
        if (!aigw_sfield_equal(&o->f[j], a, b)) return 0;
    return members_eq(aigw_sobj_extra(o, a), aigw_sobj_extra(o, b));
}
