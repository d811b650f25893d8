/* SPDX-License-Identifier: MIT
 *
 * landuse.c: what land lies inside each cluster. The parcel layer is
 * streamed once against the clusters (stream.c); then, per cluster, the
 * pieces are added up by land-use code, in integer µm².
 *
 * No double counting: where parcels overlap each other inside a cluster,
 * the overlapped area counts once, for the parcel met first in the layer's
 * reading order, and each overlap is logged. Overlaps are rare in a
 * land-use map, so they are found cheaply first: the area of the union of
 * a cluster's pieces equals the sum of their areas unless some overlap
 * (beyond 1 mm² of rounding); only then are pieces compared pairwise.
 * What no parcel covers is the row with code NONE, so the shares of a
 * cluster add up to 100 %.
 */
#include "../overlay/overlay.h"

#include "analyses_int.h"
#include "settings_int.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct zg_landuse_opts {
    zg_ctx *ctx;
    char *code_field;
    char *codes;
    int threads;
};

/* The row of what no parcel covers, and what a parcel's code that is
 * literally NONE is written as: never a code, which is upper-cased. */
#define ZG_UNCOVERED "NONE"
#define ZG_CODE_NONE "NONE (code)"

typedef struct lu_row {
    size_t cluster;
    const char *code; /* borrowed from the stream result, or a macro above */
    const char *lookup; /* the code in the code table; NULL: uncovered */
    const char *role;
    int64_t area_um2;
    double share_pct;
} lu_row;

struct zg_landuse {
    zg_ctx *ctx;
    const zg_layer *clusters;
    zg_codes *codes;
    zg_stream_result sr;
    lu_row *rows;
    size_t nrows;
    zg_qa_log qa;
    int threads;
};

zg_landuse_opts *zg_landuse_opts_new(zg_ctx *ctx)
{
    zg_landuse_opts *o = zg_calloc(ctx, 1, sizeof *o);
    if (!o)
        return NULL;
    o->ctx = ctx;
    o->codes = zg_strdup(ctx, "tt08_2024");
    if (!o->codes) {
        zg_free(ctx, o);
        return NULL;
    }
    return o;
}

void zg_landuse_opts_free(zg_landuse_opts *o)
{
    if (!o)
        return;
    zg_free(o->ctx, o->code_field);
    zg_free(o->ctx, o->codes);
    zg_free(o->ctx, o);
}

static zg_status replace(zg_ctx *ctx, char **slot, const char *v)
{
    char *c = v ? zg_strdup(ctx, v) : NULL;
    if (v && !c)
        return zg_nomem(ctx, "option");
    zg_free(ctx, *slot);
    *slot = c;
    return ZG_OK;
}

zg_status zg_landuse_opts_set_code_field(zg_landuse_opts *o, const char *f)
{
    return replace(o->ctx, &o->code_field, f);
}

zg_status zg_landuse_opts_set_codes(zg_landuse_opts *o, const char *codes)
{
    return replace(o->ctx, &o->codes, codes ? codes : "tt08_2024");
}

zg_status zg_landuse_opts_set_threads(zg_landuse_opts *o, int threads)
{
    zg_status st = zg_setting_check_threads(o->ctx, threads);
    if (st)
        return st;
    o->threads = threads;
    return ZG_OK;
}

int zg_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)(n > 64 ? 64 : n) : 1;
}

/* ---- per-cluster work: sums and overlaps ------------------------------- */

typedef struct zone_job {
    zg_landuse *lu;
    size_t zone;
    size_t first, last; /* pieces of this zone: [first, last) */
    int64_t *sum_um2;   /* per class */
    /* How far the pieces may add up beyond the cluster's area before the
     * excess is an overlap, not measurement (cover_slack_m2). */
    double slack_m2;
} zone_job;

/* Area on the ellipsoid of a geometry in the cut CRS, m², measured as
 * the stream measured the pieces (the same meter's rules), so that what
 * an overlap takes off a piece is on the same footing as the piece. */
static double area_ll(zg_ctx *ctx, const GEOSGeometry *g, zg_area_meter *m,
                      bool *failed)
{
    double a = zg_area_meter_m2(ctx, m, g);
    if (isnan(a)) {
        *failed = true;
        return 0;
    }
    return a;
}

struct hits {
    size_t *v;
    size_t n, cap;
    zg_ctx *ctx;
    bool oom;
};

