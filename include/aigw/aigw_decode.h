/* SPDX-License-Identifier: MIT */
/**
 * @file
 * aigw JSON decoding: the API's answers (and update bodies) into the typed
 * model of aigw_model.h, with jsmn as the tokenizer. Zero heap, no stdio.
 *
 * Three steps, all on caller memory:
 *
 *   1. aigw_json_parse(): jsmn tokenizes the text into the caller's token
 *      array, then aigw checks that the text really is RFC 8259 JSON (jsmn,
 *      even in strict mode, accepts trailing commas, missing commas, `tru`,
 *      `01`, several top-level values, raw control characters in strings...).
 *      Every string is checked here too (escapes, surrogate pairs, UTF-8).
 *   2. aigw_envelope_decode(): Cloudflare's {success, errors[], messages[],
 *      result} into aigw_envelope_t, errors into a caller-provided array.
 *   3. aigw_gateway_decode() / aigw_params_decode(): an object into the
 *      typed model, keeping ABSENT / NULL / SET exactly and unknown members
 *      as raw JSON slices for lossless read-modify-write.
 *
 * Memory. Decoded strings that contain no escape are slices of the JSON
 * text itself (zero copy); strings with escapes are unescaped into the
 * arena, or, after aigw_json_parse_in_place(), over their own escaped bytes
 * in the text (unescaped text is never longer). Arrays (otel, policies,
 * extra members, ...) come from the arena, sized exactly. So the text, the
 * tokens (in place mode) and the arena must outlive the decoded result.
 *
 * Every decoder walks its tokens once. Arrays take their items from the
 * arena as they are met; once the arena is out of room the walk goes on
 * only counting, so AIGW_E_ARENA reports the exact size needed (and a type
 * or range error further on is still the one reported). On any error the
 * output struct is zeroed, arena->used is what it was before the call (the
 * free bytes above it, up to the capacity and never past it, may have been
 * written) and in place mode has not changed the text: strings are
 * unescaped over it only once the whole decode succeeded.
 *
 * Errors name the JSON path of the culprit in diag->path, built from the
 * tokens: "result.otel[1].url", "errors[0].code", "dlp.policies[0].check[1]".
 */
#ifndef AIGW_DECODE_H
#define AIGW_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aigw_config.h"
#include "aigw_error.h"
#include "aigw_model.h"


