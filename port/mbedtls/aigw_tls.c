/* SPDX-License-Identifier: MIT */
/*
 * TLS port: mbedTLS 2.28 TLS 1.2 client over any stream aigw_port_t.
 *
 * The BIO callbacks call the lower port with the deadline of the operation in
 * progress (tls->deadline), so one deadline bounds both the TLS work and the
 * socket waits. A lower AIGW_E_WOULD_BLOCK becomes MBEDTLS_ERR_SSL_WANT_*,
 * which leaves mbedTLS's state intact; the loops here turn it back into
 * AIGW_E_WOULD_BLOCK / AIGW_E_TIMEOUT_HANDSHAKE once the deadline has passed.
 * Any other lower failure is remembered in tls->lower_err and returned as is,
 * so a reset reads AIGW_E_RECV, not a vague TLS error.
 *
 * Everything mbedTLS allocates lives from connect() to close(): see
 * include/aigw/aigw_tls.h ("Memory").
 */
#include "aigw/aigw_tls.h"

#include <string.h>

#include "aigw_tls_ca.h"
#include "mbedtls/net_sockets.h" /* MBEDTLS_ERR_NET_* codes only; no sockets from here */
#include "mbedtls/platform.h"
#include "mbedtls/platform_util.h"
#include "mbedtls/sha256.h"
#include "aigw_tls_compat.h"

/* ECDHE key exchange with AEAD ciphers only: forward secrecy, no CBC padding
 * oracles. Cloudflare's edge offers all of these. Suites a firmware config
 * leaves out are skipped by mbedTLS when it builds the ClientHello. */
static const int k_suites[] = {
    AIGW_TLS13_SUITES
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    0,
};

static const unsigned char k_drbg_personal[] = "aigw-tls";

#if defined(MBEDTLS_PLATFORM_TIME_ALT)
/* mbedTLS has one process-wide time hook without a context argument, so the
 * callback of the context that connected last is kept here. Firmware only:
 * Debian's build uses time(). */
static aigw_tls_wall_clock_fn s_clock;
static void *s_clock_ctx;
static mbedtls_time_t platform_time(mbedtls_time_t *t)
{
    mbedtls_time_t now = (mbedtls_time_t)(s_clock != NULL ? s_clock(s_clock_ctx) : 0);
    if (t != NULL)
        *t = now;
    return now;
}
#endif

/* ---- BIO: mbedTLS -> lower port ---------------------------------------- */

static int bio_send(void *vctx, const unsigned char *buf, size_t len)
{
    aigw_tls_t *tls = (aigw_tls_t *)vctx;
    size_t n = 0;
    aigw_err_t e = tls->lower->send(tls->lower->ctx, buf, len, &n, tls->deadline);
    if (e == AIGW_OK && n > 0 && n <= len)
        return n > (size_t)INT32_MAX ? INT32_MAX : (int)n;
    if (e == AIGW_E_WOULD_BLOCK)
        return MBEDTLS_ERR_SSL_WANT_WRITE;
    tls->lower_err = e == AIGW_OK ? AIGW_E_PORT : e; /* OK with a bad count breaks the contract */
    return MBEDTLS_ERR_NET_SEND_FAILED;
}

/* mbedTLS's timeout argument is ignored: tls->deadline is the one that counts. */
static int bio_recv_timeout(void *vctx, unsigned char *buf, size_t len, uint32_t timeout)
{
    aigw_tls_t *tls = (aigw_tls_t *)vctx;
    size_t n = 0;
    aigw_err_t e;
    (void)timeout;
    e = tls->lower->recv(tls->lower->ctx, buf, len, &n, tls->deadline);
    if (e == AIGW_OK && n > 0 && n <= len)
        return n > (size_t)INT32_MAX ? INT32_MAX : (int)n;
    if (e == AIGW_E_WOULD_BLOCK)
        return MBEDTLS_ERR_SSL_WANT_READ;
    if (e == AIGW_E_EOF) {
        tls->lower_err = AIGW_E_EOF;
        return 0; /* mbedTLS: transport closed */
    }
    tls->lower_err = e == AIGW_OK ? AIGW_E_PORT : e;
    return MBEDTLS_ERR_NET_RECV_FAILED;
}

/* ---- helpers ------------------------------------------------------------ */

