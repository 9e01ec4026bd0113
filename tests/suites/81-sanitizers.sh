#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sanitizers and valgrind over the unit and integration tests (issue 9).
# What other suites already run is not repeated:
#   10-core    core unit tests under make SAN=1 (gcc)     25-decode  decoder tests under make SAN=1 (gcc)
#   20-http    HTTP unit tests under make SAN=1 (gcc)     40-port    port tests under valgrind
#   45-client  8 client scenarios under valgrind           82-fault-sweep  the sweep driver is an ASan build
# This suite fills the gaps:
#   clang ASan+UBSan (-fno-sanitize-recover=all) over a sanitizer build of the
#   libraries themselves (build/hardening/asan: libaigw + libaigw_port instrumented):
#     - core unit tests and the seeded round-trip generator (clang; 10-core uses gcc)
#     - every client integration scenario (client_probe against the emulator)
#     - every aigw command test (tests/cli/test_cli.py)
#     - the stale-bytes cases (tests/client/test_stale.py: probe and command, POSIX and TLS)
#   valgrind memcheck (any error or leak fails):
#     - core, HTTP and decoder unit tests (the plain make check programs in build/tests)
#     - aigw command tests that reach the network or print (a subset, for time)
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh core port fuzz emulator >/dev/null || { echo "FAIL san-deps: tools/deps.sh failed"; exit 1; }
mkdir -p build/logs
L=build/logs/81-san
rc=0
export ASAN_OPTIONS=exitcode=99:detect_leaks=1 UBSAN_OPTIONS=exitcode=99:print_stacktrace=1:halt_on_error=1

if make -s hardening-asan >$L-build.log 2>&1; then
  echo "PASS asan-build (clang, libaigw + libaigw_port + tests instrumented)"
else
  echo "FAIL asan-build: see $L-build.log"; tail -15 $L-build.log; exit 1
fi
A=build/hardening/asan

# -- clang ASan+UBSan: core unit tests
for t in test_encode test_validate test_relaxed; do
  if $A/tests/$t >$L-$t.log 2>&1; then
    echo "PASS clang-asan:$t ($(grep -c '^PASS' $L-$t.log) checks)"
  else
    echo "FAIL clang-asan:$t: exit non-zero (see $L-$t.log)"; grep -m3 -E 'ERROR|runtime error|^FAIL' $L-$t.log; rc=1
  fi
done
if $A/tests/gen_roundtrip 2000 11 >$L-gen.log 2>&1; then
  echo "PASS clang-asan:gen_roundtrip (2000 seeded parameter sets)"
else
  echo "FAIL clang-asan:gen_roundtrip: see $L-gen.log"; rc=1
fi

# -- clang ASan+UBSan: integration (client probe and the aigw command against the emulator)
python3 tests/hardening/run_under.py client --prefix asan --binary $A/tests/client/client_probe || rc=1
python3 tests/hardening/run_under.py cli --prefix asan --binary $A/aigw || rc=1
# stale bytes after a complete answer, every case, POSIX and TLS, probe and command
python3 tests/client/test_stale.py --probe $A/tests/client/client_probe --aigw $A/aigw --prefix asan-stale || rc=1

# -- valgrind memcheck: host unit tests
if ! make -s lib hardening-vg >$L-vg-build.log 2>&1; then
  echo "FAIL valgrind-build: see $L-vg-build.log"; tail -15 $L-vg-build.log; exit 1
fi
VG=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible)
vg() { # name, command...
  local name=$1; shift
  "${VG[@]}" "$@" >$L-vg-$name.log 2>&1; local r=$?
  if [ $r -eq 0 ]; then echo "PASS valgrind:$name"
  elif [ $r -eq 99 ]; then echo "FAIL valgrind:$name: memcheck errors (see $L-vg-$name.log)"; rc=1
  else echo "FAIL valgrind:$name: exit $r (see $L-vg-$name.log)"; grep -m3 '^FAIL' $L-vg-$name.log; rc=1
  fi
}
for t in test_encode test_validate test_relaxed test_http_url test_http_request test_http_response; do
  vg $t build/tests/$t
done
vg gen_roundtrip build/tests/gen_roundtrip 300 5
for t in test_decode test_decode_json test_decode_mem test_decode_rmw; do
  vg $t build/tests/$t tests/data/json
done

# -- valgrind memcheck: the aigw command (the probe's subset runs in 45-client)
make -s aigw >$L-aigw.log 2>&1 || { echo "FAIL valgrind-aigw-build: see $L-aigw.log"; exit 1; }
python3 tests/hardening/run_under.py cli --prefix valgrind --valgrind build/aigw \
  every_field body_json nulls get_summary set_keeps exit_api dry_run verbose || rc=1
exit $rc
