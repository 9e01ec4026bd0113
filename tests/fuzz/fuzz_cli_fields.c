/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the aigw command's JSON input (boards/linux):
 *   byte 0 even: --body-json: the rest is the file, through
 *                aigw_params_from_json() with the command's token and arena sizes;
 *   byte 0 odd:  field assignments (--<field> VALUE, field=VALUE): records of
 *                (field byte, length byte, value bytes) through cli_field_set(),
 *                the command's own code (cli_fields.c is compiled in here);
 *                a field byte of 0xff makes the value bytes "KEY=VALUE" of
 *                `aigw set`, through cli_key_find() and cli_key_set() (dotted
 *                keys into objects).
 * Then, as the command does, the params are validated and the request body is
 * encoded.
 *
 * Oracles (abort on violation):
 *   - every call returns AIGW_OK or a typed error, and an error leaves the
 *     params unchanged; the command's own refusals (invalid UTF-8 in a bare
 *     string, a value too large, an unknown member) name the field;
 *   - a bare value of a string field (--store-id abc) comes back as exactly
 *     those bytes (the command quotes and escapes it itself);
 *   - a value that succeeds sets its field and nothing else (a dotted key:
 *     its member, and the objects around it become SET);
 *   - whenever a body is encoded it is valid JSON (aigw_json_parse), and when
 *     validation passed it decodes back to the same params.
 * argv strings cannot hold NUL: a value stops at its first NUL byte here too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../boards/linux/cli_fields.c"
#include "../unit/decode_test_util.h"

#define check(ok) do { if (!(ok)) { fprintf(stderr, "oracle failed: %s:%d: %s\n", __FILE__, __LINE__, #ok); abort(); } } while (0)

#define BODY_TOK 4096

static cli_store_t g_store;
static aigw_tok_t g_tok[BODY_TOK];
static uint64_t g_arena[8192];
static char g_text[65536];
static char g_value[512];
static char g_out[1 << 17];
static char g_copy[1 << 17];
static aigw_tok_t g_tok2[1 << 14];
static uint64_t g_arena2[1 << 14];

static int nfields(void)
{
    int n = 0;
    while (cli_field_name(n)) n++;
    return n;
}

static int is_string_field(const char *name)
{
    return !strcmp(name, "store_id") || !strcmp(name, "logpush_public_key");
}

static void encode_and_check(const aigw_params_t *p)
{
    aigw_diag_t d;
    size_t len = 0;
    aigw_err_t v = aigw_params_validate(p, &d), e;
    check(v == AIGW_OK || v == AIGW_E_INVALID);
    e = aigw_params_to_json(p, g_out, sizeof g_out, &len, &d);
    check(e == AIGW_OK || e == AIGW_E_INVALID || e == AIGW_E_BUFFER);
    if (v == AIGW_OK) check(e == AIGW_OK || e == AIGW_E_BUFFER || (e == AIGW_E_INVALID && !strncmp(d.path, "dlp.", 4)));
    if (e == AIGW_OK) {
        aigw_json_t js;
        aigw_arena_t a;
        aigw_params_t back;
        memcpy(g_copy, g_out, len);
        check(aigw_json_parse(&js, g_copy, len, g_tok2, sizeof g_tok2 / sizeof g_tok2[0], &d) == AIGW_OK);
        if (v == AIGW_OK) {
            aigw_arena_init(&a, g_arena2, sizeof g_arena2);
            check(aigw_params_from_json(g_copy, len, g_tok2, sizeof g_tok2 / sizeof g_tok2[0], &a, &back, &d) ==
                  AIGW_OK);
            check(dt_params_diff(p, &back) == NULL);
        }
    }
}

/* One `set KEY=VALUE` (g_value): an unknown key changes nothing; a known
 * one changes only its member and the states of the objects around it. */
