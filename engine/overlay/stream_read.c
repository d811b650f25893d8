/* SPDX-License-Identifier: MIT
 *
 * stream_read.c: the reader of the streaming overlay (stream.c). One
 * thread reads the large layer once, in order: each feature's code is
 * classed, its envelope tested against the zones' boxes (a grid, then an
 * STRtree) before any GEOS work, and the candidates go to the workers in
 * batches. A GeoPackage is read through GDAL's Arrow reader
 * (arrow_rows.c), other sources feature by feature; both routes hand the
 * workers the same geometries.
 */
#include "stream_priv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

struct env_hit {
    const uint64_t *zone_groups;
    uint64_t groups;
};

static void env_hit(void *it, void *ud)
{
    struct env_hit *e = ud;
    e->groups |= e->zone_groups[(size_t)(uintptr_t)it - 1];
}

/* Index of the code of this feature among the classes met so far,
 * adding it when new. */
static zg_status class_of(zg_ctx *ctx, zg_stream_result *r, const char *raw,
                          uint32_t *cls)
{
    char code[64];
    zg_code_normalise(raw ? raw : "", code, sizeof code);
    /* Few distinct codes: the last one met is the likeliest. */
    static __thread size_t last;
    if (last < r->nclasses && strcmp(r->classes[last], code) == 0) {
        *cls = (uint32_t)last;
        return ZG_OK;
    }
    for (size_t i = 0; i < r->nclasses; i++)
        if (strcmp(r->classes[i], code) == 0) {
            *cls = (uint32_t)(last = i);
            return ZG_OK;
        }
    zg_status st = zg_grow(ctx, (void **)&r->classes, &r->ccap,
                           r->nclasses + 1, sizeof *r->classes);
    if (!st)
        st = zg_grow(ctx, (void **)&r->class_count, &r->cntcap,
                     r->nclasses + 1, sizeof *r->class_count);
    if (st)
        return st;
    r->classes[r->nclasses] = zg_strdup(ctx, code);
    if (!r->classes[r->nclasses])
        return zg_nomem(ctx, "class");
    r->class_count[r->nclasses] = 0;
    *cls = (uint32_t)(last = r->nclasses++);
    return ZG_OK;
}

/* The class of a code as the source stores it (NUL-terminated), decoded
 * as the source's text is. Codes are nearly always ASCII, which needs no
 * copy. */
static zg_status code_class(zg_ctx *ctx, zg_stream_result *r,
                            const zg_source *src, const char *raw,
                            uint32_t *cls)
{
    bool ascii = true;
    for (const unsigned char *p = (const unsigned char *)raw; *p && ascii;
         p++)
        ascii = *p >= 0x20 && *p < 0x7F;
    if (ascii)
        return class_of(ctx, r, raw, cls);
    zg_text_fix fix;
    char *code = zg_text_decode(ctx, &src->dec, raw, &fix);
    if (!code)
        return ZG_ERR_NOMEM; /* message set by the decoder */
    if (fix == ZG_FIX_UNDOUBLED)
        r->codes_undoubled++;
    if (fix == ZG_FIX_LOSSY)
        r->codes_lossy++;
    zg_status st = class_of(ctx, r, code, cls);
    zg_free(ctx, code);
    return st;
}

/* What the reader carries from feature to feature. */
typedef struct reader {
    zg_ctx *ctx;
    shared *sh;
    worker *ws;
    int nthreads;
    const zg_source *src;
    int code_idx;
    GEOSSTRtree *etree;
    const zg_envelope_grid *grid;
    zg_stream_result *r;
    batch *b;            /* being filled; NULL when none */
    size_t no_geom;
    GIntBig total;       /* features in the layer, for progress; -1 unknown */
    char *text;          /* the Arrow route's code, NUL-terminated */
    size_t text_cap;
    zg_qa_log *qa;       /* the reader's own rows, merged in reading order */
    uint64_t **qa_groups; /* the rows' tags (zg_stream_tag_row) */
    uint32_t **qa_class;
    size_t *qtcap;
    uint64_t all;  /* every group */
    /* Groups for which a feature the reader does not keep may still say
     * that the layer covers them: no candidate, no such feature yet. */
    uint64_t open;
} reader;

