/* SPDX-License-Identifier: MIT
 *
 * reserve.c: the land still available for industry inside each cluster:
 * the cluster minus housing, water, the other land-use roles marked
 * unbuildable (sensitive receptors by default), and what existing parks
 * already hold. The land-use layer and the latest residential layer are
 * each streamed once against the clusters (stream.c); the free land is a
 * geometric difference, measured on the ellipsoid, and kept as polygons
 * for the reservation map.
 */
#include "../overlay/overlay.h"

#include "analyses_int.h"
#include "settings_int.h"
#include "../output/table_writer.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_ROLES 12

struct zg_reserve_opts {
    zg_ctx *ctx;
    char *roles[MAX_ROLES]; /* unbuildable roles */
    size_t nroles;
    char *code_field;
    char *resid_code_field; /* the --residential layer is a land-use map */
    char *codes;
    int threads;
    const zg_input_opts *occupied[ZG_RESERVE_MAX_OCCUPIED]; /* borrowed */
    size_t noccupied;
};

typedef struct reserve_row {
    double cluster_m2, resid_m2, water_m2, other_m2, park_m2, occupied_m2,
        free_m2;
    /* What no parcel of the land-use map covers (NAN without a map). */
    double unmapped_m2;
    bool no_parcel; /* a map, but no parcel of it in the cluster */
    char unseen[320]; /* what the free land could not see; "" nothing */
    GEOSGeometry *free_ll;
} reserve_row;

struct zg_reserve {
    zg_ctx *ctx;
    const zg_layer *clusters;
    reserve_row *rows;
    zg_layer *sources[2 + ZG_RESERVE_MAX_OCCUPIED];
    char *roles_text;
};

zg_reserve_opts *zg_reserve_opts_new(zg_ctx *ctx)
{
    zg_reserve_opts *o = zg_calloc(ctx, 1, sizeof *o);
    if (!o)
        return NULL;
    o->ctx = ctx;
    o->codes = zg_strdup(ctx, "tt08_2024");
    if (!o->codes || zg_reserve_opts_set_unbuildable(o, "residential,water,"
                                                        "sensitive")) {
        zg_reserve_opts_free(o);
        return NULL;
    }
    return o;
}

void zg_reserve_opts_free(zg_reserve_opts *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->nroles; i++)
        zg_free(o->ctx, o->roles[i]);
    zg_free(o->ctx, o->code_field);
    zg_free(o->ctx, o->resid_code_field);
    zg_free(o->ctx, o->codes);
    zg_free(o->ctx, o);
}

zg_status zg_reserve_opts_set_unbuildable(zg_reserve_opts *o,
                                          const char *roles)
{
    /* The roles are checked against the table of settings. */
    zg_status st = roles && *roles ? zg_setting_check(o->ctx, "unbuildable",
                                                      roles, NULL, NULL)
                                   : ZG_OK;
    if (st)
        return st;
    for (size_t i = 0; i < o->nroles; i++)
        zg_free(o->ctx, o->roles[i]);
    o->nroles = 0;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", roles ? roles : "");
    for (char *save = NULL, *r = strtok_r(buf, ",", &save); r;
         r = strtok_r(NULL, ",", &save)) {
        if (o->nroles == MAX_ROLES)
            return zg_fail(o->ctx, ZG_ERR_USAGE, "setting 'unbuildable' "
                           "gives more than %d roles", MAX_ROLES);
        if (!(o->roles[o->nroles] = zg_strdup(o->ctx, r)))
            return zg_nomem(o->ctx, "roles");
        o->nroles++;
    }
    return ZG_OK;
}

zg_status zg_reserve_opts_set_code_field(zg_reserve_opts *o, const char *f)
{
    return zg_opt_string(o->ctx, &o->code_field, f);
}

zg_status zg_reserve_opts_set_residential_code_field(zg_reserve_opts *o,
                                                    const char *f)
{
    return zg_opt_string(o->ctx, &o->resid_code_field, f);
}

zg_status zg_reserve_opts_set_codes(zg_reserve_opts *o, const char *codes)
{
    char *c = zg_strdup(o->ctx, codes ? codes : "tt08_2024");
    if (!c)
        return zg_nomem(o->ctx, "option");
    zg_free(o->ctx, o->codes);
    o->codes = c;
    return ZG_OK;
}

zg_status zg_reserve_opts_set_threads(zg_reserve_opts *o, int threads)
{
    zg_status st = zg_setting_check_threads(o->ctx, threads);
    if (st)
        return st;
    o->threads = threads;
    return ZG_OK;
}

zg_status zg_reserve_opts_add_occupied(zg_reserve_opts *o,
                                       const zg_input_opts *in)
{
    if (o->noccupied == ZG_RESERVE_MAX_OCCUPIED)
        return zg_fail(o->ctx, ZG_ERR_USAGE, "at most %d occupied layers "
                       "(occupied)", ZG_RESERVE_MAX_OCCUPIED);
    o->occupied[o->noccupied++] = in;
    return ZG_OK;
}

/* ---- code filters ------------------------------------------------------- */

struct role_filter {
    const zg_codes *codes;
    const zg_reserve_opts *o;
    const char *only; /* one role, or NULL for every unbuildable role */
    bool exclude_named; /* with only: every unbuildable role but the
                           residential and water ones */
};

