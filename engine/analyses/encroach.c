/* SPDX-License-Identifier: MIT
 *
 * encroach.c: housing inside and around each cluster, at several dates,
 * and what changed between them.
 *
 * Zones: for each cluster, "inside" (the cluster itself) and rings
 * ring_a_b = buffer(b) - buffer(a), buffered in the official plane with
 * round joins of 8 segments per quarter circle (GEOS's and PostGIS's
 * default), then brought back to the clusters' CRS where pieces are cut.
 * Each residential layer is streamed once against all zones (stream.c).
 * Per zone and date the residential land is the union of the pieces, so
 * overlapping footprints count once; new land between two dates is the
 * geometric difference of the later union minus the earlier one, and lost
 * land the reverse.
 */
#include "encroach_int.h"
#include "../overlay/pass_int.h"

#include "analyses_int.h"
#include "settings_int.h"
#include "../output/table_writer.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZG_MAX_RINGS 32
#define ZG_MAX_EPOCHS 16
/* Differences of two unions computed in floating point leave slivers of
 * micro-square-metres along edges that both dates share. Parts smaller
 * than this are overlay noise, not housing, and are dropped. */
#define ZG_CHANGE_MIN_M2 0.01

struct zg_encroach_opts {
    zg_ctx *ctx;
    double rings_m[ZG_MAX_RINGS];
    size_t nrings;
    char *plane_crs;
    char *code_field; /* NULL: every feature is residential */
    bool classify;    /* by code even when code_field is NULL */
    char *codes;
    int threads;
    zg_output *out; /* write the tables while computing; borrowed */
};

typedef struct zone_epoch {
    GEOSGeometry *resid;    /* union of residential pieces, cut CRS; or NULL */
    GEOSGeometry *resid_ll; /* the same in lon/lat: the row's geometry */
    double resid_m2;
    double *poly_m2; /* the area of each polygon of resid, in order */
} zone_epoch;

typedef struct change {
    GEOSGeometry *geom_ll; /* NULL when empty */
    double area_m2;
} change;

/* Distances at most this (m) are contact: two outlines that share an
 * edge in the source CRS can end a few nm apart in the plane. */
#define ZG_TOUCH_M 1e-6

struct zg_encroach {
    zg_ctx *ctx;
    const zg_layer *clusters;
    size_t nrings;
    double rings_m[ZG_MAX_RINGS];
    size_t nepochs;
    char *epochs[ZG_MAX_EPOCHS];
    zg_layer *sources[ZG_MAX_EPOCHS]; /* provenance of each date */
    bool covers[ZG_MAX_EPOCHS];       /* a feature near some zone */
    size_t nzones;                    /* clusters * (1 + nrings) */
    GEOSGeometry **zone_cut;          /* zones in the cut CRS */
    double *zone_m2;
    zone_epoch *ze;                   /* nzones * nepochs */
    change *added, *lost;             /* nzones * (nepochs - 1) */
    double *nearest_m;                /* per cluster, NaN: none in reach */
    double *new_inside_m2;            /* per cluster: latest minus first */
    char *plane_label;
    /* " residential_by_code=yes residential_code_field=F
     * residential_codes=T" when the layers are land-use maps (F empty:
     * the default names), for the record (the atlas reads the housing
     * again as the run did); NULL for footprints (by_code=no). */
    char *by_code;
    zg_qa_log qa;
    /* Made while a run plans its reads (zg_stream_planning): only the
     * zones count; they (zone_cut, cplane) may be taken by the run's
     * compute for real (zg_encroach_compute_planned). */
    bool planning;
    GEOSGeometry **cplane; /* planning: the clusters in the plane; owned */
    /* The output whose encroachment tables and residential inputs were
     * written while the last date was worked out (zg_encroach_opts
     * _set_output), NULL: none; zg_output_write_encroach writes the rest. */
    const zg_output *written;
};

zg_encroach_opts *zg_encroach_opts_new(zg_ctx *ctx)
{
    zg_encroach_opts *o = zg_calloc(ctx, 1, sizeof *o);
    if (!o)
        return NULL;
    o->ctx = ctx;
    const double def[] = {50, 100, 300, 500, 1000};
    memcpy(o->rings_m, def, sizeof def);
    o->nrings = 5;
    o->plane_crs = zg_strdup(ctx, ZG_DEFAULT_PLANE_CRS);
    o->codes = zg_strdup(ctx, "tt08_2024");
    if (!o->plane_crs || !o->codes) {
        zg_encroach_opts_free(o);
        return NULL;
    }
    return o;
}

void zg_encroach_opts_free(zg_encroach_opts *o)
{
    if (!o)
        return;
    zg_free(o->ctx, o->plane_crs);
    zg_free(o->ctx, o->code_field);
    zg_free(o->ctx, o->codes);
    zg_free(o->ctx, o);
}

zg_status zg_encroach_opts_set_rings_m(zg_encroach_opts *o,
                                       const double *rings_m, size_t n)
{
    zg_status st = zg_setting_check_rings(o->ctx, rings_m, n);
    if (st)
        return st;
    memcpy(o->rings_m, rings_m, n * sizeof *rings_m);
    o->nrings = n;
    return ZG_OK;
}

static zg_status set_str(zg_ctx *ctx, char **slot, const char *v)
{
    char *c = v ? zg_strdup(ctx, v) : NULL;
    if (v && !c)
        return zg_nomem(ctx, "option");
    zg_free(ctx, *slot);
    *slot = c;
    return ZG_OK;
}

zg_status zg_encroach_opts_set_plane_crs(zg_encroach_opts *o, const char *c)
{
    return set_str(o->ctx, &o->plane_crs, c ? c : ZG_DEFAULT_PLANE_CRS);
}

zg_status zg_encroach_opts_set_code_field(zg_encroach_opts *o, const char *f)
{
    return set_str(o->ctx, &o->code_field, f);
}

zg_status zg_encroach_opts_classify(zg_encroach_opts *o,
                                    const char *code_field)
{
    o->classify = true;
    return code_field ? set_str(o->ctx, &o->code_field, code_field)
                      : ZG_OK;
}

zg_status zg_encroach_opts_set_codes(zg_encroach_opts *o, const char *c)
{
    return set_str(o->ctx, &o->codes, c ? c : "tt08_2024");
}

zg_status zg_encroach_opts_set_output(zg_encroach_opts *o, zg_output *out)
{
    o->out = out;
    return ZG_OK;
}

zg_status zg_encroach_opts_set_threads(zg_encroach_opts *o, int threads)
{
    zg_status st = zg_setting_check_threads(o->ctx, threads);
    if (st)
        return st;
    o->threads = threads;
    return ZG_OK;
}

/* ---- per date ----------------------------------------------------------- */

struct keep_ud {
    const zg_codes *codes;
};

static bool keep_residential(const char *code, void *ud)
{
    const struct keep_ud *k = ud;
    const char *role = zg_codes_role(k->codes, code);
    return role && strcmp(role, "residential") == 0;
}

/* The change's end: keep[0..nk) (taken, freed here on failure) as its
 * MultiPolygon in out->geom_ll; st: the status so far. The area summed
 * into out is zeroed when nothing is kept or anything failed. */
static zg_status change_collect(zg_ctx *ctx, GEOSGeometry **keep, size_t nk,
                                zg_status st, change *out)
{
    GEOSContextHandle_t h = ctx->geos;
    if (!st && nk) {
        out->geom_ll = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, keep,
                                                   (unsigned int)nk);
        if (!out->geom_ll)
            st = zg_nomem(ctx, "change");
        else
            nk = 0; /* owned by the collection now */
    }
    for (size_t i = 0; i < nk; i++)
        GEOSGeom_destroy_r(h, keep[i]);
    zg_free(ctx, keep);
    if (st || !out->geom_ll)
        out->area_m2 = 0;
    return st;
}

