#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Stale bytes never become an answer (issue 17, item 1).

A scripted server (tests/client/stale_server.py, plain TCP and TLS) sends, after a
complete answer on a kept-alive connection, a whole second `HTTP/1.1 200` response
(gateway id "stale", cache_ttl 6666) in a later read: in the same TCP segment but a
separate TLS record / past the reader's buffer ("seg"), or in a later segment after a
pause ("late"). The client (client_probe over the POSIX port, and over the mbedTLS port
on top of it; the aigw command for `set`) must never report the stale response, must
report the real answer to each request, and must say it closed the connection for
unread bytes (client.stale_closed, the probe's stale=). A 400 with nothing after it
keeps the connection (keep-alive after API errors is kept).

usage: test_stale.py [--probe PATH] [--aigw PATH] [--prefix NAME] [filter ...]
Prints PASS/FAIL lines for tests/run.sh; exit 1 on any failure.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import stale_server as T  # noqa: E402
S = T.S

ERR = {}
with open(os.path.join(ROOT, "include", "aigw", "aigw_error.h")) as f:
    body = f.read().split("typedef enum aigw_err {", 1)[1].split("} aigw_err_t;", 1)[0]
    for i, name in enumerate(re.findall(r"^\s*(AIGW_(?:OK|E_\w+))\b", body, re.M)):
        ERR[name] = str(i)

ap = argparse.ArgumentParser()
ap.add_argument("--probe")
ap.add_argument("--aigw")
ap.add_argument("--prefix", default="stale")
ap.add_argument("filters", nargs="*")
A = ap.parse_args()
if not A.probe and not A.aigw:
    A.probe = os.path.join(ROOT, "build", "tests", "client", "client_probe")
SAN_ENV = {"ASAN_OPTIONS": "exitcode=99:detect_leaks=1:abort_on_error=0",
           "UBSAN_OPTIONS": "exitcode=99:print_stacktrace=1:halt_on_error=1"}

passed = failed = 0


def report(name, bad):
    global passed, failed
    if bad:
        failed += 1
        print(f"FAIL {A.prefix}/{name}: " + "; ".join(bad))
    else:
        passed += 1
        print(f"PASS {A.prefix}/{name}")
    sys.stdout.flush()


class Server:
    def __init__(self, tmp, certs, tls):
        self.tls = tls
        pf = os.path.join(tmp, "port-" + ("tls" if tls else "plain"))
        self.log = open(pf + ".log", "w+")
        args = [sys.executable, os.path.join(HERE, "stale_server.py"), "--port-file", pf]
        if tls:
            args += ["--cert", os.path.join(certs, "server.pem"), "--key", os.path.join(certs, "server.key")]
        self.p = subprocess.Popen(args, stdout=self.log, stderr=self.log)
        for _ in range(200):
            if os.path.exists(pf):
                break
            time.sleep(0.05)
        self.port = int(open(pf).read())
        self.url = ("https" if tls else "http") + f"://localhost:{self.port}/client/v4"

    def stop(self):
        self.p.terminate()
        self.p.wait()
        self.log.seek(0)
        text = self.log.read()
        self.log.close()
        return text


def env_for(srv):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDFLARE_")}
    env.update(SAN_ENV)
    env.update({"CLOUDFLARE_BASE_URL": srv.url, "CLOUDFLARE_ACCOUNT_ID": S.ACCOUNT,
                "CLOUDFLARE_API_TOKEN": S.TOKEN})
    return env


def probe(srv, ca, calls, opts=()):
    cmd = [A.probe] + (["--ca", ca] if srv.tls else ["--plain"]) + list(opts) + calls
    p = subprocess.run(cmd, env=env_for(srv), capture_output=True, text=True, timeout=60)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"probe exited {p.returncode}: {p.stderr.strip()[-600:]}")
    rows = []
    for line in p.stdout.splitlines():
        rows.append({k: v.strip('"') for k, v in re.findall(r'(\w+)=("[^"]*"|\S+)', line)})
    return rows


def no_stale(rows):
    return [f"call {r.get('call')} reported the unsolicited response (id {r.get('id')}, cache_ttl "
            f"{r.get('cache_ttl')})" for r in rows
            if r.get("id") == "stale" or r.get("cache_ttl") == str(T.STALE_TTL)]


def want(row, what, **kv):
    bad = []
    for k, v in kv.items():
        v = ERR[v] if k == "err" else str(v)
        if row.get(k) != v:
            bad.append(f"{what}: {k}={row.get(k)} (want {v})")
    return bad


SEQ = [0]


