#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make demo: the main job, end to end on this machine.
# Starts the local endpoint emulator (HTTPS, a test CA made now), then with the
# aigw command: an update with the API page's example values over TLS, a get,
# and a read-modify-write `set cache_ttl=300`. Stops the emulator on any exit.
set -euo pipefail
cd "$(dirname "$0")/.."
# Only what the demo uses: the host build (tools/deps/build.txt: make, gcc,
# binutils, jsmn and mbedTLS headers) and the emulator (tools/deps/emulator.txt:
# openssl, python3, curl, util-linux). No cross toolchain, clang or valgrind.
echo "demo: checking packages (tools/deps/build.txt, tools/deps/emulator.txt)"
bash tools/deps.sh emulator
echo "demo: building build/aigw (core, POSIX + mbedTLS port, command)"
make -s aigw
dir=$(mktemp -d)
trap 'tests/emulator/run-emulator.sh stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
echo "demo: starting the endpoint emulator (test CA and certificates in $dir/certs)"
tests/emulator/run-emulator.sh start "$dir" >/dev/null
. "$dir/env"
aigw=build/aigw
gw=my-gateway
run() { printf '\n$ %s\n' "$*" | sed "s#$AIGW_EMU_CA#\$CA#g"; "$@"; }
echo "endpoint emulator: $CLOUDFLARE_BASE_URL (test CA $AIGW_EMU_CA)"
run $aigw update $gw --cacert "$AIGW_EMU_CA" \
    --cache-invalidate-on-update true --cache-ttl 0 --collect-logs true \
    --rate-limiting-interval 0 --rate-limiting-limit 0 --verbose
run $aigw get $gw --cacert "$AIGW_EMU_CA"
run $aigw set $gw cache_ttl=300 --cacert "$AIGW_EMU_CA" --json
echo
echo "demo: update, get and set all succeeded over TLS against the emulator"
