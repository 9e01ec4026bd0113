#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark smoke test: runs every benchmark script in quick mode (tiny counts,
# make bench-quick -> build/bench/quick) and checks the output is well formed,
# so `make bench` does not rot. Asserts no timing: only that each figure is
# present with value, unit and method, that the reports and charts parse,
# and a few consistency properties that hold on any machine.
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh bench >/dev/null || { echo "FAIL bench/deps: tools/deps.sh bench"; exit 1; }
bash tests/conformance/install.sh >/dev/null 2>&1 || echo "note: the TypeScript SDK could not be installed"
mkdir -p build
out=build/bench/quick
rm -rf "$out"
if timeout 300 make -s bench-quick >build/bench-quick.log 2>&1; then
  echo "PASS bench/quick-run"
else
  echo "FAIL bench/quick-run: make bench-quick failed: $(tail -5 build/bench-quick.log | tr '\n' ' ')"
  exit 1
fi
python3 - "$out" <<'EOF_PY'
import json, os, sys
import xml.etree.ElementTree as ET
sys.path.insert(0, "bench")
import common

out = sys.argv[1]
rc = 0
def check(name, ok, why=""):
    global rc
    print(("PASS bench/%s" % name) if ok else ("FAIL bench/%s: %s" % (name, why)))
    rc |= 0 if ok else 1

def keys_ok(res):
    bad = []
    figs = res.get("figures", {})
    for k in common.KEYS:
        f = figs.get(k)
        if not isinstance(f, dict) or not {"value", "unit", "method"} <= set(f):
            bad.append(k + " (missing or without value/unit/method)")
        elif not {"command", "flags", "tools"} <= set(f["method"]):
            bad.append(k + " (method without command/flags/tools)")
        elif f["value"] is None and not f.get("note", "").startswith("not measured:"):
            bad.append(k + " (null without 'not measured:' note)")
    return bad

try:
    res = json.load(open(os.path.join(out, "results.json")))
except (OSError, ValueError) as e:
    check("results-json", False, str(e)); sys.exit(1)
check("results-json", res.get("quick") is True and res.get("keys") == common.KEYS, "not a quick run or keys differ")
bad = keys_ok(res)
check("results-keys", not bad, "; ".join(bad[:6]))
F = res["figures"]
# Null is allowed only where the reason is outside the benchmark: port/posix has no
# Cortex-M3 build, and the board's firmware figures need the board's own build/run.
may_be_null = {"footprint.port.posix_flash", "stack.firmware_peak"} | {
    k for k in common.KEYS if k.startswith("footprint.port.") or k.startswith("footprint.firmware.")}
nulls = [k for k in common.KEYS if F.get(k, {}).get("value") is None and k not in may_be_null]
check("results-values", not nulls, "not measured: " + "; ".join(
    "%s (%s)" % (k, F.get(k, {}).get("note", "")[:120]) for k in nulls[:5]))
errs = [k for k in F if k.startswith("error.")]
check("parts-ran", not errs, "; ".join(F[k].get("note", "")[:200] for k in errs))
def v(k):
    return F.get(k, {}).get("value")
# consistency, independent of speed
check("encode-same-bytes", "byte-identical" in F.get("cpu.encode_aigw", {}).get("note", ""),
      "aigw's and cJSON's encoded bodies differ: " + F.get("cpu.encode_aigw", {}).get("note", "")[-120:])
check("wire-same-body", v("wire.aigw_request") is not None and v("wire.aigw_request") - v("wire.aigw_head") == v("wire.body")
      and "body equal" in F.get("wire.sdk_request", {}).get("note", ""), "recorded bodies differ from the full example")
check("core-heap-free", v("heap.encode_aigw_allocs") == 0 and v("heap.decode_aigw_allocs") == 0,
      "aigw allocated on the heap: %s / %s" % (v("heap.encode_aigw_allocs"), v("heap.decode_aigw_allocs")))
path = v("stack.core_static_path") or []
check("stack-path-sums", path and sum(p["frame"] for p in path) == v("stack.core_static_update"),
      "the reported path does not add up to the reported worst case")
# the static bound must cover what QEMU measured (plus the dummy port's few frames)
check("stack-bound-covers-measured", (v("stack.core_measured_update") or 0) <= (v("stack.core_static_update") or 0) + 64,
      "measured %s B > static %s B" % (v("stack.core_measured_update"), v("stack.core_static_update")))
check("ram-total-adds-up", v("ram.caller_total") == sum(v(k) for k in (
      "ram.client_struct", "ram.io_buffer", "ram.result_struct", "ram.body_buffer", "ram.token_bytes", "ram.arena")),
      "ram.caller_total is not the sum of its parts")
# report and charts
try:
    md = open(os.path.join(out, "REPORT.md")).read()
    need = ["## Targets", "## Footprint on a Cortex-M3", "## Stack", "## Bytes on the wire", "## CPU and heap",
            "## End to end over TLS"]
    miss = [h for h in need if h not in md]
    check("report-md", not miss and "QUICK MODE" in md, "missing sections: %s" % miss)
except OSError as e:
    check("report-md", False, str(e))
svgs = [f for f in os.listdir(out) if f.endswith(".svg")]
bad = []
for f in svgs:
    try:
        root = ET.parse(os.path.join(out, f)).getroot()
        if not root.tag.endswith("svg") or not any(e.tag.endswith("rect") for e in root.iter()):
            bad.append(f + " (no bars)")
    except ET.ParseError as e:
        bad.append("%s (%s)" % (f, e))
check("svg-charts", len(svgs) >= 1 and not bad, "no SVG" if not svgs else "; ".join(bad))
# the committed results of the last real run hold every key the scripts now produce
try:
    committed = json.load(open("bench/results.json"))
    bad = keys_ok(committed)
    check("committed-results", not bad and committed.get("quick") is False,
          "bench/results.json is stale (rerun make bench): " + "; ".join(bad[:4]))
except (OSError, ValueError) as e:
    check("committed-results", False, "bench/results.json: %s (run make bench and commit it)" % e)
sys.exit(rc)
EOF_PY
