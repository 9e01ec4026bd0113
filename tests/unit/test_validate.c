/* SPDX-License-Identifier: MIT */
/*
 * Validator tests: every constraint of the PUT schema at min-1, min, max,
 * max+1, every enum with a bad value, nullability, required members, UTF-8,
 * dlp anyOf, compile-time maxima and "format uri", each asserting the
 * exact field path and rule. printf only (runs under semihosting too).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "aigw/aigw_model.h"
#include "aigw_test.h"

/* ---- a complete, valid parameter set that each case then breaks --------- */

static aigw_params_t P;
static aigw_str_t dlp_profiles[AIGW_MAX_DLP_PROFILES + 1];
static aigw_dlp_policy_t policies[AIGW_MAX_DLP_POLICIES + 1];
static aigw_enum_t checks[AIGW_MAX_DLP_CHECKS + 1];
static aigw_str_t pol_profiles[2];
static aigw_otel_t otel[7];
static aigw_header_t headers[AIGW_MAX_OTEL_HEADERS + 1];
static char header_names[AIGW_MAX_OTEL_HEADERS + 1][3];
static aigw_usage_event_t events[AIGW_MAX_USAGE_EVENTS + 1];
/* spend_limits.rules[]: one more than the schema's maxItems 20 */
static aigw_spend_rule_t rules[21];
static aigw_str_t filter_values[AIGW_MAX_LIST_ITEMS + 1];
static const aigw_member_t rule_meta_extra[] = { { { "note", 4 }, { "\"kept\"", 6 } } };

#define VSTR_(x) #x
#define VSTR(x) VSTR_(x)
/* the rule of a member newer than the schema this build enforces */
#define LATER_RULE "not in AIGW_SCHEMA_VERSION " VSTR(AIGW_SCHEMA_VERSION)

#define STR(lit) lit, sizeof(lit) - 1

static aigw_str_t str(const char *s, size_t n)
{
    aigw_str_t r;
    r.ptr = s;
    r.len = n;
    return r;
}

static void set_text(aigw_text_t *t, const char *s, size_t n)
{
    t->state = AIGW_SET;
    t->value = str(s, n);
}

static void set_enum(aigw_enum_t *e, int v)
{
    e->state = AIGW_SET;
    e->value = v;
    e->raw = str(NULL, 0);
}

static void set_int(aigw_int_t *x, int64_t v)
{
    x->state = AIGW_SET;
    x->value = v;
}

static void set_bool(aigw_bool_t *b, bool v)
{
    b->state = AIGW_SET;
    b->value = v;
}

static void set_later_members(void);

static void reset(void)
{
    size_t i;
    memset(&P, 0, sizeof P);
    set_bool(&P.cache_invalidate_on_update, true);
    set_int(&P.cache_ttl, 300);
    set_bool(&P.collect_logs, true);
    set_int(&P.rate_limiting_interval, 60);
    set_int(&P.rate_limiting_limit, 100);
    set_bool(&P.authentication, false);

    for (i = 0; i < sizeof dlp_profiles / sizeof dlp_profiles[0]; i++)
        dlp_profiles[i] = str(STR("profile"));
    P.dlp.state = AIGW_SET;
    set_enum(&P.dlp.action, AIGW_ACTION_BLOCK);
    set_bool(&P.dlp.enabled, true);
    P.dlp.profiles.state = AIGW_SET;
    P.dlp.profiles.items = dlp_profiles;
    P.dlp.profiles.count = 2;

    /* policies are filled but not attached: variant 2 tests attach them */
    for (i = 0; i < sizeof checks / sizeof checks[0]; i++)
        set_enum(&checks[i], (i % 2) ? AIGW_CHECK_RESPONSE : AIGW_CHECK_REQUEST);
    pol_profiles[0] = str(STR("p0"));
    pol_profiles[1] = str(STR("p1"));
    for (i = 0; i < sizeof policies / sizeof policies[0]; i++) {
        memset(&policies[i], 0, sizeof policies[i]);
        set_text(&policies[i].id, STR("policy"));
        set_enum(&policies[i].action, AIGW_ACTION_FLAG);
        policies[i].check.state = AIGW_SET;
        policies[i].check.items = checks;
        policies[i].check.count = 2;
        set_bool(&policies[i].enabled, true);
        policies[i].profiles.state = AIGW_SET;
        policies[i].profiles.items = pol_profiles;
        policies[i].profiles.count = 2;
    }

    set_int(&P.log_management, 100000);
    set_enum(&P.log_management_strategy, AIGW_LOG_STOP_INSERTING);
    set_bool(&P.logpush, true);
    set_text(&P.logpush_public_key, STR("0123456789abcdef0123"));

    for (i = 0; i < sizeof headers / sizeof headers[0]; i++) {
        /* distinct names: "x-a", "x-b", then "h02".."h32" (a map has unique keys) */
        header_names[i][0] = 'h';
        header_names[i][1] = (char)('0' + i / 10);
        header_names[i][2] = (char)('0' + i % 10);
        headers[i].name = str(header_names[i], 3);
        headers[i].value = str(STR("v"));
    }
    headers[0].name = str(STR("x-a"));
    headers[1].name = str(STR("x-b"));
    for (i = 0; i < sizeof otel / sizeof otel[0]; i++) {
        memset(&otel[i], 0, sizeof otel[i]);
        set_text(&otel[i].authorization, STR("Bearer abc"));
        otel[i].headers.state = AIGW_SET;
        otel[i].headers.items = headers;
        otel[i].headers.count = 2;
        set_text(&otel[i].url, STR("https://otel.example.com/v1/traces"));
        set_enum(&otel[i].content_type, AIGW_OTEL_JSON);
    }
    P.otel.state = AIGW_SET;
    P.otel.items = otel;
    P.otel.count = 2;

    set_enum(&P.rate_limiting_technique, AIGW_RATE_SLIDING);
    set_enum(&P.retry_backoff, AIGW_BACKOFF_LINEAR);
    set_int(&P.retry_delay, 100);
    set_int(&P.retry_max_attempts, 3);
    set_text(&P.store_id, STR("store"));

    for (i = 0; i < sizeof events / sizeof events[0]; i++)
        set_text(&events[i].payload, STR("{\"n\":1}"));
    P.stripe.state = AIGW_SET;
    set_text(&P.stripe.authorization, STR("sk_test"));
    P.stripe.usage_events.state = AIGW_SET;
    P.stripe.usage_events.items = events;
    P.stripe.usage_events.count = 2;

    set_enum(&P.workers_ai_billing_mode, AIGW_BILLING_POSTPAID);
    set_bool(&P.zdr, false);
#if AIGW_SCHEMA_VERSION >= 20260701
    set_later_members(); /* valid in this build's schema: part of the complete set */
#endif
}

/* guardrails, spend_limits (two full rules attached; all 21 filled) and
 * log_classification: members the 2026-07-01 and 2026-08-17 schemas added */
