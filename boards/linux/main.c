/*
 * aigw: the command for constrained Linux devices.
 *
 *   aigw update <gateway-id> [--field value ...] [--body-json FILE|-]
 *   aigw get <gateway-id>
 *   aigw set <gateway-id> field=value ...      (read-modify-write)
 *
 * All of the command's memory is one allocation made in main(); the library
 * underneath never allocates. See usage() for flags, environment and exit codes.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aigw/aigw_client.h"
#include "aigw/aigw_posix.h"
#include "aigw/aigw_tls.h"
#include "cli_fields.h"
#include "cli_output.h"

enum {
    EXIT_OK = 0,
    EXIT_OTHER = 1,      /* protocol or decoding failure, response too large */
    EXIT_USAGE = 2,      /* bad command line or environment */
    EXIT_VALIDATION = 3, /* refused before sending: a parameter breaks the schema */
    EXIT_API = 4,        /* the API refused the request (4xx) */
    EXIT_SERVER = 5,     /* server error (5xx) after retries */
    EXIT_NETWORK = 6     /* network, TLS or timeout */
};

#define FILE_MAX 65536
#define TOK_MAX 4096

typedef struct cli {
    /* options */
    const char *cmd, *gateway_id, *account, *base_url, *cacert_path, *body_path;
    int json, dry_run, verbose;
    unsigned long timeout_ms, attempts;
    aigw_params_t params;
    cli_store_t store;
    char body_file[FILE_MAX];
    aigw_tok_t body_tok[TOK_MAX];
    uint8_t cacert[FILE_MAX + 1];
    size_t cacert_len;
    /* transport */
    aigw_posix_t sock;
    aigw_port_t tcp;
    aigw_tls_t tls;
    aigw_port_t https;
    aigw_client_t client;
    uint8_t io[2048];
    /* results: the GET of a read-modify-write stays alive while the PUT is made */
    uint8_t body_a[FILE_MAX], body_b[FILE_MAX];
    aigw_tok_t tok_a[TOK_MAX], tok_b[TOK_MAX];
    uint64_t arena_a[8192], arena_b[8192];
    aigw_result_t ra, rb;
    cli_out_mem_t out;
    char preview[FILE_MAX + 4096];
} cli_t;

static void usage(FILE *o)
{
    int i;
    fprintf(o,
        "usage: aigw update <gateway-id> [--<field> VALUE ...] [--body-json FILE|-] [options]\n"
        "       aigw get <gateway-id> [options]\n"
        "       aigw set <gateway-id> <field>=VALUE ... [options]   (GET, change, PUT back)\n"
        "\n"
        "Update a Cloudflare AI Gateway (PUT /accounts/{account_id}/ai-gateway/gateways/{id}).\n"
        "update sends the whole object: the five required fields must be given (flags or\n"
        "--body-json); set keeps every other field as the server had it, including fields\n"
        "this version of aigw does not know.\n"
        "\n"
        "Field flags (VALUE in the API's JSON shape: 300, true, null, {\"enabled\":true,...};\n"
        "string fields may be given bare; 'null' sends an explicit null):\n");
    for (i = 0; cli_field_name(i); i++) {
        char flag[64];
        size_t j;
        const char *n = cli_field_name(i);
        for (j = 0; j < sizeof flag - 1 && n[j]; j++) flag[j] = n[j] == '_' ? '-' : n[j];
        flag[j] = 0;
        fprintf(o, "  --%-28s VALUE\n", flag);
    }
    fprintf(o,
        "  --body-json FILE|-            the whole parameter object as JSON (flags override)\n"
        "\n"
        "Options:\n"
        "  --account ID      account id (default: $CLOUDFLARE_ACCOUNT_ID)\n"
        "  --base-url URL    API base URL (default: $CLOUDFLARE_BASE_URL, else\n"
        "                    https://api.cloudflare.com/client/v4)\n"
        "  --cacert FILE     also trust the CA certificate(s) in FILE (PEM or DER);\n"
        "                    the built-in Cloudflare root set is always trusted\n"
        "  --json            print the result object as JSON\n"
        "  --dry-run         print the exact HTTP request (credentials masked); send nothing\n"
        "  --verbose         log attempts, statuses, cf-ray and timings to stderr\n"
        "  --timeout MS      whole-call deadline (default 60000)\n"
        "  --attempts N      maximum attempts, 1 = no retry (default 3)\n"
        "  --help, --version\n"
        "\n"
        "Environment: CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY;\n"
        "CLOUDFLARE_ACCOUNT_ID; CLOUDFLARE_BASE_URL.\n"
        "\n"
        "Exit codes: 0 success, 1 protocol/decoding error, 2 usage, 3 validation (nothing\n"
        "sent), 4 API client error (4xx), 5 server error after retries (5xx),\n"
        "6 network, TLS or timeout.\n");
}

