/* SPDX-License-Identifier: MIT
 *
 * wkb_box.c: the box of a plain polygon's WKB, read off its bytes.
 *
 * Why: most parcels of a land-use layer lie far from every cluster, and
 * the reader only needs their box to know it. Parsing each one into GEOS
 * for that was a third of the reader's time on 2 M parcels (a GEOS
 * geometry built and freed per row). GDAL 3.6 exports no WKB envelope to
 * C (OGRWKBGetBoundingBox is C++ and later) and GEOS has none: so the box
 * is read here, for the one shape parcels come in, and anything else is
 * left to GEOS and OGR as before (the caller falls back).
 */
#include "io_int.h"

#include <math.h>
#include <string.h>

typedef struct wkb_cur {
    const unsigned char *p, *end;
    bool le; /* little-endian */
} wkb_cur;

static bool get_u32(wkb_cur *c, uint32_t *v)
{
    if (c->end - c->p < 4)
        return false;
    const unsigned char *b = c->p;
    *v = c->le ? (uint32_t)b[0] | (uint32_t)b[1] << 8 |
                     (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24
               : (uint32_t)b[3] | (uint32_t)b[2] << 8 |
                     (uint32_t)b[1] << 16 | (uint32_t)b[0] << 24;
    c->p += 4;
    return true;
}

static double get_f64(const unsigned char *b, bool le)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    le = !le; /* a swap when the bytes' order is not the host's */
#endif
    unsigned char t[8];
    for (int i = 0; i < 8; i++)
        t[i] = le ? b[i] : b[7 - i];
    double d;
    memcpy(&d, t, sizeof d);
    return d;
}

/* One polygon (type 3, 2D), its byte order byte first: the box of its
 * shell widened into box, which is GEOS's envelope of a polygon (the
 * shell's; a hole outside it would be invalid and is not looked at). */
static bool polygon_box(wkb_cur *c, double box[4])
{
    uint32_t type, nrings;
    if (c->p >= c->end || (*c->p != 0 && *c->p != 1))
        return false;
    c->le = *c->p++ == 1;
    if (!get_u32(c, &type) || type != 3 || !get_u32(c, &nrings) ||
        nrings == 0)
        return false;
    for (uint32_t r = 0; r < nrings; r++) {
        uint32_t np;
        if (!get_u32(c, &np) || np < 4 ||
            (size_t)(c->end - c->p) / 16 < np)
            return false;
        const unsigned char *first = c->p, *last = c->p + (np - 1) * 16;
        /* GEOS refuses a ring that is not closed: so would we. */
        if (memcmp(first, last, 16) != 0 &&
            (get_f64(first, c->le) != get_f64(last, c->le) ||
             get_f64(first + 8, c->le) != get_f64(last + 8, c->le)))
            return false;
        for (uint32_t i = 0; i < np; i++, c->p += 16) {
            double x = get_f64(c->p, c->le), y = get_f64(c->p + 8, c->le);
            if (!isfinite(x) || !isfinite(y))
                return false; /* GEOS's route logs it */
            if (r == 0) {
                box[0] = fmin(box[0], x);
                box[1] = fmin(box[1], y);
                box[2] = fmax(box[2], x);
                box[3] = fmax(box[3], y);
            }
        }
    }
    return true;
}

bool zg_wkb_polygon_box(const unsigned char *wkb, size_t len, double box[4])
{
    if (!wkb || len < 9)
        return false;
    box[0] = box[1] = INFINITY;
    box[2] = box[3] = -INFINITY;
    wkb_cur c = {wkb, wkb + len, wkb[0] == 1};
    if (wkb[0] != 0 && wkb[0] != 1)
        return false;
    uint32_t type;
    c.p = wkb + 1;
    if (!get_u32(&c, &type))
        return false;
    if (type == 3) {
        c.p = wkb;
        if (!polygon_box(&c, box))
            return false;
    } else if (type == 6) {
        uint32_t n;
        if (!get_u32(&c, &n) || n == 0)
            return false;
        for (uint32_t k = 0; k < n; k++)
            if (!polygon_box(&c, box))
                return false;
    } else
        return false;
    return c.p == c.end; /* trailing bytes: left to GEOS */
}
