/* SPDX-License-Identifier: MIT */
/*
 * The API page's examples as aigw_params_t (shared by the unit tests and
 * print_example.c). Storage is static so the structs can point into it.
 */
#ifndef AIGW_EXAMPLE_PARAMS_H
#define AIGW_EXAMPLE_PARAMS_H

#include <string.h>

#include "aigw/aigw_model.h"

#define S_(lit) { lit, sizeof(lit) - 1 }
#define TEXT_(lit) { AIGW_SET, S_(lit) }

/* The Python snippet: the five required members. */
static void example_python_snippet(aigw_params_t *p)
{
    memset(p, 0, sizeof *p);
    p->cache_invalidate_on_update.state = AIGW_SET;
    p->cache_invalidate_on_update.value = true;
    p->cache_ttl.state = AIGW_SET;
    p->cache_ttl.value = 0;
    p->collect_logs.state = AIGW_SET;
    p->collect_logs.value = true;
    p->rate_limiting_interval.state = AIGW_SET;
    p->rate_limiting_interval.value = 0;
    p->rate_limiting_limit.state = AIGW_SET;
    p->rate_limiting_limit.value = 0;
}

static const aigw_str_t example_profiles[] = { S_("string") };
static const aigw_header_t example_headers[] = { { S_("foo"), S_("string") } };
static aigw_otel_t example_otel[1];
static const aigw_usage_event_t example_events[] = { { TEXT_("payload"), { NULL, 0 } } };

/* Every update field of the page's example result object. */
static void example_result_object(aigw_params_t *p)
{
    example_python_snippet(p);
    p->authentication.state = AIGW_SET;
    p->authentication.value = true;
    p->dlp.state = AIGW_SET;
    p->dlp.action.state = AIGW_SET;
    p->dlp.action.value = AIGW_ACTION_BLOCK;
    p->dlp.enabled.state = AIGW_SET;
    p->dlp.enabled.value = true;
    p->dlp.profiles.state = AIGW_SET;
    p->dlp.profiles.items = example_profiles;
    p->dlp.profiles.count = 1;
    p->log_management.state = AIGW_SET;
    p->log_management.value = 10000;
    p->log_management_strategy.state = AIGW_SET;
    p->log_management_strategy.value = AIGW_LOG_STOP_INSERTING;
    p->logpush.state = AIGW_SET;
    p->logpush.value = true;
    p->logpush_public_key.state = AIGW_SET;
    p->logpush_public_key.value.ptr = "xxxxxxxxxxxxxxxx";
    p->logpush_public_key.value.len = 16;
    memset(example_otel, 0, sizeof example_otel);
    example_otel[0].authorization.state = AIGW_SET;
    example_otel[0].authorization.value.ptr = "authorization";
    example_otel[0].authorization.value.len = 13;
    example_otel[0].headers.state = AIGW_SET;
    example_otel[0].headers.items = example_headers;
    example_otel[0].headers.count = 1;
    example_otel[0].url.state = AIGW_SET;
    example_otel[0].url.value.ptr = "url"; /* sic: the page's example is not a URI */
    example_otel[0].url.value.len = 3;
    example_otel[0].content_type.state = AIGW_SET;
    example_otel[0].content_type.value = AIGW_OTEL_JSON;
    p->otel.state = AIGW_SET;
    p->otel.items = example_otel;
    p->otel.count = 1;
    p->rate_limiting_technique.state = AIGW_SET;
    p->rate_limiting_technique.value = AIGW_RATE_FIXED;
    p->retry_backoff.state = AIGW_SET;
    p->retry_backoff.value = AIGW_BACKOFF_CONSTANT;
    p->retry_delay.state = AIGW_SET;
    p->retry_delay.value = 0;
    p->retry_max_attempts.state = AIGW_SET;
    p->retry_max_attempts.value = 1;
    p->store_id.state = AIGW_SET;
    p->store_id.value.ptr = "store_id";
    p->store_id.value.len = 8;
    p->stripe.state = AIGW_SET;
    p->stripe.authorization.state = AIGW_SET;
    p->stripe.authorization.value.ptr = "authorization";
    p->stripe.authorization.value.len = 13;
    p->stripe.usage_events.state = AIGW_SET;
    p->stripe.usage_events.items = example_events;
    p->stripe.usage_events.count = 1;
    p->workers_ai_billing_mode.state = AIGW_SET;
    p->workers_ai_billing_mode.value = AIGW_BILLING_POSTPAID;
    p->zdr.state = AIGW_SET;
    p->zdr.value = true;
}

#endif
