/* SPDX-License-Identifier: MIT
 *
 * zoneguard.h: the one public header of libzoneguard.
 *
 * zoneguard measures industrial clusters (CCN) and parks (KCN) the way a
 * planner must defend the numbers: true ellipsoidal areas, planar areas in
 * the official VN-2000 TM-3 plane, invalid geometry repaired and logged, and
 * results written to SpatiaLite and RFC 7946 GeoJSON.
 *
 * Conventions (read these once, they hold for every function below):
 *  - Every fallible function returns a zg_status; ZG_OK is 0. Results come
 *    back through out-parameters, which are left untouched on failure.
 *  - On failure the context holds a message: zg_ctx_errmsg(). The message
 *    names the file, layer and feature when there is one.
 *  - A zg_ctx is used by one thread at a time (as a GEOS context handle).
 *    Threads each make their own.
 *  - Ownership is written on every function: "New X; caller frees with
 *    zg_x_free()" or "borrowed: valid until ...". Every *_free accepts NULL.
 *  - Units are in names: area_m2, area_ha, buffer_m, lon_deg.
 */
#ifndef ZONEGUARD_H
#define ZONEGUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ZG_BUILDING_LIBRARY) && defined(__GNUC__)
#define ZG_API __attribute__((visibility("default")))
#else
#define ZG_API
#endif

#define ZG_VERSION_MAJOR 0
#define ZG_VERSION_MINOR 1
#define ZG_VERSION_PATCH 0
#define ZG_VERSION_STRING "0.1.0"

/* ------------------------------------------------------------------------ */
/* Status                                                                    */
/* ------------------------------------------------------------------------ */

/** Result of every fallible call. Values are fixed and never reused. */
typedef enum zg_status {
    ZG_OK = 0,
    ZG_ERR_USAGE = 1,     /**< bad option or argument */
    ZG_ERR_INPUT = 2,     /**< input cannot be opened, read, or has no polygon */
    ZG_ERR_CRS = 3,       /**< missing/unknown CRS, impossible coordinates */
    ZG_ERR_GEOM = 4,      /**< geometry that cannot be repaired or measured */
    ZG_ERR_OUTPUT = 5,    /**< output exists, cannot be written or renamed */
    ZG_ERR_NOMEM = 6,     /**< an allocation failed */
    ZG_ERR_CANCELLED = 7, /**< the progress callback asked to stop */
    ZG_ERR_INTERNAL = 8   /**< a bug: please report it */
} zg_status;

/** Short English name of a status ("input error"). Static storage. */
ZG_API const char *zg_status_str(zg_status s);

/** Library version string, e.g. "0.1.0". Static storage. */
ZG_API const char *zg_version(void);

/** Versions of the libraries in use, one per line ("GDAL 3.6.2", ...).
 *  Static storage, filled on first call (not thread-safe on that call). */
ZG_API const char *zg_library_versions(void);

/** The folder of zoneguard's data (code tables codes/, rules rules/, the
 *  demo scene demo/): $ZG_DATA_DIR when set; else, for an installed
 *  library, share/zoneguard beside it (found from the library's own path,
 *  so an install moved elsewhere still finds its data); else the source
 *  tree the library was built from. Static storage (or the environment's
 *  string): do not free. Thread-safe. */
ZG_API const char *zg_data_dir(void);

/* ------------------------------------------------------------------------ */
/* Context                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct zg_ctx zg_ctx;
/** A SpatiaLite database being written (see "Output" below). */
typedef struct zg_output zg_output;

/** Severity of a message sent to the message handler. */
typedef enum zg_msg_level {
    ZG_MSG_DEBUG = 0,
    ZG_MSG_INFO = 1,
    ZG_MSG_WARNING = 2,
    ZG_MSG_ERROR = 3
} zg_msg_level;

/** Receives informational messages and warnings (e.g. "feature 12
 *  repaired"). @p msg is borrowed for the duration of the call. */
typedef void (*zg_msg_fn)(zg_msg_level level, const char *msg, void *ud);

/** Progress callback, in GDAL's shape.
 *  @param[in] frac  fraction done, 0..1 (monotonic within one call)
 *  @param[in] stage short stage name ("read", "measure", "write")
 *  @param[in] ud    the user data given with the callback
 *  @return non-zero to go on, 0 to cancel (the call then returns
 *          ZG_ERR_CANCELLED and leaves no output behind).
 *  It may be called from a thread zoneguard started (a run reads two
 *  layers side by side), never by two threads at once, and always
 *  before the call it reports on returns. */
typedef int (*zg_progress_fn)(double frac, const char *stage, void *ud);

/** Allocator hooks: all of zoneguard's own allocations go through them
 *  (GDAL, GEOS, PROJ and SQLite keep their own). Used by fault-injection
 *  tests. All three must be given, or none. */
typedef struct zg_allocator {
    void *(*malloc_fn)(size_t size, void *ud);
    void *(*realloc_fn)(void *p, size_t size, void *ud);
    void (*free_fn)(void *p, void *ud);
    void *ud;
} zg_allocator;

/** Context configuration. Zero-initialise, then set what you need. */
typedef struct zg_ctx_config {
    const zg_allocator *allocator; /**< NULL: the C library's */
} zg_ctx_config;

/** Create a context: a GEOS handle, a PROJ context and an error buffer.
 *  The first context made in a process registers GDAL's drivers
 *  (GDALAllRegister) when none is registered yet; a host that registered
 *  its own set keeps it. Nothing else must be done before.
 *  @param[in]  cfg NULL for defaults; copied.
 *  @param[out] out the new context.
 *  @return ZG_OK, or ZG_ERR_NOMEM / ZG_ERR_INTERNAL (then *out is NULL).
 *  New context; caller frees with zg_ctx_free(). */
ZG_API zg_status zg_ctx_new(const zg_ctx_config *cfg, zg_ctx **out);

/** Free a context and everything it owns. NULL is a no-op. */
ZG_API void zg_ctx_free(zg_ctx *ctx);

/** Message of the last failure on this context ("" if none).
 *  Borrowed: valid until the next call on @p ctx. */
ZG_API const char *zg_ctx_errmsg(const zg_ctx *ctx);

/** Install a message handler. @return the previous handler. */
ZG_API zg_msg_fn zg_ctx_set_msg_handler(zg_ctx *ctx, zg_msg_fn fn, void *ud);

/** Install a progress callback (NULL: none). @return the previous one. */
ZG_API zg_progress_fn zg_ctx_set_progress(zg_ctx *ctx, zg_progress_fn fn,
                                          void *ud);

/* ------------------------------------------------------------------------ */
/* Inputs                                                                    */
/* ------------------------------------------------------------------------ */

