/* SPDX-License-Identifier: MIT */
/*
 * POSIX stream port: getaddrinfo + non-blocking connect, poll-based send and
 * recv with absolute deadlines, a zero-timeout poll + MSG_PEEK for pending(),
 * CLOCK_MONOTONIC, nanosleep.
 *
 * Port code may call the OS, but it allocates nothing itself. The one heap
 * use is inside libc: getaddrinfo() allocates its result list, which is
 * released with freeaddrinfo() before connect() returns, on every path.
 */
#define _POSIX_C_SOURCE 200809L

#include "aigw/aigw_posix.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* Linux has MSG_NOSIGNAL; macOS has SO_NOSIGPIPE instead. */
#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

aigw_ms_t aigw_posix_now_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0; /* cannot happen with CLOCK_MONOTONIC on a POSIX system */
    return (aigw_ms_t)ts.tv_sec * 1000u + (aigw_ms_t)ts.tv_nsec / 1000000u;
}

/* Milliseconds left until deadline, clamped to what poll() accepts; 0 when passed. */
static int ms_left(aigw_ms_t deadline)
{
    aigw_ms_t now = aigw_posix_now_ms();
    if (now >= deadline)
        return 0;
    if (deadline - now > (aigw_ms_t)INT_MAX)
        return INT_MAX;
    return (int)(deadline - now);
}

/*
 * Wait until fd is ready for events or the deadline passes. Returns 1 when
 * ready (including POLLERR/POLLHUP: the next call on the socket reports what
 * happened), 0 when the deadline passed, -1 on a poll error (errno set).
 */
static int wait_fd(int fd, short events, aigw_ms_t deadline)
{
    for (;;) {
        struct pollfd p;
        int left = ms_left(deadline);
        int r;
        if (left == 0)
            return 0;
        p.fd = fd;
        p.events = events;
        p.revents = 0;
        r = poll(&p, 1, left);
        if (r > 0)
            return 1;
        if (r == 0)
            continue; /* poll woke early or rounding: ms_left decides */
        if (errno == EINTR)
            continue;
        return -1;
    }
}

static void posix_close(void *vctx)
{
    aigw_posix_t *ctx = (aigw_posix_t *)vctx;
    if (ctx == NULL || ctx->fd < 0)
        return;
    /* No retry on EINTR: on Linux the descriptor is released anyway, and a
     * retry could close a descriptor another thread has just been given. */
    (void)close(ctx->fd);
    ctx->fd = -1;
    ctx->family = 0;
}

static int set_nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    fl = fcntl(fd, F_GETFD);
    if (fl < 0 || fcntl(fd, F_SETFD, fl | FD_CLOEXEC) < 0)
        return -1;
    return 0;
}

/*
 * One non-blocking connect to one address, bounded by deadline.
 * Returns the connected socket, or -1 with *timed_out set when the deadline
 * passed and ctx->last_errno set otherwise.
 */
static int connect_one(aigw_posix_t *ctx, const struct addrinfo *ai, aigw_ms_t deadline,
                       int *timed_out)
{
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    int err = 0;
    socklen_t elen = (socklen_t)sizeof err;
    *timed_out = 0;
    if (fd < 0) {
        ctx->last_errno = errno;
        return -1;
    }
    if (set_nonblocking(fd) != 0)
        goto fail_errno;
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        int w;
        /* EINTR: the connect goes on asynchronously, exactly like EINPROGRESS. */
        if (errno != EINPROGRESS && errno != EINTR)
            goto fail_errno;
        w = wait_fd(fd, POLLOUT, deadline);
        if (w == 0) {
            *timed_out = 1;
            ctx->last_errno = ETIMEDOUT;
            (void)close(fd);
            return -1;
        }
        if (w < 0)
            goto fail_errno;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0)
            goto fail_errno;
        if (err != 0) {
            ctx->last_errno = err;
            (void)close(fd);
            return -1;
        }
    }
    return fd;
fail_errno:
    ctx->last_errno = errno;
    (void)close(fd);
    return -1;
}

