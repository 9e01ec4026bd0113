/* SPDX-License-Identifier: MIT */
/*
 * The lwIP sockets port, tested on the host over Debian's liblwip (unix port,
 * tapif). This program is its own lwIP host: it starts the tcpip thread, adds
 * a tap netif with a static address, and then reaches peers on the other side
 * of the tap, inside the network namespace tests/suites/62-lwip-host.sh made.
 *
 * Usage (inside the namespace, PRECONFIGURED_TAPIF=<tap> in the environment):
 *   lwip_update --ip 192.0.2.2 --server 192.0.2.1 --mtu 576 --closed-port N
 *               --echo-port N --reset-port N --silent-port N --stall-port N
 *               --tls-port N --ca FILE --wrong-ca FILE --token T --account A --gateway ID
 *               --stale-port N --stale-tls-port N   (tests/client/stale_server.py, plain and TLS)
 * Prints "PASS name" / "FAIL name: ..." per test; exits non-zero on failure.
 *
 * Why --mtu 576: Debian's liblwip 2.1.3+dfsg1-2 sizes its PBUF_POOL buffers
 * with two different TCP_MSS values. lwipopts.h says 1460, but memp.c also
 * includes <netinet/tcp.h> (through lwip/sockets.h and the port's
 * posix/inet.h), whose own "#define TCP_MSS 512" silently wins there. So
 * memp allocates 592-byte pool payloads while pbuf_alloc() fills up to 1536
 * bytes each, and tapif's receive path writes past the heap block for any
 * frame longer than 592 bytes (seen with valgrind: clean at MTU 578, invalid
 * writes at 580, heap corruption and a crash at 1500). The suite sets the
 * tap's MTU to 576 so the kernel never sends a longer frame, and this
 * program gives lwIP's netif the same MTU.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aigw/aigw_client.h"
#include "aigw/aigw_lwip_sockets.h"
#include "aigw/aigw_posix.h"
#include "aigw/aigw_tls.h"

#include "lwip/opt.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/sys.h"
#include "lwip/tcpip.h"
#include "netif/tapif.h"

#include "aigw_test.h"

/* ---- options --------------------------------------------------------------- */

static struct {
    const char *ip;
    const char *server;
    uint16_t mtu;
    uint16_t closed_port, echo_port, reset_port, silent_port, stall_port, tls_port, stale_port, stale_tls_port;
    const char *ca_file, *wrong_ca_file, *token, *account, *gateway;
} opt;

/* The emulator's name: its certificate carries DNS:api.aigw.test, and the
 * port's host table points the name at the server address. */
#define TLS_HOST "api.aigw.test"

static aigw_lwip_host_t tls_hosts[1];

static uint8_t ca_pem[16384], wrong_ca_pem[16384];
static size_t ca_len, wrong_ca_len;

static int parse_port(const char *s, uint16_t *out)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || v < 1 || v > 65535) {
        return 0;
    }
    *out = (uint16_t)v;
    return 1;
}

static int parse_args(int argc, char **argv)
{
    int i;
    for (i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        int ok = 1;
        if (strcmp(k, "--ip") == 0) {
            opt.ip = v;
        } else if (strcmp(k, "--server") == 0) {
            opt.server = v;
        } else if (strcmp(k, "--mtu") == 0) {
            ok = parse_port(v, &opt.mtu) && opt.mtu >= 576 && opt.mtu <= 578;
        } else if (strcmp(k, "--closed-port") == 0) {
            ok = parse_port(v, &opt.closed_port);
        } else if (strcmp(k, "--echo-port") == 0) {
            ok = parse_port(v, &opt.echo_port);
        } else if (strcmp(k, "--reset-port") == 0) {
            ok = parse_port(v, &opt.reset_port);
        } else if (strcmp(k, "--silent-port") == 0) {
            ok = parse_port(v, &opt.silent_port);
        } else if (strcmp(k, "--stall-port") == 0) {
            ok = parse_port(v, &opt.stall_port);
        } else if (strcmp(k, "--tls-port") == 0) {
            ok = parse_port(v, &opt.tls_port);
        } else if (strcmp(k, "--stale-port") == 0) {
            ok = parse_port(v, &opt.stale_port);
        } else if (strcmp(k, "--stale-tls-port") == 0) {
            ok = parse_port(v, &opt.stale_tls_port);
        } else if (strcmp(k, "--ca") == 0) {
            opt.ca_file = v;
        } else if (strcmp(k, "--wrong-ca") == 0) {
            opt.wrong_ca_file = v;
        } else if (strcmp(k, "--token") == 0) {
            opt.token = v;
        } else if (strcmp(k, "--account") == 0) {
            opt.account = v;
        } else if (strcmp(k, "--gateway") == 0) {
            opt.gateway = v;
        } else {
            ok = 0;
        }
        if (!ok) {
            fprintf(stderr, "lwip_update: bad option %s %s\n", k, v);
            return 0;
        }
    }
    if (i != argc || !opt.ip || !opt.server || !opt.mtu || !opt.closed_port || !opt.echo_port ||
        !opt.reset_port || !opt.silent_port || !opt.stall_port || !opt.tls_port || !opt.stale_port ||
        !opt.stale_tls_port || !opt.ca_file ||
        !opt.wrong_ca_file || !opt.token || !opt.account || !opt.gateway) {
        fprintf(stderr, "lwip_update: missing options (see the comment at the top)\n");
        return 0;
    }
    return 1;
}