/* Tag the reader's last row. */
static zg_status tag(reader *rd, uint64_t groups, uint32_t cls)
{
    return zg_stream_tag_row(rd->ctx, rd->qa_groups, rd->qa_class, rd->qtcap,
                             rd->qa->n - 1, groups, cls);
}

/* The counts of class cls, made when the class is new. */
static zg_status grow_stats(reader *rd, uint32_t cls)
{
    zg_stream_raw *raw = rd->sh->raw;
    size_t need = (size_t)cls + 1, ng = raw->ngroups;
    if (need <= raw->stat_classes)
        return ZG_OK;
    zg_status st = zg_grow(rd->ctx, (void **)&raw->stat, &raw->statcap,
                           need * ng, sizeof *raw->stat);
    if (!st)
        st = zg_grow(rd->ctx, (void **)&raw->no_geometry, &raw->ngcap, need,
                     sizeof *raw->no_geometry);
    if (st)
        return st;
    for (size_t c = raw->stat_classes; c < need; c++) {
        raw->no_geometry[c] = 0;
        for (size_t g = 0; g < ng; g++)
            raw->stat[c * ng + g] = (zg_stream_stat){0, 0, UINT64_MAX,
                                                     UINT64_MAX};
    }
    raw->stat_classes = need;
    return ZG_OK;
}

static zg_stream_stat *stat_of(reader *rd, uint32_t cls, size_t g)
{
    return &rd->sh->raw->stat[(size_t)cls * rd->sh->raw->ngroups + g];
}

/* Feature `my` of class cls lies near the zones of `groups`. */
static void saw_near(reader *rd, uint32_t cls, uint64_t groups, uint64_t my)
{
    for (size_t g = 0; groups && g < rd->sh->raw->ngroups; g++)
        if (groups >> g & 1) {
            zg_stream_stat *s = stat_of(rd, cls, g);
            if (s->first_near == UINT64_MAX)
                s->first_near = my;
        }
}

/* Feature `my` of class cls is a candidate of `groups`. */
static void saw_candidate(reader *rd, uint32_t cls, uint64_t groups,
                          uint64_t my)
{
    rd->r->candidates++;
    rd->open &= ~groups;
    for (size_t g = 0; g < rd->sh->raw->ngroups; g++)
        if (groups >> g & 1) {
            zg_stream_stat *s = stat_of(rd, cls, g);
            if (s->first_candidate == UINT64_MAX)
                s->first_candidate = my;
            s->candidates++;
        }
}

/* A qa_log row of the reader's about feature fid, in reading order. Two
 * kinds: a geometry GDAL could not read (the feature is skipped, counted
 * nowhere, so its land goes to NONE: never silently), and GDAL failing on
 * something else of a feature it still read whole. */
static zg_status log_feature(reader *rd, uint64_t my, long long fid,
                             bool unreadable, const char *why,
                             uint64_t groups, uint32_t cls)
{
    char label[32], problem[ZG_LIBMSG_MAX + 64];
    snprintf(label, sizeof label, "%lld", fid);
    snprintf(problem, sizeof problem, "%s%s",
             unreadable ? "geometry GDAL cannot read: " : "GDAL: ", why);
    zg_status st = zg_qa_add(rd->ctx, rd->qa, rd->sh->where, label, problem,
                             unreadable ? "skipped: its land is counted as "
                                          "NONE"
                                        : "read as GDAL gave it",
                             NAN, NAN);
    if (!st)
        rd->qa->rows[rd->qa->n - 1].order = my;
    if (!st)
        st = tag(rd, groups, cls);
    return st;
}

/* A box with a coordinate that is not a finite number: GDAL read the
 * geometry, but no area can be had from it, and the index would find it
 * near nothing. Logged as unreadable: skipped, its land counted as NONE,
 * never silently. */
static bool box_unreadable(double x0, double y0, double x1, double y1)
{
    return !isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1);
}

/* A qa_log row of the reader's: feature fid is skipped (its land goes to
 * NONE) because of `why`. */
static zg_status skip_feature(reader *rd, uint64_t my, long long fid,
                              const char *why, uint64_t groups, uint32_t cls)
{
    char label[32];
    snprintf(label, sizeof label, "%lld", fid);
    zg_status st = zg_qa_add(rd->ctx, rd->qa, rd->sh->where, label, why,
                             "skipped: its land is counted as NONE", NAN,
                             NAN);
    if (!st)
        rd->qa->rows[rd->qa->n - 1].order = my;
    if (!st)
        st = tag(rd, groups, cls);
    return st;
}

