#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Randomized round trip, Python side (stdlib only).

Reads the output of build/tests/gen_roundtrip: per case a body ("B <json>")
and a description of the values the C generator put into the struct ("D
<path> <node>" lines, written from the values, not by the encoder). For
each case it
  1. parses the body with Python's json module (strict: raw control
     characters in strings are refused), keeping members in order and
     duplicates as they are;
  2. flattens the parsed document into the same "<path> <node>" lines and
     compares them with the description, in order;
  3. re-serialises the document compactly and demands the body is exactly
     that spelling (RFC 8259 compact form, short escapes, \\u00XX for other
     controls, UTF-8 passed through).
Prints "PASS <name>" / "FAIL <name>: <why>" lines; exits non-zero on failure.
Usage: check_roundtrip.py <generator-output-file>
"""
import json
import sys


def pairs(items):
    return ("obj", items)  # keep order and duplicates


class Num:
    """A JSON number with a fraction or exponent, kept as its text: the
    generator's numbers kept as text (spend_limits.rules[].limit) must be
    sent exactly as given (node R<text>)."""
    def __init__(self, text):
        self.text = text


def flatten(v, path, out):
    p = "/".join(path)
    if isinstance(v, tuple):
        out.append(f"{p} O{len(v[1])}")
        for k, x in v[1]:
            flatten(x, path + ["k" + k.encode("utf-8").hex()], out)
    elif isinstance(v, list):
        out.append(f"{p} A{len(v)}")
        for i, x in enumerate(v):
            flatten(x, path + [f"i{i}"], out)
    elif v is None:
        out.append(f"{p} N")
    elif v is True:
        out.append(f"{p} T")
    elif v is False:
        out.append(f"{p} F")
    elif isinstance(v, int):
        out.append(f"{p} I{v}")
    elif isinstance(v, Num):
        out.append(f"{p} R{v.text}")
    elif isinstance(v, str):
        out.append(f"{p} S{v.encode('utf-8').hex()}")
    else:
        raise ValueError(f"unexpected JSON value {v!r} at {p}")


def canonical(v):
    if isinstance(v, tuple):
        return "{" + ",".join(canonical(k) + ":" + canonical(x) for k, x in v[1]) + "}"
    if isinstance(v, list):
        return "[" + ",".join(canonical(x) for x in v) + "]"
    if isinstance(v, Num):
        return v.text
    return json.dumps(v, ensure_ascii=False)


def main():
    if len(sys.argv) != 2:
        print("usage: check_roundtrip.py FILE", file=sys.stderr)
        return 2
    data = open(sys.argv[1], "rb").read()
    cases = 0
    failures = 0
    end = None
    body = None
    desc = []
    case_id = None
    for raw in data.split(b"\n"):
        if not raw:
            continue
        tag, _, rest = raw.partition(b" ")
        if tag == b"C":
            case_id = rest.decode()
            body, desc = None, []
        elif tag == b"B":
            body = rest
        elif tag == b"D":
            desc.append(rest.decode("ascii"))
        elif tag == b"E":
            cases += 1
            why = check_case(body, desc)
            if why:
                failures += 1
                if failures <= 10:
                    print(f"FAIL roundtrip_case_{case_id}: {why}")
        elif tag == b"END":
            end = rest.decode().split()
        elif tag == b"FAIL":
            failures += 1
            print(raw.decode("utf-8", "replace"))
    if end is None:
        print("FAIL roundtrip: generator output has no END line (crashed?)")
        return 1
    if int(end[0]) != cases + int(end[1]):
        print(f"FAIL roundtrip: {cases} cases read, generator announced {end[0]}")
        return 1
    if cases < 1000:
        print(f"FAIL roundtrip: only {cases} cases")
        return 1
    if failures:
        print(f"FAIL roundtrip: {failures} of {cases} cases differ")
        return 1
    print(f"PASS roundtrip: {cases} random valid parameter sets read back identically by Python's json")
    return 0


def check_case(body, desc):
    if body is None:
        return "no body"
    try:
        text = body.decode("utf-8")  # strict: invalid UTF-8 raises
    except UnicodeDecodeError as e:
        return f"body is not UTF-8: {e}"
    try:
        doc = json.loads(text, object_pairs_hook=pairs, parse_float=Num)
    except ValueError as e:
        return f"json.loads: {e}"
    got = []
    flatten(doc, [], got)
    # the root path is "" in both spellings
    if got != desc:
        for i, (a, b) in enumerate(zip(got, desc)):
            if a != b:
                return f"node {i}: parsed {a[:120]!r}, described {b[:120]!r}"
        return f"{len(got)} nodes parsed, {len(desc)} described"
    canon = canonical(doc)
    if canon != text:
        i = next((k for k in range(min(len(canon), len(text))) if canon[k] != text[k]),
                 min(len(canon), len(text)))
        return f"not the compact canonical spelling at char {i}: {text[max(0, i-20):i+20]!r}"
    return None


if __name__ == "__main__":
    sys.exit(main())
