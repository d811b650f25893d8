/* SPDX-License-Identifier: MIT
 *
 * clusters_table.c: the `clusters` table of the SpatiaLite output: one row
 * per kept feature, in input order, with the input's attributes (UTF-8),
 * id, name, both areas, the repaired flag and the geometry as WGS 84
 * MULTIPOLYGON, registered and indexed for QGIS.
 */
#include "output_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const RESERVED[] = {
    "fid", "id", "name", "area_ha", "area_plane_ha", "declared_ha",
    "declared_diff_pct", "repaired", "src_fid", "geom", NULL};

static const char *sql_type(zg_field_kind k)
{
    return k == ZG_FIELD_INT ? "INTEGER" : k == ZG_FIELD_REAL ? "REAL"
                                                              : "TEXT";
}

/* Append to a growing SQL text; false when out of memory. */
static bool append(zg_ctx *ctx, char **sql, const char *piece)
{
    char *n = zg_asprintf(ctx, "%s%s", *sql, piece);
    zg_free(ctx, *sql);
    *sql = n;
    return n != NULL;
}

static void bind_double_or_null(sqlite3_stmt *s, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_double(s, i, v);
}

zg_status zg_output_write_areas(zg_output *out, const zg_layer *layer,
                                const zg_areas *areas)
{
    zg_ctx *ctx = out->ctx;
    if (areas->n != layer->n)
        return zg_fail(ctx, ZG_ERR_USAGE, "areas do not belong to this "
                       "layer");
    bool declared = areas->declared_idx >= 0;
    char **cols = zg_attr_column_names(ctx, layer, RESERVED);
    if (!cols)
        return zg_nomem(ctx, "column names");
    zg_status st = ZG_OK;
    char *create = zg_strdup(ctx,
        "CREATE TABLE clusters (fid INTEGER PRIMARY KEY, id TEXT NOT NULL,"
        " name TEXT, area_ha REAL NOT NULL, area_plane_ha REAL NOT NULL,"
        " declared_ha REAL, declared_diff_pct REAL,"
        " repaired INTEGER NOT NULL, src_fid INTEGER");
    char *insert = zg_strdup(ctx,
        "INSERT INTO clusters (fid, id, name, area_ha, area_plane_ha,"
        " declared_ha, declared_diff_pct, repaired, src_fid");
    char *values = zg_strdup(ctx, ") VALUES (?,?,?,?,?,?,?,?,?");
    bool ok = create && insert && values;
    for (size_t i = 0; ok && i < layer->nfields; i++) {
        /* %w doubles quotes inside a quoted identifier: a field name can
         * never become SQL. */
        char *c = sqlite3_mprintf(", \"%w\" %s", cols[i],
                                  sql_type(layer->fields[i].kind));
        char *q = sqlite3_mprintf(", \"%w\"", cols[i]);
        ok = c && q && append(ctx, &create, c) && append(ctx, &insert, q) &&
             append(ctx, &values, ",?");
        sqlite3_free(c);
        sqlite3_free(q);
    }
    ok = ok && append(ctx, &create, ")") &&
         append(ctx, &insert, ", geom") &&
         append(ctx, &values, ", GeomFromWKB(?, 4326))") &&
         append(ctx, &insert, values);
    if (!ok)
        st = zg_nomem(ctx, "SQL text");
    if (!st)
        st = zg_sql_exec(out, create);
    if (!st)
        st = zg_sql_exec(out, "SELECT AddGeometryColumn('clusters', 'geom', "
                              "4326, 'MULTIPOLYGON', 'XY', 1)");
    sqlite3_stmt *s = NULL;
    if (!st)
        st = zg_sql_prepare(out, insert, &s);
    if (!st)
        st = zg_sql_exec(out, "BEGIN");
    for (size_t i = 0; !st && i < layer->n; i++) {
        const zg_feature *f = &layer->feats[i];
        double ha = areas->ellipsoidal_m2[i] / 1e4;
        double dec = areas->declared_ha[i];
        int k = 1;
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        sqlite3_bind_int64(s, k++, (sqlite3_int64)i + 1);
        sqlite3_bind_text(s, k++, f->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, k++, f->name, -1, SQLITE_STATIC);
        sqlite3_bind_double(s, k++, ha);
        sqlite3_bind_double(s, k++, areas->plane_m2[i] / 1e4);
        bind_double_or_null(s, k++, declared ? dec : NAN);
        bind_double_or_null(s, k++, declared ? zg_declared_diff_pct(ha, dec)
                                             : NAN);
        sqlite3_bind_int(s, k++, f->repaired ? 1 : 0);
        sqlite3_bind_int64(s, k++, f->fid);
        for (size_t j = 0; j < layer->nfields; j++, k++) {
            const zg_value *v = &f->values[j];
            if (v->is_null)
                sqlite3_bind_null(s, k);
            else if (layer->fields[j].kind == ZG_FIELD_INT)
                sqlite3_bind_int64(s, k, v->i);
            else if (layer->fields[j].kind == ZG_FIELD_REAL)
                sqlite3_bind_double(s, k, v->d);
            else
                sqlite3_bind_text(s, k, v->s, -1, SQLITE_STATIC);
        }
        GEOSGeometry *m = zg_geom_as_multi(ctx, f->geom_ll);
        size_t len = 0;
        unsigned char *wkb = m ? zg_geom_wkb(ctx, m, &len) : NULL;
        if (m)
            GEOSGeom_destroy_r(ctx->geos, m);
        if (!wkb) {
            st = zg_fail(ctx, ZG_ERR_GEOM, "cannot encode the geometry of "
                         "feature %s: %s", f->id, zg_geos_lastmsg(ctx));
            break;
        }
        sqlite3_bind_blob(s, k, wkb, (int)len, SQLITE_TRANSIENT);
        GEOSFree_r(ctx->geos, wkb);
        if (sqlite3_step(s) != SQLITE_DONE)
            st = zg_sql_fail(out, "insert into clusters");
        if (!st && i % 256 == 0)
            st = zg_progress(ctx, 0, 1, (double)i / (double)layer->n,
                             "write");
    }
    sqlite3_finalize(s);
    if (!st)
        st = zg_sql_exec(out, "COMMIT");
    if (!st)
        st = zg_sql_exec(out, "SELECT CreateSpatialIndex('clusters', "
                              "'geom')");
    if (!st)
        st = zg_output_write_qa(out, &areas->qa);
    if (!st) {
        char *opts = zg_asprintf(ctx, "plane_crs=%s%s%s", areas->plane_crs,
                                 declared ? " declared_field=" : "",
                                 declared ? areas->declared_field : "");
        st = opts ? zg_output_set_options(out, opts)
                  : zg_nomem(ctx, "options");
        zg_free(ctx, opts);
    }
    zg_free(ctx, create);
    zg_free(ctx, insert);
    zg_free(ctx, values);
    zg_free_names(ctx, cols, layer->nfields);
    return st;
}
