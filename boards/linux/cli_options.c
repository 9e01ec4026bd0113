/* SPDX-License-Identifier: MIT */
/* The aigw command's command line; see cli_options.h. */
#define _GNU_SOURCE /* getopt_long */
#include "cli_options.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_config.h"
#include "cli_fields.h"

enum {
    O_ACCOUNT = 256, O_BASE_URL, O_CACERT, O_SYSTEM_CA, O_BODY_JSON, O_JSON, O_DRY_RUN, O_TIMEOUT,
    O_ATTEMPTS, O_INSECURE, O_RELAXED, O_SHOW_SECRETS, O_STRICT, O_VERSION,
    O_CONNECT_TIMEOUT, O_RESPONSE_TIMEOUT, O_BACKOFF, O_BACKOFF_BASE, O_PROXY,
    O_FIELD = 1000 /* + field index */
};

static const struct option fixed_options[] = {
    {"account", required_argument, NULL, O_ACCOUNT},
    {"base-url", required_argument, NULL, O_BASE_URL},
    {"cacert", required_argument, NULL, O_CACERT},
    {"system-ca", no_argument, NULL, O_SYSTEM_CA},
    {"body-json", required_argument, NULL, O_BODY_JSON},
    {"json", no_argument, NULL, O_JSON},
    {"dry-run", no_argument, NULL, O_DRY_RUN},
    {"timeout", required_argument, NULL, O_TIMEOUT},
    {"attempts", required_argument, NULL, O_ATTEMPTS},
    {"connect-timeout", required_argument, NULL, O_CONNECT_TIMEOUT},
    {"response-timeout", required_argument, NULL, O_RESPONSE_TIMEOUT},
    {"backoff", required_argument, NULL, O_BACKOFF},
    {"backoff-base", required_argument, NULL, O_BACKOFF_BASE},
    {"proxy", required_argument, NULL, O_PROXY},
    {"allow-insecure-http", no_argument, NULL, O_INSECURE},
    {"relaxed", no_argument, NULL, O_RELAXED},
    {"show-secrets", no_argument, NULL, O_SHOW_SECRETS},
    {"strict", no_argument, NULL, O_STRICT},
    {"verbose", no_argument, NULL, 'v'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, O_VERSION},
};

#define NFIXED (sizeof fixed_options / sizeof fixed_options[0])
#define MAX_FIELDS 48

/* The option table: the fixed options, then one --flag-spelling per field. */
typedef struct table {
    struct option opt[NFIXED + MAX_FIELDS + 1];
    char names[MAX_FIELDS][48];
} table_t;

static void build_table(table_t *t)
{
    size_t n = NFIXED;
    int i;
    memcpy(t->opt, fixed_options, sizeof fixed_options);
    for (i = 0; cli_field_name(i) && i < MAX_FIELDS; i++) {
        const char *f = cli_field_name(i);
        size_t j;
        for (j = 0; j < sizeof t->names[i] - 1 && f[j]; j++) t->names[i][j] = f[j] == '_' ? '-' : f[j];
        t->names[i][j] = 0;
        t->opt[n].name = t->names[i];
        t->opt[n].has_arg = required_argument;
        t->opt[n].flag = NULL;
        t->opt[n].val = O_FIELD + i;
        n++;
    }
    memset(&t->opt[n], 0, sizeof t->opt[n]);
}

/* "30" and "30s" are seconds, "500ms" milliseconds; 1 ms .. 1 day. */
static int parse_timeout(const char *s, unsigned long *ms)
{
    char *end;
    unsigned long v;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || end == s || s[0] == '-') return -1;
    if (strcmp(end, "ms") == 0) *ms = v;
    else if (*end == 0 || strcmp(end, "s") == 0) *ms = v > 86400UL ? 86400001UL : v * 1000UL;
    else return -1;
    return *ms == 0 || *ms > 86400000UL ? -1 : 0;
}

static int parse_attempts(const char *s, unsigned long *out)
{
    char *end;
    errno = 0;
    *out = strtoul(s, &end, 10);
    return (errno || !*s || *end || s[0] == '-' || *out == 0 || *out > 100) ? -1 : 0;
}

