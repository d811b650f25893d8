/* SPDX-License-Identifier: MIT
 *
 * cuttable.c: refuse a layer whose features an overlay cannot cut straight
 * (geom/span.c says which boxes those are). It reads io's layer, so it
 * sits above io, not in geom below it.
 */
#include "overlay.h"

zg_status zg_layer_check_cuttable(zg_ctx *ctx, const zg_layer *l)
{
    GEOSContextHandle_t h = ctx->geos;
    for (size_t i = 0; l && i < l->n; i++) {
        const zg_feature *f = &l->feats[i];
        double b[2][4];
        const GEOSGeometry *g[2] = {f->geom_src, f->geom_ll};
        bool have[2] = {false, false};
        for (int k = 0; k < 2; k++)
            have[k] = g[k] && GEOSisEmpty_r(h, g[k]) == 0 &&
                      GEOSGeom_getExtent_r(h, g[k], &b[k][0], &b[k][1],
                                           &b[k][2], &b[k][3]);
        char why[256];
        /* In its own degrees first (a longitude of 181° is there alone),
         * then in WGS 84's, which any CRS reaches. */
        bool bad = (l->crs.geographic && have[0] &&
                    zg_span_problem_deg(b[0][0], b[0][1], b[0][2], b[0][3],
                                        why, sizeof why)) ||
                   (have[1] &&
                    zg_span_problem_deg(b[1][0], b[1][1], b[1][2], b[1][3],
                                        why, sizeof why));
        if (bad)
            return zg_fail(ctx, ZG_ERR_GEOM, "%s: split it, or draw it in "
                           "a CRS where it is small (%s, layer %s, feature "
                           "%s)", why, l->path, l->layer_name, f->id);
    }
    return ZG_OK;
}
