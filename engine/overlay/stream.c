/* SPDX-License-Identifier: MIT
 *
 * stream.c: the streaming overlay engine. A large polygon layer (land-use
 * parcels, building footprints: millions of features) is read once, in
 * order, and cut against a small set of zones (clusters, or rings around
 * them); only the pieces inside zones are kept.
 *
 * Shape of the work:
 *  - The calling thread is the reader (stream_read.c): it alone touches
 *    GDAL. For each feature it tests the envelope against the zones'
 *    envelopes (a grid, then an STRtree, in the layer's CRS) before any
 *    other GEOS work or transformation, so the many parcels far from every
 *    zone cost almost nothing. Candidates go out in batches through a
 *    bounded queue, so memory does not grow with the layer.
 *  - N workers, each with its own zoneguard context (GEOS handle, PROJ
 *    context), its own copies of the zones, prepared, and its own STRtree.
 *    A parcel a prepared zone contains is kept whole without an overlay;
 *    only boundary parcels are cut. Pieces are cut in the zones' CRS and
 *    measured on the ellipsoid, in integer µm² so that sums do not depend
 *    on the order in which threads finish.
 *  - At the end the pieces are sorted by (zone, reading order): the result
 *    is the same, byte for byte, with 1 thread or N.
 *  - One read may serve several groups of zones (a run's analyses, see
 *    pass.c): every zone is cut once, each piece and qa_log row says
 *    which groups it belongs to, and each group's pieces are measured by
 *    a meter of its own zones' extent, as its own read measured them.
 *    zg_stream_view (stream_view.c) makes each reader's result of it.
 */
#include "stream_priv.h"

#include <cpl_conv.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A parcel that only touches a zone comes back from the overlay as a
 * sliver of micro-square-metres (floating-point noise along the shared
 * edge). Pieces under this area are noise, not land: they are dropped. */
#define ZG_PIECE_MIN_M2 0.01

/* ---- batches ----------------------------------------------------------- */

batch *zg_batch_new(zg_ctx *ctx)
{
    return zg_calloc(ctx, 1, sizeof(batch));
}

void zg_batch_free(zg_ctx *ctx, batch *b)
{
    if (b) {
        for (size_t i = 0; i < b->n; i++)
            if (b->items[i].geom)
                GEOSGeom_destroy_r(ctx->geos, b->items[i].geom);
        zg_free(ctx, b->arena);
        zg_free(ctx, b);
    }
}

zg_status zg_batch_add_wkb(zg_ctx *ctx, batch *b, uint64_t seq,
                           long long fid, uint32_t cls, uint64_t groups,
                           OGRGeometryH g)
{
    size_t len = (size_t)OGR_G_WkbSize(g);
    zg_status st = zg_grow(ctx, (void **)&b->arena, &b->cap, b->used + len,
                           1);
    if (st)
        return st;
    OGR_G_ExportToIsoWkb(g, wkbNDR, b->arena + b->used);
    b->items[b->n] = (item){seq, fid, cls, groups, NULL, b->used, len};
    b->used += len;
    b->n++;
    return ZG_OK;
}

zg_status zg_batch_add_bytes(zg_ctx *ctx, batch *b, uint64_t seq,
                             long long fid, uint32_t cls, uint64_t groups,
                             const unsigned char *wkb, size_t len)
{
    zg_status st = zg_grow(ctx, (void **)&b->arena, &b->cap, b->used + len,
                           1);
    if (st)
        return st;
    memcpy(b->arena + b->used, wkb, len);
    b->items[b->n] = (item){seq, fid, cls, groups, NULL, b->used, len};
    b->used += len;
    b->n++;
    return ZG_OK;
}

void zg_batch_add_geos(batch *b, uint64_t seq, long long fid, uint32_t cls,
                       uint64_t groups, GEOSGeometry *g)
{
    b->items[b->n++] = (item){seq, fid, cls, groups, g, 0, 0};
}

zg_status zg_stream_tag_row(zg_ctx *ctx, uint64_t **gr, uint32_t **cl,
                            size_t *cap, size_t n, uint64_t groups,
                            uint32_t cls)
{
    size_t c2 = *cap;
    zg_status st = zg_grow(ctx, (void **)gr, cap, n + 1, sizeof **gr);
    if (!st)
        st = zg_grow(ctx, (void **)cl, &c2, n + 1, sizeof **cl);
    if (st)
        return st;
    (*gr)[n] = groups;
    (*cl)[n] = cls;
    return ZG_OK;
}

/* Tag a worker's last row. */
static zg_status wtag(struct worker *w, uint64_t groups, uint32_t cls)
{
    return zg_stream_tag_row(w->ctx, &w->qa_groups, &w->qa_class, &w->qtcap,
                             w->qa.n - 1, groups, cls);
}

/* ---- errors from workers ----------------------------------------------- */

static void report(shared *sh, zg_ctx *wctx, zg_status st, uint64_t seq)
{
    pthread_mutex_lock(&sh->mu);
    if (!sh->err || seq < sh->err_seq) {
        sh->err = st;
        sh->err_seq = seq;
        snprintf(sh->errmsg, sizeof sh->errmsg, "%s", zg_ctx_errmsg(wctx));
    }
    sh->abort = true;
    pthread_cond_broadcast(&sh->not_empty);
    pthread_cond_broadcast(&sh->not_full);
    pthread_mutex_unlock(&sh->mu);
}

/* ---- one parcel --------------------------------------------------------- */

static void collect_hit(void *it, void *ud)
{
    worker *w = ud;
    if (w->hits_oom)
        return;
    if (zg_grow(w->ctx, (void **)&w->hits, &w->hcap, w->nhits + 1,
                sizeof *w->hits)) {
        w->hits_oom = true;
        return;
    }
    w->hits[w->nhits++] = (size_t)(uintptr_t)it - 1;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Measure a piece for `groups` (of one meter, m) and keep it. `owned`:
 * the piece is the caller's to give (a cut); otherwise (a whole parcel,
 * kept for several zones) a copy is kept. */
static zg_status add_piece_m(worker *w, const item *it, size_t zone,
                             size_t m, uint64_t groups, GEOSGeometry *piece,
                             bool owned)
{
    zg_ctx *ctx = w->ctx;
    double a = zg_area_meter_m2(ctx, w->meters[m], piece);
    zg_status st = ZG_OK;
    bool tiny = a < ZG_PIECE_MIN_M2;
    const zg_stream_raw *raw = w->sh->raw;
    bool keep_tiny = false, keep_geom = false;
    for (size_t g = 0; g < raw->ngroups; g++)
        if (groups >> g & 1) {
            keep_tiny = keep_tiny || raw->groups[g].keep_tiny_pieces;
            keep_geom = keep_geom || raw->groups[g].keep_geometry;
        }
    if (isnan(a))
        st = zg_fail(ctx, ZG_ERR_CRS, "a piece of feature %lld cannot be "
                     "transformed to WGS 84 (%s)", it->fid, w->sh->source);
    else if (!tiny || keep_tiny)
        st = zg_grow(ctx, (void **)&w->pieces, &w->cap, w->npieces + 1,
                     sizeof *w->pieces);
    else
        goto drop;
    if (st)
        goto drop;
    zg_piece *p = &w->pieces[w->npieces];
    memset(p, 0, sizeof *p);
    p->seq = it->seq;
    p->fid = it->fid;
    p->zone = (uint32_t)zone;
    p->cls = it->cls;
    p->area_um2 = llround(a * 1e6);
    p->tiny = tiny;
    p->groups = groups;
    if (keep_geom) {
        p->geom = owned ? piece : GEOSGeom_clone_r(ctx->geos, piece);
        if (!p->geom)
            return zg_nomem(ctx, "piece");
        owned = false; /* the piece's now */
    }
    w->npieces++;
drop:
    if (owned)
        GEOSGeom_destroy_r(ctx->geos, piece);
    return st;
}

