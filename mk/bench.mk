# SPDX-License-Identifier: MIT
# Benchmarks (issue 8): footprint, stack, bytes on the wire, CPU cost and
# end-to-end rate, side by side with the alternatives. Not tests: nothing here
# asserts a timing.
#   make bench          measure everything, write bench/results.json,
#                       bench/REPORT.md and bench/*.svg (about 2-5 minutes)
#   make bench-quick    the same scripts with tiny counts into build/bench/quick
#                       (what tests/suites/90-bench-smoke.sh checks)
#   make bench-build    only build the drivers
# Scripts: bench/run.py (orchestrates), bench/*.c|js drivers. Debian packages:
# tools/deps/bench.txt; the SDK comes from tests/conformance/install.sh.

BENCH_DIR  := $(BUILD)/bench
BENCH_HOST_CFLAGS := $(CFLAGS_AIGW) -Ibench -Itests/unit

# ---- host drivers ------------------------------------------------------------------------
BENCH_CPU_AIGW  := $(BENCH_DIR)/cpu_aigw
BENCH_CPU_CJSON := $(BENCH_DIR)/cpu_cjson
BENCH_E2E_AIGW  := $(BENCH_DIR)/e2e_aigw
BENCH_E2E_CURL  := $(BENCH_DIR)/e2e_curl
BENCH_HOST_BIN  := $(BENCH_CPU_AIGW) $(BENCH_CPU_CJSON) $(BENCH_E2E_AIGW) $(BENCH_E2E_CURL)

$(BENCH_CPU_AIGW): bench/cpu_aigw.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_HOST_CFLAGS) -MMD -MP $< -o $@ $(LIB)

$(BENCH_CPU_CJSON): bench/cpu_cjson.c bench/cjson_work.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_HOST_CFLAGS) -MMD -MP bench/cpu_cjson.c bench/cjson_work.c -o $@ -lcjson

$(BENCH_E2E_AIGW): bench/e2e_aigw.c $(PORT_LIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_HOST_CFLAGS) -MMD -MP $< -o $@ $(PORT_LIB) $(LIB) $(PORT_LDLIBS)

$(BENCH_E2E_CURL): bench/e2e_curl.c bench/cjson_work.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_HOST_CFLAGS) -MMD -MP bench/e2e_curl.c bench/cjson_work.c -o $@ -lcurl -lcjson

# ---- Cortex-M3: the core with stack usage and call graph, two programs -----------------------
# Same code generation flags as the board (boards/qemu-mps2-an385/Makefile:
# -mcpu=cortex-m3 -mthumb -Os -g -ffunction-sections -fdata-sections); the
# extra -fstack-usage -fcallgraph-info=su only write .su/.ci files beside
# each object. The programs link with the board's runtime and linker script
# (startup, semihosting, printf; newlib-nano, --gc-sections) and run in QEMU.
BENCH_ARM       := $(BENCH_DIR)/arm
BENCH_ARM_CC    ?= arm-none-eabi-gcc
BENCH_ARM_AR    ?= arm-none-eabi-ar
BENCH_ARM_ARCH  := -mcpu=cortex-m3 -mthumb
BENCH_ARM_FLAGS := $(BENCH_ARM_ARCH) -Os -g -ffunction-sections -fdata-sections
BENCH_ARM_JSMN  := $(BENCH_ARM)/jsmn-include
BENCH_ARM_CORE_OBJ := $(CORE_SRC:core/%.c=$(BENCH_ARM)/core/%.o)
BENCH_ARM_CORE_LIB := $(BENCH_ARM)/libaigw_core.a
BENCH_BOARD     := boards/qemu-mps2-an385
BENCH_BOARD_RT  := build/board-an385/libboard_rt.a
BENCH_ARM_LD    := $(BENCH_ARM_ARCH) --specs=nano.specs -nostartfiles -Wl,--gc-sections \
                   -T $(BENCH_BOARD)/link.ld -Wl,--defsym=STACK_SIZE=0x4000
BENCH_ARM_LIBS  := -Wl,--start-group -lc -lgcc -Wl,--end-group
BENCH_ARM_ELF   := $(BENCH_ARM)/core_fp.elf $(BENCH_ARM)/core_probe.elf $(BENCH_ARM)/core_proxy_fp.elf

$(BENCH_ARM_JSMN)/jsmn.h: /usr/include/jsmn.h
	@mkdir -p $(dir $@)
	cp $< $@

$(BENCH_ARM)/core/%.o: core/%.c | $(BENCH_ARM_JSMN)/jsmn.h
	@mkdir -p $(dir $@)
	$(BENCH_ARM_CC) $(BENCH_ARM_FLAGS) $(WARN) $(CPPFLAGS_AIGW) -I$(BENCH_ARM_JSMN) \
	  -fstack-usage -fcallgraph-info=su -MMD -MP -c $< -o $@

