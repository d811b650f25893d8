/* SPDX-License-Identifier: MIT
 *
 * io_int.h: what the ingest files share: the open source and the text
 * decoder chosen for it.
 */
#ifndef ZG_IO_INT_H
#define ZG_IO_INT_H

#include "../core/zg_int.h"

#include <pthread.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_recordbatch.h>

/* How attribute text of a source becomes UTF-8 (text_encoding.c). */
typedef enum zg_text_kind {
    ZG_TEXT_UTF8 = 0,   /* UTF-8 bytes: checked, undoubled, composed */
    ZG_TEXT_LEGACY = 1, /* raw bytes through zg_legacy_decode (our tables) */
    ZG_TEXT_ICONV = 2   /* raw bytes in another encoding, flushed iconv */
} zg_text_kind;

typedef struct zg_text_decoder {
    zg_text_kind kind;
    char *name;  /* LEGACY: canonical name; ICONV: iconv name; else NULL */
    char *label; /* what run_inputs.encoding says */
} zg_text_decoder;

/* What decoding did to one value. */
typedef enum zg_text_fix {
    ZG_FIX_NONE = 0,
    ZG_FIX_LOSSY = 1,    /* undecodable bytes became U+FFFD */
    ZG_FIX_UNDOUBLED = 2 /* doubly encoded UTF-8, decoded once more */
} zg_text_fix;

/* An opened source: the dataset, the chosen layer, how to decode its
 * text, and its field names decoded. */
typedef struct zg_source {
    GDALDatasetH ds;
    OGRLayerH lyr;
    zg_text_decoder dec;
    char **field_names; /* nfields names, NFC UTF-8, owned */
    int nfields;
    size_t names_lossy;     /* names with undecodable bytes */
    size_t names_undoubled; /* names that were doubly encoded UTF-8 */
} zg_source;

/* What a DBF says about its encoding. `declared` is GDAL's reading of the
 * .cpg or the language id (SOURCE_ENCODING: "CP1252", "UTF-8", "" for
 * none); `cpg` the .cpg's first line as written, NULL without a .cpg. */
typedef struct zg_dbf_meta {
    const char *declared;
    const char *cpg;
} zg_dbf_meta;

/* Check each entry of a shapefile layer's .shx against the record header
 * it points at in the .shp: an offset past the end, into another record
 * or into the middle of one is ZG_ERR_INPUT naming path, layer and FID.
 * A layer without both files passes (shp_index.c). */
zg_status zg_shp_index_check(zg_ctx *ctx, GDALDatasetH ds,
                             const char *layer_name, const char *path);

/* Open o->path, pick the layer and the text decoder, decode the field
 * names, and fill the layer's path, layer_name, driver, encoding_used,
 * files (and, for auto-detection, a qa_log row). Messages name the file.
 * The caller closes src with zg_source_close, also on failure. */
zg_status zg_source_open(zg_ctx *ctx, const zg_input_opts *o,
                         zg_layer *layer, zg_source *src);
/* As zg_source_open, but the files' sha256 are left empty: the caller
 * hashes them (zg_layer_hash_files), perhaps on another thread while it
 * reads the layer. */
zg_status zg_source_open_unhashed(zg_ctx *ctx, const zg_input_opts *o,
                                  zg_layer *layer, zg_source *src);
/* Fill the sha256 of each of layer->files. Touches nothing else of the
 * layer, so it may run on its own thread (and context) while the layer's
 * owner reads on. */
zg_status zg_layer_hash_files(zg_ctx *ctx, zg_layer *layer);

/* Codes of field `field` (an index into src's fields) that hold a NUL
 * with more after it, which GDAL cuts there: a qa_log row in layer->qa
 * for each (up to 100, then one for the rest; `where` names the layer),
 * a warning, and their number in *count. GeoPackage, SQLite and
 * shapefiles are looked at; other formats pass unseen (nul_scan.c). */
typedef struct zg_nul_hit {
    long long fid;
    unsigned char *bytes; /* the code's bytes, NUL and all */
    size_t len;
} zg_nul_hit;
/* The query of zg_code_nul_scan run beside the caller, on a thread and a
 * connection of its own (GeoPackage and SQLite only). */
