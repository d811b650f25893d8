/* SPDX-License-Identifier: MIT
 *
 * atlas_panel.c: the right side of an atlas page: what the feature is,
 * its figures and verdicts, a bar chart of the housing in and around it
 * at each date, and the legend of the map frame. Every figure is read
 * from the results database as the run wrote it; nothing is measured
 * here. Numbers are written as the language writes them (1.234,5 in
 * Vietnamese).
 */
#include "atlas_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MM (72.0 / 25.4)
#define MAX_ZONES 12
#define MAX_EPOCHS 6

/* ---- text -------------------------------------------------------------- */

/* A page's line holds a few lines of text at most: a longer one (a name
 * of 10 kB in a hostile database) would be shaped whole by HarfBuzz on
 * every page it is drawn on, seconds a page, to show its first lines. */
#define ATLAS_TEXT_MAX 600

char *zg_atlas_text_copy(zg_ctx *ctx, const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    char *t = zg_utf8_valid(s, n) ? zg_strdup(ctx, s)
                                  : zg_utf8_sanitize(ctx, s, n);
    for (unsigned char *p = (unsigned char *)t; p && *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            *p = ' ';
    if (t && strlen(t) > ATLAS_TEXT_MAX) {
        /* cut on a character's first byte, then an ellipsis (3 bytes) */
        size_t keep = ATLAS_TEXT_MAX - 3;
        while (keep > 0 && ((unsigned char)t[keep] & 0xC0) == 0x80)
            keep--;
        memcpy(t + keep, "\xE2\x80\xA6", 4);
    }
    return t;
}

PangoLayout *zg_atlas_text(atlas *a, const char *text, double size, bool bold,
                        double width)
{
    return zg_map_text_layout(a->pc, text, size, bold, width,
                              &a->unknown_glyphs);
}

double zg_atlas_show(atlas *a, double x, double y, const char *text,
                  double size, bool bold, double width, double grey)
{
    return zg_map_show_text(a->cr, a->pc, x, y, text, size, bold, width, grey,
                            &a->unknown_glyphs);
}

void zg_atlas_num(const atlas *a, double v, int dec, char *out, size_t cap)
{
    char raw[64];
    if (!isfinite(v)) {
        snprintf(out, cap, "—");
        return;
    }
    snprintf(raw, sizeof raw, "%.*f", dec, v);
    if (strcmp(raw, "-0") == 0 || strcmp(raw, "-0.0") == 0 ||
        strcmp(raw, "-0.00") == 0)
        memmove(raw, raw + 1, strlen(raw));
    if (a->en)
        snprintf(out, cap, "%s", raw);
    else
        zg_vi_number(raw, out, cap);
}

/* ---- words ------------------------------------------------------------- */

static const char *verdict_word(const atlas *a, const char *v)
{
    static const char *const K[] = {"pass", "warn", "fail", "n/a",
                                    "skipped"};
    static const char *const VI[] = {"đạt", "cảnh báo", "không đạt",
                                     "không áp dụng", "bỏ qua"};
    static const char *const EN[] = {"pass", "warning", "fail",
                                     "not applicable", "skipped"};
    for (size_t i = 0; v && i < 5; i++)
        if (strcmp(v, K[i]) == 0)
            return a->en ? EN[i] : VI[i];
    return v ? v : "—";
}

static void verdict_rgb(const char *v, double rgb[3])
{
    int c = v ? zg_map_verdict_class(v) : 3;
    static const double C[4][3] = {{0.08, 0.45, 0.12}, {0.65, 0.40, 0.0},
                                   {0.70, 0.0, 0.0}, {0.35, 0.35, 0.35}};
    memcpy(rgb, C[c], sizeof C[c]);
}

/* "inside" or "ring_50_100" as the reader says it. */
static void zone_label(const atlas *a, const char *z, char *out, size_t cap)
{
    double lo, hi;
    if (strcmp(z, "inside") == 0)
        snprintf(out, cap, "%s", a->en ? "inside" : "bên trong");
    else if (sscanf(z, "ring_%lf_%lf", &lo, &hi) == 2)
        snprintf(out, cap, "%g–%g m", lo, hi);
    else
        snprintf(out, cap, "%s", z);
}

/* ---- the panel --------------------------------------------------------- */

typedef struct panel {
    atlas *a;
    const atlas_page *p;
    double x, y, w, bottom;
} panel;

static void line(panel *q, const char *text, double size, bool bold,
                 double grey, double gap)
{
    if (q->a->st || q->y > q->bottom)
        return;
    q->y += zg_atlas_show(q->a, q->x, q->y, text, size, bold, q->w, grey) +
            gap;
}

static void linef(panel *q, double size, bool bold, double grey,
                  const char *fmt, ...) ZG_PRINTF(5, 6);

static void linef(panel *q, double size, bool bold, double grey,
                  const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    line(q, buf, size, bold, grey, 1.5);
}

static double col_num(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL
               ? NAN
               : sqlite3_column_double(s, i);
}

static const char *col_text(sqlite3_stmt *s, int i)
{
    const char *t = (const char *)sqlite3_column_text(s, i);
    return t ? t : "";
}

static void heading(panel *q, const char *vi, const char *en)
{
    q->y += 4;
    line(q, q->a->en ? en : vi, 8.5, true, 0.1, 2);
}

static void proposal_figures(panel *q)
{
    atlas *a = q->a;
    sqlite3_stmt *s = NULL;
    if (!a->k_proposal ||
        zg_rdb_prepare(&a->r, "SELECT area_ha, area_plane_ha, verdict, "
                       "residential_ha, luc_ha, cluster_overlap_ha, "
                       "min_dist_residential_m FROM zg_atlas_proposal WHERE "
                       "proposal_id = ?1 ORDER BY rowid", &s))
        return;
    sqlite3_bind_text(s, 1, q->p->id, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) {
        char n1[64], n2[64], n3[64], n4[64], n5[64], n6[64];
        zg_atlas_num(a, col_num(s, 0), 2, n1, sizeof n1);
        zg_atlas_num(a, col_num(s, 1), 2, n2, sizeof n2);
        linef(q, 8, false, 0.15, a->en ? "Area %s ha (plane: %s ha)"
                                       : "Diện tích %s ha (mặt phẳng: %s "
                                         "ha)", n1, n2);
        const char *v = (const char *)sqlite3_column_text(s, 2);
        double rgb[3];
        verdict_rgb(v, rgb);
        char *vt = zg_asprintf(a->ctx, "%s %s", a->en ? "Verdict:"
                                                      : "Kết luận:",
                               verdict_word(a, v));
        if (vt && !a->st) {
            PangoLayout *lay = zg_atlas_text(a, vt, 11, true, q->w);
            int iw, ih;
            pango_layout_get_size(lay, &iw, &ih);
            cairo_set_source_rgb(a->cr, rgb[0], rgb[1], rgb[2]);
            cairo_move_to(a->cr, q->x, q->y + 2);
            pango_cairo_show_layout(a->cr, lay);
            g_object_unref(lay);
            q->y += (double)ih / PANGO_SCALE + 5;
        }
        zg_free(a->ctx, vt);
        zg_atlas_num(a, col_num(s, 3), 2, n3, sizeof n3);
        zg_atlas_num(a, col_num(s, 4), 2, n4, sizeof n4);
        zg_atlas_num(a, col_num(s, 5), 2, n5, sizeof n5);
        zg_atlas_num(a, col_num(s, 6), 1, n6, sizeof n6);
        linef(q, 7.5, false, 0.2, a->en ? "Housing inside %s ha · rice land "
                                          "%s ha · overlap %s ha · nearest "
                                          "housing %s m"
                                        : "Nhà ở bên trong %s ha · đất lúa "
                                          "%s ha · chồng lấn %s ha · nhà ở "
                                          "gần nhất %s m", n3, n4, n5, n6);
    }
    sqlite3_finalize(s);
    if (!a->k_checks ||
        zg_rdb_prepare(&a->r, "SELECT rule_id, verdict, value, unit, "
                       "threshold, description_vi, description_en FROM "
                       "zg_atlas_checks WHERE proposal_id = ?1 ORDER BY pk",
                       &s))
        return;
    heading(q, "Các tiêu chí", "Rules");
    sqlite3_bind_text(s, 1, q->p->id, -1, SQLITE_STATIC);
    while (!a->st && sqlite3_step(s) == SQLITE_ROW && q->y < q->bottom) {
        const char *v = col_text(s, 1);
        char val[64] = "";
        if (sqlite3_column_type(s, 2) != SQLITE_NULL)
            zg_atlas_num(a, col_num(s, 2), 2, val, sizeof val);
        char *thr = a->en ? zg_strdup(a->ctx, col_text(s, 4))
                          : zg_vi_numbers_in_text(a->ctx, col_text(s, 4));
        const char *desc = col_text(s, a->en ? 6 : 5);
        char *t = zg_asprintf(a->ctx, "%s  %s%s%s%s%s%s%s%s%s",
                              col_text(s, 0), verdict_word(a, v),
                              val[0] ? " · " : "", val, val[0] ? " " : "",
                              val[0] ? col_text(s, 3) : "",
                              thr && thr[0]
                                  ? (a->en ? " (limit " : " (ngưỡng ")
                                  : "",
                              thr ? thr : "", thr && thr[0] ? ")" : "",
                              "");
        char *ds = zg_atlas_text_copy(a->ctx, desc);
        char *tt = t ? zg_atlas_text_copy(a->ctx, t) : NULL;
        if (!tt || !ds) {
            a->st = zg_nomem(a->ctx, "atlas rules");
        } else {
            double rgb[3];
            verdict_rgb(v, rgb);
            PangoLayout *lay = zg_atlas_text(a, tt, 7.5, true, q->w);
            int iw, ih;
            pango_layout_get_size(lay, &iw, &ih);
            cairo_set_source_rgb(a->cr, rgb[0], rgb[1], rgb[2]);
            cairo_move_to(a->cr, q->x, q->y);
            pango_cairo_show_layout(a->cr, lay);
            g_object_unref(lay);
            q->y += (double)ih / PANGO_SCALE;
            if (ds[0])
                line(q, ds, 6.5, false, 0.4, 2);
        }
        zg_free(a->ctx, t);
        zg_free(a->ctx, tt);
        zg_free(a->ctx, ds);
        zg_free(a->ctx, thr);
    }
    sqlite3_finalize(s);
    /* What the map frame hatches in dark red, in words. */
    if (!a->k_evidence ||
        zg_rdb_prepare(&a->r, "SELECT rule_id, kind, other_id, area_ha FROM "
                       "zg_atlas_evidence WHERE proposal_id = ?1 ORDER BY "
                       "pk", &s))
        return;
    sqlite3_bind_text(s, 1, q->p->id, -1, SQLITE_STATIC);
    bool first = true;
    while (!a->st && sqlite3_step(s) == SQLITE_ROW && q->y < q->bottom) {
        if (first)
            heading(q, "Bằng chứng trên bản đồ", "Evidence on the map");
        first = false;
        char ha[64];
        zg_atlas_num(a, col_num(s, 3), 2, ha, sizeof ha);
        const char *k = col_text(s, 1);
        const char *w = zg_evidence_kind(k, a->en);
        char *t = zg_asprintf(a->ctx, "%s  %s%s%s: %s ha", col_text(s, 0),
                              w ? w : k, col_text(s, 2)[0] ? " " : "",
                              col_text(s, 2), ha);
        char *tt = t ? zg_atlas_text_copy(a->ctx, t) : NULL;
        if (tt)
            line(q, tt, 7, false, 0.25, 1.5);
        else
            a->st = zg_nomem(a->ctx, "atlas evidence");
        zg_free(a->ctx, t);
        zg_free(a->ctx, tt);
    }
    sqlite3_finalize(s);
}

static void cluster_figures(panel *q)
{
    atlas *a = q->a;
    sqlite3_stmt *s = NULL;
    if (!a->k_cluster ||
        zg_rdb_prepare(&a->r, "SELECT area_ha, area_plane_ha, declared_ha, "
                       "overlap_count, trang_thai FROM zg_atlas_cluster "
                       "WHERE id = ?1 ORDER BY rowid", &s))
        return;
    sqlite3_bind_text(s, 1, q->p->id, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) {
        char n1[64], n2[64], n3[64];
        if (sqlite3_column_text(s, 4)) {
            char *st = zg_atlas_text_copy(a->ctx, col_text(s, 4));
            if (st)
                linef(q, 8, false, 0.15, "%s %s", a->en ? "Status:"
                                                        : "Trạng thái:", st);
            zg_free(a->ctx, st);
        }
        zg_atlas_num(a, col_num(s, 0), 2, n1, sizeof n1);
        zg_atlas_num(a, col_num(s, 1), 2, n2, sizeof n2);
        linef(q, 8, false, 0.15, a->en ? "Area %s ha (plane: %s ha)"
                                       : "Diện tích %s ha (mặt phẳng: %s "
                                         "ha)", n1, n2);
        if (sqlite3_column_type(s, 2) != SQLITE_NULL) {
            zg_atlas_num(a, col_num(s, 2), 2, n3, sizeof n3);
            linef(q, 7.5, false, 0.3, a->en ? "Declared %s ha"
                                            : "Diện tích công bố %s ha", n3);
        }
        if (sqlite3_column_type(s, 3) != SQLITE_NULL)
            linef(q, 7.5, false, 0.3, a->en ? "Overlaps other clusters: %d"
                                            : "Chồng lấn với cụm khác: %d",
                  sqlite3_column_int(s, 3));
    }
    sqlite3_finalize(s);
    if (a->k_landuse &&
        !zg_rdb_prepare(&a->r, "SELECT code, name_vi, name_en, area_ha, "
                        "share_pct FROM zg_atlas_landuse WHERE "
                        "cluster_id = ?1 AND code <> 'NONE' ORDER BY "
                        "area_ha DESC, code LIMIT 5", &s)) {
        heading(q, "Sử dụng đất (5 loại lớn nhất)",
                "Land use (5 largest codes)");
        sqlite3_bind_text(s, 1, q->p->id, -1, SQLITE_STATIC);
        while (!a->st && sqlite3_step(s) == SQLITE_ROW) {
            char ha[64], pct[64];
            zg_atlas_num(a, col_num(s, 3), 2, ha, sizeof ha);
            zg_atlas_num(a, col_num(s, 4), 1, pct, sizeof pct);
            char *nm = zg_atlas_text_copy(a->ctx, col_text(s, a->en ? 2 : 1));
            char *cd = zg_atlas_text_copy(a->ctx, col_text(s, 0));
            if (nm && cd)
                linef(q, 7, false, 0.2, "%s %s: %s ha (%s %%)", cd, nm, ha,
                      pct);
            zg_free(a->ctx, nm);
            zg_free(a->ctx, cd);
        }
        sqlite3_finalize(s);
    }
    if (a->k_reserve &&
        !zg_rdb_prepare(&a->r, "SELECT free_ha, free_pct FROM "
                        "zg_atlas_reserve WHERE cluster_id = ?1 ORDER BY "
                        "rowid", &s)) {
        sqlite3_bind_text(s, 1, q->p->id, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW) {
            char ha[64], pct[64];
            zg_atlas_num(a, col_num(s, 0), 2, ha, sizeof ha);
            zg_atlas_num(a, col_num(s, 1), 1, pct, sizeof pct);
            q->y += 3;
            linef(q, 7.5, true, 0.15, a->en ? "Free land for industry: %s "
                                              "ha (%s %%)"
                                            : "Đất còn trống cho công "
                                              "nghiệp: %s ha (%s %%)",
                  ha, pct);
        }
        sqlite3_finalize(s);
    }
}

/* ---- housing: table and bar chart -------------------------------------- */

typedef struct housing {
    char zone[MAX_ZONES][40];
    char epoch[MAX_EPOCHS][24];
    double ha[MAX_ZONES][MAX_EPOCHS];
    double new_ha[MAX_ZONES];
    int nz, ne;
} housing;

static int find_or_add(char (*list)[40], int *n, int max, const char *v)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(list[i], v) == 0)
            return i;
    if (*n >= max)
        return -1;
    snprintf(list[*n], 40, "%s", v);
    return (*n)++;
}

