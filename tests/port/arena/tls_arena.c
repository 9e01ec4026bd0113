/* SPDX-License-Identifier: MIT */
/*
 * The TLS port with mbedTLS allocating only from a static arena
 * (MBEDTLS_MEMORY_BUFFER_ALLOC_C) and taking time from the caller's wall
 * clock (MBEDTLS_PLATFORM_TIME_ALT): mbedTLS built from source with
 * tests/port/arena/arena_user_config.h (make port-arena).
 *
 * The arena must be entirely free (mbedtls_memory_buffer_alloc_cur_get == 0)
 * after every close and every failed connect; an arena too small is a typed
 * error; certificate validity follows the callback, not time().
 *
 * Environment as for tls_test (AIGW_CERTS, AIGW_TLS_PORTS).
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "aigw/aigw_posix.h"
#include "aigw/aigw_tls.h"
#include "mbedtls/memory_buffer_alloc.h"
#include "mbedtls/platform.h"
#include "../../../port/mbedtls/aigw_tls_ca.h" /* the CA callback, internal to the port */
#include "../../unit/aigw_test.h"

#if !defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C) || !defined(MBEDTLS_PLATFORM_TIME_ALT)
#error "build with tests/port/arena/arena_user_config.h (make port-arena)"
#endif

static const char *g_certs, *g_ports;
static uint8_t g_ca[8192];
static size_t g_ca_len;
static uint8_t g_arena[128 * 1024];
static int64_t g_clock_offset; /* seconds added to time() by the test's wall clock */

static int64_t test_clock(void *ctx)
{
    (void)ctx;
    return aigw_posix_wall_clock(NULL) + g_clock_offset;
}

static uint16_t server_port(const char *name)
{
    char line[128], n[64];
    unsigned p;
    uint16_t port = 0;
    FILE *f = fopen(g_ports, "r");
    if (f == NULL)
        return 0;
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "%63s %u", n, &p) == 2 && strcmp(n, name) == 0)
            port = (uint16_t)p;
    fclose(f);
    return port;
}

static size_t arena_cur(void)
{
    size_t cur = 0, peak = 0;
    if (aigw_tls_arena_usage(&cur, &peak) != AIGW_OK)
        return (size_t)-1;
    return cur;
}

static aigw_posix_t g_sock;
static aigw_port_t g_tcp, g_port;
static aigw_tls_t g_tls;

static aigw_err_t setup(void)
{
    aigw_tls_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    aigw_posix_init(&g_sock, &g_tcp);
    cfg.ca = g_ca;
    cfg.ca_len = g_ca_len;
    cfg.entropy = aigw_posix_entropy;
    cfg.wall_clock = test_clock;
    return aigw_tls_init(&g_tls, &g_port, &g_tcp, &cfg);
}

static aigw_err_t one_call(const char *listener)
{
    uint8_t buf[64];
    size_t n = 0;
    aigw_ms_t dl = g_port.now(g_port.ctx) + 20000;
    aigw_err_t e = g_port.connect(g_port.ctx, "localhost", server_port(listener), dl);
    if (e == AIGW_OK) {
        e = g_port.send(g_port.ctx, (const uint8_t *)"PING arena\n", 11, &n, dl);
        while (e == AIGW_OK)
            e = g_port.recv(g_port.ctx, buf, sizeof buf, &n, dl);
        e = e == AIGW_E_EOF ? AIGW_OK : e;
    }
    g_port.close(g_port.ctx);
    return e;
}

static void arena_free_after_every_call(void)
{
    size_t cur = 1, peak = 0, blocks = 0;
    aigw_err_t e;
    EXPECT(aigw_tls_arena_init(g_arena, sizeof g_arena) == AIGW_OK);
    EXPECT(setup() == AIGW_OK);
    EXPECTF(arena_cur() == 0, "%zu after init", arena_cur());
    e = one_call("good");
    EXPECTF(e == AIGW_OK, "full: %s", aigw_strerror(e));
    EXPECT(g_tls.last_resumed == 0);
    EXPECTF(arena_cur() == 0, "%zu after close (full handshake)", arena_cur());
    EXPECT(aigw_tls_arena_usage(&cur, &peak) == AIGW_OK);
    printf("  info: arena peak for one full ECDSA handshake + request: %zu B\n", peak);
    EXPECT(peak > 2 * 16384);
    e = one_call("good");
    EXPECTF(e == AIGW_OK, "resumed: %s", aigw_strerror(e));
    EXPECT(g_tls.last_resumed == 1);
    EXPECTF(arena_cur() == 0, "%zu after close (resumed)", arena_cur());
    e = one_call("rsa");
    EXPECTF(e == AIGW_E_TLS_UNTRUSTED, "rsa with the ECDSA CA only: %s", aigw_strerror(e));
    EXPECT(one_call("expired") == AIGW_E_TLS_EXPIRED);
    EXPECT(one_call("wronghost") == AIGW_E_TLS_HOSTNAME);
    EXPECTF(arena_cur() == 0, "%zu after failed handshakes", arena_cur());
    mbedtls_memory_buffer_alloc_cur_get(&cur, &blocks);
    EXPECT(cur == 0 && blocks == 0);
    EXPECT(mbedtls_memory_buffer_alloc_verify() == 0);
    aigw_tls_arena_free();
}

