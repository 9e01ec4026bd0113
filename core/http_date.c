/* SPDX-License-Identifier: MIT */
/*
 * HTTP-date (RFC 9110 5.6.7) to Unix seconds. Recipients must accept all
 * three forms; servers send IMF-fixdate. Used for Date and Retry-After, so
 * the client can compute "retry at" minus "now at the server" without a
 * wall clock of its own.
 */
#include <string.h>

#include "aigw/aigw_http.h"
#include "civil_date.h"
#include "http_chars.h"

static const char k_days[7][10] = { "Monday", "Tuesday", "Wednesday", "Thursday",
                                    "Friday", "Saturday", "Sunday" };
static const char k_months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* n digits at p, or -1 */
static int digits(const char *p, size_t n)
{
    int v = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        if (!aigw_c_digit((unsigned char)p[i])) return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* Weekday name at the start of s: 3-letter form (full == 0) or full name. Returns its length or 0. */
static size_t weekday(const char *s, size_t len, int full)
{
    int i;
    for (i = 0; i < 7; i++) {
        size_t n = full ? strlen(k_days[i]) : 3;
        if (len >= n && memcmp(s, k_days[i], n) == 0) return n;
    }
    return 0;
}

static int month(const char *p)
{
    int i;
    for (i = 0; i < 12; i++)
        if (memcmp(p, k_months[i], 3) == 0) return i + 1;
    return 0;
}

/* "HH:MM:SS" at p; seconds of the day or -1 */
static int32_t clock_of(const char *p)
{
    int h, m, s;
    if (p[2] != ':' || p[5] != ':') return -1;
    h = digits(p, 2);
    m = digits(p + 3, 2);
    s = digits(p + 6, 2);
    if (h < 0 || m < 0 || s < 0 || h > 23 || m > 59 || s > 60) return -1;
    return (int32_t)(h * 3600 + m * 60 + s);
}

/* Era arithmetic (400-year cycles); year 0 Jan/Feb needs the floor division. */
int32_t aigw_civil_days(int y, int m, int d)
{
    static const unsigned char mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int32_t era, yoe, doy, doe;

    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap))
        return AIGW_CIVIL_BAD;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static aigw_err_t finish(int y, int m, int d, int32_t secs, int64_t *out)
{
    int32_t days = aigw_civil_days(y, m, d);
    if (secs < 0 || days == AIGW_CIVIL_BAD) return AIGW_E_INVALID;
    *out = (int64_t)days * 86400 + secs;
    return AIGW_OK;
}

/* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
static int imf_fixdate_shape(const char *s, size_t len)
{
    return len == 29 && weekday(s, len, 0) && memcmp(s + 3, ", ", 2) == 0 && s[7] == ' ' && s[11] == ' ' &&
           s[16] == ' ' && memcmp(s + 25, " GMT", 4) == 0;
}

static aigw_err_t imf_fixdate(const char *s, int64_t *out)
{
    int d = digits(s + 5, 2), y = digits(s + 12, 4);
    if (d < 0 || y < 0) return AIGW_E_INVALID;
    return finish(y, month(s + 8), d, clock_of(s + 17), out);
}

/* asctime: "Sun Nov  6 08:49:37 1994" (day is 2DIGIT or SP DIGIT) */
static int asctime_shape(const char *s, size_t len)
{
    return len == 24 && weekday(s, len, 0) && s[3] == ' ' && s[7] == ' ' && s[10] == ' ' && s[19] == ' ';
}

static aigw_err_t asctime_date(const char *s, int64_t *out)
{
    int d = s[8] == ' ' ? digits(s + 9, 1) : digits(s + 8, 2), y = digits(s + 20, 4);
    if (d < 0 || y < 0) return AIGW_E_INVALID;
    return finish(y, month(s + 4), d, clock_of(s + 11), out);
}

/* RFC 850 after "Sunday, ": "06-Nov-94 08:49:37 GMT" */
static aigw_err_t rfc850_date(const char *p, int64_t *out)
{
    int d = digits(p, 2), yy = digits(p + 7, 2);
    if (p[2] != '-' || p[6] != '-' || p[9] != ' ' || memcmp(p + 18, " GMT", 4) != 0 || d < 0 || yy < 0)
        return AIGW_E_INVALID;
    return finish(yy < 70 ? 2000 + yy : 1900 + yy, month(p + 3), d, clock_of(p + 10), out);
}

aigw_err_t aigw_http_date_parse(const char *s, size_t len, int64_t *out)
{
    size_t w;
    if (!s || !out) return AIGW_E_ARG;
    if (imf_fixdate_shape(s, len)) return imf_fixdate(s, out);
    if (asctime_shape(s, len)) return asctime_date(s, out);
    w = weekday(s, len, 1);
    if (w && len == w + 24 && memcmp(s + w, ", ", 2) == 0) return rfc850_date(s + w + 2, out);
    return AIGW_E_INVALID;
}
