/* SPDX-License-Identifier: MIT */
/*
 * The board's end-to-end firmware: a real TLS update and get with the
 * project's client, over the TLS port (mbedTLS, static arena), the lwIP raw
 * port and the LAN9118, against the endpoint emulator in the test's network
 * namespace (https://api.aigw.test:8443, 192.0.2.1; the firmware is
 * 192.0.2.2). The trust store is what a device would ship, Cloudflare's
 * roots (aigw_cloudflare_ca, parsed in place), plus one CA compiled in at
 * build time: the test CAs (ca_good.c: ECDSA and RSA roots) or, in the wrong-CA image, an
 * unrelated one (ca_wrong.c); both generated from the test PKI.
 *
 * Normal image: exits 0 only when the update returns 200 with the values
 * sent and the get returns the same gateway. Built with BOARD_VIA_PROXY=1
 * (net_update_proxy.elf), the same calls go through the core's HTTP CONNECT
 * step (aigw/aigw_proxy.h) to the test proxy at 192.0.2.1:3128 with Basic
 * credentials: lwIP raw port -> CONNECT step -> TLS port -> client. Built with
 * BOARD_EXPECT_UNTRUSTED=1 (the image that trusts an unrelated CA): exits 0
 * only when the update fails with exactly AIGW_E_TLS_UNTRUSTED. Built with
 * BOARD_EXPECT_ALLOC=1 (an arena of BOARD_TLS_ARENA_SHORT_BYTES, enough for
 * the record buffers and the trust store but not for checking the server's
 * chain): exits 0 only when the update fails with AIGW_E_TLS_ALLOC, not as
 * an untrusted chain.
 *
 * Sizes (arena, record buffers, max_fragment_length) come from the firmware
 * profile, board_profile.h. Also prints the figures the test reports: time
 * per phase, peak stack, peak mbedTLS arena, lwIP's high-water marks.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../tests/unit/aigw_test.h"
#include "aigw/aigw_client.h"
#include "aigw/aigw_lwip_raw.h"
#include "aigw/aigw_tls.h"
#include "board.h"
#include "board_net.h"
#include "board_tls.h"
#include "lan9118.h"
#include "board_profile.h"
#include "lwip/dns.h"
#include "lwip/memp.h"
#include "lwip/stats.h"
#include "mbedtls/platform_util.h"
#include "mbedtls/x509.h"

#ifndef BOARD_EXPECT_UNTRUSTED
#define BOARD_EXPECT_UNTRUSTED 0
#endif
#ifndef BOARD_VIA_PROXY
#define BOARD_VIA_PROXY 0
#endif
#if BOARD_VIA_PROXY
#include "aigw/aigw_proxy.h"
#define PROXY_PORT 3128
#define PROXY_USER "board"
#define PROXY_PASSWORD "an385-secret"
static aigw_proxy_t px;
static aigw_port_t px_port;
static uint8_t px_buf[256];
#endif
#ifndef BOARD_EXPECT_ALLOC
#define BOARD_EXPECT_ALLOC 0
#endif

#define SERVER_IP "192.0.2.1"
#define SERVER_NAME "api.aigw.test" /* mbedTLS 2.28 verifies DNS names only, not IP SANs */
#define BASE_URL "https://" SERVER_NAME ":8443/client/v4"
#define ACCOUNT "3ebbcb006d4d46d7bb6a8c7f14676cb0"
#define TOKEN "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"
#define GATEWAY "my-gateway"

extern const unsigned char board_ca_der[];
extern const size_t board_ca_der_len;

/* mbedTLS's whole heap: record buffers, handshake, the parsed CA and the
 * server's chain (sizes: board_profile.h). */
#if BOARD_EXPECT_ALLOC
#define TLS_ARENA_BYTES BOARD_TLS_ARENA_SHORT_BYTES
#else
#define TLS_ARENA_BYTES BOARD_TLS_ARENA_BYTES
#endif
static uint8_t tls_arena[TLS_ARENA_BYTES] __attribute__((aligned(8)));