/* Beyond this, in any projected CRS's unit, a coordinate is on no Earth
 * (a million km in metres). */
#define ZG_NO_EARTH_PROJECTED 1e9

/* A box with coordinates no Earth has (±1e300°): as a box that is not a
 * number, no area can be had from it; PROJ and GEOS would make noise of
 * it. True, and why, in the layer's CRS. */
static bool box_off_earth(const reader *rd, double x0, double y0, double x1,
                          double y1, char *why, size_t cap)
{
    const char *what = NULL;
    if (rd->sh->src_geographic) {
        if (y0 < -90 || y1 > 90)
            what = "a latitude beyond ±90°";
        else if (x0 < -540 || x1 > 540)
            what = "a longitude beyond ±540°";
    } else if (fmax(fmax(fabs(x0), fabs(x1)), fmax(fabs(y0), fabs(y1))) >
               ZG_NO_EARTH_PROJECTED) {
        what = "a coordinate beyond 1e9 (a million km in metres)";
    }
    if (!what)
        return false;
    snprintf(why, cap, "coordinates no Earth has: %s (box %.10g %.10g, "
             "%.10g %.10g)", what, x0, y0, x1, y1);
    return true;
}

/* A feature near a zone that the overlay cannot cut straight (span.c):
 * true, and why. Judged in the layer's CRS: in degrees, or in metres;
 * a CRS in other units is not judged. */
static bool box_uncuttable(const reader *rd, double x0, double y0,
                           double x1, double y1, char *why, size_t cap)
{
    if (rd->sh->src_geographic)
        return zg_span_problem_deg(x0, y0, x1, y1, why, cap);
    if (rd->sh->src_metre_plane)
        return zg_span_problem_m(x1 - x0, y1 - y0, why, cap);
    return false;
}

/* The class of a feature from its raw code (NULL: no value), counted;
 * *keep: the stream wants features of this class. */
static zg_status take_class(reader *rd, const char *raw, uint32_t *cls,
                            bool *keep)
{
    *cls = 0;
    *keep = true;
    if (rd->code_idx < 0)
        return ZG_OK;
    zg_status st = code_class(rd->ctx, rd->r, rd->src, raw ? raw : "", cls);
    if (!st)
        st = grow_stats(rd, *cls);
    if (st)
        return st;
    rd->r->class_count[*cls]++;
    const zg_stream_opts *o = rd->sh->o;
    *keep = !o->keep_class || o->keep_class(rd->r->classes[*cls], o->keep_ud);
    return ZG_OK;
}

/* Does the box meet a zone's box? The grid answers most parcels; the
 * STRtree the rest, asked with `g` (GEOS, whose envelope is the box) when
 * the caller has it, else with a rectangle made for the purpose (a fifth
 * of the Arrow route's time, when made for every parcel). */
static zg_status near_zone(reader *rd, const GEOSGeometry *g, double x0,
                           double y0, double x1, double y1, uint64_t *near)
{
    *near = 0;
    if (!zg_envelope_grid_may_hit(rd->grid, x0, y0, x1, y1))
        return ZG_OK;
    GEOSContextHandle_t h = rd->ctx->geos;
    GEOSGeometry *q = g ? NULL
                        : GEOSGeom_createRectangle_r(h, x0, y0, x1, y1);
    if (!g && !q)
        return zg_nomem(rd->ctx, "envelope");
    struct env_hit eh = {rd->sh->raw->zone_groups, 0};
    GEOSSTRtree_query_r(h, rd->etree, g ? g : q, env_hit, &eh);
    if (q)
        GEOSGeom_destroy_r(h, q);
    *near = eh.groups;
    return ZG_OK;
}

/* A feature of a class the stream does not keep (OGR geometry g,
 * borrowed): when asked, and until one is found, note whether its box
 * meets a zone's, so that a layer holding only other classes near the
 * zones is told from one that holds nothing there. */
