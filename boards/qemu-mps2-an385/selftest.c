/* SPDX-License-Identifier: MIT */
/*
 * Board self-test, run under QEMU before anything else: the printf family
 * formats like C99 says, the SysTick clock advances at about 1 ms, the
 * semihosting wall clock is set, and the stack high-water mark is sensible.
 * Prints PASS/FAIL lines like the unit tests (same harness).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../tests/unit/aigw_test.h"
#include "board.h"
#include "semihost.h"

static char buf[64];

#define FMT_IS(expect, ...)                                                   \
    do {                                                                      \
        int n_ = snprintf(buf, sizeof buf, __VA_ARGS__);                      \
        EXPECTF(strcmp(buf, expect) == 0, "got \"%s\" want \"%s\"", buf, expect); \
        EXPECTF(n_ == (int)strlen(expect), "returned %d", n_);                \
    } while (0)

static void test_snprintf_integers(void)
{
    FMT_IS("42 -7 +3", "%d %i %+d", 42, -7, 3);
    FMT_IS("-2147483648", "%d", (int)INT32_MIN);
    FMT_IS("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
    FMT_IS("-9223372036854775808", "%lld", (long long)INT64_MIN);
    FMT_IS("ff FF 0xff 17", "%x %X %#x %o", 255u, 255u, 255u, 15u);
    FMT_IS("[  12][12  ][0012][-012]", "[%4d][%-4d][%04d][%04d]", 12, 12, 12, -12);
    FMT_IS("[ 005]", "[%4.3d]", 5);
    FMT_IS("123456", "%zu", (size_t)123456);
    FMT_IS("1", "%hhu", (unsigned)257);
}

static void test_snprintf_strings(void)
{
    FMT_IS("[abc][  ab][ab  ]", "[%s][%4.2s][%-4.2s]", "abc", "abc", "abc");
    FMT_IS("[x][%]", "[%c][%%]", 'x');
    FMT_IS("(null)", "%s", (const char *)NULL);
    FMT_IS("[hi]", "[%.*s]", 2, "hi there");
    FMT_IS("%f", "%f", 1.5); /* unsupported: shown, not dropped */
}

static void test_snprintf_truncation(void)
{
    char small[5];
    int n = snprintf(small, sizeof small, "%s", "abcdefgh");
    EXPECT(n == 8);
    EXPECT(strcmp(small, "abcd") == 0);
    EXPECT(snprintf(NULL, 0, "%d", 12345) == 5);
}

static void test_clock_advances(void)
{
    uint64_t t0 = board_ms();
    board_delay_ms(20);
    uint64_t t1 = board_ms();
    EXPECTF(t1 - t0 >= 20 && t1 - t0 < 1000, "delay 20 ms took %llu ms", (unsigned long long)(t1 - t0));
}

static void test_wall_clock_set(void)
{
    /* 2023-01-01 = 1672531200: the host clock must be at least that. */
    uint32_t now = semihost_time();
    EXPECTF(now > 1672531200u, "SYS_TIME returned %lu", (unsigned long)now);
}

static void test_stack_mark(void)
{
    size_t peak = board_stack_peak();
    EXPECTF(peak > 0 && peak < board_stack_size(), "peak %zu of %zu", peak, board_stack_size());
}

int main(void)
{
    RUN(test_snprintf_integers);
    RUN(test_snprintf_strings);
    RUN(test_snprintf_truncation);
    RUN(test_clock_advances);
    RUN(test_wall_clock_set);
    RUN(test_stack_mark);
    return AIGW_TEST_EXIT();
}