static int read_file(const char *path, char *buf, size_t cap, size_t *len)
{
    /* is_stdin rather than f != stdin: gcc -fanalyzer can follow it (no false leak) */
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    size_t n;
    if (!f) {
        fprintf(stderr, "aigw: %s: %s\n", path, strerror(errno));
        return -1;
    }
    n = fread(buf, 1, cap, f);
    if (n == cap && fgetc(f) != EOF) {
        fprintf(stderr, "aigw: %s: larger than %zu bytes\n", path, cap - 1);
        if (!is_stdin) fclose(f);
        return -1;
    }
    if (ferror(f)) {
        fprintf(stderr, "aigw: %s: read error\n", path);
        if (!is_stdin) fclose(f);
        return -1;
    }
    if (!is_stdin) fclose(f);
    *len = n;
    return 0;
}

static int exit_code(const aigw_result_t *r)
{
    switch (r->err) {
    case AIGW_OK: return EXIT_OK;
    case AIGW_E_INVALID: case AIGW_E_PATH_SEGMENT: case AIGW_E_HEADER_VALUE:
        return EXIT_VALIDATION;
    case AIGW_E_DNS: case AIGW_E_CONNECT: case AIGW_E_SEND: case AIGW_E_RECV: case AIGW_E_EOF:
    case AIGW_E_TIMEOUT_CONNECT: case AIGW_E_TIMEOUT_HANDSHAKE: case AIGW_E_TIMEOUT_RESPONSE:
    case AIGW_E_TIMEOUT_CALL: case AIGW_E_HTTP_TRUNCATED:
    case AIGW_E_TLS_CA: case AIGW_E_TLS_UNTRUSTED: case AIGW_E_TLS_HOSTNAME: case AIGW_E_TLS_EXPIRED:
    case AIGW_E_TLS_NOT_YET_VALID: case AIGW_E_TLS_CLOCK: case AIGW_E_TLS_HANDSHAKE:
    case AIGW_E_TLS_CLOSED: case AIGW_E_TLS_ALLOC: case AIGW_E_TLS:
        return EXIT_NETWORK;
    default:
        break;
    }
    if (r->status >= 500) return EXIT_SERVER;
    if (r->status >= 400) return EXIT_API;
    return EXIT_OTHER;
}

static const char *method_name(aigw_http_method_t m) { return m == AIGW_HTTP_PUT ? "PUT" : "GET"; }

