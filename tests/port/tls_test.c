/* SPDX-License-Identifier: MIT */
/*
 * TLS port tests against tests/port/tls_server.py (Python ssl = OpenSSL) and
 * in-process listeners that never speak TLS. Run by tests/suites/40-port.sh,
 * which makes the test PKI, starts the server and sets:
 *   AIGW_CERTS      directory of tests/certs/make-certs.sh output (+ ca.der, bundle.der)
 *   AIGW_TLS_PORTS  "name port" lines of the server's listeners
 *   AIGW_TLS_LOG    the server's per-connection log
 * inside a mount namespace whose /etc/hosts maps api.aigw.test and
 * dual.aigw.test to loopback.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
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

#define LONG_MS 20000 /* generous: handshakes under valgrind are slow */

static const char *g_certs, *g_ports, *g_log;

/* ---- helpers -------------------------------------------------------------- */

/* Whole file in a heap block of exactly its size (no NUL), so valgrind sees any over-read. */
static uint8_t *slurp(const char *name, size_t *len)
{
    char path[512];
    FILE *f;
    long sz;
    uint8_t *buf;
    snprintf(path, sizeof path, "%s/%s", g_certs, name);
    f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = (uint8_t *)malloc(sz > 0 ? (size_t)sz : 1);
    if (buf != NULL && fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)sz;
    return buf;
}

static uint16_t server_port(const char *name)
{
    char line[128], n[64];
    unsigned p;
    FILE *f = fopen(g_ports, "r");
    uint16_t port = 0;
    if (f == NULL)
        return 0;
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "%63s %u", n, &p) == 2 && strcmp(n, name) == 0)
            port = (uint16_t)p;
    fclose(f);
    return port;
}

/* Last server log line of listener name, in out ("" if none). */
static void server_log_last(const char *name, char *out, size_t cap)
{
    char line[256];
    size_t nl = strlen(name);
    FILE *f = fopen(g_log, "r");
    out[0] = '\0';
    if (f == NULL)
        return;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, name, nl) == 0 && line[nl] == ' ')
            snprintf(out, cap, "%s", line);
    fclose(f);
}

static int64_t clock_zero(void *ctx)
{
    (void)ctx;
    return 0;
}

/* One client: a POSIX socket under a TLS port, trusting the CA file given. */
typedef struct client {
    aigw_posix_t sock;
    aigw_port_t tcp;
    aigw_tls_t tls;
    aigw_port_t port;
    uint8_t *ca;
    size_t ca_len;
} client_t;

static aigw_err_t client_init(client_t *c, const char *ca_file, aigw_port_t *lower)
{
    aigw_tls_config_t cfg;
    memset(c, 0, sizeof *c);
    aigw_posix_init(&c->sock, &c->tcp);
    memset(&cfg, 0, sizeof cfg);
    if (ca_file != NULL) {
        c->ca = slurp(ca_file, &c->ca_len);
        if (c->ca == NULL)
            return AIGW_E_ARG;
        cfg.ca = c->ca;
        cfg.ca_len = c->ca_len;
    } else {
        cfg.ca_set = aigw_cloudflare_ca;
        cfg.ca_set_count = aigw_cloudflare_ca_count;
    }
    cfg.entropy = aigw_posix_entropy;
    cfg.wall_clock = aigw_posix_wall_clock;
    return aigw_tls_init(&c->tls, &c->port, lower != NULL ? lower : &c->tcp, &cfg);
}

static void client_free(client_t *c)
{
    c->port.close(c->port.ctx);
    free(c->ca);
    c->ca = NULL;
}

static aigw_err_t client_connect(client_t *c, const char *host, const char *listener)
{
    return c->port.connect(c->port.ctx, host, server_port(listener), c->port.now(c->port.ctx) + LONG_MS);
}

static aigw_err_t send_all(aigw_port_t *p, const void *data, size_t len)
{
    const uint8_t *d = (const uint8_t *)data;
    aigw_ms_t dl = p->now(p->ctx) + LONG_MS;
    while (len > 0) {
        size_t n = 0;
        aigw_err_t e = p->send(p->ctx, d, len, &n, dl);
        if (e != AIGW_OK)
            return e;
        d += n;
        len -= n;
    }
    return AIGW_OK;
}

/* Reads until the stream ends or cap is full; *len gets the count, returns the ending status. */
static aigw_err_t recv_until_end(aigw_port_t *p, uint8_t *buf, size_t cap, size_t *len)
{
    aigw_ms_t dl = p->now(p->ctx) + LONG_MS;
    *len = 0;
    for (;;) {
        size_t n = 0;
        aigw_err_t e;
        if (*len == cap)
            return AIGW_E_BUFFER;
        e = p->recv(p->ctx, buf + *len, cap - *len, &n, dl);
        if (e != AIGW_OK)
            return e;
        *len += n;
    }
}

