/* SPDX-License-Identifier: MIT */
/*
 * mbedTLS heap accounting for the TLS port: exact bytes in use and the peak,
 * counted by wrapping calloc/free at link time (-Wl,--wrap, mbedTLS linked
 * statically, see mk/port.mk). This is the host's stand-in for
 * mbedtls_memory_buffer_alloc_cur_get(), which Debian's build lacks: the
 * count must be 0 after every close and after every failed connect, i.e. the
 * arena of a heap-free build would be entirely free again.
 *
 * Only mbedTLS and port code call the wrapped functions (libc's own
 * allocations, e.g. getaddrinfo's, stay inside libc.so and are not counted).
 * The program itself uses static buffers only: its own free() would go
 * through the wrapper too.
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
#include "../unit/aigw_test.h"
#include "../../port/mbedtls/aigw_tls_compat.h"
/* mbedTLS 3.6 offers TLS 1.3, on which aigw never resumes (aigw_tls_compat.h):
 * resumption is then tested on a listener capped at TLS 1.2 ("good12"). */
#if AIGW_MBEDTLS3 && defined(MBEDTLS_SSL_PROTO_TLS1_3)
#define TEST_TLS13 1
#define RESUME_LISTENER "good12"
#else
#define TEST_TLS13 0
#define RESUME_LISTENER "good"
#endif

/* ---- counting allocator --------------------------------------------------- */

void *__real_calloc(size_t n, size_t size);
void __real_free(void *p);
void *__wrap_calloc(size_t n, size_t size);
void __wrap_free(void *p);

static size_t g_cur, g_peak, g_calls;
#define HDR 16 /* keeps the user pointer 16-byte aligned */

void *__wrap_calloc(size_t n, size_t size)
{
    unsigned char *p;
    size_t total;
    if (size != 0 && n > ((size_t)-1 - HDR) / size)
        return NULL;
    total = n * size;
    p = (unsigned char *)__real_calloc(1, total + HDR);
    if (p == NULL)
        return NULL;
    memcpy(p, &total, sizeof total);
    g_cur += total;
    g_calls++;
    if (g_cur > g_peak)
        g_peak = g_cur;
    return p + HDR;
}

void __wrap_free(void *ptr)
{
    unsigned char *p = (unsigned char *)ptr;
    size_t total;
    if (p == NULL)
        return;
    p -= HDR;
    memcpy(&total, p, sizeof total);
    g_cur -= total;
    __real_free(p);
}

/* ---- helpers -------------------------------------------------------------- */

static const char *g_certs, *g_ports;
static uint8_t g_ca[16384];
static size_t g_ca_len;

static int load_ca(const char *name)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", g_certs, name);
    f = fopen(path, "rb"); /* stdio's buffer comes from libc's malloc, not the wrapper */
    if (f == NULL)
        return -1;
    g_ca_len = fread(g_ca, 1, sizeof g_ca, f);
    fclose(f);
    return g_ca_len > 0 && g_ca_len < sizeof g_ca ? 0 : -1;
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

static aigw_posix_t g_sock;
static aigw_port_t g_tcp, g_port;
static aigw_tls_t g_tls;

static aigw_err_t setup(const char *ca_file, int with_cloudflare_set)
{
    aigw_tls_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    aigw_posix_init(&g_sock, &g_tcp);
    if (ca_file != NULL) {
        if (load_ca(ca_file) != 0)
            return AIGW_E_ARG;
        cfg.ca = g_ca;
        cfg.ca_len = g_ca_len;
    }
    if (with_cloudflare_set) {
        cfg.ca_set = aigw_cloudflare_ca;
        cfg.ca_set_count = aigw_cloudflare_ca_count;
    }
    cfg.entropy = aigw_posix_entropy;
    cfg.wall_clock = aigw_posix_wall_clock;
    return aigw_tls_init(&g_tls, &g_port, &g_tcp, &cfg);
}

/* One connection: connect, PING, read to the end, close. Fills peak/held. */
static aigw_err_t one_call(const char *listener, size_t *peak, size_t *held)
{
    uint8_t buf[64];
    size_t n = 0;
    aigw_ms_t dl;
    aigw_err_t e;
    g_peak = g_cur;
    e = g_port.connect(g_port.ctx, "localhost", server_port(listener), g_port.now(g_port.ctx) + 20000);
    *held = g_cur;
    if (e == AIGW_OK) {
        dl = g_port.now(g_port.ctx) + 20000;
        e = g_port.send(g_port.ctx, (const uint8_t *)"PING heap\n", 10, &n, dl);
        while (e == AIGW_OK)
            e = g_port.recv(g_port.ctx, buf, sizeof buf, &n, dl);
        e = e == AIGW_E_EOF ? AIGW_OK : e;
    }
    g_port.close(g_port.ctx);
    *peak = g_peak;
    return e;
}

/* ---- tests ---------------------------------------------------------------- */

static void nothing_held_after_init(void)
{
    EXPECT(setup("ca-bundle.pem", 1) == AIGW_OK);
    EXPECTF(g_cur == 0, "%zu bytes held after init", g_cur);
    EXPECT(g_calls > 0); /* the CA was parsed (and freed): the counter does count */
}

