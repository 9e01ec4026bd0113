#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The core builds warning-free (-std=c99 -Wall -Wextra -Werror -Wconversion
# -Wshadow) with gcc and clang (separate build directories) and with
# arm-none-eabi-gcc for a Cortex-M3 at -Os (make cross). One line per
# compiler; the core unit tests are also built and run with clang.
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build/logs
fail=0

for cc in gcc clang; do
  if ! command -v $cc >/dev/null; then
    echo "FAIL build_$cc: $cc not installed (bash tools/deps.sh core)"; fail=1; continue
  fi
  log=build/logs/06-build-$cc.log
  if make -s CC=$cc BUILD=build/$cc lib >"$log" 2>&1; then
    echo "PASS build_$cc: $(ar t build/$cc/libaigw.a | wc -l) core objects, -Werror"
  else
    echo "FAIL build_$cc: see $log"; grep -m5 -E 'error|warning' "$log"; fail=1
  fi
done

# the log hook compiled out (AIGW_LOG_ENABLED=0): nothing of it may remain
log=build/logs/06-build-nolog.log
if make -s CC=gcc BUILD=build/nolog EXTRA_CFLAGS=-DAIGW_LOG_ENABLED=0 lib >"$log" 2>&1; then
  if nm build/nolog/libaigw.a 2>/dev/null | grep -q 'log_event'; then
    echo "FAIL build_log_compiled_out: log_event still in the library"; fail=1
  else
    echo "PASS build_log_compiled_out: AIGW_LOG_ENABLED=0 builds, no log code left"
  fi
else
  echo "FAIL build_log_compiled_out: see $log"; grep -m5 -E 'error|warning' "$log"; fail=1
fi

# aigw_strerror() in both builds of core/error.c: sentences (default) and
# bare code names (AIGW_ERROR_TEXT=0, the small-firmware option)
for et in 1 0; do
  log=build/logs/06-build-strerror-$et.log
  mkdir -p build/strerror
  if gcc -std=c99 -Wall -Wextra -Werror -Wconversion -Wshadow -Iinclude -Itests/unit -DAIGW_ERROR_TEXT=$et \
       tests/unit/test_strerror.c core/error.c -o build/strerror/test_strerror_$et >"$log" 2>&1 &&
     ./build/strerror/test_strerror_$et >>"$log" 2>&1; then
    echo "PASS build_strerror_text_$et: AIGW_ERROR_TEXT=$et builds, one distinct string per code"
  else
    echo "FAIL build_strerror_text_$et: see $log"; grep -m5 -E 'FAIL|error|expect' "$log"; fail=1
  fi
done

log=build/logs/06-build-clang-tests.log
if make -s CC=clang BUILD=build/clang core-tests >"$log" 2>&1; then
  ok=1
  for t in test_encode test_validate test_relaxed; do
    ./build/clang/tests/$t >>"$log" 2>&1 || ok=0
  done
  if [ $ok = 1 ]; then echo "PASS build_clang_core_tests: built and passing"
  else echo "FAIL build_clang_core_tests: a clang-built unit test failed (see $log)"; fail=1; fi
else
  echo "FAIL build_clang_core_tests: see $log"; grep -m5 -E 'error|warning' "$log"; fail=1
fi

log=build/logs/06-build-cross.log
if ! command -v arm-none-eabi-gcc >/dev/null; then
  echo "FAIL build_arm_none_eabi: arm-none-eabi-gcc not installed (bash tools/deps.sh core)"; fail=1
elif make -s cross >"$log" 2>&1; then
  total=$(awk '/\(TOTALS\)/ { print $1 }' "$log")
  echo "PASS build_arm_none_eabi: Cortex-M3 -Os, core text ${total} bytes"
else
  echo "FAIL build_arm_none_eabi: see $log"; grep -m5 -E 'error|warning' "$log"; fail=1
fi

# The build graph: no fragment may read a variable that is not defined yet
# (make expands prerequisites while it reads, so a library named by a later
# fragment silently drops out of a rule; build/aigw once lost its port library
# that way and `make demo` failed on a fresh clone). Dry-run every public target.
bad=""
for t in all lib aigw demo test deps bench docs install conformance fuzz cross port client-tests check check-build fresh-clone-all board board-test; do
  w=$(make --warn-undefined-variables -n "$t" 2>&1 | grep 'warning: undefined variable' | sort -u)
  [ -n "$w" ] && bad="$bad
$t: $w"
done
if [ -z "$bad" ]; then
  echo "PASS build_graph_defined_vars: no public target reads an undefined make variable"
else
  echo "FAIL build_graph_defined_vars:$bad"; fail=1
fi

exit $fail
