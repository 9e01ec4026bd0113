/* SPDX-License-Identifier: MIT */
/*
 * mbedTLS configuration of the bare-metal board (MBEDTLS_CONFIG_FILE):
 * a TLS 1.2 client and nothing else. Written for 2.28; the same file serves
 * 3.6 LTS (the board's MBEDTLS_MAJOR=3 build, README "mbedTLS 3.6"), whose
 * few differences are at the end.
 *
 *  - The firmware profile (board_profile.h, chosen with PROFILE=interop|small,
 *    see the board README) decides RSA, the record buffer sizes and
 *    max_fragment_length; everything else here is common to both.
 *  - Key exchange ECDHE-ECDSA (and ECDHE-RSA with BOARD_PROFILE_RSA), AES-GCM
 *    only (128 and 256), the suites Cloudflare's edge offers for TLS 1.2;
 *    SHA-256 and SHA-384 (Cloudflare's chains sign with both).
 *  - No SHA-1: no certificate of a chain Cloudflare presents is signed with
 *    it and mbedTLS's default profile refuses it anyway; the one root
 *    self-signed with it (AAA Certificate Services) is left out of the
 *    board's trust store (it only cross-signs SSL.com's RSA root, which the
 *    store holds itself, so the chain ends there).
 *  - No RSA-PSS (PKCS#1 v2.1): no certificate of those chains uses it, and
 *    TLS 1.2 signs the key exchange with PKCS#1 v1.5.
 *  - X.509 from DER only (the test CA is compiled in as DER; the TLS port's
 *    own PEM reader needs only base64); P-256 and P-384 curves; RSA up to 4096.
 *  - Heap-free: mbedTLS allocates only from a static arena
 *    (MEMORY_BUFFER_ALLOC_C, given by aigw_tls_arena_init()). Before the
 *    arena is set, every allocation fails (board_mbedtls_calloc_unset).
 *  - Time: the TLS port hands its wall clock to mbedTLS with
 *    mbedtls_platform_set_time() (PLATFORM_TIME_ALT). Until it does, time is
 *    0 (1970), so certificate checks fail rather than pass. The board's wall
 *    clock is the host's, through semihosting SYS_TIME.
 *  - Entropy: no platform entropy (no OS); one "hardware" source,
 *    mbedtls_hardware_poll() in board_entropy.c. QEMU's AN385 has no TRNG, so
 *    the test board feeds timing jitter (SysTick, the LAN9118 free-running
 *    counter, semihosting clocks): a WEAK seed, acceptable only for tests. A
 *    real board must read its TRNG there.
 *  - No file system, no net_sockets, no threading, no debug/self-test code.
 */
#ifndef BOARD_MBEDTLS_CONFIG_H
#define BOARD_MBEDTLS_CONFIG_H

#include <stddef.h>
#include <time.h>

#include "board_profile.h"

/* TLS 1.3: mbedTLS 3.6 only, chosen by the board Makefile (TLS13=1). */
#ifndef BOARD_TLS13
#define BOARD_TLS13 0
#endif

/* --- system --- */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_TIME_ALT
#define MBEDTLS_PLATFORM_GMTIME_R_ALT
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
#define MBEDTLS_MEMORY_DEBUG /* arena usage figures for the test report */
#define MBEDTLS_MEMORY_ALIGN_MULTIPLE 8

/* Board hooks that keep libc's malloc, exit and time out of the image. */
void *board_mbedtls_calloc_unset(size_t n, size_t size);
void board_mbedtls_free_unset(void *p);
time_t board_mbedtls_time_unset(time_t *t);
int board_mbedtls_fprintf(void *stream, const char *fmt, ...);
void board_mbedtls_exit(int status);
#define MBEDTLS_PLATFORM_STD_CALLOC board_mbedtls_calloc_unset
#define MBEDTLS_PLATFORM_STD_FREE board_mbedtls_free_unset
#define MBEDTLS_PLATFORM_STD_TIME board_mbedtls_time_unset
#define MBEDTLS_PLATFORM_FPRINTF_MACRO board_mbedtls_fprintf
#define MBEDTLS_PLATFORM_EXIT_MACRO board_mbedtls_exit

