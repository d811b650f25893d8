/* SPDX-License-Identifier: MIT
 *
 * area_meter.c: the ellipsoidal area of many small polygons of one
 * projected CRS, fast.
 *
 * The overlay engine measures hundreds of thousands of pieces (parcels
 * and their cuts). Taking every vertex through PROJ to WGS 84 and then
 * through Karney's geod_polygon costs about 6 µs a piece, a fifth of the
 * whole run. For a piece a few hundred metres across there is a cheaper
 * route to the same number:
 *
 *   area_m2 = plane area (GEOS) x F(centroid),
 *
 * where F is the areal scale of the map from the CRS to the WGS 84
 * ellipsoid: F = |det J| M N cos(phi), J the Jacobian of (x, y) ->
 * (lon, lat) in radians through PROJ's whole operation (datum shift
 * included), M and N the radii of curvature. Integrating F over the piece,
 * the first-order term vanishes about the centroid, so the error is of
 * order (L / R)^2: 1e-9 for L = 200 m. What is left is the edges: the
 * plane's straight edges and the geodesics of the reference (numbers.md,
 * "Areas") part by a sliver that grows as L^3 and with the distance from
 * the central meridian. For pieces up to 100 m across, 160 km from it (a
 * TM-3 zone's edge), the worst shape (a thin triangle) misses by 7.1e-8
 * of its area, 3.4e-4 m^2 at most (tests/unit/test_area_meter.c); at
 * 200 m it would be 1.3e-7, over the tolerance of 1e-7.
 *
 * Why not PROJ's proj_factors(), whose areal_scale is this very thing?
 * It knows the projection alone. The areas we report are of the vertices
 * after PROJ's whole operation to WGS 84, and VN-2000's seven-parameter
 * shift moves the surface: in Hanoi the projection's scale and the whole
 * operation's differ by 8.3e-6, eighty times the tolerance. So the scale
 * is differentiated through the operation zoneguard uses.
 *
 * F is not asked of PROJ per piece: it is kept on a lattice of nodes
 * 1 km apart over the zones' extent, filled lazily, and interpolated
 * bilinearly (a transverse Mercator map's F curves by 2/R^2, so the
 * interpolation misses by (h/2)^2/R^2 = 6.2e-9 at most; at 500 m filling
 * the lattice took a fifth of the meter's time). A lattice cell is used
 * only once it is certified: F at its centre, computed outright, must
 * match the interpolation to 1e-8. A map that is not smooth there (a
 * grid-based datum shift, an operation that changes with the area of
 * use) fails the test and its pieces take the exact route. So do pieces
 * wider than ZG_METER_MAX_PIECE_M, pieces outside the lattice, and every
 * piece of a CRS not in metres.
 *
 * Every value is a pure function of the lattice node or the piece, never
 * of which thread filled the lattice first: results are the same bytes
 * whatever the thread count.
 */
#include "crs.h"

#include <math.h>

/* Pieces wider or taller than this take the exact route. */
#define ZG_METER_MAX_PIECE_M 100.0
/* Lattice spacing, and the most nodes a lattice may have before the
 * spacing grows (and certification decides whether cells still pass).
 * 65 536 nodes, 0.6 MB a meter (one per thread, filled as met), cover
 * 256 x 256 km at 1 km: Hanoi is 100 km across. Over a wider extent the
 * spacing grows, cells fail certification and pieces take the full
 * route: slower, never wrong, and memory stays bounded on many cores. */
#define ZG_METER_STEP_M 1000.0
#define ZG_METER_MAX_NODES ((size_t)1 << 16)
/* Half-step of the central differences of the Jacobian: long enough that
 * rounding of degrees (1e-14) stays at 1e-10 of the difference, short
 * enough that the truncation, (step / R)^2, is 1e-10. */
#define ZG_METER_JACOBIAN_M 50.0
/* Largest relative gap between a cell's interpolated and true F at its
 * centre. A transverse Mercator 1 km cell misses by 6.2e-9. */
#define ZG_METER_CERTIFY_REL 1e-8

enum { CELL_UNKNOWN = 0, CELL_CERTIFIED = 1, CELL_REFUSED = 2 };

struct zg_area_meter {
    PJ *to_ll; /* borrowed */
    bool lattice; /* false: every piece takes the exact route */
    double x0_m, y0_m, step_m;
    size_t nx, ny;         /* nodes */
    double *node_f;        /* nx * ny; 0: not computed, < 0: failed */
    unsigned char *cell;   /* (nx - 1) * (ny - 1) */
    size_t fast, exact;    /* pieces per route, for tests */
};

