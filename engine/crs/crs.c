/* SPDX-License-Identifier: MIT
 *
 * crs.c: turn what a source declares (WKT from GDAL, or the user's
 * --s-srs) into a PROJ CRS we can trust, and build transformations.
 *
 * Two traps of Vietnamese data are handled here:
 *  - A .prj written by desktop software often carries no EPSG code. If
 *    PROJ cannot tie its datum to VN-2000, a transformation to WGS 84
 *    silently falls back to a "ballpark" null shift, 224 m off at Hanoi.
 *    So when PROJ identifies the CRS with an EPSG entry at high confidence
 *    we transform from that entry, whose datum PROJ knows (EPSG:6960).
 *  - The deprecated EPSG:6956-6959 ("VN-2000 / TM-3 zone 481" etc.) carry
 *    swapped false easting and northing. Old .prj files still name them.
 *    They are read as their replacements 5896-5899, and the switch is
 *    logged.
 */
#include "crs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The code that replaces a deprecated VN-2000 TM-3 code, or 0. */
static int vn2000_replacement(int code)
{
    if (code >= 6956 && code <= 6959)
        return code - 6956 + 5896;
    return 0;
}

static bool type_is_geographic(PJ_TYPE t)
{
    return t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS ||
           t == PJ_TYPE_GEOGRAPHIC_CRS;
}

/* Is the horizontal part of crs geographic (lon/lat in degrees)? */
static bool crs_is_geographic(zg_ctx *ctx, const PJ *crs)
{
    PJ_TYPE t = proj_get_type(crs);
    if (t == PJ_TYPE_BOUND_CRS) {
        PJ *src = proj_get_source_crs(ctx->pj, crs);
        bool g = src && crs_is_geographic(ctx, src);
        proj_destroy(src);
        return g;
    }
    if (t == PJ_TYPE_COMPOUND_CRS) {
        PJ *h = proj_crs_get_sub_crs(ctx->pj, crs, 0);
        bool g = h && crs_is_geographic(ctx, h);
        proj_destroy(h);
        return g;
    }
    return type_is_geographic(t);
}

/* The EPSG code of crs: its own identifier, else the best identification
 * of confidence >= 90. 0 when none. */
static int epsg_code_of(zg_ctx *ctx, const PJ *crs)
{
    const char *auth = proj_get_id_auth_name(crs, 0);
    const char *code = proj_get_id_code(crs, 0);
    if (auth && code && strcmp(auth, "EPSG") == 0)
        return atoi(code);
    int *confidence = NULL;
    PJ_OBJ_LIST *list = proj_identify(ctx->pj, crs, "EPSG", NULL,
                                      &confidence);
    int found = 0;
    if (list && proj_list_get_count(list) > 0 && confidence &&
        confidence[0] >= 90) {
        /* Only take an unambiguous best match. */
        if (proj_list_get_count(list) == 1 || confidence[1] < confidence[0]) {
            PJ *best = proj_list_get(ctx->pj, list, 0);
            const char *c = best ? proj_get_id_code(best, 0) : NULL;
            if (c)
                found = atoi(c);
            proj_destroy(best);
        }
    }
    proj_int_list_destroy(confidence);
    proj_list_destroy(list);
    return found;
}

static zg_status resolve(zg_ctx *ctx, PJ *pj, const char *what,
                         zg_crs *out)
{
    memset(out, 0, sizeof *out);
    if (!proj_is_crs(pj)) {
        proj_destroy(pj);
        return zg_fail(ctx, ZG_ERR_CRS, "%s is not a coordinate reference "
                       "system", what);
    }
    int code = epsg_code_of(ctx, pj);
    int repl = vn2000_replacement(code);
    char note[256] = "";
    if (repl) {
        snprintf(note, sizeof note, "deprecated EPSG:%d (false easting and "
                 "northing swapped) read as EPSG:%d", code, repl);
        code = repl;
    }
    if (code > 0) {
        char buf[32];
        snprintf(buf, sizeof buf, "EPSG:%d", code);
        PJ *std = proj_create(ctx->pj, buf);
        if (std && proj_is_crs(std)) {
            proj_destroy(pj);
            pj = std;
        } else {
            proj_destroy(std);
        }
        out->label = zg_strdup(ctx, buf);
    } else {
        const char *name = proj_get_name(pj);
        out->label = zg_strdup(ctx, name ? name : "unnamed CRS");
    }
    out->remap_note = note[0] ? zg_strdup(ctx, note) : NULL;
    out->pj = pj;
    out->geographic = crs_is_geographic(ctx, pj);
    if (!out->label || (note[0] && !out->remap_note)) {
        zg_crs_clear(ctx, out);
        return zg_nomem(ctx, "CRS label");
    }
    return ZG_OK;
}

