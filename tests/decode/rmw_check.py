#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Independent check of the lossless read-modify-write (Python's json).

For each golden GET response: take its result, drop the read-only members
(id, created_at, modified_at, is_default), set cache_ttl to a new value;
the PUT body aigw produced (test_decode_rmw --emit) must be that object,
member for member, value for value. Prints PASS/FAIL lines.
Usage: rmw_check.py <test_decode_rmw> <golden dir> <file>...
"""
import json
import subprocess
import sys

READ_ONLY = ("id", "created_at", "modified_at", "is_default")


def main():
    tool, d, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    failed = 0
    for f in files:
        name = "rmw_python_" + f.rsplit(".", 1)[0]
        with open(f"{d}/{f}", encoding="utf-8") as fh:
            result = json.load(fh)["result"]
        ttl = (result.get("cache_ttl") or 0) + 777
        out = subprocess.run([tool, "--emit", f"{d}/{f}", str(ttl)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, check=False)
        if out.returncode != 0:
            print(f"FAIL {name}: tool exited {out.returncode}: {out.stderr.decode().strip()}")
            failed += 1
            continue
        try:
            body = json.loads(out.stdout.decode("utf-8"), object_pairs_hook=lambda p: p)
        except ValueError as e:
            print(f"FAIL {name}: PUT body is not JSON ({e}): {out.stdout[:200]!r}")
            failed += 1
            continue
        names = [k for k, _ in body]
        if len(names) != len(set(names)):
            print(f"FAIL {name}: duplicate members in the PUT body: {names}")
            failed += 1
            continue
        want = {k: v for k, v in result.items() if k not in READ_ONLY}
        want["cache_ttl"] = ttl
        got = json.loads(out.stdout.decode("utf-8"))
        if got != want:
            missing = sorted(set(want) - set(got))
            extra = sorted(set(got) - set(want))
            changed = sorted(k for k in want if k in got and got[k] != want[k])
            print(f"FAIL {name}: missing {missing}, unexpected {extra}, changed {changed}")
            failed += 1
            continue
        print(f"PASS {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
