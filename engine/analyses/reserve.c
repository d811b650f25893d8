/* SPDX-License-Identifier: MIT
 *
 * reserve.c: the land still available for industry inside each cluster:
 * the cluster minus housing, water, the other land-use roles marked
 * unbuildable (sensitive receptors by default), and what existing parks
 * already hold. The land-use layer and the latest residential layer are
 * each streamed once against the clusters (stream.c); the free land is a
 * geometric difference, measured on the ellipsoid, and kept as polygons
 * for the reservation map.
 */
#include "../overlay/overlay.h"

#include "analyses_int.h"
#include "../output/table_writer.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_ROLES 12

struct zg_reserve_opts {
    zg_ctx *ctx;
    char *roles[MAX_ROLES]; /* unbuildable roles */
    size_t nroles;
    char *code_field;
    char *resid_code_field; /* the --residential layer is a land-use map */
    char *codes;
    int threads;
    const zg_input_opts *occupied[ZG_RESERVE_MAX_OCCUPIED]; /* borrowed */
    size_t noccupied;
};

typedef struct reserve_row {
    double cluster_m2, resid_m2, water_m2, other_m2, park_m2, occupied_m2,
        free_m2;
    GEOSGeometry *free_ll;
} reserve_row;

struct zg_reserve {
    zg_ctx *ctx;
    const zg_layer *clusters;
    reserve_row *rows;
    zg_layer *sources[2 + ZG_RESERVE_MAX_OCCUPIED];
    char *roles_text;
};

zg_reserve_opts *zg_reserve_opts_new(zg_ctx *ctx)
{
    zg_reserve_opts *o = zg_calloc(ctx, 1, sizeof *o);
    if (!o)
        return NULL;
    o->ctx = ctx;
    o->codes = zg_strdup(ctx, "tt08_2024");
    if (!o->codes || zg_reserve_opts_set_unbuildable(o, "residential,water,"
                                                        "sensitive")) {
        zg_reserve_opts_free(o);
        return NULL;
    }
    return o;
}

void zg_reserve_opts_free(zg_reserve_opts *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->nroles; i++)
        zg_free(o->ctx, o->roles[i]);
    zg_free(o->ctx, o->code_field);
    zg_free(o->ctx, o->resid_code_field);
    zg_free(o->ctx, o->codes);
    zg_free(o->ctx, o);
}

zg_status zg_reserve_opts_set_unbuildable(zg_reserve_opts *o,
                                          const char *roles)
{
    static const char *const KNOWN[] = {
        "residential", "protected_agri", "agri", "industrial", "water",
        "infrastructure", "sensitive", "unused", "other", "unknown", NULL};
    for (size_t i = 0; i < o->nroles; i++)
        zg_free(o->ctx, o->roles[i]);
    o->nroles = 0;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", roles ? roles : "");
    for (char *save = NULL, *r = strtok_r(buf, ",", &save); r;
         r = strtok_r(NULL, ",", &save)) {
        bool known = false;
        for (const char *const *k = KNOWN; *k && !known; k++)
            known = strcmp(*k, r) == 0;
        if (!known || o->nroles == MAX_ROLES)
            return zg_fail(o->ctx, ZG_ERR_USAGE, "unknown land-use role '%s' "
                           "(--unbuildable takes roles such as residential,"
                           "water,sensitive)", r);
        if (!(o->roles[o->nroles] = zg_strdup(o->ctx, r)))
            return zg_nomem(o->ctx, "roles");
        o->nroles++;
    }
    return ZG_OK;
}

zg_status zg_reserve_opts_set_code_field(zg_reserve_opts *o, const char *f)
{
    return zg_opt_string(o->ctx, &o->code_field, f);
}

zg_status zg_reserve_opts_set_residential_code_field(zg_reserve_opts *o,
                                                    const char *f)
{
    return zg_opt_string(o->ctx, &o->resid_code_field, f);
}

zg_status zg_reserve_opts_set_codes(zg_reserve_opts *o, const char *codes)
{
    char *c = zg_strdup(o->ctx, codes ? codes : "tt08_2024");
    if (!c)
        return zg_nomem(o->ctx, "option");
    zg_free(o->ctx, o->codes);
    o->codes = c;
    return ZG_OK;
}

