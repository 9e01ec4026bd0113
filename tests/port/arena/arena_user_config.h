/* SPDX-License-Identifier: MIT */
/*
 * mbedTLS user config for the host arena build (tests/port/arena): Debian's
 * mbedTLS 2.28.3 source configuration plus what a heap-free firmware uses,
 * so the TLS port's arena and wall-clock paths run on the host:
 *   MBEDTLS_MEMORY_BUFFER_ALLOC_C + MBEDTLS_PLATFORM_MEMORY  every allocation from the arena
 *   MBEDTLS_MEMORY_DEBUG     the arena's in-use and peak counters
 *   MBEDTLS_PLATFORM_TIME_ALT  certificate validity from the caller's wall clock
 *   MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK  roots parsed only when a chain needs
 *                            them (AIGW_TLS_CA_CALLBACK, port/mbedtls/aigw_tls_ca.h);
 *                            tls_arena_store is built with AIGW_TLS_CA_CALLBACK=0
 */
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
#define MBEDTLS_MEMORY_DEBUG
#define MBEDTLS_PLATFORM_TIME_ALT
#define MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK
