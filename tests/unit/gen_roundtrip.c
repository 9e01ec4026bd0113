/* SPDX-License-Identifier: MIT */
/*
 * Randomized round trip, C side. For each of N seeded cases it builds a
 * random *valid* parameter set, checks that the validator accepts it, and
 * encodes it (buffer, count, 64-byte and 1-byte stream modes must agree).
 * It prints the body and, separately, a description of the values it put
 * into the struct, written straight from those values and not through the
 * encoder: one line per JSON node in document order,
 *     D <path> <node>
 * path: "/"-joined components, "k<hex of member name bytes>" or "i<index>";
 * node: O<members> | A<items> | N | T | F | I<decimal> | S<hex of UTF-8>
 *       | R<text> (a number with a fraction or exponent, as its JSON text).
 * tests/py/check_roundtrip.py parses each body with Python's json module,
 * flattens it the same way and compares; it also checks the body is the
 * compact canonical spelling.
 *
 * Output per case: "C <n>", "B <body>", "D ..." lines, "E"; at the end
 * "END <cases> <failures>". printf only. Usage: gen_roundtrip [cases [seed]]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_model.h"

/* ---- deterministic PRNG (xorshift64*) ----------------------------------- */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

/* uniform in [0, n) (n > 0; the tiny modulo bias does not matter here) */
static uint32_t rnd(uint32_t n)
{
    return (uint32_t)((rnd64() >> 32) % n);
}

static int chance(uint32_t percent) { return rnd(100) < percent; }

static int64_t rnd_range(int64_t lo, int64_t hi)
{
    uint64_t span = (uint64_t)(hi - lo) + 1u;
    if (span == 0) /* the whole int64 range */
        return (int64_t)rnd64();
    return lo + (int64_t)(rnd64() % span);
}

/* ---- storage for one case ----------------------------------------------- */

static char arena[1 << 18];
static size_t arena_used;

static aigw_str_t dlp_profiles[8];
static aigw_dlp_policy_t policies[4];
static aigw_enum_t checks[4][AIGW_MAX_DLP_CHECKS];
static aigw_str_t pol_profiles[4][4];
static aigw_otel_t otel[5];
static aigw_header_t headers[5][4];
static aigw_usage_event_t events[4];
static aigw_member_t extras[2];
#if AIGW_SCHEMA_VERSION >= 20260701
#define MAX_RULES (AIGW_MAX_SPEND_RULES < 20 ? AIGW_MAX_SPEND_RULES : 20)
static aigw_spend_rule_t rules[MAX_RULES];
static aigw_str_t filter_values[MAX_RULES][2][4];

/* spend_limits.rules[].limit: JSON numbers above 0, kept as text */
static const char *const limits[] = { "0.5", "12", "1e3", "1E-3", "3.25e+2", "0.001", "1", "99.99",
                                      "123456789012345678901234567890", "7E0", "0.1e1" };
/* spend_limits.rules[].metadata: compact JSON objects as the schema has them (each
 * value {"mode":"partition"} or {"mode":"filter","values":[strings]}, other members
 * allowed), described by hand in describe_metadata */
static const char *const metadata[] = {
    "{}",
    ("{\"by_team\":{\"mode\":\"partition\"},\"m\":{\"mode\":\"filter\",\"values\":[\"a\\\"b\",\"\xc3\xa9\"],"
     "\"w\":[1,{\"x\":null}]}}"),
    "{\"\xc3\xa9\":{\"mode\":\"filter\",\"values\":[]},\"k\":{\"mode\":\"partition\",\"on\":true}}",
};
/* the members of guardrails.prompt and .response, in the encoder's order (by name) */
static const char *const gr_names[14] = { "P1", "S1", "S10", "S11", "S12", "S13", "S2", "S3",
                                          "S4", "S5", "S6", "S7", "S8", "S9" };
#endif

static char *alloc(size_t n)
{
    char *p;
    if (arena_used + n > sizeof arena) {
        printf("FAIL gen_roundtrip: arena exhausted\n");
        exit(2);
    }
    p = arena + arena_used;
    arena_used += n;
    return p;
}

static size_t put_cp(char *o, uint32_t cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F)); return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* one random code point, biased towards what escaping must get right */
static uint32_t rnd_cp(void)
{
    switch (rnd(10)) {
    case 0: return rnd(0x20);                              /* controls */
    case 1: { static const uint32_t s[] = { '"', '\\', '/', 0x7F, 0x2028, 0xFEFF, 0xFFFD, 0x10FFFF };
              return s[rnd(8)]; }
    case 2: return 0x80 + rnd(0x800 - 0x80);               /* 2 bytes */
    case 3: { uint32_t c = 0x800 + rnd(0x10000 - 0x800);   /* 3 bytes, no surrogates */
              return (c >= 0xD800 && c <= 0xDFFF) ? c + 0x800 : c; }
    case 4: return 0x10000 + rnd(0x110000 - 0x10000);      /* 4 bytes */
    default: return 0x20 + rnd(0x7F - 0x20);               /* printable ASCII */
    }
}

