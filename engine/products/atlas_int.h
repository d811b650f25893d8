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

#define ATLAS_MAX_DATES 8
#define ZG_ATLAS_NROLES 10

/* A land-use role as the atlas draws its parcels (atlas_sources.c). */
typedef struct zg_atlas_role {
    const char *role; /* as the code tables name it */
    const char *vi, *en;
    zg_map_style st;
} zg_atlas_role;
extern const zg_atlas_role ZG_ATLAS_ROLES[ZG_ATLAS_NROLES];
/* The entry of `role` (group and foreign roles: "other"; NULL, a code
 * not in the table: "unknown"). */
int zg_atlas_role_index(const char *role);

/* Housing of a date before the latest, on a proposal's page: its
 * outline, so that each date shows beside the latest's fill
 * (atlas_frame.c). */
extern const zg_map_style ZG_ATLAS_ST_EARLIER[1];

/* A source of the run reopened to draw from (atlas_sources.c). */
typedef struct zg_atlas_src {
    char *path;      /* owned */
    char *label;     /* a housing layer's date; owned */
    GDALDatasetH ds; /* NULL: not drawn */
    OGRLayerH lyr;
    int code_i; /* the code field; -1: every feature is housing */
    OGRCoordinateTransformationH to_plane, from_plane;
    bool in_plane; /* its CRS is the plane's: drawn as read */
} zg_atlas_src;

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
    /* The keyed copies the panel reads (atlas.c's open_lookups); false:
     * the run has no such table. */
    bool k_proposal, k_checks, k_evidence, k_cluster, k_landuse, k_reserve,
        k_new;
    /* The run's sources (atlas_sources.c): the parcels, drawn by role,
     * and the housing of each date, drawn on a proposal's page. A note
     * says why one is not drawn ("missing", "changed"); NULL: drawn or
     * never read by the run. */
    zg_atlas_src parcels;
    zg_atlas_src housing[ATLAS_MAX_DATES];
    int nhousing;
    zg_codes *codes;
    const char *parcels_note, *housing_note;
    char *parcels_missing; /* the path the note names; owned */
    bool verbose;
    /* what the page being drawn shows, for its legend and --verbose */
    size_t role_n[ZG_ATLAS_NROLES];
    size_t housing_n[ATLAS_MAX_DATES];
    bool new_drawn;
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

/* The value of `key=` in the run's options text (the last one: a
 * scenario's keys come after the defaults), or NULL; *set (may be NULL)
 * says whether the key is there ("key=" is set, empty). New string. */
char *zg_atlas_run_option(atlas *a, const char *key, bool *set);

/* Open the run's land-use and residential sources as run_inputs (or
 * opts) name them; a missing or changed one is a warning and a note. */
zg_status zg_atlas_sources_open(atlas *a, const zg_atlas_opts *o);
void zg_atlas_sources_close(atlas *a);
void zg_atlas_source_close(atlas *a, zg_atlas_src *s);

/* 1:N for a frame of frame_mm that must show extent_m: the smallest N of
 * the list of round scales (1:1000 ... 1:1000000) at which it fits. */
double zg_atlas_round_scale(double extent_m, double frame_mm);

#endif
