/* SPDX-License-Identifier: MIT */
/*
 * Internal: field paths for diagnostics ("otel[2].url").
 *
 * The validator and the encoder keep a chain of small frames on the stack,
 * one per nesting level, and only render it into aigw_diag_t.path when
 * something fails, so the path costs nothing on the success path.
 */
#ifndef AIGW_FIELD_PATH_H
#define AIGW_FIELD_PATH_H

#include <stddef.h>

#include "aigw/aigw_error.h"

enum { AIGW_FP_MEMBER, AIGW_FP_INDEX, AIGW_FP_KEY };

typedef struct aigw_fpath {
    const struct aigw_fpath *parent; /* NULL at the body's top level */
    int kind;                        /* AIGW_FP_* */
    const char *name;                /* MEMBER: NUL-terminated; KEY: raw bytes */
    size_t n;                        /* INDEX: the index; KEY: length of name */
} aigw_fpath_t;

static inline aigw_fpath_t aigw_fp_member(const aigw_fpath_t *parent, const char *name)
{
    aigw_fpath_t f;
    f.parent = parent; f.kind = AIGW_FP_MEMBER; f.name = name; f.n = 0;
    return f;
}

static inline aigw_fpath_t aigw_fp_index(const aigw_fpath_t *parent, size_t i)
{
    aigw_fpath_t f;
    f.parent = parent; f.kind = AIGW_FP_INDEX; f.name = NULL; f.n = i;
    return f;
}

static inline aigw_fpath_t aigw_fp_key(const aigw_fpath_t *parent, const char *key, size_t len)
{
    aigw_fpath_t f;
    f.parent = parent; f.kind = AIGW_FP_KEY; f.name = key; f.n = len;
    return f;
}

/**
 * Render the path ending at leaf into out (cap bytes, NUL-terminated). A
 * path that does not fit is cut and ends in "...". Map keys are shown with
 * every byte outside printable ASCII replaced by '?', so a diagnostic can
 * be logged safely whatever the key holds.
 */
void aigw_fpath_render(const aigw_fpath_t *leaf, char *out, size_t cap);

/** Fill diag (may be NULL) with err, the rendered path and rule; returns err. */
aigw_err_t aigw_fpath_fail(aigw_diag_t *diag, const aigw_fpath_t *at, const char *rule, aigw_err_t err);

/** Fill diag (may be NULL) for a success: no error, empty path, no rule; returns AIGW_OK. */
static inline aigw_err_t aigw_fpath_ok(aigw_diag_t *diag)
{
    return aigw_fpath_fail(diag, NULL, NULL, AIGW_OK);
}

#endif
