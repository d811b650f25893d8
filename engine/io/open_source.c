/* SPDX-License-Identifier: MIT
 *
 * open_source.c: open any vector source GDAL reads, choose its layer,
 * decide how its attribute text becomes UTF-8, resolve its CRS, and hash
 * its files for the provenance record.
 */
#include "io_int.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <iconv.h>
#include <ogr_srs_api.h>
#include <string.h>

/* Map the user's short names to iconv's. */
static const char *iconv_name_for(const char *enc)
{
    if (zg_streq_nocase(enc, "utf8") || zg_streq_nocase(enc, "utf-8"))
        return NULL;
    if (zg_streq_nocase(enc, "cp1258") || zg_streq_nocase(enc, "windows-1258"))
        return "CP1258";
    if (zg_streq_nocase(enc, "tcvn3") || zg_streq_nocase(enc, "tcvn"))
        return "TCVN5712-1";
    if (zg_streq_nocase(enc, "latin1"))
        return "ISO-8859-1";
    return enc;
}

static zg_status set_decoder(zg_ctx *ctx, zg_text_decoder *dec, bool raw,
                             const char *iconv_name, const char *label)
{
    dec->raw = raw;
    dec->iconv_name = iconv_name ? zg_strdup(ctx, iconv_name) : NULL;
    dec->label = zg_strdup(ctx, label);
    if ((iconv_name && !dec->iconv_name) || !dec->label)
        return zg_nomem(ctx, "decoder");
    return ZG_OK;
}

char *zg_text_decode(zg_ctx *ctx, const zg_text_decoder *dec,
                     const char *bytes, bool *repaired)
{
    size_t len = strlen(bytes);
    *repaired = false;
    if (dec->raw && dec->iconv_name)
        return zg_decode_iconv(ctx, dec->iconv_name, bytes, len, repaired);
    if (zg_utf8_valid(bytes, len))
        return zg_strdup(ctx, bytes);
    *repaired = true;
    return zg_utf8_sanitize(ctx, bytes, len);
}

/* A comma-separated list of the dataset's layer names, for messages. */
static void layer_list(GDALDatasetH ds, char *buf, size_t cap)
{
    buf[0] = '\0';
    int n = GDALDatasetGetLayerCount(ds);
    for (int i = 0; i < n; i++) {
        const char *name = OGR_L_GetName(GDALDatasetGetLayer(ds, i));
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", name);
    }
}

static zg_status open_dataset(zg_ctx *ctx, const char *path, bool raw,
                              GDALDatasetH *ds)
{
    char *opts[] = {"ENCODING=", NULL};
    zg_libmsg_clear(ctx);
    *ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY |
                               GDAL_OF_VERBOSE_ERROR,
                     NULL, raw ? (const char *const *)opts : NULL, NULL);
    if (*ds)
        return ZG_OK;
    VSIStatBufL st;
    if (VSIStatL(path, &st) != 0)
        return zg_fail(ctx, ZG_ERR_INPUT, "cannot open input: no such file "
                       "(%s)", path);
    return zg_fail(ctx, ZG_ERR_INPUT, "cannot open input as a vector "
                   "source: %s (%s)",
                   zg_gdal_lastmsg(ctx)[0] ? zg_gdal_lastmsg(ctx)
                                           : "no GDAL driver recognises it",
                   path);
}

/* A shapefile's .dbf holds its attributes; GDAL opens a .shp without one
 * and silently gives features with no fields. We refuse: ids and names
 * would be invented. */
static zg_status check_shapefile_parts(zg_ctx *ctx, GDALDatasetH ds,
                                       const char *path)
{
    char **files = GDALGetFileList(ds);
    bool shp = false, dbf = false;
    for (char **f = files; f && *f; f++) {
        const char *ext = CPLGetExtension(*f);
        if (EQUAL(ext, "shp"))
            shp = true;
        if (EQUAL(ext, "dbf"))
            dbf = true;
    }
    CSLDestroy(files);
    if (shp && !dbf)
        return zg_fail(ctx, ZG_ERR_INPUT, "shapefile has no .dbf: its "
                       "attribute table is missing (%s)", path);
    return ZG_OK;
}

