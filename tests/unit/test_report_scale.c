/* SPDX-License-Identifier: MIT
 *
 * test_report_scale.c: the planner's report costs work in proportion to
 * the rows of the results database. Not timed: the work is counted by
 * SQLite itself, as virtual-machine instructions (a progress handler
 * called every 64 of them, put on every connection the process opens by
 * sqlite3_auto_extension), which is the same number on every machine.
 * A report of 8 times the clusters must cost about 8 times the
 * instructions; one that looks a row up by scanning a whole table costs
 * up to 64 times (the report of 10 000 clusters took minutes). The
 * atlas likewise, a page per cluster and proposal.
 *
 * The databases are built here in SQL: every table the report reads,
 * rows in proportion to the clusters (composition, housing per zone and
 * date, new and removed housing, free land, overlaps, proposals with ten
 * rules each), no geometry (the map then draws an empty frame).
 */
#include "zg_test.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned long long ticks;

static int count_tick(void *arg)
{
    (void)arg;
    ticks++;
    return 0;
}

static int count_on_open(sqlite3 *db, char **err,
                         const struct sqlite3_api_routines *api)
{
    (void)err;
    (void)api;
    sqlite3_progress_handler(db, 64, count_tick, NULL);
    return SQLITE_OK;
}

/* A results database of n clusters at `path`. */
static void make_db(const char *path, int n)
{
    unlink(path);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *sql = sqlite3_mprintf(
        "BEGIN;"
        "CREATE TABLE runs(run_id INTEGER PRIMARY KEY, zoneguard_version, "
        " gdal_version, geos_version, proj_version, sqlite_version, "
        " spatialite_version, command, options, started_utc, ended_utc, "
        " buffer_quad_segs INTEGER);"
        "INSERT INTO runs VALUES (1, '0', '0', '0', '0', '0', '0', "
        " 'zoneguard run', '', '2026-01-01T00:00:00Z', "
        " '2026-01-01T00:00:01Z', 8);"
        "CREATE TEMP TABLE k(i INTEGER PRIMARY KEY);"
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
        " WHERE i < %d) INSERT INTO k SELECT i FROM c;"
        "CREATE TABLE clusters(fid INTEGER PRIMARY KEY, run_id INTEGER NOT "
        " NULL, id TEXT, name TEXT, area_ha REAL);"
        "INSERT INTO clusters SELECT i, 1, printf('C%%05d', i), "
        " printf('Cluster %%d', i), 10 + i %% 7 FROM k;"
        "CREATE TABLE cluster_overlaps(pk INTEGER PRIMARY KEY, run_id "
        " INTEGER NOT NULL, id_a TEXT, id_b TEXT, overlap_ha REAL, "
        " share_a_pct REAL, share_b_pct REAL);"
        "INSERT INTO cluster_overlaps (run_id, id_a, id_b, overlap_ha, "
        " share_a_pct, share_b_pct) SELECT 1, printf('C%%05d', i), "
        " printf('C%%05d', i + 1), 0.5, 5, 4 FROM k WHERE i %% 10 = 1;"
        "CREATE TABLE landuse_composition(pk INTEGER PRIMARY KEY, run_id "
        " INTEGER NOT NULL, cluster_id TEXT, code TEXT, role TEXT, "
        " area_ha REAL, share_pct REAL, name_vi TEXT, name_en TEXT);"
        "INSERT INTO landuse_composition (run_id, cluster_id, code, role, "
        " area_ha, share_pct, name_vi, name_en) SELECT 1, printf('C%%05d', "
        " i), c.code, 'agri', 2.5, 25, c.code, c.code FROM k, (SELECT "
        " 'LUC' AS code UNION ALL SELECT 'ONT' UNION ALL SELECT 'CLN' "
        " UNION ALL SELECT 'SKN') c ORDER BY i;"
        "CREATE TABLE encroachment(pk INTEGER PRIMARY KEY, run_id INTEGER "
        " NOT NULL, cluster_id TEXT, epoch TEXT, zone TEXT, zone_ha REAL, "
        " residential_ha REAL, share_pct REAL);"
        "INSERT INTO encroachment (run_id, cluster_id, epoch, zone, "
        " zone_ha, residential_ha, share_pct) SELECT 1, printf('C%%05d', "
        " i), e.epoch, z.zone, 10, CASE WHEN i %% 10 = 0 THEN 0 ELSE 0.1 "
        " END, 1 FROM k, (SELECT 'inside' AS zone UNION ALL SELECT "
        " 'ring_0_100' UNION ALL SELECT 'ring_100_300') z, (SELECT '2020' "
        " AS epoch UNION ALL SELECT '2025') e ORDER BY i, z.zone, e.epoch;"
        "CREATE TABLE encroachment_new(pk INTEGER PRIMARY KEY, run_id "
        " INTEGER NOT NULL, cluster_id TEXT, zone TEXT, from_epoch TEXT, "
        " to_epoch TEXT, new_ha REAL);"
        "INSERT INTO encroachment_new (run_id, cluster_id, zone, "
        " from_epoch, to_epoch, new_ha) SELECT 1, cluster_id, zone, "
        " '2020', '2025', 0.04 FROM encroachment WHERE epoch = '2025';"
        "CREATE TABLE encroachment_lost(pk INTEGER PRIMARY KEY, run_id "
        " INTEGER NOT NULL, cluster_id TEXT, zone TEXT, from_epoch TEXT, "
        " to_epoch TEXT, lost_ha REAL);"
        "INSERT INTO encroachment_lost (run_id, cluster_id, zone, "
        " from_epoch, to_epoch, lost_ha) SELECT run_id, cluster_id, zone, "
        " from_epoch, to_epoch, 0.01 FROM encroachment_new;"
        "CREATE TABLE reserve(fid INTEGER PRIMARY KEY, run_id INTEGER NOT "
        " NULL, cluster_id TEXT, name TEXT, cluster_ha REAL, "
        " residential_ha REAL, water_ha REAL, other_unbuildable_ha REAL, "
        " park_ha REAL, free_ha REAL, free_pct REAL);"
        "INSERT INTO reserve SELECT i, 1, printf('C%%05d', i), NULL, 10, "
        " 1, 1, 1, 0, 7, 70 FROM k;"
        "CREATE TABLE proposals(fid INTEGER PRIMARY KEY, run_id INTEGER "
        " NOT NULL, proposal_id TEXT, name TEXT, area_plane_ha REAL, "
        " residential_ha REAL, luc_ha REAL, cluster_overlap_ha REAL, "
        " min_dist_residential_m REAL, verdict TEXT);"
        "INSERT INTO proposals SELECT i, 1, printf('P%%04d', i), "
        " printf('Proposal %%d', i), 20, 0, 0, 0, 500, 'pass' FROM k "
        " WHERE i <= %d;"
        "CREATE TABLE proposal_checks(pk INTEGER PRIMARY KEY, run_id "
        " INTEGER NOT NULL, proposal_id TEXT, rule_id TEXT, value REAL, "
        " unit TEXT, threshold TEXT, verdict TEXT, detail TEXT, detail_vi "
        " TEXT, severity TEXT, source TEXT, description_vi TEXT, "
        " description_en TEXT);"
        "INSERT INTO proposal_checks (run_id, proposal_id, rule_id, value, "
        " unit, threshold, verdict, detail, detail_vi, severity, source, "
        " description_vi, description_en) SELECT 1, p.proposal_id, "
        " printf('R%%d', r.i), 1, 'ha', '0', 'pass', 'ok', 'ok', 'fail', "
        " 'law', 'rule', 'rule' FROM proposals p, k r WHERE r.i <= 10 "
        " ORDER BY p.fid, r.i;"
        "COMMIT;", n, n / 5);
    assert_non_null(sql);
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK)
        print_error("%s\n", err ? err : "?");
    assert_int_equal(rc, SQLITE_OK);
    sqlite3_free(sql);
    sqlite3_close(db);
}

