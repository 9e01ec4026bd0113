# SPDX-License-Identifier: MIT
"""Bytes on the wire for the full example update (part of bench/run.py).

aigw (bench/e2e_aigw.c, one update) and Cloudflare's TypeScript SDK
(bench/sdk_update.js, one update) each send it over plain HTTP to the
conformance recorder (tests/conformance/recorder.py), which keeps the exact
bytes; the minimal valid request is computed. The recorder listens on
127.0.0.1:<port>, so each request's Host header is rewritten to
api.cloudflare.com (what production sends) before counting, for all three.
"""
import base64
import json
import os
import signal
import subprocess
import tempfile
import time

import common
from common import ROOT, fig, missing, tools

PROD_HOST = "api.cloudflare.com"


def minimal_request(body):
    path = "/client/v4/accounts/%s/ai-gateway/gateways/%s" % (common.ACCOUNT, common.GATEWAY)
    head = ("PUT %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\n\r\n" % (path, PROD_HOST, common.TOKEN, len(body))).encode()
    return head, body


def split(raw):
    i = raw.index(b"\r\n\r\n") + 4
    return raw[:i], raw[i:]


def normalise_host(head):
    lines = head.split(b"\r\n")
    out = []
    for line in lines:
        if line.lower().startswith(b"host:"):
            line = b"Host: " + PROD_HOST.encode()
        out.append(line)
    return b"\r\n".join(out)


def header_sizes(head):
    """[[name, bytes of the whole line with CRLF]] in the order sent."""
    rows = []
    for line in head.split(b"\r\n")[1:]:
        if line:
            rows.append([line.split(b":", 1)[0].decode("latin-1"), len(line) + 2])
    return rows


def start_recorder(tmp, log):
    port_file = os.path.join(tmp, "port")
    resp = os.path.join(tmp, "response.json")
    with open(common.PAGE_RESPONSE, "rb") as f, open(resp, "wb") as g:
        g.write(f.read())
    p = subprocess.Popen(["python3", os.path.join(ROOT, "tests", "conformance", "recorder.py"),
                          "--port-file", port_file, "--log", os.path.join(tmp, "rec.jsonl"),
                          "--default", resp, "--max-seconds", "120"],
                         stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "rec.err"), "w"))
    for _ in range(100):
        if os.path.exists(port_file) and open(port_file).read().strip():
            return p, int(open(port_file).read().strip())
        if p.poll() is not None:
            break
        time.sleep(0.05)
    p.kill()
    raise RuntimeError("the recorder did not start: " + open(os.path.join(tmp, "rec.err")).read()[-300:])