static zg_status hash_files(zg_ctx *ctx, GDALDatasetH ds, zg_layer *layer)
{
    char **files = GDALGetFileList(ds);
    int n = CSLCount(files);
    zg_status st = ZG_OK;
    layer->files = zg_calloc(ctx, (size_t)(n > 0 ? n : 1),
                             sizeof *layer->files);
    if (!layer->files) {
        CSLDestroy(files);
        return zg_nomem(ctx, "file list");
    }
    for (int i = 0; i < n && st == ZG_OK; i++) {
        zg_input_file *f = &layer->files[layer->nfiles];
        f->path = zg_strdup(ctx, files[i]);
        if (!f->path) {
            st = zg_nomem(ctx, "file list");
            break;
        }
        layer->nfiles++;
        st = zg_sha256_file(ctx, files[i], f->sha256);
    }
    CSLDestroy(files);
    return st;
}

zg_status zg_source_open(zg_ctx *ctx, const zg_input_opts *o,
                         zg_layer *layer, zg_source *src)
{
    memset(src, 0, sizeof *src);
    const char *forced = o->encoding ? iconv_name_for(o->encoding) : NULL;
    if (forced) {
        iconv_t cd = iconv_open("UTF-8", forced);
        if (cd == (iconv_t)-1)
            return zg_fail(ctx, ZG_ERR_USAGE, "unknown encoding '%s' "
                           "(--encoding for %s)", o->encoding, o->path);
        iconv_close(cd);
    }

    zg_status st = open_dataset(ctx, o->path, false, &src->ds);
    if (st)
        return st;
    const char *drv = GDALGetDriverShortName(GDALGetDatasetDriver(src->ds));
    layer->driver = zg_strdup(ctx, drv);
    if (!layer->driver)
        return zg_nomem(ctx, "driver name");
    bool shapefile = strcmp(drv, "ESRI Shapefile") == 0;
    if (shapefile && (st = check_shapefile_parts(ctx, src->ds, o->path)))
        return st;

    /* Choose the layer. */
    int nl = GDALDatasetGetLayerCount(src->ds);
    char names[1024];
    layer_list(src->ds, names, sizeof names);
    if (o->layer) {
        src->lyr = GDALDatasetGetLayerByName(src->ds, o->layer);
        if (!src->lyr)
            return zg_fail(ctx, ZG_ERR_INPUT, "no layer '%s'; the source "
                           "has: %s (%s)", o->layer, names, o->path);
    } else if (nl == 0) {
        return zg_fail(ctx, ZG_ERR_INPUT, "the source has no layer (%s)",
                       o->path);
    } else if (nl > 1) {
        return zg_fail(ctx, ZG_ERR_INPUT, "the source has %d layers (%s): "
                       "choose one with --layer (%s)", nl, names, o->path);
    } else {
        src->lyr = GDALDatasetGetLayer(src->ds, 0);
    }
    layer->layer_name = zg_strdup(ctx, OGR_L_GetName(src->lyr));
    if (!layer->layer_name)
        return zg_nomem(ctx, "layer name");

    /* Decide how text becomes UTF-8. For a DBF, GDAL decodes by the .cpg
     * or the language id through iconv, without flushing iconv's state:
     * with decoders that wait for a combining mark (TCVN5712-1, CP1258)
     * the last letter of every value and field name is lost. So whenever
     * the source encoding is not UTF-8, or the user names one, we read the
     * raw bytes and decode them ourselves. */
    const char *cpg_enc = shapefile ? GDALGetMetadataItem(
                                          (GDALMajorObjectH)src->lyr,
                                          "SOURCE_ENCODING", "SHAPEFILE")
                                    : NULL;
    bool cpg_utf8 = cpg_enc && (zg_streq_nocase(cpg_enc, "UTF-8") ||
                                zg_streq_nocase(cpg_enc, "UTF8"));
    if (shapefile && (o->encoding || (cpg_enc && *cpg_enc && !cpg_utf8))) {
        /* Copy: cpg_enc lives in the dataset we are about to close. */
        char enc_buf[64] = "";
        snprintf(enc_buf, sizeof enc_buf, "%s", cpg_enc ? cpg_enc : "");
        const char *enc = o->encoding ? forced : enc_buf;
        char label[160];
        snprintf(label, sizeof label, "%s (decoded by zoneguard, %s)",
                 o->encoding ? o->encoding : enc_buf,
                 o->encoding ? "--encoding" : "from .cpg or DBF language id");
        if (!o->encoding) {
            iconv_t cd = iconv_open("UTF-8", enc);
            if (cd == (iconv_t)-1)
                return zg_fail(ctx, ZG_ERR_INPUT, "the .cpg names an "
                               "encoding iconv does not know: '%s'; give one "
                               "with --encoding (%s)", enc, o->path);
            iconv_close(cd);
        }
        /* Reopen raw; the layer name does not change. */
        GDALClose(src->ds);
        src->ds = NULL;
        if ((st = open_dataset(ctx, o->path, true, &src->ds)))
            return st;
        src->lyr = GDALDatasetGetLayerByName(src->ds, layer->layer_name);
        if (!ZG_ALWAYS(src->lyr != NULL))
            return zg_fail(ctx, ZG_ERR_INTERNAL, "layer vanished on reopen");
        st = set_decoder(ctx, &src->dec, true, enc, label);
    } else if (o->encoding && !shapefile) {
        zg_msg(ctx, ZG_MSG_WARNING, "--encoding %s ignored: %s stores "
               "UTF-8 (%s)", o->encoding, drv, o->path);
        st = set_decoder(ctx, &src->dec, false, NULL, "UTF-8 (driver)");
    } else if (shapefile) {
        st = set_decoder(ctx, &src->dec, false, NULL,
                         cpg_utf8 ? "UTF-8 (.cpg)"
                                  : "UTF-8 assumed (no .cpg, no language id)");
    } else {
        st = set_decoder(ctx, &src->dec, false, NULL, "UTF-8 (driver)");
    }
    if (st)
        return st;
    layer->encoding_used = zg_strdup(ctx, src->dec.label);
    if (!layer->encoding_used)
        return zg_nomem(ctx, "encoding label");
    return hash_files(ctx, src->ds, layer);
}

