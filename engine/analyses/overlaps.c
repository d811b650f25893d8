/* SPDX-License-Identifier: MIT
 *
 * overlaps.c: which features of a layer overlap each other, and by how
 * much: a cluster boundary drawn twice, a park inside a cluster.
 *
 * Candidates come from a GEOS STRtree over the features' envelopes; a pair
 * overlaps when the DE-9IM matrix says their interiors intersect (pattern
 * T********), so features that only touch are not overlaps. The
 * intersection is cut in the layer's own CRS (numbers.md: where the edges
 * were drawn straight), then transformed to lon/lat and measured on the
 * ellipsoid like area_ha. Pairs are reported in a stable order (by id_a,
 * then id_b), whatever the tree's internal order.
 */
#include "analyses_int.h"
#include "../overlay/overlay.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

zg_overlaps_opts *zg_overlaps_opts_new(zg_ctx *ctx)
{
    zg_overlaps_opts *o = zg_calloc(ctx, 1, sizeof *o);
    if (o) {
        o->ctx = ctx;
        o->min_overlap_m2 = 1.0;
    }
    return o;
}

void zg_overlaps_opts_free(zg_overlaps_opts *o)
{
    if (o)
        zg_free(o->ctx, o);
}

zg_status zg_overlaps_opts_set_min_overlap_m2(zg_overlaps_opts *o, double v)
{
    if (!(v >= 0) || !isfinite(v))
        return zg_fail(o->ctx, ZG_ERR_USAGE, "--min-overlap-m2 must be a "
                       "number >= 0 (got %g)", v);
    o->min_overlap_m2 = v;
    return ZG_OK;
}

struct query {
    size_t self;
    size_t *hits;
    size_t n, cap;
    zg_ctx *ctx;
    bool oom;
};

static void collect(void *item, void *ud)
{
    struct query *q = ud;
    size_t j = (size_t)(uintptr_t)item - 1;
    if (j <= q->self || q->oom)
        return; /* each pair once, from its lower index */
    if (zg_grow(q->ctx, (void **)&q->hits, &q->cap, q->n + 1,
                sizeof *q->hits)) {
        q->oom = true;
        return;
    }
    q->hits[q->n++] = j;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Feature order for "id_a < id_b": by id, then by input position. */
static bool before(const zg_layer *l, size_t a, size_t b)
{
    int c = strcmp(l->feats[a].id, l->feats[b].id);
    return c < 0 || (c == 0 && a < b);
}

static const zg_layer *sort_layer;
static int cmp_pair(const void *pa, const void *pb)
{
    const zg_overlap *x = pa, *y = pb;
    int c = strcmp(sort_layer->feats[x->a].id, sort_layer->feats[y->a].id);
    if (c)
        return c;
    c = strcmp(sort_layer->feats[x->b].id, sort_layer->feats[y->b].id);
    if (c)
        return c;
    return x->a != y->a ? (x->a < y->a ? -1 : 1)
                        : (x->b < y->b ? -1 : x->b > y->b);
}

/* Cut and measure one candidate pair; adds it to ov when interiors
 * overlap. */
static zg_status measure_pair(zg_ctx *ctx, const zg_layer *l, PJ *to_ll,
                              size_t i, size_t j, zg_overlaps *ov)
{
    GEOSContextHandle_t h = ctx->geos;
    const GEOSGeometry *a = l->feats[i].geom_src, *b = l->feats[j].geom_src;
    char rel = GEOSRelatePattern_r(h, a, b, "T********");
    if (rel == 2)
        return zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot relate features %s "
                       "and %s: %s", l->feats[i].id, l->feats[j].id,
                       zg_geos_lastmsg(ctx));
    if (rel == 0)
        return ZG_OK;
    GEOSGeometry *cut = GEOSIntersection_r(h, a, b);
    if (!cut)
        return zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot intersect features %s "
                       "and %s: %s", l->feats[i].id, l->feats[j].id,
                       zg_geos_lastmsg(ctx));
    GEOSGeometry *poly = NULL;
    zg_status st = zg_geom_polygonal_parts(ctx, cut, &poly);
    GEOSGeom_destroy_r(h, cut);
    if (st || !poly)
        return st; /* interiors meet only along a degenerate piece */
    GEOSGeometry *ll = zg_geom_transform(ctx, poly, to_ll, NULL);
    GEOSGeom_destroy_r(h, poly);
    if (!ll)
        return zg_fail(ctx, ZG_ERR_CRS, "overlap of %s and %s cannot be "
                       "transformed to WGS 84", l->feats[i].id,
                       l->feats[j].id);
    st = zg_grow(ctx, (void **)&ov->items, &ov->cap, ov->n + 1,
                 sizeof *ov->items);
    if (st) {
        GEOSGeom_destroy_r(h, ll);
        return st;
    }
    zg_overlap *o = &ov->items[ov->n++];
    bool swap = !before(l, i, j);
    o->a = swap ? j : i;
    o->b = swap ? i : j;
    o->overlap_m2 = zg_geodesic_area_m2(ctx, ll);
    o->geom_ll = ll;
    return ZG_OK;
}

