/* SPDX-License-Identifier: MIT
 *
 * label_grid.c: where a map label may go. Every cluster, proposal and
 * overlap is a box a label must not cover, and so is every label placed;
 * each label tries up to fifteen places. Tested against every box, the
 * labels cost the square of the clusters; here the boxes are listed by
 * cell of a grid over the map frame and a place is tested against the
 * boxes of the cells it covers.
 *
 * A box is listed in every cell its 1 pt margin touches, cells clamped to
 * the grid (a box past the frame's edge goes in the edge cells); a place
 * is looked up in the cells it covers, clamped alike. A box that meets
 * the place shares a point with it, so a cell with it: the answer is the
 * one a test of every box gives, and the map's bytes do not change.
 */
#include "products_int.h"

#include <math.h>
#include <string.h>

#define CELL_PT 16.0

void zg_label_grid_init(zg_label_grid *g, zg_ctx *ctx, double fx0,
                        double fy0, double fx1, double fy1)
{
    memset(g, 0, sizeof *g);
    g->ctx = ctx;
    g->fx0 = fx0;
    g->fy0 = fy0;
    double nx = ceil((fx1 - fx0) / CELL_PT), ny = ceil((fy1 - fy0) / CELL_PT);
    /* A frame of no size (or a bizarre one) is one cell: slow, not wrong. */
    g->nx = nx >= 1 && nx <= 4096 ? (int)nx : 1;
    g->ny = ny >= 1 && ny <= 4096 ? (int)ny : 1;
}

void zg_label_grid_free(zg_label_grid *g)
{
    zg_free(g->ctx, g->head);
    zg_free(g->ctx, g->entries);
    zg_free(g->ctx, g->boxes);
    g->head = NULL;
    g->entries = NULL;
    g->boxes = NULL;
    g->nboxes = g->nentries = 0;
}

/* The cells [c0, c1] of the span [a, b] (not NaN; infinite is fine)
 * along one axis of n cells from `origin`, clamped to the grid. */
static void span(double origin, int n, double a, double b, int *c0, int *c1)
{
    double lo = floor((fmin(a, b) - origin) / CELL_PT);
    double hi = floor((fmax(a, b) - origin) / CELL_PT);
    *c0 = lo < 0 ? 0 : lo > n - 1 ? n - 1 : (int)lo;
    *c1 = hi < 0 ? 0 : hi > n - 1 ? n - 1 : (int)hi;
}

zg_status zg_label_grid_add(zg_label_grid *g, double x0, double y0,
                            double x1, double y1, int layer, size_t owner)
{
    /* A box with a coordinate that is not a number meets no place (every
     * comparison with it is false): left out. An infinite one is listed
     * in the cells up to the grid's edge. */
    if (isnan(x0) || isnan(y0) || isnan(x1) || isnan(y1))
        return ZG_OK;
    if (!g->head) {
        g->head = zg_calloc(g->ctx, (size_t)g->nx * (size_t)g->ny,
                            sizeof *g->head);
        if (!g->head)
            return zg_nomem(g->ctx, "map labels");
    }
    zg_status st = zg_grow(g->ctx, (void **)&g->boxes, &g->capboxes,
                           g->nboxes + 1, sizeof *g->boxes);
    if (st)
        return st;
    g->boxes[g->nboxes++] = (zg_label_box){x0, y0, x1, y1, owner, layer};
    int cx0, cx1, cy0, cy1;
    span(g->fx0, g->nx, x0 - 1, x1 + 1, &cx0, &cx1);
    span(g->fy0, g->ny, y0 - 1, y1 + 1, &cy0, &cy1);
    for (int cy = cy0; cy <= cy1; cy++)
        for (int cx = cx0; cx <= cx1; cx++) {
            st = zg_grow(g->ctx, (void **)&g->entries, &g->capentries,
                         g->nentries + 1, sizeof *g->entries);
            if (st)
                return st;
            size_t *h = &g->head[(size_t)cy * (size_t)g->nx + (size_t)cx];
            g->entries[g->nentries++] =
                (zg_label_entry){g->nboxes - 1, *h};
            *h = g->nentries;
        }
    return ZG_OK;
}

bool zg_label_grid_clear(zg_label_grid *g, double x0, double y0, double x1,
                         double y1, int layer, size_t owner)
{
    /* No box yet; or a place that is not a number, which every test
     * against a box lets through. */
    if (!g->head || isnan(x0) || isnan(y0) || isnan(x1) || isnan(y1))
        return true;
    int cx0, cx1, cy0, cy1;
    span(g->fx0, g->nx, x0, x1, &cx0, &cx1);
    span(g->fy0, g->ny, y0, y1, &cy0, &cy1);
    for (int cy = cy0; cy <= cy1; cy++)
        for (int cx = cx0; cx <= cx1; cx++)
            for (size_t e = g->head[(size_t)cy * (size_t)g->nx +
                                    (size_t)cx];
                 e; e = g->entries[e - 1].next) {
                const zg_label_box *b = &g->boxes[g->entries[e - 1].box];
                g->compared++;
                if (b->owner && b->layer == layer && b->owner == owner)
                    continue;
                if (x0 < b->x1 + 1 && b->x0 - 1 < x1 && y0 < b->y1 + 1 &&
                    b->y0 - 1 < y1)
                    return false;
            }
    return true;
}