/* PING through a connected client; expects the reply and then close_notify (AIGW_E_EOF). */
static void ping_expect_eof(client_t *c, const char *word)
{
    char req[64], want[64];
    uint8_t buf[256];
    size_t len = 0;
    aigw_err_t e;
    snprintf(req, sizeof req, "PING %s\n", word);
    snprintf(want, sizeof want, "pong:%s\n", word);
    EXPECT(send_all(&c->port, req, strlen(req)) == AIGW_OK);
    e = recv_until_end(&c->port, buf, sizeof buf, &len);
    EXPECTF(e == AIGW_E_EOF, "stream ended with %s", aigw_strerror(e));
    EXPECTF(len == strlen(want) && memcmp(buf, want, len) == 0, "reply %.*s", (int)len, (const char *)buf);
    EXPECT(c->tls.eof_without_notify == 0);
    /* EOF stays EOF */
    e = c->port.recv(c->port.ctx, buf, sizeof buf, &len, c->port.now(c->port.ctx) + 100);
    EXPECT(e == AIGW_E_EOF);
}

/* ---- CA input ------------------------------------------------------------- */

static aigw_err_t init_with(const uint8_t *ca, size_t len)
{
    aigw_posix_t s;
    aigw_port_t tcp, port;
    aigw_tls_t tls;
    aigw_tls_config_t cfg;
    aigw_posix_init(&s, &tcp);
    memset(&cfg, 0, sizeof cfg);
    cfg.ca = ca;
    cfg.ca_len = len;
    cfg.entropy = aigw_posix_entropy;
    cfg.wall_clock = aigw_posix_wall_clock;
    return aigw_tls_init(&tls, &port, &tcp, &cfg);
}

static void ca_pem_and_der_accepted(void)
{
    static const char *files[] = {"ca.pem", "ca-bundle.pem", "ca.der", "bundle.der", "server-chain.pem"};
    size_t i;
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t len = 0;
        uint8_t *b = slurp(files[i], &len);
        aigw_err_t e;
        EXPECTF(b != NULL, "%s missing", files[i]);
        if (b == NULL)
            continue;
        e = init_with(b, len);
        EXPECTF(e == AIGW_OK, "%s: %s", files[i], aigw_strerror(e));
        free(b);
    }
}

static void ca_bad_input_rejected(void)
{
    static const char garbage[] = "this is not a certificate";
    static const char no_end[] = "-----BEGIN CERTIFICATE-----\nMIIB\n";
    static const char bad_b64[] = "-----BEGIN CERTIFICATE-----\nM*I*I\n-----END CERTIFICATE-----\n";
    static const char not_cert[] = "-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n";
    size_t len = 0, klen = 0;
    uint8_t *pem = slurp("ca-bundle.pem", &len), *der = slurp("bundle.der", &klen), *key;
    EXPECT(init_with((const uint8_t *)garbage, sizeof garbage - 1) == AIGW_E_TLS_CA);
    EXPECT(init_with((const uint8_t *)no_end, sizeof no_end - 1) == AIGW_E_TLS_CA);
    EXPECT(init_with((const uint8_t *)bad_b64, sizeof bad_b64 - 1) == AIGW_E_TLS_CA);
    EXPECT(init_with((const uint8_t *)not_cert, sizeof not_cert - 1) == AIGW_E_TLS_CA);
    EXPECT(init_with(NULL, 0) == AIGW_E_ARG);
    if (pem != NULL) {
        /* the second certificate of the bundle cut short: one good, one bad -> error, not "1 parsed" */
        EXPECT(init_with(pem, len - 40) == AIGW_E_TLS_CA);
        free(pem);
    }
    if (der != NULL) {
        EXPECT(init_with(der, klen - 1) == AIGW_E_TLS_CA); /* truncated DER */
        EXPECT(init_with(der, 5) == AIGW_E_TLS_CA);
        free(der);
    }
    key = slurp("ca.key", &len);
    if (key != NULL) {
        EXPECT(init_with(key, len) == AIGW_E_TLS_CA);
        free(key);
    }
}

static void init_misuse_typed(void)
{
    aigw_posix_t s;
    aigw_port_t tcp, port, broken;
    aigw_tls_t tls;
    aigw_tls_config_t cfg;
    uint8_t b[4];
    size_t n = 5;
    aigw_posix_init(&s, &tcp);
    memset(&cfg, 0, sizeof cfg);
    cfg.ca_set = aigw_cloudflare_ca;
    cfg.ca_set_count = aigw_cloudflare_ca_count;
    cfg.wall_clock = aigw_posix_wall_clock;
    EXPECT(aigw_tls_init(&tls, &port, &tcp, &cfg) == AIGW_E_ARG); /* no entropy */
    cfg.entropy = aigw_posix_entropy;
    cfg.max_fragment_len = 3000;
    EXPECT(aigw_tls_init(&tls, &port, &tcp, &cfg) == AIGW_E_ARG);
    cfg.max_fragment_len = 0;
    broken = tcp;
    broken.recv = NULL;
    EXPECT(aigw_tls_init(&tls, &port, &broken, &cfg) == AIGW_E_PORT);
    EXPECT(aigw_tls_init(&tls, &port, &tcp, &cfg) == AIGW_OK);
    EXPECT(port.recv(port.ctx, b, sizeof b, &n, 0) == AIGW_E_PORT && n == 0);
    EXPECT(port.send(port.ctx, b, sizeof b, &n, 0) == AIGW_E_PORT && n == 0);
    port.close(port.ctx);
    port.close(port.ctx);
}

