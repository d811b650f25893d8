/* SPDX-License-Identifier: MIT
 *
 * atlas.c: the atlas, a multi-page PDF of a results database: one page
 * per proposal, then one per cluster that has housing inside or new
 * housing in its rings (every cluster on request). This file lists the
 * pages, opens what the pages read (the database through SQLite and
 * through GDAL, the run's plane CRS and rings) and writes the PDF; the
 * map frame is atlas_frame.c's, the figures atlas_panel.c's.
 *
 * The PDF's creation date is the run's start, not the clock: the same
 * database gives the same bytes.
 */
#include "atlas_int.h"

#include <cairo-pdf.h>
#include <cpl_conv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A4 landscape in points, and the layout in millimetres. */
#define PAGE_W 841.8898
#define PAGE_H 595.2756
#define MM (72.0 / 25.4)

zg_status zg_atlas_pages_table(zg_rdb *r, bool all)
{
    bool hp = zg_rdb_has_table(r, "proposals");
    bool hc = zg_rdb_has_table(r, "clusters");
    bool he = zg_rdb_has_table(r, "encroachment");
    bool hn = zg_rdb_has_table(r, "encroachment_new");
    /* A cluster is flagged by housing inside it at any date, or by new
     * housing in any of its rings. */
    char *sql = sqlite3_mprintf(
        "SELECT row_number() OVER (ORDER BY k, id) AS page, kind, id, name "
        "FROM (%s%s%s%s%s%s)",
        hp ? "SELECT 0 AS k, 'proposal' AS kind, proposal_id AS id, name "
             "FROM proposals" : "",
        hp && hc ? " UNION ALL " : "",
        hc ? "SELECT 1 AS k, 'cluster' AS kind, id, name FROM clusters "
             "WHERE 0 = 1" : "",
        hc && all ? " OR 1 = 1" : "",
        hc && !all && he ? " OR id IN (SELECT cluster_id FROM encroachment "
                           "WHERE zone = 'inside' AND residential_ha > 0)"
                         : "",
        hc && !all && hn ? " OR id IN (SELECT cluster_id FROM "
                           "encroachment_new WHERE zone <> 'inside' AND "
                           "new_ha > 0)" : "");
    if (!sql)
        return zg_nomem(r->ctx, "atlas pages");
    if (!hp && !hc) {
        sqlite3_free(sql);
        sql = sqlite3_mprintf("SELECT 0 AS page, '' AS kind, '' AS id, '' "
                              "AS name WHERE 0");
        if (!sql)
            return zg_nomem(r->ctx, "atlas pages");
    }
    zg_status st = zg_rdb_keyed_copy(r, "zg_atlas_pages", sql, "kind, id");
    sqlite3_free(sql);
    return st;
}

zg_status zg_atlas_count(zg_ctx *ctx, const char *results_sqlite,
                         int64_t run_id, bool all, int *npages)
{
    *npages = 0;
    zg_rdb r;
    zg_status st = zg_rdb_open(ctx, results_sqlite, run_id, &r);
    if (st)
        return st;
    st = zg_atlas_pages_table(&r, all);
    double n = st ? NAN : zg_rdb_number(&r, "SELECT count(*) FROM "
                                        "zg_atlas_pages");
    *npages = isfinite(n) ? (int)n : 0;
    zg_rdb_close(&r);
    return st;
}

double zg_atlas_round_scale(double extent_m, double frame_mm)
{
    static const double N[] = {1000, 2000, 2500, 5000, 10000, 25000,
                               50000, 100000, 250000, 500000, 1000000};
    double need = extent_m * 1000.0 / frame_mm;
    for (size_t i = 0; i < sizeof N / sizeof N[0]; i++)
        if (N[i] >= need)
            return N[i];
    return ceil(need / 1e6) * 1e6;
}

/* ---- what every page reads -------------------------------------------- */