/* A change: poly (polygonal, cut CRS, NULL when none; taken) in lon/lat,
 * and its area. */
static zg_status change_of(zg_ctx *ctx, GEOSGeometry *poly, PJ *to_ll,
                           change *out)
{
    GEOSContextHandle_t h = ctx->geos;
    zg_status st = ZG_OK;
    memset(out, 0, sizeof *out);
    if (!poly)
        return ZG_OK;
    GEOSGeometry *ll = zg_geom_transform(ctx, poly, to_ll, NULL);
    GEOSGeom_destroy_r(h, poly);
    if (!ll)
        return zg_fail(ctx, ZG_ERR_CRS, "a change cannot be transformed to "
                       "WGS 84");
    /* Keep the parts that are housing, not noise. */
    int n = GEOSGetNumGeometries_r(h, ll);
    GEOSGeometry **keep = zg_calloc(ctx, (size_t)n + 1, sizeof *keep);
    size_t nk = 0;
    if (!keep) {
        GEOSGeom_destroy_r(h, ll);
        return zg_nomem(ctx, "change");
    }
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *part = GEOSGetGeometryN_r(h, ll, i);
        double part_m2 = zg_geodesic_area_m2(ctx, part);
        if (part_m2 < ZG_CHANGE_MIN_M2)
            continue;
        if (!(keep[nk] = GEOSGeom_clone_r(h, part)))
            st = zg_nomem(ctx, "change");
        else {
            out->area_m2 += part_m2;
            nk++;
        }
    }
    GEOSGeom_destroy_r(h, ll);
    return change_collect(ctx, keep, nk, st, out);
}

/* a - b, polygonal parts in lon/lat, and its area. */
static zg_status difference(zg_ctx *ctx, const GEOSGeometry *a,
                            const GEOSGeometry *b, PJ *to_ll, change *out)
{
    GEOSContextHandle_t h = ctx->geos;
    memset(out, 0, sizeof *out);
    if (!a)
        return ZG_OK;
    GEOSGeometry *d = b ? GEOSDifference_r(h, a, b) : GEOSGeom_clone_r(h, a);
    if (!d)
        return zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot compare two dates: %s",
                       zg_geos_lastmsg(ctx));
    GEOSGeometry *poly = NULL;
    zg_status st = zg_geom_polygonal_parts(ctx, d, &poly);
    GEOSGeom_destroy_r(h, d);
    return st ? st : change_of(ctx, poly, to_ll, out);
}

/* ---- per cluster, after each date's stream ------------------------------ */

/* The work after a date's stream (unions, differences, areas, distances)
 * runs on threads, one cluster's zones a job: each thread has its own
 * context (GEOS handle, clones of the transformations), a cluster's
 * geometries are touched by the one thread doing its job, and each job
 * writes only its own cluster's slots of en; so the numbers and bytes are
 * the same whatever the number of threads. */
typedef struct post_thread post_thread;
typedef struct post_pass {
    zg_encroach *en;
    zg_status (*job)(post_thread *pt, size_t c); /* the work of cluster c */
    size_t e;                      /* the date just streamed */
    /* its pieces, sorted by zone; a job takes its zones' geometries */
    zg_stream_result *sr;
    const size_t *at;              /* per zone, its first piece; nzones + 1 */
    GEOSGeometry **cplane;         /* the clusters in the plane */
} post_pass;

typedef struct post_pool post_pool;

struct post_thread {
    zg_ctx *ctx;
    post_pool *pool; /* its pool */
    /* clones, in ctx's PROJ context, of the transformations from the
     * clusters' CRS to lon/lat, to the plane and back (NULL: the same
     * CRS); owned */
    PJ *to_ll, *to_plane, *from_plane;
    const post_pass *pp;
    zg_status st;
    size_t failed; /* the cluster whose job failed */
    pthread_t thread;
};

struct post_pool {
    post_thread *pt;
    size_t nt;
    /* The next cluster to take: each thread takes the next one when it
     * is done with its own, so none waits while the other has clusters
     * left (taking every nt-th cluster left one idle up to a fifth of a
     * date's work). Which thread does a cluster changes no byte. */
    atomic_size_t next;
    /* While the tables are written as the threads work (write_during):
     * per cluster 1 once its job is done, 2 when it failed; the threads
     * that ended; under mu, signalled on cv. NULL otherwise. */
    unsigned char *done;
    size_t started, ended;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

static zg_status zone_areas(post_thread *pt, size_t c);

/* The zones of cluster c: "inside" (the cluster) and the rings, buffered
 * in the plane and brought back to the clusters' CRS, and their areas;
 * the cluster in the plane into cplane[c]. */
static zg_status cluster_zones(post_thread *pt, size_t c)
{
    zg_ctx *ctx = pt->ctx;
    GEOSContextHandle_t h = ctx->geos;
    zg_encroach *en = pt->pp->en;
    const zg_layer *cl = en->clusters;
    size_t per = 1 + en->nrings;
    GEOSGeometry *g = pt->to_plane ? zg_geom_transform(ctx, cl->feats[c].geom_src,
                                                       pt->to_plane, NULL)
                                   : GEOSGeom_clone_r(h, cl->feats[c].geom_src);
    if (!g)
        return zg_fail(ctx, ZG_ERR_CRS, "cluster %s cannot be "
                       "transformed to the plane %s", cl->feats[c].id,
                       en->plane_label);
    pt->pp->cplane[c] = g;
    en->zone_cut[c * per] = GEOSGeom_clone_r(h, cl->feats[c].geom_src);
    GEOSGeometry *prev = GEOSGeom_clone_r(h, g);
    if (!en->zone_cut[c * per] || !prev) {
        if (prev)
            GEOSGeom_destroy_r(h, prev);
        return zg_nomem(ctx, "zones");
    }
    for (size_t k = 0; k < en->nrings; k++) {
        GEOSGeometry *b = GEOSBuffer_r(h, g, en->rings_m[k], 8);
        GEOSGeometry *ring = b ? GEOSDifference_r(h, b, prev) : NULL;
        GEOSGeometry *poly = NULL;
        zg_status st = ring ? zg_geom_polygonal_parts(ctx, ring, &poly)
                            : zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot "
                                      "buffer cluster %s: %s",
                                      cl->feats[c].id,
                                      zg_geos_lastmsg(ctx));
        if (ring)
            GEOSGeom_destroy_r(h, ring);
        GEOSGeom_destroy_r(h, prev);
        prev = b;
        if (st) {
            if (poly)
                GEOSGeom_destroy_r(h, poly);
            if (prev)
                GEOSGeom_destroy_r(h, prev);
            return st;
        }
        if (!poly)
            poly = GEOSGeom_createEmptyPolygon_r(h);
        GEOSGeometry *cut = pt->from_plane && GEOSisEmpty_r(h, poly) != 1
                                ? zg_geom_transform(ctx, poly, pt->from_plane,
                                                    NULL)
                                : GEOSGeom_clone_r(h, poly);
        GEOSGeom_destroy_r(h, poly);
        if (!cut) {
            GEOSGeom_destroy_r(h, prev);
            return zg_fail(ctx, ZG_ERR_CRS, "a ring of cluster %s cannot "
                           "be transformed back to %s", cl->feats[c].id,
                           cl->crs.label);
        }
        en->zone_cut[c * per + 1 + k] = cut;
    }
    GEOSGeom_destroy_r(h, prev);
    /* The zones' areas on the ellipsoid: two fifths of this work, of no
     * use to a plan. */
    return en->planning ? ZG_OK : zone_areas(pt, c);
}

