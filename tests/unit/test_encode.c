/* SPDX-License-Identifier: MIT */
/*
 * Encoder, sink, JSON string writer and UTF-8 tests. printf only, so they
 * can run on an emulated Cortex-M3 through semihosting.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "aigw/aigw_model.h"
#include "aigw_test.h"
#include "example_params.h"

static char out[16384];
static size_t out_len;

/* Encode into out; returns the error. */
static aigw_err_t enc(const aigw_params_t *p, aigw_diag_t *d)
{
    aigw_diag_t local;
    memset(&local, 0, sizeof local);
    memset(out, 0, sizeof out);
    return aigw_params_to_json(p, out, sizeof out - 1, &out_len, d ? d : &local);
}

static int body_is(const char *want)
{
    size_t n = strlen(want);
    if (out_len == n && memcmp(out, want, n) == 0)
        return 1;
    printf("  got:  %.*s\n  want: %s\n", (int)out_len, out, want);
    return 0;
}

/* dst = a + b + c (dst has room for 256 bytes); no snprintf, so nothing
 * here needs more of the C library than printf on a bare-metal target */
static void cat3(char *dst, const char *a, const char *b, const char *c)
{
    size_t n = 0;
    const char *parts[3];
    int i;
    parts[0] = a; parts[1] = b; parts[2] = c;
    for (i = 0; i < 3; i++)
        for (; *parts[i] && n < 255; parts[i]++)
            dst[n++] = *parts[i];
    dst[n] = '\0';
}

/* 1 when needle occurs in the encoded body */
static int body_has(const char *needle)
{
    size_t n = strlen(needle), i;
    for (i = 0; i + n <= out_len; i++)
        if (memcmp(out + i, needle, n) == 0)
            return 1;
    return 0;
}

static const char python_snippet_json[] =
    "{\"cache_invalidate_on_update\":true,\"cache_ttl\":0,\"collect_logs\":true,"
    "\"rate_limiting_interval\":0,\"rate_limiting_limit\":0}";

static const char result_object_json[] =
    "{\"cache_invalidate_on_update\":true,\"cache_ttl\":0,\"collect_logs\":true,"
    "\"rate_limiting_interval\":0,\"rate_limiting_limit\":0,\"authentication\":true,"
    "\"dlp\":{\"action\":\"BLOCK\",\"enabled\":true,\"profiles\":[\"string\"]},"
    "\"log_management\":10000,\"log_management_strategy\":\"STOP_INSERTING\",\"logpush\":true,"
    "\"logpush_public_key\":\"xxxxxxxxxxxxxxxx\",\"otel\":[{\"authorization\":\"authorization\","
    "\"headers\":{\"foo\":\"string\"},\"url\":\"url\",\"content_type\":\"json\"}],"
    "\"rate_limiting_technique\":\"fixed\",\"retry_backoff\":\"constant\",\"retry_delay\":0,"
    "\"retry_max_attempts\":1,\"store_id\":\"store_id\",\"stripe\":{\"authorization\":"
    "\"authorization\",\"usage_events\":[{\"payload\":\"payload\"}]},"
    "\"workers_ai_billing_mode\":\"postpaid\",\"zdr\":true}";

static void test_api_python_snippet(void)
{
    aigw_params_t p;
    example_python_snippet(&p);
    EXPECT(aigw_params_validate(&p, NULL) == AIGW_OK);
    EXPECT(enc(&p, NULL) == AIGW_OK);
    EXPECT(body_is(python_snippet_json));
}

static void test_api_result_object(void)
{
    aigw_params_t p;
    aigw_diag_t d;
    example_result_object(&p);
    EXPECT(enc(&p, NULL) == AIGW_OK);
    EXPECT(body_is(result_object_json));
    /* the page's otel url "url" is not a URI: the validator says so */
    memset(&d, 0, sizeof d);
    EXPECT(aigw_params_validate(&p, &d) == AIGW_E_INVALID);
    EXPECT(strcmp(d.path, "otel[0].url") == 0);
    EXPECT(d.rule && strcmp(d.rule, "format uri") == 0);
}

static void test_required_only_with_nulls(void)
{
    aigw_params_t p;
    example_python_snippet(&p);
    p.cache_ttl.state = AIGW_NULL;
    p.rate_limiting_interval.state = AIGW_NULL;
    p.rate_limiting_limit.state = AIGW_NULL;
    p.cache_invalidate_on_update.value = false;
    EXPECT(aigw_params_validate(&p, NULL) == AIGW_OK);
    EXPECT(enc(&p, NULL) == AIGW_OK);
    EXPECT(body_is("{\"cache_invalidate_on_update\":false,\"cache_ttl\":null,\"collect_logs\":true,"
                   "\"rate_limiting_interval\":null,\"rate_limiting_limit\":null}"));
}

static void test_absent_required_not_written(void)
{
    /* the encoder follows the struct; refusing is the validator's job */
    aigw_params_t p;
    memset(&p, 0, sizeof p);
    EXPECT(enc(&p, NULL) == AIGW_OK);
    EXPECT(body_is("{}"));
}

/* ---- each nullable field: null, value, omitted -------------------------- */

static const aigw_otel_t one_otel[1] = { {
    { AIGW_SET, { "Bearer t", 8 } },
    { AIGW_SET, NULL, 0 },
    { AIGW_SET, { "https://otel.example/v1/traces", 30 } },
    { AIGW_ABSENT, 0, { NULL, 0 } },
    { NULL, 0 },
} };
static const aigw_usage_event_t one_event[1] = { { { AIGW_SET, { "{}", 2 } }, { NULL, 0 } } };

typedef struct {
    const char *name;
    const char *value_json; /* how the value set by set_value() is written */
} nullable_t;

static const nullable_t nullables[] = {
    { "cache_ttl", "300" },
    { "rate_limiting_interval", "60" },
    { "rate_limiting_limit", "100" },
    { "log_management", "20000" },
    { "log_management_strategy", "\"DELETE_OLDEST\"" },
    { "logpush_public_key", "\"0123456789abcdef\"" },
    { "otel", "[{\"authorization\":\"Bearer t\",\"headers\":{},\"url\":\"https://otel.example/v1/traces\"}]" },
    { "rate_limiting_technique", "\"sliding\"" },
    { "retry_backoff", "\"exponential\"" },
    { "retry_delay", "5000" },
    { "retry_max_attempts", "5" },
    { "store_id", "\"s-1\"" },
    { "stripe", "{\"authorization\":\"sk\",\"usage_events\":[{\"payload\":\"{}\"}]}" },
};

