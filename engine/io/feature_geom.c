/* SPDX-License-Identifier: MIT
 *
 * feature_geom.c: one feature's geometry, from what the source holds to a
 * valid 2D polygon in the source CRS and in WGS 84.
 *
 * Order matters and is chosen on purpose:
 *  1. curves are linearised and Z/M dropped by OGR, which knows the types;
 *  2. coordinates are checked against the declared CRS before anything
 *     else, so that metres declared as degrees stop the run with the
 *     feature named instead of producing nonsense areas;
 *  3. validity is judged and repaired in the source CRS, where the rings
 *     were drawn;
 *  4. only then is the geometry transformed to WGS 84 lon/lat.
 */
#include "io_int.h"

#include <cpl_conv.h>
#include <math.h>
#include <string.h>

struct coord_check {
    bool geographic;
    bool bad;
    double x, y;
    const char *why;
};

static int check_coord(double *x, double *y, void *ud)
{
    struct coord_check *c = ud;
    if (c->bad)
        return 1;
    const char *why = NULL;
    if (!isfinite(*x) || !isfinite(*y))
        why = "a coordinate is not a finite number";
    else if (c->geographic && (*y < -90.0 || *y > 90.0))
        why = "latitude beyond ±90°";
    else if (c->geographic && (*x < -540.0 || *x > 540.0))
        why = "longitude beyond ±540°";
    if (why) {
        c->bad = true;
        c->x = *x;
        c->y = *y;
        c->why = why;
    }
    return 1;
}

/* Make an OGR geometry linear, 2D and polygonal where OGR can; returns a
 * new geometry or NULL when the type is not one we read as area. */
static OGRGeometryH linear_polygonal(OGRGeometryH g, zg_geom_notes *notes)
{
    OGRwkbGeometryType t = OGR_G_GetGeometryType(g);
    OGRGeometryH lin;
    if (OGR_GT_IsNonLinear(t)) {
        lin = OGR_G_GetLinearGeometry(g, 0, NULL);
        notes->curved++;
    } else
        lin = OGR_G_Clone(g);
    if (!lin)
        return NULL;
    if (OGR_G_Is3D(lin) || OGR_G_IsMeasured(lin)) {
        notes->z_dropped += OGR_G_Is3D(lin) ? 1 : 0;
        OGR_G_FlattenTo2D(lin);
    }
    OGRwkbGeometryType ft = wkbFlatten(OGR_G_GetGeometryType(lin));
    if (ft == wkbPolyhedralSurface || ft == wkbTIN || ft == wkbTriangle)
        lin = OGR_G_ForceToMultiPolygon(lin);
    return lin;
}

/* A ring of fewer than 4 points (3 distinct) encloses nothing, and GEOS
 * refuses to build it. Shapefiles carry such rings (a digitiser's stray
 * click); drop them from the polygon, count them, keep the rest. */
static int drop_degenerate_rings(OGRGeometryH g)
{
    int dropped = 0;
    OGRwkbGeometryType ft = wkbFlatten(OGR_G_GetGeometryType(g));
    if (ft == wkbPolygon) {
        for (int i = OGR_G_GetGeometryCount(g) - 1; i >= 0; i--) {
            OGRGeometryH ring = OGR_G_GetGeometryRef(g, i);
            if (OGR_G_GetPointCount(ring) < 4 &&
                OGR_G_RemoveGeometry(g, i, TRUE) == OGRERR_NONE)
                dropped++;
        }
    } else if (ft == wkbMultiPolygon || ft == wkbGeometryCollection) {
        for (int i = OGR_G_GetGeometryCount(g) - 1; i >= 0; i--) {
            OGRGeometryH part = OGR_G_GetGeometryRef(g, i);
            dropped += drop_degenerate_rings(part);
            if (wkbFlatten(OGR_G_GetGeometryType(part)) == wkbPolygon &&
                OGR_G_IsEmpty(part))
                OGR_G_RemoveGeometry(g, i, TRUE);
        }
    }
    return dropped;
}

