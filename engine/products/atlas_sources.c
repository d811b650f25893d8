/* SPDX-License-Identifier: MIT
 *
 * atlas_sources.c: the sources the atlas draws that the results database
 * does not hold (it must stay small at 2 M parcels): the run's land-use
 * layer, whose parcels each page draws by role, and its residential
 * layers, whose housing a proposal's page draws at each date. Each is
 * reopened as the run recorded it in run_inputs (path, layer) and read
 * with a spatial filter on the page's frame. One missing, or changed
 * since the run (its files' SHA-256 against run_inputs), is a warning
 * naming the file, and the page says what it leaves out: an atlas of
 * wrong parcels would be worse than one without them.
 */
#include "atlas_int.h"
#include "../io/io_int.h"

#include <cpl_vsi.h>
#include <stdio.h>
#include <string.h>

/* The roles of the code tables (geodata/codes), in the legend's order,
 * with the colours of the official land-use maps where they have one
 * (domain.md: LUC #fefc8c, ONT #ffd0ff, SKN #ffaaa0, SON #a0ffff, DGT
 * #ffaa33); the others pale, so that the results drawn over them stay
 * the eye's first stop. Parcels are opaque: the frame's background. */
#define RGB(h) {((h) >> 16 & 255) / 255.0, ((h) >> 8 & 255) / 255.0, \
                ((h) & 255) / 255.0, 1}
#define EDGE {0.55, 0.55, 0.55, 1}
const zg_atlas_role ZG_ATLAS_ROLES[ZG_ATLAS_NROLES] = {
    {"residential", "Đất ở", "Residential land", {RGB(0xffd0ff), EDGE, 0.2,
                                                  false}},
    {"protected_agri", "Đất chuyên trồng lúa, rừng phòng hộ",
     "Specialised rice land, protection forest",
     {RGB(0xfefc8c), EDGE, 0.2, false}},
    {"agri", "Đất nông nghiệp khác", "Other agricultural land",
     {RGB(0xe3f2c6), EDGE, 0.2, false}},
    {"industrial", "Đất khu, cụm công nghiệp, sản xuất",
     "Industrial and production land", {RGB(0xffaaa0), EDGE, 0.2, false}},
    {"water", "Mặt nước", "Water", {RGB(0xa0ffff), EDGE, 0.2, false}},
    {"infrastructure", "Đất hạ tầng, giao thông",
     "Infrastructure and transport", {RGB(0xffd79e), EDGE, 0.2, false}},
    {"sensitive", "Trường học, y tế, tôn giáo",
     "Schools, health, worship", {RGB(0xd8c8f0), EDGE, 0.2, false}},
    {"unused", "Đất chưa sử dụng", "Unused land",
     {RGB(0xf1ead6), EDGE, 0.2, false}},
    {"other", "Đất khác", "Other land", {RGB(0xe6e6e6), EDGE, 0.2, false}},
    {"unknown", "Mã không có trong bảng mã", "Code not in the code table",
     {RGB(0xffffff), {0.4, 0.4, 0.4, 1}, 0.3, true}},
};

int zg_atlas_role_index(const char *role)
{
    for (int i = 0; role && i < ZG_ATLAS_NROLES; i++)
        if (strcmp(ZG_ATLAS_ROLES[i].role, role) == 0)
            return i;
    /* Group codes (LUA, PNN...) and roles of a table of the user's own
     * are "other"; no role at all is "unknown". */
    return role ? ZG_ATLAS_NROLES - 2 : ZG_ATLAS_NROLES - 1;
}

/* ---- opening a source ------------------------------------------------- */

void zg_atlas_source_close(atlas *a, zg_atlas_src *s)
{
    if (s->to_plane)
        OCTDestroyCoordinateTransformation(s->to_plane);
    if (s->from_plane)
        OCTDestroyCoordinateTransformation(s->from_plane);
    if (s->ds)
        GDALClose(s->ds);
    zg_free(a->ctx, s->path);
    zg_free(a->ctx, s->label);
    memset(s, 0, sizeof *s);
}

/* Do the files of the source opened as `l` have the SHA-256 the run
 * recorded for role `role` and path `path`? Compared by content alone:
 * a source found beside the database has other file names. */
static bool unchanged(atlas *a, const zg_layer *l, const char *role,
                      const char *path)
{
    sqlite3_stmt *s = NULL;
    if (zg_rdb_prepare(&a->r, "SELECT count(DISTINCT file), sum(sha256 = "
                       "?3) FROM run_inputs WHERE role = ?1 AND path = ?2",
                       &s))
        return false;
    bool same = true;
    size_t nrec = 0;
    for (size_t i = 0; same && i < l->nfiles; i++) {
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, role, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, l->files[i].sha256, -1, SQLITE_STATIC);
        same = sqlite3_step(s) == SQLITE_ROW &&
               sqlite3_column_int64(s, 1) > 0;
        nrec = (size_t)sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    /* A file added or taken away (a .dbf lost) is a change too. */
    return same && nrec == l->nfiles;
}

