# SPDX-License-Identifier: MIT
# The aigw command for Linux (boards/linux) -> build/aigw
#   make aigw
AIGW_CLI_SRC := $(sort $(wildcard boards/linux/*.c))
AIGW_CLI_OBJ := $(AIGW_CLI_SRC:%.c=$(BUILD)/%.o)
AIGW_CLI := $(BUILD)/aigw

.PHONY: aigw
aigw: $(AIGW_CLI)

$(AIGW_CLI): $(AIGW_CLI_OBJ) $(PORT_LIB) $(LIB)
	$(CC) $(CFLAGS_AIGW) -o $@ $(AIGW_CLI_OBJ) $(PORT_LIB) $(LIB) $(PORT_LDLIBS)

-include $(AIGW_CLI_OBJ:.o=.d)
