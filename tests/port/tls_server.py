#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""TLS test peer for the port tests: Python's ssl module (OpenSSL), sharing no
code with the client under test.

Usage: tls_server.py PORTS_FILE LOG_FILE LISTENER...
  LISTENER = name:cert:key:end   end = notify (close_notify, then close) | bare (close, no close_notify),
                                 either followed by ",tls12" for a server that stops at TLS 1.2

Each listener binds 127.0.0.1 on a kernel-chosen port; when all are bound,
PORTS_FILE gets one "name port" line each (written atomically). Every accepted
connection is handled in turn: TLS handshake, then one request line:
  "PING <text>"  -> "pong:<text>\n"
  "BIG <n>"      -> n bytes of 'a'..'z' repeating
  "SINK <n>"     -> reads n more bytes, answers "got <n> <sum mod 65521>\n"
  "SLOW <ms>"    -> waits ms, answers "slow\n"
then ends the connection as the listener says. LOG_FILE gets one line per
connection: "<name> <seq> reused=<0|1> version=<v>" or "<name> <seq> handshake-failed <why>".
The process stops by itself after --lifetime seconds (default 300).
"""
import os
import socket
import ssl
import sys
import threading
import time

LIFETIME = 300
log_lock = threading.Lock()


def log(path, line):
    with log_lock:
        with open(path, "a") as fh:
            fh.write(line + "\n")
            fh.flush()


def read_line(conn):
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = conn.recv(1)
        if not chunk:
            break
        buf += chunk
        if len(buf) > 4096:
            break
    return buf.decode("ascii", "replace").strip()


def serve_one(name, seq, ctx, raw, end, logpath):
    raw.settimeout(10)
    try:
        conn = ctx.wrap_socket(raw, server_side=True)
    except (ssl.SSLError, OSError) as e:
        log(logpath, "%s %d handshake-failed %s" % (name, seq, type(e).__name__))
        raw.close()
        return
    log(logpath, "%s %d reused=%d version=%s" % (name, seq, int(conn.session_reused), conn.version()))
    try:
        req = read_line(conn)
        if req.startswith("PING "):
            conn.sendall(("pong:%s\n" % req[5:]).encode())
        elif req.startswith("BIG "):
            n = int(req[4:])
            pat = bytes(97 + (i % 26) for i in range(n))
            conn.sendall(pat)
        elif req.startswith("SINK "):
            n = int(req[5:])
            got, total = 0, 0
            while got < n:
                chunk = conn.recv(min(65536, n - got))
                if not chunk:
                    break
                got += len(chunk)
                total = (total + sum(chunk)) % 65521
            conn.sendall(("got %d %d\n" % (got, total)).encode())
        elif req.startswith("SLOW "):
            time.sleep(int(req[5:]) / 1000.0)
            conn.sendall(b"slow\n")
        if end == "notify":
            try:
                conn.unwrap()  # sends close_notify (and waits for the client's)
            except (ssl.SSLError, OSError):
                pass
            raw.close()
        else:
            # No close_notify: SSLSocket.shutdown() drops the TLS object and
            # shuts the TCP stream down (FIN) without SSL_shutdown().
            conn.shutdown(socket.SHUT_RDWR)
            conn.close()
    except (ssl.SSLError, OSError) as e:
        log(logpath, "%s %d error %s" % (name, seq, type(e).__name__))
        try:
            conn.close()
        except OSError:
            pass


def listener(name, sock, ctx, end, logpath):
    seq = 0
    while True:
        try:
            raw, _ = sock.accept()
        except OSError:
            return
        seq += 1
        serve_one(name, seq, ctx, raw, end, logpath)


def main():
    args = sys.argv[1:]
    global LIFETIME
    if len(args) >= 2 and args[0] == "--lifetime":
        LIFETIME = int(args[1])
        args = args[2:]
    if len(args) < 3:
        sys.exit(__doc__)
    ports_file, logpath = args[0], args[1]
    lines = []
    for spec in args[2:]:
        name, cert, key, end = spec.split(":")
        end, _, opt = end.partition(",")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        if opt == "tls12":  # a TLS 1.2 server, for clients that would otherwise pick 1.3
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(cert, key)
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        lines.append("%s %d" % (name, s.getsockname()[1]))
        threading.Thread(target=listener, args=(name, s, ctx, end, logpath), daemon=True).start()
    tmp = ports_file + ".tmp"
    with open(tmp, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    os.rename(tmp, ports_file)
    time.sleep(LIFETIME)


if __name__ == "__main__":
    main()