static bool keep_role(const char *code, void *ud)
{
    const struct role_filter *f = ud;
    const char *role = zg_codes_role(f->codes, code);
    if (!role)
        return false;
    if (f->only)
        return strcmp(role, f->only) == 0;
    for (size_t i = 0; i < f->o->nroles; i++)
        if (strcmp(role, f->o->roles[i]) == 0)
            return !f->exclude_named || (strcmp(role, "residential") != 0 &&
                                         strcmp(role, "water") != 0);
    return false;
}

static bool role_listed(const zg_reserve_opts *o, const char *role)
{
    for (size_t i = 0; i < o->nroles; i++)
        if (strcmp(o->roles[i], role) == 0)
            return true;
    return false;
}

/* ---- geometry helpers --------------------------------------------------- */

static double area_ll(zg_ctx *ctx, const GEOSGeometry *g, PJ *to_ll)
{
    if (!g || GEOSisEmpty_r(ctx->geos, g) == 1)
        return 0;
    GEOSGeometry *ll = zg_geom_transform(ctx, g, to_ll, NULL);
    if (!ll)
        return NAN;
    double a = zg_geodesic_area_m2(ctx, ll);
    GEOSGeom_destroy_r(ctx->geos, ll);
    return a;
}

/* *acc = *acc ∪ g (takes g). */
static zg_status absorb(zg_ctx *ctx, GEOSGeometry **acc, GEOSGeometry *g)
{
    if (!g)
        return ZG_OK;
    if (!*acc) {
        *acc = g;
        return ZG_OK;
    }
    GEOSGeometry *u = GEOSUnion_r(ctx->geos, *acc, g);
    GEOSGeom_destroy_r(ctx->geos, g);
    if (!u)
        return zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot union: %s",
                       zg_geos_lastmsg(ctx));
    GEOSGeom_destroy_r(ctx->geos, *acc);
    *acc = u;
    return ZG_OK;
}

/* Does the streamed layer hold anything (of any code) near the clusters?
 * When not, warn: an empty layer, or one of another place, would make
 * every cluster look free. */
static bool covers(zg_ctx *ctx, const zg_stream_result *sr)
{
    if (sr->candidates > 0 || sr->near_dropped > 0)
        return true;
    char *where = zg_layer_label(ctx, sr->source);
    zg_msg(ctx, ZG_MSG_WARNING, "%s has no feature near the clusters: the "
           "free land is not known (left empty)", where ? where : "a layer");
    zg_free(ctx, where);
    return false;
}

static zg_status stream(zg_ctx *ctx, const zg_layer *cl,
                        const zg_input_opts *in, const zg_reserve_opts *o,
                        const char *code_field,
                        bool classify, bool (*keep)(const char *, void *),
                        void *ud, double lo, double hi, zg_stream_result *sr)
{
    const GEOSGeometry **zones = zg_calloc(ctx, cl->n + 1, sizeof *zones);
    if (!zones)
        return zg_nomem(ctx, "zones");
    for (size_t i = 0; i < cl->n; i++)
        zones[i] = cl->feats[i].geom_src;
    zg_stream_opts so = {0};
    so.input = in;
    so.classify = classify;
    so.code_field = code_field;
    so.keep_class = keep;
    so.keep_ud = ud;
    so.threads = o->threads > 0 ? o->threads : zg_default_threads();
    so.cut_crs = &cl->crs;
    so.zones = zones;
    so.nzones = cl->n;
    so.keep_geometry = true;
    so.count_near_dropped = true;
    so.progress_lo = lo;
    so.progress_hi = hi;
    zg_status st = zg_stream_overlay(ctx, &so, sr);
    zg_free(ctx, (void *)zones);
    return st;
}

/* Land of the cluster (zone, the clusters' CRS) no piece in [first,
 * last) covers, m², into *out: counted as free (nothing the inputs hold
 * is on it), and said so: the cluster less its pieces' areas (exact
 * sums of 1e-6 m²). The union of every parcel instead made `reserve`
 * three times as slow on the bench's 300 000 parcels. Parcels that
 * overlap each other make it short by their overlap (`landuse` logs
 * such overlaps). */
static void unmapped(zg_ctx *ctx, const zg_stream_result *sr, size_t first,
                     size_t last, const GEOSGeometry *zone, PJ *to_ll,
                     double *out)
{
    int64_t sum_um2 = 0;
    for (size_t i = first; i < last; i++)
        sum_um2 += sr->pieces[i].area_um2;
    double u = area_ll(ctx, zone, to_ll) - (double)sum_um2 / 1e6;
    *out = u > 0 ? u : 0;
}