/* The piece for each meter whose groups are among `groups`. */
static zg_status add_piece(worker *w, const item *it, size_t zone,
                           uint64_t groups, GEOSGeometry *piece, bool owned)
{
    const shared *sh = w->sh;
    size_t last = sh->nmeters;
    for (size_t m = 0; m < sh->nmeters; m++)
        if (sh->groups_of[m] & groups)
            last = m;
    zg_status st = ZG_OK;
    for (size_t m = 0; !st && m < last; m++)
        if (sh->groups_of[m] & groups)
            st = add_piece_m(w, it, zone, m, sh->groups_of[m] & groups,
                             piece, false);
    if (!st && last < sh->nmeters)
        return add_piece_m(w, it, zone, last, sh->groups_of[last] & groups,
                           piece, owned);
    if (owned)
        GEOSGeom_destroy_r(w->ctx->geos, piece);
    return st;
}

/* How a parcel stands to each zone whose box it meets (REL_OUTSIDE: not
 * contained, not yet known whether it meets the zone). */
enum { REL_APART = 0, REL_CONTAINED = 1, REL_CROSSES = 2, REL_OUTSIDE = 3 };

/* Whether hit k's zone is of a family one of whose zones among the hits
 * contains the feature (w->rel set for the hits tested so far). */
static bool family_holds(const worker *w, size_t k)
{
    const uint32_t *fam = w->sh->family;
    uint32_t f = fam ? fam[w->hits[k]] : ZG_NO_FAMILY;
    if (f == ZG_NO_FAMILY)
        return false;
    for (size_t j = 0; j < w->nhits; j++)
        if (j != k && w->rel[j] == REL_CONTAINED && fam[w->hits[j]] == f)
            return true;
    return false;
}

/* A GEOS predicate's answer 2 (failure) on g: on a geometry not yet known
 * valid (`unsure`) no error, every group asks the test again after the
 * validity test (*failed); else the error. */
static zg_status relate_failed(worker *w, const item *it, bool unsure,
                               uint64_t *any, bool *failed)
{
    if (unsure) {
        *any = it->groups;
        *failed = true;
        return ZG_OK;
    }
    return zg_fail(w->ctx, ZG_ERR_GEOM, "GEOS cannot test feature %lld: %s "
                   "(%s)", it->fid, zg_geos_lastmsg(w->ctx), w->sh->source);
}

/* Find the zones near g (w->hits, in zone order; only the zones of the
 * groups the item is a candidate of) and how g stands to each (w->rel);
 * *any: the groups of which g meets at least one zone. On a geometry not
 * yet known valid (`unsure`), GEOS failing a test is no error: *any is
 * every group of the item, so that the geometry is checked, repaired if
 * need be, and asked again. Containment is asked first: once a zone of a
 * family contains g, the family's other zones are apart untested (most
 * houses near a cluster lie in one of its zones: the intersection tests
 * of the others were a tenth of the encroachment's work). */
static zg_status relate_hits(worker *w, const item *it, const GEOSGeometry *g,
                             bool unsure, uint64_t *any, bool *failed)
{
    zg_ctx *ctx = w->ctx;
    GEOSContextHandle_t h = ctx->geos;
    const uint64_t *zg = w->sh->raw->zone_groups;
    *any = 0;
    *failed = false;
    w->nhits = 0;
    w->hits_oom = false;
    if (GEOSisEmpty_r(h, g) != 1)
        GEOSSTRtree_query_r(h, w->tree, g, collect_hit, w);
    if (w->hits_oom ||
        zg_grow(ctx, (void **)&w->rel, &w->rcap, w->nhits + 1, 1))
        return zg_nomem(ctx, "zone candidates");
    size_t kept = 0;
    for (size_t k = 0; k < w->nhits; k++)
        if (zg[w->hits[k]] & it->groups)
            w->hits[kept++] = w->hits[k];
    w->nhits = kept;
    zg_sort(w->hits, w->nhits, sizeof *w->hits, cmp_size);
    memset(w->rel, REL_OUTSIDE, w->nhits);
    for (size_t k = 0; k < w->nhits; k++) {
        if (family_holds(w, k)) {
            w->rel[k] = REL_APART;
            continue;
        }
        char c = GEOSPreparedContains_r(h, w->prep[w->hits[k]], g);
        if (c == 2)
            return relate_failed(w, it, unsure, any, failed);
        if (c == 1)
            w->rel[k] = REL_CONTAINED;
    }
    for (size_t k = 0; k < w->nhits; k++) {
        size_t z = w->hits[k];
        if (w->rel[k] == REL_OUTSIDE) {
            char i = family_holds(w, k)
                         ? 0
                         : GEOSPreparedIntersects_r(h, w->prep[z], g);
            if (i == 2)
                return relate_failed(w, it, unsure, any, failed);
            w->rel[k] = i ? REL_CROSSES : REL_APART;
        }
        if (w->rel[k] != REL_APART)
            *any |= zg[z] & it->groups;
    }
    return ZG_OK;
}

/* Repair *g (in the cut CRS, found invalid there; owned), and log it as a
 * cluster's repair is logged: GEOS's reason, the area of the raw rings
 * (signed) and of the repair. `stored` (borrowed; NULL when the cut CRS is
 * the source's) is the feature as stored: it is repaired there, where its
 * rings were drawn, so that the reason's coordinates are the source's,
 * then taken to the cut CRS. *g becomes the repair, or NULL when the
 * feature is skipped. */
static zg_status repair(worker *w, const item *it, GEOSGeometry **g,
                        const GEOSGeometry *stored, uint64_t groups)
{
    zg_ctx *ctx = w->ctx;
    GEOSContextHandle_t h = ctx->geos;
    /* Valid as stored, invalid once transformed (rounding of a vertex
     * that touches an edge): repaired in the cut CRS, and said so. */
    bool after_transform = stored && GEOSisValid_r(h, stored) == 1;
    const GEOSGeometry *raw = stored && !after_transform ? stored : *g;
    char *reason = NULL;
    GEOSGeometry *v = zg_geom_make_valid(ctx, raw, &reason);
    if (v && raw == stored) {
        GEOSGeometry *t = GEOSisEmpty_r(h, v) == 1
                              ? GEOSGeom_clone_r(h, v)
                              : zg_geom_transform(ctx, v, w->to_cut, NULL);
        GEOSGeom_destroy_r(h, v);
        v = t;
        if (v && GEOSisValid_r(h, v) != 1) {
            char *again = NULL;
            t = zg_geom_make_valid(ctx, v, &again);
            zg_free(ctx, again);
            GEOSGeom_destroy_r(h, v);
            v = t;
        }
    }
    /* A coordinate that is not a number is no topology to repair:
     * MakeValid would drop the vertex and invent a shape. Skipped and
     * logged, as the reader does when the box itself is not finite;
     * GEOS's reason is all the C API says of it. */
    bool not_finite =
        reason && strncmp(reason, ZG_GEOS_INVALID_COORDINATE,
                          sizeof ZG_GEOS_INVALID_COORDINATE - 1) == 0;
    if (!v && !not_finite) {
        zg_free(ctx, reason);
        return zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot repair feature %lld: "
                       "%s (%s)", it->fid, zg_geos_lastmsg(ctx),
                       w->sh->source);
    }
    double before_m2 = NAN;
    if (!not_finite) {
        GEOSGeometry *ll = zg_geom_transform(ctx, *g, w->to_ll, NULL);
        if (ll) {
            before_m2 = zg_geodesic_signed_ring_sum_m2(ctx, ll);
            GEOSGeom_destroy_r(h, ll);
        }
    }
    GEOSGeom_destroy_r(h, *g);
    *g = v;
    bool empty = v && GEOSisEmpty_r(h, v) == 1;
    char problem[512];
    snprintf(problem, sizeof problem, "%s: %s",
             not_finite        ? ZG_NOT_FINITE_WHY
             : after_transform ? "invalid once transformed to the "
                                 "clusters' CRS"
                               : "invalid geometry",
             reason ? reason : "reason unknown");
    zg_free(ctx, reason);
    char label[32];
    snprintf(label, sizeof label, "%lld", it->fid);
    /* One row per meter: the repair's area is each group's measure. */
    zg_status st = ZG_OK;
    const shared *sh = w->sh;
    for (size_t m = 0; !st && m < sh->nmeters; m++) {
        uint64_t gm = sh->groups_of[m] & groups;
        if (!gm)
            continue;
        double after_m2 = not_finite                 ? NAN
                          : GEOSisEmpty_r(h, v) == 1 ? 0
                                                     : zg_area_meter_m2(
                                                           ctx, w->meters[m],
                                                           v);
        st = zg_qa_add(ctx, &w->qa, w->sh->where, label, problem,
                       not_finite ? "skipped: its land is counted as NONE"
                       : empty    ? "repair left no area: skipped"
                                  : "repaired (GEOS MakeValid, structure)",
                       before_m2, after_m2);
        if (!st)
            w->qa.rows[w->qa.n - 1].order = it->seq;
        if (!st)
            st = wtag(w, gm, it->cls);
    }
    if (not_finite || empty) {
        if (*g)
            GEOSGeom_destroy_r(h, *g);
        *g = NULL;
    }
    return st;
}