/* The areas of cluster c's zones. */
static zg_status zone_areas(post_thread *pt, size_t c)
{
    zg_ctx *ctx = pt->ctx;
    GEOSContextHandle_t h = ctx->geos;
    zg_encroach *en = pt->pp->en;
    size_t per = 1 + en->nrings;
    for (size_t z = c * per; z < (c + 1) * per; z++) {
        GEOSGeometry *ll = GEOSisEmpty_r(h, en->zone_cut[z]) == 1
                               ? NULL
                               : zg_geom_transform(ctx, en->zone_cut[z],
                                                   pt->to_ll, NULL);
        en->zone_m2[z] = ll ? zg_geodesic_area_m2(ctx, ll) : 0;
        if (ll)
            GEOSGeom_destroy_r(h, ll);
    }
    return ZG_OK;
}

/* ze's housing (np polygons) in lon/lat and its area, polygon by polygon:
 * one that is, vertex for vertex, polygon twin[k] of the date before's
 * housing takes its lon/lat copy and area from there (the same vertices
 * give the same numbers); the others are transformed and measured. Summed
 * in order, as zg_geodesic_area_m2 sums a MultiPolygon's. */
static zg_status housing_ll(post_thread *pt, zone_epoch *ze,
                            const zone_epoch *before, const long *twin,
                            int np)
{
    zg_ctx *ctx = pt->ctx;
    GEOSContextHandle_t h = ctx->geos;
    GEOSGeometry **ll = zg_calloc(ctx, (size_t)np + 1, sizeof *ll);
    ze->poly_m2 = zg_calloc(ctx, (size_t)np + 1, sizeof *ze->poly_m2);
    if (!ll || !ze->poly_m2) {
        zg_free(ctx, ll);
        return zg_nomem(ctx, "housing");
    }
    zg_status st = ZG_OK;
    double sum_m2 = 0;
    int k = 0;
    for (; k < np && !st; k++) {
        long j = twin ? twin[k] : -1;
        if (j >= 0) {
            ll[k] = GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, before->resid_ll,
                                                           (int)j));
            ze->poly_m2[k] = before->poly_m2[j];
            if (!ll[k])
                st = zg_nomem(ctx, "housing");
        } else {
            ll[k] = zg_geom_transform(ctx, GEOSGetGeometryN_r(h, ze->resid, k),
                                      pt->to_ll, NULL);
            if (!ll[k])
                st = zg_fail(ctx, ZG_ERR_CRS, "housing cannot be "
                             "transformed to WGS 84");
            else
                ze->poly_m2[k] = zg_geodesic_area_m2(ctx, ll[k]);
        }
        sum_m2 += ze->poly_m2[k];
    }
    if (!st) {
        if (GEOSGeomTypeId_r(h, ze->resid) == GEOS_POLYGON)
            ze->resid_ll = ll[0];
        else
            ze->resid_ll = GEOSGeom_createCollection_r(
                h, GEOS_MULTIPOLYGON, ll, (unsigned int)np);
        if (!ze->resid_ll)
            st = zg_nomem(ctx, "housing");
        else
            k = 0; /* owned by resid_ll */
    }
    while (k > 0)
        if (ll[--k])
            GEOSGeom_destroy_r(h, ll[k]);
    zg_free(ctx, ll);
    ze->resid_m2 = st ? 0 : sum_m2;
    return st;
}

/* A change that is whole polygons of a zone's housing: parts whole[0..n)
 * of ll (the housing in lon/lat), whose areas are poly_m2. They were
 * transformed and measured once, for the housing: the same vertices would
 * give the same numbers again, as change_of sums them. */
static zg_status change_of_parts(zg_ctx *ctx, const GEOSGeometry *ll,
                                 const double *poly_m2, const int *whole,
                                 size_t n, change *out)
{
    GEOSContextHandle_t h = ctx->geos;
    memset(out, 0, sizeof *out);
    GEOSGeometry **keep = n ? zg_calloc(ctx, n, sizeof *keep) : NULL;
    if (n && !keep)
        return zg_nomem(ctx, "change");
    zg_status st = ZG_OK;
    size_t nk = 0;
    for (size_t i = 0; i < n && !st; i++) {
        /* Not housing but noise (as change_of keeps them). */
        if (poly_m2[whole[i]] < ZG_CHANGE_MIN_M2)
            continue;
        if (!(keep[nk] = GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, ll,
                                                                whole[i]))))
            st = zg_nomem(ctx, "change");
        else
            out->area_m2 += poly_m2[whole[i]];
        nk += keep[nk] != NULL;
    }
    return change_collect(ctx, keep, nk, st, out);
}

/* Zone z at the date just streamed: its housing (the union of its
 * pieces, by groups), in lon/lat and its area, and what changed since the
 * date before. */
static zg_status zone_date(post_thread *pt, size_t z)
{
    zg_ctx *ctx = pt->ctx;
    GEOSContextHandle_t h = ctx->geos;
    const post_pass *pp = pt->pp;
    zg_encroach *en = pp->en;
    size_t ne = en->nepochs, e = pp->e;
    zone_epoch *ze = &en->ze[z * ne + e];
    zg_groups grp;
    zg_status st = zg_groups_build(ctx, pp->sr, pp->at[z], pp->at[z + 1],
                                   &grp);
    if (!st) {
        st = zg_groups_union(ctx, &grp, &ze->resid);
        zg_groups_clear(ctx, &grp);
    }
    int np = !st && ze->resid ? GEOSGetNumGeometries_r(h, ze->resid) : 0;
    long *twin = NULL;
    if (!st && np < 0)
        st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot count the polygons of "
                     "the housing: %s", zg_geos_lastmsg(ctx));
    if (!st && e && np > 0 &&
        !(twin = zg_calloc(ctx, (size_t)np, sizeof *twin)))
        st = zg_nomem(ctx, "housing");
    /* added: now minus before, lost: before minus now. Added first, for
     * it also finds which polygons were there before (twin), which the
     * housing in lon/lat takes from the date before; then the changes
     * that are whole polygons take theirs from the housing. */
    int *whole[2] = {NULL, NULL};
    size_t nwhole[2] = {0, 0};
    bool overlay[2] = {false, false};
    for (int lost = 0; lost < 2 && !st && e; lost++) {
        const GEOSGeometry *a = lost ? ze[-1].resid : ze->resid;
        const GEOSGeometry *b = lost ? ze->resid : ze[-1].resid;
        st = zg_housing_minus(ctx, a, b, &whole[lost], &nwhole[lost],
                              &overlay[lost], lost ? NULL : twin);
    }
    if (!st && np > 0)
        st = housing_ll(pt, ze, e ? ze - 1 : NULL, twin, np);
    for (int lost = 0; lost < 2 && !st && e; lost++) {
        const zone_epoch *az = lost ? ze - 1 : ze;
        change *ch = lost ? &en->lost[z * ne + e] : &en->added[z * ne + e];
        if (overlay[lost])
            st = difference(ctx, az->resid, lost ? ze->resid : ze[-1].resid,
                            pt->to_ll, ch);
        else
            st = change_of_parts(ctx, az->resid_ll, az->poly_m2,
                                 whole[lost], nwhole[lost], ch);
    }
    zg_free(ctx, whole[0]);
    zg_free(ctx, whole[1]);
    zg_free(ctx, twin);
    return st;
}

/* After the last date: cluster c's new housing inside since the first
 * date, and its nearest housing at the last date, in the plane. */
