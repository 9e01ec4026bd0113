#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
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
import scripted_tls  # noqa: E402  (beside this file)

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


def aigw(emu, *args, env_over=None, stdin=None, cacert=True, raw=False, shell=None):
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
    if shell:  # run through bash with a redirection such as ">&-" (closes stdout)
        cmd = ["bash", "-c", 'exec "$0" "$@" ' + shell, *cmd]
    # bytes, decoded by hand: text mode would turn the request's CRLF into LF
    p = subprocess.run(cmd, env=env, capture_output=True, input=stdin.encode() if stdin else None, timeout=60)
    if raw:
        return p.returncode, p.stdout, p.stderr
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def scripted(emu, *script):
    """A scripted TLS server with the emulator's test certificate (see scripted_tls.py)."""
    certs = emu.env["AIGW_EMU_CERTS"]
    return scripted_tls.Server(os.path.join(certs, "server.pem"), os.path.join(certs, "server.key"), script)


def envelope(result=None, errors=(), status=200, headers=()):
    body = json.dumps({"success": not errors, "errors": list(errors), "messages": [], "result": result})
    return scripted_tls.response(status, body, headers)


EXAMPLE = {"id": "my-gateway", "cache_invalidate_on_update": True, "cache_ttl": 0, "collect_logs": True,
           "created_at": "2019-12-27T18:11:19.117Z", "modified_at": "2019-12-27T18:11:19.117Z",
           "rate_limiting_interval": 0, "rate_limiting_limit": 0}


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
    rc, out, err = aigw(emu, "update", "my-gateway", *flag_args(FULL), "--json", "--show-secrets")
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
    rc, out, err = aigw(emu, "update", "my-gateway", "--body-json", f.name, "--json", "--show-secrets")
    if rc != 0 or strip_server(json.loads(out)) != body:
        bad.append(f"file: exit {rc} {err.strip()[:200]}")
    rc, out, err = aigw(emu, "update", "my-gateway", "--body-json", "-", "--cache-ttl", "null", "--json",
                        "--show-secrets", stdin=json.dumps(body))
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
    # guardrails, spend_limits and log_classification are modelled since the
    # 2026-07-01/08-17 schemas: unknown members inside guardrails, and whole
    # members a later API may add (future_*), stay as the server had them
    newer = dict(FULL, guardrails={"prompt": {"S1": "FLAG", "S99": "BLOCK"}, "response": {}, "rules": [{"x": 1}]},
                 spend_limits=None, future_classification={"enabled": False}, byok_only=True)
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
    # a member the command changes is judged (by the build's AIGW_SCHEMA_VERSION,
    # 20260817 by default: an exporter without authorization is fine there, a url
    # that is no URI is not)
    emu.control("PUT", f"/store/{ACCOUNT}/live-gw", live)
    before = emu.control("GET", "/stats")["requests"]
    rc, out, err = aigw(emu, "set", "live-gw", 'otel=[{"headers":{},"url":"not a uri"}]')
    if rc != EXIT["validation"] or "otel[0].url" not in err or emu.control("GET", "/stats")["requests"] != before + 1:
        bad.append(f"changed otel not judged: exit {rc} {err.strip()[:200]}")
    return bad


SCHEMA_0817 = os.path.join(ROOT, "tools", "upstream", "api", "ai-gateway.2026-08-17.openapi.json")

# A gateway as the 2026-07-01 and 2026-08-17 response schemas have it, the way
# the live API holds it: otel without authorization, "unified" billing, the
# typed guardrails / spend_limits / log_classification, and a member no schema
# names (byok_only).
LIVE = dict(FULL, workers_ai_billing_mode="unified", log_classification=False, byok_only=True,
            otel=[{"headers": {"a": "b"}, "url": "https://otel.example/v1"}],
            guardrails={"prompt": {"P1": "FLAG", "S1": "FLAG", "S13": "BLOCK"}, "response": {"S2": "BLOCK"}},
            spend_limits={"enabled": True, "rules": [
                {"enabled": True, "id": "f6a82e7c", "limit": 10.5, "limitType": "cost", "window": 86400,
                 "technique": "sliding", "model": {"mode": "filter", "values": ["gpt-4o"]},
                 "metadata": {"team": {"mode": "partition"}}}]})


def emu_0817():
    """The emulator judging requests by the 2026-08-17 fragment: the default
    (tools/upstream/api/ai-gateway.openapi.json) refuses "unified" and an
    otel exporter without authorization, which the newer schemas allow."""
    return emuctl.Emulator(prefix="aigw-cli-0817-", args=("--schema", SCHEMA_0817))


def last_body(emu):
    last = emu.stats()["last_request"]
    return last["method"], json.loads(base64.b64decode(last["raw_body_base64"]) or b"null")


def params_members():
    """The members of aigw_params_t in the generated header (the schema table's order)."""
    text = open(os.path.join(ROOT, "include", "aigw", "aigw_model.h")).read()
    body = text[text.index("typedef struct aigw_params {"):text.index("} aigw_params_t;")]
    return [m for m in re.findall(r"^\s+\w+ (\w+);", body, re.M) if m != "extra"]


