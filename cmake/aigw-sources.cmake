# SPDX-License-Identifier: MIT
# aigw-sources.cmake: aigw's source files and include directories for CMake
# builds (an ESP-IDF component, a Zephyr module, or a plain CMake project),
# the same lists as aigw.mk for Makefiles.
#
#   include(third_party/aigw/cmake/aigw-sources.cmake)
#
# sets (absolute paths):
#   AIGW_DIR                       the aigw tree (set it before the include to override)
#   AIGW_INCLUDE_DIRS              public headers: #include "aigw/aigw_client.h"
#   AIGW_CORE_SRCS                 the core: pure C99, no heap, no OS
#   AIGW_PORT_MBEDTLS_SRCS         TLS port (mbedTLS 2.28 or 3.6) over any stream port
#   AIGW_PORT_LWIP_RAW_SRCS        stream port, lwIP raw API (NO_SYS=1)
#   AIGW_PORT_LWIP_SOCKETS_SRCS    stream port, lwIP sockets (NO_SYS=0, RTOS)
#   AIGW_PORT_POSIX_SRCS           stream port, BSD sockets + OS entropy/clock (Linux, macOS)
#   AIGW_PORT_SRCS                 all of the ports
#   AIGW_JSMN_H                    the jsmn.h to use (default /usr/include/jsmn.h, Debian's libjsmn-dev,
#                                  else third_party/jsmn/jsmn.h)
# and functions:
#   aigw_jsmn_include_dir(<var>)   copy jsmn.h alone into the build tree and return that
#                                  directory (a cross compiler must not search the host's
#                                  /usr/include, whose libc headers would shadow the target's)
#   aigw_add_core_library(<name>)  a static library of the core, with the include
#                                  directories as PUBLIC usage requirements
# With AIGW_CORE_TARGET set ON before the include, the target aigw_core is created.
#
# ESP-IDF component (CMakeLists.txt of components/aigw):
#   include(${COMPONENT_DIR}/aigw/cmake/aigw-sources.cmake)
#   aigw_jsmn_include_dir(AIGW_JSMN_DIR)
#   idf_component_register(SRCS ${AIGW_CORE_SRCS} ${AIGW_PORT_MBEDTLS_SRCS} ${AIGW_PORT_LWIP_SOCKETS_SRCS}
#                          INCLUDE_DIRS ${AIGW_INCLUDE_DIRS} ${AIGW_JSMN_DIR}
#                          REQUIRES mbedtls lwip)
# Zephyr module (zephyr/CMakeLists.txt):
#   include(${CMAKE_CURRENT_LIST_DIR}/../cmake/aigw-sources.cmake)
#   aigw_jsmn_include_dir(AIGW_JSMN_DIR)
#   zephyr_library()
#   zephyr_library_sources(${AIGW_CORE_SRCS})
#   zephyr_include_directories(${AIGW_INCLUDE_DIRS} ${AIGW_JSMN_DIR})
#
# Configuration: add AIGW_CONFIG_FILE="my_aigw_config.h" to the compile
# definitions (see include/aigw/aigw_config.h and docs/PORTING.md).
# tests/suites/93-integration.sh builds an out-of-tree project with this file.

