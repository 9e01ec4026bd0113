/* Printing for the aigw command; see cli_output.h. */
#include "cli_output.h"

#include <string.h>

#include "aigw/aigw_decode.h"

static aigw_err_t flush_file(void *ctx, const uint8_t *data, size_t len)
{
    return fwrite(data, 1, len, (FILE *)ctx) == len ? AIGW_OK : AIGW_E_SINK;
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
    char buf[256];
    aigw_sink_init_stream(&s, buf, sizeof buf, flush_file, out);
    if (write_gateway(&s, gw, m->scratch, sizeof m->scratch) != AIGW_OK) return -1;
    fputc('\n', out);
    return 0;
}

int cli_print_gateway_summary(FILE *out, const aigw_gateway_t *gw, cli_out_mem_t *m)
{
    aigw_tok_t *tok = m->tok;
    char *gwjson = m->json;
    aigw_sink_t s;
    aigw_json_t js;
    int i, end;
    aigw_sink_init_buffer(&s, gwjson, sizeof m->json);
    if (write_gateway(&s, gw, m->scratch, sizeof m->scratch) != AIGW_OK) return -1;
    if (aigw_json_parse(&js, gwjson, s.total, tok, sizeof m->tok / sizeof m->tok[0], NULL) != AIGW_OK)
        return -1;
    fprintf(out, "gateway %.*s\n", (int)gw->id.value.len, gw->id.value.ptr ? gw->id.value.ptr : "");
    /* top-level members: key token, then its value; skip nested tokens */
    end = js.ntok;
    for (i = 1; i < end;) {
        int v = i + 1, next = v + 1;
        while (next < end && tok[next].start < tok[v].end) next++;
        if (strncmp(gwjson + tok[i].start, "id", 2) != 0 || tok[i].end - tok[i].start != 2)
            fprintf(out, "  %-27.*s %.*s\n", tok[i].end - tok[i].start, gwjson + tok[i].start,
                    tok[v].end - tok[v].start + (tok[v].type == AIGW_TOK_STRING ? 2 : 0),
                    gwjson + tok[v].start - (tok[v].type == AIGW_TOK_STRING ? 1 : 0));
        i = next;
    }
    return 0;
}

void cli_print_diag(FILE *out, const char *what, aigw_err_t e, const aigw_diag_t *d)
{
    fprintf(out, "aigw: %s: %s", what, aigw_strerror(e));
    if (d && d->path[0]) fprintf(out, " at %s", d->path);
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
            fprintf(out, "  error %lld: %.*s", a->code.state == AIGW_SET ? (long long)a->code.value : 0LL,
                    (int)a->message.value.len, a->message.value.ptr ? a->message.value.ptr : "");
            if (a->path.state == AIGW_SET && a->path.count) {
                size_t j;
                fprintf(out, " (at ");
                for (j = 0; j < a->path.count; j++) {
                    const aigw_api_path_item_t *pi = &a->path.items[j];
                    if (pi->is_index) fprintf(out, "[%lld]", (long long)pi->index);
                    else fprintf(out, "%s%.*s", j ? "." : "", (int)pi->key.len, pi->key.ptr);
                }
                fprintf(out, ")");
            }
            fputc('\n', out);
        }
        if (r->errors_more) fprintf(out, "  (%zu errors in all)\n", r->error_total);
    } else {
        fprintf(out, "aigw: %s", aigw_strerror(r->err));
        if (r->diag.path[0]) fprintf(out, " at %s", r->diag.path);
        if (r->diag.rule) fprintf(out, " (%s)", r->diag.rule);
        if (r->diag.needed) fprintf(out, " [needs %zu]", r->diag.needed);
        if (r->status) fprintf(out, " (HTTP %u)", r->status);
        fprintf(out, " after %u attempt(s)\n", r->attempts);
    }
    if (r->cf_ray[0]) fprintf(out, "  cf-ray: %s\n", r->cf_ray);
}
