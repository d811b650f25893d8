/* SPDX-License-Identifier: MIT
 *
 * encroach_groups.c: a zone's housing at one date as groups of pieces
 * that touch or overlap (directly or through others), and the change
 * between two dates polygon by polygon.
 *
 * Footprints seldom touch: most groups are one piece, whose union is the
 * piece itself, so the zone's union needs no overlay but for the groups
 * of several pieces (row houses, overlapping footprints), which are
 * merged as a union of all the zone's pieces would merge them. Groups are
 * disjoint, so the union of all is their collection.
 *
 * The change later minus earlier needs no overlay either when each
 * polygon of the later housing is, vertex for vertex, one of the earlier
 * (a house that did not change: the same pieces give the same union, so
 * nothing new) or meets none (a new house: all new). A zone where some
 * polygon must be cut is left to one overlay of the two unions, as
 * before, so that GEOS cuts it as it always has.
 */
#include "encroach_int.h"

#include <string.h>

/* Union-find over the zone's pieces, the least index as the root. */
static size_t root(size_t *up, size_t i)
{
    while (up[i] != i)
        i = up[i] = up[up[i]];
    return i;
}

struct meet_ud {
    GEOSContextHandle_t h;
    const zg_piece *pieces;
    size_t first, i, *up;
    int fail;
};

static void meet_piece(void *item, void *ud)
{
    struct meet_ud *m = ud;
    size_t j = (size_t)(uintptr_t)item - 1;
    if (j <= m->i || m->fail)
        return;
    size_t a = root(m->up, m->i), b = root(m->up, j);
    if (a == b)
        return;
    char r = GEOSIntersects_r(m->h, m->pieces[m->first + m->i].geom,
                              m->pieces[m->first + j].geom);
    if (r == 2)
        m->fail = 1;
    else if (r == 1)
        m->up[a > b ? a : b] = a < b ? a : b;
}

/* The union of pieces idx[0..n) of sr, polygonal parts; NULL when none.
 * One piece is its union: taken from sr when sr owns it (not lent by a
 * shared read), else copied. */
static zg_status union_of(zg_ctx *ctx, zg_stream_result *sr,
                          const size_t *idx, size_t n, GEOSGeometry **out)
{
    GEOSContextHandle_t h = ctx->geos;
    *out = NULL;
    if (n == 1 && !sr->geoms_lent) {
        *out = sr->pieces[idx[0]].geom;
        sr->pieces[idx[0]].geom = NULL;
        return ZG_OK;
    }
    if (n == 1) {
        *out = GEOSGeom_clone_r(h, sr->pieces[idx[0]].geom);
        return *out ? ZG_OK : zg_nomem(ctx, "housing");
    }
    GEOSGeometry **g = zg_calloc(ctx, n, sizeof *g);
    if (!g)
        return zg_nomem(ctx, "housing");
    zg_status st = ZG_OK;
    size_t k = 0;
    for (; k < n && !st; k++)
        if (!(g[k] = GEOSGeom_clone_r(h, sr->pieces[idx[k]].geom)))
            st = zg_nomem(ctx, "housing");
    GEOSGeometry *coll = st ? NULL
                            : GEOSGeom_createCollection_r(
                                  h, GEOS_GEOMETRYCOLLECTION, g,
                                  (unsigned int)n);
    if (coll) {
        k = 0; /* the collection owns the clones */
        GEOSGeometry *u = GEOSUnaryUnion_r(h, coll);
        GEOSGeom_destroy_r(h, coll);
        if (!u)
            st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot union pieces: %s",
                         zg_geos_lastmsg(ctx));
        else {
            st = zg_geom_polygonal_parts(ctx, u, out);
            GEOSGeom_destroy_r(h, u);
        }
    } else if (!st) {
        st = zg_nomem(ctx, "housing");
    }
    while (k > 0)
        GEOSGeom_destroy_r(h, g[--k]);
    zg_free(ctx, g);
    return st;
}

