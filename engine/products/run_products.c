/* SPDX-License-Identifier: MIT
 *
 * run_products.c: what `zoneguard run` adds to a finished run's folder
 * once results.sqlite is written: the overview map as map.png (screen,
 * 150 dpi) and map.pdf (print, A4), titled and with the districts the
 * scenario names, and the planner's report, report.html (Vietnamese,
 * the language the scenario's users work in; `zoneguard report --lang
 * en` writes the English one from the same database), its clusters and
 * proposals linked to their pages of the atlas, atlas.pdf.
 *
 * `dir` is the run's staging folder, so each product is staged again
 * inside it and moved into place like every other output.
 */
#include "products.h"
#include "products_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* map.png and map.pdf: two drawings of one database, side by side (each
 * reads it on its own connection), and beside them the report's page but
 * its map (no cairo there). The report's map is drawn last, alone: the
 * ids cairo gives its surfaces count every surface the process made
 * before, and the report's SVG map writes them (<g id="surface256">), so
 * it is drawn once both maps are done, after the same number of surfaces
 * whatever the threads. */
enum { NMAPS = 2, NJOBS = 3 };

typedef struct maps_work {
    zg_ctx *ctx; /* the caller's: progress goes there, one at a time */
    pthread_mutex_t lock;
    const char *results, *dir;
    unsigned flags;
    const zg_map_opts *mo;
    const zg_map_layers *ml; /* read once for both maps and the report */
    const zg_report_opts *ro;
    zg_report_job *report; /* the page begun by job NMAPS */
    zg_held_msgs msgs[NJOBS];
} maps_work;

/* Progress of a map's thread, passed on to the caller's handler (which
 * may cancel) under the lock. */
static int pass_progress(double frac, const char *stage, void *ud)
{
    maps_work *mw = ud;
    pthread_mutex_lock(&mw->lock);
    zg_status st = zg_progress(mw->ctx, 0, 1, frac, stage);
    pthread_mutex_unlock(&mw->lock);
    return st == ZG_OK;
}

static zg_status map_job(zg_worker *w, size_t item, void *ud)
{
    maps_work *mw = ud;
    zg_ctx *ctx = w->ctx;
    zg_ctx_set_msg_handler(ctx, zg_held_msg_fn, &mw->msgs[item]);
    zg_ctx_set_progress(ctx, mw->ctx->progress_fn ? pass_progress : NULL,
                        mw);
    static const char *const NAMES[NMAPS] = {"map.png", "map.pdf"};
    zg_status st;
    if (item == NMAPS) {
        st = zg_report_begin(ctx, mw->results, mw->ro, &mw->report);
    } else {
        char *path = zg_asprintf(ctx, "%s/%s", mw->dir, NAMES[item]);
        st = path ? zg_map_render_layers(ctx, mw->results, mw->ml, path,
                                         mw->flags, mw->mo)
                  : zg_nomem(ctx, "map path");
        zg_free(ctx, path);
    }
    zg_ctx_set_msg_handler(ctx, NULL, NULL);
    zg_ctx_set_progress(ctx, NULL, NULL);
    return st;
}

/* The two maps and the report's page on up to `threads` threads; their
 * messages said after, in order (map.png's first, the report's last),
 * and map.png's failure told before map.pdf's, theirs before the
 * report's. *report: the page begun, for zg_report_end. */
static zg_status draw_maps(zg_ctx *ctx, int threads, const char *results,
                           const char *dir, unsigned flags,
                           const zg_map_opts *mo, const zg_map_layers *ml,
                           const zg_report_opts *ro, zg_report_job **report)
{
    maps_work mw;
    memset(&mw, 0, sizeof mw);
    mw.ctx = ctx;
    mw.results = results;
    mw.dir = dir;
    mw.flags = flags;
    mw.mo = mo;
    mw.ml = ml;
    mw.ro = ro;
    for (size_t i = 0; i < NJOBS; i++)
        mw.msgs[i].owner = ctx;
    pthread_mutex_init(&mw.lock, NULL);
    zg_workers *ws = NULL;
    zg_status st = zg_workers_new(ctx, threads, NJOBS, &ws);
    if (!st)
        st = zg_workers_for(ctx, ws, NJOBS, map_job, &mw);
    zg_workers_free(ws);
    pthread_mutex_destroy(&mw.lock);
    for (size_t i = 0; i < NJOBS; i++) {
        zg_status mst = zg_held_msgs_say(ctx, &mw.msgs[i]);
        if (!st)
            st = mst;
    }
    if (st)
        zg_report_job_free(mw.report);
    *report = st ? NULL : mw.report;
    return st;
}

