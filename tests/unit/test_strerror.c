/* SPDX-License-Identifier: MIT */
/*
 * aigw_strerror(): one distinct, non-empty string per code, in both builds
 * of core/error.c: sentences (AIGW_ERROR_TEXT 1, the default) and bare code
 * names (AIGW_ERROR_TEXT 0). Built and run twice by tests/suites/06-build.sh.
 */
#include <string.h>

#include "aigw/aigw_error.h"
#include "aigw_test.h"

static void every_code_distinct(void)
{
    int i, j;
    for (i = 0; i < (int)AIGW_E__COUNT; i++) {
        const char *a = aigw_strerror((aigw_err_t)i);
        EXPECTF(a && a[0] != '\0', "code %d has no text", i);
        if (!a)
            continue;
        EXPECTF(strcmp(a, "unknown error") != 0, "code %d is 'unknown error'", i);
        for (j = 0; j < i; j++)
            EXPECTF(strcmp(a, aigw_strerror((aigw_err_t)j)) != 0, "codes %d and %d share '%s'", i, j, a);
    }
}

static void out_of_range(void)
{
    EXPECT(strcmp(aigw_strerror(AIGW_E__COUNT), "unknown error") == 0);
    EXPECT(strcmp(aigw_strerror((aigw_err_t)((int)AIGW_E__COUNT + 7)), "unknown error") == 0);
    EXPECT(strcmp(aigw_strerror((aigw_err_t)-1), "unknown error") == 0);
}

static void known_texts(void)
{
    EXPECT(strcmp(aigw_strerror(AIGW_OK), "ok") == 0);
#if AIGW_ERROR_TEXT
    EXPECT(strcmp(aigw_strerror(AIGW_E_ARG), "NULL pointer or impossible argument") == 0);
    EXPECT(strcmp(aigw_strerror(AIGW_E_EOF), "orderly end of stream (peer closed) where more was needed") == 0);
    EXPECT(strcmp(aigw_strerror(AIGW_E_TLS_UNTRUSTED), "server chain does not lead to a trusted CA") == 0);
    EXPECT(strcmp(aigw_strerror(AIGW_E_TLS), "other TLS record-layer failure") == 0);
#else
    EXPECT(strcmp(aigw_strerror(AIGW_E_ARG), "ARG") == 0);
    EXPECT(strcmp(aigw_strerror(AIGW_E_EOF), "EOF") == 0);
    EXPECT(strcmp(aigw_strerror(AIGW_E_TLS_UNTRUSTED), "TLS_UNTRUSTED") == 0);
    EXPECT(strcmp(aigw_strerror(AIGW_E_TLS), "TLS") == 0);
#endif
}

int main(void)
{
    RUN(every_code_distinct);
    RUN(out_of_range);
    RUN(known_texts);
    return AIGW_TEST_EXIT();
}
