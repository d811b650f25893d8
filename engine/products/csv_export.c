/* SPDX-License-Identifier: MIT
 *
 * csv_export.c: every result table of a SpatiaLite output as CSV for
 * spreadsheets: UTF-8 with a byte-order mark (so Excel shows Vietnamese
 * text right), geometry left out. Written by GDAL's CSV driver through
 * GDALVectorTranslate (ogr2ogr as a library) into /vsimem/ (the CSV
 * driver does not report a failed write), then copied with checked writes
 * to a staged file and moved into place like every other output.
 *
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage
 * return) as a formula, and a cluster's id or name is whatever the input's
 * author typed: every text value that starts so gets a leading ' (OWASP's
 * rule against CSV injection). The test is SQLite's type of the value,
 * not its first character, so that a negative number stays a number.
 * A column name that starts so (an input's attribute kept in a table)
 * gets a leading '_' in the header, or as many as it takes to be no other
 * column's name.
 */
#include "../output/output_int.h"

#include <errno.h>
#include <stdbool.h>
#include <gdal.h>
#include <sys/stat.h>
#include <gdal_utils.h>
#include <ogr_api.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

/* Is `name` the name of a field of defn other than field `self`, or one of
 * the n header names chosen so far? ASCII case is ignored, as SQLite and
 * GDAL ignore it in column names. */
static bool name_taken(OGRFeatureDefnH defn, int self, const char *name,
                       char *const *chosen, int n)
{
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); i++)
        if (i != self && !sqlite3_stricmp(
                             OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)),
                             name))
            return true;
    for (int i = 0; i < n; i++)
        if (!sqlite3_stricmp(chosen[i], name))
            return true;
    return false;
}

/* The header cell of field i (caller frees with sqlite3_free; NULL when
 * out of memory): its name, or, when a spreadsheet would run that name,
 * the name after as many '_' as it takes to be no other column's name
 * (beside a column named "_=x", "=x" becomes "__=x"). chosen: the header
 * cells of fields 0 .. i-1. */
static char *header_name(OGRFeatureDefnH defn, int i, char *const *chosen)
{
    const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
    if (!name[0] || !strchr("=+-@\t\r", name[0]))
        return sqlite3_mprintf("%s", name);
    char *h = sqlite3_mprintf("_%s", name);
    while (h && name_taken(defn, i, h, chosen, i)) {
        char *longer = sqlite3_mprintf("_%s", h);
        sqlite3_free(h);
        h = longer;
    }
    return h;
}

/* New SQL (caller frees with sqlite3_free; NULL when out of memory)
 * selecting what ogr2ogr would export of `table` (its attribute fields,
 * not the FID nor the geometry) in row order, each text value that a
 * spreadsheet would take for a formula prefixed by '. */
static char *export_sql(OGRLayerH lyr, const char *table)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int n = OGR_FD_GetFieldCount(defn);
    /* A column named by the input's author (a proposal's attribute) is a
     * header cell: one that a spreadsheet would run gets leading '_'s
     * (GDAL's SQL drops a leading quote from a name). */
    char **hdr = sqlite3_malloc64((size_t)(n + 1) * sizeof *hdr);
    sqlite3_str *sql = sqlite3_str_new(NULL);
    sqlite3_str_appendall(sql, "SELECT ");
    int i = 0;
    for (; hdr && i < n; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        const char *name = OGR_Fld_GetNameRef(fd);
        if (!(hdr[i] = header_name(defn, i, hdr)))
            break;
        if (i)
            sqlite3_str_appendall(sql, ", ");
        if (OGR_Fld_GetType(fd) != OFTString)
            sqlite3_str_appendf(sql, "\"%w\" AS \"%w\"", name, hdr[i]);
        else
            sqlite3_str_appendf(sql, "CASE WHEN typeof(\"%w\") = 'text' AND "
                                "substr(\"%w\", 1, 1) IN ('=', '+', '-', "
                                "'@', char(9), char(13)) THEN '''' || "
                                "\"%w\" ELSE \"%w\" END AS \"%w\"", name,
                                name, name, name, hdr[i]);
    }
    bool complete = hdr && i == n;
    for (int k = 0; hdr && k < i; k++)
        sqlite3_free(hdr[k]);
    sqlite3_free(hdr);
    sqlite3_str_appendf(sql, " FROM \"%w\" ORDER BY rowid", table);
    char *text = sqlite3_str_finish(sql);
    if (!complete) {
        sqlite3_free(text);
        return NULL;
    }
    return text;
}

/* DIR/<table>.csv from the open database `src`. */
static zg_status export_table(zg_ctx *ctx, GDALDatasetH src, const char *dir,
                              unsigned flags, const char *table)
{
    char *path = zg_asprintf(ctx, "%s/%s.csv", dir, table);
    char *sql = export_sql(GDALDatasetGetLayerByName(src, table), table);
    zg_stage stage;
    if (!path || !sql) {
        zg_free(ctx, path);
        sqlite3_free(sql);
        return zg_nomem(ctx, "CSV export");
    }
    zg_status st = zg_stage_open(ctx, path, flags, "out.csv", &stage);
    if (!st) {
        char *argv[] = {"-f", "CSV", "-lco", "WRITE_BOM=YES", "-nlt",
                        "NONE", "-sql", sql, "-nln", (char *)table, NULL};
        GDALVectorTranslateOptions *opts =
            GDALVectorTranslateOptionsNew(argv, NULL);
        int usage = 0;
        GDALDatasetH out = opts ? GDALVectorTranslate(stage.mempath, NULL,
                                                      1, &src, opts,
                                                      &usage)
                                : NULL;
        GDALVectorTranslateOptionsFree(opts);
        if (!out)
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "GDAL cannot write %s: %s",
                         path, zg_gdal_lastmsg(ctx));
        else
            GDALClose(out);
        if (!st)
            st = zg_stage_commit_mem(ctx, &stage);
        zg_stage_discard(ctx, &stage);
    }
    zg_free(ctx, path);
    sqlite3_free(sql);
    return st;
}

zg_status zg_export_csv(zg_ctx *ctx, const char *sqlite_path,
                        const char *dir, unsigned flags)
{
    /* The folder is made when missing: a planner names it, we fill it. */
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return zg_fail(ctx, ZG_ERR_OUTPUT, "cannot create the CSV folder: "
                       "%s (%s)", strerror(errno), dir);
    zg_gdal_begin(ctx);
    zg_libmsg_clear(ctx);
    const char *oo[] = {"LIST_ALL_TABLES=YES", NULL};
    GDALDatasetH src = GDALOpenEx(sqlite_path, GDAL_OF_VECTOR |
                                      GDAL_OF_READONLY,
                                  NULL, oo, NULL);
    zg_status st = src ? ZG_OK
                       : zg_fail(ctx, ZG_ERR_OUTPUT, "cannot reopen %s to "
                                 "export CSV: %s", sqlite_path,
                                 zg_gdal_lastmsg(ctx));
    /* The results first, then the record of the runs. */
    const char *const *lists[] = {ZG_RESULT_TABLES, ZG_RECORD_TABLES};
    for (int l = 0; l < 2 && !st; l++)
        for (const char *const *t = lists[l]; *t && !st; t++)
            if (GDALDatasetGetLayerByName(src, *t))
                st = export_table(ctx, src, dir, flags, *t);
    if (src)
        GDALClose(src);
    zg_gdal_end(ctx);
    return st;
}
