#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bare-metal board: QEMU mps2-an385 (Cortex-M3) with lwIP + mbedTLS compiled
# from Debian's source packages. Runs `make -C boards/qemu-mps2-an385 test`:
# the board self-test, the core unit tests on the Cortex-M3, the heap-free
# check (nm), the lwIP raw port against an echo server, and for both firmware
# profiles (interop: ECDSA and RSA chains; small: ECDSA) a real TLS update +
# get with the client against the endpoint emulator (also with chains shaped
# like Cloudflare's edge's, in the profile's arena), the wrong-CA image that
# must be refused with AIGW_E_TLS_UNTRUSTED and the short-arena image that
# must get AIGW_E_TLS_ALLOC. The network parts run in a network namespace
# that net-test.sh creates and always removes.
set -uo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "FAIL $1: $2"; exit 1; }

bash tools/deps.sh board >/dev/null || fail board-deps "could not install tools/deps/board.txt"
bash tools/fetch-sources.sh || fail board-sources "apt-get source of lwip/mbedtls failed"
[ "$(id -u)" = 0 ] || fail board-root "network namespaces and tap devices need root"
[ -c /dev/net/tun ] || fail board-tun "/dev/net/tun missing"

# One board run at a time: two runs at once would share build/board-an385.
mkdir -p build/board-an385
exec 9>build/board-an385/.suite.lock
flock -w 900 9 || fail board-lock "another board test run held the lock for 15 minutes"

blog=build/board-an385/suite-build.log
make -s -C boards/qemu-mps2-an385 all >$blog 2>&1 \
  || { grep -E ': error:|undefined reference' $blog | head; \
       echo "(board build had errors; the test run reports each failing part)"; }
make -s --no-print-directory -C boards/qemu-mps2-an385 test
rc=$?

# Build-only targets: the core for a Cortex-M4F (hard float) and RISC-V
# rv32imac with picolibc, with the size report of all three CPUs.
slog=build/board-an385/suite-sizes.log
if make -s --no-print-directory -C boards/qemu-mps2-an385 sizes >$slog 2>&1; then
  echo "PASS an385/cross-core-sizes (build/board-an385/sizes-core.txt)"
  head -3 $slog
else
  grep -E ': error:|Error' $slog | head -5
  echo "FAIL an385/cross-core-sizes: the core does not build for Cortex-M4F or rv32imac ($slog)"
  rc=1
fi
exit $rc
