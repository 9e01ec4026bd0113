#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run the existing client or command integration tests with another binary:
the ASan+UBSan build (build/hardening/asan/...) or the normal build under
valgrind memcheck. The tests themselves are the owners' (tests/client/test_client.py,
tests/cli/test_cli.py), imported unchanged; only the path of the program they start
is swapped and their PASS/FAIL names get a prefix.

  run_under.py client|cli --prefix NAME (--binary PATH | --valgrind PATH) [scenario-substring ...]

A sanitizer report makes the program exit 99 (ASAN_OPTIONS/UBSAN_OPTIONS set here),
as does a valgrind error (--error-exitcode=99): the probe's runner raises on it and
the command's tests see a wrong exit code, so either way the test fails.
"""
import argparse
import importlib
import os
import stat
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

ap = argparse.ArgumentParser()
ap.add_argument("which", choices=("client", "cli"))
ap.add_argument("--prefix", required=True)
g = ap.add_mutually_exclusive_group(required=True)
g.add_argument("--binary")
g.add_argument("--valgrind")
ap.add_argument("filters", nargs="*")
a = ap.parse_intermixed_args()

os.environ["ASAN_OPTIONS"] = "exitcode=99:detect_leaks=1:abort_on_error=0"
os.environ["UBSAN_OPTIONS"] = "exitcode=99:print_stacktrace=1:halt_on_error=1"
binary = a.binary
if a.valgrind:
    # a wrapper script, so the tests' own command lines stay as they are
    fd, binary = tempfile.mkstemp(prefix="aigw-vg-", suffix=".sh")
    with os.fdopen(fd, "w") as f:
        f.write("#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full "
                "--errors-for-leak-kinds=definite,indirect,possible %s \"$@\"\n" % os.path.abspath(a.valgrind))
    os.chmod(binary, stat.S_IRWXU)
binary = os.path.abspath(binary)
if not os.access(binary, os.X_OK):
    print(f"FAIL {a.prefix}/{a.which}: {binary} is not an executable")
    sys.exit(1)

sys.argv = [sys.argv[0]] + a.filters  # the modules read their filters from argv
sys.path.insert(0, os.path.join(ROOT, "tests", a.which))
mod = importlib.import_module("test_client" if a.which == "client" else "test_cli")
if a.which == "client":
    mod.PROBE = binary
else:
    mod.AIGW = binary
orig = mod.report
mod.report = lambda name, *rest: orig(f"{a.prefix}/{name}", *rest)
try:
    rc = mod.main()
finally:
    if a.valgrind:
        os.unlink(binary)
sys.exit(rc)