zg_status zg_groups_build(zg_ctx *ctx, zg_stream_result *sr, size_t first,
                          size_t last, zg_groups *out)
{
    GEOSContextHandle_t h = ctx->geos;
    memset(out, 0, sizeof *out);
    size_t n = last - first;
    if (n == 0)
        return ZG_OK;
    size_t *up = zg_calloc(ctx, n, sizeof *up);
    out->piece = zg_calloc(ctx, n, sizeof *out->piece);
    out->start = zg_calloc(ctx, n + 1, sizeof *out->start);
    out->geom = zg_calloc(ctx, n, sizeof *out->geom);
    if (!up || !out->piece || !out->start || !out->geom) {
        zg_free(ctx, up);
        zg_groups_clear(ctx, out);
        return zg_nomem(ctx, "housing groups");
    }
    for (size_t i = 0; i < n; i++)
        up[i] = i;
    zg_status st = ZG_OK;
    if (n > 1) {
        /* Which pieces meet: GEOS's STRtree on their boxes, then
         * GEOSIntersects (touching counts: touching houses are merged). */
        GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
        if (!tree)
            st = zg_nomem(ctx, "housing groups");
        for (size_t i = 0; !st && i < n; i++)
            GEOSSTRtree_insert_r(h, tree, sr->pieces[first + i].geom,
                                 (void *)(uintptr_t)(i + 1));
        struct meet_ud m = {h, sr->pieces, first, 0, up, 0};
        for (size_t i = 0; !st && i < n && !m.fail; i++) {
            m.i = i;
            GEOSSTRtree_query_r(h, tree, sr->pieces[first + i].geom,
                                meet_piece, &m);
        }
        if (!st && m.fail)
            st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot tell whether two "
                         "pieces of housing meet: %s", zg_geos_lastmsg(ctx));
        if (tree)
            GEOSSTRtree_destroy_r(h, tree);
    }
    /* Groups in the order of their first piece (reading order), pieces in
     * reading order within each. A root is its group's least piece, so it
     * is numbered before the pieces that follow it. */
    size_t *count = st ? NULL : zg_calloc(ctx, n, sizeof *count);
    if (!st && !count)
        st = zg_nomem(ctx, "housing groups");
    if (!st) {
        size_t ng = 0;
        for (size_t i = 0; i < n; i++) {
            size_t r = root(up, i);
            count[i] = r == i ? ng++ : count[r]; /* piece i's group */
        }
        for (size_t i = 0; i < n; i++)
            out->start[count[i] + 1]++;
        for (size_t g = 0; g < ng; g++)
            out->start[g + 1] += out->start[g];
        size_t *fill = up; /* the roots are no longer needed */
        for (size_t g = 0; g < ng; g++)
            fill[g] = out->start[g];
        for (size_t i = 0; i < n; i++)
            out->piece[fill[count[i]]++] = first + i;
        out->n = ng;
    }
    zg_free(ctx, count);
    zg_free(ctx, up);
    for (size_t g = 0; !st && g < out->n; g++)
        st = union_of(ctx, sr, out->piece + out->start[g],
                      out->start[g + 1] - out->start[g], &out->geom[g]);
    if (st)
        zg_groups_clear(ctx, out);
    return st;
}

void zg_groups_clear(zg_ctx *ctx, zg_groups *g)
{
    for (size_t k = 0; g->geom && k < g->n; k++)
        if (g->geom[k])
            GEOSGeom_destroy_r(ctx->geos, g->geom[k]);
    zg_free(ctx, g->geom);
    zg_free(ctx, g->piece);
    zg_free(ctx, g->start);
    memset(g, 0, sizeof *g);
}

/* The groups' polygons, in order, as zg_geom_polygonal_parts would give
 * them from a collection of the groups: a group that is one Polygon (most
 * are: one house) is taken, not copied; the polygons of the others are
 * copied. Disjoint groups make a valid MultiPolygon. */
zg_status zg_groups_union(zg_ctx *ctx, zg_groups *g, GEOSGeometry **out)
{
    GEOSContextHandle_t h = ctx->geos;
    *out = NULL;
    size_t n = 0, cap = 0;
    GEOSGeometry **parts = NULL;
    zg_status st = ZG_OK;
    for (size_t k = 0; k < g->n && !st; k++) {
        GEOSGeometry *src = g->geom[k];
        int type = src ? GEOSGeomTypeId_r(h, src) : -1;
        if (type == GEOS_POLYGON) {
            if (GEOSisEmpty_r(h, src) == 1)
                continue;
            if (zg_grow(ctx, (void **)&parts, &cap, n + 1, sizeof *parts)) {
                st = zg_nomem(ctx, "housing");
                break;
            }
            parts[n++] = src;
            g->geom[k] = NULL; /* taken */
        } else if (src) {
            GEOSGeometry *p = NULL;
            st = zg_geom_polygonal_parts(ctx, src, &p);
            if (!st && p && GEOSGeomTypeId_r(h, p) == GEOS_POLYGON) {
                if (zg_grow(ctx, (void **)&parts, &cap, n + 1,
                            sizeof *parts)) {
                    GEOSGeom_destroy_r(h, p);
                    st = zg_nomem(ctx, "housing");
                    break;
                }
                parts[n++] = p;
            } else if (!st && p) {
                int np = GEOSGetNumGeometries_r(h, p);
                for (int i = 0; i < np && !st; i++) {
                    GEOSGeometry *c = NULL;
                    if (zg_grow(ctx, (void **)&parts, &cap, n + 1,
                                sizeof *parts) ||
                        !(c = GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, p,
                                                                     i))))
                        st = zg_nomem(ctx, "housing");
                    else
                        parts[n++] = c;
                }
                GEOSGeom_destroy_r(h, p);
            }
        }
    }
    if (!st && n == 1) {
        *out = parts[0];
        n = 0;
    } else if (!st && n > 1) {
        /* GEOS takes the parts, not the array. */
        *out = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts,
                                           (unsigned int)n);
        if (!*out)
            st = zg_nomem(ctx, "housing");
        else
            n = 0;
    }
    while (n > 0)
        GEOSGeom_destroy_r(h, parts[--n]);
    zg_free(ctx, parts);
    return st;
}