char *zg_atlas_run_option(atlas *a, const char *key, bool *set)
{
    sqlite3_stmt *s = NULL;
    char *v = NULL;
    bool dummy;
    if (!set)
        set = &dummy;
    *set = false;
    if (zg_rdb_prepare(&a->r, "SELECT options FROM runs", &s))
        return NULL;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)) {
        const char *o = (const char *)sqlite3_column_text(s, 0);
        size_t kl = strlen(key);
        for (const char *p = o; *p;) {
            size_t n = strcspn(p, " \n");
            if (n > kl && strncmp(p, key, kl) == 0 && p[kl] == '=') {
                zg_free(a->ctx, v);
                v = zg_asprintf(a->ctx, "%.*s", (int)(n - kl - 1), p + kl + 1);
                *set = true;
            }
            p += n;
            p += strspn(p, " \n");
        }
    }
    sqlite3_finalize(s);
    return v;
}

/* The plane CRS the run measured in; a database whose run does not say
 * (written by a command with no plane areas) gets the UTM zone of its
 * first cluster or proposal, and the page says which. */
static zg_status open_plane(atlas *a)
{
    char *crs = zg_atlas_run_option(a, "plane_crs", NULL);
    if (!crs) {
        /* The zone of the middle of the clusters (or proposals), when
         * they are in lon/lat; else 48, Hà Nội's. */
        OGRLayerH l = GDALDatasetGetLayerByName(a->ds, "clusters");
        if (!l)
            l = GDALDatasetGetLayerByName(a->ds, "proposals");
        OGRSpatialReferenceH ls = l ? OGR_L_GetSpatialRef(l) : NULL;
        OGREnvelope e;
        int zone = 48;
        if (ls && OSRIsGeographic(ls) &&
            OGR_L_GetExtent(l, &e, 1) == OGRERR_NONE)
            zone = (int)floor(((e.MinX + e.MaxX) / 2 + 180) / 6) % 60 + 1;
        crs = zg_asprintf(a->ctx, "EPSG:%d", 32600 + zone);
        if (!crs)
            return zg_nomem(a->ctx, "atlas CRS");
    }
    a->plane = OSRNewSpatialReference(NULL);
    zg_status st = ZG_OK;
    if (!a->plane)
        st = zg_nomem(a->ctx, "atlas CRS");
    else if (OSRSetFromUserInput(a->plane, crs) != OGRERR_NONE)
        st = zg_fail(a->ctx, ZG_ERR_INPUT, "the run's plane CRS '%s' is not "
                     "one PROJ knows: %s (%s)", crs, zg_gdal_lastmsg(a->ctx),
                     a->r.path);
    if (!st) {
        OSRSetAxisMappingStrategy(a->plane, OAMS_TRADITIONAL_GIS_ORDER);
        /* "VN-2000 / TM-3 105-30 (EPSG:5897)": the reader knows the
         * first, a GIS the second. */
        const char *nm = OSRGetName(a->plane);
        char *label = nm ? zg_asprintf(a->ctx, "%s (%s)", nm, crs)
                         : zg_strdup(a->ctx, crs);
        a->plane_name = label ? zg_atlas_text_copy(a->ctx, label) : NULL;
        zg_free(a->ctx, label);
        if (!a->plane_name)
            st = zg_nomem(a->ctx, "atlas CRS");
    }
    zg_free(a->ctx, crs);
    return st;
}

static zg_status open_rings(atlas *a)
{
    char *rings = zg_atlas_run_option(a, "rings_m", NULL);
    for (char *p = rings; p && *p && a->nrings < ATLAS_MAX_RINGS;) {
        char *end;
        double v = strtod(p, &end);
        if (end == p)
            break;
        if (v > 0)
            a->rings_m[a->nrings++] = v;
        p = end + (*end == ',');
    }
    zg_free(a->ctx, rings);
    double q = zg_rdb_number(&a->r, "SELECT buffer_quad_segs FROM runs");
    a->quad_segs = isfinite(q) && q >= 1 && q <= 64 ? (int)q : 8;
    return ZG_OK;
}

static const char *const TABLE[AL_N] = {
    "clusters", "encroachment", "encroachment_new", "reserve",
    "cluster_overlaps", "proposals", "proposal_evidence"};

