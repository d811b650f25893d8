/* SPDX-License-Identifier: MIT
 *
 * stream_view.c: what one reader of a shared read gets (zg_stream_view),
 * and zg_stream_overlay, a read of one reader. A view is the result the
 * reader's own read would have given: its zones' pieces, numbered as it
 * numbered its zones; its class filter; its counters (candidates,
 * near_dropped, no_geometry); the qa_log rows and warnings its read would
 * have written. The counts per group and class that the reader kept
 * (stream_read.c) are what make the counters exact.
 */
#include "stream_priv.h"
#include "pass_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static char *dup_or_null(zg_ctx *ctx, const char *s, bool *oom)
{
    if (!s)
        return NULL;
    char *d = zg_strdup(ctx, s);
    if (!d)
        *oom = true;
    return d;
}

/* A new copy of the read's layer record without its qa_log rows. */
static zg_layer *shell_copy(zg_ctx *ctx, const zg_layer *s)
{
    zg_layer *l = zg_calloc(ctx, 1, sizeof *l);
    if (!l)
        return NULL;
    bool oom = false;
    l->ctx = ctx;
    l->role = dup_or_null(ctx, s->role, &oom);
    l->path = dup_or_null(ctx, s->path, &oom);
    l->layer_name = dup_or_null(ctx, s->layer_name, &oom);
    l->driver = dup_or_null(ctx, s->driver, &oom);
    l->encoding_used = dup_or_null(ctx, s->encoding_used, &oom);
    l->crs_declared = dup_or_null(ctx, s->crs_declared, &oom);
    l->id_field = dup_or_null(ctx, s->id_field, &oom);
    l->name_field = dup_or_null(ctx, s->name_field, &oom);
    l->crs.label = dup_or_null(ctx, s->crs.label, &oom);
    l->crs.remap_note = dup_or_null(ctx, s->crs.remap_note, &oom);
    l->crs.geographic = s->crs.geographic;
    if (s->crs.pj && !(l->crs.pj = proj_clone(ctx->pj, s->crs.pj)))
        oom = true;
    l->skipped = s->skipped;
    l->repaired = s->repaired;
    if (s->nfields &&
        (l->fields = zg_calloc(ctx, s->nfields, sizeof *l->fields))) {
        l->nfields = s->nfields;
        for (size_t i = 0; i < s->nfields; i++) {
            l->fields[i].name = dup_or_null(ctx, s->fields[i].name, &oom);
            l->fields[i].kind = s->fields[i].kind;
        }
    } else if (s->nfields)
        oom = true;
    if (s->nfiles &&
        (l->files = zg_calloc(ctx, s->nfiles, sizeof *l->files))) {
        l->nfiles = s->nfiles;
        for (size_t i = 0; i < s->nfiles; i++) {
            l->files[i].path = dup_or_null(ctx, s->files[i].path, &oom);
            memcpy(l->files[i].sha256, s->files[i].sha256,
                   sizeof l->files[i].sha256);
        }
    } else if (s->nfiles)
        oom = true;
    if (oom) {
        zg_layer_free(l);
        return NULL;
    }
    return l;
}

static zg_status copy_row(zg_ctx *ctx, zg_qa_log *to, const zg_qa_row *q)
{
    zg_status st = zg_qa_add(ctx, to, q->layer, q->feature_id, q->problem,
                             q->action, q->area_before_m2, q->area_after_m2);
    if (!st)
        to->rows[to->n - 1].order = q->order;
    return st;
}

/* The rows a read writes of the layer as a whole, after the features'
 * (stream.c wrote them there before reads were shared). */