/* Reads a whole (small) file; 0 when it is missing, empty or too large. */
static int read_file(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    if (f == NULL) {
        fprintf(stderr, "lwip_update: cannot open %s\n", path);
        return 0;
    }
    n = fread(buf, 1, cap, f);
    if (n == 0 || n == cap || ferror(f)) {
        fprintf(stderr, "lwip_update: %s is empty, unreadable or larger than %zu bytes\n", path, cap - 1);
        fclose(f);
        return 0;
    }
    fclose(f);
    *len = n;
    return 1;
}

/* ---- lwIP stack ------------------------------------------------------------ */

static struct netif tap_netif;

static void tcpip_ready(void *arg)
{
    sys_sem_signal((sys_sem_t *)arg);
}

/* Starts the tcpip thread and brings the tap netif up with a static IPv4
 * address. tapif_init opens the device named by PRECONFIGURED_TAPIF (and
 * does not run ifconfig when that is set). netif_* calls come from this
 * application thread, so they run under the TCPIP core lock: Debian's build
 * asserts (and aborts) otherwise. */
static int stack_up(void)
{
    sys_sem_t ready;
    ip4_addr_t addr, mask, gw;

    if (getenv("PRECONFIGURED_TAPIF") == NULL) {
        fprintf(stderr, "lwip_update: PRECONFIGURED_TAPIF is not set; refusing to let tapif run ifconfig on tap0\n");
        return 0;
    }
    if (!ip4addr_aton(opt.ip, &addr) || !ip4addr_aton(opt.server, &gw)) {
        fprintf(stderr, "lwip_update: --ip/--server must be IPv4 literals\n");
        return 0;
    }
    IP4_ADDR(&mask, 255, 255, 255, 0);

    if (sys_sem_new(&ready, 0) != ERR_OK) {
        return 0;
    }
    tcpip_init(tcpip_ready, &ready);
    sys_sem_wait(&ready);
    sys_sem_free(&ready);

    LOCK_TCPIP_CORE();
    if (netif_add(&tap_netif, &addr, &mask, &gw, NULL, tapif_init, tcpip_input) == NULL) {
        UNLOCK_TCPIP_CORE();
        fprintf(stderr, "lwip_update: netif_add failed\n");
        return 0;
    }
    tap_netif.mtu = opt.mtu; /* see the note at the top */
    netif_set_default(&tap_netif);
    netif_set_up(&tap_netif);
    UNLOCK_TCPIP_CORE();
    return 1;
}

/* ---- helpers ---------------------------------------------------------------- */

static aigw_err_t send_all(aigw_port_t *p, const uint8_t *buf, size_t len, aigw_ms_t deadline,
                           size_t *calls)
{
    size_t off = 0;
    *calls = 0;
    while (off < len) {
        size_t n = 0;
        aigw_err_t e = p->send(p->ctx, buf + off, len - off, &n, deadline);
        (*calls)++;
        if (e != AIGW_OK) {
            return e;
        }
        if (n == 0 || n > len - off) {
            return AIGW_E_PORT; /* contract broken: OK must move 1..len bytes */
        }
        off += n;
    }
    return AIGW_OK;
}

static aigw_err_t recv_exact(aigw_port_t *p, uint8_t *buf, size_t len, aigw_ms_t deadline)
{
    size_t off = 0;
    while (off < len) {
        size_t n = 0;
        aigw_err_t e = p->recv(p->ctx, buf + off, len - off, &n, deadline);
        if (e != AIGW_OK) {
            return e;
        }
        if (n == 0 || n > len - off) {
            return AIGW_E_PORT;
        }
        off += n;
    }
    return AIGW_OK;
}

/* ---- tests ------------------------------------------------------------------ */

/* Nothing listens on the closed port: the kernel answers the SYN with a RST. */
static void lwip_connect_refused(void)
{
    aigw_lwip_sockets_t s;
    aigw_port_t p;
    aigw_err_t e;

    EXPECT(aigw_lwip_sockets_init(&s, &p) == AIGW_OK);
    e = p.connect(p.ctx, opt.server, opt.closed_port, p.now(p.ctx) + 5000);
    EXPECTF(e == AIGW_E_CONNECT, "got %d (errno %d)", (int)e, s.last_errno);
    EXPECT(s.fd == -1);
    p.close(p.ctx); /* safe when not connected */
}

/* Debian's liblwip has LWIP_DNS=0: a name not in the host table must fail
 * as a DNS error, never be mistaken for an address; a name in the table is
 * dialled at its address (ASCII case ignored). */
