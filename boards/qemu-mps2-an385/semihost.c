/* SPDX-License-Identifier: MIT */
/* ARM semihosting (see semihost.h). Operation numbers from the ARM semihosting spec v2. */
#include "semihost.h"

#define SYS_WRITEC 0x03u
#define SYS_WRITE0 0x04u
#define SYS_CLOCK 0x10u
#define SYS_TIME 0x11u
#define SYS_EXIT 0x18u
#define SYS_EXIT_EXTENDED 0x20u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

/* r0 = operation, r1 = argument; the result comes back in r0. */
static uint32_t semihost_call(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void semihost_write0(const char *s)
{
    (void)semihost_call(SYS_WRITE0, s);
}

void semihost_writec(char c)
{
    (void)semihost_call(SYS_WRITEC, &c);
}

void semihost_exit(int code)
{
    /* SYS_EXIT on AArch32 carries only the reason, so a non-zero status
     * needs SYS_EXIT_EXTENDED, which takes {reason, subcode}. */
    uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code};
    (void)semihost_call(SYS_EXIT_EXTENDED, block);
    /* An emulator without the extension: plain exit (status 0 or 1). */
    (void)semihost_call(SYS_EXIT, (const void *)(uintptr_t)(code == 0 ? ADP_STOPPED_APPLICATION_EXIT : 0x20023u));
    for (;;) {
    }
}

uint32_t semihost_time(void)
{
    return semihost_call(SYS_TIME, 0);
}

uint32_t semihost_clock(void)
{
    return semihost_call(SYS_CLOCK, 0);
}
