/* SPDX-License-Identifier: MIT */
/*
 * Edge cases of the core's small parsers and decoders that the area tests
 * do not reach (found by `make coverage`): each malformed position of the
 * three HTTP-date forms and of RFC 3339, duplicate members at every level
 * of the envelope and the gateway, and NULL arguments of the sink, arena,
 * enum and JSON-string helpers. Exact results throughout.
 */
#include <stdint.h>
#include <string.h>

#include "aigw/aigw_decode.h"
#include "aigw/aigw_http.h"
#include "aigw/aigw_model.h"
#include "aigw/aigw_sink.h"
#include "aigw_test.h"
#include "decode_internal.h" /* core/, internal: the RFC 8259 check over hand-made tokens */
#include "field_path.h" /* core/, internal: the path renderer's limits */
#include "uri_format.h" /* core/, internal: "format uri" (11-core-uri checks it against ajv) */

/* ---- HTTP-date ----------------------------------------------------------- */

static void http_dates(void)
{
    static const struct {
        const char *s;
        aigw_err_t want;
        int64_t t;
    } cases[] = {
        /* IMF-fixdate, then one broken position at a time */
        {"Sun, 06 Nov 1994 08:49:37 GMT", AIGW_OK, 784111777},
        {"Sun, 06 Nov 1994 08:49:60 GMT", AIGW_OK, 784111800}, /* a leap second */
        {"Sun; 06 Nov 1994 08:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sun, 06-Nov 1994 08:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sun, 06 Nov-1994 08:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sun, 06 Nov 1994-08:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sun, 06 Nov 1994 08:49:37 UTC", AIGW_E_INVALID, 0},
        {"Sun, x6 Nov 1994 08:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sun, 06 Nov 19x4 08:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sun, 06 Nov 1994 08-49:37 GMT", AIGW_E_INVALID, 0},
        {"Sun, 06 Nov 1994 08:49-37 GMT", AIGW_E_INVALID, 0},
        {"Sun, 06 Nov 1994 x8:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sun, 06 Nov 1994 08:x9:37 GMT", AIGW_E_INVALID, 0},
        {"Sun, 06 Nov 1994 08:49:x7 GMT", AIGW_E_INVALID, 0},
        {"Sun, 06 Nov 1994 24:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sun, 06 Nov 1994 08:60:37 GMT", AIGW_E_INVALID, 0},
        {"Sun, 06 Nov 1994 08:49:61 GMT", AIGW_E_INVALID, 0},
        {"Sun, 31 Nov 1994 08:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sun, 06 Nox 1994 08:49:37 GMT", AIGW_E_INVALID, 0},
        {"Xyz, 06 Nov 1994 08:49:37 GMT", AIGW_E_INVALID, 0},
        /* asctime */
        {"Sun Nov  6 08:49:37 1994", AIGW_OK, 784111777},
        {"Sun Nov 06 08:49:37 1994", AIGW_OK, 784111777},
        {"Sun,Nov  6 08:49:37 1994", AIGW_E_INVALID, 0},
        {"Sun Nov- 6 08:49:37 1994", AIGW_E_INVALID, 0},
        {"Sun Nov  6-08:49:37 1994", AIGW_E_INVALID, 0},
        {"Sun Nov  6 08:49:37-1994", AIGW_E_INVALID, 0},
        {"Sun Nov  x 08:49:37 1994", AIGW_E_INVALID, 0},
        {"Sun Nov  6 08:49:37 19x4", AIGW_E_INVALID, 0},
        {"Sun Nov  6 08:49:99 1994", AIGW_E_INVALID, 0},
        /* RFC 850 (two-digit years: 70..99 are 19xx, 00..69 are 20xx) */
        {"Sunday, 06-Nov-94 08:49:37 GMT", AIGW_OK, 784111777},
        {"Wednesday, 06-Nov-24 08:49:37 GMT", AIGW_OK, 1730882977},
        {"Sunday, 06 Nov-94 08:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sunday, 06-Nov 94 08:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sunday, 06-Nov-94-08:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sunday, 06-Nov-94 08:49:37 UTC", AIGW_E_INVALID, 0},
        {"Sunday, x6-Nov-94 08:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sunday, 06-Nov-x4 08:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sunday; 06-Nov-94 08:49:37 GMT", AIGW_E_INVALID, 0},
        {"Sunday, 06-Nov-94 08:49:37 GMT ", AIGW_E_INVALID, 0},
        {"", AIGW_E_INVALID, 0},
    };
    size_t i;
    int64_t t;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        aigw_err_t e;
        t = -1;
        e = aigw_http_date_parse(cases[i].s, strlen(cases[i].s), &t);
        EXPECTF(e == cases[i].want, "'%s': %d", cases[i].s, (int)e);
        if (cases[i].want == AIGW_OK) EXPECTF(t == cases[i].t, "'%s': %lld", cases[i].s, (long long)t);
    }
    EXPECT(aigw_http_date_parse(NULL, 0, &t) == AIGW_E_ARG);
    EXPECT(aigw_http_date_parse("x", 1, NULL) == AIGW_E_ARG);
}

/* ---- RFC 3339 -------------------------------------------------------------- */

static void rfc3339_dates(void)
{
    static const struct {
        const char *s;
        int ok;
        int64_t ms;
    } cases[] = {
        {"2019-12-27T18:11:19.117Z", 1, 1577470279117},
        {"2019-12-27t18:11:19.117z", 1, 1577470279117},
        {"2019-12-27T20:11:19.117+02:00", 1, 1577470279117},
        {"2019-12-27T16:11:19.117-02:00", 1, 1577470279117},
        {"2019-12-27T18:11:19.1179999Z", 1, 1577470279117},
        {"2019-12-27T18:11:19Z", 1, 1577470279000},
        {"2019/12-27T18:11:19Z", 0, 0},
        {"2019-1x-27T18:11:19Z", 0, 0},
        {"2019-12/27T18:11:19Z", 0, 0},
        {"2019-12-2xT18:11:19Z", 0, 0},
        {"2019-12-27X18:11:19Z", 0, 0},
        {"2019-12-27T1x:11:19Z", 0, 0},
        {"2019-12-27T18-11:19Z", 0, 0},
        {"2019-12-27T18:1x:19Z", 0, 0},
        {"2019-12-27T18:11-19Z", 0, 0},
        {"2019-12-27T18:11:1xZ", 0, 0},
        {"2019-02-30T18:11:19Z", 0, 0},
        {"2019-12-27T24:11:19Z", 0, 0},
        {"2019-12-27T18:60:19Z", 0, 0},
        {"2019-12-27T18:11:61Z", 0, 0},
        {"2019-12-27T18:11:19.Z", 0, 0},
        {"2019-12-27T18:11:19", 0, 0},
        {"2019-12-27T18:11:19Zx", 0, 0},
        {"2019-12-27T18:11:19+0x:00", 0, 0},
        {"2019-12-27T18:11:19+02-00", 0, 0},
        {"2019-12-27T18:11:19+02:x0", 0, 0},
        {"2019-12-27T18:11:19+24:00", 0, 0},
        {"2019-12-27T18:11:19+02:60", 0, 0},
        {"201", 0, 0},
    };
    size_t i;
    int64_t ms;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int ok;
        ms = -1;
        ok = aigw_rfc3339_parse(cases[i].s, strlen(cases[i].s), &ms);
        EXPECTF(ok == cases[i].ok, "'%s'", cases[i].s);
        if (cases[i].ok) EXPECTF(ms == cases[i].ms, "'%s': %lld", cases[i].s, (long long)ms);
    }
    EXPECT(!aigw_rfc3339_parse(NULL, 0, &ms));
    EXPECT(!aigw_rfc3339_parse("2019-12-27T18:11:19Z", 20, NULL));
}

/* ---- envelope and gateway: duplicates and shapes ---------------------------- */

static aigw_tok_t g_tok[96];
static uint64_t g_arena_mem[256];
static aigw_api_error_t g_errs[2];
static aigw_diag_t g_diag;

static aigw_err_t envelope(const char *text, aigw_envelope_t *env)
{
    aigw_json_t js;
    aigw_arena_t a;
    aigw_err_t e;
    memset(&g_diag, 0, sizeof g_diag);
    e = aigw_json_parse(&js, text, strlen(text), g_tok, sizeof g_tok / sizeof g_tok[0], &g_diag);
    if (e != AIGW_OK) return e;
    aigw_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    aigw_envelope_init(env, g_errs, 2, NULL, 0);
    return aigw_envelope_decode(&js, &a, env, &g_diag);
}

static void envelope_duplicates(void)
{
    static const struct {
        const char *text;
        const char *path;
    } cases[] = {
        {"{\"success\":false,\"success\":false,\"errors\":[]}", "success"},
        {"{\"success\":false,\"errors\":[],\"errors\":[]}", "errors"},
        {"{\"success\":false,\"errors\":[],\"messages\":[],\"messages\":[]}", "messages"},
        {"{\"success\":false,\"errors\":[],\"result\":null,\"result\":{}}", "result"},
        {"{\"success\":false,\"errors\":[{\"code\":1,\"code\":2}]}", "errors[0].code"},
        {"{\"success\":false,\"errors\":[{\"message\":\"a\",\"message\":\"b\"}]}", "errors[0].message"},
        {"{\"success\":false,\"errors\":[{\"documentation_url\":\"a\",\"documentation_url\":\"b\"}]}",
         "errors[0].documentation_url"},
        {"{\"success\":false,\"errors\":[{\"path\":[],\"path\":[]}]}", "errors[0].path"},
        {"{\"success\":false,\"errors\":[{\"source\":null,\"source\":{}}]}", "errors[0].source"},
        {"{\"success\":false,\"errors\":[{\"source\":{\"pointer\":\"/a\",\"pointer\":\"/b\"}}]}",
         "errors[0].source.pointer"},
    };
    size_t i;
    aigw_envelope_t env;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        EXPECTF(envelope(cases[i].text, &env) == AIGW_E_JSON, "case %u", (unsigned)i);
        EXPECTF(g_diag.rule && strcmp(g_diag.rule, "duplicate member") == 0, "case %u: %s", (unsigned)i,
                g_diag.rule ? g_diag.rule : "(null)");
        EXPECTF(strcmp(g_diag.path, cases[i].path) == 0, "case %u: path %s", (unsigned)i, g_diag.path);
    }
}

static void envelope_shapes(void)
{
    aigw_envelope_t env;
    /* source null, source with other members, a path of keys and indexes */
    EXPECT(envelope("{\"success\":false,\"errors\":[{\"code\":7001,\"source\":null},"
                    "{\"source\":{\"x\":1,\"pointer\":\"/otel/0\"},\"path\":[\"body\",\"otel\",0,\"url\"]}]}",
                    &env) == AIGW_OK);
    EXPECT(env.errors_count == 2 && g_errs[0].code.value == 7001 && g_errs[1].source_pointer.state == AIGW_SET);
    EXPECT(g_errs[1].path.count == 4 && g_errs[1].path.items[2].is_index && g_errs[1].path.items[2].index == 0);
    EXPECT(!g_errs[1].path.items[3].is_index && g_errs[1].path.items[3].key.len == 3);
    /* path items must be strings or integers */
    EXPECT(envelope("{\"success\":false,\"errors\":[{\"path\":[true]}]}", &env) == AIGW_E_JSON_TYPE);
    EXPECT(envelope("{\"success\":false,\"errors\":[{\"path\":[null]}]}", &env) == AIGW_E_JSON_TYPE);
    EXPECT(envelope("{\"success\":false,\"errors\":[{\"path\":null}]}", &env) == AIGW_OK);
    EXPECT(g_errs[0].path.state == AIGW_NULL);
    /* more errors than stored: counted */
    EXPECT(envelope("{\"success\":false,\"errors\":[{\"code\":1},{\"code\":2},{\"code\":3}]}", &env) == AIGW_OK);
    EXPECT(env.errors_count == 2 && env.errors_total == 3 && env.errors_more);
    aigw_envelope_init(NULL, NULL, 0, NULL, 0); /* no crash */
}