static void set_key(aigw_params_t *p)
{
    static aigw_params_t before, probe;
    const char *eq = strchr(g_value, '=');
    cli_key_t k;
    aigw_diag_t d;
    aigw_err_t e;
    size_t j;
    if (!eq || cli_key_find(g_value, (size_t)(eq - g_value), &k) != 0) return;
    check(k.info.size > 0 && k.info.offset + k.info.size <= offsetof(aigw_params_t, extra));
    check(k.info.depth <= AIGW_FIELD_DEPTH_MAX);
    before = *p;
    memset(&d, 0, sizeof d);
    e = cli_key_set(&g_store, p, &k, eq + 1, &d);
    check(e < AIGW_E__COUNT);
    if (e != AIGW_OK) {
        check(memcmp(&before, p, sizeof *p) == 0);
        return;
    }
    probe = before;
    memcpy((char *)&probe + k.info.offset, (char *)p + k.info.offset, k.info.size);
    for (j = 0; j < k.info.depth; j++) {
        aigw_state_t set = AIGW_SET;
        memcpy((char *)&probe + k.info.parents[j], &set, sizeof set);
    }
    check(memcmp(&probe, p, sizeof *p) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static aigw_params_t p, before;
    aigw_diag_t d;
    aigw_err_t e;
    size_t i;
    int nf = nfields(), nrec = 0;

    if (size < 1) return 0;
    memset(&p, 0, sizeof p);
    cli_store_init(&g_store);
    if (!(data[0] & 1)) {
        aigw_arena_t a;
        size_t n = size - 1 < sizeof g_text ? size - 1 : sizeof g_text;
        memcpy(g_text, data + 1, n);
        aigw_arena_init(&a, g_arena, sizeof g_arena);
        memset(&d, 0, sizeof d);
        e = aigw_params_from_json(g_text, n, g_tok, BODY_TOK, &a, &p, &d);
        check(e < AIGW_E__COUNT);
        if (e == AIGW_OK) encode_and_check(&p);
        return 0;
    }
    i = 1;
    /* at most 24 assignments an input: the command line of a device, and a fast harness */
    while (i + 2 <= size && nrec++ < 24) {
        int field = (int)data[i] % (nf + 2) - 1; /* -1 and nf: out of range */
        int is_key = data[i] == 0xff;
        size_t len = data[i + 1], k;
        const char *name;
        i += 2;
        if (len > size - i) len = size - i;
        if (len > sizeof g_value - 1) len = sizeof g_value - 1;
        for (k = 0; k < len && data[i + k]; k++) g_value[k] = (char)data[i + k];
        g_value[k] = 0;
        i += len;
        if (is_key) {
            set_key(&p);
            continue;
        }
        before = p;
        memset(&d, 0, sizeof d);
        e = cli_field_set(&g_store, &p, field, g_value, &d);
        if (field < 0 || field >= nf) {
            check(e == AIGW_E_ARG);
            continue;
        }
        name = cli_field_name(field);
        check(e < AIGW_E__COUNT);
        if (e != AIGW_OK) {
            check(memcmp(&before, &p, sizeof p) == 0);
            /* the command's own refusals name the field (it prints the flag with
             * every error; a syntax error's path is where the JSON broke) */
            if (e == AIGW_E_INVALID || e == AIGW_E_BUFFER) check(strncmp(d.path, name, strlen(name)) == 0);
            continue;
        }
        {
            /* exactly one member changed (or the same value was set again) */
            aigw_params_t probe = before;
            aigw_field_info_t fi;
            check(aigw_params_field_at((size_t)field, &fi) == AIGW_OK);
            memcpy((char *)&probe + fi.offset, (char *)&p + fi.offset, fi.size);
            check(memcmp(&probe, &p, sizeof p) == 0);
        }
        if (is_string_field(name) && g_value[0] != '"' && strcmp(g_value, "null") != 0) {
            const aigw_text_t *t = !strcmp(name, "store_id") ? &p.store_id : &p.logpush_public_key;
            check(t->state == AIGW_SET && t->value.len == k && memcmp(t->value.ptr, g_value, k) == 0);
        }
    }
    encode_and_check(&p);
    return 0;
}
