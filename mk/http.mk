# HTTP core unit tests (core/http_*.c): base URL, request head, response parser.
#   make http-tests     build/tests/test_http_{url,request,response}
# Run by tests/suites/20-http.sh (also with CC=clang into build/clang).
# The tests link only the objects they exercise (plus sink and error names),
# so they do not depend on unrelated core files being mid-edit.

HTTP_TEST_NAMES := test_http_url test_http_request test_http_response
HTTP_TEST_BIN   := $(HTTP_TEST_NAMES:%=$(BUILD)/tests/%)
HTTP_CORE_OBJ   := $(patsubst %.c,$(BUILD)/%.o,$(wildcard core/http_*.c) core/sink.c core/error.c)

.PHONY: http-tests http-objs
http-tests: $(HTTP_TEST_BIN)
http-objs: $(HTTP_CORE_OBJ)

$(BUILD)/tests/test_http_%: tests/unit/test_http_%.c tests/unit/aigw_test.h $(wildcard include/aigw/*.h) $(HTTP_CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) -Itests/unit $< $(HTTP_CORE_OBJ) -o $@
