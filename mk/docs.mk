# SPDX-License-Identifier: MIT
# API reference from the public headers (Doxygen; Debian's doxygen, tools/deps/docs.txt):
#   make docs   build/docs/html/index.html. Fails on any Doxygen warning
#               (WARN_AS_ERROR in Doxyfile), then on any public function, type,
#               member, enum value, macro or error code without a description
#               (a second, XML-only run with EXTRACT_ALL=YES checked by
#               tools/check-api-docs.py: plain warnings miss anonymous enums
#               and nested structs).
# Run by tests/suites/92-docs.sh.

DOCS_DIR     := $(BUILD)/docs
DOCS_VERSION := $(shell sed -n 's/^\#define AIGW_VERSION_STRING "\(.*\)"/\1/p' include/aigw/aigw_version.h)
DOXYGEN      ?= doxygen

.PHONY: docs docs-html docs-check
docs: docs-html docs-check

docs-html:
	@command -v $(DOXYGEN) >/dev/null || { echo "docs: doxygen not installed (bash tools/deps.sh docs)" >&2; exit 1; }
	@rm -rf $(DOCS_DIR)/html && mkdir -p $(DOCS_DIR)
	( cat Doxyfile; echo 'OUTPUT_DIRECTORY = $(DOCS_DIR)'; echo 'PROJECT_NUMBER = $(DOCS_VERSION)' ) | $(DOXYGEN) -
	@echo "docs: $(DOCS_DIR)/html/index.html"

docs-check:
	@command -v $(DOXYGEN) >/dev/null || { echo "docs: doxygen not installed (bash tools/deps.sh docs)" >&2; exit 1; }
	@rm -rf $(DOCS_DIR)/xml-all && mkdir -p $(DOCS_DIR)
	@( cat Doxyfile; echo 'OUTPUT_DIRECTORY = $(DOCS_DIR)'; echo 'EXTRACT_ALL = YES'; \
	   echo 'WARN_IF_UNDOCUMENTED = NO'; echo 'GENERATE_HTML = NO'; \
	   echo 'GENERATE_XML = YES'; echo 'XML_OUTPUT = xml-all' ) | $(DOXYGEN) -
	python3 tools/check-api-docs.py $(DOCS_DIR)/xml-all
