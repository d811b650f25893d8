/* SPDX-License-Identifier: MIT
 *
 * map.c: the overview map of a results database, drawn with cairo and
 * labelled with pango: districts (when given) under everything, clusters
 * in orange (proposed ones pale with a dashed outline), proposals by
 * verdict, free land in green, overlaps in red, new housing in magenta;
 * then the title, the date, a legend in Vietnamese or English, a north
 * arrow and a scale bar with round numbers. One drawing routine serves
 * the PNG, PDF and SVG files and the SVG inlined in the planner's report.
 *
 * Geometry is read through GDAL's SQLite driver (it decodes SpatiaLite
 * blobs), turned into GEOS geometry through WKB, and kept as flat arrays
 * of lon/lat rings. The colours are those of the QGIS styles written
 * into the database (styles.c), so the map and QGIS agree.
 */
#include "products_int.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* PNG resolution. 150 dpi keeps an A4 map at 1754 x 1240 px (a few
 * hundred kB) and is still sharp on paper; the PDF is the print copy. */
#define MAP_PNG_DPI 150.0

/* Landscape pages in points (1/72 in): A4 297 x 210 mm, A3 420 x 297. */
static const double PAGE_PT[2][2] = {{841.8898, 595.2756},
                                     {1190.5512, 841.8898}};

/* Layout of the page, in points. */
#define MARGIN 28.0   /* 10 mm */
#define TITLE_H 46.0  /* title and date band */
#define PANEL_W 196.0 /* legend panel on the right */
#define GAP 12.0

/* ---- the data to draw -------------------------------------------------- */

typedef struct map_ring {
    size_t pt0, npt;
} map_ring;

typedef struct map_feat {
    size_t ring0, nrings;
    char *label; /* NULL: none; valid UTF-8; owned */
    int cls;     /* style class within its layer */
    double lx, ly; /* label anchor, lon/lat: a point on the surface */
    double bb[4];  /* lon/lat bounding box: min x, min y, max x, max y */
} map_feat;

typedef struct map_layer {
    double *pts; /* lon, lat pairs */
    size_t npts, cappts;
    map_ring *rings;
    size_t nrings, caprings;
    map_feat *feats;
    size_t nfeats, capfeats;
    size_t ncls[4]; /* features per class, for the legend */
} map_layer;

/* Drawing order, bottom first: proposals over the housing they are
 * judged on, overlaps over the clusters they belong to. */
enum {
    L_DISTRICTS, L_CLUSTERS, L_RESID, L_RESERVE, L_NEW, L_OVERLAPS,
    L_PROPOSALS, L_N
};

/* What the map draws of a results database, read once and drawn as
 * often as wanted: run draws map.png and map.pdf from it on two threads
 * at once, then the report's SVG. Nothing in it changes while drawing. */
struct zg_map_layers {
    zg_ctx *ctx; /* the one that loaded it */
    map_layer L[L_N];
    char *resid_epoch; /* date of the housing drawn (the latest), as in
                          the database, for comparing; owned */
    char *resid_label; /* the same, safe for pango; owned */
    double bb[4];
    bool has_bb;
};

/* One drawing: the layers and what its options and language add. */
typedef struct map_doc {
    zg_ctx *ctx; /* the drawing's */
    bool en;
    const zg_map_layers *ml; /* borrowed, or `own` */
    zg_map_layers *own;
    char *title;  /* owned, valid UTF-8 */
    char *boundaries_label; /* owned, valid UTF-8: the districts' legend */
    char *date;   /* owned */
    char *source; /* one line on where the data comes from; owned */
    char *epochs; /* "2020–2025" for the new housing, or NULL; owned */
    unsigned unknown_glyphs; /* characters the font could not show */
} map_doc;

/* ---- styles ------------------------------------------------------------ */

typedef zg_map_style map_style;

const zg_map_style ZG_ST_DISTRICT[1] = {{
    {0.955, 0.955, 0.945, 1}, {0.60, 0.60, 0.60, 1}, 0.5, false}};
const zg_map_style ZG_ST_CLUSTER[2] = {
    {{1.0, 0.647, 0.235, 0.9}, {0.59, 0.27, 0.0, 1}, 0.5, false},
    {{1.0, 0.647, 0.235, 0.35}, {0.59, 0.27, 0.0, 1}, 0.8, true}};
/* pass, warn, fail, skipped (and anything else) */
const zg_map_style ZG_ST_PROPOSAL[4] = {
    {{0.235, 0.706, 0.294, 0.45}, {0.08, 0.45, 0.12, 1}, 1.3, false},
    {{1.0, 0.745, 0.0, 0.5}, {0.65, 0.45, 0.0, 1}, 1.3, false},
    {{0.863, 0.118, 0.118, 0.45}, {0.60, 0.0, 0.0, 1}, 1.3, false},
    {{0, 0, 0, 0}, {0.45, 0.45, 0.45, 1}, 1.3, true}};
const zg_map_style ZG_ST_RESERVE[1] = {{
    {0.235, 0.706, 0.294, 0.85}, {0.08, 0.39, 0.12, 1}, 0.3, false}};
const zg_map_style ZG_ST_OVERLAP[1] = {{
    {0.863, 0.118, 0.118, 0.95}, {0.55, 0.0, 0.0, 1}, 0.8, false}};
/* New housing is made of single houses, far below a point at the scale
 * of a province: an outline of the same colour keeps each one visible as
 * a dot. */
const zg_map_style ZG_ST_NEW[1] = {{
    {0.9, 0.0, 0.784, 1}, {0.9, 0.0, 0.784, 1}, 0.45, false}};
/* Housing at the latest date, in the pink of ODT on land-use maps
 * (#ffa0ff); opaque, since the rings of neighbouring clusters hold the
 * same houses and would otherwise darken where they meet; outlined in
 * its own colour so that single houses stay visible, as new ones do. */
const zg_map_style ZG_ST_RESID[1] = {{
    {1.0, 0.627, 1.0, 1}, {1.0, 0.627, 1.0, 1}, 0.45, false}};

/* ---- loading ----------------------------------------------------------- */

static void layer_free(zg_ctx *ctx, map_layer *L)
{
    for (size_t i = 0; i < L->nfeats; i++)
        zg_free(ctx, L->feats[i].label);
    zg_free(ctx, L->feats);
    zg_free(ctx, L->rings);
    zg_free(ctx, L->pts);
    memset(L, 0, sizeof *L);
}

void zg_map_layers_free(zg_map_layers *ml)
{
    if (!ml)
        return;
    for (int i = 0; i < L_N; i++)
        layer_free(ml->ctx, &ml->L[i]);
    zg_free(ml->ctx, ml->resid_epoch);
    zg_free(ml->ctx, ml->resid_label);
    zg_free(ml->ctx, ml);
}

static void doc_free(map_doc *d)
{
    zg_map_layers_free(d->own);
    zg_free(d->ctx, d->title);
    zg_free(d->ctx, d->boundaries_label);
    zg_free(d->ctx, d->date);
    zg_free(d->ctx, d->source);
    zg_free(d->ctx, d->epochs);
}

/* A copy of text that pango can take: ill-formed UTF-8 from a foreign
 * database would make it drop the whole string, and a control character
 * (a tab or a stray BEL in an attribute) would print as a box. */
