/* SPDX-License-Identifier: MIT */
/*
 * Minimal test harness shared by the unit tests. Plain C99 with printf only,
 * so the same tests run on the host and on an emulated Cortex-M3 through
 * semihosting. Each TEST prints "PASS name" or "FAIL name: file:line: expr";
 * tests/run.sh counts those lines.
 */
#ifndef AIGW_TEST_H
#define AIGW_TEST_H

#include <stdio.h>
#include <string.h>

static int aigw_t_failed_now;   /* failures in the running test */
static int aigw_t_pass, aigw_t_fail;

#define EXPECT(cond)                                                              \
    do {                                                                          \
        if (!(cond)) {                                                            \
            if (aigw_t_failed_now < 5)                                            \
                printf("  expect failed: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
            aigw_t_failed_now++;                                                  \
        }                                                                         \
    } while (0)

/* EXPECT with a printf-style note, shown on failure. */
#define EXPECTF(cond, ...)                                                        \
    do {                                                                          \
        if (!(cond)) {                                                            \
            if (aigw_t_failed_now < 5) {                                          \
                printf("  expect failed: %s:%d: %s: ", __FILE__, __LINE__, #cond); \
                printf(__VA_ARGS__);                                              \
                printf("\n");                                                     \
            }                                                                     \
            aigw_t_failed_now++;                                                  \
        }                                                                         \
    } while (0)

#define RUN(fn)                                                                   \
    do {                                                                          \
        aigw_t_failed_now = 0;                                                    \
        fn();                                                                     \
        if (aigw_t_failed_now) {                                                  \
            printf("FAIL %s: %d expectation(s) failed\n", #fn, aigw_t_failed_now); \
            aigw_t_fail++;                                                        \
        } else {                                                                  \
            printf("PASS %s\n", #fn);                                             \
            aigw_t_pass++;                                                        \
        }                                                                         \
    } while (0)

/* Exit status for main(): non-zero when anything failed or nothing ran. */
#define AIGW_TEST_EXIT() ((aigw_t_fail == 0 && aigw_t_pass > 0) ? 0 : 1)

#endif
