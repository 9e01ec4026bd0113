/* SPDX-License-Identifier: MIT */
/*
 * Hostile inputs through the library (issue 9): CR, LF, NUL, quotes,
 * backslashes, control bytes, JSON and header injection attempts, invalid
 * UTF-8 (overlong, surrogate, past U+10FFFF, truncated, stray bytes) and
 * overlong strings, in
 *   - every string member of aigw_params_t, nested ones included, and the
 *     unknown-enum text (AIGW_ENUM_OTHER raw) of every enum member;
 *   - the path parameters (account id, gateway id);
 *   - every credential (token, email, key).
 * Everything goes through the real client (aigw_gateway_update/get) over an
 * in-memory port that records what would go on the wire and answers 200.
 *
 * Oracles, in C:
 *   - a refused value gives a typed error naming the field, and NOTHING is
 *     sent (the port saw no connect and no byte);
 *   - invalid UTF-8 is always refused (there is no faithful JSON for it);
 *   - an accepted value: the request head has CRLF line ends and no other CR,
 *     LF or NUL; its header names are exactly the expected ones, in order (no
 *     smuggled line); the path's segments percent-decode to the ids; the body
 *     is Content-Length bytes, passes the project's strict JSON check and
 *     decodes back to the same string.
 * And for an independent JSON parser, each body goes to stdout as
 *   BODY <case> <body hex> <path JSON> <key|value> <expected hex>
 * which tests/hardening/check_hostile.py checks with Python's json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_client.h"
#include "aigw_test.h"

/* ---- an in-memory port: records the request, answers a fixed 200 -------------- */

typedef struct mem_port {
    uint8_t sent[1 << 17];
    size_t sent_len;
    unsigned connects;
    const char *answer;
    size_t answer_off;
    aigw_ms_t t;
} mem_port_t;

static mem_port_t M;

static aigw_err_t m_connect(void *ctx, const char *host, uint16_t port, aigw_ms_t dl)
{
    mem_port_t *m = (mem_port_t *)ctx;
    (void)host; (void)port; (void)dl;
    m->connects++;
    m->answer_off = 0;
    return AIGW_OK;
}

static aigw_err_t m_send(void *ctx, const uint8_t *b, size_t n, size_t *done, aigw_ms_t dl)
{
    mem_port_t *m = (mem_port_t *)ctx;
    (void)dl;
    if (n > sizeof m->sent - m->sent_len) return AIGW_E_SEND;
    memcpy(m->sent + m->sent_len, b, n);
    m->sent_len += n;
    *done = n;
    return AIGW_OK;
}

static aigw_err_t m_recv(void *ctx, uint8_t *b, size_t cap, size_t *n, aigw_ms_t dl)
{
    mem_port_t *m = (mem_port_t *)ctx;
    size_t left = strlen(m->answer) - m->answer_off;
    (void)dl;
    if (!left) return AIGW_E_EOF;
    if (left > cap) left = cap;
    memcpy(b, m->answer + m->answer_off, left);
    m->answer_off += left;
    *n = left;
    return AIGW_OK;
}

static void m_close(void *ctx) { (void)ctx; }
static aigw_ms_t m_now(void *ctx) { return ++((mem_port_t *)ctx)->t; }

static const char ANSWER_BODY[] =
    "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"id\":\"g\",\"cache_ttl\":1,\"zdr\":true}}";
static char ANSWER[256];

/* ---- hostile strings ----------------------------------------------------------- */

typedef struct { const char *name; const char *s; size_t len; int bad_utf8; } hostile_t;
#define H(n, lit, bad) { n, lit, sizeof(lit) - 1, bad }

