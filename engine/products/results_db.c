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
#include <stdlib.h>
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

void zg_sbuf_add_escaped(zg_sbuf *b, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    char *fixed = NULL;
    if (!zg_utf8_valid(s, n)) {
        fixed = zg_utf8_sanitize(b->ctx, s, n);
        if (!fixed) {
            b->failed = true;
            return;
        }
        s = fixed;
        n = strlen(s);
    }
    static const char REPL[] = "\xEF\xBF\xBD";
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        size_t skip = 1;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
                c == 0x7f) {
                rep = REPL;
            } else if (c == 0xc2 && i + 1 < n &&
                       (unsigned char)s[i + 1] >= 0x80 &&
                       (unsigned char)s[i + 1] <= 0x9f) {
                rep = REPL; /* a C1 control, U+0080..U+009F */
                skip = 2;
            }
        }
        if (rep) {
            zg_sbuf_addn(b, s + run, i - run);
            zg_sbuf_add(b, rep);
            i += skip - 1;
            run = i + 1;
        }
    }
    zg_sbuf_addn(b, s + run, n - run);
    zg_free(b->ctx, fixed);
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
    const char *const *lists[] = {ZG_RESULT_TABLES, ZG_RECORD_TABLES};
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

/* The columns of ours the map, the report and the atlas read, of each
 * table that is there: one renamed or dropped by another tool would
 * otherwise leave a product quietly without its labels, verdicts or
 * figures, while another product of the same file fails. */
static const struct {
    const char *table, *const columns[8];
} NEEDED[] = {
    {"runs", {"run_id", "options", "started_utc", "ended_utc", NULL}},
    {"clusters", {"id", "name", "area_ha", NULL}},
    {"cluster_overlaps", {"id_a", "id_b", "overlap_ha", NULL}},
    {"encroachment", {"cluster_id", "epoch", "zone", "residential_ha",
                      NULL}},
    {"encroachment_new", {"cluster_id", "zone", "new_ha", NULL}},
    {"reserve", {"cluster_id", "free_ha", "free_pct", NULL}},
    {"proposals", {"proposal_id", "name", "verdict", NULL}},
    {"proposal_checks", {"proposal_id", "rule_id", "verdict", NULL}},
    {"qa_log", {"problem", "action", NULL}},
};

/* What the run wrote (run_tables: each table and its rows) must all be
 * there, and every column of NEEDED: a results database that lost a
 * table, rows or a column (a tool that dropped or renamed them, a copy
 * cut short) is refused rather than drawn as if the run had found
 * nothing there. Tables are counted through the run's views. */
static zg_status check_whole(zg_rdb *r)
{
    for (size_t i = 0; i < sizeof NEEDED / sizeof NEEDED[0]; i++) {
        if (!main_has(r->db, NEEDED[i].table, NULL))
            continue;
        for (const char *const *c = NEEDED[i].columns; *c; c++)
            if (!main_has(r->db, NEEDED[i].table, *c))
                return zg_fail(r->ctx, ZG_ERR_INPUT, "the results database "
                               "is damaged or not zoneguard's: table '%s' "
                               "has no column '%s' (%s)", NEEDED[i].table,
                               *c, r->path);
    }
    if (!r->run_tables)
        return ZG_OK; /* written before run_tables was */
    /* Every run writes these records beside run_tables. */
    static const char *const RECORDS[] = {"run_inputs", "qa_log"};
    for (size_t i = 0; i < 2; i++)
        if (!main_has(r->db, RECORDS[i], NULL))
            return zg_fail(r->ctx, ZG_ERR_INPUT, "the results database is "
                           "damaged: table '%s', which every run writes, is "
                           "not in it (%s)", RECORDS[i], r->path);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(r->db, "SELECT table_name, row_count FROM "
                           "main.run_tables WHERE run_id = ?", -1, &s,
                           NULL) != SQLITE_OK)
        return zg_fail(r->ctx, ZG_ERR_INPUT, "the results database is "
                       "damaged: cannot read its run_tables: %s (%s)",
                       sqlite3_errmsg(r->db), r->path);
    sqlite3_bind_int64(s, 1, r->run_id);
    zg_status st = ZG_OK;
    int rc = SQLITE_DONE;
    while (!st && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        sqlite3_int64 rows = sqlite3_column_int64(s, 1);
        bool ours = false;
        for (const char *const *x = ZG_RESULT_TABLES; t && *x && !ours; x++)
            ours = strcmp(*x, t) == 0;
        if (!ours)
            continue; /* a newer zoneguard's table: not read here */
        if (!main_has(r->db, t, NULL)) {
            st = zg_fail(r->ctx, ZG_ERR_INPUT, "the results database is "
                         "damaged: run %lld wrote %lld row%s to table '%s', "
                         "which is not in it (%s)", (long long)r->run_id,
                         (long long)rows, rows == 1 ? "" : "s", t, r->path);
            break;
        }
        char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", t);
        double n = sql ? zg_rdb_number(r, sql) : NAN;
        sqlite3_free(sql);
        if (!sql)
            st = zg_nomem(r->ctx, "results check");
        else if (isnan(n))
            st = zg_fail(r->ctx, ZG_ERR_INPUT, "the results database is "
                         "damaged: cannot count the rows of table '%s': %s "
                         "(%s)", t, sqlite3_errmsg(r->db), r->path);
        else if ((sqlite3_int64)n != rows)
            st = zg_fail(r->ctx, ZG_ERR_INPUT, "the results database is "
                         "damaged: table '%s' holds %lld rows of run %lld, "
                         "not the %lld it wrote (%s)", t, (long long)n,
                         (long long)r->run_id, (long long)rows, r->path);
    }
    if (!st && rc != SQLITE_DONE)
        st = zg_fail(r->ctx, ZG_ERR_INPUT, "the results database is "
                     "damaged: cannot read its run_tables: %s (%s)",
                     sqlite3_errmsg(r->db), r->path);
    sqlite3_finalize(s);
    return st;
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
    if (!st)
        st = check_whole(r);
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