static char *text_copy(zg_ctx *ctx, const char *s)
{
    size_t n = strlen(s);
    char *t = zg_utf8_valid(s, n) ? zg_strdup(ctx, s)
                                  : zg_utf8_sanitize(ctx, s, n);
    for (unsigned char *p = (unsigned char *)t; p && *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            *p = ' ';
        else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            p[0] = p[1] = ' '; /* a C1 control, U+0080..U+009F */
    }
    return t;
}

static zg_status add_ring(zg_ctx *ctx, map_layer *L, map_feat *f,
                          const GEOSGeometry *ring)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(ctx->geos, ring);
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(ctx->geos, cs, &n))
        return zg_fail(ctx, ZG_ERR_GEOM, "GEOS: %s", zg_geos_lastmsg(ctx));
    if (n < 3)
        return ZG_OK;
    zg_status st = zg_grow(ctx, (void **)&L->pts, &L->cappts, L->npts + n,
                           2 * sizeof *L->pts);
    if (!st)
        st = zg_grow(ctx, (void **)&L->rings, &L->caprings, L->nrings + 1,
                     sizeof *L->rings);
    if (st)
        return st;
    double *xy = &L->pts[2 * L->npts];
    if (!GEOSCoordSeq_copyToBuffer_r(ctx->geos, cs, xy, 0, 0))
        return zg_fail(ctx, ZG_ERR_GEOM, "GEOS: %s", zg_geos_lastmsg(ctx));
    for (unsigned int i = 0; i < n; i++) {
        double x = xy[2 * i], y = xy[2 * i + 1];
        f->bb[0] = fmin(f->bb[0], x);
        f->bb[1] = fmin(f->bb[1], y);
        f->bb[2] = fmax(f->bb[2], x);
        f->bb[3] = fmax(f->bb[3], y);
    }
    L->rings[L->nrings++] = (map_ring){L->npts, n};
    L->npts += n;
    f->nrings++;
    return ZG_OK;
}

/* The rings of every polygon in g (a polygon, multipolygon or
 * collection), in order; points and lines are not drawn. */
static zg_status add_parts(zg_ctx *ctx, map_layer *L, map_feat *f,
                           const GEOSGeometry *g)
{
    int type = GEOSGeomTypeId_r(ctx->geos, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(ctx->geos, g))
            return ZG_OK;
        zg_status st = add_ring(ctx, L, f, GEOSGetExteriorRing_r(ctx->geos,
                                                                 g));
        int nh = GEOSGetNumInteriorRings_r(ctx->geos, g);
        for (int i = 0; !st && i < nh; i++)
            st = add_ring(ctx, L, f, GEOSGetInteriorRingN_r(ctx->geos, g, i));
        return st;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(ctx->geos, g);
        zg_status st = ZG_OK;
        for (int i = 0; !st && i < n; i++)
            st = add_parts(ctx, L, f, GEOSGetGeometryN_r(ctx->geos, g, i));
        return st;
    }
    return ZG_OK;
}

/* Add one feature (g in lon/lat); label may be NULL. `anchored`: it
 * needs a point on its surface (a label's or a marker's anchor) even
 * without a label; GEOS finds one at a cost, so only then. */