static void gateway_duplicates(void)
{
    static const char *const dup[] = {
        "{\"id\":\"a\",\"is_default\":true,\"is_default\":false}",
        "{\"cache_ttl\":1,\"cache_ttl\":2}",
        "{\"otel\":[{\"authorization\":\"a\",\"authorization\":\"b\"}]}",
        "{\"dlp\":{\"enabled\":true,\"policies\":[{\"id\":\"a\",\"id\":\"b\"}]}}",
        "{\"stripe\":{\"authorization\":\"a\",\"usage_events\":[{\"payload\":\"a\",\"payload\":\"b\"}]}}",
    };
    size_t i;
    for (i = 0; i < sizeof dup / sizeof dup[0]; i++) {
        aigw_json_t js;
        aigw_arena_t a;
        aigw_gateway_t gw;
        memset(&g_diag, 0, sizeof g_diag);
        EXPECT(aigw_json_parse(&js, dup[i], strlen(dup[i]), g_tok, 96, &g_diag) == AIGW_OK);
        aigw_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
        EXPECTF(aigw_gateway_decode(&js, 0, &a, &gw, &g_diag) == AIGW_E_JSON, "case %u", (unsigned)i);
        EXPECTF(g_diag.rule && strcmp(g_diag.rule, "duplicate member") == 0, "case %u", (unsigned)i);
    }
}

static aigw_err_t gateway(const char *text, aigw_gateway_t *gw)
{
    aigw_json_t js;
    aigw_arena_t a;
    memset(&g_diag, 0, sizeof g_diag);
    if (aigw_json_parse(&js, text, strlen(text), g_tok, 96, &g_diag) != AIGW_OK) return AIGW_E__COUNT;
    aigw_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    return aigw_gateway_decode(&js, 0, &a, gw, &g_diag);
}

static void gateway_null_lists(void)
{
    aigw_gateway_t gw;
    EXPECT(gateway("{\"dlp\":{\"enabled\":true,\"profiles\":null,\"policies\":null},"
                   "\"otel\":[{\"authorization\":\"a\",\"headers\":null,\"url\":\"u\"}],"
                   "\"stripe\":{\"authorization\":\"a\",\"usage_events\":null}}", &gw) == AIGW_OK);
    EXPECT(gw.params.dlp.profiles.state == AIGW_NULL && gw.params.dlp.policies.state == AIGW_NULL);
    EXPECT(gw.params.otel.count == 1 && gw.params.otel.items[0].headers.state == AIGW_NULL);
    EXPECT(gw.params.stripe.usage_events.state == AIGW_NULL);
    EXPECT(gateway("{\"dlp\":{\"enabled\":true,\"policies\":[{\"id\":\"p\",\"check\":null}]}}", &gw) == AIGW_OK);
    EXPECT(gw.params.dlp.policies.count == 1 && gw.params.dlp.policies.items[0].check.state == AIGW_NULL);
}

static void decode_arguments(void)
{
    aigw_json_t js, bad;
    aigw_arena_t a;
    aigw_gateway_t gw;
    aigw_params_t p;
    const char *text = "{\"id\":\"gw\",\"store_id\":\"s\",\"x\":1}";
    EXPECT(aigw_json_parse(&js, text, strlen(text), g_tok, 96, NULL) == AIGW_OK);
    aigw_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    bad = js;
    bad.tok = NULL;
    EXPECT(aigw_gateway_decode(&bad, 0, &a, &gw, NULL) == AIGW_E_ARG);
    bad = js;
    bad.text = NULL;
    EXPECT(aigw_gateway_decode(&bad, 0, &a, &gw, NULL) == AIGW_E_ARG);
    EXPECT(aigw_gateway_decode(&js, -1, &a, &gw, NULL) == AIGW_E_ARG);
    a.used = a.cap + 1; /* a broken arena */
    EXPECT(aigw_gateway_decode(&js, 0, &a, &gw, &g_diag) == AIGW_E_ARG);
    /* no arena: fine while nothing needs one, refused with no diag when something does */
    EXPECT(aigw_gateway_decode(&js, 0, NULL, &gw, NULL) == AIGW_E_ARENA);
    text = "{\"id\":\"gw\"}";
    EXPECT(aigw_json_parse(&js, text, strlen(text), g_tok, 96, NULL) == AIGW_OK);
    EXPECT(aigw_gateway_decode(&js, 0, NULL, &gw, NULL) == AIGW_OK);
    EXPECT(gw.id.state == AIGW_SET && gw.id.value.len == 2);
    {
        /* text changed under checked tokens: the decoders still refuse what is not JSON */
        char esc[] = "{\"id\":\"a\\nb\"}";
        EXPECT(aigw_json_parse(&js, esc, strlen(esc), g_tok, 96, NULL) == AIGW_OK);
        esc[9] = 'q'; /* "\n" becomes "\q" */
        aigw_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
        EXPECT(aigw_gateway_decode(&js, 0, &a, &gw, &g_diag) == AIGW_E_JSON_UTF8 && strcmp(g_diag.path, "id") == 0);
    }
    /* params from JSON without a model to fill, and the extra-member lookup's NULLs */
    EXPECT(aigw_params_from_json(text, strlen(text), g_tok, 96, &a, NULL, NULL) == AIGW_E_ARG);
    EXPECT(aigw_params_extra_find(NULL, "x", 1) == NULL);
    memset(&p, 0, sizeof p);
    EXPECT(aigw_params_extra_find(&p, NULL, 1) == NULL);
}

