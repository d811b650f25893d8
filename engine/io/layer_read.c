/* SPDX-License-Identifier: MIT
 *
 * layer_read.c: read a whole polygon layer into memory: attributes as
 * UTF-8, id and name by the field rules, geometry valid in the source CRS
 * and in WGS 84. Every feature that is not kept leaves a qa_log row.
 *
 * Cluster layers are small (hundreds to thousands of features), so they
 * are held whole; the large land-use layers are streamed elsewhere.
 */
#include "io_int.h"

#include <math.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Default id and name columns, in order of preference. They are matched
 * folded (zg_field_name_fold): mã_ccn, MaCCN and MA_CCN are ma_ccn. */
const char *const ZG_ID_FIELDS[] = {"ma_ccn", "ma_dx", "ma_kcn", "ma",
                                        "id", "code", NULL};
const char *const ZG_NAME_FIELDS[] = {"ten", "ten_ccn", "ten_dx",
                                          "ten_kcn", "name", NULL};
/* The land-use code field, for the overlay's reader and `info`; defined
 * here beside the others so that io needs nothing from above it. */
const char *const ZG_CODE_FIELDS[] = {"ma_ldat", "maloaidat", "loaidat",
                                          "loai_dat", "mdsd", "landuse",
                                          "code", NULL};

char *zg_layer_label(zg_ctx *ctx, const zg_layer *layer)
{
    return zg_asprintf(ctx, "%s:%s", layer->role,
                       layer->layer_name ? layer->layer_name : "");
}

static int find_field(const zg_layer *layer, const char *name)
{
    for (size_t i = 0; i < layer->nfields; i++)
        if (zg_streq_nocase(layer->fields[i].name, name))
            return (int)i;
    return -1;
}

/* The ASCII letter a Vietnamese letter is written on (ã, ặ, Đ, ư ...),
 * lower case; 0 for any other character. */
static char base_letter(unsigned cp)
{
    static const struct { unsigned lo, hi; char c; } R[] = {
        {0xC0, 0xC3, 'a'}, {0xE0, 0xE3, 'a'}, {0xC8, 0xCA, 'e'},
        {0xE8, 0xEA, 'e'}, {0xCC, 0xCD, 'i'}, {0xEC, 0xED, 'i'},
        {0xD2, 0xD5, 'o'}, {0xF2, 0xF5, 'o'}, {0xD9, 0xDA, 'u'},
        {0xF9, 0xFA, 'u'}, {0xDD, 0xDD, 'y'}, {0xFD, 0xFD, 'y'},
        {0x102, 0x103, 'a'}, {0x110, 0x111, 'd'}, {0x128, 0x129, 'i'},
        {0x168, 0x169, 'u'}, {0x1A0, 0x1A1, 'o'}, {0x1AF, 0x1B0, 'u'},
        {0x1EA0, 0x1EB7, 'a'}, {0x1EB8, 0x1EC7, 'e'}, {0x1EC8, 0x1ECB, 'i'},
        {0x1ECC, 0x1EE3, 'o'}, {0x1EE4, 0x1EF1, 'u'}, {0x1EF2, 0x1EF9, 'y'}};
    for (size_t i = 0; i < sizeof R / sizeof R[0]; i++)
        if (cp >= R[i].lo && cp <= R[i].hi)
            return R[i].c;
    return 0;
}

/* A field name as the defaults are matched: lower-case ASCII, the
 * Vietnamese letters on their base letter, '_', '-' and spaces left out
 * (mã_ccn, MaCCN, MA_CCN are all "maccn"). False when it holds a
 * character that is none of these, or does not fit. */
bool zg_field_name_fold(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp;
        int len;
        if (*p < 0x80) {
            cp = *p;
            len = 1;
        } else if ((*p & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
            cp = ((unsigned)(*p & 0x1F) << 6) | (p[1] & 0x3F);
            len = 2;
        } else if ((*p & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 &&
                   (p[2] & 0xC0) == 0x80) {
            cp = ((unsigned)(*p & 0x0F) << 12) |
                 ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            len = 3;
        } else
            return false;
        p += len;
        if (cp == '_' || cp == '-' || cp == ' ')
            continue;
        char c = cp < 0x80 ? (char)tolower((int)cp) : base_letter(cp);
        if (!c || k + 1 >= cap)
            return false;
        out[k++] = c;
    }
    out[k] = '\0';
    return true;
}

/* The first field whose folded name is the folded `name`, or -1. */
static int find_field_folded(const zg_layer *layer, const char *name)
{
    char want[64], have[64];
    if (!zg_field_name_fold(name, want, sizeof want))
        return -1;
    for (size_t i = 0; i < layer->nfields; i++)
        if (zg_field_name_fold(layer->fields[i].name, have, sizeof have) &&
            strcmp(have, want) == 0)
            return (int)i;
    return -1;
}

static void field_list(const zg_layer *layer, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (size_t i = 0; i < layer->nfields; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, "%s%s", i ? ", " : "",
                 layer->fields[i].name);
    }
    if (!layer->nfields)
        snprintf(buf, cap, "none");
}

