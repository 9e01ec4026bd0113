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
static aigw_err_t load_pem(mbedtls_x509_crt *crt, const uint8_t *buf, size_t len, int *mret,
                           size_t *count)
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
        if (ret == 0)
            ret = mbedtls_x509_crt_parse_der(crt, der, dlen); /* copies */
        mbedtls_free(der);
        if (ret != 0)
            return fail(ret, mret);
        (*count)++;
        pos = e + sizeof k_end - 1;
    }
}

/* Concatenated DER certificates: each is one SEQUENCE whose length says where the next begins. */
static aigw_err_t load_der(mbedtls_x509_crt *crt, const uint8_t *buf, size_t len, int *mret,
                           size_t *count)
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
        ret = mbedtls_x509_crt_parse_der_nocopy(crt, p, total);
        if (ret != 0)
            return fail(ret, mret);
        (*count)++;
        p += total;
    }
    return AIGW_OK;
}

aigw_err_t aigw_tls_load_ca(mbedtls_x509_crt *crt, const aigw_tls_config_t *cfg, int *mret)
{
    size_t count = 0, i;
    aigw_err_t err;
    *mret = 0;
    if (cfg->ca != NULL && cfg->ca_len > 0) {
        if (find(cfg->ca, cfg->ca_len, 0, k_begin) < cfg->ca_len)
            err = load_pem(crt, cfg->ca, cfg->ca_len, mret, &count);
        else
            err = load_der(crt, cfg->ca, cfg->ca_len, mret, &count);
        if (err != AIGW_OK)
            return err;
        if (count == 0)
            return fail(MBEDTLS_ERR_X509_INVALID_FORMAT, mret);
    }
    for (i = 0; cfg->ca_set != NULL && i < cfg->ca_set_count; i++) {
        int ret = mbedtls_x509_crt_parse_der_nocopy(crt, cfg->ca_set[i].der, cfg->ca_set[i].der_len);
        if (ret != 0)
            return fail(ret, mret);
        count++;
    }
    if (count == 0)
        return fail(MBEDTLS_ERR_X509_INVALID_FORMAT, mret);
    return AIGW_OK;
}