static void lwip_names(void)
{
    static const aigw_lwip_host_t hosts[] = {
        {"api.aigw.test", "192.0.2.1"},
        {"broken.aigw.test", "not-an-address"},
    };
    aigw_lwip_sockets_t s;
    aigw_port_t p;
    aigw_err_t e;
    size_t n = 0;
    uint8_t buf[8];

    EXPECT(aigw_lwip_sockets_init(&s, &p) == AIGW_OK);
#if LWIP_DNS
    EXPECTF(0, "this test expects an lwIP build without DNS");
#else
    e = p.connect(p.ctx, "api.aigw.test", opt.echo_port, p.now(p.ctx) + 2000);
    EXPECTF(e == AIGW_E_DNS, "no table yet: got %d", (int)e);
    e = p.connect(p.ctx, "", opt.echo_port, p.now(p.ctx) + 2000);
    EXPECTF(e == AIGW_E_DNS, "empty host: got %d", (int)e);
    e = p.connect(p.ctx, "192.0.2.999", opt.echo_port, p.now(p.ctx) + 2000);
    EXPECTF(e == AIGW_E_DNS, "bad literal: got %d", (int)e);
#endif
    EXPECT(s.fd == -1);
    EXPECT(aigw_lwip_sockets_set_hosts(&s, NULL, 1) == AIGW_E_ARG);
    EXPECT(aigw_lwip_sockets_set_hosts(&s, hosts, 2) == AIGW_OK);
    e = p.connect(p.ctx, "broken.aigw.test", opt.echo_port, p.now(p.ctx) + 2000);
    EXPECTF(e == AIGW_E_DNS, "table entry that is no literal: got %d", (int)e);
    e = p.connect(p.ctx, "other.aigw.test", opt.echo_port, p.now(p.ctx) + 2000);
    EXPECTF(e == AIGW_E_DNS, "name not in the table: got %d", (int)e);
    e = p.connect(p.ctx, "API.Aigw.TEST", opt.echo_port, p.now(p.ctx) + 5000);
    EXPECTF(e == AIGW_OK, "name from the table: got %d (errno %d)", (int)e, s.last_errno);
    if (e == AIGW_OK) {
        e = p.send(p.ctx, (const uint8_t *)"hi\n", 3, &n, p.now(p.ctx) + 2000);
        EXPECTF(e == AIGW_OK && n == 3, "send: %d", (int)e);
        e = recv_exact(&p, buf, 3, p.now(p.ctx) + 5000);
        EXPECTF(e == AIGW_OK && memcmp(buf, "hi\n", 3) == 0, "echo: %d", (int)e);
    }
    p.close(p.ctx);
}

/* The silent peer accepts and never writes: recv must return WOULD_BLOCK
 * with nothing moved once the deadline passed, not earlier, and the
 * connection must still be usable afterwards. */
static void lwip_recv_deadline(void)
{
    aigw_lwip_sockets_t s;
    aigw_port_t p;
    aigw_err_t e;
    uint8_t buf[64];
    size_t n = 12345;
    aigw_ms_t t0, deadline, t1;

    EXPECT(aigw_lwip_sockets_init(&s, &p) == AIGW_OK);
    e = p.connect(p.ctx, opt.server, opt.silent_port, p.now(p.ctx) + 5000);
    EXPECTF(e == AIGW_OK, "connect: %d (errno %d)", (int)e, s.last_errno);
    if (e != AIGW_OK) {
        return;
    }
    t0 = p.now(p.ctx);
    deadline = t0 + 300;
    e = p.recv(p.ctx, buf, sizeof buf, &n, deadline);
    t1 = p.now(p.ctx);
    EXPECTF(e == AIGW_E_WOULD_BLOCK, "recv: %d", (int)e);
    EXPECT(n == 0);
    EXPECTF(t1 >= deadline, "returned %llu ms before the deadline",
            (unsigned long long)(deadline - t1));
    /* A deadline already in the past polls once and still says WOULD_BLOCK. */
    e = p.recv(p.ctx, buf, sizeof buf, &n, t0);
    EXPECTF(e == AIGW_E_WOULD_BLOCK, "past deadline: %d", (int)e);
    /* Still connected: a send goes through. */
    e = p.send(p.ctx, (const uint8_t *)"x", 1, &n, p.now(p.ctx) + 2000);
    EXPECTF(e == AIGW_OK && n == 1, "send after timeout: %d n=%zu", (int)e, n);
    p.close(p.ctx);
    EXPECT(s.fd == -1);
}

/* 200 KB out (more than lwIP's 64 KB send buffer, so send moves part and
 * waits for room), the same 200 KB back, then the peer's FIN is AIGW_E_EOF. */
static void lwip_echo_then_eof(void)
{
    enum { LEN = 200 * 1024 };
    static uint8_t out[LEN], in[LEN];
    aigw_lwip_sockets_t s;
    aigw_port_t p;
    aigw_err_t e;
    size_t i, calls = 0, n = 0;
    uint8_t one;

    for (i = 0; i < LEN - 1; i++) {
        out[i] = (uint8_t)('a' + (i * 7u) % 26u);
    }
    out[LEN - 1] = '\n';
    memset(in, 0, sizeof in);

    EXPECT(aigw_lwip_sockets_init(&s, &p) == AIGW_OK);
    e = p.connect(p.ctx, opt.server, opt.echo_port, p.now(p.ctx) + 5000);
    EXPECTF(e == AIGW_OK, "connect: %d (errno %d)", (int)e, s.last_errno);
    if (e != AIGW_OK) {
        return;
    }
    EXPECTF(p.connect(p.ctx, opt.server, opt.echo_port, p.now(p.ctx) + 5000) == AIGW_E_PORT,
            "connect while connected must be refused");
    e = send_all(&p, out, LEN, p.now(p.ctx) + 10000, &calls);
    EXPECTF(e == AIGW_OK, "send: %d (errno %d)", (int)e, s.last_errno);
    EXPECTF(calls > 1, "expected partial sends, got %zu call(s)", calls);
    e = recv_exact(&p, in, LEN, p.now(p.ctx) + 10000);
    EXPECTF(e == AIGW_OK, "recv: %d (errno %d)", (int)e, s.last_errno);
    EXPECT(memcmp(in, out, LEN) == 0);
    e = p.recv(p.ctx, &one, 1, &n, p.now(p.ctx) + 5000);
    EXPECTF(e == AIGW_E_EOF, "after the echo: %d", (int)e);
    EXPECT(n == 0);
    p.close(p.ctx);
    p.close(p.ctx); /* twice is harmless */
}

