/* SPDX-License-Identifier: MIT
 *
 * spatialite_db.c: the SpatiaLite database every run writes: spatial
 * metadata in the SpatiaLite 4+ layout QGIS reads, the `runs` provenance
 * record, `run_inputs` and `qa_log`.
 *
 * We talk to SQLite directly (bound parameters only, quoted identifiers
 * only) and let libspatialite provide the geometry functions, so every
 * table is registered in geometry_columns with its R*Tree index.
 */
#include "output_int.h"

#include <cpl_conv.h>
#include <errno.h>
#include <gdal.h>
#include <math.h>
#include <spatialite.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>

/* A failed write deep inside SQLite or SpatiaLite surfaces as anything
 * from "database or disk is full" to "disk image is malformed" (the next
 * statement reads a page that was never written). When the output's file
 * system has (almost) no room left, say so: that is what the user must fix. */
static const char *space_note(const zg_output *out, char buf[96])
{
    struct statvfs sv;
    buf[0] = 0;
    if (out->stage.tmpdir && statvfs(out->stage.tmpdir, &sv) == 0 &&
        (double)sv.f_bavail * (double)sv.f_frsize < 1048576.0)
        snprintf(buf, 96, "; the disk is full (%.0f KiB free)",
                 (double)sv.f_bavail * (double)sv.f_frsize / 1024.0);
    return buf;
}

zg_status zg_sql_fail(zg_output *out, const char *what)
{
    char note[96];
    return zg_fail(out->ctx, ZG_ERR_OUTPUT, "SQLite: %s: %s%s (%s)", what,
                   out->db ? sqlite3_errmsg(out->db) : "no database",
                   space_note(out, note), out->stage.target);
}

zg_status zg_sql_exec(zg_output *out, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(out->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        char note[96];
        zg_status st = zg_fail(out->ctx, ZG_ERR_OUTPUT, "SQLite: %s%s (%s)",
                               err ? err : "error", space_note(out, note),
                               out->stage.target);
        sqlite3_free(err);
        return st;
    }
    return ZG_OK;
}

/* InitSpatialMetadata reports failure by its result (0), not by SQLite's:
 * the SELECT itself succeeds. */
static zg_status init_spatial_metadata(zg_output *out)
{
    zg_status st = zg_sql_exec(out, "PRAGMA encoding='UTF-8';");
    sqlite3_stmt *q = NULL;
    if (!st)
        st = zg_sql_prepare(out, "SELECT InitSpatialMetadata(1, 'NONE'), "
                            "InsertEpsgSrid(4326)", &q);
    if (!st && (sqlite3_step(q) != SQLITE_ROW ||
                sqlite3_column_int(q, 0) != 1)) {
        char note[96];
        st = zg_fail(out->ctx, ZG_ERR_OUTPUT, "SpatiaLite cannot create its "
                     "metadata tables%s (%s)", space_note(out, note),
                     out->stage.target);
    }
    sqlite3_finalize(q);
    return st;
}

zg_status zg_sql_prepare(zg_output *out, const char *sql, sqlite3_stmt **stmt)
{
    if (sqlite3_prepare_v2(out->db, sql, -1, stmt, NULL) != SQLITE_OK)
        return zg_sql_fail(out, "prepare");
    return ZG_OK;
}