static zg_status open_ds(atlas *a)
{
    const char *drivers[] = {"SQLite", "GPKG", NULL};
    const char *oo[] = {"LIST_ALL_TABLES=YES", NULL};
    /* Every page reads the tables near its feature again: mapped, its
     * pages are read from the page cache without a system call each (the
     * medium bench scene's 617 pages: 27.6 s -> 18.3 s). */
    CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", "mmap_size=1073741824");
    a->ds = GDALOpenEx(a->r.path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                       oo, NULL);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", NULL);
    if (!a->ds)
        return zg_fail(a->ctx, ZG_ERR_INPUT, "GDAL cannot read the results "
                       "database: %s (%s)", zg_gdal_lastmsg(a->ctx),
                       a->r.path);
    return ZG_OK;
}

static zg_status open_layers(atlas *a)
{
    for (int i = 0; i < AL_N; i++) {
        if (!zg_rdb_has_table(&a->r, TABLE[i]))
            continue;
        OGRLayerH l = GDALDatasetGetLayerByName(a->ds, TABLE[i]);
        OGRSpatialReferenceH ls = l ? OGR_L_GetSpatialRef(l) : NULL;
        if (!l || !ls)
            continue;
        /* GDAL's connection has no run views: the run is a filter (an
         * integer we format). */
        char where[48];
        snprintf(where, sizeof where, "run_id = %lld",
                 (long long)a->r.run_id);
        if (OGR_L_SetAttributeFilter(l, where) != OGRERR_NONE)
            return zg_fail(a->ctx, ZG_ERR_INPUT, "cannot select run %lld of "
                           "table %s: %s (%s)", (long long)a->r.run_id,
                           TABLE[i], zg_gdal_lastmsg(a->ctx), a->r.path);
        OGRSpatialReferenceH lc = OSRClone(ls);
        if (!lc)
            return zg_nomem(a->ctx, "atlas CRS");
        OSRSetAxisMappingStrategy(lc, OAMS_TRADITIONAL_GIS_ORDER);
        a->to_plane[i] = OCTNewCoordinateTransformation(lc, a->plane);
        a->from_plane[i] = OCTNewCoordinateTransformation(a->plane, lc);
        OSRDestroySpatialReference(lc);
        if (!a->to_plane[i] || !a->from_plane[i])
            return zg_fail(a->ctx, ZG_ERR_INPUT, "table %s: no "
                           "transformation between its CRS and %s: %s (%s)",
                           TABLE[i], a->plane_name, zg_gdal_lastmsg(a->ctx),
                           a->r.path);
        a->lyr[i] = l;
    }
    return ZG_OK;
}

/* A keyed copy the pages look their rows up in (zg_rdb_keyed_copy): the
 * results tables have no index on their ids, and a page that scanned
 * each table made the atlas quadratic in the clusters. A table or
 * column the run lacks leaves the copy out (*made false): the page then
 * shows what it showed without it. */