/* The stall peer never reads and keeps a small receive window: once its
 * window and lwIP's send buffer are full, send must return WOULD_BLOCK with
 * nothing moved at the deadline, not block and not report an error. */
static void lwip_send_deadline(void)
{
    static uint8_t chunk[64 * 1024];
    aigw_lwip_sockets_t s;
    aigw_port_t p;
    aigw_err_t e = AIGW_OK;
    size_t total = 0, n = 0;
    aigw_ms_t deadline = 0, t1 = 0;

    memset(chunk, 'z', sizeof chunk);
    EXPECT(aigw_lwip_sockets_init(&s, &p) == AIGW_OK);
    e = p.connect(p.ctx, opt.server, opt.stall_port, p.now(p.ctx) + 5000);
    EXPECTF(e == AIGW_OK, "connect: %d (errno %d)", (int)e, s.last_errno);
    if (e != AIGW_OK) {
        return;
    }
    /* 16 MiB is far more than any window plus send buffer here: reaching it
     * would mean send never blocks. */
    while (total < 16u * 1024u * 1024u) {
        deadline = p.now(p.ctx) + 300;
        e = p.send(p.ctx, chunk, sizeof chunk, &n, deadline);
        if (e != AIGW_OK) {
            t1 = p.now(p.ctx);
            break;
        }
        EXPECT(n > 0 && n <= sizeof chunk);
        total += n;
    }
    EXPECTF(e == AIGW_E_WOULD_BLOCK, "after %zu bytes: %d (errno %d)", total, (int)e, s.last_errno);
    EXPECT(n == 0);
    EXPECTF(e != AIGW_E_WOULD_BLOCK || t1 >= deadline, "returned %llu ms early",
            (unsigned long long)(deadline - t1));
    EXPECTF(total >= 65535u, "only %zu bytes went out before blocking", total);
    p.close(p.ctx);
}

/* The reset peer reads, then aborts with RST: that is an error, not EOF. */
static void lwip_reset_is_not_eof(void)
{
    aigw_lwip_sockets_t s;
    aigw_port_t p;
    aigw_err_t e;
    uint8_t buf[16];
    size_t n = 0;

    EXPECT(aigw_lwip_sockets_init(&s, &p) == AIGW_OK);
    e = p.connect(p.ctx, opt.server, opt.reset_port, p.now(p.ctx) + 5000);
    EXPECTF(e == AIGW_OK, "connect: %d (errno %d)", (int)e, s.last_errno);
    if (e != AIGW_OK) {
        return;
    }
    e = p.send(p.ctx, (const uint8_t *)"ping\n", 5, &n, p.now(p.ctx) + 2000);
    EXPECTF(e == AIGW_OK && n == 5, "send: %d", (int)e);
    e = p.recv(p.ctx, buf, sizeof buf, &n, p.now(p.ctx) + 5000);
    EXPECTF(e == AIGW_E_RECV, "recv after RST: %d (errno %d)", (int)e, s.last_errno);
    EXPECT(n == 0);
    p.close(p.ctx);
}

/* pending() until it says something other than "idle", for at most 5 s. */
static aigw_err_t pending_wait(aigw_port_t *p, size_t *n)
{
    aigw_ms_t dl = p->now(p->ctx) + 5000;
    aigw_err_t e;
    for (;;) {
        e = p->pending(p->ctx, n);
        if (e != AIGW_OK || *n > 0 || p->now(p->ctx) >= dl) {
            return e;
        }
        p->sleep(p->ctx, 5);
    }
}

/* pending(): idle, then the echo counted but not taken, then the peer's FIN
 * as AIGW_E_EOF; a reset as AIGW_E_RECV. */
static void lwip_pending(void)
{
    aigw_lwip_sockets_t s;
    aigw_port_t p;
    aigw_err_t e;
    uint8_t buf[8];
    size_t n = 99;

    EXPECT(aigw_lwip_sockets_init(&s, &p) == AIGW_OK);
    EXPECT(p.pending != NULL);
    e = p.connect(p.ctx, opt.server, opt.echo_port, p.now(p.ctx) + 5000);
    EXPECTF(e == AIGW_OK, "connect: %d (errno %d)", (int)e, s.last_errno);
    if (e != AIGW_OK) {
        return;
    }
    e = p.pending(p.ctx, &n);
    EXPECTF(e == AIGW_OK && n == 0, "idle: %d n=%zu", (int)e, n);
    e = p.send(p.ctx, (const uint8_t *)"pend\n", 5, &n, p.now(p.ctx) + 2000);
    EXPECTF(e == AIGW_OK && n == 5, "send: %d", (int)e);
    e = pending_wait(&p, &n);
    EXPECTF(e == AIGW_OK && n > 0, "echo waiting: %d n=%zu", (int)e, n);
    e = p.pending(p.ctx, &n);
    EXPECTF(e == AIGW_OK && n > 0, "asked again: %d n=%zu", (int)e, n);
    e = recv_exact(&p, buf, 5, p.now(p.ctx) + 5000);
    EXPECTF(e == AIGW_OK && memcmp(buf, "pend\n", 5) == 0, "echo: %d", (int)e);
    e = pending_wait(&p, &n);
    EXPECTF(e == AIGW_E_EOF && n == 0, "after FIN: %d n=%zu", (int)e, n);
    p.close(p.ctx);
    e = p.pending(p.ctx, &n);
    EXPECTF(e == AIGW_E_PORT, "closed: %d", (int)e);

    e = p.connect(p.ctx, opt.server, opt.reset_port, p.now(p.ctx) + 5000);
    EXPECTF(e == AIGW_OK, "connect (reset peer): %d (errno %d)", (int)e, s.last_errno);
    if (e != AIGW_OK) {
        return;
    }
    e = p.send(p.ctx, (const uint8_t *)"ping\n", 5, &n, p.now(p.ctx) + 2000);
    EXPECTF(e == AIGW_OK && n == 5, "send: %d", (int)e);
    e = pending_wait(&p, &n);
    EXPECTF(e == AIGW_E_RECV, "after RST: %d (errno %d)", (int)e, s.last_errno);
    p.close(p.ctx);
}

