/* SPDX-License-Identifier: MIT */
/*
 * The validator built with AIGW_RELAXED_RANGES=1 and a board's smaller
 * maxima (tests/unit/relaxed_config.h): the widened ranges become
 * "non-negative", unknown enum values pass as they came, and everything
 * else (required, nullable, types, UTF-8, lengths the API never widened,
 * format uri, maxItems) is still enforced.
 */
#include <stdio.h>
#include <string.h>

#include "aigw/aigw_model.h"
#include "aigw_test.h"

#if !AIGW_RELAXED_RANGES || AIGW_MAX_OTEL != 3
#error "build with -DAIGW_CONFIG_FILE='\"relaxed_config.h\"'"
#endif

static aigw_params_t P;
static aigw_otel_t otel[6];
static aigw_enum_t checks[3];
static aigw_dlp_policy_t pol[1];
static char big[8192];

static void reset(void)
{
    size_t i;
    memset(&P, 0, sizeof P);
    P.cache_invalidate_on_update.state = AIGW_SET;
    P.cache_ttl.state = AIGW_NULL;
    P.collect_logs.state = AIGW_SET;
    P.rate_limiting_interval.state = AIGW_NULL;
    P.rate_limiting_limit.state = AIGW_NULL;
    memset(otel, 0, sizeof otel);
    for (i = 0; i < 6; i++) {
        otel[i].authorization.state = AIGW_SET;
        otel[i].headers.state = AIGW_SET;
        otel[i].url.state = AIGW_SET;
        otel[i].url.value.ptr = "http://collector:4318";
        otel[i].url.value.len = 21;
    }
    for (i = 0; i < 3; i++) {
        checks[i].state = AIGW_SET;
        checks[i].value = AIGW_CHECK_REQUEST;
    }
    memset(pol, 0, sizeof pol);
    pol[0].id.state = AIGW_SET;
    pol[0].action.state = AIGW_SET;
    pol[0].action.value = AIGW_ACTION_FLAG;
    pol[0].check.state = AIGW_SET;
    pol[0].check.items = checks;
    pol[0].check.count = 2;
    pol[0].enabled.state = AIGW_SET;
    pol[0].profiles.state = AIGW_SET;
}

static int check(int line, aigw_err_t want, const char *path, const char *rule)
{
    aigw_diag_t d;
    aigw_err_t e;
    memset(&d, 0, sizeof d);
    e = aigw_params_validate(&P, &d);
    if (e == want && (want == AIGW_OK ||
                      (strcmp(d.path, path) == 0 && d.rule && strcmp(d.rule, rule) == 0)))
        return 1;
    printf("  line %d: want %d \"%s\" \"%s\", got %d \"%s\" \"%s\"\n", line, (int)want,
           path ? path : "", rule ? rule : "", (int)e, d.path, d.rule ? d.rule : "");
    return 0;
}
#define OK() EXPECT(check(__LINE__, AIGW_OK, NULL, NULL))
#define BAD(p, r) EXPECT(check(__LINE__, AIGW_E_INVALID, p, r))

static void set_int(aigw_int_t *x, int64_t v) { x->state = AIGW_SET; x->value = v; }

static void test_widened_ranges(void)
{
    reset(); OK();
    reset(); set_int(&P.retry_delay, 60000); OK();
    reset(); set_int(&P.retry_delay, -1); BAD("retry_delay", "minimum 0");
    reset(); set_int(&P.retry_max_attempts, 0); OK();
    reset(); set_int(&P.retry_max_attempts, 100); OK();
    reset(); set_int(&P.retry_max_attempts, -1); BAD("retry_max_attempts", "minimum 0");
    reset(); set_int(&P.log_management, 1); OK();
    reset(); set_int(&P.log_management, 10000001); OK();
    reset(); set_int(&P.log_management, -1); BAD("log_management", "minimum 0");
    reset(); P.logpush_public_key.state = AIGW_SET; OK(); /* empty */
    reset(); P.logpush_public_key.state = AIGW_SET; memset(big, 'k', 5000);
    P.logpush_public_key.value.ptr = big; P.logpush_public_key.value.len = 5000; OK();
    P.logpush_public_key.value.len = 1; big[0] = (char)0xff; BAD("logpush_public_key", "utf8");
}

