/* SPDX-License-Identifier: MIT */
/* See cjson_work.h. */
#include <string.h>

#include <cjson/cJSON.h>

#include "cjson_work.h"

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

static int boolean(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : -1;
}

int cj_decode(const char *text, cj_gateway_t *g, char *id_buf, size_t id_cap)
{
    cJSON *root = cJSON_Parse(text), *r, *x, *it;
    if (!root) return 1;
    memset(g, 0, sizeof *g);
    r = cJSON_GetObjectItemCaseSensitive(root, "result");
    if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "success")) || !cJSON_IsObject(r)) {
        cJSON_Delete(root);
        return 1;
    }
    g->id = str(r, "id");
    g->created_at = str(r, "created_at");
    g->modified_at = str(r, "modified_at");
    g->cache_invalidate_on_update = boolean(r, "cache_invalidate_on_update");
    g->cache_ttl = num(r, "cache_ttl");
    g->collect_logs = boolean(r, "collect_logs");
    g->rate_limiting_interval = num(r, "rate_limiting_interval");
    g->rate_limiting_limit = num(r, "rate_limiting_limit");
    g->authentication = boolean(r, "authentication");
    x = cJSON_GetObjectItemCaseSensitive(r, "dlp");
    if (cJSON_IsObject(x)) {
        g->dlp.action = str(x, "action");
        g->dlp.enabled = boolean(x, "enabled");
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(x, "profiles"))
            if (g->dlp.nprofiles < 8 && cJSON_IsString(it)) g->dlp.profiles[g->dlp.nprofiles++] = it->valuestring;
    }
    g->is_default = boolean(r, "is_default");
    g->log_management = num(r, "log_management");
    g->log_management_strategy = str(r, "log_management_strategy");
    g->logpush = boolean(r, "logpush");
    g->logpush_public_key = str(r, "logpush_public_key");
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(r, "otel")) {
        if (g->notel == 5) break;
        g->otel[g->notel].authorization = str(x, "authorization");
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(x, "headers")) {
            int k = g->otel[g->notel].nh;
            if (k < 8 && cJSON_IsString(it)) {
                g->otel[g->notel].hname[k] = it->string;
                g->otel[g->notel].hval[k] = it->valuestring;
                g->otel[g->notel].nh++;
            }
        }
        g->otel[g->notel].url = str(x, "url");
        g->otel[g->notel].content_type = str(x, "content_type");
        g->notel++;
    }
    g->rate_limiting_technique = str(r, "rate_limiting_technique");
    g->retry_backoff = str(r, "retry_backoff");
    g->retry_delay = num(r, "retry_delay");
    g->retry_max_attempts = num(r, "retry_max_attempts");
    g->store_id = str(r, "store_id");
    x = cJSON_GetObjectItemCaseSensitive(r, "stripe");
    if (cJSON_IsObject(x)) {
        g->stripe.authorization = str(x, "authorization");
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(x, "usage_events"))
            if (g->stripe.nev < 8) g->stripe.payload[g->stripe.nev++] = str(it, "payload");
    }
    g->workers_ai_billing_mode = str(r, "workers_ai_billing_mode");
    g->zdr = boolean(r, "zdr");
    /* the id is the one value the caller checks: copied out before the tree goes */
    if (g->id && id_cap) {
        size_t n = strlen(g->id);
        if (n >= id_cap) n = id_cap - 1;
        memcpy(id_buf, g->id, n);
        id_buf[n] = 0;
    }
    cJSON_Delete(root);
    return g->id == NULL;
}

char *cj_encode(void)
{
    cJSON *o = cJSON_CreateObject(), *dlp, *arr, *otel, *h, *stripe, *ev, *evs;
    char *s;
    if (!o) return NULL;
    cJSON_AddBoolToObject(o, "cache_invalidate_on_update", 1);
    cJSON_AddNumberToObject(o, "cache_ttl", 0);
    cJSON_AddBoolToObject(o, "collect_logs", 1);
    cJSON_AddNumberToObject(o, "rate_limiting_interval", 0);
    cJSON_AddNumberToObject(o, "rate_limiting_limit", 0);
    cJSON_AddBoolToObject(o, "authentication", 1);
    dlp = cJSON_AddObjectToObject(o, "dlp");
    cJSON_AddStringToObject(dlp, "action", "BLOCK");
    cJSON_AddBoolToObject(dlp, "enabled", 1);
    arr = cJSON_AddArrayToObject(dlp, "profiles");
    cJSON_AddItemToArray(arr, cJSON_CreateString("string"));
    cJSON_AddNumberToObject(o, "log_management", 10000);
    cJSON_AddStringToObject(o, "log_management_strategy", "STOP_INSERTING");
    cJSON_AddBoolToObject(o, "logpush", 1);
    cJSON_AddStringToObject(o, "logpush_public_key", "xxxxxxxxxxxxxxxx");
    arr = cJSON_AddArrayToObject(o, "otel");
    otel = cJSON_CreateObject();
    cJSON_AddItemToArray(arr, otel);
    cJSON_AddStringToObject(otel, "authorization", "authorization");
    h = cJSON_AddObjectToObject(otel, "headers");
    cJSON_AddStringToObject(h, "foo", "string");
    cJSON_AddStringToObject(otel, "url", CJ_OTEL_URL);
    cJSON_AddStringToObject(otel, "content_type", "json");
    cJSON_AddStringToObject(o, "rate_limiting_technique", "fixed");
    cJSON_AddStringToObject(o, "retry_backoff", "constant");
    cJSON_AddNumberToObject(o, "retry_delay", 0);
    cJSON_AddNumberToObject(o, "retry_max_attempts", 1);
    cJSON_AddStringToObject(o, "store_id", "store_id");
    stripe = cJSON_AddObjectToObject(o, "stripe");
    cJSON_AddStringToObject(stripe, "authorization", "authorization");
    evs = cJSON_AddArrayToObject(stripe, "usage_events");
    ev = cJSON_CreateObject();
    cJSON_AddItemToArray(evs, ev);
    cJSON_AddStringToObject(ev, "payload", "payload");
    cJSON_AddStringToObject(o, "workers_ai_billing_mode", "postpaid");
    cJSON_AddBoolToObject(o, "zdr", 1);
    s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}
