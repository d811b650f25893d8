/* SPDX-License-Identifier: MIT
 *
 * geodesic_area.c: ellipsoidal and planar areas of GEOS polygons.
 *
 * The ellipsoidal area is Karney's geod_polygon (PROJ's geodesic.h), the
 * algorithm GeographicLib and PostGIS's ST_Area(geography, true) use, so
 * our numbers agree with theirs to rounding. Edges are geodesics between
 * the given vertices: nothing is densified (numbers.md, "Areas").
 *
 * The planar area is the shoelace formula, computed relative to the first
 * vertex of each ring so that coordinates of millions of metres (false
 * northing) do not eat the significant digits of a small parcel.
 */
#include "crs.h"

#include <math.h>

/* Signed area of one ring (counter-clockwise positive), in m². */
static double ring_geodesic_signed(zg_ctx *ctx, const GEOSGeometry *ring)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(ctx->geos, ring);
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(ctx->geos, cs, &n) || n < 3)
        return 0.0;
    struct geod_polygon p;
    geod_polygon_init(&p, 0);
    double x0 = 0, y0 = 0;
    for (unsigned int i = 0; i < n; i++) {
        double x, y;
        GEOSCoordSeq_getXY_r(ctx->geos, cs, i, &x, &y);
        if (i == 0) {
            x0 = x;
            y0 = y;
        } else if (i == n - 1 && x == x0 && y == y0) {
            break; /* the closing vertex repeats the first */
        }
        geod_polygon_addpoint(&ctx->wgs84, &p, y, x);
    }
    double area = 0;
    geod_polygon_compute(&ctx->wgs84, &p, 0, 1, &area, NULL);
    return area;
}

static double ring_planar_signed(zg_ctx *ctx, const GEOSGeometry *ring,
                                 PJ *tr, bool *failed)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(ctx->geos, ring);
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(ctx->geos, cs, &n) || n < 3)
        return 0.0;
    double sum = 0, ox = 0, oy = 0, px = 0, py = 0;
    for (unsigned int i = 0; i < n; i++) {
        double x, y;
        GEOSCoordSeq_getXY_r(ctx->geos, cs, i, &x, &y);
        if (tr) {
            PJ_COORD r = proj_trans(tr, PJ_FWD, proj_coord(x, y, 0, HUGE_VAL));
            if (!isfinite(r.xy.x) || !isfinite(r.xy.y) ||
                r.xy.x == HUGE_VAL) {
                *failed = true;
                return NAN;
            }
            x = r.xy.x;
            y = r.xy.y;
        }
        if (i == 0) {
            ox = x;
            oy = y;
            px = py = 0;
            continue;
        }
        double cx = x - ox, cy = y - oy;
        sum += px * cy - cx * py;
        px = cx;
        py = cy;
    }
    return sum / 2.0;
}

typedef double (*ring_fn)(zg_ctx *, const GEOSGeometry *, PJ *, bool *);

static double geodesic_ring_adapter(zg_ctx *ctx, const GEOSGeometry *ring,
                                    PJ *tr, bool *failed)
{
    (void)tr;
    (void)failed;
    return ring_geodesic_signed(ctx, ring);
}

/* |shell| - sum |holes| for every polygon in g; with `signed_sum`, the plain
 * sum of the signed ring areas instead. */
static double polygonal_area(zg_ctx *ctx, const GEOSGeometry *g, ring_fn fn,
                             PJ *tr, bool signed_sum, bool *failed)
{
    int type = GEOSGeomTypeId_r(ctx->geos, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(ctx->geos, g) == 1)
            return 0.0;
        const GEOSGeometry *shell = GEOSGetExteriorRing_r(ctx->geos, g);
        double s = fn(ctx, shell, tr, failed);
        double a = signed_sum ? s : fabs(s);
        int nh = GEOSGetNumInteriorRings_r(ctx->geos, g);
        for (int i = 0; i < nh; i++) {
            double h = fn(ctx, GEOSGetInteriorRingN_r(ctx->geos, g, i), tr,
                          failed);
            a += signed_sum ? h : -fabs(h);
        }
        return a;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        double a = 0;
        int n = GEOSGetNumGeometries_r(ctx->geos, g);
        for (int i = 0; i < n; i++)
            a += polygonal_area(ctx, GEOSGetGeometryN_r(ctx->geos, g, i), fn,
                                tr, signed_sum, failed);
        return a;
    }
    return 0.0;
}

double zg_geodesic_area_m2(zg_ctx *ctx, const GEOSGeometry *g_ll)
{
    bool failed = false;
    return polygonal_area(ctx, g_ll, geodesic_ring_adapter, NULL, false,
                          &failed);
}

double zg_geodesic_signed_ring_sum_m2(zg_ctx *ctx, const GEOSGeometry *g_ll)
{
    bool failed = false;
    return polygonal_area(ctx, g_ll, geodesic_ring_adapter, NULL, true,
                          &failed);
}

double zg_planar_area_m2(zg_ctx *ctx, const GEOSGeometry *g, PJ *tr)
{
    bool failed = false;
    if (tr)
        proj_errno_reset(tr);
    double a = polygonal_area(ctx, g, ring_planar_signed, tr, false, &failed);
    return failed ? NAN : a;
}

zg_status zg_geodesic_area_wkt(zg_ctx *ctx, const char *wkt, double *area_m2)
{
    GEOSWKTReader *r = GEOSWKTReader_create_r(ctx->geos);
    if (!r)
        return zg_nomem(ctx, "WKT reader");
    zg_libmsg_clear(ctx);
    GEOSGeometry *g = GEOSWKTReader_read_r(ctx->geos, r, wkt);
    GEOSWKTReader_destroy_r(ctx->geos, r);
    if (!g)
        return zg_fail(ctx, ZG_ERR_GEOM, "cannot parse WKT (%s)",
                       zg_geos_lastmsg(ctx));
    int t = GEOSGeomTypeId_r(ctx->geos, g);
    if (t != GEOS_POLYGON && t != GEOS_MULTIPOLYGON) {
        GEOSGeom_destroy_r(ctx->geos, g);
        return zg_fail(ctx, ZG_ERR_GEOM, "WKT is not a polygon");
    }
    *area_m2 = zg_geodesic_area_m2(ctx, g);
    GEOSGeom_destroy_r(ctx->geos, g);
    return ZG_OK;
}