/* Resolve a user-given field, or the first of the defaults. Sets *idx to
 * -1 when there is none (which is only an error when the user named one). */
static zg_status choose_field(zg_ctx *ctx, zg_layer *layer, const char *given,
                              const char *const *defaults, const char *what,
                              int *idx, char **chosen)
{
    *idx = -1;
    if (given) {
        *idx = find_field(layer, given);
        if (*idx < 0) {
            char list[1024];
            field_list(layer, list, sizeof list);
            return zg_fail(ctx, ZG_ERR_USAGE, "no field '%s' for the %s; the "
                           "layer has: %s (%s, layer %s)", given, what, list,
                           layer->path, layer->layer_name);
        }
    } else {
        for (const char *const *d = defaults; *d && *idx < 0; d++)
            *idx = find_field(layer, *d);
        for (const char *const *d = defaults; *d && *idx < 0; d++)
            *idx = find_field_folded(layer, *d);
    }
    if (*idx >= 0) {
        *chosen = zg_strdup(ctx, layer->fields[*idx].name);
        if (!*chosen)
            return zg_nomem(ctx, "field name");
    }
    return ZG_OK;
}

/* The layer's fields, with the names the source decoded. */
static zg_status read_fields(zg_ctx *ctx, zg_layer *layer, zg_source *src)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(src->lyr);
    int n = src->nfields;
    layer->fields = zg_calloc(ctx, (size_t)(n > 0 ? n : 1),
                              sizeof *layer->fields);
    if (!layer->fields)
        return zg_nomem(ctx, "field list");
    for (int i = 0; i < n; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        char *name = zg_strdup(ctx, src->field_names[i]);
        if (!name)
            return zg_nomem(ctx, "field name");
        zg_field *f = &layer->fields[layer->nfields++];
        f->name = name;
        switch (OGR_Fld_GetType(fd)) {
        case OFTInteger:
        case OFTInteger64:
            f->kind = ZG_FIELD_INT;
            break;
        case OFTReal:
            f->kind = ZG_FIELD_REAL;
            break;
        default:
            f->kind = ZG_FIELD_TEXT;
        }
    }
    return ZG_OK;
}

/* What decoding did to the text of a layer: values with bad bytes, and
 * per field the values that were doubly encoded UTF-8 and repaired. */
typedef struct text_counts {
    size_t bad;
    size_t *undoubled; /* one per field */
    size_t *texts;     /* text values per field */
} text_counts;

static zg_status read_values(zg_ctx *ctx, zg_layer *layer, zg_source *src,
                             OGRFeatureH feat, zg_feature *f,
                             text_counts *tc)
{
    f->values = zg_calloc(ctx, layer->nfields ? layer->nfields : 1,
                          sizeof *f->values);
    if (!f->values)
        return zg_nomem(ctx, "attribute values");
    for (size_t i = 0; i < layer->nfields; i++) {
        zg_value *v = &f->values[i];
        int fi = (int)i;
        if (!OGR_F_IsFieldSetAndNotNull(feat, fi)) {
            v->is_null = true;
            continue;
        }
        switch (layer->fields[i].kind) {
        case ZG_FIELD_INT:
            v->i = OGR_F_GetFieldAsInteger64(feat, fi);
            break;
        case ZG_FIELD_REAL:
            v->d = OGR_F_GetFieldAsDouble(feat, fi);
            break;
        case ZG_FIELD_TEXT: {
            zg_text_fix fix;
            v->s = zg_text_decode(ctx, &src->dec,
                                  OGR_F_GetFieldAsString(feat, fi), &fix);
            if (!v->s)
                return ZG_ERR_NOMEM; /* message set by the decoder */
            tc->texts[i]++;
            if (fix == ZG_FIX_LOSSY)
                tc->bad++;
            if (fix == ZG_FIX_UNDOUBLED)
                tc->undoubled[i]++;
            break;
        }
        }
    }
    return ZG_OK;
}

/* Text of value v (id or name) in *out: a new copy, integers without
 * decimals; NULL for a NULL value. */