if(NOT DEFINED AIGW_DIR)
  get_filename_component(AIGW_DIR "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
endif()

if(NOT DEFINED AIGW_JSMN_H)
  if(EXISTS "/usr/include/jsmn.h")
    set(AIGW_JSMN_H "/usr/include/jsmn.h")
  else()
    # no libjsmn-dev (a machine with only an SDK or a cross toolchain): the
    # byte-identical copy in the tree (third_party/jsmn/README.md)
    set(AIGW_JSMN_H "${AIGW_DIR}/third_party/jsmn/jsmn.h")
  endif()
endif()

set(AIGW_INCLUDE_DIRS "${AIGW_DIR}/include")

set(AIGW_CORE_SRCS
  "${AIGW_DIR}/core/arena.c"
  "${AIGW_DIR}/core/client.c"
  "${AIGW_DIR}/core/decode.c"
  "${AIGW_DIR}/core/decode_envelope.c"
  "${AIGW_DIR}/core/decode_gateway.c"
  "${AIGW_DIR}/core/decode_params.c"
  "${AIGW_DIR}/core/enum.c"
  "${AIGW_DIR}/core/error.c"
  "${AIGW_DIR}/core/field_path.c"
  "${AIGW_DIR}/core/http_date.c"
  "${AIGW_DIR}/core/http_request.c"
  "${AIGW_DIR}/core/http_response.c"
  "${AIGW_DIR}/core/http_url.c"
  "${AIGW_DIR}/core/jsmn.c"
  "${AIGW_DIR}/core/json_check.c"
  "${AIGW_DIR}/core/json_parse.c"
  "${AIGW_DIR}/core/json_path.c"
  "${AIGW_DIR}/core/json_raw.c"
  "${AIGW_DIR}/core/json_string.c"
  "${AIGW_DIR}/core/json_write.c"
  "${AIGW_DIR}/core/params_encode.c"
  "${AIGW_DIR}/core/params_equal.c"
  "${AIGW_DIR}/core/params_path.c"
  "${AIGW_DIR}/core/params_validate.c"
  "${AIGW_DIR}/core/proxy_connect.c"
  "${AIGW_DIR}/core/rfc3339.c"
  "${AIGW_DIR}/core/schema_table.c"
  "${AIGW_DIR}/core/sink.c"
  "${AIGW_DIR}/core/uri_format.c"
  "${AIGW_DIR}/core/utf8.c")

set(AIGW_PORT_MBEDTLS_SRCS
  "${AIGW_DIR}/port/mbedtls/aigw_tls.c"
  "${AIGW_DIR}/port/mbedtls/aigw_tls_ca.c"
  "${AIGW_DIR}/port/mbedtls/aigw_tls_arena.c"
  "${AIGW_DIR}/port/mbedtls/aigw_cloudflare_ca.c")

set(AIGW_PORT_LWIP_RAW_SRCS "${AIGW_DIR}/port/lwip/aigw_lwip_raw.c")

set(AIGW_PORT_LWIP_SOCKETS_SRCS "${AIGW_DIR}/port/lwip/aigw_lwip_sockets.c")

set(AIGW_PORT_POSIX_SRCS
  "${AIGW_DIR}/port/posix/aigw_posix.c"
  "${AIGW_DIR}/port/posix/aigw_posix_entropy.c")

set(AIGW_PORT_SRCS ${AIGW_PORT_MBEDTLS_SRCS} ${AIGW_PORT_LWIP_RAW_SRCS}
  ${AIGW_PORT_LWIP_SOCKETS_SRCS} ${AIGW_PORT_POSIX_SRCS})

# Copy jsmn.h, and nothing else, into the build tree; <var> receives the directory.
function(aigw_jsmn_include_dir out_var)
  if(NOT EXISTS "${AIGW_JSMN_H}")
    message(FATAL_ERROR "aigw: jsmn.h not found at AIGW_JSMN_H=${AIGW_JSMN_H} "
                        "(Debian: apt-get install libjsmn-dev, or set AIGW_JSMN_H)")
  endif()
  set(dir "${CMAKE_BINARY_DIR}/aigw-jsmn-include")
  configure_file("${AIGW_JSMN_H}" "${dir}/jsmn.h" COPYONLY)
  set(${out_var} "${dir}" PARENT_SCOPE)
endfunction()

# A static library of the core; link it and the include directories come along.
function(aigw_add_core_library name)
  aigw_jsmn_include_dir(jsmn_dir)
  add_library(${name} STATIC ${AIGW_CORE_SRCS})
  # jsmn.h is for core/jsmn.c only: the public headers do not include it
  target_include_directories(${name} PUBLIC ${AIGW_INCLUDE_DIRS})
  target_include_directories(${name} PRIVATE "${jsmn_dir}")
  set_target_properties(${name} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
endfunction()

if(AIGW_CORE_TARGET AND NOT TARGET aigw_core)
  aigw_add_core_library(aigw_core)
endif()
