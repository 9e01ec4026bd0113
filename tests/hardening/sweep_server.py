#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""HTTPS server for the fault sweep (tests/hardening/sweep.py). Standard library only.

It serves canned response bytes (RESPONSES below: one per kind of answer the
API or a proxy in front of it gives) and delivers them the way the request
asks. The case is encoded in the gateway id of the request path, so every
request carries its own instructions and no side channel can get out of step:

    .../gateways/<kind>.<mode>.<n>
      mode c  cut:   send the first n bytes, then close_notify + FIN
      mode r  raw:   send the first n bytes, then FIN without close_notify
      mode s  split: send the first n bytes, flush, pause PAUSE_S, send the rest
      mode w  whole: send the response in one write
      mode t  trailing: the whole response, then the first n bytes of STALE (a second,
              unsolicited 200) in a later read: the same TCP segment, its own TLS record
    .../gateways/f.<seq>   the follow-up call: a 200 whose result names this id
                           and has cache_ttl = seq (a stale answer cannot match)

Every request is checked (request line, Host, credentials, Content-Length,
the PUT body is JSON): anything wrong is answered with a 400 carrying error
code 99999, which the sweep's oracle counts as a failure.
After a complete response the connection stays open unless the response says
Connection: close (or is close-delimited), like a real server.