static aigw_lwip_raw_t raw;
static aigw_port_t tcp, https;
static aigw_tls_t tls;
static aigw_client_t client;
/* Application buffers from `make budget`: the API page's example answer, as
 * the API sends it (compact), needs 824 B of body, 78 jsmn tokens and 200 B
 * of decode arena (the emulator's answer here: 351 B, 29 tokens, 0 B); each
 * buffer holds that with 20 to 50 % to spare. A gateway with more
 * configuration needs more (docs/PORTING.md: 5 otel exporters and 20 DLP
 * policies answer with 9 KB and 568 tokens). */
static uint8_t client_io[512];
static uint64_t body_buf[128], arena_buf[32];
static aigw_tok_t toks[96];

static void fill_params(aigw_params_t *p)
{
    memset(p, 0, sizeof *p);
    p->cache_invalidate_on_update.state = AIGW_SET;
    p->cache_invalidate_on_update.value = true;
    p->cache_ttl.state = AIGW_SET;
    p->cache_ttl.value = 1800;
    p->collect_logs.state = AIGW_SET;
    p->collect_logs.value = false;
    p->rate_limiting_interval.state = AIGW_SET;
    p->rate_limiting_interval.value = 60;
    p->rate_limiting_limit.state = AIGW_SET;
    p->rate_limiting_limit.value = 123;
    p->rate_limiting_technique.state = AIGW_SET;
    p->rate_limiting_technique.value = AIGW_RATE_SLIDING;
    p->retry_max_attempts.state = AIGW_SET;
    p->retry_max_attempts.value = 3;
    p->authentication.state = AIGW_SET;
    p->authentication.value = true;
}

#if !BOARD_EXPECT_UNTRUSTED && !BOARD_EXPECT_ALLOC
static int text_is(const aigw_text_t *t, const char *want)
{
    size_t n = strlen(want);
    return t->state == AIGW_SET && t->value.len == n && memcmp(t->value.ptr, want, n) == 0;
}

static int int_is(const aigw_int_t *v, int64_t want)
{
    return v->state == AIGW_SET && v->value == want;
}

static int bool_is(const aigw_bool_t *v, bool want)
{
    return v->state == AIGW_SET && v->value == want;
}

static void expect_values(const aigw_gateway_t *g, const char *what)
{
    EXPECTF(text_is(&g->id, GATEWAY), "%s: id", what);
    EXPECTF(bool_is(&g->params.cache_invalidate_on_update, true), "%s: cache_invalidate_on_update", what);
    EXPECTF(int_is(&g->params.cache_ttl, 1800), "%s: cache_ttl", what);
    EXPECTF(bool_is(&g->params.collect_logs, false), "%s: collect_logs", what);
    EXPECTF(int_is(&g->params.rate_limiting_interval, 60), "%s: rate_limiting_interval", what);
    EXPECTF(int_is(&g->params.rate_limiting_limit, 123), "%s: rate_limiting_limit", what);
    EXPECTF(g->params.rate_limiting_technique.state == AIGW_SET &&
                g->params.rate_limiting_technique.value == AIGW_RATE_SLIDING,
            "%s: rate_limiting_technique", what);
    EXPECTF(int_is(&g->params.retry_max_attempts, 3), "%s: retry_max_attempts", what);
    EXPECTF(bool_is(&g->params.authentication, true), "%s: authentication", what);
    EXPECTF(g->modified_at.state == AIGW_SET && g->modified_at.value.len > 0, "%s: modified_at", what);
}
#endif

/* The board's own gmtime_r replacement, which mbedTLS uses for every
 * certificate date: a wrong day here would accept an expired chain. */