static void hit(void *it, void *ud)
{
    struct hits *h = ud;
    if (h->oom)
        return;
    if (zg_grow(h->ctx, (void **)&h->v, &h->cap, h->n + 1, sizeof *h->v))
        h->oom = true;
    else
        h->v[h->n++] = (size_t)(uintptr_t)it - 1;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Pairwise pass: each piece loses what earlier pieces already cover. */
static zg_status resolve_overlaps(zg_ctx *ctx, zone_job *job,
                                  zg_area_meter *meter,
                                  GEOSGeometry **g, zg_qa_log *qa)
{
    GEOSContextHandle_t h = ctx->geos;
    zg_landuse *lu = job->lu;
    size_t n = job->last - job->first;
    const zg_piece *p = lu->sr.pieces + job->first;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    if (!tree)
        return zg_nomem(ctx, "overlap index");
    for (size_t i = 0; i < n; i++)
        if (!p[i].tiny)
            GEOSSTRtree_insert_r(h, tree, g[i], (void *)(uintptr_t)(i + 1));
    struct hits hs = {NULL, 0, 0, ctx, false};
    zg_status st = ZG_OK;
    const char *cid = lu->clusters->feats[p[0].zone].id;
    char *where = zg_layer_label(ctx, lu->sr.source);
    if (!where)
        st = zg_nomem(ctx, "label");
    for (size_t i = 0; !st && i < n; i++) {
        if (p[i].tiny)
            continue;
        hs.n = 0;
        GEOSSTRtree_query_r(h, tree, g[i], hit, &hs);
        if (hs.oom) {
            st = zg_nomem(ctx, "overlap candidates");
            break;
        }
        zg_sort(hs.v, hs.n, sizeof *hs.v, cmp_size);
        GEOSGeometry *rem = NULL;
        for (size_t k = 0; !st && k < hs.n && hs.v[k] < i; k++) {
            size_t j = hs.v[k];
            const GEOSGeometry *cur = rem ? rem : g[i];
            GEOSGeometry *x = GEOSIntersection_r(h, cur, g[j]);
            GEOSGeometry *xp = NULL;
            if (!x) {
                st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot intersect "
                             "features %lld and %lld: %s", p[i].fid,
                             p[j].fid, zg_geos_lastmsg(ctx));
                break;
            }
            st = zg_geom_polygonal_parts(ctx, x, &xp);
            GEOSGeom_destroy_r(h, x);
            if (st || !xp)
                continue;
            bool failed = false;
            double ov = area_ll(ctx, xp, meter, &failed);
            GEOSGeom_destroy_r(h, xp);
            if (ov < 1e-6 && !failed)
                continue; /* rounding along a shared edge */
            GEOSGeometry *d = GEOSDifference_r(h, cur, g[j]);
            GEOSGeometry *dp = NULL;
            if (!d) {
                st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot subtract "
                             "feature %lld from %lld: %s", p[j].fid,
                             p[i].fid, zg_geos_lastmsg(ctx));
                break;
            }
            st = zg_geom_polygonal_parts(ctx, d, &dp);
            GEOSGeom_destroy_r(h, d);
            if (!st && !dp)
                dp = GEOSGeom_createEmptyPolygon_r(h);
            if (st || !dp)
                break;
            if (rem)
                GEOSGeom_destroy_r(h, rem);
            rem = dp;
            char fid[32], problem[160];
            snprintf(fid, sizeof fid, "%lld", p[i].fid);
            snprintf(problem, sizeof problem, "overlaps feature %lld (met "
                     "earlier) inside cluster %s", p[j].fid, cid);
            st = zg_qa_add(ctx, qa, where, fid, problem,
                           "overlap counted once: the feature met first "
                           "keeps it", ov, NAN);
            if (!st)
                qa->rows[qa->n - 1].order =
                    ((unsigned long long)p[i].zone << 40) | p[i].seq;
        }
        if (!st && rem) {
            bool failed = false;
            double a = area_ll(ctx, rem, meter, &failed);
            if (failed)
                st = zg_fail(ctx, ZG_ERR_CRS, "a piece cannot be "
                             "transformed to WGS 84");
            job->sum_um2[p[i].cls] += llround(a * 1e6) - p[i].area_um2;
        }
        if (rem)
            GEOSGeom_destroy_r(h, rem);
    }
    zg_free(ctx, hs.v);
    zg_free(ctx, where);
    GEOSSTRtree_destroy_r(h, tree);
    return st;
}

/* ---- the fast proof that a cluster's pieces do not overlap -------------- */

typedef struct seg {
    double ax, ay, bx, by; /* lexicographically a < b, on the grid */
    int dir;
    uint32_t piece; /* index of the piece whose edge it is */
} seg;

/* Two pieces cut from neighbouring parcels compute the point where their
 * shared edge crosses the cluster boundary separately, and may disagree in
 * the last bit: edges are compared on a grid of 2 mm on the ground,
 * whatever the CRS's unit (2e-8° in degrees), but never finer than 1e-12
 * of the coordinates' magnitude (a few thousand times their rounding). */
#define ZG_EDGE_GRID_M 0.002

/* Overlaps the union test lets pass: rounding of the plane areas of a
 * union and of a sum, on the ground. */
#define ZG_UNION_SLACK_M2 1e-3
#define ZG_UNION_SLACK_REL 1e-9

/* Densify a cluster's edges to this before measuring it as cut. */
#define ZG_CUT_EDGE_M 10.0

/* How far the pieces of cluster cf may add up beyond its area (zone_m2)
 * before the excess is an overlap, not measurement. The pieces' edges on
 * the boundary carry the cut points, so their geodesic polygons follow the
 * cluster's straight edges in its CRS, where the cluster's own polygon
 * follows geodesics between its vertices: in degrees, at 21° N, the
 * slivers between the two are 2e-6 of a cluster with 500 m edges (the
 * bundled clusters in WGS 84), and grow as the cube of an edge. So the
 * slack is what the cluster measures with its edges densified in its CRS
 * beyond what it measures outright, plus ZG_COVER_SLACK_REL of it
 * (parcels transformed from another CRS leave slivers of their own: 2e-7
 * of a bundled cluster) and 1 mm². */
#define ZG_COVER_SLACK_REL 1e-6

static double cover_slack_base_m2(double zone_m2)
{
    return 1e-3 + ZG_COVER_SLACK_REL * zone_m2;
}

static double cover_slack_m2(zg_ctx *ctx, const zg_feature *cf,
                             double zone_m2, double m2_per_u2,
                             zg_area_meter *meter)
{
    double base = cover_slack_base_m2(zone_m2);
    GEOSGeometry *d = GEOSDensify_r(ctx->geos, cf->geom_src,
                                    ZG_CUT_EDGE_M / sqrt(m2_per_u2));
    if (!d)
        return base;
    double cut_m2 = zg_area_meter_m2(ctx, meter, d);
    GEOSGeom_destroy_r(ctx->geos, d);
    return isfinite(cut_m2) && cut_m2 > zone_m2 ? base + (cut_m2 - zone_m2)
                                                : base;
}

