/* SPDX-License-Identifier: MIT */
/* The README's C example, compiled and run by tests/suites/10-core.sh. */
#include <stdio.h>
#include "aigw/aigw_model.h"

int main(void)
{
    static const aigw_str_t profiles[] = { { "pii-profile", 11 } };
    aigw_params_t p = { 0 };                    /* zeroed: every field "not given" */
    aigw_diag_t diag = { 0 };
    char body[512];
    size_t len;

    p.cache_invalidate_on_update = (aigw_bool_t){ AIGW_SET, true };
    p.cache_ttl = (aigw_int_t){ AIGW_SET, 3600 };
    p.collect_logs = (aigw_bool_t){ AIGW_SET, true };
    p.rate_limiting_interval.state = AIGW_NULL;  /* sent as null */
    p.rate_limiting_limit.state = AIGW_NULL;
    p.rate_limiting_technique = (aigw_enum_t){ AIGW_SET, AIGW_RATE_FIXED, { 0 } };
    p.retry_max_attempts = (aigw_int_t){ AIGW_SET, 3 };
    p.dlp.state = AIGW_SET;                      /* dlp variant {action, enabled, profiles} */
    p.dlp.action = (aigw_enum_t){ AIGW_SET, AIGW_ACTION_BLOCK, { 0 } };
    p.dlp.enabled = (aigw_bool_t){ AIGW_SET, true };
    p.dlp.profiles = (aigw_str_list_t){ AIGW_SET, profiles, 1 };

    if (aigw_params_validate(&p, &diag) != AIGW_OK ||
        aigw_params_to_json(&p, body, sizeof body, &len, &diag) != AIGW_OK) {
        printf("%s: %s %s\n", aigw_strerror(diag.err), diag.path, diag.rule ? diag.rule : "");
        return 1;
    }
    printf("%.*s\n", (int)len, body);           /* body is not NUL-terminated */
    return 0;
}
