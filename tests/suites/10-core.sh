#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Core: model, validator, JSON body encoder, sink (issue 2).
#   - unit tests (build/tests/test_encode, test_validate, test_relaxed), which
#     print their own PASS/FAIL lines;
#   - the API page's examples, checked against the page itself by Python;
#   - a seeded randomized round trip (C generator -> Python json), plus
#     self-tests proving the round-trip checker catches a wrong value, a
#     wrong body, a non-compact body and a respelled number;
#   - aigw_json_raw_check's table (test_json_raw);
#   - a new schema member arriving by regeneration (tests/schema/regen_new_field.sh).
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build/logs build/tests
fail=0
# per-run scratch directory: several runs of this suite may overlap
W=$(mktemp -d build/tests/core-run.XXXXXX)
trap 'rm -rf "$W"' EXIT
SEED_PAGE=tools/upstream/seed/update-a-gateway.txt

if ! make -s lib core-tests >build/logs/10-core-build.log 2>&1; then
  echo "FAIL core-tests-build: make lib core-tests failed"; tail -20 build/logs/10-core-build.log
  exit 1
fi

# the generated sources (enumerations, from tools/upstream/api) are current
if out=$(python3 tools/gen_schema.py --check 2>&1); then
  echo "PASS schema-generated-current: tools/gen_schema.py output equals the committed sources"
else
  echo "FAIL schema-generated-current: $out"; fail=1
fi

for t in test_encode test_validate test_relaxed test_validate_v0 test_validate_v20260701 test_json_raw test_params_path; do
  ./build/tests/$t; rc=$?
  if [ $rc -ne 0 ]; then
    echo "FAIL $t: exited $rc"; fail=1
  fi
done

if [ ! -f "$SEED_PAGE" ]; then
  echo "FAIL example_page: $SEED_PAGE not found"; fail=1
elif ! ./build/tests/print_example >"$W/example.txt"; then
  echo "FAIL example_page: print_example failed: $(cat "$W/example.txt")"; fail=1
else
  python3 tests/py/check_example.py "$SEED_PAGE" "$W/example.txt" || fail=1
fi

want='{"cache_invalidate_on_update":true,"cache_ttl":3600,"collect_logs":true,"rate_limiting_interval":null,"rate_limiting_limit":null,"dlp":{"action":"BLOCK","enabled":true,"profiles":["pii-profile"]},"rate_limiting_technique":"fixed","retry_max_attempts":3}'
got=$(./build/tests/readme_example 2>&1)
if [ "$got" = "$want" ]; then echo "PASS readme_example"
else echo "FAIL readme_example: printed $got"; fail=1; fi

RT=$W/roundtrip.txt
./build/tests/gen_roundtrip 5000 20240601 >"$RT"; rc=$?
[ $rc -ne 0 ] && { echo "FAIL roundtrip_generator: exited $rc"; grep '^FAIL' "$RT" | head -5; fail=1; }
python3 tests/py/check_roundtrip.py "$RT" || fail=1

# The checker must be able to fail: feed it three kinds of corruption.
selftest() { # name, sed expression applied to a copy of the generator output
  local name=$1 expr=$2 bad=$W/roundtrip-$1.txt
  sed "$expr" "$RT" >"$bad"
  if cmp -s "$RT" "$bad"; then
    echo "FAIL roundtrip_selftest_$name: the corruption changed nothing"; fail=1
  elif python3 tests/py/check_roundtrip.py "$bad" >/dev/null; then
    echo "FAIL roundtrip_selftest_$name: the checker accepted corrupted data"; fail=1
  else
    echo "PASS roundtrip_selftest_$name"
  fi
}
selftest described_value '0,/^D \(.*\) T$/s//D \1 F/'
selftest body_value '0,/^B \(.*\):true/s//B \1:false/'
selftest not_compact '0,/^B {"cache_invalidate_on_update":/s//B { "cache_invalidate_on_update":/'
# a number kept as text (spend_limits.rules[].limit) must be sent as given
selftest number_text '0,/^B \(.*\)"limit":0\.5,/s//B \1"limit":0.50,/'

# the generated sources (enumerations, from tools/upstream/api) are current
if out=$(python3 tools/gen_schema.py --check 2>&1); then
  echo "PASS schema-generated-current: tools/gen_schema.py output equals the committed sources"
else
  echo "FAIL schema-generated-current: $out"; fail=1
fi

# A new field arrives by regenerating: a copied generator given a fragment
# with a new member changes only the generated files, and the copied core
# encodes, decodes and validates (per AIGW_SCHEMA_VERSION) the new member.
bash tests/schema/regen_new_field.sh || fail=1

# The same unit tests and generator in the sanitizer variant of the build
# (make SAN=1: ASan+UBSan, build/san, the library instrumented too): any
# out-of-bounds access or undefined behaviour aborts the binary.
if make -s SAN=1 core-tests >build/logs/10-core-asan-build.log 2>&1; then
  for t in test_encode test_validate test_relaxed test_validate_v0 test_validate_v20260701 test_json_raw; do
    if ./build/san/tests/$t >build/logs/10-core-asan-$t.log 2>&1; then
      echo "PASS asan_ubsan_$t"
    else
      echo "FAIL asan_ubsan_$t: see build/logs/10-core-asan-$t.log"; tail -5 build/logs/10-core-asan-$t.log; fail=1
    fi
  done
  if ./build/san/tests/gen_roundtrip 2000 7 >build/logs/10-core-asan-gen.log 2>&1; then
    echo "PASS asan_ubsan_gen_roundtrip"
  else
    echo "FAIL asan_ubsan_gen_roundtrip: see build/logs/10-core-asan-gen.log"; fail=1
  fi
else
  echo "FAIL asan_ubsan_build: see build/logs/10-core-asan-build.log"; fail=1
fi

exit $fail
