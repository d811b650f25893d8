/* SPDX-License-Identifier: MIT
 *
 * hash_thread.c: hash a layer's files on a thread of their own.
 *
 * The provenance record wants the SHA-256 of every input file; for a
 * parcel layer of 450 MB that is 0.3 s of reading and hashing, which the
 * land-use stream would otherwise spend before its first parcel, with one
 * core idle. Here it runs beside the stream. The thread has its own
 * context (errors, GDAL's handler stack) and touches only the sha256
 * fields of the layer's files, which nobody reads before zg_hash_finish.
 */
#include "io_int.h"

#include <string.h>

static void *hash_main(void *arg)
{
    zg_hash_job *job = arg;
    zg_gdal_begin(job->ctx);
    job->st = zg_layer_hash_files(job->ctx, job->layer);
    zg_gdal_end(job->ctx);
    return NULL;
}

zg_status zg_hash_start(zg_ctx *ctx, zg_layer *layer, zg_hash_job *job)
{
    memset(job, 0, sizeof *job);
    job->layer = layer;
    zg_ctx_config cfg = {&ctx->alloc};
    if (zg_ctx_new(&cfg, &job->ctx) == ZG_OK &&
        pthread_create(&job->thread, NULL, hash_main, job) == 0) {
        job->started = true;
        return ZG_OK;
    }
    /* No thread (or no context): hash here and now, as before. */
    if (job->ctx)
        zg_ctx_free(job->ctx);
    job->ctx = NULL;
    job->done = true;
    return zg_layer_hash_files(ctx, layer);
}

zg_status zg_hash_finish(zg_ctx *ctx, zg_hash_job *job)
{
    if (job->done)
        return ZG_OK;
    job->done = true;
    if (!job->started)
        return ZG_OK;
    pthread_join(job->thread, NULL);
    zg_status st = job->st;
    if (st)
        st = zg_fail(ctx, st, "%s", zg_ctx_errmsg(job->ctx));
    zg_ctx_free(job->ctx);
    job->ctx = NULL;
    return st;
}