/* What the free land of row r could not see, in words (r->unseen). */
static void unseen_text(reserve_row *r, bool map, bool map_blind,
                        bool map_none, bool res_blind, bool occupied)
{
    char *u = r->unseen;
    size_t cap = sizeof r->unseen;
    u[0] = '\0';
    if (!map)
        snprintf(u, cap, "no land-use map: water and unbuildable land not "
                 "taken out; ");
    else if (map_blind)
        snprintf(u, cap, "the land-use map has no parcel near the clusters: "
                 "free land unknown; ");
    else if (map_none)
        snprintf(u, cap, "no land-use parcel in the cluster: free land "
                 "unknown; ");
    else if (r->unmapped_m2 >= 1.0) /* slivers of a map drawn to the edge */
        snprintf(u, cap, "%.2f ha not on the land-use map, counted as free; ",
                 r->unmapped_m2 / 1e4);
    if (res_blind)
        snprintf(u + strlen(u), cap - strlen(u), "the housing layer has "
                 "nothing near the clusters: free land unknown; ");
    if (!occupied)
        snprintf(u + strlen(u), cap - strlen(u), "no occupied layer: land "
                 "factories stand on counts as free; ");
    size_t n = strlen(u);
    if (n >= 2)
        u[n - 2] = '\0'; /* the last "; " */
}

/* ---- per cluster, on the threads ---------------------------------------- */

/* What the clusters' jobs share. The work of a cluster depends on it
 * alone (its pieces, its accumulators), so the numbers are the same
 * whatever the threads; the streams, and their messages, stay on the
 * caller's thread. */
typedef struct reserve_work {
    zg_reserve *rv;
    const zg_reserve_opts *o;
    const zg_codes *codes;
    const zg_stream_result *sr; /* the layer just streamed */
    const size_t *at;           /* sr's first piece of each cluster */
    /* With the land-use layer's sr: per class of sr, the union its pieces
     * go to (enum part). */
    const unsigned char *part_of;
    /* Per cluster, what is not free, each part kept apart (and measured)
     * until finish_job unites them: housing (the map's residential land
     * and the footprints), water, the other unbuildable land, the
     * occupied land. */
    GEOSGeometry **housing, **water, **other, **occupied;
    GEOSGeometry *const *parks; /* in the clusters' CRS; nparks */
    size_t nparks;
    bool landuse, lu_blind, res_blind, occ_blind;
} reserve_work;

/* A thread's transformation to WGS 84 (zg_worker.state), in its context. */
static PJ *worker_to_ll(const zg_worker *w) { return w->state; }

/* ---- union by groups ---------------------------------------------------- */

struct groups {
    size_t *parent; /* union-find over the kept pieces */
    size_t self;    /* the piece whose neighbours are asked for */
};