/** How to read one vector input. Options object in the GEOS style: new,
 *  setters (each copies its string argument), free. */
typedef struct zg_input_opts zg_input_opts;

/** New input options for @p path (any GDAL vector source: a file, a
 *  /vsizip/ path, a directory). The role ("clusters", "landuse", ...)
 *  names the input in messages and in the `runs` record.
 *  @return New options, or NULL when out of memory; caller frees with
 *          zg_input_opts_free(). */
ZG_API zg_input_opts *zg_input_opts_new(zg_ctx *ctx, const char *role,
                                        const char *path);
ZG_API void zg_input_opts_free(zg_input_opts *o);
/** Layer to read when the source has several (NULL: the only one). */
ZG_API zg_status zg_input_opts_set_layer(zg_input_opts *o, const char *layer);
/** CRS to assume when the source declares none (EPSG:n, WKT, PROJ string).
 *  A declared CRS is never overridden. */
ZG_API zg_status zg_input_opts_set_s_srs(zg_input_opts *o, const char *crs);
/** CRS to read the source in whatever it declares (a wrong .prj: common in
 *  Vietnamese data), as GDAL's -a_srs. The replacement is logged in
 *  qa_log, and run_inputs.crs names both. NULL: the declared one. */
ZG_API zg_status zg_input_opts_set_a_srs(zg_input_opts *o, const char *crs);
/** Encoding of attribute text of a shapefile (DBF): "tcvn3" (also
 *  "tcvn", "tcvn5712-1", "abc"), "vni" ("vni-windows"), "cp1258"
 *  ("windows-1258", "1258"), "utf8" ("utf-8"), "latin1" ("iso-8859-1"),
 *  any other encoding iconv knows, or "auto" / NULL (the default): the
 *  .cpg when it is trustworthy, else detected from the text (logged in
 *  qa_log). TCVN3 and VNI are decoded by zoneguard's own tables. Other
 *  drivers store UTF-8 and ignore it (with a warning). Text always comes
 *  out as NFC UTF-8, doubly encoded UTF-8 repaired.
 *  @return ZG_OK; ZG_ERR_USAGE for an encoding nobody knows (the message
 *          names the input); ZG_ERR_NOMEM. */
ZG_API zg_status zg_input_opts_set_encoding(zg_input_opts *o,
                                            const char *encoding);
/** Field holding the feature id (NULL: the first of ma_ccn, ma, id, code,
 *  compared without case; else the FID). */
ZG_API zg_status zg_input_opts_set_id_field(zg_input_opts *o,
                                            const char *field);
/** Field holding the name (NULL: the first of ten, ten_ccn, name; else
 *  empty). */
ZG_API zg_status zg_input_opts_set_name_field(zg_input_opts *o,
                                              const char *field);

/** A polygon layer read into memory: features with their attributes (UTF-8)
 *  and geometry, repaired where needed, in the source CRS and in WGS 84. */
typedef struct zg_layer zg_layer;

/** Describe a source as a user checks it before a run (`zoneguard info`):
 *  its layers (name, geometry type, feature count, declared CRS) and, for
 *  the layer a run would read (the only one, or the options' layer), the
 *  CRS as zoneguard resolves it, the extent, the text encoding it would
 *  decode with (and why), the fields, and the id, name and land-use code
 *  fields a run would take by default. Nothing is written.
 *  @param[out] text new UTF-8 text, lines ending in '\n'; caller frees
 *                   with zg_text_free(). NULL on failure.
 *  @return ZG_OK, or the error opening the source would give in a run. */
ZG_API zg_status zg_source_describe(zg_ctx *ctx, const zg_input_opts *o,
                                    char **text);
/** Free text returned by the library. NULL is a no-op. */
ZG_API void zg_text_free(zg_ctx *ctx, char *text);

/** Read a polygon layer.
 *  Non-polygon, empty and NULL features are skipped and logged; invalid
 *  polygons are repaired (GEOS MakeValid, structure method) and logged.
 *  @param[in]  o   what to read (borrowed).
 *  @param[out] out the layer.
 *  @return ZG_OK; ZG_ERR_INPUT (cannot open, no such layer, no polygon),
 *          ZG_ERR_CRS (no CRS, unknown CRS, coordinates impossible in it),
 *          ZG_ERR_GEOM, ZG_ERR_NOMEM, ZG_ERR_CANCELLED.
 *  New layer; caller frees with zg_layer_free(). */
ZG_API zg_status zg_layer_read(zg_ctx *ctx, const zg_input_opts *o,
                               zg_layer **out);
/** Read @p n layers of one role (the proposals of several files) as one:
 *  the features of each in the order given, taken to the CRS of the first;
 *  the attributes are the union of the files' fields (NULL where a file
 *  lacks one; a field integer in one file and real in another is real,
 *  any other mix is text; a shapefile's 10-byte name is the same field
 *  as the full name). An id that two files both give is ZG_ERR_INPUT,
 *  naming both files. Each file's provenance and QA rows are recorded
 *  apart. With n == 1, zg_layer_read().
 *  @param[in] ins @p n inputs (borrowed), roles such as "proposals_1".
 *  New layer; caller frees with zg_layer_free(). */
ZG_API zg_status zg_layer_read_many(zg_ctx *ctx,
                                    const zg_input_opts *const *ins,
                                    size_t n, zg_layer **out);
ZG_API void zg_layer_free(zg_layer *layer);

/** Number of polygon features kept (skipped features are not counted). */
ZG_API size_t zg_layer_count(const zg_layer *layer);
/** Number of features skipped (not polygonal, empty, NULL). */
ZG_API size_t zg_layer_skipped(const zg_layer *layer);
/** Number of features repaired. */
ZG_API size_t zg_layer_repaired(const zg_layer *layer);
/** Id of feature @p i (0-based, input order). Borrowed: lives with layer. */
ZG_API const char *zg_layer_feature_id(const zg_layer *layer, size_t i);
/** Name of feature @p i ("" when none). Borrowed: lives with layer. */
ZG_API const char *zg_layer_feature_name(const zg_layer *layer, size_t i);
/** Source CRS as "AUTH:CODE" when known, else its name. Borrowed. */
ZG_API const char *zg_layer_crs(const zg_layer *layer);

/* ------------------------------------------------------------------------ */
/* Areas                                                                     */
/* ------------------------------------------------------------------------ */

typedef struct zg_areas_opts zg_areas_opts;

/** @return New options with defaults (plane EPSG:5897, no declared field),
 *          or NULL when out of memory; caller frees with
 *          zg_areas_opts_free(). */