static zg_status do_item(worker *w, const batch *b, item *it)
{
    zg_ctx *ctx = w->ctx;
    GEOSContextHandle_t h = ctx->geos;
    zg_libmsg_clear(ctx);
    GEOSGeometry *g = it->geom ? it->geom
                               : GEOSGeomFromWKB_buf_r(h, b->arena + it->off,
                                                       it->len);
    it->geom = NULL; /* this item's geometry is ours now */
    /* The feature's id as qa_log shows it, written only when a row needs
     * it (a printf per parcel was 1 % of the run). */
    char label[32];
    label[0] = '\0';
    if (!g) {
        char problem[ZG_LIBMSG_MAX + 32];
        snprintf(problem, sizeof problem, "geometry GEOS cannot read: %s",
                 zg_geos_lastmsg(ctx));
        snprintf(label, sizeof label, "%lld", it->fid);
        zg_status st = zg_qa_add(ctx, &w->qa, w->sh->where, label, problem,
                                 "skipped", NAN, NAN);
        if (!st)
            w->qa.rows[w->qa.n - 1].order = it->seq;
        if (!st)
            st = wtag(w, it->groups, it->cls);
        return st;
    }
    zg_status st = ZG_OK;
    /* The feature as stored, kept when it is transformed: an invalid one
     * is repaired where its rings were drawn, and qa_log's coordinates
     * are the source's (the clusters' were no use to whoever fixes it). */
    GEOSGeometry *stored = NULL;
    if (w->to_cut) {
        GEOSGeometry *t = zg_geom_transform(ctx, g, w->to_cut, NULL);
        if (!t) {
            GEOSGeom_destroy_r(h, g);
            return zg_fail(ctx, ZG_ERR_CRS, "feature %lld cannot be "
                           "transformed to the clusters' CRS (%s)", it->fid,
                           w->sh->source);
        }
        stored = g;
        g = t;
        /* Taken to degrees, a feature drawn across the antimeridian in a
         * projected CRS runs the long way round: the reader, which judged
         * it in its own CRS, could not see it. */
        double x0, y0, x1, y1;
        char why[320];
        if (w->sh->cut_geographic && GEOSisEmpty_r(h, g) == 0 &&
            GEOSGeom_getExtent_r(h, g, &x0, &y0, &x1, &y1) &&
            zg_span_problem_deg(x0, y0, x1, y1, why, sizeof why)) {
            GEOSGeom_destroy_r(h, g);
            GEOSGeom_destroy_r(h, stored);
            char problem[400];
            snprintf(problem, sizeof problem, "in the clusters' CRS, %s",
                     why);
            snprintf(label, sizeof label, "%lld", it->fid);
            st = zg_qa_add(ctx, &w->qa, w->sh->where, label, problem,
                           "skipped: its land is counted as NONE", NAN, NAN);
            if (!st)
                w->qa.rows[w->qa.n - 1].order = it->seq;
            if (!st)
                st = wtag(w, it->groups, it->cls);
            return st;
        }
    }
    if (w->dist_to) {
        /* Distance mode: validity does not change a distance, and no
         * piece is cut. */
        w->nhits = 0;
        w->hits_oom = false;
        if (GEOSisEmpty_r(h, g) != 1)
            GEOSSTRtree_query_r(h, w->tree, g, collect_hit, w);
        if (w->hits_oom)
            st = zg_nomem(ctx, "zone candidates");
        GEOSGeometry *gp = NULL;
        if (!st && w->nhits)
            gp = w->to_plane ? zg_geom_transform(ctx, g, w->to_plane, NULL)
                             : g;
        if (!st && w->nhits && !gp)
            st = zg_fail(ctx, ZG_ERR_CRS, "feature %lld cannot be "
                         "transformed to the plane (%s)", it->fid,
                         w->sh->source);
        for (size_t k = 0; !st && k < w->nhits; k++) {
            size_t z = w->hits[k];
            double d = INFINITY;
            if (!GEOSDistance_r(h, w->dist_to[z], gp, &d))
                st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot measure the "
                             "distance to feature %lld: %s (%s)", it->fid,
                             zg_geos_lastmsg(ctx), w->sh->source);
            else if (d < w->dmin[z])
                w->dmin[z] = d;
        }
        if (gp && gp != g)
            GEOSGeom_destroy_r(h, gp);
        GEOSGeom_destroy_r(h, g);
        if (stored)
            GEOSGeom_destroy_r(h, stored);
        return st;
    }
    /* The predicates come before the validity test: a third of the
     * parcels near a cluster's box touch no cluster, and those need no
     * validity test (it was an eighth of the workers' time). For a valid
     * parcel, the common case, the answers are kept; for an invalid one
     * they are asked again of the repaired geometry. */
    uint64_t any = 0;
    bool failed = false;
    st = relate_hits(w, it, g, true, &any, &failed);
    bool valid = st || !any || GEOSisValid_r(h, g) == 1;
    /* A group whose zones the feature as read does not meet gets none of
     * its pieces, repaired or not: as its own read would have had it. */
    uint64_t met = any;
    if (!valid) {
        st = repair(w, it, &g, stored, any);
        if (stored)
            GEOSGeom_destroy_r(h, stored);
        stored = NULL;
        if (st || !g)
            return st;
    }
    if (stored)
        GEOSGeom_destroy_r(h, stored);
    if (!st && (!valid || failed))
        st = relate_hits(w, it, g, false, &any, &failed);
    const uint64_t *zg = w->sh->raw->zone_groups;
    /* The last zone that uses g takes g itself when it keeps it whole,
     * not a copy (most houses: one zone contains them, the rest are
     * apart; the copies were 1.4 % of `encroach`). */
    size_t last_use = SIZE_MAX;
    for (size_t k = 0; any && k < w->nhits; k++)
        if ((zg[w->hits[k]] & met) &&
            (w->rel[k] == REL_CONTAINED || w->rel[k] == REL_CROSSES))
            last_use = k;
    for (size_t k = 0; !st && any && k < w->nhits; k++) {
        size_t z = w->hits[k];
        uint64_t gz = zg[z] & met;
        if (!gz)
            continue;
        if (w->rel[k] == REL_CONTAINED) {
            /* whole: no overlay */
            bool give = k == last_use;
            st = add_piece(w, it, z, gz, g, give);
            if (give)
                g = NULL; /* the piece's (or freed) now */
            continue;
        }
        if (w->rel[k] != REL_CROSSES)
            continue;
        GEOSGeometry *cut = GEOSIntersection_r(h, w->zones[z], g);
        if (!cut) {
            st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot cut feature %lld: "
                         "%s (%s)", it->fid, zg_geos_lastmsg(ctx),
                         w->sh->source);
            break;
        }
        GEOSGeometry *poly = NULL;
        st = zg_geom_polygonal_parts(ctx, cut, &poly);
        GEOSGeom_destroy_r(h, cut);
        if (!st && poly)
            st = add_piece(w, it, z, gz, poly, true);
    }
    if (g)
        GEOSGeom_destroy_r(h, g);
    return st;
}