static bool load_housing(atlas *a, const char *id, housing *h)
{
    memset(h, 0, sizeof *h);
    for (int i = 0; i < MAX_ZONES; i++) {
        h->new_ha[i] = NAN;
        for (int k = 0; k < MAX_EPOCHS; k++)
            h->ha[i][k] = NAN;
    }
    sqlite3_stmt *s = NULL;
    if (!zg_rdb_has_table(&a->r, "encroachment") ||
        zg_rdb_housing(&a->r, id, &s))
        return false;
    while (sqlite3_step(s) == SQLITE_ROW) {
        int z = find_or_add(h->zone, &h->nz, MAX_ZONES, col_text(s, 0));
        int e = -1;
        for (int k = 0; k < h->ne && e < 0; k++)
            if (strcmp(h->epoch[k], col_text(s, 1)) == 0)
                e = k;
        if (e < 0 && h->ne < MAX_EPOCHS) {
            snprintf(h->epoch[h->ne], sizeof h->epoch[0], "%s",
                     col_text(s, 1));
            e = h->ne++;
        }
        if (z >= 0 && e >= 0)
            h->ha[z][e] = col_num(s, 2);
    }
    sqlite3_finalize(s);
    if (a->k_new &&
        !zg_rdb_prepare(&a->r, "SELECT zone, sum(new_ha) FROM "
                        "zg_atlas_new WHERE cluster_id = ?1 GROUP BY "
                        "zone", &s)) {
        sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
        while (sqlite3_step(s) == SQLITE_ROW)
            for (int z = 0; z < h->nz; z++)
                if (strcmp(h->zone[z], col_text(s, 0)) == 0)
                    h->new_ha[z] = col_num(s, 1);
        sqlite3_finalize(s);
    }
    return h->nz > 0 && h->ne > 0;
}

