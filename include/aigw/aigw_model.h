/* SPDX-License-Identifier: MIT */
/**
 * @file
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
AIGW_API_BEGIN

/** Which of the three states a field is in (see the file description). */
typedef enum aigw_state {
    AIGW_ABSENT = 0, /**< not given: left out of the body */
    AIGW_NULL = 1,   /**< explicit JSON null */
    AIGW_SET = 2     /**< a value */
} aigw_state_t;

/** A string slice: len bytes of UTF-8 at ptr, not necessarily NUL-terminated. */
typedef struct aigw_str {
    const char *ptr; /**< first byte */
    size_t len;      /**< length in bytes */
} aigw_str_t;

/** Tri-state boolean field. */
typedef struct { aigw_state_t state; /**< ABSENT, NULL or SET */ bool value; /**< when SET */ } aigw_bool_t;
/** Tri-state integer field (the schema's integers; int64 on the wire). */
typedef struct { aigw_state_t state; /**< ABSENT, NULL or SET */ int64_t value; /**< when SET */ } aigw_int_t;
/** Tri-state string field. */
typedef struct { aigw_state_t state; /**< ABSENT, NULL or SET */ aigw_str_t value; /**< when SET */ } aigw_text_t;

/**
 * Enumerated string. value is one of the AIGW_* enum constants below; the
 * value AIGW_ENUM_OTHER means "a string this library does not know" (a newer
 * API's value decoded from a response), held in raw. Such a value is refused
 * by the validator unless AIGW_RELAXED_RANGES is set, and written back as it
 * came otherwise.
 */
typedef struct {
    aigw_state_t state; /**< ABSENT, NULL or SET */
    int value;          /**< when SET: an AIGW_* constant of the field's enumeration, or AIGW_ENUM_OTHER */
    aigw_str_t raw;     /**< with AIGW_ENUM_OTHER: the wire string as received */
} aigw_enum_t;

/** aigw_enum_t.value of a string this library does not know (kept in raw). */
#define AIGW_ENUM_OTHER 0

/** A JSON number kept as its text (spend_limits.rules[].limit): exact, and
 *  no floating point in the core. The validator checks it is a JSON number. */
typedef struct { aigw_state_t state; /**< ABSENT, NULL or SET */ aigw_str_t text; /**< when SET: the number's JSON text */ } aigw_num_t;
/** A JSON object kept as its text (a member whose values aigw does not
 *  model one by one, such as spend_limits.rules[].metadata). */
typedef struct { aigw_state_t state; /**< ABSENT, NULL or SET */ aigw_str_t json; /**< when SET: the object's JSON text */ } aigw_json_text_t;

/** Tri-state array of strings: items[0..count) when SET (caller-owned). */
typedef struct {
    aigw_state_t state;      /**< ABSENT, NULL or SET */
    const aigw_str_t *items; /**< count strings (may be NULL when count is 0) */
    size_t count;            /**< number of items */
} aigw_str_list_t;
/** Tri-state array of enumerated strings: items[0..count) when SET (caller-owned). */
typedef struct {
    aigw_state_t state;       /**< ABSENT, NULL or SET */
    const aigw_enum_t *items; /**< count values (may be NULL when count is 0) */
    size_t count;             /**< number of items */
} aigw_enum_list_t;

/**
 * A member aigw does not model, kept verbatim for lossless read-modify-write:
 * name is the key as it stood between the quotes (still JSON-escaped) and
 * json is the raw JSON text of the value. The encoder writes both unchanged.
 */
typedef struct aigw_member {
    aigw_str_t name; /**< the key, still JSON-escaped, without quotes */
    aigw_str_t json; /**< the value's JSON text */
} aigw_member_t;

/**
 * The members of one JSON object that aigw does not model (a newer API's
 * "dlp.policies[0].severity", "otel[0].timeout_ms", "guardrails"). Every
 * modelled object has such a list: the decoder fills it, the encoder writes
 * it after that object's modelled members, so a read-modify-write sends
 * back what it did not understand while a change to a modelled member is
 * what is sent. The encoder refuses a name written twice in one object
 * (after unescaping: "stri\u0070e" is stripe), modelled or not.
 */
typedef struct aigw_members {
    const aigw_member_t *items; /**< the members, written in this order (caller-owned; may be NULL when count is 0) */
    size_t count;               /**< number of items */
} aigw_members_t;

