/* SPDX-License-Identifier: MIT */
/* Printing for the aigw command; see cli_output.h. */
#include "cli_output.h"

#include <string.h>

#include "aigw/aigw_decode.h"

/* Length of the UTF-8 sequence at p (the library's own validation), or 0. */
static size_t seq_len(const uint8_t *p, size_t n)
{
    size_t k = p[0] < 0x80u ? 1 : p[0] >= 0xF0u ? 4 : p[0] >= 0xE0u ? 3 : 2;
    return k <= n && aigw_utf8_count((const char *)p, k) == 1 ? k : 0;
}

void cli_put_text(FILE *out, const char *s, size_t len)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0;
    while (s && i < len) {
        size_t k = seq_len(p + i, len - i);
        unsigned cp = k == 2 ? ((p[i] & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu) : p[i];
        if (k == 0) {
            fprintf(out, "\\x%02x", p[i]); /* not UTF-8: no code point to name */
            k = 1;
        } else if (k <= 2 && (cp < 0x20u || (cp >= 0x7Fu && cp <= 0x9Fu))) {
            fprintf(out, "\\u%04x", cp); /* the JSON spelling gateway values already use */
        } else {
            fwrite(p + i, 1, k, out);
        }
        i += k;
    }
}

void cli_put_cstr(FILE *out, const char *s)
{
    if (s) cli_put_text(out, s, strlen(s));
}

/* Gateway JSON into a sink: result-only members first, then the model's. */
static aigw_err_t write_gateway(aigw_sink_t *s, const aigw_gateway_t *gw, char *scratch, size_t cap)
{
    size_t len = 0;
    int first = 1;
    aigw_err_t e = aigw_params_to_json(&gw->params, scratch, cap, &len, NULL);
    if (e != AIGW_OK) return e;
    aigw_sink_putc(s, '{');
#define TEXT_MEMBER(name, t)                                                    \
    if ((t).state != AIGW_ABSENT) {                                             \
        if (!first) aigw_sink_putc(s, ',');                                     \
        first = 0;                                                              \
        aigw_sink_puts(s, "\"" name "\":");                                     \
        if ((t).state == AIGW_NULL) aigw_sink_puts(s, "null");                  \
        else aigw_json_write_string(s, (t).value.ptr, (t).value.len);           \
    }
    TEXT_MEMBER("id", gw->id)
    TEXT_MEMBER("created_at", gw->created_at)
    TEXT_MEMBER("modified_at", gw->modified_at)
#undef TEXT_MEMBER
    if (gw->is_default.state != AIGW_ABSENT) {
        if (!first) aigw_sink_putc(s, ',');
        first = 0;
        aigw_sink_puts(s, "\"is_default\":");
        aigw_sink_puts(s, gw->is_default.state == AIGW_NULL ? "null"
                          : gw->is_default.value ? "true" : "false");
    }
    /* params JSON is "{...}": splice its members in */
    if (len > 2) {
        if (!first) aigw_sink_putc(s, ',');
        aigw_sink_write(s, scratch + 1, len - 2);
    }
    aigw_sink_putc(s, '}');
    return aigw_sink_finish(s);
}

/* jsmn token walking: the index after the value at t[i] (nested tokens
 * start before its end) */
static int json_skip(const aigw_tok_t *t, int n, int i)
{
    int end = t[i].end;
    for (i++; i < n && t[i].start < end; i++) {}
    return i;
}

/* the value token of member name in the object at t[o] (raw key text), or -1 */
static int json_member(const char *text, const aigw_tok_t *t, int n, int o, const char *name)
{
    size_t len = strlen(name);
    int i = o + 1;
    if (o < 0 || o >= n || t[o].type != AIGW_TOK_OBJECT) return -1;
    while (i + 1 < n && t[i].start < t[o].end) {
        if ((size_t)(t[i].end - t[i].start) == len && memcmp(text + t[i].start, name, len) == 0)
            return i + 1;
        i = json_skip(t, n, i + 1);
    }
    return -1;
}

#define MAX_SECRETS 64

/* Tokens of otel[].authorization and stripe.authorization, in text order. */
static int find_secrets(const char *text, const aigw_tok_t *t, int n, int *out)
{
    int k = 0, i, j, a, otel = json_member(text, t, n, 0, "otel");
    if (otel >= 0 && t[otel].type == AIGW_TOK_ARRAY)
        for (i = otel + 1; i < n && t[i].start < t[otel].end && k < MAX_SECRETS - 1;
             i = json_skip(t, n, i))
            if ((a = json_member(text, t, n, i, "authorization")) >= 0) out[k++] = a;
    a = json_member(text, t, n, json_member(text, t, n, 0, "stripe"), "authorization");
    if (a >= 0) out[k++] = a;
    for (i = 1; i < k; i++) /* stripe may come first */
        for (j = i; j > 0 && t[out[j - 1]].start > t[out[j]].start; j--) {
            a = out[j];
            out[j] = out[j - 1];
            out[j - 1] = a;
        }
    return k;
}