/* An option with a value; -1 after a message when the value is bad. */
static int take_value(cli_opts_t *o, int code, const char *v)
{
    switch (code) {
    case O_ACCOUNT: o->account = v; return 0;
    case O_BASE_URL: o->base_url = v; return 0;
    case O_CACERT: o->cacert_path = v; return 0;
    case O_BODY_JSON: o->body_path = v; return 0;
    case O_TIMEOUT:
        if (parse_timeout(v, &o->timeout_ms) == 0) return 0;
        fprintf(stderr, "aigw: --timeout takes seconds (30, 30s) or milliseconds (500ms), "
                        "1ms..86400s\n");
        return -1;
    case O_ATTEMPTS:
        if (parse_attempts(v, &o->attempts) == 0) return 0;
        fprintf(stderr, "aigw: --attempts takes 1..100\n");
        return -1;
    case O_CONNECT_TIMEOUT: case O_RESPONSE_TIMEOUT: case O_BACKOFF_BASE: {
        unsigned long *ms = code == O_CONNECT_TIMEOUT ? &o->connect_ms
                          : code == O_RESPONSE_TIMEOUT ? &o->response_ms : &o->backoff_base_ms;
        if (parse_timeout(v, ms) == 0) return 0;
        fprintf(stderr, "aigw: --%s takes seconds (3, 3s) or milliseconds (500ms), 1ms..86400s\n",
                code == O_CONNECT_TIMEOUT ? "connect-timeout"
                : code == O_RESPONSE_TIMEOUT ? "response-timeout" : "backoff-base");
        return -1;
    }
    case O_BACKOFF: {
        static const char *const shapes[] = {"exponential", "constant", "linear"}; /* aigw_backoff_t order */
        for (o->backoff = 2; o->backoff >= 0 && strcmp(v, shapes[o->backoff]) != 0; o->backoff--) {}
        if (o->backoff >= 0) return 0;
        fprintf(stderr, "aigw: --backoff takes exponential, constant or linear\n");
        return -1;
    }
    case O_PROXY: o->proxy_url = v; return 0;
    default:
        break;
    }
    if (o->nflags >= CLI_MAX_FIELD_FLAGS) {
        fprintf(stderr, "aigw: more than %d field flags\n", CLI_MAX_FIELD_FLAGS);
        return -1;
    }
    o->flags[o->nflags].field = code - O_FIELD;
    o->flags[o->nflags].value = v;
    o->nflags++;
    return 0;
}

/* A switch; 1 when code is not one. */
static int take_switch(cli_opts_t *o, int code)
{
    int *sw;
    switch (code) {
    case O_SYSTEM_CA: sw = &o->system_ca; break;
    case O_JSON: sw = &o->json; break;
    case O_DRY_RUN: sw = &o->dry_run; break;
    case O_INSECURE: sw = &o->allow_insecure_http; break;
    case O_RELAXED: sw = &o->relaxed; break;
    case O_SHOW_SECRETS: sw = &o->show_secrets; break;
    case O_STRICT: sw = &o->strict; break;
    case 'v': sw = &o->verbose; break;
    case 'q': sw = &o->quiet; break;
    case 'h': sw = &o->help; break; /* printed once the command is known */
    default: return 1;
    }
    *sw = 1;
    return 0;
}

static int bad_option(int argc, char **argv, int code)
{
    const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
    if (code == ':') fprintf(stderr, "aigw: %s needs a value\n", arg);
    else if (optopt && optopt < 256) fprintf(stderr, "aigw: unknown option -%c\n", optopt);
    else fprintf(stderr, "aigw: unknown option '%s'\n", arg);
    fprintf(stderr, "aigw: see 'aigw help'\n");
    return EXIT_USAGE;
}

