#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compares the bodies aigw encodes for the API page's examples (the output
of build/tests/print_example) with the examples on the page itself
(tools/upstream/seed/update-a-gateway.txt), independently of the C test's literals:
  - snippet: the keyword arguments of the Python snippet, minus the path
    parameters id and account_id;
  - result:  the example result object, minus the members that are not
    part of the update body (id, created_at, modified_at, is_default).
Both must match byte for byte as compact JSON in the page's member order.
Usage: check_example.py <seed-page> <print_example-output>
"""
import ast
import json
import re
import sys

NOT_IN_BODY = ("id", "created_at", "modified_at", "is_default")


def main():
    page = open(sys.argv[1], encoding="utf-8").read()
    got = {}
    for line in open(sys.argv[2], encoding="utf-8"):
        label, _, body = line.rstrip("\n").partition(" ")
        got[label] = body
    ok = True

    m = re.search(r"client\.ai_gateway\.update\((.*?)\n\)", page, re.S)
    if not m:
        print("FAIL example_snippet: Python snippet not found in the page")
        return 1
    want = {}
    for arg in m.group(1).split("\n"):
        arg = arg.strip().rstrip(",")
        if not arg:
            continue
        name, _, value = arg.partition("=")
        if name in ("id", "account_id"):
            continue
        want[name] = ast.literal_eval(value)
    want_s = json.dumps(want, separators=(",", ":"), ensure_ascii=False)
    if got.get("snippet") == want_s:
        print("PASS example_snippet: the Python snippet's values encode as on the page")
    else:
        ok = False
        print(f"FAIL example_snippet: got {got.get('snippet')!r}, page gives {want_s!r}")

    start = page.index('{\n  "result"')
    doc, _ = json.JSONDecoder().raw_decode(page[start:])
    result = {k: v for k, v in doc["result"].items() if k not in NOT_IN_BODY}
    want_r = json.dumps(result, separators=(",", ":"), ensure_ascii=False)
    if got.get("result") == want_r:
        print("PASS example_result: the example result object's update fields encode as on the page")
    else:
        ok = False
        print(f"FAIL example_result: got {got.get('result')!r}, page gives {want_r!r}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