zg_status zg_run_products(zg_ctx *ctx, const zg_scenario *sc,
                          const char *results_sqlite, const char *dir,
                          unsigned flags)
{
    zg_map_opts mo = {zg_scenario_get(sc, "title"), "vi",
                      zg_scenario_get(sc, "districts"), ZG_PAGE_A4, NULL,
                      zg_scenario_get(sc, "districts_encoding"),
                      0 /* the latest run: the one just added */,
                      zg_scenario_get(sc, "boundaries_label")};
    /* The scenario's threads (checked with the settings), else all. */
    const char *tv = zg_scenario_get(sc, "threads");
    int threads = tv ? atoi(tv) : zg_default_threads();
    /* What the maps draw, read once: both maps and the report's SVG map
     * draw the same layers (the report's own reading of them cost as much
     * as drawing map.png). */
    zg_map_layers *ml = NULL;
    zg_rdb rdb;
    zg_status st = zg_rdb_open(ctx, results_sqlite, mo.run_id, &rdb);
    if (!st) {
        st = zg_map_layers_load(ctx, &rdb, &mo, &ml);
        zg_rdb_close(&rdb);
    }
    /* The atlas, when it has a page: a run of clusters alone, without
     * housing, has none, and gets no atlas rather than an empty one. The
     * scenario's `atlas` chooses its pages: flagged (the default), all,
     * or none (a province of clusters is a long atlas: with its parcels,
     * about 90 ms of CPU a page on the medium bench scene). */
    const char *which = zg_scenario_get(sc, "atlas");
    bool all = which && strcmp(which, "all") == 0;
    bool none = which && strcmp(which, "none") == 0;
    int npages = 0;
    if (!st && !none)
        st = zg_atlas_count(ctx, results_sqlite, 0, all, &npages);
    char *rpath = st ? NULL : zg_asprintf(ctx, "%s/report.html", dir);
    /* The scenario's folder: input paths are shown relative to it. */
    const char *scp = zg_scenario_path(sc);
    char *base = !st && scp ? zg_strdup(ctx, scp) : NULL;
    char *slash = base ? strrchr(base, '/') : NULL;
    if (slash)
        *slash = '\0';
    if (!st && (!rpath || (scp && !base)))
        st = zg_nomem(ctx, "report path");
    /* The report's map is map.png's: same title and boundaries. */
    zg_report_opts ro = {&mo, zg_scenario_get(sc, "report_layout"),
                         zg_scenario_get(sc, "issuing_body"),
                         slash ? base : scp ? "." : NULL,
                         npages ? "atlas.pdf" : NULL,
                         all ? ZG_ATLAS_ALL : ZG_ATLAS_FLAGGED};
    zg_report_job *report = NULL;
    if (!st)
        st = draw_maps(ctx, threads, results_sqlite, dir, flags, &mo, ml, &ro,
                       &report);
    if (!st)
        st = zg_report_end(ctx, report, ml, rpath, flags);
    zg_free(ctx, base);
    zg_free(ctx, rpath);
    zg_map_layers_free(ml);
    if (!st && npages) {
        /* The parcels and housing are the sources run_inputs records. */
        zg_atlas_opts ao = {.title = zg_scenario_get(sc, "title"),
                            .lang = "vi",
                            .pages = all ? ZG_ATLAS_ALL : ZG_ATLAS_FLAGGED};
        char *path = zg_asprintf(ctx, "%s/atlas.pdf", dir);
        st = path ? zg_atlas_write(ctx, results_sqlite, path, flags, &ao)
                  : zg_nomem(ctx, "atlas path");
        zg_free(ctx, path);
    }
    return st;
}
