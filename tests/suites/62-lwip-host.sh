#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Host lwIP: the lwIP sockets port over Debian's liblwip, through a tap device.
#
# Makes a private network namespace (unique name, removed on exit and on any
# failure), creates a tap device inside it with 192.0.2.1/24 (TEST-NET-1,
# which exists only there), starts the peers there, and runs the test program
# (tests/lwip/lwip_update.c) in the same namespace: its own lwIP stack takes
# the other end of the tap (PRECONFIGURED_TAPIF) as 192.0.2.2. No traffic
# leaves the namespace.
set -uo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "FAIL $1: $2"; exit 1; }

bash tools/deps.sh lwip emulator >/dev/null || fail lwip-deps "could not install tools/deps/lwip.txt, emulator.txt"
[ "$(id -u)" = 0 ] || fail lwip-root "network namespaces and tap devices need root"
[ -c /dev/net/tun ] || fail lwip-tun "/dev/net/tun missing"

make -s lwip-host-check >build/logs/62-lwip-build.log 2>&1 || { cat build/logs/62-lwip-build.log; fail lwip-build "make lwip-host failed"; }
echo "PASS lwip-build"
# The same sources with clang (the project's second compiler), into their own build dir.
make -s CC=clang BUILD=build/lwip-clang lwip-host-check >build/logs/62-lwip-clang.log 2>&1 || { cat build/logs/62-lwip-clang.log; fail lwip-build-clang "make CC=clang lwip-host failed"; }
echo "PASS lwip-build-clang"

work=$(mktemp -d "${TMPDIR:-/tmp}/aigw-lwip.XXXXXX")
ns="aigw-lwip-$$-$RANDOM"
tap="aigwtap$((RANDOM % 10000))"
pids=()
emu_up=0
cleanup() {
  [ $emu_up = 1 ] && bash tests/emulator/run-emulator.sh stop "$work/emu" 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  ip netns pids "$ns" 2>/dev/null | while read -r p; do kill -9 "$p" 2>/dev/null; done
  ip netns del "$ns" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ip netns add "$ns" || fail lwip-netns "ip netns add failed"
nsx() { ip netns exec "$ns" "$@"; }
nsx ip link set lo up
nsx ip tuntap add dev "$tap" mode tap || fail lwip-netns "ip tuntap add failed"
# MTU 576: Debian's liblwip 2.1.3 overflows a heap pbuf on any received frame
# longer than 592 bytes (TCP_MSS is 1460 in pbuf.c but glibc's 512 in memp.c;
# see the note at the top of tests/lwip/lwip_update.c).
MTU=576
nsx ip link set "$tap" mtu $MTU
nsx ip addr add 192.0.2.1/24 dev "$tap"
nsx ip link set "$tap" up

# Plain-TCP peers for the port's own paths (EOF, reset, deadline).
ECHO=7001 RESET=7002 SILENT=7003 STALL=7004 CLOSED=7009
nsx python3 tests/lwip/tcp_peer.py --addr 192.0.2.1 --echo $ECHO --reset $RESET --silent $SILENT --stall $STALL \
  >"$work/peer.out" 2>"$work/peer.err" &
pids+=($!)
for _ in $(seq 50); do grep -q ready "$work/peer.out" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$work/peer.out" || { cat "$work/peer.err"; fail lwip-peer "tcp_peer.py did not start"; }

# The project's endpoint emulator over TLS, started inside the namespace by
# its own script; it listens on 192.0.2.1 as well as its loopback addresses.
# Test PKI: the server certificate carries DNS:api.aigw.test and IP:192.0.2.1.
emu=$work/emu
AIGW_EMU_CERTS=build/lwip-host/certs nsx bash tests/emulator/run-emulator.sh start "$emu" -- \
  --host 192.0.2.1 >/dev/null 2>"$work/emu.err" || { cat "$work/emu.err"; fail lwip-emulator "the emulator did not start"; }
emu_up=1
. "$emu/env"

# The scripted stale-bytes server (tests/client/stale_server.py), plain and TLS (the emulator's
# test PKI: DNS:api.aigw.test), for the client over lwIP sockets.
for kind in plain tls; do
  extra=(); [ $kind = tls ] && extra=(--cert "$AIGW_EMU_CERTS/server.pem" --key "$AIGW_EMU_CERTS/server.key")
  nsx python3 tests/client/stale_server.py --host 192.0.2.1 --host-header "" --port-file "$work/stale-$kind" \
    "${extra[@]}" >"$work/stale-$kind.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 50); do [ -s "$work/stale-plain" ] && [ -s "$work/stale-tls" ] && break; sleep 0.1; done
[ -s "$work/stale-plain" ] && [ -s "$work/stale-tls" ] || { cat "$work"/stale-*.log; fail lwip-stale "stale_server.py did not start"; }

# The namespace is the test's alone, so nothing else can take the closed port.
# Under valgrind's memcheck: Debian's liblwip corrupts its heap on long frames
# (see MTU above), which may go unnoticed without it; any memory error fails.
nsx env PRECONFIGURED_TAPIF="$tap" timeout 120 valgrind -q --error-exitcode=99 build/lwip-host/lwip_update \
  --ip 192.0.2.2 --server 192.0.2.1 --mtu $MTU --closed-port $CLOSED \
  --echo-port $ECHO --reset-port $RESET --silent-port $SILENT --stall-port $STALL \
  --tls-port "$AIGW_EMU_PORT" --ca "$AIGW_EMU_CA" --wrong-ca "$AIGW_EMU_CERTS/other-ca.pem" \
  --stale-port "$(cat "$work/stale-plain")" --stale-tls-port "$(cat "$work/stale-tls")" \
  --token "$CLOUDFLARE_API_TOKEN" --account "$AIGW_EMU_ACCOUNT" --gateway "$AIGW_EMU_GATEWAY"
rc=$?
[ $rc = 124 ] && fail lwip-update "timed out after 120 s"
[ $rc = 99 ] && fail lwip-memcheck "valgrind reported memory errors (above)"
# 1 is the program's own verdict (its FAIL lines are above); anything else is a crash.
[ $rc = 0 ] || [ $rc = 1 ] || echo "FAIL lwip-update: the test program died (exit $rc)"
[ $rc = 0 ] || { echo "--- emulator log"; tail -20 "$AIGW_EMU_LOG"; }
exit $rc
