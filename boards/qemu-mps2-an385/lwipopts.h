/* SPDX-License-Identifier: MIT */
/*
 * lwIP options for the bare-metal board: NO_SYS=1, raw TCP API only, every
 * byte of memory static (lwIP's own heap over a static array, fixed pools),
 * IPv4 with ARP on Ethernet, DNS for host names, no DHCP (the firmware is
 * given its address).
 *
 * Sizing for TLS: mbedTLS pulls a 16 KiB record through the port piece by
 * piece, so the TCP window does not have to hold a whole record. The window
 * stays well under the roughly 10 KiB of RX FIFO of QEMU's LAN9118 model
 * (like the real chip's default split): a bigger burst is dropped by the
 * "hardware" before the polled driver drains it, and costs a retransmission
 * timeout. Received segments stay in their pbufs until the client reads them
 * (no copy), so the pbuf pool must cover one full window plus frames in
 * flight. Window, pool and heap sizes come from the firmware profile
 * (board_profile.h), set from the high-water marks the statistics below
 * give (the firmware's REPORT line).
 */
#ifndef BOARD_LWIPOPTS_H
#define BOARD_LWIPOPTS_H

#include "board_profile.h" /* window, pool and heap sizes of the firmware profile */

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_TIMERS 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0

/* Memory: no libc malloc anywhere, pools are static arrays. */
#define MEM_LIBC_MALLOC 0
#define MEMP_MEM_MALLOC 0
#define MEM_ALIGNMENT 4
#define MEM_SIZE BOARD_MEM_SIZE /* lwIP heap (static array): outgoing TCP data copied by tcp_write */
#define MEMP_NUM_PBUF 8
#define MEMP_NUM_RAW_PCB 0
#define MEMP_NUM_UDP_PCB 2
#define MEMP_NUM_TCP_PCB 3
#define MEMP_NUM_TCP_PCB_LISTEN 1
#define MEMP_NUM_TCP_SEG TCP_SND_QUEUELEN
#define MEMP_NUM_ARP_QUEUE 4
#define PBUF_POOL_SIZE BOARD_PBUF_POOL_SIZE

/* Protocols. */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define ETHARP_SUPPORT_STATIC_ENTRIES 0
#define LWIP_ICMP 0 /* no echo replies: the device only dials out */
#define LWIP_RAW 0
#define LWIP_UDP 1
#define LWIP_DHCP 0
#define LWIP_AUTOIP 0
#define LWIP_IGMP 0
#define LWIP_DNS 1
#define DNS_TABLE_SIZE 2
#define DNS_MAX_NAME_LENGTH 128
/* A static host table for devices without a DNS server (and for the test
 * network): dns_local_addhost() entries come from a fixed pool, not a heap. */
#define DNS_LOCAL_HOSTLIST 1
#define DNS_LOCAL_HOSTLIST_IS_DYNAMIC 1
#define MEMP_NUM_LOCALHOSTLIST 2
#define IP_REASSEMBLY 0
#define IP_FRAG 0

/* TCP. */
#define LWIP_TCP 1
#define TCP_MSS 1460
#define TCP_WND (BOARD_TCP_WND_SEGS * TCP_MSS)
#define TCP_SND_BUF (BOARD_TCP_SND_SEGS * TCP_MSS)
#define TCP_SND_QUEUELEN (4 * BOARD_TCP_SND_SEGS)
#define TCP_QUEUE_OOSEQ 0 /* out-of-order segments are dropped: no pool pressure from reordering */
#define LWIP_TCP_KEEPALIVE 0
#define LWIP_ALTCP 0

/* Netif. */
#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_SINGLE_NETIF 1
#define LWIP_NETIF_LOOPBACK 0
#define LWIP_HAVE_LOOPIF 0

/* Checksums in software (QEMU's LAN9118 model has no offload). */
#define CHECKSUM_GEN_IP 1
#define CHECKSUM_GEN_TCP 1
#define CHECKSUM_CHECK_IP 1
#define CHECKSUM_CHECK_TCP 1

/* Pool and heap high-water marks only, printed by the firmware's REPORT line:
 * the figures the profile's sizes come from. */
#define LWIP_STATS 1
#define MEM_STATS 1
#define MEMP_STATS 1
#define LINK_STATS 0
#define ETHARP_STATS 0
#define IP_STATS 0
#define IPFRAG_STATS 0
#define ICMP_STATS 0
#define UDP_STATS 0
#define TCP_STATS 0
#define SYS_STATS 0
#define LWIP_STATS_DISPLAY 0

#endif