static void test_gmtime(void)
{
    static const struct {
        long long t;
        int y, mon, d, h, mi, s;
    } cases[] = {
        {0, 70, 0, 1, 0, 0, 0},
        {951782400LL, 100, 1, 29, 0, 0, 0},   /* 2000-02-29 (leap day of a /400 year) */
        {1709251199LL, 124, 1, 29, 23, 59, 59}, /* 2024-02-29T23:59:59 */
        {4102444800LL, 200, 0, 1, 0, 0, 0},   /* 2100-01-01 (past 2038) */
        {-1LL, 69, 11, 31, 23, 59, 59},       /* 1969-12-31T23:59:59 */
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tm tm;
        mbedtls_time_t t = (mbedtls_time_t)cases[i].t;
        EXPECT(mbedtls_platform_gmtime_r(&t, &tm) == &tm);
        EXPECTF(tm.tm_year == cases[i].y && tm.tm_mon == cases[i].mon && tm.tm_mday == cases[i].d &&
                    tm.tm_hour == cases[i].h && tm.tm_min == cases[i].mi && tm.tm_sec == cases[i].s,
                "case %zu: %d-%d-%d %d:%d:%d", i, tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
    }
}

static aigw_err_t setup(void)
{
    aigw_tls_config_t tcfg;
    aigw_client_config_t cfg;
    ip_addr_t server;
    aigw_err_t e;

    if (aigw_tls_arena_init(tls_arena, sizeof tls_arena) != AIGW_OK)
        return AIGW_E_TLS_ALLOC;
    if (board_net_init("192.0.2.2", "255.255.255.0", SERVER_IP, NULL) != 0)
        return AIGW_E_PORT;
    /* The device resolves the API host from a static table (no DNS server in
     * the test network); lwIP's local host list answers dns_gethostbyname(). */
    (void)ipaddr_aton(SERVER_IP, &server);
    if (dns_local_addhost(SERVER_NAME, &server) != ERR_OK)
        return AIGW_E_DNS;

    e = aigw_lwip_raw_init(&raw, board_net_poll, NULL, NULL);
    if (e == AIGW_OK)
        e = aigw_lwip_raw_port(&raw, &tcp);
    if (e != AIGW_OK)
        return e;

#if BOARD_VIA_PROXY
    {
        aigw_proxy_config_t pc;
        memset(&pc, 0, sizeof pc);
        pc.host = SERVER_IP;
        pc.port = PROXY_PORT;
        pc.user.ptr = PROXY_USER;
        pc.user.len = sizeof PROXY_USER - 1;
        pc.password.ptr = PROXY_PASSWORD;
        pc.password.len = sizeof PROXY_PASSWORD - 1;
        e = aigw_proxy_init(&px, &px_port, &tcp, &pc, px_buf, sizeof px_buf);
        if (e != AIGW_OK)
            return e;
    }
#endif
    memset(&tcfg, 0, sizeof tcfg);
    tcfg.ca = board_ca_der;
    tcfg.ca_len = board_ca_der_len;
    tcfg.ca_set = aigw_cloudflare_ca;
    tcfg.ca_set_count = aigw_cloudflare_ca_count;
    tcfg.entropy = board_tls_entropy;
    tcfg.wall_clock = board_tls_wall_clock;
    tcfg.max_fragment_len = BOARD_TLS_MAX_FRAGMENT_LEN;
#if BOARD_VIA_PROXY
    e = aigw_tls_init(&tls, &https, &px_port, &tcfg);
#else
    e = aigw_tls_init(&tls, &https, &tcp, &tcfg);
#endif
    if (e != AIGW_OK)
        return e;

    memset(&cfg, 0, sizeof cfg);
    cfg.base_url = BASE_URL;
    cfg.account_id = ACCOUNT;
    cfg.auth.kind = AIGW_AUTH_TOKEN;
    cfg.auth.token.ptr = TOKEN;
    cfg.auth.token.len = sizeof TOKEN - 1;
    cfg.port = &https;
    cfg.connect_timeout_ms = 20000;
    cfg.response_timeout_ms = 10000;
    cfg.call_timeout_ms = 40000;
    cfg.max_attempts = 1; /* a failure must show, not be retried away */
    return aigw_client_init(&client, &cfg, client_io, sizeof client_io);
}

static aigw_err_t setup_err;
static aigw_result_t res;

#if BOARD_EXPECT_ALLOC
static void test_short_arena_is_typed(void)
{
    aigw_params_t p;
    aigw_err_t e;
    size_t cur = 0, peak = 0;
    fill_params(&p);
    aigw_result_init(&res, body_buf, sizeof body_buf, toks, sizeof toks / sizeof toks[0], arena_buf,
                     sizeof arena_buf);
    e = aigw_gateway_update(&client, GATEWAY, &p, &res);
    (void)aigw_tls_arena_usage(&cur, &peak);
    printf("update with a %u B arena: err %d (%s), mbedtls -0x%04x, verify flags 0x%lx, arena peak %zu of %u B, "
           "%lu allocations refused\n", (unsigned)TLS_ARENA_BYTES, (int)e, aigw_strerror(e),
           (unsigned)-tls.mbedtls_ret, (unsigned long)tls.verify_flags, peak, (unsigned)TLS_ARENA_BYTES,
           (unsigned long)aigw_tls_arena_refused());
    EXPECTF(e == AIGW_E_TLS_ALLOC, "want AIGW_E_TLS_ALLOC (%d), got %d (%s)", (int)AIGW_E_TLS_ALLOC, (int)e,
            aigw_strerror(e));
    /* The case this image exists for: mbedTLS itself said "verification failed". */
    EXPECTF(tls.mbedtls_ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED,
            "the arena ran out before the certificate checks (mbedtls -0x%04x): resize "
            "BOARD_TLS_ARENA_SHORT_BYTES", (unsigned)-tls.mbedtls_ret);
    EXPECT(aigw_tls_arena_refused() > 0);
    EXPECTF(res.status == 0, "an HTTP status (%u) arrived", (unsigned)res.status);
}
#elif BOARD_EXPECT_UNTRUSTED
static void test_wrong_ca_refused(void)
{
    aigw_params_t p;
    aigw_err_t e;
    fill_params(&p);
    aigw_result_init(&res, body_buf, sizeof body_buf, toks, sizeof toks / sizeof toks[0], arena_buf,
                     sizeof arena_buf);
    e = aigw_gateway_update(&client, GATEWAY, &p, &res);
    printf("update with the wrong CA: err %d (%s), verify flags 0x%lx\n", (int)e, aigw_strerror(e),
           (unsigned long)tls.verify_flags);
    EXPECTF(e == AIGW_E_TLS_UNTRUSTED, "want AIGW_E_TLS_UNTRUSTED (%d), got %d", (int)AIGW_E_TLS_UNTRUSTED,
            (int)e);
    EXPECTF(res.status == 0, "an HTTP status (%u) arrived over an untrusted channel", (unsigned)res.status);
}
#else
static void test_update_then_get(void)
{
    aigw_params_t p;
    aigw_err_t e;
    uint64_t t0 = board_ms(), t1, t2;

    fill_params(&p);
    aigw_result_init(&res, body_buf, sizeof body_buf, toks, sizeof toks / sizeof toks[0], arena_buf,
                     sizeof arena_buf);
    e = aigw_gateway_update(&client, GATEWAY, &p, &res);
    t1 = board_ms();
    printf("update: err %d (%s) status %u, %llu ms (TCP + TLS handshake + PUT), mbedtls -0x%04x flags 0x%lx\n",
           (int)e, aigw_strerror(e), (unsigned)res.status, (unsigned long long)(t1 - t0),
           (unsigned)-tls.mbedtls_ret, (unsigned long)tls.verify_flags);
    EXPECTF(e == AIGW_OK && res.status == 200, "update: %s, HTTP %u", aigw_strerror(e), (unsigned)res.status);
    if (e != AIGW_OK)
        return;
    expect_values(&res.gateway, "update");

    aigw_result_init(&res, body_buf, sizeof body_buf, toks, sizeof toks / sizeof toks[0], arena_buf,
                     sizeof arena_buf);
    e = aigw_gateway_get(&client, GATEWAY, &res);
    t2 = board_ms();
    printf("get: err %d (%s) status %u, %llu ms, connection reused: %s\n", (int)e, aigw_strerror(e),
           (unsigned)res.status, (unsigned long long)(t2 - t1), client.connections == 1 ? "yes" : "no");
    EXPECTF(e == AIGW_OK && res.status == 200, "get: %s, HTTP %u", aigw_strerror(e), (unsigned)res.status);
    if (e != AIGW_OK)
        return;
    expect_values(&res.gateway, "get");
    EXPECTF(client.connections == 1, "the get opened connection #%u instead of reusing the first",
            (unsigned)client.connections);
    /* Still connected: the protocol version the server accepted (mbedTLS 3.6
     * with TLS13=1 offers 1.3, which the emulator prefers). */
    printf("protocol: %s\n", mbedtls_ssl_get_version(&tls.ssl));
#if BOARD_TLS13
    EXPECTF(strcmp(mbedtls_ssl_get_version(&tls.ssl), "TLSv1.3") == 0, "negotiated %s, not TLS 1.3",
            mbedtls_ssl_get_version(&tls.ssl));
#else
    EXPECTF(strcmp(mbedtls_ssl_get_version(&tls.ssl), "TLSv1.2") == 0, "negotiated %s, not TLS 1.2",
            mbedtls_ssl_get_version(&tls.ssl));
#endif
#if BOARD_VIA_PROXY
    printf("proxy: answered %u to CONNECT %s:8443\n", (unsigned)px.status, SERVER_NAME);
    EXPECTF(px.status == 200, "the proxy answered %u", (unsigned)px.status);
#endif
}

/* A new connection after close resumes the TLS session kept (serialized) in
 * aigw_tls_t: an abbreviated handshake, no certificate work on the device. */
static void test_get_after_close_resumes(void)
{
    aigw_err_t e;
    uint64_t t0, t1;
    uint32_t resumed_before = tls.resumed;
    aigw_client_close(&client);
    t0 = board_ms();
    aigw_result_init(&res, body_buf, sizeof body_buf, toks, sizeof toks / sizeof toks[0], arena_buf,
                     sizeof arena_buf);
    e = aigw_gateway_get(&client, GATEWAY, &res);
    t1 = board_ms();
    printf("get on a new connection: err %d (%s) status %u, %llu ms, TLS session resumed: %s\n", (int)e,
           aigw_strerror(e), (unsigned)res.status, (unsigned long long)(t1 - t0),
           tls.resumed > resumed_before ? "yes" : "no");
    EXPECTF(e == AIGW_OK && res.status == 200, "get: %s, HTTP %u", aigw_strerror(e), (unsigned)res.status);
    if (e == AIGW_OK)
        expect_values(&res.gateway, "get after close");
#if BOARD_TLS13
    /* The port resumes TLS 1.2 sessions only (aigw_tls_compat.h): over TLS
     * 1.3 the new connection is a full handshake, and must say so. */
    EXPECTF(tls.resumed == resumed_before && !tls.last_resumed, "TLS 1.3 connection reported resumed");
#else
    EXPECTF(tls.resumed > resumed_before && tls.last_resumed, "full handshake (%u handshakes, %u resumed)",
            (unsigned)tls.handshakes, (unsigned)tls.resumed);
#endif
}
#endif

/* After the close nothing of mbedTLS may hold arena memory: a block left
 * behind is lost to every later connection, or dangles once the arena is
 * freed. A test of its own, so a leak fails the run. */
static void test_arena_empty_after_close(void)
{
    size_t cur = 0, peak = 0;
    (void)aigw_tls_arena_usage(&cur, &peak);
    EXPECTF(cur == 0, "mbedTLS still holds %zu arena bytes after close", cur);
}

int main(void)
{
    size_t cur = 0, peak = 0;
    uint64_t t0 = board_ms();

    RUN(test_gmtime);
    setup_err = setup();
    if (setup_err != AIGW_OK) {
        printf("FAIL setup: %s\n", aigw_strerror(setup_err));
        return 1;
    }
#if BOARD_EXPECT_ALLOC
    RUN(test_short_arena_is_typed);
#elif BOARD_EXPECT_UNTRUSTED
    RUN(test_wrong_ca_refused);
#else
    RUN(test_update_then_get);
    RUN(test_get_after_close_resumes);
#endif
    aigw_client_close(&client);
    (void)aigw_tls_arena_usage(&cur, &peak);
    printf("REPORT profile=%s run_ms=%llu stack_peak=%zu stack_size=%zu tls_arena_peak=%zu tls_arena_size=%zu "
           "tls_arena_after_close=%zu rx_dropped=%lu lwip_heap_max=%u lwip_heap_size=%u pbuf_pool_max=%u "
           "pbuf_pool_size=%u tcp_seg_max=%u pbuf_ref_max=%u\n",
           BOARD_PROFILE_NAME, (unsigned long long)(board_ms() - t0), board_stack_peak(), board_stack_size(), peak,
           sizeof tls_arena, cur, (unsigned long)lan9118_rx_dropped(), (unsigned)lwip_stats.mem.max,
           (unsigned)MEM_SIZE, (unsigned)lwip_stats.memp[MEMP_PBUF_POOL]->max, (unsigned)PBUF_POOL_SIZE,
           (unsigned)lwip_stats.memp[MEMP_TCP_SEG]->max, (unsigned)lwip_stats.memp[MEMP_PBUF]->max);
    RUN(test_arena_empty_after_close);
    return AIGW_TEST_EXIT();
}