static zg_status cluster_last(post_thread *pt, size_t c)
{
    zg_ctx *ctx = pt->ctx;
    GEOSContextHandle_t h = ctx->geos;
    zg_encroach *en = pt->pp->en;
    size_t ne = en->nepochs, per = 1 + en->nrings;
    const zone_epoch *in = &en->ze[(c * per) * ne];
    zg_status st = ZG_OK;
    en->new_inside_m2[c] = NAN;
    if (ne == 2) {
        /* The latest union minus the first is the change just computed. */
        en->new_inside_m2[c] = en->added[(c * per) * ne + 1].area_m2;
    } else if (ne > 2) {
        /* Not the sum of the steps: that would count twice land that
         * came, went and came back. */
        change ch;
        st = difference(ctx, in[ne - 1].resid, in[0].resid, pt->to_ll, &ch);
        if (!st) {
            en->new_inside_m2[c] = ch.area_m2;
            if (ch.geom_ll)
                GEOSGeom_destroy_r(h, ch.geom_ll);
        }
    }
    en->nearest_m[c] = NAN;
    for (size_t k = 0; k < per && !st; k++) {
        const GEOSGeometry *r = en->ze[(c * per + k) * ne + ne - 1].resid;
        if (!r)
            continue;
        /* No distance is less than 0: the outer zones cannot change it. */
        if (en->nearest_m[c] == 0)
            break;
        /* In the plane: r itself when the clusters' CRS is the plane. */
        GEOSGeometry *moved = pt->to_plane ? zg_geom_transform(
                                                 ctx, r, pt->to_plane, NULL)
                                           : NULL;
        const GEOSGeometry *rp = pt->to_plane ? moved : r;
        double d = NAN;
        if (!rp || !GEOSDistance_r(h, pt->pp->cplane[c], rp, &d))
            st = zg_fail(ctx, ZG_ERR_GEOM, "distance to housing of "
                         "cluster %s failed", en->clusters->feats[c].id);
        if (moved)
            GEOSGeom_destroy_r(h, moved);
        if (!st && (isnan(en->nearest_m[c]) || d < en->nearest_m[c]))
            en->nearest_m[c] = d;
    }
    return st;
}

/* Cluster c at the date just streamed: its zones, then, after the last
 * date, its summary. */
static zg_status cluster_date(post_thread *pt, size_t c)
{
    zg_encroach *en = pt->pp->en;
    size_t per = 1 + en->nrings;
    zg_status st = ZG_OK;
    for (size_t k = 0; k < per && !st; k++)
        st = zone_date(pt, c * per + k);
    if (!st && pt->pp->e + 1 == en->nepochs)
        st = cluster_last(pt, c);
    return st;
}

static void *post_main(void *arg)
{
    post_thread *pt = arg;
    const post_pass *pp = pt->pp;
    post_pool *pool = pt->pool;
    for (size_t c = atomic_fetch_add(&pool->next, 1);
         !pt->st && c < pp->en->clusters->n;
         c = atomic_fetch_add(&pool->next, 1)) {
        if ((pt->st = pp->job(pt, c)))
            pt->failed = c;
        if (pool->done) {
            pthread_mutex_lock(&pool->mu);
            pool->done[c] = pt->st ? 2 : 1;
            pthread_cond_broadcast(&pool->cv);
            pthread_mutex_unlock(&pool->mu);
        }
    }
    if (pool->done) {
        pthread_mutex_lock(&pool->mu);
        pool->ended++;
        pthread_cond_broadcast(&pool->cv);
        pthread_mutex_unlock(&pool->mu);
    }
    return NULL;
}

static void pool_free(zg_ctx *ctx, post_pool *pool)
{
    for (size_t t = 0; pool->pt && t < pool->nt; t++) {
        post_thread *pt = &pool->pt[t];
        if (pt->ctx) {
            proj_destroy(pt->to_ll);
            proj_destroy(pt->to_plane);
            proj_destroy(pt->from_plane);
            zg_ctx_free(pt->ctx);
        }
    }
    zg_free(ctx, pool->pt);
    pool->pt = NULL;
    pool->nt = 0;
}

/* Whether cluster c's job is done (waiting for it while the tables are
 * written as the threads work); false when it failed or was never done. */
static bool cluster_ready(post_pool *pool, size_t c)
{
    if (!pool || !pool->done)
        return true;
    pthread_mutex_lock(&pool->mu);
    while (!pool->done[c] && pool->ended < pool->started)
        pthread_cond_wait(&pool->cv, &pool->mu);
    bool ok = pool->done[c] == 1;
    pthread_mutex_unlock(&pool->mu);
    return ok;
}

static zg_status write_tables(zg_output *out, const zg_encroach *en,
                              post_pool *wait);

/* nt threads' contexts, each with its clones of to_ll, to_plane and
 * from_plane (NULL when the clusters' CRS is the plane). */
static zg_status pool_new(zg_ctx *ctx, size_t nt, const PJ *to_ll,
                          const PJ *to_plane, const PJ *from_plane,
                          post_pool *pool)
{
    pool->pt = NULL;
    pool->nt = 0;
    if (!(pool->pt = zg_calloc(ctx, nt, sizeof *pool->pt)))
        return zg_nomem(ctx, "threads");
    pool->nt = nt;
    zg_ctx_config cfg = {&ctx->alloc};
    for (size_t t = 0; t < nt; t++) {
        post_thread *pt = &pool->pt[t];
        if (zg_ctx_new(&cfg, &pt->ctx)) {
            pt->ctx = NULL;
            return zg_nomem(ctx, "thread context");
        }
        pt->to_ll = proj_clone(pt->ctx->pj, to_ll);
        pt->to_plane = to_plane ? proj_clone(pt->ctx->pj, to_plane) : NULL;
        pt->from_plane = from_plane ? proj_clone(pt->ctx->pj, from_plane)
                                    : NULL;
        if (!pt->to_ll || (to_plane && !pt->to_plane) ||
            (from_plane && !pt->from_plane))
            return zg_fail(ctx, ZG_ERR_CRS, "cannot copy a transformation "
                           "for a thread: %s", zg_proj_lastmsg(pt->ctx));
    }
    return ZG_OK;
}

/* Run pp's job for every cluster on the pool's threads; with out, write
 * en's tables there meanwhile, each row once its cluster is done (the
 * writing, a sixth of `encroach`'s time on one thread after the rest,
 * then runs beside the last date's work), and mark en written. */
static zg_status run_pass(zg_ctx *ctx, post_pool *pool, const post_pass *pp,
                          zg_output *out)
{
    zg_status st = ZG_OK, wst = ZG_OK;
    size_t started = 0;
    atomic_store(&pool->next, 0);
    for (size_t t = 0; t < pool->nt; t++) {
        pool->pt[t].pp = pp;
        pool->pt[t].st = ZG_OK;
        pool->pt[t].pool = pool;
    }
    bool during = out && pool->nt > 1;
    if (during) {
        pool->done = zg_calloc(ctx, pp->en->clusters->n + 1, 1);
        if (!pool->done)
            return zg_nomem(ctx, "threads");
        pool->started = pool->nt; /* lowered below if one fails to start */
        pool->ended = 0;
        pthread_mutex_init(&pool->mu, NULL);
        pthread_cond_init(&pool->cv, NULL);
    }
    if (pool->nt == 1) {
        post_main(&pool->pt[0]);
    } else {
        for (; started < pool->nt; started++)
            if (pthread_create(&pool->pt[started].thread, NULL, post_main,
                               &pool->pt[started])) {
                st = zg_fail(ctx, ZG_ERR_INTERNAL, "cannot start a thread");
                break;
            }
        if (during) {
            pthread_mutex_lock(&pool->mu);
            pool->started = started;
            pthread_cond_broadcast(&pool->cv);
            pthread_mutex_unlock(&pool->mu);
            if (!st)
                wst = write_tables(out, pp->en, pool);
        }
        for (size_t t = 0; t < started; t++)
            pthread_join(pool->pt[t].thread, NULL);
    }
    if (during) {
        pthread_mutex_destroy(&pool->mu);
        pthread_cond_destroy(&pool->cv);
        zg_free(ctx, pool->done);
        pool->done = NULL;
    }
    /* Each thread stops at its first failure, and every cluster before
     * it was taken, so done: the least failed cluster is the first
     * failure in cluster order, whatever the threads. */
    const post_thread *first = NULL;
    for (size_t t = 0; !st && t < pool->nt; t++)
        if (pool->pt[t].st && (!first || pool->pt[t].failed < first->failed))
            first = &pool->pt[t];
    if (first)
        st = zg_fail(ctx, first->st, "%s", zg_ctx_errmsg(first->ctx));
    /* One thread: the tables after the work. */
    if (!st && out && !during)
        wst = write_tables(out, pp->en, NULL);
    if (!st && wst)
        st = wst; /* the writer's message is ctx's */
    if (!st && out)
        pp->en->written = out;
    return st;
}

