/* SPDX-License-Identifier: MIT
 *
 * pass.c: each large layer read once for a whole run. Before anything is
 * read, the analyses are planned: they ask for their reads as they always
 * do (zg_stream_overlay) and the pass notes each one, answering an empty
 * layer. The reads of one layer (same input, code field and cut CRS) then
 * become one read whose zones are all of theirs, a zone asked for twice
 * (the clusters, for land use and for free land) cut once. Each analysis,
 * run for real, gets from zg_stream_overlay the view of that read that is
 * its own read's result (stream_view.c).
 *
 * A read the plan did not foresee (the far search for housing, which
 * depends on what the first reads found) is made as before, on its own.
 */
#include "pass_int.h"

#include <math.h>
#include <pthread.h>
#include <string.h>
#include <stdio.h>

typedef struct request {
    const zg_input_opts *input;
    bool classify;
    char *code_field;
    const zg_crs *cut_crs;
    int threads;
    bool keep_geometry, keep_tiny_pieces, count_near_dropped,
        quiet_when_empty;
    GEOSGeometry **zones; /* copies, until the read takes them */
    size_t nzones;
    uint32_t *family; /* per zone, as zg_stream_opts.zone_family; NULL */
    size_t read, group;
    bool planned; /* has a read and a group */
    bool served;
} request;

typedef struct read_job {
    const request *key; /* the first request of the read */
    GEOSGeometry **zones; /* owned */
    double (*ext)[4];
    size_t nzones, zcap, ecap;
    /* Per zone, its family among the read's (read_families), and how
     * many families were given out. */
    uint32_t *family;
    size_t fcap;
    uint32_t nfamilies;
    zg_stream_group groups[ZG_STREAM_MAX_GROUPS];
    size_t ngroups;
    int threads;
    zg_stream_raw raw;
    bool have_raw;
    size_t pending; /* requests not yet served */
    /* The read's own context (its layer record lives in it until the
     * raw read is cleared), the cut CRS cloned into it, its messages
     * held until every read is done, its progress (0..1) and outcome. */
    zg_ctx *rctx;
    zg_crs cut;
    zg_held_msgs msgs;
    double frac;
    zg_status st;
    bool done, stopped;
    struct lanes *lanes;
} read_job;

static void end_planning(zg_pass *p);

struct zg_pass {
    zg_ctx *ctx;
    bool planning, serving, timings;
    request *rq;
    size_t nrq, rqcap;
    read_job *rd;
    size_t nrd, rdcap;
    zg_msg_fn msg_fn;
    void *msg_ud;
    zg_progress_fn progress_fn;
    void *progress_ud;
};

/* Held messages never said (a read after the one that failed). */
static void held_drop(zg_held_msgs *hm)
{
    for (size_t i = 0; i < hm->n; i++)
        zg_free(hm->owner, hm->m[i].text);
    if (hm->owner)
        zg_free(hm->owner, hm->m);
    hm->m = NULL;
    hm->n = hm->cap = 0;
}

zg_pass *zg_pass_new(zg_ctx *ctx)
{
    zg_pass *p = zg_calloc(ctx, 1, sizeof *p);
    if (p)
        p->ctx = ctx;
    return p;
}

static void zones_free(zg_ctx *ctx, GEOSGeometry **z, size_t n)
{
    for (size_t i = 0; z && i < n; i++)
        if (z[i])
            GEOSGeom_destroy_r(ctx->geos, z[i]);
    zg_free(ctx, z);
}

