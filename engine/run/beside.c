/* SPDX-License-Identifier: MIT
 *
 * beside.c: one job of a run on a thread of its own while the run goes
 * on (the CSV files beside the map and report), on a context of its own
 * whose messages are held and said when the job is joined: what the run
 * says and which failure it tells do not depend on the threads.
 */
#include "run_int.h"

#include <string.h>

static void *beside_main(void *arg)
{
    zg_beside *b = arg;
    b->st = b->fn(b->ctx, b->ud);
    return NULL;
}

zg_status zg_beside_start(zg_beside *b, zg_ctx *owner,
                          zg_status (*fn)(zg_ctx *ctx, void *ud), void *ud)
{
    zg_ctx_config cfg = {&owner->alloc};
    memset(b, 0, sizeof *b);
    b->owner = owner;
    b->fn = fn;
    b->ud = ud;
    b->msgs.owner = owner;
    if (zg_ctx_new(&cfg, &b->ctx) == ZG_OK) {
        zg_ctx_set_msg_handler(b->ctx, zg_held_msg_fn, &b->msgs);
        if (pthread_create(&b->thread, NULL, beside_main, b) == 0) {
            b->started = true;
            return ZG_OK;
        }
        zg_ctx_free(b->ctx);
        b->ctx = NULL;
    }
    /* No thread (or no context): the job is done here, now. */
    b->st = fn(owner, ud);
    return b->st;
}

zg_status zg_beside_join(zg_beside *b)
{
    if (!b->started)
        return b->st;
    pthread_join(b->thread, NULL);
    b->started = false;
    zg_status mst = zg_held_msgs_say(b->owner, &b->msgs);
    zg_status st = b->st;
    if (st)
        st = zg_fail(b->owner, st, "%s", zg_ctx_errmsg(b->ctx));
    else
        st = mst;
    zg_ctx_free(b->ctx);
    b->ctx = NULL;
    b->st = st;
    return st;
}
