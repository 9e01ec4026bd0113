#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
Conformance of aigw with the official OpenAPI schema (Prism as referee) and
with Cloudflare's official TypeScript SDK (issue 7). Python stdlib only.

Prints one line per test, "PASS <name> (...)" or "FAIL <name>: <why>"; a
check that fails for several cases prints one FAIL line per case, naming it.
Nothing is skipped: a referee that cannot start is a FAIL.

Every test runs once per schema version the build supports (tools/gen_schema.py's
VERSIONS: 0, 20260701, 20260817), the versions in parallel, and its name ends in
"-v<version>": Prism mocks that version's fragment, gen_params.py makes the sets
from it, and the driver is build/conformance/v<version>/aigw_conform, built with
-DAIGW_SCHEMA_VERSION=<version> (make conformance-driver). The SDK differential
does not depend on the schema version: it runs on the default version's sets
(AIGW_SCHEMA_VERSION in include/aigw/aigw_config.h) only.

Tests (each with -v<version>):
  referee-auth         Prism refuses missing or partial credentials (401) and
                       takes either scheme: its security check is live
  referee-valid        every valid set, sent as its raw bytes, is accepted by
                       Prism (both auth schemes): proves the generator right
  referee-invalid      every invalid set, raw, is refused by Prism with every
                       violation at the place the case names (one rule broken)
  aigw-valid-prism-*   aigw (decode, validate, encode, client) sends every valid
                       set to Prism (static and dynamic responses), with the API
                       token and with email + key: 2xx, success, a gateway with
                       an id decoded from Prism's generated response
  aigw-invalid-prism   aigw, client-side validation off, sends every invalid set
                       it can represent: Prism refuses each one
  agreement-*          aigw's validator refuses exactly the sets Prism refuses
                       and accepts every valid one
  referee-later        a member only a later version names (guardrails on v0,
                       ...) is taken by this version's Prism as an unknown member
  agreement-later      aigw built for this version refuses that member by name
                       (rule "not in AIGW_SCHEMA_VERSION V"), and sends it when
                       validation is off (Prism accepts it)
  sdk-body-*           the SDK's update() and aigw send the same sets to a
                       recorder: same method, path, auth headers, content type,
                       and the same JSON value as body (null vs omitted kept)
  sdk-response         the same response bytes decoded by the SDK and by aigw
                       give the same values, field by field

Usage: conform.py --root REPO [--out build/conformance] [--deadline-s 170] [--version V]...
"""
import argparse
import base64
import concurrent.futures
import copy
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"          # the API page's examples
EMAIL = "user@example.com"
KEY = "144c9defac04969c7bfad8efaa8ea194"
AUTHS = {
    "token": {"headers": {"Authorization": "Bearer " + TOKEN}, "driver": ["--token", TOKEN],
              "sdk": {"apiToken": TOKEN}},
    "email-key": {"headers": {"X-Auth-Email": EMAIL, "X-Auth-Key": KEY},
                  "driver": ["--email", EMAIL, "--key", KEY],
                  "sdk": {"apiEmail": EMAIL, "apiKey": KEY}},
}
AUTH_HEADERS = ("authorization", "x-auth-email", "x-auth-key")
PRISM_SEED = "aigw-conformance"

# ------------------------------------------------------------------ output

RESULTS = {"pass": 0, "fail": 0}
OUT_LOCK = threading.Lock()


def emit(line):
    with OUT_LOCK:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def PASS(name, detail=""):
    with OUT_LOCK:
        RESULTS["pass"] += 1
    emit("PASS %s%s" % (name, " (%s)" % detail if detail else ""))


def FAIL(name, why):
    with OUT_LOCK:
        RESULTS["fail"] += 1
    why = why.replace("\n", " | ")
    if len(why) > 600:
        why = why[:600] + "..."
    emit("FAIL %s: %s" % (name, why))


def note(msg):
    sys.stderr.write("conform: %s\n" % msg)
    sys.stderr.flush()


class Group:
    """One test: collects per-case failures, then prints them or one PASS."""

    def __init__(self, name):
        self.name = name
        self.failures = []
        self.count = 0
        self.t0 = time.monotonic()

    def ok(self):
        self.count += 1

    def bad(self, case, why):
        self.count += 1
        self.failures.append((case, why))

    def done(self, detail=""):
        secs = time.monotonic() - self.t0
        if not self.count:
            FAIL(self.name, "no case was checked")
        elif self.failures:
            for case, why in self.failures:
                FAIL("%s[%s]" % (self.name, case), why)
            note("%s: %d of %d checks failed, %.1fs%s" % (self.name, len(self.failures), self.count, secs,
                                                          "; " + detail if detail else ""))
        else:
            PASS(self.name, "%d checks%s, %.1fs" % (self.count, ", " + detail if detail else "", secs))
        return not self.failures


# ------------------------------------------------------------------ JSON

class Dup(Exception):
    pass


def no_dups(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise Dup("duplicate member %r" % k)
        d[k] = v
    return d


def jloads(text):
    return json.loads(text, object_pairs_hook=no_dups)


def jdiff(a, b, path="$"):
    """First difference between two JSON values, or None. Types are strict
    (true is not 1), numbers compare by value (1 == 1.0), objects by key set
    (a null member is not an absent one)."""
    def kind(x):
        if x is None:
            return "null"
        if isinstance(x, bool):
            return "bool"
        if isinstance(x, (int, float)):
            return "number"
        if isinstance(x, str):
            return "string"
        if isinstance(x, list):
            return "array"
        return "object"
    ka, kb = kind(a), kind(b)
    if ka != kb:
        return "%s: %s %s vs %s %s" % (path, ka, short(a), kb, short(b))
    if ka == "object":
        for k in sorted(set(a) | set(b)):
            if k not in a:
                return "%s.%s: absent vs %s" % (path, k, short(b[k]))
            if k not in b:
                return "%s.%s: %s vs absent" % (path, k, short(a[k]))
            d = jdiff(a[k], b[k], "%s.%s" % (path, k))
            if d:
                return d
        return None
    if ka == "array":
        if len(a) != len(b):
            return "%s: %d items vs %d" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = jdiff(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    if a != b:
        return "%s: %s vs %s" % (path, short(a), short(b))
    return None


def short(v):
    s = json.dumps(v, ensure_ascii=True)
    return s if len(s) <= 80 else s[:77] + "..."


# ------------------------------------------------------------------ processes

class Procs:
    """Child processes (Prism, recorder), ended by their own pid on exit.
    Each runs in its own session (process group = its pid); the pids are also
    listed in pid_file so the suite's shell trap can end them should this
    process itself be killed."""

    def __init__(self, pid_file):
        self.procs = []
        self.pid_file = pid_file
        self.lock = threading.Lock()

    def start(self, argv, log_path, env=None):
        log = open(log_path, "wb")
        p = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             env=env, start_new_session=True)
        with self.lock:
            self.procs.append(p)
            with open(self.pid_file, "a") as f:
                f.write("%d\n" % p.pid)
        return p

    def stop_all(self):
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)   # its own session: Prism's children too
                except ProcessLookupError:
                    pass
        for p in self.procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait(timeout=5)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, proc, timeout, log_path):
    t_end = time.monotonic() + timeout
    while time.monotonic() < t_end:
        if proc.poll() is not None:
            raise RuntimeError("exited with %s: %s" % (proc.returncode, tail(log_path)))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("not listening after %ds: %s" % (timeout, tail(log_path)))


def tail(path, n=600):
    try:
        with open(path, "rb") as f:
            data = f.read()
        return data[-n:].decode("utf-8", "replace")
    except OSError:
        return "(no log)"


def start_prism(procs, node_modules, schema, out, name, dynamic):
    prism = os.path.join(node_modules, ".bin", "prism")
    last = None
    for _ in range(3):     # a free port can be taken between probe and bind: retry
        port = free_port()
        argv = [prism, "mock", "--errors", "-h", "127.0.0.1", "-p", str(port)]
        if dynamic:
            argv += ["--dynamic", "--seed", PRISM_SEED]
        argv.append(schema)
        log = os.path.join(out, "prism-%s.log" % name)
        p = procs.start(argv, log, env=child_env())
        try:
            wait_port(port, p, 60, log)
            return port
        except RuntimeError as e:
            last = e
    raise RuntimeError("prism %s: %s" % (name, last))


def child_env():
    env = dict(os.environ)
    for k in list(env):
        if k.startswith("CLOUDFLARE_"):
            del env[k]          # the SDK reads credentials and headers from these
    env["SCARF_ANALYTICS"] = "false"
    env["DO_NOT_TRACK"] = "1"
    return env


# ------------------------------------------------------------------ HTTP

def strict_path_encode(s):
    """Every byte outside RFC 3986 unreserved as %XX. Used for the raw
    requests to Prism: its "simple" style path deserializer splits a raw ","
    into an array (so "a,b" fails "type string"), which is Prism's quirk, not
    the schema's rule; an encoded "%2C" stays a string."""
    return urllib.parse.quote(s, safe="-._~")


