/* SPDX-License-Identifier: MIT */
/* The top-level members of aigw_params_t, in the encoder's order (see params_fields.h). */
#include <stddef.h>

#include "params_fields.h"

#define F(name, kind, flags, arg) \
    { #name, (unsigned short)offsetof(aigw_params_t, name), kind, (unsigned char)((flags) | ((arg) << 2)) }
#define REQ AIGW_PF_REQUIRED
#define NUL AIGW_PF_NULLABLE

/* The schema's rules: required and nullable members, ranges (resolved in params_validate.c). */
const aigw_pfield_t aigw_pfields[AIGW_PFIELDS] = {
    F(cache_invalidate_on_update, AIGW_PF_BOOL, REQ, 0),
    F(cache_ttl, AIGW_PF_INT, REQ | NUL, AIGW_PR_MIN0),
    F(collect_logs, AIGW_PF_BOOL, REQ, 0),
    F(rate_limiting_interval, AIGW_PF_INT, REQ | NUL, AIGW_PR_MIN0),
    F(rate_limiting_limit, AIGW_PF_INT, REQ | NUL, AIGW_PR_MIN0),
    F(authentication, AIGW_PF_BOOL, 0, 0),
    F(dlp, AIGW_PF_DLP, 0, 0),
    F(log_management, AIGW_PF_INT, NUL, AIGW_PR_LOG_MGMT),
    F(log_management_strategy, AIGW_PF_ENUM, NUL, AIGW_EK_LOG_STRATEGY),
    F(logpush, AIGW_PF_BOOL, 0, 0),
    F(logpush_public_key, AIGW_PF_TEXT, NUL, AIGW_PR_PUBKEY),
    F(otel, AIGW_PF_OTEL, NUL, 0),
    F(rate_limiting_technique, AIGW_PF_ENUM, NUL, AIGW_EK_RATE_TECHNIQUE),
    F(retry_backoff, AIGW_PF_ENUM, NUL, AIGW_EK_BACKOFF),
    F(retry_delay, AIGW_PF_INT, NUL, AIGW_PR_RETRY_DELAY),
    F(retry_max_attempts, AIGW_PF_INT, NUL, AIGW_PR_RETRY_ATTEMPTS),
    F(store_id, AIGW_PF_TEXT, NUL, AIGW_PR_NONE),
    F(stripe, AIGW_PF_STRIPE, NUL, 0),
    F(workers_ai_billing_mode, AIGW_PF_ENUM, 0, AIGW_EK_BILLING),
    F(zdr, AIGW_PF_BOOL, 0, 0),
};

/* ---- nested objects ---------------------------------------------------- */

#define NF(type, name, kind, arg, rule) { #name, kind, arg, rule, (unsigned char)offsetof(type, name) }
#define MAX256 AIGW_PF_RULE(REQ, AIGW_PR_MAX256)
#define URI2048 AIGW_PF_RULE(REQ, AIGW_PR_URI2048)

static const aigw_nfield_t policy_f[] = {
    NF(aigw_dlp_policy_t, id, AIGW_PF_TEXT, 0, REQ),
    NF(aigw_dlp_policy_t, action, AIGW_PF_ENUM, AIGW_EK_ACTION, REQ),
    NF(aigw_dlp_policy_t, check, AIGW_PF_ENUMS, AIGW_EK_CHECK, REQ),
    NF(aigw_dlp_policy_t, enabled, AIGW_PF_BOOL, 0, REQ),
    NF(aigw_dlp_policy_t, profiles, AIGW_PF_STRS, 0, REQ),
};
static const aigw_nfield_t otel_f[] = {
    NF(aigw_otel_t, authorization, AIGW_PF_TEXT, 0, MAX256),
    NF(aigw_otel_t, headers, AIGW_PF_HEADERS, 0, REQ),
    NF(aigw_otel_t, url, AIGW_PF_TEXT, 0, URI2048),
    NF(aigw_otel_t, content_type, AIGW_PF_ENUM, AIGW_EK_CONTENT_TYPE, 0),
};
static const aigw_nfield_t event_f[] = {
    NF(aigw_usage_event_t, payload, AIGW_PF_TEXT, 0, REQ),
};

/* the members given decide dlp's shape: action/enabled/profiles (variant
 * 1), enabled/policies (variant 2); the validator judges the variants */
const aigw_nfield_t aigw_nf_dlp[4] = {
    NF(aigw_dlp_t, action, AIGW_PF_ENUM, AIGW_EK_ACTION, REQ),
    NF(aigw_dlp_t, enabled, AIGW_PF_BOOL, 0, REQ),
    NF(aigw_dlp_t, profiles, AIGW_PF_STRS, 0, REQ),
    NF(aigw_dlp_t, policies, AIGW_PF_OBJS, AIGW_PA_POLICIES, REQ),
};
const aigw_nfield_t aigw_nf_stripe[2] = {
    NF(aigw_stripe_t, authorization, AIGW_PF_TEXT, 0, REQ),
    NF(aigw_stripe_t, usage_events, AIGW_PF_OBJS, AIGW_PA_EVENTS, REQ),
};

#define NF_N(t) ((int)(sizeof(t) / sizeof((t)[0])))
const aigw_parr_t aigw_parrs[3] = {
    { AIGW_MAX_DLP_POLICIES, "AIGW_MAX_DLP_POLICIES", sizeof(aigw_dlp_policy_t), policy_f, NF_N(policy_f),
      (unsigned char)offsetof(aigw_dlp_policy_t, extra) },
    { AIGW_MAX_USAGE_EVENTS, "AIGW_MAX_USAGE_EVENTS", sizeof(aigw_usage_event_t), event_f, NF_N(event_f),
      (unsigned char)offsetof(aigw_usage_event_t, extra) },
    { AIGW_MAX_OTEL, "AIGW_MAX_OTEL", sizeof(aigw_otel_t), otel_f, NF_N(otel_f),
      (unsigned char)offsetof(aigw_otel_t, extra) },
};

aigw_state_t aigw_parr_view(const void *parent, int which, const char **items, size_t *count)
{
    switch (which) {
    case AIGW_PA_POLICIES: {
        const aigw_dlp_t *d = (const aigw_dlp_t *)parent;
        *items = (const char *)d->policies.items;
        *count = d->policies.count;
        return d->policies.state;
    }
    case AIGW_PA_EVENTS: {
        const aigw_stripe_t *s = (const aigw_stripe_t *)parent;
        *items = (const char *)s->usage_events.items;
        *count = s->usage_events.count;
        return s->usage_events.state;
    }
    default: {
        const aigw_params_t *p = (const aigw_params_t *)parent;
        *items = (const char *)p->otel.items;
        *count = p->otel.count;
        return p->otel.state;
    }
    }
}

/* Every kind's state member comes first, as aigw_pfield_state() reads it. */
typedef char state_first[offsetof(aigw_bool_t, state) == 0 && offsetof(aigw_int_t, state) == 0 &&
                         offsetof(aigw_text_t, state) == 0 && offsetof(aigw_enum_t, state) == 0 &&
                         offsetof(aigw_dlp_t, state) == 0 && offsetof(aigw_stripe_t, state) == 0 ? 1 : -1];
typedef char nested_fit_uchar[sizeof(aigw_dlp_policy_t) <= 255 && sizeof(aigw_otel_t) <= 255 &&
                              sizeof(aigw_dlp_t) <= 255 && sizeof(aigw_stripe_t) <= 255 ? 1 : -1];
typedef char fits_ushort[sizeof(aigw_params_t) <= 65535u ? 1 : -1];
typedef char kinds_fit[AIGW_PF_OBJS < 256 ? 1 : -1];
typedef char args_fit[AIGW_PR__COUNT <= 64 && AIGW_EK_BILLING < 64 ? 1 : -1];
