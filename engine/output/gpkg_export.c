/* SPDX-License-Identifier: MIT
 *
 * gpkg_export.c: an output named *.gpkg is a GeoPackage. The run writes
 * its SpatiaLite database as always (the one writer of every table, with
 * its schema checks), and at commit GDAL's own translation (the library
 * behind ogr2ogr) copies zoneguard's tables, and only those, into a
 * GeoPackage beside it in the staging folder, which then takes the
 * database's place. The same rows, the same keys (-preserve_fid keeps
 * "fid" and "pk"), the same geometry column name, layer_styles as an
 * attribute table QGIS reads.
 */
#include "output_int.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_utils.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

bool zg_output_path_is_gpkg(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return n >= 5 && strcasecmp(path + n - 5, ".gpkg") == 0;
}

/* zoneguard's tables: the record tables, layer_styles, and every result
 * table present. SpatiaLite's own (spatial_ref_sys, geometry_columns and
 * their kin, the R*Tree indexes) stay behind: a GeoPackage has its own. */
zg_status zg_output_gpkg_tables(zg_output *out, char ***names, size_t *n)
{
    static const char *const STYLES[] = {"layer_styles", NULL};
    zg_ctx *ctx = out->ctx;
    size_t cap = 8;
    *n = 0;
    *names = zg_calloc(ctx, cap, sizeof **names);
    if (!*names)
        return zg_nomem(ctx, "table list");
    zg_status st = ZG_OK;
    const char *const *lists[] = {ZG_RECORD_TABLES, STYLES, ZG_RESULT_TABLES};
    for (int pass = 0; pass < 3 && !st; pass++) {
        const char *const *list = lists[pass];
        for (size_t i = 0; list[i] && !st; i++) {
            bool exists = false;
            st = zg_schema_has_table(out, list[i], &exists);
            if (st || !exists)
                continue;
            if (*n + 1 >= cap) {
                char **more = zg_realloc(ctx, *names, 2 * cap * sizeof *more);
                if (!more) {
                    st = zg_nomem(ctx, "table list");
                    break;
                }
                memset(more + cap, 0, cap * sizeof *more);
                *names = more;
                cap *= 2;
            }
            if (!((*names)[(*n)++] = zg_strdup(ctx, list[i])))
                st = zg_nomem(ctx, "table list");
        }
    }
    return st;
}

zg_status zg_output_to_gpkg(zg_output *out, char *const *tables,
                            size_t ntables)
{
    zg_ctx *ctx = out->ctx;
    char *gpkg = zg_asprintf(ctx, "%s/out.gpkg", out->stage.tmpdir);
    if (!gpkg)
        return zg_nomem(ctx, "GeoPackage path");
    /* -f GPKG -preserve_fid -lco GEOMETRY_NAME=geom TABLE... NULL */
    size_t argc = 5 + ntables;
    char **argv = zg_calloc(ctx, argc + 1, sizeof *argv);
    if (!argv) {
        zg_free(ctx, gpkg);
        return zg_nomem(ctx, "GeoPackage options");
    }
    const char *head[] = {"-f", "GPKG", "-preserve_fid", "-lco",
                          "GEOMETRY_NAME=geom"};
    for (size_t i = 0; i < 5; i++)
        argv[i] = (char *)head[i];
    for (size_t i = 0; i < ntables; i++)
        argv[5 + i] = tables[i];

    zg_status st = ZG_OK;
    zg_gdal_begin(ctx);
    zg_libmsg_clear(ctx);
    CPLErrorReset();
    /* gpkg_contents.last_change is a wall-clock time: fixed, so that the
     * same inputs give the same bytes (the run's times are in `runs`). */
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00Z");
    GDALVectorTranslateOptions *opt = GDALVectorTranslateOptionsNew(argv,
                                                                    NULL);
    const char *drivers[] = {"SQLite", NULL};
    const char *oo[] = {"LIST_ALL_TABLES=YES", NULL};
    GDALDatasetH src = opt ? GDALOpenEx(out->stage.tmpfile,
                                        GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                        drivers, oo, NULL)
                           : NULL;
    int usage_error = 0;
    GDALDatasetH dst = src ? GDALVectorTranslate(gpkg, NULL, 1, &src, opt,
                                                 &usage_error)
                           : NULL;
    /* GDALClose flushes the last pages; its failure (GDAL 3.6 returns
     * nothing) shows only as GDAL's last error. */
    if (dst)
        GDALClose(dst);
    bool failed = !dst || CPLGetLastErrorType() >= CE_Failure;
    if (src)
        GDALClose(src);
    GDALVectorTranslateOptionsFree(opt);
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", NULL);
    if (failed)
        st = zg_fail(ctx, ZG_ERR_OUTPUT, "cannot write the GeoPackage: %s "
                     "(%s)", zg_gdal_lastmsg(ctx)[0] ? zg_gdal_lastmsg(ctx)
                                                     : "GDAL failed",
                     out->stage.target);
    zg_gdal_end(ctx);
    zg_free(ctx, argv);
    if (!st) {
        /* The GeoPackage is now the staged file. */
        unlink(out->stage.tmpfile);
        zg_free(ctx, out->stage.tmpfile);
        out->stage.tmpfile = gpkg;
    } else {
        unlink(gpkg);
        zg_free(ctx, gpkg);
    }
    return st;
}
