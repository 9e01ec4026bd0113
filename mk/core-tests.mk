# SPDX-License-Identifier: MIT
# Core unit tests (run by tests/suites/10-core.sh):
#   make core-tests   build/tests/{test_encode,test_validate,test_relaxed,
#                     readme_example,gen_roundtrip,print_example}
# test_relaxed links a copy of the validator and of the schema table (which
# holds the AIGW_MAX_* limits) built with AIGW_RELAXED_RANGES=1 and small
# AIGW_MAX_* (tests/unit/relaxed_config.h), with the core's other objects.

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
# the compile-time maxima (AIGW_MAX_*) live in the generated table: it too
# is built with the relaxed config
$(CORE_TEST_DIR)/relaxed/schema_table.o: core/schema_table.c tests/unit/relaxed_config.h
	@mkdir -p $(dir $@)
	$(CC) $(CORE_TEST_CFLAGS) -DAIGW_CONFIG_FILE='"relaxed_config.h"' -MMD -MP -c $< -o $@

# The relaxed validator replaces the library's: link the core's objects, not
# libaigw.a (one partially linked object, which would bring its own validator).
$(CORE_TEST_DIR)/test_relaxed: $(CORE_TEST_DIR)/test_relaxed.o \
                               $(CORE_TEST_DIR)/relaxed/params_validate.o \
                               $(CORE_TEST_DIR)/relaxed/schema_table.o \
                               $(filter-out %/params_validate.o %/schema_table.o,$(CORE_OBJ))
	$(CC) $(CORE_TEST_CFLAGS) -o $@ $^

$(filter-out %/test_relaxed,$(CORE_TEST_BINS)): $(CORE_TEST_DIR)/%: $(CORE_TEST_DIR)/%.o $(LIB)
	$(CC) $(CORE_TEST_CFLAGS) -o $@ $^

# test_validate again with the validator enforcing each older schema the
# build supports (AIGW_SCHEMA_VERSION, include/aigw/aigw_config.h; the
# default is the newest): a build switch, not an edit. The switch reaches
# the validator and the generated table (presence rules per version).
SCHEMA_OLDER := 0 20260701
SCHEMA_VDIR  := $(CORE_TEST_DIR)/schema-v
$(SCHEMA_VDIR)%/tests/unit/test_validate.o $(SCHEMA_VDIR)%/core/params_validate.o $(SCHEMA_VDIR)%/core/schema_table.o: \
		mk/core-tests.mk
$(SCHEMA_VDIR)%/tests/unit/test_validate.o: tests/unit/test_validate.c
	@mkdir -p $(dir $@)
	$(CC) $(CORE_TEST_CFLAGS) -DAIGW_SCHEMA_VERSION=$* -MMD -MP -c $< -o $@
$(SCHEMA_VDIR)%/core/params_validate.o: core/params_validate.c
	@mkdir -p $(dir $@)
	$(CC) $(CORE_TEST_CFLAGS) -DAIGW_SCHEMA_VERSION=$* -MMD -MP -c $< -o $@
$(SCHEMA_VDIR)%/core/schema_table.o: core/schema_table.c
	@mkdir -p $(dir $@)
	$(CC) $(CORE_TEST_CFLAGS) -DAIGW_SCHEMA_VERSION=$* -MMD -MP -c $< -o $@
$(CORE_TEST_DIR)/test_validate_v%: $(SCHEMA_VDIR)%/tests/unit/test_validate.o $(SCHEMA_VDIR)%/core/params_validate.o \
                                   $(SCHEMA_VDIR)%/core/schema_table.o \
                                   $(filter-out %/params_validate.o %/schema_table.o,$(CORE_OBJ))
	$(CC) $(CORE_TEST_CFLAGS) -o $@ $^
core-tests: $(SCHEMA_OLDER:%=$(CORE_TEST_DIR)/test_validate_v%)

-include $(wildcard $(CORE_TEST_OBJS:.o=.d) $(CORE_TEST_DIR)/relaxed/*.d) $(wildcard $(SCHEMA_VDIR)*/*/*.d $(SCHEMA_VDIR)*/*/*/*.d)

$(CORE_TEST_DIR)/test_relaxed.o: CORE_TEST_CFLAGS += -DAIGW_CONFIG_FILE='"relaxed_config.h"'

# aigw_json_raw_check (core/json_raw.h, internal): linked against the core's
# objects, whose hidden symbols libaigw.a localizes
$(CORE_TEST_DIR)/test_json_raw.o: tests/unit/test_json_raw.c
	@mkdir -p $(dir $@)
	$(CC) $(CORE_TEST_CFLAGS) -Icore -MMD -MP -c $< -o $@
$(CORE_TEST_DIR)/test_json_raw: $(CORE_TEST_DIR)/test_json_raw.o $(CORE_OBJ)
	$(CC) $(CORE_TEST_CFLAGS) -o $@ $^
core-tests: $(CORE_TEST_DIR)/test_json_raw
-include $(wildcard $(CORE_TEST_DIR)/test_json_raw.d)

# host tool for the "format uri" differential test (tests/suites/11-core-uri.sh)
$(CORE_TEST_DIR)/uri_check: tests/unit/uri_check.c core/uri_format.c core/uri_format.h
	@mkdir -p $(dir $@)
	$(CC) $(CORE_TEST_CFLAGS) -Icore -o $@ tests/unit/uri_check.c core/uri_format.c