static void log_stderr(void *ctx, const aigw_log_event_t *ev)
{
    (void)ctx;
    switch (ev->kind) {
    case AIGW_LOG_CONNECT:
        fprintf(stderr, "aigw: [%5ums] %s attempt %u: connect: %s\n", ev->elapsed_ms,
                method_name(ev->method), ev->attempt, aigw_strerror(ev->err));
        break;
    case AIGW_LOG_RESPONSE:
        fprintf(stderr, "aigw: [%5ums] %s attempt %u: status %u, %s%s%s\n", ev->elapsed_ms,
                method_name(ev->method), ev->attempt, ev->status, aigw_strerror(ev->err),
                ev->cf_ray[0] ? ", cf-ray " : "", ev->cf_ray);
        break;
    case AIGW_LOG_RETRY:
        fprintf(stderr, "aigw: [%5ums] retrying in %u ms\n", ev->elapsed_ms, ev->delay_ms);
        break;
    case AIGW_LOG_RECONNECT:
        fprintf(stderr, "aigw: [%5ums] kept-alive connection was closed by the server; reconnecting\n",
                ev->elapsed_ms);
        break;
    case AIGW_LOG_DONE:
        fprintf(stderr, "aigw: [%5ums] %s done after %u attempt(s): %s\n", ev->elapsed_ms,
                method_name(ev->method), ev->attempt, aigw_strerror(ev->err));
        break;
    }
}

static int setup_client(cli_t *c)
{
    aigw_client_config_t cfg;
    aigw_tls_config_t tls;
    aigw_url_t url;
    const char *tok = getenv("CLOUDFLARE_API_TOKEN");
    const char *email = getenv("CLOUDFLARE_EMAIL");
    const char *key = getenv("CLOUDFLARE_API_KEY");
    aigw_err_t e;

    memset(&cfg, 0, sizeof cfg);
    if (!c->account) c->account = getenv("CLOUDFLARE_ACCOUNT_ID");
    if (!c->account || !*c->account) {
        fprintf(stderr, "aigw: no account id: set CLOUDFLARE_ACCOUNT_ID or pass --account\n");
        return EXIT_USAGE;
    }
    if (!c->base_url) c->base_url = getenv("CLOUDFLARE_BASE_URL");
    if (!c->base_url || !*c->base_url) c->base_url = AIGW_DEFAULT_BASE_URL;
    if (tok && *tok) {
        cfg.auth.kind = AIGW_AUTH_TOKEN;
        cfg.auth.token.ptr = tok;
        cfg.auth.token.len = strlen(tok);
    } else if (email && *email && key && *key) {
        cfg.auth.kind = AIGW_AUTH_KEY;
        cfg.auth.email.ptr = email;
        cfg.auth.email.len = strlen(email);
        cfg.auth.key.ptr = key;
        cfg.auth.key.len = strlen(key);
    } else {
        fprintf(stderr, "aigw: no credentials: set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and "
                        "CLOUDFLARE_API_KEY\n");
        return EXIT_USAGE;
    }
    e = aigw_url_parse(c->base_url, strlen(c->base_url), &url);
    if (e != AIGW_OK) {
        fprintf(stderr, "aigw: bad base URL '%s': %s\n", c->base_url, aigw_strerror(e));
        return EXIT_USAGE;
    }
    aigw_posix_init(&c->sock, &c->tcp);
    cfg.port = &c->tcp;
    if (url.tls) {
        memset(&tls, 0, sizeof tls);
        tls.ca_set = aigw_cloudflare_ca;
        tls.ca_set_count = aigw_cloudflare_ca_count;
        if (c->cacert_path) {
            if (read_file(c->cacert_path, (char *)c->cacert, FILE_MAX, &c->cacert_len) != 0)
                return EXIT_USAGE;
            c->cacert[c->cacert_len] = 0;
            tls.ca = c->cacert;
            tls.ca_len = c->cacert_len;
        }
        tls.entropy = aigw_posix_entropy;
        tls.wall_clock = aigw_posix_wall_clock;
        e = aigw_tls_init(&c->tls, &c->https, &c->tcp, &tls);
        if (e != AIGW_OK) {
            fprintf(stderr, "aigw: TLS setup: %s%s%s\n", aigw_strerror(e),
                    c->cacert_path ? " in " : "", c->cacert_path ? c->cacert_path : "");
            return EXIT_USAGE;
        }
        cfg.port = &c->https;
    }
    cfg.base_url = c->base_url;
    cfg.account_id = c->account;
    cfg.call_timeout_ms = (uint32_t)c->timeout_ms;
    cfg.max_attempts = (unsigned)c->attempts;
    if (c->verbose) cfg.log = log_stderr;
    e = aigw_client_init(&c->client, &cfg, c->io, sizeof c->io);
    if (e != AIGW_OK) {
        fprintf(stderr, "aigw: %s\n", aigw_strerror(e));
        return EXIT_USAGE;
    }
    aigw_result_init(&c->ra, c->body_a, sizeof c->body_a, c->tok_a, TOK_MAX, c->arena_a, sizeof c->arena_a);
    aigw_result_init(&c->rb, c->body_b, sizeof c->body_b, c->tok_b, TOK_MAX, c->arena_b, sizeof c->arena_b);
    return EXIT_OK;
}

