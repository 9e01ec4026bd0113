/* SPDX-License-Identifier: MIT */
/*
 * Host tool for tests/js/core_uri_vs_ajv.js: reads one hex-encoded string
 * per line on stdin and prints 1 or 0 per line, the verdict of aigw's
 * "format uri" check (core/uri_format.c) on those bytes.
 */
#include <stdio.h>
#include <string.h>

#include "uri_format.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int main(void)
{
    static char line[1 << 16];
    static char s[1 << 15];
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strcspn(line, "\r\n"), i, k = 0;
        for (i = 0; i + 1 < n && k < sizeof s; i += 2) {
            int hi = hexval(line[i]), lo = hexval(line[i + 1]);
            if (hi < 0 || lo < 0)
                return 2;
            s[k++] = (char)(hi * 16 + lo);
        }
        printf("%d\n", aigw_uri_format_ok(s, k));
    }
    return 0;
}
