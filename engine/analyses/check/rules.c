/* SPDX-License-Identifier: MIT
 *
 * rules.c: the rule table of proposal checks, as data (geodata/rules/
 * hanoi_ccn.csv by default), so that a planner can change a threshold or
 * add a rule without recompiling. Every problem in the file is reported
 * with its line.
 *
 * Columns: id, description_vi, description_en, measure, comparison
 * (<=, <, >=, >, ==, between), threshold (a number; "a..b" for between;
 * "hazard:I=1000,II=500,..." for a threshold chosen by the proposal's
 * hazard class), severity (fail or warn), source (the legal basis), when
 * (empty, or conditions on the proposal's attributes: "a=1|b=1" is OR,
 * "a!=1;b!=1" is AND; spaces around names and values are ignored, and a
 * malformed or empty condition is refused when the file is read).
 */
#include "check_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const MEASURES[] = {
    "area_ha", "area_plane_ha", "residential_ha", "luc_ha",
    "protected_agri_ha", "cluster_overlap_ha", "min_dist_residential_m",
    "resid_growth_rings_ha", "expansion_total_ha", "existing_area_ha", NULL};

const char *const ZG_HAZARD_CLASSES[5] = {"I", "II", "III", "IV", "V"};

static zg_status check_when(zg_ctx *ctx, const zg_rule *r, const char *src);

static int col(const zg_csv_row *h, const char *name)
{
    for (size_t i = 0; i < h->nfields; i++)
        if (zg_streq_nocase(h->fields[i], name))
            return (int)i;
    return -1;
}

static bool parse_number(const char *s, double *v)
{
    char *end;
    *v = strtod(s, &end);
    return end != s && *end == '\0' && isfinite(*v);
}

static zg_status parse_threshold(zg_ctx *ctx, zg_rule *r, const char *t,
                                 const char *src)
{
    /* Values from the file, cut to fit in a message. */
    char idb[ZG_CLIP_BUF], tb[ZG_CLIP_BUF];
    const char *id = zg_clip(r->id, idb, sizeof idb);
    const char *tq = zg_clip(t, tb, sizeof tb);
    if (r->cmp == ZG_CMP_BETWEEN) {
        const char *dots = strstr(t, "..");
        char a[64];
        if (!dots || (size_t)(dots - t) >= sizeof a)
            return zg_fail(ctx, ZG_ERR_INPUT, "rule %s: 'between' needs a "
                           "threshold like 10..75 (got '%s') on line %zu "
                           "(%s)", id, tq, r->line, src);
        memcpy(a, t, (size_t)(dots - t));
        a[dots - t] = '\0';
        if (!parse_number(a, &r->lo) || !parse_number(dots + 2, &r->hi) ||
            r->lo > r->hi)
            return zg_fail(ctx, ZG_ERR_INPUT, "rule %s: bad range '%s' on "
                           "line %zu (%s)", id, tq, r->line, src);
        return ZG_OK;
    }
    if (strncmp(t, "hazard:", 7) == 0) {
        r->hazard = true;
        for (int k = 0; k < 5; k++)
            r->hazard_m[k] = NAN;
        char buf[256];
        if (strlen(t + 7) >= sizeof buf) /* never cut a threshold */
            return zg_fail(ctx, ZG_ERR_INPUT, "rule %s: hazard threshold "
                           "longer than %zu bytes on line %zu (%s)", id,
                           sizeof buf - 1, r->line, src);
        snprintf(buf, sizeof buf, "%s", t + 7);
        for (char *save = NULL, *p = strtok_r(buf, ",", &save); p;
             p = strtok_r(NULL, ",", &save)) {
            char *eq = strchr(p, '=');
            int k = -1;
            if (eq) {
                *eq = '\0';
                for (int c = 0; c < 5; c++)
                    if (strcmp(p, ZG_HAZARD_CLASSES[c]) == 0)
                        k = c;
            }
            if (k < 0 || !isnan(r->hazard_m[k]) ||
                !parse_number(eq + 1, &r->hazard_m[k]))
                return zg_fail(ctx, ZG_ERR_INPUT, "rule %s: bad hazard "
                               "threshold '%s' (classes I..V, each once, with "
                               "metres, e.g. hazard:I=1000,II=500) on line "
                               "%zu (%s)",
                               id, tq, r->line, src);
        }
        return ZG_OK;
    }
    if (!parse_number(t, &r->lo))
        return zg_fail(ctx, ZG_ERR_INPUT, "rule %s: threshold '%s' is not a "
                       "number on line %zu (%s)", id, tq, r->line, src);
    return ZG_OK;
}

