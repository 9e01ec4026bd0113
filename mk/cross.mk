# SPDX-License-Identifier: MIT
# Cross build of the core for a Cortex-M3 (arm-none-eabi-gcc, newlib headers).
#   make cross     build/cross/libaigw.a from core/*.c, then the size of every
#                  object (text = flash, data+bss = RAM) and the total
# Same warnings as the host build (-Werror included). Debian packages:
# gcc-arm-none-eabi libnewlib-arm-none-eabi (tools/deps/core.txt).

CROSS_CC     ?= arm-none-eabi-gcc
CROSS_AR     ?= arm-none-eabi-ar
CROSS_SIZE   ?= arm-none-eabi-size
CROSS_OBJCOPY ?= arm-none-eabi-objcopy
CROSS_BUILD  := $(BUILD)/cross
CROSS_ARCH   := -mcpu=cortex-m3 -mthumb
# jsmn is Debian's header-only libjsmn-dev in /usr/include, a directory the
# cross compiler must not search (host libc headers); copy the one header.
CROSS_JSMN_H  ?= /usr/include/jsmn.h
CROSS_JSMN_INC := $(CROSS_BUILD)/jsmn-include
CROSS_CFLAGS := $(WARN) $(CROSS_ARCH) -Os -ffunction-sections -fdata-sections -fvisibility=hidden \
                $(CPPFLAGS_AIGW) -I$(CROSS_JSMN_INC) $(EXTRA_CFLAGS)
CROSS_OBJ    := $(CORE_SRC:%.c=$(CROSS_BUILD)/%.o)
CROSS_LIB    := $(CROSS_BUILD)/libaigw.a

.PHONY: cross cross-lib
cross: $(CROSS_LIB)
	@echo "core for arm-none-eabi ($(CROSS_ARCH) -Os), per object and total:"
	@$(CROSS_SIZE) -t $(CROSS_OBJ)

cross-lib: $(CROSS_LIB)

# One relocatable object with the internal symbols local, as the host
# library (AIGW_LOCALIZE in the top Makefile); -ffunction-sections survives
# the partial link, so --gc-sections still drops what a program leaves unused.
$(CROSS_LIB): $(CROSS_OBJ)
	$(call AIGW_LOCALIZE,$(CROSS_CC) $(CROSS_ARCH),$(CROSS_OBJCOPY),$(CROSS_AR),$@,$^)

$(CROSS_JSMN_INC)/jsmn.h: $(CROSS_JSMN_H)
	@mkdir -p $(dir $@)
	cp $< $@

$(CROSS_BUILD)/%.o: %.c | $(CROSS_JSMN_INC)/jsmn.h
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(CROSS_CFLAGS) -MMD -MP -c $< -o $@

-include $(CROSS_OBJ:.o=.d)
