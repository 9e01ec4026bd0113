/* SPDX-License-Identifier: MIT */
/*
 * aigw_json_parse(): classify (JSON or not), tokenize with jsmn, count the
 * tokens needed when the caller gave too few, and run the RFC 8259 check.
 */
#include <limits.h>
#include <string.h>

#include "decode_internal.h"

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool starts_with(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    return n >= k && memcmp(s, lit, k) == 0;
}

/*
 * Does the text start like a JSON value? A proxy's HTML page ("<html>"),
 * plain text ("Bad Gateway", "no healthy upstream") or an empty body is
 * AIGW_E_NOT_JSON, which tells the caller more than "malformed JSON".
 */
static bool looks_like_json(const char *s, size_t n)
{
    char c = s[0];
    return c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') ||
           starts_with(s, n, "true") || starts_with(s, n, "false") || starts_with(s, n, "null");
}

/*
 * A top-level scalar. jsmn's strict mode wants a delimiter after a
 * primitive, so "42" alone is AIGW_TOKENIZE_PART; such texts are valid JSON
 * (just never an envelope), so aigw makes their single token itself.
 */
static aigw_err_t scalar(aigw_json_t *js, const char *text, size_t len, size_t p,
                         aigw_tok_t *tok, size_t cap, aigw_diag_t *diag)
{
    size_t e = p;
    aigw_tok_t one;
    int bad = -1;
    const char *rule = NULL;
    aigw_err_t err;

    if (text[p] == '"') {
        e = p + 1;
        while (e < len && text[e] != '"') e += (text[e] == '\\') ? 2 : 1;
        if (e >= len) return aigw_json_fail(diag, AIGW_E_JSON, text, NULL, 0, -1, "unterminated string");
        one.type = AIGW_TOK_STRING;
        one.start = (int)(p + 1);
        one.end = (int)e;
    } else {
        while (e < len && !is_ws(text[e])) e++;
        one.type = AIGW_TOK_PRIMITIVE;
        one.start = (int)p;
        one.end = (int)e;
    }
    one.size = 0;
    one.parent = -1;
    err = aigw_json_check(text, len, &one, 1, &bad, &rule);
    if (err) return aigw_json_fail(diag, err, text, &one, 1, bad, rule);
    if (cap < 1) {
        if (diag) diag->needed = 1;
        return aigw_json_fail(diag, AIGW_E_JSON_TOKENS, text, NULL, 0, -1, "jsmn tokens");
    }
    tok[0] = one;
    js->ntok = 1;
    return AIGW_OK;
}

/* jsmn refused the text: say where, and tell a bad string from bad structure. */
static aigw_err_t tokenize_failed(const char *text, size_t len, const aigw_tokenize_stop_t *P, int r,
                              const aigw_tok_t *tok, aigw_diag_t *diag)
{
    size_t pos = P->pos;
    int where = P->toksuper;
    int n = (int)P->toknext;
    if (where >= n) where = -1;
    if (pos < len && text[pos] == '"') {
        /* jsmn rewinds to the opening quote of a string it rejects. */
        size_t e = pos + 1;
        const char *rule;
        while (e < len && text[e] != '"') e += (text[e] == '\\') ? 2 : 1;
        if (e >= len)
            return aigw_json_fail(diag, AIGW_E_JSON, text, tok, n, where, "unterminated string");
        rule = aigw_jstr_check(text + pos + 1, e - pos - 1, NULL);
        if (rule)
            return aigw_json_fail(diag, AIGW_E_JSON_UTF8, text, tok, n, where, rule);
    }
    return aigw_json_fail(diag, AIGW_E_JSON, text, tok, n, where,
                          r == AIGW_TOKENIZE_PART ? "unexpected end of text" : "unexpected character");
}

/* An object or array: jsmn's tokens (or only their count when they do not fit), then the RFC 8259 check. */
static aigw_err_t parse_container(aigw_json_t *js, const char *text, size_t len, aigw_tok_t *tok,
                                  size_t tok_cap, aigw_diag_t *diag)
{
    aigw_tokenize_stop_t P;
    unsigned int ucap;
    int r, bad = -1;
    const char *rule = NULL;
    aigw_err_t err;

    ucap = tok_cap > (size_t)INT_MAX ? (unsigned int)INT_MAX : (unsigned int)tok_cap;
    r = ucap ? aigw_tokenize(text, len, tok, ucap, &P) : AIGW_TOKENIZE_NOMEM;
    if (r == AIGW_TOKENIZE_NOMEM) {
        /* Count only (jsmn with no token array); the count is what is needed. */
        r = aigw_tokenize(text, len, NULL, 0, &P);
        if (r < 0) return tokenize_failed(text, len, &P, r, NULL, diag);
        if (diag) diag->needed = (size_t)r;
        return aigw_json_fail(diag, AIGW_E_JSON_TOKENS, NULL, NULL, 0, -1, "jsmn tokens");
    }
    if (r < 0) return tokenize_failed(text, len, &P, r, tok, diag);
    js->ntok = r;
    err = aigw_json_check(text, len, tok, r, &bad, &rule);
    if (err) return aigw_json_fail(diag, err, text, tok, r, bad, rule);
    return AIGW_OK;
}

static aigw_err_t parse(aigw_json_t *js, const char *text, size_t len, aigw_tok_t *tok,
                        size_t tok_cap, aigw_diag_t *diag)
{
    size_t p = 0;

    if (diag) { diag->err = AIGW_OK; diag->path[0] = '\0'; diag->rule = NULL; diag->needed = 0; }
    if (!js) return aigw_json_fail(diag, AIGW_E_ARG, NULL, NULL, 0, -1, "js");
    memset(js, 0, sizeof *js);
    if ((!text && len) || (!tok && tok_cap))
        return aigw_json_fail(diag, AIGW_E_ARG, NULL, NULL, 0, -1, "text/tokens");
    if (len > (size_t)INT_MAX)
        return aigw_json_fail(diag, AIGW_E_JSON_LIMIT, NULL, NULL, 0, -1, "text longer than INT_MAX");
    js->text = text;
    js->len = len;
    js->tok = tok;

    while (p < len && is_ws(text[p])) p++;
    if (p == len || !looks_like_json(text + p, len - p))
        return aigw_json_fail(diag, AIGW_E_NOT_JSON, NULL, NULL, 0, -1,
                              p == len ? "empty body" : "does not start like JSON");
    if (text[p] != '{' && text[p] != '[')
        return scalar(js, text, len, p, tok, tok_cap, diag);
    return parse_container(js, text, len, tok, tok_cap, diag);
}

aigw_err_t aigw_json_parse(aigw_json_t *js, const char *text, size_t len,
                           aigw_tok_t *tok, size_t tok_cap, aigw_diag_t *diag)
{
    aigw_err_t err = parse(js, text, len, tok, tok_cap, diag);
    if (err && js) memset(js, 0, sizeof *js);
    return err;
}

aigw_err_t aigw_json_parse_in_place(aigw_json_t *js, char *text, size_t len,
                                    aigw_tok_t *tok, size_t tok_cap, aigw_diag_t *diag)
{
    aigw_err_t err = parse(js, text, len, tok, tok_cap, diag);
    if (err) {
        if (js) memset(js, 0, sizeof *js);
        return err;
    }
    js->in_place = text;
    return AIGW_OK;
}
