#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# "A new field arrives by regenerating" (docs/SCHEMA.md), proved on a copy:
#   1. copy tools/, core/ and include/ into a temporary directory (twice:
#      "before" and "after");
#   2. in "after", write a new fragment = the 2026-08-17 one plus a boolean
#      cache_bypass in the PUT body's properties, add it to VERSIONS in the
#      copied generator (sed) and run the copied generator;
#   3. only include/aigw/aigw_model.h, core/schema_table.c (and
#      core/enum_names.h) may differ between the two copies' core/ and
#      include/: no walker, no decoder, no hand table was edited;
#   4. compile the copied core with tests/schema/new_field.c, which sets
#      p.cache_bypass, encodes ("cache_bypass":true in the body), decodes the
#      body back into the member and validates: accepted with
#      -DAIGW_SCHEMA_VERSION=<new version>, refused by the default build with
#      "not in AIGW_SCHEMA_VERSION <default>".
# Prints PASS/FAIL lines; exit status 1 on any failure.
# Usage: regen_new_field.sh [source root (default: the repository)]
set -uo pipefail
cd "$(dirname "$0")/../.."
SRC=${1:-.}
NEWV=20260930
NEWF=ai-gateway.2026-09-30.openapi.json
CC=${CC:-cc}
CFLAGS="-std=c99 -Wall -Wextra -Werror -Wconversion -Wshadow -O1"
T=$(mktemp -d "${TMPDIR:-/tmp}/aigw-regen.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
pass() { echo "PASS regen_new_field_$1"; }
bad() { echo "FAIL regen_new_field_$1: $2"; fail=1; }

for d in before after; do
  mkdir -p "$T/$d"
  cp -R "$SRC/tools" "$SRC/core" "$SRC/include" "$T/$d/"
done
A=$T/after

# 2. the new fragment and the generator that knows it
if ! python3 - "$A/tools/upstream/api" "$NEWF" <<'EOF'
import json, sys
api, new = sys.argv[1], sys.argv[2]
with open(f"{api}/ai-gateway.2026-08-17.openapi.json", encoding="utf-8") as f:
    doc = json.load(f)
body = doc["paths"]["/accounts/{account_id}/ai-gateway/gateways/{id}"]["put"]["requestBody"]
props = body["content"]["application/json"]["schema"]["properties"]
if "cache_bypass" in props:
    sys.exit("cache_bypass already in the 2026-08-17 fragment")
props["cache_bypass"] = {"type": "boolean"}
with open(f"{api}/{new}", "w", encoding="utf-8") as f:
    json.dump(doc, f, indent=2)
EOF
then bad fragment "could not write the new fragment"; exit 1; fi
sed -i "s|(20260817, \"ai-gateway.2026-08-17.openapi.json\")\]|(20260817, \"ai-gateway.2026-08-17.openapi.json\"),\n            ($NEWV, \"$NEWF\")]|" \
  "$A/tools/gen_schema.py"
if ! grep -q "($NEWV, \"$NEWF\")" "$A/tools/gen_schema.py"; then
  bad versions "the sed found no VERSIONS entry for 20260817 in tools/gen_schema.py"; exit 1
fi
if out=$(python3 "$A/tools/gen_schema.py" 2>&1); then pass generator
else bad generator "$out"; exit 1; fi
if out=$(python3 "$A/tools/gen_schema.py" --check 2>&1); then pass generator_check
else bad generator_check "$out"; fi

# 3. what changed: the generated files only
changed=$(cd "$T" && git diff --no-index --name-only before/core after/core; git diff --no-index --name-only before/include after/include)
changed=$(echo "$changed" | sed -e 's|^after/||' -e 's|^before/||' | sort -u | grep -v '^$')
allowed='^(include/aigw/aigw_model\.h|core/schema_table\.c|core/enum_names\.h)$'
if [ -z "$changed" ]; then
  bad only_generated_changed "the generator changed nothing"
elif echo "$changed" | grep -Evq "$allowed"; then
  bad only_generated_changed "other files changed: $(echo "$changed" | grep -Ev "$allowed" | tr '\n' ' ')"
else
  pass "only_generated_changed ($(echo "$changed" | tr '\n' ' '))"
fi
(cd "$T" && git diff --no-index --stat before/core after/core; git diff --no-index --stat before/include after/include) | sed 's/^/  /'
grep -q '"cache_bypass"' "$A/core/schema_table.c" || bad table "no cache_bypass in the regenerated core/schema_table.c"
grep -q 'aigw_bool_t cache_bypass;' "$A/include/aigw/aigw_model.h" || bad model "no aigw_bool_t cache_bypass in aigw_params_t"

# 4. the regenerated core, built as is: the new version's build and the default build
defv=$(sed -n 's/^#define AIGW_SCHEMA_VERSION \([0-9]*\).*/\1/p' "$A/include/aigw/aigw_config.h")
for v in new default; do
  def=(); [ $v = new ] && def=(-DAIGW_SCHEMA_VERSION=$NEWV)
  exe=$T/new_field_$v
  if ! out=$($CC $CFLAGS "${def[@]}" -I"$A/include" -I"$A/core" tests/schema/new_field.c "$A"/core/*.c -o "$exe" 2>&1); then
    bad "build_$v" "$(echo "$out" | grep -m3 -E 'error' | tr '\n' ' ')"; continue
  fi
  if ! res=$("$exe"); then bad "run_$v" "$res"; continue; fi
  if echo "$res" | grep -q '^BODY .*,"cache_bypass":true[,}]'; then pass "encode_$v"
  else bad "encode_$v" "no \"cache_bypass\":true in: $(echo "$res" | sed -n 's/^BODY //p')"; fi
  if echo "$res" | grep -q '^DECODED 2 1 extra 0$'; then pass "decode_$v"
  else bad "decode_$v" "$(echo "$res" | grep -E '^DECODE')"; fi
  if [ $v = new ]; then
    if echo "$res" | grep -q '^VALIDATE OK$'; then pass "validate_$NEWV"
    else bad "validate_$NEWV" "$(echo "$res" | grep '^VALIDATE')"; fi
  else
    want="VALIDATE_ERR cache_bypass not in AIGW_SCHEMA_VERSION $defv"
    if echo "$res" | grep -qx "$want"; then pass "validate_default_refused ($want)"
    else bad validate_default_refused "want \"$want\", got \"$(echo "$res" | grep '^VALIDATE')\""; fi
  fi
done
exit $fail