/* min(deadline, now + ms), or deadline when ms is 0. */
static aigw_ms_t budget(const aigw_tls_t *tls, uint32_t ms, aigw_ms_t deadline)
{
    aigw_ms_t end;
    if (ms == 0)
        return deadline;
    end = tls->lower->now(tls->lower->ctx) + ms;
    return end < deadline ? end : deadline;
}

static int past(const aigw_tls_t *tls, aigw_ms_t deadline)
{
    return tls->lower->now(tls->lower->ctx) >= deadline;
}

static void teardown(aigw_tls_t *tls)
{
    if (tls->live) {
        mbedtls_ssl_free(&tls->ssl);
        mbedtls_ssl_config_free(&tls->conf);
        mbedtls_x509_crt_free(&tls->ca);
        mbedtls_ctr_drbg_free(&tls->drbg);
    }
    tls->live = 0;
    tls->connected = 0;
    tls->peer_closed = 0;
}

static void wipe_session(aigw_tls_t *tls)
{
    mbedtls_platform_zeroize(tls->session, sizeof tls->session);
    mbedtls_platform_zeroize(tls->session_key, sizeof tls->session_key);
    tls->session_len = 0;
}

/* Which server a session belongs to: a session verified for one host must
 * never be offered to another (resumption skips certificate checks). */
static int session_key(const char *host, uint16_t port, uint8_t out[32])
{
    mbedtls_sha256_context c;
    unsigned char p[3];
    int ret;
    p[0] = ':';
    p[1] = (unsigned char)(port >> 8);
    p[2] = (unsigned char)(port & 0xFFu);
    mbedtls_sha256_init(&c);
    ret = aigw_sha256_starts(&c, 0);
    if (ret == 0)
        ret = aigw_sha256_update(&c, (const unsigned char *)host, strlen(host));
    if (ret == 0)
        ret = aigw_sha256_update(&c, p, sizeof p);
    if (ret == 0)
        ret = aigw_sha256_finish(&c, out);
    mbedtls_sha256_free(&c);
    return ret;
}

static aigw_err_t map_tls_error(aigw_tls_t *tls, int ret, aigw_err_t otherwise)
{
    tls->mbedtls_ret = ret;
    if (aigw_tls_is_alloc_error(ret))
        return AIGW_E_TLS_ALLOC;
    return otherwise;
}

/* Certificate problems by priority: trust first (nothing else matters for a
 * chain we do not trust), then identity, then time. */
static aigw_err_t map_verify(uint32_t flags)
{
    if (flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED)
        return AIGW_E_TLS_UNTRUSTED;
    if (flags & MBEDTLS_X509_BADCERT_CN_MISMATCH)
        return AIGW_E_TLS_HOSTNAME;
    if (flags & MBEDTLS_X509_BADCERT_EXPIRED)
        return AIGW_E_TLS_EXPIRED;
    if (flags & MBEDTLS_X509_BADCERT_FUTURE)
        return AIGW_E_TLS_NOT_YET_VALID;
    return AIGW_E_TLS_UNTRUSTED; /* bad key usage, weak hash or key, ...: verify_flags tells */
}

static aigw_err_t map_handshake_error(aigw_tls_t *tls, int ret)
{
    tls->mbedtls_ret = ret;
    if (ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        tls->verify_flags = mbedtls_ssl_get_verify_result(&tls->ssl);
        return map_verify(tls->verify_flags);
    }
    /* A broken transport (reset, send failure) keeps its own error; a peer that
     * simply closes during the handshake has refused it. */
    if (tls->lower_err != AIGW_OK && tls->lower_err != AIGW_E_EOF)
        return tls->lower_err;
    return map_tls_error(tls, ret, AIGW_E_TLS_HANDSHAKE);
}

static int mfl_code(uint16_t len)
{
    switch (len) {
    case 0: return MBEDTLS_SSL_MAX_FRAG_LEN_NONE;
    case 512: return MBEDTLS_SSL_MAX_FRAG_LEN_512;
    case 1024: return MBEDTLS_SSL_MAX_FRAG_LEN_1024;
    case 2048: return MBEDTLS_SSL_MAX_FRAG_LEN_2048;
    case 4096: return MBEDTLS_SSL_MAX_FRAG_LEN_4096;
    default: return -1;
    }
}

