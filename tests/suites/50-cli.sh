#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The aigw command end to end against the endpoint emulator, and make demo.
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh core port emulator >/dev/null || exit 1
make -s aigw || { echo "FAIL cli/build"; exit 1; }
rc=0
python3 tests/cli/test_cli.py || rc=1
# issue 14: no function of the command above cyclomatic complexity 15 (pmccabe)
if ! command -v pmccabe >/dev/null; then
  echo "FAIL cli/complexity: pmccabe missing (bash tools/deps.sh core)"; rc=1
elif over=$(pmccabe boards/linux/*.c | awk '$1 > 15') && [ -z "$over" ]; then
  echo "PASS cli/complexity: highest $(pmccabe boards/linux/*.c | sort -n | tail -1 | awk '{print $1, $NF}')"
else
  echo "FAIL cli/complexity: above 15: $over"; rc=1
fi
# `aigw set` / a retried get with stale bytes after the first answer (scripted server, POSIX and TLS)
python3 tests/client/test_stale.py --aigw build/aigw --prefix cli-stale || rc=1
if out=$(timeout 120 bash tools/demo.sh 2>&1) && grep -q '"cache_ttl":300' <<<"$out"; then
  echo "PASS cli/make-demo"
else
  echo "FAIL cli/make-demo: $(tail -5 <<<"$out")"; rc=1
fi
exit $rc
