/* SPDX-License-Identifier: MIT */
/* Internal: is a caller's text exactly one JSON value (core/json_raw.c)? */
#ifndef AIGW_JSON_RAW_H
#define AIGW_JSON_RAW_H

#include <stddef.h>

/** NULL when s[0..n) is exactly one RFC 8259 value (no whitespace around it), else the rule broken. */
const char *aigw_json_raw_check(const char *s, size_t n);

/** NULL when s[0..n) (s not NULL) is one JSON number, else the rule: a literal is "type". */
const char *aigw_json_raw_number(const char *s, size_t n);

/** NULL when s[0..n) (s not NULL) is exactly one JSON object, else the rule: another value is "type". */
const char *aigw_json_raw_object(const char *s, size_t n);

#endif
