/* SPDX-License-Identifier: MIT
 *
 * test_crs.c: CRS resolution and transformations against published
 * numbers (shared/docs/domain.md §1, computed there with cs2cs).
 */
#include "zg_test.h"

#include <string.h>

/* WGS 84 (105.852 E, 21.028 N) in EPSG:5897 is E 588 363.6, N 2 326 288.7
 * with the official VN-2000 Helmert (EPSG:6960); treating it as VN-2000
 * would give E 588 559.8, N 2 326 180.6, 224 m away. */
static void wgs84_to_tm3_uses_epsg_6960(void **state)
{
    zg_ctx *ctx = *state;
    zg_crs plane;
    assert_int_equal(zg_crs_from_user(ctx, "EPSG:5897", &plane), ZG_OK);
    assert_string_equal(plane.label, "EPSG:5897");
    assert_false(plane.geographic);
    PJ *wgs = zg_crs_wgs84_new(ctx);
    PJ *tr = zg_crs_transform_new(ctx, wgs, plane.pj);
    assert_non_null(tr);
    PJ_COORD c = proj_trans(tr, PJ_FWD, proj_coord(105.852, 21.028, 0, 0));
    ZG_ASSERT_ABS(c.xy.x, 588363.6, 0.1);
    ZG_ASSERT_ABS(c.xy.y, 2326288.7, 0.1);
    proj_destroy(tr);
    proj_destroy(wgs);
    zg_crs_clear(ctx, &plane);
}

/* VN-2000 geographic (EPSG:4756) to TM-3 is a pure projection. */
static void vn2000_geographic_to_tm3(void **state)
{
    zg_ctx *ctx = *state;
    zg_crs vn, plane;
    assert_int_equal(zg_crs_from_user(ctx, "EPSG:4756", &vn), ZG_OK);
    assert_true(vn.geographic);
    assert_int_equal(zg_crs_from_user(ctx, "EPSG:5897", &plane), ZG_OK);
    PJ *tr = zg_crs_transform_new(ctx, vn.pj, plane.pj);
    PJ_COORD c = proj_trans(tr, PJ_FWD, proj_coord(105.852, 21.028, 0, 0));
    ZG_ASSERT_ABS(c.xy.x, 588559.8, 0.1);
    ZG_ASSERT_ABS(c.xy.y, 2326180.6, 0.1);
    proj_destroy(tr);
    zg_crs_clear(ctx, &vn);
    zg_crs_clear(ctx, &plane);
}

/* Deprecated EPSG:6956-6959 are read as 5896-5899, with a note. */
static void deprecated_tm3_codes_are_replaced(void **state)
{
    zg_ctx *ctx = *state;
    const int old[] = {6956, 6957, 6958, 6959};
    const char *want[] = {"EPSG:5896", "EPSG:5897", "EPSG:5898", "EPSG:5899"};
    for (int i = 0; i < 4; i++) {
        char code[16];
        snprintf(code, sizeof code, "EPSG:%d", old[i]);
        zg_crs c;
        assert_int_equal(zg_crs_from_user(ctx, code, &c), ZG_OK);
        assert_string_equal(c.label, want[i]);
        assert_non_null(c.remap_note);
        assert_non_null(strstr(c.remap_note, code));
        zg_crs_clear(ctx, &c);
    }
}

/* A WKT without an id is identified (so its datum shift is known). */
static void wkt_without_id_is_identified(void **state)
{
    zg_ctx *ctx = *state;
    zg_crs ref, c;
    assert_int_equal(zg_crs_from_user(ctx, "EPSG:5897", &ref), ZG_OK);
    const char *wkt = proj_as_wkt(ctx->pj, ref.pj, PJ_WKT1_ESRI, NULL);
    assert_non_null(wkt);
    assert_null(strstr(wkt, "AUTHORITY"));
    assert_int_equal(zg_crs_from_wkt(ctx, wkt, &c), ZG_OK);
    assert_string_equal(c.label, "EPSG:5897");
    zg_crs_clear(ctx, &c);
    zg_crs_clear(ctx, &ref);
}

static void unknown_crs_is_a_crs_error(void **state)
{
    zg_ctx *ctx = *state;
    zg_crs c;
    assert_int_equal(zg_crs_from_user(ctx, "EPSG:999999", &c), ZG_ERR_CRS);
    assert_non_null(strstr(zg_ctx_errmsg(ctx), "EPSG:999999"));
    assert_int_equal(zg_crs_from_user(ctx, "+proj=tmerc +lon_0=105 "
                                           "+ellps=WGS84 +type=crs", &c),
                     ZG_OK);
    assert_false(c.geographic);
    zg_crs_clear(ctx, &c);
}

int test_crs(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(wgs84_to_tm3_uses_epsg_6960,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(vn2000_geographic_to_tm3,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(deprecated_tm3_codes_are_replaced,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(wkt_without_id_is_identified,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(unknown_crs_is_a_crs_error,
                                        zg_test_setup, zg_test_teardown),
    };
    return cmocka_run_group_tests_name("crs", tests, NULL, NULL);
}
