/* SPDX-License-Identifier: MIT
 *
 * run.c: `zoneguard run`: every analysis a scenario asks for, in one go,
 * into one folder: results.sqlite (all tables, QGIS-styled), geojson/,
 * csv/, and the map and report. The analyses run in the order each one
 * needs the previous: areas, overlaps, land use, encroachment, free land,
 * proposal checks. Each is skipped, with a message, when its inputs are
 * not in the scenario. The analyses that read the large layers are the
 * steps of steps.c: each large layer is read once for all of them.
 */
#include "run_int.h"
#include "../output/output_int.h"
#include "../products/products.h"

#include <cpl_conv.h>
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DATES 16

static zg_status make_dir(zg_ctx *ctx, const char *d)
{
    if (mkdir(d, 0777) != 0 && errno != EEXIST)
        return zg_fail(ctx, ZG_ERR_OUTPUT, "cannot create the folder: %s "
                       "(%s)", strerror(errno), d);
    return ZG_OK;
}

/* Before any file is moved: every file under `from` (one level of
 * sub-folders) whose twin under `to` exists, unless `replace` (a run
 * does not start when it would clobber), or is a symbolic link to
 * nothing (there is no file to write through it). */
static zg_status check_targets(zg_ctx *ctx, const char *from, const char *to,
                               bool replace)
{
    DIR *d = opendir(from);
    if (!d)
        return ZG_OK;
    zg_status st = ZG_OK;
    struct dirent *e;
    while (!st && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char a[4096], b[4096];
        snprintf(a, sizeof a, "%s/%s", from, e->d_name);
        snprintf(b, sizeof b, "%s/%s", to, e->d_name);
        struct stat sa, sb;
        if (stat(a, &sa) != 0)
            continue;
        if (S_ISDIR(sa.st_mode))
            st = check_targets(ctx, a, b, replace);
        else if (stat(b, &sb) == 0 && !replace)
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "output exists; it is left "
                         "untouched (use --overwrite to replace it) (%s)", b);
        else if (lstat(b, &sb) == 0 && S_ISLNK(sb.st_mode) &&
                 stat(b, &sa) != 0)
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "output is a symbolic link to "
                         "a file that does not exist; it is left untouched "
                         "(%s)", b);
    }
    closedir(d);
    return st;
}

/* Move the finished file `a` to `b`. Through a symbolic link the file it
 * points at is replaced and the link stays, as for every command's
 * output (staging.c): the user's link, and whatever else points at that
 * file, keep seeing the results. On another file system the file is
 * copied beside its target first, then renamed over it. */