static void utc_now(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *SCHEMA =
    "CREATE TABLE runs ("
    " run_id INTEGER PRIMARY KEY,"
    " zoneguard_version TEXT NOT NULL, gdal_version TEXT NOT NULL,"
    " geos_version TEXT NOT NULL, proj_version TEXT NOT NULL,"
    " sqlite_version TEXT NOT NULL, spatialite_version TEXT NOT NULL,"
    " command TEXT, options TEXT, inputs TEXT,"
    " buffer_quad_segs INTEGER NOT NULL,"
    " started_utc TEXT NOT NULL, ended_utc TEXT);"
    "CREATE TABLE run_inputs ("
    " run_id INTEGER NOT NULL REFERENCES runs(run_id),"
    " role TEXT NOT NULL, path TEXT NOT NULL, layer TEXT, driver TEXT,"
    " crs TEXT, encoding TEXT, file TEXT NOT NULL, sha256 TEXT NOT NULL,"
    " features_kept INTEGER, features_skipped INTEGER,"
    " features_repaired INTEGER);"
    "CREATE TABLE qa_log ("
    " qa_id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL,"
    " layer TEXT NOT NULL, feature_id TEXT NOT NULL,"
    " problem TEXT NOT NULL, action TEXT NOT NULL,"
    " area_before_m2 REAL, area_after_m2 REAL);";

zg_status zg_db_copy(zg_ctx *ctx, const char *from, const char *to)
{
    sqlite3 *src = NULL, *dst = NULL;
    zg_status st = ZG_OK;
    if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        st = zg_fail(ctx, ZG_ERR_OUTPUT, "cannot open the database to add "
                     "a run to it: %s (%s)",
                     src ? sqlite3_errmsg(src) : "no memory", from);
    if (!st && sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE |
                               SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
        st = zg_fail(ctx, ZG_ERR_OUTPUT, "cannot create the copy: %s (%s)",
                     dst ? sqlite3_errmsg(dst) : "no memory", to);
    if (!st) {
        /* Another program (QGIS) may be writing: wait for it a while. */
        sqlite3_busy_timeout(src, 10000);
        sqlite3_exec(dst, "PRAGMA journal_mode=OFF", NULL, NULL, NULL);
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
        int rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(dst);
        if (b)
            sqlite3_backup_finish(b);
        if (rc == SQLITE_NOTADB)
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "cannot add a run: the output "
                         "is not a SQLite database, it is left untouched "
                         "(%s)", from);
        else if (rc != SQLITE_DONE)
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "cannot copy the database to "
                         "add a run to it: %s (%s)", sqlite3_errstr(rc),
                         from);
    }
    sqlite3_close(src);
    sqlite3_close(dst);
    return st;
}

/* Appending: why a copy.
 *
 * A run that adds to an existing database must leave it exactly as it
 * was if it fails, is cancelled (Ctrl-C), or the machine stops. Writing
 * into the database in one transaction would rely on its rollback
 * journal, but the analyses write in several transactions (a SpatiaLite
 * spatial index cannot be made inside ours) and a hot journal left by a
 * crash is rolled back only by the next program with write access to
 * the folder. So the run works on a copy: the database is copied with
 * SQLite's backup API (a consistent snapshot even while QGIS has it
 * open) into the staging directory beside it, the run is added there,
 * and the copy is renamed over the original only when everything has
 * succeeded. rename(2) is atomic: readers see the old file or the new
 * one, never a mix. The lock (lock.c) keeps other zoneguard processes
 * out meanwhile; a program that is not zoneguard and writes the file
 * during the run is caught by comparing the file's identity before the
 * rename, and then the run is refused rather than its changes lost. */
