/* SPDX-License-Identifier: MIT */
/*
 * Incremental HTTP/1.1 response parser.
 *
 * A byte-at-a-time state machine for the metadata (status line, headers,
 * chunk lines, trailers) and bulk copies for body bytes. All state lives in
 * aigw_http_resp_t, and no decision depends on where a feed() call ends, so
 * every split of the same bytes reaches the same result.
 *
 * Header lines are never buffered: names are matched on the fly against the
 * few the client needs, and only those values are kept (bounded). Everything
 * else is syntax-checked and dropped, so long cookies or policy headers cost
 * no RAM and only count against AIGW_HTTP_MAX_HEADER_BYTES.
 */
#include <string.h>

#include "aigw/aigw_http.h"
#include "http_chars.h"

#if AIGW_HTTP_VALUE_MAX < 33 || AIGW_HTTP_VALUE_MAX > 255
#error "AIGW_HTTP_VALUE_MAX must be 33..255 (an RFC 850 date is 33 bytes; the length is a uint8_t)"
#endif
#if AIGW_HTTP_CF_RAY_MAX < 2 || AIGW_HTTP_CF_RAY_MAX > 256
#error "AIGW_HTTP_CF_RAY_MAX must be 2..256"
#endif

enum {
    ST_VER, ST_VER_MINOR, ST_SP, ST_CODE, ST_AFTER_CODE, ST_REASON, ST_STATUS_LF,
    ST_HDR_START, ST_HDR_NAME, ST_HDR_VALUE, ST_HDR_LF, ST_HDR_END_LF, /* last metadata state */
    ST_CHUNK_SIZE, ST_CHUNK_SIZE_WS, ST_CHUNK_EXT, ST_CHUNK_SIZE_LF,   /* chunk-size line */
    ST_CHUNK_DATA, ST_CHUNK_DATA_CR, ST_CHUNK_DATA_LF,
    ST_BODY_CL, ST_BODY_CLOSE, ST_DONE
};

/* Headers the parser interprets; bit k of cand is k_names[k]. Lower case. */
enum { H_CL, H_TE, H_CONN, H_RA, H_RAMS, H_DATE, H_RAY, H_XSR, H_COUNT, H_NONE = H_COUNT };
static const char *const k_names[H_COUNT] = {
    "content-length", "transfer-encoding", "connection", "retry-after", "retry-after-ms", "date", "cf-ray",
    "x-should-retry"
};
#define CAND_ALL ((uint8_t)((1u << H_COUNT) - 1u))

/* bits: facts about the response being read */
#define B_TE 0x01u         /* Transfer-Encoding present */
#define B_TE_CHUNKED 0x02u /* ... and it said chunked */
#define B_TE_BAD 0x04u     /* ... and something else, or chunked twice */
#define B_CONN_CLOSE 0x08u
#define B_CONN_KA 0x10u
#define B_RAY_SEEN 0x20u   /* the first cf-ray counts */
#define B_TRAILER 0x40u    /* header states are reading the chunked trailer section */

/* elem: facts about the value or list element being read */
#define E_LONG 0x01u   /* did not fit its buffer */
#define E_DIGITS 0x02u /* Content-Length element has digits */
#define E_WS 0x04u     /* ... followed by whitespace */
#define E_ANY 0x08u    /* this Content-Length line had an element */

static int ci_eq(const char *a, size_t n, const char *lit)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!lit[i] || aigw_c_lower((unsigned char)a[i]) != (unsigned char)lit[i]) return 0;
    return lit[n] == '\0';
}

/* Keep a value byte: leading OWS skipped; once full, whitespace is dropped
 * (it is trailing or followed by a byte that makes the value too long). */
static void keep(aigw_http_resp_t *r, char *buf, size_t cap, unsigned c)
{
    if (r->val_len == 0 && aigw_c_ws(c)) return;
    if (r->val_len < cap)
        buf[r->val_len++] = (char)c;
    else if (!aigw_c_ws(c))
        r->elem |= E_LONG;
}

