/* SPDX-License-Identifier: MIT
 *
 * envelope_grid.c: the first, cheapest test of a parcel against the
 * zones: does its bounding box come near any zone's?
 *
 * Most parcels of a land-use layer lie far from every cluster
 * (numbers.md: test the bounding box before any GEOS work). The zones'
 * STRtree answers exactly, but asking it costs a GEOS rectangle per
 * parcel, a fifth of the reader's time. This grid of cells over the zones'
 * boxes, each marked when some box overlaps it, answers "certainly not"
 * for most parcels with a few comparisons; the rest go on to the STRtree.
 * It never says no when a box does overlap: a point common to both lies
 * in a cell of both cell ranges, computed by the same rounding (a test
 * once caught a box touching the grid's last edge from outside).
 * Each cell also lists the boxes overlapping it, so that a parcel's box
 * can be tested exactly against the few of its cells: the reader then
 * needs GEOS for no parcel that lies near no zone.
 */
#include "overlay.h"

#include <math.h>
#include <string.h>

/* About this many cells per zone, and never more than this many cells. */
#define GRID_CELLS_PER_ZONE 64.0
#define GRID_MAX_SIDE 2048
/* Boxes spanning more cells than this skip the grid for the STRtree. */
#define GRID_MAX_SCAN 64

/* The cell of coordinate v along one axis, clamped to the grid. The same
 * monotone function for boxes and parcels: a point common to both has a
 * cell within both ranges, whatever the rounding. */
static size_t cell_of(double v, double origin, double size, size_t n)
{
    double c = floor((v - origin) / size);
    if (!(c >= 0))
        return 0;
    return c >= (double)n ? n - 1 : (size_t)c;
}

/* The cells [i0, i1] that [lo, hi] spans along one axis of [origin, max];
 * false when it misses the grid. */
static bool cell_range(double lo, double hi, double origin, double max,
                       double size, size_t n, size_t *i0, size_t *i1)
{
    if (!(lo <= hi) || hi < origin || lo > max)
        return false;
    *i0 = cell_of(lo, origin, size, n);
    *i1 = cell_of(hi, origin, size, n);
    return true;
}

zg_status zg_envelope_grid_build(zg_ctx *ctx, const double (*boxes)[4],
                                 size_t n, zg_envelope_grid *eg)
{
    memset(eg, 0, sizeof *eg);
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        x0 = fmin(x0, boxes[i][0]);
        y0 = fmin(y0, boxes[i][1]);
        x1 = fmax(x1, boxes[i][2]);
        y1 = fmax(y1, boxes[i][3]);
    }
    double w = x1 - x0, h = y1 - y0;
    if (n == 0 || !isfinite(w) || !isfinite(h) || !(w > 0) || !(h > 0))
        return ZG_OK; /* no grid: every box goes to the STRtree */
    double side = sqrt(w * h / (GRID_CELLS_PER_ZONE * (double)n));
    double nx = ceil(w / side), ny = ceil(h / side);
    if (nx > GRID_MAX_SIDE)
        nx = GRID_MAX_SIDE;
    if (ny > GRID_MAX_SIDE)
        ny = GRID_MAX_SIDE;
    eg->nx = nx < 1 ? 1 : (size_t)nx;
    eg->ny = ny < 1 ? 1 : (size_t)ny;
    eg->x0 = x0;
    eg->y0 = y0;
    eg->x1 = x1;
    eg->y1 = y1;
    eg->cell_w = w / (double)eg->nx;
    eg->cell_h = h / (double)eg->ny;
    eg->marked = zg_calloc(ctx, eg->nx * eg->ny, 1);
    if (!eg->marked)
        return zg_nomem(ctx, "zone grid");
    size_t ncells = eg->nx * eg->ny;
    eg->start = zg_calloc(ctx, ncells + 1, sizeof *eg->start);
    eg->box = zg_calloc(ctx, n, sizeof *eg->box);
    if (!eg->start || !eg->box || n >= UINT32_MAX)
        return zg_nomem(ctx, "zone grid");
    memcpy(eg->box, boxes, n * sizeof *eg->box);
    /* Two rounds: count each cell's boxes, then list them. */
    size_t total = 0;
    for (int round = 0; round < 2; round++) {
        for (size_t k = 0; k < n; k++) {
            size_t i0, i1, j0, j1;
            if (!cell_range(boxes[k][0], boxes[k][2], eg->x0, eg->x1,
                            eg->cell_w, eg->nx, &i0, &i1) ||
                !cell_range(boxes[k][1], boxes[k][3], eg->y0, eg->y1,
                            eg->cell_h, eg->ny, &j0, &j1))
                continue;
            for (size_t j = j0; j <= j1; j++) {
                if (round == 0)
                    memset(eg->marked + j * eg->nx + i0, 1, i1 - i0 + 1);
                for (size_t i = i0; i <= i1; i++) {
                    size_t c = j * eg->nx + i;
                    if (round == 0)
                        eg->start[c + 1]++;
                    else
                        eg->zone[eg->start[c]++] = (uint32_t)k;
                }
            }
        }
        if (round == 0) {
            for (size_t c = 0; c < ncells; c++)
                eg->start[c + 1] += eg->start[c];
            total = eg->start[ncells];
            if (total >= UINT32_MAX ||
                !(eg->zone = zg_calloc(ctx, total + 1, sizeof *eg->zone)))
                return zg_nomem(ctx, "zone grid");
            /* start[c] now walks cell c's slots, ending at start[c + 1]:
             * shifted back below. */
        }
    }
    for (size_t c = ncells; c > 0; c--)
        eg->start[c] = eg->start[c - 1];
    eg->start[0] = 0;
    (void)total;
    eg->ready = true;
    return ZG_OK;
}

