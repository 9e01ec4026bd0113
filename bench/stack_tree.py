#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Worst-case stack of the aigw core's call tree, from gcc's
-fstack-usage / -fcallgraph-info=su output (.ci files, VCG format).

    python3 stack_tree.py --ci-dir build/bench/arm/core --src core \
        [--elf build/bench/arm/core_fp.elf] [--json OUT] aigw_gateway_update aigw_gateway_get

For each root it walks the call graph, sums the frames along every path and
reports the deepest one. Rules:
  - Frames are gcc's static sizes (-fstack-usage). A "dynamic" frame is
    reported and counted at its static part, flagged.
  - Indirect calls: calls through the caller's callbacks (the port's
    connect/send/recv/close/now/sleep and the log hook, all made in
    client.c) are excluded, as the figure is the core's own. Indirect calls
    inside the core are resolved by the table INTERNAL_CALLBACKS: the sink's
    flush callback is any core function passed to aigw_sink_init_stream(),
    the decoder's per-type functions any core function passed to
    aigw_dec_run() (found in the sources): conservative, never optimistic.
    An indirect call found anywhere else is reported as unresolved.
  - Recursion: a function in BOUNDED_RECURSION counts its frame times the
    bound its source documents; any other cycle is reported (unbounded).
  - Calls to the C library and to libgcc helpers (memcpy, __aeabi_uldivmod,
    ...) are added from the linked image's disassembly when --elf is given,
    with their frames read from their prologues (push/sub sp).
  - Recursion is reported; a cycle would make the figure unbounded.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

