/* SPDX-License-Identifier: MIT */
/*
 * Read-modify-write judges only what changed (aigw_params_validate_changes):
 * which members count as changed. Each case decodes a base update and the
 * same text with one edit, and checks that exactly the edited top-level
 * member differs (core/params_equal.c, through the schema table), at every
 * level: scalars, null and absent, enum words the model does not know, lists,
 * the otel header map, arrays of objects and their unknown members, numbers
 * and objects kept as text (spend_limits), guardrails' actions. Then the
 * public function: an invalid value the server holds passes when untouched
 * and is judged when the caller changes anything in that member.
 */
#include <stdio.h>
#include <string.h>

#include "aigw/aigw_decode.h"
#include "aigw/aigw_model.h"
#include "aigw_test.h"
#include "schema.h" /* core/, internal: the descriptor table and aigw_sfield_equal */

static const char BASE[] =
    "{\"cache_invalidate_on_update\":true,\"cache_ttl\":60,\"collect_logs\":true,"
    "\"rate_limiting_interval\":0,\"rate_limiting_limit\":null,\"rate_limiting_technique\":\"fixed\","
    "\"retry_backoff\":\"linear\",\"logpush_public_key\":\"k\",\"workers_ai_billing_mode\":\"newmode\","
    "\"top_new\":1,"
    "\"dlp\":{\"enabled\":true,\"action\":\"FLAG\",\"profiles\":[\"a\",\"b\"],"
    "\"policies\":[{\"id\":\"p1\",\"action\":\"FLAG\",\"check\":[\"REQUEST\"],\"enabled\":true,"
    "\"profiles\":[\"a\"],\"tags\":1}],\"audit\":2},"
    "\"otel\":[{\"authorization\":\"A\",\"headers\":{\"x-a\":\"1\"},\"url\":\"url\","
    "\"content_type\":\"json\",\"sampling\":3}],"
    "\"stripe\":{\"authorization\":\"sk\",\"usage_events\":[{\"payload\":\"p\",\"meter\":\"m\"}],\"webhook\":\"w\"},"
    "\"log_classification\":false,"
    "\"guardrails\":{\"prompt\":{\"P1\":\"FLAG\",\"S7\":\"BLOCK\",\"S99\":1},\"response\":{},\"g_new\":1},"
    "\"spend_limits\":{\"enabled\":true,\"rules\":[{\"limit\":0.5,\"limitType\":\"cost\",\"window\":60,"
    "\"id\":\"r1\",\"metadata\":{\"t\":{\"mode\":\"partition\"}},\"model\":{\"mode\":\"filter\",\"values\":[\"m1\"]},"
    "\"technique\":\"fixed\",\"r_new\":1}],\"s_new\":1}}";

typedef struct {
    const char *from, *to; /* the one edit */
    const char *field;     /* the top-level member that must differ (NULL: none) */
} edit_t;