static void trim(aigw_http_resp_t *r, const char *buf)
{
    while (r->val_len && aigw_c_ws((unsigned char)buf[r->val_len - 1])) r->val_len--;
}

static void list_elem_end(aigw_http_resp_t *r)
{
    int is_long = (r->elem & E_LONG) != 0;
    trim(r, r->val);
    if (r->val_len || is_long) { /* empty list elements are allowed and ignored */
        if (r->hdr == H_TE) {
            if (!is_long && ci_eq(r->val, r->val_len, "chunked"))
                r->bits |= (uint8_t)((r->bits & B_TE_CHUNKED) ? B_TE_BAD | B_TE_CHUNKED : B_TE_CHUNKED);
            else
                r->bits |= B_TE_BAD;
        } else if (!is_long) {
            if (ci_eq(r->val, r->val_len, "close")) r->bits |= B_CONN_CLOSE;
            else if (ci_eq(r->val, r->val_len, "keep-alive")) r->bits |= B_CONN_KA;
        }
    }
    r->val_len = 0;
    r->elem = 0;
}

static aigw_err_t cl_elem_end(aigw_http_resp_t *r)
{
    if (r->elem & E_DIGITS) {
        if ((r->flags & AIGW_HTTP_F_CONTENT_LENGTH) && (uint64_t)r->content_length != r->n)
            return AIGW_E_HTTP_CONTENT_LENGTH;
        r->content_length = (int64_t)r->n;
        r->flags |= AIGW_HTTP_F_CONTENT_LENGTH;
        r->elem |= E_ANY;
    }
    r->elem &= (uint8_t)~(E_DIGITS | E_WS);
    r->n = 0;
    return AIGW_OK;
}

/* Content-Length = 1*DIGIT; a list of identical values ("42, 42") is accepted (RFC 9110 8.6). */
static aigw_err_t cl_byte(aigw_http_resp_t *r, unsigned c)
{
    if (aigw_c_digit(c)) {
        unsigned d = c - '0';
        if (r->elem & E_WS) return AIGW_E_HTTP_CONTENT_LENGTH;
        if (r->n > ((uint64_t)INT64_MAX - d) / 10u) return AIGW_E_HTTP_CONTENT_LENGTH;
        r->n = r->n * 10u + d;
        r->elem |= E_DIGITS;
    } else if (aigw_c_ws(c)) {
        if (r->elem & E_DIGITS) r->elem |= E_WS;
    } else if (c == ',') {
        return cl_elem_end(r);
    } else {
        return AIGW_E_HTTP_CONTENT_LENGTH;
    }
    return AIGW_OK;
}

static void parse_retry_after(aigw_http_resp_t *r)
{
    const uint64_t cap = (uint64_t)1 << 31; /* RFC 9111 5.2: overflowing delta-seconds mean 2^31 */
    uint64_t v = 0;
    size_t i;
    int64_t t;
    for (i = 0; i < r->val_len && aigw_c_digit((unsigned char)r->val[i]); i++) {
        v = v * 10u + (uint64_t)(r->val[i] - '0');
        if (v > cap) v = cap;
    }
    if (i && i == r->val_len) {
        r->retry_after_kind = AIGW_HTTP_RETRY_DELAY;
        r->retry_after = (int64_t)v;
    } else if (aigw_http_date_parse(r->val, r->val_len, &t) == AIGW_OK) {
        r->retry_after_kind = AIGW_HTTP_RETRY_DATE;
        r->retry_after = t;
    } else {
        r->flags |= AIGW_HTTP_F_RETRY_BAD;
    }
}