static zg_status add_feature(zg_ctx *ctx, map_layer *L, const GEOSGeometry *g,
                             const char *label, int cls, bool anchored)
{
    zg_status st = zg_grow(ctx, (void **)&L->feats, &L->capfeats,
                           L->nfeats + 1, sizeof *L->feats);
    if (st)
        return st;
    map_feat f = {L->nrings, 0, NULL, cls, 0, 0,
                  {INFINITY, INFINITY, -INFINITY, -INFINITY}};
    st = add_parts(ctx, L, &f, g);
    if (st || f.nrings == 0)
        return st;
    f.lx = (f.bb[0] + f.bb[2]) / 2;
    f.ly = (f.bb[1] + f.bb[3]) / 2;
    /* A point on the surface, so that the label of a bent cluster points
     * at the cluster and not at the hole of its bend. */
    GEOSGeometry *p = anchored || (label && label[0])
                          ? GEOSPointOnSurface_r(ctx->geos, g)
                          : NULL;
    if (p && !GEOSisEmpty_r(ctx->geos, p)) {
        GEOSGeomGetX_r(ctx->geos, p, &f.lx);
        GEOSGeomGetY_r(ctx->geos, p, &f.ly);
    }
    if (p)
        GEOSGeom_destroy_r(ctx->geos, p);
    if (label && label[0]) {
        f.label = text_copy(ctx, label);
        if (!f.label)
            return zg_nomem(ctx, "map label");
    }
    L->feats[L->nfeats++] = f;
    L->ncls[cls & 3]++;
    return ZG_OK;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Cluster status from an attribute such as trang_thai: 1 for a proposed
 * cluster, 0 otherwise. */
int zg_map_status_class(const char *v)
{
    return starts_with(v, "đề xuất") || starts_with(v, "Đề xuất") ||
           strncasecmp(v, "de xuat", 7) == 0 ||
           strncasecmp(v, "proposed", 8) == 0;
}

int zg_map_verdict_class(const char *v)
{
    return strcmp(v, "pass") == 0 ? 0 : strcmp(v, "warn") == 0 ? 1
                                      : strcmp(v, "fail") == 0 ? 2 : 3;
}

/* Where a layer of the results database is, and how to label and class
 * its features (field names; NULL: none). */
typedef struct table_spec {
    int layer;
    const char *table;
    const char *label1, *label2; /* first non-empty wins */
    const char *class_field;
    int (*classify)(const char *value);
    const char *epoch_field; /* only rows of the latest date; or NULL */
} table_spec;

static const table_spec TABLES[] = {
    {L_CLUSTERS, "clusters", "name", "id", "trang_thai", zg_map_status_class,
     NULL},
    {L_PROPOSALS, "proposals", "name", "proposal_id", "verdict",
     zg_map_verdict_class, NULL},
    {L_RESID, "encroachment", NULL, NULL, NULL, NULL, "epoch"},
    {L_RESERVE, "reserve", NULL, NULL, NULL, NULL, NULL},
    {L_OVERLAPS, "cluster_overlaps", NULL, NULL, NULL, NULL, NULL},
    {L_NEW, "encroachment_new", NULL, NULL, NULL, NULL, NULL},
};

static const char *field_text(OGRFeatureH f, int i)
{
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    return OGR_F_GetFieldAsString(f, i);
}

/* Draw the features of table t into L (rows of the run drawn, when the
 * table has run_id). With t->epoch_field, only rows whose date is
 * `epoch` (borrowed; NULL: draw none of them). */
static zg_status load_table(zg_ctx *ctx, zg_rdb *r, GDALDatasetH ds,
                            const table_spec *t, const char *epoch,
                            map_layer *L)
{
    OGRLayerH lyr = zg_rdb_has_table(r, t->table)
                        ? GDALDatasetGetLayerByName(ds, t->table)
                        : NULL;
    if (!lyr)
        return ZG_OK; /* this analysis was not run: nothing to draw */
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    /* GDAL has its own connection, without the run views of zg_rdb: the
     * same run is picked by a filter (an integer we format). */
    if (OGR_FD_GetFieldIndex(defn, "run_id") >= 0) {
        char where[48];
        snprintf(where, sizeof where, "run_id = %lld", (long long)r->run_id);
        if (OGR_L_SetAttributeFilter(lyr, where) != OGRERR_NONE)
            return zg_fail(ctx, ZG_ERR_INPUT, "cannot select run %lld of "
                           "table %s: %s", (long long)r->run_id, t->table,
                           zg_gdal_lastmsg(ctx));
    }
    int i1 = t->label1 ? OGR_FD_GetFieldIndex(defn, t->label1) : -1;
    int i2 = t->label2 ? OGR_FD_GetFieldIndex(defn, t->label2) : -1;
    int ic = t->class_field ? OGR_FD_GetFieldIndex(defn, t->class_field)
                            : -1;
    int ie = t->epoch_field ? OGR_FD_GetFieldIndex(defn, t->epoch_field)
                            : -1;
    if (t->epoch_field && (ie < 0 || !epoch))
        return ZG_OK;
    /* The map is drawn from lon/lat; a database written in another CRS
     * (t_srs) is brought back to WGS 84 feature by feature. */
    OGRSpatialReferenceH lsrs = OGR_L_GetSpatialRef(lyr);
    OGRSpatialReferenceH wgs84 = NULL;
    OGRCoordinateTransformationH to_ll = NULL;
    const char *code = lsrs ? OSRGetAuthorityCode(lsrs, NULL) : NULL;
    if (lsrs && !(code && strcmp(code, "4326") == 0 && OSRIsGeographic(lsrs))) {
        wgs84 = OSRNewSpatialReference(NULL);
        if (wgs84 && OSRImportFromEPSG(wgs84, 4326) == OGRERR_NONE) {
            OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
            to_ll = OCTNewCoordinateTransformation(lsrs, wgs84);
        }
        if (!to_ll) {
            OSRDestroySpatialReference(wgs84);
            return zg_fail(ctx, ZG_ERR_INPUT, "table %s: no transformation "
                           "from its CRS to WGS 84: %s", t->table,
                           zg_gdal_lastmsg(ctx));
        }
    }
    zg_status st = ZG_OK;
    OGR_L_ResetReading(lyr);
    OGRFeatureH f;
    while (!st && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        /* The date compared as text, not in an SQL filter: a label from
         * the user never becomes SQL. */
        const char *fe = ie >= 0 ? field_text(f, ie) : NULL;
        bool wanted = ie < 0 || (fe && strcmp(fe, epoch) == 0);
        if (wanted && og && !OGR_G_IsEmpty(og) && to_ll &&
            OGR_G_Transform(og, to_ll) != OGRERR_NONE)
            st = zg_fail(ctx, ZG_ERR_INPUT, "table %s: a geometry cannot be "
                         "brought to WGS 84: %s", t->table,
                         zg_gdal_lastmsg(ctx));
        if (!st && wanted && og && !OGR_G_IsEmpty(og)) {
            const char *label = field_text(f, i1);
            if (!label || !label[0])
                label = field_text(f, i2);
            const char *cv = field_text(f, ic);
            int cls = cv && t->classify ? t->classify(cv) : 0;
            size_t n = (size_t)OGR_G_WkbSize(og);
            unsigned char *wkb = zg_malloc(ctx, n ? n : 1);
            GEOSGeometry *g = NULL;
            if (!wkb) {
                st = zg_nomem(ctx, "map geometry");
            } else {
                OGR_G_ExportToWkb(og, wkbNDR, wkb);
                g = GEOSGeomFromWKB_buf_r(ctx->geos, wkb, n);
                zg_free(ctx, wkb);
                if (!g)
                    st = zg_fail(ctx, ZG_ERR_INPUT, "unreadable geometry in "
                                 "table %s: %s", t->table,
                                 zg_geos_lastmsg(ctx));
            }
            if (!st)
                st = add_feature(ctx, L, g, label, cls,
                                 t->layer == L_OVERLAPS);
            if (g)
                GEOSGeom_destroy_r(ctx->geos, g);
        }
        OGR_F_Destroy(f);
    }
    if (to_ll)
        OCTDestroyCoordinateTransformation(to_ll);
    OSRDestroySpatialReference(wgs84);
    return st;
}

/* The latest date of the encroachment table: that of its last row (rows
 * go zone by zone, dates in the order given, the latest last). */
static zg_status latest_epoch(zg_map_layers *d, zg_rdb *r)
{
    sqlite3_stmt *s = NULL;
    if (!zg_rdb_has_table(r, "encroachment") ||
        zg_rdb_prepare(r, "SELECT epoch FROM encroachment ORDER BY pk DESC "
                       "LIMIT 1", &s) != ZG_OK)
        return ZG_OK; /* no housing to draw */
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)) {
        const char *e = (const char *)sqlite3_column_text(s, 0);
        d->resid_epoch = zg_strdup(d->ctx, e);
        d->resid_label = text_copy(d->ctx, e);
        if (!d->resid_epoch || !d->resid_label) {
            sqlite3_finalize(s);
            return zg_nomem(d->ctx, "map legend");
        }
    }
    sqlite3_finalize(s);
    return ZG_OK;
}

static zg_status load_db(zg_map_layers *d, zg_rdb *r)
{
    zg_ctx *ctx = d->ctx;
    zg_status est = latest_epoch(d, r);
    if (est)
        return est;
    zg_gdal_begin(ctx);
    zg_libmsg_clear(ctx);
    const char *drivers[] = {"SQLite", "GPKG", NULL};
    const char *oo[] = {"LIST_ALL_TABLES=YES", NULL};
    GDALDatasetH ds = GDALOpenEx(r->path, GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                 drivers, oo, NULL);
    zg_status st = ZG_OK;
    if (!ds)
        st = zg_fail(ctx, ZG_ERR_INPUT, "GDAL cannot read the results "
                     "database: %s (%s)",
                     zg_gdal_lastmsg(ctx)[0] ? zg_gdal_lastmsg(ctx)
                                             : "SQLite or GPKG driver missing",
                     r->path);
    size_t nt = sizeof TABLES / sizeof TABLES[0];
    for (size_t i = 0; !st && i < nt; i++) {
        st = load_table(ctx, r, ds, &TABLES[i], d->resid_epoch,
                        &d->L[TABLES[i].layer]);
        if (!st)
            st = zg_progress(ctx, 0, 0.5, (double)(i + 1) / (double)nt,
                             "map");
    }
    if (ds)
        GDALClose(ds);
    zg_gdal_end(ctx);
    return st;
}

static zg_status load_districts(zg_map_layers *d, const char *path,
                                const char *encoding)
{
    zg_ctx *ctx = d->ctx;
    zg_input_opts *in = zg_input_opts_new(ctx, "districts", path);
    if (!in)
        return zg_nomem(ctx, "districts");
    zg_layer *lyr = NULL;
    zg_status st = encoding ? zg_input_opts_set_encoding(in, encoding)
                            : ZG_OK;
    if (!st)
        st = zg_layer_read(ctx, in, &lyr);
    /* District layers name their districts in fields of their own; the
     * government's (dvhcvn) says ten_huyen. */
    static const char *const NAMES[] = {"ten_huyen", "ten_quan", "huyen",
                                        "ten_dvhc", "district", "name_2"};
    size_t nf = st ? 0 : lyr->nfields, field = nf;
    for (size_t k = 0; k < sizeof NAMES / sizeof NAMES[0] && field == nf;
         k++)
        for (size_t j = 0; j < nf && field == nf; j++)
            if (lyr->fields[j].kind == ZG_FIELD_TEXT &&
                zg_streq_nocase(lyr->fields[j].name, NAMES[k]))
                field = j;
    for (size_t i = 0; !st && i < lyr->n; i++) {
        const zg_feature *f = &lyr->feats[i];
        const char *name = f->name;
        if ((!name || !name[0]) && field < nf && !f->values[field].is_null)
            name = f->values[field].s;
        st = add_feature(ctx, &d->L[L_DISTRICTS], f->geom_ll, name, 0,
                         false);
    }
    zg_layer_free(lyr);
    zg_input_opts_free(in);
    return st;
}