static void set_later_members(void)
{
    size_t i;
    P.guardrails.state = AIGW_SET;
    P.guardrails.prompt.state = AIGW_SET;
    set_enum(&P.guardrails.prompt.P1, AIGW_ACTION_FLAG);
    set_enum(&P.guardrails.prompt.S13, AIGW_ACTION_BLOCK);
    P.guardrails.response.state = AIGW_SET; /* an empty object: every member optional */

    for (i = 0; i < sizeof filter_values / sizeof filter_values[0]; i++)
        filter_values[i] = str(STR("openai"));
    for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        aigw_spend_rule_t *r = &rules[i];
        memset(r, 0, sizeof *r);
        r->limit.state = AIGW_SET;
        r->limit.text = str(STR("12.5"));
        set_enum(&r->limitType, AIGW_LIMIT_COST);
        set_int(&r->window, 3600);
        set_bool(&r->enabled, true);
        set_text(&r->id, STR("rule-1"));
        r->metadata.state = AIGW_SET;
        r->metadata.json = str(STR("{\"by_team\":{\"mode\":\"partition\"},\"m\":{\"mode\":\"filter\",\"values\":[\"a\"]}}"));
        r->model.state = AIGW_SET;
        set_enum(&r->model.mode, AIGW_FILTER_FILTER);
        r->model.values.state = AIGW_SET;
        r->model.values.items = filter_values;
        r->model.values.count = 2;
        r->provider = r->model;
        set_enum(&r->technique, AIGW_RATE_FIXED);
        r->extra.items = rule_meta_extra;
        r->extra.count = 1;
    }
    P.spend_limits.state = AIGW_SET;
    set_bool(&P.spend_limits.enabled, true);
    P.spend_limits.rules.state = AIGW_SET;
    P.spend_limits.rules.items = rules;
    P.spend_limits.rules.count = 2;
#if AIGW_SCHEMA_VERSION >= 20260817
    set_bool(&P.log_classification, true);
#endif
}

/* switch dlp to variant 2 (enabled + policies only) */
static void dlp_v2(void)
{
    P.dlp.action.state = AIGW_ABSENT;
    P.dlp.profiles.state = AIGW_ABSENT;
    P.dlp.policies.state = AIGW_SET;
    P.dlp.policies.items = policies;
    P.dlp.policies.count = 2;
}

/*
 * Validate P; expect rule NULL = success, else AIGW_E_INVALID (or want_err)
 * at path with rule. Prints the case on mismatch.
 */
static int expect_at(int line, aigw_err_t want_err, const char *path, const char *rule)
{
    aigw_diag_t d;
    aigw_err_t e;
    memset(&d, 0x5C, sizeof d); /* garbage: the validator must set what it reports */
    e = aigw_params_validate(&P, &d);
    if (want_err == AIGW_OK) {
        if (e == AIGW_OK && d.err == AIGW_OK && d.path[0] == '\0')
            return 1;
        printf("  line %d: want ok, got %d at \"%s\" rule \"%s\"\n", line, (int)e,
               e != AIGW_OK ? d.path : "", e != AIGW_OK && d.rule ? d.rule : "");
        return 0;
    }
    if (e == want_err && d.err == want_err && strcmp(d.path, path) == 0 && d.rule &&
        strcmp(d.rule, rule) == 0)
        return 1;
    printf("  line %d: want %d at \"%s\" rule \"%s\", got %d at \"%s\" rule \"%s\"\n", line,
           (int)want_err, path, rule, (int)e, e != AIGW_OK ? d.path : "",
           (e != AIGW_OK && d.rule) ? d.rule : "");
    return 0;
}

#define OK() EXPECT(expect_at(__LINE__, AIGW_OK, NULL, NULL))
#define BAD(path, rule) EXPECT(expect_at(__LINE__, AIGW_E_INVALID, path, rule))
#define BAD_ARG(path) EXPECT(expect_at(__LINE__, AIGW_E_ARG, path, "NULL pointer"))

/* ---- tests -------------------------------------------------------------- */

static void test_valid_sets(void)
{
    reset();
    OK();
    dlp_v2();
    OK();
    /* all optional members absent */
    reset();
    memset(&P.authentication, 0, sizeof P - offsetof(aigw_params_t, authentication));
    OK();
    EXPECT(aigw_params_validate(&P, NULL) == AIGW_OK);
    EXPECT(aigw_params_validate(NULL, NULL) == AIGW_E_ARG);
}

static void test_required_top_level(void)
{
    reset(); P.cache_invalidate_on_update.state = AIGW_ABSENT; BAD("cache_invalidate_on_update", "required");
    reset(); P.cache_ttl.state = AIGW_ABSENT; BAD("cache_ttl", "required");
    reset(); P.collect_logs.state = AIGW_ABSENT; BAD("collect_logs", "required");
    reset(); P.rate_limiting_interval.state = AIGW_ABSENT; BAD("rate_limiting_interval", "required");
    reset(); P.rate_limiting_limit.state = AIGW_ABSENT; BAD("rate_limiting_limit", "required");
}

static void test_nullable_top_level(void)
{
    /* the schema's nullable members accept null */
    reset(); P.cache_ttl.state = AIGW_NULL; OK();
    reset(); P.rate_limiting_interval.state = AIGW_NULL; OK();
    reset(); P.rate_limiting_limit.state = AIGW_NULL; OK();
    reset(); P.log_management.state = AIGW_NULL; OK();
    reset(); P.log_management_strategy.state = AIGW_NULL; OK();
    reset(); P.logpush_public_key.state = AIGW_NULL; OK();
    reset(); P.otel.state = AIGW_NULL; OK();
    reset(); P.rate_limiting_technique.state = AIGW_NULL; OK();
    reset(); P.retry_backoff.state = AIGW_NULL; OK();
    reset(); P.retry_delay.state = AIGW_NULL; OK();
    reset(); P.retry_max_attempts.state = AIGW_NULL; OK();
    reset(); P.store_id.state = AIGW_NULL; OK();
    reset(); P.stripe.state = AIGW_NULL; OK();
    /* the others do not */
    reset(); P.cache_invalidate_on_update.state = AIGW_NULL; BAD("cache_invalidate_on_update", "not nullable");
    reset(); P.collect_logs.state = AIGW_NULL; BAD("collect_logs", "not nullable");
    reset(); P.authentication.state = AIGW_NULL; BAD("authentication", "not nullable");
    reset(); P.dlp.state = AIGW_NULL; BAD("dlp", "not nullable");
    reset(); P.logpush.state = AIGW_NULL; BAD("logpush", "not nullable");
    reset(); P.workers_ai_billing_mode.state = AIGW_NULL; BAD("workers_ai_billing_mode", "not nullable");
    reset(); P.zdr.state = AIGW_NULL; BAD("zdr", "not nullable");
}