/* random valid UTF-8 of lo..hi code points */
static aigw_str_t rnd_text(uint32_t lo, uint32_t hi)
{
    uint32_t n = lo + rnd(hi - lo + 1), i;
    char *p = alloc((size_t)n * 4);
    size_t len = 0;
    for (i = 0; i < n; i++)
        len += put_cp(p + len, rnd_cp());
    {
        aigw_str_t s;
        s.ptr = p;
        s.len = len;
        return s;
    }
}

/* short strings most of the time, occasionally long ones */
static aigw_str_t rnd_text_any(uint32_t max)
{
    if (chance(5))
        return rnd_text(0, max);
    return rnd_text(0, max < 12 ? max : 12);
}

static void append(char *p, size_t *len, const char *s)
{
    size_t n = strlen(s);
    memcpy(p + *len, s, n);
    *len += n;
}

/* a valid absolute URI (see core/uri_format.c) of at most 2048 characters */
static aigw_str_t rnd_url(void)
{
    static const char *const schemes[] = { "http", "https", "grpc+tls", "X-Otel.v1" };
    static const char unres[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
    static const char subd[] = "!$&'()*+,;=:@";
    static const char *const hosts[] = { "[::1]", "[2001:db8::7]", "[v1.x]", "127.0.0.1",
                                         "otel.example.com", "" };
    char *p = alloc(2048);
    size_t len = 0, limit = chance(3) ? 2048 : 200;
    uint32_t i, segs;
    aigw_str_t s;

    append(p, &len, schemes[rnd(4)]);
    append(p, &len, "://");
    if (chance(20))
        append(p, &len, "user:pw@");
    append(p, &len, hosts[rnd(6)]);
    if (chance(40))
        append(p, &len, ":4318");
    segs = rnd(4);
    for (i = 0; i < segs; i++) {
        uint32_t k, n = rnd(10);
        p[len++] = '/';
        for (k = 0; k < n; k++) {
            if (chance(10)) {
                append(p, &len, "%2F");
            } else if (chance(10)) {
                p[len++] = subd[rnd(sizeof subd - 1)];
            } else {
                p[len++] = unres[rnd(sizeof unres - 1)];
            }
        }
    }
    if (limit == 2048) /* pad up to the maximum length, in a last path segment */
        p[len++] = '/';
    if (limit == 2048)
        while (len < limit - rnd(3))
            p[len++] = unres[rnd(sizeof unres - 1)];
    if (len + 20 < limit && chance(30))
        append(p, &len, "?a=b/c?d");
    if (len + 20 < limit && chance(20))
        append(p, &len, "#frag");
    s.ptr = p;
    s.len = len;
    return s;
}

/* ---- random members ------------------------------------------------------ */

/* state for an optional member */
static aigw_state_t rnd_state(int nullable)
{
    uint32_t r = rnd(nullable ? 3 : 2);
    return r == 0 ? AIGW_ABSENT : r == 1 ? AIGW_SET : AIGW_NULL;
}

static void r_bool(aigw_bool_t *b, aigw_state_t st)
{
    b->state = st;
    b->value = chance(50);
}

static void r_int(aigw_int_t *x, aigw_state_t st, int64_t lo, int64_t hi)
{
    x->state = st;
    /* the edges often, anything in range otherwise */
    x->value = chance(20) ? lo : chance(20) ? hi : rnd_range(lo, hi);
}

static void r_enum(aigw_enum_t *e, aigw_state_t st, aigw_enum_kind_t kind)
{
    int n = 0;
    while (aigw_enum_name(kind, n + 1))
        n++;
#if AIGW_SCHEMA_VERSION < 20260817
    /* "unified" came with the 2026-08-17 schema: not valid in this build's */
    if (kind == AIGW_EK_BILLING) n = AIGW_BILLING_UNIFIED - 1;
#endif
    e->state = st;
    e->value = 1 + (int)rnd((uint32_t)n);
    e->raw.ptr = NULL;
    e->raw.len = 0;
}

static void r_text(aigw_text_t *t, aigw_state_t st, uint32_t lo, uint32_t hi)
{
    t->state = st;
    t->value = (lo == 0 && hi > 12) ? rnd_text_any(hi) : rnd_text(lo, hi);
}

static void r_str_list(aigw_str_list_t *l, aigw_str_t *items, uint32_t max)
{
    uint32_t i, n = rnd(max + 1);
    for (i = 0; i < n; i++)
        items[i] = rnd_text_any(30);
    l->state = AIGW_SET;
    l->items = items;
    l->count = n;
}

#if AIGW_SCHEMA_VERSION >= 20260701
/* guardrails.prompt or .response: SET (required), any subset of P1, S1..S13 */
static void r_guardrail_actions(aigw_guardrail_actions_t *g)
{
    aigw_enum_t *m[14];
    size_t i;
    memset(g, 0, sizeof *g);
    g->state = AIGW_SET;
    m[0] = &g->P1; m[1] = &g->S1; m[2] = &g->S10; m[3] = &g->S11; m[4] = &g->S12; m[5] = &g->S13;
    m[6] = &g->S2; m[7] = &g->S3; m[8] = &g->S4; m[9] = &g->S5; m[10] = &g->S6; m[11] = &g->S7;
    m[12] = &g->S8; m[13] = &g->S9;
    for (i = 0; i < 14; i++)
        if (chance(50))
            r_enum(m[i], AIGW_SET, AIGW_EK_ACTION);
}

static void r_spend_filter(aigw_spend_filter_t *f, aigw_str_t *values)
{
    f->state = AIGW_SET;
    r_enum(&f->mode, AIGW_SET, AIGW_EK_FILTER_MODE);
    r_str_list(&f->values, values, 4);
}

static void r_spend_rule(aigw_spend_rule_t *r, uint32_t i)
{
    memset(r, 0, sizeof *r);
    r->limit.state = AIGW_SET;
    r->limit.text.ptr = limits[rnd((uint32_t)(sizeof limits / sizeof limits[0]))];
    r->limit.text.len = strlen(r->limit.text.ptr);
    r_enum(&r->limitType, AIGW_SET, AIGW_EK_LIMIT_TYPE);
    r_int(&r->window, AIGW_SET, 1, INT64_MAX);
    r_bool(&r->enabled, rnd_state(0));
    r_text(&r->id, rnd_state(0), 1, 30);
    r->metadata.state = rnd_state(0);
    r->metadata.json.ptr = metadata[rnd((uint32_t)(sizeof metadata / sizeof metadata[0]))];
    r->metadata.json.len = strlen(r->metadata.json.ptr);
    if (chance(50))
        r_spend_filter(&r->model, filter_values[i][0]);
    if (chance(50))
        r_spend_filter(&r->provider, filter_values[i][1]);
    r_enum(&r->technique, rnd_state(0), AIGW_EK_RATE_TECHNIQUE);
}
#endif

static void random_params(aigw_params_t *p)
{
    uint32_t i, k, n;

    memset(p, 0, sizeof *p);
    r_bool(&p->cache_invalidate_on_update, AIGW_SET);
    r_int(&p->cache_ttl, chance(20) ? AIGW_NULL : AIGW_SET, 0, INT64_MAX);
    r_bool(&p->collect_logs, AIGW_SET);
    r_int(&p->rate_limiting_interval, chance(20) ? AIGW_NULL : AIGW_SET, 0, INT64_MAX);
    r_int(&p->rate_limiting_limit, chance(20) ? AIGW_NULL : AIGW_SET, 0, 1000000);
    r_bool(&p->authentication, rnd_state(0));

    p->dlp.state = rnd_state(0);
    if (p->dlp.state == AIGW_SET) {
        r_bool(&p->dlp.enabled, AIGW_SET);
        if (chance(50)) {
            r_enum(&p->dlp.action, AIGW_SET, AIGW_EK_ACTION);
            r_str_list(&p->dlp.profiles, dlp_profiles, 8);
        } else {
            n = rnd(5);
            for (i = 0; i < n; i++) {
                aigw_dlp_policy_t *q = &policies[i];
                memset(q, 0, sizeof *q);
                r_text(&q->id, AIGW_SET, 0, 40);
                r_enum(&q->action, AIGW_SET, AIGW_EK_ACTION);
                q->check.state = AIGW_SET;
                q->check.items = checks[i];
                q->check.count = rnd(AIGW_MAX_DLP_CHECKS + 1);
                for (k = 0; k < q->check.count; k++)
                    r_enum(&checks[i][k], AIGW_SET, AIGW_EK_CHECK);
                r_bool(&q->enabled, AIGW_SET);
                r_str_list(&q->profiles, pol_profiles[i], 4);
            }
            p->dlp.policies.state = AIGW_SET;
            p->dlp.policies.items = policies;
            p->dlp.policies.count = n;
        }
    }
#if AIGW_SCHEMA_VERSION >= 20260701
    p->guardrails.state = rnd_state(1);
    if (p->guardrails.state == AIGW_SET) {
        r_guardrail_actions(&p->guardrails.prompt);
        r_guardrail_actions(&p->guardrails.response);
    }
#endif
#if AIGW_SCHEMA_VERSION >= 20260817
    r_bool(&p->log_classification, rnd_state(0));
#endif
    r_int(&p->log_management, rnd_state(1), 10000, 10000000);
    r_enum(&p->log_management_strategy, rnd_state(1), AIGW_EK_LOG_STRATEGY);
    r_bool(&p->logpush, rnd_state(0));
    r_text(&p->logpush_public_key, rnd_state(1), 16, chance(10) ? 1024 : 40);

    p->otel.state = rnd_state(1);
    if (p->otel.state == AIGW_SET) {
        n = rnd(6);
        for (i = 0; i < n; i++) {
            aigw_otel_t *o = &otel[i];
            memset(o, 0, sizeof *o);
            r_text(&o->authorization, AIGW_SET, 0, chance(10) ? 256 : 30);
            o->headers.state = AIGW_SET;
            o->headers.items = headers[i];
            o->headers.count = rnd(5);
            for (k = 0; k < o->headers.count; k++) {
                size_t j;
                headers[i][k].name = rnd_text_any(20);
                /* a map has unique names: draw again on a repeat */
                for (j = 0; j < k; j++)
                    if (headers[i][j].name.len == headers[i][k].name.len &&
                        !memcmp(headers[i][j].name.ptr, headers[i][k].name.ptr, headers[i][k].name.len)) {
                        headers[i][k].name = rnd_text_any(20);
                        j = (size_t)-1; /* check against all again */
                    }
                headers[i][k].value = chance(3) ? rnd_text(4000, 4096) : rnd_text_any(60);
            }
            o->url.state = AIGW_SET;
            o->url.value = rnd_url();
            r_enum(&o->content_type, rnd_state(0), AIGW_EK_CONTENT_TYPE);
        }
        p->otel.items = otel;
        p->otel.count = n;
    }
    r_enum(&p->rate_limiting_technique, rnd_state(1), AIGW_EK_RATE_TECHNIQUE);
    r_enum(&p->retry_backoff, rnd_state(1), AIGW_EK_BACKOFF);
    r_int(&p->retry_delay, rnd_state(1), 0, 5000);
    r_int(&p->retry_max_attempts, rnd_state(1), 1, 5);
#if AIGW_SCHEMA_VERSION >= 20260701
    p->spend_limits.state = rnd_state(1);
    if (p->spend_limits.state == AIGW_SET) {
        r_bool(&p->spend_limits.enabled, rnd_state(0));
        if (chance(80)) {
            n = chance(5) ? MAX_RULES : rnd(4);
            for (i = 0; i < n; i++)
                r_spend_rule(&rules[i], i);
            p->spend_limits.rules.state = AIGW_SET;
            p->spend_limits.rules.items = rules;
            p->spend_limits.rules.count = n;
        }
    }
#endif
    r_text(&p->store_id, rnd_state(1), 0, 40);

    p->stripe.state = rnd_state(1);
    if (p->stripe.state == AIGW_SET) {
        r_text(&p->stripe.authorization, AIGW_SET, 0, 40);
        n = rnd(5);
        for (i = 0; i < n; i++)
            r_text(&events[i].payload, AIGW_SET, 0, 80);
        p->stripe.usage_events.state = AIGW_SET;
        p->stripe.usage_events.items = events;
        p->stripe.usage_events.count = n;
    }
    r_enum(&p->workers_ai_billing_mode, rnd_state(0), AIGW_EK_BILLING);
    r_bool(&p->zdr, rnd_state(0));

    /* extra members: raw JSON values the description spells out by hand */
    n = rnd(3);
    for (i = 0; i < n; i++) {
        extras[i].name.ptr = i ? "x_obj" : "x_int";
        extras[i].name.len = 5;
        if (i == 0) {
            char *t = alloc(24);
            extras[i].json.ptr = t;
            extras[i].json.len = (size_t)sprintf(t, "%ld", (long)rnd_range(-100000, 100000));
        } else {
            extras[i].json.ptr = "{\"a\":[1,{\"b\":null}],\"c\":\"\xc3\xa9\"}";
            extras[i].json.len = strlen(extras[i].json.ptr);
        }
    }
    p->extra.items = extras;
    p->extra.count = n;
}

/* ---- the description, written from the struct's values ------------------ */

static char path[4096];
static size_t path_len;

static size_t push_key(const char *name, size_t n)
{
    static const char hexd[] = "0123456789abcdef";
    size_t keep = path_len, i;
    if (path_len)
        path[path_len++] = '/';
    path[path_len++] = 'k';
    for (i = 0; i < n; i++) {
        path[path_len++] = hexd[(unsigned char)name[i] >> 4];
        path[path_len++] = hexd[(unsigned char)name[i] & 15];
    }
    return keep;
}

static size_t push_index(size_t i)
{
    size_t keep = path_len;
    if (path_len)
        path[path_len++] = '/';
    path_len += (size_t)sprintf(path + path_len, "i%lu", (unsigned long)i);
    return keep;
}

static void pop(size_t keep) { path_len = keep; }

static void node(const char *fmt_node)
{
    printf("D %.*s %s\n", (int)path_len, path, fmt_node);
}

static void node_str(aigw_str_t s)
{
    size_t i;
    printf("D %.*s S", (int)path_len, path);
    for (i = 0; i < s.len; i++)
        printf("%02x", (unsigned char)s.ptr[i]);
    printf("\n");
}

static void node_int(int64_t v)
{
    printf("D %.*s I%lld\n", (int)path_len, path, (long long)v);
}

static void node_count(char kind, size_t n)
{
    printf("D %.*s %c%lu\n", (int)path_len, path, kind, (unsigned long)n);
}

/* members present (not ABSENT) among states */
static size_t present(const aigw_state_t *st, size_t n)
{
    size_t i, c = 0;
    for (i = 0; i < n; i++)
        c += st[i] != AIGW_ABSENT;
    return c;
}

#define KEY(lit) push_key(lit, sizeof(lit) - 1)

static void d_bool(const char *name, const aigw_bool_t *b)
{
    size_t k;
    if (b->state == AIGW_ABSENT) return;
    k = push_key(name, strlen(name));
    node(b->state == AIGW_NULL ? "N" : b->value ? "T" : "F");
    pop(k);
}

static void d_int(const char *name, const aigw_int_t *x)
{
    size_t k;
    if (x->state == AIGW_ABSENT) return;
    k = push_key(name, strlen(name));
    if (x->state == AIGW_NULL) node("N"); else node_int(x->value);
    pop(k);
}

static void d_enum_value(const aigw_enum_t *e, aigw_enum_kind_t kind)
{
    aigw_str_t s;
    s.ptr = aigw_enum_name(kind, e->value);
    s.len = strlen(s.ptr);
    node_str(s);
}

static void d_enum(const char *name, const aigw_enum_t *e, aigw_enum_kind_t kind)
{
    size_t k;
    if (e->state == AIGW_ABSENT) return;
    k = push_key(name, strlen(name));
    if (e->state == AIGW_NULL) node("N"); else d_enum_value(e, kind);
    pop(k);
}

static void d_text(const char *name, const aigw_text_t *t)
{
    size_t k;
    if (t->state == AIGW_ABSENT) return;
    k = push_key(name, strlen(name));
    if (t->state == AIGW_NULL) node("N"); else node_str(t->value);
    pop(k);
}

static void d_str_list(const char *name, const aigw_str_list_t *l)
{
    size_t k, i;
    if (l->state == AIGW_ABSENT) return;
    k = push_key(name, strlen(name));
    node_count('A', l->count);
    for (i = 0; i < l->count; i++) {
        size_t j = push_index(i);
        node_str(l->items[i]);
        pop(j);
    }
    pop(k);
}

#if AIGW_SCHEMA_VERSION >= 20260701
static void d_guardrail_actions(const char *name, const aigw_guardrail_actions_t *g)
{
    const aigw_enum_t *m[14];
    aigw_state_t st[14];
    size_t k, i;
    if (g->state == AIGW_ABSENT) return;
    k = push_key(name, strlen(name));
    m[0] = &g->P1; m[1] = &g->S1; m[2] = &g->S10; m[3] = &g->S11; m[4] = &g->S12; m[5] = &g->S13;
    m[6] = &g->S2; m[7] = &g->S3; m[8] = &g->S4; m[9] = &g->S5; m[10] = &g->S6; m[11] = &g->S7;
    m[12] = &g->S8; m[13] = &g->S9;
    for (i = 0; i < 14; i++)
        st[i] = m[i]->state;
    node_count('O', present(st, 14));
    for (i = 0; i < 14; i++)
        d_enum(gr_names[i], m[i], AIGW_EK_ACTION);
    pop(k);
}

/* a number kept as text: an integer as I<decimal>, anything else as R<text> */
static void d_num(const char *name, const aigw_num_t *x)
{
    size_t k, i;
    int integer = 1;
    if (x->state == AIGW_ABSENT) return;
    k = push_key(name, strlen(name));
    for (i = 0; i < x->text.len; i++)
        integer &= x->text.ptr[i] != '.' && x->text.ptr[i] != 'e' && x->text.ptr[i] != 'E';
    printf("D %.*s %c%.*s\n", (int)path_len, path, integer ? 'I' : 'R', (int)x->text.len, x->text.ptr);
    pop(k);
}

/* the metadata texts of metadata[], node by node */
static void mode_node(const char *mode)
{
    size_t k = KEY("mode");
    aigw_str_t s;
    s.ptr = mode;
    s.len = strlen(mode);
    node_str(s);
    pop(k);
}

static void describe_metadata(const char *json)
{
    size_t a, b, c, d;
    aigw_str_t s;
    if (!strcmp(json, metadata[0])) {
        node_count('O', 0);
    } else if (!strcmp(json, metadata[1])) {
        /* {"by_team":{"mode":"partition"},"m":{"mode":"filter","values":["a\"b","é"],"w":[1,{"x":null}]}} */
        node_count('O', 2);
        a = KEY("by_team"); node_count('O', 1); mode_node("partition"); pop(a);
        a = KEY("m"); node_count('O', 3); mode_node("filter");
        b = KEY("values"); node_count('A', 2);
        c = push_index(0); s.ptr = "a\"b"; s.len = 3; node_str(s); pop(c);
        c = push_index(1); s.ptr = "\xc3\xa9"; s.len = 2; node_str(s); pop(c);
        pop(b);
        b = KEY("w"); node_count('A', 2);
        c = push_index(0); node_int(1); pop(c);
        c = push_index(1); node_count('O', 1); d = KEY("x"); node("N"); pop(d); pop(c);
        pop(b);
        pop(a);
    } else { /* {"é":{"mode":"filter","values":[]},"k":{"mode":"partition","on":true}} */
        node_count('O', 2);
        a = KEY("\xc3\xa9"); node_count('O', 2); mode_node("filter");
        b = KEY("values"); node_count('A', 0); pop(b);
        pop(a);
        a = KEY("k"); node_count('O', 2); mode_node("partition");
        b = KEY("on"); node("T"); pop(b);
        pop(a);
    }
}

static void d_spend_filter(const char *name, const aigw_spend_filter_t *f)
{
    size_t k;
    if (f->state == AIGW_ABSENT) return;
    k = push_key(name, strlen(name));
    node_count('O', 2);
    d_enum("mode", &f->mode, AIGW_EK_FILTER_MODE);
    d_str_list("values", &f->values);
    pop(k);
}

/* one rule: required members first (limit, limitType, window), then the rest by name */
static void d_spend_rule(const aigw_spend_rule_t *r)
{
    aigw_state_t st[9];
    st[0] = r->limit.state; st[1] = r->limitType.state; st[2] = r->window.state;
    st[3] = r->enabled.state; st[4] = r->id.state; st[5] = r->metadata.state;
    st[6] = r->model.state; st[7] = r->provider.state; st[8] = r->technique.state;
    node_count('O', present(st, 9));
    d_num("limit", &r->limit);
    d_enum("limitType", &r->limitType, AIGW_EK_LIMIT_TYPE);
    d_int("window", &r->window);
    d_bool("enabled", &r->enabled);
    d_text("id", &r->id);
    if (r->metadata.state != AIGW_ABSENT) {
        size_t k = KEY("metadata");
        describe_metadata(r->metadata.json.ptr);
        pop(k);
    }
    d_spend_filter("model", &r->model);
    d_spend_filter("provider", &r->provider);
    d_enum("technique", &r->technique, AIGW_EK_RATE_TECHNIQUE);
}
#endif

static void describe(const aigw_params_t *p)
{
    aigw_state_t top[24];
    size_t i, j, k, n = 0;

    top[n++] = p->cache_invalidate_on_update.state; top[n++] = p->cache_ttl.state;
    top[n++] = p->collect_logs.state; top[n++] = p->rate_limiting_interval.state;
    top[n++] = p->rate_limiting_limit.state; top[n++] = p->authentication.state;
    top[n++] = p->dlp.state; top[n++] = p->log_management.state;
    top[n++] = p->log_management_strategy.state; top[n++] = p->logpush.state;
    top[n++] = p->logpush_public_key.state; top[n++] = p->otel.state;
    top[n++] = p->rate_limiting_technique.state; top[n++] = p->retry_backoff.state;
    top[n++] = p->retry_delay.state; top[n++] = p->retry_max_attempts.state;
    top[n++] = p->store_id.state; top[n++] = p->stripe.state;
    top[n++] = p->workers_ai_billing_mode.state; top[n++] = p->zdr.state;
    top[n++] = p->guardrails.state; top[n++] = p->log_classification.state;
    top[n++] = p->spend_limits.state;
    path_len = 0;
    node_count('O', present(top, n) + p->extra.count);

    d_bool("cache_invalidate_on_update", &p->cache_invalidate_on_update);
    d_int("cache_ttl", &p->cache_ttl);
    d_bool("collect_logs", &p->collect_logs);
    d_int("rate_limiting_interval", &p->rate_limiting_interval);
    d_int("rate_limiting_limit", &p->rate_limiting_limit);
    d_bool("authentication", &p->authentication);
    if (p->dlp.state != AIGW_ABSENT) {
        k = KEY("dlp");
        if (p->dlp.state == AIGW_NULL) {
            node("N");
        } else {
            aigw_state_t st[4];
            st[0] = p->dlp.action.state; st[1] = p->dlp.enabled.state;
            st[2] = p->dlp.profiles.state; st[3] = p->dlp.policies.state;
            node_count('O', present(st, 4));
            d_enum("action", &p->dlp.action, AIGW_EK_ACTION);
            d_bool("enabled", &p->dlp.enabled);
            d_str_list("profiles", &p->dlp.profiles);
            if (p->dlp.policies.state == AIGW_SET) {
                size_t kp = KEY("policies");
                node_count('A', p->dlp.policies.count);
                for (i = 0; i < p->dlp.policies.count; i++) {
                    const aigw_dlp_policy_t *q = &p->dlp.policies.items[i];
                    size_t ki = push_index(i), kc;
                    node_count('O', 5);
                    /* by name: action, check, enabled, id, profiles */
                    d_enum("action", &q->action, AIGW_EK_ACTION);
                    kc = KEY("check");
                    node_count('A', q->check.count);
                    for (j = 0; j < q->check.count; j++) {
                        size_t kj = push_index(j);
                        d_enum_value(&q->check.items[j], AIGW_EK_CHECK);
                        pop(kj);
                    }
                    pop(kc);
                    d_bool("enabled", &q->enabled);
                    d_text("id", &q->id);
                    d_str_list("profiles", &q->profiles);
                    pop(ki);
                }
                pop(kp);
            }
        }
        pop(k);
    }
#if AIGW_SCHEMA_VERSION >= 20260701
    if (p->guardrails.state != AIGW_ABSENT) {
        k = KEY("guardrails");
        if (p->guardrails.state == AIGW_NULL) {
            node("N");
        } else {
            node_count('O', 2);
            d_guardrail_actions("prompt", &p->guardrails.prompt);
            d_guardrail_actions("response", &p->guardrails.response);
        }
        pop(k);
    }
#endif
    d_bool("log_classification", &p->log_classification);
    d_int("log_management", &p->log_management);
    d_enum("log_management_strategy", &p->log_management_strategy, AIGW_EK_LOG_STRATEGY);
    d_bool("logpush", &p->logpush);
    d_text("logpush_public_key", &p->logpush_public_key);
    if (p->otel.state != AIGW_ABSENT) {
        k = KEY("otel");
        if (p->otel.state == AIGW_NULL) {
            node("N");
        } else {
            node_count('A', p->otel.count);
            for (i = 0; i < p->otel.count; i++) {
                const aigw_otel_t *o = &p->otel.items[i];
                size_t ki = push_index(i), kh;
                node_count('O', 3 + (o->content_type.state != AIGW_ABSENT));
                d_text("authorization", &o->authorization);
                kh = KEY("headers");
                node_count('O', o->headers.count);
                for (j = 0; j < o->headers.count; j++) {
                    size_t kj = push_key(o->headers.items[j].name.ptr, o->headers.items[j].name.len);
                    node_str(o->headers.items[j].value);
                    pop(kj);
                }
                pop(kh);
                d_text("url", &o->url);
                d_enum("content_type", &o->content_type, AIGW_EK_CONTENT_TYPE);
                pop(ki);
            }
        }
        pop(k);
    }
    d_enum("rate_limiting_technique", &p->rate_limiting_technique, AIGW_EK_RATE_TECHNIQUE);
    d_enum("retry_backoff", &p->retry_backoff, AIGW_EK_BACKOFF);
    d_int("retry_delay", &p->retry_delay);
    d_int("retry_max_attempts", &p->retry_max_attempts);
#if AIGW_SCHEMA_VERSION >= 20260701
    if (p->spend_limits.state != AIGW_ABSENT) {
        k = KEY("spend_limits");
        if (p->spend_limits.state == AIGW_NULL) {
            node("N");
        } else {
            aigw_state_t st[2];
            st[0] = p->spend_limits.enabled.state; st[1] = p->spend_limits.rules.state;
            node_count('O', present(st, 2));
            d_bool("enabled", &p->spend_limits.enabled);
            if (p->spend_limits.rules.state == AIGW_SET) {
                size_t kr = KEY("rules");
                node_count('A', p->spend_limits.rules.count);
                for (i = 0; i < p->spend_limits.rules.count; i++) {
                    size_t ki = push_index(i);
                    d_spend_rule(&p->spend_limits.rules.items[i]);
                    pop(ki);
                }
                pop(kr);
            }
        }
        pop(k);
    }
#endif
    d_text("store_id", &p->store_id);
    if (p->stripe.state != AIGW_ABSENT) {
        k = KEY("stripe");
        if (p->stripe.state == AIGW_NULL) {
            node("N");
        } else {
            size_t ku;
            node_count('O', 2);
            d_text("authorization", &p->stripe.authorization);
            ku = KEY("usage_events");
            node_count('A', p->stripe.usage_events.count);
            for (i = 0; i < p->stripe.usage_events.count; i++) {
                size_t ki = push_index(i);
                node_count('O', 1);
                d_text("payload", &p->stripe.usage_events.items[i].payload);
                pop(ki);
            }
            pop(ku);
        }
        pop(k);
    }
    d_enum("workers_ai_billing_mode", &p->workers_ai_billing_mode, AIGW_EK_BILLING);
    d_bool("zdr", &p->zdr);
    for (i = 0; i < p->extra.count; i++) {
        const aigw_member_t *m = &p->extra.items[i];
        k = push_key(m->name.ptr, m->name.len);
        if (i == 0) {
            node_int(strtol(m->json.ptr, NULL, 10));
        } else { /* {"a":[1,{"b":null}],"c":"é"} */
            size_t a, b;
            aigw_str_t e_acute;
            e_acute.ptr = "\xc3\xa9";
            e_acute.len = 2;
            node_count('O', 2);
            a = KEY("a"); node_count('A', 2);
            b = push_index(0); node_int(1); pop(b);
            b = push_index(1); node_count('O', 1);
            j = KEY("b"); node("N"); pop(j);
            pop(b); pop(a);
            a = KEY("c"); node_str(e_acute); pop(a);
        }
        pop(k);
    }
}

/* ---- encoding in every mode ---------------------------------------------- */

static char body[1 << 20];
static char streamed[1 << 20];
static size_t streamed_len;

static aigw_err_t to_streamed(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    if (streamed_len + len > sizeof streamed)
        return AIGW_E_BUFFER;
    memcpy(streamed + streamed_len, data, len);
    streamed_len += len;
    return AIGW_OK;
}

static int same_streamed(const aigw_params_t *p, size_t cap, size_t body_len)
{
    uint8_t sbuf[64];
    aigw_sink_t s;
    streamed_len = 0;
    aigw_sink_init_stream(&s, sbuf, cap, to_streamed, NULL);
    return aigw_params_encode(p, &s, NULL) == AIGW_OK && streamed_len == body_len &&
           memcmp(streamed, body, body_len) == 0;
}

int main(int argc, char **argv)
{
    unsigned long cases = argc > 1 ? strtoul(argv[1], NULL, 10) : 3000;
    unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 10) : 20240601;
    unsigned long c, failures = 0;
    static aigw_params_t p;

    rng_state = 0x9E3779B97F4A7C15ull ^ (uint64_t)seed;
    if (rng_state == 0)
        rng_state = 1;
    for (c = 0; c < cases; c++) {
        aigw_diag_t d;
        aigw_sink_t cnt;
        size_t len = 0;
        aigw_err_t e;

        arena_used = 0;
        random_params(&p);
        memset(&d, 0, sizeof d);
        e = aigw_params_validate(&p, &d);
        if (e != AIGW_OK) {
            printf("FAIL gen_roundtrip case %lu: valid set refused at %s (%s)\n", c, d.path,
                   d.rule ? d.rule : "?");
            failures++;
            continue;
        }
        e = aigw_params_to_json(&p, body, sizeof body, &len, &d);
        if (e != AIGW_OK) {
            printf("FAIL gen_roundtrip case %lu: encode %s at %s\n", c, aigw_strerror(e), d.path);
            failures++;
            continue;
        }
        aigw_sink_init_count(&cnt);
        if (aigw_params_encode(&p, &cnt, NULL) != AIGW_OK || cnt.total != len ||
            !same_streamed(&p, 64, len) || !same_streamed(&p, 1, len)) {
            printf("FAIL gen_roundtrip case %lu: count/stream modes disagree with the buffer\n", c);
            failures++;
            continue;
        }
        printf("C %lu\nB %.*s\n", c, (int)len, body);
        describe(&p);
        printf("E\n");
    }
    printf("END %lu %lu\n", cases, failures);
    return failures ? 1 : 0;
}
