#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs a network firmware image under QEMU attached to a tap device inside a
# network namespace that this script creates and always removes (trap on
# exit, also on failure or interrupt). 192.0.2.1/24 (TEST-NET-1) is the
# namespace's side of the tap; the firmware uses 192.0.2.2. Nothing leaves
# the namespace.
#
# Usage: net-test.sh echo  FIRMWARE.elf
#            raw-port test against the peers in echo_server.py (echo, reset,
#            silent, DNS)
#        net-test.sh tls   FIRMWARE.elf CERTDIR [CERTNAME]
#            firmware against the endpoint emulator over TLS, which presents
#            CERTDIR/CERTNAME.pem (default "server": ECDSA; "server-rsa": RSA chain)
#        net-test.sh tls-proxy FIRMWARE.elf CERTDIR
#            the same through the test CONNECT proxy (tests/proxy/connect_proxy.py
#            on 192.0.2.1:3128, Basic credentials board:an385-secret); the proxy's
#            log must show the firmware's CONNECTs, with credentials, and tunnels
# Prints the firmware's PASS/FAIL lines renamed "an385-net/<image>/<test>",
# one line for the run itself, and exits non-zero on any failure.
set -uo pipefail
mode=$1; elf=$2; shift 2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
QEMU=${QEMU:-qemu-system-arm}
TIMEOUT=${QEMU_TIMEOUT:-120}
name=$(basename "$elf" .elf)
label=${LABEL:-$name}
log=${elf%.elf}.${label##*/}.log

ns="aigw-an385-$$-$RANDOM"
tap=tap0
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  ip netns del "$ns" 2>/dev/null
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "FAIL an385-net/$label: $*"; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root for ip netns and the tap device"
command -v "$QEMU" >/dev/null || fail "$QEMU not installed (tools/deps.sh board)"
ip netns add "$ns" || fail "ip netns add failed"
ip -n "$ns" link set lo up
ip -n "$ns" tuntap add dev "$tap" mode tap || fail "cannot create a tap device"
ip -n "$ns" addr add 192.0.2.1/24 dev "$tap"
ip -n "$ns" link set "$tap" up

# Waits until something listens on 192.0.2.1:$1 inside the namespace.
wait_listen() {
  local i
  for i in $(seq 1 100); do
    ip netns exec "$ns" ss -ltnH "sport = :$1" 2>/dev/null | grep -q . && return 0
    sleep 0.1
  done
  return 1
}

case $mode in
  echo)
    plog="${log%.log}.peers.log"
    ip netns exec "$ns" python3 "$here/echo_server.py" 192.0.2.1 --lifetime "$TIMEOUT" >"$plog" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 100); do grep -q ready "$plog" 2>/dev/null && break; sleep 0.1; done
    grep -q ready "$plog" || { cat "$plog"; fail "echo server did not start"; }
    expect_rc=0
    ;;
  tls|tls-proxy)
    certdir=$1; certname=${2:-server}; expect_rc=0
    emu="$root/tests/emulator/aigw_emulator.py"
    [ -f "$emu" ] || fail "endpoint emulator $emu missing"
    [ -f "$certdir/$certname.pem" ] || fail "no $certname.pem in $certdir"
    elog="${log%.log}.emulator.log"
    # The emulator's defaults are the API page's example account and token,
    # which the firmware uses; it stores the seeded gateway "my-gateway".
    ip netns exec "$ns" python3 "$emu" --host 192.0.2.1 --port 8443 \
      --cert "$certdir/$certname.pem" --key "$certdir/$certname.key" --seed-gateway my-gateway \
      >"$elog" 2>&1 &
    pids+=($!)
    wait_listen 8443 || { cat "$elog"; fail "emulator did not start"; }
    if [ "$mode" = tls-proxy ]; then
      xlog="${log%.log}.proxy.log"
      ip netns exec "$ns" python3 "$root/tests/proxy/connect_proxy.py" --host 192.0.2.1 --port 3128 \
        --user board --password an385-secret --map api.aigw.test=192.0.2.1 >"$xlog" 2>&1 &
      pids+=($!)
      wait_listen 3128 || { cat "$xlog"; fail "proxy did not start"; }
    fi
    ;;
  *) fail "unknown mode $mode" ;;
esac

start=$(date +%s%N)
ip netns exec "$ns" timeout "$TIMEOUT" "$QEMU" -M mps2-an385 -cpu cortex-m3 -nographic \
  -monitor none -serial none -semihosting-config enable=on,target=native \
  -nic tap,ifname="$tap",script=no,downscript=no,model=lan9118 \
  -kernel "$elf" >"$log" 2>&1
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
sed -e "s#^PASS #PASS an385-net/$label/#" -e "s#^FAIL #FAIL an385-net/$label/#" "$log"
# Figures for the run report: QEMU wall time plus the firmware's own REPORT line.
fig=$(sed -n 's/^REPORT //p' "$log" | tail -1)
[ -n "$fig" ] || fig="stack_peak=$(sed -n 's/^an385: main returned .*, peak stack \([0-9]*\) of.*/\1/p' "$log" | tail -1)"
echo "$label qemu_ms=$ms exit=$rc $fig" >>"${RUN_REPORT:-/dev/null}"
if [ $rc -eq 124 ]; then
  fail "timed out after ${TIMEOUT}s (log $log)"
elif [ $rc -ne "$expect_rc" ]; then
  fail "exit status $rc, expected $expect_rc (${ms} ms; log $log)"
fi
echo "PASS an385-net/$label (exit $rc as expected, ${ms} ms in QEMU)"
if [ "$mode" = tls-proxy ]; then
  # update + get on one tunnel, then the get after close on a second one
  n=$(grep -c '^request CONNECT api.aigw.test:8443 HTTP/1.1 auth=yes$' "$xlog")
  t=$(grep -c '^tunnel api.aigw.test:8443$' "$xlog")
  if [ "$n" -ge 2 ] && [ "$t" = "$n" ] && ! grep -v -e '^request CONNECT api.aigw.test:8443 HTTP/1.1 auth=yes$' \
       -e '^tunnel ' -e '^ready ' "$xlog" | grep -q .; then
    echo "PASS an385-net/$label/proxy-saw-the-connects ($n CONNECTs with credentials, $t tunnels)"
  else
    fail "proxy log: $n CONNECTs with credentials, $t tunnels: $(head -5 "$xlog" | tr '\n' ' ')"
  fi
fi
