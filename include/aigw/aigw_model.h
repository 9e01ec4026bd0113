/*
 * aigw model of "Update a Gateway"
 * (PUT /accounts/{account_id}/ai-gateway/gateways/{id}).
 *
 * Every member is tri-state: AIGW_ABSENT (left out of the body; the zero
 * value, so a zeroed struct is "nothing given"), AIGW_NULL (written as null)
 * or AIGW_SET. Which states a field may take is the schema's business and is
 * checked by aigw_params_validate(), not by the types, so the encoder can also
 * write deliberately invalid bodies for conformance tests.
 *
 * Strings are (pointer, length) pairs in UTF-8 and need not be NUL-terminated.
 * Arrays are caller-owned (pointer, count); nothing here owns memory.
 */
#ifndef AIGW_MODEL_H
#define AIGW_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aigw_config.h"
#include "aigw_error.h"
#include "aigw_sink.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum aigw_state {
    AIGW_ABSENT = 0, /**< not given: left out of the body */
    AIGW_NULL = 1,   /**< explicit JSON null */
    AIGW_SET = 2     /**< a value */
} aigw_state_t;

typedef struct aigw_str {
    const char *ptr;
    size_t len;
} aigw_str_t;

typedef struct { aigw_state_t state; bool value; } aigw_bool_t;
typedef struct { aigw_state_t state; int64_t value; } aigw_int_t;
typedef struct { aigw_state_t state; aigw_str_t value; } aigw_text_t;

/**
 * Enumerated string. value is one of the AIGW_* enum constants below; the
 * value AIGW_ENUM_OTHER means "a string this library does not know" (a newer
 * API's value decoded from a response), held in raw. Such a value is refused
 * by the validator unless AIGW_RELAXED_RANGES is set, and written back as it
 * came otherwise.
 */
typedef struct { aigw_state_t state; int value; aigw_str_t raw; } aigw_enum_t;

#define AIGW_ENUM_OTHER 0

/* dlp action, and dlp.policies[].action */
enum { AIGW_ACTION_BLOCK = 1, AIGW_ACTION_FLAG = 2 };
/* dlp.policies[].check[] */
enum { AIGW_CHECK_REQUEST = 1, AIGW_CHECK_RESPONSE = 2 };
/* log_management_strategy */
enum { AIGW_LOG_STOP_INSERTING = 1, AIGW_LOG_DELETE_OLDEST = 2 };
/* otel[].content_type */
enum { AIGW_OTEL_JSON = 1, AIGW_OTEL_PROTOBUF = 2 };
/* rate_limiting_technique */
enum { AIGW_RATE_FIXED = 1, AIGW_RATE_SLIDING = 2 };
/* retry_backoff */
enum { AIGW_BACKOFF_CONSTANT = 1, AIGW_BACKOFF_LINEAR = 2, AIGW_BACKOFF_EXPONENTIAL = 3 };
/* workers_ai_billing_mode */
enum { AIGW_BILLING_POSTPAID = 1 };

/** Which enumeration a field uses (for aigw_enum_name()/aigw_enum_parse()). */
typedef enum aigw_enum_kind {
    AIGW_EK_ACTION, AIGW_EK_CHECK, AIGW_EK_LOG_STRATEGY, AIGW_EK_CONTENT_TYPE,
    AIGW_EK_RATE_TECHNIQUE, AIGW_EK_BACKOFF, AIGW_EK_BILLING
} aigw_enum_kind_t;

/** Canonical wire name of a known value, or NULL. */
const char *aigw_enum_name(aigw_enum_kind_t kind, int value);
/** Value for a wire name, or AIGW_ENUM_OTHER when unknown. */
int aigw_enum_parse(aigw_enum_kind_t kind, const char *s, size_t len);

typedef struct { aigw_state_t state; const aigw_str_t *items; size_t count; } aigw_str_list_t;
typedef struct { aigw_state_t state; const aigw_enum_t *items; size_t count; } aigw_enum_list_t;

/** dlp.policies[] item: all five members are required by the schema. */
typedef struct aigw_dlp_policy {
    aigw_text_t id;
    aigw_enum_t action;       /**< AIGW_ACTION_* */
    aigw_enum_list_t check;   /**< items AIGW_CHECK_* */
    aigw_bool_t enabled;
    aigw_str_list_t profiles;
} aigw_dlp_policy_t;

/**
 * dlp: one of two shapes (the schema's anyOf):
 *   variant 1: {action, enabled, profiles[]}
 *   variant 2: {enabled, policies[]}
 * The members given decide the shape written; the validator accepts the
 * object when either variant's required members are all valid.
 */
typedef struct aigw_dlp {
    aigw_state_t state;       /**< the dlp member itself */
    aigw_bool_t enabled;
    aigw_enum_t action;       /**< variant 1 */
    aigw_str_list_t profiles; /**< variant 1 */
    struct { aigw_state_t state; const aigw_dlp_policy_t *items; size_t count; } policies; /**< variant 2 */
} aigw_dlp_t;

typedef struct aigw_header { aigw_str_t name; aigw_str_t value; } aigw_header_t;