/** One member of otel[].headers (a JSON object of strings, kept in order). */
typedef struct aigw_header {
    aigw_str_t name;  /**< header name (the member name) */
    aigw_str_t value; /**< header value */
} aigw_header_t;

/** An object of strings (otel[].headers), its members kept in order. */
typedef struct aigw_header_map {
    aigw_state_t state;         /**< ABSENT, NULL or SET */
    const aigw_header_t *items; /**< the members, in order (caller-owned; may be NULL when count is 0) */
    size_t count;               /**< number of items */
} aigw_header_map_t;

/* ---- BEGIN GENERATED by tools/gen_schema.py from tools/upstream/api: do not edit ---- */
/** dlp.action, dlp.policies[].action, guardrails.prompt.*, guardrails.response.* */
enum {
    AIGW_ACTION_BLOCK = 1, /**< "BLOCK" */
    AIGW_ACTION_FLAG = 2   /**< "FLAG" */
};
/** dlp.policies[].check[] */
enum {
    AIGW_CHECK_REQUEST = 1,  /**< "REQUEST" */
    AIGW_CHECK_RESPONSE = 2  /**< "RESPONSE" */
};
/** log_management_strategy */
enum {
    AIGW_LOG_STOP_INSERTING = 1, /**< "STOP_INSERTING" */
    AIGW_LOG_DELETE_OLDEST = 2   /**< "DELETE_OLDEST" */
};
/** otel[].content_type */
enum {
    AIGW_OTEL_JSON = 1,     /**< "json" */
    AIGW_OTEL_PROTOBUF = 2  /**< "protobuf" */
};
/** rate_limiting_technique, spend_limits.rules[].technique */
enum {
    AIGW_RATE_FIXED = 1,   /**< "fixed" */
    AIGW_RATE_SLIDING = 2  /**< "sliding" */
};
/** retry_backoff */
enum {
    AIGW_BACKOFF_CONSTANT = 1,    /**< "constant" */
    AIGW_BACKOFF_LINEAR = 2,      /**< "linear" */
    AIGW_BACKOFF_EXPONENTIAL = 3  /**< "exponential" */
};
/** workers_ai_billing_mode */
enum {
    AIGW_BILLING_POSTPAID = 1, /**< "postpaid" */
    AIGW_BILLING_UNIFIED = 2   /**< "unified", since schema 20260817 */
};
/** spend_limits.rules[].limitType */
enum {
    AIGW_LIMIT_COST = 1  /**< "cost", since schema 20260701 */
};
/** spend_limits.rules[].model.mode, spend_limits.rules[].provider.mode */
enum {
    AIGW_FILTER_FILTER = 1  /**< "filter", since schema 20260701 */
};

/** Which enumeration a field uses (for aigw_enum_name()/aigw_enum_parse()). */
typedef enum aigw_enum_kind {
    AIGW_EK_ACTION, /**< AIGW_ACTION_*: dlp.action, dlp.policies[].action, guardrails.prompt.*, guardrails.response.* */
    AIGW_EK_CHECK, /**< AIGW_CHECK_*: dlp.policies[].check[] */
    AIGW_EK_LOG_STRATEGY, /**< AIGW_LOG_*: log_management_strategy */
    AIGW_EK_CONTENT_TYPE, /**< AIGW_OTEL_*: otel[].content_type */
    AIGW_EK_RATE_TECHNIQUE, /**< AIGW_RATE_*: rate_limiting_technique, spend_limits.rules[].technique */
    AIGW_EK_BACKOFF, /**< AIGW_BACKOFF_*: retry_backoff */
    AIGW_EK_BILLING, /**< AIGW_BILLING_*: workers_ai_billing_mode */
    AIGW_EK_LIMIT_TYPE, /**< AIGW_LIMIT_*: spend_limits.rules[].limitType */
    AIGW_EK_FILTER_MODE /**< AIGW_FILTER_*: spend_limits.rules[].model.mode, spend_limits.rules[].provider.mode */
} aigw_enum_kind_t;

/** dlp.policies[] */
typedef struct aigw_dlp_policy {
    aigw_enum_t action; /**< required, AIGW_ACTION_* */
    aigw_enum_list_t check; /**< required, AIGW_CHECK_* */
    aigw_bool_t enabled; /**< required */
    aigw_text_t id; /**< required */
    aigw_str_list_t profiles; /**< required */
    aigw_members_t extra; /**< members not modelled, written after the others */
} aigw_dlp_policy_t;
/** A list of dlp.policies[]: items[0..count) when SET (caller-owned). */
typedef struct aigw_dlp_policy_list {
    aigw_state_t state;             /**< ABSENT, NULL or SET */
    const aigw_dlp_policy_t *items; /**< count items (may be NULL when count is 0) */
    size_t count;                   /**< number of items */
} aigw_dlp_policy_list_t;

