/* SPDX-License-Identifier: MIT
 *
 * data_dir.c: where zoneguard's data (code tables, rules, the demo scene)
 * is. An installed library finds it beside itself, by the path from its
 * own folder to share/zoneguard fixed at configure time, so that a package
 * unpacked anywhere (a staging root, /opt) still finds its own data and
 * not the source tree it was built from.
 */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zoneguard.h"

static pthread_once_t data_dir_once = PTHREAD_ONCE_INIT;
static char data_dir_found[PATH_MAX];

/* The data folder holds codes/; a folder without it is not ours. */
static int holds_data(const char *dir)
{
    char probe[PATH_MAX];
    int n = snprintf(probe, sizeof probe, "%s/codes", dir);
    return n > 0 && (size_t)n < sizeof probe && access(probe, R_OK) == 0;
}

static void find_data_dir(void)
{
#ifdef ZG_DATA_REL_FROM_LIB
    Dl_info info;
    if (dladdr((void *)&zg_data_dir, &info) && info.dli_fname &&
        strchr(info.dli_fname, '/')) {
        char self[PATH_MAX];
        if (realpath(info.dli_fname, self)) {
            *strrchr(self, '/') = '\0';
            char cand[PATH_MAX];
            int n = snprintf(cand, sizeof cand, "%s/%s", self,
                             ZG_DATA_REL_FROM_LIB);
            if (n > 0 && (size_t)n < sizeof cand && holds_data(cand) &&
                realpath(cand, data_dir_found))
                return;
        }
    }
#endif
#ifdef ZG_DEFAULT_DATA_DIR
    snprintf(data_dir_found, sizeof data_dir_found, "%s", ZG_DEFAULT_DATA_DIR);
#else
    snprintf(data_dir_found, sizeof data_dir_found, "geodata");
#endif
}

ZG_API const char *zg_data_dir(void)
{
    const char *env = getenv("ZG_DATA_DIR");
    if (env && *env)
        return env;
    pthread_once(&data_dir_once, find_data_dir);
    return data_dir_found;
}
