#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Coverage of core/ (issue 14): `make coverage` builds core/ and its unit,
# HTTP, decode and client tests with gcov instrumentation, runs them and
# measures line and branch coverage with lcov. The suite fails when a test
# fails, when the figures cannot be measured, or when core branch coverage
# drops below the floor (COV_FLOOR, 95 %). Exclusions: docs/COVERAGE.md.
set -uo pipefail
cd "$(dirname "$0")/../.."
FLOOR=${COV_FLOOR:-95}
bash tools/deps.sh coverage >/dev/null || { echo "FAIL coverage-deps: tools/deps.sh coverage failed"; exit 1; }
mkdir -p build/logs
log=build/logs/15-coverage.log
if ! make -s coverage >"$log" 2>&1; then
  echo "FAIL coverage-run: make coverage failed"; tail -20 "$log"; exit 1
fi
cat "$log"
line=$(grep '^coverage: lines' "$log")
[ -n "$line" ] || { echo "FAIL coverage-figures: no summary line in $log"; exit 1; }
echo "PASS coverage-run: $line"
branch=$(echo "$line" | sed -n 's/.* branches \([0-9.]*\)%.*/\1/p')
client=$(grep '^core/client.c ' "$log" | awk '{print $4}')
rc=0
if [ -z "$branch" ]; then
  echo "FAIL coverage-branch-floor: cannot read the branch figure from: $line"; rc=1
elif awk -v b="$branch" -v f="$FLOOR" 'BEGIN { exit !(b >= f) }'; then
  echo "PASS coverage-branch-floor: core branch coverage ${branch}% >= ${FLOOR}% (client.c ${client:-?})"
else
  echo "FAIL coverage-branch-floor: core branch coverage ${branch}% < ${FLOOR}%"; rc=1
fi
# the floor can fail: the report refuses the same trace against a floor above its figure
if python3 tools/coverage-report.py build/coverage/core.info --min-branch 100.1 >/dev/null; then
  echo "FAIL coverage-floor-selftest: a floor of 100.1 % passed"; rc=1
else
  echo "PASS coverage-floor-selftest: a floor above the figure fails"
fi
# the client is measured with the rest, not left out of the total
if [ -z "$client" ]; then echo "FAIL coverage-client-measured: core/client.c missing from the table"; rc=1
else echo "PASS coverage-client-measured: core/client.c branches $client"; fi

# The tests only make coverage builds (gcc -O0) otherwise: the client and edge tests, with the
# scripted port, also with clang, ASan and UBSan (their own build tree).
b=build/cov-asan
san="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
if ! out=$(make -s CC=clang BUILD=$b COV_FLAGS="$san" $b/coverage/test_client_unit $b/coverage/test_core_edges $b/coverage/test_params_equal 2>&1); then
  echo "FAIL coverage-tests-clang-asan-build: $(echo "$out" | grep -m3 -E 'error|Error' | tr '\n' ' ')"; exit 1
fi
for t in test_client_unit test_core_edges test_params_equal; do
  "$b/coverage/$t" | sed -e 's/^PASS /PASS asan:/' -e 's/^FAIL /FAIL asan:/'
  [ "${PIPESTATUS[0]}" -eq 0 ] || { rc=1; echo "FAIL asan:$t: exited non-zero"; }
done
exit $rc
