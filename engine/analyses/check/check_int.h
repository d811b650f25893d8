/* SPDX-License-Identifier: MIT
 *
 * check_int.h: the rule table and its evaluation, shared by the check.
 */
#ifndef ZG_CHECK_INT_H
#define ZG_CHECK_INT_H

#include "../../core/zg_int.h"

typedef enum zg_cmp {
    ZG_CMP_LE, ZG_CMP_LT, ZG_CMP_GE, ZG_CMP_GT, ZG_CMP_EQ, ZG_CMP_BETWEEN
} zg_cmp;

typedef enum zg_verdict {
    ZG_VERDICT_PASS = 0,
    ZG_VERDICT_WARN = 1,
    ZG_VERDICT_FAIL = 2,
    ZG_VERDICT_SKIPPED = 3, /* an input the rule needs is missing */
    ZG_VERDICT_NA = 4       /* the rule does not apply (its `when`, or not
                               an expansion) */
} zg_verdict;

typedef struct zg_rule {
    char *id, *desc_vi, *desc_en, *measure, *threshold_text, *source, *when;
    zg_cmp cmp;
    double lo, hi;       /* threshold; range for between */
    bool hazard;         /* threshold by hazard class I..V */
    double hazard_m[5];
    bool fail;           /* severity fail (else warn) */
    size_t line;
} zg_rule;

typedef struct zg_rules {
    zg_ctx *ctx;
    char *path;
    zg_rule *r;
    size_t n;
} zg_rules;

extern const char *const ZG_HAZARD_CLASSES[5];

/* Load and validate a rules CSV; errors name the line. */
zg_status zg_rules_load(zg_ctx *ctx, const char *path, zg_rules **out);
/* The same from `len` bytes of CSV text (borrowed); `path` names it in
 * messages. zg_rules_load is this after reading the file; the fuzz target
 * calls it directly. New table; caller frees with zg_rules_free(). */
zg_status zg_rules_parse(zg_ctx *ctx, const char *text, size_t len,
                         const char *path, zg_rules **out);
void zg_rules_free(zg_rules *rs);
/* Does the rule's `when` hold for this feature? */
bool zg_rule_applies(const zg_rule *r, const zg_layer *l, const zg_feature *f);
/* Index of attribute `name` in l (case ignored), also under the 10-byte
 * name a shapefile cuts it to (hazard_cla); -1 when absent. */
int zg_attr_index(const zg_layer *l, const char *name);
/* The feature's hazard class (attribute hazard_class or cap_doc_hai), else
 * the fallback; false when the fallback was used. */
bool zg_hazard_class_of(const zg_layer *l, const zg_feature *f,
                        const char *fallback, char *out, size_t cap);
/* Names of the attributes the rule's `when` reads that f lacks (no such
 * field, or NULL), comma-separated into out; "" when none. */
void zg_rule_missing_attrs(const zg_rule *r, const zg_layer *l,
                           const zg_feature *f, char *out, size_t cap);
/* Verdict of a value; *threshold gets the number compared with (the lower
 * bound for between). SKIPPED when a hazard class has no distance. */
zg_verdict zg_rule_eval(const zg_rule *r, double value, const char *hazard,
                        double *threshold);
const char *zg_verdict_str(zg_verdict v);

#endif
