# SPDX-License-Identifier: MIT
# Port layer: POSIX sockets + mbedTLS TLS + the default CA set -> build/libaigw_port.a
#   make port          the library
#   make port-tests    the port test programs (tests/port/*.c)
# Link a program with: $(PORT_LIB) $(LIB) $(PORT_LDLIBS)
# The port tests link only core/error.c (aigw_strerror) so they do not depend
# on the rest of the core.

# PORT_SRC, PORT_OBJ, PORT_LIB and PORT_LDLIBS are defined in the top Makefile.

PORT_TEST_SRC := $(sort $(wildcard tests/port/*.c))
PORT_TEST_BIN := $(PORT_TEST_SRC:%.c=$(BUILD)/%)

.PHONY: port port-tests
port: $(PORT_LIB)
port-tests: $(PORT_TEST_BIN)

$(PORT_LIB): $(PORT_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/tests/port/%: tests/port/%.c $(PORT_LIB) $(BUILD)/core/error.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) -MMD -MP $< -o $@ $(PORT_LIB) $(BUILD)/core/error.o $(PORT_LDLIBS)

# tls_heap counts mbedTLS's heap by wrapping calloc/free at link time; --wrap
# only reaches code linked into the executable, so mbedTLS is linked statically.
$(BUILD)/tests/port/tls_heap: tests/port/tls_heap.c $(PORT_LIB) $(BUILD)/core/error.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) -MMD -MP $< -o $@ $(PORT_LIB) $(BUILD)/core/error.o \
	  -Wl,--wrap=calloc -Wl,--wrap=free -Wl,-Bstatic $(PORT_LDLIBS) -Wl,-Bdynamic

# ---- port-arena: the same port code against mbedTLS built from source with
# MBEDTLS_MEMORY_BUFFER_ALLOC_C and MBEDTLS_PLATFORM_TIME_ALT (Debian's binary
# has neither). Needs the source tree from tools/fetch-sources.sh.
PORT_ARENA_DIR   := $(BUILD)/port-arena
PORT_MBEDTLS_SRC ?= .cache/src/mbedtls
PORT_ARENA_CPP   := -isystem $(PORT_MBEDTLS_SRC)/include -Itests/port/arena \
                    -DMBEDTLS_USER_CONFIG_FILE='"arena_user_config.h"'
PORT_ARENA_MBED_OBJ = $(patsubst $(PORT_MBEDTLS_SRC)/library/%.c,$(PORT_ARENA_DIR)/mbedtls/%.o,\
                        $(wildcard $(PORT_MBEDTLS_SRC)/library/*.c))
PORT_ARENA_OBJ   := $(PORT_SRC:%.c=$(PORT_ARENA_DIR)/%.o) $(PORT_ARENA_DIR)/core/error.o
PORT_ARENA_BIN   := $(PORT_ARENA_DIR)/tls_arena $(PORT_ARENA_DIR)/tls_arena_store
# tls_arena_store: the same test with the store parsed for the whole connection
# (AIGW_TLS_CA_CALLBACK=0), the behaviour of an mbedTLS without the CA callback.
PORT_ARENA_STORE_OBJ := $(PORT_SRC:%.c=$(PORT_ARENA_DIR)/store/%.o)

.PHONY: port-arena
port-arena: $(PORT_ARENA_BIN)

# Third-party code: its own warning level, not ours.
$(PORT_ARENA_DIR)/mbedtls/%.o: $(PORT_MBEDTLS_SRC)/library/%.c tests/port/arena/arena_user_config.h
	@mkdir -p $(dir $@)
	$(CC) -O1 -w -I$(PORT_MBEDTLS_SRC)/include -I$(PORT_MBEDTLS_SRC)/library -Itests/port/arena \
	  -DMBEDTLS_USER_CONFIG_FILE='"arena_user_config.h"' -c $< -o $@

# The arena allocator hands its calloc/free to the port, which counts refused
# allocations (aigw_tls_arena_refused(), include/aigw/aigw_tls.h).
$(PORT_ARENA_DIR)/mbedtls/memory_buffer_alloc.o: $(PORT_MBEDTLS_SRC)/library/memory_buffer_alloc.c \
    tests/port/arena/arena_user_config.h mk/port.mk
	@mkdir -p $(dir $@)
	$(CC) -O1 -w -I$(PORT_MBEDTLS_SRC)/include -I$(PORT_MBEDTLS_SRC)/library -Itests/port/arena \
	  -DMBEDTLS_USER_CONFIG_FILE='"arena_user_config.h"' \
	  -Dmbedtls_platform_set_calloc_free=aigw_tls_arena_hooks -c $< -o $@

$(PORT_ARENA_DIR)/libmbedtls-arena.a: $(PORT_ARENA_MBED_OBJ)
	rm -f $@ && ar rcs $@ $^

$(PORT_ARENA_DIR)/%.o: %.c tests/port/arena/arena_user_config.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) $(PORT_ARENA_CPP) -MMD -MP -c $< -o $@

$(PORT_ARENA_DIR)/store/%.o: %.c tests/port/arena/arena_user_config.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) $(PORT_ARENA_CPP) -DAIGW_TLS_CA_CALLBACK=0 -MMD -MP -c $< -o $@

$(PORT_ARENA_DIR)/tls_arena: tests/port/arena/tls_arena.c $(PORT_ARENA_OBJ) $(PORT_ARENA_DIR)/libmbedtls-arena.a
	$(CC) $(CFLAGS_AIGW) $(PORT_ARENA_CPP) $< -o $@ $(PORT_ARENA_OBJ) $(PORT_ARENA_DIR)/libmbedtls-arena.a -lpthread

$(PORT_ARENA_DIR)/tls_arena_store: tests/port/arena/tls_arena.c $(PORT_ARENA_STORE_OBJ) \
    $(PORT_ARENA_DIR)/core/error.o $(PORT_ARENA_DIR)/libmbedtls-arena.a
	$(CC) $(CFLAGS_AIGW) $(PORT_ARENA_CPP) -DAIGW_TLS_CA_CALLBACK=0 $< -o $@ $(PORT_ARENA_STORE_OBJ) \
	  $(PORT_ARENA_DIR)/core/error.o $(PORT_ARENA_DIR)/libmbedtls-arena.a -lpthread

-include $(PORT_OBJ:.o=.d) $(PORT_ARENA_OBJ:.o=.d) $(PORT_ARENA_STORE_OBJ:.o=.d) $(PORT_TEST_BIN:=.d)