static char g_long[70001];
static hostile_t g_h[] = {
    H("cr", "a\rb", 0), H("lf", "a\nb", 0), H("crlf-header", "v\r\nX-Injected: yes\r\n", 0),
    H("nul", "a\0b", 0), H("quote", "\"", 0), H("backslash", "\\", 0), H("backslash-quote", "\\\"", 0),
    H("json-break", "\"},\"cache_ttl\":1,\"x\":{\"", 0), H("ctl", "\x01\x1f\x7f\t\b\f", 0),
    H("u2028", "\xe2\x80\xa8\xe2\x80\xa9", 0), H("emoji", "\xf0\x9f\x98\x80", 0), H("pct", "%00%0d%0a", 0),
    H("slash-dots", "../../x?y#z", 0), H("space-edges", " a ", 0), H("bad-ff", "a\xff", 1),
    H("overlong-slash", "\xc0\xaf", 1), H("overlong-3", "\xe0\x80\xaf", 1), H("surrogate", "\xed\xa0\x80", 1),
    H("past-10ffff", "\xf4\x90\x80\x80", 1), H("truncated", "\xe2\x82", 1), H("lone-cont", "\x80", 1),
    { "long-1025", g_long, 1025, 0 }, { "long-4097", g_long, 4097, 0 }, { "long-70000", g_long, 70000, 0 },
};
#define NH (sizeof g_h / sizeof g_h[0])

/* ---- a full, valid parameter set whose strings can be swapped ------------------ */

static aigw_params_t P;
static aigw_str_t g_profiles[1], g_pol_profiles[1];
static aigw_enum_t g_checks[1];
static aigw_dlp_policy_t g_pol[1];
static aigw_header_t g_hdr[1];
static aigw_otel_t g_otel[1];
static aigw_usage_event_t g_ev[1];

static aigw_str_t S(const char *s) { aigw_str_t r; r.ptr = s; r.len = strlen(s); return r; }
static aigw_text_t T(const char *s) { aigw_text_t t; t.state = AIGW_SET; t.value = S(s); return t; }
static aigw_enum_t EN(int v) { aigw_enum_t e; memset(&e, 0, sizeof e); e.state = AIGW_SET; e.value = v; return e; }

/* dlp_v2: variant 2 (policies) instead of variant 1 (action + profiles) */
static void base(int dlp_v2)
{
    memset(&P, 0, sizeof P);
    P.cache_invalidate_on_update.state = AIGW_SET;
    P.cache_ttl.state = AIGW_SET; P.cache_ttl.value = 60;
    P.collect_logs.state = AIGW_SET;
    P.rate_limiting_interval.state = AIGW_NULL;
    P.rate_limiting_limit.state = AIGW_NULL;
    P.dlp.state = AIGW_SET;
    P.dlp.enabled.state = AIGW_SET;
    if (!dlp_v2) {
        P.dlp.action = EN(AIGW_ACTION_BLOCK);
        g_profiles[0] = S("pii");
        P.dlp.profiles.state = AIGW_SET; P.dlp.profiles.items = g_profiles; P.dlp.profiles.count = 1;
    } else {
        g_pol[0].id = T("pol");
        g_pol[0].action = EN(AIGW_ACTION_FLAG);
        g_checks[0] = EN(AIGW_CHECK_REQUEST);
        g_pol[0].check.state = AIGW_SET; g_pol[0].check.items = g_checks; g_pol[0].check.count = 1;
        g_pol[0].enabled.state = AIGW_SET;
        g_pol_profiles[0] = S("p");
        g_pol[0].profiles.state = AIGW_SET; g_pol[0].profiles.items = g_pol_profiles; g_pol[0].profiles.count = 1;
        P.dlp.policies.state = AIGW_SET; P.dlp.policies.items = g_pol; P.dlp.policies.count = 1;
    }
    P.log_management_strategy = EN(AIGW_LOG_DELETE_OLDEST);
    P.logpush_public_key = T("0123456789abcdef");
    g_hdr[0].name = S("x-h");
    g_hdr[0].value = S("v");
    g_otel[0].authorization = T("auth");
    g_otel[0].headers.state = AIGW_SET; g_otel[0].headers.items = g_hdr; g_otel[0].headers.count = 1;
    g_otel[0].url = T("https://otel.example.com/v1/traces");
    g_otel[0].content_type = EN(AIGW_OTEL_JSON);
    P.otel.state = AIGW_SET; P.otel.items = g_otel; P.otel.count = 1;
    P.rate_limiting_technique = EN(AIGW_RATE_FIXED);
    P.retry_backoff = EN(AIGW_BACKOFF_LINEAR);
    P.store_id = T("store");
    P.stripe.state = AIGW_SET;
    P.stripe.authorization = T("sk_test");
    g_ev[0].payload = T("payload");
    P.stripe.usage_events.state = AIGW_SET; P.stripe.usage_events.items = g_ev; P.stripe.usage_events.count = 1;
    P.workers_ai_billing_mode = EN(AIGW_BILLING_POSTPAID);
}

/* Where a hostile string goes. path is the diag path; json the JSON path for
 * Python (key: the string is a member name of that object, not a value). */
typedef struct target {
    const char *path;
    const char *json;
    int key;
    int dlp_v2;
    int is_enum;        /* the string is an enum's raw text (AIGW_ENUM_OTHER) */
    size_t max_len;     /* schema maxLength in code points (0: none) */
    size_t min_len;
} target_t;

static const target_t g_t[] = {
    { "store_id", "[\"store_id\"]", 0, 0, 0, 0, 0 },
    { "logpush_public_key", "[\"logpush_public_key\"]", 0, 0, 0, 1024, 16 },
    { "dlp.profiles[0]", "[\"dlp\",\"profiles\",0]", 0, 0, 0, 0, 0 },
    { "dlp.policies[0].id", "[\"dlp\",\"policies\",0,\"id\"]", 0, 1, 0, 0, 0 },
    { "dlp.policies[0].profiles[0]", "[\"dlp\",\"policies\",0,\"profiles\",0]", 0, 1, 0, 0, 0 },
    { "otel[0].authorization", "[\"otel\",0,\"authorization\"]", 0, 0, 0, 256, 0 },
    { "otel[0].headers.*", "[\"otel\",0,\"headers\"]", 1, 0, 0, 0, 0 },
    { "otel[0].headers.x-h", "[\"otel\",0,\"headers\",\"x-h\"]", 0, 0, 0, 4096, 0 },
    { "otel[0].url", "[\"otel\",0,\"url\"]", 0, 0, 0, 2048, 0 },
    { "stripe.authorization", "[\"stripe\",\"authorization\"]", 0, 0, 0, 0, 0 },
    { "stripe.usage_events[0].payload", "[\"stripe\",\"usage_events\",0,\"payload\"]", 0, 0, 0, 0, 0 },
    { "dlp.action", "[\"dlp\",\"action\"]", 0, 0, 1, 0, 0 },
    { "dlp.policies[0].action", "[\"dlp\",\"policies\",0,\"action\"]", 0, 1, 1, 0, 0 },
    { "dlp.policies[0].check[0]", "[\"dlp\",\"policies\",0,\"check\",0]", 0, 1, 1, 0, 0 },
    { "log_management_strategy", "[\"log_management_strategy\"]", 0, 0, 1, 0, 0 },
    { "otel[0].content_type", "[\"otel\",0,\"content_type\"]", 0, 0, 1, 0, 0 },
    { "rate_limiting_technique", "[\"rate_limiting_technique\"]", 0, 0, 1, 0, 0 },
    { "retry_backoff", "[\"retry_backoff\"]", 0, 0, 1, 0, 0 },
    { "workers_ai_billing_mode", "[\"workers_ai_billing_mode\"]", 0, 0, 1, 0, 0 },
};
#define NT (sizeof g_t / sizeof g_t[0])

