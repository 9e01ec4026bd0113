/* SPDX-License-Identifier: MIT */
/*
 * Internal to port/mbedtls: turns the CA inputs of an aigw_tls_config_t into
 * an mbedTLS certificate chain.
 */
#ifndef AIGW_TLS_CA_H
#define AIGW_TLS_CA_H

#include "aigw/aigw_tls.h"

/**
 * Parse cfg->ca (PEM or DER, one or many certificates) and cfg->ca_set (DER
 * table) into crt, which the caller has initialised. Strict: every
 * certificate must parse and at least one must be there. AIGW_E_TLS_CA on bad
 * input, AIGW_E_TLS_ALLOC when mbedTLS ran out of memory; *mret gets the
 * mbedTLS code behind the failure (0 on success). On failure crt may hold the
 * certificates parsed before the bad one: the caller frees crt either way.
 */
aigw_err_t aigw_tls_load_ca(mbedtls_x509_crt *crt, const aigw_tls_config_t *cfg, int *mret);

/** Non-zero when an mbedTLS error code (high or low part) means "out of memory". */
int aigw_tls_is_alloc_error(int ret);

#endif /* AIGW_TLS_CA_H */
