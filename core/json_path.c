/* SPDX-License-Identifier: MIT */
/*
 * Error paths from tokens: "result.otel[1].url". Only runs when something
 * failed. The chain of parent links is walked from the root down; a path
 * longer than the diag buffer is cut and ends in "..." (aigw_diag_t's
 * contract), and bytes outside printable ASCII in member names show as '?'
 * so a path can be logged safely.
 */
#include <string.h>

#include "decode_internal.h"

typedef struct { char *out; size_t cap, len; bool cut; } pbuf_t;

static void put(pbuf_t *b, char c)
{
    if (b->len + 1 < b->cap) b->out[b->len++] = c;
    else b->cut = true;
}

static void put_index(pbuf_t *b, size_t v)
{
    char tmp[24];
    size_t k = 0;
    do { tmp[k++] = (char)('0' + v % 10); v /= 10; } while (v);
    put(b, '[');
    while (k) put(b, tmp[--k]);
    put(b, ']');
}

/* Next token after the subtree at j, among tokens [0, n) (open containers have end -1). */
static int skip(const aigw_tok_t *t, int n, int j)
{
    int k = j + 1;
    if (t[j].type == AIGW_TOK_OBJECT || t[j].type == AIGW_TOK_ARRAY)
        while (k < n && (t[j].end < 0 || t[k].start < t[j].end)) k++;
    return k;
}

/* What x is below its container: kind 1 a member (key = its name token), 2 an array item. */
typedef struct { int up; int kind; int key; } step_t;

static step_t step_of(const aigw_tok_t *t, int x)
{
    step_t st = { -1, 0, -1 };
    int p = t[x].parent;
    if (p < 0 || p >= x) return st;
    if (t[p].type == AIGW_TOK_OBJECT && t[x].type == AIGW_TOK_STRING) { /* x is a member name */
        st.up = p; st.kind = 1; st.key = x;
    } else if (t[p].type == AIGW_TOK_STRING) { /* x is a member's value */
        int o = t[p].parent;
        if (o < 0 || o >= p) return st;
        st.up = o; st.kind = 1; st.key = p;
    } else if (t[p].type == AIGW_TOK_ARRAY) {
        st.up = p; st.kind = 2;
    }
    return st;
}

/* Index of item x in array p: count the siblings before it. */
static size_t index_of(const aigw_tok_t *t, int n, int p, int x)
{
    size_t idx = 0;
    int j = p + 1;
    while (j < x) { j = skip(t, n, j); idx++; }
    return idx;
}

/* A member name, printable ASCII only (anything else shows as '?'). */
static void put_key(pbuf_t *b, const char *s, const aigw_tok_t *kt)
{
    int k;
    if (b->len > 0) put(b, '.');
    for (k = kt->start; k < kt->end && !b->cut; k++) {
        unsigned char c = (unsigned char)s[k];
        put(b, (c >= 0x20 && c < 0x7F) ? (char)c : '?');
    }
}

/* The path of tok, from the root down; stops once the buffer is full. */
static void render(pbuf_t *b, const char *s, const aigw_tok_t *t, int n, int tok)
{
    int depth = 0, x, k, level;
    for (x = tok; x >= 0 && depth <= n; depth++) x = step_of(t, x).up;
    depth--; /* steps from tok to the root */
    for (level = depth - 1; level >= 0 && !b->cut; level--) {
        step_t st;
        x = tok;
        for (k = 0; k < level; k++) x = step_of(t, x).up;
        st = step_of(t, x);
        if (st.kind == 1) put_key(b, s, &t[st.key]);
        else if (st.kind == 2) put_index(b, index_of(t, n, st.up, x));
    }
}

void aigw_json_path(const char *s, const aigw_tok_t *t, int n, int tok, char *out, size_t cap)
{
    pbuf_t b;
    if (!out || cap == 0) return;
    b.out = out; b.cap = cap; b.len = 0; b.cut = false;
    if (tok >= 0 && tok < n && t) render(&b, s, t, n, tok);
    if (b.cut && cap >= 4) {
        size_t at = b.len < cap - 4 ? b.len : cap - 4;
        memcpy(out + at, "...", 3);
        b.len = at + 3;
    }
    out[b.len < cap ? b.len : cap - 1] = '\0';
}

aigw_err_t aigw_json_fail(aigw_diag_t *diag, aigw_err_t err, const char *s, const aigw_tok_t *t,
                          int n, int tok, const char *rule)
{
    if (diag) {
        diag->err = err;
        diag->rule = rule;
        diag->path[0] = '\0';
        aigw_json_path(s, t, n, tok, diag->path, sizeof diag->path);
    }
    return err;
}