/* The gateway as JSON in m->json (length in *len), secrets masked unless
 * show: the masking works on the text, so a field kept as the server's raw
 * JSON (members aigw does not know) is masked too. */
static int gateway_text(const aigw_gateway_t *gw, cli_out_mem_t *m, int show, size_t *len, int *masked)
{
    aigw_sink_t s;
    aigw_json_t js;
    int sec[MAX_SECRETS], k, i;
    size_t at = 0;
    aigw_sink_init_buffer(&s, m->json, sizeof m->json);
    if (write_gateway(&s, gw, m->scratch, sizeof m->scratch) != AIGW_OK) return -1;
    *len = s.total;
    *masked = 0;
    if (show) return 0;
    if (aigw_json_parse(&js, m->json, s.total, m->tok, sizeof m->tok / sizeof m->tok[0], NULL) != AIGW_OK)
        return -1;
    k = find_secrets(m->json, m->tok, js.ntok, sec);
    aigw_sink_init_buffer(&s, m->scratch, sizeof m->scratch);
    for (i = 0; i < k; i++) {
        const aigw_tok_t *t = &m->tok[sec[i]];
        if (t->type != AIGW_TOK_STRING) continue; /* null: nothing to hide */
        aigw_sink_write(&s, m->json + at, (size_t)t->start - at);
        aigw_sink_puts(&s, "****");
        at = (size_t)t->end;
        (*masked)++;
    }
    aigw_sink_write(&s, m->json + at, *len - at);
    if (aigw_sink_finish(&s) != AIGW_OK || s.total > sizeof m->json) return -1;
    memcpy(m->json, m->scratch, s.total);
    *len = s.total;
    return 0;
}

static void print_summary(FILE *out, const aigw_gateway_t *gw, const char *gwjson, const aigw_tok_t *tok, int end)
{
    int i;
    fputs("gateway ", out);
    cli_put_text(out, gw->id.value.ptr, gw->id.value.len);
    fputc('\n', out);
    /* top-level members: key token, then its value */
    for (i = 1; i + 1 < end; i = json_skip(tok, end, i + 1)) {
        int v = i + 1, q = tok[v].type == AIGW_TOK_STRING, klen = tok[i].end - tok[i].start;
        if (klen == 2 && strncmp(gwjson + tok[i].start, "id", 2) == 0) continue;
        fputs("  ", out);
        cli_put_text(out, gwjson + tok[i].start, (size_t)klen);
        fprintf(out, "%*s ", klen < 27 ? 27 - klen : 0, "");
        cli_put_text(out, gwjson + tok[v].start - q, (size_t)(tok[v].end - tok[v].start) + (q ? 2u : 0u));
        fputc('\n', out);
    }
}

int cli_print_gateway(FILE *out, const aigw_gateway_t *gw, cli_out_mem_t *m, int json, int show_secrets,
                      int *masked)
{
    size_t len;
    aigw_json_t js;
    if (gateway_text(gw, m, show_secrets, &len, masked) != 0) return -1;
    if (json) {
        /* JSON has no raw C0 byte; DEL and C1 can only stand inside strings,
         * where \u007f is the same JSON value, so the output stays exact JSON */
        cli_put_text(out, m->json, len);
        fputc('\n', out);
        return 0;
    }
    if (aigw_json_parse(&js, m->json, len, m->tok, sizeof m->tok / sizeof m->tok[0], NULL) != AIGW_OK)
        return -1;
    print_summary(out, gw, m->json, m->tok, js.ntok);
    return 0;
}

static void list_words(FILE *out, aigw_enum_kind_t kind)
{
    int v;
    fputs(": one of", out);
    for (v = 1; aigw_enum_name(kind, v); v++)
        fprintf(out, "%s%s", v > 1 ? ", " : " ", aigw_enum_name(kind, v));
}

/* The allowed words of the enum member a diag path names (the schema table, through lists too). */
static void enum_words(FILE *out, const char *path)
{
    int kind = aigw_params_enum_kind(path, strlen(path));
    if (kind >= 0) list_words(out, (aigw_enum_kind_t)kind);
}

/* " at PATH (RULE) [needs N]" of a diag, with the allowed words of an enum. */
static void print_diag_tail(FILE *out, const aigw_diag_t *d)
{
    if (!d) return;
    if (d->path[0]) {
        fputs(" at ", out);
        cli_put_cstr(out, d->path);
    }
    if (d->rule) {
        fprintf(out, " (%s", d->rule);
        if (strcmp(d->rule, "enum") == 0) enum_words(out, d->path);
        fputc(')', out);
    }
    if (d->needed) fprintf(out, " [needs %zu]", d->needed);
}

void cli_print_diag(FILE *out, const char *what, aigw_err_t e, const aigw_diag_t *d)
{
    fprintf(out, "aigw: %s: %s", what, aigw_strerror(e));
    print_diag_tail(out, d);
    fputc('\n', out);
}

