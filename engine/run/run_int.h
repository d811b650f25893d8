/* SPDX-License-Identifier: MIT
 *
 * run_int.h: the scenario file and the whole-run orchestration.
 */
#ifndef ZG_RUN_INT_H
#define ZG_RUN_INT_H

#include "../core/zg_int.h"

struct zg_scenario {
    zg_ctx *ctx;
    char *path;
    char **keys;
    char **values; /* paths already resolved against the file's folder */
    size_t n, vcap;
};

/* Parse scenario text; `base` is the folder relative paths start from. */
zg_status zg_scenario_parse(zg_ctx *ctx, const char *text, size_t len,
                            const char *path, const char *base,
                            zg_scenario **out);

#endif
