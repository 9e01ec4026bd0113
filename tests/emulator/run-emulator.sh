#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Starts / stops the aigw endpoint emulator (tests/emulator/aigw_emulator.py) in the background, with
# fresh test certificates, for the demo and the client's integration tests.
#
#   tests/emulator/run-emulator.sh start [DIR] [-- EMULATOR-ARGS...]
#   tests/emulator/run-emulator.sh stop DIR
#
# start: creates DIR (default: a new mktemp -d directory), generates the test PKI into DIR/certs
#   (or uses $AIGW_EMU_CERTS if set: make-certs.sh is idempotent, so suites can share one set),
#   launches the emulator on a free port (127.0.0.1, plus ::1 on the same port when the host has IPv6
#   loopback, so "localhost" works either way), seeds gateway "my-gateway" in account
#   3ebbcb006d4d46d7bb6a8c7f14676cb0 with the API page's example result, waits until it answers
#   GET /__emulator/health over TLS (10 s at most), writes DIR/env and prints it on stdout.
#   Extra EMULATOR-ARGS (after "--") go to aigw_emulator.py, e.g. --fault status:code=503 or
#   --idle-timeout 2 or more --seed-gateway IDs. Exit 0 on success; on failure prints the emulator's
#   log to stderr, leaves nothing running, exits 1.
#   Environment knobs: AIGW_EMU_LEAF=server (default) | server-rsa | wrong-host | expired | future |
#   untrusted: which certificate the emulator presents (DIR/certs/$AIGW_EMU_LEAF.pem/.key).
#
# DIR/env (POSIX sh, `. DIR/env` to use it):
#   export AIGW_EMU_DIR=DIR             export AIGW_EMU_PID=<emulator pid>
#   export AIGW_EMU_PORT=<port>         export AIGW_EMU_HOST=127.0.0.1
#   export AIGW_EMU_CA=<certs>/ca.pem   (ca-rsa.pem when AIGW_EMU_LEAF=server-rsa)
#   export AIGW_EMU_CERTS=<certs dir>   export AIGW_EMU_LOG=DIR/emulator.log
#   export AIGW_EMU_ORIGIN=https://localhost:<port>
#   export AIGW_EMU_CONTROL=https://localhost:<port>/__emulator
#   export AIGW_EMU_ACCOUNT=3ebbcb006d4d46d7bb6a8c7f14676cb0   export AIGW_EMU_GATEWAY=my-gateway
#   export CLOUDFLARE_BASE_URL=https://localhost:<port>/client/v4
#   export CLOUDFLARE_API_TOKEN=Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY   (the API page's examples)
#   export CLOUDFLARE_EMAIL=user@example.com   export CLOUDFLARE_API_KEY=144c9defac04969c7bfad8efaa8ea194
#   export CLOUDFLARE_ACCOUNT_ID=3ebbcb006d4d46d7bb6a8c7f14676cb0
#   (With --no-prefix among EMULATOR-ARGS, CLOUDFLARE_BASE_URL has no /client/v4.)
#
# stop: sends SIGTERM to the pid in DIR/env (only if that pid is still this emulator), waits up to
#   5 s, then SIGKILL. Idempotent; never fails because it is already stopped. Leaves DIR in place
#   (the caller owns it; the log stays readable).
#
# Typical test use:
#   d=$(mktemp -d); trap 'tests/emulator/run-emulator.sh stop "$d"; rm -rf "$d"' EXIT
#   tests/emulator/run-emulator.sh start "$d" >/dev/null && . "$d/env"
#   curl --cacert "$AIGW_EMU_CA" -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \
#        "$CLOUDFLARE_BASE_URL/accounts/$CLOUDFLARE_ACCOUNT_ID/ai-gateway/gateways/my-gateway"
#   curl --cacert "$AIGW_EMU_CA" -d '{"mode":"status","code":503}' "$AIGW_EMU_CONTROL/faults"
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

die() { echo "run-emulator: $*" >&2; exit 1; }

