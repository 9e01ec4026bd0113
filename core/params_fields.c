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

/* Every kind's state member comes first, as aigw_pfield_state() reads it. */
typedef char state_first[offsetof(aigw_bool_t, state) == 0 && offsetof(aigw_int_t, state) == 0 &&
                         offsetof(aigw_text_t, state) == 0 && offsetof(aigw_enum_t, state) == 0 &&
                         offsetof(aigw_dlp_t, state) == 0 && offsetof(aigw_stripe_t, state) == 0 ? 1 : -1];
typedef char fits_ushort[sizeof(aigw_params_t) <= 65535u ? 1 : -1];
typedef char args_fit[AIGW_PR__COUNT <= 64 && AIGW_EK_BILLING < 64 ? 1 : -1];
