/* SPDX-License-Identifier: MIT
 *
 * shp_index.c: check a shapefile's .shx against its .shp before reading.
 *
 * Why our own check: GDAL 3.6 reads feature i's geometry at the offset
 * the .shx gives. An offset past the end of the .shp raises an error, but
 * one that points at another record hands out that record's polygon, and
 * one into the middle of a record a NULL geometry, both silently (a debug
 * message at most). Every record of a .shp starts with its own number
 * (1-based) and length, so each .shx entry can be checked against the
 * header it points at; GDAL exposes neither, hence these few reads.
 */
#include "io_int.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <string.h>

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           (uint32_t)p[3];
}

/* The .shp is read through a window, so that the record headers of a
 * file whose records follow each other (the usual case) cost one read
 * per window, not one per record. */
typedef struct window {
    VSILFILE *fp;
    unsigned char buf[65536];
    vsi_l_offset start;
    size_t len;
} window;

/* The 8 bytes at `at` into out; false when they cannot be read. */
static bool window_get(window *w, vsi_l_offset at, unsigned char out[8])
{
    if (at < w->start || at + 8 > w->start + w->len) {
        if (VSIFSeekL(w->fp, at, SEEK_SET) != 0)
            return false;
        w->start = at;
        w->len = VSIFReadL(w->buf, 1, sizeof w->buf, w->fp);
        if (w->len < 8)
            return false;
    }
    memcpy(out, w->buf + (at - w->start), 8);
    return true;
}

/* The path of the layer's file with extension ext (either case), from
 * the dataset's file list; NULL when it has none. New string; caller
 * frees with zg_free. */
static char *layer_file(zg_ctx *ctx, GDALDatasetH ds, const char *layer_name,
                        const char *ext)
{
    char **files = GDALGetFileList(ds);
    char *out = NULL;
    for (char **f = files; f && *f && !out; f++)
        if (EQUAL(CPLGetExtension(*f), ext) &&
            EQUAL(CPLGetBasename(*f), layer_name))
            out = zg_strdup(ctx, *f);
    CSLDestroy(files);
    return out;
}

/* Every entry of the .shx (open at fx) against the .shp behind w. */
static zg_status check_entries(zg_ctx *ctx, VSILFILE *fx, window *w,
                               vsi_l_offset shp_size, const char *path,
                               const char *layer_name)
{
    unsigned char entries[8 * 4096], head[8];
    size_t got;
    long long fid = 0, first = 0;
    /* The length the .shp's header declares (in 16-bit words): a file
     * shorter than that was cut, and its index is not to blame. */
    vsi_l_offset declared = window_get(w, 24, head)
                                ? (vsi_l_offset)be32(head) * 2 : 0;
    if (VSIFSeekL(fx, 100, SEEK_SET) != 0)
        return ZG_OK; /* no entry: GDAL says what it makes of that */
    while ((got = VSIFReadL(entries, 8, 4096, fx)) > 0) {
        for (size_t i = 0; i < got; i++, fid++) {
            vsi_l_offset at = (vsi_l_offset)be32(entries + 8 * i) * 2;
            vsi_l_offset len = (vsi_l_offset)be32(entries + 8 * i + 4) * 2;
            bool outside = at < 100 || at + 8 + len > shp_size ||
                           !window_get(w, at, head);
            if (outside && declared > shp_size && at + 8 + len <= declared)
                return zg_fail(ctx, ZG_ERR_INPUT, "the .shp is truncated: "
                               "its header says %llu bytes, it holds %llu, "
                               "and the record of feature %lld ends at byte "
                               "%llu (%s, layer %s, FID %lld)",
                               (unsigned long long)declared,
                               (unsigned long long)shp_size, fid,
                               (unsigned long long)(at + 8 + len), path,
                               layer_name, fid);
            if (outside)
                return zg_fail(ctx, ZG_ERR_INPUT, "the .shx index is "
                               "damaged: it puts the record of feature %lld "
                               "at bytes %llu to %llu, outside the .shp's "
                               "records (bytes 100 to %llu) (%s, layer %s, "
                               "FID %lld)", fid, (unsigned long long)at,
                               (unsigned long long)(at + 8 + len),
                               (unsigned long long)shp_size, path,
                               layer_name, fid);
            /* Records are numbered from 1; a writer that numbers from 0
             * is taken at its word, as long as it keeps counting. */
            long long number = be32(head);
            if (fid == 0 && number <= 1)
                first = number;
            vsi_l_offset head_len = (vsi_l_offset)be32(head + 4) * 2;
            if (number == first + fid && head_len == len)
                continue;
            if (number >= first && number < first + fid)
                return zg_fail(ctx, ZG_ERR_INPUT, "the .shx index is "
                               "damaged: it points feature %lld at the "
                               "record of feature %lld (byte %llu of the "
                               ".shp) (%s, layer %s, FID %lld)", fid,
                               number - first, (unsigned long long)at, path,
                               layer_name, fid);
            return zg_fail(ctx, ZG_ERR_INPUT, "the .shx index is damaged: "
                           "it points feature %lld at byte %llu of the .shp, "
                           "where its record does not start (%s, layer %s, "
                           "FID %lld)", fid, (unsigned long long)at, path,
                           layer_name, fid);
        }
    }
    return ZG_OK;
}

zg_status zg_shp_index_check(zg_ctx *ctx, GDALDatasetH ds,
                             const char *layer_name, const char *path)
{
    char *shp = layer_file(ctx, ds, layer_name, "shp");
    char *shx = layer_file(ctx, ds, layer_name, "shx");
    VSILFILE *fx = shx ? VSIFOpenL(shx, "rb") : NULL;
    window *w = zg_calloc(ctx, 1, sizeof *w);
    zg_status st = ZG_OK;
    VSIStatBufL sb;
    if (!w)
        st = zg_nomem(ctx, "shapefile index check");
    /* Without a .shx GDAL does not open a .shp; a file it lists but that
     * cannot be opened here is left to GDAL's reading to report. */
    else if (shp && fx && VSIStatL(shp, &sb) == 0 &&
             (w->fp = VSIFOpenL(shp, "rb")) != NULL)
        st = check_entries(ctx, fx, w, (vsi_l_offset)sb.st_size, path,
                           layer_name);
    if (w && w->fp)
        VSIFCloseL(w->fp);
    if (fx)
        VSIFCloseL(fx);
    zg_free(ctx, w);
    zg_free(ctx, shp);
    zg_free(ctx, shx);
    return st;
}