/* Bars of the first to the last date, pale to deep pink, the pink of
 * housing on the map. */
static void epoch_rgb(int k, int n, double rgb[3])
{
    double t = n > 1 ? (double)k / (n - 1) : 1;
    rgb[0] = 1.0 - 0.25 * t;
    rgb[1] = 0.80 - 0.62 * t;
    rgb[2] = 1.0 - 0.25 * t;
}

static void housing_table(panel *q, const housing *h)
{
    atlas *a = q->a;
    heading(q, "Nhà ở (ha) bên trong và trong các vành",
            "Housing (ha) inside and in the rings");
    double cw = (q->w - 62) / (h->ne + 1);
    char buf[64];
    double y = q->y;
    zg_atlas_show(a, q->x, y, a->en ? "zone" : "vùng", 6.5, true, 0, 0.3);
    for (int k = 0; k < h->ne; k++) {
        char *e = zg_atlas_text_copy(a->ctx, h->epoch[k]);
        if (e)
            zg_atlas_show(a, q->x + 62 + k * cw, y, e, 6.5, true, 0, 0.3);
        zg_free(a->ctx, e);
    }
    zg_atlas_show(a, q->x + 62 + h->ne * cw, y, a->en ? "new" : "mới", 6.5,
               true, 0, 0.3);
    y += 9;
    for (int z = 0; z < h->nz && y < q->bottom; z++) {
        zone_label(a, h->zone[z], buf, sizeof buf);
        zg_atlas_show(a, q->x, y, buf, 6.5, false, 0, 0.2);
        for (int k = 0; k <= h->ne; k++) {
            zg_atlas_num(a, k < h->ne ? h->ha[z][k] : h->new_ha[z], 2, buf,
                      sizeof buf);
            zg_atlas_show(a, q->x + 62 + k * cw, y, buf, 6.5, false, 0, 0.2);
        }
        y += 8.5;
    }
    q->y = y + 2;
}

