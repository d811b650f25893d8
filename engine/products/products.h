/* SPDX-License-Identifier: MIT
 *
 * products.h: what the pipeline (engine/run/) asks of the products: the
 * map and the report of a finished run, made from its results database.
 * The products see the run's scenario only through the public API
 * (zg_scenario_get), so that calls go one way: run -> products.
 */
#ifndef ZG_PRODUCTS_H
#define ZG_PRODUCTS_H

#include "zoneguard.h"

/* The map (PNG and PDF) and the report of a finished run. */
zg_status zg_run_products(zg_ctx *ctx, const zg_scenario *sc,
                          const char *results_sqlite, const char *dir,
                          unsigned flags);

#endif
