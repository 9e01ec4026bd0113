/* SPDX-License-Identifier: MIT */
/*
 * Internal: proleptic Gregorian calendar arithmetic, shared by the two date
 * parsers (http_date.c: HTTP-date, rfc3339.c: RFC 3339), so the calendar
 * is written once. Defined in http_date.c.
 */
#ifndef AIGW_CIVIL_DATE_H
#define AIGW_CIVIL_DATE_H

#include <stdint.h>

#define AIGW_CIVIL_BAD INT32_MIN

/**
 * Days from 1970-01-01 to y-m-d (negative before 1970), for years 0..9999;
 * AIGW_CIVIL_BAD when the month or the day does not exist (2023-02-29).
 * 32-bit arithmetic throughout: no 64-bit division helpers.
 */
int32_t aigw_civil_days(int y, int m, int d);

#endif
