/* SPDX-License-Identifier: MIT */
/*
 * CA input for the TLS port: PEM or DER, one or many certificates in one
 * buffer, plus a table of DER roots.
 *
 * PEM is decoded here rather than by mbedtls_x509_crt_parse() because that
 * function needs a NUL-terminated buffer whose length counts the NUL; callers
 * hold certificates as (pointer, length) and must not have to know that.
 * DER is parsed in place (no copy): the caller's buffer outlives the context.
 * Parsing is strict: mbedtls_x509_crt_parse() skips certificates it cannot
 * read and reports a count; a trust store that silently lost a root is worse
 * than an error.
 *
 * With AIGW_TLS_CA_CALLBACK (aigw_tls_ca.h) the store is not held parsed for
 * the whole connection: aigw_tls_ca_cb() parses, for each certificate mbedTLS
 * looks a parent up for, only the roots whose subject is that certificate's
 * issuer, byte for byte (RFC 5280 4.1.2.4 has issuers copy the subject's
 * encoding; mbedTLS's own CA-callback tests match the same way). A root whose
 * name is encoded differently from the child's issuer field is not offered:
 * the chain then fails as untrusted, never as a false success.
 */
#include "aigw_tls_ca.h"

#include <string.h>

#include "mbedtls/asn1.h"
#include "mbedtls/base64.h"
#include "mbedtls/bignum.h"
#include "mbedtls/cipher.h"
#include "mbedtls/ecp.h"
#include "mbedtls/md.h"
#include "mbedtls/pem.h"
#include "mbedtls/pk.h"
#include "mbedtls/platform.h"
#include "mbedtls/platform_util.h"

static const char k_begin[] = "-----BEGIN CERTIFICATE-----";
static const char k_end[] = "-----END CERTIFICATE-----";

int aigw_tls_is_alloc_error(int ret)
{
    int code = ret < 0 ? -ret : ret;
    int high = code & 0xFF80;
    int low = code & 0x007F;
    if (high == -MBEDTLS_ERR_SSL_ALLOC_FAILED || high == -MBEDTLS_ERR_X509_ALLOC_FAILED ||
        high == -MBEDTLS_ERR_PK_ALLOC_FAILED || high == -MBEDTLS_ERR_ECP_ALLOC_FAILED ||
        high == -MBEDTLS_ERR_CIPHER_ALLOC_FAILED || high == -MBEDTLS_ERR_MD_ALLOC_FAILED ||
        high == -MBEDTLS_ERR_PEM_ALLOC_FAILED)
        return 1;
    return low == -MBEDTLS_ERR_MPI_ALLOC_FAILED || low == -MBEDTLS_ERR_ASN1_ALLOC_FAILED;
}

static aigw_err_t fail(int ret, int *mret)
{
    *mret = ret;
    return aigw_tls_is_alloc_error(ret) ? AIGW_E_TLS_ALLOC : AIGW_E_TLS_CA;
}

/* The DER subject Name (tag and length included, as mbedtls_x509_crt.subject_raw)
 * of a certificate, found by walking the TBSCertificate without parsing it:
 * nothing is allocated for a root that is not wanted. 0 when not found. */
static size_t der_subject(const unsigned char *der, size_t len, const unsigned char **subj)
{
    /* NOLINTNEXTLINE(performance-no-int-to-ptr): mbedtls_asn1_get_tag only reads through it */
    unsigned char *p = (unsigned char *)(uintptr_t)der, *end = p + len, *start;
    const int seq = MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE;
    size_t l = 0;
    int i;
    if (mbedtls_asn1_get_tag(&p, end, &l, seq) != 0) /* Certificate */
        return 0;
    if (mbedtls_asn1_get_tag(&p, end, &l, seq) != 0) /* TBSCertificate */
        return 0;
    end = p + l;
    if (mbedtls_asn1_get_tag(&p, end, &l, MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED) == 0)
        p += l; /* [0] version */
    if (mbedtls_asn1_get_tag(&p, end, &l, MBEDTLS_ASN1_INTEGER) != 0)
        return 0;
    p += l; /* serialNumber */
    for (i = 0; i < 3; i++) { /* signature, issuer, validity */
        if (mbedtls_asn1_get_tag(&p, end, &l, seq) != 0)
            return 0;
        p += l;
    }
    start = p;
    if (mbedtls_asn1_get_tag(&p, end, &l, seq) != 0)
        return 0;
    *subj = start;
    return (size_t)(p - start) + l;
}

/* Whether a DER certificate is wanted: every one when want is NULL, else only
 * one whose subject is the name in want. */
static int wanted(const unsigned char *der, size_t len, const mbedtls_x509_buf *want)
{
    const unsigned char *subj = NULL;
    size_t slen;
    if (want == NULL)
        return 1;
    slen = der_subject(der, len, &subj);
    return slen != 0 && slen == want->len && memcmp(subj, want->p, slen) == 0;
}

/* First occurrence of the NUL-free string s in buf[from..len), or len. */
static size_t find(const uint8_t *buf, size_t len, size_t from, const char *s)
{
    size_t sl = strlen(s), i;
    if (len < sl)
        return len;
    for (i = from; i + sl <= len; i++)
        if (memcmp(buf + i, s, sl) == 0)
            return i;
    return len;
}

