/* SPDX-License-Identifier: MIT */
/*
 * aigw_json_raw_check (core/json_raw.c): is a caller's text exactly one
 * JSON value? The encoder writes such texts verbatim (unknown members,
 * numbers and objects kept as text), so this check is what stands between
 * a caller's string and a body with spliced members. A table of valid and
 * invalid texts, each with the exact rule; nesting at the documented limit
 * (32) and one past it. Internal header: built against the core's objects
 * (mk/core-tests.mk). printf only.
 */
#include <stdio.h>
#include <string.h>

#include "aigw_test.h"
#include "json_raw.h"

typedef struct {
    const char *s;
    int len;          /* -1: strlen(s) */
    const char *rule; /* NULL: one valid value */
} raw_case_t;

static const raw_case_t cases[] = {
    /* scalars */
    { "0", -1, NULL }, { "-0", -1, NULL }, { "12", -1, NULL }, { "-1.5e-3", -1, NULL }, { "1E+9", -1, NULL },
    { "true", -1, NULL }, { "false", -1, NULL }, { "null", -1, NULL }, { "\"\"", -1, NULL },
    { "\"s\"", -1, NULL }, { "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", -1, NULL }, { "\"\\u00e9\\ud83d\\ude00\"", -1, NULL },
    { "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", -1, NULL },
    /* empty containers, whitespace around and inside */
    { "{}", -1, NULL }, { "[]", -1, NULL }, { "{ }", -1, NULL }, { "[ \t\r\n]", -1, NULL },
    { " {} ", -1, "whitespace around the value" }, { "{} ", -1, "whitespace around the value" },
    { "\t\n\r 1 \r\n\t", -1, "whitespace around the value" }, { "\n1", -1, "whitespace around the value" }, { "[[],{},[{}]]", -1, NULL },
    { "{ \"a\" : [ 1 , { \"b\" : null } ] , \"c\" : \"\xc3\xa9\" }", -1, NULL },
    { "{\"a\":1,\"a\":2}", -1, NULL }, /* duplicate names: grammar only (the encoder checks its own names) */
    { "[1,\"x\",true,false,null,{},[],-0.5]", -1, NULL },
    /* nothing, or not finished */
    { "", -1, "incomplete value" }, { "   ", -1, "whitespace around the value" }, { "[", -1, "incomplete value" },
    { "[1", -1, "incomplete value" }, { "[1,", -1, "incomplete value" }, { "{\"a\":", -1, "incomplete value" },
    { "{\"a\":1", -1, "incomplete value" }, { "[[]", -1, "incomplete value" },
    { "{", -1, "expected a member name" },
    /* trailing text: the injection this check exists for */
    { "1},\"collect_logs\":false,\"x\":{", -1, "text after the value" },
    { "{\"a\":1},\"collect_logs\":false,\"b\":{", -1, "text after the value" },
    { "\"x\",\"zdr\":true", -1, "text after the value" }, { "null,\"a\":1", -1, "text after the value" },
    { "1 2", -1, "text after the value" }, { "{}{}", -1, "text after the value" }, { "{}x", -1, "text after the value" },
    { "[]]", -1, "text after the value" }, { "\"a\" \"b\"", -1, "text after the value" },
    /* structure */
    { "]", -1, "expected a value" }, { "}", -1, "expected a value" }, { ",", -1, "expected a value" },
    { ":", -1, "expected a value" }, { "[1,]", -1, "expected a value" }, { "[,1]", -1, "expected a value" },
    { "{\"a\":}", -1, "expected a value" }, { "{\"a\"::1}", -1, "expected a value" },
    { "{\"a\":1,}", -1, "expected a member name" }, { "{,}", -1, "expected a member name" },
    { "{1:2}", -1, "expected a member name" }, { "{a:1}", -1, "expected a member name" },
    { "{\"a\"}", -1, "expected ':'" }, { "{\"a\" 1}", -1, "expected ':'" }, { "{\"a\",1}", -1, "expected ':'" },
    { "[1 2]", -1, "expected ',' or a closing bracket" }, { "[1}", -1, "expected ',' or a closing bracket" },
    { "{\"a\":1]", -1, "expected ',' or a closing bracket" }, { "{\"a\":1 \"b\":2}", -1, "expected ',' or a closing bracket" },
    { "[\"a\":1]", -1, "expected ',' or a closing bracket" },
    /* literals and numbers */
    { "tru", -1, "invalid literal" }, { "True", -1, "invalid number" }, { "nul", -1, "invalid literal" },
    { "truex", -1, "invalid literal" }, { "01", -1, "invalid number" }, { "1.", -1, "invalid number" },
    { ".5", -1, "invalid number" }, { "-", -1, "invalid number" }, { "+1", -1, "invalid number" },
    { "1e", -1, "invalid number" }, { "0x1", -1, "invalid number" }, { "NaN", -1, "invalid number" },
    { "[1{}]", -1, "invalid number" }, { "1\"a\"", -1, "invalid number" },
    /* strings: unterminated, escapes, controls, UTF-8 */
    { "\"abc", -1, "unterminated string" }, { "\"abc\\\"", -1, "unterminated string" }, { "\"", -1, "unterminated string" },
    { "\"\\", -1, "unterminated string" }, { "{\"a", -1, "unterminated string" }, { "[\"a]", -1, "unterminated string" },
    { "\"\\x\"", -1, "bad escape" }, { "\"\\'\"", -1, "bad escape" }, { "\"\\u12\"", -1, "bad \\u escape" },
    { "\"\\u12g4\"", -1, "bad \\u escape" }, { "\"\\ud800\"", -1, "lone high surrogate" },
    { "\"\\ud800\\u0041\"", -1, "lone high surrogate" }, { "\"\\udc00\"", -1, "lone low surrogate" },
    { "\"a\nb\"", -1, "raw control character" }, { "\"\t\"", -1, "raw control character" },
    { "\"\x7f\"", -1, NULL }, /* DEL is no control character in JSON */
    { "\"\xff\"", -1, "invalid UTF-8" }, { "\"\xc0\x80\"", -1, "invalid UTF-8" }, { "\"\xed\xa0\x80\"", -1, "invalid UTF-8" },
    { "\"\xf4\x90\x80\x80\"", -1, "invalid UTF-8" }, { "\"\xe2\x82\"", -1, "invalid UTF-8" },
    { "{\"\xff\":1}", -1, "invalid UTF-8" }, { "{\"a\\q\":1}", -1, "bad escape" },
    /* an embedded NUL is text, not the end */
    { "1\0", 2, "invalid number" }, { "{}\0", 3, "text after the value" }, { "\"a\0b\"", 5, "raw control character" },
    /* a length shorter than the string: only n bytes count */
    { "{}garbage", 2, NULL }, { "[1,2]", 4, "incomplete value" },
};

