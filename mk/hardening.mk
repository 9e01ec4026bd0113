# SPDX-License-Identifier: MIT
# Hardening (issue 9): sanitizer and valgrind builds, fault sweep, hostile
# inputs, secrets, soak, static analysis. Suites tests/suites/8[1-5]-*.sh.
#
#   make hardening-tools  build/hardening/{sweep_driver,test_hostile,test_secrets,soak_driver}
#                         (normal build: gcc, the project's flags)
#   make hardening-asan   sweep_driver and test_hostile plus the core/http unit tests, the client
#                         probe and the aigw command, all built with clang
#                         -fsanitize=address,undefined -fno-sanitize-recover=all
#                         against a sanitizer build of libaigw and libaigw_port,
#                         into build/hardening/asan/ (a separate BUILD tree)
#   make hardening-vg     the plain make check programs (and core-tests), for valgrind memcheck
#   make soak             10,000 updates against the emulator with seeded faults
#                         (SOAK_CALLS, SOAK_SEED); RSS must stay flat
#   make sweep            the full fault sweep (every offset of every response kind)
#   make static-analysis  gcc -fanalyzer, clang-tidy (.clang-tidy), cppcheck: zero findings
# fuzz-long (10M executions per harness) is in mk/fuzz.mk.

HARD_DIR   := $(BUILD)/hardening
HARD_ASAN_BUILD := build/hardening/asan
HARD_TOOLS := $(filter-out static_selftest,$(basename $(notdir $(wildcard tests/hardening/*.c))))
HARD_BIN   := $(HARD_TOOLS:%=$(HARD_DIR)/%)
SOAK_CALLS ?= 10000
SOAK_SEED  ?= 9

.PHONY: hardening-tools hardening-asan hardening-vg soak sweep static-analysis

hardening-tools: $(HARD_BIN)

$(HARD_DIR)/%.o: tests/hardening/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) -Itests/unit -Iboards/linux -MMD -MP -c $< -o $@

# test_hostile needs only the core; the others talk TLS through the ports.
$(filter %/test_hostile,$(HARD_BIN)): $(HARD_DIR)/test_hostile.o $(LIB)
	$(CC) $(CFLAGS_AIGW) -o $@ $^

$(filter-out %/test_hostile %/test_secrets,$(HARD_BIN)): $(HARD_DIR)/%: $(HARD_DIR)/%.o $(PORT_LIB) $(LIB)
	$(CC) $(CFLAGS_AIGW) -o $@ $^ $(PORT_LDLIBS)

# test_secrets looks into every block mbedTLS frees (link-time wrap of
# calloc/free, as tests/port/tls_heap.c does): --wrap only reaches code linked
# into the executable, so mbedTLS is linked statically here.
$(filter %/test_secrets,$(HARD_BIN)): $(HARD_DIR)/test_secrets.o $(PORT_LIB) $(LIB)
	$(CC) $(CFLAGS_AIGW) -o $@ $^ -Wl,--wrap=calloc -Wl,--wrap=free -Wl,-Bstatic $(PORT_LDLIBS) -Wl,-Bdynamic

-include $(HARD_BIN:=.d)

# Everything under one sanitizer BUILD tree: the SAN=1 variant (top Makefile)
# with clang, so the libraries themselves are instrumented, not only the tests.
hardening-asan:
	$(MAKE) -s CC=clang BUILD=$(HARD_ASAN_BUILD) SAN=1 \
	  lib port core-tests http-tests client-tests aigw \
	  $(HARD_ASAN_BUILD)/hardening/sweep_driver $(HARD_ASAN_BUILD)/hardening/test_hostile

# valgrind runs the plain make check programs (it cannot run ASan binaries).
hardening-vg: check-build core-tests

soak: hardening-tools aigw
	python3 tests/hardening/soak.py --calls $(SOAK_CALLS) --seed $(SOAK_SEED)

sweep: hardening-asan
	python3 tests/hardening/sweep.py

static-analysis:
	bash tools/static-analysis.sh