def help_fields(emu):
    rc, out, err = aigw(emu, "help", "set", cacert=False)
    block = out[out.index("Fields:\n") + 8:].split("\n\n")[0]
    return [w.strip() for w in block.replace("\n", " ").split(",") if w.strip()]


@test
def table_members_are_flags_and_keys(emu):
    """Every member of the generated model is an update flag and a set key,
    listed in the help (which completion reads) and the man page, in table
    order: a member added by regenerating needs no edit in boards/linux."""
    bad = []
    members = params_members()
    for m in ("guardrails", "spend_limits", "log_classification", "cache_ttl", "zdr"):
        if m not in members:
            bad.append(f"{m} not found in the header")
    listed = help_fields(emu)
    if listed != members:
        bad.append(f"help set lists {listed}, the table has {members}")
    rc, upd, err = aigw(emu, "help", "update", cacert=False)
    # the manual page make writes (build/aigw.1, installed): FIELDS from the generated model
    for page in ("build/aigw.1", "boards/linux/aigw.1"):
        man = open(os.path.join(ROOT, page)).read()
        sect = man[man.index(".SH FIELDS"):man.index(".PP", man.index(".SH FIELDS"))]
        in_man = re.findall(r"^\.BR (\w+)", sect, re.M)
        if in_man != members and page.startswith("build"):
            bad.append(f"{page} FIELDS lists {in_man}, the table has {members}")
        elif in_man != members:  # the source's copy is rewritten by make: only a note
            print(f"NOTE cli/table_members_are_flags_and_keys: {page} FIELDS is older than the table "
                  f"(make writes the current list into build/aigw.1)")
    for m in members:
        flag = "--" + m.replace("_", "-")
        if f"  {flag} VALUE\n" not in upd:
            bad.append(f"help update lacks {flag}")
        # accepted as a flag: the body is built (null is a value every member takes;
        # the validator refuses it for a required member: exit 3, not a usage error)
        rc, out, err = aigw(emu, "update", "my-gateway", "--dry-run", *REQ, flag, "null")
        if rc == EXIT["usage"] or "unknown option" in err:
            bad.append(f"{flag} null: exit {rc} {err.strip()[:120]}")
        elif rc == 0 and dry_body(out).get(m, 0) is not None:
            bad.append(f"{flag} null: not sent as null")
        # accepted as a set key (checked before the GET; --dry-run shows only the GET)
        for key in (m, m.replace("_", "-")):
            rc, out, err = aigw(emu, "set", "my-gateway", f"{key}=null", "--dry-run")
            if rc != 0:
                bad.append(f"set {key}=null: exit {rc} {err.strip()[:120]}")
    for key in ("guardrails.prompt.S1", "guardrails.response.P1", "dlp.enabled", "spend_limits.enabled",
                "stripe.authorization", "spend_limits.rules"):
        rc, out, err = aigw(emu, "set", "my-gateway", f"{key}=null", "--dry-run")
        if rc != 0:
            bad.append(f"set {key}=null: exit {rc} {err.strip()[:120]}")
    return bad


@test
def set_unknown_key_names_it(emu):
    bad = []
    before = emu.stats()["requests"]
    for key in ("nofield", "cache_tll", "guardrails.prompt.S99", "otel.url", "spend_limits.rules.limit",
                "log_classification.x", "guardrails.", "guardrails..prompt", "Cache_ttl"):
        rc, out, err = aigw(emu, "set", "my-gateway", f"{key}=1")
        if rc != EXIT["usage"] or f"unknown field '{key}'" not in err:
            bad.append(f"{key}: exit {rc} {err.strip()[:120]}")
    # a value that is no JSON for a good key is a usage error too, naming the key
    rc, out, err = aigw(emu, "set", "my-gateway", "dlp.enabled={")
    if rc != EXIT["usage"] or "dlp" not in err:
        bad.append(f"bad value: exit {rc} {err.strip()[:120]}")
    if emu.stats()["requests"] != before:
        bad.append("a request was sent")
    return bad


@test
def update_new_members_by_flags(emu):
    bad = []
    new = {"guardrails": {"prompt": {"S1": "BLOCK"}, "response": {}}, "log_classification": True,
           "spend_limits": LIVE["spend_limits"]}
    e = emu_0817()
    try:
        rc, out, err = aigw(e, "update", "my-gateway", *REQ, "--guardrails", json.dumps(new["guardrails"]),
                            "--log-classification", "true", "--spend-limits", json.dumps(new["spend_limits"]))
        method, sent = last_body(e)
        want = {"cache_invalidate_on_update": True, "cache_ttl": 0, "collect_logs": True,
                "rate_limiting_interval": 0, "rate_limiting_limit": 0, **new}
        if rc != 0 or method != "PUT" or sent != want:
            bad.append(f"exit {rc} {err.strip()[:160]}; sent {sent}")
        if strip_server(e.stored("my-gateway")) != want:
            bad.append("stored differs")
        # the new members are judged like the others
        for flag, value, path in (("--guardrails", '{"prompt":{"S1":"WARN"},"response":{}}', "guardrails.prompt.S1"),
                                  ("--guardrails", '{"prompt":{}}', "guardrails.response"),
                                  ("--log-classification", '"yes"', "log_classification")):
            rc, out, err = aigw(e, "update", "my-gateway", "--dry-run", *REQ, flag, value)
            if rc not in (EXIT["validation"], EXIT["usage"]) or path not in err:
                bad.append(f"{flag} {value}: exit {rc} {err.strip()[:160]}")
    finally:
        e.stop()
    return bad


