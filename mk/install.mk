# SPDX-License-Identifier: MIT
# Installation for Linux (issue 10):
#   make install   [PREFIX=/usr/local] [DESTDIR=]   libraries, headers, the aigw command (man page,
#                                                  bash completion), aigw.pc
#   make uninstall [PREFIX=/usr/local] [DESTDIR=]   removes exactly those files
#
# Installs two static archives:
#   $(LIBDIR)/libaigw.a       the core (no heap, no OS; what firmware links too)
#   $(LIBDIR)/libaigw_port.a  the POSIX stream port, the mbedTLS TLS port and
#                             Cloudflare's roots (links against -lmbedtls -lmbedx509 -lmbedcrypto)
# kept apart so a program that only encodes or decodes links the core alone,
# and a program with its own transport never pulls mbedTLS in. Both are static:
# the core is small, and a fixed-memory library gains nothing from sharing.
# The public headers go to $(INCLUDEDIR)/aigw/, the command to $(BINDIR)/aigw
# with its manual page ($(MANDIR)/man1/aigw.1) and bash completion ($(BASHCOMPDIR)/aigw),
# and $(PKGCONFIGDIR)/aigw.pc gives
#   cc prog.c $(pkg-config --cflags --libs aigw)
# Because the archives are static, aigw.pc lists the mbedTLS libraries in Libs
# (a static archive does not carry its dependencies; mbedTLS 2.28 on Debian has
# no .pc file to Require). jsmn is compiled into libaigw.a, private to it; the
# public headers do not include <jsmn.h>, so Cflags need no jsmn directory.
# Tested by tests/suites/93-integration.sh (DESTDIR install, build through pkg-config).

PREFIX       ?= /usr/local
DESTDIR      ?=
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
MANDIR       ?= $(PREFIX)/share/man
# where bash-completion looks for a command's completion (loaded on first use)
BASHCOMPDIR  ?= $(PREFIX)/share/bash-completion/completions
# where <jsmn.h> lives on the target system (Debian's libjsmn-dev: /usr/include)
JSMN_INCLUDEDIR ?= /usr/include

INSTALL      ?= install
AIGW_PUBLIC_HEADERS := $(sort $(wildcard include/aigw/*.h))
AIGW_PC_VERSION := $(shell sed -n 's/^\#define AIGW_VERSION_STRING "\(.*\)"/\1/p' include/aigw/aigw_version.h)
AIGW_PC      := $(BUILD)/pkgconfig/aigw.pc

.PHONY: install uninstall install-pc
# lib, port and aigw are the phony targets of the core, mk/port.mk and mk/linux.mk
# (named, not their files: those variables are set by files included after this one).
install: lib port aigw install-pc
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR)/aigw $(DESTDIR)$(PKGCONFIGDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 644 $(LIB) $(PORT_LIB) $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 644 $(AIGW_PUBLIC_HEADERS) $(DESTDIR)$(INCLUDEDIR)/aigw/
	$(INSTALL) -m 755 $(AIGW_CLI) $(DESTDIR)$(BINDIR)/aigw
	$(INSTALL) -m 644 $(AIGW_MAN) $(DESTDIR)$(MANDIR)/man1/aigw.1
	$(INSTALL) -m 644 boards/linux/aigw.bash-completion $(DESTDIR)$(BASHCOMPDIR)/aigw
	$(INSTALL) -m 644 $(AIGW_PC) $(DESTDIR)$(PKGCONFIGDIR)/aigw.pc

# The .pc file names the final paths (without DESTDIR: that is only the staging root).
install-pc:
	@mkdir -p $(dir $(AIGW_PC))
	@printf '%s\n' \
	  'prefix=$(PREFIX)' \
	  'libdir=$(LIBDIR)' \
	  'includedir=$(INCLUDEDIR)' \
	  '' \
	  'Name: aigw' \
	  'Description: heap-free C client for Cloudflare AI Gateway "Update a Gateway" (core + POSIX and mbedTLS ports)' \
	  'Version: $(AIGW_PC_VERSION)' \
	  'Cflags: -I$${includedir}' \
	  'Libs: -L$${libdir} -laigw_port -laigw -lmbedtls -lmbedx509 -lmbedcrypto' \
	  >$(AIGW_PC)

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libaigw.a $(DESTDIR)$(LIBDIR)/libaigw_port.a
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/aigw/,$(notdir $(AIGW_PUBLIC_HEADERS)))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/aigw 2>/dev/null
	rm -f $(DESTDIR)$(BINDIR)/aigw $(DESTDIR)$(PKGCONFIGDIR)/aigw.pc
	rm -f $(DESTDIR)$(MANDIR)/man1/aigw.1 $(DESTDIR)$(BASHCOMPDIR)/aigw