/* state and (for SET) value of the i-th nullable field */
static void set_nullable(aigw_params_t *p, size_t i, aigw_state_t st)
{
    switch (i) {
    case 0: p->cache_ttl.state = st; p->cache_ttl.value = 300; break;
    case 1: p->rate_limiting_interval.state = st; p->rate_limiting_interval.value = 60; break;
    case 2: p->rate_limiting_limit.state = st; p->rate_limiting_limit.value = 100; break;
    case 3: p->log_management.state = st; p->log_management.value = 20000; break;
    case 4: p->log_management_strategy.state = st;
            p->log_management_strategy.value = AIGW_LOG_DELETE_OLDEST; break;
    case 5: p->logpush_public_key.state = st;
            p->logpush_public_key.value.ptr = "0123456789abcdef";
            p->logpush_public_key.value.len = 16; break;
    case 6: p->otel.state = st; p->otel.items = one_otel; p->otel.count = 1; break;
    case 7: p->rate_limiting_technique.state = st;
            p->rate_limiting_technique.value = AIGW_RATE_SLIDING; break;
    case 8: p->retry_backoff.state = st; p->retry_backoff.value = AIGW_BACKOFF_EXPONENTIAL; break;
    case 9: p->retry_delay.state = st; p->retry_delay.value = 5000; break;
    case 10: p->retry_max_attempts.state = st; p->retry_max_attempts.value = 5; break;
    case 11: p->store_id.state = st; p->store_id.value.ptr = "s-1"; p->store_id.value.len = 3; break;
    default:
        p->stripe.state = st;
        p->stripe.authorization.state = AIGW_SET;
        p->stripe.authorization.value.ptr = "sk";
        p->stripe.authorization.value.len = 2;
        p->stripe.usage_events.state = AIGW_SET;
        p->stripe.usage_events.items = one_event;
        p->stripe.usage_events.count = 1;
        break;
    }
}

static void test_each_nullable_null_value_omitted(void)
{
    size_t i;
    char want[256];
    for (i = 0; i < sizeof nullables / sizeof nullables[0]; i++) {
        aigw_params_t p;
        aigw_diag_t d;
        const char *name = nullables[i].name;

        /* omitted: the name does not appear */
        example_python_snippet(&p);
        if (i < 3)
            set_nullable(&p, i, AIGW_SET); /* required: never omitted, see below */
        EXPECT(enc(&p, NULL) == AIGW_OK);
        cat3(want, "\"", name, "\"");
        EXPECTF(i < 3 || !body_has(want), "%s present when absent", name);

        /* null */
        example_python_snippet(&p);
        set_nullable(&p, i, AIGW_NULL);
        memset(&d, 0, sizeof d);
        EXPECTF(aigw_params_validate(&p, &d) == AIGW_OK, "%s null: %s %s", name, d.path,
                d.rule ? d.rule : "");
        EXPECT(enc(&p, NULL) == AIGW_OK);
        cat3(want, "\"", name, "\":null");
        EXPECTF(body_has(want), "%s: no %s", name, want);

        /* value */
        example_python_snippet(&p);
        set_nullable(&p, i, AIGW_SET);
        memset(&d, 0, sizeof d);
        EXPECTF(aigw_params_validate(&p, &d) == AIGW_OK, "%s value: %s %s", name, d.path,
                d.rule ? d.rule : "");
        EXPECT(enc(&p, NULL) == AIGW_OK);
        cat3(want, "\"", name, "\":"); cat3(want, want, nullables[i].value_json, "");
        EXPECTF(body_has(want), "%s: no %s", name, want);
    }
    /* the required nullable ones, absent: not written, and refused */
    for (i = 0; i < 3; i++) {
        aigw_params_t p;
        aigw_diag_t d;
        example_python_snippet(&p);
        set_nullable(&p, i, AIGW_ABSENT);
        EXPECT(enc(&p, NULL) == AIGW_OK);
        cat3(want, "\"", nullables[i].name, "\"");
        EXPECT(!body_has(want));
        memset(&d, 0, sizeof d);
        EXPECT(aigw_params_validate(&p, &d) == AIGW_E_INVALID);
        EXPECT(strcmp(d.path, nullables[i].name) == 0 && d.rule && strcmp(d.rule, "required") == 0);
    }
}

/* ---- shapes ------------------------------------------------------------- */

static void test_dlp_policies_otel_headers_extras(void)
{
    static const aigw_str_t prof[] = { { "p1", 2 }, { "p2", 2 } };
    static const aigw_enum_t checks[] = { { AIGW_SET, AIGW_CHECK_REQUEST, { NULL, 0 } },
                                          { AIGW_SET, AIGW_CHECK_RESPONSE, { NULL, 0 } } };
    static aigw_dlp_policy_t pol[2];
    static const aigw_header_t hdr[] = { { { "z", 1 }, { "1", 1 } }, { { "a", 1 }, { "2", 1 } } };
    static aigw_otel_t ot[1];
    static const aigw_member_t extra[] = { { { "guardrails", 10 }, { "{\"x\":[1,null]}", 14 } },
                                           { { "spend\\u0041", 11 }, { "null", 4 } } };
    aigw_params_t p;

    memset(pol, 0, sizeof pol);
    pol[0].id.state = AIGW_SET;
    pol[0].id.value.ptr = "pol-1";
    pol[0].id.value.len = 5;
    pol[0].action.state = AIGW_SET;
    pol[0].action.value = AIGW_ACTION_FLAG;
    pol[0].check.state = AIGW_SET;
    pol[0].check.items = checks;
    pol[0].check.count = 2;
    pol[0].enabled.state = AIGW_SET;
    pol[0].enabled.value = false;
    pol[0].profiles.state = AIGW_SET;
    pol[0].profiles.items = prof;
    pol[0].profiles.count = 2;
    pol[1] = pol[0];
    pol[1].check.count = 0;
    pol[1].profiles.count = 0;
    pol[1].action.value = AIGW_ACTION_BLOCK;

    example_python_snippet(&p);
    p.dlp.state = AIGW_SET;
    p.dlp.enabled.state = AIGW_SET;
    p.dlp.enabled.value = true;
    p.dlp.policies.state = AIGW_SET;
    p.dlp.policies.items = pol;
    p.dlp.policies.count = 2;
    memset(ot, 0, sizeof ot);
    ot[0].authorization.state = AIGW_SET;
    ot[0].headers.state = AIGW_SET;
    ot[0].headers.items = hdr;
    ot[0].headers.count = 2;
    ot[0].url.state = AIGW_SET;
    ot[0].url.value.ptr = "http://[::1]:4318/v1/traces";
    ot[0].url.value.len = strlen(ot[0].url.value.ptr);
    ot[0].content_type.state = AIGW_SET;
    ot[0].content_type.value = AIGW_OTEL_PROTOBUF;
    p.otel.state = AIGW_SET;
    p.otel.items = ot;
    p.otel.count = 1;
    p.extra.items = extra;
    p.extra.count = 2;
    EXPECT(aigw_params_validate(&p, NULL) == AIGW_OK);
    EXPECT(enc(&p, NULL) == AIGW_OK);
    EXPECT(body_is("{\"cache_invalidate_on_update\":true,\"cache_ttl\":0,\"collect_logs\":true,"
                   "\"rate_limiting_interval\":0,\"rate_limiting_limit\":0,"
                   "\"dlp\":{\"enabled\":true,\"policies\":["
                   "{\"action\":\"FLAG\",\"check\":[\"REQUEST\",\"RESPONSE\"],"
                   "\"enabled\":false,\"id\":\"pol-1\",\"profiles\":[\"p1\",\"p2\"]},"
                   "{\"action\":\"BLOCK\",\"check\":[],\"enabled\":false,\"id\":\"pol-1\",\"profiles\":[]}]},"
                   "\"otel\":[{\"authorization\":\"\",\"headers\":{\"z\":\"1\",\"a\":\"2\"},"
                   "\"url\":\"http://[::1]:4318/v1/traces\",\"content_type\":\"protobuf\"}],"
                   "\"guardrails\":{\"x\":[1,null]},\"spend\\u0041\":null}"));

    /* extras alone still get their comma right */
    memset(&p, 0, sizeof p);
    p.extra.items = extra;
    p.extra.count = 2;
    EXPECT(enc(&p, NULL) == AIGW_OK);
    EXPECT(body_is("{\"guardrails\":{\"x\":[1,null]},\"spend\\u0041\":null}"));
}

