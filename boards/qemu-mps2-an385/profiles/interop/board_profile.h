/* SPDX-License-Identifier: MIT */
/*
 * Firmware profile "interop" (the default, PROFILE=interop): verifies every
 * chain Cloudflare's edge may present, RSA and ECC (see the board README,
 * "Profiles"). Only trims that cost no interoperability.
 */
#ifndef BOARD_PROFILE_H
#define BOARD_PROFILE_H

#define BOARD_PROFILE_NAME "interop"

/* ECDHE-RSA suites, RSA keys in chains (RSA roots: GTS R1, ISRG X1, SSL.com
 * RSA 2022, USERTrust RSA; up to 4096 bits). */
#define BOARD_PROFILE_RSA 1

/* Fast NIST curve reduction (about 1.5 KB): handshakes stay quick on a slow CPU. */
#define BOARD_ECP_NIST_OPTIM 1

/* mbedTLS 2.28 cannot reassemble a handshake message split over records, and
 * a server may send a 16 KiB record at any time: the full input buffer. */
#define BOARD_SSL_IN_CONTENT_LEN 16384
/* Requests are small and the TLS port splits larger writes into records. */
#define BOARD_SSL_OUT_CONTENT_LEN 2048
/* No max_fragment_length request: the edge need not honour one. */
#define BOARD_TLS_MAX_FRAGMENT_LEN 0

/* mbedTLS's arena. The roots are parsed only while a chain needs them
 * (MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK, mbedtls_config_board.h), one
 * or two at a time instead of all 8 (about 9 KB) for the whole connection.
 * Measured in QEMU (arena peak of blocks; smallest arena that passed, 256 B
 * steps): test ECDSA chain 22,736 B, needs 24,577..25,088 B; test RSA chain
 * (leaf + RSA-2048 root) 25,976 B; a chain shaped like the edge's RSA chain
 * (RSA-2048 leaf, RSA-2048 issuing CA, RSA-4096 transit CA sent by the
 * server, RSA-4096 root: 3.4 KB of DER) 34,680 B, needs 37,376 B (37,120 B
 * fail); its ECC twin (P-256 leaf and issuing CA, P-384 transit and root)
 * 25,104 B, passed in 30 KiB. 40 KiB keeps 3,584 B (9.6 %) above the edge
 * RSA chain's need for what the edge's leaf carries beyond the test one
 * (SCTs, more names). */
#ifndef BOARD_TLS_ARENA_BYTES
#define BOARD_TLS_ARENA_BYTES (40 * 1024)
#endif

/* The arena of the image that must fail with AIGW_E_TLS_ALLOC: enough for
 * the record buffers and the server's chain, not for the certificate checks
 * (net_update_smallarena, README): measured, 22,016 to 24,576 B ran out in
 * the signature checks, 21,504 B in the CA callback, 25,088 B passed, so the
 * value sits in the middle of that band. */
#ifndef BOARD_TLS_ARENA_SHORT_BYTES
#define BOARD_TLS_ARENA_SHORT_BYTES 23296
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