static zg_status value_text(zg_ctx *ctx, const zg_field *fd,
                            const zg_value *v, char **out)
{
    *out = NULL;
    if (v->is_null)
        return ZG_OK;
    switch (fd->kind) {
    case ZG_FIELD_INT:
        *out = zg_asprintf(ctx, "%lld", v->i);
        break;
    case ZG_FIELD_REAL:
        *out = zg_asprintf(ctx, "%.15g", v->d);
        break;
    case ZG_FIELD_TEXT:
        *out = zg_strdup(ctx, v->s);
        break;
    }
    return *out ? ZG_OK : zg_nomem(ctx, "feature id");
}

static void feature_clear(zg_ctx *ctx, const zg_layer *layer, zg_feature *f)
{
    zg_free(ctx, f->id);
    zg_free(ctx, f->name);
    if (f->values) {
        for (size_t i = 0; i < layer->nfields; i++)
            zg_free(ctx, f->values[i].s);
        zg_free(ctx, f->values);
    }
    if (f->geom_src)
        GEOSGeom_destroy_r(ctx->geos, f->geom_src);
    if (f->geom_ll)
        GEOSGeom_destroy_r(ctx->geos, f->geom_ll);
    memset(f, 0, sizeof *f);
}

static int cmp_str_ptr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Ids are how every later table refers to a cluster: log duplicates. */
static zg_status log_duplicate_ids(zg_ctx *ctx, zg_layer *layer,
                                   const char *where)
{
    if (layer->n < 2)
        return ZG_OK;
    char **ids = zg_malloc(ctx, layer->n * sizeof *ids);
    if (!ids)
        return zg_nomem(ctx, "id check");
    for (size_t i = 0; i < layer->n; i++)
        ids[i] = layer->feats[i].id;
    zg_sort(ids, layer->n, sizeof *ids, cmp_str_ptr);
    zg_status st = ZG_OK;
    for (size_t i = 1; i < layer->n && !st; i++)
        if (strcmp(ids[i], ids[i - 1]) == 0 &&
            (i < 2 || strcmp(ids[i], ids[i - 2]) != 0))
            st = zg_qa_add(ctx, &layer->qa, where, ids[i],
                           "duplicate id", "kept; ids are not unique",
                           NAN, NAN);
    zg_free(ctx, ids);
    return st;
}

