/*
 * On-target test of the lwIP raw port (no TLS): the firmware brings up the
 * LAN9118 with 192.0.2.2 and talks to the peers of echo_server.py on
 * 192.0.2.1 inside the test's network namespace. Checks the port contract on
 * real frames: refused connect, connect timeout to a silent address, DNS
 * (answer and NXDOMAIN), WOULD_BLOCK with nothing moved at a deadline (recv
 * and send), a 20 KB round trip through a 4-segment window, EOF on the
 * peer's orderly close, and a reset read as AIGW_E_RECV.
 * Prints PASS/FAIL lines; exit status 0 only if all pass.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../tests/unit/aigw_test.h"
#include "aigw/aigw_lwip_raw.h"
#include "board.h"
#include "board_net.h"

#define SERVER "192.0.2.1"
#define ECHO_PORT 7000
#define CLOSED_PORT 7001
#define RESET_PORT 7002
#define SILENT_PORT 7003
#define NO_HOST "192.0.2.99" /* nobody answers ARP for it */
#define ECHO_BYTES 20000u

static aigw_lwip_raw_t raw;
static aigw_port_t port;
static uint8_t rxbuf[1500];

static uint8_t pattern(size_t i)
{
    return (uint8_t)((i * 7u + (i >> 8)) & 0xffu);
}

static void test_connect_refused(void)
{
    aigw_err_t e = port.connect(port.ctx, SERVER, CLOSED_PORT, port.now(port.ctx) + 3000);
    EXPECTF(e == AIGW_E_CONNECT, "connect to a closed port: %s", aigw_strerror(e));
    port.close(port.ctx);
}

static void test_echo_round_trip(void)
{
    char head[16];
    size_t sent = 0, got = 0, n = 0, bad = 0;
    aigw_ms_t deadline;
    aigw_err_t e = port.connect(port.ctx, SERVER, ECHO_PORT, port.now(port.ctx) + 3000);
    EXPECTF(e == AIGW_OK, "connect: %s", aigw_strerror(e));
    if (e != AIGW_OK)
        return;

    /* Nothing was sent yet, so nothing can arrive: WOULD_BLOCK with n == 0. */
    n = 99;
    e = port.recv(port.ctx, rxbuf, sizeof rxbuf, &n, port.now(port.ctx) + 50);
    EXPECTF(e == AIGW_E_WOULD_BLOCK && n == 0, "idle recv: %s n=%zu", aigw_strerror(e), n);

    /* The server echoes exactly the announced number of bytes, then closes. */
    (void)snprintf(head, sizeof head, "%u\n", ECHO_BYTES);
    e = port.send(port.ctx, (const uint8_t *)head, strlen(head), &n, port.now(port.ctx) + 3000);
    EXPECTF(e == AIGW_OK && n == strlen(head), "send head: %s n=%zu", aigw_strerror(e), n);

    deadline = port.now(port.ctx) + 20000;
    while (got < ECHO_BYTES && port.now(port.ctx) < deadline) {
        uint8_t chunk[700];
        if (sent < ECHO_BYTES) {
            size_t len = ECHO_BYTES - sent < sizeof chunk ? ECHO_BYTES - sent : sizeof chunk, i;
            for (i = 0; i < len; i++)
                chunk[i] = pattern(sent + i);
            e = port.send(port.ctx, chunk, len, &n, port.now(port.ctx) + 10);
            if (e == AIGW_OK)
                sent += n;
            else if (e != AIGW_E_WOULD_BLOCK)
                break;
        }
        e = port.recv(port.ctx, rxbuf, sizeof rxbuf, &n, port.now(port.ctx) + 10);
        if (e == AIGW_OK) {
            size_t i;
            for (i = 0; i < n; i++)
                if (rxbuf[i] != pattern(got + i))
                    bad++;
            got += n;
        } else if (e != AIGW_E_WOULD_BLOCK) {
            break;
        }
    }
    EXPECTF(sent == ECHO_BYTES && got == ECHO_BYTES, "sent %zu got %zu (last %s)", sent, got, aigw_strerror(e));
    EXPECTF(bad == 0, "%zu echoed bytes differ", bad);

    /* The server closes after the echo: EOF, and EOF again (it is sticky). */
    e = port.recv(port.ctx, rxbuf, sizeof rxbuf, &n, port.now(port.ctx) + 3000);
    EXPECTF(e == AIGW_E_EOF && n == 0, "after close: %s n=%zu", aigw_strerror(e), n);
    e = port.recv(port.ctx, rxbuf, sizeof rxbuf, &n, port.now(port.ctx) + 10);
    EXPECTF(e == AIGW_E_EOF, "EOF again: %s", aigw_strerror(e));
    port.close(port.ctx);
    port.close(port.ctx); /* closing twice is safe */
}

