/* SPDX-License-Identifier: MIT
 *
 * arrow_rows.c: a layer's rows through GDAL's column-oriented reader
 * (RFC 86, OGR_L_GetArrowStream): the FID, at most one text field and the
 * geometry as ISO WKB, a batch of rows at a time.
 *
 * Why: a GeoPackage read feature by feature builds an OGRFeature and an
 * OGRGeometry per row, which the stream then writes back out as WKB for
 * GEOS. GDAL's GeoPackage driver has its own Arrow reader that hands out
 * the stored WKB directly: on 2 M parcels, 0.65 s against 2.4 s for
 * OGR_L_GetNextFeature alone. Only drivers that say their Arrow reader is
 * fast (OLCFastGetArrowStream) take this route; for the others GDAL's
 * generic Arrow reader is GetNextFeature underneath, and the feature path
 * is as quick and better known.
 */
#include "io_int.h"

#include <string.h>

static int child_named(const struct ArrowSchema *s, const char *name)
{
    for (int64_t i = 0; i < s->n_children; i++)
        if (s->children[i]->name && strcmp(s->children[i]->name, name) == 0)
            return (int)i;
    return -1;
}

zg_status zg_arrow_rows_open(zg_ctx *ctx, OGRLayerH lyr,
                             const char *text_field, zg_arrow_rows *ar,
                             bool *usable)
{
    memset(ar, 0, sizeof *ar);
    ar->fid_col = ar->text_col = ar->geom_col = -1;
    *usable = false;
    /* GDAL 3.6.2's GeoPackage reader returns empty WKB when no attribute
     * is read (OSGeo/gdal#7106, fixed in 3.6.3): ask for a text field. */
    if (!text_field ||
        !OGR_L_TestCapability(lyr, OLCFastGetArrowStream))
        return ZG_OK;
    /* Batches of 16 384 rows: about 2 MB of parcels in flight, and the
     * progress bar moves. */
    char *opts[] = {"INCLUDE_FID=YES", "MAX_FEATURES_IN_BATCH=16384", NULL};
    OGR_L_ResetReading(lyr);
    if (!OGR_L_GetArrowStream(lyr, &ar->stream, opts))
        return ZG_OK; /* not offered after all: read feature by feature */
    ar->open = true;
    if (ar->stream.get_schema(&ar->stream, &ar->schema) != 0) {
        zg_arrow_rows_close(ar);
        return ZG_OK;
    }
    ar->have_schema = true;
    const char *fid = OGR_L_GetFIDColumn(lyr);
    const char *geom = OGR_L_GetGeometryColumn(lyr);
    ar->fid_col = child_named(&ar->schema, fid && *fid ? fid : "OGC_FID");
    ar->geom_col = child_named(&ar->schema,
                               geom && *geom ? geom : "wkb_geometry");
    ar->text_col = child_named(&ar->schema, text_field);
    /* The types this reader reads; anything else goes feature by feature
     * (an integer code field, say, which GetFieldAsString formats). */
    const char *ff = ar->fid_col >= 0
                         ? ar->schema.children[ar->fid_col]->format : "";
    const char *gf = ar->geom_col >= 0
                         ? ar->schema.children[ar->geom_col]->format : "";
    const char *tf = ar->text_col >= 0
                         ? ar->schema.children[ar->text_col]->format : "";
    if (strcmp(ff, "l") != 0 || strcmp(gf, "z") != 0 ||
        strcmp(tf, "u") != 0) {
        zg_arrow_rows_close(ar);
        OGR_L_ResetReading(lyr);
        return ZG_OK;
    }
    (void)ctx;
    *usable = true;
    return ZG_OK;
}

zg_status zg_arrow_rows_next(zg_ctx *ctx, zg_arrow_rows *ar, size_t *n)
{
    *n = 0;
    for (;;) {
        if (ar->have_batch) {
            ar->batch.release(&ar->batch);
            ar->have_batch = false;
        }
        memset(&ar->batch, 0, sizeof ar->batch);
        zg_libmsg_clear(ctx);
        int e = ar->stream.get_next(&ar->stream, &ar->batch);
        if (ar->batch.release)
            ar->have_batch = true;
        if (e != 0) {
            const char *m = ar->stream.get_last_error(&ar->stream);
            return zg_fail(ctx, ZG_ERR_INPUT, "%s",
                           m && *m ? m : "the layer cannot be read on");
        }
        /* GDAL 3.6's GeoPackage reader meets an SQLite error (a damaged
         * file) by reporting it through CPLError and handing out empty
         * batches, not by failing get_next: taken as the end, a damaged
         * layer would read as a short one, without a word. */
        if (zg_gdal_lastmsg(ctx)[0])
            return zg_fail(ctx, ZG_ERR_INPUT, "%s", zg_gdal_lastmsg(ctx));
        if (!ar->have_batch)
            return ZG_OK; /* the end */
        if (ar->batch.n_children != ar->schema.n_children ||
            ar->batch.length < 0)
            return zg_fail(ctx, ZG_ERR_INPUT, "GDAL returned a batch of "
                           "rows unlike its schema");
        if (ar->batch.length > 0) {
            *n = (size_t)ar->batch.length;
            return ZG_OK;
        }
        /* an empty batch, and no error: ask for the next */
    }
}

/* Row i of a column: the struct's own offset applies to its children. */
static int64_t row_of(const zg_arrow_rows *ar, const struct ArrowArray *c,
                      size_t i)
{
    return ar->batch.offset + c->offset + (int64_t)i;
}

static bool is_null(const struct ArrowArray *c, int64_t r)
{
    const uint8_t *valid = c->buffers[0];
    return c->null_count != 0 && valid && !(valid[r >> 3] & (1u << (r & 7)));
}

long long zg_arrow_rows_fid(const zg_arrow_rows *ar, size_t i)
{
    const struct ArrowArray *c = ar->batch.children[ar->fid_col];
    int64_t r = row_of(ar, c, i);
    return is_null(c, r) ? -1 : (long long)((const int64_t *)c->buffers[1])[r];
}

static const void *var_value(const zg_arrow_rows *ar, int col, size_t i,
                             size_t *len)
{
    const struct ArrowArray *c = ar->batch.children[col];
    int64_t r = row_of(ar, c, i);
    *len = 0;
    if (is_null(c, r))
        return NULL;
    const int32_t *off = c->buffers[1];
    const unsigned char *data = c->buffers[2];
    *len = (size_t)(off[r + 1] - off[r]);
    return data ? data + off[r] : (const void *)"";
}

const char *zg_arrow_rows_text(const zg_arrow_rows *ar, size_t i,
                               size_t *len)
{
    return var_value(ar, ar->text_col, i, len);
}

const unsigned char *zg_arrow_rows_wkb(const zg_arrow_rows *ar, size_t i,
                                       size_t *len)
{
    return var_value(ar, ar->geom_col, i, len);
}

void zg_arrow_rows_close(zg_arrow_rows *ar)
{
    if (ar->have_batch)
        ar->batch.release(&ar->batch);
    if (ar->have_schema)
        ar->schema.release(&ar->schema);
    if (ar->open)
        ar->stream.release(&ar->stream);
    ar->have_batch = ar->have_schema = ar->open = false;
}