ZG_API zg_areas_opts *zg_areas_opts_new(zg_ctx *ctx);
ZG_API void zg_areas_opts_free(zg_areas_opts *o);
/** Official plane CRS for area_plane_ha (default "EPSG:5897"). */
ZG_API zg_status zg_areas_opts_set_plane_crs(zg_areas_opts *o,
                                             const char *crs);
/** Attribute holding the declared area in hectares (NULL: none). */
ZG_API zg_status zg_areas_opts_set_declared_field(zg_areas_opts *o,
                                                  const char *field);

/** Areas of every feature of a layer. */
typedef struct zg_areas zg_areas;

/** Measure every feature: ellipsoidal area (WGS 84, geodesic edges, as
 *  GeographicLib and PostGIS geography) and the planar area in the
 *  official plane.
 *  @param[in]  layer borrowed; must outlive the result.
 *  @param[in]  o     NULL for defaults; borrowed.
 *  @param[out] out   the areas.
 *  @return ZG_OK, ZG_ERR_USAGE (declared field missing), ZG_ERR_CRS,
 *          ZG_ERR_NOMEM, ZG_ERR_CANCELLED.
 *  New result; caller frees with zg_areas_free(). */
ZG_API zg_status zg_areas_compute(zg_ctx *ctx, const zg_layer *layer,
                                  const zg_areas_opts *o, zg_areas **out);
ZG_API void zg_areas_free(zg_areas *a);

/** Ellipsoidal area of feature @p i in m² (NaN when @p i is out of range). */
ZG_API double zg_areas_ellipsoidal_m2(const zg_areas *a, size_t i);
/** Planar area of feature @p i in the plane CRS, m². */
ZG_API double zg_areas_plane_m2(const zg_areas *a, size_t i);
/** Declared area of feature @p i in ha (NaN when none). */
ZG_API double zg_areas_declared_ha(const zg_areas *a, size_t i);

/* ------------------------------------------------------------------------ */
/* Overlaps between the features of one layer                                */
/* ------------------------------------------------------------------------ */

typedef struct zg_overlaps_opts zg_overlaps_opts;

/** @return New options (min_overlap_m2 = 1), or NULL when out of memory;
 *          caller frees with zg_overlaps_opts_free(). */
ZG_API zg_overlaps_opts *zg_overlaps_opts_new(zg_ctx *ctx);
ZG_API void zg_overlaps_opts_free(zg_overlaps_opts *o);
/** Overlaps smaller than this (m², ellipsoidal) are slivers: reported in
 *  their own table, not mixed in with the real overlaps. */
ZG_API zg_status zg_overlaps_opts_set_min_overlap_m2(zg_overlaps_opts *o,
                                                     double min_overlap_m2);

/** Every pair of features whose interiors overlap. */
typedef struct zg_overlaps zg_overlaps;

/** Find every pair of features of @p layer whose interiors overlap
 *  (touching boundaries are not overlaps). The intersection is cut in the
 *  layer's own CRS, where its edges are straight, and measured on the
 *  ellipsoid like area_ha.
 *  @param[in] layer borrowed; must outlive the result.
 *  @param[in] o     NULL for defaults; borrowed.
 *  New result; caller frees with zg_overlaps_free(). */
ZG_API zg_status zg_overlaps_compute(zg_ctx *ctx, const zg_layer *layer,
                                     const zg_overlaps_opts *o,
                                     zg_overlaps **out);
ZG_API void zg_overlaps_free(zg_overlaps *ov);
/** Number of overlaps at or above the sliver threshold. */
ZG_API size_t zg_overlaps_count(const zg_overlaps *ov);
/** Number of slivers (overlaps below the threshold). */
ZG_API size_t zg_overlaps_sliver_count(const zg_overlaps *ov);
/** Overlap @p i: ids (borrowed, live with the layer) with id_a < id_b,
 *  and its ellipsoidal area in m². */
ZG_API zg_status zg_overlaps_get(const zg_overlaps *ov, size_t i,
                                 const char **id_a, const char **id_b,
                                 double *overlap_m2);

/** Write `cluster_overlaps`, `cluster_overlap_slivers`, and the
 *  `overlap_count` column of `clusters` (which must be written first). */
ZG_API zg_status zg_output_write_overlaps(zg_output *out,
                                          const zg_layer *layer,
                                          const zg_overlaps *ov);
/** Write the overlaps (not the slivers) as RFC 7946 GeoJSON. */
ZG_API zg_status zg_write_overlaps_geojson(zg_ctx *ctx, const char *path,
                                           unsigned flags,
                                           const zg_layer *layer,
                                           const zg_overlaps *ov);

/* ------------------------------------------------------------------------ */
/* Land-use code tables                                                      */
/* ------------------------------------------------------------------------ */

typedef struct zg_codes zg_codes;

/** Load a code table: "tt27_2018", "tt08_2024" (from geodata/codes/, or
 *  $ZG_DATA_DIR/codes/) or the path of a CSV with the columns code, role
 *  (and name_vi, name_en). Errors name the file and line.
 *  New table; caller frees with zg_codes_free(). */
ZG_API zg_status zg_codes_load(zg_ctx *ctx, const char *name_or_csv,
                               zg_codes **out);
ZG_API void zg_codes_free(zg_codes *c);
/** Role of a code (case and spaces ignored), NULL when unknown. Borrowed:
 *  lives with the table. */
ZG_API const char *zg_codes_role(const zg_codes *c, const char *code);
/** The file the table was read from. Borrowed. */
ZG_API const char *zg_codes_source(const zg_codes *c);

/* ------------------------------------------------------------------------ */
/* Land-use composition (streamed)                                           */
/* ------------------------------------------------------------------------ */

typedef struct zg_landuse_opts zg_landuse_opts;

/** @return New options (code table tt08_2024, code field by name, all
 *          cores), or NULL; caller frees with zg_landuse_opts_free(). */
ZG_API zg_landuse_opts *zg_landuse_opts_new(zg_ctx *ctx);
ZG_API void zg_landuse_opts_free(zg_landuse_opts *o);
/** Field holding the land-use code (NULL: the first of ma_ldat, loaidat,
 *  loai_dat, mdsd, landuse, code). */
ZG_API zg_status zg_landuse_opts_set_code_field(zg_landuse_opts *o,
                                                const char *field);
/** Code table: "tt27_2018", "tt08_2024" or a CSV path. */
ZG_API zg_status zg_landuse_opts_set_codes(zg_landuse_opts *o,
                                           const char *codes);
/** Worker threads (0: all cores). The result does not depend on it. */
ZG_API zg_status zg_landuse_opts_set_threads(zg_landuse_opts *o,
                                             int threads);

