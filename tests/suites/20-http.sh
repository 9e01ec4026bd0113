#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# HTTP core: base URL, request head, response parser (tests/unit/test_http_*.c),
# the make check programs in three builds of the one set of rules: gcc (build/),
# clang (build/clang), and the sanitizer variant (make SAN=1: ASan+UBSan,
# build/san); plus a Cortex-M3 -Os compile of core/http_*.c. One PASS/FAIL line per test.
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh core >/dev/null || { echo "FAIL http-deps: tools/deps.sh core failed"; exit 1; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
rc=0
. tests/variants.sh
for v in $VARIANTS; do
  variant $v; args=("${VARIANT_ARGS[@]}"); b=$VARIANT_DIR
  if ! out=$(make -s "${args[@]}" http-tests 2>&1); then
    echo "FAIL http-build-$v: $(echo "$out" | head -5 | tr '\n' ' ')"; rc=1; continue
  fi
  echo "PASS http-build-$v"
  for t in url request response; do
    bin=$b/tests/test_http_$t
    # prefix test names with the build so every run counts separately
    "$bin" | sed -e "s/^PASS /PASS $v:/" -e "s/^FAIL /FAIL $v:/"
    [ "${PIPESTATUS[0]}" -eq 0 ] || { rc=1; echo "FAIL $v:test_http_$t: exited non-zero"; }
  done
done
# the parser state must stay small for a Cortex-M3: check it compiles there
ok=1
for f in core/http_*.c; do
  arm-none-eabi-gcc -std=c99 -Wall -Wextra -Werror -Wconversion -Wshadow -mcpu=cortex-m3 -mthumb -Os \
    -ffunction-sections -Iinclude -c "$f" -o /dev/null 2>build/http-arm.err || { ok=0; break; }
done
if [ $ok = 1 ]; then echo "PASS http-cortex-m3-compile"; else echo "FAIL http-cortex-m3-compile: $(head -3 build/http-arm.err | tr '\n' ' ')"; rc=1; fi
exit $rc
