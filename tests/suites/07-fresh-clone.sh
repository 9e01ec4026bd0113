#!/usr/bin/env bash
# A newcomer's first command: `make demo` (and `make aigw`) succeed in a fresh
# `git clone` of HEAD with nothing built (tools/fresh-clone.sh, one clone each,
# ../shared beside it). The slow public targets (bench, board-test, conformance,
# fuzz, docs, install, ...) are checked the same way by `make fresh-clone-all`.
# Tests the committed tree only: uncommitted changes are not seen.
set -uo pipefail
cd "$(dirname "$0")/../.."
command -v git >/dev/null || { echo "FAIL fresh-clone: git not installed"; exit 1; }
git rev-parse HEAD >/dev/null 2>&1 || { echo "FAIL fresh-clone: not a git checkout"; exit 1; }
bash tools/fresh-clone.sh demo aigw all
