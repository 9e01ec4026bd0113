#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Per-file line and branch coverage from an lcov trace (make coverage).

Usage: coverage-report.py TRACE.info [--min-branch PCT] [--missing]
Prints one row per source file and a total row, then one summary line
"coverage: lines L% (h/n) branches B% (h/n)". With --min-branch, exits 1
when the total branch coverage is below PCT. --missing lists, per file, the
lines with a branch never taken (for writing the next test).
"""
import os
import sys


def parse(path):
    files = {}
    cur = None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if line.startswith("SF:"):
                cur = files.setdefault(line[3:], {"lines": {}, "br": {}})
            elif line.startswith("DA:") and cur is not None:
                no, count = line[3:].split(",")[:2]
                cur["lines"][int(no)] = cur["lines"].get(int(no), 0) + int(count)
            elif line.startswith("BRDA:") and cur is not None:
                no, block, branch, taken = line[5:].split(",")
                key = (int(no), block, branch)
                n = 0 if taken == "-" else int(taken)
                cur["br"][key] = cur["br"].get(key, 0) + n
            elif line == "end_of_record":
                cur = None
    return files


def pct(hit, total):
    return 100.0 * hit / total if total else 100.0


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    trace, min_branch, missing = argv[1], None, False
    i = 2
    while i < len(argv):
        if argv[i] == "--min-branch":
            min_branch = float(argv[i + 1])
            i += 2
        elif argv[i] == "--missing":
            missing = True
            i += 1
        else:
            print("coverage-report: unknown option " + argv[i], file=sys.stderr)
            return 2
    files = parse(trace)
    if not files:
        print("coverage-report: no source file in " + trace, file=sys.stderr)
        return 1
    root = os.path.commonpath(list(files)) if len(files) > 1 else os.path.dirname(next(iter(files)))
    root = os.path.dirname(root)
    rows = []
    tl = th = tb = tbh = 0
    for name in sorted(files):
        d = files[name]
        ln, lh = len(d["lines"]), sum(1 for c in d["lines"].values() if c)
        bn, bh = len(d["br"]), sum(1 for c in d["br"].values() if c)
        tl, th, tb, tbh = tl + ln, th + lh, tb + bn, tbh + bh
        rows.append((os.path.relpath(name, root), lh, ln, bh, bn))
    w = max(len(r[0]) for r in rows + [("total", 0, 0, 0, 0)])
    print("%-*s  %17s  %17s" % (w, "file", "lines", "branches"))
    for name, lh, ln, bh, bn in rows + [("total", th, tl, tbh, tb)]:
        if name == "total":
            print("-" * (w + 38))
        print("%-*s  %6.1f%% %4d/%-4d  %6.1f%% %4d/%-4d" % (w, name, pct(lh, ln), lh, ln, pct(bh, bn), bh, bn))
    print("coverage: lines %.1f%% (%d/%d) branches %.1f%% (%d/%d)" % (pct(th, tl), th, tl, pct(tbh, tb), tbh, tb))
    if missing:
        for name in sorted(files):
            lines = sorted({k[0] for k, c in files[name]["br"].items() if not c})
            if lines:
                print("untaken branches %s: %s" % (os.path.relpath(name, root), " ".join(map(str, lines))))
    if min_branch is not None and pct(tbh, tb) < min_branch:
        print("coverage: branch coverage %.1f%% is below the floor of %.1f%%" % (pct(tbh, tb), min_branch))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