/* retry-after-ms: 1*DIGIT [ "." 1*DIGIT ], rounded up so a retry is never early */
static void parse_retry_after_ms(aigw_http_resp_t *r)
{
    uint64_t v = 0;
    size_t i = 0, int_digits, frac_digits = 0;
    int frac_nonzero = 0;
    while (i < r->val_len && aigw_c_digit((unsigned char)r->val[i])) {
        v = v * 10u + (uint64_t)(r->val[i++] - '0');
        if (v > UINT32_MAX) v = UINT32_MAX;
    }
    int_digits = i;
    if (i < r->val_len && r->val[i] == '.') {
        for (i++; i < r->val_len && aigw_c_digit((unsigned char)r->val[i]); i++, frac_digits++)
            if (r->val[i] != '0') frac_nonzero = 1;
        if (!frac_digits) int_digits = 0;
    }
    if (!int_digits || i != r->val_len) {
        r->flags |= AIGW_HTTP_F_RETRY_BAD;
        return;
    }
    if (frac_nonzero && v < UINT32_MAX) v++;
    r->retry_after_ms = (uint32_t)v;
    r->flags |= AIGW_HTTP_F_RETRY_AFTER_MS;
}

/* x-should-retry: the server's own verdict on retrying, which Cloudflare's
 * SDKs obey over their status rules; anything but true/false is ignored */
static void parse_should_retry(aigw_http_resp_t *r)
{
    uint16_t v = 0;
    if (!(r->elem & E_LONG)) {
        trim(r, r->val);
        if (ci_eq(r->val, r->val_len, "true")) v = AIGW_HTTP_F_SHOULD_RETRY;
        else if (ci_eq(r->val, r->val_len, "false")) v = AIGW_HTTP_F_SHOULD_NOT_RETRY;
    }
    r->flags = (uint16_t)((r->flags & ~(AIGW_HTTP_F_SHOULD_RETRY | AIGW_HTTP_F_SHOULD_NOT_RETRY)) | v);
}

/* Match a header name byte against the names still possible (case-insensitive). */
static void name_byte(aigw_http_resp_t *r, unsigned c)
{
    unsigned k, lc = aigw_c_lower(c);
    for (k = 0; k < H_COUNT; k++)
        if ((r->cand & (1u << k)) && (unsigned char)k_names[k][r->idx] != lc) r->cand &= (uint8_t)~(1u << k);
    if (r->cand) r->idx++; /* idx stays below the longest name */
}

static void value_start(aigw_http_resp_t *r)
{
    unsigned k;
    r->hdr = H_NONE;
    for (k = 0; k < H_COUNT; k++)
        if ((r->cand & (1u << k)) && k_names[k][r->idx] == '\0') r->hdr = (uint8_t)k;
    if (r->hdr == H_RAY && (r->bits & B_RAY_SEEN)) r->hdr = H_NONE;
    if (r->hdr == H_TE) r->bits |= B_TE;
    r->val_len = 0;
    r->elem = 0;
    r->n = 0;
}

static aigw_err_t value_byte(aigw_http_resp_t *r, unsigned c)
{
    switch (r->hdr) {
    case H_CL:
        return cl_byte(r, c);
    case H_TE:
    case H_CONN:
        if (c == ',') list_elem_end(r);
        else keep(r, r->val, AIGW_HTTP_VALUE_MAX, c);
        break;
    case H_RAY:
        keep(r, r->cf_ray, AIGW_HTTP_CF_RAY_MAX - 1, c);
        break;
    case H_RA:
    case H_RAMS:
    case H_DATE:
    case H_XSR:
        keep(r, r->val, AIGW_HTTP_VALUE_MAX, c);
        break;
    default:
        break;
    }
    return AIGW_OK;
}

/* a cut ray id would send support to the wrong request: keep all or nothing */
static void ray_end(aigw_http_resp_t *r)
{
    trim(r, r->cf_ray);
    if (r->elem & E_LONG) {
        r->flags |= AIGW_HTTP_F_CF_RAY_LONG;
        r->val_len = 0;
    }
    r->cf_ray[r->val_len] = '\0';
    r->bits |= B_RAY_SEEN;
}

