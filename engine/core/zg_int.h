/* SPDX-License-Identifier: MIT
 *
 * zg_int.h: what the modules of libzoneguard share and the public header
 * does not show: the context's insides, the allocation and error helpers,
 * the quality-assurance log, and the in-memory layer.
 *
 * Nothing here is exported: the library is built with -fvisibility=hidden
 * and only ZG_API functions of zoneguard.h are visible.
 */
#ifndef ZG_INT_H
#define ZG_INT_H

#include "zoneguard.h"

#include <geodesic.h>
#include <geos_c.h>
#include <proj.h>
#include <stdarg.h>
#include <stdbool.h>

#if defined(__GNUC__)
#define ZG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ZG_PRINTF(f, a)
#endif

/* SQLite's ALWAYS/NEVER: document an invariant, assert it in debug builds,
 * and keep the defensive branch in release builds. */
#ifndef NDEBUG
#include <assert.h>
#define ZG_ALWAYS(x) (assert(x), 1)
#define ZG_NEVER(x) (assert(!(x)), 0)
#else
#define ZG_ALWAYS(x) (x)
#define ZG_NEVER(x) (x)
#endif

#include <stdlib.h>

/* qsort that accepts an empty (possibly NULL) array, which qsort itself
 * does not (UBSan says so). */