/** Number of cores zoneguard uses by default. */
ZG_API int zg_default_threads(void);

typedef struct zg_landuse zg_landuse;

/** Stream the parcel layer once against the clusters and add up, per
 *  cluster and land-use code, the ellipsoidal area of the parcels inside
 *  (overlapping parcels counted once: the first in reading order wins),
 *  plus code NONE for what no parcel covers.
 *  @param[in] clusters borrowed; must outlive the result.
 *  @param[in] parcels  how to read the parcel layer; borrowed.
 *  New result; caller frees with zg_landuse_free(). */
ZG_API zg_status zg_landuse_compute(zg_ctx *ctx, const zg_layer *clusters,
                                    const zg_input_opts *parcels,
                                    const zg_landuse_opts *o,
                                    zg_landuse **out);
ZG_API void zg_landuse_free(zg_landuse *lu);
/** Rows: one per cluster and code present, then NONE, clusters in input
 *  order and codes in alphabetical order. */
ZG_API size_t zg_landuse_row_count(const zg_landuse *lu);
/** Row @p i; strings borrowed (live with the result). */
ZG_API zg_status zg_landuse_row(const zg_landuse *lu, size_t i,
                                const char **cluster_id, const char **code,
                                const char **role, double *area_m2,
                                double *share_pct);
/** The parcel layer's provenance (path, CRS, files, QA). Borrowed. */
ZG_API const zg_layer *zg_landuse_source(const zg_landuse *lu);
/** Write `landuse_composition`, the parcel input in `run_inputs`, and the
 *  QA rows (repairs, overlapping parcels, unknown codes). */
ZG_API zg_status zg_output_write_landuse(zg_output *out,
                                         const zg_landuse *lu);

/* ------------------------------------------------------------------------ */
/* Residential encroachment (streamed)                                       */
/* ------------------------------------------------------------------------ */

typedef struct zg_encroach_opts zg_encroach_opts;

/** @return New options (rings 50,100,300,500,1000 m; plane EPSG:5897;
 *          every feature residential), or NULL; caller frees with
 *          zg_encroach_opts_free(). */
ZG_API zg_encroach_opts *zg_encroach_opts_new(zg_ctx *ctx);
ZG_API void zg_encroach_opts_free(zg_encroach_opts *o);
/** Outer distances of the rings in metres, increasing (copied). */
ZG_API zg_status zg_encroach_opts_set_rings_m(zg_encroach_opts *o,
                                              const double *rings_m,
                                              size_t n);
ZG_API zg_status zg_encroach_opts_set_plane_crs(zg_encroach_opts *o,
                                                const char *crs);
/** With a code field, a residential input is a land-use layer and only
 *  features whose code has role "residential" in the code table count. */
ZG_API zg_status zg_encroach_opts_set_code_field(zg_encroach_opts *o,
                                                 const char *field);
ZG_API zg_status zg_encroach_opts_set_codes(zg_encroach_opts *o,
                                            const char *codes);
ZG_API zg_status zg_encroach_opts_set_threads(zg_encroach_opts *o,
                                              int threads);
/** Write the encroachment tables and the residential inputs into `out`
 *  (borrowed; NULL: not) while the last date is worked out, beside it;
 *  zg_output_write_encroach() then writes the rest. Write the clusters
 *  (zg_output_write_areas()) before computing, for the tables' order. */
ZG_API zg_status zg_encroach_opts_set_output(zg_encroach_opts *o,
                                             zg_output *out);

typedef struct zg_encroach zg_encroach;

/** Residential land inside each cluster and in rings around it, at each
 *  date, and what was added and lost between consecutive dates.
 *  @param[in] residential one input per date, oldest first (borrowed).
 *  @param[in] epochs      a label per date (copied).
 *  New result; caller frees with zg_encroach_free(). */
ZG_API zg_status zg_encroach_compute(zg_ctx *ctx, const zg_layer *clusters,
                                     const zg_input_opts *const *residential,
                                     const char *const *epochs,
                                     size_t nepochs,
                                     const zg_encroach_opts *o,
                                     zg_encroach **out);
ZG_API void zg_encroach_free(zg_encroach *en);
/** Residential area (m², ellipsoidal) of a cluster's zone at a date;
 *  zone 0 is inside, zone k the k-th ring. NaN when out of range. */
ZG_API double zg_encroach_resid_m2(const zg_encroach *en, size_t cluster,
                                   size_t zone, size_t epoch);
/** Distance (m, in the plane) from a cluster to the nearest housing at
 *  the latest date; 0 when inside; NaN when none within the rings. */
ZG_API double zg_encroach_nearest_m(const zg_encroach *en, size_t cluster);
/** Where that nearest housing is: "inside" (0 m, with housing area
 *  inside), "touches the boundary" (0 m, none inside: a shared edge or
 *  corner), "outside", or NULL when none within the rings. Static. */
ZG_API const char *zg_encroach_nearest_where(const zg_encroach *en,
                                             size_t cluster);
/** Write `encroachment`, `encroachment_new`, `encroachment_lost`, the
 *  residential inputs in `run_inputs`, and the summary columns of
 *  `clusters` (which must be written first). */
ZG_API zg_status zg_output_write_encroach(zg_output *out,
                                          const zg_encroach *en);
/** Write DIR/encroachment_new_<from>_<to>.geojson per pair of dates. */
ZG_API zg_status zg_write_encroach_geojson(zg_ctx *ctx, const char *dir,
                                           unsigned flags,
                                           const zg_encroach *en);

/* ------------------------------------------------------------------------ */
/* Checks of proposed clusters against the rules                             */
/* ------------------------------------------------------------------------ */

typedef struct zg_check_opts zg_check_opts;

/** @return New options (rules geodata/rules/hanoi_ccn.csv, hazard class I
 *          unless a proposal says otherwise, code table tt08_2024), or
 *          NULL; caller frees with zg_check_opts_free(). */
ZG_API zg_check_opts *zg_check_opts_new(zg_ctx *ctx);
ZG_API void zg_check_opts_free(zg_check_opts *o);
/** Rules CSV (see geodata/rules/hanoi_ccn.csv). */
ZG_API zg_status zg_check_opts_set_rules(zg_check_opts *o, const char *path);
/** Hazard class (I..V) for proposals without a hazard_class attribute. */
ZG_API zg_status zg_check_opts_set_hazard_class(zg_check_opts *o,
                                                const char *hazard_class);
/** Code field of the land-use layer (NULL: the default names). */
ZG_API zg_status zg_check_opts_set_code_field(zg_check_opts *o,
                                              const char *field);
ZG_API zg_status zg_check_opts_set_codes(zg_check_opts *o, const char *codes);
/** The residential layers are land-use maps: keep the features whose code
 *  in this field has role residential (ONT, ODT). NULL: all is housing. */
