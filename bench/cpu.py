# SPDX-License-Identifier: MIT
"""CPU cost (callgrind instruction counts) and heap allocations of encoding
the full example and decoding the API page's example response, aigw
against cJSON (part of bench/run.py).

Each driver repeats the work N times in bench_once(); callgrind counts only
inside it (--toggle-collect=bench_once), so the figure is Ir / N with no
start-up. Allocations: valgrind memcheck's "total heap usage" of a run with
N repetitions minus a run with 0, divided by N.
"""
import os
import re
import tempfile

import common
from common import fig, missing, rel, tools

TARGET_DECODE = 45000  # instructions, x86-64, the API page's example response (issue 13)
TARGET_ENCODE = 10000  # instructions, the full example body (issue 13)

HOST_FLAGS = "-std=c99 -O2 -g (the project's CFLAGS_AIGW); cJSON: Debian's libcjson1 as packaged"


def callgrind(cmd, n, tmp):
    out = os.path.join(tmp, "cg.%d.out" % abs(hash(tuple(cmd))))
    p = common.run(["valgrind", "--tool=callgrind", "--toggle-collect=bench_once", "--callgrind-out-file=" + out]
                   + cmd[:1] + [cmd[1], str(n)] + cmd[2:], timeout=600, check=False)
    if p.returncode != 0:
        raise RuntimeError("callgrind %s: exit %d: %s" % (" ".join(cmd), p.returncode, p.stderr[-300:]))
    total = None
    with open(out) as f:
        for line in f:
            m = re.match(r"^(?:totals|summary):\s+(\d+)", line)
            if m:
                total = int(m.group(1))
    if total is None:
        raise RuntimeError("callgrind wrote no totals for " + " ".join(cmd))
    return total / n, p.stdout, p.stderr


def heap(cmd, n):
    def one(k):
        p = common.run(["valgrind", "--tool=memcheck", "--leak-check=no"] + cmd[:1] + [cmd[1], str(k)] + cmd[2:],
                       timeout=600, check=False)
        m = re.search(r"total heap usage: ([\d,]+) allocs, ([\d,]+) frees, ([\d,]+) bytes allocated", p.stderr)
        if p.returncode != 0 or not m:
            raise RuntimeError("memcheck %s: exit %d: %s" % (" ".join(cmd), p.returncode, p.stderr[-300:]))
        return int(m.group(1).replace(",", "")), int(m.group(3).replace(",", ""))
    a1, b1 = one(n)
    a0, b0 = one(0)
    allocs, nbytes = (a1 - a0) / n, (b1 - b0) / n
    return (int(allocs) if allocs == int(allocs) else allocs), (int(nbytes) if nbytes == int(nbytes) else nbytes)


def measure(quick, log):
    R = {}
    n = 5 if quick else 200
    nh = 3 if quick else 50
    t = tools("gcc", "valgrind", "deb:libcjson1")
    aigw = os.path.join(common.BUILD, "cpu_aigw")
    cj = os.path.join(common.BUILD, "cpu_cjson")
    resp = common.PAGE_RESPONSE
    tmp = tempfile.mkdtemp(prefix="aigw-bench-cpu-")
    cg = "valgrind --tool=callgrind --toggle-collect=bench_once %s %s %d%s; Ir / %d"

    def cg_fig(key, cmd, what):
        try:
            ir, out, err = callgrind(cmd, n, tmp)
            R[key] = fig(round(ir), "instructions", cg % (rel(cmd[0]), cmd[1], n,
                                                          (" " + rel(cmd[2])) if len(cmd) > 2 else "", n),
                         HOST_FLAGS, t, what)
            return out, err
        except (RuntimeError, OSError) as e:
            R[key] = missing("instructions", str(e))
            return "", ""

    cg_fig("cpu.encode_aigw", [aigw, "encode"],
                      "aigw_params_to_json() of the full example into a caller buffer")
    cg_fig("cpu.validate_encode_aigw", [aigw, "validate-encode"],
           "aigw_params_validate() + aigw_params_to_json(), what the client does before it sends")
    cg_fig("cpu.encode_cjson", [cj, "encode"],
                      "cJSON_CreateObject/Add*() of the full example, cJSON_PrintUnformatted(), cJSON_Delete(), "
                      "cJSON_free()")
    cg_fig("cpu.decode_aigw", [aigw, "decode", resp],
           "aigw_json_parse() (jsmn + RFC 8259 check) + aigw_envelope_decode() + aigw_gateway_decode(): every "
           "field typed, dates parsed to Unix ms")
    cg_fig("cpu.decode_cjson", [cj, "decode", resp],
           "cJSON_Parse() + every field of result read with cJSON_GetObjectItemCaseSensitive() + cJSON_Delete()")
    # same bytes? each driver writes its body on stderr (run once without valgrind)
    same = None
    try:
        pa = common.run([aigw, "encode", "1"], timeout=30)
        pc = common.run([cj, "encode", "1"], timeout=30)
        same = pa.stderr == pc.stderr == common.full_example_json().decode()
    except (RuntimeError, OSError):
        pass
    for key in ("cpu.encode_aigw", "cpu.encode_cjson"):
        if R[key]["value"] is not None and same is not None:
            R[key]["note"] += "; the two bodies are %s" % (
                "byte-identical (and equal to the full example)" if same else "DIFFERENT")
    for k, a, c in (("cpu.encode_ratio", "cpu.encode_aigw", "cpu.encode_cjson"),
                    ("cpu.decode_ratio", "cpu.decode_aigw", "cpu.decode_cjson")):
        if R[a]["value"] and R[c]["value"]:
            R[k] = fig(round(R[c]["value"] / R[a]["value"], 2), "x", "%s / %s" % (c, a), HOST_FLAGS, t,
                       "cJSON's instructions per aigw instruction for the same work (same run)")
        else:
            R[k] = missing("x", "an input figure is missing")
    R["cpu.target_decode"] = fig(TARGET_DECODE, "instructions", "", note="project target (issue 13): decode of the example")
    R["cpu.target_encode"] = fig(TARGET_ENCODE, "instructions", "", note="project target (issue 13): encode of the example")
    hcmd = "valgrind --tool=memcheck %s %s N [FILE], 'total heap usage' (N=%d minus N=0) / N"
    for key, cmd in (("heap.encode_aigw_allocs", [aigw, "encode"]), ("heap.encode_cjson_allocs", [cj, "encode"]),
                     ("heap.decode_aigw_allocs", [aigw, "decode", resp]),
                     ("heap.decode_cjson_allocs", [cj, "decode", resp])):
        try:
            allocs, nbytes = heap(cmd, nh)
            R[key] = fig(allocs, "allocations", hcmd % (rel(cmd[0]), cmd[1], nh), HOST_FLAGS, t,
                         "heap allocations per encode/decode", bytes_allocated=nbytes)
            bkey = key.replace("_allocs", "_bytes")
            if bkey in common.KEYS:
                R[bkey] = fig(nbytes, "B", hcmd % (rel(cmd[0]), cmd[1], nh), HOST_FLAGS, t,
                              "heap bytes allocated per encode/decode (freed again)")
        except (RuntimeError, OSError) as e:
            R[key] = missing("allocations", str(e))
            bkey = key.replace("_allocs", "_bytes")
            if bkey in common.KEYS:
                R[bkey] = missing("B", str(e))
    return R