static int preview(cli_t *c, const aigw_params_t *p)
{
    size_t len = 0;
    aigw_diag_t d;
    aigw_err_t e = aigw_request_preview(&c->client, c->gateway_id, p, c->preview, sizeof c->preview, &len, &d);
    if (e != AIGW_OK) {
        cli_print_diag(stderr, "request refused", e, &d);
        return e == AIGW_E_INVALID || e == AIGW_E_PATH_SEGMENT || e == AIGW_E_HEADER_VALUE
                   ? EXIT_VALIDATION : EXIT_OTHER;
    }
    fwrite(c->preview, 1, len, stdout);
    if (p) fputc('\n', stdout);
    return EXIT_OK;
}

static int finish(cli_t *c, aigw_result_t *r)
{
    int rc = exit_code(r);
    if (c->verbose && r->cf_ray[0]) fprintf(stderr, "aigw: cf-ray %s\n", r->cf_ray);
    if (rc != EXIT_OK) {
        cli_print_error(stderr, r);
        return rc;
    }
    if (c->json ? cli_print_gateway_json(stdout, &r->gateway, &c->out)
                : cli_print_gateway_summary(stdout, &r->gateway, &c->out)) {
        fprintf(stderr, "aigw: could not print the result\n");
        return EXIT_OTHER;
    }
    return EXIT_OK;
}

/* field=value pairs of `set` */
static int needs_value(const char *opt);

