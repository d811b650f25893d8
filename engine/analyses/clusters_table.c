/* SPDX-License-Identifier: MIT
 *
 * clusters_table.c: the `clusters` table: one row per kept feature, in
 * input order, with id, name, both areas, the declared area, the repaired
 * flag, the input's attributes (UTF-8) and the geometry in WGS 84. The
 * same table goes to SpatiaLite and to GeoJSON.
 */
#include "analyses_int.h"
#include "../output/table_writer.h"

#include <math.h>

static const zg_col BASE[] = {
    {"fid", ZG_COL_INT},          {"id", ZG_COL_TEXT},
    {"name", ZG_COL_TEXT},        {"area_ha", ZG_COL_REAL},
    {"area_plane_ha", ZG_COL_REAL}, {"declared_ha", ZG_COL_REAL},
    {"declared_diff_pct", ZG_COL_REAL}, {"repaired", ZG_COL_INT},
    {"src_fid", ZG_COL_INT}};
#define NBASE (sizeof BASE / sizeof BASE[0])

struct rows {
    const zg_layer *layer;
    const zg_areas *areas;
};

static zg_status cluster_row(void *ud, size_t i, zg_cell *c,
                             const GEOSGeometry **geom)
{
    const struct rows *r = ud;
    const zg_feature *f = &r->layer->feats[i];
    double ha = r->areas->ellipsoidal_m2[i] / 1e4;
    double dec = r->areas->declared_ha[i];
    c[0].i = (long long)i + 1;
    c[1].s = f->id;
    c[2].s = f->name;
    c[3].d = ha;
    c[4].d = r->areas->plane_m2[i] / 1e4;
    c[5].d = dec;
    c[6].d = zg_declared_diff_pct(ha, dec);
    c[7].i = f->repaired ? 1 : 0;
    c[8].i = f->fid;
    zg_layer_cells(r->layer, f, c + NBASE);
    *geom = f->geom_ll;
    return ZG_OK;
}

/* Describe the clusters table; the caller frees cols. */
static zg_status describe(zg_ctx *ctx, const zg_layer *layer,
                          const zg_areas *areas, struct rows *r,
                          zg_table *t, zg_col **cols, size_t *ncols)
{
    if (areas->n != layer->n)
        return zg_fail(ctx, ZG_ERR_USAGE, "areas do not belong to this "
                       "layer");
    *cols = zg_layer_cols_new(ctx, layer, BASE, NBASE, ncols);
    if (!*cols)
        return zg_nomem(ctx, "column names");
    r->layer = layer;
    r->areas = areas;
    t->name = "clusters";
    t->cols = *cols;
    t->ncols = *ncols;
    t->nrows = layer->n;
    t->key = true;
    t->geom_type = "MULTIPOLYGON";
    t->row = cluster_row;
    t->ud = r;
    return ZG_OK;
}

zg_status zg_output_write_areas(zg_output *out, const zg_layer *layer,
                                const zg_areas *areas)
{
    zg_ctx *ctx = out->ctx;
    struct rows r;
    zg_table t;
    zg_col *cols = NULL;
    size_t ncols = 0;
    zg_status st = describe(ctx, layer, areas, &r, &t, &cols, &ncols);
    if (!st)
        st = zg_table_write_sqlite(out, &t);
    zg_layer_cols_free(ctx, cols, ncols, NBASE);
    if (!st)
        st = zg_output_write_qa(out, &areas->qa);
    if (!st) {
        bool declared = areas->declared_idx >= 0;
        char *opts = zg_asprintf(ctx, "plane_crs=%s%s%s", areas->plane_crs,
                                 declared ? " declared_field=" : "",
                                 declared ? areas->declared_field : "");
        st = opts ? zg_output_set_options(out, opts)
                  : zg_nomem(ctx, "options");
        zg_free(ctx, opts);
    }
    return st;
}

zg_status zg_write_areas_geojson(zg_ctx *ctx, const char *path,
                                 unsigned flags, const zg_layer *layer,
                                 const zg_areas *areas)
{
    struct rows r;
    zg_table t;
    zg_col *cols = NULL;
    size_t ncols = 0;
    zg_status st = describe(ctx, layer, areas, &r, &t, &cols, &ncols);
    if (!st)
        st = zg_table_write_geojson(ctx, path, flags, &t);
    zg_layer_cols_free(ctx, cols, ncols, NBASE);
    return st;
}
