#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fault sweep: every kind of response (tests/hardening/sweep_server.py RESPONSES) is
  (a) cut at every byte offset 0..len (close_notify + FIN), and for the main 200
      response also with a bare FIN (no close_notify, mode r);
  (b) delivered in every two-piece split (first n bytes, flush, pause, the rest);
  (c) delivered whole and followed, in a later read, by n bytes of an unsolicited second
      200 response (mode t, n from 1 to all of it);
driven by tests/hardening/sweep_driver.c (aigw client over the POSIX + mbedTLS ports;
by default the ASan+UBSan build). Oracle, per case:
  - a complete response (split, or a cut at/after its end) gives exactly the outcome
    of that kind (success with every value right, or the typed API error with its
    status, code and path);
  - a cut response gives a typed truncation error (EOF before any byte, else
    HTTP_TRUNCATED; RECV for a FIN without close_notify); never success, never the
    complete response's outcome. A close-delimited body cut by close_notify is
    indistinguishable from a short body: it must fail to decode (NOT_JSON, JSON,
    JSON_UTF8) unless the JSON is complete;
  - the follow-up call on the same client returns its own answer (id f.<i>,
    cache_ttl i), never a stale one, and no call ever reports the unsolicited
    response (id "stale");
  - every call ends within its deadline; the io buffer is wiped after every call;
  - the server saw no malformed request (sweep_server answers those with code 99999).
Prints PASS/FAIL lines (one per kind and mode, with the case count and error mix).

usage: sweep.py [--driver PATH] [--kinds k1,k2] [--stride N]
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import sweep_server as S  # noqa: E402  (the canned bytes and their expected outcomes)
from errnames import NAMES  # noqa: E402

TIMEOUT_MS = 4000
SLACK_MS = 1000

passed = failed = 0


def report(name, bad, info=""):
    global passed, failed
    if bad:
        failed += 1
        print(f"FAIL sweep/{name}: {len(bad)} bad case(s): " + "; ".join(bad[:5]))
    else:
        passed += 1
        print(f"PASS sweep/{name}{' (' + info + ')' if info else ''}")
    sys.stdout.flush()


def parse_line(line):
    left, _, right = line.partition(" | ")
    f = left.split()
    row = {"seq": int(f[0]), "kind": f[1], "mode": f[2], "n": int(f[3])}
    for tok in f[4:] + right.split():
        k, _, v = tok.partition("=")
        row[k] = NAMES.get(int(v), v) if k in ("err", "f_err") else v
    return row


EXPECTED_PARAMS = {k: v for k, v in S.GATEWAY.items() if k not in ("id", "created_at", "modified_at", "is_default")}


def check_complete(kind, r, pre=""):
    """Differences between r and the outcome of the complete response of kind."""
    want = S.EXPECT[kind]
    bad = []
    if r.get(pre + "err") != want["err"]:
        return [f"err {r.get(pre + 'err')} (want {want['err']})"]
    if int(r.get(pre + "status", -1)) != want["status"]:
        bad.append(f"status {r.get(pre + 'status')}")
    if "code" in want and r.get(pre + "code") != str(want["code"]):
        bad.append(f"code {r.get(pre + 'code')}")
    if "path" in want and r.get(pre + "path") != want["path"]:
        bad.append(f"path {r.get(pre + 'path')}")
    if want["err"] == "AIGW_OK":
        if r.get(pre + "id") != S.GATEWAY["id"]:
            bad.append(f"id {r.get(pre + 'id')}")
        try:
            vals = json.loads(bytes.fromhex(r.get(pre + "vals", "")).decode("utf-8"))
        except ValueError:
            vals = None
        if vals != EXPECTED_PARAMS:
            bad.append(f"values {vals!r:.120}")
    return bad