bool zg_envelope_grid_hits(const zg_envelope_grid *eg, double x0, double y0,
                           double x1, double y1, const uint64_t *zone_groups,
                           uint64_t *groups)
{
    *groups = 0;
    if (!eg->ready || !eg->zone || !isfinite(x0) || !isfinite(y0) ||
        !isfinite(x1) || !isfinite(y1))
        return false;
    size_t i0, i1, j0, j1;
    if (!cell_range(x0, x1, eg->x0, eg->x1, eg->cell_w, eg->nx, &i0, &i1) ||
        !cell_range(y0, y1, eg->y0, eg->y1, eg->cell_h, eg->ny, &j0, &j1))
        return true; /* off the grid: near nothing */
    if ((i1 - i0 + 1) * (j1 - j0 + 1) > GRID_MAX_SCAN)
        return false;
    for (size_t j = j0; j <= j1; j++)
        for (size_t i = i0; i <= i1; i++) {
            size_t c = j * eg->nx + i;
            for (uint32_t k = eg->start[c]; k < eg->start[c + 1]; k++) {
                const double *b = eg->box[eg->zone[k]];
                /* GEOS's Envelope::intersects: closed boxes. */
                if (!(b[0] > x1 || b[2] < x0 || b[1] > y1 || b[3] < y0))
                    *groups |= zone_groups[eg->zone[k]];
            }
        }
    return true;
}

bool zg_envelope_grid_may_hit(const zg_envelope_grid *eg, double x0,
                              double y0, double x1, double y1)
{
    if (!eg->ready || !isfinite(x0) || !isfinite(y0) || !isfinite(x1) ||
        !isfinite(y1))
        return true; /* the STRtree decides */
    size_t i0, i1, j0, j1;
    if (!cell_range(x0, x1, eg->x0, eg->x1, eg->cell_w, eg->nx, &i0, &i1) ||
        !cell_range(y0, y1, eg->y0, eg->y1, eg->cell_h, eg->ny, &j0, &j1))
        return false;
    if ((i1 - i0 + 1) * (j1 - j0 + 1) > GRID_MAX_SCAN)
        return true;
    for (size_t j = j0; j <= j1; j++)
        for (size_t i = i0; i <= i1; i++)
            if (eg->marked[j * eg->nx + i])
                return true;
    return false;
}

void zg_envelope_grid_clear(zg_ctx *ctx, zg_envelope_grid *eg)
{
    zg_free(ctx, eg->marked);
    zg_free(ctx, eg->start);
    zg_free(ctx, eg->zone);
    zg_free(ctx, eg->box);
    memset(eg, 0, sizeof *eg);
}
