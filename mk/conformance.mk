# SPDX-License-Identifier: MIT
# Conformance with the official OpenAPI schema (Prism) and with Cloudflare's
# official TypeScript SDK (issue 7). See tests/conformance/conform.py.
#   make conformance          run the suite (installs node/npm + the pinned
#                             referees when missing), prints PASS/FAIL lines
#   make conformance-driver   only build the aigw side, build/conformance/aigw_conform
# Artifacts: build/conformance/ (parameter sets, logs, recorded requests,
# sdk-request.txt for the benchmark).

CONF_BUILD := $(BUILD)/conformance
CONF_BIN   := $(CONF_BUILD)/aigw_conform
CONF_PORT_OBJ := $(BUILD)/port/posix/aigw_posix.o

.PHONY: conformance conformance-driver
conformance-driver: $(CONF_BIN)

$(CONF_BIN): tests/conformance/aigw_conform.c $(CONF_PORT_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) -MMD -MP $< -o $@ $(CONF_PORT_OBJ) $(LIB)

conformance:
	bash tests/suites/70-conformance.sh

-include $(CONF_BIN).d