void zg_pass_free(zg_pass *p)
{
    if (!p)
        return;
    zg_ctx *ctx = p->ctx;
    zg_pass_detach(p);
    for (size_t i = 0; i < p->nrq; i++) {
        zg_free(ctx, p->rq[i].code_field);
        zg_free(ctx, p->rq[i].family);
        zones_free(ctx, p->rq[i].zones, p->rq[i].nzones);
    }
    zg_free(ctx, p->rq);
    for (size_t j = 0; j < p->nrd; j++) {
        read_job *rj = &p->rd[j];
        if (rj->have_raw)
            zg_stream_raw_clear(ctx, &rj->raw);
        zones_free(ctx, rj->zones, rj->nzones);
        zg_free(ctx, rj->ext);
        zg_free(ctx, rj->family);
        for (size_t g = 0; g < rj->ngroups; g++)
            zg_free(ctx, rj->groups[g].zones);
        held_drop(&rj->msgs);
        proj_destroy(rj->cut.pj);
        zg_ctx_free(rj->rctx);
    }
    zg_free(ctx, p->rd);
    zg_free(ctx, p);
}

void zg_pass_plan(zg_pass *p)
{
    zg_ctx *ctx = p->ctx;
    p->planning = true;
    p->msg_fn = ctx->msg_fn;
    p->msg_ud = ctx->msg_ud;
    p->progress_fn = ctx->progress_fn;
    p->progress_ud = ctx->progress_ud;
    ctx->msg_fn = NULL;
    ctx->progress_fn = NULL;
    ctx->pass = p;
}

bool zg_stream_planning(const zg_ctx *ctx)
{
    return ctx->pass && ctx->pass->planning;
}

void zg_pass_plan_done(zg_pass *p)
{
    end_planning(p);
}

static void end_planning(zg_pass *p)
{
    if (!p->planning)
        return;
    p->ctx->msg_fn = p->msg_fn;
    p->ctx->msg_ud = p->msg_ud;
    p->ctx->progress_fn = p->progress_fn;
    p->ctx->progress_ud = p->progress_ud;
    p->planning = false;
}

