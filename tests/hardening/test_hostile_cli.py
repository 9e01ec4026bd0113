#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Hostile inputs through the aigw command (boards/linux): `aigw update ... --dry-run`
with CR, LF, quotes, backslashes, control bytes, injection attempts, invalid UTF-8
and overlong values in every flag that carries a string (bare string fields, enum
fields, and strings inside the JSON of --dlp/--otel/--stripe), in the gateway id,
in --account, and in every credential (environment). argv cannot hold NUL; the C
test (test_hostile.c) covers NUL.

Each run must either
  - exit 0 and print the request: CRLF line ends only, exactly the expected header
    names (no smuggled line), a target that percent-decodes to the ids, and a body
    that Python's json parses and that holds the value as the same string; or
  - exit 2 (usage) or 3 (validation) with a message on stderr and NO request printed.
Invalid UTF-8 must always be refused. Prints PASS/FAIL lines.
"""
import json
import os
import subprocess
import sys
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
AIGW = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "aigw")
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"
ACCOUNT = "3ebbcb006d4d46d7bb6a8c7f14676cb0"
REQUIRED = ["--cache-invalidate-on-update", "true", "--cache-ttl", "60", "--collect-logs", "true",
            "--rate-limiting-interval", "null", "--rate-limiting-limit", "null"]

HOSTILE = {
    "cr": b"a\rb", "lf": b"a\nb", "crlf-header": b"v\r\nX-Injected: yes\r\n", "quote": b'"q', "backslash": b"\\",
    "json-break": b'"},"cache_ttl":1,"x":{"', "ctl": b"\x01\x1f\x7f\t\x08\x0c", "u2028": "\u2028\u2029".encode(),
    "emoji": "\U0001F600".encode(), "pct": b"%00%0d%0a", "dots": b"../../x?y#z", "spaces": b" a ",
    "bad-ff": b"a\xff", "overlong": b"\xc0\xaf", "surrogate": b"\xed\xa0\x80", "past-10ffff": b"\xf4\x90\x80\x80",
    "truncated": b"\xe2\x82", "long": b"k" * 5000,
}

passed = failed = 0


def report(name, bad):
    global passed, failed
    if bad:
        failed += 1
        print(f"FAIL hostile-cli/{name}: {len(bad)} problem(s): " + "; ".join(bad[:4]))
    else:
        passed += 1
        print(f"PASS hostile-cli/{name}")
    sys.stdout.flush()


def run(args, env_over=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDFLARE_")}
    env.update({"CLOUDFLARE_API_TOKEN": TOKEN, "CLOUDFLARE_ACCOUNT_ID": ACCOUNT})
    env = {k.encode(): v.encode() if isinstance(v, str) else v for k, v in env.items()}
    for k, v in (env_over or {}).items():
        if v is None:
            env.pop(k.encode(), None)
        else:
            env[k.encode()] = v
    p = subprocess.run([AIGW.encode()] + [a if isinstance(a, bytes) else a.encode() for a in args],
                       env=env, capture_output=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def check_request(out, method, account, gid, key_auth=False):
    """Problems with the printed request, or []."""
    bad = []
    head, sep, body = out.partition(b"\r\n\r\n")
    if not sep:
        return ["no end of head"]
    if b"\0" in head:
        bad.append("NUL in the head")
    lines = head.split(b"\r\n")
    for ln in lines:
        if b"\r" in ln or b"\n" in ln:
            bad.append(f"bare CR/LF in {ln[:60]!r}")
    parts = lines[0].split(b" ")
    if len(parts) != 3 or parts[0] != method.encode() or parts[2] != b"HTTP/1.1":
        bad.append(f"request line {lines[0][:80]!r}")
    else:
        target = parts[1]
        if any(c not in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/%" for c in target):
            bad.append("target byte outside unreserved, '/', '%'")
        segs = target.split(b"/")
        want = [b"", b"client", b"v4", b"accounts", account, b"ai-gateway", b"gateways", gid]
        got = [urllib.parse.unquote_to_bytes(s) for s in segs]
        if got != want:
            bad.append(f"target decodes to {got!r:.120}")
    names = [ln.split(b":", 1)[0] for ln in lines[1:]]
    want_names = [b"Host"] + ([b"X-Auth-Email", b"X-Auth-Key"] if key_auth else [b"Authorization"])
    if method == "PUT":
        want_names += [b"Content-Type", b"Content-Length"]
    want_names += [b"Accept", b"User-Agent"]
    if names != want_names:
        bad.append(f"header names {names!r}")
    if TOKEN.encode() in out:
        bad.append("the token is printed")
    return bad


def body_of(out):
    return out.partition(b"\r\n\r\n")[2].rstrip(b"\n")


def valid_utf8(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def string_flags():
    """flag -> (how to wrap the hostile bytes, how to find the value in the body, may it be refused)"""
    def bare(v):
        return v

    def in_json(template):
        def wrap(v):
            # the hostile bytes as a JSON string: escapes where JSON needs them, raw otherwise
            # (invalid UTF-8 stays raw bytes, which the command's decoder must refuse)
            s = v.replace(b"\\", b"\\\\").replace(b'"', b'\\"')
            s = b"".join(b"\\u%04x" % c if c < 0x20 else bytes([c]) for c in s)
            return template.replace(b"@", s)
        return wrap
    return {
        "--store-id": (bare, ["store_id"], False),
        "--logpush-public-key": (bare, ["logpush_public_key"], "length"),
        "--log-management-strategy": (bare, ["log_management_strategy"], "enum"),
        "--rate-limiting-technique": (bare, ["rate_limiting_technique"], "enum"),
        "--retry-backoff": (bare, ["retry_backoff"], "enum"),
        "--workers-ai-billing-mode": (bare, ["workers_ai_billing_mode"], "enum"),
        "--dlp": (in_json(b'{"action":"BLOCK","enabled":true,"profiles":["@"]}'), ["dlp", "profiles", 0], False),
        "--dlp ": (in_json(b'{"enabled":true,"policies":[{"id":"@","action":"FLAG","check":["REQUEST"],'
                           b'"enabled":true,"profiles":["@"]}]}'), ["dlp", "policies", 0, "id"], False),
        "--otel": (in_json(b'[{"authorization":"@","headers":{"@":"@"},"url":"https://o.example/v1"}]'),
                   ["otel", 0, "authorization"], "length"),
        "--stripe": (in_json(b'{"authorization":"@","usage_events":[{"payload":"@"}]}'),
                     ["stripe", "usage_events", 0, "payload"], False),
    }


def test_fields():
    for flag, (wrap, path, may_refuse) in string_flags().items():
        bad = []
        for name, v in HOSTILE.items():
            val = wrap(v)
            rc, out, err = run(["update", "my-gateway", "--dry-run", *REQUIRED, flag.strip(), val])
            if rc in (2, 3):
                if out:
                    bad.append(f"{name}: refused (exit {rc}) but printed a request")
                if not err:
                    bad.append(f"{name}: refused without a message")
                # a bare value that starts with a quote is JSON by the command's documented rule
                if valid_utf8(v) and not may_refuse and not (wrap(v) == v and v.startswith(b'"')):
                    bad.append(f"{name}: valid UTF-8 refused (exit {rc}): {err[:120]!r}")
                continue
            if rc != 0:
                bad.append(f"{name}: exit {rc}: {err[:120]!r}")
                continue
            if not valid_utf8(v):
                bad.append(f"{name}: invalid UTF-8 accepted")
                continue
            bad += [f"{name}: {b}" for b in check_request(out, "PUT", ACCOUNT.encode(), b"my-gateway")]
            try:
                obj = json.loads(body_of(out).decode("utf-8"))
                at = obj
                for p in path:
                    at = at[p]
                if at != v.decode("utf-8"):
                    bad.append(f"{name}: the body holds {at!r:.60}")
            except (ValueError, KeyError, IndexError, TypeError) as ex:
                bad.append(f"{name}: body: {ex}")
        report("field" + flag.replace(" ", "-v2"), bad)


def test_ids():
    bad = []
    for name, v in list(HOSTILE.items()) + [("slash", b"a/b"), ("dotdot", b".."), ("dot", b"."),
                                             ("64", b"x" * 64), ("65", b"x" * 65)]:
        if v.startswith(b"--") or not v:
            continue
        for which in ("gateway", "account"):
            gid = v if which == "gateway" else b"my-gateway"
            acc = v if which == "account" else ACCOUNT.encode()
            rc, out, err = run(["get", gid, "--dry-run", "--account", acc])
            if rc in (2, 3):
                if out:
                    bad.append(f"{which} {name}: refused but printed a request")
                ok_expected = (which == "account" and v not in (b".", b"..")) or \
                    (which == "gateway" and valid_utf8(v) and 1 <= len(v.decode()) <= 64 and v not in (b".", b".."))
                if ok_expected:
                    bad.append(f"{which} {name}: refused (exit {rc}): {err[:100]!r}")
                continue
            if rc != 0:
                bad.append(f"{which} {name}: exit {rc}")
                continue
            if which == "gateway" and not valid_utf8(v):
                bad.append(f"gateway {name}: invalid UTF-8 accepted")
            bad += [f"{which} {name}: {b}" for b in check_request(out, "GET", acc, gid)]
    report("path-parameters", bad)


def test_credentials():
    bad = []
    creds = {"crlf": b"SeCrEt42\r\nX-Injected: 1", "lf": b"SeCrEt42\n", "cr": b"SeCrEt42\r", "lead": b" SeCrEt42",
             "trail": b"SeCrEt42 ", "del": b"SeCr\x7fEt42", "ctl": b"SeCr\x01Et42"}
    for name, v in creds.items():
        for var, others in (("CLOUDFLARE_API_TOKEN", {}),
                            ("CLOUDFLARE_EMAIL", {"CLOUDFLARE_API_TOKEN": None, "CLOUDFLARE_API_KEY": b"k" * 37}),
                            ("CLOUDFLARE_API_KEY", {"CLOUDFLARE_API_TOKEN": None, "CLOUDFLARE_EMAIL": b"u@example.com"})):
            env = dict(others)
            env[var] = v
            rc, out, err = run(["update", "my-gateway", "--dry-run", *REQUIRED], env)
            if rc != 3 or out:
                bad.append(f"{var} {name}: exit {rc}, printed {len(out)} bytes (want 3, nothing)")
            if (b"SeCr" in out or b"SeCr" in err) and var != "CLOUDFLARE_EMAIL":
                bad.append(f"{var} {name}: the credential is echoed")
    report("credentials", bad)


def main():
    if not os.access(AIGW, os.X_OK):
        print(f"FAIL hostile-cli/build: {AIGW} missing")
        return 1
    test_fields()
    test_ids()
    test_credentials()
    print(f"hostile-cli: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
