/* SPDX-License-Identifier: MIT */
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
 *   test_decode_rmw --emit-changed <file> print the PUT body with a modelled member
 *                                         changed in every object (change_all(); for
 *                                         tests/decode/rmw_every_level.py)
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

/* Every object's list of unknown members: the top level, dlp, each policy,
 * each otel entry, stripe, each usage event, guardrails and its prompt and
 * response, spend_limits, each rule and its model and provider. */
static size_t member_lists(const aigw_params_t *p, const aigw_members_t **out, size_t cap)
{
    size_t n = 0, i;
#define ADD(x) do { if (n < cap) out[n] = &(x); n++; } while (0)
    ADD(p->extra);
    ADD(p->dlp.extra);
    for (i = 0; i < p->dlp.policies.count; i++) ADD(p->dlp.policies.items[i].extra);
    for (i = 0; i < p->otel.count; i++) ADD(p->otel.items[i].extra);
    ADD(p->stripe.extra);
    for (i = 0; i < p->stripe.usage_events.count; i++) ADD(p->stripe.usage_events.items[i].extra);
    ADD(p->guardrails.extra);
    ADD(p->guardrails.prompt.extra);
    ADD(p->guardrails.response.extra);
    ADD(p->spend_limits.extra);
    for (i = 0; i < p->spend_limits.rules.count; i++) {
        ADD(p->spend_limits.rules.items[i].extra);
        ADD(p->spend_limits.rules.items[i].model.extra);
        ADD(p->spend_limits.rules.items[i].provider.extra);
    }
#undef ADD
    return n;
}

static size_t unknown_count(const aigw_params_t *p)
{
    const aigw_members_t *l[64];
    size_t n = member_lists(p, l, 64), i, total = 0;
    for (i = 0; i < n && i < 64; i++) total += l[i]->count;
    return total;
}

/* Each unknown member of every object, byte for byte in the body? NULL or the first one missing. */
static const aigw_member_t *missing_verbatim(const aigw_params_t *p, const char *out, size_t len)
{
    const aigw_members_t *l[64];
    size_t n = member_lists(p, l, 64), i, j;
    for (i = 0; i < n && i < 64; i++)
        for (j = 0; j < l[i]->count; j++)
            if (!member_verbatim(out, len, &l[i]->items[j])) return &l[i]->items[j];
    return NULL;
}

/*
 * A modelled member changed in every object (rmw_every_level.py applies the
 * same): cache_ttl + 1, dlp.enabled flipped (and dlp.action swapped when
 * set), every policy's enabled flipped, every otel url, stripe.authorization
 * and every usage event's payload replaced; log_classification flipped,
 * guardrails.prompt.P1 and .response.P1 swapped (FLAG when absent) and
 * .response.S13 set to BLOCK; spend_limits.enabled flipped, every rule's
 * window + 1 and limit 7.25, every rule's model.values ["changed <i>"].
 */
static aigw_dlp_policy_t g_pol[AIGW_MAX_DLP_POLICIES];
static aigw_otel_t g_otel[AIGW_MAX_OTEL];
static aigw_usage_event_t g_ev[AIGW_MAX_USAGE_EVENTS];
static char g_texts[AIGW_MAX_OTEL + AIGW_MAX_USAGE_EVENTS][48];
static aigw_spend_rule_t g_rule[AIGW_MAX_SPEND_RULES];
static aigw_str_t g_rule_values[AIGW_MAX_SPEND_RULES];
static char g_rule_texts[AIGW_MAX_SPEND_RULES][24];

static void set_text(aigw_text_t *t, char *buf, const char *fmt, size_t i)
{
    int n = snprintf(buf, 48, fmt, i);
    t->state = AIGW_SET;
    t->value.ptr = buf;
    t->value.len = (size_t)n;
}

