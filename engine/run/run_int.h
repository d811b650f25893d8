/* SPDX-License-Identifier: MIT
 *
 * run_int.h: the scenario file and the whole-run orchestration.
 */
#ifndef ZG_RUN_INT_H
#define ZG_RUN_INT_H

#include "../core/zg_int.h"

#include <pthread.h>

struct zg_scenario {
    zg_ctx *ctx;
    char *path;
    char **keys;
    char **values; /* paths already resolved against the file's folder */
    size_t n, kcap, vcap;
    zg_settings *settings; /* the keys that are settings, checked */
};

/* Parse scenario text; `base` is the folder relative paths start from. */
zg_status zg_scenario_parse(zg_ctx *ctx, const char *text, size_t len,
                            const char *path, const char *base,
                            zg_scenario **out);

/* What the analyses of a run that read the large layers need, and their
 * results while they are written (steps.c). All borrowed but results. */
typedef struct zg_run_steps {
    zg_ctx *ctx;
    const zg_layer *C, *K, *P; /* clusters, parks, proposals */
    const zg_input_opts *lin;  /* land use, or NULL */
    const zg_input_opts *const *rin; /* residential, oldest first */
    size_t nres;
    const char *const *labels; /* the dates' names */
    const zg_input_opts *latest; /* housing for the free land, or NULL */
    size_t noccupied;
    const zg_landuse_opts *lo;
    const zg_encroach_opts *eo;
    const zg_reserve_opts *ro;
    const zg_check_opts *co;
    const zg_areas_opts *pao; /* the proposals' area options */
    const char *plane_crs;
    zg_output *out;
    const char *dir; /* the run's staging folder */
    unsigned flags;
    /* Called after each step, named (the run's step times), when set. */
    void (*mark)(void *ud, const char *step);
    void *mark_ud;
    zg_landuse *lu;
    zg_encroach *en;
    zg_encroach *en_planned; /* made while planning: its zones, kept */
    zg_reserve *rv;
    zg_check *ck;
    /* Left by zg_run_steps_go for zg_run_steps_end: the pass (its pieces
     * may be the results'), and the steps' GeoJSON files under way. */
    struct zg_pass *pass;
    struct zg_run_files *files;
} zg_run_steps;

/* Plan the steps' reads, read each large layer once, then compute and
 * write each step the scenario wants. Each step's GeoJSON files are
 * written on a thread of their own, which may still run when this
 * returns: zg_run_steps_end must follow, whatever this returns. */
zg_status zg_run_steps_go(zg_run_steps *s);
/* Wait for the GeoJSON files, say their messages, free the steps'
 * results and the pass. st is the run's status so far; returned is the
 * run's status: a failure of the files (the first, in step order) comes
 * before any failure of what ran beside them. */
zg_status zg_run_steps_end(zg_run_steps *s, zg_status st);

/* A job on a thread of its own beside the run (beside.c), on a context
 * of its own with the owner's allocator. */
typedef struct zg_beside {
    zg_ctx *owner, *ctx;
    zg_status (*fn)(zg_ctx *ctx, void *ud);
    void *ud;
    zg_held_msgs msgs; /* the job's messages, said by zg_beside_join */
    zg_status st;
    pthread_t thread;
    bool started;
} zg_beside;
/* Start fn(ctx, ud) on its own thread; when no thread can be made, it
 * runs here on owner and its status is returned. ud must live until
 * zg_beside_join, which must be called whatever this returns. */
zg_status zg_beside_start(zg_beside *b, zg_ctx *owner,
                          zg_status (*fn)(zg_ctx *ctx, void *ud), void *ud);
/* Wait for the job, say its messages on owner; its failure, if any, is
 * owner's error (same status and text) and is returned. */
zg_status zg_beside_join(zg_beside *b);

#endif
