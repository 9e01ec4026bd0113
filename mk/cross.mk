# Cross build of the core for a Cortex-M3 (arm-none-eabi-gcc, newlib headers).
#   make cross     build/cross/libaigw.a from core/*.c, then the size of every
#                  object (text = flash, data+bss = RAM) and the total
# Same warnings as the host build (-Werror included). Debian packages:
# gcc-arm-none-eabi libnewlib-arm-none-eabi (tools/deps/core.txt).

CROSS_CC     ?= arm-none-eabi-gcc
CROSS_AR     ?= arm-none-eabi-ar
CROSS_SIZE   ?= arm-none-eabi-size
CROSS_BUILD  := $(BUILD)/cross
CROSS_ARCH   := -mcpu=cortex-m3 -mthumb
CROSS_CFLAGS := $(WARN) $(CROSS_ARCH) -Os -ffunction-sections -fdata-sections \
                $(CPPFLAGS_AIGW) $(EXTRA_CFLAGS)
CROSS_OBJ    := $(CORE_SRC:%.c=$(CROSS_BUILD)/%.o)
CROSS_LIB    := $(CROSS_BUILD)/libaigw.a

.PHONY: cross cross-lib
cross: $(CROSS_LIB)
	@echo "core for arm-none-eabi ($(CROSS_ARCH) -Os), per object and total:"
	@$(CROSS_SIZE) -t $(CROSS_OBJ)

cross-lib: $(CROSS_LIB)

$(CROSS_LIB): $(CROSS_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && $(CROSS_AR) rcs $@ $^

$(CROSS_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(CROSS_CFLAGS) -MMD -MP -c $< -o $@

-include $(CROSS_OBJ:.o=.d)