/* Title, date, source line and the dates of the new housing. */
static zg_status load_meta(map_doc *d, zg_rdb *r, const zg_map_opts *o)
{
    zg_ctx *ctx = d->ctx;
    d->title = text_copy(ctx, o && o->title ? o->title
                                            : "Cụm công nghiệp Hà Nội");
    /* Districts are no administrative unit since 1 July 2025 (two levels
     * of local government): the legend says what the layer is. */
    d->boundaries_label = text_copy(ctx, o && o->boundaries_label
                                             ? o->boundaries_label
                                         : d->en ? "Administrative boundaries"
                                                 : "Ranh giới hành chính");
    char today[32];
    if (o && o->date_text) {
        d->date = text_copy(ctx, o->date_text);
    } else {
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(today, sizeof today, d->en ? "%Y-%m-%d" : "%d/%m/%Y", &tm);
        d->date = zg_strdup(ctx, today);
    }
    if (!d->title || !d->date || !d->boundaries_label)
        return zg_nomem(ctx, "map title");

    const char *base = strrchr(r->path, '/');
    base = base ? base + 1 : r->path;
    sqlite3_stmt *s = NULL;
    char *started = NULL;
    if (zg_rdb_prepare(r, "SELECT started_utc FROM runs ORDER BY run_id "
                       "DESC LIMIT 1", &s) == ZG_OK &&
        sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        started = text_copy(ctx, (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    char *b = text_copy(ctx, base);
    /* Of a database with several runs (--append), say which one. */
    char which[64] = "";
    if (r->nruns > 1)
        snprintf(which, sizeof which, "%lld/%lld, ", (long long)r->run_id,
                 (long long)r->nruns);
    d->source = b ? zg_asprintf(ctx, "%s: %s%s%s%s",
                                d->en ? "Data" : "Dữ liệu", b,
                                started ? (d->en ? ", run " : ", lượt chạy ")
                                        : "",
                                started ? which : "",
                                started ? started : "")
                  : NULL;
    zg_free(ctx, b);
    zg_free(ctx, started);
    if (!d->source)
        return zg_nomem(ctx, "map source");

    if (d->ml->L[L_NEW].nfeats && zg_rdb_has_table(r, "encroachment_new") &&
        zg_rdb_prepare(r, "SELECT (SELECT from_epoch FROM encroachment_new "
                       "ORDER BY pk LIMIT 1), (SELECT to_epoch FROM "
                       "encroachment_new ORDER BY pk DESC LIMIT 1)",
                       &s) == ZG_OK) {
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) &&
            sqlite3_column_text(s, 1)) {
            char *e = zg_asprintf(ctx, "%s–%s", sqlite3_column_text(s, 0),
                                  sqlite3_column_text(s, 1));
            d->epochs = e ? text_copy(ctx, e) : NULL;
            zg_free(ctx, e);
            if (!d->epochs) {
                sqlite3_finalize(s);
                return zg_nomem(ctx, "map legend");
            }
        }
        sqlite3_finalize(s);
    }
    return ZG_OK;
}

static void layers_extent(zg_map_layers *d)
{
    d->has_bb = false;
    for (int i = 0; i < L_N; i++) {
        for (size_t k = 0; k < d->L[i].nfeats; k++) {
            const double *b = d->L[i].feats[k].bb;
            if (!d->has_bb) {
                memcpy(d->bb, b, sizeof d->bb);
                d->has_bb = true;
                continue;
            }
            d->bb[0] = fmin(d->bb[0], b[0]);
            d->bb[1] = fmin(d->bb[1], b[1]);
            d->bb[2] = fmax(d->bb[2], b[2]);
            d->bb[3] = fmax(d->bb[3], b[3]);
        }
    }
}

zg_status zg_map_layers_load(zg_ctx *ctx, zg_rdb *r, const zg_map_opts *o,
                             zg_map_layers **out)
{
    *out = NULL;
    zg_map_layers *d = zg_calloc(ctx, 1, sizeof *d);
    if (!d)
        return zg_nomem(ctx, "map");
    d->ctx = ctx;
    zg_status st = ZG_OK;
    if (o && o->districts)
        st = load_districts(d, o->districts, o->districts_encoding);
    if (!st)
        st = load_db(d, r);
    if (st) {
        zg_map_layers_free(d);
        return st;
    }
    layers_extent(d);
    *out = d;
    return ZG_OK;
}

/* A drawing of `ml`, or of the layers read from `r` when it is NULL. */
static zg_status doc_load(map_doc *d, zg_ctx *ctx, zg_rdb *r,
                          const zg_map_layers *ml, const zg_map_opts *o)
{
    memset(d, 0, sizeof *d);
    d->ctx = ctx;
    zg_status st = zg_report_lang(ctx, o ? o->lang : NULL, &d->en);
    if (!st && !ml) {
        st = zg_map_layers_load(ctx, r, o, &d->own);
        ml = d->own;
    }
    d->ml = ml;
    if (!st)
        st = load_meta(d, r, o);
    return st;
}

/* ---- the view: lon/lat to the page ------------------------------------- */

/* We draw in an equirectangular projection centred on the data: x is
 * longitude scaled by the length of a degree of longitude at the centre's
 * latitude, y is latitude scaled by the length of a degree of latitude
 * there (both on the WGS 84 ellipsoid). Why not EPSG:5897 through PROJ:
 * a results database may come from another province (another TM-3 zone)
 * or from test scenes anywhere, and the map must not depend on a zone.
 * The cost is small: across Hà Nội (0.6 degrees of latitude) the east-
 * west scale drifts by tan(lat) * dlat = 0.2 % from the centre to the
 * edge, far below a line's width, and the scale bar, drawn for the
 * centre, is right to that much everywhere on the map. North is up. */
typedef struct map_view {
    double lon0, lat0; /* centre of the data */
    double kx, ky;     /* metres per degree of longitude, of latitude */
    double s;          /* points per metre */
    double cx, cy;     /* the centre on the page */
} map_view;

static void view_init(map_view *v, const double bb[4], double fx0,
                      double fy0, double fx1, double fy1)
{
    const double a = 6378137.0, e2 = 0.00669437999014; /* WGS 84 */
    const double rad = M_PI / 180.0;
    v->lon0 = (bb[0] + bb[2]) / 2;
    v->lat0 = (bb[1] + bb[3]) / 2;
    double sl = sin(v->lat0 * rad), w = sqrt(1 - e2 * sl * sl);
    v->kx = a * cos(v->lat0 * rad) / w * rad;   /* N cos(lat) */
    v->ky = a * (1 - e2) / (w * w * w) * rad;   /* M */
    /* 6 % of margin around the data; at least 1 km across, so that a
     * single small cluster does not fill the page edge to edge. */
    double wm = fmax((bb[2] - bb[0]) * v->kx, 1000.0) * 1.12;
    double hm = fmax((bb[3] - bb[1]) * v->ky, 1000.0) * 1.12;
    v->s = fmin((fx1 - fx0) / wm, (fy1 - fy0) / hm);
    v->cx = (fx0 + fx1) / 2;
    v->cy = (fy0 + fy1) / 2;
}

static void view_xy(const map_view *v, double lon, double lat, double *x,
                    double *y)
{
    *x = v->cx + (lon - v->lon0) * v->kx * v->s;
    *y = v->cy - (lat - v->lat0) * v->ky * v->s;
}

/* ---- drawing ----------------------------------------------------------- */

typedef struct map_draw {
    map_doc *d;
    cairo_t *cr;
    PangoContext *pc;
    map_view v;
    double W, H;
    double fx0, fy0, fx1, fy1; /* the map frame */
    zg_label_grid boxes; /* what labels must not cover */
    zg_status st;
} map_draw;

static void set_rgba(cairo_t *cr, const double c[4])
{
    cairo_set_source_rgba(cr, c[0], c[1], c[2], c[3]);
}

/* The path of a feature. Vertices closer than a quarter point to the
 * last one drawn are skipped: invisible, and they would make a PDF or
 * SVG of detailed district boundaries needlessly large. */
static void feat_path(map_draw *m, const map_layer *L, const map_feat *f)
{
    cairo_t *cr = m->cr;
    for (size_t r = f->ring0; r < f->ring0 + f->nrings; r++) {
        const map_ring *ring = &L->rings[r];
        double px = 0, py = 0;
        for (size_t k = 0; k < ring->npt; k++) {
            const double *p = &L->pts[2 * (ring->pt0 + k)];
            double x, y;
            view_xy(&m->v, p[0], p[1], &x, &y);
            if (k == 0) {
                cairo_move_to(cr, x, y);
            } else if (k + 1 == ring->npt ||
                       (x - px) * (x - px) + (y - py) * (y - py) > 0.0625) {
                cairo_line_to(cr, x, y);
            } else {
                continue;
            }
            px = x;
            py = y;
        }
        cairo_close_path(cr);
    }
}

void zg_map_apply_style(cairo_t *cr, const zg_map_style *st)
{
    if (st->fill[3] > 0) {
        set_rgba(cr, st->fill);
        cairo_fill_preserve(cr);
    }
    set_rgba(cr, st->line);
    cairo_set_line_width(cr, st->width);
    if (st->dashed) {
        double dash[] = {2.5 * st->width, 1.5 * st->width};
        cairo_set_dash(cr, dash, 2, 0);
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

static const map_style *style_of(int layer, int cls)
{
    switch (layer) {
    case L_DISTRICTS: return ZG_ST_DISTRICT;
    case L_CLUSTERS: return &ZG_ST_CLUSTER[cls ? 1 : 0];
    case L_PROPOSALS: return &ZG_ST_PROPOSAL[cls & 3];
    case L_RESERVE: return ZG_ST_RESERVE;
    case L_OVERLAPS: return ZG_ST_OVERLAP;
    case L_RESID: return ZG_ST_RESID;
    default: return ZG_ST_NEW;
    }
}

static void draw_layer(map_draw *m, int layer, bool outline_only)
{
    const map_layer *L = &m->d->ml->L[layer];
    cairo_set_fill_rule(m->cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(m->cr, CAIRO_LINE_JOIN_ROUND);
    for (size_t i = 0; i < L->nfeats; i++) {
        cairo_new_path(m->cr);
        feat_path(m, L, &L->feats[i]);
        map_style st = *style_of(layer, L->feats[i].cls);
        if (outline_only)
            st.fill[3] = 0;
        zg_map_apply_style(m->cr, &st);
    }
}

static void add_box(map_draw *m, double x0, double y0, double x1, double y1,
                    int layer, size_t owner);

/* A ring around each feature too small to see at the map's scale: an
 * overlap of a few hectares is a fraction of a millimetre on a map of a
 * province, and it is what a planner most needs to find. */
static void draw_markers(map_draw *m, int layer)
{
    const map_layer *L = &m->d->ml->L[layer];
    const map_style *st = style_of(layer, 0);
    for (size_t i = 0; i < L->nfeats; i++) {
        double x0, y0, x1, y1, cx, cy;
        view_xy(&m->v, L->feats[i].bb[0], L->feats[i].bb[1], &x0, &y0);
        view_xy(&m->v, L->feats[i].bb[2], L->feats[i].bb[3], &x1, &y1);
        if (fabs(x1 - x0) > 6 && fabs(y1 - y0) > 6)
            continue;
        view_xy(&m->v, L->feats[i].lx, L->feats[i].ly, &cx, &cy);
        cairo_new_path(m->cr);
        cairo_arc(m->cr, cx, cy, 5.5, 0, 2 * M_PI);
        set_rgba(m->cr, st->fill);
        cairo_set_line_width(m->cr, 1.4);
        cairo_stroke(m->cr);
        add_box(m, cx - 6.5, cy - 6.5, cx + 6.5, cy + 6.5, layer, 0);
    }
}

PangoLayout *zg_map_text_layout(PangoContext *pc, const char *text,
                                double size, bool bold, double width,
                                unsigned *unknown_glyphs)
{
    PangoLayout *lay = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, "DejaVu Sans");
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    if (bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(lay, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(lay, text, -1);
    *unknown_glyphs += (unsigned)pango_layout_get_unknown_glyphs_count(lay);
    return lay;
}

static PangoLayout *text_layout(map_draw *m, const char *text, double size,
                                bool bold, double width)
{
    return zg_map_text_layout(m->pc, text, size, bold, width,
                              &m->d->unknown_glyphs);
}

static void layout_size(PangoLayout *lay, double *w, double *h)
{
    int iw, ih;
    pango_layout_get_size(lay, &iw, &ih);
    *w = (double)iw / PANGO_SCALE;
    *h = (double)ih / PANGO_SCALE;
}

double zg_map_show_text(cairo_t *cr, PangoContext *pc, double x, double y,
                        const char *text, double size, bool bold,
                        double width, double grey, unsigned *unknown_glyphs)
{
    PangoLayout *lay = zg_map_text_layout(pc, text, size, bold, width,
                                          unknown_glyphs);
    int iw, ih;
    pango_layout_get_size(lay, &iw, &ih);
    cairo_set_source_rgb(cr, grey, grey, grey);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, lay);
    g_object_unref(lay);
    return (double)ih / PANGO_SCALE;
}

static double show_text(map_draw *m, double x, double y, const char *text,
                        double size, bool bold, double width, double grey)
{
    return zg_map_show_text(m->cr, m->pc, x, y, text, size, bold, width,
                            grey, &m->d->unknown_glyphs);
}

static bool box_free(map_draw *m, double x0, double y0, double x1,
                     double y1, int layer, size_t owner)
{
    if (x0 < m->fx0 + 2 || y0 < m->fy0 + 2 || x1 > m->fx1 - 2 ||
        y1 > m->fy1 - 2)
        return false;
    return zg_label_grid_clear(&m->boxes, x0, y0, x1, y1, layer, owner);
}

static void add_box(map_draw *m, double x0, double y0, double x1, double y1,
                    int layer, size_t owner)
{
    if (!m->st)
        m->st = zg_label_grid_add(&m->boxes, x0, y0, x1, y1, layer, owner);
}

/* The page box of a feature. */
static void feat_box(const map_draw *m, const map_feat *f, double b[4])
{
    view_xy(&m->v, f->bb[0], f->bb[3], &b[0], &b[1]);
    view_xy(&m->v, f->bb[2], f->bb[1], &b[2], &b[3]);
}

/* Labels go beside their feature (right, left, above, below), never on
 * another label or another cluster; a label that finds no room is left
 * out rather than printed over something. A pale box keeps it legible
 * over any fill. The text stays text (glyphs, not outlines): the PDF can
 * be searched for a cluster's name, and the SVG stays small, which the
 * report that inlines it needs; a halo would have to be outlines. */
static void draw_labels(map_draw *m, int layer, double size, double grey,
                        bool beside)
{
    const map_layer *L = &m->d->ml->L[layer];
    for (size_t i = 0; i < L->nfeats && !m->st; i++) {
        const map_feat *f = &L->feats[i];
        if (!f->label)
            continue;
        PangoLayout *lay = text_layout(m, f->label, size, false, 0);
        double w, h, b[4], ax, ay;
        layout_size(lay, &w, &h);
        feat_box(m, f, b);
        view_xy(&m->v, f->lx, f->ly, &ax, &ay);
        /* Beside, then at the corners, then a little further out (past
         * a marker ring), then over the feature as a last resort; a
         * district's name goes over it, or nudged around its centre. */
        double cand[][2] = {{b[2] + 2, ay - h / 2},
                            {b[0] - 2 - w, ay - h / 2},
                            {ax - w / 2, b[1] - 1 - h},
                            {ax - w / 2, b[3] + 1},
                            {b[2] + 1, b[1] - h},
                            {b[2] + 1, b[3]},
                            {b[0] - 1 - w, b[1] - h},
                            {b[0] - 1 - w, b[3]},
                            {b[2] + 9, ay - h / 2},
                            {b[0] - 9 - w, ay - h / 2},
                            {ax - w / 2, ay - h / 2},
                            {ax - w / 2, ay - 1.8 * h},
                            {ax - w / 2, ay + 0.8 * h},
                            {ax - w, ay - h / 2},
                            {ax, ay - h / 2}};
        int n = (int)(sizeof cand / sizeof cand[0]);
        int first = beside ? 0 : 10, last = beside ? 11 : n;
        for (int c = first; c < last; c++) {
            double x = cand[c][0], y = cand[c][1];
            if (!box_free(m, x, y, x + w, y + h, layer, i + 1))
                continue;
            cairo_new_path(m->cr);
            cairo_rectangle(m->cr, x - 1, y, w + 2, h);
            cairo_set_source_rgba(m->cr, 1, 1, 1, 0.72);
            cairo_fill(m->cr);
            cairo_set_source_rgb(m->cr, grey, grey, grey);
            cairo_move_to(m->cr, x, y);
            pango_cairo_show_layout(m->cr, lay);
            add_box(m, x, y, x + w, y + h, layer, 0);
            break;
        }
        g_object_unref(lay);
    }
}

/* Legend text for each thing drawn, in the map's language. */
typedef struct legend_item {
    const map_style *style;
    char text[160];
} legend_item;

static size_t legend_items(const map_doc *d, legend_item *it)
{
    size_t n = 0;
    bool en = d->en;
#define ITEM(st, ...)                                                       \
    do {                                                                    \
        it[n].style = (st);                                                 \
        snprintf(it[n].text, sizeof it[n].text, __VA_ARGS__);               \
        n++;                                                                \
    } while (0)
    const map_layer *L = d->ml->L;
    if (L[L_DISTRICTS].nfeats)
        ITEM(ZG_ST_DISTRICT, "%s", d->boundaries_label);
    if (L[L_CLUSTERS].ncls[1]) {
        ITEM(&ZG_ST_CLUSTER[0], en ? "Existing clusters (%zu)"
                                : "Cụm công nghiệp hiện có (%zu)",
             L[L_CLUSTERS].ncls[0]);
        ITEM(&ZG_ST_CLUSTER[1], en ? "Proposed clusters (%zu)"
                                : "Cụm công nghiệp đề xuất (%zu)",
             L[L_CLUSTERS].ncls[1]);
    } else if (L[L_CLUSTERS].nfeats) {
        ITEM(&ZG_ST_CLUSTER[0], en ? "Industrial clusters (%zu)"
                                : "Cụm công nghiệp (%zu)",
             L[L_CLUSTERS].nfeats);
    }
    static const char *const VERDICT_VI[] = {"đạt", "cảnh báo", "không đạt",
                                             "chưa đánh giá"};
    static const char *const VERDICT_EN[] = {"pass", "warning", "fail",
                                             "not assessed"};
    for (int c = 0; c < 4; c++)
        if (L[L_PROPOSALS].ncls[c])
            ITEM(&ZG_ST_PROPOSAL[c], en ? "Proposal: %s (%zu)"
                                     : "Đề xuất: %s (%zu)",
                 en ? VERDICT_EN[c] : VERDICT_VI[c], L[L_PROPOSALS].ncls[c]);
    if (L[L_RESID].nfeats)
        ITEM(ZG_ST_RESID, "%s%s%s", en ? "Residential land" : "Đất ở",
             d->ml->resid_label ? (en ? ", " : " năm ") : "",
             d->ml->resid_label ? d->ml->resid_label : "");
    if (L[L_RESERVE].nfeats)
        ITEM(ZG_ST_RESERVE, "%s", en ? "Free land for industry"
                                   : "Đất còn trống cho công nghiệp");
    if (L[L_OVERLAPS].nfeats)
        ITEM(ZG_ST_OVERLAP, en ? "Overlap between clusters (%zu)"
                             : "Chồng lấn giữa các cụm (%zu)",
             L[L_OVERLAPS].nfeats);
    if (L[L_NEW].nfeats)
        ITEM(ZG_ST_NEW, "%s%s%s",
             en ? "New housing" : "Nhà ở mới xây",
             d->epochs ? " " : "", d->epochs ? d->epochs : "");
#undef ITEM
    return n;
}

static double draw_legend(map_draw *m, double x, double y, double w)
{
    legend_item it[16];
    size_t n = legend_items(m->d, it);
    y += show_text(m, x, y, m->d->en ? "LEGEND" : "CHÚ GIẢI", 9.5, true, w,
                   0.1) + 6;
    if (n == 0)
        y += show_text(m, x, y, m->d->en ? "No geometry to draw in this "
                       "database." : "Cơ sở dữ liệu không có đối tượng "
                       "hình học để vẽ.", 8, false, w, 0.3) + 4;
    for (size_t i = 0; i < n; i++) {
        PangoLayout *lay = text_layout(m, it[i].text, 8, false, w - 24);
        double tw, th;
        layout_size(lay, &tw, &th);
        double sy = y + fmax(th, 11) / 2 - 5;
        cairo_new_path(m->cr);
        cairo_rectangle(m->cr, x + 1, sy, 17, 10);
        zg_map_apply_style(m->cr, it[i].style);
        cairo_set_source_rgb(m->cr, 0.15, 0.15, 0.15);
        cairo_move_to(m->cr, x + 24, y + fmax(th, 11) / 2 - th / 2);
        pango_cairo_show_layout(m->cr, lay);
        g_object_unref(lay);
        y += fmax(th, 11) + 5;
    }
    return y;
}

static void draw_north(map_draw *m, double cx, double top)
{
    cairo_t *cr = m->cr;
    PangoLayout *lay = text_layout(m, m->d->en ? "N" : "B", 10, true, 0);
    double w, h;
    layout_size(lay, &w, &h);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, cx - w / 2, top);
    pango_cairo_show_layout(cr, lay);
    g_object_unref(lay);
    double t = top + h + 1;
    /* Left half filled, right half open: the classic arrow. */
    cairo_new_path(cr);
    cairo_move_to(cr, cx, t);
    cairo_line_to(cr, cx - 8, t + 26);
    cairo_line_to(cr, cx, t + 19);
    cairo_close_path(cr);
    cairo_fill(cr);
    cairo_move_to(cr, cx, t);
    cairo_line_to(cr, cx + 8, t + 26);
    cairo_line_to(cr, cx, t + 19);
    cairo_close_path(cr);
    cairo_set_line_width(cr, 0.8);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_stroke(cr);
}

/* Largest 1, 2 or 5 times a power of ten not above x. */
static double round_length(double x)
{
    double p = pow(10, floor(log10(x)));
    return x >= 5 * p ? 5 * p : x >= 2 * p ? 2 * p : p;
}

static void draw_scale_bar(map_draw *m, double x, double y, double max_w)
{
    cairo_t *cr = m->cr;
    double len_m = round_length(max_w / m->v.s);
    double len = len_m * m->v.s;
    bool km = len_m >= 1000;
    double unit = km ? 1000 : 1;
    /* Four segments, black and white in turn. */
    cairo_set_line_width(cr, 0.6);
    for (int i = 0; i < 4; i++) {
        cairo_rectangle(cr, x + len * i / 4, y, len / 4, 4.5);
        if (i % 2 == 0)
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        else
            cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_stroke(cr);
    }
    double ticks[3] = {0, len_m / 2, len_m};
    for (int i = 0; i < 3; i++) {
        char n[32], nvi[48], txt[64];
        snprintf(n, sizeof n, "%g", ticks[i] / unit);
        /* 2,5 km in Vietnamese: a decimal comma, as the report writes. */
        if (!m->d->en)
            zg_vi_number(n, nvi, sizeof nvi);
        snprintf(txt, sizeof txt, "%s%s", m->d->en ? n : nvi,
                 i == 2 ? (km ? " km" : " m") : "");
        PangoLayout *lay = text_layout(m, txt, 7, false, 0);
        double w, h;
        layout_size(lay, &w, &h);
        /* 0 starts at the bar's start, the middle is centred, and the
         * last, with its unit, ends at the bar's end. */
        double tx = x + len * i / 2 - (i == 0 ? 0 : i == 1 ? w / 2 : w);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_move_to(cr, tx, y + 6);
        pango_cairo_show_layout(cr, lay);
        g_object_unref(lay);
    }
}

static void draw_page(map_draw *m)
{
    cairo_t *cr = m->cr;
    map_doc *d = m->d;
    double W = m->W, H = m->H;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);

    /* Title and date. */
    PangoLayout *t = text_layout(m, d->title, 16, true, W - 2 * MARGIN);
    pango_layout_set_ellipsize(t, PANGO_ELLIPSIZE_END);
    pango_layout_set_height(t, 0); /* one line */
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, MARGIN, MARGIN - 4);
    pango_cairo_show_layout(cr, t);
    g_object_unref(t);
    char *sub = zg_asprintf(d->ctx, "%s %s", d->en ? "Date:" : "Ngày lập:",
                            d->date);
    if (!sub) {
        m->st = zg_nomem(d->ctx, "map title");
        return;
    }
    show_text(m, MARGIN, MARGIN + 19, sub, 9, false, W - 2 * MARGIN, 0.35);
    zg_free(d->ctx, sub);

    /* The map frame and what is in it. */
    m->fx0 = MARGIN;
    m->fy0 = MARGIN + TITLE_H;
    m->fx1 = W - MARGIN - PANEL_W - GAP;
    m->fy1 = H - MARGIN;
    zg_label_grid_init(&m->boxes, d->ctx, m->fx0, m->fy0, m->fx1, m->fy1);
    double bb[4] = {105.3, 20.55, 106.05, 21.4}; /* Hà Nội, when empty */
    view_init(&m->v, d->ml->has_bb ? d->ml->bb : bb, m->fx0, m->fy0, m->fx1,
              m->fy1);
    cairo_save(cr);
    cairo_rectangle(cr, m->fx0, m->fy0, m->fx1 - m->fx0, m->fy1 - m->fy0);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 0.985, 0.985, 0.975);
    cairo_paint(cr);
    for (int i = 0; i < L_N; i++) {
        draw_layer(m, i, false);
        /* The clusters' outlines once more, over the housing around them
         * and under what is judged on them. */
        if (i == L_NEW)
            draw_layer(m, L_CLUSTERS, true);
    }
    draw_markers(m, L_OVERLAPS);
    /* Clusters, proposals and overlaps are obstacles for labels. */
    static const int OBST[] = {L_CLUSTERS, L_PROPOSALS, L_OVERLAPS};
    for (size_t k = 0; k < 3; k++) {
        const map_layer *L = &d->ml->L[OBST[k]];
        for (size_t i = 0; i < L->nfeats; i++) {
            double b[4];
            feat_box(m, &L->feats[i], b);
            add_box(m, b[0], b[1], b[2], b[3], OBST[k], i + 1);
        }
    }
    draw_labels(m, L_PROPOSALS, 7, 0.1, true);
    draw_labels(m, L_CLUSTERS, 6.5, 0.15, true);
    draw_labels(m, L_DISTRICTS, 6.5, 0.55, false);
    cairo_restore(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, m->fx0, m->fy0, m->fx1 - m->fx0, m->fy1 - m->fy0);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);

    /* The panel: legend, north arrow and scale bar, then the sources. */
    double px = m->fx1 + GAP, pw = PANEL_W;
    double y = draw_legend(m, px, m->fy0, pw) + 10;
    draw_north(m, px + 12, y);
    draw_scale_bar(m, px + 36, y + 22, pw - 56);
    char lat[32], lat_vi[48];
    snprintf(lat, sizeof lat, "%.2f", m->v.lat0);
    zg_vi_number(lat, lat_vi, sizeof lat_vi);
    char *note = zg_asprintf(
        d->ctx, d->en ? "%s\nDrawn in WGS 84 longitude/latitude scaled for "
                        "latitude %s°; the scale bar holds there.\n"
                        "zoneguard %s"
                      : "%s\nVẽ theo kinh độ/vĩ độ WGS 84, tỷ lệ tính tại vĩ "
                        "độ %s° (thước tỷ lệ đúng tại đó).\nzoneguard %s",
        d->source, d->en ? lat : lat_vi, zg_version());
    if (!note) {
        m->st = zg_nomem(d->ctx, "map notes");
        return;
    }
    PangoLayout *nl = text_layout(m, note, 6.5, false, pw);
    zg_free(d->ctx, note);
    double nw, nh;
    layout_size(nl, &nw, &nh);
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    cairo_move_to(cr, px, m->fy1 - nh);
    pango_cairo_show_layout(cr, nl);
    g_object_unref(nl);
}

