/* SPDX-License-Identifier: MIT
 *
 * overlay.h: the streaming overlay (stream.c, its reader stream_read.c,
 * envelope_grid.c, cuttable.c): a large layer cut by the zones, for the
 * analyses above it (land use, encroachment, free land, the check).
 */
#ifndef ZG_OVERLAY_H
#define ZG_OVERLAY_H

#include "../io/io_int.h"
#include "../codes/codes.h"

#include <stdint.h>

/* One piece of a streamed feature inside one zone. */
typedef struct zg_piece {
    uint64_t seq;     /* reading order of the feature in its layer */
    long long fid;
    uint32_t zone;
    uint32_t cls;     /* index into zg_stream_result.classes */
    int64_t area_um2; /* ellipsoidal area, µm² (exact, order-free sums) */
    bool tiny;        /* under ZG_PIECE_MIN_M2: kept only on request */
    /* In a shared read (pass.c): the groups whose view holds the piece
     * (bit g for group g); 1 in a read of one group. */
    uint64_t groups;
    /* The piece in the cut CRS, when kept; owned by the result (freed by
     * zg_stream_result_clear). A GEOS geometry, not its WKB: writing and
     * reading back WKB was a tenth of the workers' time. GEOS objects are
     * not tied to the context that made them; they pass from a worker to
     * the reader's thread once the worker has been joined. */
    GEOSGeometry *geom;
} zg_piece;

typedef struct zg_stream_opts {
    const zg_input_opts *input; /* the large layer */
    bool classify;              /* read a code field */
    const char *code_field;     /* NULL: the default names */
    /* Keep only features whose (normalised) code passes; NULL keeps all. */
    bool (*keep_class)(const char *code, void *ud);
    void *keep_ud;
    int threads;
    const zg_crs *cut_crs;            /* the zones' CRS, where pieces are cut */
    const GEOSGeometry *const *zones; /* in cut_crs, borrowed */
    size_t nzones;
    bool keep_geometry; /* keep each piece's WKB */
    /* Do not warn when no feature lies near any zone (a second, targeted
     * read, whose emptiness is an answer, not a symptom). */
    bool quiet_when_empty;
    /* Also look for features of the classes not kept near the zones
     * (near_dropped): does the layer say anything about them at all? */
    bool count_near_dropped;
    /* Keep pieces under ZG_PIECE_MIN_M2 too, flagged `tiny` (the land-use
     * overlap proof needs every edge; the areas leave them out). */
    bool keep_tiny_pieces;
    /* Distance mode: no pieces; for each zone z, the least distance from
     * dist_to[z] (in the plane CRS, borrowed) to any feature that meets
     * zone z's envelope, the feature taken to the plane by cut_to_plane
     * (NULL: the cut CRS is the plane). Results in dmin. */
    const GEOSGeometry *const *dist_to;
    const PJ *cut_to_plane;
    double progress_lo, progress_hi;
    /* Per zone, its family (NULL or ZG_NO_FAMILY: none): the zones of one
     * family do not overlap (a cluster and its rings), so a feature that
     * one of them contains meets the others in a sliver at most, under
     * ZG_PIECE_MIN_M2: they are neither tested nor cut (when no reader of
     * them keeps tiny pieces). Borrowed. */
    const uint32_t *zone_family;
} zg_stream_opts;

#define ZG_NO_FAMILY UINT32_MAX

