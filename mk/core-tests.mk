# SPDX-License-Identifier: MIT
# Core unit tests (run by tests/suites/10-core.sh):
#   make core-tests   build/tests/{test_encode,test_validate,test_relaxed,
#                     readme_example,gen_roundtrip,print_example}
# test_relaxed links a copy of the validator built with AIGW_RELAXED_RANGES=1
# and small AIGW_MAX_* (tests/unit/relaxed_config.h); its objects come
# first on the link line, so the library's strict validator is not pulled in.

CORE_TEST_DIR  := $(BUILD)/tests
CORE_TEST_CFLAGS := $(CFLAGS_AIGW) -Itests/unit
# CORE_TEST_NAMES (the unit tests of make check) is defined in the top Makefile
CORE_TEST_BINS := $(addprefix $(CORE_TEST_DIR)/,$(CORE_TEST_NAMES) readme_example gen_roundtrip print_example)

.PHONY: core-tests
core-tests: $(CORE_TEST_BINS)

# static pattern rules: only our own binaries, so other areas' rules for
# files under build/tests/ are never shadowed
CORE_TEST_OBJS := $(CORE_TEST_BINS:%=%.o)
$(CORE_TEST_OBJS): $(CORE_TEST_DIR)/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CORE_TEST_CFLAGS) -MMD -MP -c $< -o $@

$(CORE_TEST_DIR)/relaxed/params_validate.o: core/params_validate.c tests/unit/relaxed_config.h
	@mkdir -p $(dir $@)
	$(CC) $(CORE_TEST_CFLAGS) -DAIGW_CONFIG_FILE='"relaxed_config.h"' -MMD -MP -c $< -o $@

# The relaxed validator replaces the library's: link the core's objects, not
# libaigw.a (one partially linked object, which would bring its own validator).
$(CORE_TEST_DIR)/test_relaxed: $(CORE_TEST_DIR)/test_relaxed.o \
                               $(CORE_TEST_DIR)/relaxed/params_validate.o \
                               $(filter-out %/params_validate.o,$(CORE_OBJ))
	$(CC) $(CORE_TEST_CFLAGS) -o $@ $^

$(filter-out %/test_relaxed,$(CORE_TEST_BINS)): $(CORE_TEST_DIR)/%: $(CORE_TEST_DIR)/%.o $(LIB)
	$(CC) $(CORE_TEST_CFLAGS) -o $@ $^

# test_validate again with the validator enforcing the 2026-08-17 schema
# (AIGW_SCHEMA_VERSION, include/aigw/aigw_config.h): a build switch, not an edit.
V0817 := $(CORE_TEST_DIR)/v20260817
$(V0817)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CORE_TEST_CFLAGS) -DAIGW_SCHEMA_VERSION=20260817 -MMD -MP -c $< -o $@
$(CORE_TEST_DIR)/test_validate_20260817: $(V0817)/tests/unit/test_validate.o $(V0817)/core/params_validate.o \
                                         $(filter-out %/params_validate.o,$(CORE_OBJ))
	$(CC) $(CORE_TEST_CFLAGS) -o $@ $^
core-tests: $(CORE_TEST_DIR)/test_validate_20260817

-include $(wildcard $(CORE_TEST_OBJS:.o=.d) $(CORE_TEST_DIR)/relaxed/*.d) $(wildcard $(V0817)/*/*.d $(V0817)/*/*/*.d)

$(CORE_TEST_DIR)/test_relaxed.o: CORE_TEST_CFLAGS += -DAIGW_CONFIG_FILE='"relaxed_config.h"'

# host tool for the "format uri" differential test (tests/suites/11-core-uri.sh)
$(CORE_TEST_DIR)/uri_check: tests/unit/uri_check.c core/uri_format.c core/uri_format.h
	@mkdir -p $(dir $@)
	$(CC) $(CORE_TEST_CFLAGS) -Icore -o $@ tests/unit/uri_check.c core/uri_format.c