/* ---- NULL arguments of the small helpers -------------------------------------- */

static void helpers_refuse_null(void)
{
    aigw_sink_t s;
    uint8_t buf[8];
    static const char big[1] = {'x'};
    aigw_sink_putc(NULL, 'x'); /* no crash */
    aigw_sink_init_stream(&s, NULL, 4, NULL, NULL);
    EXPECT(aigw_sink_finish(&s) == AIGW_E_ARG);
    /* a count that cannot be represented saturates, never wraps to a small size */
    aigw_sink_init_count(&s);
    aigw_sink_write(&s, big, SIZE_MAX - 1);
    aigw_sink_write(&s, big, 1);
    aigw_sink_putc(&s, 'x');
    EXPECT(s.total == SIZE_MAX && aigw_sink_finish(&s) == AIGW_OK);
    aigw_arena_init(NULL, buf, sizeof buf); /* no crash */
    aigw_sink_init_buffer(NULL, buf, sizeof buf);
    aigw_sink_init_count(NULL);
    aigw_sink_init_stream(NULL, buf, sizeof buf, NULL, NULL);
    EXPECT(aigw_sink_finish(NULL) == AIGW_E_ARG);
    aigw_sink_init_stream(&s, buf, 0, NULL, NULL);
    EXPECT(aigw_sink_finish(&s) == AIGW_E_ARG);
    aigw_sink_init_count(&s);
    aigw_sink_puts(&s, NULL);
    EXPECT(s.total == 0);
    aigw_sink_init_buffer(&s, buf, sizeof buf);
    aigw_sink_write(&s, NULL, 3); /* bytes promised, none given */
    EXPECT(aigw_sink_finish(&s) == AIGW_E_ARG && s.total == 3);
    EXPECT(aigw_enum_parse(AIGW_EK_ACTION, NULL, 0) == AIGW_ENUM_OTHER);
    EXPECT(aigw_json_write_string(NULL, "a", 1) == AIGW_E_ARG);
    aigw_sink_init_count(&s);
    EXPECT(aigw_json_write_string(&s, NULL, 1) == AIGW_E_ARG);
    EXPECT(aigw_json_write_string(&s, NULL, 0) == AIGW_OK && s.total == 2);
}

/* ---- the encoder's refusals of impossible models ------------------------------ */

static aigw_params_t base_params(void)
{
    aigw_params_t p;
    memset(&p, 0, sizeof p);
    p.cache_invalidate_on_update.state = AIGW_SET;
    p.cache_ttl.state = AIGW_NULL;
    p.collect_logs.state = AIGW_SET;
    p.rate_limiting_interval.state = AIGW_NULL;
    p.rate_limiting_limit.state = AIGW_NULL;
    return p;
}

static aigw_err_t encode(const aigw_params_t *p)
{
    char buf[512];
    size_t n = 99;
    aigw_err_t e;
    memset(&g_diag, 0, sizeof g_diag);
    e = aigw_params_to_json(p, buf, sizeof buf, &n, &g_diag);
    if (e != AIGW_OK && e != AIGW_E_BUFFER) EXPECT(n == 0);
    return e;
}

#define EXPECT_REFUSED(p, err, where)                                                        \
    do {                                                                                     \
        aigw_err_t e_ = encode(&(p));                                                        \
        EXPECTF(e_ == (err), "%s: got %d", where, (int)e_);                                  \
        EXPECTF(strcmp(g_diag.path, where) == 0, "%s: path %s", where, g_diag.path);         \
    } while (0)

