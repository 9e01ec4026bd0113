/* SPDX-License-Identifier: MIT */
/*
 * Internal to the JSON decoders (core/json_*.c, core/decode_*.c): string
 * scanning, the checker, error paths, and the single-pass decode context.
 */
#ifndef AIGW_DECODE_INTERNAL_H
#define AIGW_DECODE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "aigw/aigw_decode.h"

/* ---- the private jsmn (core/jsmn.c) -------------------------------------- */

/* jsmn's error codes (core/jsmn.c checks they agree). */
#define AIGW_TOKENIZE_NOMEM (-1) /* not enough tokens */
#define AIGW_TOKENIZE_INVAL (-2) /* invalid character */
#define AIGW_TOKENIZE_PART (-3)  /* the text ends inside a value */

/* Where jsmn stopped: the parser's state after the call. */
typedef struct aigw_tokenize_stop {
    unsigned int pos;     /* offset in the text */
    unsigned int toknext; /* tokens written */
    int toksuper;         /* the open container, -1 at top level */
} aigw_tokenize_stop_t;

/*
 * jsmn_init + jsmn_parse into tok[0..cap) (tok NULL, cap 0: count only).
 * Returns the token count or an AIGW_TOKENIZE_* code; *stop tells where.
 */
int aigw_tokenize(const char *text, size_t len, aigw_tok_t *tok, unsigned int cap,
                       aigw_tokenize_stop_t *stop);

/* ---- JSON string contents (the bytes between the quotes) ---------------- */

/**
 * Check s[0..n): escapes, surrogate pairs, no raw control character, valid
 * UTF-8 (RFC 3629). Returns NULL when fine (and *out_len = unescaped
 * length, if out_len is not NULL) or the rule broken.
 */
const char *aigw_jstr_check(const char *s, size_t n, size_t *out_len);

/**
 * Non-zero when one of the 8 bytes at u is not printable ASCII or is '"'
 * or '\\'. In the result, the top bit of every such byte is set (exact:
 * no such byte is missed; a byte next to one may be flagged too).
 */
static inline uint64_t aigw_jstr_special8(const unsigned char *u)
{
    uint64_t x, q, b;
    memcpy(&x, u, 8);
    q = x ^ 0x2222222222222222u; /* '"' */
    b = x ^ 0x5C5C5C5C5C5C5C5Cu; /* '\\' */
    return ((x | ((x - 0x2020202020202020u) & ~x)) | ((q - 0x0101010101010101u) & ~q) |
            ((b - 0x0101010101010101u) & ~b)) & 0x8080808080808080u;
}

/**
 * Is the string s[start..end) of a text of len bytes plain (printable
 * ASCII, no '"' or '\\', so aigw_jstr_check() has nothing to say)? Reads
 * whole 8-byte words inside s[0..len) only; false also when it cannot tell
 * cheaply.
 */
static inline bool aigw_jstr_plain(const char *s, size_t start, size_t end)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = end - start, i;
    if (n >= 8) {
        for (i = start; end - i > 8; i += 8)
            if (aigw_jstr_special8(u + i)) return false;
        return !aigw_jstr_special8(u + end - 8);
    }
    if (n == 0) return true;
    if (end < 8) return false;
    /* the word ending at end, the bytes before the string masked off */
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return !(aigw_jstr_special8(u + end - 8) & (~(uint64_t)0 << (8 * (8 - n))));
#elif defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return !(aigw_jstr_special8(u + end - 8) & (~(uint64_t)0 >> (8 * (8 - n))));
#else
    return false;
#endif
}

/** Unescape checked contents into dst (dst == s allowed: never overtakes). Returns the length. */
size_t aigw_jstr_unescape(const char *s, size_t n, char *dst);

/** Next code point of checked contents at *i (escapes decoded); -1 at the end. */
long aigw_jstr_next(const char *s, size_t n, size_t *i);

/** Same code points? (both checked contents, escaped or not) */
bool aigw_jstr_equal(const char *a, size_t na, const char *b, size_t nb);

/**
 * Do a and b (JSON string contents: escaped or not, from a text or from a
 * caller) name the same member? "stri\u0070e" is "stripe". Contents with a
 * malformed escape or invalid UTF-8 equal only the same bytes.
 */
bool aigw_jstr_same_name(const char *a, size_t na, const char *b, size_t nb);

/** Primitive text valid JSON (true/false/null/number)? NULL or the rule broken. */
const char *aigw_json_check_primitive(const char *s, size_t n);

/**
 * The RFC 8259 checker over a jsmn token array with parent links. On
 * failure returns AIGW_E_JSON or AIGW_E_JSON_UTF8, *bad = the token to
 * blame, *rule = what is wrong.
 */
aigw_err_t aigw_json_check(const char *s, size_t len, const aigw_tok_t *t, int n,
                           int *bad, const char **rule);

/** Render the path of token tok ("result.otel[1].url") into out. */
void aigw_json_path(const char *s, const aigw_tok_t *t, int n, int tok, char *out, size_t cap);

/** Fill diag (may be NULL): err, path of tok (tok < 0: empty path), rule. Returns err. */
aigw_err_t aigw_json_fail(aigw_diag_t *diag, aigw_err_t err, const char *s, const aigw_tok_t *t,
                          int n, int tok, const char *rule);

/** RFC 3339 over checked JSON string contents (escaped when esc). */
bool aigw_rfc3339_parse_json(const char *s, size_t len, bool esc, int64_t *unix_ms);

/* ---- single-pass decode context ------------------------------------------ */

