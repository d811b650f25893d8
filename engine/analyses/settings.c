/* SPDX-License-Identifier: MIT
 *
 * settings.c: the settings several analyses share (threads, code table,
 * code fields, plane CRS, rings...), in one table: each is named, typed,
 * range-checked and described here and nowhere else. The command line
 * (--threads, the key with '-' for '_') and the scenario file (threads =)
 * both set them through zg_settings_set; zg_settings_apply hands them to
 * each analysis' options.
 */
#include "settings_int.h"
#include "../core/zg_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef enum {
    T_INT,   /* whole number in [min, max] */
    T_REAL,  /* finite number >= min */
    T_RINGS, /* min..max increasing positive numbers, comma-separated */
    T_TEXT,  /* any non-empty text (a field name) */
    T_CRS,   /* a projected CRS PROJ knows */
    T_CODES, /* a bundled code table or a readable CSV file */
    T_FILE,  /* a readable file */
    T_ONE_OF, /* one word of `values` */
    T_LIST_OF /* comma-separated words of `values` */
} setting_type;

/* The names of the types, as zg_setting_info.type gives them. */
static const char *const TYPE_NAMES[] = {
    "int", "real", "rings", "text", "crs", "codes", "file", "one_of",
    "list_of"};

typedef struct setting_def {
    zg_setting_info info;
    const char *noun;  /* T_ONE_OF: what a word is */
} setting_def;

/* The one table. `used_by` lists the commands that take the setting as
 * an option; `zoneguard run` takes every one from its scenario. After
 * the help text: type, min, max, values, default (zg_setting_info). */
static const setting_def TABLE[] = {
    {{"threads", "N", "worker threads, 1 to 1024 (default: all cores); the "
      "output does not depend on it", "landuse encroach reserve check",
      "int", 1, 1024, "", ""}, NULL},
    {{"codes", "T", "land-use code table: tt27_2018, tt08_2024 (default) "
      "or a CSV file", "landuse encroach reserve check",
      "codes", 0, 0, "tt08_2024 tt27_2018", "tt08_2024"}, NULL},
    {{"code_field", "F", "the land-use layer's code field (default: "
      "ma_ldat, loaidat, loai_dat, mdsd, landuse, code)",
      "landuse reserve check", "text", 0, 0, "", ""}, NULL},
    {{"residential_code_field", "F", "the residential layers are land-use "
      "maps: keep the features whose code in F has role residential (ONT, "
      "ODT)", "encroach reserve check", "text", 0, 0, "", ""}, NULL},
    {{"plane_crs", "CRS", "official plane, projected (default EPSG:5897, "
      "VN-2000 / TM-3 105°, k 0.9999)", "areas overlaps landuse encroach "
      "check", "crs", 0, 0, "", "EPSG:5897"}, NULL},
    {{"declared_field", "F", "declared area in ha, to compare with",
      "areas overlaps landuse", "text", 0, 0, "", ""}, NULL},
    {{"min_overlap_m2", "A", "overlaps under A m² are slivers (default 1)",
      "overlaps", "real", 0, 0, "", "1"}, NULL},
    {{"rings", "D1,D2,...", "outer ring distances in metres, 1 to 32, "
      "increasing (default 50,100,300,500,1000)", "encroach check",
      "rings", 1, 32, "", "50,100,300,500,1000"}, NULL},
    {{"unbuildable", "R1,R2,...", "land-use roles not free for industry "
      "(default residential,water,sensitive)", "reserve", "list_of", 0, 0,
      "residential protected_agri agri industrial water infrastructure "
      "sensitive unused other unknown", "residential,water,sensitive"},
     NULL},
    {{"rules", "FILE", "rules CSV (default geodata/rules/hanoi_ccn.csv)",
      "check", "file", 0, 0, "", ""}, NULL},
    {{"hazard_class", "C", "hazard class I to V of proposals without a "
      "hazard_class attribute (default I)", "check", "one_of", 0, 0,
      "I II III IV V", "I"}, "a hazard class"},
};
#define NSETTINGS (sizeof TABLE / sizeof TABLE[0])

struct zg_settings {
    zg_ctx *ctx;
    char *value[NSETTINGS]; /* as given; NULL: not set */
};

static int find(const char *key)
{
    for (size_t i = 0; key && i < NSETTINGS; i++)
        if (strcmp(TABLE[i].info.key, key) == 0)
            return (int)i;
    return -1;
}

const zg_setting_info *zg_setting_info_at(size_t i)
{
    return i < NSETTINGS ? &TABLE[i].info : NULL;
}

