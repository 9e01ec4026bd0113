/* SPDX-License-Identifier: MIT */
/* Field table of the command line; see cli_fields.h. */
#include "cli_fields.h"

#include <stddef.h>
#include <string.h>

#include "aigw/aigw_sink.h"

/* A bare value of a string-typed field is quoted before decoding, so
 * "--store-id abc" works; a value that already is JSON ("null", "\"x\"")
 * is taken as it is. */
enum { F_JSON, F_STRING };

typedef struct field {
    const char *name;
    size_t offset;
    size_t size;
    int kind;
} field_t;

#define FIELD(m, k) { #m, offsetof(aigw_params_t, m), sizeof(((aigw_params_t *)0)->m), k }

static const field_t fields[] = {
    FIELD(cache_invalidate_on_update, F_JSON),
    FIELD(cache_ttl, F_JSON),
    FIELD(collect_logs, F_JSON),
    FIELD(rate_limiting_interval, F_JSON),
    FIELD(rate_limiting_limit, F_JSON),
    FIELD(authentication, F_JSON),
    FIELD(dlp, F_JSON),
    FIELD(log_management, F_JSON),
    FIELD(log_management_strategy, F_STRING),
    FIELD(logpush, F_JSON),
    FIELD(logpush_public_key, F_STRING),
    FIELD(otel, F_JSON),
    FIELD(rate_limiting_technique, F_STRING),
    FIELD(retry_backoff, F_STRING),
    FIELD(retry_delay, F_JSON),
    FIELD(retry_max_attempts, F_JSON),
    FIELD(store_id, F_STRING),
    FIELD(stripe, F_JSON),
    FIELD(workers_ai_billing_mode, F_STRING),
    FIELD(zdr, F_JSON),
};

#define NFIELDS ((int)(sizeof fields / sizeof fields[0]))

void cli_store_init(cli_store_t *s)
{
    s->text_used = 0;
    aigw_arena_init(&s->arena, s->arena_mem, sizeof s->arena_mem);
}

const char *cli_field_name(int i)
{
    return (i >= 0 && i < NFIELDS) ? fields[i].name : NULL;
}

int cli_field_find(const char *name, size_t len)
{
    int i;
    for (i = 0; i < NFIELDS; i++) {
        const char *f = fields[i].name;
        size_t j;
        if (strlen(f) != len) continue;
        for (j = 0; j < len; j++) {
            char c = name[j] == '-' ? '_' : name[j];
            if (c != f[j]) break;
        }
        if (j == len) return i;
    }
    return -1;
}

static int is_json_literal(const char *v)
{
    return v[0] == '"' || strcmp(v, "null") == 0;
}

aigw_err_t cli_field_set(cli_store_t *s, aigw_params_t *p, int field, const char *value,
                         aigw_diag_t *diag)
{
    const field_t *f;
    aigw_sink_t sink;
    aigw_params_t tmp;
    aigw_err_t e;
    char *text;
    size_t start = s->text_used, cap;
    if (field < 0 || field >= NFIELDS || !value) return AIGW_E_ARG;
    f = &fields[field];
    /* the value is wrapped as {"<name>":<value>} and decoded like a body */
    text = s->text + start;
    cap = sizeof s->text - start;
    aigw_sink_init_buffer(&sink, text, cap);
    aigw_sink_puts(&sink, "{\"");
    aigw_sink_puts(&sink, f->name);
    aigw_sink_puts(&sink, "\":");
    if (f->kind == F_STRING && !is_json_literal(value)) {
        e = aigw_json_write_string(&sink, value, strlen(value));
        if (e != AIGW_OK && e != AIGW_E_BUFFER) {
            memset(diag, 0, sizeof *diag);
            strncpy(diag->path, f->name, sizeof diag->path - 1);
            diag->rule = "utf8";
            return AIGW_E_INVALID;
        }
    } else {
        aigw_sink_puts(&sink, value);
    }
    aigw_sink_putc(&sink, '}');
    e = aigw_sink_finish(&sink);
    if (e != AIGW_OK) {
        memset(diag, 0, sizeof *diag);
        strncpy(diag->path, f->name, sizeof diag->path - 1);
        diag->needed = sink.total;
        return AIGW_E_BUFFER;
    }
    memset(&tmp, 0, sizeof tmp);
    e = aigw_params_from_json(text, sink.total, s->tok, sizeof s->tok / sizeof s->tok[0],
                              &s->arena, &tmp, diag);
    if (e != AIGW_OK) return e;
    if (tmp.extra.count) {
        /* the decoder could not model the value (a member it does not know) */
        memset(diag, 0, sizeof *diag);
        strncpy(diag->path, f->name, sizeof diag->path - 1);
        diag->rule = "unknown member in value";
        return AIGW_E_INVALID;
    }
    s->text_used = start + sink.total;
    memcpy((char *)p + f->offset, (const char *)&tmp + f->offset, f->size);
    return AIGW_OK;
}

void cli_field_clear(aigw_params_t *p, int field)
{
    if (field >= 0 && field < NFIELDS) memset((char *)p + fields[field].offset, 0, fields[field].size);
}
