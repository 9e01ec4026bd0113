/*
 * Wire names of the schema's enumerations. Values start at 1 in each
 * enumeration so that 0 stays AIGW_ENUM_OTHER ("a string we do not know").
 * Matching is exact and case-sensitive, as JSON Schema "enum" is.
 */
#include <string.h>

#include "aigw/aigw_model.h"

static const char *const action_names[] = { "BLOCK", "FLAG" };
static const char *const check_names[] = { "REQUEST", "RESPONSE" };
static const char *const log_names[] = { "STOP_INSERTING", "DELETE_OLDEST" };
static const char *const content_names[] = { "json", "protobuf" };
static const char *const rate_names[] = { "fixed", "sliding" };
static const char *const backoff_names[] = { "constant", "linear", "exponential" };
static const char *const billing_names[] = { "postpaid" };

typedef struct {
    const char *const *names;
    int count;
} enum_table_t;

/* NOLINTNEXTLINE(bugprone-macro-parentheses): a is always the name of one of the arrays above */
#define TABLE(a) { a, (int)(sizeof a / sizeof a[0]) }

/* Indexed by aigw_enum_kind_t. */
static const enum_table_t tables[] = {
    TABLE(action_names),  /* AIGW_EK_ACTION */
    TABLE(check_names),   /* AIGW_EK_CHECK */
    TABLE(log_names),     /* AIGW_EK_LOG_STRATEGY */
    TABLE(content_names), /* AIGW_EK_CONTENT_TYPE */
    TABLE(rate_names),    /* AIGW_EK_RATE_TECHNIQUE */
    TABLE(backoff_names), /* AIGW_EK_BACKOFF */
    TABLE(billing_names), /* AIGW_EK_BILLING */
};

static const enum_table_t *table_of(aigw_enum_kind_t kind)
{
    unsigned k = (unsigned)kind;
    return k < sizeof tables / sizeof tables[0] ? &tables[k] : NULL;
}

const char *aigw_enum_name(aigw_enum_kind_t kind, int value)
{
    const enum_table_t *t = table_of(kind);
    if (!t || value < 1 || value > t->count)
        return NULL;
    return t->names[value - 1];
}

int aigw_enum_parse(aigw_enum_kind_t kind, const char *s, size_t len)
{
    const enum_table_t *t = table_of(kind);
    int i;

    if (!t || !s)
        return AIGW_ENUM_OTHER;
    for (i = 0; i < t->count; i++) {
        const char *n = t->names[i];
        if (strlen(n) == len && memcmp(n, s, len) == 0)
            return i + 1;
    }
    return AIGW_ENUM_OTHER;
}