typedef struct zg_stream_result {
    zg_layer *source; /* the layer's provenance and QA; no features */
    char *code_field;
    char **classes; /* codes in order of first appearance */
    size_t nclasses, ccap;
    size_t *class_count; /* features per class, in the whole layer */
    size_t cntcap;
    zg_piece *pieces; /* sorted by (zone, seq) */
    size_t npieces;
    uint64_t features;   /* read */
    size_t candidates;   /* passed the envelope test */
    /* Features of a class the stream did not keep whose box meets a
     * zone's: with count_near_dropped, counted until the first is found
     * (0 or 1; enough to tell that the layer covers the zones at all). */
    size_t near_dropped;
    size_t no_geometry;  /* skipped: no polygon */
    size_t codes_undoubled; /* codes that were doubly encoded UTF-8 */
    size_t codes_lossy;     /* codes with undecodable bytes */
    size_t codes_nul;       /* codes with a NUL inside, read up to it */
    double *dmin; /* distance mode: per zone, INFINITY when none */
    /* The pieces' geometries are a shared read's (pass.c), lent to a
     * reader that is not its last: read them, never free or keep them;
     * the read frees them, or gives them to its last reader, once every
     * reader had its view (so a lent view must be cleared before the
     * read's last reader asks). Copying them was a tenth of the main
     * thread's time in `run` on the medium bench scene. */
    bool geoms_lent;
} zg_stream_result;

/* A grid of cells over the zones' boxes, each marked when a box overlaps
 * it: the reader's first test of a parcel (envelope_grid.c). */
typedef struct zg_envelope_grid {
    bool ready; /* false: may_hit always says yes */
    double x0, y0, x1, y1, cell_w, cell_h;
    size_t nx, ny;
    unsigned char *marked; /* nx * ny; owned */
    /* The boxes overlapping cell c: zone[start[c] .. start[c + 1]), as
     * indices into box (a copy of the boxes); owned. */
    uint32_t *start, *zone;
    double (*box)[4];
} zg_envelope_grid;

/* Build the grid of n boxes (xmin, ymin, xmax, ymax; borrowed). */
zg_status zg_envelope_grid_build(zg_ctx *ctx, const double (*boxes)[4],
                                 size_t n, zg_envelope_grid *eg);
/* False only when the box (x0, y0)-(x1, y1) overlaps none of the boxes. */
bool zg_envelope_grid_may_hit(const zg_envelope_grid *eg, double x0,
                              double y0, double x1, double y1);
/* The boxes the box (x0, y0)-(x1, y1) overlaps (edges touching count, as
 * GEOS's envelopes have it), exactly: *groups is the union of
 * zone_groups[z] over them. False when the grid cannot tell (no grid, a
 * box over too many cells or not finite): ask the STRtree. */
bool zg_envelope_grid_hits(const zg_envelope_grid *eg, double x0, double y0,
                           double x1, double y1, const uint64_t *zone_groups,
                           uint64_t *groups);
void zg_envelope_grid_clear(zg_ctx *ctx, zg_envelope_grid *eg);

/* Read o->input and cut it against o->zones: the result a reader asking
 * `o` gets. Inside a run that planned its reads (pass.c), the answer is
 * taken from the shared read of the layer, the same to the byte. */
zg_status zg_stream_overlay(zg_ctx *ctx, const zg_stream_opts *o,
                            zg_stream_result *r);
void zg_stream_result_clear(zg_ctx *ctx, zg_stream_result *r);

/* ---- one read for several readers (stream_view.c, pass.c) ---------------
 * A read of one layer may serve several groups of readers, each with its
 * own zones among the read's (deduplicated: a zone several groups ask for
 * is cut once). The read keeps every class; each reader's view applies
 * its own class filter, keeps what it asked (tiny pieces, geometry) and
 * gets the counters and qa_log rows its own read would have given. */
#define ZG_STREAM_MAX_GROUPS 64

typedef struct zg_stream_group {
    uint32_t *zones; /* indices into the read's zones, in the group's
                        order; owned by whoever made the group */
    size_t nzones;
    bool keep_geometry;    /* some reader of the group keeps it */
    bool keep_tiny_pieces; /* some reader of the group keeps them */
} zg_stream_group;

/* What a group saw of one class of features. */
typedef struct zg_stream_stat {
    size_t candidates;
    size_t no_geometry;       /* candidates without polygon */
    uint64_t first_candidate; /* reading order; UINT64_MAX: none */
    uint64_t first_near;      /* first feature whose box meets a zone's */
} zg_stream_stat;

