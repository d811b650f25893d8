/* SPDX-License-Identifier: MIT
 *
 * table_writer.h: one way to write any result table, to SpatiaLite and to
 * GeoJSON alike. An analysis describes its columns once and hands over a
 * row callback; the writers do the SQL (quoted identifiers, bound values,
 * one transaction, geometry registered and indexed) and the GDAL GeoJSON
 * (RFC 7946, stable order).
 */
#ifndef ZG_TABLE_WRITER_H
#define ZG_TABLE_WRITER_H

#include "output_int.h"

typedef enum zg_col_type {
    ZG_COL_INT = 0,
    ZG_COL_REAL = 1,
    ZG_COL_TEXT = 2
} zg_col_type;

typedef struct zg_col {
    const char *name; /* borrowed */
    zg_col_type type;
} zg_col;

typedef struct zg_cell {
    bool is_null;
    long long i;
    double d;      /* NaN is written as NULL */
    const char *s; /* borrowed until the next row */
} zg_cell;

/* Fill cells[0..ncols-1] for row `row` and set *geom_ll to the row's
 * geometry in WGS 84 lon/lat (borrowed; NULL for none). */
typedef zg_status (*zg_row_fn)(void *ud, size_t row, zg_cell *cells,
                               const GEOSGeometry **geom_ll);

typedef struct zg_table {
    const char *name;   /* table / layer name */
    const zg_col *cols; /* the first column must be the INTEGER key
                           when `key` is set */
    size_t ncols;
    size_t nrows;
    bool key;              /* cols[0] is INTEGER PRIMARY KEY */
    const char *geom_type; /* "MULTIPOLYGON", or NULL: no geometry */
    zg_row_fn row;
    void *ud;
} zg_table;

/* CREATE TABLE, AddGeometryColumn, insert every row in one transaction,
 * CreateSpatialIndex. Every row gets the output's run_id (a column after
 * the key). When the table exists (an earlier run of the database, see
 * --append), it is fitted to this run's columns (schema.c) and the rows
 * are added after the earlier ones, keys continuing from the largest. */
zg_status zg_table_write_sqlite(zg_output *out, const zg_table *t);

/* Write the table as an RFC 7946 GeoJSON file (no-clobber staging). */
zg_status zg_table_write_geojson(zg_ctx *ctx, const char *path,
                                 unsigned flags, const zg_table *t);

/* Columns for a layer's attributes after `base`: a new array of ncols
 * columns (base first), names that clash get "src_" in front. Free with
 * zg_layer_cols_free. */
zg_col *zg_layer_cols_new(zg_ctx *ctx, const zg_layer *layer,
                          const zg_col *base, size_t nbase, size_t *ncols);
void zg_layer_cols_free(zg_ctx *ctx, zg_col *cols, size_t ncols,
                        size_t nbase);
/* Cells for feature f's attributes. */
void zg_layer_cells(const zg_layer *layer, const zg_feature *f,
                    zg_cell *cells);

#endif
