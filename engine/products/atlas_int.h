/* SPDX-License-Identifier: MIT
 *
 * atlas_int.h: what the atlas's files share: the open atlas (database,
 * GDAL's view of it, the plane CRS, the cairo context of the PDF) and
 * the page being drawn (atlas.c opens, atlas_frame.c draws the map
 * frame, atlas_panel.c the figures beside it).
 */
#ifndef ZG_ATLAS_INT_H
#define ZG_ATLAS_INT_H

#include "products_int.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <pango/pangocairo.h>

#define ATLAS_MAX_RINGS 16

/* The tables the map frame draws, bottom first. */
enum {
    AL_CLUSTERS, AL_RESID, AL_NEW, AL_RESERVE, AL_OVERLAPS, AL_PROPOSALS,
    AL_EVIDENCE, AL_N
};

typedef struct atlas {
    zg_ctx *ctx;
    bool en;
    zg_rdb r;
    GDALDatasetH ds;               /* the database through GDAL */
    OGRSpatialReferenceH plane;    /* the run's plane CRS; owned */
    char *plane_name;              /* "EPSG:5897", for the page; owned */
    OGRLayerH lyr[AL_N];           /* NULL: not in this run */
    OGRCoordinateTransformationH to_plane[AL_N], from_plane[AL_N];
    double rings_m[ATLAS_MAX_RINGS]; /* outer distances, ascending */
    int nrings;
    int quad_segs;
    char *title;     /* running head; owned, valid UTF-8 */
    char *run_date;  /* the run's date as the language writes it; owned */
    char *resid_epoch, *first_epoch; /* latest and first housing dates */
    int npages;
    /* drawing */
    cairo_t *cr;
    PangoContext *pc;
    unsigned unknown_glyphs;
    zg_status st; /* first failure while drawing */
} atlas;

/* The page being drawn: its feature and the frame around it. */
typedef struct atlas_page {
    int no;            /* from 1 */
    bool proposal;     /* else a cluster */
    char *id, *name;   /* owned, valid UTF-8 (name may be "") */
    OGRGeometryH geom; /* the feature in the plane CRS; owned */
    double scale;      /* N of 1:N */
    double cx, cy;     /* the frame's centre, plane metres */
    double fx0, fy0, fw, fh; /* the frame on the page, points */
    double s;          /* points per metre */
} atlas_page;

/* Text helpers (atlas_panel.c). The layout is the caller's to unref. */
PangoLayout *zg_atlas_text(atlas *a, const char *text, double size, bool bold,
                        double width);
/* Text at (x, y), top left, in a grey level; returns its height. */
double zg_atlas_show(atlas *a, double x, double y, const char *text,
                  double size, bool bold, double width, double grey);
/* A number with `dec` decimals as the language writes it. */
void zg_atlas_num(const atlas *a, double v, int dec, char *out, size_t cap);
/* A copy of text that pango can take. New string; NULL: no memory. */
char *zg_atlas_text_copy(zg_ctx *ctx, const char *s);

/* The map frame of page p: scale, grid, layers, rings, scale bar. */
void zg_atlas_frame_draw(atlas *a, atlas_page *p);
/* Choose the scale and place the frame (x0, y0, w, h in points). */
void zg_atlas_frame_place(atlas *a, atlas_page *p, double x0, double y0,
                       double w, double h);
/* The panel beside it: names, figures, verdicts, bar chart. */
void zg_atlas_panel_draw(atlas *a, atlas_page *p, double x, double y,
                      double w, double h);

/* 1:N for a frame of frame_mm that must show extent_m: the smallest N of
 * the list of round scales (1:1000 ... 1:1000000) at which it fits. */
double zg_atlas_round_scale(double extent_m, double frame_mm);

#endif