static zg_status do_batch(worker *w, batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        zg_status st = do_item(w, b, &b->items[i]);
        if (st) {
            report(w->sh, w->ctx, st, b->items[i].seq);
            return st;
        }
    }
    return ZG_OK;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    for (;;) {
        pthread_mutex_lock(&sh->mu);
        while (!sh->qlen && !sh->done && !sh->abort)
            pthread_cond_wait(&sh->not_empty, &sh->mu);
        if (sh->abort || (!sh->qlen && sh->done)) {
            pthread_mutex_unlock(&sh->mu);
            break;
        }
        batch *b = sh->queue[sh->qhead];
        sh->qhead = (sh->qhead + 1) % sh->qcap;
        sh->qlen--;
        pthread_cond_signal(&sh->not_full);
        pthread_mutex_unlock(&sh->mu);
        zg_status st = do_batch(w, b);
        zg_batch_free(w->ctx, b);
        if (st)
            break;
    }
    return NULL;
}

/* ---- workers: set up and tear down -------------------------------------- */

/* Set up worker w. to_ll and to_cut (NULL when the CRSs are the same)
 * are the reader's transformations, borrowed: each worker takes a
 * proj_clone of them, which is 40 times cheaper than asking PROJ's
 * database again (about 20 ms a transformation) and gives the same
 * operation. Runs on the reader's thread, before any worker starts. */
static zg_status worker_init(worker *w, shared *sh, zg_ctx *main_ctx,
                             const zg_crs *parcel_crs, const PJ *to_ll,
                             const PJ *to_cut)
{
    const zg_stream_opts *o = sh->o;
    w->sh = sh;
    zg_ctx_config cfg = {&main_ctx->alloc};
    zg_status st = zg_ctx_new(&cfg, &w->ctx);
    if (st)
        return zg_fail(main_ctx, st, "cannot create a worker context");
    zg_ctx *ctx = w->ctx;
    GEOSContextHandle_t h = ctx->geos;
    /* PJ objects belong to one PROJ context: each worker its own. */
    w->to_ll = proj_clone(ctx->pj, to_ll);
    if (to_cut)
        w->to_cut = proj_clone(ctx->pj, to_cut);
    if (!w->to_ll || (to_cut && !w->to_cut))
        return zg_fail(main_ctx, ZG_ERR_CRS, "no transformation from %s to "
                       "the clusters' CRS %s: %s", parcel_crs->label,
                       o->cut_crs->label, zg_proj_lastmsg(ctx));
    if (!(w->meters = zg_calloc(ctx, sh->nmeters, sizeof *w->meters)))
        return zg_nomem(main_ctx, "worker");
    for (size_t m = 0; m < sh->nmeters; m++) {
        size_t g = 0;
        while (!(sh->groups_of[m] >> g & 1))
            g++;
        if (!(w->meters[m] = zg_area_meter_new(ctx, w->to_ll,
                                               sh->metre_plane,
                                               sh->extent_m[g])))
            return zg_nomem(main_ctx, "worker");
    }
    if (o->dist_to) {
        w->dist_to = zg_calloc(ctx, o->nzones + 1, sizeof *w->dist_to);
        w->dmin = zg_calloc(ctx, o->nzones + 1, sizeof *w->dmin);
        if (!w->dist_to || !w->dmin)
            return zg_nomem(main_ctx, "worker");
        for (size_t z = 0; z < o->nzones; z++) {
            w->dmin[z] = INFINITY;
            if (!(w->dist_to[z] = GEOSGeom_clone_r(ctx->geos, o->dist_to[z])))
                return zg_nomem(main_ctx, "worker");
        }
        if (o->cut_to_plane &&
            !(w->to_plane = proj_clone(ctx->pj, o->cut_to_plane)))
            return zg_fail(main_ctx, ZG_ERR_CRS, "no transformation to the "
                           "plane: %s", zg_proj_lastmsg(ctx));
    }
    w->zones = zg_calloc(ctx, o->nzones + 1, sizeof *w->zones);
    w->prep = zg_calloc(ctx, o->nzones + 1, sizeof *w->prep);
    w->tree = GEOSSTRtree_create_r(h, 10);
    if (!w->zones || !w->prep || !w->tree)
        return zg_nomem(main_ctx, "worker");
    for (size_t z = 0; z < o->nzones; z++) {
        /* GEOS geometries cache their envelope lazily and prepared
         * geometries their indexes: each worker needs its own. */
        w->zones[z] = GEOSGeom_clone_r(h, o->zones[z]);
        w->prep[z] = w->zones[z] ? GEOSPrepare_r(h, w->zones[z]) : NULL;
        if (!w->prep[z])
            return zg_nomem(main_ctx, "prepared zones");
        GEOSSTRtree_insert_r(h, w->tree, w->zones[z],
                             (void *)(uintptr_t)(z + 1));
    }
    return ZG_OK;
}

static void worker_clear(worker *w, size_t nzones)
{
    zg_ctx *ctx = w->ctx;
    if (!ctx)
        return;
    GEOSContextHandle_t h = ctx->geos;
    if (w->tree)
        GEOSSTRtree_destroy_r(h, w->tree);
    for (size_t z = 0; w->prep && z < nzones; z++)
        if (w->prep[z])
            GEOSPreparedGeom_destroy_r(h, w->prep[z]);
    for (size_t z = 0; w->zones && z < nzones; z++)
        if (w->zones[z])
            GEOSGeom_destroy_r(h, w->zones[z]);
    for (size_t z = 0; w->dist_to && z < nzones; z++)
        if (w->dist_to[z])
            GEOSGeom_destroy_r(h, w->dist_to[z]);
    zg_free(ctx, w->dist_to);
    zg_free(ctx, w->dmin);
    if (w->to_plane)
        proj_destroy(w->to_plane);
    zg_free(ctx, w->zones);
    zg_free(ctx, (void *)w->prep);
    zg_free(ctx, w->hits);
    zg_free(ctx, w->rel);
    for (size_t i = 0; i < w->npieces; i++)
        if (w->pieces[i].geom)
            GEOSGeom_destroy_r(h, w->pieces[i].geom);
    zg_free(ctx, w->pieces);
    zg_qa_clear(ctx, &w->qa);
    zg_free(ctx, w->qa_groups);
    zg_free(ctx, w->qa_class);
    proj_destroy(w->to_cut);
    for (size_t m = 0; w->meters && m < w->sh->nmeters; m++)
        zg_area_meter_free(ctx, w->meters[m]);
    zg_free(ctx, w->meters);
    proj_destroy(w->to_ll);
    zg_ctx_free(ctx);
    w->ctx = NULL;
}

