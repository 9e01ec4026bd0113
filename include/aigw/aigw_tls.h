/* SPDX-License-Identifier: MIT */
/**
 * @file
 * aigw TLS port (mbedTLS 2.28 or 3.6 LTS): TLS client over ANY stream
 * aigw_port_t, itself an aigw_port_t, so POSIX and lwIP backends share one TLS
 * layer. TLS 1.2 always; TLS 1.3 too with mbedTLS 3.6 when its build enables
 * MBEDTLS_SSL_PROTO_TLS1_3 (3.6's default). With 3.x the PSA crypto core is
 * initialised on the first connect (process-wide, about 3 KB it keeps); 3.6
 * ignores TLS 1.3 session tickets, so only TLS 1.2 connections resume.
 * The differences live in port/mbedtls/aigw_tls_compat.h.
 *
 *   aigw_posix_t sock;  aigw_port_t tcp;   aigw_posix_init(&sock, &tcp);
 *   aigw_tls_t   tls;   aigw_port_t https;
 *   aigw_tls_config_t cfg = {0};
 *   cfg.ca_set = aigw_cloudflare_ca; cfg.ca_set_count = aigw_cloudflare_ca_count;
 *   cfg.entropy = aigw_posix_entropy; cfg.wall_clock = aigw_posix_wall_clock;
 *   aigw_tls_init(&tls, &https, &tcp, &cfg);
 *   https.connect(https.ctx, "api.cloudflare.com", 443, deadline);
 *
 * Security, always on, not configurable: certificate verification REQUIRED,
 * SNI and host name verification with the host given to connect(), TLS 1.2
 * only, ECDHE with AEAD cipher suites only, no renegotiation.
 *
 * Errors from connect(), each distinct:
 *   AIGW_E_TLS_CLOCK         the wall clock is before AIGW_TLS_CLOCK_FLOOR: refused
 *                            before any network traffic (a device without an RTC
 *                            would otherwise reject every certificate, or with a
 *                            wrong clock accept expired ones)
 *   AIGW_E_TLS_CA            the CA input could not be parsed (also from aigw_tls_init)
 *   AIGW_E_TLS_UNTRUSTED     the chain does not lead to a given CA (or a certificate
 *                            in it is unacceptable for another reason: verify_flags)
 *   AIGW_E_TLS_HOSTNAME      the certificate's SAN/CN does not match the host
 *   AIGW_E_TLS_EXPIRED / AIGW_E_TLS_NOT_YET_VALID   validity period vs the clock
 *   AIGW_E_TIMEOUT_HANDSHAKE the deadline passed during the handshake
 *   AIGW_E_TLS_HANDSHAKE     alert, protocol error, or the peer closed mid-handshake
 *   AIGW_E_TLS_ALLOC         mbedTLS ran out of heap (or of the arena; with the arena's
 *                            refusal count, also when mbedTLS reported it as a bad
 *                            chain: aigw_tls_arena_refused())
 *   AIGW_E_DNS/CONNECT/TIMEOUT_CONNECT, AIGW_E_SEND/RECV   from the lower port
 * When several certificate problems apply, the first in the order UNTRUSTED,
 * HOSTNAME, EXPIRED, NOT_YET_VALID is returned; verify_flags has them all.
 *
 * recv(): close_notify from the peer gives AIGW_E_EOF, the orderly end of
 * stream of the port contract (AIGW_E_TLS_CLOSED is not returned by recv).
 * A TCP FIN WITHOUT close_notify gives AIGW_E_RECV: at the TLS layer that is
 * a possible truncation, not an orderly end (OpenSSL 3 treats it the same;
 * a body framed by Content-Length or chunked is unaffected, a close-delimited
 * one would be cut silently otherwise). eof_without_notify is then set.
 *
 * send(): mbedTLS may have written part of a record when the deadline passes.
 * After AIGW_E_WOULD_BLOCK from send, call send again with THE SAME bytes, or
 * close the connection (mbedTLS's rule for a pending record).
 *
 * Clock: the wall_clock callback is checked against AIGW_TLS_CLOCK_FLOOR before
 * each handshake. Where mbedTLS is built with MBEDTLS_PLATFORM_TIME_ALT (the
 * firmware config), the same callback becomes mbedTLS's time source through
 * mbedtls_platform_set_time() (process-wide: mbedTLS has one time hook, so the
 * last context connected sets it). Debian's libmbedtls has no TIME_ALT: its
 * certificate checks use time(), which on a host is what wall_clock returns.
 *
 * Memory: every mbedTLS structure lives inside aigw_tls_t (caller-owned). The
 * heap mbedTLS uses (record buffers, parsed CAs, handshake state) is taken in
 * connect() and given back in close() and on every failed connect(): after
 * close() mbedTLS holds nothing. The session kept for resumption is stored
 * serialized in aigw_tls_t.session, not on the heap.
 *
 * Buffer sizing: mbedTLS 2.x cannot reassemble a handshake message split over
 * several records, so MBEDTLS_SSL_IN_CONTENT_LEN must hold the server's whole
 * Certificate message. 16 KiB (the default) always interoperates; a smaller
 * input buffer works only with a server that honours the max_fragment_length
 * extension (cfg.max_fragment_len), which a public edge does not promise.
 * Measured on the host (Debian mbedTLS 2.28.3, 16 KiB buffers, tests/port/tls_heap.c):
 * one full ECDSA handshake peaks at about 44 KB of mbedTLS heap and an open
 * connection holds about 38 KB; the 9 Cloudflare roots add about 15 KB
 * (parsed in place from flash, no DER copy). With mbedTLS built with
 * MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK the roots are parsed only while
 * a chain needs them, not held for the connection (docs/PORTING.md,
 * "Trust anchors on demand"; port/mbedtls/aigw_tls_ca.h).
 *
 * Host names: pass a DNS name. mbedTLS 2.28 matches only dNSName entries, so
 * an IP literal ("127.0.0.1") gives AIGW_E_TLS_HOSTNAME even when the
 * certificate lists that address. mbedTLS 3.6 matches an IP literal against the
 * certificate's iPAddress subjectAltName entries, so there it verifies
 * (tests/port/tls_test.c: ip_literal_host_matched).
 *
 * Resumption: the session of the last successful handshake is offered on the
 * next connect() to the same host and port (never to another host: a resumed
 * handshake skips certificate checks). How long it stays valid is the
 * server's decision; a server that declines it gets a full handshake.
 * last_resumed, handshakes and resumed tell what happened.
 *
 * Heap-free firmware: aigw_tls_arena_init() makes mbedTLS allocate only from a
 * caller-provided static buffer (MBEDTLS_MEMORY_BUFFER_ALLOC_C). Debian's
 * libmbedtls is built without it (config.h leaves it undefined and the library
 * exports no mbedtls_memory_buffer_alloc_* symbols), so against that library
 * aigw_tls_arena_init() returns AIGW_E_ARG. `make port-arena` builds the same
 * port code against mbedTLS compiled from Debian's source with the arena and
 * MBEDTLS_PLATFORM_TIME_ALT (tests/port/arena): the arena is empty again after
 * every close and every failed connect, and a too-small arena gives
 * AIGW_E_TLS_ALLOC. A full handshake there peaked at about 45 KB of arena.
 */
