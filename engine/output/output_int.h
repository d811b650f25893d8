/* SPDX-License-Identifier: MIT
 *
 * output_int.h: what the writers share.
 */
#ifndef ZG_OUTPUT_INT_H
#define ZG_OUTPUT_INT_H

#include "../analyses/analyses_int.h"
#include "../core/zg_int.h"

#include <sqlite3.h>

/* A file being written in a private temporary directory. */
typedef struct zg_stage {
    char *target;
    char *tmpdir;
    char *tmpfile;
    bool overwrite;
    bool committed;
} zg_stage;

/* Check the target (exists? directory?) and make the temporary directory.
 * `leaf` is the file name inside it (its extension matters to GDAL). */
zg_status zg_stage_open(zg_ctx *ctx, const char *target, unsigned flags,
                        const char *leaf, zg_stage *s);
/* Sync and move into place (no clobbering unless overwrite). */
zg_status zg_stage_commit(zg_ctx *ctx, zg_stage *s);
/* Remove what is left of the temporary directory and free. */
void zg_stage_discard(zg_ctx *ctx, zg_stage *s);

struct zg_output {
    zg_ctx *ctx;
    zg_stage stage;
    sqlite3 *db;
    void *splite_cache;
    sqlite3_int64 run_id;
    bool finished;
};

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