typedef struct aigw_otel {
    aigw_text_t authorization;  /**< required, maxLength 256 */
    struct { aigw_state_t state; const aigw_header_t *items; size_t count; } headers; /**< required map; values maxLength 4096 */
    aigw_text_t url;            /**< required, format uri, maxLength 2048 */
    aigw_enum_t content_type;   /**< optional, AIGW_OTEL_* */
} aigw_otel_t;

typedef struct aigw_usage_event { aigw_text_t payload; } aigw_usage_event_t;

typedef struct aigw_stripe {
    aigw_state_t state;         /**< the stripe member itself (nullable) */
    aigw_text_t authorization;  /**< required */
    struct { aigw_state_t state; const aigw_usage_event_t *items; size_t count; } usage_events; /**< required */
} aigw_stripe_t;

/**
 * A member aigw does not model, kept verbatim for lossless read-modify-write:
 * name is the key as it stood between the quotes (still JSON-escaped) and
 * json is the raw JSON text of the value. The encoder writes both unchanged.
 */
typedef struct aigw_member { aigw_str_t name; aigw_str_t json; } aigw_member_t;

/** The body of "Update a Gateway". Zero-initialise, then set what you need. */
typedef struct aigw_params {
    /* required (always written; the validator refuses them absent) */
    aigw_bool_t cache_invalidate_on_update;
    aigw_int_t cache_ttl;               /**< nullable, >= 0 */
    aigw_bool_t collect_logs;
    aigw_int_t rate_limiting_interval;  /**< nullable, >= 0 */
    aigw_int_t rate_limiting_limit;     /**< nullable, >= 0 */
    /* optional */
    aigw_bool_t authentication;
    aigw_dlp_t dlp;
    aigw_int_t log_management;          /**< nullable, 10000..10000000 */
    aigw_enum_t log_management_strategy;/**< nullable, AIGW_LOG_* */
    aigw_bool_t logpush;
    aigw_text_t logpush_public_key;     /**< nullable, 16..1024 characters */
    struct { aigw_state_t state; const aigw_otel_t *items; size_t count; } otel; /**< nullable, maxItems 5 */
    aigw_enum_t rate_limiting_technique;/**< nullable, AIGW_RATE_* */
    aigw_enum_t retry_backoff;          /**< nullable, AIGW_BACKOFF_* */
    aigw_int_t retry_delay;             /**< nullable, 0..5000 ms */
    aigw_int_t retry_max_attempts;      /**< nullable, 1..5 */
    aigw_text_t store_id;               /**< nullable */
    aigw_stripe_t stripe;               /**< nullable */
    aigw_enum_t workers_ai_billing_mode;/**< AIGW_BILLING_* */
    aigw_bool_t zdr;
    /** Members not modelled above, written back verbatim after the modelled ones. */
    struct { const aigw_member_t *items; size_t count; } extra;
} aigw_params_t;

/** A gateway as the API returns it (the "result" object). */
typedef struct aigw_gateway {
    aigw_text_t id;
    aigw_text_t created_at;     /**< RFC 3339 text as received */
    aigw_text_t modified_at;
    int64_t created_unix_ms;    /**< created_at in UTC, ms since 1970 (valid when created_at is SET) */
    int64_t modified_unix_ms;
    aigw_bool_t is_default;
    aigw_params_t params;       /**< every field of the update model, plus extra members */
} aigw_gateway_t;

/* ---- validation ---------------------------------------------------------- */

/**
 * Check every constraint of the schema. On failure returns AIGW_E_INVALID and
 * fills diag->path (e.g. "otel[2].url") and diag->rule (e.g. "format uri").
 * diag may be NULL.
 */
aigw_err_t aigw_params_validate(const aigw_params_t *p, aigw_diag_t *diag);

/** Gateway id: 1..64 characters of valid UTF-8 (path "id"). */
aigw_err_t aigw_id_validate(const char *id, size_t len, aigw_diag_t *diag);

/* ---- encoding ------------------------------------------------------------- */

/**
 * Write p as compact JSON into the sink. Does not validate (call
 * aigw_params_validate() first); it does refuse invalid UTF-8 (AIGW_E_INVALID
 * with the path) because it cannot be escaped into valid JSON.
 * Ends with aigw_sink_finish(), so a streamed body is fully flushed on
 * return; the result is then the sink's (AIGW_E_BUFFER with diag->needed).
 */
aigw_err_t aigw_params_encode(const aigw_params_t *p, aigw_sink_t *sink, aigw_diag_t *diag);

/**
 * Convenience: encode into buf. On success *out_len is the length. When buf
 * is too small returns AIGW_E_BUFFER and *out_len (and diag->needed) is the
 * size needed; nothing is written past cap. buf may be NULL when cap is 0.
 * The body is not NUL-terminated.
 */
aigw_err_t aigw_params_to_json(const aigw_params_t *p, char *buf, size_t cap,
                               size_t *out_len, aigw_diag_t *diag);

/**
 * Write one JSON string (with quotes), escaping per RFC 8259. Returns
 * AIGW_E_INVALID on invalid UTF-8, AIGW_E_ARG on NULL, else sink->err.
 */
aigw_err_t aigw_json_write_string(aigw_sink_t *sink, const char *s, size_t len);

/** Validate UTF-8 (RFC 3629: no overlongs, no surrogates, <= U+10FFFF). Returns code points or -1. */
long aigw_utf8_count(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* AIGW_MODEL_H */