usage: sweep_server.py --cert PEM --key KEY --port-file FILE [--token T]
"""
import argparse
import json
import os
import socket
import ssl
import sys
import threading
import time
import urllib.parse

PAUSE_S = 0.002
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"
ACCOUNT = "3ebbcb006d4d46d7bb6a8c7f14676cb0"
PREFIX = "/client/v4/accounts/%s/ai-gateway/gateways/" % ACCOUNT
DATE = "Tue, 02 Jan 2024 10:00:00 GMT"

# The gateway every 200 kind returns (checked value by value by the driver's oracle).
GATEWAY = {
    "id": "sweep-gw", "cache_invalidate_on_update": True, "cache_ttl": 4242, "collect_logs": True,
    "created_at": "2024-01-02T10:00:00.000Z", "modified_at": "2024-01-02T10:00:01.500Z",
    "rate_limiting_interval": 60, "rate_limiting_limit": 100, "authentication": False,
    "dlp": {"action": "BLOCK", "enabled": True, "profiles": ["pii", "caf\u00e9"]},
    "is_default": False, "log_management": 10000, "log_management_strategy": "STOP_INSERTING",
    "logpush": False, "rate_limiting_technique": "sliding", "retry_backoff": "exponential",
    "retry_delay": 250, "retry_max_attempts": 3, "store_id": "st\\ore \"q\"",
    "workers_ai_billing_mode": "postpaid", "zdr": False,
}


def envelope(result=None, errors=(), success=True):
    return json.dumps({"result": result, "success": success, "errors": list(errors), "messages": []},
                      separators=(",", ":"), ensure_ascii=False).encode()


def head(status, reason, headers):
    lines = ["HTTP/1.1 %d %s" % (status, reason)] + ["%s: %s" % kv for kv in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def framed(status, reason, body, ctype="application/json", extra=(), close=False):
    h = [("Date", DATE), ("Content-Type", ctype), ("Content-Length", str(len(body))),
         ("cf-ray", "8f00aa11bb22cc33-SJC")] + list(extra)
    h.append(("Connection", "close" if close else "keep-alive"))
    return head(status, reason, h) + body


def chunked(body):
    """Transfer-Encoding: chunked with chunks of 1, 7, 3 and 100 bytes then the rest,
    an extension on one size line and a trailer: every framing element gets cut."""
    out, i = [], 0
    for size in (1, 7, 3, 100):
        part = body[i:i + size]
        i += len(part)
        ext = ";sweep=1" if size == 7 else ""
        out.append(b"%x%s\r\n%s\r\n" % (len(part), ext.encode(), part))
    rest = body[i:]
    if rest:
        out.append(b"%X\r\n%s\r\n" % (len(rest), rest))
    out.append(b"0\r\nx-trailer: done\r\n\r\n")
    h = head(200, "OK", [("Date", DATE), ("Content-Type", "application/json"),
                         ("Transfer-Encoding", "chunked"), ("cf-ray", "8f00aa11bb22cc34-SJC"),
                         ("Connection", "keep-alive")])
    return h + b"".join(out)


OK_BODY = envelope(GATEWAY)
HTML = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
        b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n")

# kind -> (response bytes, what the client must conclude from the complete response)
RESPONSES = {
    "ok_cl": framed(200, "OK", OK_BODY),
    "ok_chunked": chunked(OK_BODY),
    "bad_400": framed(400, "Bad Request", envelope(None, [
        {"code": 7001, "message": "must match format \"uri\"", "path": ["otel", 0, "url"]}], False)),
    "nf_404": framed(404, "Not Found", envelope(None, [{"code": 7002, "message": "Not Found"}], False)),
    "rl_429": framed(429, "Too Many Requests", envelope(None, [
        {"code": 971, "message": "Please wait and consider throttling your request speed"}], False),
        extra=[("Retry-After", "1")]),
    "un_503": framed(503, "Service Unavailable", envelope(None, [
        {"code": 10002, "message": "Service unavailable"}], False)),
    "html_502": framed(502, "Bad Gateway", HTML, ctype="text/html", close=True),
    "ok_eof": head(200, "OK", [("Date", DATE), ("Content-Type", "application/json"),
                               ("cf-ray", "8f00aa11bb22cc35-SJC"), ("Connection", "close")]) + OK_BODY,
}
EXPECT = {
    "ok_cl": {"err": "AIGW_OK", "status": 200},
    "ok_chunked": {"err": "AIGW_OK", "status": 200},
    "bad_400": {"err": "AIGW_E_API", "status": 400, "code": 7001, "path": "otel/0/url"},
    "nf_404": {"err": "AIGW_E_API", "status": 404, "code": 7002},
    "rl_429": {"err": "AIGW_E_API", "status": 429, "code": 971},
    "un_503": {"err": "AIGW_E_API", "status": 503, "code": 10002},
    "html_502": {"err": "AIGW_E_NOT_JSON", "status": 502},
    "ok_eof": {"err": "AIGW_OK", "status": 200},
}
# responses after which the server closes the connection even when delivered whole
CLOSES = {"html_502", "ok_eof"}

# bytes nobody asked for, sent after a complete response (mode t; tests/client/stale_server.py):
# a whole second response with a success body no request of the sweep ever gets
STALE_TTL = 6666
STALE = framed(200, "OK", envelope(dict(GATEWAY, id="stale", cache_ttl=STALE_TTL)))


def follow_up(seq):
    g = dict(GATEWAY, id="f.%d" % seq, cache_ttl=seq)
    return framed(200, "OK", envelope(g))


def bad_request(why):
    return framed(400, "Bad Request", envelope(None, [{"code": 99999, "message": why}], False), close=True)


def read_request(conn, buf):
    """One request from conn (buf: bytes already read). Returns (method, target, headers, body, rest)
    or None at a clean end of the connection."""
    while b"\r\n\r\n" not in buf:
        if len(buf) > 16384:
            raise ValueError("request head larger than 16 KiB")
        d = conn.recv(65536)
        if not d:
            if buf:
                raise ValueError("connection ended inside a request head")
            return None
        buf += d
    raw, buf = buf.split(b"\r\n\r\n", 1)
    lines = raw.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or parts[2] != "HTTP/1.1":
        raise ValueError("request line %r" % lines[0])
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep or name != name.strip() or not name or "\r" in line or "\n" in line:
            raise ValueError("header line %r" % line)
        if name.lower() in headers:
            raise ValueError("repeated header %r" % name)
        headers[name.lower()] = value.strip()
    n = int(headers.get("content-length", "0"))
    while len(buf) < n:
        d = conn.recv(65536)
        if not d:
            raise ValueError("connection ended inside a request body")
        buf += d
    return parts[0], parts[1], headers, buf[:n], buf[n:]


def check_request(method, target, headers, body, host_prefix="localhost:"):
    if method not in ("GET", "PUT"):
        return "method %s" % method
    if not target.startswith(PREFIX):
        return "target %s" % target
    if headers.get("authorization") != "Bearer " + TOKEN:
        return "credentials"
    if not headers.get("host", "").startswith(host_prefix):
        return "host"
    if method == "PUT":
        if headers.get("content-type") != "application/json":
            return "content-type"
        try:
            json.loads(body.decode("utf-8"))
        except ValueError as ex:
            return "body is not JSON: %s" % ex
    elif body:
        return "GET with a body"
    return None


def close_tls(conn, notify):
    try:
        if notify:
            conn.setblocking(False)
            try:
                conn.unwrap()  # sends close_notify; does not wait for the peer's
            except (ssl.SSLError, OSError):
                pass
        else:
            # FIN without close_notify: shut the TCP socket under the TLS layer
            socket.socket.shutdown(conn, socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        conn.close()
    except OSError:
        pass


def serve(conn, stats):
    buf = b""
    try:
        while True:
            req = read_request(conn, buf)
            if req is None:
                break
            method, target, headers, body, buf = req
            stats["requests"] += 1
            why = check_request(method, target, headers, body)
            gid = urllib.parse.unquote(target[len(PREFIX):]) if why is None else ""
            kind, mode, n = None, "w", 0
            if why is None:
                parts = gid.split(".")
                if len(parts) == 2 and parts[0] == "f" and parts[1].isdigit():
                    resp = follow_up(int(parts[1]))
                elif len(parts) == 3 and parts[0] in RESPONSES and parts[1] in "crswt" and parts[2].isdigit():
                    kind, mode, n = parts[0], parts[1], int(parts[2])
                    resp = RESPONSES[kind]
                else:
                    why = "unknown case id %r" % gid
            if why is not None:
                stats["bad"] += 1
                sys.stderr.write("sweep_server: bad request: %s\n" % why)
                conn.sendall(bad_request(why))
                close_tls(conn, True)
                return
            if mode in "cr":
                if n:
                    conn.sendall(resp[:n])
                close_tls(conn, mode == "c")
                return
            if mode == "t" and n:
                # one segment (cork), two TLS records: the trailing bytes are never in
                # the read that completes the response, they wait in the socket
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
                conn.sendall(resp)
                conn.sendall(STALE[:n])
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 0)
            elif mode == "s" and 0 < n < len(resp):
                conn.sendall(resp[:n])
                time.sleep(PAUSE_S)
                conn.sendall(resp[n:])
            else:
                conn.sendall(resp)
            if kind in CLOSES:
                close_tls(conn, True)
                return
    except (OSError, ValueError, ssl.SSLError) as ex:
        stats["errors"] += 1
        sys.stderr.write("sweep_server: connection error: %s\n" % ex)
    close_tls(conn, False)


def run_server(ctx, port_file, serve_conn, host="127.0.0.1"):
    """Listen on host (a kernel-chosen port, written atomically to port_file), then one
    thread per connection: TLS handshake when ctx is given (else plain TCP), serve_conn(conn)."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, 0))
    srv.listen(64)
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.getsockname()[1]))
    os.rename(tmp, port_file)

    def handle(raw):
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        raw.settimeout(30)
        try:
            conn = ctx.wrap_socket(raw, server_side=True) if ctx else raw
        except (OSError, ssl.SSLError):
            raw.close()
            return
        serve_conn(conn)

    while True:
        raw, _ = srv.accept()
        threading.Thread(target=handle, args=(raw,), daemon=True).start()


def tls_context(cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--port-file", required=True)
    a = ap.parse_args()
    stats = {"requests": 0, "bad": 0, "errors": 0}
    run_server(tls_context(a.cert, a.key), a.port_file, lambda conn: serve(conn, stats))


if __name__ == "__main__":
    main()