static size_t group_root(size_t *parent, size_t i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

static void group_join(void *item, void *ud)
{
    struct groups *gs = ud;
    size_t a = group_root(gs->parent, (size_t)(uintptr_t)item - 1);
    size_t b = group_root(gs->parent, gs->self);
    if (a != b)
        gs->parent[a > b ? a : b] = a < b ? a : b;
}

/* The union of the pieces i in [first, last) that keep(sr, i, ud) keeps,
 * as zg_stream_union_where gives it, into *out (NULL when none). The
 * pieces whose boxes meet, directly or through others, are united as a
 * group, each group apart; the groups, whose boxes do not meet, are then
 * side by side in one multipolygon. GEOS 3.11's cascaded union unites
 * all the pieces in one tree, re-noding each edge at every level of it,
 * though most pieces of a role lie apart (GEOS 3.12 gives the same as
 * this: GEOSDisjointSubsetUnion). */
static zg_status union_grouped(zg_ctx *ctx, const zg_stream_result *sr,
                               size_t first, size_t last,
                               bool (*keep)(const zg_stream_result *sr,
                                            size_t i, void *ud),
                               void *ud, GEOSGeometry **out)
{
    GEOSContextHandle_t h = ctx->geos;
    *out = NULL;
    size_t n = 0, cap = last - first + 1;
    size_t *idx = zg_calloc(ctx, cap, sizeof *idx);
    size_t *parent = zg_calloc(ctx, cap, sizeof *parent);
    size_t *order = zg_calloc(ctx, cap, sizeof *order);
    GEOSGeometry **g = zg_calloc(ctx, cap, sizeof *g);
    GEOSGeometry **parts = NULL;
    GEOSSTRtree *tree = NULL;
    zg_status st = idx && parent && order && g ? ZG_OK
                                              : zg_nomem(ctx, "pieces");
    /* A union has no more polygons than its pieces have. */
    size_t npolys = 0;
    for (size_t i = first; !st && i < last; i++)
        if (!keep || keep(sr, i, ud)) {
            int np = GEOSGetNumGeometries_r(h, sr->pieces[i].geom);
            npolys += np > 0 ? (size_t)np : 0;
            parent[n] = n;
            idx[n++] = i;
        }
    if (!st && n > 1 && !(tree = GEOSSTRtree_create_r(h, 10)))
        st = zg_nomem(ctx, "pieces");
    for (size_t k = 0; !st && tree && k < n; k++)
        GEOSSTRtree_insert_r(h, tree, sr->pieces[idx[k]].geom,
                             (void *)(uintptr_t)(k + 1));
    struct groups gs = {parent, 0};
    for (size_t k = 0; !st && tree && k < n; k++) {
        gs.self = k;
        GEOSSTRtree_query_r(h, tree, sr->pieces[idx[k]].geom, group_join,
                            &gs);
    }
    /* Each group's pieces, in their order; groups in the order of their
     * first piece (its root: the least index). */
    size_t *start = NULL;
    if (!st) {
        start = zg_calloc(ctx, n + 2, sizeof *start);
        if (!start)
            st = zg_nomem(ctx, "pieces");
    }
    for (size_t k = 0; !st && k < n; k++) {
        start[group_root(parent, k) + 1]++; /* counts, per root */
    }
    /* Prefix sums over roots (non-roots count 0), then place. */
    for (size_t k = 0; !st && k < n; k++)
        start[k + 1] += start[k];
    for (size_t k = 0; !st && k < n; k++)
        order[start[group_root(parent, k)]++] = k;
    /* start[r] is now the end of root r's group. */
    if (!st && n && !(parts = zg_calloc(ctx, npolys + 1, sizeof *parts)))
        st = zg_nomem(ctx, "pieces");
    size_t nparts = 0;
    for (size_t a = 0; !st && a < n;) {
        size_t r = group_root(parent, order[a]), b = start[r], m = 0;
        for (size_t k = a; !st && k < b; k++) {
            if (!(g[m] = GEOSGeom_clone_r(h, sr->pieces[idx[order[k]]].geom)))
                st = zg_nomem(ctx, "pieces");
            else
                m++;
        }
        GEOSGeometry *coll = st ? NULL
                                : GEOSGeom_createCollection_r(
                                      h, GEOS_GEOMETRYCOLLECTION, g,
                                      (unsigned int)m);
        if (!st && !coll)
            st = zg_nomem(ctx, "pieces");
        if (!st) {
            GEOSGeometry *u = GEOSUnaryUnion_r(h, coll);
            GEOSGeom_destroy_r(h, coll);
            m = 0;
            if (!u)
                st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot union pieces: "
                             "%s", zg_geos_lastmsg(ctx));
            /* Its polygons, side by side with the other groups'. */
            int np = u ? GEOSGetNumGeometries_r(h, u) : 0;
            for (int q = 0; !st && q < np; q++) {
                const GEOSGeometry *pg = GEOSGetGeometryN_r(h, u, q);
                if (GEOSGeomTypeId_r(h, pg) != GEOS_POLYGON ||
                    GEOSisEmpty_r(h, pg) == 1)
                    continue;
                if (nparts == npolys) { /* never (see npolys) */
                    st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS: a union of "
                                 "pieces has more polygons than they");
                    break;
                }
                GEOSGeometry *c = GEOSGeom_clone_r(h, pg);
                if (!c)
                    st = zg_nomem(ctx, "pieces");
                else
                    parts[nparts++] = c;
            }
            if (u)
                GEOSGeom_destroy_r(h, u);
        }
        for (size_t k = 0; k < m; k++)
            GEOSGeom_destroy_r(h, g[k]);
        a = b;
    }
    if (!st && nparts) {
        GEOSGeometry *mp = GEOSGeom_createCollection_r(
            h, GEOS_MULTIPOLYGON, parts, (unsigned int)nparts);
        if (!mp)
            st = zg_nomem(ctx, "pieces");
        else {
            nparts = 0;
            st = zg_geom_polygonal_parts(ctx, mp, out);
            GEOSGeom_destroy_r(h, mp);
        }
    }
    for (size_t k = 0; k < nparts; k++)
        GEOSGeom_destroy_r(h, parts[k]);
    if (tree)
        GEOSSTRtree_destroy_r(h, tree);
    zg_free(ctx, parts);
    zg_free(ctx, start);
    zg_free(ctx, g);
    zg_free(ctx, order);
    zg_free(ctx, parent);
    zg_free(ctx, idx);
    return st;
}

/* The unions of a cluster's land-use pieces. */
enum part { PART_NONE, PART_RESIDENTIAL, PART_WATER, PART_OTHER };

/* Per class of sr (a land-use layer's), the union its pieces go to, into
 * *out (new, zg_free): the code table is asked once per code, not once
 * per piece and union. */
static zg_status parts_of_classes(zg_ctx *ctx, const zg_stream_result *sr,
                                  const zg_codes *codes,
                                  const zg_reserve_opts *o,
                                  unsigned char **out)
{
    /* No classes: every piece has class 0 and the code "". */
    size_t n = sr->nclasses ? sr->nclasses : 1;
    unsigned char *p = zg_calloc(ctx, n, 1);
    if (!(*out = p))
        return zg_nomem(ctx, "reserve");
    struct role_filter fr = {codes, o, "residential", false};
    struct role_filter fw = {codes, o, "water", false};
    struct role_filter fo = {codes, o, NULL, true};
    bool res = role_listed(o, "residential"), water = role_listed(o, "water");
    for (size_t c = 0; c < n; c++) {
        const char *code = sr->nclasses ? sr->classes[c] : "";
        p[c] = res && keep_role(code, &fr)       ? PART_RESIDENTIAL
               : water && keep_role(code, &fw) ? PART_WATER
               : keep_role(code, &fo)          ? PART_OTHER
                                               : PART_NONE;
    }
    return ZG_OK;
}

struct part_pick {
    const unsigned char *part_of;
    unsigned char part;
};

static bool keep_part(const zg_stream_result *sr, size_t i, void *ud)
{
    const struct part_pick *pk = ud;
    return pk->part_of[sr->pieces[i].cls] == pk->part;
}

