# SPDX-License-Identifier: MIT
# Conformance with the official OpenAPI schema (Prism) and with Cloudflare's
# official TypeScript SDK (issue 7), on every schema version the build
# supports. See tests/conformance/conform.py.
#   make conformance          run the suite (installs node/npm + the pinned
#                             referees when missing), prints PASS/FAIL lines
#   make conformance-driver   only build the aigw side: one driver per schema
#                             version, build/conformance/v<V>/aigw_conform
# Each driver links a core compiled from every core source with
# -DAIGW_SCHEMA_VERSION=V into its own directory (the validator and the
# descriptor table depend on it; the rest is built again there too, so no
# object of one version can end up in another's library).
# Artifacts: build/conformance/ (per version: parameter sets, Prism logs;
# sdk-request.txt for the benchmark).

CONF_BUILD := $(BUILD)/conformance
# tools/gen_schema.py's VERSIONS (conform.py fails when one has no driver)
CONF_VERSIONS := 0 20260701 20260817
CONF_PORT_OBJ := $(BUILD)/port/posix/aigw_posix.o
CONF_DRIVERS  := $(CONF_VERSIONS:%=$(CONF_BUILD)/v%/aigw_conform)

.PHONY: conformance conformance-driver
conformance-driver: $(CONF_DRIVERS)

# CONF_VERSION_RULES(version): the core, its library and the driver for one version
define CONF_VERSION_RULES
CONF_OBJ_$(1) := $$(CORE_SRC:%.c=$$(CONF_BUILD)/v$(1)/%.o)

$$(CONF_BUILD)/v$(1)/core/%.o: core/%.c Makefile mk/conformance.mk
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS_AIGW) -fvisibility=hidden -DAIGW_SCHEMA_VERSION=$(1) -MMD -MP -c $$< -o $$@

$$(CONF_BUILD)/v$(1)/libaigw.a: $$(CONF_OBJ_$(1))
	$$(call AIGW_LOCALIZE,$$(CC),$$(OBJCOPY),ar,$$@,$$^)

$$(CONF_BUILD)/v$(1)/aigw_conform: tests/conformance/aigw_conform.c $$(CONF_PORT_OBJ) $$(CONF_BUILD)/v$(1)/libaigw.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS_AIGW) -DAIGW_SCHEMA_VERSION=$(1) -MMD -MP $$< -o $$@ $$(CONF_PORT_OBJ) \
	  $$(CONF_BUILD)/v$(1)/libaigw.a

-include $$(CONF_OBJ_$(1):.o=.d) $$(CONF_BUILD)/v$(1)/aigw_conform.d
endef
$(foreach v,$(CONF_VERSIONS),$(eval $(call CONF_VERSION_RULES,$(v))))

conformance:
	bash tests/suites/70-conformance.sh