ZG_API zg_status zg_check_opts_set_residential_code_field(zg_check_opts *o,
                                                          const char *f);
ZG_API zg_status zg_check_opts_set_threads(zg_check_opts *o, int threads);
/** Distance bands around each proposal for housing and its growth (R13),
 *  in metres, increasing (default 50, 100, 300, 500, 1000); copied.
 *  Housing is also looked for out to the largest distance threshold of
 *  the rules, so that "none found" means none within it. */
ZG_API zg_status zg_check_opts_set_rings_m(zg_check_opts *o,
                                           const double *rings_m, size_t n);

/** What a check is given besides the proposals; every member may be
 *  NULL/0, and the rules that need a missing input are skipped. */
typedef struct zg_check_inputs {
    const zg_layer *clusters;    /**< existing clusters */
    const zg_layer *parks;       /**< existing industrial parks */
    const zg_input_opts *landuse; /**< land-use parcels (streamed) */
    const zg_input_opts *const *residential; /**< oldest date first */
    size_t nresidential;
    const zg_areas_opts *areas_opts; /**< NULL: defaults */
    const char *plane_crs;           /**< NULL: EPSG:5897 */
} zg_check_inputs;

typedef struct zg_check zg_check;

/** Measure every proposal and evaluate every rule on it.
 *  New result; caller frees with zg_check_free(). */
ZG_API zg_status zg_check_compute(zg_ctx *ctx, const zg_layer *proposals,
                                  const zg_check_inputs *in,
                                  const zg_check_opts *o, zg_check **out);
ZG_API void zg_check_free(zg_check *ck);
/** Verdict of proposal @p i: "pass", "warn", "fail" or "skipped".
 *  Static storage. */
ZG_API const char *zg_check_verdict(const zg_check *ck, size_t i);
/** Write `proposals`, `proposal_checks`, `proposal_evidence`, the inputs
 *  in `run_inputs`. */
ZG_API zg_status zg_output_write_check(zg_output *out, const zg_check *ck);
/** Write DIR/proposals.geojson and DIR/proposal_evidence.geojson. */
ZG_API zg_status zg_write_check_geojson(zg_ctx *ctx, const char *dir,
                                        unsigned flags, const zg_check *ck);

/* ------------------------------------------------------------------------ */
/* Land reservation: free land inside each cluster                           */
/* ------------------------------------------------------------------------ */

typedef struct zg_reserve_opts zg_reserve_opts;

/** @return New options (unbuildable roles residential, water, sensitive;
 *          code table tt08_2024), or NULL; free with zg_reserve_opts_free. */
ZG_API zg_reserve_opts *zg_reserve_opts_new(zg_ctx *ctx);
ZG_API void zg_reserve_opts_free(zg_reserve_opts *o);
/** Comma-separated land-use roles that are not free for industry. */
ZG_API zg_status zg_reserve_opts_set_unbuildable(zg_reserve_opts *o,
                                                 const char *roles);
ZG_API zg_status zg_reserve_opts_set_code_field(zg_reserve_opts *o,
                                                const char *field);
/** The --residential layer is a land-use map: only its features whose
 *  code (in `field`) has the role residential are housing. NULL: every
 *  feature is housing (building footprints). */
ZG_API zg_status zg_reserve_opts_set_residential_code_field(
    zg_reserve_opts *o, const char *field);
ZG_API zg_status zg_reserve_opts_set_codes(zg_reserve_opts *o,
                                           const char *codes);
ZG_API zg_status zg_reserve_opts_set_threads(zg_reserve_opts *o,
                                             int threads);
/** Add a layer of occupied land (building footprints of any kind, leased
 *  plots; every feature counts): it is not free, and its union inside
 *  each cluster is `occupied_ha`. `in` is borrowed and must outlive
 *  zg_reserve_compute(). At most ZG_RESERVE_MAX_OCCUPIED. */
#define ZG_RESERVE_MAX_OCCUPIED 16
ZG_API zg_status zg_reserve_opts_add_occupied(zg_reserve_opts *o,
                                              const zg_input_opts *in);

typedef struct zg_reserve zg_reserve;

/** Free land per cluster: the cluster minus housing (the residential
 *  layer, latest date, and the land-use layer's residential codes), water
 *  and the other unbuildable roles of the land-use layer, and what parks
 *  hold. Every input but the clusters may be NULL.
 *  New result; caller frees with zg_reserve_free(). */
ZG_API zg_status zg_reserve_compute(zg_ctx *ctx, const zg_layer *clusters,
                                    const zg_layer *parks,
                                    const zg_input_opts *landuse,
                                    const zg_input_opts *residential,
                                    const zg_reserve_opts *o,
                                    zg_reserve **out);
ZG_API void zg_reserve_free(zg_reserve *rv);
/** Free area of a cluster (m², ellipsoidal). */
ZG_API double zg_reserve_free_m2(const zg_reserve *rv, size_t cluster);
/** Write the `reserve` table (free land as geometry) and its inputs. */
ZG_API zg_status zg_output_write_reserve(zg_output *out,
                                         const zg_reserve *rv);
ZG_API zg_status zg_write_reserve_geojson(zg_ctx *ctx, const char *path,
                                          unsigned flags,
                                          const zg_reserve *rv);

/** Export every result table of the SpatiaLite file @p sqlite_path as
 *  DIR/<table>.csv, UTF-8 with a byte-order mark, without geometry (for
 *  spreadsheets). Existing files are kept unless ZG_OUTPUT_OVERWRITE or
 *  ZG_OUTPUT_APPEND (a database with several runs: every run's rows, with
 *  their run_id). */
ZG_API zg_status zg_export_csv(zg_ctx *ctx, const char *sqlite_path,
                               const char *dir, unsigned flags);

/* ------------------------------------------------------------------------ */
/* Scenarios: every analysis in one run                                      */
/* ------------------------------------------------------------------------ */

typedef struct zg_scenario zg_scenario;

/** Read a scenario file ("key = value" lines: clusters, parks, landuse,
 *  residential, epochs, proposals, fields, code table, rules, rings...;
 *  see geodata/demo/hanoi.scenario). NULL reads the bundled Hanoi demo.
 *  Unknown or repeated keys are refused with their line.
 *  New scenario; caller frees with zg_scenario_free(). */
ZG_API zg_status zg_scenario_load(zg_ctx *ctx, const char *path,
                                  zg_scenario **out);
