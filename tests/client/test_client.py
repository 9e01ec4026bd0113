#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Client integration tests: aigw's client (core/client.c) over the POSIX port
and the mbedTLS port, against the endpoint emulator (Python ssl = OpenSSL,
shares no code with the client). Each scenario sets the emulator's faults
through its control endpoint, runs build/tests/client/client_probe, and checks
the lines it prints. Prints PASS/FAIL lines for tests/run.sh.

usage: test_client.py [--valgrind] [scenario-substring ...]
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator"))
import emuctl  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROBE = os.path.join(ROOT, "build", "tests", "client", "client_probe")
VALGRIND = "--valgrind" in sys.argv
FILTERS = [a for a in sys.argv[1:] if not a.startswith("--")]

# error names -> numbers, read from the public header so the test never drifts
ERR = {}
with open(os.path.join(ROOT, "include", "aigw", "aigw_error.h")) as f:
    body = f.read().split("typedef enum aigw_err {", 1)[1].split("} aigw_err_t;", 1)[0]
    for i, name in enumerate(re.findall(r"^\s*(AIGW_(?:OK|E_\w+))\b", body, re.M)):
        ERR[name] = i

passed = failed = 0


def report(name, ok, why=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS client/{name}")
    else:
        failed += 1
        print(f"FAIL client/{name}: {why}")
    sys.stdout.flush()


def Emulator(leaf="server", args=()):
    return emuctl.Emulator(leaf=leaf, args=args, certs=CERTS, prefix="aigw-client-")


def probe(emu, *calls, opts=(), env_over=None, timeout=60):
    env = dict(os.environ)
    env.update({k: v for k, v in emu.env.items() if k.startswith("CLOUDFLARE_")})
    if env_over:
        env.update(env_over)
    cmd = [PROBE, "--ca", emu.env["AIGW_EMU_CA"], *opts, *calls]
    if VALGRIND:
        cmd = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full", "--errors-for-leak-kinds=all",
               *cmd]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    rows = []
    for line in p.stdout.splitlines():
        row = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', line))
        rows.append({k: v.strip('"') for k, v in row.items()})
    if p.returncode == 99 or (p.returncode not in (0, 1)):
        raise RuntimeError(f"probe exited {p.returncode}: {p.stderr.strip()[-800:]}")
    return rows


def expect(row, **want):
    bad = []
    for k, v in want.items():
        got = row.get(k)
        if k == "err":
            v = str(ERR[v])
        if str(got) != str(v):
            bad.append(f"{k}={got} (want {v})")
    return bad


SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


def params_file(obj):
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, dir=TMP)
    json.dump(obj, f)
    f.close()
    return f.name


REQUIRED = {"cache_invalidate_on_update": True, "cache_ttl": 120, "collect_logs": True,
            "rate_limiting_interval": 60, "rate_limiting_limit": 100}


@scenario
def success_get_content_length(emu):
    r = probe(emu, "get:my-gateway")[0]
    return expect(r, err="AIGW_OK", status=200, attempts=1, id="my-gateway", cache_ttl=0,
                  log_management=10000) + ([] if r.get("cf_ray") else ["no cf_ray"])


@scenario
def success_put_then_get_both_auth_schemes(emu):
    f = params_file(REQUIRED)
    bad = []
    for auth in ("token", "key"):
        rows = probe(emu, f"put:my-gateway:{f}", "get:my-gateway", opts=("--auth", auth))
        bad += expect(rows[0], err="AIGW_OK", status=200, cache_ttl=120, rate_limiting_limit=100)
        bad += expect(rows[1], err="AIGW_OK", cache_ttl=120, connections=1)  # kept alive
    last = emu.stats()["last_request"]
    if "X-Auth-Key" not in json.dumps(last) and "x-auth-key" not in json.dumps(last).lower():
        bad.append("key scheme not seen by the server")
    return bad


@scenario
def chunked_response(emu):
    emu.fault(mode="chunked", chunk_size=7, ext=True, trailer=True)
    r = probe(emu, "get:my-gateway")[0]
    return expect(r, err="AIGW_OK", status=200, id="my-gateway", cache_ttl=0)


@scenario
def bytewise_response(emu):
    emu.fault(mode="bytewise")
    r = probe(emu, "get:my-gateway")[0]
    return expect(r, err="AIGW_OK", status=200, id="my-gateway")


@scenario
def error_400_validation_from_server(emu):
    f = params_file(dict(REQUIRED, retry_delay=999999))
    r = probe(emu, f"put:my-gateway:{f}", opts=("--no-validate",))[0]
    return expect(r, err="AIGW_E_API", status=400, attempts=1, api_code0=7001, api_path0="retry_delay")


@scenario
def validation_refuses_before_network(emu):
    f = params_file(dict(REQUIRED, retry_delay=999999))
    r = probe(emu, f"put:my-gateway:{f}")[0]
    st = emu.stats()
    return expect(r, err="AIGW_E_INVALID", status=0, attempts=0, diag_path="retry_delay") + \
        ([] if st["requests"] == 0 else [f"server saw {st['requests']} requests"])


