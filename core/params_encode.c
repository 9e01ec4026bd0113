/*
 * Encoder for the body of "Update a Gateway": compact JSON (RFC 8259) into
 * an aigw_sink_t, so the same walk fills a buffer, counts Content-Length or
 * streams through a small buffer.
 *
 * Shape: members in the API page's order, the five required ones first;
 * every member whose state is not AIGW_ABSENT is written (AIGW_NULL as
 * null), so the output follows the struct exactly and a deliberately
 * invalid body can be produced for conformance tests. Validation is the
 * validator's job; the encoder only refuses what it cannot spell as JSON:
 * invalid UTF-8, an unknown enum value or state, a NULL pointer with a
 * length. Extra members follow the modelled ones, name and value verbatim.
 */
#include "aigw/aigw_model.h"

#include <string.h>
#include "field_path.h"

typedef struct {
    aigw_sink_t *s;
    aigw_diag_t *diag;
} ectx_t;

/* Comma bookkeeping for one JSON object or array. */
typedef struct {
    int first;
} seq_t;

static aigw_err_t fail(ectx_t *c, const aigw_fpath_t *at, const char *rule, aigw_err_t err)
{
    return aigw_fpath_fail(c->diag, at, rule, err);
}

static void sep(ectx_t *c, seq_t *q)
{
    if (!q->first)
        aigw_sink_putc(c->s, ',');
    q->first = 0;
}

/* ,"name": (the modelled names need no escaping) */
static void key(ectx_t *c, seq_t *q, const char *name)
{
    sep(c, q);
    aigw_sink_putc(c->s, '"');
    aigw_sink_puts(c->s, name);
    aigw_sink_write(c->s, "\":", 2);
}

static aigw_err_t put_str(ectx_t *c, const aigw_fpath_t *at, aigw_str_t v)
{
    if (!v.ptr && v.len > 0)
        return fail(c, at, "NULL pointer", AIGW_E_ARG);
    if (aigw_json_write_string(c->s, v.ptr, v.len) == AIGW_E_INVALID)
        return fail(c, at, "utf8", AIGW_E_INVALID);
    return AIGW_OK; /* sink errors are sticky and reported at the end */
}

static void put_int(ectx_t *c, int64_t x)
{
    char d[20];
    size_t n = 0;
    /* magnitude in unsigned arithmetic: -INT64_MIN does not exist */
    uint64_t u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
    do {
        d[sizeof d - 1 - n++] = (char)('0' + (int)(u % 10u));
        u /= 10u;
    } while (u > 0);
    if (x < 0)
        aigw_sink_putc(c->s, '-');
    aigw_sink_write(c->s, d + sizeof d - n, n);
}

/*
 * Writes the key and, for AIGW_NULL, the null. Returns 1 when the caller
 * must write a value, 0 when done (absent or null), -1 on a bad state.
 */
static int member(ectx_t *c, seq_t *q, const char *name, aigw_state_t st)
{
    if (st == AIGW_ABSENT)
        return 0;
    if (st != AIGW_NULL && st != AIGW_SET)
        return -1;
    key(c, q, name);
    if (st == AIGW_NULL) {
        aigw_sink_write(c->s, "null", 4);
        return 0;
    }
    return 1;
}

/* Array items have no "absent": both non-values are written as null. */
static int item(ectx_t *c, seq_t *q, aigw_state_t st)
{
    if (st != AIGW_ABSENT && st != AIGW_NULL && st != AIGW_SET)
        return -1;
    sep(c, q);
    if (st != AIGW_SET) {
        aigw_sink_write(c->s, "null", 4);
        return 0;
    }
    return 1;
}

static aigw_err_t bad_state(ectx_t *c, const aigw_fpath_t *at)
{
    return fail(c, at, "type", AIGW_E_INVALID);
}

static aigw_err_t put_enum_value(ectx_t *c, const aigw_fpath_t *at, const aigw_enum_t *en,
                                 aigw_enum_kind_t kind)
{
    const char *name;
    if (en->value == AIGW_ENUM_OTHER)
        return put_str(c, at, en->raw); /* a newer API's value, as it came */
    name = aigw_enum_name(kind, en->value);
    if (!name)
        return fail(c, at, "enum", AIGW_E_INVALID);
    aigw_sink_putc(c->s, '"');
    aigw_sink_puts(c->s, name);
    aigw_sink_putc(c->s, '"');
    return AIGW_OK;
}

