/* SPDX-License-Identifier: MIT
 *
 * fuzz_scenario.c: the scenario file of `zoneguard run` (engine/run/
 * scenario.c), parsed from memory as zg_scenario_load parses a file.
 *
 * Checked: a failure names the file; a scenario that loads has a clusters
 * layer, keys that are known and unique, number keys (threads,
 * min_overlap_m2, rings) that hold numbers and only them, values that are
 * trimmed UTF-8 on one line (LF, CRLF and a lone CR all end a line), and
 * every path (each element of a comma-separated list) resolved to an
 * absolute path that names something below the scenario's folder or
 * outside it, never the folder itself.
 */
#include "fuzz_common.h"
#include "run/run_int.h"

#include <ctype.h>

static const char WHAT[] = "fuzz.scenario";
static const char BASE[] = "/fuzz/base";

static bool is_path_key(const char *k)
{
    static const char *const P[] = {"clusters", "parks", "landuse",
                                    "residential", "proposals", "rules",
                                    "districts", NULL};
    for (const char *const *p = P; *p; p++)
        if (strcmp(*p, k) == 0)
            return true;
    return false;
}

static void check_paths(const char *key, const char *value)
{
    char *copy = strdup(value);
    FUZZ_CHECK(copy != NULL, "out of memory");
    for (char *save = NULL, *p = strtok_r(copy, ",", &save); p;
         p = strtok_r(NULL, ",", &save)) {
        FUZZ_CHECK(p[0] == '/', "%s: path '%s' is not absolute", key, p);
        size_t nb = strlen(BASE);
        bool below = strncmp(p, BASE, nb) == 0 && p[nb] == '/';
        FUZZ_CHECK(!below || p[nb + 1] != '\0',
                   "%s: an empty path became the scenario's folder", key);
    }
    free(copy);
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
            check_paths(k, v);
        }
    }
    zg_scenario_free(sc);
    return 0;
}
