/* SPDX-License-Identifier: MIT */
/*
 * POSIX port tests against peers made here with plain socket calls (no port
 * code on the server side). Run by tests/suites/40-port.sh inside a private
 * mount namespace whose /etc/hosts maps DUAL_NAME to ::1 and 127.0.0.1 and
 * whose resolv.conf points at 127.0.0.1 (nothing listens there), so the DNS
 * test sends no packet off the machine.
 *
 * Usage: posix_test [DUAL_NAME]
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "aigw/aigw_posix.h"
#include "../unit/aigw_test.h"

static const char *g_dual = "dual.aigw.test";

static void nap_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

/* A listening socket on addr (AF_INET "127.0.0.1" or AF_INET6 "::1"), port chosen by the kernel. */
static int listen_on(int family, int backlog, uint16_t *port)
{
    int fd = socket(family, SOCK_STREAM, 0), one = 1;
    struct sockaddr_storage ss;
    socklen_t sl;
    if (fd < 0)
        return -1;
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&ss, 0, sizeof ss);
    if (family == AF_INET) {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        sl = sizeof *a;
    } else {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_loopback;
        (void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
        sl = sizeof *a;
    }
    if (bind(fd, (struct sockaddr *)&ss, sl) != 0 || listen(fd, backlog) != 0) {
        close(fd);
        return -1;
    }
    sl = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                    : ((struct sockaddr_in6 *)&ss)->sin6_port);
    return fd;
}

/* Accept with a 2 s bound so a broken test fails instead of hanging. */
static int accept_bounded(int lfd)
{
    struct pollfd p;
    p.fd = lfd;
    p.events = POLLIN;
    p.revents = 0;
    if (poll(&p, 1, 2000) != 1)
        return -1;
    return accept(lfd, NULL, NULL);
}

/* Read exactly len bytes through the port, within 2 s. */
static aigw_err_t port_read_all(aigw_port_t *pt, uint8_t *buf, size_t len)
{
    size_t got = 0;
    aigw_ms_t dl = pt->now(pt->ctx) + 2000;
    while (got < len) {
        size_t n = 0;
        aigw_err_t e = pt->recv(pt->ctx, buf + got, len - got, &n, dl);
        if (e != AIGW_OK)
            return e;
        got += n;
    }
    return AIGW_OK;
}

/* Close with SO_LINGER 0: the kernel sends a RST instead of a FIN. */
static int close_with_reset(int fd)
{
    struct linger lg;
    lg.l_onoff = 1;
    lg.l_linger = 0;
    if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) != 0)
        return -1;
    return close(fd);
}

/* Connect to host, exchange bytes both ways with the accepted peer. */
static void roundtrip(int family, const char *host)
{
    aigw_posix_t s;
    aigw_port_t pt;
    uint16_t port = 0;
    int lfd = listen_on(family, 8, &port), cfd;
    uint8_t buf[16];
    size_t n = 0;
    EXPECTF(lfd >= 0, "listen on family %d: %s", family, strerror(errno));
    if (lfd < 0)
        return;
    EXPECT(aigw_posix_init(&s, &pt) == AIGW_OK);
    EXPECT(pt.connect(pt.ctx, host, port, pt.now(pt.ctx) + 2000) == AIGW_OK);
    EXPECT(s.family == family);
    cfd = accept_bounded(lfd);
    EXPECT(cfd >= 0);
    if (cfd >= 0) {
        EXPECT(write(cfd, "hello", 5) == 5);
        EXPECT(port_read_all(&pt, buf, 5) == AIGW_OK);
        EXPECT(memcmp(buf, "hello", 5) == 0);
        EXPECT(pt.send(pt.ctx, (const uint8_t *)"ping", 4, &n, pt.now(pt.ctx) + 1000) == AIGW_OK);
        EXPECT(n == 4);
        EXPECT(read(cfd, buf, sizeof buf) == 4 && memcmp(buf, "ping", 4) == 0);
        close(cfd);
    }
    pt.close(pt.ctx);
    EXPECT(s.fd == -1);
    close(lfd);
}

static void connect_ipv4_loopback(void) { roundtrip(AF_INET, "127.0.0.1"); }
static void connect_ipv6_loopback(void) { roundtrip(AF_INET6, "::1"); }
static void connect_by_name_localhost(void) { roundtrip(AF_INET, "localhost"); }

/* A port that was just free: nothing listens there. */
static uint16_t dead_port(int family)
{
    uint16_t port = 0;
    int fd = listen_on(family, 1, &port);
    if (fd >= 0)
        close(fd);
    return port;
}

static void connect_refused(void)
{
    aigw_posix_t s;
    aigw_port_t pt;
    uint16_t port = dead_port(AF_INET);
    aigw_err_t e;
    aigw_posix_init(&s, &pt);
    e = pt.connect(pt.ctx, "127.0.0.1", port, pt.now(pt.ctx) + 2000);
    EXPECTF(e == AIGW_E_CONNECT, "got %s", aigw_strerror(e));
    EXPECTF(s.last_errno == ECONNREFUSED, "errno %d", s.last_errno);
    EXPECT(s.fd == -1);
}

static void dns_failure(void)
{
    aigw_posix_t s;
    aigw_port_t pt;
    aigw_err_t e;
    aigw_posix_init(&s, &pt);
    e = pt.connect(pt.ctx, "no-such-host.invalid", 443, pt.now(pt.ctx) + 5000);
    EXPECTF(e == AIGW_E_DNS, "got %s", aigw_strerror(e));
    EXPECT(s.last_gai != 0);
    EXPECT(s.fd == -1);
}

/*
 * DUAL_NAME resolves to ::1 and 127.0.0.1 (namespace /etc/hosts). Only the
 * address getaddrinfo lists LAST gets a listener, so success proves the port
 * went on after the first address was refused.
 */
static void tries_each_address_in_turn(void)
{
    struct addrinfo hints, *res = NULL, *ai, *last = NULL;
    int count = 0, lfd;
    uint16_t port = 0;
    aigw_posix_t s;
    aigw_port_t pt;
    aigw_err_t e;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    EXPECTF(getaddrinfo(g_dual, "1", &hints, &res) == 0, "%s does not resolve", g_dual);
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        count++;
        last = ai;
    }
    EXPECTF(count == 2, "%s gives %d addresses, need 2 (run from 40-port.sh)", g_dual, count);
    if (count != 2) {
        if (res)
            freeaddrinfo(res);
        return;
    }
    lfd = listen_on(last->ai_family, 4, &port);
    EXPECT(lfd >= 0);
    /* The first address must refuse on that port: it is the other family. */
    aigw_posix_init(&s, &pt);
    e = pt.connect(pt.ctx, g_dual, port, pt.now(pt.ctx) + 2000);
    EXPECTF(e == AIGW_OK, "got %s", aigw_strerror(e));
    EXPECT(s.family == last->ai_family);
    pt.close(pt.ctx);
    freeaddrinfo(res);
    if (lfd >= 0)
        close(lfd);
}

/*
 * Connect timeout on loopback: a listener with backlog 0 whose accept queue
 * is full makes the kernel drop further SYNs, so a connect stays pending.
 * Queue fillers are added until one of them stays pending itself; then the
 * port's connect must end with AIGW_E_TIMEOUT_CONNECT, not before the deadline.
 */