/* A read with its groups: every piece (zone = the read's zone index,
 * groups = who keeps it), every qa_log row tagged with its groups and
 * class, and the per-group, per-class counts views are made of. */
typedef struct zg_stream_raw {
    zg_stream_result r;
    const zg_stream_group *groups; /* borrowed */
    size_t ngroups;
    uint64_t *zone_groups; /* per zone of the read: groups holding it */
    size_t nzones;
    zg_stream_stat *stat; /* [class * ngroups + group] */
    size_t stat_classes, statcap;
    size_t *no_geometry; /* per class: features without polygon (all) */
    size_t ngcap;
    size_t qa_base;      /* source->qa rows before the read: for every view */
    uint64_t *qa_groups; /* per row from qa_base */
    uint32_t *qa_class;  /* per row from qa_base; UINT32_MAX: every class */
    size_t names_undoubled, names_lossy, nfields;
} zg_stream_raw;

#define ZG_STREAM_ALL_CLASSES UINT32_MAX

/* Read o->input once for ngroups groups (o->zones: every zone of the
 * read; o->keep_class, when set, filters in the reader: only when every
 * view asks that filter). groups are borrowed until *raw is cleared;
 * *raw is the caller's to clear (zg_stream_raw_clear), also on failure. */
zg_status zg_stream_read_groups(zg_ctx *ctx, const zg_stream_opts *o,
                                const zg_stream_group *groups,
                                size_t ngroups, zg_stream_raw *raw);
/* The result a reader asking `as` (its zones: group g's) would have had
 * from its own read, into *out (new: zg_stream_result_clear, also on
 * failure). Pieces' geometries are moved out of raw when `last` (no
 * other reader will ask for them), else copied. */
zg_status zg_stream_view(zg_ctx *ctx, zg_stream_raw *raw, size_t g,
                         const zg_stream_opts *as, bool last,
                         zg_stream_result *out);
void zg_stream_raw_clear(zg_ctx *ctx, zg_stream_raw *raw);

/* The layer a read's result names (*out: new, owned by the result, also
 * on failure): in's role and path, the rest filled as the read goes; a
 * planned read (pass.c) gives it as it is. */
zg_status zg_stream_source_new(zg_ctx *ctx, const zg_input_opts *in,
                               zg_layer **out);

/* The pass of a run (pass.c): see there. */
typedef struct zg_pass zg_pass;

/* Per zone z < nzones, the index of its first piece in sr (sorted by
 * zone); at[nzones] = sr->npieces. New array (zg_free). */
zg_status zg_stream_zone_starts(zg_ctx *ctx, const zg_stream_result *sr,
                                size_t nzones, size_t **at);

/* Union (polygonal parts, zones' CRS) of pieces [first, last) whose code
 * passes `want` (NULL: all); *out is NULL when none. */
zg_status zg_stream_union(zg_ctx *ctx, const zg_stream_result *sr,
                          size_t first, size_t last,
                          bool (*want)(const char *code, void *ud), void *ud,
                          GEOSGeometry **out);
/* The same, of the pieces i in [first, last) that keep(sr, i, ud) keeps
 * (NULL: all). */
zg_status zg_stream_union_where(zg_ctx *ctx, const zg_stream_result *sr,
                                size_t first, size_t last,
                                bool (*keep)(const zg_stream_result *sr,
                                             size_t i, void *ud),
                                void *ud, GEOSGeometry **out);

/* ZG_ERR_GEOM, naming the file, layer and feature, when a feature of l
 * spans what an overlay cannot cut (zg_span_problem_deg, in its own
 * degrees or in WGS 84's): for the layers whose features an overlay cuts
 * (clusters, proposals, parks). */
zg_status zg_layer_check_cuttable(zg_ctx *ctx, const zg_layer *l);

#endif
