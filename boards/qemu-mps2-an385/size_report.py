#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Size report of a linked firmware image, per component, from the GNU ld map file.

Usage: size_report.py IMAGE.map OUT_BASENAME [--title T]
Writes OUT_BASENAME.txt (a table) and OUT_BASENAME.json:
  {"image": ..., "components": {"core": {"flash": n, "ram": n, "text": n, "rodata": n,
   "data": n, "bss": n}, ...}, "total": {...}, "stack": n}
Flash = text + rodata + initialised data (its load image); RAM = data + bss.
The main stack (.stack, reserved by the linker script) is reported apart.
Each input section after garbage collection (--gc-sections) is attributed by
the archive or object it came from:
  core    libaigw_core.a        aigw core (client, HTTP, JSON, model)
  port    libaigw_port.a        lwIP raw port + mbedTLS TLS port
  lwip    liblwip.a
  mbedtls libmbedtls.a
  libc    newlib-nano libc, libgcc, libm
  board   everything else (startup, drivers, semihosting, printf, main, CA)
  padding alignment fill between input sections
"""
import json
import os
import re
import sys

COMPONENTS = ["core", "port", "lwip", "mbedtls", "libc", "board"]


def component_of(path):
    base = os.path.basename(path.split("(")[0])
    if base == "libaigw_core.a":
        return "core"
    if base == "libaigw_port.a":
        return "port"
    if base == "liblwip.a":
        return "lwip"
    if base == "libmbedtls.a":
        return "mbedtls"
    if re.match(r"lib(c|c_nano|g|g_nano|gcc|m|nosys|stdc\+\+)\.a$", base) or base.startswith("crt"):
        return "libc"
    return "board"


def kind_of(out_section, in_section):
    if out_section == ".text":
        return "rodata" if in_section.startswith(".rodata") else "text"
    if out_section in (".ARM.exidx", ".init_array", ".ARM.extab"):
        return "rodata"
    if out_section == ".data":
        return "data"
    if out_section == ".bss":
        return "bss"
    return None


def parse(map_path):
    sizes = {c: {"text": 0, "rodata": 0, "data": 0, "bss": 0} for c in COMPONENTS}
    stack = 0
    out_sizes = {}
    out_section = None
    pending = None  # an input section name whose numbers are on the next line
    in_map = False
    line_re = re.compile(r"^\s+(\S+)?\s*0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(\S.*)$")
    with open(map_path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not in_map:
                in_map = line.startswith("Linker script and memory map")
                continue
            if not line.strip():
                continue
            m = re.match(r"^(\.[A-Za-z0-9_.]+)\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)", line)
            if m:
                out_section = m.group(1)
                out_sizes[out_section] = int(m.group(3), 16)
                if out_section == ".stack":
                    stack = int(m.group(3), 16)
                pending = None
                continue
            m = re.match(r"^(\.[A-Za-z0-9_.]+)\s*$", line)
            if m:  # output section whose address is on the next line
                out_section = m.group(1)
                pending = None
                continue
            m = re.match(r"^ (\S+)\s*$", line)
            if m and not line.startswith("  "):
                pending = m.group(1)
                continue
            m = line_re.match(line)
            if not m:
                pending = None
                continue
            in_name = m.group(1) or pending
            pending = None
            if in_name is None or in_name.startswith("*"):
                continue  # *fill* and linker-generated padding
            size = int(m.group(3), 16)
            src = m.group(4).strip()
            if size == 0 or src.startswith("0x") or "=" in src:
                continue
            kind = kind_of(out_section or "", in_name)
            if kind is None:
                continue
            sizes[component_of(src)][kind] += size
    # Alignment fill between input sections belongs to no component.
    pad = {"text": out_sizes.get(".text", 0) + out_sizes.get(".ARM.exidx", 0) + out_sizes.get(".init_array", 0),
           "data": out_sizes.get(".data", 0), "bss": out_sizes.get(".bss", 0)}
    pad["text"] -= sum(sizes[c]["text"] + sizes[c]["rodata"] for c in COMPONENTS)
    pad["data"] -= sum(sizes[c]["data"] for c in COMPONENTS)
    pad["bss"] -= sum(sizes[c]["bss"] for c in COMPONENTS)
    sizes["padding"] = {"text": max(pad["text"], 0), "rodata": 0, "data": max(pad["data"], 0),
                        "bss": max(pad["bss"], 0)}
    return sizes, stack


def main():
    map_path, out = sys.argv[1], sys.argv[2]
    title = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--title" else os.path.basename(map_path)
    sizes, stack = parse(map_path)
    comps = {}
    total = {"flash": 0, "ram": 0, "text": 0, "rodata": 0, "data": 0, "bss": 0}
    for c in COMPONENTS + ["padding"]:
        s = sizes[c]
        row = dict(s)
        row["flash"] = s["text"] + s["rodata"] + s["data"]
        row["ram"] = s["data"] + s["bss"]
        comps[c] = row
        for k in total:
            total[k] += row[k]
    report = {"image": title, "components": comps, "total": total, "stack": stack,
              "note": "flash = text + rodata + data load image; ram = data + bss; stack reserved apart"}
    with open(out + ".json", "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    lines = [f"size report: {title} (after --gc-sections)",
             f"{'component':<10}{'flash':>9}{'ram':>9}   {'text':>8}{'rodata':>8}{'data':>8}{'bss':>8}"]
    for c in COMPONENTS + ["padding", "total"]:
        r = total if c == "total" else comps[c]
        lines.append(f"{c:<10}{r['flash']:>9}{r['ram']:>9}   {r['text']:>8}{r['rodata']:>8}{r['data']:>8}{r['bss']:>8}")
    lines.append(f"main stack reserved: {stack} bytes (not in ram above)")
    with open(out + ".txt", "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
