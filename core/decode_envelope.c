/* SPDX-License-Identifier: MIT */
/*
 * aigw_envelope_decode(): Cloudflare's {success, errors[], messages[],
 * result}. The 200 schema declares only success and result, the error
 * schemas success and errors, so nothing is required beyond "an object
 * with at least one of them". Items of errors[]/messages[] go to the
 * caller's fixed arrays; the ones that do not fit are still checked and
 * counted (*_total, *_more), never dropped silently.
 */
#include <string.h>

#include "decode_internal.h"

#define ALIGN AIGW_ARENA_ALIGN

/* errors[].path (400s): member names and array indexes, e.g. ["body", "otel", 0, "url"]. */
static aigw_err_t api_path(aigw_dec_t *d, int v, aigw_api_error_t *o)
{
    size_t i, n;
    int e;
    aigw_api_path_item_t *items, scratch;
    aigw_err_t err = aigw_dec_array(d, v, 0, NULL, &o->path.state, &n);
    if (err || o->path.state != AIGW_SET) return err;
    items = (aigw_api_path_item_t *)aigw_dec_alloc(d, n, sizeof *items, ALIGN);
    AIGW_DEC_ITEMS(d, v, i, e) {
        aigw_api_path_item_t *it = items ? &items[i] : &scratch;
        memset(it, 0, sizeof *it);
        if (d->t[e].type == AIGW_TOK_STRING) {
            err = aigw_dec_str(d, e, &it->key);
        } else if (d->t[e].type == AIGW_TOK_PRIMITIVE && !aigw_dec_is_null(d, e) &&
                   d->s[d->t[e].start] != 't' && d->s[d->t[e].start] != 'f') {
            it->is_index = true;
            err = aigw_dec_int64(d, e, &it->index);
        } else {
            err = aigw_dec_fail(d, e, AIGW_E_JSON_TYPE, "string or integer");
        }
        if (err) return err;
    }
    o->path.items = items ? items : (const aigw_api_path_item_t *)aigw_dec_empty();
    o->path.count = n;
    return AIGW_OK;
}

#define ONCE(st, call) ((st) != AIGW_ABSENT ? aigw_dec_dup(d, k) : (call))

static aigw_err_t api_error(aigw_dec_t *d, int obj, aigw_api_error_t *o)
{
    int i, k, v, i2, k2, v2;
    aigw_err_t err = AIGW_OK;
    aigw_state_t source = AIGW_ABSENT;
    if (d->t[obj].type != AIGW_TOK_OBJECT) return aigw_dec_fail(d, obj, AIGW_E_JSON_TYPE, "object");
    AIGW_DEC_MEMBERS(d, obj, i, k, v) {
        if (aigw_dec_key_is(d, k, "code")) {
            err = ONCE(o->code.state, aigw_dec_int(d, v, &o->code));
        } else if (aigw_dec_key_is(d, k, "message")) {
            err = ONCE(o->message.state, aigw_dec_text(d, v, &o->message));
        } else if (aigw_dec_key_is(d, k, "documentation_url")) {
            err = ONCE(o->documentation_url.state, aigw_dec_text(d, v, &o->documentation_url));
        } else if (aigw_dec_key_is(d, k, "path")) {
            err = ONCE(o->path.state, api_path(d, v, o));
        } else if (aigw_dec_key_is(d, k, "source")) {
            if (source != AIGW_ABSENT) return aigw_dec_dup(d, k);
            err = aigw_dec_object(d, v, &source);
            if (err) return err;
            if (source != AIGW_SET) continue;
            AIGW_DEC_MEMBERS(d, v, i2, k2, v2) {
                if (!aigw_dec_key_is(d, k2, "pointer")) continue; /* other members: not ours */
                if (o->source_pointer.state != AIGW_ABSENT) return aigw_dec_dup(d, k2);
                err = aigw_dec_text(d, v2, &o->source_pointer);
                if (err) return err;
            }
        }
        /* other members (error_chain, ...): skipped */
        if (err) return err;
    }
    return AIGW_OK;
}

