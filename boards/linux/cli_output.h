/* SPDX-License-Identifier: MIT */
/* What the command prints: the gateway (summary or JSON) and errors. */
#ifndef AIGW_CLI_OUTPUT_H
#define AIGW_CLI_OUTPUT_H

#include <stdio.h>

#include "aigw/aigw_client.h"

/* Work memory for printing (caller-owned; large, so not on a small stack). */
typedef struct cli_out_mem {
    char scratch[65536];
    char json[70000];
    aigw_tok_t tok[4096];
} cli_out_mem_t;

/* Server-controlled text for a terminal: C0 controls, DEL and C1 controls
 * (ESC, BEL, CSI, OSC ...) are written as \u001b, bytes that are not
 * UTF-8 as \xff, so nothing the server sends can drive the terminal. */
void cli_put_text(FILE *out, const char *s, size_t len);
void cli_put_cstr(FILE *out, const char *s);

/* The gateway: a summary (one "name value" line per member) or compact JSON.
 * otel[].authorization and stripe.authorization are shown as "****" unless
 * show_secrets; *masked counts them. Returns 0 on success. */
int cli_print_gateway(FILE *out, const aigw_gateway_t *gw, cli_out_mem_t *m, int json, int show_secrets,
                      int *masked);

/* The error of a call, with the API's codes and messages and the cf-ray. */
void cli_print_error(FILE *out, const aigw_result_t *r);

/* The envelope's messages[] (kept ones, then the count of the rest): text
 * lines, or with json one line {"messages":[...],"messages_total":N}.
 * Prints nothing when there were none. */
void cli_print_messages(FILE *out, const aigw_result_t *r, int json);

/* A local (pre-network) error with its diagnostics. */
void cli_print_diag(FILE *out, const char *what, aigw_err_t e, const aigw_diag_t *d);

#endif
