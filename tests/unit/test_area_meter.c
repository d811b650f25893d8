/* SPDX-License-Identifier: MIT
 *
 * test_area_meter.c: the fast measure of small pieces (plane area times
 * the CRS's areal scale at the centroid, area_meter.c) against answers
 * found another way: the closed form of an equal-area and of a transverse
 * Mercator map, and Karney's geod_polygon on every vertex after PROJ (the
 * definition in numbers.md), for shapes and places where the shortcut is
 * weakest. Each test also checks which route was taken, so that a meter
 * which quietly took the full route everywhere would fail.
 */
#include "zg_test.h"

#include <string.h>

typedef struct meter_fixture {
    zg_ctx *ctx;
    zg_crs crs;
    PJ *to_ll;
    zg_area_meter *m;
} meter_fixture;

static void fixture_open(zg_ctx *ctx, meter_fixture *f, const char *crs,
                         double x0, double y0, double x1, double y1)
{
    memset(f, 0, sizeof *f);
    f->ctx = ctx;
    assert_int_equal(zg_crs_from_user(ctx, crs, &f->crs), ZG_OK);
    PJ *wgs = zg_crs_wgs84_new(ctx);
    f->to_ll = zg_crs_transform_new(ctx, f->crs.pj, wgs);
    proj_destroy(wgs);
    assert_non_null(f->to_ll);
    double ext[4] = {x0, y0, x1, y1};
    f->m = zg_area_meter_new(ctx, f->to_ll,
                             zg_crs_is_metre_plane(ctx, f->crs.pj), ext);
    assert_non_null(f->m);
}

static void fixture_close(meter_fixture *f)
{
    zg_area_meter_free(f->ctx, f->m);
    proj_destroy(f->to_ll);
    zg_crs_clear(f->ctx, &f->crs);
}

/* The definition: every vertex to WGS 84, then geod_polygon. */
static double reference_m2(meter_fixture *f, const GEOSGeometry *g)
{
    GEOSGeometry *ll = zg_geom_transform(f->ctx, g, f->to_ll, NULL);
    assert_non_null(ll);
    double a = zg_geodesic_area_m2(f->ctx, ll);
    GEOSGeom_destroy_r(f->ctx->geos, ll);
    return a;
}

/* On a cylindrical equal-area map of WGS 84 the areal scale is 1: the
 * ellipsoidal area of any piece is its plane area. */
static void equal_area_map_scales_by_one(void **state)
{
    zg_ctx *ctx = *state;
    meter_fixture f;
    fixture_open(ctx, &f, "+proj=cea +lat_ts=30 +lon_0=105 +ellps=WGS84 "
                 "+units=m +type=crs", -50000, 2000000, 50000, 2500000);
    /* A 90 m x 80 m rectangle with a 20 m x 10 m hole: 7000 m². */
    GEOSGeometry *g = zg_test_wkt(ctx, "POLYGON((1000 2300000, 1090 2300000, "
                    "1090 2300080, 1000 2300080, 1000 2300000), "
                    "(1010 2300010, 1030 2300010, 1030 2300020, "
                    "1010 2300020, 1010 2300010))");
    ZG_ASSERT_REL(zg_area_meter_m2(ctx, f.m, g), 7000.0, 1e-9);
    size_t fast, exact;
    zg_area_meter_counts(f.m, &fast, &exact);
    assert_int_equal(fast, 1);
    assert_int_equal(exact, 0);
    GEOSGeom_destroy_r(ctx->geos, g);
    fixture_close(&f);
}

/* On the central meridian of a transverse Mercator map on WGS 84 the
 * scale is k0 in every direction: a 100 m square there is 1e4 / k0² m² on
 * the ellipsoid (UTM 48N: k0 = 0.9996, central meridian 105 E, easting
 * 500 000). 50 m off the meridian the scale moves by (50/R)²/2, 3e-11;
 * the lattice's bilinear interpolation of the scale, whose minimum lies
 * on the meridian, overshoots by up to (h/2)²/R² = 6.2e-9 (h = 1 km). */
