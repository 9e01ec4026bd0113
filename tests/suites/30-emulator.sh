#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Suite: test certificates (tests/certs/make-certs.sh), the emulator wrapper
# (tests/emulator/run-emulator.sh) and the endpoint emulator itself (tests/emulator/test_emulator.py).
# One line per test: PASS <name> | FAIL <name>: <why>. Leaves no process and no file behind.
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh emulator || { echo "FAIL emulator_deps: tools/deps.sh emulator failed"; exit 1; }

tmp=$(mktemp -d /tmp/aigw-30-emulator.XXXXXX)
started=()   # wrapper state dirs, stopped on exit
cleanup() {
  for d in "${started[@]}"; do bash tests/emulator/run-emulator.sh stop "$d" >/dev/null 2>&1; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
# t NAME CMD...: PASS if CMD succeeds; CMD prints the reason on failure.
t() { local n=$1; shift; local out; if out=$("$@" 2>&1); then pass "$n"; else fail "$n" "$(echo "$out" | tail -3 | tr '\n' ' ')"; fi; }

C=$tmp/certs
files="ca.pem ca.key ca-rsa.pem ca-rsa.key ca-bundle.pem server.pem server.key server-chain.pem
       server-rsa.pem server-rsa.key server-rsa-chain.pem wrong-host.pem wrong-host.key expired.pem
       expired.key future.pem future.key other-ca.pem other-ca.key untrusted.pem untrusted.key"

certs_generate_quiet() {
  local out; out=$(bash tests/certs/make-certs.sh "$C" 2>&1) || { echo "exit $?: $out"; return 1; }
  [ -z "$out" ] || { echo "printed: $out"; return 1; }
  for f in $files; do [ -s "$C/$f" ] || { echo "missing $f"; return 1; }; done
}
certs_idempotent() {
  local before after out
  before=$(cd "$C" && sha256sum $files)
  out=$(bash tests/certs/make-certs.sh "$C" 2>&1) || { echo "second run failed: $out"; return 1; }
  [ -z "$out" ] || { echo "second run printed: $out"; return 1; }
  after=$(cd "$C" && sha256sum $files)
  [ "$before" = "$after" ] || { echo "second run changed files"; return 1; }
  bash tests/certs/make-certs.sh 2>/dev/null && { echo "no OUTDIR accepted"; return 1; }
  return 0
}
certs_ca_ecdsa_p256() {
  local txt; txt=$(openssl x509 -in "$C/ca.pem" -noout -text)
  grep -q "ASN1 OID: prime256v1" <<<"$txt" || { echo "not P-256"; return 1; }
  grep -q "CA:TRUE" <<<"$txt" || { echo "not a CA"; return 1; }
  grep -q "Signature Algorithm: ecdsa-with-SHA256" <<<"$txt" || { echo "not ecdsa-with-SHA256"; return 1; }
  openssl x509 -in "$C/ca.pem" -noout -checkend 0 >/dev/null || { echo "CA expired"; return 1; }
}
certs_server_san_and_names() {
  local san; san=$(openssl x509 -in "$C/server.pem" -noout -ext subjectAltName | tail -1 | tr -d ' ')
  [ "$san" = "DNS:localhost,IPAddress:127.0.0.1,IPAddress:0:0:0:0:0:0:0:1,DNS:api.aigw.test,IPAddress:192.0.2.1,IPAddress:192.0.2.2" ] \
    || { echo "SAN $san"; return 1; }
  openssl verify -CAfile "$C/ca.pem" -verify_hostname localhost "$C/server.pem" >/dev/null || return 1
  openssl verify -CAfile "$C/ca.pem" -verify_hostname api.aigw.test "$C/server.pem" >/dev/null || return 1
  for ip in 127.0.0.1 ::1 192.0.2.1 192.0.2.2; do
    openssl verify -CAfile "$C/ca.pem" -verify_ip "$ip" "$C/server.pem" >/dev/null || { echo "ip $ip"; return 1; }
  done
  openssl verify -CAfile "$C/ca.pem" -verify_ip 192.0.2.3 "$C/server.pem" >/dev/null 2>&1 && { echo "192.0.2.3 accepted"; return 1; }
  openssl x509 -in "$C/server.pem" -noout -ext extendedKeyUsage | grep -q "TLS Web Server Authentication" || { echo "no serverAuth"; return 1; }
  [ "$(cat "$C/server.pem" "$C/ca.pem")" = "$(cat "$C/server-chain.pem")" ] || { echo "chain file"; return 1; }
}
verify_err() { # cert cafile expected-error-number [extra verify args]
  local out; out=$(openssl verify -CAfile "$2" "${@:4}" "$1" 2>&1) && { echo "$1 verified against $2"; return 1; }
  grep -q "error $3 at" <<<"$out" || { echo "want error $3, got: $out"; return 1; }
}
certs_wrong_host() {
  openssl verify -CAfile "$C/ca.pem" -verify_hostname wrong.example "$C/wrong-host.pem" >/dev/null || { echo "chain"; return 1; }
  verify_err "$C/wrong-host.pem" "$C/ca.pem" 62 -verify_hostname localhost
  verify_err "$C/wrong-host.pem" "$C/ca.pem" 64 -verify_ip 127.0.0.1
}
certs_expired() {
  verify_err "$C/expired.pem" "$C/ca.pem" 10
  openssl x509 -in "$C/expired.pem" -noout -checkend 0 >/dev/null && { echo "not expired"; return 1; }
  return 0
}
certs_future() {
  verify_err "$C/future.pem" "$C/ca.pem" 9
  local nb; nb=$(date -d "$(openssl x509 -in "$C/future.pem" -noout -startdate | cut -d= -f2)" +%s)
  [ "$nb" -gt $(( $(date +%s) + 3 * 365 * 86400 )) ] || { echo "notBefore only $nb"; return 1; }
}
certs_untrusted() {
  verify_err "$C/untrusted.pem" "$C/ca.pem" 20
  openssl verify -CAfile "$C/other-ca.pem" -verify_hostname localhost "$C/untrusted.pem" >/dev/null || { echo "not signed by other-ca"; return 1; }
}
certs_rsa() {
  local txt; txt=$(openssl x509 -in "$C/server-rsa.pem" -noout -text)
  grep -q "Public-Key: (2048 bit)" <<<"$txt" || { echo "not RSA 2048"; return 1; }
  grep -q "Signature Algorithm: sha256WithRSAEncryption" <<<"$txt" || { echo "not sha256WithRSA"; return 1; }
  openssl verify -CAfile "$C/ca-rsa.pem" -verify_hostname localhost "$C/server-rsa.pem" >/dev/null || return 1
  openssl verify -CAfile "$C/ca-bundle.pem" "$C/server-rsa.pem" "$C/server.pem" >/dev/null || { echo "bundle"; return 1; }
  verify_err "$C/server-rsa.pem" "$C/ca.pem" 20
}
certs_keys_match() {
  for n in ca ca-rsa other-ca server server-rsa wrong-host expired future untrusted; do
    [ "$(openssl x509 -in "$C/$n.pem" -noout -pubkey)" = "$(openssl pkey -in "$C/$n.key" -pubout)" ] || { echo "$n key mismatch"; return 1; }
  done
}
certs_concurrent_runs() {
  local d=$tmp/conc
  bash tests/certs/make-certs.sh "$d" & local p1=$!
  bash tests/certs/make-certs.sh "$d" & local p2=$!
  wait $p1 && wait $p2 || { echo "a run failed"; return 1; }
  openssl verify -CAfile "$d/ca.pem" "$d/server.pem" >/dev/null 2>&1 || { echo "mixed set"; return 1; }
  verify_err "$d/expired.pem" "$d/ca.pem" 10
  [ -z "$(ls -A "$d" | grep '^\.tmp')" ] || { echo "temp dir left"; return 1; }
}

t certs_generate_quiet certs_generate_quiet
t certs_idempotent certs_idempotent
t certs_ca_ecdsa_p256 certs_ca_ecdsa_p256
t certs_server_san_and_names certs_server_san_and_names
t certs_wrong_host certs_wrong_host
t certs_expired certs_expired
t certs_future certs_future
t certs_untrusted certs_untrusted
t certs_rsa certs_rsa
t certs_keys_match certs_keys_match
t certs_concurrent_runs certs_concurrent_runs

# ---- wrapper
W=tests/emulator/run-emulator.sh
# A live emulator, not a zombie waiting for a reaper (pid 1 of a container may not reap).
alive() { [ -n "$1" ] && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q aigw_emulator; }
wrapper_start_stop() {
  local d=$tmp/w1; started+=("$d")
  local out; out=$(AIGW_EMU_CERTS=$C bash $W start "$d") || { echo "start failed: $out"; return 1; }
  [ "$out" = "$(cat "$d/env")" ] || { echo "stdout is not the env file"; return 1; }
  (
    set -e
    . "$d/env"
    [[ "$AIGW_EMU_PORT" =~ ^[0-9]+$ ]] || { echo "port $AIGW_EMU_PORT"; exit 1; }
    [ "$AIGW_EMU_CA" = "$C/ca.pem" ] || { echo "CA $AIGW_EMU_CA"; exit 1; }
    [ "$CLOUDFLARE_BASE_URL" = "https://localhost:$AIGW_EMU_PORT/client/v4" ] || { echo "base $CLOUDFLARE_BASE_URL"; exit 1; }
    code=$(curl -sS -o "$tmp/w1.json" -w '%{http_code}' --cacert "$AIGW_EMU_CA" -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \
      "$CLOUDFLARE_BASE_URL/accounts/$CLOUDFLARE_ACCOUNT_ID/ai-gateway/gateways/$AIGW_EMU_GATEWAY")
    [ "$code" = 200 ] || { echo "GET $code"; exit 1; }
    code=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$AIGW_EMU_CA" -H "X-Auth-Email: $CLOUDFLARE_EMAIL" -H "X-Auth-Key: $CLOUDFLARE_API_KEY" \
      "$CLOUDFLARE_BASE_URL/accounts/$CLOUDFLARE_ACCOUNT_ID/ai-gateway/gateways/$AIGW_EMU_GATEWAY")
    [ "$code" = 200 ] || { echo "GET with email+key $code"; exit 1; }
    curl -sS --cacert "$AIGW_EMU_CA" "$AIGW_EMU_CONTROL/stats" | grep -q '"requests":2' || { echo "stats"; exit 1; }
    bash $W stop "$d" || { echo "stop failed"; exit 1; }
    alive "$AIGW_EMU_PID" && { echo "still running"; exit 1; }
    curl -s --max-time 2 -k "$AIGW_EMU_ORIGIN/__emulator/health" >/dev/null && { echo "still accepting"; exit 1; }
    bash $W stop "$d" || { echo "second stop failed"; exit 1; }
    grep -q "listening on port $AIGW_EMU_PORT" "$AIGW_EMU_LOG" || { echo "log"; exit 1; }
  )
}
t wrapper_start_stop wrapper_start_stop

wrapper_leaf() { # leaf expected-curl-exit
  local d=$tmp/leaf-$1; started+=("$d")
  AIGW_EMU_CERTS=$C AIGW_EMU_LEAF=$1 bash $W start "$d" >/dev/null || { echo "start failed"; return 1; }
  . "$d/env"
  local rc=0
  curl -sS -o /dev/null --max-time 5 --cacert "$AIGW_EMU_CA" -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \
    "$CLOUDFLARE_BASE_URL/accounts/$CLOUDFLARE_ACCOUNT_ID/ai-gateway/gateways/my-gateway" 2>"$tmp/curl.err" || rc=$?
  bash $W stop "$d"
  [ "$rc" = "$2" ] || { echo "curl exit $rc, want $2: $(cat "$tmp/curl.err")"; return 1; }
}
t wrapper_leaf_server_rsa wrapper_leaf server-rsa 0
for leaf in expired future wrong-host untrusted; do t "wrapper_leaf_${leaf}_rejected" wrapper_leaf $leaf 60; done

wrapper_passes_args() {
  local d=$tmp/w2; started+=("$d")
  AIGW_EMU_CERTS=$C bash $W start "$d" -- --no-prefix --seed-gateway acc9/gw9 >/dev/null || { echo "start failed"; return 1; }
  . "$d/env"
  [ "$CLOUDFLARE_BASE_URL" = "https://localhost:$AIGW_EMU_PORT" ] || { echo "base $CLOUDFLARE_BASE_URL"; return 1; }
  local code
  code=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$AIGW_EMU_CA" -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \
    "$CLOUDFLARE_BASE_URL/accounts/acc9/ai-gateway/gateways/gw9")
  bash $W stop "$d"
  [ "$code" = 200 ] || { echo "GET $code"; return 1; }
}
t wrapper_passes_args wrapper_passes_args

wrapper_failure_cleans_up() {
  local d=$tmp/w3; started+=("$d")
  local out rc=0
  out=$(AIGW_EMU_CERTS=$C bash $W start "$d" -- --bogus-flag 2>&1) || rc=$?
  [ "$rc" = 1 ] || { echo "exit $rc"; return 1; }
  grep -q "unrecognized arguments" <<<"$out" || { echo "log not shown: $out"; return 1; }
  [ ! -f "$d/env" ] || { echo "env written"; return 1; }
}
t wrapper_failure_cleans_up wrapper_failure_cleans_up

wrapper_default_dir() {
  local out d
  out=$(AIGW_EMU_CERTS=$C bash $W start) || { echo "start failed"; return 1; }
  d=$(sed -n 's/^export AIGW_EMU_DIR=//p' <<<"$out")
  started+=("$d")
  [ -d "$d" ] && [ -f "$d/env" ] || { echo "no dir"; return 1; }
  bash $W stop "$d"
  rm -rf "$d"
}
t wrapper_default_dir wrapper_default_dir

# ---- the emulator
python3 tests/emulator/test_emulator.py "$C"
rc=$?
[ $rc -ne 0 ] && fails=$((fails + 1))

# No emulator this suite started may survive it.
for d in "${started[@]}"; do
  [ -f "$d/env" ] || continue
  p=$(sed -n 's/^export AIGW_EMU_PID=//p' "$d/env")
  if alive "$p"; then
    fail emulator_no_stray_processes "pid $p from $d still running"
  fi
done
[ $fails -eq 0 ] && pass emulator_no_stray_processes
[ $fails -eq 0 ]
