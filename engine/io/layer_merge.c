/* SPDX-License-Identifier: MIT
 *
 * layer_merge.c: several files of one role (the proposals of a scenario
 * may come in several) read as one layer: every feature in the CRS of the
 * first file, the attributes the union of the files' fields, and each
 * file kept whole beside it for its provenance and QA rows.
 */
#include "io_int.h"

#include <stdio.h>
#include <string.h>

/* Are a and b one field? Equal without case, or one is the 10 bytes a
 * shapefile keeps of the other (hazard_cla, hazard_class): the rules
 * must find a proposal's hazard class whichever file it came from. */
static bool same_field(const zg_layer *pa, const char *a, const zg_layer *pb,
                       const char *b)
{
    if (zg_streq_nocase(a, b))
        return true;
    size_t na = strlen(a), nb = strlen(b);
    const zg_layer *shp = na == 10 && nb > 10 ? pa : nb == 10 && na > 10
                                                          ? pb : NULL;
    if (!shp || !shp->driver || strcmp(shp->driver, "ESRI Shapefile") != 0)
        return false;
    char cut_a[11], cut_b[11];
    snprintf(cut_a, sizeof cut_a, "%s", a);
    snprintf(cut_b, sizeof cut_b, "%s", b);
    return zg_streq_nocase(cut_a, cut_b);
}

/* The union of the parts' fields into m->fields; map[k][j] is the union
 * index of part k's field j. Kinds: one kind stays; integer and real
 * become real; any other mix becomes text. */
static zg_status union_fields(zg_ctx *ctx, zg_layer *m, zg_layer **parts,
                              size_t n, size_t **map, const zg_layer **owner)
{
    size_t cap = 0;
    for (size_t k = 0; k < n; k++) {
        const zg_layer *p = parts[k];
        if (!(map[k] = zg_calloc(ctx, p->nfields + 1, sizeof **map)))
            return zg_nomem(ctx, "fields");
        for (size_t j = 0; j < p->nfields; j++) {
            const zg_field *f = &p->fields[j];
            size_t u = 0;
            while (u < m->nfields && !same_field(owner[u], m->fields[u].name,
                                                 p, f->name))
                u++;
            if (u == m->nfields) {
                if (zg_grow(ctx, (void **)&m->fields, &cap, m->nfields + 1,
                            sizeof *m->fields) ||
                    !(m->fields[u].name = zg_strdup(ctx, f->name)))
                    return zg_nomem(ctx, "fields");
                m->fields[u].kind = f->kind;
                owner[u] = p;
                m->nfields++;
            } else {
                zg_field *uf = &m->fields[u];
                if (strlen(f->name) > strlen(uf->name)) { /* the full name */
                    char *s = zg_strdup(ctx, f->name);
                    if (!s)
                        return zg_nomem(ctx, "fields");
                    zg_free(ctx, uf->name);
                    uf->name = s;
                    owner[u] = p;
                }
                if (uf->kind != f->kind)
                    uf->kind = uf->kind != ZG_FIELD_TEXT &&
                                       f->kind != ZG_FIELD_TEXT
                                   ? ZG_FIELD_REAL : ZG_FIELD_TEXT;
            }
            map[k][j] = u;
        }
    }
    return ZG_OK;
}

/* Value v of kind `from` as a value of kind `to` (a new string for text). */
static zg_status convert(zg_ctx *ctx, const zg_value *v, zg_field_kind from,
                         zg_field_kind to, zg_value *out)
{
    *out = *v;
    out->s = NULL;
    if (v->is_null)
        return ZG_OK;
    if (to == ZG_FIELD_REAL && from == ZG_FIELD_INT)
        out->d = (double)v->i;
    else if (to == ZG_FIELD_TEXT) {
        out->s = from == ZG_FIELD_TEXT ? zg_strdup(ctx, v->s)
                 : from == ZG_FIELD_INT ? zg_asprintf(ctx, "%lld", v->i)
                                        : zg_asprintf(ctx, "%.17g", v->d);
        if (!out->s)
            return zg_nomem(ctx, "value");
    }
    return ZG_OK;
}

/* Refuse an id two files both give: every later table names a proposal
 * by its id. */
static zg_status check_ids(zg_ctx *ctx, const char *role, zg_layer **parts,
                           size_t n)
{
    for (size_t a = 0; a < n; a++)
        for (size_t i = 0; i < parts[a]->n; i++)
            for (size_t b = a + 1; b < n; b++)
                for (size_t j = 0; j < parts[b]->n; j++)
                    if (strcmp(parts[a]->feats[i].id,
                               parts[b]->feats[j].id) == 0)
                        return zg_fail(ctx, ZG_ERR_INPUT, "id '%s' is in two "
                                       "files of %s: %s (layer %s) and %s "
                                       "(layer %s); ids must be unique "
                                       "across the files",
                                       parts[a]->feats[i].id, role,
                                       parts[a]->path, parts[a]->layer_name,
                                       parts[b]->path, parts[b]->layer_name);
    return ZG_OK;
}

/* Copy feature f of part p into m (fields remapped by map, geometry taken
 * to m's CRS by tr, NULL when p is in it already). */
