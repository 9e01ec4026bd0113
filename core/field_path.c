/* SPDX-License-Identifier: MIT */
/* Field path rendering for aigw_diag_t (see field_path.h). */
#include <string.h>

#include "field_path.h"

typedef struct {
    char *out;
    size_t cap;
    size_t len;
    int cut;
} pw_t;

static void pw_putc(pw_t *w, char c)
{
    if (w->len + 1 < w->cap)
        w->out[w->len++] = c;
    else
        w->cut = 1;
}

static void pw_puts(pw_t *w, const char *s)
{
    while (*s)
        pw_putc(w, *s++);
}

/* Decimal, most significant digit first, without a digit buffer. */
static void pw_index(pw_t *w, size_t i)
{
    size_t p = 1;
    while (i / p >= 10u)
        p *= 10u;
    for (; p > 0; p /= 10u)
        pw_putc(w, (char)('0' + (int)(i / p % 10u)));
}

static void put_step(pw_t *w, const aigw_fpath_t *f)
{
    size_t i;
    if (f->kind == AIGW_FP_INDEX) {
        pw_putc(w, '[');
        pw_index(w, f->n);
        pw_putc(w, ']');
        return;
    }
    if (f->parent)
        pw_putc(w, '.');
    if (f->kind == AIGW_FP_MEMBER) {
        pw_puts(w, f->name);
        return;
    }
    /* AIGW_FP_KEY: raw bytes, shown safely */
    for (i = 0; i < f->n && f->name; i++) {
        unsigned char c = (unsigned char)f->name[i];
        pw_putc(w, (c >= 0x20 && c < 0x7f) ? (char)c : '?');
    }
}

/* Parents first, without recursion: the chain is walked from the leaf once
 * per level (a few levels), so the stack stays one small frame deep. */
static void render(pw_t *w, const aigw_fpath_t *leaf)
{
    const aigw_fpath_t *f;
    size_t depth = 0, up, k;

    for (f = leaf; f; f = f->parent)
        depth++;
    for (up = depth; up-- > 0;) {
        f = leaf;
        for (k = 0; k < up; k++)
            f = f->parent;
        put_step(w, f);
    }
}

void aigw_fpath_render(const aigw_fpath_t *leaf, char *out, size_t cap)
{
    pw_t w;
    size_t k;

    if (!out || cap == 0)
        return;
    w.out = out;
    w.cap = cap;
    w.len = 0;
    w.cut = 0;
    render(&w, leaf);
    if (w.cut) /* mark the cut: the last (up to) three kept bytes become dots */
        for (k = 0; k < 3 && k < w.len; k++)
            out[w.len - 1 - k] = '.';
    out[w.len] = '\0';
}

aigw_err_t aigw_fpath_fail(aigw_diag_t *diag, const aigw_fpath_t *at, const char *rule, aigw_err_t err)
{
    if (diag) {
        diag->err = err;
        diag->rule = rule;
        diag->needed = 0;
        aigw_fpath_render(at, diag->path, sizeof diag->path);
    }
    return err;
}