static bool is_areal_type(OGRwkbGeometryType ft)
{
    return ft == wkbPolygon || ft == wkbMultiPolygon ||
           ft == wkbGeometryCollection;
}

zg_status zg_feature_geometry(zg_ctx *ctx, zg_layer *layer, PJ *to_ll,
                              OGRGeometryH g, const char *label,
                              zg_feature *f, zg_geom_outcome *outcome,
                              zg_geom_notes *notes)
{
    GEOSContextHandle_t h = ctx->geos;
    char *where = zg_layer_label(ctx, layer);
    if (!where)
        return zg_nomem(ctx, "layer label");
    zg_status st = ZG_OK;
    GEOSGeometry *raw = NULL, *poly = NULL, *raw_ll = NULL;
    *outcome = ZG_GEOM_OK;

#define SKIP(problem)                                                       \
    do {                                                                    \
        st = zg_qa_add(ctx, &layer->qa, where, label, (problem),            \
                       "skipped", NAN, NAN);                                \
        *outcome = ZG_GEOM_SKIP;                                            \
        goto done;                                                          \
    } while (0)

    if (!g)
        SKIP("NULL geometry");
    if (OGR_G_IsEmpty(g))
        SKIP("empty geometry");
    OGRGeometryH lin = linear_polygonal(g, notes);
    if (!lin)
        SKIP("geometry could not be linearised");
    OGRwkbGeometryType ft = wkbFlatten(OGR_G_GetGeometryType(lin));
    if (!is_areal_type(ft)) {
        char problem[128];
        snprintf(problem, sizeof problem, "not a polygon (%s)",
                 OGRGeometryTypeToName(ft));
        OGR_G_DestroyGeometry(lin);
        SKIP(problem);
    }
    OGR_G_CloseRings(lin);
    int degenerate = drop_degenerate_rings(lin);
    if (degenerate && OGR_G_IsEmpty(lin)) {
        OGR_G_DestroyGeometry(lin);
        SKIP("only rings of fewer than 4 points");
    }
    int wkb_len = OGR_G_WkbSize(lin);
    unsigned char *wkb = CPLMalloc((size_t)wkb_len);
    OGR_G_ExportToIsoWkb(lin, wkbNDR, wkb);
    OGR_G_DestroyGeometry(lin);
    zg_libmsg_clear(ctx);
    raw = GEOSGeomFromWKB_buf_r(h, wkb, (size_t)wkb_len);
    CPLFree(wkb);
    if (!raw) {
        char problem[ZG_LIBMSG_MAX + 64];
        snprintf(problem, sizeof problem, "geometry GEOS cannot read: %s",
                 zg_geos_lastmsg(ctx));
        SKIP(problem);
    }
    if (ft == wkbGeometryCollection) {
        GEOSGeometry *parts = NULL;
        if ((st = zg_geom_polygonal_parts(ctx, raw, &parts)))
            goto done;
        if (!parts)
            SKIP("geometry collection without polygons");
        if (GEOSGetNumGeometries_r(h, parts) != GEOSGetNumGeometries_r(h, raw))
            st = zg_qa_add(ctx, &layer->qa, where, label,
                           "geometry collection with non-polygon parts",
                           "non-polygon parts dropped", NAN, NAN);
        GEOSGeom_destroy_r(h, raw);
        raw = parts;
        if (st)
            goto done;
    }
    if (GEOSisEmpty_r(h, raw) == 1)
        SKIP("empty geometry");
    if (degenerate) {
        char problem[96];
        snprintf(problem, sizeof problem, "%d ring%s of fewer than 4 points",
                 degenerate, degenerate > 1 ? "s" : "");
        f->repaired = true;
        st = zg_qa_add(ctx, &layer->qa, where, label, problem,
                       "ring dropped (it encloses no area)", NAN, NAN);
        if (st)
            goto done;
    }

    /* Coordinates must be possible in the declared CRS. */
    struct coord_check cc = {layer->crs.geographic, false, 0, 0, NULL};
    GEOSGeometry *probe = GEOSGeom_transformXY_r(h, raw, check_coord, &cc);
    if (probe)
        GEOSGeom_destroy_r(h, probe);
    if (cc.bad) {
        st = zg_fail(ctx, ZG_ERR_CRS, "coordinates (%.10g, %.10g) cannot be "
                     "in %s: %s%s (%s, layer %s, feature %s)", cc.x, cc.y,
                     layer->crs.label, cc.why,
                     layer->crs.geographic && isfinite(cc.x)
                         ? " (projected metres declared as degrees?)" : "",
                     layer->path, layer->layer_name, label);
        goto done;
    }
    double bad[2];
    raw_ll = zg_geom_transform(ctx, raw, to_ll, bad);
    if (!raw_ll) {
        st = zg_fail(ctx, ZG_ERR_CRS, "coordinates (%.10g, %.10g) cannot be "
                     "transformed from %s to WGS 84%s%s (%s, layer %s, "
                     "feature %s)", bad[0], bad[1], layer->crs.label,
                     zg_proj_lastmsg(ctx)[0] ? ": " : "",
                     zg_proj_lastmsg(ctx), layer->path, layer->layer_name,
                     label);
        goto done;
    }

    char valid = GEOSisValid_r(h, raw);
    if (valid == 2) {
        st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot test validity: %s (%s, "
                     "layer %s, feature %s)", zg_geos_lastmsg(ctx),
                     layer->path, layer->layer_name, label);
        goto done;
    }
    if (valid == 1) {
        f->geom_src = raw;
        f->geom_ll = raw_ll;
        raw = raw_ll = NULL;
        goto done;
    }

    /* Invalid: repair in the source CRS, log reason and areas. */
    double before_m2 = zg_geodesic_signed_ring_sum_m2(ctx, raw_ll);
    char *reason = NULL;
    zg_libmsg_clear(ctx);
    poly = zg_geom_make_valid(ctx, raw, &reason);
    if (!poly) {
        zg_free(ctx, reason);
        if (!zg_geos_lastmsg(ctx)[0]) {
            st = zg_nomem(ctx, "repair");
            goto done;
        }
        st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS MakeValid failed: %s (%s, "
                     "layer %s, feature %s)", zg_geos_lastmsg(ctx),
                     layer->path, layer->layer_name, label);
        goto done;
    }
    GEOSGeometry *ll = NULL;
    if (GEOSisEmpty_r(h, poly) != 1) {
        ll = zg_geom_transform(ctx, poly, to_ll, bad);
        if (!ll) {
            zg_free(ctx, reason);
            st = zg_fail(ctx, ZG_ERR_CRS, "repaired geometry cannot be "
                         "transformed to WGS 84 (%s, layer %s, feature %s)",
                         layer->path, layer->layer_name, label);
            goto done;
        }
    }
    double after_m2 = ll ? zg_geodesic_area_m2(ctx, ll) : 0.0;
    char problem[512];
    snprintf(problem, sizeof problem, "invalid geometry: %s",
             reason ? reason : "reason unknown");
    zg_free(ctx, reason);
    if (!ll) {
        st = zg_qa_add(ctx, &layer->qa, where, label, problem,
                       "repair left no area: skipped", before_m2, 0.0);
        *outcome = ZG_GEOM_SKIP;
        goto done;
    }
    st = zg_qa_add(ctx, &layer->qa, where, label, problem,
                   "repaired (GEOS MakeValid, structure)", before_m2,
                   after_m2);
    if (st) {
        GEOSGeom_destroy_r(h, ll);
        goto done;
    }
    f->geom_src = poly;
    f->geom_ll = ll;
    f->repaired = true;
    poly = NULL;
#undef SKIP
done:
    if (raw)
        GEOSGeom_destroy_r(h, raw);
    if (raw_ll)
        GEOSGeom_destroy_r(h, raw_ll);
    if (poly)
        GEOSGeom_destroy_r(h, poly);
    zg_free(ctx, where);
    return st;
}
