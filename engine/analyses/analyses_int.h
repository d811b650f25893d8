/* SPDX-License-Identifier: MIT
 *
 * analyses_int.h: the insides of the analysis results, shared by each
 * analysis with its table writer beside it (clusters_table.c,
 * overlaps_table.c) and with the proposal check (check/), which reads the
 * others' results.
 */
#ifndef ZG_ANALYSES_INT_H
#define ZG_ANALYSES_INT_H

#include "../core/zg_int.h"

#define ZG_DEFAULT_PLANE_CRS "EPSG:5897"

struct zg_areas_opts {
    zg_ctx *ctx;
    char *plane_crs;
    char *declared_field;
};

struct zg_areas {
    zg_ctx *ctx;
    size_t n;
    double *ellipsoidal_m2;
    double *plane_m2;
    double *declared_ha; /* NaN when none */
    int declared_idx;    /* field index, -1 when none */
    char *declared_field;
    char *plane_crs; /* label of the plane CRS used */
    zg_qa_log qa;    /* features outside the plane's area of use */
};

struct zg_overlaps_opts {
    zg_ctx *ctx;
    double min_overlap_m2;
};

typedef struct zg_overlap {
    size_t a, b; /* feature indices, id of a before id of b */
    double overlap_m2;
    GEOSGeometry *geom_ll;
    bool sliver;
} zg_overlap;

struct zg_overlaps {
    zg_ctx *ctx;
    const zg_layer *layer;
    double min_overlap_m2;
    zg_overlap *items; /* sorted by (id_a, id_b) */
    size_t n, cap, nslivers;
    double *area_m2;  /* ellipsoidal area of each feature */
    size_t *count;    /* overlaps (not slivers) each feature takes part in */
};

/* Resolve --plane-crs and insist it is projected. */
zg_status zg_plane_crs_resolve(zg_ctx *ctx, const char *text, zg_crs *out);
/* The plane's area of use (west, south, east, north, degrees) in aou;
 * false when PROJ knows none. */
bool zg_plane_area_of_use(zg_ctx *ctx, const zg_crs *plane, double aou[4]);
/* Is g_ll (WGS 84 lon/lat) inside the area of use, with a margin of 1°? */
bool zg_inside_area_of_use(zg_ctx *ctx, const GEOSGeometry *g_ll,
                           const double aou[4]);

/* Internal views of an encroachment result, for the proposal check. */
struct zg_encroach;
size_t zg_encroach_nrings(const struct zg_encroach *en);
size_t zg_encroach_nepochs(const struct zg_encroach *en);
/* Union of housing of a cluster's zone at a date, in the clusters' CRS;
 * NULL when none. Borrowed. */
const GEOSGeometry *zg_encroach_union(const struct zg_encroach *en,
                                      size_t cluster, size_t zone,
                                      size_t epoch);
/* The outermost ring distance (m): how far housing is looked for. */
double zg_encroach_reach_m(const struct zg_encroach *en);
struct zg_encroach_opts;
/* The residential layers are land-use maps whose code field has the
 * default names (ma_ldat, loai_dat, ...) or `code_field` (copied; NULL:
 * the default names); only codes of role residential count. For the
 * proposal check, which reads housing from the land-use layer when it is
 * given no residential layer. */
zg_status zg_encroach_opts_classify(struct zg_encroach_opts *o,
                                    const char *code_field);
/* Does the residential layer of date e hold any feature (of any code)
 * near the clusters and their rings? An empty layer, or one of another
 * place, is no evidence that there is no housing. */
bool zg_encroach_covers(const struct zg_encroach *en, size_t e);
/* Provenance of the residential layer of date e. Borrowed. */
const zg_layer *zg_encroach_source(const struct zg_encroach *en, size_t e);
/* zg_encroach_compute, taking the zones from `planned` (the result made
 * while a run planned its reads, zg_stream_planning; NULL: none) when it
 * holds those of the same clusters, rings and plane, instead of
 * buffering them again: the same geometry, half the zones' work. planned
 * keeps its other parts; the caller still frees it. */
struct zg_input_opts;
zg_status zg_encroach_compute_planned(zg_ctx *ctx, const zg_layer *clusters,
                                      const zg_input_opts *const *residential,
                                      const char *const *epochs,
                                      size_t nepochs,
                                      const struct zg_encroach_opts *o,
                                      struct zg_encroach *planned,
                                      struct zg_encroach **out);
/* Housing added in a zone between date e-1 and e (m²). */
double zg_encroach_added_m2(const struct zg_encroach *en, size_t cluster,
                            size_t zone, size_t epoch);

#endif
