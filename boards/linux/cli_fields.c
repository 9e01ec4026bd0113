/* SPDX-License-Identifier: MIT */
/* The command line's fields, from the core's schema table; see cli_fields.h. */
#include "cli_fields.h"

#include <stddef.h>
#include <string.h>

#include "aigw/aigw_sink.h"

void cli_store_init(cli_store_t *s)
{
    s->text_used = 0;
    aigw_arena_init(&s->arena, s->arena_mem, sizeof s->arena_mem);
}

const char *cli_field_name(int i)
{
    aigw_field_info_t fi;
    if (i < 0 || aigw_params_field_at((size_t)i, &fi) != AIGW_OK) return NULL;
    return fi.name;
}

/* key[0..len) with '-' for '_' into k->path; -1 when too long */
static int spell(const char *key, size_t len, cli_key_t *k, int dashes)
{
    size_t j;
    if (len >= sizeof k->path) return -1;
    for (j = 0; j < len; j++) k->path[j] = dashes && key[j] == '-' ? '_' : key[j];
    k->path[len] = 0;
    k->len = len;
    return 0;
}

int cli_key_find(const char *key, size_t len, cli_key_t *k)
{
    int dashes;
    /* the API's own spelling first, then the flag spelling */
    for (dashes = 0; dashes < 2; dashes++) {
        if (dashes && !memchr(key, '-', len)) break;
        if (spell(key, len, k, dashes) != 0) return -1;
        if (aigw_params_field_find(k->path, k->len, &k->info, NULL) == AIGW_OK) return 0;
    }
    return -1;
}

int cli_field_find(const char *name, size_t len)
{
    cli_key_t k;
    if (cli_key_find(name, len, &k) != 0 || k.info.depth != 0) return -1;
    return (int)k.info.top;
}

static int is_json_literal(const char *v)
{
    return v[0] == '"' || strcmp(v, "null") == 0;
}

static aigw_err_t fail(aigw_diag_t *diag, const cli_key_t *k, const char *rule, aigw_err_t e)
{
    size_t n = k->len < sizeof diag->path - 1 ? k->len : sizeof diag->path - 1;
    memset(diag, 0, sizeof *diag);
    memcpy(diag->path, k->path, n); /* the key's own path: the API's names */
    diag->err = e;
    diag->rule = rule;
    return e;
}

/* {"a":{"b":{"c":<value>}}} for the path a.b.c: the value in its place in a body */
static aigw_err_t wrap(aigw_sink_t *sink, const cli_key_t *k, const char *value)
{
    size_t j, depth = 0;
    aigw_sink_puts(sink, "{\"");
    for (j = 0; j < k->len; j++) {
        if (k->path[j] == '.') {
            aigw_sink_puts(sink, "\":{\"");
            depth++;
        } else {
            aigw_sink_putc(sink, k->path[j]);
        }
    }
    aigw_sink_puts(sink, "\":");
    if (k->info.quote && !is_json_literal(value)) {
        aigw_err_t e = aigw_json_write_string(sink, value, strlen(value));
        if (e != AIGW_OK && e != AIGW_E_BUFFER) return AIGW_E_INVALID;
    } else {
        aigw_sink_puts(sink, value);
    }
    for (j = 0; j <= depth; j++) aigw_sink_putc(sink, '}');
    return AIGW_OK;
}

aigw_err_t cli_key_set(cli_store_t *s, aigw_params_t *p, const cli_key_t *k, const char *value,
                       aigw_diag_t *diag)
{
    aigw_sink_t sink;
    aigw_params_t tmp;
    aigw_err_t e;
    char *text;
    size_t start = s->text_used, d;
    if (!k || !value || k->info.size == 0) return AIGW_E_ARG;
    /* the value is wrapped in its objects and decoded like a body */
    text = s->text + start;
    aigw_sink_init_buffer(&sink, text, sizeof s->text - start);
    if (wrap(&sink, k, value) != AIGW_OK) return fail(diag, k, "utf8", AIGW_E_INVALID);
    e = aigw_sink_finish(&sink);
    if (e != AIGW_OK) {
        fail(diag, k, NULL, AIGW_E_BUFFER);
        diag->needed = sink.total;
        return AIGW_E_BUFFER;
    }
    memset(&tmp, 0, sizeof tmp);
    e = aigw_params_from_json(text, sink.total, s->tok, sizeof s->tok / sizeof s->tok[0],
                              &s->arena, &tmp, diag);
    if (e != AIGW_OK) return e;
    if (tmp.extra.count) /* the decoder could not model the value (a member it does not know) */
        return fail(diag, k, "unknown member in value", AIGW_E_INVALID);
    s->text_used = start + sink.total;
    /* only the member changes; the objects around it are SET */
    memcpy((char *)p + k->info.offset, (const char *)&tmp + k->info.offset, k->info.size);
    for (d = 0; d < k->info.depth; d++) {
        aigw_state_t set = AIGW_SET;
        memcpy((char *)p + k->info.parents[d], &set, sizeof set);
    }
    return AIGW_OK;
}

aigw_err_t cli_field_set(cli_store_t *s, aigw_params_t *p, int field, const char *value,
                         aigw_diag_t *diag)
{
    cli_key_t k;
    const char *name = cli_field_name(field);
    if (!name || !value) return AIGW_E_ARG;
    if (spell(name, strlen(name), &k, 0) != 0 || aigw_params_field_at((size_t)field, &k.info) != AIGW_OK)
        return AIGW_E_ARG;
    return cli_key_set(s, p, &k, value, diag);
}

void cli_field_clear(aigw_params_t *p, int field)
{
    aigw_field_info_t fi;
    if (field >= 0 && aigw_params_field_at((size_t)field, &fi) == AIGW_OK)
        memset((char *)p + fi.offset, 0, fi.size);
}