def deep_set(obj, path, value):
    o = json.loads(json.dumps(obj))
    cur = o
    keys = path.split(".")
    for k in keys[:-1]:
        if not isinstance(cur.get(k), dict):
            cur[k] = {}
        cur = cur[k]
    cur[keys[-1]] = value
    return o


@test
def set_changes_only_the_key_on_a_newer_gateway(emu):
    """set KEY=VALUE on a gateway built from the 2026-07-01 / 2026-08-17
    response schemas sends the GET's result (minus the read-only members)
    with only KEY changed; a dotted KEY changes one member of an object."""
    bad = []
    cases = (("log_classification=true", "log_classification", True),
             ("cache_ttl=7", "cache_ttl", 7),
             ("guardrails.prompt.S1=BLOCK", "guardrails.prompt.S1", "BLOCK"),
             ("guardrails.response.S5=FLAG", "guardrails.response.S5", "FLAG"),
             ("spend_limits.enabled=false", "spend_limits.enabled", False),
             ("dlp.enabled=false", "dlp.enabled", False),
             ("dlp.action=BLOCK", "dlp.action", "BLOCK"),
             ('guardrails={"prompt":{"S1":"BLOCK"},"response":{}}', "guardrails",
              {"prompt": {"S1": "BLOCK"}, "response": {}}),
             ("workers_ai_billing_mode=unified", "workers_ai_billing_mode", "unified"))
    e = emu_0817()
    try:
        for arg, path, value in cases:
            e.control("PUT", f"/store/{ACCOUNT}/live-gw", LIVE)
            got = strip_server(e.stored("live-gw"))
            rc, out, err = aigw(e, "set", "live-gw", arg)
            method, sent = last_body(e)
            want = deep_set(got, path, value)
            if rc != 0 or method != "PUT" or sent != want:
                diff = {k: (sent.get(k), want.get(k)) for k in set(sent or {}) | set(want)
                        if (sent or {}).get(k) != want.get(k)} if isinstance(sent, dict) else sent
                bad.append(f"{arg}: exit {rc} {err.strip()[:160]}; differs {diff}")
        # the GET's "dlp": null and a member no schema names go back as they came
        # (the emulator, by the published schema, refuses dlp null: exit 4 after the PUT)
        result = dict(LIVE, id="live-gw", dlp=None, created_at=EXAMPLE["created_at"],
                      modified_at=EXAMPLE["modified_at"])
        e.fault(mode="status", code=200, body=json.dumps({"success": True, "errors": [], "messages": [],
                                                          "result": result}), method="GET", count=-1)
        for arg, path, value in (("log_classification=true", "log_classification", True),
                                 ("guardrails.prompt.S2=FLAG", "guardrails.prompt.S2", "FLAG")):
            rc, out, err = aigw(e, "set", "live-gw", arg)
            method, sent = last_body(e)
            if rc not in (0, EXIT["api"]) or method != "PUT" or sent != deep_set(strip_server(result), path, value):
                bad.append(f"dlp null, {arg}: exit {rc} {err.strip()[:160]}; sent {sent}")
        e.control("DELETE", "/faults")
        # a dotted key into an absent or null object creates it with that member only
        for held in (None, "absent"):
            g = dict(LIVE)
            if held == "absent":
                del g["spend_limits"]
            else:
                g["spend_limits"] = None
            e.control("PUT", f"/store/{ACCOUNT}/live-gw", g)
            rc, out, err = aigw(e, "set", "live-gw", "spend_limits.enabled=true")
            method, sent = last_body(e)
            if rc != 0 or method != "PUT" or sent != dict(g, spend_limits={"enabled": True}):
                bad.append(f"spend_limits {held}: exit {rc} {err.strip()[:160]}; sent {sent}")
        # ... and what it creates is judged: guardrails needs prompt and response
        g = dict(LIVE, guardrails=None)
        e.control("PUT", f"/store/{ACCOUNT}/live-gw", g)
        before = e.stats()["requests"]
        rc, out, err = aigw(e, "set", "live-gw", "guardrails.prompt.S1=BLOCK")
        if rc != EXIT["validation"] or "guardrails.response" not in err or e.stats()["requests"] != before + 1:
            bad.append(f"half a guardrails: exit {rc} {err.strip()[:160]}")
        rc, out, err = aigw(e, "set", "live-gw", "guardrails.prompt.S1=WARN")
        if rc != EXIT["validation"] or "guardrails.prompt.S1" not in err:
            bad.append(f"guardrails.prompt.S1=WARN: exit {rc} {err.strip()[:160]}")
    finally:
        e.stop()
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
        rc, out, err = aigw(emu, "get", "my-gateway", "--json", "--timeout", "3")
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
    for w in ("update", "get", "set", "--dry-run", "--json", "--verbose", "--cacert", "--system-ca", "--account",
              "--timeout", "--relaxed", "SSL_CERT_FILE", "Exit codes"):
        if w not in out:
            bad.append(f"--help lacks {w}")
    rc, upd, err = aigw(emu, "help", "update", cacert=False)
    for k in FULL:
        if "--" + k.replace("_", "-") not in upd:
            bad.append(f"help update lacks --{k}")
    for w in ("--body-json", "--strict", "Read-only"):
        if w not in upd:
            bad.append(f"help update lacks {w}")
    rc, out, err = aigw(emu, "--version", cacert=False)
    if rc != 0 or not re.match(r"aigw \d+\.\d+\.\d+", out):
        bad.append(f"version: {out!r}")
    return bad