#ifndef AIGW_TLS_H
#define AIGW_TLS_H

#include <stddef.h>
#include <stdint.h>

#include "aigw_port.h"

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/ssl.h"
#include "mbedtls/x509_crt.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Wall clocks earlier than this (Unix seconds) are "not set": 2024-01-01T00:00:00Z. */
#ifndef AIGW_TLS_CLOCK_FLOOR
#define AIGW_TLS_CLOCK_FLOOR 1704067200
#endif

/** Bytes kept for the serialized session (resumption). With MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
 *  the session carries the server's certificate, so it needs room for it; without it, a
 *  session is the master secret, id, and ticket. A session that does not fit is not kept
 *  (session_too_large counts it) and the next connect does a full handshake. */
#ifndef AIGW_TLS_SESSION_MAX
#if defined(MBEDTLS_SSL_KEEP_PEER_CERTIFICATE)
#define AIGW_TLS_SESSION_MAX 4096
#else
#define AIGW_TLS_SESSION_MAX 768
#endif
#endif

/** Fill buf with len bytes of true entropy; 0 on success (mbedTLS entropy signature). */
typedef int (*aigw_tls_entropy_fn)(void *ctx, unsigned char *buf, size_t len);
/** Seconds since 1970-01-01 UTC. */
typedef int64_t (*aigw_tls_wall_clock_fn)(void *ctx);

