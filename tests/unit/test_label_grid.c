/* SPDX-License-Identifier: MIT
 *
 * test_label_grid.c: where map labels may go (engine/products/label_grid.c).
 * The grid must give the answer of a test against every box (the map's
 * bytes depend on it), whatever the boxes: past the frame's edges, larger
 * than the frame, infinite, NaN, the label's own feature. And a place
 * must be tested against the boxes near it only: with boxes as dense on
 * a frame 16 times larger, the boxes compared per place stay about the
 * same, where a test of every box compares 16 times more.
 */
#include "zg_test.h"

#include "products/products_int.h"

#include <math.h>
#include <stdlib.h>

static unsigned long long seed;

/* A uniform number in [lo, hi), from a fixed LCG (same on every run). */
static double rnd(double lo, double hi)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + (hi - lo) * (double)(seed >> 11) / 9007199254740992.0;
}

/* The rule, box by box, as map.c had it before the grid. */
static bool brute_clear(const zg_label_box *b, size_t n, double x0,
                        double y0, double x1, double y1, int layer,
                        size_t owner)
{
    for (size_t i = 0; i < n; i++) {
        if (b[i].owner && b[i].layer == layer && b[i].owner == owner)
            continue;
        if (x0 < b[i].x1 + 1 && b[i].x0 - 1 < x1 && y0 < b[i].y1 + 1 &&
            b[i].y0 - 1 < y1)
            return false;
    }
    return true;
}

static void same_as_every_box(void **state)
{
    zg_ctx *ctx = *state;
    seed = 42;
    const size_t n = 3000;
    zg_label_box *all = calloc(n, sizeof *all);
    assert_non_null(all);
    zg_label_grid g;
    zg_label_grid_init(&g, ctx, 28, 74, 618, 567);
    for (size_t i = 0; i < n; i++) {
        double x = rnd(-100, 750), y = rnd(-50, 650);
        double w = rnd(0, i % 50 == 0 ? 900 : 40), h = rnd(0, 12);
        zg_label_box b = {x, y, x + w, y + h, i % 3 ? i / 3 + 1 : 0,
                          (int)(i % 3)};
        if (i == 7)
            b.x1 = INFINITY;
        if (i == 11)
            b.y0 = -INFINITY;
        if (i == 13)
            b.x0 = NAN;
        all[i] = b;
        assert_int_equal(zg_label_grid_add(&g, b.x0, b.y0, b.x1, b.y1,
                                           b.layer, b.owner), ZG_OK);
    }
    size_t clear = 0;
    for (int q = 0; q < 20000; q++) {
        /* Mostly in the frame, some past it, some huge. */
        double x = rnd(0, 650), y = rnd(40, 600);
        double w = rnd(2, q % 100 == 0 ? 800 : 60), h = rnd(4, 10);
        int layer = (int)rnd(0, 3);
        size_t owner = (size_t)rnd(0, (double)n / 3);
        bool want = brute_clear(all, n, x, y, x + w, y + h, layer, owner);
        bool got = zg_label_grid_clear(&g, x, y, x + w, y + h, layer,
                                       owner);
        if (want != got)
            fail_msg("place %d (%.3f %.3f %.3f %.3f): grid %d, every box "
                     "%d", q, x, y, x + w, y + h, got, want);
        clear += got;
    }
    /* Both answers occur, and a NaN place is let through by both. */
    assert_true(clear > 100 && clear < 19900);
    assert_true(zg_label_grid_clear(&g, NAN, 100, 120, 108, 0, 0));
    assert_true(brute_clear(all, n, NAN, 100, 120, 108, 0, 0));
    zg_label_grid_free(&g);
    free(all);
}

/* Boxes compared per place, with n label-sized boxes spread over a
 * square frame of side `side`. */
static double compared_per_place(zg_ctx *ctx, size_t n, double side)
{
    seed = 7;
    zg_label_grid g;
    zg_label_grid_init(&g, ctx, 0, 0, side, side);
    for (size_t i = 0; i < n; i++) {
        double x = rnd(0, side), y = rnd(0, side);
        assert_int_equal(zg_label_grid_add(&g, x, y, x + rnd(2, 12),
                                           y + rnd(2, 12), 1, i + 1),
                         ZG_OK);
    }
    const int places = 5000;
    for (int q = 0; q < places; q++) {
        double x = rnd(0, side - 60), y = rnd(0, side - 10);
        zg_label_grid_clear(&g, x, y, x + rnd(20, 60), y + 8, 0, 0);
    }
    double per = (double)g.compared / places;
    zg_label_grid_free(&g);
    return per;
}

static void near_boxes_only(void **state)
{
    zg_ctx *ctx = *state;
    double small = compared_per_place(ctx, 500, 400);
    double big = compared_per_place(ctx, 8000, 1600);
    print_message("boxes compared per place: %.1f of 500, %.1f of 8000 "
                  "(every box: 16 times more)\n", small, big);
    assert_true(small > 0);
    assert_true(big < 2 * small);
}

int test_label_grid(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(same_as_every_box, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(near_boxes_only, zg_test_setup,
                                        zg_test_teardown),
    };
    return cmocka_run_group_tests_name("label_grid", tests, NULL, NULL);
}
