/* SPDX-License-Identifier: MIT
 *
 * fuzz_ingest.h: what the two ingest targets (GeoJSON, shapefile) share:
 * GDAL set up once, files in GDAL's memory file system, and the checks on
 * a layer that zg_layer_read returned and on its areas.
 */
#ifndef ZG_FUZZ_INGEST_H
#define ZG_FUZZ_INGEST_H

#include "fuzz_common.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <math.h>

/* Register GDAL's drivers once, and keep GDAL quiet outside zoneguard's
 * calls (inside them zoneguard's own handler takes the messages). */
static inline void fuzz_gdal_init(void)
{
    static bool done;
    if (done)
        return;
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);
    done = true;
}

/* Put `size` bytes at `path` in /vsimem/ (copied: GDAL owns the copy and
 * frees it on VSIUnlink). Nothing is written when size is 0 and
 * `skip_empty`, so that a missing part of a shapefile stays missing. */
static inline void fuzz_vsimem_put(const char *path, const uint8_t *data,
                                   size_t size, bool skip_empty)
{
    if (!size && skip_empty)
        return;
    GByte *copy = CPLMalloc(size ? size : 1);
    if (size)
        memcpy(copy, data, size);
    VSILFILE *f = VSIFileFromMemBuffer(path, copy, size, TRUE);
    FUZZ_CHECK(f != NULL, "cannot create %s", path);
    VSIFCloseL(f);
}

/* Read the layer at `path` the way the command does, then measure it.
 * Checks: a failure names the file; a layer that reads has polygons that
 * are valid in the source CRS and present in WGS 84, with ids; and every
 * area measured is a finite number of square metres, not negative. */
static inline void fuzz_read_and_measure(const char *path, const char *s_srs,
                                         const char *encoding)
{
    zg_ctx *ctx = fuzz_ctx();
    zg_input_opts *o = zg_input_opts_new(ctx, "clusters", path);
    if (!o)
        return;
    if ((s_srs && zg_input_opts_set_s_srs(o, s_srs)) ||
        (encoding && zg_input_opts_set_encoding(o, encoding))) {
        zg_input_opts_free(o);
        return;
    }
    zg_layer *layer = NULL;
    zg_status st = zg_layer_read(ctx, o, &layer);
    fuzz_check_status(ctx, st, path);
    if (st) {
        FUZZ_CHECK(layer == NULL, "output left set on failure");
        zg_input_opts_free(o);
        return;
    }
    FUZZ_CHECK(layer->n >= 1, "a layer without polygons read");
    for (size_t i = 0; i < layer->n; i++) {
        const zg_feature *f = &layer->feats[i];
        FUZZ_CHECK(f->id && f->name, "feature %zu without id or name", i);
        FUZZ_CHECK(f->geom_src && f->geom_ll, "feature %zu without geometry",
                   i);
        FUZZ_CHECK(GEOSisValid_r(ctx->geos, f->geom_src) == 1,
                   "feature %s kept invalid", f->id);
        int t = GEOSGeomTypeId_r(ctx->geos, f->geom_src);
        FUZZ_CHECK(t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON,
                   "feature %s kept as type %d", f->id, t);
        FUZZ_CHECK(zg_utf8_valid(f->id, strlen(f->id)) &&
                       zg_utf8_valid(f->name, strlen(f->name)),
                   "feature %zu: id or name not UTF-8", i);
    }
    zg_areas *a = NULL;
    st = zg_areas_compute(ctx, layer, NULL, &a);
    fuzz_check_status(ctx, st, path);
    for (size_t i = 0; !st && i < layer->n; i++) {
        double e = zg_areas_ellipsoidal_m2(a, i);
        double p = zg_areas_plane_m2(a, i);
        FUZZ_CHECK(isfinite(e) && e >= 0, "feature %s: ellipsoidal %g m2",
                   layer->feats[i].id, e);
        FUZZ_CHECK(isfinite(p) && p >= 0, "feature %s: plane %g m2",
                   layer->feats[i].id, p);
    }
    zg_areas_free(a);
    zg_layer_free(layer);
    zg_input_opts_free(o);
}

#endif