@scenario
def error_404_not_found_no_retry(emu):
    r = probe(emu, "get:no-such-gateway")[0]
    return expect(r, err="AIGW_E_API", status=404, attempts=1, api_code0=7002)


@scenario
def error_401_403_auth(emu):
    bad = []
    r = probe(emu, "get:my-gateway", env_over={"CLOUDFLARE_API_TOKEN": "wrong-token"})[0]
    bad += expect(r, err="AIGW_E_API", attempts=1, api_code0=10000)
    if r.get("status") not in ("401", "403"):
        bad.append(f"status {r.get('status')}")
    return bad


@scenario
def retry_after_429_then_200(emu):
    emu.fault(mode="status", code=429, retry_after_ms=700)
    r = probe(emu, "get:my-gateway")[0]
    bad = expect(r, err="AIGW_OK", status=200, attempts=2)
    if int(r.get("elapsed", 0)) < 700:  # the server's delay was honoured (a lower bound, not a speed claim)
        bad.append(f"retried after {r.get('elapsed')} ms < 700")
    return bad


@scenario
def retry_after_seconds_header(emu):
    emu.fault(mode="status", code=503, retry_after=1)
    r = probe(emu, "get:my-gateway", opts=("--backoff-base", "10"))[0]
    bad = expect(r, err="AIGW_OK", status=200, attempts=2)
    if int(r.get("elapsed", 0)) < 1000:
        bad.append(f"retried after {r.get('elapsed')} ms < 1000")
    return bad


@scenario
def retry_after_http_date(emu):
    # Retry-After as an HTTP-date 2 s ahead: the client takes "date minus the
    # response's Date header" (no wall clock needed), not its 10 ms backoff
    emu.fault(mode="status", code=503, retry_after_date=2)
    r = probe(emu, "get:my-gateway", opts=("--backoff-base", "10"))[0]
    bad = expect(r, err="AIGW_OK", status=200, attempts=2)
    if int(r.get("elapsed", 0)) < 900:
        bad.append(f"retried after {r.get('elapsed')} ms, before the date")
    return bad


@scenario
def retries_exhausted_503(emu):
    emu.fault(mode="status", code=503, count=-1)
    r = probe(emu, "get:my-gateway", opts=("--backoff-base", "20"))[0]
    st = emu.stats()
    return expect(r, err="AIGW_E_API", status=503, attempts=3) + \
        ([] if st["requests"] == 3 else [f"server saw {st['requests']} requests"])


@scenario
def html_502_from_proxy(emu):
    emu.fault(mode="status", code=502, html=True, count=-1)
    r = probe(emu, "get:my-gateway", opts=("--attempts", "1"))[0]
    return expect(r, err="AIGW_E_NOT_JSON", status=502, attempts=1)


@scenario
def reset_mid_body_then_retry(emu):
    emu.fault(mode="reset", bytes=150)
    r = probe(emu, "get:my-gateway", opts=("--backoff-base", "10"))[0]
    return expect(r, err="AIGW_OK", status=200, attempts=2)


@scenario
def close_mid_body_every_time(emu):
    emu.fault(mode="close_body", bytes=20, count=-1)
    r = probe(emu, "get:my-gateway", opts=("--backoff-base", "10"))[0]
    bad = expect(r, attempts=3)
    if r.get("err") == str(ERR["AIGW_OK"]):
        bad.append("false success on a cut body")
    return bad


@scenario
def close_mid_headers(emu):
    emu.fault(mode="close_headers", bytes=30, count=-1)
    r = probe(emu, "get:my-gateway", opts=("--attempts", "1"))[0]
    return [] if r.get("err") in (str(ERR["AIGW_E_HTTP_TRUNCATED"]), str(ERR["AIGW_E_RECV"])) else \
        [f"err {r.get('errname')}"]


@scenario
def idle_keepalive_closed_by_server(emu):
    # closed 200 ms after the answer, while idle: the pending() check before reuse finds
    # the end of stream and reopens (a close that already arrived with the answer makes
    # the first call drop the connection itself: no reopen to report)
    emu.fault(mode="idle_close", after_ms=200)
    rows = probe(emu, "get:my-gateway", "sleep:800", "get:my-gateway")
    return expect(rows[0], err="AIGW_OK") + expect(rows[1], err="AIGW_OK", attempts=1, reconnected=1,
                                                   connections=2)


@scenario
def keepalive_reuses_connection(emu):
    rows = probe(emu, "get:my-gateway", "get:my-gateway", "get:my-gateway")
    st = emu.stats()
    return expect(rows[2], err="AIGW_OK", connections=1, handshakes=1) + \
        ([] if st["api_connections"] == 1 else [f"server saw {st['api_connections']} connections"])


@scenario
def api_error_keeps_the_connection(emu):
    rows = probe(emu, "get:no-such-gateway", "get:my-gateway")
    return expect(rows[0], err="AIGW_E_API", status=404) + expect(rows[1], err="AIGW_OK", connections=1)


