/* SPDX-License-Identifier: MIT
 *
 * run_products.c: what `zoneguard run` adds to a finished run's folder
 * once results.sqlite is written: the overview map as map.png (screen,
 * 150 dpi) and map.pdf (print, A4), titled and with the districts the
 * scenario names, and the planner's report, report.html (Vietnamese,
 * the language the scenario's users work in; `zoneguard report --lang
 * en` writes the English one from the same database).
 *
 * `dir` is the run's staging folder, so each product is staged again
 * inside it and moved into place like every other output.
 */
#include "products.h"
#include "products_int.h"

#include <stdio.h>

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
    if (!st) {
        char *path = zg_asprintf(ctx, "%s/report.html", dir);
        /* The report's map is map.png's: same title and boundaries. */
        st = path ? zg_write_report_map(ctx, results_sqlite, path, flags,
                                        &mo)
                  : zg_nomem(ctx, "report path");
        zg_free(ctx, path);
    }
    return st;
}
