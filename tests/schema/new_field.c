/* SPDX-License-Identifier: MIT */
/*
 * "A new field arrives by regenerating" (tests/schema/regen_new_field.sh):
 * built against a copy of the core whose generator was given a fragment
 * with a new boolean cache_bypass in the PUT body. Sets it, encodes,
 * decodes the body back and validates, printing one line per step:
 *   BODY <json>
 *   DECODED <state> <value>      (or DECODE_ERR <err> <path>)
 *   VALIDATE OK                  (or VALIDATE_ERR <path> <rule>)
 * Exit status 0 when encode and decode worked; the script judges the rest.
 */
#include <stdio.h>
#include <string.h>

#include "aigw/aigw_decode.h"
#include "aigw/aigw_model.h"

static char body[4096];
static aigw_tok_t tok[256];
static unsigned long long mem[1024];

int main(void)
{
    aigw_params_t p, back;
    aigw_arena_t a;
    aigw_diag_t d;
    size_t len = 0;
    aigw_err_t e;

    memset(&p, 0, sizeof p);
    p.cache_invalidate_on_update.state = AIGW_SET;
    p.cache_ttl.state = AIGW_SET;
    p.cache_ttl.value = 60;
    p.collect_logs.state = AIGW_SET;
    p.collect_logs.value = true;
    p.rate_limiting_interval.state = AIGW_NULL;
    p.rate_limiting_limit.state = AIGW_NULL;
    p.cache_bypass.state = AIGW_SET; /* the new member: a field of the regenerated struct */
    p.cache_bypass.value = true;

    memset(&d, 0, sizeof d);
    e = aigw_params_to_json(&p, body, sizeof body, &len, &d);
    if (e != AIGW_OK) {
        printf("ENCODE_ERR %s %s\n", aigw_strerror(e), d.path);
        return 1;
    }
    printf("BODY %.*s\n", (int)len, body);

    aigw_arena_init(&a, mem, sizeof mem);
    memset(&back, 0, sizeof back);
    e = aigw_params_from_json(body, len, tok, sizeof tok / sizeof tok[0], &a, &back, &d);
    if (e != AIGW_OK) {
        printf("DECODE_ERR %s %s\n", aigw_strerror(e), d.path);
        return 1;
    }
    /* decoded into the modelled member, not kept as an unknown one */
    printf("DECODED %d %d extra %lu\n", (int)back.cache_bypass.state, (int)back.cache_bypass.value,
           (unsigned long)back.extra.count);

    e = aigw_params_validate(&p, &d);
    if (e == AIGW_OK)
        printf("VALIDATE OK\n");
    else
        printf("VALIDATE_ERR %s %s\n", d.path, d.rule ? d.rule : "?");
    return 0;
}