def records(tmp):
    path = os.path.join(tmp, "rec.jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]


def measure(quick, log):
    R = {}
    body = common.full_example_json()
    mh, mb = minimal_request(body)
    t = tools("gcc", "node", "cloudflare-sdk", "python3")
    rec_cmd = "python3 tests/conformance/recorder.py --port-file F --log L --default tests/data/json/api_example.json"
    R["wire.body"] = fig(len(body), "B", "bench/common.py full_example_json()", "",
                         note="the full example, compact JSON: the API page's example result minus id, created_at, "
                              "modified_at, is_default; otel[0].url %s instead of \"url\" (which breaks format: uri)"
                              % common.OTEL_URL)
    R["wire.minimal_request"] = fig(len(mh) + len(mb), "B", "bench/wire.py minimal_request()", "",
                                    note="request line, Host, Authorization: Bearer, Content-Type, Content-Length, "
                                         "blank line, body")
    R["wire.minimal_head"] = fig(len(mh), "B", "bench/wire.py minimal_request()", "")
    tmp = tempfile.mkdtemp(prefix="aigw-bench-wire-")
    body_file = common.write_full_example(os.path.join(tmp, "body.json"))
    rec = None
    aigw_raw = sdk_raw = None
    why_a = why_s = None
    try:
        rec, port = start_recorder(tmp, log)
        base = "http://127.0.0.1:%d/client/v4" % port
        p = common.run([os.path.join(common.BUILD, "e2e_aigw"), base, "1"], timeout=30, check=False)
        recs = records(tmp)
        if p.returncode == 0 and len(recs) == 1:
            aigw_raw = base64.b64decode(recs[0]["raw_b64"])
        else:
            why_a = "e2e_aigw against the recorder: exit %d, %d records: %s" % (p.returncode, len(recs), p.stderr[-300:])
        if not os.path.isdir(os.path.join(common.SDK_MODULES, "cloudflare")):
            why_s = "the SDK is not installed (bash tests/conformance/install.sh)"
        else:
            n0 = len(records(tmp))
            p = common.run(["node", os.path.join(ROOT, "bench", "sdk_update.js"), base, "1", body_file],
                           timeout=60, check=False)
            recs = records(tmp)[n0:]
            if p.returncode == 0 and len(recs) == 1:
                sdk_raw = base64.b64decode(recs[0]["raw_b64"])
            else:
                why_s = "sdk_update.js against the recorder: exit %d, %d records: %s" % (
                    p.returncode, len(recs), (p.stderr or p.stdout)[-300:])
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        why_a = why_a or str(e)
        why_s = why_s or str(e)
    finally:
        if rec:
            rec.send_signal(signal.SIGTERM)
            try:
                rec.wait(5)
            except subprocess.TimeoutExpired:
                rec.kill()
    acmd = rec_cmd + "; build/bench/e2e_aigw http://127.0.0.1:PORT/client/v4 1"
    scmd = rec_cmd + "; node bench/sdk_update.js http://127.0.0.1:PORT/client/v4 1 body.json"
    if aigw_raw:
        h, b = split(aigw_raw)
        h = normalise_host(h)
        note = "recorded bytes, Host rewritten to %s" % PROD_HOST
        if b != body:
            note += "; WARNING: the recorded body differs from the full example's compact JSON"
        R["wire.aigw_request"] = fig(len(h) + len(b), "B", acmd, "", t, note)
        R["wire.aigw_head"] = fig(len(h), "B", acmd, "", t, note, text=h.decode("latin-1"))
        R["wire.aigw_headers"] = fig(header_sizes(h), "B", acmd, "", t, "each header line with its CRLF, in order")
        R["wire.aigw_over_minimal"] = fig(len(h) + len(b) - len(mh) - len(mb), "B",
                                          "wire.aigw_request - wire.minimal_request", "", t,
                                          "what aigw adds to the minimal request (headers beyond the required)")
    else:
        for k in ("wire.aigw_request", "wire.aigw_head", "wire.aigw_headers", "wire.aigw_over_minimal"):
            R[k] = missing("B", why_a, acmd)
    if sdk_raw:
        h, b = split(sdk_raw)
        h = normalise_host(h)
        note = "recorded bytes, Host rewritten to %s" % PROD_HOST
        same = json.loads(b) == json.loads(body)
        note += "; body %s as JSON to aigw's" % ("equal" if same else "NOT equal")
        R["wire.sdk_request"] = fig(len(h) + len(b), "B", scmd, "", t, note)
        R["wire.sdk_head"] = fig(len(h), "B", scmd, "", t, note, text=h.decode("latin-1"))
        R["wire.sdk_body"] = fig(len(b), "B", scmd, "", t, note)
        R["wire.sdk_headers"] = fig(header_sizes(h), "B", scmd, "", t,
                                    "each header line with its CRLF, in order; some values depend on the machine "
                                    "(x-stainless-os, -arch, -runtime-version)")
        if aigw_raw:
            R["wire.sdk_over_aigw"] = fig(round((len(h) + len(b)) / R["wire.aigw_request"]["value"], 3), "x",
                                          "wire.sdk_request / wire.aigw_request", "", t)
        else:
            R["wire.sdk_over_aigw"] = missing("x", why_a)
    else:
        for k in ("wire.sdk_request", "wire.sdk_head", "wire.sdk_body", "wire.sdk_headers"):
            R[k] = missing("B", why_s, scmd)
        R["wire.sdk_over_aigw"] = missing("x", why_s)
    conf = os.path.join(ROOT, "build", "conformance", "sdk-request.txt")
    if os.path.exists(conf):
        R["wire.sdk_request"]["note"] = R["wire.sdk_request"].get("note", "") + (
            "; build/conformance/sdk-request.txt (the conformance recorder's SDK request for the page's 5-field "
            "snippet, not the full example) is %d B" % os.path.getsize(conf))
    return R
