/* SPDX-License-Identifier: MIT
 *
 * pass_int.h: one read of each large layer for a whole run (pass.c).
 */
#ifndef ZG_PASS_INT_H
#define ZG_PASS_INT_H

#include "overlay.h"

/* New pass (NULL when out of memory); free with zg_pass_free, after
 * zg_pass_detach. */
zg_pass *zg_pass_new(zg_ctx *ctx);
void zg_pass_free(zg_pass *p);

/* Planning: from here until zg_pass_run, every read the analyses ask of
 * zg_stream_overlay is noted (its options and zones, copied) and
 * answered with an empty layer, reading nothing; their messages and
 * progress are held back. The plan is what the analyses ask, not a list
 * kept beside them. */
void zg_pass_plan(zg_pass *p);
/* The plan is made: messages and progress go out again. */
void zg_pass_plan_done(zg_pass *p);
/* Is ctx planning (its reads answered empty)? Work that only follows
 * from what a read finds can be left out then. */
bool zg_stream_planning(const zg_ctx *ctx);
/* Read each planned layer once, for every reader of it, then answer the
 * analyses' reads from those reads, in any order, each once. After each
 * read, mark(ud, "pass ROLE") when mark is set (the run's step times). */
zg_status zg_pass_run(zg_pass *p, void (*mark)(void *ud, const char *step),
                      void *ud);
/* Stop answering: ctx's reads are its own again. */
void zg_pass_detach(zg_pass *p);

/* For zg_stream_overlay: *answered when the pass answers read `o`. */
zg_status zg_pass_answer(zg_pass *p, const zg_stream_opts *o,
                         zg_stream_result *r, bool *answered);
/* A read the pass did not plan was made of `in`: said (ZG_MSG_INFO
 * "pass: ...") when the run times its steps. */
void zg_pass_note_read(zg_pass *p, const zg_input_opts *in, size_t readers,
                       zg_status st);

#endif