/* Each object's extra members follow its modelled ones; no name twice in one object. */
static void test_extras_per_object_and_duplicates(void)
{
    static const aigw_member_t pol_x[] = { { { "severity", 8 }, { "\"high\"", 6 } } };
    static const aigw_member_t dlp_x[] = { { { "mode", 4 }, { "[1,{}]", 6 } } };
    static const aigw_member_t ev_x[] = { { { "meter", 5 }, { "null", 4 } } };
    static const aigw_member_t st_x[] = { { { "live", 4 }, { "true", 4 } } };
    static const aigw_member_t top_x[] = { { { "guardrails", 10 }, { "{}", 2 } } };
    static const aigw_member_t dup_modelled[] = { { { "cache_\\u0074tl", 14 }, { "1", 1 } } };
    static const aigw_member_t dup_nested[] = { { { "\\u0065nabled", 12 }, { "false", 5 } } };
    static const aigw_member_t dup_extra[] = { { { "x", 1 }, { "1", 1 } }, { { "\\u0078", 6 }, { "2", 1 } } };
    static const aigw_member_t bad_name[] = { { { "a\\q", 3 }, { "1", 1 } } };
    static const aigw_member_t stands_in[] = { { { "zdr", 3 }, { "true", 4 } } };
    aigw_dlp_policy_t pol[1];
    aigw_usage_event_t ev[1];
    aigw_params_t p;
    aigw_diag_t d;
    memset(&p, 0, sizeof p);
    memset(pol, 0, sizeof pol);
    memset(ev, 0, sizeof ev);
    pol[0].enabled.state = AIGW_SET;
    pol[0].extra.items = pol_x;
    pol[0].extra.count = 1;
    p.dlp.state = AIGW_SET;
    p.dlp.enabled.state = AIGW_SET;
    p.dlp.enabled.value = true;
    p.dlp.policies.state = AIGW_SET;
    p.dlp.policies.items = pol;
    p.dlp.policies.count = 1;
    p.dlp.extra.items = dlp_x;
    p.dlp.extra.count = 1;
    ev[0].payload.state = AIGW_SET;
    ev[0].payload.value.ptr = "p";
    ev[0].payload.value.len = 1;
    ev[0].extra.items = ev_x;
    ev[0].extra.count = 1;
    p.stripe.state = AIGW_SET;
    p.stripe.usage_events.state = AIGW_SET;
    p.stripe.usage_events.items = ev;
    p.stripe.usage_events.count = 1;
    p.stripe.extra.items = st_x;
    p.stripe.extra.count = 1;
    p.extra.items = top_x;
    p.extra.count = 1;
    EXPECT(enc(&p, NULL) == AIGW_OK);
    EXPECT(body_is("{\"dlp\":{\"enabled\":true,\"policies\":[{\"enabled\":false,\"severity\":\"high\"}],"
                   "\"mode\":[1,{}]},\"stripe\":{\"usage_events\":[{\"payload\":\"p\",\"meter\":null}],"
                   "\"live\":true},\"guardrails\":{}}"));
    /* an extra member named like a modelled member that is written: refused, after unescaping */
    p.cache_ttl.state = AIGW_SET;
    p.extra.items = dup_modelled;
    EXPECT(enc(&p, &d) == AIGW_E_INVALID && !strcmp(d.path, "cache_\\u0074tl") &&
           d.rule && !strcmp(d.rule, "duplicate member"));
    /* ... but it may stand in for one that is absent */
    p.extra.items = stands_in;
    EXPECT(enc(&p, NULL) == AIGW_OK && body_has(",\"zdr\":true}"));
    p.extra.count = 0;
    p.dlp.extra.items = dup_nested;
    EXPECT(enc(&p, &d) == AIGW_E_INVALID && !strcmp(d.path, "dlp.\\u0065nabled"));
    p.dlp.extra.items = dlp_x;
    pol[0].extra.items = dup_extra;
    pol[0].extra.count = 2;
    EXPECT(enc(&p, &d) == AIGW_E_INVALID && !strcmp(d.path, "dlp.policies[0].\\u0078") &&
           d.rule && !strcmp(d.rule, "duplicate member"));
    pol[0].extra.items = bad_name;
    pol[0].extra.count = 1;
    EXPECT(enc(&p, &d) == AIGW_E_INVALID && d.rule && !strcmp(d.rule, "member name"));
    pol[0].extra.items = NULL;
    EXPECT(enc(&p, &d) == AIGW_E_ARG);
}

static void test_int_extremes_and_bools(void)
{
    aigw_params_t p;
    memset(&p, 0, sizeof p);
    p.cache_ttl.state = AIGW_SET;
    p.cache_ttl.value = INT64_MIN;
    p.rate_limiting_limit.state = AIGW_SET;
    p.rate_limiting_limit.value = INT64_MAX;
    p.retry_delay.state = AIGW_SET;
    p.retry_delay.value = -1;
    p.zdr.state = AIGW_SET;
    p.zdr.value = false;
    p.logpush.state = AIGW_SET;
    p.logpush.value = true;
    EXPECT(enc(&p, NULL) == AIGW_OK);
    EXPECT(body_is("{\"cache_ttl\":-9223372036854775808,\"rate_limiting_limit\":9223372036854775807,"
                   "\"logpush\":true,\"retry_delay\":-1,\"zdr\":false}"));
}

static void test_enum_other_and_unknown(void)
{
    aigw_params_t p;
    aigw_diag_t d;
    memset(&p, 0, sizeof p);
    p.workers_ai_billing_mode.state = AIGW_SET;
    p.workers_ai_billing_mode.value = AIGW_ENUM_OTHER;
    p.workers_ai_billing_mode.raw.ptr = "unified";
    p.workers_ai_billing_mode.raw.len = 7;
    EXPECT(enc(&p, NULL) == AIGW_OK);
    EXPECT(body_is("{\"workers_ai_billing_mode\":\"unified\"}"));
    p.workers_ai_billing_mode.value = 42;
    memset(&d, 0, sizeof d);
    EXPECT(enc(&p, &d) == AIGW_E_INVALID);
    EXPECT(strcmp(d.path, "workers_ai_billing_mode") == 0 && d.rule && strcmp(d.rule, "enum") == 0);
    p.workers_ai_billing_mode.value = AIGW_BILLING_POSTPAID;
    p.workers_ai_billing_mode.state = (aigw_state_t)7;
    memset(&d, 0, sizeof d);
    EXPECT(enc(&p, &d) == AIGW_E_INVALID);
    EXPECT(d.rule && strcmp(d.rule, "type") == 0);
}

