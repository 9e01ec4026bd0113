#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A test PKI shaped like the chains Cloudflare's edge presents, for sizing the
# TLS arena: the server sends leaf + issuing CA + transit CA, the device
# trusts the root.
#   RSA: 2048-bit leaf and issuing CA, 4096-bit transit CA and root (SHA-256/384)
#   ECC: P-256 leaf and issuing CA, P-384 transit CA and root (ecdsa-with-SHA384)
# Usage: edge-certs.sh DIR  ->  DIR/edge-rsa.{pem,key}, DIR/edge-ecc.{pem,key}
#        (chains, leaf first), DIR/edge-roots.pem (both roots), DIR/edge-ecc-root.pem
# The leaf is for api.aigw.test (the name the firmware dials).
set -euo pipefail
d=$1
mkdir -p "$d"
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
cat >"$w/ext.cnf" <<'EXT'
[ca]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
[leaf]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:api.aigw.test
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EXT
# name, key options, issuer ("self" for a root), extension section, digest
mk() {
  openssl genpkey $2 -out "$w/$1.key" 2>/dev/null
  openssl req -new -key "$w/$1.key" -subj "/C=US/O=aigw edge-shaped test PKI/CN=$1" -out "$w/$1.csr"
  if [ "$3" = self ]; then
    openssl x509 -req -in "$w/$1.csr" -signkey "$w/$1.key" -sha384 -days 3650 -set_serial 1 \
      -extfile "$w/ext.cnf" -extensions ca -out "$w/$1.pem" 2>/dev/null
  else
    openssl x509 -req -in "$w/$1.csr" -CA "$w/$3.pem" -CAkey "$w/$3.key" -set_serial "$RANDOM$RANDOM" \
      -"$5" -days 365 -extfile "$w/ext.cnf" -extensions "$4" -out "$w/$1.pem" 2>/dev/null
  fi
}
rsa() { echo "-algorithm RSA -pkeyopt rsa_keygen_bits:$1"; }
ec() { echo "-algorithm EC -pkeyopt ec_paramgen_curve:$1"; }
mk rsa-root "$(rsa 4096)" self
mk rsa-transit "$(rsa 4096)" rsa-root ca sha384
mk rsa-issuing "$(rsa 2048)" rsa-transit ca sha256
mk rsa-leaf "$(rsa 2048)" rsa-issuing leaf sha256
mk ecc-root "$(ec P-384)" self
mk ecc-transit "$(ec P-384)" ecc-root ca sha384
mk ecc-issuing "$(ec P-256)" ecc-transit ca sha384
mk ecc-leaf "$(ec P-256)" ecc-issuing leaf sha256
for k in rsa ecc; do
  openssl verify -CAfile "$w/$k-root.pem" -untrusted <(cat "$w/$k-issuing.pem" "$w/$k-transit.pem") \
    "$w/$k-leaf.pem" >/dev/null
  cat "$w/$k-leaf.pem" "$w/$k-issuing.pem" "$w/$k-transit.pem" >"$d/edge-$k.pem"
  cp "$w/$k-leaf.key" "$d/edge-$k.key"
done
cat "$w/rsa-root.pem" "$w/ecc-root.pem" >"$d/edge-roots.pem"
cp "$w/ecc-root.pem" "$d/edge-ecc-root.pem"
touch "$d/.edge-complete"