/* The land-use pieces of cluster z: what the map leaves unmapped, and its
 * residential, water and other unbuildable land. */
static zg_status landuse_job(zg_worker *w, size_t z, void *ud)
{
    reserve_work *rw = ud;
    zg_ctx *ctx = w->ctx;
    zg_reserve *rv = rw->rv;
    const zg_reserve_opts *o = rw->o;
    PJ *to_ll = worker_to_ll(w);
    size_t first = rw->at[z], last = rw->at[z + 1];
    struct part_pick fr = {rw->part_of, PART_RESIDENTIAL};
    struct part_pick fw = {rw->part_of, PART_WATER};
    struct part_pick fo = {rw->part_of, PART_OTHER};
    GEOSGeometry *ur = NULL, *uw = NULL, *uo = NULL;
    zg_status st = ZG_OK;
    rv->rows[z].no_parcel = first == last;
    unmapped(ctx, rw->sr, first, last, rv->clusters->feats[z].geom_src, to_ll,
             &rv->rows[z].unmapped_m2);
    if (role_listed(o, "residential"))
        st = union_grouped(ctx, rw->sr, first, last, keep_part, &fr, &ur);
    if (!st && role_listed(o, "water"))
        st = union_grouped(ctx, rw->sr, first, last, keep_part, &fw, &uw);
    if (!st)
        st = union_grouped(ctx, rw->sr, first, last, keep_part, &fo, &uo);
    rv->rows[z].water_m2 = area_ll(ctx, uw, to_ll);
    rv->rows[z].other_m2 = area_ll(ctx, uo, to_ll);
    /* Kept (freed by the caller), for the housing and finish_job. */
    rw->housing[z] = ur;
    rw->water[z] = uw;
    rw->other[z] = uo;
    return st;
}

/* The union of cluster z's pieces of the layer streamed, absorbed into
 * into[z]. */
static zg_status absorb_pieces(zg_worker *w, size_t z, reserve_work *rw,
                               GEOSGeometry **into)
{
    zg_ctx *ctx = w->ctx;
    GEOSGeometry *u = NULL;
    zg_status st = union_grouped(ctx, rw->sr, rw->at[z], rw->at[z + 1],
                                 NULL, NULL, &u);
    if (!st)
        st = absorb(ctx, &into[z], u);
    else if (u)
        GEOSGeom_destroy_r(ctx->geos, u);
    return st;
}

/* The housing pieces of cluster z: footprints and the land-use map's
 * housing together, counted once. */
static zg_status housing_job(zg_worker *w, size_t z, void *ud)
{
    reserve_work *rw = ud;
    return absorb_pieces(w, z, rw, rw->housing);
}

/* The pieces of an occupied layer in cluster z. */
static zg_status occupied_job(zg_worker *w, size_t z, void *ud)
{
    reserve_work *rw = ud;
    return absorb_pieces(w, z, rw, rw->occupied);
}

/* r's free land from free_cut (the cluster less what is blocked, the
 * clusters' CRS; borrowed): its polygons in WGS 84 and their area. */
static zg_status free_land(zg_ctx *ctx, const GEOSGeometry *free_cut,
                           PJ *to_ll, reserve_row *r)
{
    GEOSGeometry *fp = NULL;
    zg_status st = zg_geom_polygonal_parts(ctx, free_cut, &fp);
    if (!st && fp) {
        r->free_ll = zg_geom_transform(ctx, fp, to_ll, NULL);
        GEOSGeom_destroy_r(ctx->geos, fp);
        if (!r->free_ll)
            st = zg_fail(ctx, ZG_ERR_CRS, "free land cannot be "
                         "transformed to WGS 84");
        else
            r->free_m2 = zg_geodesic_area_m2(ctx, r->free_ll);
    }
    return st;
}

/* Cluster z's occupied land and parks, then its free land: the cluster
 * less all that is blocked; unknown when a layer it rests on saw
 * nothing of the clusters. */
