/* SPDX-License-Identifier: MIT */
/*
 * aigw stream port over lwIP's sockets API (NO_SYS=0). See
 * include/aigw/aigw_lwip_sockets.h for what the caller must set up.
 *
 * Shape: one non-blocking lwIP socket; every operation first tries the call,
 * and only when lwIP says "would block" waits in lwip_poll() for the time
 * left to the caller's absolute deadline. So data that is already there is
 * moved even when the deadline has passed, and a wait never outlives it.
 *
 * Only lwip_* socket calls are used: they take the TCPIP core lock (or post
 * to the tcpip thread) themselves, so no LOCK_TCPIP_CORE() is needed here.
 */
#include "aigw/aigw_lwip_sockets.h"

#include <string.h>

#include "lwip/opt.h"
#include "lwip/def.h"
#include "lwip/errno.h"
#include "lwip/sockets.h"
#include "lwip/sys.h"
#if LWIP_DNS
#include "lwip/netdb.h"
#endif

#if !LWIP_SOCKET || NO_SYS
#error "aigw_lwip_sockets needs lwIP with NO_SYS=0 and LWIP_SOCKET=1"
#endif
#if !LWIP_SOCKET_POLL
#error "aigw_lwip_sockets waits with lwip_poll(): set LWIP_SOCKET_POLL=1"
#endif

/* Largest single lwip_poll() wait; longer waits loop, so a far deadline
 * never overflows the int timeout. */
#define AIGW_LWIP_POLL_MAX_MS 60000u

/* A host or IPv6 literal longer than this cannot be a valid name anyway
 * (RFC 1035: 253 characters). */
#define AIGW_LWIP_HOST_MAX 253u

/* ---- clock --------------------------------------------------------------- */

static aigw_ms_t lw_clock(aigw_lwip_sockets_t *s)
{
    uint32_t t = (uint32_t)sys_now();
    /* sys_now() wraps every 2^32 ms; count the wraps so deadlines stay
     * ordered. A value below the last one can only mean a wrap. */
    if (t < s->clock_last) {
        s->clock_wraps++;
    }
    s->clock_last = t;
    return ((aigw_ms_t)s->clock_wraps << 32) | (aigw_ms_t)t;
}

static aigw_ms_t lw_now(void *ctx)
{
    return lw_clock((aigw_lwip_sockets_t *)ctx);
}

static void lw_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    sys_msleep(ms);
}

/* ---- waiting ------------------------------------------------------------- */

typedef enum { LW_READY, LW_DEADLINE, LW_POLL_FAILED } lw_wait_t;

/*
 * Waits until s->fd reports one of events (or an error/hangup, which the
 * following call then turns into its own error), or the deadline passes.
 * Always polls at least once, with a zero timeout when the deadline is
 * already behind us.
 */
static lw_wait_t lw_wait(aigw_lwip_sockets_t *s, short events, aigw_ms_t deadline)
{
    for (;;) {
        aigw_ms_t now = lw_clock(s);
        aigw_ms_t left = deadline > now ? deadline - now : 0;
        struct pollfd pfd;
        int r;

        if (left > AIGW_LWIP_POLL_MAX_MS) {
            left = AIGW_LWIP_POLL_MAX_MS;
        }
        memset(&pfd, 0, sizeof pfd);
        pfd.fd = s->fd;
        pfd.events = events;
        r = lwip_poll(&pfd, 1, (int)left);
        if (r < 0) {
            s->last_errno = errno;
            return LW_POLL_FAILED;
        }
        if (r > 0 && pfd.revents != 0) {
            if ((pfd.revents & POLLNVAL) != 0) {
                s->last_errno = EBADF;
                return LW_POLL_FAILED;
            }
            return LW_READY;
        }
        /* lwip_poll may wake a little early (its timer granularity); only
         * the clock says whether the deadline really passed. */
        if (lw_clock(s) >= deadline) {
            return LW_DEADLINE;
        }
    }
}

