/* SPDX-License-Identifier: MIT */
/*
 * Built by tests/suites/93-integration.sh against an installed copy of aigw
 * (make install DESTDIR=... then `pkg-config --cflags --libs aigw`), the way
 * a Linux program adopts it. Uses the core (encode, strerror) and the port
 * library (POSIX port + TLS port with Cloudflare's roots, which makes mbedTLS
 * parse them: no network is touched).
 */
#include <stdio.h>
#include <string.h>

#include <aigw/aigw_client.h>
#include <aigw/aigw_posix.h>
#include <aigw/aigw_tls.h>

static aigw_posix_t sock;
static aigw_port_t tcp, https;
static aigw_tls_t tls;

int main(void)
{
    aigw_params_t p;
    aigw_diag_t d;
    aigw_tls_config_t cfg;
    char body[256];
    size_t len = 0;
    aigw_err_t e;

    memset(&p, 0, sizeof p);
    p.cache_invalidate_on_update = (aigw_bool_t){AIGW_SET, false};
    p.cache_ttl = (aigw_int_t){AIGW_SET, 60};
    p.collect_logs = (aigw_bool_t){AIGW_SET, true};
    p.rate_limiting_interval = (aigw_int_t){AIGW_NULL, 0};
    p.rate_limiting_limit = (aigw_int_t){AIGW_NULL, 0};
    p.retry_backoff = (aigw_enum_t){AIGW_SET, AIGW_BACKOFF_LINEAR, {NULL, 0}};
    memset(&d, 0, sizeof d);
    e = aigw_params_validate(&p, &d);
    if (e == AIGW_OK) e = aigw_params_to_json(&p, body, sizeof body, &len, &d);
    printf("encode: %s %.*s\n", aigw_strerror(e), (int)len, body);
    e = aigw_params_to_json(&p, body, 10, &len, &d);
    printf("small buffer: %s, needed %zu\n", aigw_strerror(e), d.needed);

    e = aigw_posix_init(&sock, &tcp);
    memset(&cfg, 0, sizeof cfg);
    cfg.ca_set = aigw_cloudflare_ca;
    cfg.ca_set_count = aigw_cloudflare_ca_count;
    cfg.entropy = aigw_posix_entropy;
    cfg.wall_clock = aigw_posix_wall_clock;
    if (e == AIGW_OK) e = aigw_tls_init(&tls, &https, &tcp, &cfg);
    printf("tls_init: %s, %zu roots\n", aigw_strerror(e), aigw_cloudflare_ca_count);
    printf("version: %s\n", AIGW_VERSION);
    return e == AIGW_OK ? 0 : 1;
}
