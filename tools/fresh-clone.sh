#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds public make targets in a fresh clone, each as the first command after
# `git clone`: nothing built, no .cache, no build/. What a newcomer gets.
#   tools/fresh-clone.sh TARGET...     e.g. tools/fresh-clone.sh demo aigw
# One clone per target (a target must not lean on what an earlier one built),
# into a temporary directory with ../shared beside it (a symlink to this
# checkout's ../shared, read-only use). Prints one line per target:
#   PASS fresh-clone/TARGET: seconds    or    FAIL fresh-clone/TARGET: why (log)
# Exit status non-zero when any target fails.
#
# It clones the COMMITTED tree (HEAD): uncommitted or untracked changes in the
# working tree are not seen. Commit first to test them.
# Logs: build/logs/fresh-clone-TARGET.log. FRESH_KEEP=1 keeps the clones.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
[ $# -gt 0 ] || { echo "usage: tools/fresh-clone.sh TARGET..." >&2; exit 2; }
mkdir -p build/logs
head=$(git rev-parse HEAD) || { echo "FAIL fresh-clone: not a git checkout"; exit 1; }
dirty=$(git status --porcelain --untracked-files=no | head -1)
[ -n "$dirty" ] && echo "fresh-clone: note: uncommitted changes are not tested (clone of HEAD $head)" >&2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/aigw-fresh.XXXXXX")
[ "${FRESH_KEEP:-0}" = 1 ] || trap 'rm -rf "$tmp"' EXIT
rc=0
for t in "$@"; do
  log=$root/build/logs/fresh-clone-$t.log
  d=$tmp/$t
  mkdir -p "$d"
  # ../shared beside the clone, as beside this checkout (when there is one)
  [ -d "$root/../shared" ] && ln -s "$(cd "$root/../shared" && pwd)" "$d/shared"
  if ! git clone -q --no-hardlinks "$root" "$d/aigw" >"$log" 2>&1 ||
     ! git -C "$d/aigw" checkout -q --detach "$head" >>"$log" 2>&1; then
    echo "FAIL fresh-clone/$t: git clone failed (see $log)"; rc=1; continue
  fi
  # install stages into the temp dir, never the system; fuzz runs each harness briefly
  # (the build graph is what is tested; `make fuzz` alone runs 60 s per harness)
  extra=()
  case $t in
    install) extra=(DESTDIR="$d/stage") ;;
    fuzz) extra=(FUZZ_SECONDS="${FRESH_FUZZ_SECONDS:-5}") ;;
  esac
  start=$(date +%s)
  if (cd "$d/aigw" && make "$t" "${extra[@]}") >>"$log" 2>&1; then
    echo "PASS fresh-clone/$t: make $t succeeded as the first command in a fresh clone ($(( $(date +%s) - start ))s)"
  else
    echo "FAIL fresh-clone/$t: make $t failed in a fresh clone of $head (see $log)"
    grep -m5 -E 'error|Error|FAIL|cannot|No rule' "$log" | sed 's/^/    /'
    rc=1
  fi
  [ "${FRESH_KEEP:-0}" = 1 ] || rm -rf "$d"
done
exit $rc
