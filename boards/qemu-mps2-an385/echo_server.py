#!/usr/bin/env python3
"""Echo server for the board's raw-port test (run inside the test's namespace).

Reads a decimal byte count and a newline, echoes exactly that many bytes back,
then closes the connection (the firmware expects EOF). Serves a bounded number
of connections and stops by itself after a time limit.
"""
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
conns = int(sys.argv[3]) if len(sys.argv) > 3 else 1
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((host, port))
srv.listen(4)
srv.settimeout(60)
for _ in range(conns):
    c, _ = srv.accept()
    c.settimeout(30)
    head = b""
    while not head.endswith(b"\n"):
        b = c.recv(1)
        if not b:
            break
        head += b
    want = int(head.strip() or b"0")
    done = 0
    while done < want:
        data = c.recv(min(4096, want - done))
        if not data:
            break
        c.sendall(data)
        done += len(data)
    c.close()
srv.close()
