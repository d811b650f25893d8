/* SPDX-License-Identifier: MIT
 *
 * test_arrow_rows.c: the column-oriented reader (arrow_rows.c) against
 * what was written: a GeoPackage of 40 000 squares (three batches of
 * 16 384 and a rest), each row's FID, code and WKB as created, nulls as
 * nulls; and the layers it must decline (no fast Arrow reader, a code
 * field that is not text, no field asked for), leaving the layer to be
 * read feature by feature from the start.
 */
#include "zg_test.h"

#include "io/io_int.h"

#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { NROWS = 40000 };

/* Row i: a square of side 1 + i % 7 m at (i, 2i); code "C<i % 13>",
 * none on every 101st row; no geometry on every 997th. */
static char *make_gpkg(const char *driver, const char *ext, bool int_code)
{
    char *path = malloc(64);
    snprintf(path, 64, "/tmp/zg_arrow_%d.%s", (int)getpid(), ext);
    unlink(path);
    GDALDriverH drv = GDALGetDriverByName(driver);
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    assert_non_null(ds);
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, "parcels", NULL, wkbPolygon,
                                           NULL);
    assert_non_null(lyr);
    OGRFieldDefnH fd = OGR_Fld_Create("ma_ldat",
                                      int_code ? OFTInteger : OFTString);
    assert_int_equal(OGR_L_CreateField(lyr, fd, 1), OGRERR_NONE);
    OGR_Fld_Destroy(fd);
    fd = OGR_Fld_Create("other", OFTReal);
    assert_int_equal(OGR_L_CreateField(lyr, fd, 1), OGRERR_NONE);
    OGR_Fld_Destroy(fd);
    (void)GDALDatasetStartTransaction(ds, 1);
    for (int i = 0; i < NROWS; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
        if (i % 101 != 0) {
            if (int_code)
                OGR_F_SetFieldInteger(f, 0, i % 13);
            else {
                char code[16];
                snprintf(code, sizeof code, "C%d", i % 13);
                OGR_F_SetFieldString(f, 0, code);
            }
        }
        OGR_F_SetFieldDouble(f, 1, i * 0.5);
        if (i % 997 != 0) {
            double s = 1 + i % 7, x = i, y = 2.0 * i;
            char wkt[256];
            snprintf(wkt, sizeof wkt, "POLYGON ((%g %g,%g %g,%g %g,%g %g,"
                     "%g %g))", x, y, x + s, y, x + s, y + s, x, y + s, x, y);
            char *p = wkt;
            OGRGeometryH g = NULL;
            assert_int_equal(OGR_G_CreateFromWkt(&p, NULL, &g), OGRERR_NONE);
            OGR_F_SetGeometryDirectly(f, g);
        }
        assert_int_equal(OGR_L_CreateFeature(lyr, f), OGRERR_NONE);
        OGR_F_Destroy(f);
    }
    (void)GDALDatasetCommitTransaction(ds);
    GDALClose(ds);
    return path;
}

static OGRLayerH open_layer(const char *path, GDALDatasetH *ds)
{
    *ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(*ds);
    OGRLayerH lyr = GDALDatasetGetLayer(*ds, 0);
    assert_non_null(lyr);
    /* As the stream does: only the code field is read. */
    const char *ign[] = {"other", "OGR_STYLE", NULL};
    (void)OGR_L_SetIgnoredFields(lyr, ign);
    return lyr;
}

static void reads_every_row_as_written(void **state)
{
    zg_ctx *ctx = *state;
    char *path = make_gpkg("GPKG", "gpkg", false);
    GDALDatasetH ds;
    OGRLayerH lyr = open_layer(path, &ds);
    zg_arrow_rows ar;
    bool usable = false;
    assert_int_equal(zg_arrow_rows_open(ctx, lyr, "ma_ldat", &ar, &usable),
                     ZG_OK);
    assert_true(usable);
    int row = 0, batches = 0, bad = 0;
    for (;;) {
        size_t n = 0;
        assert_int_equal(zg_arrow_rows_next(ctx, &ar, &n), ZG_OK);
        if (n == 0)
            break;
        batches++;
        for (size_t i = 0; i < n; i++, row++) {
            /* GeoPackage FIDs count from 1 in creation order. */
            bad += zg_arrow_rows_fid(&ar, i) != row + 1;
            size_t tlen = 0;
            const char *t = zg_arrow_rows_text(&ar, i, &tlen);
            if (row % 101 == 0)
                bad += t != NULL;
            else {
                char code[16];
                snprintf(code, sizeof code, "C%d", row % 13);
                bad += !t || tlen != strlen(code) ||
                       memcmp(t, code, tlen) != 0;
            }
            size_t wlen = 0;
            const unsigned char *wkb = zg_arrow_rows_wkb(&ar, i, &wlen);
            if (row % 997 == 0) {
                bad += wkb != NULL;
                continue;
            }
            OGRGeometryH g = NULL;
            if (!wkb ||
                OGR_G_CreateFromWkbEx(wkb, NULL, &g, wlen) != OGRERR_NONE) {
                bad++;
                continue;
            }
            double s = 1 + row % 7;
            OGREnvelope e;
            OGR_G_GetEnvelope(g, &e);
            bad += OGR_G_Area(g) != s * s || e.MinX != row ||
                   e.MinY != 2.0 * row;
            OGR_G_DestroyGeometry(g);
        }
    }
    zg_arrow_rows_close(&ar);
    assert_int_equal(bad, 0);
    assert_int_equal(row, NROWS);
    assert_int_equal(batches, 3); /* 16 384 a batch */
    GDALClose(ds);
    unlink(path);
    free(path);
}

/* Declined: *usable false, nothing to close but harmless to, and the
 * layer still reads from its first feature. */
static void declined(zg_ctx *ctx, const char *path, const char *field)
{
    GDALDatasetH ds;
    OGRLayerH lyr = open_layer(path, &ds);
    zg_arrow_rows ar;
    bool usable = true;
    assert_int_equal(zg_arrow_rows_open(ctx, lyr, field, &ar, &usable),
                     ZG_OK);
    assert_false(usable);
    zg_arrow_rows_close(&ar);
    OGRFeatureH f = OGR_L_GetNextFeature(lyr);
    assert_non_null(f);
    assert_int_equal(OGR_F_GetFID(f), OGR_L_GetFIDColumn(lyr)[0] ? 1 : 0);
    OGR_F_Destroy(f);
    GDALClose(ds);
}

static void declines_what_it_does_not_read(void **state)
{
    zg_ctx *ctx = *state;
    char *gpkg_int = make_gpkg("GPKG", "gpkg", true);
    declined(ctx, gpkg_int, "ma_ldat"); /* an integer code */
    unlink(gpkg_int);
    free(gpkg_int);
    char *gpkg = make_gpkg("GPKG", "gpkg", false);
    declined(ctx, gpkg, NULL);      /* no field asked for (GDAL #7106) */
    declined(ctx, gpkg, "missing"); /* no such field */
    unlink(gpkg);
    free(gpkg);
    char *fgb = make_gpkg("GeoJSON", "geojson", false);
    declined(ctx, fgb, "ma_ldat"); /* GeoJSON: no fast Arrow reader */
    unlink(fgb);
    free(fgb);
}

int test_arrow_rows(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(reads_every_row_as_written,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(declines_what_it_does_not_read,
                                        zg_test_setup, zg_test_teardown),
    };
    return cmocka_run_group_tests_name("arrow_rows", tests, NULL, NULL);
}