static zg_status read_features(zg_ctx *ctx, zg_layer *layer, zg_source *src,
                               int id_idx, int name_idx, PJ *to_ll)
{
    char *where = zg_layer_label(ctx, layer);
    if (!where)
        return zg_nomem(ctx, "layer label");
    GIntBig total = OGR_L_GetFeatureCount(src->lyr, 0);
    size_t seen = 0, missing_id = 0;
    zg_geom_notes notes = {0, 0};
    text_counts tc = {src->names_lossy, NULL, NULL};
    size_t nf = layer->nfields ? layer->nfields : 1;
    tc.undoubled = zg_calloc(ctx, nf, sizeof *tc.undoubled);
    tc.texts = zg_calloc(ctx, nf, sizeof *tc.texts);
    zg_status st = tc.undoubled && tc.texts ? ZG_OK
                                            : zg_nomem(ctx, "text counts");
    OGR_L_ResetReading(src->lyr);
    zg_libmsg_clear(ctx);
    OGRFeatureH feat;
    while (!st && (feat = OGR_L_GetNextFeature(src->lyr)) != NULL) {
        seen++;
        zg_feature f;
        memset(&f, 0, sizeof f);
        f.fid = OGR_F_GetFID(feat);
        st = read_values(ctx, layer, src, feat, &f, &tc);
        if (!st && id_idx >= 0)
            st = value_text(ctx, &layer->fields[id_idx], &f.values[id_idx],
                            &f.id);
        if (!st && (!f.id || !*f.id)) {
            zg_free(ctx, f.id);
            f.id = zg_asprintf(ctx, "%lld", f.fid);
            if (id_idx >= 0)
                missing_id++;
        }
        if (!st && name_idx >= 0)
            st = value_text(ctx, &layer->fields[name_idx],
                            &f.values[name_idx], &f.name);
        if (!st && !f.name)
            f.name = zg_strdup(ctx, "");
        if (!st && (!f.id || !f.name))
            st = zg_nomem(ctx, "feature id");
        /* A record GDAL cannot read (a corrupt shape in a .shp, say) is
         * reported through its handler, and the feature still handed out
         * without a geometry: a damaged file, not a NULL geometry. Checked
         * here, feature by feature: the next feature's repair would clear
         * the message. */
        if (!st && zg_gdal_lastmsg(ctx)[0])
            st = zg_fail(ctx, ZG_ERR_INPUT, "GDAL cannot read this feature: "
                         "%s (%s, layer %s, feature %s)", zg_gdal_lastmsg(ctx),
                         layer->path, layer->layer_name, f.id);
        zg_geom_outcome outcome = ZG_GEOM_OK;
        if (!st)
            st = zg_feature_geometry(ctx, layer, to_ll,
                                     OGR_F_GetGeometryRef(feat), f.id, &f,
                                     &outcome, &notes);
        OGR_F_Destroy(feat);
        if (!st && outcome == ZG_GEOM_SKIP) {
            layer->skipped++;
            feature_clear(ctx, layer, &f);
            continue;
        }
        if (!st)
            st = zg_grow(ctx, (void **)&layer->feats, &layer->cap,
                         layer->n + 1, sizeof *layer->feats);
        if (st) {
            feature_clear(ctx, layer, &f);
            break;
        }
        if (f.repaired)
            layer->repaired++;
        layer->feats[layer->n++] = f;
        if (total > 0 && seen % 256 == 0)
            st = zg_progress(ctx, 0, 1, (double)seen / (double)total, "read");
    }
    /* A truncated or corrupt file ends the iteration early with an error
     * that GDAL only reports through its handler: never take that end for
     * the end of the layer. */
    if (!st && zg_gdal_lastmsg(ctx)[0])
        st = zg_fail(ctx, ZG_ERR_INPUT, "reading stopped after %zu features: "
                     "%s (%s, layer %s)", seen, zg_gdal_lastmsg(ctx),
                     layer->path, layer->layer_name);
    if (!st && notes.z_dropped) {
        char p[80];
        snprintf(p, sizeof p, "%zu 3D geometries", notes.z_dropped);
        st = zg_qa_add(ctx, &layer->qa, where, "", p,
                       "Z dropped (areas are 2D)", NAN, NAN);
    }
    if (!st && notes.curved) {
        char p[80];
        snprintf(p, sizeof p, "%zu curve geometries", notes.curved);
        st = zg_qa_add(ctx, &layer->qa, where, "", p,
                       "linearised by GDAL (default step: 4 degrees of arc)",
                       NAN, NAN);
    }
    if (!st)
        st = zg_text_log_undoubled(ctx, layer, NULL, src->names_undoubled,
                                   (size_t)src->nfields);
    for (size_t i = 0; !st && i < layer->nfields; i++)
        st = zg_text_log_undoubled(ctx, layer, layer->fields[i].name,
                                   tc.undoubled[i], tc.texts[i]);
    if (!st && tc.bad) {
        char p[600];
        snprintf(p, sizeof p, "%zu text values were not valid in %s",
                 tc.bad, layer->encoding_used);
        st = zg_qa_add(ctx, &layer->qa, where, "", p,
                       "bad bytes replaced by U+FFFD; try --encoding", NAN,
                       NAN);
    }
    if (!st && missing_id) {
        char p[160];
        snprintf(p, sizeof p, "%zu features with an empty id", missing_id);
        st = zg_qa_add(ctx, &layer->qa, where, "", p, "FID used as id", NAN,
                       NAN);
    }
    if (!st && layer->crs.remap_note)
        st = zg_qa_add(ctx, &layer->qa, where, "", "deprecated CRS",
                       layer->crs.remap_note, NAN, NAN);
    if (!st)
        st = log_duplicate_ids(ctx, layer, where);
    if (!st && layer->n == 0) {
        /* Name the first feature skipped, not a layer-wide note (the
         * encoding chosen, say) that happens to come first. */
        const char *first = "?";
        for (size_t i = 0; i < layer->qa.n; i++)
            if (strcmp(layer->qa.rows[i].action, "skipped") == 0) {
                first = layer->qa.rows[i].problem;
                break;
            }
        if (seen == 0)
            st = zg_fail(ctx, ZG_ERR_INPUT, "the layer is empty: no feature "
                         "to measure (%s, layer %s)", layer->path,
                         layer->layer_name);
        else
            st = zg_fail(ctx, ZG_ERR_INPUT, "the layer has no polygon: %zu "
                         "features, all skipped (first: %s) (%s, layer %s)",
                         seen, first,
                         layer->path, layer->layer_name);
    }
    if (!st)
        st = zg_progress(ctx, 0, 1, 1.0, "read");
    zg_free(ctx, tc.undoubled);
    zg_free(ctx, tc.texts);
    zg_free(ctx, where);
    return st;
}

