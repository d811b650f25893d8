/* SPDX-License-Identifier: MIT
 *
 * geojson_areas.c: the areas as RFC 7946 GeoJSON, written by GDAL's
 * GeoJSON driver (RFC7946=YES: WGS 84 lon/lat, counter-clockwise exterior
 * rings, 7 decimals, no crs member). Features go out in input order and
 * nothing time-dependent is written, so every run gives the same bytes.
 */
#include "output_int.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <string.h>

static const char *const RESERVED[] = {
    "id", "name", "area_ha", "area_plane_ha", "declared_ha",
    "declared_diff_pct", "repaired", NULL};

static OGRFieldType ogr_type(zg_field_kind k)
{
    return k == ZG_FIELD_INT ? OFTInteger64 : k == ZG_FIELD_REAL ? OFTReal
                                                                 : OFTString;
}

static zg_status write_features(zg_ctx *ctx, OGRLayerH lyr,
                                const zg_layer *layer, const zg_areas *a,
                                char **cols, bool declared)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    for (size_t i = 0; i < layer->n; i++) {
        const zg_feature *f = &layer->feats[i];
        OGRFeatureH of = OGR_F_Create(defn);
        double ha = a->ellipsoidal_m2[i] / 1e4;
        int k = 0;
        OGR_F_SetFieldString(of, k++, f->id);
        OGR_F_SetFieldString(of, k++, f->name);
        OGR_F_SetFieldDouble(of, k++, ha);
        OGR_F_SetFieldDouble(of, k++, a->plane_m2[i] / 1e4);
        if (declared) {
            double d = a->declared_ha[i];
            double p = zg_declared_diff_pct(ha, d);
            if (isnan(d))
                OGR_F_SetFieldNull(of, k);
            else
                OGR_F_SetFieldDouble(of, k, d);
            k++;
            if (isnan(p))
                OGR_F_SetFieldNull(of, k);
            else
                OGR_F_SetFieldDouble(of, k, p);
            k++;
        }
        OGR_F_SetFieldInteger(of, k++, f->repaired ? 1 : 0);
        for (size_t j = 0; j < layer->nfields; j++, k++) {
            const zg_value *v = &f->values[j];
            if (v->is_null)
                OGR_F_SetFieldNull(of, k);
            else if (layer->fields[j].kind == ZG_FIELD_INT)
                OGR_F_SetFieldInteger64(of, k, v->i);
            else if (layer->fields[j].kind == ZG_FIELD_REAL)
                OGR_F_SetFieldDouble(of, k, v->d);
            else
                OGR_F_SetFieldString(of, k, v->s);
        }
        (void)cols;
        size_t len = 0;
        unsigned char *wkb = zg_geom_wkb(ctx, f->geom_ll, &len);
        OGRGeometryH g = NULL;
        if (wkb)
            OGR_G_CreateFromWkbEx(wkb, NULL, &g, len);
        if (wkb)
            GEOSFree_r(ctx->geos, wkb);
        if (!g) {
            OGR_F_Destroy(of);
            return zg_fail(ctx, ZG_ERR_GEOM, "cannot encode the geometry of "
                           "feature %s", f->id);
        }
        OGR_F_SetGeometryDirectly(of, g);
        OGRErr e = OGR_L_CreateFeature(lyr, of);
        OGR_F_Destroy(of);
        if (e != OGRERR_NONE)
            return zg_fail(ctx, ZG_ERR_OUTPUT, "GDAL cannot write feature "
                           "%s: %s", f->id, zg_gdal_lastmsg(ctx));
    }
    return ZG_OK;
}

zg_status zg_write_areas_geojson(zg_ctx *ctx, const char *path,
                                 unsigned flags, const zg_layer *layer,
                                 const zg_areas *a)
{
    zg_stage stage;
    zg_status st = zg_stage_open(ctx, path, flags, "out.geojson", &stage);
    if (st)
        return st;
    bool declared = a->declared_idx >= 0;
    char **cols = zg_attr_column_names(ctx, layer, RESERVED);
    if (!cols) {
        zg_stage_discard(ctx, &stage);
        return zg_nomem(ctx, "column names");
    }
    zg_gdal_begin(ctx);
    zg_libmsg_clear(ctx);
    GDALDriverH drv = GDALGetDriverByName("GeoJSON");
    GDALDatasetH ds = drv ? GDALCreate(drv, stage.tmpfile, 0, 0, 0,
                                       GDT_Unknown, NULL)
                          : NULL;
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 4326);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    char *lco[] = {"RFC7946=YES", "WRITE_NAME=NO", NULL};
    OGRLayerH lyr = ds ? GDALDatasetCreateLayer(ds, "clusters", srs,
                                                wkbUnknown, lco)
                       : NULL;
    OSRDestroySpatialReference(srs);
    if (!lyr)
        st = zg_fail(ctx, ZG_ERR_OUTPUT, "GDAL cannot create GeoJSON: %s "
                     "(%s)", zg_gdal_lastmsg(ctx), path);
    struct { const char *n; OGRFieldType t; } base[] = {
        {"id", OFTString}, {"name", OFTString}, {"area_ha", OFTReal},
        {"area_plane_ha", OFTReal}, {"declared_ha", OFTReal},
        {"declared_diff_pct", OFTReal}, {"repaired", OFTInteger}};
    for (size_t i = 0; !st && i < sizeof base / sizeof base[0]; i++) {
        if (!declared && (i == 4 || i == 5))
            continue;
        OGRFieldDefnH fd = OGR_Fld_Create(base[i].n, base[i].t);
        if (OGR_L_CreateField(lyr, fd, 1) != OGRERR_NONE)
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "GDAL: %s (%s)",
                         zg_gdal_lastmsg(ctx), path);
        OGR_Fld_Destroy(fd);
    }
    for (size_t i = 0; !st && i < layer->nfields; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(cols[i],
                                          ogr_type(layer->fields[i].kind));
        if (OGR_L_CreateField(lyr, fd, 1) != OGRERR_NONE)
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "GDAL: %s (%s)",
                         zg_gdal_lastmsg(ctx), path);
        OGR_Fld_Destroy(fd);
    }
    if (!st)
        st = write_features(ctx, lyr, layer, a, cols, declared);
    if (ds) {
        zg_libmsg_clear(ctx);
        GDALClose(ds);
        if (!st && zg_gdal_lastmsg(ctx)[0])
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "GDAL cannot finish the "
                         "GeoJSON: %s (%s)", zg_gdal_lastmsg(ctx), path);
    }
    zg_gdal_end(ctx);
    zg_free_names(ctx, cols, layer->nfields);
    if (!st)
        st = zg_stage_commit(ctx, &stage);
    zg_stage_discard(ctx, &stage);
    return st;
}
