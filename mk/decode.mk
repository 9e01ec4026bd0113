# JSON decoding (jsmn + RFC 8259 check, envelope/gateway/params decoders):
#   make decode-tests   build/decode/{test_decode,test_decode_json,test_decode_mem,
#                       test_decode_rmw,decode_json_batch}, ASan+UBSan
#   make decode-size    Cortex-M3 -Os text/data/bss of the decoder objects
# Run by tests/suites/25-decode.sh (gcc and clang). The decoder tests link
# only the decoder's own objects (plus enum names and error strings), so
# they do not depend on unrelated core files being mid-edit; the
# read-modify-write test needs the encoder and links the library for it.

DECODE_SRC := core/jsmn.c core/json_string.c core/json_check.c core/json_path.c core/json_parse.c \
              core/arena.c core/decode.c core/decode_params.c core/params_fields.c core/decode_gateway.c \
              core/http_date.c core/utf8.c \
              core/decode_envelope.c core/rfc3339.c
DECODE_DIR    := $(BUILD)/decode
DECODE_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
DECODE_CFLAGS := $(WARN) -O1 -g $(DECODE_SAN) $(CPPFLAGS_AIGW) -Itests/unit $(EXTRA_CFLAGS)
DECODE_OBJ    := $(patsubst %.c,$(DECODE_DIR)/obj/%.o,$(DECODE_SRC) core/enum.c core/error.c)
DECODE_TESTS  := test_decode test_decode_json test_decode_mem decode_json_batch
DECODE_BIN    := $(DECODE_TESTS:%=$(DECODE_DIR)/%) $(DECODE_DIR)/test_decode_rmw

.PHONY: decode-tests decode-size
decode-tests: $(DECODE_BIN)

$(DECODE_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(DECODE_CFLAGS) -MMD -MP -c $< -o $@

$(DECODE_DIR)/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(DECODE_CFLAGS) -MMD -MP -c $< -o $@

$(DECODE_TESTS:%=$(DECODE_DIR)/%): $(DECODE_DIR)/%: $(DECODE_DIR)/%.o $(DECODE_OBJ)
	$(CC) $(DECODE_CFLAGS) -o $@ $^

# The decoder's sanitized objects, and the encoder's (libaigw.a is one
# partially linked object: it cannot supply only what the objects lack).
DECODE_RMW_OBJ := $(sort $(DECODE_OBJ) $(patsubst %.c,$(DECODE_DIR)/obj/%.o,core/params_encode.c \
                    core/params_validate.c core/params_equal.c core/json_write.c core/field_path.c core/sink.c \
                    core/uri_format.c))
$(DECODE_DIR)/test_decode_rmw: $(DECODE_DIR)/test_decode_rmw.o $(DECODE_RMW_OBJ)
	$(CC) $(DECODE_CFLAGS) -o $@ $^

-include $(wildcard $(DECODE_DIR)/*.d $(DECODE_DIR)/obj/core/*.d)

# Footprint on a Cortex-M3 (same flags as make cross).
DECODE_SIZE_OBJ := $(DECODE_SRC:%.c=$(DECODE_DIR)/m3/%.o)
$(DECODE_DIR)/m3/%.o: %.c | $(CROSS_JSMN_INC)/jsmn.h
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(CROSS_CFLAGS) -c $< -o $@

decode-size: $(DECODE_SIZE_OBJ)
	@$(CROSS_SIZE) -t $(DECODE_SIZE_OBJ)
