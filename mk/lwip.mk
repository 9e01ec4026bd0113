# SPDX-License-Identifier: MIT
# Host lwIP: the port over lwIP's sockets API (port/lwip/aigw_lwip_sockets.c)
# built against Debian's liblwip-dev (unix port, tapif, NO_SYS=0), and its
# test program tests/lwip/lwip_update.c (run by tests/suites/62-lwip-host.sh).
#   make lwip-host        the port object and the test program
#   make lwip-host-check  also compile the port with LWIP_DNS=1 (syntax only):
#                         Debian's build has no DNS, so that branch is not linked here
# The bare-metal raw port (aigw_lwip_raw.c) is built by the board, not here.

LWIP_PC_CFLAGS := $(shell pkg-config --cflags lwip 2>/dev/null || echo -I/usr/include/lwip)
LWIP_PC_LIBS   := $(shell pkg-config --libs lwip 2>/dev/null || echo -llwip)
# Debian's lwIP headers take ssize_t from <unistd.h> only when <limits.h>
# defines SSIZE_MAX, which strict -std=c99 hides without a POSIX feature macro
# (otherwise arch.h typedefs ssize_t as int and clashes with <sys/types.h>).
LWIP_HOST_CFLAGS := -D_POSIX_C_SOURCE=200809L $(LWIP_PC_CFLAGS)

LWIP_SOCK_OBJ   := $(BUILD)/lwip-host/aigw_lwip_sockets.o
LWIP_TEST_OBJ   := $(BUILD)/lwip-host/lwip_update.o
LWIP_TEST_BIN   := $(BUILD)/lwip-host/lwip_update
LWIP_TEST_LIBS  := $(LWIP_PC_LIBS) -lmbedtls -lmbedx509 -lmbedcrypto -lpthread
# The project's TLS port (port/mbedtls) and the host's entropy and wall clock
# (port/posix) on top of the lwIP stream port; built by the generic rule.
LWIP_TEST_DEPS  := $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard port/mbedtls/*.c)) port/posix/aigw_posix_entropy.c)

.PHONY: lwip-host lwip-host-check
lwip-host: $(LWIP_TEST_BIN)

$(LWIP_SOCK_OBJ): port/lwip/aigw_lwip_sockets.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) $(LWIP_HOST_CFLAGS) -MMD -MP -c $< -o $@

$(LWIP_TEST_OBJ): tests/lwip/lwip_update.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) $(LWIP_HOST_CFLAGS) -Itests/unit -MMD -MP -c $< -o $@

$(LWIP_TEST_BIN): $(LWIP_TEST_OBJ) $(LWIP_SOCK_OBJ) $(LWIP_TEST_DEPS) $(LIB)
	$(CC) $(CFLAGS_AIGW) -o $@ $^ $(LWIP_TEST_LIBS)

lwip-host-check: lwip-host
	$(CC) $(CFLAGS_AIGW) $(LWIP_HOST_CFLAGS) -DLWIP_DNS=1 -fsyntax-only port/lwip/aigw_lwip_sockets.c

-include $(LWIP_SOCK_OBJ:.o=.d) $(LWIP_TEST_OBJ:.o=.d)