static void encoder_refuses_impossible_models(void)
{
    static const aigw_str_t prof[1] = {{"p1", 2}};
    static const aigw_enum_t chk[1] = {{AIGW_SET, 0, {NULL, 0}}};
    aigw_enum_t bad_chk[1] = {{(aigw_state_t)7, 0, {NULL, 0}}};
    aigw_dlp_policy_t pol[1];
    aigw_otel_t ot[1];
    aigw_member_t ex[2];
    aigw_params_t p;
    char buf[256];
    size_t n = 5;

    p = base_params();
    EXPECT(encode(&p) == AIGW_OK);
    p.store_id.state = AIGW_SET;
    p.store_id.value.ptr = NULL;
    p.store_id.value.len = 3;
    EXPECT_REFUSED(p, AIGW_E_ARG, "store_id");

    p = base_params();
    p.dlp.state = (aigw_state_t)7;
    EXPECT_REFUSED(p, AIGW_E_INVALID, "dlp"); /* an impossible state */

    p = base_params();
    p.dlp.state = AIGW_SET;
    p.dlp.enabled.state = AIGW_SET;
    p.dlp.profiles.state = (aigw_state_t)9;
    EXPECT_REFUSED(p, AIGW_E_INVALID, "dlp.profiles");
    p.dlp.profiles.state = AIGW_SET;
    p.dlp.profiles.count = 1; /* and no items */
    EXPECT_REFUSED(p, AIGW_E_ARG, "dlp.profiles");
    p.dlp.profiles.items = prof;
    EXPECT(encode(&p) == AIGW_OK);

    memset(pol, 0, sizeof pol);
    pol[0].id.state = AIGW_SET;
    pol[0].id.value.ptr = "x";
    pol[0].id.value.len = 1;
    pol[0].check.state = AIGW_SET;
    pol[0].check.count = 1; /* and no items */
    p.dlp.policies.state = AIGW_SET;
    p.dlp.policies.items = pol;
    p.dlp.policies.count = 1;
    EXPECT_REFUSED(p, AIGW_E_ARG, "dlp.policies[0].check");
    pol[0].check.items = bad_chk;
    EXPECT_REFUSED(p, AIGW_E_INVALID, "dlp.policies[0].check[0]"); /* an impossible state */
    pol[0].check.items = chk;
    EXPECT(encode(&p) == AIGW_OK);

    p = base_params();
    memset(ot, 0, sizeof ot);
    ot[0].headers.state = AIGW_SET;
    ot[0].headers.count = 2; /* and no items */
    p.otel.state = AIGW_SET;
    p.otel.items = ot;
    p.otel.count = 1;
    EXPECT_REFUSED(p, AIGW_E_ARG, "otel[0].headers");

    p = base_params();
    p.extra.count = 1; /* and no items */
    EXPECT_REFUSED(p, AIGW_E_ARG, "");
    memset(ex, 0, sizeof ex);
    ex[0].name.ptr = NULL;
    ex[0].name.len = 9; /* as long as "cache_ttl": never compared without a pointer */
    ex[0].json.ptr = "1";
    ex[0].json.len = 1;
    p.extra.items = ex;
    EXPECT(encode(&p) == AIGW_E_ARG);
    ex[0].name.ptr = "x";
    ex[0].name.len = 1;
    ex[0].json.ptr = NULL;
    EXPECT_REFUSED(p, AIGW_E_ARG, "x");
    ex[0].json.ptr = "";
    ex[0].json.len = 0;
    EXPECT_REFUSED(p, AIGW_E_INVALID, "x");
    ex[0].json.ptr = "[1]";
    ex[0].json.len = 3;
    EXPECT(aigw_params_to_json(&p, buf, sizeof buf, NULL, NULL) == AIGW_OK);
    EXPECT(aigw_params_to_json(&p, buf, sizeof buf, &n, NULL) == AIGW_OK && n > 0 && buf[n - 1] == '}');
    EXPECT(memcmp(buf + n - 9, ",\"x\":[1]}", 9) == 0);
    EXPECT(aigw_params_to_json(&p, buf, 4, NULL, NULL) == AIGW_E_BUFFER);
    EXPECT(aigw_params_to_json(NULL, buf, sizeof buf, &n, NULL) == AIGW_E_ARG && n == 0);
    EXPECT(aigw_params_to_json(&p, NULL, 3, &n, NULL) == AIGW_E_ARG);
    EXPECT(aigw_params_encode(&p, NULL, NULL) == AIGW_E_ARG);
    EXPECT(aigw_params_encode(NULL, NULL, NULL) == AIGW_E_ARG);
}

/* ---- JSON parse arguments and limits ---------------------------------------- */

static void json_parse_arguments(void)
{
    aigw_json_t js;
    aigw_tok_t t[4];
    char text[] = "[1]";
    EXPECT(aigw_json_parse(&js, NULL, 3, t, 4, &g_diag) == AIGW_E_ARG);
    EXPECT(aigw_json_parse(&js, "[1]", 3, NULL, 4, &g_diag) == AIGW_E_ARG);
    EXPECT(aigw_json_parse(&js, "[1]", (size_t)INT32_MAX + 1u, t, 4, &g_diag) == AIGW_E_JSON_LIMIT);
    EXPECT(aigw_json_parse_in_place(NULL, text, 3, t, 4, NULL) == AIGW_E_ARG);
    /* no diag to fill: the results alone */
    EXPECT(aigw_json_parse(&js, "1", 1, NULL, 0, NULL) == AIGW_E_JSON_TOKENS);
    EXPECT(aigw_json_parse(&js, "[1]", 3, NULL, 0, NULL) == AIGW_E_JSON_TOKENS);
    /* too few tokens, and the text is broken further on: the counting pass says where */
    EXPECTF(aigw_json_parse(&js, "[1,2,3,x]", 9, t, 1, &g_diag) == AIGW_E_JSON, "%d %s", (int)g_diag.err, g_diag.rule ? g_diag.rule : "");
    EXPECT(g_diag.needed == 0);
}

/* ---- the JSON check over hand-made tokens ------------------------------------------
 * jsmn never produces these token arrays; the check must still refuse them (its
 * contract is "tokens from anyone"), with the rule that names what is wrong. */

static aigw_tok_t T(aigw_tok_type_t type, int start, int end, int size, int parent)
{
    aigw_tok_t t;
    t.type = type;
    t.start = start;
    t.end = end;
    t.size = size;
    t.parent = parent;
    return t;
}

static void check_is(const char *text, const aigw_tok_t *t, int n, aigw_err_t want, const char *rule, int line)
{
    int bad = -2;
    const char *r = NULL;
    aigw_err_t e = aigw_json_check(text, strlen(text), t, n, &bad, &r);
    EXPECTF(e == want && r && strcmp(r, rule) == 0, "line %d: '%s': %d %s", line, text, (int)e, r ? r : "(none)");
}
#define CHECK_IS(text, rule, ...)                                                          \
    do {                                                                                   \
        const aigw_tok_t t_[] = {__VA_ARGS__};                                              \
        check_is(text, t_, (int)(sizeof t_ / sizeof t_[0]), AIGW_E_JSON, rule, __LINE__);   \
    } while (0)