/* ---- handshakes ----------------------------------------------------------- */

static void tls_ecdsa_ok_close_notify_is_eof(void)
{
    client_t c;
    char log[256];
    aigw_err_t e;
    EXPECT(client_init(&c, "ca.pem", NULL) == AIGW_OK);
    e = client_connect(&c, "localhost", "good");
    EXPECTF(e == AIGW_OK, "connect: %s (mbedtls -0x%04x flags 0x%x)", aigw_strerror(e),
            (unsigned)-c.tls.mbedtls_ret, (unsigned)c.tls.verify_flags);
    if (e == AIGW_OK) {
        ping_expect_eof(&c, "ecdsa");
        server_log_last("good", log, sizeof log);
        /* TLS 1.3 where the mbedTLS build has it (3.6's default), else 1.2 */
        EXPECTF(strstr(log, TEST_TLS13 ? "version=TLSv1.3" : "version=TLSv1.2") != NULL, "server saw: %s", log);
        /* only ECDHE + AEAD suites are offered (TLS 1.3's are all AEAD); the server picks among them */
        EXPECTF((TEST_TLS13 ? strncmp(mbedtls_ssl_get_ciphersuite(&c.tls.ssl), "TLS1-3-", 7)
                            : strncmp(mbedtls_ssl_get_ciphersuite(&c.tls.ssl), "TLS-ECDHE-ECDSA-WITH-", 21)) == 0 &&
                    (strstr(mbedtls_ssl_get_ciphersuite(&c.tls.ssl), "GCM") != NULL ||
                     strstr(mbedtls_ssl_get_ciphersuite(&c.tls.ssl), "CHACHA20-POLY1305") != NULL),
                "%s", mbedtls_ssl_get_ciphersuite(&c.tls.ssl));
    }
    client_free(&c);
}

static void tls_rsa_ok(void)
{
    client_t c;
    aigw_err_t e;
    EXPECT(client_init(&c, "ca-bundle.pem", NULL) == AIGW_OK);
    e = client_connect(&c, "localhost", "rsa");
    EXPECTF(e == AIGW_OK, "connect: %s (mbedtls -0x%04x)", aigw_strerror(e), (unsigned)-c.tls.mbedtls_ret);
    if (e == AIGW_OK)
        ping_expect_eof(&c, "rsa");
    client_free(&c);
}

/* Concatenated DER roots trust both servers. */
static void tls_der_bundle_trusts_both(void)
{
    client_t c;
    aigw_err_t e;
    EXPECT(client_init(&c, "bundle.der", NULL) == AIGW_OK);
    e = client_connect(&c, "localhost", "good");
    EXPECTF(e == AIGW_OK, "good: %s", aigw_strerror(e));
    if (e == AIGW_OK)
        ping_expect_eof(&c, "der1");
    e = client_connect(&c, "localhost", "rsa");
    EXPECTF(e == AIGW_OK, "rsa: %s", aigw_strerror(e));
    if (e == AIGW_OK)
        ping_expect_eof(&c, "der2");
    client_free(&c);
}

/* host, listener, CA file -> expected error, and the server saw no completed handshake */
static void expect_failure(const char *host, const char *listener, const char *ca, aigw_err_t want)
{
    client_t c;
    aigw_err_t e;
    EXPECT(client_init(&c, ca, NULL) == AIGW_OK);
    e = client_connect(&c, host, listener);
    EXPECTF(e == want, "%s@%s: got \"%s\", want \"%s\" (flags 0x%x)", host, listener, aigw_strerror(e),
            aigw_strerror(want), (unsigned)c.tls.verify_flags);
    EXPECT(c.tls.connected == 0 && c.sock.fd == -1);
    client_free(&c);
}

static void wrong_hostname_cert(void) { expect_failure("localhost", "wronghost", "ca.pem", AIGW_E_TLS_HOSTNAME); }
/* the right certificate, dialled under a name it does not carry */
static void wrong_hostname_dialled(void) { expect_failure("dual.aigw.test", "good", "ca.pem", AIGW_E_TLS_HOSTNAME); }
#if AIGW_MBEDTLS3
/* mbedTLS 3.6 matches an IP literal against the certificate's iPAddress
 * subjectAltName (IP:127.0.0.1): the host verifies (documented in aigw_tls.h). */
