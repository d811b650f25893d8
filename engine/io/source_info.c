/* SPDX-License-Identifier: MIT
 *
 * source_info.c: what a user checks before a run (`zoneguard info`): the
 * layers of a source, and for the layer zoneguard would read, its CRS as
 * zoneguard resolves it, its fields, the text encoding it would decode
 * them with, and the id, name and code fields it would take by default.
 * Everything goes through the same calls as a run, so what is printed is
 * what a run would do.
 */
#include "io_int.h"
#include "../core/input_files.h"

#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *geom_type_name(OGRLayerH lyr)
{
    OGRwkbGeometryType t = OGR_L_GetGeomType(lyr);
    return t == wkbNone ? "none (a table)" : OGRGeometryTypeToName(t);
}

/* The declared CRS as the record names it (zg_srs_label), with its name
 * beside an authority code. */
static void crs_label(zg_ctx *ctx, OGRLayerH lyr, char *buf, size_t cap)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lyr);
    char *label = srs ? zg_srs_label(ctx, srs) : NULL;
    const char *name = srs ? OSRGetName(srs) : NULL;
    if (!srs)
        snprintf(buf, cap, "none declared");
    else if (!label)
        snprintf(buf, cap, "?");
    else if (OSRGetAuthorityCode(srs, NULL))
        snprintf(buf, cap, "%s (%s)", label, name ? name : "?");
    else
        snprintf(buf, cap, "%s (no authority code)", label);
    zg_free(ctx, label);
}

/* The field a run takes by default, as layer_read.c chooses it: the
 * first of `defaults` by name (case ignored), else the first whose folded
 * name matches (mã_ccn for ma_ccn); NULL when none. */
static const char *default_pick(const zg_source *src,
                                const char *const *defaults, bool folded)
{
    for (const char *const *d = defaults; *d; d++) {
        int i = zg_source_find_field(src, *d);
        if (i >= 0)
            return src->field_names[i];
    }
    char want[64], have[64];
    for (const char *const *d = defaults; folded && *d; d++) {
        if (!zg_field_name_fold(*d, want, sizeof want))
            continue;
        for (int i = 0; i < src->nfields; i++)
            if (zg_field_name_fold(src->field_names[i], have, sizeof have) &&
                strcmp(have, want) == 0)
                return src->field_names[i];
    }
    return NULL;
}

static void print_pick(FILE *f, const char *what, const char *given,
                       const zg_source *src, const char *const *defaults,
                       bool folded, const char *otherwise)
{
    if (given) {
        int i = zg_source_find_field(src, given);
        fprintf(f, "  %-12s %s (given%s)\n", what, given,
                i >= 0 ? "" : ": NOT in the layer");
        return;
    }
    const char *p = default_pick(src, defaults, folded);
    fprintf(f, "  %-12s %s (default; looked for:", what, p ? p : otherwise);
    for (const char *const *d = defaults; *d; d++)
        fprintf(f, " %s", *d);
    fputs(")\n", f);
}