zg_status zg_reserve_opts_set_threads(zg_reserve_opts *o, int threads)
{
    o->threads = threads;
    return ZG_OK;
}

zg_status zg_reserve_opts_add_occupied(zg_reserve_opts *o,
                                       const zg_input_opts *in)
{
    if (o->noccupied == ZG_RESERVE_MAX_OCCUPIED)
        return zg_fail(o->ctx, ZG_ERR_USAGE, "at most %d occupied layers "
                       "(--occupied)", ZG_RESERVE_MAX_OCCUPIED);
    o->occupied[o->noccupied++] = in;
    return ZG_OK;
}

/* ---- code filters ------------------------------------------------------- */

struct role_filter {
    const zg_codes *codes;
    const zg_reserve_opts *o;
    const char *only; /* one role, or NULL for every unbuildable role */
    bool exclude_named; /* with only: every unbuildable role but the
                           residential and water ones */
};

static bool keep_role(const char *code, void *ud)
{
    const struct role_filter *f = ud;
    const char *role = zg_codes_role(f->codes, code);
    if (!role)
        return false;
    if (f->only)
        return strcmp(role, f->only) == 0;
    for (size_t i = 0; i < f->o->nroles; i++)
        if (strcmp(role, f->o->roles[i]) == 0)
            return !f->exclude_named || (strcmp(role, "residential") != 0 &&
                                         strcmp(role, "water") != 0);
    return false;
}

static bool role_listed(const zg_reserve_opts *o, const char *role)
{
    for (size_t i = 0; i < o->nroles; i++)
        if (strcmp(o->roles[i], role) == 0)
            return true;
    return false;
}

/* ---- geometry helpers --------------------------------------------------- */

static double area_ll(zg_ctx *ctx, const GEOSGeometry *g, PJ *to_ll)
{
    if (!g || GEOSisEmpty_r(ctx->geos, g) == 1)
        return 0;
    GEOSGeometry *ll = zg_geom_transform(ctx, g, to_ll, NULL);
    if (!ll)
        return NAN;
    double a = zg_geodesic_area_m2(ctx, ll);
    GEOSGeom_destroy_r(ctx->geos, ll);
    return a;
}

/* *acc = *acc ∪ g (takes g). */
static zg_status absorb(zg_ctx *ctx, GEOSGeometry **acc, GEOSGeometry *g)
{
    if (!g)
        return ZG_OK;
    if (!*acc) {
        *acc = g;
        return ZG_OK;
    }
    GEOSGeometry *u = GEOSUnion_r(ctx->geos, *acc, g);
    GEOSGeom_destroy_r(ctx->geos, g);
    if (!u)
        return zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot union: %s",
                       zg_geos_lastmsg(ctx));
    GEOSGeom_destroy_r(ctx->geos, *acc);
    *acc = u;
    return ZG_OK;
}

/* Does the streamed layer hold anything (of any code) near the clusters?
 * When not, warn: an empty layer, or one of another place, would make
 * every cluster look free. */
static bool covers(zg_ctx *ctx, const zg_stream_result *sr)
{
    if (sr->candidates > 0 || sr->near_dropped > 0)
        return true;
    char *where = zg_layer_label(ctx, sr->source);
    zg_msg(ctx, ZG_MSG_WARNING, "%s has no feature near the clusters: the "
           "free land is not known (left empty)", where ? where : "a layer");
    zg_free(ctx, where);
    return false;
}

static zg_status stream(zg_ctx *ctx, const zg_layer *cl,
                        const zg_input_opts *in, const zg_reserve_opts *o,
                        const char *code_field,
                        bool classify, bool (*keep)(const char *, void *),
                        void *ud, double lo, double hi, zg_stream_result *sr)
{
    const GEOSGeometry **zones = zg_calloc(ctx, cl->n + 1, sizeof *zones);
    if (!zones)
        return zg_nomem(ctx, "zones");
    for (size_t i = 0; i < cl->n; i++)
        zones[i] = cl->feats[i].geom_src;
    zg_stream_opts so = {0};
    so.input = in;
    so.classify = classify;
    so.code_field = code_field;
    so.keep_class = keep;
    so.keep_ud = ud;
    so.threads = o->threads > 0 ? o->threads : zg_default_threads();
    so.cut_crs = &cl->crs;
    so.zones = zones;
    so.nzones = cl->n;
    so.keep_geometry = true;
    so.count_near_dropped = true;
    so.progress_lo = lo;
    so.progress_hi = hi;
    zg_status st = zg_stream_overlay(ctx, &so, sr);
    zg_free(ctx, (void *)zones);
    return st;
}

