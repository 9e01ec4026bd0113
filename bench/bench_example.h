/* SPDX-License-Identifier: MIT */
/*
 * The benchmark's "full example": every update field of the API page's
 * example result (the result object minus id, created_at, modified_at and
 * is_default), built by the unit tests' own helper so there is one source
 * for it, with one change: the page's otel[0].url is "url", which breaks the
 * schema's "format: uri" and which aigw's validator therefore refuses (the
 * aigw command exits 3 at otel[0].url). A benchmark of refused requests
 * measures nothing, so the URL is a real one; every other byte is the page's.
 * bench/common.py writes the same body as JSON for the other clients.
 */
#ifndef BENCH_EXAMPLE_H
#define BENCH_EXAMPLE_H

#include "example_params.h" /* tests/unit: example_result_object() */

#define BENCH_OTEL_URL "https://otel.example.com/v1/traces"
#define BENCH_ACCOUNT "3ebbcb006d4d46d7bb6a8c7f14676cb0" /* the API page's */
#define BENCH_TOKEN "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"
#define BENCH_GATEWAY "my-gateway"

static void bench_full_example(aigw_params_t *p)
{
    example_result_object(p);
    example_otel[0].url.value.ptr = BENCH_OTEL_URL;
    example_otel[0].url.value.len = sizeof(BENCH_OTEL_URL) - 1;
}

#endif