/* Initialise and configure every mbedTLS struct for one connection to host. */
static aigw_err_t setup(aigw_tls_t *tls, const char *host)
{
    int ret;

    mbedtls_ssl_init(&tls->ssl);
    mbedtls_ssl_config_init(&tls->conf);
    mbedtls_x509_crt_init(&tls->ca);
    mbedtls_ctr_drbg_init(&tls->drbg);
    tls->live = 1;

#if AIGW_TLS_PSA
    ret = aigw_psa_init();
    if (ret != 0)
        return map_tls_error(tls, ret, AIGW_E_TLS);
#endif
#if !AIGW_TLS_CA_CALLBACK
    {
        aigw_err_t err = aigw_tls_load_ca(&tls->ca, &tls->cfg, &tls->mbedtls_ret);
        if (err != AIGW_OK)
            return err;
    }
#endif
    ret = mbedtls_ctr_drbg_seed(&tls->drbg, tls->cfg.entropy, tls->cfg.entropy_ctx,
                                k_drbg_personal, sizeof k_drbg_personal - 1);
    if (ret != 0)
        return map_tls_error(tls, ret, AIGW_E_TLS);
    ret = mbedtls_ssl_config_defaults(&tls->conf, MBEDTLS_SSL_IS_CLIENT,
                                      MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
    if (ret != 0)
        return map_tls_error(tls, ret, AIGW_E_TLS);
    aigw_ssl_conf_versions(&tls->conf);
    mbedtls_ssl_conf_authmode(&tls->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
#if AIGW_TLS_CA_CALLBACK
    mbedtls_ssl_conf_ca_cb(&tls->conf, aigw_tls_ca_cb, &tls->cfg); /* tls->ca stays empty */
#else
    mbedtls_ssl_conf_ca_chain(&tls->conf, &tls->ca, NULL);
#endif
    mbedtls_ssl_conf_rng(&tls->conf, mbedtls_ctr_drbg_random, &tls->drbg);
    mbedtls_ssl_conf_ciphersuites(&tls->conf, k_suites);
#if defined(MBEDTLS_SSL_RENEGOTIATION)
    mbedtls_ssl_conf_renegotiation(&tls->conf, MBEDTLS_SSL_RENEGOTIATION_DISABLED);
#endif
#if defined(MBEDTLS_SSL_MAX_FRAGMENT_LENGTH)
    if (tls->cfg.max_fragment_len != 0) {
        ret = mbedtls_ssl_conf_max_frag_len(&tls->conf, (unsigned char)mfl_code(tls->cfg.max_fragment_len));
        if (ret != 0)
            return map_tls_error(tls, ret, AIGW_E_ARG);
    }
#endif
    ret = mbedtls_ssl_setup(&tls->ssl, &tls->conf);
    if (ret != 0)
        return map_tls_error(tls, ret, AIGW_E_TLS);
    /* SNI and the name the certificate must carry: always the host we dial. */
    ret = mbedtls_ssl_set_hostname(&tls->ssl, host);
    if (ret != 0)
        return map_tls_error(tls, ret, AIGW_E_ARG);
    mbedtls_ssl_set_bio(&tls->ssl, tls, bio_send, NULL, bio_recv_timeout);
    return AIGW_OK;
}

/* Offer the saved session if it belongs to this server. Fills master with its
 * master secret so the handshake's outcome can tell a resumption apart. */
static int offer_session(aigw_tls_t *tls, const uint8_t key[32], unsigned char master[48])
{
    mbedtls_ssl_session s;
    int ok = 0;
    if (tls->cfg.no_resumption || tls->session_len == 0 ||
        memcmp(tls->session_key, key, 32) != 0)
        return 0;
    mbedtls_ssl_session_init(&s);
    if (mbedtls_ssl_session_load(&s, tls->session, tls->session_len) == 0 &&
        mbedtls_ssl_set_session(&tls->ssl, &s) == 0) {
        memcpy(master, aigw_session_master(&s), 48);
        ok = 1;
    } else {
        wipe_session(tls); /* unreadable (other mbedTLS build?): start over */
    }
    mbedtls_ssl_session_free(&s); /* zeroizes */
    return ok;
}

static void keep_session(aigw_tls_t *tls, const uint8_t key[32])
{
    const mbedtls_ssl_session *s = aigw_ssl_session(&tls->ssl);
    size_t olen = 0;
    if (tls->cfg.no_resumption || s == NULL)
        return;
    if (mbedtls_ssl_session_save(s, tls->session, sizeof tls->session, &olen) != 0) {
        if (olen > sizeof tls->session)
            tls->session_too_large++;
        wipe_session(tls);
        return;
    }
    tls->session_len = olen;
    memcpy(tls->session_key, key, 32);
}

/* ---- port callbacks ----------------------------------------------------- */

static void tls_close(void *vctx)
{
    aigw_tls_t *tls = (aigw_tls_t *)vctx;
    if (tls == NULL || tls->lower == NULL)
        return;
    if (tls->connected) {
        /* Best effort, never waits: a close must not block on a dead peer. */
        tls->deadline = tls->lower->now(tls->lower->ctx);
        (void)mbedtls_ssl_close_notify(&tls->ssl);
    }
    tls->lower->close(tls->lower->ctx);
    teardown(tls);
}

static aigw_err_t tls_connect(void *vctx, const char *host, uint16_t port, aigw_ms_t deadline)
{
    aigw_tls_t *tls = (aigw_tls_t *)vctx;
    uint8_t key[32];
    unsigned char offered_master[48];
    int offered, ret;
    aigw_err_t err;
    uint32_t refused = aigw_tls_arena_refused();

    if (tls == NULL || tls->lower == NULL || host == NULL || host[0] == '\0')
        return AIGW_E_ARG;
    tls_close(tls);
    tls->lower_err = AIGW_OK;
    tls->mbedtls_ret = 0;
    tls->verify_flags = 0;
    tls->last_resumed = 0;
    tls->eof_without_notify = 0;

    /* Before any traffic: with no real time every certificate check is void. */
    if (tls->cfg.wall_clock(tls->cfg.wall_clock_ctx) < (int64_t)AIGW_TLS_CLOCK_FLOOR)
        return AIGW_E_TLS_CLOCK;
#if defined(MBEDTLS_PLATFORM_TIME_ALT)
    s_clock = tls->cfg.wall_clock;
    s_clock_ctx = tls->cfg.wall_clock_ctx;
    (void)mbedtls_platform_set_time(platform_time);
#endif
    ret = session_key(host, port, key);
    if (ret != 0) {
        tls->mbedtls_ret = ret;
        return AIGW_E_TLS;
    }
    err = setup(tls, host);
    if (err != AIGW_OK)
        goto fail;
    offered = offer_session(tls, key, offered_master);

    err = tls->lower->connect(tls->lower->ctx, host, port,
                              budget(tls, tls->cfg.connect_timeout_ms, deadline));
    if (err != AIGW_OK)
        goto fail;

    deadline = budget(tls, tls->cfg.handshake_timeout_ms, deadline);
    tls->deadline = deadline;
    for (;;) {
        ret = mbedtls_ssl_handshake(&tls->ssl);
        if (ret == 0)
            break;
        if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
            if (past(tls, deadline)) {
                err = AIGW_E_TIMEOUT_HANDSHAKE;
                goto fail;
            }
            continue;
        }
        err = map_handshake_error(tls, ret);
        /* The arena refused memory: that is the cause, whatever mbedTLS made of it
         * (a signature check that cannot allocate reads as an untrusted chain). */
        if (err != tls->lower_err && aigw_tls_arena_refused() != refused)
            err = AIGW_E_TLS_ALLOC;
        if (offered && err == AIGW_E_TLS_HANDSHAKE)
            wipe_session(tls); /* do not offer a session the server choked on again */
        goto fail;
    }

    tls->connected = 1;
    tls->handshakes++;
    {
        const mbedtls_ssl_session *s = aigw_ssl_session(&tls->ssl);
        /* A full handshake derives a fresh master secret; a resumed one keeps
         * the offered session's. mbedTLS 2.28 has no public "resumed" flag. */
        if (offered && s != NULL && aigw_ssl_is_tls12(&tls->ssl) &&
            memcmp(aigw_session_master(s), offered_master, 48) == 0) {
            tls->last_resumed = 1;
            tls->resumed++;
        }
    }
    mbedtls_platform_zeroize(offered_master, sizeof offered_master);
    keep_session(tls, key);
    return AIGW_OK;

fail:
    mbedtls_platform_zeroize(offered_master, sizeof offered_master);
    tls->lower->close(tls->lower->ctx);
    teardown(tls);
    return err;
}

static aigw_err_t tls_send(void *vctx, const uint8_t *buf, size_t len, size_t *n, aigw_ms_t deadline)
{
    aigw_tls_t *tls = (aigw_tls_t *)vctx;
    if (n == NULL)
        return AIGW_E_ARG;
    *n = 0;
    if (tls == NULL || buf == NULL || len == 0)
        return AIGW_E_ARG;
    if (!tls->connected)
        return AIGW_E_PORT;
    tls->deadline = deadline;
    tls->lower_err = AIGW_OK;
    for (;;) {
        int ret = mbedtls_ssl_write(&tls->ssl, buf, len);
        if (ret > 0) {
            *n = (size_t)ret;
            return AIGW_OK;
        }
        if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
            if (past(tls, deadline))
                return AIGW_E_WOULD_BLOCK;
            continue;
        }
        if (tls->lower_err != AIGW_OK) {
            tls->mbedtls_ret = ret;
            return tls->lower_err == AIGW_E_EOF ? AIGW_E_SEND : tls->lower_err;
        }
        return map_tls_error(tls, ret, AIGW_E_TLS);
    }
}