static void ip_literal_host_matched(void)
{
    client_t c;
    aigw_err_t e;
    EXPECT(client_init(&c, "ca.pem", NULL) == AIGW_OK);
    e = client_connect(&c, "127.0.0.1", "good");
    EXPECTF(e == AIGW_OK, "127.0.0.1@good: %s (flags 0x%x)", aigw_strerror(e), (unsigned)c.tls.verify_flags);
    if (e == AIGW_OK)
        ping_expect_eof(&c, "ip");
    client_free(&c);
}
#else
/* mbedTLS 2.28 matches dNSName only: an IP literal fails the name check even
 * though the certificate lists IP:127.0.0.1 (documented in aigw_tls.h). */
static void ip_literal_host_not_matched(void) { expect_failure("127.0.0.1", "good", "ca.pem", AIGW_E_TLS_HOSTNAME); }
#endif
static void unknown_ca(void) { expect_failure("localhost", "untrusted", "ca.pem", AIGW_E_TLS_UNTRUSTED); }
static void cloudflare_set_rejects_test_ca(void) { expect_failure("localhost", "good", NULL, AIGW_E_TLS_UNTRUSTED); }
static void expired_cert(void) { expect_failure("localhost", "expired", "ca.pem", AIGW_E_TLS_EXPIRED); }
static void not_yet_valid_cert(void) { expect_failure("localhost", "future", "ca.pem", AIGW_E_TLS_NOT_YET_VALID); }

/* The wall clock says 1970: refused before any traffic. The port dialled is
 * dead, so a clock check after the TCP connect would give AIGW_E_CONNECT. */
static void clock_not_set(void)
{
    client_t c;
    aigw_tls_config_t cfg;
    aigw_err_t e;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    uint16_t dead;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, (struct sockaddr *)&a, sizeof a);
    getsockname(fd, (struct sockaddr *)&a, &al);
    dead = ntohs(a.sin_port);
    close(fd);
    EXPECT(client_init(&c, "ca.pem", NULL) == AIGW_OK);
    cfg = c.tls.cfg;
    cfg.wall_clock = clock_zero;
    EXPECT(aigw_tls_init(&c.tls, &c.port, &c.tcp, &cfg) == AIGW_OK);
    e = c.port.connect(c.port.ctx, "localhost", dead, c.port.now(c.port.ctx) + LONG_MS);
    EXPECTF(e == AIGW_E_TLS_CLOCK, "got %s", aigw_strerror(e));
    /* and with the clock right, the same dead port is a connect error */
    cfg.wall_clock = aigw_posix_wall_clock;
    EXPECT(aigw_tls_init(&c.tls, &c.port, &c.tcp, &cfg) == AIGW_OK);
    e = c.port.connect(c.port.ctx, "localhost", dead, c.port.now(c.port.ctx) + LONG_MS);
    EXPECTF(e == AIGW_E_CONNECT, "got %s", aigw_strerror(e));
    client_free(&c);
}

/* A listener that completes TCP (kernel backlog) but never reads or writes. */
static void handshake_timeout(void)
{
    client_t c;
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    aigw_ms_t dl;
    aigw_err_t e;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT(bind(lfd, (struct sockaddr *)&a, sizeof a) == 0 && listen(lfd, 4) == 0);
    getsockname(lfd, (struct sockaddr *)&a, &al);
    EXPECT(client_init(&c, "ca.pem", NULL) == AIGW_OK);
    dl = c.port.now(c.port.ctx) + 500;
    e = c.port.connect(c.port.ctx, "localhost", ntohs(a.sin_port), dl);
    EXPECTF(e == AIGW_E_TIMEOUT_HANDSHAKE, "got %s", aigw_strerror(e));
    EXPECT(c.port.now(c.port.ctx) >= dl);
    EXPECT(c.sock.fd == -1);
    client_free(&c);
    close(lfd);
}

