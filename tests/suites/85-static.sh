#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Static analysis (issue 9): gcc -fanalyzer, clang-tidy (.clang-tidy) and cppcheck over
# core/, port/ and boards/linux, zero findings (suppressions in place, with reasons);
# each tool first has to find the planted bugs of tests/hardening/static_selftest.c.
# See tools/static-analysis.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
bash tools/deps.sh core static >/dev/null || { echo "FAIL static-deps: tools/deps.sh core static failed"; exit 1; }
bash tools/static-analysis.sh
