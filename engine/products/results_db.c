/* SPDX-License-Identifier: MIT
 *
 * results_db.c: what the map and the report need around them: reading a
 * results database (read-only, through SQLite itself: the attribute
 * tables need nothing more), a text buffer that remembers its first
 * failed allocation, and the language switch.
 *
 * A results database is recognised by its `runs` table, which every
 * zoneguard command writes first: a GeoPackage or someone else's SQLite
 * file would otherwise give an empty map and a report that says nothing,
 * with no hint of the mistake.
 */
#include "products_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* ---- text buffer ------------------------------------------------------- */

void zg_sbuf_init(zg_sbuf *b, zg_ctx *ctx)
{
    memset(b, 0, sizeof *b);
    b->ctx = ctx;
}

void zg_sbuf_addn(zg_sbuf *b, const char *s, size_t n)
{
    if (b->failed || n == 0)
        return;
    if (n > SIZE_MAX - b->len - 1 ||
        zg_grow(b->ctx, (void **)&b->s, &b->cap, b->len + n + 1, 1)) {
        b->failed = true;
        return;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void zg_sbuf_add(zg_sbuf *b, const char *s)
{
    zg_sbuf_addn(b, s, strlen(s));
}

void zg_sbuf_addf(zg_sbuf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        zg_sbuf_addn(b, small, (size_t)n);
        return;
    }
    char *big = zg_malloc(b->ctx, (size_t)n + 1);
    if (!big) {
        b->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    zg_sbuf_addn(b, big, (size_t)n);
    zg_free(b->ctx, big);
}

void zg_sbuf_free(zg_sbuf *b)
{
    zg_free(b->ctx, b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

/* ---- results database -------------------------------------------------- */

static bool main_has(sqlite3 *db, const char *table, const char *column)
{
    sqlite3_stmt *s = NULL;
    bool found = false;
    /* Table and column are bound values: nothing is pasted into SQL. */
    if (sqlite3_prepare_v2(db, column
                           ? "SELECT 1 FROM pragma_table_info(?1, 'main') "
                             "WHERE name = ?2"
                           : "SELECT 1 FROM main.sqlite_master WHERE type "
                             "= 'table' AND name = ?1", -1, &s, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
        if (column)
            sqlite3_bind_text(s, 2, column, -1, SQLITE_STATIC);
        found = sqlite3_step(s) == SQLITE_ROW;
    }
    sqlite3_finalize(s);
    return found;
}

/* A database written with --append holds several runs. Pick one (0: the
 * latest) and hide the others: a TEMP view named like each table that
 * has run_id, holding that run's rows only. SQLite looks names up in the
 * temp schema first, so every query of the map and the report reads the
 * one run. The connection stays read-only: TEMP objects live in memory,
 * not in the file. */
static zg_status choose_run(zg_rdb *r, sqlite3_int64 want)
{
    sqlite3_stmt *s = NULL;
    sqlite3_int64 lo = 0, hi = 0, found = 0;
    if (sqlite3_prepare_v2(r->db, "SELECT count(*), min(run_id), "
                           "max(run_id), sum(run_id = ?) FROM runs", -1, &s,
                           NULL) != SQLITE_OK)
        return zg_fail(r->ctx, ZG_ERR_INPUT, "cannot read the runs of the "
                       "results database: %s (%s)", sqlite3_errmsg(r->db),
                       r->path);
    sqlite3_bind_int64(s, 1, want);
    if (sqlite3_step(s) == SQLITE_ROW) {
        r->nruns = sqlite3_column_int64(s, 0);
        lo = sqlite3_column_int64(s, 1);
        hi = sqlite3_column_int64(s, 2);
        found = sqlite3_column_int64(s, 3);
    }
    sqlite3_finalize(s);
    if (r->nruns == 0)
        return zg_fail(r->ctx, ZG_ERR_INPUT, "the results database records "
                       "no run (%s)", r->path);
    if (want && !found)
        return zg_fail(r->ctx, ZG_ERR_USAGE, "there is no run %lld in the "
                       "results database: its runs are %lld to %lld (%s)",
                       (long long)want, (long long)lo, (long long)hi,
                       r->path);
    r->run_id = want ? want : hi;
    r->run_tables = main_has(r->db, "run_tables", NULL);
    static const char *const RECORDS[] = {"runs", "run_inputs", "qa_log",
                                          "run_tables", NULL};
    const char *const *lists[] = {ZG_RESULT_TABLES, RECORDS};
    for (int l = 0; l < 2; l++)
        for (const char *const *t = lists[l]; *t; t++) {
            if (!main_has(r->db, *t, "run_id"))
                continue;
            char *sql = sqlite3_mprintf("CREATE TEMP VIEW \"%w\" AS SELECT "
                                        "* FROM main.\"%w\" WHERE run_id = "
                                        "%lld", *t, *t,
                                        (long long)r->run_id);
            int rc = sql ? sqlite3_exec(r->db, sql, NULL, NULL, NULL)
                         : SQLITE_NOMEM;
            sqlite3_free(sql);
            if (rc != SQLITE_OK)
                return rc == SQLITE_NOMEM
                           ? zg_nomem(r->ctx, "run view")
                           : zg_fail(r->ctx, ZG_ERR_INPUT, "cannot read run "
                                     "%lld of the results database: %s (%s)",
                                     (long long)r->run_id,
                                     sqlite3_errmsg(r->db), r->path);
        }
    return ZG_OK;
}

zg_status zg_rdb_open(zg_ctx *ctx, const char *path, sqlite3_int64 run_id,
                      zg_rdb *r)
{
    memset(r, 0, sizeof *r);
    r->ctx = ctx;
    r->path = path;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return zg_fail(ctx, ZG_ERR_INPUT, "cannot open the results "
                       "database: no such file (%s)", path);
    if (!S_ISREG(sb.st_mode))
        return zg_fail(ctx, ZG_ERR_INPUT, "the results database is not a "
                       "file (%s)", path);
    /* Read-only and without creating anything: a report must never turn
     * a mistyped name into an empty database. */
    if (sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READONLY, NULL) !=
        SQLITE_OK) {
        zg_status st = zg_fail(ctx, ZG_ERR_INPUT, "cannot open the results "
                               "database: %s (%s)",
                               r->db ? sqlite3_errmsg(r->db) : "no memory",
                               path);
        zg_rdb_close(r);
        return st;
    }
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(r->db, "SELECT count(*) FROM sqlite_master "
                           "WHERE type = 'table' AND name = 'runs'",
                           -1, &s, NULL) != SQLITE_OK) {
        zg_status st = zg_fail(ctx, ZG_ERR_INPUT, "not a results database: "
                               "%s (%s)", sqlite3_errmsg(r->db), path);
        zg_rdb_close(r);
        return st;
    }
    bool ok = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
    sqlite3_finalize(s);
    if (!ok) {
        zg_rdb_close(r);
        return zg_fail(ctx, ZG_ERR_INPUT, "not a zoneguard results "
                       "database: it has no runs table (%s)", path);
    }
    zg_status st = choose_run(r, run_id);
    if (st)
        zg_rdb_close(r);
    return st;
}

void zg_rdb_close(zg_rdb *r)
{
    if (r->db)
        sqlite3_close(r->db);
    r->db = NULL;
}

zg_status zg_rdb_prepare(zg_rdb *r, const char *sql, sqlite3_stmt **stmt)
{
    if (sqlite3_prepare_v2(r->db, sql, -1, stmt, NULL) != SQLITE_OK)
        return zg_fail(r->ctx, ZG_ERR_INPUT, "cannot read the results "
                       "database: %s (%s)", sqlite3_errmsg(r->db), r->path);
    return ZG_OK;
}

bool zg_rdb_has_table(zg_rdb *r, const char *table)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(r->db, "SELECT 1 FROM main.sqlite_master WHERE "
                           "type IN ('table', 'view') AND name = ?", -1, &s,
                           NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    bool found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    bool result_table = false;
    for (const char *const *t = ZG_RESULT_TABLES; *t && !result_table; t++)
        result_table = strcmp(*t, table) == 0;
    /* A table an earlier run wrote is not this run's. */
    if (!found || !result_table || !r->run_tables)
        return found;
    if (sqlite3_prepare_v2(r->db, "SELECT 1 FROM run_tables WHERE "
                           "table_name = ?", -1, &s, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return found;
}

bool zg_rdb_has_column(zg_rdb *r, const char *table, const char *column)
{
    sqlite3_stmt *s = NULL;
    /* pragma_table_info takes the table name as a bound value, so no
     * identifier is ever pasted into SQL here. */
    if (sqlite3_prepare_v2(r->db, "SELECT 1 FROM pragma_table_info(?) "
                           "WHERE name = ?", -1, &s, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, column, -1, SQLITE_STATIC);
    bool found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return found;
}

double zg_rdb_number(zg_rdb *r, const char *sql)
{
    sqlite3_stmt *s = NULL;
    double v = NAN;
    if (sqlite3_prepare_v2(r->db, sql, -1, &s, NULL) != SQLITE_OK)
        return v;
    if (sqlite3_step(s) == SQLITE_ROW &&
        sqlite3_column_type(s, 0) != SQLITE_NULL)
        v = sqlite3_column_double(s, 0);
    sqlite3_finalize(s);
    return v;
}

zg_status zg_rdb_keyed_copy(zg_rdb *r, const char *name, const char *select,
                            const char *key)
{
    char *sql = sqlite3_mprintf("CREATE TEMP TABLE \"%w\" AS %s; "
                                "CREATE INDEX temp.\"%w_key\" ON \"%w\" "
                                "(%s)", name, select, name, name, key);
    int rc = sql ? sqlite3_exec(r->db, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    if (rc == SQLITE_NOMEM)
        return zg_nomem(r->ctx, "report lookups");
    if (rc != SQLITE_OK)
        return zg_fail(r->ctx, ZG_ERR_INPUT, "cannot read the results "
                       "database: %s (%s)", sqlite3_errmsg(r->db), r->path);
    return ZG_OK;
}

/* ---- language ---------------------------------------------------------- */

zg_status zg_report_lang(zg_ctx *ctx, const char *lang, bool *en)
{
    *en = false;
    if (!lang || strcmp(lang, "vi") == 0)
        return ZG_OK;
    if (strcmp(lang, "en") == 0) {
        *en = true;
        return ZG_OK;
    }
    return zg_fail(ctx, ZG_ERR_USAGE, "unknown language '%s': use vi or en",
                   lang);
}