/* ---- TLS over lwIP ----------------------------------------------------------- */

static aigw_tls_t tls_ctx; /* large (mbedTLS contexts, saved session): not on the stack */

/* lwIP stream port + the project's TLS port on top of it. */
static aigw_err_t tls_open(aigw_lwip_sockets_t *s, aigw_port_t *tcp, aigw_port_t *https,
                           const uint8_t *ca, size_t ca_n)
{
    aigw_tls_config_t cfg;
    aigw_err_t e;

    memset(&cfg, 0, sizeof cfg);
    cfg.ca = ca;
    cfg.ca_len = ca_n;
    cfg.entropy = aigw_posix_entropy;
    cfg.wall_clock = aigw_posix_wall_clock;
    if (aigw_lwip_sockets_init(s, tcp) != AIGW_OK ||
        aigw_lwip_sockets_set_hosts(s, tls_hosts, 1) != AIGW_OK) {
        return AIGW_E_PORT;
    }
    e = aigw_tls_init(&tls_ctx, https, tcp, &cfg);
    if (e != AIGW_OK) {
        return e;
    }
    return https->connect(https->ctx, TLS_HOST, opt.tls_port, https->now(https->ctx) + 15000);
}

/* A server whose chain leads to another root must be refused as untrusted,
 * after a real handshake over lwIP. */
static void lwip_tls_wrong_ca(void)
{
    aigw_lwip_sockets_t s;
    aigw_port_t tcp, https;
    aigw_err_t e = tls_open(&s, &tcp, &https, wrong_ca_pem, wrong_ca_len);
    EXPECTF(e == AIGW_E_TLS_UNTRUSTED, "got %d (mbedtls %d, flags 0x%x)", (int)e,
            tls_ctx.mbedtls_ret, (unsigned)tls_ctx.verify_flags);
    EXPECT(s.fd == -1); /* the failed connect closed the lwIP socket */
    https.close(https.ctx);
}

/* Finds "\r\n\r\n" in buf[0..len); returns the offset after it or 0. */
static size_t head_end(const uint8_t *buf, size_t len)
{
    size_t i;
    for (i = 0; i + 4 <= len; i++) {
        if (memcmp(buf + i, "\r\n\r\n", 4) == 0) {
            return i + 4;
        }
    }
    return 0;
}

/* Content-Length of a response head (case-insensitive name), -1 if absent. */
static long content_length(const char *head)
{
    const char *p = head;
    while ((p = strchr(p, '\n')) != NULL) {
        p++;
        if (strncasecmp(p, "Content-Length:", 15) == 0) {
            return strtol(p + 15, NULL, 10);
        }
    }
    return -1;
}

/* The path proven without the client: a TLS handshake over lwIP and a
 * hand-written GET, the response read to its Content-Length. */
static void lwip_tls_handwritten_get(void)
{
    static uint8_t resp[32768];
    char req[1024];
    aigw_lwip_sockets_t s;
    aigw_port_t tcp, https;
    aigw_err_t e;
    size_t got = 0, hend = 0, calls = 0;
    long clen = -1;
    int reqlen;

    e = tls_open(&s, &tcp, &https, ca_pem, ca_len);
    EXPECTF(e == AIGW_OK, "TLS connect: %d (mbedtls -0x%04x, flags 0x%x, errno %d)", (int)e,
            (unsigned)-tls_ctx.mbedtls_ret, (unsigned)tls_ctx.verify_flags, s.last_errno);
    if (e != AIGW_OK) {
        https.close(https.ctx);
        return;
    }
    reqlen = snprintf(req, sizeof req,
                      "GET /client/v4/accounts/%s/ai-gateway/gateways/%s HTTP/1.1\r\n"
                      "Host: " TLS_HOST "\r\n"
                      "Authorization: Bearer %s\r\n"
                      "Accept: application/json\r\n"
                      "\r\n",
                      opt.account, opt.gateway, opt.token);
    EXPECT(reqlen > 0 && (size_t)reqlen < sizeof req);
    e = send_all(&https, (const uint8_t *)req, (size_t)reqlen, https.now(https.ctx) + 5000, &calls);
    EXPECTF(e == AIGW_OK, "send: %d", (int)e);
    while (e == AIGW_OK && got < sizeof resp - 1) {
        size_t n = 0;
        e = https.recv(https.ctx, resp + got, sizeof resp - 1 - got, &n, https.now(https.ctx) + 5000);
        if (e != AIGW_OK) {
            break;
        }
        got += n;
        resp[got] = '\0';
        if (hend == 0 && (hend = head_end(resp, got)) != 0) {
            clen = content_length((const char *)resp);
        }
        if (hend != 0 && clen >= 0 && got >= hend + (size_t)clen) {
            break;
        }
    }
    EXPECTF(e == AIGW_OK, "recv: %d after %zu bytes", (int)e, got);
    EXPECTF(hend != 0 && clen > 0, "no complete head with Content-Length (%zu bytes)", got);
    EXPECTF(got == hend + (size_t)clen, "read %zu bytes, head %zu + body %ld", got, hend, clen);
    resp[got] = '\0';
    EXPECTF(strncmp((const char *)resp, "HTTP/1.1 200 ", 13) == 0, "status: %.40s", (const char *)resp);
    EXPECT(strstr((const char *)resp + hend, "\"success\":true") != NULL ||
           strstr((const char *)resp + hend, "\"success\": true") != NULL);
    {
        char want[128];
        snprintf(want, sizeof want, "\"id\":\"%s\"", opt.gateway);
        EXPECTF(strstr((const char *)resp + hend, want) != NULL, "body lacks %s: %s", want,
                (const char *)resp + hend);
    }
    https.close(https.ctx);
    EXPECT(s.fd == -1);
}