static zg_status lookup(atlas *a, const char *name, const char *select,
                        const char *key, bool *made)
{
    *made = false;
    sqlite3_stmt *s = NULL;
    /* Prepared first: a select the database cannot run is no error. */
    if (sqlite3_prepare_v2(a->r.db, select, -1, &s, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return ZG_OK;
    }
    sqlite3_finalize(s);
    zg_status st = zg_rdb_keyed_copy(&a->r, name, select, key);
    *made = !st;
    return st;
}

/* The FID column of layer li, quoted for SQL (new string), or NULL. */
static char *fid_column(atlas *a, int li)
{
    const char *f = a->lyr[li] ? OGR_L_GetFIDColumn(a->lyr[li]) : NULL;
    return f && *f ? sqlite3_mprintf("\"%w\"", f) : NULL;
}

/* The page's feature by its FID (GDAL's key of its table: one
 * OGR_L_GetFeature), and the panel's rows by id, in the tables' order
 * (pk). */
static zg_status open_lookups(atlas *a)
{
    char *pf = fid_column(a, AL_PROPOSALS), *cf = fid_column(a, AL_CLUSTERS);
    char *feat = sqlite3_mprintf(
        "SELECT 'proposal' AS kind, %s AS id, %s AS fid FROM %s WHERE %s "
        "UNION ALL SELECT 'cluster', %s, %s FROM %s WHERE %s",
        pf ? "proposal_id" : "NULL", pf ? pf : "NULL",
        pf ? "proposals" : "runs", pf ? "geom IS NOT NULL" : "0",
        cf ? "id" : "NULL", cf ? cf : "NULL", cf ? "clusters" : "runs",
        cf ? "geom IS NOT NULL" : "0");
    char *clus = sqlite3_mprintf(
        "SELECT id, area_ha, area_plane_ha, declared_ha, overlap_count, %s "
        "AS trang_thai FROM clusters",
        zg_rdb_has_column(&a->r, "clusters", "trang_thai") ? "trang_thai"
                                                           : "NULL");
    zg_status st = feat && clus ? ZG_OK : zg_nomem(a->ctx, "atlas lookups");
    bool made = false;
    if (!st)
        st = lookup(a, "zg_atlas_feature", feat, "kind, id", &made);
    if (!st && !made)
        st = zg_fail(a->ctx, ZG_ERR_INPUT, "cannot read the features of "
                     "the atlas's pages: %s (%s)", sqlite3_errmsg(a->r.db),
                     a->r.path);
    struct {
        const char *name, *select, *key;
        bool *made;
    } L[] = {
        {"zg_atlas_proposal", "SELECT proposal_id, area_ha, area_plane_ha, "
         "verdict, residential_ha, luc_ha, cluster_overlap_ha, "
         "min_dist_residential_m FROM proposals",
         "proposal_id", &a->k_proposal},
        {"zg_atlas_checks", "SELECT proposal_id, rule_id, verdict, value, "
         "unit, threshold, description_vi, description_en, pk FROM "
         "proposal_checks ORDER BY pk", "proposal_id", &a->k_checks},
        {"zg_atlas_evidence", "SELECT proposal_id, rule_id, kind, "
         "other_id, area_ha, pk FROM proposal_evidence ORDER BY pk",
         "proposal_id", &a->k_evidence},
        {"zg_atlas_cluster", clus, "id", &a->k_cluster},
        {"zg_atlas_landuse", "SELECT cluster_id, code, name_vi, name_en, "
         "area_ha, share_pct FROM landuse_composition ORDER BY pk",
         "cluster_id", &a->k_landuse},
        {"zg_atlas_reserve", "SELECT cluster_id, free_ha, free_pct FROM "
         "reserve", "cluster_id", &a->k_reserve},
        {"zg_atlas_new", "SELECT cluster_id, zone, new_ha FROM "
         "encroachment_new ORDER BY pk", "cluster_id", &a->k_new},
    };
    static const char *const T[] = {"proposals", "proposal_checks",
                                    "proposal_evidence", "clusters",
                                    "landuse_composition", "reserve",
                                    "encroachment_new"};
    for (size_t i = 0; !st && i < sizeof L / sizeof L[0]; i++)
        if (zg_rdb_has_table(&a->r, T[i]))
            st = lookup(a, L[i].name, L[i].select, L[i].key, L[i].made);
    sqlite3_free(pf);
    sqlite3_free(cf);
    sqlite3_free(feat);
    sqlite3_free(clus);
    return st;
}

/* Running head, the run's date as the language writes it, the dates of
 * the housing drawn. */
static zg_status open_meta(atlas *a, const zg_atlas_opts *o)
{
    a->title = zg_atlas_text_copy(a->ctx, o && o->title
                                           ? o->title
                                           : "Cụm công nghiệp Hà Nội");
    sqlite3_stmt *s = NULL;
    char date[16] = "";
    if (!zg_rdb_prepare(&a->r, "SELECT started_utc FROM runs", &s) &&
        sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        int y, m, d;
        if (sscanf(t, "%4d-%2d-%2d", &y, &m, &d) == 3)
            snprintf(date, sizeof date, a->en ? "%04d-%02d-%02d"
                                              : "%02d/%02d/%04d",
                     a->en ? y : d, m, a->en ? d : y);
    }
    sqlite3_finalize(s);
    a->run_date = zg_strdup(a->ctx, date);
    if (!a->title || !a->run_date)
        return zg_nomem(a->ctx, "atlas title");
    if (a->lyr[AL_RESID] &&
        !zg_rdb_prepare(&a->r, "SELECT (SELECT epoch FROM encroachment "
                        "ORDER BY pk LIMIT 1), (SELECT epoch FROM "
                        "encroachment ORDER BY pk DESC LIMIT 1)", &s)) {
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) &&
            sqlite3_column_text(s, 1)) {
            a->first_epoch = zg_atlas_text_copy(
                a->ctx, (const char *)sqlite3_column_text(s, 0));
            a->resid_epoch = zg_atlas_text_copy(
                a->ctx, (const char *)sqlite3_column_text(s, 1));
            if (!a->first_epoch || !a->resid_epoch) {
                sqlite3_finalize(s);
                return zg_nomem(a->ctx, "atlas dates");
            }
        }
        sqlite3_finalize(s);
    }
    return ZG_OK;
}

