/* SPDX-License-Identifier: MIT
 *
 * span.c: geometry an overlay cannot cut straight. Pieces are cut along
 * straight lines in the CRS of the clusters and measured on the ellipsoid
 * (numbers.md, "Areas"). That holds for a cluster or a parcel a few km
 * across; it fails for one that crosses the antimeridian (in degrees its
 * edges run the long way round: two clusters on the same ground at 180°
 * do not overlap) or that spans more than a TM-3 zone (a box over the
 * whole world measures 0 ha and held 115 ha of land use). Such features
 * are refused, with what is wrong.
 */
#include "geom.h"

#include <math.h>
#include <stdio.h>

/* A TM-3 zone is 3° of longitude wide. */
#define ZG_CUT_SPAN_DEG 3.0
/* The same on the ground: 3° of a great circle of the mean Earth radius
 * (6 371 km): 333.6 km. */
#define ZG_CUT_SPAN_M (ZG_CUT_SPAN_DEG * M_PI / 180 * 6371000.0)

bool zg_span_problem_deg(double x0, double y0, double x1, double y1,
                         char *why, size_t cap)
{
    if (x0 < -180 || x1 > 180)
        snprintf(why, cap, "it crosses the antimeridian (longitudes %.10g "
                 "to %.10g): its edges would be cut the long way round",
                 x0, x1);
    else if (x1 - x0 > 180)
        snprintf(why, cap, "it crosses the antimeridian or spans more than "
                 "half the Earth (longitudes %.10g to %.10g): its edges "
                 "would be cut the long way round", x0, x1);
    else if (x1 - x0 > ZG_CUT_SPAN_DEG || y1 - y0 > ZG_CUT_SPAN_DEG)
        snprintf(why, cap, "it spans %.4g° of longitude and %.4g° of "
                 "latitude, more than a TM-3 zone (%g°): it cannot be cut "
                 "along straight lines and measured on the ellipsoid",
                 x1 - x0, y1 - y0, ZG_CUT_SPAN_DEG);
    else
        return false;
    return true;
}

bool zg_span_problem_m(double w_m, double h_m, char *why, size_t cap)
{
    if (!(w_m > ZG_CUT_SPAN_M || h_m > ZG_CUT_SPAN_M))
        return false;
    snprintf(why, cap, "it spans %.4g km by %.4g km, more than a TM-3 zone "
             "(%g°, %.1f km): it cannot be cut along straight lines and "
             "measured on the ellipsoid", w_m / 1e3, h_m / 1e3,
             ZG_CUT_SPAN_DEG, ZG_CUT_SPAN_M / 1e3);
    return true;
}