zg_status zg_output_open_from(zg_ctx *ctx, const char *user_path,
                              const char *base, unsigned flags,
                              const char *command, zg_output **outp)
{
    *outp = NULL;
    /* Through a symbolic link, the run goes to the file it points at:
     * its lock, its staging folder and its rename are that file's. */
    char *path = zg_output_follow(ctx, user_path);
    zg_output *out = path ? zg_calloc(ctx, 1, sizeof *out) : NULL;
    if (!out) {
        zg_free(ctx, path);
        return zg_nomem(ctx, "output");
    }
    if (base && strcmp(base, user_path) == 0)
        base = path;
    out->ctx = ctx;
    out->lock.fd = -1;
    out->gpkg = zg_output_path_is_gpkg(path);
    out->srid = 4326;
    out->lock.file_fd = -1;
    zg_status st = ZG_OK;
    /* A GeoPackage is made whole from this run's SpatiaLite database;
     * adding a run to one would need the reverse translation, which
     * loses the schema the append checks rely on. */
    if (out->gpkg && base)
        st = zg_fail(ctx, ZG_ERR_USAGE, "a run cannot be added to a "
                     "GeoPackage: write a SpatiaLite database (.sqlite) to "
                     "keep several runs in one file (%s)", path);
    if (!st && !(flags & ZG_OUTPUT_PRIVATE))
        st = zg_lock_acquire(ctx, path, &out->lock);
    /* Only now, under the lock, is it settled whether there is a
     * database to add to. */
    if (!st && base) {
        zg_file_id_get(base, &out->base_id);
        if (!out->base_id.exists)
            base = NULL;
        else if (!S_ISREG(out->base_id.mode))
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "output is not a file (%s)",
                         base);
        else if (out->base_id.nlink > 1)
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "cannot add a run: the "
                         "database has %lu names (hard links), and a run is "
                         "added by writing a new file under one name, so "
                         "the others would keep the old one; remove the "
                         "other links, or copy the file (%s)",
                         (unsigned long)out->base_id.nlink, base);
        else if (!(out->base = zg_strdup(ctx, base)))
            st = zg_nomem(ctx, "output path");
    }
    unsigned stage_flags = flags & ZG_OUTPUT_OVERWRITE;
    if (base && strcmp(base, path) == 0)
        stage_flags |= ZG_OUTPUT_OVERWRITE;
    if (!st)
        st = zg_stage_open(ctx, path, stage_flags, "out.sqlite",
                           &out->stage);
    if (!st && out->base)
        st = zg_db_copy(ctx, out->base, out->stage.tmpfile);
    if (!st && sqlite3_open_v2(out->stage.tmpfile, &out->db,
                               SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                               NULL) != SQLITE_OK)
        st = zg_sql_fail(out, "open");
    zg_free(ctx, path);
    if (st) {
        zg_output_free(out);
        return st;
    }
    out->splite_cache = spatialite_alloc_connection();
    spatialite_init_ex(out->db, out->splite_cache, 0);
    /* The file is private until committed: no journal is needed, and a
     * crash leaves only a temporary directory to sweep. */
    st = zg_sql_exec(out, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
    if (!st && !out->base)
        st = init_spatial_metadata(out);
    if (!st && !out->base)
        st = zg_sql_exec(out, SCHEMA);
    if (!st && out->base)
        st = zg_schema_prepare_append(out);
    if (!st)
        st = zg_sql_exec(out, ZG_RUN_TABLES_SQL);
    sqlite3_stmt *ins = NULL;
    if (!st)
        st = zg_sql_prepare(out,
                            "INSERT INTO runs (zoneguard_version, gdal_version,"
                            " geos_version, proj_version, sqlite_version,"
                            " spatialite_version, command, buffer_quad_segs,"
                            " started_utc) VALUES (?,?,?,?,?,?,?,8,?)",
                            &ins);
    if (!st) {
        char now[32];
        utc_now(now);
        const char *v[] = {zg_version(), GDALVersionInfo("RELEASE_NAME"),
                           GEOSversion(), proj_info().release,
                           sqlite3_libversion(), spatialite_version(),
                           command, now};
        for (int i = 0; i < 8; i++)
            sqlite3_bind_text(ins, i + 1, v[i], -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE)
            st = zg_sql_fail(out, "insert into runs");
        out->run_id = sqlite3_last_insert_rowid(out->db);
    }
    sqlite3_finalize(ins);
    if (st) {
        zg_output_free(out);
        return st;
    }
    *outp = out;
    return ZG_OK;
}

zg_status zg_output_open(zg_ctx *ctx, const char *path, unsigned flags,
                         const char *command, zg_output **outp)
{
    if (!outp)
        return ZG_ERR_USAGE;
    *outp = NULL;
    if (!ctx || !path)
        return ctx ? zg_fail(ctx, ZG_ERR_USAGE, "no output path") : ZG_ERR_USAGE;
    if ((flags & ZG_OUTPUT_APPEND) && (flags & ZG_OUTPUT_OVERWRITE))
        return zg_fail(ctx, ZG_ERR_USAGE, "append or overwrite, not both "
                       "(%s)", path);
    return zg_output_open_from(ctx, path,
                               (flags & ZG_OUTPUT_APPEND) ? path : NULL,
                               flags, command, outp);
}

