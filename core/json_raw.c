/* SPDX-License-Identifier: MIT */
/*
 * Is a caller's text exactly one JSON value? The encoder writes two things
 * verbatim: the members aigw does not model (aigw_member_t.json) and the
 * members kept as JSON text (aigw_json_text_t, aigw_num_t). A text such as
 * `1},"collect_logs":false,"x":{` would otherwise splice members into the
 * body that no validator saw, so each is checked here before it is sent:
 * RFC 8259 grammar, string contents (escapes, UTF-8, no raw controls) and
 * literals/numbers, with no tokens and no recursion. No whitespace around
 * the value (a decoded value has none, so a text reads back as it was
 * sent). Nesting deeper than
 * 32 is refused (a documented limit: the schema's objects are 4 deep).
 */
#include "decode_internal.h"
#include "json_raw.h"

#define MAX_DEPTH 32

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

/* The end of the string whose opening quote is at i, or 0 when unterminated. */
static size_t string_end(const char *s, size_t n, size_t i)
{
    for (i++; i < n; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == '"')
            return i;
    }
    return 0;
}

/* One scalar (string, number, literal) at i: its end, or 0 with *rule set. */
static size_t scalar(const char *s, size_t n, size_t i, const char **rule)
{
    size_t e;
    if (s[i] == '"') {
        e = string_end(s, n, i);
        if (!e) {
            *rule = "unterminated string";
            return 0;
        }
        *rule = aigw_jstr_check(s + i + 1, e - i - 1, NULL);
        return *rule ? 0 : e + 1;
    }
    for (e = i; e < n && s[e] != ',' && s[e] != '}' && s[e] != ']' && s[e] != ' ' && s[e] != '\t' &&
                s[e] != '\n' && s[e] != '\r' && s[e] != ':';
         e++)
        ;
    *rule = aigw_json_check_primitive(s + i, e - i);
    return *rule ? 0 : e;
}

/* The walk: where we are, and a bit per open container (1: an array). */
typedef struct {
    const char *s;
    size_t n, i;
    uint32_t arrays;
    int depth;
    const char *rule;
} raw_t;

enum { S_FAIL = -1, S_VALUE, S_KEY, S_AFTER, S_DONE };

static int bad(raw_t *r, const char *rule)
{
    r->rule = rule;
    return S_FAIL;
}

static int in_array(const raw_t *r)
{
    return (int)((r->arrays >> (r->depth - 1)) & 1u);
}

static int open_container(raw_t *r)
{
    int arr = r->s[r->i] == '[';
    if (r->depth == MAX_DEPTH)
        return bad(r, "nesting deeper than 32");
    r->arrays = arr ? (r->arrays | (1u << r->depth)) : (r->arrays & ~(1u << r->depth));
    r->depth++;
    r->i = skip_ws(r->s, r->n, r->i + 1);
    if (r->i < r->n && r->s[r->i] == (arr ? ']' : '}')) {
        r->depth--;
        r->i++;
        return S_AFTER;
    }
    return arr ? S_VALUE : S_KEY;
}

static int step_value(raw_t *r)
{
    char c;
    if (r->i >= r->n)
        return bad(r, "incomplete value");
    c = r->s[r->i];
    if (c == '{' || c == '[')
        return open_container(r);
    if (c == '}' || c == ']' || c == ',' || c == ':')
        return bad(r, "expected a value");
    r->i = scalar(r->s, r->n, r->i, &r->rule);
    return r->i ? S_AFTER : S_FAIL;
}

static int step_key(raw_t *r)
{
    if (r->i >= r->n || r->s[r->i] != '"')
        return bad(r, "expected a member name");
    r->i = scalar(r->s, r->n, r->i, &r->rule);
    if (!r->i)
        return S_FAIL;
    r->i = skip_ws(r->s, r->n, r->i);
    if (r->i >= r->n || r->s[r->i] != ':')
        return bad(r, "expected ':'");
    r->i = skip_ws(r->s, r->n, r->i + 1);
    return S_VALUE;
}

static int step_after(raw_t *r)
{
    int arr;
    r->i = skip_ws(r->s, r->n, r->i);
    if (r->depth == 0)
        return r->i == r->n ? S_DONE : bad(r, "text after the value");
    if (r->i >= r->n)
        return bad(r, "incomplete value");
    arr = in_array(r);
    if (r->s[r->i] == (arr ? ']' : '}')) {
        r->depth--;
        r->i++;
        return S_AFTER;
    }
    if (r->s[r->i] != ',')
        return bad(r, "expected ',' or a closing bracket");
    r->i = skip_ws(r->s, r->n, r->i + 1);
    return arr ? S_VALUE : S_KEY;
}

const char *aigw_json_raw_check(const char *s, size_t n)
{
    raw_t r;
    int state = S_VALUE;

    if (!s)
        return "NULL pointer";
    /* a decoded value is its text without the whitespace around it: a
     * caller's text must be the same, so what is sent reads back as it is */
    if (n > 0 && (skip_ws(s, n, 0) > 0 || skip_ws(s, n, n - 1) == n))
        return "whitespace around the value";
    r.s = s;
    r.n = n;
    r.i = skip_ws(s, n, 0);
    r.arrays = 0;
    r.depth = 0;
    r.rule = NULL;
    while (state != S_FAIL && state != S_DONE)
        state = state == S_VALUE ? step_value(&r) : state == S_KEY ? step_key(&r) : step_after(&r);
    return state == S_DONE ? NULL : r.rule;
}

/* The kinds kept as text (aigw_num_t, aigw_json_text_t): one definition for
 * the validator and the encoder, so what is judged is what is sent. */
const char *aigw_json_raw_number(const char *s, size_t n)
{
    const char *rule = aigw_json_check_primitive(s, n);
    if (!rule && (s[0] == 't' || s[0] == 'f' || s[0] == 'n'))
        rule = "type"; /* a literal, not a number */
    return rule;
}

const char *aigw_json_raw_object(const char *s, size_t n)
{
    const char *rule = aigw_json_raw_check(s, n);
    return rule ? rule : s[0] != '{' ? "type" : NULL;
}
