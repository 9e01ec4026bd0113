#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The bare-metal board (QEMU mps2-an385, Cortex-M3) against mbedTLS 3.6 LTS
# (issue 16): Debian trixie's source package (tools/fetch-mbedtls3.sh), built
# with the board's own configuration (mbedtls_config_board.h) into
# build/board-an385/mbedtls3/PROFILE, beside the 2.28 build that
# 60-board.sh tests. For both profiles: the image links 3.x, it is heap-free,
# the TLS update + get + resumed get against the endpoint emulator passes
# (interop: ECDSA and RSA chains; small: ECDSA), the wrong-CA image is refused
# with AIGW_E_TLS_UNTRUSTED, and the arena is empty after close; the protocol
# is TLS 1.2. The interop profile also with TLS 1.3 offered (TLS13=1, into
# build/board-an385/mbedtls3-tls13/): the same runs, which must negotiate
# TLS 1.3 (a full handshake on the new connection: the port resumes TLS 1.2
# only). Flash and RAM per component go to .../size-report.* (bench/footprint.py
# compares them with 2.28's).
set -uo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "FAIL $1: $2"; exit 1; }

bash tools/deps.sh board >/dev/null || fail an385-mbedtls3/deps "could not install tools/deps/board.txt"
bash tools/fetch-sources.sh >/dev/null 2>&1 || fail an385-mbedtls3/sources "apt-get source of lwip/mbedtls failed"
mkdir -p build/board-an385/mbedtls3
flog=build/board-an385/mbedtls3/fetch.log
bash tools/fetch-mbedtls3.sh >$flog 2>&1 \
  || { tail -5 $flog; fail an385-mbedtls3/fetch "tools/fetch-mbedtls3.sh could not fetch trixie's mbedtls source ($flog)"; }
[ "$(id -u)" = 0 ] || fail an385-mbedtls3/root "network namespaces and tap devices need root"
[ -c /dev/net/tun ] || fail an385-mbedtls3/tun "/dev/net/tun missing"

# One board run at a time (shared with 60-board.sh): both use build/board-an385.
exec 9>build/board-an385/.suite.lock
flock -w 900 9 || fail an385-mbedtls3/lock "another board test run held the lock for 15 minutes"

rm -f build/board-an385/mbedtls3/run-report.txt build/board-an385/mbedtls3-tls13/run-report.txt
rc=0
# variant:profile; TLS13=1 also offers TLS 1.3 (interop only: see the board Makefile)
for vp in mbedtls3:interop mbedtls3:small mbedtls3-tls13:interop; do
  v=${vp%%:*}; p=${vp#*:}
  tls13=0; [ "$v" = mbedtls3-tls13 ] && tls13=1
  out=build/board-an385/$v/$p
  mkdir -p build/board-an385/$v
  blog=build/board-an385/$v/build-$p.log
  if ! make -s -j2 --no-print-directory -C boards/qemu-mps2-an385 MBEDTLS_MAJOR=3 TLS13=$tls13 PROFILE=$p \
       "$PWD/$out/net_update.elf" "$PWD/$out/net_update_wrongca.elf" "$PWD/$out/size-report.json" >$blog 2>&1; then
    grep -E ': error:|undefined reference|Error' $blog | head -8
    echo "FAIL an385-mbedtls3/build/$v/$p: the firmware does not build against mbedTLS 3.6 ($blog)"
    rc=1; continue
  fi
  # 3.x only: the ClientHello writer shared by TLS 1.2 and 1.3 (ssl_client.c).
  if arm-none-eabi-nm "$out/net_update.elf" | grep -w mbedtls_ssl_write_client_hello >/dev/null; then
    echo "PASS an385-mbedtls3/links-3x/$v/$p: net_update.elf links mbedTLS 3.x ($(sed -n 's/^#define MBEDTLS_VERSION_STRING *"\(.*\)"/\1/p' .cache/src/mbedtls3/include/mbedtls/build_info.h))"
  else
    echo "FAIL an385-mbedtls3/links-3x/$v/$p: net_update.elf has no mbedtls_ssl_write_client_hello: not built against 3.x"; rc=1
  fi
  make -s --no-print-directory -C boards/qemu-mps2-an385 MBEDTLS_MAJOR=3 TLS13=$tls13 PROFILE=$p test-mbedtls3 || rc=1
  head -12 "$out/size-report.txt"
done
echo "run reports: build/board-an385/mbedtls3{,-tls13}/run-report.txt"
cat build/board-an385/mbedtls3/run-report.txt build/board-an385/mbedtls3-tls13/run-report.txt 2>/dev/null
exit $rc
