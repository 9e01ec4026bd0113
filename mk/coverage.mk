# SPDX-License-Identifier: MIT
# Line and branch coverage of core/ (gcov + lcov), issue 14:
#   make coverage   builds core/ and its unit tests with --coverage -O0 into
#                   build/coverage/, runs the tests, prints a per-file table of
#                   line and branch coverage of core/ and the totals
#                   (build/coverage/core.info is the lcov trace)
#   COV_MIN_BRANCH=95 make coverage   also fails when core branch coverage is below 95 %
# tests/suites/15-coverage.sh runs it with the project's floor. Branches the
# tests cannot reach are excluded in the code with LCOV_EXCL_BR_* markers, each
# with its reason, and listed in docs/COVERAGE.md.
# Needs lcov (tools/deps/coverage.txt); lcov 1.16 counts branches only with
# --rc lcov_branch_coverage=1.

COV_DIR    := $(BUILD)/coverage
COV_FLAGS  ?= --coverage -O0 -g
COV_CFLAGS := $(WARN) $(COV_FLAGS) $(CPPFLAGS_AIGW) -Itests/unit $(EXTRA_CFLAGS)
COV_OBJ    := $(CORE_SRC:%.c=$(COV_DIR)/obj/%.o)
COV_LIB    := $(COV_DIR)/libaigw-cov.a
# the tests that run, and the arguments each needs
COV_TESTS  := test_strerror test_encode test_validate test_http_url test_http_request test_http_response \
              test_decode test_decode_json test_decode_mem test_decode_rmw test_client_unit test_core_edges \
              test_params_equal test_json_raw
COV_BIN    := $(COV_TESTS:%=$(COV_DIR)/%) $(COV_DIR)/decode_json_batch $(COV_DIR)/gen_roundtrip
COV_DATA   := tests/data/json
COV_LCOV   := lcov --quiet --rc lcov_branch_coverage=1
COV_MIN_BRANCH ?=

.PHONY: coverage coverage-build
coverage-build: $(COV_BIN)

$(COV_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(COV_CFLAGS) -MMD -MP -c $< -o $@

$(COV_LIB): $(COV_OBJ)
	rm -f $@ && ar rcs $@ $^

$(COV_DIR)/script_port.o: tests/unit/script_port.c
	@mkdir -p $(dir $@)
	$(CC) $(COV_CFLAGS) -MMD -MP -c $< -o $@

$(COV_DIR)/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(COV_CFLAGS) -MMD -MP -c $< -o $@

# the edge tests reach the field-path renderer through its internal header
$(COV_DIR)/test_core_edges.o $(COV_DIR)/test_params_equal.o $(COV_DIR)/test_json_raw.o: COV_CFLAGS += -Icore

$(COV_DIR)/test_client_unit: $(COV_DIR)/test_client_unit.o $(COV_DIR)/script_port.o $(COV_LIB)
	$(CC) $(COV_CFLAGS) -o $@ $^

$(filter-out %/test_client_unit,$(COV_BIN)): $(COV_DIR)/%: $(COV_DIR)/%.o $(COV_LIB)
	$(CC) $(COV_CFLAGS) -o $@ $^

-include $(wildcard $(COV_DIR)/*.d $(COV_DIR)/obj/core/*.d)

# Counters start from zero on every run; the tests run one after the other
# (they share the .gcda files). A failing test fails the target: coverage of
# a broken run means nothing.
coverage: $(COV_BIN)
	@command -v lcov >/dev/null || { echo "coverage: lcov missing: bash tools/deps.sh coverage" >&2; exit 1; }
	@find $(COV_DIR) -name '*.gcda' -delete
	@set -e; for t in $(COV_TESTS); do \
	  $(COV_DIR)/$$t $(COV_DATA) >$(COV_DIR)/$$t.log 2>&1 || { \
	    echo "coverage: $$t failed:" >&2; grep -v '^PASS ' $(COV_DIR)/$$t.log | head -20 >&2; exit 1; }; \
	done
	@# the seeded differential and round-trip checks of 10-core and 25-decode, smaller
	@python3 tests/decode/json_differential.py $(COV_DIR)/decode_json_batch 4000 1 >$(COV_DIR)/differential.log 2>&1 || { \
	  echo "coverage: json_differential failed:" >&2; grep -v '^PASS ' $(COV_DIR)/differential.log | head >&2; exit 1; }
	@$(COV_DIR)/gen_roundtrip 1000 20240601 >$(COV_DIR)/roundtrip.txt && \
	  python3 tests/py/check_roundtrip.py $(COV_DIR)/roundtrip.txt >$(COV_DIR)/roundtrip.log 2>&1 || { \
	  echo "coverage: round trip failed:" >&2; grep -v '^PASS ' $(COV_DIR)/roundtrip.log | head >&2; exit 1; }
	@# Debian's geninfo 1.16 warns "Subroutine ... redefined" on every run: keep lcov's chatter in a log
	@$(COV_LCOV) --capture --directory $(COV_DIR)/obj --base-directory $(CURDIR) \
	  --output-file $(COV_DIR)/all.info 2>$(COV_DIR)/lcov.log || { cat $(COV_DIR)/lcov.log >&2; exit 1; }
	@$(COV_LCOV) --extract $(COV_DIR)/all.info '$(CURDIR)/core/*' --output-file $(COV_DIR)/core.info \
	  2>>$(COV_DIR)/lcov.log || { cat $(COV_DIR)/lcov.log >&2; exit 1; }
	@python3 tools/coverage-report.py $(COV_DIR)/core.info $(if $(COV_MIN_BRANCH),--min-branch $(COV_MIN_BRANCH))
