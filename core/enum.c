/* SPDX-License-Identifier: MIT */
/*
 * Wire names of the schema's enumerations (generated: core/enum_names.h,
 * tools/gen_schema.py). Values start at 1 in each enumeration so that 0
 * stays AIGW_ENUM_OTHER ("a string we do not know"). Matching is exact and
 * case-sensitive, as JSON Schema "enum" is. Every schema version's names
 * are known (decoded, encoded); the validator asks aigw_enum_since().
 */
#include <string.h>

#include "aigw/aigw_model.h"
#include "enum_names.h"
#include "schema.h"

typedef struct {
    const char *const *names;
    const long *since;
    int count;
} enum_table_t;

/* NOLINTNEXTLINE(bugprone-macro-parentheses): a is always the prefix of the arrays of enum_names.h */
#define TABLE(a) { a##_names, a##_since, (int)(sizeof a##_names / sizeof a##_names[0]) },

/* Indexed by aigw_enum_kind_t: the generated list names them in kind order. */
static const enum_table_t tables[] = { AIGW_ENUM_TABLES(TABLE) };
/* every kind has its table */
typedef char enum_tables_cover_kinds[sizeof tables / sizeof tables[0] == AIGW_ENUM_KIND_COUNT ? 1 : -1];

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

    if (!t || !s || len == 0)
        return AIGW_ENUM_OTHER; /* no name is empty */
    for (i = 0; i < t->count; i++) {
        const char *n = t->names[i];
        if (n[0] == s[0] && strlen(n) == len && memcmp(n, s, len) == 0)
            return i + 1;
    }
    return AIGW_ENUM_OTHER;
}

long aigw_enum_since(aigw_enum_kind_t kind, int value)
{
    const enum_table_t *t = table_of(kind);
    if (!t || value < 1 || value > t->count)
        return -1;
    return t->since[value - 1];
}
