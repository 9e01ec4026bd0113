#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fault sweep (issue 9): every kind of response (200 Content-Length, 200 chunked,
# 400 with errors/path, 404, 429 Retry-After, 503, HTML 502, close-delimited 200)
# cut at every byte offset and delivered in every two-piece split, against a
# dedicated Python ssl server (tests/hardening/sweep_server.py), driven by the aigw
# client over the POSIX + mbedTLS ports built with clang ASan+UBSan
# (tests/hardening/sweep_driver.c). The oracle is tests/hardening/sweep.py.
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh core port fuzz emulator >/dev/null || { echo "FAIL sweep-deps: tools/deps.sh failed"; exit 1; }
mkdir -p build/logs
if ! make -s hardening-asan >build/logs/82-sweep-build.log 2>&1; then
  echo "FAIL sweep-build: make hardening-asan failed (build/logs/82-sweep-build.log)"
  tail -20 build/logs/82-sweep-build.log
  exit 1
fi
python3 tests/hardening/sweep.py
