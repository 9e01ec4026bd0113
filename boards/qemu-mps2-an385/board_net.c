/* SPDX-License-Identifier: MIT */
/* Network bring-up and polling (see board_net.h). */
#include "board_net.h"

#include "board.h"
#include "lan9118.h"
#include "lwip/dns.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "semihost.h"

static struct netif net_if;
static uint32_t rand_state;

/* lwIP's clock (NO_SYS): the SysTick millisecond counter. */
u32_t sys_now(void)
{
    return (u32_t)board_ms();
}

/* Non-cryptographic generator for lwIP's local port and DNS ids (xorshift32).
 * TLS randomness comes from mbedTLS's CTR-DRBG, not from here. */
uint32_t board_rand(void)
{
    uint32_t x = rand_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rand_state = x;
    return x;
}

int board_net_init(const char *ip, const char *mask, const char *gw, const char *dns)
{
    ip4_addr_t a, m, g;
    err_t e;

    /* Different on every run (host time, the chip's free-running counter),
     * so consecutive runs do not reuse a TCP source port. */
    rand_state = semihost_time() ^ (lan9118_free_run() * 2654435761u) ^ semihost_clock();
    if (rand_state == 0)
        rand_state = 0x9e3779b9u;

    lwip_init(); /* uses board_rand() for the first local port */
    if (!ip4addr_aton(ip, &a) || !ip4addr_aton(mask, &m) || !ip4addr_aton(gw, &g))
        return ERR_ARG;
    if (netif_add(&net_if, &a, &m, &g, NULL, lan9118_netif_init, ethernet_input) == NULL)
        return ERR_IF;
    netif_set_default(&net_if);
    netif_set_up(&net_if);
    if (lan9118_link_up())
        netif_set_link_up(&net_if);
    if (dns != NULL) {
        ip_addr_t d;
        if (!ipaddr_aton(dns, &d))
            return ERR_ARG;
        dns_setserver(0, &d);
    }
    e = ERR_OK;
    return e;
}

void board_net_poll(void *arg)
{
    (void)arg;
    (void)lan9118_poll(&net_if, 8);
    sys_check_timeouts();
}

struct netif *board_netif(void)
{
    return &net_if;
}