@test
def closed_std_fds_send_nothing_outside_tls(emu):
    big = dict(EXAMPLE, future_blob={"data": "x" * 12000},
               otel=[{"authorization": "Bearer secret-otel-token", "headers": {}, "url": "https://o.example/v1"}])
    bad = []
    for redir, extra in ((">&-", ["--json"]), ("2>&-", ["--verbose"]), ("<&- >&-", ["--json"])):
        with scripted(emu, envelope(big)) as srv:
            rc, out, err = aigw(emu, "get", "my-gateway", *extra, shell=redir,
                                env_over={"CLOUDFLARE_BASE_URL": srv.base_url})
        if rc != 0:
            bad.append(f"{redir}: exit {rc} {err.strip()[:120]}")
        if len(srv.requests) != 1:
            bad.append(f"{redir}: {len(srv.requests)} requests")
        for raw in srv.raw:
            why = scripted_tls.tls_records_only(bytes(raw))
            if why:
                bad.append(f"{redir}: {why}")
    return bad


HOSTILE_TEXT = "\u001b]0;owned\u0007\u001b[31mred\u007f\u009b2J\u0085end"
HOSTILE_OUT = (b"\x1b", b"\x07", b"\x7f", b"\xc2\x9b", b"\xc2\x85", b"\x9b", b"\xff")


@test
def server_text_escaped_on_the_terminal(emu):
    err_body = json.dumps({"success": False, "messages": [], "result": None, "errors": [
        {"code": 7001, "message": HOSTILE_TEXT, "path": ["otel", 0, "k" + HOSTILE_TEXT]}]})
    api_error = scripted_tls.response(400, err_body, [("cf-ray", b"ray\x9b31m\xff-SJC")])
    gw = dict(EXAMPLE, id="gw" + HOSTILE_TEXT, store_id=HOSTILE_TEXT)
    bad = []
    with scripted(emu, api_error, envelope(gw), envelope(gw)) as srv:
        env = {"CLOUDFLARE_BASE_URL": srv.base_url}
        rc, out, err = aigw(emu, "get", "my-gateway", "--verbose", env_over=env, raw=True)
        if rc != EXIT["api"] or b"\\u001b]0;owned\\u0007" not in err or b"\\x9b31m\\xff" not in err:
            bad.append(f"API error: exit {rc} {err[:300]!r}")
        rc2, out2, err2 = aigw(emu, "get", "my-gateway", env_over=env, raw=True)
        if rc2 != 0 or b"gateway gw\\u001b]0;" not in out2 or b"\\u009b2J" not in out2:
            bad.append(f"summary: exit {rc2} {out2[:200]!r}")
        rc3, out3, err3 = aigw(emu, "get", "my-gateway", "--json", env_over=env, raw=True)
        if rc3 != 0 or json.loads(out3).get("store_id") != gw["store_id"]:
            bad.append(f"--json: exit {rc3}, not the same JSON values: {out3[:200]!r}")
    for name, text in (("stderr", err), ("summary", out2), ("--json", out3), ("stderr", err2 + err3)):
        for b in HOSTILE_OUT:
            if b in text:
                bad.append(f"raw {b!r} in {name}")
    return bad


@test
def set_one_deadline_and_one_attempt_budget(emu):
    def fresh(*faults):
        emu.reset()
        emu.control("PUT", f"/store/{ACCOUNT}/my-gateway", FULL)
        for f in faults:
            emu.control("POST", "/faults", f)
    bad = []
    # each request alone fits in --timeout, both together do not
    fresh({"mode": "delay", "ms": 1200, "method": "GET"}, {"mode": "delay", "ms": 1200, "method": "PUT"})
    rc, out, err = aigw(emu, "set", "my-gateway", "cache_ttl=60", "--timeout", "2000ms", "--attempts", "1")
    if rc != EXIT["network"]:
        bad.append(f"deadline: exit {rc} (want {EXIT['network']}) {err.strip()[:160]}")
    # two retries spent by the GET leave the PUT one attempt
    fresh({"mode": "status", "code": 503, "count": 2, "method": "GET"},
          {"mode": "status", "code": 503, "count": 1, "method": "PUT"})
    rc, out, err = aigw(emu, "set", "my-gateway", "cache_ttl=60", "--attempts", "3")
    reqs = emu.stats()["requests"]
    if rc != EXIT["server"] or reqs != 4:
        bad.append(f"attempts: exit {rc} after {reqs} requests (want exit 5 after 4) {err.strip()[:160]}")
    fresh({"mode": "status", "code": 503, "count": 1, "method": "GET"},
          {"mode": "status", "code": 503, "count": 1, "method": "PUT"})
    rc, out, err = aigw(emu, "set", "my-gateway", "cache_ttl=60", "--attempts", "3")
    if rc != 0 or emu.stored("my-gateway").get("cache_ttl") != 60 or emu.stats()["requests"] != 4:
        bad.append(f"one retry each within a budget of two: exit {rc} {err.strip()[:160]}")
    return bad