/* Phase budgets inside one far deadline: each phase times out with its own error, early. */
static void phase_budgets(void)
{
    client_t c;
    aigw_tls_config_t cfg;
    int lfd = socket(AF_INET, SOCK_STREAM, 0), fillers[16], nf = 0, pending = 0;
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    aigw_ms_t t0, far;
    aigw_err_t e;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT(bind(lfd, (struct sockaddr *)&a, sizeof a) == 0 && listen(lfd, 0) == 0);
    getsockname(lfd, (struct sockaddr *)&a, &al);
    EXPECT(client_init(&c, "ca.pem", NULL) == AIGW_OK);
    cfg = c.tls.cfg;
    cfg.handshake_timeout_ms = 300;
    cfg.connect_timeout_ms = 300;
    EXPECT(aigw_tls_init(&c.tls, &c.port, &c.tcp, &cfg) == AIGW_OK);
    /* the listener never answers TLS: handshake budget */
    t0 = c.port.now(c.port.ctx);
    far = t0 + 60000;
    e = c.port.connect(c.port.ctx, "localhost", ntohs(a.sin_port), far);
    EXPECTF(e == AIGW_E_TIMEOUT_HANDSHAKE, "got %s", aigw_strerror(e));
    EXPECT(c.port.now(c.port.ctx) >= t0 + 300 && c.port.now(c.port.ctx) < far);
    /* fill the accept queue (backlog 0) until a connect stays pending: connect budget */
    while (nf < 16 && !pending) {
        struct pollfd p;
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        fcntl(fd, F_SETFL, O_NONBLOCK);
        (void)connect(fd, (struct sockaddr *)&a, sizeof a);
        fillers[nf++] = fd;
        p.fd = fd;
        p.events = POLLOUT;
        p.revents = 0;
        pending = poll(&p, 1, 300) == 0;
    }
    EXPECT(pending);
    t0 = c.port.now(c.port.ctx);
    far = t0 + 60000;
    e = c.port.connect(c.port.ctx, "localhost", ntohs(a.sin_port), far);
    EXPECTF(e == AIGW_E_TIMEOUT_CONNECT, "got %s", aigw_strerror(e));
    EXPECT(c.port.now(c.port.ctx) >= t0 + 300 && c.port.now(c.port.ctx) < far);
    while (nf > 0)
        close(fillers[--nf]);
    client_free(&c);
    close(lfd);
}

/* TCP FIN without close_notify: the data arrives, then AIGW_E_RECV (possible truncation), flagged. */
static void fin_without_close_notify(void)
{
    client_t c;
    uint8_t buf[256];
    size_t len = 0;
    aigw_err_t e;
    EXPECT(client_init(&c, "ca.pem", NULL) == AIGW_OK);
    e = client_connect(&c, "localhost", "bare");
    EXPECTF(e == AIGW_OK, "connect: %s", aigw_strerror(e));
    if (e == AIGW_OK) {
        EXPECT(send_all(&c.port, "PING bare\n", 10) == AIGW_OK);
        e = recv_until_end(&c.port, buf, sizeof buf, &len);
        EXPECTF(e == AIGW_E_RECV, "got %s", aigw_strerror(e));
        EXPECT(len == 10 && memcmp(buf, "pong:bare\n", 10) == 0);
        EXPECT(c.tls.eof_without_notify == 1);
    }
    client_free(&c);
}

/* Polls pending() until it reports something other than "idle" (bounded). */
static aigw_err_t pending_wait(aigw_port_t *p, size_t *n)
{
    aigw_ms_t dl = p->now(p->ctx) + LONG_MS;
    aigw_err_t e;
    for (;;) {
        e = p->pending(p->ctx, n);
        if (e != AIGW_OK || *n > 0 || p->now(p->ctx) >= dl)
            return e;
        p->sleep(p->ctx, 5);
    }
}

/* pending(): idle, then the reply's record waiting on the socket, then the
 * rest of a record's plaintext kept inside mbedTLS (counted exactly), then
 * close_notify read as the end of stream; nothing is delivered by asking. */
static void pending_record_plaintext_close_notify(void)
{
    client_t c;
    uint8_t buf[16];
    size_t n = 99, len = 0;
    aigw_err_t e;
    EXPECT(client_init(&c, "ca.pem", NULL) == AIGW_OK);
    e = client_connect(&c, "localhost", "good");
    EXPECTF(e == AIGW_OK, "connect: %s", aigw_strerror(e));
    if (e == AIGW_OK) {
        EXPECT(c.port.pending != NULL);
        e = c.port.pending(c.port.ctx, &n);
        EXPECTF(e == AIGW_OK && n == 0, "idle: %s n=%zu", aigw_strerror(e), n);
        EXPECT(send_all(&c.port, "PING pend\n", 10) == AIGW_OK);
        e = pending_wait(&c.port, &n);
        EXPECTF(e == AIGW_OK && n > 0, "reply waiting: %s n=%zu", aigw_strerror(e), n);
        e = c.port.recv(c.port.ctx, buf, 4, &len, c.port.now(c.port.ctx) + LONG_MS);
        EXPECTF(e == AIGW_OK && len == 4 && memcmp(buf, "pong", 4) == 0, "recv: %s %zu", aigw_strerror(e), len);
        e = c.port.pending(c.port.ctx, &n);
        EXPECTF(e == AIGW_OK && n == 6, "rest of the record in mbedTLS: %s n=%zu", aigw_strerror(e), n);
        e = c.port.recv(c.port.ctx, buf, sizeof buf, &len, c.port.now(c.port.ctx) + LONG_MS);
        EXPECTF(e == AIGW_OK && len == 6 && memcmp(buf, ":pend\n", 6) == 0, "recv rest: %s %zu",
                aigw_strerror(e), len);
        e = pending_wait(&c.port, &n);
        EXPECTF(e == AIGW_E_EOF && n == 0 && c.tls.eof_without_notify == 0, "close_notify: %s n=%zu",
                aigw_strerror(e), n);
        e = c.port.recv(c.port.ctx, buf, sizeof buf, &len, c.port.now(c.port.ctx) + 100);
        EXPECTF(e == AIGW_E_EOF, "recv after: %s", aigw_strerror(e));
    }
    client_free(&c);
    e = c.port.pending(c.port.ctx, &n);
    EXPECTF(e == AIGW_E_PORT, "closed: %s", aigw_strerror(e));

    /* a FIN without close_notify between exchanges: the end of stream too */
    EXPECT(client_init(&c, "ca.pem", NULL) == AIGW_OK);
    e = client_connect(&c, "localhost", "bare");
    if (e == AIGW_OK) {
        EXPECT(send_all(&c.port, "PING bare\n", 10) == AIGW_OK);
        len = 0;
        while (len < 10 && e == AIGW_OK) {
            size_t k = 0;
            e = c.port.recv(c.port.ctx, buf + len, 10 - len, &k, c.port.now(c.port.ctx) + LONG_MS);
            len += k;
        }
        EXPECT(len == 10 && memcmp(buf, "pong:bare\n", 10) == 0);
        e = pending_wait(&c.port, &n);
        EXPECTF(e == AIGW_E_EOF && c.tls.eof_without_notify == 1, "bare FIN: %s", aigw_strerror(e));
    }
    client_free(&c);
}