static void test_enum_names_roundtrip(void)
{
    static const struct { aigw_enum_kind_t k; int n; } kinds[] = {
        { AIGW_EK_ACTION, 2 }, { AIGW_EK_CHECK, 2 }, { AIGW_EK_LOG_STRATEGY, 2 },
        { AIGW_EK_CONTENT_TYPE, 2 }, { AIGW_EK_RATE_TECHNIQUE, 2 }, { AIGW_EK_BACKOFF, 3 },
        { AIGW_EK_BILLING, 2 },
    };
    size_t i;
    int v;
    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        EXPECT(aigw_enum_name(kinds[i].k, 0) == NULL);
        EXPECT(aigw_enum_name(kinds[i].k, kinds[i].n + 1) == NULL);
        for (v = 1; v <= kinds[i].n; v++) {
            const char *n = aigw_enum_name(kinds[i].k, v);
            EXPECT(n != NULL);
            if (n) {
                EXPECT(aigw_enum_parse(kinds[i].k, n, strlen(n)) == v);
                /* prefix and case variants are not the same value */
                EXPECT(aigw_enum_parse(kinds[i].k, n, strlen(n) - 1) == AIGW_ENUM_OTHER);
            }
        }
    }
    EXPECT(strcmp(aigw_enum_name(AIGW_EK_ACTION, AIGW_ACTION_BLOCK), "BLOCK") == 0);
    EXPECT(strcmp(aigw_enum_name(AIGW_EK_LOG_STRATEGY, AIGW_LOG_DELETE_OLDEST), "DELETE_OLDEST") == 0);
    EXPECT(strcmp(aigw_enum_name(AIGW_EK_BACKOFF, AIGW_BACKOFF_LINEAR), "linear") == 0);
    EXPECT(aigw_enum_parse(AIGW_EK_CONTENT_TYPE, "JSON", 4) == AIGW_ENUM_OTHER);
    EXPECT(aigw_enum_parse(AIGW_EK_BILLING, NULL, 0) == AIGW_ENUM_OTHER);
    EXPECT(aigw_enum_name((aigw_enum_kind_t)99, 1) == NULL);
}

/* ---- escaping ----------------------------------------------------------- */

static aigw_err_t write_str(const char *s, size_t len)
{
    aigw_sink_t k;
    aigw_err_t e;
    aigw_sink_init_buffer(&k, out, sizeof out);
    e = aigw_json_write_string(&k, s, len);
    out_len = k.len;
    return e;
}