/* ---- typed members ------------------------------------------------------ */

static aigw_err_t m_bool(ectx_t *c, seq_t *q, const aigw_fpath_t *parent, const char *name,
                         const aigw_bool_t *b)
{
    int r = member(c, q, name, b->state);
    if (r < 0) {
        aigw_fpath_t f = aigw_fp_member(parent, name);
        return bad_state(c, &f);
    }
    if (r > 0) {
        if (b->value)
            aigw_sink_write(c->s, "true", 4);
        else
            aigw_sink_write(c->s, "false", 5);
    }
    return AIGW_OK;
}

static aigw_err_t m_int(ectx_t *c, seq_t *q, const aigw_fpath_t *parent, const char *name,
                        const aigw_int_t *x)
{
    int r = member(c, q, name, x->state);
    if (r < 0) {
        aigw_fpath_t f = aigw_fp_member(parent, name);
        return bad_state(c, &f);
    }
    if (r > 0)
        put_int(c, x->value);
    return AIGW_OK;
}

static aigw_err_t m_text(ectx_t *c, seq_t *q, const aigw_fpath_t *parent, const char *name,
                         const aigw_text_t *t)
{
    aigw_fpath_t f = aigw_fp_member(parent, name);
    int r = member(c, q, name, t->state);
    if (r < 0)
        return bad_state(c, &f);
    return r > 0 ? put_str(c, &f, t->value) : AIGW_OK;
}

static aigw_err_t m_enum(ectx_t *c, seq_t *q, const aigw_fpath_t *parent, const char *name,
                         const aigw_enum_t *en, aigw_enum_kind_t kind)
{
    aigw_fpath_t f = aigw_fp_member(parent, name);
    int r = member(c, q, name, en->state);
    if (r < 0)
        return bad_state(c, &f);
    return r > 0 ? put_enum_value(c, &f, en, kind) : AIGW_OK;
}

/*
 * Opens an array or object member: returns 1 when the caller writes the
 * items (and closes it), 0 when done, or an error code via *e.
 */
static int m_open(ectx_t *c, seq_t *q, const aigw_fpath_t *f, const char *name,
                  aigw_state_t st, const void *items, size_t count, char open, aigw_err_t *e)
{
    int r = member(c, q, name, st);
    *e = AIGW_OK;
    if (r < 0) {
        *e = bad_state(c, f);
        return 0;
    }
    if (r > 0 && !items && count > 0) {
        *e = fail(c, f, "NULL pointer", AIGW_E_ARG);
        return 0;
    }
    if (r > 0)
        aigw_sink_putc(c->s, open);
    return r;
}

static aigw_err_t m_str_list(ectx_t *c, seq_t *q, const aigw_fpath_t *parent, const char *name,
                             const aigw_str_list_t *l)
{
    aigw_fpath_t f = aigw_fp_member(parent, name);
    seq_t a = { 1 };
    aigw_err_t e;
    size_t i;

    if (!m_open(c, q, &f, name, l->state, l->items, l->count, '[', &e))
        return e;
    for (i = 0; i < l->count; i++) {
        aigw_fpath_t it = aigw_fp_index(&f, i);
        sep(c, &a);
        if ((e = put_str(c, &it, l->items[i])) != AIGW_OK)
            return e;
    }
    aigw_sink_putc(c->s, ']');
    return AIGW_OK;
}

static aigw_err_t m_enum_list(ectx_t *c, seq_t *q, const aigw_fpath_t *parent, const char *name,
                              const aigw_enum_list_t *l, aigw_enum_kind_t kind)
{
    aigw_fpath_t f = aigw_fp_member(parent, name);
    seq_t a = { 1 };
    aigw_err_t e;
    size_t i;

    if (!m_open(c, q, &f, name, l->state, l->items, l->count, '[', &e))
        return e;
    for (i = 0; i < l->count; i++) {
        aigw_fpath_t it = aigw_fp_index(&f, i);
        int r = item(c, &a, l->items[i].state);
        if (r < 0)
            return bad_state(c, &it);
        if (r > 0 && (e = put_enum_value(c, &it, &l->items[i], kind)) != AIGW_OK)
            return e;
    }
    aigw_sink_putc(c->s, ']');
    return AIGW_OK;
}

/* ---- nested objects ----------------------------------------------------- */