static void test_table(void)
{
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const raw_case_t *c = &cases[i];
        size_t n = c->len < 0 ? strlen(c->s) : (size_t)c->len;
        const char *got = aigw_json_raw_check(c->s, n);
        if (c->rule)
            EXPECTF(got && !strcmp(got, c->rule), "case %u '%s': want \"%s\", got \"%s\"", (unsigned)i, c->s, c->rule,
                    got ? got : "(valid)");
        else
            EXPECTF(!got, "case %u '%s': want valid, got \"%s\"", (unsigned)i, c->s, got);
    }
}

static char deep[4096];

/* open arrays/objects alternately, depth levels, then close them */
static size_t nest(size_t depth, int objects)
{
    size_t i, n = 0;
    for (i = 0; i < depth; i++) {
        if (objects && (i % 2)) {
            memcpy(deep + n, "{\"k\":", 5);
            n += 5;
        } else {
            deep[n++] = '[';
        }
    }
    deep[n++] = '0';
    for (i = depth; i-- > 0;)
        deep[n++] = (objects && (i % 2)) ? '}' : ']';
    return n;
}

static void test_nesting_limit(void)
{
    const char *r;
    size_t n;
    EXPECT(aigw_json_raw_check(deep, nest(1, 0)) == NULL);
    EXPECT(aigw_json_raw_check(deep, nest(31, 0)) == NULL);
    EXPECT(aigw_json_raw_check(deep, nest(32, 0)) == NULL);
    EXPECT(aigw_json_raw_check(deep, nest(32, 1)) == NULL);
    r = aigw_json_raw_check(deep, nest(33, 0));
    EXPECTF(r && !strcmp(r, "nesting deeper than 32"), "33 arrays: %s", r ? r : "(valid)");
    r = aigw_json_raw_check(deep, nest(33, 1));
    EXPECTF(r && !strcmp(r, "nesting deeper than 32"), "33 mixed: %s", r ? r : "(valid)");
    r = aigw_json_raw_check(deep, nest(200, 1));
    EXPECTF(r && !strcmp(r, "nesting deeper than 32"), "200 mixed: %s", r ? r : "(valid)");
    /* 32 deep, then closed, then deep again: the depth is counted back down */
    n = nest(32, 0);
    deep[0] = '[';
    memmove(deep + 1, deep, n);
    deep[n + 1] = ',';
    memcpy(deep + n + 2, deep + 1, n);
    deep[2 * n + 2] = ']';
    /* [ X , X ] with X 32 deep: 33 levels */
    r = aigw_json_raw_check(deep, 2 * n + 3);
    EXPECTF(r && !strcmp(r, "nesting deeper than 32"), "[X,X]: %s", r ? r : "(valid)");
    n = nest(31, 0);
    deep[0] = '[';
    memmove(deep + 1, deep, n);
    deep[n + 1] = ',';
    memcpy(deep + n + 2, deep + 1, n);
    deep[2 * n + 2] = ']';
    EXPECT(aigw_json_raw_check(deep, 2 * n + 3) == NULL);
    /* the bracket kinds are remembered per level */
    EXPECT(aigw_json_raw_check("[{\"a\":[{}]}]", 12) == NULL);
    r = aigw_json_raw_check("[{\"a\":[{}}]]", 12);
    EXPECT(r && !strcmp(r, "expected ',' or a closing bracket"));
}

static void test_null_pointer(void)
{
    const char *r = aigw_json_raw_check(NULL, 0);
    EXPECT(r && !strcmp(r, "NULL pointer"));
    r = aigw_json_raw_check(NULL, 5);
    EXPECT(r && !strcmp(r, "NULL pointer"));
}

int main(void)
{
    RUN(test_table);
    RUN(test_nesting_limit);
    RUN(test_null_pointer);
    printf("test_json_raw: %d passed, %d failed\n", aigw_t_pass, aigw_t_fail);
    return AIGW_TEST_EXIT();
}
