/*
 * The lwIP sockets port, tested on the host over Debian's liblwip (unix port,
 * tapif). This program is its own lwIP host: it starts the tcpip thread, adds
 * a tap netif with a static address, and then reaches peers on the other side
 * of the tap, inside the network namespace tests/suites/62-lwip-host.sh made.
 *
 * Usage (inside the namespace, PRECONFIGURED_TAPIF=<tap> in the environment):
 *   lwip_update --ip 192.0.2.2 --server 192.0.2.1 --mtu 576 --closed-port N
 *               --echo-port N --reset-port N --silent-port N
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

#include "aigw/aigw_lwip_sockets.h"

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
    uint16_t closed_port, echo_port, reset_port, silent_port;
} opt;

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
        } else {
            ok = 0;
        }
        if (!ok) {
            fprintf(stderr, "lwip_update: bad option %s %s\n", k, v);
            return 0;
        }
    }
    if (i != argc || !opt.ip || !opt.server || !opt.mtu || !opt.closed_port || !opt.echo_port ||
        !opt.reset_port || !opt.silent_port) {
        fprintf(stderr, "lwip_update: missing options (see the comment at the top)\n");
        return 0;
    }
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
    a = p.now(p.ctx);
    p.sleep(p.ctx, 20);
    b = p.now(p.ctx);
    EXPECTF(b >= a + 20, "slept %llu ms", (unsigned long long)(b - a));
}

int main(int argc, char **argv)
{
    if (!parse_args(argc, argv) || !stack_up()) {
        printf("FAIL lwip_setup: could not bring the lwIP stack up\n");
        return 1;
    }
    RUN(lwip_port_contract);
    RUN(lwip_connect_refused);
    RUN(lwip_names);
    RUN(lwip_recv_deadline);
    RUN(lwip_echo_then_eof);
    RUN(lwip_reset_is_not_eof);
    fflush(stdout);
    return AIGW_TEST_EXIT();
}