/* ---- what the reader needs ---------------------------------------------- */

/* STRtree (main context) of the zones' envelopes in the parcel CRS. */
static zg_status build_envelope_index(zg_ctx *ctx, const zg_stream_opts *o,
                                      const zg_crs *parcel_crs, bool same,
                                      GEOSSTRtree **tree,
                                      GEOSGeometry ***rects,
                                      zg_envelope_grid *grid)
{
    GEOSContextHandle_t h = ctx->geos;
    *tree = GEOSSTRtree_create_r(h, 10);
    *rects = zg_calloc(ctx, o->nzones + 1, sizeof **rects);
    double (*boxes)[4] = zg_calloc(ctx, o->nzones + 1, sizeof *boxes);
    if (!*tree || !*rects || !boxes) {
        zg_free(ctx, boxes);
        return zg_nomem(ctx, "zone index");
    }
    PJ *back = same ? NULL : zg_crs_transform_new(ctx, o->cut_crs->pj,
                                                  parcel_crs->pj);
    if (!same && !back)
        return zg_fail(ctx, ZG_ERR_CRS, "no transformation from %s to %s",
                       o->cut_crs->label, parcel_crs->label);
    zg_status st = ZG_OK;
    for (size_t z = 0; z < o->nzones && !st; z++) {
        double x0, y0, x1, y1;
        if (!GEOSGeom_getXMin_r(h, o->zones[z], &x0) ||
            !GEOSGeom_getYMin_r(h, o->zones[z], &y0) ||
            !GEOSGeom_getXMax_r(h, o->zones[z], &x1) ||
            !GEOSGeom_getYMax_r(h, o->zones[z], &y1)) {
            st = zg_fail(ctx, ZG_ERR_GEOM, "zone %zu has no extent", z);
            break;
        }
        if (back) {
            double a0, b0, a1, b1;
            if (!proj_trans_bounds(ctx->pj, back, PJ_FWD, x0, y0, x1, y1,
                                   &a0, &b0, &a1, &b1, 21)) {
                st = zg_fail(ctx, ZG_ERR_CRS, "zone extent cannot be "
                             "transformed to %s", parcel_crs->label);
                break;
            }
            x0 = a0;
            y0 = b0;
            x1 = a1;
            y1 = b1;
        }
        /* A margin for the curvature of transformed edges and rounding. */
        double mx = (x1 - x0) * 1e-3 + 1e-9, my = (y1 - y0) * 1e-3 + 1e-9;
        boxes[z][0] = x0 - mx;
        boxes[z][1] = y0 - my;
        boxes[z][2] = x1 + mx;
        boxes[z][3] = y1 + my;
        (*rects)[z] = GEOSGeom_createRectangle_r(h, x0 - mx, y0 - my,
                                                 x1 + mx, y1 + my);
        if (!(*rects)[z])
            st = zg_nomem(ctx, "zone index");
        else
            GEOSSTRtree_insert_r(h, *tree, (*rects)[z],
                                 (void *)(uintptr_t)(z + 1));
    }
    proj_destroy(back);
    if (!st)
        st = zg_envelope_grid_build(ctx, (const double(*)[4])boxes,
                                    o->nzones, grid);
    zg_free(ctx, boxes);
    return st;
}

/* The code field: the one named, else the first of the defaults; by the
 * field names as decoded (a TCVN3 DBF read by GDAL would say "ma_lda"). */
static int find_code_field(const zg_source *src, const char *want,
                           const char *const *defaults)
{
    if (want)
        return zg_source_find_field(src, want);
    for (const char *const *c = defaults; *c; c++) {
        int i = zg_source_find_field(src, *c);
        if (i >= 0)
            return i;
    }
    return -1;
}

/* Tell GDAL not to read the attributes the stream does not use (all but
 * the code field): with a GeoPackage it then selects fewer columns, with
 * a shapefile it skips them in the .dbf. */
static zg_status ignore_other_fields(zg_ctx *ctx, OGRLayerH lyr, int keep)
{
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(lyr);
    int n = OGR_FD_GetFieldCount(d);
    const char **names = zg_calloc(ctx, (size_t)n + 2, sizeof *names);
    if (!names)
        return zg_nomem(ctx, "ignored fields");
    size_t k = 0;
    for (int i = 0; i < n; i++)
        if (i != keep)
            names[k++] = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i));
    names[k++] = "OGR_STYLE";
    names[k] = NULL;
    /* A driver that cannot ignore fields just reads them all. */
    (void)OGR_L_SetIgnoredFields(lyr, names);
    zg_free(ctx, names);
    return ZG_OK;
}

/* Hand a full batch to the workers (or do it here with one thread). */
zg_status zg_stream_dispatch(zg_ctx *ctx, shared *sh, worker *ws,
                             int nthreads, batch *b)
{
    if (nthreads == 1) {
        zg_status st = do_batch(&ws[0], b);
        zg_batch_free(ctx, b);
        return st;
    }
    pthread_mutex_lock(&sh->mu);
    while (sh->qlen == sh->qcap && !sh->abort)
        pthread_cond_wait(&sh->not_full, &sh->mu);
    if (sh->abort) {
        pthread_mutex_unlock(&sh->mu);
        zg_batch_free(ctx, b);
        return ZG_ERR_INTERNAL; /* a worker failed: its error is in sh */
    }
    sh->queue[(sh->qhead + sh->qlen) % sh->qcap] = b;
    sh->qlen++;
    pthread_cond_signal(&sh->not_empty);
    pthread_mutex_unlock(&sh->mu);
    return ZG_OK;
}