/* The work of date e, its pieces in sr, on the pool's threads. */
static zg_status post_date(zg_ctx *ctx, post_pool *pool, zg_encroach *en,
                           size_t e, zg_stream_result *sr,
                           GEOSGeometry **cplane, zg_output *out)
{
    size_t *at = NULL;
    zg_status st = zg_stream_zone_starts(ctx, sr, en->nzones, &at);
    post_pass pp = {en, cluster_date, e, sr, at, cplane};
    if (!st)
        st = run_pass(ctx, pool, &pp, out);
    zg_free(ctx, at);
    return st;
}

/* The windows, in metres from the cluster, in which housing is sought for
 * a cluster that has none within its outermost ring. */
static const double FAR_WINDOWS_M[] = {5000.0, 50000.0};

/* Nearest housing of the latest date for the clusters that have none in
 * their rings (nearest_m NaN): the latest layer is read again, in distance
 * mode (no pieces are cut or kept, so memory stays with the clusters),
 * with as zones each such cluster buffered by a window (5 km, then 50 km
 * for those still without). Every feature that meets a window's envelope
 * is measured to its cluster, so a house nearer than the window is found
 * and the least distance is exact; none within 50 km leaves NULL. `so` is
 * the latest date's stream, reused with other zones. */
static zg_status far_nearest(zg_ctx *ctx, zg_encroach *en,
                             const zg_layer *clusters, zg_stream_opts so,
                             GEOSGeometry *const *cplane, PJ *to_plane,
                             PJ *from_plane)
{
    GEOSContextHandle_t h = ctx->geos;
    double outer_m = en->nrings ? en->rings_m[en->nrings - 1] : 0;
    size_t *far = zg_calloc(ctx, clusters->n + 1, sizeof *far);
    GEOSGeometry **zones = zg_calloc(ctx, clusters->n + 1, sizeof *zones);
    const GEOSGeometry **from = zg_calloc(ctx, clusters->n + 1,
                                          sizeof *from);
    zg_status st = far && zones && from ? ZG_OK
                                        : zg_nomem(ctx, "far search");
    size_t nw = sizeof FAR_WINDOWS_M / sizeof FAR_WINDOWS_M[0];
    for (size_t w = 0; w < nw && !st; w++) {
        if (FAR_WINDOWS_M[w] <= outer_m)
            continue;
        size_t nf = 0;
        for (size_t c = 0; c < clusters->n; c++)
            if (isnan(en->nearest_m[c]) && cplane[c])
                far[nf++] = c;
        if (nf == 0)
            break;
        for (size_t k = 0; k < nf && !st; k++) {
            from[k] = cplane[far[k]];
            GEOSGeometry *b = GEOSBuffer_r(h, cplane[far[k]],
                                           FAR_WINDOWS_M[w], 8);
            zones[k] = b && from_plane ? zg_geom_transform(ctx, b, from_plane,
                                                           NULL)
                                       : b;
            if (b && zones[k] != b)
                GEOSGeom_destroy_r(h, b);
            if (!zones[k])
                st = zg_fail(ctx, ZG_ERR_GEOM, "cannot make the search "
                             "window of cluster %s",
                             clusters->feats[far[k]].id);
        }
        zg_stream_result sr;
        memset(&sr, 0, sizeof sr);
        if (!st) {
            so.zones = (const GEOSGeometry *const *)zones;
            so.nzones = nf;
            so.keep_geometry = false;
            so.quiet_when_empty = true;
            so.dist_to = from;
            so.cut_to_plane = to_plane;
            so.zone_family = NULL; /* other zones */
            st = zg_stream_overlay(ctx, &so, &sr);
        }
        for (size_t k = 0; !st && k < nf; k++)
            if (isfinite(sr.dmin[k]))
                en->nearest_m[far[k]] = sr.dmin[k];
        zg_stream_result_clear(ctx, &sr);
        for (size_t k = 0; k < nf; k++) {
            if (zones[k])
                GEOSGeom_destroy_r(h, zones[k]);
            zones[k] = NULL;
        }
    }
    zg_free(ctx, (void *)from);
    zg_free(ctx, zones);
    zg_free(ctx, far);
    return st;
}

/* Whether planned (NULL: none) holds the zones that en would make: the
 * same clusters, rings and plane. */
static bool zones_fit(const zg_encroach *planned, const zg_encroach *en)
{
    return planned && planned->cplane && planned->zone_cut &&
           planned->clusters == en->clusters &&
           planned->nrings == en->nrings &&
           memcmp(planned->rings_m, en->rings_m,
                  en->nrings * sizeof *en->rings_m) == 0 &&
           planned->plane_label && en->plane_label &&
           strcmp(planned->plane_label, en->plane_label) == 0;
}

zg_status zg_encroach_compute(zg_ctx *ctx, const zg_layer *clusters,
                              const zg_input_opts *const *residential,
                              const char *const *epochs, size_t nepochs,
                              const zg_encroach_opts *o, zg_encroach **out)
{
    return zg_encroach_compute_planned(ctx, clusters, residential, epochs,
                                       nepochs, o, NULL, out);
}

