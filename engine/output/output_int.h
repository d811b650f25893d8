/* SPDX-License-Identifier: MIT
 *
 * output_int.h: what the writers share.
 */
#ifndef ZG_OUTPUT_INT_H
#define ZG_OUTPUT_INT_H

#include "../core/zg_int.h"

#include <sqlite3.h>
#include <sys/types.h>
#include <time.h>

/* Internal output flag: the target is inside a run's private staging
 * folder, which the run has locked already; no lock of its own. */
#define ZG_OUTPUT_PRIVATE (1u << 30)

/* A file being written in a private temporary directory. */
typedef struct zg_stage {
    char *target;
    char *tmpdir;
    char *tmpfile;
    char *mempath; /* /vsimem/ twin of tmpfile, for GDAL's text drivers */
    bool overwrite;
    bool committed;
} zg_stage;

/* The file an output path names: a symbolic link to an existing file is
 * followed (the output replaces the file it points at, and the link
 * stays), anything else is the path itself. New string; caller frees. */
char *zg_output_follow(zg_ctx *ctx, const char *path);

/* Check the target (exists? directory?) and make the temporary directory.
 * `leaf` is the file name inside it (its extension matters to GDAL). */
zg_status zg_stage_open(zg_ctx *ctx, const char *target, unsigned flags,
                        const char *leaf, zg_stage *s);
/* Sync and move into place (no clobbering unless overwrite). */
zg_status zg_stage_commit(zg_ctx *ctx, zg_stage *s);
/* For GDAL drivers that do not report a failed write (GeoJSON and CSV in
 * GDAL 3.6 ignore the result of every write: a full disk gives a truncated
 * file and success): they write to s->mempath, and this copies those bytes
 * to the staged file with checked writes, then commits. */
zg_status zg_stage_commit_mem(zg_ctx *ctx, zg_stage *s);
/* Remove what is left of the temporary directory and free. */
void zg_stage_discard(zg_ctx *ctx, zg_stage *s);

/* ---- staging folders left by killed runs (stale.c) ---------------------- */

/* Write `.owner` (this process's pid and host) into a new staging folder;
 * best effort. */
void zg_stage_mark(const char *dir);
/* Remove the `.owner` file (before the folder is removed). */
void zg_stage_unmark(const char *dir);
/* Remove every .zoneguard-tmp-* and .zoneguard-run-* folder directly in
 * `dir` whose owner was on this host and is gone, with a warning each. */
void zg_stage_sweep(zg_ctx *ctx, const char *dir);
/* Remove a folder and everything in it (links are removed, not
 * followed). */
void zg_remove_tree(const char *dir);

/* ---- one writer per output (lock.c) ---------------------------------- */

typedef struct zg_lock {
    int fd;      /* -1 when not held */
    int file_fd; /* the target itself, locked by inode; -1: none */
    char *path;  /* the lock file; owned */
} zg_lock;

/* Lock `target` against every other zoneguard process, or fail at once
 * with ZG_ERR_OUTPUT ("another zoneguard run is writing ..."): by its
 * name (a lock file beside it) and, when it exists, by its inode (so a
 * hard link or another name of the same file is locked too). The lock
 * is held until zg_lock_release. */
zg_status zg_lock_acquire(zg_ctx *ctx, const char *target, zg_lock *lk);
/* Release (and remove the lock file). Accepts a lock never acquired when
 * its fd is -1. */
void zg_lock_release(zg_ctx *ctx, zg_lock *lk);

/* ---- the identity of a file, to tell whether it changed ---------------- */

typedef struct zg_file_id {
    bool exists;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    mode_t mode;
    nlink_t nlink;
} zg_file_id;

void zg_file_id_get(const char *path, zg_file_id *id);
/* True when both name the same file with the same size and time. */
bool zg_file_id_same(const zg_file_id *a, const zg_file_id *b);

/* ---- the database -------------------------------------------------------- */

struct zg_output {
    zg_ctx *ctx;
    zg_stage stage;
    sqlite3 *db;
    void *splite_cache;
    sqlite3_int64 run_id;
    bool finished;
    zg_lock lock;
    /* The database this run is added to (NULL: a new one), and what it
     * was when copied: it must be the same when the copy replaces it. */
    char *base;
    zg_file_id base_id;
    bool gpkg; /* written as a GeoPackage at commit (gpkg_export.c) */
    int srid;  /* EPSG code of the geometry written: 4326 unless t_srs */
    PJ *to_out; /* WGS 84 -> srid; NULL for 4326 */
    bool tables_written; /* t_srs can no longer change */
};

