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
#endif

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