static void test_escape_every_control_char(void)
{
    static const char *const want[32] = {
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
        "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f",
        "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
        "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    };
    char in[3], w[256];
    int c;
    for (c = 0; c < 32; c++) {
        in[0] = 'a';
        in[1] = (char)c;
        in[2] = 'z';
        EXPECT(write_str(in, 3) == AIGW_OK);
        cat3(w, "\"a", want[c], "z\"");
        EXPECTF(body_is(w), "control 0x%02x", c);
    }
}

static void test_escape_quote_backslash_del_slash(void)
{
    EXPECT(write_str("\"\\/\x7f'", 5) == AIGW_OK);
    EXPECT(body_is("\"\\\"\\\\/\x7f'\""));
    EXPECT(write_str("", 0) == AIGW_OK);
    EXPECT(body_is("\"\""));
    EXPECT(write_str(NULL, 0) == AIGW_OK);
    EXPECT(body_is("\"\""));
    EXPECT(write_str(NULL, 1) == AIGW_E_ARG);
}

static void test_utf8_passthrough(void)
{
    /* U+00E9, U+20AC, U+1F600, U+10FFFF, U+0080, U+07FF, U+0800, U+FFFF,
     * U+D7FF, U+E000, U+10000, with escapes between them */
    static const char s[] = "\xc3\xa9\n\xe2\x82\xac\"\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf"
                            "\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xed\x9f\xbf\xee\x80\x80"
                            "\xf0\x90\x80\x80";
    EXPECT(write_str(s, sizeof s - 1) == AIGW_OK);
    EXPECT(body_is("\"\xc3\xa9\\n\xe2\x82\xac\\\"\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf"
                   "\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xed\x9f\xbf\xee\x80\x80"
                   "\xf0\x90\x80\x80\""));
    EXPECT(aigw_utf8_count(s, sizeof s - 1) == 13);
}

typedef struct { const char *s; size_t len; const char *why; } bad_utf8_t;
#define B_(lit, why) { lit, sizeof(lit) - 1, why }
static const bad_utf8_t bad_utf8[] = {
    B_("\xc0\x80", "overlong NUL"), B_("\xc1\xbf", "overlong 2"), B_("\xe0\x80\x80", "overlong 3"),
    B_("\xe0\x9f\xbf", "overlong 3 max"), B_("\xf0\x80\x80\x80", "overlong 4"),
    B_("\xf0\x8f\xbf\xbf", "overlong 4 max"), B_("\xed\xa0\x80", "surrogate D800"),
    B_("\xed\xbf\xbf", "surrogate DFFF"), B_("\xed\xb0\x80", "low surrogate"),
    B_("\xf4\x90\x80\x80", "U+110000"), B_("\xf5\x80\x80\x80", "F5"), B_("\xff", "FF"),
    B_("\xfe", "FE"), B_("\x80", "lone continuation"), B_("\xbf", "lone continuation BF"),
    B_("\xc3", "truncated 2"), B_("\xe2\x82", "truncated 3"), B_("\xf0\x9f\x98", "truncated 4"),
    B_("a\xc3", "truncated at end"), B_("\xc3\x28", "bad continuation"),
    B_("\xe2\x28\xa1", "bad continuation 3"), B_("\xf0\x9f\x28\x80", "bad continuation 4"),
    B_("\xf8\x88\x80\x80\x80", "5-byte form"),
};

static void test_invalid_utf8_rejected(void)
{
    size_t i;
    for (i = 0; i < sizeof bad_utf8 / sizeof bad_utf8[0]; i++) {
        EXPECTF(aigw_utf8_count(bad_utf8[i].s, bad_utf8[i].len) == -1, "%s", bad_utf8[i].why);
        EXPECTF(write_str(bad_utf8[i].s, bad_utf8[i].len) == AIGW_E_INVALID, "%s", bad_utf8[i].why);
    }
    EXPECT(aigw_utf8_count(NULL, 0) == 0);
    EXPECT(aigw_utf8_count(NULL, 1) == -1);
}

/* Reference decoder written from the definition, independent of core/utf8.c:
 * decode by arithmetic, then demand the shortest form and a scalar value. */
static int ref_valid(const uint8_t *b, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k, j;
        uint8_t c = b[i];
        if (c < 0x80) { i++; continue; }
        if ((c & 0xE0) == 0xC0) { k = 2; cp = c & 0x1Fu; }
        else if ((c & 0xF0) == 0xE0) { k = 3; cp = c & 0x0Fu; }
        else if ((c & 0xF8) == 0xF0) { k = 4; cp = c & 0x07u; }
        else return 0;
        if (i + k > n) return 0;
        for (j = 1; j < k; j++) {
            if ((b[i + j] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (b[i + j] & 0x3Fu);
        }
        if ((k == 2 && cp < 0x80) || (k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000)) return 0;
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += k;
    }
    return 1;
}

static void test_utf8_exhaustive_vs_reference(void)
{
    uint8_t b[4];
    uint32_t x;
    unsigned mismatches = 0;
    /* every 1-, 2- and 3-byte string */
    for (x = 0; x < 0x100; x++) {
        b[0] = (uint8_t)x;
        if ((aigw_utf8_count((char *)b, 1) >= 0) != ref_valid(b, 1)) mismatches++;
    }
    for (x = 0; x < 0x10000; x++) {
        b[0] = (uint8_t)(x >> 8); b[1] = (uint8_t)x;
        if ((aigw_utf8_count((char *)b, 2) >= 0) != ref_valid(b, 2)) mismatches++;
    }
    for (x = 0; x < 0x1000000; x++) {
        b[0] = (uint8_t)(x >> 16); b[1] = (uint8_t)(x >> 8); b[2] = (uint8_t)x;
        if ((aigw_utf8_count((char *)b, 3) >= 0) != ref_valid(b, 3)) mismatches++;
    }
    /* 4-byte strings whose lead byte is F0..F7 (the interesting ones), all
     * second bytes, a spread of third and fourth bytes */
    for (x = 0; x < 0x80000; x++) {
        b[0] = (uint8_t)(0xF0 | (x >> 16));
        b[1] = (uint8_t)(x >> 8);
        b[2] = (uint8_t)(0x70 + ((x >> 4) & 0x0F) * 9);
        b[3] = (uint8_t)(0x78 + (x & 0x0F) * 5);
        if ((aigw_utf8_count((char *)b, 4) >= 0) != ref_valid(b, 4)) mismatches++;
    }
    EXPECTF(mismatches == 0, "%u mismatches", mismatches);
}

static void test_encoder_refuses_invalid_utf8_with_path(void)
{
    static const aigw_str_t prof[] = { { "ok", 2 }, { "ok", 2 }, { "\xed\xa0\x80", 3 } };
    static const aigw_header_t hdr[] = { { { "x-ok", 4 }, { "v", 1 } },
                                         { { "x-bad", 5 }, { "\xc0\xaf", 2 } } };
    static aigw_otel_t ot[2];
    aigw_params_t p;
    aigw_diag_t d;

    example_python_snippet(&p);
    p.store_id.state = AIGW_SET;
    p.store_id.value.ptr = "ab\xff";
    p.store_id.value.len = 3;
    memset(&d, 0, sizeof d);
    EXPECT(enc(&p, &d) == AIGW_E_INVALID);
    EXPECT(strcmp(d.path, "store_id") == 0 && d.rule && strcmp(d.rule, "utf8") == 0);

    example_python_snippet(&p);
    p.dlp.state = AIGW_SET;
    p.dlp.profiles.state = AIGW_SET;
    p.dlp.profiles.items = prof;
    p.dlp.profiles.count = 3;
    memset(&d, 0, sizeof d);
    EXPECT(enc(&p, &d) == AIGW_E_INVALID);
    EXPECT(strcmp(d.path, "dlp.profiles[2]") == 0);

    example_python_snippet(&p);
    memset(ot, 0, sizeof ot);
    ot[1].headers.state = AIGW_SET;
    ot[1].headers.items = hdr;
    ot[1].headers.count = 2;
    p.otel.state = AIGW_SET;
    p.otel.items = ot;
    p.otel.count = 2;
    memset(&d, 0, sizeof d);
    EXPECT(enc(&p, &d) == AIGW_E_INVALID);
    EXPECT(strcmp(d.path, "otel[1].headers.x-bad") == 0);
}

static void test_encoder_null_pointers(void)
{
    aigw_params_t p;
    aigw_diag_t d;
    size_t n = 99;
    example_python_snippet(&p);
    p.dlp.state = AIGW_SET;
    p.dlp.profiles.state = AIGW_SET;
    p.dlp.profiles.count = 2; /* items NULL */
    memset(&d, 0, sizeof d);
    EXPECT(enc(&p, &d) == AIGW_E_ARG);
    EXPECT(strcmp(d.path, "dlp.profiles") == 0);
    EXPECT(aigw_params_to_json(NULL, out, sizeof out, &n, NULL) == AIGW_E_ARG);
    EXPECT(n == 0);
    EXPECT(aigw_params_to_json(&p, NULL, 10, &n, NULL) == AIGW_E_ARG);
    EXPECT(aigw_params_encode(&p, NULL, NULL) == AIGW_E_ARG);
}


/* ---- members of later schemas ------------------------------------------- */

static const aigw_str_t sl_models[] = { { "gpt-4o", 6 }, { "claude", 6 } };
static const aigw_str_t sl_providers[] = { { "openai", 6 } };
static aigw_spend_rule_t sl_rules[2];

/* guardrails, log_classification, spend_limits with two rules */
static void later_members(aigw_params_t *p)
{
    example_python_snippet(p);
    p->guardrails.state = AIGW_SET;
    p->guardrails.prompt.state = AIGW_SET;
    p->guardrails.prompt.S9.state = AIGW_SET;
    p->guardrails.prompt.S9.value = AIGW_ACTION_BLOCK;
    p->guardrails.prompt.P1.state = AIGW_SET;
    p->guardrails.prompt.P1.value = AIGW_ACTION_FLAG;
    p->guardrails.prompt.S10.state = AIGW_SET;
    p->guardrails.prompt.S10.value = AIGW_ACTION_FLAG;
    p->guardrails.response.state = AIGW_SET;
    p->log_classification.state = AIGW_SET;
    p->log_classification.value = true;
    memset(sl_rules, 0, sizeof sl_rules);
    sl_rules[0].technique.state = AIGW_SET;
    sl_rules[0].technique.value = AIGW_RATE_SLIDING;
    sl_rules[0].provider.state = AIGW_SET;
    sl_rules[0].provider.mode.state = AIGW_SET;
    sl_rules[0].provider.mode.value = AIGW_FILTER_FILTER;
    sl_rules[0].provider.values.state = AIGW_SET;
    sl_rules[0].provider.values.items = sl_providers;
    sl_rules[0].provider.values.count = 1;
    sl_rules[0].model.state = AIGW_SET;
    sl_rules[0].model.mode = sl_rules[0].provider.mode;
    sl_rules[0].model.values.state = AIGW_SET;
    sl_rules[0].model.values.items = sl_models;
    sl_rules[0].model.values.count = 2;
    sl_rules[0].metadata.state = AIGW_SET;
    sl_rules[0].metadata.json.ptr = "{\"by_team\":{\"mode\":\"partition\"},\"m\":{\"mode\":\"filter\",\"values\":[\"x\"],\"w\":2.5}}";
    sl_rules[0].metadata.json.len = strlen(sl_rules[0].metadata.json.ptr);
    sl_rules[0].id.state = AIGW_SET;
    sl_rules[0].id.value.ptr = "r1";
    sl_rules[0].id.value.len = 2;
    sl_rules[0].enabled.state = AIGW_SET;
    sl_rules[0].enabled.value = true;
    sl_rules[0].window.state = AIGW_SET;
    sl_rules[0].window.value = 86400;
    sl_rules[0].limitType.state = AIGW_SET;
    sl_rules[0].limitType.value = AIGW_LIMIT_COST;
    sl_rules[0].limit.state = AIGW_SET;
    sl_rules[0].limit.text.ptr = "0.5";
    sl_rules[0].limit.text.len = 3;
    sl_rules[1].limit.state = AIGW_SET;
    sl_rules[1].limit.text.ptr = "1e3";
    sl_rules[1].limit.text.len = 3;
    sl_rules[1].limitType = sl_rules[0].limitType;
    sl_rules[1].window.state = AIGW_SET;
    sl_rules[1].window.value = 60;
    p->spend_limits.state = AIGW_SET;
    p->spend_limits.enabled.state = AIGW_SET;
    p->spend_limits.enabled.value = false;
    p->spend_limits.rules.state = AIGW_SET;
    p->spend_limits.rules.items = sl_rules;
    p->spend_limits.rules.count = 2;
}

static const char later_json[] =
    "{\"cache_invalidate_on_update\":true,\"cache_ttl\":0,\"collect_logs\":true,"
    "\"rate_limiting_interval\":0,\"rate_limiting_limit\":0,"
    "\"guardrails\":{\"prompt\":{\"P1\":\"FLAG\",\"S10\":\"FLAG\",\"S9\":\"BLOCK\"},\"response\":{}},"
    "\"log_classification\":true,"
    "\"spend_limits\":{\"enabled\":false,\"rules\":["
    "{\"limit\":0.5,\"limitType\":\"cost\",\"window\":86400,\"enabled\":true,\"id\":\"r1\","
    "\"metadata\":{\"by_team\":{\"mode\":\"partition\"},\"m\":{\"mode\":\"filter\",\"values\":[\"x\"],\"w\":2.5}},"
    "\"model\":{\"mode\":\"filter\",\"values\":[\"gpt-4o\",\"claude\"]},"
    "\"provider\":{\"mode\":\"filter\",\"values\":[\"openai\"]},\"technique\":\"sliding\"},"
    "{\"limit\":1e3,\"limitType\":\"cost\",\"window\":60}]}}";

static void test_later_members_encoded(void)
{
    aigw_params_t p;
    aigw_diag_t d;
    later_members(&p);
    memset(&d, 0, sizeof d);
    EXPECT(enc(&p, &d) == AIGW_OK);
    EXPECT(body_is(later_json));
#if AIGW_SCHEMA_VERSION >= 20260817
    EXPECT(aigw_params_validate(&p, NULL) == AIGW_OK);
#endif
    /* null where the schema allows it, and written as such anyway */
    p.guardrails.state = AIGW_NULL;
    p.spend_limits.state = AIGW_NULL;
    EXPECT(enc(&p, NULL) == AIGW_OK);
    EXPECT(body_has(",\"guardrails\":null,\"log_classification\":true,\"spend_limits\":null}"));
    /* numbers the validator refuses are still written as they are (conformance tests) */
    later_members(&p);
    sl_rules[1].limit.text.ptr = "-1";
    sl_rules[1].limit.text.len = 2;
    EXPECT(enc(&p, NULL) == AIGW_OK && body_has("{\"limit\":-1,"));
    sl_rules[1].limit.text.ptr = "0";
    sl_rules[1].limit.text.len = 1;
    EXPECT(enc(&p, NULL) == AIGW_OK && body_has("{\"limit\":0,"));
    /* the body is the same in count and stream modes */
    later_members(&p);
    {
        aigw_sink_t cnt;
        aigw_sink_init_count(&cnt);
        EXPECT(aigw_params_encode(&p, &cnt, NULL) == AIGW_OK && cnt.total == sizeof later_json - 1);
    }
}

/* one refusal: err at path with rule, and no body length reported */
static int refused(const aigw_params_t *p, aigw_err_t want, const char *path, const char *rule)
{
    aigw_diag_t d;
    aigw_err_t e;
    memset(&d, 0x5C, sizeof d);
    e = enc(p, &d);
    if (e == want && out_len == 0 && !strcmp(d.path, path) && d.rule && !strcmp(d.rule, rule))
        return 1;
    printf("  want %d at \"%s\" rule \"%s\", got %d at \"%.*s\" rule \"%s\" (len %u)\n", (int)want, path, rule,
           (int)e, e ? (int)sizeof d.path : 0, d.path, e && d.rule ? d.rule : "", (unsigned)out_len);
    return 0;
}

static void test_num_text_encoder(void)
{
    static const struct { const char *text; const char *rule; } bad[] = {
        { "abc", "invalid number" }, { "true", "type" }, { "false", "type" }, { "null", "type" },
        { "", "invalid literal" }, { " 1", "invalid number" }, { "1 ", "invalid number" },
        { "01", "invalid number" }, { "\"1\"", "invalid number" }, { "{}", "invalid number" },
        { "1},\"collect_logs\":false,\"x\":{", "invalid number" }, { "1,\"zdr\":true", "invalid number" },
    };
    static const char *const good[] = { "0.5", "12", "1e3", "1E-3", "-1", "0", "0.0", "123456789012345678901234567890" };
    aigw_params_t p;
    size_t i;
    char want[96];
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        later_members(&p);
        sl_rules[1].limit.text.ptr = good[i];
        sl_rules[1].limit.text.len = strlen(good[i]);
        EXPECT(enc(&p, NULL) == AIGW_OK);
        cat3(want, "{\"limit\":", good[i], ",\"limitType\"");
        EXPECTF(body_has(want), "%s", good[i]);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        later_members(&p);
        sl_rules[1].limit.text.ptr = bad[i].text;
        sl_rules[1].limit.text.len = strlen(bad[i].text);
        EXPECTF(refused(&p, AIGW_E_INVALID, "spend_limits.rules[1].limit", bad[i].rule), "'%s'", bad[i].text);
    }
    later_members(&p);
    sl_rules[1].limit.text.ptr = NULL;
    sl_rules[1].limit.text.len = 0;
    EXPECT(refused(&p, AIGW_E_ARG, "spend_limits.rules[1].limit", "NULL pointer"));
}

static void test_json_text_encoder(void)
{
    static const struct { const char *text; const char *rule; } bad[] = {
        { "{\"a\":1},\"collect_logs\":false,\"b\":{", "text after the value" },
        { "{}},\"zdr\":true,\"x\":{", "text after the value" }, { "{}{}", "text after the value" },
        { "[]", "type" }, { "1", "type" }, { "\"s\"", "type" }, { "null", "type" }, { "true", "type" },
        { "", "incomplete value" }, { "{\"a\":1", "incomplete value" }, { "{\"a\":\"\xff\"}", "invalid UTF-8" },
        { "{\"a\":\"x}", "unterminated string" }, { "{\"a\" 1}", "expected ':'" },
        { "{}\n", "whitespace around the value" }, { " {}", "whitespace around the value" },
    };
    static const char *const good[] = { "{}", "{\"a\":1}", "{\"a\":{\"b\":[1,2.5e3,\"x\",true,null]}}",
                                         "{ \"a\" : [ ] }" };
    aigw_params_t p;
    size_t i;
    char want[96];
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        later_members(&p);
        sl_rules[0].metadata.json.ptr = good[i];
        sl_rules[0].metadata.json.len = strlen(good[i]);
        EXPECT(enc(&p, NULL) == AIGW_OK);
        cat3(want, "\"metadata\":", good[i], ",\"model\"");
        EXPECTF(body_has(want), "%s", good[i]);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        later_members(&p);
        sl_rules[0].metadata.json.ptr = bad[i].text;
        sl_rules[0].metadata.json.len = strlen(bad[i].text);
        EXPECTF(refused(&p, AIGW_E_INVALID, "spend_limits.rules[0].metadata", bad[i].rule), "'%s'", bad[i].text);
    }
    later_members(&p);
    sl_rules[0].metadata.json.ptr = NULL;
    EXPECT(refused(&p, AIGW_E_ARG, "spend_limits.rules[0].metadata", "NULL pointer"));
}