zg_status zg_output_set_t_srs(zg_output *out, const char *crs)
{
    if (!out || !crs)
        return ZG_ERR_USAGE;
    zg_ctx *ctx = out->ctx;
    if (out->tables_written)
        return zg_fail(ctx, ZG_ERR_USAGE, "the output CRS (t_srs) is set "
                       "before any table is written (%s)", out->stage.target);
    const char *digits = crs;
    if (strncasecmp(digits, "EPSG:", 5) == 0)
        digits += 5;
    char *end = NULL;
    long code = strtol(digits, &end, 10);
    if (!*digits || *end || code <= 0 || code > 999999)
        return zg_fail(ctx, ZG_ERR_USAGE, "output CRS (t_srs) '%s' is not "
                       "an EPSG code such as EPSG:5897", crs);
    /* SpatiaLite registers the code in spatial_ref_sys, or knows no such
     * code: QGIS reads the CRS from there. */
    sqlite3_stmt *q = NULL;
    zg_status st = zg_sql_prepare(out, "SELECT InsertEpsgSrid(?) OR EXISTS "
                                  "(SELECT 1 FROM spatial_ref_sys WHERE "
                                  "srid = ?1)", &q);
    if (st)
        return st;
    sqlite3_bind_int(q, 1, (int)code);
    bool known = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    if (!known)
        return zg_fail(ctx, ZG_ERR_USAGE, "output CRS (t_srs) EPSG:%ld is "
                       "not known to SpatiaLite", code);
    if (code == 4326) {
        out->srid = 4326;
        return ZG_OK;
    }
    char user[32];
    snprintf(user, sizeof user, "EPSG:%ld", code);
    zg_crs dst = {0}, ll = {0};
    st = zg_crs_from_user(ctx, user, &dst);
    if (!st)
        st = zg_crs_from_user(ctx, "EPSG:4326", &ll);
    PJ *tr = st ? NULL : zg_crs_transform_new(ctx, ll.pj, dst.pj);
    if (!st && !tr)
        st = zg_fail(ctx, ZG_ERR_USAGE, "no transformation from WGS 84 to "
                     "the output CRS (t_srs) EPSG:%ld: %s", code,
                     zg_ctx_errmsg(ctx));
    zg_crs_clear(ctx, &dst);
    zg_crs_clear(ctx, &ll);
    if (st)
        return st;
    if (out->to_out)
        proj_destroy(out->to_out);
    out->to_out = tr;
    out->srid = (int)code;
    return ZG_OK;
}

int64_t zg_output_run_id(const zg_output *out)
{
    return out ? (int64_t)out->run_id : 0;
}

zg_status zg_output_note_table(zg_output *out, const char *table,
                               size_t rows)
{
    sqlite3_stmt *s = NULL;
    zg_status st = zg_sql_prepare(out,
        "INSERT INTO run_tables (run_id, table_name, row_count) "
        "VALUES (?1, ?2, ?3) ON CONFLICT (run_id, table_name) "
        "DO UPDATE SET row_count = row_count + excluded.row_count", &s);
    if (st)
        return st;
    sqlite3_bind_int64(s, 1, out->run_id);
    sqlite3_bind_text(s, 2, table, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)rows);
    if (sqlite3_step(s) != SQLITE_DONE)
        st = zg_sql_fail(out, "insert into run_tables");
    sqlite3_finalize(s);
    return st;
}

zg_status zg_output_key_base(zg_output *out, const char *table,
                             const char *key, sqlite3_int64 *base)
{
    *base = 0;
    char *sql = sqlite3_mprintf("SELECT coalesce(min(\"%w\"), 1) - 1 FROM "
                                "\"%w\" WHERE run_id = ?", key, table);
    if (!sql)
        return zg_nomem(out->ctx, "SQL text");
    sqlite3_stmt *s = NULL;
    zg_status st = zg_sql_prepare(out, sql, &s);
    sqlite3_free(sql);
    if (st)
        return st;
    sqlite3_bind_int64(s, 1, out->run_id);
    if (sqlite3_step(s) == SQLITE_ROW)
        *base = sqlite3_column_int64(s, 0);
    else
        st = zg_sql_fail(out, table);
    sqlite3_finalize(s);
    return st;
}

