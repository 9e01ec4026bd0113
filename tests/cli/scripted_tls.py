# SPDX-License-Identifier: MIT
"""A scripted HTTPS server on loopback for the command's tests: it answers each
request with the next response of a script (bytes, or a function of the request
giving bytes, or None to close), and keeps every raw TCP byte it received, so a
test can check that nothing but TLS records reached the socket.

TLS runs over memory BIOs: the server sees the raw stream before decryption.
"""
import socket
import ssl
import threading


def tls_records_only(raw):
    """None when raw is a sequence of whole TLS records from its first byte to
    its last, else what is wrong (the offset and the bytes found there)."""
    i = 0
    while i < len(raw):
        h = raw[i:i + 5]
        if len(h) < 5:
            return f"a partial record header at byte {i}: {h!r}"
        if h[0] not in (20, 21, 22, 23) or h[1] != 3 or h[2] > 4:
            return f"not a TLS record at byte {i}: {raw[i:i + 24]!r}"
        n = int.from_bytes(h[3:5], "big")
        if n > 16384 + 2048 or i + 5 + n > len(raw):
            return f"bad record length {n} at byte {i}"
        i += 5 + n
    return None


def response(status, body=b"", headers=(), reason=None):
    """An HTTP/1.1 response; body bytes or str; headers as (name, value) pairs (bytes or str)."""
    if isinstance(body, str):
        body = body.encode()
    line = b"HTTP/1.1 %d %s\r\n" % (status, (reason or "X").encode())
    head = [line, b"Content-Type: application/json\r\n", b"Content-Length: %d\r\n" % len(body)]
    for k, v in headers:
        k = k.encode() if isinstance(k, str) else k
        v = v.encode() if isinstance(v, str) else v
        head.append(k + b": " + v + b"\r\n")
    return b"".join(head) + b"\r\n" + body


class Server:
    def __init__(self, certfile, keyfile, script):
        self.script = list(script)
        self.requests = []      # (method, target, body) in order
        self.raw = []           # raw TCP bytes received, one entry per connection
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(certfile, keyfile)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def base_url(self):
        return f"https://localhost:{self.port}/client/v4"

    def stop(self):
        self.stopping = True
        self.thread.join(10)
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.stop()

    def _serve(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            raw = bytearray()
            self.raw.append(raw)
            try:
                self._connection(conn, raw)
            except (OSError, ssl.SSLError):
                pass
            finally:
                conn.close()

    def _connection(self, conn, raw):
        inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
        tls = self.ctx.wrap_bio(inc, out, server_side=True)
        conn.settimeout(10)
        plain = bytearray()
        shaken = False

        def flush():
            data = out.read()
            if data:
                conn.sendall(data)

        while not self.stopping:
            data = conn.recv(65536)
            if not data:
                return
            raw += data
            inc.write(data)
            if not shaken:
                try:
                    tls.do_handshake()
                    shaken = True
                except ssl.SSLWantReadError:
                    pass
                flush()
                if not shaken:
                    continue
            while True:
                try:
                    chunk = tls.read(65536)
                except ssl.SSLWantReadError:
                    break
                except ssl.SSLZeroReturnError:
                    return
                if not chunk:
                    break
                plain += chunk
            while True:
                head_end = plain.find(b"\r\n\r\n")
                if head_end < 0:
                    break
                head = bytes(plain[:head_end]).decode("latin-1")
                length = 0
                for line in head.split("\r\n")[1:]:
                    k, _, v = line.partition(":")
                    if k.strip().lower() == "content-length":
                        length = int(v.strip())
                if len(plain) < head_end + 4 + length:
                    break
                body = bytes(plain[head_end + 4:head_end + 4 + length])
                del plain[:head_end + 4 + length]
                method, target = head.split(" ")[:2]
                self.requests.append((method, target, body))
                step = self.script.pop(0) if self.script else None
                if callable(step):
                    step = step(method, target, body)
                if step is None:
                    return
                tls.write(step)
                flush()