static zg_status finish_job(zg_worker *w, size_t z, void *ud)
{
    reserve_work *rw = ud;
    zg_ctx *ctx = w->ctx;
    GEOSContextHandle_t h = ctx->geos;
    zg_reserve *rv = rw->rv;
    const zg_layer *cl = rv->clusters;
    const zg_reserve_opts *o = rw->o;
    PJ *to_ll = worker_to_ll(w);
    reserve_row *r = &rv->rows[z];
    /* What is not free: the parks, water, other, occupied, housing. */
    GEOSGeometry *blocked = NULL;
    zg_status st = ZG_OK;
    r->occupied_m2 = o->noccupied ? area_ll(ctx, rw->occupied[z], to_ll)
                                  : NAN;
    /* Parks: what they already hold inside the cluster. */
    for (size_t j = 0; !st && j < rw->nparks; j++) {
        const GEOSGeometry *g = rw->parks[j];
        if (GEOSRelatePattern_r(h, cl->feats[z].geom_src, g, "T********") != 1)
            continue;
        GEOSGeometry *x = GEOSIntersection_r(h, cl->feats[z].geom_src, g);
        GEOSGeometry *xp = NULL;
        if (!x)
            st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS: %s", zg_geos_lastmsg(ctx));
        else {
            st = zg_geom_polygonal_parts(ctx, x, &xp);
            GEOSGeom_destroy_r(h, x);
        }
        if (!st && xp) {
            r->park_m2 += area_ll(ctx, xp, to_ll);
            st = absorb(ctx, &blocked, xp);
        }
    }
    r->resid_m2 = area_ll(ctx, rw->housing[z], to_ll);
    r->cluster_m2 = zg_geodesic_area_m2(ctx, cl->feats[z].geom_ll);
    /* A cluster the map does not reach is as unknown as a map that
     * reaches none. */
    bool lu_none = rw->landuse && !rw->lu_blind && r->no_parcel;
    unseen_text(r, rw->landuse, rw->lu_blind, lu_none, rw->res_blind,
                o->noccupied > 0);
    if (rw->lu_blind)
        r->water_m2 = r->other_m2 = r->unmapped_m2 = NAN;
    if (lu_none)
        r->water_m2 = r->other_m2 = NAN;
    if (rw->lu_blind || rw->res_blind)
        r->resid_m2 = NAN;
    if (rw->occ_blind)
        r->occupied_m2 = NAN;
    bool unknown = rw->lu_blind || lu_none || rw->res_blind || rw->occ_blind;
    if (!st && unknown)
        r->free_m2 = NAN;
    else if (!st) {
        /* Measured, the parts are taken: united in one chain, the small
         * ones first and the housing, the largest, last (each union of
         * two re-nodes every edge of both; uniting the housing with the
         * map's residential land alone, and then the rest in, did it
         * twice more). */
        GEOSGeometry **mine[4] = {&rw->water[z], &rw->other[z],
                                  &rw->occupied[z], &rw->housing[z]};
        for (size_t i = 0; !st && i < 4; i++) {
            st = absorb(ctx, &blocked, *mine[i]);
            *mine[i] = NULL;
        }
        const GEOSGeometry *c = cl->feats[z].geom_src;
        GEOSGeometry *free_cut = NULL;
        if (!st && blocked && !(free_cut = GEOSDifference_r(h, c, blocked)))
            st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot subtract from "
                         "cluster %s: %s", cl->feats[z].id,
                         zg_geos_lastmsg(ctx));
        if (!st)
            st = free_land(ctx, free_cut ? free_cut : c, to_ll, r);
        if (free_cut)
            GEOSGeom_destroy_r(h, free_cut);
    }
    if (blocked)
        GEOSGeom_destroy_r(h, blocked);
    return st;
}

/* The threads, each with its clone of to_ll (made once: a clone costs a
 * fortieth of asking PROJ's database again). */
static zg_status workers_new(zg_ctx *ctx, const zg_reserve_opts *o,
                             size_t n, PJ *to_ll, zg_workers **out)
{
    zg_status st = zg_workers_new(ctx, o->threads > 0 ? o->threads
                                                      : zg_default_threads(),
                                  n, out);
    for (size_t t = 0; !st && t < zg_workers_count(*out); t++) {
        zg_worker *w = zg_workers_get(*out, t);
        if (!(w->state = proj_clone(w->ctx->pj, to_ll)))
            st = zg_fail(ctx, ZG_ERR_CRS, "cannot copy a transformation "
                         "for a thread: %s", zg_proj_lastmsg(w->ctx));
    }
    return st;
}

static void workers_free(zg_workers *ws)
{
    for (size_t t = 0; ws && t < zg_workers_count(ws); t++)
        proj_destroy(zg_workers_get(ws, t)->state);
    zg_workers_free(ws);
}

/* Stream `in` against the clusters, then run job on each cluster's
 * pieces; the layer's provenance goes to *source. */
static zg_status stream_and_run(zg_ctx *ctx, zg_workers *ws, reserve_work *rw,
                                const zg_input_opts *in,
                                const char *code_field, bool classify,
                                bool (*keep)(const char *, void *), void *kud,
                                double lo, double hi,
                                zg_status (*job)(zg_worker *, size_t, void *),
                                bool *blind, zg_layer **source)
{
    const zg_layer *cl = rw->rv->clusters;
    zg_stream_result sr;
    zg_status st = stream(ctx, cl, in, rw->o, code_field, classify, keep, kud,
                          lo, hi, &sr);
    if (!st && !covers(ctx, &sr))
        *blind = true;
    size_t *at = NULL;
    unsigned char *part_of = NULL;
    if (!st)
        st = zg_stream_zone_starts(ctx, &sr, cl->n, &at);
    if (!st && job == landuse_job)
        st = parts_of_classes(ctx, &sr, rw->codes, rw->o, &part_of);
    rw->sr = &sr;
    rw->at = at;
    rw->part_of = part_of;
    if (!st)
        st = zg_workers_for(ctx, ws, cl->n, job, rw);
    rw->sr = NULL;
    rw->at = NULL;
    rw->part_of = NULL;
    zg_free(ctx, part_of);
    zg_free(ctx, at);
    if (!st) {
        *source = sr.source;
        sr.source = NULL;
    }
    zg_stream_result_clear(ctx, &sr);
    return st;
}

