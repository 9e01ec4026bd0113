/* SPDX-License-Identifier: MIT */
/* Request head: exact bytes, percent-encoding, refusals, capacity edges. */
#include <stdio.h>
#include <string.h>

#include "aigw/aigw_http.h"
#include "aigw_test.h"

#define S(lit) { lit, sizeof(lit) - 1 }

static aigw_url_t g_url;
static aigw_auth_t g_tok, g_key;
static uint8_t g_out[2048];

static void setup(const char *base)
{
    static const aigw_str_t token = S("Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY");
    static const aigw_str_t email = S("user@example.com");
    static const aigw_str_t key = S("144c9defac04969c7bfad8efaa8ea194");
    if (aigw_url_parse(base, strlen(base), &g_url) != AIGW_OK) printf("  setup: bad url %s\n", base);
    memset(&g_tok, 0, sizeof g_tok);
    g_tok.kind = AIGW_AUTH_TOKEN;
    g_tok.token = token;
    memset(&g_key, 0, sizeof g_key);
    g_key.kind = AIGW_AUTH_KEY;
    g_key.email = email;
    g_key.key = key;
}

static aigw_http_req_t req_of(aigw_http_method_t m, const aigw_auth_t *a, const char *acct, const char *id)
{
    aigw_http_req_t r;
    memset(&r, 0, sizeof r);
    r.method = m;
    r.url = &g_url;
    r.auth = a;
    r.account_id.ptr = acct;
    r.account_id.len = strlen(acct);
    r.gateway_id.ptr = id;
    r.gateway_id.len = strlen(id);
    return r;
}

/* Writes into g_out (buffer mode); returns the error, *len the bytes held. */
static aigw_err_t write_req(const aigw_http_req_t *r, size_t *len, aigw_diag_t *d)
{
    aigw_sink_t s;
    aigw_err_t e;
    memset(g_out, 0, sizeof g_out);
    aigw_sink_init_buffer(&s, g_out, sizeof g_out);
    e = aigw_http_write_request(&s, r, d);
    *len = s.len;
    return e;
}

static int bytes_are(size_t len, const char *want)
{
    if (len == strlen(want) && memcmp(g_out, want, len) == 0) return 1;
    printf("  got:  [%.*s]\n  want: [%s]\n", (int)len, (const char *)g_out, want);
    return 0;
}

#define ACCT "023e105f4ecef8ad9ca31a8372d0c353"

static void test_put_token(void)
{
    aigw_http_req_t r;
    size_t n;
    setup(AIGW_DEFAULT_BASE_URL);
    r = req_of(AIGW_HTTP_PUT, &g_tok, ACCT, "my-gateway");
    r.content_length = 1234;
    EXPECT(write_req(&r, &n, NULL) == AIGW_OK);
    EXPECT(bytes_are(n, "PUT /client/v4/accounts/" ACCT "/ai-gateway/gateways/my-gateway HTTP/1.1\r\n"
                        "Host: api.cloudflare.com\r\n"
                        "Authorization: Bearer Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY\r\n"
                        "Content-Type: application/json\r\n"
                        "Content-Length: 1234\r\n"
                        "Accept: application/json\r\n"
                        "User-Agent: aigw/" AIGW_VERSION "\r\n"
                        "\r\n"));
}

static void test_get_token_close(void)
{
    aigw_http_req_t r;
    size_t n;
    setup(AIGW_DEFAULT_BASE_URL);
    r = req_of(AIGW_HTTP_GET, &g_tok, ACCT, "my-gateway");
    r.content_length = 99; /* ignored for GET */
    r.flags = AIGW_HTTP_REQ_CLOSE;
    EXPECT(write_req(&r, &n, NULL) == AIGW_OK);
    EXPECT(bytes_are(n, "GET /client/v4/accounts/" ACCT "/ai-gateway/gateways/my-gateway HTTP/1.1\r\n"
                        "Host: api.cloudflare.com\r\n"
                        "Authorization: Bearer Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY\r\n"
                        "Accept: application/json\r\n"
                        "User-Agent: aigw/" AIGW_VERSION "\r\n"
                        "Connection: close\r\n"
                        "\r\n"));
}