/* Bodies larger than a record, both ways. */
static void large_transfers(void)
{
    client_t c;
    static uint8_t big[100000 + 16];
    size_t len = 0, i;
    unsigned long sum = 0;
    char want[64];
    aigw_err_t e;
    int ok = 1;
    EXPECT(client_init(&c, "ca.pem", NULL) == AIGW_OK);
    EXPECT(client_connect(&c, "localhost", "good") == AIGW_OK);
    EXPECT(send_all(&c.port, "BIG 100000\n", 11) == AIGW_OK);
    e = recv_until_end(&c.port, big, sizeof big, &len);
    EXPECTF(e == AIGW_E_EOF && len == 100000, "%s, %zu bytes", aigw_strerror(e), len);
    for (i = 0; i < len && ok; i++)
        ok = big[i] == (uint8_t)('a' + i % 26);
    EXPECT(ok);

    EXPECT(client_connect(&c, "localhost", "good") == AIGW_OK);
    for (i = 0; i < 100000; i++) {
        big[i] = (uint8_t)(i * 7);
        sum = (sum + big[i]) % 65521;
    }
    EXPECT(send_all(&c.port, "SINK 100000\n", 12) == AIGW_OK);
    EXPECT(send_all(&c.port, big, 100000) == AIGW_OK);
    e = recv_until_end(&c.port, big, sizeof big, &len);
    snprintf(want, sizeof want, "got 100000 %lu\n", sum);
    EXPECTF(e == AIGW_E_EOF && len == strlen(want) && memcmp(big, want, len) == 0, "%s: %.*s",
            aigw_strerror(e), (int)len, (const char *)big);
    client_free(&c);
}

/* recv deadline passes with nothing: WOULD_BLOCK; the connection is still good afterwards. */
static void recv_deadline_would_block(void)
{
    client_t c;
    uint8_t buf[64];
    size_t n = 9, len = 0;
    aigw_ms_t dl;
    aigw_err_t e;
    EXPECT(client_init(&c, "ca.pem", NULL) == AIGW_OK);
    EXPECT(client_connect(&c, "localhost", "good") == AIGW_OK);
    EXPECT(send_all(&c.port, "SLOW 1500\n", 10) == AIGW_OK);
    dl = c.port.now(c.port.ctx) + 150;
    e = c.port.recv(c.port.ctx, buf, sizeof buf, &n, dl);
    EXPECTF(e == AIGW_E_WOULD_BLOCK, "got %s", aigw_strerror(e));
    EXPECT(n == 0);
    EXPECT(c.port.now(c.port.ctx) >= dl);
    e = recv_until_end(&c.port, buf, sizeof buf, &len);
    EXPECTF(e == AIGW_E_EOF && len == 5 && memcmp(buf, "slow\n", 5) == 0, "%s %zu", aigw_strerror(e), len);
    client_free(&c);
}

/* ---- a lower port that moves 1 byte per recv and at most 7 per send ------- */

typedef struct tiny {
    aigw_port_t *inner;
    unsigned long recvs, sends;
} tiny_t;