/** zg_scenario_load, then @p n keys set from elsewhere (a command line):
 *  keys[i] is a key of the file, values[i] its value, checked as a line
 *  of the file is (a bad one is ZG_ERR_USAGE), its relative paths taken
 *  from the current folder; each replaces the file's value. Borrowed
 *  arrays. New scenario; caller frees with zg_scenario_free(). */
ZG_API zg_status zg_scenario_load_with(zg_ctx *ctx, const char *path,
                                       size_t n, const char *const *keys,
                                       const char *const *values,
                                       zg_scenario **out);
/** The i-th key a scenario file may hold, NULL past the last. Static. */
ZG_API const char *zg_scenario_key_at(size_t i);
ZG_API void zg_scenario_free(zg_scenario *s);
/** Value of a key (paths already made absolute), NULL when absent.
 *  Borrowed: lives with the scenario. */
ZG_API const char *zg_scenario_get(const zg_scenario *s, const char *key);
/** The file the scenario was read from, as given (NULL read the bundled
 *  demo: its path); its folder is where relative paths start. Borrowed:
 *  lives with the scenario. */
ZG_API const char *zg_scenario_path(const zg_scenario *s);

/** Run every analysis the scenario has inputs for into folder @p dir:
 *  results.sqlite (every table, QGIS-styled), geojson/, csv/, and the map
 *  and report. Nothing is overwritten without ZG_OUTPUT_OVERWRITE.
 *  @param[in] command recorded in the runs table (may be NULL). */
ZG_API zg_status zg_run_scenario(zg_ctx *ctx, const zg_scenario *sc,
                                 const char *dir, unsigned flags,
                                 const char *command);

/* ------------------------------------------------------------------------ */
/* Shared settings: set once, range-checked once, handed to each analysis    */
/* ------------------------------------------------------------------------ */

/** The settings several analyses share (threads, code table, code fields,
 *  plane CRS, rings...), each named by a key of one table: the scenario
 *  key ("threads = 4") and, with '-' for '_', the command-line option
 *  (--threads 4). */
typedef struct zg_settings zg_settings;

/** One setting of the table. */
typedef struct zg_setting_info {
    const char *key;     /**< "threads", "plane_crs" */
    const char *arg;     /**< what its value is, for help texts: "N" */
    const char *help;    /**< one sentence: meaning, range, default */
    const char *used_by; /**< commands taking it as an option, space-
                              separated ("landuse encroach"); `run` takes
                              every setting from its scenario */
    /* For programs that offer the settings (the QGIS plugin): */
    const char *type;    /**< int, real, rings, text, crs, codes, file,
                              one_of or list_of */
    double min, max;     /**< int: its range; real: its least value;
                              rings: the range of their count; else 0 */
    const char *values;  /**< one_of, list_of, codes: the words it takes
                              (codes: the bundled tables), space-
                              separated; else "" */
    const char *default_value; /**< the value that applies when it is not
                              given, "" when that is not one fixed value
                              (threads: all cores; code_field: the first
                              field of a list the layer has) */
} zg_setting_info;

/** Setting @p i of the table (0, 1, ...); NULL past the last. Static. */
ZG_API const zg_setting_info *zg_setting_info_at(size_t i);
/** Does @p command take setting @p key (every setting for "run")? */
ZG_API bool zg_setting_used_by(const char *key, const char *command);

/** @return New settings, none set, or NULL when out of memory; caller
 *  frees with zg_settings_free(). */
ZG_API zg_settings *zg_settings_new(zg_ctx *ctx);
ZG_API void zg_settings_free(zg_settings *s);
/** Set @p key from its text (copied), checked against the table; the
 *  message names the setting ("setting 'threads' must be a whole number
 *  from 1 to 1024 (got '0')").
 *  @return ZG_OK; ZG_ERR_USAGE for an unknown key or a value out of range
 *          or of another type; ZG_ERR_CRS for a plane CRS PROJ does not
 *          know or that is geographic; ZG_ERR_INPUT for a code table or
 *          rules file that cannot be read; ZG_ERR_NOMEM. A failure leaves
 *          the setting as it was. */
ZG_API zg_status zg_settings_set(zg_settings *s, const char *key,
                                 const char *value);
/** The text a setting was given, NULL when not set. Borrowed: valid until
 *  the setting is set again or @p s freed. */
ZG_API const char *zg_settings_get(const zg_settings *s, const char *key);
/** Typed forms of zg_settings_set, for C callers. */
ZG_API zg_status zg_settings_set_threads(zg_settings *s, int threads);
ZG_API zg_status zg_settings_set_rings_m(zg_settings *s,
                                         const double *rings_m, size_t n);
ZG_API zg_status zg_settings_set_min_overlap_m2(zg_settings *s,
                                                double min_overlap_m2);

/** The options of the analyses of one command or run; NULL members are
 *  left out. All borrowed. */
typedef struct zg_analysis_opts {
    zg_areas_opts *areas;
    zg_areas_opts *proposal_areas; /**< the proposals': plane CRS only */
    zg_overlaps_opts *overlaps;
    zg_landuse_opts *landuse;
    zg_encroach_opts *encroach;
    zg_reserve_opts *reserve;
    zg_check_opts *check;
} zg_analysis_opts;
/** Hand every setting that is set to each analysis that uses it (threads
 *  to land use, encroachment, free land and checks; rings to encroachment
 *  and checks; ...). @p s may be NULL (nothing to do). */
ZG_API zg_status zg_settings_apply(const zg_settings *s,
                                   const zg_analysis_opts *to);
/** The scenario's keys that are shared settings (threads, rings...; see
 *  zg_setting_info_at), checked when the file was read. Borrowed: lives
 *  with the scenario. */
ZG_API const zg_settings *zg_scenario_settings(const zg_scenario *s);

/* ------------------------------------------------------------------------ */
/* Maps and the planner's report (read from a results database)              */
/* ------------------------------------------------------------------------ */

/** Map page sizes for PDF output. */
typedef enum zg_page {
    ZG_PAGE_A4 = 0,
    ZG_PAGE_A3 = 1
} zg_page;

/** Map options; zero-initialise, then set what you need. */
typedef struct zg_map_opts {
    const char *title;      /**< NULL: "Cụm công nghiệp Hà Nội" */
    const char *lang;       /**< "vi" (default) or "en": legend language */
    const char *districts;  /**< NULL, or a polygon layer drawn under all */
    zg_page page;           /**< PDF page size (PNG/SVG: same aspect) */
    const char *date_text;  /**< NULL: today's date (UTC) */
    const char *districts_encoding; /**< text encoding of the districts
                                         layer (see
                                         zg_input_opts_set_encoding);
                                         NULL: auto */
    int64_t run_id;         /**< run to draw (runs.run_id); 0: the latest */
    const char *boundaries_label; /**< legend of the districts layer;
                                       NULL: "Ranh giới hành chính" /
                                       "Administrative boundaries" (any
                                       level of administrative unit) */
} zg_map_opts;

