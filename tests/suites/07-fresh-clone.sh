#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A newcomer's first command: `make demo` (and `make aigw`) succeed in a fresh
# `git clone` of HEAD with nothing built (tools/fresh-clone.sh, one clone each,
# ../shared beside it). The slow public targets (bench, board-test, conformance,
# fuzz, docs, install, ...) are checked the same way by `make fresh-clone-all`.
# Tests the committed tree only: uncommitted changes are not seen.
set -uo pipefail
cd "$(dirname "$0")/../.."
command -v git >/dev/null || { echo "FAIL fresh-clone: git not installed"; exit 1; }
git rev-parse HEAD >/dev/null 2>&1 || { echo "FAIL fresh-clone: not a git checkout"; exit 1; }
rc=0
bash tools/fresh-clone.sh demo aigw all || rc=1
# the harness must be able to fail: a target that does not exist is a FAIL
if out=$(bash tools/fresh-clone.sh no-such-target 2>&1); then
  echo "FAIL fresh-clone-selftest: make no-such-target was reported as passing"; rc=1
elif printf '%s\n' "$out" | grep -q '^FAIL fresh-clone/no-such-target'; then
  echo "PASS fresh-clone-selftest: a failing target is reported as FAIL"
else
  echo "FAIL fresh-clone-selftest: no FAIL line for a failing target: $out"; rc=1
fi
exit $rc