zg_status zg_encroach_compute_planned(zg_ctx *ctx, const zg_layer *clusters,
                                      const zg_input_opts *const *residential,
                                      const char *const *epochs,
                                      size_t nepochs,
                                      const zg_encroach_opts *o,
                                      zg_encroach *planned, zg_encroach **out)
{
    *out = NULL;
    zg_status cst = zg_layer_check_cuttable(ctx, clusters);
    if (cst)
        return cst;
    if (nepochs < 1 || nepochs > ZG_MAX_EPOCHS)
        return zg_fail(ctx, ZG_ERR_USAGE, "give 1 to %d residential layers "
                       "(one per date)", ZG_MAX_EPOCHS);
    /* The epoch names the rows of a date: two dates of one name could
     * not be told apart in the tables, nor in the GeoJSON file names. */
    for (size_t e = 0; e < nepochs; e++)
        for (size_t f = 0; f < e; f++)
            if (strcmp(epochs[e], epochs[f]) == 0)
                return zg_fail(ctx, ZG_ERR_USAGE, "the date label '%s' is "
                               "given twice (the dates' labels, epochs)", epochs[e]);
    zg_encroach_opts *own = NULL;
    if (!o && !(o = own = zg_encroach_opts_new(ctx)))
        return zg_nomem(ctx, "options");
    GEOSContextHandle_t h = ctx->geos;
    zg_encroach *en = zg_calloc(ctx, 1, sizeof *en);
    if (!en) {
        zg_encroach_opts_free(own);
        return zg_nomem(ctx, "encroachment");
    }
    en->ctx = ctx;
    en->planning = zg_stream_planning(ctx);
    en->clusters = clusters;
    en->nrings = o->nrings;
    memcpy(en->rings_m, o->rings_m, sizeof en->rings_m);
    en->nepochs = nepochs;
    en->nzones = clusters->n * (1 + o->nrings);
    zg_status st = ZG_OK;
    for (size_t e = 0; e < nepochs && !st; e++)
        if (!(en->epochs[e] = zg_strdup(ctx, epochs[e])))
            st = zg_nomem(ctx, "epochs");
    en->zone_cut = zg_calloc(ctx, en->nzones + 1, sizeof *en->zone_cut);
    en->zone_m2 = zg_calloc(ctx, en->nzones + 1, sizeof *en->zone_m2);
    en->ze = zg_calloc(ctx, en->nzones * nepochs + 1, sizeof *en->ze);
    en->added = zg_calloc(ctx, en->nzones * nepochs + 1, sizeof *en->added);
    en->lost = zg_calloc(ctx, en->nzones * nepochs + 1, sizeof *en->lost);
    en->nearest_m = zg_calloc(ctx, clusters->n + 1, sizeof *en->nearest_m);
    en->new_inside_m2 = zg_calloc(ctx, clusters->n + 1,
                                  sizeof *en->new_inside_m2);
    GEOSGeometry **cplane = zg_calloc(ctx, clusters->n + 1, sizeof *cplane);
    /* A cluster and its rings do not overlap: a family (stream.c). */
    uint32_t *family = zg_calloc(ctx, en->nzones + 1, sizeof *family);
    if (!st && (!en->zone_cut || !en->zone_m2 || !en->ze || !en->added ||
                !en->lost || !en->nearest_m || !en->new_inside_m2 ||
                !cplane || !family))
        st = zg_nomem(ctx, "encroachment");
    for (size_t z = 0; !st && z < en->nzones; z++)
        family[z] = (uint32_t)(z / (1 + o->nrings));

    zg_crs plane = {0};
    PJ *to_plane = NULL, *from_plane = NULL, *to_ll = NULL, *wgs = NULL;
    bool same = false;
    if (!st)
        st = zg_plane_crs_resolve(ctx, o->plane_crs, &plane);
    if (!st) {
        en->plane_label = zg_strdup(ctx, plane.label);
        same = proj_is_equivalent_to_with_ctx(ctx->pj, plane.pj,
                                              clusters->crs.pj,
                                              PJ_COMP_EQUIVALENT);
        if (!same) {
            to_plane = zg_crs_transform_new(ctx, clusters->crs.pj, plane.pj);
            from_plane = zg_crs_transform_new(ctx, plane.pj, clusters->crs.pj);
        }
        wgs = zg_crs_wgs84_new(ctx);
        to_ll = wgs ? zg_crs_transform_new(ctx, clusters->crs.pj, wgs) : NULL;
        if (!en->plane_label)
            st = zg_nomem(ctx, "plane");
        else if (!to_ll || (!same && (!to_plane || !from_plane)))
            st = zg_fail(ctx, ZG_ERR_CRS, "no transformation between %s, %s "
                         "and WGS 84", clusters->crs.label, plane.label);
    }
    /* Rings are buffered in the plane: outside its area of use its metres
     * are not the ground's (a TM-3 zone's scale grows as the square of
     * the distance from its meridian). Refused, not distorted. */
    double aou[4];
    if (!st && zg_plane_area_of_use(ctx, &plane, aou))
        for (size_t i = 0; !st && i < clusters->n; i++)
            if (!zg_inside_area_of_use(ctx, clusters->feats[i].geom_ll, aou))
                st = zg_fail(ctx, ZG_ERR_CRS, "the rings around it would be "
                             "drawn in the plane %s outside its area of use "
                             "(%.2f..%.2f E, %.2f..%.2f N), where its metres "
                             "are not the ground's: choose another plane "
                             "(setting 'plane_crs') (%s, "
                             "layer %s, feature %s)", plane.label, aou[0],
                             aou[2], aou[1], aou[3], clusters->path,
                             clusters->layer_name, clusters->feats[i].id);
    post_pool pool;
    memset(&pool, 0, sizeof pool);
    if (!st) {
        int nt = o->threads > 0 ? o->threads : zg_default_threads();
        size_t npool = (size_t)(nt > 0 ? nt : 1);
        if (npool > clusters->n)
            npool = clusters->n ? clusters->n : 1;
        st = pool_new(ctx, npool, to_ll, to_plane, from_plane, &pool);
    }
    if (!st && !en->planning && zones_fit(planned, en)) {
        /* The zones the plan made, the same as they would be made again:
         * taken, only their areas are left to measure. */
        for (size_t z = 0; z < en->nzones; z++) {
            en->zone_cut[z] = planned->zone_cut[z];
            planned->zone_cut[z] = NULL;
        }
        for (size_t c = 0; c < clusters->n; c++) {
            cplane[c] = planned->cplane[c];
            planned->cplane[c] = NULL;
        }
        post_pass zp = {en, zone_areas, 0, NULL, NULL, cplane};
        st = run_pass(ctx, &pool, &zp, NULL);
    } else if (!st) {
        post_pass zp = {en, cluster_zones, 0, NULL, NULL, cplane};
        st = run_pass(ctx, &pool, &zp, NULL);
    }

    zg_codes *codes = NULL;
    if (!st && (o->code_field || o->classify)) {
        st = zg_codes_load(ctx, o->codes, &codes);
        if (!st && !(en->by_code = zg_asprintf(
                         ctx, " residential_by_code=yes "
                         "residential_code_field=%s residential_codes=%s",
                         o->code_field ? o->code_field : "",
                         zg_codes_source(codes))))
            st = zg_nomem(ctx, "options");
    }
    struct keep_ud kud = {codes};
    zg_stream_opts latest = {0}; /* the last date's stream, for far_nearest */
    for (size_t e = 0; e < nepochs && !st; e++) {
        zg_stream_opts so = {0};
        so.input = residential[e];
        so.classify = o->classify || o->code_field != NULL;
        so.code_field = o->code_field;
        so.keep_class = so.classify ? keep_residential : NULL;
        so.keep_ud = &kud;
        so.threads = o->threads > 0 ? o->threads : zg_default_threads();
        so.cut_crs = &clusters->crs;
        so.zones = (const GEOSGeometry *const *)en->zone_cut;
        so.nzones = en->nzones;
        so.keep_geometry = true;
        so.count_near_dropped = true;
        so.zone_family = family;
        so.progress_lo = (double)e / (double)nepochs * 0.8;
        so.progress_hi = (double)(e + 1) / (double)nepochs * 0.8;
        latest = so;
        zg_stream_result sr;
        st = zg_stream_overlay(ctx, &so, &sr);
        if (!st) {
            en->covers[e] = sr.candidates > 0 || sr.near_dropped > 0;
            en->sources[e] = sr.source; /* keep the provenance */
            sr.source = NULL;
        }
        /* The tables are written beside the last date's work (never
         * while a run plans its reads: nothing is computed then). */
        if (!st)
            st = post_date(ctx, &pool, en, e, &sr, cplane,
                           e + 1 == nepochs && !en->planning ? o->out
                                                              : NULL);
        zg_stream_result_clear(ctx, &sr);
    }
    pool_free(ctx, &pool);
    /* While a run plans its reads, the dates read as empty: no far
     * search follows from them. */
    if (!st && !zg_stream_planning(ctx)) {
        latest.count_near_dropped = false; /* distances only */
        latest.progress_lo = 0.8;
        latest.progress_hi = 0.9;
        st = far_nearest(ctx, en, clusters, latest, cplane, to_plane,
                         from_plane);
    }
    zg_codes_free(codes);
    zg_free(ctx, family);
    if (!st && en->planning) {
        en->cplane = cplane; /* for the compute for real */
        cplane = NULL;
    }
    for (size_t c = 0; cplane && c < clusters->n; c++)
        if (cplane[c])
            GEOSGeom_destroy_r(h, cplane[c]);
    zg_free(ctx, cplane);
    proj_destroy(to_plane);
    proj_destroy(from_plane);
    proj_destroy(to_ll);
    proj_destroy(wgs);
    zg_crs_clear(ctx, &plane);
    zg_encroach_opts_free(own);
    if (st) {
        zg_encroach_free(en);
        return st;
    }
    *out = en;
    return zg_progress(ctx, 0, 1, 1.0, "encroach");
}