static void print_text(FILE *out, const char *label, const aigw_text_t *t)
{
    if (t->state != AIGW_SET) return;
    fprintf(out, "    %s: ", label);
    cli_put_text(out, t->value.ptr, t->value.len);
    fputc('\n', out);
}

static void print_error_links(FILE *out, const aigw_api_error_t *a)
{
    print_text(out, "documentation", &a->documentation_url);
    print_text(out, "source.pointer", &a->source_pointer);
}

/* ,"name":"text" (or without the comma first) when t is set */
static void put_text_member(aigw_sink_t *s, int *first, const char *name, const aigw_text_t *t)
{
    if (t->state != AIGW_SET) return;
    if (!*first) aigw_sink_putc(s, ',');
    *first = 0;
    aigw_json_write_string(s, name, strlen(name));
    aigw_sink_putc(s, ':');
    aigw_json_write_string(s, t->value.ptr, t->value.len);
}

/* {"code":..,"message":..} items of messages[] into a sink (absent members left out). */
static void write_message(aigw_sink_t *s, const aigw_api_error_t *m)
{
    int first = 1;
    char num[24];
    aigw_sink_putc(s, '{');
    if (m->code.state == AIGW_SET) {
        snprintf(num, sizeof num, "%lld", (long long)m->code.value);
        aigw_sink_puts(s, "\"code\":");
        aigw_sink_puts(s, num);
        first = 0;
    }
    put_text_member(s, &first, "message", &m->message);
    put_text_member(s, &first, "documentation_url", &m->documentation_url);
    aigw_sink_putc(s, '}');
}

void cli_print_messages(FILE *out, const aigw_result_t *r, int json)
{
    size_t i;
    if (!r->message_total) return;
    if (json) {
        /* written whole, then printed escaped: a stream flush could split a
         * UTF-8 sequence, which the terminal escaping would then mangle */
        aigw_sink_t s;
        char buf[8192], num[24];
        aigw_sink_init_buffer(&s, buf, sizeof buf);
        aigw_sink_puts(&s, "{\"messages\":[");
        for (i = 0; i < r->message_count; i++) {
            if (i) aigw_sink_putc(&s, ',');
            write_message(&s, &r->messages[i]);
        }
        snprintf(num, sizeof num, "%zu", r->message_total);
        aigw_sink_puts(&s, "],\"messages_total\":");
        aigw_sink_puts(&s, num);
        aigw_sink_putc(&s, '}');
        if (aigw_sink_finish(&s) == AIGW_OK) {
            cli_put_text(out, buf, s.total);
            fputc('\n', out);
        } else {
            fprintf(out, "aigw: messages[] larger than %zu bytes of JSON; not printed\n", sizeof buf);
        }
        return;
    }
    for (i = 0; i < r->message_count; i++) {
        const aigw_api_error_t *m = &r->messages[i];
        fprintf(out, "aigw: message %lld: ", m->code.state == AIGW_SET ? (long long)m->code.value : 0LL);
        cli_put_text(out, m->message.value.ptr, m->message.value.len);
        fputc('\n', out);
        print_error_links(out, m);
    }
    if (r->messages_more) fprintf(out, "aigw: (%zu messages in all)\n", r->message_total);
}

void cli_print_error(FILE *out, const aigw_result_t *r)
{
    size_t i;
    if (r->err == AIGW_E_API) {
        fprintf(out, "aigw: the API answered %u after %u attempt(s)\n", r->status, r->attempts);
        for (i = 0; i < r->error_count; i++) {
            const aigw_api_error_t *a = &r->errors[i];
            fprintf(out, "  error %lld: ", a->code.state == AIGW_SET ? (long long)a->code.value : 0LL);
            cli_put_text(out, a->message.value.ptr, a->message.value.len);
            if (a->path.state == AIGW_SET && a->path.count) {
                size_t j;
                fprintf(out, " (at ");
                for (j = 0; j < a->path.count; j++) {
                    const aigw_api_path_item_t *pi = &a->path.items[j];
                    if (pi->is_index) fprintf(out, "[%lld]", (long long)pi->index);
                    else {
                        if (j) fputc('.', out);
                        cli_put_text(out, pi->key.ptr, pi->key.len);
                    }
                }
                fprintf(out, ")");
            }
            fputc('\n', out);
            print_error_links(out, a);
        }
        if (r->errors_more) fprintf(out, "  (%zu errors in all)\n", r->error_total);
    } else {
        fprintf(out, "aigw: %s", aigw_strerror(r->err));
        print_diag_tail(out, &r->diag);
        if (r->status) fprintf(out, " (HTTP %u)", r->status);
        fprintf(out, " after %u attempt(s)\n", r->attempts);
    }
    if (r->cf_ray[0]) {
        fputs("  cf-ray: ", out);
        cli_put_cstr(out, r->cf_ray);
        fputc('\n', out);
    }
}