struct hits_ud {
    zg_ctx *ctx;
    size_t *hit, n, cap;
    bool oom;
};

static void collect(void *item, void *ud)
{
    struct hits_ud *u = ud;
    if (u->oom)
        return;
    if (zg_grow(u->ctx, (void **)&u->hit, &u->cap, u->n + 1, sizeof *u->hit))
        u->oom = true;
    else
        u->hit[u->n++] = (size_t)(uintptr_t)item - 1;
}

/* Polygon p against b's polygons near it (hits, b's tree's answers):
 * *what is 0 when it is one of them, vertex for vertex, *twin (nothing of
 * it is new), 1 when it meets none (all of it is), 2 when it meets some
 * (it must be cut). */
static zg_status poly_vs(zg_ctx *ctx, const GEOSGeometry *p,
                         const GEOSGeometry *b, const struct hits_ud *hits,
                         int *what, long *twin)
{
    GEOSContextHandle_t h = ctx->geos;
    *what = 1;
    *twin = -1;
    for (size_t i = 0; i < hits->n; i++) {
        const GEOSGeometry *q = GEOSGetGeometryN_r(h, b, (int)hits->hit[i]);
        char r = GEOSEqualsExact_r(h, p, q, 0.0);
        if (r == 1) {
            *what = 0;
            *twin = (long)hits->hit[i];
            return ZG_OK;
        }
        if (r != 2)
            r = GEOSIntersects_r(h, p, q);
        if (r == 2)
            return zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot compare two "
                           "dates: %s", zg_geos_lastmsg(ctx));
        if (r == 1)
            *what = 2; /* but it may still be one of the others */
    }
    return ZG_OK;
}

zg_status zg_housing_minus(zg_ctx *ctx, const GEOSGeometry *a,
                           const GEOSGeometry *b, int **whole,
                           size_t *nwhole, bool *overlay, long *twin)
{
    GEOSContextHandle_t h = ctx->geos;
    *whole = NULL;
    *nwhole = 0;
    *overlay = false;
    if (!a)
        return ZG_OK;
    int na = GEOSGetNumGeometries_r(h, a), nb = b ? GEOSGetNumGeometries_r(h, b)
                                                  : 0;
    if (na < 0 || nb < 0)
        return zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot compare two dates: %s",
                       zg_geos_lastmsg(ctx));
    GEOSSTRtree *tree = NULL;
    if (nb) {
        if (!(tree = GEOSSTRtree_create_r(h, 10)))
            return zg_nomem(ctx, "change");
        for (int j = 0; j < nb; j++)
            GEOSSTRtree_insert_r(h, tree, GEOSGetGeometryN_r(h, b, j),
                                 (void *)(uintptr_t)(j + 1));
    }
    struct hits_ud hits = {ctx, NULL, 0, 0, false};
    /* a's polygons that are new land, whole; without twin[], stop at one
     * to cut. */
    int *w = zg_calloc(ctx, (size_t)na + 1, sizeof *w);
    size_t nw = 0;
    zg_status st = w ? ZG_OK : zg_nomem(ctx, "change");
    for (int k = 0; k < na && !st && (twin || !*overlay); k++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, a, k);
        hits.n = 0;
        if (tree)
            GEOSSTRtree_query_r(h, tree, p, collect, &hits);
        int what = 1;
        long tw = -1;
        st = hits.oom ? zg_nomem(ctx, "change")
                      : poly_vs(ctx, p, b, &hits, &what, &tw);
        if (!st && what == 1)
            w[nw++] = k;
        if (what == 2)
            *overlay = true;
        if (twin)
            twin[k] = tw;
    }
    if (tree)
        GEOSSTRtree_destroy_r(h, tree);
    zg_free(ctx, hits.hit);
    if (st || *overlay) {
        zg_free(ctx, w);
        return st;
    }
    *whole = w;
    *nwhole = nw;
    return ZG_OK;
}