void zg_encroach_free(zg_encroach *en)
{
    if (!en)
        return;
    zg_ctx *ctx = en->ctx;
    GEOSContextHandle_t h = ctx->geos;
    for (size_t z = 0; en->zone_cut && z < en->nzones; z++)
        if (en->zone_cut[z])
            GEOSGeom_destroy_r(h, en->zone_cut[z]);
    for (size_t i = 0; en->ze && i < en->nzones * en->nepochs; i++) {
        if (en->ze[i].resid)
            GEOSGeom_destroy_r(h, en->ze[i].resid);
        if (en->ze[i].resid_ll)
            GEOSGeom_destroy_r(h, en->ze[i].resid_ll);
        zg_free(ctx, en->ze[i].poly_m2);
        if (en->added && en->added[i].geom_ll)
            GEOSGeom_destroy_r(h, en->added[i].geom_ll);
        if (en->lost && en->lost[i].geom_ll)
            GEOSGeom_destroy_r(h, en->lost[i].geom_ll);
    }
    for (size_t e = 0; e < en->nepochs; e++) {
        zg_free(ctx, en->epochs[e]);
        zg_layer_free(en->sources[e]);
    }
    for (size_t c = 0; en->cplane && c < en->clusters->n; c++)
        if (en->cplane[c])
            GEOSGeom_destroy_r(h, en->cplane[c]);
    zg_free(ctx, en->cplane);
    zg_free(ctx, en->zone_cut);
    zg_free(ctx, en->zone_m2);
    zg_free(ctx, en->ze);
    zg_free(ctx, en->added);
    zg_free(ctx, en->lost);
    zg_free(ctx, en->nearest_m);
    zg_free(ctx, en->new_inside_m2);
    zg_free(ctx, en->plane_label);
    zg_free(ctx, en->by_code);
    zg_qa_clear(ctx, &en->qa);
    zg_free(ctx, en);
}

/* ---- accessors ----------------------------------------------------------- */

/* Zone name k of a cluster: "inside" or "ring_a_b" (metres). */
static void zone_name(const zg_encroach *en, size_t k, char *buf, size_t cap)
{
    if (k == 0) {
        snprintf(buf, cap, "inside");
        return;
    }
    snprintf(buf, cap, "ring_%g_%g", k == 1 ? 0.0 : en->rings_m[k - 2],
             en->rings_m[k - 1]);
}

double zg_encroach_resid_m2(const zg_encroach *en, size_t cluster,
                            size_t zone, size_t epoch)
{
    size_t per = 1 + en->nrings;
    if (!en || cluster >= en->clusters->n || zone >= per ||
        epoch >= en->nepochs)
        return NAN;
    return en->ze[(cluster * per + zone) * en->nepochs + epoch].resid_m2;
}

double zg_encroach_nearest_m(const zg_encroach *en, size_t cluster)
{
    return en && cluster < en->clusters->n ? en->nearest_m[cluster] : NAN;
}

const char *zg_encroach_nearest_where(const zg_encroach *en, size_t cluster)
{
    double d = zg_encroach_nearest_m(en, cluster);
    if (isnan(d))
        return NULL;
    if (d > ZG_TOUCH_M)
        return "outside";
    /* At 0 m: housing inside, or only along the boundary (a shared edge
     * or corner, no area inside), which a bare 0.0 m would hide. */
    size_t per = 1 + en->nrings;
    return en->ze[(cluster * per) * en->nepochs + en->nepochs - 1].resid_m2 > 0
               ? "inside" : "touches the boundary";
}

/* ---- output ------------------------------------------------------------- */

static const zg_col ENC_COLS[] = {
    {"pk", ZG_COL_INT},       {"cluster_id", ZG_COL_TEXT},
    {"epoch", ZG_COL_TEXT},   {"zone", ZG_COL_TEXT},
    {"zone_ha", ZG_COL_REAL}, {"residential_ha", ZG_COL_REAL},
    {"share_pct", ZG_COL_REAL}};

struct enc_rows {
    const zg_encroach *en;
    char zname[64];
    bool lost;
    size_t pair_from; /* for per-pair GeoJSON: only this pair; 0 = all */
    size_t *index;    /* change rows: row -> (zone * nepochs + e) */
    size_t n;
    post_pool *wait;  /* rows wait for their cluster's job; NULL: done */
};

/* Whether the row of cluster cl may be read (write_during). */
static zg_status row_ready(const struct enc_rows *rw, size_t cl)
{
    if (cluster_ready(rw->wait, cl))
        return ZG_OK;
    return zg_fail(rw->en->ctx, ZG_ERR_INTERNAL, "cluster %s was not "
                   "worked out", rw->en->clusters->feats[cl].id);
}

static zg_status enc_row(void *ud, size_t r, zg_cell *c,
                         const GEOSGeometry **geom)
{
    struct enc_rows *rw = ud;
    const zg_encroach *en = rw->en;
    size_t per = 1 + en->nrings;
    size_t e = r % en->nepochs, z = r / en->nepochs;
    size_t cl = z / per, k = z % per;
    zg_status st = row_ready(rw, cl);
    if (st)
        return st;
    zone_name(en, k, rw->zname, sizeof rw->zname);
    double resid = en->ze[z * en->nepochs + e].resid_m2;
    c[0].i = (long long)r + 1;
    c[1].s = en->clusters->feats[cl].id;
    c[2].s = en->epochs[e];
    c[3].s = rw->zname;
    c[4].d = en->zone_m2[z] / 1e4;
    c[5].d = resid / 1e4;
    c[6].d = en->zone_m2[z] > 0 ? 100.0 * resid / en->zone_m2[z] : NAN;
    *geom = en->ze[z * en->nepochs + e].resid_ll;
    return ZG_OK;
}

static const zg_col CHG_NEW[] = {
    {"pk", ZG_COL_INT},         {"cluster_id", ZG_COL_TEXT},
    {"zone", ZG_COL_TEXT},      {"from_epoch", ZG_COL_TEXT},
    {"to_epoch", ZG_COL_TEXT},  {"new_ha", ZG_COL_REAL}};
static const zg_col CHG_LOST[] = {
    {"pk", ZG_COL_INT},         {"cluster_id", ZG_COL_TEXT},
    {"zone", ZG_COL_TEXT},      {"from_epoch", ZG_COL_TEXT},
    {"to_epoch", ZG_COL_TEXT},  {"lost_ha", ZG_COL_REAL}};

static zg_status chg_row(void *ud, size_t r, zg_cell *c,
                         const GEOSGeometry **geom)
{
    struct enc_rows *rw = ud;
    const zg_encroach *en = rw->en;
    size_t per = 1 + en->nrings;
    size_t idx = rw->index[r];
    size_t z = idx / en->nepochs, e = idx % en->nepochs;
    zg_status st = row_ready(rw, z / per);
    if (st)
        return st;
    zone_name(en, z % per, rw->zname, sizeof rw->zname);
    const change *ch = rw->lost ? &en->lost[idx] : &en->added[idx];
    c[0].i = (long long)r + 1;
    c[1].s = en->clusters->feats[z / per].id;
    c[2].s = rw->zname;
    c[3].s = en->epochs[e - 1];
    c[4].s = en->epochs[e];
    c[5].d = ch->area_m2 / 1e4;
    *geom = ch->geom_ll;
    return ZG_OK;
}

/* Rows of a change table: every (zone, later date), optionally one pair. */
static zg_status change_index(zg_ctx *ctx, struct enc_rows *rw, size_t only_e)
{
    const zg_encroach *en = rw->en;
    rw->index = zg_calloc(ctx, en->nzones * en->nepochs + 1,
                          sizeof *rw->index);
    if (!rw->index)
        return zg_nomem(ctx, "rows");
    rw->n = 0;
    for (size_t z = 0; z < en->nzones; z++)
        for (size_t e = 1; e < en->nepochs; e++)
            if (!only_e || e == only_e)
                rw->index[rw->n++] = z * en->nepochs + e;
    return ZG_OK;
}