static int lw_errno_would_block(int e)
{
    return e == EWOULDBLOCK || e == EAGAIN || e == EINTR;
}

/* ---- connect ------------------------------------------------------------- */

/* Storage for either address family, so the rest of connect is family-blind. */
typedef union {
    struct sockaddr sa;
#if LWIP_IPV4
    struct sockaddr_in in4;
#endif
#if LWIP_IPV6
    struct sockaddr_in6 in6;
#endif
} lw_addr_t;

/* Fills *addr from an IP literal. Returns the address length, 0 if host is
 * not a literal of a family this lwIP build has. */
static socklen_t lw_parse_literal(const char *host, uint16_t port, lw_addr_t *addr)
{
    memset(addr, 0, sizeof *addr);
#if LWIP_IPV4
    if (lwip_inet_pton(AF_INET, host, &addr->in4.sin_addr) == 1) {
        addr->in4.sin_family = AF_INET;
        addr->in4.sin_port = lwip_htons(port);
        return (socklen_t)sizeof addr->in4;
    }
#endif
#if LWIP_IPV6
    memset(addr, 0, sizeof *addr);
    if (lwip_inet_pton(AF_INET6, host, &addr->in6.sin6_addr) == 1) {
        addr->in6.sin6_family = AF_INET6;
        addr->in6.sin6_port = lwip_htons(port);
        return (socklen_t)sizeof addr->in6;
    }
#endif
    (void)port;
    return 0;
}

/* ASCII-only case folding: host names are ASCII (IDNs travel as punycode),
 * and <ctype.h> would follow the locale. */
static int lw_name_equal(const char *a, const char *b)
{
    for (;; a++, b++) {
        char ca = *a, cb = *b;
        if (ca >= 'A' && ca <= 'Z') {
            ca = (char)(ca - 'A' + 'a');
        }
        if (cb >= 'A' && cb <= 'Z') {
            cb = (char)(cb - 'A' + 'a');
        }
        if (ca != cb) {
            return 0;
        }
        if (ca == '\0') {
            return 1;
        }
    }
}

/* Looks host up in the caller's table; the entry's address must itself be a
 * literal (a table entry is never resolved further). */
static socklen_t lw_lookup_table(const aigw_lwip_sockets_t *s, const char *host, uint16_t port,
                                 lw_addr_t *addr)
{
    size_t i;
    for (i = 0; s->hosts != NULL && i < s->host_count; i++) {
        const aigw_lwip_host_t *h = &s->hosts[i];
        if (h->name != NULL && h->address != NULL && lw_name_equal(h->name, host)) {
            return lw_parse_literal(h->address, port, addr);
        }
    }
    return 0;
}

#if LWIP_DNS
/* Resolves a name through lwIP's DNS client. Blocking: lwIP's DNS has its
 * own retry timeouts and no way to pass a deadline. */
static socklen_t lw_resolve(const char *host, uint16_t port, lw_addr_t *addr)
{
    struct addrinfo hints;
    struct addrinfo *res = NULL;
    socklen_t len = 0;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (lwip_getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL) {
        return 0;
    }
    if (res->ai_addr != NULL && res->ai_addrlen <= (socklen_t)sizeof *addr) {
        memset(addr, 0, sizeof *addr);
        memcpy(addr, res->ai_addr, res->ai_addrlen);
        len = res->ai_addrlen;
#if LWIP_IPV4
        if (addr->sa.sa_family == AF_INET) {
            addr->in4.sin_port = lwip_htons(port);
        }
#endif
#if LWIP_IPV6
        if (addr->sa.sa_family == AF_INET6) {
            addr->in6.sin6_port = lwip_htons(port);
        }
#endif
    }
    lwip_freeaddrinfo(res);
    return len;
}
#endif

/* 1..AIGW_LWIP_HOST_MAX characters; never reads past the terminator. */
static int lw_host_length_ok(const char *host)
{
    size_t i;
    for (i = 0; i <= AIGW_LWIP_HOST_MAX; i++) {
        if (host[i] == '\0') {
            return i > 0;
        }
    }
    return 0;
}