/* The CRS the run read a source in when the source declares none (its
 * --s-srs: "EPSG:5897", or "EPSG:5897 (assigned; ...)"), or NULL. */
static OGRSpatialReferenceH recorded_crs(atlas *a, const char *role,
                                         const char *path)
{
    sqlite3_stmt *s = NULL;
    OGRSpatialReferenceH srs = NULL;
    if (zg_rdb_prepare(&a->r, "SELECT crs FROM run_inputs WHERE role = ?1 "
                       "AND path = ?2 AND crs <> '' ORDER BY rowid LIMIT 1",
                       &s))
        return NULL;
    sqlite3_bind_text(s, 1, role, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)) {
        const char *c = (const char *)sqlite3_column_text(s, 0);
        char *code = zg_asprintf(a->ctx, "%.*s", (int)strcspn(c, " "), c);
        srs = code ? OSRNewSpatialReference(NULL) : NULL;
        if (srs && OSRSetFromUserInput(srs, code) != OGRERR_NONE) {
            OSRDestroySpatialReference(srs);
            srs = NULL;
        }
        zg_free(a->ctx, code);
    }
    sqlite3_finalize(s);
    return srs;
}

/* Open `path` (layer `layer`, NULL: the only one) for drawing: its code
 * field (`code_field`, "" the default names; NULL: none, every feature
 * is housing), the transformations to and from the plane. When `role`
 * is given, the files must be those the run read. ZG_OK with s->ds NULL
 * and *why set (a warning's words) when it cannot be drawn; a failure
 * only when asked for explicitly (`strict`) or out of memory. */
static zg_status source_open(atlas *a, zg_atlas_src *s, const char *role,
                             const char *path, const char *layer,
                             const char *code_field, bool strict,
                             const char **why)
{
    *why = NULL;
    /* A path the run recorded as typed (relative, by a command run in
     * another folder) is looked for beside the database as well; the
     * SHA-256 says whether what is found there is what the run read. */
    char *beside = NULL;
    VSIStatBufL sb;
    if (role && path[0] != '/' && VSIStatL(path, &sb) != 0) {
        const char *slash = strrchr(a->r.path, '/');
        beside = slash ? zg_asprintf(a->ctx, "%.*s/%s",
                                     (int)(slash - a->r.path), a->r.path,
                                     path)
                       : NULL;
        if (beside && VSIStatL(beside, &sb) != 0) {
            zg_free(a->ctx, beside);
            beside = NULL;
        }
    }
    const char *open_path = beside ? beside : path;
    zg_input_opts *o = zg_input_opts_new(a->ctx, role ? role : "landuse",
                                         open_path);
    zg_layer *l = zg_calloc(a->ctx, 1, sizeof *l);
    zg_source src;
    memset(&src, 0, sizeof src);
    zg_status st = o && l ? ZG_OK : zg_nomem(a->ctx, "atlas source");
    if (!st && layer)
        st = zg_input_opts_set_layer(o, layer);
    if (!st) {
        l->ctx = a->ctx;
        l->role = zg_strdup(a->ctx, o->role);
        l->path = zg_strdup(a->ctx, open_path);
        if (!l->role || !l->path)
            st = zg_nomem(a->ctx, "atlas source");
    }
    if (!st) {
        st = zg_source_open(a->ctx, o, l, &src);
        if (st && st != ZG_ERR_NOMEM && !strict) {
            *why = VSIStatL(open_path, &sb) != 0 ? "missing" : "unreadable";
            st = ZG_OK;
        }
    }
    if (!st && !*why && role && !unchanged(a, l, role, path))
        *why = "changed";
    OGRSpatialReferenceH srs = NULL;
    if (!st && !*why) {
        OGRSpatialReferenceH ls = OGR_L_GetSpatialRef(src.lyr);
        srs = ls ? OSRClone(ls) : role ? recorded_crs(a, role, path) : NULL;
        if (!srs) {
            if (strict)
                st = zg_fail(a->ctx, ZG_ERR_CRS, "the layer declares no CRS "
                             "(%s, layer %s)", path, l->layer_name);
            *why = "without a CRS";
        }
    }
    if (!st && !*why) {
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
        /* Parcels are many: in the plane's own CRS (VN-2000 TM-3, as
         * the Department's are) they skip PROJ and the copy. */
        s->in_plane = OSRIsSame(srs, a->plane) != 0;
        s->to_plane = OCTNewCoordinateTransformation(srs, a->plane);
        s->from_plane = OCTNewCoordinateTransformation(a->plane, srs);
        if (!s->to_plane || !s->from_plane)
            *why = "in a CRS that cannot be brought to the run's plane";
    }
    if (srs)
        OSRDestroySpatialReference(srs);
    s->code_i = -1;
    if (!st && !*why && code_field) {
        if (*code_field)
            s->code_i = zg_source_find_field(&src, code_field);
        for (const char *const *c = ZG_CODE_FIELDS; !*code_field && *c &&
                                                    s->code_i < 0; c++)
            s->code_i = zg_source_find_field(&src, *c);
        if (s->code_i < 0) {
            if (strict)
                st = zg_fail(a->ctx, ZG_ERR_USAGE, "no land-use code field "
                             "'%s' (%s, layer %s)", *code_field
                             ? code_field : "ma_ldat, loai_dat, landuse, "
                                            "code...", path, l->layer_name);
            *why = "without its code field";
        }
    }
    if (!st && !*why) {
        /* Only the code is read: GDAL then skips the other columns. */
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(src.lyr);
        int n = OGR_FD_GetFieldCount(d);
        const char **ign = zg_calloc(a->ctx, (size_t)n + 2, sizeof *ign);
        if (!ign)
            st = zg_nomem(a->ctx, "atlas source");
        for (int i = 0, k = 0; ign && i < n; i++)
            if (i != s->code_i)
                ign[k++] = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i));
        if (ign)
            OGR_L_SetIgnoredFields(src.lyr, ign);
        zg_free(a->ctx, ign);
    }
    if (!st && !*why) {
        s->ds = src.ds;
        s->lyr = src.lyr;
        src.ds = NULL; /* the atlas's now */
        s->path = zg_strdup(a->ctx, open_path);
        if (!s->path)
            st = zg_nomem(a->ctx, "atlas source");
    }
    if (st || *why) {
        if (s->to_plane)
            OCTDestroyCoordinateTransformation(s->to_plane);
        if (s->from_plane)
            OCTDestroyCoordinateTransformation(s->from_plane);
        s->to_plane = s->from_plane = NULL;
    }
    zg_source_close(a->ctx, &src);
    zg_layer_free(l);
    zg_input_opts_free(o);
    zg_free(a->ctx, beside);
    zg_libmsg_clear(a->ctx);
    return st;
}

