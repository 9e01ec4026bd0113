#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Integration (issue 10): how other projects adopt aigw.
#  - aigw.mk and cmake/aigw-sources.cmake name every source of the tree, and the same ones;
#  - an out-of-tree Cortex-M3 firmware Makefile that includes aigw.mk builds and links;
#  - an out-of-tree CMake project that includes cmake/aigw-sources.cmake builds and runs
#    on the host (output checked) and builds for arm-none-eabi with a toolchain file;
#  - the root CMakeLists.txt installs a CMake package; a consumer project builds and runs with
#    it three ways: add_subdirectory, FetchContent from a local path, find_package;
#  - make install DESTDIR=... PREFIX=/usr, then a program built through pkg-config runs,
#    the installed aigw command runs, make uninstall removes every file;
#  - the memory budget table of docs/PORTING.md is what `make budget` measures now.
# Everything is built in a temporary directory outside the repository.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
fail=0
work=$(mktemp -d /tmp/aigw-integration.XXXXXX)
trap 'rm -rf "$work"' EXIT
jobs=$(nproc 2>/dev/null || echo 4)

if ! bash tools/deps.sh integration >"$work/deps.log" 2>&1; then
  echo "FAIL integration_deps: could not install tools/deps/integration.txt"; tail -5 "$work/deps.log"; exit 1
fi
for t in cmake pkg-config arm-none-eabi-gcc; do
  command -v $t >/dev/null || { echo "FAIL integration_deps: $t missing"; exit 1; }
done

# ---- 1. the file lists name exactly the sources in the tree -------------------------------------
want_core=$(cd "$root" && ls core/*.c | sort)
want_port=$(cd "$root" && ls port/*/*.c | sort)
strip() { tr ' ' '\n' | grep . | sed "s|^$root/||; s|^\./||" | sort; }
make_list() {
  printf 'include %s/aigw.mk\nall:\n\t@echo $(%s)\n' "$root" "$1" | make -s -f - all | strip
}
cmake_list() {
  printf 'include(%s/cmake/aigw-sources.cmake)\nstring(REPLACE ";" " " out "${%s}")\nmessage("${out}")\n' \
    "$root" "$1" >"$work/list.cmake"
  cmake -P "$work/list.cmake" 2>&1 | strip
}
check_lists() { # $1 name, $2 core list, $3 port list
  local extra_c missing_c extra_p missing_p
  missing_c=$(comm -23 <(echo "$want_core") <(echo "$2")); extra_c=$(comm -13 <(echo "$want_core") <(echo "$2"))
  missing_p=$(comm -23 <(echo "$want_port") <(echo "$3")); extra_p=$(comm -13 <(echo "$want_port") <(echo "$3"))
  if [ -z "$missing_c$extra_c$missing_p$extra_p" ]; then
    echo "PASS filelist_$1: $(echo "$2" | wc -l) core and $(echo "$3" | wc -l) port sources, as in the tree"
  else
    echo "FAIL filelist_$1: missing: $(echo $missing_c $missing_p) / not in the tree: $(echo $extra_c $extra_p)"; fail=1
  fi
}
check_lists aigw_mk "$(make_list AIGW_CORE_SRCS)" "$(make_list AIGW_PORT_SRCS)"
check_lists cmake "$(cmake_list AIGW_CORE_SRCS)" "$(cmake_list AIGW_PORT_SRCS)"
for v in AIGW_INCLUDE_DIRS AIGW_PORT_MBEDTLS_SRCS AIGW_PORT_LWIP_RAW_SRCS AIGW_PORT_LWIP_SOCKETS_SRCS AIGW_PORT_POSIX_SRCS; do
  a=$(make_list $v); b=$(cmake_list $v)
  if [ -z "$a" ] || [ "$a" != "$b" ]; then
    echo "FAIL filelist_same_$v: aigw.mk [$(echo $a)] vs cmake [$(echo $b)]"; fail=1
  fi
done
[ $fail = 0 ] && echo "PASS filelist_make_equals_cmake: every AIGW_* list is the same in aigw.mk and the CMake file"

