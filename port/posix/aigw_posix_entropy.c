/* SPDX-License-Identifier: MIT */
/*
 * Host helpers for the TLS port: OS randomness (seeds mbedTLS's CTR_DRBG)
 * and the wall clock (certificate validity).
 */
#define _POSIX_C_SOURCE 200809L

#include "aigw/aigw_posix.h"

#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#if defined(__linux__)
#include <sys/random.h>
#endif

/* Reads exactly len bytes from /dev/urandom; 0 on success. */
static int urandom_read(unsigned char *buf, size_t len)
{
    size_t got = 0;
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd < 0)
        return -1;
    while (got < len) {
        ssize_t r = read(fd, buf + got, len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            (void)close(fd);
            return -1;
        }
        got += (size_t)r;
    }
    (void)close(fd);
    return 0;
}

int aigw_posix_entropy(void *ctx, unsigned char *buf, size_t len)
{
    (void)ctx;
    if (buf == NULL && len != 0)
        return -1;
#if defined(__linux__)
    {
        size_t got = 0;
        while (got < len) {
            /* Blocks only until the kernel pool is initialised once after boot:
             * that is the point, a DRBG seeded before then is predictable. */
            ssize_t r = getrandom(buf + got, len - got, 0);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0 && errno == ENOSYS)
                return urandom_read(buf + got, len - got); /* kernel older than 3.17 */
            if (r <= 0)
                return -1;
            got += (size_t)r;
        }
        return 0;
    }
#else
    return urandom_read(buf, len);
#endif
}

int64_t aigw_posix_wall_clock(void *ctx)
{
    (void)ctx;
    return (int64_t)time(NULL);
}
