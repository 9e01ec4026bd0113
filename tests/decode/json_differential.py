#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Differential test of aigw_json_parse() against Python's json module.

Generates random JSON documents and mutations of them (a byte deleted,
inserted, replaced, a piece duplicated, the text cut), runs them all
through the C batch tool, and compares the verdict with a strict reference:
UTF-8 must decode strictly, json.loads must accept it without NaN/Infinity,
and no string may hold a lone surrogate (from a \\ud800 escape). For valid
texts the token count must equal the number of JSON values plus member
names. Prints PASS/FAIL lines. Usage: json_differential.py <batch tool> [cases] [seed]
"""
import json
import random
import struct
import subprocess
import sys


def reject_constant(_):
    raise ValueError("constant")


class Obj(list):
    """A JSON object as its list of (name, value) pairs: duplicates kept."""


def has_lone_surrogate(v):
    if isinstance(v, str):
        try:
            v.encode("utf-8")
            return False
        except UnicodeEncodeError:
            return True
    if isinstance(v, Obj):
        return any(has_lone_surrogate(k) or has_lone_surrogate(x) for k, x in v)
    if isinstance(v, list):
        return any(has_lone_surrogate(x) for x in v)
    return False


def count_tokens(v):
    if isinstance(v, Obj):
        return 1 + sum(1 + count_tokens(x) for _, x in v)
    if isinstance(v, list):
        return 1 + sum(count_tokens(x) for x in v)
    return 1


def reference(b):
    """None if invalid, else the token count."""
    try:
        s = b.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        v = json.loads(s, parse_constant=reject_constant, object_pairs_hook=Obj)
    except (ValueError, RecursionError):
        return None
    if has_lone_surrogate(v):
        return None
    return count_tokens(v)


WORDS = ["", "a", "id", "caf\u00e9", "\u65e5\u672c", "\U0001F600", "q\"uote", "back\\slash", "tab\t", "nl\n", "\u0000", "\ud83d"]


def rand_str(r):
    w = r.choice(WORDS)
    if w == "\ud83d":
        return "\"x\\ud83d\""  # lone surrogate escape: invalid
    return json.dumps(w, ensure_ascii=r.random() < 0.5)


def rand_value(r, depth):
    k = r.random()
    if depth > 4 or k < 0.45:
        return r.choice([
            lambda: rand_str(r), lambda: str(r.randint(-10**20, 10**20)), lambda: repr(r.uniform(-1e6, 1e6)),
            lambda: "true", lambda: "false", lambda: "null", lambda: "0", lambda: "-0", lambda: "1e5",
            lambda: "1E-2", lambda: "0.5"])()
    ws = lambda: r.choice(["", "", " ", "\n", "\t ", "\r\n"])
    if k < 0.7:
        n = r.randint(0, 4)
        return "[" + ws() + ("," + ws()).join(rand_value(r, depth + 1) for _ in range(n)) + ws() + "]"
    n = r.randint(0, 4)
    return "{" + ws() + ",".join(ws() + rand_str(r) + ws() + ":" + ws() + rand_value(r, depth + 1) + ws()
                                 for _ in range(n)) + "}"


INTERESTING = [b"{", b"}", b"[", b"]", b",", b":", b"\"", b"\\", b" ", b"0", b"1", b"-", b"+", b".", b"e",
               b"t", b"n", b"u", b"\x00", b"\x01", b"\x1f", b"\x7f", b"\x80", b"\xc3", b"\xed\xa0\x80",
               b"\xf4\x90\x80\x80", b"\xff", b"\\u", b"\\ud800", b"\\udc00", b"true", b"null", b"01", b"\t"]


def mutate(r, b):
    op = r.randrange(6)
    if not b:
        return r.choice(INTERESTING)
    i = r.randrange(len(b) + 1)
    if op == 0 and len(b) > 0:
        i = min(i, len(b) - 1)
        return b[:i] + b[i + 1:]
    if op == 1:
        return b[:i] + r.choice(INTERESTING) + b[i:]
    if op == 2 and len(b) > 0:
        i = min(i, len(b) - 1)
        return b[:i] + r.choice(INTERESTING) + b[i + 1:]
    if op == 3:
        j = r.randint(i, len(b))
        return b[:j] + b[i:j] + b[j:]
    if op == 4:
        return b[:i]
    return b + r.choice([b"", b" ", b"x", b"{}", b"\x00", b"\n"])


def main():
    tool = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    r = random.Random(seed)
    cases = []
    for _ in range(n):
        doc = rand_value(r, 0).encode("utf-8", "surrogatepass")
        if r.random() < 0.7:
            for _ in range(r.randint(1, 3)):
                doc = mutate(r, doc)
        cases.append(doc)
    cases += [b"", b" ", b"{}", b"[]", b"\"\"", b"0", b"[1,]", b"{\"a\":1,}", b"[tru]", b"[\"\\ud800\"]"]
    blob = b"".join(struct.pack("<I", len(c)) + c for c in cases)
    out = subprocess.run([tool], input=blob, stdout=subprocess.PIPE, check=False)
    lines = out.stdout.decode().splitlines()
    if out.returncode != 0 or len(lines) != len(cases):
        print(f"FAIL json_differential_run: tool exited {out.returncode}, {len(lines)} answers for {len(cases)} cases")
        return 1
    bad = 0
    valid = 0
    for c, line in zip(cases, lines):
        ref = reference(c)
        got_ok = line.startswith("OK ")
        if ref is not None:
            valid += 1
        if (ref is not None) != got_ok or (got_ok and int(line.split()[1]) != ref):
            bad += 1
            if bad <= 10:
                print(f"  mismatch: {c!r}: aigw {line}, python {'valid, %d tokens' % ref if ref is not None else 'invalid'}")
    name = f"json_differential_{len(cases)}_cases_seed{seed}"
    if bad:
        print(f"FAIL {name}: {bad} mismatches")
        return 1
    if valid < len(cases) // 5 or valid > len(cases) - len(cases) // 5:
        print(f"FAIL {name}: unbalanced corpus ({valid} valid of {len(cases)})")
        return 1
    print(f"PASS {name} ({valid} valid, {len(cases) - valid} invalid)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