/* ---- housing per cluster, zone and date -------------------------------- */

void zg_housing_free(zg_housing *h)
{
    for (size_t i = 0; i < h->ndates; i++)
        zg_free(h->ctx, h->dates[i]);
    for (size_t i = 0; i < h->nzones; i++)
        zg_free(h->ctx, h->zones[i]);
    for (size_t i = 0; i < h->nclusters; i++) {
        zg_free(h->ctx, h->clusters[i].id);
        zg_free(h->ctx, h->clusters[i].name);
        zg_free(h->ctx, h->clusters[i].ha);
    }
    zg_free(h->ctx, h->dates);
    zg_free(h->ctx, h->zones);
    zg_free(h->ctx, h->outer_m);
    zg_free(h->ctx, h->clusters);
    zg_ctx *ctx = h->ctx;
    memset(h, 0, sizeof *h);
    h->ctx = ctx;
}

double zg_housing_ha(const zg_housing *h, size_t c, size_t z, size_t d)
{
    return h->clusters[c].ha[z * h->ndates + d];
}

/* The texts a one-column query returns, in its order. */
static zg_status text_list(zg_rdb *r, const char *sql, char ***out,
                           size_t *n)
{
    sqlite3_stmt *s = NULL;
    zg_status st = zg_rdb_prepare(r, sql, &s);
    size_t cap = 0;
    int rc = SQLITE_DONE;
    while (!st && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        if (zg_grow(r->ctx, (void **)out, &cap, *n + 1, sizeof **out) ||
            !((*out)[*n] = zg_strdup(r->ctx, t ? t : "")))
            st = zg_nomem(r->ctx, "housing series");
        else
            ++*n;
    }
    if (!st && rc != SQLITE_DONE)
        st = zg_fail(r->ctx, ZG_ERR_INPUT, "cannot read the results "
                     "database: %s (%s)", sqlite3_errmsg(r->db), r->path);
    sqlite3_finalize(s);
    return st;
}

/* Rows are placed by index: the clusters with housing are copied into an
 * indexed TEMP table whose rowid is the cluster's place, so that the one
 * pass over the table stays linear in its rows (no scan per cluster). */