static zg_status place(zg_ctx *ctx, const char *a, const char *b)
{
    char *target = zg_output_follow(ctx, b);
    if (!target)
        return zg_nomem(ctx, "output path");
    zg_status st = ZG_OK;
    if (rename(a, target) == 0)
        ;
    else if (errno != EXDEV)
        st = zg_fail(ctx, ZG_ERR_OUTPUT, "cannot move %s into place: %s", b,
                     strerror(errno));
    else {
        char *dir = zg_strdup(ctx, target);
        char *tmp = dir ? zg_asprintf(ctx, "%s/.zoneguard-tmp-XXXXXX",
                                      dirname(dir)) : NULL;
        char *copy = tmp && mkdtemp(tmp)
                         ? zg_asprintf(ctx, "%s/copy", tmp) : NULL;
        if (copy)
            zg_stage_mark(tmp);
        if (!copy || CPLCopyFile(copy, a) != 0 || rename(copy, target) != 0)
            st = zg_fail(ctx, ZG_ERR_OUTPUT, "cannot move %s into place "
                         "(through a symbolic link, to %s): %s", b, target,
                         strerror(errno));
        if (copy)
            zg_remove_tree(tmp);
        zg_free(ctx, copy);
        zg_free(ctx, tmp);
        zg_free(ctx, dir);
    }
    zg_free(ctx, target);
    return st;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Move the finished files from the staging folder into place, in the
 * order of their names, each reported (ZG_MSG_INFO "wrote PATH"): the
 * caller can list what the run wrote. */
static zg_status move_all(zg_ctx *ctx, const char *from, const char *to)
{
    zg_status st = make_dir(ctx, to);
    struct dirent **list = NULL;
    int n = st ? 0 : scandir(from, &list, NULL, by_name);
    if (!st && n < 0)
        return zg_fail(ctx, ZG_ERR_OUTPUT, "cannot read %s", from);
    for (int i = 0; i < n && !st; i++) {
        const struct dirent *e = list[i];
        if (e->d_name[0] == '.')
            continue;
        char a[4096], b[4096];
        snprintf(a, sizeof a, "%s/%s", from, e->d_name);
        snprintf(b, sizeof b, "%s/%s", to, e->d_name);
        struct stat sa;
        if (stat(a, &sa) != 0)
            continue;
        if (S_ISDIR(sa.st_mode)) {
            st = move_all(ctx, a, b);
            rmdir(a);
        } else if ((st = place(ctx, a, b)) != ZG_OK)
            ;
        else
            zg_msg(ctx, ZG_MSG_INFO, "wrote %s", b);
    }
    for (int i = 0; i < n; i++)
        free(list[i]);
    free(list);
    return st;
}

/* Split the scenario's list `key` ("a,b,c") into a new array of new
 * strings. The value is copied whole: resolved paths can make it longer
 * than any line of the file. */
static zg_status split_list(zg_ctx *ctx, const zg_scenario *sc,
                            const char *key, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const char *v = zg_scenario_get(sc, key);
    if (!v)
        return ZG_OK;
    char *buf = zg_strdup(ctx, v);
    char **arr = zg_calloc(ctx, MAX_DATES + 1, sizeof *arr);
    zg_status st = buf && arr ? ZG_OK : zg_nomem(ctx, "list");
    for (char *save = NULL, *p = st ? NULL : strtok_r(buf, ",", &save); p;
         p = strtok_r(NULL, ",", &save)) {
        while (*p == ' ')
            p++;
        if (*n == MAX_DATES) {
            st = zg_fail(ctx, ZG_ERR_USAGE, "key '%s' lists more than %d "
                         "entries (%s)", key, MAX_DATES,
                         zg_scenario_path(sc));
            break;
        }
        if (!(arr[(*n)++] = zg_strdup(ctx, p))) {
            st = zg_nomem(ctx, "list");
            break;
        }
    }
    zg_free(ctx, buf);
    if (st) {
        for (size_t i = 0; arr && i < *n; i++)
            zg_free(ctx, arr[i]);
        zg_free(ctx, arr);
        *n = 0;
        return st;
    }
    *out = arr;
    return ZG_OK;
}

static void free_list(zg_ctx *ctx, char **arr, size_t n)
{
    for (size_t i = 0; arr && i < n; i++)
        zg_free(ctx, arr[i]);
    zg_free(ctx, arr);
}

/* Wall time of each step of a run, reported when asked (ZG_RUN_TIMINGS):
 * where the time of the planner's whole job goes. */
typedef struct step_clock {
    zg_ctx *ctx;
    bool on;
    double start, last; /* CLOCK_MONOTONIC, s */
} step_clock;

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void step_done(step_clock *c, zg_status st, const char *step)
{
    if (!c->on || st)
        return;
    double now = mono_s();
    zg_msg(c->ctx, ZG_MSG_INFO, "timing: %s %.3f s", step, now - c->last);
    c->last = now;
}

/* A step of the analyses is done (steps.c): time it. */
static void mark_step(void *ud, const char *step)
{
    step_done(ud, ZG_OK, step);
}

/* The CSV files of a run's database, for zg_beside. */
typedef struct csv_job {
    char results[4200], dir[4200];
    unsigned flags;
} csv_job;

static zg_status csv_write(zg_ctx *ctx, void *ud)
{
    const csv_job *j = ud;
    return zg_export_csv(ctx, j->results, j->dir, j->flags);
}

typedef struct run_state {
    zg_ctx *ctx;
    const zg_scenario *sc;
    const char *dir;
    unsigned flags;
    char path[4096];
} run_state;

/* dir/sub/name, in rs->path. */
static const char *out_path(run_state *rs, const char *sub, const char *name)
{
    snprintf(rs->path, sizeof rs->path, "%s%s%s/%s", rs->dir, sub ? "/" : "",
             sub ? sub : "", name);
    return rs->path;
}

/* Apply the scenario's keys for one input: its layer (`layer_key`), its
 * text encoding ("<role>_encoding"; for the main input, the clusters,
 * also plain "encoding"), and for the main input s_srs, id_field and
 * name_field. */
static zg_status set_input(zg_ctx *ctx, zg_input_opts *o,
                           const zg_scenario *sc, const char *role,
                           const char *layer_key, bool main_input)
{
    zg_status st = ZG_OK;
    const char *v;
    char enc_key[64], asrs_key[64];
    snprintf(enc_key, sizeof enc_key, "%s_encoding", role);
    snprintf(asrs_key, sizeof asrs_key, "%s_a_srs", role);
    if (layer_key && (v = zg_scenario_get(sc, layer_key)))
        st = zg_input_opts_set_layer(o, v);
    if (!st && (v = zg_scenario_get(sc, enc_key)))
        st = zg_input_opts_set_encoding(o, v);
    if (!st && !main_input && (v = zg_scenario_get(sc, asrs_key)))
        st = zg_input_opts_set_a_srs(o, v);
    if (main_input) {
        if (!st && (v = zg_scenario_get(sc, "a_srs")))
            st = zg_input_opts_set_a_srs(o, v);
        if (!st && (v = zg_scenario_get(sc, "s_srs")))
            st = zg_input_opts_set_s_srs(o, v);
        if (!st && (v = zg_scenario_get(sc, "encoding")))
            st = zg_input_opts_set_encoding(o, v);
    }
    /* Each input's own id and name columns ("<role>_id_field"); the
     * clusters' also as plain id_field and name_field, not both. */
    static const char *const WHAT[2] = {"id", "name"};
    for (int w = 0; w < 2 && !st; w++) {
        char key[64], plain[16];
        snprintf(key, sizeof key, "%s_%s_field", role, WHAT[w]);
        snprintf(plain, sizeof plain, "%s_field", WHAT[w]);
        const char *own = zg_scenario_get(sc, key);
        const char *alias = main_input ? zg_scenario_get(sc, plain) : NULL;
        if (own && alias)
            st = zg_fail(ctx, ZG_ERR_USAGE, "the scenario gives both %s and "
                         "%s: they are one key", plain, key);
        else if (own || alias)
            st = w ? zg_input_opts_set_name_field(o, own ? own : alias)
                   : zg_input_opts_set_id_field(o, own ? own : alias);
    }
    return st;
}

/* The results database's name in the folder: the scenario's `format`
 * (sqlite, the default, or gpkg) decides. NULL, after a usage error, for
 * another value. */
static const char *results_name(zg_ctx *ctx, const zg_scenario *sc)
{
    const char *f = zg_scenario_get(sc, "format");
    if (!f || strcmp(f, "sqlite") == 0 || strcmp(f, "spatialite") == 0)
        return "results.sqlite";
    if (strcmp(f, "gpkg") == 0 || strcmp(f, "geopackage") == 0)
        return "results.gpkg";
    zg_fail(ctx, ZG_ERR_USAGE, "format '%s' is not one of sqlite, gpkg", f);
    return NULL;
}

/* Every analysis into the staging folder `dir`; the results database
 * starts as a copy of `base` when there is one (--append). */
static zg_status run_into(zg_ctx *ctx, const zg_scenario *sc,
                         const char *dir, unsigned flags, const char *base,
                         const char *command, const char *results_leaf)
{
    run_state rs = {ctx, sc, dir, flags, ""};
    const char *v;
    step_clock clock = {ctx, (flags & ZG_RUN_TIMINGS) != 0, 0, 0};
    clock.start = clock.last = mono_s();
    zg_status st = make_dir(ctx, dir);
    if (!st)
        st = make_dir(ctx, out_path(&rs, NULL, "geojson"));

    zg_input_opts *cin = NULL, *lin = NULL, *kin = NULL;
    zg_input_opts *pin[MAX_DATES] = {0};
    zg_input_opts *rin[MAX_DATES] = {0};
    zg_layer *C = NULL, *K = NULL, *P = NULL;
    zg_areas_opts *ao = zg_areas_opts_new(ctx);
    zg_areas *areas = NULL;
    zg_overlaps_opts *oo = zg_overlaps_opts_new(ctx);
    zg_overlaps *ov = NULL;
    zg_landuse_opts *lo = zg_landuse_opts_new(ctx);
    zg_encroach_opts *eo = zg_encroach_opts_new(ctx);
    zg_reserve_opts *ro = zg_reserve_opts_new(ctx);
    zg_check_opts *co = zg_check_opts_new(ctx);
    /* Proposals have no declared area: their own area options. */
    zg_areas_opts *pao = zg_areas_opts_new(ctx);
    zg_output *out = NULL;
    char **res = NULL, **epochs = NULL, **occ = NULL, **props = NULL;
    size_t nocc = 0, nprop = 0;
    zg_input_opts *oin[ZG_RESERVE_MAX_OCCUPIED] = {0};
    size_t nres = 0, nep = 0;
    if (!st && (!ao || !pao || !oo || !lo || !eo || !ro || !co))
        st = zg_nomem(ctx, "options");

    /* Options from the scenario: its settings, checked when it was read,
     * to every analysis. Proposals have no declared area: their areas
     * take the plane only. */
    if (!st)
        st = zg_settings_apply(zg_scenario_settings(sc),
                               &(zg_analysis_opts){
                                   .areas = ao, .proposal_areas = pao,
                                   .overlaps = oo, .landuse = lo,
                                   .encroach = eo, .reserve = ro,
                                   .check = co});
    if (!st)
        st = split_list(ctx, sc, "residential", &res, &nres);
    if (!st)
        st = split_list(ctx, sc, "epochs", &epochs, &nep);
    if (!st)
        st = split_list(ctx, sc, "occupied", &occ, &nocc);
    for (size_t i = 0; !st && i < nocc; i++) {
        char role[48];
        snprintf(role, sizeof role, "occupied_%zu", i + 1);
        if (i == ZG_RESERVE_MAX_OCCUPIED)
            st = zg_fail(ctx, ZG_ERR_USAGE, "the scenario gives more than "
                         "%d occupied layers (%s)", ZG_RESERVE_MAX_OCCUPIED,
                         sc->path);
        else if (!(oin[i] = zg_input_opts_new(ctx, role, occ[i])))
            st = zg_nomem(ctx, "input");
        else
            st = zg_reserve_opts_add_occupied(ro, oin[i]);
    }
    if (!st && nep && nep != nres)
        st = zg_fail(ctx, ZG_ERR_USAGE, "the scenario gives %zu epochs for "
                     "%zu residential layers (%s)", nep, nres, sc->path);

    /* Inputs. */
    if (!st && !(cin = zg_input_opts_new(ctx, "clusters",
                                         zg_scenario_get(sc, "clusters"))))
        st = zg_nomem(ctx, "input");
    if (!st)
        st = set_input(ctx, cin, sc, "clusters", "clusters_layer", true);
    if (!st && (v = zg_scenario_get(sc, "landuse"))) {
        if (!(lin = zg_input_opts_new(ctx, "landuse", v)))
            st = zg_nomem(ctx, "input");
        else
            st = set_input(ctx, lin, sc, "landuse", "landuse_layer", false);
    }
    if (!st && (v = zg_scenario_get(sc, "parks"))) {
        if (!(kin = zg_input_opts_new(ctx, "parks", v)))
            st = zg_nomem(ctx, "input");
        else
            st = set_input(ctx, kin, sc, "parks", NULL, false);
    }
    /* Several proposal files are judged together; the proposals_* keys
     * hold for each. */
    if (!st)
        st = split_list(ctx, sc, "proposals", &props, &nprop);
    for (size_t i = 0; !st && i < nprop; i++) {
        char role[48] = "proposals";
        if (nprop > 1)
            snprintf(role, sizeof role, "proposals_%zu", i + 1);
        if (!(pin[i] = zg_input_opts_new(ctx, role, props[i])))
            st = zg_nomem(ctx, "input");
        else
            st = set_input(ctx, pin[i], sc, "proposals", NULL, false);
    }
    for (size_t i = 0; !st && i < nres; i++) {
        /* Room for any size_t: gcc's -Wformat-truncation counts 20 digits. */
        char role[48];
        snprintf(role, sizeof role, "residential_%zu", i + 1);
        if (!(rin[i] = zg_input_opts_new(ctx, role, res[i])))
            st = zg_nomem(ctx, "input");
        else
            st = set_input(ctx, rin[i], sc, "residential", NULL, false);
    }

    /* The folder is the run's own, locked by zg_run_scenario. */
    if (!st)
        st = zg_output_open_from(ctx, out_path(&rs, NULL, results_leaf),
                                 base, ZG_OUTPUT_OVERWRITE | ZG_OUTPUT_PRIVATE,
                                 command, &out);
    if (!st && (v = zg_scenario_get(sc, "t_srs")))
        st = zg_output_set_t_srs(out, v);
    step_done(&clock, st, "options");
    /* Areas and overlaps. */
    if (!st)
        st = zg_layer_read(ctx, cin, &C);
    step_done(&clock, st, "read clusters");
    if (!st)
        st = zg_areas_compute(ctx, C, ao, &areas);
    if (!st)
        st = zg_output_add_input(out, C);
    if (!st)
        st = zg_output_write_areas(out, C, areas);
    if (!st)
        st = zg_write_areas_geojson(ctx, out_path(&rs, "geojson",
                                                  "clusters.geojson"),
                                    flags, C, areas);
    if (!st)
        st = zg_overlaps_compute(ctx, C, oo, &ov);
    if (!st)
        st = zg_output_write_overlaps(out, C, ov);
    if (!st)
        st = zg_write_overlaps_geojson(ctx, out_path(&rs, "geojson",
                                                     "overlaps.geojson"),
                                       flags, C, ov);
    step_done(&clock, st, "areas and overlaps");
    if (!st && kin)
        st = zg_layer_read(ctx, kin, &K);
    if (!st && K)
        st = zg_output_add_input(out, K);
    step_done(&clock, st, "read parks");
    if (!st && nprop)
        st = zg_layer_read_many(ctx, (const zg_input_opts *const *)pin,
                                nprop, &P);
    if (nprop)
        step_done(&clock, st, "read proposals");
    /* The analyses that read the large layers: planned, each layer read
     * once for all of them, then computed and written (steps.c). */
    char lb[MAX_DATES][24]; /* any size_t in decimal */
    const char *labels[MAX_DATES];
    for (size_t i = 0; i < nres; i++) {
        snprintf(lb[i], sizeof lb[i], "%zu", i + 1);
        labels[i] = nep ? epochs[i] : lb[i];
    }
    /* Residential layers that are land-use maps speak through their
     * codes, which the land-use layer already gives; footprints are
     * housing as they stand. */
    bool maps = zg_scenario_get(sc, "residential_code_field") != NULL;
    zg_run_steps steps = {
        .ctx = ctx, .C = C, .K = K, .P = P, .lin = lin,
        .rin = (const zg_input_opts *const *)rin, .nres = nres,
        .labels = labels,
        .latest = nres && !maps ? rin[nres - 1] : NULL,
        .noccupied = nocc, .lo = lo, .eo = eo, .ro = ro, .co = co,
        .pao = pao, .plane_crs = zg_scenario_get(sc, "plane_crs"),
        .out = out, .dir = dir, .flags = flags,
        .mark = clock.on ? mark_step : NULL, .mark_ud = &clock};
    if (!st)
        st = zg_run_steps_go(&steps);
    if (!st)
        st = zg_output_commit(out);
    step_done(&clock, st, "write database");
    /* The CSV files and the map and report read the finished database
     * each on its own connection: the CSV files (one thread, 0.4 s on the
     * large bench scene) are written beside the map and report. Their
     * messages come first, and so does their failure. */
    csv_job cj = {0};
    snprintf(cj.results, sizeof cj.results, "%s/%s", dir, results_leaf);
    snprintf(cj.dir, sizeof cj.dir, "%s/csv", dir);
    cj.flags = flags;
    zg_beside csv;
    bool csv_on = !st;
    if (!st)
        st = zg_beside_start(&csv, ctx, csv_write, &cj);
#ifdef ZG_HAVE_REPORT
    /* The products' messages wait for the CSV files'. */
    zg_held_msgs pm = {.owner = ctx};
    zg_msg_fn msg_fn = ctx->msg_fn;
    void *msg_ud = ctx->msg_ud;
    if (!st) {
        zg_ctx_set_msg_handler(ctx, zg_held_msg_fn, &pm);
        st = zg_run_products(ctx, sc, cj.results, dir, flags);
        zg_ctx_set_msg_handler(ctx, msg_fn, msg_ud);
    }
#endif
    /* The steps' GeoJSON files, written meanwhile: their messages and
     * failure come before the CSV files', which come before the
     * products'. */
    zg_status fst = zg_run_steps_end(&steps, ZG_OK);
    char *why = fst ? zg_strdup(ctx, zg_ctx_errmsg(ctx)) : NULL;
    if (csv_on) {
        zg_status cst = zg_beside_join(&csv);
        if (cst)
            st = cst;
    }
    if (fst)
        st = why ? zg_fail(ctx, fst, "%s", why) : fst;
    zg_free(ctx, why);
#ifdef ZG_HAVE_REPORT
    zg_status mst = zg_held_msgs_say(ctx, &pm);
    if (!st)
        st = mst;
    step_done(&clock, st, "csv, map and report");
#else
    step_done(&clock, st, "csv");
#endif
    if (clock.on && !st)
        zg_msg(ctx, ZG_MSG_INFO, "timing: total %.3f s",
               mono_s() - clock.start);

    zg_output_free(out);
    zg_overlaps_free(ov);
    zg_areas_free(areas);
    zg_layer_free(C);
    zg_layer_free(K);
    zg_layer_free(P);
    for (size_t i = 0; i < nres; i++)
        zg_input_opts_free(rin[i]);
    zg_input_opts_free(cin);
    zg_input_opts_free(lin);
    zg_input_opts_free(kin);
    for (size_t i = 0; i < nprop; i++)
        zg_input_opts_free(pin[i]);
    zg_areas_opts_free(ao);
    zg_areas_opts_free(pao);
    zg_overlaps_opts_free(oo);
    zg_landuse_opts_free(lo);
    zg_encroach_opts_free(eo);
    zg_reserve_opts_free(ro);
    zg_check_opts_free(co);
    for (size_t i = 0; i < nocc && i < ZG_RESERVE_MAX_OCCUPIED; i++)
        zg_input_opts_free(oin[i]);
    free_list(ctx, res, nres);
    free_list(ctx, epochs, nep);
    free_list(ctx, occ, nocc);
    free_list(ctx, props, nprop);
    return st;
}

/* The output folder must not be, hold or lie inside an input of the
 * scenario (nor the scenario file itself): refused before any work. */
static zg_status check_run_paths(zg_ctx *ctx, const zg_scenario *sc,
                                 const char *dir)
{
    static const char *const KEYS[] = {"clusters", "parks", "landuse",
                                       "rules", "districts", "codes", NULL};
    zg_path_use uses[16 + 3 * MAX_DATES];
    size_t n = 0;
    uses[n++] = (zg_path_use){ZG_PATH_OUTPUT_FOLDER, "the run folder (-o)",
                              dir, NULL};
    uses[n++] = (zg_path_use){ZG_PATH_INPUT, "scenario", sc->path, NULL};
    for (const char *const *k = KEYS; *k; k++)
        uses[n++] = (zg_path_use){ZG_PATH_INPUT, *k,
                                  zg_scenario_get(sc, *k), NULL};
    char **res = NULL;
    size_t nres = 0;
    zg_status st = split_list(ctx, sc, "residential", &res, &nres);
    for (size_t i = 0; !st && i < nres; i++)
        uses[n++] = (zg_path_use){ZG_PATH_INPUT, "residential", res[i],
                                  NULL};
    char **occ = NULL;
    size_t nocc = 0;
    if (!st)
        st = split_list(ctx, sc, "occupied", &occ, &nocc);
    for (size_t i = 0; !st && i < nocc; i++)
        uses[n++] = (zg_path_use){ZG_PATH_INPUT, "occupied", occ[i], NULL};
    char **props = NULL;
    size_t nprop = 0;
    if (!st)
        st = split_list(ctx, sc, "proposals", &props, &nprop);
    for (size_t i = 0; !st && i < nprop; i++)
        uses[n++] = (zg_path_use){ZG_PATH_INPUT, "proposals", props[i],
                                  NULL};
    if (!st)
        st = zg_check_paths(ctx, uses, n);
    free_list(ctx, res, nres);
    free_list(ctx, occ, nocc);
    free_list(ctx, props, nprop);
    return st;
}

zg_status zg_run_scenario(zg_ctx *ctx, const zg_scenario *sc,
                          const char *dir, unsigned flags,
                          const char *command)
{
    /* The whole run is written into a staging folder inside DIR and moved
     * into place only when every analysis has succeeded: a failed or
     * cancelled run leaves DIR as it was. DIR/results.sqlite is locked
     * for the whole run, so that a second run on the same folder fails at
     * once instead of racing this one to the final moves.
     *
     * With --append, results.sqlite keeps every earlier run and gets this
     * one (the staging copy starts from it, see spatialite_db.c); the
     * other files of the folder (geojson/, csv/, the map and the report)
     * are views of the latest run and are replaced. The CSV files hold
     * every run, and `zoneguard map|report --run N` redraws an earlier
     * run's map and report from the database. */
    if ((flags & ZG_OUTPUT_APPEND) && (flags & ZG_OUTPUT_OVERWRITE))
        return zg_fail(ctx, ZG_ERR_USAGE, "append or overwrite, not both "
                       "(%s)", dir);
    const char *leaf = results_name(ctx, sc);
    if (!leaf)
        return ZG_ERR_USAGE;
    zg_status st = check_run_paths(ctx, sc, dir);
    /* A folder this run made is removed again when the run fails (it is
     * empty then): a failed run leaves no trace where there was none. */
    bool made = false;
    if (!st && mkdir(dir, 0777) == 0)
        made = true;
    else if (!st && errno != EEXIST)
        st = zg_fail(ctx, ZG_ERR_OUTPUT, "cannot create the folder: %s "
                     "(%s)", strerror(errno), dir);
    char final_db[4200];
    snprintf(final_db, sizeof final_db, "%s/%s", dir, leaf);
    zg_lock lock = {-1, -1, NULL};
    /* Through a link, locked beside the file it points at, as every
     * command's database is. */
    char *lock_at = st ? NULL : zg_output_follow(ctx, final_db);
    if (!st && !lock_at)
        st = zg_nomem(ctx, "output path");
    if (!st)
        st = zg_lock_acquire(ctx, lock_at, &lock);
    zg_free(ctx, lock_at);
    zg_file_id before;
    zg_file_id_get(final_db, &before);
    bool replace = (flags & (ZG_OUTPUT_OVERWRITE | ZG_OUTPUT_APPEND)) != 0;
    if (!st && !replace && before.exists)
        st = zg_fail(ctx, ZG_ERR_OUTPUT, "output exists; it is left "
                     "untouched (use --overwrite to replace it, or --append "
                     "to add a run to it) (%s)", final_db);
    const char *base = (flags & ZG_OUTPUT_APPEND) && before.exists
                           ? final_db : NULL;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s/.zoneguard-run-XXXXXX", dir);
    /* Staging folders of runs that were killed, now that this one holds
     * the folder. */
    if (!st)
        zg_stage_sweep(ctx, dir);
    if (!st && !mkdtemp(tmp))
        st = zg_fail(ctx, ZG_ERR_OUTPUT, "cannot write in %s: %s", dir,
                     strerror(errno));
    if (!st)
        zg_stage_mark(tmp);
    bool staged = !st;
    if (!st)
        st = run_into(ctx, sc, tmp, flags | ZG_OUTPUT_OVERWRITE, base,
                      command, leaf);
    if (!st)
        st = check_targets(ctx, tmp, dir, replace);
    zg_file_id now;
    zg_file_id_get(final_db, &now);
    if (!st && base && !zg_file_id_same(&now, &before))
        st = zg_fail(ctx, ZG_ERR_OUTPUT, "the database was changed by "
                     "another program while this run was adding to it; it "
                     "is left as that program made it and this run is not "
                     "saved (%s)", final_db);
    if (!st)
        st = move_all(ctx, tmp, dir);
    if (staged)
        zg_remove_tree(tmp);
    zg_lock_release(ctx, &lock);
    if (st && made)
        rmdir(dir);
    return st;
}