static zg_status parse_cmp(zg_ctx *ctx, zg_rule *r, const char *c,
                           const char *src)
{
    static const struct { const char *s; zg_cmp c; } T[] = {
        {"<=", ZG_CMP_LE}, {"<", ZG_CMP_LT}, {">=", ZG_CMP_GE},
        {">", ZG_CMP_GT},  {"==", ZG_CMP_EQ}, {"between", ZG_CMP_BETWEEN}};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (strcmp(c, T[i].s) == 0) {
            r->cmp = T[i].c;
            return ZG_OK;
        }
    char idb[ZG_CLIP_BUF], cb[ZG_CLIP_BUF];
    return zg_fail(ctx, ZG_ERR_INPUT, "rule %s: unknown comparison '%s' "
                   "(use <=, <, >=, >, == or between) on line %zu (%s)",
                   zg_clip(r->id, idb, sizeof idb), zg_clip(c, cb, sizeof cb),
                   r->line, src);
}

void zg_rules_free(zg_rules *rs)
{
    if (!rs)
        return;
    zg_ctx *ctx = rs->ctx;
    for (size_t i = 0; i < rs->n; i++) {
        zg_rule *r = &rs->r[i];
        zg_free(ctx, r->id);
        zg_free(ctx, r->desc_vi);
        zg_free(ctx, r->desc_en);
        zg_free(ctx, r->measure);
        zg_free(ctx, r->threshold_text);
        zg_free(ctx, r->source);
        zg_free(ctx, r->when);
    }
    zg_free(ctx, rs->r);
    zg_free(ctx, rs->path);
    zg_free(ctx, rs);
}

zg_status zg_rules_load(zg_ctx *ctx, const char *path, zg_rules **out)
{
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    zg_status st = zg_read_file(ctx, path, &text, &len);
    if (!st)
        st = zg_rules_parse(ctx, text, len, path, out);
    zg_free(ctx, text);
    return st;
}