static inline void zg_sort(void *base, size_t n, size_t size,
                           int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

#define ZG_ERRMSG_MAX 2048
#define ZG_LIBMSG_MAX 1024

struct zg_ctx {
    zg_allocator alloc; /* always set: the C library's when none given */
    GEOSContextHandle_t geos;
    PJ_CONTEXT *pj;
    struct geod_geodesic wgs84; /* the WGS 84 ellipsoid, VN-2000's too */
    char errmsg[ZG_ERRMSG_MAX];
    /* The last message each library sent, kept so that the error we
     * report can say what the library said. Cleared by zg_libmsg_clear. */
    char geos_msg[ZG_LIBMSG_MAX];
    char proj_msg[ZG_LIBMSG_MAX];
    char gdal_msg[ZG_LIBMSG_MAX];
    int gdal_depth; /* nesting of zg_gdal_begin/end */
    zg_msg_fn msg_fn;
    void *msg_ud;
    zg_progress_fn progress_fn;
    void *progress_ud;
    /* Transformations already asked of PROJ's database (20 ms each): a
     * run asks for the same ones several times. Owned; see crs.c. */
    struct zg_xform_memo {
        PJ *src, *dst, *op;
    } xform_memo[8];
    int nxform_memo;
    /* The run's shared reads, when a run planned them (pass.c): the
     * streaming overlay answers from them. Borrowed. */
    struct zg_pass *pass;
};

/* ---- allocation (through the context's hooks) ------------------------- */

void *zg_malloc(zg_ctx *ctx, size_t n);
void *zg_calloc(zg_ctx *ctx, size_t count, size_t size);
void *zg_realloc(zg_ctx *ctx, void *p, size_t n);
void zg_free(zg_ctx *ctx, void *p);
/* New copy of s (NULL gives NULL); caller frees with zg_free. */
char *zg_strdup(zg_ctx *ctx, const char *s);
/* Replace the option string *slot (owned) with a copy of value (NULL
 * clears it). ZG_ERR_NOMEM leaves *slot as it was. */
zg_status zg_opt_string(zg_ctx *ctx, char **slot, const char *value);
/* New string from a printf format; NULL when out of memory. */
char *zg_asprintf(zg_ctx *ctx, const char *fmt, ...) ZG_PRINTF(2, 3);

/* Grow an array to hold at least `need` items of `size` bytes.
 * Returns ZG_OK or ZG_ERR_NOMEM (the array is then unchanged). */
zg_status zg_grow(zg_ctx *ctx, void **arr, size_t *cap, size_t need,
                  size_t size);

/* ---- the error funnel -------------------------------------------------- */

/* Record a failure on the context and return its status, so that call sites
 * read `return zg_fail(ctx, ZG_ERR_INPUT, "...");`. */
zg_status zg_fail(zg_ctx *ctx, zg_status st, const char *fmt, ...)
    ZG_PRINTF(3, 4);
/* The out-of-memory failure, with the place it happened. */
zg_status zg_nomem(zg_ctx *ctx, const char *where);
/* Send an informational message or warning to the message handler. */
void zg_msg(zg_ctx *ctx, zg_msg_level level, const char *fmt, ...)
    ZG_PRINTF(3, 4);

/* Route GDAL's CPLError messages into the context for the duration of a
 * GDAL call sequence. Pairs nest. */
void zg_gdal_begin(zg_ctx *ctx);
void zg_gdal_end(zg_ctx *ctx);
/* The last message of each library ("" if none), and a reset. */
const char *zg_gdal_lastmsg(const zg_ctx *ctx);
const char *zg_geos_lastmsg(const zg_ctx *ctx);
const char *zg_proj_lastmsg(const zg_ctx *ctx);
void zg_libmsg_clear(zg_ctx *ctx);

/* ---- progress ---------------------------------------------------------- */

/* Report progress within [lo, hi] of the whole call; frac is 0..1 of the
 * stage. Returns ZG_OK, or ZG_ERR_CANCELLED (with the message set) when the
 * callback asked to stop. */
zg_status zg_progress(zg_ctx *ctx, double lo, double hi, double frac,
                      const char *stage);

/* ---- strings ----------------------------------------------------------- */

bool zg_streq_nocase(const char *a, const char *b);
/* True when s (len bytes) is well-formed UTF-8 (no overlongs, no
 * surrogates). */
bool zg_utf8_valid(const char *s, size_t len);
/* New copy of s in which every ill-formed byte is replaced by U+FFFD. */
char *zg_utf8_sanitize(zg_ctx *ctx, const char *s, size_t len);
/* New UTF-8 string decoded from `len` bytes in `encoding` with iconv
 * (flushing the decoder's state, which GDAL 3.6 forgets to do). Sets
 * *lossy when some bytes could not be decoded and were replaced. */
char *zg_decode_iconv(zg_ctx *ctx, const char *encoding, const char *s,
                      size_t len, bool *lossy);

/* A number as a register writes it: digits with Vietnamese (1.234,5) or
 * English (1,234.5) separators, or a decimal comma (12,5). Anything else
 * (a sign, an exponent, hexadecimal, "1,234" which means 1234 or 1.234,
 * a value out of range) is no number: returns why (a static string) and
 * sets *out to NaN. Returns NULL when *out holds the number. */
const char *zg_parse_decimal(const char *s, double *out);

/* ---- CSV (zoneguard's own data files) --------------------------------- */

typedef struct zg_csv_row {
    char **fields; /* NUL-terminated, owned */
    size_t nfields;
    size_t line; /* 1-based line where the record starts */
} zg_csv_row;

typedef struct zg_csv {
    zg_csv_row *rows; /* blank lines skipped; rows[0] is the header */
    size_t nrows;
} zg_csv;

/* Parse RFC 4180 text; `what` names the file in messages. */
zg_status zg_csv_parse(zg_ctx *ctx, const char *text, size_t len,
                       const char *what, zg_csv **out);
void zg_csv_free(zg_ctx *ctx, zg_csv *csv);
/* Read a whole file into a new NUL-terminated buffer. */
zg_status zg_read_file(zg_ctx *ctx, const char *path, char **text,
                       size_t *len);

/* A value from a file, cut to fit in an error message: the first bytes of
 * `s` that fit in `cap` (cut at a UTF-8 character boundary) with "..."
 * when cut. Without it a long value (a quoted CSV field may span the
 * whole file) pushes the line and file name off the end of the message.
 * `cap` is at least 4. Returns buf. ZG_CLIP_BUF is the size the parsers
 * use. */
#define ZG_CLIP_BUF 80
const char *zg_clip(const char *s, char *buf, size_t cap);

/* A file-name-safe copy of a user label: ASCII letters, digits, '-' and
 * '_' kept, anything else (path separators, dots, quotes, non-ASCII)
 * becomes '_'. When that changed the label, or it is empty or longer than
 * cap - 1, the name is cut to leave room for '-' and 8 hex digits of the
 * label's SHA-256, so that different labels give different names.
 * cap must be at least 16. */
void zg_safe_name(const char *in, char *out, size_t cap);

/* ---- hashing ----------------------------------------------------------- */

/* SHA-256 of a file read through GDAL's VSI layer (so /vsizip/ works), as
 * 64 lower-case hex digits plus NUL in out. */
zg_status zg_sha256_file(zg_ctx *ctx, const char *path, char out[65]);
/* SHA-256 of `len` bytes, as 64 lower-case hex digits plus NUL. */
void zg_sha256_hex(const void *data, size_t len, char out[65]);

/* ---- quality-assurance log --------------------------------------------- */

typedef struct zg_qa_row {
    char *layer;      /* input role and layer, e.g. "clusters:hanoi" */
    char *feature_id; /* "" for layer-level notes */
    char *problem;
    char *action;
    double area_before_m2; /* NaN when not applicable */
    double area_after_m2;
    unsigned long long order; /* sort key when rows come from threads */
} zg_qa_row;

typedef struct zg_qa_log {
    zg_qa_row *rows;
    size_t n, cap;
} zg_qa_log;

zg_status zg_qa_add(zg_ctx *ctx, zg_qa_log *log, const char *layer,
                    const char *feature_id, const char *problem,
                    const char *action, double area_before_m2,
                    double area_after_m2);
void zg_qa_clear(zg_ctx *ctx, zg_qa_log *log);

/* ---- CRS --------------------------------------------------------------- */

/* A source CRS resolved to something PROJ can transform from. */
struct zg_source;
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

/* ---- the in-memory layer ----------------------------------------------- */

typedef enum zg_field_kind {
    ZG_FIELD_INT = 0,
    ZG_FIELD_REAL = 1,
    ZG_FIELD_TEXT = 2
} zg_field_kind;

typedef struct zg_field {
    char *name;     /* as in the source, UTF-8 */
    zg_field_kind kind;
} zg_field;

typedef struct zg_value {
    bool is_null;
    long long i;
    double d;
    char *s; /* UTF-8, owned (TEXT only) */
} zg_value;

typedef struct zg_feature {
    long long fid;
    char *id;
    char *name;
    zg_value *values;       /* nfields values */
    GEOSGeometry *geom_src; /* valid, polygonal, 2D, source CRS */
    GEOSGeometry *geom_ll;  /* the same in WGS 84 lon/lat */
    bool repaired;
} zg_feature;

typedef struct zg_input_file {
    char *path;
    char sha256[65];
} zg_input_file;

struct zg_input_opts {
    zg_ctx *ctx;
    char *role;
    char *path;
    char *layer;
    char *s_srs;
    char *a_srs; /* replaces the declared CRS (a wrong .prj) */
    char *encoding;
    char *id_field;
    char *name_field;
};

struct zg_layer {
    zg_ctx *ctx;
    char *role;
    char *path;
    char *layer_name;
    char *driver;
    char *encoding_used; /* how attribute text was decoded */
    zg_crs crs;
    char *crs_declared; /* what the source declared, when a_srs replaced
                           it (for run_inputs); NULL otherwise */
    char *id_field;   /* NULL: FID */
    char *name_field; /* NULL: none */
    zg_field *fields;
    size_t nfields;
    zg_feature *feats;
    size_t n, cap;
    size_t skipped;
    size_t repaired;
    zg_input_file *files;
    size_t nfiles;
    zg_qa_log qa;
};

/* "role:layer" label used in qa_log and messages. New string. */
char *zg_layer_label(zg_ctx *ctx, const zg_layer *layer);

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
/* ZG_ERR_GEOM, naming the file, layer and feature, when a feature of l
 * is such (in its own degrees or in WGS 84's): for the layers whose
 * features an overlay cuts (clusters, proposals, parks). */
zg_status zg_layer_check_cuttable(zg_ctx *ctx, const zg_layer *l);

#endif /* ZG_INT_H */