/* --- symmetric crypto and hashes --- */
#define MBEDTLS_AES_C
#define MBEDTLS_AES_ROM_TABLES    /* tables in flash, not 8 KiB of RAM */
#define MBEDTLS_AES_FEWER_TABLES  /* 6 KiB less flash, a little slower */
#define MBEDTLS_AES_SETKEY_DEC_ALT /* GCM and CTR_DRBG only encrypt: board_tls.c refuses decryption */
#define MBEDTLS_AES_DECRYPT_ALT
#define MBEDTLS_GCM_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER
#define MBEDTLS_SHA512_C          /* SHA-384 */
#define MBEDTLS_SHA512_SMALLER
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_ENTROPY_C

/* --- public key --- */
#define MBEDTLS_BIGNUM_C
#if BOARD_PROFILE_RSA
#define MBEDTLS_MPI_MAX_SIZE 512  /* RSA 4096 roots */
#else
#define MBEDTLS_MPI_MAX_SIZE 96   /* P-384 */
#endif
#define MBEDTLS_MPI_WINDOW_SIZE 2
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#if BOARD_ECP_NIST_OPTIM
#define MBEDTLS_ECP_NIST_OPTIM    /* fast reduction for P-256/P-384: about 3x faster, 1.5 KB */
#endif
#define MBEDTLS_ECP_WINDOW_SIZE 2
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0 /* no big precomputed tables in RAM */
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#if BOARD_PROFILE_RSA
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#endif
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
/* Roots parsed only while a chain needs them, not for the whole connection
 * (the TLS port's AIGW_TLS_CA_CALLBACK, port/mbedtls/aigw_tls_ca.h). */
#define MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK

/* --- TLS 1.2 client --- */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_SESSION_TICKETS
/* Encrypt-then-MAC is left out: it applies to CBC suites only. */
#if BOARD_PROFILE_RSA
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_SSL_CIPHERSUITES                          \
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,      \
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,        \
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,      \
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
#else
#define MBEDTLS_SSL_CIPHERSUITES                          \
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,      \
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
#endif
#if BOARD_TLS_MAX_FRAGMENT_LEN
#define MBEDTLS_SSL_MAX_FRAGMENT_LENGTH
#endif
/* Record buffers: see board_profile.h (a server's whole Certificate message
 * must fit one input record in mbedTLS 2.x). */
#define MBEDTLS_SSL_IN_CONTENT_LEN BOARD_SSL_IN_CONTENT_LEN
#define MBEDTLS_SSL_OUT_CONTENT_LEN BOARD_SSL_OUT_CONTENT_LEN
/* The session kept for resumption holds no peer certificate (smaller). */
#undef MBEDTLS_SSL_KEEP_PEER_CERTIFICATE

/* 3.x reads this file from its build_info.h, which has defined the version
 * by then and checks the configuration itself (a hand-made include of
 * check_config.h is an error there); 2.28 needs the include. */
#if defined(MBEDTLS_VERSION_MAJOR) && MBEDTLS_VERSION_MAJOR >= 3
/* SHA-384 is its own module since 3.0 (sha512.c still implements it). */
#define MBEDTLS_SHA384_C
/* 3.x keeps a millisecond clock for TLS 1.3 tickets and timing: the board's
 * SysTick (board_tls.c) rather than a POSIX one. */
#define MBEDTLS_PLATFORM_MS_TIME_ALT
#if BOARD_TLS13
/* TLS 1.3 beside 1.2 (make MBEDTLS_MAJOR=3 TLS13=1): 3.6 runs it on the PSA
 * crypto core (ECDHE, HKDF, AEAD), keeps the peer's certificate, and signs
 * with RSA-PSS. PSA draws its randomness from the board (external RNG in
 * board_tls.c), so no second entropy collector lives in the arena. */
#define MBEDTLS_PSA_CRYPTO_C
#define MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG
#define MBEDTLS_HKDF_C
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
#if BOARD_PROFILE_RSA
#define MBEDTLS_PKCS1_V21             /* TLS 1.3 servers sign with RSA-PSS */
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT /* which 3.6 offers only with this */
#endif
/* The TLS port sets its own list (TLS 1.3 suites first). */
#undef MBEDTLS_SSL_CIPHERSUITES
#endif
#else
#include "mbedtls/check_config.h"
#endif

#endif