static void put_hostile(const target_t *t, aigw_str_t v)
{
    aigw_enum_t other;
    memset(&other, 0, sizeof other);
    other.state = AIGW_SET;
    other.value = AIGW_ENUM_OTHER;
    other.raw = v;
    base(t->dlp_v2);
    if (!strcmp(t->path, "store_id")) P.store_id.value = v;
    else if (!strcmp(t->path, "logpush_public_key")) P.logpush_public_key.value = v;
    else if (!strcmp(t->path, "dlp.profiles[0]")) g_profiles[0] = v;
    else if (!strcmp(t->path, "dlp.policies[0].id")) g_pol[0].id.value = v;
    else if (!strcmp(t->path, "dlp.policies[0].profiles[0]")) g_pol_profiles[0] = v;
    else if (!strcmp(t->path, "otel[0].authorization")) g_otel[0].authorization.value = v;
    else if (!strcmp(t->path, "otel[0].headers.*")) g_hdr[0].name = v;
    else if (!strcmp(t->path, "otel[0].headers.x-h")) g_hdr[0].value = v;
    else if (!strcmp(t->path, "otel[0].url")) g_otel[0].url.value = v;
    else if (!strcmp(t->path, "stripe.authorization")) P.stripe.authorization.value = v;
    else if (!strcmp(t->path, "stripe.usage_events[0].payload")) g_ev[0].payload.value = v;
    else if (!strcmp(t->path, "dlp.action")) P.dlp.action = other;
    else if (!strcmp(t->path, "dlp.policies[0].action")) g_pol[0].action = other;
    else if (!strcmp(t->path, "dlp.policies[0].check[0]")) g_checks[0] = other;
    else if (!strcmp(t->path, "log_management_strategy")) P.log_management_strategy = other;
    else if (!strcmp(t->path, "otel[0].content_type")) g_otel[0].content_type = other;
    else if (!strcmp(t->path, "rate_limiting_technique")) P.rate_limiting_technique = other;
    else if (!strcmp(t->path, "retry_backoff")) P.retry_backoff = other;
    else if (!strcmp(t->path, "workers_ai_billing_mode")) P.workers_ai_billing_mode = other;
}

/* ---- client over the memory port -------------------------------------------- */

static aigw_port_t g_port;
static aigw_client_t g_client;
static uint8_t g_io[512];
static uint8_t g_body[8192];
static aigw_tok_t g_tok[256];
static uint64_t g_arena[1024];

static aigw_err_t client_for(const char *account, const aigw_auth_t *auth)
{
    aigw_client_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    memset(&M, 0, sizeof M);
    M.answer = ANSWER;
    g_port.ctx = &M;
    g_port.connect = m_connect;
    g_port.send = m_send;
    g_port.recv = m_recv;
    g_port.close = m_close;
    g_port.now = m_now;
    g_port.sleep = NULL;
    cfg.base_url = "https://api.example.com/client/v4";
    cfg.account_id = account;
    cfg.auth = *auth;
    cfg.port = &g_port;
    cfg.max_attempts = 1;
    return aigw_client_init(&g_client, &cfg, g_io, sizeof g_io);
}

static aigw_auth_t token_auth(const char *tok, size_t len)
{
    aigw_auth_t a;
    memset(&a, 0, sizeof a);
    a.kind = AIGW_AUTH_TOKEN;
    a.token.ptr = tok;
    a.token.len = len;
    return a;
}

static int hexval(int c) { return c <= '9' ? c - '0' : c - 'A' + 10; }

/* Percent-decode [p, p+n) into out; returns its length, or -1 if not canonical %XX. */
static long pct_decode(const char *p, size_t n, char *out)
{
    size_t i, o = 0;
    for (i = 0; i < n; i++) {
        if (p[i] == '%') {
            if (i + 2 >= n || !p[i + 1] || !p[i + 2] || !strchr("0123456789ABCDEF", p[i + 1]) ||
                !strchr("0123456789ABCDEF", p[i + 2]))
                return -1;
            out[o++] = (char)(hexval(p[i + 1]) * 16 + hexval(p[i + 2]));
            i += 2;
        } else {
            if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/", p[i]) || !p[i])
                return -1;
            out[o++] = p[i];
        }
    }
    return (long)o;
}

/*
 * Check the recorded request: head framing, header names, path, body length.
 * Returns NULL when fine, else what is wrong; body and body_len: the body.
 */
