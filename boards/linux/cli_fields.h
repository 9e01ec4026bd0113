/* SPDX-License-Identifier: MIT */
/*
 * The update model's fields as the command line names them: one flag per
 * field (--cache-ttl 300) and field=value for `aigw set`. A value is given
 * in the API's own JSON shape (numbers, true/false, null, objects and
 * arrays for dlp/otel/stripe); string and enum fields may also be given
 * bare (--store-id abc). Decoding goes through the project's own decoder.
 */
#ifndef AIGW_CLI_FIELDS_H
#define AIGW_CLI_FIELDS_H

#include <stddef.h>

#include "aigw/aigw_decode.h"
#include "aigw/aigw_model.h"

/* Memory for decoded values: the text of every value given, its tokens
 * and the arena its arrays and strings come from. */
typedef struct cli_store {
    char text[16384];
    size_t text_used;
    aigw_tok_t tok[1024];
    uint64_t arena_mem[4096];
    aigw_arena_t arena;
} cli_store_t;

void cli_store_init(cli_store_t *s);

/* Index of the field whose API name is name[0..len) (or its flag spelling
 * with '-' for '_'), or -1. */
int cli_field_find(const char *name, size_t len);

/* API name of field i (NULL past the end): for --help. */
const char *cli_field_name(int i);

/* Decode value for field i and set it in p. On failure fills diag (path
 * names the field) and returns the error. */
aigw_err_t cli_field_set(cli_store_t *s, aigw_params_t *p, int field, const char *value,
                         aigw_diag_t *diag);

/* Make field i absent in p (the --relaxed check sets aside what it accepted). */
void cli_field_clear(aigw_params_t *p, int field);

#endif