static void housing_chart(panel *q, const housing *h, double ch)
{
    atlas *a = q->a;
    cairo_t *cr = a->cr;
    double vmax = 0;
    for (int z = 0; z < h->nz; z++)
        for (int k = 0; k < h->ne; k++)
            if (isfinite(h->ha[z][k]))
                vmax = fmax(vmax, h->ha[z][k]);
    double x0 = q->x + 24, y0 = q->y + 6, w = q->w - 28;
    double base = y0 + ch;
    /* The axis to a round top, with its value. */
    double top = vmax > 0 ? vmax : 1;
    double p10 = pow(10, floor(log10(top)));
    top = ceil(top / p10 * 2) / 2 * p10;
    char buf[64];
    zg_atlas_num(a, top, top < 10 ? 1 : 0, buf, sizeof buf);
    char *lab = zg_asprintf(a->ctx, "%s ha", buf);
    if (lab)
        zg_atlas_show(a, q->x, y0 - 4, lab, 6, false, 0, 0.3);
    zg_free(a->ctx, lab);
    zg_atlas_show(a, q->x + 14, base - 7, "0", 6, false, 0, 0.3);
    cairo_set_line_width(cr, 0.5);
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x0, base);
    cairo_line_to(cr, x0 + w, base);
    cairo_stroke(cr);
    double gw = w / h->nz, bw = (gw - 4) / h->ne;
    for (int z = 0; z < h->nz; z++) {
        for (int k = 0; k < h->ne; k++) {
            double v = isfinite(h->ha[z][k]) ? h->ha[z][k] : 0;
            double bh = v / top * ch;
            double rgb[3];
            epoch_rgb(k, h->ne, rgb);
            cairo_rectangle(cr, x0 + z * gw + 2 + k * bw, base - bh, bw,
                            bh);
            cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, 0.45, 0.1, 0.45);
            cairo_set_line_width(cr, 0.3);
            cairo_stroke(cr);
        }
        zone_label(a, h->zone[z], buf, sizeof buf);
        PangoLayout *lay = zg_atlas_text(a, buf, 5, false, 0);
        int iw, ih;
        pango_layout_get_size(lay, &iw, &ih);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_move_to(cr, x0 + z * gw + gw / 2 - iw / PANGO_SCALE / 2.0,
                      base + 1.5);
        pango_cairo_show_layout(cr, lay);
        g_object_unref(lay);
    }
    /* The dates' key. */
    double kx = x0, ky = base + 9;
    for (int k = 0; k < h->ne; k++) {
        double rgb[3];
        epoch_rgb(k, h->ne, rgb);
        cairo_rectangle(cr, kx, ky + 1, 7, 5);
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_fill(cr);
        char *e = zg_atlas_text_copy(a->ctx, h->epoch[k]);
        if (e) {
            PangoLayout *lay = zg_atlas_text(a, e, 6, false, 0);
            int iw, ih;
            pango_layout_get_size(lay, &iw, &ih);
            cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
            cairo_move_to(cr, kx + 9, ky);
            pango_cairo_show_layout(cr, lay);
            g_object_unref(lay);
            kx += 9 + (double)iw / PANGO_SCALE + 8;
        }
        zg_free(a->ctx, e);
    }
    q->y = ky + 10;
}

