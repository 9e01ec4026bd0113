#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Firmware SDK manifests (issue 16), as far as this machine allows without the SDKs:
#  - library.json (PlatformIO), idf_component.yml (ESP-IDF), zephyr/module.yml and both
#    Kconfig files hold only the fields their tools document, well-formed;
#  - the ESP-IDF component's CMake (root CMakeLists.txt -> idf/component.cmake) and the
#    Zephyr module's (zephyr/CMakeLists.txt) run under cmake with stand-ins for
#    idf_component_register / zephyr_library_*; every source and include directory they
#    register exists, and every source compiles for the Cortex-M3 (arm-none-eabi-gcc -Os,
#    -Werror) with only the include directories the manifest gives, plus the SDK's own
#    libraries: mbedTLS 2.28 and 3.6 (Debian's source packages), lwIP 2.1 with an RTOS
#    lwipopts.h (tests/integration/rtos-lwip);
#  - PlatformIO's srcFilter selects files that compile the same way with its build.flags;
#  - third_party/jsmn/jsmn.h is Debian's libjsmn-dev jsmn.h byte for byte.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
fail=0
work=$(mktemp -d /tmp/aigw-manifests.XXXXXX)
trap 'rm -rf "$work"' EXIT
bad() { echo "FAIL $1: $2"; fail=1; }

bash tools/deps.sh integration >/dev/null 2>&1 || { bad manifests_deps "tools/deps.sh integration failed"; exit 1; }
python3 -c 'import yaml' 2>/dev/null || { bad manifests_deps "python3-yaml missing (tools/deps/integration.txt)"; exit 1; }
python3 tests/integration/check_manifests.py "$root" || fail=1

if ! bash tools/fetch-sources.sh >"$work/fetch.log" 2>&1 || ! bash tools/fetch-mbedtls3.sh >>"$work/fetch.log" 2>&1; then
  tail -5 "$work/fetch.log"; bad manifests_sources "could not fetch the mbedTLS/lwIP source packages"; exit 1
fi
M2=$root/.cache/src/mbedtls/include
M3=$root/.cache/src/mbedtls3/include
LW=$root/.cache/src/lwip/src/include
CC=arm-none-eabi-gcc
CFLAGS=(-std=c99 -Wall -Wextra -Werror -Wconversion -Wshadow -mcpu=cortex-m3 -mthumb -Os -ffunction-sections)

# compile_for_m3 FILE -I... : one object, against every SDK library the file needs
compile_for_m3() {
  local f=$1; shift
  case $f in
    */port/mbedtls/*)
      "$CC" "${CFLAGS[@]}" "$@" -isystem "$M2" -c "$f" -o "$work/o.o" 2>>"$work/cc.log" &&
      "$CC" "${CFLAGS[@]}" "$@" -isystem "$M3" -c "$f" -o "$work/o.o" 2>>"$work/cc.log" ;;
    */port/lwip/aigw_lwip_sockets.c)
      "$CC" "${CFLAGS[@]}" "$@" -isystem "$LW" -isystem "$root/tests/integration/rtos-lwip" -c "$f" -o "$work/o.o" 2>>"$work/cc.log" ;;
    *) "$CC" "${CFLAGS[@]}" "$@" -c "$f" -o "$work/o.o" 2>>"$work/cc.log" ;;
  esac
}
# check_list NAME SRCFILE INCFILE: the registered sources and include dirs exist and compile
check_list() {
  local name=$1 n=0 missing="" broken="" incs=() d f
  while IFS= read -r d; do
    [ -n "$d" ] || continue
    [ -d "$d" ] || missing="$missing $d"
    incs+=("-I$d")
  done <"$3"
  while IFS= read -r f; do
    [ -n "$f" ] || continue
    n=$((n + 1))
    if [ ! -f "$f" ]; then missing="$missing $f"; continue; fi
    compile_for_m3 "$f" "${incs[@]}" || broken="$broken ${f#$root/}"
  done <"$2"
  if [ "$n" = 0 ]; then bad "$name" "registers no source"
  elif [ -n "$missing$broken" ]; then bad "$name" "missing:$missing; do not compile for the Cortex-M3:$broken ($(grep -m1 error "$work/cc.log"))"
  else echo "PASS $name: $n sources, each compiles for the Cortex-M3 with only the manifest's include dirs${4:+ ($4)}"; fi
}

