/* SPDX-License-Identifier: MIT
 *
 * table_geojson.c: write a described table as RFC 7946 GeoJSON through
 * GDAL's GeoJSON driver (RFC7946=YES: WGS 84 lon/lat, counter-clockwise
 * exterior rings, 7 decimals, no crs member). Rows go out in the order
 * given and nothing time-dependent is written: the same bytes every run.
 * The driver writes into /vsimem/ because it ignores failed writes (a full
 * disk would give a truncated file and success); zg_stage_commit_mem copies
 * the bytes out with every write checked.
 */
#include "table_writer.h"

#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <string.h>

static OGRFieldType ogr_type(zg_col_type t)
{
    return t == ZG_COL_INT ? OFTInteger64 : t == ZG_COL_REAL ? OFTReal
                                                             : OFTString;
}

static zg_status write_rows(zg_ctx *ctx, OGRLayerH lyr, const zg_table *t,
                            zg_cell *cells)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    for (size_t r = 0; r < t->nrows; r++) {
        memset(cells, 0, (t->ncols + 1) * sizeof *cells);
        const GEOSGeometry *g = NULL;
        zg_status st = t->row(t->ud, r, cells, &g);
        if (st)
            return st;
        OGRFeatureH of = OGR_F_Create(defn);
        if (!of)
            return zg_nomem(ctx, "GeoJSON feature");
        for (size_t c = 0; c < t->ncols; c++) {
            int k = (int)c;
            const zg_cell *v = &cells[c];
            if (v->is_null || (t->cols[c].type == ZG_COL_REAL && isnan(v->d)) ||
                (t->cols[c].type == ZG_COL_TEXT && !v->s))
                OGR_F_SetFieldNull(of, k);
            else if (t->cols[c].type == ZG_COL_INT)
                OGR_F_SetFieldInteger64(of, k, v->i);
            else if (t->cols[c].type == ZG_COL_REAL)
                OGR_F_SetFieldDouble(of, k, v->d);
            else
                OGR_F_SetFieldString(of, k, v->s);
        }
        if (g) {
            size_t len = 0;
            unsigned char *wkb = zg_geom_wkb(ctx, g, &len);
            OGRGeometryH og = NULL;
            if (wkb) {
                OGR_G_CreateFromWkbEx(wkb, NULL, &og, len);
                GEOSFree_r(ctx->geos, wkb);
            }
            if (!og) {
                OGR_F_Destroy(of);
                return zg_nomem(ctx, "GeoJSON geometry");
            }
            OGR_F_SetGeometryDirectly(of, og);
        }
        OGRErr e = OGR_L_CreateFeature(lyr, of);
        OGR_F_Destroy(of);
        if (e != OGRERR_NONE)
            return zg_fail(ctx, ZG_ERR_OUTPUT, "GDAL cannot write a "
                           "feature: %s", zg_gdal_lastmsg(ctx));
    }
    return ZG_OK;
}

