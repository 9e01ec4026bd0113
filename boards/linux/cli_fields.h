/* SPDX-License-Identifier: MIT */
/*
 * The update model's fields as the command line names them, from the
 * core's schema table (aigw_params_field_at/_find): one flag per top-level
 * member (--cache-ttl 300) and KEY=VALUE for `aigw set`, where KEY is a
 * member or a dotted path into objects (guardrails.prompt.S1=BLOCK,
 * dlp.enabled=false). A member added by regenerating the table is a flag
 * and a key with no edit here. A value is given in the API's own JSON shape
 * (numbers, true/false, null, objects and arrays for dlp/otel/stripe);
 * string and enum members may also be given bare (--store-id abc).
 * Decoding goes through the project's own decoder.
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

/* Index of the top-level field whose API name is name[0..len) (or its flag
 * spelling with '-' for '_'), or -1. */
int cli_field_find(const char *name, size_t len);

/* API name of top-level field i (NULL past the end): for --help and the flags. */
const char *cli_field_name(int i);

/* Decode value for top-level field i and set it in p. On failure fills
 * diag (path names the field) and returns the error. */
aigw_err_t cli_field_set(cli_store_t *s, aigw_params_t *p, int field, const char *value,
                         aigw_diag_t *diag);

/* Make top-level field i absent in p (the --relaxed check sets aside what it accepted). */
void cli_field_clear(aigw_params_t *p, int field);

/* A set key: a member or a dotted path, as the API spells it. */
typedef struct cli_key {
    aigw_field_info_t info;
    char path[128]; /* NUL-terminated */
    size_t len;
} cli_key_t;

/* Resolve key[0..len) (the API's names, or '-' for '_'): 0, or -1 when it
 * names no member. */
int cli_key_find(const char *key, size_t len, cli_key_t *k);

/* Decode value for the member k names and set it in p: only that member
 * changes, and the objects around it become SET. */
aigw_err_t cli_key_set(cli_store_t *s, aigw_params_t *p, const cli_key_t *k, const char *value,
                       aigw_diag_t *diag);

#endif
