/* SPDX-License-Identifier: MIT */
/*
 * The generated default CA set: every entry parses with mbedTLS, is a CA
 * certificate whose subject CN is the entry's name, and carries the SHA-256
 * of its DER bytes. Prints "TABLE <fingerprint> <name>" lines that
 * tests/suites/40-port.sh compares with tools/upstream/ca/README.md.
 */
#include <stdio.h>
#include <string.h>

#include "aigw/aigw_tls.h"
#include "mbedtls/oid.h"
#include "mbedtls/sha256.h"
#include "../../port/mbedtls/aigw_tls_compat.h"
#include "../unit/aigw_test.h"

static void fingerprint_hex(const uint8_t fp[32], char out[97])
{
    size_t i;
    for (i = 0; i < 32; i++)
        snprintf(out + 3 * i, 4, "%02X%s", fp[i], i == 31 ? "" : ":");
}

/* Subject CN of a parsed certificate, into out. */
static int subject_cn(const mbedtls_x509_crt *crt, char *out, size_t cap)
{
    const mbedtls_x509_name *n;
    for (n = &crt->subject; n != NULL; n = n->next) {
        if (MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) == 0 && n->val.len < cap) {
            memcpy(out, n->val.p, n->val.len);
            out[n->val.len] = '\0';
            return 0;
        }
    }
    return -1;
}

static void every_root_parses_and_matches(void)
{
    size_t i;
    EXPECT(aigw_cloudflare_ca_count == 9);
    for (i = 0; i < aigw_cloudflare_ca_count; i++) {
        const aigw_ca_cert_t *c = &aigw_cloudflare_ca[i];
        mbedtls_x509_crt crt;
        uint8_t fp[32];
        char cn[128], hex[97];
        int ret;
        mbedtls_x509_crt_init(&crt);
        ret = mbedtls_x509_crt_parse_der(&crt, c->der, c->der_len);
        EXPECTF(ret == 0, "%s: parse -0x%04x", c->name, (unsigned)-ret);
        if (ret == 0) {
            EXPECTF(subject_cn(&crt, cn, sizeof cn) == 0 && strcmp(cn, c->name) == 0, "%s: CN %s", c->name, cn);
            EXPECTF(crt.MBEDTLS_PRIVATE(ca_istrue) == 1, "%s is not a CA", c->name);
            /* a root: issuer == subject */
            EXPECT(crt.issuer_raw.len == crt.subject_raw.len &&
                   memcmp(crt.issuer_raw.p, crt.subject_raw.p, crt.issuer_raw.len) == 0);
        }
        mbedtls_x509_crt_free(&crt);
        EXPECT(aigw_sha256(c->der, c->der_len, fp, 0) == 0);
        EXPECTF(memcmp(fp, c->sha256, 32) == 0, "%s: stored fingerprint is not the DER's", c->name);
        fingerprint_hex(fp, hex);
        printf("TABLE %s %s\n", hex, c->name);
    }
}

int main(void)
{
    RUN(every_root_parses_and_matches);
    return AIGW_TEST_EXIT();
}