/* ---- the project's client over TLS over lwIP ----------------------------------- */

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

/* Checks that g carries what lwip_client_update_get sent. */
static void expect_sent_values(const aigw_gateway_t *g, const char *what)
{
    EXPECTF(text_is(&g->id, opt.gateway), "%s: id", what);
    EXPECTF(bool_is(&g->params.cache_invalidate_on_update, true), "%s: cache_invalidate_on_update", what);
    EXPECTF(int_is(&g->params.cache_ttl, 3600), "%s: cache_ttl", what);
    EXPECTF(bool_is(&g->params.collect_logs, false), "%s: collect_logs", what);
    EXPECTF(int_is(&g->params.rate_limiting_interval, 60), "%s: rate_limiting_interval", what);
    EXPECTF(int_is(&g->params.rate_limiting_limit, 250), "%s: rate_limiting_limit", what);
    EXPECTF(g->params.rate_limiting_technique.state == AIGW_SET &&
                g->params.rate_limiting_technique.value == AIGW_RATE_SLIDING,
            "%s: rate_limiting_technique", what);
    EXPECTF(int_is(&g->params.retry_max_attempts, 4), "%s: retry_max_attempts", what);
    EXPECTF(bool_is(&g->params.authentication, true), "%s: authentication", what);
    EXPECTF(g->modified_at.state == AIGW_SET && g->modified_at.value.len > 0, "%s: modified_at", what);
}

static aigw_client_t client;
static uint8_t client_io[2048];
static uint64_t body_a[1024], body_b[1024], arena_a[1024], arena_b[1024];
static aigw_tok_t tok_a[512], tok_b[512];
static char base_url[96];

/* A full update and get with the project's client over lwIP + mbedTLS: the
 * values the emulator stored and returned must be the ones sent, and the
 * get must reuse the kept-alive connection. Then an API error (unknown
 * gateway) must come back typed, over the same stack. */