@test
def status_600_is_a_protocol_error(emu):
    with scripted(emu, b"HTTP/1.1 600 Nope\r\nContent-Length: 0\r\n\r\n") as srv:
        rc, out, err = aigw(emu, "get", "my-gateway", env_over={"CLOUDFLARE_BASE_URL": srv.base_url})
    bad = [] if rc == EXIT["other"] else [f"exit {rc} (want {EXIT['other']}): {err.strip()[:160]}"]
    if len(srv.requests) != 1:
        bad.append(f"{len(srv.requests)} requests (a protocol error is not retried)")
    return bad


@test
def url_secrets_never_echoed(emu):
    bad = []
    for url in ("https://user:s3cr3t-pw@localhost:1/client/v4", "https://s3cr3t-pw@localhost:1/",
                "https://localhost:1/client/v4?token=s3cr3t-pw"):
        for how in ("env", "flag"):
            args = ["get", "my-gateway"] + (["--base-url", url] if how == "flag" else [])
            rc, out, err = aigw(emu, *args, env_over={"CLOUDFLARE_BASE_URL": url})
            if rc != EXIT["usage"] or "s3cr3t-pw" in out + err or "****" not in err:
                bad.append(f"{how} {url}: exit {rc} {err.strip()[:120]}")
    return bad


@test
def plain_http_only_to_loopback(emu):
    bad = []
    for url, want in (("http://api.example.com/client/v4", EXIT["usage"]), ("http://192.0.2.1/client/v4", EXIT["usage"]),
                      ("http://127.example.com/", EXIT["usage"]), ("http://localhost:1/client/v4", 0),
                      ("http://127.0.0.1:1/client/v4", 0), ("http://[::1]:1/client/v4", 0)):
        rc, out, err = aigw(emu, "get", "my-gateway", "--dry-run", env_over={"CLOUDFLARE_BASE_URL": url})
        if rc != want or (want and "--allow-insecure-http" not in err):
            bad.append(f"{url}: exit {rc} (want {want}) {err.strip()[:120]}")
    rc, out, err = aigw(emu, "get", "my-gateway", "--dry-run", "--allow-insecure-http",
                        env_over={"CLOUDFLARE_BASE_URL": "http://api.example.com/client/v4"})
    if rc != 0 or "Host: api.example.com" not in out:
        bad.append(f"--allow-insecure-http: exit {rc} {err.strip()[:120]}")
    return bad


REQ = ["--cache-invalidate-on-update", "true", "--cache-ttl", "0", "--collect-logs", "true",
       "--rate-limiting-interval", "0", "--rate-limiting-limit", "0"]


def dry_body(out):
    return json.loads(out.split("\r\n\r\n", 1)[-1])


@test
def getopt_long_habits(emu):
    bad = []
    rc, out, err = aigw(emu, "get", "my-gateway", "--timeout=5", "--attempts=2", "--json")
    if rc != 0 or json.loads(out).get("id") != "my-gateway":
        bad.append(f"--flag=value: exit {rc} {err.strip()[:120]}")
    rc, out, err = aigw(emu, "update", "my-gateway", "--dry-run", "--cache-ttl=7", *REQ[:2], *REQ[4:])
    if rc != 0 or dry_body(out).get("cache_ttl") != 7:
        bad.append(f"--cache-ttl=7: exit {rc} {err.strip()[:120]}")
    rc, out, err = aigw(emu, "--json", "get", "--", "my-gateway", cacert=False,
                        env_over={"SSL_CERT_FILE": emu.env["AIGW_EMU_CA"]})
    if rc != 0 or json.loads(out).get("id") != "my-gateway":
        bad.append(f"options first, then --: exit {rc} {err.strip()[:120]}")
    rc, out, err = aigw(emu, "get", "my-gateway", "--", "--json")
    if rc != EXIT["usage"] or "unexpected argument '--json'" not in err:
        bad.append(f"after --, --json is an argument: exit {rc} {err.strip()[:120]}")
    rc, out, err = aigw(emu, "get", "my-gateway", "-q")
    if rc != 0 or out or err:
        bad.append(f"-q: exit {rc}, printed {out[:60]!r} {err[:60]!r}")
    rc, out, err = aigw(emu, "get", "my-gateway", "-v")
    if rc != 0 or "GET attempt 1: status 200" not in err:
        bad.append(f"-v: exit {rc} {err[:120]!r}")
    rc, out, err = aigw(emu, "get", "-h")
    if rc != 0 or not out.startswith("usage: aigw get"):
        bad.append(f"get -h: exit {rc} {out[:60]!r}")
    for args, want in ((("get", "my-gateway", "-x"), "unknown option -x"),
                       (("get", "my-gateway", "--nope=1"), "unknown option '--nope=1'"),
                       (("get", "my-gateway", "--timeout"), "--timeout needs a value")):
        rc, out, err = aigw(emu, *args, cacert=False)
        if rc != EXIT["usage"] or want not in err:
            bad.append(f"{args}: exit {rc} {err.strip()[:120]}")
    return bad


