#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Unknown members kept per object (issue 13), checked with Python's json.

For each golden GET response: aigw decodes the result, changes a modelled
member in every object that holds one (test_decode_rmw --emit-changed: the
body, dlp, its policies, otel entries, stripe, its usage events,
guardrails.prompt and .response, spend_limits, its rules and their model
filters; log_classification flipped), and
encodes the PUT body. Here the same changes are applied to the result with
Python; the body must equal it (every change sent, every unknown member the
same JSON value), hold no duplicate member at any level, and write each
object's unknown members after its modelled ones, in their original order.
Usage: rmw_every_level.py <test_decode_rmw> <golden dir> <file>...
"""
import json
import subprocess
import sys

READ_ONLY = ("id", "created_at", "modified_at", "is_default")
KNOWN = {
    "top": ["cache_invalidate_on_update", "cache_ttl", "collect_logs", "rate_limiting_interval",
            "rate_limiting_limit", "authentication", "dlp", "log_management", "log_management_strategy",
            "logpush", "logpush_public_key", "otel", "rate_limiting_technique", "retry_backoff", "retry_delay",
            "retry_max_attempts", "store_id", "stripe", "workers_ai_billing_mode", "zdr",
            "guardrails", "log_classification", "spend_limits"],
    "dlp": ["action", "enabled", "profiles", "policies"],
    "policy": ["id", "action", "check", "enabled", "profiles"],
    "otel": ["authorization", "headers", "url", "content_type"],
    "stripe": ["authorization", "usage_events"],
    "event": ["payload"],
    "guardrails": ["prompt", "response"],
    "actions": ["P1"] + ["S%d" % i for i in range(1, 14)],
    "spend_limits": ["enabled", "rules"],
    "rule": ["limit", "limitType", "window", "enabled", "id", "metadata", "model", "provider", "technique"],
    "filter": ["mode", "values"],
}


def change(r):
    """The changes test_decode_rmw --emit-changed makes, one per object."""
    r["cache_ttl"] = (r.get("cache_ttl") or 0) + 1
    dlp = r.get("dlp")
    if isinstance(dlp, dict):
        dlp["enabled"] = not dlp.get("enabled")
        if "action" in dlp:
            dlp["action"] = "BLOCK" if dlp["action"] == "FLAG" else "FLAG"
        for p in dlp.get("policies") or []:
            p["enabled"] = not p["enabled"]
    for i, o in enumerate(r.get("otel") or []):
        o["url"] = f"https://changed.example/{i}"
    st = r.get("stripe")
    if isinstance(st, dict):
        st["authorization"] = "changed"
        for i, e in enumerate(st.get("usage_events") or []):
            e["payload"] = f"changed {i}"
    if "log_classification" in r:
        r["log_classification"] = not r["log_classification"]
    g = r.get("guardrails")
    if isinstance(g, dict):
        for k in ("prompt", "response"):
            if isinstance(g.get(k), dict):
                a = g[k]
                a["P1"] = "BLOCK" if a.get("P1") == "FLAG" else "FLAG"
        if isinstance(g.get("response"), dict):
            g["response"]["S13"] = "BLOCK"
    sl = r.get("spend_limits")
    if isinstance(sl, dict):
        sl["enabled"] = not sl.get("enabled")
        for i, rule in enumerate(sl.get("rules") or []):
            rule["window"] += 1
            rule["limit"] = 7.25
            if isinstance(rule.get("model"), dict):
                rule["model"]["values"] = [f"changed {i}"]
    return r


def objects(body, src):
    """(kind, emitted pairs, source dict) for every modelled object."""
    yield "top", body, src
    d = dict(body)
    if isinstance(d.get("dlp"), list):
        dlp = dict(d["dlp"])
        yield "dlp", d["dlp"], src["dlp"]
        for i, p in enumerate(dlp.get("policies") or []):
            yield "policy", p, src["dlp"]["policies"][i]
    for i, o in enumerate(d.get("otel") or []):
        yield "otel", o, src["otel"][i]
    if isinstance(d.get("stripe"), list):
        st = dict(d["stripe"])
        yield "stripe", d["stripe"], src["stripe"]
        for i, e in enumerate(st.get("usage_events") or []):
            yield "event", e, src["stripe"]["usage_events"][i]
    if isinstance(d.get("guardrails"), list):
        g = dict(d["guardrails"])
        yield "guardrails", d["guardrails"], src["guardrails"]
        for k in ("prompt", "response"):
            if isinstance(g.get(k), list):
                yield "actions", g[k], src["guardrails"][k]
    if isinstance(d.get("spend_limits"), list):
        sl = dict(d["spend_limits"])
        yield "spend_limits", d["spend_limits"], src["spend_limits"]
        for i, r in enumerate(sl.get("rules") or []):
            yield "rule", r, src["spend_limits"]["rules"][i]
            for k in ("model", "provider"):
                if isinstance(dict(r).get(k), list):
                    yield "filter", dict(r)[k], src["spend_limits"]["rules"][i][k]


def check_order(body, src):
    bad = []
    for kind, pairs, s in objects(body, src):
        names = [k for k, _ in pairs]
        known = [k for k in names if k in KNOWN[kind]]
        unknown = [k for k in names if k not in KNOWN[kind]]
        if names != known + unknown:
            bad.append(f"{kind}: unknown members not after the modelled ones: {names}")
        want_unknown = [k for k in s if k not in KNOWN[kind] and not (kind == "top" and k in READ_ONLY)]
        if unknown != want_unknown:
            bad.append(f"{kind}: unknown members {unknown}, want {want_unknown}")
    return bad


def main():
    tool, d, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    failed = 0
    for f in files:
        name = "rmw_every_level_" + f.rsplit(".", 1)[0]
        with open(f"{d}/{f}", encoding="utf-8") as fh:
            result = json.load(fh)["result"]
        out = subprocess.run([tool, "--emit-changed", f"{d}/{f}"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, check=False)
        if out.returncode != 0:
            print(f"FAIL {name}: tool exited {out.returncode}: {out.stderr.decode().strip()}")
            failed += 1
            continue
        dups = []

        def pairs_hook(p):
            names = [k for k, _ in p]
            if len(names) != len(set(names)):
                dups.append(names)
            return p
        try:
            body = json.loads(out.stdout.decode("utf-8"), object_pairs_hook=pairs_hook)
        except ValueError as e:
            print(f"FAIL {name}: PUT body is not JSON ({e}): {out.stdout[:200]!r}")
            failed += 1
            continue
        want = change({k: v for k, v in json.loads(json.dumps(result)).items() if k not in READ_ONLY})
        got = json.loads(out.stdout.decode("utf-8"))
        bad = [f"duplicate members {n}" for n in dups]
        if got != want:
            for k in sorted(set(got) | set(want)):
                if got.get(k, "<absent>") != want.get(k, "<absent>"):
                    bad.append(f"{k}: sent {json.dumps(got.get(k, '<absent>'))[:160]}, "
                               f"want {json.dumps(want.get(k, '<absent>'))[:160]}")
        bad += check_order(body, result)
        if bad:
            print(f"FAIL {name}: {'; '.join(bad)}")
            failed += 1
        else:
            print(f"PASS {name}: every change sent, every unknown member kept, after the modelled ones")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
