#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages the project needs (listed one per line in
# tools/deps/*.txt, '#' starts a comment). Only what is missing is installed.
# tools/deps/build.txt (the host build) is always included: every list needs it.
# Usage: tools/deps.sh [list-name ...]   (default: every list)
set -euo pipefail
cd "$(dirname "$0")/.."
lists=()
if [ $# -gt 0 ]; then
  lists=(tools/deps/build.txt)
  for n in "$@"; do
    [ -f "tools/deps/$n.txt" ] || { echo "deps: no list tools/deps/$n.txt" >&2; exit 1; }
    [ "$n" = build ] || lists+=("tools/deps/$n.txt")
  done
else lists=(tools/deps/*.txt); fi
names=$(printf '%s\n' "${lists[@]}" | sed 's#tools/deps/##; s#\.txt$##' | tr '\n' ' ')
want=$(cat "${lists[@]}" | sed 's/#.*//' | tr -s ' \t' '\n' | grep -v '^$' | sort -u)
# Virtual packages that installed packages provide count as present: e.g. a
# Node.js build that bundles npm "Provides: npm" and conflicts with Debian's
# npm, so asking apt for npm there would fail.
provided=" $(dpkg-query -W -f='${Status}\t${Provides}\n' 2>/dev/null |
  awk -F'\t' '$1 ~ /install ok installed/ && $2 != "" {print $2}' | tr ',' '\n' |
  sed 's/([^)]*)//g; s/[[:space:]]//g; s/:.*//' | sort -u | tr '\n' ' ') "
missing=()
for p in $want; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$st" in *"install ok installed"*) continue ;; esac
  case "$provided" in *" $p "*) continue ;; esac
  missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "deps: missing packages: ${missing[*]}" >&2
  echo "deps: run as root: apt-get update && $cmd" >&2
  exit 1
fi
# Say what is installed and for what, before the (possibly long) apt-get runs.
echo "deps: lists ${names% }: ${#missing[@]} package(s) missing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
echo "deps: apt-get update" >&2
apt-get update -qq >&2
echo "deps: apt-get install ${missing[*]}" >&2
# one line per package as it is unpacked and set up (pipefail: apt-get's status decides)
if ! apt-get install -y -q --no-install-recommends "${missing[@]}" 2>&1 |
     { grep -E '^(Unpacking|Setting up|E:) ' || true; } >&2; then
  echo "deps: apt-get install failed" >&2; exit 1
fi
echo "deps: installed ${missing[*]}" >&2