static void test_put_key_mock_base(void)
{
    aigw_http_req_t r;
    size_t n;
    setup("http://127.0.0.1:4010");
    r = req_of(AIGW_HTTP_PUT, &g_key, "acct", "gw");
    r.content_length = 0;
    EXPECT(write_req(&r, &n, NULL) == AIGW_OK);
    EXPECT(bytes_are(n, "PUT /accounts/acct/ai-gateway/gateways/gw HTTP/1.1\r\n"
                        "Host: 127.0.0.1:4010\r\n"
                        "X-Auth-Email: user@example.com\r\n"
                        "X-Auth-Key: 144c9defac04969c7bfad8efaa8ea194\r\n"
                        "Content-Type: application/json\r\n"
                        "Content-Length: 0\r\n"
                        "Accept: application/json\r\n"
                        "User-Agent: aigw/" AIGW_VERSION "\r\n"
                        "\r\n"));
    r.method = AIGW_HTTP_GET;
    EXPECT(write_req(&r, &n, NULL) == AIGW_OK);
    EXPECT(bytes_are(n, "GET /accounts/acct/ai-gateway/gateways/gw HTTP/1.1\r\n"
                        "Host: 127.0.0.1:4010\r\n"
                        "X-Auth-Email: user@example.com\r\n"
                        "X-Auth-Key: 144c9defac04969c7bfad8efaa8ea194\r\n"
                        "Accept: application/json\r\n"
                        "User-Agent: aigw/" AIGW_VERSION "\r\n"
                        "\r\n"));
}

static void test_masked(void)
{
    aigw_http_req_t r;
    size_t n;
    setup(AIGW_DEFAULT_BASE_URL);
    r = req_of(AIGW_HTTP_PUT, &g_tok, "a", "g");
    r.content_length = 7;
    r.flags = AIGW_HTTP_REQ_MASK_SECRETS | AIGW_HTTP_REQ_CLOSE;
    EXPECT(write_req(&r, &n, NULL) == AIGW_OK);
    EXPECT(bytes_are(n, "PUT /client/v4/accounts/a/ai-gateway/gateways/g HTTP/1.1\r\n"
                        "Host: api.cloudflare.com\r\n"
                        "Authorization: Bearer ****\r\n"
                        "Content-Type: application/json\r\n"
                        "Content-Length: 7\r\n"
                        "Accept: application/json\r\n"
                        "User-Agent: aigw/" AIGW_VERSION "\r\n"
                        "Connection: close\r\n"
                        "\r\n"));
    r.auth = &g_key;
    r.flags = AIGW_HTTP_REQ_MASK_SECRETS;
    r.method = AIGW_HTTP_GET;
    EXPECT(write_req(&r, &n, NULL) == AIGW_OK);
    EXPECT(bytes_are(n, "GET /client/v4/accounts/a/ai-gateway/gateways/g HTTP/1.1\r\n"
                        "Host: api.cloudflare.com\r\n"
                        "X-Auth-Email: user@example.com\r\n"
                        "X-Auth-Key: ****\r\n"
                        "Accept: application/json\r\n"
                        "User-Agent: aigw/" AIGW_VERSION "\r\n"
                        "\r\n"));
    /* masking never hides a bad secret: it is still checked */
    {
        static const aigw_str_t evil = S("abc\r\nX-Evil: 1");
        aigw_auth_t a = g_tok;
        aigw_diag_t d;
        a.token = evil;
        r.auth = &a;
        memset(&d, 0, sizeof d);
        EXPECT(write_req(&r, &n, &d) == AIGW_E_HEADER_VALUE && n == 0 && strcmp(d.path, "api_token") == 0);
    }
}

