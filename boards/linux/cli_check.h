/* SPDX-License-Identifier: MIT */
/*
 * What the command checks in a body before it is sent, beyond the library's
 * validator: the --relaxed judgement (the relaxed ranges for what the user
 * gave, the server's own values passed back untouched), and --body-json's
 * read-only and unknown members.
 */
#ifndef AIGW_CLI_CHECK_H
#define AIGW_CLI_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "aigw/aigw_decode.h"
#include "aigw/aigw_model.h"
#include "cli_fields.h"

/* Members kept in a --body-json body's extra list. */
#define CLI_EXTRA_MAX AIGW_MAX_EXTRA_MEMBERS

typedef struct cli_check {
    cli_store_t *store;        /* for setting a required field to null in the check's copy */
    uint32_t touched;          /* bit i: the user gave field i */
    int relaxed;               /* --relaxed */
    aigw_member_t extra[CLI_EXTRA_MAX]; /* --body-json: p->extra without read-only members */
} cli_check_t;

/* Validate p as the command sends it. Strict: the library's validator.
 * Relaxed: a range the API has widened is accepted for a field the user
 * gave, and a field the user did not give (the server's value, in set) is
 * not judged: it goes back as the server sent it. Returns AIGW_OK or the
 * error of the first refusal, with diag. */
aigw_err_t cli_check_params(cli_check_t *k, const aigw_params_t *p, aigw_diag_t *diag);

/* 1 when the field at path diag->path (an index into cli_field_name) was not
 * given by the user: the server's value. */
int cli_check_untouched(const cli_check_t *k, const char *path);

/* --body-json: drop read-only members (a note each unless quiet); warn about
 * unknown ones, or refuse them (strict: returns -1). */
int cli_check_body_members(cli_check_t *k, aigw_params_t *p, int strict, int quiet);

/* -1 after a message when an authorization in p is the "****" that 'get'
 * prints for a secret: sending it would replace the real one. */
int cli_check_masked(const aigw_params_t *p);

#endif