/** dlp (anyOf: {action, enabled, profiles} | {enabled, policies}) */
typedef struct aigw_dlp {
    aigw_state_t state; /**< the object itself: ABSENT, NULL or SET */
    aigw_enum_t action; /**< variant 1 required, AIGW_ACTION_* */
    aigw_bool_t enabled; /**< variant 1 required, variant 2 required */
    aigw_str_list_t profiles; /**< variant 1 required */
    aigw_dlp_policy_list_t policies; /**< variant 2 required */
    aigw_members_t extra; /**< members not modelled, written after the others */
} aigw_dlp_t;

/** otel[] */
typedef struct aigw_otel {
    aigw_text_t authorization; /**< required in schema 0, maxLength 256 */
    aigw_header_map_t headers; /**< required, maxLength 4096 */
    aigw_text_t url; /**< required, maxLength 2048, format uri */
    aigw_enum_t content_type; /**< AIGW_OTEL_* */
    aigw_members_t extra; /**< members not modelled, written after the others */
} aigw_otel_t;
/** A list of otel[]: items[0..count) when SET (caller-owned). */
typedef struct aigw_otel_list {
    aigw_state_t state;             /**< ABSENT, NULL or SET */
    const aigw_otel_t *items; /**< count items (may be NULL when count is 0) */
    size_t count;                   /**< number of items */
} aigw_otel_list_t;

/** stripe.usage_events[] */
typedef struct aigw_usage_event {
    aigw_text_t payload; /**< required */
    aigw_members_t extra; /**< members not modelled, written after the others */
} aigw_usage_event_t;
/** A list of stripe.usage_events[]: items[0..count) when SET (caller-owned). */
typedef struct aigw_usage_event_list {
    aigw_state_t state;             /**< ABSENT, NULL or SET */
    const aigw_usage_event_t *items; /**< count items (may be NULL when count is 0) */
    size_t count;                   /**< number of items */
} aigw_usage_event_list_t;

/** stripe */
typedef struct aigw_stripe {
    aigw_state_t state; /**< the object itself: ABSENT, NULL or SET */
    aigw_text_t authorization; /**< required */
    aigw_usage_event_list_t usage_events; /**< required */
    aigw_members_t extra; /**< members not modelled, written after the others */
} aigw_stripe_t;

/** guardrails.prompt */
typedef struct aigw_guardrail_actions {
    aigw_state_t state; /**< the object itself: ABSENT, NULL or SET */
    aigw_enum_t P1; /**< since schema 20260701, AIGW_ACTION_* */
    aigw_enum_t S1; /**< since schema 20260701, AIGW_ACTION_* */
    aigw_enum_t S10; /**< since schema 20260701, AIGW_ACTION_* */
    aigw_enum_t S11; /**< since schema 20260701, AIGW_ACTION_* */
    aigw_enum_t S12; /**< since schema 20260701, AIGW_ACTION_* */
    aigw_enum_t S13; /**< since schema 20260701, AIGW_ACTION_* */
    aigw_enum_t S2; /**< since schema 20260701, AIGW_ACTION_* */
    aigw_enum_t S3; /**< since schema 20260701, AIGW_ACTION_* */
    aigw_enum_t S4; /**< since schema 20260701, AIGW_ACTION_* */
    aigw_enum_t S5; /**< since schema 20260701, AIGW_ACTION_* */
    aigw_enum_t S6; /**< since schema 20260701, AIGW_ACTION_* */
    aigw_enum_t S7; /**< since schema 20260701, AIGW_ACTION_* */
    aigw_enum_t S8; /**< since schema 20260701, AIGW_ACTION_* */
    aigw_enum_t S9; /**< since schema 20260701, AIGW_ACTION_* */
    aigw_members_t extra; /**< members not modelled, written after the others */
} aigw_guardrail_actions_t;

/** guardrails */
typedef struct aigw_guardrails {
    aigw_state_t state; /**< the object itself: ABSENT, NULL or SET */
    aigw_guardrail_actions_t prompt; /**< since schema 20260701, required */
    aigw_guardrail_actions_t response; /**< since schema 20260701, required */
    aigw_members_t extra; /**< members not modelled, written after the others */
} aigw_guardrails_t;

