/* SPDX-License-Identifier: MIT
 *
 * atlas_frame.c: the map frame of an atlas page. The feature and its
 * outermost ring fill it at a round scale 1:N, drawn in the plane CRS
 * the run measured in (VN-2000 TM-3 for Hà Nội), so that the grid is
 * one of plane metres and the scale holds across the frame to the
 * projection's own distortion (1:10000 of TM-3 near its meridian). What
 * lies in the frame is drawn whoever it belongs to: the neighbours'
 * clusters, housing and free land are part of the picture.
 *
 * Styles are the map's (map.c), so that the overview and the atlas
 * agree; rings and evidence exist only here.
 */
#include "atlas_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MM (72.0 / 25.4)

/* The rings of the page's feature, dashed, and the evidence of its
 * failed rules, hatched in dark red. */
static const zg_map_style ST_RING = {
    {0, 0, 0, 0}, {0.20, 0.30, 0.55, 1}, 0.7, true};
static const zg_map_style ST_EVIDENCE = {
    {0.55, 0.0, 0.0, 0.40}, {0.45, 0.0, 0.0, 1}, 1.2, true};
static const zg_map_style ST_FEATURE = {
    {0, 0, 0, 0}, {0.05, 0.05, 0.05, 1}, 1.8, false};

void zg_atlas_frame_place(atlas *a, atlas_page *p, double x0, double y0,
                       double w, double h)
{
    (void)a;
    p->fx0 = x0;
    p->fy0 = y0;
    p->fw = w;
    p->fh = h;
    OGREnvelope e = {0, 0, 0, 0};
    if (p->geom)
        OGR_G_GetEnvelope(p->geom, &e);
    double pad = a->nrings ? a->rings_m[a->nrings - 1]
                           : fmax(50, 0.2 * fmax(e.MaxX - e.MinX,
                                                e.MaxY - e.MinY));
    double ew = e.MaxX - e.MinX + 2 * pad, eh = e.MaxY - e.MinY + 2 * pad;
    p->scale = fmax(zg_atlas_round_scale(ew, w / MM),
                    zg_atlas_round_scale(eh, h / MM));
    p->cx = (e.MinX + e.MaxX) / 2;
    p->cy = (e.MinY + e.MaxY) / 2;
    p->s = 1000.0 / p->scale * MM;
}

static void to_page(const atlas_page *p, double x, double y, double *px,
                    double *py)
{
    *px = p->fx0 + p->fw / 2 + (x - p->cx) * p->s;
    *py = p->fy0 + p->fh / 2 - (y - p->cy) * p->s;
}

/* The path of every polygon ring of g (plane coordinates). Vertices
 * closer than a quarter point to the last one drawn are skipped. */
static void geom_path(cairo_t *cr, const atlas_page *p, OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    int n = OGR_G_GetGeometryCount(g);
    if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (int i = 0; i < n; i++)
            geom_path(cr, p, OGR_G_GetGeometryRef(g, i));
        return;
    }
    if (t != wkbPolygon)
        return;
    for (int r = 0; r < n; r++) {
        OGRGeometryH ring = OGR_G_GetGeometryRef(g, r);
        int np = OGR_G_GetPointCount(ring);
        double lx = 0, ly = 0;
        for (int k = 0; k < np; k++) {
            double x, y;
            to_page(p, OGR_G_GetX(ring, k), OGR_G_GetY(ring, k), &x, &y);
            if (k == 0)
                cairo_move_to(cr, x, y);
            else if (k + 1 == np ||
                     (x - lx) * (x - lx) + (y - ly) * (y - ly) > 0.0625)
                cairo_line_to(cr, x, y);
            else
                continue;
            lx = x;
            ly = y;
        }
        cairo_close_path(cr);
    }
}

