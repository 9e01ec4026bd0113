/* SPDX-License-Identifier: MIT */
/*
 * The command line of the aigw command: getopt_long parsing (long options
 * with "=VALUE" or a separate VALUE, "--" ending the options, -h -q -v), the
 * commands and their positional arguments, and the help texts.
 */
#ifndef AIGW_CLI_OPTIONS_H
#define AIGW_CLI_OPTIONS_H

#include <stdio.h>

enum {
    EXIT_OK = 0,
    EXIT_OTHER = 1,      /* protocol or decoding failure, response too large */
    EXIT_USAGE = 2,      /* bad command line or environment */
    EXIT_VALIDATION = 3, /* refused before sending: a parameter breaks the schema */
    EXIT_API = 4,        /* the API refused the request (4xx) */
    EXIT_SERVER = 5,     /* server error (5xx) after retries */
    EXIT_NETWORK = 6,    /* network, TLS or timeout (an unreachable proxy included) */
    EXIT_PROXY = 7       /* the proxy refused the tunnel (407, 403, other) */
};

/* --field flags of update kept in command-line order (applied after --body-json) */
#define CLI_MAX_FIELD_FLAGS 64

typedef struct cli_field_flag {
    int field;         /* index for cli_field_set() */
    const char *value; /* argv text */
} cli_field_flag_t;

typedef struct cli_opts {
    const char *cmd, *gateway_id, *account, *base_url, *cacert_path, *body_path;
    int json, dry_run, verbose, quiet, allow_insecure_http, relaxed, show_secrets, strict, system_ca;
    unsigned long timeout_ms, attempts;
    unsigned long connect_ms, response_ms, backoff_base_ms; /* 0: the library's default */
    int backoff;           /* aigw_backoff_t; -1: the library's default */
    const char *proxy_url; /* --proxy; NULL: from the environment; "": none */
    cli_field_flag_t flags[CLI_MAX_FIELD_FLAGS];
    int nflags;
    char **assign; /* set: the field=value arguments */
    int nassign;
    int help;      /* -h seen */
    int done;      /* help or version printed: exit with done_rc */
    int done_rc;
} cli_opts_t;

/* Parse argv into o. Returns EXIT_OK, or EXIT_USAGE after a message on stderr;
 * o->done is set when help or the version was printed instead. */
int cli_parse(cli_opts_t *o, int argc, char **argv);

/* Help for a command ("update", "get", "set") or the overview (NULL);
 * -1 for an unknown command. Every line fits 80 columns. */
int cli_help(FILE *out, const char *cmd);

#endif
