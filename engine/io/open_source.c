/* SPDX-License-Identifier: MIT
 *
 * open_source.c: open any vector source GDAL reads, choose its layer,
 * have its attribute text decoder chosen (text_encoding.c), resolve its
 * CRS, and hash its files for the provenance record.
 */
#include "io_int.h"
#include "../core/input_files.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ogr_srs_api.h>
#include <math.h>
#include <string.h>

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

/* A .zip that holds one vector dataset (a GeoPackage, a GeoJSON, a
 * shapefile with its sidecars...) is opened as that dataset, as GDAL 3.7
 * does for .gpkg.zip and GDAL 3.6 already does for .shp.zip: planners get
 * data by e-mail, zipped. Returns a new "/vsizip/ZIP/MEMBER" path, or NULL
 * (not such a zip, or allocation failed: the path is then opened as is,
 * and GDAL says what it can). */
static char *zip_member_path(zg_ctx *ctx, const char *path)
{
    size_t n = strlen(path);
    if (n < 5 || !EQUAL(path + n - 4, ".zip") || STARTS_WITH(path, "/vsi") ||
        (n > 8 && EQUAL(path + n - 8, ".shp.zip")))
        return NULL;
    static const char *const VECTOR_EXT[] = {"gpkg", "geojson", "json",
                                             "kml", "fgb", "gml", "sqlite",
                                             "shp", "tab", "mif", NULL};
    char *zip = zg_asprintf(ctx, "/vsizip/%s", path);
    char **entries = zip ? VSIReadDirRecursive(zip) : NULL;
    const char *found = NULL;
    int count = 0;
    for (char **e = entries; e && *e; e++) {
        if (strstr(*e, "__MACOSX"))
            continue;
        const char *ext = CPLGetExtension(*e);
        for (const char *const *v = VECTOR_EXT; *v; v++)
            if (EQUAL(ext, *v)) {
                found = *e;
                count++;
            }
    }
    char *out = count == 1 ? zg_asprintf(ctx, "%s/%s", zip, found) : NULL;
    CSLDestroy(entries);
    zg_free(ctx, zip);
    return out;
}

zg_status zg_source_open_dataset(zg_ctx *ctx, const char *path, bool raw,
                                 GDALDatasetH *ds)
{
    char *opts[] = {"ENCODING=", NULL};
    char *member = zip_member_path(ctx, path);
    const char *user_path = path;
    if (member)
        path = member;
    zg_libmsg_clear(ctx);
    /* OSM extracts whose node ids are not sorted (common in hand-made or
     * filtered files) stop GDAL's OSM reader with "Non increasing node
     * id" under its default custom index; the SQLite index it falls back
     * to reads them all. Read at open, so set for this thread only. */
    CPLSetThreadLocalConfigOption("OSM_USE_CUSTOM_INDEXING", "NO");
    *ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY |
                               GDAL_OF_VERBOSE_ERROR,
                     NULL, raw ? (const char *const *)opts : NULL, NULL);
    CPLSetThreadLocalConfigOption("OSM_USE_CUSTOM_INDEXING", NULL);
    zg_free(ctx, member);
    path = user_path;
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
    if (shp && !dbf) {
        /* GDAL also leaves out a .dbf whose header it cannot read, as if
         * there were none: say which it is. */
        const char *dbf_path = NULL;
        VSIStatBufL sb;
        for (char **f = files; f && *f && !dbf_path; f++)
            if (EQUAL(CPLGetExtension(*f), "shp"))
                for (int up = 0; up < 2 && !dbf_path; up++) {
                    const char *p = CPLResetExtension(*f, up ? "DBF" : "dbf");
                    if (VSIStatL(p, &sb) == 0)
                        dbf_path = p;
                }
        zg_status st = dbf_path
            ? zg_fail(ctx, ZG_ERR_INPUT, "the shapefile's .dbf is damaged: "
                      "GDAL cannot read its header (%llu bytes), so the "
                      "attribute table is unreadable (%s)",
                      (unsigned long long)sb.st_size, dbf_path)
            : zg_fail(ctx, ZG_ERR_INPUT, "shapefile has no .dbf: its "
                      "attribute table is missing (%s)", path);
        CSLDestroy(files);
        return st;
    }
    CSLDestroy(files);
    return ZG_OK;
}