def probe_case(srv, ca, case, style):
    SEQ[0] += 1
    n = SEQ[0]
    gid = f"{case}.{style}.{n}"
    real = dict(err="AIGW_OK", status=200, id=f"real.{n}", cache_ttl=n)
    if case == "retry_503":
        rows = probe(srv, ca, [f"get:{gid}"], opts=("--attempts", "2"))
        if len(rows) != 1:
            return [f"{len(rows)} result lines"]
        bad = want(rows[0], "the call", attempts=2, connections=2, **real)
    else:
        pause = "sleep:400" if case == "idle" else "sleep:150"
        rows = probe(srv, ca, [f"get:{gid}", pause, f"get:real.{n}"])
        if len(rows) != 2:
            return [f"{len(rows)} result lines"]
        first = {"api_400": dict(err="AIGW_E_API", status=400, api_code0=7001),
                 "none": dict(err="AIGW_E_API", status=400, api_code0=7001),
                 "decode": dict(status=200),
                 "nc_204": dict(status=204), "nm_304": dict(status=304),
                 "short_cl": dict(err="AIGW_OK", status=200, id=f"first.{n}", cache_ttl=n),
                 "idle": dict(err="AIGW_OK", status=200, id=f"first.{n}", cache_ttl=n)}[case]
        bad = want(rows[0], "first call", **first)
        if case in ("decode", "nc_204", "nm_304") and rows[0].get("err") == ERR["AIGW_OK"]:
            bad.append(f"first call: success from a {case} answer")
        # the real answer, on a new connection (or on the same one when nothing was stale)
        bad += want(rows[1], "next call", connections=1 if case == "none" else 2, **real)
    if case == "none":
        bad += want(rows[-1], "stale counter", stale=0)
    elif rows[-1].get("stale", "0") == "0":
        bad.append("stale=0: the client never said it closed a connection for unread bytes")
    return no_stale(rows) + bad


def cli_case(srv, ca, case):
    SEQ[0] += 1
    n = SEQ[0]
    gid = f"{case}.seg.{n}"
    if case == "set":
        args = ["set", gid, "cache_ttl=600"]
    else:
        args = ["get", gid, "--attempts", "2"]
    cmd = [A.aigw] + args + ["--verbose"] + (["--cacert", ca] if srv.tls else [])
    p = subprocess.run(cmd, env=env_for(srv), capture_output=True, timeout=60)
    out = p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")
    bad = []
    if "stale" in out or str(T.STALE_TTL) in out:
        bad.append(f"the unsolicited response was reported: {out.strip()[:300]!r}")
    if "unrequested bytes after a response" not in out:  # the log hook's AIGW_LOG_STALE line
        bad.append("--verbose did not log the connection closed for unread bytes")
    if case == "set":
        # the PUT's real answer is a 400: exit 4 (API error) with its code, never 0
        if p.returncode != 4 or "7001" not in out:
            bad.append(f"exit {p.returncode} (want 4 with the PUT's 400, code 7001): {out.strip()[-300:]!r}")
    else:
        if p.returncode != 0 or f"real.{n}" not in out:
            bad.append(f"exit {p.returncode} (want 0 with gateway real.{n}): {out.strip()[-300:]!r}")
    return bad


def main():
    tmp = tempfile.mkdtemp(prefix="aigw-stale-")
    certs = os.path.join(tmp, "certs")
    subprocess.run(["bash", os.path.join(ROOT, "tests", "certs", "make-certs.sh"), certs], check=True,
                   stdout=subprocess.DEVNULL)
    ca = os.path.join(certs, "ca.pem")
    servers = [Server(tmp, certs, False), Server(tmp, certs, True)]
    logs = []
    try:
        for srv in servers:
            port = "tls" if srv.tls else "posix"
            tests = []
            if A.probe:
                for case in ("retry_503", "api_400", "decode", "nc_204", "nm_304", "short_cl", "none"):
                    for style in ("seg", "late"):
                        tests.append((f"{port}/{case}-{style}", lambda c=case, s=style, v=srv: probe_case(v, ca, c, s)))
                tests.append((f"{port}/idle-late", lambda v=srv: probe_case(v, ca, "idle", "late")))
            if A.aigw:
                for case in ("set", "retry_503"):
                    tests.append((f"{port}/cli-{case}", lambda c=case, v=srv: cli_case(v, ca, c)))
            for name, fn in tests:
                if A.filters and not any(f in name for f in A.filters):
                    continue
                try:
                    report(name, fn())
                except Exception as ex:  # a crash of the client is a failure, never a pass
                    report(name, [f"{type(ex).__name__}: {ex}"])
    finally:
        for srv in servers:
            logs.append(srv.stop())
    bad = [line for text in logs for line in text.splitlines() if "bad request" in line]
    report("server-saw-well-formed-requests", bad[:3])
    print(f"stale tests: {passed} passed, {failed} failed" + (f" (logs in {tmp})" if failed else ""))
    if not failed:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed or passed < 2 else 0


if __name__ == "__main__":
    sys.exit(main())
