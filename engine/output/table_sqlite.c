/* SPDX-License-Identifier: MIT
 *
 * table_sqlite.c: write a described table into the SpatiaLite output, as
 * a new table or (--append) added to the table an earlier run wrote.
 * Identifiers are always quoted with %w (quotes doubled), values always
 * bound: no text from the data ever becomes SQL.
 */
#include "table_writer.h"

#include <math.h>
#include <string.h>

static const char *sql_type(zg_col_type t)
{
    return t == ZG_COL_INT ? "INTEGER" : t == ZG_COL_REAL ? "REAL" : "TEXT";
}

/* Append a sqlite3_mprintf'd piece to *sql; false on OOM. */
static bool cat(char **sql, char *piece)
{
    if (!piece || !*sql) {
        sqlite3_free(piece);
        sqlite3_free(*sql);
        *sql = NULL;
        return false;
    }
    char *n = sqlite3_mprintf("%s%s", *sql, piece);
    sqlite3_free(piece);
    sqlite3_free(*sql);
    *sql = n;
    return n != NULL;
}

/* AddGeometryColumn and CreateSpatialIndex report failure by returning
 * 0 (and a line on stderr), not as an SQL error: check what they say. */
static zg_status spatialite_call(zg_output *out, const char *sql,
                                 const char *table)
{
    sqlite3_stmt *s = NULL;
    zg_status st = zg_sql_prepare(out, sql, &s);
    if (st)
        return st;
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW)
        st = zg_sql_fail(out, table);
    else if (sqlite3_column_int(s, 0) != 1)
        st = zg_fail(out->ctx, ZG_ERR_OUTPUT, "SpatiaLite refused to set up "
                     "the geometry of table %s (%s) (%s)", table, sql,
                     out->stage.target);
    sqlite3_finalize(s);
    return st;
}

/* The table's columns as this run writes them: run_id after the key.
 * New arrays (borrowed names); caller frees both with zg_free. */
static zg_status run_columns(zg_ctx *ctx, const zg_table *t,
                             const char ***names, const char ***types)
{
    *names = zg_calloc(ctx, t->ncols + 1, sizeof **names);
    *types = zg_calloc(ctx, t->ncols + 1, sizeof **types);
    if (!*names || !*types)
        return zg_nomem(ctx, "columns");
    for (size_t i = 0; i < t->ncols; i++) {
        (*names)[i] = t->cols[i].name;
        (*types)[i] = sql_type(t->cols[i].type);
    }
    (*names)[t->ncols] = "run_id";
    (*types)[t->ncols] = "INTEGER";
    return ZG_OK;
}

/* A table this run adds to: make it fit, and find the first free key. */
static zg_status prepare_existing(zg_output *out, const zg_table *t,
                                  sqlite3_int64 *key_base)
{
    zg_ctx *ctx = out->ctx;
    const char **names = NULL, **types = NULL;
    zg_status st = run_columns(ctx, t, &names, &types);
    if (!st)
        st = zg_schema_fit_table(out, t->name, names, types, t->ncols + 1);
    zg_free(ctx, names);
    zg_free(ctx, types);
    if (!st && t->geom_type)
        st = zg_schema_check_geometry(out, t->name);
    *key_base = 0;
    if (!st && t->key) {
        char *q = sqlite3_mprintf("SELECT coalesce(max(\"%w\"), 0) FROM "
                                  "\"%w\"", t->cols[0].name, t->name);
        sqlite3_stmt *s = NULL;
        st = q ? zg_sql_prepare(out, q, &s) : zg_nomem(ctx, "SQL text");
        if (!st && sqlite3_step(s) == SQLITE_ROW)
            *key_base = sqlite3_column_int64(s, 0);
        else if (!st)
            st = zg_sql_fail(out, t->name);
        sqlite3_finalize(s);
        sqlite3_free(q);
    }
    return st;
}

/* Appending keeps earlier runs' rows and their keys: this run's keys
 * continue after the largest one (row r gets key_base + r + 1), and
 * every row carries the run's run_id. In a new database key_base is 0,
 * so the keys are 1..n as in a file of one run. */