def judge(r):
    kind, mode, n = r["kind"], r["mode"], r["n"]
    resp = S.RESPONSES[kind]
    L = len(resp)
    err = r.get("err")
    bad = []
    if mode in ("s", "w", "t") or n >= L:
        bad += check_complete(kind, r)
    else:
        if err == "AIGW_OK" or err == S.EXPECT[kind]["err"] and kind != "ok_eof":
            bad.append(f"cut at {n}/{L} gave {err} (a false outcome)")
        hdr_end = resp.index(b"\r\n\r\n") + 4
        if kind == "ok_eof" and n >= hdr_end:
            body = resp[hdr_end:n]
            if mode == "r":
                allowed = {"AIGW_E_RECV"}
            elif not body.strip():
                allowed = {"AIGW_E_NOT_JSON"}
            else:
                allowed = {"AIGW_E_JSON", "AIGW_E_JSON_UTF8"}
        elif n == 0:
            allowed = {"AIGW_E_EOF"} if mode == "c" else {"AIGW_E_EOF", "AIGW_E_RECV"}
        else:
            allowed = {"AIGW_E_HTTP_TRUNCATED"} if mode == "c" else {"AIGW_E_RECV"}
        if err not in allowed and not bad:
            bad.append(f"cut at {n}/{L} gave {err} (want one of {sorted(allowed)})")
    # bytes after a complete response are nobody's answer
    for pre in ("", "f_"):
        if r.get(pre + "id") == "stale" or r.get(pre + "ttl") == str(S.STALE_TTL):
            bad.append(f"{pre or 'first '}call reported the unsolicited response")
    # the follow-up on the same client must get its own, fresh answer
    if r.get("f_err") != "AIGW_OK":
        bad.append(f"follow-up err {r.get('f_err')}")
    elif r.get("f_id") != f"f.{r['seq']}" or r.get("f_ttl") != str(r["seq"]):
        bad.append(f"STALE follow-up: id {r.get('f_id')} ttl {r.get('f_ttl')} (want f.{r['seq']})")
    for k in ("ms", "f_ms"):
        if float(r.get(k, 1e9)) > TIMEOUT_MS + SLACK_MS:
            bad.append(f"{k} {r.get(k)} past the deadline")
    if r.get("io") != "0" or r.get("f_io") != "0":
        bad.append("io buffer not wiped")
    return [f"{kind}.{mode}.{n}: " + b for b in bad]


def selftest():
    """The oracle must be able to fail: feed it rows that are wrong in one way each."""
    ok_vals = json.dumps(EXPECTED_PARAMS, separators=(",", ":"), ensure_ascii=False).encode().hex()
    good = {"seq": 7, "kind": "ok_cl", "mode": "s", "n": 100, "err": "AIGW_OK", "status": "200",
            "id": "sweep-gw", "vals": ok_vals, "ms": "3.0", "io": "0",
            "f_err": "AIGW_OK", "f_id": "f.7", "f_ttl": "7", "f_ms": "2.0", "f_io": "0"}
    bad_rows = {
        "false success on a cut": dict(good, mode="c"),
        "wrong typed error on a cut": dict(good, mode="c", err="AIGW_E_HTTP_CHUNK"),
        "API error from a cut 404": dict(good, kind="nf_404", mode="c", n=255, err="AIGW_E_API", status="404",
                                         code="7002"),
        "stale follow-up": dict(good, f_id="f.6", f_ttl="6"),
        "unsolicited response as the follow-up": dict(good, mode="t", f_id="stale", f_ttl=str(S.STALE_TTL)),
        "unsolicited response as the answer": dict(good, mode="t", n=3, id="stale"),
        "wrong value": dict(good, vals=ok_vals.replace("31303030", "31303031")),  # log_management 10000 -> 10001
        "past the deadline": dict(good, ms=str(TIMEOUT_MS + SLACK_MS + 1)),
        "io not wiped": dict(good, f_io="1"),
        "wrong status": dict(good, status="201"),
    }
    bad = [] if not judge(good) else [f"a good row was refused: {judge(good)}"]
    for name, row in bad_rows.items():
        if not judge(row):
            bad.append(f"accepted: {name}")
    report("oracle-selftest", bad, f"{len(bad_rows)} corruptions caught")


