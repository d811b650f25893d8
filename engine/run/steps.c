/* SPDX-License-Identifier: MIT
 *
 * steps.c: the analyses of a run that read the large layers, as a table
 * of steps, each with its contract:
 *   - wanted:  whether the scenario gives what it needs;
 *   - compute: the analysis, through its library entry point (the one the
 *              single command and the QGIS plugin call);
 *   - write:   its tables and GeoJSON files.
 * What a step reads of the large layers is declared by asking: planning
 * runs each compute against a pass that notes its reads (pass.c), so the
 * plan cannot drift from what the analyses read. Then each layer is read
 * once for all of them, and the computes run for real on their views.
 */
#include "run_int.h"
#include "../overlay/pass_int.h"

#include <stdio.h>
#include <string.h>

/* dir/sub/name, in s->path. */
static const char *out_path(zg_run_steps *s, const char *sub,
                            const char *name)
{
    snprintf(s->path, sizeof s->path, "%s%s%s/%s", s->dir, sub ? "/" : "",
             sub ? sub : "", name);
    return s->path;
}

/* ---- land use ----------------------------------------------------------- */

static bool landuse_wanted(const zg_run_steps *s) { return s->lin != NULL; }

static zg_status landuse_compute(zg_run_steps *s)
{
    return zg_landuse_compute(s->ctx, s->C, s->lin, s->lo, &s->lu);
}

static zg_status landuse_write(zg_run_steps *s)
{
    return zg_output_write_landuse(s->out, s->lu);
}

static void landuse_drop(zg_run_steps *s)
{
    zg_landuse_free(s->lu);
    s->lu = NULL;
}

/* ---- encroachment ------------------------------------------------------- */

static bool encroach_wanted(const zg_run_steps *s) { return s->nres > 0; }

static zg_status encroach_compute(zg_run_steps *s)
{
    return zg_encroach_compute(s->ctx, s->C, s->rin, s->labels, s->nres,
                               s->eo, &s->en);
}

static zg_status encroach_write(zg_run_steps *s)
{
    zg_status st = zg_output_write_encroach(s->out, s->en);
    if (!st)
        st = zg_write_encroach_geojson(s->ctx, out_path(s, NULL, "geojson"),
                                       s->flags, s->en);
    return st;
}

static void encroach_drop(zg_run_steps *s)
{
    zg_encroach_free(s->en);
    s->en = NULL;
}

/* ---- free land ---------------------------------------------------------- */

static bool reserve_wanted(const zg_run_steps *s)
{
    return s->lin || s->nres || s->K || s->noccupied;
}

static zg_status reserve_compute(zg_run_steps *s)
{
    return zg_reserve_compute(s->ctx, s->C, s->K, s->lin, s->latest, s->ro,
                              &s->rv);
}

static zg_status reserve_write(zg_run_steps *s)
{
    zg_status st = zg_output_write_reserve(s->out, s->rv);
    if (!st)
        st = zg_write_reserve_geojson(s->ctx, out_path(s, "geojson",
                                                       "reserve.geojson"),
                                      s->flags, s->rv);
    return st;
}

static void reserve_drop(zg_run_steps *s)
{
    zg_reserve_free(s->rv);
    s->rv = NULL;
}

/* ---- proposals ---------------------------------------------------------- */

static bool check_wanted(const zg_run_steps *s) { return s->P != NULL; }

static zg_status check_compute(zg_run_steps *s)
{
    zg_check_inputs in = {s->C,    s->K,   s->lin,      s->rin,
                          s->nres, s->pao, s->plane_crs};
    return zg_check_compute(s->ctx, s->P, &in, s->co, &s->ck);
}

static zg_status check_write(zg_run_steps *s)
{
    zg_status st = zg_output_write_check(s->out, s->ck);
    if (!st)
        st = zg_write_check_geojson(s->ctx, out_path(s, NULL, "geojson"),
                                    s->flags, s->ck);
    return st;
}

static void check_drop(zg_run_steps *s)
{
    zg_check_free(s->ck);
    s->ck = NULL;
}

/* ---- the table ---------------------------------------------------------- */

typedef struct step {
    const char *name;
    bool (*wanted)(const zg_run_steps *s);
    zg_status (*compute)(zg_run_steps *s);
    zg_status (*write)(zg_run_steps *s);
    void (*drop)(zg_run_steps *s);
} step;

/* In the order of the tables in the results: each step needs only the
 * clusters, parks and proposals read before, and its own large layers. */
static const step STEPS[] = {
    {"landuse", landuse_wanted, landuse_compute, landuse_write,
     landuse_drop},
    {"encroach", encroach_wanted, encroach_compute, encroach_write,
     encroach_drop},
    {"reserve", reserve_wanted, reserve_compute, reserve_write,
     reserve_drop},
    {"check", check_wanted, check_compute, check_write, check_drop},
};
#define NSTEPS (sizeof STEPS / sizeof STEPS[0])

zg_status zg_run_steps_go(zg_run_steps *s)
{
    zg_ctx *ctx = s->ctx;
    zg_pass *pass = zg_pass_new(ctx);
    if (!pass)
        return zg_nomem(ctx, "pass");
    /* Plan: every step asks for its reads; nothing is read. */
    zg_pass_plan(pass);
    zg_status st = ZG_OK;
    for (size_t i = 0; !st && i < NSTEPS; i++)
        if (STEPS[i].wanted(s)) {
            st = STEPS[i].compute(s);
            STEPS[i].drop(s);
        }
    zg_pass_plan_done(pass);
    if (!st && s->mark)
        s->mark(s->mark_ud, "plan");
    /* The pass: each large layer read once. */
    if (!st)
        st = zg_pass_run(pass, s->mark, s->mark_ud);
    /* The steps, on their views of the pass. */
    for (size_t i = 0; !st && i < NSTEPS; i++) {
        if (!STEPS[i].wanted(s))
            continue;
        st = STEPS[i].compute(s);
        if (!st)
            st = STEPS[i].write(s);
        /* The tables are written: the step's memory goes back. */
        STEPS[i].drop(s);
        if (!st && s->mark)
            s->mark(s->mark_ud, STEPS[i].name);
    }
    zg_pass_free(pass);
    return st;
}
