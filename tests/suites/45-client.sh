#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Client integration: core/client.c over the POSIX + mbedTLS ports against the
# endpoint emulator (OpenSSL), every scenario of issue 4; then a subset again
# under valgrind memcheck (leaks and invalid accesses fail the test).
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh core port emulator >/dev/null || exit 1
make -s client-tests || { echo "FAIL client/build"; exit 1; }
rc=0
python3 tests/client/test_client.py || rc=1
# stale bytes after a complete answer never become an answer (scripted server, POSIX and TLS)
python3 tests/client/test_stale.py --probe build/tests/client/client_probe || rc=1
python3 tests/client/test_client.py --valgrind success_put reset_mid_body idle_keepalive \
    connection_close_honoured deadline_mid_body tls_expired html_502 too_few_tokens || rc=1
exit $rc