static void transverse_mercator_central_meridian(void **state)
{
    zg_ctx *ctx = *state;
    meter_fixture f;
    fixture_open(ctx, &f, "EPSG:32648", 480000, 2300000, 520000, 2340000);
    GEOSGeometry *g = zg_test_wkt(ctx, "POLYGON((499950 2320000, "
                                  "500050 2320000, 500050 2320100, "
                                  "499950 2320100, 499950 2320000))");
    ZG_ASSERT_REL(zg_area_meter_m2(ctx, f.m, g), 1e4 / (0.9996 * 0.9996),
                  6.5e-9);
    size_t fast, exact;
    zg_area_meter_counts(f.m, &fast, &exact);
    assert_int_equal(fast, 1);
    GEOSGeom_destroy_r(ctx->geos, g);
    fixture_close(&f);
}

/* VN-2000 / TM-3 105 (EPSG:5897), through the official Helmert to WGS 84:
 * against geod_polygon on every vertex, at the central meridian, in
 * Hanoi, and at the zone's edge (160 km east), for the shapes where the
 * shortcut is weakest: a right triangle (its straight edges and the
 * geodesics part the most), an L, a 100 m sliver 1.5 m wide, a kite, a
 * square with a hole, a two-part piece. Each within numbers.md's 1e-7
 * (the worst, the sliver at the zone's edge, is 7.1e-8 off; the same
 * shapes 200 m across miss by 1.3e-7, which is why pieces wider than
 * 100 m take the full route). */
static void tm3_matches_geod_polygon(void **state)
{
    zg_ctx *ctx = *state;
    meter_fixture f;
    fixture_open(ctx, &f, "EPSG:5897", 490000, 2280000, 670000, 2360000);
    /* n, then the n vertices (x, y) relative to the place (the ring is
     * closed by repeating the first). */
    static const double OFFS[][12] = {
        {3, 0, 0, 100, 0, 0, 100, 0, 0, 0, 0, 0},          /* triangle */
        {4, 0, 0, 60, 0, 60, 60, 0, 60, 0, 0, 0},          /* square */
        {3, 0, 0, 100, 1.5, 0, 0.5, 0, 0, 0, 0, 0},        /* sliver */
        {4, 0, 0, 99, 75, 25, 99, 0, 0, 0, 0, 0},          /* kite */
    };
    static const double PLACES[][2] = {
        {500000, 2300000}, {560010.5, 2320003.25}, {588363.6, 2326288.7},
        {660000, 2350000}};
    size_t n_tests = 0;
    for (size_t p = 0; p < sizeof PLACES / sizeof PLACES[0]; p++) {
        double x = PLACES[p][0], y = PLACES[p][1];
        for (size_t s = 0; s < sizeof OFFS / sizeof OFFS[0]; s++) {
            char wkt[512];
            int n = (int)OFFS[s][0], len = 0;
            len += snprintf(wkt + len, sizeof wkt - (size_t)len, "POLYGON((");
            for (int k = 0; k < n; k++)
                len += snprintf(wkt + len, sizeof wkt - (size_t)len,
                                "%.3f %.3f, ", x + OFFS[s][1 + 2 * k],
                                y + OFFS[s][2 + 2 * k]);
            snprintf(wkt + len, sizeof wkt - (size_t)len, "%.3f %.3f))",
                     x + OFFS[s][1], y + OFFS[s][2]);
            GEOSGeometry *g = zg_test_wkt(ctx, wkt);
            assert_non_null(g);
            double ref = reference_m2(&f, g);
            double got = zg_area_meter_m2(ctx, f.m, g);
            ZG_ASSERT_REL(got, ref, 1e-7);
            GEOSGeom_destroy_r(ctx->geos, g);
            n_tests++;
        }
        /* An L of 150 m, a square with a hole, two parts 100 m apart. */
        char wkt[1024];
        snprintf(wkt, sizeof wkt,
                 "POLYGON((%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, "
                 "%.3f %.3f, %.3f %.3f, %.3f %.3f))",
                 x, y, x + 100, y, x + 100, y + 20, x + 20, y + 20, x + 20,
                 y + 100, x, y + 100, x, y);
        GEOSGeometry *l = zg_test_wkt(ctx, wkt);
        snprintf(wkt, sizeof wkt,
                 "POLYGON((%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, "
                 "%.3f %.3f), (%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, "
                 "%.3f %.3f))",
                 x, y, x + 95, y, x + 95, y + 95, x, y + 95, x, y,
                 x + 10, y + 10, x + 10, y + 60, x + 70, y + 60, x + 70,
                 y + 10, x + 10, y + 10);
        GEOSGeometry *hole = zg_test_wkt(ctx, wkt);
        snprintf(wkt, sizeof wkt,
                 "MULTIPOLYGON(((%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f)),"
                 " ((%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f)))",
                 x, y, x + 40, y, x + 40, y + 40, x, y, x + 60, y + 60,
                 x + 99, y + 60, x + 99, y + 99, x + 60, y + 60);
        GEOSGeometry *two = zg_test_wkt(ctx, wkt);
        GEOSGeometry *more[] = {l, hole, two};
        for (size_t k = 0; k < 3; k++) {
            assert_non_null(more[k]);
            double ref = reference_m2(&f, more[k]);
            ZG_ASSERT_REL(zg_area_meter_m2(ctx, f.m, more[k]), ref, 1e-7);
            GEOSGeom_destroy_r(ctx->geos, more[k]);
            n_tests++;
        }
    }
    size_t fast, exact;
    zg_area_meter_counts(f.m, &fast, &exact);
    assert_int_equal(fast, n_tests); /* none fell back */
    assert_int_equal(exact, 0);
    fixture_close(&f);
}