/** spend_limits.rules[].model */
typedef struct aigw_spend_filter {
    aigw_state_t state; /**< the object itself: ABSENT, NULL or SET */
    aigw_enum_t mode; /**< since schema 20260701, required, AIGW_FILTER_* */
    aigw_str_list_t values; /**< since schema 20260701, required */
    aigw_members_t extra; /**< members not modelled, written after the others */
} aigw_spend_filter_t;

/** spend_limits.rules[] */
typedef struct aigw_spend_rule {
    aigw_num_t limit; /**< since schema 20260701, required, exclusiveMinimum 0, JSON number text */
    aigw_enum_t limitType; /**< since schema 20260701, required, AIGW_LIMIT_* */
    aigw_int_t window; /**< since schema 20260701, required, exclusiveMinimum 0 */
    aigw_bool_t enabled; /**< since schema 20260701 */
    aigw_text_t id; /**< since schema 20260701, minLength 1 */
    aigw_json_text_t metadata; /**< since schema 20260701, JSON object text */
    aigw_spend_filter_t model; /**< since schema 20260701 */
    aigw_spend_filter_t provider; /**< since schema 20260701 */
    aigw_enum_t technique; /**< since schema 20260701, AIGW_RATE_* */
    aigw_members_t extra; /**< members not modelled, written after the others */
} aigw_spend_rule_t;
/** A list of spend_limits.rules[]: items[0..count) when SET (caller-owned). */
typedef struct aigw_spend_rule_list {
    aigw_state_t state;             /**< ABSENT, NULL or SET */
    const aigw_spend_rule_t *items; /**< count items (may be NULL when count is 0) */
    size_t count;                   /**< number of items */
} aigw_spend_rule_list_t;

/** spend_limits */
typedef struct aigw_spend_limits {
    aigw_state_t state; /**< the object itself: ABSENT, NULL or SET */
    aigw_bool_t enabled; /**< since schema 20260701 */
    aigw_spend_rule_list_t rules; /**< since schema 20260701, maxItems 20 */
    aigw_members_t extra; /**< members not modelled, written after the others */
} aigw_spend_limits_t;

/** The body of "Update a Gateway". Zero-initialise, then set what you need. */
typedef struct aigw_params {
    aigw_bool_t cache_invalidate_on_update; /**< required */
    aigw_int_t cache_ttl; /**< required, nullable, minimum 0 */
    aigw_bool_t collect_logs; /**< required */
    aigw_int_t rate_limiting_interval; /**< required, nullable, minimum 0 */
    aigw_int_t rate_limiting_limit; /**< required, nullable, minimum 0 */
    aigw_bool_t authentication; /**< bool */
    aigw_dlp_t dlp; /**< obj */
    aigw_guardrails_t guardrails; /**< since schema 20260701, nullable */
    aigw_bool_t log_classification; /**< since schema 20260817 */
    aigw_int_t log_management; /**< nullable, minimum 10000, maximum 10000000 */
    aigw_enum_t log_management_strategy; /**< nullable, AIGW_LOG_* */
    aigw_bool_t logpush; /**< bool */
    aigw_text_t logpush_public_key; /**< nullable, minLength 16, maxLength 1024 */
    aigw_otel_list_t otel; /**< nullable, maxItems 5 */
    aigw_enum_t rate_limiting_technique; /**< nullable, AIGW_RATE_* */
    aigw_enum_t retry_backoff; /**< nullable, AIGW_BACKOFF_* */
    aigw_int_t retry_delay; /**< nullable, minimum 0, maximum 5000 */
    aigw_int_t retry_max_attempts; /**< nullable, minimum 1, maximum 5 */
    aigw_spend_limits_t spend_limits; /**< since schema 20260701, nullable */
    aigw_text_t store_id; /**< nullable */
    aigw_stripe_t stripe; /**< nullable */
    aigw_enum_t workers_ai_billing_mode; /**< AIGW_BILLING_* */
    aigw_bool_t zdr; /**< bool */
    aigw_members_t extra; /**< members not modelled, written after the others */
} aigw_params_t;
/* ---- END GENERATED ---- */

/* ---- members by name ------------------------------------------------------ */

/** Most objects a member path passes through (aigw_field_info_t.parents). */
#define AIGW_FIELD_DEPTH_MAX 4

/**
 * One member of aigw_params_t as the schema table describes it: a
 * top-level member, or one nested in objects ("guardrails.prompt.S1").
 * A program that names members on a command line or in a configuration
 * (the aigw command's --cache-ttl and dlp.enabled=false) gets them from
 * here, so a member the next schema adds needs no edit there.
 */