void zg_source_close(zg_ctx *ctx, zg_source *src)
{
    if (src->ds)
        GDALClose(src->ds);
    zg_free(ctx, src->dec.iconv_name);
    zg_free(ctx, src->dec.label);
    memset(src, 0, sizeof *src);
}

zg_status zg_source_crs(zg_ctx *ctx, const zg_input_opts *o,
                        zg_layer *layer, zg_source *src)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(src->lyr);
    zg_status st;
    if (!srs) {
        if (!o->s_srs)
            return zg_fail(ctx, ZG_ERR_CRS, "the source declares no CRS (no "
                           ".prj?): give it with --s-srs, e.g. --s-srs "
                           "EPSG:5897 for VN-2000 / TM-3 105° (%s, layer %s)",
                           o->path, layer->layer_name);
        st = zg_crs_from_user(ctx, o->s_srs, &layer->crs);
    } else {
        if (o->s_srs)
            zg_msg(ctx, ZG_MSG_WARNING, "--s-srs %s ignored: the source "
                   "declares its CRS (%s)", o->s_srs, o->path);
        char *wkt = NULL;
        const char *wopts[] = {"FORMAT=WKT2_2019", NULL};
        if (OSRExportToWktEx(srs, &wkt, wopts) != OGRERR_NONE || !wkt) {
            CPLFree(wkt);
            return zg_fail(ctx, ZG_ERR_CRS, "the source's CRS cannot be "
                           "exported by GDAL (%s, layer %s)", o->path,
                           layer->layer_name);
        }
        st = zg_crs_from_wkt(ctx, wkt, &layer->crs);
        CPLFree(wkt);
    }
    if (st) {
        /* Add the file to PROJ's message. */
        char msg[ZG_ERRMSG_MAX];
        snprintf(msg, sizeof msg, "%s", zg_ctx_errmsg(ctx));
        return zg_fail(ctx, st, "%s (%s, layer %s)", msg, o->path,
                       layer->layer_name);
    }
    return ZG_OK;
}
