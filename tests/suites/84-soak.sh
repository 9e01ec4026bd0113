#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Soak (issue 9): one aigw client, many updates and gets against the endpoint emulator
# with a seeded mix of its fault modes (tests/hardening/soak.py, soak_driver.c):
# every call ends as the fault predicts within its deadline, nothing stale, RSS flat;
# then a shorter run under valgrind memcheck. `make soak` runs the full 10,000.
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh core port emulator >/dev/null || { echo "FAIL soak-deps: tools/deps.sh failed"; exit 1; }
mkdir -p build/logs
if ! make -s hardening-tools >build/logs/84-soak-build.log 2>&1; then
  echo "FAIL soak-build: see build/logs/84-soak-build.log"; tail -15 build/logs/84-soak-build.log; exit 1
fi
rc=0
python3 tests/hardening/soak.py --calls "${SOAK_TEST_CALLS:-3000}" --seed 9 || rc=1
python3 tests/hardening/soak.py --calls 300 --seed 10 --valgrind --name soak-valgrind || rc=1
exit $rc
