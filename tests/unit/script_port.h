/* SPDX-License-Identifier: MIT */
/*
 * A scripted in-memory aigw_port_t with a virtual clock, for the client's
 * unit tests (tests/unit/test_client_unit.c) and its fuzz harness
 * (tests/fuzz/fuzz_client.c).
 *
 * Each connect() takes the next connection of the script (aigw_sp_conn_t):
 * whether connecting fails, how many request bytes the "server" takes before
 * a send error, the bytes it answers with, in pieces of what size, and how
 * the stream ends after them. Everything the client sends is recorded (one
 * buffer for the whole run, each connection knows its slice), and every
 * breach of the port contract by the client (send or recv while not
 * connected, a zero length) is counted, never crashes.
 *
 * Time moves only when the script says so: now() adds tick_ms, connect/send/
 * recv add their own costs, a silent peer moves the clock to the deadline
 * the client gave, sleep() adds what it was asked. So deadlines and retry
 * delays are exact and cost no real time.
 *
 * To script a new behaviour, add a field to aigw_sp_conn_t (zero must keep
 * today's meaning) and handle it in script_port.c.
 */
#ifndef AIGW_SCRIPT_PORT_H
#define AIGW_SCRIPT_PORT_H

#include <stddef.h>
#include <stdint.h>

#include "aigw/aigw_port.h"

/* How a connection's receive side ends once its bytes are handed out. */
typedef enum aigw_sp_end {
    AIGW_SP_SILENT = 0, /* nothing more: recv waits until its deadline (AIGW_E_WOULD_BLOCK) */
    AIGW_SP_EOF,        /* orderly close: AIGW_E_EOF */
    AIGW_SP_ERR         /* recv fails with end_err (AIGW_E_RECV when AIGW_OK) */
} aigw_sp_end_t;

/* One scripted connection. Zero fields mean: connects, takes every byte, answers nothing. */
typedef struct aigw_sp_conn {
    aigw_err_t connect_err; /* connect() result; a timeout moves the clock to its deadline */
    uint32_t connect_ms;    /* virtual time connect() takes */
    aigw_err_t send_err;    /* when not AIGW_OK: send fails once send_ok bytes were taken */
    size_t send_ok;
    size_t send_chunk;      /* at most this many bytes per send (0: all offered) */
    const char *rx;         /* the server's bytes (not NUL-terminated if rx_len says so) */
    size_t rx_len;          /* 0 with rx set: strlen(rx) */
    size_t rx_chunk;        /* the server writes rx in pieces of this size and one recv never
                               spans two (0: one piece); equal-sized responses back to back
                               then arrive one per recv */
    uint32_t recv_ms;       /* virtual time each recv() that delivers bytes takes */
    unsigned early_wakes;   /* the first recv calls return AIGW_E_WOULD_BLOCK before their
                               deadline, this many times (a port that wakes early) */
    unsigned zero_sends;    /* the first sends report AIGW_OK with 0 bytes (a broken port) */
    int bogus_recv;         /* 1: recv reports AIGW_OK with 0 bytes; 2: more bytes than asked */
    aigw_sp_end_t end;
    aigw_err_t end_err;     /* with AIGW_SP_ERR */
    int rx_on_request;      /* 1: a server that answers each request: pending() sees only the
                               rx_chunk piece being read, the next piece "arrives" when read
                               (0: every byte of rx has arrived, stale ones included) */
    unsigned idle_pendings; /* once every byte is read, pending() reports an idle connection
                               this many times before the end shows (a peer that closes later,
                               between two calls) */
    /* filled in by the port */
    size_t sent_at, sent_len; /* this connection's slice of aigw_script_port_t.sent */
    size_t rx_off;            /* bytes of rx handed out */
    aigw_ms_t first_recv_deadline; /* the deadline of the first recv on this connection */
    unsigned opened;          /* connect() reached this connection */
} aigw_sp_conn_t;

typedef struct aigw_script_port {
    aigw_port_t port;       /* give &port to the client */
    aigw_sp_conn_t *conn;   /* the script: connect() number i takes conn[i] */
    size_t nconn, next;     /* a connect() past the script fails with AIGW_E_CONNECT */
    aigw_sp_conn_t *live;   /* the open connection, NULL when none */
    aigw_ms_t t;            /* the virtual clock */
    uint32_t tick_ms;       /* added by every now() (a busy-waiting client needs > 0) */
    uint32_t op_ms;         /* added by every connect, send and recv */
    uint32_t rng;           /* random_sizes: LCG state */
    int random_sizes;       /* partial sends and recvs of random sizes (the fuzz harness) */
    uint8_t *sent;          /* every byte sent, all connections; may be NULL */
    size_t sent_cap, sent_len, sent_dropped;
    /* what the client did */
    unsigned connects, closes, sends, recvs, sleeps, pendings, violations;
    uint64_t slept_ms;
    char host[80];
    uint16_t tcp_port;
    aigw_ms_t connect_deadline, send_deadline, recv_deadline; /* the last of each */
} aigw_script_port_t;

/* Set up s over the script conn[0..n-1]; the clock starts at start_ms. with_sleep: give the port a
 * sleep() (else the client busy-waits on now(), and tick_ms must be > 0). */
void aigw_sp_init(aigw_script_port_t *s, aigw_sp_conn_t *conn, size_t n, aigw_ms_t start_ms,
                  int with_sleep);

/* Record what is sent into buf (cap bytes; more is counted in sent_dropped). */
void aigw_sp_record(aigw_script_port_t *s, uint8_t *buf, size_t cap);

#endif
