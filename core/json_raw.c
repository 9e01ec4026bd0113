/* SPDX-License-Identifier: MIT */
/*
 * Is a caller's text exactly one JSON value? The encoder writes two things
 * verbatim: the members aigw does not model (aigw_member_t.json) and the
 * members kept as JSON text (aigw_json_text_t, aigw_num_t). A text such as
 * `1},"collect_logs":false,"x":{` would otherwise splice members into the
 * body that no validator saw, so each is checked here before it is sent:
 * RFC 8259 grammar, string contents (escapes, UTF-8, no raw controls) and
 * literals/numbers, with no tokens and no recursion. Nesting deeper than
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

const char *aigw_json_raw_check(const char *s, size_t n)
{
    uint32_t arrays = 0; /* bit d: the container at depth d is an array */
    int depth = 0;
    const char *rule = NULL;
    size_t i = skip_ws(s, n, 0);

    if (!s)
        return "NULL pointer";
    for (;;) {
        /* a value is expected at i */
        if (i >= n)
            return "incomplete value";
        if (s[i] == '{' || s[i] == '[') {
            int arr = s[i] == '[';
            if (depth == MAX_DEPTH)
                return "nesting deeper than 32";
            arrays = arr ? arrays | (1u << depth) : arrays & ~(1u << depth);
            depth++;
            i = skip_ws(s, n, i + 1);
            if (i < n && s[i] == (arr ? ']' : '}')) {
                depth--;
                i++;
                goto after_value;
            }
            if (!arr)
                goto key;
            continue;
        }
        if (s[i] == '}' || s[i] == ']' || s[i] == ',' || s[i] == ':')
            return "expected a value";
        i = scalar(s, n, i, &rule);
        if (!i)
            return rule;
    after_value:
        i = skip_ws(s, n, i);
        if (depth == 0)
            return i == n ? NULL : "text after the value";
        if (i >= n)
            return "incomplete value";
        if (s[i] == ((arrays >> (depth - 1)) & 1u ? ']' : '}')) {
            depth--;
            i++;
            goto after_value;
        }
        if (s[i] != ',')
            return "expected ',' or a closing bracket";
        i = skip_ws(s, n, i + 1);
        if ((arrays >> (depth - 1)) & 1u)
            continue;
    key:
        if (i >= n || s[i] != '"')
            return "expected a member name";
        i = scalar(s, n, i, &rule);
        if (!i)
            return rule;
        i = skip_ws(s, n, i);
        if (i >= n || s[i] != ':')
            return "expected ':'";
        i = skip_ws(s, n, i + 1);
    }
}
