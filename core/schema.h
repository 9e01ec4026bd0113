/* SPDX-License-Identifier: MIT */
/*
 * Internal: the schema as data. One recursive descriptor table, generated
 * by tools/gen_schema.py from the official OpenAPI fragments into
 * core/schema_table.c, describes every member of the update body and of
 * each nested object: its JSON name, kind, struct offset, presence rules,
 * limits and child object. The validator, encoder, decoder and the change
 * comparison are generic walkers over it (params_validate.c,
 * params_encode.c, decode_params.c, params_equal.c): a new field arrives by
 * regenerating, not by editing them.
 */
#ifndef AIGW_SCHEMA_H
#define AIGW_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "aigw/aigw_model.h"

/* What a member holds, and so which C type sits at its offset. Every type
 * starts with its aigw_state_t. */
enum {
    AIGW_K_BOOL,  /* aigw_bool_t */
    AIGW_K_INT,   /* aigw_int_t */
    AIGW_K_NUM,   /* aigw_num_t: a JSON number, kept as its text */
    AIGW_K_TEXT,  /* aigw_text_t */
    AIGW_K_ENUM,  /* aigw_enum_t; arg: aigw_enum_kind_t */
    AIGW_K_STRS,  /* aigw_str_list_t */
    AIGW_K_ENUMS, /* aigw_enum_list_t; arg: aigw_enum_kind_t */
    AIGW_K_MAP,   /* aigw_header_map_t: an object of strings, kept in order */
    AIGW_K_JSON,  /* aigw_json_text_t: a JSON object kept as its text */
    AIGW_K_OBJ,   /* a struct that starts with its state; arg: aigw_sobjs[] index */
    AIGW_K_OBJS,  /* a list {state, items, count} of such structs; arg: aigw_sobjs[] index */
    AIGW_K__COUNT
};

/* flags: the schema's presence rules and formats, for the build's
 * AIGW_SCHEMA_VERSION (the generated table computes them per version) */
#define AIGW_SF_REQ 1u   /* must not be AIGW_ABSENT */
#define AIGW_SF_NUL 2u   /* may be AIGW_NULL */
#define AIGW_SF_URI 4u   /* format uri (uri_format.c) */
#define AIGW_SF_RELAX 8u /* AIGW_RELAXED_RANGES widens its range (aigw_config.h) */
#define AIGW_SF_LATER 16u /* not in AIGW_SCHEMA_VERSION's schema: refused when given */

/* A member's limits. INT: value range; NUM: only min (exclusive, see
 * min_excl); TEXT, map values: length in code points; lists: items.
 * A NULL rule means "no such bound". cfg_max/cfg_rule: the compile-time
 * maximum (AIGW_MAX_*) of a list or map, which the decoder enforces too. */
typedef struct aigw_slim {
    int32_t min, max;
    const char *min_rule, *max_rule;
    uint32_t cfg_max;
    const char *cfg_rule;
} aigw_slim_t;

/* One member of an object. */
typedef struct aigw_sfield {
    const char *name;  /* the JSON member name (needs no escaping) */
    uint16_t off;      /* offset in the object's struct */
    uint8_t kind;      /* AIGW_K_* */
    uint8_t flags;     /* AIGW_SF_* */
    uint8_t arg;       /* ENUM, ENUMS: aigw_enum_kind_t; OBJ, OBJS: aigw_sobjs[] index */
    uint8_t lim;       /* aigw_slims[] index; 0: no limits */
    uint8_t nlen;      /* strlen(name) */
} aigw_sfield_t;

/* One object: its members in the encoder's order (required ones first,
 * then the rest, each group by name), its size, where it keeps the members
 * aigw does not model, and for an anyOf its variants: per variant a mask
 * over f[] of the members it has and of those it requires. */
typedef struct aigw_sobj {
    const aigw_sfield_t *f;
    uint8_t nf;
    uint8_t nvar;            /* 0: a plain object */
    uint16_t size;           /* sizeof the struct */
    uint16_t xoff;           /* offset of its aigw_members_t extra */
    const uint32_t *var;     /* nvar pairs {has, required} */
} aigw_sobj_t;

/* Object 0 is the update body (aigw_params_t). */
#define AIGW_SOBJ_PARAMS 0
extern const aigw_sobj_t aigw_sobjs[];
extern const aigw_slim_t aigw_slims[];

/* Every list kind (STRS, ENUMS, MAP, OBJS) has this layout; the walkers
 * read it through aigw_slist_view(). */
typedef struct aigw_slist {
    aigw_state_t state;
    const void *items;
    size_t count;
} aigw_slist_t;

static inline aigw_state_t aigw_sfield_state(const void *obj, const aigw_sfield_t *f)
{
    return *(const aigw_state_t *)(const void *)((const char *)obj + f->off);
}

static inline const void *aigw_sfield_at(const void *obj, const aigw_sfield_t *f)
{
    return (const char *)obj + f->off;
}

static inline const aigw_members_t *aigw_sobj_extra(const aigw_sobj_t *o, const void *obj)
{
    return (const aigw_members_t *)(const void *)((const char *)obj + o->xoff);
}

/* The first AIGW_SCHEMA_VERSION whose schema has this enum value (0: every
 * version), -1 for no such value (core/enum.c, generated names). */
long aigw_enum_since(aigw_enum_kind_t kind, int value);

/* Would the encoder write member f of the objects a and b the same (params_equal.c)? */
int aigw_sfield_equal(const aigw_sfield_t *f, const void *a, const void *b);

#endif
