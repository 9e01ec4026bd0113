/* SPDX-License-Identifier: MIT */
/*
 * Polled LAN9118 driver (see lan9118.h). Register layout from the LAN9118
 * datasheet; the notes marked QEMU describe where the emulation matters:
 *  - QEMU resets MAC_CR to promiscuous: init writes MAC_CR without PRMS so
 *    only frames for our address (and broadcast) arrive.
 *  - The RX status length includes the 4-byte FCS that follows the frame in
 *    the data FIFO; it is read and discarded.
 *  - The RX data FIFO holds about 10 KiB: poll often (see lwipopts.h).
 */
#include "lan9118.h"

#include <string.h>

#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"

#define REG(off) (*(volatile uint32_t *)(LAN9118_BASE + (off)))
#define RX_DATA_FIFO REG(0x00)
#define TX_DATA_FIFO REG(0x20)
#define RX_STATUS_FIFO REG(0x40)
#define TX_STATUS_FIFO REG(0x48)
#define ID_REV REG(0x50)
#define IRQ_CFG REG(0x54)
#define INT_STS REG(0x58)
#define INT_EN REG(0x5c)
#define BYTE_TEST REG(0x64)
#define RX_CFG REG(0x6c)
#define TX_CFG REG(0x70)
#define HW_CFG REG(0x74)
#define RX_FIFO_INF REG(0x7c)
#define TX_FIFO_INF REG(0x80)
#define PMT_CTRL REG(0x84)
#define FREE_RUN REG(0x9c)
#define MAC_CSR_CMD REG(0xa4)
#define MAC_CSR_DATA REG(0xa8)

#define HW_CFG_SRST 0x00000001u
#define PMT_CTRL_READY 0x00000001u
#define TX_CFG_TX_ON 0x00000002u
#define MAC_CSR_BUSY 0x80000000u
#define MAC_CSR_READ 0x40000000u

#define MAC_CR 1u
#define MAC_ADDRH 2u
#define MAC_ADDRL 3u
#define MAC_MII_ACC 6u
#define MAC_MII_DATA 7u
#define MAC_CR_FDPX 0x00100000u
#define MAC_CR_TXEN 0x00000008u
#define MAC_CR_RXEN 0x00000004u

#define TXCMD_A_FIRST 0x00002000u
#define TXCMD_A_LAST 0x00001000u
#define RXSTS_ERROR 0x00008000u

#define PHY_ADDR 1u
#define PHY_BSR 1u
#define PHY_BSR_LINK 0x0004u

#define FRAME_MAX 1518u /* 1514 + FCS */
#define POLL_LIMIT 100000u

/* One frame buffer for each direction: the FIFOs move 32-bit words, lwIP
 * pbufs are byte-oriented chains; copying through an aligned buffer keeps
 * the driver simple and the copy is small next to the TLS work. */
static uint32_t rx_words[(FRAME_MAX + 3) / 4 + 1];
static uint32_t tx_words[(FRAME_MAX + 3) / 4];
static uint32_t rx_dropped;
static uint16_t tx_tag;

static int mac_wait(void)
{
    uint32_t i;
    for (i = 0; i < POLL_LIMIT; i++)
        if ((MAC_CSR_CMD & MAC_CSR_BUSY) == 0)
            return 0;
    return -1;
}

static uint32_t mac_read(uint32_t reg)
{
    if (mac_wait() != 0)
        return 0;
    MAC_CSR_CMD = MAC_CSR_BUSY | MAC_CSR_READ | reg;
    (void)mac_wait();
    return MAC_CSR_DATA;
}

static void mac_write(uint32_t reg, uint32_t val)
{
    if (mac_wait() != 0)
        return;
    MAC_CSR_DATA = val;
    MAC_CSR_CMD = MAC_CSR_BUSY | reg;
    (void)mac_wait();
}

static uint32_t phy_read(uint32_t reg)
{
    uint32_t i;
    /* MII_ACC: PHY address bits 15:11, register 10:6, busy bit 0. */
    mac_write(MAC_MII_ACC, (PHY_ADDR << 11) | (reg << 6) | 1u);
    for (i = 0; i < POLL_LIMIT; i++)
        if ((mac_read(MAC_MII_ACC) & 1u) == 0)
            break;
    return mac_read(MAC_MII_DATA) & 0xffffu;
}

int lan9118_link_up(void)
{
    return (phy_read(PHY_BSR) & PHY_BSR_LINK) != 0;
}

uint32_t lan9118_free_run(void)
{
    return FREE_RUN;
}

uint32_t lan9118_rx_dropped(void)
{
    return rx_dropped;
}

