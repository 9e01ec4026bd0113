#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Conformance with the official OpenAPI schema (Prism) and with Cloudflare's
# official TypeScript SDK (issue 7), on every schema version the build
# supports (0, 20260701, 20260817: one driver per version built with
# -DAIGW_SCHEMA_VERSION, one Prism pair per version's fragment, all versions
# in parallel; test names end in -v<version>): tests/conformance/conform.py
# says what each test checks. Installs node/npm (Debian) and the pinned
# referees (npm ci) when missing, or fails loudly; never skips.
set -uo pipefail
cd "$(dirname "$0")/../.."

if ! out=$(bash tests/conformance/install.sh 2>&1); then
  echo "$out" | tail -20
  echo "FAIL conformance-install: tests/conformance/install.sh failed (node/npm or npm ci)"
  exit 1
fi
. tests/conformance/node-env.sh # the Node.js install.sh chose (Debian 12's own 18 cannot run Prism)
versions=$(cd tests/conformance && node -p 'Object.keys(require("./package.json").dependencies).map(n => n + "@" + require("./node_modules/" + n + "/package.json").version).join(", ")')
echo "PASS conformance-install ($versions, node $(node --version))"

if ! out=$(make -s -j"$(nproc)" conformance-driver 2>&1); then
  echo "$out" | tail -20
  echo "FAIL conformance-driver-build: make conformance-driver failed"
  exit 1
fi
echo "PASS conformance-driver-build"

# conform.py stops itself (and its Prism/recorder children) at 170 s; the
# outer timeout only backs that up, and the trap ends the children it listed
# (each leads its own process group) should conform.py itself be killed.
pids=build/conformance/children.pids
mkdir -p build/conformance && : > "$pids"
cleanup() {
  local p
  while read -r p; do
    [ -n "$p" ] && kill -TERM -- "-$p" 2>/dev/null
  done < "$pids"
  return 0
}
trap cleanup EXIT
timeout -k 10 200 python3 tests/conformance/conform.py --root . --deadline-s 170