typedef struct aigw_field_info {
    const char *name;  /**< the member's JSON name (static, NUL-terminated) */
    size_t offset;     /**< where its value (an aigw_bool_t, aigw_dlp_t, ...) is in aigw_params_t */
    size_t size;       /**< the size of that value */
    bool quote;        /**< a string or enum word: a bare value (abc) is meant as the JSON string "abc" */
    int enum_kind;     /**< an enum member: its aigw_enum_kind_t (for aigw_enum_name()); -1 otherwise */
    size_t top;        /**< index of the top-level member the path starts with (aigw_params_field_at()) */
    size_t depth;      /**< how many objects enclose it (0: a top-level member) */
    size_t parents[AIGW_FIELD_DEPTH_MAX]; /**< offsets in aigw_params_t of the enclosing objects (each starts with its aigw_state_t), outermost first; depth of them */
} aigw_field_info_t;

/** Number of top-level members of aigw_params_t (the schema's update body). */
size_t aigw_params_field_count(void);

/**
 * Top-level member i (0 .. aigw_params_field_count() - 1), in the
 * encoder's order: the required members first, then the others by name.
 * Returns AIGW_E_ARG past the end or for a NULL out.
 */
aigw_err_t aigw_params_field_at(size_t i, aigw_field_info_t *out);

/**
 * The member a dotted path names: "cache_ttl", "dlp", "dlp.enabled",
 * "guardrails.prompt.S1". A path goes through objects, not through lists
 * ("otel.url" names nothing). An unknown path returns AIGW_E_INVALID with
 * diag->path the path and diag->rule "unknown field". path need not be
 * NUL-terminated; diag may be NULL.
 */
aigw_err_t aigw_params_field_find(const char *path, size_t len, aigw_field_info_t *out, aigw_diag_t *diag);

/**
 * The aigw_enum_kind_t of the enum member a diagnostic path names, through
 * objects and list items ("dlp.policies[0].action", "dlp.policies[0].check[1]",
 * "guardrails.prompt.S1"), or -1 when the path names no enum member. For
 * messages that list the allowed words (aigw_enum_name()).
 */
int aigw_params_enum_kind(const char *path, size_t len);

/** Canonical wire name of a known value, or NULL. */
const char *aigw_enum_name(aigw_enum_kind_t kind, int value);
/** Value for a wire name, or AIGW_ENUM_OTHER when unknown. */
int aigw_enum_parse(aigw_enum_kind_t kind, const char *s, size_t len);

/** A gateway as the API returns it (the "result" object). */
typedef struct aigw_gateway {
    aigw_text_t id;             /**< the gateway id */
    aigw_text_t created_at;     /**< RFC 3339 text as received */
    aigw_text_t modified_at;    /**< RFC 3339 text as received */
    int64_t created_unix_ms;    /**< created_at in UTC, ms since 1970 (valid when created_at is SET) */
    int64_t modified_unix_ms;   /**< modified_at in UTC, ms since 1970 (valid when modified_at is SET) */
    aigw_bool_t is_default;     /**< the account's default gateway */
    aigw_params_t params;       /**< every field of the update model, plus extra members */
} aigw_gateway_t;

/* ---- validation ---------------------------------------------------------- */

/**
 * Check every constraint of the schema. On failure returns AIGW_E_INVALID and
 * fills diag->path (e.g. "otel[2].url") and diag->rule (e.g. "format uri").
 * diag may be NULL.
 */
aigw_err_t aigw_params_validate(const aigw_params_t *p, aigw_diag_t *diag);

/**
 * Read-modify-write: validate only the top-level members of p that differ
 * from base (the params decoded from the GET), as aigw_params_validate()
 * would; a member still as the server sent it is not judged, because the
 * live API holds and accepts it even where it breaks the published schema
 * (an otel exporter without authorization, workers_ai_billing_mode
 * "unified", "dlp": null). A member counts as changed when the encoder
 * would write it differently (state, value, items, unknown members). base
 * NULL: aigw_params_validate(). To send such a body, set the client's
 * skip_validation after this check.
 */
aigw_err_t aigw_params_validate_changes(const aigw_params_t *p, const aigw_params_t *base, aigw_diag_t *diag);

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

AIGW_API_END
#ifdef __cplusplus
}
#endif
#endif /* AIGW_MODEL_H */
