/* SPDX-License-Identifier: MIT
 *
 * zg_test.h: the unit-test harness: cmocka plus a relative-tolerance
 * assertion that prints both values, and a fresh context per test.
 */
#ifndef ZG_TEST_H
#define ZG_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>

#include "core/zg_int.h"

/* |obtained - expected| <= rel * |expected| (or abs when expected is 0). */
#define ZG_ASSERT_REL(obtained, expected, rel)                               \
    do {                                                                     \
        double o_ = (obtained), e_ = (expected);                             \
        double tol_ = (rel) * (e_ != 0 ? fabs(e_) : 1.0);                   \
        if (!(fabs(o_ - e_) <= tol_)) {                                      \
            print_error("%s:%d: expected %.17g, obtained %.17g "             \
                        "(rel diff %.3g > %.3g)\n", __FILE__, __LINE__, e_,  \
                        o_, e_ != 0 ? fabs(o_ - e_) / fabs(e_) : fabs(o_),   \
                        (double)(rel));                                     \
            fail();                                                          \
        }                                                                    \
    } while (0)

#define ZG_ASSERT_ABS(obtained, expected, tol)                               \
    do {                                                                     \
        double o_ = (obtained), e_ = (expected);                             \
        if (!(fabs(o_ - e_) <= (tol))) {                                     \
            print_error("%s:%d: expected %.17g, obtained %.17g (diff %.3g > " \
                        "%.3g)\n", __FILE__, __LINE__, e_, o_,               \
                        fabs(o_ - e_), (double)(tol));                       \
            fail();                                                          \
        }                                                                    \
    } while (0)

static inline int zg_test_setup(void **state)
{
    zg_ctx *ctx = NULL;
    if (zg_ctx_new(NULL, &ctx) != ZG_OK)
        return -1;
    *state = ctx;
    return 0;
}

static inline int zg_test_teardown(void **state)
{
    zg_ctx_free(*state);
    return 0;
}

/* Parse WKT into a GEOS geometry owned by the caller. */
static inline GEOSGeometry *zg_test_wkt(zg_ctx *ctx, const char *wkt)
{
    GEOSWKTReader *r = GEOSWKTReader_create_r(ctx->geos);
    GEOSGeometry *g = GEOSWKTReader_read_r(ctx->geos, r, wkt);
    GEOSWKTReader_destroy_r(ctx->geos, r);
    return g;
}

#endif
