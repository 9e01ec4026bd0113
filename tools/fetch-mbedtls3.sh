#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fetches mbedTLS 3.6 LTS as Debian 13 (trixie) ships it, as a *source* package,
# the way tools/fetch-sources.sh fetches Debian 12's: `apt-get source` through a
# private apt directory (.cache/apt-trixie) holding one deb-src entry for trixie
# on the machine's own Debian mirror, so /etc/apt is never touched and no binary
# package of trixie is installed. tests/suites/41-port-mbedtls3.sh builds the
# TLS port and its tests against it.
#
# Usage: tools/fetch-mbedtls3.sh [DESTDIR]   (default .cache/src)
# Leaves DESTDIR/mbedtls3 (a symlink to the unpacked tree); quiet when it is there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dest=${1:-$root/.cache/src}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
want_ver=3.6
[ -f "$dest/mbedtls3/.fetched" ] && exit 0

command -v dpkg-source >/dev/null 2>&1 || bash tools/deps.sh board
command -v dpkg-source >/dev/null 2>&1 || { echo "fetch-mbedtls3: dpkg-source missing (apt-get install dpkg-dev)" >&2; exit 1; }

# The mirror: the first Debian archive URI of the machine's own entries (not -security).
uri=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
      grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -1 | tr -d ' ' || true)
uri=${uri:-http://deb.debian.org/debian}
key=/usr/share/keyrings/debian-archive-keyring.gpg
apt_root=$root/.cache/apt-trixie
mkdir -p "$apt_root/lists/partial" "$apt_root/cache/archives/partial"
echo "deb-src [signed-by=$key] ${uri%/} trixie main" >"$apt_root/sources.list"
APT_OPTS=(
  -o "Dir::Etc::SourceList=$apt_root/sources.list"
  -o "Dir::Etc::SourceParts=-"
  -o "Dir::State::Lists=$apt_root/lists"
  -o "Dir::Cache=$apt_root/cache"
  -o "Debug::NoLocking=1"
  -o "APT::Get::List-Cleanup=0"
  -o "APT::Sandbox::User=root"
)
if ! ls "$apt_root/lists/"*Sources* >/dev/null 2>&1; then
  echo "fetch-mbedtls3: apt-get update (deb-src ${uri%/} trixie main)" >&2
  apt-get "${APT_OPTS[@]}" update -qq >&2
fi
work=$dest/.work-trixie
mkdir -p "$work"
echo "fetch-mbedtls3: apt-get source mbedtls (trixie, upstream $want_ver.x)" >&2
if ! (cd "$work" && apt-get "${APT_OPTS[@]}" source -qq mbedtls >&2); then
  apt-get "${APT_OPTS[@]}" update -qq >&2
  (cd "$work" && apt-get "${APT_OPTS[@]}" source -qq mbedtls >&2)
fi
dir=$(find "$work" -maxdepth 1 -type d -name "mbedtls-$want_ver.*" | sort -V | tail -1)
[ -n "$dir" ] || { echo "fetch-mbedtls3: no mbedtls-$want_ver.* after apt-get source (got: $(ls "$work"))" >&2; exit 1; }
rm -rf "${dest:?}/mbedtls3"
ln -s ".work-trixie/$(basename "$dir")" "$dest/mbedtls3"
: >"$dir/.fetched"
