#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Input sections kept in a GNU ld map file (after --gc-sections), with their
size, output section and origin (archive and member, or object file).

    python3 mapsize.py IMAGE.map [ARCHIVE_NAME]   per-member table of one archive

Used by bench/footprint.py: the core's share of a linked image is the sum of
the input sections that came from the core's archive; "flash" counts code,
read-only data and the load image of initialised data, "ram" data and bss.
"""
import os
import re
import sys

FLASH_OUT = (".text", ".rodata", ".ARM.exidx", ".ARM.extab", ".init_array", ".fini_array")


def kind_of(out_section, in_section):
    if out_section == ".data":
        return "data"
    if out_section in (".bss", ".noinit"):
        return "bss"
    if out_section in FLASH_OUT or out_section.startswith(".text") or out_section.startswith(".rodata"):
        return "rodata" if (in_section.startswith(".rodata") or out_section != ".text") else "text"
    return None  # debug sections, .stack, comments: not part of the image


def parse(map_path):
    """[(kind, in_section, size, origin)] where origin is 'archive.a(member.o)' or an object path.

    Merged string sections (.rodata.*.str1.1): ld merges the strings of every
    object into shared blocks and the map then shows the whole block's size on
    the first input section of each block ("size before relaxing" holds its
    own). Each such section is counted here at its own, pre-merge size; the
    bytes saved by merging duplicates across objects are not attributed to
    anyone (image_flash() tells how many).
    """
    entries = []
    out_section = None
    pending = None
    started = False
    head_re = re.compile(r"^(\.[^\s]+)(?:\s+0x[0-9a-fA-F]+\s+0x[0-9a-fA-F]+.*)?$")
    in_re = re.compile(r"^ (\S+)?\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(\S.*)$")
    relax_re = re.compile(r"^\s+0x([0-9a-fA-F]+) \(size before relaxing\)$")
    with open(map_path, errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not started:
                started = line.startswith("Linker script and memory map")
                continue
            if not line.strip():
                continue
            m = relax_re.match(line)
            if m:
                if entries and ".str" in entries[-1][1]:
                    kind, name, _size, origin = entries[-1]
                    entries[-1] = (kind, name, int(m.group(1), 16), origin)
                continue
            m = head_re.match(line)
            if m and not line.startswith(" "):
                out_section = m.group(1)
                pending = None
                continue
            if re.match(r"^ \S+\s*$", line):  # long input section name: numbers on the next line
                pending = line.strip()
                continue
            m = in_re.match(line)
            if not m:
                pending = None
                continue
            name = m.group(1) or pending
            pending = None
            if not name or name.startswith("*") or out_section is None:
                continue
            size = int(m.group(3), 16)
            origin = m.group(4).strip()
            if size == 0 or origin.startswith("0x") or "=" in origin:
                continue
            kind = kind_of(out_section, name)
            if kind:
                entries.append((kind, name, size, origin))
    return entries


def image_flash(elf, size_tool="arm-none-eabi-size"):
    """Flash bytes of a linked image by its section headers (code, read-only
    data, exception index and the load image of .data)."""
    import subprocess
    out = subprocess.run([size_tool, "-A", elf], capture_output=True, text=True, check=True).stdout
    total = 0
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] in FLASH_OUT + (".data",):
            total += int(parts[1])
    return total


def split_origin(origin):
    """('libaigw_core.a', 'client.o') or (None, 'path/obj.o')."""
    m = re.match(r"^(.*?)\((.*)\)$", origin)
    if m:
        return os.path.basename(m.group(1)), m.group(2)
    return None, origin


def totals(entries, pred=lambda origin: True):
    t = {"text": 0, "rodata": 0, "data": 0, "bss": 0}
    for kind, _name, size, origin in entries:
        if pred(origin):
            t[kind] += size
    t["flash"] = t["text"] + t["rodata"] + t["data"]
    t["ram"] = t["data"] + t["bss"]
    return t


def by_member(entries, archive):
    out = {}
    for kind, _name, size, origin in entries:
        a, member = split_origin(origin)
        if a != archive:
            continue
        row = out.setdefault(member, {"text": 0, "rodata": 0, "data": 0, "bss": 0})
        row[kind] += size
    for row in out.values():
        row["flash"] = row["text"] + row["rodata"] + row["data"]
    return out


def by_section(entries, archive):
    """[(flash bytes, section name, member)] of one archive, largest first."""
    rows = []
    for kind, name, size, origin in entries:
        a, member = split_origin(origin)
        if a == archive and kind in ("text", "rodata", "data"):
            rows.append((size, name, member))
    return sorted(rows, reverse=True)


if __name__ == "__main__":
    ents = parse(sys.argv[1])
    arch = sys.argv[2] if len(sys.argv) > 2 else None
    if arch:
        for member, row in sorted(by_member(ents, arch).items(), key=lambda kv: -kv[1]["flash"]):
            print("%-28s %7d" % (member, row["flash"]))
    print(totals(ents))