static aigw_err_t tls_recv(void *vctx, uint8_t *buf, size_t cap, size_t *n, aigw_ms_t deadline)
{
    aigw_tls_t *tls = (aigw_tls_t *)vctx;
    if (n == NULL)
        return AIGW_E_ARG;
    *n = 0;
    if (tls == NULL || buf == NULL || cap == 0)
        return AIGW_E_ARG;
    if (!tls->connected)
        return AIGW_E_PORT;
    if (tls->peer_closed)
        return AIGW_E_EOF;
    tls->deadline = deadline;
    tls->lower_err = AIGW_OK;
    tls->eof_without_notify = 0;
    for (;;) {
        int ret = mbedtls_ssl_read(&tls->ssl, buf, cap);
        if (ret > 0) {
            *n = (size_t)ret;
            return AIGW_OK;
        }
        if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
            tls->peer_closed = 1;
            return AIGW_E_EOF;
        }
        if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
            if (past(tls, deadline))
                return AIGW_E_WOULD_BLOCK;
            continue;
        }
        tls->mbedtls_ret = ret;
        if (ret == 0 || ret == MBEDTLS_ERR_SSL_CONN_EOF || tls->lower_err == AIGW_E_EOF) {
            tls->eof_without_notify = 1; /* possible truncation: see aigw_tls.h */
            return AIGW_E_RECV;
        }
        if (tls->lower_err != AIGW_OK)
            return tls->lower_err;
        return map_tls_error(tls, ret, AIGW_E_TLS);
    }
}