static void json_check_hand_made_tokens(void)
{
    int bad;
    const char *r;
    EXPECT(aigw_json_check("1", 1, NULL, 0, &bad, &r) == AIGW_E_JSON && strcmp(r, "no value") == 0);
    CHECK_IS("1", "token out of range", T(AIGW_TOK_PRIMITIVE, -1, 1, 0, -1));
    CHECK_IS("12", "token out of range", T(AIGW_TOK_PRIMITIVE, 2, 1, 0, -1));
    CHECK_IS("1", "token out of range", T(AIGW_TOK_PRIMITIVE, 0, 9, 0, -1));
    CHECK_IS("a\"", "token out of range", T(AIGW_TOK_STRING, 0, 1, 0, -1));
    CHECK_IS("\"a", "token out of range", T(AIGW_TOK_STRING, 1, 2, 0, -1));
    CHECK_IS("1", "token structure", T(AIGW_TOK_PRIMITIVE, 0, 1, 0, 0));      /* the root has a parent */
    CHECK_IS("[1]", "token structure", T(AIGW_TOK_ARRAY, 0, 3, 1, -1), T(AIGW_TOK_PRIMITIVE, 1, 2, 0, 1));
    CHECK_IS("[[],1]", "token structure", T(AIGW_TOK_ARRAY, 0, 6, 2, -1), T(AIGW_TOK_ARRAY, 1, 3, 0, 0),
             T(AIGW_TOK_PRIMITIVE, 4, 5, 0, 1)); /* a child of a closed array */
    CHECK_IS("{1:2}", "member name must be a string followed by ':' and a value",
             T(AIGW_TOK_OBJECT, 0, 5, 1, -1), T(AIGW_TOK_PRIMITIVE, 1, 2, 1, 0), T(AIGW_TOK_PRIMITIVE, 3, 4, 0, 1));
    CHECK_IS("[\"a\",1]", "expected ',' between values", T(AIGW_TOK_ARRAY, 0, 7, 1, -1),
             T(AIGW_TOK_STRING, 2, 3, 1, 0), T(AIGW_TOK_PRIMITIVE, 5, 6, 0, 1)); /* a value under an array item */
    CHECK_IS("\"a\" 1", "expected ',' between values", T(AIGW_TOK_STRING, 1, 2, 1, -1),
             T(AIGW_TOK_PRIMITIVE, 4, 5, 0, 0)); /* a value under a top-level string */
    CHECK_IS("{\"a\":1,\"b\":2}", "expected ',' between values", T(AIGW_TOK_OBJECT, 0, 13, 2, -1),
             T(AIGW_TOK_STRING, 2, 3, 1, 0), T(AIGW_TOK_PRIMITIVE, 5, 6, 0, 1), T(AIGW_TOK_STRING, 8, 9, 1, 0),
             T(AIGW_TOK_PRIMITIVE, 11, 12, 0, 1)); /* the second value under the first name */
    CHECK_IS("{\"a\":{\"b\":1}}", "expected ',' between values", T(AIGW_TOK_OBJECT, 0, 13, 1, -1),
             T(AIGW_TOK_STRING, 2, 3, 1, 0), T(AIGW_TOK_OBJECT, 5, 12, 1, 1), T(AIGW_TOK_STRING, 7, 8, 1, 2),
             T(AIGW_TOK_PRIMITIVE, 10, 11, 0, 1)); /* under a name whose object is not the open one */
    CHECK_IS("1", "token structure", T(AIGW_TOK_UNDEFINED, 0, 1, 0, -1));
    CHECK_IS("xay", "token structure", T(AIGW_TOK_STRING, 1, 2, 0, -1));
    CHECK_IS("\"ay", "token structure", T(AIGW_TOK_STRING, 1, 2, 0, -1));
    CHECK_IS("1", "expected ',' between values", T(AIGW_TOK_PRIMITIVE, 0, 1, 1, -1));
    CHECK_IS("[]", "token structure", T(AIGW_TOK_OBJECT, 0, 2, 0, -1));
    CHECK_IS("[]", "unexpected character before ']'", T(AIGW_TOK_ARRAY, 0, 0, 0, -1));
    CHECK_IS("[1}", "unexpected character before ']'", T(AIGW_TOK_ARRAY, 0, 3, 1, -1), T(AIGW_TOK_PRIMITIVE, 1, 2, 0, 0));
    CHECK_IS("[1,2]", "expected ','", T(AIGW_TOK_ARRAY, 0, 5, 2, -1), T(AIGW_TOK_PRIMITIVE, 1, 2, 0, 0),
             T(AIGW_TOK_PRIMITIVE, 1, 2, 0, 0)); /* the same bytes twice */
    CHECK_IS("[12]", "expected ','", T(AIGW_TOK_ARRAY, 0, 4, 2, -1), T(AIGW_TOK_PRIMITIVE, 1, 2, 0, 0),
             T(AIGW_TOK_PRIMITIVE, 2, 3, 0, 0)); /* two values with nothing between */
    EXPECT(strcmp(aigw_json_check_primitive("", 0), "invalid literal") == 0);
    EXPECT(strcmp(aigw_json_check_primitive("1.x", 3), "invalid number") == 0);
    EXPECT(strcmp(aigw_json_check_primitive("1ex", 3), "invalid number") == 0);
    EXPECT(strcmp(aigw_json_check_primitive("1e5x", 4), "invalid number") == 0);
    EXPECT(strcmp(aigw_json_check_primitive("-", 1), "invalid number") == 0);
    EXPECT(aigw_json_check_primitive("-0.5e+10", 8) == NULL);
}

/* ---- JSON string helpers over spans jsmn never hands out -------------------------- */