static void change_all(aigw_params_t *p)
{
    size_t i;
    p->cache_ttl.value = (p->cache_ttl.state == AIGW_SET ? p->cache_ttl.value : 0) + 1;
    p->cache_ttl.state = AIGW_SET;
    if (p->dlp.state == AIGW_SET) {
        p->dlp.enabled.value = !(p->dlp.enabled.state == AIGW_SET && p->dlp.enabled.value);
        p->dlp.enabled.state = AIGW_SET;
        if (p->dlp.action.state == AIGW_SET)
            p->dlp.action.value = p->dlp.action.value == AIGW_ACTION_FLAG ? AIGW_ACTION_BLOCK : AIGW_ACTION_FLAG;
        for (i = 0; i < p->dlp.policies.count && i < AIGW_MAX_DLP_POLICIES; i++) {
            g_pol[i] = p->dlp.policies.items[i];
            g_pol[i].enabled.value = !g_pol[i].enabled.value;
        }
        if (p->dlp.policies.count) p->dlp.policies.items = g_pol;
    }
    for (i = 0; i < p->otel.count && i < AIGW_MAX_OTEL; i++) {
        g_otel[i] = p->otel.items[i];
        set_text(&g_otel[i].url, g_texts[i], "https://changed.example/%zu", i);
    }
    if (p->otel.count) p->otel.items = g_otel;
    if (p->stripe.state == AIGW_SET) {
        p->stripe.authorization.state = AIGW_SET;
        p->stripe.authorization.value.ptr = "changed";
        p->stripe.authorization.value.len = 7;
        for (i = 0; i < p->stripe.usage_events.count && i < AIGW_MAX_USAGE_EVENTS; i++) {
            g_ev[i] = p->stripe.usage_events.items[i];
            set_text(&g_ev[i].payload, g_texts[AIGW_MAX_OTEL + i], "changed %zu", i);
        }
        if (p->stripe.usage_events.count) p->stripe.usage_events.items = g_ev;
    }
    if (p->log_classification.state == AIGW_SET)
        p->log_classification.value = !p->log_classification.value;
    if (p->guardrails.state == AIGW_SET) {
        aigw_guardrail_actions_t *ga[2];
        ga[0] = &p->guardrails.prompt;
        ga[1] = &p->guardrails.response;
        for (i = 0; i < 2; i++)
            if (ga[i]->state == AIGW_SET) {
                int flag = ga[i]->P1.state == AIGW_SET && ga[i]->P1.value == AIGW_ACTION_FLAG;
                ga[i]->P1.state = AIGW_SET;
                ga[i]->P1.value = flag ? AIGW_ACTION_BLOCK : AIGW_ACTION_FLAG;
            }
        if (p->guardrails.response.state == AIGW_SET) {
            p->guardrails.response.S13.state = AIGW_SET;
            p->guardrails.response.S13.value = AIGW_ACTION_BLOCK;
        }
    }
    if (p->spend_limits.state == AIGW_SET) {
        p->spend_limits.enabled.value = !(p->spend_limits.enabled.state == AIGW_SET && p->spend_limits.enabled.value);
        p->spend_limits.enabled.state = AIGW_SET;
        for (i = 0; i < p->spend_limits.rules.count && i < AIGW_MAX_SPEND_RULES; i++) {
            aigw_spend_rule_t *r = &g_rule[i];
            *r = p->spend_limits.rules.items[i];
            r->window.value++;
            r->limit.text.ptr = "7.25";
            r->limit.text.len = 4;
            if (r->model.state == AIGW_SET) {
                int n = snprintf(g_rule_texts[i], sizeof g_rule_texts[i], "changed %zu", i);
                g_rule_values[i].ptr = g_rule_texts[i];
                g_rule_values[i].len = (size_t)n;
                r->model.values.state = AIGW_SET;
                r->model.values.items = &g_rule_values[i];
                r->model.values.count = 1;
            }
        }
        if (p->spend_limits.rules.count) p->spend_limits.rules.items = g_rule;
    }
}