/* Decimal port number for getaddrinfo's service argument (no stdio in the port). */
static void port_str(uint16_t port, char out[6])
{
    char tmp[6];
    size_t n = 0, i;
    do {
        tmp[n++] = (char)('0' + port % 10u);
        port = (uint16_t)(port / 10u);
    } while (port != 0);
    for (i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

static aigw_err_t posix_connect(void *vctx, const char *host, uint16_t port, aigw_ms_t deadline)
{
    aigw_posix_t *ctx = (aigw_posix_t *)vctx;
    struct addrinfo hints, *res = NULL, *ai;
    char service[6];
    size_t count = 0, tried = 0;
    int rc, one = 1;
    aigw_err_t result = AIGW_E_CONNECT;

    if (ctx == NULL || host == NULL || host[0] == '\0' || port == 0)
        return AIGW_E_ARG;
    posix_close(ctx);
    ctx->last_errno = 0;
    ctx->last_gai = 0;

    memset(&hints, 0, sizeof hints);
    /* AF_UNSPEC without AI_ADDRCONFIG: AI_ADDRCONFIG hides ::1 on hosts whose
     * only IPv6 address is loopback; an unreachable family fails fast instead. */
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    port_str(port, service);
    rc = getaddrinfo(host, service, &hints, &res); /* allocates inside libc: freed below */
    if (rc != 0) {
        ctx->last_gai = rc;
        if (rc == EAI_SYSTEM)
            ctx->last_errno = errno;
        return AIGW_E_DNS;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next)
        count++;

    for (ai = res; ai != NULL; ai = ai->ai_next, tried++) {
        aigw_ms_t now = aigw_posix_now_ms();
        aigw_ms_t slice_end;
        int fd, timed_out;
        if (now >= deadline) {
            result = AIGW_E_TIMEOUT_CONNECT;
            break;
        }
        /* An equal share of the time left for each remaining address. */
        slice_end = now + (deadline - now) / (aigw_ms_t)(count - tried);
        fd = connect_one(ctx, ai, slice_end, &timed_out);
        if (fd < 0) {
            if (timed_out && aigw_posix_now_ms() >= deadline)
                result = AIGW_E_TIMEOUT_CONNECT;
            continue;
        }
        (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, (socklen_t)sizeof one);
#ifdef SO_NOSIGPIPE
        (void)setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, (socklen_t)sizeof one);
#endif
        ctx->fd = fd;
        ctx->family = ai->ai_family;
        ctx->last_errno = 0;
        result = AIGW_OK;
        break;
    }
    freeaddrinfo(res);
    if (result != AIGW_OK && aigw_posix_now_ms() >= deadline)
        result = AIGW_E_TIMEOUT_CONNECT;
    return result;
}

static int is_would_block(int e)
{
    return e == EAGAIN || e == EWOULDBLOCK;
}

static aigw_err_t posix_send(void *vctx, const uint8_t *buf, size_t len, size_t *n,
                             aigw_ms_t deadline)
{
    aigw_posix_t *ctx = (aigw_posix_t *)vctx;
    if (n == NULL)
        return AIGW_E_ARG;
    *n = 0;
    if (ctx == NULL || buf == NULL || len == 0)
        return AIGW_E_ARG;
    if (ctx->fd < 0)
        return AIGW_E_PORT;
    for (;;) {
        ssize_t r = send(ctx->fd, buf, len, MSG_NOSIGNAL);
        int w;
        if (r > 0) {
            *n = (size_t)r;
            return AIGW_OK;
        }
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0 || !is_would_block(errno)) {
            ctx->last_errno = r == 0 ? EPIPE : errno;
            return AIGW_E_SEND;
        }
        w = wait_fd(ctx->fd, POLLOUT, deadline);
        if (w == 0)
            return AIGW_E_WOULD_BLOCK;
        if (w < 0) {
            ctx->last_errno = errno;
            return AIGW_E_SEND;
        }
    }
}

static aigw_err_t posix_recv(void *vctx, uint8_t *buf, size_t cap, size_t *n, aigw_ms_t deadline)
{
    aigw_posix_t *ctx = (aigw_posix_t *)vctx;
    if (n == NULL)
        return AIGW_E_ARG;
    *n = 0;
    if (ctx == NULL || buf == NULL || cap == 0)
        return AIGW_E_ARG;
    if (ctx->fd < 0)
        return AIGW_E_PORT;
    for (;;) {
        ssize_t r = recv(ctx->fd, buf, cap, 0);
        int w;
        if (r > 0) {
            *n = (size_t)r;
            return AIGW_OK;
        }
        if (r == 0)
            return AIGW_E_EOF;
        if (errno == EINTR)
            continue;
        if (!is_would_block(errno)) {
            ctx->last_errno = errno;
            return AIGW_E_RECV;
        }
        w = wait_fd(ctx->fd, POLLIN, deadline);
        if (w == 0)
            return AIGW_E_WOULD_BLOCK;
        if (w < 0) {
            ctx->last_errno = errno;
            return AIGW_E_RECV;
        }
    }
}

/* Never waits: poll with a zero timeout, then a one-byte peek tells data from
 * an orderly end (FIN) or a reset, all without taking anything off the socket. */
static aigw_err_t posix_pending(void *vctx, size_t *n)
{
    aigw_posix_t *ctx = (aigw_posix_t *)vctx;
    struct pollfd p;
    uint8_t b;
    ssize_t r;
    if (n == NULL)
        return AIGW_E_ARG;
    *n = 0;
    if (ctx == NULL)
        return AIGW_E_ARG;
    if (ctx->fd < 0)
        return AIGW_E_PORT;
    p.fd = ctx->fd;
    p.events = POLLIN;
    p.revents = 0;
    while ((r = poll(&p, 1, 0)) < 0 && errno == EINTR) {
    }
    if (r < 0) {
        ctx->last_errno = errno;
        return AIGW_E_RECV;
    }
    if (r == 0)
        return AIGW_OK;
    while ((r = recv(ctx->fd, &b, 1, MSG_PEEK)) < 0 && errno == EINTR) {
    }
    if (r > 0) {
        *n = (size_t)r;
        return AIGW_OK;
    }
    if (r == 0)
        return AIGW_E_EOF;
    if (is_would_block(errno))
        return AIGW_OK; /* a spurious wake-up: nothing there after all */
    ctx->last_errno = errno;
    return AIGW_E_RECV;
}

static aigw_ms_t posix_now(void *vctx)
{
    (void)vctx;
    return aigw_posix_now_ms();
}

static void posix_sleep(void *vctx, uint32_t ms)
{
    struct timespec req, rem;
    (void)vctx;
    req.tv_sec = (time_t)(ms / 1000u);
    req.tv_nsec = (long)(ms % 1000u) * 1000000L;
    while (nanosleep(&req, &rem) != 0 && errno == EINTR)
        req = rem;
}

aigw_err_t aigw_posix_init(aigw_posix_t *ctx, aigw_port_t *port)
{
    if (ctx == NULL || port == NULL)
        return AIGW_E_ARG;
    ctx->fd = -1;
    ctx->last_errno = 0;
    ctx->last_gai = 0;
    ctx->family = 0;
    port->ctx = ctx;
    port->connect = posix_connect;
    port->send = posix_send;
    port->recv = posix_recv;
    port->close = posix_close;
    port->now = posix_now;
    port->sleep = posix_sleep;
    port->pending = posix_pending;
    return AIGW_OK;
}
