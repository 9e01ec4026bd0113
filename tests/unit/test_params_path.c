/* SPDX-License-Identifier: MIT */
/*
 * The members of aigw_params_t by name (core/params_path.c): the top-level
 * ones in table order, dotted paths through objects, the sizes, quoting and
 * parents' state offsets the aigw command relies on, and unknown paths.
 */
#include <stddef.h>

#include "aigw/aigw_model.h"
#include "aigw_test.h"

#define SIZE_OF(m) sizeof(((aigw_params_t *)0)->m)

static int find(const char *path, aigw_field_info_t *fi, aigw_diag_t *d)
{
    memset(d, 0, sizeof *d);
    return (int)aigw_params_field_find(path, strlen(path), fi, d);
}

static void top_level_in_table_order(void)
{
    static const char *const first[] = {"cache_invalidate_on_update", "cache_ttl", "collect_logs",
                                        "rate_limiting_interval", "rate_limiting_limit"};
    aigw_field_info_t fi;
    size_t i, n = aigw_params_field_count();
    EXPECTF(n == 23, "%zu members", n);
    for (i = 0; i < 5; i++) {
        EXPECT(aigw_params_field_at(i, &fi) == AIGW_OK);
        EXPECT(strcmp(fi.name, first[i]) == 0);
    }
    for (i = 0; i < n; i++) {
        aigw_field_info_t again;
        aigw_diag_t d;
        EXPECT(aigw_params_field_at(i, &fi) == AIGW_OK);
        EXPECT(fi.top == i && fi.depth == 0);
        EXPECT(fi.offset + fi.size <= offsetof(aigw_params_t, extra));
        /* each top-level name finds itself */
        EXPECT(find(fi.name, &again, &d) == AIGW_OK);
        EXPECT(again.offset == fi.offset && again.size == fi.size && again.top == i);
    }
    EXPECT(aigw_params_field_at(n, &fi) == AIGW_E_ARG);
    EXPECT(aigw_params_field_at(0, NULL) == AIGW_E_ARG);
}

static void sizes_offsets_and_quoting(void)
{
    aigw_field_info_t fi;
    aigw_diag_t d;
    EXPECT(find("log_classification", &fi, &d) == AIGW_OK);
    EXPECT(fi.offset == offsetof(aigw_params_t, log_classification) && fi.size == sizeof(aigw_bool_t));
    EXPECT(!fi.quote && fi.depth == 0);
    EXPECT(find("guardrails", &fi, &d) == AIGW_OK);
    EXPECT(fi.offset == offsetof(aigw_params_t, guardrails) && fi.size == SIZE_OF(guardrails) && !fi.quote);
    EXPECT(find("spend_limits", &fi, &d) == AIGW_OK);
    EXPECT(fi.size == SIZE_OF(spend_limits));
    EXPECT(find("otel", &fi, &d) == AIGW_OK);
    EXPECT(fi.size == SIZE_OF(otel) && !fi.quote);
    EXPECT(find("store_id", &fi, &d) == AIGW_OK);
    EXPECT(fi.size == SIZE_OF(store_id) && fi.quote);
    EXPECT(find("retry_backoff", &fi, &d) == AIGW_OK);
    EXPECT(fi.size == SIZE_OF(retry_backoff) && fi.quote && fi.enum_kind == (int)AIGW_EK_BACKOFF);
    EXPECT(find("workers_ai_billing_mode", &fi, &d) == AIGW_OK && fi.enum_kind == (int)AIGW_EK_BILLING);
    EXPECT(find("dlp", &fi, &d) == AIGW_OK && fi.enum_kind == -1);
    EXPECT(find("cache_ttl", &fi, &d) == AIGW_OK);
    EXPECT(fi.size == SIZE_OF(cache_ttl) && !fi.quote && fi.enum_kind == -1);
    EXPECT(d.err == AIGW_OK && d.path[0] == 0 && d.rule == NULL);
}

static void dotted_paths_through_objects(void)
{
    aigw_field_info_t fi;
    aigw_diag_t d;
    aigw_field_info_t top;
    EXPECT(find("guardrails.prompt.S1", &fi, &d) == AIGW_OK);
    EXPECT(strcmp(fi.name, "S1") == 0 && fi.quote && fi.size == sizeof(aigw_enum_t));
    EXPECT(fi.enum_kind == (int)AIGW_EK_ACTION);
    EXPECT(fi.offset == offsetof(aigw_params_t, guardrails) + offsetof(aigw_guardrails_t, prompt) +
                            offsetof(aigw_guardrail_actions_t, S1));
    EXPECT(fi.depth == 2);
    EXPECT(fi.parents[0] == offsetof(aigw_params_t, guardrails.state));
    EXPECT(fi.parents[1] == offsetof(aigw_params_t, guardrails.prompt.state));
    EXPECT(find("guardrails", &top, &d) == AIGW_OK && fi.top == top.top);
    EXPECT(find("guardrails.response.P1", &fi, &d) == AIGW_OK);
    EXPECT(fi.offset == offsetof(aigw_params_t, guardrails.response.P1));
    EXPECT(find("guardrails.response", &fi, &d) == AIGW_OK);
    EXPECT(fi.size == sizeof(aigw_guardrail_actions_t) && fi.depth == 1 && !fi.quote);
    EXPECT(find("dlp.enabled", &fi, &d) == AIGW_OK);
    EXPECT(fi.offset == offsetof(aigw_params_t, dlp.enabled) && fi.size == sizeof(aigw_bool_t));
    EXPECT(fi.depth == 1 && fi.parents[0] == offsetof(aigw_params_t, dlp.state));
    EXPECT(find("dlp.action", &fi, &d) == AIGW_OK && fi.quote);
    EXPECT(find("dlp.profiles", &fi, &d) == AIGW_OK && fi.size == sizeof(aigw_str_list_t));
    EXPECT(find("spend_limits.enabled", &fi, &d) == AIGW_OK);
    EXPECT(fi.offset == offsetof(aigw_params_t, spend_limits.enabled));
    EXPECT(find("spend_limits.rules", &fi, &d) == AIGW_OK);
    EXPECT(fi.size == sizeof(aigw_spend_rule_list_t));
    EXPECT(find("stripe.authorization", &fi, &d) == AIGW_OK && fi.quote);
    /* a path of only part of the string */
    memset(&d, 0, sizeof d);
    EXPECT(aigw_params_field_find("dlp.enabled=false", 11, &fi, &d) == AIGW_OK);
    EXPECT(fi.offset == offsetof(aigw_params_t, dlp.enabled));
}

