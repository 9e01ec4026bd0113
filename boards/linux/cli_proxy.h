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

/* Does a NO_PROXY list (curl's syntax) exempt host? Exposed for tests. */
int cli_proxy_bypass(const char *no_proxy, const char *host);

#endif