/* ---- the parcels ------------------------------------------------------- */

static zg_status open_parcels(atlas *a, const zg_atlas_opts *o)
{
    char *field = o && o->code_field
                      ? zg_strdup(a->ctx, o->code_field)
                      : zg_atlas_run_option(a, "code_field", NULL);
    if (!field)
        field = zg_strdup(a->ctx, "");
    char *codes = o && o->codes ? zg_strdup(a->ctx, o->codes)
                                : zg_atlas_run_option(a, "codes", NULL);
    char *path = NULL, *layer = NULL;
    zg_status st = field ? ZG_OK : zg_nomem(a->ctx, "atlas parcels");
    bool explicit_path = o && o->landuse;
    if (!st && explicit_path) {
        path = zg_strdup(a->ctx, o->landuse);
        layer = o->landuse_layer ? zg_strdup(a->ctx, o->landuse_layer)
                                 : NULL;
        if (!path || (o->landuse_layer && !layer))
            st = zg_nomem(a->ctx, "atlas parcels");
    } else if (!st && zg_rdb_has_table(&a->r, "run_inputs")) {
        sqlite3_stmt *s = NULL;
        if (!zg_rdb_prepare(&a->r, "SELECT path, layer FROM run_inputs "
                            "WHERE role = 'landuse' ORDER BY rowid LIMIT 1",
                            &s) &&
            sqlite3_step(s) == SQLITE_ROW) {
            path = zg_strdup(a->ctx, (const char *)sqlite3_column_text(s, 0));
            const char *ly = (const char *)sqlite3_column_text(s, 1);
            layer = ly ? zg_strdup(a->ctx, ly) : NULL;
            if (!path || (ly && !layer))
                st = zg_nomem(a->ctx, "atlas parcels");
        }
        sqlite3_finalize(s);
    }
    if (!st && path) {
        st = zg_codes_load(a->ctx, codes ? codes : "tt08_2024", &a->codes);
        if (st && !explicit_path && !(o && o->codes) && st != ZG_ERR_NOMEM)
            /* The run's table moved: the bundled one of the same name. */
            st = zg_codes_load(a->ctx, "tt08_2024", &a->codes);
    }
    const char *why = NULL;
    if (!st && path)
        st = source_open(a, &a->parcels, explicit_path ? NULL : "landuse",
                         path, layer, field, explicit_path, &why);
    if (!st && why) {
        zg_msg(a->ctx, ZG_MSG_WARNING, "the atlas shows no parcels: the "
               "land-use source the run read is %s (%s); give it with "
               "--landuse", why, path);
        a->parcels_note = why;
        a->parcels_missing = zg_strdup(a->ctx, path);
        if (!a->parcels_missing)
            st = zg_nomem(a->ctx, "atlas parcels");
    }
    zg_free(a->ctx, field);
    zg_free(a->ctx, codes);
    zg_free(a->ctx, path);
    zg_free(a->ctx, layer);
    return st;
}