/* A TM-3 CRS bound to WGS 84 by a TOWGS84 clause (VN-2000's official
 * seven parameters, as many a .prj carries) is a plane in metres too: its
 * pieces take the shortcut, through the bound operation, within 1e-7 of
 * geod_polygon on the vertices. */
static void bound_crs_takes_the_shortcut(void **state)
{
    zg_ctx *ctx = *state;
    meter_fixture f;
    fixture_open(ctx, &f, "+proj=tmerc +lat_0=0 +lon_0=105 +k=0.9999 "
                 "+x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=-191.90441429,"
                 "-39.30318279,-111.45032835,-0.00928836,0.01975479,"
                 "-0.00427372,0.252906278 +units=m +no_defs +type=crs",
                 550000, 2300000, 600000, 2350000);
    assert_int_equal(proj_get_type(f.crs.pj), PJ_TYPE_BOUND_CRS);
    assert_true(zg_crs_is_metre_plane(ctx, f.crs.pj));
    GEOSGeometry *g = zg_test_wkt(ctx, "POLYGON((588300 2326200, "
                                  "588390 2326210, 588350 2326290, "
                                  "588300 2326200))");
    ZG_ASSERT_REL(zg_area_meter_m2(ctx, f.m, g), reference_m2(&f, g), 1e-7);
    size_t fast, exact;
    zg_area_meter_counts(f.m, &fast, &exact);
    assert_int_equal(fast, 1);
    GEOSGeom_destroy_r(ctx->geos, g);
    fixture_close(&f);
}

/* What the shortcut must not take: a piece wider than 100 m, a piece
 * outside the extent given, a piece of an extent too wide for the
 * lattice, and any piece of a geographic CRS. They are
 * measured the full way, to the same number as the reference. */
