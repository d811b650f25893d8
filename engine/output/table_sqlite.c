/* SPDX-License-Identifier: MIT
 *
 * table_sqlite.c: write a described table into the SpatiaLite output.
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

zg_status zg_table_write_sqlite(zg_output *out, const zg_table *t)
{
    zg_ctx *ctx = out->ctx;
    char *create = sqlite3_mprintf("CREATE TABLE \"%w\" (", t->name);
    char *insert = sqlite3_mprintf("INSERT INTO \"%w\" (", t->name);
    char *values = sqlite3_mprintf(") VALUES (");
    bool ok = create && insert && values;
    for (size_t i = 0; ok && i < t->ncols; i++) {
        const char *sep = i ? ", " : "";
        ok = cat(&create, sqlite3_mprintf("%s\"%w\" %s%s", sep,
                                          t->cols[i].name,
                                          sql_type(t->cols[i].type),
                                          i == 0 && t->key ? " PRIMARY KEY"
                                                           : "")) &&
             cat(&insert, sqlite3_mprintf("%s\"%w\"", sep, t->cols[i].name)) &&
             cat(&values, sqlite3_mprintf("%s?", sep));
    }
    if (ok && t->geom_type)
        ok = cat(&insert, sqlite3_mprintf(", geom")) &&
             cat(&values, sqlite3_mprintf(", GeomFromWKB(?, 4326)"));
    ok = ok && cat(&create, sqlite3_mprintf(")")) &&
         cat(&values, sqlite3_mprintf(")")) &&
         cat(&insert, sqlite3_mprintf("%s", values));
    zg_status st = ok ? ZG_OK : zg_nomem(ctx, "SQL text");
    if (!st)
        st = zg_sql_exec(out, create);
    if (!st && t->geom_type) {
        char *add = sqlite3_mprintf("SELECT AddGeometryColumn('%q', 'geom', "
                                    "4326, '%q', 'XY')", t->name,
                                    t->geom_type);
        st = add ? zg_sql_exec(out, add) : zg_nomem(ctx, "SQL text");
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
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        for (size_t c = 0; c < t->ncols; c++) {
            int k = (int)c + 1;
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
            GEOSGeometry *m = zg_geom_as_multi(ctx, g);
            size_t len = 0;
            unsigned char *wkb = m ? zg_geom_wkb(ctx, m, &len) : NULL;
            if (m)
                GEOSGeom_destroy_r(ctx->geos, m);
            if (!wkb) {
                st = zg_nomem(ctx, "geometry encoding");
                break;
            }
            sqlite3_bind_blob(s, (int)t->ncols + 1, wkb, (int)len,
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
    if (!st && t->geom_type) {
        char *idx = sqlite3_mprintf("SELECT CreateSpatialIndex('%q', "
                                    "'geom')", t->name);
        st = idx ? zg_sql_exec(out, idx) : zg_nomem(ctx, "SQL text");
        sqlite3_free(idx);
    }
    sqlite3_free(create);
    sqlite3_free(insert);
    sqlite3_free(values);
    return st;
}
