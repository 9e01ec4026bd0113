#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every suite in tests/suites/*.sh (sorted), from the project root.
# A suite prints one line per test: "PASS <name>" or "FAIL <name>: <why>".
# A suite that exits non-zero without printing a FAIL line counts as one
# failure, so a crash can never pass. Ends with "N passed, N failed".
# Usage: tests/run.sh [suite-name-substring ...]
set -uo pipefail
cd "$(dirname "$0")/.."
# each run logs into its own folder, so two runs at once never mix their logs
logdir=build/logs/run-$(date +%Y%m%d-%H%M%S)-$$
mkdir -p "$logdir"
ln -sfn "$(basename "$logdir")" build/logs/latest
pass=0; fail=0; failed_suites=()
for s in tests/suites/*.sh; do
  name=$(basename "$s" .sh)
  if [ $# -gt 0 ]; then
    keep=0; for f in "$@"; do case "$name" in *"$f"*) keep=1 ;; esac; done
    [ $keep = 1 ] || continue
  fi
  log=$logdir/$name.log
  start=$(date +%s)
  echo "== $name"
  bash "$s" >"$log" 2>&1; rc=$?
  p=$(grep -c '^PASS ' "$log"); f=$(grep -c '^FAIL ' "$log")
  grep '^FAIL ' "$log" | head -20
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1; echo "FAIL $name: suite exited $rc without a FAIL line (see $log)"; tail -15 "$log"
  fi
  echo "   $name: $p passed, $f failed ($(( $(date +%s) - start ))s)"
  pass=$((pass + p)); fail=$((fail + f))
  [ "$f" -gt 0 ] && failed_suites+=("$name")
done
[ ${#failed_suites[@]} -gt 0 ] && echo "failed suites: ${failed_suites[*]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