zg_status zg_table_write_sqlite(zg_output *out, const zg_table *t)
{
    zg_ctx *ctx = out->ctx;
    out->tables_written = true;
    bool exists = false;
    sqlite3_int64 key_base = 0;
    zg_status st = zg_schema_has_table(out, t->name, &exists);
    if (!st && exists)
        st = prepare_existing(out, t, &key_base);
    if (st)
        return st;
    char *create = sqlite3_mprintf("CREATE TABLE \"%w\" (", t->name);
    char *insert = sqlite3_mprintf("INSERT INTO \"%w\" (run_id", t->name);
    char *values = sqlite3_mprintf(") VALUES (?");
    bool ok = create && insert && values;
    for (size_t i = 0; ok && i < t->ncols; i++) {
        const char *sep = i ? ", " : "";
        ok = cat(&create, sqlite3_mprintf("%s\"%w\" %s%s", sep,
                                          t->cols[i].name,
                                          sql_type(t->cols[i].type),
                                          i == 0 && t->key ? " PRIMARY KEY"
                                                           : "")) &&
             (i != 0 || cat(&create, sqlite3_mprintf(", run_id INTEGER NOT "
                                                     "NULL"))) &&
             cat(&insert, sqlite3_mprintf(", \"%w\"", t->cols[i].name)) &&
             cat(&values, sqlite3_mprintf(", ?"));
    }
    if (ok && t->geom_type)
        ok = cat(&insert, sqlite3_mprintf(", geom")) &&
             cat(&values, sqlite3_mprintf(", GeomFromWKB(?, %d)", out->srid));
    ok = ok && cat(&create, sqlite3_mprintf(")")) &&
         cat(&values, sqlite3_mprintf(")")) &&
         cat(&insert, sqlite3_mprintf("%s", values));
    st = ok ? ZG_OK : zg_nomem(ctx, "SQL text");
    if (!st && !exists)
        st = zg_sql_exec(out, create);
    if (!st && !exists && t->geom_type) {
        char *add = sqlite3_mprintf("SELECT AddGeometryColumn('%q', 'geom', "
                                    "%d, '%q', 'XY')", t->name, out->srid,
                                    t->geom_type);
        st = add ? spatialite_call(out, add, t->name)
                 : zg_nomem(ctx, "SQL text");
        sqlite3_free(add);
    }
    sqlite3_stmt *s = NULL;
    zg_cell *cells = NULL;
    if (!st)
        st = zg_sql_prepare(out, insert, &s);
    if (!st && !(cells = zg_calloc(ctx, t->ncols + 1, sizeof *cells)))
        st = zg_nomem(ctx, "row");
    if (!st)
        st = zg_sql_exec(out, "BEGIN");
    for (size_t r = 0; !st && r < t->nrows; r++) {
        memset(cells, 0, (t->ncols + 1) * sizeof *cells);
        const GEOSGeometry *g = NULL;
        st = t->row(t->ud, r, cells, &g);
        if (st)
            break;
        if (t->key)
            cells[0].i += key_base;
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        sqlite3_bind_int64(s, 1, out->run_id);
        for (size_t c = 0; c < t->ncols; c++) {
            int k = (int)c + 2;
            const zg_cell *v = &cells[c];
            if (v->is_null)
                sqlite3_bind_null(s, k);
            else if (t->cols[c].type == ZG_COL_INT)
                sqlite3_bind_int64(s, k, v->i);
            else if (t->cols[c].type == ZG_COL_REAL) {
                if (isnan(v->d))
                    sqlite3_bind_null(s, k);
                else
                    sqlite3_bind_double(s, k, v->d);
            } else if (v->s)
                sqlite3_bind_text(s, k, v->s, -1, SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(s, k);
        }
        if (t->geom_type && g) {
            /* Rows come in WGS 84; the database may be in t_srs. */
            GEOSGeometry *moved = NULL;
            if (out->to_out) {
                double bad[2];
                if (!(moved = zg_geom_transform(ctx, g, out->to_out, bad))) {
                    st = zg_fail(ctx, ZG_ERR_OUTPUT, "a geometry of table %s "
                                 "cannot be written in EPSG:%d (t_srs): "
                                 "vertex %.7f %.7f (%s)", t->name, out->srid,
                                 bad[0], bad[1], out->stage.target);
                    break;
                }
                g = moved;
            }
            /* A multipolygon is written as it is; anything else as a
             * multipolygon of one (a copy, made only then). */
            bool multi = GEOSGeomTypeId_r(ctx->geos, g) == GEOS_MULTIPOLYGON;
            GEOSGeometry *m = multi ? NULL : zg_geom_as_multi(ctx, g);
            size_t len = 0;
            unsigned char *wkb = multi ? zg_geom_wkb(ctx, g, &len)
                                 : m   ? zg_geom_wkb(ctx, m, &len)
                                       : NULL;
            if (m)
                GEOSGeom_destroy_r(ctx->geos, m);
            if (moved)
                GEOSGeom_destroy_r(ctx->geos, moved);
            if (!wkb) {
                st = zg_nomem(ctx, "geometry encoding");
                break;
            }
            sqlite3_bind_blob(s, (int)t->ncols + 2, wkb, (int)len,
                              SQLITE_TRANSIENT);
            GEOSFree_r(ctx->geos, wkb);
        }
        if (sqlite3_step(s) != SQLITE_DONE)
            st = zg_sql_fail(out, t->name);
        if (!st && r % 1024 == 0)
            st = zg_progress(ctx, 0, 1, (double)r / (double)t->nrows,
                             "write");
    }
    sqlite3_finalize(s);
    zg_free(ctx, cells);
    if (!st)
        st = zg_sql_exec(out, "COMMIT");
    else
        sqlite3_exec(out->db, "ROLLBACK", NULL, NULL, NULL);
    /* An existing table's R*Tree is kept up to date by SpatiaLite's
     * triggers as the rows go in; a new one is indexed once, at the end. */
    if (!st && !exists && t->geom_type) {
        char *idx = sqlite3_mprintf("SELECT CreateSpatialIndex('%q', "
                                    "'geom')", t->name);
        st = idx ? spatialite_call(out, idx, t->name)
                 : zg_nomem(ctx, "SQL text");
        sqlite3_free(idx);
    }
    if (!st)
        st = zg_output_note_table(out, t->name, t->nrows);
    sqlite3_free(create);
    sqlite3_free(insert);
    sqlite3_free(values);
    return st;
}
