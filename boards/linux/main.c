/* SPDX-License-Identifier: MIT */
/*
 * aigw: the command for constrained Linux devices.
 *
 *   aigw update <gateway-id> [--field value ...] [--body-json FILE|-]
 *   aigw get <gateway-id>
 *   aigw set <gateway-id> field=value ...      (read-modify-write)
 *   aigw help [command]
 *
 * All of the command's memory is one allocation made in main(); the library
 * underneath never allocates. cli_options.c has the command line and the
 * help; this file sets up the client and runs the commands.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aigw/aigw_client.h"
#include "aigw/aigw_posix.h"
#include "aigw/aigw_tls.h"
#include "cli_check.h"
#include "cli_fields.h"
#include "cli_options.h"
#include "cli_output.h"
#include "cli_proxy.h"

#define FILE_MAX 65536
#define TOK_MAX 4096
#define TRUST_MAX ((size_t)1024 * 1024) /* --cacert, SSL_CERT_FILE and the system store together */
#define SYSTEM_CA_FILE "/etc/ssl/certs/ca-certificates.crt" /* Debian's store */

typedef struct cli {
    cli_opts_t o;
    aigw_params_t params;
    cli_store_t store;
    cli_check_t check;
    uint32_t touched;                            /* bit i: the user gave field i */
    char body_file[FILE_MAX];
    aigw_tok_t body_tok[TOK_MAX];
    uint8_t trust[TRUST_MAX + 1];
    size_t trust_len;
    /* transport */
    aigw_posix_t sock;
    aigw_port_t tcp;
    aigw_tls_t tls;
    aigw_port_t https;
    cli_proxy_step_t proxy;
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

static int read_file(const char *path, char *buf, size_t cap, size_t *len)
{
    /* is_stdin rather than f != stdin: gcc -fanalyzer can follow it (no false leak) */
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    size_t n;
    int rc = 0;
    if (!f) {
        fprintf(stderr, "aigw: %s: %s\n", path, strerror(errno));
        return -1;
    }
    n = fread(buf, 1, cap, f);
    if (n == cap && fgetc(f) != EOF) {
        fprintf(stderr, "aigw: %s: larger than %zu bytes\n", path, cap - 1);
        rc = -1;
    } else if (ferror(f)) {
        fprintf(stderr, "aigw: %s: read error\n", path);
        rc = -1;
    }
    if (!is_stdin) fclose(f);
    *len = n;
    return rc;
}

static int is_validation(aigw_err_t e)
{
    return e == AIGW_E_INVALID || e == AIGW_E_PATH_SEGMENT || e == AIGW_E_HEADER_VALUE;
}

static int is_network(aigw_err_t e)
{
    switch (e) {
    case AIGW_E_DNS: case AIGW_E_CONNECT: case AIGW_E_SEND: case AIGW_E_RECV: case AIGW_E_EOF:
    case AIGW_E_TIMEOUT_CONNECT: case AIGW_E_TIMEOUT_HANDSHAKE: case AIGW_E_TIMEOUT_RESPONSE:
    case AIGW_E_TIMEOUT_CALL: case AIGW_E_HTTP_TRUNCATED:
    case AIGW_E_TLS_CA: case AIGW_E_TLS_UNTRUSTED: case AIGW_E_TLS_HOSTNAME: case AIGW_E_TLS_EXPIRED:
    case AIGW_E_TLS_NOT_YET_VALID: case AIGW_E_TLS_CLOCK: case AIGW_E_TLS_HANDSHAKE:
    case AIGW_E_TLS_CLOSED: case AIGW_E_TLS_ALLOC: case AIGW_E_TLS:
    case AIGW_E_PROXY_UNREACHABLE:
        return 1;
    default:
        return 0;
    }
}

static int exit_code(const aigw_result_t *r)
{
    if (r->err == AIGW_OK) return EXIT_OK;
    if (is_validation(r->err)) return EXIT_VALIDATION;
    if (is_network(r->err)) return EXIT_NETWORK;
    if (r->err == AIGW_E_PROXY_AUTH || r->err == AIGW_E_PROXY_FORBIDDEN || r->err == AIGW_E_PROXY_REFUSED)
        return EXIT_PROXY;
    if (r->status >= 500) return EXIT_SERVER;
    if (r->status >= 400) return EXIT_API;
    return EXIT_OTHER;
}

/* ------------------------------------------------------------ verbose log */

static const char *method_name(aigw_http_method_t m) { return m == AIGW_HTTP_PUT ? "PUT" : "GET"; }

static void log_stderr(void *ctx, const aigw_log_event_t *ev)
{
    (void)ctx;
    fprintf(stderr, "aigw: [%5ums] ", ev->elapsed_ms);
    switch (ev->kind) {
    case AIGW_LOG_CONNECT:
        fprintf(stderr, "%s attempt %u: connect: %s\n", method_name(ev->method), ev->attempt,
                aigw_strerror(ev->err));
        break;
    case AIGW_LOG_RESPONSE:
        fprintf(stderr, "%s attempt %u: status %u, %s%s", method_name(ev->method), ev->attempt,
                ev->status, aigw_strerror(ev->err), ev->cf_ray[0] ? ", cf-ray " : "");
        cli_put_cstr(stderr, ev->cf_ray);
        fputc('\n', stderr);
        break;
    case AIGW_LOG_RETRY:
        fprintf(stderr, "retrying in %u ms\n", ev->delay_ms);
        break;
    case AIGW_LOG_RECONNECT:
        fprintf(stderr, "kept-alive connection was closed by the server; reconnecting\n");
        break;
    case AIGW_LOG_STALE:
        fprintf(stderr, "aigw: [%5ums] unrequested bytes after a response; closed that connection\n",
                ev->elapsed_ms);
        break;
    case AIGW_LOG_DONE:
        fprintf(stderr, "%s done after %u attempt(s): %s\n", method_name(ev->method), ev->attempt,
                aigw_strerror(ev->err));
        break;
    }
}

/* ---------------------------------------------------------- client set-up */

/* The base URL for a message: userinfo (a password, or a token pasted as
 * the user name) and a query are masked, never echoed. */
static void print_url(FILE *o, const char *url)
{
    const char *auth = strstr(url, "://");
    const char *end, *at = NULL, *q;
    size_t n = strcspn(url, "?#");
    auth = auth ? auth + 3 : url;
    end = auth + strcspn(auth, "/?#");
    for (q = auth; q < end; q++)
        if (*q == '@') at = q; /* the last '@' ends userinfo */
    if (at) {
        cli_put_text(o, url, (size_t)(auth - url));
        fputs("****", o);
        cli_put_text(o, at, n - (size_t)(at - url));
    } else {
        cli_put_text(o, url, n);
    }
    if (url[n]) fputs(url[n] == '?' ? "?****" : "#****", o);
}

/* Loopback hosts, where plain http never leaves the machine. */
static int is_loopback(const aigw_url_t *u)
{
    static const char *const names[] = {"localhost", "localhost.", "::1"};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (u->host_len == strlen(names[i]) && memcmp(u->host, names[i], u->host_len) == 0) return 1;
    if (u->host_len > 10 && memcmp(u->host + u->host_len - 10, ".localhost", 10) == 0) return 1;
    /* 127.0.0.0/8: the parser accepted a dotted quad, so "127." is its first part */
    return !u->ipv6 && u->host_len > 4 && memcmp(u->host, "127.", 4) == 0 &&
           strspn(u->host, "0123456789.") >= u->host_len;
}

static int setup_auth(aigw_auth_t *auth)
{
    const char *tok = getenv("CLOUDFLARE_API_TOKEN");
    const char *email = getenv("CLOUDFLARE_EMAIL");
    const char *key = getenv("CLOUDFLARE_API_KEY");
    if (tok && *tok) {
        auth->kind = AIGW_AUTH_TOKEN;
        auth->token.ptr = tok;
        auth->token.len = strlen(tok);
        return EXIT_OK;
    }
    if (email && *email && key && *key) {
        auth->kind = AIGW_AUTH_KEY;
        auth->email.ptr = email;
        auth->email.len = strlen(email);
        auth->key.ptr = key;
        auth->key.len = strlen(key);
        return EXIT_OK;
    }
    fprintf(stderr, "aigw: no credentials: set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and "
                    "CLOUDFLARE_API_KEY\n");
    return EXIT_USAGE;
}

static int check_base_url(cli_t *c, aigw_url_t *url)
{
    aigw_err_t e;
    if (!c->o.base_url) c->o.base_url = getenv("CLOUDFLARE_BASE_URL");
    if (!c->o.base_url || !*c->o.base_url) c->o.base_url = AIGW_DEFAULT_BASE_URL;
    e = aigw_url_parse(c->o.base_url, strlen(c->o.base_url), url);
    if (e != AIGW_OK) {
        fputs("aigw: bad base URL '", stderr);
        print_url(stderr, c->o.base_url);
        fprintf(stderr, "': %s\n", aigw_strerror(e));
        return EXIT_USAGE;
    }
    if (!url->tls && !is_loopback(url) && !c->o.allow_insecure_http) {
        fputs("aigw: refusing to send credentials over plain http to ", stderr);
        cli_put_text(stderr, url->host, url->host_len);
        fputs(" (use https, or --allow-insecure-http)\n", stderr);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int is_pem(const uint8_t *b, size_t n)
{
    size_t i;
    for (i = 0; i + 10 <= n; i++)
        if (memcmp(b + i, "-----BEGIN", 10) == 0) return 1;
    return 0;
}

/* Append one trust source to c->trust. Several sources must all be PEM:
 * PEM certificates concatenate, DER ones do not. */
static int add_trust(cli_t *c, const char *path, const char *what)
{
    size_t len = 0;
    uint8_t *at = c->trust + c->trust_len;
    if (read_file(path, (char *)at, TRUST_MAX - c->trust_len, &len) != 0) return -1;
    if (c->trust_len && (!is_pem(at, len) || !is_pem(c->trust, c->trust_len))) {
        fprintf(stderr, "aigw: %s %s: several trust sources must all be PEM\n", what, path);
        return -1;
    }
    c->trust_len += len;
    if (c->trust_len < TRUST_MAX) c->trust[c->trust_len++] = '\n';
    return 0;
}

/* Cloudflare's roots always; --cacert, $SSL_CERT_FILE and --system-ca besides. */
static int setup_trust(cli_t *c, aigw_tls_config_t *tls)
{
    const char *env = getenv("SSL_CERT_FILE");
    memset(tls, 0, sizeof *tls);
    tls->ca_set = aigw_cloudflare_ca;
    tls->ca_set_count = aigw_cloudflare_ca_count;
    c->trust_len = 0;
    if (c->o.cacert_path && add_trust(c, c->o.cacert_path, "--cacert") != 0) return EXIT_USAGE;
    if (env && *env && add_trust(c, env, "SSL_CERT_FILE") != 0) return EXIT_USAGE;
    if (c->o.system_ca && add_trust(c, SYSTEM_CA_FILE, "--system-ca") != 0) return EXIT_USAGE;
    c->trust[c->trust_len] = 0;
    tls->ca = c->trust_len ? c->trust : NULL;
    tls->ca_len = c->trust_len;
    tls->entropy = aigw_posix_entropy;
    tls->wall_clock = aigw_posix_wall_clock;
    return EXIT_OK;
}

static int setup_transport(cli_t *c, const aigw_url_t *url, aigw_client_config_t *cfg)
{
    aigw_tls_config_t tls;
    aigw_err_t e;
    aigw_posix_init(&c->sock, &c->tcp);
    cfg->port = &c->tcp;
    if (cli_proxy_setup(&c->proxy, c->o.proxy_url, url, c->o.verbose, &cfg->port) != 0) return EXIT_USAGE;
    if (!url->tls) return EXIT_OK;
    if (setup_trust(c, &tls) != EXIT_OK) return EXIT_USAGE;
    e = aigw_tls_init(&c->tls, &c->https, cfg->port, &tls);
    if (e != AIGW_OK) {
        fprintf(stderr, "aigw: TLS setup: %s (--cacert, SSL_CERT_FILE, --system-ca)\n", aigw_strerror(e));
        return EXIT_USAGE;
    }
    cfg->port = &c->https;
    return EXIT_OK;
}

static int setup_client(cli_t *c)
{
    aigw_client_config_t cfg;
    aigw_url_t url;
    aigw_err_t e;
    int rc;

    memset(&cfg, 0, sizeof cfg);
    if (!c->o.account) c->o.account = getenv("CLOUDFLARE_ACCOUNT_ID");
    if (!c->o.account || !*c->o.account) {
        fprintf(stderr, "aigw: no account id: set CLOUDFLARE_ACCOUNT_ID or pass --account\n");
        return EXIT_USAGE;
    }
    if ((rc = setup_auth(&cfg.auth)) != EXIT_OK) return rc;
    if ((rc = check_base_url(c, &url)) != EXIT_OK) return rc;
    if ((rc = setup_transport(c, &url, &cfg)) != EXIT_OK) return rc;
    cfg.base_url = c->o.base_url;
    cfg.account_id = c->o.account;
    cfg.call_timeout_ms = (uint32_t)c->o.timeout_ms;
    cfg.max_attempts = (unsigned)c->o.attempts;
    cfg.connect_timeout_ms = (uint32_t)c->o.connect_ms;
    cfg.response_timeout_ms = (uint32_t)c->o.response_ms;
    cfg.backoff_base_ms = (uint32_t)c->o.backoff_base_ms;
    if (c->o.backoff >= 0) cfg.backoff = (aigw_backoff_t)c->o.backoff;
    cfg.wall_clock = aigw_posix_wall_clock; /* a Retry-After date without a Date header */
    /* the command checks the body itself (cli_check_params), strictly or --relaxed */
    cfg.skip_validation = c->o.relaxed != 0;
    if (c->o.verbose) cfg.log = log_stderr;
    e = aigw_client_init(&c->client, &cfg, c->io, sizeof c->io);
    if (e != AIGW_OK) {
        fprintf(stderr, "aigw: %s\n", aigw_strerror(e));
        return EXIT_USAGE;
    }
    aigw_result_init(&c->ra, c->body_a, sizeof c->body_a, c->tok_a, TOK_MAX, c->arena_a, sizeof c->arena_a);
    aigw_result_init(&c->rb, c->body_b, sizeof c->body_b, c->tok_b, TOK_MAX, c->arena_b, sizeof c->arena_b);
    return EXIT_OK;
}

/* ------------------------------------------------------------- parameters */

/* Set the member k names (a top-level field or a dotted path into objects). */
static int set_key(cli_t *c, aigw_params_t *p, const cli_key_t *k, const char *value, const char *what)
{
    aigw_diag_t d;
    aigw_err_t e;
    memset(&d, 0, sizeof d);
    e = cli_key_set(&c->store, p, k, value, &d);
    if (e != AIGW_OK) {
        cli_print_diag(stderr, what, e, &d);
        return EXIT_USAGE;
    }
    if (k->info.top < 32) c->touched |= (uint32_t)1 << k->info.top;
    return EXIT_OK;
}

/* set's field=value arguments into p */
static int apply_assignments(cli_t *c, aigw_params_t *p)
{
    int i, rc;
    for (i = 0; i < c->o.nassign; i++) {
        const char *a = c->o.assign[i];
        const char *eq = strchr(a, '=');
        cli_key_t k;
        if (!eq) {
            fprintf(stderr, "aigw: set: expected field=value, got '%s'\n", a);
            return EXIT_USAGE;
        }
        if (cli_key_find(a, (size_t)(eq - a), &k) != 0) {
            fputs("aigw: set: unknown field '", stderr);
            cli_put_text(stderr, a, (size_t)(eq - a));
            fputs("' (see 'aigw help set')\n", stderr);
            return EXIT_USAGE;
        }
        if ((rc = set_key(c, p, &k, eq + 1, "bad value")) != EXIT_OK) return rc;
    }
    return EXIT_OK;
}

/* update: --body-json, then the field flags over it */
static int update_params(cli_t *c)
{
    aigw_diag_t d;
    aigw_err_t e;
    int i, rc;
    if (c->o.body_path) {
        size_t len = 0;
        if (read_file(c->o.body_path, c->body_file, sizeof c->body_file, &len) != 0) return EXIT_USAGE;
        memset(&d, 0, sizeof d);
        e = aigw_params_from_json(c->body_file, len, c->body_tok, TOK_MAX, &c->store.arena, &c->params, &d);
        if (e != AIGW_OK) {
            cli_print_diag(stderr, "--body-json", e, &d);
            return EXIT_USAGE;
        }
        if (cli_check_body_members(&c->check, &c->params, c->o.strict, c->o.quiet) != 0 ||
            cli_check_masked(&c->params) != 0)
            return EXIT_USAGE;
        c->touched = 0xFFFFFFFFUL; /* every value in the file is the user's */
    }
    for (i = 0; i < c->o.nflags; i++) {
        char what[64];
        const char *name = cli_field_name(c->o.flags[i].field);
        cli_key_t k;
        snprintf(what, sizeof what, "--%s", name);
        if (cli_key_find(name, strlen(name), &k) != 0) return EXIT_OTHER; /* a flag is a field */
        if ((rc = set_key(c, &c->params, &k, c->o.flags[i].value, what)) != EXIT_OK) return rc;
    }
    return EXIT_OK;
}

/* The body checked as the command will send it; exit 3 with a hint. */
static int check_body(cli_t *c, const aigw_params_t *p, const aigw_result_t *server)
{
    aigw_diag_t d;
    aigw_err_t e;
    c->check.store = &c->store;
    c->check.touched = c->touched;
    c->check.relaxed = c->o.relaxed;
    e = cli_check_params(&c->check, p, &d);
    if (e == AIGW_OK) return EXIT_OK;
    cli_print_diag(stderr, "request refused", e, &d);
    if (server && !c->o.relaxed && cli_check_untouched(&c->check, d.path))
        fprintf(stderr, "aigw: the server holds that field in a form the schema refuses and you did\n"
                        "aigw: not change it; --relaxed sends it back as the server gave it\n");
    return is_validation(e) ? EXIT_VALIDATION : EXIT_OTHER;
}

/* set: only what the user changed is judged (issue 13: a gateway the live
 * API holds, in a newer schema or with values the published schema refuses,
 * must survive a set of another key); --relaxed also relaxes the ranges. */
static int check_changes(cli_t *c, const aigw_params_t *p, const aigw_params_t *server)
{
    aigw_diag_t d;
    aigw_err_t e;
    if (c->o.relaxed) return check_body(c, p, NULL);
    memset(&d, 0, sizeof d);
    e = aigw_params_validate_changes(p, server, &d);
    if (e == AIGW_OK) return EXIT_OK;
    cli_print_diag(stderr, "request refused", e, &d);
    return is_validation(e) ? EXIT_VALIDATION : EXIT_OTHER;
}

/* --------------------------------------------------------------- commands */

static int preview(cli_t *c, const aigw_params_t *p)
{
    size_t len = 0;
    aigw_diag_t d;
    aigw_err_t e = aigw_request_preview(&c->client, c->o.gateway_id, p, c->preview, sizeof c->preview, &len, &d);
    if (e != AIGW_OK) {
        cli_print_diag(stderr, "request refused", e, &d);
        return is_validation(e) ? EXIT_VALIDATION : EXIT_OTHER;
    }
    fwrite(c->preview, 1, len, stdout);
    if (p) fputc('\n', stdout);
    return EXIT_OK;
}

static int finish(cli_t *c, aigw_result_t *r)
{
    int rc = exit_code(r), masked = 0;
    if (c->o.verbose && r->cf_ray[0]) {
        fputs("aigw: cf-ray ", stderr);
        cli_put_cstr(stderr, r->cf_ray);
        fputc('\n', stderr);
    }
    if (!c->o.quiet) cli_print_messages(stderr, r, c->o.json);
    if (rc != EXIT_OK) {
        cli_print_error(stderr, r);
        if (rc == EXIT_PROXY) cli_proxy_print_answer(stderr, &c->proxy);
        return rc;
    }
    if (c->o.quiet) return EXIT_OK;
    if (cli_print_gateway(stdout, &r->gateway, &c->out, c->o.json, c->o.show_secrets, &masked) != 0) {
        fprintf(stderr, "aigw: could not print the result\n");
        return EXIT_OTHER;
    }
    if (masked)
        fprintf(stderr, "aigw: note: %d secret(s) shown as \"****\" (--show-secrets prints them)\n", masked);
    return EXIT_OK;
}

static int cmd_update(cli_t *c)
{
    int rc = check_body(c, &c->params, NULL);
    if (rc != EXIT_OK) return rc;
    if (c->o.dry_run) return preview(c, &c->params);
    aigw_gateway_update(&c->client, c->o.gateway_id, &c->params, &c->ra);
    return finish(c, &c->ra);
}

static int cmd_get(cli_t *c)
{
    if (c->o.dry_run) return preview(c, NULL);
    aigw_gateway_get(&c->client, c->o.gateway_id, &c->ra);
    return finish(c, &c->ra);
}

static unsigned long mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long)ts.tv_sec * 1000UL + (unsigned long)ts.tv_nsec / 1000000UL;
}

/* set is one command: its PUT gets what the GET left of --timeout and of
 * the retries (each request has its first attempt; --attempts - 1 retries
 * are shared). The client reads both numbers at the start of each call. */
static int pass_budget(cli_t *c, const aigw_result_t *get, unsigned long start)
{
    unsigned long used = mono_ms() - start;
    unsigned long retried = get->attempts > 1 ? get->attempts - 1UL : 0;
    if (used >= c->o.timeout_ms) {
        fprintf(stderr, "aigw: %s: the GET used the whole --timeout; the PUT was not sent\n",
                aigw_strerror(AIGW_E_TIMEOUT_CALL));
        return EXIT_NETWORK;
    }
    if (retried > c->o.attempts - 1) retried = c->o.attempts - 1;
    c->client.cfg.call_timeout_ms = (uint32_t)(c->o.timeout_ms - used);
    c->client.cfg.max_attempts = (unsigned)(c->o.attempts - retried);
    return EXIT_OK;
}

static int cmd_set(cli_t *c)
{
    aigw_params_t p;
    unsigned long start = mono_ms();
    int rc;
    if (c->o.dry_run) {
        /* the PUT depends on what the GET returns, so only the GET can be shown */
        fprintf(stderr, "aigw: set --dry-run: the PUT is built from this GET's answer\n");
        return preview(c, NULL);
    }
    if (aigw_gateway_get(&c->client, c->o.gateway_id, &c->ra) != AIGW_OK) return finish(c, &c->ra);
    p = c->ra.gateway.params; /* everything the server has, unknown members included */
    if ((rc = pass_budget(c, &c->ra, start)) != EXIT_OK) return rc;
    cli_store_init(&c->store);
    if ((rc = apply_assignments(c, &p)) != EXIT_OK) return rc;
    if ((rc = check_changes(c, &p, &c->ra.gateway.params)) != EXIT_OK) return rc;
    /* checked above: what the server holds goes back as it gave it */
    c->client.cfg.skip_validation = true;
    aigw_gateway_update(&c->client, c->o.gateway_id, &p, &c->rb);
    return finish(c, &c->rb);
}

/* Everything a command needs from the command line, checked before the network. */
static int prepare(cli_t *c)
{
    cli_store_init(&c->store);
    if (strcmp(c->o.cmd, "update") == 0) return update_params(c);
    if (strcmp(c->o.cmd, "set") == 0) {
        /* check every assignment before the GET: a typo must not cost a round trip */
        aigw_params_t scratch;
        int rc;
        memset(&scratch, 0, sizeof scratch);
        rc = apply_assignments(c, &scratch);
        cli_store_init(&c->store);
        return rc;
    }
    return EXIT_OK;
}

static int run(cli_t *c, int argc, char **argv)
{
    int rc = cli_parse(&c->o, argc, argv);
    if (rc != EXIT_OK || c->o.done) return c->o.done ? c->o.done_rc : rc;
    if ((rc = prepare(c)) != EXIT_OK) return rc;
    if ((rc = setup_client(c)) != EXIT_OK) return rc;
    if (strcmp(c->o.cmd, "update") == 0) rc = cmd_update(c);
    else if (strcmp(c->o.cmd, "get") == 0) rc = cmd_get(c);
    else rc = cmd_set(c);
    aigw_client_close(&c->client);
    return rc;
}

/* A descriptor 0, 1 or 2 left closed by the caller would go to the socket,
 * and output or log text would travel outside TLS: fill them first. */
static int protect_std_fds(void)
{
    int fd;
    for (fd = 0; fd <= 2; fd++) {
        int n;
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (n != fd) return -1; /* open takes the lowest free descriptor: this one */
    }
    return 0;
}

int main(int argc, char **argv)
{
    /* one allocation for the whole run (about 2 MB of buffers, sized for
     * generous responses and a system CA store): too large for a thread's
     * stack. The library itself never allocates; it only uses the memory
     * handed to it here. */
    cli_t *c;
    int rc;
    if (protect_std_fds() != 0) return EXIT_OTHER; /* nowhere safe to say so */
    c = calloc(1, sizeof *c);
    if (!c) {
        fprintf(stderr, "aigw: out of memory\n");
        return EXIT_OTHER;
    }
    rc = run(c, argc, argv);
    aigw_wipe(&c->proxy, sizeof c->proxy); /* the proxy's credentials */
    free(c);
    /* stdout errors are sticky: one check here covers every printf above, so a
     * request or result cut short (a full disk, a closed pipe) never exits 0 */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "aigw: could not write the output\n");
        if (rc == EXIT_OK) rc = EXIT_OTHER;
    }
    return rc;
}