$(BENCH_ARM_CORE_LIB): $(BENCH_ARM_CORE_OBJ)
	rm -f $@ && $(BENCH_ARM_AR) rcs $@ $^

$(BENCH_ARM)/gen/bench_response.c: tests/data/json/api_example.json bench/gen_response.py
	@mkdir -p $(dir $@)
	python3 bench/gen_response.py $< $@

$(BENCH_ARM)/bench_response.o: $(BENCH_ARM)/gen/bench_response.c
	$(BENCH_ARM_CC) $(BENCH_ARM_FLAGS) $(WARN) -c $< -o $@

$(BENCH_ARM)/arm_core.o: bench/arm_core.c | $(BENCH_ARM_JSMN)/jsmn.h
	@mkdir -p $(dir $@)
	$(BENCH_ARM_CC) $(BENCH_ARM_FLAGS) $(WARN) $(CPPFLAGS_AIGW) -I$(BENCH_ARM_JSMN) -Ibench -Itests/unit \
	  -MMD -MP -c $< -o $@
$(BENCH_ARM)/arm_core_probe.o: bench/arm_core.c | $(BENCH_ARM_JSMN)/jsmn.h
	@mkdir -p $(dir $@)
	$(BENCH_ARM_CC) $(BENCH_ARM_FLAGS) $(WARN) $(CPPFLAGS_AIGW) -I$(BENCH_ARM_JSMN) -Ibench -Itests/unit \
	  -DBENCH_PROBE -MMD -MP -c $< -o $@

$(BENCH_ARM)/arm_core_proxy.o: bench/arm_core.c | $(BENCH_ARM_JSMN)/jsmn.h
	@mkdir -p $(dir $@)
	$(BENCH_ARM_CC) $(BENCH_ARM_FLAGS) $(WARN) $(CPPFLAGS_AIGW) -I$(BENCH_ARM_JSMN) -Ibench -Itests/unit \
	  -DBENCH_PROXY -MMD -MP -c $< -o $@

.PHONY: bench-board-rt
bench-board-rt:
	@$(MAKE) -s --no-print-directory -C $(BENCH_BOARD) runtime

$(BENCH_ARM)/core_fp.elf: $(BENCH_ARM)/arm_core.o $(BENCH_ARM)/bench_response.o $(BENCH_ARM_CORE_LIB) bench-board-rt
	$(BENCH_ARM_CC) $(BENCH_ARM_LD) -Wl,-Map=$@.map $(filter %.o,$^) $(BENCH_ARM_CORE_LIB) $(BENCH_BOARD_RT) \
	  $(BENCH_ARM_LIBS) -o $@
$(BENCH_ARM)/core_proxy_fp.elf: $(BENCH_ARM)/arm_core_proxy.o $(BENCH_ARM)/bench_response.o $(BENCH_ARM_CORE_LIB) bench-board-rt
	$(BENCH_ARM_CC) $(BENCH_ARM_LD) -Wl,-Map=$@.map $(filter %.o,$^) $(BENCH_ARM_CORE_LIB) $(BENCH_BOARD_RT) \
	  $(BENCH_ARM_LIBS) -o $@
$(BENCH_ARM)/core_probe.elf: $(BENCH_ARM)/arm_core_probe.o $(BENCH_ARM)/bench_response.o $(BENCH_ARM_CORE_LIB) bench-board-rt
	$(BENCH_ARM_CC) $(BENCH_ARM_LD) -Wl,-Map=$@.map $(filter %.o,$^) $(BENCH_ARM_CORE_LIB) $(BENCH_BOARD_RT) \
	  $(BENCH_ARM_LIBS) -o $@

.PHONY: bench bench-quick bench-build bench-arm bench-host
bench-host: $(BENCH_HOST_BIN)
bench-arm: $(BENCH_ARM_ELF)
bench-build: bench-host bench-arm

bench:
	bash tools/deps.sh bench
	$(MAKE) --no-print-directory bench-build
	python3 bench/run.py --root . --out bench

bench-quick:
	bash tools/deps.sh bench
	$(MAKE) --no-print-directory bench-build
	python3 bench/run.py --root . --out $(BENCH_DIR)/quick --quick

-include $(BENCH_HOST_BIN:=.d) $(BENCH_ARM_CORE_OBJ:.o=.d) $(BENCH_ARM)/arm_core.d $(BENCH_ARM)/arm_core_probe.d $(BENCH_ARM)/arm_core_proxy.d