static const char *check_wire(const char *method, const char *account, const char *id, int key_auth,
                              const uint8_t **body, size_t *body_len)
{
    static char want_path[1 << 16], got[1 << 16];
    const char *names[8];

    const char *s = (const char *)M.sent, *end = NULL, *line, *sp1, *sp2;
    size_t i, n = M.sent_len, cl = 0, hl;
    int h = 0, k = 0, put = !strcmp(method, "PUT");
    long dl;
    names[k++] = "Host";
    if (key_auth) { names[k++] = "X-Auth-Email"; names[k++] = "X-Auth-Key"; }
    else names[k++] = "Authorization";
    if (put) { names[k++] = "Content-Type"; names[k++] = "Content-Length"; }
    names[k++] = "Accept";
    names[k++] = "User-Agent";
    names[k] = NULL;
    for (i = 0; i + 3 < n; i++)
        if (!memcmp(s + i, "\r\n\r\n", 4)) { end = s + i + 2; break; }
    if (!end) return "no end of head";
    hl = (size_t)(end - s);
    for (i = 0; i < hl; i++) {
        if (s[i] == 0) return "NUL in the head";
        if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) return "bare LF in the head";
        if (s[i] == '\r' && s[i + 1] != '\n') return "bare CR in the head";
    }
    /* request line: METHOD SP target SP HTTP/1.1 */
    line = s;
    sp1 = memchr(line, ' ', hl);
    if (!sp1 || (size_t)(sp1 - line) != strlen(method) || memcmp(line, method, strlen(method))) return "method";
    sp2 = memchr(sp1 + 1, ' ', hl - (size_t)(sp1 + 1 - s));
    if (!sp2 || memcmp(sp2, " HTTP/1.1\r\n", 11)) return "request line";
    dl = pct_decode(sp1 + 1, (size_t)(sp2 - sp1 - 1), got);
    if (dl < 0) return "target has a byte that is not unreserved, '/' or canonical %XX";
    snprintf(want_path, sizeof want_path, "/client/v4/accounts/%s/ai-gateway/gateways/%s", account, id);
    /* segments: the ids may hold '/', which must be encoded: compare segment by segment */
    {
        const char *tp = sp1 + 1;
        size_t tl = (size_t)(sp2 - sp1 - 1), j, segs = 0;
        for (j = 0; j < tl; j++) segs += tp[j] == '/';
        if (segs != 7) return "the target does not have exactly 7 segments (an id's '/' was not encoded)";
    }
    if ((size_t)dl != strlen(want_path) || memcmp(got, want_path, (size_t)dl)) return "path does not decode to the ids";
    /* header lines: exactly the expected names, in order */
    line = memchr(s, '\n', hl) + 1;
    while (line < end) {
        const char *eol = memchr(line, '\r', (size_t)(end - line)), *colon;
        if (!eol) return "header line without CRLF";
        colon = memchr(line, ':', (size_t)(eol - line));
        if (!colon) return "header line without a colon";
        if (!names[h] || (size_t)(colon - line) != strlen(names[h]) || memcmp(line, names[h], strlen(names[h])))
            return "unexpected header line (injection?)";
        if (!strcmp(names[h], "Content-Length")) cl = (size_t)strtoul(colon + 2, NULL, 10);
        h++;
        line = eol + 2;
    }
    if (names[h] != NULL) return "a header line is missing";
    *body = (const uint8_t *)end + 2;
    *body_len = n - hl - 2;
    if (*body_len != cl) return "body length differs from Content-Length";
    return NULL;
}

static void hex(const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) printf("%02x", p[i]);
    if (!n) printf("-");
}

/* ---- the tests ------------------------------------------------------------------ */

static int g_bodies;

