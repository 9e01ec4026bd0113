# SPDX-License-Identifier: MIT
# The ESP-IDF component (ESP-IDF 5.x, mbedTLS 3.6 or 2.28 and lwIP as ESP-IDF
# ships them), included by the root CMakeLists.txt when IDF_TARGET is set.
# Options (root Kconfig, "aigw" menu in menuconfig):
#   CONFIG_AIGW_PORT_MBEDTLS        the TLS port (REQUIRES mbedtls)
#   CONFIG_AIGW_PORT_LWIP_SOCKETS   the stream port over lwIP sockets (REQUIRES lwip)
# jsmn.h comes from third_party/jsmn (no libjsmn-dev on a device toolchain).
# tests/suites/09-manifests.sh runs this file with a stand-in idf_component_register
# and compiles what it registers for the Cortex-M3.
set(AIGW_DIR "${CMAKE_CURRENT_LIST_DIR}/..")
include("${AIGW_DIR}/cmake/aigw-sources.cmake")

set(_aigw_srcs ${AIGW_CORE_SRCS})
set(_aigw_requires)
if(CONFIG_AIGW_PORT_MBEDTLS)
  list(APPEND _aigw_srcs ${AIGW_PORT_MBEDTLS_SRCS})
  list(APPEND _aigw_requires mbedtls)
endif()
if(CONFIG_AIGW_PORT_LWIP_SOCKETS)
  list(APPEND _aigw_srcs ${AIGW_PORT_LWIP_SOCKETS_SRCS})
  list(APPEND _aigw_requires lwip)
endif()

idf_component_register(SRCS ${_aigw_srcs}
                       INCLUDE_DIRS "include" "third_party/jsmn"
                       REQUIRES ${_aigw_requires})