static void json_string_spans(void)
{
    char dst[16];
    size_t i;
    const char *r;
    EXPECT((r = aigw_jstr_check("ab\\", 3, NULL)) && strcmp(r, "bad escape") == 0);
    EXPECT((r = aigw_jstr_check("\\ud800\\n", 8, NULL)) && strcmp(r, "lone high surrogate") == 0);
    EXPECT((r = aigw_jstr_check("\\ud800\\ue000", 12, NULL)) && strcmp(r, "lone high surrogate") == 0);
    EXPECT((r = aigw_jstr_check("a\"b", 3, NULL)) && strcmp(r, "unescaped quote") == 0);
    EXPECT(aigw_jstr_check("\\u12", 4, NULL) != NULL); /* four hex digits promised, two given */
    EXPECT(aigw_jstr_check("\\ud83d\\ude00", 12, NULL) == NULL);
    /* unescape stops at a broken escape rather than guess */
    EXPECT(aigw_jstr_unescape("ab\\", 3, dst) == 2 && memcmp(dst, "ab", 2) == 0);
    /* code points: 1 to 4 UTF-8 bytes, an escape, and invalid UTF-8 ends the walk */
    i = 0;
    EXPECT(aigw_jstr_next("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\\u0041\xff", 16, &i) == 0xE9 && i == 2);
    EXPECT(aigw_jstr_next("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\\u0041\xff", 16, &i) == 0x20AC && i == 5);
    EXPECT(aigw_jstr_next("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\\u0041\xff", 16, &i) == 0x1F600 && i == 9);
    EXPECT(aigw_jstr_next("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\\u0041\xff", 16, &i) == 0x41 && i == 15);
    EXPECT(aigw_jstr_next("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\\u0041\xff", 16, &i) == -1 && i == 16);
    /* equality with an escape on either side only */
    EXPECT(aigw_jstr_equal("A", 1, "\\u0041", 6));
    EXPECT(aigw_jstr_equal("\\u0041", 6, "A", 1));
    EXPECT(!aigw_jstr_equal("B", 1, "\\u0041", 6));
    EXPECT(aigw_jstr_equal("ab", 2, "ab", 2) && !aigw_jstr_equal("ab", 2, "abc", 3));
}

/* ---- error paths from tokens ------------------------------------------------------ */

static void json_paths(void)
{
    const char *text = "{\"a\":[0,1,2,3,4,5,6,7,8,9,10,{\"b\\n\\u00e9\":true}]}";
    aigw_json_t js;
    char out[40];
    int last;
    EXPECT(aigw_json_parse(&js, text, strlen(text), g_tok, 96, NULL) == AIGW_OK);
    last = js.ntok - 1;
    aigw_json_path(text, g_tok, js.ntok, last, out, sizeof out);
    EXPECTF(strcmp(out, "a[11].b\\n\\u00e9") == 0, "%s", out); /* an index of two digits, a raw key */
    aigw_json_path(text, g_tok, js.ntok, last, out, 3); /* no room for "...": cut short */
    EXPECTF(strcmp(out, "a[") == 0, "%s", out);
    aigw_json_path(text, g_tok, js.ntok, last, out, 8);
    EXPECTF(strcmp(out, "a[11...") == 0, "%s", out);
    aigw_json_path(text, g_tok, js.ntok, -1, out, sizeof out);
    EXPECT(out[0] == '\0');
    aigw_json_path(text, g_tok, js.ntok, js.ntok, out, sizeof out);
    EXPECT(out[0] == '\0');
    aigw_json_path(text, NULL, js.ntok, 0, out, sizeof out);
    EXPECT(out[0] == '\0');
    aigw_json_path(text, g_tok, js.ntok, last, NULL, 5); /* nothing to write into: no crash */
    aigw_json_path(text, g_tok, js.ntok, last, out, 0);
    {
        /* hand-made: a raw control byte in a name, an open array (end -1), a parent after its
         * child, a value under a top-level string, a primitive directly under an object */
        const char *h = "{\"k\x01\":[1,[2],3]}";
        aigw_tok_t t[7];
        t[0] = T(AIGW_TOK_OBJECT, 0, -1, 1, -1);
        t[1] = T(AIGW_TOK_STRING, 2, 4, 1, 0);
        t[2] = T(AIGW_TOK_ARRAY, 6, -1, 3, 1);
        t[3] = T(AIGW_TOK_PRIMITIVE, 7, 8, 0, 2);
        t[4] = T(AIGW_TOK_ARRAY, 9, 12, 1, 2);
        t[5] = T(AIGW_TOK_PRIMITIVE, 10, 11, 0, 4);
        t[6] = T(AIGW_TOK_PRIMITIVE, 13, 14, 0, 2);
        aigw_json_path(h, t, 7, 6, out, sizeof out);
        EXPECTF(strcmp(out, "k?[2]") == 0, "%s", out);
        aigw_json_path(h, t, 7, 5, out, sizeof out);
        EXPECTF(strcmp(out, "k?[1][0]") == 0, "%s", out);
        t[6].parent = 6; /* its own parent */
        aigw_json_path(h, t, 7, 6, out, sizeof out);
        EXPECTF(strcmp(out, "") == 0, "%s", out);
        t[1].parent = -1; /* a value under a string that hangs off nothing */
        aigw_json_path(h, t, 7, 3, out, sizeof out);
        EXPECTF(strcmp(out, "[0]") == 0, "%s", out);
        t[3].parent = 0; /* a primitive right under the object: not a member */
        aigw_json_path(h, t, 7, 3, out, sizeof out);
        EXPECTF(strcmp(out, "") == 0, "%s", out);
    }
}

/* ---- field paths ---------------------------------------------------------------- */

static void field_path_rendering(void)
{
    char out[16];
    aigw_fpath_t m = aigw_fp_member(NULL, "policies");
    aigw_fpath_t i = aigw_fp_index(&m, 1207);
    aigw_fpath_t k = aigw_fp_key(&i, "a\001b", 3);
    aigw_fpath_render(&k, out, sizeof out);
    EXPECTF(strcmp(out, "policies[1207].a") != 0 && strcmp(out, "policies[120...") == 0, "%s", out);
    aigw_fpath_render(&i, out, sizeof out);
    EXPECTF(strcmp(out, "policies[1207]") == 0, "%s", out);
    aigw_fpath_render(&k, out, 2); /* room for one byte: it becomes the cut mark */
    EXPECTF(strcmp(out, ".") == 0, "%s", out);
    aigw_fpath_render(&k, out, 0); /* nothing written, no crash */
    aigw_fpath_render(&k, NULL, 5);
    k = aigw_fp_key(NULL, "a\001b", 3);
    aigw_fpath_render(&k, out, sizeof out);
    EXPECTF(strcmp(out, "a?b") == 0, "%s", out);
}

/* ---- URL and request head from hand-made structs ----------------------------------- */

