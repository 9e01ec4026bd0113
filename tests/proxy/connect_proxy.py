# SPDX-License-Identifier: MIT
"""A small HTTP CONNECT proxy for tests (loopback only). It records every
CONNECT request line and Proxy-Authorization it receives, answers 407 to
missing or wrong credentials when it expects some, can be told to refuse
with any status, and otherwise relays bytes both ways until one side closes.

    p = ConnectProxy(user="u", password="p").start()
    ... p.port ...; p.requests -> [{"line": "CONNECT host:443 HTTP/1.1", "headers": {...}}]
    p.stop()
Run alone (python3 connect_proxy.py [--user U --password P] [--host H --port N] [--map NAME=IP])
it prints "ready port N", then one line per CONNECT ("request <line> auth=yes|no") and per tunnel.
"""
import base64
import select
import socket
import sys
import threading


class ConnectProxy:
    def __init__(self, user=None, password=None, refuse=None, stall=False, host="127.0.0.1", port=0,
                 hosts=None, log=None):
        self.user, self.password = user, password
        self.hosts = hosts or {}      # name -> address, for a network without DNS (the board's)
        self.log = log                # a file: one line per CONNECT and per answer
        self.stall = stall            # True: read the CONNECT, never answer (a hung proxy)
        self.refuse = refuse          # None, or a status code to answer every CONNECT with
        self.requests = []            # one dict per CONNECT received
        self.tunnels = 0              # tunnels opened
        self.lock = threading.Lock()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.stopping = threading.Event()

    def start(self):
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self):
        self.stopping.set()
        try:
            self.sock.close()
        except OSError:
            pass

    def _accept(self):
        while not self.stopping.is_set():
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(c,), daemon=True).start()

    def _answer(self, c, status, reason, extra=""):
        body = ("proxy says %d\r\n" % status).encode()
        c.sendall(("HTTP/1.1 %d %s\r\n%sContent-Type: text/plain\r\nContent-Length: %d\r\n"
                   "Connection: close\r\n\r\n" % (status, reason, extra, len(body))).encode() + body)
        c.close()

    def _serve(self, c):
        c.settimeout(10)
        head = b""
        try:
            while b"\r\n\r\n" not in head and len(head) < 16384:
                d = c.recv(4096)
                if not d:
                    c.close()
                    return
                head += d
        except OSError:
            c.close()
            return
        head, _, rest = head.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for l in lines[1:]:
            k, _, v = l.partition(":")
            headers[k.strip().lower()] = v.strip()
        with self.lock:
            self.requests.append({"line": lines[0], "headers": headers})
            if self.log:
                self.log.write("request %s auth=%s\n" % (lines[0], "yes" if "proxy-authorization" in headers else "no"))
                self.log.flush()
        if self.stall:
            while not self.stopping.is_set():
                try:
                    c.settimeout(0.2)
                    if not c.recv(1):
                        break
                except socket.timeout:
                    continue
                except OSError:
                    break
            c.close()
            return
        parts = lines[0].split(" ")
        if len(parts) != 3 or parts[0] != "CONNECT" or parts[2] != "HTTP/1.1":
            return self._answer(c, 400, "Bad Request")
        if self.user is not None:
            want = "Basic " + base64.b64encode(("%s:%s" % (self.user, self.password or "")).encode()).decode()
            if headers.get("proxy-authorization") != want:
                return self._answer(c, 407, "Proxy Authentication Required",
                                    'Proxy-Authenticate: Basic realm="aigw-test"\r\n')
        if self.refuse:
            return self._answer(c, self.refuse, "Refused")
        host, _, port = parts[1].rpartition(":")
        host = self.hosts.get(host.strip("[]"), host.strip("[]"))
        try:
            up = socket.create_connection((host, int(port)), timeout=5)
        except (OSError, ValueError):
            return self._answer(c, 502, "Bad Gateway")
        with self.lock:
            self.tunnels += 1
        c.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        if self.log:
            self.log.write("tunnel %s\n" % parts[1])
            self.log.flush()
        if rest:
            up.sendall(rest)
        self._relay(c, up)

    def _relay(self, a, b):
        a.settimeout(None)
        b.settimeout(None)
        socks = [a, b]
        try:
            while not self.stopping.is_set():
                r, _, _ = select.select(socks, [], [], 0.2)
                for s in r:
                    d = s.recv(65536)
                    if not d:
                        return
                    (b if s is a else a).sendall(d)
        except OSError:
            pass
        finally:
            a.close()
            b.close()


if __name__ == "__main__":
    import argparse
    import time
    ap = argparse.ArgumentParser()
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("--refuse", type=int)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--map", action="append", default=[], help="NAME=ADDRESS: resolve NAME to ADDRESS")
    a = ap.parse_args()
    p = ConnectProxy(a.user, a.password, a.refuse, host=a.host, port=a.port,
                     hosts=dict(m.split("=", 1) for m in a.map), log=sys.stdout).start()
    print("ready port %d" % p.port, flush=True)
    while True:
        time.sleep(3600)