static aigw_err_t value_end(aigw_http_resp_t *r)
{
    int64_t t;
    switch (r->hdr) {
    case H_CL:
        if (cl_elem_end(r) != AIGW_OK || !(r->elem & E_ANY)) return AIGW_E_HTTP_CONTENT_LENGTH;
        break;
    case H_TE:
    case H_CONN:
        list_elem_end(r);
        break;
    case H_RAY:
        ray_end(r);
        break;
    case H_XSR:
        parse_should_retry(r);
        break;
    case H_RA:
    case H_RAMS:
    case H_DATE:
        /* advisory values: a bad one is flagged and ignored, the status stands */
        trim(r, r->val);
        /* NOLINTNEXTLINE(bugprone-branch-clone): too long and unparseable are two cases, one outcome */
        if (r->elem & E_LONG) r->flags |= AIGW_HTTP_F_RETRY_BAD;
        else if (r->hdr == H_RA) parse_retry_after(r);
        else if (r->hdr == H_RAMS) parse_retry_after_ms(r);
        else if (aigw_http_date_parse(r->val, r->val_len, &t) == AIGW_OK) {
            r->date = t;
            r->flags |= AIGW_HTTP_F_DATE;
        } else {
            r->flags |= AIGW_HTTP_F_RETRY_BAD;
        }
        break;
    default:
        break;
    }
    r->val_len = 0;
    return AIGW_OK;
}

static void finish(aigw_http_resp_t *r)
{
    r->state = ST_DONE;
    r->done = 1;
}

/* A Transfer-Encoding body: chunked and only chunked, never with a Content-Length. */
static aigw_err_t chunked_start(aigw_http_resp_t *r)
{
    if ((r->bits & B_TE_BAD) || !(r->bits & B_TE_CHUNKED)) return AIGW_E_HTTP_ENCODING;
    if (r->flags & AIGW_HTTP_F_CONTENT_LENGTH) return AIGW_E_HTTP_CL_CHUNKED;
    r->flags |= AIGW_HTTP_F_CHUNKED;
    if (r->version_minor == 0) r->keep_alive = 0; /* RFC 9112 6.1: framing of a 1.0 message is suspect */
    r->state = ST_CHUNK_SIZE;
    r->n = 0;
    r->idx = 0;
    r->line_bytes = 0;
    return AIGW_OK;
}

/* The empty line after a header section: decide how the body is framed (RFC 9112 6.3). */
static aigw_err_t headers_end(aigw_http_resp_t *r)
{
    if (r->bits & B_TRAILER) {
        finish(r);
        return AIGW_OK;
    }
    if (r->status < 200) { /* interim: its headers were not interpreted; the real one follows */
        r->status = 0;
        r->state = ST_VER;
        r->idx = 0;
        return AIGW_OK;
    }
    r->keep_alive = (uint8_t)(!(r->bits & B_CONN_CLOSE) && (r->version_minor == 1 || (r->bits & B_CONN_KA)));
    if (r->status == 204 || r->status == 304 || ((r->flags & AIGW_HTTP_F_CONNECT) && r->status < 300)) {
        finish(r); /* after a 2xx to CONNECT the bytes belong to the tunnel */
    } else if (r->bits & B_TE) {
        return chunked_start(r);
    } else if (r->flags & AIGW_HTTP_F_CONTENT_LENGTH) {
        if ((uint64_t)r->content_length > (uint64_t)r->body_cap) return AIGW_E_HTTP_BODY_TOO_LARGE;
        r->n = (uint64_t)r->content_length;
        if (r->n == 0) finish(r);
        else r->state = ST_BODY_CL;
    } else {
        r->flags |= AIGW_HTTP_F_CLOSE_DELIMITED;
        r->keep_alive = 0;
        r->state = ST_BODY_CLOSE;
    }
    return AIGW_OK;
}

/* 101 would switch protocols, which aigw never asks for */
static int status_code_ok(unsigned status)
{
    return status >= 100 && status <= 599 && status != 101;
}

