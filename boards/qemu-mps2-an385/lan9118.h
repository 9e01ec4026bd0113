/* SPDX-License-Identifier: MIT */
/*
 * Polled driver for the SMSC LAN9118 Ethernet controller as an lwIP netif
 * (QEMU's mps2-an385 maps it at 0x40200000). No interrupts: the firmware
 * calls lan9118_poll() from its main loop and while the client waits.
 */
#ifndef BOARD_LAN9118_H
#define BOARD_LAN9118_H

#include <stdint.h>

#include "lwip/err.h"
#include "lwip/netif.h"

#define LAN9118_BASE 0x40200000u

/** netif init callback for netif_add(); state must be NULL (one chip at LAN9118_BASE). */
err_t lan9118_netif_init(struct netif *netif);
/** Moves received frames (at most max) into lwIP; returns how many were delivered. */
int lan9118_poll(struct netif *netif, int max);
/** PHY link state (basic status register). */
int lan9118_link_up(void);
/** Free-running 25 MHz counter of the chip (used only as an entropy input). */
uint32_t lan9118_free_run(void);
/** Frames dropped by the driver (bad status, no pbuf, oversize) since init. */
uint32_t lan9118_rx_dropped(void);

#endif