zg_status zg_report_housing_series(zg_rdb *r, zg_housing *h)
{
    memset(h, 0, sizeof *h);
    h->ctx = r->ctx;
    if (!zg_rdb_has_table(r, "encroachment"))
        return ZG_OK;
    zg_status st = text_list(r, "SELECT epoch FROM encroachment GROUP BY "
                             "epoch ORDER BY min(pk)", &h->dates,
                             &h->ndates);
    if (!st)
        st = text_list(r, "SELECT zone FROM encroachment GROUP BY zone "
                       "ORDER BY min(pk)", &h->zones, &h->nzones);
    if (!st && h->nzones &&
        !(h->outer_m = zg_malloc(r->ctx, h->nzones * sizeof *h->outer_m)))
        st = zg_nomem(r->ctx, "housing series");
    for (size_t z = 0; !st && z < h->nzones; z++) {
        const char *a = strncmp(h->zones[z], "ring_", 5) == 0
                            ? strchr(h->zones[z] + 5, '_') : NULL;
        h->outer_m[z] = a ? strtod(a + 1, NULL) : 0;
    }
    if (st)
        return st;
    sqlite3_exec(r->db, "DROP TABLE IF EXISTS temp.zg_housing_ids", NULL,
                 NULL, NULL);
    st = zg_rdb_keyed_copy(r, "zg_housing_ids", "SELECT cluster_id, "
                           "min(pk) AS o FROM encroachment GROUP BY "
                           "cluster_id HAVING max(residential_ha) > 0 "
                           "ORDER BY o", "cluster_id");
    /* Names looked up in an indexed copy: the run's view of clusters
     * can have no index, and a scan per cluster would be quadratic. */
    bool names = zg_rdb_has_table(r, "clusters");
    if (!st && names) {
        sqlite3_exec(r->db, "DROP TABLE IF EXISTS temp.zg_housing_names",
                     NULL, NULL, NULL);
        st = zg_rdb_keyed_copy(r, "zg_housing_names", "SELECT id, name FROM "
                               "clusters ORDER BY fid", "id");
    }
    sqlite3_stmt *s = NULL;
    if (!st)
        st = zg_rdb_prepare(r, names
                 ? "SELECT cluster_id, (SELECT name FROM zg_housing_names c "
                   "WHERE c.id = h.cluster_id ORDER BY c.rowid LIMIT 1) FROM "
                   "zg_housing_ids h ORDER BY rowid"
                 : "SELECT cluster_id, NULL FROM zg_housing_ids ORDER BY "
                   "rowid", &s);
    size_t cap = 0, cells = h->nzones * h->ndates;
    int rc = SQLITE_DONE;
    while (!st && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(s, 0);
        const char *nm = (const char *)sqlite3_column_text(s, 1);
        if (zg_grow(r->ctx, (void **)&h->clusters, &cap, h->nclusters + 1,
                    sizeof *h->clusters)) {
            st = zg_nomem(r->ctx, "housing series");
            break;
        }
        zg_housing_cluster *c = &h->clusters[h->nclusters++];
        c->id = zg_strdup(r->ctx, id ? id : "");
        c->name = nm ? zg_strdup(r->ctx, nm) : NULL;
        c->ha = zg_malloc(r->ctx, cells * sizeof *c->ha);
        if (!c->id || (nm && !c->name) || !c->ha) {
            st = zg_nomem(r->ctx, "housing series");
            break;
        }
        for (size_t i = 0; i < cells; i++)
            c->ha[i] = NAN;
    }
    if (!st && rc != SQLITE_DONE)
        st = zg_fail(r->ctx, ZG_ERR_INPUT, "cannot read the results "
                     "database: %s (%s)", sqlite3_errmsg(r->db), r->path);
    sqlite3_finalize(s);
    s = NULL;
    /* Zones and dates are few: found by a scan of their short lists. */
    if (!st)
        st = zg_rdb_prepare(r, "SELECT h.rowid, e.zone, e.epoch, "
                            "e.residential_ha FROM encroachment e JOIN "
                            "zg_housing_ids h ON h.cluster_id = e.cluster_id "
                            "ORDER BY e.pk", &s);
    while (!st && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sqlite3_int64 c = sqlite3_column_int64(s, 0) - 1;
        const char *zone = (const char *)sqlite3_column_text(s, 1);
        const char *date = (const char *)sqlite3_column_text(s, 2);
        size_t z = 0, d = 0;
        while (z < h->nzones && strcmp(h->zones[z], zone ? zone : ""))
            z++;
        while (d < h->ndates && strcmp(h->dates[d], date ? date : ""))
            d++;
        if (c < 0 || (size_t)c >= h->nclusters || z == h->nzones ||
            d == h->ndates || sqlite3_column_type(s, 3) == SQLITE_NULL)
            continue;
        double *v = &h->clusters[c].ha[z * h->ndates + d];
        /* One row per cluster, zone and date; were there more, the first
         * is the one the report's table shows. */
        if (isnan(*v))
            *v = sqlite3_column_double(s, 3);
    }
    if (!st && rc != SQLITE_DONE)
        st = zg_fail(r->ctx, ZG_ERR_INPUT, "cannot read the results "
                     "database: %s (%s)", sqlite3_errmsg(r->db), r->path);
    sqlite3_finalize(s);
    return st;
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

/* ---- housing per zone and date ----------------------------------------- */

zg_status zg_rdb_housing(zg_rdb *r, const char *cluster_id,
                         sqlite3_stmt **stmt)
{
    *stmt = NULL;
    /* Looked up in a keyed copy, made at the first call: a scan of the
     * table per cluster made the atlas quadratic in the clusters. */
    zg_status st = ZG_OK;
    sqlite3_stmt *made = NULL;
    if (sqlite3_prepare_v2(r->db, "SELECT 1 FROM temp.sqlite_master WHERE "
                           "name = 'zg_housing_rows'", -1, &made,
                           NULL) != SQLITE_OK ||
        sqlite3_step(made) != SQLITE_ROW)
        st = zg_rdb_keyed_copy(r, "zg_housing_rows", "SELECT cluster_id, "
                               "zone, epoch, residential_ha FROM "
                               "encroachment ORDER BY pk", "cluster_id");
    sqlite3_finalize(made);
    if (!st)
        st = zg_rdb_prepare(r, "SELECT zone, epoch, residential_ha FROM "
                            "zg_housing_rows WHERE cluster_id = ?1 ORDER BY "
                            "rowid", stmt);
    if (!st)
        sqlite3_bind_text(*stmt, 1, cluster_id, -1, SQLITE_TRANSIENT);
    return st;
}
