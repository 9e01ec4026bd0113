/* SPDX-License-Identifier: MIT */
/* Internal: one UTF-8 sequence at a time (shared by utf8.c, json_write.c). */
#ifndef AIGW_UTF8_SEQ_H
#define AIGW_UTF8_SEQ_H

#include <stddef.h>
#include <stdint.h>

/**
 * Length (1..4) of the well-formed UTF-8 sequence at p (n bytes available),
 * or 0 when it is ill-formed per RFC 3629 / Unicode Table 3-7: overlong
 * forms, surrogates (U+D800..DFFF), values above U+10FFFF, stray
 * continuation bytes and truncated sequences are all refused.
 */
size_t aigw_utf8_seq_len(const uint8_t *p, size_t n);

#endif
