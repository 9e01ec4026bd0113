#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Peers for the board's raw-port test, run inside the test's namespace.

  ADDR:7000  echo: reads "<count>\\n", echoes exactly count bytes, then closes (FIN)
  ADDR:7002  reset: reads one line, then closes with SO_LINGER 0 (RST)
  ADDR:7003  silent: never reads (tiny receive buffer), so the sender's window fills
  ADDR:7004  http: a kept-alive HTTP/1.1 server for the client's stale-bytes test: gateway
             "stale-400" gets a 400 API error, "stale-503" first a 503 (retry-after-ms 300)
             and then, on the retry, the real answer; after each of those first answers,
             30 ms later in a segment of its own, a whole unsolicited 200 (id "stale",
             cache_ttl 6666). Any other id gets the real answer: 200, that id, cache_ttl 1.
  ADDR:53/udp DNS: answers A queries for echo.aigw.test with ADDR, NXDOMAIN for other names
Prints "ready" once everything listens. Every socket has a timeout and the
process stops by itself after --lifetime seconds.
"""
import argparse
import socket
import struct
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("addr")
ap.add_argument("--lifetime", type=float, default=60)
args = ap.parse_args()
A = args.addr


def listener(port, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((A, port))
    s.listen(4)
    s.settimeout(args.lifetime)
    return s


def read_line(c):
    line = b""
    while not line.endswith(b"\n"):
        b = c.recv(1)
        if not b:
            break
        line += b
    return line


def serve(sock, handler):
    while True:
        try:
            c, _ = sock.accept()
        except OSError:
            return
        c.settimeout(30)
        threading.Thread(target=handler, args=(c,), daemon=True).start()


def echo(c):
    try:
        want = int(read_line(c).strip() or b"0")
        done = 0
        while done < want:
            data = c.recv(min(4096, want - done))
            if not data:
                break
            c.sendall(data)
            done += len(data)
    except OSError:
        pass
    c.close()


def reset(c):
    try:
        read_line(c)
    except OSError:
        pass
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()


def silent(c):
    # Hold the connection without reading until the peer goes away or time is up.
    time.sleep(args.lifetime)
    c.close()


def http_answer(status, reason, body):
    return (("HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
             "Connection: keep-alive\r\n\r\n") % (status, reason, len(body))).encode() + body


def gateway_json(gid, ttl):
    return (('{"success":true,"errors":[],"messages":[],"result":{"id":"%s","cache_ttl":%d,'
             '"cache_invalidate_on_update":true,"collect_logs":true,"rate_limiting_interval":60,'
             '"rate_limiting_limit":100}}') % (gid, ttl)).encode()


STALE = http_answer(200, "OK", gateway_json("stale", 6666))
API_ERROR = b'{"success":false,"errors":[{"code":%d,"message":"scripted"}],"messages":[],"result":null}'
seen = {}


def http(c):
    buf = b""
    try:
        while True:
            while b"\r\n\r\n" not in buf:
                d = c.recv(4096)
                if not d:
                    return
                buf += d
            head, buf = buf.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            length = 0
            for line in lines[1:]:
                k, _, v = line.partition(":")
                if k.strip().lower() == "content-length":
                    length = int(v)
            while len(buf) < length:
                d = c.recv(4096)
                if not d:
                    return
                buf += d
            buf = buf[length:]
            gid = lines[0].split(" ")[1].rsplit("/", 1)[-1]
            seen[gid] = seen.get(gid, 0) + 1
            if gid == "stale-400":
                first = http_answer(400, "Bad Request", API_ERROR % 7001)
            elif gid == "stale-503" and seen[gid] == 1:
                first = http_answer(503, "Service Unavailable", API_ERROR % 10002)
                first = first.replace(b"Connection:", b"retry-after-ms: 300\r\nConnection:")
            else:
                c.sendall(http_answer(200, "OK", gateway_json(gid, 1)))
                continue
            c.sendall(first)
            time.sleep(0.03)
            c.sendall(STALE)
    except OSError:
        pass
    finally:
        c.close()


def dns(sock):
    while True:
        try:
            q, peer = sock.recvfrom(512)
        except OSError:
            return
        if len(q) < 12:
            continue
        tid, flags, qd = struct.unpack(">HHH", q[:6])
        pos, labels = 12, []
        while pos < len(q) and q[pos] != 0:
            n = q[pos]
            labels.append(q[pos + 1:pos + 1 + n].decode("ascii", "replace"))
            pos += 1 + n
        qend = pos + 5
        question = q[12:qend]
        qtype = struct.unpack(">H", q[pos + 1:pos + 3])[0] if qend <= len(q) else 0
        name = ".".join(labels).lower()
        if name == "echo.aigw.test" and qtype == 1:
            answer = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton(A)
            hdr = struct.pack(">HHHHHH", tid, 0x8180, 1, 1, 0, 0)
        else:
            answer = b""
            hdr = struct.pack(">HHHHHH", tid, 0x8183, 1, 0, 0, 0)  # NXDOMAIN
        sock.sendto(hdr + question + answer, peer)


threading.Thread(target=serve, args=(listener(7000), echo), daemon=True).start()
threading.Thread(target=serve, args=(listener(7002), reset), daemon=True).start()
threading.Thread(target=serve, args=(listener(7003, rcvbuf=2048), silent), daemon=True).start()
threading.Thread(target=serve, args=(listener(7004), http), daemon=True).start()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind((A, 53))
u.settimeout(args.lifetime)
threading.Thread(target=dns, args=(u,), daemon=True).start()
print("ready", flush=True)
time.sleep(args.lifetime)
