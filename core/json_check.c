/* SPDX-License-Identifier: MIT */
/*
 * RFC 8259 check over jsmn's tokens. jsmn (even JSMN_STRICT) is only a
 * tokenizer: it accepts [1,] [,1] {"a" "b"} {"a"} {"a":1 "b":2} `tru` `01`
 * `{} {}`, raw control characters in strings, and stops silently at a NUL.
 *
 * The check walks the tokens in document order with one text cursor and
 * requires that the bytes between consecutive tokens are exactly what the
 * grammar allows there (whitespace, and one ',' or ':' where needed), that
 * each container closes with its bracket after only whitespace, that every
 * primitive is a literal or a number, every string's contents are valid,
 * and that only whitespace follows the top-level value. The open
 * containers are the chain of parent links from the innermost one, so no
 * stack is needed: memory is O(1) whatever the nesting depth.
 */
#include <string.h>

#include "decode_internal.h"

static bool is_ws(char c)
{
    /* space, or a bit test for \t (9), \n (10), \r (13) */
    unsigned char u = (unsigned char)c;
    return u == ' ' || (u <= '\r' && ((1u << u) & ((1u << '\t') | (1u << '\n') | (1u << '\r'))) != 0);
}

/* From pos, skip whitespace, then sep (if any) and whitespace: land exactly on target? */
#if defined(__GNUC__)
#define ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define ALWAYS_INLINE
#endif

/* Past the whitespace from s[pos] on (before target); indentation 4 spaces a step. */
static ALWAYS_INLINE size_t skip_ws(const char *s, size_t pos, size_t target)
{
    while (pos < target && is_ws(s[pos])) {
        if (s[pos++] != '\n') continue;
        /* after a line break, the indentation: 4 spaces a step */
        while (target - pos >= 4 && !memcmp(s + pos, "    ", 4)) pos += 4;
    }
    return pos;
}

