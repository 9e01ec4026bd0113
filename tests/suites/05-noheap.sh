#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The compiled core uses no heap, no stdio, no OS calls and no mutable
# globals. Checks every object of build/libaigw.a (host) and
# build/cross/libaigw.a (arm-none-eabi, Cortex-M3):
#   - nm: no forbidden symbol referenced or defined (allocators, stdio, OS);
#   - objdump -h: no non-empty writable data section (.data*, .bss*, TLS,
#     small data), except .data.rel.ro* (read-only after relocation: where
#     const pointer tables land in position-independent host builds);
#   - nm: no common symbols.
# Self-tests prove the check flags a malloc call, a printf call and a
# mutable global, and does not flag const tables.
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build/logs
fail=0

FORBIDDEN='malloc calloc realloc free aligned_alloc posix_memalign memalign valloc
strdup strndup _malloc_r _free_r _calloc_r _realloc_r
printf fprintf sprintf snprintf vprintf vfprintf vsprintf vsnprintf dprintf
puts fputs putchar fputc putc fopen fdopen fclose fread fwrite fflush fgets fgetc
getc getchar perror scanf sscanf fscanf stdin stdout stderr _impure_ptr
__printf_chk __fprintf_chk __sprintf_chk __snprintf_chk __vsnprintf_chk
__vfprintf_chk __vsprintf_chk __puts_chk
open close read write socket connect send recv select poll exit _exit abort
getenv time clock_gettime gettimeofday sleep usleep nanosleep'

# check_lib <archive> <nm> <objdump>: prints offending lines, returns 1 if any
check_lib() {
  local lib=$1 nm=$2 objdump=$3 bad=0 out
  [ -f "$lib" ] || { echo "  $lib does not exist"; return 1; }
  out=$("$nm" -A "$lib" 2>/dev/null | awk -v list="$FORBIDDEN" '
    BEGIN { n = split(list, w, /[ \n]+/); for (i = 1; i <= n; i++) if (w[i] != "") bad[w[i]] = 1 }
    { name = $NF; type = $(NF-1)
      if (name in bad) print "  forbidden symbol " name " (" type ") in " $1
      if (type == "C") print "  common (mutable global) " name " in " $1 }')
  [ -n "$out" ] && { echo "$out"; bad=1; }
  out=$("$objdump" -h "$lib" 2>/dev/null | awk '
    /file format/ { obj = $1; sub(/:$/, "", obj) }
    $2 ~ /^\.(data|bss|sdata|sbss|tdata|tbss)/ && $2 !~ /^\.data\.rel\.ro/ && $3 !~ /^0+$/ {
      print "  writable section " $2 " (0x" $3 " bytes) in " obj }')
  [ -n "$out" ] && { echo "$out"; bad=1; }
  return $bad
}

# host library
if make -s lib >build/logs/05-noheap-build.log 2>&1; then
  if out=$(check_lib build/libaigw.a nm objdump); then
    echo "PASS noheap_host: $(ar t build/libaigw.a | wc -l) objects, no heap/stdio/OS symbols, no mutable data"
  else
    echo "FAIL noheap_host: core objects break the rules"; echo "$out"; fail=1
  fi
else
  echo "FAIL noheap_host: make lib failed"; tail -15 build/logs/05-noheap-build.log; fail=1
fi

# cross library (non-PIC: const tables must be in .rodata there)
if ! command -v arm-none-eabi-gcc >/dev/null; then
  echo "FAIL noheap_cross: arm-none-eabi-gcc missing (bash tools/deps.sh core)"; fail=1
elif make -s cross-lib >build/logs/05-noheap-cross.log 2>&1; then
  if out=$(check_lib build/cross/libaigw.a arm-none-eabi-nm arm-none-eabi-objdump); then
    echo "PASS noheap_cross: $(arm-none-eabi-ar t build/cross/libaigw.a | wc -l) Cortex-M3 objects clean"
  else
    echo "FAIL noheap_cross: core objects break the rules"; echo "$out"; fail=1
  fi
else
  echo "FAIL noheap_cross: make cross-lib failed"; tail -15 build/logs/05-noheap-cross.log; fail=1
fi

# self-tests: the check must flag bad objects and pass a good one
ST=$(mktemp -d build/noheap-selftest.XXXXXX)  # per run: runs may overlap
trap 'rm -rf "$ST"' EXIT
cat >"$ST/bad_malloc.c" <<'C'
#include <stdlib.h>
void *aigw_st_alloc(void) { return malloc(16); }
C
cat >"$ST/bad_printf.c" <<'C'
#include <stdio.h>
void aigw_st_say(int x) { printf("%d\n", x); }
C
cat >"$ST/bad_global.c" <<'C'
int aigw_st_counter;
int aigw_st_next(void) { return ++aigw_st_counter; }
C
cat >"$ST/bad_static.c" <<'C'
int aigw_st_next2(void) { static int n = 5; return ++n; }
C
cat >"$ST/good.c" <<'C'
static const int t[2] = { 1, 2 };
static const char *const names[] = { "a", "b" };
int aigw_st_get(int i) { return t[i & 1]; }
const char *aigw_st_name(int i) { return names[i & 1]; }
C
selftest() { # name, expect (flag|clean), sources...
  local name=$1 expect=$2; shift 2
  local objs=() s
  for s in "$@"; do
    cc -fPIE -O2 -c "$ST/$s.c" -o "$ST/$s.o" || { echo "FAIL noheap_selftest_$name: cannot compile"; fail=1; return; }
    objs+=("$ST/$s.o")
  done
  rm -f "$ST/$name.a"; ar rcs "$ST/$name.a" "${objs[@]}"
  if check_lib "$ST/$name.a" nm objdump >"$ST/$name.out"; then got=clean; else got=flag; fi
  if [ "$got" = "$expect" ]; then
    echo "PASS noheap_selftest_$name: $got"
  else
    echo "FAIL noheap_selftest_$name: expected $expect, got $got"; cat "$ST/$name.out"; fail=1
  fi
}
selftest malloc flag good bad_malloc
selftest printf flag good bad_printf
selftest global flag good bad_global
selftest static_local flag good bad_static
selftest const_tables clean good

exit $fail