/* "HTTP/1." DIGIT SP: the version, then the space before the code. */
static aigw_err_t status_version_byte(aigw_http_resp_t *r, unsigned c)
{
    switch (r->state) {
    case ST_VER:
        if (c != (unsigned char)"HTTP/1."[r->idx]) return AIGW_E_HTTP_STATUS_LINE;
        if (++r->idx == 7) r->state = ST_VER_MINOR;
        break;
    case ST_VER_MINOR:
        if (c != '0' && c != '1') return AIGW_E_HTTP_STATUS_LINE;
        r->version_minor = (uint8_t)(c - '0');
        r->state = ST_SP;
        break;
    default: /* ST_SP */
        if (c != ' ') return AIGW_E_HTTP_STATUS_LINE;
        r->state = ST_CODE;
        r->idx = 0;
        r->status = 0;
        break;
    }
    return AIGW_OK;
}

/* 3DIGIT, then the optional reason phrase and CRLF. */
static aigw_err_t status_rest_byte(aigw_http_resp_t *r, unsigned c)
{
    switch (r->state) {
    case ST_CODE:
        if (!aigw_c_digit(c)) return AIGW_E_HTTP_STATUS_LINE;
        r->status = (uint16_t)(r->status * 10u + (c - '0'));
        if (++r->idx == 3) {
            if (!status_code_ok(r->status)) {
                r->status = 0; /* not a status: 600 must not read as a server error */
                return AIGW_E_HTTP_STATUS_LINE;
            }
            r->state = ST_AFTER_CODE;
        }
        break;
    case ST_AFTER_CODE: /* the reason phrase (and, leniently, its SP) is optional */
        if (c == ' ') r->state = ST_REASON;
        else if (c == '\r') r->state = ST_STATUS_LF;
        else return AIGW_E_HTTP_STATUS_LINE;
        break;
    case ST_REASON:
        if (c == '\r') r->state = ST_STATUS_LF;
        else if (!aigw_c_fieldval(c)) return AIGW_E_HTTP_STATUS_LINE;
        break;
    default: /* ST_STATUS_LF */
        if (c != '\n') return AIGW_E_HTTP_STATUS_LINE;
        r->state = ST_HDR_START;
        break;
    }
    return AIGW_OK;
}

/* The first byte of a header line: a field name starts, or the section ends. */
static aigw_err_t header_start_byte(aigw_http_resp_t *r, unsigned c)
{
    if (c == '\r') {
        r->state = ST_HDR_END_LF;
        return AIGW_OK;
    }
    /* SP/HTAB here is obs-fold (or whitespace before the first field): refused, RFC 9112 5.2 */
    if (!aigw_c_tchar(c)) return AIGW_E_HTTP_HEADER;
    /* trailer fields and those of 1xx responses are checked, never interpreted */
    r->cand = (r->bits & B_TRAILER) || r->status < 200 ? 0 : CAND_ALL;
    r->idx = 0;
    r->state = ST_HDR_NAME;
    name_byte(r, c);
    return AIGW_OK;
}

/* field-name ":" field-value CRLF, and the CRLF that ends the section. */
static aigw_err_t header_byte(aigw_http_resp_t *r, unsigned c)
{
    switch (r->state) {
    case ST_HDR_START:
        return header_start_byte(r, c);
    case ST_HDR_NAME:
        if (c == ':') {
            value_start(r);
            r->state = ST_HDR_VALUE;
        } else if (!aigw_c_tchar(c)) {
            return AIGW_E_HTTP_HEADER; /* includes whitespace before ':' (RFC 9112 5.1) */
        } else {
            name_byte(r, c);
        }
        break;
    case ST_HDR_VALUE:
        if (c == '\r') r->state = ST_HDR_LF;
        else if (!aigw_c_fieldval(c)) return AIGW_E_HTTP_HEADER;
        else return value_byte(r, c);
        break;
    case ST_HDR_LF:
        if (c != '\n') return AIGW_E_HTTP_HEADER;
        r->state = ST_HDR_START;
        return value_end(r);
    default: /* ST_HDR_END_LF */
        if (c != '\n') return AIGW_E_HTTP_HEADER;
        return headers_end(r);
    }
    return AIGW_OK;
}