static zg_status layer_rows(zg_ctx *ctx, const zg_stream_raw *raw,
                            const zg_stream_opts *as, zg_stream_result *v)
{
    zg_layer *shell = v->source;
    char *where = zg_layer_label(ctx, shell);
    if (!where)
        return zg_nomem(ctx, "label");
    zg_status st = zg_text_log_undoubled(ctx, shell, NULL,
                                         raw->names_undoubled, raw->nfields);
    if (!st && v->code_field)
        st = zg_text_log_undoubled(ctx, shell, v->code_field,
                                   v->codes_undoubled, (size_t)v->features);
    if (!st && (v->codes_lossy || raw->names_lossy)) {
        char p[600];
        snprintf(p, sizeof p, "%zu text values were not valid in %s",
                 v->codes_lossy + raw->names_lossy, shell->encoding_used);
        st = zg_qa_add(ctx, &shell->qa, where, "", p,
                       "bad bytes replaced by U+FFFD; try --encoding", NAN,
                       NAN);
    }
    if (!st && v->features == 0 && !as->quiet_when_empty) {
        /* An empty layer measures nothing: no housing, no rice land, all
         * free, unless the analyses are told; say so where they look. */
        st = zg_qa_add(ctx, &shell->qa, where, "", "the layer has no "
                       "feature", "nothing measured: an empty layer is no "
                       "evidence", NAN, NAN);
        zg_msg(ctx, ZG_MSG_WARNING, "%s has no feature: nothing measured "
               "from it", where);
    }
    if (!st && v->features > 0 && v->candidates == 0 &&
        v->near_dropped == 0 && !as->quiet_when_empty) {
        /* Nothing to measure is a legitimate answer, but far more often a
         * wrong layer or a wrong CRS: say so where the analyst looks. */
        st = zg_qa_add(ctx, &shell->qa, where, "", "no feature lies near "
                       "any cluster", "nothing measured: check the layer "
                       "and its CRS", NAN, NAN);
        zg_msg(ctx, ZG_MSG_WARNING, "no feature of %s lies near any "
               "cluster: check the layer and its CRS", where);
    }
    if (!st && v->no_geometry) {
        char p[128];
        snprintf(p, sizeof p, "%zu features without polygon geometry",
                 v->no_geometry);
        st = zg_qa_add(ctx, &shell->qa, where, "", p, "skipped", NAN, NAN);
    }
    zg_free(ctx, where);
    return st;
}

/* The classes, their counts and the code field, copied. */
static zg_status copy_classes(zg_ctx *ctx, const zg_stream_result *r,
                              zg_stream_result *v)
{
    if (r->code_field && !(v->code_field = zg_strdup(ctx, r->code_field)))
        return zg_nomem(ctx, "code field");
    if (!r->nclasses)
        return ZG_OK;
    v->classes = zg_calloc(ctx, r->nclasses, sizeof *v->classes);
    v->class_count = zg_calloc(ctx, r->nclasses, sizeof *v->class_count);
    if (!v->classes || !v->class_count)
        return zg_nomem(ctx, "classes");
    v->ccap = v->cntcap = r->nclasses;
    for (size_t c = 0; c < r->nclasses; c++) {
        v->class_count[c] = r->class_count[c];
        if (!(v->classes[v->nclasses] = zg_strdup(ctx, r->classes[c])))
            return zg_nomem(ctx, "classes");
        v->nclasses++;
    }
    return ZG_OK;
}

/* The view's pieces: for each of its zones in its order, the read's
 * pieces of that zone that the view keeps. */
static zg_status view_pieces(zg_ctx *ctx, zg_stream_raw *raw, size_t g,
                             const zg_stream_opts *as, const bool *keep,
                             bool last, zg_stream_result *v)
{
    zg_stream_result *r = &raw->r;
    const zg_stream_group *gr = &raw->groups[g];
    size_t *first = zg_calloc(ctx, raw->nzones + 2, sizeof *first);
    size_t *uses = zg_calloc(ctx, raw->nzones + 1, sizeof *uses);
    zg_status st = first && uses ? ZG_OK : zg_nomem(ctx, "pieces");
    for (size_t i = 0; !st && i < r->npieces; i++)
        first[r->pieces[i].zone + 1]++;
    for (size_t z = 0; !st && z < raw->nzones; z++)
        first[z + 1] += first[z];
    for (size_t k = 0; !st && k < gr->nzones; k++)
        uses[gr->zones[k]]++;
    size_t n = 0;
    for (size_t k = 0; !st && k < gr->nzones; k++) {
        size_t z = gr->zones[k];
        for (size_t i = first[z]; i < first[z + 1]; i++)
            n += (r->pieces[i].groups >> g & 1) != 0;
    }
    if (!st && !(v->pieces = zg_calloc(ctx, n + 1, sizeof *v->pieces)))
        st = zg_nomem(ctx, "pieces");
    for (size_t k = 0; !st && k < gr->nzones; k++) {
        size_t z = gr->zones[k];
        bool final = last && --uses[z] == 0;
        for (size_t i = first[z]; !st && i < first[z + 1]; i++) {
            zg_piece *p = &r->pieces[i];
            if (!(p->groups >> g & 1) || !keep[p->cls] ||
                (p->tiny && !as->keep_tiny_pieces))
                continue;
            zg_piece *q = &v->pieces[v->npieces];
            *q = *p;
            q->zone = (uint32_t)k;
            q->groups = 1;
            q->geom = NULL;
            if (as->keep_geometry && p->geom) {
                if (final) {
                    q->geom = p->geom;
                    p->geom = NULL;
                } else if (!last) {
                    q->geom = p->geom; /* lent: the read keeps it */
                    v->geoms_lent = true;
                } else if (!(q->geom = GEOSGeom_clone_r(ctx->geos, p->geom)))
                    st = zg_nomem(ctx, "pieces");
            }
            v->npieces++;
        }
    }
    zg_free(ctx, first);
    zg_free(ctx, uses);
    return st;
}