/*
 * Never waits. Three places can hold bytes nobody has read: plaintext mbedTLS
 * has decrypted but not delivered, record bytes it has fetched but not
 * processed, and the stream below. When anything is there, one record is
 * processed with a deadline already past (so the lower recv only takes what
 * has arrived) and a zero-length read (so no plaintext is delivered): a
 * close_notify then reads as the end of stream, an alert as an error, and
 * anything else, data or a partial record, as bytes that forbid reuse.
 */
static aigw_err_t tls_pending(void *vctx, size_t *n)
{
    aigw_tls_t *tls = (aigw_tls_t *)vctx;
    size_t lower_n = 0;
    aigw_err_t e;
    int ret;
    unsigned char none;
    if (n == NULL)
        return AIGW_E_ARG;
    *n = 0;
    if (tls == NULL)
        return AIGW_E_ARG;
    if (!tls->connected)
        return AIGW_E_PORT;
    if (tls->peer_closed)
        return AIGW_E_EOF;
    if (mbedtls_ssl_get_bytes_avail(&tls->ssl) == 0 && !mbedtls_ssl_check_pending(&tls->ssl)) {
        e = tls->lower->pending(tls->lower->ctx, &lower_n);
        if (e == AIGW_E_EOF)
            tls->eof_without_notify = 1; /* between exchanges nothing can have been cut */
        if (e != AIGW_OK || lower_n == 0)
            return e; /* idle, or the stream below ended or broke */
    }
    tls->deadline = tls->lower->now(tls->lower->ctx);
    tls->lower_err = AIGW_OK;
    ret = mbedtls_ssl_read(&tls->ssl, &none, 0);
    if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
        tls->peer_closed = 1;
        return AIGW_E_EOF;
    }
    if (ret == 0 && tls->lower_err == AIGW_E_EOF) {
        tls->eof_without_notify = 1; /* between exchanges nothing can have been cut */
        return AIGW_E_EOF;
    }
    /* A whole record without data (a TLS 1.3 session ticket) was processed and
     * nothing else is buffered: idle. mbedtls_ssl_check_pending() does not
     * count a TLS record mbedTLS holds only part of, so in_left (bytes of the
     * next record fetched so far; 0 once a record is complete) is asked too:
     * part of a record is never idle. */
    if (ret == MBEDTLS_ERR_SSL_WANT_READ && mbedtls_ssl_get_bytes_avail(&tls->ssl) == 0 &&
        !mbedtls_ssl_check_pending(&tls->ssl) && tls->ssl.MBEDTLS_PRIVATE(in_left) == 0 &&
        tls->lower->pending(tls->lower->ctx, &lower_n) == AIGW_OK && lower_n == 0)
        return AIGW_OK;
    if (ret >= 0 || ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
        *n = mbedtls_ssl_get_bytes_avail(&tls->ssl);
        if (*n == 0)
            *n = lower_n != 0 ? lower_n : 1; /* a partial record, an alert, a handshake message */
        return AIGW_OK;
    }
    tls->mbedtls_ret = ret;
    if (tls->lower_err != AIGW_OK)
        return tls->lower_err;
    return map_tls_error(tls, ret, AIGW_E_TLS);
}

