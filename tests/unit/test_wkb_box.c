/* SPDX-License-Identifier: MIT
 *
 * test_wkb_box.c: the box read off a polygon's WKB (wkb_box.c), which
 * lets the stream's reader pass over parcels far from every zone without
 * GEOS. The WKB is written by OGR from WKT, in both byte orders; the
 * boxes expected are the WKT's, worked out by hand, and GEOS's extent of
 * the same bytes must agree. What GEOS would refuse or read otherwise
 * (unclosed or short rings, Z, curves, a collection, an empty polygon,
 * a coordinate that is not finite, bytes left over) must be declined.
 */
#include "zg_test.h"

#include "io/io_int.h"

#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>

/* ISO WKB of wkt in byte order `order`; *len its size (malloc'd). */
static unsigned char *wkb_of(const char *wkt, OGRwkbByteOrder order,
                             size_t *len)
{
    OGRGeometryH g = NULL;
    char *w = (char *)wkt;
    assert_int_equal(OGR_G_CreateFromWkt(&w, NULL, &g), OGRERR_NONE);
    *len = (size_t)OGR_G_WkbSize(g);
    unsigned char *b = malloc(*len + 8);
    assert_non_null(b);
    assert_int_equal(OGR_G_ExportToIsoWkb(g, order, b), OGRERR_NONE);
    OGR_G_DestroyGeometry(g);
    return b;
}

static void expect_box(zg_ctx *ctx, const char *wkt, double x0, double y0,
                       double x1, double y1)
{
    for (int o = 0; o < 2; o++) {
        size_t len;
        unsigned char *b = wkb_of(wkt, o ? wkbNDR : wkbXDR, &len);
        double box[4] = {0, 0, 0, 0};
        assert_true(zg_wkb_polygon_box(b, len, box));
        assert_true(box[0] == x0 && box[1] == y0 && box[2] == x1 &&
                    box[3] == y1);
        /* GEOS, reading the same bytes, finds the same box. */
        GEOSGeometry *g = GEOSGeomFromWKB_buf_r(ctx->geos, b, len);
        assert_non_null(g);
        double e[4];
        assert_int_equal(GEOSGeom_getExtent_r(ctx->geos, g, &e[0], &e[1],
                                              &e[2], &e[3]), 1);
        assert_true(e[0] == box[0] && e[1] == box[1] && e[2] == box[2] &&
                    e[3] == box[3]);
        GEOSGeom_destroy_r(ctx->geos, g);
        free(b);
    }
}

static void declined(const char *wkt)
{
    for (int o = 0; o < 2; o++) {
        size_t len;
        unsigned char *b = wkb_of(wkt, o ? wkbNDR : wkbXDR, &len);
        double box[4];
        assert_false(zg_wkb_polygon_box(b, len, box));
        free(b);
    }
}

static void polygon_boxes(void **state)
{
    zg_ctx *ctx = *state;
    expect_box(ctx, "POLYGON ((583000.5 2330000,583010 2330000,583010 2330020.25,"
               "583000.5 2330020.25,583000.5 2330000))",
               583000.5, 2330000, 583010, 2330020.25);
    /* A hole: inside the shell, it changes nothing. */
    expect_box(ctx, "POLYGON ((0 0,10 0,10 10,0 10,0 0),(2 2,2 3,3 3,2 2))", 0, 0,
               10, 10);
    /* A hole outside its shell (invalid): GEOS's box is the shell's. */
    expect_box(ctx, "POLYGON ((0 0,10 0,10 10,0 10,0 0),(20 20,20 30,30 30,20 20))",
               0, 0, 10, 10);
    expect_box(ctx, "MULTIPOLYGON (((0 0,1 0,1 1,0 0)),((-5 7,-4 7,-4 9,-5 7)))",
               -5, 0, 1, 9);
}

static void other_shapes_declined(void **state)
{
    (void)state;
    declined("POLYGON EMPTY");
    declined("MULTIPOLYGON EMPTY");
    declined("POLYGON Z ((0 0 1,1 0 1,1 1 1,0 0 1))");
    declined("POLYGON M ((0 0 1,1 0 1,1 1 1,0 0 1))");
    declined("POLYGON ((0 0,1 0,1 1,0 1))");   /* not closed */
    declined("POLYGON ((0 0,1 0,0 0))");       /* 3 points */
    declined("GEOMETRYCOLLECTION (POLYGON ((0 0,1 0,1 1,0 0)))");
    declined("CURVEPOLYGON (CIRCULARSTRING (0 0,1 1,2 0,1 -1,0 0))");
    declined("LINESTRING (0 0,1 1)");
    declined("MULTIPOLYGON (((0 0,1 0,1 1,0 0)),((0 0,1 0,1 1,0 1)))");
    /* Bytes left over, cut short, not WKB at all. */
    size_t len;
    unsigned char *b = wkb_of("POLYGON ((0 0,1 0,1 1,0 0))", wkbNDR, &len);
    double box[4];
    assert_true(zg_wkb_polygon_box(b, len, box));
    b[len] = 0;
    assert_false(zg_wkb_polygon_box(b, len + 1, box));
    assert_false(zg_wkb_polygon_box(b, len - 1, box));
    assert_false(zg_wkb_polygon_box(b, 5, box));
    assert_false(zg_wkb_polygon_box(NULL, 0, box));
    b[0] = 7;
    assert_false(zg_wkb_polygon_box(b, len, box));
    /* A coordinate that is not a number: left to GEOS's route, which
     * logs it. */
    b[0] = 1;
    double nan = NAN;
    memcpy(b + 1 + 4 + 4 + 4 + 16, &nan, sizeof nan); /* 2nd point's x */
    assert_false(zg_wkb_polygon_box(b, len, box));
    free(b);
}

int test_wkb_box(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(polygon_boxes, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(other_shapes_declined, zg_test_setup,
                                        zg_test_teardown),
    };
    return cmocka_run_group_tests_name("wkb_box", tests, NULL, NULL);
}
