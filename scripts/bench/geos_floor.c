/* SPDX-License-Identifier: MIT
 *
 * geos_floor.c: how much GEOS work the land-use overlay cannot do without,
 * timed on its own. Built by run_bench.sh with gcc, gdal-config and
 * geos-config; not part of zoneguard.
 *
 *   geos_floor CLUSTERS LAYER PARCELS LAYER
 *
 * Both layers are read into memory first, untimed (same CRS assumed: the
 * generated scene's). Then, on one thread, the least an exact overlay of
 * the parcels on the clusters built on GEOS 3.11 asks of it:
 *   relate     for each cluster whose box a parcel's box meets (found
 *              beforehand, untimed, with an STRtree), prepared contains,
 *              then prepared intersects when not contained
 *   valid      GEOSisValid of each parcel that meets a cluster (an invalid
 *              parcel's area is meaningless until repaired)
 *   cut        GEOSIntersection of each crossing parcel with its cluster
 *   area       planar GEOSArea of every piece (zoneguard measures them on
 *              the ellipsoid, which costs more)
 * No reading, no ellipsoid, no double-counting test, no output: a floor,
 * not a rival implementation. The bench compares it with the time budget
 * the issue sets (2x the GDAL read) spread over the machine's cores.
 *
 * Prints one line per step: calls and CPU seconds, and the total.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include <gdal.h>
#include <geos_c.h>
#include <ogr_api.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
    GEOSGeometry **g;
    size_t n, cap;
} geoms;

static void geos_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "geos_floor: GEOS: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Every polygonal geometry of a layer, as GEOS geometries (WKB handed
 * over: the same geometries zoneguard's reader makes). */
static int load(GEOSContextHandle_t h, const char *path, const char *layer,
                geoms *out)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                 NULL, NULL, NULL);
    OGRLayerH lyr = ds ? GDALDatasetGetLayerByName(ds, layer) : NULL;
    if (!lyr) {
        fprintf(stderr, "geos_floor: cannot open %s, layer %s\n", path,
                layer);
        if (ds)
            GDALClose(ds);
        return -1;
    }
    OGRFeatureH f;
    unsigned char *buf = NULL;
    size_t bcap = 0;
    int rc = 0;
    while (rc == 0 && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        if (og && !OGR_G_IsEmpty(og)) {
            size_t len = (size_t)OGR_G_WkbSize(og);
            if (len > bcap) {
                unsigned char *nb = realloc(buf, len);
                if (!nb)
                    rc = -1;
                else
                    buf = nb, bcap = len;
            }
            if (rc == 0 && out->n == out->cap) {
                size_t nc = out->cap ? 2 * out->cap : 4096;
                GEOSGeometry **ng = realloc(out->g, nc * sizeof *ng);
                if (!ng)
                    rc = -1;
                else
                    out->g = ng, out->cap = nc;
            }
            if (rc == 0) {
                OGR_G_ExportToWkb(og, wkbNDR, buf);
                GEOSGeometry *g = GEOSGeomFromWKB_buf_r(h, buf, len);
                if (g)
                    out->g[out->n++] = g;
            }
        }
        OGR_F_Destroy(f);
    }
    free(buf);
    GDALClose(ds);
    if (rc)
        fprintf(stderr, "geos_floor: out of memory reading %s\n", path);
    return rc;
}

typedef struct {
    size_t *hit;
    size_t n, cap;
} hits;

