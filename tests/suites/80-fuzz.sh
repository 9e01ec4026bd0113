#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# libFuzzer harnesses (tests/fuzz/fuzz_*.c, built by mk/fuzz.mk): build them
# all, replay each committed seed corpus, then fuzz each for at least
# FUZZ_TEST_SECONDS (default and minimum 30) on a copy of its corpus.
# One line per harness: PASS/FAIL fuzz:<harness>. A crash, leak, sanitizer
# report, oracle abort or timeout fails; the reproducer is kept in
# build/fuzz/test-artifacts/<harness>/ and the log in build/fuzz/<harness>.test.log.
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh fuzz >/dev/null || { echo "FAIL fuzz-deps: tools/deps.sh fuzz failed"; exit 1; }
secs=${FUZZ_TEST_SECONDS:-30}
[ "$secs" -ge 30 ] 2>/dev/null || secs=30

if ! out=$(make -s fuzz-build 2>&1); then
  echo "FAIL fuzz-build: $(echo "$out" | grep -m3 -E 'error|Error' | tr '\n' ' ')"
  exit 1
fi
echo "PASS fuzz-build"

names=$(for f in tests/fuzz/fuzz_*.c; do [ -e "$f" ] && basename "$f" .c; done)
[ -n "$names" ] || { echo "FAIL fuzz-harnesses: no tests/fuzz/fuzz_*.c"; exit 1; }

rc=0
for n in $names; do
  bin=build/fuzz/$n corpus=tests/fuzz/corpus/$n
  work=build/fuzz/test-work/$n art=build/fuzz/test-artifacts/$n/ log=build/fuzz/$n.test.log
  if [ ! -d "$corpus" ] || [ -z "$(ls -A "$corpus")" ]; then
    echo "FAIL fuzz:$n: no seed corpus in $corpus"; rc=1; continue
  fi
  rm -rf "$work" "$art"; mkdir -p "$work" "$art"; cp -R "$corpus/." "$work/"
  # 1. replay: every committed seed once (files given one by one are only read)
  if ! "$bin" -artifact_prefix="$art" "$corpus"/* >"$log" 2>&1; then
    echo "FAIL fuzz:$n: seed corpus replay failed (see $log)"; rc=1; continue
  fi
  # 2. fuzz on the copy
  dict=(); [ -f "tests/fuzz/$n.dict" ] && dict=(-dict="tests/fuzz/$n.dict")
  if ! "$bin" -max_total_time="$secs" -timeout=10 "${dict[@]}" -artifact_prefix="$art" \
       -print_final_stats=1 "$work" >>"$log" 2>&1; then
    why=$(grep -m1 -E 'ERROR:|SUMMARY:|deadly signal|timeout' "$log" | cut -c1-160)
    echo "FAIL fuzz:$n: ${why:-fuzzer exited non-zero} (reproducer in $art, log $log)"; rc=1; continue
  fi
  done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
  runs=$(echo "$done_line" | awk '{print $2}'); took=$(echo "$done_line" | awk '{print $5}')
  if [ -z "$done_line" ] || [ "$took" -lt "$secs" ] || [ "$runs" -lt 1 ]; then
    echo "FAIL fuzz:$n: did not fuzz for ${secs}s (${done_line:-no Done line})"; rc=1; continue
  fi
  echo "PASS fuzz:$n ($runs runs in ${took}s, corpus $(ls "$corpus" | wc -l) seeds)"
done
exit $rc