/* chunk-size = 1*HEXDIG, then an optional extension or CR. */
static aigw_err_t chunk_size_byte(aigw_http_resp_t *r, unsigned c)
{
    if (aigw_c_hex(c)) {
        if (r->n > ((uint64_t)INT64_MAX >> 4)) return AIGW_E_HTTP_CHUNK;
        r->n = (r->n << 4) | aigw_c_hexval(c);
        r->idx = 1;
        return AIGW_OK;
    }
    if (!r->idx) return AIGW_E_HTTP_CHUNK;
    if (c == ';') r->state = ST_CHUNK_EXT;
    else if (aigw_c_ws(c)) r->state = ST_CHUNK_SIZE_WS;
    else if (c == '\r') r->state = ST_CHUNK_SIZE_LF;
    else return AIGW_E_HTTP_CHUNK;
    return AIGW_OK;
}

/* The LF of a chunk-size line: data follows, or the last chunk's trailer section. */
static aigw_err_t chunk_size_end(aigw_http_resp_t *r, unsigned c)
{
    if (c != '\n') return AIGW_E_HTTP_CHUNK;
    if (r->n == 0) {
        r->bits |= B_TRAILER;
        r->state = ST_HDR_START;
    } else if (r->n > (uint64_t)(r->body_cap - r->body_len)) {
        return AIGW_E_HTTP_BODY_TOO_LARGE;
    } else {
        r->state = ST_CHUNK_DATA;
    }
    return AIGW_OK;
}

/* A chunk-size line (with its extensions) and the CRLF after chunk data. */
static aigw_err_t chunk_line_byte(aigw_http_resp_t *r, unsigned c)
{
    switch (r->state) {
    case ST_CHUNK_SIZE:
        return chunk_size_byte(r, c);
    case ST_CHUNK_SIZE_WS: /* BWS before a chunk extension */
        if (c == ';') r->state = ST_CHUNK_EXT;
        else if (!aigw_c_ws(c)) return AIGW_E_HTTP_CHUNK;
        break;
    case ST_CHUNK_EXT: /* extensions are ignored, only their bytes are checked */
        if (c == '\r') r->state = ST_CHUNK_SIZE_LF;
        else if (!aigw_c_fieldval(c)) return AIGW_E_HTTP_CHUNK;
        break;
    case ST_CHUNK_SIZE_LF:
        return chunk_size_end(r, c);
    case ST_CHUNK_DATA_CR:
        if (c != '\r') return AIGW_E_HTTP_CHUNK;
        r->state = ST_CHUNK_DATA_LF;
        break;
    default: /* ST_CHUNK_DATA_LF */
        if (c != '\n') return AIGW_E_HTTP_CHUNK;
        r->state = ST_CHUNK_SIZE;
        r->n = 0;
        r->idx = 0;
        r->line_bytes = 0;
        break;
    }
    return AIGW_OK;
}

/* One byte in a metadata state: counted against its limit, then handed to the
 * reader of the line it belongs to (status line, header section, chunk framing). */
static aigw_err_t step(aigw_http_resp_t *r, unsigned c)
{
    if (r->state <= ST_HDR_END_LF) {
        if (++r->meta_bytes > AIGW_HTTP_MAX_HEADER_BYTES) return AIGW_E_HTTP_HEADERS_TOO_LARGE;
    } else if (r->state <= ST_CHUNK_SIZE_LF) {
        if (++r->line_bytes > AIGW_HTTP_MAX_HEADER_BYTES) return AIGW_E_HTTP_CHUNK;
    }
    if (r->state <= ST_SP) return status_version_byte(r, c);
    if (r->state <= ST_STATUS_LF) return status_rest_byte(r, c);
    if (r->state <= ST_HDR_END_LF) return header_byte(r, c);
    if (r->state <= ST_CHUNK_DATA_LF && r->state != ST_CHUNK_DATA) return chunk_line_byte(r, c);
    return AIGW_E_ARG; /* unreachable: body states are handled by the caller */
}

