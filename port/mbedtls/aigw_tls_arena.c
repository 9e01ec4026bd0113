/* SPDX-License-Identifier: MIT */
/*
 * Heap-free option: mbedTLS allocates only from a caller-provided static
 * buffer (MBEDTLS_MEMORY_BUFFER_ALLOC_C). Only a mbedTLS built with that
 * option can do it; Debian's libmbedtls is not, and then these functions say
 * so (AIGW_E_ARG) instead of pretending. Usage numbers need
 * MBEDTLS_MEMORY_DEBUG as well.
 */
#include "aigw/aigw_tls.h"

#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
#include "mbedtls/memory_buffer_alloc.h"
#include "mbedtls/platform.h"

/* mbedTLS swallows some allocation failures: a signature check that cannot
 * allocate reads as a bad signature, so a chain verified in a too-small
 * arena reads as untrusted. Counting the requests the arena refuses lets the
 * TLS port say "out of memory" instead. mbedTLS offers no way to read back
 * the allocator it installed, so its memory_buffer_alloc.c hands it over
 * here when compiled with
 * -Dmbedtls_platform_set_calloc_free=aigw_tls_arena_hooks (process-wide
 * state, like mbedTLS's own allocator). */
static void *(*s_arena_calloc)(size_t n, size_t size);
static uint32_t s_arena_refused;

static void *counting_calloc(size_t n, size_t size)
{
    void *p = s_arena_calloc(n, size);
    if (p == NULL && n != 0 && size != 0)
        s_arena_refused++;
    return p;
}

int aigw_tls_arena_hooks(void *(*calloc_fn)(size_t n, size_t size), void (*free_fn)(void *p))
{
    s_arena_calloc = calloc_fn;
    return mbedtls_platform_set_calloc_free(calloc_fn != NULL ? counting_calloc : NULL, free_fn);
}
#endif

uint32_t aigw_tls_arena_refused(void)
{
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
    return s_arena_refused;
#else
    return 0;
#endif
}

aigw_err_t aigw_tls_arena_init(uint8_t *buf, size_t len)
{
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
    if (buf == NULL || len == 0)
        return AIGW_E_ARG;
    mbedtls_memory_buffer_alloc_init(buf, len);
    return AIGW_OK;
#else
    (void)buf;
    (void)len;
    return AIGW_E_ARG;
#endif
}

aigw_err_t aigw_tls_arena_usage(size_t *cur, size_t *peak)
{
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C) && defined(MBEDTLS_MEMORY_DEBUG)
    size_t blocks = 0;
    if (cur == NULL || peak == NULL)
        return AIGW_E_ARG;
    mbedtls_memory_buffer_alloc_cur_get(cur, &blocks);
    mbedtls_memory_buffer_alloc_max_get(peak, &blocks);
    return AIGW_OK;
#else
    (void)cur;
    (void)peak;
    return AIGW_E_ARG;
#endif
}

void aigw_tls_arena_free(void)
{
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
    mbedtls_memory_buffer_alloc_free();
#endif
}
