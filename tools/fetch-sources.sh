#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fetches Debian's *source* packages of lwIP and mbedTLS, which the bare-metal
# board (boards/qemu-mps2-an385) compiles itself with its own lwipopts.h and
# mbedTLS config. Uses `apt-get source` through a deb-src entry kept in a
# private apt directory (.cache/apt), so /etc/apt is never touched; the URI and
# suite are taken from the machine's own deb entries.
#
# Usage: tools/fetch-sources.sh [DESTDIR]     (default .cache/src)
# Leaves DESTDIR/lwip and DESTDIR/mbedtls (symlinks to the unpacked trees) and
# prints nothing when they are already there (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dest=${1:-$root/.cache/src}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

# Wanted source packages and the upstream version each must have. The board's
# configuration files are written against these exact versions.
want_pkgs="lwip mbedtls"
want_ver_lwip=2.1.3
want_ver_mbedtls=2.28.3

have_all=1
for p in $want_pkgs; do [ -f "$dest/$p/.fetched" ] || have_all=0; done
[ $have_all = 1 ] && exit 0

command -v dpkg-source >/dev/null 2>&1 || bash tools/deps.sh board
command -v dpkg-source >/dev/null 2>&1 || { echo "fetch-sources: dpkg-source missing (apt-get install dpkg-dev)" >&2; exit 1; }

apt_root=$root/.cache/apt
mkdir -p "$apt_root/lists/partial" "$apt_root/cache/archives/partial"

# deb-src lines built from the system's Debian sources (deb822 or one-line form).
src_list=$apt_root/sources.list
tmp_list=$(mktemp "$apt_root/sources.XXXXXX")
trap 'rm -f "$tmp_list"' EXIT
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  # deb822 stanzas: URIs / Suites / Components / Signed-By, one stanza per blank-line block.
  awk '
    function flush() {
      if (uris != "" && suites != "") {
        n = split(uris, U, " "); m = split(suites, S, " ")
        for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) {
          opt = (signed != "") ? "[signed-by=" signed "] " : ""
          print "deb-src " opt U[i] " " S[j] " " comps
        }
      }
      uris = ""; suites = ""; comps = "main"; signed = ""
    }
    BEGIN { comps = "main" }
    /^[ \t]*#/ { next }
    /^[ \t]*$/ { flush(); next }
    /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
    /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
    /^Components:/ { sub(/^Components:[ \t]*/, ""); comps = $0 }
    /^Signed-By:/ { sub(/^Signed-By:[ \t]*/, ""); signed = $0 }
    END { flush() }
  ' /etc/apt/sources.list.d/debian.sources >"$tmp_list"
fi
if [ ! -s "$tmp_list" ] && [ -f /etc/apt/sources.list ]; then
  sed -n 's/^[ \t]*deb[ \t]/deb-src /p' /etc/apt/sources.list >"$tmp_list"
fi
[ -s "$tmp_list" ] || { echo "fetch-sources: no Debian deb entries found in /etc/apt to derive deb-src from" >&2; exit 1; }
mv -f "$tmp_list" "$src_list"

APT_OPTS=(
  -o "Dir::Etc::SourceList=$src_list"
  -o "Dir::Etc::SourceParts=-"
  -o "Dir::State::Lists=$apt_root/lists"
  -o "Dir::Cache=$apt_root/cache"
  -o "Debug::NoLocking=1"
  -o "APT::Get::List-Cleanup=0"
)
# _apt cannot write into a private dir under /work; download as the caller.
APT_OPTS+=(-o "APT::Sandbox::User=root")

if ! ls "$apt_root/lists/"*Sources* >/dev/null 2>&1; then
  echo "fetch-sources: apt-get update (private deb-src list $src_list)" >&2
  apt-get "${APT_OPTS[@]}" update -qq >&2
fi

work=$dest/.work
mkdir -p "$work"
for p in $want_pkgs; do
  [ -f "$dest/$p/.fetched" ] && continue
  eval "ver=\$want_ver_$p"
  echo "fetch-sources: apt-get source $p (upstream $ver)" >&2
  # Stale lists (the archive moved on since the last update): refresh once and retry.
  if ! (cd "$work" && apt-get "${APT_OPTS[@]}" source -qq "$p" >&2); then
    echo "fetch-sources: retrying after apt-get update" >&2
    apt-get "${APT_OPTS[@]}" update -qq >&2
    (cd "$work" && apt-get "${APT_OPTS[@]}" source -qq "$p" >&2)
  fi
  dir=$(find "$work" -maxdepth 1 -type d -name "$p-$ver*" | sort | tail -1)
  [ -n "$dir" ] || { echo "fetch-sources: $p $ver not found after apt-get source (got: $(ls "$work"))" >&2; exit 1; }
  rm -rf "${dest:?}/$p"
  ln -s ".work/$(basename "$dir")" "$dest/$p"
  : >"$dir/.fetched"
done
