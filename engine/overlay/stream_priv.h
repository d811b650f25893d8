/* SPDX-License-Identifier: MIT
 *
 * stream_priv.h: what the two halves of the streaming overlay share: the
 * reader (stream_read.c), which alone touches GDAL, and the workers and
 * their orchestration (stream.c). Batches of parcels pass from one to the
 * other through a bounded queue.
 */
#ifndef ZG_STREAM_PRIV_H
#define ZG_STREAM_PRIV_H

#include "overlay.h"

#include <pthread.h>

#define BATCH_ITEMS 256

/* What qa_log says of a parcel with a coordinate that is not a number,
 * found by the reader (its box) or by a worker (GEOS's validity test,
 * whose reason starts with ZG_GEOS_INVALID_COORDINATE). */
#define ZG_NOT_FINITE_WHY "a coordinate is not a finite number"
#define ZG_GEOS_INVALID_COORDINATE "Invalid Coordinate"

typedef struct item {
    uint64_t seq;
    long long fid;
    uint32_t cls;
    uint64_t groups; /* the groups it is a candidate of */
    /* The geometry, as the reader found it: parsed already (the Arrow
     * route parses to test the envelope; owned by the batch until a
     * worker takes it), else WKB in the batch arena. */
    GEOSGeometry *geom;
    size_t off, len;
} item;

typedef struct batch {
    item items[BATCH_ITEMS];
    size_t n;
    unsigned char *arena;
    size_t used, cap;
} batch;

typedef struct worker {
    struct shared *sh;
    zg_ctx *ctx;
    pthread_t thread;
    bool started;
    PJ *to_cut;  /* parcel CRS -> cut CRS, NULL when the same */
    PJ *to_ll;   /* cut CRS -> WGS 84 */
    /* Pieces' areas, through to_ll: one meter per extent (shared.meter_of),
     * since a meter's lattice starts at its zones' corner. */
    zg_area_meter **meters;
    PJ *to_plane; /* distance mode: cut CRS -> plane, NULL when the same */
    GEOSGeometry **dist_to; /* distance mode: own copies */
    double *dmin;
    GEOSGeometry **zones;
    const GEOSPreparedGeometry **prep;
    GEOSSTRtree *tree;
    zg_piece *pieces;
    size_t npieces, cap;
    zg_qa_log qa;
    /* Each row's groups and class (see zg_stream_raw). */
    uint64_t *qa_groups;
    uint32_t *qa_class;
    size_t qtcap;
    size_t *hits;
    size_t nhits, hcap;
    bool hits_oom;
    unsigned char *rel; /* REL_* of each hit */
    size_t rcap;
} worker;

typedef struct shared {
    const zg_stream_opts *o;
    zg_stream_raw *raw; /* groups, zone_groups, stats */
    const char *where;  /* "landuse:parcels" for qa rows */
    const char *source; /* "FILE, layer NAME" for error messages */
    bool metre_plane;      /* the cut CRS is projected, in metres */
    bool src_geographic;   /* the layer's CRS is in degrees */
    bool cut_geographic;   /* the cut CRS is in degrees */
    bool src_metre_plane;  /* the layer's CRS is projected, in metres */
    /* The zones' envelope in the cut CRS, per group: a group's pieces are
     * measured by a meter of its own extent, as its own read measured
     * them. Groups of one extent share a meter (meter_of[g]); groups_of
     * [m] are the groups of meter m. */
    double (*extent_m)[4];
    size_t *meter_of;
    uint64_t *groups_of;
    size_t nmeters;
    /* Per zone, its family when its contents may stop at a zone of it
     * that contains a feature (zg_stream_opts.zone_family, kept only for
     * families of one set of groups, none keeping tiny pieces), else
     * ZG_NO_FAMILY; NULL: none. Owned. */
    uint32_t *family;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    batch **queue;
    size_t qcap, qhead, qlen;
    bool done;  /* reader finished */
    bool abort; /* stop everything */
    /* The failure with the lowest reading order wins, for a deterministic
     * message whatever the thread timing. */
    zg_status err;
    uint64_t err_seq;
    char errmsg[ZG_ERRMSG_MAX];
} shared;

/* Batches (stream.c). A batch owns the geometries of its items until a
 * worker takes them. */
batch *zg_batch_new(zg_ctx *ctx);
void zg_batch_free(zg_ctx *ctx, batch *b);
/* Queue OGR geometry g (borrowed) as ISO WKB. */
zg_status zg_batch_add_wkb(zg_ctx *ctx, batch *b, uint64_t seq,
                           long long fid, uint32_t cls, uint64_t groups,
                           OGRGeometryH g);
/* Queue WKB (len bytes, borrowed: copied) as read. */
zg_status zg_batch_add_bytes(zg_ctx *ctx, batch *b, uint64_t seq,
                             long long fid, uint32_t cls, uint64_t groups,
                             const unsigned char *wkb, size_t len);
/* Queue a GEOS geometry; the batch owns it from here. */
void zg_batch_add_geos(batch *b, uint64_t seq, long long fid, uint32_t cls,
                       uint64_t groups, GEOSGeometry *g);
/* Tag qa_log row n (just added) with its groups and class, in the
 * parallel arrays *gr and *cl. */
zg_status zg_stream_tag_row(zg_ctx *ctx, uint64_t **gr, uint32_t **cl,
                            size_t *cap, size_t n, uint64_t groups,
                            uint32_t cls);
/* Hand a full batch (owned) to the workers, or do it here with one
 * thread; ZG_ERR_INTERNAL when a worker failed (its error is in sh). */
zg_status zg_stream_dispatch(zg_ctx *ctx, shared *sh, worker *ws,
                             int nthreads, batch *b);

/* The reader (stream_read.c): every feature of src's layer once, in
 * order: its code classed and counted in r, the candidates near a zone
 * (etree and grid: the zones' boxes in the layer's CRS, borrowed) sent to
 * the workers in batches; r->features, candidates and no_geometry set.
 * Rows about single features go to qa (the caller's), in reading order. */
zg_status zg_stream_read(zg_ctx *ctx, shared *sh, worker *ws, int nthreads,
                         zg_source *src, int code_idx, GEOSSTRtree *etree,
                         const zg_envelope_grid *grid, zg_stream_result *r,
                         zg_qa_log *qa, uint64_t **qa_groups,
                         uint32_t **qa_class, size_t *qtcap);

#endif
