/* SPDX-License-Identifier: MIT
 *
 * scenario.c: the scenario file that `zoneguard run` reads: which layers,
 * fields, code table, rules and rings an analysis uses, so that a planner
 * keeps one small text file per study and re-runs it.
 *
 * Format: UTF-8 lines "key = value" (ending in LF, CRLF or CR); blank
 * lines and lines starting with '#' are ignored; paths are relative to
 * the scenario file. An unknown key, a repeated key or a line without '='
 * is refused with its line number, so a typo never silently drops an
 * input.
 */
#include "run_int.h"
#include "../analyses/settings_int.h"

#include <ctype.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const KEYS[] = {
    "title", "clusters", "clusters_layer", "id_field", "name_field",
    "declared_field", "s_srs", "encoding", "plane_crs", "parks", "landuse",
    "landuse_layer", "code_field", "codes", "residential",
    "residential_code_field", "epochs", "rings", "proposals", "rules",
    "hazard_class", "unbuildable", "districts", "threads",
    "min_overlap_m2", "clusters_encoding", "landuse_encoding",
    "parks_encoding", "proposals_encoding", "residential_encoding",
    "districts_encoding", "boundaries_label", "format", "t_srs", "a_srs",
    "landuse_a_srs", "parks_a_srs", "proposals_a_srs", "residential_a_srs",
    "clusters_id_field", "clusters_name_field", "parks_id_field",
    "parks_name_field", "proposals_id_field", "proposals_name_field",
    "occupied", "report_layout", "issuing_body", "atlas", NULL};

/* Keys whose values are free text, which may be empty. */
static const char *const TEXT_KEYS[] = {
    "title", "issuing_body", "boundaries_label", NULL};

/* Keys whose values are paths (made absolute against the file's folder);
 * those of LIST_KEYS are comma-separated lists of paths, the others one
 * path each, a comma in it included. */
static const char *const PATH_KEYS[] = {
    "clusters", "parks", "landuse", "residential", "proposals", "rules",
    "districts", "occupied", NULL};
static const char *const LIST_KEYS[] = {
    "residential", "proposals", "occupied", NULL};

static bool in_list(const char *const *list, const char *k)
{
    for (; *list; list++)
        if (strcmp(*list, k) == 0)
            return true;
    return false;
}

static char *trim(char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Refuse a path key whose value, or one of whose comma-separated
 * elements, is empty ("residential = a.gpkg, , b.gpkg", "parks ="). */
static zg_status check_path_list(zg_ctx *ctx, const char *key,
                                 const char *v, const char *where,
                                 zg_status bad)
{
    const char *p = v;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        bool blank = true;
        for (size_t i = 0; i < n && blank; i++)
            blank = isspace((unsigned char)p[i]) != 0;
        if (blank)
            return zg_fail(ctx, bad, "key '%s' names an empty path%s", key,
                           where);
        if (!end)
            return ZG_OK;
        p = end + 1;
    }
}

/* One path relative to base (a folder); GDAL virtual paths and absolute
 * paths are kept as they are. New string. */
static char *resolve(zg_ctx *ctx, const char *base, const char *p)
{
    if (p[0] == '/' || strncmp(p, "/vsi", 4) == 0)
        return zg_strdup(ctx, p);
    return zg_asprintf(ctx, "%s/%s", base, p);
}

/* A list whose whole value names a file that exists is a file whose name
 * holds a comma: split at it, it would be two files that do not exist,
 * and the error would name neither the key nor the file. */
static zg_status check_comma_name(zg_ctx *ctx, const char *key,
                                  const char *v, const char *base,
                                  const char *where, zg_status bad)
{
    if (!strchr(v, ','))
        return ZG_OK;
    char *whole = resolve(ctx, base, v);
    if (!whole)
        return zg_nomem(ctx, "scenario");
    struct stat sb;
    bool exists = stat(whole, &sb) == 0;
    zg_free(ctx, whole);
    if (!exists)
        return ZG_OK;
    return zg_fail(ctx, bad, "key '%s'%s names '%s', a file whose name "
                   "holds a comma, but a comma separates the paths of this "
                   "key: rename the file or link it under a name without "
                   "one", key, where, v);
}

