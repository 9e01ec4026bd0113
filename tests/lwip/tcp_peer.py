#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Plain-TCP peer for the lwIP port tests (tests/suites/62-lwip-host.sh).

Runs inside the test's network namespace and listens on ADDR with three
behaviours, one port each, so the port's EOF, reset and deadline paths are
each driven by a real TCP peer:
  --echo PORT    read one line, echo it back, then close (FIN: orderly EOF)
  --reset PORT   read one chunk, then close with SO_LINGER 0 (RST: an error)
  --silent PORT  accept and send nothing until the client goes away
  --stall PORT   accept and never read (small receive buffer): the client's
                 sends must run into their deadline
Prints "ready" on stdout once every socket listens. Exits on SIGTERM.
"""
import argparse
import socket
import struct
import sys
import threading


def serve(sock, handler):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=handler, args=(conn,), daemon=True).start()


def echo(conn):
    with conn:
        data = b""
        while not data.endswith(b"\n"):
            more = conn.recv(65536)
            if not more:
                break
            data += more
        conn.sendall(data)
        conn.shutdown(socket.SHUT_WR)
        # drain until the client closes so our FIN is not turned into a RST
        while conn.recv(65536):
            pass


def reset(conn):
    conn.recv(65536)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def silent(conn):
    with conn:
        while conn.recv(65536):
            pass


def stall(conn):
    # Hold the connection unread; the daemon thread dies with the process.
    threading.Event().wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", required=True)
    ap.add_argument("--echo", type=int, required=True)
    ap.add_argument("--reset", type=int, required=True)
    ap.add_argument("--silent", type=int, required=True)
    ap.add_argument("--stall", type=int, required=True)
    a = ap.parse_args()
    socks = []
    for port, handler in ((a.echo, echo), (a.reset, reset), (a.silent, silent), (a.stall, stall)):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if handler is stall:
            # set before listen so accepted sockets inherit it (window stays small)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.bind((a.addr, port))
        s.listen(8)
        socks.append(s)
        threading.Thread(target=serve, args=(s, handler), daemon=True).start()
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    sys.exit(main())
