#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Cyclomatic complexity (pmccabe, McCabe's count: every case label, &&, ||
# and ?: adds one): no function in core/ above 15. One line per core/ file:
# PASS with its highest function, or FAIL naming each function over the limit.
# The aigw command's functions (boards/linux/) over the limit are listed as
# information only (INFO lines, not counted).
set -uo pipefail
cd "$(dirname "$0")/../.."
LIMIT=15
bash tools/deps.sh core >/dev/null || { echo "FAIL complexity-deps: tools/deps.sh core failed"; exit 1; }
command -v pmccabe >/dev/null || { echo "FAIL complexity-deps: pmccabe not installed"; exit 1; }
rc=0
for f in core/*.c; do
  # columns: modified, traditional, statements, first line, lines, file(line): function
  out=$(pmccabe "$f") || { echo "FAIL complexity/$f: pmccabe failed"; rc=1; continue; }
  over=$(printf '%s\n' "$out" | awk -v l=$LIMIT '$2 > l { sub(/^.*: /, "", $0); printf "%s ", $0 }')
  if [ -n "$over" ]; then
    printf '%s\n' "$out" | awk -v l=$LIMIT -v f="$f" '$2 > l { n=$2; sub(/^.*: /, "", $0); print "FAIL complexity/" f ":" $0 ": " n " > " l }'
    rc=1
  else
    top=$(printf '%s\n' "$out" | sort -k2,2nr | head -1 | awk '{ n=$2; sub(/^.*: /, "", $0); print $0 " " n }')
    echo "PASS complexity/$f: every function <= $LIMIT (highest: ${top:-none})"
  fi
done
# the check must be able to fail: a function of complexity LIMIT+1 is over, one of LIMIT is not
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
gen() { # name, number of ifs -> a C function of complexity ifs+1
  printf 'int %s(int x) {\n' "$1"; for i in $(seq "$2"); do printf '  if (x == %d) return %d;\n' "$i" "$i"; done; printf '  return 0;\n}\n'
}
{ gen at_limit $((LIMIT - 1)); gen over_limit $LIMIT; } >"$tmp/self.c"
got=$(pmccabe "$tmp/self.c" | awk -v l=$LIMIT '$2 > l { sub(/^.*: /, "", $0); print }' | tr '\n' ' ')
if [ "$got" = "over_limit " ]; then echo "PASS complexity-selftest: complexity $((LIMIT + 1)) flagged, $LIMIT not"
else echo "FAIL complexity-selftest: expected only over_limit flagged, got '$got'"; rc=1; fi

pmccabe boards/linux/*.c | awk -v l=$LIMIT '$2 > l { n=$2; sub(/^[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t/, "", $0); print "INFO complexity (not counted): " $0 " " n }'
exit $rc