zg_status zg_reserve_compute(zg_ctx *ctx, const zg_layer *cl,
                             const zg_layer *parks,
                             const zg_input_opts *landuse,
                             const zg_input_opts *residential,
                             const zg_reserve_opts *o, zg_reserve **out)
{
    *out = NULL;
    GEOSContextHandle_t h = ctx->geos;
    zg_status cst = zg_layer_check_cuttable(ctx, cl);
    if (!cst)
        cst = zg_layer_check_cuttable(ctx, parks);
    if (cst)
        return cst;
    zg_reserve_opts *own = NULL;
    if (!o && !(o = own = zg_reserve_opts_new(ctx)))
        return zg_nomem(ctx, "options");
    zg_reserve *rv = zg_calloc(ctx, 1, sizeof *rv);
    if (!rv) {
        zg_reserve_opts_free(own);
        return zg_nomem(ctx, "reserve");
    }
    rv->ctx = ctx;
    rv->clusters = cl;
    rv->rows = zg_calloc(ctx, cl->n + 1, sizeof *rv->rows);
    for (size_t z = 0; rv->rows && z < cl->n; z++)
        rv->rows[z].unmapped_m2 = NAN;
    char roles[256] = "";
    for (size_t i = 0; i < o->nroles; i++)
        snprintf(roles + strlen(roles), sizeof roles - strlen(roles), "%s%s",
                 i ? "," : "", o->roles[i]);
    rv->roles_text = zg_strdup(ctx, roles);
    zg_status st = rv->rows && rv->roles_text ? ZG_OK
                                              : zg_nomem(ctx, "reserve");
    PJ *wgs = zg_crs_wgs84_new(ctx);
    PJ *to_ll = wgs ? zg_crs_transform_new(ctx, cl->crs.pj, wgs) : NULL;
    if (!st && !to_ll)
        st = zg_fail(ctx, ZG_ERR_CRS, "no transformation to WGS 84");
    /* What is not free, per cluster, in the clusters' CRS. */
    reserve_work rw = {0};
    rw.rv = rv;
    rw.o = o;
    rw.landuse = landuse != NULL;
    rw.housing = zg_calloc(ctx, cl->n + 1, sizeof *rw.housing);
    rw.water = zg_calloc(ctx, cl->n + 1, sizeof *rw.water);
    rw.other = zg_calloc(ctx, cl->n + 1, sizeof *rw.other);
    rw.occupied = zg_calloc(ctx, cl->n + 1, sizeof *rw.occupied);
    GEOSGeometry **pk = parks ? zg_calloc(ctx, parks->n + 1, sizeof *pk)
                              : NULL;
    if (!st && (!rw.housing || !rw.water || !rw.other || !rw.occupied ||
                (parks && !pk)))
        st = zg_nomem(ctx, "reserve");
    zg_workers *ws = NULL;
    if (!st)
        st = workers_new(ctx, o, cl->n, to_ll, &ws);
    zg_codes *codes = NULL;
    if (!st && (landuse || (residential && o->resid_code_field)))
        st = zg_codes_load(ctx, o->codes, &codes);
    rw.codes = codes;
    /* Every code is kept: what the map covers of each cluster is the
     * union of all its parcels there. */
    if (!st && landuse)
        st = stream_and_run(ctx, ws, &rw, landuse, o->code_field, true, NULL,
                            NULL, 0, 0.5, landuse_job, &rw.lu_blind,
                            &rv->sources[0]);
    if (!st && residential) {
        /* Footprints are housing as they stand; a land-use map as
         * --residential counts through its residential codes. */
        struct role_filter fr = {codes, o, "residential", false};
        bool map = o->resid_code_field != NULL;
        st = stream_and_run(ctx, ws, &rw, residential, o->resid_code_field,
                            map, map ? keep_role : NULL, map ? &fr : NULL,
                            0.5, 0.9, housing_job, &rw.res_blind,
                            &rv->sources[1]);
    }
    /* Occupied land: building footprints of any kind, leased plots. Every
     * feature holds its ground, whatever its attributes. */
    for (size_t k = 0; !st && k < o->noccupied; k++)
        st = stream_and_run(ctx, ws, &rw, o->occupied[k], NULL, false, NULL,
                            NULL, 0.9, 0.95, occupied_job, &rw.occ_blind,
                            &rv->sources[2 + k]);
    /* The parks in the clusters' CRS, for every cluster's job. */
    if (!st && parks) {
        bool same = proj_is_equivalent_to_with_ctx(
            ctx->pj, parks->crs.pj, cl->crs.pj, PJ_COMP_EQUIVALENT);
        PJ *tr = same ? NULL : zg_crs_transform_new(ctx, parks->crs.pj,
                                                    cl->crs.pj);
        if (!same && !tr)
            st = zg_fail(ctx, ZG_ERR_CRS, "no transformation from %s to %s",
                         parks->crs.label, cl->crs.label);
        for (size_t j = 0; !st && j < parks->n; j++) {
            pk[j] = tr ? zg_geom_transform(ctx, parks->feats[j].geom_src, tr,
                                           NULL)
                       : GEOSGeom_clone_r(h, parks->feats[j].geom_src);
            if (!pk[j])
                st = zg_fail(ctx, ZG_ERR_CRS, "park %s cannot be "
                             "transformed", parks->feats[j].id);
        }
        proj_destroy(tr);
        rw.parks = pk;
        rw.nparks = parks->n;
    }
    if (!st)
        st = zg_workers_for(ctx, ws, cl->n, finish_job, &rw);
    workers_free(ws);
    GEOSGeometry **kept[] = {rw.housing, rw.water, rw.other, rw.occupied};
    for (size_t k = 0; k < sizeof kept / sizeof *kept; k++) {
        for (size_t z = 0; kept[k] && z < cl->n; z++)
            if (kept[k][z])
                GEOSGeom_destroy_r(h, kept[k][z]);
        zg_free(ctx, kept[k]);
    }
    for (size_t j = 0; pk && j < parks->n; j++)
        if (pk[j])
            GEOSGeom_destroy_r(h, pk[j]);
    zg_free(ctx, pk);
    zg_codes_free(codes);
    proj_destroy(to_ll);
    proj_destroy(wgs);
    zg_reserve_opts_free(own);
    if (st) {
        zg_reserve_free(rv);
        return st;
    }
    *out = rv;
    return zg_progress(ctx, 0, 1, 1.0, "reserve");
}

