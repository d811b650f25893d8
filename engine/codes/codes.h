/* SPDX-License-Identifier: MIT
 *
 * landuse_int.h: code tables and the streaming overlay engine shared by
 * the land-use composition and the encroachment analyses.
 */
#ifndef ZG_LANDUSE_INT_H
#define ZG_LANDUSE_INT_H

#include "../core/zg_int.h"

typedef struct zg_code_entry {
    char *code; /* normalised: trimmed, upper case */
    char *name_vi;
    char *name_en;
    char *role;
} zg_code_entry;

struct zg_codes {
    zg_ctx *ctx;
    char *source;
    zg_code_entry *e; /* sorted by code */
    size_t n;
};

/* Trim and upper-case a code into out: "luc " is LUC, and a code in
 * Vietnamese letters is upper-cased whole ("Đất lạ" is ĐẤT LẠ; upper-casing
 * only its ASCII letters made "ĐấT Lạ"). Text longer than cap is cut at a
 * character boundary; bytes that are not UTF-8 are left as they are. */
void zg_code_normalise(const char *in, char *out, size_t cap);
const zg_code_entry *zg_codes_find(const zg_codes *c, const char *code);
/* Parse a code table from `len` bytes of CSV text (borrowed); `source`
 * names it in messages and becomes zg_codes_source. zg_codes_load is
 * this after reading the file; the fuzz target calls it directly.
 * New table; caller frees with zg_codes_free(). */
zg_status zg_codes_parse(zg_ctx *ctx, const char *text, size_t len,
                         const char *source, zg_codes **out);

/* Internal views of an encroachment result, for the proposal check. */
struct zg_encroach;
size_t zg_encroach_nrings(const struct zg_encroach *en);
size_t zg_encroach_nepochs(const struct zg_encroach *en);
/* Union of housing of a cluster's zone at a date, in the clusters' CRS;
 * NULL when none. Borrowed. */
const GEOSGeometry *zg_encroach_union(const struct zg_encroach *en,
                                      size_t cluster, size_t zone,
                                      size_t epoch);
/* The outermost ring distance (m): how far housing is looked for. */
double zg_encroach_reach_m(const struct zg_encroach *en);
struct zg_encroach_opts;
/* The residential layers are land-use maps whose code field has the
 * default names (ma_ldat, loai_dat, ...) or `code_field` (copied; NULL:
 * the default names); only codes of role residential count. For the
 * proposal check, which reads housing from the land-use layer when it is
 * given no residential layer. */
zg_status zg_encroach_opts_classify(struct zg_encroach_opts *o,
                                    const char *code_field);
/* Does the residential layer of date e hold any feature (of any code)
 * near the clusters and their rings? An empty layer, or one of another
 * place, is no evidence that there is no housing. */
bool zg_encroach_covers(const struct zg_encroach *en, size_t e);
/* Provenance of the residential layer of date e. Borrowed. */
const zg_layer *zg_encroach_source(const struct zg_encroach *en, size_t e);
/* Housing added in a zone between date e-1 and e (m²). */
double zg_encroach_added_m2(const struct zg_encroach *en, size_t cluster,
                            size_t zone, size_t epoch);

#endif
