#!/usr/bin/env python3
"""End-to-end tests of the aigw command (boards/linux) against the endpoint
emulator: every field, every error class and its exit code, read-modify-write
keeping fields aigw does not model, each fault switch, --dry-run, --verbose,
--json, --help. Prints PASS/FAIL lines for tests/run.sh.
"""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator"))
import emuctl  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
AIGW = os.path.join(ROOT, "build", "aigw")
FILTERS = sys.argv[1:]
ACCOUNT = "3ebbcb006d4d46d7bb6a8c7f14676cb0"
passed = failed = 0

EXIT = {"ok": 0, "other": 1, "usage": 2, "validation": 3, "api": 4, "server": 5, "network": 6}


def report(name, bad):
    global passed, failed
    if not bad:
        passed += 1
        print(f"PASS cli/{name}")
    else:
        failed += 1
        print(f"FAIL cli/{name}: {'; '.join(bad)}")
    sys.stdout.flush()


def Emu():
    return emuctl.Emulator(prefix="aigw-cli-")


def aigw(emu, *args, env_over=None, stdin=None, cacert=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDFLARE_")}
    env.update({k: v for k, v in emu.env.items() if k.startswith("CLOUDFLARE_")})
    env.pop("CLOUDFLARE_EMAIL", None)
    env.pop("CLOUDFLARE_API_KEY", None)
    if env_over:
        for k, v in env_over.items():
            if v is None:
                env.pop(k, None)
            else:
                env[k] = v
    cmd = [AIGW, *args] + (["--cacert", emu.env["AIGW_EMU_CA"]] if cacert else [])
    # bytes, decoded by hand: text mode would turn the request's CRLF into LF
    p = subprocess.run(cmd, env=env, capture_output=True, input=stdin.encode() if stdin else None, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


FULL = {
    "cache_invalidate_on_update": True, "cache_ttl": 3600, "collect_logs": False,
    "rate_limiting_interval": 60, "rate_limiting_limit": 1000, "authentication": True,
    "dlp": {"action": "FLAG", "enabled": True, "profiles": ["p1", "p\u00e9"]},
    "log_management": 10000000, "log_management_strategy": "DELETE_OLDEST", "logpush": True,
    "logpush_public_key": "k" * 16, "otel": [{"authorization": "Bearer x", "headers": {"a": "b"},
                                              "url": "https://otel.example/v1", "content_type": "protobuf"}],
    "rate_limiting_technique": "sliding", "retry_backoff": "exponential", "retry_delay": 5000,
    "retry_max_attempts": 5, "store_id": "store-\u4e2d", "stripe": {"authorization": "sk",
                                                                   "usage_events": [{"payload": "{}"}]},
    "workers_ai_billing_mode": "postpaid", "zdr": False,
}


def flag_args(obj):
    args = []
    for k, v in obj.items():
        flag = "--" + k.replace("_", "-")
        if isinstance(v, str):
            args += [flag, v]
        else:
            args += [flag, json.dumps(v)]
    return args


def strip_server(o):
    return {k: v for k, v in (o or {}).items() if k not in ("id", "created_at", "modified_at", "is_default")}


TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


@test
def update_every_field_by_flags(emu):
    rc, out, err = aigw(emu, "update", "my-gateway", *flag_args(FULL), "--json")
    bad = [] if rc == 0 else [f"exit {rc}: {err.strip()}"]
    if rc == 0:
        got = json.loads(out)
        if strip_server(got) != FULL:
            bad.append(f"--json output differs: {out[:300]}")
        if strip_server(emu.stored("my-gateway")) != FULL:
            bad.append("stored object differs")
    return bad


@test
def update_body_json_dlp_policies_and_stdin(emu):
    body = dict(FULL, dlp={"enabled": True, "policies": [
        {"id": "pol", "action": "BLOCK", "check": ["REQUEST", "RESPONSE"], "enabled": False, "profiles": []}]})
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump(body, f)
    f.close()
    bad = []
    rc, out, err = aigw(emu, "update", "my-gateway", "--body-json", f.name, "--json")
    if rc != 0 or strip_server(json.loads(out)) != body:
        bad.append(f"file: exit {rc} {err.strip()[:200]}")
    rc, out, err = aigw(emu, "update", "my-gateway", "--body-json", "-", "--cache-ttl", "null", "--json",
                        stdin=json.dumps(body))
    want = dict(body, cache_ttl=None)
    if rc != 0 or strip_server(json.loads(out)) != want or strip_server(emu.stored("my-gateway")) != want:
        bad.append(f"stdin + override: exit {rc} {err.strip()[:200]}")
    return bad


@test
def nulls_and_omitted(emu):
    rc, out, err = aigw(emu, "update", "my-gateway", "--cache-invalidate-on-update", "false", "--cache-ttl",
                        "null", "--collect-logs", "true", "--rate-limiting-interval", "null",
                        "--rate-limiting-limit", "null", "--store-id", "null", "--otel", "null", "--json")
    want = {"cache_invalidate_on_update": False, "cache_ttl": None, "collect_logs": True,
            "rate_limiting_interval": None, "rate_limiting_limit": None, "store_id": None, "otel": None}
    return [] if rc == 0 and strip_server(emu.stored("my-gateway")) == want else [f"exit {rc} {err[:200]}"]


@test
def get_summary_and_json(emu):
    bad = []
    rc, out, err = aigw(emu, "get", "my-gateway")
    if rc != 0 or "gateway my-gateway" not in out or "log_management" not in out:
        bad.append(f"summary: exit {rc}: {out[:200]}")
    rc, out, err = aigw(emu, "get", "my-gateway", "--json")
    if rc != 0 or json.loads(out)["id"] != "my-gateway" or json.loads(out)["log_management"] != 10000:
        bad.append(f"json: exit {rc}")
    return bad


@test
def set_keeps_unmodelled_fields(emu):
    newer = dict(FULL, guardrails={"enabled": True, "rules": [{"x": 1}]}, spend_limits=None,
                 log_classification={"enabled": False}, byok_only=True)
    newer["otel"] = [dict(FULL["otel"][0], timeout_ms=500)]  # a member aigw does not model, nested
    newer["stripe"] = dict(FULL["stripe"], mode="live")
    emu.control("PUT", f"/store/{ACCOUNT}/rmw-gw", newer)
    rc, out, err = aigw(emu, "set", "rmw-gw", "cache_ttl=300", "retry_backoff=linear")
    stored = strip_server(emu.stored("rmw-gw"))
    want = dict(newer, cache_ttl=300, retry_backoff="linear")
    bad = [] if rc == 0 else [f"exit {rc}: {err.strip()[:300]}"]
    if stored != want:
        diff = {k: (stored.get(k), want.get(k)) for k in set(stored) | set(want) if stored.get(k) != want.get(k)}
        bad.append(f"stored differs: {diff}")
    # replacing a field that held unknown nested members sends the new value
    rc, out, err = aigw(emu, "set", "rmw-gw", 'otel=[{"authorization":"z","headers":{},"url":"https://n.example/"}]')
    stored = strip_server(emu.stored("rmw-gw"))
    if rc != 0 or stored.get("otel") != [{"authorization": "z", "headers": {}, "url": "https://n.example/"}] \
            or stored.get("stripe") != newer["stripe"] or stored.get("guardrails") != newer["guardrails"]:
        bad.append(f"replacing otel: exit {rc} {err.strip()[:200]} stored otel={stored.get('otel')}")
    return bad


@test
def set_escaped_member_name(emu):
    """issue 17 item 3: a hostile GET answers with a known member under an
    escaped name ("stri\\u0070e") that also holds an unknown member. Names
    compare after unescaping: `set stripe=...` sends one stripe, the new one;
    `set cache_ttl=...` sends the old stripe back once, unknown member kept."""
    bad = []
    old = {"authorization": "old", "usage_events": [{"payload": "{}"}], "mode": "live"}
    result = dict(FULL, id="esc-gw", created_at="2024-01-01T00:00:00Z", modified_at="2024-01-01T00:00:00Z")
    del result["stripe"]
    text = json.dumps(result)[:-1] + ', "stri\\u0070e": ' + json.dumps(old) + "}"
    body = '{"success":true,"errors":[],"messages":[],"result":' + text + "}"
    emu.control("PUT", f"/store/{ACCOUNT}/esc-gw", strip_server(result))
    new = {"authorization": "new", "usage_events": []}
    for args, want in (((f"stripe={json.dumps(new)}",), new), (("cache_ttl=5",), old)):
        emu.control("DELETE", "/faults")
        emu.fault(mode="status", code=200, body=body, method="GET")
        rc, out, err = aigw(emu, "set", "esc-gw", *args)
        last = emu.stats()["last_request"]
        names = []
        sent = json.loads(base64.b64decode(last["raw_body_base64"]),
                          object_pairs_hook=lambda kv: (names.extend(k for k, _ in kv), dict(kv))[1])
        n = sum(1 for k in names if k == "stripe")
        if rc != 0 or last["method"] != "PUT":
            bad.append(f"{args}: exit {rc} {err.strip()[:200]}")
        elif n != 1 or sent.get("stripe") != want:
            bad.append(f"{args}: stripe sent {n} times, value {sent.get('stripe')}, want {want}")
    return bad


@test
def set_live_gateway_judges_only_the_change(emu):
    """issue 13: a gateway the live API holds (otel without authorization,
    "unified" billing, newer members, "dlp": null) survives `set KEY=VALUE`
    unchanged apart from KEY; a changed member is still judged."""
    bad = []
    live = dict(FULL, workers_ai_billing_mode="unified", log_classification=True, byok_only=False,
                guardrails={"prompt": {"P1": "FLAG", "S1": "BLOCK"}, "response": {"S2": "BLOCK"}},
                spend_limits={"enabled": True, "rules": [{"enabled": True, "id": "f6a82e7c", "limit": 10.5,
                                                          "limitType": "cost", "window": 86400,
                                                          "technique": "sliding"}]})
    live["otel"] = [{"headers": {"a": "b"}, "url": "https://otel.example/v1"}]
    emu2 = emuctl.Emulator(prefix="aigw-cli-0817-", args=(
        "--schema", os.path.join(ROOT, "tools", "upstream", "api", "ai-gateway.2026-08-17.openapi.json")))
    try:
        emu2.control("PUT", f"/store/{ACCOUNT}/live-gw", live)
        rc, out, err = aigw(emu2, "set", "live-gw", "cache_ttl=7")
        stored = strip_server(emu2.stored("live-gw"))
        if rc != 0 or stored != dict(live, cache_ttl=7):
            bad.append(f"2026-08-17 gateway: exit {rc} {err.strip()[:200]}; stored {stored}")
        # "dlp": null in the GET answer goes back as it came, only the key changes
        result = dict(live, id="live-gw", dlp=None)
        body = json.dumps({"success": True, "errors": [], "messages": [], "result": result})
        emu2.fault(mode="status", code=200, body=body, method="GET")
        rc, out, err = aigw(emu2, "set", "live-gw", "retry_delay=10")
        last = emu2.stats()["last_request"]
        sent = json.loads(base64.b64decode(last["raw_body_base64"]))
        if rc == EXIT["validation"] or last["method"] != "PUT" or sent != dict(strip_server(result), retry_delay=10):
            bad.append(f"dlp null: exit {rc} {err.strip()[:200]}; sent {sent}")
    finally:
        emu2.stop()
    # a member the command changes is judged (here by the default, current schema)
    emu.control("PUT", f"/store/{ACCOUNT}/live-gw", live)
    before = emu.control("GET", "/stats")["requests"]
    rc, out, err = aigw(emu, "set", "live-gw", 'otel=[{"headers":{},"url":"https://x.example/"}]')
    if rc != EXIT["validation"] or "otel[0].authorization" not in err or emu.control("GET", "/stats")["requests"] != before + 1:
        bad.append(f"changed otel not judged: exit {rc} {err.strip()[:200]}")
    return bad


@test
def exit_usage(emu):
    bad = []
    for args in ((), ("update",), ("frobnicate", "x"), ("update", "x", "--no-such-flag"),
                 ("get", "x", "--cache-ttl", "1"), ("set", "x"), ("set", "x", "nofield=1"),
                 ("update", "x", "--cache-ttl", "abc")):
        rc, out, err = aigw(emu, *args)
        if rc != EXIT["usage"]:
            bad.append(f"{args}: exit {rc}")
    rc, out, err = aigw(emu, "get", "x", env_over={"CLOUDFLARE_API_TOKEN": None})
    if rc != EXIT["usage"] or "CLOUDFLARE_API_TOKEN" not in err:
        bad.append(f"no credentials: exit {rc}")
    return bad


@test
def exit_validation_nothing_sent(emu):
    before = emu.control("GET", "/stats")["requests"]
    bad = []
    for extra, path in ((["--retry-delay", "5001"], "retry_delay"), (["--log-management", "9999"], "log_management"),
                        (["--otel", '[{"authorization":"a","headers":{},"url":"not a uri"}]'], "otel[0].url")):
        rc, out, err = aigw(emu, "update", "my-gateway", "--cache-invalidate-on-update", "true", "--cache-ttl", "0",
                            "--collect-logs", "true", "--rate-limiting-interval", "0", "--rate-limiting-limit", "0",
                            *extra)
        if rc != EXIT["validation"] or path not in err:
            bad.append(f"{extra}: exit {rc} {err.strip()[:120]}")
    rc, out, err = aigw(emu, "update", "my-gateway", "--cache-ttl", "0")
    if rc != EXIT["validation"]:
        bad.append(f"missing required: exit {rc}")
    if emu.control("GET", "/stats")["requests"] != before:
        bad.append("requests were sent")
    return bad


@test
def exit_api_4xx(emu):
    bad = []
    rc, out, err = aigw(emu, "get", "unknown-gw")
    if rc != EXIT["api"] or "7002" not in err:
        bad.append(f"404: exit {rc} {err[:100]}")
    rc, out, err = aigw(emu, "get", "my-gateway", env_over={"CLOUDFLARE_API_TOKEN": "nope"})
    if rc != EXIT["api"] or "10000" not in err:
        bad.append(f"auth: exit {rc} {err[:100]}")
    return bad


@test
def exit_server_after_retries(emu):
    emu.control("POST", "/faults", {"mode": "status", "code": 503, "count": -1})
    rc, out, err = aigw(emu, "get", "my-gateway", "--verbose")
    reqs = emu.control("GET", "/stats")["requests"]
    bad = [] if rc == EXIT["server"] else [f"exit {rc}"]
    if reqs != 3 or err.count("status 503") != 3:
        bad.append(f"{reqs} requests, log: {err[:200]}")
    return bad


@test
def exit_network_and_tls(emu):
    bad = []
    rc, out, err = aigw(emu, "get", "my-gateway", "--attempts", "1",
                        env_over={"CLOUDFLARE_BASE_URL": "https://localhost:1/client/v4"})
    if rc != EXIT["network"]:
        bad.append(f"refused: exit {rc}")
    rc, out, err = aigw(emu, "get", "my-gateway", cacert=False)  # built-in Cloudflare roots only
    if rc != EXIT["network"] or "trusted" not in err:
        bad.append(f"untrusted: exit {rc} {err[:100]}")
    return bad


@test
def fault_switches(emu):
    bad = []
    cases = [({"mode": "delay", "ms": 200}, 0), ({"mode": "status", "code": 429, "retry_after": 1}, 0),
             ({"mode": "status", "code": 500}, 0), ({"mode": "close_headers", "bytes": 10}, 0),
             ({"mode": "close_body", "bytes": 10}, 0), ({"mode": "bytewise"}, 0),
             ({"mode": "chunked", "chunk_size": 5, "ext": True, "trailer": True}, 0), ({"mode": "close"}, 0),
             ({"mode": "reset", "bytes": 0}, 0), ({"mode": "eof_body"}, 0),
             ({"mode": "close_body", "bytes": 10, "count": -1}, EXIT["network"]),
             ({"mode": "stall", "count": -1}, EXIT["network"])]
    for fault, want in cases:
        emu.control("DELETE", "/faults")
        emu.control("POST", "/faults", fault)
        rc, out, err = aigw(emu, "get", "my-gateway", "--json", "--timeout", "3000")
        if rc != want or (want == 0 and json.loads(out).get("id") != "my-gateway"):
            bad.append(f"{fault}: exit {rc} (want {want}) {err.strip()[:120]}")
    emu.control("DELETE", "/faults")
    return bad


@test
def dry_run_masks_and_sends_nothing(emu):
    token = emu.env["CLOUDFLARE_API_TOKEN"]
    before = emu.control("GET", "/stats")["requests"]
    rc, out, err = aigw(emu, "update", "my-gateway", "--dry-run", "--cache-invalidate-on-update", "true",
                        "--cache-ttl", "0", "--collect-logs", "true", "--rate-limiting-interval", "0",
                        "--rate-limiting-limit", "0")
    bad = [] if rc == 0 else [f"exit {rc}"]
    if not out.startswith(f"PUT /client/v4/accounts/{ACCOUNT}/ai-gateway/gateways/my-gateway HTTP/1.1\r\n"):
        bad.append(f"request line: {out[:80]!r}")
    if token in out or "Bearer ****" not in out:
        bad.append("token not masked")
    body = out.split("\r\n\r\n", 1)[-1]
    if json.loads(body) != {"cache_invalidate_on_update": True, "cache_ttl": 0, "collect_logs": True,
                            "rate_limiting_interval": 0, "rate_limiting_limit": 0}:
        bad.append("body")
    m = re.search(r"Content-Length: (\d+)", out)
    if not m or int(m.group(1)) != len(body.rstrip("\n").encode()):
        bad.append("Content-Length")
    env_key = {"CLOUDFLARE_API_TOKEN": None, "CLOUDFLARE_EMAIL": "user@example.com",
               "CLOUDFLARE_API_KEY": emu.env["CLOUDFLARE_API_KEY"]}
    rc, out, err = aigw(emu, "get", "my-gateway", "--dry-run", env_over=env_key)
    if rc != 0 or emu.env["CLOUDFLARE_API_KEY"] in out or "X-Auth-Email: user@example.com" not in out:
        bad.append(f"key scheme dry run: {out[:200]!r}")
    if emu.control("GET", "/stats")["requests"] != before:
        bad.append("a request was sent")
    return bad


@test
def verbose_logs_without_secrets(emu):
    emu.control("POST", "/faults", {"mode": "status", "code": 429, "retry_after_ms": 10})
    rc, out, err = aigw(emu, "get", "my-gateway", "--verbose")
    bad = [] if rc == 0 else [f"exit {rc}"]
    for want in ("attempt 1", "status 429", "attempt 2", "status 200", "cf-ray", "retrying in"):
        if want not in err:
            bad.append(f"missing '{want}'")
    if emu.env["CLOUDFLARE_API_TOKEN"] in err + out:
        bad.append("token in output")
    return bad


@test
def help_and_version(emu):
    rc, out, err = aigw(emu, "--help", cacert=False)
    bad = [] if rc == 0 else [f"help exit {rc}"]
    for k in FULL:
        if "--" + k.replace("_", "-") not in out:
            bad.append(f"--help lacks {k}")
    for w in ("--body-json", "--dry-run", "--json", "--verbose", "--cacert", "--account", "Exit codes"):
        if w not in out:
            bad.append(f"--help lacks {w}")
    rc, out, err = aigw(emu, "--version", cacert=False)
    if rc != 0 or not re.match(r"aigw \d+\.\d+\.\d+", out):
        bad.append(f"version: {out!r}")
    return bad


def main():
    emu = Emu()
    try:
        for fn in TESTS:
            if FILTERS and not any(f in fn.__name__ for f in FILTERS):
                continue
            try:
                emu.reset()
                report(fn.__name__, fn(emu))
            except Exception as ex:
                report(fn.__name__, [f"{type(ex).__name__}: {ex}"])
    finally:
        emu.stop()
    print(f"cli tests: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