static void test_host_port_forms(void)
{
    static const struct {
        const char *base, *host_line;
    } cases[] = {
        { "https://h.example", "Host: h.example\r\n" },
        { "https://h.example:443", "Host: h.example\r\n" },
        { "https://h.example:8443", "Host: h.example:8443\r\n" },
        { "https://h.example:80", "Host: h.example:80\r\n" },
        { "http://h.example:80", "Host: h.example\r\n" },
        { "http://h.example:443", "Host: h.example:443\r\n" },
        { "http://[::1]:4010", "Host: [::1]:4010\r\n" },
        { "https://[2001:db8::1]", "Host: [2001:db8::1]\r\n" },
        { "http://[::ffff:192.0.2.1]", "Host: [::ffff:192.0.2.1]\r\n" },
    };
    size_t i, n;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        aigw_http_req_t r;
        const char *line;
        setup(cases[i].base);
        r = req_of(AIGW_HTTP_GET, &g_tok, "a", "g");
        EXPECTF(write_req(&r, &n, NULL) == AIGW_OK, "%s", cases[i].base);
        line = strstr((const char *)g_out, "\r\nHost: ");
        EXPECTF(line && strncmp(line + 2, cases[i].host_line, strlen(cases[i].host_line)) == 0, "%s: %s",
                cases[i].base, (const char *)g_out);
    }
}

/* The request line's path for given ids, between "/accounts/" and " HTTP/1.1". */
static int path_is(const char *acct, size_t acct_len, const char *id, size_t id_len, const char *want_path)
{
    aigw_http_req_t r;
    size_t n, want_len = strlen(want_path);
    setup("http://h");
    r = req_of(AIGW_HTTP_GET, &g_tok, "", "");
    r.account_id.ptr = acct;
    r.account_id.len = acct_len;
    r.gateway_id.ptr = id;
    r.gateway_id.len = id_len;
    if (write_req(&r, &n, NULL) != AIGW_OK) return 0;
    if (n < 4 + want_len + 11 || memcmp(g_out, "GET ", 4) != 0 || memcmp(g_out + 4, want_path, want_len) != 0 ||
        memcmp(g_out + 4 + want_len, " HTTP/1.1\r\n", 11) != 0) {
        printf("  got: [%.*s]\n", (int)(n < 200 ? n : 200), (const char *)g_out);
        return 0;
    }
    return 1;
}

static void test_percent_encoding(void)
{
    EXPECT(path_is("a b", 3, "x/y", 3, "/accounts/a%20b/ai-gateway/gateways/x%2Fy"));
    EXPECT(path_is("100%", 4, "q?#[]@:", 7, "/accounts/100%25/ai-gateway/gateways/q%3F%23%5B%5D%40%3A"));
    EXPECT(path_is("\xc3\xa9t\xc3\xa9", 5, "\xe2\x82\xac", 3, "/accounts/%C3%A9t%C3%A9/ai-gateway/gateways/%E2%82%AC"));
    EXPECT(path_is("AZaz09-._~", 10, "...", 3, "/accounts/AZaz09-._~/ai-gateway/gateways/..."));
    EXPECT(path_is(".a", 2, "a.", 2, "/accounts/.a/ai-gateway/gateways/a."));
    EXPECT(path_is("%2e", 3, "%2E%2E", 6, "/accounts/%252e/ai-gateway/gateways/%252E%252E"));
    EXPECT(path_is("a\0b", 3, "\r\n", 2, "/accounts/a%00b/ai-gateway/gateways/%0D%0A"));
    EXPECT(path_is("+!$&'()*,;=", 11, "\x7f\x80\xff", 3,
                   "/accounts/%2B%21%24%26%27%28%29%2A%2C%3B%3D/ai-gateway/gateways/%7F%80%FF"));
    /* every byte value, against an independent statement of the rule */
    {
        unsigned c;
        for (c = 0; c < 256; c++) {
            char in[1], want[64];
            int unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                             c == '-' || c == '.' || c == '_' || c == '~';
            in[0] = (char)c;
            if (c == '.') continue; /* "." alone is refused: tested below */
            if (unreserved) snprintf(want, sizeof want, "/accounts/%c/ai-gateway/gateways/g", (int)c);
            else snprintf(want, sizeof want, "/accounts/%%%02X/ai-gateway/gateways/g", c);
            EXPECTF(path_is(in, 1, "g", 1, want), "byte 0x%02x", c);
        }
    }
}