const zg_settings *zg_scenario_settings(const zg_scenario *s)
{
    return s->settings;
}

const char *zg_scenario_get(const zg_scenario *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->keys[i], key) == 0)
            return s->values[i];
    return NULL;
}

const char *zg_scenario_path(const zg_scenario *s)
{
    return s->path;
}

void zg_scenario_free(zg_scenario *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        zg_free(s->ctx, s->keys[i]);
        zg_free(s->ctx, s->values[i]);
    }
    zg_free(s->ctx, s->keys);
    zg_free(s->ctx, s->values);
    zg_free(s->ctx, s->path);
    zg_settings_free(s->settings);
    zg_free(s->ctx, s);
}

/* Store key k = v (v checked and its paths resolved against base), or
 * replace its value when `replace`; `where` ends each message (" on line
 * 3 (path)", " (from --atlas on the command line)") and `bad` is the
 * status of a bad value (ZG_ERR_INPUT for a file's line, ZG_ERR_USAGE for
 * an option). */
static zg_status put_key(zg_scenario *s, const char *k, const char *v,
                         const char *base, const char *where, zg_status bad,
                         bool replace, size_t *cap)
{
    zg_ctx *ctx = s->ctx;
    if (!zg_utf8_valid(v, strlen(v)))
        return zg_fail(ctx, bad, "key '%s' is not valid UTF-8%s", k, where);
    /* An empty value would be taken as no value at all ("s_srs =" reads
     * the layer's own CRS): refused, as a typo would be. The texts may be
     * empty; a setting says so in its own words. */
    if (!*v && !in_list(TEXT_KEYS, k) && !zg_setting_known(k) &&
        !in_list(PATH_KEYS, k))
        return zg_fail(ctx, bad, "key '%s' has no value%s", k, where);
    if (strcmp(k, "format") == 0 && strcmp(v, "sqlite") != 0 &&
        strcmp(v, "spatialite") != 0 && strcmp(v, "gpkg") != 0 &&
        strcmp(v, "geopackage") != 0) {
        char vb[ZG_CLIP_BUF];
        return zg_fail(ctx, ZG_ERR_USAGE, "format '%s' is not one of "
                       "sqlite, gpkg: key 'format'%s",
                       zg_clip(v, vb, sizeof vb), where);
    }
    if (strcmp(k, "report_layout") == 0 && strcmp(v, "standard") != 0 &&
        strcmp(v, "official") != 0)
        return zg_fail(ctx, bad, "key 'report_layout'%s must be standard or "
                       "official", where);
    if (strcmp(k, "atlas") == 0 && strcmp(v, "flagged") != 0 &&
        strcmp(v, "all") != 0 && strcmp(v, "none") != 0)
        return zg_fail(ctx, bad, "key 'atlas'%s must be flagged, all or "
                       "none", where);
    zg_status st = ZG_OK;
    char *value = NULL;
    if (in_list(PATH_KEYS, k) && !in_list(LIST_KEYS, k)) {
        if (!*v)
            return zg_fail(ctx, bad, "key '%s' names an empty path%s", k,
                           where);
        value = resolve(ctx, base, v);
    } else if (in_list(PATH_KEYS, k)) {
        /* Resolve each comma-separated path. An empty one would resolve
         * to the base folder and fail later with a confusing message (or
         * open the folder as a dataset). */
        if ((st = check_path_list(ctx, k, v, where, bad)) ||
            (st = check_comma_name(ctx, k, v, base, where, bad)))
            return st;
        char *tmp = zg_strdup(ctx, v);
        value = tmp ? zg_strdup(ctx, "") : NULL;
        for (char *save = NULL, *p = value ? strtok_r(tmp, ",", &save) : NULL;
             p && value; p = strtok_r(NULL, ",", &save)) {
            char *r = resolve(ctx, base, trim(p));
            char *nv = r ? zg_asprintf(ctx, "%s%s%s", value,
                                       *value ? "," : "", r)
                         : NULL;
            zg_free(ctx, r);
            zg_free(ctx, value);
            value = nv;
        }
        zg_free(ctx, tmp);
    } else
        value = zg_strdup(ctx, v);
    if (!value)
        return zg_nomem(ctx, "scenario");
    /* A setting is checked by the table of settings, as the same option
     * of a single command. */
    if (zg_setting_known(k) &&
        (st = zg_settings_set_from(s->settings, k, value, "key", where))) {
        zg_free(ctx, value);
        return st;
    }
    for (size_t i = 0; replace && i < s->n; i++)
        if (strcmp(s->keys[i], k) == 0) {
            zg_free(ctx, s->values[i]);
            s->values[i] = value;
            return ZG_OK;
        }
    char *key = zg_strdup(ctx, k);
    if (!key ||
        zg_grow(ctx, (void **)&s->keys, cap, s->n + 1, sizeof *s->keys) ||
        zg_grow(ctx, (void **)&s->values, &s->vcap, s->n + 1,
                sizeof *s->values)) {
        zg_free(ctx, value);
        zg_free(ctx, key);
        return zg_nomem(ctx, "scenario");
    }
    s->keys[s->n] = key;
    s->values[s->n] = value;
    s->n++;
    return ZG_OK;
}

