#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the request bodies test_hostile produced with an independent JSON parser
(Python's json, strict: no raw control characters in strings).

Input (stdin): lines "BODY <case> <body hex> <path JSON> <key|value> <expected hex>" among
test_hostile's PASS/FAIL lines. For every body: it is UTF-8, it has no byte below 0x20
(every control character escaped), json.loads accepts it, and the string at the path
(or the member name, for "key") is exactly the expected bytes. A self-test first proves
the check refuses a broken escape, a raw control character and a changed value.
Prints PASS/FAIL lines.
"""
import json
import sys


def check(body, path, kind, want):
    if any(b < 0x20 for b in body):
        return "raw control byte in the body"
    try:
        obj = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as ex:
        return f"not JSON: {ex}"
    at = obj
    try:
        for p in path:
            at = at[p]
    except (KeyError, IndexError, TypeError):
        return f"no {path}"
    want_s = want.decode("utf-8")
    if kind == "key":
        if list(at.keys()) != [want_s]:
            return f"member names {list(at.keys())!r:.80} (want [{want_s!r:.40}])"
    elif at != want_s:
        return f"value {at!r:.60} (want {want_s!r:.60})"
    return None


def selftest():
    good = b'{"store_id":"a\\"b"}'
    bad = [b'{"store_id":"a"b"}', b'{"store_id":"a\nb"}', b'{"store_id":"a\\"c"}', b'{"store_id":"a\xffb"}']
    errs = [] if check(good, ["store_id"], "value", b'a"b') is None else ["a good body refused"]
    for b in bad:
        if check(b, ["store_id"], "value", b'a"b') is None:
            errs.append(f"accepted {b!r}")
    return errs


def main():
    errs = selftest()
    print(("PASS hostile/python-checker-selftest" if not errs else "FAIL hostile/python-checker-selftest: " + "; ".join(errs)))
    bad, n = [], 0
    for line in sys.stdin:
        if not line.startswith("BODY "):
            continue
        _, case, body_hex, path, kind, want_hex = line.split(" ")
        n += 1
        why = check(bytes.fromhex(body_hex) if body_hex != "-" else b"", json.loads(path), kind,
                    bytes.fromhex(want_hex.strip()) if want_hex.strip() != "-" else b"")
        if why:
            bad.append(f"{case}: {why}")
    if n == 0:
        bad.append("no bodies to check")
    if bad:
        print(f"FAIL hostile/bodies-parse-with-python-json: {len(bad)} of {n}: " + "; ".join(bad[:5]))
    else:
        print(f"PASS hostile/bodies-parse-with-python-json ({n} bodies, each value decoded to the same string)")
    return 1 if bad or errs else 0


if __name__ == "__main__":
    sys.exit(main())