static ALWAYS_INLINE bool gap_ok(const char *s, size_t pos, size_t target, char sep)
{
    if (pos > target) return false;
    pos = skip_ws(s, pos, target);
    if (sep) {
        if (pos >= target || s[pos] != sep) return false;
        pos = skip_ws(s, pos + 1, target);
    }
    return pos == target;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Like coreJSON's skipDigits: past any digits; false when there were none. */
static bool skip_digits(const char *s, size_t n, size_t *i)
{
    size_t j = *i;
    while (j < n && is_digit(s[j])) j++;
    if (j == *i) return false;
    *i = j;
    return true;
}

static const char *check_literal(const char *s, size_t n)
{
    if ((n == 4 && !memcmp(s, "true", 4)) || (n == 5 && !memcmp(s, "false", 5)) ||
        (n == 4 && !memcmp(s, "null", 4)))
        return NULL;
    return "invalid literal";
}

/* int = "0" / digit1-9 *DIGIT, after an optional '-' */
static bool skip_int(const char *s, size_t n, size_t *i)
{
    if (*i < n && s[*i] == '-') (*i)++;
    if (*i >= n) return false;
    if (s[*i] == '0') {
        (*i)++;
        return true;
    }
    return skip_digits(s, n, i); /* digit1-9: the "0" case returned above */
}

/* [ frac ] [ exp ]: "." 1*DIGIT, then ("e" / "E") [ "+" / "-" ] 1*DIGIT */
static bool skip_frac_exp(const char *s, size_t n, size_t *i)
{
    if (*i < n && s[*i] == '.') {
        (*i)++;
        if (!skip_digits(s, n, i)) return false;
    }
    if (*i < n && (s[*i] == 'e' || s[*i] == 'E')) {
        (*i)++;
        if (*i < n && (s[*i] == '+' || s[*i] == '-')) (*i)++;
        if (!skip_digits(s, n, i)) return false;
    }
    return true;
}

const char *aigw_json_check_primitive(const char *s, size_t n)
{
    size_t i = 0;
    if (n == 0) return "invalid literal";
    if (s[0] == 't' || s[0] == 'f' || s[0] == 'n') return check_literal(s, n);
    if (!skip_int(s, n, &i) || !skip_frac_exp(s, n, &i) || i != n) return "invalid number";
    return NULL;
}

/* The container that holds container c open (a member's value hangs off its name). */
static int enclosing(const aigw_tok_t *t, int c)
{
    int p = t[c].parent;
    if (p >= 0 && t[p].type == AIGW_TOK_STRING) p = t[p].parent;
    return p;
}

/* The walk's state: one text cursor and the innermost open container; the
 * first failure's token and rule. */
typedef struct {
    const char *s;
    size_t len;
    const aigw_tok_t *t;
    size_t pos;
    int open;
    size_t open_end; /* t[open].end, or SIZE_MAX when none is open or its end is unknown */
    int bad;
    const char *rule;
} walk_t;

/* The innermost open container is x (-1: none). */
static void set_open(walk_t *w, int x)
{
    w->open = x;
    w->open_end = x >= 0 && w->t[x].end >= 0 ? (size_t)w->t[x].end : SIZE_MAX;
}

static aigw_err_t fail(walk_t *w, int tok, const char *rule, aigw_err_t e)
{
    w->bad = tok;
    w->rule = rule;
    return e;
}

/* Close container c: only whitespace, then its bracket. */
static bool close_ok(const char *s, size_t len, size_t *pos, const aigw_tok_t *c)
{
    size_t e;
    if (c->end < 1) return false;
    e = (size_t)c->end;
    if (e > len || !gap_ok(s, *pos, e - 1, 0)) return false;
    if (s[e - 1] != (c->type == AIGW_TOK_OBJECT ? '}' : ']')) return false;
    *pos = e;
    return true;
}

/* Close the innermost open container: only whitespace, then its bracket. */
static aigw_err_t close_one(walk_t *w)
{
    const aigw_tok_t *c = &w->t[w->open];
    if (!close_ok(w->s, w->len, &w->pos, c))
        return fail(w, w->open, c->type == AIGW_TOK_OBJECT ? "unexpected character before '}'"
                                                       : "unexpected character before ']'", AIGW_E_JSON);
    set_open(w, enclosing(w->t, w->open));
    return AIGW_OK;
}

/* Close the open containers that end at or before span (before the next token). */
static aigw_err_t close_until(walk_t *w, size_t span)
{
    aigw_err_t e = AIGW_OK;
    while (!e && w->open_end <= span)
        e = close_one(w);
    return e;
}

/* Token i's bytes lie inside the text; span is where its text starts (a string's quote). */
static bool token_in_range(const walk_t *w, int i, size_t *span)
{
    const aigw_tok_t *ti = &w->t[i];
    if (ti->start < 0 || ti->end < ti->start || (size_t)ti->end > w->len) return false;
    *span = (size_t)ti->start;
    if (ti->type != AIGW_TOK_STRING) return true;
    if (*span == 0 || (size_t)ti->end >= w->len) return false;
    (*span)--;
    return true;
}

/* Token i is a member name's value: its parent is the name just before it, in the open object. */
static bool is_member_value(const walk_t *w, int i, int p)
{
    const aigw_tok_t *name = &w->t[p];
    return name->type == AIGW_TOK_STRING && p == i - 1 && name->parent >= 0 &&
           w->t[name->parent].type == AIGW_TOK_OBJECT && name->parent == w->open;
}

/* Where token i may stand, given its parent: the rule it breaks, or NULL and
 * the separator that must come before it (0, ',' or ':'). */
static const char *placement(const walk_t *w, int i, char *sep)
{
    const aigw_tok_t *ti = &w->t[i];
    int p = ti->parent;
    *sep = 0;
    if (i == 0) return p != -1 ? "token structure" : NULL;
    if (p < 0) return "more than one top-level value";
    if (p >= i) return "token structure";
    if (w->t[p].type == AIGW_TOK_OBJECT || w->t[p].type == AIGW_TOK_ARRAY) {
        if (p != w->open) return "token structure";
        if (w->t[p].type == AIGW_TOK_OBJECT && (ti->type != AIGW_TOK_STRING || ti->size != 1))
            return "member name must be a string followed by ':' and a value";
        *sep = (i == p + 1) ? 0 : ',';
        return NULL;
    }
    if (is_member_value(w, i, p)) {
        *sep = ':';
        return NULL;
    }
    return "expected ',' between values";
}

static const char *gap_rule(char sep)
{
    if (sep == ':') return "expected ':'";
    return sep == ',' ? "expected ','" : "unexpected character";
}

static aigw_err_t string_token(walk_t *w, int i, size_t span)
{
    const aigw_tok_t *ti = &w->t[i];
    size_t start = (size_t)ti->start, end = (size_t)ti->end;
    const char *r;
    if (w->s[span] != '"' || w->s[end] != '"') return fail(w, i, "token structure", AIGW_E_JSON);
    /* a value has no size; a member name (its parent an object) has its value */
    if (ti->size != 0 && !(ti->parent >= 0 && w->t[ti->parent].type == AIGW_TOK_OBJECT))
        return fail(w, i, "expected ',' between values", AIGW_E_JSON);
    /* the usual string needs no closer look */
    r = aigw_jstr_plain(w->s, start, end) ? NULL : aigw_jstr_check(w->s + start, end - start, NULL);
    if (r) return fail(w, i, r, AIGW_E_JSON_UTF8);
    w->pos = end + 1;
    return AIGW_OK;
}

/* The token's own text: a valid string, literal or number, or a container's opening bracket. */
static aigw_err_t token_text(walk_t *w, int i, size_t span)
{
    const aigw_tok_t *ti = &w->t[i];
    size_t start = (size_t)ti->start, end = (size_t)ti->end;
    const char *r;
    switch (ti->type) {
    case AIGW_TOK_STRING:
        return string_token(w, i, span);
    case AIGW_TOK_PRIMITIVE:
        r = aigw_json_check_primitive(w->s + start, end - start);
        if (r) return fail(w, i, r, AIGW_E_JSON);
        if (ti->size != 0) return fail(w, i, "expected ',' between values", AIGW_E_JSON);
        w->pos = end;
        return AIGW_OK;
    case AIGW_TOK_OBJECT:
    case AIGW_TOK_ARRAY:
        if (w->s[start] != (ti->type == AIGW_TOK_OBJECT ? '{' : '[')) return fail(w, i, "token structure", AIGW_E_JSON);
        w->pos = start + 1;
        set_open(w, i);
        return AIGW_OK;
    default:
        return fail(w, i, "token structure", AIGW_E_JSON);
    }
}

/* One token: in range, containers before it closed, in its place, then its text. */
static aigw_err_t check_token(walk_t *w, int i)
{
    size_t span;
    char sep;
    const char *r;
    aigw_err_t e;
    if (!token_in_range(w, i, &span)) return fail(w, i, "token out of range", AIGW_E_JSON);
    e = close_until(w, span);
    if (e) return e;
    r = placement(w, i, &sep);
    if (r) return fail(w, i, r, AIGW_E_JSON);
    if (!gap_ok(w->s, w->pos, span, sep)) return fail(w, i, gap_rule(sep), AIGW_E_JSON);
    return token_text(w, i, span);
}

aigw_err_t aigw_json_check(const char *s, size_t len, const aigw_tok_t *t, int n,
                           int *bad, const char **rule)
{
    walk_t w;
    aigw_err_t e = AIGW_OK;
    int i;

    w.s = s;
    w.len = len;
    w.t = t;
    w.pos = 0;
    set_open(&w, -1);
    w.bad = -1;
    w.rule = NULL;
    if (n < 1) e = fail(&w, -1, "no value", AIGW_E_JSON);
    for (i = 0; i < n && !e; i++) e = check_token(&w, i);
    while (!e && w.open >= 0) e = close_one(&w);
    if (!e) {
        while (w.pos < len && is_ws(s[w.pos])) w.pos++;
        if (w.pos != len) e = fail(&w, -1, "characters after the JSON value", AIGW_E_JSON);
    }
    if (e) {
        *bad = w.bad;
        *rule = w.rule;
    }
    return e;
}
