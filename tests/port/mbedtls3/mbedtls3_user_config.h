/* SPDX-License-Identifier: MIT */
/*
 * mbedTLS 3.6 user config for tests/suites/41-port-mbedtls3.sh: trixie's
 * default configuration plus the trusted-certificate callback, so the port
 * runs there with AIGW_TLS_CA_CALLBACK (port/mbedtls/aigw_tls_ca.h: roots
 * parsed only when a chain needs them) while 40-port.sh runs Debian 12's
 * binary without it (the store parsed for the whole connection). The option
 * adds a code path and two fields of mbedtls_ssl_config; nothing changes for
 * a program that does not set a callback.
 */
#define MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK
