/* SPDX-License-Identifier: MIT
 *
 * products_int.h: what the map (map.c), the atlas (atlas*.c) and the
 * planner's report (report.c) share: a growable text buffer, read-only
 * access to a results database, the language switch, the map's styles,
 * the atlas's page list, and the map drawn as SVG into memory so that
 * the report can inline it.
 */
#ifndef ZG_PRODUCTS_INT_H
#define ZG_PRODUCTS_INT_H

#include "../output/output_int.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <sqlite3.h>

/* ---- a growable text buffer -------------------------------------------- */

/* Text built piece by piece. A failed allocation is remembered (`failed`)
 * and turns every later append into a no-op, so that a writer appends
 * freely and checks once, at the end. */
typedef struct zg_sbuf {
    zg_ctx *ctx;
    char *s; /* NUL-terminated when not NULL; owned */
    size_t len, cap;
    bool failed;
} zg_sbuf;

void zg_sbuf_init(zg_sbuf *b, zg_ctx *ctx);
void zg_sbuf_addn(zg_sbuf *b, const char *s, size_t n);
void zg_sbuf_add(zg_sbuf *b, const char *s);
void zg_sbuf_addf(zg_sbuf *b, const char *fmt, ...) ZG_PRINTF(2, 3);
/* Data as HTML or SVG text and attribute values: & < > " ' escaped,
 * ill-formed UTF-8 and the control characters HTML does not allow (C0
 * but tab and line breaks, DEL, C1) as U+FFFD. The one way a value
 * from the data reaches the report (report.c, chart_svg.c). */
void zg_sbuf_add_escaped(zg_sbuf *b, const char *s);
void zg_sbuf_free(zg_sbuf *b);

/* ---- a results database, read only ------------------------------------ */

typedef struct zg_rdb {
    zg_ctx *ctx;
    const char *path; /* borrowed from the caller */
    sqlite3 *db;
    sqlite3_int64 run_id; /* the run read */
    sqlite3_int64 nruns;  /* how many the database holds */
    bool run_tables;      /* it says which tables each run wrote */
} zg_rdb;

/* Open a results database read-only and make sure it is one: a SQLite
 * file with a `runs` table. ZG_ERR_INPUT naming the file otherwise.
 * Only run `run_id` (0: the latest) is seen: each table with a run_id
 * column is shadowed by a TEMP view of that run's rows under the same
 * name, so every query reads one run without saying so. ZG_ERR_USAGE
 * when there is no such run. */
zg_status zg_rdb_open(zg_ctx *ctx, const char *path, sqlite3_int64 run_id,
                      zg_rdb *r);
void zg_rdb_close(zg_rdb *r);
/* Prepare a statement; a failure is ZG_ERR_INPUT naming the file. */
zg_status zg_rdb_prepare(zg_rdb *r, const char *sql, sqlite3_stmt **stmt);
/* True when the run read wrote `table` (an empty table included). */
bool zg_rdb_has_table(zg_rdb *r, const char *table);
bool zg_rdb_has_column(zg_rdb *r, const char *table, const char *column);
/* The one number a query returns (NaN when NULL, no row or an error). */
double zg_rdb_number(zg_rdb *r, const char *sql);
/* Copy what `select` returns, in its order, into TEMP table `name` (a
 * constant of the caller, not data) and index it on `key` (a column list
 * of that table), so that rows are looked up by key in a log of the
 * table's size instead of a scan of it: the results tables have no
 * index and the run views can have none. The rowids follow the select's
 * order, so rows of equal key come out of the index in that order. TEMP
 * objects are the connection's: the file stays read-only. ZG_ERR_INPUT
 * naming the file when the select fails. */
zg_status zg_rdb_keyed_copy(zg_rdb *r, const char *name, const char *select,
                            const char *key);

/* ---- housing per cluster, zone and date (results_db.c) ---------------- */

/* The housing of the encroachment table, shaped for a chart: the dates
 * and zones in the table's order (inside first, then the rings outwards),
 * and each cluster that has housing somewhere (a zone at a date above 0),
 * in the table's order, with its hectares per zone and date. One query
 * for the report's SVG charts, its summary and the atlas's cairo charts. */
typedef struct zg_housing_cluster {
    char *id;   /* owned */
    char *name; /* owned; NULL when the run has no clusters table */
    double *ha; /* [zone * ndates + date], NaN: no row; owned */
} zg_housing_cluster;

typedef struct zg_housing {
    zg_ctx *ctx;
    char **dates; /* owned, ndates of them */
    size_t ndates;
    char **zones;    /* "inside", "ring_A_B" (metres); owned */
    double *outer_m; /* per zone: 0 inside, B of ring_A_B; owned */
    size_t nzones;
    zg_housing_cluster *clusters; /* owned */
    size_t nclusters;
} zg_housing;

/* Fill `h` from the run's encroachment table (an empty series when the
 * run has none). ZG_ERR_INPUT naming the file when a query fails; free
 * with zg_housing_free in every case. */
zg_status zg_report_housing_series(zg_rdb *r, zg_housing *h);
void zg_housing_free(zg_housing *h);
/* The value of cluster c, zone z, date d (NaN: no row). */
double zg_housing_ha(const zg_housing *h, size_t c, size_t z, size_t d);

/* ---- the report's chart (chart_svg.c) ---------------------------------- */

/* Append to `b` an inline <svg> bar chart of cluster `c` of `h`: a bar
 * per date in each zone, an axis in ha (numbers as `en` or Vietnamese
 * write them), a legend of the dates. No script; deterministic bytes. */
void zg_chart_housing_svg(zg_sbuf *b, const zg_housing *h, size_t c,
                          bool en);

/* ---- where map labels may go (label_grid.c) ---------------------------- */

/* A box a label must not cover, in page points (x0 <= x1, y0 <= y1). */
typedef struct zg_label_box {
    double x0, y0, x1, y1;
    size_t owner; /* feature index + 1 in its layer; 0: a label */
    int layer;
} zg_label_box;

typedef struct zg_label_entry {
    size_t box;  /* index in boxes */
    size_t next; /* the cell's next entry + 1; 0: none */
} zg_label_entry;

/* The boxes, listed by cell of a grid over the map frame. */
typedef struct zg_label_grid {
    zg_ctx *ctx;
    double fx0, fy0; /* the frame's corner */
    int nx, ny;
    size_t *head; /* per cell: its first entry + 1; 0: none; owned */
    zg_label_entry *entries; /* owned */
    size_t nentries, capentries;
    zg_label_box *boxes; /* owned */
    size_t nboxes, capboxes;
    size_t compared; /* boxes tested so far, for the tests */
} zg_label_grid;

/* An empty grid over the frame (fx0, fy0)-(fx1, fy1); allocates nothing.
 * Free with zg_label_grid_free. */
void zg_label_grid_init(zg_label_grid *g, zg_ctx *ctx, double fx0,
                        double fy0, double fx1, double fy1);
/* Add a box; `owner` is a feature's index + 1 in `layer`, or 0. */
zg_status zg_label_grid_add(zg_label_grid *g, double x0, double y0,
                            double x1, double y1, int layer, size_t owner);
/* True when no box comes within 1 pt of the place (x0, y0)-(x1, y1), the
 * boxes of feature `owner` of `layer` (its own label's feature) aside. */
bool zg_label_grid_clear(zg_label_grid *g, double x0, double y0, double x1,
                         double y1, int layer, size_t owner);
void zg_label_grid_free(zg_label_grid *g);

/* ---- language ---------------------------------------------------------- */

/* NULL or "vi": Vietnamese; "en": English; else ZG_ERR_USAGE. */
zg_status zg_report_lang(zg_ctx *ctx, const char *lang, bool *en);

/* ---- Vietnamese as written in Vietnam (report_vi.c) -------------------- */

/* A number as printf wrote it ("-1234.56") with a thousands dot and a
 * decimal comma ("-1.234,56") into out (cap bytes); anything that is not
 * such a number is copied as it is. */
void zg_vi_number(const char *s, char *out, size_t cap);
/* Text with the decimals in it (1234.5, not ids, versions or dates)
 * written the same way. New string; caller frees with zg_free; NULL when
 * out of memory. */
char *zg_vi_numbers_in_text(zg_ctx *ctx, const char *s);
/* A message the engine wrote to qa_log in Vietnamese, its values kept;
 * a message it does not know is returned as it is. New string; caller
 * frees with zg_free; NULL when out of memory. */
char *zg_vi_qa_message(zg_ctx *ctx, const char *s);
/* What a kind of evidence (proposal_evidence.kind) is, in Vietnamese or
 * English (this file's literals); NULL for a kind it does not know. */
const char *zg_evidence_kind(const char *k, bool en);

/* ---- map styles, shared by the map and the atlas (map.c) --------------- */

typedef struct zg_map_style {
    double fill[4]; /* RGBA; alpha 0: not filled */
    double line[4];
    double width; /* pt */
    bool dashed;
} zg_map_style;

/* One style each, as arrays of one so that every style is used alike:
 * ZG_ST_NEW is a pointer as ZG_ST_CLUSTER + 1 is. */
extern const zg_map_style ZG_ST_DISTRICT[1];
extern const zg_map_style ZG_ST_RESERVE[1];
extern const zg_map_style ZG_ST_OVERLAP[1];
extern const zg_map_style ZG_ST_NEW[1];
extern const zg_map_style ZG_ST_RESID[1];
extern const zg_map_style ZG_ST_CLUSTER[2];  /* existing, proposed */
extern const zg_map_style ZG_ST_PROPOSAL[4]; /* pass, warn, fail, other */

/* A cluster's status (trang_thai): 1 proposed, 0 otherwise; a
 * proposal's verdict: 0 pass, 1 warn, 2 fail, 3 anything else. */