static aigw_err_t tiny_connect(void *ctx, const char *h, uint16_t p, aigw_ms_t d)
{
    tiny_t *t = (tiny_t *)ctx;
    return t->inner->connect(t->inner->ctx, h, p, d);
}
static aigw_err_t tiny_send(void *ctx, const uint8_t *b, size_t l, size_t *n, aigw_ms_t d)
{
    tiny_t *t = (tiny_t *)ctx;
    t->sends++;
    return t->inner->send(t->inner->ctx, b, l > 7 ? 7 : l, n, d);
}
static aigw_err_t tiny_recv(void *ctx, uint8_t *b, size_t c, size_t *n, aigw_ms_t d)
{
    tiny_t *t = (tiny_t *)ctx;
    t->recvs++;
    return t->inner->recv(t->inner->ctx, b, c > 1 ? 1 : c, n, d);
}
static void tiny_close(void *ctx)
{
    tiny_t *t = (tiny_t *)ctx;
    t->inner->close(t->inner->ctx);
}
static aigw_ms_t tiny_now(void *ctx)
{
    tiny_t *t = (tiny_t *)ctx;
    return t->inner->now(t->inner->ctx);
}

static void any_lower_port_tiny_io(void)
{
    client_t c;
    tiny_t t;
    aigw_port_t lower;
    memset(&t, 0, sizeof t);
    memset(&lower, 0, sizeof lower);
    lower.ctx = &t;
    lower.connect = tiny_connect;
    lower.send = tiny_send;
    lower.recv = tiny_recv;
    lower.close = tiny_close;
    lower.now = tiny_now; /* no sleep, no pending: allowed by the contract */
    EXPECT(client_init(&c, "ca.pem", &lower) == AIGW_OK);
    EXPECT(c.port.pending == NULL); /* the record layer alone cannot tell: the client never reuses */
    t.inner = &c.tcp;
    EXPECT(client_connect(&c, "localhost", "good") == AIGW_OK);
    if (c.tls.connected)
        ping_expect_eof(&c, "tiny");
    EXPECTF(t.recvs > 500 && t.sends > 20, "recvs %lu sends %lu", t.recvs, t.sends);
    client_free(&c);
}

/* ---- session resumption --------------------------------------------------- */

static int server_saw_reused(const char *listener)
{
    char log[256];
    server_log_last(listener, log, sizeof log);
    return strstr(log, "reused=1") != NULL ? 1 : strstr(log, "reused=0") != NULL ? 0 : -1;
}

static void session_resumption(void)
{
    client_t c;
    aigw_err_t e;
    EXPECT(client_init(&c, "ca.pem", NULL) == AIGW_OK);

    EXPECT(client_connect(&c, "localhost", RESUME_LISTENER) == AIGW_OK);
    ping_expect_eof(&c, "r1"); /* the server closes after the reply */
    EXPECT(c.tls.last_resumed == 0 && server_saw_reused(RESUME_LISTENER) == 0);
    EXPECT(c.tls.session_len > 0);
    c.port.close(c.port.ctx);

    /* reconnect after the server closed: abbreviated handshake, seen by both sides */
    e = client_connect(&c, "localhost", RESUME_LISTENER);
    EXPECTF(e == AIGW_OK, "%s", aigw_strerror(e));
    ping_expect_eof(&c, "r2");
    EXPECTF(c.tls.last_resumed == 1, "client did not resume");
    EXPECTF(server_saw_reused(RESUME_LISTENER) == 1, "server did not see a resumed session");
    EXPECT(c.tls.handshakes == 2 && c.tls.resumed == 1);

    /* and again: the session stays usable */
    EXPECT(client_connect(&c, "localhost", RESUME_LISTENER) == AIGW_OK);
    ping_expect_eof(&c, "r3");
    EXPECT(c.tls.last_resumed == 1 && server_saw_reused(RESUME_LISTENER) == 1);

    /* another host name, same server: the session is not offered */
    EXPECT(client_connect(&c, "api.aigw.test", RESUME_LISTENER) == AIGW_OK);
    ping_expect_eof(&c, "r4");
    EXPECT(c.tls.last_resumed == 0 && server_saw_reused(RESUME_LISTENER) == 0);

    /* forgotten: full handshake */
    aigw_tls_forget_session(&c.tls);
    EXPECT(c.tls.session_len == 0);
    EXPECT(client_connect(&c, "api.aigw.test", RESUME_LISTENER) == AIGW_OK);
    ping_expect_eof(&c, "r5");
    EXPECT(c.tls.last_resumed == 0 && server_saw_reused(RESUME_LISTENER) == 0);
    EXPECT(c.tls.handshakes == 5 && c.tls.resumed == 2);
    client_free(&c);
}

#if TEST_TLS13
/* TLS 1.3: a saved session is offered but mbedTLS ignores tickets, so every
 * handshake is a full one, and none may be reported resumed. */
