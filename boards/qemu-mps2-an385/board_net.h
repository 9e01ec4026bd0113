/* SPDX-License-Identifier: MIT */
/*
 * Network bring-up of the board: lwIP (NO_SYS) on the LAN9118 with a
 * static IPv4 address, and the poll function the raw port calls while it
 * waits.
 */
#ifndef BOARD_NET_H
#define BOARD_NET_H

#include <stdint.h>

#include "lwip/netif.h"

/** Seeds board_rand(), starts lwIP and brings the interface up. Returns 0 or a negative lwIP err. */
int board_net_init(const char *ip, const char *mask, const char *gw, const char *dns);
/** Moves received frames into lwIP and runs its timers; pass to aigw_lwip_raw_init(). */
void board_net_poll(void *arg);
/** The board's one interface. */
struct netif *board_netif(void);

#endif