static err_t lan9118_linkoutput(struct netif *netif, struct pbuf *p)
{
    uint32_t words, i, len = p->tot_len;
    (void)netif;
    if (len > FRAME_MAX - 4u)
        return ERR_BUF;
    /* Wait for FIFO room for both command words and the data. */
    for (i = 0; i < POLL_LIMIT; i++)
        if ((TX_FIFO_INF & 0xffffu) >= len + 8u)
            break;
    if (i == POLL_LIMIT)
        return ERR_MEM;
    if (pbuf_copy_partial(p, tx_words, (u16_t)len, 0) != len)
        return ERR_BUF;
    tx_tag++;
    TX_DATA_FIFO = TXCMD_A_FIRST | TXCMD_A_LAST | len;
    TX_DATA_FIFO = ((uint32_t)tx_tag << 16) | len;
    words = (len + 3u) / 4u;
    for (i = 0; i < words; i++)
        TX_DATA_FIFO = tx_words[i];
    /* Drain the TX status FIFO so it never fills (the status is not needed:
     * TCP recovers a lost frame). */
    while ((TX_FIFO_INF >> 16) & 0xffu)
        (void)TX_STATUS_FIFO;
    return ERR_OK;
}

int lan9118_poll(struct netif *netif, int max)
{
    int delivered = 0;
    while (delivered < max && ((RX_FIFO_INF >> 16) & 0xffu) != 0) {
        uint32_t status = RX_STATUS_FIFO;
        uint32_t len = (status >> 16) & 0x3fffu; /* frame + 4-byte FCS */
        uint32_t words = (len + 3u) / 4u, i;
        struct pbuf *p;

        if (words > sizeof rx_words / sizeof rx_words[0]) {
            /* Cannot happen with a 1518-byte maximum; drain it word by word anyway. */
            for (i = 0; i < words; i++)
                (void)RX_DATA_FIFO;
            rx_dropped++;
            continue;
        }
        for (i = 0; i < words; i++)
            rx_words[i] = RX_DATA_FIFO;
        if ((status & RXSTS_ERROR) != 0 || len < 14u + 4u) {
            rx_dropped++;
            continue;
        }
        len -= 4u; /* drop the FCS */
        p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
        if (p == NULL) {
            rx_dropped++;
            continue;
        }
        if (pbuf_take(p, rx_words, (u16_t)len) != ERR_OK || netif->input(p, netif) != ERR_OK) {
            pbuf_free(p);
            rx_dropped++;
            continue;
        }
        delivered++;
    }
    return delivered;
}

err_t lan9118_netif_init(struct netif *netif)
{
    uint32_t i, lo, hi;

    if (BYTE_TEST != 0x87654321u || (ID_REV >> 16) != 0x0118u)
        return ERR_IF;
    HW_CFG = HW_CFG_SRST;
    for (i = 0; i < POLL_LIMIT && (HW_CFG & HW_CFG_SRST); i++) {
    }
    for (i = 0; i < POLL_LIMIT && !(PMT_CTRL & PMT_CTRL_READY); i++) {
    }
    if ((HW_CFG & HW_CFG_SRST) || !(PMT_CTRL & PMT_CTRL_READY))
        return ERR_IF;

    INT_EN = 0;          /* polled */
    INT_STS = 0xffffffffu;
    IRQ_CFG = 0;
    RX_CFG = 0;          /* no offset, 4-byte end alignment */
    TX_CFG = TX_CFG_TX_ON;
    /* QEMU comes out of reset promiscuous; filter on our address instead. */
    mac_write(MAC_CR, MAC_CR_TXEN | MAC_CR_RXEN | MAC_CR_FDPX);

    /* The MAC address the chip loaded from its EEPROM (QEMU: -nic ...,mac=). */
    lo = mac_read(MAC_ADDRL);
    hi = mac_read(MAC_ADDRH);
    netif->hwaddr[0] = (u8_t)lo;
    netif->hwaddr[1] = (u8_t)(lo >> 8);
    netif->hwaddr[2] = (u8_t)(lo >> 16);
    netif->hwaddr[3] = (u8_t)(lo >> 24);
    netif->hwaddr[4] = (u8_t)hi;
    netif->hwaddr[5] = (u8_t)(hi >> 8);
    netif->hwaddr_len = ETH_HWADDR_LEN;

    netif->name[0] = 'e';
    netif->name[1] = 'n';
    netif->mtu = 1500;
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    netif->output = etharp_output;
    netif->linkoutput = lan9118_linkoutput;
    return ERR_OK;
}
