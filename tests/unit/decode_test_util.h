/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the decode tests and the decode fuzzer: read a golden file,
 * compare slices, and a deep comparison of two aigw_params_t (states,
 * values, string bytes, arrays, extra members' raw text).
 */
#ifndef AIGW_DECODE_TEST_UTIL_H
#define AIGW_DECODE_TEST_UTIL_H

#include <stdio.h>
#include <string.h>

#include "aigw/aigw_decode.h"

/* Read a whole file into buf (cap bytes); returns its length or -1. */
static inline long dt_read_file(const char *dir, const char *name, char *buf, size_t cap)
{
    char path[512];
    FILE *f;
    size_t n;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "rb");
    if (!f) { printf("  cannot open %s\n", path); return -1; }
    n = fread(buf, 1, cap, f);
    fclose(f);
    return n < cap ? (long)n : -1;
}

static inline int dt_str_is(aigw_str_t s, const char *want)
{
    size_t n = strlen(want);
    return s.len == n && (n == 0 || (s.ptr && memcmp(s.ptr, want, n) == 0));
}

static inline int dt_str_eq(aigw_str_t a, aigw_str_t b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline int dt_text_eq(aigw_text_t a, aigw_text_t b)
{
    return a.state == b.state && (a.state != AIGW_SET || dt_str_eq(a.value, b.value));
}

static inline int dt_enum_eq(aigw_enum_t a, aigw_enum_t b)
{
    if (a.state != b.state) return 0;
    if (a.state != AIGW_SET) return 1;
    if (a.value != b.value) return 0;
    return a.value != AIGW_ENUM_OTHER || dt_str_eq(a.raw, b.raw);
}

#define DT_SCALAR_EQ(a, b) ((a).state == (b).state && ((a).state != AIGW_SET || (a).value == (b).value))

static inline int dt_strs_eq(aigw_str_list_t a, aigw_str_list_t b)
{
    size_t i;
    if (a.state != b.state || a.count != b.count) return 0;
    for (i = 0; i < a.count; i++)
        if (!dt_str_eq(a.items[i], b.items[i])) return 0;
    return 1;
}

static inline int dt_enums_eq(aigw_enum_list_t a, aigw_enum_list_t b)
{
    size_t i;
    if (a.state != b.state || a.count != b.count) return 0;
    for (i = 0; i < a.count; i++)
        if (!dt_enum_eq(a.items[i], b.items[i])) return 0;
    return 1;
}

/* Extra members compare as sets: the encoder may reorder members. */
static inline int dt_members_eq(aigw_members_t a, aigw_members_t b)
{
    size_t i, j;
    if (a.count != b.count) return 0;
    for (i = 0; i < a.count; i++) {
        int found = 0;
        for (j = 0; j < b.count && !found; j++)
            found = dt_str_eq(a.items[i].name, b.items[j].name) && dt_str_eq(a.items[i].json, b.items[j].json);
        if (!found) return 0;
    }
    return 1;
}

static inline int dt_extra_eq(const aigw_params_t *a, const aigw_params_t *b)
{
    return dt_members_eq(a->extra, b->extra);
}

static inline const char *dt_actions_diff(const aigw_guardrail_actions_t *a, const aigw_guardrail_actions_t *b)
{
    const aigw_enum_t *x[14], *y[14];
    size_t i;
    if (a->state != b->state) return "";
    x[0] = &a->P1; x[1] = &a->S1; x[2] = &a->S2; x[3] = &a->S3; x[4] = &a->S4; x[5] = &a->S5; x[6] = &a->S6;
    x[7] = &a->S7; x[8] = &a->S8; x[9] = &a->S9; x[10] = &a->S10; x[11] = &a->S11; x[12] = &a->S12; x[13] = &a->S13;
    y[0] = &b->P1; y[1] = &b->S1; y[2] = &b->S2; y[3] = &b->S3; y[4] = &b->S4; y[5] = &b->S5; y[6] = &b->S6;
    y[7] = &b->S7; y[8] = &b->S8; y[9] = &b->S9; y[10] = &b->S10; y[11] = &b->S11; y[12] = &b->S12; y[13] = &b->S13;
    for (i = 0; i < 14; i++)
        if (!dt_enum_eq(*x[i], *y[i])) return "";
    return dt_members_eq(a->extra, b->extra) ? NULL : "";
}

static inline const char *dt_guardrails_diff(const aigw_guardrails_t *a, const aigw_guardrails_t *b)
{
    if (a->state != b->state) return "guardrails";
    if (dt_actions_diff(&a->prompt, &b->prompt)) return "guardrails.prompt";
    if (dt_actions_diff(&a->response, &b->response)) return "guardrails.response";
    return dt_members_eq(a->extra, b->extra) ? NULL : "guardrails.extra";
}

static inline int dt_filter_eq(const aigw_spend_filter_t *a, const aigw_spend_filter_t *b)
{
    return a->state == b->state && dt_enum_eq(a->mode, b->mode) && dt_strs_eq(a->values, b->values) &&
           dt_members_eq(a->extra, b->extra);
}

static inline const char *dt_spend_limits_diff(const aigw_spend_limits_t *a, const aigw_spend_limits_t *b)
{
    size_t i;
    if (a->state != b->state) return "spend_limits";
    if (!DT_SCALAR_EQ(a->enabled, b->enabled)) return "spend_limits.enabled";
    if (a->rules.state != b->rules.state || a->rules.count != b->rules.count) return "spend_limits.rules";
    for (i = 0; i < a->rules.count; i++) {
        const aigw_spend_rule_t *x = &a->rules.items[i], *y = &b->rules.items[i];
        if (x->limit.state != y->limit.state || (x->limit.state == AIGW_SET && !dt_str_eq(x->limit.text, y->limit.text)))
            return "spend_limits.rules[].limit";
        if (!dt_enum_eq(x->limitType, y->limitType) || !DT_SCALAR_EQ(x->window, y->window) ||
            !DT_SCALAR_EQ(x->enabled, y->enabled) || !dt_text_eq(x->id, y->id) ||
            !dt_enum_eq(x->technique, y->technique))
            return "spend_limits.rules[]";
        if (x->metadata.state != y->metadata.state ||
            (x->metadata.state == AIGW_SET && !dt_str_eq(x->metadata.json, y->metadata.json)))
            return "spend_limits.rules[].metadata";
        if (!dt_filter_eq(&x->model, &y->model)) return "spend_limits.rules[].model";
        if (!dt_filter_eq(&x->provider, &y->provider)) return "spend_limits.rules[].provider";
        if (!dt_members_eq(x->extra, y->extra)) return "spend_limits.rules[].extra";
    }
    return dt_members_eq(a->extra, b->extra) ? NULL : "spend_limits.extra";
}

/* Returns NULL when equal, else the name of the first member that differs. */
static inline const char *dt_params_diff(const aigw_params_t *a, const aigw_params_t *b)
{
    size_t i, j;
#define S(f) if (!DT_SCALAR_EQ(a->f, b->f)) return #f
#define T(f) if (!dt_text_eq(a->f, b->f)) return #f
#define E(f) if (!dt_enum_eq(a->f, b->f)) return #f
    S(cache_invalidate_on_update); S(cache_ttl); S(collect_logs); S(rate_limiting_interval);
    S(rate_limiting_limit); S(authentication); S(log_management); E(log_management_strategy);
    S(logpush); T(logpush_public_key); E(rate_limiting_technique); E(retry_backoff);
    S(retry_delay); S(retry_max_attempts); T(store_id); E(workers_ai_billing_mode); S(zdr);
    if (a->dlp.state != b->dlp.state) return "dlp";
    S(dlp.enabled); E(dlp.action);
    if (!dt_strs_eq(a->dlp.profiles, b->dlp.profiles)) return "dlp.profiles";
    if (a->dlp.policies.state != b->dlp.policies.state || a->dlp.policies.count != b->dlp.policies.count)
        return "dlp.policies";
    for (i = 0; i < a->dlp.policies.count; i++) {
        const aigw_dlp_policy_t *x = &a->dlp.policies.items[i], *y = &b->dlp.policies.items[i];
        if (!dt_text_eq(x->id, y->id) || !dt_enum_eq(x->action, y->action) ||
            !dt_enums_eq(x->check, y->check) || !DT_SCALAR_EQ(x->enabled, y->enabled) ||
            !dt_strs_eq(x->profiles, y->profiles))
            return "dlp.policies[]";
        if (!dt_members_eq(x->extra, y->extra)) return "dlp.policies[].extra";
    }
    if (!dt_members_eq(a->dlp.extra, b->dlp.extra)) return "dlp.extra";
    if (a->otel.state != b->otel.state || a->otel.count != b->otel.count) return "otel";
    for (i = 0; i < a->otel.count; i++) {
        const aigw_otel_t *x = &a->otel.items[i], *y = &b->otel.items[i];
        if (!dt_text_eq(x->authorization, y->authorization) || !dt_text_eq(x->url, y->url) ||
            !dt_enum_eq(x->content_type, y->content_type))
            return "otel[]";
        if (!dt_members_eq(x->extra, y->extra)) return "otel[].extra";
        if (x->headers.state != y->headers.state || x->headers.count != y->headers.count)
            return "otel[].headers";
        for (j = 0; j < x->headers.count; j++)
            if (!dt_str_eq(x->headers.items[j].name, y->headers.items[j].name) ||
                !dt_str_eq(x->headers.items[j].value, y->headers.items[j].value))
                return "otel[].headers[]";
    }
    if (a->stripe.state != b->stripe.state) return "stripe";
    T(stripe.authorization);
    if (a->stripe.usage_events.state != b->stripe.usage_events.state ||
        a->stripe.usage_events.count != b->stripe.usage_events.count)
        return "stripe.usage_events";
    for (i = 0; i < a->stripe.usage_events.count; i++) {
        if (!dt_text_eq(a->stripe.usage_events.items[i].payload, b->stripe.usage_events.items[i].payload))
            return "stripe.usage_events[]";
        if (!dt_members_eq(a->stripe.usage_events.items[i].extra, b->stripe.usage_events.items[i].extra))
            return "stripe.usage_events[].extra";
    }
    if (!dt_members_eq(a->stripe.extra, b->stripe.extra)) return "stripe.extra";
    S(log_classification);
    {
        const char *g = dt_guardrails_diff(&a->guardrails, &b->guardrails);
        if (g) return g;
    }
    {
        const char *l = dt_spend_limits_diff(&a->spend_limits, &b->spend_limits);
        if (l) return l;
    }
    if (!dt_extra_eq(a, b)) return "extra";
#undef S
#undef T
#undef E
    return NULL;
}

#endif
