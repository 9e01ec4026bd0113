/* SPDX-License-Identifier: MIT */
/*
 * printf family (and the console side of stdio: fprintf, fwrite, fputs,
 * fputc to stdout/stderr) for the board, written here so the image is heap-free:
 * newlib's printf allocates its stdio buffers (and snprintf can reach
 * malloc for asprintf), which would bring malloc into the link. These
 * definitions satisfy every printf/snprintf/puts/putchar reference first, so
 * newlib's versions are never pulled from the archive.
 *
 * Supported: flags "-0+ #", width and precision (also "*"), length
 * modifiers hh h l ll z j t, conversions d i u x X o c s p %. A conversion
 * it does not know is printed literally (e.g. "%f"), so nothing is dropped
 * silently. Console output goes to the host through semihosting, a line at a
 * time.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "semihost.h"

typedef struct out {
    char *buf;   /* NULL: console */
    size_t cap;  /* capacity of buf including the NUL */
    size_t len;  /* characters produced so far (may exceed cap) */
} out_t;

/* Console line buffer: one semihosting trap per line instead of per char. */
static char con_line[160];
static size_t con_len;

static void con_flush(void)
{
    if (con_len > 0) {
        con_line[con_len] = 0;
        semihost_write0(con_line);
        con_len = 0;
    }
}

static void con_put(char c)
{
    con_line[con_len++] = c;
    if (c == '\n' || con_len == sizeof con_line - 1)
        con_flush();
}

static void emit(out_t *o, char c)
{
    if (o->buf == NULL)
        con_put(c);
    else if (o->len + 1 < o->cap)
        o->buf[o->len] = c;
    o->len++;
}

static void emit_pad(out_t *o, char c, int n)
{
    while (n-- > 0)
        emit(o, c);
}

enum { F_LEFT = 1, F_ZERO = 2, F_PLUS = 4, F_SPACE = 8, F_ALT = 16 };

static void emit_number(out_t *o, uintmax_t v, int neg, unsigned base, int upper, int flags, int width,
                        int prec)
{
    char digits[24];
    int nd = 0, i, total;
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char sign = 0;
    const char *prefix = "";
    int zeros;

    while (v != 0) {
        digits[nd++] = set[v % base];
        v /= base;
    }
    if (nd == 0 && prec != 0)
        digits[nd++] = '0';
    if (neg)
        sign = '-';
    else if (flags & F_PLUS)
        sign = '+';
    else if (flags & F_SPACE)
        sign = ' ';
    if ((flags & F_ALT) && base == 16 && nd > 0 && !(nd == 1 && digits[0] == '0'))
        prefix = upper ? "0X" : "0x";
    if ((flags & F_ALT) && base == 8 && (nd == 0 || digits[nd - 1] != '0'))
        prefix = "0";
    zeros = (prec > nd) ? prec - nd : 0;
    total = nd + zeros + (sign ? 1 : 0) + (int)strlen(prefix);
    if (!(flags & F_LEFT) && (flags & F_ZERO) && prec < 0 && width > total) {
        zeros += width - total;
        total = width;
    }
    if (!(flags & F_LEFT))
        emit_pad(o, ' ', width - total);
    if (sign)
        emit(o, sign);
    for (i = 0; prefix[i]; i++)
        emit(o, prefix[i]);
    emit_pad(o, '0', zeros);
    while (nd > 0)
        emit(o, digits[--nd]);
    if (flags & F_LEFT)
        emit_pad(o, ' ', width - total);
}