/* Every CERTIFICATE block of a PEM buffer; text outside the blocks is ignored. */
static aigw_err_t load_pem(mbedtls_x509_crt *crt, const uint8_t *buf, size_t len,
                           const mbedtls_x509_buf *want, int *mret, size_t *count)
{
    size_t pos = 0;
    for (;;) {
        size_t b = find(buf, len, pos, k_begin), body, e, dlen = 0;
        unsigned char *der;
        int ret;
        if (b == len)
            return AIGW_OK;
        body = b + sizeof k_begin - 1;
        e = find(buf, len, body, k_end);
        if (e == len)
            return fail(MBEDTLS_ERR_PEM_NO_HEADER_FOOTER_PRESENT, mret);
        ret = mbedtls_base64_decode(NULL, 0, &dlen, buf + body, e - body);
        if (ret != MBEDTLS_ERR_BASE64_BUFFER_TOO_SMALL || dlen == 0)
            return fail(ret == 0 ? MBEDTLS_ERR_PEM_INVALID_DATA : ret, mret);
        /* mbedTLS's own allocator: the arena in a heap-free build. */
        der = (unsigned char *)mbedtls_calloc(1, dlen);
        if (der == NULL)
            return fail(MBEDTLS_ERR_X509_ALLOC_FAILED, mret);
        ret = mbedtls_base64_decode(der, dlen, &dlen, buf + body, e - body);
        if (ret == 0 && wanted(der, dlen, want))
            ret = mbedtls_x509_crt_parse_der(crt, der, dlen); /* copies */
        mbedtls_free(der);
        if (ret != 0)
            return fail(ret, mret);
        (*count)++;
        pos = e + sizeof k_end - 1;
    }
}

/* Concatenated DER certificates: each is one SEQUENCE whose length says where the next begins. */
static aigw_err_t load_der(mbedtls_x509_crt *crt, const uint8_t *buf, size_t len,
                           const mbedtls_x509_buf *want, int *mret, size_t *count)
{
    const unsigned char *p = buf, *end = buf + len;
    while (p < end) {
        /* NOLINTNEXTLINE(performance-no-int-to-ptr): drops const on purpose, see below */
        unsigned char *q = (unsigned char *)(uintptr_t)p; /* mbedtls_asn1_get_tag takes a non-const cursor but only reads */
        size_t clen = 0, total;
        int ret = mbedtls_asn1_get_tag(&q, end, &clen, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE);
        if (ret != 0)
            return fail(ret, mret);
        total = (size_t)(q - p) + clen;
        if (wanted(p, total, want))
            ret = mbedtls_x509_crt_parse_der_nocopy(crt, p, total);
        if (ret != 0)
            return fail(ret, mret);
        (*count)++;
        p += total;
    }
    return AIGW_OK;
}

/* Every certificate of cfg, or only those whose subject is want; *count gets
 * how many were seen (wanted or not). */
static aigw_err_t load(mbedtls_x509_crt *crt, const aigw_tls_config_t *cfg,
                       const mbedtls_x509_buf *want, int *mret, size_t *count)
{
    size_t i;
    aigw_err_t err;
    *mret = 0;
    *count = 0;
    if (cfg->ca != NULL && cfg->ca_len > 0) {
        if (find(cfg->ca, cfg->ca_len, 0, k_begin) < cfg->ca_len)
            err = load_pem(crt, cfg->ca, cfg->ca_len, want, mret, count);
        else
            err = load_der(crt, cfg->ca, cfg->ca_len, want, mret, count);
        if (err != AIGW_OK)
            return err;
        if (*count == 0)
            return fail(MBEDTLS_ERR_X509_INVALID_FORMAT, mret);
    }
    for (i = 0; cfg->ca_set != NULL && i < cfg->ca_set_count; i++) {
        const aigw_ca_cert_t *c = &cfg->ca_set[i];
        if (wanted(c->der, c->der_len, want)) {
            int ret = mbedtls_x509_crt_parse_der_nocopy(crt, c->der, c->der_len);
            if (ret != 0)
                return fail(ret, mret);
        }
        (*count)++;
    }
    if (*count == 0)
        return fail(MBEDTLS_ERR_X509_INVALID_FORMAT, mret);
    return AIGW_OK;
}

aigw_err_t aigw_tls_load_ca(mbedtls_x509_crt *crt, const aigw_tls_config_t *cfg, int *mret)
{
    size_t count = 0;
    return load(crt, cfg, NULL, mret, &count);
}

#if AIGW_TLS_CA_CALLBACK
int aigw_tls_ca_cb(void *ctx, const mbedtls_x509_crt *child, mbedtls_x509_crt **candidates)
{
    const aigw_tls_config_t *cfg = (const aigw_tls_config_t *)ctx;
    mbedtls_x509_crt *chain;
    size_t count = 0;
    int mret = 0;
    *candidates = NULL;
    /* mbedTLS frees what is returned here (mbedtls_x509_crt_free + mbedtls_free)
     * when it asks again or when the verification ends. */
    chain = (mbedtls_x509_crt *)mbedtls_calloc(1, sizeof *chain);
    if (chain == NULL)
        return MBEDTLS_ERR_X509_ALLOC_FAILED;
    mbedtls_x509_crt_init(chain);
    if (load(chain, cfg, &child->issuer_raw, &mret, &count) != AIGW_OK || chain->raw.p == NULL) {
        mbedtls_x509_crt_free(chain);
        mbedtls_free(chain);
        return mret; /* 0: no root issued child, look up the chain instead */
    }
    *candidates = chain;
    return 0;
}
#endif
