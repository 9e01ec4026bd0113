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

/* mbedTLS's arena. Measured in QEMU: the test PKI's RSA chain (leaf + RSA-2048
 * root) peaks at 34,400 B of blocks and needs an arena of 40,000 B (block
 * headers and fragmentation; 38,000 B fail). A chain shaped like the edge's
 * RSA chain (RSA-2048 leaf, RSA-2048 issuing CA, RSA-4096 transit CA sent by
 * the server, RSA-4096 root: 3.4 KB of DER) peaked at 42,048 B and needed
 * 48 KiB (47,104 B fail); its ECC twin (P-256 leaf and issuing CA, P-384
 * transit and root) passed in 44 KiB. 50 KiB keeps 2 KiB for what the edge's
 * leaf carries beyond that (SCTs, more names). */
#ifndef BOARD_TLS_ARENA_BYTES
#define BOARD_TLS_ARENA_BYTES (50 * 1024)
#endif

/* The arena of the image that must fail with AIGW_E_TLS_ALLOC: enough for
 * the record buffers, the trust store and the server's chain, not for the
 * certificate checks (net_update_smallarena, README): measured, 32,600 to 33,600 B verified there, 32,400 B ran out earlier (ECDH),
 * so the value sits in the middle of that band. */
#ifndef BOARD_TLS_ARENA_SHORT_BYTES
#define BOARD_TLS_ARENA_SHORT_BYTES 33000
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