bool zg_setting_known(const char *key)
{
    return find(key) >= 0;
}

/* Is `word` one of the space-separated words of `list`? */
static bool has_word(const char *list, const char *word, size_t n)
{
    for (const char *p = list; *p;) {
        size_t m = strcspn(p, " ");
        if (m == n && strncmp(p, word, n) == 0)
            return true;
        p += m;
        p += *p == ' ';
    }
    return false;
}

bool zg_setting_used_by(const char *key, const char *command)
{
    int i = find(key);
    if (i < 0 || !command)
        return false;
    return strcmp(command, "run") == 0 ||
           has_word(TABLE[i].info.used_by, command, strlen(command));
}

static bool whole_number(const char *s, long *v)
{
    char *end;
    errno = 0;
    *v = strtol(s, &end, 10);
    return end != s && *end == '\0' && errno == 0;
}

static bool real_number(const char *s, size_t n, double *v)
{
    char buf[64], *end;
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    *v = strtod(buf, &end);
    return *end == '\0' && isfinite(*v);
}

/* Parse "50, 100,300" into rings (room for max); *n gets the count, or
 * more than max when there are more. NULL, or the element that is not a
 * number (*bad_len its length). */
static const char *parse_rings(const char *s, double *rings, size_t max,
                               size_t *n, size_t *bad_len)
{
    *n = 0;
    for (const char *p = s;;) {
        size_t len = strcspn(p, ",");
        double d;
        if (!real_number(p, len, &d)) {
            *bad_len = len;
            return p;
        }
        if (*n < max)
            rings[*n] = d;
        (*n)++;
        if (!p[len])
            return NULL;
        p += len + 1;
    }
}

static setting_type type_of(const setting_def *d)
{
    size_t t = 0;
    while (t + 1 < sizeof TYPE_NAMES / sizeof TYPE_NAMES[0] &&
           strcmp(TYPE_NAMES[t], d->info.type) != 0)
        t++;
    return (setting_type)t;
}

/* Why `v` is not a value of setting d (a static text or buf), NULL when
 * it is. Sets *st to the failure's status. */
static const char *why_not(zg_ctx *ctx, const setting_def *d, const char *v,
                           char *buf, size_t cap, zg_status *st)
{
    char vb[ZG_CLIP_BUF];
    const char *shown = zg_clip(v, vb, sizeof vb);
    *st = ZG_ERR_USAGE;
    switch (type_of(d)) {
    case T_INT: {
        long n;
        if (whole_number(v, &n) && n >= d->info.min && n <= d->info.max)
            return NULL;
        snprintf(buf, cap, "must be a whole number from %.0f to %.0f (got "
                 "'%s')", d->info.min, d->info.max, shown);
        return buf;
    }
    case T_REAL: {
        double x;
        if (real_number(v, strlen(v), &x) && x >= d->info.min)
            return NULL;
        snprintf(buf, cap, "must be a number >= %g (got '%s')", d->info.min,
                 shown);
        return buf;
    }
    case T_RINGS: {
        double r[64];
        size_t n = 0, bad_len = 0;
        const char *bad = parse_rings(v, r, 64, &n, &bad_len);
        const char *what = "must be 1 to 32 increasing distances in metres, "
                           "such as 50,100,300";
        if (bad) {
            while (bad_len > 0 && *bad == ' ')
                bad++, bad_len--;
            while (bad_len > 0 && bad[bad_len - 1] == ' ')
                bad_len--;
            snprintf(buf, cap, "%s (got '%.*s' in '%s')", what,
                     (int)(bad_len < 40 ? bad_len : 40), bad, shown);
            return buf;
        }
        if (n < d->info.min || n > d->info.max) {
            snprintf(buf, cap, "%s (got %zu distances)", what, n);
            return buf;
        }
        for (size_t i = 0; i < n; i++)
            if (!(r[i] > (i ? r[i - 1] : 0))) {
                snprintf(buf, cap, "%s (got %g after %g)", what, r[i],
                         i ? r[i - 1] : 0.0);
                return buf;
            }
        return NULL;
    }
    case T_TEXT:
        return *v ? NULL : "must not be empty";
    case T_CRS: {
        zg_crs crs = {0};
        zg_status cs = zg_crs_from_user(ctx, v, &crs);
        bool geographic = !cs && crs.geographic;
        if (!cs)
            zg_crs_clear(ctx, &crs);
        *st = ZG_ERR_CRS;
        if (cs) {
            snprintf(buf, cap, "is not a CRS PROJ knows: %s",
                     zg_ctx_errmsg(ctx));
            return buf;
        }
        if (geographic) {
            snprintf(buf, cap, "must be projected (metres): '%s' is "
                     "geographic", shown);
            return buf;
        }
        return NULL;
    }
    case T_CODES:
        if (!strchr(v, '/') && !strstr(v, ".csv")) {
            if (strcmp(v, "tt27_2018") == 0 || strcmp(v, "tt08_2024") == 0)
                return NULL;
            snprintf(buf, cap, "must be tt27_2018, tt08_2024 or a CSV file "
                     "(got '%s')", shown);
            return buf;
        }
        /* A CSV file. */
        __attribute__((fallthrough));
    case T_FILE:
        if (access(v, R_OK) == 0)
            return NULL;
        *st = ZG_ERR_INPUT;
        snprintf(buf, cap, "names a file that cannot be read: %s (%s)",
                 strerror(errno), shown);
        return buf;
    case T_ONE_OF:
        if (*v && has_word(d->info.values, v, strlen(v)))
            return NULL;
        snprintf(buf, cap, "must be %s: one of %s (got '%s')", d->noun,
                 d->info.values, shown);
        return buf;
    case T_LIST_OF: /* empty: none */
        for (const char *p = v; *v;) {
            size_t n = strcspn(p, ",");
            if (n == 0 || !has_word(d->info.values, p, n)) {
                snprintf(buf, cap, "has an unknown land-use role '%.*s' in "
                         "'%s' (roles: %s)", (int)(n < 40 ? n : 40), p,
                         shown, d->info.values);
                return buf;
            }
            if (!p[n])
                return NULL;
            p += n + 1;
        }
    }
    return NULL;
}

