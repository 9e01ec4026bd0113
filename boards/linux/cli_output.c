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

int cli_print_gateway_json(FILE *out, const aigw_gateway_t *gw, cli_out_mem_t *m)
{
    aigw_sink_t s;
    aigw_sink_init_buffer(&s, m->json, sizeof m->json);
    if (write_gateway(&s, gw, m->scratch, sizeof m->scratch) != AIGW_OK) return -1;
    /* JSON has no raw C0 byte; DEL and C1 can only stand inside strings,
     * where \u007f is the same JSON value, so the output stays exact JSON */
    cli_put_text(out, m->json, s.total);
    fputc('\n', out);
    return 0;
}

int cli_print_gateway_summary(FILE *out, const aigw_gateway_t *gw, cli_out_mem_t *m)
{
    jsmntok_t *tok = m->tok;
    char *gwjson = m->json;
    aigw_sink_t s;
    aigw_json_t js;
    int i, end;
    aigw_sink_init_buffer(&s, gwjson, sizeof m->json);
    if (write_gateway(&s, gw, m->scratch, sizeof m->scratch) != AIGW_OK) return -1;
    if (aigw_json_parse(&js, gwjson, s.total, tok, sizeof m->tok / sizeof m->tok[0], NULL) != AIGW_OK)
        return -1;
    fputs("gateway ", out);
    cli_put_text(out, gw->id.value.ptr, gw->id.value.len);
    fputc('\n', out);
    /* top-level members: key token, then its value; skip nested tokens */
    end = js.ntok;
    for (i = 1; i < end;) {
        int v = i + 1, next = v + 1;
        while (next < end && tok[next].start < tok[v].end) next++;
        if (strncmp(gwjson + tok[i].start, "id", 2) != 0 || tok[i].end - tok[i].start != 2) {
            int q = tok[v].type == JSMN_STRING;
            int klen = tok[i].end - tok[i].start;
            fputs("  ", out);
            cli_put_text(out, gwjson + tok[i].start, (size_t)klen);
            fprintf(out, "%*s ", klen < 27 ? 27 - klen : 0, "");
            cli_put_text(out, gwjson + tok[v].start - q, (size_t)(tok[v].end - tok[v].start + 2 * q));
            fputc('\n', out);
        }
        i = next;
    }
    return 0;
}

void cli_print_diag(FILE *out, const char *what, aigw_err_t e, const aigw_diag_t *d)
{
    fprintf(out, "aigw: %s: %s", what, aigw_strerror(e));
    if (d && d->path[0]) {
        fputs(" at ", out);
        cli_put_cstr(out, d->path);
    }
    if (d && d->rule) fprintf(out, " (%s)", d->rule);
    if (d && d->needed) fprintf(out, " [needs %zu]", d->needed);
    fputc('\n', out);
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
        }
        if (r->errors_more) fprintf(out, "  (%zu errors in all)\n", r->error_total);
    } else {
        fprintf(out, "aigw: %s", aigw_strerror(r->err));
        if (r->diag.path[0]) {
            fputs(" at ", out);
            cli_put_cstr(out, r->diag.path);
        }
        if (r->diag.rule) fprintf(out, " (%s)", r->diag.rule);
        if (r->diag.needed) fprintf(out, " [needs %zu]", r->diag.needed);
        if (r->status) fprintf(out, " (HTTP %u)", r->status);
        fprintf(out, " after %u attempt(s)\n", r->attempts);
    }
    if (r->cf_ray[0]) {
        fputs("  cf-ray: ", out);
        cli_put_cstr(out, r->cf_ray);
        fputc('\n', out);
    }
}
