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
    size_t read, group;
    bool planned; /* has a read and a group */
    bool served;
} request;

typedef struct read_job {
    const request *key; /* the first request of the read */
    GEOSGeometry **zones; /* owned */
    double (*ext)[4];
    size_t nzones, zcap, ecap;
    zg_stream_group groups[ZG_STREAM_MAX_GROUPS];
    size_t ngroups;
    int threads;
    zg_stream_raw raw;
    bool have_raw;
    size_t pending; /* requests not yet served */
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
        zones_free(ctx, p->rq[i].zones, p->rq[i].nzones);
    }
    zg_free(ctx, p->rq);
    for (size_t j = 0; j < p->nrd; j++) {
        read_job *rj = &p->rd[j];
        if (rj->have_raw)
            zg_stream_raw_clear(ctx, &rj->raw);
        zones_free(ctx, rj->zones, rj->nzones);
        zg_free(ctx, rj->ext);
        for (size_t g = 0; g < rj->ngroups; g++)
            zg_free(ctx, rj->groups[g].zones);
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

zg_status zg_pass_run(zg_pass *p, void (*mark)(void *ud, const char *step),
                      void *ud)
{
    zg_ctx *ctx = p->ctx;
    end_planning(p);
    p->timings = mark != NULL;
    zg_status st = ZG_OK;
    for (size_t i = 0; !st && i < p->nrq; i++)
        st = place(p, i);
    for (size_t j = 0; !st && j < p->nrd; j++) {
        read_job *rj = &p->rd[j];
        const request *k = rj->key;
        zg_stream_opts o = {0};
        o.input = k->input;
        o.classify = k->classify;
        o.code_field = k->code_field;
        o.threads = rj->threads;
        o.cut_crs = k->cut_crs;
        o.zones = (const GEOSGeometry *const *)rj->zones;
        o.nzones = rj->nzones;
        o.progress_lo = (double)j / (double)p->nrd;
        o.progress_hi = (double)(j + 1) / (double)p->nrd;
        st = zg_stream_read_groups(ctx, &o, rj->groups, rj->ngroups,
                                   &rj->raw);
        rj->have_raw = true;
        if (!st && mark) {
            char name[160];
            snprintf(name, sizeof name, "pass %s", k->input->role);
            mark(ud, name);
        }
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
