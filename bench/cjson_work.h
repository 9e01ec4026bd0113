/* SPDX-License-Identifier: MIT */
/*
 * The cJSON side of the benchmark's comparisons (shared by cpu_cjson.c and
 * e2e_curl.c): the full example built with cJSON and printed unformatted,
 * and the API page's example response parsed with cJSON_Parse with every
 * field of the result read into a plain C struct (strings point into
 * cJSON's tree, as aigw's decoded strings point into the body).
 */
#ifndef BENCH_CJSON_WORK_H
#define BENCH_CJSON_WORK_H

#include <stddef.h>

#define CJ_OTEL_URL "https://otel.example.com/v1/traces" /* as bench_example.h */

typedef struct cj_gateway {
    const char *id, *created_at, *modified_at;
    int cache_invalidate_on_update, collect_logs, authentication, is_default, logpush, zdr;
    double cache_ttl, rate_limiting_interval, rate_limiting_limit, log_management, retry_delay,
        retry_max_attempts;
    const char *log_management_strategy, *logpush_public_key, *rate_limiting_technique, *retry_backoff,
        *store_id, *workers_ai_billing_mode;
    struct { const char *action; int enabled; const char *profiles[8]; int nprofiles; } dlp;
    struct { const char *authorization, *url, *content_type; const char *hname[8], *hval[8]; int nh; } otel[5];
    int notel;
    struct { const char *authorization; const char *payload[8]; int nev; } stripe;
} cj_gateway_t;

/** Parse text (NUL-terminated), read every field of "result" into g; the
 *  id is copied into id_buf. 0 on success (success true, result an object, id present). */
int cj_decode(const char *text, cj_gateway_t *g, char *id_buf, size_t id_cap);

/** Build the full example with cJSON and print it unformatted: a string to
 *  release with cJSON_free(), or NULL when an allocation failed. */
char *cj_encode(void);

#endif
