/* SPDX-License-Identifier: MIT
 *
 * chart_svg.c: the report's chart of one cluster's housing: a bar per
 * date in each zone (inside the cluster, then each ring outwards), an
 * axis in hectares written as the report writes numbers, and a legend
 * of the dates. Inline SVG for the HTML report: no script, no font or
 * file fetched, and the same bytes for the same data (coordinates are
 * printed with one decimal by printf). The atlas draws its chart with
 * cairo from the same series (zg_report_housing_series).
 */
#include "products_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The box the bars stand in, in the viewBox's units. */
#define CH_W 560.0
#define CH_H 214.0
#define PX0 54.0
#define PX1 552.0
#define PY0 34.0
#define PY1 170.0

/* A number with `dec` decimals as the report writes it. */
static void put_num(zg_sbuf *b, double v, int dec, bool en)
{
    char buf[64], vi[96];
    snprintf(buf, sizeof buf, "%.*f", dec, v);
    if (en) {
        zg_sbuf_add(b, buf);
        return;
    }
    zg_vi_number(buf, vi, sizeof vi);
    zg_sbuf_add(b, vi);
}

/* A round step that puts four or five lines on the axis up to `max`. */
static double axis_step(double max, int *dec)
{
    double raw = max / 4;
    double mag = pow(10, floor(log10(raw)));
    double n = raw / mag;
    double step = (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
    *dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    return step;
}

/* The dates from pale pink to the map's magenta of new housing, the
 * latest darkest: one colour for one date. */
static void date_colour(size_t d, size_t n, char out[8])
{
    static const int PALE[3] = {0xf4, 0xa6, 0xd7}, DARK[3] = {0xb0, 0x18,
                                                              0x6f};
    double t = n > 1 ? (double)d / (double)(n - 1) : 1;
    int c[3];
    for (int i = 0; i < 3; i++)
        c[i] = (int)lround(PALE[i] + t * (DARK[i] - PALE[i]));
    snprintf(out, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
}

static void zone_label(zg_sbuf *b, const char *zone, bool en)
{
    const char *a = strncmp(zone, "ring_", 5) == 0 ? zone + 5 : NULL;
    const char *us = a ? strchr(a, '_') : NULL;
    if (strcmp(zone, "inside") == 0) {
        zg_sbuf_add(b, en ? "inside" : "trong cụm");
    } else if (us) {
        char lo[32];
        snprintf(lo, sizeof lo, "%.*s", (int)(us - a), a);
        zg_sbuf_add_escaped(b, lo);
        zg_sbuf_add(b, "–");
        zg_sbuf_add_escaped(b, us + 1);
        zg_sbuf_add(b, " m");
    } else {
        zg_sbuf_add_escaped(b, zone);
    }
}

void zg_chart_housing_svg(zg_sbuf *b, const zg_housing *h, size_t c, bool en)
{
    double max = 0;
    for (size_t z = 0; z < h->nzones; z++)
        for (size_t d = 0; d < h->ndates; d++) {
            double v = zg_housing_ha(h, c, z, d);
            if (isfinite(v) && v > max)
                max = v;
        }
    int dec = 0;
    double step = axis_step(max > 0 ? max : 1, &dec);
    double top = ceil((max > 0 ? max : 1) / step - 1e-9) * step;
    zg_sbuf_addf(b, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" "
                 "role=\"img\" aria-label=\"", CH_W, CH_H);
    zg_sbuf_add(b, en ? "Housing of " : "Nhà ở của ");
    zg_sbuf_add_escaped(b, h->clusters[c].id);
    zg_sbuf_add(b, en ? " by zone and date (ha)\">"
                      : " theo vùng và thời điểm (ha)\">");
    /* The legend: one swatch per date. */
    double lx = PX0;
    for (size_t d = 0; d < h->ndates; d++) {
        char col[8];
        date_colour(d, h->ndates, col);
        zg_sbuf_addf(b, "<rect x=\"%.1f\" y=\"8\" width=\"12\" height=\"12\" "
                     "fill=\"%s\"/><text x=\"%.1f\" y=\"18\" font-size=\"12\">",
                     lx, col, lx + 16);
        zg_sbuf_add_escaped(b, h->dates[d]);
        zg_sbuf_add(b, "</text>");
        lx += 16 + 8.0 * (double)strlen(h->dates[d]) + 18;
    }
    zg_sbuf_addf(b, "<text x=\"%.1f\" y=\"18\" font-size=\"12\" "
                 "text-anchor=\"end\">", PX1);
    zg_sbuf_add(b, en ? "housing (ha)" : "nhà ở (ha)");
    zg_sbuf_add(b, "</text>");
    /* The axis: a line and a label per step. */
    for (double v = 0; v <= top + step / 2; v += step) {
        double y = PY1 - (PY1 - PY0) * v / top;
        zg_sbuf_addf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                     "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>"
                     "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
                     "text-anchor=\"end\">", PX0, y, PX1, y,
                     v == 0 ? "#666" : "#ddd", PX0 - 6, y + 4);
        put_num(b, v, dec, en);
        zg_sbuf_add(b, "</text>");
    }
    /* The bars, a group per zone. */
    double gw = (PX1 - PX0) / (double)(h->nzones ? h->nzones : 1);
    double bw = gw * 0.78 / (double)(h->ndates ? h->ndates : 1);
    for (size_t z = 0; z < h->nzones; z++) {
        double gx = PX0 + gw * (double)z + gw * 0.11;
        for (size_t d = 0; d < h->ndates; d++) {
            double v = zg_housing_ha(h, c, z, d);
            if (!isfinite(v) || v <= 0)
                continue;
            double y = PY1 - (PY1 - PY0) * v / top;
            char col[8];
            date_colour(d, h->ndates, col);
            zg_sbuf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                         "height=\"%.1f\" fill=\"%s\"><title>",
                         gx + bw * (double)d, y, bw, PY1 - y, col);
            zone_label(b, h->zones[z], en);
            zg_sbuf_add(b, ", ");
            zg_sbuf_add_escaped(b, h->dates[d]);
            zg_sbuf_add(b, ": ");
            put_num(b, v, 2, en);
            zg_sbuf_add(b, " ha</title></rect>");
        }
        zg_sbuf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
                     "text-anchor=\"middle\">", PX0 + gw * ((double)z + 0.5),
                     PY1 + 16);
        zone_label(b, h->zones[z], en);
        zg_sbuf_add(b, "</text>");
    }
    zg_sbuf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
                 "text-anchor=\"middle\" fill=\"#555\">",
                 (PX0 + PX1) / 2, PY1 + 36);
    zg_sbuf_add(b, en ? "zone: inside the cluster, then rings (distance "
                        "from its boundary)"
                      : "vùng: trong cụm, rồi các vành (khoảng cách tới "
                        "ranh giới cụm)");
    zg_sbuf_add(b, "</text></svg>");
}