/** Draw a map of a zoneguard results database (as written by any
 *  subcommand): clusters by status, residential land at the latest date,
 *  new encroachment, free land, proposals by verdict, districts when
 *  given; legend, scale bar, north arrow, title and date. The format
 *  follows the extension of @p path: .png, .pdf or .svg. Uses cairo and
 *  pango (Vietnamese labels shaped correctly). Same no-clobber rule as
 *  every output.
 *  @return ZG_OK, ZG_ERR_INPUT (not a results database), ZG_ERR_USAGE
 *          (unknown extension), ZG_ERR_OUTPUT. */
ZG_API zg_status zg_render_map(zg_ctx *ctx, const char *results_sqlite,
                               const char *path, unsigned flags,
                               const zg_map_opts *opts);

/** Write the planner's report of a results database: one self-contained
 *  HTML file (no network, no external files) in Vietnamese ("vi",
 *  default) or English ("en"): the overview map as inline SVG, a table
 *  per analysis present, the data-quality log and the provenance of the
 *  run. Every value from the data is HTML-escaped. */
ZG_API zg_status zg_write_report(zg_ctx *ctx, const char *results_sqlite,
                                 const char *path, unsigned flags,
                                 const char *lang);

/** The report of one run of a database that holds several (written with
 *  ZG_OUTPUT_APPEND): @p run_id is a runs.run_id, 0 the latest. The
 *  report says which run it shows and how many the database holds.
 *  @return as zg_write_report, and ZG_ERR_USAGE when there is no such
 *          run. */
ZG_API zg_status zg_write_report_run(zg_ctx *ctx, const char *results_sqlite,
                                     const char *path, unsigned flags,
                                     const char *lang, int64_t run_id);

/** The report with its map drawn as zg_render_map draws it with @p opts
 *  (borrowed): the same title, boundaries layer and legend; opts->lang
 *  is the report's language and opts->run_id the run reported; page and
 *  date_text are the report's own. NULL opts: as zg_write_report.
 *  @return as zg_write_report_run. */
ZG_API zg_status zg_write_report_map(zg_ctx *ctx, const char *results_sqlite,
                                     const char *path, unsigned flags,
                                     const zg_map_opts *opts);

/** Which clusters get an atlas page (proposals always get one). */
typedef enum zg_atlas_pages {
    ZG_ATLAS_FLAGGED = 0, /**< clusters with housing inside at any date or
                               new housing in a ring */
    ZG_ATLAS_ALL = 1      /**< every cluster */
} zg_atlas_pages;

/** Atlas options; zero-initialise, then set what you need. */
typedef struct zg_atlas_opts {
    const char *title;    /**< running head of every page; NULL: "Cụm
                               công nghiệp Hà Nội" */
    const char *lang;     /**< "vi" (default) or "en" */
    int64_t run_id;       /**< run drawn (runs.run_id); 0: the latest */
    zg_atlas_pages pages; /**< which clusters get a page */
    const char *landuse;  /**< the parcels drawn by land-use role; NULL:
                               the land-use source the run recorded in
                               run_inputs (its path as recorded) */
    const char *landuse_layer; /**< its layer; NULL: as recorded (or the
                                    only one) */
    const char *code_field; /**< its code field; NULL: as the run read it
                                 (runs.options), else the default names */
    const char *codes;    /**< code table (as zg_codes_load takes it);
                               NULL: the run's */
    bool verbose;         /**< an info message per page: what was drawn */
} zg_atlas_opts;

/** Write the atlas of a results database: a multi-page A4 landscape PDF,
 *  one page per proposal (by proposal_id), then one per cluster (by id)
 *  as @p opts->pages says. A page is a zoom map at a round scale 1:N in
 *  the plane CRS the run used, with a grid of its coordinates, scale bar,
 *  rings, housing, new housing, free land, overlaps and the evidence of
 *  failed rules, and beside it the feature's figures, verdicts and a bar
 *  chart of housing per zone and date. Under them, the parcels by
 *  land-use role, read from the run's land-use source (run_inputs, or
 *  opts->landuse) with a spatial filter on each page's frame; on a
 *  proposal's page, the housing of each date and what is new, read from
 *  the run's residential sources. A source missing, or changed since the
 *  run (SHA-256), is a warning naming the file, and the pages say what
 *  they do not show. The same inputs give the same bytes (the PDF's
 *  dates are the run's). Strings are borrowed. Same no-clobber rule as
 *  every output.
 *  @return ZG_OK, ZG_ERR_INPUT (not a results database; an explicit
 *          opts->landuse that cannot be read), ZG_ERR_USAGE (no such
 *          run, unknown language, no such code field), ZG_ERR_OUTPUT. */
ZG_API zg_status zg_atlas_write(zg_ctx *ctx, const char *results_sqlite,
                                const char *pdf_path, unsigned flags,
                                const zg_atlas_opts *opts);

/** How the report is written beyond its map. Every pointer is borrowed
 *  for the call; NULL members take the defaults. */
typedef struct zg_report_opts {
    const zg_map_opts *map;   /**< the map, language and run, as for
                                   zg_write_report_map; NULL: defaults */
    const char *layout;       /**< NULL or "standard"; "official": the form
                                   of Decree 30/2020/NĐ-CP when printed
                                   (Times New Roman 13 pt, its margins, the
                                   national heading) */
    const char *issuing_body; /**< the issuing body printed top left in the
                                   official layout; NULL: none */
    const char *base_dir;     /**< the folder input paths are shown relative
                                   to (the scenario's); NULL: the folder
                                   that holds every input of the run */
    const char *atlas_href;   /**< the atlas the report links each cluster's
                                   and proposal's id to (`href#page=N`, a
                                   URL relative to the report); NULL: none */
    int atlas_pages;          /**< the atlas's zg_atlas_pages, so that the
                                   links find the pages it has */
} zg_report_opts;

/** The report as zg_write_report_map writes it, with @p opts (NULL: all
 *  defaults): a summary of the findings first, a section per analysis,
 *  the data record and quality log as appendices.
 *  @return as zg_write_report_run, and ZG_ERR_USAGE for an unknown
 *          layout. */
ZG_API zg_status zg_write_report_opts(zg_ctx *ctx,
                                      const char *results_sqlite,
                                      const char *path, unsigned flags,
                                      const zg_report_opts *opts);

/* ------------------------------------------------------------------------ */
/* Geodesic helper                                                           */
/* ------------------------------------------------------------------------ */

