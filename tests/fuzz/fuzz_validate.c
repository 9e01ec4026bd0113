/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the validator and the encoder: the input is turned
 * into an aigw_params_t (every member, nested arrays included, with states,
 * numbers at and around every range edge, strings of arbitrary bytes,
 * invalid UTF-8 and lengths around every maxLength), then
 *
 *   validate -> encode -> aigw_json_parse (the project's strict RFC 8259
 *   checker) -> aigw_params_from_json -> compare with the original
 *
 * Oracles (abort on violation):
 *   - validate returns AIGW_OK or AIGW_E_INVALID, and an error names a path
 *     and a rule;
 *   - whenever the encoder produces a body (validated or not), it is valid
 *     JSON; when validation passed the encoder must succeed, and the body
 *     must decode back to exactly the same params (states, values, bytes);
 *   - the same body comes out of the counting sink (same length), a streamed
 *     sink with a tiny buffer (same bytes), and a buffer one byte too small
 *     (AIGW_E_BUFFER with needed = the length, nothing written past it:
 *     the buffers are malloc'ed at exactly their capacity).
 * Extra (unmodelled) members are raw JSON by contract (aigw_model.h: written
 * verbatim, not validated); the harness only gives well-formed ones with
 * distinct names that the model does not use, so the round trip is defined.
 * The texts the validator does check (spend_limits.rules[].limit, a number;
 * .metadata, an object) come from tables of edges and splice attempts, and
 * any body the encoder writes must hold exactly the top-level members the
 * struct says.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_decode.h"
#include "../unit/decode_test_util.h"

/* abort with the line of the broken oracle (libFuzzer keeps the input) */
#define check(ok) do { if (!(ok)) { fprintf(stderr, "oracle failed: %s:%d: %s\n", __FILE__, __LINE__, #ok); abort(); } } while (0)

/* ---- reading the input ------------------------------------------------------ */

typedef struct {
    const uint8_t *d;
    size_t n, i;
} in_t;

static unsigned u8(in_t *in) { return in->i < in->n ? in->d[in->i++] : 0u; }

/* Every string points into this pool (the params hold pointers). */
#define POOL 65536
static char g_pool[POOL];
static size_t g_pool_used;

static const char *const uris[] = {
    "https://collector.example.com/v1/traces", "http://[::1]:4318/v1/traces", "url", "",
    "https://example.com/p?q=1#f", "ftp://x", "https://ex ample.com", "mailto:a@b.c",
};
static const size_t len_edges[] = { 0, 1, 15, 16, 17, 63, 64, 65, 255, 256, 257, 1023, 1024, 1025, 2048, 2049, 4096, 4097 };

static aigw_str_t str(in_t *in)
{
    aigw_str_t s;
    unsigned how = u8(in);
    size_t len, k;
    char *p = g_pool + g_pool_used;
    if ((how & 0xC0) == 0xC0) { /* a URI from the table */
        s.ptr = uris[how & 7];
        s.len = strlen(s.ptr);
        return s;
    }
    if ((how & 0xC0) == 0x80) { /* a length at an edge, filled with a repeated byte */
        len = len_edges[(how & 0x3F) % (sizeof len_edges / sizeof len_edges[0])];
        if (len > POOL - g_pool_used) len = POOL - g_pool_used;
        memset(p, (int)(u8(in) | 0x20u) & 0x7F, len);
    } else { /* bytes straight from the input: anything, invalid UTF-8 included */
        len = how & 0x3F;
        if (len > POOL - g_pool_used) len = POOL - g_pool_used;
        for (k = 0; k < len; k++) p[k] = (char)u8(in);
    }
    g_pool_used += len;
    s.ptr = len ? p : (how & 1 ? NULL : p); /* an empty string may come with a NULL pointer */
    s.len = len;
    return s;
}

static aigw_state_t state(in_t *in) { return (aigw_state_t)(u8(in) % 3u); }

static int64_t number(in_t *in)
{
    static const int64_t edges[] = { 0, 1, -1, 4, 5, 6, 9999, 10000, 10001, 4999, 5000, 5001,
                                     9999999, 10000000, 10000001, INT64_MAX, INT64_MIN, 3600 };
    unsigned how = u8(in);
    if (how < 200) return edges[how % (sizeof edges / sizeof edges[0])];
    {
        uint64_t v = 0;
        int k;
        for (k = 0; k < 8; k++) v = (v << 8) | u8(in);
        return (int64_t)v;
    }
}

static aigw_bool_t boolean(in_t *in) { aigw_bool_t b; b.state = state(in); b.value = u8(in) & 1; return b; }
static aigw_int_t integer(in_t *in) { aigw_int_t v; v.state = state(in); v.value = number(in); return v; }
static aigw_text_t text(in_t *in) { aigw_text_t t; t.state = state(in); t.value = str(in); return t; }

static aigw_enum_t enumv(in_t *in, aigw_enum_kind_t kind, int max)
{
    aigw_enum_t e;
    memset(&e, 0, sizeof e);
    e.state = state(in);
    e.value = (int)(u8(in) % (unsigned)(max + 2)); /* 0 = AIGW_ENUM_OTHER, max + 1 = out of range */
    if (e.value == AIGW_ENUM_OTHER) {
        e.raw = str(in);
        /* an "unknown" text that is a known name is written as that name and decodes
         * as the known value: say so up front (reachable where a dlp variant is not
         * validated, see below) */
        if (e.raw.ptr && aigw_enum_parse(kind, e.raw.ptr, e.raw.len) != AIGW_ENUM_OTHER) {
            e.value = aigw_enum_parse(kind, e.raw.ptr, e.raw.len);
            e.raw.ptr = NULL;
            e.raw.len = 0;
        }
    }
    return e;
}

/* ---- arrays -------------------------------------------------------------------- */

static aigw_str_t g_strs[256];
static size_t g_strs_used;
static aigw_enum_t g_enums[64];
static size_t g_enums_used;
static aigw_dlp_policy_t g_pol[8];
static aigw_otel_t g_otel[8];
static aigw_header_t g_hdr[64];
static size_t g_hdr_used;
static aigw_usage_event_t g_ev[8];
static aigw_member_t g_extra[4];
static aigw_spend_rule_t g_rule[24];
static aigw_member_t g_nested_extra[8][2];
static size_t g_nested_used;

/* spend_limits.rules[].limit: numbers at the exclusiveMinimum edge, non-numbers and splices */
static const char *const num_texts[] = {
    "0.5", "12", "1e3", "1E-3", "0", "-1", "0.0", "-0", "0e5", "1", "123456789012345678901234567890",
    "abc", "true", "null", "\"1\"", "", " 1", "1 ", "01", "1.", ".5", "+1", "1e", "{}",
    "1},\"collect_logs\":false,\"x\":{", "1,\"zdr\":true",
};
/* spend_limits.rules[].metadata: objects, other values and splices (compact: a
 * decoded object is its text without the whitespace around it) */
static const char *const json_texts[] = {
    "{}", "{\"t\":{\"mode\":\"partition\"}}", "{\"m\":{\"mode\":\"filter\",\"values\":[\"\\u00e9\"],\"w\":2.5e-1}}",
    "{\"a\":1}", "{\"\\u00e9\":\"\\\"\"}",
    "[]", "1", "\"s\"", "null", "", "{", "{\"a\":1", "{\"a\" 1}", "{\"a\":\"\xff\"}",
    "{\"a\":1},\"collect_logs\":false,\"b\":{", "{}}", "{}{}", " {}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
};

/* Members of a container that is not SET are not written: the builder clears
 * them, so the round trip compares only what a body can carry. */
static aigw_str_list_t str_list(in_t *in)
{
    aigw_str_list_t l;
    size_t k, n = u8(in) % 5u;
    if (n > 256 - g_strs_used) n = 256 - g_strs_used;
    l.state = state(in);
    l.items = g_strs + g_strs_used;
    l.count = n;
    for (k = 0; k < n; k++) g_strs[g_strs_used++] = str(in);
    if (n == 0 && (u8(in) & 1)) l.items = NULL;
    if (l.state != AIGW_SET) { l.items = NULL; l.count = 0; }
    return l;
}

static aigw_enum_list_t enum_list(in_t *in)
{
    aigw_enum_list_t l;
    size_t k, n = u8(in) % 4u;
    if (n > 64 - g_enums_used) n = 64 - g_enums_used;
    l.state = state(in);
    l.items = g_enums + g_enums_used;
    l.count = n;
    for (k = 0; k < n; k++) {
        aigw_enum_t e = enumv(in, AIGW_EK_CHECK, 2);
        /* an array item cannot be left out: the encoder writes an ABSENT one as null */
        if (e.state == AIGW_ABSENT) e.state = AIGW_NULL;
        g_enums[g_enums_used++] = e;
    }
    if (l.state != AIGW_SET) { l.items = NULL; l.count = 0; }
    return l;
}

/* unknown members of a nested object: well-formed, distinct, not modelled names */
static aigw_members_t nested_extra(in_t *in)
{
    static const char *const names[] = { "x_new", "S14" };
    static const char *const json[] = { "1", "[]", "{\"a\":[1,{}]}", "\"\\u00e9\"" };
    aigw_members_t m;
    size_t k, n = u8(in) % 3u;
    m.items = NULL;
    m.count = 0;
    if (n == 0 || g_nested_used == 8) return m;
    for (k = 0; k < n; k++) {
        g_nested_extra[g_nested_used][k].name.ptr = names[k];
        g_nested_extra[g_nested_used][k].name.len = strlen(names[k]);
        g_nested_extra[g_nested_used][k].json.ptr = json[u8(in) % 4u];
        g_nested_extra[g_nested_used][k].json.len = strlen(g_nested_extra[g_nested_used][k].json.ptr);
    }
    m.items = g_nested_extra[g_nested_used++];
    m.count = n;
    return m;
}

static void guardrail_actions(in_t *in, aigw_guardrail_actions_t *g)
{
    aigw_enum_t *m[14];
    size_t k;
    memset(g, 0, sizeof *g);
    g->state = state(in);
    if (g->state != AIGW_SET) return;
    m[0] = &g->P1; m[1] = &g->S1; m[2] = &g->S2; m[3] = &g->S3; m[4] = &g->S4; m[5] = &g->S5; m[6] = &g->S6;
    m[7] = &g->S7; m[8] = &g->S8; m[9] = &g->S9; m[10] = &g->S10; m[11] = &g->S11; m[12] = &g->S12; m[13] = &g->S13;
    for (k = 0; k < 14; k++)
        if (u8(in) & 1) *m[k] = enumv(in, AIGW_EK_ACTION, 2);
    g->extra = nested_extra(in);
}

static void spend_filter(in_t *in, aigw_spend_filter_t *f)
{
    memset(f, 0, sizeof *f);
    f->state = state(in);
    if (f->state != AIGW_SET) return;
    f->mode = enumv(in, AIGW_EK_FILTER_MODE, 1);
    f->values = str_list(in);
}

static void spend_rule(in_t *in, aigw_spend_rule_t *r)
{
    unsigned how;
    memset(r, 0, sizeof *r);
    r->limit.state = state(in);
    how = u8(in);
    if (how < 0xF0) {
        r->limit.text.ptr = num_texts[how % (sizeof num_texts / sizeof num_texts[0])];
        r->limit.text.len = strlen(r->limit.text.ptr);
    } else {
        r->limit.text = str(in); /* any bytes */
        if (!r->limit.text.ptr) r->limit.text.ptr = ""; /* a NULL text is AIGW_E_ARG: not this harness's subject */
    }
    r->limitType = enumv(in, AIGW_EK_LIMIT_TYPE, 1);
    r->window = integer(in);
    r->enabled = boolean(in);
    r->id = text(in);
    r->metadata.state = state(in);
    r->metadata.json.ptr = json_texts[u8(in) % (sizeof json_texts / sizeof json_texts[0])];
    r->metadata.json.len = strlen(r->metadata.json.ptr);
    if (u8(in) & 1) spend_filter(in, &r->model);
    if (u8(in) & 1) spend_filter(in, &r->provider);
    r->technique = enumv(in, AIGW_EK_RATE_TECHNIQUE, 2);
    r->extra = nested_extra(in);
}

/* The members later schemas added (read last, so older seeds keep their meaning). */
static void build_later(in_t *in, aigw_params_t *p)
{
    size_t k, n;
    p->log_classification = boolean(in);
    if (u8(in) & 1) {
        p->guardrails.state = state(in);
        guardrail_actions(in, &p->guardrails.prompt);
        guardrail_actions(in, &p->guardrails.response);
        p->guardrails.extra = nested_extra(in);
        if (p->guardrails.state != AIGW_SET) {
            aigw_state_t st = p->guardrails.state;
            memset(&p->guardrails, 0, sizeof p->guardrails);
            p->guardrails.state = st;
        }
    }
    if (u8(in) & 1) {
        p->spend_limits.state = state(in);
        p->spend_limits.enabled = boolean(in);
        n = u8(in);
        n = n >= 250 ? 19 + (n - 250) % 4 : n % 4u; /* around maxItems 20 now and then */
        p->spend_limits.rules.state = state(in);
        p->spend_limits.rules.items = g_rule;
        p->spend_limits.rules.count = n;
        for (k = 0; k < n; k++) spend_rule(in, &g_rule[k]);
        if (p->spend_limits.rules.state != AIGW_SET) p->spend_limits.rules.count = 0;
        p->spend_limits.extra = nested_extra(in);
        if (p->spend_limits.state != AIGW_SET) {
            aigw_state_t st = p->spend_limits.state;
            memset(&p->spend_limits, 0, sizeof p->spend_limits);
            p->spend_limits.state = st;
        }
    }
}

static void build(in_t *in, aigw_params_t *p)
{
    size_t k, n;
    static const char *const extra_names[] = { "x_new", "gateway_tier", "a\\u00e9", "z" };
    static const char *const extra_json[] = { "1", "null", "\"s\\n\"", "{\"a\":[1,{}]}", "[]", "-0.5e3", "true" };

    memset(p, 0, sizeof *p);
    g_pool_used = g_strs_used = g_enums_used = g_hdr_used = g_nested_used = 0;
    p->cache_invalidate_on_update = boolean(in);
    p->cache_ttl = integer(in);
    p->collect_logs = boolean(in);
    p->rate_limiting_interval = integer(in);
    p->rate_limiting_limit = integer(in);
    p->authentication = boolean(in);
    if (u8(in) & 1) {
        p->dlp.state = state(in);
        p->dlp.enabled = boolean(in);
        p->dlp.action = enumv(in, AIGW_EK_ACTION, 2);
        p->dlp.profiles = str_list(in);
        if (u8(in) & 1) {
            n = u8(in) % 4u;
            p->dlp.policies.state = state(in);
            p->dlp.policies.items = g_pol;
            p->dlp.policies.count = n;
            for (k = 0; k < n; k++) {
                g_pol[k].id = text(in);
                g_pol[k].action = enumv(in, AIGW_EK_ACTION, 2);
                g_pol[k].check = enum_list(in);
                g_pol[k].enabled = boolean(in);
                g_pol[k].profiles = str_list(in);
            }
            if (p->dlp.policies.state != AIGW_SET) p->dlp.policies.count = 0;
        }
        if (p->dlp.state != AIGW_SET) {
            aigw_state_t st = p->dlp.state;
            memset(&p->dlp, 0, sizeof p->dlp);
            p->dlp.state = st;
        }
    }
    p->log_management = integer(in);
    p->log_management_strategy = enumv(in, AIGW_EK_LOG_STRATEGY, 2);
    p->logpush = boolean(in);
    p->logpush_public_key = text(in);
    if (u8(in) & 1) {
        n = u8(in) % 8u; /* the schema allows 5 */
        p->otel.state = state(in);
        p->otel.items = g_otel;
        p->otel.count = n;
        for (k = 0; k < n; k++) {
            size_t h, nh = u8(in) % 4u;
            g_otel[k].authorization = text(in);
            g_otel[k].headers.state = state(in);
            g_otel[k].headers.items = g_hdr + g_hdr_used;
            g_otel[k].headers.count = nh;
            for (h = 0; h < nh; h++) {
                g_hdr[g_hdr_used].name = str(in);
                g_hdr[g_hdr_used].value = str(in);
                g_hdr_used++;
            }
            if (g_otel[k].headers.state != AIGW_SET) g_otel[k].headers.count = 0;
            g_otel[k].url = text(in);
            g_otel[k].content_type = enumv(in, AIGW_EK_CONTENT_TYPE, 2);
        }
        if (p->otel.state != AIGW_SET) p->otel.count = 0;
    }
    p->rate_limiting_technique = enumv(in, AIGW_EK_RATE_TECHNIQUE, 2);
    p->retry_backoff = enumv(in, AIGW_EK_BACKOFF, 3);
    p->retry_delay = integer(in);
    p->retry_max_attempts = integer(in);
    p->store_id = text(in);
    if (u8(in) & 1) {
        p->stripe.state = state(in);
        p->stripe.authorization = text(in);
        n = u8(in) % 4u;
        p->stripe.usage_events.state = state(in);
        p->stripe.usage_events.items = g_ev;
        p->stripe.usage_events.count = n;
        for (k = 0; k < n; k++) g_ev[k].payload = text(in);
        if (p->stripe.usage_events.state != AIGW_SET) p->stripe.usage_events.count = 0;
        if (p->stripe.state != AIGW_SET) {
            aigw_state_t st = p->stripe.state;
            memset(&p->stripe, 0, sizeof p->stripe);
            p->stripe.state = st;
        }
    }
    p->workers_ai_billing_mode = enumv(in, AIGW_EK_BILLING, 1);
    p->zdr = boolean(in);
    n = u8(in) % 5u;
    for (k = 0; k < n; k++) { /* distinct names, not modelled, well-formed JSON values */
        g_extra[k].name.ptr = extra_names[k];
        g_extra[k].name.len = strlen(extra_names[k]);
        g_extra[k].json.ptr = extra_json[u8(in) % 7u];
        g_extra[k].json.len = strlen(g_extra[k].json.ptr);
    }
    p->extra.items = n ? g_extra : NULL;
    p->extra.count = n;
    build_later(in, p);
}

/* Top-level members the body must hold: one per member not ABSENT, plus the
 * unknown ones. A text written verbatim that splices members in (a number,
 * an object kept as text) would make the body hold more. */
static int top_members(const aigw_params_t *p)
{
    const aigw_state_t st[] = {
        p->cache_invalidate_on_update.state, p->cache_ttl.state, p->collect_logs.state,
        p->rate_limiting_interval.state, p->rate_limiting_limit.state, p->authentication.state, p->dlp.state,
        p->guardrails.state, p->log_classification.state, p->log_management.state,
        p->log_management_strategy.state, p->logpush.state, p->logpush_public_key.state, p->otel.state,
        p->rate_limiting_technique.state, p->retry_backoff.state, p->retry_delay.state,
        p->retry_max_attempts.state, p->spend_limits.state, p->store_id.state, p->stripe.state,
        p->workers_ai_billing_mode.state, p->zdr.state,
    };
    size_t k;
    int n = (int)p->extra.count;
    for (k = 0; k < sizeof st / sizeof st[0]; k++) n += st[k] != AIGW_ABSENT;
    return n;
}

/*
 * The validator refuses repeated names in an otel[].headers map (rule
 * "unique names"): the body would hold an object with duplicate keys,
 * {"x":"a","x":"b"}, which parsers read differently. Oracle: validated
 * params never have them.
 */
static int duplicate_header_names(const aigw_params_t *p)
{
    size_t i, j, k;
    for (i = 0; p->otel.state == AIGW_SET && i < p->otel.count; i++) {
        const aigw_otel_t *o = &p->otel.items[i];
        for (j = 0; o->headers.state == AIGW_SET && j < o->headers.count; j++)
            for (k = 0; k < j; k++)
                if (dt_str_eq(o->headers.items[j].name, o->headers.items[k].name)) return 1;
    }
    return 0;
}

/* ---- encodings ------------------------------------------------------------------ */

typedef struct {
    uint8_t *b;
    size_t n, cap;
} collect_t;

static aigw_err_t collect(void *ctx, const uint8_t *data, size_t len)
{
    collect_t *c = (collect_t *)ctx;
    check(len > 0 && c->n + len <= c->cap);
    memcpy(c->b + c->n, data, len);
    c->n += len;
    return AIGW_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static aigw_params_t p, back;
    in_t in;
    aigw_diag_t d;
    aigw_err_t v, e;
    aigw_sink_t sink;
    /* static: a fresh 1 MiB malloc per run made ASan the bottleneck; the exact-size
     * buffers (the one-byte-short check, the streamed copy) stay malloc'ed */
    static char out[1 << 20];
    static uint64_t arena_mem[1 << 17];
    size_t cap = sizeof out, len = 0;

    in.d = data;
    in.n = size;
    in.i = 0;
    build(&in, &p);

    memset(&d, 0, sizeof d);
    v = aigw_params_validate(&p, &d);
    check(v == AIGW_OK || v == AIGW_E_INVALID);
    if (v == AIGW_E_INVALID) check(d.path[0] != 0 || d.rule != NULL);

    e = aigw_params_to_json(&p, out, cap, &len, &d);
    /* Validated params encode, with one documented exception: dlp's anyOf.
     * The members of the variant that did not decide validity are not
     * checked (JSON Schema semantics, tests/unit/test_validate.c
     * test_dlp_any_of), yet the encoder writes them and refuses what it
     * cannot write (invalid UTF-8, an enum value with no name): a typed
     * AIGW_E_INVALID naming a dlp member, which the client reports before
     * sending anything. */
    if (v == AIGW_OK && e != AIGW_OK && !(e == AIGW_E_INVALID && strncmp(d.path, "dlp.", 4) == 0))
        fprintf(stderr, "validated but not encoded: %s at %s (%s)\n", aigw_strerror(e), d.path, d.rule ? d.rule : "");
    if (v == AIGW_OK) check(e == AIGW_OK || (e == AIGW_E_INVALID && strncmp(d.path, "dlp.", 4) == 0));
    if (e != AIGW_OK) v = AIGW_E_INVALID; /* no round trip without a body */
    check(e == AIGW_OK || e == AIGW_E_INVALID);
    if (e == AIGW_OK) {
        /* 1. the body is JSON, by the project's strict checker */
        size_t tcap = len + 1;
        aigw_tok_t *tok = (aigw_tok_t *)malloc(tcap * sizeof *tok);
        char *copy = (char *)malloc(len ? len : 1), *small;
        aigw_json_t js;
        memcpy(copy, out, len);
        check(aigw_json_parse(&js, copy, len, tok, tcap, &d) == AIGW_OK);
        check(tok[0].type == AIGW_TOK_OBJECT);
        check(tok[0].size == top_members(&p)); /* nothing spliced in at the top */

        /* 2. counting and streaming give the same body */
        aigw_sink_init_count(&sink);
        check(aigw_params_encode(&p, &sink, &d) == AIGW_OK && sink.total == len);
        {
            uint8_t *mem = (uint8_t *)malloc(len ? len : 1);
            uint8_t tiny[7];
            collect_t c = { mem, 0, len };
            aigw_sink_init_stream(&sink, tiny, 1 + (size % sizeof tiny), collect, &c);
            check(aigw_params_encode(&p, &sink, &d) == AIGW_OK && c.n == len && memcmp(mem, out, len) == 0);
            free(mem);
        }
        /* 3. one byte short: typed, exact size needed, nothing past the buffer */
        if (len > 0) {
            size_t need = 0;
            small = (char *)malloc(len - 1 ? len - 1 : 1);
            check(aigw_params_to_json(&p, small, len - 1, &need, &d) == AIGW_E_BUFFER && need == len &&
                  d.needed == len);
            free(small);
        }
        /* 4. validated params come back unchanged */
        if (v == AIGW_OK) check(!duplicate_header_names(&p));
        if (v == AIGW_OK) {
            aigw_arena_t a;
            aigw_arena_init(&a, arena_mem, sizeof arena_mem);
            memcpy(copy, out, len);
            e = aigw_params_from_json(copy, len, tok, tcap, &a, &back, &d);
            check(e == AIGW_OK);
            {
                const char *diff = dt_params_diff(&p, &back);
                if (diff) {
                    size_t k;
                    fprintf(stderr, "round trip differs at %s; body: %.*s\n", diff, (int)len, out);
                    for (k = 0; k < p.dlp.policies.count && k < back.dlp.policies.count; k++) {
                        const aigw_dlp_policy_t *x = &p.dlp.policies.items[k], *y = &back.dlp.policies.items[k];
                        fprintf(stderr, "  policy %zu: id %d/%d action %d,%d/%d,%d check %d,%zu/%d,%zu enabled %d/%d "
                                "profiles %d,%zu/%d,%zu\n", k, x->id.state, y->id.state, x->action.state, x->action.value,
                                y->action.state, y->action.value, x->check.state, x->check.count, y->check.state,
                                y->check.count, x->enabled.state, y->enabled.state, x->profiles.state,
                                x->profiles.count, y->profiles.state, y->profiles.count);
                    }
                }
                check(diff == NULL);
            }
            check(aigw_params_validate(&back, &d) == AIGW_OK);
        }
        free(tok);
        free(copy);
    }
    return 0;
}
