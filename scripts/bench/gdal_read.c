/* SPDX-License-Identifier: MIT
 *
 * gdal_read.c: the benchmark's baseline, "the time GDAL alone needs to
 * read the parcel layer", two ways. Built by run_bench.sh with gcc and
 * gdal-config; not part of zoneguard.
 *
 *   gdal_read FILE LAYER FIELD           feature by feature: every
 *       feature through OGR_L_GetNextFeature, its geometry's envelope and
 *       its code field touched, nothing printed
 *   gdal_read --arrow FILE LAYER FIELD   GDAL's column-oriented reader
 *       (OGR_L_GetArrowStream, RFC 86), the FID, the code field and the
 *       geometry as WKB, every code and every WKB's length touched: what
 *       zoneguard's reader asks of GDAL for a GeoPackage
 *
 * Prints the feature count.
 */
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_recordbatch.h>
#include <stdio.h>
#include <string.h>

static int read_features(OGRLayerH lyr, int fld)
{
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
    return 0;
}

static int child(const struct ArrowSchema *s, const char *name)
{
    for (int64_t i = 0; i < s->n_children; i++)
        if (strcmp(s->children[i]->name, name) == 0)
            return (int)i;
    return -1;
}

static int read_arrow(OGRLayerH lyr, const char *field)
{
    /* Only the code field, as zoneguard asks. */
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(lyr);
    const char *ign[64];
    int k = 0;
    for (int i = 0; i < OGR_FD_GetFieldCount(d) && k < 62; i++) {
        const char *nm = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i));
        if (strcmp(nm, field) != 0)
            ign[k++] = nm;
    }
    ign[k] = NULL;
    OGR_L_SetIgnoredFields(lyr, ign);
    struct ArrowArrayStream st;
    char *opts[] = {"INCLUDE_FID=YES", "MAX_FEATURES_IN_BATCH=16384", NULL};
    if (!OGR_L_GetArrowStream(lyr, &st, opts)) {
        fprintf(stderr, "gdal_read: no Arrow stream\n");
        return 1;
    }
    struct ArrowSchema sc;
    if (st.get_schema(&st, &sc) != 0) {
        fprintf(stderr, "gdal_read: no schema\n");
        return 1;
    }
    const char *gname = OGR_L_GetGeometryColumn(lyr);
    int gi = child(&sc, gname && *gname ? gname : "wkb_geometry");
    int ci = child(&sc, field);
    if (gi < 0 || ci < 0 || strcmp(sc.children[ci]->format, "u") != 0) {
        fprintf(stderr, "gdal_read: no geometry or text field %s\n", field);
        return 1;
    }
    long long n = 0;
    size_t chars = 0, bytes = 0;
    for (;;) {
        struct ArrowArray a;
        if (st.get_next(&st, &a) != 0) {
            fprintf(stderr, "gdal_read: %s\n", st.get_last_error(&st));
            return 1;
        }
        if (!a.release)
            break;
        const struct ArrowArray *g = a.children[gi], *c = a.children[ci];
        const int32_t *go = g->buffers[1], *co = c->buffers[1];
        for (int64_t r = 0; r < a.length; r++) {
            bytes += (size_t)(go[g->offset + r + 1] - go[g->offset + r]);
            chars += (size_t)(co[c->offset + r + 1] - co[c->offset + r]);
        }
        n += a.length;
        a.release(&a);
    }
    sc.release(&sc);
    st.release(&st);
    printf("%lld features (%zu code characters, %zu bytes of WKB)\n", n,
           chars, bytes);
    return 0;
}

int main(int argc, char **argv)
{
    int arrow = argc > 1 && strcmp(argv[1], "--arrow") == 0;
    if (argc != 4 + arrow) {
        fprintf(stderr, "usage: gdal_read [--arrow] FILE LAYER FIELD\n");
        return 2;
    }
    argv += arrow;
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(argv[1], GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                 NULL, NULL, NULL);
    OGRLayerH lyr = ds ? GDALDatasetGetLayerByName(ds, argv[2]) : NULL;
    if (!lyr) {
        fprintf(stderr, "gdal_read: cannot open %s, layer %s\n", argv[1],
                argv[2]);
        return 1;
    }
    int rc = arrow ? read_arrow(lyr, argv[3])
                   : read_features(lyr, OGR_FD_GetFieldIndex(
                                            OGR_L_GetLayerDefn(lyr), argv[3]));
    GDALClose(ds);
    return rc;
}