/** Ellipsoidal area of a polygon given as a WKT string in WGS 84
 *  longitude/latitude degrees (POLYGON or MULTIPOLYGON).
 *  @param[out] area_m2 the area, holes subtracted.
 *  @return ZG_OK, ZG_ERR_GEOM (unparsable or not polygonal). */
ZG_API zg_status zg_geodesic_area_wkt(zg_ctx *ctx, const char *wkt,
                                      double *area_m2);

/* ------------------------------------------------------------------------ */
/* Output                                                                    */
/* ------------------------------------------------------------------------ */

/** A SpatiaLite database being written. It is written to a temporary file
 *  beside the target and only renamed into place by zg_output_commit():
 *  an existing file is never clobbered unless ZG_OUTPUT_OVERWRITE or
 *  ZG_OUTPUT_APPEND is set, and a failed or cancelled run leaves nothing
 *  behind (with APPEND: the database exactly as it was).
 *
 *  Every run is a row of `runs`, and every row it writes carries its
 *  run_id. While an output is open, a lock beside it keeps any other
 *  zoneguard process from writing the same file: the second fails with
 *  ZG_ERR_OUTPUT ("another zoneguard run is writing ..."). */
enum {
    ZG_OUTPUT_OVERWRITE = 1u << 0, /**< replace an existing target */
    /** Add a new run to an existing database (one is created when there
     *  is none): earlier runs' rows are left as they are. The other files
     *  given the flag (GeoJSON, CSV, map, report) are views of the latest
     *  run, or of the whole database for CSV, and are replaced. */
    ZG_OUTPUT_APPEND = 1u << 1,
    /** zg_run_scenario only: report each step's wall time as an info
     *  message "timing: STEP S s" (and the whole run's, "timing: total"). */
    ZG_RUN_TIMINGS = 1u << 2
};

/** Start writing a SpatiaLite database to @p path.
 *  Fails early with ZG_ERR_OUTPUT when @p path exists and neither
 *  ZG_OUTPUT_OVERWRITE nor ZG_OUTPUT_APPEND is set, when another zoneguard
 *  process is writing it, when its directory is not writable, or (APPEND)
 *  when @p path is not a zoneguard database or a table of it cannot take
 *  this run's rows (a column of another type, a NOT NULL column this
 *  version does not know).
 *  @param[in] command the command line or a description, recorded in the
 *             `runs` table (may be NULL).
 *  New output; caller frees with zg_output_free() (which discards it
 *  unless committed, and releases the lock). */
ZG_API zg_status zg_output_open(zg_ctx *ctx, const char *path,
                                unsigned flags, const char *command,
                                zg_output **out);

/** Write the database's geometry in `crs` (an EPSG code, "EPSG:5897" or
 *  "5897") instead of WGS 84 (EPSG:4326, the default), registered as such
 *  in geometry_columns: planners draw in their province's VN-2000 TM-3
 *  zone. Only the database: GeoJSON stays WGS 84 (RFC 7946). Call before
 *  any table is written; a run added to a database must use the CRS its
 *  tables have.
 *  @return ZG_OK; ZG_ERR_USAGE for a CRS that is not an EPSG code that
 *          SpatiaLite knows, or when a table was written already. */
ZG_API zg_status zg_output_set_t_srs(zg_output *out, const char *crs);

/** The run_id of the run being written (1 in a new database). */
ZG_API int64_t zg_output_run_id(const zg_output *out);

/** Record an input layer in `run_inputs` (path, layer, CRS, SHA-256 of
 *  every file of the source). */
ZG_API zg_status zg_output_add_input(zg_output *out, const zg_layer *layer);

/** Write the `clusters` table (attributes, id, name, areas, repaired flag,
 *  geometry) and the layer's `qa_log` rows. */
ZG_API zg_status zg_output_write_areas(zg_output *out, const zg_layer *layer,
                                       const zg_areas *areas);

/** Finish: record the end time, close, and move the file into place.
 *  After this call (success or not) only zg_output_free() is allowed. */
ZG_API zg_status zg_output_commit(zg_output *out);

/** Discard (when not committed) and free. NULL is a no-op. */
ZG_API void zg_output_free(zg_output *out);

/** Write the areas as RFC 7946 GeoJSON (WGS 84 lon/lat, counter-clockwise
 *  exterior rings) through GDAL's GeoJSON driver; features in input order,
 *  the same bytes on every run. Same no-clobber rule as zg_output_open. */
ZG_API zg_status zg_write_areas_geojson(zg_ctx *ctx, const char *path,
                                        unsigned flags, const zg_layer *layer,
                                        const zg_areas *areas);

/* ------------------------------------------------------------------------ */
/* Outputs against inputs                                                    */
/* ------------------------------------------------------------------------ */

/** How a command uses a path (zg_check_paths). */
typedef enum zg_path_kind {
    /** Read: a file, a folder dataset, a /vsizip/ path (its archive), a
     *  shapefile (with its sidecars). */
    ZG_PATH_INPUT = 0,
    ZG_PATH_OUTPUT_FILE = 1,  /**< one file, written whole */
    /** Files whose names end in `suffix` written into this folder
     *  (--csv DIR, --geojson DIR). */
    ZG_PATH_OUTPUT_FILES = 2,
    ZG_PATH_OUTPUT_FOLDER = 3 /**< a folder written as a whole (run) */
} zg_path_kind;

/** One path a command reads or writes. */
typedef struct zg_path_use {
    zg_path_kind kind;
    const char *what;   /**< how the user gave it, for messages: "-o",
                             "--landuse", "clusters" */
    const char *path;   /**< NULL: not given, skipped */
    const char *suffix; /**< ZG_PATH_OUTPUT_FILES: ".csv", ".geojson" */
} zg_path_use;

/** Before any work: refuse an output that is an input of the same
 *  command, reached by any name (./x and x, a symbolic or hard link: files
 *  that exist are compared by device and inode), or lies inside an input
 *  folder; an output folder that holds an input (ZG_PATH_OUTPUT_FOLDER:
 *  anywhere in it; ZG_PATH_OUTPUT_FILES: an input named *suffix directly
 *  in it); and two outputs naming the same file. All ZG_ERR_USAGE, with
 *  both paths in the message: --overwrite and --append do not change it.
 *  An input that is not a regular file or a folder (a FIFO, a device) is
 *  ZG_ERR_INPUT (see zg_input_opts_new). Reads nothing but file status.
 *  @param[in] uses @p n paths; borrowed for the call. */
ZG_API zg_status zg_check_paths(zg_ctx *ctx, const zg_path_use *uses,
                                size_t n);

#ifdef __cplusplus
}
#endif
#endif /* ZONEGUARD_H */