/* ---- the housing of each date ------------------------------------------ */

static zg_status open_housing(atlas *a)
{
    if (!zg_rdb_has_table(&a->r, "run_inputs") || !a->lyr[AL_PROPOSALS])
        return ZG_OK;
    /* Land-use maps (residential_code_field) or footprints: what the run's
     * encroachment said it read. */
    bool recorded = false;
    char *how = zg_atlas_run_option(a, "residential_by_code", &recorded);
    bool by_code = how && strcmp(how, "yes") == 0;
    zg_free(a->ctx, how);
    if (!recorded) {
        /* A run before the record said how: its housing as it stored it. */
        return ZG_OK;
    }
    char *field = zg_atlas_run_option(a, "residential_code_field", NULL);
    zg_status cst = ZG_OK;
    if (by_code && !a->codes) {
        char *codes = zg_atlas_run_option(a, "residential_codes", NULL);
        cst = zg_codes_load(a->ctx, codes ? codes : "tt08_2024", &a->codes);
        if (cst && cst != ZG_ERR_NOMEM)
            cst = zg_codes_load(a->ctx, "tt08_2024", &a->codes);
        zg_free(a->ctx, codes);
    }
    if (cst) {
        zg_free(a->ctx, field);
        return cst;
    }
    /* The dates, in the run's order (encroachment's), label the layers
     * residential_1, _2... */
    sqlite3_stmt *s = NULL, *e = NULL;
    zg_status st = ZG_OK;
    if (zg_rdb_prepare(&a->r, "SELECT role, path, layer FROM run_inputs "
                       "WHERE role GLOB 'residential_[0-9]*' GROUP BY role "
                       "ORDER BY CAST(substr(role, 13) AS INTEGER)", &s)) {
        zg_free(a->ctx, field);
        return ZG_OK;
    }
    if (zg_rdb_has_table(&a->r, "encroachment"))
        zg_rdb_prepare(&a->r, "SELECT epoch FROM encroachment GROUP BY "
                       "epoch ORDER BY min(pk)", &e);
    while (!st && sqlite3_step(s) == SQLITE_ROW &&
           a->nhousing < ATLAS_MAX_DATES) {
        const char *role = (const char *)sqlite3_column_text(s, 0);
        const char *path = (const char *)sqlite3_column_text(s, 1);
        const char *layer = (const char *)sqlite3_column_text(s, 2);
        const char *date = e && sqlite3_step(e) == SQLITE_ROW
                               ? (const char *)sqlite3_column_text(e, 0)
                               : role + 12;
        zg_atlas_src *h = &a->housing[a->nhousing];
        const char *why = NULL;
        st = source_open(a, h, role, path, layer,
                         by_code ? (field ? field : "") : NULL, false, &why);
        if (!st && !why && !(h->label = zg_atlas_text_copy(a->ctx, date)))
            st = zg_nomem(a->ctx, "atlas housing");
        if (!st && why) {
            zg_msg(a->ctx, ZG_MSG_WARNING, "the atlas's proposal pages show "
                   "the housing the results hold, not that of %s: its "
                   "source is %s (%s)", date, why, path);
            a->housing_note = why;
        }
        if (!st && !why)
            a->nhousing++;
    }
    sqlite3_finalize(s);
    sqlite3_finalize(e);
    zg_free(a->ctx, field);
    /* All dates or none: housing of one date alone would pass for all. */
    if (a->housing_note)
        for (int i = 0; i < a->nhousing; i++)
            zg_atlas_source_close(a, &a->housing[i]);
    if (a->housing_note)
        a->nhousing = 0;
    return st;
}

zg_status zg_atlas_sources_open(atlas *a, const zg_atlas_opts *o)
{
    zg_status st = open_parcels(a, o);
    if (!st)
        st = open_housing(a);
    return st;
}

void zg_atlas_sources_close(atlas *a)
{
    zg_atlas_source_close(a, &a->parcels);
    for (int i = 0; i < a->nhousing; i++)
        zg_atlas_source_close(a, &a->housing[i]);
    if (a->codes)
        zg_codes_free(a->codes);
    a->codes = NULL;
    zg_free(a->ctx, a->parcels_missing);
    a->parcels_missing = NULL;
}