static void tls13_full_handshakes_not_reported_resumed(void)
{
    client_t c;
    int i;
    EXPECT(client_init(&c, "ca.pem", NULL) == AIGW_OK);
    for (i = 0; i < 2; i++) {
        EXPECT(client_connect(&c, "localhost", "good") == AIGW_OK);
        ping_expect_eof(&c, "t13");
        EXPECT(mbedtls_ssl_get_version_number(&c.tls.ssl) == MBEDTLS_SSL_VERSION_TLS1_3);
        EXPECT(c.tls.last_resumed == 0 && server_saw_reused("good") == 0);
        c.port.close(c.port.ctx);
    }
    EXPECT(c.tls.handshakes == 2 && c.tls.resumed == 0);
    client_free(&c);
}
#endif

static void no_resumption_option(void)
{
    client_t c;
    aigw_tls_config_t cfg;
    EXPECT(client_init(&c, "ca.pem", NULL) == AIGW_OK);
    cfg = c.tls.cfg;
    cfg.no_resumption = 1;
    EXPECT(aigw_tls_init(&c.tls, &c.port, &c.tcp, &cfg) == AIGW_OK);
    EXPECT(client_connect(&c, "localhost", "good") == AIGW_OK);
    ping_expect_eof(&c, "n1");
    EXPECT(client_connect(&c, "localhost", "good") == AIGW_OK);
    ping_expect_eof(&c, "n2");
    EXPECT(c.tls.last_resumed == 0 && server_saw_reused("good") == 0 && c.tls.session_len == 0);
    client_free(&c);
}

/* ---- memory: tests/port/tls_heap.c counts mbedTLS's heap exactly -------- */

static void arena_api_matches_build(void)
{
    static uint8_t arena[64];
    size_t cur = 1, peak = 1;
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
    EXPECT(aigw_tls_arena_init(arena, sizeof arena) == AIGW_OK);
    aigw_tls_arena_free();
#else
    /* Debian's libmbedtls: no buffer allocator, and the API says so. */
    EXPECT(aigw_tls_arena_init(arena, sizeof arena) == AIGW_E_ARG);
    EXPECT(aigw_tls_arena_usage(&cur, &peak) == AIGW_E_ARG);
    printf("  info: this mbedTLS has no MBEDTLS_MEMORY_BUFFER_ALLOC_C (the arena runs in tls_arena, make port-arena)\n");
#endif
}

static void struct_sizes(void)
{
    printf("  info: sizeof aigw_posix_t=%zu aigw_tls_t=%zu (session buffer %d) mbedtls_ssl_context=%zu "
           "mbedtls_ssl_config=%zu mbedtls_x509_crt=%zu mbedtls_ctr_drbg_context=%zu\n",
           sizeof(aigw_posix_t), sizeof(aigw_tls_t), AIGW_TLS_SESSION_MAX, sizeof(mbedtls_ssl_context),
           sizeof(mbedtls_ssl_config), sizeof(mbedtls_x509_crt), sizeof(mbedtls_ctr_drbg_context));
    EXPECT(sizeof(aigw_tls_t) > sizeof(mbedtls_ssl_context));
}

int main(void)
{
    g_certs = getenv("AIGW_CERTS");
    g_ports = getenv("AIGW_TLS_PORTS");
    g_log = getenv("AIGW_TLS_LOG");
    if (g_certs == NULL || g_ports == NULL || g_log == NULL) {
        printf("FAIL tls_test: AIGW_CERTS, AIGW_TLS_PORTS and AIGW_TLS_LOG must be set (run tests/suites/40-port.sh)\n");
        return 1;
    }
    RUN(ca_pem_and_der_accepted);
    RUN(ca_bad_input_rejected);
    RUN(init_misuse_typed);
    RUN(tls_ecdsa_ok_close_notify_is_eof);
    RUN(tls_rsa_ok);
    RUN(tls_der_bundle_trusts_both);
    RUN(wrong_hostname_cert);
    RUN(wrong_hostname_dialled);
#if AIGW_MBEDTLS3
    RUN(ip_literal_host_matched);
#else
    RUN(ip_literal_host_not_matched);
#endif
    RUN(unknown_ca);
    RUN(cloudflare_set_rejects_test_ca);
    RUN(expired_cert);
    RUN(not_yet_valid_cert);
    RUN(clock_not_set);
    RUN(handshake_timeout);
    RUN(phase_budgets);
    RUN(fin_without_close_notify);
    RUN(pending_record_plaintext_close_notify);
    RUN(large_transfers);
    RUN(recv_deadline_would_block);
    RUN(any_lower_port_tiny_io);
    RUN(session_resumption);
#if TEST_TLS13
    RUN(tls13_full_handshakes_not_reported_resumed);
#endif
    RUN(no_resumption_option);
    RUN(arena_api_matches_build);
    RUN(struct_sizes);
#if AIGW_TLS_PSA
    mbedtls_psa_crypto_free(); /* process exit: valgrind must see nothing left */
#endif
    return AIGW_TEST_EXIT();
}
