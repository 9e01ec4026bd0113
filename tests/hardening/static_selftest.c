/* SPDX-License-Identifier: MIT */
/*
 * Deliberately wrong code: tools/static-analysis.sh runs each analyzer on this
 * file and requires a finding from each, so a tool that silently checks
 * nothing (missing, misconfigured, wrong flags) cannot pass. Never built.
 */
#include <stdlib.h>
#include <string.h>

int selftest_leak_and_null(int n)
{
    char *p = malloc(16);
    int *q = NULL;
    if (n > 3) return 1;              /* leaks p (gcc -fanalyzer, clang-analyzer) */
    memcpy(p, "0123456789abcdefXYZ", 19); /* writes past 16 bytes */
    free(p);
    return *q;                        /* NULL dereference (all three) */
}