def plan(kinds, stride):
    cases = []
    for kind in kinds:
        L = len(S.RESPONSES[kind])
        cases += [(kind, "w", 0)]
        cases += [(kind, "c", n) for n in range(0, L + 1, stride)] + ([(kind, "c", L)] if L % stride else [])
        cases += [(kind, "s", n) for n in range(1, L, stride)]
        if kind == "ok_cl":
            cases += [(kind, "r", n) for n in range(0, L + 1, stride)]
        if kind not in ("ok_eof",):  # a close-delimited body has no "after"
            T = len(S.STALE)
            tstride = max(stride, 37)
            cases += [(kind, "t", n) for n in range(1, T + 1, tstride)] + [(kind, "t", T)]
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", default=os.path.join(ROOT, "build", "hardening", "asan", "hardening", "sweep_driver"))
    ap.add_argument("--kinds", default=",".join(S.RESPONSES))
    ap.add_argument("--stride", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    selftest()
    kinds = a.kinds.split(",")
    tmp = tempfile.mkdtemp(prefix="aigw-sweep-")
    certs = os.path.join(tmp, "certs")
    subprocess.run(["bash", os.path.join(ROOT, "tests", "certs", "make-certs.sh"), certs], check=True)
    port_file = os.path.join(tmp, "port")
    log = open(os.path.join(tmp, "server.log"), "w")
    srv = subprocess.Popen([sys.executable, os.path.join(HERE, "sweep_server.py"), "--cert",
                            os.path.join(certs, "server.pem"), "--key", os.path.join(certs, "server.key"),
                            "--port-file", port_file], stdout=log, stderr=log)
    try:
        for _ in range(100):
            if os.path.exists(port_file):
                break
            time.sleep(0.05)
        port = open(port_file).read().strip()
        cases = plan(kinds, a.stride)
        t0 = time.time()
        # several drivers (one client each) share the cases, interleaved so each sees every kind
        env = dict(os.environ, ASAN_OPTIONS="exitcode=99:detect_leaks=1", UBSAN_OPTIONS="exitcode=99:print_stacktrace=1")
        procs = []
        for j in range(a.jobs):
            part = cases[j::a.jobs]
            out = open(os.path.join(tmp, f"driver{j}.out"), "w+")
            err = open(os.path.join(tmp, f"driver{j}.err"), "w+")
            p = subprocess.Popen([a.driver, "--ca", os.path.join(certs, "ca.pem"), "--port", port,
                                  "--timeout", str(TIMEOUT_MS)], stdin=subprocess.PIPE, stdout=out, stderr=err,
                                 env=env)
            procs.append((p, part, out, err))
        for p, part, _, _ in procs:
            p.stdin.write("".join(f"{k} {m} {n}\n" for k, m, n in part).encode())
            p.stdin.close()
        rows = []
        for j, (p, part, out, err) in enumerate(procs):
            rc = p.wait(timeout=900)
            out.seek(0)
            err.seek(0)
            lines = out.read().splitlines()
            if rc != 0 or len(lines) != len(part):
                report(f"driver{j}", [f"exit {rc}, {len(lines)} of {len(part)} cases done: {err.read()[-1500:]}"])
            rows += [parse_line(x) for x in lines]
        took = time.time() - t0
    finally:
        srv.terminate()
        srv.wait()
        log.close()
    slog = open(os.path.join(tmp, "server.log")).read()
    groups = collections.defaultdict(list)
    for r in rows:
        groups[(r["kind"], r["mode"])].append(r)
    for (kind, mode), rs in sorted(groups.items()):
        bad = []
        mix = collections.Counter()
        for r in rs:
            bad += judge(r)
            mix[r.get("err", "?").replace("AIGW_", "")] += 1
        name = {"c": "cut", "r": "cut-no-close-notify", "s": "split", "w": "whole",
                "t": "bytes-after-complete"}[mode]
        info = f"{len(rs)} cases, len {len(S.RESPONSES[kind])}: " + ", ".join(f"{v} {k}" for k, v in mix.most_common())
        report(f"{kind}/{name}", bad, info)
    nbad = slog.count("bad request")
    report("server-saw-only-well-formed-requests", [f"{nbad} malformed request(s): {slog[:300]}"] if nbad else [],
           f"{len(rows)} cases")
    if len(rows) != len(cases):
        report("all-cases-ran", [f"{len(rows)} of {len(cases)}"])
    print(f"sweep: {len(rows)} cases ({2 * len(rows)} calls) in {took:.1f}s, {passed} groups passed, {failed} failed; "
          f"logs in {tmp}" + (" (removed)" if not failed else ""))
    if not failed:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