@scenario
def connection_close_honoured_and_session_resumed(emu):
    emu.fault(mode="close", count=-1)
    rows = probe(emu, "get:my-gateway", "get:my-gateway", "get:my-gateway")
    st = emu.stats()
    hs = st["tls_handshakes"]
    return expect(rows[2], err="AIGW_OK", connections=3, handshakes=3, resumed=2) + \
        ([] if hs["resumed"] >= 2 else [f"server saw resumed={hs['resumed']}"])


@scenario
def deadline_first_byte(emu):
    emu.fault(mode="stall", count=-1)
    r = probe(emu, "get:my-gateway", opts=("--response-timeout", "400", "--attempts", "1"))[0]
    return expect(r, err="AIGW_E_TIMEOUT_RESPONSE", attempts=1)


@scenario
def deadline_whole_call(emu):
    emu.fault(mode="delay", ms=3000, count=-1)
    t = time.time()
    r = probe(emu, "get:my-gateway", opts=("--timeout", "800"))[0]
    took = time.time() - t
    return expect(r, err="AIGW_E_TIMEOUT_CALL") + ([] if took < 2.5 else [f"call took {took:.1f}s"])


@scenario
def deadline_mid_body(emu):
    emu.fault(mode="delay_body", ms=3000, count=-1)
    r = probe(emu, "get:my-gateway", opts=("--timeout", "800"))[0]
    return expect(r, err="AIGW_E_TIMEOUT_CALL")


@scenario
def no_stale_response_after_timeout(emu):
    # first call times out mid-response; the second must get its own answer
    emu.fault(mode="delay_body", ms=1500)
    f = params_file(dict(REQUIRED, cache_ttl=777))
    rows = probe(emu, "get:my-gateway", f"put:my-gateway:{f}", opts=("--timeout", "600", "--attempts", "1"))
    return expect(rows[0], err="AIGW_E_TIMEOUT_CALL") + expect(rows[1], err="AIGW_OK", cache_ttl=777)


@scenario
def handshake_deadline(emu):
    # a TCP listener that never speaks TLS
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    port = srv.getsockname()[1]
    try:
        r = probe(emu, "get:my-gateway", opts=("--connect-timeout", "400", "--attempts", "1"),
                  env_over={"CLOUDFLARE_BASE_URL": f"https://localhost:{port}/client/v4"})[0]
    finally:
        srv.close()
    return expect(r, err="AIGW_E_TIMEOUT_HANDSHAKE")


@scenario
def connect_refused(emu):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    r = probe(emu, "get:my-gateway", opts=("--backoff-base", "10"),
              env_over={"CLOUDFLARE_BASE_URL": f"https://127.0.0.1:{port}/client/v4"})[0]
    return expect(r, err="AIGW_E_CONNECT", attempts=3)


@scenario
def body_larger_than_buffer(emu):
    r = probe(emu, "get:my-gateway", opts=("--body-cap", "100", "--attempts", "1"))[0]
    bad = expect(r, err="AIGW_E_HTTP_BODY_TOO_LARGE")
    if int(r.get("needed", 0)) <= 100:
        bad.append(f"needed={r.get('needed')}")
    return bad


@scenario
def too_few_tokens(emu):
    r = probe(emu, "get:my-gateway", opts=("--tok-cap", "10", "--attempts", "1"))[0]
    bad = expect(r, err="AIGW_E_JSON_TOKENS")
    if int(r.get("needed", 0)) <= 10:
        bad.append(f"needed={r.get('needed')}")
    return bad


def tls_scenario(leaf, want):
    def run(_emu):
        e = Emulator(leaf=leaf)
        try:
            r = probe(e, "get:my-gateway", opts=("--attempts", "1"))[0]
        finally:
            e.stop()
        return expect(r, err=want)
    run.__name__ = f"tls_{leaf.replace('-', '_')}"
    return run


for leaf, want in (("server-rsa", "AIGW_OK"), ("wrong-host", "AIGW_E_TLS_HOSTNAME"),
                   ("untrusted", "AIGW_E_TLS_UNTRUSTED"), ("expired", "AIGW_E_TLS_EXPIRED"),
                   ("future", "AIGW_E_TLS_NOT_YET_VALID")):
    SCENARIOS.append(tls_scenario(leaf, want))


TMP = tempfile.mkdtemp(prefix="aigw-client-params-")
CERTS = os.path.join(TMP, "certs")


def main():
    subprocess.run(["bash", os.path.join(ROOT, "tests", "certs", "make-certs.sh"), CERTS], check=True)
    emu = Emulator()
    try:
        for fn in SCENARIOS:
            name = fn.__name__
            if FILTERS and not any(f in name for f in FILTERS):
                continue
            if VALGRIND:
                name = "valgrind/" + name
            try:
                emu.reset()
                bad = fn(emu)
                report(name, not bad, "; ".join(bad))
            except Exception as ex:  # a crash of the probe is a failure, never a pass
                report(name, False, f"{type(ex).__name__}: {ex}")
    finally:
        emu.stop()
    print(f"client tests: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