bool zg_crs_is_metre_plane(zg_ctx *ctx, const PJ *crs)
{
    /* A CRS bound to WGS 84 by a TOWGS84 clause (as many a VN-2000 .prj
     * is) or with a vertical part is its horizontal base here: the
     * lattice follows whatever operation to_ll does. */
    PJ_TYPE t = proj_get_type(crs);
    if (t == PJ_TYPE_BOUND_CRS || t == PJ_TYPE_COMPOUND_CRS) {
        PJ *base = t == PJ_TYPE_BOUND_CRS
                       ? proj_get_source_crs(ctx->pj, crs)
                       : proj_crs_get_sub_crs(ctx->pj, crs, 0);
        bool ok = base && proj_get_type(base) != PJ_TYPE_BOUND_CRS &&
                  proj_get_type(base) != PJ_TYPE_COMPOUND_CRS &&
                  zg_crs_is_metre_plane(ctx, base);
        proj_destroy(base);
        return ok;
    }
    if (t != PJ_TYPE_PROJECTED_CRS)
        return false;
    PJ *cs = proj_crs_get_coordinate_system(ctx->pj, crs);
    if (!cs)
        return false;
    bool ok = proj_cs_get_axis_count(ctx->pj, cs) == 2;
    for (int i = 0; ok && i < 2; i++) {
        double factor = 0;
        ok = proj_cs_get_axis_info(ctx->pj, cs, i, NULL, NULL, NULL,
                                   &factor, NULL, NULL, NULL) &&
             factor == 1.0;
    }
    proj_destroy(cs);
    return ok;
}

zg_area_meter *zg_area_meter_new(zg_ctx *ctx, PJ *to_ll, bool metre_plane,
                                 const double extent_m[4])
{
    zg_area_meter *m = zg_calloc(ctx, 1, sizeof *m);
    if (!m)
        return NULL;
    m->to_ll = to_ll;
    double w = extent_m[2] - extent_m[0], hgt = extent_m[3] - extent_m[1];
    if (!metre_plane || !(w >= 0) || !(hgt >= 0) || !isfinite(w) ||
        !isfinite(hgt))
        return m;
    /* A margin of one piece around the extent: a piece's centroid lies in
     * its zone's envelope, but rounding may put it a hair outside. */
    double x0 = extent_m[0] - ZG_METER_MAX_PIECE_M;
    double y0 = extent_m[1] - ZG_METER_MAX_PIECE_M;
    w += 2 * ZG_METER_MAX_PIECE_M;
    hgt += 2 * ZG_METER_MAX_PIECE_M;
    double step = ZG_METER_STEP_M;
    double nodes = ceil(w / step + 1) * ceil(hgt / step + 1);
    if (nodes > (double)ZG_METER_MAX_NODES)
        step *= sqrt(nodes / (double)ZG_METER_MAX_NODES) * 1.01;
    size_t nx = (size_t)ceil(w / step) + 1, ny = (size_t)ceil(hgt / step) + 1;
    if (nx < 2)
        nx = 2;
    if (ny < 2)
        ny = 2;
    m->node_f = zg_calloc(ctx, nx * ny, sizeof *m->node_f);
    m->cell = zg_calloc(ctx, (nx - 1) * (ny - 1), 1);
    if (!m->node_f || !m->cell) {
        zg_area_meter_free(ctx, m);
        return NULL;
    }
    m->x0_m = x0;
    m->y0_m = y0;
    m->step_m = step;
    m->nx = nx;
    m->ny = ny;
    m->lattice = true;
    return m;
}

void zg_area_meter_free(zg_ctx *ctx, zg_area_meter *m)
{
    if (!m)
        return;
    zg_free(ctx, m->node_f);
    zg_free(ctx, m->cell);
    zg_free(ctx, m);
}

void zg_area_meter_counts(const zg_area_meter *m, size_t *fast,
                          size_t *exact)
{
    *fast = m->fast;
    *exact = m->exact;
}

