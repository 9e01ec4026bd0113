# SPDX-License-Identifier: MIT
# Integration (issue 10): memory budget of the caller's buffers.
#   make budget   build/integration/budget, then the table of body bytes, jsmn
#                 tokens and arena bytes one call needs for the API page's
#                 example answer, a large realistic answer and a 400, measured
#                 through the client's own diag.needed (docs/PORTING.md)
# The out-of-tree builds (aigw.mk, cmake/aigw-sources.cmake) and make install
# are exercised by tests/suites/93-integration.sh.

INTEG_DIR    := $(BUILD)/integration
BUDGET_BIN   := $(INTEG_DIR)/budget
BUDGET_ARGS  = "200:tests/data/json/api_example.json:API page example (pretty-printed, as on the page)" \
               "200:$(INTEG_DIR)/api_example.compact.json:API page example (compact)" \
               "200:tests/integration/data/realistic.json:realistic: 5 otel, 20 DLP policies, PEM key, newer members" \
               "400:tests/data/json/err_400_7001.json:400 input validation error (2 errors with paths)"

.PHONY: budget
budget: $(BUDGET_BIN) $(INTEG_DIR)/api_example.compact.json
	@$(BUDGET_BIN) $(BUDGET_ARGS)

$(BUDGET_BIN): tests/integration/budget.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) -MMD -MP $< -o $@ $(LIB)

$(INTEG_DIR)/api_example.compact.json: tests/data/json/api_example.json
	@mkdir -p $(dir $@)
	python3 -c 'import json,sys; sys.stdout.write(json.dumps(json.load(open(sys.argv[1])), separators=(",", ":")))' $< >$@

-include $(BUDGET_BIN).d
