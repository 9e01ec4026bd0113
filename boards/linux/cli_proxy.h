/* SPDX-License-Identifier: MIT */
/*
 * Which HTTP proxy the command uses, if any: --proxy URL, else the
 * environment (https_proxy / HTTPS_PROXY for an https base URL, http_proxy
 * for an http one, then all_proxy / ALL_PROXY), minus the hosts NO_PROXY /
 * no_proxy exempts, with curl's rules.
 */
#ifndef AIGW_CLI_PROXY_H
#define AIGW_CLI_PROXY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "aigw/aigw_http.h"
#include "aigw/aigw_port.h"
#include "aigw/aigw_proxy.h"

typedef struct cli_proxy {
    char host[256];      /* without IPv6 brackets */
    uint16_t port;
    char user[256];      /* percent-decoded; "" for none */
    char password[256];
    const char *source;  /* "--proxy", "HTTPS_PROXY", ... (for messages) */
} cli_proxy_t;

/* Resolve the proxy for target_host (the base URL's host; tls: https).
 * flag_url is the --proxy value or NULL; "" there means "no proxy".
 * Returns 1 with *out filled (use a proxy), 0 (connect directly), or -1
 * with a sentence in err (a malformed proxy URL: a usage error). */
int cli_proxy_resolve(cli_proxy_t *out, const char *flag_url, const char *target_host, int tls,
                      char *err, size_t err_cap);

/* The selection and, when a proxy applies, the core's CONNECT step over the
 * socket port. Holds the proxy's credentials: wipe it when done. */
typedef struct cli_proxy_step {
    cli_proxy_t sel;
    int used;
#if AIGW_ENABLE_PROXY
    aigw_proxy_t px;
    aigw_port_t port;
    uint8_t buf[512];
#endif
} cli_proxy_step_t;

/* Resolve the proxy for url (flag_url: --proxy or NULL) and, when one
 * applies, put the CONNECT step over *port and make *port point to it.
 * Prints why on stderr and returns -1 for a usage error; 0 otherwise. */
int cli_proxy_setup(cli_proxy_step_t *s, const char *flag_url, const aigw_url_t *url, int verbose,
                    aigw_port_t **port);

/* "  the proxy H:P answered N" after a refusal (nothing when no answer came). */
void cli_proxy_print_answer(FILE *out, const cli_proxy_step_t *s);

/* Does a NO_PROXY list (curl's syntax) exempt host? Exposed for tests. */
int cli_proxy_bypass(const char *no_proxy, const char *host);

#endif