static zg_status copy_feature(zg_ctx *ctx, zg_layer *m, const zg_layer *p,
                              const zg_feature *f, const size_t *map, PJ *tr,
                              zg_feature *g)
{
    g->fid = f->fid;
    g->repaired = f->repaired;
    g->id = zg_strdup(ctx, f->id);
    g->name = f->name ? zg_strdup(ctx, f->name) : NULL;
    g->values = zg_calloc(ctx, m->nfields + 1, sizeof *g->values);
    if (!g->id || (f->name && !g->name) || !g->values)
        return zg_nomem(ctx, "feature");
    for (size_t u = 0; u < m->nfields; u++)
        g->values[u].is_null = true;
    for (size_t j = 0; j < p->nfields; j++) {
        zg_status st = convert(ctx, &f->values[j], p->fields[j].kind,
                               m->fields[map[j]].kind, &g->values[map[j]]);
        if (st)
            return st;
    }
    double bad[2] = {0, 0};
    g->geom_src = tr ? zg_geom_transform(ctx, f->geom_src, tr, bad)
                     : GEOSGeom_clone_r(ctx->geos, f->geom_src);
    if (!g->geom_src)
        return tr ? zg_fail(ctx, ZG_ERR_CRS, "cannot transform to %s, the "
                            "CRS of %s, at (%.17g, %.17g) (%s, layer %s, "
                            "feature %s)", m->crs.label, m->parts[0]->path,
                            bad[0], bad[1], p->path, p->layer_name, f->id)
                  : zg_nomem(ctx, "geometry");
    if (!(g->geom_ll = GEOSGeom_clone_r(ctx->geos, f->geom_ll)))
        return zg_nomem(ctx, "geometry");
    return ZG_OK;
}

/* m's own fields, from the parts (which it now owns). */
static zg_status merge(zg_ctx *ctx, zg_layer *m)
{
    zg_layer *first = m->parts[0];
    size_t n = m->nparts, total = 0;
    for (size_t k = 0; k < n; k++) {
        total += m->parts[k]->n;
        m->skipped += m->parts[k]->skipped;
        m->repaired += m->parts[k]->repaired;
    }
    m->path = zg_strdup(ctx, first->path);
    m->layer_name = zg_strdup(ctx, first->layer_name);
    m->driver = zg_strdup(ctx, first->driver);
    m->encoding_used = zg_strdup(ctx, first->encoding_used);
    m->crs.label = zg_strdup(ctx, first->crs.label);
    m->crs.pj = proj_clone(ctx->pj, first->crs.pj);
    m->crs.geographic = first->crs.geographic;
    m->feats = zg_calloc(ctx, total + 1, sizeof *m->feats);
    m->part_of = zg_calloc(ctx, total + 1, sizeof *m->part_of);
    size_t **map = zg_calloc(ctx, n, sizeof *map);
    const zg_layer **owner = NULL;
    size_t nf = 0;
    for (size_t k = 0; k < n; k++)
        nf += m->parts[k]->nfields;
    owner = zg_calloc(ctx, nf + 1, sizeof *owner);
    zg_status st = m->path && m->layer_name && m->driver &&
                           m->encoding_used && m->crs.label && m->crs.pj &&
                           m->feats && m->part_of && map && owner
                       ? ZG_OK : zg_nomem(ctx, "layer");
    if (!st)
        st = check_ids(ctx, m->role, m->parts, n);
    if (!st)
        st = union_fields(ctx, m, m->parts, n, map, owner);
    for (size_t k = 0; !st && k < n; k++) {
        zg_layer *p = m->parts[k];
        bool same = proj_is_equivalent_to_with_ctx(
            ctx->pj, p->crs.pj, first->crs.pj, PJ_COMP_EQUIVALENT);
        PJ *tr = same ? NULL : zg_crs_transform_new(ctx, p->crs.pj,
                                                    first->crs.pj);
        if (!same && !tr)
            st = zg_fail(ctx, ZG_ERR_CRS, "no transformation from %s to %s, "
                         "the CRS of %s: %s (%s, layer %s)", p->crs.label,
                         first->crs.label, first->path, zg_proj_lastmsg(ctx),
                         p->path, p->layer_name);
        for (size_t i = 0; !st && i < p->n; i++) {
            m->part_of[m->n] = k;
            /* Counted before the copy: a half-made feature is freed. */
            st = copy_feature(ctx, m, p, &p->feats[i], map[k], tr,
                              &m->feats[m->n++]);
        }
        proj_destroy(tr);
    }
    m->cap = total;
    for (size_t k = 0; map && k < n; k++)
        zg_free(ctx, map[k]);
    zg_free(ctx, map);
    zg_free(ctx, (void *)owner);
    return st;
}

zg_status zg_layer_read_many(zg_ctx *ctx, const zg_input_opts *const *ins,
                             size_t n, zg_layer **out)
{
    *out = NULL;
    if (n == 0)
        return zg_fail(ctx, ZG_ERR_USAGE, "no input to read");
    if (n == 1)
        return zg_layer_read(ctx, ins[0], out);
    zg_layer *m = zg_calloc(ctx, 1, sizeof *m);
    if (!m)
        return zg_nomem(ctx, "layer");
    m->ctx = ctx;
    m->parts = zg_calloc(ctx, n, sizeof *m->parts);
    /* The role of the whole: "proposals" for proposals_1, proposals_2. */
    const char *role = ins[0]->role;
    const char *us = strrchr(role, '_');
    size_t rl = us && strspn(us + 1, "0123456789") == strlen(us + 1) &&
                        us[1]
                    ? (size_t)(us - role) : strlen(role);
    m->role = zg_asprintf(ctx, "%.*s", (int)rl, role);
    zg_status st = m->parts && m->role ? ZG_OK : zg_nomem(ctx, "layer");
    for (size_t k = 0; !st && k < n; k++) {
        st = zg_layer_read(ctx, ins[k], &m->parts[k]);
        if (!st)
            m->nparts++;
    }
    if (!st)
        st = merge(ctx, m);
    if (st) {
        zg_layer_free(m);
        return st;
    }
    *out = m;
    return ZG_OK;
}

const char *zg_layer_feature_source(const zg_layer *l, size_t i)
{
    if (!l || i >= l->n)
        return NULL;
    return l->nparts ? l->parts[l->part_of[i]]->path : l->path;
}