static zg_status note_dropped(reader *rd, uint64_t my, uint32_t cls,
                              OGRGeometryH g)
{
    if (!rd->open || !g || OGR_G_IsEmpty(g))
        return ZG_OK;
    OGREnvelope e;
    OGR_G_GetEnvelope(g, &e);
    if (box_unreadable(e.MinX, e.MinY, e.MaxX, e.MaxY))
        return ZG_OK; /* logged if it is ever kept; no cover either way */
    uint64_t near = 0;
    zg_status st = near_zone(rd, NULL, e.MinX, e.MinY, e.MaxX, e.MaxY,
                             &near);
    if (!st && (near & rd->open)) {
        saw_near(rd, cls, near & rd->open, my);
        rd->open &= ~near;
    }
    return st;
}

/* The same from WKB (the Arrow route). */
static zg_status note_dropped_wkb(reader *rd, uint64_t my, uint32_t cls,
                                  const unsigned char *wkb, size_t len)
{
    if (!rd->open || !wkb || len == 0)
        return ZG_OK;
    OGRGeometryH g = NULL;
    if (OGR_G_CreateFromWkbEx(wkb, NULL, &g, len) != OGRERR_NONE)
        return ZG_OK; /* not WKB: never a cover */
    zg_status st = note_dropped(rd, my, cls, g);
    OGR_G_DestroyGeometry(g);
    return st;
}

/* The batch being filled, started when none is. */
static batch *open_batch(reader *rd)
{
    if (!rd->b)
        rd->b = zg_batch_new(rd->ctx);
    return rd->b;
}

/* After each feature: send a full batch, move the progress bar. */
static zg_status after_feature(reader *rd, uint64_t my)
{
    zg_status st = ZG_OK;
    if (rd->b && rd->b->n == BATCH_ITEMS) {
        st = zg_stream_dispatch(rd->ctx, rd->sh, rd->ws, rd->nthreads, rd->b);
        rd->b = NULL;
    }
    if (!st && my % 4096 == 0 && rd->total > 0)
        st = zg_progress(rd->ctx, rd->sh->o->progress_lo,
                         rd->sh->o->progress_hi,
                         (double)my / (double)rd->total, "overlay");
    return st;
}

/* Queue a feature's OGR geometry (borrowed) when it lies near a zone:
 * curves linearised, flattened to 2D, rings closed, as WKB. */
static zg_status take_ogr_geometry(reader *rd, uint64_t my, long long fid,
                                   uint32_t cls, OGRGeometryH g)
{
    if (!g || OGR_G_IsEmpty(g)) {
        rd->no_geom++;
        rd->sh->raw->no_geometry[cls]++;
        return ZG_OK;
    }
    OGREnvelope e;
    OGR_G_GetEnvelope(g, &e);
    if (box_unreadable(e.MinX, e.MinY, e.MaxX, e.MaxY))
        return log_feature(rd, my, fid, true, ZG_NOT_FINITE_WHY, rd->all,
                           cls);
    char why[320];
    if (box_off_earth(rd, e.MinX, e.MinY, e.MaxX, e.MaxY, why, sizeof why))
        return skip_feature(rd, my, fid, why, rd->all, cls);
    uint64_t near = 0;
    zg_status st = near_zone(rd, NULL, e.MinX, e.MinY, e.MaxX, e.MaxY,
                             &near);
    if (st || !near)
        return st;
    saw_near(rd, cls, near, my);
    if (box_uncuttable(rd, e.MinX, e.MinY, e.MaxX, e.MaxY, why, sizeof why))
        return skip_feature(rd, my, fid, why, near, cls);
    saw_candidate(rd, cls, near, my);
    /* A linear geometry is changed in place: it belongs to the feature (or
     * to the caller), destroyed right after. */
    OGRwkbGeometryType t = OGR_G_GetGeometryType(g);
    bool curved = OGR_GT_IsNonLinear(t);
    OGRGeometryH lin = curved ? OGR_G_GetLinearGeometry(g, 0, NULL) : g;
    if (!lin)
        return ZG_OK;
    OGR_G_FlattenTo2D(lin);
    OGRwkbGeometryType ft = wkbFlatten(OGR_G_GetGeometryType(lin));
    if (ft == wkbPolygon || ft == wkbMultiPolygon ||
        ft == wkbGeometryCollection) {
        OGR_G_CloseRings(lin);
        if (!open_batch(rd))
            st = zg_nomem(rd->ctx, "batch");
        else
            st = zg_batch_add_wkb(rd->ctx, rd->b, my, fid, cls, near, lin);
    } else {
        rd->no_geom++;
        for (size_t k = 0; k < rd->sh->raw->ngroups; k++)
            if (near >> k & 1)
                stat_of(rd, cls, k)->no_geometry++;
    }
    if (curved)
        OGR_G_DestroyGeometry(lin);
    return st;
}