static void test_nested_required_and_not_nullable(void)
{
    /* dlp variant 1 */
    reset(); P.dlp.action.state = AIGW_NULL; BAD("dlp.action", "not nullable");
    reset(); P.dlp.enabled.state = AIGW_NULL; BAD("dlp.enabled", "not nullable");
    reset(); P.dlp.profiles.state = AIGW_NULL; BAD("dlp.profiles", "not nullable");
    reset(); P.dlp.action.state = AIGW_ABSENT; BAD("dlp.action", "required");
    reset(); P.dlp.profiles.state = AIGW_ABSENT; BAD("dlp.profiles", "required"); /* tie: variant 1 */
    /* dlp variant 2 and its policies */
    reset(); dlp_v2(); P.dlp.enabled.state = AIGW_ABSENT; BAD("dlp.enabled", "required");
    reset(); dlp_v2(); P.dlp.policies.state = AIGW_NULL; BAD("dlp.policies", "not nullable");
    reset(); dlp_v2(); policies[1].id.state = AIGW_ABSENT; BAD("dlp.policies[1].id", "required");
    reset(); dlp_v2(); policies[1].id.state = AIGW_NULL; BAD("dlp.policies[1].id", "not nullable");
    reset(); dlp_v2(); policies[0].action.state = AIGW_ABSENT; BAD("dlp.policies[0].action", "required");
    reset(); dlp_v2(); policies[0].check.state = AIGW_ABSENT; BAD("dlp.policies[0].check", "required");
    reset(); dlp_v2(); policies[0].check.state = AIGW_NULL; BAD("dlp.policies[0].check", "not nullable");
    reset(); dlp_v2(); checks[1].state = AIGW_NULL; BAD("dlp.policies[0].check[1]", "not nullable");
    reset(); dlp_v2(); checks[1].state = AIGW_ABSENT; BAD("dlp.policies[0].check[1]", "required");
    reset(); dlp_v2(); policies[0].enabled.state = AIGW_ABSENT; BAD("dlp.policies[0].enabled", "required");
    reset(); dlp_v2(); policies[0].enabled.state = AIGW_NULL; BAD("dlp.policies[0].enabled", "not nullable");
    reset(); dlp_v2(); policies[0].profiles.state = AIGW_ABSENT; BAD("dlp.policies[0].profiles", "required");
    reset(); dlp_v2(); policies[0].profiles.state = AIGW_NULL; BAD("dlp.policies[0].profiles", "not nullable");
    /* otel items */
#if AIGW_SCHEMA_VERSION < 20260701
    reset(); otel[1].authorization.state = AIGW_ABSENT; BAD("otel[1].authorization", "required");
#else
    reset(); otel[1].authorization.state = AIGW_ABSENT; OK(); /* optional since schema 20260701 */
#endif
    reset(); otel[1].authorization.state = AIGW_NULL; BAD("otel[1].authorization", "not nullable");
    reset(); otel[1].headers.state = AIGW_ABSENT; BAD("otel[1].headers", "required");
    reset(); otel[1].headers.state = AIGW_NULL; BAD("otel[1].headers", "not nullable");
    reset(); otel[0].url.state = AIGW_ABSENT; BAD("otel[0].url", "required");
    reset(); otel[0].url.state = AIGW_NULL; BAD("otel[0].url", "not nullable");
    reset(); otel[0].content_type.state = AIGW_ABSENT; OK();
    reset(); otel[0].content_type.state = AIGW_NULL; BAD("otel[0].content_type", "not nullable");
    reset(); otel[0].headers.count = 0; OK(); /* an empty map is a map */
    /* stripe */
    reset(); P.stripe.authorization.state = AIGW_ABSENT; BAD("stripe.authorization", "required");
    reset(); P.stripe.authorization.state = AIGW_NULL; BAD("stripe.authorization", "not nullable");
    reset(); P.stripe.usage_events.state = AIGW_ABSENT; BAD("stripe.usage_events", "required");
    reset(); P.stripe.usage_events.state = AIGW_NULL; BAD("stripe.usage_events", "not nullable");
    reset(); events[1].payload.state = AIGW_ABSENT; BAD("stripe.usage_events[1].payload", "required");
    reset(); events[1].payload.state = AIGW_NULL; BAD("stripe.usage_events[1].payload", "not nullable");
    reset(); P.stripe.usage_events.count = 0; OK();
}

/* integer member by offset, so one table covers them all */
typedef struct {
    const char *name;
    size_t off;
    int64_t value;
    const char *rule; /* NULL: valid */
} int_case_t;

#define IC(f, v, r) { #f, offsetof(aigw_params_t, f), v, r }
static const int_case_t int_cases[] = {
    IC(cache_ttl, -1, "minimum 0"), IC(cache_ttl, 0, NULL), IC(cache_ttl, INT64_MAX, NULL),
    IC(cache_ttl, INT64_MIN, "minimum 0"),
    IC(rate_limiting_interval, -1, "minimum 0"), IC(rate_limiting_interval, 0, NULL),
    IC(rate_limiting_interval, INT64_MAX, NULL),
    IC(rate_limiting_limit, -1, "minimum 0"), IC(rate_limiting_limit, 0, NULL),
    IC(rate_limiting_limit, INT64_MAX, NULL),
    IC(log_management, 9999, "minimum 10000"), IC(log_management, 10000, NULL),
    IC(log_management, 10000000, NULL), IC(log_management, 10000001, "maximum 10000000"),
    IC(log_management, -1, "minimum 10000"),
    IC(retry_delay, -1, "minimum 0"), IC(retry_delay, 0, NULL), IC(retry_delay, 5000, NULL),
    IC(retry_delay, 5001, "maximum 5000"), IC(retry_delay, 60000, "maximum 5000"),
    IC(retry_max_attempts, 0, "minimum 1"), IC(retry_max_attempts, 1, NULL),
    IC(retry_max_attempts, 5, NULL), IC(retry_max_attempts, 6, "maximum 5"),
};

static void test_integer_ranges(void)
{
    size_t i;
    for (i = 0; i < sizeof int_cases / sizeof int_cases[0]; i++) {
        const int_case_t *c = &int_cases[i];
        reset();
        set_int((aigw_int_t *)(void *)((char *)&P + c->off), c->value);
        if (c->rule)
            EXPECTF(expect_at(__LINE__, AIGW_E_INVALID, c->name, c->rule), "case %u", (unsigned)i);
        else
            EXPECTF(expect_at(__LINE__, AIGW_OK, NULL, NULL), "case %u", (unsigned)i);
    }
}

/* n copies of the UTF-8 character ch into buf */
static size_t rep(char *buf, size_t cap, const char *ch, size_t n)
{
    size_t k = strlen(ch), i, len = 0;
    for (i = 0; i < n && len + k <= cap; i++, len += k)
        memcpy(buf + len, ch, k);
    return len;
}

static char big[20000];

