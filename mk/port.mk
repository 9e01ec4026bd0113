# Port layer: POSIX sockets + mbedTLS TLS + the default CA set -> build/libaigw_port.a
#   make port          the library
#   make port-tests    the port test programs (tests/port/*.c)
# Link a program with: $(PORT_LIB) $(LIB) $(PORT_LDLIBS)
# The port tests link only core/error.c (aigw_strerror) so they do not depend
# on the rest of the core.

PORT_SRC := port/posix/aigw_posix.c port/posix/aigw_posix_entropy.c \
            port/mbedtls/aigw_tls.c port/mbedtls/aigw_tls_ca.c port/mbedtls/aigw_tls_arena.c \
            port/mbedtls/aigw_cloudflare_ca.c
PORT_OBJ := $(PORT_SRC:%.c=$(BUILD)/%.o)
PORT_LIB := $(BUILD)/libaigw_port.a
PORT_LDLIBS := -lmbedtls -lmbedx509 -lmbedcrypto

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

-include $(PORT_OBJ:.o=.d) $(PORT_TEST_BIN:=.d)
