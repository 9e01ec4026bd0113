#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the conformance referees pinned in tests/conformance/package.json
# and package-lock.json (Prism, Cloudflare's TypeScript SDK) into the
# git-ignored tests/conformance/node_modules with `npm ci`.
# Skips the install when node_modules already holds exactly the pinned
# versions of this lockfile. Installs node/npm from Debian (tools/deps.sh
# conformance) when they are missing; fails loudly when it cannot.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
die() { echo "conformance/install: $*" >&2; exit 1; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "conformance/install: node or npm missing, installing from Debian" >&2
  bash "$root/tools/deps.sh" conformance || die "tools/deps.sh conformance failed"
fi
command -v node >/dev/null 2>&1 || die "node not found after tools/deps.sh conformance"
command -v npm >/dev/null 2>&1 || die "npm not found after tools/deps.sh conformance"
. "$here/node-env.sh"
if ! aigw_node_ok; then
  # Debian 12's own nodejs (18): fetch the pinned Node.js from the npm registry (node-env.sh says why).
  case $(uname -m) in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *) die "Node.js $(node --version) cannot run Prism 5.16 (needs ^20.19 || ^22.13 || ^23.5 || >=24) and no pinned Node.js for $(uname -m)" ;;
  esac
  eval "want=\$AIGW_NODE_INTEGRITY_$arch"
  echo "conformance/install: node $(node --version) cannot run Prism 5.16 (needs ^20.19 || ^22.13 || ^23.5 || >=24);" \
       "installing node-linux-$arch@$AIGW_NODE_VERSION from the npm registry into $AIGW_NODE_DIR" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && timeout 300 npm pack --silent "node-linux-$arch@$AIGW_NODE_VERSION" >/dev/null) ||
    die "npm pack node-linux-$arch@$AIGW_NODE_VERSION failed"
  tgz=$tmp/node-linux-$arch-$AIGW_NODE_VERSION.tgz
  got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  [ "$got" = "$want" ] || die "node-linux-$arch@$AIGW_NODE_VERSION: integrity $got, pinned $want"
  rm -rf "$AIGW_NODE_DIR" && mkdir -p "$AIGW_NODE_DIR"
  tar -xzf "$tgz" -C "$AIGW_NODE_DIR" --strip-components=1 package/bin/node ||
    die "could not unpack $tgz"
  aigw_node_ok "$AIGW_NODE_DIR/bin/node" || die "the fetched $AIGW_NODE_DIR/bin/node does not run"
  PATH=$AIGW_NODE_DIR/bin:$PATH
fi

cd "$here"
# What "installed" means: the lockfile's hash, stamped after a good npm ci,
# and the two pinned packages reporting the pinned versions.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.aigw-lock-sha256
installed_ok() {
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ] || return 1
  node -e '
    const want = require("./package.json").dependencies;
    for (const [name, v] of Object.entries(want)) {
      const got = require("./node_modules/" + name + "/package.json").version;
      if (got !== v) { console.error(name + " " + got + " != " + v); process.exit(1); }
    }' 2>/dev/null
}
if installed_ok; then
  exit 0
fi
echo "conformance/install: npm ci (pinned: $(node -p 'JSON.stringify(require("./package.json").dependencies)'))" >&2
rm -f "$stamp"
# --ignore-scripts: no package needs a build step; it also keeps an
# analytics postinstall (scarf) from running. Nothing phones home at run time
# either: SCARF_ANALYTICS/DO_NOT_TRACK are set by the test runner.
SCARF_ANALYTICS=false DO_NOT_TRACK=1 timeout 600 \
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2 \
  || die "npm ci failed"
echo "$lock_sum" > "$stamp"
installed_ok || die "npm ci finished but the pinned versions are not in node_modules"
echo "conformance/install: installed $(node -p 'Object.entries(require("./package.json").dependencies).map(e=>e.join("@")).join(" ")')" >&2
