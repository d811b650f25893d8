/* SPDX-License-Identifier: MIT
 *
 * encroach_int.h: a zone's housing as groups of touching pieces, and the
 * change between two dates without overlay (encroach_groups.c), for the
 * encroachment analysis (encroach.c).
 */
#ifndef ZG_ENCROACH_INT_H
#define ZG_ENCROACH_INT_H

#include "../overlay/overlay.h"

/* The pieces of one zone at one date, in groups: two pieces that touch
 * or overlap are in one group. Groups are disjoint (no shared point). */
typedef struct zg_groups {
    size_t n;            /* groups, in the order of their first piece */
    size_t *piece;       /* indices into the date's pieces, group by group */
    size_t *start;       /* group g: piece[start[g] .. start[g + 1]); n + 1 */
    GEOSGeometry **geom; /* group g's union, the pieces' CRS; owned */
} zg_groups;

/* Group pieces [first, last) of sr (one zone's); *out owned by the caller
 * (zg_groups_clear). The geometry of a piece that is a group alone is
 * taken (NULL in sr after) when sr owns it (not geoms_lent): read the
 * pieces' geometries before, not after. */
zg_status zg_groups_build(zg_ctx *ctx, zg_stream_result *sr, size_t first,
                          size_t last, zg_groups *out);
void zg_groups_clear(zg_ctx *ctx, zg_groups *g);

/* The union of all groups (their polygons, a Polygon or MultiPolygon);
 * *out NULL when none; owned by the caller. Takes the groups' geometries
 * that are Polygons (g->geom[k] NULL after): clear g after. */
zg_status zg_groups_union(zg_ctx *ctx, zg_groups *g, GEOSGeometry **out);

/* a - b, of two zones' housing (polygonal, the pieces' CRS; NULL: none),
 * when no overlay is needed: each polygon of a is one of b's, vertex for
 * vertex, or meets none of them. *whole (NULL when a is NULL, owned by the
 * caller otherwise) gets the indices, in order, of a's polygons that meet
 * none of b's, *nwhole their number: a - b is their collection, and the
 * caller, who has them in lon/lat already, need not cut nor transform.
 * When some polygon of a meets one of b's that it is not, *overlay is set
 * and *whole NULL: the caller takes the overlay. With twin (one per
 * polygon of a, or NULL), twin[k] is the index of the polygon of b that
 * polygon k of a is, vertex for vertex, or -1. */
zg_status zg_housing_minus(zg_ctx *ctx, const GEOSGeometry *a,
                           const GEOSGeometry *b, int **whole,
                           size_t *nwhole, bool *overlay, long *twin);

#endif