static void unknown_paths(void)
{
    static const char *const bad[] = {"", "nope", "cache_tll", "Cache_ttl", "cache-ttl", "guardrails.",
                                      ".guardrails", "guardrails..prompt", "guardrails.prompt.S99",
                                      "guardrails.prompt.S1.x", "otel.url", "spend_limits.rules.limit",
                                      "log_classification.x", "dlp.enabled.", "extra", "state",
                                      "guardrails.state"};
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        aigw_field_info_t fi;
        aigw_diag_t d;
        EXPECTF(find(bad[i], &fi, &d) == AIGW_E_INVALID, "%s", bad[i]);
        EXPECTF(strcmp(d.path, bad[i]) == 0 && d.rule && strcmp(d.rule, "unknown field") == 0 &&
                    d.err == AIGW_E_INVALID, "%s: path %s", bad[i], d.path);
        EXPECT(fi.name == NULL && fi.size == 0);
    }
    {
        aigw_field_info_t fi;
        EXPECT(aigw_params_field_find("nope", 4, &fi, NULL) == AIGW_E_INVALID);
        EXPECT(aigw_params_field_find("cache_ttl", 9, NULL, NULL) == AIGW_E_ARG);
        EXPECT(aigw_params_field_find(NULL, 3, &fi, NULL) == AIGW_E_ARG);
        EXPECT(aigw_params_field_find(NULL, 0, &fi, NULL) == AIGW_E_INVALID);
    }
    {
        /* a long hostile path is cut and shown safely */
        char path[200];
        aigw_field_info_t fi;
        aigw_diag_t d;
        memset(path, 'a', sizeof path);
        path[3] = '\x1b';
        EXPECT(aigw_params_field_find(path, sizeof path, &fi, &d) == AIGW_E_INVALID);
        EXPECT(strlen(d.path) == sizeof d.path - 1 && d.path[3] == '?');
        EXPECT(strcmp(d.path + sizeof d.path - 4, "...") == 0);
    }
}

/* The enum kind a diagnostic path names, through objects and list items. */
static void enum_kinds_of_diag_paths(void)
{
    static const struct { const char *path; int kind; } cases[] = {
        { "retry_backoff", AIGW_EK_BACKOFF }, { "dlp.action", AIGW_EK_ACTION },
        { "dlp.policies[0].action", AIGW_EK_ACTION }, { "dlp.policies[3].check[1]", AIGW_EK_CHECK },
        { "otel[4].content_type", AIGW_EK_CONTENT_TYPE }, { "guardrails.response.S13", AIGW_EK_ACTION },
        { "spend_limits.rules[19].limitType", AIGW_EK_LIMIT_TYPE },
        { "spend_limits.rules[0].provider.mode", AIGW_EK_FILTER_MODE },
        { "spend_limits.rules[0].technique", AIGW_EK_RATE_TECHNIQUE },
        { "cache_ttl", -1 }, { "dlp", -1 }, { "dlp.policies[0]", -1 }, { "otel[0].url", -1 },
        { "otel[0].headers.x", -1 }, { "nope", -1 }, { "", -1 }, { "dlp.", -1 }, { "dlp.policies[0", -1 },
        { "retry_backoff.x", -1 }, { "dlp..action", -1 },
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        EXPECTF(aigw_params_enum_kind(cases[i].path, strlen(cases[i].path)) == cases[i].kind, "%s", cases[i].path);
    EXPECT(aigw_params_enum_kind(NULL, 0) == -1);
    /* len bounds the path: "retry_backoff" within a longer text */
    EXPECT(aigw_params_enum_kind("retry_backoff.x", 13) == AIGW_EK_BACKOFF);
}

int main(void)
{
    RUN(top_level_in_table_order);
    RUN(sizes_offsets_and_quoting);
    RUN(dotted_paths_through_objects);
    RUN(unknown_paths);
    RUN(enum_kinds_of_diag_paths);
    return AIGW_TEST_EXIT();
}
