# SPDX-License-Identifier: MIT
# The core's own tests, one command, one build:
#   make check          unit (model, validator, encoder), HTTP and decode tests,
#                       each linked against $(LIB) (build/libaigw.a), then run
#   make check SAN=1    the same tests and library built with ASan+UBSan into
#                       build/san (a build variant: see SAN in the top Makefile)
#   make check-build    only build them
# Each test prints its own PASS/FAIL lines; tests/run-tests.sh adds one
# line per program and the totals. The suites 10-core, 20-http, 25-decode
# and 81-sanitizers run these same binaries (plus their checkers).
# (CORE_TEST_NAMES, HTTP_TEST_NAMES, DECODE_TESTS: the top Makefile)
CHECK_NAMES  := $(CORE_TEST_NAMES) $(HTTP_TEST_NAMES) $(DECODE_TESTS)
CHECK_BIN    := $(CHECK_NAMES:%=$(BUILD)/tests/%)
CHECK_DATA   := tests/data/json

.PHONY: check check-build
check-build: $(CHECK_BIN)

check: check-build
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  bash tests/run-tests.sh $(CHECK_DATA) $(CHECK_BIN)
