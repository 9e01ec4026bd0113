#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The licence line of every source file the project wrote (LICENSE: MIT).
#   tools/spdx.sh           add "SPDX-License-Identifier: MIT" where it is missing
#   tools/spdx.sh --check   list the files without it; exit 1 if there are any
# The line goes first, or right after a "#!" line: C and linker scripts get
# "/* ... */", JavaScript "// ...", scripts and build files "# ...". Files copied from elsewhere
# (tools/upstream/, third_party/) keep their own terms and are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-add}
tag="SPDX-License-Identifier: MIT"

files() {
  git ls-files -- '*.c' '*.h' '*.ld' '*.py' '*.sh' '*.mk' '*.cmake' '*.js' \
    'Makefile' '*/Makefile' 'CMakeLists.txt' '*/CMakeLists.txt' 'Kconfig' '*/Kconfig' |
    grep -v -e '^tools/upstream/' -e '^third_party/' |
    while IFS= read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done
}

missing=()
while IFS= read -r f; do
  head -n 3 "$f" | grep -q "SPDX-License-Identifier:" || missing+=("$f")
done < <(files)

if [ "$mode" = --check ]; then
  if [ ${#missing[@]} -gt 0 ]; then
    printf '%s\n' "${missing[@]}"
    echo "spdx: ${#missing[@]} files without \"$tag\" (run tools/spdx.sh)" >&2
    exit 1
  fi
  exit 0
fi

for f in "${missing[@]}"; do
  case "$f" in
    *.c|*.h|*.ld) line="/* $tag */" ;;
    *.js) line="// $tag" ;;
    *) line="# $tag" ;;
  esac
  tmp=$(mktemp "$f.XXXXXX")
  if head -n 1 "$f" | grep -q '^#!'; then
    { head -n 1 "$f"; printf '%s\n' "$line"; tail -n +2 "$f"; } >"$tmp"
  else
    { printf '%s\n' "$line"; cat "$f"; } >"$tmp"
  fi
  chmod --reference="$f" "$tmp" && mv -f "$tmp" "$f"
done
echo "spdx: added the line to ${#missing[@]} files" >&2