static void nothing_held_after_close_full_and_resumed(void)
{
    size_t peak_full = 0, held_full = 0, peak_res = 0, held_res = 0;
    EXPECT(setup("ca.pem", 0) == AIGW_OK);
    EXPECT(one_call(RESUME_LISTENER, &peak_full, &held_full) == AIGW_OK);
    EXPECTF(g_cur == 0, "%zu bytes held after close (full handshake)", g_cur);
    EXPECT(g_tls.last_resumed == 0);
    EXPECT(one_call(RESUME_LISTENER, &peak_res, &held_res) == AIGW_OK);
    EXPECTF(g_cur == 0, "%zu bytes held after close (resumed)", g_cur);
    EXPECT(g_tls.last_resumed == 1);
    /* two 16 KiB record buffers at least */
    EXPECTF(peak_full > 2 * 16384 && held_full > 2 * 16384, "peak %zu held %zu", peak_full, held_full);
    printf("  info: ECDSA P-256, 1 CA: full handshake peak %zu B, held while open %zu B; "
           "resumed handshake peak %zu B, held %zu B\n", peak_full, held_full, peak_res, held_res);
}

static void rsa_and_cloudflare_set_peaks(void)
{
    size_t peak = 0, held = 0;
    EXPECT(setup("ca-bundle.pem", 0) == AIGW_OK);
    EXPECT(one_call("rsa", &peak, &held) == AIGW_OK);
    EXPECT(g_cur == 0);
    printf("  info: RSA-2048, 2 CAs: full handshake peak %zu B, held while open %zu B\n", peak, held);
    EXPECT(setup("ca.pem", 1) == AIGW_OK);
    EXPECT(one_call("good", &peak, &held) == AIGW_OK);
    EXPECT(g_cur == 0);
    printf("  info: ECDSA, test CA + the 9 Cloudflare roots (parsed in place): full handshake peak %zu B, "
           "held while open %zu B\n", peak, held);
}

static void nothing_held_after_failures(void)
{
    size_t peak = 0, held = 0;
    int lfd;
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    aigw_err_t e;
    EXPECT(setup("ca.pem", 0) == AIGW_OK);
    EXPECT(one_call("expired", &peak, &held) == AIGW_E_TLS_EXPIRED);
    EXPECTF(g_cur == 0, "%zu held after a rejected certificate", g_cur);
    EXPECT(one_call("wronghost", &peak, &held) == AIGW_E_TLS_HOSTNAME);
    EXPECT(g_cur == 0);
    /* handshake timeout: a listener that never answers */
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT(bind(lfd, (struct sockaddr *)&a, sizeof a) == 0 && listen(lfd, 4) == 0);
    getsockname(lfd, (struct sockaddr *)&a, &al);
    e = g_port.connect(g_port.ctx, "localhost", ntohs(a.sin_port), g_port.now(g_port.ctx) + 300);
    EXPECT(e == AIGW_E_TIMEOUT_HANDSHAKE);
    EXPECTF(g_cur == 0, "%zu held after a handshake timeout", g_cur);
    close(lfd);
    /* a connection left open, then closed by a new connect(): no double free, nothing held */
    EXPECT(g_port.connect(g_port.ctx, "localhost", server_port("good"), g_port.now(g_port.ctx) + 20000) == AIGW_OK);
    EXPECT(g_port.connect(g_port.ctx, "localhost", server_port("good"), g_port.now(g_port.ctx) + 20000) == AIGW_OK);
    g_port.close(g_port.ctx);
    EXPECT(g_cur == 0);
}

int main(void)
{
    g_certs = getenv("AIGW_CERTS");
    g_ports = getenv("AIGW_TLS_PORTS");
    if (g_certs == NULL || g_ports == NULL) {
        printf("FAIL tls_heap: AIGW_CERTS and AIGW_TLS_PORTS must be set (run tests/suites/40-port.sh)\n");
        return 1;
    }
#if AIGW_TLS_PSA
    /* mbedTLS 3.x: the PSA crypto core is process-wide state, initialised once
     * (the port does it on first connect); what it holds is the baseline. */
    if (aigw_psa_init() != 0) {
        printf("FAIL tls_heap: psa_crypto_init failed\n");
        return 1;
    }
    {
        /* and allocates a little more on its first use (key slots), kept
         * for the process too: one warm-up call, then that is the baseline.
         * Every later "nothing held" check is against it. */
        size_t psa_init = g_cur, wpeak = 0, wheld = 0;
        if (setup("ca.pem", 0) != AIGW_OK || one_call("good", &wpeak, &wheld) != AIGW_OK) {
            printf("FAIL tls_heap: warm-up call failed\n");
            return 1;
        }
        printf("  info: the PSA crypto core holds %zu B for the process after init, %zu B after "
               "its first use (mbedTLS 3.x)\n", psa_init, g_cur);
    }
    g_cur = 0;
    g_peak = 0;
#endif
    RUN(nothing_held_after_init);
    RUN(nothing_held_after_close_full_and_resumed);
    RUN(rsa_and_cloudflare_set_peaks);
    RUN(nothing_held_after_failures);
#if AIGW_TLS_PSA
    mbedtls_psa_crypto_free(); /* process exit: valgrind must see nothing left */
#endif
    return AIGW_TEST_EXIT();
}
