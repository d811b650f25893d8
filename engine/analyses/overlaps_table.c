/* SPDX-License-Identifier: MIT
 *
 * overlaps_table.c: `cluster_overlaps` and `cluster_overlap_slivers`
 * (id_a, id_b, overlap_ha, share_a_pct, share_b_pct, geometry), and the
 * `overlap_count` column of `clusters`.
 */
#include "analyses_int.h"
#include "../output/table_writer.h"

#include <stdio.h>

static const zg_col COLS[] = {
    {"pk", ZG_COL_INT},          {"id_a", ZG_COL_TEXT},
    {"id_b", ZG_COL_TEXT},       {"overlap_ha", ZG_COL_REAL},
    {"share_a_pct", ZG_COL_REAL}, {"share_b_pct", ZG_COL_REAL}};

struct rows {
    const zg_overlaps *ov;
    bool slivers;
    size_t *index; /* row -> item */
};

static zg_status overlap_row(void *ud, size_t r, zg_cell *c,
                             const GEOSGeometry **geom)
{
    const struct rows *rw = ud;
    const zg_overlap *o = &rw->ov->items[rw->index[r]];
    const zg_layer *l = rw->ov->layer;
    c[0].i = (long long)r + 1;
    c[1].s = l->feats[o->a].id;
    c[2].s = l->feats[o->b].id;
    c[3].d = o->overlap_m2 / 1e4;
    c[4].d = 100.0 * o->overlap_m2 / rw->ov->area_m2[o->a];
    c[5].d = 100.0 * o->overlap_m2 / rw->ov->area_m2[o->b];
    *geom = o->geom_ll;
    return ZG_OK;
}

static zg_status describe(zg_ctx *ctx, const zg_overlaps *ov, bool slivers,
                          struct rows *rw, zg_table *t)
{
    rw->ov = ov;
    rw->slivers = slivers;
    rw->index = zg_calloc(ctx, ov->n + 1, sizeof *rw->index);
    if (!rw->index)
        return zg_nomem(ctx, "overlap rows");
    size_t n = 0;
    for (size_t i = 0; i < ov->n; i++)
        if (ov->items[i].sliver == slivers)
            rw->index[n++] = i;
    t->name = slivers ? "cluster_overlap_slivers" : "cluster_overlaps";
    t->cols = COLS;
    t->ncols = sizeof COLS / sizeof COLS[0];
    t->nrows = n;
    t->key = true;
    t->geom_type = "MULTIPOLYGON";
    t->row = overlap_row;
    t->ud = rw;
    return ZG_OK;
}

zg_status zg_output_write_overlaps(zg_output *out, const zg_layer *layer,
                                   const zg_overlaps *ov)
{
    zg_ctx *ctx = out->ctx;
    if (ov->layer != layer)
        return zg_fail(ctx, ZG_ERR_USAGE, "overlaps of another layer");
    zg_status st = ZG_OK;
    for (int sl = 0; sl < 2 && !st; sl++) {
        struct rows rw;
        zg_table t;
        st = describe(ctx, ov, sl == 1, &rw, &t);
        if (!st)
            st = zg_table_write_sqlite(out, &t);
        zg_free(ctx, rw.index);
    }
    /* Every row of this run gets its count, 0 included; rows of earlier
     * runs that did not look for overlaps keep NULL (not known), which a
     * NOT NULL DEFAULT 0 column would have turned into "none". */
    sqlite3_stmt *s = NULL;
    sqlite3_int64 base = 0;
    if (!st)
        st = zg_schema_add_column(out, "clusters", "overlap_count",
                                  "INTEGER");
    if (!st)
        st = zg_output_key_base(out, "clusters", "fid", &base);
    if (!st)
        st = zg_sql_prepare(out, "UPDATE clusters SET overlap_count = ? "
                                 "WHERE fid = ? AND run_id = ?", &s);
    if (!st)
        st = zg_sql_exec(out, "BEGIN");
    for (size_t i = 0; !st && i < layer->n; i++) {
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, (sqlite3_int64)ov->count[i]);
        sqlite3_bind_int64(s, 2, base + (sqlite3_int64)i + 1);
        sqlite3_bind_int64(s, 3, out->run_id);
        if (sqlite3_step(s) != SQLITE_DONE)
            st = zg_sql_fail(out, "update clusters");
    }
    sqlite3_finalize(s);
    if (!st)
        st = zg_sql_exec(out, "COMMIT");
    if (!st) {
        char opt[96];
        snprintf(opt, sizeof opt, " min_overlap_m2=%g", ov->min_overlap_m2);
        st = zg_output_append_options(out, opt);
    }
    return st;
}

zg_status zg_write_overlaps_geojson(zg_ctx *ctx, const char *path,
                                    unsigned flags, const zg_layer *layer,
                                    const zg_overlaps *ov)
{
    (void)layer;
    struct rows rw;
    zg_table t;
    zg_status st = describe(ctx, ov, false, &rw, &t);
    if (!st)
        st = zg_table_write_geojson(ctx, path, flags, &t);
    zg_free(ctx, rw.index);
    return st;
}
