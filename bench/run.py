#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make bench: every figure of issue 8 into OUT/results.json, OUT/REPORT.md and OUT/*.svg.

    python3 bench/run.py --root . --out bench [--quick] [--only footprint,wire,cpu,e2e] [--merge]

--merge keeps the figures of the parts not run from OUT/results.json (a
re-measured footprint does not replace the end-to-end rates with ones taken
on a busier machine); "parts" in results.json says when each part ran.

Parts: bench/footprint.py (Cortex-M3 flash, RAM, stack), bench/wire.py (bytes
on the wire), bench/cpu.py (callgrind, heap), bench/e2e.py (TLS updates/s).
A part that fails leaves its figures with value null and the reason in
"note"; every key of common.KEYS is always written. The drivers are built by
`make bench-build` (mk/bench.mk) before this runs.
"""
import argparse
import datetime
import json
import os
import platform
import signal
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def log(msg):
    sys.stderr.write("bench: %s\n" % msg)
    sys.stderr.flush()


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d CPUs, Linux %s" % (cpu or platform.processor(), os.cpu_count() or 0, platform.release())


def main():
    # SIGTERM unwinds like Ctrl-C, so every part's finally block stops its servers
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=".")
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true", help="tiny counts: checks the scripts, not for comparison")
    ap.add_argument("--only", default="footprint,wire,cpu,e2e")
    ap.add_argument("--merge", action="store_true", help="keep the other parts' figures from OUT/results.json")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    load = " ".join(open("/proc/loadavg").read().split()[:3]) if os.path.exists("/proc/loadavg") else "?"
    if not os.path.isdir(os.path.join(common.SDK_MODULES, "cloudflare")):
        log("installing the TypeScript SDK (tests/conformance/install.sh)")
        common.run(["bash", os.path.join(common.ROOT, "tests", "conformance", "install.sh")], timeout=600,
                   check=False)
    figures, parts_run = {}, {}
    old = {}
    if a.merge:
        try:
            with open(os.path.join(a.out, "results.json")) as f:
                old = json.load(f)
        except (OSError, ValueError):
            old = {}
    import cpu
    import e2e
    import footprint
    import wire
    parts = {"footprint": footprint, "wire": wire, "cpu": cpu, "e2e": e2e}
    for name in a.only.split(","):
        log("measuring %s%s" % (name, " (quick)" if a.quick else ""))
        start = time.time()
        try:
            figures.update(parts[name].measure(a.quick, log))
        except Exception as e:  # a broken part must not hide the others
            log("%s failed: %s" % (name, e))
            traceback.print_exc()
            figures["error." + name] = common.fig(None, "", "", note="%s failed: %s" % (name, e))
        log("%s done in %.1f s" % (name, time.time() - start))
        parts_run[name] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = dict(old.get("parts") or {p: old["generated"] for p in parts if old.get("generated")})
    parts.update(parts_run)
    for k, v in (old.get("figures") or {}).items():
        if k not in figures and not k.startswith("error."):
            figures[k] = v
    for k in common.KEYS:
        if k not in figures:
            figures[k] = common.missing("", "its part did not run or failed (see error.* keys)")
    res = {
        "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "quick": a.quick,
        "machine": machine(),
        "load": load,
        "duration": "%.0f s" % (time.time() - t0),
        "parts": parts,
        "tools": common.tools("gcc", "arm-none-eabi-gcc", "qemu-system-arm", "valgrind", "nginx", "node",
                              "cloudflare-sdk", "curl-config", "deb:libcjson1", "deb:libmbedtls14", "openssl",
                              "python3"),
        "keys": common.KEYS,
        "figures": {k: figures[k] for k in sorted(figures)},
    }
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(res, f, indent=1, sort_keys=False)
        f.write("\n")
    import report
    report.write(res, a.out)
    log("wrote %s/results.json, REPORT.md and SVG charts in %.0f s" % (a.out, time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
