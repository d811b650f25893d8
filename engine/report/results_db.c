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
#include "report_int.h"

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

zg_status zg_rdb_open(zg_ctx *ctx, const char *path, zg_rdb *r)
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
    return ZG_OK;
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
    if (sqlite3_prepare_v2(r->db, "SELECT 1 FROM sqlite_master WHERE type "
                           "IN ('table', 'view') AND name = ?", -1, &s,
                           NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    bool found = sqlite3_step(s) == SQLITE_ROW;
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
