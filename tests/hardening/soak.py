#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Soak: many updates (and some gets) on ONE aigw client against the endpoint emulator,
with a seeded mix of the emulator's fault modes injected before the calls.

Oracle, per call: it ends within its deadline, with a typed result that the fault
predicts (a transient fault is retried to success; a 400 is an API error at once; a
503 that never ends is an API error after 3 attempts); a successful update echoes the
cache_ttl it sent; a successful get returns the cache_ttl of the last successful
update (nothing stale, nothing lost). Memory: the driver's resident set, sampled at
every call, must stay flat after warm-up (growth <= --rss-bound-kb); with --valgrind
the driver runs under memcheck (any error or leak fails).
Prints PASS/FAIL lines, the rate and the error mix.

usage: soak.py [--calls N] [--seed S] [--driver PATH] [--valgrind] [--rss-bound-kb K]
"""
import argparse
import collections
import http.client
import json
import os
import random
import ssl
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "client"))
from errnames import NAMES  # noqa: E402

CALL_TIMEOUT_MS = 5000

# (weight, fault or None, expected outcome): "ok" = success (after retries if needed),
# ("api", status, attempts) = that API error.
MIX = [
    (50, None, "ok"),
    (5, {"mode": "status", "code": 429, "retry_after_ms": 5}, "ok"),
    (5, {"mode": "status", "code": 503}, "ok"),
    (3, {"mode": "status", "code": 502, "html": True}, "ok"),
    (4, {"mode": "close_body"}, "ok"),
    (4, {"mode": "close_headers"}, "ok"),
    (2, {"mode": "close_body", "notify": True}, "ok"),
    (2, {"mode": "close_headers", "notify": True}, "ok"),
    (4, {"mode": "reset"}, "ok"),
    (3, {"mode": "bytewise"}, "ok"),
    (4, {"mode": "chunked"}, "ok"),
    (3, {"mode": "close"}, "ok"),
    (3, {"mode": "idle_close", "after_ms": 0}, "ok"),
    (2, {"mode": "delay", "ms": 30}, "ok"),
    (2, {"mode": "eof_body"}, "ok"),
    (1, {"mode": "stall", "ms": 800}, "ok"),
    (2, {"mode": ["chunked", "bytewise"]}, "ok"),
    (3, {"mode": "status", "code": 400}, ("api", 400, 1)),
    (2, {"mode": "status", "code": 503, "count": -1}, ("api", 503, 3)),
]


def pick(rng):
    total = sum(w for w, _, _ in MIX)
    x = rng.uniform(0, total)
    for w, f, want in MIX:
        x -= w
        if x <= 0:
            break
    f = json.loads(json.dumps(f)) if f else None
    if f and f.get("mode") in ("close_body", "close_headers"):
        f["bytes"] = rng.randint(1, 60)
    if f and f.get("mode") == "reset":
        f["bytes"] = rng.randint(0, 200)
    if f and f.get("mode") == "chunked":
        f["chunk_size"] = rng.randint(1, 64)
    return f, want


class Control:
    """The emulator's control endpoint over one kept-alive HTTPS connection."""

    def __init__(self, url, ca):
        u = urllib.parse.urlsplit(url)
        self.path = u.path
        self.host, self.port = u.hostname, u.port
        self.ctx = ssl.create_default_context(cafile=ca)
        self.conn = None

    def req(self, method, path, body=None):
        for _ in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPSConnection(self.host, self.port, context=self.ctx, timeout=10)
            try:
                self.conn.request(method, self.path + path, body=json.dumps(body) if body is not None else None,
                                  headers={"Content-Type": "application/json"})
                r = self.conn.getresponse()
                data = r.read()
                if r.status >= 300:
                    raise RuntimeError(f"control {method} {path}: {r.status} {data[:200]!r}")
                return json.loads(data or b"{}")
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
        raise RuntimeError(f"control {method} {path} failed twice")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--driver", default=os.path.join(ROOT, "build", "hardening", "soak_driver"))
    ap.add_argument("--valgrind", action="store_true")
    ap.add_argument("--rss-bound-kb", type=int, default=1024)
    ap.add_argument("--name", default="soak")
    a = ap.parse_args()
    import test_client  # the client tests' emulator helper
    emu = test_client.Emulator(args=("--idle-timeout", "30"))
    rng = random.Random(a.seed)
    bad = []
    mix = collections.Counter()
    outcome_mix = collections.Counter()
    attempt_mix = collections.Counter()
    rss = []
    attempts_total = 0
    try:
        ctl = Control(emu.env["AIGW_EMU_CONTROL"], emu.env["AIGW_EMU_CA"])
        env = dict(os.environ)
        env.update({k: v for k, v in emu.env.items() if k.startswith("CLOUDFLARE_")})
        cmd = [a.driver, emu.env["AIGW_EMU_CA"]]
        if a.valgrind:
            cmd = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
                   "--errors-for-leak-kinds=definite,indirect,possible"] + cmd
        drv = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, bufsize=1)
        last_ttl = 0  # the seeded gateway's cache_ttl
        t0 = time.time()
        dirty = False
        for i in range(1, a.calls + 1):
            f, want = pick(rng)
            if dirty:
                ctl.req("DELETE", "/faults")
                dirty = False
            if f:
                ctl.req("POST", "/faults", f)
                dirty = True
            label = "+".join(f["mode"]) if f and isinstance(f["mode"], list) else f["mode"] if f else "none"
            if f and f.get("notify"):
                label += " notify"
            if f and f["mode"] == "status":
                label += f" {f['code']}" + (" forever" if f.get("count") == -1 else "")
            mix[label] += 1
            put = rng.random() < 0.85
            ttl = rng.randint(0, 10**9)
            drv.stdin.write(f"u {ttl}\n" if put else "g\n")
            drv.stdin.flush()
            line = drv.stdout.readline()
            if not line:
                bad.append(f"call {i}: the driver died: {drv.stderr.read()[-600:]}")
                break
            row = dict(kv.split("=", 1) for kv in line.split()[2:])
            err = NAMES.get(int(row["err"]), f"unknown({row['err']})")
            outcome_mix[err.replace("AIGW_", "")] += 1
            attempts_total += int(row["attempts"])
            for t in row["tries"].split(",") if row["tries"] != "-" else []:
                attempt_mix[("reconnect after " if t.endswith("r") else "") +
                            NAMES.get(int(t.rstrip("r")), t).replace("AIGW_", "")] += 1
            rss.append(int(row["rss_kb"]))
            what = f"call {i} ({'PUT' if put else 'GET'}, fault {f and f['mode']})"
            if err.startswith("unknown"):
                bad.append(f"{what}: untyped result {row['err']}")
            if float(row["ms"]) > CALL_TIMEOUT_MS + 1000:
                bad.append(f"{what}: {row['ms']} ms, past the deadline")
            if want == "ok":
                if err != "AIGW_OK":
                    bad.append(f"{what}: {err} status {row['status']} attempts {row['attempts']} (want success)")
                elif put:
                    if row["ttl"] != str(ttl):
                        bad.append(f"{what}: echoed cache_ttl {row['ttl']} (sent {ttl})")
                    last_ttl = ttl
                elif row["ttl"] != str(last_ttl):
                    bad.append(f"{what}: STALE cache_ttl {row['ttl']} (last stored {last_ttl})")
            else:
                _, status, attempts = want
                if err != "AIGW_E_API" or row["status"] != str(status) or row["attempts"] != str(attempts):
                    bad.append(f"{what}: {err} status {row['status']} attempts {row['attempts']} "
                               f"(want API error {status} after {attempts})")
            if len(bad) > 20:
                break
        took = time.time() - t0
        drv.stdin.close()
        rc = drv.wait(timeout=120)
        err_text = drv.stderr.read()
        if rc != 0:
            bad.append(f"driver exit {rc}{' (valgrind found errors)' if rc == 99 else ''}: {err_text[-1500:]}")
    finally:
        emu.stop()
    n = len(rss)
    name = a.name
    if bad:
        print(f"FAIL {name}/calls: {len(bad)} bad: " + "; ".join(bad[:5]))
    else:
        print(f"PASS {name}/calls ({n} calls in {took:.1f}s = {n / took:.0f} calls/s, {attempts_total} attempts; "
              f"seed {a.seed})")
    print(f"   faults injected: " + ", ".join(f"{k} {v}" for k, v in mix.most_common()))
    print(f"   outcomes: " + ", ".join(f"{k} {v}" for k, v in outcome_mix.most_common()))
    print(f"   every attempt: " + ", ".join(f"{k} {v}" for k, v in attempt_mix.most_common()))
    ok = not bad
    if not a.valgrind and n >= 20:
        warm = max(10, n // 20)
        base = rss[warm]
        growth = max(rss[warm:]) - base
        first = sum(rss[warm:warm + n // 10 + 1]) / len(rss[warm:warm + n // 10 + 1])
        last = sum(rss[-(n // 10 + 1):]) / len(rss[-(n // 10 + 1):])
        msg = (f"RSS {rss[0]} kB at call 1, {base} kB after {warm} calls, max {max(rss[warm:])} kB, "
               f"mean of the first/last tenth {first:.0f}/{last:.0f} kB")
        if growth > a.rss_bound_kb:
            print(f"FAIL {name}/memory-flat: grew {growth} kB > {a.rss_bound_kb} kB: {msg}")
            ok = False
        else:
            print(f"PASS {name}/memory-flat (growth {growth} kB <= {a.rss_bound_kb} kB; {msg})")
    elif a.valgrind:
        print(f"{'PASS' if rc == 0 else 'FAIL'} {name}/valgrind-memcheck ({n} calls, no error, no leak)"
              if rc == 0 else f"FAIL {name}/valgrind-memcheck: exit {rc}")
        ok = ok and rc == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
