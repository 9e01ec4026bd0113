#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that every public declaration of include/aigw/*.h has a description.

Reads the XML doxygen writes with EXTRACT_ALL=YES (so undocumented items are
listed too, which the warnings of a normal run miss for anonymous enums and
nested structs) and prints one line per item without a brief or detailed
description. Members inside @cond AIGW_PRIVATE are not in the XML: private.
Usage: check-api-docs.py XML_DIR [HEADER_DIR]   (exit 1 when something is undocumented;
HEADER_DIR is the path fragment of the public headers, default /aigw/)
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET


def described(el):
    text = ""
    for tag in ("briefdescription", "detaileddescription"):
        d = el.find(tag)
        if d is not None:
            text += "".join(d.itertext())
    return text.strip() != ""


def where(el):
    loc = el.find("location")
    if loc is None:
        return "?"
    return "%s:%s" % (os.path.basename(loc.get("file", "?")), loc.get("line", "?"))


HEADER_DIR = "/aigw/"  # Doxyfile strips "include/" from the paths


def public(el):
    loc = el.find("location")
    f = "/" + (loc.get("file", "") if loc is not None else "")
    return HEADER_DIR in f and f.endswith(".h")


def main():
    global HEADER_DIR
    xml_dir = sys.argv[1]
    if len(sys.argv) > 2:
        HEADER_DIR = sys.argv[2]
    missing, seen = [], 0
    for path in sorted(glob.glob(os.path.join(xml_dir, "*.xml"))):
        if os.path.basename(path) == "index.xml":
            continue
        root = ET.parse(path).getroot()
        for comp in root.iter("compounddef"):
            kind = comp.get("kind")
            if kind not in ("file", "struct", "union") or not public(comp):
                continue
            name = comp.findtext("compoundname")
            anonymous = "@" in name
            seen += 1
            if not anonymous and not described(comp):
                missing.append("%s: %s %s" % (where(comp), kind, name))
            for m in comp.iter("memberdef"):
                if not public(m):
                    continue
                mname = m.findtext("name")
                seen += 1
                # an anonymous enum is described by its values
                if not (m.get("kind") == "enum" and mname.startswith("@")) and not described(m):
                    missing.append("%s: %s %s::%s" % (where(m), m.get("kind"), name, mname))
                for v in m.iter("enumvalue"):
                    seen += 1
                    if not described(v):
                        missing.append("%s: enum value %s" % (where(m), v.findtext("name")))
    for line in sorted(set(missing)):
        print("undocumented: " + line)
    print("%d public items checked, %d undocumented" % (seen, len(set(missing))))
    if seen == 0:
        print("no public header found in %s: nothing was checked" % xml_dir)
        return 1
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