static int cmp_piece(const void *a, const void *b)
{
    const zg_piece *x = a, *y = b;
    if (x->zone != y->zone)
        return x->zone < y->zone ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Reading order, then zone: the order of a worker's own pieces. */
static int cmp_seq_zone(const zg_piece *x, const zg_piece *y)
{
    if (x->seq != y->seq)
        return x->seq < y->seq ? -1 : 1;
    return x->zone < y->zone ? -1 : x->zone > y->zone;
}

static int cmp_qa(const void *a, const void *b)
{
    const zg_qa_row *x = a, *y = b;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Move the workers' pieces into r->pieces (allocated for all of them), in
 * (zone, reading order). Each worker's list is already in reading order
 * (it takes batches in the order the reader queued them), so a merge by
 * reading order, placing each piece in its zone's slot, sorts them in
 * linear time; sorting 360 000 pieces took 0.1 s on one core. */
static zg_status gather_pieces(zg_ctx *ctx, worker *ws, int nthreads,
                               size_t nzones, zg_stream_result *r)
{
    size_t *slot = zg_calloc(ctx, nzones + 1, sizeof *slot);
    size_t *head = zg_calloc(ctx, (size_t)nthreads, sizeof *head);
    if (!slot || !head) {
        zg_free(ctx, slot);
        zg_free(ctx, head);
        return zg_nomem(ctx, "pieces");
    }
    bool in_order = true;
    for (int t = 0; t < nthreads; t++)
        for (size_t i = 0; i < ws[t].npieces; i++) {
            const zg_piece *p = ws[t].pieces;
            slot[p[i].zone + 1]++;
            in_order = in_order &&
                       (i == 0 || cmp_seq_zone(&p[i - 1], &p[i]) < 0);
        }
    for (size_t z = 0; z < nzones; z++)
        slot[z + 1] += slot[z];
    for (;;) {
        int best = -1;
        for (int t = 0; t < nthreads; t++)
            if (head[t] < ws[t].npieces &&
                (best < 0 || cmp_seq_zone(&ws[t].pieces[head[t]],
                                          &ws[best].pieces[head[best]]) < 0))
                best = t;
        if (best < 0)
            break;
        const zg_piece *p = &ws[best].pieces[head[best]++];
        r->pieces[slot[p->zone]++] = *p;
        r->npieces++;
    }
    /* The pieces' geometries now belong to r. */
    for (int t = 0; t < nthreads; t++)
        ws[t].npieces = 0;
    if (!in_order) /* never seen; the order must not depend on it */
        zg_sort(r->pieces, r->npieces, sizeof *r->pieces, cmp_piece);
    zg_free(ctx, slot);
    zg_free(ctx, head);
    return ZG_OK;
}

/* Each group's extent, and the meters: one per distinct extent. */
static zg_status group_extents(zg_ctx *ctx, const zg_stream_opts *o,
                               const zg_stream_raw *raw, shared *sh)
{
    size_t ng = raw->ngroups;
    sh->extent_m = zg_calloc(ctx, ng, sizeof *sh->extent_m);
    sh->meter_of = zg_calloc(ctx, ng, sizeof *sh->meter_of);
    sh->groups_of = zg_calloc(ctx, ng, sizeof *sh->groups_of);
    const GEOSGeometry **z = zg_calloc(ctx, o->nzones + 1, sizeof *z);
    if (!sh->extent_m || !sh->meter_of || !sh->groups_of || !z) {
        zg_free(ctx, (void *)z);
        return zg_nomem(ctx, "extents");
    }
    for (size_t g = 0; g < ng; g++) {
        const zg_stream_group *gr = &raw->groups[g];
        for (size_t k = 0; k < gr->nzones; k++)
            z[k] = o->zones[gr->zones[k]];
        zg_geoms_extent(ctx, z, gr->nzones, sh->extent_m[g]);
        size_t m = 0;
        while (m < sh->nmeters &&
               memcmp(sh->extent_m[g], sh->extent_m[sh->meter_of[m]],
                      sizeof sh->extent_m[g]) != 0)
            m++;
        if (m == sh->nmeters)
            sh->meter_of[sh->nmeters++] = g; /* the first group of m */
        sh->groups_of[m] |= UINT64_C(1) << g;
    }
    /* meter_of served as each meter's first group: now each group's. */
    for (size_t m = 0; m < sh->nmeters; m++)
        for (size_t g = 0; g < ng; g++)
            if (sh->groups_of[m] >> g & 1)
                sh->meter_of[g] = m;
    zg_free(ctx, (void *)z);
    return ZG_OK;
}

/* sh->family from o->zone_family: a family keeps its shortcut only when
 * its zones are read for one set of groups, none of which keeps tiny
 * pieces (the slivers the shortcut leaves out are tiny pieces), and its
 * number is less than the number of zones. */
static zg_status zone_families(zg_ctx *ctx, const zg_stream_opts *o,
                               const zg_stream_raw *raw, shared *sh)
{
    if (!o->zone_family)
        return ZG_OK;
    size_t n = o->nzones;
    uint64_t tiny = 0;
    for (size_t g = 0; g < raw->ngroups; g++)
        if (raw->groups[g].keep_tiny_pieces)
            tiny |= UINT64_C(1) << g;
    uint64_t *fg = zg_calloc(ctx, n + 1, sizeof *fg);
    unsigned char *bad = zg_calloc(ctx, n + 1, 1);
    sh->family = zg_calloc(ctx, n + 1, sizeof *sh->family);
    if (!fg || !bad || !sh->family) {
        zg_free(ctx, fg);
        zg_free(ctx, bad);
        return zg_nomem(ctx, "zone families");
    }
    for (size_t z = 0; z < n; z++) {
        uint32_t f = o->zone_family[z];
        if (f >= n)
            continue;
        uint64_t gz = raw->zone_groups[z];
        if ((gz & tiny) || (fg[f] && fg[f] != gz))
            bad[f] = 1;
        fg[f] = gz;
    }
    for (size_t z = 0; z < n; z++) {
        uint32_t f = o->zone_family[z];
        sh->family[z] = f < n && !bad[f] ? f : ZG_NO_FAMILY;
    }
    zg_free(ctx, fg);
    zg_free(ctx, bad);
    return ZG_OK;
}

/* A qa_log row with its tags, for sorting them together. */
typedef struct tagged_row {
    zg_qa_row row;
    uint64_t groups;
    uint32_t cls;
} tagged_row;

static int cmp_tagged(const void *a, const void *b)
{
    return cmp_qa(&((const tagged_row *)a)->row,
                  &((const tagged_row *)b)->row);
}

zg_status zg_stream_source_new(zg_ctx *ctx, const zg_input_opts *in,
                               zg_layer **out)
{
    zg_layer *shell = zg_calloc(ctx, 1, sizeof *shell);
    *out = shell;
    if (!shell)
        return zg_nomem(ctx, "layer");
    shell->ctx = ctx;
    shell->role = zg_strdup(ctx, in->role);
    shell->path = zg_strdup(ctx, in->path);
    if (!shell->role || !shell->path)
        return zg_nomem(ctx, "layer");
    return ZG_OK;
}

zg_status zg_stream_read_groups(zg_ctx *ctx, const zg_stream_opts *o,
                                const zg_stream_group *groups,
                                size_t ngroups, zg_stream_raw *raw)
{
    memset(raw, 0, sizeof *raw);
    zg_stream_result *r = &raw->r;
    raw->groups = groups;
    raw->ngroups = ngroups;
    raw->nzones = o->nzones;
    if (ngroups < 1 || ngroups > ZG_STREAM_MAX_GROUPS)
        return zg_fail(ctx, ZG_ERR_INTERNAL, "%zu groups in one read",
                       ngroups);
    if (!(raw->zone_groups = zg_calloc(ctx, o->nzones + 1,
                                       sizeof *raw->zone_groups)))
        return zg_nomem(ctx, "zone groups");
    for (size_t g = 0; g < ngroups; g++)
        for (size_t k = 0; k < groups[g].nzones; k++)
            raw->zone_groups[groups[g].zones[k]] |= UINT64_C(1) << g;
    int nthreads = o->threads > 0 ? o->threads : 1;
    zg_status sst = zg_stream_source_new(ctx, o->input, &r->source);
    if (sst)
        return sst;
    zg_layer *shell = r->source;
    zg_source src;
    memset(&src, 0, sizeof src);
    shared sh;
    memset(&sh, 0, sizeof sh);
    sh.o = o;
    worker *ws = NULL;
    GEOSSTRtree *etree = NULL;
    GEOSGeometry **rects = NULL;
    zg_envelope_grid grid;
    memset(&grid, 0, sizeof grid);
    char *where = NULL, *source = NULL;
    bool sync_ok = false;
    zg_qa_log reader_qa;
    memset(&reader_qa, 0, sizeof reader_qa);
    uint64_t *rq_groups = NULL;
    uint32_t *rq_class = NULL;
    size_t rq_cap = 0;
    tagged_row *tagged = NULL;
    sh.raw = raw;
    zg_hash_job hash;
    memset(&hash, 0, sizeof hash);
    hash.done = true; /* nothing to wait for until it starts */
    zg_gdal_begin(ctx);
    zg_status st = zg_source_open_unhashed(ctx, o->input, shell, &src);
    if (!st)
        st = zg_hash_start(ctx, shell, &hash);
    if (!st)
        st = zg_source_crs(ctx, o->input, shell, &src);
    /* A layer declared as points or lines has no area to give: refuse it
     * rather than report zero everywhere. */
    if (!st) {
        OGRwkbGeometryType gt = wkbFlatten(OGR_L_GetGeomType(src.lyr));
        if (gt == wkbPoint || gt == wkbMultiPoint || gt == wkbLineString ||
            gt == wkbMultiLineString || gt == wkbCircularString ||
            gt == wkbCompoundCurve || gt == wkbMultiCurve)
            st = zg_fail(ctx, ZG_ERR_INPUT, "the layer has no polygon: its "
                         "geometry type is %s (%s, layer %s)",
                         OGRGeometryTypeToName(gt), o->input->path,
                         shell->layer_name);
    }
    int code_idx = -1;
    if (!st && o->classify) {
        code_idx = find_code_field(&src, o->code_field, ZG_CODE_FIELDS);
        if (code_idx < 0)
            st = o->code_field
                     ? zg_fail(ctx, ZG_ERR_USAGE, "no field '%s' for the "
                               "land-use code (setting '%s') (%s, layer %s)",
                               o->code_field,
                               strncmp(o->input->role, "residential", 11)
                                   ? "code_field" : "residential_code_field",
                               o->input->path,
                               shell->layer_name)
                     : zg_fail(ctx, ZG_ERR_USAGE, "no land-use code field "
                               "(ma_ldat, loai_dat, landuse, code...): name "
                               "it with setting '%s' (%s, layer %s)",
                               strncmp(o->input->role, "residential", 11)
                                   ? "code_field" : "residential_code_field",
                               o->input->path, shell->layer_name);
        else if (!(r->code_field = zg_strdup(ctx,
                                             src.field_names[code_idx])))
            st = zg_nomem(ctx, "code field");
    }
    if (!st)
        st = ignore_other_fields(ctx, src.lyr, code_idx);
    bool same = false;
    if (!st) {
        same = proj_is_equivalent_to_with_ctx(ctx->pj, shell->crs.pj,
                                              o->cut_crs->pj,
                                              PJ_COMP_EQUIVALENT);
        where = zg_layer_label(ctx, shell);
        source = zg_asprintf(ctx, "%s, layer %s", o->input->path,
                             shell->layer_name ? shell->layer_name : "");
        sh.where = where;
        sh.source = source;
        if (!where || !source)
            st = zg_nomem(ctx, "label");
    }
    if (!st)
        st = build_envelope_index(ctx, o, &shell->crs, same, &etree, &rects,
                                  &grid);
    /* The transformations, asked of PROJ once and cloned per worker. */
    PJ *to_ll = NULL, *to_cut = NULL;
    if (!st) {
        PJ *wgs = zg_crs_wgs84_new(ctx);
        to_ll = wgs ? zg_crs_transform_new(ctx, o->cut_crs->pj, wgs) : NULL;
        proj_destroy(wgs);
        if (!same)
            to_cut = zg_crs_transform_new(ctx, shell->crs.pj,
                                          o->cut_crs->pj);
        if (!to_ll || (!same && !to_cut))
            st = zg_fail(ctx, ZG_ERR_CRS, "no transformation from %s to "
                         "the clusters' CRS %s and WGS 84: %s",
                         shell->crs.label, o->cut_crs->label,
                         zg_proj_lastmsg(ctx));
    }
    if (!st && !(ws = zg_calloc(ctx, (size_t)nthreads, sizeof *ws)))
        st = zg_nomem(ctx, "workers");
    if (!st) {
        sh.metre_plane = zg_crs_is_metre_plane(ctx, o->cut_crs->pj);
        sh.src_geographic = shell->crs.geographic;
        sh.cut_geographic = o->cut_crs->geographic;
        sh.src_metre_plane = zg_crs_is_metre_plane(ctx, shell->crs.pj);
        st = group_extents(ctx, o, raw, &sh);
        if (!st)
            st = zone_families(ctx, o, raw, &sh);
    }
    for (int t = 0; !st && t < nthreads; t++)
        st = worker_init(&ws[t], &sh, ctx, &shell->crs, to_ll, to_cut);
    proj_destroy(to_ll);
    proj_destroy(to_cut);
    if (!st && nthreads > 1) {
        sh.qcap = (size_t)nthreads * 4;
        sh.queue = zg_calloc(ctx, sh.qcap, sizeof *sh.queue);
        if (!sh.queue)
            st = zg_nomem(ctx, "queue");
        if (!st) {
            pthread_mutex_init(&sh.mu, NULL);
            pthread_cond_init(&sh.not_empty, NULL);
            pthread_cond_init(&sh.not_full, NULL);
            sync_ok = true;
        }
        for (int t = 0; !st && t < nthreads; t++) {
            if (pthread_create(&ws[t].thread, NULL, worker_main, &ws[t]))
                st = zg_fail(ctx, ZG_ERR_INTERNAL, "cannot start a thread");
            else
                ws[t].started = true;
        }
    }
    /* The codes' NULs are looked for beside the read (nul_scan.c). */
    zg_nul_job nul;
    memset(&nul, 0, sizeof nul);
    if (!st && code_idx >= 0)
        zg_code_nul_start(ctx, &src, code_idx, &nul);
    if (!st)
        st = zg_stream_read(ctx, &sh, ws, nthreads, &src, code_idx, etree,
                            &grid, r, &reader_qa, &rq_groups, &rq_class,
                            &rq_cap);
    if (sync_ok) {
        pthread_mutex_lock(&sh.mu);
        if (st)
            sh.abort = true;
        sh.done = true;
        pthread_cond_broadcast(&sh.not_empty);
        pthread_cond_broadcast(&sh.not_full);
        pthread_mutex_unlock(&sh.mu);
    }
    for (int t = 0; ws && t < nthreads; t++)
        if (ws[t].started)
            pthread_join(ws[t].thread, NULL);
    /* A worker's failure outranks the reader's "a worker failed". */
    if (sh.err) {
        st = zg_fail(ctx, sh.err, "%s", sh.errmsg);
    } else if (nthreads == 1 && st && ws && ws[0].ctx &&
               zg_ctx_errmsg(ws[0].ctx)[0]) {
        st = zg_fail(ctx, st, "%s", zg_ctx_errmsg(ws[0].ctx));
    }
    while (sh.queue && sh.qlen) {
        zg_batch_free(ctx, sh.queue[sh.qhead]);
        sh.qhead = (sh.qhead + 1) % sh.qcap;
        sh.qlen--;
    }
    /* Gather pieces and QA rows: their order is the reading order. */
    size_t np = 0, nq = 0;
    for (int t = 0; !st && t < nthreads; t++) {
        np += ws[t].npieces;
        nq += ws[t].qa.n;
    }
    if (!st && !(r->pieces = zg_calloc(ctx, np + 1, sizeof *r->pieces)))
        st = zg_nomem(ctx, "pieces");
    if (!st)
        st = gather_pieces(ctx, ws, nthreads, o->nzones, r);
    if (!st && o->dist_to) {
        /* The least over workers: the same whatever the thread count. */
        r->dmin = zg_calloc(ctx, o->nzones + 1, sizeof *r->dmin);
        if (!r->dmin)
            st = zg_nomem(ctx, "distances");
        for (size_t z = 0; !st && z < o->nzones; z++) {
            r->dmin[z] = INFINITY;
            for (int t = 0; t < nthreads; t++)
                if (ws[t].dmin[z] < r->dmin[z])
                    r->dmin[z] = ws[t].dmin[z];
        }
    }
    if (!st) {
        /* The rows of the reader and the workers, in reading order, each
         * with its groups and class: a view takes its own. */
        size_t base = shell->qa.n, nt = reader_qa.n;
        for (int t = 0; t < nthreads; t++)
            nt += ws[t].qa.n;
        raw->qa_base = base;
        if (!(tagged = zg_calloc(ctx, nt + 1, sizeof *tagged)))
            st = zg_nomem(ctx, "qa rows");
        size_t k = 0;
        for (int t = -1; !st && t < nthreads; t++) {
            const zg_qa_log *lg = t < 0 ? &reader_qa : &ws[t].qa;
            const uint64_t *gr = t < 0 ? rq_groups : ws[t].qa_groups;
            const uint32_t *cl = t < 0 ? rq_class : ws[t].qa_class;
            for (size_t i = 0; i < lg->n; i++)
                tagged[k++] = (tagged_row){lg->rows[i], gr[i], cl[i]};
        }
        if (!st)
            zg_sort(tagged, nt, sizeof *tagged, cmp_tagged);
        size_t tcap = 0;
        for (size_t i = 0; !st && i < nt; i++) {
            const zg_qa_row *q = &tagged[i].row;
            st = zg_qa_add(ctx, &shell->qa, q->layer, q->feature_id,
                           q->problem, q->action, q->area_before_m2,
                           q->area_after_m2);
            if (!st)
                shell->qa.rows[shell->qa.n - 1].order = q->order;
            if (!st)
                st = zg_stream_tag_row(ctx, &raw->qa_groups, &raw->qa_class,
                                       &tcap, i, tagged[i].groups,
                                       tagged[i].cls);
        }
        /* ONT\0X: GDAL gave us ONT. Rows about the layer: every view's. */
        size_t nul_from = shell->qa.n;
        if (!st && code_idx >= 0)
            st = zg_code_nul_scan(ctx, &src, shell, code_idx, where, &nul,
                                  &r->codes_nul);
        for (size_t i = nul_from; !st && i < shell->qa.n; i++)
            st = zg_stream_tag_row(ctx, &raw->qa_groups, &raw->qa_class,
                                   &tcap, i - base, UINT64_MAX,
                                   ZG_STREAM_ALL_CLASSES);
        (void)nq;
    }
    /* What the views say of the layer as a whole, from the source. */
    raw->names_undoubled = src.names_undoubled;
    raw->names_lossy = src.names_lossy;
    raw->nfields = src.nfields > 0 ? (size_t)src.nfields : 0;
    zg_code_nul_clear(&nul);
    /* Every path waits for the hashes: the thread writes into shell. */
    zg_status hst = zg_hash_finish(ctx, &hash);
    if (!st)
        st = hst;
    for (int t = 0; ws && t < nthreads; t++)
        worker_clear(&ws[t], o->nzones);
    zg_free(ctx, ws);
    zg_qa_clear(ctx, &reader_qa);
    zg_free(ctx, rq_groups);
    zg_free(ctx, rq_class);
    zg_free(ctx, tagged);
    if (sync_ok) {
        pthread_mutex_destroy(&sh.mu);
        pthread_cond_destroy(&sh.not_empty);
        pthread_cond_destroy(&sh.not_full);
    }
    zg_free(ctx, sh.queue);
    zg_free(ctx, sh.extent_m);
    zg_free(ctx, sh.meter_of);
    zg_free(ctx, sh.groups_of);
    zg_free(ctx, sh.family);
    if (etree)
        GEOSSTRtree_destroy_r(ctx->geos, etree);
    for (size_t z = 0; rects && z < o->nzones; z++)
        if (rects[z])
            GEOSGeom_destroy_r(ctx->geos, rects[z]);
    zg_free(ctx, rects);
    zg_envelope_grid_clear(ctx, &grid);
    zg_free(ctx, where);
    zg_free(ctx, source);
    zg_source_close(ctx, &src);
    zg_gdal_end(ctx);
    if (!st)
        st = zg_progress(ctx, o->progress_lo, o->progress_hi, 1.0, "overlay");
    return st;
}

void zg_stream_result_clear(zg_ctx *ctx, zg_stream_result *r)
{
    for (size_t i = 0; !r->geoms_lent && i < r->npieces; i++)
        if (r->pieces[i].geom)
            GEOSGeom_destroy_r(ctx->geos, r->pieces[i].geom);
    zg_free(ctx, r->pieces);
    for (size_t i = 0; i < r->nclasses; i++)
        zg_free(ctx, r->classes[i]);
    zg_free(ctx, r->classes);
    zg_free(ctx, r->class_count);
    zg_free(ctx, r->code_field);
    zg_free(ctx, r->dmin);
    zg_layer_free(r->source);
    memset(r, 0, sizeof *r);
}

zg_status zg_stream_zone_starts(zg_ctx *ctx, const zg_stream_result *sr,
                                size_t nzones, size_t **out)
{
    size_t *at = zg_calloc(ctx, nzones + 1, sizeof *at);
    if (!at)
        return zg_nomem(ctx, "pieces");
    size_t p = 0;
    for (size_t z = 0; z <= nzones; z++) {
        while (p < sr->npieces && sr->pieces[p].zone < z)
            p++;
        at[z] = p;
    }
    *out = at;
    return ZG_OK;
}

zg_status zg_stream_union_where(zg_ctx *ctx, const zg_stream_result *sr,
                                size_t first, size_t last,
                                bool (*keep)(const zg_stream_result *sr,
                                             size_t i, void *ud),
                                void *ud, GEOSGeometry **out)
{
    GEOSContextHandle_t h = ctx->geos;
    *out = NULL;
    GEOSGeometry **g = zg_calloc(ctx, last - first + 1, sizeof *g);
    if (!g)
        return zg_nomem(ctx, "pieces");
    size_t n = 0;
    zg_status st = ZG_OK;
    for (size_t i = first; i < last && !st; i++) {
        if (keep && !keep(sr, i, ud))
            continue;
        if (!(g[n] = GEOSGeom_clone_r(h, sr->pieces[i].geom)))
            st = zg_nomem(ctx, "pieces");
        else
            n++;
    }
    if (!st && n) {
        GEOSGeometry *coll = GEOSGeom_createCollection_r(
            h, GEOS_GEOMETRYCOLLECTION, g, (unsigned int)n);
        if (coll) {
            n = 0; /* the collection owns the pieces */
            GEOSGeometry *u = GEOSUnaryUnion_r(h, coll);
            GEOSGeom_destroy_r(h, coll);
            if (!u)
                st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot union pieces: "
                             "%s", zg_geos_lastmsg(ctx));
            else {
                st = zg_geom_polygonal_parts(ctx, u, out);
                GEOSGeom_destroy_r(h, u);
            }
        } else
            st = zg_nomem(ctx, "pieces");
    }
    for (size_t i = 0; i < n; i++)
        GEOSGeom_destroy_r(h, g[i]);
    zg_free(ctx, g);
    return st;
}

struct code_filter {
    bool (*want)(const char *code, void *ud);
    void *ud;
};

static bool keep_code(const zg_stream_result *sr, size_t i, void *ud)
{
    const struct code_filter *f = ud;
    const char *code = sr->nclasses ? sr->classes[sr->pieces[i].cls] : "";
    return !f->want || f->want(code, f->ud);
}

zg_status zg_stream_union(zg_ctx *ctx, const zg_stream_result *sr,
                          size_t first, size_t last,
                          bool (*want)(const char *code, void *ud), void *ud,
                          GEOSGeometry **out)
{
    struct code_filter f = {want, ud};
    return zg_stream_union_where(ctx, sr, first, last, keep_code, &f, out);
}