static void test_every_string_field(void)
{
    size_t t, h;
    aigw_auth_t a = token_auth("tok", 3);
    for (t = 0; t < NT; t++) {
        for (h = 0; h < NH; h++) {
            const target_t *tg = &g_t[t];
            const hostile_t *ho = &g_h[h];
            aigw_result_t r;
            aigw_str_t v;
            aigw_err_t e;
            const uint8_t *body;
            size_t blen;
            const char *why;
            int refused_expected;
            long cps;
            v.ptr = ho->s;
            v.len = ho->len;
            put_hostile(tg, v);
            EXPECT(client_for("acc", &a) == AIGW_OK);
            aigw_result_init(&r, g_body, sizeof g_body, g_tok, 256, g_arena, sizeof g_arena);
            e = aigw_gateway_update(&g_client, "gw", &P, &r);
            cps = aigw_utf8_count(ho->s, ho->len);
            refused_expected = ho->bad_utf8 || tg->is_enum || (tg->max_len && cps > (long)tg->max_len) ||
                               (cps < (long)tg->min_len) || !strcmp(tg->path, "otel[0].url");
            if (e != AIGW_OK) {
                /* typed, names the field, nothing on the wire */
                size_t pl = strlen(tg->path);
                int named = tg->key ? !strncmp(r.diag.path, "otel[0].headers", 15)
                                    : !strncmp(r.diag.path, tg->path, pl);
                EXPECTF(e == AIGW_E_INVALID && named, "%s <- %s: %s at '%s'", tg->path, ho->name,
                        aigw_strerror(e), r.diag.path);
                EXPECTF(M.connects == 0 && M.sent_len == 0, "%s <- %s: refused but sent %zu bytes", tg->path,
                        ho->name, M.sent_len);
                EXPECTF(refused_expected, "%s <- %s refused (%s, rule %s): expected accepted and escaped",
                        tg->path, ho->name, aigw_strerror(e), r.diag.rule ? r.diag.rule : "");
                continue;
            }
            EXPECTF(!ho->bad_utf8, "%s <- %s: invalid UTF-8 accepted", tg->path, ho->name);
            EXPECTF(!refused_expected || !strcmp(tg->path, "otel[0].url"), "%s <- %s accepted", tg->path,
                    ho->name);
            why = check_wire("PUT", "acc", "gw", 0, &body, &blen);
            EXPECTF(why == NULL, "%s <- %s: %s", tg->path, ho->name, why);
            if (why) continue;
            {
                /* strict JSON check and decode back: the string is the same bytes */
                static char copy[1 << 17];
                static aigw_tok_t tok[512];
                static uint64_t mem[1 << 14];
                aigw_arena_t ar;
                aigw_params_t back;
                aigw_diag_t d;
                memcpy(copy, body, blen);
                aigw_arena_init(&ar, mem, sizeof mem);
                e = aigw_params_from_json(copy, blen, tok, 512, &ar, &back, &d);
                EXPECTF(e == AIGW_OK, "%s <- %s: body does not decode: %s at %s", tg->path, ho->name,
                        aigw_strerror(e), d.path);
                if (e == AIGW_OK) {
                    aigw_str_t got = { NULL, 0 };
                    if (!strcmp(tg->path, "store_id")) got = back.store_id.value;
                    else if (!strcmp(tg->path, "logpush_public_key")) got = back.logpush_public_key.value;
                    else if (!strcmp(tg->path, "dlp.profiles[0]")) got = back.dlp.profiles.items[0];
                    else if (!strcmp(tg->path, "dlp.policies[0].id")) got = back.dlp.policies.items[0].id.value;
                    else if (!strcmp(tg->path, "dlp.policies[0].profiles[0]"))
                        got = back.dlp.policies.items[0].profiles.items[0];
                    else if (!strcmp(tg->path, "otel[0].authorization")) got = back.otel.items[0].authorization.value;
                    else if (!strcmp(tg->path, "otel[0].headers.*")) got = back.otel.items[0].headers.items[0].name;
                    else if (!strcmp(tg->path, "otel[0].headers.x-h")) got = back.otel.items[0].headers.items[0].value;
                    else if (!strcmp(tg->path, "otel[0].url")) got = back.otel.items[0].url.value;
                    else if (!strcmp(tg->path, "stripe.authorization")) got = back.stripe.authorization.value;
                    else if (!strcmp(tg->path, "stripe.usage_events[0].payload"))
                        got = back.stripe.usage_events.items[0].payload.value;
                    EXPECTF(got.len == v.len && (v.len == 0 || memcmp(got.ptr, v.ptr, v.len) == 0),
                            "%s <- %s: decoded back as different bytes", tg->path, ho->name);
                }
            }
            printf("BODY %s<-%s ", tg->path, ho->name);
            hex(body, blen);
            printf(" %s %s ", tg->json, tg->key ? "key" : "value");
            hex((const uint8_t *)v.ptr, v.len);
            printf("\n");
            g_bodies++;
        }
    }
    EXPECT(g_bodies > 100);
}

