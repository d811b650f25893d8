/* SPDX-License-Identifier: MIT
 *
 * geom_util.c: small GEOS helpers shared by ingest and the analyses:
 * keeping the polygonal parts of a geometry, promoting to MultiPolygon,
 * repairing with MakeValid, and WKB export.
 */
#include "geom.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Append clones of the polygons of g to parts[]; returns false on OOM. */
static bool collect_polygons(zg_ctx *ctx, const GEOSGeometry *g,
                             GEOSGeometry ***parts, size_t *n, size_t *cap)
{
    int type = GEOSGeomTypeId_r(ctx->geos, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(ctx->geos, g) == 1)
            return true;
        if (zg_grow(ctx, (void **)parts, cap, *n + 1, sizeof **parts))
            return false;
        GEOSGeometry *c = GEOSGeom_clone_r(ctx->geos, g);
        if (!c)
            return false;
        (*parts)[(*n)++] = c;
        return true;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int k = GEOSGetNumGeometries_r(ctx->geos, g);
        for (int i = 0; i < k; i++)
            if (!collect_polygons(ctx, GEOSGetGeometryN_r(ctx->geos, g, i),
                                  parts, n, cap))
                return false;
    }
    return true;
}

zg_status zg_geom_polygonal_parts(zg_ctx *ctx, const GEOSGeometry *g,
                                  GEOSGeometry **out)
{
    GEOSGeometry **parts = NULL;
    size_t n = 0, cap = 0;
    *out = NULL;
    bool ok = collect_polygons(ctx, g, &parts, &n, &cap);
    if (!ok || n == 0) {
        for (size_t i = 0; i < n; i++)
            GEOSGeom_destroy_r(ctx->geos, parts[i]);
        zg_free(ctx, parts);
        return ok ? ZG_OK : zg_nomem(ctx, "polygon parts");
    }
    GEOSGeometry *r;
    if (n == 1) {
        r = parts[0];
    } else {
        /* GEOS takes ownership of the parts, not of the array. */
        r = GEOSGeom_createCollection_r(ctx->geos, GEOS_MULTIPOLYGON, parts,
                                        (unsigned int)n);
        if (!r)
            for (size_t i = 0; i < n; i++)
                GEOSGeom_destroy_r(ctx->geos, parts[i]);
    }
    zg_free(ctx, parts);
    *out = r;
    return r ? ZG_OK : zg_nomem(ctx, "polygon parts");
}

GEOSGeometry *zg_geom_as_multi(zg_ctx *ctx, const GEOSGeometry *g)
{
    if (GEOSGeomTypeId_r(ctx->geos, g) == GEOS_MULTIPOLYGON)
        return GEOSGeom_clone_r(ctx->geos, g);
    GEOSGeometry *c = GEOSGeom_clone_r(ctx->geos, g);
    if (!c)
        return NULL;
    GEOSGeometry *parts[1] = {c};
    GEOSGeometry *m =
        GEOSGeom_createCollection_r(ctx->geos, GEOS_MULTIPOLYGON, parts, 1);
    if (!m)
        GEOSGeom_destroy_r(ctx->geos, c);
    return m;
}

GEOSGeometry *zg_geom_make_valid(zg_ctx *ctx, const GEOSGeometry *g,
                                 char **reason)
{
    *reason = NULL;
    char *why = GEOSisValidReason_r(ctx->geos, g);
    if (why) {
        *reason = zg_strdup(ctx, why);
        GEOSFree_r(ctx->geos, why);
        if (!*reason)
            return NULL;
    }
    GEOSMakeValidParams *p = GEOSMakeValidParams_create_r(ctx->geos);
    if (!p)
        return NULL;
    /* The structure method keeps areas as the rings describe them (a
     * bow-tie becomes its two lobes) and, with keepCollapsed off, drops
     * the lines and points a collapse would leave: we want only area. */
    GEOSMakeValidParams_setMethod_r(ctx->geos, p, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(ctx->geos, p, 0);
    GEOSGeometry *v = GEOSMakeValidWithParams_r(ctx->geos, g, p);
    GEOSMakeValidParams_destroy_r(ctx->geos, p);
    if (!v)
        return NULL;
    GEOSGeometry *poly = NULL;
    zg_status st = zg_geom_polygonal_parts(ctx, v, &poly);
    GEOSGeom_destroy_r(ctx->geos, v);
    if (st)
        return NULL;
    if (!poly)
        poly = GEOSGeom_createEmptyPolygon_r(ctx->geos);
    if (poly && GEOSisValid_r(ctx->geos, poly) != 1) {
        /* GEOS 3.11's structure method can leave parts that cross along
         * a hair-thin sliver (fuzz_geojson found a ring with two spikes
         * whose repair was still invalid). The union of the parts covers
         * the same area and is valid. */
        GEOSGeometry *u = GEOSUnaryUnion_r(ctx->geos, poly);
        GEOSGeometry *up = NULL;
        if (u && !zg_geom_polygonal_parts(ctx, u, &up) && up &&
            GEOSisValid_r(ctx->geos, up) == 1) {
            GEOSGeom_destroy_r(ctx->geos, poly);
            poly = up;
            up = NULL;
        }
        if (up)
            GEOSGeom_destroy_r(ctx->geos, up);
        if (u)
            GEOSGeom_destroy_r(ctx->geos, u);
    }
    if (poly && GEOSisValid_r(ctx->geos, poly) != 1) {
        /* Never hand on what is still invalid: say we cannot repair it,
         * and why, where the caller looks for GEOS's word. */
        char *still = GEOSisValidReason_r(ctx->geos, poly);
        snprintf(ctx->geos_msg, sizeof ctx->geos_msg, "the repaired "
                 "geometry is still invalid (%s)", still ? still : "?");
        if (still)
            GEOSFree_r(ctx->geos, still);
        GEOSGeom_destroy_r(ctx->geos, poly);
        poly = NULL;
    }
    return poly;
}

unsigned char *zg_geom_wkb(zg_ctx *ctx, const GEOSGeometry *g, size_t *len)
{
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(ctx->geos);
    if (!w)
        return NULL;
    GEOSWKBWriter_setOutputDimension_r(ctx->geos, w, 2);
    GEOSWKBWriter_setByteOrder_r(ctx->geos, w, GEOS_WKB_NDR);
    unsigned char *b = GEOSWKBWriter_write_r(ctx->geos, w, g, len);
    GEOSWKBWriter_destroy_r(ctx->geos, w);
    return b;
}

void zg_geoms_extent(zg_ctx *ctx, const GEOSGeometry *const *g, size_t n,
                     double extent[4])
{
    extent[0] = extent[1] = INFINITY;
    extent[2] = extent[3] = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double x0, y0, x1, y1;
        if (!g[i] || GEOSisEmpty_r(ctx->geos, g[i]) != 0 ||
            !GEOSGeom_getXMin_r(ctx->geos, g[i], &x0) ||
            !GEOSGeom_getYMin_r(ctx->geos, g[i], &y0) ||
            !GEOSGeom_getXMax_r(ctx->geos, g[i], &x1) ||
            !GEOSGeom_getYMax_r(ctx->geos, g[i], &y1))
            continue;
        extent[0] = fmin(extent[0], x0);
        extent[1] = fmin(extent[1], y0);
        extent[2] = fmax(extent[2], x1);
        extent[3] = fmax(extent[3], y1);
    }
}