zg_status zg_output_add_input(zg_output *out, const zg_layer *layer)
{
    /* A layer of several files: each file is an input of its own. */
    if (layer->nparts) {
        zg_status st = ZG_OK;
        for (size_t i = 0; i < layer->nparts && !st; i++)
            st = zg_output_add_input(out, layer->parts[i]);
        return st ? st : zg_output_write_qa(out, &layer->qa);
    }
    sqlite3_stmt *s = NULL;
    zg_status st = zg_sql_prepare(out,
        "INSERT INTO run_inputs (run_id, role, path, layer, driver, crs,"
        " encoding, file, sha256, features_kept, features_skipped,"
        " features_repaired) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", &s);
    if (st)
        return st;
    /* A CRS assigned over the declared one says so where the inputs are
     * recorded, beside its qa_log row. */
    char *crs = layer->crs_declared
                    ? zg_asprintf(out->ctx, "%s (assigned; the source "
                                  "declares %s)", layer->crs.label,
                                  layer->crs_declared)
                    : zg_strdup(out->ctx, layer->crs.label ? layer->crs.label
                                                           : "");
    if (!crs) {
        sqlite3_finalize(s);
        return zg_nomem(out->ctx, "CRS label");
    }
    for (size_t i = 0; i < layer->nfiles && !st; i++) {
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, out->run_id);
        sqlite3_bind_text(s, 2, layer->role, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, layer->path, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, layer->layer_name, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, layer->driver, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 6, crs, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 7, layer->encoding_used, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 8, layer->files[i].path, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 9, layer->files[i].sha256, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 10, (sqlite3_int64)layer->n);
        sqlite3_bind_int64(s, 11, (sqlite3_int64)layer->skipped);
        sqlite3_bind_int64(s, 12, (sqlite3_int64)layer->repaired);
        if (sqlite3_step(s) != SQLITE_DONE)
            st = zg_sql_fail(out, "insert into run_inputs");
    }
    sqlite3_finalize(s);
    if (st) {
        zg_free(out->ctx, crs);
        return st;
    }
    /* A readable one-line summary in runs.inputs as well. */
    const char *sha = layer->nfiles ? layer->files[0].sha256 : "";
    char *line = zg_asprintf(out->ctx, "%s=%s layer=%s crs=%s sha256=%s",
                             layer->role, layer->path, layer->layer_name,
                             crs, sha);
    zg_free(out->ctx, crs);
    if (!line)
        return zg_nomem(out->ctx, "runs.inputs");
    st = zg_sql_prepare(out, "UPDATE runs SET inputs = CASE WHEN inputs IS "
                             "NULL THEN ?1 ELSE inputs || char(10) || ?1 END"
                             " WHERE run_id = ?2", &s);
    if (!st) {
        sqlite3_bind_text(s, 1, line, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, out->run_id);
        if (sqlite3_step(s) != SQLITE_DONE)
            st = zg_sql_fail(out, "update runs");
        sqlite3_finalize(s);
    }
    zg_free(out->ctx, line);
    if (!st)
        st = zg_output_write_qa(out, &layer->qa);
    return st;
}

zg_status zg_output_write_qa(zg_output *out, const zg_qa_log *log)
{
    sqlite3_stmt *s = NULL;
    zg_status st = zg_sql_prepare(out,
        "INSERT INTO qa_log (run_id, layer, feature_id, problem, action,"
        " area_before_m2, area_after_m2) VALUES (?,?,?,?,?,?,?)", &s);
    if (st)
        return st;
    st = zg_sql_exec(out, "BEGIN");
    for (size_t i = 0; i < log->n && !st; i++) {
        const zg_qa_row *r = &log->rows[i];
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, out->run_id);
        sqlite3_bind_text(s, 2, r->layer, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, r->feature_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, r->problem, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, r->action, -1, SQLITE_STATIC);
        if (isnan(r->area_before_m2))
            sqlite3_bind_null(s, 6);
        else
            sqlite3_bind_double(s, 6, r->area_before_m2);
        if (isnan(r->area_after_m2))
            sqlite3_bind_null(s, 7);
        else
            sqlite3_bind_double(s, 7, r->area_after_m2);
        if (sqlite3_step(s) != SQLITE_DONE)
            st = zg_sql_fail(out, "insert into qa_log");
    }
    sqlite3_finalize(s);
    if (!st)
        st = zg_sql_exec(out, "COMMIT");
    return st;
}

zg_status zg_output_set_options(zg_output *out, const char *options)
{
    sqlite3_stmt *s = NULL;
    zg_status st = zg_sql_prepare(out, "UPDATE runs SET options = ? WHERE "
                                       "run_id = ?", &s);
    if (st)
        return st;
    sqlite3_bind_text(s, 1, options, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, out->run_id);
    if (sqlite3_step(s) != SQLITE_DONE)
        st = zg_sql_fail(out, "update runs");
    sqlite3_finalize(s);
    return st;
}

zg_status zg_output_append_options(zg_output *out, const char *more)
{
    sqlite3_stmt *s = NULL;
    zg_status st = zg_sql_prepare(out, "UPDATE runs SET options = "
                                       "coalesce(options, '') || ? WHERE "
                                       "run_id = ?", &s);
    if (st)
        return st;
    sqlite3_bind_text(s, 1, more, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, out->run_id);
    if (sqlite3_step(s) != SQLITE_DONE)
        st = zg_sql_fail(out, "update runs");
    sqlite3_finalize(s);
    return st;
}

