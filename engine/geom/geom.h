/* SPDX-License-Identifier: MIT
 *
 * geom.h: the geom module (engine/geom/): GEOS helpers (polygonal parts,
 * repair, WKB, extents) and the spans an overlay cannot cut straight.
 */
#ifndef ZG_GEOM_H
#define ZG_GEOM_H

#include "../core/core.h"

/* ---- geometry helpers -------------------------------------------------- */

/* Collect the polygonal parts of g (a polygon, multipolygon or collection)
 * into a new MultiPolygon or Polygon in *out; *out is NULL when there are
 * none. ZG_ERR_NOMEM on failure. */
zg_status zg_geom_polygonal_parts(zg_ctx *ctx, const GEOSGeometry *g,
                                  GEOSGeometry **out);
/* New MultiPolygon copy of a Polygon or MultiPolygon. */
GEOSGeometry *zg_geom_as_multi(zg_ctx *ctx, const GEOSGeometry *g);

/* Repair an invalid polygonal geometry (GEOS MakeValid, structure; where
 * that is still invalid, the union of its parts): returns a new valid
 * polygonal geometry (possibly empty) and GEOS's reason for the invalidity
 * in *reason (new string, zg_free), or NULL on failure: a GEOS error or a
 * repair still invalid (the message is then in zg_geos_lastmsg) or out of
 * memory (no GEOS message). */
GEOSGeometry *zg_geom_make_valid(zg_ctx *ctx, const GEOSGeometry *g,
                                 char **reason);

/* WKB (little-endian, 2D) of g. Caller frees with GEOSFree_r. */
unsigned char *zg_geom_wkb(zg_ctx *ctx, const GEOSGeometry *g, size_t *len);

/* Envelope (xmin, ymin, xmax, ymax) of n geometries (borrowed), empty
 * ones and NULLs left out; +inf, +inf, -inf, -inf when nothing is left. */
void zg_geoms_extent(zg_ctx *ctx, const GEOSGeometry *const *g, size_t n,
                     double extent[4]);

/* Geometry an overlay cannot cut straight (span.c): a box (xmin, ymin,
 * xmax, ymax) in degrees that crosses the antimeridian or spans more than
 * a TM-3 zone (3°), or one of w_m by h_m metres wider than 3° of the
 * Earth: true, and why in why[cap]. */
bool zg_span_problem_deg(double x0, double y0, double x1, double y1,
                         char *why, size_t cap);
bool zg_span_problem_m(double w_m, double h_m, char *why, size_t cap);

#endif /* ZG_GEOM_H */