zg_status zg_layer_read(zg_ctx *ctx, const zg_input_opts *o, zg_layer **out)
{
    *out = NULL;
    zg_layer *layer = zg_calloc(ctx, 1, sizeof *layer);
    if (!layer)
        return zg_nomem(ctx, "layer");
    layer->ctx = ctx;
    layer->role = zg_strdup(ctx, o->role);
    layer->path = zg_strdup(ctx, o->path);
    if (!layer->role || !layer->path) {
        zg_layer_free(layer);
        return zg_nomem(ctx, "layer");
    }
    zg_source src;
    PJ *wgs84 = NULL, *to_ll = NULL;
    zg_gdal_begin(ctx);
    zg_status st = zg_source_open(ctx, o, layer, &src);
    if (!st)
        st = zg_source_crs(ctx, o, layer, &src);
    if (!st) {
        wgs84 = zg_crs_wgs84_new(ctx);
        to_ll = wgs84 ? zg_crs_transform_new(ctx, layer->crs.pj, wgs84)
                      : NULL;
        /* PROJ gives no reason for a CRS that is tied to no datum (a
         * LOCAL_CS, an engineering CRS): say what it means. */
        const char *why = zg_proj_lastmsg(ctx);
        if (!to_ll)
            st = zg_fail(ctx, ZG_ERR_CRS, "no transformation from %s to WGS "
                         "84: %s (%s, layer %s)", layer->crs.label,
                         why[0] ? why : "it is not tied to the Earth (a local "
                         "or engineering CRS?): give the CRS of the "
                         "coordinates with --a-srs", o->path,
                         layer->layer_name);
    }
    if (!st)
        st = read_fields(ctx, layer, &src);
    int id_idx = -1, name_idx = -1;
    if (!st)
        st = choose_field(ctx, layer, o->id_field, ZG_ID_FIELDS, "id (--id-field)",
                          &id_idx, &layer->id_field);
    if (!st)
        st = choose_field(ctx, layer, o->name_field, ZG_NAME_FIELDS,
                          "name (--name-field)", &name_idx,
                          &layer->name_field);
    if (!st)
        st = read_features(ctx, layer, &src, id_idx, name_idx, to_ll);
    proj_destroy(to_ll);
    proj_destroy(wgs84);
    zg_source_close(ctx, &src);
    zg_gdal_end(ctx);
    if (st) {
        zg_layer_free(layer);
        return st;
    }
    *out = layer;
    return ZG_OK;
}

void zg_layer_free(zg_layer *layer)
{
    if (!layer)
        return;
    zg_ctx *ctx = layer->ctx;
    for (size_t i = 0; i < layer->n; i++)
        feature_clear(ctx, layer, &layer->feats[i]);
    zg_free(ctx, layer->feats);
    for (size_t i = 0; i < layer->nfields; i++)
        zg_free(ctx, layer->fields[i].name);
    zg_free(ctx, layer->fields);
    for (size_t i = 0; i < layer->nfiles; i++)
        zg_free(ctx, layer->files[i].path);
    zg_free(ctx, layer->files);
    zg_qa_clear(ctx, &layer->qa);
    for (size_t i = 0; i < layer->nparts; i++)
        zg_layer_free(layer->parts[i]);
    zg_free(ctx, layer->parts);
    zg_free(ctx, layer->part_of);
    zg_crs_clear(ctx, &layer->crs);
    zg_free(ctx, layer->crs_declared);
    zg_free(ctx, layer->role);
    zg_free(ctx, layer->path);
    zg_free(ctx, layer->layer_name);
    zg_free(ctx, layer->driver);
    zg_free(ctx, layer->encoding_used);
    zg_free(ctx, layer->id_field);
    zg_free(ctx, layer->name_field);
    zg_free(ctx, layer);
}

size_t zg_layer_count(const zg_layer *l) { return l ? l->n : 0; }
size_t zg_layer_skipped(const zg_layer *l) { return l ? l->skipped : 0; }
size_t zg_layer_repaired(const zg_layer *l) { return l ? l->repaired : 0; }

const char *zg_layer_feature_id(const zg_layer *l, size_t i)
{
    return l && i < l->n ? l->feats[i].id : NULL;
}

const char *zg_layer_feature_name(const zg_layer *l, size_t i)
{
    return l && i < l->n ? l->feats[i].name : NULL;
}

const char *zg_layer_crs(const zg_layer *l)
{
    return l && l->crs.label ? l->crs.label : "";
}
