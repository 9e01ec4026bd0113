/* SPDX-License-Identifier: MIT */
/*
 * Firmware profile "small" (PROFILE=small): ECC only, 4 KiB input records.
 * Every trim here costs interoperability; the board README ("Profiles")
 * lists which chains and servers it cannot talk to.
 */
#ifndef BOARD_PROFILE_H
#define BOARD_PROFILE_H

#define BOARD_PROFILE_NAME "small"

/* No RSA at all: ECDHE-ECDSA suites only, ECC roots only (GTS R4, ISRG X2,
 * SSL.com ECC 2022, USERTrust ECC). An RSA certificate anywhere in the
 * chain up to a trusted root fails. */
#define BOARD_PROFILE_RSA 0

/* Generic curve reduction: about 1.5 KB less flash, ECC operations several
 * times slower (the handshake's ECDHE and signature checks). */
#define BOARD_ECP_NIST_OPTIM 0

/* 4 KiB input records: works only with a server that honours the
 * max_fragment_length extension (RFC 6066) or never sends a record over
 * 4 KiB. Cloudflare's edge does not promise either. */
#define BOARD_SSL_IN_CONTENT_LEN 4096
/* mbedTLS asks for a max_fragment_length no larger than either buffer. */
#define BOARD_SSL_OUT_CONTENT_LEN 4096
#define BOARD_TLS_MAX_FRAGMENT_LEN 4096

/* mbedTLS's arena. The roots are parsed only while a chain needs them
 * (MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK, mbedtls_config_board.h), not
 * all 4 for the whole connection. Measured in QEMU (arena peak of blocks;
 * smallest arena that passed, 256 B steps): test ECDSA chain 12,488 B, needs
 * 14,337..14,848 B; a chain shaped like the edge's ECC chain (P-256 leaf and
 * issuing CA, P-384 transit CA sent by the server, P-384 root) 15,080 B,
 * needs 17,920 B (17,664 B fail). 20 KiB keeps 2,560 B above that for what
 * the edge's leaf carries beyond the test one (SCTs, more names). */
#ifndef BOARD_TLS_ARENA_BYTES
#define BOARD_TLS_ARENA_BYTES (20 * 1024)
#endif
/* The arena of the image that must fail with AIGW_E_TLS_ALLOC: enough for
 * the record buffers and the server's chain, not for the certificate checks
 * (net_update_smallarena, README): measured, 12,288 to 14,336 B ran out in
 * the signature checks, 11,776 B in the CA callback, 14,848 B passed, so the
 * value sits in the middle of that band. */
#ifndef BOARD_TLS_ARENA_SHORT_BYTES
#define BOARD_TLS_ARENA_SHORT_BYTES 13312
#endif

/* lwIP, from the high-water marks of the TLS runs (REPORT line): the pbuf
 * pool held at most 1 frame and the heap at most 612 B (outgoing segments).
 * A window of 2 segments needs 2 pool buffers, plus one for a frame in
 * flight; the heap keeps 2.5 times its peak; the send buffer of 2 segments
 * holds one TLS output record. */
#define BOARD_TCP_WND_SEGS 2
#define BOARD_TCP_SND_SEGS 2
#define BOARD_PBUF_POOL_SIZE 3
#define BOARD_MEM_SIZE 1536

#endif