static void lw_close(void *ctx)
{
    aigw_lwip_sockets_t *s = (aigw_lwip_sockets_t *)ctx;
    if (s != NULL && s->fd >= 0) {
        (void)lwip_close(s->fd);
        s->fd = -1;
    }
}

/* Closes the half-made socket and passes err through. */
static aigw_err_t lw_connect_fail(aigw_lwip_sockets_t *s, int e, aigw_err_t err)
{
    s->last_errno = e;
    lw_close(s);
    return err;
}

static aigw_err_t lw_connect(void *ctx, const char *host, uint16_t port, aigw_ms_t deadline)
{
    aigw_lwip_sockets_t *s = (aigw_lwip_sockets_t *)ctx;
    lw_addr_t addr;
    socklen_t alen;
    int one = 1;
    int so_err = 0;
    socklen_t so_len = (socklen_t)sizeof so_err;

    if (s == NULL || host == NULL || port == 0) {
        return AIGW_E_ARG;
    }
    if (s->fd >= 0) {
        return AIGW_E_PORT; /* already connected: close first */
    }
    if (!lw_host_length_ok(host)) {
        return AIGW_E_DNS;
    }
    s->last_errno = 0;

    alen = lw_parse_literal(host, port, &addr);
    if (alen == 0) {
        alen = lw_lookup_table(s, host, port, &addr);
    }
#if LWIP_DNS
    if (alen == 0) {
        alen = lw_resolve(host, port, &addr);
    }
#endif
    if (alen == 0) {
        return AIGW_E_DNS;
    }

    s->fd = lwip_socket(addr.sa.sa_family, SOCK_STREAM, IPPROTO_TCP);
    if (s->fd < 0) {
        s->last_errno = errno;
        s->fd = -1;
        return AIGW_E_CONNECT;
    }
    /* Requests are small and written in a few pieces (head, body, TLS
     * records): without NODELAY, Nagle would hold the tail back for an ACK. */
    if (lwip_setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, (socklen_t)sizeof one) != 0) {
        return lw_connect_fail(s, errno, AIGW_E_CONNECT);
    }
    if (lwip_fcntl(s->fd, F_SETFL, O_NONBLOCK) != 0) {
        return lw_connect_fail(s, errno, AIGW_E_CONNECT);
    }

    if (lwip_connect(s->fd, &addr.sa, alen) == 0) {
        return AIGW_OK;
    }
    if (errno != EINPROGRESS && errno != EWOULDBLOCK && errno != EAGAIN) {
        return lw_connect_fail(s, errno, AIGW_E_CONNECT);
    }

    switch (lw_wait(s, POLLOUT, deadline)) {
    case LW_READY:
        break;
    case LW_DEADLINE:
        return lw_connect_fail(s, ETIMEDOUT, AIGW_E_TIMEOUT_CONNECT);
    default:
        return lw_connect_fail(s, s->last_errno, AIGW_E_CONNECT);
    }
    /* Writable (or failed): SO_ERROR tells which. lwIP reports a refused
     * connect (RST) as ECONNRESET here, an unreachable one as ECONNABORTED. */
    if (lwip_getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &so_err, &so_len) != 0) {
        return lw_connect_fail(s, errno, AIGW_E_CONNECT);
    }
    if (so_err != 0) {
        return lw_connect_fail(s, so_err, AIGW_E_CONNECT);
    }
    return AIGW_OK;
}

/* ---- send / recv ----------------------------------------------------------- */