/* 20 KiB cannot hold the 16 KiB record buffers: typed error, arena empty again. */
static void arena_too_small_is_typed(void)
{
    static uint8_t small[20 * 1024];
    aigw_err_t e;
    EXPECT(aigw_tls_arena_init(small, sizeof small) == AIGW_OK);
    EXPECT(setup() == AIGW_OK); /* one CA parses in 20 KiB */
    e = one_call("good");
    EXPECTF(e == AIGW_E_TLS_ALLOC, "got %s", aigw_strerror(e));
    EXPECTF(arena_cur() == 0, "%zu left in the arena", arena_cur());
    aigw_tls_arena_free();
}

/* Every arena size from "too small for the record buffers" up to "enough":
 * each failed handshake must be AIGW_E_TLS_ALLOC, never a certificate error,
 * including the sizes where the arena runs out inside X.509 verification
 * (mbedTLS reports those as MBEDTLS_ERR_X509_CERT_VERIFY_FAILED with a "not
 * trusted" flag; the port sees the arena's refusal count). */
static void arena_exhausted_anywhere_is_typed(void)
{
    size_t len, verify_cases = 0, other_cases = 0, ok_at = 0;
    for (len = 24 * 1024; len <= sizeof g_arena && ok_at == 0; len += 256) {
        aigw_err_t e;
        uint32_t refused = aigw_tls_arena_refused();
        EXPECT(aigw_tls_arena_init(g_arena, len) == AIGW_OK);
        if (setup() != AIGW_OK) { /* the CA alone does not fit yet */
            aigw_tls_arena_free();
            continue;
        }
        e = one_call("good");
        if (e == AIGW_OK) {
            ok_at = len;
        } else {
            EXPECTF(e == AIGW_E_TLS_ALLOC, "arena %zu B: %s (mbedtls -0x%04x, flags 0x%x)", len, aigw_strerror(e),
                    (unsigned)-g_tls.mbedtls_ret, (unsigned)g_tls.verify_flags);
            EXPECTF(aigw_tls_arena_refused() > refused, "arena %zu B: %s without a refused allocation", len,
                    aigw_strerror(e));
            if (g_tls.mbedtls_ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED)
                verify_cases++;
            else
                other_cases++;
        }
        EXPECTF(arena_cur() == 0, "arena %zu B: %zu left", len, arena_cur());
        aigw_tls_arena_free();
    }
    printf("  info: handshake fits from %zu B of arena; below: %zu sizes ran out in X.509 verification, "
           "%zu elsewhere (each must be AIGW_E_TLS_ALLOC)\n", ok_at, verify_cases, other_cases);
    EXPECTF(ok_at != 0, "no arena up to %zu B was enough", sizeof g_arena);
    EXPECTF(verify_cases > 0, "no size ran out inside verification (%zu elsewhere)", other_cases);
}

#if AIGW_TLS_CA_CALLBACK
static int read_file(const char *name, uint8_t *buf, size_t cap, size_t *len)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", g_certs, name);
    f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    *len = fread(buf, 1, cap, f);
    fclose(f);
    return *len > 0 && *len < cap ? 0 : -1;
}

/* The callback hands mbedTLS exactly the roots that issued the certificate
 * asked about (from a bundle of two), none for a stranger's certificate, and
 * "out of memory" when the arena cannot hold the root. */
