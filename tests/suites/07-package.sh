#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Packaging facts an adopter relies on (issue 16): the licence, the one version
# (include/aigw/aigw_version.h) and everything that repeats it.
set -uo pipefail
cd "$(dirname "$0")/../.."
fail=0
work=$(mktemp -d /tmp/aigw-package.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass() { echo "PASS $1: $2"; }
bad() { echo "FAIL $1: $2"; fail=1; }

# ---- licence -------------------------------------------------------------------------------
if [ "$(head -n 1 LICENSE 2>/dev/null)" = "MIT License" ] &&
   grep -q '^Permission is hereby granted, free of charge' LICENSE &&
   grep -q 'THE SOFTWARE IS PROVIDED "AS IS"' LICENSE; then
  pass license_file "LICENSE holds the MIT licence text"
else
  bad license_file "LICENSE missing or not the MIT text"
fi
# every manifest that states a licence says MIT (a package.json left "UNLICENSED" once)
lic_bad=""
for f in tests/conformance/package.json library.json; do
  [ -f "$f" ] || continue
  v=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("license"))' "$f")
  [ "$v" = MIT ] || lic_bad="$lic_bad $f:$v"
done
v=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["packages"][""].get("license"))' tests/conformance/package-lock.json)
[ "$v" = MIT ] || lic_bad="$lic_bad package-lock.json:$v"
if [ -f idf_component.yml ]; then
  grep -qx 'license: "MIT"' idf_component.yml || lic_bad="$lic_bad idf_component.yml"
fi
[ -z "$lic_bad" ] && pass license_manifests "package.json, package-lock.json and the firmware manifests say MIT" ||
  bad license_manifests "not MIT:$lic_bad"

# ---- version ---------------------------------------------------------------------------------
ver=$(sed -n 's/^#define AIGW_VERSION_STRING "\(.*\)"$/\1/p' include/aigw/aigw_version.h)
cat >"$work/v.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "aigw/aigw_config.h"
/* the point of the numeric macro: a preprocessor comparison */
#if AIGW_VERSION_NUM != ((AIGW_VERSION_MAJOR << 16) | (AIGW_VERSION_MINOR << 8) | AIGW_VERSION_PATCH)
#error "AIGW_VERSION_NUM does not pack MAJOR/MINOR/PATCH"
#endif
#if AIGW_VERSION_NUM < 0x000100
#error "AIGW_VERSION_NUM below 0.1.0"
#endif
#define S_(x) #x
#define S(x) S_(x)
int main(void) {
    const char *want = S(AIGW_VERSION_MAJOR) "." S(AIGW_VERSION_MINOR) "." S(AIGW_VERSION_PATCH);
    if (strcmp(want, AIGW_VERSION_STRING) != 0 || strcmp(AIGW_VERSION, AIGW_VERSION_STRING) != 0) {
        printf("mismatch: numbers %s, string %s, AIGW_VERSION %s\n", want, AIGW_VERSION_STRING, AIGW_VERSION);
        return 1;
    }
    printf("%s 0x%06x\n", AIGW_VERSION_STRING, (unsigned)AIGW_VERSION_NUM);
    return 0;
}
C
if cc -std=c99 -Wall -Wextra -Werror -Iinclude "$work/v.c" -o "$work/v" 2>"$work/v.err" && out=$("$work/v"); then
  pass version_macros "$out: AIGW_VERSION_NUM packs MAJOR/MINOR/PATCH, usable in #if, equals AIGW_VERSION_STRING and AIGW_VERSION"
else
  bad version_macros "$(head -3 "$work/v.err") ${out:-}"
fi
make -s install-pc BUILD="$work/b" >/dev/null 2>&1
pcv=$(sed -n 's/^Version: //p' "$work/b/pkgconfig/aigw.pc" 2>/dev/null)
[ -n "$ver" ] && [ "$pcv" = "$ver" ] && pass version_pkgconfig "aigw.pc Version: $pcv, from aigw_version.h" ||
  bad version_pkgconfig "aigw.pc says '$pcv', aigw_version.h '$ver'"