/* Draw the page onto cr (user units: points). */
static zg_status draw(map_doc *d, cairo_t *cr, double W, double H)
{
    map_draw m;
    memset(&m, 0, sizeof m);
    m.d = d;
    m.cr = cr;
    m.W = W;
    m.H = H;
    /* A font map of our own, freed when done: the shared default one is
     * per thread and never released, and a context may be used from
     * different threads over its life. */
    PangoFontMap *fm = pango_cairo_font_map_new();
    m.pc = pango_font_map_create_context(fm);
    pango_cairo_context_set_resolution(m.pc, 72.0);
    /* No hinting: glyphs at the same places in the PNG, PDF and SVG. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(m.pc, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_update_context(cr, m.pc);
    /* Made again over the frame, when draw_page knows it. */
    zg_label_grid_init(&m.boxes, d->ctx, 0, 0, 0, 0);
    draw_page(&m);
    g_object_unref(m.pc);
    g_object_unref(fm);
    zg_label_grid_free(&m.boxes);
    if (d->unknown_glyphs)
        zg_msg(d->ctx, ZG_MSG_WARNING, "the map font (DejaVu Sans) lacks %u "
               "of the characters of its labels; they show as boxes "
               "(install fonts-dejavu-core)", d->unknown_glyphs);
    return m.st;
}

