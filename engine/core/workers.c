/* SPDX-License-Identifier: MIT
 *
 * workers.c: independent items (one cluster each, say) on a few threads,
 * each thread with its own context, so that GEOS and PROJ are never
 * shared. Items are handed out in order from a counter: a big cluster
 * does not hold back a thread's share of small ones. Each item's result
 * must depend on the item alone, so the output is the same bytes
 * whatever the threads.
 */
#include "core.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

typedef struct worker_thread {
    zg_worker w;
    struct zg_workers *all;
    zg_status st;
    size_t failed; /* the item that failed, when st */
    pthread_t thread;
} worker_thread;

struct zg_workers {
    zg_ctx *ctx;
    worker_thread *wt;
    size_t nt;
    /* the current zg_workers_for */
    zg_status (*job)(zg_worker *w, size_t item, void *ud);
    void *ud;
    size_t nitems;
    atomic_size_t next;
    atomic_bool stop;
};

zg_status zg_workers_new(zg_ctx *ctx, int threads, size_t nitems,
                         zg_workers **out)
{
    *out = NULL;
    size_t nt = threads > 0 ? (size_t)threads : 1;
    if (nt > nitems)
        nt = nitems ? nitems : 1;
    zg_workers *ws = zg_calloc(ctx, 1, sizeof *ws);
    if (!ws || !(ws->wt = zg_calloc(ctx, nt, sizeof *ws->wt))) {
        zg_free(ctx, ws);
        return zg_nomem(ctx, "threads");
    }
    ws->ctx = ctx;
    ws->nt = nt;
    zg_ctx_config cfg = {&ctx->alloc};
    for (size_t t = 0; t < nt; t++) {
        ws->wt[t].w.t = t;
        ws->wt[t].all = ws;
        if (zg_ctx_new(&cfg, &ws->wt[t].w.ctx)) {
            ws->wt[t].w.ctx = NULL;
            zg_workers_free(ws);
            return zg_nomem(ctx, "thread context");
        }
    }
    *out = ws;
    return ZG_OK;
}

size_t zg_workers_count(const zg_workers *ws) { return ws->nt; }

zg_worker *zg_workers_get(zg_workers *ws, size_t t) { return &ws->wt[t].w; }

void zg_workers_free(zg_workers *ws)
{
    if (!ws)
        return;
    for (size_t t = 0; t < ws->nt; t++)
        zg_ctx_free(ws->wt[t].w.ctx);
    zg_free(ws->ctx, ws->wt);
    zg_free(ws->ctx, ws);
}

static void *worker_main(void *arg)
{
    worker_thread *wt = arg;
    zg_workers *ws = wt->all;
    while (!atomic_load(&ws->stop)) {
        size_t i = atomic_fetch_add(&ws->next, 1);
        if (i >= ws->nitems)
            break;
        if ((wt->st = ws->job(&wt->w, i, ws->ud))) {
            wt->failed = i;
            /* Items before i are taken already and finish: the least
             * failed item is still the first failure in item order. */
            atomic_store(&ws->stop, true);
        }
    }
    return NULL;
}

zg_status zg_workers_for(zg_ctx *ctx, zg_workers *ws, size_t nitems,
                         zg_status (*job)(zg_worker *w, size_t item,
                                          void *ud),
                         void *ud)
{
    ws->job = job;
    ws->ud = ud;
    ws->nitems = nitems;
    atomic_store(&ws->next, 0);
    atomic_store(&ws->stop, false);
    for (size_t t = 0; t < ws->nt; t++)
        ws->wt[t].st = ZG_OK;
    zg_status st = ZG_OK;
    size_t started = 0;
    if (ws->nt == 1) {
        worker_main(&ws->wt[0]);
    } else {
        for (; started < ws->nt; started++)
            if (pthread_create(&ws->wt[started].thread, NULL, worker_main,
                               &ws->wt[started])) {
                atomic_store(&ws->stop, true);
                st = zg_fail(ctx, ZG_ERR_INTERNAL, "cannot start a thread");
                break;
            }
        for (size_t t = 0; t < started; t++)
            pthread_join(ws->wt[t].thread, NULL);
    }
    const worker_thread *first = NULL;
    for (size_t t = 0; !st && t < ws->nt; t++)
        if (ws->wt[t].st && (!first || ws->wt[t].failed < first->failed))
            first = &ws->wt[t];
    if (first)
        st = zg_fail(ctx, first->st, "%s", zg_ctx_errmsg(first->w.ctx));
    return st;
}

void zg_held_msg_fn(zg_msg_level level, const char *msg, void *ud)
{
    zg_held_msgs *hm = ud;
    /* Called on the other thread: nothing here may touch the owner's
     * error state (zg_grow would, through zg_nomem). */
    char *t = zg_strdup(hm->owner, msg);
    if (t && hm->n == hm->cap) {
        size_t ncap = hm->cap ? 2 * hm->cap : 8;
        void *m = zg_realloc(hm->owner, hm->m, ncap * sizeof *hm->m);
        if (m) {
            hm->m = m;
            hm->cap = ncap;
        }
    }
    if (!t || hm->n == hm->cap) {
        zg_free(hm->owner, t);
        hm->nomem = true;
        return;
    }
    hm->m[hm->n].level = level;
    hm->m[hm->n++].text = t;
}

zg_status zg_held_msgs_say(zg_ctx *ctx, zg_held_msgs *hm)
{
    for (size_t k = 0; k < hm->n; k++) {
        zg_msg(ctx, hm->m[k].level, "%s", hm->m[k].text);
        zg_free(hm->owner, hm->m[k].text);
    }
    zg_free(hm->owner, hm->m);
    bool nomem = hm->nomem;
    memset(hm, 0, sizeof *hm);
    return nomem ? zg_nomem(ctx, "messages") : ZG_OK;
}