/* Square metres on the ground per square unit of the cut CRS, about a
 * zone: its ellipsoidal area over its plane area. Tolerances are stated
 * in metres; this turns them into the CRS's units (degrees, US feet,
 * Web-Mercator metres, which are 7 % short of ground metres at 21° N). */
static double m2_per_unit2(zg_ctx *ctx, const zg_feature *cf)
{
    double plane = 0;
    double m2 = zg_geodesic_area_m2(ctx, cf->geom_ll);
    if (!GEOSArea_r(ctx->geos, cf->geom_src, &plane) || !(plane > 0) ||
        !(m2 > 0) || !isfinite(m2 / plane))
        return 1;
    return m2 / plane;
}

static double grid(double v, double q)
{
    return nearbyint(v / q) * q;
}

static int cmp_seg(const void *pa, const void *pb)
{
    const seg *a = pa, *b = pb;
    if (a->ax != b->ax) return a->ax < b->ax ? -1 : 1;
    if (a->ay != b->ay) return a->ay < b->ay ? -1 : 1;
    if (a->bx != b->bx) return a->bx < b->bx ? -1 : 1;
    if (a->by != b->by) return a->by < b->by ? -1 : 1;
    return 0;
}

/* The ring's edges as seen walking shells counter-clockwise and holes
 * clockwise, whichever way the ring is stored: then an edge two pieces
 * share runs opposite ways in them. (Asking GEOS for its normal form did
 * the same by rewriting every piece: a quarter of the post phase.) */
static bool add_ring_segs(zg_ctx *ctx, const GEOSGeometry *ring, bool shell,
                          uint32_t piece, seg **v, size_t *n, size_t *cap,
                          double q)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(ctx->geos, ring);
    unsigned int m = 0;
    char ccw = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(ctx->geos, cs, &m) ||
        (m >= 4 && !GEOSCoordSeq_isCCW_r(ctx->geos, cs, &ccw)))
        return false;
    int turn = (ccw != 0) == shell ? 1 : -1;
    double px = 0, py = 0;
    for (unsigned int i = 0; i < m; i++) {
        double x, y;
        GEOSCoordSeq_getXY_r(ctx->geos, cs, i, &x, &y);
        x = grid(x, q);
        y = grid(y, q);
        if (i > 0 && (x != px || y != py)) {
            if (zg_grow(ctx, (void **)v, cap, *n + 1, sizeof **v))
                return false;
            bool fwd = px < x || (px == x && py < y);
            (*v)[(*n)++] = fwd ? (seg){px, py, x, y, turn, piece}
                               : (seg){x, y, px, py, -turn, piece};
        }
        px = x;
        py = y;
    }
    return true;
}

static bool add_poly_segs(zg_ctx *ctx, const GEOSGeometry *g,
                          uint32_t piece, seg **v, size_t *n, size_t *cap,
                          double q)
{
    int t = GEOSGeomTypeId_r(ctx->geos, g);
    if (t == GEOS_POLYGON) {
        if (!add_ring_segs(ctx, GEOSGetExteriorRing_r(ctx->geos, g), true,
                           piece, v, n, cap, q))
            return false;
        int nh = GEOSGetNumInteriorRings_r(ctx->geos, g);
        for (int i = 0; i < nh; i++)
            if (!add_ring_segs(ctx, GEOSGetInteriorRingN_r(ctx->geos, g, i),
                               false, piece, v, n, cap, q))
                return false;
        return true;
    }
    int k = GEOSGetNumGeometries_r(ctx->geos, g);
    for (int i = 0; i < k; i++)
        if (!add_poly_segs(ctx, GEOSGetGeometryN_r(ctx->geos, g, i), piece,
                           v, n, cap, q))
            return false;
    return true;
}

/* What the edge test proved. */
typedef enum coverage {
    COVER_PROVEN,   /* the pieces do not overlap */
    COVER_SUSPECTS, /* any overlap involves a piece marked suspect */
    COVER_UNKNOWN   /* nothing proven */
} coverage;

/* Whether the pieces can overlap, from their edges alone.
 *
 * Let w(x) be the number of pieces over a point x. Crossing an edge that
 * two pieces share running opposite ways leaves one piece and enters the
 * other: w does not change. So where every edge inside the cluster is
 * shared so (after rounding to a grid), and every other edge lies on the
 * cluster's boundary, w is the same all over the cluster; the pieces'
 * total area, no more than the cluster's, makes it 1: no overlap
 * (COVER_PROVEN). All over the cluster only if the cluster is one
 * polygon: over a multipolygon, w is the same within each part, and one
 * part covered twice beside another left bare has the right total (a test
 * once showed this proof, then without the condition, passing such a
 * case: the multipolygon takes the union test).
 *
 * Parcels often leave gaps (a road not surveyed, the layer's edge), whose
 * edges are not shared. Then w can change, but only across such edges. A
 * region R where w >= 2 is bounded by edges where w drops; across edges
 * shared in pairs it does not, so R's boundary holds an unshared edge of
 * a piece that covers R (R cannot be bounded by the cluster's boundary
 * alone: then R is the whole cluster, and the total area would be twice
 * the cluster's). So every overlap involves a piece with an unshared edge
 * inside the cluster: those pieces are marked in suspect[] (n entries,
 * zeroed by the caller) and the caller tests them and their neighbours
 * only (COVER_SUSPECTS). This too needs the cluster to be one polygon.
 *
 * Vertices that do not match across a shared edge leave both edges
 * unshared: their pieces become suspects too, never a false proof. */