static void test_still_strict(void)
{
    reset(); set_int(&P.cache_ttl, -1); BAD("cache_ttl", "minimum 0");
    reset(); P.collect_logs.state = AIGW_ABSENT; BAD("collect_logs", "required");
    reset(); P.zdr.state = AIGW_NULL; BAD("zdr", "not nullable");
    reset(); P.otel.state = AIGW_SET; P.otel.items = otel; P.otel.count = 1;
    memset(big, 'a', 257); otel[0].authorization.value.ptr = big;
    otel[0].authorization.value.len = 257; BAD("otel[0].authorization", "maxLength 256");
    reset(); P.otel.state = AIGW_SET; P.otel.items = otel; P.otel.count = 1;
    otel[0].url.value.ptr = "not a uri"; otel[0].url.value.len = 9; BAD("otel[0].url", "format uri");
    EXPECT(aigw_id_validate("", 0, NULL) == AIGW_E_INVALID);
}

static void test_board_maxima(void)
{
    reset(); P.otel.state = AIGW_SET; P.otel.items = otel; P.otel.count = 3; OK();
    P.otel.count = 4; BAD("otel", "AIGW_MAX_OTEL 3");
    P.otel.count = 6; BAD("otel", "maxItems 5");
    reset(); P.dlp.state = AIGW_SET; P.dlp.enabled.state = AIGW_SET;
    P.dlp.policies.state = AIGW_SET; P.dlp.policies.items = pol; P.dlp.policies.count = 1; OK();
    pol[0].check.count = 3; BAD("dlp.policies[0].check", "AIGW_MAX_DLP_CHECKS 2");
}

static void test_unknown_enum_values_pass_as_they_came(void)
{
    char buf[256];
    size_t n = 0;
    reset();
    P.workers_ai_billing_mode.state = AIGW_SET;
    P.workers_ai_billing_mode.value = AIGW_ENUM_OTHER;
    P.workers_ai_billing_mode.raw.ptr = "unified";
    P.workers_ai_billing_mode.raw.len = 7;
    OK();
    EXPECT(aigw_params_to_json(&P, buf, sizeof buf, &n, NULL) == AIGW_OK);
    {
        static const char tail[] = ",\"workers_ai_billing_mode\":\"unified\"}";
        EXPECT(n > sizeof tail && memcmp(buf + n - (sizeof tail - 1), tail, sizeof tail - 1) == 0);
    }
    P.workers_ai_billing_mode.raw.len = 0; BAD("workers_ai_billing_mode", "enum");
    P.workers_ai_billing_mode.raw.ptr = "\xc3"; P.workers_ai_billing_mode.raw.len = 1;
    BAD("workers_ai_billing_mode", "utf8");
    P.workers_ai_billing_mode.value = 99; BAD("workers_ai_billing_mode", "enum");
    reset(); P.dlp.state = AIGW_SET; P.dlp.enabled.state = AIGW_SET;
    P.dlp.policies.state = AIGW_SET; P.dlp.policies.items = pol; P.dlp.policies.count = 1;
    checks[1].value = AIGW_ENUM_OTHER; checks[1].raw.ptr = "TOOL_CALL"; checks[1].raw.len = 9; OK();
}

int main(void)
{
    RUN(test_widened_ranges);
    RUN(test_still_strict);
    RUN(test_board_maxima);
    RUN(test_unknown_enum_values_pass_as_they_came);
    printf("test_relaxed: %d passed, %d failed\n", aigw_t_pass, aigw_t_fail);
    return AIGW_TEST_EXIT();
}