zg_status zg_overlaps_compute(zg_ctx *ctx, const zg_layer *l,
                              const zg_overlaps_opts *o, zg_overlaps **out)
{
    *out = NULL;
    GEOSContextHandle_t h = ctx->geos;
    zg_status cst = zg_layer_check_cuttable(ctx, l);
    if (cst)
        return cst;
    zg_overlaps *ov = zg_calloc(ctx, 1, sizeof *ov);
    if (!ov)
        return zg_nomem(ctx, "overlaps");
    ov->ctx = ctx;
    ov->layer = l;
    ov->min_overlap_m2 = o ? o->min_overlap_m2 : 1.0;
    ov->area_m2 = zg_calloc(ctx, l->n + 1, sizeof *ov->area_m2);
    ov->count = zg_calloc(ctx, l->n + 1, sizeof *ov->count);
    if (!ov->area_m2 || !ov->count) {
        zg_overlaps_free(ov);
        return zg_nomem(ctx, "overlaps");
    }
    for (size_t i = 0; i < l->n; i++)
        ov->area_m2[i] = zg_geodesic_area_m2(ctx, l->feats[i].geom_ll);

    zg_status st = ZG_OK;
    PJ *wgs = zg_crs_wgs84_new(ctx);
    PJ *to_ll = wgs ? zg_crs_transform_new(ctx, l->crs.pj, wgs) : NULL;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    if (!to_ll || !tree)
        st = zg_fail(ctx, ZG_ERR_INTERNAL, "cannot set up the overlap "
                     "search: %s", zg_proj_lastmsg(ctx));
    for (size_t i = 0; !st && i < l->n; i++)
        GEOSSTRtree_insert_r(h, tree, l->feats[i].geom_src,
                             (void *)(uintptr_t)(i + 1));
    struct query q = {0, NULL, 0, 0, ctx, false};
    for (size_t i = 0; !st && i < l->n; i++) {
        q.self = i;
        q.n = 0;
        GEOSSTRtree_query_r(h, tree, l->feats[i].geom_src, collect, &q);
        if (q.oom) {
            st = zg_nomem(ctx, "overlap candidates");
            break;
        }
        /* The tree's order is its own: sort for a stable run. */
        zg_sort(q.hits, q.n, sizeof *q.hits, cmp_size);
        for (size_t k = 0; !st && k < q.n; k++)
            st = measure_pair(ctx, l, to_ll, i, q.hits[k], ov);
        if (!st && i % 64 == 0)
            st = zg_progress(ctx, 0, 1, (double)i / (double)l->n, "overlap");
    }
    zg_free(ctx, q.hits);
    if (tree)
        GEOSSTRtree_destroy_r(h, tree);
    proj_destroy(to_ll);
    proj_destroy(wgs);
    if (st) {
        zg_overlaps_free(ov);
        return st;
    }
    /* Split real overlaps from slivers, in a stable order. */
    sort_layer = l;
    zg_sort(ov->items, ov->n, sizeof *ov->items, cmp_pair);
    sort_layer = NULL;
    for (size_t i = 0; i < ov->n; i++) {
        zg_overlap *x = &ov->items[i];
        x->sliver = x->overlap_m2 < ov->min_overlap_m2;
        if (x->sliver) {
            ov->nslivers++;
        } else {
            ov->count[x->a]++;
            ov->count[x->b]++;
        }
    }
    *out = ov;
    return zg_progress(ctx, 0, 1, 1.0, "overlap");
}

void zg_overlaps_free(zg_overlaps *ov)
{
    if (!ov)
        return;
    zg_ctx *ctx = ov->ctx;
    for (size_t i = 0; i < ov->n; i++)
        GEOSGeom_destroy_r(ctx->geos, ov->items[i].geom_ll);
    zg_free(ctx, ov->items);
    zg_free(ctx, ov->area_m2);
    zg_free(ctx, ov->count);
    zg_free(ctx, ov);
}

size_t zg_overlaps_count(const zg_overlaps *ov)
{
    return ov ? ov->n - ov->nslivers : 0;
}

size_t zg_overlaps_sliver_count(const zg_overlaps *ov)
{
    return ov ? ov->nslivers : 0;
}

zg_status zg_overlaps_get(const zg_overlaps *ov, size_t i, const char **id_a,
                          const char **id_b, double *overlap_m2)
{
    /* Index among the non-slivers. */
    for (size_t k = 0; ov && k < ov->n; k++) {
        if (ov->items[k].sliver)
            continue;
        if (i-- == 0) {
            *id_a = ov->layer->feats[ov->items[k].a].id;
            *id_b = ov->layer->feats[ov->items[k].b].id;
            *overlap_m2 = ov->items[k].overlap_m2;
            return ZG_OK;
        }
    }
    return ZG_ERR_USAGE;
}
