#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Generates the project's test PKI with the openssl CLI, at test time (never committed).
#
# Usage: tests/certs/make-certs.sh OUTDIR
#
# Writes into OUTDIR (created if needed):
#   ca.pem / ca.key                 test root CA (ECDSA P-256, SHA-256), valid -10y .. +20y
#   server.pem / server.key         leaf signed by ca, valid -1d .. +10y; SAN DNS:localhost, IP:127.0.0.1, IP:::1,
#                                   DNS:api.aigw.test, IP:192.0.2.1, IP:192.0.2.2 (ECDSA P-256)
#   server-chain.pem                server.pem followed by ca.pem
#   ca-rsa.pem / ca-rsa.key         a second trusted-by-choice root, RSA 2048, sha256WithRSAEncryption
#   server-rsa.pem / server-rsa.key same SANs, RSA 2048 key, signed by ca-rsa (sha256WithRSAEncryption),
#                                   so the whole chain exercises RSA; server-rsa-chain.pem = leaf + ca-rsa
#   ca-bundle.pem                   ca.pem followed by ca-rsa.pem (trusts both good servers)
#   wrong-host.pem / wrong-host.key signed by ca; SAN DNS:wrong.example only (CN too)
#   expired.pem / expired.key       signed by ca, same SANs as server; validity -3y .. -2y (entirely past)
#   future.pem / future.key         signed by ca, same SANs as server; validity +5y .. +6y (not yet valid)
#   other-ca.pem / other-ca.key     a second, unrelated root CA (ECDSA P-256)
#   untrusted.pem / untrusted.key   signed by other-ca, same SANs as server
# Every leaf: CA:FALSE, keyUsage digitalSignature (+keyEncipherment for RSA), extKeyUsage serverAuth,
# CN "aigw test server" (not a hostname, so name checks must use the SAN). Only the one property
# each bad certificate is named for is wrong, so a test that rejects it rejects it for that reason.
#
# Idempotent: if OUTDIR already holds a complete set (marker file .complete), it does nothing.
# Safe against a concurrent run on the same OUTDIR (flock on OUTDIR/.lock; built in a private temp
# dir and moved in, marker last). Prints nothing on success; on failure prints openssl's output and exits 1.
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
out=$1
mkdir -p "$out"
[ -f "$out/.complete" ] && exit 0
# Serialise concurrent runs on one OUTDIR so a set never mixes two CAs.
exec 9>"$out/.lock"
flock 9
[ -f "$out/.complete" ] && exit 0

command -v openssl >/dev/null 2>&1 || { echo "make-certs: openssl not found (apt-get install openssl)" >&2; exit 1; }

