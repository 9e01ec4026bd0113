#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Static analysis of core/, port/ and boards/linux with three tools; zero findings allowed.
#   gcc -fanalyzer   (with the project's warning flags, -Werror)
#   clang-tidy       check set and reasons in .clang-tidy (warnings are errors);
#                    boards/linux also without cert-err33-c: its stdio calls write to
#                    stdout/stderr, whose errors are sticky, and main() checks
#                    ferror(stdout) once at exit (so output is never cut silently)
#   cppcheck         --enable=warning,style,performance,portability, suppressions with
#                    reasons in tools/cppcheck-suppressions.txt and inline
# Before that, each tool must find the planted bugs of tests/hardening/static_selftest.c.
# Prints one PASS/FAIL line per tool (and per self-test); exit 1 on any finding.
# Usage: tools/static-analysis.sh [gcc|tidy|cppcheck ...]   (default: all three)
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p build/static
L=build/static
want=${*:-gcc tidy cppcheck}
rc=0

LWIP_INC=$(pkg-config --cflags lwip 2>/dev/null || echo -I/usr/include/lwip)
# The raw (bare-metal) lwIP port is analysed as the board builds it: the board's
# lwipopts.h (LWIP_DNS=1 ...) over lwIP's own source tree (tools/fetch-sources.sh).
if [ ! -d .cache/src/lwip/src/include ] && ! bash tools/fetch-sources.sh >$L/fetch.log 2>&1; then
  echo "FAIL static/lwip-sources: tools/fetch-sources.sh failed (see $L/fetch.log)"; exit 1
fi
RAW_INC="-Iboards/qemu-mps2-an385/profiles/interop -Iboards/qemu-mps2-an385 -I.cache/src/lwip/src/include"
# file -> extra flags (the lwIP sockets port builds against Debian's host lwIP, as mk/lwip.mk does)
srcs=(core/*.c port/posix/*.c port/mbedtls/*.c boards/linux/*.c port/lwip/aigw_lwip_sockets.c port/lwip/aigw_lwip_raw.c)
flags_for() {
  case "$1" in
    port/lwip/aigw_lwip_sockets.c) echo "-D_POSIX_C_SOURCE=200809L $LWIP_INC" ;;
    port/lwip/aigw_lwip_raw.c) echo "$RAW_INC" ;;
    boards/linux/*) echo "-Iboards/linux" ;;
    *) echo "" ;;
  esac
}
WARN="-std=c99 -Wall -Wextra -Werror -Wconversion -Wshadow -Iinclude"

selftest() { # tool name, command... : must FAIL (find something) on the planted bugs
  local name=$1; shift
  if "$@" >$L/selftest-$name.log 2>&1; then
    echo "FAIL static/$name-selftest: found nothing in tests/hardening/static_selftest.c (see $L/selftest-$name.log)"; rc=1
    return 1
  fi
  echo "PASS static/$name-selftest (the planted bugs are reported)"
}

for tool in $want; do
  case $tool in
  gcc)
    selftest gcc-fanalyzer gcc -std=c99 -O1 -fanalyzer -Werror -c tests/hardening/static_selftest.c -o /dev/null
    n=0; : >$L/gcc-fanalyzer.log
    for f in "${srcs[@]}"; do
      # shellcheck disable=SC2046
      gcc $WARN -O1 -fanalyzer $(flags_for "$f") -c "$f" -o /dev/null >>$L/gcc-fanalyzer.log 2>&1 || n=$((n + 1))
    done
    if [ $n -eq 0 ]; then echo "PASS static/gcc-fanalyzer (${#srcs[@]} files, 0 findings)"
    else echo "FAIL static/gcc-fanalyzer: findings in $n file(s):"; grep -E 'warning|error' $L/gcc-fanalyzer.log | head -20; rc=1; fi
    ;;
  tidy)
    selftest clang-tidy clang-tidy --quiet tests/hardening/static_selftest.c -- -std=c99
    : >$L/clang-tidy.log; n=0
    for f in "${srcs[@]}"; do
      extra=()
      case "$f" in boards/linux/*) extra=(--checks=-cert-err33-c) ;; esac
      # shellcheck disable=SC2046
      clang-tidy --quiet "${extra[@]}" "$f" -- $WARN $(flags_for "$f") >>$L/clang-tidy.log 2>&1 || n=$((n + 1))
    done
    if [ $n -eq 0 ] && ! grep -q 'warning:\|error:' $L/clang-tidy.log; then
      echo "PASS static/clang-tidy (${#srcs[@]} files, 0 findings; checks in .clang-tidy)"
    else echo "FAIL static/clang-tidy: findings in $n file(s):"; grep -E 'warning:|error:' $L/clang-tidy.log | head -20; rc=1; fi
    ;;
  cppcheck)
    CPPC=(cppcheck --enable=warning,style,performance,portability --std=c99 --inline-suppr --quiet
          --error-exitcode=1 -UAIGW_CONFIG_FILE -Iinclude -Iboards/linux)
    selftest cppcheck "${CPPC[@]}" tests/hardening/static_selftest.c
    if "${CPPC[@]}" --suppressions-list=tools/cppcheck-suppressions.txt core port/posix port/mbedtls boards/linux \
         >$L/cppcheck.log 2>&1 &&
       "${CPPC[@]}" --suppressions-list=tools/cppcheck-suppressions.txt $LWIP_INC \
         -D_POSIX_C_SOURCE=200809L port/lwip/aigw_lwip_sockets.c >>$L/cppcheck.log 2>&1 &&
       # -DLWIP_DNS=1: the board's value, one configuration (not also the one without a resolver)
       "${CPPC[@]}" --suppressions-list=tools/cppcheck-suppressions.txt $RAW_INC -DLWIP_DNS=1 \
         port/lwip/aigw_lwip_raw.c >>$L/cppcheck.log 2>&1; then
      echo "PASS static/cppcheck (core, port, boards/linux: 0 findings)"
    else
      echo "FAIL static/cppcheck:"; head -30 $L/cppcheck.log; rc=1
    fi
    ;;
  *) echo "FAIL static/usage: unknown tool $tool"; rc=1 ;;
  esac
done
exit $rc