/* Range of pieces of zone z in a result sorted by zone. */
static void zone_range(const zg_stream_result *sr, size_t z, size_t *p,
                       size_t *first)
{
    *first = *p;
    while (*p < sr->npieces && sr->pieces[*p].zone == z)
        (*p)++;
}

zg_status zg_reserve_compute(zg_ctx *ctx, const zg_layer *cl,
                             const zg_layer *parks,
                             const zg_input_opts *landuse,
                             const zg_input_opts *residential,
                             const zg_reserve_opts *o, zg_reserve **out)
{
    *out = NULL;
    GEOSContextHandle_t h = ctx->geos;
    zg_status cst = zg_layer_check_cuttable(ctx, cl);
    if (!cst)
        cst = zg_layer_check_cuttable(ctx, parks);
    if (cst)
        return cst;
    zg_reserve_opts *own = NULL;
    if (!o && !(o = own = zg_reserve_opts_new(ctx)))
        return zg_nomem(ctx, "options");
    zg_reserve *rv = zg_calloc(ctx, 1, sizeof *rv);
    if (!rv) {
        zg_reserve_opts_free(own);
        return zg_nomem(ctx, "reserve");
    }
    rv->ctx = ctx;
    rv->clusters = cl;
    rv->rows = zg_calloc(ctx, cl->n + 1, sizeof *rv->rows);
    char roles[256] = "";
    for (size_t i = 0; i < o->nroles; i++)
        snprintf(roles + strlen(roles), sizeof roles - strlen(roles), "%s%s",
                 i ? "," : "", o->roles[i]);
    rv->roles_text = zg_strdup(ctx, roles);
    zg_status st = rv->rows && rv->roles_text ? ZG_OK
                                              : zg_nomem(ctx, "reserve");
    PJ *wgs = zg_crs_wgs84_new(ctx);
    PJ *to_ll = wgs ? zg_crs_transform_new(ctx, cl->crs.pj, wgs) : NULL;
    if (!st && !to_ll)
        st = zg_fail(ctx, ZG_ERR_CRS, "no transformation to WGS 84");
    /* What is not free, per cluster, in the clusters' CRS. */
    GEOSGeometry **blocked = zg_calloc(ctx, cl->n + 1, sizeof *blocked);
    GEOSGeometry **housing = zg_calloc(ctx, cl->n + 1, sizeof *housing);
    if (!st && (!blocked || !housing))
        st = zg_nomem(ctx, "reserve");

    /* Layers that saw nothing of the clusters. */
    bool lu_blind = false, res_blind = false, occ_blind = false;
    GEOSGeometry **occupied = zg_calloc(ctx, cl->n + 1, sizeof *occupied);
    if (!st && !occupied)
        st = zg_nomem(ctx, "reserve");
    zg_codes *codes = NULL;
    if (!st && (landuse || (residential && o->resid_code_field)))
        st = zg_codes_load(ctx, o->codes, &codes);
    if (!st && landuse) {
        struct role_filter all = {codes, o, NULL, false};
        zg_stream_result sr;
        st = stream(ctx, cl, landuse, o, o->code_field, true, keep_role,
                    &all, 0, 0.5, &sr);
        if (!st && !covers(ctx, &sr))
            lu_blind = true;
        size_t p = 0;
        for (size_t z = 0; !st && z < cl->n; z++) {
            size_t first;
            zone_range(&sr, z, &p, &first);
            struct role_filter fr = {codes, o, "residential", false};
            struct role_filter fw = {codes, o, "water", false};
            struct role_filter fo = {codes, o, NULL, true};
            GEOSGeometry *ur = NULL, *uw = NULL, *uo = NULL;
            if (role_listed(o, "residential"))
                st = zg_stream_union(ctx, &sr, first, p, keep_role, &fr, &ur);
            if (!st && role_listed(o, "water"))
                st = zg_stream_union(ctx, &sr, first, p, keep_role, &fw, &uw);
            if (!st)
                st = zg_stream_union(ctx, &sr, first, p, keep_role, &fo, &uo);
            if (!st && ur && !(housing[z] = GEOSGeom_clone_r(h, ur)))
                st = zg_nomem(ctx, "reserve");
            rv->rows[z].water_m2 = area_ll(ctx, uw, to_ll);
            rv->rows[z].other_m2 = area_ll(ctx, uo, to_ll);
            if (!st)
                st = absorb(ctx, &blocked[z], ur);
            else if (ur)
                GEOSGeom_destroy_r(h, ur);
            if (!st)
                st = absorb(ctx, &blocked[z], uw);
            else if (uw)
                GEOSGeom_destroy_r(h, uw);
            if (!st)
                st = absorb(ctx, &blocked[z], uo);
            else if (uo)
                GEOSGeom_destroy_r(h, uo);
        }
        if (!st) {
            rv->sources[0] = sr.source;
            sr.source = NULL;
        }
        zg_stream_result_clear(ctx, &sr);
    }
    if (!st && residential) {
        zg_stream_result sr;
        /* Footprints are housing as they stand; a land-use map as
         * --residential counts through its residential codes. */
        struct role_filter fr = {codes, o, "residential", false};
        bool map = o->resid_code_field != NULL;
        st = stream(ctx, cl, residential, o, o->resid_code_field, map,
                    map ? keep_role : NULL, map ? &fr : NULL, 0.5, 0.9, &sr);
        if (!st && !covers(ctx, &sr))
            res_blind = true;
        size_t p = 0;
        for (size_t z = 0; !st && z < cl->n; z++) {
            size_t first;
            zone_range(&sr, z, &p, &first);
            GEOSGeometry *u = NULL, *u2 = NULL;
            st = zg_stream_union(ctx, &sr, first, p, NULL, NULL, &u);
            /* Housing from footprints and from the land-use map together,
             * counted once. */
            if (!st && u && !(u2 = GEOSGeom_clone_r(h, u)))
                st = zg_nomem(ctx, "reserve");
            if (!st)
                st = absorb(ctx, &housing[z], u2);
            else if (u2)
                GEOSGeom_destroy_r(h, u2);
            if (!st)
                st = absorb(ctx, &blocked[z], u);
            else if (u)
                GEOSGeom_destroy_r(h, u);
        }
        if (!st) {
            rv->sources[1] = sr.source;
            sr.source = NULL;
        }
        zg_stream_result_clear(ctx, &sr);
    }
    /* Occupied land: building footprints of any kind, leased plots. Every
     * feature holds its ground, whatever its attributes. */
    for (size_t k = 0; !st && k < o->noccupied; k++) {
        zg_stream_result sr;
        st = stream(ctx, cl, o->occupied[k], o, NULL, false, NULL, NULL,
                    0.9, 0.95, &sr);
        if (!st && !covers(ctx, &sr))
            occ_blind = true; /* no evidence of what is free */
        size_t p = 0;
        for (size_t z = 0; !st && z < cl->n; z++) {
            size_t first;
            zone_range(&sr, z, &p, &first);
            GEOSGeometry *u = NULL;
            st = zg_stream_union(ctx, &sr, first, p, NULL, NULL, &u);
            if (!st)
                st = absorb(ctx, &occupied[z], u);
            else if (u)
                GEOSGeom_destroy_r(h, u);
        }
        if (!st) {
            rv->sources[2 + k] = sr.source;
            sr.source = NULL;
        }
        zg_stream_result_clear(ctx, &sr);
    }
    for (size_t z = 0; !st && z < cl->n; z++) {
        rv->rows[z].occupied_m2 = o->noccupied ? area_ll(ctx, occupied[z],
                                                         to_ll)
                                               : NAN;
        GEOSGeometry *c = occupied[z] ? GEOSGeom_clone_r(h, occupied[z])
                                      : NULL;
        if (occupied[z] && !c)
            st = zg_nomem(ctx, "reserve");
        else
            st = absorb(ctx, &blocked[z], c);
    }
    /* Parks: what they already hold inside the cluster. */
    if (!st && parks) {
        bool same = proj_is_equivalent_to_with_ctx(
            ctx->pj, parks->crs.pj, cl->crs.pj, PJ_COMP_EQUIVALENT);
        PJ *tr = same ? NULL : zg_crs_transform_new(ctx, parks->crs.pj,
                                                    cl->crs.pj);
        if (!same && !tr)
            st = zg_fail(ctx, ZG_ERR_CRS, "no transformation from %s to %s",
                         parks->crs.label, cl->crs.label);
        for (size_t j = 0; !st && j < parks->n; j++) {
            GEOSGeometry *g = tr ? zg_geom_transform(ctx,
                                                     parks->feats[j].geom_src,
                                                     tr, NULL)
                                 : GEOSGeom_clone_r(h,
                                                    parks->feats[j].geom_src);
            if (!g) {
                st = zg_fail(ctx, ZG_ERR_CRS, "park %s cannot be "
                             "transformed", parks->feats[j].id);
                break;
            }
            for (size_t z = 0; !st && z < cl->n; z++) {
                if (GEOSRelatePattern_r(h, cl->feats[z].geom_src, g,
                                        "T********") != 1)
                    continue;
                GEOSGeometry *x = GEOSIntersection_r(h, cl->feats[z].geom_src,
                                                     g);
                GEOSGeometry *xp = NULL;
                if (!x)
                    st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS: %s",
                                 zg_geos_lastmsg(ctx));
                else {
                    st = zg_geom_polygonal_parts(ctx, x, &xp);
                    GEOSGeom_destroy_r(h, x);
                }
                if (!st && xp) {
                    rv->rows[z].park_m2 += area_ll(ctx, xp, to_ll);
                    st = absorb(ctx, &blocked[z], xp);
                }
            }
            GEOSGeom_destroy_r(h, g);
        }
        proj_destroy(tr);
    }
    /* Free land = cluster - blocked; unknown when a layer it rests on
     * saw nothing of the clusters. */
    for (size_t z = 0; !st && z < cl->n; z++) {
        reserve_row *r = &rv->rows[z];
        r->resid_m2 = area_ll(ctx, housing[z], to_ll);
        r->cluster_m2 = zg_geodesic_area_m2(ctx, cl->feats[z].geom_ll);
        if (lu_blind)
            r->water_m2 = r->other_m2 = NAN;
        if (lu_blind || res_blind)
            r->resid_m2 = NAN;
        if (occ_blind)
            r->occupied_m2 = NAN;
        if (lu_blind || res_blind || occ_blind) {
            r->free_m2 = NAN;
            continue;
        }
        GEOSGeometry *free_cut = blocked[z]
            ? GEOSDifference_r(h, cl->feats[z].geom_src, blocked[z])
            : GEOSGeom_clone_r(h, cl->feats[z].geom_src);
        GEOSGeometry *fp = NULL;
        if (!free_cut) {
            st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot subtract from "
                         "cluster %s: %s", cl->feats[z].id,
                         zg_geos_lastmsg(ctx));
            break;
        }
        st = zg_geom_polygonal_parts(ctx, free_cut, &fp);
        GEOSGeom_destroy_r(h, free_cut);
        if (!st && fp) {
            r->free_ll = zg_geom_transform(ctx, fp, to_ll, NULL);
            GEOSGeom_destroy_r(h, fp);
            if (!r->free_ll)
                st = zg_fail(ctx, ZG_ERR_CRS, "free land cannot be "
                             "transformed to WGS 84");
            else
                r->free_m2 = zg_geodesic_area_m2(ctx, r->free_ll);
        }
    }
    for (size_t z = 0; blocked && z < cl->n; z++)
        if (blocked[z])
            GEOSGeom_destroy_r(h, blocked[z]);
    for (size_t z = 0; housing && z < cl->n; z++)
        if (housing[z])
            GEOSGeom_destroy_r(h, housing[z]);
    for (size_t z = 0; occupied && z < cl->n; z++)
        if (occupied[z])
            GEOSGeom_destroy_r(h, occupied[z]);
    zg_free(ctx, blocked);
    zg_free(ctx, housing);
    zg_free(ctx, occupied);
    zg_codes_free(codes);
    proj_destroy(to_ll);
    proj_destroy(wgs);
    zg_reserve_opts_free(own);
    if (st) {
        zg_reserve_free(rv);
        return st;
    }
    *out = rv;
    return zg_progress(ctx, 0, 1, 1.0, "reserve");
}