/* ---- legend ------------------------------------------------------------ */

/* The legend's entries beyond the fixed ones: each land-use role drawn
 * on the page, and on a proposal's page each earlier date's housing. */
static int extra_entries(const atlas *a, const atlas_page *p)
{
    int n = 0;
    for (int k = 0; k < ZG_ATLAS_NROLES; k++)
        n += a->role_n[k] > 0;
    for (int d = 0; p->proposal && d + 1 < a->nhousing; d++)
        n += a->housing_n[d] > 0;
    return n;
}

static void legend(panel *q, double bottom)
{
    atlas *a = q->a;
    bool en = a->en;
    bool src_housing = q->p->proposal && a->nhousing > 0;
    struct {
        const zg_map_style *st;
        zg_map_style own;
        const char *vi, *en;
        bool show;
    } it[] = {
        {&ZG_ST_CLUSTER[0], {{0}, {0}, 0, false}, "Cụm công nghiệp",
         "Industrial cluster", a->lyr[AL_CLUSTERS] != NULL},
        {&ZG_ST_PROPOSAL[2], {{0}, {0}, 0, false},
         "Đề xuất (màu theo kết luận)", "Proposal (colour of verdict)",
         a->lyr[AL_PROPOSALS] != NULL},
        {ZG_ST_RESID, {{0}, {0}, 0, false}, "Đất ở", "Residential land",
         a->lyr[AL_RESID] != NULL || src_housing},
        {ZG_ST_NEW, {{0}, {0}, 0, false}, "Nhà ở mới xây", "New housing",
         a->lyr[AL_NEW] != NULL || (src_housing && a->nhousing > 1)},
        {ZG_ST_RESERVE, {{0}, {0}, 0, false}, "Đất còn trống",
         "Free land", a->lyr[AL_RESERVE] != NULL},
        {ZG_ST_OVERLAP, {{0}, {0}, 0, false}, "Chồng lấn", "Overlap",
         a->lyr[AL_OVERLAPS] != NULL},
        {NULL, {{0, 0, 0, 0}, {0.20, 0.30, 0.55, 1}, 0.7, true},
         "Vành khoảng cách", "Distance rings", a->nrings > 0},
        {NULL, {{0.55, 0.0, 0.0, 0.40}, {0.45, 0.0, 0.0, 1}, 1.2, true},
         "Bằng chứng tiêu chí không đạt", "Evidence of a failed rule",
         q->p->proposal && a->lyr[AL_EVIDENCE] != NULL},
    };
    size_t n = sizeof it / sizeof it[0];
    int rows = extra_entries(a, q->p);
    for (size_t i = 0; i < n; i++)
        rows += it[i].show;
    double y = bottom + 2 - ((rows + 1) / 2) * 11.0;
    double cw = q->w / 2;
    int k = 0;
    /* The dates of the housing drawn: the sources' on a proposal's page. */
    const char *first = src_housing ? a->housing[0].label : a->first_epoch;
    const char *latest = src_housing ? a->housing[a->nhousing - 1].label
                                     : a->resid_epoch;
    for (size_t i = 0; i < n; i++) {
        if (!it[i].show)
            continue;
        double x = q->x + (k % 2) * cw, yy = y + (k / 2) * 11.0;
        cairo_new_path(a->cr);
        cairo_rectangle(a->cr, x + 1, yy + 1, 13, 7);
        zg_map_apply_style(a->cr, it[i].st ? it[i].st : &it[i].own);
        const char *t = en ? it[i].en : it[i].vi;
        char buf[160];
        if (i == 2 && latest)
            snprintf(buf, sizeof buf, "%s %s", t, latest);
        else if (i == 3 && first && latest)
            snprintf(buf, sizeof buf, "%s %s–%s", t, first, latest);
        else
            snprintf(buf, sizeof buf, "%s", t);
        zg_atlas_show(a, x + 17, yy, buf, 6.5, false, cw - 18, 0.2);
        k++;
    }
    for (int d = 0; src_housing && d + 1 < a->nhousing; d++) {
        if (!a->housing_n[d])
            continue;
        double x = q->x + (k % 2) * cw, yy = y + (k / 2) * 11.0;
        cairo_new_path(a->cr);
        cairo_rectangle(a->cr, x + 1, yy + 1, 13, 7);
        zg_map_apply_style(a->cr, ZG_ATLAS_ST_EARLIER);
        char buf[160];
        snprintf(buf, sizeof buf, "%s %s", en ? "Housing" : "Nhà ở",
                 a->housing[d].label);
        zg_atlas_show(a, x + 17, yy, buf, 6.5, false, cw - 18, 0.2);
        k++;
    }
    for (int r = 0; r < ZG_ATLAS_NROLES; r++) {
        if (!a->role_n[r])
            continue;
        double x = q->x + (k % 2) * cw, yy = y + (k / 2) * 11.0;
        cairo_new_path(a->cr);
        cairo_rectangle(a->cr, x + 1, yy + 1, 13, 7);
        zg_map_apply_style(a->cr, &ZG_ATLAS_ROLES[r].st);
        zg_atlas_show(a, x + 17, yy, en ? ZG_ATLAS_ROLES[r].en
                                        : ZG_ATLAS_ROLES[r].vi,
                      6.5, false, cw - 18, 0.2);
        k++;
    }
}