/* The feature-by-feature route: any driver. */
static zg_status read_features(reader *rd, uint64_t *seq)
{
    zg_ctx *ctx = rd->ctx;
    zg_status st = ZG_OK;
    OGRLayerH lyr = rd->src->lyr;
    OGR_L_ResetReading(lyr);
    OGRFeatureH f;
    while (!st && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
        uint64_t my = (*seq)++;
        uint32_t cls = 0;
        bool keep = true;
        /* GDAL failing on one feature (a geometry blob it cannot read)
         * still hands the feature out: log it and read on. A failure that
         * ends the reading is the caller's, below. */
        bool failed = zg_gdal_lastmsg(ctx)[0] != '\0';
        bool unreadable = failed && !OGR_F_GetGeometryRef(f);
        if (failed) {
            st = log_feature(rd, my, OGR_F_GetFID(f), unreadable,
                             zg_gdal_lastmsg(ctx), rd->all,
                             ZG_STREAM_ALL_CLASSES);
            zg_libmsg_clear(ctx);
            if (st) {
                OGR_F_Destroy(f);
                break;
            }
        }
        const char *raw = rd->code_idx >= 0 &&
                                  OGR_F_IsFieldSetAndNotNull(f, rd->code_idx)
                              ? OGR_F_GetFieldAsString(f, rd->code_idx)
                              : NULL;
        st = take_class(rd, raw, &cls, &keep);
        if (!st && keep && !unreadable)
            st = take_ogr_geometry(rd, my, OGR_F_GetFID(f), cls,
                                   OGR_F_GetGeometryRef(f));
        else if (!st && !unreadable)
            st = note_dropped(rd, my, cls, OGR_F_GetGeometryRef(f));
        OGR_F_Destroy(f);
        if (!st)
            st = after_feature(rd, my);
    }
    if (!st && zg_gdal_lastmsg(ctx)[0])
        st = zg_fail(ctx, ZG_ERR_INPUT, "reading stopped after %llu "
                     "features: %s (%s)", (unsigned long long)*seq,
                     zg_gdal_lastmsg(ctx), rd->sh->source);
    return st;
}

/* A plain polygon, the common case (*done; else the caller's route
 * takes the row): its box, read off the WKB, is GEOS's, and the grid
 * tests it against the zones' boxes exactly as the STRtree would. A
 * parcel near no zone then costs no GEOS work at all, and a candidate
 * goes to a worker as the bytes read, to be parsed there (where it is
 * freed, too). What is judged here is what take_wkb's GEOS route judges,
 * in the same order. */
static zg_status take_plain_wkb(reader *rd, uint64_t my, long long fid,
                                uint32_t cls, const unsigned char *wkb,
                                size_t len, bool *done)
{
    double bx[4];
    uint64_t near = 0;
    char why[320];
    *done = false;
    if (!zg_wkb_polygon_box(wkb, len, bx))
        return ZG_OK;
    *done = true;
    if (box_off_earth(rd, bx[0], bx[1], bx[2], bx[3], why, sizeof why))
        return skip_feature(rd, my, fid, why, rd->all, cls);
    if (!zg_envelope_grid_hits(rd->grid, bx[0], bx[1], bx[2], bx[3],
                               rd->sh->raw->zone_groups, &near)) {
        *done = false; /* the grid cannot tell: the STRtree will */
        return ZG_OK;
    }
    saw_near(rd, cls, near, my);
    if (!near)
        return ZG_OK;
    if (box_uncuttable(rd, bx[0], bx[1], bx[2], bx[3], why, sizeof why))
        return skip_feature(rd, my, fid, why, near, cls);
    saw_candidate(rd, cls, near, my);
    if (!open_batch(rd))
        return zg_nomem(rd->ctx, "batch");
    return zg_batch_add_bytes(rd->ctx, rd->b, my, fid, cls, near, wkb, len);
}