void zg_reserve_free(zg_reserve *rv)
{
    if (!rv)
        return;
    zg_ctx *ctx = rv->ctx;
    for (size_t z = 0; rv->rows && z < rv->clusters->n; z++)
        if (rv->rows[z].free_ll)
            GEOSGeom_destroy_r(ctx->geos, rv->rows[z].free_ll);
    zg_free(ctx, rv->rows);
    for (size_t i = 0; i < sizeof rv->sources / sizeof *rv->sources; i++)
        zg_layer_free(rv->sources[i]);
    zg_free(ctx, rv->roles_text);
    zg_free(ctx, rv);
}

double zg_reserve_free_m2(const zg_reserve *rv, size_t cluster)
{
    return rv && cluster < rv->clusters->n ? rv->rows[cluster].free_m2 : NAN;
}

/* ---- output ------------------------------------------------------------- */

static const zg_col R_COLS[] = {
    {"fid", ZG_COL_INT},             {"cluster_id", ZG_COL_TEXT},
    {"name", ZG_COL_TEXT},           {"cluster_ha", ZG_COL_REAL},
    {"residential_ha", ZG_COL_REAL}, {"water_ha", ZG_COL_REAL},
    {"other_unbuildable_ha", ZG_COL_REAL}, {"park_ha", ZG_COL_REAL},
    {"occupied_ha", ZG_COL_REAL},
    {"free_ha", ZG_COL_REAL},        {"free_pct", ZG_COL_REAL}};