/* The dataset's files, into layer->files, not yet hashed. GDAL builds
 * their names in buffers of 2048 bytes and gives an empty name for a
 * longer path: refused, naming the source, rather than hashed as "". */
static zg_status list_files(zg_ctx *ctx, GDALDatasetH ds, zg_layer *layer,
                            const char *path)
{
    char **files = GDALGetFileList(ds);
    int n = CSLCount(files);
    zg_status st = ZG_OK;
    for (int i = 0; i < n; i++)
        if (!files[i][0]) {
            CSLDestroy(files);
            return zg_fail(ctx, ZG_ERR_INPUT, "GDAL cannot name the files "
                           "of this source: its path (%zu bytes) is longer "
                           "than GDAL's file names can be; move it to a "
                           "shorter path (%s)", strlen(path), path);
        }
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
    }
    CSLDestroy(files);
    return st;
}

zg_status zg_layer_hash_files(zg_ctx *ctx, zg_layer *layer)
{
    zg_status st = ZG_OK;
    for (size_t i = 0; i < layer->nfiles && st == ZG_OK; i++)
        st = zg_sha256_file(ctx, layer->files[i].path, layer->files[i].sha256);
    return st;
}

/* The first line of the layer's .cpg, as written (non-printable bytes
 * shown as '?'), into buf; false when the layer has no .cpg. */
static bool read_cpg(GDALDatasetH ds, const char *layer_name, char *buf,
                     size_t cap)
{
    char **files = GDALGetFileList(ds);
    const char *cpg = NULL;
    for (char **f = files; f && *f && !cpg; f++)
        if (EQUAL(CPLGetExtension(*f), "cpg") &&
            EQUAL(CPLGetBasename(*f), layer_name))
            cpg = *f;
    VSILFILE *fp = cpg ? VSIFOpenL(cpg, "rb") : NULL;
    CSLDestroy(files);
    if (!fp)
        return false;
    size_t n = VSIFReadL(buf, 1, cap - 1, fp);
    VSIFCloseL(fp);
    buf[n] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
    for (char *c = buf; *c; c++)
        if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7E)
            *c = '?';
    /* Trim the blanks some writers add. */
    size_t len = strlen(buf);
    while (len && buf[len - 1] == ' ')
        buf[--len] = '\0';
    return true;
}

static zg_status open_source(zg_ctx *ctx, const zg_input_opts *o,
                              zg_layer *layer, zg_source *src, bool hash)
{
    memset(src, 0, sizeof *src);
    zg_status st = zg_encoding_check(ctx, o->encoding, o->role, o->path);
    if (st)
        return st;
    /* GDAL would open a FIFO and wait, or read a device for ever. */
    if ((st = zg_input_check_kind(ctx, o->role, o->path)))
        return st;
    if ((st = zg_source_open_dataset(ctx, o->path, false, &src->ds)))
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
    if (shapefile &&
        (st = zg_shp_index_check(ctx, src->ds, layer->layer_name, o->path)))
        return st;

    /* A DBF is always read raw and decoded here: GDAL decodes by the .cpg
     * or the language id through iconv without flushing its state, so
     * with decoders that wait for a combining mark (TCVN5712-1, CP1258)
     * the last letter of every value and field name is lost, and it has
     * no VNI at all (shared/docs/domain.md s.4). What the DBF declares is
     * read first, from the dataset opened normally. */
    zg_dbf_meta meta = {NULL, NULL};
    char declared[64] = "", cpg[256] = "";
    if (shapefile) {
        const char *d = GDALGetMetadataItem((GDALMajorObjectH)src->lyr,
                                            "SOURCE_ENCODING", "SHAPEFILE");
        snprintf(declared, sizeof declared, "%s", d ? d : "");
        meta.declared = declared;
        meta.cpg = read_cpg(src->ds, layer->layer_name, cpg, sizeof cpg)
                       ? cpg : NULL;
        GDALClose(src->ds);
        src->ds = NULL;
        if ((st = zg_source_open_dataset(ctx, o->path, true, &src->ds)))
            return st;
        src->lyr = GDALDatasetGetLayerByName(src->ds, layer->layer_name);
        if (!ZG_ALWAYS(src->lyr != NULL))
            return zg_fail(ctx, ZG_ERR_INTERNAL, "layer vanished on reopen");
    }
    if ((st = zg_text_choose(ctx, o, layer, src, shapefile ? &meta : NULL)))
        return st;
    layer->encoding_used = zg_strdup(ctx, src->dec.label);
    if (!layer->encoding_used)
        return zg_nomem(ctx, "encoding label");
    if ((st = zg_source_field_names(ctx, src)))
        return st;
    if ((st = list_files(ctx, src->ds, layer, o->path)))
        return st;
    return hash ? zg_layer_hash_files(ctx, layer) : ZG_OK;
}

