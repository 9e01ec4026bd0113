#!/usr/bin/env bash
# HTTP core: base URL, request head, response parser (tests/unit/test_http_*.c),
# built with gcc, with clang (both -Werror) and with clang + ASan/UBSan, plus a
# Cortex-M3 -Os compile of core/http_*.c. One PASS/FAIL line per test.
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh core >/dev/null || { echo "FAIL http-deps: tools/deps.sh core failed"; exit 1; }
rc=0
for cc in gcc clang asan; do
  b=build/http-$cc
  if [ $cc = asan ]; then
    args=(CC=clang "EXTRA_CFLAGS=-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer")
  else
    args=(CC=$cc)
  fi
  if ! out=$(make -s "${args[@]}" BUILD=$b http-tests 2>&1); then
    echo "FAIL http-build-$cc: $(echo "$out" | head -5 | tr '\n' ' ')"; rc=1; continue
  fi
  echo "PASS http-build-$cc"
  for t in url request response; do
    bin=$b/tests/test_http_$t
    # prefix test names with the compiler so both runs count separately
    "$bin" | sed -e "s/^PASS /PASS $cc:/" -e "s/^FAIL /FAIL $cc:/"
    [ "${PIPESTATUS[0]}" -eq 0 ] || { rc=1; echo "FAIL $cc:test_http_$t: exited non-zero"; }
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