static void test_segments_refused(void)
{
    static const struct {
        const char *acct, *id;
        const char *path;
    } cases[] = {
        { "", "g", "account_id" }, { "a", "", "id" }, { ".", "g", "account_id" }, { "..", "g", "account_id" },
        { "a", ".", "id" },        { "a", "..", "id" }, { "", "", "account_id" },
    };
    size_t i, n;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        aigw_http_req_t r;
        aigw_diag_t d;
        setup(AIGW_DEFAULT_BASE_URL);
        r = req_of(AIGW_HTTP_PUT, &g_tok, cases[i].acct, cases[i].id);
        memset(&d, 0, sizeof d);
        EXPECTF(write_req(&r, &n, &d) == AIGW_E_PATH_SEGMENT, "'%s' '%s'", cases[i].acct, cases[i].id);
        EXPECTF(n == 0 && d.err == AIGW_E_PATH_SEGMENT && strcmp(d.path, cases[i].path) == 0 && d.rule,
                "'%s' '%s': diag '%s'", cases[i].acct, cases[i].id, d.path);
    }
}

/* CR, LF, NUL (and other control bytes) in any header value are refused
 * before a byte is written, naming the field. */
static void test_injection_refused(void)
{
    static const char *const evil[] = { "a\rb", "a\nb", "a\r\nX-Evil: 1", "\r\n", "a\x01", "a\x7f", "a\x1f" };
    static const aigw_str_t nul = S("ab\0cd");
    size_t i, field, n;
    for (field = 0; field < 3; field++) {
        for (i = 0; i <= sizeof evil / sizeof evil[0]; i++) {
            aigw_str_t v;
            aigw_auth_t a;
            aigw_http_req_t r;
            aigw_diag_t d;
            aigw_sink_t s;
            static const char *const names[] = { "api_token", "email", "api_key" };
            if (i < sizeof evil / sizeof evil[0]) {
                v.ptr = evil[i];
                v.len = strlen(evil[i]);
            } else {
                v = nul;
            }
            setup(AIGW_DEFAULT_BASE_URL);
            a = field == 0 ? g_tok : g_key;
            if (field == 0) a.token = v;
            else if (field == 1) a.email = v;
            else a.key = v;
            r = req_of(AIGW_HTTP_PUT, &a, "a", "g");
            memset(&d, 0, sizeof d);
            memset(g_out, 0x5a, sizeof g_out);
            aigw_sink_init_buffer(&s, g_out, sizeof g_out);
            EXPECTF(aigw_http_write_request(&s, &r, &d) == AIGW_E_HEADER_VALUE, "%s #%zu", names[field], i);
            n = s.len;
            EXPECTF(n == 0 && s.total == 0 && g_out[0] == 0x5a, "%s #%zu: wrote %zu", names[field], i, n);
            EXPECTF(strcmp(d.path, names[field]) == 0, "%s #%zu: diag '%s'", names[field], i, d.path);
        }
    }
    /* host of a hand-built url */
    {
        aigw_url_t u;
        aigw_http_req_t r;
        aigw_diag_t d;
        static const char *const hosts[] = { "h\r\nX: y", "h\0", "h x", "", "h\t" };
        static const size_t lens[] = { 7, 2, 3, 0, 2 };
        setup(AIGW_DEFAULT_BASE_URL);
        for (i = 0; i < 5; i++) {
            u = g_url;
            u.host = hosts[i];
            u.host_len = lens[i];
            r = req_of(AIGW_HTTP_GET, &g_tok, "a", "g");
            r.url = &u;
            memset(&d, 0, sizeof d);
            EXPECTF(write_req(&r, &n, &d) == AIGW_E_HEADER_VALUE && n == 0 && strcmp(d.path, "host") == 0,
                    "host #%zu", i);
        }
        /* and a hand-built path prefix */
        u = g_url;
        u.path = "/v4\r\nX: y";
        u.path_len = 9;
        r.url = &u;
        EXPECT(write_req(&r, &n, &d) == AIGW_E_URL && n == 0);
        u.path = "v4";
        u.path_len = 2;
        EXPECT(write_req(&r, &n, &d) == AIGW_E_URL && n == 0);
    }
}