/*
 * One walk over the tokens. Arrays take their items from the arena as they
 * are met (the token says how many); once the arena is out of room the walk
 * goes on counting (d->used runs past the capacity, values go nowhere), so
 * AIGW_E_ARENA still tells the exact size. After aigw_json_parse_in_place()
 * a string with escapes is only marked (tok.size AIGW_DEC_PENDING) and
 * unescaped over the text once the whole decode succeeded; on an error the
 * marks are undone, arena->used is put back and the output cleared.
 */
typedef struct aigw_dec {
    aigw_json_t *js;
    const char *s;
    aigw_tok_t *t;
    int n;
    aigw_arena_t *arena;
    size_t used;      /* arena offset (saturates at SIZE_MAX); > cap: counting only */
    int nostore;      /* > 0: checking items that are not kept (no arena, no unescape) */
    int pending;      /* string tokens marked AIGW_DEC_PENDING */
    aigw_err_t err;   /* the last aigw_dec_fail() */
    int err_tok;
    const char *rule;
} aigw_dec_t;

/* tok.size of a string value: unescaped over the text already (in place) */
#define AIGW_DEC_UNESCAPED (-1)
/* tok.size of a string value: to be unescaped in place when the decode succeeds */
#define AIGW_DEC_PENDING (-2)

typedef aigw_err_t (*aigw_dec_fn)(aigw_dec_t *d, int tok, void *out);

/**
 * Run fn once on token tok. clear(out) resets the output first and after a
 * failure. Fills diag.
 */
aigw_err_t aigw_dec_run(aigw_json_t *js, int tok, aigw_arena_t *arena, aigw_dec_fn fn,
                        void (*clear)(void *out), void *out, aigw_diag_t *diag);

aigw_err_t aigw_dec_fail(aigw_dec_t *d, int tok, aigw_err_t err, const char *rule);

/** Token index after the value at i and everything inside it. */
int aigw_dec_next(const aigw_dec_t *d, int i);
/** Object member name at token k equals name (NUL-terminated, ASCII)? */
bool aigw_dec_key_is(const aigw_dec_t *d, int k, const char *name);
bool aigw_dec_is_null(const aigw_dec_t *d, int v);
/** Raw text of the value at v (strings with their quotes). */
aigw_str_t aigw_dec_raw(const aigw_dec_t *d, int v);
/** Raw member name at key k (as it stood between the quotes). */
aigw_str_t aigw_dec_raw_key(const aigw_dec_t *d, int k);

/** Arena memory (NULL once the arena is out of room, or when nostore). */
void *aigw_dec_alloc(aigw_dec_t *d, size_t count, size_t size, size_t align);

aigw_err_t aigw_dec_bool(aigw_dec_t *d, int v, aigw_bool_t *out);
aigw_err_t aigw_dec_int(aigw_dec_t *d, int v, aigw_int_t *out);
/** A JSON integer (no fraction, no exponent) into int64; AIGW_E_JSON_RANGE otherwise. */
aigw_err_t aigw_dec_int64(aigw_dec_t *d, int v, int64_t *out);
/** A string (null refused). */
aigw_err_t aigw_dec_str(aigw_dec_t *d, int v, aigw_str_t *out);
aigw_err_t aigw_dec_text(aigw_dec_t *d, int v, aigw_text_t *out);
aigw_err_t aigw_dec_enum(aigw_dec_t *d, int v, aigw_enum_kind_t kind, aigw_enum_t *out);

/**
 * Check that v is an array (or null, when nullable) of at most max items
 * (0: no maximum; limit_rule names the limit). *state and *count are set.
 */
aigw_err_t aigw_dec_array(aigw_dec_t *d, int v, size_t max, const char *limit_rule,
                          aigw_state_t *state, size_t *count);
/** Object or null: *state set; other types refused. */
aigw_err_t aigw_dec_object(aigw_dec_t *d, int v, aigw_state_t *state);

/** A field met twice in one object: AIGW_E_JSON "duplicate member" at key k. */
aigw_err_t aigw_dec_dup(aigw_dec_t *d, int k);

/** Where empty arrays point (never NULL, never dereferenced). */
const void *aigw_dec_empty(void);

/** Iterate members of object obj: k = name token, v = value token. */
#define AIGW_DEC_MEMBERS(d, obj, i, k, v)                                         \
    for ((i) = 0, (k) = (obj) + 1; (i) < (d)->t[obj].size && ((v) = (k) + 1, 1); \
         (i)++, (k) = aigw_dec_next((d), (v)))
/** Iterate items of array arr: e = item token. */
#define AIGW_DEC_ITEMS(d, arr, i, e) \
    for ((i) = 0, (e) = (arr) + 1; (i) < (size_t)(d)->t[arr].size; (i)++, (e) = aigw_dec_next((d), (e)))

/* The member decoder shared by aigw_params_decode() and aigw_gateway_decode()
 * (gw: the gateway's own members go there; NULL for an update body). */
aigw_err_t aigw_dec_members(aigw_dec_t *d, int obj, aigw_params_t *p, aigw_gateway_t *gw);
/* A gateway-only member name (id, created_at, modified_at, is_default): its
 * index, or -1. esc: the name may hold escapes. */
int aigw_dec_gateway_name(const aigw_dec_t *d, int k, bool esc);
/* Could an unescaped name of n bytes be one of them? (their lengths: 2, 10, 11) */
#define AIGW_DEC_GATEWAY_LEN(n) ((n) == 2 || (n) == 10 || (n) == 11)
/* Gateway-only member number g (aigw_dec_gateway_name()), key k, value v
 * (met once: the caller checks). */
aigw_err_t aigw_dec_gateway_member(aigw_dec_t *d, int g, int k, int v, aigw_gateway_t *gw);

#endif
