/* SPDX-License-Identifier: MIT
 *
 * schema.c: what a table of an existing database must look like before a
 * new run's rows go into it (`--append`).
 *
 * Runs differ: a newer zoneguard may have added a column, and the same
 * analysis over another input brings other attribute fields. Nothing of
 * that may corrupt an earlier run, so:
 *  - a column this run writes and the table lacks is added (ALTER TABLE
 *    ADD COLUMN, which leaves every stored row as it is: earlier rows
 *    read NULL there);
 *  - a column the table has and this run does not write gets NULL in the
 *    new rows, unless it is NOT NULL without a default (a newer version's
 *    column we cannot fill): then the run is refused;
 *  - a column of the same name but another type is refused too: SQLite
 *    would store the value anyway, converted by the column's affinity
 *    (text "012" into an INTEGER column becomes 12), and GDAL, QGIS and
 *    the CSV export read the column by its declared type.
 * Refusals are ZG_ERR_OUTPUT naming the database, table and column; the
 * database itself is never touched, as the run works on a copy.
 *
 * Every identifier is quoted with %w (quotes doubled) and every name used
 * as a value (pragma_table_info, sqlite_master) is bound: a column named
 * `x"; DROP TABLE runs; --` is a column like any other.
 */
#include "output_int.h"

#include <string.h>

const char *const ZG_RESULT_TABLES[] = {
    "clusters", "cluster_overlaps", "cluster_overlap_slivers",
    "landuse_composition", "encroachment", "encroachment_new",
    "encroachment_lost", "proposals", "proposal_checks", "proposal_evidence",
    "reserve", NULL};

const char *const ZG_RECORD_TABLES[] = {"runs", "run_inputs", "run_tables",
                                        "qa_log", NULL};

/* Which result tables each run wrote, so that a reader of one run can
 * tell "this run found no overlaps" from "this run did not look". */
const char ZG_RUN_TABLES_SQL[] =
    "CREATE TABLE IF NOT EXISTS run_tables ("
    " run_id INTEGER NOT NULL REFERENCES runs(run_id),"
    " table_name TEXT NOT NULL, row_count INTEGER NOT NULL,"
    " PRIMARY KEY (run_id, table_name))";

/* The database the user named (the copy's path means nothing to them). */
static const char *db_name(const zg_output *out)
{
    return out->base ? out->base : out->stage.target;
}

zg_status zg_schema_has_table(zg_output *out, const char *table,
                              bool *exists)
{
    *exists = false;
    sqlite3_stmt *s = NULL;
    zg_status st = zg_sql_prepare(out, "SELECT 1 FROM sqlite_master WHERE "
                                       "type = 'table' AND lower(name) = "
                                       "lower(?)", &s);
    if (st)
        return st;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *exists = true;
    else if (rc != SQLITE_DONE)
        st = zg_sql_fail(out, table);
    sqlite3_finalize(s);
    return st;
}

typedef struct col_info {
    char *name, *type;
    bool notnull, has_default, pk;
} col_info;

static void free_cols(zg_ctx *ctx, col_info *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++) {
        zg_free(ctx, c[i].name);
        zg_free(ctx, c[i].type);
    }
    zg_free(ctx, c);
}

/* The columns of an existing table, from pragma_table_info. */
static zg_status read_cols(zg_output *out, const char *table,
                           col_info **cols, size_t *n)
{
    *cols = NULL;
    *n = 0;
    size_t cap = 0;
    sqlite3_stmt *s = NULL;
    zg_status st = zg_sql_prepare(out, "SELECT name, type, \"notnull\", "
                                       "dflt_value IS NOT NULL, pk FROM "
                                       "pragma_table_info(?)", &s);
    if (st)
        return st;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    int rc;
    while (!st && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        st = zg_grow(out->ctx, (void **)cols, &cap, *n + 1, sizeof **cols);
        if (st)
            break;
        col_info *c = &(*cols)[*n];
        memset(c, 0, sizeof *c);
        (*n)++;
        const char *name = (const char *)sqlite3_column_text(s, 0);
        const char *type = (const char *)sqlite3_column_text(s, 1);
        c->name = zg_strdup(out->ctx, name ? name : "");
        c->type = zg_strdup(out->ctx, type ? type : "");
        c->notnull = sqlite3_column_int(s, 2) != 0;
        c->has_default = sqlite3_column_int(s, 3) != 0;
        c->pk = sqlite3_column_int(s, 4) != 0;
        if (!c->name || !c->type)
            st = zg_nomem(out->ctx, "column names");
    }
    if (!st && rc != SQLITE_DONE)
        st = zg_sql_fail(out, table);
    sqlite3_finalize(s);
    if (st) {
        free_cols(out->ctx, *cols, *n);
        *cols = NULL;
        *n = 0;
    }
    return st;
}

static const col_info *find_col(const col_info *c, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (sqlite3_stricmp(c[i].name, name) == 0)
            return &c[i];
    return NULL;
}