zg_status zg_table_write_geojson(zg_ctx *ctx, const char *path,
                                 unsigned flags, const zg_table *t)
{
    zg_stage stage;
    zg_status st = zg_stage_open(ctx, path, flags, "out.geojson", &stage);
    if (st)
        return st;
    zg_cell *cells = zg_calloc(ctx, t->ncols + 1, sizeof *cells);
    if (!cells) {
        zg_stage_discard(ctx, &stage);
        return zg_nomem(ctx, "row");
    }
    zg_gdal_begin(ctx);
    zg_libmsg_clear(ctx);
    GDALDriverH drv = GDALGetDriverByName("GeoJSON");
    GDALDatasetH ds = drv ? GDALCreate(drv, stage.mempath, 0, 0, 0,
                                       GDT_Unknown, NULL)
                          : NULL;
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 4326);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    char *lco[] = {"RFC7946=YES", "WRITE_NAME=NO", NULL};
    OGRLayerH lyr = ds ? GDALDatasetCreateLayer(ds, t->name, srs,
                                                wkbUnknown, lco)
                       : NULL;
    OSRDestroySpatialReference(srs);
    if (!lyr)
        st = zg_fail(ctx, ZG_ERR_OUTPUT, "GDAL cannot create GeoJSON: %s "
                     "(%s)", zg_gdal_lastmsg(ctx), path);
    for (size_t i = 0; !st && i < t->ncols; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(t->cols[i].name,
                                          ogr_type(t->cols[i].type));
        if (OGR_L_CreateField(lyr, fd, 1) != OGRERR_NONE)
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "GDAL: %s (%s)",
                         zg_gdal_lastmsg(ctx), path);
        OGR_Fld_Destroy(fd);
    }
    if (!st)
        st = write_rows(ctx, lyr, t, cells);
    if (ds) {
        zg_libmsg_clear(ctx);
        GDALClose(ds);
        if (!st && zg_gdal_lastmsg(ctx)[0])
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "GDAL cannot finish the "
                         "GeoJSON: %s (%s)", zg_gdal_lastmsg(ctx), path);
    }
    zg_gdal_end(ctx);
    zg_free(ctx, cells);
    if (!st)
        st = zg_stage_commit_mem(ctx, &stage);
    zg_stage_discard(ctx, &stage);
    return st;
}

zg_col *zg_layer_cols_new(zg_ctx *ctx, const zg_layer *layer,
                          const zg_col *base, size_t nbase, size_t *ncols)
{
    /* The SpatiaLite writer adds geom and run_id to every table. A column
     * named like SQLite's row id would shadow it, and SpatiaLite's index
     * triggers (NEW.ROWID) would then index the attribute, not the row:
     * CreateSpatialIndex refuses such a table. The last five are the
     * columns overlaps and encroachment add to clusters afterwards: an
     * input field of that name must not be taken for (and overwritten
     * by) them. */
    static const char *const EXTRA[] = {
        "geom", "run_id", "rowid", "oid", "_rowid_", "overlap_count",
        "resid_inside_ha", "resid_new_inside_ha", "nearest_residential_m",
        "nearest_residential_where"};
    size_t nextra = sizeof EXTRA / sizeof EXTRA[0];
    const char **reserved = zg_calloc(ctx, nbase + nextra + 1,
                                      sizeof *reserved);
    if (!reserved)
        return NULL;
    for (size_t i = 0; i < nbase; i++)
        reserved[i] = base[i].name;
    for (size_t i = 0; i < nextra; i++)
        reserved[nbase + i] = EXTRA[i];
    char **names = zg_attr_column_names(ctx, layer,
                                        (const char *const *)reserved);
    zg_free(ctx, reserved);
    if (!names)
        return NULL;
    zg_col *cols = zg_calloc(ctx, nbase + layer->nfields + 1, sizeof *cols);
    if (!cols) {
        zg_free_names(ctx, names, layer->nfields);
        return NULL;
    }
    memcpy(cols, base, nbase * sizeof *cols);
    for (size_t i = 0; i < layer->nfields; i++) {
        cols[nbase + i].name = names[i]; /* ownership moves to cols */
        zg_field_kind k = layer->fields[i].kind;
        cols[nbase + i].type = k == ZG_FIELD_INT    ? ZG_COL_INT
                               : k == ZG_FIELD_REAL ? ZG_COL_REAL
                                                    : ZG_COL_TEXT;
    }
    zg_free(ctx, names);
    *ncols = nbase + layer->nfields;
    return cols;
}

void zg_layer_cols_free(zg_ctx *ctx, zg_col *cols, size_t ncols,
                        size_t nbase)
{
    if (!cols)
        return;
    for (size_t i = nbase; i < ncols; i++)
        zg_free(ctx, (char *)cols[i].name);
    zg_free(ctx, cols);
}

void zg_layer_cells(const zg_layer *layer, const zg_feature *f,
                    zg_cell *cells)
{
    for (size_t j = 0; j < layer->nfields; j++) {
        const zg_value *v = &f->values[j];
        zg_cell *c = &cells[j];
        c->is_null = v->is_null;
        c->i = v->i;
        c->d = v->d;
        c->s = v->s;
    }
}