static aigw_err_t put_policy(ectx_t *c, const aigw_fpath_t *at, const aigw_dlp_policy_t *p)
{
    seq_t o = { 1 };
    aigw_err_t e;

    aigw_sink_putc(c->s, '{');
    if ((e = m_text(c, &o, at, "id", &p->id)) != AIGW_OK ||
        (e = m_enum(c, &o, at, "action", &p->action, AIGW_EK_ACTION)) != AIGW_OK ||
        (e = m_enum_list(c, &o, at, "check", &p->check, AIGW_EK_CHECK)) != AIGW_OK ||
        (e = m_bool(c, &o, at, "enabled", &p->enabled)) != AIGW_OK ||
        (e = m_str_list(c, &o, at, "profiles", &p->profiles)) != AIGW_OK)
        return e;
    aigw_sink_putc(c->s, '}');
    return AIGW_OK;
}

static aigw_err_t m_dlp(ectx_t *c, seq_t *q, const aigw_dlp_t *d)
{
    aigw_fpath_t f = aigw_fp_member(NULL, "dlp");
    aigw_fpath_t pf = aigw_fp_member(&f, "policies");
    seq_t o = { 1 }, a = { 1 };
    aigw_err_t e;
    size_t i;
    int r = member(c, q, "dlp", d->state);

    if (r < 0)
        return bad_state(c, &f);
    if (r == 0)
        return AIGW_OK;
    aigw_sink_putc(c->s, '{');
    /* the members given decide the shape: action/enabled/profiles for
     * variant 1, enabled/policies for variant 2 */
    if ((e = m_enum(c, &o, &f, "action", &d->action, AIGW_EK_ACTION)) != AIGW_OK ||
        (e = m_bool(c, &o, &f, "enabled", &d->enabled)) != AIGW_OK ||
        (e = m_str_list(c, &o, &f, "profiles", &d->profiles)) != AIGW_OK)
        return e;
    if (m_open(c, &o, &pf, "policies", d->policies.state, d->policies.items, d->policies.count,
               '[', &e)) {
        for (i = 0; i < d->policies.count; i++) {
            aigw_fpath_t it = aigw_fp_index(&pf, i);
            sep(c, &a);
            if ((e = put_policy(c, &it, &d->policies.items[i])) != AIGW_OK)
                return e;
        }
        aigw_sink_putc(c->s, ']');
    } else if (e != AIGW_OK) {
        return e;
    }
    aigw_sink_putc(c->s, '}');
    return AIGW_OK;
}

static aigw_err_t put_otel(ectx_t *c, const aigw_fpath_t *at, const aigw_otel_t *o)
{
    aigw_fpath_t hf = aigw_fp_member(at, "headers");
    seq_t ob = { 1 }, hs = { 1 };
    aigw_err_t e;
    size_t i;

    aigw_sink_putc(c->s, '{');
    if ((e = m_text(c, &ob, at, "authorization", &o->authorization)) != AIGW_OK)
        return e;
    if (m_open(c, &ob, &hf, "headers", o->headers.state, o->headers.items, o->headers.count,
               '{', &e)) {
        /* a map, written in the caller's order */
        for (i = 0; i < o->headers.count; i++) {
            const aigw_header_t *h = &o->headers.items[i];
            aigw_fpath_t k = aigw_fp_key(&hf, h->name.ptr, h->name.len);
            sep(c, &hs);
            if ((e = put_str(c, &k, h->name)) != AIGW_OK)
                return e;
            aigw_sink_putc(c->s, ':');
            if ((e = put_str(c, &k, h->value)) != AIGW_OK)
                return e;
        }
        aigw_sink_putc(c->s, '}');
    } else if (e != AIGW_OK) {
        return e;
    }
    if ((e = m_text(c, &ob, at, "url", &o->url)) != AIGW_OK ||
        (e = m_enum(c, &ob, at, "content_type", &o->content_type, AIGW_EK_CONTENT_TYPE)) != AIGW_OK)
        return e;
    aigw_sink_putc(c->s, '}');
    return AIGW_OK;
}

