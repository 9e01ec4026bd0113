# SPDX-License-Identifier: MIT
# Unit tests of the HTTP CONNECT step and the parser's x-should-retry capture
# (tests/unit/test_proxy_connect.c, run by tests/suites/47-sdk-parity.sh):
#   make proxy-tests   build/tests/test_proxy_connect
PROXY_TEST_BIN := $(BUILD)/tests/test_proxy_connect

.PHONY: proxy-tests
proxy-tests: $(PROXY_TEST_BIN)

$(PROXY_TEST_BIN): tests/unit/test_proxy_connect.c tests/unit/aigw_test.h $(wildcard include/aigw/*.h) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) -Itests/unit $< $(LIB) -o $@
