#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 15: x-should-retry, the HTTP CONNECT proxy step (library and command,
# against tests/proxy/connect_proxy.py), NO_PROXY, messages[], Retry-After
# HTTP-dates without a Date header, timeout and backoff flags; all against
# the endpoint emulator on loopback. Also the step's unit tests over a
# scripted port, and builds with AIGW_ENABLE_PROXY 0 (the step compiled out).
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh core port emulator >/dev/null || exit 1
rc=0
if make -s lib proxy-tests; then
  ./build/tests/test_proxy_connect | sed 's/^\(PASS\|FAIL\) /\1 proxy-unit\//' ; [ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
else
  echo "FAIL proxy-unit/build"; rc=1
fi
# the command's proxy selection: NO_PROXY (curl's rules) and proxy URLs
mkdir -p build/tests
if gcc -std=c99 -Wall -Wextra -Werror -Wconversion -Wshadow -Iinclude -Iboards/linux -Itests/unit \
     tests/cli/test_cli_proxy.c boards/linux/cli_proxy.c build/libaigw.a -o build/tests/test_cli_proxy; then
  ./build/tests/test_cli_proxy | sed 's/^\(PASS\|FAIL\) /\1 cli-proxy\//' ; [ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
else
  echo "FAIL cli-proxy/build"; rc=1
fi
# one switch compiles the step out: the core, a Cortex-M3 compile and the command still build
W=$(mktemp -d build/tests/proxy-off.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$W"' EXIT
ok=1; why=""
for f in core/proxy_connect.c core/client.c; do
  gcc -std=c99 -Wall -Wextra -Werror -Wconversion -Wshadow -Iinclude -DAIGW_ENABLE_PROXY=0 -c "$f" -o "$W/x.o" \
    2>"$W/err" || { ok=0; why="$f: $(head -2 "$W/err")"; }
done
gcc -std=c99 -Wall -Wextra -Werror -Wconversion -Wshadow -Iinclude -DAIGW_ENABLE_PROXY=0 -c core/proxy_connect.c \
  -o "$W/p.o" && [ -z "$(nm --defined-only "$W/p.o" | grep -v ' [aNn] ')" ] || { ok=0; why="proxy_connect.o not empty"; }
for f in boards/linux/*.c; do
  gcc -std=c99 -Wall -Wextra -Werror -Wconversion -Wshadow -Iinclude -Iboards/linux -DAIGW_ENABLE_PROXY=0 \
    -c "$f" -o "$W/c.o" 2>"$W/err" || { ok=0; why="$f: $(head -2 "$W/err")"; }
done
# jsmn.h sits in /usr/include, which the cross compiler must not search: a copy, as mk/cross.mk does
mkdir -p "$W/jsmn" && cp /usr/include/jsmn.h "$W/jsmn/"
for v in 1 0; do
  arm-none-eabi-gcc -std=c99 -Wall -Wextra -Werror -Wconversion -Wshadow -mcpu=cortex-m3 -mthumb -Os \
    -Iinclude -I"$W/jsmn" -DAIGW_ENABLE_PROXY=$v -c core/proxy_connect.c -o "$W/arm.o" 2>"$W/err" \
    || { ok=0; why="cortex-m3 (AIGW_ENABLE_PROXY=$v): $(head -2 "$W/err")"; }
done
if [ $ok = 1 ]; then echo "PASS proxy-unit/compiled-out-and-cortex-m3"; else echo "FAIL proxy-unit/compiled-out-and-cortex-m3: $why"; rc=1; fi
make -s client-tests aigw || { echo "FAIL parity/build"; exit 1; }
python3 tests/proxy/test_sdk_parity.py || rc=1
exit $rc
