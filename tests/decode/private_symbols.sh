#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# jsmn private to the core (issue 13): libaigw.a exports the public aigw_
# API and nothing else, and a program with its own default-built jsmn links
# with it and decodes a gateway. Usage: private_symbols.sh BUILD_DIR CC
# (BUILD_DIR gets its own libaigw.a, built by the top Makefile's rule).
set -uo pipefail
b=$1 cc=$2
rc=0
if ! out=$(make -s CC="$cc" BUILD="$b" "$b/libaigw.a" 2>&1); then
  echo "FAIL private-lib-$cc: $(echo "$out" | grep -m3 -E 'error|Error' | tr '\n' ' ')"; exit 1
fi
lib=$b/libaigw.a
# Every global (or weak) symbol the archive defines, and the functions and
# objects the public headers declare.
defined=$(nm -g --defined-only "$lib" | awk 'NF == 3 { print $3 }' | sort -u)
declared=$(cat include/aigw/*.h | tr -s ' \t\n' ' ' | grep -oE '\baigw_[a-z0-9_]+ *\(' | tr -d ' (' | sort -u)
outside=$(comm -23 <(echo "$defined") <(echo "$declared") | tr '\n' ' ')
count=$(echo "$defined" | grep -c .)
if [ "$count" -gt 0 ] && [ -z "$outside" ]; then
  echo "PASS private-exports-$cc: $count global symbols, each declared in include/aigw/*.h"
else
  echo "FAIL private-exports-$cc: global symbols not in the public headers: ${outside:-none found at all}"; rc=1
fi
jsmn=$(nm "$lib" | grep -i jsmn | tr '\n' ' ')
if [ -z "$jsmn" ]; then
  echo "PASS private-no-jsmn-$cc: nm shows no jsmn symbol (global or local)"
else
  echo "FAIL private-no-jsmn-$cc: $jsmn"; rc=1
fi
# The application: /usr/include/jsmn.h compiled the default way (global
# functions, no parent links), then libaigw.a. The app's objects come first,
# so a jsmn in the archive would be the one ignored, and aigw's decoding
# would break if it depended on the app's.
app=$b/own_jsmn
if ! out=$("$cc" -std=c99 -Wall -Wextra -Werror -Iinclude tests/decode/own_jsmn.c "$lib" -o "$app" 2>&1); then
  echo "FAIL private-own-jsmn-build-$cc: $(echo "$out" | grep -m3 error | tr '\n' ' ')"; exit 1
fi
"$app" tests/data/json/api_example.json | sed "s/^\(PASS\|FAIL\) /\1 $cc:/"
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "FAIL $cc:own_jsmn: exited non-zero"; rc=1; }
exit $rc