static void lwip_client_update_get(void)
{
    aigw_lwip_sockets_t s;
    aigw_port_t tcp, https;
    aigw_tls_config_t tcfg;
    aigw_client_config_t cfg;
    aigw_params_t p;
    aigw_result_t up, get;
    char first_modified[64] = "";
    aigw_err_t e;

    memset(&tcfg, 0, sizeof tcfg);
    tcfg.ca = ca_pem;
    tcfg.ca_len = ca_len;
    tcfg.entropy = aigw_posix_entropy;
    tcfg.wall_clock = aigw_posix_wall_clock;
    EXPECT(aigw_lwip_sockets_init(&s, &tcp) == AIGW_OK);
    EXPECT(aigw_lwip_sockets_set_hosts(&s, tls_hosts, 1) == AIGW_OK);
    e = aigw_tls_init(&tls_ctx, &https, &tcp, &tcfg);
    EXPECTF(e == AIGW_OK, "aigw_tls_init: %d", (int)e);
    if (e != AIGW_OK) {
        return;
    }

    snprintf(base_url, sizeof base_url, "https://" TLS_HOST ":%u/client/v4", (unsigned)opt.tls_port);
    memset(&cfg, 0, sizeof cfg);
    cfg.base_url = base_url;
    cfg.account_id = opt.account;
    cfg.auth.kind = AIGW_AUTH_TOKEN;
    cfg.auth.token.ptr = opt.token;
    cfg.auth.token.len = strlen(opt.token);
    cfg.port = &https;
    cfg.connect_timeout_ms = 15000;
    cfg.response_timeout_ms = 10000;
    cfg.call_timeout_ms = 30000;
    cfg.max_attempts = 1; /* a failure here must show, not be retried away */
    e = aigw_client_init(&client, &cfg, client_io, sizeof client_io);
    EXPECTF(e == AIGW_OK, "aigw_client_init: %d", (int)e);
    if (e != AIGW_OK) {
        return;
    }

    memset(&p, 0, sizeof p);
    p.cache_invalidate_on_update.state = AIGW_SET;
    p.cache_invalidate_on_update.value = true;
    p.cache_ttl.state = AIGW_SET;
    p.cache_ttl.value = 3600;
    p.collect_logs.state = AIGW_SET;
    p.collect_logs.value = false;
    p.rate_limiting_interval.state = AIGW_SET;
    p.rate_limiting_interval.value = 60;
    p.rate_limiting_limit.state = AIGW_SET;
    p.rate_limiting_limit.value = 250;
    p.rate_limiting_technique.state = AIGW_SET;
    p.rate_limiting_technique.value = AIGW_RATE_SLIDING;
    p.retry_max_attempts.state = AIGW_SET;
    p.retry_max_attempts.value = 4;
    p.authentication.state = AIGW_SET;
    p.authentication.value = true;

    aigw_result_init(&up, body_a, sizeof body_a, tok_a, sizeof tok_a / sizeof tok_a[0], arena_a, sizeof arena_a);
    e = aigw_gateway_update(&client, opt.gateway, &p, &up);
    EXPECTF(e == AIGW_OK && up.status == 200, "update: %d (%s), status %u, path %s, tls -0x%04x, errno %d",
            (int)e, aigw_strerror(e), (unsigned)up.status, up.diag.path,
            (unsigned)-tls_ctx.mbedtls_ret, s.last_errno);
    if (e == AIGW_OK) {
        expect_sent_values(&up.gateway, "update");
        if (up.gateway.modified_at.state == AIGW_SET && up.gateway.modified_at.value.len < sizeof first_modified) {
            memcpy(first_modified, up.gateway.modified_at.value.ptr, up.gateway.modified_at.value.len);
            first_modified[up.gateway.modified_at.value.len] = '\0';
        }
    }

    aigw_result_init(&get, body_b, sizeof body_b, tok_b, sizeof tok_b / sizeof tok_b[0], arena_b, sizeof arena_b);
    e = aigw_gateway_get(&client, opt.gateway, &get);
    EXPECTF(e == AIGW_OK && get.status == 200, "get: %d (%s), status %u", (int)e, aigw_strerror(e),
            (unsigned)get.status);
    if (e == AIGW_OK) {
        expect_sent_values(&get.gateway, "get");
        /* The stored object is the one the update made. */
        EXPECTF(text_is(&get.gateway.modified_at, first_modified), "get: modified_at differs from the update's %s",
                first_modified);
    }
    printf("  info: over lwIP+TLS: update %lu ms (with a %s handshake), get %lu ms (kept-alive)\n",
           (unsigned long)up.elapsed_ms, tls_ctx.resumed ? "resumed" : "full", (unsigned long)get.elapsed_ms);
    EXPECTF(client.connections == 1, "keep-alive over lwIP: %u connections for two calls",
            (unsigned)client.connections);
    EXPECT(tls_ctx.handshakes == 1);

    /* An API error over the same stack: unknown gateway -> 404, code 7002. */
    aigw_result_init(&get, body_b, sizeof body_b, tok_b, sizeof tok_b / sizeof tok_b[0], arena_b, sizeof arena_b);
    e = aigw_gateway_get(&client, "no-such-gateway", &get);
    EXPECTF(e == AIGW_E_API && get.status == 404, "unknown gateway: %d, status %u", (int)e, (unsigned)get.status);
    EXPECTF(get.error_count >= 1 && int_is(&get.errors[0].code, 7002), "unknown gateway: error code");

    aigw_client_close(&client);
    EXPECT(s.fd == -1); /* the client's close reached the lwIP socket */
}

/* The stale server's credentials (tests/hardening/sweep_server.py, shared by the sweep). */
#define STALE_ACCOUNT "3ebbcb006d4d46d7bb6a8c7f14676cb0"
#define STALE_TOKEN "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"

static int gateway_is(const aigw_result_t *r, const char *id, int64_t ttl)
{
    return r->err == AIGW_OK && text_is(&r->gateway.id, id) && int_is(&r->gateway.params.cache_ttl, ttl);
}

/* Bytes after a complete answer (a whole unsolicited 200, id "stale") over
 * lwIP sockets: after a 400, in the same segment (its own TLS record), and
 * after a 503, 30 ms later, before the retry. Neither is ever an answer. */
static void stale_over(const char *what, aigw_port_t *port, const char *base, unsigned seq)
{
    aigw_client_config_t cfg;
    aigw_result_t r;
    char id[48], want[48];
    aigw_err_t e;

    memset(&cfg, 0, sizeof cfg);
    cfg.base_url = base;
    cfg.account_id = STALE_ACCOUNT;
    cfg.auth.kind = AIGW_AUTH_TOKEN;
    cfg.auth.token.ptr = STALE_TOKEN;
    cfg.auth.token.len = strlen(STALE_TOKEN);
    cfg.port = port;
    cfg.connect_timeout_ms = 15000;
    cfg.response_timeout_ms = 10000;
    cfg.call_timeout_ms = 30000;
    cfg.max_attempts = 2;
    e = aigw_client_init(&client, &cfg, client_io, sizeof client_io);
    EXPECTF(e == AIGW_OK, "%s: aigw_client_init: %d", what, (int)e);
    if (e != AIGW_OK) {
        return;
    }
    snprintf(id, sizeof id, "api_400.seg.%u", seq);
    aigw_result_init(&r, body_a, sizeof body_a, tok_a, sizeof tok_a / sizeof tok_a[0], arena_a, sizeof arena_a);
    e = aigw_gateway_get(&client, id, &r);
    EXPECTF(e == AIGW_E_API && r.status == 400, "%s: the 400: %d (%s), status %u", what, (int)e, aigw_strerror(e),
            (unsigned)r.status);
    snprintf(want, sizeof want, "real.%u", seq);
    aigw_result_init(&r, body_a, sizeof body_a, tok_a, sizeof tok_a / sizeof tok_a[0], arena_a, sizeof arena_a);
    e = aigw_gateway_get(&client, want, &r);
    EXPECTF(!gateway_is(&r, "stale", 6666), "%s: the next call reported the unsolicited response", what);
    EXPECTF(gateway_is(&r, want, (int64_t)seq), "%s: the next call: %d (%s), status %u", what, (int)e,
            aigw_strerror(e), (unsigned)r.status);

    snprintf(id, sizeof id, "retry_503.late.%u", seq + 1);
    snprintf(want, sizeof want, "real.%u", seq + 1);
    aigw_result_init(&r, body_a, sizeof body_a, tok_a, sizeof tok_a / sizeof tok_a[0], arena_a, sizeof arena_a);
    e = aigw_gateway_get(&client, id, &r);
    EXPECTF(!gateway_is(&r, "stale", 6666), "%s: the retry reported the unsolicited response", what);
    EXPECTF(gateway_is(&r, want, (int64_t)seq + 1) && r.attempts == 2, "%s: the retried call: %d (%s), attempts %u",
            what, (int)e, aigw_strerror(e), r.attempts);
    EXPECTF(client.stale_closed == 2 && client.connections == 3, "%s: stale_closed %u, connections %u", what,
            (unsigned)client.stale_closed, (unsigned)client.connections);
    aigw_client_close(&client);
}

