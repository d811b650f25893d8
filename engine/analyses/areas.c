/* SPDX-License-Identifier: MIT
 *
 * areas.c: how large each cluster really is.
 *
 * area_ha is the ellipsoidal area on WGS 84 (VN-2000's ellipsoid too) of
 * the polygon whose vertices are the input's, measured with geod_polygon;
 * area_plane_ha is the shoelace area after transforming the vertices to the
 * official plane (EPSG:5897, VN-2000 / TM-3 105°, by default). The plane
 * transformation goes from the source CRS directly, not via WGS 84, so
 * data already in the plane is measured on its own coordinates.
 */
#include "../core/zg_int.h"
#include "analyses_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

zg_areas_opts *zg_areas_opts_new(zg_ctx *ctx)
{
    zg_areas_opts *o = zg_calloc(ctx, 1, sizeof *o);
    if (!o)
        return NULL;
    o->ctx = ctx;
    o->plane_crs = zg_strdup(ctx, ZG_DEFAULT_PLANE_CRS);
    if (!o->plane_crs) {
        zg_free(ctx, o);
        return NULL;
    }
    return o;
}

void zg_areas_opts_free(zg_areas_opts *o)
{
    if (!o)
        return;
    zg_free(o->ctx, o->plane_crs);
    zg_free(o->ctx, o->declared_field);
    zg_free(o->ctx, o);
}

zg_status zg_areas_opts_set_plane_crs(zg_areas_opts *o, const char *crs)
{
    char *c = zg_strdup(o->ctx, crs ? crs : ZG_DEFAULT_PLANE_CRS);
    if (!c)
        return zg_nomem(o->ctx, "option");
    zg_free(o->ctx, o->plane_crs);
    o->plane_crs = c;
    return ZG_OK;
}

zg_status zg_areas_opts_set_declared_field(zg_areas_opts *o,
                                           const char *field)
{
    char *c = NULL;
    if (field && !(c = zg_strdup(o->ctx, field)))
        return zg_nomem(o->ctx, "option");
    zg_free(o->ctx, o->declared_field);
    o->declared_field = c;
    return ZG_OK;
}

zg_status zg_plane_crs_resolve(zg_ctx *ctx, const char *text, zg_crs *out)
{
    zg_status st = zg_crs_from_user(ctx, text, out);
    if (st)
        return st;
    if (out->geographic) {
        zg_crs_clear(ctx, out);
        return zg_fail(ctx, ZG_ERR_CRS, "the plane CRS must be projected "
                       "(metres), '%s' is geographic (setting 'plane_crs')", text);
    }
    return ZG_OK;
}

/* The most a plane's areas may part from the ellipsoid's before it is
 * warned of. */
#define ZG_PLANE_EQUAL_AREA_REL 1e-3

/* Declared area of feature f from field idx, in ha; NaN when absent or
 * unreadable, and then *why says what is wrong (else NULL). */
static double declared_value(const zg_layer *layer, const zg_feature *f,
                             int idx, const char **why)
{
    *why = NULL;
    if (idx < 0)
        return NAN;
    const zg_value *v = &f->values[idx];
    if (v->is_null)
        return NAN;
    switch (layer->fields[idx].kind) {
    case ZG_FIELD_INT:
        return (double)v->i;
    case ZG_FIELD_REAL:
        if (!isfinite(v->d))
            *why = "not a finite number";
        return isfinite(v->d) ? v->d : NAN;
    case ZG_FIELD_TEXT: {
        /* Registers write "12,5" and "1.234,5" as often as "12.5". */
        double d;
        *why = zg_parse_decimal(v->s, &d);
        return d;
    }
    }
    return NAN;
}

/* Is the feature inside the plane CRS's area of use (with a margin of
 * 1°)? Far outside it, a transverse Mercator plane distorts areas badly
 * (Canada in EPSG:5897 comes out 28 % too large). */
bool zg_plane_area_of_use(zg_ctx *ctx, const zg_crs *plane, double aou[4])
{
    return proj_get_area_of_use(ctx->pj, plane->pj, &aou[0], &aou[1],
                                &aou[2], &aou[3], NULL) &&
           aou[0] > -1000;
}

