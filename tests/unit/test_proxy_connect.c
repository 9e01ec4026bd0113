/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the HTTP CONNECT step (core/proxy_connect.c) over a scripted
 * stream port, and of the response parser's x-should-retry capture and its
 * CONNECT framing (core/http_response.c).
 */
#include <stdint.h>
#include <string.h>

#include "aigw/aigw_client.h"
#include "aigw/aigw_http.h"
#include "aigw/aigw_proxy.h"
#include "aigw_test.h"

/* ---- scripted stream port ------------------------------------------------ */

typedef struct script {
    aigw_err_t connect_err;   /* what connect() returns */
    char host[64];            /* what connect() was asked for */
    uint16_t port;
    char sent[1024];          /* everything sent, NUL-terminated */
    size_t sent_len;
    const char *answer;       /* what recv() replays */
    size_t answer_len, pos;
    size_t chunk;             /* at most this many bytes per recv (0: all) */
    aigw_err_t end_err;       /* recv once the answer is used up */
    int closed;
    aigw_ms_t now;
} script_t;

static aigw_err_t s_connect(void *ctx, const char *host, uint16_t port, aigw_ms_t deadline)
{
    script_t *s = ctx;
    (void)deadline;
    strncpy(s->host, host, sizeof s->host - 1);
    s->port = port;
    return s->connect_err;
}

static aigw_err_t s_send(void *ctx, const uint8_t *buf, size_t len, size_t *n, aigw_ms_t deadline)
{
    script_t *s = ctx;
    (void)deadline;
    if (s->sent_len + len >= sizeof s->sent) return AIGW_E_SEND;
    memcpy(s->sent + s->sent_len, buf, len);
    s->sent_len += len;
    s->sent[s->sent_len] = 0;
    *n = len;
    return AIGW_OK;
}

static aigw_err_t s_recv(void *ctx, uint8_t *buf, size_t cap, size_t *n, aigw_ms_t deadline)
{
    script_t *s = ctx;
    size_t k = s->answer_len - s->pos;
    *n = 0;
    if (k == 0) {
        if (s->end_err == AIGW_E_WOULD_BLOCK) s->now = deadline; /* time passes */
        return s->end_err;
    }
    if (s->chunk && k > s->chunk) k = s->chunk;
    if (k > cap) k = cap;
    memcpy(buf, s->answer + s->pos, k);
    s->pos += k;
    *n = k;
    return AIGW_OK;
}

static void s_close(void *ctx) { ((script_t *)ctx)->closed++; }
static aigw_ms_t s_now(void *ctx) { return ((script_t *)ctx)->now; }

/* does b[0..n) hold the string lit? (memmem is not C99) */
static int holds(const uint8_t *b, size_t n, const char *lit)
{
    size_t i, k = strlen(lit);
    for (i = 0; i + k <= n; i++)
        if (memcmp(b + i, lit, k) == 0) return 1;
    return 0;
}

static script_t S;
static aigw_port_t inner;
static aigw_proxy_t px;
static aigw_port_t outer;
static uint8_t buf[128];

static void setup(const char *answer, const char *user, const char *password)
{
    aigw_proxy_config_t pc;
    memset(&S, 0, sizeof S);
    S.answer = answer;
    S.answer_len = answer ? strlen(answer) : 0;
    S.end_err = AIGW_E_EOF;
    memset(&inner, 0, sizeof inner);
    inner.ctx = &S;
    inner.connect = s_connect;
    inner.send = s_send;
    inner.recv = s_recv;
    inner.close = s_close;
    inner.now = s_now;
    memset(&pc, 0, sizeof pc);
    pc.host = "proxy.corp";
    pc.port = 3128;
    if (user) {
        pc.user.ptr = user;
        pc.user.len = strlen(user);
    }
    if (password) {
        pc.password.ptr = password;
        pc.password.len = strlen(password);
    }
    EXPECT(aigw_proxy_init(&px, &outer, &inner, &pc, buf, sizeof buf) == AIGW_OK);
}

static const char OK200[] = "HTTP/1.1 200 Connection established\r\n\r\n";

/* ---- tests ----------------------------------------------------------------- */

static void connect_line_host_and_no_credentials(void)
{
    setup(OK200, NULL, NULL);
    EXPECT(outer.connect(outer.ctx, "api.cloudflare.com", 443, 1000) == AIGW_OK);
    EXPECT(strcmp(S.host, "proxy.corp") == 0 && S.port == 3128);
    EXPECTF(strcmp(S.sent, "CONNECT api.cloudflare.com:443 HTTP/1.1\r\nHost: api.cloudflare.com:443\r\n"
                           "User-Agent: aigw/" AIGW_VERSION "\r\n\r\n") == 0, "%s", S.sent);
    EXPECT(px.status == 200 && px.connected);
}

