#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hostile inputs and secrets (issue 9).
#   hostile: tests/hardening/test_hostile.c (library, clang ASan+UBSan build) - CR, LF,
#     NUL, quotes, backslashes, control bytes, injection attempts, invalid UTF-8 and
#     overlong strings in every string member of aigw_params_t (nested and enum texts),
#     the account and gateway ids and every credential; bodies re-checked with Python's
#     json (check_hostile.py); then the same through the aigw command's --dry-run
#     (test_hostile_cli.py, ASan build of the command).
#   secrets: tests/hardening/test_secrets.{c,py} - log hook, error strings, io buffer,
#     client/result structs and memory, mbedTLS heap (live and freed blocks) against the
#     emulator; the aigw command's --verbose / --json / --dry-run output.
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh core port fuzz emulator >/dev/null || { echo "FAIL hostile-deps: tools/deps.sh failed"; exit 1; }
mkdir -p build/logs
L=build/logs/83
export ASAN_OPTIONS=exitcode=99:detect_leaks=1 UBSAN_OPTIONS=exitcode=99:print_stacktrace=1:halt_on_error=1
if ! make -s hardening-asan hardening-tools aigw >$L-build.log 2>&1; then
  echo "FAIL hostile-build: see $L-build.log"; tail -15 $L-build.log; exit 1
fi
rc=0
A=build/hardening/asan
$A/hardening/test_hostile >$L-hostile.out 2>$L-hostile.err; r=$?
grep -v '^BODY ' $L-hostile.out | sed -e 's/^PASS /PASS hostile\//' -e 's/^FAIL /FAIL hostile\//'
if [ $r -ne 0 ]; then echo "FAIL hostile/test_hostile: exit $r (see $L-hostile.err)"; head -5 $L-hostile.err; rc=1; fi
python3 tests/hardening/check_hostile.py <$L-hostile.out || rc=1
# the same test, plain build, under valgrind memcheck
if valgrind -q --error-exitcode=99 --leak-check=full build/hardening/test_hostile >$L-hostile-vg.out 2>&1; then
  echo "PASS hostile/valgrind-memcheck"
else
  echo "FAIL hostile/valgrind-memcheck: see $L-hostile-vg.out"; rc=1
fi
python3 tests/hardening/test_hostile_cli.py $A/aigw || rc=1
python3 tests/hardening/test_secrets.py || rc=1
exit $rc
