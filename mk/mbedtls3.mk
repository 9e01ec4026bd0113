# SPDX-License-Identifier: MIT
# The TLS port against mbedTLS 3.6 LTS (issue 16), beside the default 2.28:
#   make port-mbedtls3   mbedTLS 3.6 from Debian trixie's source package
#                        (tools/fetch-mbedtls3.sh), its default configuration
#                        (TLS 1.2 and 1.3) plus the trusted-certificate callback
#                        (tests/port/mbedtls3/mbedtls3_user_config.h), then the
#                        port library and the port tests against it, all under
#                        $(BUILD)/mbedtls3/
# Run by tests/suites/41-port-mbedtls3.sh.
MBEDTLS3_SRC  ?= .cache/src/mbedtls3
MBEDTLS3_DIR  := $(BUILD)/mbedtls3
MBEDTLS3_LIB  := $(MBEDTLS3_DIR)/libmbedtls3.a
MBEDTLS3_CFG  := -Itests/port/mbedtls3 -DMBEDTLS_USER_CONFIG_FILE='<mbedtls3_user_config.h>'
MBEDTLS3_OBJ   = $(patsubst $(MBEDTLS3_SRC)/library/%.c,$(MBEDTLS3_DIR)/lib/%.o,\
                   $(wildcard $(MBEDTLS3_SRC)/library/*.c))

.PHONY: port-mbedtls3
# One archive for mbedtls, mbedx509 and mbedcrypto: the linker resolves within it.
port-mbedtls3: $(MBEDTLS3_LIB) $(MBEDTLS3_DIR)/aigw/.config-stamp
	$(MAKE) -s BUILD=$(MBEDTLS3_DIR)/aigw CPPFLAGS_AIGW="-Iinclude -isystem $(MBEDTLS3_SRC)/include $(MBEDTLS3_CFG)" \
	  PORT_LDLIBS="$(abspath $(MBEDTLS3_LIB))" port port-tests

# The port's objects see mbedTLS's structs through the user config, which
# their .d files do not list from a build made before it existed: rebuild them
# all when it changes (a stale object would disagree on mbedtls_ssl_config).
$(MBEDTLS3_DIR)/aigw/.config-stamp: tests/port/mbedtls3/mbedtls3_user_config.h
	rm -rf $(MBEDTLS3_DIR)/aigw && mkdir -p $(MBEDTLS3_DIR)/aigw && touch $@

# Third-party code: its own warning level, not ours.
$(MBEDTLS3_DIR)/lib/%.o: $(MBEDTLS3_SRC)/library/%.c tests/port/mbedtls3/mbedtls3_user_config.h
	@mkdir -p $(dir $@)
	$(CC) -O1 -w -I$(MBEDTLS3_SRC)/include -I$(MBEDTLS3_SRC)/library $(MBEDTLS3_CFG) -c $< -o $@

$(MBEDTLS3_LIB): $(MBEDTLS3_OBJ)
	@test -n "$^" || { echo "no mbedTLS 3.6 source in $(MBEDTLS3_SRC): run tools/fetch-mbedtls3.sh" >&2; exit 1; }
	rm -f $@ && ar rcs $@ $^