static const edit_t EDITS[] = {
    {"\"cache_ttl\":60", "\"cache_ttl\":61", "cache_ttl"},
    {"\"cache_ttl\":60", "\"cache_ttl\":null", "cache_ttl"},
    {"\"collect_logs\":true", "\"collect_logs\":false", "collect_logs"},
    {"\"rate_limiting_limit\":null", "\"rate_limiting_limit\":5", "rate_limiting_limit"},
    {"\"logpush_public_key\":\"k\"", "\"logpush_public_key\":\"j\"", "logpush_public_key"},
    {"\"logpush_public_key\":\"k\"", "\"logpush_public_key\":\"kk\"", "logpush_public_key"},
    {"\"retry_backoff\":\"linear\"", "\"retry_backoff\":\"constant\"", "retry_backoff"},
    {"\"retry_backoff\":\"linear\"", "\"retry_backoff\":null", "retry_backoff"},
    {"\"workers_ai_billing_mode\":\"newmode\"", "\"workers_ai_billing_mode\":\"newmodf\"", "workers_ai_billing_mode"},
    {"\"top_new\":1", "\"top_new\":2", NULL}, /* unknown top-level members are not a field */
    /* dlp */
    {"\"enabled\":true,\"action\":\"FLAG\"", "\"enabled\":false,\"action\":\"FLAG\"", "dlp"},
    {"\"action\":\"FLAG\",\"profiles\":[\"a\",\"b\"]", "\"action\":\"BLOCK\",\"profiles\":[\"a\",\"b\"]", "dlp"},
    {"\"profiles\":[\"a\",\"b\"]", "\"profiles\":[\"a\",\"c\"]", "dlp"},
    {"\"profiles\":[\"a\",\"b\"]", "\"profiles\":[\"a\"]", "dlp"},
    {"\"profiles\":[\"a\",\"b\"]", "\"profiles\":null", "dlp"},
    {"\"audit\":2", "\"audit\":3", "dlp"},
    {"\"audit\":2", "\"audit\":2,\"more\":0", "dlp"},
    {"\"id\":\"p1\"", "\"id\":\"p2\"", "dlp"},
    {"\"check\":[\"REQUEST\"]", "\"check\":[\"RESPONSE\"]", "dlp"},
    {"\"check\":[\"REQUEST\"]", "\"check\":[\"REQUEST\",\"RESPONSE\"]", "dlp"},
    {"\"check\":[\"REQUEST\"]", "\"check\":null", "dlp"},
    {"\"tags\":1", "\"tags\":2", "dlp"},
    {"\"tags\":1}]", "\"tags\":1},{\"id\":\"p2\",\"action\":\"FLAG\",\"check\":[],\"enabled\":true,\"profiles\":[]}]", "dlp"},
    {"\"policies\":[{\"id\":\"p1\",\"action\":\"FLAG\",\"check\":[\"REQUEST\"],\"enabled\":true,"
     "\"profiles\":[\"a\"],\"tags\":1}]", "\"policies\":null", "dlp"},
    {"\"dlp\":{", "\"dlp\":null,\"x_dlp\":{", "dlp"},
    /* otel */
    {"\"authorization\":\"A\"", "\"authorization\":\"B\"", "otel"},
    {"\"headers\":{\"x-a\":\"1\"}", "\"headers\":{\"x-b\":\"1\"}", "otel"},
    {"\"headers\":{\"x-a\":\"1\"}", "\"headers\":{\"x-a\":\"2\"}", "otel"},
    {"\"headers\":{\"x-a\":\"1\"}", "\"headers\":{\"x-a\":\"1\",\"x-b\":\"2\"}", "otel"},
    {"\"content_type\":\"json\"", "\"content_type\":\"protobuf\"", "otel"},
    {"\"sampling\":3", "\"sampling\":4", "otel"},
    {"\"sampling\":3}]", "\"sampling\":3},{\"headers\":{},\"url\":\"https://b.example\"}]", "otel"},
    {"\"otel\":[", "\"otel\":null,\"x_otel\":[", "otel"},
    /* stripe */
    {"\"authorization\":\"sk\"", "\"authorization\":\"sl\"", "stripe"},
    {"\"payload\":\"p\"", "\"payload\":\"q\"", "stripe"},
    {"\"meter\":\"m\"", "\"meter\":\"n\"", "stripe"},
    {"\"meter\":\"m\"}]", "\"meter\":\"m\"},{\"payload\":\"z\"}]", "stripe"},
    {"\"webhook\":\"w\"", "\"webhook\":\"v\"", "stripe"},
    {"\"stripe\":{", "\"stripe\":null,\"x_stripe\":{", "stripe"},
    /* log_classification, guardrails, spend_limits */
    {"\"log_classification\":false", "\"log_classification\":true", "log_classification"},
    {"\"log_classification\":false,", "", "log_classification"},
    {"\"P1\":\"FLAG\"", "\"P1\":\"BLOCK\"", "guardrails"},
    {"\"S7\":\"BLOCK\"", "\"S8\":\"BLOCK\"", "guardrails"},
    {"\"S99\":1", "\"S99\":2", "guardrails"},
    {"\"response\":{}", "\"response\":{\"S1\":\"FLAG\"}", "guardrails"},
    {"\"g_new\":1", "\"g_new\":[1]", "guardrails"},
    {"\"guardrails\":{", "\"guardrails\":null,\"x_guardrails\":{", "guardrails"},
    {"\"spend_limits\":{\"enabled\":true", "\"spend_limits\":{\"enabled\":false", "spend_limits"},
    {"\"limit\":0.5", "\"limit\":0.6", "spend_limits"},
    {"\"limit\":0.5", "\"limit\":0.50", "spend_limits"}, /* the text is sent as it is: another text is a change */
    {"\"window\":60", "\"window\":61", "spend_limits"},
    {"\"id\":\"r1\"", "\"id\":\"r2\"", "spend_limits"},
    {"\"metadata\":{\"t\":{\"mode\":\"partition\"}}", "\"metadata\":{\"t\":{\"mode\":\"filter\",\"values\":[]}}", "spend_limits"},
    {"\"values\":[\"m1\"]", "\"values\":[\"m1\",\"m2\"]", "spend_limits"},
    {"\"technique\":\"fixed\"", "\"technique\":\"sliding\"", "spend_limits"},
    {"\"r_new\":1", "\"r_new\":2", "spend_limits"},
    {"\"s_new\":1", "\"s_new\":1,\"s_more\":2", "spend_limits"},
    {"\"technique\":\"fixed\",\"r_new\":1}]", "\"technique\":\"fixed\",\"r_new\":1},"
     "{\"limit\":1,\"limitType\":\"cost\",\"window\":1}]", "spend_limits"},
    /* spelled differently, the same values: nothing changed */
    {"\"cache_ttl\":60", "\"cache_ttl\" : 60", NULL},
};