static void test_values_edges(void)
{
    aigw_auth_t a;
    aigw_http_req_t r;
    aigw_diag_t d;
    size_t n;
    static const aigw_str_t empty = { "", 0 }, lead = S(" tok"), trail = S("tok\t"), inner = S("t o\tk"),
                            high = S("t\xc3\xa9k");
    setup(AIGW_DEFAULT_BASE_URL);
    a = g_tok;
    r = req_of(AIGW_HTTP_GET, &a, "a", "g");
    a.token = empty;
    EXPECT(write_req(&r, &n, &d) == AIGW_E_HEADER_VALUE && n == 0 && strcmp(d.path, "api_token") == 0);
    a.token = lead;
    EXPECT(write_req(&r, &n, &d) == AIGW_E_HEADER_VALUE && n == 0);
    a.token = trail;
    EXPECT(write_req(&r, &n, &d) == AIGW_E_HEADER_VALUE && n == 0);
    a.token = inner; /* inner whitespace and obs-text are valid field content */
    EXPECT(write_req(&r, &n, &d) == AIGW_OK && strstr((char *)g_out, "Bearer t o\tk\r\n"));
    a.token = high;
    EXPECT(write_req(&r, &n, &d) == AIGW_OK && strstr((char *)g_out, "Bearer t\xc3\xa9k\r\n"));
    /* the key scheme does not read the token, and vice versa */
    a = g_key;
    a.token.ptr = "bad\r\n";
    a.token.len = 5;
    EXPECT(write_req(&r, &n, &d) == AIGW_OK);
    a = g_key;
    a.email = empty;
    EXPECT(write_req(&r, &n, &d) == AIGW_E_HEADER_VALUE && strcmp(d.path, "email") == 0);
    a = g_key;
    a.key.ptr = NULL;
    a.key.len = 3;
    EXPECT(write_req(&r, &n, &d) == AIGW_E_ARG && n == 0);
    a = g_tok;
    a.kind = (aigw_auth_kind_t)7;
    EXPECT(write_req(&r, &n, &d) == AIGW_E_ARG && n == 0);
    a = g_tok;
    r.method = (aigw_http_method_t)9;
    EXPECT(write_req(&r, &n, &d) == AIGW_E_ARG && n == 0);
    r.method = AIGW_HTTP_GET;
    r.account_id.ptr = NULL;
    r.account_id.len = 1;
    EXPECT(write_req(&r, &n, &d) == AIGW_E_ARG && n == 0);
    r = req_of(AIGW_HTTP_GET, &a, "a", "g");
    r.url = NULL;
    EXPECT(write_req(&r, &n, NULL) == AIGW_E_ARG);
    r.url = &g_url;
    r.auth = NULL;
    EXPECT(write_req(&r, &n, NULL) == AIGW_E_ARG);
    EXPECT(aigw_http_write_request(NULL, &r, NULL) == AIGW_E_ARG);
    {
        aigw_sink_t s;
        aigw_sink_init_count(&s);
        EXPECT(aigw_http_write_request(&s, NULL, NULL) == AIGW_E_ARG && s.total == 0);
    }
    /* largest Content-Length */
    r = req_of(AIGW_HTTP_PUT, &g_tok, "a", "g");
    r.content_length = (size_t)-1;
    {
        char want[64];
        snprintf(want, sizeof want, "\r\nContent-Length: %zu\r\n", (size_t)-1);
        EXPECT(write_req(&r, &n, NULL) == AIGW_OK && strstr((char *)g_out, want));
    }
}

/* Every capacity from 0 to the full length: AIGW_E_BUFFER with the full
 * length as needed, the bytes held are the exact prefix, nothing past cap. */