static coverage coverage_check(zg_ctx *ctx, GEOSGeometry **g, size_t n,
                               const GEOSGeometry *zone, double total_m2,
                               double zone_m2, double slack_m2,
                               double m2_per_u2, bool *suspect)
{
    /* The pieces' edges along the cluster boundary carry the cut points,
     * so their geodesic polygons follow the plane's straight edge more
     * closely than the cluster's own geodesic edge between two vertices
     * does: the sums differ by the slivers between the two (slack_m2, see
     * cover_slack_m2). The edge test below is the proof; this only rules
     * out pieces that cover more than the cluster. */
    if (total_m2 > zone_m2 + slack_m2)
        return COVER_UNKNOWN;
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    GEOSGeom_getXMin_r(ctx->geos, zone, &x0);
    GEOSGeom_getXMax_r(ctx->geos, zone, &x1);
    GEOSGeom_getYMin_r(ctx->geos, zone, &y0);
    GEOSGeom_getYMax_r(ctx->geos, zone, &y1);
    double mag = fmax(fmax(fabs(x0), fabs(x1)), fmax(fabs(y0), fabs(y1)));
    double q = fmax(ZG_EDGE_GRID_M / sqrt(m2_per_u2),
                    1e-12 * (mag > 1 ? mag : 1));
    double tol = 4 * q;
    seg *v = NULL;
    size_t nv = 0, cap = 0, nsuspect = 0;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        ok = add_poly_segs(ctx, g[i], (uint32_t)i, &v, &nv, &cap, q);
    GEOSGeometry *bnd = ok ? GEOSBoundary_r(ctx->geos, zone) : NULL;
    const GEOSPreparedGeometry *pb = bnd ? GEOSPrepare_r(ctx->geos, bnd)
                                         : NULL;
    ok = ok && pb;
    zg_sort(v, nv, sizeof *v, cmp_seg);
    for (size_t i = 0; ok && i < nv;) {
        size_t j = i + 1;
        int sum = v[i].dir;
        while (j < nv && cmp_seg(&v[i], &v[j]) == 0)
            sum += v[j++].dir;
        if (!(j - i == 2 && sum == 0)) {
            /* Not shared: on the cluster's boundary, or a suspect's. */
            bool on_boundary = j - i == 1;
            if (on_boundary) {
                GEOSGeometry *mid = GEOSGeom_createPointFromXY_r(
                    ctx->geos, (v[i].ax + v[i].bx) / 2,
                    (v[i].ay + v[i].by) / 2);
                double d = 1;
                ok = mid != NULL;
                on_boundary = ok &&
                              GEOSPreparedDistance_r(ctx->geos, pb, mid,
                                                     &d) &&
                              d <= tol;
                if (mid)
                    GEOSGeom_destroy_r(ctx->geos, mid);
            }
            for (size_t k = i; ok && !on_boundary && k < j; k++) {
                nsuspect += !suspect[v[k].piece];
                suspect[v[k].piece] = true;
            }
        }
        i = j;
    }
    if (pb)
        GEOSPreparedGeom_destroy_r(ctx->geos, pb);
    if (bnd)
        GEOSGeom_destroy_r(ctx->geos, bnd);
    zg_free(ctx, v);
    int type = GEOSGeomTypeId_r(ctx->geos, zone);
    bool one_polygon = type == GEOS_POLYGON ||
                       (type == GEOS_MULTIPOLYGON &&
                        GEOSGetNumGeometries_r(ctx->geos, zone) == 1);
    if (!ok || !one_polygon)
        return COVER_UNKNOWN;
    return nsuspect ? COVER_SUSPECTS : COVER_PROVEN;
}

static void flag_hit(void *item, void *ud)
{
    (void)item;
    *(bool *)ud = true;
}

/* The suspects and every piece whose box meets a suspect's: all the pieces
 * an overlap with a suspect can involve. in[] (n entries) is set. */
static zg_status with_neighbours(zg_ctx *ctx, GEOSGeometry **g, size_t n,
                                 const bool *suspect, bool *in)
{
    GEOSContextHandle_t h = ctx->geos;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    if (!tree)
        return zg_nomem(ctx, "suspects' index");
    for (size_t k = 0; k < n; k++)
        if (suspect[k])
            GEOSSTRtree_insert_r(h, tree, g[k], (void *)(uintptr_t)(k + 1));
    for (size_t i = 0; i < n; i++) {
        in[i] = suspect[i];
        if (!in[i])
            GEOSSTRtree_query_r(h, tree, g[i], flag_hit, &in[i]);
    }
    GEOSSTRtree_destroy_r(h, tree);
    return ZG_OK;
}

/* Which pieces union_short_of_sum takes: not the tiny ones, and of the
 * others those in[] marks (NULL: all); in[] is indexed from `first`. */
struct union_pick {
    const bool *in;
    size_t first;
};

static bool pick_piece(const zg_stream_result *sr, size_t i, void *ud)
{
    const struct union_pick *pk = ud;
    return !sr->pieces[i].tiny && (!pk->in || pk->in[i - pk->first]);
}

/* *overlap: the union of the pieces in[] (NULL: all) is smaller than the
 * sum of their areas, in the plane, by more than rounding on the ground
 * (m2_per_u2: square metres per square unit of the plane). The slack was
 * once compared with the plane's own units: in degrees 1e-3 "m²" was 12
 * km², and parcels that overlapped were counted twice. */
