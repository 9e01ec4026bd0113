/* Error names: one short, stable string per aigw_err_t. */
#include "aigw/aigw_error.h"

const char *aigw_strerror(aigw_err_t err)
{
    switch (err) {
    case AIGW_OK: return "ok";
    case AIGW_E_ARG: return "NULL pointer or impossible argument";
    case AIGW_E_INVALID: return "a parameter breaks the schema";
    case AIGW_E_BUFFER: return "output buffer too small";
    case AIGW_E_ARENA: return "decode arena too small";
    case AIGW_E_URL: return "base URL malformed or scheme unsupported";
    case AIGW_E_PATH_SEGMENT: return "account or gateway id empty, \".\" or \"..\"";
    case AIGW_E_HEADER_VALUE: return "CR, LF or NUL in a header value (credentials, host)";
    case AIGW_E_SINK: return "a streaming sink's flush callback failed";
    case AIGW_E_JSON: return "not well-formed JSON";
    case AIGW_E_JSON_TYPE: return "a member has the wrong JSON type";
    case AIGW_E_JSON_RANGE: return "a number is not an integer or overflows int64";
    case AIGW_E_JSON_TOKENS: return "too few jsmn tokens";
    case AIGW_E_JSON_UTF8: return "invalid UTF-8 or bad escape in a string";
    case AIGW_E_JSON_LIMIT: return "more array items/members than a compile-time maximum";
    case AIGW_E_NOT_JSON: return "the response body is not JSON (an HTML page from a proxy)";
    case AIGW_E_ENVELOPE: return "JSON, but not Cloudflare's {success, errors, result} envelope";
    case AIGW_E_HTTP_STATUS_LINE: return "malformed status line";
    case AIGW_E_HTTP_HEADER: return "malformed header line";
    case AIGW_E_HTTP_HEADERS_TOO_LARGE: return "header section larger than the parser's limit";
    case AIGW_E_HTTP_BODY_TOO_LARGE: return "body larger than the caller's buffer";
    case AIGW_E_HTTP_CHUNK: return "malformed chunk size line or chunk framing";
    case AIGW_E_HTTP_CONTENT_LENGTH: return "malformed or conflicting Content-Length values";
    case AIGW_E_HTTP_CL_CHUNKED: return "Content-Length together with chunked encoding";
    case AIGW_E_HTTP_TRUNCATED: return "the connection ended before the response was complete";
    case AIGW_E_HTTP_ENCODING: return "a transfer coding other than chunked";
    case AIGW_E_API: return "the API answered with an error status";
    case AIGW_E_DNS: return "host name did not resolve";
    case AIGW_E_CONNECT: return "TCP connect refused or failed";
    case AIGW_E_SEND: return "send failed (reset, broken pipe)";
    case AIGW_E_RECV: return "recv failed (reset)";
    case AIGW_E_EOF: return "orderly end of stream (peer closed) where more was needed";
    case AIGW_E_WOULD_BLOCK: return "no data before the deadline";
    case AIGW_E_TIMEOUT_CONNECT: return "connect deadline passed";
    case AIGW_E_TIMEOUT_HANDSHAKE: return "TLS handshake deadline passed";
    case AIGW_E_TIMEOUT_RESPONSE: return "first response byte did not arrive in time";
    case AIGW_E_TIMEOUT_CALL: return "the whole-call deadline passed";
    case AIGW_E_PORT: return "a port is missing a callback or is in the wrong state";
    case AIGW_E_TLS_CA: return "the CA chain given could not be parsed";
    case AIGW_E_TLS_UNTRUSTED: return "server chain does not lead to a trusted CA";
    case AIGW_E_TLS_HOSTNAME: return "server certificate does not match the host name";
    case AIGW_E_TLS_EXPIRED: return "a certificate in the chain has expired";
    case AIGW_E_TLS_NOT_YET_VALID: return "a certificate in the chain is not valid yet";
    case AIGW_E_TLS_CLOCK: return "wall clock not set, certificates cannot be checked";
    case AIGW_E_TLS_HANDSHAKE: return "handshake failed for another reason (alert, protocol)";
    case AIGW_E_TLS_CLOSED: return "peer sent close_notify";
    case AIGW_E_TLS_ALLOC: return "the TLS library ran out of (arena) memory";
    case AIGW_E_TLS: return "other TLS record-layer failure";
    case AIGW_E__COUNT: break;
    }
    return "unknown error";
}
