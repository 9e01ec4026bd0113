# SPDX-License-Identifier: MIT
# Client integration tests (tests/suites/45-client.sh): build/tests/client/client_probe
CLIENT_PROBE := $(BUILD)/tests/client/client_probe
.PHONY: client-tests
client-tests: $(CLIENT_PROBE)
$(CLIENT_PROBE): tests/client/client_probe.c $(PORT_LIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) -MMD -MP $< -o $@ $(PORT_LIB) $(LIB) $(PORT_LDLIBS)
-include $(CLIENT_PROBE).d