/* The instructions (in 64s) of one report of n clusters. */
static unsigned long long report_cost(zg_ctx *ctx, const char *dir, int n)
{
    char db[128], html[128];
    snprintf(db, sizeof db, "%s/results_%d.sqlite", dir, n);
    snprintf(html, sizeof html, "%s/report_%d.html", dir, n);
    make_db(db, n);
    ticks = 0;
    assert_int_equal(sqlite3_auto_extension((void (*)(void))count_on_open),
                     SQLITE_OK);
    zg_status st = zg_write_report(ctx, db, html, ZG_OUTPUT_OVERWRITE, "en");
    sqlite3_cancel_auto_extension((void (*)(void))count_on_open);
    if (st)
        print_error("%s\n", zg_ctx_errmsg(ctx));
    assert_int_equal(st, ZG_OK);
    /* Something was counted, and the report holds the last cluster. */
    assert_true(ticks > 0);
    FILE *f = fopen(html, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    rewind(f);
    char *s = malloc((size_t)len + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
    s[len] = '\0';
    fclose(f);
    char last[32];
    snprintf(last, sizeof last, "Cluster %d<", n);
    assert_non_null(strstr(s, last));
    free(s);
    unlink(db);
    unlink(html);
    return ticks;
}

static void report_linear(void **state)
{
    zg_ctx *ctx = *state;
    char dir[] = "/tmp/zg_unit_report_XXXXXX";
    assert_non_null(mkdtemp(dir));
    unsigned long long small = report_cost(ctx, dir, 50);
    unsigned long long big = report_cost(ctx, dir, 400);
    rmdir(dir);
    double ratio = (double)big / (double)small;
    print_message("report of 50 clusters: %llu, of 400: %llu (x %.2f; "
                  "linear: 8)\n", small * 64, big * 64, ratio);
    /* Linear, give or take what does not grow (the page, the map's
     * frame) and the logs of the indexes. */
    assert_true(ratio < 11.0);
}

/* The instructions (in 64s) of the atlas of every cluster and proposal
 * of n clusters (n + n / 5 pages). */
static unsigned long long atlas_cost(zg_ctx *ctx, const char *dir, int n)
{
    char db[128], pdf[128];
    snprintf(db, sizeof db, "%s/results_%d.sqlite", dir, n);
    snprintf(pdf, sizeof pdf, "%s/atlas_%d.pdf", dir, n);
    make_db(db, n);
    ticks = 0;
    assert_int_equal(sqlite3_auto_extension((void (*)(void))count_on_open),
                     SQLITE_OK);
    zg_atlas_opts ao = {.lang = "en", .pages = ZG_ATLAS_ALL};
    zg_status st = zg_atlas_write(ctx, db, pdf, ZG_OUTPUT_OVERWRITE, &ao);
    sqlite3_cancel_auto_extension((void (*)(void))count_on_open);
    if (st)
        print_error("%s\n", zg_ctx_errmsg(ctx));
    assert_int_equal(st, ZG_OK);
    assert_true(ticks > 0);
    unlink(db);
    unlink(pdf);
    return ticks;
}

/* The atlas looked each page's rows up by a scan of seven tables (and
 * its feature by a scan of the clusters' layer): 617 pages of the medium
 * bench scene were quadratic. */
static void atlas_linear(void **state)
{
    zg_ctx *ctx = *state;
    char dir[] = "/tmp/zg_unit_atlas_XXXXXX";
    assert_non_null(mkdtemp(dir));
    unsigned long long small = atlas_cost(ctx, dir, 50);
    unsigned long long big = atlas_cost(ctx, dir, 400);
    rmdir(dir);
    double ratio = (double)big / (double)small;
    print_message("atlas of 50 clusters: %llu, of 400: %llu (x %.2f; "
                  "linear: 8)\n", small * 64, big * 64, ratio);
    assert_true(ratio < 11.0);
}

int test_report_scale(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(report_linear, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(atlas_linear, zg_test_setup,
                                        zg_test_teardown),
    };
    return cmocka_run_group_tests_name("report_scale", tests, NULL, NULL);
}