zg_status zg_setting_check(zg_ctx *ctx, const char *key, const char *value,
                           const char *kind, const char *where)
{
    char kb[ZG_CLIP_BUF];
    int i = find(key);
    if (!kind)
        kind = "setting";
    if (!where)
        where = "";
    if (i < 0)
        return zg_fail(ctx, ZG_ERR_USAGE, "unknown %s '%s'%s", kind,
                       zg_clip(key ? key : "", kb, sizeof kb), where);
    if (!value)
        return zg_fail(ctx, ZG_ERR_USAGE, "%s '%s' needs a value%s", kind,
                       key, where);
    char buf[1024];
    zg_status st = ZG_OK;
    const char *why = why_not(ctx, &TABLE[i], value, buf, sizeof buf, &st);
    if (why)
        return zg_fail(ctx, st, "%s '%s' %s%s", kind, key, why, where);
    return ZG_OK;
}

/* Numbers as text, for the one check: exact (%.17g) so that what is
 * refused is what was given. */
zg_status zg_setting_check_threads(zg_ctx *ctx, int threads)
{
    char t[32];
    snprintf(t, sizeof t, "%d", threads);
    return threads == 0 ? ZG_OK
                        : zg_setting_check(ctx, "threads", t, NULL, NULL);
}

static void rings_text(const double *rings_m, size_t n, char *t, size_t cap)
{
    size_t used = 0;
    t[0] = '\0';
    if (n > 32) /* out of range: the check says so, from the count */
        n = 33;
    for (size_t i = 0; i < n && used < cap; i++)
        used += (size_t)snprintf(t + used, cap - used, "%s%.17g",
                                 i ? "," : "", rings_m[i]);
}

zg_status zg_setting_check_rings(zg_ctx *ctx, const double *rings_m,
                                 size_t n)
{
    char t[33 * 26 + 1];
    rings_text(rings_m, n, t, sizeof t);
    return zg_setting_check(ctx, "rings", t, NULL, NULL);
}

zg_settings *zg_settings_new(zg_ctx *ctx)
{
    zg_settings *s = zg_calloc(ctx, 1, sizeof *s);
    if (s)
        s->ctx = ctx;
    return s;
}

void zg_settings_free(zg_settings *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < NSETTINGS; i++)
        zg_free(s->ctx, s->value[i]);
    zg_free(s->ctx, s);
}

zg_status zg_settings_set_from(zg_settings *s, const char *key,
                               const char *value, const char *kind,
                               const char *where)
{
    zg_status st = zg_setting_check(s->ctx, key, value, kind, where);
    if (st)
        return st;
    return zg_opt_string(s->ctx, &s->value[find(key)], value);
}

zg_status zg_settings_set(zg_settings *s, const char *key, const char *value)
{
    return zg_settings_set_from(s, key, value, NULL, NULL);
}

