#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The TLS port against mbedTLS 3.6 LTS (issue 16): Debian 13 (trixie)'s source
# package, fetched the way tools/fetch-sources.sh fetches Debian 12's, built
# with its default configuration (TLS 1.2 and 1.3) plus the trusted-certificate
# callback (tests/port/mbedtls3/mbedtls3_user_config.h: the port then parses
# roots only while a chain needs them, AIGW_TLS_CA_CALLBACK), then every test of
# tests/suites/40-port.sh (CA table, POSIX port, TLS: verification, hostnames,
# resumption, heap, under valgrind too) run against it. Test names carry a
# "mbedtls3_" prefix.
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build
if ! bash tools/fetch-mbedtls3.sh >build/fetch-mbedtls3.log 2>&1; then
  tail -20 build/fetch-mbedtls3.log
  echo "FAIL mbedtls3_fetch: tools/fetch-mbedtls3.sh could not fetch trixie's mbedtls source package"
  exit 1
fi
ver=$(sed -n 's/^#define MBEDTLS_VERSION_STRING *"\(.*\)"/\1/p' .cache/src/mbedtls3/include/mbedtls/build_info.h)
case $ver in
  3.6.*) echo "PASS mbedtls3_fetch: mbedTLS $ver from Debian trixie's source package" ;;
  *) echo "FAIL mbedtls3_fetch: expected mbedTLS 3.6.x, got '$ver'"; exit 1 ;;
esac
if grep -q '^#define MBEDTLS_SSL_PROTO_TLS1_3$' .cache/src/mbedtls3/include/mbedtls/mbedtls_config.h; then
  echo "PASS mbedtls3_config_tls13: the build's configuration enables TLS 1.3 (MBEDTLS_SSL_PROTO_TLS1_3)"
else
  echo "FAIL mbedtls3_config_tls13: MBEDTLS_SSL_PROTO_TLS1_3 is not enabled in the default configuration"; exit 1
fi
AIGW_PORT_MAKE=port-mbedtls3 AIGW_PORT_BUILD=build/mbedtls3/aigw AIGW_PORT_MBEDTLS3=1 \
  bash tests/suites/40-port.sh 2>&1 | sed -E 's/^(PASS|FAIL) /\1 mbedtls3_/'
exit "${PIPESTATUS[0]}"
