# SPDX-License-Identifier: MIT
# JSON decoding (jsmn + RFC 8259 check, envelope/gateway/params decoders):
#   make decode-tests   build/tests/{test_decode,test_decode_json,test_decode_mem,
#                       test_decode_rmw,decode_json_batch}, linked against the core
#                       library like every core test (make check; SAN=1 for ASan+UBSan)
#   make decode-size    Cortex-M3 -Os text/data/bss of the decoder objects
# Run by tests/suites/25-decode.sh (gcc, clang, SAN=1).

DECODE_SRC := core/jsmn.c core/json_string.c core/json_check.c core/json_path.c core/json_parse.c \
              core/arena.c core/decode.c core/decode_params.c core/schema_table.c core/decode_gateway.c \
              core/http_date.c core/utf8.c \
              core/decode_envelope.c core/rfc3339.c
DECODE_DIR    := $(BUILD)/decode
# the test names are defined in the top Makefile
DECODE_BIN    := $(DECODE_TESTS:%=$(BUILD)/tests/%) $(BUILD)/tests/decode_json_batch

.PHONY: decode-tests decode-size
decode-tests: $(DECODE_BIN)

$(DECODE_BIN): $(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) -Itests/unit -MMD -MP $< $(LIB) -o $@

-include $(wildcard $(DECODE_BIN:=.d))

# Footprint on a Cortex-M3 (same flags as make cross).
DECODE_SIZE_OBJ := $(DECODE_SRC:%.c=$(DECODE_DIR)/m3/%.o)
$(DECODE_DIR)/m3/%.o: %.c | $(CROSS_JSMN_INC)/jsmn.h
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(CROSS_CFLAGS) -c $< -o $@

decode-size: $(DECODE_SIZE_OBJ)
	@$(CROSS_SIZE) -t $(DECODE_SIZE_OBJ)
