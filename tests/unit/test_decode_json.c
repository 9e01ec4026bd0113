/* SPDX-License-Identifier: MIT */
/*
 * The RFC 8259 check on top of jsmn: what jsmn (strict) lets through and
 * aigw must refuse, strings (escapes, surrogates, UTF-8), error paths, and
 * the token count reported when the caller's array is too small.
 */
#include <stdio.h>
#include <string.h>

#include "aigw/aigw_decode.h"
#include "aigw_test.h"

static aigw_tok_t g_tok[256];

typedef struct { const char *json; size_t len; aigw_err_t err; const char *path; } case_t;

#define C(s, e, p) { s, sizeof(s) - 1, e, p }

static void run_cases(const case_t *c, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        aigw_json_t js;
        aigw_diag_t d;
        aigw_err_t e;
        memset(&d, 0x5A, sizeof d); /* the parser must reset it */
        e = aigw_json_parse(&js, c[i].json, c[i].len, g_tok, 256, &d);
        EXPECTF(e == c[i].err && d.err == e && (!c[i].path || !strcmp(d.path, c[i].path)) &&
                (e == AIGW_OK || d.rule != NULL),
                "case %zu `%.*s` -> %s at \"%s\" (%s), want %s at \"%s\"", i, (int)c[i].len, c[i].json,
                aigw_strerror(e), d.path, d.rule ? d.rule : "-", aigw_strerror(c[i].err),
                c[i].path ? c[i].path : "*");
        if (e) EXPECTF(js.ntok == 0 && js.tok == NULL, "case %zu: js not cleared", i);
    }
}

static void test_valid(void)
{
    static const case_t c[] = {
        C("{}", AIGW_OK, ""), C("[]", AIGW_OK, ""), C(" \t\r\n{ } \n", AIGW_OK, ""),
        C("{\"a\":[1,2,{\"b\":null}]}", AIGW_OK, ""), C("[[[[]]],[{}]]", AIGW_OK, ""),
        C("\"x\"", AIGW_OK, ""), C("42", AIGW_OK, ""), C(" -0 ", AIGW_OK, ""), C("1.5e-3", AIGW_OK, ""),
        C("true", AIGW_OK, ""), C("false", AIGW_OK, ""), C("null", AIGW_OK, ""),
        C("[0,-0,0.0,1E9,1e+9,-1.25E-10,123456789012345678901234567890]", AIGW_OK, ""),
        C("{\"\":\"\",\"a b\":\" \"}", AIGW_OK, ""),
        C("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\u00e9\\uFFFF\\ud83d\\ude00\\uDBFF\\uDFFF\"]", AIGW_OK, ""),
        C("[\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\xED\x9F\xBF\xEE\x80\x80\"]", AIGW_OK, ""),
        C("{\"a\" : 1 , \"b\" :\n[ 2 , 3 ] }", AIGW_OK, ""),
        C("[\"\x7F\"]", AIGW_OK, ""), /* DEL is not a control character in JSON */
    };
    run_cases(c, sizeof c / sizeof c[0]);
}

