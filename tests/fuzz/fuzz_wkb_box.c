/* SPDX-License-Identifier: MIT
 *
 * fuzz_wkb_box.c: the box of a polygon read off its WKB bytes
 * (engine/io/wkb_box.c), against GEOS reading the same bytes.
 *
 * Checked beyond "no crash, no leak": whenever the box reader accepts the
 * bytes, GEOS reads them too, as a Polygon or MultiPolygon, and GEOS's
 * envelope of it is exactly the box (the reader decides which parcels are
 * near a cluster: a box smaller than GEOS's would drop a parcel that
 * touches one). Declining is always allowed: GEOS then reads the bytes.
 */
#include "fuzz_common.h"

#include "io/io_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zg_ctx *ctx = fuzz_ctx();
    GEOSContextHandle_t h = ctx->geos;
    double box[4];
    if (!zg_wkb_polygon_box(data, size, box))
        return 0;
    GEOSGeometry *g = GEOSGeomFromWKB_buf_r(h, data, size);
    FUZZ_CHECK(g != NULL, "box read from %zu bytes GEOS cannot read", size);
    int type = GEOSGeomTypeId_r(h, g);
    FUZZ_CHECK(type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON,
               "box read from a GEOS geometry of type %d", type);
    double x0, y0, x1, y1;
    FUZZ_CHECK(GEOSGeom_getExtent_r(h, g, &x0, &y0, &x1, &y1) == 1,
               "GEOS has no extent for what the reader boxed");
    FUZZ_CHECK(x0 == box[0] && y0 == box[1] && x1 == box[2] && y1 == box[3],
               "box (%.17g %.17g, %.17g %.17g), GEOS's extent "
               "(%.17g %.17g, %.17g %.17g)", box[0], box[1], box[2], box[3],
               x0, y0, x1, y1);
    GEOSGeom_destroy_r(h, g);
    return 0;
}
