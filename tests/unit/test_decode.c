/* SPDX-License-Identifier: MIT */
/*
 * Decoding the API's answers: golden bodies (tests/data/json/), typed
 * results, and every mistyped case with its error and path.
 * Usage: test_decode <dir of golden bodies>
 */
#include <stdio.h>
#include <string.h>

#include "aigw/aigw_decode.h"
#include "aigw_test.h"
#include "decode_test_util.h"

static const char *g_dir = "tests/data/json";
static char g_body[1 << 16];
static aigw_tok_t g_tok[2048];
static uint64_t g_mem[8192];

/* Decoded response held by the tests below. */
typedef struct {
    aigw_err_t parse, env_err, gw_err;
    aigw_json_t js;
    aigw_arena_t arena;
    aigw_envelope_t env;
    aigw_api_error_t errs[4], msgs[4];
    aigw_gateway_t gw;
    aigw_diag_t diag;
} resp_t;

static resp_t R;

/* Parse + envelope + (when result is an object) gateway, as the client does. */
static void decode_text(const char *text, size_t len, size_t errs_cap)
{
    memset(&R, 0, sizeof R);
    R.env_err = R.gw_err = AIGW_E__COUNT;
    R.parse = aigw_json_parse(&R.js, text, len, g_tok, 2048, &R.diag);
    if (R.parse) return;
    aigw_arena_init(&R.arena, g_mem, sizeof g_mem);
    aigw_envelope_init(&R.env, R.errs, errs_cap, R.msgs, 4);
    R.env_err = aigw_envelope_decode(&R.js, &R.arena, &R.env, &R.diag);
    if (R.env_err || R.env.result_state != AIGW_SET || g_tok[R.env.result_tok].type != AIGW_TOK_OBJECT) return;
    R.gw_err = aigw_gateway_decode(&R.js, R.env.result_tok, &R.arena, &R.gw, &R.diag);
}

static int decode_file(const char *name, size_t errs_cap)
{
    long n = dt_read_file(g_dir, name, g_body, sizeof g_body);
    if (n < 0) return 0;
    decode_text(g_body, (size_t)n, errs_cap);
    return 1;
}

static int has_extra(const aigw_params_t *p, const char *name, const char *json_prefix)
{
    const aigw_member_t *m = aigw_params_extra_find(p, name, strlen(name));
    return m && m->json.len >= strlen(json_prefix) && !memcmp(m->json.ptr, json_prefix, strlen(json_prefix));
}

static void test_api_page_example(void)
{
    const aigw_params_t *p = &R.gw.params;
    EXPECT(decode_file("api_example.json", 4));
    EXPECT(R.parse == AIGW_OK && R.env_err == AIGW_OK && R.gw_err == AIGW_OK);
    EXPECT(R.env.success.state == AIGW_SET && R.env.success.value);
    EXPECT(R.env.errors_state == AIGW_ABSENT && R.env.messages_state == AIGW_ABSENT);
    EXPECT(R.env.result_state == AIGW_SET);
    EXPECT(dt_str_is(R.gw.id.value, "my-gateway") && R.gw.id.state == AIGW_SET);
    EXPECT(dt_str_is(R.gw.created_at.value, "2019-12-27T18:11:19.117Z"));
    EXPECT(R.gw.created_unix_ms == 1577470279117LL && R.gw.modified_unix_ms == 1577470279117LL);
    EXPECT(R.gw.is_default.state == AIGW_SET && R.gw.is_default.value);
    EXPECT(p->cache_invalidate_on_update.state == AIGW_SET && p->cache_invalidate_on_update.value);
    EXPECT(p->cache_ttl.state == AIGW_SET && p->cache_ttl.value == 0);
    EXPECT(p->collect_logs.state == AIGW_SET && p->collect_logs.value);
    EXPECT(p->rate_limiting_interval.state == AIGW_SET && p->rate_limiting_interval.value == 0);
    EXPECT(p->rate_limiting_limit.state == AIGW_SET && p->rate_limiting_limit.value == 0);
    EXPECT(p->authentication.state == AIGW_SET && p->authentication.value);
    EXPECT(p->dlp.state == AIGW_SET && p->dlp.action.value == AIGW_ACTION_BLOCK);
    EXPECT(p->dlp.enabled.state == AIGW_SET && p->dlp.enabled.value);
    EXPECT(p->dlp.profiles.count == 1 && dt_str_is(p->dlp.profiles.items[0], "string"));
    EXPECT(p->dlp.policies.state == AIGW_ABSENT);
    EXPECT(p->log_management.value == 10000 && p->log_management_strategy.value == AIGW_LOG_STOP_INSERTING);
    EXPECT(p->logpush.state == AIGW_SET && p->logpush.value);
    EXPECT(dt_str_is(p->logpush_public_key.value, "xxxxxxxxxxxxxxxx"));
    EXPECT(p->otel.state == AIGW_SET && p->otel.count == 1);
    if (p->otel.count == 1) {
        const aigw_otel_t *o = &p->otel.items[0];
        EXPECT(dt_str_is(o->authorization.value, "authorization") && dt_str_is(o->url.value, "url"));
        EXPECT(o->content_type.state == AIGW_SET && o->content_type.value == AIGW_OTEL_JSON);
        EXPECT(o->headers.state == AIGW_SET && o->headers.count == 1);
        if (o->headers.count == 1)
            EXPECT(dt_str_is(o->headers.items[0].name, "foo") && dt_str_is(o->headers.items[0].value, "string"));
    }
    EXPECT(p->rate_limiting_technique.value == AIGW_RATE_FIXED);
    EXPECT(p->retry_backoff.value == AIGW_BACKOFF_CONSTANT);
    EXPECT(p->retry_delay.state == AIGW_SET && p->retry_delay.value == 0);
    EXPECT(p->retry_max_attempts.value == 1);
    EXPECT(dt_str_is(p->store_id.value, "store_id"));
    EXPECT(p->stripe.state == AIGW_SET && dt_str_is(p->stripe.authorization.value, "authorization"));
    EXPECT(p->stripe.usage_events.count == 1 &&
           dt_str_is(p->stripe.usage_events.items[0].payload.value, "payload"));
    EXPECT(p->workers_ai_billing_mode.value == AIGW_BILLING_POSTPAID);
    EXPECT(p->zdr.state == AIGW_SET && p->zdr.value);
    EXPECT(p->extra.count == 0);
    /* zero copy: strings without escapes point into the body */
    EXPECT(R.gw.id.value.ptr > g_body && R.gw.id.value.ptr < g_body + sizeof g_body);
}