bool zg_inside_area_of_use(zg_ctx *ctx, const GEOSGeometry *g_ll,
                           const double aou[4])
{
    double xmin, ymin, xmax, ymax;
    if (!GEOSGeom_getXMin_r(ctx->geos, g_ll, &xmin) ||
        !GEOSGeom_getYMin_r(ctx->geos, g_ll, &ymin) ||
        !GEOSGeom_getXMax_r(ctx->geos, g_ll, &xmax) ||
        !GEOSGeom_getYMax_r(ctx->geos, g_ll, &ymax))
        return true;
    return xmin >= aou[0] - 1 && ymin >= aou[1] - 1 && xmax <= aou[2] + 1 &&
           ymax <= aou[3] + 1;
}

zg_status zg_areas_compute(zg_ctx *ctx, const zg_layer *layer,
                           const zg_areas_opts *o, zg_areas **out)
{
    *out = NULL;
    zg_areas_opts *own = NULL;
    if (!o) {
        own = zg_areas_opts_new(ctx);
        if (!own)
            return zg_nomem(ctx, "areas options");
        o = own;
    }
    zg_status st = ZG_OK;
    zg_areas *a = zg_calloc(ctx, 1, sizeof *a);
    if (!a) {
        zg_areas_opts_free(own);
        return zg_nomem(ctx, "areas");
    }
    a->ctx = ctx;
    a->n = layer->n;
    a->declared_idx = -1;
    a->ellipsoidal_m2 = zg_calloc(ctx, layer->n + 1, sizeof(double));
    a->plane_m2 = zg_calloc(ctx, layer->n + 1, sizeof(double));
    a->declared_ha = zg_calloc(ctx, layer->n + 1, sizeof(double));
    a->plane_crs = zg_strdup(ctx, o->plane_crs);
    if (!a->ellipsoidal_m2 || !a->plane_m2 || !a->declared_ha ||
        !a->plane_crs)
        st = zg_nomem(ctx, "areas");

    if (!st && o->declared_field) {
        for (size_t i = 0; i < layer->nfields; i++)
            if (zg_streq_nocase(layer->fields[i].name, o->declared_field))
                a->declared_idx = (int)i;
        if (a->declared_idx < 0)
            st = zg_fail(ctx, ZG_ERR_USAGE, "no field '%s' for the declared "
                         "area (setting 'declared_field') (%s, layer %s)",
                         o->declared_field, layer->path, layer->layer_name);
        else if (!(a->declared_field = zg_strdup(ctx,
                       layer->fields[a->declared_idx].name)))
            st = zg_nomem(ctx, "areas");
    }

    zg_crs plane = {0};
    PJ *to_plane = NULL;
    if (!st)
        st = zg_plane_crs_resolve(ctx, o->plane_crs, &plane);
    if (!st) {
        zg_free(ctx, a->plane_crs);
        a->plane_crs = zg_strdup(ctx, plane.label);
        to_plane = zg_crs_transform_new(ctx, layer->crs.pj, plane.pj);
        if (!a->plane_crs)
            st = zg_nomem(ctx, "areas");
        else if (!to_plane)
            st = zg_fail(ctx, ZG_ERR_CRS, "no transformation from %s to the "
                         "plane %s: %s", layer->crs.label, plane.label,
                         zg_proj_lastmsg(ctx));
    }
    double aou[4];
    bool has_aou = !st && zg_plane_area_of_use(ctx, &plane, aou);
    char *where = st ? NULL : zg_layer_label(ctx, layer);
    if (!st && !where)
        st = zg_nomem(ctx, "areas");
    for (size_t i = 0; !st && i < layer->n; i++) {
        const zg_feature *f = &layer->feats[i];
        if (has_aou && !zg_inside_area_of_use(ctx, f->geom_ll, aou)) {
            char problem[256];
            snprintf(problem, sizeof problem, "outside the area of use of "
                     "the plane %s (%.2f..%.2f E, %.2f..%.2f N)",
                     plane.label, aou[0], aou[2], aou[1], aou[3]);
            st = zg_qa_add(ctx, &a->qa, where, f->id, problem,
                           "area_plane_ha distorted: choose another plane "
                           "(setting 'plane_crs')",
                           NAN, NAN);
            if (st)
                break;
        }
        a->ellipsoidal_m2[i] = zg_geodesic_area_m2(ctx, f->geom_ll);
        a->plane_m2[i] = zg_planar_area_m2(ctx, f->geom_src, to_plane);
        /* NaN: PROJ could not transform a vertex; infinite: vertices so
         * far from the plane's meridian that the shoelace overflows
         * (found by fuzzing). Neither is an area. */
        if (!isfinite(a->plane_m2[i]))
            st = zg_fail(ctx, ZG_ERR_CRS, "a vertex cannot be transformed to "
                         "the plane %s (%s, layer %s, feature %s)",
                         plane.label, layer->path, layer->layer_name, f->id);
        const char *why = NULL;
        a->declared_ha[i] = declared_value(layer, f, a->declared_idx, &why);
        if (!st && why) {
            /* Never another number than the one written: log it. */
            const zg_value *v = &f->values[a->declared_idx];
            char vb[ZG_CLIP_BUF], problem[256];
            snprintf(problem, sizeof problem, "declared area '%s' in field "
                     "%s cannot be read: %s",
                     layer->fields[a->declared_idx].kind == ZG_FIELD_TEXT
                         ? zg_clip(v->s, vb, sizeof vb) : "(number)",
                     a->declared_field, why);
            st = zg_qa_add(ctx, &a->qa, where, f->id, problem,
                           "declared_ha left empty", NAN, NAN);
        }
        if (!st && i % 256 == 0)
            st = zg_progress(ctx, 0, 1, (double)i / (double)layer->n,
                             "measure");
    }
    /* A plane that is not (nearly) equal-area here makes area_plane_ha
     * no official figure: Web Mercator at 21° N overstates by 14.9 %,
     * UTM 48N by under 0.1 %, EPSG:5897 by 0.02 %. */
    double sum_plane = 0, sum_ell = 0;
    for (size_t i = 0; !st && i < layer->n; i++) {
        sum_plane += a->plane_m2[i];
        sum_ell += a->ellipsoidal_m2[i];
    }
    double excess = sum_ell > 0 ? sum_plane / sum_ell - 1 : 0;
    if (!st && fabs(excess) > ZG_PLANE_EQUAL_AREA_REL) {
        char problem[256];
        snprintf(problem, sizeof problem, "the plane %s is not equal-area "
                 "here: its areas are %+.2f %% of the ellipsoid's (more than "
                 "%g)", plane.label, 100 * excess, ZG_PLANE_EQUAL_AREA_REL);
        zg_msg(ctx, ZG_MSG_WARNING, "%s (%s): area_plane_ha is no official "
               "figure; choose another plane (setting 'plane_crs'; "
               "default %s)", problem, where,
               ZG_DEFAULT_PLANE_CRS);
        st = zg_qa_add(ctx, &a->qa, where, "", problem,
                       "area_plane_ha kept as measured: choose another "
                       "plane (setting 'plane_crs')",
                       NAN, NAN);
    }
    zg_free(ctx, where);
    proj_destroy(to_plane);
    zg_crs_clear(ctx, &plane);
    zg_areas_opts_free(own);
    if (st) {
        zg_areas_free(a);
        return st;
    }
    *out = a;
    return zg_progress(ctx, 0, 1, 1.0, "measure");
}

void zg_areas_free(zg_areas *a)
{
    if (!a)
        return;
    zg_ctx *ctx = a->ctx;
    zg_free(ctx, a->ellipsoidal_m2);
    zg_free(ctx, a->plane_m2);
    zg_free(ctx, a->declared_ha);
    zg_free(ctx, a->plane_crs);
    zg_free(ctx, a->declared_field);
    zg_qa_clear(ctx, &a->qa);
    zg_free(ctx, a);
}

double zg_areas_ellipsoidal_m2(const zg_areas *a, size_t i)
{
    return a && i < a->n ? a->ellipsoidal_m2[i] : NAN;
}

double zg_areas_plane_m2(const zg_areas *a, size_t i)
{
    return a && i < a->n ? a->plane_m2[i] : NAN;
}

double zg_areas_declared_ha(const zg_areas *a, size_t i)
{
    return a && i < a->n ? a->declared_ha[i] : NAN;
}