zg_status zg_stream_view(zg_ctx *ctx, zg_stream_raw *raw, size_t g,
                         const zg_stream_opts *as, bool last,
                         zg_stream_result *v)
{
    memset(v, 0, sizeof *v);
    const zg_stream_result *r = &raw->r;
    size_t nc = raw->stat_classes ? raw->stat_classes : 1;
    bool *keep = zg_calloc(ctx, nc, sizeof *keep);
    if (!keep)
        return zg_nomem(ctx, "classes");
    /* A plain layer (no code read) keeps every feature, as the reader
     * does whatever the filter. */
    for (size_t c = 0; c < nc; c++)
        keep[c] = !as->keep_class || !r->code_field ||
                  (c < r->nclasses &&
                   as->keep_class(r->classes[c], as->keep_ud));
    v->features = r->features;
    v->codes_undoubled = r->codes_undoubled;
    v->codes_lossy = r->codes_lossy;
    uint64_t first_cand = UINT64_MAX, first_other = UINT64_MAX;
    for (size_t c = 0; c < raw->stat_classes; c++) {
        const zg_stream_stat *s = &raw->stat[c * raw->ngroups + g];
        if (keep[c]) {
            v->candidates += s->candidates;
            v->no_geometry += s->no_geometry + raw->no_geometry[c];
            if (s->first_candidate < first_cand)
                first_cand = s->first_candidate;
        } else if (s->first_near < first_other)
            first_other = s->first_near;
    }
    /* As the reader counts it: a feature it does not keep, near a zone,
     * before the first candidate. */
    v->near_dropped = as->count_near_dropped && first_other < first_cand;
    zg_status st = copy_classes(ctx, r, v);
    if (!st && !(v->source = shell_copy(ctx, r->source)))
        st = zg_nomem(ctx, "layer");
    const zg_qa_log *qa = r->source ? &r->source->qa : NULL;
    for (size_t i = 0; !st && qa && i < qa->n; i++) {
        if (i >= raw->qa_base) {
            uint64_t gm = raw->qa_groups[i - raw->qa_base];
            uint32_t c = raw->qa_class[i - raw->qa_base];
            if (!(gm >> g & 1) ||
                (c != ZG_STREAM_ALL_CLASSES && c < nc && !keep[c]))
                continue;
        }
        st = copy_row(ctx, &v->source->qa, &qa->rows[i]);
    }
    if (!st)
        st = view_pieces(ctx, raw, g, as, keep, last, v);
    if (!st)
        st = layer_rows(ctx, raw, as, v);
    zg_free(ctx, keep);
    return st;
}

void zg_stream_raw_clear(zg_ctx *ctx, zg_stream_raw *raw)
{
    zg_stream_result_clear(ctx, &raw->r);
    zg_free(ctx, raw->zone_groups);
    zg_free(ctx, raw->stat);
    zg_free(ctx, raw->no_geometry);
    zg_free(ctx, raw->qa_groups);
    zg_free(ctx, raw->qa_class);
    memset(raw, 0, sizeof *raw);
}

zg_status zg_stream_overlay(zg_ctx *ctx, const zg_stream_opts *o,
                            zg_stream_result *r)
{
    memset(r, 0, sizeof *r);
    if (ctx->pass && !o->dist_to) {
        bool answered = false;
        zg_status st = zg_pass_answer(ctx->pass, o, r, &answered);
        if (st || answered)
            return st;
    }
    /* A read of its own: one group, every zone; the reader filters the
     * classes itself. */
    uint32_t *all = zg_calloc(ctx, o->nzones + 1, sizeof *all);
    if (!all)
        return zg_nomem(ctx, "zones");
    for (size_t z = 0; z < o->nzones; z++)
        all[z] = (uint32_t)z;
    zg_stream_group grp = {all, o->nzones, o->keep_geometry,
                           o->keep_tiny_pieces};
    zg_stream_raw raw;
    zg_status st = zg_stream_read_groups(ctx, o, &grp, 1, &raw);
    if (!st)
        st = zg_stream_view(ctx, &raw, 0, o, true, r);
    if (!st && o->dist_to) {
        r->dmin = raw.r.dmin;
        raw.r.dmin = NULL;
    }
    if (ctx->pass)
        zg_pass_note_read(ctx->pass, o->input, 1, st);
    zg_stream_raw_clear(ctx, &raw);
    zg_free(ctx, all);
    return st;
}