static void basic_credentials_every_padding(void)
{
    /* RFC 7617's example, and lengths giving each base64 padding */
    static const struct { const char *u, *p, *b64; } v[] = {
        {"Aladdin", "open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="},
        {"a", "b", "YTpi"},
        {"ab", "c", "YWI6Yw=="},
        {"ab", "cd", "YWI6Y2Q="},
        {"u", "", "dTo="},
    };
    size_t i;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        char want[128];
        setup(OK200, v[i].u, v[i].p);
        EXPECT(outer.connect(outer.ctx, "h", 443, 1000) == AIGW_OK);
        strcpy(want, "\r\nProxy-Authorization: Basic ");
        strcat(want, v[i].b64);
        strcat(want, "\r\n");
        EXPECTF(strstr(S.sent, want) != NULL, "%s: %s", v[i].u, S.sent);
        /* the staging buffer no longer holds the encoded credentials */
        EXPECT(!holds(buf, sizeof buf, v[i].b64));
    }
}

static void ipv6_target_in_brackets(void)
{
    setup(OK200, NULL, NULL);
    EXPECT(outer.connect(outer.ctx, "2001:db8::1", 8443, 1000) == AIGW_OK);
    EXPECT(strncmp(S.sent, "CONNECT [2001:db8::1]:8443 HTTP/1.1\r\nHost: [2001:db8::1]:8443\r\n", 62) == 0);
}

static void injection_in_target_refused(void)
{
    setup(OK200, NULL, NULL);
    EXPECT(outer.connect(outer.ctx, "evil\r\nX: y", 443, 1000) == AIGW_E_HEADER_VALUE);
    EXPECT(outer.connect(outer.ctx, "a b", 443, 1000) == AIGW_E_HEADER_VALUE);
    EXPECT(outer.connect(outer.ctx, "", 443, 1000) == AIGW_E_HEADER_VALUE);
    EXPECT(S.sent_len == 0);
}

static void tunnel_bytes_after_the_answer_are_kept(void)
{
    uint8_t got[64];
    size_t n = 0;
    setup("HTTP/1.0 200 OK\r\nProxy-Agent: x\r\n\r\nHELLO", NULL, NULL);
    S.end_err = AIGW_E_WOULD_BLOCK;
    EXPECT(outer.connect(outer.ctx, "h", 443, 1000) == AIGW_OK);
    EXPECT(outer.recv(outer.ctx, got, 3, &n, 1000) == AIGW_OK && n == 3 && memcmp(got, "HEL", 3) == 0);
    EXPECT(outer.recv(outer.ctx, got, sizeof got, &n, 1000) == AIGW_OK && n == 2 && memcmp(got, "LO", 2) == 0);
    EXPECT(outer.send(outer.ctx, (const uint8_t *)"abc", 3, &n, 1000) == AIGW_OK && n == 3);
    outer.close(outer.ctx);
    EXPECT(outer.send(outer.ctx, (const uint8_t *)"abc", 3, &n, 1000) == AIGW_E_PORT);
}

static void answer_split_into_single_bytes(void)
{
    setup("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", NULL, NULL);
    S.chunk = 1;
    EXPECT(outer.connect(outer.ctx, "h", 443, 1000) == AIGW_OK);
    EXPECT(px.status == 200);
}

static void refusals_are_typed(void)
{
    static const struct { const char *answer; aigw_err_t want; uint16_t status; } v[] = {
        {"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 5\r\n\r\nnope!",
         AIGW_E_PROXY_AUTH, 407},
        {"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n", AIGW_E_PROXY_FORBIDDEN, 403},
        {"HTTP/1.1 502 Bad Gateway\r\n\r\n<html>", AIGW_E_PROXY_REFUSED, 502},   /* close-delimited body */
        {"HTTP/1.1 407 x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n", AIGW_E_PROXY_AUTH, 407},
        {"SSH-2.0-OpenSSH\r\n", AIGW_E_PROXY_REFUSED, 0},                        /* not HTTP */
        {"HTTP/1.1 200 OK\r\nBad Header\r\n\r\n", AIGW_E_PROXY_REFUSED, 200},    /* a broken 2xx head */
        {"", AIGW_E_PROXY_REFUSED, 0},                                          /* closed at once */
        {"HTTP/1.1 403 Forb", AIGW_E_PROXY_FORBIDDEN, 403},                     /* closed mid-head */
    };
    size_t i;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        aigw_err_t e;
        setup(v[i].answer, "u", "p");
        e = outer.connect(outer.ctx, "h", 443, 1000);
        EXPECTF(e == v[i].want && px.status == v[i].status, "case %zu: %s, status %u", i, aigw_strerror(e),
                px.status);
        EXPECT(S.closed == 1 && !px.connected);
    }
}

static void unreachable_and_timeout(void)
{
    setup(OK200, NULL, NULL);
    S.connect_err = AIGW_E_CONNECT;
    EXPECT(outer.connect(outer.ctx, "h", 443, 1000) == AIGW_E_PROXY_UNREACHABLE);
    S.connect_err = AIGW_E_DNS;
    EXPECT(outer.connect(outer.ctx, "h", 443, 1000) == AIGW_E_PROXY_UNREACHABLE);
    S.connect_err = AIGW_E_TIMEOUT_CONNECT;
    EXPECT(outer.connect(outer.ctx, "h", 443, 1000) == AIGW_E_TIMEOUT_CONNECT);
    setup("HTTP/1.1 200", NULL, NULL); /* then silence until the deadline */
    S.end_err = AIGW_E_WOULD_BLOCK;
    EXPECT(outer.connect(outer.ctx, "h", 443, 1000) == AIGW_E_TIMEOUT_CONNECT);
    EXPECT(S.closed == 1);
}