static void atlas_close(atlas *a)
{
    zg_atlas_sources_close(a);
    for (int i = 0; i < AL_N; i++) {
        if (a->to_plane[i])
            OCTDestroyCoordinateTransformation(a->to_plane[i]);
        if (a->from_plane[i])
            OCTDestroyCoordinateTransformation(a->from_plane[i]);
    }
    if (a->ds)
        GDALClose(a->ds);
    if (a->plane)
        OSRDestroySpatialReference(a->plane);
    zg_free(a->ctx, a->plane_name);
    zg_free(a->ctx, a->title);
    zg_free(a->ctx, a->run_date);
    zg_free(a->ctx, a->resid_epoch);
    zg_free(a->ctx, a->first_epoch);
    zg_rdb_close(&a->r);
}

/* ---- pages ------------------------------------------------------------- */

/* The page's feature (its FID from zg_atlas_feature), brought to the
 * plane. */
static zg_status page_geom(atlas *a, atlas_page *p, sqlite3_int64 fid)
{
    int li = p->proposal ? AL_PROPOSALS : AL_CLUSTERS;
    OGRLayerH l = a->lyr[li];
    if (!l || fid < 0)
        return ZG_OK;
    OGRFeatureH f = OGR_L_GetFeature(l, (GIntBig)fid);
    OGRGeometryH g = f ? OGR_F_GetGeometryRef(f) : NULL;
    zg_status st = ZG_OK;
    if (g && !OGR_G_IsEmpty(g)) {
        p->geom = OGR_G_Clone(g);
        if (!p->geom)
            st = zg_nomem(a->ctx, "atlas geometry");
        else if (OGR_G_Transform(p->geom, a->to_plane[li]) != OGRERR_NONE)
            st = zg_fail(a->ctx, ZG_ERR_INPUT, "table %s: %s cannot be "
                         "brought to %s: %s (%s)", TABLE[li], p->id,
                         a->plane_name, zg_gdal_lastmsg(a->ctx), a->r.path);
    }
    if (f)
        OGR_F_Destroy(f);
    return st;
}

static void draw_footer(atlas *a, const atlas_page *p)
{
    char *t = zg_asprintf(a->ctx, a->en ? "Page %d/%d · %s · run of %s · "
                                          "zoneguard %s"
                                        : "Trang %d/%d · %s · lượt chạy "
                                          "ngày %s · zoneguard %s",
                          p->no, a->npages, a->title, a->run_date,
                          zg_version());
    if (!t) {
        a->st = zg_nomem(a->ctx, "atlas footer");
        return;
    }
    zg_atlas_show(a, 10 * MM, PAGE_H - 9 * MM, t, 7, false,
               PAGE_W - 20 * MM, 0.4);
    zg_free(a->ctx, t);
}

static void draw_page(atlas *a, atlas_page *p)
{
    cairo_t *cr = a->cr;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    /* Map frame left (160 x 164 mm, room for grid labels to its left and
     * below), the panel right, the footer under both. */
    zg_atlas_frame_place(a, p, 24 * MM, 14 * MM, 160 * MM, 168 * MM);
    zg_atlas_frame_draw(a, p);
    zg_atlas_panel_draw(a, p, 192 * MM, 10 * MM, 95 * MM, 182 * MM);
    draw_footer(a, p);
}