/* Path parameters: account id (client config) and gateway id (per call). */
static void test_path_parameters(void)
{
    static const char *const ids[] = {
        "a\r\nX-Injected: 1", "a\nb", "a\rb", "a b", "a/b", "../x", "..", ".", "", "%2e%2e", "a?b#c", "\"q\"",
        "\\", "caf\xc3\xa9", "\xff", "\xc0\xaf", "\xed\xa0\x80", "\t", "a;b=c", "@host:1",
        "0123456789012345678901234567890123456789012345678901234567890123",  /* 64: the id maximum */
        "01234567890123456789012345678901234567890123456789012345678901234", /* 65 */
    };
    size_t i;
    aigw_auth_t a = token_auth("tok", 3);
    for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        const char *id = ids[i];
        long cps = aigw_utf8_count(id, strlen(id));
        int id_ok = cps >= 1 && cps <= 64 && strcmp(id, ".") && strcmp(id, "..");
        int acc_ok = *id && strcmp(id, ".") && strcmp(id, ".."); /* any bytes: percent-encoded */
        int k;
        for (k = 0; k < 3; k++) {
            /* k 0: hostile gateway id (PUT); 1: hostile gateway id (GET); 2: hostile account id (GET) */
            const char *acc = k == 2 ? id : "acc", *gid = k == 2 ? "gw" : id;
            int ok = k == 2 ? acc_ok : id_ok;
            aigw_result_t r;
            aigw_err_t e;
            const uint8_t *body;
            size_t blen;
            const char *why;
            base(0);
            e = client_for(acc, &a);
            EXPECT(e == AIGW_OK);
            aigw_result_init(&r, g_body, sizeof g_body, g_tok, 256, g_arena, sizeof g_arena);
            e = k == 0 ? aigw_gateway_update(&g_client, gid, &P, &r) : aigw_gateway_get(&g_client, gid, &r);
            if (!ok) {
                EXPECTF(e == AIGW_E_INVALID || e == AIGW_E_PATH_SEGMENT, "id #%zu k %d: %s", i, k,
                        aigw_strerror(e));
                EXPECTF(M.sent_len == 0, "id #%zu k %d: refused but sent", i, k);
                continue;
            }
            /* accepted: never "invalid UTF-8 accepted" for the gateway id; the account id is bytes */
            EXPECTF(e == AIGW_OK, "id #%zu k %d: %s (%s)", i, k, aigw_strerror(e), r.diag.path);
            why = check_wire(k == 0 ? "PUT" : "GET", acc, gid, 0, &body, &blen);
            EXPECTF(why == NULL, "id #%zu k %d: %s", i, k, why);
        }
    }
}

/* Credentials: token, email, key. Control bytes and edge whitespace are refused before
 * a byte is sent; whatever is accepted appears as one header line. */
