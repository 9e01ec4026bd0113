/* SPDX-License-Identifier: MIT */
/*
 * The one translation unit that compiles jsmn (Debian's libjsmn-dev, a
 * header-only library), and the only one that includes <jsmn.h>.
 *
 * JSMN_STATIC: jsmn_init/jsmn_parse are static here, so libaigw.a exports
 * no jsmn symbol. An application that links its own jsmn (built the
 * default way, without parent links, as ESP-IDF and many firmware trees
 * do) neither replaces aigw's nor clashes with it; the public headers speak
 * of aigw_tok_t only.
 *
 * Its functions are renamed too (aigw_tok_*), so that not even a local
 * symbol of the archive, nor a debugger's backtrace, suggests that
 * libaigw.a holds a jsmn an application could link against.
 *
 * JSMN_STRICT: primitives must start like true/false/null/a number and may
 * not be keys, objects may not be keys, and anything outside JSON's
 * alphabet stops the tokenizer early. aigw checks the full RFC 8259 grammar
 * afterwards anyway (core/json_check.c), strict mode only makes jsmn refuse
 * more garbage sooner and keeps unquoted words ("Bad Gateway") out of the
 * token array.
 *
 * JSMN_PARENT_LINKS: each token knows its parent. The checker and the
 * error-path renderer walk up the tree through these links with O(1) extra
 * memory (no stack of open containers on a small MCU), and jsmn closes a
 * bracket by following parents instead of scanning back over every token
 * (quadratic on hostile input without them).
 *
 * jsmn.h mixes int and unsigned int positions, which -Wsign-conversion
 * (part of -Wconversion in C) reports 17 times. On the host it sits in
 * /usr/include and the compiler keeps quiet about system headers; a cross
 * build that reaches it through -I does not, so the diagnostic is switched
 * off here, around jsmn only. The conversions are harmless for us: aigw
 * refuses texts longer than INT_MAX before calling jsmn.
 */
#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#define jsmn_init aigw_tok_init
#define jsmn_parse aigw_tok_parse
#define jsmn_alloc_token aigw_tok_alloc
#define jsmn_fill_token aigw_tok_fill
#define jsmn_parse_primitive aigw_tok_primitive
#define jsmn_parse_string aigw_tok_string

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wconversion"
#endif

#include <jsmn.h>

#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include <stddef.h>

#include "decode_internal.h"

/*
 * jsmn writes the caller's aigw_tok_t array through its own jsmntok_t:
 * the two layouts must be the same, member by member.
 */
#define AIGW_SAME(what) typedef char aigw_jsmn_same_##what
AIGW_SAME(size)[(sizeof(jsmntok_t) == sizeof(aigw_tok_t)) ? 1 : -1];
AIGW_SAME(type)[(offsetof(jsmntok_t, type) == offsetof(aigw_tok_t, type) &&
                 sizeof(jsmntype_t) == sizeof(aigw_tok_type_t)) ? 1 : -1];
AIGW_SAME(start)[(offsetof(jsmntok_t, start) == offsetof(aigw_tok_t, start)) ? 1 : -1];
AIGW_SAME(end)[(offsetof(jsmntok_t, end) == offsetof(aigw_tok_t, end)) ? 1 : -1];
AIGW_SAME(size_member)[(offsetof(jsmntok_t, size) == offsetof(aigw_tok_t, size)) ? 1 : -1];
AIGW_SAME(parent)[(offsetof(jsmntok_t, parent) == offsetof(aigw_tok_t, parent)) ? 1 : -1];
AIGW_SAME(kinds)[(JSMN_UNDEFINED == (int)AIGW_TOK_UNDEFINED && JSMN_OBJECT == (int)AIGW_TOK_OBJECT &&
                  JSMN_ARRAY == (int)AIGW_TOK_ARRAY && JSMN_STRING == (int)AIGW_TOK_STRING &&
                  JSMN_PRIMITIVE == (int)AIGW_TOK_PRIMITIVE) ? 1 : -1];
AIGW_SAME(errors)[(JSMN_ERROR_NOMEM == AIGW_TOKENIZE_NOMEM && JSMN_ERROR_INVAL == AIGW_TOKENIZE_INVAL &&
                   JSMN_ERROR_PART == AIGW_TOKENIZE_PART) ? 1 : -1];

int aigw_tokenize(const char *text, size_t len, aigw_tok_t *tok, unsigned int cap,
                       aigw_tokenize_stop_t *stop)
{
    jsmn_parser P;
    int r;
    jsmn_init(&P);
    r = jsmn_parse(&P, text, len, (jsmntok_t *)(void *)tok, cap);
    stop->pos = P.pos;
    stop->toknext = P.toknext;
    stop->toksuper = P.toksuper;
    return r;
}