# ---- ESP-IDF: the root CMakeLists.txt with IDF_TARGET set -------------------------------------
cat >"$work/idf.cmake" <<CM
set(IDF_TARGET esp32)
set(CONFIG_AIGW_PORT_MBEDTLS y)
set(CONFIG_AIGW_PORT_LWIP_SOCKETS y)
function(idf_component_register)
  cmake_parse_arguments(A "" "" "SRCS;INCLUDE_DIRS;REQUIRES" \${ARGN})
  foreach(s \${A_SRCS})
    get_filename_component(s "\${s}" ABSOLUTE)
    file(APPEND "$work/idf.srcs" "\${s}\n")
  endforeach()
  foreach(d \${A_INCLUDE_DIRS})
    file(APPEND "$work/idf.incs" "$root/\${d}\n")
  endforeach()
  file(WRITE "$work/idf.reqs" "\${A_REQUIRES}")
endfunction()
set(CMAKE_CURRENT_SOURCE_DIR "$root")
include("$root/CMakeLists.txt")
CM
: >"$work/idf.srcs"; : >"$work/idf.incs"
if cmake -P "$work/idf.cmake" >"$work/idf.log" 2>&1; then
  check_list esp_idf_component "$work/idf.srcs" "$work/idf.incs" "mbedTLS 2.28 and 3.6, lwIP sockets; REQUIRES $(cat "$work/idf.reqs")"
  grep -q 'aigw_lwip_sockets.c' "$work/idf.srcs" && grep -q 'aigw_tls.c' "$work/idf.srcs" ||
    bad esp_idf_component_ports "CONFIG_AIGW_PORT_* on, but the TLS or lwIP port is not registered"
else
  bad esp_idf_component "cmake -P with a stand-in idf_component_register failed: $(tail -3 "$work/idf.log")"
fi

# ---- Zephyr: zephyr/CMakeLists.txt, CONFIG_AIGW on, then off ---------------------------------
zephyr_run() { # $1 = y or empty
  cat >"$work/z.cmake" <<CM
set(CONFIG_AIGW $1)
set(CONFIG_AIGW_PORT_MBEDTLS y)
function(zephyr_library_named n)
  file(APPEND "$work/z.lib" "\${n}\n")
endfunction()
function(zephyr_library_sources)
  foreach(s \${ARGN})
    file(APPEND "$work/z.srcs" "\${s}\n")
  endforeach()
endfunction()
function(zephyr_include_directories)
  foreach(d \${ARGN})
    get_filename_component(d "\${d}" ABSOLUTE)
    file(APPEND "$work/z.incs" "\${d}\n")
  endforeach()
endfunction()
function(zephyr_library_link_libraries)
  file(APPEND "$work/z.links" "\${ARGN}\n")
endfunction()
include("$root/zephyr/CMakeLists.txt")
CM
  rm -f "$work"/z.*s "$work/z.lib" "$work/z.links"; : >"$work/z.srcs"; : >"$work/z.incs"
  cmake -P "$work/z.cmake" >"$work/z.log" 2>&1
}
if zephyr_run y; then
  check_list zephyr_module "$work/z.srcs" "$work/z.incs" "library $(cat "$work/z.lib" 2>/dev/null), links $(cat "$work/z.links" 2>/dev/null)"
else
  bad zephyr_module "cmake -P with stand-in zephyr_* functions failed: $(tail -3 "$work/z.log")"
fi
if zephyr_run "" && [ ! -s "$work/z.srcs" ]; then
  echo "PASS zephyr_module_off: CONFIG_AIGW unset adds nothing to the build"
else
  bad zephyr_module_off "CONFIG_AIGW unset still added: $(head -3 "$work/z.srcs" | tr '\n' ' ')"
fi

# ---- PlatformIO: srcFilter + build.flags ---------------------------------------------------------
python3 tests/integration/check_manifests.py "$root" --sources pio >"$work/pio.out"
grep -v '^FLAG ' "$work/pio.out" | sed "s|^\./|$root/|; s|^\([^/]\)|$root/\1|" >"$work/pio.srcs"
grep '^FLAG -I' "$work/pio.out" | sed "s|^FLAG -I *|$root/|" >"$work/pio.incs"
echo "$root/include" >>"$work/pio.incs" # build.includeDir
check_list platformio_library "$work/pio.srcs" "$work/pio.incs" "includeDir + build.flags"

# ---- the vendored jsmn.h is Debian's -------------------------------------------------------------
if [ -f /usr/include/jsmn.h ]; then
  cmp -s third_party/jsmn/jsmn.h /usr/include/jsmn.h &&
    echo "PASS jsmn_copy: third_party/jsmn/jsmn.h is byte-identical to libjsmn-dev's /usr/include/jsmn.h" ||
    bad jsmn_copy "third_party/jsmn/jsmn.h differs from /usr/include/jsmn.h"
fi
exit $fail