/* Our column types are this fixed set; nothing else is pasted into SQL. */
static bool known_type(const char *t)
{
    return strcmp(t, "INTEGER") == 0 || strcmp(t, "REAL") == 0 ||
           strcmp(t, "TEXT") == 0;
}

static zg_status fit(zg_output *out, const char *table,
                     const char *const *names, const char *const *types,
                     size_t ncols, bool check_others)
{
    zg_ctx *ctx = out->ctx;
    col_info *have = NULL;
    size_t nhave = 0;
    zg_status st = read_cols(out, table, &have, &nhave);
    for (size_t i = 0; !st && i < ncols; i++) {
        if (ZG_NEVER(!known_type(types[i]))) {
            st = zg_fail(ctx, ZG_ERR_INTERNAL, "column type %s", types[i]);
            break;
        }
        const col_info *c = find_col(have, nhave, names[i]);
        if (c && sqlite3_stricmp(c->type, types[i]) != 0)
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "cannot add this run to the "
                         "database: its table %s has column %s as %s, this "
                         "run writes it as %s; the database is left "
                         "untouched (write to a new one, or use "
                         "--overwrite) (%s)", table, c->name,
                         c->type[0] ? c->type : "untyped", types[i],
                         db_name(out));
        if (c || st)
            continue;
        char *sql = sqlite3_mprintf("ALTER TABLE \"%w\" ADD COLUMN \"%w\" %s",
                                    table, names[i], types[i]);
        st = sql ? zg_sql_exec(out, sql) : zg_nomem(ctx, "SQL text");
        sqlite3_free(sql);
    }
    for (size_t k = 0; !st && check_others && k < nhave; k++) {
        const col_info *c = &have[k];
        bool ours = false;
        for (size_t i = 0; i < ncols && !ours; i++)
            ours = sqlite3_stricmp(c->name, names[i]) == 0;
        if (!ours && c->notnull && !c->has_default && !c->pk &&
            sqlite3_stricmp(c->name, "geom") != 0)
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "cannot add this run to the "
                         "database: its table %s has a column %s (NOT NULL, "
                         "perhaps from a newer zoneguard) that this run "
                         "cannot fill; the database is left untouched "
                         "(%s)", table, c->name, db_name(out));
    }
    free_cols(ctx, have, nhave);
    return st;
}

zg_status zg_schema_fit_table(zg_output *out, const char *table,
                              const char *const *names,
                              const char *const *types, size_t ncols)
{
    return fit(out, table, names, types, ncols, true);
}

zg_status zg_schema_add_column(zg_output *out, const char *table,
                               const char *name, const char *type)
{
    return fit(out, table, &name, &type, 1, false);
}

zg_status zg_schema_check_geometry(zg_output *out, const char *table)
{
    sqlite3_stmt *s = NULL;
    zg_status st = zg_sql_prepare(out, "SELECT geometry_type, srid FROM "
                                       "geometry_columns WHERE "
                                       "f_table_name = lower(?) AND "
                                       "f_geometry_column = 'geom'", &s);
    if (st)
        return st;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    /* 6: MULTIPOLYGON XY in SpatiaLite's geometry_columns numbering. */
    if (rc != SQLITE_ROW)
        st = zg_fail(out->ctx, ZG_ERR_OUTPUT, "cannot add this run to the "
                     "database: its table %s has no geometry column geom "
                     "in geometry_columns; the database is left untouched "
                     "(%s)", table, db_name(out));
    else if (sqlite3_column_int(s, 0) != 6 ||
             sqlite3_column_int(s, 1) != out->srid)
        st = zg_fail(out->ctx, ZG_ERR_OUTPUT, "cannot add this run to the "
                     "database: the geometry of its table %s is of type %d "
                     "in EPSG:%d, this run writes MULTIPOLYGON (6) in "
                     "EPSG:%d (t_srs); the database is left untouched (%s)",
                     table, sqlite3_column_int(s, 0),
                     sqlite3_column_int(s, 1), out->srid, db_name(out));
    sqlite3_finalize(s);
    return st;
}

/* The record tables and the columns this version writes into them. */
static const char *const RUNS_COLS[] = {
    "zoneguard_version", "gdal_version", "geos_version", "proj_version",
    "sqlite_version", "spatialite_version", "command", "options", "inputs",
    "buffer_quad_segs", "started_utc", "ended_utc"};
static const char *const RUNS_TYPES[] = {
    "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT",
    "INTEGER", "TEXT", "TEXT"};
static const char *const INPUT_COLS[] = {
    "run_id", "role", "path", "layer", "driver", "crs", "encoding", "file",
    "sha256", "features_kept", "features_skipped", "features_repaired"};
static const char *const INPUT_TYPES[] = {
    "INTEGER", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT",
    "TEXT", "INTEGER", "INTEGER", "INTEGER"};
static const char *const QA_COLS[] = {
    "run_id", "layer", "feature_id", "problem", "action", "area_before_m2",
    "area_after_m2"};
