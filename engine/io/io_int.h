/* SPDX-License-Identifier: MIT
 *
 * io_int.h: what the ingest files share: the open source and the text
 * decoder chosen for it.
 */
#ifndef ZG_IO_INT_H
#define ZG_IO_INT_H

#include "../core/zg_int.h"

#include <gdal.h>
#include <ogr_api.h>

/* How attribute text of a source becomes UTF-8. */
typedef struct zg_text_decoder {
    bool raw;        /* GDAL hands us the bytes undecoded */
    char *iconv_name; /* when raw: the iconv encoding, NULL for UTF-8 */
    char *label;      /* what the runs record says */
} zg_text_decoder;

/* An opened source: the dataset, the chosen layer, and how to decode. */
typedef struct zg_source {
    GDALDatasetH ds;
    OGRLayerH lyr;
    zg_text_decoder dec;
} zg_source;

/* Open o->path, pick the layer and the text decoder, and fill the layer's
 * path, layer_name, driver, encoding_used, files. Messages name the file. */
zg_status zg_source_open(zg_ctx *ctx, const zg_input_opts *o,
                         zg_layer *layer, zg_source *src);
void zg_source_close(zg_ctx *ctx, zg_source *src);

/* New UTF-8 text from a field's bytes through the decoder. *repaired is
 * set when bytes had to be replaced. NULL when out of memory. */
char *zg_text_decode(zg_ctx *ctx, const zg_text_decoder *dec,
                     const char *bytes, bool *repaired);

/* Resolve the source CRS of the layer (or --s-srs) into layer->crs. */
zg_status zg_source_crs(zg_ctx *ctx, const zg_input_opts *o,
                        zg_layer *layer, zg_source *src);

/* The outcome of turning one OGR feature geometry into GEOS. */
typedef enum zg_geom_outcome {
    ZG_GEOM_OK = 0,
    ZG_GEOM_SKIP = 1 /* logged and counted; not an error */
} zg_geom_outcome;

/* Convert, check, repair and transform the geometry of one feature.
 * Fills f->geom_src, f->geom_ll, f->repaired, or returns ZG_GEOM_SKIP
 * through *outcome after logging why. `fid_label` names the feature. */
zg_status zg_feature_geometry(zg_ctx *ctx, zg_layer *layer, PJ *to_ll,
                              OGRGeometryH g, const char *feature_label,
                              zg_feature *f, zg_geom_outcome *outcome,
                              bool *dropped_z);

#endif