static void test_credentials(void)
{
    static const struct { const char *s; size_t len; int ok; } creds[] = {
        { "tok\r\nX-Injected: 1", 19, 0 }, { "tok\n", 4, 0 }, { "tok\r", 4, 0 }, { "t\0k", 3, 0 },
        { " tok", 4, 0 }, { "tok ", 4, 0 }, { "\ttok", 4, 0 }, { "t\x7fk", 3, 0 }, { "t\x01k", 3, 0 },
        { "", 0, 0 }, { "t\tk", 3, 1 }, { "t k", 3, 1 }, { "t\"k\\", 4, 1 }, { "t\xc3\xa9k", 4, 1 },
        { "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY", 40, 1 },
    };
    size_t i;
    int which;
    for (which = 0; which < 3; which++) {
        for (i = 0; i < sizeof creds / sizeof creds[0]; i++) {
            aigw_auth_t a;
            aigw_result_t r;
            aigw_err_t e;
            const uint8_t *body;
            size_t blen;
            const char *why;
            memset(&a, 0, sizeof a);
            if (which == 0) {
                a = token_auth(creds[i].s, creds[i].len);
            } else {
                a.kind = AIGW_AUTH_KEY;
                a.email.ptr = which == 1 ? creds[i].s : "user@example.com";
                a.email.len = which == 1 ? creds[i].len : 16;
                a.key.ptr = which == 2 ? creds[i].s : "144c9defac04969c7bfad8efaa8ea194";
                a.key.len = which == 2 ? creds[i].len : 32;
            }
            base(0);
            e = client_for("acc", &a);
            EXPECT(e == AIGW_OK);
            aigw_result_init(&r, g_body, sizeof g_body, g_tok, 256, g_arena, sizeof g_arena);
            e = aigw_gateway_update(&g_client, "gw", &P, &r);
            if (!creds[i].ok) {
                EXPECTF(e == AIGW_E_HEADER_VALUE && M.sent_len == 0 && M.connects == 0,
                        "credential %d #%zu: %s, %zu bytes sent", which, i, aigw_strerror(e), M.sent_len);
                EXPECTF(!strcmp(r.diag.path, which == 0 ? "api_token" : which == 1 ? "email" : "api_key"),
                        "credential %d #%zu: diag path '%s'", which, i, r.diag.path);
                continue;
            }
            EXPECTF(e == AIGW_OK, "credential %d #%zu: %s", which, i, aigw_strerror(e));
            why = check_wire("PUT", "acc", "gw", which != 0, &body, &blen);
            EXPECTF(why == NULL, "credential %d #%zu: %s", which, i, why);
        }
    }
}

/* The wire checker must be able to fail: forged requests, one flaw each. */
static void test_checker_catches_forgeries(void)
{
    static const char *const bad[] = {
        "PUT /client/v4/accounts/acc/ai-gateway/gateways/gw HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\r\n"
        "X-Injected: 1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nAccept: a\r\nUser-Agent: u\r\n\r\n{}",
        "PUT /client/v4/accounts/acc/ai-gateway/gateways/gw HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\nX: y\r\n"
        "Content-Type: application/json\r\nContent-Length: 2\r\nAccept: a\r\nUser-Agent: u\r\n\r\n{}",
        "PUT /client/v4/accounts/acc/ai-gateway/gateways/g/w HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\r\n"
        "Content-Type: application/json\r\nContent-Length: 2\r\nAccept: a\r\nUser-Agent: u\r\n\r\n{}",
        "PUT /client/v4/accounts/acc/ai-gateway/gateways/gw HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\r\n"
        "Content-Type: application/json\r\nContent-Length: 3\r\nAccept: a\r\nUser-Agent: u\r\n\r\n{}",
    };
    static const char good[] =
        "PUT /client/v4/accounts/acc/ai-gateway/gateways/g%2Fw HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\r\n"
        "Content-Type: application/json\r\nContent-Length: 2\r\nAccept: a\r\nUser-Agent: u\r\n\r\n{}";
    const uint8_t *body;
    size_t i, blen;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        M.sent_len = strlen(bad[i]);
        memcpy(M.sent, bad[i], M.sent_len);
        EXPECTF(check_wire("PUT", "acc", i == 2 ? "g/w" : "gw", 0, &body, &blen) != NULL, "forgery %zu passed", i);
    }
    M.sent_len = strlen(good);
    memcpy(M.sent, good, M.sent_len);
    EXPECT(check_wire("PUT", "acc", "g/w", 0, &body, &blen) == NULL);
}

int main(void)
{
    memset(g_long, 'k', sizeof g_long - 1);
    snprintf(ANSWER, sizeof ANSWER, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
             "Connection: close\r\n\r\n%s", sizeof ANSWER_BODY - 1, ANSWER_BODY);
    RUN(test_checker_catches_forgeries);
    RUN(test_every_string_field);
    RUN(test_path_parameters);
    RUN(test_credentials);
    return AIGW_TEST_EXIT();
}