# ---- 2. out-of-tree firmware Makefile (Cortex-M3, newlib-nano, --gc-sections) ------------------
oot=$work/oot-make
mkdir -p "$oot" && cp tests/integration/oot/app.c tests/integration/oot/Makefile "$oot/"
if make -C "$oot" -j"$jobs" AIGW_DIR="$root" >"$work/oot-make.log" 2>&1 && [ -f "$oot/build/app.elf" ]; then
  machine=$(readelf -h "$oot/build/app.elf" | awk -F: '/Machine/ {gsub(/^ +/, "", $2); print $2}')
  syms=$(arm-none-eabi-nm "$oot/build/app.elf")
  missing=""
  for s in aigw_params_validate aigw_params_to_json aigw_client_init aigw_gateway_update; do
    grep -q " T $s$" <<<"$syms" || missing="$missing $s"  # no pipe: grep -q closing early would SIGPIPE echo under pipefail
  done
  text=$(arm-none-eabi-size "$oot/build/app.elf" | awk 'NR == 2 {print $1}')
  if [ "$machine" = "ARM" ] && [ -z "$missing" ]; then
    echo "PASS oot_make_cortex_m3: aigw.mk + arm-none-eabi-gcc, app.elf links (ARM, text ${text} B with newlib-nano)"
  else
    echo "FAIL oot_make_cortex_m3: machine '$machine', missing symbols:$missing"; fail=1
  fi
else
  echo "FAIL oot_make_cortex_m3: build failed:"; grep -m10 -E 'error|Error|warning' "$work/oot-make.log"; fail=1
fi

# ---- 3. out-of-tree CMake project: host (run) and Cortex-M3 (toolchain file) -------------------
oot=$work/oot-cmake
mkdir -p "$oot" && cp tests/integration/oot/app.c tests/integration/oot/CMakeLists.txt \
  tests/integration/oot/arm-none-eabi.cmake "$oot/"
if (cmake -S "$oot" -B "$oot/host" -DAIGW_DIR="$root" && cmake --build "$oot/host" -j"$jobs") \
     >"$work/cmake-host.log" 2>&1; then
  out=$("$oot/host/app" 2>&1); rc=$?
  expect_body='body: {"cache_invalidate_on_update":true,"cache_ttl":300,"collect_logs":true,"rate_limiting_interval":null,"rate_limiting_limit":null}'
  if [ $rc = 0 ] && grep -qxF "$expect_body" <<<"$out" &&
     grep -qx 'update: ok status 200 id my-gateway cache_ttl 300' <<<"$out" &&
     grep -qx 'request: PUT /client/v4/accounts/3ebbcb006d4d46d7bb6a8c7f14676cb0/ai-gateway/gateways/my-gateway HTTP/1.1' <<<"$out" &&
     grep -q '^invalid: .* retry_delay maximum 5000$' <<<"$out"; then
    echo "PASS oot_cmake_host: aigw_core target built by CMake, app validated, encoded and updated over a replay port"
  else
    echo "FAIL oot_cmake_host: exit $rc, output:"; echo "$out" | head -10; fail=1
  fi
else
  echo "FAIL oot_cmake_host: configure/build failed:"; grep -m10 -iE 'error|warning' "$work/cmake-host.log"; fail=1
fi
if (cmake -S "$oot" -B "$oot/arm" -DAIGW_DIR="$root" -DCMAKE_TOOLCHAIN_FILE="$oot/arm-none-eabi.cmake" &&
    cmake --build "$oot/arm" -j"$jobs") >"$work/cmake-arm.log" 2>&1 &&
   [ "$(readelf -h "$oot/arm/app" 2>/dev/null | awk -F: '/Machine/ {gsub(/^ +/, "", $2); print $2}')" = ARM ]; then
  echo "PASS oot_cmake_cortex_m3: the same project with an arm-none-eabi toolchain file links for the Cortex-M3"
else
  echo "FAIL oot_cmake_cortex_m3:"; grep -m10 -iE 'error|warning' "$work/cmake-arm.log"; fail=1
fi

# ---- 3b. the CMake package: add_subdirectory, FetchContent (local path), find_package ----------
# One consumer project (tests/integration/cmake-consumer) links aigw::core (app, over a replay
# port) and aigw::port (pc_app: TLS init with the built-in roots, encode).
cons=$work/cmake-consumer
mkdir -p "$cons" && cp tests/integration/cmake-consumer/CMakeLists.txt tests/integration/oot/app.c \
  tests/integration/pc_app.c "$cons/"