static void check_rmw(const char *name, size_t expect_extra)
{
    size_t len = 0;
    aigw_err_t e = get(g_dir, name);
    aigw_params_t back, orig;
    static aigw_tok_t tok[2048];
    static uint64_t mem[4096];
    aigw_arena_t a;
    aigw_diag_t d;
    const char *diff;
    EXPECTF(e == AIGW_OK, "%s: GET decode %s", name, aigw_strerror(e));
    if (e) return;
    EXPECTF(unknown_count(&g_gw.params) == expect_extra, "%s: %zu unknown members", name,
            unknown_count(&g_gw.params));
    e = put(g_gw.params.cache_ttl.value + 1000, &len);
    EXPECTF(e == AIGW_OK, "%s: encode %s", name, aigw_strerror(e));
    if (e) return;
    /* byte for byte: each unmodelled member as it came, in whichever object */
    {
        const aigw_member_t *m = missing_verbatim(&g_gw.params, g_out, len);
        EXPECTF(!m, "%s: unknown member %.*s not verbatim in %.*s", name, m ? (int)m->name.len : 0,
                m ? m->name.ptr : "", (int)len, g_out);
    }
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

static void test_rmw_newer_fields(void) { check_rmw("newer_fields.json", 2); } /* account_id, byok_only */
static void test_rmw_unknown_nested_members(void) { check_rmw("unknown_nested.json", 3); }
static void test_rmw_unknown_every_level(void) { check_rmw("unknown_every_level.json", 23); } /* guardrails, .prompt, .response, spend_limits, rules[i], rules[0].model: 9 */

/* A change in every object is sent, and every unknown member survives verbatim. */
static void test_change_every_object(void)
{
    static const char *const files[] = { "unknown_every_level.json", "unknown_dlp_v1.json", "unknown_nested.json" };
    size_t f, len = 0;
    for (f = 0; f < sizeof files / sizeof files[0]; f++) {
        aigw_params_t p, back;
        static aigw_tok_t tok[2048];
        static uint64_t mem[4096];
        aigw_arena_t a;
        aigw_diag_t d;
        const aigw_member_t *m;
        const char *diff;
        aigw_err_t e = get(g_dir, files[f]);
        EXPECTF(e == AIGW_OK, "%s: GET decode %s", files[f], aigw_strerror(e));
        if (e) continue;
        p = g_gw.params;
        change_all(&p);
        memset(&d, 0, sizeof d);
        e = aigw_params_to_json(&p, g_out, sizeof g_out - 1, &len, &d);
        EXPECTF(e == AIGW_OK, "%s: encode %s at %s (%s)", files[f], aigw_strerror(e), d.path, d.rule ? d.rule : "");
        if (e) continue;
        m = missing_verbatim(&g_gw.params, g_out, len);
        EXPECTF(!m, "%s: unknown member %.*s not verbatim in %.*s", files[f], m ? (int)m->name.len : 0,
                m ? m->name.ptr : "", (int)len, g_out);
        aigw_arena_init(&a, mem, sizeof mem);
        e = aigw_params_from_json(g_out, len, tok, 2048, &a, &back, &d);
        EXPECTF(e == AIGW_OK, "%s: PUT body does not decode: %s at %s", files[f], aigw_strerror(e), d.path);
        if (e) continue;
        diff = dt_params_diff(&p, &back);
        EXPECTF(diff == NULL, "%s: %s not as changed in %.*s", files[f], diff ? diff : "", (int)len, g_out);
    }
}
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
    if (argc == 3 && !strcmp(argv[1], "--emit-changed")) {
        char dir[512];
        const char *slash = strrchr(argv[2], '/');
        size_t len = 0;
        aigw_params_t p;
        aigw_diag_t d;
        aigw_err_t e;
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - argv[2]) : 1, slash ? argv[2] : ".");
        e = get(dir, slash ? slash + 1 : argv[2]);
        if (!e) {
            p = g_gw.params;
            change_all(&p);
            e = aigw_params_to_json(&p, g_out, sizeof g_out - 1, &len, &d);
        }
        if (e) { fprintf(stderr, "rmw: %s\n", aigw_strerror(e)); return 1; }
        fwrite(g_out, 1, len, stdout);
        return 0;
    }
    if (argc > 1) g_dir = argv[1];
    RUN(test_rmw_newer_fields);
    RUN(test_rmw_unknown_nested_members);
    RUN(test_rmw_unknown_every_level);
    RUN(test_change_every_object);
    RUN(test_rmw_api_example);
    RUN(test_rmw_dlp_policies);
    RUN(test_rmw_escapes);
    return AIGW_TEST_EXIT();
}
