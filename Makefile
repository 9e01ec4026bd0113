# SPDX-License-Identifier: MIT
# aigw top-level build.
#   make            build/libaigw.a (the core)
#   make test       install what is missing, build and run every test suite
#   make demo       an update over TLS against the local endpoint emulator
#   make cross      the core for arm-none-eabi (Cortex-M3, -Os), with its size
#   make check      the core's unit, HTTP and decode tests (SAN=1: ASan+UBSan build)
# Areas add their own rules in mk/*.mk; test suites live in tests/suites/*.sh.

CC      ?= cc
# SAN=1: the same targets built with ASan+UBSan (any error aborts) into their
# own tree (build/san), so the library and every test linked with it are
# instrumented: a build variant, not a separate set of rules.
SAN     ?= 0
ifeq ($(SAN),1)
BUILD   ?= build/san
OPT     ?= -O1 -g
SAN_CFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
SAN_CFLAGS :=
endif
BUILD   ?= build
# -Werror is a developer default. A packager whose newer compiler warns where
# ours does not builds with `make WERROR=0`; `make test` always turns it back on.
WERROR  ?= 1
WARN    := -std=c99 -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror) -Wconversion -Wshadow
OPT     ?= -O2 -g
EXTRA_CFLAGS ?=
CPPFLAGS_AIGW := -Iinclude
CFLAGS_AIGW   := $(WARN) $(OPT) $(CPPFLAGS_AIGW) $(SAN_CFLAGS) $(EXTRA_CFLAGS)

CORE_SRC := $(sort $(wildcard core/*.c))
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libaigw.a

# Shared names every fragment may use. They are defined here, before any
# mk/*.mk is read: make expands a prerequisite list when it reads the rule, so
# a fragment that used a library defined by a later fragment would silently
# lose the dependency (build/aigw once did not depend on the port library).
# tests/suites/06-build.sh checks that no fragment reads an undefined variable.
PORT_SRC := port/posix/aigw_posix.c port/posix/aigw_posix_entropy.c \
            port/mbedtls/aigw_tls.c port/mbedtls/aigw_tls_ca.c port/mbedtls/aigw_tls_arena.c \
            port/mbedtls/aigw_cloudflare_ca.c
PORT_OBJ := $(PORT_SRC:%.c=$(BUILD)/%.o)
PORT_LIB := $(BUILD)/libaigw_port.a
PORT_LDLIBS := -lmbedtls -lmbedx509 -lmbedcrypto
# The test programs of make check (mk/check.mk), built by mk/core-tests.mk,
# mk/http.mk and mk/decode.mk: named here because check.mk is read first.
CORE_TEST_NAMES := test_encode test_validate test_relaxed test_params_path
HTTP_TEST_NAMES := test_http_url test_http_request test_http_response
DECODE_TESTS    := test_decode test_decode_json test_decode_mem test_decode_rmw

.PHONY: all lib test deps demo cross clean
all: lib
lib: $(LIB)

# The core's objects are compiled with hidden visibility (the public headers
# switch it back to default around their declarations: AIGW_API_BEGIN), then
# linked into one relocatable object whose hidden symbols become local. So
# libaigw.a exports the documented aigw_ API and nothing else: no internal
# helper and no jsmn (tests/decode/private_symbols.sh checks it).
# AIGW_LOCALIZE(cc, objcopy, ar, archive, objects)
OBJCOPY ?= objcopy
define AIGW_LOCALIZE
	@mkdir -p $(dir $(4))
	rm -f $(4) $(4:.a=.o)
	$(1) -r -nostdlib -o $(4:.a=.o) $(5)
	$(2) --localize-hidden $(4:.a=.o)
	$(3) rcs $(4) $(4:.a=.o)
endef

$(CORE_OBJ): CFLAGS_AIGW += -fvisibility=hidden
# a change of these flags must rebuild objects made before it
$(CORE_OBJ): Makefile
$(LIB): $(CORE_OBJ)
	$(call AIGW_LOCALIZE,$(CC),$(OBJCOPY),ar,$@,$^)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_AIGW) -MMD -MP -c $< -o $@

-include $(CORE_OBJ:.o=.d)
-include $(sort $(wildcard mk/*.mk))

deps:
	bash tools/deps.sh

demo:
	bash tools/demo.sh

# The suites run make again: drop the caller's command-line variables (MAKEFLAGS)
# so a WERROR=0 given to `make test` cannot reach them.
test: deps
	MAKEFLAGS= WERROR=1 bash tests/run.sh

clean:
	rm -rf $(BUILD)