void zg_pass_detach(zg_pass *p)
{
    if (!p)
        return;
    end_planning(p);
    p->serving = false;
    if (p->ctx->pass == p)
        p->ctx->pass = NULL;
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_crs(zg_ctx *ctx, const zg_crs *a, const zg_crs *b)
{
    return a == b || proj_is_equivalent_to_with_ctx(ctx->pj, a->pj, b->pj,
                                                    PJ_COMP_EQUIVALENT);
}

/* The planning answer: a layer with nothing in it. */
static zg_status record(zg_pass *p, const zg_stream_opts *o,
                        zg_stream_result *r)
{
    zg_ctx *ctx = p->ctx;
    zg_status st = zg_stream_source_new(ctx, o->input, &r->source);
    if (st)
        return st;
    if (o->dist_to) {
        /* The far search waits for what the reads find: not planned. */
        if (!(r->dmin = zg_calloc(ctx, o->nzones + 1, sizeof *r->dmin)))
            return zg_nomem(ctx, "distances");
        for (size_t z = 0; z < o->nzones; z++)
            r->dmin[z] = INFINITY;
        return ZG_OK;
    }
    st = zg_grow(ctx, (void **)&p->rq, &p->rqcap, p->nrq + 1, sizeof *p->rq);
    if (st)
        return st;
    request *q = &p->rq[p->nrq];
    memset(q, 0, sizeof *q);
    q->input = o->input;
    q->classify = o->classify;
    q->cut_crs = o->cut_crs;
    q->threads = o->threads;
    q->keep_geometry = o->keep_geometry;
    q->keep_tiny_pieces = o->keep_tiny_pieces;
    q->count_near_dropped = o->count_near_dropped;
    q->quiet_when_empty = o->quiet_when_empty;
    p->nrq++;
    if (o->code_field && !(q->code_field = zg_strdup(ctx, o->code_field)))
        return zg_nomem(ctx, "code field");
    if (!(q->zones = zg_calloc(ctx, o->nzones + 1, sizeof *q->zones)))
        return zg_nomem(ctx, "zones");
    if (o->zone_family) {
        if (!(q->family = zg_calloc(ctx, o->nzones + 1, sizeof *q->family)))
            return zg_nomem(ctx, "zone families");
        memcpy(q->family, o->zone_family, o->nzones * sizeof *q->family);
    }
    for (size_t z = 0; z < o->nzones; z++, q->nzones++)
        if (!(q->zones[z] = GEOSGeom_clone_r(ctx->geos, o->zones[z])))
            return zg_nomem(ctx, "zones");
    return ZG_OK;
}

static bool same_read(zg_ctx *ctx, const request *a, const request *b)
{
    return a->input == b->input && a->classify == b->classify &&
           same_text(a->code_field, b->code_field) &&
           same_crs(ctx, a->cut_crs, b->cut_crs);
}

static void extent_of(zg_ctx *ctx, const GEOSGeometry *g, double e[4])
{
    if (GEOSisEmpty_r(ctx->geos, g) == 1 ||
        !GEOSGeom_getExtent_r(ctx->geos, g, &e[0], &e[1], &e[2], &e[3]))
        e[0] = e[1] = e[2] = e[3] = NAN;
}

static bool same_extent(const double a[4], const double b[4])
{
    for (int i = 0; i < 4; i++)
        if (!(a[i] == b[i]) && !(isnan(a[i]) && isnan(b[i])))
            return false;
    return true;
}

/* The index of zone *g among the read's, taking it (it becomes the read's
 * or is freed) when it is new. */
static zg_status zone_index(zg_ctx *ctx, read_job *rj, GEOSGeometry **g,
                            uint32_t *idx)
{
    double e[4];
    extent_of(ctx, *g, e);
    for (size_t z = 0; z < rj->nzones; z++)
        if (same_extent(e, rj->ext[z]) &&
            GEOSEqualsExact_r(ctx->geos, *g, rj->zones[z], 0) == 1) {
            GEOSGeom_destroy_r(ctx->geos, *g);
            *g = NULL;
            *idx = (uint32_t)z;
            return ZG_OK;
        }
    zg_status st = zg_grow(ctx, (void **)&rj->zones, &rj->zcap,
                           rj->nzones + 1, sizeof *rj->zones);
    if (!st)
        st = zg_grow(ctx, (void **)&rj->ext, &rj->ecap, rj->nzones + 1,
                     sizeof *rj->ext);
    if (st)
        return st;
    memcpy(rj->ext[rj->nzones], e, sizeof e);
    rj->zones[rj->nzones] = *g;
    *g = NULL;
    *idx = (uint32_t)rj->nzones++;
    return ZG_OK;
}

#define FAMILY_UNSET (ZG_NO_FAMILY - 1)

/* The families of the read's zones (zg_stream_opts.zone_family) from
 * request q's, whose zones are the read's zi[]: each family of each
 * request is a family of its own; a zone that two requests place in
 * different families (or one in none) is in none: it is tested against
 * every feature near it, while the other zones of those families still
 * spare one another the tests. */
static zg_status read_families(zg_ctx *ctx, read_job *rj, const request *q,
                               const uint32_t *zi)
{
    size_t old = rj->fcap;
    zg_status st = zg_grow(ctx, (void **)&rj->family, &rj->fcap,
                           rj->nzones + 1, sizeof *rj->family);
    if (st)
        return st;
    for (size_t z = old; z < rj->fcap; z++)
        rj->family[z] = FAMILY_UNSET;
    uint32_t *ids = NULL;
    if (q->family) {
        if (!(ids = zg_calloc(ctx, q->nzones + 1, sizeof *ids)))
            return zg_nomem(ctx, "zone families");
        for (size_t z = 0; z < q->nzones; z++)
            ids[z] = FAMILY_UNSET;
    }
    for (size_t z = 0; z < q->nzones; z++) {
        uint32_t f = q->family ? q->family[z] : ZG_NO_FAMILY, want;
        if (f >= q->nzones) {
            want = ZG_NO_FAMILY;
        } else {
            if (ids[f] == FAMILY_UNSET)
                ids[f] = rj->nfamilies++;
            want = ids[f];
        }
        uint32_t *have = &rj->family[zi[z]];
        if (*have == FAMILY_UNSET)
            *have = want;
        else if (*have != want)
            *have = ZG_NO_FAMILY;
    }
    zg_free(ctx, ids);
    return ZG_OK;
}

/* Put request q into a read of its layer and a group of that read. */
static zg_status place(zg_pass *p, size_t i)
{
    zg_ctx *ctx = p->ctx;
    request *q = &p->rq[i];
    size_t j = 0;
    while (j < p->nrd && !(same_read(ctx, p->rd[j].key, q) &&
                           p->rd[j].ngroups < ZG_STREAM_MAX_GROUPS))
        j++;
    if (j == p->nrd) {
        zg_status st = zg_grow(ctx, (void **)&p->rd, &p->rdcap, p->nrd + 1,
                               sizeof *p->rd);
        if (st)
            return st;
        memset(&p->rd[j], 0, sizeof p->rd[j]);
        p->rd[j].key = q;
        p->nrd++;
    }
    read_job *rj = &p->rd[j];
    uint32_t *zi = zg_calloc(ctx, q->nzones + 1, sizeof *zi);
    if (!zi)
        return zg_nomem(ctx, "zones");
    zg_status st = ZG_OK;
    for (size_t z = 0; !st && z < q->nzones; z++)
        st = zone_index(ctx, rj, &q->zones[z], &zi[z]);
    if (!st)
        st = read_families(ctx, rj, q, zi);
    if (st) {
        zg_free(ctx, zi);
        return st;
    }
    size_t g = 0;
    while (g < rj->ngroups &&
           !(rj->groups[g].nzones == q->nzones &&
             memcmp(rj->groups[g].zones, zi, q->nzones * sizeof *zi) == 0))
        g++;
    if (g == rj->ngroups) {
        rj->groups[g] = (zg_stream_group){zi, q->nzones, false, false};
        rj->ngroups++;
    } else
        zg_free(ctx, zi);
    rj->groups[g].keep_geometry |= q->keep_geometry;
    rj->groups[g].keep_tiny_pieces |= q->keep_tiny_pieces;
    if (q->threads > rj->threads)
        rj->threads = q->threads;
    rj->pending++;
    q->read = j;
    q->group = g;
    q->planned = true;
    return ZG_OK;
}

/* The reads run side by side, two at a time (lanes): the reader of a
 * large layer is one thread that its workers often wait for (the land
 * use's read keeps about 1.5 of 2 cores busy on the large bench scene),
 * and the residential layers' reads fill the other core. Each read is
 * on a context of its own and gives the same pieces whatever runs beside
 * it; its messages are said in the plan's order once all are done, and
 * the failure told is the first in that order. */
typedef struct lanes {
    zg_pass *p;
    pthread_mutex_t mu;
    size_t next;   /* the next read to start */
    size_t marked; /* reads timed, in the plan's order */
    /* The first read in the plan's order that failed (nrd: none): those
     * after it stop at their next report, or do not start, as they would
     * not have been made one after another; those before it go on, so the
     * failure told is always the same. */
    size_t failed;
    void (*mark)(void *ud, const char *step);
    void *mark_ud;
} lanes;

/* A read's progress: the mean of every read's, passed on to the caller's
 * handler (which may cancel) one at a time. */
static int lane_progress(double frac, const char *stage, void *ud)
{
    read_job *rj = ud;
    lanes *ln = rj->lanes;
    zg_pass *p = ln->p;
    pthread_mutex_lock(&ln->mu);
    rj->frac = frac;
    double sum = 0;
    for (size_t j = 0; j < p->nrd; j++)
        sum += p->rd[j].frac;
    int go = (size_t)(rj - p->rd) < ln->failed;
    if (!go)
        rj->stopped = true;
    else
        go = zg_progress(p->ctx, 0, 1, sum / (double)p->nrd, stage) == ZG_OK;
    pthread_mutex_unlock(&ln->mu);
    return go;
}

/* The read's context and options; read j, on this thread. */
static void lane_read(lanes *ln, size_t j)
{
    zg_pass *p = ln->p;
    read_job *rj = &p->rd[j];
    const request *k = rj->key;
    zg_stream_opts o = {0};
    o.input = k->input;
    o.classify = k->classify;
    o.code_field = k->code_field;
    o.threads = rj->threads;
    o.cut_crs = &rj->cut;
    o.zones = (const GEOSGeometry *const *)rj->zones;
    o.nzones = rj->nzones;
    o.zone_family = rj->family; /* ids past the zones': none (stream.c) */
    o.progress_lo = 0;
    o.progress_hi = 1;
    rj->st = zg_stream_read_groups(rj->rctx, &o, rj->groups, rj->ngroups,
                                   &rj->raw);
    rj->have_raw = true;
    pthread_mutex_lock(&ln->mu);
    rj->done = true;
    if (rj->st && j < ln->failed)
        ln->failed = j;
    /* Each read timed when it and those before it are done. */
    while (ln->marked < p->nrd && p->rd[ln->marked].done &&
           !p->rd[ln->marked].st) {
        if (ln->mark) {
            char name[160];
            snprintf(name, sizeof name, "pass %s",
                     p->rd[ln->marked].key->input->role);
            ln->mark(ln->mark_ud, name);
        }
        ln->marked++;
    }
    pthread_mutex_unlock(&ln->mu);
}

static void *lane_main(void *arg)
{
    lanes *ln = arg;
    for (;;) {
        pthread_mutex_lock(&ln->mu);
        size_t j = ln->next;
        bool go = j < ln->p->nrd && j < ln->failed;
        if (go)
            ln->next++;
        pthread_mutex_unlock(&ln->mu);
        if (!go)
            return NULL;
        lane_read(ln, j);
    }
}

/* Each read its context, with the cut CRS cloned into it (a PJ is one
 * thread's at a time), before any starts. */
static zg_status lanes_prepare(zg_pass *p, lanes *ln)
{
    zg_ctx *ctx = p->ctx;
    zg_ctx_config cfg = {&ctx->alloc};
    for (size_t j = 0; j < p->nrd; j++) {
        read_job *rj = &p->rd[j];
        const zg_crs *c = rj->key->cut_crs;
        rj->lanes = ln;
        rj->msgs.owner = ctx;
        if (zg_ctx_new(&cfg, &rj->rctx) != ZG_OK)
            return zg_nomem(ctx, "context");
        zg_ctx_set_msg_handler(rj->rctx, zg_held_msg_fn, &rj->msgs);
        zg_ctx_set_progress(rj->rctx, lane_progress, rj);
        rj->cut = (zg_crs){NULL, c->label, c->geographic, c->remap_note};
        if (c->pj && !(rj->cut.pj = proj_clone(rj->rctx->pj, c->pj)))
            return zg_fail(ctx, ZG_ERR_CRS, "cannot copy the CRS %s: %s",
                           c->label ? c->label : "", zg_proj_lastmsg(ctx));
    }
    return ZG_OK;
}

zg_status zg_pass_run(zg_pass *p, void (*mark)(void *ud, const char *step),
                      void *ud)
{
    zg_ctx *ctx = p->ctx;
    end_planning(p);
    p->timings = mark != NULL;
    zg_status st = ZG_OK;
    for (size_t i = 0; !st && i < p->nrq; i++)
        st = place(p, i);
    lanes ln = {.p = p, .failed = p->nrd, .mark = mark, .mark_ud = ud};
    if (!st)
        st = lanes_prepare(p, &ln);
    if (!st) {
        /* A second lane when there is more than one read and the reads
         * may use more than one thread (--threads 1 stays on one). */
        int threads = 1;
        for (size_t j = 0; j < p->nrd; j++)
            if (p->rd[j].threads > threads)
                threads = p->rd[j].threads;
        pthread_mutex_init(&ln.mu, NULL);
        pthread_t other;
        bool two = p->nrd > 1 && threads > 1 &&
                   pthread_create(&other, NULL, lane_main, &ln) == 0;
        lane_main(&ln);
        if (two)
            pthread_join(other, NULL);
        pthread_mutex_destroy(&ln.mu);
        /* The reads' messages in the plan's order, up to the first that
         * failed (not stopped by another's failure). */
        for (size_t j = 0; j < p->nrd; j++) {
            read_job *rj = &p->rd[j];
            if (st || !rj->done || (rj->st && rj->stopped)) {
                held_drop(&rj->msgs);
                continue;
            }
            zg_status mst = zg_held_msgs_say(ctx, &rj->msgs);
            st = rj->st ? zg_fail(ctx, rj->st, "%s", zg_ctx_errmsg(rj->rctx))
                        : mst;
        }
        /* Stopped reads only: a failure was lost (cannot happen). */
        for (size_t j = 0; !st && j < p->nrd; j++)
            if (p->rd[j].st)
                st = zg_fail(ctx, p->rd[j].st, "%s",
                             zg_ctx_errmsg(p->rd[j].rctx));
    }
    if (!st) {
        p->serving = true;
        ctx->pass = p;
    } else
        zg_pass_detach(p);
    return st;
}

/* Does the read asked (o) have the zones of request q? */
static bool same_zones(zg_ctx *ctx, const read_job *rj, const request *q,
                       const zg_stream_opts *o)
{
    const zg_stream_group *g = &rj->groups[q->group];
    if (o->nzones != g->nzones)
        return false;
    for (size_t z = 0; z < o->nzones; z++)
        if (GEOSEqualsExact_r(ctx->geos, o->zones[z],
                              rj->zones[g->zones[z]], 0) != 1)
            return false;
    return true;
}

zg_status zg_pass_answer(zg_pass *p, const zg_stream_opts *o,
                         zg_stream_result *r, bool *answered)
{
    zg_ctx *ctx = p->ctx;
    *answered = false;
    if (p->planning) {
        *answered = true;
        return record(p, o, r);
    }
    if (!p->serving || o->dist_to)
        return ZG_OK;
    request asked = {0};
    asked.input = o->input;
    asked.classify = o->classify;
    asked.code_field = (char *)o->code_field;
    asked.cut_crs = o->cut_crs;
    for (size_t i = 0; i < p->nrq; i++) {
        request *q = &p->rq[i];
        if (q->served || !q->planned || !same_read(ctx, q, &asked) ||
            q->keep_geometry != o->keep_geometry ||
            q->keep_tiny_pieces != o->keep_tiny_pieces ||
            q->count_near_dropped != o->count_near_dropped ||
            q->quiet_when_empty != o->quiet_when_empty)
            continue;
        read_job *rj = &p->rd[q->read];
        if (!same_zones(ctx, rj, q, o))
            continue;
        q->served = true;
        rj->pending--;
        *answered = true;
        zg_status st = zg_stream_view(ctx, &rj->raw, q->group, o,
                                      rj->pending == 0, r);
        if (rj->pending == 0) {
            /* Every reader has its view: the read's memory goes back. */
            zg_stream_raw_clear(ctx, &rj->raw);
            rj->have_raw = false;
        }
        if (!st)
            st = zg_progress(ctx, o->progress_lo, o->progress_hi, 1.0,
                             "overlay");
        return st;
    }
    return ZG_OK;
}

void zg_pass_note_read(zg_pass *p, const zg_input_opts *in, size_t readers,
                       zg_status st)
{
    if (p->timings && !st)
        zg_msg(p->ctx, ZG_MSG_INFO, "pass: %s read again for %zu reader%s "
               "(not planned)", in->role, readers, readers == 1 ? "" : "s");
}