/* Unknown members are written verbatim: each value must be one JSON value,
 * each name JSON string contents, at every level. */
static void test_extra_injection_refused(void)
{
    static const struct { const char *name, *json, *rule; } bad[] = {
        { "x", "1},\"collect_logs\":false,\"y\":{", "text after the value" },
        { "x", "1,\"collect_logs\":false", "text after the value" },
        { "x", "\"a\",\"collect_logs\":false", "text after the value" },
        { "x", "{\"a\":1},\"collect_logs\":false,\"b\":{", "text after the value" },
        { "x", "null}", "text after the value" },
        { "x", "{", "expected a member name" }, { "x", "[1,", "incomplete value" }, { "x", "   ", "whitespace around the value" },
        { "x", "", "type" }, { "x", "tru", "invalid literal" }, { "x", "\"\xc3\"", "invalid UTF-8" },
        { "x\":1,\"collect_logs\":false,\"y", "1", "member name" }, { "a\\q", "1", "member name" },
        { "x\n", "1", "member name" },
    };
    static const char *const paths[] = { "", "guardrails.", "guardrails.prompt.", "spend_limits.",
                                         "spend_limits.rules[1].", "spend_limits.rules[0].model." };
    aigw_member_t m[1];
    aigw_members_t *at[6];
    aigw_params_t p;
    size_t i, k;
    char path[96];
    for (k = 0; k < 6; k++)
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            later_members(&p);
            at[0] = &p.extra;
            at[1] = &p.guardrails.extra;
            at[2] = &p.guardrails.prompt.extra;
            at[3] = &p.spend_limits.extra;
            at[4] = &sl_rules[1].extra;
            at[5] = &sl_rules[0].model.extra;
            m[0].name.ptr = bad[i].name;
            m[0].name.len = strlen(bad[i].name);
            m[0].json.ptr = bad[i].json;
            m[0].json.len = strlen(bad[i].json);
            at[k]->items = m;
            at[k]->count = 1;
            cat3(path, paths[k], bad[i].name, "");
            if (strchr(bad[i].name, '"') || strchr(bad[i].name, '\n')) /* the path shows only the name's start */
                EXPECTF(enc(&p, NULL) == AIGW_E_INVALID, "%s'%s'", paths[k], bad[i].name);
            else
                EXPECTF(refused(&p, AIGW_E_INVALID, path, bad[i].rule), "%s'%s' = '%s'", paths[k], bad[i].name,
                        bad[i].json);
        }
    /* a valid value at every level is written after the modelled members */
    later_members(&p);
    m[0].name.ptr = "x";
    m[0].name.len = 1;
    m[0].json.ptr = "[1, {\"a\" :null}]";
    m[0].json.len = strlen(m[0].json.ptr);
    sl_rules[1].extra.items = m;
    sl_rules[1].extra.count = 1;
    EXPECT(enc(&p, NULL) == AIGW_OK && body_has("\"window\":60,\"x\":[1, {\"a\" :null}]}"));
    /* whitespace around it is refused: a decoded value has none, so it would not read back the same */
    m[0].json.ptr = " [1] ";
    m[0].json.len = strlen(m[0].json.ptr);
    EXPECT(refused(&p, AIGW_E_INVALID, "spend_limits.rules[1].x", "whitespace around the value"));
    /* a name a modelled member of that object writes: refused */
    m[0].name.ptr = "win\\u0064ow";
    m[0].name.len = strlen(m[0].name.ptr);
    m[0].json.ptr = "1";
    m[0].json.len = 1;
    EXPECT(refused(&p, AIGW_E_INVALID, "spend_limits.rules[1].win\\u0064ow", "duplicate member"));
    p.guardrails.prompt.extra.items = m;
    p.guardrails.prompt.extra.count = 1;
    sl_rules[1].extra.count = 0;
    m[0].name.ptr = "S9";
    m[0].name.len = 2;
    EXPECT(refused(&p, AIGW_E_INVALID, "guardrails.prompt.S9", "duplicate member"));
    m[0].name.ptr = "S8"; /* absent: it may stand in */
    EXPECT(enc(&p, NULL) == AIGW_OK && body_has("\"S9\":\"BLOCK\",\"S8\":1}"));
}