static void init_checks(void)
{
    aigw_proxy_config_t pc;
    aigw_port_t in2 = inner;
    memset(&pc, 0, sizeof pc);
    pc.host = "proxy";
    pc.port = 8080;
    EXPECT(aigw_proxy_init(&px, &outer, &inner, &pc, buf, AIGW_PROXY_BUF_MIN - 1) == AIGW_E_ARG);
    EXPECT(aigw_proxy_init(NULL, &outer, &inner, &pc, buf, sizeof buf) == AIGW_E_ARG);
    pc.port = 0;
    EXPECT(aigw_proxy_init(&px, &outer, &inner, &pc, buf, sizeof buf) == AIGW_E_ARG);
    pc.port = 8080;
    pc.user.ptr = "a:b";
    pc.user.len = 3;
    EXPECT(aigw_proxy_init(&px, &outer, &inner, &pc, buf, sizeof buf) == AIGW_E_ARG);
    pc.user.len = 0;
    pc.host = "proxy\r\n";
    EXPECT(aigw_proxy_init(&px, &outer, &inner, &pc, buf, sizeof buf) == AIGW_E_HEADER_VALUE);
    pc.host = "proxy";
    in2.recv = NULL;
    EXPECT(aigw_proxy_init(&px, &outer, &in2, &pc, buf, sizeof buf) == AIGW_E_PORT);
    EXPECT(aigw_proxy_init(&px, &outer, &inner, &pc, buf, sizeof buf) == AIGW_OK);
    EXPECT(outer.sleep == NULL); /* the inner port has none */
}

/* ---- parser --------------------------------------------------------------- */

static uint16_t parse_flags(const char *head)
{
    aigw_http_resp_t r;
    size_t used = 0;
    aigw_http_resp_init(&r, NULL, 0);
    EXPECT(aigw_http_resp_feed(&r, (const uint8_t *)head, strlen(head), &used) == AIGW_OK && r.done);
    return r.flags;
}

static void parser_x_should_retry(void)
{
    const uint16_t both = AIGW_HTTP_F_SHOULD_RETRY | AIGW_HTTP_F_SHOULD_NOT_RETRY;
    EXPECT((parse_flags("HTTP/1.1 503 x\r\nx-should-retry: false\r\nContent-Length: 0\r\n\r\n") & both) ==
           AIGW_HTTP_F_SHOULD_NOT_RETRY);
    EXPECT((parse_flags("HTTP/1.1 400 x\r\nX-Should-Retry:  TRUE \r\nContent-Length: 0\r\n\r\n") & both) ==
           AIGW_HTTP_F_SHOULD_RETRY);
    EXPECT((parse_flags("HTTP/1.1 400 x\r\nx-should-retry: maybe\r\nContent-Length: 0\r\n\r\n") & both) == 0);
    EXPECT((parse_flags("HTTP/1.1 400 x\r\nx-should-retry: true\r\nx-should-retry: false\r\n"
                        "Content-Length: 0\r\n\r\n") & both) == AIGW_HTTP_F_SHOULD_NOT_RETRY);
    EXPECT((parse_flags("HTTP/1.1 400 x\r\nx-should-retry-not: true\r\nContent-Length: 0\r\n\r\n") & both) == 0);
    EXPECT((parse_flags("HTTP/1.1 400 x\r\nx-should-retry: true1111111111111111111111111111111111111111111111\r\n"
                        "Content-Length: 0\r\n\r\n") & both) == 0);
}

static void parser_connect_2xx_has_no_body(void)
{
    aigw_http_resp_t r;
    size_t used = 0;
    static const char in[] = "HTTP/1.1 200 OK\r\n\r\n\x16\x03\x03";
    aigw_http_resp_init(&r, NULL, 0);
    r.flags |= AIGW_HTTP_F_CONNECT;
    EXPECT(aigw_http_resp_feed(&r, (const uint8_t *)in, sizeof in - 1, &used) == AIGW_OK);
    EXPECT(r.done && used == sizeof in - 4);
    /* without the flag the same 200 is close-delimited: its first body byte overflows */
    aigw_http_resp_init(&r, NULL, 0);
    EXPECT(aigw_http_resp_feed(&r, (const uint8_t *)in, sizeof in - 1, &used) == AIGW_E_HTTP_BODY_TOO_LARGE);
}

int main(void)
{
    RUN(connect_line_host_and_no_credentials);
    RUN(basic_credentials_every_padding);
    RUN(ipv6_target_in_brackets);
    RUN(injection_in_target_refused);
    RUN(tunnel_bytes_after_the_answer_are_kept);
    RUN(answer_split_into_single_bytes);
    RUN(refusals_are_typed);
    RUN(unreachable_and_timeout);
    RUN(init_checks);
    RUN(parser_x_should_retry);
    RUN(parser_connect_2xx_has_no_body);
    return AIGW_TEST_EXIT();
}