void zg_reserve_free(zg_reserve *rv)
{
    if (!rv)
        return;
    zg_ctx *ctx = rv->ctx;
    for (size_t z = 0; rv->rows && z < rv->clusters->n; z++)
        if (rv->rows[z].free_ll)
            GEOSGeom_destroy_r(ctx->geos, rv->rows[z].free_ll);
    zg_free(ctx, rv->rows);
    for (size_t i = 0; i < sizeof rv->sources / sizeof *rv->sources; i++)
        zg_layer_free(rv->sources[i]);
    zg_free(ctx, rv->roles_text);
    zg_free(ctx, rv);
}

double zg_reserve_free_m2(const zg_reserve *rv, size_t cluster)
{
    return rv && cluster < rv->clusters->n ? rv->rows[cluster].free_m2 : NAN;
}

/* ---- output ------------------------------------------------------------- */

static const zg_col R_COLS[] = {
    {"fid", ZG_COL_INT},             {"cluster_id", ZG_COL_TEXT},
    {"name", ZG_COL_TEXT},           {"cluster_ha", ZG_COL_REAL},
    {"residential_ha", ZG_COL_REAL}, {"water_ha", ZG_COL_REAL},
    {"other_unbuildable_ha", ZG_COL_REAL}, {"park_ha", ZG_COL_REAL},
    {"occupied_ha", ZG_COL_REAL},
    {"free_ha", ZG_COL_REAL},        {"free_pct", ZG_COL_REAL},
    {"landuse_cover_pct", ZG_COL_REAL}, {"unseen", ZG_COL_TEXT}};

static zg_status r_row(void *ud, size_t i, zg_cell *c, const GEOSGeometry **g)
{
    const zg_reserve *rv = ud;
    const reserve_row *r = &rv->rows[i];
    c[0].i = (long long)i + 1;
    c[1].s = rv->clusters->feats[i].id;
    c[2].s = rv->clusters->feats[i].name;
    c[3].d = r->cluster_m2 / 1e4;
    c[4].d = r->resid_m2 / 1e4;
    c[5].d = r->water_m2 / 1e4;
    c[6].d = r->other_m2 / 1e4;
    c[7].d = r->park_m2 / 1e4;
    c[8].d = r->occupied_m2 / 1e4;
    c[9].d = r->free_m2 / 1e4;
    c[10].d = r->cluster_m2 > 0 ? 100.0 * r->free_m2 / r->cluster_m2 : NAN;
    /* The share of the cluster the land-use map covers. */
    c[11].d = r->cluster_m2 > 0 ? 100.0 * (1.0 - r->unmapped_m2 /
                                                   r->cluster_m2)
                                : NAN;
    c[12].s = r->unseen;
    c[12].is_null = r->unseen[0] == '\0';
    *g = r->free_ll;
    return ZG_OK;
}

zg_status zg_output_write_reserve(zg_output *out, const zg_reserve *rv)
{
    zg_status st = ZG_OK;
    for (size_t i = 0; i < sizeof rv->sources / sizeof *rv->sources && !st;
         i++)
        if (rv->sources[i])
            st = zg_output_add_input(out, rv->sources[i]);
    zg_table t = {"reserve", R_COLS, sizeof R_COLS / sizeof *R_COLS,
                  rv->clusters->n, true, "MULTIPOLYGON", r_row, (void *)rv};
    if (!st)
        st = zg_table_write_sqlite(out, &t);
    if (!st) {
        char *opt = zg_asprintf(out->ctx, " unbuildable=%s", rv->roles_text);
        st = opt ? zg_output_append_options(out, opt)
                 : zg_nomem(out->ctx, "options");
        zg_free(out->ctx, opt);
    }
    return st;
}

zg_status zg_write_reserve_geojson(zg_ctx *ctx, const char *path,
                                   unsigned flags, const zg_reserve *rv)
{
    zg_table t = {"reserve", R_COLS, sizeof R_COLS / sizeof *R_COLS,
                  rv->clusters->n, true, "MULTIPOLYGON", r_row, (void *)rv};
    return zg_table_write_geojson(ctx, path, flags, &t);
}