static int parse_options(cli_opts_t *o, int argc, char **argv)
{
    table_t t;
    int code;
    build_table(&t);
    opterr = 0; /* our own messages: getopt's name the binary's path */
    optind = 1;
    while ((code = getopt_long(argc, argv, ":hqv", t.opt, NULL)) != -1) {
        if (code == '?' || code == ':') return bad_option(argc, argv, code);
        if (code == O_VERSION) {
            printf("aigw %s\n", AIGW_VERSION);
            o->done = 1;
            o->done_rc = EXIT_OK;
            return EXIT_OK;
        }
        if (take_switch(o, code) == 0) continue;
        if (take_value(o, code, optarg) != 0) return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int known_command(const char *cmd)
{
    return strcmp(cmd, "update") == 0 || strcmp(cmd, "get") == 0 || strcmp(cmd, "set") == 0;
}

/* Positional arguments: COMMAND GATEWAY-ID [FIELD=VALUE ...]. */
static int parse_positional(cli_opts_t *o, int argc, char **argv)
{
    int n = argc - optind;
    char **pos = argv + optind;
    if (n > 0 && strcmp(pos[0], "help") == 0) {
        o->done = 1;
        o->done_rc = cli_help(stdout, n > 1 ? pos[1] : NULL) == 0 ? EXIT_OK : EXIT_USAGE;
        if (o->done_rc) fprintf(stderr, "aigw: no command '%s' (update, get or set)\n", pos[1]);
        return o->done_rc;
    }
    if (n > 0) o->cmd = pos[0];
    if (o->cmd && !known_command(o->cmd)) {
        fprintf(stderr, "aigw: unknown command '%s' (update, get, set or help)\n", o->cmd);
        return EXIT_USAGE;
    }
    if (o->help) { /* -h / --help, for the command given if any */
        o->done = 1;
        o->done_rc = EXIT_OK;
        cli_help(stdout, o->cmd);
        return EXIT_OK;
    }
    if (n < 2) {
        cli_help(stderr, o->cmd);
        return EXIT_USAGE;
    }
    o->gateway_id = pos[1];
    o->assign = pos + 2;
    o->nassign = n - 2;
    return EXIT_OK;
}

/* What each command accepts. */
static int check_command(const cli_opts_t *o)
{
    int is_set = strcmp(o->cmd, "set") == 0;
    if (o->nflags && strcmp(o->cmd, "update") != 0) {
        fprintf(stderr, "aigw: %s does not take field flags such as --%s (set uses field=value)\n",
                o->cmd, cli_field_name(o->flags[0].field));
        return EXIT_USAGE;
    }
    if (o->body_path && strcmp(o->cmd, "update") != 0) {
        fprintf(stderr, "aigw: only update takes --body-json\n");
        return EXIT_USAGE;
    }
    if (o->nassign && !is_set) {
        fprintf(stderr, "aigw: unexpected argument '%s'\n", o->assign[0]);
        return EXIT_USAGE;
    }
    if (is_set && !o->nassign) {
        fprintf(stderr, "aigw: set needs at least one field=value\n");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int cli_parse(cli_opts_t *o, int argc, char **argv)
{
    int rc;
    memset(o, 0, sizeof *o);
    o->timeout_ms = 60000;
    o->attempts = 3;
    o->backoff = -1;
    rc = parse_options(o, argc, argv);
    if (rc != EXIT_OK || o->done) return rc; /* a bad option, or --version printed */
    rc = parse_positional(o, argc, argv);
    if (rc != EXIT_OK || o->done) return rc;
    return check_command(o);
}

/* ------------------------------------------------------------------ help */

static const char overview[] =
    "usage: aigw COMMAND GATEWAY-ID [ARGUMENTS] [OPTIONS]\n"
    "\n"
    "Updates a Cloudflare AI Gateway\n"
    "(PUT /accounts/{account_id}/ai-gateway/gateways/{id}).\n"
    "\n"
    "Commands:\n"
    "  update ID --FIELD VALUE ...  send the whole object (flags or --body-json)\n"
    "  get ID                       print the gateway\n"
    "  set ID FIELD=VALUE ...       read it, change those fields, send it back\n"
    "  help [COMMAND]               this text, or a command's (also COMMAND -h)\n";

static const char common[] =
    "\n"
    "Options (every command; --name=VALUE or --name VALUE; -- ends options):\n"
    "  --account ID         account id (default: $CLOUDFLARE_ACCOUNT_ID)\n"
    "  --base-url URL       API base URL (default: $CLOUDFLARE_BASE_URL, else\n"
    "                       https://api.cloudflare.com/client/v4)\n"
    "  --cacert FILE        also trust the CA certificate(s) in FILE (PEM or DER)\n"
    "  --system-ca          also trust the system store\n"
    "                       (/etc/ssl/certs/ca-certificates.crt)\n"
    "  --allow-insecure-http  allow http:// to a host that is not loopback\n"
    "                       (the credentials then travel unencrypted)\n"
    "  --timeout SECONDS    deadline of the whole command: 30, 30s or 500ms\n"
    "                       (default 60)\n"
    "  --attempts N         each request's first try plus N-1 retries shared by\n"
    "                       the command (default 3; 1: no retry)\n"
    "  --connect-timeout S  TCP connect + TLS handshake deadline (default 10)\n"
    "  --response-timeout S end of sending to first response byte (default 30)\n"
    "  --backoff SHAPE      retry delays: exponential (default), constant, linear\n"
    "  --backoff-base S     first retry delay (default 500ms; capped at 8s)\n"
    "  --proxy URL          HTTP CONNECT proxy http://[user:password@]host[:port]\n"
    "                       (port 1080 by default); \"\" for none\n"
    "  --relaxed            see 'aigw help set'\n"
    "  --json               print the result as JSON\n"
    "  --show-secrets       print otel[].authorization and stripe.authorization\n"
    "                       in the result (shown as \"****\" otherwise)\n"
    "  --dry-run            print the exact request (credentials masked); send\n"
    "                       nothing\n"
    "  -v, --verbose        log attempts, statuses, cf-ray and timings to stderr\n"
    "  -q, --quiet          print nothing on success, and no notes or warnings\n"
    "  -h, --help           help;  --version  the version\n"
    "\n"
    "Environment: CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and\n"
    "CLOUDFLARE_API_KEY; CLOUDFLARE_ACCOUNT_ID; CLOUDFLARE_BASE_URL;\n"
    "SSL_CERT_FILE (a PEM file of CAs, trusted besides Cloudflare's roots);\n"
    "https_proxy, HTTPS_PROXY (http_proxy for an http base URL), all_proxy,\n"
    "ALL_PROXY; hosts in no_proxy / NO_PROXY (curl's rules) are reached directly.\n"
    "The API's messages[] go to stderr (one JSON line with --json).\n"
    "\n"
    "Exit codes: 0 success, 1 protocol or decoding error, 2 usage, 3 validation\n"
    "(nothing sent), 4 API client error (4xx), 5 server error after retries\n"
    "(5xx), 6 network, TLS or timeout (an unreachable proxy included), 7 the\n"
    "proxy refused the tunnel (407, 403, other).\n";

static const char update_help[] =
    "usage: aigw update GATEWAY-ID [--FIELD VALUE ...] [--body-json FILE|-]\n"
    "                   [OPTIONS]\n"
    "\n"
    "Sends the whole object: the required fields cache_invalidate_on_update,\n"
    "cache_ttl, collect_logs, rate_limiting_interval and rate_limiting_limit\n"
    "must be given, by flags or --body-json; flags override the file.\n"
    "VALUE is in the API's JSON shape (300, true, null, {\"enabled\":true,...});\n"
    "a string field may be given bare; null sends an explicit null.\n"
    "\n"
    "  --body-json FILE|-   the parameter object as JSON (- reads stdin).\n"
    "                       Read-only members (id, created_at, modified_at,\n"
    "                       is_default: what 'get --json' prints) are left out\n"
    "                       with a note; an unknown member is sent with a warning\n"
    "  --strict             refuse unknown members in --body-json instead\n"
    "  --relaxed            the relaxed ranges (see 'aigw help set')\n"
    "\n"
    "Field flags:\n";

static const char get_help[] =
    "usage: aigw get GATEWAY-ID [OPTIONS]\n"
    "\n"
    "Prints the gateway: a summary, or JSON with --json; otel[].authorization\n"
    "and stripe.authorization are shown as \"****\" unless --show-secrets.\n";

static const char set_help[] =
    "usage: aigw set GATEWAY-ID FIELD=VALUE ... [OPTIONS]\n"
    "\n"
    "Reads the gateway (GET), changes the fields given and sends it back (PUT):\n"
    "every other field stays as the server had it, including fields this version\n"
    "of aigw does not know. One --timeout and one --attempts cover both requests.\n"
    "VALUE is as for update's field flags (see 'aigw help update').\n"
    "A dotted FIELD names one member of an object and changes only it\n"
    "(the objects around it are kept, or created when null or absent):\n"
    "guardrails.prompt.S1=BLOCK, dlp.enabled=false, spend_limits.enabled=true.\n"
    "\n"
    "  --relaxed            check with the relaxed ranges: log_management,\n"
    "                       retry_delay and retry_max_attempts need only be\n"
    "                       non-negative, logpush_public_key may have any length\n"
    "                       (bounds the API has widened over time); and send the\n"
    "                       server's values of fields you did not change as the\n"
    "                       server gave them, unchecked. Without it a field the\n"
    "                       server holds in a form the schema refuses (the API\n"
    "                       page's example gateway has otel[0].url \"url\") stops\n"
    "                       the command with exit 3 and a hint.\n"
    "\n"
    "Fields:\n";

static void field_list(FILE *out, int as_flags)
{
    int i, col = 0;
    for (i = 0; cli_field_name(i); i++) {
        const char *n = cli_field_name(i);
        size_t j, w = strlen(n) + (as_flags ? 2 + 6 : 0);
        if (as_flags) {
            fputs("  --", out);
            for (j = 0; n[j]; j++) fputc(n[j] == '_' ? '-' : n[j], out);
            fputs(" VALUE\n", out);
            continue;
        }
        if (col && col + (int)w + 2 > 78) {
            fputs(",\n", out);
            col = 0;
        }
        fprintf(out, "%s%s", col ? ", " : "  ", n);
        col += (int)w + 2;
    }
    if (!as_flags && col) fputc('\n', out);
}

int cli_help(FILE *out, const char *cmd)
{
    if (!cmd) {
        fputs(overview, out);
    } else if (strcmp(cmd, "update") == 0) {
        fputs(update_help, out);
        field_list(out, 1);
    } else if (strcmp(cmd, "get") == 0) {
        fputs(get_help, out);
    } else if (strcmp(cmd, "set") == 0) {
        fputs(set_help, out);
        field_list(out, 0);
    } else {
        return -1;
    }
    fputs(common, out);
    return 0;
}
