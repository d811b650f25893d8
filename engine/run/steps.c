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
#include "../analyses/analyses_int.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

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
    zg_encroach *planned = s->en_planned;
    s->en_planned = NULL;
    zg_status st = zg_encroach_compute_planned(s->ctx, s->C, s->rin,
                                               s->labels, s->nres, s->eo,
                                               planned, &s->en);
    zg_encroach_free(planned);
    return st;
}

static zg_status encroach_write(zg_run_steps *s)
{
    return zg_output_write_encroach(s->out, s->en);
}

static zg_status encroach_geojson(zg_ctx *ctx, const zg_run_steps *s,
                                  const char *dir)
{
    return zg_write_encroach_geojson(ctx, dir, s->flags, s->en);
}

static void encroach_drop(zg_run_steps *s)
{
    /* The plan's result keeps its zones for the compute for real. */
    zg_encroach_free(s->en_planned);
    s->en_planned = zg_stream_planning(s->ctx) ? s->en : NULL;
    if (!s->en_planned)
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
    return zg_output_write_reserve(s->out, s->rv);
}

static zg_status reserve_geojson(zg_ctx *ctx, const zg_run_steps *s,
                                 const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/reserve.geojson", dir);
    return zg_write_reserve_geojson(ctx, path, s->flags, s->rv);
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
    return zg_output_write_check(s->out, s->ck);
}

static zg_status check_geojson(zg_ctx *ctx, const zg_run_steps *s,
                               const char *dir)
{
    return zg_write_check_geojson(ctx, dir, s->flags, s->ck);
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
    zg_status (*write)(zg_run_steps *s); /* its tables */
    /* Its GeoJSON files into dir (the run's geojson/), or NULL; reads the
     * step's result only, on ctx, which may be another thread's. */
    zg_status (*geojson)(zg_ctx *ctx, const zg_run_steps *s,
                         const char *dir);
    void (*drop)(zg_run_steps *s);
} step;

/* In the order of the tables in the results: each step needs only the
 * clusters, parks and proposals read before, and its own large layers. */
static const step STEPS[] = {
    {"landuse", landuse_wanted, landuse_compute, landuse_write, NULL,
     landuse_drop},
    {"encroach", encroach_wanted, encroach_compute, encroach_write,
     encroach_geojson, encroach_drop},
    {"reserve", reserve_wanted, reserve_compute, reserve_write,
     reserve_geojson, reserve_drop},
    {"check", check_wanted, check_compute, check_write, check_geojson,
     check_drop},
};
#define NSTEPS (sizeof STEPS / sizeof STEPS[0])

/* A step's GeoJSON files, written on a thread of their own while the run
 * goes on: GDAL's GeoJSON writer spends most of its time formatting
 * coordinates (reserve.geojson: 1.4 CPU-s of the large bench scene's
 * run), which neither the next steps nor the database, the CSV files, the
 * map and the report need wait for. The step's result is dropped once
 * they are written (zg_run_steps_end). */
typedef struct zg_run_files {
    zg_run_steps *s;
    const struct step *step;
    zg_beside job;
    bool on;
} zg_run_files;

static zg_status files_main(zg_ctx *ctx, void *ud)
{
    zg_run_files *f = ud;
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/geojson", f->s->dir);
    return f->step->geojson(ctx, f->s, dir);
}

zg_status zg_run_steps_go(zg_run_steps *s)
{
    zg_ctx *ctx = s->ctx;
    s->files = zg_calloc(ctx, NSTEPS, sizeof *s->files);
    s->pass = s->files ? zg_pass_new(ctx) : NULL;
    if (!s->pass)
        return zg_nomem(ctx, "pass");
    zg_pass *pass = s->pass;
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
        const step *t = &STEPS[i];
        if (!t->wanted(s))
            continue;
        st = t->compute(s);
        if (!st)
            st = t->write(s);
        if (!st && t->geojson) {
            /* Its messages (held) are said by zg_run_steps_end. */
            zg_run_files *f = &s->files[i];
            f->s = s;
            f->step = t;
            f->on = true;
            st = zg_beside_start(&f->job, ctx, files_main, f);
        } else {
            /* The tables are written: the step's memory goes back. */
            t->drop(s);
        }
        if (!st && s->mark)
            s->mark(s->mark_ud, t->name);
    }
    /* What comes after reads no large layer. */
    zg_pass_detach(pass);
    return st;
}

zg_status zg_run_steps_end(zg_run_steps *s, zg_status st)
{
    zg_ctx *ctx = s->ctx;
    zg_status fst = ZG_OK;
    char *why = NULL; /* the first failure's text */
    for (size_t i = 0; s->files && i < NSTEPS; i++) {
        zg_run_files *f = &s->files[i];
        if (!f->on)
            continue;
        zg_status cst = zg_beside_join(&f->job);
        if (cst && !fst) {
            fst = cst;
            why = zg_strdup(ctx, zg_ctx_errmsg(ctx));
        }
        f->step->drop(s);
        f->on = false;
    }
    if (fst)
        st = why ? zg_fail(ctx, fst, "%s", why) : fst;
    zg_free(ctx, why);
    zg_free(ctx, s->files);
    s->files = NULL;
    zg_encroach_free(s->en_planned); /* left when a step failed first */
    s->en_planned = NULL;
    zg_pass_free(s->pass);
    s->pass = NULL;
    return st;
}