const char *zg_settings_get(const zg_settings *s, const char *key)
{
    int i = find(key);
    return s && i >= 0 ? s->value[i] : NULL;
}

zg_status zg_settings_set_threads(zg_settings *s, int threads)
{
    char t[32];
    snprintf(t, sizeof t, "%d", threads);
    return zg_settings_set(s, "threads", t);
}

zg_status zg_settings_set_rings_m(zg_settings *s, const double *rings_m,
                                  size_t n)
{
    char t[33 * 26 + 1];
    rings_text(rings_m, n, t, sizeof t);
    return zg_settings_set(s, "rings", t);
}

zg_status zg_settings_set_min_overlap_m2(zg_settings *s, double m2)
{
    char t[32];
    snprintf(t, sizeof t, "%.17g", m2);
    return zg_settings_set(s, "min_overlap_m2", t);
}

zg_status zg_settings_apply(const zg_settings *s, const zg_analysis_opts *to)
{
    if (!s || !to)
        return ZG_OK;
    const char *threads = zg_settings_get(s, "threads"),
               *codes = zg_settings_get(s, "codes"),
               *cf = zg_settings_get(s, "code_field"),
               *rcf = zg_settings_get(s, "residential_code_field"),
               *plane = zg_settings_get(s, "plane_crs"),
               *declared = zg_settings_get(s, "declared_field"),
               *min_m2 = zg_settings_get(s, "min_overlap_m2"),
               *rings = zg_settings_get(s, "rings"),
               *unb = zg_settings_get(s, "unbuildable"),
               *rules = zg_settings_get(s, "rules"),
               *hazard = zg_settings_get(s, "hazard_class");
    int n = threads ? atoi(threads) : 0;
    double r[32];
    size_t nr = 0, bad_len;
    if (rings)
        parse_rings(rings, r, 32, &nr, &bad_len); /* checked when set */
    zg_status st = ZG_OK;
    zg_areas_opts *ao = to->areas, *pa = to->proposal_areas;
    if (ao && plane) st = zg_areas_opts_set_plane_crs(ao, plane);
    if (!st && ao && declared)
        st = zg_areas_opts_set_declared_field(ao, declared);
    if (!st && pa && plane) st = zg_areas_opts_set_plane_crs(pa, plane);
    zg_overlaps_opts *oo = to->overlaps;
    if (!st && oo && min_m2)
        st = zg_overlaps_opts_set_min_overlap_m2(oo, atof(min_m2));
    zg_landuse_opts *lo = to->landuse;
    if (!st && lo && n) st = zg_landuse_opts_set_threads(lo, n);
    if (!st && lo && codes) st = zg_landuse_opts_set_codes(lo, codes);
    if (!st && lo && cf) st = zg_landuse_opts_set_code_field(lo, cf);
    zg_encroach_opts *eo = to->encroach;
    if (!st && eo && n) st = zg_encroach_opts_set_threads(eo, n);
    if (!st && eo && codes) st = zg_encroach_opts_set_codes(eo, codes);
    if (!st && eo && rcf) st = zg_encroach_opts_set_code_field(eo, rcf);
    if (!st && eo && plane) st = zg_encroach_opts_set_plane_crs(eo, plane);
    if (!st && eo && nr) st = zg_encroach_opts_set_rings_m(eo, r, nr);
    zg_reserve_opts *ro = to->reserve;
    if (!st && ro && n) st = zg_reserve_opts_set_threads(ro, n);
    if (!st && ro && codes) st = zg_reserve_opts_set_codes(ro, codes);
    if (!st && ro && cf) st = zg_reserve_opts_set_code_field(ro, cf);
    if (!st && ro && rcf)
        st = zg_reserve_opts_set_residential_code_field(ro, rcf);
    if (!st && ro && unb) st = zg_reserve_opts_set_unbuildable(ro, unb);
    zg_check_opts *co = to->check;
    if (!st && co && n) st = zg_check_opts_set_threads(co, n);
    if (!st && co && codes) st = zg_check_opts_set_codes(co, codes);
    if (!st && co && cf) st = zg_check_opts_set_code_field(co, cf);
    if (!st && co && rcf)
        st = zg_check_opts_set_residential_code_field(co, rcf);
    /* The proposals are judged on the same rings (R13). */
    if (!st && co && nr) st = zg_check_opts_set_rings_m(co, r, nr);
    if (!st && co && rules) st = zg_check_opts_set_rules(co, rules);
    if (!st && co && hazard) st = zg_check_opts_set_hazard_class(co, hazard);
    return st;
}
