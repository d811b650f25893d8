/* SPDX-License-Identifier: MIT
 *
 * crs.h: the crs module (engine/crs/): CRS resolution and transformation
 * through PROJ, geodesic and planar areas, and the area meter.
 */
#ifndef ZG_CRS_H
#define ZG_CRS_H

#include "../core/core.h"

/* ---- CRS --------------------------------------------------------------- */

/* A source CRS resolved to something PROJ can transform from. */
typedef struct zg_crs {
    PJ *pj;        /* owned; tied to ctx->pj */
    char *label;   /* "EPSG:5897" or the CRS's name; owned */
    bool geographic;
    char *remap_note; /* non-NULL when a deprecated code was replaced */
} zg_crs;

/* Resolve a CRS from a user string (EPSG:n, WKT, PROJ string). A
 * deprecated EPSG:6956-6959 is read as 5896-5899. */
zg_status zg_crs_from_user(zg_ctx *ctx, const char *text, zg_crs *out);
/* Resolve a CRS from WKT (as GDAL exports a layer's SRS). */
zg_status zg_crs_from_wkt(zg_ctx *ctx, const char *wkt, zg_crs *out);
void zg_crs_clear(zg_ctx *ctx, zg_crs *crs);

/* New transformation from `src` to `dst` with PROJ's default operation,
 * axis order normalised to x=east/longitude, y=north/latitude. Caller
 * destroys with proj_destroy. NULL on failure (message set). */
PJ *zg_crs_transform_new(zg_ctx *ctx, const PJ *src, const PJ *dst);
/* New PJ for WGS 84 (EPSG:4326). */
PJ *zg_crs_wgs84_new(zg_ctx *ctx);

/* A copy of `g` with every vertex transformed by `tr`. NULL on failure;
 * *bad_xy (if given) then holds the first vertex that failed. */
GEOSGeometry *zg_geom_transform(zg_ctx *ctx, const GEOSGeometry *g, PJ *tr,
                                double bad_xy[2]);

/* ---- geodesic area ----------------------------------------------------- */

/* Ellipsoidal area (m²) of a polygonal geometry in lon/lat degrees: for
 * each polygon |shell| - sum |holes|, summed. */
double zg_geodesic_area_m2(zg_ctx *ctx, const GEOSGeometry *g_ll);
/* Sum of the signed areas (counter-clockwise positive) of every ring as it
 * stands, for logging the area of a raw, possibly invalid geometry. */
double zg_geodesic_signed_ring_sum_m2(zg_ctx *ctx, const GEOSGeometry *g_ll);
/* Shoelace area of a polygonal geometry after transforming each vertex
 * with `tr` (NULL: as is), |shell| - sum |holes|. NaN when a vertex fails
 * to transform. */
double zg_planar_area_m2(zg_ctx *ctx, const GEOSGeometry *g, PJ *tr);

/* ---- ellipsoidal areas of many small pieces (area_meter.c) -------------- */

/* Measures polygons of one CRS like zg_geodesic_area_m2 after `to_ll`,
 * through the CRS's areal scale where that is as exact (see area_meter.c)
 * and the full route elsewhere. One per thread: it caches as it goes. */
typedef struct zg_area_meter zg_area_meter;

/* True when `crs` is a projected CRS whose two axes are in metres. */
bool zg_crs_is_metre_plane(zg_ctx *ctx, const PJ *crs);
/* New meter. to_ll (borrowed: it must outlive the meter, and belong to
 * ctx's PROJ context) takes the CRS to WGS 84, lon/lat; extent_m
 * (xmin, ymin, xmax, ymax) bounds the polygons to be measured. When
 * metre_plane is false every polygon takes the full route. NULL when out
 * of memory. Free with zg_area_meter_free. */
zg_area_meter *zg_area_meter_new(zg_ctx *ctx, PJ *to_ll, bool metre_plane,
                                 const double extent_m[4]);
void zg_area_meter_free(zg_ctx *ctx, zg_area_meter *m);
/* Ellipsoidal area (m²) of a polygonal geometry of the meter's CRS; NaN
 * when a vertex cannot be transformed to WGS 84. */
double zg_area_meter_m2(zg_ctx *ctx, zg_area_meter *m, const GEOSGeometry *g);
/* How many polygons took the areal scale and the full route so far. */
void zg_area_meter_counts(const zg_area_meter *m, size_t *fast,
                          size_t *exact);

#endif /* ZG_CRS_H */
