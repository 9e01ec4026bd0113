#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Port layer tests: POSIX sockets, mbedTLS TLS, the generated CA set.
# Peers share no code with the client: plain socket calls in the test, and
# Python's ssl module (OpenSSL) for TLS, with a PKI made at test time.
# Every C test program runs twice: natively, then under valgrind memcheck
# (any error or leak fails). Name lookups run in a private mount namespace
# (own /etc/hosts and resolv.conf -> 127.0.0.1), so no query leaves the machine.
set -uo pipefail
cd "$(dirname "$0")/../.."

fail=0
pass_line() { echo "PASS $1"; }
fail_line() { echo "FAIL $1: $2"; fail=1; }

# tests/suites/41-port-mbedtls3.sh runs this suite again against mbedTLS 3.6:
# AIGW_PORT_MAKE is then its make target and AIGW_PORT_BUILD where the programs land.
PB=${AIGW_PORT_BUILD:-build}
port_make=${AIGW_PORT_MAKE:-port port-tests}
bash tools/deps.sh port || { fail_line port_deps "tools/deps.sh port failed"; exit 1; }
mkdir -p build
make_log=build/port-make${AIGW_PORT_MAKE:+-$AIGW_PORT_MAKE}.log
if ! make -s $port_make >"$make_log" 2>&1; then
  cat "$make_log"
  fail_line port_build "make $port_make failed"
  exit 1
fi
pass_line port_build

# A private work dir per run: another run of this suite (a teammate's full
# test run in the same tree) must not delete our files mid-run. Kept on failure.
mkdir -p build/port-test
W=$(mktemp -d build/port-test/run.XXXXXX)
mkdir -p "$W/ns"
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  [ "$fail" = 0 ] && rm -rf "$W"
}
trap cleanup EXIT

# --- generated CA table -------------------------------------------------------
if python3 tools/gen-ca.py -o "$W/aigw_cloudflare_ca.c" && cmp -s "$W/aigw_cloudflare_ca.c" port/mbedtls/aigw_cloudflare_ca.c; then
  pass_line gen_ca_output_matches_committed
else
  fail_line gen_ca_output_matches_committed "port/mbedtls/aigw_cloudflare_ca.c differs from tools/gen-ca.py output (edited by hand or stale)"
fi

$PB/tests/port/ca_test >"$W/ca_test.out" 2>&1; rc=$?
grep -v '^TABLE ' "$W/ca_test.out"
[ $rc -eq 0 ] || fail_line ca_test "exit $rc"
# Fingerprints and names of the table must be exactly those of tools/upstream/ca/README.md.
if python3 - "$W/ca_test.out" tools/upstream/ca/README.md <<'EOF'
import re, sys
table = sorted(l.split(" ", 2)[1:] for l in open(sys.argv[1]).read().splitlines() if l.startswith("TABLE "))
readme = []
for line in open(sys.argv[2]):
    cols = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cols) == 4 and re.fullmatch(r"([0-9A-F]{2}:){31}[0-9A-F]{2}", cols[3]):
        readme.append([cols[3], cols[1]])
readme.sort()
if not readme or table != readme:
    print("table:  %s\nreadme: %s" % (table, readme))
    sys.exit(1)
EOF
then pass_line ca_table_matches_readme_fingerprints
else fail_line ca_table_matches_readme_fingerprints "generated table and tools/upstream/ca/README.md disagree"
fi

# --- namespace files ------------------------------------------------------------
printf '127.0.0.1 localhost\n127.0.0.1 api.aigw.test\n::1 dual.aigw.test\n127.0.0.1 dual.aigw.test\n' >"$W/ns/hosts"
printf 'nameserver 127.0.0.1\noptions attempts:1 timeout:1\n' >"$W/ns/resolv.conf"
# in_ns CMD...: run CMD with the private /etc/hosts and /etc/resolv.conf.
in_ns() {
  unshare -m -- sh -c 'mount --bind "$1/hosts" /etc/hosts && mount --bind "$1/resolv.conf" /etc/resolv.conf && shift && exec "$@"' \
    sh "$PWD/$W/ns" "$@"
}
if in_ns getent hosts dual.aigw.test >/dev/null 2>&1; then pass_line private_name_namespace
else fail_line private_name_namespace "unshare -m with bind-mounted /etc/hosts failed (needs root)"; exit 1; fi

