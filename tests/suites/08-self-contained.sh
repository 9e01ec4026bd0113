#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The repository is self-contained (issue 16): a `git clone` with no ../shared
# beside it runs `make demo`; nothing tracked reads ../shared; and the copies in
# tools/upstream/ are byte-identical to ../shared where a developer has it (the
# one place the project looks at ../shared, and only when it exists).
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
fail=0
work=$(mktemp -d /tmp/aigw-selfcontained.XXXXXX)
trap 'rm -rf "$work"' EXIT

# ---- 1. nothing tracked reads ../shared ------------------------------------------------------
# A path is "../shared" or a join of "..", "shared"; PROVENANCE.md and this suite name it on purpose,
# and the fresh-clone check (tools/fresh-clone.sh, issue 14) links ../shared beside its clone only
# when this checkout has one, to repeat the environment it runs in; nothing needs it.
hits=$(git grep -n -E '\.\./shared|"\.\.", *"shared"|shared/(api|seed|ca)' -- . \
         ':!tools/upstream/PROVENANCE.md' ':!tests/suites/08-self-contained.sh' ':!CHANGELOG.md' ':!README.md' \
         ':!tools/fresh-clone.sh' ':!mk/fresh-clone.mk' ':!tests/suites/07-fresh-clone.sh' 2>/dev/null)
if [ -z "$hits" ]; then
  echo "PASS no_shared_reads: no tracked file reads ../shared (tools, tests and the emulator use tools/upstream/)"
else
  echo "FAIL no_shared_reads: $(echo "$hits" | head -5 | tr '\n' ' ')"; fail=1
fi

# ---- 2. provenance: every copy is listed with its sha256, and matches it ---------------------
bad=""
n=0
for f in $(cd tools/upstream && find . -type f ! -name PROVENANCE.md | sed 's|^\./||' | sort); do
  n=$((n + 1))
  want=$(awk -F'|' -v f="$f" '{gsub(/ /, "", $2)} $2 == f {gsub(/[ `]/, "", $4); print $4}' tools/upstream/PROVENANCE.md)
  have=$(sha256sum "tools/upstream/$f" | cut -d' ' -f1)
  [ -n "$want" ] && [ "$want" = "$have" ] || bad="$bad $f"
done
[ -z "$bad" ] && [ $n -gt 0 ] && echo "PASS upstream_provenance: $n files in tools/upstream, each in PROVENANCE.md with its sha256" ||
  { echo "FAIL upstream_provenance: missing or wrong sha256 in PROVENANCE.md:$bad"; fail=1; }

# ---- 3. optional: the copies equal ../shared when it is there --------------------------------
if [ -d ../shared ]; then
  diffs=""
  m=0
  for d in api seed ca; do
    for f in ../shared/$d/*; do
      [ -f "$f" ] || continue
      m=$((m + 1))
      cmp -s "$f" "tools/upstream/$d/$(basename "$f")" || diffs="$diffs $d/$(basename "$f")"
    done
  done
  [ -z "$diffs" ] && echo "PASS upstream_equals_shared: the $m files of ../shared/{api,seed,ca} are byte-identical in tools/upstream" ||
    { echo "FAIL upstream_equals_shared: differ or missing in tools/upstream:$diffs"; fail=1; }
fi

# ---- 4. git clone with no ../shared beside it, then make demo --------------------------------
# The clone is of HEAD plus uncommitted changes to tracked files (git stash create), so
# the suite tests the tree as it is; untracked files are not in it, as in a real clone.
rev=$(git stash create 2>/dev/null); rev=${rev:-HEAD}
mkdir -p "$work/alone"
if git clone -q --no-hardlinks "$root" "$work/alone/aigw" >"$work/clone.log" 2>&1 &&
   git -C "$work/alone/aigw" fetch -q "$root" "$rev" >>"$work/clone.log" 2>&1 &&
   git -C "$work/alone/aigw" checkout -q FETCH_HEAD >>"$work/clone.log" 2>&1; then
  if [ -e "$work/alone/shared" ]; then
    echo "FAIL clone_demo_without_shared: $work/alone/shared exists"; fail=1
  elif make -C "$work/alone/aigw" demo >"$work/demo.log" 2>&1; then
    if grep -q '^demo: update, get and set all succeeded over TLS against the emulator$' "$work/demo.log"; then
      echo "PASS clone_demo_without_shared: git clone into $work/alone (no ../shared), make demo: update, get and set over TLS"
    else
      echo "FAIL clone_demo_without_shared: make demo exited 0 without its success line"; tail -5 "$work/demo.log"; fail=1
    fi
  else
    echo "FAIL clone_demo_without_shared: make demo failed:"; tail -15 "$work/demo.log"; fail=1
  fi
else
  echo "FAIL clone_demo_without_shared: git clone failed: $(tail -3 "$work/clone.log")"; fail=1
fi
exit $fail
