/* SPDX-License-Identifier: MIT
 *
 * fuzz_geojson.c: ingest of GeoJSON bytes: the input becomes a file in
 * GDAL's /vsimem/, which zg_layer_read reads as it reads a file on disk
 * (open, layer, fields, CRS, geometry repair, WGS 84), and the areas are
 * measured on what it read. See fuzz_ingest.h for what is checked.
 */
#include "fuzz_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char PATH[] = "/vsimem/fuzz/input.geojson";
    fuzz_gdal_init();
    fuzz_vsimem_put(PATH, data, size, false);
    fuzz_read_and_measure(PATH, NULL, NULL);
    VSIUnlink(PATH);
    return 0;
}