static zg_status parse_lines(zg_scenario *s, const char *text, size_t len,
                             const char *base)
{
    zg_ctx *ctx = s->ctx;
    const char *path = s->path;
    zg_status st = ZG_OK;
    size_t line = 0, i = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && !st) {
        /* A line ends at LF, CRLF or a lone CR: a file saved with old
         * Mac line ends must not read as one line whose first value
         * swallows every later key. */
        size_t j = i;
        while (j < len && text[j] != '\n' && text[j] != '\r')
            j++;
        size_t next = j + 1;
        if (j + 1 < len && text[j] == '\r' && text[j + 1] == '\n')
            next = j + 2;
        line++;
        char buf[4096];
        size_t n = j - i;
        if (n >= sizeof buf)
            return zg_fail(ctx, ZG_ERR_INPUT, "line %zu is too long (%s)",
                           line, path);
        memcpy(buf, text + i, n);
        buf[n] = '\0';
        i = next;
        if (memchr(buf, '\0', n))
            return zg_fail(ctx, ZG_ERR_INPUT, "line %zu holds a NUL byte "
                           "(%s)", line, path);
        char *l = trim(buf);
        if (!*l || *l == '#')
            continue;
        char *eq = strchr(l, '=');
        if (!eq)
            return zg_fail(ctx, ZG_ERR_INPUT, "line %zu is not 'key = "
                           "value' (%s)", line, path);
        *eq = '\0';
        char *k = trim(l), *v = trim(eq + 1);
        if (!in_list(KEYS, k)) {
            char kb[ZG_CLIP_BUF]; /* a line can be 4 KiB: cut to fit */
            return zg_fail(ctx, ZG_ERR_INPUT, "unknown key '%s' on line %zu "
                           "(%s)", zg_clip(k, kb, sizeof kb), line, path);
        }
        if (zg_scenario_get(s, k))
            return zg_fail(ctx, ZG_ERR_INPUT, "key '%s' given twice, again "
                           "on line %zu (%s)", k, line, path);
        char where[4200];
        snprintf(where, sizeof where, " on line %zu (%s)", line, path);
        st = put_key(s, k, v, base, where, ZG_ERR_INPUT, false, &s->kcap);
    }
    return st;
}

