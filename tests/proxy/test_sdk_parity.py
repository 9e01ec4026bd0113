#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Issue 15: what Cloudflare's SDKs do on the wire, checked against the
endpoint emulator and a local CONNECT proxy (tests/proxy/connect_proxy.py),
through the library (build/tests/client/client_probe) and the command
(build/aigw):

  x-should-retry both ways; a PUT and a GET through the proxy, which records
  the CONNECT line and refuses wrong credentials; NO_PROXY bypass; 407, 403,
  other refusals and an unreachable or hung proxy as typed errors and exit
  codes; messages[] kept (with a count of the rest) and printed by the
  command, also with --json; errors' documentation_url and source.pointer
  printed; a Retry-After HTTP-date honoured without a Date header; the
  --connect-timeout, --response-timeout, --backoff and --backoff-base flags.

Prints PASS/FAIL lines for tests/run.sh.  usage: test_sdk_parity.py [name-substring ...]
"""
import base64
import json
import os
import re
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
sys.path.insert(0, HERE)
import connect_proxy  # noqa: E402
import emuctl  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
PROBE = os.path.join(ROOT, "build", "tests", "client", "client_probe")
AIGW = os.path.join(ROOT, "build", "aigw")
FILTERS = sys.argv[1:]
USER, PASSWORD = "alice", "s3cret:pw"  # a ':' in the password is legal (RFC 7617)
PROXY_VARS = ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY",
              "no_proxy", "NO_PROXY")
EXIT_OK, EXIT_SERVER, EXIT_NETWORK, EXIT_PROXY, EXIT_USAGE = 0, 5, 6, 7, 2

ERR = {}
with open(os.path.join(ROOT, "include", "aigw", "aigw_error.h")) as f:
    body = f.read().split("typedef enum aigw_err {", 1)[1].split("} aigw_err_t;", 1)[0]
    for i, name in enumerate(re.findall(r"^\s*(AIGW_(?:OK|E_\w+))\b", body, re.M)):
        ERR[name] = str(i)

passed = failed = 0
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def report(name, bad):
    global passed, failed
    if not bad:
        passed += 1
        print(f"PASS parity/{name}")
    else:
        failed += 1
        print(f"FAIL parity/{name}: {'; '.join(bad)}")
    sys.stdout.flush()


def base_env(emu, extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDFLARE_") and k not in PROXY_VARS}
    env.update({k: v for k, v in emu.env.items() if k.startswith("CLOUDFLARE_")})
    env.pop("CLOUDFLARE_EMAIL", None)
    env.pop("CLOUDFLARE_API_KEY", None)
    env.update(extra or {})
    return env


def probe(emu, *calls, opts=()):
    p = subprocess.run([PROBE, "--ca", emu.env["AIGW_EMU_CA"], *opts, *calls], env=base_env(emu),
                       capture_output=True, text=True, timeout=60)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"probe exited {p.returncode}: {p.stderr.strip()[-400:]}")
    return [{k: v.strip('"') for k, v in re.findall(r'(\w+)=("[^"]*"|\S+)', line)} for line in p.stdout.splitlines()]


def aigw(emu, *args, env=None):
    p = subprocess.run([AIGW, *args, "--cacert", emu.env["AIGW_EMU_CA"]], env=base_env(emu, env),
                       capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def want(row, **kv):
    bad = []
    for k, v in kv.items():
        v = ERR[v] if k == "err" else str(v)
        if row.get(k) != v:
            bad.append(f"{k}={row.get(k)} (want {v})")
    return bad


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now: connect is refused
    return port


def params_file():
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump({"cache_invalidate_on_update": True, "cache_ttl": 77, "collect_logs": True,
               "rate_limiting_interval": 60, "rate_limiting_limit": 100}, f)
    f.close()
    return f.name


REQUIRED_FLAGS = ["--cache-invalidate-on-update", "true", "--cache-ttl", "77", "--collect-logs", "true",
                  "--rate-limiting-interval", "60", "--rate-limiting-limit", "100"]


def emu_port(emu):
    return int(re.search(r":(\d+)/", emu.env["CLOUDFLARE_BASE_URL"]).group(1))


def check_connects(px, emu, n):
    """n CONNECTs for localhost:<emulator port>, each with Host and the right Basic credentials."""
    bad = []
    target = "localhost:%d" % emu_port(emu)
    auth = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    if len(px.requests) != n:
        bad.append(f"{len(px.requests)} CONNECTs (want {n})")
    for r in px.requests:
        if r["line"] != f"CONNECT {target} HTTP/1.1":
            bad.append(f"CONNECT line {r['line']!r}")
        if r["headers"].get("host") != target:
            bad.append(f"Host {r['headers'].get('host')!r}")
        if r["headers"].get("proxy-authorization") != auth:
            bad.append("Proxy-Authorization wrong or missing")
    return bad


# ---- x-should-retry -----------------------------------------------------------------------------

@test
def lib_503_with_x_should_retry_false_is_not_retried(emu):
    emu.fault(mode="status", code=503, headers={"x-should-retry": "false"})
    r = probe(emu, "get:my-gateway", opts=("--attempts", "3", "--backoff-base", "10"))[0]
    return want(r, err="AIGW_E_API", status=503, attempts=1)


@test
def lib_400_with_x_should_retry_true_is_retried(emu):
    emu.fault(mode="status", code=400, headers={"x-should-retry": "true"})
    r = probe(emu, "get:my-gateway", opts=("--attempts", "3", "--backoff-base", "10"))[0]
    return want(r, err="AIGW_OK", status=200, attempts=2)


@test
def lib_503_without_header_still_retried_400_not(emu):
    emu.fault(mode="status", code=503)
    r1 = probe(emu, "get:my-gateway", opts=("--attempts", "3", "--backoff-base", "10"))[0]
    emu.fault(mode="status", code=400)
    r2 = probe(emu, "get:my-gateway", opts=("--attempts", "3", "--backoff-base", "10"))[0]
    return want(r1, err="AIGW_OK", attempts=2) + want(r2, err="AIGW_E_API", status=400, attempts=1)


@test
def cli_x_should_retry_both_ways(emu):
    bad = []
    emu.fault(mode="status", code=503, headers={"x-should-retry": "false"})
    rc, _, err = aigw(emu, "get", "my-gateway", "--verbose", "--backoff-base", "10ms")
    if rc != EXIT_SERVER or "after 1 attempt(s)" not in err:
        bad.append(f"503+false: exit {rc}, {err.strip()[-200:]}")
    emu.fault(mode="status", code=400, headers={"X-Should-Retry": "true"})
    rc, _, err = aigw(emu, "get", "my-gateway", "--verbose", "--backoff-base", "10ms")
    if rc != EXIT_OK or "done after 2 attempt(s)" not in err:
        bad.append(f"400+true: exit {rc}, {err.strip()[-200:]}")
    return bad


# ---- proxy: library --------------------------------------------------------------------------

@test
def lib_put_and_get_through_proxy(emu):
    px = connect_proxy.ConnectProxy(USER, PASSWORD).start()
    try:
        rows = probe(emu, f"put:my-gateway:{params_file()}", "get:my-gateway",
                     opts=("--proxy", f"127.0.0.1:{px.port}:{USER}:{PASSWORD}"))
        bad = want(rows[0], err="AIGW_OK", status=200, cache_ttl=77, proxy_status=200)
        bad += want(rows[1], err="AIGW_OK", status=200, cache_ttl=77, connections=1)  # kept alive in the tunnel
        bad += check_connects(px, emu, 1)
        if emu.stats()["last_request"]["method"] != "GET":
            bad.append("the emulator did not see the GET")
        return bad
    finally:
        px.stop()


@test
def lib_proxy_refusals_are_typed(emu):
    bad = []
    for kind, proxy, code, status in (("407", connect_proxy.ConnectProxy(USER, "other"), "AIGW_E_PROXY_AUTH", 407),
                                      ("403", connect_proxy.ConnectProxy(refuse=403), "AIGW_E_PROXY_FORBIDDEN", 403),
                                      ("502", connect_proxy.ConnectProxy(refuse=502), "AIGW_E_PROXY_REFUSED", 502)):
        proxy.start()
        try:
            r = probe(emu, "get:my-gateway", opts=("--attempts", "3", "--proxy",
                                                   f"127.0.0.1:{proxy.port}:{USER}:{PASSWORD}"))[0]
            bad += [f"{kind}: {b}" for b in want(r, err=code, proxy_status=status, attempts=1, status=0)]
        finally:
            proxy.stop()
    return bad


@test
def lib_unreachable_proxy_is_typed(emu):
    r = probe(emu, "get:my-gateway", opts=("--attempts", "1", "--proxy", f"127.0.0.1:{closed_port()}"))[0]
    return want(r, err="AIGW_E_PROXY_UNREACHABLE", proxy_status=0)


@test
def lib_hung_proxy_hits_the_connect_timeout(emu):
    px = connect_proxy.ConnectProxy(stall=True).start()
    try:
        r = probe(emu, "get:my-gateway", opts=("--attempts", "1", "--connect-timeout", "300",
                                               "--proxy", f"127.0.0.1:{px.port}"))[0]
        return want(r, err="AIGW_E_TIMEOUT_CONNECT") + ([] if len(px.requests) == 1 else ["CONNECT not seen"])
    finally:
        px.stop()


# ---- proxy: command --------------------------------------------------------------------------

@test
def cli_update_and_get_through_https_proxy(emu):
    px = connect_proxy.ConnectProxy(USER, PASSWORD).start()
    try:
        env = {"HTTPS_PROXY": f"http://{USER}:s3cret%3Apw@127.0.0.1:{px.port}"}  # percent-encoded ':'
        bad = []
        rc, out, err = aigw(emu, "update", "my-gateway", *REQUIRED_FLAGS, "--json", "--verbose", env=env)
        if rc != 0 or json.loads(out or "{}").get("cache_ttl") != 77:
            bad.append(f"update: exit {rc} {err.strip()[-200:]}")
        rc, out, err2 = aigw(emu, "get", "my-gateway", "--json", "--verbose", env={"https_proxy": env["HTTPS_PROXY"]})
        if rc != 0 or json.loads(out or "{}").get("cache_ttl") != 77:
            bad.append(f"get: exit {rc} {err2.strip()[-200:]}")
        bad += check_connects(px, emu, 2)
        secret = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if "s3cret" in err + err2 or secret in err + err2:
            bad.append("the proxy password appears in the verbose log")
        if "via proxy 127.0.0.1:%d" % px.port not in err:
            bad.append("--verbose does not name the proxy")
        return bad
    finally:
        px.stop()


@test
def cli_proxy_flag_wins_over_environment(emu):
    px = connect_proxy.ConnectProxy().start()
    try:
        env = {"HTTPS_PROXY": f"http://127.0.0.1:{closed_port()}"}
        rc, _, err = aigw(emu, "get", "my-gateway", "--proxy", f"127.0.0.1:{px.port}", env=env)
        bad = [] if rc == 0 and len(px.requests) == 1 else [f"exit {rc}, {len(px.requests)} CONNECTs: {err[-200:]}"]
        rc, _, err = aigw(emu, "get", "my-gateway", "--proxy", "", env=env)  # "" = no proxy
        if rc != 0:
            bad.append(f'--proxy "": exit {rc} {err[-200:]}')
        return bad
    finally:
        px.stop()


@test
def cli_no_proxy_bypass_with_curl_rules(emu):
    px = connect_proxy.ConnectProxy().start()
    try:
        bad = []
        proxy = f"http://127.0.0.1:{px.port}"
        for no_proxy, via in (("localhost", 0), (".localhost", 0), ("example.com, LOCALHOST", 0), ("*", 0),
                              ("host.localhost", 1), ("calhost", 1), ("example.com", 1)):
            before = len(px.requests)
            rc, _, err = aigw(emu, "get", "my-gateway", env={"HTTPS_PROXY": proxy, "NO_PROXY": no_proxy})
            if rc != 0 or len(px.requests) - before != via:
                bad.append(f"NO_PROXY={no_proxy!r}: exit {rc}, {len(px.requests) - before} CONNECTs (want {via})")
        before = len(px.requests)
        rc, _, _ = aigw(emu, "get", "my-gateway", env={"https_proxy": proxy, "no_proxy": "localhost"})
        if rc != 0 or len(px.requests) != before:
            bad.append("lower-case no_proxy not honoured")
        return bad
    finally:
        px.stop()


@test
def cli_proxy_refusals_exit_codes(emu):
    bad = []
    for kind, proxy, rc_want, text in (
            ("407", connect_proxy.ConnectProxy(USER, PASSWORD), EXIT_PROXY, "answered 407"),
            ("403", connect_proxy.ConnectProxy(refuse=403), EXIT_PROXY, "answered 403")):
        proxy.start()
        try:
            rc, _, err = aigw(emu, "get", "my-gateway", "--proxy", f"http://{USER}:wrong@127.0.0.1:{proxy.port}")
            if rc != rc_want or text not in err or "wrong" in err:
                bad.append(f"{kind}: exit {rc}: {err.strip()[-200:]}")
        finally:
            proxy.stop()
    rc, _, err = aigw(emu, "get", "my-gateway", "--attempts", "1", "--proxy", f"127.0.0.1:{closed_port()}")
    if rc != EXIT_NETWORK or "proxy" not in err:
        bad.append(f"unreachable: exit {rc}: {err.strip()[-200:]}")
    rc, _, err = aigw(emu, "get", "my-gateway", "--proxy", "https://127.0.0.1:3128")
    if rc != EXIT_USAGE:
        bad.append(f"https:// proxy URL: exit {rc} (want {EXIT_USAGE})")
    return bad


# ---- messages[], documentation_url, source.pointer -------------------------------------------

MESSAGES = [{"code": 1000 + i, "message": f"note {i} \u00e9"} for i in range(6)]


@test
def lib_messages_kept_and_counted(emu):
    emu.fault(mode="messages", messages=MESSAGES[:2])
    r1 = probe(emu, "get:my-gateway")[0]
    emu.fault(mode="messages", messages=MESSAGES)
    r2 = probe(emu, "get:my-gateway")[0]
    max_kept = int(re.search(r"#define AIGW_MAX_API_MESSAGES (\d+)",
                             open(os.path.join(ROOT, "include", "aigw", "aigw_config.h")).read()).group(1))
    return (want(r1, err="AIGW_OK", messages=2, messages_total=2, message_code1=1001)
            + want(r2, err="AIGW_OK", messages=min(6, max_kept), messages_total=6))


@test
def cli_update_prints_messages_text_and_json(emu):
    bad = []
    emu.fault(mode="messages", messages=MESSAGES[:2])
    rc, out, err = aigw(emu, "update", "my-gateway", *REQUIRED_FLAGS)
    if rc != 0 or "aigw: message 1000: note 0 \u00e9" not in err or "aigw: message 1001: note 1" not in err:
        bad.append(f"text: exit {rc}: {err.strip()[-200:]}")
    emu.fault(mode="messages", messages=MESSAGES)
    rc, out, err = aigw(emu, "update", "my-gateway", *REQUIRED_FLAGS, "--json")
    try:
        m = json.loads(err.strip().splitlines()[-1])
        gw = json.loads(out)
    except (ValueError, IndexError):
        return bad + [f"--json: exit {rc}, stdout {out[:100]!r}, stderr {err[-200:]!r}"]
    if rc != 0 or m.get("messages_total") != 6 or m["messages"][0] != MESSAGES[0] or gw.get("cache_ttl") != 77:
        bad.append(f"--json: exit {rc}, {m}")
    return bad


@test
def cli_errors_print_documentation_url_and_source_pointer(emu):
    env_body = json.dumps({"success": False, "messages": [], "result": None, "errors": [
        {"code": 7003, "message": "No route", "documentation_url": "https://developers.cloudflare.com/x",
         "source": {"pointer": "/cache_ttl"}}]})
    emu.fault(mode="status", code=400, body=env_body)
    rc, _, err = aigw(emu, "get", "my-gateway")
    bad = [] if rc == 4 else [f"exit {rc}"]
    for s in ("error 7003: No route", "documentation: https://developers.cloudflare.com/x",
              "source.pointer: /cache_ttl"):
        if s not in err:
            bad.append(f"missing {s!r} in {err.strip()[-300:]!r}")
    return bad


# ---- Retry-After as an HTTP-date without a Date header ----------------------------------------

@test
def lib_retry_after_date_without_date_header(emu):
    # the date is 1 s ahead in whole seconds; the wall clock is read later, also in whole seconds (and
    # time() may lag the server's clock by a tick): 0..2000 ms. The constant backoff gives 2250..3000 ms.
    opts = ("--attempts", "2", "--backoff", "constant", "--backoff-base", "3000")
    emu.fault(mode="status", code=503, retry_after_date=1, date=False)
    with_clock = probe(emu, "get:my-gateway", opts=opts + ("--wall-clock",))[0]
    emu.fault(mode="status", code=503, retry_after_date=1, date=False)
    without = probe(emu, "get:my-gateway", opts=opts)[0]
    bad = want(with_clock, err="AIGW_OK", attempts=2) + want(without, err="AIGW_OK", attempts=2)
    d1, d2 = int(with_clock.get("retry_delays", -1)), int(without.get("retry_delays", -1))
    if not 0 <= d1 <= 2000:
        bad.append(f"with a wall clock: delay {d1} ms (want the date's 0..2000)")
    if not 2250 <= d2 <= 3000:
        bad.append(f"without one: delay {d2} ms (want the backoff's 2250..3000)")
    return bad


@test
def cli_retry_after_date_without_date_header(emu):
    emu.fault(mode="status", code=429, retry_after_date=1, date=False)
    rc, _, err = aigw(emu, "get", "my-gateway", "--verbose", "--backoff", "constant", "--backoff-base", "3")
    m = re.search(r"retrying in (\d+) ms", err)
    if rc != 0 or not m or not 0 <= int(m.group(1)) <= 2000:  # see the library test for the bounds
        return [f"exit {rc}, {m.group(0) if m else 'no retry line'}: {err.strip()[-200:]}"]
    return []


# ---- flags -----------------------------------------------------------------------------------

@test
def cli_timeout_and_backoff_flags(emu):
    bad = []
    emu.fault(mode="delay", ms=1500)
    rc, _, err = aigw(emu, "get", "my-gateway", "--attempts", "1", "--response-timeout", "300ms")
    if rc != EXIT_NETWORK or "first response byte" not in err:
        bad.append(f"--response-timeout 300ms: exit {rc}: {err.strip()[-200:]}")
    px = connect_proxy.ConnectProxy(stall=True).start()
    try:
        rc, _, err = aigw(emu, "get", "my-gateway", "--attempts", "1", "--connect-timeout", "300ms",
                          "--proxy", f"127.0.0.1:{px.port}")
        if rc != EXIT_NETWORK or "connect deadline" not in err:
            bad.append(f"--connect-timeout 300 (hung proxy): exit {rc}: {err.strip()[-200:]}")
    finally:
        px.stop()
    emu.fault(mode="status", code=503, count=2)
    rc, _, err = aigw(emu, "get", "my-gateway", "--verbose", "--backoff", "linear", "--backoff-base", "40ms")
    delays = [int(x) for x in re.findall(r"retrying in (\d+) ms", err)]
    # linear: base * (n + 1) minus up to 25 % jitter
    if rc != 0 or len(delays) != 2 or not (30 <= delays[0] <= 40 and 60 <= delays[1] <= 80):
        bad.append(f"--backoff linear --backoff-base 40ms: exit {rc}, delays {delays}")
    for args in (("--connect-timeout", "0"), ("--response-timeout", "x"), ("--backoff", "fibonacci"),
                 ("--backoff-base", "-5")):
        rc, _, _ = aigw(emu, "get", "my-gateway", *args)
        if rc != EXIT_USAGE:
            bad.append(f"{' '.join(args)}: exit {rc} (want {EXIT_USAGE})")
    return bad


def main():
    emu = emuctl.Emulator(prefix="aigw-parity-")
    try:
        for fn in TESTS:
            if FILTERS and not any(f in fn.__name__ for f in FILTERS):
                continue
            try:
                emu.reset()
                report(fn.__name__, fn(emu))
            except Exception as ex:  # a crash is a failure, never a pass
                report(fn.__name__, [f"{type(ex).__name__}: {ex}"])
    finally:
        emu.stop()
    print(f"parity tests: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