static void draw_geom(atlas *a, const atlas_page *p, OGRGeometryH g,
                      const zg_map_style *st)
{
    cairo_new_path(a->cr);
    cairo_set_fill_rule(a->cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(a->cr, CAIRO_LINE_JOIN_ROUND);
    geom_path(a->cr, p, g);
    zg_map_apply_style(a->cr, st);
}

static const char *field(OGRFeatureH f, int i)
{
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    return OGR_F_GetFieldAsString(f, i);
}

/* What table li holds inside the frame (`frame`: the frame's polygon in
 * the plane), in its style. */
static void draw_table(atlas *a, const atlas_page *p, int li,
                       OGRGeometryH frame)
{
    OGRLayerH l = a->lyr[li];
    if (!l || a->st)
        return;
    if (li == AL_EVIDENCE && !p->proposal)
        return;
    OGRGeometryH f_ll = OGR_G_Clone(frame);
    if (!f_ll || OGR_G_Transform(f_ll, a->from_plane[li]) != OGRERR_NONE) {
        if (f_ll)
            OGR_G_DestroyGeometry(f_ll);
        return; /* a frame beyond the CRS's area: nothing of it to draw */
    }
    OGR_L_SetSpatialFilter(l, f_ll);
    OGR_G_DestroyGeometry(f_ll);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    int ie = li == AL_RESID ? OGR_FD_GetFieldIndex(defn, "epoch") : -1;
    int ip = li == AL_EVIDENCE ? OGR_FD_GetFieldIndex(defn, "proposal_id")
                               : -1;
    int ic = li == AL_CLUSTERS    ? OGR_FD_GetFieldIndex(defn, "trang_thai")
             : li == AL_PROPOSALS ? OGR_FD_GetFieldIndex(defn, "verdict")
                                  : -1;
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    while (!a->st && (f = OGR_L_GetNextFeature(l)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        const char *e = field(f, ie), *pid = field(f, ip), *c = field(f, ic);
        /* Compared in C, not in a filter: data never becomes SQL. */
        bool wanted = g && !OGR_G_IsEmpty(g) &&
                      (li != AL_RESID ||
                       (e && a->resid_epoch &&
                        strcmp(e, a->resid_epoch) == 0)) &&
                      (li != AL_EVIDENCE || (pid && !strcmp(pid, p->id)));
        OGRGeometryH pg = wanted ? OGR_G_Clone(g) : NULL;
        if (pg && OGR_G_Transform(pg, a->to_plane[li]) == OGRERR_NONE) {
            int k = li == AL_CLUSTERS    ? (c ? zg_map_status_class(c) : 0)
                    : li == AL_PROPOSALS ? (c ? zg_map_verdict_class(c) : 3)
                                         : 0;
            const zg_map_style *st =
                li == AL_CLUSTERS    ? &ZG_ST_CLUSTER[k]
                : li == AL_RESID     ? ZG_ST_RESID
                : li == AL_NEW       ? ZG_ST_NEW
                : li == AL_RESERVE   ? ZG_ST_RESERVE
                : li == AL_OVERLAPS  ? ZG_ST_OVERLAP
                : li == AL_PROPOSALS ? &ZG_ST_PROPOSAL[k]
                                     : &ST_EVIDENCE;
            draw_geom(a, p, pg, st);
        }
        if (pg)
            OGR_G_DestroyGeometry(pg);
        OGR_F_Destroy(f);
    }
    OGR_L_SetSpatialFilter(l, NULL);
}

/* ---- the run's sources: parcels by role, housing of each date -------- */

const zg_map_style ZG_ATLAS_ST_EARLIER[1] = {
    {{0, 0, 0, 0}, {0.70, 0.25, 0.60, 1}, 0.6, true}};

typedef void (*feature_fn)(atlas *a, const atlas_page *p, OGRGeometryH g,
                           const char *code, void *ud);

/* Each feature of source s that the frame's filter finds, brought to the
 * plane, with its code (NULL without a code field), in reading order. */
static void source_each(atlas *a, const atlas_page *p, zg_atlas_src *s,
                        OGRGeometryH frame, feature_fn fn, void *ud)
{
    if (!s->ds || a->st)
        return;
    OGRGeometryH f_src = OGR_G_Clone(frame);
    if (!f_src || OGR_G_Transform(f_src, s->from_plane) != OGRERR_NONE) {
        if (f_src)
            OGR_G_DestroyGeometry(f_src);
        return; /* a frame beyond the source's CRS: nothing of it here */
    }
    OGR_L_SetSpatialFilter(s->lyr, f_src);
    OGR_G_DestroyGeometry(f_src);
    OGR_L_ResetReading(s->lyr);
    OGRFeatureH f;
    while (!a->st && (f = OGR_L_GetNextFeature(s->lyr)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        const char *code = s->code_i >= 0 ? field(f, s->code_i) : NULL;
        if (g && !OGR_G_IsEmpty(g) && s->in_plane) {
            fn(a, p, g, code, ud);
        } else if (g && !OGR_G_IsEmpty(g)) {
            OGRGeometryH pg = OGR_G_Clone(g);
            if (pg && OGR_G_Transform(pg, s->to_plane) == OGRERR_NONE)
                fn(a, p, pg, code, ud);
            if (pg)
                OGR_G_DestroyGeometry(pg);
        }
        OGR_F_Destroy(f);
    }
    OGR_L_SetSpatialFilter(s->lyr, NULL);
}

static void draw_parcel(atlas *a, const atlas_page *p, OGRGeometryH g,
                        const char *code, void *ud)
{
    (void)ud;
    int k = zg_atlas_role_index(code && a->codes
                                    ? zg_codes_role(a->codes, code) : NULL);
    draw_geom(a, p, g, &ZG_ATLAS_ROLES[k].st);
    a->role_n[k]++;
}

/* The polygons of g added to the multipolygon m. */
static void add_polygons(OGRGeometryH m, OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPolygon) {
        OGR_G_AddGeometry(m, g);
    } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            add_polygons(m, OGR_G_GetGeometryRef(g, i));
    }
}

typedef struct housing_ud {
    int date;            /* index in a->housing */
    OGRGeometryH keep;   /* the first or latest date's housing; NULL */
} housing_ud;

static void draw_house(atlas *a, const atlas_page *p, OGRGeometryH g,
                       const char *code, void *ud)
{
    housing_ud *h = ud;
    /* A land-use map's housing is its residential parcels (ONT, ODT). */
    if (a->housing[h->date].code_i >= 0 &&
        !(code && a->codes &&
          zg_codes_role(a->codes, code) &&
          strcmp(zg_codes_role(a->codes, code), "residential") == 0))
        return;
    draw_geom(a, p, g, h->date + 1 == a->nhousing ? ZG_ST_RESID
                                                  : ZG_ATLAS_ST_EARLIER);
    a->housing_n[h->date]++;
    if (h->keep)
        add_polygons(h->keep, g);
}

/* The housing of each date around a proposal, from the run's residential
 * sources (the results hold it only where a cluster's rings reached), and
 * what is new between the first and the latest: the latest's union less
 * the first's, by GEOS, as encroachment_new measures it. */
static void draw_housing(atlas *a, const atlas_page *p, OGRGeometryH frame)
{
    OGRGeometryH first = NULL, last = NULL;
    if (a->nhousing > 1) {
        first = OGR_G_CreateGeometry(wkbMultiPolygon);
        last = OGR_G_CreateGeometry(wkbMultiPolygon);
    }
    for (int d = 0; d < a->nhousing && !a->st; d++) {
        housing_ud h = {d, d == 0 ? first
                               : d + 1 == a->nhousing ? last : NULL};
        source_each(a, p, &a->housing[d], frame, draw_house, &h);
    }
    if (first && last && !OGR_G_IsEmpty(last)) {
        OGRGeometryH uf = OGR_G_UnionCascaded(first);
        OGRGeometryH ul = OGR_G_UnionCascaded(last);
        OGRGeometryH nw = ul ? (uf ? OGR_G_Difference(ul, uf)
                                   : OGR_G_Clone(ul))
                             : NULL;
        if (nw && !OGR_G_IsEmpty(nw) && OGR_G_Area(nw) >= 0.01) {
            draw_geom(a, p, nw, ZG_ST_NEW);
            a->new_drawn = true;
        }
        if (nw)
            OGR_G_DestroyGeometry(nw);
        if (uf)
            OGR_G_DestroyGeometry(uf);
        if (ul)
            OGR_G_DestroyGeometry(ul);
    }
    if (first)
        OGR_G_DestroyGeometry(first);
    if (last)
        OGR_G_DestroyGeometry(last);
}

/* Under the frame: what the page leaves out, and why. */
static void draw_notes(atlas *a, const atlas_page *p, double y)
{
    char *t = NULL;
    if (a->parcels_note && a->parcels_missing) {
        t = zg_asprintf(a->ctx, a->en ? "Parcels by land use not shown: "
                                        "the land-use source is %s (%s)"
                                      : "Không hiển thị thửa đất theo loại "
                                        "sử dụng: nguồn dữ liệu sử dụng "
                                        "đất %s (%s)",
                        a->en ? a->parcels_note
                        : strcmp(a->parcels_note, "missing") == 0
                            ? "không còn"
                        : strcmp(a->parcels_note, "changed") == 0
                            ? "đã thay đổi sau lượt chạy"
                            : "không đọc được",
                        a->parcels_missing);
    }
    if (t) {
        char *tt = zg_atlas_text_copy(a->ctx, t);
        if (tt)
            y += zg_atlas_show(a, p->fx0, y, tt, 6.5, false, p->fw, 0.35);
        zg_free(a->ctx, tt);
        zg_free(a->ctx, t);
        t = NULL;
    }
    if (p->proposal && a->housing_note) {
        t = zg_strdup(a->ctx, a->en ? "Housing: as the results hold it "
                                      "(the residential sources are not "
                                      "as the run read them)"
                                    : "Nhà ở: theo kết quả đã lưu (nguồn "
                                      "dữ liệu nhà ở không còn như lúc "
                                      "chạy)");
        if (t)
            zg_atlas_show(a, p->fx0, y, t, 6.5, false, p->fw, 0.35);
        zg_free(a->ctx, t);
    }
}

/* Largest 1, 2 or 5 times a power of ten not above x. */
static double round_step(double x)
{
    double q = pow(10, floor(log10(x)));
    return x >= 5 * q ? 5 * q : x >= 2 * q ? 2 * q : q;
}

/* Grid lines every round number of metres, labelled outside the frame:
 * eastings under it, northings left of it. */
static void draw_grid(atlas *a, const atlas_page *p)
{
    cairo_t *cr = a->cr;
    double wm = p->fw / p->s, hm = p->fh / p->s;
    double x0 = p->cx - wm / 2, x1 = p->cx + wm / 2;
    double y0 = p->cy - hm / 2, y1 = p->cy + hm / 2;
    double step = round_step(fmax(wm, hm) / 4);
    cairo_save(cr);
    cairo_set_line_width(cr, 0.35);
    cairo_set_source_rgba(cr, 0.15, 0.15, 0.45, 0.55);
    for (double x = ceil(x0 / step) * step; x <= x1; x += step) {
        double px, py;
        to_page(p, x, y0, &px, &py);
        cairo_move_to(cr, px, p->fy0);
        cairo_line_to(cr, px, p->fy0 + p->fh);
    }
    for (double y = ceil(y0 / step) * step; y <= y1; y += step) {
        double px, py;
        to_page(p, x0, y, &px, &py);
        cairo_move_to(cr, p->fx0, py);
        cairo_line_to(cr, p->fx0 + p->fw, py);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
    for (int axis = 0; axis < 2; axis++) {
        double lo = axis ? y0 : x0, hi = axis ? y1 : x1;
        for (double v = ceil(lo / step) * step; v <= hi; v += step) {
            char txt[48];
            zg_atlas_num(a, v, 0, txt, sizeof txt);
            PangoLayout *lay = zg_atlas_text(a, txt, 6, false, 0);
            int iw, ih;
            pango_layout_get_size(lay, &iw, &ih);
            double w = (double)iw / PANGO_SCALE, h = (double)ih / PANGO_SCALE;
            double px, py;
            to_page(p, axis ? x0 : v, axis ? v : y0, &px, &py);
            /* A label that would pass the frame's corner is left out. */
            bool fits = axis ? py - h / 2 >= p->fy0 &&
                                   py + h / 2 <= p->fy0 + p->fh
                             : px - w / 2 >= p->fx0 &&
                                   px + w / 2 <= p->fx0 + p->fw;
            if (fits) {
                cairo_set_source_rgb(a->cr, 0.15, 0.15, 0.45);
                if (axis)
                    cairo_move_to(a->cr, p->fx0 - 1.5 - w, py - h / 2);
                else
                    cairo_move_to(a->cr, px - w / 2, p->fy0 + p->fh + 1);
                pango_cairo_show_layout(a->cr, lay);
            }
            g_object_unref(lay);
        }
    }
}

/* "Tỷ lệ 1:5.000", the CRS, and a bar of a round length in metres. */
static void draw_scale(atlas *a, const atlas_page *p, double x, double y)
{
    char n[48];
    zg_atlas_num(a, p->scale, 0, n, sizeof n);
    char *t = zg_asprintf(a->ctx, a->en ? "Scale 1:%s   Grid: %s, metres"
                                        : "Tỷ lệ 1:%s   Lưới toạ độ: %s, "
                                          "mét",
                          n, a->plane_name);
    if (!t) {
        a->st = zg_nomem(a->ctx, "atlas scale");
        return;
    }
    double h = zg_atlas_show(a, x, y, t, 7.5, true, 0, 0.1);
    zg_free(a->ctx, t);
    double len_m = round_step(p->fw / p->s / 4), len = len_m * p->s;
    double bx = p->fx0 + p->fw - len - 12, by = y + 2;
    cairo_t *cr = a->cr;
    cairo_set_line_width(cr, 0.6);
    for (int i = 0; i < 4; i++) {
        cairo_rectangle(cr, bx + len * i / 4, by, len / 4, 4);
        cairo_set_source_rgb(cr, i % 2 ? 1 : 0.1, i % 2 ? 1 : 0.1,
                             i % 2 ? 1 : 0.1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_stroke(cr);
    }
    char len_txt[48], tick[64];
    zg_atlas_num(a, len_m, 0, len_txt, sizeof len_txt);
    snprintf(tick, sizeof tick, "%s m", len_txt);
    zg_atlas_show(a, bx + len + 3, by - 2, tick, 6.5, false, 0, 0.1);
    zg_atlas_show(a, bx - 6, by - 2, "0", 6.5, false, 0, 0.1);
    (void)h;
}

void zg_atlas_frame_draw(atlas *a, atlas_page *p)
{
    cairo_t *cr = a->cr;
    double wm = p->fw / p->s, hm = p->fh / p->s;
    OGRGeometryH frame = OGR_G_CreateGeometry(wkbPolygon);
    OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
    if (!frame || !ring) {
        a->st = zg_nomem(a->ctx, "atlas frame");
        if (frame)
            OGR_G_DestroyGeometry(frame);
        if (ring)
            OGR_G_DestroyGeometry(ring);
        return;
    }
    OGR_G_AddPoint_2D(ring, p->cx - wm / 2, p->cy - hm / 2);
    OGR_G_AddPoint_2D(ring, p->cx + wm / 2, p->cy - hm / 2);
    OGR_G_AddPoint_2D(ring, p->cx + wm / 2, p->cy + hm / 2);
    OGR_G_AddPoint_2D(ring, p->cx - wm / 2, p->cy + hm / 2);
    OGR_G_AddPoint_2D(ring, p->cx - wm / 2, p->cy - hm / 2);
    OGR_G_AddGeometryDirectly(frame, ring);
    /* The frame's edges bend in lon/lat: more vertices keep the filter
     * from missing what lies along them. */
    OGR_G_Segmentize(frame, fmax(wm, hm) / 16);

    cairo_save(cr);
    cairo_rectangle(cr, p->fx0, p->fy0, p->fw, p->fh);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 0.985, 0.985, 0.975);
    cairo_paint(cr);
    memset(a->role_n, 0, sizeof a->role_n);
    memset(a->housing_n, 0, sizeof a->housing_n);
    a->new_drawn = false;
    /* The parcels first, under everything; on a proposal's page, the
     * housing of the run's sources in place of the results' own. */
    source_each(a, p, &a->parcels, frame, draw_parcel, NULL);
    for (int li = 0; li < AL_N; li++) {
        if (p->proposal && a->nhousing && (li == AL_RESID || li == AL_NEW)) {
            if (li == AL_RESID)
                draw_housing(a, p, frame);
            continue;
        }
        draw_table(a, p, li, frame);
    }
    /* The rings, by GEOS's buffer with the run's quadrant segments, so
     * that they are the rings the run measured. */
    for (int i = 0; p->geom && i < a->nrings; i++) {
        OGRGeometryH b = OGR_G_Buffer(p->geom, a->rings_m[i], a->quad_segs);
        if (b)
            draw_geom(a, p, b, &ST_RING);
        if (b)
            OGR_G_DestroyGeometry(b);
    }
    if (p->geom)
        draw_geom(a, p, p->geom, &ST_FEATURE);
    cairo_restore(cr);
    OGR_G_DestroyGeometry(frame);
    draw_grid(a, p);
    cairo_new_path(cr);
    cairo_rectangle(cr, p->fx0, p->fy0, p->fw, p->fh);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
    draw_scale(a, p, p->fx0, p->fy0 + p->fh + 5 * MM);
    draw_notes(a, p, p->fy0 + p->fh + 9.5 * MM);
}
