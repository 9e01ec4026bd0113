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

static void pw_index(pw_t *w, size_t i)
{
    char digits[24];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + (int)(i % 10u));
        i /= 10u;
    } while (i > 0 && n < sizeof digits);
    while (n > 0)
        pw_putc(w, digits[--n]);
}

/* Parents first; the depth is bounded by the model (at most 5 levels). */
static void render(pw_t *w, const aigw_fpath_t *f)
{
    size_t i;
    if (!f)
        return;
    render(w, f->parent);
    switch (f->kind) {
    case AIGW_FP_MEMBER:
        if (f->parent)
            pw_putc(w, '.');
        pw_puts(w, f->name);
        break;
    case AIGW_FP_INDEX:
        pw_putc(w, '[');
        pw_index(w, f->n);
        pw_putc(w, ']');
        break;
    default: /* AIGW_FP_KEY */
        if (f->parent)
            pw_putc(w, '.');
        for (i = 0; i < f->n && f->name; i++) {
            unsigned char c = (unsigned char)f->name[i];
            pw_putc(w, (c >= 0x20 && c < 0x7f) ? (char)c : '?');
        }
        break;
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
