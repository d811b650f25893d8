/* SPDX-License-Identifier: MIT
 *
 * fuzz_shapefile.c: ingest of shapefile bytes through GDAL's /vsimem/.
 *
 * The input is split into a shapefile's parts:
 *   byte 0        options: bits 0-2 choose --encoding (0 and 5-7: none,
 *                 1 tcvn3, 2 cp1258, 3 utf8, 4 latin1);
 *   bytes 1-8     the lengths of .shp, .shx, .dbf and .prj, 16-bit little
 *                 endian each (cut to what is left of the input);
 *   then          the four parts in that order, and the rest is the .cpg.
 * A part of length 0 is not written at all, so a missing .shx, .dbf or
 * .prj is as on disk. EPSG:5897 is given as --s-srs, which a .prj
 * overrides, so inputs without a .prj still reach the geometry. See
 * fuzz_ingest.h for what is checked. tests/fuzz/make_seeds.py builds
 * seeds in this layout from geodata/tests.
 */
#include "fuzz_ingest.h"

#define DIR "/vsimem/fuzz_shp/"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const PARTS[] = {DIR "in.shp", DIR "in.shx",
                                        DIR "in.dbf", DIR "in.prj",
                                        DIR "in.cpg"};
    static const char *const ENCODINGS[] = {NULL,   "tcvn3", "cp1258", "utf8",
                                            "latin1", NULL,  NULL,     NULL};
    if (size < 9)
        return 0;
    fuzz_gdal_init();
    const char *encoding = ENCODINGS[data[0] & 7];
    size_t off = 9;
    for (int k = 0; k < 5; k++) {
        size_t left = size - off;
        size_t n = k < 4 ? (size_t)data[1 + 2 * k] |
                               (size_t)data[2 + 2 * k] << 8
                         : left;
        if (n > left)
            n = left;
        fuzz_vsimem_put(PARTS[k], data + off, n, true);
        off += n;
    }
    fuzz_read_and_measure(PARTS[0], "EPSG:5897", encoding);
    for (int k = 0; k < 5; k++)
        VSIUnlink(PARTS[k]);
    return 0;
}