is_ours() { # pid: still our emulator (not a recycled pid)?
  [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q 'aigw_emulator\.py'
}

stop() {
  local dir=$1 pid=""
  [ -f "$dir/env" ] && pid=$(sed -n 's/^export AIGW_EMU_PID=//p' "$dir/env")
  [ -z "$pid" ] && [ -f "$dir/emulator.pid" ] && pid=$(cat "$dir/emulator.pid")
  if is_ours "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do is_ours "$pid" || break; sleep 0.1; done
    if is_ours "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$dir/emulator.pid"
}

start() {
  local dir=${1:-}
  [ $# -gt 0 ] && shift
  [ "${1:-}" = "--" ] && shift
  if [ -z "$dir" ] || [ "$dir" = "--" ]; then dir=$(mktemp -d /tmp/aigw-emu.XXXXXX); fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  command -v python3 >/dev/null || die "python3 missing (bash tools/deps.sh emulator)"
  command -v curl >/dev/null || die "curl missing (bash tools/deps.sh emulator)"
  local certs=${AIGW_EMU_CERTS:-$dir/certs}
  bash "$root/tests/certs/make-certs.sh" "$certs" || die "certificate generation failed"
  certs=$(cd "$certs" && pwd)
  local leaf=${AIGW_EMU_LEAF:-server} ca=$certs/ca.pem
  [ -f "$certs/$leaf.pem" ] || die "no certificate $certs/$leaf.pem"
  [ "$leaf" = server-rsa ] && ca=$certs/ca-rsa.pem
  local hosts=(--host 127.0.0.1)
  if grep -qs '^00000000000000000000000000000001 ' /proc/net/if_inet6; then hosts+=(--host ::1); fi
  local prefix=/client/v4
  for a in "$@"; do [ "$a" = --no-prefix ] && prefix=""; done
  rm -f "$dir/port" "$dir/env"
  python3 "$here/aigw_emulator.py" --cert "$certs/$leaf.pem" --key "$certs/$leaf.key" \
    "${hosts[@]}" --port 0 --port-file "$dir/port" --seed-gateway my-gateway --verbose "$@" \
    >"$dir/emulator.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$dir/emulator.pid"
  local port=""
  for _ in $(seq 100); do
    if [ -s "$dir/port" ]; then
      port=$(cat "$dir/port")
      # The health check must not depend on the leaf being trusted (bad-certificate runs): -k.
      curl -sk --max-time 2 "https://127.0.0.1:$port/__emulator/health" 2>/dev/null | grep -q '"ok":true' && break
    fi
    kill -0 "$pid" 2>/dev/null || break
    port=""
    sleep 0.1
  done
  if [ -z "$port" ]; then
    stop "$dir"
    echo "run-emulator: emulator did not come up; its log:" >&2
    cat "$dir/emulator.log" >&2
    exit 1
  fi
  local origin="https://localhost:$port"
  cat >"$dir/env.tmp" <<EOF
export AIGW_EMU_DIR=$dir
export AIGW_EMU_PID=$pid
export AIGW_EMU_PORT=$port
export AIGW_EMU_HOST=127.0.0.1
export AIGW_EMU_CA=$ca
export AIGW_EMU_CERTS=$certs
export AIGW_EMU_LOG=$dir/emulator.log
export AIGW_EMU_ORIGIN=$origin
export AIGW_EMU_CONTROL=$origin/__emulator
export AIGW_EMU_ACCOUNT=3ebbcb006d4d46d7bb6a8c7f14676cb0
export AIGW_EMU_GATEWAY=my-gateway
export CLOUDFLARE_BASE_URL=$origin$prefix
export CLOUDFLARE_API_TOKEN=Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY
export CLOUDFLARE_EMAIL=user@example.com
export CLOUDFLARE_API_KEY=144c9defac04969c7bfad8efaa8ea194
export CLOUDFLARE_ACCOUNT_ID=3ebbcb006d4d46d7bb6a8c7f14676cb0
EOF
  mv "$dir/env.tmp" "$dir/env"
  cat "$dir/env"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) echo "usage: $0 start [DIR] [-- EMULATOR-ARGS...] | stop DIR" >&2; exit 2 ;;
esac
