/* SPDX-License-Identifier: MIT */
/*
 * On-target test of the lwIP raw port (no TLS): the firmware brings up the
 * LAN9118 with 192.0.2.2 and talks to the peers of echo_server.py on
 * 192.0.2.1 inside the test's network namespace. Checks the port contract on
 * real frames: refused connect, connect timeout to a silent address, DNS
 * (answer and NXDOMAIN), WOULD_BLOCK with nothing moved at a deadline (recv
 * and send), a 20 KB round trip through a 4-segment window, EOF on the
 * peer's orderly close, and a reset read as AIGW_E_RECV; pending() sees
 * arrived bytes without taking them and the peer's FIN as AIGW_E_EOF. Then the
 * client itself, over plain HTTP on this port, against echo_server.py's
 * scripted server: bytes that arrive after a complete answer (a whole second
 * 200) are never taken as the answer to the next request or the retry.
 * Prints PASS/FAIL lines; exit status 0 only if all pass.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../tests/unit/aigw_test.h"
#include "aigw/aigw_client.h"
#include "aigw/aigw_lwip_raw.h"
#include "board.h"
#include "board_net.h"

#define SERVER "192.0.2.1"
#define ECHO_PORT 7000
#define CLOSED_PORT 7001
#define RESET_PORT 7002
#define SILENT_PORT 7003
#define HTTP_BASE "http://" SERVER ":7004/client/v4"
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

/* pending(): arrived bytes are counted, not taken; after them, the FIN reads as EOF. */
static void test_pending(void)
{
    size_t n = 0, got = 0;
    aigw_ms_t deadline;
    aigw_err_t e = port.connect(port.ctx, SERVER, ECHO_PORT, port.now(port.ctx) + 3000);
    EXPECTF(e == AIGW_OK, "connect: %s", aigw_strerror(e));
    if (e != AIGW_OK)
        return;
    e = port.pending(port.ctx, &n);
    EXPECTF(e == AIGW_OK && n == 0, "pending before anything was sent: %s, %zu", aigw_strerror(e), n);
    e = port.send(port.ctx, (const uint8_t *)"5\nhello", 7, &n, port.now(port.ctx) + 1000);
    EXPECTF(e == AIGW_OK && n == 7, "send: %s", aigw_strerror(e));
    deadline = port.now(port.ctx) + 3000;
    do
        e = port.pending(port.ctx, &n);
    while (e == AIGW_OK && n < 5 && port.now(port.ctx) < deadline);
    EXPECTF(e == AIGW_OK && n == 5, "pending after the echo: %s, %zu", aigw_strerror(e), n);
    e = port.recv(port.ctx, rxbuf, sizeof rxbuf, &got, port.now(port.ctx) + 1000);
    EXPECTF(e == AIGW_OK && got == 5 && memcmp(rxbuf, "hello", 5) == 0, "recv: %s, %zu", aigw_strerror(e), got);
    deadline = port.now(port.ctx) + 3000;
    do
        e = port.pending(port.ctx, &n);
    while (e == AIGW_OK && n == 0 && port.now(port.ctx) < deadline);
    EXPECTF(e == AIGW_E_EOF && n == 0, "pending after the peer's FIN: %s, %zu", aigw_strerror(e), n);
    port.close(port.ctx);
    e = port.pending(port.ctx, &n);
    EXPECTF(e == AIGW_E_PORT, "pending when closed: %s", aigw_strerror(e));
}

static aigw_client_t http_client;
static uint8_t http_io[512];
static uint8_t http_body[2048];
static aigw_tok_t http_tok[64];
static uint64_t http_arena[64];

static aigw_err_t http_get(const char *id, aigw_result_t *r)
{
    aigw_result_init(r, http_body, sizeof http_body, http_tok, sizeof http_tok / sizeof http_tok[0],
                     http_arena, sizeof http_arena);
    return aigw_gateway_get(&http_client, id, r);
}

static int is_gateway(const aigw_result_t *r, const char *id, int64_t ttl)
{
    size_t n = strlen(id);
    return r->err == AIGW_OK && r->gateway.id.state == AIGW_SET && r->gateway.id.value.len == n &&
           memcmp(r->gateway.id.value.ptr, id, n) == 0 && r->gateway.params.cache_ttl.state == AIGW_SET &&
           r->gateway.params.cache_ttl.value == ttl;
}

/* A whole unsolicited 200 arrives 30 ms after a complete answer: it must never
 * be the answer to the next call, nor to the retry inside a call. */
static void test_client_stale_bytes(void)
{
    aigw_client_config_t cfg;
    aigw_result_t r;
    aigw_err_t e;
    memset(&cfg, 0, sizeof cfg);
    cfg.base_url = HTTP_BASE;
    cfg.account_id = "3ebbcb006d4d46d7bb6a8c7f14676cb0";
    cfg.auth.kind = AIGW_AUTH_TOKEN;
    cfg.auth.token.ptr = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY";
    cfg.auth.token.len = strlen(cfg.auth.token.ptr);
    cfg.port = &port;
    cfg.max_attempts = 2;
    cfg.call_timeout_ms = 10000;
    e = aigw_client_init(&http_client, &cfg, http_io, sizeof http_io);
    EXPECTF(e == AIGW_OK, "client init: %s", aigw_strerror(e));
    if (e != AIGW_OK)
        return;

    e = http_get("stale-400", &r);
    EXPECTF(e == AIGW_E_API && r.status == 400, "the 400: %s, status %u", aigw_strerror(e), r.status);
    port.sleep(port.ctx, 200); /* the unsolicited response arrives meanwhile */
    e = http_get("real", &r);
    EXPECTF(!is_gateway(&r, "stale", 6666), "the next call reported the unsolicited response");
    EXPECTF(is_gateway(&r, "real", 1), "the next call: %s, status %u", aigw_strerror(e), r.status);
    EXPECTF(http_client.connections == 2 && http_client.stale_closed == 1, "connections %u, stale_closed %u",
            (unsigned)http_client.connections, (unsigned)http_client.stale_closed);

    e = http_get("stale-503", &r); /* the retry comes after 300 ms, the stale bytes after 30 */
    EXPECTF(!is_gateway(&r, "stale", 6666), "the retry reported the unsolicited response");
    EXPECTF(is_gateway(&r, "stale-503", 1) && r.attempts == 2, "the retried call: %s, status %u, attempts %u",
            aigw_strerror(e), r.status, r.attempts);
    EXPECTF(http_client.connections == 3 && http_client.stale_closed == 2, "connections %u, stale_closed %u",
            (unsigned)http_client.connections, (unsigned)http_client.stale_closed);
    aigw_client_close(&http_client);
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
    RUN(test_pending);
    RUN(test_client_stale_bytes);
    printf("net_echo: %llu ms, peak stack %zu of %zu bytes\n", (unsigned long long)(board_ms() - t0),
           board_stack_peak(), board_stack_size());
    return AIGW_TEST_EXIT();
}
