#!/usr/bin/env bash
# API reference (issue 10): `make docs` builds the Doxygen reference of the
# public headers with zero warnings, every public item has a description, and
# both checks really fail on an undocumented declaration.
set -uo pipefail
cd "$(dirname "$0")/../.."
fail=0
work=$(mktemp -d /tmp/aigw-docs.XXXXXX)
trap 'rm -rf "$work"' EXIT

if ! bash tools/deps.sh docs >"$work/deps.log" 2>&1 || ! command -v doxygen >/dev/null; then
  echo "FAIL docs_deps: doxygen missing and not installable (see tools/deps/docs.txt)"; cat "$work/deps.log"; exit 1
fi

# 1. HTML reference, WARN_AS_ERROR: any warning stops doxygen with a non-zero exit.
if make -s docs-html BUILD="$work/build" >"$work/html.log" 2>&1 && ! grep -qi 'warning' "$work/html.log" &&
   [ -s "$work/build/docs/html/index.html" ]; then
  echo "PASS docs_build: make docs, $(ls "$work/build/docs/html"/*.html | wc -l) pages, 0 warnings"
else
  echo "FAIL docs_build: doxygen warned or failed:"; grep -i -m20 'warning\|error' "$work/html.log"; fail=1
fi

# 2. Every public function, type, member, enum value, macro and error code is described.
if make -s docs-check BUILD="$work/build" >"$work/check.log" 2>&1; then
  echo "PASS docs_complete: $(tail -1 "$work/check.log")"
else
  echo "FAIL docs_complete:"; grep -m30 'undocumented\|error' "$work/check.log"; fail=1
fi

# 3. Every function declared in a public header appears in the reference.
missing=""
for f in $(grep -ho '\baigw_[a-z0-9_]*(' include/aigw/*.h | tr -d '(' | sort -u); do
  grep -q "$f" "$work/build/docs/html/globals_func.html" 2>/dev/null || missing="$missing $f"
done
if [ -z "$missing" ]; then echo "PASS docs_functions_listed: every aigw_*() of include/aigw in the function index"
else echo "FAIL docs_functions_listed: not in globals_func.html:$missing"; fail=1; fi

# 4. The checks can fail: an undocumented function and an undocumented enum
# value added to a copy of the headers must each be refused.
mkdir -p "$work/neg/include/aigw" "$work/neg/docs"
cp include/aigw/*.h "$work/neg/include/aigw/"; cp -R docs/api "$work/neg/docs/"; cp Doxyfile "$work/neg/"
cp -R tools "$work/neg/"
sed -i 's|^#ifdef __cplusplus$|void aigw_docs_probe_undocumented(void);\n#ifdef __cplusplus|' "$work/neg/include/aigw/aigw_sink.h"
if (cd "$work/neg" && ( cat Doxyfile; echo 'OUTPUT_DIRECTORY = out' ) | doxygen -) >"$work/neg1.log" 2>&1; then
  echo "FAIL docs_catches_undocumented_function: doxygen accepted an undocumented function"; fail=1
elif grep -q 'aigw_docs_probe_undocumented' "$work/neg1.log"; then
  echo "PASS docs_catches_undocumented_function: WARN_AS_ERROR refuses it"
else
  echo "FAIL docs_catches_undocumented_function: failed for another reason:"; head -5 "$work/neg1.log"; fail=1
fi
cp include/aigw/aigw_sink.h "$work/neg/include/aigw/"
sed -i 's|^    AIGW_BILLING_POSTPAID = 1 /\*\*< "postpaid" \*/$|    AIGW_BILLING_POSTPAID = 1, /**< "postpaid" */\n    AIGW_BILLING_PROBE = 2|' "$work/neg/include/aigw/aigw_model.h"
if ! grep -q AIGW_BILLING_PROBE "$work/neg/include/aigw/aigw_model.h"; then
  echo "FAIL docs_catches_undocumented_enum_value: could not plant the probe (aigw_model.h changed?)"; fail=1
elif (cd "$work/neg" && \
      ( cat Doxyfile; echo 'OUTPUT_DIRECTORY = out'; echo 'EXTRACT_ALL = YES'; echo 'WARN_IF_UNDOCUMENTED = NO'; \
        echo 'GENERATE_HTML = NO'; echo 'GENERATE_XML = YES'; echo 'XML_OUTPUT = xml-all' ) | doxygen - &&
      python3 tools/check-api-docs.py out/xml-all) >"$work/neg2.log" 2>&1; then
  echo "FAIL docs_catches_undocumented_enum_value: the checker accepted it"; fail=1
elif grep -q 'AIGW_BILLING_PROBE' "$work/neg2.log"; then
  echo "PASS docs_catches_undocumented_enum_value: the completeness check names it"
else
  echo "FAIL docs_catches_undocumented_enum_value: failed for another reason:"; tail -5 "$work/neg2.log"; fail=1
fi
exit $fail