static void test_error_400_with_path(void)
{
    const aigw_api_error_t *e = &R.errs[0];
    EXPECT(decode_file("err_400_7001.json", 4));
    EXPECT(R.parse == AIGW_OK && R.env_err == AIGW_OK);
    EXPECT(R.env.success.state == AIGW_SET && !R.env.success.value);
    EXPECT(R.env.errors_state == AIGW_SET && R.env.errors_count == 2 && R.env.errors_total == 2 && !R.env.errors_more);
    EXPECT(R.env.messages_state == AIGW_SET && R.env.messages_count == 0);
    EXPECT(R.env.result_state == AIGW_NULL && R.env.result_tok == -1);
    EXPECT(e->code.state == AIGW_SET && e->code.value == 7001);
    EXPECT(dt_str_is(e->message.value, "Input Validation Error"));
    EXPECT(e->documentation_url.state == AIGW_ABSENT && e->source_pointer.state == AIGW_ABSENT);
    EXPECT(e->path.state == AIGW_SET && e->path.count == 4);
    if (e->path.count == 4) {
        EXPECT(!e->path.items[0].is_index && dt_str_is(e->path.items[0].key, "body"));
        EXPECT(!e->path.items[1].is_index && dt_str_is(e->path.items[1].key, "otel"));
        EXPECT(e->path.items[2].is_index && e->path.items[2].index == 0);
        EXPECT(!e->path.items[3].is_index && dt_str_is(e->path.items[3].key, "url"));
    }
    EXPECT(R.errs[1].path.count == 2 && dt_str_is(R.errs[1].message.value, "Expected number, received string"));
}

static void test_errors_over_capacity_are_flagged(void)
{
    EXPECT(decode_file("err_400_7001.json", 1));
    EXPECT(R.env_err == AIGW_OK);
    EXPECT(R.env.errors_count == 1 && R.env.errors_total == 2 && R.env.errors_more);
    EXPECT(R.errs[0].code.value == 7001);
    EXPECT(R.errs[1].code.state == AIGW_ABSENT); /* not written */
    /* no room at all: still counted */
    EXPECT(decode_file("err_400_7001.json", 0));
    EXPECT(R.env_err == AIGW_OK && R.env.errors_count == 0 && R.env.errors_total == 2 && R.env.errors_more);
    EXPECT(R.arena.used == 0); /* the paths of items not kept take no arena */
}

static void test_error_404(void)
{
    EXPECT(decode_file("err_404_7002.json", 4));
    EXPECT(R.env_err == AIGW_OK && R.env.errors_count == 1 && R.errs[0].code.value == 7002);
    EXPECT(dt_str_is(R.errs[0].message.value, "Not Found"));
    EXPECT(R.env.messages_state == AIGW_ABSENT && R.env.result_state == AIGW_ABSENT);
    EXPECT(R.errs[0].path.state == AIGW_ABSENT);
}

static void test_error_401_403(void)
{
    EXPECT(decode_file("err_401_10000.json", 4));
    EXPECT(R.env_err == AIGW_OK && R.errs[0].code.value == 10000);
    EXPECT(dt_str_is(R.errs[0].documentation_url.value, "https://developers.cloudflare.com/fundamentals/api/"));
    EXPECT(dt_str_is(R.errs[0].source_pointer.value, "/headers/authorization"));
    EXPECT(decode_file("err_403_10000.json", 4));
    EXPECT(R.env_err == AIGW_OK && R.env.errors_count == 1 && R.errs[0].code.value == 10000);
    EXPECT(dt_str_is(R.errs[0].message.value, "Authentication error"));
    EXPECT(R.env.result_state == AIGW_NULL);
}

static void test_error_500_with_messages(void)
{
    EXPECT(decode_file("err_500.json", 4));
    EXPECT(R.env_err == AIGW_OK && R.errs[0].code.value == 10001);
    EXPECT(R.env.messages_count == 1 && R.msgs[0].code.value == 10002);
    EXPECT(dt_str_is(R.msgs[0].message.value, "Please retry later"));
}

static void test_html_is_not_json(void)
{
    EXPECT(decode_file("proxy_502.html", 4));
    EXPECT(R.parse == AIGW_E_NOT_JSON);
    EXPECT(R.diag.err == AIGW_E_NOT_JSON);
}

static void test_newer_fields_kept_raw(void)
{
    const aigw_params_t *p = &R.gw.params;
    EXPECT(decode_file("newer_fields.json", 4));
    EXPECT(R.gw_err == AIGW_OK);
    /* what the model does not know stays raw */
    EXPECT(p->extra.count == 2);
    EXPECT(has_extra(p, "account_id", "\"3ebbcb006d4d46d7bb6a8c7f14676cb0\""));
    EXPECT(has_extra(p, "byok_only", "false"));
    EXPECT(!aigw_params_extra_find(p, "guardrails", 10) && !aigw_params_extra_find(p, "spend_limits", 12));
    /* guardrails: an object of objects of enums */
    EXPECT(p->guardrails.state == AIGW_SET && p->guardrails.extra.count == 0);
    EXPECT(p->guardrails.prompt.state == AIGW_SET && p->guardrails.response.state == AIGW_SET);
    EXPECT(p->guardrails.prompt.P1.state == AIGW_SET && p->guardrails.prompt.P1.value == AIGW_ACTION_FLAG);
    EXPECT(p->guardrails.prompt.S1.value == AIGW_ACTION_BLOCK && p->guardrails.prompt.S10.value == AIGW_ACTION_FLAG);
    EXPECT(p->guardrails.prompt.S2.state == AIGW_ABSENT && p->guardrails.response.P1.state == AIGW_ABSENT);
    EXPECT(p->guardrails.response.S2.state == AIGW_SET && p->guardrails.response.S2.value == AIGW_ACTION_BLOCK);
    /* spend_limits: rules with a number kept as text and a JSON object kept as text */
    EXPECT(p->spend_limits.state == AIGW_SET && p->spend_limits.enabled.state == AIGW_SET &&
           p->spend_limits.enabled.value);
    EXPECT(p->spend_limits.rules.state == AIGW_SET && p->spend_limits.rules.count == 1);
    if (p->spend_limits.rules.count == 1) {
        const aigw_spend_rule_t *r = &p->spend_limits.rules.items[0];
        EXPECT(r->limit.state == AIGW_SET && dt_str_is(r->limit.text, "10.50"));
        EXPECT(r->limitType.state == AIGW_SET && r->limitType.value == AIGW_LIMIT_COST);
        EXPECT(r->window.state == AIGW_SET && r->window.value == 86400);
        EXPECT(r->enabled.value && dt_str_is(r->id.value, "f6a82e7c") && r->technique.value == AIGW_RATE_SLIDING);
        EXPECT(r->model.state == AIGW_SET && r->model.mode.value == AIGW_FILTER_FILTER);
        EXPECT(r->model.values.state == AIGW_SET && r->model.values.count == 1 &&
               dt_str_is(r->model.values.items[0], "@cf/meta/llama-3.1-8b-instruct"));
        EXPECT(r->provider.state == AIGW_ABSENT && r->extra.count == 0);
        /* the whole object, escapes and all, up to its closing brace */
        EXPECT(r->metadata.state == AIGW_SET && r->metadata.json.ptr[0] == '{' &&
               r->metadata.json.ptr[r->metadata.json.len - 1] == '}' &&
               r->metadata.json.ptr[r->metadata.json.len] == '}');
        EXPECT(memchr(r->metadata.json.ptr, '\\', r->metadata.json.len) != NULL);
    }
    EXPECT(p->log_classification.state == AIGW_SET && p->log_classification.value);
    /* read-only members are not in params, and not in extra */
    EXPECT(!aigw_params_extra_find(p, "id", 2) && !aigw_params_extra_find(p, "created_at", 10));
    EXPECT(!aigw_params_extra_find(p, "is_default", 10));
    EXPECT(p->workers_ai_billing_mode.state == AIGW_SET &&
           p->workers_ai_billing_mode.value == AIGW_BILLING_UNIFIED && /* a 2026-08-17 name: generated */
           dt_str_is(p->workers_ai_billing_mode.raw, "unified"));
    EXPECT(p->rate_limiting_technique.value == AIGW_RATE_SLIDING);
    EXPECT(p->retry_backoff.value == AIGW_BACKOFF_EXPONENTIAL && p->retry_max_attempts.value == 3);
    EXPECT(R.gw.created_unix_ms == 1740816000000LL);
    EXPECT(R.gw.modified_unix_ms == 1786954542123LL); /* +02:00, 6 fraction digits */
    EXPECT(R.gw.is_default.state == AIGW_SET && !R.gw.is_default.value);
    EXPECT(R.env.errors_state == AIGW_SET && R.env.errors_count == 0);
}