static void test_connect_timeout(void)
{
    aigw_ms_t deadline = port.now(port.ctx) + 700, t;
    aigw_err_t e = port.connect(port.ctx, NO_HOST, ECHO_PORT, deadline);
    t = port.now(port.ctx);
    EXPECTF(e == AIGW_E_TIMEOUT_CONNECT, "connect to a silent address: %s", aigw_strerror(e));
    /* Not before the deadline, and not at lwIP's own SYN give-up (a minute
     * later); the slack only absorbs a busy host stalling the emulator. */
    EXPECTF(t >= deadline && t < deadline + 2000, "returned %lld ms after the deadline",
            (long long)t - (long long)deadline);
    port.close(port.ctx);
}

static void test_dns(void)
{
    uint8_t b[4];
    size_t n = 0;
    aigw_err_t e = port.connect(port.ctx, "echo.aigw.test", ECHO_PORT, port.now(port.ctx) + 3000);
    EXPECTF(e == AIGW_OK, "connect by name: %s", aigw_strerror(e));
    if (e == AIGW_OK) {
        e = port.send(port.ctx, (const uint8_t *)"2\nok", 4, &n, port.now(port.ctx) + 1000);
        EXPECTF(e == AIGW_OK && n == 4, "send: %s n=%zu", aigw_strerror(e), n);
        e = port.recv(port.ctx, b, sizeof b, &n, port.now(port.ctx) + 2000);
        EXPECTF(e == AIGW_OK && n == 2 && memcmp(b, "ok", 2) == 0, "echo by name: %s n=%zu", aigw_strerror(e), n);
    }
    port.close(port.ctx);
    e = port.connect(port.ctx, "nx.aigw.test", ECHO_PORT, port.now(port.ctx) + 3000);
    EXPECTF(e == AIGW_E_DNS, "unknown name: %s", aigw_strerror(e));
    port.close(port.ctx);
}

static void test_reset_is_recv_error(void)
{
    size_t n = 7;
    aigw_err_t e = port.connect(port.ctx, SERVER, RESET_PORT, port.now(port.ctx) + 3000);
    EXPECTF(e == AIGW_OK, "connect: %s", aigw_strerror(e));
    if (e != AIGW_OK)
        return;
    e = port.send(port.ctx, (const uint8_t *)"x\n", 2, &n, port.now(port.ctx) + 1000);
    EXPECTF(e == AIGW_OK && n == 2, "send: %s", aigw_strerror(e));
    e = port.recv(port.ctx, rxbuf, sizeof rxbuf, &n, port.now(port.ctx) + 3000);
    EXPECTF(e == AIGW_E_RECV && n == 0, "recv after RST: %s n=%zu", aigw_strerror(e), n);
    e = port.send(port.ctx, (const uint8_t *)"y", 1, &n, port.now(port.ctx) + 100);
    EXPECTF(e == AIGW_E_SEND && n == 0, "send after RST: %s n=%zu", aigw_strerror(e), n);
    port.close(port.ctx);
}

/* The silent peer never reads: its window and our send buffer fill, and
 * send() must then return WOULD_BLOCK with nothing moved at its deadline. */
static void test_send_would_block(void)
{
    static uint8_t chunk[1000];
    size_t n = 0, total = 0;
    int i;
    aigw_err_t e = port.connect(port.ctx, SERVER, SILENT_PORT, port.now(port.ctx) + 3000);
    EXPECTF(e == AIGW_OK, "connect: %s", aigw_strerror(e));
    if (e != AIGW_OK)
        return;
    for (i = 0; i < 400; i++) {
        aigw_ms_t deadline = port.now(port.ctx) + 300;
        e = port.send(port.ctx, chunk, sizeof chunk, &n, deadline);
        if (e != AIGW_OK)
            break;
        total += n;
    }
    EXPECTF(e == AIGW_E_WOULD_BLOCK && n == 0, "after %zu bytes: %s n=%zu", total, aigw_strerror(e), n);
    EXPECTF(total > 0 && total < 400000u, "%zu bytes accepted before blocking", total);
    printf("send blocked after %zu bytes\n", total);
    port.close(port.ctx);
}

static void test_recv_after_close_is_port_error(void)
{
    size_t n = 5;
    aigw_err_t e = port.recv(port.ctx, rxbuf, sizeof rxbuf, &n, port.now(port.ctx) + 10);
    EXPECTF(e == AIGW_E_PORT && n == 0, "recv when closed: %s", aigw_strerror(e));
}

int main(void)
{
    aigw_ms_t t0 = board_ms();
    if (board_net_init("192.0.2.2", "255.255.255.0", SERVER, SERVER) != 0) {
        printf("FAIL net_init: LAN9118 not found or bad address\n");
        return 1;
    }
    (void)aigw_lwip_raw_init(&raw, board_net_poll, NULL, NULL);
    (void)aigw_lwip_raw_port(&raw, &port);
    RUN(test_connect_refused);
    RUN(test_connect_timeout);
    RUN(test_dns);
    RUN(test_echo_round_trip);
    RUN(test_reset_is_recv_error);
    RUN(test_send_would_block);
    RUN(test_recv_after_close_is_port_error);
    printf("net_echo: %llu ms, peak stack %zu of %zu bytes\n", (unsigned long long)(board_ms() - t0),
           board_stack_peak(), board_stack_size());
    return AIGW_TEST_EXIT();
}
