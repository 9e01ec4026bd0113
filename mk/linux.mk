# SPDX-License-Identifier: MIT
# The aigw command for Linux (boards/linux) -> build/aigw
#   make aigw
AIGW_CLI_SRC := $(sort $(wildcard boards/linux/*.c))
AIGW_CLI_OBJ := $(AIGW_CLI_SRC:%.c=$(BUILD)/%.o)
AIGW_CLI := $(BUILD)/aigw
# its manual page, with the FIELDS list written from the generated model
AIGW_MAN := $(BUILD)/aigw.1

.PHONY: aigw
aigw: $(AIGW_CLI) $(AIGW_MAN)

$(AIGW_MAN): boards/linux/aigw.1 boards/linux/aigw-man.awk include/aigw/aigw_model.h
	@mkdir -p $(dir $@)
	awk -f boards/linux/aigw-man.awk include/aigw/aigw_model.h boards/linux/aigw.1 >$@.tmp && mv $@.tmp $@

$(AIGW_CLI): $(AIGW_CLI_OBJ) $(PORT_LIB) $(LIB)
	$(CC) $(CFLAGS_AIGW) -o $@ $(AIGW_CLI_OBJ) $(PORT_LIB) $(LIB) $(PORT_LDLIBS)

-include $(AIGW_CLI_OBJ:.o=.d)
