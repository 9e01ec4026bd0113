/*
 * The one translation unit that compiles jsmn (Debian's libjsmn-dev, a
 * header-only library). Everyone else includes <jsmn.h> through
 * aigw/aigw_decode.h, which defines JSMN_HEADER (declarations only).
 *
 * JSMN_STRICT: primitives must start like true/false/null/a number and may
 * not be keys, objects may not be keys, and anything outside JSON's
 * alphabet stops the tokenizer early. aigw checks the full RFC 8259 grammar
 * afterwards anyway (core/json_check.c), strict mode only makes jsmn refuse
 * more garbage sooner and keeps unquoted words ("Bad Gateway") out of the
 * token array.
 *
 * JSMN_PARENT_LINKS: each token knows its parent. It changes
 * sizeof(jsmntok_t), so aigw_decode.h defines it for every includer. The
 * checker and the error-path renderer walk up the tree through these links
 * with O(1) extra memory (no stack of open containers on a small MCU), and
 * jsmn closes a bracket by following parents instead of scanning back over
 * every token (quadratic on hostile input without them).
 *
 * jsmn.h mixes int and unsigned int positions, which -Wsign-conversion
 * (part of -Wconversion in C) reports 17 times. On the host it sits in
 * /usr/include and the compiler keeps quiet about system headers; a cross
 * build that reaches it through -I does not, so the diagnostic is switched
 * off here, around jsmn only. The conversions are harmless for us: aigw
 * refuses texts longer than INT_MAX before calling jsmn.
 */
#define JSMN_STRICT
#define JSMN_PARENT_LINKS

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wconversion"
#endif

#include <jsmn.h>

#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/* aigw_decode.h must agree with the layout compiled here (see its comment). */
#include "aigw/aigw_decode.h"

typedef char aigw_jsmn_tok_has_parent[(sizeof(jsmntok_t) == 5 * sizeof(int)) ? 1 : -1];