/* ---- buffer edges, count and stream modes -------------------------------- */

static void test_every_capacity_and_canaries(void)
{
    static char full[2048];
    static char buf[2048 + 16];
    aigw_params_t p;
    aigw_diag_t d;
    size_t full_len, cap, n, i;
    unsigned bad = 0;

    example_result_object(&p);
    EXPECT(enc(&p, NULL) == AIGW_OK);
    full_len = out_len;
    memcpy(full, out, full_len);
    for (cap = 0; cap <= full_len + 2; cap++) {
        aigw_err_t e;
        memset(buf, 0xA5, sizeof buf);
        memset(&d, 0, sizeof d);
        n = 12345;
        e = aigw_params_to_json(&p, cap ? buf : NULL, cap, &n, &d);
        if (cap >= full_len) {
            if (e != AIGW_OK || n != full_len || memcmp(buf, full, full_len) != 0) bad++;
        } else {
            if (e != AIGW_E_BUFFER || n != full_len || d.needed != full_len || d.err != AIGW_E_BUFFER)
                bad++;
            /* what fits is the body's prefix, never more */
            if (memcmp(buf, full, cap) != 0) bad++;
        }
        for (i = (cap < full_len ? cap : full_len); i < sizeof buf; i++)
            if ((unsigned char)buf[i] != 0xA5) { bad++; break; }
        /* also with a real pointer at capacity 0 */
        if (cap == 0) {
            e = aigw_params_to_json(&p, buf, 0, &n, &d);
            if (e != AIGW_E_BUFFER || n != full_len || (unsigned char)buf[0] != 0xA5) bad++;
        }
    }
    EXPECTF(bad == 0, "%u bad capacities (body %u bytes)", bad, (unsigned)full_len);
}

static void test_count_mode(void)
{
    aigw_params_t p;
    aigw_sink_t s;
    example_result_object(&p);
    EXPECT(enc(&p, NULL) == AIGW_OK);
    aigw_sink_init_count(&s);
    EXPECT(aigw_params_encode(&p, &s, NULL) == AIGW_OK);
    EXPECT(s.total == out_len);
    EXPECT(s.len == 0);
}

typedef struct {
    char data[4096];
    size_t len;
    size_t calls;
    size_t max_piece;
    size_t fail_at; /* fail on this call (1-based); 0: never */
    int bad_piece;  /* a non-final piece that was not exactly cap bytes */
    size_t cap;
    size_t last_piece;
} collect_t;

static aigw_err_t collect(void *ctx, const uint8_t *data, size_t len)
{
    collect_t *c = (collect_t *)ctx;
    c->calls++;
    if (c->fail_at && c->calls == c->fail_at)
        return AIGW_E_SEND;
    if (c->last_piece != 0 && c->last_piece != c->cap)
        c->bad_piece = 1; /* an earlier piece was short, and more came */
    c->last_piece = len;
    if (len > c->max_piece)
        c->max_piece = len;
    if (c->len + len <= sizeof c->data) {
        memcpy(c->data + c->len, data, len);
    }
    c->len += len;
    return AIGW_OK;
}