@test
def help_per_command_within_80_columns(emu):
    bad = []
    texts = {}
    for cmd in (None, "update", "get", "set"):
        rc, out, err = aigw(emu, *(["help", cmd] if cmd else ["help"]), cacert=False)
        texts[cmd] = out
        if rc != 0:
            bad.append(f"help {cmd}: exit {rc}")
        long_lines = [ln for ln in out.splitlines() if len(ln) > 80]
        if long_lines:
            bad.append(f"help {cmd}: {len(long_lines)} lines over 80 columns: {long_lines[0]!r}")
        if cmd:
            for form in ([cmd, "--help"], [cmd, "-h"], [cmd, "my-gateway", "--help"]):
                rc, out2, err = aigw(emu, *form, cacert=False)
                if rc != 0 or out2 != out:
                    bad.append(f"{' '.join(form)} differs from help {cmd}")
    if not texts["set"].startswith("usage: aigw set") or "--relaxed" not in texts["set"] \
            or "otel[0].url" not in texts["set"]:
        bad.append("help set lacks its usage or --relaxed")
    if "--show-secrets" not in texts["get"]:
        bad.append("help get lacks --show-secrets")
    rc, out, err = aigw(emu, "help", "frobnicate", cacert=False)
    if rc != EXIT["usage"]:
        bad.append(f"help frobnicate: exit {rc}")
    return bad


@test
def timeout_in_seconds_or_ms(emu):
    bad = []
    emu.fault(mode="delay", ms=500, count=-1)
    rc, out, err = aigw(emu, "get", "my-gateway", "--timeout", "3", "--attempts", "1")
    if rc != 0:  # 3 ms would have timed out
        bad.append(f"--timeout 3 (seconds): exit {rc} {err.strip()[:120]}")
    rc, out, err = aigw(emu, "get", "my-gateway", "--timeout", "200ms", "--attempts", "1")
    if rc != EXIT["network"]:
        bad.append(f"--timeout 200ms against a 500 ms answer: exit {rc}")
    for v in ("0", "5x", "-1", "ms", "86401"):
        rc, out, err = aigw(emu, "get", "my-gateway", "--timeout", v, cacert=False)
        if rc != EXIT["usage"] or "seconds" not in err:
            bad.append(f"--timeout {v}: exit {rc}")
    return bad


@test
def relaxed_at_run_time(emu):
    bad = []
    # a server that, like the live API, keeps its own example's otel url "url"
    lax = emuctl.Emulator(args=["--no-format-check"], prefix="aigw-cli-lax-")
    try:
        seed = strip_server(lax.stored("my-gateway"))
        # set judges only what it changes (issue 13): the server's own "url" goes back untouched
        rc, out, err = aigw(lax, "set", "my-gateway", "cache_ttl=60")
        stored = strip_server(lax.stored("my-gateway"))
        if rc != 0 or stored != dict(seed, cache_ttl=60) or stored["otel"][0]["url"] != "url":
            bad.append(f"set: exit {rc} {err.strip()[:160]}")
        rc, out, err = aigw(lax, "set", "my-gateway", "cache_ttl=61", "--relaxed")
        stored = strip_server(lax.stored("my-gateway"))
        if rc != 0 or stored != dict(seed, cache_ttl=61) or stored["otel"][0]["url"] != "url":
            bad.append(f"--relaxed: exit {rc} {err.strip()[:160]}")
        # a value the user gives is judged: strictly, or with the relaxed ranges
        # (the emulator enforces the published range, so the relaxed PUT is refused there: exit 4)
        before = lax.stats()["requests"]
        rc, out, err = aigw(lax, "set", "my-gateway", "retry_delay=9000")
        if rc != EXIT["validation"] or "retry_delay" not in err or lax.stats()["requests"] != before + 1:
            bad.append(f"set retry_delay=9000: exit {rc} (want {EXIT['validation']}, the GET only)")
        before = lax.stats()["requests"]
        rc, out, err = aigw(lax, "set", "my-gateway", "retry_delay=9000", "--relaxed")
        if rc != EXIT["api"] or lax.stats()["requests"] != before + 2:
            bad.append(f"set retry_delay=9000 --relaxed: exit {rc} (want the PUT sent) {err.strip()[:160]}")
        # the user's own values: the relaxed ranges only
        rc, out, err = aigw(lax, "set", "my-gateway", "otel=[{\"authorization\":\"a\",\"headers\":{},\"url\":\"u\"}]",
                            "--relaxed")
        if rc != EXIT["validation"] or "otel[0].url" not in err:
            bad.append(f"--relaxed with a bad url the user gave: exit {rc}")
    finally:
        lax.stop()
    for extra, want in ((["--retry-delay", "9000"], 0), (["--retry-max-attempts", "0"], 0),
                        (["--log-management", "5"], 0), (["--logpush-public-key", "short"], 0),
                        (["--retry-delay", "-1"], EXIT["validation"]), (["--retry-backoff", "bogus"], EXIT["validation"])):
        for relaxed in (False, True):
            rc, out, err = aigw(emu, "update", "my-gateway", "--dry-run", *REQ, *extra, *(["--relaxed"] if relaxed else []))
            w = want if relaxed else EXIT["validation"]
            if rc != w:
                bad.append(f"{extra} relaxed={relaxed}: exit {rc} (want {w}) {err.strip()[:100]}")
            elif rc == 0 and extra[1] not in out:
                bad.append(f"{extra}: the value is not in the body")
    return bad


