/* SPDX-License-Identifier: MIT */
/*
 * JSON string writer (RFC 8259 section 7). Quote, backslash and every
 * control character below 0x20 are escaped (short forms where JSON has
 * them); everything else, DEL and valid multi-byte UTF-8 included, passes
 * through unchanged in runs, so the common case is one sink write per
 * string. Invalid UTF-8 is refused: it has no faithful JSON spelling.
 */
#include "aigw/aigw_model.h"
#include <string.h>

#include "sink_reserve.h"
#include "utf8_seq.h"

static const char hex_digits[] = "0123456789abcdef";

/* Short escape letter for a control character, or 0 for the \u00XX form. */
static char short_escape(uint8_t c)
{
    switch (c) {
    case 0x08: return 'b';
    case 0x09: return 't';
    case 0x0A: return 'n';
    case 0x0C: return 'f';
    case 0x0D: return 'r';
    case '"': return '"';
    case '\\': return '\\';
    default: return 0;
    }
}

/* The escape of control character, quote or backslash c. */
static void write_escape(aigw_sink_t *sink, uint8_t c)
{
    char esc[6];
    char e = short_escape(c);
    esc[0] = '\\';
    if (e) {
        esc[1] = e;
        aigw_sink_write(sink, esc, 2);
        return;
    }
    esc[1] = 'u';
    esc[2] = '0';
    esc[3] = '0';
    esc[4] = hex_digits[c >> 4];
    esc[5] = hex_digits[c & 0x0Fu];
    aigw_sink_write(sink, esc, 6);
}

/* Bytes of p[0..len) that are printable ASCII with nothing to escape, from the start. */
static size_t plain_prefix(const uint8_t *p, size_t len)
{
    size_t i = 0;
    while (i < len && p[i] >= 0x20u && p[i] < 0x80u && p[i] != '"' && p[i] != '\\')
        i++;
    return i;
}

aigw_err_t aigw_json_write_string(aigw_sink_t *sink, const char *s, size_t len)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i, run = 0; /* bytes [run, i) pass through unchanged */
    uint8_t *d;

    if (!sink || (!s && len > 0))
        return AIGW_E_ARG;
    /* the common case, nothing to escape: one piece with its quotes */
    i = plain_prefix(p, len);
    if (i == len && (d = aigw_sink_reserve(sink, len + 2)) != NULL) {
        d[0] = '"';
        if (len)
            memcpy(d + 1, p, len);
        d[len + 1] = '"';
        return sink->err;
    }
    aigw_sink_putc(sink, '"');
    while (i < len) {
        uint8_t c = p[i];
        if (c >= 0x80u) {
            size_t k = aigw_utf8_seq_len(p + i, len - i);
            if (k == 0)
                return AIGW_E_INVALID;
            i += k;
        } else if (c >= 0x20u && c != '"' && c != '\\') {
            i++;
        } else {
            aigw_sink_write(sink, p + run, i - run);
            write_escape(sink, c);
            run = ++i;
        }
    }
    if (i > run) /* s may be NULL when len is 0: NULL + 0 is undefined behaviour */
        aigw_sink_write(sink, p + run, i - run);
    aigw_sink_putc(sink, '"');
    return sink->err;
}