static void url_and_head_edges(void)
{
    aigw_url_t u;
    char host[8];
    aigw_sink_t s;
    aigw_http_req_t req;
    aigw_auth_t auth;
    uint8_t small[16];
    EXPECT(aigw_url_parse("http://h:123456/", 16, &u) == AIGW_E_URL); /* a port of six digits */
    EXPECT(aigw_url_parse("http://h:65535/", 15, &u) == AIGW_OK && u.port == 65535);
    EXPECT(aigw_url_host_cstr(NULL, host, sizeof host) == AIGW_E_ARG);
    EXPECT(aigw_url_host_cstr(&u, NULL, 4) == AIGW_E_ARG);
    u.host = NULL;
    EXPECT(aigw_url_host_cstr(&u, host, sizeof host) == AIGW_E_ARG);
    u.host_len = 0;
    EXPECT(aigw_url_host_cstr(&u, host, sizeof host) == AIGW_OK && host[0] == '\0');

    memset(&auth, 0, sizeof auth);
    auth.kind = AIGW_AUTH_TOKEN;
    auth.token.ptr = "t";
    auth.token.len = 1;
    EXPECT(aigw_url_parse("http://h/p", 10, &u) == AIGW_OK);
    memset(&req, 0, sizeof req);
    req.method = AIGW_HTTP_GET;
    req.url = &u;
    req.auth = &auth;
    req.account_id.ptr = "a";
    req.account_id.len = 1;
    req.gateway_id.ptr = "g";
    req.gateway_id.len = 1;
    aigw_sink_init_buffer(&s, small, sizeof small);
    EXPECT(aigw_http_write_request(&s, &req, NULL) == AIGW_E_BUFFER); /* no diag for needed */
    u.path = NULL; /* a hand-made URL with a length and no bytes */
    aigw_sink_init_count(&s);
    memset(&g_diag, 0, sizeof g_diag);
    EXPECT(aigw_http_write_request(&s, &req, &g_diag) == AIGW_E_URL && strcmp(g_diag.path, "base_url") == 0);
}

static void enum_unknown_kind(void)
{
    EXPECT(aigw_enum_parse((aigw_enum_kind_t)99, "BLOCK", 5) == AIGW_ENUM_OTHER);
    EXPECT(aigw_enum_name((aigw_enum_kind_t)99, 1) == NULL);
    EXPECT(aigw_enum_parse(AIGW_EK_ACTION, "BLOCK", 5) == AIGW_ACTION_BLOCK);
}

/* ---- "format uri": IP literals and percent-encoding, RFC 3986 section 3.2.2 ----- */

static void uri_ip_literals(void)
{
    static const struct {
        const char *s;
        int ok;
    } cases[] = {
        {"http://[::1]/", 1},
        {"http://[1::]/", 1},
        {"http://[1:2:3:4:5:6:7:8]/", 1},
        {"http://[1:2:3:4:5:6:7::]/", 1},
        {"http://[::ffff:1.2.3.4]/", 1},
        {"http://[1:2:3:4:5:6:1.2.3.4]/", 1},
        {"http://[v1.x]/", 1},
        {"http://[V1f.a:b!]/", 1},
        {"http://u:p@[::1]:8080/x", 1},
        {"http://[1:2:3:4:5:6:7:8:9]/", 0},
        {"http://[1:2:3:4:5:6:7]/", 0},
        {"http://[::1.2.3]/", 0},
        {"http://[::1.2.3.256]/", 0},
        {"http://[::1.2.3.4x]/", 0},
        {"http://[::1.2.3.4:1]/", 0},
        {"http://[12345::]/", 0},
        {"http://[1::2::3]/", 0},
        {"http://[:1]/", 0},
        {"http://[1:]/", 0},
        {"http://[v1.]/", 0},
        {"http://[vx.a]/", 0},
        {"http://[v.a]/", 0},
        {"http://[v1]/", 0},
        {"http://[v1.a/b]/", 0},
        {"http://[v1.a", 0},
        {"http://u[@[::1]/", 0},
        {"http://[::1]:8a/", 0},
        {"http://h/%4", 0},
        {"http://h/%zz", 0},
        {"http://h/%4g", 0},
        {"http://h/%41", 1},
        {"http://[]/", 0},
        {"http://[::12345]/", 0},         /* five hex digits then read as IPv4 */
        {"http://[::1..2.3]/", 0},        /* an empty octet */
        {"http://[::1.2.3.1234]/", 0},    /* an octet of four digits */
        {"http://[v12.]/", 0},
        {"http://[v1234]/", 0},
        {"http://[v1.a%b]/", 0},
        {"http://[::1]/a b", 0},
        {"http://h/?a b", 0},
        {"http://h/?a#b c", 0},
        {"http://h/?a/b?c#d", 1},
        {"x:/[::1]", 1},                  /* as ajv-formats: one slash before the authority */
        {"1http://h/", 0},
        {"", 0},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        EXPECTF(aigw_uri_format_ok(cases[i].s, strlen(cases[i].s)) == cases[i].ok, "'%s'", cases[i].s);
    EXPECT(aigw_uri_format_ok(NULL, 5) == 0);
}

int main(void)
{
    RUN(http_dates);
    RUN(rfc3339_dates);
    RUN(envelope_duplicates);
    RUN(envelope_shapes);
    RUN(gateway_duplicates);
    RUN(gateway_null_lists);
    RUN(decode_arguments);
    RUN(helpers_refuse_null);
    RUN(encoder_refuses_impossible_models);
    RUN(json_parse_arguments);
    RUN(json_check_hand_made_tokens);
    RUN(json_string_spans);
    RUN(json_paths);
    RUN(field_path_rendering);
    RUN(url_and_head_edges);
    RUN(enum_unknown_kind);
    RUN(uri_ip_literals);
    return AIGW_TEST_EXIT();
}