static zg_status union_short_of_sum(zg_ctx *ctx, const zg_landuse *lu,
                                    const zg_piece *p, GEOSGeometry **g,
                                    size_t n, const bool *in,
                                    double m2_per_u2, bool *overlap)
{
    GEOSContextHandle_t h = ctx->geos;
    const zg_feature *cf = &lu->clusters->feats[p[0].zone];
    *overlap = false;
    struct union_pick pk = {in, (size_t)(p - lu->sr.pieces)};
    GEOSGeometry *u = NULL;
    zg_status st = zg_stream_union_where(ctx, &lu->sr, pk.first, pk.first + n,
                                         pick_piece, &pk, &u);
    /* Plane areas on both sides: the pieces were measured on the
     * ellipsoid by two routes (area_meter.c), whose last digits need not
     * agree with a third measure of the union. */
    double union_plane_u2 = 0, sum_plane_u2 = 0;
    if (!st && u && !GEOSArea_r(h, u, &union_plane_u2))
        st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot measure the union of the "
                     "pieces of cluster %s: %s", cf->id, zg_geos_lastmsg(ctx));
    for (size_t i = 0; !st && i < n; i++) {
        double a = 0;
        if (!pick_piece(&lu->sr, pk.first + i, &pk))
            continue;
        if (!GEOSArea_r(h, g[i], &a))
            st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot measure a piece of "
                         "cluster %s: %s", cf->id, zg_geos_lastmsg(ctx));
        sum_plane_u2 += a;
    }
    if (u)
        GEOSGeom_destroy_r(h, u);
    if (!st)
        *overlap = (sum_plane_u2 - union_plane_u2) * m2_per_u2 >
                   ZG_UNION_SLACK_M2 +
                       ZG_UNION_SLACK_REL * sum_plane_u2 * m2_per_u2;
    return st;
}

static zg_status do_zone(zg_ctx *ctx, zone_job *job, zg_area_meter *meter,
                         zg_qa_log *qa)
{
    zg_landuse *lu = job->lu;
    size_t n = job->last - job->first;
    const zg_piece *p = lu->sr.pieces + job->first;
    /* Tiny pieces (slivers under ZG_PIECE_MIN_M2) are not land: they
     * count in no area, but their edges close the coverage proof. */
    int64_t total_all = 0, real_um2 = 0;
    size_t nreal = 0;
    for (size_t i = 0; i < n; i++) {
        total_all += p[i].area_um2;
        if (p[i].tiny)
            continue;
        job->sum_um2[p[i].cls] += p[i].area_um2;
        real_um2 += p[i].area_um2;
        nreal++;
    }
    /* The slack of the cluster's edges is measured only when the pieces
     * come near it (densifying every cluster costs). */
    const zg_feature *cf = &lu->clusters->feats[job->zone];
    double zone_m2 = zg_geodesic_area_m2(ctx, cf->geom_ll);
    double m2_per_u2 = m2_per_unit2(ctx, cf);
    job->slack_m2 = cover_slack_base_m2(zone_m2);
    if ((double)total_all / 1e6 > zone_m2 + job->slack_m2)
        job->slack_m2 = cover_slack_m2(ctx, cf, zone_m2, m2_per_u2, meter);
    if (nreal < 2)
        return ZG_OK;
    /* The pieces themselves, borrowed from the stream's result (this
     * zone's alone, so only this thread touches them). */
    GEOSGeometry **g = zg_calloc(ctx, n, sizeof *g);
    if (!g)
        return zg_nomem(ctx, "pieces");
    zg_status st = ZG_OK;
    for (size_t i = 0; i < n && !st; i++)
        if (!(g[i] = p[i].geom))
            st = zg_fail(ctx, ZG_ERR_INTERNAL, "a piece without geometry");
    /* Cheapest first: a proof from shared edges; then the area of the
     * union against the sum of the areas, of the pieces the proof could
     * not clear (and their neighbours), or of all; only an overlap found
     * so takes the pairwise pass, which measures and logs each. */
    bool *suspect = st ? NULL : zg_calloc(ctx, 2 * n + 1, sizeof *suspect);
    if (!st && !suspect)
        st = zg_nomem(ctx, "suspects");
    coverage cv = COVER_UNKNOWN;
    if (!st)
        cv = coverage_check(ctx, g, n, cf->geom_src, (double)total_all / 1e6,
                            zone_m2, job->slack_m2, m2_per_u2, suspect);
    bool *in = suspect ? suspect + n : NULL;
    if (!st && cv == COVER_SUSPECTS)
        st = with_neighbours(ctx, g, n, suspect, in);
    bool overlap = false;
    if (!st && cv != COVER_PROVEN)
        st = union_short_of_sum(ctx, lu, p, g, n,
                                cv == COVER_SUSPECTS ? in : NULL, m2_per_u2,
                                &overlap);
    /* Pieces that add up to more than the cluster overlap, whatever the
     * union test said: resolve them. */
    if ((double)real_um2 / 1e6 > zone_m2 + job->slack_m2)
        overlap = true;
    if (!st && overlap)
        st = resolve_overlaps(ctx, job, meter, g, qa);
    zg_free(ctx, suspect);
    zg_free(ctx, g);
    return st;
}

typedef struct post_thread {
    zg_landuse *lu;
    zone_job *jobs;
    size_t njobs;
    int t, nthreads;
    zg_ctx *ctx;
    PJ *to_ll; /* clusters' CRS -> WGS 84, in ctx's PROJ context; owned */
    zg_area_meter *meter; /* through to_ll; owned */
    zg_qa_log qa;
    zg_status st;
    pthread_t thread;
} post_thread;

