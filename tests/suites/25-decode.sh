#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# JSON decoding: jsmn + RFC 8259 check, envelope / gateway / params decoders,
# arena and token limits, in-place unescaping, lossless read-modify-write.
#   - unit tests (tests/unit/test_decode*.c): the make check programs in three builds
#     of the one set of rules: gcc (build/), clang (build/clang), make SAN=1 (ASan+UBSan, build/san)
#   - differential test of the JSON check against Python's json (random + mutated texts)
#   - read-modify-write compared independently with Python's json
#   - Cortex-M3 -Os build of the decoder objects, with their size
# One PASS/FAIL line per test.
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh core >/dev/null || { echo "FAIL decode-deps: tools/deps.sh core failed"; exit 1; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
data=tests/data/json
rc=0
. tests/variants.sh
for v in $VARIANTS; do
  variant $v; args=("${VARIANT_ARGS[@]}"); b=$VARIANT_DIR
  if ! out=$(make -s "${args[@]}" decode-tests 2>&1); then
    echo "FAIL decode-build-$v: $(echo "$out" | grep -m5 -E 'error|Error' | tr '\n' ' ')"; rc=1; continue
  fi
  echo "PASS decode-build-$v"
  for t in test_decode test_decode_json test_decode_mem test_decode_rmw; do
    "$b/tests/$t" "$data" | sed -e "s/^PASS /PASS $v:/" -e "s/^FAIL /FAIL $v:/"
    [ "${PIPESTATUS[0]}" -eq 0 ] || { rc=1; echo "FAIL $v:$t: exited non-zero"; }
  done
done

# jsmn private to the core: exports, and an application with its own jsmn
for cc in gcc clang; do
  bash tests/decode/private_symbols.sh build/decode-$cc/private $cc || rc=1
done

# the differential and read-modify-write checks run the sanitizer build
b=build/san/tests
if [ -x $b/decode_json_batch ]; then
  for seed in 1 2 3; do
    python3 tests/decode/json_differential.py $b/decode_json_batch 20000 $seed || rc=1
  done
else
  echo "FAIL json_differential: no batch tool"; rc=1
fi
if [ -x $b/test_decode_rmw ]; then
  python3 tests/decode/rmw_check.py $b/test_decode_rmw $data \
    newer_fields.json unknown_nested.json api_example.json dlp_policies.json escapes.json nulls.json \
    unknown_every_level.json unknown_dlp_v1.json || rc=1
  python3 tests/decode/rmw_every_level.py $b/test_decode_rmw $data \
    unknown_every_level.json unknown_dlp_v1.json unknown_nested.json dlp_policies.json api_example.json || rc=1
else
  echo "FAIL rmw_python: no test_decode_rmw"; rc=1
fi

if out=$(make -s decode-size 2>&1); then
  total=$(echo "$out" | awk '/(TOTALS)/ {print $1}')
  echo "PASS decode-cortex-m3-size (text $total bytes for the decoder objects, -Os)"
  echo "$out"
else
  echo "FAIL decode-cortex-m3-size: $(echo "$out" | grep -m3 -E 'error|Error' | tr '\n' ' ')"; rc=1
fi
exit $rc