consumer_ok() { # $1 build dir: both programs ran and said what they must
  local a p
  a=$("$1/app" 2>&1) && p=$("$1/pc_app" 2>&1) &&
    grep -qx 'update: ok status 200 id my-gateway cache_ttl 300' <<<"$a" &&
    grep -qx 'tls_init: ok, [0-9]* roots' <<<"$p" && grep -q '^encode: ok {' <<<"$p"
}
# the package installed by CMake itself, into a prefix outside the tree
if (cmake -S "$root" -B "$work/cm-aigw" -DCMAKE_INSTALL_PREFIX="$work/cm-prefix" -DAIGW_WERROR=ON &&
    cmake --build "$work/cm-aigw" -j"$jobs" && cmake --install "$work/cm-aigw") >"$work/cm-install.log" 2>&1; then
  echo "PASS cmake_install: the root CMakeLists.txt builds with -Werror and installs $(cd "$work/cm-prefix" && find . -type f | wc -l) files (lib/cmake/aigw/aigwConfig.cmake, libaigw.a, libaigw_port.a, headers)"
else
  echo "FAIL cmake_install:"; grep -m10 -iE 'error|warning' "$work/cm-install.log"; fail=1
fi
for how in subdir fetch find; do
  if (cmake -S "$cons" -B "$cons/b-$how" -DAIGW_HOW=$how -DAIGW_DIR="$root" -DCMAKE_PREFIX_PATH="$work/cm-prefix" &&
      cmake --build "$cons/b-$how" -j"$jobs") >"$work/cm-$how.log" 2>&1 && consumer_ok "$cons/b-$how"; then
    case $how in
      subdir) what="add_subdirectory(aigw)" ;;
      fetch) what="FetchContent_Declare(aigw SOURCE_DIR ...) + FetchContent_MakeAvailable" ;;
      find) what="find_package(aigw 0.1 CONFIG COMPONENTS core port) from the installed prefix" ;;
    esac
    echo "PASS cmake_consumer_$how: $what; app (aigw::core) updated over a replay port, pc_app (aigw::port) ran TLS init"
  else
    echo "FAIL cmake_consumer_$how:"; grep -m10 -iE 'error|warning' "$work/cm-$how.log"; fail=1
  fi
