/* SPDX-License-Identifier: MIT
 *
 * io.h: the in-memory layer that engine/io/ reads an input into, which
 * every analysis above io uses. What only io (and the overlay, which reads
 * sources itself) needs is in io_int.h.
 */
#ifndef ZG_IO_H
#define ZG_IO_H

#include "../crs/crs.h"

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

#endif /* ZG_IO_H */