void zg_atlas_panel_draw(atlas *a, atlas_page *p, double x, double y,
                      double w, double h)
{
    /* The legend's extra rows (parcels by role) come off the figures. */
    double legend_bottom = y + h - 48;
    panel q = {a, p, x, y, w,
               legend_bottom - ((extra_entries(a, p) + 1) / 2) * 11.0};
    line(&q, a->title, 7, false, 0.45, 3);
    line(&q, p->proposal ? (a->en ? "PROPOSED CLUSTER" : "ĐỀ XUẤT CỤM CÔNG "
                                                         "NGHIỆP")
                         : (a->en ? "INDUSTRIAL CLUSTER" : "CỤM CÔNG "
                                                           "NGHIỆP"),
         7.5, true, 0.35, 1);
    line(&q, p->name[0] ? p->name : p->id, 13, true, 0.05, 1);
    linef(&q, 8, false, 0.25, "%s %s", a->en ? "Id:" : "Mã:", p->id);
    q.y += 3;
    if (p->proposal) {
        proposal_figures(&q);
    } else {
        cluster_figures(&q);
        housing hs;
        if (load_housing(a, p->id, &hs)) {
            housing_table(&q, &hs);
            if (q.y + 70 < q.bottom)
                housing_chart(&q, &hs, 46);
        }
    }
    legend(&q, legend_bottom);
}