/* What no single line can say. */
static zg_status check_whole(zg_scenario *s)
{
    if (zg_scenario_get(s, "encoding") &&
        zg_scenario_get(s, "clusters_encoding"))
        return zg_fail(s->ctx, ZG_ERR_INPUT, "keys 'encoding' and "
                       "'clusters_encoding' both give the clusters layer's "
                       "encoding: keep one (%s)", s->path);
    if (!zg_scenario_get(s, "clusters"))
        return zg_fail(s->ctx, ZG_ERR_INPUT, "the scenario names no "
                       "clusters layer (key 'clusters') (%s)", s->path);
    return ZG_OK;
}

static zg_scenario *scenario_new(zg_ctx *ctx, const char *path)
{
    zg_scenario *s = zg_calloc(ctx, 1, sizeof *s);
    if (!s || !(s->path = zg_strdup(ctx, path)) ||
        !(s->settings = zg_settings_new(ctx))) {
        if (s)
            zg_free(ctx, s->path);
        zg_free(ctx, s);
        return NULL;
    }
    s->ctx = ctx;
    return s;
}

zg_status zg_scenario_parse(zg_ctx *ctx, const char *text, size_t len,
                            const char *path, const char *base,
                            zg_scenario **out)
{
    *out = NULL;
    zg_scenario *s = scenario_new(ctx, path);
    if (!s)
        return zg_nomem(ctx, "scenario");
    zg_status st = parse_lines(s, text, len, base);
    if (!st)
        st = check_whole(s);
    if (st) {
        zg_scenario_free(s);
        return st;
    }
    *out = s;
    return ZG_OK;
}

const char *zg_scenario_key_at(size_t i)
{
    return i < sizeof KEYS / sizeof *KEYS - 1 ? KEYS[i] : NULL;
}

zg_status zg_scenario_load_with(zg_ctx *ctx, const char *path, size_t n,
                                const char *const *keys,
                                const char *const *values, zg_scenario **out)
{
    *out = NULL;
    char *own = NULL;
    if (!path) {
        own = zg_asprintf(ctx, "%s/demo/hanoi.scenario", zg_data_dir());
        if (!own)
            return zg_nomem(ctx, "scenario path");
        path = own;
    }
    char *text = NULL, *dir = NULL;
    size_t len = 0;
    zg_scenario *s = NULL;
    zg_status st = zg_read_file(ctx, path, &text, &len);
    if (!st && (!(dir = zg_strdup(ctx, path)) || !(s = scenario_new(ctx, path))))
        st = zg_nomem(ctx, "scenario");
    if (!st)
        st = parse_lines(s, text, len, dirname(dir));
    /* A value given beside the file wins over the file's; its relative
     * paths start where the command was given, as any path on a command
     * line does. */
    char cwd[4096];
    if (!st && n && !getcwd(cwd, sizeof cwd))
        st = zg_fail(ctx, ZG_ERR_INPUT, "cannot tell the current folder, "
                     "against which the paths of the command line are "
                     "read");
    for (size_t i = 0; i < n && !st; i++) {
        if (!in_list(KEYS, keys[i]))
            st = zg_fail(ctx, ZG_ERR_USAGE, "unknown scenario key '%s'",
                         keys[i]);
        else {
            char where[200];
            snprintf(where, sizeof where, " (from --%s on the command line)",
                     keys[i]);
            for (char *c = where; *c; c++)
                if (*c == '_')
                    *c = '-';
            st = put_key(s, keys[i], values[i], cwd, where, ZG_ERR_USAGE,
                         true, &s->kcap);
        }
    }
    if (!st)
        st = check_whole(s);
    if (st)
        zg_scenario_free(s);
    else
        *out = s;
    zg_free(ctx, dir);
    zg_free(ctx, text);
    zg_free(ctx, own);
    return st;
}

zg_status zg_scenario_load(zg_ctx *ctx, const char *path, zg_scenario **out)
{
    return zg_scenario_load_with(ctx, path, 0, NULL, NULL, out);
}