/* The residential inputs and the encroachment tables; rows wait for
 * their cluster's job when `wait`. */
static zg_status write_tables(zg_output *out, const zg_encroach *en,
                              post_pool *wait)
{
    zg_ctx *ctx = out->ctx;
    zg_status st = ZG_OK;
    for (size_t e = 0; e < en->nepochs && !st; e++)
        if (en->sources[e]) {
            st = zg_output_add_input(out, en->sources[e]);
        }
    struct enc_rows rw = {en, "", false, 0, NULL, 0, wait};
    /* Each row carries the housing of its zone and date as geometry, so
     * that an analyst sees where it is (and the map draws the latest). */
    zg_table t = {"encroachment", ENC_COLS, sizeof ENC_COLS / sizeof *ENC_COLS,
                  en->nzones * en->nepochs, true, "MULTIPOLYGON", enc_row,
                  &rw};
    if (!st)
        st = zg_table_write_sqlite(out, &t);
    for (int lost = 0; lost < 2 && !st; lost++) {
        struct enc_rows cr = {en, "", lost == 1, 0, NULL, 0, wait};
        st = change_index(ctx, &cr, 0);
        zg_table ct = {lost ? "encroachment_lost" : "encroachment_new",
                       lost ? CHG_LOST : CHG_NEW, 6, cr.n, true,
                       "MULTIPOLYGON", chg_row, &cr};
        if (!st)
            st = zg_table_write_sqlite(out, &ct);
        zg_free(ctx, cr.index);
    }
    return st;
}

zg_status zg_output_write_encroach(zg_output *out, const zg_encroach *en)
{
    /* The tables, unless written while computing. */
    zg_status st = en->written == out ? ZG_OK : write_tables(out, en, NULL);
    /* Summary per cluster, in the rows this run wrote to clusters. */
    static const char *const SUMMARY[] = {
        "resid_inside_ha", "resid_new_inside_ha", "nearest_residential_m",
        "nearest_residential_where"};
    for (int i = 0; i < 4 && !st; i++)
        st = zg_schema_add_column(out, "clusters", SUMMARY[i],
                                  i < 3 ? "REAL" : "TEXT");
    sqlite3_stmt *s = NULL;
    sqlite3_int64 base = 0;
    if (!st)
        st = zg_output_key_base(out, "clusters", "fid", &base);
    if (!st)
        st = zg_sql_prepare(out, "UPDATE clusters SET resid_inside_ha = ?, "
                                 "resid_new_inside_ha = ?, "
                                 "nearest_residential_m = ?, "
                                 "nearest_residential_where = ? WHERE "
                                 "fid = ? AND run_id = ?", &s);
    if (!st)
        st = zg_sql_exec(out, "BEGIN");
    size_t per = 1 + en->nrings, last = en->nepochs - 1;
    for (size_t c = 0; c < en->clusters->n && !st; c++) {
        const zone_epoch *in = &en->ze[(c * per) * en->nepochs];
        double new_m2 = en->new_inside_m2[c];
        sqlite3_reset(s);
        sqlite3_bind_double(s, 1, in[last].resid_m2 / 1e4);
        if (isnan(new_m2))
            sqlite3_bind_null(s, 2);
        else
            sqlite3_bind_double(s, 2, new_m2 / 1e4);
        if (isnan(en->nearest_m[c]))
            sqlite3_bind_null(s, 3);
        else
            sqlite3_bind_double(s, 3, en->nearest_m[c]);
        const char *where = zg_encroach_nearest_where(en, c);
        if (where)
            sqlite3_bind_text(s, 4, where, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(s, 4);
        sqlite3_bind_int64(s, 5, base + (sqlite3_int64)c + 1);
        sqlite3_bind_int64(s, 6, out->run_id);
        if (!st && sqlite3_step(s) != SQLITE_DONE)
            st = zg_sql_fail(out, "update clusters");
    }
    sqlite3_finalize(s);
    if (!st)
        st = zg_sql_exec(out, "COMMIT");
    if (!st) {
        char opt[512];
        int n = snprintf(opt, sizeof opt, " change_min_m2=%g plane_crs=%s "
                         "rings_m=", ZG_CHANGE_MIN_M2, en->plane_label);
        for (size_t k = 0; k < en->nrings && n > 0 && (size_t)n < sizeof opt;
             k++)
            n += snprintf(opt + n, sizeof opt - (size_t)n, "%s%g",
                          k ? "," : "", en->rings_m[k]);
        st = zg_output_append_options(out, opt);
        if (!st)
            st = zg_output_append_options(out, en->by_code
                                                   ? en->by_code
                                                   : " residential_by_code"
                                                     "=no");
    }
    return st;
}

zg_status zg_write_encroach_geojson(zg_ctx *ctx, const char *dir,
                                    unsigned flags, const zg_encroach *en)
{
    zg_status st = ZG_OK;
    /* Epoch labels come from the user: the file names are made plain
     * (zg_safe_name), and must still be one per pair of dates ("a_b" then
     * "c" and "a" then "b_c" would both give a_b_c). */
    char names[ZG_MAX_EPOCHS][160];
    for (size_t e = 1; e < en->nepochs && !st; e++) {
        char a[64], b[64];
        zg_safe_name(en->epochs[e - 1], a, sizeof a);
        zg_safe_name(en->epochs[e], b, sizeof b);
        snprintf(names[e], sizeof names[e], "encroachment_new_%s_%s.geojson",
                 a, b);
        for (size_t f = 1; f < e && !st; f++)
            if (strcmp(names[e], names[f]) == 0)
                st = zg_fail(ctx, ZG_ERR_USAGE, "dates %s to %s and %s to %s "
                             "would both be written to %s: give date labels "
                             "that differ in their letters or digits",
                             en->epochs[f - 1], en->epochs[f],
                             en->epochs[e - 1], en->epochs[e], names[e]);
    }
    for (size_t e = 1; e < en->nepochs && !st; e++) {
        struct enc_rows cr = {en, "", false, e, NULL, 0, NULL};
        st = change_index(ctx, &cr, e);
        char *path = st ? NULL : zg_asprintf(ctx, "%s/%s", dir, names[e]);
        if (!st && !path)
            st = zg_nomem(ctx, "path");
        zg_table ct = {"encroachment_new", CHG_NEW, 6, cr.n, true,
                       "MULTIPOLYGON", chg_row, &cr};
        if (!st)
            st = zg_table_write_geojson(ctx, path, flags, &ct);
        zg_free(ctx, path);
        zg_free(ctx, cr.index);
    }
    return st;
}

size_t zg_encroach_nrings(const zg_encroach *en) { return en->nrings; }
size_t zg_encroach_nepochs(const zg_encroach *en) { return en->nepochs; }

const GEOSGeometry *zg_encroach_union(const zg_encroach *en, size_t cluster,
                                      size_t zone, size_t epoch)
{
    size_t per = 1 + en->nrings;
    return en->ze[(cluster * per + zone) * en->nepochs + epoch].resid;
}

double zg_encroach_added_m2(const zg_encroach *en, size_t cluster,
                            size_t zone, size_t epoch)
{
    size_t per = 1 + en->nrings;
    return epoch ? en->added[(cluster * per + zone) * en->nepochs + epoch]
                       .area_m2
                 : 0;
}

double zg_encroach_reach_m(const zg_encroach *en)
{
    return en->nrings ? en->rings_m[en->nrings - 1] : 0;
}

bool zg_encroach_covers(const zg_encroach *en, size_t e)
{
    return en && e < en->nepochs && en->covers[e];
}

const zg_layer *zg_encroach_source(const zg_encroach *en, size_t e)
{
    return e < en->nepochs ? en->sources[e] : NULL;
}
