/* SPDX-License-Identifier: MIT
 *
 * ctx.c: the zoneguard context, its allocator hooks and the one error
 * funnel through which GEOS, PROJ and GDAL messages reach the caller.
 *
 * Why one funnel: a planner's error message must say what GDAL, GEOS or
 * PROJ said, next to the file, layer and feature. Each library reports in
 * its own way (a per-context handler for GEOS, a log function for PROJ, a
 * thread-local handler stack for GDAL); here they all land in the context,
 * from where zg_fail() can quote them.
 */
#include "core.h"

#include <cpl_error.h>
#include <gdal.h>
#include <pthread.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- allocator --------------------------------------------------------- */

static void *libc_malloc(size_t n, void *ud)
{
    (void)ud;
    return malloc(n);
}

static void *libc_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    return realloc(p, n);
}

static void libc_free(void *p, void *ud)
{
    (void)ud;
    free(p);
}

void *zg_malloc(zg_ctx *ctx, size_t n)
{
    return ctx->alloc.malloc_fn(n ? n : 1, ctx->alloc.ud);
}

void *zg_calloc(zg_ctx *ctx, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = zg_malloc(ctx, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *zg_realloc(zg_ctx *ctx, void *p, size_t n)
{
    return ctx->alloc.realloc_fn(p, n ? n : 1, ctx->alloc.ud);
}

void zg_free(zg_ctx *ctx, void *p)
{
    if (p)
        ctx->alloc.free_fn(p, ctx->alloc.ud);
}

char *zg_strdup(zg_ctx *ctx, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = zg_malloc(ctx, n);
    if (d)
        memcpy(d, s, n);
    return d;
}

zg_status zg_opt_string(zg_ctx *ctx, char **slot, const char *value)
{
    char *c = zg_strdup(ctx, value);
    if (value && !c)
        return zg_nomem(ctx, "option");
    zg_free(ctx, *slot);
    *slot = c;
    return ZG_OK;
}

char *zg_asprintf(zg_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = zg_malloc(ctx, (size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

zg_status zg_grow(zg_ctx *ctx, void **arr, size_t *cap, size_t need,
                  size_t size)
{
    if (need <= *cap)
        return ZG_OK;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / size)
            return zg_nomem(ctx, "growing an array");
        ncap *= 2;
    }
    void *p = zg_realloc(ctx, *arr, ncap * size);
    if (!p)
        return zg_nomem(ctx, "growing an array");
    *arr = p;
    *cap = ncap;
    return ZG_OK;
}

/* ---- messages from the libraries -------------------------------------- */

static void copy_msg(char *dst, const char *src)
{
    size_t n = strlen(src);
    if (n >= ZG_LIBMSG_MAX)
        n = ZG_LIBMSG_MAX - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
    /* Libraries end some messages with a newline; ours add their own. */
    while (n > 0 && (dst[n - 1] == '\n' || dst[n - 1] == '\r'))
        dst[--n] = '\0';
}

static void geos_error_handler(const char *msg, void *ud)
{
    zg_ctx *ctx = ud;
    copy_msg(ctx->geos_msg, msg);
}

static void geos_notice_handler(const char *msg, void *ud)
{
    zg_msg((zg_ctx *)ud, ZG_MSG_DEBUG, "GEOS: %s", msg);
}

static void proj_log_handler(void *ud, int level, const char *msg)
{
    zg_ctx *ctx = ud;
    if (level == PJ_LOG_ERROR)
        copy_msg(ctx->proj_msg, msg);
    else
        zg_msg(ctx, ZG_MSG_DEBUG, "PROJ: %s", msg);
}

static void CPL_STDCALL gdal_error_handler(CPLErr cls, CPLErrorNum num,
                                           const char *msg)
{
    zg_ctx *ctx = CPLGetErrorHandlerUserData();
    (void)num;
    if (!ctx)
        return;
    if (cls == CE_Failure || cls == CE_Fatal)
        copy_msg(ctx->gdal_msg, msg);
    else if (cls == CE_Warning)
        zg_msg(ctx, ZG_MSG_WARNING, "GDAL: %s", msg);
}

void zg_gdal_begin(zg_ctx *ctx)
{
    /* GDAL's handler stack is per thread, and a context is used by one
     * thread at a time, so pushing here is safe. */
    if (ctx->gdal_depth++ == 0)
        CPLPushErrorHandlerEx(gdal_error_handler, ctx);
}

void zg_gdal_end(zg_ctx *ctx)
{
    if (ZG_ALWAYS(ctx->gdal_depth > 0) && --ctx->gdal_depth == 0)
        CPLPopErrorHandler();
}

const char *zg_gdal_lastmsg(const zg_ctx *ctx) { return ctx->gdal_msg; }
const char *zg_geos_lastmsg(const zg_ctx *ctx) { return ctx->geos_msg; }
const char *zg_proj_lastmsg(const zg_ctx *ctx) { return ctx->proj_msg; }

void zg_libmsg_clear(zg_ctx *ctx)
{
    ctx->gdal_msg[0] = ctx->geos_msg[0] = ctx->proj_msg[0] = '\0';
}

/* ---- failures and messages --------------------------------------------- */

zg_status zg_fail(zg_ctx *ctx, zg_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->errmsg, sizeof ctx->errmsg, fmt, ap);
    va_end(ap);
    return st;
}

zg_status zg_nomem(zg_ctx *ctx, const char *where)
{
    /* No allocation here: this must work when memory is exhausted. */
    return zg_fail(ctx, ZG_ERR_NOMEM, "out of memory (%s)", where);
}

void zg_msg(zg_ctx *ctx, zg_msg_level level, const char *fmt, ...)
{
    if (!ctx->msg_fn)
        return;
    char buf[ZG_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ctx->msg_fn(level, buf, ctx->msg_ud);
}

zg_status zg_progress(zg_ctx *ctx, double lo, double hi, double frac,
                      const char *stage)
{
    if (!ctx->progress_fn)
        return ZG_OK;
    if (frac < 0 || isnan(frac))
        frac = 0;
    if (frac > 1)
        frac = 1;
    if (!ctx->progress_fn(lo + (hi - lo) * frac, stage, ctx->progress_ud))
        return zg_fail(ctx, ZG_ERR_CANCELLED, "cancelled during %s", stage);
    return ZG_OK;
}

/* ---- the context ------------------------------------------------------- */

/* A host that never registered GDAL's drivers (a Python program through
 * ctypes, a test) would see every input as "not recognised": the first
 * context registers them. A host that registered its own set (QGIS, a
 * program that deregistered some) keeps it: registration is only done
 * when no driver is there at all. */
static pthread_once_t gdal_once = PTHREAD_ONCE_INIT;
static void register_gdal_if_none(void)
{
    if (GDALGetDriverCount() == 0)
        GDALAllRegister();
}

zg_status zg_ctx_new(const zg_ctx_config *cfg, zg_ctx **out)
{
    pthread_once(&gdal_once, register_gdal_if_none);
    zg_allocator a = {libc_malloc, libc_realloc, libc_free, NULL};
    *out = NULL;
    if (cfg && cfg->allocator) {
        if (!cfg->allocator->malloc_fn || !cfg->allocator->realloc_fn ||
            !cfg->allocator->free_fn)
            return ZG_ERR_USAGE;
        a = *cfg->allocator;
    }
    zg_ctx *ctx = a.malloc_fn(sizeof *ctx, a.ud);
    if (!ctx)
        return ZG_ERR_NOMEM;
    memset(ctx, 0, sizeof *ctx);
    ctx->alloc = a;

    ctx->geos = GEOS_init_r();
    ctx->pj = proj_context_create();
    if (!ctx->geos || !ctx->pj) {
        zg_ctx_free(ctx);
        return ZG_ERR_INTERNAL;
    }
    GEOSContext_setErrorMessageHandler_r(ctx->geos, geos_error_handler, ctx);
    GEOSContext_setNoticeMessageHandler_r(ctx->geos, geos_notice_handler,
                                          ctx);
    proj_log_func(ctx->pj, ctx, proj_log_handler);
    /* Results must not depend on what a network grid server holds. */
    proj_context_set_enable_network(ctx->pj, 0);
    geod_init(&ctx->wgs84, 6378137.0, 1.0 / 298.257223563);
    *out = ctx;
    return ZG_OK;
}

void zg_ctx_free(zg_ctx *ctx)
{
    if (!ctx)
        return;
    if (ctx->geos)
        GEOS_finish_r(ctx->geos);
    for (int i = 0; i < ctx->nxform_memo; i++) {
        proj_destroy(ctx->xform_memo[i].src);
        proj_destroy(ctx->xform_memo[i].dst);
        proj_destroy(ctx->xform_memo[i].op);
    }
    if (ctx->pj)
        proj_context_destroy(ctx->pj);
    zg_allocator a = ctx->alloc;
    a.free_fn(ctx, a.ud);
}

const char *zg_ctx_errmsg(const zg_ctx *ctx)
{
    return ctx ? ctx->errmsg : "no context";
}

zg_msg_fn zg_ctx_set_msg_handler(zg_ctx *ctx, zg_msg_fn fn, void *ud)
{
    zg_msg_fn prev = ctx->msg_fn;
    ctx->msg_fn = fn;
    ctx->msg_ud = ud;
    return prev;
}

zg_progress_fn zg_ctx_set_progress(zg_ctx *ctx, zg_progress_fn fn, void *ud)
{
    zg_progress_fn prev = ctx->progress_fn;
    ctx->progress_fn = fn;
    ctx->progress_ud = ud;
    return prev;
}

/* ---- QA log ------------------------------------------------------------ */

zg_status zg_qa_add(zg_ctx *ctx, zg_qa_log *log, const char *layer,
                    const char *feature_id, const char *problem,
                    const char *action, double area_before_m2,
                    double area_after_m2)
{
    zg_status st = zg_grow(ctx, (void **)&log->rows, &log->cap, log->n + 1,
                           sizeof *log->rows);
    if (st)
        return st;
    zg_qa_row *r = &log->rows[log->n];
    r->layer = zg_strdup(ctx, layer ? layer : "");
    r->feature_id = zg_strdup(ctx, feature_id ? feature_id : "");
    r->problem = zg_strdup(ctx, problem ? problem : "");
    r->action = zg_strdup(ctx, action ? action : "");
    r->area_before_m2 = area_before_m2;
    r->area_after_m2 = area_after_m2;
    r->order = 0;
    if (!r->layer || !r->feature_id || !r->problem || !r->action) {
        zg_free(ctx, r->layer);
        zg_free(ctx, r->feature_id);
        zg_free(ctx, r->problem);
        zg_free(ctx, r->action);
        return zg_nomem(ctx, "qa_log row");
    }
    log->n++;
    return ZG_OK;
}

void zg_qa_clear(zg_ctx *ctx, zg_qa_log *log)
{
    for (size_t i = 0; i < log->n; i++) {
        zg_free(ctx, log->rows[i].layer);
        zg_free(ctx, log->rows[i].feature_id);
        zg_free(ctx, log->rows[i].problem);
        zg_free(ctx, log->rows[i].action);
    }
    zg_free(ctx, log->rows);
    log->rows = NULL;
    log->n = log->cap = 0;
}