done
# find_package must refuse an incompatible version rather than link the wrong one
sed 's/find_package(aigw 0.1 /find_package(aigw 9.0 /' "$cons/CMakeLists.txt" >"$work/badver.txt"
mkdir -p "$work/badver" && cp "$work/badver.txt" "$work/badver/CMakeLists.txt" && cp "$cons"/*.c "$work/badver/"
if cmake -S "$work/badver" -B "$work/badver/b" -DAIGW_HOW=find -DCMAKE_PREFIX_PATH="$work/cm-prefix" >"$work/badver.log" 2>&1; then
  echo "FAIL cmake_find_version: find_package(aigw 9.0) accepted the installed $(sed -n 's/^#define AIGW_VERSION_STRING "\(.*\)"/\1/p' include/aigw/aigw_version.h)"; fail=1
elif grep -q 'compatible' "$work/badver.log" && grep -q 'aigwConfig.cmake, version: ' "$work/badver.log"; then
  echo "PASS cmake_find_version: find_package(aigw 9.0) refuses the installed version (aigwConfigVersion.cmake: SameMinorVersion)"
else
  echo "FAIL cmake_find_version: failed for another reason:"; grep -m5 -i error "$work/badver.log"; fail=1
fi

# ---- 4. make install / pkg-config / uninstall ---------------------------------------------------
dest=$work/dest
if make -s -j"$jobs" install DESTDIR="$dest" PREFIX=/usr BUILD="$work/build" >"$work/install.log" 2>&1; then
  missing=""
  for f in usr/lib/libaigw.a usr/lib/libaigw_port.a usr/bin/aigw usr/lib/pkgconfig/aigw.pc \
           $(cd include && ls aigw/*.h | sed 's|^|usr/include/|'); do
    [ -f "$dest/$f" ] || missing="$missing $f"
  done
  [ -x "$dest/usr/bin/aigw" ] || missing="$missing (aigw not executable)"
  if [ -z "$missing" ]; then
    echo "PASS install_layout: $(cd "$dest" && find . -type f | wc -l) files under DESTDIR/usr (libs, headers, aigw, aigw.pc)"
  else
    echo "FAIL install_layout: missing$missing"; fail=1
  fi
  flags=$(PKG_CONFIG_PATH="$dest/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest" pkg-config --cflags --libs aigw 2>&1)
  # build in a directory of its own, so nothing of the source tree is on the include path
  mkdir -p "$work/pc" && cp tests/integration/pc_app.c "$work/pc/"
  if (cd "$work/pc" && cc -std=c99 -Wall -Wextra -Werror pc_app.c $flags -o pc_app) >"$work/pc.log" 2>&1; then
    out=$("$work/pc/pc_app" 2>&1); rc=$?
    if [ $rc = 0 ] && grep -qx 'tls_init: ok, [0-9]* roots' <<<"$out" &&
       grep -qxF 'encode: ok {"cache_invalidate_on_update":false,"cache_ttl":60,"collect_logs":true,"rate_limiting_interval":null,"rate_limiting_limit":null,"retry_backoff":"linear"}' <<<"$out" &&
       grep -qx 'small buffer: output buffer too small, needed 153' <<<"$out"; then
      echo "PASS install_pkgconfig_program: built with \`pkg-config --cflags --libs aigw\` ($flags) and ran"
    else
      echo "FAIL install_pkgconfig_program: exit $rc:"; echo "$out"; fail=1
    fi
  else
    echo "FAIL install_pkgconfig_program: could not build with '$flags':"; head -10 "$work/pc.log"; fail=1
  fi
  if grep -qF -e "$work" -e "$root" "$dest/usr/lib/pkgconfig/aigw.pc"; then
    echo "FAIL install_pc_paths: aigw.pc names the build or staging directory"; fail=1
  elif grep -qx 'prefix=/usr' "$dest/usr/lib/pkgconfig/aigw.pc"; then
    echo "PASS install_pc_paths: aigw.pc names the final prefix (/usr), not DESTDIR"
  else
    echo "FAIL install_pc_paths: no prefix=/usr in aigw.pc"; fail=1
  fi
  v=$("$dest/usr/bin/aigw" --version 2>&1)
  "$dest/usr/bin/aigw" >/dev/null 2>&1; rc=$?
  if grep -q '^aigw [0-9]' <<<"$v" && [ $rc = 2 ]; then
    echo "PASS install_command: installed aigw runs ($v; no arguments: usage, exit 2)"
  else
    echo "FAIL install_command: --version '$v', no-argument exit $rc"; fail=1
  fi
  if make -s uninstall DESTDIR="$dest" PREFIX=/usr BUILD="$work/build" >"$work/uninstall.log" 2>&1 &&
     [ -z "$(find "$dest" -type f)" ]; then
    echo "PASS uninstall: make uninstall removed every installed file"
  else
    echo "FAIL uninstall: left $(find "$dest" -type f | head -5 | tr '\n' ' ')"; fail=1
  fi
else
  echo "FAIL install_layout: make install failed:"; tail -10 "$work/install.log"; fail=1
fi

# ---- 5. the memory budget table in docs/PORTING.md is today's measurement ----------------------
if make -s budget BUILD="$work/build" >"$work/budget.txt" 2>"$work/budget.err"; then
  stale=""
  while IFS= read -r line; do
    case "$line" in "| "*) grep -qxF "$line" docs/PORTING.md || stale="$stale
  $line" ;; esac
  done <"$work/budget.txt"
  if [ -z "$stale" ]; then
    echo "PASS budget_table_current: $(( $(grep -c '^| ' "$work/budget.txt") - 2 )) measured rows, all as in docs/PORTING.md"
  else
    echo "FAIL budget_table_current: docs/PORTING.md lacks these measured rows (update the table):$stale"; fail=1
  fi
else
  echo "FAIL budget_table_current: make budget failed:"; cat "$work/budget.err" | head -10; fail=1
fi

exit $fail