zg_status zg_rules_parse(zg_ctx *ctx, const char *text, size_t len,
                         const char *path, zg_rules **out)
{
    *out = NULL;
    zg_csv *csv = NULL;
    zg_status st = zg_csv_parse(ctx, text, len, path, &csv);
    if (st)
        return st;
    zg_rules *rs = zg_calloc(ctx, 1, sizeof *rs);
    if (!rs || !(rs->path = zg_strdup(ctx, path))) {
        zg_free(ctx, rs);
        zg_csv_free(ctx, csv);
        return zg_nomem(ctx, "rules");
    }
    rs->ctx = ctx;
    const char *need[] = {"id", "measure", "comparison", "threshold",
                          "severity"};
    int ci[9];
    const char *names[] = {"id", "description_vi", "description_en",
                           "measure", "comparison", "threshold", "severity",
                           "source", "when"};
    if (csv->nrows < 2)
        st = zg_fail(ctx, ZG_ERR_INPUT, "the rules file has no rule (%s)",
                     path);
    for (int i = 0; !st && i < 9; i++)
        ci[i] = col(&csv->rows[0], names[i]);
    for (int i = 0; !st && i < 5; i++)
        if (col(&csv->rows[0], need[i]) < 0)
            st = zg_fail(ctx, ZG_ERR_INPUT, "the rules file needs a column "
                         "'%s' (line 1 of %s)", need[i], path);
    if (!st && !(rs->r = zg_calloc(ctx, csv->nrows, sizeof *rs->r)))
        st = zg_nomem(ctx, "rules");
    for (size_t k = 1; !st && k < csv->nrows; k++) {
        const zg_csv_row *row = &csv->rows[k];
        if (row->nfields != csv->rows[0].nfields) {
            st = zg_fail(ctx, ZG_ERR_INPUT, "line %zu has %zu fields, the "
                         "header %zu (%s)", row->line, row->nfields,
                         csv->rows[0].nfields, path);
            break;
        }
        const char *v[9];
        for (int i = 0; i < 9; i++)
            v[i] = ci[i] >= 0 ? row->fields[ci[i]] : "";
        zg_rule *r = &rs->r[rs->n++];
        r->line = row->line;
        r->id = zg_strdup(ctx, v[0]);
        r->desc_vi = zg_strdup(ctx, v[1]);
        r->desc_en = zg_strdup(ctx, v[2]);
        r->measure = zg_strdup(ctx, v[3]);
        r->threshold_text = zg_strdup(ctx, v[5]);
        r->source = zg_strdup(ctx, v[7]);
        r->when = zg_strdup(ctx, v[8]);
        if (!r->id || !r->desc_vi || !r->desc_en || !r->measure ||
            !r->threshold_text || !r->source || !r->when) {
            st = zg_nomem(ctx, "rules");
            break;
        }
        if (!r->id[0]) {
            st = zg_fail(ctx, ZG_ERR_INPUT, "empty rule id on line %zu (%s)",
                         row->line, path);
            break;
        }
        /* Values from the file, cut to fit in a message. */
        char idb[ZG_CLIP_BUF], vb[ZG_CLIP_BUF];
        const char *id = zg_clip(r->id, idb, sizeof idb);
        bool known = false;
        for (const char *const *m = MEASURES; *m && !known; m++)
            known = strcmp(*m, r->measure) == 0;
        if (!known) {
            st = zg_fail(ctx, ZG_ERR_INPUT, "rule %s: unknown measure '%s' "
                         "on line %zu (%s)", id,
                         zg_clip(r->measure, vb, sizeof vb), row->line, path);
            break;
        }
        if (strcmp(v[6], "fail") == 0)
            r->fail = true;
        else if (strcmp(v[6], "warn") != 0) {
            st = zg_fail(ctx, ZG_ERR_INPUT, "rule %s: severity must be fail "
                         "or warn (got '%s') on line %zu (%s)", id,
                         zg_clip(v[6], vb, sizeof vb), row->line, path);
            break;
        }
        for (size_t j = 0; j + 1 < rs->n && !st; j++)
            if (strcmp(rs->r[j].id, r->id) == 0)
                st = zg_fail(ctx, ZG_ERR_INPUT, "rule %s is defined twice, "
                             "on lines %zu and %zu (%s)", r->id,
                             rs->r[j].line, row->line, path);
        if (!st)
            st = parse_cmp(ctx, r, v[4], path);
        if (!st)
            st = parse_threshold(ctx, r, v[5], path);
        if (!st)
            st = check_when(ctx, r, path);
    }
    zg_csv_free(ctx, csv);
    if (st) {
        zg_rules_free(rs);
        return st;
    }
    *out = rs;
    return ZG_OK;
}

/* ---- conditions (`when`) ----------------------------------------------- */

#define ZG_WHEN_MAX 512

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

int zg_attr_index(const zg_layer *l, const char *name)
{
    for (size_t i = 0; i < l->nfields; i++)
        if (zg_streq_nocase(l->fields[i].name, name))
            return (int)i;
    /* A shapefile keeps 10 bytes of a field name: hazard_class is
     * hazard_cla there. */
    size_t n = strlen(name);
    if (n <= 10)
        return -1;
    char cut[11];
    memcpy(cut, name, 10);
    cut[10] = '\0';
    for (size_t i = 0; i < l->nfields; i++)
        if (zg_streq_nocase(l->fields[i].name, cut))
            return (int)i;
    return -1;
}