@test
def secrets_masked_unless_show_secrets(emu):
    bad = []
    emu.control("PUT", f"/store/{ACCOUNT}/my-gateway", FULL)
    secrets = [FULL["otel"][0]["authorization"], FULL["stripe"]["authorization"]]
    for args in (["get", "my-gateway"], ["get", "my-gateway", "--json"]):
        rc, out, err = aigw(emu, *args)
        if rc != 0 or any(f'"{s}"' in out for s in secrets) or out.count('"****"') != 2 or "--show-secrets" not in err:
            bad.append(f"{args}: exit {rc} {out[:200]!r}")
    rc, out, err = aigw(emu, "get", "my-gateway", "--json", "--show-secrets")
    got = json.loads(out)
    if rc != 0 or got["otel"][0]["authorization"] != secrets[0] or got["stripe"]["authorization"] != secrets[1]:
        bad.append(f"--show-secrets: exit {rc}")
    # the masked JSON sent back would replace the real secrets: refused
    rc, masked, err = aigw(emu, "get", "my-gateway", "--json")
    before = emu.stats()["requests"]
    rc, out, err = aigw(emu, "update", "my-gateway", "--body-json", "-", stdin=masked)
    if rc != EXIT["usage"] or "otel[0].authorization" not in err or emu.stats()["requests"] != before:
        bad.append(f"update with masked secrets: exit {rc} {err.strip()[:120]}")
    return bad


@test
def enum_errors_list_the_words(emu):
    bad = []
    for extra, words in ((["--retry-backoff", "bogus"], "constant, linear, exponential"),
                         (["--workers-ai-billing-mode", "x"], "postpaid"),
                         (["--dlp", '{"enabled":true,"policies":[{"id":"p","action":"FLAG","check":["BODY"],'
                                    '"enabled":true,"profiles":[]}]}'], "REQUEST, RESPONSE"),
                         (["--guardrails", '{"prompt":{"S1":"WARN"},"response":{}}'], "BLOCK, FLAG"),
                         (["--spend-limits", '{"rules":[{"limit":1,"limitType":"cost","window":60,'
                                             '"technique":"rolling"}]}'], "fixed, sliding")):
        rc, out, err = aigw(emu, "update", "my-gateway", "--dry-run", *REQ, *extra)
        if rc != EXIT["validation"] or words not in err:
            bad.append(f"{extra[0]}: exit {rc} {err.strip()[:160]}")
    return bad


@test
def body_json_read_only_and_unknown_members(emu):
    bad = []
    emu.control("PUT", f"/store/{ACCOUNT}/my-gateway", FULL)
    rc, got, err = aigw(emu, "get", "my-gateway", "--json", "--show-secrets")
    rc, out, err = aigw(emu, "update", "my-gateway", "--body-json", "-", "--dry-run", stdin=got)
    if rc != 0 or dry_body(out) != FULL:
        bad.append(f"get --json | update --body-json: exit {rc} {err.strip()[:160]}")
    for m in ("id", "created_at", "modified_at", "is_default"):
        if f"read-only member '{m}'" not in err:
            bad.append(f"no note for {m}")
    typo = json.dumps(dict(FULL, cache_tll=5))
    rc, out, err = aigw(emu, "update", "my-gateway", "--body-json", "-", "--dry-run", stdin=typo)
    if rc != 0 or "warning" not in err or "cache_tll" not in err or dry_body(out).get("cache_tll") != 5:
        bad.append(f"unknown member: exit {rc} {err.strip()[:160]}")
    rc, out, err = aigw(emu, "update", "my-gateway", "--body-json", "-", "--dry-run", "-q", stdin=typo)
    if rc != 0 or err:
        bad.append(f"-q still warns: {err.strip()[:100]}")
    rc, out, err = aigw(emu, "update", "my-gateway", "--body-json", "-", "--dry-run", "--strict", stdin=typo)
    if rc != EXIT["usage"] or out or "cache_tll" not in err:
        bad.append(f"--strict: exit {rc} {out[:80]!r}")
    return bad