#ifdef __cplusplus
extern "C" {
#endif
AIGW_API_BEGIN

/* ---- arena ----------------------------------------------------------------- */

/** Alignment of every array the decoders take from an arena (covers int64_t and pointers). */
#define AIGW_ARENA_ALIGN 8

/**
 * A bump allocator over caller memory. Decoders take arrays and unescaped
 * strings from it; nothing is ever freed individually: reset used to 0 (or
 * re-init) to reuse the memory once the decoded results are no longer
 * needed. Several decodes may share one arena (envelope errors + gateway).
 */
typedef struct aigw_arena {
    uint8_t *base; /**< AIGW_ARENA_ALIGN-aligned start inside the caller's buffer */
    size_t cap;    /**< bytes usable from base */
    size_t used;   /**< bytes handed out so far */
} aigw_arena_t;

/**
 * diag->needed of AIGW_E_ARENA is the capacity the arena needs for that
 * call to succeed, counting what was already used before it.
 *
 * Set up an arena over buf/cap. A buf that is not AIGW_ARENA_ALIGN-aligned
 * loses the bytes up to the next aligned address. diag->needed of
 * AIGW_E_ARENA is a capacity for an aligned buffer (declare it as an
 * array of uint64_t, or add AIGW_ARENA_ALIGN - 1). buf may be NULL with cap 0.
 */
void aigw_arena_init(aigw_arena_t *a, void *buf, size_t cap);

/* ---- tokens ----------------------------------------------------------------- */

/** What a token is. */
typedef enum aigw_tok_type {
    AIGW_TOK_UNDEFINED = 0, /**< not filled in */
    AIGW_TOK_OBJECT = 1,    /**< an object: size = its members */
    AIGW_TOK_ARRAY = 2,     /**< an array: size = its items */
    AIGW_TOK_STRING = 3,    /**< a string (a member name too) */
    AIGW_TOK_PRIMITIVE = 4 /**< true, false, null or a number */
} aigw_tok_type_t;

/**
 * One token of a JSON text, in caller memory (an array of them per text).
 * aigw tokenizes with its own private copy of jsmn (core/jsmn.c compiles it
 * static, with parent links); this is aigw's own type, so an application
 * may use another jsmn, built any way, beside aigw. Positions are byte
 * offsets into the text; a string's start and end exclude its quotes.
 */
typedef struct aigw_tok {
    aigw_tok_type_t type; /**< what it is */
    int start;  /**< first byte */
    int end;    /**< one past the last byte */
    int size;   /**< members of an object, items of an array, 1 for a member name with its value */
    int parent; /**< index of the enclosing token, -1 for the top-level value */
} aigw_tok_t;

/* ---- tokenized JSON text --------------------------------------------------- */

/** A JSON text checked by aigw_json_parse(). Treat the members as read-only. */
typedef struct aigw_json {
    const char *text; /**< the JSON text (not NUL-terminated) */
    size_t len;       /**< its length in bytes */
    char *in_place;   /**< == text after aigw_json_parse_in_place(), else NULL */
    aigw_tok_t *tok;   /**< the caller's tokens; tok[0] is the top-level value */
    int ntok;         /**< tokens in use */
} aigw_json_t;

/**
 * Tokenize text[0..len) into tok[0..tok_cap) and check it is one RFC 8259
 * JSON value with optional whitespace around it.
 *   AIGW_E_NOT_JSON    empty, or does not start like JSON ("<html>", "no healthy upstream")
 *   AIGW_E_JSON        starts like JSON but is malformed or cut; diag->path/rule say where
 *   AIGW_E_JSON_UTF8   a string has a bad escape, a lone surrogate, a raw control
 *                      character or invalid UTF-8; diag->path names it
 *   AIGW_E_JSON_TOKENS tok_cap too small: diag->needed is the token count required
 *   AIGW_E_JSON_LIMIT  len > INT_MAX (jsmn counts in int)
 * The text must stay alive and unchanged while the result is used.
 */
aigw_err_t aigw_json_parse(aigw_json_t *js, const char *text, size_t len,
                           aigw_tok_t *tok, size_t tok_cap, aigw_diag_t *diag);

/**
 * As aigw_json_parse(), but decoders then unescape strings that contain
 * escapes over their own bytes in text (and mark their tokens as done:
 * size -1), when the decode succeeds, so
 * they need no arena space (except otel header names with escapes: those
 * are member names in the JSON, which stay as they are). The text no longer is the original JSON
 * afterwards, except the raw slices kept for unknown members, which are
 * never touched. Decoding the same member twice is fine (it is unescaped
 * once); what must not happen is changing text or tokens in between.
 */
aigw_err_t aigw_json_parse_in_place(aigw_json_t *js, char *text, size_t len,
                                    aigw_tok_t *tok, size_t tok_cap, aigw_diag_t *diag);

/* ---- envelope -------------------------------------------------------------- */

/** One item of a 400's errors[].path: a member name or an array index. */
typedef struct aigw_api_path_item {
    bool is_index;   /**< index (true) or key (false) */
    int64_t index;   /**< when is_index */
    aigw_str_t key;  /**< when !is_index (unescaped) */
} aigw_api_path_item_t;

/** An item of errors[] or messages[]: {code, message, documentation_url?, source.pointer?, path[]?}. */
typedef struct aigw_api_error {
    aigw_int_t code;                 /**< 7001 input validation, 7002 not found, 10000 authentication */
    aigw_text_t message;             /**< human-readable text (unescaped) */
    aigw_text_t documentation_url;   /**< optional link to the error's documentation */
    aigw_text_t source_pointer;      /**< source.pointer */
    struct {
        aigw_state_t state; /**< ABSENT, NULL or SET */
        const aigw_api_path_item_t *items; /**< the path items (caller-owned; may be NULL when count is 0) */
        size_t count; /**< number of items */
    } path; /**< the field at fault, as keys and indexes (400s) */
} aigw_api_error_t;

/**
 * Cloudflare's response envelope. Before the call set errors/errors_cap and
 * messages/messages_cap (aigw_envelope_init()); the arrays may be NULL with
 * cap 0. Items beyond a cap are still checked, counted in *_total and
 * flagged in *_more: never dropped silently.
 */
typedef struct aigw_envelope {
    /* in */
    aigw_api_error_t *errors;    /**< where errors[] items are stored (may be NULL) */
    size_t errors_cap;           /**< entries of errors */
    aigw_api_error_t *messages;  /**< where messages[] items are stored (may be NULL) */
    size_t messages_cap;         /**< entries of messages */
    /* out */
    aigw_bool_t success;         /**< the success member (ABSENT when missing) */
    aigw_state_t errors_state;   /**< ABSENT, NULL, or SET (an array) */
    size_t errors_count;         /**< items stored in errors[] */
    size_t errors_total;         /**< items in the body */
    bool errors_more;            /**< errors_total > errors_cap */
    aigw_state_t messages_state; /**< ABSENT, NULL, or SET (an array) */
    size_t messages_count;       /**< items stored in messages[] */
    size_t messages_total;       /**< items in the body */
    bool messages_more;          /**< messages_total > messages_cap */
    aigw_state_t result_state;   /**< ABSENT, NULL, or SET (any other value) */
    int result_tok;              /**< token index of result when SET, else -1 */
    aigw_str_t result_json;      /**< raw text of result when SET */
} aigw_envelope_t;

/** Zero env and set its output arrays. */
void aigw_envelope_init(aigw_envelope_t *env, aigw_api_error_t *errors, size_t errors_cap,
                        aigw_api_error_t *messages, size_t messages_cap);

/**
 * Decode the envelope at the top of js. Requires nothing but an object with
 * at least one of success, errors, messages, result (the 200 schema has
 * only success and result). success must be a boolean or null, errors and
 * messages arrays of objects or null; result may be anything.
 *   AIGW_E_ENVELOPE  JSON, but not an object or none of those members
 *   AIGW_E_JSON_TYPE / _RANGE / AIGW_E_JSON (duplicate member) with the path
 *   AIGW_E_ARENA     diag->needed = capacity the arena needs
 * The HTTP status is the caller's: 2xx + success true + result object ->
 * aigw_gateway_decode(js, env.result_tok, ...); otherwise the errors.
 */
aigw_err_t aigw_envelope_decode(aigw_json_t *js, aigw_arena_t *arena,
                                aigw_envelope_t *env, aigw_diag_t *diag);

/* ---- gateway and params ---------------------------------------------------- */

/**
 * Decode the object at token tok of js (the envelope's result_tok) into gw.
 * id, created_at, modified_at (RFC 3339 -> UTC unix ms, text kept) and
 * is_default go to gw; every other member through the same member decoder
 * as aigw_params_decode() into gw->params. null is accepted for every
 * member (AIGW_NULL), since the live API returns null where the schema does
 * not say so.
 *
 * A created_at/modified_at that is not an RFC 3339 date-time gives
 * AIGW_E_JSON_RANGE with rule "RFC 3339 date-time" and the path.
 *
 * Read-modify-write: gw->params is exactly what a PUT should send back
 * (aigw_params_encode() writes the extra members verbatim after the
 * modelled ones). The result-only members (id, created_at, modified_at,
 * is_default) live in gw, not in params, so they are never sent back; any
 * other member of result the model does not know (a newer API's
 * byok_only, ...) is in params.extra, and one inside a
 * modelled object in that object's extra; each is sent back as it came,
 * so a PUT never resets a setting aigw does not model.
 */
aigw_err_t aigw_gateway_decode(aigw_json_t *js, int tok, aigw_arena_t *arena,
                               aigw_gateway_t *gw, aigw_diag_t *diag);

/**
 * Decode the object at token tok of js, an update body in the API's own
 * shape, into p.
 *  - Members the model knows are decoded with their ABSENT/NULL/SET state;
 *    null is accepted for every one of them (the validator judges, not the
 *    decoder), nested ones included (dlp.enabled, otel[0].url, ...). A
 *    number kept as text (spend_limits.rules[].limit) must be a JSON
 *    number, an object kept as text (spend_limits.rules[].metadata) a JSON
 *    object, else AIGW_E_JSON_TYPE. Array
 *    items whose type has no null state in the model (profiles[], otel[],
 *    policies[], usage_events[], header values) must not be null:
 *    AIGW_E_JSON_TYPE with the path; check[] items may be. Enum strings the library does not know become
 *    AIGW_ENUM_OTHER with raw kept.
 *  - Members it does not know go, as raw slices (name as it stood between
 *    the quotes, json = the value's text), to the extra list of the object
 *    they stand in: p->extra at the top, p->dlp.extra, each policy's,
 *    each otel entry's, p->stripe.extra, each usage event's, guardrails'
 *    and its prompt's and response's, spend_limits' and each rule's (and
 *    its model's and provider's); at most
 *    AIGW_MAX_EXTRA_MEMBERS per object (more: AIGW_E_JSON_LIMIT). The
 *    encoder writes them after that object's modelled members, so a PUT
 *    sends back what aigw does not understand (a newer API's
 *    "dlp.policies[0].severity", "otel[0].timeout_ms", "stripe.mode") while
 *    a change to a modelled member is what is sent.
 *  - Duplicate member names are refused (AIGW_E_JSON, rule "duplicate
 *    member"), compared after unescaping ("stri\u0070e" is stripe), known
 *    or unknown, at every level.
 *  - Arrays longer than AIGW_MAX_* give AIGW_E_JSON_LIMIT with the path.
 *  - Integers must be written as integers: "5.0" or "5e0" give
 *    AIGW_E_JSON_RANGE (the schema says integer, and a value read back must
 *    be written back as it was); int64 overflow too.
 */
aigw_err_t aigw_params_decode(aigw_json_t *js, int tok, aigw_arena_t *arena,
                              aigw_params_t *p, aigw_diag_t *diag);

/**
 * One call for a JSON text holding an update body (the aigw command's
 * --body-json, conformance tests): aigw_json_parse() then
 * aigw_params_decode() of the top-level value.
 */
aigw_err_t aigw_params_from_json(const char *text, size_t len, aigw_tok_t *tok, size_t tok_cap,
                                 aigw_arena_t *arena, aigw_params_t *p, aigw_diag_t *diag);

/**
 * Find a member kept in p->extra by name; NULL when there is none. Names are
 * compared as JSON string contents after unescaping, as the server compares
 * them: "stripe" finds a member that came as "stri\u0070e". A plain name
 * is its own contents unless it holds '\\' or '"' (give such names escaped).
 */
const aigw_member_t *aigw_params_extra_find(const aigw_params_t *p, const char *name, size_t len);

/* ---- RFC 3339 -------------------------------------------------------------- */

/**
 * Parse an RFC 3339 date-time ("2019-12-27T18:11:19.117Z", offsets like
 * "+02:00", fractional seconds of any length, 't'/'z' lower case allowed)
 * into milliseconds since 1970-01-01T00:00:00Z (fraction truncated to ms;
 * second 60 is accepted and counts as the next second's start). Returns
 * false for anything else (invalid day of month included).
 */
bool aigw_rfc3339_parse(const char *s, size_t len, int64_t *unix_ms);

AIGW_API_END
#ifdef __cplusplus
}
#endif
#endif /* AIGW_DECODE_H */