/* --verbose: what page p drew of the run's sources, in one line
 * ("page 3 CCN-01: parcels industrial 2, residential 1; housing 2020 4,
 * 2025 6; new housing"). */
static void say_drawn(atlas *a, const atlas_page *p)
{
    zg_sbuf b;
    zg_sbuf_init(&b, a->ctx);
    zg_sbuf_addf(&b, "atlas page %d %s: parcels", p->no, p->id);
    int n = 0;
    for (int k = 0; k < ZG_ATLAS_NROLES; k++)
        if (a->role_n[k])
            zg_sbuf_addf(&b, "%s %s %zu", n++ ? "," : "",
                         ZG_ATLAS_ROLES[k].role, a->role_n[k]);
    if (!n)
        zg_sbuf_add(&b, a->parcels.ds ? " none" : " not drawn");
    if (p->proposal && a->nhousing) {
        zg_sbuf_add(&b, "; housing");
        for (int d = 0; d < a->nhousing; d++)
            zg_sbuf_addf(&b, "%s %s %zu", d ? "," : "", a->housing[d].label,
                         a->housing_n[d]);
        zg_sbuf_add(&b, a->new_drawn ? "; new housing" : "; no new housing");
    }
    if (!b.failed)
        zg_msg(a->ctx, ZG_MSG_INFO, "%s", b.s);
    zg_sbuf_free(&b);
}