static void test_string_lengths_in_code_points(void)
{
    size_t n;
    static const char *const chars[] = { "k", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80" };
    size_t c;
    for (c = 0; c < 4; c++) {
        /* logpush_public_key 16..1024 */
        reset(); n = rep(big, sizeof big, chars[c], 15); set_text(&P.logpush_public_key, big, n);
        BAD("logpush_public_key", "minLength 16");
        reset(); n = rep(big, sizeof big, chars[c], 16); set_text(&P.logpush_public_key, big, n); OK();
        reset(); n = rep(big, sizeof big, chars[c], 1024); set_text(&P.logpush_public_key, big, n); OK();
        reset(); n = rep(big, sizeof big, chars[c], 1025); set_text(&P.logpush_public_key, big, n);
        BAD("logpush_public_key", "maxLength 1024");
        /* otel authorization maxLength 256 */
        reset(); n = rep(big, sizeof big, chars[c], 256); set_text(&otel[1].authorization, big, n); OK();
        reset(); n = rep(big, sizeof big, chars[c], 257); set_text(&otel[1].authorization, big, n);
        BAD("otel[1].authorization", "maxLength 256");
        /* header values maxLength 4096 */
        {
            reset(); n = rep(big, sizeof big, chars[c], 4096); headers[1].value = str(big, n); OK();
            reset(); n = rep(big, sizeof big, chars[c], 4097); headers[1].value = str(big, n);
            BAD("otel[0].headers.x-b", "maxLength 4096");
        }
        /* gateway id 1..64 */
        n = rep(big, sizeof big, chars[c], 64);
        EXPECT(aigw_id_validate(big, n, NULL) == AIGW_OK);
        n = rep(big, sizeof big, chars[c], 65);
        {
            aigw_diag_t d;
            memset(&d, 0, sizeof d);
            EXPECT(aigw_id_validate(big, n, &d) == AIGW_E_INVALID);
            EXPECT(strcmp(d.path, "id") == 0 && d.rule && strcmp(d.rule, "maxLength 64") == 0);
        }
        EXPECT(aigw_id_validate(chars[c], strlen(chars[c]), NULL) == AIGW_OK);
    }
    /* empty strings where the schema sets no minimum are fine */
    reset(); set_text(&P.store_id, "", 0); OK();
    reset(); set_text(&otel[0].authorization, NULL, 0); OK();
    /* url maxLength 2048 with a valid URI */
    reset(); memcpy(big, "https://h/", 10); memset(big + 10, 'a', 2038);
    set_text(&otel[0].url, big, 2048); OK();
    reset(); memset(big + 10, 'a', 2039); set_text(&otel[0].url, big, 2049);
    BAD("otel[0].url", "maxLength 2048");
}

static void test_gateway_id(void)
{
    aigw_diag_t d;
    memset(&d, 0, sizeof d);
    EXPECT(aigw_id_validate("", 0, &d) == AIGW_E_INVALID);
    EXPECT(strcmp(d.path, "id") == 0 && d.rule && strcmp(d.rule, "minLength 1") == 0);
    EXPECT(aigw_id_validate(NULL, 0, NULL) == AIGW_E_INVALID);
    EXPECT(aigw_id_validate(NULL, 3, NULL) == AIGW_E_ARG);
    EXPECT(aigw_id_validate("a", 1, &d) == AIGW_OK && d.err == AIGW_OK && d.path[0] == 0);
    EXPECT(aigw_id_validate("my-gateway", 10, NULL) == AIGW_OK);
    memset(&d, 0, sizeof d);
    EXPECT(aigw_id_validate("gw\xed\xa0\x80", 5, &d) == AIGW_E_INVALID);
    EXPECT(strcmp(d.path, "id") == 0 && d.rule && strcmp(d.rule, "utf8") == 0);
}

static void test_otel_max_items(void)
{
    reset(); P.otel.count = 0; OK();
    reset(); P.otel.count = 5; OK();
    reset(); P.otel.count = 6; BAD("otel", "maxItems 5");
    reset(); P.otel.count = 5; otel[4].url.state = AIGW_ABSENT; BAD("otel[4].url", "required");
}

/* every enum member with a bad value: unknown number, OTHER, OTHER empty */
static void bad_enum(aigw_enum_t *e, const char *path)
{
    aigw_enum_t keep = *e;
    e->value = 99;
    EXPECTF(expect_at(__LINE__, AIGW_E_INVALID, path, "enum"), "%s = 99", path);
    e->value = -1;
    EXPECTF(expect_at(__LINE__, AIGW_E_INVALID, path, "enum"), "%s = -1", path);
    e->value = AIGW_ENUM_OTHER;
    e->raw = str(STR("BLOCKED"));
    EXPECTF(expect_at(__LINE__, AIGW_E_INVALID, path, "enum"), "%s other", path);
    e->raw = str(NULL, 0);
    EXPECTF(expect_at(__LINE__, AIGW_E_INVALID, path, "enum"), "%s other empty", path);
    *e = keep;
}

/* every valid value of an enum member passes */
static void good_enum(aigw_enum_t *e, aigw_enum_kind_t kind)
{
    aigw_enum_t keep = *e;
    int v;
    for (v = 1; aigw_enum_name(kind, v); v++) {
        e->value = v;
#if AIGW_SCHEMA_VERSION < 20260817
        if (kind == AIGW_EK_BILLING && v == AIGW_BILLING_UNIFIED) { /* a later schema's (test_validate_changes_only) */
            EXPECTF(aigw_params_validate(&P, NULL) == AIGW_E_INVALID, "value %d", v);
            continue;
        }
#endif
        EXPECTF(expect_at(__LINE__, AIGW_OK, NULL, NULL), "value %d", v);
    }
    EXPECT(v > 1);
    *e = keep;
}

static void test_every_enum(void)
{
    reset();
    bad_enum(&P.log_management_strategy, "log_management_strategy");
    good_enum(&P.log_management_strategy, AIGW_EK_LOG_STRATEGY);
    bad_enum(&P.rate_limiting_technique, "rate_limiting_technique");
    good_enum(&P.rate_limiting_technique, AIGW_EK_RATE_TECHNIQUE);
    bad_enum(&P.retry_backoff, "retry_backoff");
    good_enum(&P.retry_backoff, AIGW_EK_BACKOFF);
    bad_enum(&P.workers_ai_billing_mode, "workers_ai_billing_mode");
    good_enum(&P.workers_ai_billing_mode, AIGW_EK_BILLING);
    bad_enum(&P.dlp.action, "dlp.action");
    good_enum(&P.dlp.action, AIGW_EK_ACTION);
    bad_enum(&otel[1].content_type, "otel[1].content_type");
    good_enum(&otel[1].content_type, AIGW_EK_CONTENT_TYPE);
    dlp_v2();
    bad_enum(&policies[1].action, "dlp.policies[1].action");
    good_enum(&policies[1].action, AIGW_EK_ACTION);
    bad_enum(&checks[1], "dlp.policies[0].check[1]");
    good_enum(&checks[1], AIGW_EK_CHECK);
    /* the enums are not interchangeable: "json" is no check value */
    checks[0].value = 3;
    BAD("dlp.policies[0].check[0]", "enum");
}

static void test_utf8_in_every_string(void)
{
    static const char bad[] = "ok\xed\xa0\x80"; /* a surrogate */
    const size_t n = sizeof bad - 1;
    reset(); set_text(&P.store_id, bad, n); BAD("store_id", "utf8");
    reset(); memcpy(big, "0123456789abcdef", 16); big[16] = (char)0xC0; big[17] = (char)0x80;
    set_text(&P.logpush_public_key, big, 18); BAD("logpush_public_key", "utf8");
    reset(); set_text(&otel[1].authorization, bad, n); BAD("otel[1].authorization", "utf8");
    reset(); set_text(&otel[0].url, "https://h/\xf4\x90\x80\x80", 14); BAD("otel[0].url", "utf8");
    reset(); headers[1].name = str("x-\xff", 3); BAD("otel[0].headers.x-?", "utf8");
    reset(); headers[1].name = str(STR("x-a")); BAD("otel[0].headers.x-a", "unique names");
    reset(); headers[1].value = str(bad, n); BAD("otel[0].headers.x-b", "utf8");
    reset(); dlp_profiles[1] = str(bad, n); BAD("dlp.profiles[1]", "utf8");
    reset(); set_text(&P.stripe.authorization, bad, n); BAD("stripe.authorization", "utf8");
    reset(); set_text(&events[0].payload, "\xe2\x82", 2); BAD("stripe.usage_events[0].payload", "utf8");
    reset(); dlp_v2(); set_text(&policies[1].id, bad, n); BAD("dlp.policies[1].id", "utf8");
    reset(); dlp_v2(); pol_profiles[1] = str(bad, n); BAD("dlp.policies[0].profiles[1]", "utf8");
    /* valid multi-byte text everywhere is fine */
    reset(); set_text(&P.store_id, "\xe5\xba\x97\xf0\x9f\x8f\xaa", 7);
    headers[0].name = str("\xc3\xbc", 2); headers[0].value = str("\xe2\x82\xac", 3); OK();
}

static void test_dlp_any_of(void)
{
    /* variant 1 holds: a broken policies member does not matter */
    reset(); P.dlp.policies.state = AIGW_SET; P.dlp.policies.items = policies;
    P.dlp.policies.count = 1; policies[0].action.value = 99; OK();
    /* variant 2 holds: a broken action does not matter */
    reset(); dlp_v2(); set_enum(&P.dlp.action, 99); OK();
    reset(); dlp_v2(); P.dlp.profiles.state = AIGW_NULL; OK();
    /* only enabled: variant 2 is closer (one member missing, not two) */
    reset(); P.dlp.action.state = AIGW_ABSENT; P.dlp.profiles.state = AIGW_ABSENT;
    BAD("dlp.policies", "required");
    /* nothing at all */
    reset(); memset(&P.dlp, 0, sizeof P.dlp); P.dlp.state = AIGW_SET; BAD("dlp.enabled", "required");
    /* variant 2 shape, deep error */
    reset(); dlp_v2(); checks[1].value = 7; BAD("dlp.policies[0].check[1]", "enum");
    reset(); dlp_v2(); policies[1].profiles.count = 1; pol_profiles[0] = str("\xc3", 1);
    BAD("dlp.policies[0].profiles[0]", "utf8");
    /* variant 1 shape, deep error */
    reset(); dlp_profiles[1] = str("\x80", 1); BAD("dlp.profiles[1]", "utf8");
    /* both shapes present and both broken: a tie goes to variant 1 */
    reset(); P.dlp.policies.state = AIGW_SET; P.dlp.policies.items = policies;
    P.dlp.policies.count = 1; policies[0].id.state = AIGW_ABSENT; P.dlp.action.value = 99;
    BAD("dlp.action", "enum");
    /* enabled missing with both shapes: tie, variant 1 */
    reset(); dlp_v2(); set_enum(&P.dlp.action, AIGW_ACTION_FLAG); P.dlp.profiles.state = AIGW_SET;
    P.dlp.enabled.state = AIGW_ABSENT; BAD("dlp.enabled", "required");
    /* empty arrays are arrays */
    reset(); P.dlp.profiles.count = 0; OK();
    reset(); dlp_v2(); P.dlp.policies.count = 0; OK();
    reset(); dlp_v2(); policies[0].check.count = 0; policies[0].profiles.count = 0; OK();
}

static void test_compile_time_maxima(void)
{
    reset(); P.dlp.profiles.count = AIGW_MAX_DLP_PROFILES; OK();
    reset(); P.dlp.profiles.count = AIGW_MAX_DLP_PROFILES + 1;
    BAD("dlp.profiles", "AIGW_MAX_DLP_PROFILES 64");
    reset(); dlp_v2(); P.dlp.policies.count = AIGW_MAX_DLP_POLICIES; OK();
    reset(); dlp_v2(); P.dlp.policies.count = AIGW_MAX_DLP_POLICIES + 1;
    BAD("dlp.policies", "AIGW_MAX_DLP_POLICIES 32");
    reset(); dlp_v2(); policies[0].check.count = AIGW_MAX_DLP_CHECKS; OK();
    reset(); dlp_v2(); policies[0].check.count = AIGW_MAX_DLP_CHECKS + 1;
    BAD("dlp.policies[0].check", "AIGW_MAX_DLP_CHECKS 8");
    reset(); dlp_v2(); policies[1].profiles.items = dlp_profiles;
    policies[1].profiles.count = AIGW_MAX_DLP_PROFILES + 1;
    BAD("dlp.policies[1].profiles", "AIGW_MAX_DLP_PROFILES 64");
    reset(); otel[0].headers.count = AIGW_MAX_OTEL_HEADERS; OK();
    reset(); otel[0].headers.count = AIGW_MAX_OTEL_HEADERS + 1;
    BAD("otel[0].headers", "AIGW_MAX_OTEL_HEADERS 32");
    reset(); P.stripe.usage_events.count = AIGW_MAX_USAGE_EVENTS; OK();
    reset(); P.stripe.usage_events.count = AIGW_MAX_USAGE_EVENTS + 1;
    BAD("stripe.usage_events", "AIGW_MAX_USAGE_EVENTS 64");
}

static void test_bad_states_and_null_pointers(void)
{
    reset(); P.zdr.state = (aigw_state_t)3; BAD("zdr", "type");
    reset(); P.otel.state = (aigw_state_t)9; BAD("otel", "type");
    reset(); P.stripe.state = (aigw_state_t)-1; BAD("stripe", "type");
    reset(); dlp_v2(); checks[1].state = (aigw_state_t)5; BAD("dlp.policies[0].check[1]", "type");
    reset(); P.otel.items = NULL; BAD_ARG("otel");
    reset(); P.otel.items = NULL; P.otel.count = 0; OK();
    reset(); headers[1].value = str(NULL, 4); BAD_ARG("otel[0].headers.x-b");
    reset(); set_text(&P.store_id, NULL, 1); BAD_ARG("store_id");
    reset(); P.stripe.usage_events.items = NULL; BAD_ARG("stripe.usage_events");
    /* the encoder writes a bad state nowhere either */
    {
        char buf[64];
        size_t n;
        reset(); P.zdr.state = (aigw_state_t)3;
        EXPECT(aigw_params_to_json(&P, buf, sizeof buf, &n, NULL) == AIGW_E_INVALID);
    }
}

typedef struct { const char *s; int ok; } uri_case_t;
static const uri_case_t uri_cases[] = {
    { "https://example.com", 1 }, { "http://localhost:4318/v1/traces", 1 },
    { "https://user:pw@host:8080/p?q=1#f", 1 }, { "http://[::1]:4318/x", 1 },
    { "http://[2001:db8::7]/", 1 }, { "http://[::ffff:192.0.2.1]/", 1 },
    { "http://[1:2:3:4:5:6:7:8]", 1 }, { "http://[1:2:3:4:5:6:7::]", 1 },
    { "http://[::]", 1 }, { "http://[v1.fe:80]/", 1 }, { "urn:isbn:0451450523", 1 },
    { "mailto:a@b.example", 1 }, { "file:///etc/hosts", 1 }, { "a:b", 1 }, { "x+y-z.w:/p", 1 },
    { "http://h/%41%7e%7E", 1 }, { "http://h?", 1 }, { "http://h#", 1 },
    { "http://h/?a=b/c?d", 1 }, { "HTTPS://EXAMPLE.COM", 1 }, { "a:/[::1]/x", 1 },
    { "http://h:/", 1 }, { "http://[::1.2.3.4]", 1 }, { "http://[1:2:3:4:5:6:001.2.3.4]", 1 },
    { "tag:ex.com,2024:x'y(z)*!$&;=", 1 }, { "http://u@v@h", 1 }, { "http://h:port", 1 },
    { "", 0 }, { "url", 0 }, { "//host/path", 0 }, { "1http://h", 0 }, { "ht tp://h", 0 },
    { "http://h /", 0 }, { "http://h/\x7f", 0 }, { "http://h/\xc3\xa9", 0 }, { "http://h/%4", 0 },
    { "http://h/%zz", 0 }, { "urn:", 0 }, { "a:?q", 0 }, { "a:#f", 0 }, { "http://[::1", 0 },
    { "http://[:::1]", 0 }, { "http://[1::2::3]", 0 }, { "http://[1:2:3:4:5:6:7:8:9]", 0 },
    { "http://[1.2.3.4]", 0 }, { "http://[::1]x", 0 }, { "http://[::256.1.1.1]", 0 },
    { "http://h/<>", 0 }, { "http://h/a\"b", 0 }, { "http://h/a{b}", 0 }, { "http://h/a|b", 0 },
    { "http://h/a\\b", 0 }, { "http://h/a^b", 0 }, { "http://h/a`b", 0 }, { "-a:b", 0 },
    { "a_b:c", 0 }, { "http://h#a#b", 0 }, { "http://[v1.]", 0 }, { "http://[vx.a]", 0 },
    { "http://[::1%25eth0]", 0 }, { "http://[1:2:3:4:5:6:7]", 0 }, { "http://[12345::]", 0 },
    { "http://[::1]:8a", 0 }, { "http://h/\t", 0 }, { "http:\n//h", 0 }, { ":", 0 },
};

static void test_format_uri(void)
{
    size_t i;
    for (i = 0; i < sizeof uri_cases / sizeof uri_cases[0]; i++) {
        reset();
        set_text(&otel[1].url, uri_cases[i].s, strlen(uri_cases[i].s));
        if (uri_cases[i].ok)
            EXPECTF(expect_at(__LINE__, AIGW_OK, NULL, NULL), "\"%s\" accepted", uri_cases[i].s);
        else
            EXPECTF(expect_at(__LINE__, AIGW_E_INVALID, "otel[1].url", "format uri"),
                    "\"%s\" refused", uri_cases[i].s);
    }
}

static void test_diag_null_and_order(void)
{
    /* with two faults, the first in member order is reported */
    reset();
    set_int(&P.retry_delay, -5);
    set_int(&P.cache_ttl, -5);
    BAD("cache_ttl", "minimum 0");
    EXPECT(aigw_params_validate(&P, NULL) == AIGW_E_INVALID);
    /* extras are not checked: they are raw JSON for read-modify-write */
    {
        static const aigw_member_t extra[] = { { { "\xff", 1 }, { "not json", 8 } } };
        reset();
        P.extra.items = extra;
        P.extra.count = 1;
        OK();
    }
}

/* Read-modify-write: only what the caller changed is judged. */
static void test_validate_changes_only(void)
{
    static aigw_otel_t live_otel[1], changed_otel[1];
    static const aigw_member_t unknown[] = { { { "timeout_ms", 10 }, { "500", 3 } } };
    aigw_params_t base;
    aigw_diag_t d;
    reset();
    /* a value of a later schema than the one this build enforces (AIGW_SCHEMA_VERSION) */
    set_enum(&P.workers_ai_billing_mode, AIGW_BILLING_UNIFIED);
#if AIGW_SCHEMA_VERSION < 20260817
    EXPECT(aigw_params_validate(&P, &d) == AIGW_E_INVALID && !strcmp(d.path, "workers_ai_billing_mode") &&
           d.rule && strstr(d.rule, "AIGW_SCHEMA_VERSION"));
#else
    EXPECT(aigw_params_validate(&P, &d) == AIGW_OK);
#endif
    /* what the live API holds and accepts: otel without authorization,
     * "unified" billing, "dlp": null (all refused by the published schema) */
    live_otel[0] = otel[0];
    live_otel[0].authorization.state = AIGW_ABSENT;
    P.otel.items = live_otel;
    P.otel.count = 1;
    P.workers_ai_billing_mode.state = AIGW_SET;
    P.workers_ai_billing_mode.value = AIGW_BILLING_UNIFIED;
    P.workers_ai_billing_mode.raw = str(STR("unified"));
    P.dlp.state = AIGW_NULL;
    base = P;
    EXPECT(aigw_params_validate(&P, &d) == AIGW_E_INVALID && !strcmp(d.path, "dlp"));
    EXPECT(aigw_params_validate_changes(&P, &base, &d) == AIGW_OK);
    EXPECT(aigw_params_validate_changes(&P, NULL, &d) == AIGW_E_INVALID);
    /* a changed member is judged: fine, then broken */
    set_int(&P.cache_ttl, 5);
    EXPECT(aigw_params_validate_changes(&P, &base, &d) == AIGW_OK);
    set_int(&P.cache_ttl, -1);
    EXPECT(aigw_params_validate_changes(&P, &base, &d) == AIGW_E_INVALID && !strcmp(d.path, "cache_ttl"));
    set_int(&P.cache_ttl, 300);
    /* a change inside otel has otel judged whole, as the server will */
    changed_otel[0] = live_otel[0];
    set_text(&changed_otel[0].url, STR("https://new.example/v1"));
    P.otel.items = changed_otel;
#if AIGW_SCHEMA_VERSION < 20260701
    EXPECT(aigw_params_validate_changes(&P, &base, &d) == AIGW_E_INVALID &&
           !strcmp(d.path, "otel[0].authorization") && d.rule && !strcmp(d.rule, "required"));
#else /* authorization is optional since 20260701: break the changed item another way */
    set_text(&changed_otel[0].url, STR("not a uri"));
    EXPECT(aigw_params_validate_changes(&P, &base, &d) == AIGW_E_INVALID &&
           !strcmp(d.path, "otel[0].url") && d.rule && !strcmp(d.rule, "format uri"));
#endif
    /* the same values in other memory are not a change */
    changed_otel[0] = live_otel[0];
    EXPECT(aigw_params_validate_changes(&P, &base, &d) == AIGW_OK);
    /* an unknown member added is a change */
    changed_otel[0].extra.items = unknown;
    changed_otel[0].extra.count = 1;
#if AIGW_SCHEMA_VERSION < 20260701
    EXPECT(aigw_params_validate_changes(&P, &base, &d) == AIGW_E_INVALID && !strcmp(d.path, "otel[0].authorization"));
#else /* judged, and valid under this version */
    EXPECT(aigw_params_validate_changes(&P, &base, &d) == AIGW_OK);
    EXPECT(aigw_params_validate(&P, &d) == AIGW_E_INVALID && !strcmp(d.path, "dlp"));
#endif
    changed_otel[0].extra.count = 0;
    /* so is a state: null where the server sent a value */
    P.workers_ai_billing_mode.state = AIGW_NULL;
    EXPECT(aigw_params_validate_changes(&P, &base, &d) == AIGW_E_INVALID &&
           !strcmp(d.path, "workers_ai_billing_mode"));
}


/* ---- members of later schemas (guardrails, spend_limits, log_classification) ---- */

/* Per build: valid in the schema it enforces, else refused by name. */
static void test_later_members_by_version(void)
{
    aigw_params_t base;
    aigw_diag_t d;
    reset();
    OK();
    /* each member given alone, SET and null */
    reset(); set_later_members();
#if AIGW_SCHEMA_VERSION >= 20260701
    OK();
#else
    BAD("guardrails", LATER_RULE);
    P.guardrails.state = AIGW_NULL; BAD("guardrails", LATER_RULE);
    P.guardrails.state = AIGW_ABSENT; BAD("spend_limits", LATER_RULE);
    P.spend_limits.state = AIGW_NULL; BAD("spend_limits", LATER_RULE);
    P.spend_limits.state = AIGW_ABSENT; OK();
    /* a later member the server sent and the caller left alone is not judged */
    set_later_members();
    base = P;
    EXPECT(aigw_params_validate_changes(&P, &base, &d) == AIGW_OK);
    {   /* a rule changed (in other memory than the GET's): judged, and refused */
        static aigw_spend_rule_t changed[2];
        memcpy(changed, rules, sizeof changed);
        changed[1].window.value = 60;
        P.spend_limits.rules.items = changed;
    }
    EXPECT(aigw_params_validate_changes(&P, &base, &d) == AIGW_E_INVALID && !strcmp(d.path, "spend_limits") &&
           d.rule && !strcmp(d.rule, LATER_RULE));
#endif
    reset();
    set_bool(&P.log_classification, false);
#if AIGW_SCHEMA_VERSION >= 20260817
    OK();
    P.log_classification.state = AIGW_NULL; BAD("log_classification", "not nullable");
#else
    BAD("log_classification", LATER_RULE);
    P.log_classification.state = AIGW_NULL; BAD("log_classification", LATER_RULE);
    /* unchanged from the GET: the server's business */
    P.log_classification.state = AIGW_SET;
    base = P;
    EXPECT(aigw_params_validate_changes(&P, &base, &d) == AIGW_OK);
    P.log_classification.value = true;
    EXPECT(aigw_params_validate_changes(&P, &base, &d) == AIGW_E_INVALID && !strcmp(d.path, "log_classification") &&
           d.rule && !strcmp(d.rule, LATER_RULE));
#endif
    (void)base;
    (void)d;
}

#if AIGW_SCHEMA_VERSION >= 20260701
static void test_guardrails(void)
{
    reset(); P.guardrails.state = AIGW_NULL; OK(); /* nullable */
    reset(); P.guardrails.prompt.state = AIGW_ABSENT; BAD("guardrails.prompt", "required");
    reset(); P.guardrails.response.state = AIGW_ABSENT; BAD("guardrails.response", "required");
    reset(); P.guardrails.prompt.state = AIGW_ABSENT; P.guardrails.response.state = AIGW_ABSENT;
    BAD("guardrails.prompt", "required");
    reset(); P.guardrails.prompt.state = AIGW_NULL; BAD("guardrails.prompt", "not nullable");
    reset(); P.guardrails.response.state = AIGW_NULL; BAD("guardrails.response", "not nullable");
    reset(); memset(&P.guardrails.prompt, 0, sizeof P.guardrails.prompt);
    P.guardrails.prompt.state = AIGW_SET; OK(); /* {} */
    reset(); P.guardrails.prompt.S5.state = AIGW_NULL; BAD("guardrails.prompt.S5", "not nullable");
    reset(); set_enum(&P.guardrails.response.S9, AIGW_ACTION_FLAG); OK();
    bad_enum(&P.guardrails.prompt.P1, "guardrails.prompt.P1");
    good_enum(&P.guardrails.prompt.P1, AIGW_EK_ACTION);
    bad_enum(&P.guardrails.response.S9, "guardrails.response.S9");
    good_enum(&P.guardrails.response.S13, AIGW_EK_ACTION);
    /* every member of both objects, each value */
    reset();
    {
        aigw_enum_t *m[] = { &P.guardrails.prompt.P1, &P.guardrails.prompt.S1, &P.guardrails.prompt.S2,
                             &P.guardrails.prompt.S3, &P.guardrails.prompt.S4, &P.guardrails.prompt.S5,
                             &P.guardrails.prompt.S6, &P.guardrails.prompt.S7, &P.guardrails.prompt.S8,
                             &P.guardrails.prompt.S9, &P.guardrails.prompt.S10, &P.guardrails.prompt.S11,
                             &P.guardrails.prompt.S12, &P.guardrails.prompt.S13 };
        size_t i;
        for (i = 0; i < sizeof m / sizeof m[0]; i++)
            set_enum(m[i], (i % 2) ? AIGW_ACTION_BLOCK : AIGW_ACTION_FLAG);
        P.guardrails.response = P.guardrails.prompt;
        OK();
        /* the check enum is another enumeration */
        P.guardrails.response.S3.value = 3;
        BAD("guardrails.response.S3", "enum");
    }
    /* unmodelled members of guardrails are the server's business */
    {
        static const aigw_member_t x[] = { { { "enabled", 7 }, { "true", 4 } } };
        reset(); P.guardrails.extra.items = x; P.guardrails.extra.count = 1; OK();
        reset(); P.guardrails.prompt.extra.items = x; P.guardrails.prompt.extra.count = 1; OK();
    }
}

typedef struct { const char *text; const char *rule; } num_case_t;
static const num_case_t num_cases[] = {
    { "0.5", NULL }, { "12", NULL }, { "1e3", NULL }, { "1E-3", NULL }, { "1e-3", NULL },
    { "0.000001", NULL }, { "3.25e+2", NULL }, { "1.0", NULL }, { "0.1e1", NULL },
    { "123456789012345678901234567890", NULL },
    { "-1", "exclusiveMinimum 0" }, { "0", "exclusiveMinimum 0" }, { "0.0", "exclusiveMinimum 0" },
    { "-0", "exclusiveMinimum 0" }, { "-0.5", "exclusiveMinimum 0" }, { "0e5", "exclusiveMinimum 0" },
    { "0.000e-3", "exclusiveMinimum 0" }, { "-1e3", "exclusiveMinimum 0" },
    { "abc", "type" }, { "true", "type" }, { "false", "type" }, { "null", "type" }, { "", "type" },
    { " 1", "type" }, { "1 ", "type" }, { "01", "type" }, { "1.", "type" }, { ".5", "type" },
    { "+1", "type" }, { "1e", "type" }, { "1e+", "type" }, { "NaN", "type" }, { "Infinity", "type" },
    { "0x10", "type" }, { "1,2", "type" }, { "\"1\"", "type" }, { "[1]", "type" }, { "{}", "type" },
    { "1}", "type" }, { "1},\"collect_logs\":false,\"x\":{", "type" }, { "1,\"zdr\":true", "type" },
    { "1\n", "type" },
};

static void test_spend_limits_numbers(void)
{
    size_t i;
    for (i = 0; i < sizeof num_cases / sizeof num_cases[0]; i++) {
        const num_case_t *c = &num_cases[i];
        reset();
        rules[1].limit.text = str(c->text, strlen(c->text));
        if (c->rule)
            EXPECTF(expect_at(__LINE__, AIGW_E_INVALID, "spend_limits.rules[1].limit", c->rule), "\"%s\"", c->text);
        else
            EXPECTF(expect_at(__LINE__, AIGW_OK, NULL, NULL), "\"%s\"", c->text);
    }
    /* an embedded NUL: "1\0" is two bytes */
    reset(); rules[1].limit.text = str("1\0", 2); BAD("spend_limits.rules[1].limit", "type");
    reset(); rules[1].limit.text = str(NULL, 0); BAD_ARG("spend_limits.rules[1].limit");
    reset(); rules[1].limit.state = AIGW_NULL; BAD("spend_limits.rules[1].limit", "not nullable");
    reset(); rules[1].limit.state = AIGW_ABSENT; BAD("spend_limits.rules[1].limit", "required");
}

typedef struct { const char *text; const char *rule; } json_case_t;
static const json_case_t json_cases[] = {
    /* valid: objects of {"mode":"partition"} | {"mode":"filter","values":[strings]} (other members allowed) */
    { "{}", NULL }, { "{\"a\":{\"mode\":\"partition\"}}", NULL },
    { "{\"a\":{\"mode\":\"filter\",\"values\":[\"x\",\"y\"],\"w\":[1,2.5e3,true,null]}}", NULL },
    { "{ \"a\" : { \"mode\" : \"filter\" , \"values\" : [ ] } }", NULL }, { "{}\n", "whitespace around the value" }, { " \t{}", "whitespace around the value" },
    { "{\"caf\xc3\xa9\":{\"mode\":\"partition\",\"n\":\"\\u00e9\"}}", NULL },
    { "[]", "type" }, { "1", "type" }, { "\"s\"", "type" }, { "null", "type" }, { "true", "type" },
    { "", "incomplete value" }, { "{", "expected a member name" }, { "{\"a\":1", "incomplete value" },
    { "{\"a\":1},\"collect_logs\":false,\"b\":{", "text after the value" },
    { "{\"a\":1}}", "text after the value" }, { "{}{}", "text after the value" },
    { "{\"a\" 1}", "expected ':'" }, { "{a:1}", "expected a member name" }, { "{\"a\":}", "expected a value" },
    { "{\"a\":1,}", "expected a member name" }, { "{\"a\":1 \"b\":2}", "expected ',' or a closing bracket" },
    { "{\"a\":\"x}", "unterminated string" },
};

static void test_spend_limits_metadata(void)
{
    size_t i;
    for (i = 0; i < sizeof json_cases / sizeof json_cases[0]; i++) {
        const json_case_t *c = &json_cases[i];
        reset();
        rules[0].metadata.json = str(c->text, strlen(c->text));
        if (c->rule)
            EXPECTF(expect_at(__LINE__, AIGW_E_INVALID, "spend_limits.rules[0].metadata", c->rule), "'%s'", c->text);
        else
            EXPECTF(expect_at(__LINE__, AIGW_OK, NULL, NULL), "'%s'", c->text);
    }
    reset(); rules[0].metadata.json = str("{\"a\":\"\xff\"}", 8);
    BAD("spend_limits.rules[0].metadata", "invalid UTF-8");
    reset(); rules[0].metadata.json = str(NULL, 0); BAD_ARG("spend_limits.rules[0].metadata");
    reset(); rules[0].metadata.state = AIGW_NULL; BAD("spend_limits.rules[0].metadata", "not nullable");
    reset(); rules[0].metadata.state = AIGW_ABSENT; OK();
}

static void test_spend_limits_rules(void)
{
    /* nullable object; its members are optional, not nullable */
    reset(); P.spend_limits.state = AIGW_NULL; OK();
    reset(); memset(&P.spend_limits, 0, sizeof P.spend_limits); P.spend_limits.state = AIGW_SET; OK();
    reset(); P.spend_limits.enabled.state = AIGW_NULL; BAD("spend_limits.enabled", "not nullable");
    reset(); P.spend_limits.rules.state = AIGW_NULL; BAD("spend_limits.rules", "not nullable");
    reset(); P.spend_limits.rules.count = 0; OK();
    /* maxItems 20 (AIGW_MAX_SPEND_RULES is 20 by default: the schema's rule comes first) */
    reset(); P.spend_limits.rules.count = 20; OK();
    reset(); P.spend_limits.rules.count = 21; BAD("spend_limits.rules", "maxItems 20");
    reset(); P.spend_limits.rules.items = NULL; BAD_ARG("spend_limits.rules");
    /* required members of a rule */
    reset(); rules[1].limitType.state = AIGW_ABSENT; BAD("spend_limits.rules[1].limitType", "required");
    reset(); rules[1].window.state = AIGW_ABSENT; BAD("spend_limits.rules[1].window", "required");
    reset(); rules[0].window.state = AIGW_NULL; BAD("spend_limits.rules[0].window", "not nullable");
    /* the others optional */
    reset(); rules[0].enabled.state = AIGW_ABSENT; rules[0].id.state = AIGW_ABSENT;
    rules[0].metadata.state = AIGW_ABSENT; rules[0].model.state = AIGW_ABSENT;
    rules[0].provider.state = AIGW_ABSENT; rules[0].technique.state = AIGW_ABSENT; OK();
    /* window: integer, exclusiveMinimum 0 */
    reset(); set_int(&rules[1].window, 0); BAD("spend_limits.rules[1].window", "exclusiveMinimum 0");
    reset(); set_int(&rules[1].window, -1); BAD("spend_limits.rules[1].window", "exclusiveMinimum 0");
    reset(); set_int(&rules[1].window, INT64_MIN); BAD("spend_limits.rules[1].window", "exclusiveMinimum 0");
    reset(); set_int(&rules[1].window, 1); OK();
    reset(); set_int(&rules[1].window, INT64_MAX); OK();
    /* id: minLength 1, in code points */
    reset(); set_text(&rules[1].id, "", 0); BAD("spend_limits.rules[1].id", "minLength 1");
    reset(); set_text(&rules[1].id, NULL, 0); BAD("spend_limits.rules[1].id", "minLength 1");
    reset(); set_text(&rules[1].id, "x", 1); OK();
    reset(); set_text(&rules[1].id, "\xc3\xa9", 2); OK();
    reset(); set_text(&rules[1].id, "\xc3", 1); BAD("spend_limits.rules[1].id", "utf8");
    reset(); rules[1].id.state = AIGW_NULL; BAD("spend_limits.rules[1].id", "not nullable");
    /* enums */
    reset();
    bad_enum(&rules[1].limitType, "spend_limits.rules[1].limitType");
    good_enum(&rules[1].limitType, AIGW_EK_LIMIT_TYPE);
    bad_enum(&rules[0].technique, "spend_limits.rules[0].technique");
    good_enum(&rules[0].technique, AIGW_EK_RATE_TECHNIQUE);
    bad_enum(&rules[0].model.mode, "spend_limits.rules[0].model.mode");
    good_enum(&rules[0].provider.mode, AIGW_EK_FILTER_MODE);
    /* model / provider filters */
    reset(); rules[0].model.mode.state = AIGW_ABSENT; BAD("spend_limits.rules[0].model.mode", "required");
    reset(); rules[0].provider.values.state = AIGW_ABSENT; BAD("spend_limits.rules[0].provider.values", "required");
    reset(); rules[0].model.values.state = AIGW_NULL; BAD("spend_limits.rules[0].model.values", "not nullable");
    reset(); rules[0].model.state = AIGW_NULL; BAD("spend_limits.rules[0].model", "not nullable");
    reset(); rules[0].model.values.count = 0; OK();
    reset(); rules[0].model.values.count = AIGW_MAX_LIST_ITEMS; OK();
    reset(); rules[0].model.values.count = AIGW_MAX_LIST_ITEMS + 1;
    BAD("spend_limits.rules[0].model.values", "AIGW_MAX_LIST_ITEMS " VSTR(AIGW_MAX_LIST_ITEMS));
    reset(); filter_values[1] = str("\xed\xa0\x80", 3); BAD("spend_limits.rules[0].model.values[1]", "utf8");
    /* the first broken rule in the encoder's order: limit before window, rule 0 before rule 1 */
    reset(); set_int(&rules[0].window, 0); rules[0].limit.text = str(STR("0"));
    set_int(&rules[1].window, 0);
    BAD("spend_limits.rules[0].limit", "exclusiveMinimum 0");
}
#endif

int main(void)
{
    RUN(test_validate_changes_only);
    RUN(test_valid_sets);
    RUN(test_required_top_level);
    RUN(test_nullable_top_level);
    RUN(test_nested_required_and_not_nullable);
    RUN(test_integer_ranges);
    RUN(test_string_lengths_in_code_points);
    RUN(test_gateway_id);
    RUN(test_otel_max_items);
    RUN(test_every_enum);
    RUN(test_utf8_in_every_string);
    RUN(test_dlp_any_of);
    RUN(test_compile_time_maxima);
    RUN(test_bad_states_and_null_pointers);
    RUN(test_format_uri);
    RUN(test_diag_null_and_order);
    RUN(test_later_members_by_version);
#if AIGW_SCHEMA_VERSION >= 20260701
    RUN(test_guardrails);
    RUN(test_spend_limits_numbers);
    RUN(test_spend_limits_metadata);
    RUN(test_spend_limits_rules);
#endif
    printf("test_validate: %d passed, %d failed\n", aigw_t_pass, aigw_t_fail);
    return AIGW_TEST_EXIT();
}