/* Text of attribute `name` of feature f ("" when absent or NULL). */
static void attr_text(const zg_layer *l, const zg_feature *f,
                      const char *name, char *buf, size_t cap)
{
    buf[0] = '\0';
    int i = zg_attr_index(l, name);
    if (i < 0)
        return;
    const zg_value *v = &f->values[i];
    if (v->is_null)
        return;
    if (l->fields[i].kind == ZG_FIELD_INT)
        snprintf(buf, cap, "%lld", v->i);
    else if (l->fields[i].kind == ZG_FIELD_REAL)
        snprintf(buf, cap, "%g", v->d);
    else
        snprintf(buf, cap, "%s", v->s);
}

/* Does attribute `name` of f read `value`? Text is compared whole (not
 * through a buffer that could cut it); numbers as attr_text prints them. */
static bool attr_is(const zg_layer *l, const zg_feature *f, const char *name,
                    const char *value)
{
    int i = zg_attr_index(l, name);
    if (i >= 0 && l->fields[i].kind == ZG_FIELD_TEXT && !f->values[i].is_null)
        return strcmp(f->values[i].s, value) == 0;
    char buf[64];
    attr_text(l, f, name, buf, sizeof buf);
    return strcmp(buf, value) == 0;
}

/* Split one condition, in place: "name=value", "name==value" or
 * "name!=value", spaces around each part ignored. False when it is none
 * of these or the name is empty. */
static bool split_cond(char *c, char **name, char **value, bool *neg)
{
    char *eq = strstr(c, "!=");
    *neg = eq != NULL;
    if (!eq && !(eq = strchr(c, '=')))
        return false;
    *eq = '\0';
    eq += *neg || eq[1] == '=' ? 2 : 1;
    *name = trim(c);
    *value = trim(eq);
    return **name != '\0';
}

/* Evaluate a `when` held in buf (modified): an OR of alternatives split at
 * '|', each an AND of conditions split at ';'; no part may be empty. With
 * l NULL only the syntax is checked. Returns 1 when it applies (always,
 * when only checking), 0 when not, -1 when malformed; then the condition
 * at fault is in bad (cut to bad_cap). */
static int when_eval(char *buf, const zg_layer *l, const zg_feature *f,
                     char *bad, size_t bad_cap)
{
    bool any = false;
    for (char *alt = buf; alt;) {
        char *alt_end = strchr(alt, '|');
        if (alt_end)
            *alt_end = '\0';
        bool all = true;
        for (char *c = alt; c;) {
            char *c_end = strchr(c, ';');
            if (c_end)
                *c_end = '\0';
            zg_clip(c, bad, bad_cap);
            char *name, *value;
            bool neg;
            if (!split_cond(c, &name, &value, &neg))
                return -1;
            if (l && all)
                all = attr_is(l, f, name, value) != neg;
            c = c_end ? c_end + 1 : NULL;
        }
        any = any || all;
        alt = alt_end ? alt_end + 1 : NULL;
    }
    return any ? 1 : 0;
}

/* Refuse at load what would otherwise silently never (or always) apply:
 * a condition without '=', an empty name, an empty alternative. */
static zg_status check_when(zg_ctx *ctx, const zg_rule *r, const char *src)
{
    char buf[ZG_WHEN_MAX], idb[ZG_CLIP_BUF], bad[ZG_CLIP_BUF];
    if (!r->when[0])
        return ZG_OK;
    if (strlen(r->when) >= sizeof buf)
        return zg_fail(ctx, ZG_ERR_INPUT, "rule %s: 'when' is longer than "
                       "%zu bytes on line %zu (%s)",
                       zg_clip(r->id, idb, sizeof idb), sizeof buf - 1,
                       r->line, src);
    memcpy(buf, r->when, strlen(r->when) + 1);
    if (when_eval(buf, NULL, NULL, bad, sizeof bad) < 0)
        return zg_fail(ctx, ZG_ERR_INPUT, "rule %s: condition '%s' of "
                       "'when' is not name=value or name!=value (conditions "
                       "joined by ; for and, | for or) on line %zu (%s)",
                       zg_clip(r->id, idb, sizeof idb), bad, r->line, src);
    return ZG_OK;
}