static void stream_case(const aigw_params_t *p, size_t cap, const char *full, size_t full_len)
{
    static collect_t col;
    uint8_t sbuf[300];
    aigw_sink_t s;
    memset(&col, 0, sizeof col);
    col.cap = cap;
    aigw_sink_init_stream(&s, sbuf, cap, collect, &col);
    EXPECTF(aigw_params_encode(p, &s, NULL) == AIGW_OK, "cap %u", (unsigned)cap);
    EXPECTF(col.len == full_len && memcmp(col.data, full, full_len) == 0, "cap %u", (unsigned)cap);
    EXPECTF(col.max_piece <= cap && !col.bad_piece, "cap %u", (unsigned)cap);
    EXPECTF(s.total == full_len, "cap %u", (unsigned)cap);
}

static void test_stream_byte_identical(void)
{
    static char full[2048];
    aigw_params_t p;
    size_t full_len, cap;
    example_result_object(&p);
    EXPECT(enc(&p, NULL) == AIGW_OK);
    full_len = out_len;
    memcpy(full, out, full_len);
    stream_case(&p, 64, full, full_len);
    stream_case(&p, 1, full, full_len);
    for (cap = 2; cap < 300; cap += 7)
        stream_case(&p, cap, full, full_len);
}

static void test_stream_flush_failure(void)
{
    static collect_t col;
    uint8_t sbuf[64];
    aigw_params_t p;
    aigw_sink_t s;
    aigw_diag_t d;
    example_result_object(&p);
    memset(&col, 0, sizeof col);
    col.cap = 64;
    col.fail_at = 3;
    aigw_sink_init_stream(&s, sbuf, sizeof sbuf, collect, &col);
    memset(&d, 0, sizeof d);
    EXPECT(aigw_params_encode(&p, &s, &d) == AIGW_E_SINK);
    EXPECT(col.calls == 3);   /* nothing flushed after the failure */
    EXPECT(col.len == 128);
    EXPECT(aigw_sink_finish(&s) == AIGW_E_SINK);
}

static void test_sink_modes_direct(void)
{
    aigw_sink_t s;
    uint8_t b[8];
    memset(b, 0x5A, sizeof b);
    aigw_sink_init_buffer(&s, b, 4);
    aigw_sink_puts(&s, "abc");
    aigw_sink_putc(&s, 'd');
    EXPECT(s.err == AIGW_OK && s.len == 4);
    aigw_sink_write(&s, "ef", 2);
    EXPECT(s.err == AIGW_E_BUFFER && s.total == 6 && s.len == 4);
    aigw_sink_write(&s, "g", 1); /* only counts once an error is set */
    EXPECT(s.total == 7 && memcmp(b, "abcd", 4) == 0 && b[4] == 0x5A);
    EXPECT(aigw_sink_finish(&s) == AIGW_E_BUFFER);

    aigw_sink_init_buffer(&s, NULL, 0);
    aigw_sink_putc(&s, 'x');
    EXPECT(aigw_sink_finish(&s) == AIGW_E_BUFFER && s.total == 1);
    aigw_sink_init_buffer(&s, NULL, 5);
    EXPECT(aigw_sink_finish(&s) == AIGW_E_ARG);
    aigw_sink_init_buffer(&s, b, 0);
    EXPECT(aigw_sink_finish(&s) == AIGW_OK); /* nothing written, nothing needed */

    aigw_sink_init_count(&s);
    aigw_sink_write(&s, "hello", 5);
    aigw_sink_write(&s, NULL, 0);
    EXPECT(aigw_sink_finish(&s) == AIGW_OK && s.total == 5);

    aigw_sink_init_stream(&s, b, 0, collect, NULL);
    EXPECT(aigw_sink_finish(&s) == AIGW_E_ARG);
    aigw_sink_init_stream(&s, b, 4, NULL, NULL);
    EXPECT(aigw_sink_finish(&s) == AIGW_E_ARG);
    EXPECT(aigw_sink_finish(NULL) == AIGW_E_ARG);
    aigw_sink_write(NULL, "x", 1); /* no crash */
}

static void test_diag_path_cut(void)
{
    /* a header name long enough to overflow diag.path */
    static char name[200];
    static aigw_header_t hdr[1];
    static aigw_otel_t ot[1];
    aigw_params_t p;
    aigw_diag_t d;
    size_t plen;
    memset(name, 'k', sizeof name);
    hdr[0].name.ptr = name;
    hdr[0].name.len = sizeof name;
    hdr[0].value.ptr = "\xc3";
    hdr[0].value.len = 1;
    memset(ot, 0, sizeof ot);
    ot[0].headers.state = AIGW_SET;
    ot[0].headers.items = hdr;
    ot[0].headers.count = 1;
    example_python_snippet(&p);
    p.otel.state = AIGW_SET;
    p.otel.items = ot;
    p.otel.count = 1;
    memset(&d, 0x7E, sizeof d);
    EXPECT(enc(&p, &d) == AIGW_E_INVALID);
    plen = strlen(d.path);
    EXPECT(plen == AIGW_DIAG_PATH_MAX - 1);
    EXPECT(memcmp(d.path, "otel[0].headers.kkk", 19) == 0);
    EXPECT(plen >= 3 && strcmp(d.path + plen - 3, "...") == 0);
    /* control bytes and non-ASCII in a key are shown as '?' */
    name[0] = '\n';
    name[1] = (char)0xC3;
    hdr[0].name.len = 3;
    memset(&d, 0, sizeof d);
    EXPECT(enc(&p, &d) == AIGW_E_INVALID);
    EXPECT(strcmp(d.path, "otel[0].headers.??k") == 0);
}

int main(void)
{
    RUN(test_api_python_snippet);
    RUN(test_api_result_object);
    RUN(test_required_only_with_nulls);
    RUN(test_absent_required_not_written);
    RUN(test_each_nullable_null_value_omitted);
    RUN(test_dlp_policies_otel_headers_extras);
    RUN(test_extras_per_object_and_duplicates);
    RUN(test_int_extremes_and_bools);
    RUN(test_enum_other_and_unknown);
    RUN(test_enum_names_roundtrip);
    RUN(test_escape_every_control_char);
    RUN(test_escape_quote_backslash_del_slash);
    RUN(test_utf8_passthrough);
    RUN(test_invalid_utf8_rejected);
    RUN(test_utf8_exhaustive_vs_reference);
    RUN(test_encoder_refuses_invalid_utf8_with_path);
    RUN(test_encoder_null_pointers);
    RUN(test_later_members_encoded);
    RUN(test_num_text_encoder);
    RUN(test_json_text_encoder);
    RUN(test_extra_injection_refused);
    RUN(test_every_capacity_and_canaries);
    RUN(test_count_mode);
    RUN(test_stream_byte_identical);
    RUN(test_stream_flush_failure);
    RUN(test_sink_modes_direct);
    RUN(test_diag_path_cut);
    printf("test_encode: %d passed, %d failed\n", aigw_t_pass, aigw_t_fail);
    return AIGW_TEST_EXIT();
}
