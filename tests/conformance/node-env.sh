# SPDX-License-Identifier: MIT
# Sourced by tests/conformance/install.sh and tests/suites/70-conformance.sh:
# which Node.js runs the referees.
#
# Prism 5.16 loads @faker-js/faker 10, an ES module, with require(): that needs
# require(esm); faker's own engines say which Node.js has it:
# ^20.19.0 || ^22.13.0 || ^23.5.0 || >=24. Debian 12's nodejs is 18.20.4, on
# which Prism stops with ERR_REQUIRE_ESM (Cloudflare's SDK 7.3.0 itself runs on
# 18). So when the node on PATH is older, install.sh fetches Node.js from the npm
# registry (node-linux-<arch>, the binary package behind npm's `node` package,
# pinned with its integrity below) into .cache/node, and this file puts it first
# on PATH.
AIGW_NODE_VERSION=20.20.2
AIGW_NODE_INTEGRITY_x64=sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==
AIGW_NODE_INTEGRITY_arm64=sha512-LCXJnNTFiyGuYBw2gZSI5OBFMbkjAPt8sqD/NKrWoE2QmDgSubTqFng6GaNJ9EJ8HpxBMGcWWpbbcs4Vo+CnGg==
AIGW_NODE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.cache/node

# aigw_node_ok [node]: does this Node.js run Prism 5.16? faker's engines, exactly.
aigw_node_ok() {
  local v maj min
  v=$("${1:-node}" --version 2>/dev/null) || return 1
  v=${v#v}; maj=${v%%.*}; min=${v#*.}; min=${min%%.*}
  case "$maj$min" in *[!0-9]*|"") return 1 ;; esac
  [ "$maj" -ge 24 ] || { [ "$maj" = 23 ] && [ "$min" -ge 5 ]; } ||
    { [ "$maj" = 22 ] && [ "$min" -ge 13 ]; } || { [ "$maj" = 20 ] && [ "$min" -ge 19 ]; }
}

if ! aigw_node_ok && [ -x "$AIGW_NODE_DIR/bin/node" ] && aigw_node_ok "$AIGW_NODE_DIR/bin/node"; then
  PATH=$AIGW_NODE_DIR/bin:$PATH
  export PATH
fi