bool zg_rule_applies(const zg_rule *r, const zg_layer *l, const zg_feature *f)
{
    if (!r->when[0])
        return true;
    char buf[ZG_WHEN_MAX], bad[ZG_CLIP_BUF];
    if (!ZG_ALWAYS(strlen(r->when) < sizeof buf)) /* checked at load */
        return false;
    memcpy(buf, r->when, strlen(r->when) + 1);
    return when_eval(buf, l, f, bad, sizeof bad) == 1;
}

bool zg_hazard_class_of(const zg_layer *l, const zg_feature *f,
                        const char *fallback, char *out, size_t cap)
{
    attr_text(l, f, "hazard_class", out, cap);
    if (!out[0])
        attr_text(l, f, "cap_doc_hai", out, cap);
    if (out[0])
        return true;
    snprintf(out, cap, "%s", fallback);
    return false;
}

void zg_rule_missing_attrs(const zg_rule *r, const zg_layer *l,
                           const zg_feature *f, char *out, size_t cap)
{
    out[0] = '\0';
    char buf[ZG_WHEN_MAX];
    if (!r->when[0] || strlen(r->when) >= sizeof buf)
        return;
    memcpy(buf, r->when, strlen(r->when) + 1);
    for (char *save = NULL, *c = strtok_r(buf, "|;", &save); c;
         c = strtok_r(NULL, "|;", &save)) {
        char *name, *value;
        bool neg;
        if (!split_cond(c, &name, &value, &neg))
            continue;
        int i = zg_attr_index(l, name);
        if (i >= 0 && !f->values[i].is_null)
            continue;
        /* Each name once: out is "a, b, c". */
        bool seen = false;
        size_t nl = strlen(name), ol = strlen(out);
        for (const char *p = out; *p && !seen;) {
            size_t w = strcspn(p, ",");
            seen = w == nl && strncmp(p, name, nl) == 0;
            p += w;
            p += strspn(p, ", ");
        }
        if (!seen)
            snprintf(out + ol, cap - ol, "%s%s", ol ? ", " : "", name);
    }
}

zg_verdict zg_rule_eval(const zg_rule *r, double value, const char *hazard,
                        double *threshold)
{
    double t = r->lo;
    if (r->hazard) {
        t = NAN;
        for (int k = 0; k < 5; k++)
            if (strcmp(hazard, ZG_HAZARD_CLASSES[k]) == 0)
                t = r->hazard_m[k];
        if (isnan(t))
            return ZG_VERDICT_SKIPPED;
    }
    *threshold = t;
    bool ok;
    switch (r->cmp) {
    case ZG_CMP_LE: ok = value <= t; break;
    case ZG_CMP_LT: ok = value < t; break;
    case ZG_CMP_GE: ok = value >= t; break;
    case ZG_CMP_GT: ok = value > t; break;
    case ZG_CMP_EQ: ok = value == t; break;
    default: ok = value >= r->lo && value <= r->hi; break;
    }
    if (ok)
        return ZG_VERDICT_PASS;
    return r->fail ? ZG_VERDICT_FAIL : ZG_VERDICT_WARN;
}

const char *zg_verdict_str(zg_verdict v)
{
    switch (v) {
    case ZG_VERDICT_NA: return "n/a";
    case ZG_VERDICT_PASS: return "pass";
    case ZG_VERDICT_WARN: return "warn";
    case ZG_VERDICT_FAIL: return "fail";
    case ZG_VERDICT_SKIPPED: return "skipped";
    }
    return "?";
}