static void *post_main(void *arg)
{
    post_thread *pt = arg;
    for (size_t j = (size_t)pt->t; !pt->st && j < pt->njobs;
         j += (size_t)pt->nthreads) {
        zone_job *job = &pt->jobs[j];
        pt->st = do_zone(pt->ctx, job, pt->meter, &pt->qa);
        /* The zone's pieces are done with: free them here, beside the
         * other threads, not one by one on the main thread afterwards (a
         * twentieth of the whole run on 2 M parcels). */
        for (size_t i = job->first;
             !job->lu->sr.geoms_lent && i < job->last; i++) {
            zg_piece *p = &job->lu->sr.pieces[i];
            if (p->geom)
                GEOSGeom_destroy_r(pt->ctx->geos, p->geom);
            p->geom = NULL;
        }
    }
    return NULL;
}

static int cmp_qa(const void *a, const void *b)
{
    const zg_qa_row *x = a, *y = b;
    return x->order < y->order ? -1 : x->order > y->order;
}

static zg_status post_process(zg_ctx *ctx, zg_landuse *lu, zone_job *jobs,
                              size_t njobs)
{
    int nt = lu->threads;
    if ((size_t)nt > njobs)
        nt = njobs ? (int)njobs : 1;
    post_thread *pts = zg_calloc(ctx, (size_t)nt, sizeof *pts);
    if (!pts)
        return zg_nomem(ctx, "threads");
    zg_status st = ZG_OK;
    zg_ctx_config cfg = {&ctx->alloc};
    /* One transformation from PROJ's database, cloned per thread (a
     * clone costs a fortieth of asking again). */
    PJ *wgs = zg_crs_wgs84_new(ctx);
    PJ *to_ll = wgs ? zg_crs_transform_new(ctx, lu->clusters->crs.pj, wgs)
                    : NULL;
    proj_destroy(wgs);
    if (!to_ll)
        st = zg_fail(ctx, ZG_ERR_CRS, "no transformation from %s to WGS 84",
                     lu->clusters->crs.label);
    /* The meters see the extent the stream's did, so a piece and what an
     * overlap takes from it are measured on the same lattice. */
    double extent_m[4];
    const GEOSGeometry **zones = zg_calloc(ctx, lu->clusters->n + 1,
                                           sizeof *zones);
    if (!st && !zones)
        st = zg_nomem(ctx, "zones");
    for (size_t i = 0; !st && i < lu->clusters->n; i++)
        zones[i] = lu->clusters->feats[i].geom_src;
    if (!st)
        zg_geoms_extent(ctx, zones, lu->clusters->n, extent_m);
    zg_free(ctx, (void *)zones);
    bool metre_plane = zg_crs_is_metre_plane(ctx, lu->clusters->crs.pj);
    for (int t = 0; t < nt && !st; t++) {
        pts[t] = (post_thread){lu, jobs, njobs, t, nt, NULL, NULL, NULL,
                               {0}, ZG_OK, 0};
        st = zg_ctx_new(&cfg, &pts[t].ctx);
        if (st)
            st = zg_nomem(ctx, "worker context");
        else if (!(pts[t].to_ll = proj_clone(pts[t].ctx->pj, to_ll)))
            st = zg_nomem(ctx, "transformation");
        else if (!(pts[t].meter = zg_area_meter_new(pts[t].ctx, pts[t].to_ll,
                                                    metre_plane, extent_m)))
            st = zg_nomem(ctx, "area meter");
    }
    proj_destroy(to_ll);
    int started = 0;
    if (!st && nt == 1) {
        post_main(&pts[0]);
    } else if (!st) {
        for (int t = 0; t < nt; t++) {
            if (pthread_create(&pts[t].thread, NULL, post_main, &pts[t])) {
                st = zg_fail(ctx, ZG_ERR_INTERNAL, "cannot start a thread");
                break;
            }
            started++;
        }
        for (int t = 0; t < started; t++)
            pthread_join(pts[t].thread, NULL);
    }
    /* The first failing zone in zone order decides the message. */
    for (size_t j = 0; !st && j < njobs; j++) {
        post_thread *pt = &pts[j % (size_t)nt];
        if (pt->st)
            st = zg_fail(ctx, pt->st, "%s", zg_ctx_errmsg(pt->ctx));
    }
    size_t base = lu->qa.n;
    for (int t = 0; !st && t < nt; t++)
        for (size_t i = 0; !st && i < pts[t].qa.n; i++) {
            zg_qa_row *q = &pts[t].qa.rows[i];
            st = zg_qa_add(ctx, &lu->qa, q->layer, q->feature_id, q->problem,
                           q->action, q->area_before_m2, q->area_after_m2);
            if (!st)
                lu->qa.rows[lu->qa.n - 1].order = q->order;
        }
    if (!st)
        zg_sort(lu->qa.rows + base, lu->qa.n - base, sizeof *lu->qa.rows,
              cmp_qa);
    for (int t = 0; t < nt; t++) {
        if (pts[t].ctx) {
            zg_area_meter_free(pts[t].ctx, pts[t].meter);
            proj_destroy(pts[t].to_ll);
            zg_qa_clear(pts[t].ctx, &pts[t].qa);
            zg_ctx_free(pts[t].ctx);
        }
    }
    zg_free(ctx, pts);
    return st;
}

/* ---- rows --------------------------------------------------------------- */

static const char *role_of(const zg_landuse *lu, const char *code)
{
    const char *r = zg_codes_role(lu->codes, code);
    return r ? r : "unknown";
}

