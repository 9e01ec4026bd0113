/* SPDX-License-Identifier: MIT */
/*
 * Read-only fopen/fread/fclose over semihosting, for the unit tests that load
 * golden files (tests/data/...): paths are relative to the directory QEMU
 * runs in (the project root). Static handles, no heap: these replace
 * newlib's versions, which would allocate buffers. Firmware images never
 * reference them, so they are not linked there.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SYS_OPEN 0x01u
#define SYS_CLOSE 0x02u
#define SYS_READ 0x06u
#define OPEN_MODE_RB 1u
#define MAX_FILES 4

static FILE files[MAX_FILES];
static int handles[MAX_FILES]; /* semihosting handle + 1; 0 = free */

static int32_t semihost_call3(uint32_t op, const uint32_t *args)
{
    register uint32_t r0 __asm__("r0") = op;
    register const uint32_t *r1 __asm__("r1") = args;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return (int32_t)r0;
}

FILE *fopen(const char *restrict path, const char *restrict mode)
{
    uint32_t args[3];
    int32_t h;
    int i;
    if (path == NULL || mode == NULL || mode[0] != 'r' || strchr(mode, '+') != NULL)
        return NULL; /* read-only */
    for (i = 0; i < MAX_FILES && handles[i] != 0; i++) {
    }
    if (i == MAX_FILES)
        return NULL;
    args[0] = (uint32_t)(uintptr_t)path;
    args[1] = OPEN_MODE_RB;
    args[2] = (uint32_t)strlen(path);
    h = semihost_call3(SYS_OPEN, args);
    if (h < 0)
        return NULL;
    handles[i] = h + 1;
    return &files[i];
}

size_t fread(void *restrict buf, size_t size, size_t nmemb, FILE *restrict f)
{
    uint32_t args[3];
    size_t want, got;
    int i = (int)(f - files);
    if (i < 0 || i >= MAX_FILES || handles[i] == 0 || size == 0)
        return 0;
    want = size * nmemb;
    args[0] = (uint32_t)(handles[i] - 1);
    args[1] = (uint32_t)(uintptr_t)buf;
    args[2] = (uint32_t)want;
    /* SYS_READ returns the number of bytes NOT read. */
    got = want - (size_t)(uint32_t)semihost_call3(SYS_READ, args);
    return got / size;
}

int fclose(FILE *f)
{
    uint32_t args[1];
    int i = (int)(f - files);
    if (i < 0 || i >= MAX_FILES || handles[i] == 0)
        return EOF;
    args[0] = (uint32_t)(handles[i] - 1);
    handles[i] = 0;
    return semihost_call3(SYS_CLOSE, args) == 0 ? 0 : EOF;
}