static aigw_err_t m_otel(ectx_t *c, seq_t *q, const aigw_params_t *p)
{
    aigw_fpath_t f = aigw_fp_member(NULL, "otel");
    seq_t a = { 1 };
    aigw_err_t e;
    size_t i;

    if (!m_open(c, q, &f, "otel", p->otel.state, p->otel.items, p->otel.count, '[', &e))
        return e;
    for (i = 0; i < p->otel.count; i++) {
        aigw_fpath_t it = aigw_fp_index(&f, i);
        sep(c, &a);
        if ((e = put_otel(c, &it, &p->otel.items[i])) != AIGW_OK)
            return e;
    }
    aigw_sink_putc(c->s, ']');
    return AIGW_OK;
}

static aigw_err_t m_stripe(ectx_t *c, seq_t *q, const aigw_stripe_t *s)
{
    aigw_fpath_t f = aigw_fp_member(NULL, "stripe");
    aigw_fpath_t uf = aigw_fp_member(&f, "usage_events");
    seq_t o = { 1 }, a = { 1 };
    aigw_err_t e;
    size_t i;
    int r = member(c, q, "stripe", s->state);

    if (r < 0)
        return bad_state(c, &f);
    if (r == 0)
        return AIGW_OK;
    aigw_sink_putc(c->s, '{');
    if ((e = m_text(c, &o, &f, "authorization", &s->authorization)) != AIGW_OK)
        return e;
    if (m_open(c, &o, &uf, "usage_events", s->usage_events.state, s->usage_events.items,
               s->usage_events.count, '[', &e)) {
        for (i = 0; i < s->usage_events.count; i++) {
            aigw_fpath_t it = aigw_fp_index(&uf, i);
            seq_t ev = { 1 };
            sep(c, &a);
            aigw_sink_putc(c->s, '{');
            if ((e = m_text(c, &ev, &it, "payload", &s->usage_events.items[i].payload)) != AIGW_OK)
                return e;
            aigw_sink_putc(c->s, '}');
        }
        aigw_sink_putc(c->s, ']');
    } else if (e != AIGW_OK) {
        return e;
    }
    aigw_sink_putc(c->s, '}');
    return AIGW_OK;
}

static aigw_err_t put_extras(ectx_t *c, seq_t *q, const aigw_params_t *p)
{
    size_t i;
    if (!p->extra.items && p->extra.count > 0)
        return fail(c, NULL, "NULL pointer", AIGW_E_ARG);
    for (i = 0; i < p->extra.count; i++) {
        const aigw_member_t *m = &p->extra.items[i];
        aigw_fpath_t f = aigw_fp_key(NULL, m->name.ptr, m->name.len);
        if ((!m->name.ptr && m->name.len > 0) || !m->json.ptr)
            return fail(c, &f, "NULL pointer", AIGW_E_ARG);
        if (m->json.len == 0) /* would leave `"name":` without a value */
            return fail(c, &f, "type", AIGW_E_INVALID);
        sep(c, q);
        aigw_sink_putc(c->s, '"');
        aigw_sink_write(c->s, m->name.ptr, m->name.len);
        aigw_sink_write(c->s, "\":", 2);
        aigw_sink_write(c->s, m->json.ptr, m->json.len);
    }
    return AIGW_OK;
}

/*
 * An extra member named like a modelled field holds that field as the
 * server sent it, with members this library does not know (the decoder
 * keeps both: the known parts in the model, for validation, and the whole
 * raw value here). The raw value is written instead of the model's, so a
 * read-modify-write never drops what a newer API added; to change such a
 * field, drop the extra member of that name (see aigw_model.h).
 */
static int shadowed(const aigw_params_t *p, const char *name)
{
    size_t i, n = strlen(name);
    for (i = 0; p->extra.items && i < p->extra.count; i++) {
        const aigw_member_t *m = &p->extra.items[i];
        if (m->name.len == n && m->name.ptr && memcmp(m->name.ptr, name, n) == 0)
            return 1;
    }
    return 0;
}