static void connect_timeout_full_backlog(void)
{
    uint16_t port = 0;
    int lfd = listen_on(AF_INET, 0, &port), fillers[16], nf = 0, pending = 0;
    aigw_posix_t s;
    aigw_port_t pt;
    aigw_ms_t t0, dl;
    aigw_err_t e;
    struct sockaddr_in a;
    EXPECT(lfd >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
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
    EXPECTF(pending, "could not fill the accept queue with %d connects", nf);
    aigw_posix_init(&s, &pt);
    t0 = pt.now(pt.ctx);
    dl = t0 + 400;
    e = pt.connect(pt.ctx, "127.0.0.1", port, dl);
    EXPECTF(e == AIGW_E_TIMEOUT_CONNECT, "got %s after %llu ms", aigw_strerror(e),
            (unsigned long long)(pt.now(pt.ctx) - t0));
    EXPECT(pt.now(pt.ctx) >= dl); /* it waited for the deadline, no less */
    EXPECT(s.fd == -1);
    while (nf > 0)
        close(fillers[--nf]);
    close(lfd);
}

/* Connected pair: port side in pt/s, peer in *peer. */
static int pair(aigw_posix_t *s, aigw_port_t *pt, int *peer, int *lfd)
{
    uint16_t port = 0;
    *lfd = listen_on(AF_INET, 4, &port);
    if (*lfd < 0)
        return -1;
    aigw_posix_init(s, pt);
    if (pt->connect(pt->ctx, "127.0.0.1", port, pt->now(pt->ctx) + 2000) != AIGW_OK)
        return -1;
    *peer = accept_bounded(*lfd);
    return *peer >= 0 ? 0 : -1;
}

static void recv_deadline_would_block(void)
{
    aigw_posix_t s;
    aigw_port_t pt;
    int peer = -1, lfd = -1;
    uint8_t buf[8];
    size_t n = 99;
    aigw_ms_t dl;
    aigw_err_t e;
    EXPECT(pair(&s, &pt, &peer, &lfd) == 0);
    dl = pt.now(pt.ctx) + 150;
    e = pt.recv(pt.ctx, buf, sizeof buf, &n, dl);
    EXPECTF(e == AIGW_E_WOULD_BLOCK, "got %s", aigw_strerror(e));
    EXPECT(n == 0);
    EXPECT(pt.now(pt.ctx) >= dl);
    /* A deadline already in the past still returns data that is there. */
    EXPECT(write(peer, "x", 1) == 1);
    nap_ms(50);
    e = pt.recv(pt.ctx, buf, sizeof buf, &n, 0);
    EXPECTF(e == AIGW_OK && n == 1 && buf[0] == 'x', "got %s n=%zu", aigw_strerror(e), n);
    pt.close(pt.ctx);
    close(peer);
    close(lfd);
}

/* Data, then orderly end, then error: three different answers. */
static void data_then_eof(void)
{
    aigw_posix_t s;
    aigw_port_t pt;
    int peer = -1, lfd = -1;
    uint8_t buf[8];
    size_t n = 0;
    aigw_err_t e;
    EXPECT(pair(&s, &pt, &peer, &lfd) == 0);
    EXPECT(write(peer, "abc", 3) == 3);
    close(peer);
    EXPECT(port_read_all(&pt, buf, 3) == AIGW_OK && memcmp(buf, "abc", 3) == 0);
    e = pt.recv(pt.ctx, buf, sizeof buf, &n, pt.now(pt.ctx) + 1000);
    EXPECTF(e == AIGW_E_EOF, "got %s", aigw_strerror(e));
    EXPECT(n == 0);
    e = pt.recv(pt.ctx, buf, sizeof buf, &n, pt.now(pt.ctx) + 1000);
    EXPECTF(e == AIGW_E_EOF, "again: got %s", aigw_strerror(e));
    pt.close(pt.ctx);
    close(lfd);
}

/* The peer aborts (RST via SO_LINGER 0): recv says AIGW_E_RECV, not EOF; send
 * after that says AIGW_E_SEND and raises no SIGPIPE (default action would kill us). */
static void peer_reset(void)
{
    aigw_posix_t s;
    aigw_port_t pt;
    int peer = -1, lfd = -1;
    uint8_t buf[8];
    size_t n = 0;
    aigw_err_t e;
    int i;
    EXPECT(pair(&s, &pt, &peer, &lfd) == 0);
    EXPECT(close_with_reset(peer) == 0);
    nap_ms(50);
    e = pt.recv(pt.ctx, buf, sizeof buf, &n, pt.now(pt.ctx) + 1000);
    EXPECTF(e == AIGW_E_RECV, "got %s", aigw_strerror(e));
    EXPECTF(s.last_errno == ECONNRESET, "errno %d", s.last_errno);
    e = AIGW_OK;
    for (i = 0; i < 5 && e == AIGW_OK; i++)
        e = pt.send(pt.ctx, (const uint8_t *)"zz", 2, &n, pt.now(pt.ctx) + 500);
    EXPECTF(e == AIGW_E_SEND, "got %s", aigw_strerror(e));
    pt.close(pt.ctx);
    close(lfd);
}

/* pending(): nothing, then arrived bytes counted but left in place, then the
 * peer's FIN as EOF (idle and empty), a reset as AIGW_E_RECV. */
static void pending_data_eof_reset(void)
{
    aigw_posix_t s;
    aigw_port_t pt;
    int peer = -1, lfd = -1;
    uint8_t buf[8];
    size_t n = 99;
    aigw_err_t e;
    EXPECT(pair(&s, &pt, &peer, &lfd) == 0);
    EXPECT(pt.pending != NULL);
    e = pt.pending(pt.ctx, &n);
    EXPECTF(e == AIGW_OK && n == 0, "idle: %s n=%zu", aigw_strerror(e), n);
    EXPECT(write(peer, "ab", 2) == 2);
    nap_ms(50);
    e = pt.pending(pt.ctx, &n);
    EXPECTF(e == AIGW_OK && n > 0, "data: %s n=%zu", aigw_strerror(e), n);
    e = pt.pending(pt.ctx, &n); /* asking again takes nothing */
    EXPECTF(e == AIGW_OK && n > 0, "data again: %s n=%zu", aigw_strerror(e), n);
    EXPECT(port_read_all(&pt, buf, 2) == AIGW_OK && memcmp(buf, "ab", 2) == 0);
    close(peer);
    nap_ms(50);
    e = pt.pending(pt.ctx, &n);
    EXPECTF(e == AIGW_E_EOF && n == 0, "after FIN: %s n=%zu", aigw_strerror(e), n);
    pt.close(pt.ctx);
    e = pt.pending(pt.ctx, &n);
    EXPECTF(e == AIGW_E_PORT, "closed: %s", aigw_strerror(e));
    close(lfd);

    EXPECT(pair(&s, &pt, &peer, &lfd) == 0);
    EXPECT(close_with_reset(peer) == 0);
    nap_ms(50);
    e = pt.pending(pt.ctx, &n);
    EXPECTF(e == AIGW_E_RECV && s.last_errno == ECONNRESET, "after RST: %s errno %d", aigw_strerror(e),
            s.last_errno);
    pt.close(pt.ctx);
    close(lfd);
}

/* The peer never reads: send fills the socket buffers, then returns WOULD_BLOCK at the deadline. */
static void send_deadline_would_block(void)
{
    aigw_posix_t s;
    aigw_port_t pt;
    int peer = -1, lfd = -1, rounds = 0;
    static uint8_t chunk[65536];
    size_t n = 0, total = 0;
    aigw_err_t e = AIGW_OK;
    EXPECT(pair(&s, &pt, &peer, &lfd) == 0);
    while (e == AIGW_OK && rounds++ < 2000) {
        e = pt.send(pt.ctx, chunk, sizeof chunk, &n, pt.now(pt.ctx) + 100);
        if (e == AIGW_OK)
            total += n;
    }
    EXPECTF(e == AIGW_E_WOULD_BLOCK, "got %s after %zu bytes", aigw_strerror(e), total);
    EXPECT(n == 0);
    EXPECT(total > 0);
    pt.close(pt.ctx);
    close(peer);
    close(lfd);
}

static void misuse_is_typed(void)
{
    aigw_posix_t s;
    aigw_port_t pt;
    uint8_t b[4];
    size_t n = 7;
    EXPECT(aigw_posix_init(NULL, &pt) == AIGW_E_ARG);
    EXPECT(aigw_posix_init(&s, NULL) == AIGW_E_ARG);
    EXPECT(aigw_posix_init(&s, &pt) == AIGW_OK);
    EXPECT(pt.recv(pt.ctx, b, sizeof b, &n, 0) == AIGW_E_PORT && n == 0);
    EXPECT(pt.send(pt.ctx, b, sizeof b, &n, 0) == AIGW_E_PORT && n == 0);
    EXPECT(pt.recv(pt.ctx, b, sizeof b, NULL, 0) == AIGW_E_ARG);
    EXPECT(pt.connect(pt.ctx, "", 80, 0) == AIGW_E_ARG);
    EXPECT(pt.connect(pt.ctx, "127.0.0.1", 0, 0) == AIGW_E_ARG);
    pt.close(pt.ctx);
    pt.close(pt.ctx); /* twice: harmless */
}

static void clock_and_sleep(void)
{
    aigw_posix_t s;
    aigw_port_t pt;
    aigw_ms_t t0;
    aigw_posix_init(&s, &pt);
    t0 = pt.now(pt.ctx);
    pt.sleep(pt.ctx, 60);
    EXPECT(pt.now(pt.ctx) - t0 >= 60);
    EXPECT(aigw_posix_wall_clock(NULL) > 1704067200);
}

static void entropy_fills(void)
{
    unsigned char a[64], b[64];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    EXPECT(aigw_posix_entropy(NULL, a, sizeof a) == 0);
    EXPECT(aigw_posix_entropy(NULL, b, sizeof b) == 0);
    EXPECT(memcmp(a, b, sizeof a) != 0);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        g_dual = argv[1];
    RUN(connect_ipv4_loopback);
    RUN(connect_ipv6_loopback);
    RUN(connect_by_name_localhost);
    RUN(connect_refused);
    RUN(dns_failure);
    RUN(tries_each_address_in_turn);
    RUN(connect_timeout_full_backlog);
    RUN(recv_deadline_would_block);
    RUN(data_then_eof);
    RUN(peer_reset);
    RUN(pending_data_eof_reset);
    RUN(send_deadline_would_block);
    RUN(misuse_is_typed);
    RUN(clock_and_sleep);
    RUN(entropy_fills);
    return AIGW_TEST_EXIT();
}