int zg_map_status_class(const char *v);
int zg_map_verdict_class(const char *v);
/* Fill (when the style fills) and stroke the current path; the path is
 * consumed. */
void zg_map_apply_style(cairo_t *cr, const zg_map_style *st);
/* A new layout (caller unrefs) of `text` in the maps' face, `size` px,
 * wrapped at `width` (<= 0: not wrapped); the glyphs the face lacks are
 * added to *unknown_glyphs. The map's and the atlas's one text maker. */
PangoLayout *zg_map_text_layout(PangoContext *pc, const char *text,
                                double size, bool bold, double width,
                                unsigned *unknown_glyphs);

/* Text at (x, y), top left, in a grey level, laid out as
 * zg_map_text_layout does; returns its height in points. The map's and
 * the atlas's one way of showing a text. */
double zg_map_show_text(cairo_t *cr, PangoContext *pc, double x, double y,
                        const char *text, double size, bool bold,
                        double width, double grey, unsigned *unknown_glyphs);

/* ---- the housing of a zone, per zone and date -------------------------- */

/* The statement of encroachment rows of `cluster_id` (borrowed, bound):
 * columns zone, epoch, residential_ha, zone by zone in the run's order,
 * dates in the order given. Caller steps and finalizes. The atlas's bar
 * chart reads it; the report's charts may share it. ZG_ERR_INPUT naming
 * the file when the table cannot be read. */
zg_status zg_rdb_housing(zg_rdb *r, const char *cluster_id,
                         sqlite3_stmt **stmt);

/* ---- the atlas's pages (atlas.c) ---------------------------------------- */

/* Make TEMP table zg_atlas_pages (page, kind, id, name): one row per
 * page of the atlas, numbered from 1: proposals by proposal_id, then
 * clusters by id (every one with `all`, else those with housing inside
 * at any date or new housing in a ring). The report looks its links up
 * there. */
zg_status zg_atlas_pages_table(zg_rdb *r, bool all);
/* How many pages that atlas of run `run_id` (0: the latest) has. */
zg_status zg_atlas_count(zg_ctx *ctx, const char *results_sqlite,
                         int64_t run_id, bool all, int *npages);

/* ---- the map's layers, read once for several drawings ------------------- */

/* What the map draws of a results database (its layers in lon/lat, the
 * districts of opts->districts included), read once so that map.png,
 * map.pdf and the report's SVG do not each read it again. Drawings may
 * share it from several threads: it is only read while drawing. */
typedef struct zg_map_layers zg_map_layers;

/* Read the layers of run r->run_id and opts' districts; *out is NULL on
 * failure. Caller frees with zg_map_layers_free (NULL is fine). */
zg_status zg_map_layers_load(zg_ctx *ctx, zg_rdb *r, const zg_map_opts *opts,
                             zg_map_layers **out);
void zg_map_layers_free(zg_map_layers *ml);

/* zg_render_map drawing `ml` (borrowed; loaded from the same database,
 * run and districts as opts name), or reading them itself when NULL. */
zg_status zg_map_render_layers(zg_ctx *ctx, const char *results_sqlite,
                               const zg_map_layers *ml, const char *path,
                               unsigned flags, const zg_map_opts *opts);

/* ---- the map as SVG in memory ------------------------------------------ */

/* Draw the map of an open results database as an SVG document appended
 * to `svg` (cairo's SVG surface, XML declaration included); from `ml`
 * (borrowed, as for zg_map_render_layers) or, when NULL, from r. */
zg_status zg_map_svg(zg_ctx *ctx, zg_rdb *r, const zg_map_layers *ml,
                     const zg_map_opts *opts, zg_sbuf *svg);

/* zg_write_report_opts with its map drawn from `ml` (borrowed, as for
 * zg_map_render_layers with ro->map), or read again when NULL. */
zg_status zg_report_write_layers(zg_ctx *ctx, const char *results_sqlite,
                                 const zg_map_layers *ml, const char *path,
                                 unsigned flags, const zg_report_opts *ro);

/* The same report in two halves, so that run writes the page beside its
 * maps and draws the report's map only once they are done (the ids cairo
 * gives surfaces count those made before, and the SVG shows one):
 * zg_report_begin writes the page but its map (any thread; the database
 * is opened then), zg_report_end draws the map from `ml` into its place
 * and writes `path` (ZG_OUTPUT_* flags), on the caller's context, and
 * frees the job in every case. zg_report_job_free drops a job that will
 * not be ended (NULL is fine). */
typedef struct zg_report_job zg_report_job;
zg_status zg_report_begin(zg_ctx *ctx, const char *results_sqlite,
                          const zg_report_opts *ro, zg_report_job **job);
zg_status zg_report_end(zg_ctx *ctx, zg_report_job *job,
                        const zg_map_layers *ml, const char *path,
                        unsigned flags);
void zg_report_job_free(zg_report_job *job);

#endif