static void on_hit(void *item, void *ud)
{
    hits *hs = ud;
    if (hs->n == hs->cap) {
        size_t nc = hs->cap ? 2 * hs->cap : 16;
        size_t *nh = realloc(hs->hit, nc * sizeof *nh);
        if (!nh)
            return; /* a lost candidate only lowers the floor */
        hs->hit = nh;
        hs->cap = nc;
    }
    hs->hit[hs->n++] = (size_t)(uintptr_t)item - 1;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: geos_floor CLUSTERS LAYER PARCELS LAYER\n");
        return 2;
    }
    GDALAllRegister();
    GEOSContextHandle_t h = GEOS_init_r();
    GEOSContext_setErrorHandler_r(h, geos_msg);
    geoms cl = {0}, pa = {0};
    if (load(h, argv[1], argv[2], &cl) || load(h, argv[3], argv[4], &pa))
        return 1;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    const GEOSPreparedGeometry **prep = calloc(cl.n + 1, sizeof *prep);
    if (!tree || !prep)
        return 1;
    for (size_t z = 0; z < cl.n; z++) {
        GEOSSTRtree_insert_r(h, tree, cl.g[z], (void *)(uintptr_t)(z + 1));
        prep[z] = GEOSPrepare_r(h, cl.g[z]);
    }
    /* The candidates first, untimed: each parcel's clusters by box (an
     * STRtree, as zoneguard's reader finds them with a grid before it).
     * Then four passes, each timed whole (a clock per parcel would cost
     * more than some of the steps). */
    typedef struct {
        size_t parcel, zone;
        int crosses;
    } pair;
    pair *pairs = NULL;
    size_t npairs = 0, pcap = 0;
    hits hs = {0};
    for (size_t i = 0; i < pa.n; i++) {
        hs.n = 0;
        GEOSSTRtree_query_r(h, tree, pa.g[i], on_hit, &hs);
        for (size_t k = 0; k < hs.n; k++) {
            if (npairs == pcap) {
                pcap = pcap ? 2 * pcap : 65536;
                pair *np = realloc(pairs, pcap * sizeof *np);
                if (!np)
                    return 1;
                pairs = np;
            }
            pairs[npairs++] = (pair){i, hs.hit[k], -1};
        }
    }
    size_t n_rel = npairs, n_valid = 0, n_bad = 0;
    double t0 = cpu_s();
    for (size_t k = 0; k < npairs; k++) {
        const GEOSPreparedGeometry *pg = prep[pairs[k].zone];
        const GEOSGeometry *g = pa.g[pairs[k].parcel];
        char c = GEOSPreparedContains_r(h, pg, g);
        char x = c == 1 ? 1 : GEOSPreparedIntersects_r(h, pg, g);
        pairs[k].crosses = x != 1 ? -1 : c != 1;
    }
    double t1 = cpu_s();
    size_t last = (size_t)-1;
    for (size_t k = 0; k < npairs; k++) {
        if (pairs[k].crosses < 0 || pairs[k].parcel == last)
            continue; /* one test per parcel that meets a cluster */
        last = pairs[k].parcel;
        n_valid++;
        if (GEOSisValid_r(h, pa.g[pairs[k].parcel]) != 1)
            n_bad++;
    }
    double t2 = cpu_s();
    GEOSGeometry **piece = calloc(npairs + 1, sizeof *piece);
    if (!piece)
        return 1;
    size_t n_cut = 0;
    for (size_t k = 0; k < npairs; k++)
        if (pairs[k].crosses == 1) {
            piece[k] = GEOSIntersection_r(h, cl.g[pairs[k].zone],
                                          pa.g[pairs[k].parcel]);
            n_cut++;
        }
    double t3 = cpu_s();
    double sum_m2 = 0;
    size_t n_area = 0;
    for (size_t k = 0; k < npairs; k++) {
        if (pairs[k].crosses < 0)
            continue;
        n_area++;
        double a = 0;
        if (GEOSArea_r(h, piece[k] ? piece[k] : pa.g[pairs[k].parcel], &a))
            sum_m2 += a;
    }
    double t4 = cpu_s();
    double t_rel = t1 - t0, t_valid = t2 - t1, t_cut = t3 - t2,
           t_area = t4 - t3;
    for (size_t k = 0; k < npairs; k++)
        if (piece[k])
            GEOSGeom_destroy_r(h, piece[k]);
    free(piece);
    free(pairs);
    printf("parcels %zu clusters %zu\n", pa.n, cl.n);
    printf("relate %zu %.3f\n", n_rel, t_rel);
    printf("valid %zu %.3f\n", n_valid, t_valid);
    printf("cut %zu %.3f\n", n_cut, t_cut);
    printf("area %zu %.3f\n", n_area, t_area);
    printf("total %.3f\n", t_rel + t_valid + t_cut + t_area);
    printf("invalid %zu area_m2 %.1f\n", n_bad, sum_m2);
    free(hs.hit);
    for (size_t z = 0; z < cl.n; z++) {
        GEOSPreparedGeom_destroy_r(h, prep[z]);
        GEOSGeom_destroy_r(h, cl.g[z]);
    }
    for (size_t i = 0; i < pa.n; i++)
        GEOSGeom_destroy_r(h, pa.g[i]);
    free(prep);
    free(cl.g);
    free(pa.g);
    GEOSSTRtree_destroy_r(h, tree);
    GEOS_finish_r(h);
    return 0;
}