static void test_capacity_edges(void)
{
    static uint8_t full[1024], buf[1024 + 32];
    aigw_http_req_t r;
    aigw_sink_t s;
    aigw_diag_t d;
    size_t full_len, cap, k;
    setup("https://[2001:db8::1]:8443/client/v4");
    r = req_of(AIGW_HTTP_PUT, &g_key, "acc ount", "gate/way");
    r.content_length = 4096;
    r.flags = AIGW_HTTP_REQ_CLOSE;
    aigw_sink_init_buffer(&s, full, sizeof full);
    EXPECT(aigw_http_write_request(&s, &r, NULL) == AIGW_OK);
    full_len = s.len;
    EXPECT(full_len > 200 && full_len == s.total);
    /* count mode gives the same length */
    aigw_sink_init_count(&s);
    EXPECT(aigw_http_write_request(&s, &r, NULL) == AIGW_OK && s.total == full_len);
    for (cap = 0; cap <= full_len; cap++) {
        aigw_err_t e;
        memset(buf, 0xC3, sizeof buf);
        memset(&d, 0, sizeof d);
        aigw_sink_init_buffer(&s, buf + 16, cap);
        e = aigw_http_write_request(&s, &r, &d);
        if (cap < full_len) {
            EXPECTF(e == AIGW_E_BUFFER && d.err == AIGW_E_BUFFER && d.needed == full_len && s.total == full_len,
                    "cap %zu: %s needed %zu", cap, aigw_strerror(e), d.needed);
        } else {
            EXPECTF(e == AIGW_OK, "cap %zu", cap);
        }
        EXPECTF(memcmp(buf + 16, full, s.len) == 0 && s.len <= cap, "cap %zu", cap);
        for (k = 0; k < 16; k++) EXPECTF(buf[k] == 0xC3, "cap %zu: canary before, byte %zu", cap, k);
        for (k = 16 + cap; k < sizeof buf; k++) EXPECTF(buf[k] == 0xC3, "cap %zu: canary after, byte %zu", cap, k);
    }
}

/* Stream mode: flushed pieces concatenate to the buffered head. */
typedef struct {
    uint8_t buf[1024];
    size_t len;
} collect_t;

static aigw_err_t collect(void *ctx, const uint8_t *data, size_t len)
{
    collect_t *c = (collect_t *)ctx;
    if (c->len + len > sizeof c->buf) return AIGW_E_BUFFER;
    memcpy(c->buf + c->len, data, len);
    c->len += len;
    return AIGW_OK;
}

static aigw_err_t fail_flush(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
    return AIGW_E_SEND;
}

static void test_stream_sink(void)
{
    static collect_t c;
    uint8_t small[7];
    aigw_http_req_t r;
    aigw_sink_t s;
    size_t n;
    setup(AIGW_DEFAULT_BASE_URL);
    r = req_of(AIGW_HTTP_PUT, &g_tok, "a b", "g");
    r.content_length = 2;
    EXPECT(write_req(&r, &n, NULL) == AIGW_OK);
    c.len = 0;
    aigw_sink_init_stream(&s, small, sizeof small, collect, &c);
    EXPECT(aigw_http_write_request(&s, &r, NULL) == AIGW_OK);
    aigw_sink_write(&s, "{}", 2); /* the body follows in the same sink */
    EXPECT(aigw_sink_finish(&s) == AIGW_OK);
    EXPECT(c.len == n + 2 && memcmp(c.buf, g_out, n) == 0 && memcmp(c.buf + n, "{}", 2) == 0);
    aigw_sink_init_stream(&s, small, sizeof small, fail_flush, NULL);
    EXPECT(aigw_http_write_request(&s, &r, NULL) == AIGW_E_SINK);
}

int main(void)
{
    RUN(test_put_token);
    RUN(test_get_token_close);
    RUN(test_put_key_mock_base);
    RUN(test_masked);
    RUN(test_host_port_forms);
    RUN(test_percent_encoding);
    RUN(test_segments_refused);
    RUN(test_injection_refused);
    RUN(test_values_edges);
    RUN(test_capacity_edges);
    RUN(test_stream_sink);
    return AIGW_TEST_EXIT();
}
