/* SPDX-License-Identifier: MIT
 *
 * test_envelope_grid.c: the reader's first test of a parcel's box
 * (envelope_grid.c) against brute force: it may say "maybe" where no box
 * overlaps, but never "no" where one does, including boxes that only
 * touch, boxes on the grid's edge and boxes outside it.
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
    };
    return cmocka_run_group_tests_name("envelope_grid", tests, NULL, NULL);
}