/* Each of these passes jsmn's strict mode or fails it; aigw refuses all with AIGW_E_JSON. */
static void test_structure_jsmn_lets_through(void)
{
    static const case_t c[] = {
        C("[1,]", AIGW_E_JSON, ""), C("[,1]", AIGW_E_JSON, "[0]"), C("[1,,2]", AIGW_E_JSON, "[1]"),
        C("{\"a\":1,}", AIGW_E_JSON, ""), C("{,\"a\":1}", AIGW_E_JSON, "a"),
        C("{\"a\" 1}", AIGW_E_JSON, NULL), C("{\"a\" \"b\"}", AIGW_E_JSON, "a"),
        C("{\"a\"}", AIGW_E_JSON, "a"), C("{\"a\":}", AIGW_E_JSON, NULL),
        C("{\"a\":1 \"b\":2}", AIGW_E_JSON, "a"), C("[1 2]", AIGW_E_JSON, "[1]"),
        C("[\"a\" \"b\"]", AIGW_E_JSON, "[1]"), C("[{} {}]", AIGW_E_JSON, "[1]"),
        C("{\"a\"::1}", AIGW_E_JSON, NULL), C("{\"a\":1:2}", AIGW_E_JSON, NULL),
        C("[\"a\":1]", AIGW_E_JSON, NULL), C("{1:2}", AIGW_E_JSON, NULL), C("{\"a\":[}", AIGW_E_JSON, NULL),
        C("{} {}", AIGW_E_JSON, NULL), C("{}x", AIGW_E_JSON, NULL), C("[1]]", AIGW_E_JSON, NULL),
        C("[1]\0", AIGW_E_JSON, ""), C("[", AIGW_E_JSON, NULL), C("{\"a\":1", AIGW_E_JSON, NULL),
        C("{\"a\":\"x", AIGW_E_JSON, NULL), C("[1,\n]", AIGW_E_JSON, ""), C("{\"a\":'x'}", AIGW_E_JSON, NULL),
        C("[1}", AIGW_E_JSON, NULL), C("{]", AIGW_E_JSON, NULL), C("{\"a\":{\"b\":[1,]}}", AIGW_E_JSON, "a.b"),
        C("[[],[],[1,]]", AIGW_E_JSON, "[2]"),
        /* primitives */
        C("[tru]", AIGW_E_JSON, "[0]"), C("[nul]", AIGW_E_JSON, "[0]"), C("[truex]", AIGW_E_JSON, "[0]"),
        C("[01]", AIGW_E_JSON, "[0]"), C("[1.]", AIGW_E_JSON, "[0]"), C("[.5]", AIGW_E_JSON, NULL),
        C("[-]", AIGW_E_JSON, "[0]"), C("[+1]", AIGW_E_JSON, NULL), C("[1e]", AIGW_E_JSON, "[0]"),
        C("[1e+]", AIGW_E_JSON, "[0]"), C("[-01]", AIGW_E_JSON, "[0]"), C("[0x10]", AIGW_E_JSON, "[0]"),
        C("[NaN]", AIGW_E_JSON, NULL), C("[Infinity]", AIGW_E_JSON, NULL), C("[-Infinity]", AIGW_E_JSON, "[0]"),
        C("{\"a\":fals}", AIGW_E_JSON, "a"), C("{\"k\":{\"n\":[1,2,3e]}}", AIGW_E_JSON, "k.n[2]"),
        C("tru", AIGW_E_NOT_JSON, ""), C("truer", AIGW_E_JSON, ""), C("01", AIGW_E_JSON, ""), C("1 2", AIGW_E_JSON, ""),
        C("\"a\" \"b\"", AIGW_E_JSON, NULL), C("\"abc", AIGW_E_JSON, NULL), C("[1\x01]", AIGW_E_JSON, NULL),
    };
    run_cases(c, sizeof c / sizeof c[0]);
}

static void test_strings(void)
{
    static const case_t c[] = {
        C("[\"\\x\"]", AIGW_E_JSON_UTF8, NULL), C("[\"\\u12G4\"]", AIGW_E_JSON_UTF8, NULL),
        C("{\"k\":\"\\a\"}", AIGW_E_JSON_UTF8, "k"),
        C("[\"\\ud800\"]", AIGW_E_JSON_UTF8, "[0]"), C("[\"\\udc00\"]", AIGW_E_JSON_UTF8, "[0]"),
        C("[\"\\ud800\\u0041\"]", AIGW_E_JSON_UTF8, "[0]"), C("[\"\\ud800\\ud800\"]", AIGW_E_JSON_UTF8, "[0]"),
        C("[\"\\ude00\\ud83d\"]", AIGW_E_JSON_UTF8, "[0]"), C("[\"x\\ud83d\"]", AIGW_E_JSON_UTF8, "[0]"),
        C("{\"a\":[\"ok\",\"a\tb\"]}", AIGW_E_JSON_UTF8, "a[1]"), C("[\"\x01\"]", AIGW_E_JSON_UTF8, "[0]"),
        C("[\"\n\"]", AIGW_E_JSON_UTF8, "[0]"), C("[\"\x1F\"]", AIGW_E_JSON_UTF8, "[0]"),
        C("[\"a\0b\"]", AIGW_E_JSON_UTF8, NULL),
        C("[\"\xC3\"]", AIGW_E_JSON_UTF8, "[0]"), C("[\"\xC0\x80\"]", AIGW_E_JSON_UTF8, "[0]"),
        C("[\"\xC1\xBF\"]", AIGW_E_JSON_UTF8, "[0]"), C("[\"\xE0\x80\x80\"]", AIGW_E_JSON_UTF8, "[0]"),
        C("[\"\xED\xA0\x80\"]", AIGW_E_JSON_UTF8, "[0]"), C("[\"\xF0\x80\x80\x80\"]", AIGW_E_JSON_UTF8, "[0]"),
        C("[\"\xF4\x90\x80\x80\"]", AIGW_E_JSON_UTF8, "[0]"), C("[\"\xF5\x80\x80\x80\"]", AIGW_E_JSON_UTF8, "[0]"),
        C("[\"\xFF\"]", AIGW_E_JSON_UTF8, "[0]"), C("[\"\x80\"]", AIGW_E_JSON_UTF8, "[0]"),
        C("[\"\xE2\x82\"]", AIGW_E_JSON_UTF8, "[0]"), C("[\"\xE2\x28\xA1\"]", AIGW_E_JSON_UTF8, "[0]"),
        C("{\"\xFF\":1}", AIGW_E_JSON_UTF8, NULL), C("\"\\ud800\"", AIGW_E_JSON_UTF8, ""),
        C("{\"a\":{\"b\\ud800\":1}}", AIGW_E_JSON_UTF8, "a.b\\ud800"),
    };
    run_cases(c, sizeof c / sizeof c[0]);
}

