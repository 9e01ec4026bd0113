/* SPDX-License-Identifier: MIT */
/*
 * The few mbedTLS calls that differ between 2.28 (Debian 12, most vendor SDKs
 * until 2024) and 3.6 LTS (Debian 13, ESP-IDF 5, Zephyr, pico-sdk 2), so the
 * TLS port compiles against either without rewriting it.
 *
 * What 3.6 changes for aigw:
 *  - the SHA-256 calls lost their _ret suffix;
 *  - mbedtls_ssl_session's fields are private and mbedtls_ssl_get_session_pointer
 *    is gone: resumption is still detected the 2.28 way (a resumed TLS 1.2
 *    handshake keeps the offered master secret), reading the field through
 *    MBEDTLS_PRIVATE(), which is the documented escape for such reads;
 *  - TLS 1.3 exists: offered when the build enables MBEDTLS_SSL_PROTO_TLS1_3
 *    (3.6's default), with its three AEAD suites, and it needs the PSA crypto
 *    core initialised first. A TLS 1.3 connection is never reported resumed:
 *    3.6 ignores TLS 1.3 session tickets unless asked to signal them, and aigw
 *    does not ask, so every TLS 1.3 handshake is a full one;
 *  - certificates for IP-address hosts verify against their iPAddress
 *    subjectAltName (2.28 compares the text with DNS names only, so an IP host
 *    fails there with AIGW_E_TLS_HOSTNAME).
 * Tested both ways: tests/suites/40-port.sh (2.28) and 41-port-mbedtls3.sh (3.6).
 */
#ifndef AIGW_TLS_COMPAT_H
#define AIGW_TLS_COMPAT_H

#include "mbedtls/version.h"
#include "mbedtls/sha256.h"
#include "mbedtls/ssl.h"

#if MBEDTLS_VERSION_NUMBER >= 0x03000000
#define AIGW_MBEDTLS3 1
#if !defined(MBEDTLS_SSL_PROTO_TLS1_2)
#error "aigw's TLS port needs MBEDTLS_SSL_PROTO_TLS1_2 (Cloudflare's edge and session resumption)"
#endif
#else
#define AIGW_MBEDTLS3 0
#endif

/* 3.x with the PSA core: TLS 1.3 and PSA-based code need psa_crypto_init() first. */
#if AIGW_MBEDTLS3 && defined(MBEDTLS_PSA_CRYPTO_C)
#define AIGW_TLS_PSA 1
#include "psa/crypto.h"
#else
#define AIGW_TLS_PSA 0
#endif

#ifndef MBEDTLS_PRIVATE
#define MBEDTLS_PRIVATE(member) member /* 2.28: every field is public */
#endif

#if AIGW_MBEDTLS3
#define aigw_sha256_starts mbedtls_sha256_starts
#define aigw_sha256_update mbedtls_sha256_update
#define aigw_sha256_finish mbedtls_sha256_finish
#define aigw_sha256 mbedtls_sha256
#else
#define aigw_sha256_starts mbedtls_sha256_starts_ret
#define aigw_sha256_update mbedtls_sha256_update_ret
#define aigw_sha256_finish mbedtls_sha256_finish_ret
#define aigw_sha256 mbedtls_sha256_ret
#endif

/* TLS 1.3 suites go first in the client's list: a server that speaks 1.3 picks them. */
#if AIGW_MBEDTLS3 && defined(MBEDTLS_SSL_PROTO_TLS1_3)
#define AIGW_TLS13_SUITES                                                        \
    MBEDTLS_TLS1_3_AES_128_GCM_SHA256, MBEDTLS_TLS1_3_AES_256_GCM_SHA384,        \
    MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256,
#else
#define AIGW_TLS13_SUITES
#endif

/** The session mbedTLS holds for the connection (NULL before a handshake). */
static inline const mbedtls_ssl_session *aigw_ssl_session(const mbedtls_ssl_context *ssl)
{
#if AIGW_MBEDTLS3
    return ssl->MBEDTLS_PRIVATE(session);
#else
    return mbedtls_ssl_get_session_pointer(ssl);
#endif
}

/** The 48-byte TLS 1.2 master secret of a session. */
static inline const unsigned char *aigw_session_master(const mbedtls_ssl_session *s)
{
    return s->MBEDTLS_PRIVATE(master);
}

/** 1 when the connection runs TLS 1.2 (the only version aigw resumes). */
static inline int aigw_ssl_is_tls12(const mbedtls_ssl_context *ssl)
{
#if AIGW_MBEDTLS3
    return mbedtls_ssl_get_version_number(ssl) == MBEDTLS_SSL_VERSION_TLS1_2;
#else
    (void)ssl;
    return 1; /* the port allows nothing else on 2.28 */
#endif
}

/** TLS 1.2 at least; 1.3 at most where the build has it. */
static inline void aigw_ssl_conf_versions(mbedtls_ssl_config *conf)
{
#if AIGW_MBEDTLS3
    mbedtls_ssl_conf_min_tls_version(conf, MBEDTLS_SSL_VERSION_TLS1_2);
#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
    mbedtls_ssl_conf_max_tls_version(conf, MBEDTLS_SSL_VERSION_TLS1_3);
#else
    mbedtls_ssl_conf_max_tls_version(conf, MBEDTLS_SSL_VERSION_TLS1_2);
#endif
#else
    mbedtls_ssl_conf_min_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_max_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
#endif
}

#if AIGW_TLS_PSA
/** Initialise the PSA core (process-wide, idempotent): 0 or an mbedTLS error. */
static inline int aigw_psa_init(void)
{
    return psa_crypto_init() == PSA_SUCCESS ? 0 : MBEDTLS_ERR_SSL_HW_ACCEL_FAILED;
}
#endif

#endif /* AIGW_TLS_COMPAT_H */