NODE_RE = re.compile(r'^node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE_RE = re.compile(r'^edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"(?: label: "([^"]*)")?')


# function making an indirect call -> the function whose callers pass the target
INTERNAL_CALLBACKS = {"stream_flush": "aigw_sink_init_stream", "aigw_dec_run": "aigw_dec_run",
                      "walk": "aigw_dec_run"}  # decode.c: aigw_dec_run's walk, when not inlined
# files whose indirect calls are the caller's callbacks (port, log hook): excluded
CALLER_CALLBACK_FILES = ("client.c",)
# self-recursive function -> maximum depth, as its source documents it
BOUNDED_RECURSION = {}  # none left: field_path.c renders paths without recursion since 2026-11-24
# The schema walkers recurse once per nesting level of the descriptor table:
# a cycle made only of functions of these files is unrolled AIGW_SCHEMA_DEPTH
# times (read from the generated core/schema_table.c), every path of the
# cycle taken at every level: a bound, not an estimate.
TABLE_WALKER_FILES = ("params_encode.c", "params_validate.c", "params_equal.c", "decode_params.c",
                      "decode.c", "decode_gateway.c")


def schema_depth(src_dir):
    with open(os.path.join(src_dir, "schema_table.c")) as f:
        m = re.search(r"AIGW_SCHEMA_DEPTH = (\d+)", f.read())
    if not m:
        raise SystemExit("stack_tree: AIGW_SCHEMA_DEPTH not found in core/schema_table.c")
    return int(m.group(1))


def short(title):
    name = title.rsplit(":", 1)[-1] if ":" in title else title
    return name


def base(name):
    """Function name without gcc's clone suffixes (.constprop.0, .isra.0, .part.0)."""
    return name.split(".", 1)[0]


def load_graph(ci_dir):
    frames = {}      # title -> (bytes, qualifier, file)
    edges = {}       # title -> [(target title, site)]
    for path in sorted(glob.glob(os.path.join(ci_dir, "*.ci"))):
        with open(path) as f:
            for line in f:
                m = NODE_RE.match(line)
                if m:
                    title, label = m.group(1), m.group(2)
                    parts = label.split("\\n")
                    fm = re.match(r"(\d+) bytes \(([^)]*)\)", parts[-1]) if len(parts) >= 3 else None
                    if fm:
                        frames[title] = (int(fm.group(1)), fm.group(2), os.path.basename(path)[:-3] + ".c")
                    continue
                m = EDGE_RE.match(line)
                if m:
                    edges.setdefault(m.group(1), []).append((m.group(2), m.group(3) or ""))
    return frames, edges


def callback_targets(src_dir, frames):
    """For each core function that makes an indirect call, the core functions
    passed to it as arguments anywhere in the sources."""
    names = {}
    for title in frames:
        names.setdefault(short(title), []).append(title)
    text = ""
    for p in sorted(glob.glob(os.path.join(src_dir, "*.c"))):
        with open(p) as f:
            text += f.read() + "\n"
    out = {}
    for fn in set(INTERNAL_CALLBACKS.values()):
        hits = set()
        for m in re.finditer(r"\b%s\s*\(([^;{}]*)\)" % re.escape(fn), text):
            for ident in re.findall(r"[A-Za-z_]\w*", m.group(1)):
                if ident in names and ident != fn:
                    hits.update(names[ident])
        out[fn] = sorted(hits)
    return out


def objdump_functions(elf):
    """{symbol: [instruction lines]} of the linked image."""
    out = subprocess.run(["arm-none-eabi-objdump", "-d", "--no-show-raw-insn", elf],
                         capture_output=True, text=True, check=True).stdout
    funcs, cur = {}, None
    for line in out.splitlines():
        m = re.match(r"^[0-9a-f]+ <([^>]+)>:$", line)
        if m:
            cur = m.group(1)
            funcs[cur] = []
        elif cur and line.strip():
            funcs[cur].append(line)
    return funcs


def prologue_frame(lines):
    """Bytes a library function can take: every push/stmdb, pre-decrement store to sp
    and "sub sp" anywhere in its body, added up (conservative for functions that push
    on more than one path)."""
    total = 0
    for line in lines:
        m = re.search(r"\b(push|stmdb)(?:\.w)?\s+(?:sp!,\s*)?\{([^}]*)\}", line)
        if m:
            regs = 0
            for part in m.group(2).split(","):
                part = part.strip()
                r = re.match(r"r(\d+)-r(\d+)", part)
                regs += int(r.group(2)) - int(r.group(1)) + 1 if r else 1
            total += 4 * regs
            continue
        m = re.search(r"\[sp, #-(\d+)\]!", line)
        if m:
            total += int(m.group(1))
            continue
        m = re.search(r"\bsub(?:\.w|w)?\s+sp,\s*(?:sp,\s*)?#(\d+)", line)
        if m:
            total += int(m.group(1))
    return total


def call_targets(lines):
    out = []
    for line in lines:
        m = re.search(r"\s(bl|blx|b\.w|b)\s+[0-9a-f]+ <([^>+]+)>", line)
        if m:
            out.append(m.group(2))
    return out


def analyse(ci_dir, src_dir, roots, elf=None, cut=()):
    """cut: functions whose calls are left out (to bound paths that avoid them)."""
    frames, edges = load_graph(ci_dir)
    cb = callback_targets(src_dir, frames)
    by_short = {}
    for t in frames:
        by_short.setdefault(short(t), t)
    excluded, resolved, unresolved = [], {}, []
    graph = {}
    for t in frames:
        succ = []
        for tgt, site in edges.get(t, []):
            if tgt == "__indirect_call":
                setter = INTERNAL_CALLBACKS.get(base(short(t)))
                targets = cb.get(setter, []) if setter else []
                if targets:
                    resolved.setdefault(short(t), sorted({short(x) for x in targets}))
                    succ.extend(targets)
                elif frames[t][2] in CALLER_CALLBACK_FILES:
                    excluded.append({"caller": short(t), "site": os.path.basename(site)})
                else:
                    unresolved.append({"caller": short(t), "site": os.path.basename(site)})
                continue
            if tgt not in frames and short(tgt) in by_short:
                tgt = by_short[short(tgt)]
            succ.append(tgt)
        graph[t] = succ
    # C library / libgcc: frames and calls from the linked image
    lib_frames = {}
    if elf:
        funcs = objdump_functions(elf)
        core_names = {short(t) for t in frames}

        def add_lib(name, depth=0):
            if name in lib_frames or name in core_names or name not in funcs or depth > 8:
                return
            lines = funcs[name]
            lib_frames[name] = prologue_frame(lines)
            graph[name] = []
            for callee in call_targets(lines):
                if callee != name and callee in funcs:
                    add_lib(callee, depth + 1)
                    if callee in lib_frames or callee in graph:
                        graph[name].append(callee)

        for t in list(frames):
            for callee in call_targets(funcs.get(short(t), [])):
                if callee in core_names:
                    continue
                add_lib(callee)
                if callee in lib_frames and callee not in graph[t]:
                    graph[t].append(callee)
        # calls gcc's .ci already named (memcpy, strlen...) point to the same library symbols
        for t in frames:
            graph[t] = [x if (x in frames or x in lib_frames) else short(x) for x in graph[t]]

    def frame(t):
        if t in frames:
            return frames[t][0] * BOUNDED_RECURSION.get(base(short(t)), 1)
        return lib_frames.get(t, lib_frames.get(short(t), 0))

    memo, cycles = {}, []
    depth_bound = schema_depth(src_dir)

    def walker(t):
        return t in frames and frames[t][2] in TABLE_WALKER_FILES

    def deepest(t, stack, level):
        key = (t, level)
        if key in memo:
            return memo[key]
        stack.append(key)
        best = (0, [])
        for s in graph.get(t, []):
            if short(s) in cut:
                continue
            if s == t and base(short(t)) in BOUNDED_RECURSION:
                continue  # counted in frame(): frame x documented depth
            lvl = level
            on = [k for k in stack if k[0] == s]
            if on:
                cyc = [k[0] for k in stack[stack.index(on[-1]):]]
                if not all(walker(x) for x in cyc):
                    cycles.append([short(x) for x in cyc] + [short(s)])
                    continue
                if level + 1 >= depth_bound:
                    continue  # the table has no deeper object
                lvl = level + 1
            d = deepest(s, stack, lvl)
            if d[0] > best[0]:
                best = d
        stack.pop()
        memo[key] = (frame(t) + best[0], [t] + best[1])
        return memo[key]

    res = {"roots": {}}
    for r in roots:
        title = by_short.get(r, r)
        total, path = deepest(title, [], 0)
        res["roots"][r] = {
            "bytes": total,
            "path": [{"function": short(p), "frame": frame(p),
                      "file": frames[p][2] if p in frames else "libc/libgcc",
                      "qualifier": frames[p][1] if p in frames else "prologue"} for p in path],
        }
    res["excluded_indirect_calls"] = excluded
    res["unresolved_indirect_calls"] = unresolved
    res["bounded_recursion"] = BOUNDED_RECURSION
    res["schema_depth"] = depth_bound
    res["resolved_indirect_calls"] = resolved
    res["dynamic_frames"] = sorted(short(t) for t, v in frames.items() if v[1] != "static")
    res["recursion"] = cycles
    res["library_frames"] = dict(sorted(lib_frames.items()))
    res["largest_frames"] = [{"function": short(t), "frame": v[0], "file": v[2]}
                             for t, v in sorted(frames.items(), key=lambda kv: -kv[1][0])[:8]]
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ci-dir", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--elf")
    ap.add_argument("--json")
    ap.add_argument("roots", nargs="+")
    a = ap.parse_args()
    res = analyse(a.ci_dir, a.src, a.roots, a.elf)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=2)
    for r, v in res["roots"].items():
        print("%s: %d bytes" % (r, v["bytes"]))
        for p in v["path"]:
            print("  %5d  %s (%s)" % (p["frame"], p["function"], p["file"]))
    print("excluded indirect calls (caller callbacks):", ", ".join(sorted({e["caller"] for e in res["excluded_indirect_calls"]})))
    print("resolved indirect calls:", res["resolved_indirect_calls"])
    print("unresolved indirect calls:", res["unresolved_indirect_calls"] or "none")
    print("recursion:", res["recursion"] or "none")
    print("dynamic frames:", res["dynamic_frames"] or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
