/* SPDX-License-Identifier: MIT */
/*
 * Error names: one short, stable string per aigw_err_t.
 *
 * The texts are one packed block of NUL-terminated strings in enum order
 * (no pointer table, no switch): aigw_strerror() skips err strings. Each
 * entry below also checks at compile time that it stands at its code's
 * place. AIGW_ERROR_TEXT 0 (aigw_config.h) keeps only the code's name
 * without the AIGW_E_ prefix ("TLS_UNTRUSTED"), for the smallest firmware.
 */
#include "aigw/aigw_error.h"

#define ERRORS(X) \
    X(ARG, "NULL pointer or impossible argument") \
    X(INVALID, "a parameter breaks the schema") \
    X(BUFFER, "output buffer too small") \
    X(ARENA, "decode arena too small") \
    X(URL, "base URL malformed or scheme unsupported") \
    X(PATH_SEGMENT, "account or gateway id empty, \".\" or \"..\"") \
    X(HEADER_VALUE, "CR, LF or NUL in a header value (credentials, host)") \
    X(SINK, "a streaming sink's flush callback failed") \
    X(JSON, "not well-formed JSON") \
    X(JSON_TYPE, "a member has the wrong JSON type") \
    X(JSON_RANGE, "a number is not an integer or overflows int64") \
    X(JSON_TOKENS, "too few jsmn tokens") \
    X(JSON_UTF8, "invalid UTF-8 or bad escape in a string") \
    X(JSON_LIMIT, "more array items/members than a compile-time maximum") \
    X(NOT_JSON, "the response body is not JSON (an HTML page from a proxy)") \
    X(ENVELOPE, "JSON, but not Cloudflare's {success, errors, result} envelope") \
    X(HTTP_STATUS_LINE, "malformed status line") \
    X(HTTP_HEADER, "malformed header line") \
    X(HTTP_HEADERS_TOO_LARGE, "header section larger than the parser's limit") \
    X(HTTP_BODY_TOO_LARGE, "body larger than the caller's buffer") \
    X(HTTP_CHUNK, "malformed chunk size line or chunk framing") \
    X(HTTP_CONTENT_LENGTH, "malformed or conflicting Content-Length values") \
    X(HTTP_CL_CHUNKED, "Content-Length together with chunked encoding") \
    X(HTTP_TRUNCATED, "the connection ended before the response was complete") \
    X(HTTP_ENCODING, "a transfer coding other than chunked") \
    X(API, "the API answered with an error status") \
    X(DNS, "host name did not resolve") \
    X(CONNECT, "TCP connect refused or failed") \
    X(SEND, "send failed (reset, broken pipe)") \
    X(RECV, "recv failed (reset)") \
    X(EOF, "orderly end of stream (peer closed) where more was needed") \
    X(WOULD_BLOCK, "no data before the deadline") \
    X(TIMEOUT_CONNECT, "connect deadline passed") \
    X(TIMEOUT_HANDSHAKE, "TLS handshake deadline passed") \
    X(TIMEOUT_RESPONSE, "first response byte did not arrive in time") \
    X(TIMEOUT_CALL, "the whole-call deadline passed") \
    X(PORT, "a port is missing a callback or is in the wrong state") \
    X(TLS_CA, "the CA chain given could not be parsed") \
    X(TLS_UNTRUSTED, "server chain does not lead to a trusted CA") \
    X(TLS_HOSTNAME, "server certificate does not match the host name") \
    X(TLS_EXPIRED, "a certificate in the chain has expired") \
    X(TLS_NOT_YET_VALID, "a certificate in the chain is not valid yet") \
    X(TLS_CLOCK, "wall clock not set, certificates cannot be checked") \
    X(TLS_HANDSHAKE, "handshake failed for another reason (alert, protocol)") \
    X(TLS_CLOSED, "peer sent close_notify") \
    X(TLS_ALLOC, "the TLS library ran out of (arena) memory") \
    X(TLS, "other TLS record-layer failure") \
    X(PROXY_UNREACHABLE, "the proxy did not resolve or refused the connection") \
    X(PROXY_AUTH, "the proxy refused the credentials (407)") \
    X(PROXY_FORBIDDEN, "the proxy does not allow this tunnel (403)") \
    X(PROXY_REFUSED, "the proxy refused the CONNECT tunnel")

/* Compile-time order check: entry i of the list must be code i + 1. */
#define ORDER(code, text) ORDER_##code,
enum { ORDER_FIRST_ = AIGW_OK, ERRORS(ORDER) ORDER_COUNT_ };
#define SAME(code, text) typedef char order_##code[(int)AIGW_E_##code == (int)ORDER_##code ? 1 : -1];
ERRORS(SAME)
typedef char order_count[(int)ORDER_COUNT_ == (int)AIGW_E__COUNT ? 1 : -1];

#if AIGW_ERROR_TEXT
#define TEXT(code, text) text "\0"
#else
#define TEXT(code, text) #code "\0"
#endif

static const char texts[] = "ok\0" ERRORS(TEXT);

const char *aigw_strerror(aigw_err_t err)
{
    const char *s = texts;
    unsigned n = (unsigned)err;

    if (n >= (unsigned)AIGW_E__COUNT)
        return "unknown error";
    while (n-- > 0)
        while (*s++ != '\0')
            ;
    return s;
}
