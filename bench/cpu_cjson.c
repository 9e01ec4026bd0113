/* SPDX-License-Identifier: MIT */
/*
 * CPU driver for callgrind (make bench): the same work as cpu_aigw.c done
 * with cJSON (Debian's libcjson), the usual choice in C on Linux.
 *
 *   cpu_cjson encode N       build the full example with cJSON_Create*() and
 *                            print it unformatted, free both, N times
 *   cpu_cjson decode N FILE  cJSON_Parse the API page's example response and
 *                            read every field of the result, N times
 *
 * Each repetition is one call of bench_once() (callgrind --toggle-collect).
 * The encoded body is printed on stderr: the harness checks it is byte for
 * byte the one aigw writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cjson_work.h"

static int mode; /* 0 encode, 1 decode */
static char text[65536];
static cj_gateway_t gw;
static char out_copy[4096];
static size_t out_len;

__attribute__((noinline)) int bench_once(void);
__attribute__((noinline)) int bench_once(void)
{
    char *s;
    if (mode) return cj_decode(text, &gw, out_copy, sizeof out_copy);
    s = cj_encode();
    if (!s) return 1;
    out_len = strlen(s);
    if (out_len < sizeof out_copy) memcpy(out_copy, s, out_len + 1);
    cJSON_free(s);
    return 0;
}

int main(int argc, char **argv)
{
    long n, i;
    int (*volatile once)(void) = bench_once;
    if (argc < 3) { fprintf(stderr, "usage: cpu_cjson encode|decode N [FILE]\n"); return 2; }
    if (!strcmp(argv[1], "encode")) mode = 0;
    else if (!strcmp(argv[1], "decode")) mode = 1;
    else { fprintf(stderr, "cpu_cjson: unknown mode %s\n", argv[1]); return 2; }
    n = atol(argv[2]);
    if (mode) {
        size_t len;
        FILE *f = argc > 3 ? fopen(argv[3], "rb") : NULL;
        if (!f) { fprintf(stderr, "cpu_cjson: decode needs a readable FILE\n"); return 2; }
        len = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        text[len] = 0;
    }
    for (i = 0; i < n; i++)
        if (once()) { fprintf(stderr, "cpu_cjson: %s failed\n", argv[1]); return 1; }
    if (mode)
        printf("ok decode id=%s otel=%d\n", n ? out_copy : "", gw.notel);
    else
        printf("ok encode len=%zu\n", out_len);
    if (n > 0 && !mode) fwrite(out_copy, 1, out_len, stderr);
    return 0;
}