static zg_status r_row(void *ud, size_t i, zg_cell *c, const GEOSGeometry **g)
{
    const zg_reserve *rv = ud;
    const reserve_row *r = &rv->rows[i];
    c[0].i = (long long)i + 1;
    c[1].s = rv->clusters->feats[i].id;
    c[2].s = rv->clusters->feats[i].name;
    c[3].d = r->cluster_m2 / 1e4;
    c[4].d = r->resid_m2 / 1e4;
    c[5].d = r->water_m2 / 1e4;
    c[6].d = r->other_m2 / 1e4;
    c[7].d = r->park_m2 / 1e4;
    c[8].d = r->occupied_m2 / 1e4;
    c[9].d = r->free_m2 / 1e4;
    c[10].d = r->cluster_m2 > 0 ? 100.0 * r->free_m2 / r->cluster_m2 : NAN;
    *g = r->free_ll;
    return ZG_OK;
}

zg_status zg_output_write_reserve(zg_output *out, const zg_reserve *rv)
{
    zg_status st = ZG_OK;
    for (size_t i = 0; i < sizeof rv->sources / sizeof *rv->sources && !st;
         i++)
        if (rv->sources[i])
            st = zg_output_add_input(out, rv->sources[i]);
    zg_table t = {"reserve", R_COLS, sizeof R_COLS / sizeof *R_COLS,
                  rv->clusters->n, true, "MULTIPOLYGON", r_row, (void *)rv};
    if (!st)
        st = zg_table_write_sqlite(out, &t);
    if (!st) {
        char *opt = zg_asprintf(out->ctx, " unbuildable=%s", rv->roles_text);
        st = opt ? zg_output_append_options(out, opt)
                 : zg_nomem(out->ctx, "options");
        zg_free(out->ctx, opt);
    }
    return st;
}

zg_status zg_write_reserve_geojson(zg_ctx *ctx, const char *path,
                                   unsigned flags, const zg_reserve *rv)
{
    zg_table t = {"reserve", R_COLS, sizeof R_COLS / sizeof *R_COLS,
                  rv->clusters->n, true, "MULTIPOLYGON", r_row, (void *)rv};
    return zg_table_write_geojson(ctx, path, flags, &t);
}