/** One trusted root as DER, with its subject CN and SHA-256 fingerprint (for audits and tests). */
typedef struct aigw_ca_cert {
    const char *name;       /**< subject CN */
    const uint8_t *der;     /**< the certificate, DER (in flash; parsed in place, never copied) */
    size_t der_len;         /**< bytes of der */
    uint8_t sha256[32];     /**< SHA-256 of der */
} aigw_ca_cert_t;

/** The roots behind Cloudflare's edge certificates (generated by tools/gen-ca.py from
 *  the PEM files in tools/upstream/ca into port/mbedtls/aigw_cloudflare_ca.c: do not edit by hand). */
extern const aigw_ca_cert_t aigw_cloudflare_ca[];
/** Number of entries in aigw_cloudflare_ca. */
extern const size_t aigw_cloudflare_ca_count;

/** TLS port configuration, copied by aigw_tls_init() (the buffers it points to are not). */
typedef struct aigw_tls_config {
    /** Trusted CAs as PEM or DER, one or many certificates in one buffer (PEM needs no
     *  terminating NUL). Every certificate must parse, or AIGW_E_TLS_CA. May be NULL. */
    const uint8_t *ca;
    size_t ca_len;                      /**< bytes of ca */
    /** And/or a table of DER roots (e.g. aigw_cloudflare_ca), parsed in place. May be NULL.
     *  At least one CA must be given by ca or ca_set. Both must outlive the context. */
    const aigw_ca_cert_t *ca_set;
    size_t ca_set_count;                /**< entries in ca_set */
    aigw_tls_entropy_fn entropy;        /**< required: seeds CTR_DRBG at each connect */
    void *entropy_ctx;                  /**< passed to entropy */
    aigw_tls_wall_clock_fn wall_clock;  /**< required: see "Clock" above */
    void *wall_clock_ctx;               /**< passed to wall_clock */
    /** 0, or 512/1024/2048/4096: ask the server for max_fragment_length (RFC 6066). */
    uint16_t max_fragment_len;
    /** Non-zero: never offer a saved session (every connect does a full handshake). */
    uint8_t no_resumption;
    /** Optional budgets inside connect()'s deadline, so one whole-call deadline can be passed
     *  and still tell the phases apart: the TCP connect may take at most connect_timeout_ms
     *  (-> AIGW_E_TIMEOUT_CONNECT), the handshake at most handshake_timeout_ms from the end of
     *  the TCP connect (-> AIGW_E_TIMEOUT_HANDSHAKE). 0: only the connect() deadline counts. */
    uint32_t connect_timeout_ms;
    uint32_t handshake_timeout_ms;      /**< see connect_timeout_ms */
} aigw_tls_config_t;

/**
 * One TLS connection over a lower stream port, with every mbedTLS structure
 * inside (caller-owned; set up by aigw_tls_init()). Keep it at a fixed
 * address while in use (mbedTLS keeps pointers into it). The diagnostics and
 * counters may be read; everything else is the port's.
 */
