/*
 * Lossless read-modify-write: GET result -> aigw_gateway_t -> change
 * cache_ttl -> aigw_params_to_json() (the encoder) -> PUT body. Every
 * member aigw does not model must come back byte for byte, the read-only
 * members (id, created_at, modified_at, is_default) must not be sent, and
 * nothing but cache_ttl may change.
 *
 *   test_decode_rmw <dir>                 the unit tests
 *   test_decode_rmw --emit <file> <ttl>   print the PUT body for <file>'s result
 *                                         with cache_ttl = <ttl> (for the Python
 *                                         comparison in tests/decode/rmw_check.py)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_decode.h"
#include "aigw_test.h"
#include "decode_test_util.h"

static const char *g_dir = "tests/data/json";
static char g_body[1 << 16];
static aigw_tok_t g_tok[2048];
static uint64_t g_mem[4096];
static char g_out[1 << 16];

static aigw_json_t g_js;
static aigw_gateway_t g_gw;

/* GET: decode the file's result into g_gw. */
static aigw_err_t get(const char *dir, const char *name)
{
    long n = dt_read_file(dir, name, g_body, sizeof g_body);
    aigw_diag_t d;
    aigw_arena_t a;
    aigw_envelope_t env;
    aigw_err_t e;
    if (n < 0) return AIGW_E_ARG;
    e = aigw_json_parse(&g_js, g_body, (size_t)n, g_tok, 2048, &d);
    if (e) return e;
    aigw_arena_init(&a, g_mem, sizeof g_mem);
    aigw_envelope_init(&env, NULL, 0, NULL, 0);
    e = aigw_envelope_decode(&g_js, &a, &env, &d);
    if (e) return e;
    if (env.result_state != AIGW_SET) return AIGW_E_ENVELOPE;
    return aigw_gateway_decode(&g_js, env.result_tok, &a, &g_gw, &d);
}

/* PUT body with cache_ttl changed. */
static aigw_err_t put(int64_t ttl, size_t *len)
{
    aigw_params_t p = g_gw.params;
    aigw_diag_t d;
    p.cache_ttl.state = AIGW_SET;
    p.cache_ttl.value = ttl;
    memset(&d, 0, sizeof d);
    return aigw_params_to_json(&p, g_out, sizeof g_out - 1, len, &d);
}

static int contains(const char *hay, size_t n, const char *needle, size_t m)
{
    size_t i;
    for (i = 0; m <= n && i + m <= n; i++)
        if (!memcmp(hay + i, needle, m)) return 1;
    return 0;
}

/* Does the body hold `"name":json` for this member, byte for byte? */
static int member_verbatim(const char *out, size_t n, const aigw_member_t *m)
{
    char want[8192];
    size_t k = 0;
    if (m->name.len + m->json.len + 3 > sizeof want) return 0;
    want[k++] = '"';
    memcpy(want + k, m->name.ptr, m->name.len); k += m->name.len;
    want[k++] = '"';
    want[k++] = ':';
    memcpy(want + k, m->json.ptr, m->json.len); k += m->json.len;
    return contains(out, n, want, k);
}

static void check_rmw(const char *name, size_t expect_extra)
{
    size_t len = 0, i;
    aigw_err_t e = get(g_dir, name);
    aigw_params_t back, orig;
    static aigw_tok_t tok[2048];
    static uint64_t mem[4096];
    aigw_arena_t a;
    aigw_diag_t d;
    const char *diff;
    EXPECTF(e == AIGW_OK, "%s: GET decode %s", name, aigw_strerror(e));
    if (e) return;
    EXPECTF(g_gw.params.extra.count == expect_extra, "%s: %zu extra", name, g_gw.params.extra.count);
    e = put(g_gw.params.cache_ttl.value + 1000, &len);
    EXPECTF(e == AIGW_OK, "%s: encode %s", name, aigw_strerror(e));
    if (e) return;
    /* byte for byte: each unmodelled member as it came */
    for (i = 0; i < g_gw.params.extra.count; i++)
        EXPECTF(member_verbatim(g_out, len, &g_gw.params.extra.items[i]), "%s: extra %.*s not verbatim in %.*s",
                name, (int)g_gw.params.extra.items[i].name.len, g_gw.params.extra.items[i].name.ptr, (int)len, g_out);
    /* decode the PUT body: equal to what was read, but for cache_ttl */
    aigw_arena_init(&a, mem, sizeof mem);
    e = aigw_params_from_json(g_out, len, tok, 2048, &a, &back, &d);
    EXPECTF(e == AIGW_OK, "%s: PUT body does not decode: %s at %s", name, aigw_strerror(e), d.path);
    if (e) return;
    /* read-only members are not sent back (they would come back as extra members) */
    EXPECTF(!aigw_params_extra_find(&back, "id", 2) && !aigw_params_extra_find(&back, "created_at", 10) &&
                !aigw_params_extra_find(&back, "modified_at", 11) && !aigw_params_extra_find(&back, "is_default", 10),
            "%s: read-only member in %.*s", name, (int)len, g_out);
    EXPECT(back.cache_ttl.state == AIGW_SET && back.cache_ttl.value == g_gw.params.cache_ttl.value + 1000);
    orig = g_gw.params;
    orig.cache_ttl = back.cache_ttl;
    diff = dt_params_diff(&orig, &back);
    EXPECTF(diff == NULL, "%s: %s changed", name, diff ? diff : "");
}

static void test_rmw_newer_fields(void) { check_rmw("newer_fields.json", 5); }
static void test_rmw_unknown_nested_members(void) { check_rmw("unknown_nested.json", 3); }
static void test_rmw_api_example(void) { check_rmw("api_example.json", 0); }
static void test_rmw_dlp_policies(void) { check_rmw("dlp_policies.json", 0); }
static void test_rmw_escapes(void) { check_rmw("escapes.json", 0); }

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "--emit")) {
        /* argv[2] is a path: split dir/name for get() */
        char dir[512];
        const char *slash = strrchr(argv[2], '/');
        size_t len = 0;
        aigw_err_t e;
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - argv[2]) : 1, slash ? argv[2] : ".");
        e = get(dir, slash ? slash + 1 : argv[2]);
        if (!e) e = put(strtoll(argv[3], NULL, 10), &len);
        if (e) { fprintf(stderr, "rmw: %s\n", aigw_strerror(e)); return 1; }
        fwrite(g_out, 1, len, stdout);
        return 0;
    }
    if (argc > 1) g_dir = argv[1];
    RUN(test_rmw_newer_fields);
    RUN(test_rmw_unknown_nested_members);
    RUN(test_rmw_api_example);
    RUN(test_rmw_dlp_policies);
    RUN(test_rmw_escapes);
    return AIGW_TEST_EXIT();
}