zg_status zg_source_open(zg_ctx *ctx, const zg_input_opts *o,
                         zg_layer *layer, zg_source *src)
{
    return open_source(ctx, o, layer, src, true);
}

zg_status zg_source_open_unhashed(zg_ctx *ctx, const zg_input_opts *o,
                                  zg_layer *layer, zg_source *src)
{
    return open_source(ctx, o, layer, src, false);
}

void zg_source_close(zg_ctx *ctx, zg_source *src)
{
    if (src->ds)
        GDALClose(src->ds);
    zg_free(ctx, src->dec.name);
    zg_free(ctx, src->dec.label);
    for (int i = 0; i < src->nfields; i++)
        zg_free(ctx, src->field_names[i]);
    zg_free(ctx, src->field_names);
    memset(src, 0, sizeof *src);
}

char *zg_srs_label(zg_ctx *ctx, OGRSpatialReferenceH srs)
{
    if (!srs)
        return zg_strdup(ctx, "none");
    const char *auth = OSRGetAuthorityName(srs, NULL);
    const char *code = OSRGetAuthorityCode(srs, NULL);
    if (auth && code)
        return zg_asprintf(ctx, "%s:%s", auth, code);
    const char *name = OSRGetName(srs);
    return zg_strdup(ctx, name ? name : "unnamed");
}

/* The user's CRS in place of the declared one (a wrong .prj), logged. */
static zg_status assign_crs(zg_ctx *ctx, const zg_input_opts *o,
                            zg_layer *layer, OGRSpatialReferenceH srs)
{
    zg_status st = zg_crs_from_user(ctx, o->a_srs, &layer->crs);
    if (st)
        return st;
    if (!(layer->crs_declared = zg_srs_label(ctx, srs)))
        return zg_nomem(ctx, "CRS label");
    char *where = zg_layer_label(ctx, layer);
    char *problem = zg_asprintf(ctx, "CRS assigned: the source declares %s",
                                layer->crs_declared);
    char *action = zg_asprintf(ctx, "read as %s (a_srs), the declared CRS "
                               "ignored", layer->crs.label);
    st = where && problem && action
             ? zg_qa_add(ctx, &layer->qa, where, "", problem, action, NAN,
                         NAN)
             : zg_nomem(ctx, "qa_log");
    zg_free(ctx, where);
    zg_free(ctx, problem);
    zg_free(ctx, action);
    return st;
}

zg_status zg_source_crs(zg_ctx *ctx, const zg_input_opts *o,
                        zg_layer *layer, zg_source *src)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(src->lyr);
    zg_status st;
    if (o->a_srs) {
        st = assign_crs(ctx, o, layer, srs);
    } else if (!srs) {
        /* A .prj GDAL could not read is not "no .prj": say which. */
        size_t n = strlen(o->path);
        VSIStatBufL sb;
        bool prj = n > 4 && EQUAL(o->path + n - 4, ".shp") &&
                   VSIStatL(CPLResetExtension(o->path, "prj"), &sb) == 0;
        if (!o->s_srs)
            return zg_fail(ctx, ZG_ERR_CRS, "the source declares no CRS (%s): "
                           "give it with --s-srs, e.g. --s-srs EPSG:5897 for "
                           "VN-2000 / TM-3 105° (%s, layer %s)",
                           prj ? "its .prj is not a CRS GDAL can read"
                               : "no .prj?",
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
