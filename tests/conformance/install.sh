#!/usr/bin/env bash
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
major=$(node -p 'process.versions.node.split(".")[0]')
# Prism 5.16's own dependencies (json-schema-faker's faker) need Node 20.
[ "$major" -ge 20 ] || die "Node.js $(node --version) is too old for the pinned Prism (needs >= 20)"

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
