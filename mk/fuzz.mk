# SPDX-License-Identifier: MIT
# libFuzzer harnesses: every tests/fuzz/fuzz_*.c, built with clang
# -fsanitize=fuzzer,address,undefined against the core (compiled with the
# same sanitizers). Seed corpora: tests/fuzz/corpus/<harness>/ (committed,
# small); an optional dictionary tests/fuzz/<harness>.dict is passed along.
#   make fuzz-build   build/fuzz/<harness> for every harness
#   make fuzz         each harness for FUZZ_SECONDS (default 60) on a copy of
#                     its corpus (build/fuzz/work/<harness>); the committed
#                     corpus never grows; crashes go to build/fuzz/artifacts/
#   make fuzz-long    each harness for FUZZ_RUNS (default 10000000) executions
# Needs clang and libclang-rt-14-dev (tools/deps/fuzz.txt).

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?= 10000000
FUZZ_BUILD   := $(BUILD)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := $(WARN) -g -O1 $(FUZZ_SAN) $(CPPFLAGS_AIGW) $(EXTRA_CFLAGS)
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(FUZZ_SRC:tests/fuzz/%.c=%)
FUZZ_BIN     := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/%)
FUZZ_OBJ     := $(CORE_SRC:%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_LIB     := $(FUZZ_BUILD)/libaigw-fuzz.a

.PHONY: fuzz fuzz-build fuzz-long
fuzz-build: $(FUZZ_BIN)

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_LIB): $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(FUZZ_LIB) -o $@

# the client harness drives the client through the unit tests' scripted port
$(FUZZ_BUILD)/fuzz_client: tests/fuzz/fuzz_client.c tests/unit/script_port.c tests/unit/script_port.h $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Itests/unit -fsanitize=fuzzer $< tests/unit/script_port.c $(FUZZ_LIB) -o $@

-include $(FUZZ_OBJ:.o=.d)

# $(1): extra libFuzzer options. Each harness runs on a fresh copy of its corpus.
define FUZZ_RUN_ALL
	@set -e; for n in $(FUZZ_NAMES); do \
	  w=$(FUZZ_BUILD)/work/$$n; a=$(FUZZ_BUILD)/artifacts/$$n/; \
	  rm -rf $$w; mkdir -p $$w $$a; \
	  if [ -d tests/fuzz/corpus/$$n ]; then cp -R tests/fuzz/corpus/$$n/. $$w/; fi; \
	  dict=; [ -f tests/fuzz/$$n.dict ] && dict=-dict=tests/fuzz/$$n.dict; \
	  echo "== $$n $(1)"; \
	  $(FUZZ_BUILD)/$$n $(1) $$dict -timeout=10 -artifact_prefix=$$a -print_final_stats=1 $$w; \
	done
endef

fuzz: fuzz-build
	$(call FUZZ_RUN_ALL,-max_total_time=$(FUZZ_SECONDS))

fuzz-long: fuzz-build
	$(call FUZZ_RUN_ALL,-runs=$(FUZZ_RUNS))
