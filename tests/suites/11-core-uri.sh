#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# "format uri" (otel[].url) agrees with the referee used by the conformance
# tests: ajv-formats as pinned by Prism (tests/conformance, installed by its
# install.sh, which fails loudly when it cannot install). A differential
# test over 200k seeded strings, plus a self-test that a deliberately
# different checker is caught.
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build/logs build/tests
fail=0

if ! make -s build/tests/uri_check >build/logs/11-core-uri-build.log 2>&1; then
  echo "FAIL uri_check_build: see build/logs/11-core-uri-build.log"; exit 1
fi
if ! bash tests/conformance/install.sh >build/logs/11-core-uri-install.log 2>&1; then
  echo "FAIL uri_vs_ajv: cannot install the referee (tests/conformance/install.sh)"
  tail -5 build/logs/11-core-uri-install.log; exit 1
fi
MODS=tests/conformance/node_modules
node tests/js/core_uri_vs_ajv.js "$PWD/build/tests/uri_check" "$PWD/$MODS" 200000 || fail=1

# self-test: a checker that flips every 97th verdict must be caught
W=$(mktemp -d build/tests/uri-run.XXXXXX)
trap 'rm -rf "$W"' EXIT
cat >"$W/uri_check_wrong.sh" <<SH
#!/usr/bin/env bash
"$PWD/build/tests/uri_check" | awk 'NR % 97 == 0 { print 1 - \$1; next } { print }'
SH
chmod +x "$W/uri_check_wrong.sh"
if node tests/js/core_uri_vs_ajv.js "$PWD/$W/uri_check_wrong.sh" "$PWD/$MODS" 20000 >/dev/null; then
  echo "FAIL uri_vs_ajv_selftest: a wrong checker was not caught"; fail=1
else
  echo "PASS uri_vs_ajv_selftest: a checker differing on 1% of strings is caught"
fi
exit $fail