static aigw_err_t lw_send(void *ctx, const uint8_t *buf, size_t len, size_t *n, aigw_ms_t deadline)
{
    aigw_lwip_sockets_t *s = (aigw_lwip_sockets_t *)ctx;

    if (n != NULL) {
        *n = 0;
    }
    if (s == NULL || buf == NULL || n == NULL || len == 0) {
        return AIGW_E_ARG;
    }
    if (s->fd < 0) {
        return AIGW_E_PORT;
    }
    for (;;) {
        ssize_t r = lwip_send(s->fd, buf, len, 0);
        if (r > 0) {
            *n = (size_t)r;
            return AIGW_OK;
        }
        if (r < 0 && !lw_errno_would_block(errno)) {
            s->last_errno = errno;
            return AIGW_E_SEND;
        }
        /* r == 0 is not something lwIP returns for len > 0; treat it as
         * "no room" and wait, so the deadline still bounds it. */
        switch (lw_wait(s, POLLOUT, deadline)) {
        case LW_READY:
            break;
        case LW_DEADLINE:
            return AIGW_E_WOULD_BLOCK;
        default:
            return AIGW_E_SEND;
        }
    }
}

static aigw_err_t lw_recv(void *ctx, uint8_t *buf, size_t cap, size_t *n, aigw_ms_t deadline)
{
    aigw_lwip_sockets_t *s = (aigw_lwip_sockets_t *)ctx;

    if (n != NULL) {
        *n = 0;
    }
    if (s == NULL || buf == NULL || n == NULL || cap == 0) {
        return AIGW_E_ARG;
    }
    if (s->fd < 0) {
        return AIGW_E_PORT;
    }
    for (;;) {
        ssize_t r = lwip_recv(s->fd, buf, cap, 0);
        if (r > 0) {
            *n = (size_t)r;
            return AIGW_OK;
        }
        if (r == 0) {
            /* lwIP returns 0 only for ERR_CLSD: the peer's FIN. A reset or
             * abort comes back as -1 with ECONNRESET/ECONNABORTED. */
            return AIGW_E_EOF;
        }
        if (!lw_errno_would_block(errno)) {
            s->last_errno = errno;
            return AIGW_E_RECV;
        }
        switch (lw_wait(s, POLLIN, deadline)) {
        case LW_READY:
            break;
        case LW_DEADLINE:
            return AIGW_E_WOULD_BLOCK;
        default:
            return AIGW_E_RECV;
        }
    }
}

/* Never waits (the socket is non-blocking): a one-byte MSG_PEEK tells data
 * from the peer's FIN or a reset without taking anything. */
static aigw_err_t lw_pending(void *ctx, size_t *n)
{
    aigw_lwip_sockets_t *s = (aigw_lwip_sockets_t *)ctx;
    uint8_t b;
    ssize_t r;

    if (n != NULL) {
        *n = 0;
    }
    if (s == NULL || n == NULL) {
        return AIGW_E_ARG;
    }
    if (s->fd < 0) {
        return AIGW_E_PORT;
    }
    r = lwip_recv(s->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
    if (r > 0) {
        *n = (size_t)r;
        return AIGW_OK;
    }
    if (r == 0) {
        return AIGW_E_EOF;
    }
    if (lw_errno_would_block(errno)) {
        return AIGW_OK;
    }
    s->last_errno = errno;
    return AIGW_E_RECV;
}

/* ---- public -------------------------------------------------------------- */

aigw_err_t aigw_lwip_sockets_set_hosts(aigw_lwip_sockets_t *s, const aigw_lwip_host_t *hosts,
                                       size_t count)
{
    if (s == NULL || (hosts == NULL && count > 0)) {
        return AIGW_E_ARG;
    }
    s->hosts = count > 0 ? hosts : NULL;
    s->host_count = count;
    return AIGW_OK;
}

aigw_err_t aigw_lwip_sockets_init(aigw_lwip_sockets_t *s, aigw_port_t *port)
{
    if (s == NULL || port == NULL) {
        return AIGW_E_ARG;
    }
    memset(s, 0, sizeof *s);
    s->fd = -1;
    memset(port, 0, sizeof *port);
    port->ctx = s;
    port->connect = lw_connect;
    port->send = lw_send;
    port->recv = lw_recv;
    port->close = lw_close;
    port->now = lw_now;
    port->sleep = lw_sleep;
    port->pending = lw_pending;
    return AIGW_OK;
}