typedef struct zg_nul_job {
    zg_ctx *ctx; /* the thread's own; owned */
    char driver[16];
    char *path, *sql;
    zg_nul_hit *hits;
    size_t nhits, hcap;
    zg_status st;
    pthread_t thread;
    bool started, ok;
} zg_nul_job;
/* Start looking (*job: zg_code_nul_clear it on every path); a source of
 * another format, or no thread, leaves the looking to zg_code_nul_scan. */
void zg_code_nul_start(zg_ctx *ctx, const zg_source *src, int field,
                       zg_nul_job *job);
void zg_code_nul_clear(zg_nul_job *job);
/* job (NULL: none): what zg_code_nul_start found, when it could; the
 * rows, warning and count are the same either way. */
zg_status zg_code_nul_scan(zg_ctx *ctx, const zg_source *src,
                           zg_layer *layer, int field, const char *where,
                           zg_nul_job *job, size_t *count);

/* zg_layer_hash_files on a thread of its own (hash_thread.c). */
typedef struct zg_hash_job {
    zg_ctx *ctx; /* the thread's own; owned */
    zg_layer *layer; /* borrowed: its files' sha256 are the thread's */
    zg_status st;
    pthread_t thread;
    bool started, done;
} zg_hash_job;
/* Start hashing layer's files beside the caller, or, when no thread can
 * start, hash them before returning. The caller must call zg_hash_finish
 * once, on every path, before it reads the sha256 or frees the layer. */
zg_status zg_hash_start(zg_ctx *ctx, zg_layer *layer, zg_hash_job *job);
/* Wait for the hashes; a failure to read a file becomes ctx's error. */
zg_status zg_hash_finish(zg_ctx *ctx, zg_hash_job *job);
void zg_source_close(zg_ctx *ctx, zg_source *src);

/* ZG_OK when `enc` is NULL, "auto", a name zg_legacy_decode accepts or an
 * encoding iconv knows; else ZG_ERR_USAGE naming the input (role, path). */
zg_status zg_encoding_check(zg_ctx *ctx, const char *enc, const char *role,
                            const char *path);

/* Set src->dec for the layer just opened (src->lyr, raw when `dbf` is not
 * NULL): the user's encoding, the driver's UTF-8, or for a DBF the .cpg
 * when it is trustworthy and else the best-scoring candidate (see
 * text_encoding.c). Auto decisions add one row to layer->qa. */
zg_status zg_text_choose(zg_ctx *ctx, const zg_input_opts *o,
                         zg_layer *layer, zg_source *src,
                         const zg_dbf_meta *dbf);

/* New NFC UTF-8 text from a value's bytes through the decoder; *fix says
 * what had to be done. NULL when out of memory (message set). Caller
 * frees with zg_free. */
char *zg_text_decode(zg_ctx *ctx, const zg_text_decoder *dec,
                     const char *bytes, zg_text_fix *fix);

/* The fields taken when none is named, first found wins (names compared
 * without case): the id and name of a feature (layer_read.c) and the
 * land-use code (overlay/stream.c). */
extern const char *const ZG_ID_FIELDS[];
extern const char *const ZG_NAME_FIELDS[];
extern const char *const ZG_CODE_FIELDS[];
/* A field name as the default id and name fields are matched: lower-case
 * ASCII, Vietnamese letters on their base letter, '_', '-' and spaces
 * left out (mã_ccn, MaCCN are "maccn"). False when it does not fold. */
bool zg_field_name_fold(const char *s, char *out, size_t cap);

/* Open the dataset at `path` as zoneguard opens every source (a .zip of
 * one dataset as that dataset; raw: the DBF's bytes undecoded). Messages
 * name the file. Caller closes *ds with GDALClose. */
zg_status zg_source_open_dataset(zg_ctx *ctx, const char *path, bool raw,
                                 GDALDatasetH *ds);

/* What a source declares, for the record and for messages: "EPSG:4326",
 * else the CRS's name, "none" without one. New string (zg_free); NULL
 * when out of memory. */