static aigw_ms_t tls_now(void *vctx)
{
    aigw_tls_t *tls = (aigw_tls_t *)vctx;
    return tls->lower->now(tls->lower->ctx);
}

static void tls_sleep(void *vctx, uint32_t ms)
{
    aigw_tls_t *tls = (aigw_tls_t *)vctx;
    if (tls->lower->sleep != NULL) {
        tls->lower->sleep(tls->lower->ctx, ms);
    } else {
        aigw_ms_t end = tls->lower->now(tls->lower->ctx) + ms;
        while (tls->lower->now(tls->lower->ctx) < end) {
        }
    }
}

/* ---- public ------------------------------------------------------------- */

void aigw_tls_forget_session(aigw_tls_t *tls)
{
    if (tls != NULL)
        wipe_session(tls);
}

aigw_err_t aigw_tls_init(aigw_tls_t *tls, aigw_port_t *port, aigw_port_t *lower,
                         const aigw_tls_config_t *cfg)
{
    mbedtls_x509_crt probe;
    aigw_err_t err;
    int mret = 0;

    if (tls == NULL || port == NULL || lower == NULL || cfg == NULL)
        return AIGW_E_ARG;
    if (lower->connect == NULL || lower->send == NULL || lower->recv == NULL ||
        lower->close == NULL || lower->now == NULL)
        return AIGW_E_PORT;
    if (cfg->entropy == NULL || cfg->wall_clock == NULL)
        return AIGW_E_ARG;
    if ((cfg->ca == NULL || cfg->ca_len == 0) && (cfg->ca_set == NULL || cfg->ca_set_count == 0))
        return AIGW_E_ARG;
    if (mfl_code(cfg->max_fragment_len) < 0)
        return AIGW_E_ARG;
#if !defined(MBEDTLS_SSL_MAX_FRAGMENT_LENGTH)
    if (cfg->max_fragment_len != 0)
        return AIGW_E_ARG;
#endif

    memset(tls, 0, sizeof *tls);
    tls->lower = lower;
    tls->cfg = *cfg;
    tls->lower_err = AIGW_OK;

    /* Bad CA input shows up now, not at the first connect; nothing is kept. */
    mbedtls_x509_crt_init(&probe);
    err = aigw_tls_load_ca(&probe, cfg, &mret);
    mbedtls_x509_crt_free(&probe);
    if (err != AIGW_OK) {
        tls->mbedtls_ret = mret;
        return err;
    }

    port->ctx = tls;
    port->connect = tls_connect;
    port->send = tls_send;
    port->recv = tls_recv;
    port->close = tls_close;
    port->now = tls_now;
    port->sleep = tls_sleep;
    /* without the stream's pending() the record layer alone cannot tell */
    port->pending = lower->pending != NULL ? tls_pending : NULL;
    return AIGW_OK;
}
