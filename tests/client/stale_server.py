#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Scripted server for the stale-bytes tests (tests/client/test_stale.py), plain TCP or TLS
(Python ssl = OpenSSL). Standard library only; the request parsing, the checks of each
request and the canned bodies are the fault sweep's (tests/hardening/sweep_server.py).

After a complete answer on a kept-alive connection it sends bytes nobody asked for: a
whole second `HTTP/1.1 200` response whose gateway is id "stale", cache_ttl 6666. A
client that reads them as the answer to its next request reports a success the server
never gave. The case is in the gateway id, so every request carries its own script:

    .../gateways/<case>.<style>.<seq>       the first request of a case
    .../gateways/real.<seq>                 the next call: 200, id real.<seq>, cache_ttl seq
  case   what the first request gets (then the stale response)
    retry_503  503 with retry-after-ms 300; the retry of the same id gets the real answer
    api_400    a 400 API error (code 7001)
    decode     a 200 whose result does not decode (cache_ttl "x")
    set        GET: the gateway; PUT of the same id: a 400 API error (what `aigw set` must report)
    nc_204     a 204 whose "body" is the stale response (a 204 has no body)
    nm_304     a 304 likewise
    short_cl   a 200 (id first.<seq>) whose Content-Length ends before what follows
    idle       a 200 (id first.<seq>); the stale response comes after a 100 ms pause
    none       a 400 API error and nothing after it (the connection must be kept)
  style  how the stale bytes travel
    seg    in the same TCP segment (TCP_CORK), a separate TLS record; on plain TCP the
           answer is padded to a multiple of ALIGN bytes, so a reader whose buffer divides
           ALIGN ends a read exactly at the answer's end: the stale bytes are never in the
           read that completed the answer, they wait in the socket
    late   in a later segment / record, 30 ms after the answer

usage: stale_server.py --port-file FILE [--cert PEM --key KEY] [--host ADDR] [--host-header PREFIX]
  (--host: the address to listen on, default 127.0.0.1; --host-header: what every request's
   Host header must start with, default "localhost:")
"""
import argparse
import os
import socket
import ssl
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hardening"))
import sweep_server as S  # noqa: E402

ALIGN = 2048          # the aigw command's io buffer; client_probe's (512) divides it
LATE_S = 0.030
IDLE_S = 0.100
STALE_TTL = S.STALE_TTL
CASES = ("retry_503", "api_400", "decode", "set", "nc_204", "nm_304", "short_cl", "idle", "none")


def gateway(gid, ttl):
    return S.envelope(dict(S.GATEWAY, id=gid, cache_ttl=ttl))


STALE = S.STALE
API_400 = S.envelope(None, [{"code": 7001, "message": "must be at most 86400", "path": ["cache_ttl"]}], False)
API_503 = S.envelope(None, [{"code": 10002, "message": "Service unavailable"}], False)
UNDECODABLE = S.envelope(dict(S.GATEWAY, id="undecodable", cache_ttl="x"))


def pads(length):
    """x-pad header lines that make a message of length bytes a multiple of ALIGN."""
    need = (-length) % ALIGN
    if 0 < need < 10:  # the shortest line, "x-pad: p\r\n", is 10 bytes
        need += ALIGN
    out = []
    while need:
        n = min(need, 100)
        if 0 < need - n < 10:
            n = need - 10
        out.append(("x-pad", "p" * (n - 9)))
        need -= n
    return out


def padded(status, reason, body, extra=()):
    """A framed answer padded with x-pad headers to a multiple of ALIGN bytes."""
    out = S.framed(status, reason, body, extra=list(extra) + pads(len(S.framed(status, reason, body, extra=extra))))
    assert len(out) % ALIGN == 0, (len(out), ALIGN)
    return out


def bodyless(status, reason):
    """A 204/304 head (no body by definition), padded like padded()."""
    h = [("Date", S.DATE), ("cf-ray", "8f00aa11bb22cc36-SJC")]
    out = S.head(status, reason, h + pads(len(S.head(status, reason, h))))
    assert len(out) % ALIGN == 0, (len(out), ALIGN)
    return out


def first_answer(case, method, seq, nth):
    """(answer bytes, send the stale response after it?) for the nth request (1-based) of a case id."""
    if case == "retry_503":
        if nth == 1:
            return padded(503, "Service Unavailable", API_503, extra=[("retry-after-ms", "300")]), True
        return S.framed(200, "OK", gateway("real.%d" % seq, seq)), False
    if case == "set":
        if method == "GET":
            return padded(200, "OK", gateway("set.%d" % seq, 300)), True
        return S.framed(400, "Bad Request", API_400), False
    if case in ("api_400", "none"):
        return padded(400, "Bad Request", API_400), case != "none"
    if case == "decode":
        return padded(200, "OK", UNDECODABLE), True
    if case == "nc_204":
        return bodyless(204, "No Content"), True
    if case == "nm_304":
        return bodyless(304, "Not Modified"), True
    if case in ("short_cl", "idle"):
        return padded(200, "OK", gateway("first.%d" % seq, seq)), True
    raise ValueError("case %r" % case)


def cork(conn, on):
    try:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1 if on else 0)
    except OSError:
        pass


def serve(conn, seen, lock, host_prefix):
    buf = b""
    try:
        while True:
            req = S.read_request(conn, buf)
            if req is None:
                break
            method, target, headers, body, buf = req
            why = S.check_request(method, target, headers, body, host_prefix)
            gid = urllib.parse.unquote(target[len(S.PREFIX):]) if why is None else ""
            parts = gid.split(".")
            if why is None and len(parts) == 2 and parts[0] == "real" and parts[1].isdigit():
                conn.sendall(S.framed(200, "OK", gateway(gid, int(parts[1]))))
                continue
            if why is None and not (len(parts) == 3 and parts[0] in CASES and parts[1] in ("seg", "late")
                                    and parts[2].isdigit()):
                why = "unknown case id %r" % gid
            if why is not None:
                sys.stderr.write("stale_server: bad request: %s\n" % why)
                conn.sendall(S.bad_request(why))
                break
            case, style, seq = parts[0], parts[1], int(parts[2])
            with lock:
                seen[gid] = seen.get(gid, 0) + 1
                nth = seen[gid]
            answer, stale = first_answer(case, method, seq, nth)
            if not stale:
                conn.sendall(answer)
            elif style == "seg" and case != "idle":
                cork(conn, True)
                conn.sendall(answer)
                conn.sendall(STALE)  # a record of its own on TLS
                cork(conn, False)
            else:
                conn.sendall(answer)
                time.sleep(IDLE_S if case == "idle" else LATE_S)
                conn.sendall(STALE)
            sys.stdout.write("stale_server: %s %s nth=%d stale=%d\n" % (method, gid, nth, int(stale)))
            sys.stdout.flush()
    except (OSError, ValueError, ssl.SSLError) as ex:
        sys.stderr.write("stale_server: connection error: %s\n" % ex)
    try:
        conn.close()
    except OSError:
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--host-header", default="localhost:")
    a = ap.parse_args()
    seen, lock = {}, threading.Lock()
    S.run_server(S.tls_context(a.cert, a.key) if a.cert else None, a.port_file,
                 lambda conn: serve(conn, seen, lock, a.host_header), host=a.host)


if __name__ == "__main__":
    main()