/* ---- surfaces ---------------------------------------------------------- */

static zg_status cairo_failed(zg_ctx *ctx, cairo_status_t cs,
                              const char *path)
{
    if (cs == CAIRO_STATUS_NO_MEMORY)
        return zg_nomem(ctx, "map drawing");
    return zg_fail(ctx, ZG_ERR_OUTPUT, "cairo cannot write the map: %s (%s)",
                   cairo_status_to_string(cs), path);
}

/* Draw onto a new surface and finish it; the surface is destroyed. */
static zg_status draw_surface(map_doc *d, cairo_surface_t *surf, double W,
                              double H, double scale, const char *path)
{
    cairo_status_t cs = cairo_surface_status(surf);
    zg_status st = ZG_OK;
    if (cs == CAIRO_STATUS_SUCCESS) {
        cairo_t *cr = cairo_create(surf);
        cairo_scale(cr, scale, scale);
        st = draw(d, cr, W, H);
        cs = cairo_status(cr);
        cairo_destroy(cr);
    }
    cairo_surface_finish(surf);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (!st && cs != CAIRO_STATUS_SUCCESS)
        st = cairo_failed(d->ctx, cs, path);
    return st;
}

static cairo_status_t to_sbuf(void *closure, const unsigned char *data,
                              unsigned int length)
{
    zg_sbuf *b = closure;
    zg_sbuf_addn(b, (const char *)data, length);
    return b->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

zg_status zg_map_svg(zg_ctx *ctx, zg_rdb *r, const zg_map_layers *ml,
                     const zg_map_opts *opts, zg_sbuf *svg)
{
    map_doc d;
    zg_status st = doc_load(&d, ctx, r, ml, opts);
    int page = opts && opts->page == ZG_PAGE_A3 ? 1 : 0;
    double W = PAGE_PT[page][0], H = PAGE_PT[page][1];
    if (!st) {
        cairo_surface_t *s = cairo_svg_surface_create_for_stream(to_sbuf,
                                                                 svg, W, H);
        cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
        st = draw_surface(&d, s, W, H, 1.0, "(report map)");
        if (svg->failed)
            st = zg_nomem(ctx, "map SVG");
    }
    doc_free(&d);
    return st;
}

static bool has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

zg_status zg_render_map(zg_ctx *ctx, const char *results_sqlite,
                        const char *path, unsigned flags,
                        const zg_map_opts *opts)
{
    return zg_map_render_layers(ctx, results_sqlite, NULL, path, flags,
                                opts);
}

zg_status zg_map_render_layers(zg_ctx *ctx, const char *results_sqlite,
                               const zg_map_layers *ml, const char *path,
                               unsigned flags, const zg_map_opts *opts)
{
    if (!ctx)
        return ZG_ERR_USAGE;
    if (!results_sqlite || !path)
        return zg_fail(ctx, ZG_ERR_USAGE, "the map needs a results database "
                       "and an output file");
    int fmt = has_ext(path, ".png") ? 0 : has_ext(path, ".pdf") ? 1
              : has_ext(path, ".svg") ? 2 : -1;
    if (fmt < 0)
        return zg_fail(ctx, ZG_ERR_USAGE, "unknown map format: name the "
                       "output .png, .pdf or .svg (%s)", path);
    bool en;
    zg_status st = zg_report_lang(ctx, opts ? opts->lang : NULL, &en);
    if (st)
        return st;
    zg_rdb r;
    st = zg_rdb_open(ctx, results_sqlite, opts ? opts->run_id : 0, &r);
    if (st)
        return st;
    map_doc d;
    st = doc_load(&d, ctx, &r, ml, opts);
    zg_rdb_close(&r);
    static const char *const LEAF[] = {"map.png", "map.pdf", "map.svg"};
    zg_stage stage;
    memset(&stage, 0, sizeof stage);
    if (!st)
        st = zg_stage_open(ctx, path, flags, LEAF[fmt], &stage);
    int page = opts && opts->page == ZG_PAGE_A3 ? 1 : 0;
    double W = PAGE_PT[page][0], H = PAGE_PT[page][1];
    if (!st && fmt == 0) {
        double k = MAP_PNG_DPI / 72.0;
        cairo_surface_t *s = cairo_image_surface_create(
            CAIRO_FORMAT_ARGB32, (int)lround(W * k), (int)lround(H * k));
        cairo_status_t cs = cairo_surface_status(s);
        if (cs == CAIRO_STATUS_SUCCESS) {
            cairo_t *cr = cairo_create(s);
            cairo_scale(cr, k, k);
            st = draw(&d, cr, W, H);
            cs = cairo_status(cr);
            cairo_destroy(cr);
        }
        if (!st && cs == CAIRO_STATUS_SUCCESS)
            cs = cairo_surface_write_to_png(s, stage.tmpfile);
        cairo_surface_destroy(s);
        if (!st && cs != CAIRO_STATUS_SUCCESS)
            st = cairo_failed(ctx, cs, path);
    } else if (!st && fmt == 1) {
        cairo_surface_t *s = cairo_pdf_surface_create(stage.tmpfile, W, H);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d.title);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
                                       "zoneguard " ZG_VERSION_STRING);
        st = draw_surface(&d, s, W, H, 1.0, path);
    } else if (!st) {
        cairo_surface_t *s = cairo_svg_surface_create(stage.tmpfile, W, H);
        cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
        st = draw_surface(&d, s, W, H, 1.0, path);
    }
    if (!st)
        st = zg_progress(ctx, 0.5, 1, 1, "map");
    if (!st)
        st = zg_stage_commit(ctx, &stage);
    zg_stage_discard(ctx, &stage);
    doc_free(&d);
    return st;
}
