#!/usr/bin/env bash
# Every source file the project wrote carries "SPDX-License-Identifier: MIT"
# (issue 16). tools/spdx.sh adds the missing lines; this suite fails until it has run.
set -uo pipefail
cd "$(dirname "$0")/../.."
if out=$(bash tools/spdx.sh --check 2>&1); then
  echo "PASS spdx_lines: $(git ls-files | wc -l) tracked files, every source file has the SPDX line"
else
  echo "FAIL spdx_lines: $(echo "$out" | tail -1); first: $(echo "$out" | head -3 | tr '\n' ' ')"
  exit 1
fi