/* Open a new output at `path`; with `base`, the new database starts as a
 * copy of that one (ZG_OUTPUT_APPEND: `base` is usually `path` itself;
 * `zoneguard run` appends to the folder's database from its staging
 * folder). Ownership as zg_output_open. */
zg_status zg_output_open_from(zg_ctx *ctx, const char *path,
                              const char *base, unsigned flags,
                              const char *command, zg_output **outp);

/* Copy the SQLite database `from` into `to` (a new file) with SQLite's
 * backup API, which reads a consistent snapshot even while another
 * program writes. */
zg_status zg_db_copy(zg_ctx *ctx, const char *from, const char *to);

/* Run one SQL statement without results; on failure, the message names
 * the output file. */
zg_status zg_sql_exec(zg_output *out, const char *sql);
/* Fail with SQLite's message. */
zg_status zg_sql_fail(zg_output *out, const char *what);
/* Prepare a statement (failure reported as above). */
zg_status zg_sql_prepare(zg_output *out, const char *sql,
                         sqlite3_stmt **stmt);
/* Set runs.options (a readable list of the options in force). */
zg_status zg_output_set_options(zg_output *out, const char *options);
/* ---- schema checks for appending (schema.c) ---------------------------- */

/* Every table an analysis writes, each with a run_id column. */
extern const char *const ZG_RESULT_TABLES[];
/* CREATE TABLE IF NOT EXISTS run_tables: which tables each run wrote. */
extern const char ZG_RUN_TABLES_SQL[];

/* True (in *exists) when `table` is a table of the output. */
zg_status zg_schema_has_table(zg_output *out, const char *table,
                              bool *exists);
/* Make `table` ready for this run's rows of `ncols` columns `names` of
 * SQL types `types` ("INTEGER", "REAL", "TEXT"): columns it lacks are
 * added (earlier rows get NULL there); a column of another type, or a
 * NOT NULL column without a default that this run would leave empty, is
 * refused with ZG_ERR_OUTPUT naming the table and column. */
zg_status zg_schema_fit_table(zg_output *out, const char *table,
                              const char *const *names,
                              const char *const *types, size_t ncols);
/* Add one column when missing (same checks). */
zg_status zg_schema_add_column(zg_output *out, const char *table,
                               const char *name, const char *type);
/* An existing geometry table must hold `geom` as MULTIPOLYGON in
 * EPSG:4326 in geometry_columns. */
zg_status zg_schema_check_geometry(zg_output *out, const char *table);
/* Before appending: the record tables must have what we write, and
 * result tables from a zoneguard without run_id get one (their rows
 * belong to the database's only run). */
zg_status zg_schema_prepare_append(zg_output *out);
/* 1 less than the smallest key of this run's rows in `table`: row i of
 * the run (0-based) has key base + i + 1. */
zg_status zg_output_key_base(zg_output *out, const char *table,
                             const char *key, sqlite3_int64 *base);
/* Record in run_tables that this run wrote `table` with `rows` rows. */
zg_status zg_output_note_table(zg_output *out, const char *table,
                               size_t rows);

/* ---- GeoPackage outputs (gpkg_export.c) -------------------------------- */

/* True when the output's name ends in .gpkg (case ignored). */
bool zg_output_path_is_gpkg(const char *path);
/* zoneguard's tables present in the (open) database. New array of new
 * strings in *names; free with zg_free_names(ctx, *names, *n). */
zg_status zg_output_gpkg_tables(zg_output *out, char ***names, size_t *n);
/* After the database is closed: copy `tables` of the staged database into
 * a GeoPackage (GDAL's translation), which becomes the staged file. */
zg_status zg_output_to_gpkg(zg_output *out, char *const *tables,
                            size_t ntables);

/* Write layer_styles: a QGIS style per result table present. */
zg_status zg_output_write_styles(zg_output *out);
/* Append text to runs.options. */
zg_status zg_output_append_options(zg_output *out, const char *more);
/* Write the rows of a QA log into qa_log. */
zg_status zg_output_write_qa(zg_output *out, const zg_qa_log *log);
/* Column names of the input attributes that do not clash with ours:
 * a clashing name gets "src_" in front until it is free. New array of new
 * strings; free with zg_free_names. */
char **zg_attr_column_names(zg_ctx *ctx, const zg_layer *layer,
                            const char *const *reserved);
void zg_free_names(zg_ctx *ctx, char **names, size_t n);
/* Declared-area difference in percent of the declared value. */
double zg_declared_diff_pct(double area_ha, double declared_ha);

#endif
