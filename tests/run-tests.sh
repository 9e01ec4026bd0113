#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs test programs (each prints PASS/FAIL lines), passing DATA_DIR as their
# only argument (the decode tests read their JSON files from it; the others
# ignore it). A program that exits non-zero adds a FAIL line of its own, so a
# crash can never pass. Ends with one summary line; exit 1 on any failure.
# Usage: tests/run-tests.sh DATA_DIR PROGRAM...
set -uo pipefail
data=$1; shift
rc=0; pass=0; fail=0
for bin in "$@"; do
  name=$(basename "$bin")
  out=$("$bin" "$data" 2>&1); st=$?
  printf '%s\n' "$out"
  p=$(printf '%s\n' "$out" | grep -c '^PASS '); f=$(printf '%s\n' "$out" | grep -c '^FAIL ')
  if [ $st -ne 0 ]; then echo "FAIL $name: exited $st"; f=$((f + 1)); rc=1; fi
  [ "$f" -gt 0 ] && rc=1
  pass=$((pass + p)); fail=$((fail + f))
done
echo "check: $# programs, $pass passed, $fail failed"
exit $rc