void aigw_http_resp_init(aigw_http_resp_t *r, uint8_t *body, size_t cap)
{
    if (!r) return;
    memset(r, 0, sizeof *r);
    r->body = body;
    r->body_cap = body ? cap : 0;
    r->state = ST_VER;
}

/* Body bytes of a known length (Content-Length or one chunk): up to n of them. */
static size_t take_counted(aigw_http_resp_t *r, const uint8_t *data, size_t avail)
{
    /* capacity for all of n was checked when the length became known */
    size_t take = avail;
    if ((uint64_t)take > r->n) take = (size_t)r->n;
    memcpy(r->body + r->body_len, data, take);
    r->body_len += take;
    r->n -= take;
    if (r->n == 0) {
        if (r->state == ST_BODY_CL) finish(r);
        else r->state = ST_CHUNK_DATA_CR;
    }
    return take;
}

/* Body bytes delimited by the connection's close: as many as fit. */
static aigw_err_t take_until_close(aigw_http_resp_t *r, const uint8_t *data, size_t avail, size_t *taken)
{
    size_t take = avail, room = r->body_cap - r->body_len;
    aigw_err_t e = AIGW_OK;
    if (take > room) {
        take = room;
        e = AIGW_E_HTTP_BODY_TOO_LARGE;
    }
    if (take) memcpy(r->body + r->body_len, data, take);
    r->body_len += take;
    *taken = take;
    return e;
}

aigw_err_t aigw_http_resp_feed(aigw_http_resp_t *r, const uint8_t *data, size_t len, size_t *consumed)
{
    size_t i = 0, take;
    aigw_err_t e = AIGW_OK;

    if (consumed) *consumed = 0;
    if (!r || !consumed || (len && !data)) return AIGW_E_ARG;
    if (r->err) return r->err;

    while (i < len && !r->done && !e) {
        if (r->state == ST_BODY_CL || r->state == ST_CHUNK_DATA) {
            i += take_counted(r, data + i, len - i);
        } else if (r->state == ST_BODY_CLOSE) {
            e = take_until_close(r, data + i, len - i, &take);
            i += take;
        } else {
            e = step(r, data[i]);
            if (!e) i++;
        }
    }
    *consumed = i;
    r->nread += i;
    if (e) r->err = e;
    return e;
}

aigw_err_t aigw_http_resp_feed_eof(aigw_http_resp_t *r)
{
    if (!r) return AIGW_E_ARG;
    if (r->err || r->done) return r->err;
    if (r->state == ST_BODY_CLOSE) {
        finish(r);
        return AIGW_OK;
    }
    r->err = AIGW_E_HTTP_TRUNCATED;
    return r->err;
}

int aigw_http_retry_after_ms(const aigw_http_resp_t *r, uint32_t *ms)
{
    uint64_t v;
    if (!r || !ms) return 0;
    if (r->flags & AIGW_HTTP_F_RETRY_AFTER_MS) {
        *ms = r->retry_after_ms;
        return 1;
    }
    if (r->retry_after_kind == AIGW_HTTP_RETRY_DELAY) {
        v = (uint64_t)r->retry_after;
    } else if (r->retry_after_kind == AIGW_HTTP_RETRY_DATE && (r->flags & AIGW_HTTP_F_DATE)) {
        v = r->retry_after > r->date ? (uint64_t)(r->retry_after - r->date) : 0;
    } else {
        return 0;
    }
    *ms = v > UINT32_MAX / 1000u ? UINT32_MAX : (uint32_t)(v * 1000u);
    return 1;
}
