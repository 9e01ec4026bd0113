#!/usr/bin/env bash
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
pmccabe boards/linux/*.c | awk -v l=$LIMIT '$2 > l { n=$2; sub(/^[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t/, "", $0); print "INFO complexity (not counted): " $0 " " n }'
exit $rc
