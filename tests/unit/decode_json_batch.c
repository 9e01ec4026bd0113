/* SPDX-License-Identifier: MIT */
/*
 * Batch front end of aigw_json_parse() for the differential test
 * (tests/decode/json_differential.py): reads records from stdin, each a
 * 4-byte little-endian length and that many bytes, and prints one line per
 * record: "OK <tokens>" or "ERR <aigw_err_t>".
 */
#include <stdio.h>
#include <stdlib.h>

#include "aigw/aigw_decode.h"

int main(void)
{
    static char buf[1 << 20];
    static aigw_tok_t tok[(1 << 20) + 1];
    unsigned char hdr[4];
    while (fread(hdr, 1, 4, stdin) == 4) {
        size_t n = (size_t)hdr[0] | (size_t)hdr[1] << 8 | (size_t)hdr[2] << 16 | (size_t)hdr[3] << 24;
        aigw_json_t js;
        aigw_diag_t d;
        aigw_err_t e;
        if (n > sizeof buf || fread(buf, 1, n, stdin) != n) return 2;
        e = aigw_json_parse(&js, buf, n, tok, n + 1, &d);
        if (e) printf("ERR %d\n", (int)e);
        else printf("OK %d\n", js.ntok);
    }
    return 0;
}
