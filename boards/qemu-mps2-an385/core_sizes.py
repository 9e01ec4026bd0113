#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Size of the aigw core per target CPU (build-only targets), from its objects.

Usage: core_sizes.py OUT_BASENAME LABEL=SIZE_TOOL:OBJDIR [LABEL=SIZE_TOOL:OBJDIR ...]
Runs the target's `size` (Berkeley format) on every object in OBJDIR and
writes OUT_BASENAME.txt (per-object table per target plus totals) and
OUT_BASENAME.json ({"targets": {LABEL: {"objects": {name: {"text","data","bss"}},
"total": {...}}}}). text includes read-only data (flash); data + bss is RAM.
These are object sizes before the link's --gc-sections: an upper bound for
what a firmware pulls in (the linked board image shows what one app uses).
"""
import glob
import json
import os
import subprocess
import sys


def sizes(tool, objdir):
    objs = sorted(glob.glob(os.path.join(objdir, "*.o")))
    if not objs:
        sys.exit(f"core_sizes: no objects in {objdir}")
    out = subprocess.run([tool] + objs, check=True, capture_output=True, text=True).stdout
    res = {}
    for line in out.splitlines()[1:]:
        f = line.split()
        res[os.path.basename(f[5])[:-2]] = {"text": int(f[0]), "data": int(f[1]), "bss": int(f[2])}
    return res


def main():
    out = sys.argv[1]
    report = {"targets": {}, "note": "object sizes before --gc-sections; text includes rodata"}
    lines = []
    for spec in sys.argv[2:]:
        label, rest = spec.split("=", 1)
        tool, objdir = rest.split(":", 1)
        objs = sizes(tool, objdir)
        total = {k: sum(o[k] for o in objs.values()) for k in ("text", "data", "bss")}
        report["targets"][label] = {"objects": objs, "total": total}
        lines.append(f"aigw core, {label}: flash (text) {total['text']} B, RAM (data+bss) "
                     f"{total['data'] + total['bss']} B, {len(objs)} objects")
    names = sorted({n for t in report["targets"].values() for n in t["objects"]})
    labels = list(report["targets"])
    lines.append("")
    lines.append(f"{'object (text bytes)':<22}" + "".join(f"{l:>16}" for l in labels))
    for n in names:
        lines.append(f"{n:<22}" + "".join(
            f"{report['targets'][l]['objects'].get(n, {}).get('text', 0):>16}" for l in labels))
    lines.append(f"{'total':<22}" + "".join(f"{report['targets'][l]['total']['text']:>16}" for l in labels))
    with open(out + ".json", "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    with open(out + ".txt", "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