zg_status zg_output_commit(zg_output *out)
{
    if (out->finished)
        return zg_fail(out->ctx, ZG_ERR_INTERNAL, "output already finished");
    out->finished = true;
    zg_status sst = zg_output_write_styles(out);
    if (!sst && out->srid != 4326) {
        /* Last, so that no writer's options replace it. */
        char note[48];
        snprintf(note, sizeof note, " t_srs=EPSG:%d", out->srid);
        sst = zg_output_append_options(out, note);
    }
    if (sst)
        return sst;
    char now[32];
    utc_now(now);
    sqlite3_stmt *s = NULL;
    zg_status st = zg_sql_prepare(out, "UPDATE runs SET ended_utc = ? WHERE "
                                       "run_id = ?", &s);
    if (!st) {
        sqlite3_bind_text(s, 1, now, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, out->run_id);
        if (sqlite3_step(s) != SQLITE_DONE)
            st = zg_sql_fail(out, "update runs");
        sqlite3_finalize(s);
    }
    char **tables = NULL;
    size_t ntables = 0;
    if (!st && out->gpkg)
        st = zg_output_gpkg_tables(out, &tables, &ntables);
    if (!st && sqlite3_close(out->db) != SQLITE_OK)
        st = zg_sql_fail(out, "close");
    else if (!st)
        out->db = NULL;
    if (!st && out->gpkg)
        st = zg_output_to_gpkg(out, tables, ntables);
    zg_free_names(out->ctx, tables, ntables);
    if (!st && out->base) {
        zg_file_id cur;
        zg_file_id_get(out->base, &cur);
        if (!zg_file_id_same(&cur, &out->base_id))
            st = zg_fail(out->ctx, ZG_ERR_OUTPUT, "the database was changed "
                         "by another program while this run was adding to "
                         "it; it is left as that program made it and this "
                         "run is not saved (%s)", out->base);
        /* The new file takes the place of the old one: same permissions. */
        else if (chmod(out->stage.tmpfile, out->base_id.mode & 07777) != 0)
            st = zg_fail(out->ctx, ZG_ERR_OUTPUT, "cannot set the "
                         "permissions of the new database: %s (%s)",
                         strerror(errno), out->stage.target);
    }
    if (!st)
        st = zg_stage_commit(out->ctx, &out->stage);
    return st;
}

void zg_output_free(zg_output *out)
{
    if (!out)
        return;
    if (out->db)
        sqlite3_close_v2(out->db);
    if (out->splite_cache)
        spatialite_cleanup_ex(out->splite_cache);
    if (out->to_out)
        proj_destroy(out->to_out);
    zg_stage_discard(out->ctx, &out->stage);
    zg_lock_release(out->ctx, &out->lock);
    zg_free(out->ctx, out->base);
    zg_free(out->ctx, out);
}

/* ---- helpers shared by the table writers ------------------------------- */

char **zg_attr_column_names(zg_ctx *ctx, const zg_layer *layer,
                            const char *const *reserved)
{
    char **names = zg_calloc(ctx, layer->nfields + 1, sizeof *names);
    if (!names)
        return NULL;
    for (size_t i = 0; i < layer->nfields; i++) {
        char *n = zg_strdup(ctx, layer->fields[i].name);
        for (;;) {
            if (!n) {
                zg_free_names(ctx, names, i);
                return NULL;
            }
            bool clash = false;
            for (const char *const *r = reserved; *r && !clash; r++)
                clash = zg_streq_nocase(n, *r);
            for (size_t j = 0; j < i && !clash; j++)
                clash = zg_streq_nocase(n, names[j]);
            if (!clash)
                break;
            char *p = zg_asprintf(ctx, "src_%s", n);
            zg_free(ctx, n);
            n = p;
        }
        names[i] = n;
    }
    return names;
}

void zg_free_names(zg_ctx *ctx, char **names, size_t n)
{
    if (!names)
        return;
    for (size_t i = 0; i < n; i++)
        zg_free(ctx, names[i]);
    zg_free(ctx, names);
}

double zg_declared_diff_pct(double area_ha, double declared_ha)
{
    if (isnan(declared_ha) || declared_ha == 0.0)
        return NAN;
    return 100.0 * (area_ha - declared_ha) / declared_ha;
}