static zg_status draw_pages(atlas *a, cairo_surface_t *surf)
{
    sqlite3_stmt *s = NULL;
    /* Each page's feature by an indexed lookup of its FID. */
    zg_status st = zg_rdb_prepare(&a->r, "SELECT page, kind, id, "
                                  "coalesce(name, ''), (SELECT f.fid FROM "
                                  "zg_atlas_feature f WHERE f.kind = "
                                  "p.kind AND f.id = p.id ORDER BY f.rowid "
                                  "LIMIT 1) FROM zg_atlas_pages p ORDER BY "
                                  "page", &s);
    if (st)
        return st;
    a->cr = cairo_create(surf);
    /* A font map of our own, freed when done (as the map does). */
    PangoFontMap *fm = pango_cairo_font_map_new();
    a->pc = pango_font_map_create_context(fm);
    pango_cairo_context_set_resolution(a->pc, 72.0);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(a->pc, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_update_context(a->cr, a->pc);
    while (!st && !a->st && sqlite3_step(s) == SQLITE_ROW) {
        atlas_page p;
        memset(&p, 0, sizeof p);
        p.no = sqlite3_column_int(s, 0);
        p.proposal = strcmp((const char *)sqlite3_column_text(s, 1),
                            "proposal") == 0;
        p.id = zg_atlas_text_copy(a->ctx,
                               (const char *)sqlite3_column_text(s, 2));
        p.name = zg_atlas_text_copy(a->ctx,
                                 (const char *)sqlite3_column_text(s, 3));
        st = p.id && p.name
                 ? page_geom(a, &p, sqlite3_column_type(s, 4) == SQLITE_NULL
                                        ? -1 : sqlite3_column_int64(s, 4))
                 : zg_nomem(a->ctx, "atlas page");
        if (!st) {
            draw_page(a, &p);
            if (a->verbose)
                say_drawn(a, &p);
            cairo_show_page(a->cr);
            if (cairo_status(a->cr) != CAIRO_STATUS_SUCCESS && !a->st)
                a->st = zg_fail(a->ctx, ZG_ERR_OUTPUT, "cairo cannot draw "
                                "the atlas: %s", cairo_status_to_string(
                                    cairo_status(a->cr)));
            st = zg_progress(a->ctx, 0, 1, (double)p.no / a->npages,
                             "atlas");
        }
        if (p.geom)
            OGR_G_DestroyGeometry(p.geom);
        zg_free(a->ctx, p.id);
        zg_free(a->ctx, p.name);
    }
    sqlite3_finalize(s);
    g_object_unref(a->pc);
    g_object_unref(fm);
    cairo_destroy(a->cr);
    a->cr = NULL;
    if (!st)
        st = a->st;
    if (a->unknown_glyphs)
        zg_msg(a->ctx, ZG_MSG_WARNING, "the atlas font (DejaVu Sans) lacks "
               "%u of the characters of its text; they show as boxes "
               "(install fonts-dejavu-core)", a->unknown_glyphs);
    return st;
}

/* The run's start as cairo's PDF metadata takes it (ISO 8601). */
static char *create_date(atlas *a)
{
    sqlite3_stmt *s = NULL;
    char *v = NULL;
    if (!zg_rdb_prepare(&a->r, "SELECT started_utc FROM runs", &s) &&
        sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        v = zg_strdup(a->ctx, (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return v;
}

zg_status zg_atlas_write(zg_ctx *ctx, const char *results_sqlite,
                         const char *pdf_path, unsigned flags,
                         const zg_atlas_opts *opts)
{
    if (!ctx)
        return ZG_ERR_USAGE;
    if (!results_sqlite || !pdf_path)
        return zg_fail(ctx, ZG_ERR_USAGE, "the atlas needs a results "
                       "database and an output file");
    atlas a;
    memset(&a, 0, sizeof a);
    a.ctx = ctx;
    a.verbose = opts && opts->verbose;
    zg_status st = zg_report_lang(ctx, opts ? opts->lang : NULL, &a.en);
    if (st)
        return st;
    st = zg_rdb_open(ctx, results_sqlite, opts ? opts->run_id : 0, &a.r);
    if (st)
        return st;
    zg_gdal_begin(ctx);
    zg_libmsg_clear(ctx);
    st = zg_atlas_pages_table(&a.r, opts && opts->pages == ZG_ATLAS_ALL);
    if (!st) {
        double n = zg_rdb_number(&a.r, "SELECT count(*) FROM "
                                 "zg_atlas_pages");
        a.npages = isfinite(n) ? (int)n : 0;
        if (a.npages == 0)
            st = zg_fail(ctx, ZG_ERR_INPUT, "the results database has no "
                         "proposal and no cluster%s to draw in an atlas "
                         "(%s)", opts && opts->pages == ZG_ATLAS_ALL
                                     ? "" : " with housing inside or "
                                            "growth in its rings",
                         results_sqlite);
    }
    if (!st)
        st = open_ds(&a);
    if (!st)
        st = open_plane(&a);
    if (!st)
        st = open_rings(&a);
    if (!st)
        st = open_layers(&a);
    if (!st)
        st = open_lookups(&a);
    if (!st)
        st = zg_atlas_sources_open(&a, opts);
    if (!st)
        st = open_meta(&a, opts);
    char *date = st ? NULL : create_date(&a);
    zg_stage stage;
    memset(&stage, 0, sizeof stage);
    if (!st)
        st = zg_stage_open(ctx, pdf_path, flags, "atlas.pdf", &stage);
    if (!st) {
        cairo_surface_t *surf = cairo_pdf_surface_create(stage.tmpfile,
                                                         PAGE_W, PAGE_H);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
                                       a.title);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
                                       "zoneguard " ZG_VERSION_STRING);
        if (date) {
            cairo_pdf_surface_set_metadata(
                surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
            cairo_pdf_surface_set_metadata(
                surf, CAIRO_PDF_METADATA_MOD_DATE, date);
        }
        cairo_status_t cs = cairo_surface_status(surf);
        if (cs == CAIRO_STATUS_SUCCESS)
            st = draw_pages(&a, surf);
        cairo_surface_finish(surf);
        if (cs == CAIRO_STATUS_SUCCESS)
            cs = cairo_surface_status(surf);
        cairo_surface_destroy(surf);
        if (!st && cs != CAIRO_STATUS_SUCCESS)
            st = cs == CAIRO_STATUS_NO_MEMORY
                     ? zg_nomem(ctx, "atlas drawing")
                     : zg_fail(ctx, ZG_ERR_OUTPUT, "cairo cannot write the "
                               "atlas: %s (%s)", cairo_status_to_string(cs),
                               pdf_path);
    }
    if (!st)
        st = zg_stage_commit(ctx, &stage);
    zg_stage_discard(ctx, &stage);
    zg_free(ctx, date);
    atlas_close(&a);
    zg_gdal_end(ctx);
    return st;
}
