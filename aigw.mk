# SPDX-License-Identifier: MIT
# aigw.mk: aigw's source files and include directories, for a firmware's own
# Makefile (the way lwIP's src/Filelists.mk is used). Rule-free: it only sets
# variables; your Makefile compiles them with its own compiler and flags.
#
#   AIGW_DIR := third_party/aigw          # optional: defaults to this file's directory
#   include $(AIGW_DIR)/aigw.mk
#   SRCS     += $(AIGW_CORE_SRCS) $(AIGW_PORT_MBEDTLS_SRCS) $(AIGW_PORT_LWIP_RAW_SRCS)
#   CPPFLAGS += $(addprefix -I,$(AIGW_INCLUDE_DIRS)) -I$(BUILD)/jsmn-include   # see jsmn below
#
# Every path is $(AIGW_DIR)-relative, so the lists work from any directory.
# tests/suites/93-integration.sh builds an out-of-tree Cortex-M3 project with
# this file, and checks that the lists name every source in the tree.
#
# jsmn: core/jsmn.c includes <jsmn.h> (Debian's header-only libjsmn-dev installs
# /usr/include/jsmn.h) and compiles it static, private to aigw; the public
# headers do not include it, so only the core's objects need the directory.
# A cross compiler must not search the host's /usr/include (its libc headers
# would shadow newlib's), so give it a directory holding only that header:
#
#   $(BUILD)/jsmn-include/jsmn.h: $(AIGW_JSMN_H)
#   	mkdir -p $(dir $@) && cp $< $@
#
# and make every object depend on it (order-only: | $(BUILD)/jsmn-include/jsmn.h).
# Point AIGW_JSMN_H at another copy of jsmn.h when the host has none. A host
# build (gcc for Linux) finds /usr/include/jsmn.h without any of this.
#
# Configuration: -DAIGW_CONFIG_FILE='"my_aigw_config.h"' (see
# include/aigw/aigw_config.h and docs/PORTING.md). The TLS port needs mbedTLS
# 2.28 headers on the include path and, on bare metal, your mbedTLS config
# (-DMBEDTLS_CONFIG_FILE=...); the lwIP ports need lwIP's include directories
# and your lwipopts.h.

ifndef AIGW_DIR
AIGW_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
endif

# Public headers: include "aigw/aigw_client.h" etc.
AIGW_INCLUDE_DIRS := $(AIGW_DIR)/include

# jsmn (see above): the header to copy.
AIGW_JSMN_H ?= /usr/include/jsmn.h

# The core: pure C99, no heap, no OS. Everything a program needs to validate,
# encode, send over a port and decode ("aigw/aigw_client.h" and below).
AIGW_CORE_SRCS := \
	$(AIGW_DIR)/core/arena.c \
	$(AIGW_DIR)/core/client.c \
	$(AIGW_DIR)/core/decode.c \
	$(AIGW_DIR)/core/decode_envelope.c \
	$(AIGW_DIR)/core/decode_gateway.c \
	$(AIGW_DIR)/core/decode_params.c \
	$(AIGW_DIR)/core/enum.c \
	$(AIGW_DIR)/core/error.c \
	$(AIGW_DIR)/core/field_path.c \
	$(AIGW_DIR)/core/http_date.c \
	$(AIGW_DIR)/core/http_request.c \
	$(AIGW_DIR)/core/http_response.c \
	$(AIGW_DIR)/core/http_url.c \
	$(AIGW_DIR)/core/jsmn.c \
	$(AIGW_DIR)/core/json_check.c \
	$(AIGW_DIR)/core/json_parse.c \
	$(AIGW_DIR)/core/json_path.c \
	$(AIGW_DIR)/core/json_raw.c \
	$(AIGW_DIR)/core/json_string.c \
	$(AIGW_DIR)/core/json_write.c \
	$(AIGW_DIR)/core/params_encode.c \
	$(AIGW_DIR)/core/params_equal.c \
	$(AIGW_DIR)/core/params_path.c \
	$(AIGW_DIR)/core/params_validate.c \
	$(AIGW_DIR)/core/proxy_connect.c \
	$(AIGW_DIR)/core/rfc3339.c \
	$(AIGW_DIR)/core/schema_table.c \
	$(AIGW_DIR)/core/sink.c \
	$(AIGW_DIR)/core/uri_format.c \
	$(AIGW_DIR)/core/utf8.c

# TLS port over any stream port: mbedTLS 2.28 ("aigw/aigw_tls.h"), with
# Cloudflare's root certificates (aigw_cloudflare_ca.c, generated; drop it
# from the list if you ship your own trust store).
AIGW_PORT_MBEDTLS_SRCS := \
	$(AIGW_DIR)/port/mbedtls/aigw_tls.c \
	$(AIGW_DIR)/port/mbedtls/aigw_tls_ca.c \
	$(AIGW_DIR)/port/mbedtls/aigw_tls_arena.c \
	$(AIGW_DIR)/port/mbedtls/aigw_cloudflare_ca.c

# Stream port over lwIP's raw TCP API, NO_SYS=1 bare metal ("aigw/aigw_lwip_raw.h").
AIGW_PORT_LWIP_RAW_SRCS := $(AIGW_DIR)/port/lwip/aigw_lwip_raw.c

# Stream port over lwIP's sockets API, NO_SYS=0 with an RTOS ("aigw/aigw_lwip_sockets.h").
AIGW_PORT_LWIP_SOCKETS_SRCS := $(AIGW_DIR)/port/lwip/aigw_lwip_sockets.c

# Stream port over BSD sockets, plus the OS entropy and wall clock the TLS
# port takes, for Linux and macOS ("aigw/aigw_posix.h").
AIGW_PORT_POSIX_SRCS := \
	$(AIGW_DIR)/port/posix/aigw_posix.c \
	$(AIGW_DIR)/port/posix/aigw_posix_entropy.c

# Every port, for tools that want the full list.
AIGW_PORT_SRCS := $(AIGW_PORT_MBEDTLS_SRCS) $(AIGW_PORT_LWIP_RAW_SRCS) \
	$(AIGW_PORT_LWIP_SOCKETS_SRCS) $(AIGW_PORT_POSIX_SRCS)
