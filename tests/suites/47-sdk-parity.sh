#!/usr/bin/env bash
# Issue 15: x-should-retry, the HTTP CONNECT proxy step (library and command,
# against tests/proxy/connect_proxy.py), NO_PROXY, messages[], Retry-After
# HTTP-dates without a Date header, timeout and backoff flags; all against
# the endpoint emulator on loopback.
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh core port emulator >/dev/null || exit 1
make -s client-tests aigw || { echo "FAIL parity/build"; exit 1; }
python3 tests/proxy/test_sdk_parity.py
