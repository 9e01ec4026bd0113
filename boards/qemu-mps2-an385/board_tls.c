/* SPDX-License-Identifier: MIT */
/*
 * Board side of TLS: entropy, wall clock, and the mbedTLS platform hooks that
 * keep libc's heap, exit and stdio out of the firmware (see
 * mbedtls_config_board.h for the reasons).
 */
#include "board_tls.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "board.h"
#include "lan9118.h"
#include "mbedtls/aes.h"
#include "mbedtls/entropy.h"
#include "mbedtls/platform_util.h"
#include "mbedtls/version.h"
#if MBEDTLS_VERSION_MAJOR >= 3
#include "mbedtls/error.h"
#include "mbedtls/platform_time.h"
#if defined(MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG)
#include "psa/crypto.h"
#endif
/* 3.x declares the hardware source only in a library-private header. */
int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen);
#else
#include "mbedtls/entropy_poll.h"
#endif
#include "semihost.h"

/* --- entropy ------------------------------------------------------------------------------------ */

#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

/*
 * The "hardware" entropy source mbedTLS polls (MBEDTLS_ENTROPY_HARDWARE_ALT).
 * QEMU's AN385 has no TRNG. What is sampled here: the SysTick down-counter
 * and the LAN9118's 25 MHz free-running counter, read around semihosting
 * traps whose duration depends on the host, plus the host's clock. That is
 * jitter, not a physical noise source: a WEAK seed, fit for a test board in
 * an emulator only. A real board must read its TRNG here.
 */
int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen)
{
    size_t i;
    (void)data;
    for (i = 0; i < len; i++) {
        uint32_t a = SYST_CVR;
        uint32_t b = lan9118_free_run();
        uint32_t c = semihost_clock(); /* a host round trip: its duration varies */
        uint32_t d = lan9118_free_run();
        output[i] = (unsigned char)(a ^ (a >> 8) ^ b ^ (b >> 11) ^ c ^ (d >> 3) ^ d ^ (uint32_t)board_ms());
    }
    *olen = len;
    return 0;
}

/* The collector conditions the samples (SHA-512) before CTR_DRBG sees them.
 * It lives for one call only: 3.x's collector holds its SHA-512 state in an
 * allocation (md context) from the TLS arena, which a collector kept between
 * calls would leave behind after the connection closes (and point into a
 * freed arena after aigw_tls_arena_free()). Each call polls the hardware
 * source afresh anyway. */
static mbedtls_entropy_context entropy; /* static: off the stack's deepest path */

int board_tls_entropy(void *ctx, unsigned char *buf, size_t len)
{
    int ret;
    (void)ctx;
    mbedtls_entropy_init(&entropy); /* registers mbedtls_hardware_poll as a strong source */
    ret = mbedtls_entropy_func(&entropy, buf, len);
    mbedtls_entropy_free(&entropy);
    return ret;
}

#if defined(MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG)
/* PSA's random numbers (TLS 1.3 key shares) from the same conditioned
 * source, in the collector's block size. */
psa_status_t mbedtls_psa_external_get_random(mbedtls_psa_external_random_context_t *context, uint8_t *output,
                                             size_t output_size, size_t *output_length)
{
    size_t done = 0;
    (void)context;
    while (done < output_size) {
        size_t n = output_size - done < MBEDTLS_ENTROPY_BLOCK_SIZE ? output_size - done : MBEDTLS_ENTROPY_BLOCK_SIZE;
        if (board_tls_entropy(NULL, output + done, n) != 0)
            return PSA_ERROR_INSUFFICIENT_ENTROPY;
        done += n;
    }
    *output_length = output_size;
    return PSA_SUCCESS;
}
#endif

int64_t board_tls_wall_clock(void *ctx)
{
    (void)ctx;
    return (int64_t)semihost_time();
}

#if MBEDTLS_VERSION_MAJOR >= 3
/* The millisecond clock 3.x asks for (MBEDTLS_PLATFORM_MS_TIME_ALT). */
mbedtls_ms_time_t mbedtls_ms_time(void)
{
    return (mbedtls_ms_time_t)board_ms();
}
#endif

/* --- AES without its decryption half ------------------------------------------------------------ */

/* 3.x dropped the AES module's own "feature unavailable" code. */
#if MBEDTLS_VERSION_MAJOR >= 3
#define BOARD_AES_NO_DECRYPT MBEDTLS_ERR_PLATFORM_FEATURE_UNSUPPORTED
#else
#define BOARD_AES_NO_DECRYPT MBEDTLS_ERR_AES_FEATURE_UNAVAILABLE
#endif

/* The TLS port uses AES only in GCM and CTR_DRBG, which both only ever
 * encrypt. mbedtls_config_board.h replaces the decryption half
 * (MBEDTLS_AES_SETKEY_DEC_ALT, MBEDTLS_AES_DECRYPT_ALT) by these refusals,
 * which leaves its inverse tables and code out of the image (about 1.8 KB);
 * anything that tried to decrypt would fail, never decrypt wrongly. */
int mbedtls_aes_setkey_dec(mbedtls_aes_context *ctx, const unsigned char *key, unsigned int keybits)
{
    (void)ctx;
    (void)key;
    (void)keybits;
    return BOARD_AES_NO_DECRYPT;
}

int mbedtls_internal_aes_decrypt(mbedtls_aes_context *ctx, const unsigned char input[16], unsigned char output[16])
{
    (void)ctx;
    (void)input;
    memset(output, 0, 16);
    return BOARD_AES_NO_DECRYPT;
}

/* --- mbedTLS platform hooks --------------------------------------------------------------------- */

void *board_mbedtls_calloc_unset(size_t n, size_t size)
{
    (void)n;
    (void)size;
    return NULL; /* no arena yet: fail, never fall back to a heap */
}

void board_mbedtls_free_unset(void *p)
{
    (void)p;
}

time_t board_mbedtls_time_unset(time_t *t)
{
    if (t != NULL)
        *t = 0;
    return 0;
}

int board_mbedtls_fprintf(void *stream, const char *fmt, ...)
{
    va_list ap;
    int n;
    (void)stream; /* mbedTLS only writes diagnostics: all go to the console */
    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

void board_mbedtls_exit(int status)
{
    (void)status;
    board_panic("mbedTLS arena corrupted");
}

/* gmtime_r without libc: newlib's gmtime() keeps its result in the reentrancy
 * structure, which newlib-nano allocates on the heap. Civil-from-days
 * conversion for the proleptic Gregorian calendar. */
struct tm *mbedtls_platform_gmtime_r(const mbedtls_time_t *tt, struct tm *tm_buf)
{
    long long t, days, secs, era, doe, yoe, doy, mp, y;
    if (tt == NULL || tm_buf == NULL)
        return NULL;
    t = (long long)*tt;
    days = t / 86400;
    secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    memset(tm_buf, 0, sizeof *tm_buf);
    tm_buf->tm_hour = (int)(secs / 3600);
    tm_buf->tm_min = (int)(secs % 3600 / 60);
    tm_buf->tm_sec = (int)(secs % 60);
    tm_buf->tm_wday = (int)((days % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
    days += 719468;
    era = (days >= 0 ? days : days - 146096) / 146097;
    doe = days - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    tm_buf->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
    tm_buf->tm_mon = (int)(mp < 10 ? mp + 2 : mp - 10);
    if (tm_buf->tm_mon <= 1)
        y++;
    tm_buf->tm_year = (int)(y - 1900);
    return tm_buf;
}
