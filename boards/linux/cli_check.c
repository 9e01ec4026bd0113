/* SPDX-License-Identifier: MIT */
/* Body checks of the aigw command; see cli_check.h. */
#include "cli_check.h"

#include <stdio.h>
#include <string.h>

#include "cli_output.h"

/* The members of a gateway the server keeps for itself (aigw_gateway_t
 * beyond its params): in 'get --json' output, never in an update. */
static const char *const read_only[] = {"id", "created_at", "modified_at", "is_default"};

/* Field index of the top-level member a diag path starts with, or -1. */
static int path_field(const char *path)
{
    return cli_field_find(path, strcspn(path, ".["));
}

int cli_check_untouched(const cli_check_t *k, const char *path)
{
    int f = path_field(path);
    return f >= 0 && f < 32 && !(k->touched & (1UL << f));
}

/* A range AIGW_RELAXED_RANGES widens (aigw_config.h) to "non-negative" (and
 * logpush_public_key's length to any): is the value within the wider one? */
static int relaxed_range_ok(const aigw_params_t *p, const char *path, const char *rule)
{
    if (!rule || strncmp(rule, "m", 1) != 0) return 0; /* minimum / maximum / minLength / maxLength */
    if (strcmp(path, "log_management") == 0) return p->log_management.value >= 0;
    if (strcmp(path, "retry_delay") == 0) return p->retry_delay.value >= 0;
    if (strcmp(path, "retry_max_attempts") == 0) return p->retry_max_attempts.value >= 0;
    return strcmp(path, "logpush_public_key") == 0;
}

/* Set field f aside in the check's copy: absent, or null when required. */
static void set_aside(cli_check_t *k, aigw_params_t *v, int f)
{
    aigw_diag_t d;
    cli_field_clear(v, f);
    memset(&d, 0, sizeof d);
    if (aigw_params_validate(v, &d) == AIGW_E_INVALID && path_field(d.path) == f)
        (void)cli_field_set(k->store, v, f, "null", &d);
}

aigw_err_t cli_check_params(cli_check_t *k, const aigw_params_t *p, aigw_diag_t *diag)
{
    aigw_params_t v = *p; /* the copy the check sets accepted fields aside in */
    int round;
    for (round = 0; round < 64; round++) {
        aigw_err_t e;
        int f;
        memset(diag, 0, sizeof *diag);
        e = aigw_params_validate(&v, diag);
        if (e != AIGW_E_INVALID || !k->relaxed) return e;
        f = path_field(diag->path);
        if (f < 0) return e;
        /* the server's own value goes back as it came (the decoder keeps
         * what the encoder writes back, unknown enum words included) */
        if (!cli_check_untouched(k, diag->path) && !relaxed_range_ok(p, diag->path, diag->rule)) return e;
        set_aside(k, &v, f);
    }
    return AIGW_E_INVALID;
}

/* A field's exact name (cli_field_find also takes the flag spelling). */
static int is_field(const aigw_member_t *m)
{
    int f = cli_field_find(m->name.ptr, m->name.len);
    return f >= 0 && memcmp(cli_field_name(f), m->name.ptr, m->name.len) == 0;
}

static int is_read_only(const aigw_member_t *m)
{
    size_t i;
    for (i = 0; i < sizeof read_only / sizeof read_only[0]; i++)
        if (m->name.len == strlen(read_only[i]) && memcmp(m->name.ptr, read_only[i], m->name.len) == 0)
            return 1;
    return 0;
}

int cli_check_body_members(cli_check_t *k, aigw_params_t *p, int strict, int quiet)
{
    size_t i, n = 0;
    int rc = 0;
    for (i = 0; i < p->extra.count && n < CLI_EXTRA_MAX; i++) {
        const aigw_member_t *m = &p->extra.items[i];
        if (is_read_only(m)) {
            if (!quiet) {
                fputs("aigw: note: --body-json: read-only member '", stderr);
                cli_put_text(stderr, m->name.ptr, m->name.len);
                fputs("' is the server's; not sent\n", stderr);
            }
            continue;
        }
        if (!is_field(m) && (strict || !quiet)) {
            fprintf(stderr, "aigw: %s: --body-json: unknown member '", strict ? "error" : "warning");
            cli_put_text(stderr, m->name.ptr, m->name.len);
            fputs(strict ? "' (--strict)\n" : "' is sent as it is (--strict refuses it)\n", stderr);
            if (strict) rc = -1;
        }
        k->extra[n++] = *m;
    }
    p->extra.items = k->extra;
    p->extra.count = n;
    return rc;
}

/* The mask cli_print_gateway() shows for a secret. */
static int is_mask(const aigw_text_t *t)
{
    return t->state == AIGW_SET && t->value.len == 4 && memcmp(t->value.ptr, "****", 4) == 0;
}

int cli_check_masked(const aigw_params_t *p)
{
    size_t i;
    char where[48] = "";
    for (i = 0; p->otel.state == AIGW_SET && p->otel.items && i < p->otel.count && !where[0]; i++)
        if (is_mask(&p->otel.items[i].authorization))
            snprintf(where, sizeof where, "otel[%zu].authorization", i);
    if (!where[0] && p->stripe.state == AIGW_SET && is_mask(&p->stripe.authorization))
        snprintf(where, sizeof where, "stripe.authorization");
    if (!where[0]) return 0;
    fprintf(stderr, "aigw: --body-json: %s is \"****\", a secret 'aigw get' masked;\n"
                    "aigw: write the real one (or get --json --show-secrets)\n", where);
    return -1;
}