static aigw_err_t encode_members(ectx_t *c, const aigw_params_t *p)
{
    seq_t o = { 1 };
    aigw_err_t e;

#define PUT(expr) do { if ((e = (expr)) != AIGW_OK) return e; } while (0)
#define PUT_UNLESS_SHADOWED(name, expr) do { if (!shadowed(p, name)) PUT(expr); } while (0)
    aigw_sink_putc(c->s, '{');
    PUT_UNLESS_SHADOWED("cache_invalidate_on_update", m_bool(c, &o, NULL, "cache_invalidate_on_update", &p->cache_invalidate_on_update));
    PUT_UNLESS_SHADOWED("cache_ttl", m_int(c, &o, NULL, "cache_ttl", &p->cache_ttl));
    PUT_UNLESS_SHADOWED("collect_logs", m_bool(c, &o, NULL, "collect_logs", &p->collect_logs));
    PUT_UNLESS_SHADOWED("rate_limiting_interval", m_int(c, &o, NULL, "rate_limiting_interval", &p->rate_limiting_interval));
    PUT_UNLESS_SHADOWED("rate_limiting_limit", m_int(c, &o, NULL, "rate_limiting_limit", &p->rate_limiting_limit));
    PUT_UNLESS_SHADOWED("authentication", m_bool(c, &o, NULL, "authentication", &p->authentication));
    PUT_UNLESS_SHADOWED("dlp", m_dlp(c, &o, &p->dlp));
    PUT_UNLESS_SHADOWED("log_management", m_int(c, &o, NULL, "log_management", &p->log_management));
    PUT_UNLESS_SHADOWED("log_management_strategy", m_enum(c, &o, NULL, "log_management_strategy", &p->log_management_strategy,
               AIGW_EK_LOG_STRATEGY));
    PUT_UNLESS_SHADOWED("logpush", m_bool(c, &o, NULL, "logpush", &p->logpush));
    PUT_UNLESS_SHADOWED("logpush_public_key", m_text(c, &o, NULL, "logpush_public_key", &p->logpush_public_key));
    PUT_UNLESS_SHADOWED("otel", m_otel(c, &o, p));
    PUT_UNLESS_SHADOWED("rate_limiting_technique", m_enum(c, &o, NULL, "rate_limiting_technique", &p->rate_limiting_technique,
               AIGW_EK_RATE_TECHNIQUE));
    PUT_UNLESS_SHADOWED("retry_backoff", m_enum(c, &o, NULL, "retry_backoff", &p->retry_backoff, AIGW_EK_BACKOFF));
    PUT_UNLESS_SHADOWED("retry_delay", m_int(c, &o, NULL, "retry_delay", &p->retry_delay));
    PUT_UNLESS_SHADOWED("retry_max_attempts", m_int(c, &o, NULL, "retry_max_attempts", &p->retry_max_attempts));
    PUT_UNLESS_SHADOWED("store_id", m_text(c, &o, NULL, "store_id", &p->store_id));
    PUT_UNLESS_SHADOWED("stripe", m_stripe(c, &o, &p->stripe));
    PUT_UNLESS_SHADOWED("workers_ai_billing_mode", m_enum(c, &o, NULL, "workers_ai_billing_mode", &p->workers_ai_billing_mode,
               AIGW_EK_BILLING));
    PUT_UNLESS_SHADOWED("zdr", m_bool(c, &o, NULL, "zdr", &p->zdr));
    PUT(put_extras(c, &o, p));
#undef PUT_UNLESS_SHADOWED
#undef PUT
    aigw_sink_putc(c->s, '}');
    return AIGW_OK;
}

aigw_err_t aigw_params_encode(const aigw_params_t *p, aigw_sink_t *sink, aigw_diag_t *diag)
{
    ectx_t c;
    aigw_err_t e;

    if (!p || !sink)
        return aigw_fpath_fail(diag, NULL, "NULL pointer", AIGW_E_ARG);
    c.s = sink;
    c.diag = diag;
    e = encode_members(&c, p);
    if (e != AIGW_OK)
        return e; /* diag already names the field */
    /* Flush what a stream holds, so a streamed body is complete on return. */
    e = aigw_sink_finish(sink);
    if (diag) {
        diag->err = e;
        diag->path[0] = '\0';
        diag->rule = NULL;
        diag->needed = e == AIGW_E_BUFFER ? sink->total : 0;
    }
    return e;
}

aigw_err_t aigw_params_to_json(const aigw_params_t *p, char *buf, size_t cap,
                               size_t *out_len, aigw_diag_t *diag)
{
    aigw_sink_t s;
    aigw_err_t e;

    if (out_len)
        *out_len = 0;
    if (!p || (!buf && cap > 0))
        return aigw_fpath_fail(diag, NULL, "NULL pointer", AIGW_E_ARG);
    aigw_sink_init_buffer(&s, buf, cap);
    e = aigw_params_encode(p, &s, diag);
    if (out_len) {
        if (e == AIGW_OK)
            *out_len = s.len;
        else if (e == AIGW_E_BUFFER)
            *out_len = s.total;
    }
    return e;
}