char *zg_srs_label(zg_ctx *ctx, OGRSpatialReferenceH srs);

/* Decode the layer's field names into src->field_names. */
zg_status zg_source_field_names(zg_ctx *ctx, zg_source *src);
/* Index of the field whose decoded name is `name` (without case), or -1. */
int zg_source_find_field(const zg_source *src, const char *name);

/* One qa_log row for `n` (of `of`) values of `field` (NULL: field names)
 * that were doubly encoded UTF-8 and repaired; nothing when n is 0. */
zg_status zg_text_log_undoubled(zg_ctx *ctx, zg_layer *layer,
                                const char *field, size_t n, size_t of);

/* Resolve the source CRS of the layer (or --s-srs) into layer->crs. */
zg_status zg_source_crs(zg_ctx *ctx, const zg_input_opts *o,
                        zg_layer *layer, zg_source *src);

/* The outcome of turning one OGR feature geometry into GEOS. */
typedef enum zg_geom_outcome {
    ZG_GEOM_OK = 0,
    ZG_GEOM_SKIP = 1 /* logged and counted; not an error */
} zg_geom_outcome;

/* What reading a layer's geometries changed silently, counted for one
 * qa_log line per layer. */
typedef struct zg_geom_notes {
    size_t z_dropped; /* 3D geometries flattened */
    size_t curved;    /* curve geometries linearised by OGR */
} zg_geom_notes;

/* Convert, check, repair and transform the geometry of one feature.
 * Fills f->geom_src, f->geom_ll, f->repaired, or returns ZG_GEOM_SKIP
 * through *outcome after logging why. `fid_label` names the feature;
 * *notes is added to. */
zg_status zg_feature_geometry(zg_ctx *ctx, zg_layer *layer, PJ *to_ll,
                              OGRGeometryH g, const char *feature_label,
                              zg_feature *f, zg_geom_outcome *outcome,
                              zg_geom_notes *notes);

/* A layer's rows through GDAL's column-oriented (Arrow) reader, for the
 * drivers whose Arrow reader is fast (arrow_rows.c). */
typedef struct zg_arrow_rows {
    struct ArrowArrayStream stream;
    struct ArrowSchema schema;
    struct ArrowArray batch; /* the current batch */
    bool open, have_schema, have_batch;
    int fid_col, text_col, geom_col; /* children of the schema */
} zg_arrow_rows;

/* Start reading lyr (its ignored fields already set) with the FID, the
 * string field `text_field` (raw OGR name) and the geometry. *usable is
 * false, and nothing is open, when the driver's Arrow reader is not fast
 * or the columns are not of the types read here: the caller then reads
 * feature by feature. Close with zg_arrow_rows_close in every case. */
zg_status zg_arrow_rows_open(zg_ctx *ctx, OGRLayerH lyr,
                             const char *text_field, zg_arrow_rows *ar,
                             bool *usable);
/* The next batch: *n rows, 0 at the end. The previous batch's values are
 * gone. ZG_ERR_INPUT with GDAL's message when reading fails. */
zg_status zg_arrow_rows_next(zg_ctx *ctx, zg_arrow_rows *ar, size_t *n);
/* Row i of the current batch. Text and WKB are borrowed until the next
 * batch, not NUL-terminated; NULL for a null value. */
long long zg_arrow_rows_fid(const zg_arrow_rows *ar, size_t i);
const char *zg_arrow_rows_text(const zg_arrow_rows *ar, size_t i,
                               size_t *len);
const unsigned char *zg_arrow_rows_wkb(const zg_arrow_rows *ar, size_t i,
                                       size_t *len);
void zg_arrow_rows_close(zg_arrow_rows *ar);

/* The box (xmin, ymin, xmax, ymax) of WKB that is a 2D Polygon or
 * MultiPolygon GEOS would read as it stands (rings closed, of 4 points or
 * more, coordinates finite, no byte left over): GEOS's envelope of it,
 * the shells' box. False for anything else, which the caller hands to
 * GEOS or OGR (wkb_box.c). */
bool zg_wkb_polygon_box(const unsigned char *wkb, size_t len, double box[4]);

#endif