static void lwip_client_stale_bytes(void)
{
    aigw_lwip_sockets_t s;
    aigw_port_t tcp, https;
    aigw_tls_config_t tcfg;
    aigw_err_t e;

    EXPECT(aigw_lwip_sockets_init(&s, &tcp) == AIGW_OK);
    EXPECT(aigw_lwip_sockets_set_hosts(&s, tls_hosts, 1) == AIGW_OK);
    snprintf(base_url, sizeof base_url, "http://%s:%u/client/v4", opt.server, (unsigned)opt.stale_port);
    stale_over("plain", &tcp, base_url, 1);

    memset(&tcfg, 0, sizeof tcfg);
    tcfg.ca = ca_pem;
    tcfg.ca_len = ca_len;
    tcfg.entropy = aigw_posix_entropy;
    tcfg.wall_clock = aigw_posix_wall_clock;
    e = aigw_tls_init(&tls_ctx, &https, &tcp, &tcfg);
    EXPECTF(e == AIGW_OK && https.pending != NULL, "aigw_tls_init: %d", (int)e);
    if (e != AIGW_OK) {
        return;
    }
    snprintf(base_url, sizeof base_url, "https://" TLS_HOST ":%u/client/v4", (unsigned)opt.stale_tls_port);
    stale_over("tls", &https, base_url, 11);
}

/* Argument and state checks that need no network. */
static void lwip_port_contract(void)
{
    aigw_lwip_sockets_t s;
    aigw_port_t p;
    uint8_t buf[4];
    size_t n = 99;
    aigw_ms_t a, b;

    EXPECT(aigw_lwip_sockets_init(NULL, &p) == AIGW_E_ARG);
    EXPECT(aigw_lwip_sockets_init(&s, NULL) == AIGW_E_ARG);
    EXPECT(aigw_lwip_sockets_init(&s, &p) == AIGW_OK);
    EXPECT(p.ctx == &s && s.fd == -1);
    EXPECT(p.recv(p.ctx, buf, sizeof buf, &n, 0) == AIGW_E_PORT && n == 0);
    EXPECT(p.send(p.ctx, buf, sizeof buf, &n, 0) == AIGW_E_PORT && n == 0);
    EXPECT(p.recv(p.ctx, buf, 0, &n, 0) == AIGW_E_ARG);
    EXPECT(p.send(p.ctx, buf, 0, &n, 0) == AIGW_E_ARG);
    EXPECT(p.connect(p.ctx, NULL, 1, 0) == AIGW_E_ARG);
    EXPECT(p.connect(p.ctx, opt.server, 0, 0) == AIGW_E_ARG);
    /* sys_now() is 32-bit: a reading below the last one is a wrap, and the
     * 64-bit clock must keep counting up across it. */
    s.clock_last = UINT32_MAX;
    a = p.now(p.ctx);
    EXPECTF(s.clock_wraps == 1 && a >= ((aigw_ms_t)1 << 32), "after a wrap: %llu, wraps %u",
            (unsigned long long)a, (unsigned)s.clock_wraps);
    p.sleep(p.ctx, 20);
    b = p.now(p.ctx);
    EXPECTF(b >= a + 20, "slept %llu ms", (unsigned long long)(b - a));
}

int main(int argc, char **argv)
{
    if (!parse_args(argc, argv) || !read_file(opt.ca_file, ca_pem, sizeof ca_pem, &ca_len) ||
        !read_file(opt.wrong_ca_file, wrong_ca_pem, sizeof wrong_ca_pem, &wrong_ca_len) ||
        !stack_up()) {
        printf("FAIL lwip_setup: could not bring the lwIP stack up\n");
        return 1;
    }
    RUN(lwip_port_contract);
    RUN(lwip_connect_refused);
    RUN(lwip_names);
    RUN(lwip_recv_deadline);
    RUN(lwip_echo_then_eof);
    RUN(lwip_reset_is_not_eof);
    RUN(lwip_pending);
    RUN(lwip_send_deadline);
    tls_hosts[0].name = TLS_HOST;
    tls_hosts[0].address = opt.server;
    RUN(lwip_tls_wrong_ca);
    RUN(lwip_tls_handwritten_get);
    RUN(lwip_client_update_get);
    RUN(lwip_client_stale_bytes);
    fflush(stdout);
    return AIGW_TEST_EXIT();
}