static zg_status describe(zg_ctx *ctx, const zg_input_opts *o, FILE *f)
{
    GDALDatasetH ds = NULL;
    /* A FIFO or a device would block GDAL or never end. */
    zg_status st = zg_input_check_kind(ctx, o->role, o->path);
    if (!st)
        st = zg_source_open_dataset(ctx, o->path, false, &ds);
    if (st)
        return st;
    int nl = GDALDatasetGetLayerCount(ds);
    fprintf(f, "source:  %s\ndriver:  %s\nlayers:  %d\n", o->path,
            GDALGetDriverShortName(GDALGetDatasetDriver(ds)), nl);
    for (int i = 0; i < nl; i++) {
        OGRLayerH l = GDALDatasetGetLayer(ds, i);
        char crs[256];
        crs_label(ctx, l, crs, sizeof crs);
        /* Some drivers (OSM) cannot count without reading it all. */
        GIntBig n = OGR_L_GetFeatureCount(l, 0);
        char count[32];
        if (n < 0)
            snprintf(count, sizeof count, "?");
        else
            snprintf(count, sizeof count, "%lld", (long long)n);
        fprintf(f, "  %-24s %-18s %10s features  CRS %s\n", OGR_L_GetName(l),
                geom_type_name(l), count, crs);
    }
    GDALClose(ds);
    if (nl > 1 && !o->layer) {
        fputs("several layers: name one (--layer) to see its fields, text "
              "encoding and CRS as zoneguard reads them\n", f);
        return ZG_OK;
    }

    zg_layer *lp = zg_calloc(ctx, 1, sizeof *lp);
    if (!lp)
        return zg_nomem(ctx, "layer");
    lp->ctx = ctx;
    lp->role = zg_strdup(ctx, o->role);
    lp->path = zg_strdup(ctx, o->path);
    if (!lp->role || !lp->path) {
        zg_layer_free(lp);
        return zg_nomem(ctx, "layer");
    }
    zg_source src;
    st = zg_source_open_unhashed(ctx, o, lp, &src);
    if (!st)
        st = zg_source_crs(ctx, o, lp, &src);
    if (!st) {
        OGREnvelope env;
        fprintf(f, "\nlayer %s, as zoneguard reads it:\n", lp->layer_name);
        fprintf(f, "  %-12s %s%s%s\n", "CRS", lp->crs.label,
                lp->crs.remap_note ? "; " : "",
                lp->crs.remap_note ? lp->crs.remap_note : "");
        if (OGR_L_GetExtent(src.lyr, &env, 1) == OGRERR_NONE)
            fprintf(f, "  %-12s %.6f %.6f, %.6f %.6f (source CRS)\n",
                    "extent", env.MinX, env.MinY, env.MaxX, env.MaxY);
        fprintf(f, "  %-12s %s\n", "text", lp->encoding_used);
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(src.lyr);
        fprintf(f, "  %-12s %d:", "fields", src.nfields);
        for (int i = 0; i < src.nfields; i++)
            fprintf(f, "%s %s (%s)", i ? "," : "", src.field_names[i],
                    OGR_GetFieldTypeName(OGR_Fld_GetType(
                        OGR_FD_GetFieldDefn(d, i))));
        fputc('\n', f);
        /* Ids and names are also matched folded (layer_read.c); codes
         * by name only (landuse/stream.c). */
        print_pick(f, "id field", o->id_field, &src, ZG_ID_FIELDS, true,
                   "none: the feature id (FID)");
        print_pick(f, "name field", o->name_field, &src, ZG_NAME_FIELDS, true,
                   "none");
        print_pick(f, "code field", NULL, &src, ZG_CODE_FIELDS, false,
                   "none (land use and housing need one named)");
        for (size_t i = 0; i < lp->qa.n; i++)
            fprintf(f, "  %-12s %s: %s\n", "note", lp->qa.rows[i].problem,
                    lp->qa.rows[i].action);
    }
    zg_source_close(ctx, &src);
    zg_layer_free(lp);
    return st;
}

ZG_API zg_status zg_source_describe(zg_ctx *ctx, const zg_input_opts *o,
                                    char **text)
{
    if (!text)
        return ZG_ERR_USAGE;
    *text = NULL;
    if (!ctx || !o)
        return ctx ? zg_fail(ctx, ZG_ERR_USAGE, "no input") : ZG_ERR_USAGE;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return zg_nomem(ctx, "description");
    zg_gdal_begin(ctx);
    zg_status st = describe(ctx, o, f);
    zg_gdal_end(ctx);
    bool ok = fclose(f) == 0;
    if (!st && !ok)
        st = zg_nomem(ctx, "description");
    if (!st && !(*text = zg_strdup(ctx, buf)))
        st = zg_nomem(ctx, "description");
    free(buf);
    return st;
}

ZG_API void zg_text_free(zg_ctx *ctx, char *text)
{
    if (ctx)
        zg_free(ctx, text);
}