/* the members of the update body */
#define TOP (&aigw_sobjs[AIGW_SOBJ_PARAMS])

static char g_text[2][2048];
static aigw_tok_t g_tok[2][512];
static uint64_t g_mem[2][2048];

static int decode(int which, const char *text, aigw_params_t *p)
{
    aigw_arena_t a;
    size_t len = strlen(text);
    if (len >= sizeof g_text[which]) return -1;
    memcpy(g_text[which], text, len + 1);
    aigw_arena_init(&a, g_mem[which], sizeof g_mem[which]);
    return aigw_params_from_json(g_text[which], len, g_tok[which], 512, &a, p, NULL) == AIGW_OK ? 0 : -1;
}

/* BASE with one edit */
static int edited(const edit_t *e, char *out, size_t cap)
{
    const char *at = strstr(BASE, e->from);
    size_t head, fl = strlen(e->from), tl = strlen(e->to);
    if (!at) return -1;
    head = (size_t)(at - BASE);
    if (head + tl + strlen(at + fl) + 1 > cap) return -1;
    memcpy(out, BASE, head);
    memcpy(out + head, e->to, tl);
    strcpy(out + head + tl, at + fl);
    return 0;
}

static void each_edit_changes_one_member(void)
{
    size_t i;
    for (i = 0; i < sizeof EDITS / sizeof EDITS[0]; i++) {
        aigw_params_t a, b;
        char text[2048];
        int f, ndiff = 0, right = 0;
        if (edited(&EDITS[i], text, sizeof text) != 0 || decode(0, BASE, &a) != 0 || decode(1, text, &b) != 0) {
            EXPECTF(0, "edit %u (%s): does not apply or decode", (unsigned)i, EDITS[i].to);
            continue;
        }
        for (f = 0; f < TOP->nf; f++) {
            int eq = aigw_sfield_equal(&TOP->f[f], &a, &b);
            EXPECTF(eq == aigw_sfield_equal(&TOP->f[f], &b, &a), "edit %u: not symmetric", (unsigned)i);
            if (!eq) {
                ndiff++;
                if (EDITS[i].field && strcmp(TOP->f[f].name, EDITS[i].field) == 0) right = 1;
            }
        }
        EXPECTF(EDITS[i].field ? (ndiff == 1 && right) : ndiff == 0, "edit %u (%s): %d members differ", (unsigned)i,
                EDITS[i].to, ndiff);
    }
}

static void same_struct_is_equal(void)
{
    aigw_params_t a;
    int f;
    EXPECT(decode(0, BASE, &a) == 0);
    for (f = 0; f < TOP->nf; f++) EXPECT(aigw_sfield_equal(&TOP->f[f], &a, &a));
}

static void validate_changes_judges_only_changes(void)
{
    aigw_params_t base, p;
    aigw_diag_t d;
    char text[2048];
    static const edit_t touch_otel = {"\"authorization\":\"A\"", "\"authorization\":\"B\"", "otel"};
    static const edit_t touch_ttl = {"\"cache_ttl\":60", "\"cache_ttl\":-1", "cache_ttl"};
    EXPECT(decode(0, BASE, &base) == 0);
    /* the server's otel[0].url "url" breaks format uri: the whole update does not validate */
    memset(&d, 0, sizeof d);
    EXPECT(aigw_params_validate(&base, &d) == AIGW_E_INVALID);
    /* untouched, it is the server's business */
    EXPECT(decode(1, BASE, &p) == 0);
    memset(&d, 0, sizeof d);
    EXPECTF(aigw_params_validate_changes(&p, &base, &d) == AIGW_OK, "%s %s", d.path, d.rule);
    /* any change inside otel makes otel the caller's: judged */
    EXPECT(edited(&touch_otel, text, sizeof text) == 0 && decode(1, text, &p) == 0);
    memset(&d, 0, sizeof d);
    EXPECT(aigw_params_validate_changes(&p, &base, &d) == AIGW_E_INVALID);
    EXPECTF(strcmp(d.path, "otel[0].url") == 0, "path %s", d.path);
    /* a changed member is judged on its own */
    EXPECT(edited(&touch_ttl, text, sizeof text) == 0 && decode(1, text, &p) == 0);
    memset(&d, 0, sizeof d);
    EXPECT(aigw_params_validate_changes(&p, &base, &d) == AIGW_E_INVALID);
    EXPECTF(strcmp(d.path, "cache_ttl") == 0, "path %s", d.path);
    /* no base: everything is judged */
    EXPECT(aigw_params_validate_changes(&base, NULL, &d) == AIGW_E_INVALID);
}

int main(void)
{
    RUN(each_edit_changes_one_member);
    RUN(same_struct_is_equal);
    RUN(validate_changes_judges_only_changes);
    return AIGW_TEST_EXIT();
}