@test
def extra_trust_ssl_cert_file_and_system_ca(emu):
    bad = []
    ca = emu.env["AIGW_EMU_CA"]
    rc, out, err = aigw(emu, "get", "my-gateway", cacert=False, env_over={"SSL_CERT_FILE": ca})
    if rc != 0:
        bad.append(f"SSL_CERT_FILE: exit {rc} {err.strip()[:120]}")
    rc, out, err = aigw(emu, "get", "my-gateway", "--system-ca", cacert=False)
    if rc != EXIT["network"] or "trusted" not in err:  # the store loads; the test CA is not in it
        bad.append(f"--system-ca alone: exit {rc} {err.strip()[:120]}")
    rc, out, err = aigw(emu, "get", "my-gateway", "--system-ca", env_over={"SSL_CERT_FILE": ca})
    if rc != 0:
        bad.append(f"--system-ca + --cacert + SSL_CERT_FILE: exit {rc} {err.strip()[:120]}")
    rc, out, err = aigw(emu, "get", "my-gateway", cacert=False, env_over={"SSL_CERT_FILE": "/nonexistent/ca.pem"})
    if rc != EXIT["usage"] or "/nonexistent/ca.pem" not in err:
        bad.append(f"missing SSL_CERT_FILE: exit {rc}")
    return bad


def complete(words, aigw_dir, script):
    """What the bash completion script offers for the last of words."""
    prog = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _aigw; '
            'printf "%s\\n" "${COMPREPLY[@]}"')
    env = dict(os.environ, PATH=aigw_dir + os.pathsep + os.environ["PATH"])
    p = subprocess.run(["bash", "-c", prog, "bash", script, *words], env=env, capture_output=True, text=True,
                       timeout=30)
    return [w for w in p.stdout.splitlines() if w]


@test
def man_page_and_completion_installed(emu):
    bad = []
    with tempfile.TemporaryDirectory(prefix="aigw-install-") as dest:
        p = subprocess.run(["make", "-s", "-C", ROOT, "install", f"DESTDIR={dest}", "PREFIX=/usr"],
                           capture_output=True, text=True, timeout=300)
        man = os.path.join(dest, "usr/share/man/man1/aigw.1")
        comp = os.path.join(dest, "usr/share/bash-completion/completions/aigw")
        if p.returncode != 0 or not os.path.isfile(man) or not os.path.isfile(comp):
            return [f"make install: exit {p.returncode}, man page {os.path.isfile(man)}, "
                    f"completion {os.path.isfile(comp)} {p.stderr[-200:]}"]
        g = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", man], capture_output=True, text=True)
        if g.returncode != 0 or g.stderr:
            bad.append(f"groff warns: {g.stderr[:200]}")
        text = open(man).read().replace("\\-", "-")
        fields = {"--" + k.replace("_", "-") for k in params_members()}  # the FIELDS section has them
        for cmd in ([], ["update"], ["get"], ["set"]):
            rc, out, err = aigw(emu, "help", *cmd, cacert=False)
            for opt in set(re.findall(r"--[a-z][a-z-]+", out)) - fields:
                if opt not in text:
                    bad.append(f"man page lacks {opt} (in help {' '.join(cmd)})")
        bindir = os.path.join(dest, "usr/bin")
        for words, want in ((["aigw", "up"], ["update"]), (["aigw", "update", "gw", "--cache-t"], ["--cache-ttl "]),
                            (["aigw", "set", "gw", "cache_t"], ["cache_ttl="]),
                            (["aigw", "set", "gw", "log_c"], ["log_classification="]),
                            (["aigw", "update", "gw", "--spend"], ["--spend-limits "]),
                            (["aigw", "get", "gw", "--show-s"], ["--show-secrets "]),
                            (["aigw", "--vers"], ["--version"])):
            got = complete(words, bindir, comp)
            if got != want:
                bad.append(f"completion of {words}: {got} (want {want})")
    return bad


@test
def relaxed_passes_newer_server_values_back_verbatim(emu):
    # a newer API's enum word and a non-URI url, both held by the server and not touched
    held = dict(FULL, retry_backoff="fibonacci", otel=[dict(FULL["otel"][0], url="url")])
    gw = dict(held, id="my-gateway", created_at=EXAMPLE["created_at"], modified_at=EXAMPLE["modified_at"])

    def echo(method, target, body):
        return envelope(dict(json.loads(body), id="my-gateway"))
    with scripted(emu, envelope(gw), echo) as srv:
        rc, out, err = aigw(emu, "set", "my-gateway", "cache_ttl=60", "--relaxed",
                            env_over={"CLOUDFLARE_BASE_URL": srv.base_url})
    bad = [] if rc == 0 else [f"exit {rc} {err.strip()[:160]}"]
    puts = [json.loads(b) for m, t, b in srv.requests if m == "PUT"]
    if len(puts) != 1 or puts[0] != dict(held, cache_ttl=60):
        bad.append(f"PUT body: {puts[:1]!r:.300}")
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