def op_path(prefix, account, gw_id):
    return "%s/accounts/%s/ai-gateway/gateways/%s" % (prefix, strict_path_encode(account),
                                                      strict_path_encode(gw_id))


def raw_put(port, path, body, headers, timeout=15):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        h = {"Content-Type": "application/json", "Accept": "application/json"}
        h.update(headers)
        conn.request("PUT", path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    finally:
        conn.close()


def violations(hdrs):
    v = hdrs.get("sl-violations")
    if not v:
        return None
    try:
        return json.loads(v)
    except ValueError:
        return None


def check_violations(case, viol):
    """Every violation must be at or under case's loc: one rule broken, no other."""
    if viol is None:
        return "no sl-violations header"
    want = ["request"] + case["loc"]
    stray = [x for x in viol if x.get("location", [])[:len(want)] != want]
    if stray:
        return "violation elsewhere than %s: %s" % ("/".join(want), short(stray[0]))
    return None


# ------------------------------------------------------------------ driver

def run_driver(driver, args, items, timeout, chunk=120, workers=1):
    """Run aigw_conform over items [(case, extra_args)] in chunks, up to
    workers chunks at once (1 where the order of requests matters: the
    recorder); returns {case name: parsed output line} (missing when the
    driver died)."""
    out = {}
    lock = threading.Lock()

    def one(part):
        got = {}
        argv = [driver] + args
        for case, path in part:
            argv += ["--id", case["id"], path]
        try:
            p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        except subprocess.TimeoutExpired:
            for case, _ in part:
                got[case["name"]] = {"_driver_error": "driver timed out after %ds" % timeout}
            return got
        # split on "\n" only: str.splitlines() also breaks at U+2028/U+2029,
        # which a JSON string may hold raw
        lines = [l for l in p.stdout.decode("utf-8", "replace").split("\n") if l]
        for (case, _), line in zip(part, lines):
            try:
                got[case["name"]] = json.loads(line)
            except ValueError:
                got[case["name"]] = {"_driver_error": "unparsable output line: " + line[:200]}
        for case, _ in part[len(lines):]:
            got[case["name"]] = {"_driver_error": "no output (exit %d): %s"
                                 % (p.returncode, p.stderr.decode("utf-8", "replace")[-300:])}
        return got
    parts = [items[i:i + chunk] for i in range(0, len(items), chunk)]
    if workers <= 1:
        for part in parts:
            out.update(one(part))
        return out
    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        for got in ex.map(one, parts):
            with lock:
                out.update(got)
    return out


def driver_verdict(res):
    """'accept' / 'reject' and why, from a --validate run's line."""
    if "_driver_error" in res:
        return "error", res["_driver_error"]
    if res["decode"]["err"] != "ok":
        return "reject", "decoder: %s at %s (%s)" % (res["decode"]["err"], res["decode"].get("path"),
                                                   res["decode"].get("rule"))
    v = res.get("validate")
    if v is None:
        return "error", "validator did not run"
    if v["err"] != "ok":
        return "reject", "validator: %s at %s (%s)" % (v["err"], v.get("path"), v.get("rule"))
    return "accept", ""


# ------------------------------------------------------------------ the tests

class Suite:
    """Every check on one schema version: that version's fragment (Prism's
    document and gen_params.py's source), and the driver built with
    -DAIGW_SCHEMA_VERSION=version, in OUT/v<version>/."""

    def __init__(self, a, procs, version, fragment, later_fragments, sdk):
        self.a = a
        self.root = a.root
        self.version = version
        self.tag = "v%d" % version
        self.out = os.path.join(a.out, self.tag)
        os.makedirs(self.out, exist_ok=True)
        self.sets = os.path.join(self.out, "sets")
        self.node_modules = os.path.join(HERE, "node_modules")
        self.schema = fragment
        self.later_fragments = later_fragments
        self.driver = os.path.join(self.out, "aigw_conform")
        self.procs = procs
        self.sdk = sdk             # this version's run also does the SDK differential
        self.timing = {}

    def n(self, name):
        """A test's name, saying the schema version."""
        return "%s-%s" % (name, self.tag)

    def path_of(self, case):
        return os.path.join(self.sets, case["file"])

    def raw_of(self, case):
        with open(self.path_of(case), "rb") as f:
            return f.read()

    # -------------------------------------------------------------- setup
    def generate(self):
        t0 = time.monotonic()
        argv = [sys.executable, os.path.join(HERE, "gen_params.py"), "--schema", self.schema,
                "--config", os.path.join(self.root, "include", "aigw", "aigw_config.h"), "--out", self.sets]
        for f in self.later_fragments:
            argv += ["--later-schema", f]
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if p.returncode != 0:
            FAIL(self.n("generate"), p.stderr.decode("utf-8", "replace")[-500:])
            return False
        with open(os.path.join(self.sets, "manifest.json"), encoding="utf-8") as f:
            m = json.load(f)
        self.account = m["account_id"]
        self.cases = m["cases"]
        self.valid = [c for c in self.cases if c["kind"] == "valid"]
        self.invalid = [c for c in self.cases if c["kind"] == "invalid"]
        self.later = [c for c in self.cases if c["kind"] == "later"]
        PASS(self.n("generate"), "%s: %d valid, %d invalid, %d later-version sets, %.1fs"
             % (os.path.basename(self.schema), len(self.valid), len(self.invalid), len(self.later),
                time.monotonic() - t0))
        return True

    def dynamic_document(self):
        """The document the dynamic Prism mocks: the fragment itself, except that
        in its response schemas an OpenAPI 3.0 "exclusiveMinimum": true becomes
        an inclusive minimum inside the same bound (integer: minimum + 1, exactly
        the same set; number: minimum + 1e-6, a subset). Prism's response
        generator (json-schema-faker) ignores the boolean form and makes 0 for
        spend_limits.rules[].limit and window, which its own --errors check then
        refuses with a 500. Requests are validated against the unchanged schemas."""
        with open(self.schema, encoding="utf-8") as f:
            doc = json.load(f)
        changed = []

        def walk(x, path, in_responses):
            if isinstance(x, dict):
                if in_responses and x.get("exclusiveMinimum") is True and "minimum" in x:
                    x["minimum"] = x["minimum"] + (1 if x.get("type") == "integer" else 1e-6)
                    del x["exclusiveMinimum"]
                    changed.append("/".join(path[-3:]))
                for k, v in x.items():
                    walk(v, path + [k], in_responses or k == "responses")
            elif isinstance(x, list):
                for i, v in enumerate(x):
                    walk(v, path + [str(i)], in_responses)
        walk(doc, [], False)
        if not changed:
            return self.schema, "the fragment as is"
        path = os.path.join(self.out, "fragment-dynamic.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        return path, "response schemas' exclusiveMinimum made inclusive in %d places" % len(changed)

    def start_referees(self):
        t0 = time.monotonic()
        dyn_doc, self.dyn_note = self.dynamic_document()
        try:
            with concurrent.futures.ThreadPoolExecutor(2) as ex:
                fs = ex.submit(start_prism, self.procs, self.node_modules, self.schema, self.out, "static", False)
                fd = ex.submit(start_prism, self.procs, self.node_modules, dyn_doc, self.out, "dynamic", True)
                self.prism_static, self.prism_dynamic = fs.result(), fd.result()
        except RuntimeError as e:
            FAIL(self.n("prism-start"), str(e))
            return False
        PASS(self.n("prism-start"), "static :%d, dynamic :%d (%s), %.1fs" % (self.prism_static, self.prism_dynamic,
                                                                             self.dyn_note,
                                                               time.monotonic() - t0))
        return True

    # -------------------------------------------------------------- referee
    def referee_valid(self):
        g = Group(self.n("referee-valid"))

        def one(job):
            case, auth = job
            try:
                st, hdrs, data = raw_put(self.prism_static, op_path("", self.account, case["id"]),
                                         self.raw_of(case), AUTHS[auth]["headers"])
            except OSError as e:
                return case, auth, "no answer: %s" % e
            if not 200 <= st < 300:
                return case, auth, "Prism answered %d: %s" % (st, short(violations(hdrs)))
            return case, auth, None
        jobs = [(c, a) for c in self.valid for a in AUTHS]
        with concurrent.futures.ThreadPoolExecutor(4) as ex:
            for case, auth, why in ex.map(one, jobs):
                g.bad("%s/%s" % (case["name"], auth), why) if why else g.ok()
        return g.done("%d sets x %d auth schemes" % (len(self.valid), len(AUTHS)))

    def referee_auth(self):
        """Prism checks the operation's security (api_token, or api_email AND
        api_key): without proper credentials it answers 401, so the 2xx of the
        other tests do say that both schemes were sent right."""
        g = Group(self.n("referee-auth"))
        body = self.raw_of(self.valid[0])
        for name, headers, want in (
                ("none", {}, 401),
                ("email-only", {"X-Auth-Email": EMAIL}, 401),
                ("key-only", {"X-Auth-Key": KEY}, 401),
                ("bearer-empty", {"Authorization": "Bearer"}, 401),
                ("basic", {"Authorization": "Basic dTpw"}, 401),
                ("token", AUTHS["token"]["headers"], 200),
                ("email-key", AUTHS["email-key"]["headers"], 200)):
            try:
                st, _, _ = raw_put(self.prism_static, op_path("", self.account, "my-gateway"), body, headers)
            except OSError as e:
                g.bad(name, "no answer: %s" % e)
                continue
            g.ok() if st == want else g.bad(name, "Prism answered %d, expected %d" % (st, want))
        return g.done("401 without valid credentials, 200 with either scheme")

    def referee_invalid(self):
        g = Group(self.n("referee-invalid"))
        self.prism_verdict = {}

        def one(case):
            try:
                st, hdrs, data = raw_put(self.prism_static, op_path("", self.account, case["id"]),
                                         self.raw_of(case), AUTHS["token"]["headers"])
            except OSError as e:
                return case, None, "no answer: %s" % e
            viol = violations(hdrs)
            if st not in (400, 422):
                return case, viol, "Prism answered %d, not 400/422" % st
            return case, viol, check_violations(case, viol)
        with concurrent.futures.ThreadPoolExecutor(4) as ex:
            for case, viol, why in ex.map(one, self.invalid):
                self.prism_verdict[case["name"]] = viol
                g.bad(case["name"], why) if why else g.ok()
        return g.done("%d sets" % len(self.invalid))

    # -------------------------------------------------------------- aigw vs Prism
    def aigw_valid_prism(self):
        ok = True
        items = [(c, self.path_of(c)) for c in self.valid]
        runs = [(mode, port, auth) for mode, port in (("static", self.prism_static), ("dynamic", self.prism_dynamic))
                for auth in AUTHS]
        # the four runs at once (each its own requests, in order)
        with concurrent.futures.ThreadPoolExecutor(len(runs)) as ex:
            results = list(ex.map(lambda r: (r, time.monotonic(), run_driver(
                self.driver, ["--base", "http://127.0.0.1:%d" % r[1], "--account", self.account]
                + AUTHS[r[2]]["driver"], items, timeout=120), time.monotonic()), runs))
        for (mode, port, auth), t_start, res, t_end in results:
            g = Group(self.n("aigw-valid-prism-%s-%s" % (mode, auth)))
            g.t0 = time.monotonic() - (t_end - t_start)    # its own run's time
            for c in self.valid:
                r = res.get(c["name"])
                why = self.check_sent_valid(r)
                if why:
                    g.bad(c["name"], why)
                else:
                    g.ok()
            ok &= g.done("%d sets, each a decoded gateway with an id" % len(self.valid))
        return ok

    def check_sent_valid(self, r):
        if r is None:
            return "no result"
        if "_driver_error" in r:
            return r["_driver_error"]
        if r["decode"]["err"] != "ok":
            return "aigw could not decode the set: %s" % short(r["decode"])
        if r["validate"]["err"] != "ok":
            return "aigw's validator refused a valid set: %s" % short(r["validate"])
        s = r.get("send")
        if not s:
            return "nothing sent"
        if not 200 <= s.get("status", 0) < 300:
            return "Prism answered %s: client %s %s, errors %s" % (s.get("status"), s.get("err"),
                                                                s.get("path") or "", short(s.get("errors")))
        if s["err"] != "ok":
            return "aigw could not decode Prism's %d response: %s at %s (%s)" % (
                s["status"], s["err"], s.get("path"), s.get("rule"))
        if s.get("success") is not True:
            return "envelope success is %s (env %s)" % (s.get("success"), short(s.get("env_err")))
        gw = s.get("result")
        if not isinstance(gw, dict) or not isinstance(gw.get("id"), str) or not gw["id"]:
            return "no gateway id in the decoded result: %s" % short(gw)
        return None

    def aigw_invalid_prism(self):
        g = Group(self.n("aigw-invalid-prism"))
        items = [(c, self.path_of(c)) for c in self.invalid]
        res = run_driver(self.driver, ["--no-validate", "--base", "http://127.0.0.1:%d" % self.prism_static,
                                       "--account", self.account] + AUTHS["token"]["driver"], items, timeout=120)
        self.invalid_decodable = []
        undecodable = 0
        id_refused = 0
        for c in self.invalid:
            r = res.get(c["name"])
            if r is None or "_driver_error" in r:
                g.bad(c["name"], (r or {}).get("_driver_error", "no result"))
                continue
            if r["decode"]["err"] != "ok":
                # the model cannot hold it (a wrong JSON type): aigw can never
                # send it; Prism's refusal of the raw bytes is referee-invalid's
                undecodable += 1
                continue
            s = r.get("send")
            if not s:
                g.bad(c["name"], "not sent: encoder said %s" % short(r.get("body")))
                continue
            if s.get("status") == 0 and s.get("path") == "id" and c["loc"] == ["path", "id"]:
                # the client checks the gateway id even with skip_validation
                # (it is the path, not the body): refused before sending
                id_refused += 1
                g.ok()
                continue
            self.invalid_decodable.append(c)
            if s.get("status") not in (400, 422):
                g.bad(c["name"], "aigw's request (validation off) got %s from Prism, not 400/422; body %s"
                      % (s.get("status"), short(r.get("body"))))
                continue
            if s.get("err") == "ok":
                g.bad(c["name"], "client reported success for a %s" % s.get("status"))
                continue
            g.ok()
        return g.done("%d sent with validation off, all refused; %d not representable in the model "
                      "(refused by aigw's decoder); %d gateway ids refused by the client before sending"
                      % (len(self.invalid_decodable), undecodable, id_refused))

    def agreement(self):
        items = [(c, self.path_of(c)) for c in self.cases]
        res = run_driver(self.driver, ["--validate"], items, timeout=120)
        self.validate_res = res
        gi = Group(self.n("agreement-invalid"))
        by_stage = {"decoder": 0, "validator": 0}
        for c in self.invalid:
            verdict, why = driver_verdict(res.get(c["name"], {"_driver_error": "no result"}))
            prism = self.prism_verdict.get(c["name"])
            if verdict == "reject":
                # for the same reason: aigw's diag path at or under the place
                # the case breaks (as Prism's violations are, referee-invalid)
                r = res[c["name"]]
                st = r["decode"] if r["decode"]["err"] != "ok" else r["validate"]
                got = [x for x in re.split(r"[.\[\]]+", st.get("path") or "") if x]
                want = c["loc"][1:] if c["loc"][0] == "body" else ["id"]
                if got[:len(want)] != want:
                    gi.bad(c["name"], "aigw refuses it elsewhere: %s (%s) at %r, the case breaks %s at %s"
                           % (st["err"], st.get("rule"), st.get("path"), c["rule"], "/".join(c["loc"])))
                    continue
                by_stage["decoder" if why.startswith("decoder") else "validator"] += 1
                gi.ok()
            elif verdict == "accept":
                # Prism's most specific violation (the deepest location)
                v = max(prism, key=lambda x: len(x.get("location", []))) if prism else None
                gi.bad(c["name"], "DISAGREEMENT: Prism refuses (%s: %s) but aigw's validator accepts "
                       "(rule broken: %s at %s)" % (
                           "/".join(v["location"]) if v else "?", v["message"] if v else "?",
                           c["rule"], "/".join(c["loc"])))
            else:
                gi.bad(c["name"], why)
        ok = gi.done("refused by Prism and by aigw, naming the broken field: %d by aigw's decoder "
                     "(JSON type), %d by its validator"
                     % (by_stage["decoder"], by_stage["validator"]))
        gv = Group(self.n("agreement-valid"))
        for c in self.valid:
            verdict, why = driver_verdict(res.get(c["name"], {"_driver_error": "no result"}))
            if verdict == "accept":
                gv.ok()
            else:
                gv.bad(c["name"], "DISAGREEMENT: Prism accepts but aigw refuses: %s" % why)
        ok &= gv.done("%d sets" % len(self.valid))
        # what aigw encodes from a decoded set is that set: same JSON value
        # (unknown members verbatim, null kept apart from absent)
        gr = Group(self.n("aigw-roundtrip"))
        for c in self.cases:
            r = res.get(c["name"], {})
            if "_driver_error" in r or r.get("decode", {}).get("err") != "ok":
                continue
            if not isinstance(r.get("body"), str):
                gr.bad(c["name"], "aigw could not encode the decoded set: %s" % short(r.get("body")))
                continue
            try:
                d = jdiff(jloads(self.raw_of(c).decode("utf-8")), jloads(r["body"]), "body")
            except (ValueError, Dup) as e:
                d = "aigw's body is not JSON: %s" % e
            gr.bad(c["name"], "set vs aigw's encoding: " + d) if d else gr.ok()
        ok &= gr.done("every decodable set, valid and invalid, written back as the same JSON value")
        return ok

    # -------------------------------------------------------------- SDK
    def start_recorder(self, default_body, responses_dir):
        port_file = os.path.join(self.out, "recorder.port")
        if os.path.exists(port_file):
            os.unlink(port_file)
        self.recorder_log = os.path.join(self.out, "recorder.jsonl")
        p = self.procs.start([sys.executable, os.path.join(HERE, "recorder.py"), "--port-file", port_file,
                              "--log", self.recorder_log, "--default", default_body,
                              "--responses", responses_dir, "--max-seconds", str(self.a.deadline_s + 30)],
                             os.path.join(self.out, "recorder.out"))
        t_end = time.monotonic() + 20
        while not os.path.exists(port_file):
            if p.poll() is not None or time.monotonic() > t_end:
                raise RuntimeError("recorder did not start: " + tail(os.path.join(self.out, "recorder.out")))
            time.sleep(0.05)
        with open(port_file) as f:
            self.recorder_port = int(f.read())
        self.recorder_seen = 0

    def recorded(self):
        """Records that arrived since the last call."""
        with open(self.recorder_log, encoding="utf-8") as f:
            lines = f.read().splitlines()
        new = [json.loads(l) for l in lines[self.recorder_seen:]]
        self.recorder_seen = len(lines)
        return new

    def run_sdk(self, cases, auth, tag):
        job = {"base_url": "http://127.0.0.1:%d/client/v4" % self.recorder_port, "account_id": self.account,
               "auth": AUTHS[auth]["sdk"],
               "cases": [{"name": c["name"], "id": c["id"], "file": os.path.abspath(self.path_of(c))
                          if "file" in c else c["path"]} for c in cases]}
        jp = os.path.join(self.out, "sdk-job-%s.json" % tag)
        op = os.path.join(self.out, "sdk-out-%s.json" % tag)
        with open(jp, "w", encoding="utf-8") as f:
            json.dump(job, f)
        p = subprocess.run(["node", os.path.join(HERE, "sdk_drive.js"), jp, op], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120, env=child_env())
        if p.returncode != 0:
            raise RuntimeError("sdk_drive.js exited %d: %s" % (p.returncode, p.stderr.decode()[-500:]))
        with open(op, encoding="utf-8") as f:
            return f.read()

    def sdk_body(self):
        ok = True
        default = os.path.join(self.out, "responses", "api_page_example.json")
        self.start_recorder(default, os.path.join(self.out, "responses"))
        # every set the SDK can carry unchanged that aigw can represent: the valid
        # ones and the invalid ones its decoder holds (sent with validation off)
        excluded = [c for c in self.valid if not c["sdk"]]
        cases = [c for c in self.valid if c["sdk"]] + list(self.invalid_decodable)
        for auth in AUTHS:
            g = Group(self.n("sdk-body-%s" % auth))
            try:
                sdk_out = jloads(self.run_sdk(cases, auth, "body-" + auth))
            except (RuntimeError, subprocess.TimeoutExpired, ValueError) as e:
                FAIL(g.name, "the SDK run failed: %s" % e)
                ok = False
                continue
            sdk_rec = self.recorded()
            res = run_driver(self.driver, ["--no-validate", "--base",
                                           "http://127.0.0.1:%d/client/v4" % self.recorder_port,
                                           "--account", self.account] + AUTHS[auth]["driver"],
                             [(c, self.path_of(c)) for c in cases], timeout=120)
            aigw_rec = self.recorded()
            if len(sdk_rec) != len(cases) or len(aigw_rec) != len(cases):
                FAIL(g.name, "recorder saw %d SDK and %d aigw requests for %d sets"
                     % (len(sdk_rec), len(aigw_rec), len(cases)))
                ok = False
                continue
            for c, out, s, w in zip(cases, sdk_out, sdk_rec, aigw_rec):
                r = res.get(c["name"], {})
                if not out.get("ok"):
                    g.bad(c["name"], "the SDK's update() failed: %s" % out.get("error"))
                    continue
                if r.get("send", {}) is None or (r.get("send") or {}).get("err") not in ("ok",):
                    g.bad(c["name"], "aigw's call failed: %s" % short(r.get("send") or r))
                    continue
                why = compare_requests(s, w)
                if why:
                    g.bad(c["name"], why)
                else:
                    g.ok()
                if c["name"] == "v_api_page_example":
                    self.save_request(s, "sdk-request" + ("" if auth == "token" else "-" + auth) + ".txt")
                    self.save_request(w, "aigw-request" + ("" if auth == "token" else "-" + auth) + ".txt")
            ok &= g.done("%d sets (%d valid, %d invalid sent with validation off); not sent through the SDK: "
                         "%s" % (len(cases), len(cases) - len(self.invalid_decodable), len(self.invalid_decodable),
                                 ", ".join("%s (%s)" % (c["name"], c["note"]) for c in excluded) or "none"))
        return ok

    def save_request(self, rec, name):
        with open(os.path.join(self.a.out, name), "wb") as f:     # bench/wire.py reads it there
            f.write(base64.b64decode(rec["raw_b64"]))

    def sdk_response(self, names):
        g = Group(self.n("sdk-response"))
        cases = [{"name": n, "id": "resp-" + n, "path": os.path.join(self.out, "responses", n + ".json")}
                 for n in names]
        try:
            sdk_out = jloads(self.run_sdk(cases, "token", "responses"))
        except (RuntimeError, subprocess.TimeoutExpired, ValueError) as e:
            FAIL(g.name, "the SDK run failed: %s" % e)
            return False
        self.recorded()
        body = os.path.join(self.sets, "valid", "v_api_page_example.json")
        res = run_driver(self.driver, ["--base", "http://127.0.0.1:%d/client/v4" % self.recorder_port,
                                       "--account", self.account] + AUTHS["token"]["driver"],
                         [(c, body) for c in cases], timeout=60)
        self.recorded()
        for c, out in zip(cases, sdk_out):
            r = res.get(c["name"], {})
            s = r.get("send") or {}
            if not out.get("ok"):
                g.bad(c["name"], "the SDK's update() failed: %s" % out.get("error"))
            elif s.get("err") != "ok":
                g.bad(c["name"], "aigw could not decode it: %s" % short(s or r))
            else:
                d = jdiff(out["value"], s["result"], "result")
                g.bad(c["name"], "SDK vs aigw: " + d) if d else g.ok()
        return g.done("%d response bodies: %s" % (len(cases), ", ".join(names)))

    # -------------------------------------------------------------- responses
    def write_responses(self):
        """Response bodies for the response differential (bytes as given)."""
        d = os.path.join(self.out, "responses")
        os.makedirs(d, exist_ok=True)
        names = []

        def put(name, text):
            with open(os.path.join(d, name + ".json"), "w", encoding="utf-8", newline="") as f:
                f.write(text)
            names.append(name)
        # the API page's example answer, exactly as the page prints it
        with open(os.path.join(self.root, "tools", "upstream", "seed", "update-a-gateway.txt"), encoding="utf-8") as f:
            seed = f.read()
        start = seed.index('{\n  "result"')
        obj, end = json.JSONDecoder().raw_decode(seed, start)
        page = seed[start:end]
        put("api_page_example", page)
        base = obj["result"]
        # every nullable member null, optional ones absent
        nulls = {k: base[k] for k in ("id", "cache_invalidate_on_update", "collect_logs",
                                      "created_at", "modified_at")}
        for k in ("cache_ttl", "rate_limiting_interval", "rate_limiting_limit", "log_management",
                  "log_management_strategy", "logpush_public_key", "otel", "rate_limiting_technique",
                  "retry_backoff", "retry_delay", "retry_max_attempts", "store_id", "stripe"):
            nulls[k] = None
        put("nulls", json.dumps({"result": nulls, "success": True}))
        # the live API returns null where the schema does not allow it
        every = {k: None for k in base}
        every.update({"id": "gw-null", "created_at": base["created_at"], "modified_at": base["modified_at"]})
        put("null_everywhere", json.dumps({"result": every, "success": True, "errors": [], "messages": []}))
        # dlp in its second shape, non-ASCII and escapes, a +02:00 offset
        v2 = copy.deepcopy(base)
        v2["dlp"] = {"enabled": False, "policies": [
            {"id": "p\u00e9-1", "action": "FLAG", "check": ["REQUEST"], "enabled": True, "profiles": []},
            {"id": "p-2", "action": "BLOCK", "check": ["REQUEST", "RESPONSE"], "enabled": False,
             "profiles": ["\U0001F600", "a\"b\\c\n"]}]}
        v2["created_at"] = "2026-07-01T12:00:00.5+02:00"
        v2["store_id"] = "\u65e5\u672c \u0000 \u2028"
        put("dlp_v2", json.dumps({"result": v2, "success": True, "errors": [], "messages": []},
                                 ensure_ascii=True))
        v1 = copy.deepcopy(base)
        v1["dlp"] = {"action": "FLAG", "enabled": False, "profiles": []}
        v1["otel"] = []
        put("dlp_v1", json.dumps({"success": True, "result": v1}, ensure_ascii=False))
        # the newer API (tools/upstream/api/ai-gateway.2026-08-17): new members, a new
        # enum value, otel without authorization, plus members nobody knows yet
        newer = copy.deepcopy(base)
        newer["workers_ai_billing_mode"] = "unified"
        newer["log_classification"] = True
        newer["guardrails"] = {"prompt": {"P1": "FLAG", "S1": "BLOCK"}, "response": {"S2": "FLAG"}}
        newer["spend_limits"] = {"enabled": True, "rules": [{"enabled": True, "id": "r-1", "limit": 12.75,
                                                             "limitType": "cost", "metadata": {}}]}
        newer["otel"] = [{"headers": {}, "url": "https://o.example/v1", "content_type": "protobuf"}]
        newer["dlp"]["profiles"] = ["p1"]
        newer["dlp"]["x_new_dlp_member"] = {"a": [1, 2]}
        newer["retry_max_attempts"] = 10
        newer["zz_unknown"] = [None, True, -1.5e-7, "\U0010FFFF"]
        put("newer_fields", json.dumps({"result": newer, "success": True, "errors": [], "messages": [],
                                        "result_info": {"count": 1}}, ensure_ascii=False))
        # Prism's own generated bodies (static example and dynamic, seeded)
        for mode, port in (("prism_static", self.prism_static), ("prism_dynamic", self.prism_dynamic)):
            for i in range(3 if mode == "prism_dynamic" else 1):
                st, hdrs, data = raw_put(port, op_path("", self.account, "my-gateway"),
                                         self.raw_of(self.valid[0]), AUTHS["token"]["headers"])
                if st == 200:
                    put("%s_%d" % (mode, i), data.decode("utf-8"))
        return names

    # -------------------------------------------------------------- later versions' members
    def referee_later(self):
        """This version's fragment does not name a later version's member: Prism
        takes it as an unknown member (no additionalProperties: false)."""
        g = Group(self.n("referee-later"))
        for c in self.later:
            try:
                st, hdrs, _ = raw_put(self.prism_static, op_path("", self.account, c["id"]), self.raw_of(c),
                                      AUTHS["token"]["headers"])
            except OSError as e:
                g.bad(c["name"], "no answer: %s" % e)
                continue
            g.ok() if 200 <= st < 300 else g.bad(c["name"], "Prism answered %d: %s" % (st, short(violations(hdrs))))
        return g.done("%d sets, each with one member only a later version names: %s"
                      % (len(self.later), ", ".join(c["loc"][-1] for c in self.later)))

    def agreement_later(self):
        """aigw built for this version refuses a later version's member by name
        (client-side; the fragment would take it as unknown, the server of this
        version would not apply it), and sends it when validation is off."""
        g = Group(self.n("agreement-later"))
        for c in self.later:
            r = self.validate_res.get(c["name"], {"_driver_error": "no result"})
            verdict, why = driver_verdict(r)
            if verdict != "reject":
                g.bad(c["name"], "aigw (AIGW_SCHEMA_VERSION %d) %s a member of a later version: %s"
                      % (self.version, "accepts" if verdict == "accept" else "fails on", why))
                continue
            st = r["decode"] if r["decode"]["err"] != "ok" else r["validate"]
            got = [x for x in re.split(r"[.\[\]]+", st.get("path") or "") if x]
            if got[:1] != c["loc"][1:2] or "AIGW_SCHEMA_VERSION" not in (st.get("rule") or ""):
                g.bad(c["name"], "refused as %s (%s) at %r, expected the member %s refused by version"
                      % (st["err"], st.get("rule"), st.get("path"), c["loc"][1]))
                continue
            g.ok()
        res = run_driver(self.driver, ["--no-validate", "--base", "http://127.0.0.1:%d" % self.prism_static,
                                       "--account", self.account] + AUTHS["token"]["driver"],
                         [(c, self.path_of(c)) for c in self.later], timeout=60)
        for c in self.later:
            s = (res.get(c["name"]) or {}).get("send") or {}
            g.ok() if s.get("err") == "ok" and 200 <= s.get("status", 0) < 300 else \
                g.bad(c["name"] + "/no-validate", "sent with validation off: %s" % short(s or res.get(c["name"])))
        return g.done("refused by name by the validator, sent and accepted with validation off")

    # -------------------------------------------------------------- all
    def run(self):
        """This version's checks; the referees stay up for run_sdk()."""
        t0 = time.monotonic()
        self.ready = False
        try:
            if not self.generate() or not self.start_referees():
                return
            self.referee_auth()
            self.referee_valid()
            self.referee_invalid()
            if self.later:
                self.referee_later()
            if not os.path.isfile(self.driver):
                FAIL(self.n("aigw-driver"), "%s not built (make conformance-driver)" % self.driver)
                return
            self.aigw_valid_prism()
            self.aigw_invalid_prism()
            self.agreement()
            if self.later:
                self.agreement_later()
            self.ready = True
        finally:
            note("%s: %.1fs" % (self.tag, time.monotonic() - t0))

    def sdk_checks(self):
        if not self.ready:
            FAIL(self.n("sdk-body"), "not run: this version's checks did not get that far")
            return
        names = self.write_responses()
        try:
            self.sdk_body()
        except RuntimeError as e:
            FAIL(self.n("sdk-body"), str(e))
            return
        self.sdk_response(names)

    def run_all(self):
        self.run()
        if self.sdk:
            self.sdk_checks()


def schema_versions(root):
    """[(version, fragment)] the build supports: tools/gen_schema.py's VERSIONS,
    the list the generated table is made from."""
    path = os.path.join(root, "tools", "gen_schema.py")
    with open(path, encoding="utf-8") as f:
        m = re.search(r"^VERSIONS = (\[.*?\])\n", f.read(), re.S | re.M)
    if not m:
        raise RuntimeError("no VERSIONS list in %s" % path)
    import ast
    vs = ast.literal_eval(m.group(1))
    return [(v, os.path.join(root, "tools", "upstream", "api", f)) for v, f in vs]


def default_version(root):
    path = os.path.join(root, "include", "aigw", "aigw_config.h")
    with open(path, encoding="utf-8") as f:
        m = re.search(r"#define\s+AIGW_SCHEMA_VERSION\s+(\d+)", f.read())
    if not m:
        raise RuntimeError("no AIGW_SCHEMA_VERSION default in %s" % path)
    return int(m.group(1))


def compare_requests(s, w):
    """SDK request s vs aigw request w (recorder records)."""
    if s["method"] != w["method"]:
        return "method %s vs %s" % (s["method"], w["method"])
    if s["target"] != w["target"]:
        # The SDK leaves RFC 3986 sub-delims, ':' and '@' raw in a path segment; aigw
        # percent-encodes everything outside the unreserved set (issue 3's rule, and raw
        # ',' is what Prism splits into a list). Accepted only when aigw's path is exactly
        # the strict encoding of the SDK's own segments: same ids, byte for byte.
        strict = "/".join(urllib.parse.quote(urllib.parse.unquote(seg), safe="-._~")
                          for seg in s["target"].split("/"))
        if strict != w["target"]:
            sd, wd = urllib.parse.unquote(s["target"]), urllib.parse.unquote(w["target"])
            return "path differs%s: SDK %s vs aigw %s" % (" in percent-encoding only" if sd == wd else "",
                                                          s["target"], w["target"])
    sh = {n.lower(): v for n, v in s["headers"]}
    wh = {n.lower(): v for n, v in w["headers"]}
    for h in AUTH_HEADERS:
        if sh.get(h) != wh.get(h):
            return "header %s: SDK %s vs aigw %s" % (h, short(sh.get(h)), short(wh.get(h)))
    ct = lambda v: (v or "").split(";")[0].strip().lower()
    if ct(sh.get("content-type")) != ct(wh.get("content-type")):
        return "content-type: SDK %s vs aigw %s" % (sh.get("content-type"), wh.get("content-type"))
    try:
        sb = jloads(base64.b64decode(s["body_b64"]).decode("utf-8"))
    except (ValueError, Dup) as e:
        return "the SDK's body is not JSON: %s" % e
    try:
        wb = jloads(base64.b64decode(w["body_b64"]).decode("utf-8"))
    except (ValueError, Dup) as e:
        return "aigw's body is not JSON: %s" % e
    d = jdiff(sb, wb, "body")
    return "body (SDK vs aigw) " + d if d else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--out", default=None)
    ap.add_argument("--deadline-s", type=int, default=170)
    ap.add_argument("--version", type=int, action="append", default=None,
                    help="only this schema version (repeatable; default: every version the build supports)")
    a = ap.parse_args()
    a.root = os.path.abspath(a.root)
    a.out = os.path.abspath(a.out or os.path.join(a.root, "build", "conformance"))
    os.makedirs(a.out, exist_ok=True)
    procs = Procs(os.path.join(a.out, "children.pids"))

    def on_deadline(*_):
        FAIL("deadline", "the suite ran past %ds" % a.deadline_s)
        procs.stop_all()
        os._exit(1)
    signal.signal(signal.SIGALRM, on_deadline)
    signal.signal(signal.SIGTERM, lambda *_: on_deadline())
    signal.alarm(a.deadline_s)
    t0 = time.monotonic()
    # every version at once, each with its own Prism pair and driver; the SDK
    # differential (which does not depend on the schema version) on the
    # build's default version only
    versions = schema_versions(a.root)
    default = default_version(a.root)
    if default not in [v for v, _ in versions]:
        FAIL("schema-versions", "the default AIGW_SCHEMA_VERSION %d is not one of %s" % (default, versions))
    chosen = [(v, f) for v, f in versions if a.version is None or v in a.version]
    if a.version and len(chosen) != len(set(a.version)):
        FAIL("schema-versions", "--version %s: the build supports %s" % (a.version, [v for v, _ in versions]))
    runs = [Suite(a, procs, v, f, [f2 for v2, f2 in versions if v2 > v], v == default) for v, f in chosen]
    PASS("schema-versions", "%s; default %d; SDK differential on v%d"
         % (", ".join("v%d: %s" % (v, os.path.basename(f)) for v, f in chosen), default, default))
    try:
        with concurrent.futures.ThreadPoolExecutor(len(runs) or 1) as ex:
            for fut in [ex.submit(r.run_all) for r in runs]:
                try:
                    fut.result()
                except Exception as e:      # a bug of this script: loud, and the others go on
                    FAIL("internal", "%s: %r" % (type(e).__name__, e))
    finally:
        procs.stop_all()
        note("total %.1fs" % (time.monotonic() - t0))
    print("conformance: %d passed, %d failed" % (RESULTS["pass"], RESULTS["fail"]))
    sys.exit(0 if RESULTS["fail"] == 0 and RESULTS["pass"] > 0 else 1)


if __name__ == "__main__":
    main()
