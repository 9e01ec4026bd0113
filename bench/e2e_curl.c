/* SPDX-License-Identifier: MIT */
/*
 * End-to-end driver (make bench): N sequential PUTs of the full example with
 * libcurl (Debian's libcurl4-openssl-dev) in one process, one easy handle
 * reused, so the connection is kept alive as libcurl does by default.
 *
 *   e2e_curl URL N CA.pem BODY.json [--cjson]
 *     URL   https://localhost:PORT/client/v4/accounts/ACCOUNT/ai-gateway/gateways/ID
 *     BODY  the full example as aigw encodes it (same bytes)
 *     --cjson  per update, build the body with cJSON and parse the response
 *              with cJSON (every field read), as a C program on Linux would
 *              usually do; without it the body is the fixed bytes of BODY and
 *              the response is only collected and its status checked
 *
 * localhost is pinned to 127.0.0.1 (CURLOPT_RESOLVE). Prints one JSON line
 * like e2e_aigw: updates done, wall and CPU seconds of the loop (getrusage),
 * connections libcurl opened (CURLINFO_NUM_CONNECTS summed).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "cjson_work.h"

typedef struct buf { char data[65536]; size_t len; int overflow; } buf_t;

static buf_t resp;
static char body_file[65536];

static size_t on_write(char *p, size_t size, size_t nmemb, void *ud)
{
    buf_t *b = ud;
    size_t n = size * nmemb;
    if (b->len + n >= sizeof b->data) { b->overflow = 1; return 0; }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
    return n;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void cpu(double *user, double *sys)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
    *sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
    CURL *h;
    struct curl_slist *hdrs = NULL, *resolve = NULL;
    char resolve_entry[128], host[64];
    const char *url, *p;
    long n, i, done = 0, connects = 0;
    size_t body_len;
    int use_cjson, port = 443;
    double t0, t1, u0, s0, u1, s1;
    FILE *f;

    if (argc < 5) { fprintf(stderr, "usage: e2e_curl URL N CA.pem BODY.json [--cjson]\n"); return 2; }
    url = argv[1];
    n = atol(argv[2]);
    use_cjson = argc > 5 && !strcmp(argv[5], "--cjson");
    f = fopen(argv[4], "rb");
    if (!f) { fprintf(stderr, "e2e_curl: %s unreadable\n", argv[4]); return 2; }
    body_len = fread(body_file, 1, sizeof body_file - 1, f);
    fclose(f);
    /* pin the URL's host:port to 127.0.0.1 */
    p = strstr(url, "://");
    if (!p || sscanf(p + 3, "%63[^:/]:%d", host, &port) < 1) { fprintf(stderr, "e2e_curl: bad URL\n"); return 2; }
    snprintf(resolve_entry, sizeof resolve_entry, "%s:%d:127.0.0.1", host, port);

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 2;
    h = curl_easy_init();
    if (!h) return 2;
    resolve = curl_slist_append(resolve, resolve_entry);
    hdrs = curl_slist_append(hdrs, "Authorization: Bearer Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY");
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    hdrs = curl_slist_append(hdrs, "Expect:"); /* no 100-continue round trip for a small body */
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_RESOLVE, resolve);
    curl_easy_setopt(h, CURLOPT_CAINFO, argv[3]);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 10000L);

    t0 = now_s();
    cpu(&u0, &s0);
    for (i = 0; i < n; i++) {
        long status = 0, nc = 0;
        char *body = NULL;
        CURLcode rc;
        resp.len = 0;
        resp.overflow = 0;
        if (use_cjson) {
            body = cj_encode();
            if (!body) { fprintf(stderr, "e2e_curl: cJSON encode failed\n"); break; }
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        } else {
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)body_len);
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, body_file);
        }
        rc = curl_easy_perform(h);
        if (body) cJSON_free(body);
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &nc);
        connects += nc;
        if (rc != CURLE_OK || status != 200 || resp.overflow) {
            fprintf(stderr, "e2e_curl: update %ld: %s, status %ld\n", i, curl_easy_strerror(rc), status);
            break;
        }
        if (use_cjson) {
            cj_gateway_t gw;
            char id[80];
            if (cj_decode(resp.data, &gw, id, sizeof id) || strcmp(id, "my-gateway") != 0) {
                fprintf(stderr, "e2e_curl: update %ld: response not decoded\n", i);
                break;
            }
        }
        done++;
    }
    cpu(&u1, &s1);
    t1 = now_s();
    printf("{\"client\":\"%s\",\"n\":%ld,\"ok\":%ld,\"wall_s\":%.6f,\"user_s\":%.6f,\"sys_s\":%.6f,"
           "\"connections\":%ld,\"curl\":\"%s\"}\n",
           use_cjson ? "curl+cjson" : "curl", n, done, t1 - t0, u1 - u0, s1 - s0, connects,
           curl_version());
    curl_slist_free_all(hdrs);
    curl_slist_free_all(resolve);
    curl_easy_cleanup(h);
    curl_global_cleanup();
    return done == n ? 0 : 1;
}