static void test_nulls_everywhere(void)
{
    const aigw_params_t *p = &R.gw.params;
    EXPECT(decode_file("nulls.json", 4));
    EXPECT(R.gw_err == AIGW_OK);
    EXPECT(R.env.errors_state == AIGW_NULL && R.env.messages_state == AIGW_NULL);
    EXPECT(R.gw.id.state == AIGW_NULL && R.gw.created_at.state == AIGW_NULL);
    EXPECT(R.gw.modified_at.state == AIGW_NULL && R.gw.is_default.state == AIGW_NULL);
    EXPECT(p->cache_invalidate_on_update.state == AIGW_NULL && p->cache_ttl.state == AIGW_NULL);
    EXPECT(p->collect_logs.state == AIGW_NULL && p->rate_limiting_interval.state == AIGW_NULL);
    EXPECT(p->rate_limiting_limit.state == AIGW_NULL && p->authentication.state == AIGW_NULL);
    EXPECT(p->dlp.state == AIGW_NULL && p->log_management.state == AIGW_NULL);
    EXPECT(p->log_management_strategy.state == AIGW_NULL && p->logpush.state == AIGW_NULL);
    EXPECT(p->logpush_public_key.state == AIGW_NULL && p->otel.state == AIGW_NULL);
    EXPECT(p->rate_limiting_technique.state == AIGW_NULL && p->retry_backoff.state == AIGW_NULL);
    EXPECT(p->retry_delay.state == AIGW_NULL && p->retry_max_attempts.state == AIGW_NULL);
    EXPECT(p->store_id.state == AIGW_NULL && p->stripe.state == AIGW_NULL);
    EXPECT(p->workers_ai_billing_mode.state == AIGW_NULL && p->zdr.state == AIGW_NULL);
    EXPECT(p->guardrails.state == AIGW_NULL && p->extra.count == 0);
}

static void test_dlp_policies_otel_stripe(void)
{
    const aigw_params_t *p = &R.gw.params;
    EXPECT(decode_file("dlp_policies.json", 4));
    EXPECT(R.gw_err == AIGW_OK);
    EXPECT(p->dlp.state == AIGW_SET && p->dlp.action.state == AIGW_ABSENT && p->dlp.profiles.state == AIGW_ABSENT);
    EXPECT(p->dlp.enabled.value && p->dlp.policies.state == AIGW_SET && p->dlp.policies.count == 2);
    if (p->dlp.policies.count == 2) {
        const aigw_dlp_policy_t *a = &p->dlp.policies.items[0], *b = &p->dlp.policies.items[1];
        EXPECT(dt_str_is(a->id.value, "p1") && a->action.value == AIGW_ACTION_FLAG && a->enabled.value);
        EXPECT(a->check.count == 2 && a->check.items[0].value == AIGW_CHECK_REQUEST &&
               a->check.items[1].value == AIGW_CHECK_RESPONSE);
        EXPECT(a->profiles.count == 2 && dt_str_is(a->profiles.items[1], "b"));
        EXPECT(dt_str_is(b->id.value, "p2") && b->action.value == AIGW_ACTION_BLOCK);
        EXPECT(b->enabled.state == AIGW_SET && !b->enabled.value);
        EXPECT(b->profiles.state == AIGW_SET && b->profiles.count == 0 && b->profiles.items != NULL);
    }
    EXPECT(p->cache_ttl.state == AIGW_NULL && p->rate_limiting_limit.state == AIGW_NULL);
    EXPECT(p->otel.count == 2);
    if (p->otel.count == 2) {
        const aigw_otel_t *o = &p->otel.items[0], *o2 = &p->otel.items[1];
        EXPECT(o->headers.count == 2 && dt_str_is(o->headers.items[1].name, "x-env"));
        EXPECT(o->content_type.value == AIGW_OTEL_PROTOBUF);
        EXPECT(o2->authorization.state == AIGW_ABSENT && o2->content_type.state == AIGW_ABSENT);
        EXPECT(o2->headers.state == AIGW_SET && o2->headers.count == 0);
    }
    EXPECT(p->stripe.usage_events.count == 2 &&
           dt_str_is(p->stripe.usage_events.items[0].payload.value, "{\"tokens\":1}"));
    EXPECT(R.gw.created_unix_ms == 1709279999500LL && R.gw.modified_unix_ms == 1709279999999LL);
}