static void format(out_t *o, const char *fmt, va_list ap)
{
    while (*fmt) {
        const char *start = fmt;
        int flags = 0, width = 0, prec = -1, lng = 0;
        char c = *fmt++;
        if (c != '%') {
            emit(o, c);
            continue;
        }
        for (;; fmt++) {
            if (*fmt == '-') flags |= F_LEFT;
            else if (*fmt == '0') flags |= F_ZERO;
            else if (*fmt == '+') flags |= F_PLUS;
            else if (*fmt == ' ') flags |= F_SPACE;
            else if (*fmt == '#') flags |= F_ALT;
            else break;
        }
        if (*fmt == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                flags |= F_LEFT;
                width = -width;
            }
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9')
                width = width * 10 + (*fmt++ - '0');
        }
        if (*fmt == '.') {
            fmt++;
            prec = 0;
            if (*fmt == '*') {
                prec = va_arg(ap, int);
                fmt++;
            } else {
                while (*fmt >= '0' && *fmt <= '9')
                    prec = prec * 10 + (*fmt++ - '0');
            }
        }
        /* lng: 0 int, 1 long, 2 long long, 3 size_t, 4 intmax_t, 5 ptrdiff_t, -1 short, -2 char */
        if (*fmt == 'h') {
            lng = -1;
            if (*++fmt == 'h') {
                lng = -2;
                fmt++;
            }
        } else if (*fmt == 'l') {
            lng = 1;
            if (*++fmt == 'l') {
                lng = 2;
                fmt++;
            }
        } else if (*fmt == 'z') {
            lng = 3;
            fmt++;
        } else if (*fmt == 'j') {
            lng = 4;
            fmt++;
        } else if (*fmt == 't') {
            lng = 5;
            fmt++;
        }
        c = *fmt;
        if (c)
            fmt++;
        switch (c) {
        case 'd':
        case 'i': {
            intmax_t v;
            switch (lng) {
            case 1: v = va_arg(ap, long); break;
            case 2: v = va_arg(ap, long long); break;
            case 3: v = (intmax_t)va_arg(ap, size_t); break;
            case 4: v = va_arg(ap, intmax_t); break;
            case 5: v = va_arg(ap, ptrdiff_t); break;
            case -1: v = (short)va_arg(ap, int); break;
            case -2: v = (signed char)va_arg(ap, int); break;
            default: v = va_arg(ap, int); break;
            }
            emit_number(o, v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v, v < 0, 10, 0, flags, width,
                        prec);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            uintmax_t v;
            switch (lng) {
            case 1: v = va_arg(ap, unsigned long); break;
            case 2: v = va_arg(ap, unsigned long long); break;
            case 3: v = va_arg(ap, size_t); break;
            case 4: v = va_arg(ap, uintmax_t); break;
            case 5: v = (uintmax_t)va_arg(ap, ptrdiff_t); break;
            case -1: v = (unsigned short)va_arg(ap, unsigned); break;
            case -2: v = (unsigned char)va_arg(ap, unsigned); break;
            default: v = va_arg(ap, unsigned); break;
            }
            emit_number(o, v, 0, c == 'u' ? 10u : c == 'o' ? 8u : 16u, c == 'X',
                        flags & ~(F_PLUS | F_SPACE), width, prec);
            break;
        }
        case 'p':
            emit_number(o, (uintptr_t)va_arg(ap, void *), 0, 16, 0, F_ALT, width, prec);
            break;
        case 'c': {
            char ch = (char)va_arg(ap, int);
            if (!(flags & F_LEFT))
                emit_pad(o, ' ', width - 1);
            emit(o, ch);
            if (flags & F_LEFT)
                emit_pad(o, ' ', width - 1);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            int n = 0;
            if (s == NULL)
                s = "(null)";
            while ((prec < 0 || n < prec) && s[n])
                n++;
            if (!(flags & F_LEFT))
                emit_pad(o, ' ', width - n);
            for (int i = 0; i < n; i++)
                emit(o, s[i]);
            if (flags & F_LEFT)
                emit_pad(o, ' ', width - n);
            break;
        }
        case '%':
            emit(o, '%');
            break;
        default:
            /* Unknown conversion: show it as written rather than hide it. */
            while (start < fmt)
                emit(o, *start++);
            break;
        }
    }
}

int vsnprintf(char *restrict buf, size_t cap, const char *restrict fmt, va_list ap)
{
    out_t o = {buf, cap, 0};
    char dummy[1];
    if (buf == NULL || cap == 0) {
        o.buf = dummy; /* count only */
        o.cap = 0;
    }
    format(&o, fmt, ap);
    if (cap > 0 && buf != NULL)
        buf[o.len < cap ? o.len : cap - 1] = 0;
    return (int)o.len;
}

int snprintf(char *restrict buf, size_t cap, const char *restrict fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    return n;
}

/* sprintf has no capacity by definition; the caller vouches for the buffer
 * (test code only: the project's own code uses snprintf). */
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
{
    out_t o = {buf, SIZE_MAX, 0};
    format(&o, fmt, ap);
    buf[o.len] = 0;
    return (int)o.len;
}

int sprintf(char *restrict buf, const char *restrict fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsprintf(buf, fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
    out_t o = {NULL, 0, 0};
    format(&o, fmt, ap);
    return (int)o.len;
}

int printf(const char *restrict fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

/* Streams: stdout and stderr both go to the host console (the board's files,
 * semihost_file.c, are read-only). */
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
    (void)f;
    return vprintf(fmt, ap);
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

size_t fwrite(const void *restrict buf, size_t size, size_t nmemb, FILE *restrict f)
{
    const char *p = buf;
    size_t i, n = size * nmemb;
    (void)f;
    for (i = 0; i < n; i++)
        con_put(p[i]);
    return size ? n / size : 0;
}

int fputs(const char *restrict s, FILE *restrict f)
{
    (void)f;
    while (*s)
        con_put(*s++);
    return 1;
}

int fputc(int c, FILE *f)
{
    (void)f;
    con_put((char)c);
    return (unsigned char)c;
}

int putchar(int c)
{
    con_put((char)c);
    return (unsigned char)c;
}

int puts(const char *s)
{
    while (*s)
        con_put(*s++);
    con_put('\n');
    return 1;
}

int fflush(FILE *f)
{
    (void)f;
    con_flush();
    return 0;
}

/* Called by startup code before exit so a last line without '\n' shows. */
void board_stdio_flush(void)
{
    con_flush();
}