static zg_status build_rows(zg_ctx *ctx, zg_landuse *lu, zone_job *jobs)
{
    const zg_layer *cl = lu->clusters;
    size_t nc = lu->sr.nclasses;
    size_t cap = cl->n * (nc + 1) + 1;
    lu->rows = zg_calloc(ctx, cap, sizeof *lu->rows);
    size_t *order = zg_calloc(ctx, nc + 1, sizeof *order);
    char *where = zg_layer_label(ctx, lu->sr.source);
    if (!lu->rows || !order || !where) {
        zg_free(ctx, order);
        zg_free(ctx, where);
        return zg_nomem(ctx, "composition rows");
    }
    zg_status st = ZG_OK;
    /* Codes in alphabetical order within each cluster. */
    for (size_t k = 0; k < nc; k++)
        order[k] = k;
    for (size_t a = 1; a < nc; a++)
        for (size_t b = a; b > 0 && strcmp(lu->sr.classes[order[b - 1]],
                                           lu->sr.classes[order[b]]) > 0;
             b--) {
            size_t t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    for (size_t z = 0; z < cl->n; z++) {
        int64_t cluster_um2 = llround(zg_geodesic_area_m2(ctx,
                                          cl->feats[z].geom_ll) * 1e6);
        int64_t covered = 0;
        size_t first = lu->nrows;
        for (size_t k = 0; k < nc; k++) {
            int64_t a = jobs[z].sum_um2[order[k]];
            if (a <= 0)
                continue;
            const char *code = lu->sr.classes[order[k]];
            bool literal = strcmp(code, ZG_UNCOVERED) == 0;
            lu->rows[lu->nrows++] =
                (lu_row){z, literal ? ZG_CODE_NONE : code, code,
                         role_of(lu, code), a, 0};
            covered += a;
        }
        int64_t none = cluster_um2 - covered;
        lu->rows[lu->nrows++] = (lu_row){z, ZG_UNCOVERED, NULL, "none",
                                         none > 0 ? none : 0, 0};
        /* Shares are of the cluster's area. Pieces that measure a hair
         * more than it (its edges cut straight in its CRS, within the
         * slack) are the cluster as cut: their shares are of that, and
         * add up to 100 %. Beyond the slack the invariant is broken: the
         * shares stay of the cluster, over 100 %, and qa_log says so. */
        double cluster_m2 = (double)cluster_um2 / 1e6;
        double excess_m2 = (double)(covered - cluster_um2) / 1e6;
        bool broken = excess_m2 > jobs[z].slack_m2;
        int64_t denom_um2 = !broken && covered > cluster_um2 ? covered
                                                             : cluster_um2;
        for (size_t r = first; r < lu->nrows; r++)
            lu->rows[r].share_pct = denom_um2 > 0
                ? 100.0 * (double)lu->rows[r].area_um2 / (double)denom_um2
                : 0;
        if (!st && broken) {
            char problem[256];
            snprintf(problem, sizeof problem, "the land-use pieces add up to "
                     "%.3f m², %.3f m² more than the cluster (%.3f m²)",
                     (double)covered / 1e6, excess_m2, cluster_m2);
            st = zg_qa_add(ctx, &lu->qa, where, cl->feats[z].id, problem,
                           "reported as measured; NONE is 0; shares are of "
                           "the cluster's area",
                           (double)covered / 1e6, cluster_m2);
        }
    }
    zg_free(ctx, order);
    zg_free(ctx, where);
    return st;
}

static zg_status log_unknown_codes(zg_ctx *ctx, zg_landuse *lu)
{
    char *where = zg_layer_label(ctx, lu->sr.source);
    if (!where)
        return zg_nomem(ctx, "label");
    zg_status st = ZG_OK;
    for (size_t k = 0; k < lu->sr.nclasses && !st; k++) {
        const char *code = lu->sr.classes[k];
        char problem[160];
        if (strcmp(code, ZG_UNCOVERED) == 0) {
            snprintf(problem, sizeof problem, "land-use code '%s' (%zu "
                     "features) is also the name of the row of uncovered "
                     "land", code, lu->sr.class_count[k]);
            st = zg_qa_add(ctx, &lu->qa, where, "", problem, "its land is "
                           "reported as code '" ZG_CODE_NONE "'", NAN, NAN);
            if (st)
                break;
        }
        if (zg_codes_role(lu->codes, code))
            continue;
        if (!code[0])
            snprintf(problem, sizeof problem, "%zu features without a "
                     "land-use code", lu->sr.class_count[k]);
        else
            snprintf(problem, sizeof problem, "land-use code '%s' is not in "
                     "the code table (%zu features)", code,
                     lu->sr.class_count[k]);
        st = zg_qa_add(ctx, &lu->qa, where, "", problem,
                       "counted under role unknown", NAN, NAN);
    }
    zg_free(ctx, where);
    return st;
}

zg_status zg_landuse_compute(zg_ctx *ctx, const zg_layer *clusters,
                             const zg_input_opts *parcels,
                             const zg_landuse_opts *o, zg_landuse **out)
{
    *out = NULL;
    zg_status cst = zg_layer_check_cuttable(ctx, clusters);
    if (cst)
        return cst;
    zg_landuse *lu = zg_calloc(ctx, 1, sizeof *lu);
    if (!lu)
        return zg_nomem(ctx, "land use");
    lu->ctx = ctx;
    lu->clusters = clusters;
    lu->threads = o && o->threads > 0 ? o->threads : zg_default_threads();
    zg_status st = zg_codes_load(ctx, o ? o->codes : "tt08_2024", &lu->codes);
    const GEOSGeometry **zones = NULL;
    if (!st && !(zones = zg_calloc(ctx, clusters->n + 1, sizeof *zones)))
        st = zg_nomem(ctx, "zones");
    for (size_t i = 0; !st && i < clusters->n; i++)
        zones[i] = clusters->feats[i].geom_src;
    if (!st) {
        zg_stream_opts so = {0};
        so.input = parcels;
        so.classify = true;
        so.code_field = o ? o->code_field : NULL;
        so.threads = lu->threads;
        so.cut_crs = &clusters->crs;
        so.zones = zones;
        so.nzones = clusters->n;
        so.keep_geometry = true;
        so.keep_tiny_pieces = true;
        so.progress_lo = 0;
        so.progress_hi = 0.9;
        st = zg_stream_overlay(ctx, &so, &lu->sr);
    }
    zg_free(ctx, zones);
    zone_job *jobs = NULL;
    int64_t *sums = NULL;
    size_t nc = lu->sr.nclasses;
    if (!st) {
        jobs = zg_calloc(ctx, clusters->n + 1, sizeof *jobs);
        sums = zg_calloc(ctx, clusters->n * (nc + 1) + 1, sizeof *sums);
        if (!jobs || !sums)
            st = zg_nomem(ctx, "sums");
    }
    if (!st) {
        size_t p = 0;
        for (size_t z = 0; z < clusters->n; z++) {
            jobs[z].lu = lu;
            jobs[z].zone = z;
            jobs[z].sum_um2 = sums + z * (nc + 1);
            jobs[z].first = p;
            while (p < lu->sr.npieces && lu->sr.pieces[p].zone == z)
                p++;
            jobs[z].last = p;
        }
        st = post_process(ctx, lu, jobs, clusters->n);
    }
    if (!st)
        st = zg_progress(ctx, 0.9, 1.0, 0.5, "compose");
    if (!st)
        st = build_rows(ctx, lu, jobs);
    if (!st)
        st = log_unknown_codes(ctx, lu);
    zg_free(ctx, jobs);
    zg_free(ctx, sums);
    /* The pieces' geometry is no longer needed: give the memory back (a
     * shared read's lent pieces go back with the read). */
    for (size_t i = 0; !lu->sr.geoms_lent && i < lu->sr.npieces; i++) {
        if (lu->sr.pieces[i].geom)
            GEOSGeom_destroy_r(ctx->geos, lu->sr.pieces[i].geom);
        lu->sr.pieces[i].geom = NULL;
    }
    if (st) {
        zg_landuse_free(lu);
        return st;
    }
    *out = lu;
    return zg_progress(ctx, 0.9, 1.0, 1.0, "compose");
}

void zg_landuse_free(zg_landuse *lu)
{
    if (!lu)
        return;
    zg_ctx *ctx = lu->ctx;
    zg_stream_result_clear(ctx, &lu->sr);
    zg_codes_free(lu->codes);
    zg_free(ctx, lu->rows);
    zg_qa_clear(ctx, &lu->qa);
    zg_free(ctx, lu);
}

size_t zg_landuse_row_count(const zg_landuse *lu)
{
    return lu ? lu->nrows : 0;
}

zg_status zg_landuse_row(const zg_landuse *lu, size_t i,
                         const char **cluster_id, const char **code,
                         const char **role, double *area_m2,
                         double *share_pct)
{
    if (!lu || i >= lu->nrows)
        return ZG_ERR_USAGE;
    const lu_row *r = &lu->rows[i];
    *cluster_id = lu->clusters->feats[r->cluster].id;
    *code = r->code;
    *role = r->role;
    *area_m2 = (double)r->area_um2 / 1e6;
    *share_pct = r->share_pct;
    return ZG_OK;
}

const zg_layer *zg_landuse_source(const zg_landuse *lu)
{
    return lu ? lu->sr.source : NULL;
}

/* ---- output ------------------------------------------------------------- */

#include "../output/table_writer.h"

static const zg_col COLS[] = {{"pk", ZG_COL_INT},
                              {"cluster_id", ZG_COL_TEXT},
                              {"code", ZG_COL_TEXT},
                              {"role", ZG_COL_TEXT},
                              {"area_ha", ZG_COL_REAL},
                              {"share_pct", ZG_COL_REAL},
                              {"name_vi", ZG_COL_TEXT},
                              {"name_en", ZG_COL_TEXT}};

static zg_status lu_row_fn(void *ud, size_t i, zg_cell *c,
                           const GEOSGeometry **geom)
{
    const zg_landuse *lu = ud;
    const lu_row *r = &lu->rows[i];
    const zg_code_entry *e = r->lookup ? zg_codes_find(lu->codes, r->lookup)
                                       : NULL;
    c[0].i = (long long)i + 1;
    c[1].s = lu->clusters->feats[r->cluster].id;
    c[2].s = r->code;
    c[3].s = r->role;
    c[4].d = (double)r->area_um2 / 1e10;
    c[5].d = r->share_pct;
    c[6].s = e ? e->name_vi : NULL;
    c[7].s = e ? e->name_en : NULL;
    c[6].is_null = !e;
    c[7].is_null = !e;
    *geom = NULL;
    return ZG_OK;
}

zg_status zg_output_write_landuse(zg_output *out, const zg_landuse *lu)
{
    zg_table t = {"landuse_composition", COLS, sizeof COLS / sizeof COLS[0],
                  lu->nrows, true, NULL, lu_row_fn, (void *)lu};
    zg_status st = zg_output_add_input(out, lu->sr.source);
    if (!st)
        st = zg_table_write_sqlite(out, &t);
    if (!st)
        st = zg_output_write_qa(out, &lu->qa);
    if (!st) {
        char *opt = zg_asprintf(lu->ctx, " codes=%s code_field=%s "
                                "piece_min_m2=0.01",
                                zg_codes_source(lu->codes),
                                lu->sr.code_field ? lu->sr.code_field : "");
        st = opt ? zg_output_append_options(out, opt)
                 : zg_nomem(lu->ctx, "options");
        zg_free(lu->ctx, opt);
    }
    return st;
}
