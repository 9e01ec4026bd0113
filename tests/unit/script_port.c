/* SPDX-License-Identifier: MIT */
/* The scripted port of script_port.h. */
#include "script_port.h"

#include <string.h>

static uint32_t rnd(aigw_script_port_t *s)
{
    s->rng = s->rng * 1103515245u + 12345u;
    return s->rng >> 8;
}

static size_t rx_len(const aigw_sp_conn_t *k)
{
    if (!k->rx) return 0;
    return k->rx_len ? k->rx_len : strlen(k->rx);
}

static aigw_err_t sp_connect(void *ctx, const char *host, uint16_t port, aigw_ms_t dl)
{
    aigw_script_port_t *s = (aigw_script_port_t *)ctx;
    aigw_sp_conn_t *k;
    s->t += s->op_ms;
    s->connects++;
    s->connect_deadline = dl;
    s->tcp_port = port;
    strncpy(s->host, host ? host : "", sizeof s->host - 1);
    s->host[sizeof s->host - 1] = '\0';
    if (s->live) s->violations++; /* connect over an open connection */
    s->live = NULL;
    if (s->next >= s->nconn) return AIGW_E_CONNECT; /* script exhausted */
    k = &s->conn[s->next++];
    k->opened++;
    s->t += k->connect_ms;
    if (k->connect_err != AIGW_OK) {
        if ((k->connect_err == AIGW_E_TIMEOUT_CONNECT || k->connect_err == AIGW_E_TIMEOUT_HANDSHAKE) &&
            s->t < dl)
            s->t = dl;
        return k->connect_err;
    }
    k->sent_at = s->sent_len;
    k->sent_len = 0;
    k->rx_off = 0;
    k->first_recv_deadline = 0;
    s->live = k;
    return AIGW_OK;
}

static aigw_err_t sp_send(void *ctx, const uint8_t *b, size_t n, size_t *done, aigw_ms_t dl)
{
    aigw_script_port_t *s = (aigw_script_port_t *)ctx;
    aigw_sp_conn_t *k = s->live;
    size_t take = n;
    s->t += s->op_ms;
    s->sends++;
    s->send_deadline = dl;
    *done = 0;
    if (!k || n == 0 || !b) {
        s->violations++;
        return AIGW_E_PORT;
    }
    if (k->zero_sends) {
        k->zero_sends--;
        return AIGW_OK;
    }
    if (k->send_err != AIGW_OK) {
        if (k->sent_len >= k->send_ok) return k->send_err;
        if (take > k->send_ok - k->sent_len) take = k->send_ok - k->sent_len;
    }
    if (k->send_chunk && take > k->send_chunk) take = k->send_chunk;
    if (s->random_sizes) take = 1 + rnd(s) % take;
    if (s->sent) {
        size_t room = s->sent_cap - s->sent_len, keep = take < room ? take : room;
        memcpy(s->sent + s->sent_len, b, keep);
        s->sent_len += keep;
        s->sent_dropped += take - keep;
    }
    k->sent_len += take;
    *done = take;
    return AIGW_OK;
}

static aigw_err_t sp_recv(void *ctx, uint8_t *b, size_t cap, size_t *n, aigw_ms_t dl)
{
    aigw_script_port_t *s = (aigw_script_port_t *)ctx;
    aigw_sp_conn_t *k = s->live;
    size_t left, take;
    s->t += s->op_ms;
    s->recvs++;
    s->recv_deadline = dl;
    *n = 0;
    if (!k || cap == 0 || !b) {
        s->violations++;
        return AIGW_E_PORT;
    }
    if (!k->first_recv_deadline) k->first_recv_deadline = dl;
    if (k->early_wakes && s->t < dl) {
        k->early_wakes--;
        return AIGW_E_WOULD_BLOCK;
    }
    if (k->bogus_recv) {
        *n = k->bogus_recv == 1 ? 0 : cap + 1;
        return AIGW_OK;
    }
    left = rx_len(k) - k->rx_off;
    if (left == 0) {
        switch (k->end) {
        case AIGW_SP_EOF: return AIGW_E_EOF;
        case AIGW_SP_ERR: return k->end_err != AIGW_OK ? k->end_err : AIGW_E_RECV;
        case AIGW_SP_SILENT: default:
            if (s->t < dl) s->t = dl;
            return AIGW_E_WOULD_BLOCK;
        }
    }
    s->t += k->recv_ms;
    take = left;
    if (k->rx_chunk && take > k->rx_chunk - k->rx_off % k->rx_chunk)
        take = k->rx_chunk - k->rx_off % k->rx_chunk;
    if (s->random_sizes) {
        size_t r = 1 + rnd(s) % ((rnd(s) & 1) ? 7u : 600u);
        if (take > r) take = r;
    }
    if (take > cap) take = cap;
    memcpy(b, k->rx + k->rx_off, take);
    k->rx_off += take;
    *n = take;
    return AIGW_OK;
}

/* Everything of the connection's script counts as arrived: unread bytes are
 * pending; once all are read, the end tells (silent: idle, kept). */
static aigw_err_t sp_pending(void *ctx, size_t *n)
{
    aigw_script_port_t *s = (aigw_script_port_t *)ctx;
    aigw_sp_conn_t *k = s->live;
    s->pendings++;
    *n = 0;
    if (!k) {
        s->violations++;
        return AIGW_E_PORT;
    }
    *n = rx_len(k) - k->rx_off;
    if (k->rx_on_request && k->rx_chunk && *n) {
        size_t in_piece = k->rx_chunk - k->rx_off % k->rx_chunk;
        if (k->rx_off % k->rx_chunk == 0) in_piece = 0; /* the next piece has not come yet */
        if (*n > in_piece) *n = in_piece;
        return AIGW_OK;
    }
    if (*n) return AIGW_OK;
    if (k->idle_pendings) {
        k->idle_pendings--;
        return AIGW_OK;
    }
    switch (k->end) {
    case AIGW_SP_EOF: return AIGW_E_EOF;
    case AIGW_SP_ERR: return k->end_err != AIGW_OK ? k->end_err : AIGW_E_RECV;
    case AIGW_SP_SILENT: default: return AIGW_OK;
    }
}

static void sp_close(void *ctx)
{
    aigw_script_port_t *s = (aigw_script_port_t *)ctx;
    s->closes++;
    s->live = NULL;
}

static aigw_ms_t sp_now(void *ctx)
{
    aigw_script_port_t *s = (aigw_script_port_t *)ctx;
    s->t += s->tick_ms;
    return s->t;
}

static void sp_sleep(void *ctx, uint32_t ms)
{
    aigw_script_port_t *s = (aigw_script_port_t *)ctx;
    s->sleeps++;
    s->slept_ms += ms;
    s->t += ms;
}

void aigw_sp_init(aigw_script_port_t *s, aigw_sp_conn_t *conn, size_t n, aigw_ms_t start_ms,
                  int with_sleep)
{
    memset(s, 0, sizeof *s);
    s->conn = conn;
    s->nconn = n;
    s->t = start_ms;
    s->port.ctx = s;
    s->port.connect = sp_connect;
    s->port.send = sp_send;
    s->port.recv = sp_recv;
    s->port.close = sp_close;
    s->port.now = sp_now;
    s->port.sleep = with_sleep ? sp_sleep : NULL;
    s->port.pending = sp_pending; /* set it to NULL for a port that cannot tell */
}

void aigw_sp_record(aigw_script_port_t *s, uint8_t *buf, size_t cap)
{
    s->sent = buf;
    s->sent_cap = buf ? cap : 0;
    s->sent_len = 0;
    s->sent_dropped = 0;
}
