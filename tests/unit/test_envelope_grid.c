/* SPDX-License-Identifier: MIT
 *
 * test_envelope_grid.c: the reader's first test of a parcel's box
 * (envelope_grid.c) against brute force: it may say "maybe" where no box
 * overlaps, but never "no" where one does, including boxes that only
 * touch, boxes on the grid's edge and boxes outside it. Its exact answer
 * (the boxes a parcel's box overlaps) must be GEOS's STRtree's.
 */
#include "zg_test.h"

#include "overlay/overlay.h"

#include <stdlib.h>

static bool overlaps(const double a[4], const double b[4])
{
    return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/* A deterministic generator, so that a failure can be replayed. */
static double uniform(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (double)((*s >> 8) & 0xffffff) / (double)0xffffff;
}

static void never_misses_an_overlap(void **state)
{
    zg_ctx *ctx = *state;
    enum { NZ = 200, NQ = 20000 };
    static double zones[NZ][4];
    unsigned seed = 20261203u;
    /* Zones of 100 m to 1.5 km in a 40 km square, as clusters are. */
    for (int i = 0; i < NZ; i++) {
        double x = 560000 + 40000 * uniform(&seed);
        double y = 2300000 + 40000 * uniform(&seed);
        zones[i][0] = x;
        zones[i][1] = y;
        zones[i][2] = x + 100 + 1400 * uniform(&seed);
        zones[i][3] = y + 100 + 1400 * uniform(&seed);
    }
    zg_envelope_grid eg;
    assert_int_equal(zg_envelope_grid_build(ctx, (const double(*)[4])zones,
                                            NZ, &eg), ZG_OK);
    assert_true(eg.ready);
    size_t hits = 0, said_no = 0;
    for (int q = 0; q < NQ; q++) {
        double box[4];
        if (q < 4 * NZ) {
            /* Boxes that touch a zone's corner or edge exactly. */
            const double *z = zones[q % NZ];
            int k = q / NZ;
            double px = k & 1 ? z[2] : z[0], py = k & 2 ? z[3] : z[1];
            box[0] = k & 1 ? px : px - 50;
            box[2] = k & 1 ? px + 50 : px;
            box[1] = k & 2 ? py : py - 50;
            box[3] = k & 2 ? py + 50 : py;
        } else {
            /* Parcels of 5 to 200 m, some of them outside the grid. */
            double x = 555000 + 50000 * uniform(&seed);
            double y = 2295000 + 50000 * uniform(&seed);
            box[0] = x;
            box[1] = y;
            box[2] = x + 5 + 195 * uniform(&seed);
            box[3] = y + 5 + 195 * uniform(&seed);
        }
        bool truth = false;
        for (int i = 0; i < NZ && !truth; i++)
            truth = overlaps(box, zones[i]);
        bool maybe = zg_envelope_grid_may_hit(&eg, box[0], box[1], box[2],
                                              box[3]);
        if (truth) {
            hits++;
            assert_true(maybe);
        }
        if (!maybe)
            said_no++;
    }
    /* It must also be of use: most of the random parcels miss. */
    assert_true(hits >= 4 * NZ);
    assert_true(said_no > NQ / 2);
    /* Not a number, or an infinite box: the STRtree decides. */
    assert_true(zg_envelope_grid_may_hit(&eg, NAN, 0, 1, 1));
    assert_true(zg_envelope_grid_may_hit(&eg, -INFINITY, 0, INFINITY, 1));
    zg_envelope_grid_clear(ctx, &eg);
}

static void strtree_hit(void *item, void *ud)
{
    uint64_t *mask = ud;
    *mask |= UINT64_C(1) << (((size_t)(uintptr_t)item - 1) % 64);
}

/* The exact answer, where the grid gives one, is the STRtree's (the
 * reader asked GEOS before): the same zones, touching edges included. */
static void hits_are_the_strtrees(void **state)
{
    zg_ctx *ctx = *state;
    GEOSContextHandle_t h = ctx->geos;
    enum { NZ = 200, NQ = 20000 };
    static double zones[NZ][4];
    static uint64_t zone_groups[NZ];
    GEOSGeometry *rect[NZ];
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    unsigned seed = 20261207u;
    for (int i = 0; i < NZ; i++) {
        double x = 560000 + 40000 * uniform(&seed);
        double y = 2300000 + 40000 * uniform(&seed);
        zones[i][0] = x;
        zones[i][1] = y;
        zones[i][2] = x + 100 + 1400 * uniform(&seed);
        zones[i][3] = y + 100 + 1400 * uniform(&seed);
        zone_groups[i] = UINT64_C(1) << (i % 64);
        rect[i] = GEOSGeom_createRectangle_r(h, zones[i][0], zones[i][1],
                                             zones[i][2], zones[i][3]);
        GEOSSTRtree_insert_r(h, tree, rect[i], (void *)(uintptr_t)(i + 1));
    }
    zg_envelope_grid eg;
    assert_int_equal(zg_envelope_grid_build(ctx, (const double(*)[4])zones,
                                            NZ, &eg), ZG_OK);
    size_t answered = 0, near = 0;
    for (int q = 0; q < NQ; q++) {
        double box[4];
        const double *z = zones[q % NZ];
        if (q < 4 * NZ) { /* touching a corner from outside */
            int k = q / NZ;
            double px = k & 1 ? z[2] : z[0], py = k & 2 ? z[3] : z[1];
            box[0] = k & 1 ? px : px - 50;
            box[2] = k & 1 ? px + 50 : px;
            box[1] = k & 2 ? py : py - 50;
            box[3] = k & 2 ? py + 50 : py;
        } else if (q < 5 * NZ) { /* a hair away from an edge */
            box[0] = nextafter(z[2], INFINITY);
            box[2] = box[0] + 20;
            box[1] = z[1];
            box[3] = z[1] + 20;
        } else {
            double x = 555000 + 50000 * uniform(&seed);
            double y = 2295000 + 50000 * uniform(&seed);
            double side = q % 50 == 0 ? 8000 : 5 + 195 * uniform(&seed);
            box[0] = x;
            box[1] = y;
            box[2] = x + side;
            box[3] = y + side;
        }
        uint64_t got = 0, want = 0;
        GEOSGeometry *qg = GEOSGeom_createRectangle_r(h, box[0], box[1],
                                                      box[2], box[3]);
        GEOSSTRtree_query_r(h, tree, qg, strtree_hit, &want);
        GEOSGeom_destroy_r(h, qg);
        if (zg_envelope_grid_hits(&eg, box[0], box[1], box[2], box[3],
                                  zone_groups, &got)) {
            answered++;
            assert_true(got == want);
            near += got != 0;
        } else /* it may only decline what it cannot tell */
            assert_true((box[2] - box[0]) * (box[3] - box[1]) >
                        eg.cell_w * eg.cell_h);
    }
    assert_true(answered > NQ * 9 / 10);
    assert_true(near >= 4 * NZ);
    uint64_t got = 0;
    assert_false(zg_envelope_grid_hits(&eg, NAN, 0, 1, 1, zone_groups,
                                       &got));
    zg_envelope_grid_clear(ctx, &eg);
    assert_false(zg_envelope_grid_hits(&eg, 0, 0, 1, 1, zone_groups, &got));
    GEOSSTRtree_destroy_r(h, tree);
    for (int i = 0; i < NZ; i++)
        GEOSGeom_destroy_r(h, rect[i]);
}

/* No zones, or zones of no extent: no grid, every box goes on. */
static void no_grid_says_maybe(void **state)
{
    zg_ctx *ctx = *state;
    zg_envelope_grid eg;
    assert_int_equal(zg_envelope_grid_build(ctx, NULL, 0, &eg), ZG_OK);
    assert_false(eg.ready);
    assert_true(zg_envelope_grid_may_hit(&eg, 0, 0, 1, 1));
    double point[1][4] = {{5, 5, 5, 5}};
    assert_int_equal(zg_envelope_grid_build(ctx, (const double(*)[4])point,
                                            1, &eg), ZG_OK);
    assert_true(zg_envelope_grid_may_hit(&eg, 5, 5, 6, 6));
    zg_envelope_grid_clear(ctx, &eg);
}

int test_envelope_grid(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(never_misses_an_overlap,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(no_grid_says_maybe, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(hits_are_the_strtrees, zg_test_setup,
                                        zg_test_teardown),
    };
    return cmocka_run_group_tests_name("envelope_grid", tests, NULL, NULL);
}
