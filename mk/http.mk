# SPDX-License-Identifier: MIT
# HTTP core unit tests (core/http_*.c): base URL, request head, response parser.
#   make http-tests     build/tests/test_http_{url,request,response}
# Part of make check (mk/check.mk), linked against the core library like every
# core test; run by tests/suites/20-http.sh (gcc, clang, SAN=1).

# the test names are defined in the top Makefile
HTTP_TEST_BIN   := $(HTTP_TEST_NAMES:%=$(BUILD)/tests/%)

.PHONY: http-tests
http-tests: $(HTTP_TEST_BIN)

$(HTTP_TEST_BIN): $(BUILD)/tests/%: tests/unit/%.c tests/unit/aigw_test.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) -Itests/unit -MMD -MP $< $(LIB) -o $@

-include $(wildcard $(HTTP_TEST_BIN:=.d))