static void test_not_json(void)
{
    static const case_t c[] = {
        C("", AIGW_E_NOT_JSON, ""), C("  \r\n", AIGW_E_NOT_JSON, ""),
        C("<html><body>502 Bad Gateway</body></html>", AIGW_E_NOT_JSON, ""),
        C("Bad Gateway", AIGW_E_NOT_JSON, ""), C("no healthy upstream", AIGW_E_NOT_JSON, ""),
        C("error code: 1020", AIGW_E_NOT_JSON, ""), C("\xEF\xBB\xBF{}", AIGW_E_NOT_JSON, ""),
        C("'x'", AIGW_E_NOT_JSON, ""), C("\0{}", AIGW_E_NOT_JSON, ""),
    };
    run_cases(c, sizeof c / sizeof c[0]);
}

static void test_path_cut_when_long(void)
{
    char buf[400];
    size_t n = 0;
    int i;
    aigw_json_t js;
    aigw_diag_t d;
    for (i = 0; i < 30; i++) n += (size_t)sprintf(buf + n, "{\"level%02d\":", i);
    n += (size_t)sprintf(buf + n, "tru");
    for (i = 0; i < 30; i++) buf[n++] = '}';
    EXPECT(aigw_json_parse(&js, buf, n, g_tok, 256, &d) == AIGW_E_JSON);
    EXPECT(strlen(d.path) == AIGW_DIAG_PATH_MAX - 1);
    EXPECT(!strncmp(d.path, "level00.level01.", 16));
    EXPECT(!strcmp(d.path + AIGW_DIAG_PATH_MAX - 4, "..."));
}

static void test_path_shows_odd_bytes_safely(void)
{
    static const char s[] = "{\"a\\nb\xC3\xA9\":[tru]}";
    aigw_json_t js;
    aigw_diag_t d;
    EXPECT(aigw_json_parse(&js, s, sizeof s - 1, g_tok, 256, &d) == AIGW_E_JSON);
    EXPECT(!strcmp(d.path, "a\\nb??[0]"));
}

static void test_token_count_needed(void)
{
    static const char s[] = "{\"a\":[1,2,3],\"b\":{\"c\":null}}"; /* 1+1+4+1+1+1+1 = 10 */
    size_t cap;
    aigw_json_t js;
    aigw_diag_t d;
    for (cap = 0; cap < 10; cap++) {
        size_t k;
        for (k = 0; k < 16; k++) memset(&g_tok[k], 0x77, sizeof g_tok[k]);
        EXPECTF(aigw_json_parse(&js, s, sizeof s - 1, cap ? g_tok : NULL, cap, &d) == AIGW_E_JSON_TOKENS &&
                    d.needed == 10,
                "cap %zu: needed %zu", cap, d.needed);
        for (k = cap; k < 16; k++) {
            static aigw_tok_t canary;
            memset(&canary, 0x77, sizeof canary);
            EXPECTF(!memcmp(&g_tok[k], &canary, sizeof canary), "cap %zu: token %zu written", cap, k);
        }
    }
    EXPECT(aigw_json_parse(&js, s, sizeof s - 1, g_tok, 10, &d) == AIGW_OK && js.ntok == 10);
    /* a scalar needs one */
    EXPECT(aigw_json_parse(&js, "7", 1, NULL, 0, &d) == AIGW_E_JSON_TOKENS && d.needed == 1);
    EXPECT(aigw_json_parse(&js, "7", 1, g_tok, 1, &d) == AIGW_OK && js.ntok == 1);
}

int main(void)
{
    RUN(test_valid);
    RUN(test_structure_jsmn_lets_through);
    RUN(test_strings);
    RUN(test_not_json);
    RUN(test_path_cut_when_long);
    RUN(test_path_shows_odd_bytes_safely);
    RUN(test_token_count_needed);
    return AIGW_TEST_EXIT();
}
