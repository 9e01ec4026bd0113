/* SPDX-License-Identifier: MIT */
/* Internal: JSON Schema "format": "uri" check (see uri_format.c). */
#ifndef AIGW_URI_FORMAT_H
#define AIGW_URI_FORMAT_H

#include <stddef.h>

/** 1 when s is an absolute URI as described in uri_format.c, else 0. */
int aigw_uri_format_ok(const char *s, size_t len);

#endif
