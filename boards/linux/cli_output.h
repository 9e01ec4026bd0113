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

/* The result object as compact JSON (one line). Returns 0 on success. */
int cli_print_gateway_json(FILE *out, const aigw_gateway_t *gw, cli_out_mem_t *m);

/* A readable summary: one "name: value" line per member. */
int cli_print_gateway_summary(FILE *out, const aigw_gateway_t *gw, cli_out_mem_t *m);

/* The error of a call, with the API's codes and messages and the cf-ray. */
void cli_print_error(FILE *out, const aigw_result_t *r);

/* A local (pre-network) error with its diagnostics. */
void cli_print_diag(FILE *out, const char *what, aigw_err_t e, const aigw_diag_t *d);

#endif