static const char *const QA_TYPES[] = {
    "INTEGER", "TEXT", "TEXT", "TEXT", "TEXT", "REAL", "REAL"};

#define NCOLS(a) (sizeof a / sizeof a[0])

static zg_status single_int(zg_output *out, const char *sql,
                            sqlite3_int64 *v)
{
    sqlite3_stmt *s = NULL;
    zg_status st = zg_sql_prepare(out, sql, &s);
    if (st)
        return st;
    if (sqlite3_step(s) == SQLITE_ROW)
        *v = sqlite3_column_int64(s, 0);
    else
        st = zg_sql_fail(out, "query");
    sqlite3_finalize(s);
    return st;
}

/* A result table written before rows carried run_id: its rows belong to
 * the database's one run. The column is added with that run as its
 * default, which SQLite reads for every stored row without rewriting
 * any. */
static zg_status adopt_legacy(zg_output *out, const char *table)
{
    col_info *have = NULL;
    size_t nhave = 0;
    zg_status st = read_cols(out, table, &have, &nhave);
    bool has = !st && find_col(have, nhave, "run_id") != NULL;
    free_cols(out->ctx, have, nhave);
    if (st || has)
        return st;
    sqlite3_int64 nruns = 0, run = 0, rows = 0;
    st = single_int(out, "SELECT count(*) FROM runs", &nruns);
    if (!st && nruns != 1)
        return zg_fail(out->ctx, ZG_ERR_OUTPUT, "cannot add this run to the "
                       "database: its table %s has no run_id column and the "
                       "database holds %lld runs, so its rows cannot be told "
                       "apart; the database is left untouched (%s)", table,
                       (long long)nruns, db_name(out));
    if (!st)
        st = single_int(out, "SELECT run_id FROM runs", &run);
    char *sql = st ? NULL
                   : sqlite3_mprintf("ALTER TABLE \"%w\" ADD COLUMN run_id "
                                     "INTEGER NOT NULL DEFAULT %lld", table,
                                     (long long)run);
    if (!st)
        st = sql ? zg_sql_exec(out, sql) : zg_nomem(out->ctx, "SQL text");
    sqlite3_free(sql);
    sql = st ? NULL : sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
    if (!st)
        st = sql ? single_int(out, sql, &rows) : zg_nomem(out->ctx, "SQL");
    sqlite3_free(sql);
    sqlite3_stmt *s = NULL;
    if (!st)
        st = zg_sql_prepare(out, "INSERT OR IGNORE INTO run_tables (run_id, "
                                 "table_name, row_count) VALUES (?, ?, ?)",
                            &s);
    if (!st) {
        sqlite3_bind_int64(s, 1, run);
        sqlite3_bind_text(s, 2, table, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, rows);
        if (sqlite3_step(s) != SQLITE_DONE)
            st = zg_sql_fail(out, "insert into run_tables");
    }
    sqlite3_finalize(s);
    return st;
}

zg_status zg_schema_prepare_append(zg_output *out)
{
    bool runs = false, meta = false;
    zg_status st = zg_schema_has_table(out, "runs", &runs);
    if (!st && !runs)
        return zg_fail(out->ctx, ZG_ERR_OUTPUT, "cannot add a run: the "
                       "output is not a zoneguard results database (it has "
                       "no runs table); it is left untouched (%s)",
                       db_name(out));
    if (!st)
        st = zg_schema_has_table(out, "geometry_columns", &meta);
    if (!st && !meta)
        return zg_fail(out->ctx, ZG_ERR_OUTPUT, "cannot add a run: the "
                       "output has no SpatiaLite metadata (geometry_columns); "
                       "it is left untouched (%s)", db_name(out));
    const struct {
        const char *table;
        const char *const *names, *const *types;
        size_t n;
    } REC[] = {{"runs", RUNS_COLS, RUNS_TYPES, NCOLS(RUNS_COLS)},
               {"run_inputs", INPUT_COLS, INPUT_TYPES, NCOLS(INPUT_COLS)},
               {"qa_log", QA_COLS, QA_TYPES, NCOLS(QA_COLS)}};
    for (size_t i = 0; !st && i < NCOLS(REC); i++) {
        bool exists = false;
        st = zg_schema_has_table(out, REC[i].table, &exists);
        if (!st && !exists)
            st = zg_fail(out->ctx, ZG_ERR_OUTPUT, "cannot add a run: the "
                         "database has no %s table; it is left untouched "
                         "(%s)", REC[i].table, db_name(out));
        if (!st)
            st = zg_schema_fit_table(out, REC[i].table, REC[i].names,
                                     REC[i].types, REC[i].n);
    }
    if (!st)
        st = zg_sql_exec(out, ZG_RUN_TABLES_SQL);
    for (const char *const *t = ZG_RESULT_TABLES; !st && *t; t++) {
        bool exists = false;
        st = zg_schema_has_table(out, *t, &exists);
        if (!st && exists)
            st = adopt_legacy(out, *t);
    }
    return st;
}
