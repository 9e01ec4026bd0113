/* SPDX-License-Identifier: MIT */
/*
 * The members of aigw_params_t by name, from the schema table
 * (core/schema.h): the top-level ones in table order, and a member of a
 * nested object by its dotted path ("guardrails.prompt.S1"). A program's
 * field flags and keys (the aigw command's --cache-ttl and
 * guardrails.prompt.S1=BLOCK) follow the table, so a member added by
 * regenerating it needs no edit there.
 */
#include <string.h>

#include "field_path.h"
#include "schema.h"

/* Every kind has a case in kind_size() below: a new one breaks the build
 * here until it has. */
typedef char kinds_covered[AIGW_K__COUNT == 11 ? 1 : -1];

/* Size of the C type a member of kind k (with its arg) holds; 0 for none. */
static size_t kind_size(const aigw_sfield_t *f)
{
    switch (f->kind) {
    case AIGW_K_BOOL: return sizeof(aigw_bool_t);
    case AIGW_K_INT: return sizeof(aigw_int_t);
    case AIGW_K_NUM: return sizeof(aigw_num_t);
    case AIGW_K_TEXT: return sizeof(aigw_text_t);
    case AIGW_K_ENUM: return sizeof(aigw_enum_t);
    case AIGW_K_STRS: return sizeof(aigw_str_list_t);
    case AIGW_K_ENUMS: return sizeof(aigw_enum_list_t);
    case AIGW_K_MAP: return sizeof(aigw_header_map_t);
    case AIGW_K_JSON: return sizeof(aigw_json_text_t);
    case AIGW_K_OBJ: return aigw_sobjs[f->arg].size;
    case AIGW_K_OBJS: return sizeof(aigw_slist_t);
    case AIGW_K__COUNT: return 0;
    }
    return 0;
}

/* A bare value on a command line is a JSON string: text and enum words. */
static bool kind_quoted(const aigw_sfield_t *f)
{
    return f->kind == AIGW_K_TEXT || f->kind == AIGW_K_ENUM;
}

static void fill(aigw_field_info_t *out, const aigw_sfield_t *f, size_t base)
{
    out->name = f->name;
    out->offset = base + f->off;
    out->size = kind_size(f);
    out->quote = kind_quoted(f);
    out->enum_kind = f->kind == AIGW_K_ENUM ? (int)f->arg : -1;
}

size_t aigw_params_field_count(void)
{
    return aigw_sobjs[AIGW_SOBJ_PARAMS].nf;
}

aigw_err_t aigw_params_field_at(size_t i, aigw_field_info_t *out)
{
    const aigw_sobj_t *o = &aigw_sobjs[AIGW_SOBJ_PARAMS];
    if (!out) return AIGW_E_ARG;
    memset(out, 0, sizeof *out);
    if (i >= o->nf) return AIGW_E_ARG;
    fill(out, &o->f[i], 0);
    out->top = i;
    return AIGW_OK;
}

/* The member of object o named seg[0..len), or NULL. */
static const aigw_sfield_t *member(const aigw_sobj_t *o, const char *seg, size_t len, size_t *index)
{
    size_t i;
    for (i = 0; i < o->nf; i++) {
        if (o->f[i].nlen == len && memcmp(o->f[i].name, seg, len) == 0) {
            *index = i;
            return &o->f[i];
        }
    }
    return NULL;
}

static aigw_err_t unknown(const char *path, size_t len, aigw_field_info_t *out, aigw_diag_t *diag,
                          const char *rule)
{
    aigw_fpath_t at = aigw_fp_key(NULL, path, len);
    memset(out, 0, sizeof *out);
    return aigw_fpath_fail(diag, &at, rule, AIGW_E_INVALID);
}

/* Go into member f of the object at base: *o becomes its object, and its
 * state's offset one more parent. A rule when f is no object or too deep. */
static const char *enter(const aigw_sfield_t *f, const aigw_sobj_t **o, size_t *base, aigw_field_info_t *out)
{
    if (f->kind != AIGW_K_OBJ) return "unknown field"; /* a list or a value */
    if (out->depth == AIGW_FIELD_DEPTH_MAX) return "nested too deep";
    *base += f->off;
    out->parents[out->depth++] = *base; /* the object starts with its state */
    *o = &aigw_sobjs[f->arg];
    return NULL;
}

aigw_err_t aigw_params_field_find(const char *path, size_t len, aigw_field_info_t *out, aigw_diag_t *diag)
{
    const aigw_sobj_t *o = &aigw_sobjs[AIGW_SOBJ_PARAMS];
    const aigw_sfield_t *f = NULL;
    size_t base = 0, pos = 0;
    if (!out || (!path && len)) {
        aigw_fpath_t at = aigw_fp_member(NULL, "path");
        if (out) memset(out, 0, sizeof *out);
        return aigw_fpath_fail(diag, &at, "NULL pointer", AIGW_E_ARG);
    }
    memset(out, 0, sizeof *out);
    for (;;) {
        const char *dot = len > pos ? (const char *)memchr(path + pos, '.', len - pos) : NULL;
        size_t seg = dot ? (size_t)(dot - (path + pos)) : len - pos, index = 0;
        const char *rule = f ? enter(f, &o, &base, out) : NULL;
        if (rule) return unknown(path, len, out, diag, rule);
        f = seg ? member(o, path + pos, seg, &index) : NULL;
        if (!f) return unknown(path, len, out, diag, "unknown field");
        if (out->depth == 0) out->top = index;
        if (!dot) break;
        pos += seg + 1;
    }
    fill(out, f, base);
    return aigw_fpath_ok(diag);
}

/* Past a segment's list indexes ("[2]", "[0][1]") at path[i]. */
static size_t skip_indexes(const char *path, size_t len, size_t i)
{
    while (i < len && path[i] == '[') {
        const char *close = (const char *)memchr(path + i, ']', len - i);
        i = close ? (size_t)(close - path) + 1 : len;
    }
    return i;
}

int aigw_params_enum_kind(const char *path, size_t len)
{
    const aigw_sobj_t *o = &aigw_sobjs[AIGW_SOBJ_PARAMS];
    size_t pos = 0, end, index;
    const aigw_sfield_t *f;

    if (!path)
        return -1;
    for (;;) {
        for (end = pos; end < len && path[end] != '.' && path[end] != '['; end++)
            ;
        f = member(o, path + pos, end - pos, &index);
        if (!f)
            return -1;
        end = skip_indexes(path, len, end);
        if (end == len)
            return f->kind == AIGW_K_ENUM || f->kind == AIGW_K_ENUMS ? (int)f->arg : -1;
        if (path[end] != '.' || (f->kind != AIGW_K_OBJ && f->kind != AIGW_K_OBJS))
            return -1;
        o = &aigw_sobjs[f->arg];
        pos = end + 1;
    }
}