static void refusals_take_the_full_route(void **state)
{
    zg_ctx *ctx = *state;
    meter_fixture f;
    fixture_open(ctx, &f, "EPSG:5897", 550000, 2300000, 600000, 2350000);
    GEOSGeometry *wide = zg_test_wkt(ctx, "POLYGON((560000 2320000, "
                                     "560300 2320000, 560300 2320050, "
                                     "560000 2320050, 560000 2320000))");
    GEOSGeometry *far = zg_test_wkt(ctx, "POLYGON((700000 2320000, "
                                    "700050 2320000, 700050 2320050, "
                                    "700000 2320050, 700000 2320000))");
    assert_true(zg_area_meter_m2(ctx, f.m, wide) == reference_m2(&f, wide));
    assert_true(zg_area_meter_m2(ctx, f.m, far) == reference_m2(&f, far));
    size_t fast, exact;
    zg_area_meter_counts(f.m, &fast, &exact);
    assert_int_equal(fast, 0);
    assert_int_equal(exact, 2);
    GEOSGeom_destroy_r(ctx->geos, wide);
    GEOSGeom_destroy_r(ctx->geos, far);
    fixture_close(&f);

    /* Over an extent too wide for a 1 km lattice in 65 536 nodes (600 km
     * square), the spacing grows, the cells fail their check, and pieces
     * are measured the full way. */
    fixture_open(ctx, &f, "EPSG:5897", 300000, 2000000, 900000, 2600000);
    GEOSGeometry *sq = zg_test_wkt(ctx, "POLYGON((560000 2320000, "
                                   "560050 2320000, 560050 2320050, "
                                   "560000 2320050, 560000 2320000))");
    assert_true(zg_area_meter_m2(ctx, f.m, sq) == reference_m2(&f, sq));
    zg_area_meter_counts(f.m, &fast, &exact);
    assert_int_equal(fast, 0);
    assert_int_equal(exact, 1);
    GEOSGeom_destroy_r(ctx->geos, sq);
    fixture_close(&f);

    fixture_open(ctx, &f, "EPSG:4326", 105, 20, 106, 21);
    assert_false(zg_crs_is_metre_plane(ctx, f.crs.pj));
    GEOSGeometry *deg = zg_test_wkt(ctx, "POLYGON((105.5 20.5, 105.5005 "
                                    "20.5, 105.5005 20.5005, 105.5 20.5))");
    assert_true(zg_area_meter_m2(ctx, f.m, deg) == reference_m2(&f, deg));
    zg_area_meter_counts(f.m, &fast, &exact);
    assert_int_equal(fast, 0);
    GEOSGeom_destroy_r(ctx->geos, deg);
    fixture_close(&f);
}

/* The lattice fills lazily: measuring in another order (as another
 * thread would) gives the same bits. */
static void order_does_not_change_a_bit(void **state)
{
    zg_ctx *ctx = *state;
    meter_fixture a, b;
    fixture_open(ctx, &a, "EPSG:5897", 550000, 2300000, 600000, 2350000);
    fixture_open(ctx, &b, "EPSG:5897", 550000, 2300000, 600000, 2350000);
    enum { N = 40 };
    GEOSGeometry *g[N];
    double ra[N], rb[N];
    for (int i = 0; i < N; i++) {
        double x = 551000 + 1187.3 * i, y = 2301000 + 1091.7 * i;
        char wkt[256];
        snprintf(wkt, sizeof wkt, "POLYGON((%.3f %.3f, %.3f %.3f, %.3f %.3f,"
                 " %.3f %.3f))", x, y, x + 73, y + 5, x + 31, y + 88, x, y);
        g[i] = zg_test_wkt(ctx, wkt);
        assert_non_null(g[i]);
    }
    for (int i = 0; i < N; i++)
        ra[i] = zg_area_meter_m2(ctx, a.m, g[i]);
    for (int i = N - 1; i >= 0; i--)
        rb[i] = zg_area_meter_m2(ctx, b.m, g[i]);
    assert_memory_equal(ra, rb, sizeof ra);
    size_t fast, exact;
    zg_area_meter_counts(a.m, &fast, &exact);
    assert_int_equal(fast, N);
    for (int i = 0; i < N; i++)
        GEOSGeom_destroy_r(ctx->geos, g[i]);
    fixture_close(&a);
    fixture_close(&b);
}

int test_area_meter(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(equal_area_map_scales_by_one,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(transverse_mercator_central_meridian,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(tm3_matches_geod_polygon,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(bound_crs_takes_the_shortcut,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(refusals_take_the_full_route,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(order_does_not_change_a_bit,
                                        zg_test_setup, zg_test_teardown),
    };
    return cmocka_run_group_tests_name("area_meter", tests, NULL, NULL);
}