typedef struct aigw_tls {
    /* set by aigw_tls_init */
    aigw_port_t *lower;          /**< the stream port under TLS (caller-owned, outlives this) */
    aigw_tls_config_t cfg;       /**< copy of the configuration */

    /* mbedTLS state: initialised in connect(), freed in close() */
    mbedtls_ssl_context ssl;     /**< the TLS session */
    mbedtls_ssl_config conf;     /**< its configuration */
    mbedtls_x509_crt ca;         /**< the parsed trust store */
    mbedtls_ctr_drbg_context drbg; /**< the random generator (seeded from cfg.entropy) */
    uint8_t live;                /**< the mbedTLS structs above are initialised */
    uint8_t connected;           /**< handshake done, not closed */
    uint8_t peer_closed;         /**< close_notify received: recv keeps returning AIGW_E_EOF */

    /* per-operation state for the BIO callbacks */
    aigw_ms_t deadline;          /**< deadline of the operation in progress */
    aigw_err_t lower_err;        /**< last failure of the lower port seen by a BIO callback */

    /* diagnostics (read-only for the caller) */
    int mbedtls_ret;             /**< last mbedTLS error code behind an AIGW_E_TLS* error, or 0 */
    uint32_t verify_flags;       /**< mbedTLS MBEDTLS_X509_BADCERT_* flags of the last handshake */
    uint8_t eof_without_notify;  /**< the last recv saw TCP end without close_notify */

    /* session resumption: serialized mbedtls_ssl_session bound to host:port */
    uint8_t session[AIGW_TLS_SESSION_MAX]; /**< the kept session, serialized (wiped when dropped) */
    size_t session_len;          /**< 0 when no session is kept */
    uint8_t session_key[32];     /**< SHA-256 of "host:port" the session belongs to */
    uint8_t last_resumed;        /**< the last successful handshake was abbreviated */
    uint32_t handshakes;         /**< successful handshakes */
    uint32_t resumed;            /**< of those, abbreviated (resumed) ones */
    uint32_t session_too_large;  /**< sessions not kept because AIGW_TLS_SESSION_MAX was too small */
} aigw_tls_t;

/**
 * Prepare tls and fill port with the TLS callbacks (port->ctx = tls). lower is
 * any connected-on-demand stream port (aigw_posix, lwIP); now() and sleep()
 * are the lower port's. The CA input is parsed once here to report bad input
 * early (AIGW_E_TLS_CA) and freed again. AIGW_E_ARG for NULL pointers, a
 * missing entropy or wall_clock callback, no CA at all, or a bad max_fragment_len.
 * init does not look at what tls held before (it may be uninitialised memory):
 * close a connected context first, or its connection and mbedTLS heap are lost.
 */
aigw_err_t aigw_tls_init(aigw_tls_t *tls, aigw_port_t *port, aigw_port_t *lower,
                         const aigw_tls_config_t *cfg);

/** Drop the saved session (wiped): the next connect does a full handshake. */
void aigw_tls_forget_session(aigw_tls_t *tls);

/**
 * Make mbedTLS allocate only from buf[0..len) (process-wide: mbedTLS has one
 * allocator). Call once, before any aigw_tls_init. AIGW_E_ARG when mbedTLS is
 * built without MBEDTLS_MEMORY_BUFFER_ALLOC_C (e.g. Debian's) or buf is NULL.
 */
aigw_err_t aigw_tls_arena_init(uint8_t *buf, size_t len);

/** Bytes of the arena in use now and at most so far. AIGW_E_ARG without the arena build. */
aigw_err_t aigw_tls_arena_usage(size_t *cur, size_t *peak);

/** Give the arena back (mbedTLS then has no allocator). */
void aigw_tls_arena_free(void);

/**
 * Allocations the arena has refused so far. Counted only when mbedTLS's
 * library/memory_buffer_alloc.c is compiled with
 * -Dmbedtls_platform_set_calloc_free=aigw_tls_arena_hooks (the board and
 * `make port-arena` do): mbedTLS then hands its allocator to
 * aigw_tls_arena_hooks(), which installs a counting wrapper. Otherwise 0.
 * With the count, connect() returns AIGW_E_TLS_ALLOC for a handshake that
 * failed while the arena refused memory, also where mbedTLS reports the
 * failure as a certificate problem (a signature check that could not
 * allocate reads as an untrusted chain); aigw_tls_arena_usage() then gives
 * the peak to compare with the arena's size.
 */
uint32_t aigw_tls_arena_refused(void);

/** Not called by applications: see aigw_tls_arena_refused(). */
int aigw_tls_arena_hooks(void *(*calloc_fn)(size_t n, size_t size), void (*free_fn)(void *p));

#ifdef __cplusplus
}
#endif
#endif /* AIGW_TLS_H */
