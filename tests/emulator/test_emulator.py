#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of the endpoint emulator (aigw_emulator.py) from the outside: real TLS connections
(ssl + http.client + raw sockets, openssl s_client for session resumption), one PASS/FAIL line per
test. Starts its own emulator processes (free ports) and always stops them.

Usage: test_emulator.py CERTDIR   (CERTDIR made by tests/certs/make-certs.sh)
Exit status: 0 when every test passed.
"""

import base64
import email.utils
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
EMU = os.environ.get("AIGW_EMU_SCRIPT") or os.path.join(HERE, "aigw_emulator.py")  # override: mutation checks
SEED_PAGE = os.path.normpath(os.path.join(HERE, "..", "..", "tools", "upstream", "seed", "update-a-gateway.txt"))
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"
EMAIL = "user@example.com"
KEY = "144c9defac04969c7bfad8efaa8ea194"
ACCT = "3ebbcb006d4d46d7bb6a8c7f14676cb0"
GW = "/client/v4/accounts/%s/ai-gateway/gateways/" % ACCT
AUTH_ERR = {"success": False, "errors": [{"code": 10000, "message": "Authentication error"}], "messages": [], "result": None}
REQUIRED = {"cache_invalidate_on_update": True, "cache_ttl": 0, "collect_logs": True,
            "rate_limiting_interval": 0, "rate_limiting_limit": 0}
RFC3339_MS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")

CERTS = None
PROCS = []
TMP = tempfile.mkdtemp(prefix="aigw-emu-test.")
results = {"pass": 0, "fail": 0}


class Fail(Exception):
    pass


def check(cond, why):
    if not cond:
        raise Fail(why)


def eq(got, want, what):
    if got != want:
        raise Fail("%s: got %r, want %r" % (what, got, want))


# ------------------------------------------------------------------------------ emulator process

class Emu:
    def __init__(self, *extra, cert="server", seed=True):
        self.port_file = os.path.join(TMP, "port.%d.%d" % (os.getpid(), len(PROCS)))
        args = [sys.executable, EMU, "--cert", os.path.join(CERTS, cert + ".pem"),
                "--key", os.path.join(CERTS, cert + ".key"), "--port", "0", "--port-file", self.port_file]
        if seed:
            args += ["--seed-gateway", "my-gateway"]
        args += list(extra)
        self.log = open(self.port_file + ".log", "w+")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        PROCS.append(self.proc)
        deadline = time.time() + 10
        while time.time() < deadline:
            if os.path.exists(self.port_file):
                self.port = int(open(self.port_file).read())
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        else:
            pass
        if not os.path.exists(self.port_file):
            self.stop()
            self.log.seek(0)
            raise Fail("emulator did not start: " + self.log.read()[-2000:])
        ca = "ca-rsa.pem" if cert == "server-rsa" else "ca.pem"
        self.ctx = ssl.create_default_context(cafile=os.path.join(CERTS, ca))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def conn(self, timeout=10):
        return http.client.HTTPSConnection("localhost", self.port, context=self.ctx, timeout=timeout)

    def call(self, method, path, body=None, headers=None, auth="token", conn=None):
        """One request through http.client; returns (status, headers dict lower-case, parsed JSON or bytes)."""
        h = dict(headers or {})
        if auth == "token":
            h.setdefault("Authorization", "Bearer " + TOKEN)
        elif auth == "key":
            h.setdefault("X-Auth-Email", EMAIL)
            h.setdefault("X-Auth-Key", KEY)
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        own = conn is None
        c = conn or self.conn()
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
            hd = {k.lower(): v for k, v in r.getheaders()}
            try:
                parsed = json.loads(data)
            except ValueError:
                parsed = data
            return r.status, hd, parsed
        finally:
            if own:
                c.close()

    def ctl(self, method, name, body=None):
        st, _, data = self.call(method, "/__emulator/" + name, body=body, auth=None)
        return st, data

    def reset(self):
        st, d = self.ctl("POST", "reset")
        eq(st, 200, "reset status")

    def stats(self):
        return self.ctl("GET", "stats")[1]

    def fault(self, **f):
        st, d = self.ctl("POST", "faults", f)
        eq(st, 200, "queue fault %r -> %r" % (f, d))

    def tls(self, session=None, timeout=5, host="127.0.0.1", ctx=None):
        s = socket.create_connection((host, self.port), timeout=timeout)
        return TLSConn(s, ctx or self.ctx, session)


class TLSConn:
    """A TLS client over a memory BIO, so the test sees the transport as it is: a TCP RST stays a
    reset (ConnectionResetError), a FIN without close_notify is an SSLEOFError, close_notify is b"",
    and each recv() returns the plaintext of one TLS record."""

    def __init__(self, sock, ctx, session=None):
        self.raw = sock
        self.inc, self.out = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = ctx.wrap_bio(self.inc, self.out, server_hostname="localhost", session=session)
        while True:
            try:
                self.obj.do_handshake()
                break
            except ssl.SSLWantReadError:
                self._flush()
                d = self.raw.recv(65536)
                if not d:
                    raise ConnectionError("EOF during the handshake")
                self.inc.write(d)
        self._flush()

    def _flush(self):
        d = self.out.read()
        if d:
            self.raw.sendall(d)

    def sendall(self, data):
        self.obj.write(data)
        self._flush()

    def recv(self, n=65536):
        while True:
            try:
                d = self.obj.read(n)
                self._flush()
                return d
            except ssl.SSLZeroReturnError:
                return b""
            except ssl.SSLWantReadError:
                self._flush()
                d = self.raw.recv(65536)
                if not d:
                    raise ssl.SSLEOFError("TCP FIN without TLS close_notify")
                self.inc.write(d)

    @property
    def session(self):
        return self.obj.session

    @property
    def session_reused(self):
        return self.obj.session_reused

    def getpeercert(self, binary_form=False):
        return self.obj.getpeercert(binary_form)

    def close(self):
        self.raw.close()


def stop_all():
    for p in PROCS:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


# ------------------------------------------------------------------------------ raw HTTP helpers

def req_bytes(method, path, body=b"", auth="token", extra=(), host="localhost"):
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: " + host]
    if auth == "token":
        lines.append("Authorization: Bearer " + TOKEN)
    if body or method == "PUT":
        lines.append("Content-Type: application/json")
        lines.append("Content-Length: %d" % len(body))
    lines += list(extra)
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Reader:
    """Reads a TLS socket, recording how it ended: 'eof' (close_notify), 'unclean-eof', 'reset', 'timeout'."""

    def __init__(self, s):
        self.s = s
        self.buf = b""
        self.end = None
        self.recvs = []

    def fill(self):
        if self.end:
            return False
        try:
            d = self.s.recv(65536)
        except ssl.SSLEOFError:
            self.end = "unclean-eof"
            return False
        except ConnectionResetError:
            self.end = "reset"
            return False
        except (socket.timeout, TimeoutError):
            self.end = "timeout"
            return False
        except ssl.SSLError as e:
            self.end = "ssl:%s" % e
            return False
        except OSError as e:
            self.end = "reset" if getattr(e, "errno", None) == 104 else "oserror:%s" % e
            return False
        if not d:
            self.end = "eof"
            return False
        self.recvs.append(len(d))
        self.buf += d
        return True

    def until(self, sep):
        while sep not in self.buf:
            if not self.fill():
                return None
        i = self.buf.index(sep) + len(sep)
        out, self.buf = self.buf[:i], self.buf[i:]
        return out

    def exact(self, n):
        while len(self.buf) < n:
            if not self.fill():
                return None
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def rest(self):
        while self.fill():
            pass
        out, self.buf = self.buf, b""
        return out

    def response(self):
        """Parses one response. Returns (status, headers list, body, raw body) or raises Fail."""
        head = self.until(b"\r\n\r\n")
        if head is None:
            raise Fail("no complete response head (got %r, end %s)" % (self.buf[:80], self.end))
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        hdrs = [tuple(x.split(": ", 1)) for x in lines[1:] if x]
        hd = {k.lower(): v for k, v in hdrs}
        if "content-length" in hd:
            body = self.exact(int(hd["content-length"]))
            if body is None:
                raise Fail("body shorter than Content-Length (end %s)" % self.end)
            return status, hdrs, body, body
        if hd.get("transfer-encoding") == "chunked":
            raw = b""
            body = b""
            while True:
                line = self.until(b"\r\n")
                check(line is not None, "chunked body cut")
                raw += line
                size = int(line.split(b";")[0], 16)
                if size == 0:
                    while True:
                        t = self.until(b"\r\n")
                        check(t is not None, "trailers cut")
                        raw += t
                        if t == b"\r\n":
                            break
                    return status, hdrs, body, raw
                data = self.exact(size + 2)
                check(data is not None and data.endswith(b"\r\n"), "chunk data cut")
                raw += data
                body += data[:-2]
        body = self.rest()
        return status, hdrs, body, body


def hget(hdrs, name):
    vals = [v for k, v in hdrs if k.lower() == name.lower()]
    return vals[0] if vals else None


# ------------------------------------------------------------------------------ test registry

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def run_all(only=None):
    for fn in TESTS:
        name = fn.__name__[2:] if fn.__name__.startswith("t_") else fn.__name__
        if only and not any(o in name for o in only):
            continue
        try:
            fn()
            print("PASS emulator_%s" % name, flush=True)
            results["pass"] += 1
        except Fail as e:
            print("FAIL emulator_%s: %s" % (name, str(e).replace("\n", " ")[:600]), flush=True)
            results["fail"] += 1
        except Exception as e:
            tb = traceback.format_exc().strip().splitlines()
            print("FAIL emulator_%s: exception %r at %s" % (name, e, " | ".join(tb[-3:])[:600]), flush=True)
            results["fail"] += 1


E = None  # the main emulator (default flags)


def page_example():
    text = open(SEED_PAGE, encoding="utf-8").read()
    i = text.index("\n{\n") + 1
    return json.JSONDecoder().raw_decode(text[i:])[0]["result"]


# ------------------------------------------------------------------------------ routes, store, headers

@test
def t_get_seed_is_page_example():
    E.reset()
    st, h, d = E.call("GET", GW + "my-gateway")
    eq(st, 200, "status")
    eq(d, {"result": page_example(), "success": True}, "body")


@test
def t_response_headers():
    E.reset()
    c = E.tls()
    c.sendall(req_bytes("GET", GW + "my-gateway"))
    st, hdrs, body, _ = Reader(c).response()
    c.close()
    eq(st, 200, "status")
    eq(hget(hdrs, "Content-Type"), "application/json", "Content-Type")
    eq(hget(hdrs, "Content-Length"), str(len(body)), "Content-Length")
    eq(hget(hdrs, "Connection"), "keep-alive", "Connection")
    check(hget(hdrs, "Transfer-Encoding") is None, "no Transfer-Encoding by default")
    check(re.fullmatch(r"[0-9a-f]{16}-SJC", hget(hdrs, "cf-ray") or ""), "cf-ray %r" % hget(hdrs, "cf-ray"))
    check(email.utils.parsedate_to_datetime(hget(hdrs, "Date")) is not None, "Date header")


@test
def t_put_replaces_object_and_timestamps():
    E.reset()
    before = time.time()
    st, _, d = E.call("PUT", GW + "my-gateway", REQUIRED)
    eq(st, 200, "status")
    r = d["result"]
    eq(set(r), set(REQUIRED) | {"id", "created_at", "modified_at", "is_default"}, "result keys (PUT replaces)")
    eq(r["id"], "my-gateway", "id")
    eq(r["created_at"], "2019-12-27T18:11:19.117Z", "created_at kept")
    eq(r["is_default"], True, "is_default kept")
    check(RFC3339_MS.match(r["modified_at"]), "modified_at RFC 3339 ms Z: %r" % r["modified_at"])
    t = email.utils.parsedate_to_datetime  # noqa (just to keep imports used)
    from datetime import datetime
    m = datetime.strptime(r["modified_at"], "%Y-%m-%dT%H:%M:%S.%fZ").timestamp() - time.timezone
    check(before - 2 <= m <= time.time() + 2, "modified_at is now (%s)" % r["modified_at"])
    for k, v in REQUIRED.items():
        eq(r[k], v, k)
    st, _, g = E.call("GET", GW + "my-gateway")
    eq(g, d, "GET returns what PUT stored")
    eq(d.get("success"), True, "success")


@test
def t_put_modified_at_strictly_increases():
    E.reset()
    seen = []
    c = E.conn()
    for i in range(5):
        st, _, d = E.call("PUT", GW + "my-gateway", dict(REQUIRED, cache_ttl=i), conn=c)
        eq(st, 200, "status")
        seen.append(d["result"]["modified_at"])
        eq(d["result"]["created_at"], "2019-12-27T18:11:19.117Z", "created_at kept")
    c.close()
    check(seen == sorted(seen) and len(set(seen)) == 5, "modified_at strictly increasing: %r" % seen)


@test
def t_put_ignores_server_managed_fields_keeps_unknown():
    E.reset()
    body = dict(REQUIRED, id="other", created_at="2000-01-01T00:00:00.000Z", modified_at="x",
                is_default=False, guardrails={"prompt": {"enabled": True}}, zdr=False)
    st, _, d = E.call("PUT", GW + "my-gateway", body)
    eq(st, 200, "status")
    r = d["result"]
    eq(r["id"], "my-gateway", "id from the path")
    eq(r["created_at"], "2019-12-27T18:11:19.117Z", "created_at")
    eq(r["is_default"], True, "is_default")
    check(r["modified_at"] != "x", "modified_at")
    eq(r["guardrails"], {"prompt": {"enabled": True}}, "unknown field stored")
    eq(r["zdr"], False, "zdr")
    eq(E.call("GET", GW + "my-gateway")[2]["result"], r, "GET after PUT")


@test
def t_full_example_put_roundtrip():
    E.reset()
    body = {k: v for k, v in page_example().items() if k not in ("id", "created_at", "modified_at", "is_default")}
    body["otel"][0]["url"] = "https://otel.example.com/v1/traces"
    st, _, d = E.call("PUT", GW + "my-gateway", body)
    eq(st, 200, "status %r" % (d,))
    for k, v in body.items():
        eq(d["result"][k], v, k)


@test
def t_not_found_7002():
    E.reset()
    want = {"success": False, "errors": [{"code": 7002, "message": "Not Found"}], "messages": [], "result": None}
    for method, path, body in (("GET", GW + "nope", None), ("PUT", GW + "nope", REQUIRED),
                               ("GET", "/client/v4/accounts/otheraccount/ai-gateway/gateways/my-gateway", None)):
        st, _, d = E.call(method, path, body)
        eq((st, d), (404, want), "%s %s" % (method, path))


@test
def t_no_route_and_method():
    E.reset()
    st, _, d = E.call("GET", "/client/v4/accounts/%s/ai-gateway/gateways" % ACCT)
    eq((st, d["errors"][0]["code"]), (404, 7000), "no route")
    st, _, d = E.call("GET", "/accounts/%s/ai-gateway/gateways/my-gateway" % ACCT)
    eq((st, d["errors"][0]["code"]), (404, 7000), "no prefix is no route by default")
    for m in ("POST", "DELETE", "PATCH"):
        st, h, d = E.call(m, GW + "my-gateway", REQUIRED)
        eq(st, 405, m)
        eq(d["errors"][0]["code"], 7001, m + " code")
        eq(h.get("allow"), "GET, PUT", "Allow")


@test
def t_no_prefix_flag():
    e = Emu("--no-prefix")
    try:
        st, _, d = e.call("GET", "/accounts/%s/ai-gateway/gateways/my-gateway" % ACCT)
        eq(st, 200, "without prefix")
        st, _, d = e.call("GET", GW + "my-gateway")
        eq(st, 404, "with prefix")
    finally:
        e.stop()


@test
def t_percent_encoded_path_segments():
    E.reset()
    st, d = E.ctl("PUT", "store/%s/a%%20b%%2Fc" % ACCT, {"cache_ttl": 5})
    eq(st, 200, "seed through control")
    st, _, d = E.call("GET", GW + "a%20b%2Fc")
    eq(st, 200, "GET encoded id")
    eq(d["result"]["id"], "a b/c", "decoded id")
    st, _, d = E.call("GET", GW + "a%zzb")
    eq((st, d["errors"][0]["path"]), (400, ["id"]), "bad percent-encoding")


# ------------------------------------------------------------------------------ authentication

@test
def t_auth_schemes():
    E.reset()
    eq(E.call("GET", GW + "my-gateway", auth="token")[0], 200, "bearer")
    eq(E.call("GET", GW + "my-gateway", auth="key")[0], 200, "email+key")
    eq(E.call("PUT", GW + "my-gateway", REQUIRED, auth="key")[0], 200, "email+key PUT")
    eq(E.call("GET", GW + "my-gateway", auth=None, headers={"Authorization": "bearer " + TOKEN})[0], 200,
       "scheme is case-insensitive")


@test
def t_auth_failures_envelope():
    E.reset()
    cases = [
        ("missing", {}, 401),
        ("wrong token", {"Authorization": "Bearer wrong"}, 403),
        ("basic scheme", {"Authorization": "Basic dXNlcjpwYXNz"}, 401),
        ("empty bearer", {"Authorization": "Bearer "}, 401),
        ("email only", {"X-Auth-Email": EMAIL}, 401),
        ("key only", {"X-Auth-Key": KEY}, 401),
        ("wrong key", {"X-Auth-Email": EMAIL, "X-Auth-Key": "0" * 32}, 403),
        ("wrong email", {"X-Auth-Email": "x@example.com", "X-Auth-Key": KEY}, 403),
        ("bad token beats good key", {"Authorization": "Bearer wrong", "X-Auth-Email": EMAIL, "X-Auth-Key": KEY}, 403),
    ]
    for name, h, want in cases:
        for method in ("GET", "PUT"):
            st, hd, d = E.call(method, GW + "my-gateway", REQUIRED if method == "PUT" else None, headers=h, auth=None)
            eq((st, d), (want, AUTH_ERR), "%s %s" % (name, method))
            eq(hd.get("content-type"), "application/json", "content-type")
    eq(E.call("GET", GW + "my-gateway")[2]["result"]["cache_ttl"], 0, "failed PUTs changed nothing")


@test
def t_auth_flags():
    e = Emu("--token", "tok-1", "--email", "a@b.example", "--key-auth", "k-1")
    try:
        eq(e.call("GET", GW + "my-gateway")[0], 403, "default token refused")
        eq(e.call("GET", GW + "my-gateway", auth=None, headers={"Authorization": "Bearer tok-1"})[0], 200, "--token")
        eq(e.call("GET", GW + "my-gateway", auth=None, headers={"X-Auth-Email": "a@b.example", "X-Auth-Key": "k-1"})[0], 200, "--email/--key-auth")
        eq(e.call("GET", GW + "my-gateway", auth="key")[0], 403, "default key refused")
    finally:
        e.stop()


# ------------------------------------------------------------------------------ validation

def put_err(body, emu=None, raw=None):
    emu = emu or E
    st, _, d = emu.call("PUT", GW + "my-gateway", body if raw is None else raw)
    if st != 400:
        raise Fail("want 400, got %d %r for %r" % (st, d, body if raw is None else raw))
    check(d["success"] is False and d["result"] is None and d["messages"] == [], "envelope %r" % d)
    for e in d["errors"]:
        eq(e["code"], 7001, "code")
        check(isinstance(e["message"], str) and e["message"], "message")
    return [e["path"] for e in d["errors"]], d


def put_ok(body, emu=None):
    emu = emu or E
    st, _, d = emu.call("PUT", GW + "my-gateway", body)
    if st != 200:
        raise Fail("want 200, got %d %r for %r" % (st, d, body))


def w(**kw):
    b = dict(REQUIRED)
    b.update(kw)
    return b


OTEL = {"authorization": "a", "headers": {}, "url": "https://otel.example/v1"}


@test
def t_validation_required():
    E.reset()
    for k in REQUIRED:
        b = dict(REQUIRED)
        del b[k]
        eq(put_err(b)[0], [[k]], "missing " + k)
    eq(put_err(w(otel=[OTEL, {"authorization": "a", "headers": {}}]))[0], [["otel", 1, "url"]], "nested required")
    eq(put_err(w(stripe={"authorization": "x"}))[0], [["stripe", "usage_events"]], "stripe required")


@test
def t_validation_type_and_integer():
    E.reset()
    eq(put_err(w(cache_ttl="5"))[0], [["cache_ttl"]], "string for integer")
    eq(put_err(w(cache_ttl=1.5))[0], [["cache_ttl"]], "fraction for integer")
    eq(put_err(None, raw=json.dumps(w()).replace('"cache_ttl": 0', '"cache_ttl": 1.0').encode())[0], [["cache_ttl"]], "1.0 for integer")
    eq(put_err(None, raw=json.dumps(w()).replace('"cache_ttl": 0', '"cache_ttl": 1e2').encode())[0], [["cache_ttl"]], "1e2 for integer")
    eq(put_err(w(collect_logs=1))[0], [["collect_logs"]], "integer for boolean")
    eq(put_err(w(cache_ttl=True))[0], [["cache_ttl"]], "boolean for integer")
    eq(put_err(w(otel={}))[0], [["otel"]], "object for array")
    eq(put_err([REQUIRED])[0], [[]], "array for the body")
    eq(put_err(w(stripe={"authorization": 1, "usage_events": [{"payload": "p"}, {"payload": 2}]}))[0],
       [["stripe", "authorization"], ["stripe", "usage_events", 1, "payload"]], "nested types")
    put_ok(w(cache_ttl=9007199254740993))


@test
def t_validation_nullable():
    E.reset()
    put_ok(w(cache_ttl=None, rate_limiting_interval=None, rate_limiting_limit=None, log_management=None,
             log_management_strategy=None, logpush_public_key=None, otel=None, rate_limiting_technique=None,
             retry_backoff=None, retry_delay=None, retry_max_attempts=None, store_id=None, stripe=None))
    for k in ("collect_logs", "cache_invalidate_on_update", "authentication", "dlp", "logpush", "zdr",
              "workers_ai_billing_mode"):
        eq(put_err(w(**{k: None}))[0], [[k]], "null for non-nullable " + k)
    eq(put_err(w(otel=[dict(OTEL, url=None)]))[0], [["otel", 0, "url"]], "null inside otel")


@test
def t_validation_enum():
    E.reset()
    eq(put_err(w(rate_limiting_technique="FIXED"))[0], [["rate_limiting_technique"]], "enum case")
    eq(put_err(w(log_management_strategy="x"))[0], [["log_management_strategy"]], "enum")
    eq(put_err(w(workers_ai_billing_mode="unified"))[0], [["workers_ai_billing_mode"]], "unified not in this schema")
    eq(put_err(w(otel=[dict(OTEL, content_type="xml")]))[0], [["otel", 0, "content_type"]], "nested enum")
    put_ok(w(rate_limiting_technique="sliding", retry_backoff="exponential", workers_ai_billing_mode="postpaid"))


@test
def t_validation_minimum_maximum():
    E.reset()
    for k, bad, good in (("cache_ttl", -1, 0), ("rate_limiting_interval", -1, 0), ("rate_limiting_limit", -1, 0),
                         ("log_management", 9999, 10000), ("log_management", 10000001, 10000000),
                         ("retry_delay", -1, 0), ("retry_delay", 5001, 5000),
                         ("retry_max_attempts", 0, 1), ("retry_max_attempts", 6, 5)):
        eq(put_err(w(**{k: bad}))[0], [[k]], "%s=%s" % (k, bad))
        put_ok(w(**{k: good}))


@test
def t_validation_length_in_code_points():
    E.reset()
    eq(put_err(w(logpush_public_key="x" * 15))[0], [["logpush_public_key"]], "15 < minLength 16")
    put_ok(w(logpush_public_key="x" * 16))
    put_ok(w(logpush_public_key="\u00e9" * 16))          # 16 code points, 32 UTF-8 bytes
    eq(put_err(w(logpush_public_key="\U0001F600" * 15))[0], [["logpush_public_key"]],
       "15 astral code points (30 UTF-16 units) still < 16")
    put_ok(w(logpush_public_key="\U0001F600" * 1024))  # 1024 code points, 4096 bytes
    eq(put_err(w(logpush_public_key="x" * 1025))[0], [["logpush_public_key"]], "maxLength 1024")
    eq(put_err(w(otel=[dict(OTEL, authorization="a" * 257)]))[0], [["otel", 0, "authorization"]], "otel authorization 256")
    eq(put_err(w(otel=[dict(OTEL, url="https://x.example/" + "a" * 2031)]))[0], [["otel", 0, "url"]], "url 2048")
    put_ok(w(otel=[dict(OTEL, url="https://x.example/" + "a" * 2030)]))
    # Escaped astral character: one code point written as a surrogate pair escape.
    raw = json.dumps(w(logpush_public_key="x" * 15 + "\U0001F600"), ensure_ascii=True).encode()
    check(b"\\ud83d\\ude00" in raw, "pair escaped")
    st, _, d = E.call("PUT", GW + "my-gateway", raw)
    eq(st, 200, "surrogate pair counts as one code point (16)")


@test
def t_validation_max_items_items_additional_properties():
    E.reset()
    put_ok(w(otel=[OTEL] * 5))
    eq(put_err(w(otel=[OTEL] * 6))[0], [["otel"]], "maxItems 5")
    eq(put_err(w(otel=[OTEL, OTEL, dict(OTEL, headers={"x": 5})]))[0], [["otel", 2, "headers", "x"]], "additionalProperties type")
    eq(put_err(w(otel=[dict(OTEL, headers={"x": "v" * 4097})]))[0], [["otel", 0, "headers", "x"]], "additionalProperties maxLength")
    put_ok(w(otel=[dict(OTEL, headers={"x": "v" * 4096, "y": ""})]))
    eq(put_err(w(dlp={"action": "BLOCK", "enabled": True, "profiles": ["a", 1]}))[0], [["dlp", "profiles", 1]], "items")


@test
def t_validation_any_of():
    E.reset()
    put_ok(w(dlp={"action": "FLAG", "enabled": False, "profiles": []}))
    put_ok(w(dlp={"enabled": True, "policies": [{"id": "p", "action": "BLOCK", "check": ["REQUEST", "RESPONSE"],
                                                  "enabled": True, "profiles": ["x"]}]}))
    paths, d = put_err(w(dlp={"enabled": True, "policies": [{"id": "p", "action": "BLOCK", "check": ["REQUEST", "BOTH"],
                                                              "enabled": True, "profiles": []}]}))
    eq(paths, [["dlp", "policies", 0, "check", 1]], "anyOf picks the branch that got furthest")
    paths, _ = put_err(w(dlp={}))
    check(all(p[:1] == ["dlp"] for p in paths) and paths, "empty dlp: %r" % paths)
    eq(put_err(w(dlp="BLOCK"))[0], [["dlp"]], "dlp as a string")


@test
def t_validation_format_uri():
    E.reset()
    eq(put_err(w(otel=[dict(OTEL, url="url")]))[0], [["otel", 0, "url"]], "the page example's url is not a URI")
    eq(put_err(w(otel=[OTEL, OTEL, dict(OTEL, url="http://a b/")]))[0], [["otel", 2, "url"]], "space in URI")
    eq(put_err(w(otel=[dict(OTEL, url="https://\u00e9.example/")]))[0], [["otel", 0, "url"]], "non-ASCII is an IRI, not a URI")
    put_ok(w(otel=[dict(OTEL, url="https://otel.example:4318/v1/traces?x=1%20#f")]))
    put_ok(w(otel=[dict(OTEL, url="urn:isbn:0451450523")]))
    e = Emu("--no-format-check")
    try:
        put_ok(w(otel=[dict(OTEL, url="url")]), emu=e)
    finally:
        e.stop()


@test
def t_validation_many_errors_and_no_store_change():
    E.reset()
    paths, d = put_err(w(cache_ttl=-1, collect_logs="yes", retry_delay=9999, otel=[dict(OTEL, url="u")]))
    eq(sorted(map(str, paths)), sorted(map(str, [["cache_ttl"], ["collect_logs"], ["retry_delay"], ["otel", 0, "url"]])), "all violations")
    eq(E.call("GET", GW + "my-gateway")[2]["result"], page_example(), "store unchanged after a 400")


@test
def t_validation_malformed_json():
    E.reset()
    for name, raw in (("truncated", b'{"cache_ttl": 0,'), ("empty", b""), ("NaN", b'{"cache_ttl": NaN}'),
                      ("Infinity", b'{"cache_ttl": Infinity}'),
                      ("duplicate key", json.dumps(w()).replace('"cache_ttl": 0', '"cache_ttl": 0, "cache_ttl": 1').encode()),
                      ("invalid UTF-8", json.dumps(w(store_id="x")).encode().replace(b'"x"', b'"\xff"')),
                      ("lone surrogate", json.dumps(w(store_id="x")).encode().replace(b'"x"', b'"\\ud800"')),
                      ("BOM", b"\xef\xbb\xbf" + json.dumps(w()).encode()),
                      ("trailing garbage", json.dumps(w()).encode() + b" x")):
        paths, d = put_err(None, raw=raw)
        eq(paths, [[]], name + " path")
        check(d["errors"][0]["message"].startswith("Malformed JSON"), name + " message %r" % d["errors"][0]["message"])
    E.call("PUT", GW + "my-gateway", json.dumps(w()).encode())  # whitespace-separated JSON is fine
    eq(E.call("PUT", GW + "my-gateway", b" \r\n" + json.dumps(w()).encode() + b"\n")[0], 200, "whitespace around JSON")


@test
def t_validation_path_id_length():
    E.reset()
    st, _, d = E.call("GET", GW + "g" * 65)
    eq((st, [e["path"] for e in d["errors"]], d["errors"][0]["code"]), (400, [["id"]], 7001), "65 > maxLength 64")
    eq(E.call("GET", GW + "g" * 64)[0], 404, "64 is valid (unknown)")
    st, _, d = E.call("GET", GW + "\u00e9".encode().decode("latin-1").replace("\u00c3", "%C3").replace("\u00a9", "%A9") * 64)
    eq(st, 404, "64 code points of 2 bytes each is still valid")


@test
def t_path_body_prefix_flag():
    e = Emu("--path-body-prefix")
    try:
        eq(put_err(w(otel=[OTEL, OTEL, dict(OTEL, url="u")]), emu=e)[0], [["body", "otel", 2, "url"]], "body prefix")
        st, _, d = e.call("GET", GW + "g" * 65)
        eq(d["errors"][0]["path"], ["params", "id"], "params prefix")
    finally:
        e.stop()


@test
def t_full_envelope_flag():
    e = Emu("--full-envelope")
    try:
        st, _, d = e.call("GET", GW + "my-gateway")
        eq((st, d["errors"], d["messages"], d["success"]), (200, [], [], True), "full envelope")
    finally:
        e.stop()


@test
def t_schema_flag_newer_api():
    newer = os.path.join(os.path.dirname(SEED_PAGE), "..", "api", "ai-gateway.2026-08-17.openapi.json")
    e = Emu("--schema", newer)
    try:
        put_ok(w(workers_ai_billing_mode="unified"), emu=e)
        eq(E.call("PUT", GW + "my-gateway", w(workers_ai_billing_mode="unified"))[0], 400, "default schema refuses unified")
    finally:
        e.stop()


# ------------------------------------------------------------------------------ HTTP framing

@test
def t_keep_alive_and_request_counters():
    E.reset()
    c = E.tls()
    r = Reader(c)
    for i in range(3):
        c.sendall(req_bytes("GET", GW + "my-gateway"))
        st, hdrs, body, _ = r.response()
        eq(st, 200, "status %d" % i)
    c.sendall(req_bytes("PUT", GW + "my-gateway", json.dumps(w(cache_ttl=7)).encode()))
    eq(r.response()[0], 200, "PUT on the same connection")
    s = E.stats()
    c.close()
    eq(s["requests"], 4, "requests")
    eq(s["by_method"], {"GET": 3, "PUT": 1}, "by_method")
    lr = s["last_request"]
    eq(lr["request_on_connection"], 4, "request_on_connection")
    eq(lr["method"], "PUT", "method")
    eq(lr["body"], json.dumps(w(cache_ttl=7)), "last body")
    eq(lr["head"].encode("latin-1"), req_bytes("PUT", GW + "my-gateway", json.dumps(w(cache_ttl=7)).encode()).split(b"\r\n\r\n")[0] + b"\r\n\r\n", "raw head")
    eq(s["api_connections"], 1, "api_connections")


@test
def t_chunked_request_and_expect_continue():
    E.reset()
    body = json.dumps(w(cache_ttl=11)).encode()
    c = E.tls()
    r = Reader(c)
    head = ("PUT %smy-gateway HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\n"
            "Transfer-Encoding: chunked\r\n\r\n" % (GW, TOKEN)).encode()
    chunks = b"".join(b"%x;e=1\r\n%s\r\n" % (len(body[i:i + 7]), body[i:i + 7]) for i in range(0, len(body), 7))
    c.sendall(head + chunks + b"0\r\nX-T: 1\r\n\r\n")
    st, _, b, _ = r.response()
    eq(st, 200, "chunked request body %r" % b)
    eq(json.loads(b)["result"]["cache_ttl"], 11, "value")
    lr = E.stats()["last_request"]
    eq((lr["chunked"], lr["body"]), (True, body.decode()), "recorded decoded body")
    eq(base64.b64decode(lr["raw_body_base64"]), chunks + b"0\r\nX-T: 1\r\n\r\n", "raw chunked body")
    # Expect: 100-continue: the interim response comes before the body is sent.
    body = json.dumps(w(cache_ttl=12)).encode()
    c.sendall(("PUT %smy-gateway HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\n"
               "Expect: 100-continue\r\n\r\n" % (GW, TOKEN, len(body))).encode())
    eq(r.until(b"\r\n\r\n"), b"HTTP/1.1 100 Continue\r\n\r\n", "100 Continue")
    c.sendall(body)
    st, _, b, _ = r.response()
    eq((st, json.loads(b)["result"]["cache_ttl"]), (200, 12), "after 100")
    c.close()


@test
def t_protocol_errors_close():
    E.reset()
    for name, raw in (("bare LF", b"GET " + GW.encode() + b"my-gateway HTTP/1.1\nHost: x\n\n"),
                      ("missing Host", b"GET " + GW.encode() + b"my-gateway HTTP/1.1\r\nAuthorization: Bearer " + TOKEN.encode() + b"\r\n\r\n"),
                      ("CL and TE", req_bytes("PUT", GW + "my-gateway", b"{}", extra=["Transfer-Encoding: chunked"])),
                      ("bad CL", b"PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
                      ("folded header", b"GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n")):
        c = E.tls()
        c.sendall(raw)
        r = Reader(c)
        st, hdrs, body, _ = r.response()
        eq(st, 400, name)
        eq(hget(hdrs, "Connection"), "close", name + " Connection")
        eq(json.loads(body)["errors"][0]["code"], 10400, name + " code")
        r.rest()
        eq(r.end, "eof", name + " closed cleanly")
        c.close()
    eq(E.stats()["bad_requests"], 5, "bad_requests counter")


@test
def t_client_connection_close_and_http10():
    E.reset()
    for extra, ver in ((["Connection: close"], "HTTP/1.1"), ([], "HTTP/1.0")):
        c = E.tls()
        raw = req_bytes("GET", GW + "my-gateway", extra=extra).replace(b"HTTP/1.1", ver.encode(), 1)
        c.sendall(raw)
        r = Reader(c)
        st, hdrs, body, _ = r.response()
        eq((st, hget(hdrs, "Connection")), (200, "close"), ver)
        r.rest()
        eq(r.end, "eof", "closed with close_notify")
        c.close()


# ------------------------------------------------------------------------------ control endpoints

@test
def t_control_endpoints():
    E.reset()
    st, d = E.ctl("GET", "health")
    eq((st, d), (200, {"ok": True}), "health")
    E.call("PUT", GW + "my-gateway", w(cache_ttl=3))
    st, d = E.ctl("GET", "store")
    eq(st, 200, "store")
    eq([(g["account_id"], g["id"], g["object"]["cache_ttl"]) for g in d["gateways"]], [(ACCT, "my-gateway", 3)], "store dump")
    st, d = E.ctl("PUT", "store/acc2/gw2", {"zdr": True, "new_field": [1]})
    eq(st, 200, "store put")
    st, _, d = E.call("GET", "/client/v4/accounts/acc2/ai-gateway/gateways/gw2")
    eq((st, d["result"]["new_field"], d["result"]["id"], d["result"]["is_default"]), (200, [1], "gw2", False), "seeded object")
    eq(E.ctl("DELETE", "store/acc2/gw2")[0], 200, "store delete")
    eq(E.call("GET", "/client/v4/accounts/acc2/ai-gateway/gateways/gw2")[0], 404, "deleted")
    st, d = E.ctl("POST", "faults", {"mode": "nope"})
    eq(st, 400, "unknown mode refused")
    st, d = E.ctl("POST", "faults", {"mode": "delay", "bytes": 3})
    eq(st, 400, "parameter of another mode refused")
    st, d = E.ctl("POST", "faults", [{"mode": "delay", "ms": 1}, {"mode": "close"}])
    eq((st, d["queued"], len(d["pending"])), (200, 2, 2), "queue two")
    eq(len(E.ctl("GET", "faults")[1]["pending"]), 2, "pending")
    eq(E.ctl("DELETE", "faults")[1]["pending"], [], "cleared")
    s = E.stats()
    check(s["requests"] == 3 and s["control_requests"] >= 10, "counters %r/%r" % (s["requests"], s["control_requests"]))
    E.reset()
    s = E.stats()
    eq((s["requests"], s["faults_applied"], s["last_request"]), (0, {}, None), "reset zeroes")
    eq(E.call("GET", GW + "my-gateway")[2]["result"]["cache_ttl"], 0, "reset restores the seed")
    eq(E.ctl("GET", "nope")[0], 404, "unknown control endpoint")


# ------------------------------------------------------------------------------ faults

def raw_get(emu, path=None, method="GET", body=b"", timeout=5):
    c = emu.tls(timeout=timeout)
    c.sendall(req_bytes(method, path or GW + "my-gateway", body))
    return c, Reader(c)


@test
def t_fault_delay():
    E.reset()
    E.fault(mode="delay", ms=400)
    t0 = time.monotonic()
    st, _, d = E.call("GET", GW + "my-gateway")
    dt = time.monotonic() - t0
    eq(st, 200, "status")
    check(dt >= 0.4, "answered after %.3fs, before the 400 ms delay" % dt)
    eq(E.stats()["faults_applied"], {"delay": 1}, "counted")


@test
def t_fault_delay_body():
    E.reset()
    E.fault(mode="delay_body", ms=400)
    c, r = raw_get(E)
    head = r.until(b"\r\n\r\n")
    t0 = time.monotonic()
    check(head is not None and head.startswith(b"HTTP/1.1 200"), "head first: %r" % head)
    cl = int(re.search(rb"Content-Length: (\d+)", head).group(1))
    check(len(r.buf) == 0, "no body bytes together with the head")
    body = r.exact(cl)
    dt = time.monotonic() - t0
    c.close()
    check(body is not None and json.loads(body)["success"] is True, "body complete")
    check(dt >= 0.3, "body came %.3fs after the head" % dt)


@test
def t_fault_status_429_retry_after_forms():
    E.reset()
    E.fault(mode="status", code=429, retry_after=2)
    st, h, d = E.call("GET", GW + "my-gateway")
    eq((st, h.get("retry-after"), d["errors"][0]["code"], d["success"]), (429, "2", 971, False), "429 seconds")
    E.fault(mode="status", code=429, retry_after_date=30)
    st, h, d = E.call("GET", GW + "my-gateway")
    when = email.utils.parsedate_to_datetime(h.get("retry-after", "")).timestamp()
    check(st == 429 and 20 <= when - time.time() <= 40, "HTTP-date %r" % h.get("retry-after"))
    E.fault(mode="status", code=429, retry_after_ms=1500)
    st, h, d = E.call("GET", GW + "my-gateway")
    eq((st, h.get("retry-after-ms"), h.get("retry-after")), (429, "1500", None), "retry-after-ms")
    eq(E.call("GET", GW + "my-gateway")[0], 200, "fault used up")


@test
def t_fault_status_5xx_html_and_no_store_change():
    E.reset()
    for code in (500, 502, 503):
        E.fault(mode="status", code=code, method="PUT")
        st, h, d = E.call("PUT", GW + "my-gateway", w(cache_ttl=99))
        eq((st, d["success"], d["errors"][0]["code"]), (code, False, 10002), "%d JSON" % code)
    E.fault(mode="status", code=502, html=True)
    st, h, d = E.call("GET", GW + "my-gateway")
    eq(st, 502, "html status")
    check(h["content-type"] == "text/html" and b"502 Bad Gateway" in d, "HTML body %r" % (d[:60],))
    eq(E.call("GET", GW + "my-gateway")[2]["result"]["cache_ttl"], 0, "failed PUTs did not apply")
    E.fault(mode="status", code=503, apply=True)
    eq(E.call("PUT", GW + "my-gateway", w(cache_ttl=98))[0], 503, "apply=true status")
    eq(E.call("GET", GW + "my-gateway")[2]["result"]["cache_ttl"], 98, "apply=true applied")
    E.fault(mode="status", code=200, body='{"success":true,"result":{"id":1}}')
    st, h, d = E.call("GET", GW + "my-gateway")
    eq((st, d), (200, {"success": True, "result": {"id": 1}}), "raw body")


@test
def t_fault_count_method_skip():
    E.reset()
    E.fault(mode="status", code=503, count=2, method="PUT", skip=1)
    seq = [E.call("GET", GW + "my-gateway")[0], E.call("PUT", GW + "my-gateway", w())[0],
           E.call("PUT", GW + "my-gateway", w())[0], E.call("GET", GW + "my-gateway")[0],
           E.call("PUT", GW + "my-gateway", w())[0], E.call("PUT", GW + "my-gateway", w())[0]]
    eq(seq, [200, 200, 503, 200, 503, 200], "GET untouched, first PUT skipped, two PUTs failed")
    E.fault(mode="status", code=500, count=-1)
    eq([E.call("GET", GW + "my-gateway")[0] for _ in range(4)], [500] * 4, "count -1")
    E.ctl("DELETE", "faults")
    eq(E.call("GET", GW + "my-gateway")[0], 200, "cleared")


@test
def t_fault_close_headers():
    E.reset()
    E.fault(mode="close_headers", bytes=10)
    c, r = raw_get(E)
    data = r.rest()
    c.close()
    eq(data, b"HTTP/1.1 2", "exactly 10 bytes")
    eq(r.end, "unclean-eof", "TCP FIN without close_notify")
    E.fault(mode="close_headers")
    c, r = raw_get(E)
    data = r.rest()
    c.close()
    check(data.startswith(b"HTTP/1.1 200") and b"\r\n\r\n" not in data, "half a head: %r" % data)


@test
def t_fault_close_body():
    E.reset()
    E.fault(mode="close_body", bytes=5)
    c, r = raw_get(E)
    head = r.until(b"\r\n\r\n")
    rest = r.rest()
    c.close()
    cl = int(re.search(rb"Content-Length: (\d+)", head).group(1))
    check(cl > 5, "Content-Length promises more")
    eq(rest, b'{"res', "5 body bytes")
    eq(r.end, "unclean-eof", "no close_notify")
    E.fault(mode="close_body", bytes=5, notify=True)
    c, r = raw_get(E)
    r.until(b"\r\n\r\n")
    eq(r.rest(), b'{"res', "5 body bytes")
    c.close()
    eq(r.end, "eof", "close_notify with notify=true")


@test
def t_fault_reset():
    E.reset()
    E.fault(mode="reset")
    c, r = raw_get(E)
    data = r.rest()
    c.close()
    eq((data, r.end), (b"", "reset"), "RST before any byte")
    E.fault(mode="reset", bytes=20)
    c, r = raw_get(E)
    data = r.rest()
    c.close()
    eq((len(data), r.end), (20, "reset"), "RST after 20 bytes")


@test
def t_fault_bytewise():
    E.reset()
    E.fault(mode="bytewise")
    c, r = raw_get(E)
    time.sleep(0.5)  # let every record arrive, so a merged read would show
    st, hdrs, body, _ = r.response()
    c.close()
    eq(st, 200, "status")
    check(json.loads(body)["success"] is True, "body intact")
    check(len(r.recvs) > 200 and set(r.recvs) == {1}, "one byte per TLS record: %d reads, sizes %r" % (len(r.recvs), sorted(set(r.recvs))[:5]))
    c, r = raw_get(E)
    time.sleep(0.3)
    r.response()
    c.close()
    check(len(r.recvs) <= 3, "control: without the fault the response comes in few records (%r)" % r.recvs)


@test
def t_fault_chunked_ext_trailer():
    E.reset()
    E.fault(mode="chunked", chunk_size=7)
    c, r = raw_get(E)
    st, hdrs, body, raw = r.response()
    eq((st, hget(hdrs, "Transfer-Encoding"), hget(hdrs, "Content-Length")), (200, "chunked", None), "headers")
    check(raw.startswith(b"7\r\n") and raw.endswith(b"0\r\n\r\n"), "7-byte chunks %r" % raw[:20])
    eq(json.loads(body)["result"]["id"], "my-gateway", "decoded body")
    c.sendall(req_bytes("GET", GW + "my-gateway"))
    eq(r.response()[0], 200, "keep-alive after a chunked response")
    c.close()
    E.fault(mode="chunked", ext=True, trailer=True)
    c, r = raw_get(E)
    st, hdrs, body, raw = r.response()
    c.close()
    eq(hget(hdrs, "Trailer"), "X-Aigw-Trailer", "Trailer header")
    check(re.match(rb"^[0-9a-f]+;aigw-ext=1\r\n", raw), "chunk extension %r" % raw[:30])
    check(raw.endswith(b"0;aigw-ext=1\r\nX-Aigw-Trailer: done\r\n\r\n"), "trailer %r" % raw[-50:])
    eq(json.loads(body)["success"], True, "body")
    E.fault(mode="chunked", ext=";a=\"b c\"", trailer={"X-One": "1", "X-Two": "2"})
    st, h, d = E.call("GET", GW + "my-gateway")   # http.client must cope as well
    eq((st, d["success"]), (200, True), "http.client parses it")


@test
def t_fault_close_header():
    E.reset()
    E.fault(mode="close")
    c, r = raw_get(E)
    st, hdrs, body, _ = r.response()
    eq((st, hget(hdrs, "Connection")), (200, "close"), "Connection: close")
    check(hget(hdrs, "Content-Length") is not None, "still Content-Length")
    r.rest()
    c.close()
    eq(r.end, "eof", "clean TLS close")


@test
def t_fault_idle_close():
    E.reset()
    E.fault(mode="idle_close", after_ms=200)
    c, r = raw_get(E)
    st, hdrs, body, _ = r.response()
    eq((st, hget(hdrs, "Connection")), (200, "keep-alive"), "advertised keep-alive")
    t0 = time.monotonic()
    r.rest()
    c.close()
    eq(r.end, "eof", "then closed by the server")
    check(time.monotonic() - t0 >= 0.1, "after the pause")


@test
def t_idle_timeout_flag():
    e = Emu("--idle-timeout", "0.5")
    try:
        c, r = raw_get(e, timeout=10)
        eq(r.response()[0], 200, "first")
        r.rest()
        c.close()
        eq(r.end, "eof", "closed by the server's idle timeout")
        eq(e.stats()["idle_timeouts"], 1, "counted")
    finally:
        e.stop()


@test
def t_fault_eof_body():
    E.reset()
    E.fault(mode="eof_body")
    c, r = raw_get(E)
    st, hdrs, body, _ = r.response()
    c.close()
    check(hget(hdrs, "Content-Length") is None and hget(hdrs, "Transfer-Encoding") is None, "no framing")
    eq((st, hget(hdrs, "Connection"), r.end), (200, "close", "eof"), "delimited by close")
    eq(json.loads(body)["result"]["id"], "my-gateway", "body")


@test
def t_fault_stall():
    E.reset()
    E.fault(mode="stall")
    c, r = raw_get(E, timeout=1)
    data = r.rest()
    eq((data, r.end), (b"", "timeout"), "nothing within the deadline")
    c.close()
    E.fault(mode="stall", bytes=12)
    c, r = raw_get(E, timeout=1)
    data = r.rest()
    c.close()
    eq((data, r.end), (b"HTTP/1.1 200", "timeout"), "12 bytes then silence")
    time.sleep(0.3)
    closed = [x["closed_by"] for x in E.stats()["recent_connections"] if x["closed_by"] == "fault stall"]
    eq(len(closed), 2, "server noticed the client leaving")
    eq(E.call("GET", GW + "my-gateway")[0], 200, "server still serves")


@test
def t_fault_combined_chunked_bytewise():
    E.reset()
    E.fault(mode=["chunked", "bytewise"], chunk_size=100)
    c, r = raw_get(E)
    time.sleep(0.4)
    st, hdrs, body, _ = r.response()
    c.close()
    eq((st, hget(hdrs, "Transfer-Encoding")), (200, "chunked"), "chunked")
    check(set(r.recvs) == {1}, "bytewise")
    eq(json.loads(body)["success"], True, "body")


@test
def t_cli_fault_flags_and_reset_requeues():
    e = Emu("--fault", "status:code=503,count=1,retry_after=1", "--fault", '{"mode":"status","code":429}')
    try:
        st, h, _ = e.call("GET", GW + "my-gateway")
        eq((st, h.get("retry-after")), (503, "1"), "first CLI fault")
        eq(e.call("GET", GW + "my-gateway")[0], 429, "second (JSON) CLI fault")
        eq(e.call("GET", GW + "my-gateway")[0], 200, "then normal")
        e.reset()
        eq(e.call("GET", GW + "my-gateway")[0], 503, "reset re-queues the --fault list")
    finally:
        e.stop()
    r = subprocess.run([sys.executable, EMU, "--cert", "x", "--key", "y", "--fault", "bogus"], capture_output=True, text=True)
    check(r.returncode == 2 and "unknown fault mode" in r.stderr, "bad --fault refused: %r" % r.stderr[-200:])


# ------------------------------------------------------------------------------ TLS

@test
def t_tls_python_resumption_and_sni():
    E.reset()
    c, r = raw_get(E)
    eq(r.response()[0], 200, "first")
    sess = c.session
    c.close()
    check(sess is not None, "got a session")
    c2, r2 = None, None
    c2 = E.tls(session=sess)
    c2.sendall(req_bytes("GET", GW + "my-gateway"))
    eq(Reader(c2).response()[0], 200, "resumed request")
    check(c2.session_reused, "client sees reuse")
    c2.close()
    s = E.stats()
    check(s["tls_handshakes"]["resumed"] >= 1, "server counted a resumed handshake: %r" % s["tls_handshakes"])
    eq(s["last_request"]["tls"]["session_reused"], True, "last_request tls")
    eq(s["last_request"]["tls"]["sni"], "localhost", "SNI recorded")
    eq(s["last_request"]["tls"]["alpn"], None, "no ALPN offered by this client")


def s_client_resume(port, version, ca):
    sess = os.path.join(TMP, "sess.%s" % version)
    if os.path.exists(sess):
        os.unlink(sess)
    base = ["openssl", "s_client", "-" + version, "-connect", "127.0.0.1:%d" % port, "-servername", "localhost",
            "-CAfile", ca, "-verify_return_error", "-ign_eof"]
    # A request with Connection: close, read to the end: a TLS 1.3 ticket arrives after the
    # handshake, so s_client must stay until the server closes to have a session to save.
    req = b"GET /__emulator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    r1 = subprocess.run(base + ["-sess_out", sess], input=req, capture_output=True, timeout=20)
    check(os.path.exists(sess), "s_client saved no session: %s" % r1.stderr.decode(errors="replace")[-300:])
    r2 = subprocess.run(base + ["-sess_in", sess], input=req, capture_output=True, timeout=20)
    check(b'{"ok":true}' in r1.stdout and b'{"ok":true}' in r2.stdout, "requests over s_client answered")
    return r1.stdout.decode(errors="replace"), r2.stdout.decode(errors="replace")


@test
def t_tls_openssl_s_client_resumption():
    for version in ("tls1_3", "tls1_2"):
        before = E.stats()["tls_handshakes"]
        o1, o2 = s_client_resume(E.port, version, os.path.join(CERTS, "ca.pem"))
        check("\nNew, " in o1, "%s first handshake full" % version)
        check("\nReused, " in o2, "%s second handshake resumed: %s" % (version, o2[-300:]))
        after = E.stats()["tls_handshakes"]
        eq(after["resumed"] - before["resumed"], 1, "%s resumed counted" % version)
        check(after["full"] - before["full"] >= 1, "%s full counted" % version)


@test
def t_tls_no_tickets_session_id_resumption_and_tls_max():
    e = Emu("--no-tickets", "--tls-max", "1.2")
    try:
        o1, o2 = s_client_resume(e.port, "tls1_2", os.path.join(CERTS, "ca.pem"))
        check("TLS session ticket:" not in o1, "no ticket issued")
        check("\nReused, TLSv1.2" in o2, "session-id resumption: %s" % o2[-300:])
        eq(e.stats()["tls_handshakes"]["resumed"], 1, "counted")
        eq(e.call("GET", GW + "my-gateway")[0], 200, "http.client over TLS 1.2")
        eq(e.stats()["last_request"]["tls"]["tls_version"], "TLSv1.2", "TLS 1.2 only")
    finally:
        e.stop()


@test
def t_tls_handshake_failure_counted():
    E.reset()
    bad = ssl.create_default_context(cafile=os.path.join(CERTS, "other-ca.pem"))
    try:
        E.tls(ctx=bad).close()
        raise Fail("untrusted chain accepted by the test client")
    except ssl.SSLCertVerificationError:
        pass
    time.sleep(0.2)
    s = E.stats()
    eq(s["tls_handshakes"]["failed"], 1, "failed handshake counted")
    check(s["last_handshake_error"], "error recorded")


@test
def t_rsa_certificate():
    e = Emu(cert="server-rsa")
    try:
        eq(e.call("GET", GW + "my-gateway")[0], 200, "RSA chain works with ca-rsa.pem")
        c = e.tls()
        der = c.getpeercert(binary_form=True)
        c.close()
        check(b"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b" in der, "sha256WithRSAEncryption OID in the leaf")
    finally:
        e.stop()


@test
def t_ipv6_same_port():
    e = Emu("--host", "127.0.0.1", "--host", "::1")
    try:
        c = e.tls(host="::1")
        c.sendall(req_bytes("GET", GW + "my-gateway"))
        eq(Reader(c).response()[0], 200, "over ::1 on the same port")
        c.close()
        eq(e.call("GET", GW + "my-gateway")[0], 200, "over 127.0.0.1")
    finally:
        e.stop()


@test
def t_clean_shutdown_with_open_connections():
    e = Emu("--fault", "stall")
    c, r = raw_get(e, timeout=10)
    idle = e.tls()
    time.sleep(0.2)
    t0 = time.monotonic()
    rc = e.stop()
    dt = time.monotonic() - t0
    c.close()
    idle.close()
    eq(rc, 0, "exit status after SIGTERM")
    check(dt < 5, "stopped promptly (%.1fs) with a stalled and an idle connection" % dt)
    try:
        socket.create_connection(("127.0.0.1", e.port), timeout=1).close()
        raise Fail("port still accepting after stop")
    except OSError:
        pass


def main():
    global CERTS, E
    if len(sys.argv) < 2:
        print("usage: test_emulator.py CERTDIR [test-name-substring ...]", file=sys.stderr)
        return 2
    CERTS = os.path.abspath(sys.argv[1])
    try:
        E = Emu()
        run_all(sys.argv[2:])
        rc = E.stop()
        if rc != 0:
            print("FAIL emulator_main_instance_exit: status %r" % rc)
            results["fail"] += 1
    except Fail as e:
        print("FAIL emulator_start: %s" % e)
        results["fail"] += 1
    finally:
        stop_all()
        shutil.rmtree(TMP, ignore_errors=True)
    print("%d passed, %d failed" % (results["pass"], results["fail"]))
    return 0 if results["fail"] == 0 and results["pass"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