static void test_escapes_and_surrogates(void)
{
    const aigw_params_t *p = &R.gw.params;
    static const char id[] = "caf\xC3\xA9-\xF0\x9F\x98\x80-\"q\"-\\-/-\b\f\n\r\t";
    EXPECT(decode_file("escapes.json", 4));
    EXPECT(R.gw_err == AIGW_OK);
    EXPECT(R.gw.id.value.len == sizeof id - 1 && !memcmp(R.gw.id.value.ptr, id, sizeof id - 1));
    EXPECT(dt_str_is(p->store_id.value, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"));
    EXPECT(dt_str_is(p->logpush_public_key.value, "raw UTF-8: caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80"));
    /* an escaped member name still names the member */
    EXPECT(p->cache_ttl.state == AIGW_SET && p->cache_ttl.value == 42);
    EXPECT(p->dlp.action.value == AIGW_ACTION_FLAG && dt_str_is(p->dlp.action.raw, "FLAG"));
    EXPECT(p->dlp.profiles.count == 1 && p->dlp.profiles.items[0].len == 2 &&
           p->dlp.profiles.items[0].ptr[0] == '\0' && p->dlp.profiles.items[0].ptr[1] == 'x');
    EXPECT(p->otel.count == 1 && p->otel.items[0].headers.count == 1);
    if (p->otel.count == 1 && p->otel.items[0].headers.count == 1) {
        EXPECT(dt_str_is(p->otel.items[0].headers.items[0].name, "x-A"));
        EXPECT(dt_str_is(p->otel.items[0].headers.items[0].value, "v\xC3\xA9"));
    }
    EXPECT(p->extra.count == 0);
}

/* One unknown member of an object, by name: its raw value starts with json_prefix. */
static int member_is(aigw_members_t x, const char *name, const char *json)
{
    size_t i;
    for (i = 0; i < x.count; i++)
        if (dt_str_is(x.items[i].name, name)) return dt_str_is(x.items[i].json, json);
    return 0;
}

static void test_unknown_nested_members_kept_per_object(void)
{
    const aigw_params_t *p = &R.gw.params;
    EXPECT(decode_file("unknown_nested.json", 4));
    EXPECT(R.gw_err == AIGW_OK);
    EXPECT(p->cache_ttl.value == 5);
    /* the modelled parts are decoded, so the validator judges them as the server will */
    EXPECT(p->dlp.state == AIGW_SET && p->otel.state == AIGW_SET && p->stripe.state == AIGW_SET);
    EXPECT(p->otel.count == 1 && dt_str_is(p->otel.items[0].url.value, "u"));
    EXPECT(p->stripe.authorization.state == AIGW_SET && dt_str_is(p->stripe.authorization.value, "a"));
    /* each unknown member is kept in the object it stands in, nothing at the top */
    EXPECT(p->extra.count == 0);
    EXPECT(p->dlp.extra.count == 0 && p->dlp.policies.count == 1);
    if (p->dlp.policies.count == 1)
        EXPECT(p->dlp.policies.items[0].extra.count == 1 &&
               member_is(p->dlp.policies.items[0].extra, "severity", "\"high\""));
    if (p->otel.count == 1)
        EXPECT(p->otel.items[0].extra.count == 1 && member_is(p->otel.items[0].extra, "timeout_ms", "500"));
    EXPECT(p->stripe.extra.count == 1 && member_is(p->stripe.extra, "mode", "\"live\""));
    EXPECT(p->stripe.usage_events.count == 0);
    /* an unknown enum value is not an unknown member: kept as OTHER */
    EXPECT(p->retry_backoff.value == AIGW_ENUM_OTHER && dt_str_is(p->retry_backoff.raw, "fibonacci"));
    EXPECT(p->rate_limiting_technique.value == AIGW_ENUM_OTHER);
}

static void test_unknown_members_every_level(void)
{
    const aigw_params_t *p = &R.gw.params;
    EXPECT(decode_file("unknown_every_level.json", 4));
    EXPECT(R.gw_err == AIGW_OK);
    EXPECT(p->extra.count == 2 && has_extra(p, "top_new", "{\"nested\": [1, 2.5e3") &&
           has_extra(p, "byok_only", "false"));
    /* guardrails is modelled now: its unknown members are its own */
    EXPECT(p->guardrails.state == AIGW_SET && p->guardrails.extra.count == 2 &&
           member_is(p->guardrails.extra, "enabled", "true") &&
           member_is(p->guardrails.extra, "rules", "[{\"x\": 1}]"));
    EXPECT(p->dlp.extra.count == 2 && member_is(p->dlp.extra, "mode", "\"strict\"") &&
           member_is(p->dlp.extra, "audit", "{\"keep_days\": 30}"));
    EXPECT(p->dlp.policies.count == 2);
    if (p->dlp.policies.count == 2) {
        EXPECT(p->dlp.policies.items[0].extra.count == 2 &&
               member_is(p->dlp.policies.items[0].extra, "tags", "[\"x\", {\"y\": true}]"));
        EXPECT(p->dlp.policies.items[1].extra.count == 1 &&
               member_is(p->dlp.policies.items[1].extra, "severity", "null"));
    }
    EXPECT(p->otel.count == 2);
    if (p->otel.count == 2)
        EXPECT(p->otel.items[0].extra.count == 1 && p->otel.items[1].extra.count == 1 &&
               member_is(p->otel.items[1].extra, "sampling", "{\"ratio\": 0.25}"));
    EXPECT(p->stripe.extra.count == 2 && member_is(p->stripe.extra, "webhook", "\"https://hooks.example/\\u00e9\""));
    EXPECT(p->stripe.usage_events.count == 2);
    if (p->stripe.usage_events.count == 2)
        EXPECT(p->stripe.usage_events.items[0].extra.count == 1 &&
               p->stripe.usage_events.items[1].extra.count == 2 &&
               member_is(p->stripe.usage_events.items[1].extra, "labels", "{}"));
}

/* ---- mistyped documents: error and path ---------------------------------- */

typedef struct { const char *json; aigw_err_t err; const char *path; } bad_t;

static void check_params(const bad_t *c)
{
    static aigw_tok_t tok[256];
    static uint64_t mem[1024];
    aigw_arena_t a;
    aigw_params_t p;
    aigw_diag_t d;
    aigw_err_t e;
    memset(&d, 0, sizeof d);
    aigw_arena_init(&a, mem, sizeof mem);
    e = aigw_params_from_json(c->json, strlen(c->json), tok, 256, &a, &p, &d);
    EXPECTF(e == c->err && d.err == c->err && !strcmp(d.path, c->path),
            "%s -> %s at \"%s\" (%s), want %s at \"%s\"", c->json, aigw_strerror(e), d.path,
            d.rule ? d.rule : "", aigw_strerror(c->err), c->path);
    if (e) {
        static const aigw_params_t zero;
        EXPECTF(!memcmp(&p, &zero, sizeof p), "%s: output not zeroed on error", c->json);
        EXPECTF(a.used == 0, "%s: arena used on error", c->json);
    }
}

static void test_params_type_errors(void)
{
    static const bad_t cases[] = {
        { "{\"cache_ttl\":\"5\"}", AIGW_E_JSON_TYPE, "cache_ttl" },
        { "{\"cache_ttl\":true}", AIGW_E_JSON_TYPE, "cache_ttl" },
        { "{\"cache_ttl\":5.0}", AIGW_E_JSON_RANGE, "cache_ttl" },
        { "{\"cache_ttl\":1e3}", AIGW_E_JSON_RANGE, "cache_ttl" },
        { "{\"cache_ttl\":9223372036854775808}", AIGW_E_JSON_RANGE, "cache_ttl" },
        { "{\"retry_delay\":-9223372036854775809}", AIGW_E_JSON_RANGE, "retry_delay" },
        { "{\"collect_logs\":0}", AIGW_E_JSON_TYPE, "collect_logs" },
        { "{\"store_id\":1}", AIGW_E_JSON_TYPE, "store_id" },
        { "{\"retry_backoff\":[]}", AIGW_E_JSON_TYPE, "retry_backoff" },
        { "{\"dlp\":[]}", AIGW_E_JSON_TYPE, "dlp" },
        { "{\"dlp\":{\"enabled\":\"yes\"}}", AIGW_E_JSON_TYPE, "dlp.enabled" },
        { "{\"dlp\":{\"profiles\":[null]}}", AIGW_E_JSON_TYPE, "dlp.profiles[0]" },
        { "{\"dlp\":{\"profiles\":\"a\"}}", AIGW_E_JSON_TYPE, "dlp.profiles" },
        { "{\"dlp\":{\"policies\":[{\"check\":[\"REQUEST\",5]}]}}", AIGW_E_JSON_TYPE, "dlp.policies[0].check[1]" },
        { "{\"dlp\":{\"policies\":[{},{\"id\":false}]}}", AIGW_E_JSON_TYPE, "dlp.policies[1].id" },
        { "{\"dlp\":{\"policies\":[null]}}", AIGW_E_JSON_TYPE, "dlp.policies[0]" },
        { "{\"otel\":{}}", AIGW_E_JSON_TYPE, "otel" },
        { "{\"otel\":[1]}", AIGW_E_JSON_TYPE, "otel[0]" },
        { "{\"otel\":[{\"url\":\"a\"},{\"url\":5}]}", AIGW_E_JSON_TYPE, "otel[1].url" },
        { "{\"otel\":[{\"headers\":[]}]}", AIGW_E_JSON_TYPE, "otel[0].headers" },
        { "{\"otel\":[{\"headers\":{\"a\":null}}]}", AIGW_E_JSON_TYPE, "otel[0].headers.a" },
        { "{\"otel\":[{\"headers\":{\"a\":1}}]}", AIGW_E_JSON_TYPE, "otel[0].headers.a" },
        { "{\"stripe\":{\"usage_events\":[{\"payload\":1}]}}", AIGW_E_JSON_TYPE, "stripe.usage_events[0].payload" },
        { "{\"stripe\":{\"usage_events\":{}}}", AIGW_E_JSON_TYPE, "stripe.usage_events" },
        { "{\"stripe\":\"x\"}", AIGW_E_JSON_TYPE, "stripe" },
        { "[1]", AIGW_E_JSON_TYPE, "" },
        { "\"x\"", AIGW_E_JSON_TYPE, "" },
        /* the newer members: objects of enums, a number kept as text, an object kept as text */
        { "{\"guardrails\":[]}", AIGW_E_JSON_TYPE, "guardrails" },
        { "{\"guardrails\":{\"prompt\":{\"P1\":1}}}", AIGW_E_JSON_TYPE, "guardrails.prompt.P1" },
        { "{\"guardrails\":{\"prompt\":{},\"prompt\":{}}}", AIGW_E_JSON, "guardrails.prompt" },
        { "{\"guardrails\":{\"response\":{\"S1\":\"FLAG\",\"S\\u0031\":\"BLOCK\"}}}", AIGW_E_JSON,
          "guardrails.response.S\\u0031" },
        { "{\"log_classification\":\"yes\"}", AIGW_E_JSON_TYPE, "log_classification" },
        { "{\"spend_limits\":{\"rules\":{}}}", AIGW_E_JSON_TYPE, "spend_limits.rules" },
        { "{\"spend_limits\":{\"rules\":[null]}}", AIGW_E_JSON_TYPE, "spend_limits.rules[0]" },
        { "{\"spend_limits\":{\"rules\":[{\"limit\":\"10\"}]}}", AIGW_E_JSON_TYPE, "spend_limits.rules[0].limit" },
        { "{\"spend_limits\":{\"rules\":[{\"limit\":true}]}}", AIGW_E_JSON_TYPE, "spend_limits.rules[0].limit" },
        { "{\"spend_limits\":{\"rules\":[{\"limit\":[1]}]}}", AIGW_E_JSON_TYPE, "spend_limits.rules[0].limit" },
        { "{\"spend_limits\":{\"rules\":[{},{\"metadata\":[]}]}}", AIGW_E_JSON_TYPE, "spend_limits.rules[1].metadata" },
        { "{\"spend_limits\":{\"rules\":[{\"metadata\":\"{}\"}]}}", AIGW_E_JSON_TYPE, "spend_limits.rules[0].metadata" },
        { "{\"spend_limits\":{\"rules\":[{\"model\":{\"values\":[1]}}]}}", AIGW_E_JSON_TYPE,
          "spend_limits.rules[0].model.values[0]" },
        { "{\"spend_limits\":{\"rules\":[{\"metadata\":{},\"metadata\":{}}]}}", AIGW_E_JSON,
          "spend_limits.rules[0].metadata" },
        { "{\"spend_limits\":{\"rules\":[{\"provider\":{\"mode\":\"filter\",\"x\":1,\"x\":2}}]}}", AIGW_E_JSON,
          "spend_limits.rules[0].provider.x" },
        /* an error after items took arena memory: the arena and the output as they were */
        { "{\"otel\":[{\"url\":\"a\"}],\"dlp\":{\"profiles\":[\"p\"]},\"zdr\":1}", AIGW_E_JSON_TYPE, "zdr" },
        { "{\"spend_limits\":{\"rules\":[{\"limit\":1,\"x\":2},{\"window\":1.5}]}}", AIGW_E_JSON_RANGE,
          "spend_limits.rules[1].window" },
        /* limits */
        { "{\"otel\":[{},{},{},{},{},{}]}", AIGW_E_JSON_LIMIT, "otel" },
        { "{\"dlp\":{\"policies\":[{\"check\":[1,2,3,4,5,6,7,8,9]}]}}", AIGW_E_JSON_LIMIT, "dlp.policies[0].check" },
        /* duplicates */
        { "{\"cache_ttl\":1,\"cache_ttl\":2}", AIGW_E_JSON, "cache_ttl" },
        { "{\"cache_ttl\":null,\"c\\u0061che_ttl\":2}", AIGW_E_JSON, "c\\u0061che_ttl" },
        { "{\"x\":1,\"y\":2,\"x\":3}", AIGW_E_JSON, "x" },
        { "{\"dlp\":{\"enabled\":true,\"enabled\":false}}", AIGW_E_JSON, "dlp.enabled" },
        { "{\"otel\":[{\"headers\":{\"a\":\"1\",\"a\":\"2\"}}]}", AIGW_E_JSON, "otel[0].headers.a" },
        { "{\"dlp\":{\"x\":1},\"dlp\":{\"y\":1}}", AIGW_E_JSON, "dlp" },
        /* ... after unescaping, unknown members of nested objects too */
        { "{\"stri\\u0070e\":{\"mode\":1},\"stripe\":null}", AIGW_E_JSON, "stripe" },
        { "{\"dlp\":{\"x\":1,\"\\u0078\":2}}", AIGW_E_JSON, "dlp.\\u0078" },
        { "{\"otel\":[{\"t\":1,\"t\":[]}]}", AIGW_E_JSON, "otel[0].t" },
        { "{\"dlp\":{\"policies\":[{\"s\":1,\"s\":2}]}}", AIGW_E_JSON, "dlp.policies[0].s" },
        { "{\"stripe\":{\"usage_events\":[{\"m\":1,\"m\":2}]}}", AIGW_E_JSON, "stripe.usage_events[0].m" },
        /* syntax and strings surface through aigw_params_from_json too */
        { "{\"cache_ttl\":1,}", AIGW_E_JSON, "" },
        { "{\"otel\":[{\"url\":\"\\ud800\"}]}", AIGW_E_JSON_UTF8, "otel[0].url" },
        { "", AIGW_E_NOT_JSON, "" },
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) check_params(&cases[i]);
}

/* The newer members in an update body, nulls included. */
static void test_newer_kinds(void)
{
    static const char body[] =
        "{\"guardrails\":{\"prompt\":{\"S13\":\"BLOCK\",\"P1\":\"WARN\",\"new\":1},\"response\":null},"
        "\"spend_limits\":{\"rules\":[{\"limit\":-0.5e-3,\"window\":60,\"metadata\":{\"a\":[1,{\"b\":null}]},"
        "\"limitType\":\"c\\u006fst\",\"model\":null,\"provider\":{\"mode\":\"filter\",\"values\":[]}},"
        "{\"limit\":null,\"metadata\":null,\"id\":\"r2\"}],\"enabled\":null},\"log_classification\":false}";
    static aigw_tok_t tok[128];
    static uint64_t mem[512];
    aigw_arena_t a;
    aigw_params_t p;
    aigw_diag_t d;
    aigw_err_t e;
    aigw_arena_init(&a, mem, sizeof mem);
    e = aigw_params_from_json(body, sizeof body - 1, tok, 128, &a, &p, &d);
    EXPECTF(e == AIGW_OK, "%s at %s (%s)", aigw_strerror(e), d.path, d.rule ? d.rule : "");
    if (e) return;
    EXPECT(p.guardrails.state == AIGW_SET && p.guardrails.prompt.state == AIGW_SET);
    EXPECT(p.guardrails.prompt.S13.value == AIGW_ACTION_BLOCK);
    EXPECT(p.guardrails.prompt.P1.value == AIGW_ENUM_OTHER && dt_str_is(p.guardrails.prompt.P1.raw, "WARN"));
    EXPECT(p.guardrails.prompt.extra.count == 1 && member_is(p.guardrails.prompt.extra, "new", "1"));
    EXPECT(p.guardrails.response.state == AIGW_NULL);
    EXPECT(p.spend_limits.state == AIGW_SET && p.spend_limits.enabled.state == AIGW_NULL);
    EXPECT(p.spend_limits.rules.state == AIGW_SET && p.spend_limits.rules.count == 2);
    if (p.spend_limits.rules.count == 2) {
        const aigw_spend_rule_t *r = p.spend_limits.rules.items;
        EXPECT(r[0].limit.state == AIGW_SET && dt_str_is(r[0].limit.text, "-0.5e-3"));
        EXPECT(r[0].window.value == 60);
        EXPECT(r[0].metadata.state == AIGW_SET && dt_str_is(r[0].metadata.json, "{\"a\":[1,{\"b\":null}]}"));
        /* an escaped enum string: unescaped into the arena, then known */
        EXPECT(r[0].limitType.value == AIGW_LIMIT_COST && dt_str_is(r[0].limitType.raw, "cost"));
        EXPECT(r[0].model.state == AIGW_NULL && r[0].provider.state == AIGW_SET);
        EXPECT(r[0].provider.values.state == AIGW_SET && r[0].provider.values.count == 0);
        EXPECT(r[1].limit.state == AIGW_NULL && r[1].metadata.state == AIGW_NULL && dt_str_is(r[1].id.value, "r2"));
        EXPECT(r[1].limitType.state == AIGW_ABSENT && r[1].model.state == AIGW_ABSENT);
    }
    EXPECT(p.log_classification.state == AIGW_SET && !p.log_classification.value);
    EXPECT(p.extra.count == 0);
}

/*
 * One pass: an arena too small at every size reports the exact need (the
 * walk goes on counting), leaves arena->used as it was and the output
 * zeroed, including when items were already taken before it ran out; an
 * error after items took memory does the same.
 */
static void test_single_pass_arena(void)
{
    static const char body[] =
        "{\"otel\":[{\"url\":\"u\",\"headers\":{\"k\\u00e9\":\"v\"},\"t\":1}],"
        "\"dlp\":{\"profiles\":[\"a\",\"b\\n\"]},\"x\":true,"
        "\"spend_limits\":{\"rules\":[{\"model\":{\"values\":[\"m\"]}},{\"id\":\"\\u00e9\"}]}}";
    static const char bad[] =
        "{\"otel\":[{\"url\":\"u\",\"headers\":{\"k\\u00e9\":\"v\"},\"t\":1}],"
        "\"dlp\":{\"profiles\":[\"a\",\"b\\n\"]},\"x\":true,"
        "\"spend_limits\":{\"rules\":[{\"model\":{\"values\":[\"m\"]}},{\"id\":7}]}}";
    static aigw_tok_t tok[128];
    static uint64_t mem[512];
    static const aigw_params_t zero;
    aigw_json_t js;
    aigw_arena_t a;
    aigw_params_t p;
    aigw_diag_t d;
    size_t need, cap, pre;
    EXPECT(aigw_json_parse(&js, body, sizeof body - 1, tok, 128, &d) == AIGW_OK);
    aigw_arena_init(&a, mem, sizeof mem);
    EXPECT(aigw_params_decode(&js, 0, &a, &p, &d) == AIGW_OK);
    need = a.used;
    EXPECT(need > sizeof(aigw_otel_t) + 2 * sizeof(aigw_spend_rule_t));
    /* no arena at all: the need, counted to the end */
    EXPECT(aigw_params_decode(&js, 0, NULL, &p, &d) == AIGW_E_ARENA && d.needed == need);
    EXPECT(!memcmp(&p, &zero, sizeof p));
    for (pre = 0; pre <= 16; pre += 8)
        for (cap = pre; cap < need + pre; cap++) {
            aigw_arena_init(&a, mem, cap);
            a.used = pre;
            memset(&p, 0x5A, sizeof p);
            EXPECTF(aigw_params_decode(&js, 0, &a, &p, &d) == AIGW_E_ARENA && d.needed == need + pre,
                    "cap %zu: needed %zu, want %zu", cap, d.needed, need + pre);
            EXPECTF(a.used == pre && !memcmp(&p, &zero, sizeof p), "cap %zu: used %zu or output kept", cap, a.used);
        }
    aigw_arena_init(&a, mem, need);
    EXPECT(aigw_params_decode(&js, 0, &a, &p, &d) == AIGW_OK && a.used == need);
    EXPECT(p.spend_limits.rules.count == 2 && dt_str_is(p.spend_limits.rules.items[1].id.value, "\xC3\xA9"));
    /* a type error after the items took memory: the arena and the output as they were */
    EXPECT(aigw_json_parse(&js, bad, sizeof bad - 1, tok, 128, &d) == AIGW_OK);
    aigw_arena_init(&a, mem, sizeof mem);
    a.used = 8;
    memset(&p, 0x5A, sizeof p);
    EXPECT(aigw_params_decode(&js, 0, &a, &p, &d) == AIGW_E_JSON_TYPE && !strcmp(d.path, "spend_limits.rules[1].id"));
    EXPECT(a.used == 8 && !memcmp(&p, &zero, sizeof p));
    /* ... and a type error found while only counting wins over the arena */
    aigw_arena_init(&a, mem, 16);
    EXPECT(aigw_params_decode(&js, 0, &a, &p, &d) == AIGW_E_JSON_TYPE && !strcmp(d.path, "spend_limits.rules[1].id"));
    EXPECT(a.used == 0 && !memcmp(&p, &zero, sizeof p));
}

/* In place: escaped strings (an enum, a date) are read before they are
 * unescaped, the text changes only after success, and a second decode of
 * the unescaped text gives the same values. */
#define ESC_GW "{\"id\":\"g\\u0031\",\"created_at\":\"2019-12-27\\u005418:11:19Z\"," \
               "\"retry_backoff\":\"line\\u0061r\",\"guardrails\":{\"prompt\":{\"P1\":\"FL\\u0041G\"}},"
static void test_in_place_escaped_enum_and_date(void)
{
    static char bad[] = ESC_GW "\"is_default\":7}";
    static char good[] = ESC_GW "\"is_default\":true}";
    static char copy[sizeof bad];
    static aigw_tok_t tok[64];
    aigw_json_t js;
    aigw_gateway_t gw;
    aigw_diag_t d;
    int round;
    memcpy(copy, bad, sizeof bad);
    /* an error after the escaped strings were met: the text stays as it was */
    EXPECT(aigw_json_parse_in_place(&js, bad, sizeof bad - 1, tok, 64, &d) == AIGW_OK);
    EXPECT(aigw_gateway_decode(&js, 0, NULL, &gw, &d) == AIGW_E_JSON_TYPE && !strcmp(d.path, "is_default"));
    EXPECT(!memcmp(bad, copy, sizeof bad));
    EXPECT(aigw_json_parse_in_place(&js, good, sizeof good - 1, tok, 64, &d) == AIGW_OK);
    for (round = 0; round < 2; round++) { /* the second over the unescaped text */
        EXPECTF(aigw_gateway_decode(&js, 0, NULL, &gw, &d) == AIGW_OK, "round %d: %s at %s", round,
                aigw_strerror(d.err), d.path);
        EXPECT(dt_str_is(gw.id.value, "g1") && gw.created_unix_ms == 1577470279000LL);
        EXPECT(dt_str_is(gw.created_at.value, "2019-12-27T18:11:19Z"));
        EXPECT(gw.params.retry_backoff.value == AIGW_BACKOFF_LINEAR && dt_str_is(gw.params.retry_backoff.raw, "linear"));
        EXPECT(gw.params.guardrails.prompt.P1.value == AIGW_ACTION_FLAG);
        EXPECT(gw.is_default.state == AIGW_SET && gw.is_default.value);
    }
    EXPECT(!strncmp(good, "{\"id\":\"g1", 9)); /* unescaped over its own bytes */
}

static void test_extra_member_limit(void)
{
    char buf[2048];
    size_t n = 0;
    int i;
    bad_t c;
    buf[n++] = '{';
    for (i = 0; i < AIGW_MAX_EXTRA_MEMBERS + 1; i++)
        n += (size_t)sprintf(buf + n, "%s\"m%d\":%d", i ? "," : "", i, i);
    buf[n++] = '}';
    buf[n] = '\0';
    c.json = buf; c.err = AIGW_E_JSON_LIMIT; c.path = "m32";
    check_params(&c);
    /* exactly the maximum is fine */
    n = 0;
    buf[n++] = '{';
    for (i = 0; i < AIGW_MAX_EXTRA_MEMBERS; i++)
        n += (size_t)sprintf(buf + n, "%s\"m%d\":%d", i ? "," : "", i, i);
    buf[n++] = '}';
    buf[n] = '\0';
    c.err = AIGW_OK; c.path = "";
    check_params(&c);
    /* the same bound per nested object */
    n = (size_t)sprintf(buf, "{\"otel\":[{");
    for (i = 0; i < AIGW_MAX_EXTRA_MEMBERS + 1; i++)
        n += (size_t)sprintf(buf + n, "%s\"m%d\":%d", i ? "," : "", i, i);
    n += (size_t)sprintf(buf + n, "}]}");
    c.err = AIGW_E_JSON_LIMIT; c.path = "otel[0].m32";
    check_params(&c);
}

static void test_integers(void)
{
    static aigw_tok_t tok[16];
    aigw_params_t p;
    aigw_diag_t d;
    static const char a[] = "{\"cache_ttl\":9223372036854775807,\"retry_delay\":-9223372036854775808,"
                            "\"log_management\":-0,\"retry_max_attempts\":-1}";
    EXPECT(aigw_params_from_json(a, sizeof a - 1, tok, 16, NULL, &p, &d) == AIGW_OK);
    EXPECT(p.cache_ttl.value == INT64_MAX && p.retry_delay.value == INT64_MIN);
    EXPECT(p.log_management.state == AIGW_SET && p.log_management.value == 0);
    EXPECT(p.retry_max_attempts.value == -1); /* range is the validator's business */
}

static void check_env(const char *json, aigw_err_t want, const char *path)
{
    decode_text(json, strlen(json), 4);
    {
        aigw_err_t got = R.parse ? R.parse : R.env_err ? R.env_err : R.gw_err == AIGW_E__COUNT ? AIGW_OK : R.gw_err;
        EXPECTF(got == want && !strcmp(R.diag.path, path), "%s -> %s at \"%s\" (%s), want %s at \"%s\"", json,
                aigw_strerror(got), R.diag.path, R.diag.rule ? R.diag.rule : "", aigw_strerror(want), path);
    }
}

static void test_envelope_errors(void)
{
    check_env("[]", AIGW_E_ENVELOPE, "");
    check_env("{}", AIGW_E_ENVELOPE, "");
    check_env("{\"foo\":1}", AIGW_E_ENVELOPE, "");
    check_env("\"ok\"", AIGW_E_ENVELOPE, "");
    check_env("42", AIGW_E_ENVELOPE, "");
    check_env("null", AIGW_E_ENVELOPE, "");
    check_env("{\"success\":\"yes\"}", AIGW_E_JSON_TYPE, "success");
    check_env("{\"success\":true,\"success\":true}", AIGW_E_JSON, "success");
    check_env("{\"errors\":{}}", AIGW_E_JSON_TYPE, "errors");
    check_env("{\"errors\":[1]}", AIGW_E_JSON_TYPE, "errors[0]");
    check_env("{\"errors\":[{\"code\":\"x\"}]}", AIGW_E_JSON_TYPE, "errors[0].code");
    check_env("{\"errors\":[{\"code\":7001},{\"code\":1.5}]}", AIGW_E_JSON_RANGE, "errors[1].code");
    check_env("{\"errors\":[{\"message\":[]}]}", AIGW_E_JSON_TYPE, "errors[0].message");
    check_env("{\"errors\":[{\"path\":[\"body\",true]}]}", AIGW_E_JSON_TYPE, "errors[0].path[1]");
    check_env("{\"errors\":[{\"path\":[0.5]}]}", AIGW_E_JSON_RANGE, "errors[0].path[0]");
    check_env("{\"errors\":[{\"source\":[]}]}", AIGW_E_JSON_TYPE, "errors[0].source");
    check_env("{\"errors\":[{\"source\":{\"pointer\":1}}]}", AIGW_E_JSON_TYPE, "errors[0].source.pointer");
    check_env("{\"messages\":[{\"code\":1,\"message\":2}]}", AIGW_E_JSON_TYPE, "messages[0].message");
    /* items past the caller's capacity are still checked */
    check_env("{\"errors\":[{},{},{},{},{\"code\":\"x\"}]}", AIGW_E_JSON_TYPE, "errors[4].code");
    /* result: any value is the caller's business at this level */
    check_env("{\"success\":true,\"result\":[]}", AIGW_OK, "");
    /* the gateway inside: paths start at the envelope */
    check_env("{\"success\":true,\"result\":{\"otel\":[{\"url\":\"u\"},{\"url\":false}]}}", AIGW_E_JSON_TYPE,
              "result.otel[1].url");
    check_env("{\"result\":{\"created_at\":\"2019-02-29T00:00:00Z\"}}", AIGW_E_JSON_RANGE, "result.created_at");
    check_env("{\"result\":{\"modified_at\":5}}", AIGW_E_JSON_TYPE, "result.modified_at");
    check_env("{\"result\":{\"id\":[]}}", AIGW_E_JSON_TYPE, "result.id");
    check_env("{\"result\":{\"is_default\":1}}", AIGW_E_JSON_TYPE, "result.is_default");
    check_env("{\"result\":{\"id\":\"a\",\"id\":\"b\"}}", AIGW_E_JSON, "result.id");
    check_env("{\"result\":{\"created_at\":null,\"created_at\":null}}", AIGW_E_JSON, "result.created_at");
    check_env("{\"result\":{\"dlp\":{\"policies\":[{\"profiles\":[\"a\",{}]}]}}}", AIGW_E_JSON_TYPE,
              "result.dlp.policies[0].profiles[1]");
}

static void test_gateway_only_members_are_params_extra_in_a_body(void)
{
    /* In an update body, "id" is not a gateway member but an unknown one. */
    static aigw_tok_t tok[16];
    aigw_params_t p;
    aigw_diag_t d;
    static uint64_t mem[64];
    aigw_arena_t a;
    static const char body[] = "{\"id\":\"x\",\"cache_ttl\":1}";
    aigw_arena_init(&a, mem, sizeof mem);
    EXPECT(aigw_params_from_json(body, sizeof body - 1, tok, 16, &a, &p, &d) == AIGW_OK);
    EXPECT(p.extra.count == 1 && dt_str_is(p.extra.items[0].name, "id") && dt_str_is(p.extra.items[0].json, "\"x\""));
}

static void test_rfc3339(void)
{
    static const struct { const char *s; int ok; long long ms; } c[] = {
        { "2019-12-27T18:11:19.117Z", 1, 1577470279117LL },
        { "2019-12-27t18:11:19.117z", 1, 1577470279117LL },
        { "1970-01-01T00:00:00Z", 1, 0 },
        { "1969-12-31T23:59:59.999Z", 1, -1 },
        { "1970-01-01T01:00:00+01:00", 1, 0 },
        { "1970-01-01T00:00:00-00:30", 1, 1800000 },
        { "2000-02-29T12:00:00.123456789Z", 1, 951825600123LL },
        { "2016-12-31T23:59:60Z", 1, 1483228800000LL },
        { "0000-01-01T00:00:00Z", 1, -62167219200000LL },
        { "9999-12-31T23:59:59.999Z", 1, 253402300799999LL },
        { "2100-02-29T00:00:00Z", 0, 0 },
        { "2019-02-29T00:00:00Z", 0, 0 },
        { "2019-13-01T00:00:00Z", 0, 0 },
        { "2019-00-01T00:00:00Z", 0, 0 },
        { "2019-04-31T00:00:00Z", 0, 0 },
        { "2019-12-27T24:00:00Z", 0, 0 },
        { "2019-12-27T18:60:00Z", 0, 0 },
        { "2019-12-27T18:11:61Z", 0, 0 },
        { "2019-12-27T18:11:19", 0, 0 },
        { "2019-12-27T18:11:19.Z", 0, 0 },
        { "2019-12-27 18:11:19Z", 0, 0 },
        { "2019-12-27T18:11:19+0200", 0, 0 },
        { "2019-12-27T18:11:19+24:00", 0, 0 },
        { "2019-12-27T18:11:19Zjunk", 0, 0 },
        { "2019-12-27", 0, 0 },
        { "19-12-27T18:11:19Z", 0, 0 },
        { "", 0, 0 },
    };
    size_t i;
    for (i = 0; i < sizeof c / sizeof c[0]; i++) {
        int64_t ms = 12345;
        bool ok = aigw_rfc3339_parse(c[i].s, strlen(c[i].s), &ms);
        EXPECTF(ok == (c[i].ok != 0) && (!ok || ms == c[i].ms), "%s -> %d %lld", c[i].s, ok, (long long)ms);
    }
}

static void test_bad_arguments(void)
{
    aigw_params_t p;
    aigw_diag_t d;
    aigw_json_t js;
    aigw_envelope_t env;
    EXPECT(aigw_json_parse(NULL, "{}", 2, g_tok, 4, &d) == AIGW_E_ARG);
    EXPECT(aigw_json_parse(&js, NULL, 2, g_tok, 4, &d) == AIGW_E_ARG);
    EXPECT(aigw_json_parse(&js, "{}", 2, NULL, 4, &d) == AIGW_E_ARG);
    EXPECT(aigw_json_parse(&js, "{}", 2, g_tok, 4, NULL) == AIGW_OK);
    EXPECT(aigw_params_decode(&js, 1, NULL, &p, &d) == AIGW_E_ARG); /* token out of range */
    EXPECT(aigw_params_decode(&js, 0, NULL, NULL, &d) == AIGW_E_ARG);
    EXPECT(aigw_params_decode(NULL, 0, NULL, &p, &d) == AIGW_E_ARG);
    aigw_envelope_init(&env, NULL, 5, NULL, 0);
    EXPECT(env.errors_cap == 0);
    EXPECT(aigw_params_decode(&js, 0, NULL, &p, NULL) == AIGW_OK);
}

int main(int argc, char **argv)
{
    if (argc > 1) g_dir = argv[1];
    RUN(test_api_page_example);
    RUN(test_error_400_with_path);
    RUN(test_errors_over_capacity_are_flagged);
    RUN(test_error_404);
    RUN(test_error_401_403);
    RUN(test_error_500_with_messages);
    RUN(test_html_is_not_json);
    RUN(test_newer_fields_kept_raw);
    RUN(test_nulls_everywhere);
    RUN(test_dlp_policies_otel_stripe);
    RUN(test_escapes_and_surrogates);
    RUN(test_unknown_nested_members_kept_per_object);
    RUN(test_unknown_members_every_level);
    RUN(test_params_type_errors);
    RUN(test_newer_kinds);
    RUN(test_single_pass_arena);
    RUN(test_in_place_escaped_enum_and_date);
    RUN(test_extra_member_limit);
    RUN(test_integers);
    RUN(test_envelope_errors);
    RUN(test_gateway_only_members_are_params_extra_in_a_body);
    RUN(test_rfc3339);
    RUN(test_bad_arguments);
    return AIGW_TEST_EXIT();
}
