/* SPDX-License-Identifier: MIT
 *
 * gdal_read.c: the benchmark's baseline, "the time GDAL alone needs to
 * read the parcel layer": every feature of a layer read through OGR, its
 * geometry's envelope and its code field touched, nothing printed. Built
 * by run_bench.sh with gcc and gdal-config; not part of zoneguard.
 *
 *   gdal_read FILE LAYER FIELD   prints the feature count
 */
#include <gdal.h>
#include <ogr_api.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: gdal_read FILE LAYER FIELD\n");
        return 2;
    }
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(argv[1], GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                 NULL, NULL, NULL);
    OGRLayerH lyr = ds ? GDALDatasetGetLayerByName(ds, argv[2]) : NULL;
    if (!lyr) {
        fprintf(stderr, "gdal_read: cannot open %s, layer %s\n", argv[1],
                argv[2]);
        return 1;
    }
    int fld = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), argv[3]);
    long long n = 0;
    double sum = 0;
    size_t chars = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g) {
            OGREnvelope e;
            OGR_G_GetEnvelope(g, &e);
            sum += e.MaxX - e.MinX;
        }
        if (fld >= 0) {
            const char *s = OGR_F_GetFieldAsString(f, fld);
            while (*s++)
                chars++;
        }
        OGR_F_Destroy(f);
        n++;
    }
    printf("%lld features (%zu code characters, %.0f m of widths)\n", n,
           chars, sum);
    GDALClose(ds);
    return 0;
}
