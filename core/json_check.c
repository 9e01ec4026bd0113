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
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* From pos, skip whitespace, then sep (if any) and whitespace: land exactly on target? */
static bool gap_ok(const char *s, size_t pos, size_t target, char sep)
{
    if (pos > target) return false;
    while (pos < target && is_ws(s[pos])) pos++;
    if (sep) {
        if (pos >= target || s[pos] != sep) return false;
        pos++;
        while (pos < target && is_ws(s[pos])) pos++;
    }
    return pos == target;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

const char *aigw_json_check_primitive(const char *s, size_t n)
{
    size_t i = 0;
    if (n == 0) return "invalid literal";
    if (s[0] == 't' || s[0] == 'f' || s[0] == 'n') {
        if ((n == 4 && !memcmp(s, "true", 4)) || (n == 5 && !memcmp(s, "false", 5)) ||
            (n == 4 && !memcmp(s, "null", 4)))
            return NULL;
        return "invalid literal";
    }
    if (s[i] == '-') i++;
    if (i >= n) return "invalid number";
    if (s[i] == '0') i++;
    else if (s[i] >= '1' && s[i] <= '9') { while (i < n && is_digit(s[i])) i++; }
    else return "invalid number";
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || !is_digit(s[i])) return "invalid number";
        while (i < n && is_digit(s[i])) i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= n || !is_digit(s[i])) return "invalid number";
        while (i < n && is_digit(s[i])) i++;
    }
    return i == n ? NULL : "invalid number";
}

/* The container that holds container c open (a member's value hangs off its name). */
static int enclosing(const aigw_tok_t *t, int c)
{
    int p = t[c].parent;
    if (p >= 0 && t[p].type == AIGW_TOK_STRING) p = t[p].parent;
    return p;
}

#define FAIL(tok, r) do { *bad = (tok); *rule = (r); return AIGW_E_JSON; } while (0)

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

aigw_err_t aigw_json_check(const char *s, size_t len, const aigw_tok_t *t, int n,
                           int *bad, const char **rule)
{
    size_t pos = 0, start, end, span;
    int i, open = -1;

    if (n < 1) FAIL(-1, "no value");
    for (i = 0; i < n; i++) {
        const aigw_tok_t *ti = &t[i];
        int p = ti->parent;
        char sep = 0;

        if (ti->start < 0 || ti->end < ti->start || (size_t)ti->end > len)
            FAIL(i, "token out of range");
        start = (size_t)ti->start;
        end = (size_t)ti->end;
        span = start;
        if (ti->type == AIGW_TOK_STRING) {
            if (start == 0 || end >= len) FAIL(i, "token out of range");
            span = start - 1;
        }
        /* Containers that end before this token close first. */
        while (open >= 0 && t[open].end >= 0 && (size_t)t[open].end <= span) {
            if (!close_ok(s, len, &pos, &t[open]))
                FAIL(open, t[open].type == AIGW_TOK_OBJECT ? "unexpected character before '}'" : "unexpected character before ']'");
            open = enclosing(t, open);
        }
        if (i == 0) {
            if (p != -1) FAIL(0, "token structure");
        } else if (p < 0) {
            FAIL(i, "more than one top-level value");
        } else if (p >= i) {
            FAIL(i, "token structure");
        } else if (t[p].type == AIGW_TOK_OBJECT || t[p].type == AIGW_TOK_ARRAY) {
            if (p != open) FAIL(i, "token structure");
            if (t[p].type == AIGW_TOK_OBJECT && (ti->type != AIGW_TOK_STRING || ti->size != 1))
                FAIL(i, "member name must be a string followed by ':' and a value");
            sep = (i == p + 1) ? 0 : ',';
        } else if (t[p].type == AIGW_TOK_STRING && p == i - 1 && t[p].parent >= 0 &&
                   t[t[p].parent].type == AIGW_TOK_OBJECT && t[p].parent == open) {
            sep = ':';
        } else {
            FAIL(i, "expected ',' between values");
        }
        if (!gap_ok(s, pos, span, sep))
            FAIL(i, sep == ':' ? "expected ':'" : sep == ',' ? "expected ','" : "unexpected character");

        switch (ti->type) {
        case AIGW_TOK_STRING: {
            const char *r;
            bool is_key = p >= 0 && t[p].type == AIGW_TOK_OBJECT;
            if (s[span] != '"' || s[end] != '"') FAIL(i, "token structure");
            if (!is_key && ti->size != 0) FAIL(i, "expected ',' between values");
            r = aigw_jstr_check(s + start, end - start, NULL);
            if (r) { *bad = i; *rule = r; return AIGW_E_JSON_UTF8; }
            pos = end + 1;
            break;
        }
        case AIGW_TOK_PRIMITIVE: {
            const char *r = aigw_json_check_primitive(s + start, end - start);
            if (r) FAIL(i, r);
            if (ti->size != 0) FAIL(i, "expected ',' between values");
            pos = end;
            break;
        }
        case AIGW_TOK_OBJECT:
        case AIGW_TOK_ARRAY:
            if (s[start] != (ti->type == AIGW_TOK_OBJECT ? '{' : '[')) FAIL(i, "token structure");
            pos = start + 1;
            open = i;
            break;
        default:
            FAIL(i, "token structure");
        }
    }
    while (open >= 0) {
        if (!close_ok(s, len, &pos, &t[open]))
            FAIL(open, t[open].type == AIGW_TOK_OBJECT ? "unexpected character before '}'" : "unexpected character before ']'");
        open = enclosing(t, open);
    }
    while (pos < len && is_ws(s[pos])) pos++;
    if (pos != len) FAIL(-1, "characters after the JSON value");
    return AIGW_OK;
}