/* F at (x, y) from PROJ, outright; -1 when PROJ fails there. */
static double factor_at(zg_ctx *ctx, PJ *to_ll, double x, double y)
{
    const double d = ZG_METER_JACOBIAN_M;
    PJ_COORD c[5] = {
        proj_coord(x + d, y, 0, HUGE_VAL), proj_coord(x - d, y, 0, HUGE_VAL),
        proj_coord(x, y + d, 0, HUGE_VAL), proj_coord(x, y - d, 0, HUGE_VAL),
        proj_coord(x, y, 0, HUGE_VAL)};
    for (int i = 0; i < 5; i++) {
        c[i] = proj_trans(to_ll, PJ_FWD, c[i]);
        if (!isfinite(c[i].xy.x) || !isfinite(c[i].xy.y) ||
            c[i].xy.x == HUGE_VAL)
            return -1;
    }
    const double rad = M_PI / 180;
    double dlon_x = c[0].xy.x - c[1].xy.x, dlat_x = c[0].xy.y - c[1].xy.y;
    double dlon_y = c[2].xy.x - c[3].xy.x, dlat_y = c[2].xy.y - c[3].xy.y;
    if (fabs(dlon_x) > 1 || fabs(dlon_y) > 1)
        return -1; /* across the antimeridian, or not a map at all */
    double det = fabs(dlon_x * dlat_y - dlon_y * dlat_x) * rad * rad /
                 (4 * d * d);
    double a = ctx->wgs84.a, f = ctx->wgs84.f, e2 = f * (2 - f);
    double phi = c[4].xy.y * rad, s = sin(phi);
    double w2 = 1 - e2 * s * s;
    double meridian_m = a * (1 - e2) / (w2 * sqrt(w2));
    double normal_m = a / sqrt(w2);
    double F = det * meridian_m * normal_m * cos(phi);
    return F > 0 && isfinite(F) ? F : -1;
}

static double node(zg_ctx *ctx, zg_area_meter *m, size_t i, size_t j)
{
    double *v = &m->node_f[j * m->nx + i];
    if (*v == 0)
        *v = factor_at(ctx, m->to_ll, m->x0_m + (double)i * m->step_m,
                       m->y0_m + (double)j * m->step_m);
    return *v;
}

/* F at (x, y) by the lattice; -1 when the cell is not certified. */
static double factor_lattice(zg_ctx *ctx, zg_area_meter *m, double x,
                             double y)
{
    double u = (x - m->x0_m) / m->step_m, v = (y - m->y0_m) / m->step_m;
    if (!(u >= 0) || !(v >= 0) || u >= (double)(m->nx - 1) ||
        v >= (double)(m->ny - 1))
        return -1;
    size_t i = (size_t)u, j = (size_t)v;
    u -= (double)i;
    v -= (double)j;
    unsigned char *cell = &m->cell[j * (m->nx - 1) + i];
    double f00 = node(ctx, m, i, j), f10 = node(ctx, m, i + 1, j);
    double f01 = node(ctx, m, i, j + 1), f11 = node(ctx, m, i + 1, j + 1);
    if (*cell == CELL_UNKNOWN) {
        double fc = factor_at(ctx, m->to_ll,
                              m->x0_m + ((double)i + 0.5) * m->step_m,
                              m->y0_m + ((double)j + 0.5) * m->step_m);
        double mid = (f00 + f10 + f01 + f11) / 4;
        bool ok = f00 > 0 && f10 > 0 && f01 > 0 && f11 > 0 && fc > 0 &&
                  fabs(mid - fc) <= ZG_METER_CERTIFY_REL * fc;
        *cell = ok ? CELL_CERTIFIED : CELL_REFUSED;
    }
    if (*cell != CELL_CERTIFIED)
        return -1;
    return (f00 * (1 - u) + f10 * u) * (1 - v) + (f01 * (1 - u) + f11 * u) * v;
}

static double exact_m2(zg_ctx *ctx, zg_area_meter *m, const GEOSGeometry *g)
{
    m->exact++;
    GEOSGeometry *ll = zg_geom_transform(ctx, g, m->to_ll, NULL);
    if (!ll)
        return NAN;
    double a = zg_geodesic_area_m2(ctx, ll);
    GEOSGeom_destroy_r(ctx->geos, ll);
    return a;
}

double zg_area_meter_m2(zg_ctx *ctx, zg_area_meter *m, const GEOSGeometry *g)
{
    GEOSContextHandle_t h = ctx->geos;
    double x0, y0, x1, y1;
    if (!m->lattice || GEOSisEmpty_r(h, g) != 0 ||
        !GEOSGeom_getXMin_r(h, g, &x0) || !GEOSGeom_getYMin_r(h, g, &y0) ||
        !GEOSGeom_getXMax_r(h, g, &x1) || !GEOSGeom_getYMax_r(h, g, &y1) ||
        x1 - x0 > ZG_METER_MAX_PIECE_M || y1 - y0 > ZG_METER_MAX_PIECE_M)
        return exact_m2(ctx, m, g);
    double plane_m2 = 0;
    GEOSGeometry *c = GEOSGetCentroid_r(h, g);
    double cx = NAN, cy = NAN;
    bool ok = c && GEOSGeomGetX_r(h, c, &cx) && GEOSGeomGetY_r(h, c, &cy) &&
              GEOSArea_r(h, g, &plane_m2);
    if (c)
        GEOSGeom_destroy_r(h, c);
    double F = ok ? factor_lattice(ctx, m, cx, cy) : -1;
    if (F <= 0)
        return exact_m2(ctx, m, g);
    m->fast++;
    return plane_m2 * F;
}
