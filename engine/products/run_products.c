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

#include <stdio.h>
#include <string.h>

zg_status zg_run_products(zg_ctx *ctx, const zg_scenario *sc,
                          const char *results_sqlite, const char *dir,
                          unsigned flags)
{
    zg_map_opts mo = {zg_scenario_get(sc, "title"), "vi",
                      zg_scenario_get(sc, "districts"), ZG_PAGE_A4, NULL,
                      zg_scenario_get(sc, "districts_encoding"),
                      0 /* the latest run: the one just added */,
                      zg_scenario_get(sc, "boundaries_label")};
    static const char *const NAMES[] = {"map.png", "map.pdf"};
    zg_status st = ZG_OK;
    for (size_t i = 0; !st && i < 2; i++) {
        char *path = zg_asprintf(ctx, "%s/%s", dir, NAMES[i]);
        st = path ? zg_render_map(ctx, results_sqlite, path, flags, &mo)
                  : zg_nomem(ctx, "map path");
        zg_free(ctx, path);
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
    if (!st) {
        char *path = zg_asprintf(ctx, "%s/report.html", dir);
        /* The scenario's folder: input paths are shown relative to it. */
        const char *scp = zg_scenario_path(sc);
        char *base = scp ? zg_strdup(ctx, scp) : NULL;
        char *slash = base ? strrchr(base, '/') : NULL;
        if (slash)
            *slash = '\0';
        /* The report's map is map.png's: same title and boundaries. */
        zg_report_opts ro = {&mo, zg_scenario_get(sc, "report_layout"),
                             zg_scenario_get(sc, "issuing_body"),
                             slash ? base : scp ? "." : NULL,
                             npages ? "atlas.pdf" : NULL,
                             all ? ZG_ATLAS_ALL : ZG_ATLAS_FLAGGED};
        st = !path || (scp && !base)
                 ? zg_nomem(ctx, "report path")
                 : zg_write_report_opts(ctx, results_sqlite, path, flags,
                                        &ro);
        zg_free(ctx, base);
        zg_free(ctx, path);
    }
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