/* One row of the Arrow route: the WKB is parsed by GEOS here, which gives
 * the envelope and spares the worker a second parse. What GEOS does not
 * take as it stands (3D or measured coordinates, curves, unclosed rings,
 * bytes it cannot read) goes through OGR as on the feature route, so both
 * routes see the same geometries. */
static zg_status take_wkb(reader *rd, uint64_t my, long long fid,
                          uint32_t cls, const unsigned char *wkb, size_t len)
{
    zg_ctx *ctx = rd->ctx;
    GEOSContextHandle_t h = ctx->geos;
    if (!wkb) {
        rd->no_geom++;
        rd->sh->raw->no_geometry[cls]++;
        return ZG_OK;
    }
    if (len == 0)
        return zg_fail(ctx, ZG_ERR_INPUT, "GDAL returned an empty geometry "
                       "for feature %lld (%s)", fid, rd->sh->source);
    bool done = false;
    zg_status fst = take_plain_wkb(rd, my, fid, cls, wkb, len, &done);
    if (fst || done)
        return fst;
    zg_libmsg_clear(ctx);
    GEOSGeometry *g = GEOSGeomFromWKB_buf_r(h, wkb, len);
    int t = g ? GEOSGeomTypeId_r(h, g) : -1;
    bool flat = g && GEOSHasZ_r(h, g) == 0;
    bool areal = t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON ||
                 t == GEOS_GEOMETRYCOLLECTION;
    if (!flat || !areal) {
        /* Points or lines have no area, but they may say the layer covers
         * a zone, as they would to a reader that does not keep them. */
        double a0, b0, a1, b1;
        uint64_t near = 0;
        zg_status nst = ZG_OK;
        if (g && flat && rd->open && GEOSisEmpty_r(h, g) == 0 &&
            GEOSGeom_getExtent_r(h, g, &a0, &b0, &a1, &b1) &&
            !box_unreadable(a0, b0, a1, b1))
            nst = near_zone(rd, g, a0, b0, a1, b1, &near);
        if (g)
            GEOSGeom_destroy_r(h, g);
        if (nst)
            return nst;
        saw_near(rd, cls, near, my);
        if (flat && t >= 0) { /* points or lines: no area */
            rd->no_geom++;
            rd->sh->raw->no_geometry[cls]++;
            return ZG_OK;
        }
        OGRGeometryH og = NULL;
        if (OGR_G_CreateFromWkbEx(wkb, NULL, &og, len) != OGRERR_NONE) {
            char why[64];
            snprintf(why, sizeof why, "%zu bytes that are not WKB", len);
            return log_feature(rd, my, fid, true, why, rd->all, cls);
        }
        zg_status st = take_ogr_geometry(rd, my, fid, cls, og);
        OGR_G_DestroyGeometry(og);
        return st;
    }
    double x0, y0, x1, y1;
    if (GEOSisEmpty_r(h, g) == 1 ||
        !GEOSGeom_getExtent_r(h, g, &x0, &y0, &x1, &y1)) {
        GEOSGeom_destroy_r(h, g);
        rd->no_geom++;
        rd->sh->raw->no_geometry[cls]++;
        return ZG_OK;
    }
    if (box_unreadable(x0, y0, x1, y1)) {
        GEOSGeom_destroy_r(h, g);
        return log_feature(rd, my, fid, true, ZG_NOT_FINITE_WHY, rd->all,
                           cls);
    }
    char why[320];
    if (box_off_earth(rd, x0, y0, x1, y1, why, sizeof why)) {
        GEOSGeom_destroy_r(h, g);
        return skip_feature(rd, my, fid, why, rd->all, cls);
    }
    uint64_t near = 0;
    zg_status st = near_zone(rd, g, x0, y0, x1, y1, &near);
    if (!st)
        saw_near(rd, cls, near, my);
    if (!st && near &&
        box_uncuttable(rd, x0, y0, x1, y1, why, sizeof why)) {
        GEOSGeom_destroy_r(h, g);
        return skip_feature(rd, my, fid, why, near, cls);
    }
    if (!st && near) {
        saw_candidate(rd, cls, near, my);
        if (!open_batch(rd))
            st = zg_nomem(ctx, "batch");
        else {
            zg_batch_add_geos(rd->b, my, fid, cls, near, g);
            g = NULL;
        }
    }
    if (g)
        GEOSGeom_destroy_r(h, g);
    return st;
}