VG=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --track-fds=no)

# run_c NAME ns|plain PROGRAM ARGS...: native run (its PASS/FAIL lines count), then the same
# under valgrind memcheck (one PASS/FAIL line). "ns" runs inside the private name namespace.
run_c() {
  local name=$1 where=$2; shift 2
  local out=$W/$name.out vout=$W/$name.valgrind.out rc pre=()
  [ "$where" = ns ] && pre=(in_ns)
  "${pre[@]}" "$@" >"$out" 2>&1; rc=$?
  sed -E "s/^(PASS|FAIL) /\1 ${RUN_PREFIX:-}/" "$out" # RUN_PREFIX: a second build of the same program
  [ $rc -eq 0 ] || { grep -q '^FAIL ' "$out" || fail_line "$name" "exit $rc"; fail=1; }
  "${pre[@]}" "${VG[@]}" "$@" >"$vout" 2>&1; rc=$?
  if [ $rc -eq 0 ]; then pass_line "valgrind_$name"
  else
    grep -E '^(FAIL|==)' "$vout" | head -30
    fail_line "valgrind_$name" "exit $rc under valgrind memcheck (see $vout)"
  fi
}

run_c ca_test plain $PB/tests/port/ca_test
run_c posix_test ns $PB/tests/port/posix_test dual.aigw.test

# --- TLS ------------------------------------------------------------------------
# make-certs.sh is idempotent and safe against concurrent runs on one dir; the
# set is copied so the DER files added here stay private to this run.
if ! bash tests/certs/make-certs.sh build/port-test/certs; then fail_line tls_pki "tests/certs/make-certs.sh failed"; exit 1; fi
C=$W/certs
cp -r build/port-test/certs "$C"
openssl x509 -in "$C/ca.pem" -outform der -out "$C/ca.der" &&
openssl x509 -in "$C/ca-rsa.pem" -outform der -out "$C/ca-rsa.der" &&
cat "$C/ca.der" "$C/ca-rsa.der" >"$C/bundle.der" || { fail_line tls_pki "DER conversion failed"; exit 1; }

python3 tests/port/tls_server.py --lifetime 600 "$W/ports" "$W/server.log" \
  "good:$C/server.pem:$C/server.key:notify" \
  "good12:$C/server.pem:$C/server.key:notify,tls12" \
  "rsa:$C/server-rsa.pem:$C/server-rsa.key:notify" \
  "bare:$C/server.pem:$C/server.key:bare" \
  "wronghost:$C/wrong-host.pem:$C/wrong-host.key:notify" \
  "expired:$C/expired.pem:$C/expired.key:notify" \
  "future:$C/future.pem:$C/future.key:notify" \
  "untrusted:$C/untrusted.pem:$C/untrusted.key:notify" \
  >"$W/server.out" 2>&1 &
server_pid=$!
for _ in $(seq 100); do [ -s "$W/ports" ] && break; sleep 0.1; done
if [ ! -s "$W/ports" ]; then cat "$W/server.out"; fail_line tls_server "tls_server.py did not start"; exit 1; fi

export AIGW_CERTS=$C AIGW_TLS_PORTS=$W/ports AIGW_TLS_LOG=$W/server.log
run_c tls_test ns $PB/tests/port/tls_test
run_c tls_heap ns $PB/tests/port/tls_heap

# --- the same port code on mbedTLS built from source with the arena allocator
# and the wall-clock hook (what heap-free firmware uses; Debian's binary has neither)
if [ -n "${AIGW_PORT_MAKE:-}" ]; then
  : # the arena build is mbedTLS 2.28 with its own configuration: 40-port.sh alone runs it
elif ! bash tools/fetch-sources.sh >"$W/fetch.log" 2>&1; then
  tail -20 "$W/fetch.log"; fail_line port_arena_build "tools/fetch-sources.sh could not fetch the mbedTLS source"
elif ! make -s -j2 port-arena >"$W/arena-make.log" 2>&1; then
  tail -30 "$W/arena-make.log"; fail_line port_arena_build "make port-arena failed"
else
  pass_line port_arena_build
  run_c tls_arena ns build/port-arena/tls_arena
  # the same with the store held parsed (AIGW_TLS_CA_CALLBACK=0); test names get a store_ prefix
  RUN_PREFIX=store_ run_c tls_arena_store ns build/port-arena/tls_arena_store
fi

exit $fail
