/* SPDX-License-Identifier: MIT */
/*
 * Internal to port/mbedtls: turns the CA inputs of an aigw_tls_config_t into
 * an mbedTLS certificate chain.
 */
#ifndef AIGW_TLS_CA_H
#define AIGW_TLS_CA_H

#include "aigw/aigw_tls.h"
#include "mbedtls/x509_crt.h"

/*
 * AIGW_TLS_CA_CALLBACK: 1 = the trust store is not parsed for the connection;
 * mbedTLS asks aigw_tls_ca_cb() for the parents of each certificate it checks,
 * which parses only the matching roots and mbedTLS frees them again (about
 * 1 KB per root of arena kept free while the handshake runs: 9 KB for the 8
 * Cloudflare roots). 0 = every root parsed into aigw_tls_t.ca at connect()
 * and held until close(). Default: 1 when mbedTLS is built with
 * MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK (2.28 and 3.6 have it, off in
 * their default configuration), else 0. Either way aigw_tls_init() parses
 * the whole store once, so a bad root is reported there.
 */
#if !defined(AIGW_TLS_CA_CALLBACK)
#if defined(MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK)
#define AIGW_TLS_CA_CALLBACK 1
#else
#define AIGW_TLS_CA_CALLBACK 0
#endif
#endif
#if AIGW_TLS_CA_CALLBACK && !defined(MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK)
#error "AIGW_TLS_CA_CALLBACK=1 needs mbedTLS built with MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK"
#endif

/**
 * Parse cfg->ca (PEM or DER, one or many certificates) and cfg->ca_set (DER
 * table) into crt, which the caller has initialised. Strict: every
 * certificate must parse and at least one must be there. AIGW_E_TLS_CA on bad
 * input, AIGW_E_TLS_ALLOC when mbedTLS ran out of memory; *mret gets the
 * mbedTLS code behind the failure (0 on success). On failure crt may hold the
 * certificates parsed before the bad one: the caller frees crt either way.
 */
aigw_err_t aigw_tls_load_ca(mbedtls_x509_crt *crt, const aigw_tls_config_t *cfg, int *mret);

#if AIGW_TLS_CA_CALLBACK
/**
 * mbedtls_x509_crt_ca_cb_t over the aigw_tls_config_t in ctx: *candidates gets
 * a chain (from mbedtls_calloc, freed by mbedTLS) of the roots whose DER
 * subject equals child's issuer, or NULL when none does. Non-zero (an mbedTLS
 * code; ALLOC_FAILED when the arena is full) aborts the verification.
 */
int aigw_tls_ca_cb(void *ctx, const mbedtls_x509_crt *child, mbedtls_x509_crt **candidates);
#endif

/** Non-zero when an mbedTLS error code (high or low part) means "out of memory". */
int aigw_tls_is_alloc_error(int ret);

#endif /* AIGW_TLS_CA_H */