others=""
[ -f library.json ] && { v=$(python3 -c 'import json; print(json.load(open("library.json"))["version"])'); [ "$v" = "$ver" ] || others="$others library.json:$v"; }
[ -f idf_component.yml ] && { grep -qx "version: \"$ver\"" idf_component.yml || others="$others idf_component.yml"; }
[ -z "$others" ] && pass version_manifests "library.json and idf_component.yml say $ver" || bad version_manifests "differ:$others"
if grep -q "^## \[$ver\] - [0-9-]*$" CHANGELOG.md 2>/dev/null && grep -q '^## \[Unreleased\]$' CHANGELOG.md; then
  pass changelog "CHANGELOG.md has an [Unreleased] section and one for $ver"
else
  bad changelog "CHANGELOG.md lacks '## [$ver] - date' or '## [Unreleased]'"
fi
# the SPDX tool itself works (the tree-wide check is tests/suites/07-spdx.sh)
git ls-files -z -- '*.c' '*.sh' | head -z -n 40 | xargs -0 -I{} sh -c 'mkdir -p "$1/t/$(dirname "{}")"; cp "{}" "$1/t/{}"' _ "$work" 2>/dev/null
mkdir -p "$work/t/tools" && cp tools/spdx.sh "$work/t/tools/"
(cd "$work/t" && git init -q && git add -A)
if (cd "$work/t" && bash tools/spdx.sh 2>/dev/null && bash tools/spdx.sh --check >/dev/null 2>&1) &&
   head -n 1 "$work/t/$(git ls-files '*.c' | head -1)" | grep -qx '/\* SPDX-License-Identifier: MIT \*/' &&
   sed -n 2p "$work/t/tools/spdx.sh" | grep -qx '# SPDX-License-Identifier: MIT' &&
   (cd "$work/t" && bash tools/spdx.sh 2>&1 | grep -q 'added the line to 0 files'); then
  pass spdx_tool "tools/spdx.sh adds the line (C comment first, after #! in scripts), once, and --check then passes"
else
  bad spdx_tool "tools/spdx.sh did not tag a copy of 40 files"
fi
# ---- -Werror: on for developers and make test, off for a packager who asks -------------------
on=$(make -n -B BUILD="$work/w" "$work/w/core/arena.o" 2>&1 | grep -c -- '-Werror')
off=$(make -n -B BUILD="$work/w" WERROR=0 "$work/w/core/arena.o" 2>&1 | grep -c -- '-Werror')
off_env=$(WERROR=0 make -n -B BUILD="$work/w" "$work/w/core/arena.o" 2>&1 | grep -c -- '-Werror')
t=$(make -n WERROR=0 test 2>&1 | grep -c 'MAKEFLAGS= WERROR=1 bash tests/run.sh')
if [ "$on" -ge 1 ] && [ "$off" = 0 ] && [ "$off_env" = 0 ] && [ "$t" = 1 ]; then
  pass werror_switch "-Werror by default, gone with make WERROR=0 (argument or environment), forced back on by make test"
else
  bad werror_switch "default $on, WERROR=0 $off, env $off_env, make test recipe $t"
fi
# ---- which Node.js runs the conformance referees (tests/conformance/node-env.sh) -------------
# Prism 5.16 needs require(esm): faker 10 engines ^20.19 || ^22.13 || ^23.5 || >=24. Debian 12's own 18.20.4 must be
# refused (install.sh then fetches the pinned Node.js); fake `node` commands print each version.
mkdir -p "$work/node"
verdicts=""
for v in 18.20.4:no 20.18.3:no 20.19.0:yes 20.20.2:yes 21.7.3:no 22.12.0:no 22.13.0:yes 23.4.0:no 23.5.0:yes 24.0.0:yes; do
  printf '#!/bin/sh\necho v%s\n' "${v%%:*}" >"$work/node/node-${v%%:*}" && chmod +x "$work/node/node-${v%%:*}"
  got=$(bash -c '. tests/conformance/node-env.sh; aigw_node_ok "$1" && echo yes || echo no' _ "$work/node/node-${v%%:*}")
  [ "$got" = "${v##*:}" ] || verdicts="$verdicts ${v%%:*}:$got"
done
[ -z "$verdicts" ] && pass node_version_gate "18.20.4, 20.18, 21.7, 22.12, 23.4 refused; 20.19, 20.20, 22.13, 23.5, 24 accepted (faker 10 engines, as Prism 5.16 loads it)" ||
  bad node_version_gate "wrong verdicts:$verdicts"
exit $fail