static aigw_err_t api_list(aigw_dec_t *d, int v, aigw_api_error_t *arr, size_t cap,
                           aigw_state_t *state, size_t *count, size_t *total, bool *more)
{
    size_t i, n;
    int e;
    aigw_err_t err = aigw_dec_array(d, v, 0, NULL, state, &n);
    if (err || *state != AIGW_SET) return err;
    AIGW_DEC_ITEMS(d, v, i, e) {
        aigw_api_error_t scratch, *it = (i < cap && arr) ? &arr[i] : &scratch;
        memset(it, 0, sizeof *it);
        if (it == &scratch) d->nostore++; /* checked, counted, not kept */
        err = api_error(d, e, it);
        if (it == &scratch) d->nostore--;
        if (err) return err;
    }
    *total = n;
    *count = n < cap ? n : cap;
    if (!arr) *count = 0;
    *more = *count < n;
    return AIGW_OK;
}

static void env_clear(void *out)
{
    aigw_envelope_t *env = (aigw_envelope_t *)out;
    aigw_envelope_t keep = *env;
    memset(env, 0, sizeof *env);
    env->errors = keep.errors;
    env->errors_cap = keep.errors_cap;
    env->messages = keep.messages;
    env->messages_cap = keep.messages_cap;
    env->result_tok = -1;
}

static aigw_err_t env_fn(aigw_dec_t *d, int tok, void *out)
{
    aigw_envelope_t *env = (aigw_envelope_t *)out;
    int i, k, v;
    bool any = false;
    aigw_err_t err = AIGW_OK;
    if (d->t[tok].type != AIGW_TOK_OBJECT) return aigw_dec_fail(d, tok, AIGW_E_ENVELOPE, "object");
    AIGW_DEC_MEMBERS(d, tok, i, k, v) {
        if (aigw_dec_key_is(d, k, "success")) {
            err = ONCE(env->success.state, aigw_dec_bool(d, v, &env->success));
        } else if (aigw_dec_key_is(d, k, "errors")) {
            err = ONCE(env->errors_state, api_list(d, v, env->errors, env->errors_cap, &env->errors_state,
                                                   &env->errors_count, &env->errors_total, &env->errors_more));
        } else if (aigw_dec_key_is(d, k, "messages")) {
            err = ONCE(env->messages_state,
                       api_list(d, v, env->messages, env->messages_cap, &env->messages_state,
                                &env->messages_count, &env->messages_total, &env->messages_more));
        } else if (aigw_dec_key_is(d, k, "result")) {
            if (env->result_state != AIGW_ABSENT) return aigw_dec_dup(d, k);
            if (aigw_dec_is_null(d, v)) {
                env->result_state = AIGW_NULL;
            } else {
                env->result_state = AIGW_SET;
                env->result_tok = v;
                env->result_json = aigw_dec_raw(d, v);
            }
        } else {
            continue; /* result_info and friends */
        }
        if (err) return err;
        any = true;
    }
    if (!any) return aigw_dec_fail(d, tok, AIGW_E_ENVELOPE, "success, errors, messages or result");
    return AIGW_OK;
}

void aigw_envelope_init(aigw_envelope_t *env, aigw_api_error_t *errors, size_t errors_cap,
                        aigw_api_error_t *messages, size_t messages_cap)
{
    if (!env) return;
    memset(env, 0, sizeof *env);
    env->errors = errors;
    env->errors_cap = errors ? errors_cap : 0;
    env->messages = messages;
    env->messages_cap = messages ? messages_cap : 0;
    env->result_tok = -1;
}

aigw_err_t aigw_envelope_decode(aigw_json_t *js, aigw_arena_t *arena,
                                aigw_envelope_t *env, aigw_diag_t *diag)
{
    return aigw_dec_run(js, 0, arena, env_fn, env_clear, env, diag);
}
