#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
A local HTTP/1.1 recorder for the SDK differential (Python stdlib only).

Listens on 127.0.0.1 (port 0 = any free port, written to --port-file once it
listens), keeps every request it receives exactly as its bytes came, and
answers each with a fixed, valid "Update a Gateway" response.

It is written on raw sockets rather than http.server so that what it records
is the exact byte stream a client sent (request line, header names in their
case and order, body), which the benchmark replays later.

Response choice: when the gateway id in the path starts with "resp-", the
rest names a file in --responses DIR (resp-<name> -> DIR/<name>.json) whose
bytes are sent as the body; otherwise the --default response file is sent.
That lets the SDK and aigw ask for the same response bytes by the same path.

Records: one JSON object per line in --log, in arrival order:
  {"seq", "method", "target", "version", "headers": [[name, value], ...],
   "body_b64", "raw_b64"}
Stops by itself after --max-seconds, or on SIGTERM.
"""
import argparse
import base64
import json
import os
import re
import signal
import socket
import socketserver
import sys
import threading
import time
import urllib.parse

MAX_HEAD = 64 * 1024
MAX_BODY = 16 * 1024 * 1024


class Bad(Exception):
    pass


def read_exact(f, n):
    out = b""
    while len(out) < n:
        chunk = f.read(n - len(out))
        if not chunk:
            raise Bad("connection closed inside the body")
        out += chunk
    return out


def read_line(f, limit):
    line = f.readline(limit + 1)
    if len(line) > limit:
        raise Bad("line too long")
    return line


class Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def handle(self):
        srv = self.server
        while True:
            raw = b""
            head_lines = []
            line = read_line(self.rfile, MAX_HEAD)
            if not line:
                return
            raw += line
            while True:
                hl = read_line(self.rfile, MAX_HEAD)
                if not hl:
                    return
                raw += hl
                if len(raw) > MAX_HEAD:
                    return
                if hl in (b"\r\n", b"\n"):
                    break
                head_lines.append(hl.rstrip(b"\r\n"))
            try:
                method, target, version = line.rstrip(b"\r\n").decode("latin-1").split(" ")
            except ValueError:
                self.reply(400, b'{"success":false}', close=True)
                return
            headers = []
            for h in head_lines:
                name, _, value = h.decode("latin-1").partition(":")
                headers.append([name, value.strip(" \t")])
            lower = {n.lower(): v for n, v in headers}
            body = b""
            if "chunked" in lower.get("transfer-encoding", "").lower():
                while True:
                    size_line = read_line(self.rfile, 1024)
                    raw += size_line
                    size = int(size_line.split(b";")[0].strip(), 16)
                    if size == 0:
                        while True:
                            t = read_line(self.rfile, MAX_HEAD)
                            raw += t
                            if t in (b"\r\n", b"\n", b""):
                                break
                        break
                    data = read_exact(self.rfile, size)
                    crlf = read_exact(self.rfile, 2)
                    raw += data + crlf
                    body += data
                    if len(body) > MAX_BODY:
                        return
            elif "content-length" in lower:
                n = int(lower["content-length"])
                if n > MAX_BODY:
                    return
                body = read_exact(self.rfile, n)
                raw += body
            with srv.lock:
                srv.seq += 1
                rec = {"seq": srv.seq, "method": method, "target": target, "version": version,
                       "headers": headers, "body_b64": base64.b64encode(body).decode(),
                       "raw_b64": base64.b64encode(raw).decode()}
                srv.log.write(json.dumps(rec) + "\n")
                srv.log.flush()
            close = lower.get("connection", "").lower() == "close" or version == "HTTP/1.0"
            self.reply(200, srv.pick_response(target), close)
            if close:
                return

    def reply(self, status, body, close):
        reason = {200: "OK", 400: "Bad Request"}.get(status, "X")
        head = ("HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n"
                % (status, reason, len(body), "Connection: close\r\n" if close else ""))
        self.wfile.write(head.encode("latin-1") + body)
        self.wfile.flush()


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def pick_response(self, target):
        path = target.split("?", 1)[0]
        last = urllib.parse.unquote(path.rsplit("/", 1)[-1])
        if last.startswith("resp-") and self.responses_dir:
            name = last[len("resp-"):]
            if re.fullmatch(r"[A-Za-z0-9_.-]+", name):
                p = os.path.join(self.responses_dir, name + ".json")
                if os.path.isfile(p):
                    with open(p, "rb") as f:
                        return f.read()
            return b'{"success":false,"errors":[{"code":1,"message":"recorder: no such response"}]}'
        return self.default_body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--default", required=True, help="file with the default response body")
    ap.add_argument("--responses", default=None, help="directory of named response bodies")
    ap.add_argument("--max-seconds", type=float, default=300)
    a = ap.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    srv.lock = threading.Lock()
    srv.seq = 0
    srv.log = open(a.log, "w", encoding="utf-8")
    srv.responses_dir = a.responses
    with open(a.default, "rb") as f:
        srv.default_body = f.read()
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=srv.shutdown).start())
    threading.Timer(a.max_seconds, srv.shutdown).start()
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.replace(tmp, a.port_file)
    srv.serve_forever(poll_interval=0.2)
    srv.log.close()
    os._exit(0)   # the stop timer thread may still be waiting


if __name__ == "__main__":
    main()