static void ca_callback_offers_only_the_issuer(void)
{
    static uint8_t bundle[16384], leaf[8192];
    size_t blen = 0, llen = 0, cur = 0, peak = 0;
    const char *leaves[] = {"server.pem", "server-rsa.pem", "untrusted.pem"};
    const int issued[] = {1, 1, 0}; /* by a root of the bundle */
    aigw_tls_config_t cfg;
    size_t i;
    EXPECT(read_file("ca-bundle.pem", bundle, sizeof bundle, &blen) == 0);
    memset(&cfg, 0, sizeof cfg);
    cfg.ca = bundle;
    cfg.ca_len = blen;
    EXPECT(aigw_tls_arena_init(g_arena, sizeof g_arena) == AIGW_OK);
    for (i = 0; i < 3; i++) {
        mbedtls_x509_crt child, *cand = (mbedtls_x509_crt *)1;
        char name[256] = "";
        int ret;
        mbedtls_x509_crt_init(&child);
        EXPECT(read_file(leaves[i], leaf, sizeof leaf, &llen) == 0);
        leaf[llen] = 0; /* mbedtls_x509_crt_parse wants PEM NUL-terminated, counted */
        EXPECT(mbedtls_x509_crt_parse(&child, leaf, llen + 1) == 0);
        ret = aigw_tls_ca_cb(&cfg, &child, &cand);
        EXPECTF(ret == 0, "%s: -0x%04x", leaves[i], (unsigned)-ret);
        if (!issued[i]) {
            EXPECTF(cand == NULL, "%s: a root offered for a stranger's certificate", leaves[i]);
        } else if (cand == NULL) {
            EXPECTF(0, "%s: no root offered", leaves[i]);
        } else {
            (void)mbedtls_x509_dn_gets(name, sizeof name, &cand->subject);
            EXPECTF(cand->next == NULL, "%s: more than one root offered", leaves[i]);
            EXPECTF(cand->subject_raw.len == child.issuer_raw.len &&
                        memcmp(cand->subject_raw.p, child.issuer_raw.p, child.issuer_raw.len) == 0,
                    "%s: offered %s", leaves[i], name);
            mbedtls_x509_crt_free(cand);
            mbedtls_free(cand);
        }
        mbedtls_x509_crt_free(&child);
    }
    EXPECTF(arena_cur() == 0, "%zu left after the callbacks", arena_cur());
    aigw_tls_arena_free();
    /* An arena filled up to about 1 KB: the callback's allocations fail, it
     * says so and leaves nothing behind. */
    EXPECT(aigw_tls_arena_init(g_arena, sizeof g_arena) == AIGW_OK);
    {
        mbedtls_x509_crt child, *cand = (mbedtls_x509_crt *)1;
        void **top = NULL, **blk;
        size_t before = 0;
        int ret, k;
        mbedtls_x509_crt_init(&child);
        EXPECT(read_file("server.pem", leaf, sizeof leaf, &llen) == 0);
        leaf[llen] = 0;
        EXPECT(mbedtls_x509_crt_parse(&child, leaf, llen + 1) == 0);
        while ((blk = (void **)mbedtls_calloc(1, 64)) != NULL) { /* each block links the previous */
            *blk = top;
            top = blk;
        }
        for (k = 0; k < 10 && top != NULL; k++) {
            blk = (void **)*top;
            mbedtls_free(top);
            top = blk;
        }
        before = arena_cur();
        ret = aigw_tls_ca_cb(&cfg, &child, &cand);
        EXPECTF(aigw_tls_is_alloc_error(ret), "-0x%04x", (unsigned)-ret);
        EXPECT(cand == NULL);
        EXPECTF(arena_cur() == before, "%zu B left by the callback", arena_cur() - before);
        while (top != NULL) {
            blk = (void **)*top;
            mbedtls_free(top);
            top = blk;
        }
        mbedtls_x509_crt_free(&child);
        EXPECT(aigw_tls_arena_usage(&cur, &peak) == AIGW_OK && cur == 0);
        aigw_tls_arena_free();
    }
}
#endif

/* With MBEDTLS_PLATFORM_TIME_ALT the caller's clock decides validity. */
static void wall_clock_callback_drives_validity(void)
{
    EXPECT(aigw_tls_arena_init(g_arena, sizeof g_arena) == AIGW_OK);
    EXPECT(setup() == AIGW_OK);
    g_clock_offset = 15LL * 365 * 86400; /* past the good leaf's +10 y */
    EXPECT(one_call("good") == AIGW_E_TLS_EXPIRED);
    g_clock_offset = -(5LL * 365 * 86400) / 2; /* inside expired.pem's -3 y .. -2 y */
    EXPECT(one_call("expired") == AIGW_OK);
    g_clock_offset = (11LL * 365 * 86400) / 2; /* inside future.pem's +5 y .. +6 y */
    EXPECT(one_call("future") == AIGW_OK);
    g_clock_offset = 0;
    /* A resumed session is not re-verified (TLS semantics: the server bounds
     * the session's life), so forget it to make the certificate count again. */
    EXPECT(one_call("future") == AIGW_OK && g_tls.last_resumed == 1);
    aigw_tls_forget_session(&g_tls);
    EXPECT(one_call("future") == AIGW_E_TLS_NOT_YET_VALID);
    EXPECT(one_call("good") == AIGW_OK);
    EXPECT(arena_cur() == 0);
    aigw_tls_arena_free();
}

int main(void)
{
    char path[512];
    FILE *f;
    g_certs = getenv("AIGW_CERTS");
    g_ports = getenv("AIGW_TLS_PORTS");
    if (g_certs == NULL || g_ports == NULL) {
        printf("FAIL tls_arena: AIGW_CERTS and AIGW_TLS_PORTS must be set (run tests/suites/40-port.sh)\n");
        return 1;
    }
    snprintf(path, sizeof path, "%s/ca.pem", g_certs);
    f = fopen(path, "rb");
    if (f == NULL) {
        printf("FAIL tls_arena: cannot read %s\n", path);
        return 1;
    }
    g_ca_len = fread(g_ca, 1, sizeof g_ca, f);
    fclose(f);
    RUN(arena_free_after_every_call);
    RUN(arena_too_small_is_typed);
    RUN(arena_exhausted_anywhere_is_typed);
    RUN(wall_clock_callback_drives_validity);
#if AIGW_TLS_CA_CALLBACK
    RUN(ca_callback_offers_only_the_issuer);
#endif
    return AIGW_TEST_EXIT();
}