work=$(mktemp -d "$out/.tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT
log=$work/openssl.log

# Runs openssl quietly; shows its output only if it fails.
ossl() {
  if ! openssl "$@" >>"$log" 2>&1; then
    echo "make-certs: openssl $1 failed:" >&2
    cat "$log" >&2
    exit 1
  fi
}

# UTC time N years from now in the form `openssl ca -startdate/-enddate` accepts (YYYYMMDDHHMMSSZ).
when() { date -u -d "$1" +%Y%m%d%H%M%SZ; }

SAN='DNS:localhost,IP:127.0.0.1,IP:::1,DNS:api.aigw.test,IP:192.0.2.1,IP:192.0.2.2'
# The config reads the SAN from the environment; it must be set whenever the config is loaded.
export AIGW_SAN=DNS:unused

# Minimal `openssl ca` config: one per CA directory (database, serial), extensions chosen per call.
write_ca_conf() { # dir
  local d=$1
  : >"$d/index.txt"
  echo 'unique_subject = no' >"$d/index.txt.attr"
  cat >"$d/ca.cnf" <<EOF
[ ca ]
default_ca = testca
[ testca ]
dir            = $d
database       = \$dir/index.txt
serial         = \$dir/serial
new_certs_dir  = \$dir
default_md     = sha256
policy         = policy_any
unique_subject = no
copy_extensions = none
email_in_dn    = no
[ policy_any ]
commonName = supplied
[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = placeholder
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ leaf_ec ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
subjectAltName = \$ENV::AIGW_SAN
[ leaf_rsa ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
subjectAltName = \$ENV::AIGW_SAN
EOF
}

# Fresh random 128-bit serial (positive: high bit cleared) before each signature.
new_serial() { # cadir
  local s
  s=$(openssl rand -hex 16)
  printf '%x%s\n' $(( 0x${s:0:1} & 7 )) "${s:1}" >"$1/serial"
}

# Self-signed root CA named $2 in dir $1 (key ca.key, cert ca.pem inside it).
make_root() { # dir cn [rsa]
  local d=$1 cn=$2
  mkdir -p "$d"
  write_ca_conf "$d"
  if [ "${3:-}" = rsa ]; then
    ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$d/ca.key"
  else
    ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$d/ca.key"
  fi
  ossl req -new -key "$d/ca.key" -subj "/CN=$cn" -out "$d/ca.csr" -config "$d/ca.cnf"
  new_serial "$d"
  ossl ca -batch -notext -selfsign -config "$d/ca.cnf" -keyfile "$d/ca.key" \
    -in "$d/ca.csr" -out "$d/ca.pem" -extensions v3_ca \
    -startdate "$(when '-10 years')" -enddate "$(when '+20 years')"
}

# Leaf: name, CA dir, key type (ec|rsa), SAN, start, end.
make_leaf() { # name cadir keytype san start end
  local name=$1 d=$2 kt=$3 san=$4 start=$5 end=$6 ext
  if [ "$kt" = rsa ]; then
    ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/$name.key"
    ext=leaf_rsa
  else
    ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$name.key"
    ext=leaf_ec
  fi
  local cn="aigw test server"
  [ "$name" = wrong-host ] && cn=wrong.example
  ossl req -new -key "$work/$name.key" -subj "/CN=$cn" -out "$work/$name.csr" -config "$d/ca.cnf"
  new_serial "$d"
  AIGW_SAN=$san ossl ca -batch -notext -config "$d/ca.cnf" -cert "$d/ca.pem" -keyfile "$d/ca.key" \
    -in "$work/$name.csr" -out "$work/$name.pem" -extensions "$ext" -startdate "$start" -enddate "$end"
}

# A day of slack so a client whose clock is slightly behind still accepts the good leaves.
now=$(when '-1 day')
in10=$(when '+10 years')

make_root "$work/ca" "aigw test root CA"
make_root "$work/other" "aigw other (untrusted) root CA"
make_root "$work/rsaca" "aigw test RSA root CA" rsa
cp "$work/rsaca/ca.pem" "$work/ca-rsa.pem"; cp "$work/rsaca/ca.key" "$work/ca-rsa.key"
cp "$work/ca/ca.pem" "$work/ca.pem"; cp "$work/ca/ca.key" "$work/ca.key"
cp "$work/other/ca.pem" "$work/other-ca.pem"; cp "$work/other/ca.key" "$work/other-ca.key"

make_leaf server     "$work/ca"    ec  "$SAN"               "$now"                "$in10"
make_leaf server-rsa "$work/rsaca" rsa "$SAN"               "$now"                "$in10"
make_leaf wrong-host "$work/ca"    ec  "DNS:wrong.example"  "$now"                "$in10"
make_leaf expired    "$work/ca"    ec  "$SAN"               "$(when '-3 years')"  "$(when '-2 years')"
make_leaf future     "$work/ca"    ec  "$SAN"               "$(when '+5 years')"  "$(when '+6 years')"
make_leaf untrusted  "$work/other" ec  "$SAN"               "$now"                "$in10"
cat "$work/server.pem" "$work/ca.pem" >"$work/server-chain.pem"
cat "$work/server-rsa.pem" "$work/ca-rsa.pem" >"$work/server-rsa-chain.pem"
cat "$work/ca.pem" "$work/ca-rsa.pem" >"$work/ca-bundle.pem"

# Sanity: the good leaves verify against their CA, the bad ones fail for their reason only.
ossl verify -CAfile "$work/ca.pem" "$work/server.pem"
ossl verify -CAfile "$work/ca-rsa.pem" "$work/server-rsa.pem"
ossl verify -CAfile "$work/other-ca.pem" "$work/untrusted.pem"

for f in ca.pem ca.key ca-rsa.pem ca-rsa.key ca-bundle.pem server-rsa-chain.pem other-ca.pem other-ca.key server.pem server.key server-chain.pem \
         server-rsa.pem server-rsa.key wrong-host.pem wrong-host.key expired.pem expired.key \
         future.pem future.key untrusted.pem untrusted.key; do
  mv -f "$work/$f" "$out/$f"
done
: >"$out/.complete"
