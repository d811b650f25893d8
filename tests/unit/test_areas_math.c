/* SPDX-License-Identifier: MIT
 *
 * test_areas_math.c: ellipsoidal and planar areas against answers worked
 * out analytically, not by the code under test.
 */
#include "zg_test.h"

/* Area of the whole WGS 84 ellipsoid, closed form:
 * A = 2 pi a^2 (1 + (1 - e^2)/e atanh(e)). */
static double wgs84_total_m2(void)
{
    double a = 6378137.0, f = 1 / 298.257223563;
    double e2 = f * (2 - f), e = sqrt(e2);
    return 2 * M_PI * a * a * (1 + (1 - e2) / e * atanh(e));
}

/* The triangle (0,0) (90 E,0) (0,90 N) is bounded by the equator and two
 * meridians, all geodesics: it is exactly one eighth of the ellipsoid. */
static void octant_is_one_eighth(void **state)
{
    zg_ctx *ctx = *state;
    GEOSGeometry *g = zg_test_wkt(ctx, "POLYGON((0 0, 90 0, 0 90, 0 0))");
    ZG_ASSERT_REL(zg_geodesic_area_m2(ctx, g), wgs84_total_m2() / 8, 1e-12);
    /* The ring is counter-clockwise: the signed sum is positive. */
    assert_true(zg_geodesic_signed_ring_sum_m2(ctx, g) > 0);
    GEOSGeom_destroy_r(ctx->geos, g);
}

/* A clockwise ring measures the same; its signed sum is negative. */
static void orientation_does_not_matter(void **state)
{
    zg_ctx *ctx = *state;
    GEOSGeometry *g = zg_test_wkt(ctx, "POLYGON((0 0, 0 90, 90 0, 0 0))");
    ZG_ASSERT_REL(zg_geodesic_area_m2(ctx, g), wgs84_total_m2() / 8, 1e-12);
    ZG_ASSERT_REL(zg_geodesic_signed_ring_sum_m2(ctx, g),
                  -wgs84_total_m2() / 8, 1e-12);
    GEOSGeom_destroy_r(ctx->geos, g);
}

/* An octant with the next octant's quarter as a hole: holes subtract. Two
 * octants side by side, as a multipolygon: parts add. */
static void holes_subtract_parts_add(void **state)
{
    zg_ctx *ctx = *state;
    GEOSGeometry *m = zg_test_wkt(ctx,
        "MULTIPOLYGON(((0 0, 90 0, 0 90, 0 0)), ((90 0, 180 0, 90 90, 90 0)))");
    ZG_ASSERT_REL(zg_geodesic_area_m2(ctx, m), wgs84_total_m2() / 4, 1e-12);
    GEOSGeom_destroy_r(ctx->geos, m);
    /* A hole subtracts exactly the area the same ring has on its own,
     * whichever way it turns. */
    GEOSGeometry *h = zg_test_wkt(ctx,
        "POLYGON((0 0, 90 0, 0 90, 0 0), (10 10, 20 10, 20 20, 10 20, 10 10))");
    GEOSGeometry *q = zg_test_wkt(ctx,
        "POLYGON((10 10, 10 20, 20 20, 20 10, 10 10))");
    ZG_ASSERT_REL(zg_geodesic_area_m2(ctx, h),
                  wgs84_total_m2() / 8 - zg_geodesic_area_m2(ctx, q), 1e-12);
    GEOSGeom_destroy_r(ctx->geos, q);
    GEOSGeom_destroy_r(ctx->geos, h);
}

/* The shoelace area of a regular n-gon of radius r is n/2 r^2 sin(2 pi/n),
 * whatever the offset (false easting and northing of millions of m). */
static void planar_regular_polygon(void **state)
{
    zg_ctx *ctx = *state;
    const int n = 64;
    const double r = 400.0, cx = 588000.0, cy = 2326000.0;
    char wkt[8192], *p = wkt;
    p += sprintf(p, "POLYGON((");
    for (int i = 0; i <= n; i++) {
        double t = 2 * M_PI * (i % n) / n;
        p += sprintf(p, "%s%.17g %.17g", i ? "," : "", cx + r * cos(t),
                     cy + r * sin(t));
    }
    sprintf(p, "))");
    GEOSGeometry *g = zg_test_wkt(ctx, wkt);
    assert_non_null(g);
    ZG_ASSERT_REL(zg_planar_area_m2(ctx, g, NULL),
                  n / 2.0 * r * r * sin(2 * M_PI / n), 1e-12);
    GEOSGeom_destroy_r(ctx->geos, g);
}

/* A 1 km square with a 200 m square hole: 1e6 - 4e4 m². */
static void planar_hole(void **state)
{
    zg_ctx *ctx = *state;
    GEOSGeometry *g = zg_test_wkt(ctx,
        "POLYGON((500000 2300000, 501000 2300000, 501000 2301000, "
        "500000 2301000, 500000 2300000), (500100 2300100, 500100 2300300, "
        "500300 2300300, 500300 2300100, 500100 2300100))");
    ZG_ASSERT_REL(zg_planar_area_m2(ctx, g, NULL), 1e6 - 4e4, 1e-12);
    GEOSGeom_destroy_r(ctx->geos, g);
}

/* The public WKT helper agrees with the internal function. */
static void public_wkt_helper(void **state)
{
    zg_ctx *ctx = *state;
    double a = 0;
    assert_int_equal(zg_geodesic_area_wkt(ctx,
                         "POLYGON((0 0, 90 0, 0 90, 0 0))", &a), ZG_OK);
    ZG_ASSERT_REL(a, wgs84_total_m2() / 8, 1e-12);
    assert_int_equal(zg_geodesic_area_wkt(ctx, "POINT(1 2)", &a),
                     ZG_ERR_GEOM);
    assert_int_equal(zg_geodesic_area_wkt(ctx, "POLYGON((", &a),
                     ZG_ERR_GEOM);
    assert_true(zg_ctx_errmsg(ctx)[0] != '\0');
}

int test_areas_math(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(octant_is_one_eighth, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(orientation_does_not_matter,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(holes_subtract_parts_add,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(planar_regular_polygon, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(planar_hole, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(public_wkt_helper, zg_test_setup,
                                        zg_test_teardown),
    };
    return cmocka_run_group_tests_name("areas_math", tests, NULL, NULL);
}
