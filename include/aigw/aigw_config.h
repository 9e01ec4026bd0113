/* SPDX-License-Identifier: MIT */
/**
 * @file
 * aigw compile-time configuration.
 *
 * A board overrides any of these by defining AIGW_CONFIG_FILE (for example
 * -DAIGW_CONFIG_FILE='"aigw_board_config.h"') and defining the macros there,
 * the way lwIP's lwipopts.h and mbedTLS's config file work. Every default
 * below is guarded by `#ifndef` so the board's value wins.
 */
#ifndef AIGW_CONFIG_H
#define AIGW_CONFIG_H

#ifdef AIGW_CONFIG_FILE
#include AIGW_CONFIG_FILE
#endif

#include "aigw_version.h"

/** Library version, sent as "User-Agent: aigw/<version>" (see aigw_version.h). */
#define AIGW_VERSION AIGW_VERSION_STRING

/*
 * Validation maxima for caller-owned arrays. The schema itself sets no limit
 * except otel (maxItems 5); these bound the work the validator and decoder do
 * on a device and are documented limits, not hidden ones.
 */
/** Most otel[] entries (validator and decoder). The schema's own maxItems is 5. */
#ifndef AIGW_MAX_OTEL
#define AIGW_MAX_OTEL 5 /* schema: maxItems 5 */
#endif
/** Most headers in one otel[].headers map. */
#ifndef AIGW_MAX_OTEL_HEADERS
#define AIGW_MAX_OTEL_HEADERS 32
#endif
/** Most profile ids in dlp.profiles[] and in each dlp.policies[].profiles[]. */
#ifndef AIGW_MAX_DLP_PROFILES
#define AIGW_MAX_DLP_PROFILES 64
#endif
/** Most entries in dlp.policies[]. */
#ifndef AIGW_MAX_DLP_POLICIES
#define AIGW_MAX_DLP_POLICIES 32
#endif
/** Most entries in one dlp.policies[].check[] (the schema knows two values, REQUEST and RESPONSE). */
#ifndef AIGW_MAX_DLP_CHECKS
#define AIGW_MAX_DLP_CHECKS 8
#endif
/** Most entries in stripe.usage_events[]. */
#ifndef AIGW_MAX_USAGE_EVENTS
#define AIGW_MAX_USAGE_EVENTS 64
#endif
/** Most entries in spend_limits.rules[] (schema 20260701 on; the schema's own maxItems is 20). */
#ifndef AIGW_MAX_SPEND_RULES
#define AIGW_MAX_SPEND_RULES 20
#endif
/** Most items of any other list the schema leaves unbounded
 *  (spend_limits.rules[].model.values[], provider.values[], and a list a
 *  newer schema adds before it is given a limit of its own). */
#ifndef AIGW_MAX_LIST_ITEMS
#define AIGW_MAX_LIST_ITEMS 64
#endif
/** Unknown members of a decoded gateway kept for lossless read-modify-write. */
#ifndef AIGW_MAX_EXTRA_MEMBERS
#define AIGW_MAX_EXTRA_MEMBERS 32
#endif

/** Items of the response envelope's messages[] kept in an aigw_result_t; the
 *  rest are counted (message_total, messages_more), never dropped silently. */
#ifndef AIGW_MAX_API_MESSAGES
#define AIGW_MAX_API_MESSAGES 4
#endif

/**
 * 1: the HTTP CONNECT proxy step (core/proxy_connect.c, aigw/aigw_proxy.h)
 * is built. 0 compiles it out (its flash is recorded by make bench as
 * footprint.core.proxy_flash).
 */
#ifndef AIGW_ENABLE_PROXY
#define AIGW_ENABLE_PROXY 1
#endif

/** Capacity of the field path kept in aigw_diag_t ("dlp.policies[0].check[1]"). */
#ifndef AIGW_DIAG_PATH_MAX
#define AIGW_DIAG_PATH_MAX 64
#endif

/**
 * The schema version the validator enforces: 20260817 (default), the newest
 * fragment in tools/upstream/api, because that is what the live API holds
 * and accepts; 20260701, or 0 for the fragment of the published API page
 * (tools/upstream/api/ai-gateway.openapi.json). The model, the decoder and
 * the encoder know every version's members and enum values (guardrails,
 * spend_limits, log_classification, "unified"); the validator refuses a
 * member or value newer than this version, and applies that version's
 * presence rules (otel[].authorization is required only in schema 0), with
 * a rule naming the version. Select another with -DAIGW_SCHEMA_VERSION=0
 * (or in AIGW_CONFIG_FILE). docs/SCHEMA.md.
 */
#ifndef AIGW_SCHEMA_VERSION
#define AIGW_SCHEMA_VERSION 20260817
#endif

/**
 * AIGW_RELAXED_RANGES=1 turns the numeric range checks whose bounds the live
 * API has widened over time (retry_delay, retry_max_attempts, log_management,
 * logpush_public_key length) into "non-negative" checks, and lets enum values
 * the library does not know (decoded from a newer API) be sent back as they
 * came. Field devices live for years; the server stays the final judge.
 * Required fields, types, UTF-8 and the gateway id are always checked.
 */
#ifndef AIGW_RELAXED_RANGES
#define AIGW_RELAXED_RANGES 0
#endif

/** Set to 0 to compile every log call out of the client. */
#ifndef AIGW_LOG_ENABLED
#define AIGW_LOG_ENABLED 1
#endif

/**
 * 1: aigw_strerror() returns a sentence per error ("server chain does not
 * lead to a trusted CA"). 0: only the code's name without the AIGW_E_
 * prefix ("TLS_UNTRUSTED"; "ok" for AIGW_OK), which saves about 1.2 KB of
 * flash on a Cortex-M3. Return codes and aigw_diag_t are the same either way.
 */
#ifndef AIGW_ERROR_TEXT
#define AIGW_ERROR_TEXT 1
#endif

/*
 * The public functions. libaigw.a is built with -fvisibility=hidden and a
 * partial link that localizes every hidden symbol (Makefile, $(LIB)), so
 * only what the public headers declare between these two markers stays a
 * global symbol: the core's internal helpers (and its private jsmn) cannot
 * clash with, or be replaced by, an application's own symbols.
 */
/** @cond AIGW_INTERNAL */
#if defined(__GNUC__)
#define AIGW_API_BEGIN _Pragma("GCC visibility push(default)")
#define AIGW_API_END _Pragma("GCC visibility pop")
#else
#define AIGW_API_BEGIN
#define AIGW_API_END
#endif
/** @endcond */

#endif /* AIGW_CONFIG_H */
