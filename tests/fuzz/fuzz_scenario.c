/* SPDX-License-Identifier: MIT
 *
 * fuzz_scenario.c: the scenario file of `zoneguard run` (engine/run/
 * scenario.c), parsed from memory as zg_scenario_load parses a file.
 *
 * Checked: a failure names the file; a scenario that loads has a clusters
 * layer, keys that are known and unique, number keys (threads,
 * min_overlap_m2, rings) that hold numbers and only them, values that are
 * trimmed UTF-8 on one line (LF, CRLF and a lone CR all end a line), and
 * every path (each element of a comma-separated list; a comma is part of
 * a path of another key) resolved to an
 * absolute path: kept as given when absolute, else the scenario's folder
 * and a non-empty relative rest (so never the folder by accident).
 */
#include "fuzz_common.h"
#include "run/run_int.h"

#include <ctype.h>

static const char WHAT[] = "fuzz.scenario";
static const char BASE[] = "/fuzz/base";
static const char ALT[] = "/other/folder";

static bool is_path_key(const char *k)
{
    static const char *const P[] = {"clusters", "parks", "landuse",
                                    "residential", "proposals", "rules",
                                    "districts", "occupied", NULL};
    for (const char *const *p = P; *p; p++)
        if (strcmp(*p, k) == 0)
            return true;
    return false;
}

/* Each element of a path list, parsed under base BASE (in a) and under
 * ALT (in b). An element the file gave as absolute (or a GDAL /vsi path)
 * is the same in both; a relative one is its base, '/', and the same
 * non-empty rest in each. Comparing two parses tells the two apart
 * without re-parsing the file here: the folder named outright
 * ("/fuzz/base/") is a path like any other, while an empty element
 * resolved to the folder would show as "BASE/" against "ALT/" (found by
 * fuzzing: the first form of this check took the one for the other). */
static void check_paths(const char *key, const char *a, const char *b)
{
    /* Only the list keys split at commas: another path keeps its own. */
    const char *sep = strcmp(key, "residential") == 0 ||
                              strcmp(key, "proposals") == 0 ||
                              strcmp(key, "occupied") == 0
                          ? ","
                          : "";
    char *ca = strdup(a), *cb = strdup(b);
    FUZZ_CHECK(ca && cb, "out of memory");
    char *sa = NULL, *sb = NULL;
    char *pa = strtok_r(ca, sep, &sa), *pb = strtok_r(cb, sep, &sb);
    for (; pa && pb;
         pa = strtok_r(NULL, sep, &sa), pb = strtok_r(NULL, sep, &sb)) {
        FUZZ_CHECK(pa[0] == '/', "%s: path '%s' is not absolute", key, pa);
        if (strcmp(pa, pb) == 0)
            continue; /* given absolute */
        size_t na = strlen(BASE), nb = strlen(ALT);
        FUZZ_CHECK(strncmp(pa, BASE, na) == 0 && pa[na] == '/' &&
                       strncmp(pb, ALT, nb) == 0 && pb[nb] == '/' &&
                       strcmp(pa + na, pb + nb) == 0,
                   "%s: '%s' and '%s' are not one relative path", key, pa,
                   pb);
        FUZZ_CHECK(pa[na + 1] != '\0',
                   "%s: an empty path became the scenario's folder", key);
    }
    FUZZ_CHECK(!pa && !pb, "%s: the two parses hold different lists", key);
    free(ca);
    free(cb);
}

/* A number key holds what `zoneguard run` reads from it with atoi, atof
 * and a split at commas: the whole value must be that number. */
static void check_number(const char *k, const char *v)
{
    char *end;
    if (strcmp(k, "threads") == 0) {
        long n = strtol(v, &end, 10);
        FUZZ_CHECK(*end == '\0' && n >= 1 && n <= 1024 && atoi(v) == n,
                   "threads = '%s' loaded", v);
    } else if (strcmp(k, "min_overlap_m2") == 0) {
        double d = strtod(v, &end);
        FUZZ_CHECK(*end == '\0' && d >= 0 && d == atof(v),
                   "min_overlap_m2 = '%s' loaded", v);
    } else if (strcmp(k, "rings") == 0) {
        size_t n = 0;
        double prev = 0;
        for (const char *p = v;; p++) {
            double d = strtod(p, &end);
            /* The loader trims what isspace() calls blank around each
             * item (a vertical tab too: found by fuzzing). */
            while (*end && isspace((unsigned char)*end))
                end++;
            FUZZ_CHECK(end != p && (*end == ',' || !*end) && d > prev &&
                           ++n <= 32,
                       "rings = '%s' loaded", v);
            prev = d;
            if (!*end)
                break;
            p = end;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zg_ctx *ctx = fuzz_ctx();
    zg_scenario *sc = NULL;
    zg_status st = zg_scenario_parse(ctx, (const char *)data, size, WHAT,
                                     BASE, &sc);
    fuzz_check_status(ctx, st, WHAT);
    if (st) {
        FUZZ_CHECK(sc == NULL, "output left set on failure");
        return 0;
    }
    FUZZ_CHECK(zg_scenario_get(sc, "clusters") != NULL, "no clusters");
    /* The same text under another base: it must load too, with the same
     * keys in the same order (paths are compared in check_paths). */
    zg_scenario *alt = NULL;
    FUZZ_CHECK(zg_scenario_parse(ctx, (const char *)data, size, WHAT, ALT,
                                 &alt) == ZG_OK &&
                   alt->n == sc->n,
               "the same scenario failed under another base");
    for (size_t i = 0; i < sc->n; i++) {
        const char *k = sc->keys[i], *v = sc->values[i];
        FUZZ_CHECK(zg_scenario_get(sc, k) == v, "key %s given twice", k);
        size_t n = strlen(v);
        FUZZ_CHECK(zg_utf8_valid(v, n), "%s: value not UTF-8", k);
        FUZZ_CHECK(n == 0 || (!isspace((unsigned char)v[0]) &&
                              !isspace((unsigned char)v[n - 1])),
                   "%s: value '%s' not trimmed", k, v);
        /* A line break inside a value means lines were run together
         * and the keys after the first were taken as part of its value. */
        FUZZ_CHECK(!strpbrk(v, "\r\n"), "%s: value holds a line break", k);
        check_number(k, v);
        if (is_path_key(k)) {
            FUZZ_CHECK(n > 0, "%s: no path given, yet accepted", k);
            FUZZ_CHECK(strcmp(alt->keys[i], k) == 0, "keys reordered");
            check_paths(k, v, alt->values[i]);
        }
    }
    zg_scenario_free(alt);
    zg_scenario_free(sc);
    return 0;
}
