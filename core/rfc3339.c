/* SPDX-License-Identifier: MIT */
/*
 * RFC 3339 date-time (section 5.6) to UTC milliseconds since 1970:
 *   YYYY-MM-DD ("T"|"t") hh:mm:ss [.frac] ("Z"|"z"|("+"|"-") hh:mm)
 * The fraction may have any number of digits (truncated to ms); second 60
 * (a leap second) is accepted and, as in POSIX time, lands on the next
 * second. Works on JSON string contents, escapes decoded on the fly, so a
 * date never needs a copy.
 */
#include "civil_date.h"
#include "decode_internal.h"

typedef struct { const char *s; size_t n, i; bool esc; } cur_t;

static long next(cur_t *c)
{
    const unsigned char *u = (const unsigned char *)c->s;
    if (c->i >= c->n) return -1;
    if (c->esc) return aigw_jstr_next(c->s, c->n, &c->i);
    return u[c->i++];
}

/* Exactly n digits. */
static bool digits(cur_t *c, int n, int *out)
{
    int v = 0;
    while (n--) {
        long ch = next(c);
        if (ch < '0' || ch > '9') return false;
        v = v * 10 + (int)(ch - '0');
    }
    *out = v;
    return true;
}

static bool lit(cur_t *c, char a, char b)
{
    long ch = next(c);
    return ch == a || ch == b;
}

/* full-date "T": YYYY-MM-DDT, as days since 1970. */
static bool full_date(cur_t *c, int32_t *days)
{
    int y, mo, d;
    if (!digits(c, 4, &y) || !lit(c, '-', '-') || !digits(c, 2, &mo) || !lit(c, '-', '-') ||
        !digits(c, 2, &d) || !lit(c, 'T', 't'))
        return false;
    *days = aigw_civil_days(y, mo, d);
    return *days != AIGW_CIVIL_BAD;
}

/* partial-time without the fraction: hh:mm:ss, as seconds of the day (second 60 allowed). */
static bool hms(cur_t *c, int *secs)
{
    int h, mi, sec;
    if (!digits(c, 2, &h) || !lit(c, ':', ':') || !digits(c, 2, &mi) || !lit(c, ':', ':') ||
        !digits(c, 2, &sec) || h > 23 || mi > 59 || sec > 60)
        return false;
    *secs = h * 3600 + mi * 60 + sec;
    return true;
}

/* After '.': 1*DIGIT, truncated to milliseconds. *ch is the character after them. */
static bool fraction(cur_t *c, long *ch, int *ms)
{
    int nd = 0, scale = 100;
    for (;;) {
        *ch = next(c);
        if (*ch < '0' || *ch > '9') break;
        if (scale) { *ms += (int)(*ch - '0') * scale; scale /= 10; }
        nd++;
    }
    return nd != 0;
}

/* time-offset after its first character ch: "Z" or ("+" / "-") hh:mm, in seconds east. */
static bool offset(cur_t *c, long ch, int32_t *off)
{
    int oh = 0, om = 0;
    if (ch == 'Z' || ch == 'z') {
        *off = 0;
        return true;
    }
    if (ch != '+' && ch != '-') return false;
    if (!digits(c, 2, &oh) || !lit(c, ':', ':') || !digits(c, 2, &om) || oh > 23 || om > 59)
        return false;
    *off = (oh * 60 + om) * 60;
    if (ch == '-') *off = -*off;
    return true;
}

bool aigw_rfc3339_parse_json(const char *s, size_t len, bool esc, int64_t *unix_ms)
{
    cur_t c;
    int secs, ms = 0;
    long ch;
    int32_t days, off = 0;

    c.s = s; c.n = len; c.i = 0; c.esc = esc;
    if (!s || !unix_ms) return false;
    if (!full_date(&c, &days) || !hms(&c, &secs)) return false;
    ch = next(&c);
    if (ch == '.' && !fraction(&c, &ch, &ms)) return false;
    if (!offset(&c, ch, &off)) return false;
    if (next(&c) != -1) return false; /* nothing may follow */
    *unix_ms = ((int64_t)days * 86400 + (secs - off)) * 1000 + ms;
    return true;
}

bool aigw_rfc3339_parse(const char *s, size_t len, int64_t *unix_ms)
{
    return aigw_rfc3339_parse_json(s, len, false, unix_ms);
}