static int apply_assignments(cli_t *c, aigw_params_t *p, int argc, char **argv)
{
    int i, pos = 0;
    for (i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        int f;
        aigw_diag_t d;
        aigw_err_t e;
        if (argv[i][0] == '-' && argv[i][1] == '-') { /* an option, parsed before */
            if (needs_value(argv[i])) i++;
            continue;
        }
        if (++pos <= 2) continue; /* "set" and the gateway id */
        if (!eq) {
            fprintf(stderr, "aigw: set: expected field=value, got '%s'\n", argv[i]);
            return EXIT_USAGE;
        }
        f = cli_field_find(argv[i], (size_t)(eq - argv[i]));
        if (f < 0) {
            fprintf(stderr, "aigw: set: unknown field '%.*s'\n", (int)(eq - argv[i]), argv[i]);
            return EXIT_USAGE;
        }
        memset(&d, 0, sizeof d);
        e = cli_field_set(&c->store, p, f, eq + 1, &d);
        if (e != AIGW_OK) {
            cli_print_diag(stderr, "bad value", e, &d);
            return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

static int needs_value(const char *opt)
{
    static const char *const with_value[] = {"--account", "--base-url", "--cacert", "--timeout",
                                             "--attempts", "--body-json"};
    size_t i;
    for (i = 0; i < sizeof with_value / sizeof with_value[0]; i++)
        if (strcmp(opt, with_value[i]) == 0) return 1;
    return cli_field_find(opt + 2, strlen(opt + 2)) >= 0;
}

static int parse_ulong(const char *s, unsigned long *out)
{
    char *end;
    errno = 0;
    *out = strtoul(s, &end, 10);
    return (errno || !*s || *end || s[0] == '-') ? -1 : 0;
}

static int run(cli_t *c, int argc, char **argv)
{
    int i, rc;
    aigw_diag_t d;
    aigw_err_t e;

    c->timeout_ms = 60000;
    c->attempts = 3;
    cli_store_init(&c->store);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        }
        if (strcmp(a, "--version") == 0) {
            printf("aigw %s\n", AIGW_VERSION);
            return EXIT_OK;
        }
    }
    /* options first (they may stand anywhere); fields are applied after --body-json */
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] != '-') {
            if (!c->cmd) c->cmd = a;
            else if (!c->gateway_id) c->gateway_id = a;
            continue;
        }
        if (strcmp(a, "--json") == 0) { c->json = 1; continue; }
        if (strcmp(a, "--dry-run") == 0) { c->dry_run = 1; continue; }
        if (strcmp(a, "--verbose") == 0) { c->verbose = 1; continue; }
        if (!needs_value(a)) {
            fprintf(stderr, "aigw: unknown option '%s' (see --help)\n", a);
            return EXIT_USAGE;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "aigw: %s needs a value\n", a);
            return EXIT_USAGE;
        }
        i++;
        if (strcmp(a, "--account") == 0) c->account = argv[i];
        else if (strcmp(a, "--base-url") == 0) c->base_url = argv[i];
        else if (strcmp(a, "--cacert") == 0) c->cacert_path = argv[i];
        else if (strcmp(a, "--body-json") == 0) c->body_path = argv[i];
        else if (strcmp(a, "--timeout") == 0) {
            if (parse_ulong(argv[i], &c->timeout_ms) || c->timeout_ms == 0 || c->timeout_ms > 86400000UL) {
                fprintf(stderr, "aigw: --timeout takes milliseconds, 1..86400000\n");
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--attempts") == 0) {
            if (parse_ulong(argv[i], &c->attempts) || c->attempts == 0 || c->attempts > 100) {
                fprintf(stderr, "aigw: --attempts takes 1..100\n");
                return EXIT_USAGE;
            }
        }
    }
    if (!c->cmd || !c->gateway_id) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(c->cmd, "update") != 0 && strcmp(c->cmd, "get") != 0 && strcmp(c->cmd, "set") != 0) {
        fprintf(stderr, "aigw: unknown command '%s' (update, get or set)\n", c->cmd);
        return EXIT_USAGE;
    }
    if (strcmp(c->cmd, "update") != 0) {
        /* only update takes field flags */
        for (i = 1; i < argc; i++)
            if (argv[i][0] == '-' && argv[i][1] == '-' && cli_field_find(argv[i] + 2, strlen(argv[i] + 2)) >= 0) {
                fprintf(stderr, "aigw: %s does not take %s (set uses field=value)\n", c->cmd, argv[i]);
                return EXIT_USAGE;
            }
    }
    /* positional arguments beyond <gateway-id> only for set */
    {
        int pos = 0;
        for (i = 1; i < argc; i++) {
            if (argv[i][0] == '-' && argv[i][1] == '-') {
                if (needs_value(argv[i])) i++;
                continue;
            }
            if (++pos > 2 && strcmp(c->cmd, "set") != 0) {
                fprintf(stderr, "aigw: unexpected argument '%s'\n", argv[i]);
                return EXIT_USAGE;
            }
        }
        if (strcmp(c->cmd, "set") == 0 && pos < 3) {
            fprintf(stderr, "aigw: set needs at least one field=value\n");
            return EXIT_USAGE;
        }
    }
    if (strcmp(c->cmd, "set") == 0) {
        /* check every assignment before the GET: a typo must not cost a round trip */
        aigw_params_t scratch;
        memset(&scratch, 0, sizeof scratch);
        rc = apply_assignments(c, &scratch, argc, argv);
        cli_store_init(&c->store);
        if (rc != EXIT_OK) return rc;
    }

    if (strcmp(c->cmd, "update") == 0) {
        if (c->body_path) {
            size_t len = 0;
            if (read_file(c->body_path, c->body_file, sizeof c->body_file, &len) != 0) return EXIT_USAGE;
            memset(&d, 0, sizeof d);
            e = aigw_params_from_json(c->body_file, len, c->body_tok, TOK_MAX, &c->store.arena,
                                      &c->params, &d);
            if (e != AIGW_OK) {
                cli_print_diag(stderr, "--body-json", e, &d);
                return EXIT_USAGE;
            }
        }
        for (i = 1; i < argc; i++) {
            int f;
            if (argv[i][0] != '-' || argv[i][1] != '-') continue;
            f = cli_field_find(argv[i] + 2, strlen(argv[i] + 2));
            if (f < 0) {
                if (needs_value(argv[i])) i++;
                continue;
            }
            memset(&d, 0, sizeof d);
            e = cli_field_set(&c->store, &c->params, f, argv[++i], &d);
            if (e != AIGW_OK) {
                cli_print_diag(stderr, argv[i - 1], e, &d);
                return EXIT_USAGE;
            }
        }
    }

    rc = setup_client(c);
    if (rc != EXIT_OK) return rc;

    if (strcmp(c->cmd, "update") == 0) {
        if (c->dry_run) return preview(c, &c->params);
        aigw_gateway_update(&c->client, c->gateway_id, &c->params, &c->ra);
        rc = finish(c, &c->ra);
    } else if (strcmp(c->cmd, "get") == 0) {
        if (c->dry_run) return preview(c, NULL);
        aigw_gateway_get(&c->client, c->gateway_id, &c->ra);
        rc = finish(c, &c->ra);
    } else {
        aigw_params_t p;
        if (c->dry_run) {
            /* the PUT depends on what the GET returns, so only the GET can be shown */
            fprintf(stderr, "aigw: set --dry-run: the PUT is built from this GET's answer\n");
            return preview(c, NULL);
        }
        if (aigw_gateway_get(&c->client, c->gateway_id, &c->ra) != AIGW_OK) {
            rc = finish(c, &c->ra);
        } else {
            p = c->ra.gateway.params; /* everything the server has, unknown members included */
            rc = apply_assignments(c, &p, argc, argv);
            if (rc == EXIT_OK) {
                /* judge what the command changed; the rest is as the server
                 * holds it (and accepts it), schema or not */
                memset(&d, 0, sizeof d);
                e = aigw_params_validate_changes(&p, &c->ra.gateway.params, &d);
                if (e != AIGW_OK) {
                    cli_print_diag(stderr, "request refused", e, &d);
                    rc = EXIT_VALIDATION;
                } else {
                    c->client.cfg.skip_validation = true;
                    aigw_gateway_update(&c->client, c->gateway_id, &p, &c->rb);
                    rc = finish(c, &c->rb);
                }
            }
        }
    }
    aigw_client_close(&c->client);
    return rc;
}

int main(int argc, char **argv)
{
    /* one allocation for the whole run (about 1 MB of buffers, sized for
     * generous responses): too large for a thread's stack. The library
     * itself never allocates; it only uses the memory handed to it here. */
    cli_t *c = calloc(1, sizeof *c);
    int rc;
    if (!c) {
        fprintf(stderr, "aigw: out of memory\n");
        return EXIT_OTHER;
    }
    rc = run(c, argc, argv);
    free(c);
    /* stdout errors are sticky: one check here covers every printf above, so a
     * request or result cut short (a full disk, a closed pipe) never exits 0 */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "aigw: could not write the output\n");
        if (rc == EXIT_OK) rc = EXIT_OTHER;
    }
    return rc;
}
