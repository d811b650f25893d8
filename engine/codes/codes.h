/* SPDX-License-Identifier: MIT
 *
 * codes.h: the land-use code tables (codes.c): what a code means and which
 * role it plays (residential, industrial, ...).
 */
#ifndef ZG_CODES_H
#define ZG_CODES_H

#include "../core/core.h"

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

#endif