zg_status zg_crs_from_user(zg_ctx *ctx, const char *text, zg_crs *out)
{
    zg_libmsg_clear(ctx);
    PJ *pj = proj_create(ctx->pj, text);
    if (!pj) {
        memset(out, 0, sizeof *out);
        return zg_fail(ctx, ZG_ERR_CRS, "unknown CRS '%s' (%s)", text,
                       zg_proj_lastmsg(ctx)[0] ? zg_proj_lastmsg(ctx)
                                               : "PROJ cannot parse it");
    }
    char what[300];
    snprintf(what, sizeof what, "'%.250s'", text);
    return resolve(ctx, pj, what, out);
}

zg_status zg_crs_from_wkt(zg_ctx *ctx, const char *wkt, zg_crs *out)
{
    zg_libmsg_clear(ctx);
    PJ *pj = proj_create(ctx->pj, wkt);
    if (!pj) {
        memset(out, 0, sizeof *out);
        return zg_fail(ctx, ZG_ERR_CRS, "the source's CRS cannot be read "
                       "by PROJ (%s)", zg_proj_lastmsg(ctx));
    }
    return resolve(ctx, pj, "the source's CRS", out);
}

void zg_crs_clear(zg_ctx *ctx, zg_crs *crs)
{
    if (!crs)
        return;
    proj_destroy(crs->pj);
    zg_free(ctx, crs->label);
    zg_free(ctx, crs->remap_note);
    memset(crs, 0, sizeof *crs);
}

PJ *zg_crs_wgs84_new(zg_ctx *ctx)
{
    return proj_create(ctx->pj, "EPSG:4326");
}

PJ *zg_crs_transform_new(zg_ctx *ctx, const PJ *src, const PJ *dst)
{
    zg_libmsg_clear(ctx);
    /* Asking PROJ's database costs about 20 ms, and a land-use run asks
     * for the clusters' CRS to WGS 84 three times (ingest, overlay, post
     * phase): the context remembers what it asked for, and hands out
     * clones (a fortieth of the cost, the same operation). */
    for (int i = 0; i < ctx->nxform_memo; i++) {
        struct zg_xform_memo *m = &ctx->xform_memo[i];
        if (proj_is_equivalent_to_with_ctx(ctx->pj, m->src, src,
                                           PJ_COMP_STRICT) &&
            proj_is_equivalent_to_with_ctx(ctx->pj, m->dst, dst,
                                           PJ_COMP_STRICT))
            return proj_clone(ctx->pj, m->op);
    }
    PJ *op = proj_create_crs_to_crs_from_pj(ctx->pj, src, dst, NULL, NULL);
    if (!op)
        return NULL;
    /* EPSG:4326 is latitude first; GEOS and GeoJSON want x = longitude. */
    PJ *norm = proj_normalize_for_visualization(ctx->pj, op);
    proj_destroy(op);
    int n = ctx->nxform_memo;
    if (norm && n < (int)(sizeof ctx->xform_memo / sizeof *ctx->xform_memo)) {
        struct zg_xform_memo *m = &ctx->xform_memo[n];
        m->src = proj_clone(ctx->pj, src);
        m->dst = proj_clone(ctx->pj, dst);
        m->op = proj_clone(ctx->pj, norm);
        if (m->src && m->dst && m->op) {
            ctx->nxform_memo++;
        } else { /* no memory to remember it: no matter */
            proj_destroy(m->src);
            proj_destroy(m->dst);
            proj_destroy(m->op);
            memset(m, 0, sizeof *m);
        }
    }
    return norm;
}

/* ---- transforming GEOS geometries -------------------------------------- */

struct xform_ud {
    PJ *tr;
    bool failed;
    double bad_xy[2];
};

static int xform_point(double *x, double *y, void *userdata)
{
    struct xform_ud *u = userdata;
    PJ_COORD c = proj_coord(*x, *y, 0, HUGE_VAL);
    PJ_COORD r = proj_trans(u->tr, PJ_FWD, c);
    if (!isfinite(r.xy.x) || !isfinite(r.xy.y) || r.xy.x == HUGE_VAL) {
        if (!u->failed) {
            u->bad_xy[0] = *x;
            u->bad_xy[1] = *y;
        }
        u->failed = true;
        return 0;
    }
    *x = r.xy.x;
    *y = r.xy.y;
    return 1;
}

GEOSGeometry *zg_geom_transform(zg_ctx *ctx, const GEOSGeometry *g, PJ *tr,
                                double bad_xy[2])
{
    struct xform_ud u = {tr, false, {NAN, NAN}};
    proj_errno_reset(tr);
    GEOSGeometry *r = GEOSGeom_transformXY_r(ctx->geos, g, xform_point, &u);
    if (u.failed) {
        if (r)
            GEOSGeom_destroy_r(ctx->geos, r);
        r = NULL;
    }
    if (bad_xy) {
        bad_xy[0] = u.bad_xy[0];
        bad_xy[1] = u.bad_xy[1];
    }
    return r;
}