/* The column-oriented route (arrow_rows.c), where the driver's own is
 * fast: the same rows in the same order as read_features. */
static zg_status read_arrow(reader *rd, zg_arrow_rows *ar, uint64_t *seq)
{
    zg_ctx *ctx = rd->ctx;
    zg_status st = ZG_OK;
    for (;;) {
        size_t n = 0;
        st = zg_arrow_rows_next(ctx, ar, &n);
        if (st) {
            /* A copy: zg_fail writes the buffer zg_ctx_errmsg returns. */
            char why[ZG_ERRMSG_MAX];
            snprintf(why, sizeof why, "%s", zg_ctx_errmsg(ctx));
            st = zg_fail(ctx, st, "reading stopped after %llu features: %s "
                         "(%s)", (unsigned long long)*seq, why,
                         rd->sh->source);
            break;
        }
        if (n == 0)
            break;
        for (size_t i = 0; !st && i < n; i++) {
            uint64_t my = (*seq)++;
            size_t tlen = 0;
            const char *t = zg_arrow_rows_text(ar, i, &tlen);
            if (t) {
                st = zg_grow(ctx, (void **)&rd->text, &rd->text_cap,
                             tlen + 1, 1);
                if (st)
                    break;
                memcpy(rd->text, t, tlen);
                rd->text[tlen] = '\0';
                /* GetFieldAsString stops at a NUL byte: so do we. */
            }
            uint32_t cls = 0;
            bool keep = true;
            st = take_class(rd, t ? rd->text : NULL, &cls, &keep);
            if (!st && keep) {
                size_t wlen = 0;
                const unsigned char *wkb = zg_arrow_rows_wkb(ar, i, &wlen);
                st = take_wkb(rd, my, zg_arrow_rows_fid(ar, i), cls, wkb,
                              wlen);
            } else if (!st) {
                size_t wlen = 0;
                const unsigned char *wkb = zg_arrow_rows_wkb(ar, i, &wlen);
                st = note_dropped_wkb(rd, my, cls, wkb, wlen);
            }
            if (!st)
                st = after_feature(rd, my);
        }
        if (st)
            break;
    }
    return st;
}

zg_status zg_stream_read(zg_ctx *ctx, shared *sh, worker *ws, int nthreads,
                         zg_source *src, int code_idx, GEOSSTRtree *etree,
                         const zg_envelope_grid *grid, zg_stream_result *r,
                         zg_qa_log *qa, uint64_t **qa_groups,
                         uint32_t **qa_class, size_t *qtcap)
{
    size_t ng = sh->raw->ngroups;
    uint64_t all = ng >= 64 ? UINT64_MAX : (UINT64_C(1) << ng) - 1;
    reader rd = {ctx,    sh,        ws,       nthreads, src,
                 code_idx, etree,   grid,     r,        NULL,
                 0,      OGR_L_GetFeatureCount(src->lyr, 0), NULL, 0,
                 qa,     qa_groups, qa_class, qtcap,    all, all};
    uint64_t seq = 0;
    zg_libmsg_clear(ctx);
    zg_status gst = grow_stats(&rd, 0); /* the one class of a plain layer */
    if (gst)
        return gst;
    zg_arrow_rows ar;
    bool arrow = false;
    const char *code_name =
        code_idx >= 0 ? OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(
                            OGR_L_GetLayerDefn(src->lyr), code_idx))
                      : NULL;
    zg_status st = zg_arrow_rows_open(ctx, src->lyr, code_name, &ar, &arrow);
    if (!st)
        st = arrow ? read_arrow(&rd, &ar, &seq) : read_features(&rd, &seq);
    zg_arrow_rows_close(&ar);
    r->features = seq;
    if (!st && rd.b && rd.b->n) {
        st = zg_stream_dispatch(ctx, sh, ws, nthreads, rd.b);
        rd.b = NULL;
    }
    zg_batch_free(ctx, rd.b);
    zg_free(ctx, rd.text);
    r->no_geometry = rd.no_geom;
    return st;
}
