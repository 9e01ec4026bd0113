/* SPDX-License-Identifier: MIT */
/*
 * Internal: the top-level members of aigw_params_t as one const table,
 * shared by the encoder, the validator and the decoder (they walk the same
 * members in the same order: the API page's, the five required ones first).
 * One table instead of three hand-written call sequences keeps the code
 * small and the three in step.
 */
#ifndef AIGW_PARAMS_FIELDS_H
#define AIGW_PARAMS_FIELDS_H

#include <stddef.h>

#include "aigw/aigw_model.h"

enum { AIGW_PF_BOOL, AIGW_PF_INT, AIGW_PF_TEXT, AIGW_PF_ENUM, AIGW_PF_DLP, AIGW_PF_OTEL, AIGW_PF_STRIPE };

/* rule: the schema's presence rules, and an argument for the kind */
#define AIGW_PF_REQUIRED 1u /* must not be AIGW_ABSENT */
#define AIGW_PF_NULLABLE 2u /* may be AIGW_NULL */
#define AIGW_PF_ARG(rule) ((unsigned)(rule) >> 2) /* ENUM: aigw_enum_kind_t; INT/TEXT: a range (AIGW_PR_*) */
#define AIGW_PF_RULE(flags, arg) ((unsigned)(flags) | ((unsigned)(arg) << 2))

/* Ranges of INT and TEXT members, resolved by the validator (AIGW_RELAXED_RANGES widens some). */
enum { AIGW_PR_NONE, AIGW_PR_MIN0, AIGW_PR_LOG_MGMT, AIGW_PR_RETRY_DELAY, AIGW_PR_RETRY_ATTEMPTS, AIGW_PR_PUBKEY,
       AIGW_PR_MAX256, AIGW_PR_URI2048 /* and format uri */, AIGW_PR__COUNT };

typedef struct {
    const char *name;    /* the JSON member name (needs no escaping) */
    unsigned short off;  /* offsetof(aigw_params_t, member); its state comes first */
    unsigned char kind;  /* AIGW_PF_BOOL... */
    unsigned char rule;  /* AIGW_PF_REQUIRED | AIGW_PF_NULLABLE | arg << 2 */
} aigw_pfield_t;

/* ---- nested objects ------------------------------------------------------ */

/* Kinds of nested members, beyond AIGW_PF_BOOL/TEXT/ENUM. */
enum { AIGW_PF_STRS = AIGW_PF_STRIPE + 1, /* aigw_str_list_t (profiles) */
       AIGW_PF_ENUMS,                      /* aigw_enum_list_t (check) */
       AIGW_PF_HEADERS,                    /* aigw_otel_t.headers, a map */
       AIGW_PF_OBJS };                     /* an array of objects: arg is an AIGW_PA_* */

/* One member of a nested object, in the encoder's order. */
typedef struct {
    const char *name;
    unsigned char kind;  /* AIGW_PF_* */
    unsigned char arg;   /* ENUM, ENUMS: aigw_enum_kind_t; OBJS: AIGW_PA_* */
    unsigned char rule;  /* for the validator: AIGW_PF_REQUIRED/NULLABLE | TEXT range << 2 */
    unsigned char off;   /* offset in the object's struct; its state comes first */
} aigw_nfield_t;

/* The arrays of objects, their limits and item members. */
enum { AIGW_PA_POLICIES, AIGW_PA_EVENTS, AIGW_PA_OTEL };
typedef struct {
    size_t max;             /* AIGW_MAX_* */
    const char *rule;       /* its name */
    size_t size;            /* sizeof an item */
    const aigw_nfield_t *f; /* an item's members */
    int nf;
    unsigned char xoff;     /* offset of an item's aigw_members_t extra */
} aigw_parr_t;

extern const aigw_parr_t aigw_parrs[3];        /* by AIGW_PA_* */
extern const aigw_nfield_t aigw_nf_dlp[4];     /* dlp: both variants' members */
extern const aigw_nfield_t aigw_nf_stripe[2];
/* Where dlp and stripe keep the members the tables above do not name. */
#define AIGW_DLP_XOFF ((unsigned char)offsetof(aigw_dlp_t, extra))
#define AIGW_STRIPE_XOFF ((unsigned char)offsetof(aigw_stripe_t, extra))

/* An array member of objects (AIGW_PA_*) in its parent (the dlp, the
 * stripe or the params): its state, items (as bytes) and count. */
aigw_state_t aigw_parr_view(const void *parent, int which, const char **items, size_t *count);

#define AIGW_PFIELDS 20
extern const aigw_pfield_t aigw_pfields[AIGW_PFIELDS];

/* The field's state member (every kind starts with one). */
static inline aigw_state_t aigw_pfield_state(const aigw_params_t *p, const aigw_pfield_t *f)
{
    return *(const aigw_state_t *)(const void *)((const char *)p + f->off);
}

/* The first AIGW_SCHEMA_VERSION whose schema has this enum value (0: every
 * version), -1 for no such value (core/enum.c, generated names). */
long aigw_enum_since(aigw_enum_kind_t kind, int value);

/* Would the encoder write field pf of a and of b the same (params_equal.c)? */
int aigw_pfield_equal(const aigw_params_t *a, const aigw_params_t *b, const aigw_pfield_t *pf);

static inline const void *aigw_pfield_at(const aigw_params_t *p, const aigw_pfield_t *f)
{
    return (const char *)p + f->off;
}

#endif
