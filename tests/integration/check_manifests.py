#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the firmware SDK manifests against the fields their tools document:
  library.json       PlatformIO library manifest (docs.platformio.org, manifests/library-json)
  idf_component.yml  IDF Component Manager manifest (idf-component-manager, reference/manifest_file)
  zephyr/module.yml  Zephyr module description (zephyr docs, "Modules (External projects)")
  Kconfig, zephyr/Kconfig  structure: balanced menu/if blocks, each config typed and helped
Prints one PASS/FAIL line per manifest. With --sources pio, prints the files
library.json's build.srcFilter selects (one per line) and its build.flags.
Usage: check_manifests.py ROOT | check_manifests.py ROOT --sources pio
"""
import fnmatch
import json
import os
import re
import sys

import yaml

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
SPDX_IDS = {"MIT", "Apache-2.0", "BSD-3-Clause"}  # what this project could use; MIT is the one


def version_h(root):
    with open(os.path.join(root, "include/aigw/aigw_version.h")) as f:
        return re.search(r'#define AIGW_VERSION_STRING "([^"]+)"', f.read()).group(1)


def check_pio(root):
    errs = []
    d = json.load(open(os.path.join(root, "library.json")))
    allowed = {"name", "version", "description", "keywords", "repository", "authors", "license",
               "homepage", "frameworks", "platforms", "headers", "examples", "dependencies",
               "export", "build", "dependencies", "system", "scripts"}
    errs += ["unknown field %s" % k for k in d if k not in allowed]
    for k in ("name", "version", "description"):
        if not isinstance(d.get(k), str) or not d.get(k):
            errs.append("%s is required (string)" % k)
    name = d.get("name", "")
    if len(name) > 50 or not re.match(r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$", name) or "--" in name:
        errs.append("name %r: slug, at most 50 characters" % name)
    if len(d.get("version", "")) > 20 or not SEMVER.match(d.get("version", "")):
        errs.append("version %r: semantic version, at most 20 characters" % d.get("version"))
    if len(d.get("description", "")) > 255:
        errs.append("description longer than 255 characters")
    if d.get("license") not in SPDX_IDS:
        errs.append("license %r is not an SPDX identifier" % d.get("license"))
    for k in ("frameworks", "platforms", "keywords", "headers"):
        v = d.get(k)
        if v is not None and not (isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))):
            errs.append("%s: a string or a list of strings" % k)
    for h in d.get("headers", []):
        if not os.path.isfile(os.path.join(root, d.get("build", {}).get("includeDir", "include"), h)):
            errs.append("headers: %s not in includeDir" % h)
    b = d.get("build", {})
    ballowed = {"flags", "unflags", "includeDir", "srcDir", "srcFilter", "extraScript", "libArchive",
                "libLDFMode", "libCompatMode"}
    errs += ["unknown build field %s" % k for k in b if k not in ballowed]
    for k in ("srcDir", "includeDir"):
        if k in b and not os.path.isdir(os.path.join(root, b[k])):
            errs.append("build.%s %r is not a directory" % (k, b[k]))
    filt = b.get("srcFilter", [])
    if isinstance(filt, str):
        filt = re.findall(r"[+-]<[^>]*>", filt)
    for f in filt:
        if not re.match(r"^[+-]<[^<>]+>$", f):
            errs.append("srcFilter entry %r: +<glob> or -<glob>" % f)
    srcs = pio_sources(root, b)
    if not srcs:
        errs.append("srcFilter selects no source file")
    for fl in b.get("flags", []):
        m = re.match(r"^-I\s*(\S+)$", fl)
        if m and not os.path.isdir(os.path.join(root, m.group(1))):
            errs.append("build.flags %r: no such directory" % fl)
    return errs, "name %s %s, %d sources from srcFilter" % (name, d.get("version"), len(srcs))


def pio_sources(root, b):
    base = os.path.join(root, b.get("srcDir", "src"))
    filt = b.get("srcFilter", ["+<*>"])
    if isinstance(filt, str):
        filt = re.findall(r"[+-]<[^>]*>", filt)
    allf = []
    for dp, dn, fn in os.walk(base):
        dn[:] = [x for x in dn if not x.startswith(".") and x != "build"]
        for f in fn:
            if f.endswith((".c", ".cpp", ".S")):
                allf.append(os.path.relpath(os.path.join(dp, f), base))
    chosen = set()
    for f in filt:
        sign, pat = f[0], f[2:-1]
        hit = {p for p in allf if fnmatch.fnmatch(p, pat) or fnmatch.fnmatch(p, pat.rstrip("/") + "/*")}
        chosen = chosen | hit if sign == "+" else chosen - hit
    return sorted(chosen)


def check_idf(root):
    errs = []
    d = yaml.safe_load(open(os.path.join(root, "idf_component.yml")))
    allowed = {"version", "description", "url", "repository", "documentation", "issues", "discussion",
               "license", "maintainers", "tags", "targets", "dependencies", "files", "examples",
               "repository_info", "require"}
    errs += ["unknown field %s" % k for k in d if k not in allowed]
    if not SEMVER.match(str(d.get("version", ""))):
        errs.append("version %r: semantic version" % d.get("version"))
    if d.get("license") not in SPDX_IDS:
        errs.append("license %r is not an SPDX identifier" % d.get("license"))
    if not isinstance(d.get("description"), str):
        errs.append("description should be a string")
    for t in d.get("tags", []):
        if not re.match(r"^[A-Za-z0-9_-]{3,32}$", t):
            errs.append("tag %r: 3-32 of A-Z a-z 0-9 _ -" % t)
    deps = d.get("dependencies", {})
    if not isinstance(deps, dict):
        errs.append("dependencies: a mapping")
    else:
        for name, spec in deps.items():
            v = spec.get("version") if isinstance(spec, dict) else spec
            if not isinstance(v, str) or not re.match(r"^(\*|[<>=~^!]*\s*\d[\w.+-]*)(\s*,\s*[<>=~^!]*\s*\d[\w.+-]*)*$", v):
                errs.append("dependencies.%s version %r: a version spec" % (name, v))
    files = d.get("files", {})
    errs += ["files.%s: include/exclude only" % k for k in files if k not in ("include", "exclude", "use_gitignore")]
    if not os.path.isfile(os.path.join(root, "CMakeLists.txt")):
        errs.append("no CMakeLists.txt at the component root")
    return errs, "version %s, dependencies %s" % (d.get("version"), ", ".join("%s %s" % (k, (v.get("version") if isinstance(v, dict) else v)) for k, v in deps.items()))


def check_zephyr(root):
    errs = []
    d = yaml.safe_load(open(os.path.join(root, "zephyr/module.yml")))
    allowed = {"name", "build", "samples", "tests", "boards", "blobs", "security", "package-managers"}
    errs += ["unknown field %s" % k for k in d if k not in allowed]
    if "name" in d and not re.match(r"^[A-Za-z0-9_.-]+$", d["name"]):
        errs.append("name %r" % d["name"])
    b = d.get("build", {})
    ballowed = {"cmake", "kconfig", "cmake-ext", "kconfig-ext", "sysbuild-cmake", "sysbuild-kconfig",
                "sysbuild-cmake-ext", "sysbuild-kconfig-ext", "depends", "settings"}
    errs += ["unknown build field %s" % k for k in b if k not in ballowed]
    if "cmake" in b and not os.path.isfile(os.path.join(root, b["cmake"], "CMakeLists.txt")):
        errs.append("build.cmake %r has no CMakeLists.txt" % b["cmake"])
    if "kconfig" in b and not os.path.isfile(os.path.join(root, b["kconfig"])):
        errs.append("build.kconfig %r does not exist" % b["kconfig"])
    return errs, "name %s, cmake %s, kconfig %s" % (d.get("name"), b.get("cmake"), b.get("kconfig"))


def check_kconfig(path):
    errs = []
    stack = []
    cur = None  # (name, has_type, has_help)
    types = ("bool", "tristate", "string", "int", "hex")

    def close():
        if cur and not cur[1]:
            errs.append("config %s has no type" % cur[0])
        if cur and not cur[2]:
            errs.append("config %s has no help" % cur[0])
    for n, raw in enumerate(open(path), 1):
        line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith(("help",)) else raw.rstrip()
        s = line.strip()
        if not s:
            continue
        word = s.split()[0]
        if word in ("config", "menuconfig"):
            close()
            if len(s.split()) != 2 or not re.match(r"^[A-Z0-9_]+$", s.split()[1]):
                errs.append("%d: bad config line %r" % (n, s))
            cur = [s.split()[1], False, False]
        elif word in types:
            if cur is None:
                errs.append("%d: type outside a config" % n)
            else:
                cur[1] = True
        elif word == "help":
            if cur is not None:
                cur[2] = True
        elif word in ("menu", "if", "choice"):
            close()
            cur = None
            stack.append(word)
        elif word in ("endmenu", "endif", "endchoice"):
            close()
            cur = None
            if not stack or "end" + stack[-1] != word:
                errs.append("%d: %s without its opening" % (n, word))
            else:
                stack.pop()
        elif word in ("default", "depends", "select", "imply", "range", "prompt", "source", "rsource",
                      "comment", "visible", "option", "modules"):
            pass
        elif raw.startswith(("\t", " ")) and cur is not None and cur[2]:
            pass  # help text
        else:
            errs.append("%d: unexpected %r" % (n, s))
    close()
    if stack:
        errs.append("unclosed %s" % ", ".join(stack))
    return errs


def main():
    root = sys.argv[1]
    if len(sys.argv) > 2 and sys.argv[2:] == ["--sources", "pio"]:
        b = json.load(open(os.path.join(root, "library.json")))["build"]
        for s in pio_sources(root, b):
            print(os.path.join(b.get("srcDir", "src"), s))
        for fl in b.get("flags", []):
            print("FLAG " + fl)
        return 0
    fail = 0
    ver = version_h(root)
    for name, fn in (("pio_library_json", check_pio), ("idf_component_yml", check_idf),
                     ("zephyr_module_yml", check_zephyr)):
        try:
            errs, what = fn(root)
        except Exception as e:  # unreadable: a failure, not a crash
            errs, what = ["%s: %s" % (type(e).__name__, e)], ""
        if errs:
            print("FAIL %s: %s" % (name, "; ".join(errs)))
            fail = 1
        else:
            print("PASS %s: the documented fields only, well-formed (%s)" % (name, what))
    for k in ("Kconfig", "zephyr/Kconfig"):
        errs = check_kconfig(os.path.join(root, k))
        tag = "kconfig_" + k.replace("/", "_").lower()
        if errs:
            print("FAIL %s: %s" % (tag, "; ".join(errs)))
            fail = 1
        else:
            print("PASS %s: balanced blocks, every config typed and with help" % tag)
    return fail


if __name__ == "__main__":
    sys.exit(main())
