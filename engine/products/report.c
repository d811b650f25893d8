/* SPDX-License-Identifier: MIT
 *
 * report.c: the planner's report of a results database: one HTML5 file
 * that stands alone (inline CSS, the map as inline SVG, no script, no
 * font, image or style fetched from anywhere), in Vietnamese or English:
 * the provenance of the run, the overview map, a table per analysis
 * present, and the data-quality log. It prints on A4.
 *
 * Every value that comes from the database reaches the page through one
 * function, esc(), which escapes & < > " ' and repairs what would break
 * the page (ill-formed UTF-8, control characters). Cluster names, file
 * paths and QA messages are data typed by people we do not know; raw()
 * is kept for this file's own markup and nothing else, and numbers are
 * formatted by us with printf. Table and column names in the SQL are
 * this file's constants, never values read from the database.
 *
 * Numbers and dates are written as each language writes them: in
 * Vietnamese with a decimal comma and a thousands dot (1.234,56 ha) and
 * dates dd/mm/yyyy, in English as before (1234.56, yyyy-mm-dd). The
 * database and the CSV files keep the decimal point; the Vietnamese
 * report says so once, in its notes, so that a planner checking one
 * against the other knows which is which. Rule details and the
 * data-quality log are stored as the engine wrote them (English, decimal
 * point) and put into Vietnamese here, when the page is written
 * (report_vi.c), their values kept.
 */
#include "products_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The tables the report looks rows up in by key, each copied once into
 * an indexed TEMP table (zg_rdb_keyed_copy) when a section first needs
 * it. A lookup on the run views is a scan of the whole table (they can
 * have no index), which made the report grow with the square of the
 * clusters: a cluster's name for every row of the composition, a zone's
 * housing at every date. Each copy is in the order of the table's
 * rowid, as a scan of the view reads it, so that where several rows have
 * one key the first found is the one a scan found first, and sums over
 * them add in the same order: the report's bytes do not change. */
typedef enum lookup_id {
    LK_CLUSTERS,  /* a cluster's name by id */
    LK_ENCROACH,  /* housing by cluster, zone and date */
    LK_NEW,       /* housing built by cluster and zone */
    LK_LOST,      /* housing removed by cluster and zone */
    LK_PROPOSALS, /* a proposal's name and verdict by id */
    LK_CHECKS,    /* a proposal's rules, in order */
    LK_N
} lookup_id;

static const struct {
    const char *name, *select, *key;
} LOOKUPS[LK_N] = {
    {"zg_report_clusters", "SELECT id, name FROM clusters ORDER BY fid",
     "id"},
    {"zg_report_encroachment", "SELECT pk, cluster_id, zone, epoch, "
     "zone_ha, residential_ha FROM encroachment ORDER BY pk",
     "cluster_id, zone, epoch"},
    {"zg_report_new", "SELECT cluster_id, zone, new_ha FROM "
     "encroachment_new ORDER BY pk", "cluster_id, zone"},
    {"zg_report_lost", "SELECT cluster_id, zone, lost_ha FROM "
     "encroachment_lost ORDER BY pk", "cluster_id, zone"},
    {"zg_report_proposals", "SELECT proposal_id, name, verdict FROM "
     "proposals ORDER BY fid", "proposal_id"},
    {"zg_report_checks", "SELECT * FROM proposal_checks ORDER BY pk",
     "proposal_id, pk"},
};

/* Whether a column holds a value, asked once per table and column. */
#define MAX_USED 32
typedef struct used_memo {
    const char *table, *col; /* this file's constants */
    bool used;
} used_memo;

typedef struct rpt {
    zg_ctx *ctx;
    zg_rdb *db;
    zg_sbuf out;
    bool en;
    zg_status st; /* first failure other than memory (out.failed) */
    char date[32];
    const zg_map_opts *mo; /* the map's title and boundaries; borrowed */
    const zg_map_layers *map_layers; /* NULL: the map reads its own */
    /* The map left out for now (zg_report_begin): where it goes in out. */
    bool map_later, map_pending;
    size_t map_at;
    bool lookup_ready[LK_N];
    used_memo used[MAX_USED];
    size_t nused;
    bool official;            /* Decree 30/2020 print layout */
    const char *issuing_body; /* borrowed; NULL: none */
    char run_date[32];        /* the run's start date, for the page foot */
    /* Paths are shown relative to this folder: the scenario's, or the
     * inputs' common one (then base_common); owned, NULL: none. Both
     * the folder as given and as realpath resolves it are tried. */
    char *base, *base_real;
    bool base_common;
    /* The next table's rows get an id: this prefix and their first
     * column (the anchors other pages link to); NULL: none. */
    const char *row_id;
    zg_housing hs; /* housing per cluster, zone and date */
    bool hs_ready;
    const char *atlas_href;  /* NULL: no links to the atlas; borrowed */
    sqlite3_stmt *atlas_page; /* an id's page in it */
} rpt;

/* The text in the report's language; both are this file's literals. */
#define TR(r, s_vi, s_en) ((r)->en ? (s_en) : (s_vi))

/* This file's own markup. Never data. */
static void raw(rpt *r, const char *s)
{
    zg_sbuf_add(&r->out, s);
}

/* THE way data reaches the page (zg_sbuf_add_escaped). */
static void esc(rpt *r, const char *s)
{
    zg_sbuf_add_escaped(&r->out, s);
}

static void esc_col(rpt *r, sqlite3_stmt *s, int i)
{
    esc(r, (const char *)sqlite3_column_text(s, i));
}

/* A number with `dec` decimals into buf ("—" when not finite). With
 * `keep_small`, a value that would print as zero but is not shows two
 * significant digits, so that 0.003 ha of housing inside a cluster never
 * reads as none. Returns what to print (buf, or past its sign). */
static const char *fmt_num(char buf[64], double v, int dec, bool keep_small)
{
    if (!isfinite(v))
        return "—";
    snprintf(buf, 64, "%.*f", dec, v);
    /* Down to 1e-4 (1 m² when in ha): below that it is the noise of an
     * overlay along a shared edge, not a figure. */
    if (keep_small && strtod(buf, NULL) == 0 && fabs(v) >= 1e-4) {
        int d = (int)ceil(-log10(fabs(v))) + 1;
        snprintf(buf, 64, "%.*f", d, v);
    }
    /* A negative value that rounds to zero would print as "-0.00". */
    return buf[0] == '-' && strtod(buf, NULL) == 0 ? buf + 1 : buf;
}

/* A number printf wrote ("-1234.56") as the report's language writes
 * it: unchanged in English, "-1.234,56" in Vietnamese. */
static void put_numtext(rpt *r, const char *s)
{
    if (r->en) {
        raw(r, s);
        return;
    }
    char buf[96];
    zg_vi_number(s, buf, sizeof buf);
    raw(r, buf);
}

static void num_ex(rpt *r, double v, int dec, bool keep_small)
{
    char buf[64];
    put_numtext(r, fmt_num(buf, v, dec, keep_small));
}

static void num_int(rpt *r, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    put_numtext(r, buf);
}

/* Text the engine wrote, with numbers in it (a rule's detail, a QA
 * message): in Vietnamese its fixed English phrases translated and its
 * decimals written the Vietnamese way; the values themselves kept. */
static void esc_prose(rpt *r, const char *s, bool qa)
{
    if (r->en || !s) {
        esc(r, s);
        return;
    }
    char *t = qa ? zg_vi_qa_message(r->ctx, s) : NULL;
    if (qa && !t) {
        r->out.failed = true;
        return;
    }
    char *u = zg_vi_numbers_in_text(r->ctx, t ? t : s);
    if (!u)
        r->out.failed = true;
    else
        esc(r, u);
    zg_free(r->ctx, u);
    zg_free(r->ctx, t);
}

/* A rule's threshold as stored ("0.0001", "10..75"): as it is in
 * English; in Vietnamese its numbers with a decimal comma and a range
 * with a dash ("10–75"), not the rules file's "..". */
static void put_threshold(rpt *r, const char *t)
{
    const char *dots = t ? strstr(t, "..") : NULL;
    char a[64], b[96];
    if (r->en || !t || strlen(t) >= sizeof a) {
        esc(r, t);
        return;
    }
    if (dots) {
        snprintf(a, sizeof a, "%.*s", (int)(dots - t), t);
        zg_vi_number(a, b, sizeof b);
        esc(r, b);
        raw(r, "–");
        zg_vi_number(dots + 2, b, sizeof b);
        esc(r, b);
        return;
    }
    zg_vi_number(t, b, sizeof b);
    esc(r, b);
}

/* A UTC time stored as ISO 8601 ("2026-12-07T05:31:37Z") as the
 * report's language writes it: as stored in English, "07/12/2026
 * 05:31:37" in Vietnamese. Anything else is shown as it is. */
static void put_time(rpt *r, const char *iso)
{
    int y, mo, d, h = 0, mi = 0, se = 0, n = 0;
    if (!r->en && iso &&
        (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &se,
                &n) == 6 || sscanf(iso, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3)
        && iso[n] == '\0') {
        if (strchr(iso, 'T'))
            zg_sbuf_addf(&r->out, "%02d/%02d/%04d %02d:%02d:%02d", d, mo, y,
                         h, mi, se);
        else
            zg_sbuf_addf(&r->out, "%02d/%02d/%04d", d, mo, y);
        return;
    }
    esc(r, iso);
}

static void num(rpt *r, double v, int dec)
{
    num_ex(r, v, dec, true);
}

static void fail_sql(rpt *r)
{
    if (!r->st)
        r->st = zg_fail(r->ctx, ZG_ERR_INPUT, "cannot read the results "
                        "database: %s (%s)", sqlite3_errmsg(r->db->db),
                        r->db->path);
}

static sqlite3_stmt *prep(rpt *r, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (r->st)
        return NULL;
    if (sqlite3_prepare_v2(r->db->db, sql, -1, &s, NULL) != SQLITE_OK) {
        fail_sql(r);
        return NULL;
    }
    return s;
}

/* The name of lookup table `id`, made on first use; NULL after a
 * failure (recorded in r->st). */
static const char *lookup(rpt *r, lookup_id id)
{
    if (r->st)
        return NULL;
    if (!r->lookup_ready[id]) {
        r->st = zg_rdb_keyed_copy(r->db, LOOKUPS[id].name,
                                  LOOKUPS[id].select, LOOKUPS[id].key);
        if (r->st)
            return NULL;
        r->lookup_ready[id] = true;
    }
    return LOOKUPS[id].name;
}

/* The housing series, read on first use; NULL after a failure. */
static const zg_housing *housing(rpt *r)
{
    if (r->st)
        return NULL;
    if (!r->hs_ready) {
        r->st = zg_report_housing_series(r->db, &r->hs);
        if (r->st)
            return NULL;
        r->hs_ready = true;
    }
    return &r->hs;
}

/* ---- tables ------------------------------------------------------------ */

typedef enum col_kind {
    K_TEXT,    /* escaped text */
    K_DETAIL,  /* a rule's detail: text with numbers */
    K_QA,      /* a QA message: text with numbers, fixed phrases */
    K_THRESH,  /* a rule's threshold: a number or a range lo..hi */
    K_CODE,    /* an id: escaped text, monospace, not broken */
    K_PATH,    /* a file or a hash: monospace, broken anywhere */
    K_FILE,    /* a file: as K_PATH, relative to r->base */
    K_HA,      /* hectares, 2 decimals */
    K_PCT,     /* percent, 1 decimal */
    K_M,       /* metres, 1 decimal */
    K_DIST,    /* "metres|where" (DIST_EXPR): metres, and when the housing
                  only touches the boundary, say so */
    K_M2,      /* square metres, 1 decimal */
    K_NUM,     /* a rule's value, 2 decimals */
    K_INT,
    K_BOOL,    /* 1/0 as yes/no */
    K_VERDICT, /* pass/warn/fail/skipped as a coloured word */
    K_ZONE,    /* inside, ring_A_B */
    K_ROLE,    /* a land-use role of the code table */
    K_KIND     /* kind of proposal evidence */
} col_kind;

typedef struct rcol {
    const char *expr; /* SQL expression: this file's constant */
    const char *vi, *en;
    col_kind kind;
    const char *need; /* a column of the main table that must exist and
                         hold a value for this one to show; NULL: none */
    bool sum;         /* add a total at the foot */
} rcol;

#define MAX_COLS 24

/* A distance and where its housing is, for K_DIST (databases of earlier
 * versions have the distance only, shown as K_M). */
#define DIST_EXPR(d, w)                                                    \
    "CASE WHEN " d " IS NULL THEN NULL ELSE printf('%.17g|%s', " d ", "    \
    "coalesce(" w ", '')) END"

static void put_verdict(rpt *r, const char *v)
{
    static const char *const V[][3] = {
        {"pass", "Đạt", "Pass"},
        {"warn", "Cảnh báo", "Warning"},
        {"fail", "Không đạt", "Fail"},
        {"skipped", "Chưa đánh giá", "Not assessed"},
        {"n/a", "Không áp dụng", "Not applicable"}};
    for (size_t i = 0; v && i < sizeof V / sizeof V[0]; i++) {
        if (strcmp(v, V[i][0]) == 0) {
            raw(r, "<span class=\"v v-");
            raw(r, i == 4 ? "na" : V[i][0]);
            raw(r, "\">");
            raw(r, r->en ? V[i][2] : V[i][1]);
            raw(r, "</span>");
            return;
        }
    }
    raw(r, "<span class=\"v\">");
    esc(r, v);
    raw(r, "</span>");
}

/* "inside" and "ring_A_B" (metres) in words; anything else as it is. */
static void put_zone(rpt *r, const char *z)
{
    if (z && strcmp(z, "inside") == 0) {
        raw(r, TR(r, "Bên trong cụm", "Inside the cluster"));
        return;
    }
    const char *a = z && strncmp(z, "ring_", 5) == 0 ? z + 5 : NULL;
    const char *us = a ? strchr(a, '_') : NULL;
    if (!us) {
        esc(r, z);
        return;
    }
    char lo[32];
    snprintf(lo, sizeof lo, "%.*s", (int)(us - a), a);
    raw(r, TR(r, "Vành ", "Ring "));
    esc(r, lo);
    raw(r, "–");
    esc(r, us + 1);
    raw(r, " m");
}

static void put_kind(rpt *r, const char *k)
{
    const char *w = zg_evidence_kind(k, r->en);
    if (w)
        raw(r, w);
    else
        esc(r, k);
}

/* The roles of docs/domain.md's code tables, in the planner's words. */
static void put_role(rpt *r, const char *k)
{
    static const char *const K[][3] = {
        {"residential", "Đất ở", "Residential"},
        {"protected_agri", "Đất lúa được bảo vệ", "Protected farmland"},
        {"agri", "Đất nông nghiệp", "Farmland"},
        {"industrial", "Đất công nghiệp", "Industrial"},
        {"water", "Mặt nước", "Water"},
        {"infrastructure", "Hạ tầng", "Infrastructure"},
        {"sensitive", "Đất nhạy cảm", "Sensitive"},
        {"unused", "Đất chưa sử dụng", "Unused"},
        {"other", "Khác", "Other"},
        {"unknown", "Mã không có trong bảng", "Code not in the table"},
        {"none", "Không có thửa đất", "No parcel"}};
    for (size_t i = 0; k && i < sizeof K / sizeof K[0]; i++) {
        if (strcmp(k, K[i][0]) == 0) {
            raw(r, r->en ? K[i][2] : K[i][1]);
            return;
        }
    }
    esc(r, k);
}

/* ---- paths, relative to the scenario's folder -------------------------- */

/* `path` past a GDAL virtual prefix ("/vsizip/" of "/vsizip//a/b.zip/c"
 * is dropped: "/a/b.zip/c"), so that the folder test sees the file. */
static const char *past_vsi(const char *path)
{
    if (strncmp(path, "/vsi", 4) == 0) {
        const char *sl = strchr(path + 1, '/');
        if (sl)
            return sl + 1;
    }
    return path;
}

/* Append `p` as seen from folder `dir`: the part below it, or with a
 * "../" for each of up to two levels back to the folder both share
 * ("a/c/x" from "a/b" is "../c/x"). False, appending nothing, when they
 * share no folder but the root or lie further apart: such a path is
 * shown as recorded. */
static bool rel_from(zg_sbuf *b, const char *p, const char *dir)
{
    if (!dir || !*dir || (*p == '/') != (*dir == '/'))
        return false;
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (strncmp(p, dir, n) == 0 && p[n] == '/') {
        zg_sbuf_add(b, p + n + 1);
        return true;
    }
    size_t common = 0; /* the '/' that ends the shared folder */
    for (size_t i = 1; i < n && dir[i - 1] != '\0'; i++) {
        if (dir[i] != '/')
            continue;
        if (strncmp(p, dir, i + 1) != 0)
            break;
        common = i;
    }
    if (common == 0)
        return false;
    int up = 1;
    for (size_t i = common + 1; i < n; i++)
        up += dir[i] == '/';
    if (up > 2)
        return false;
    for (int k = 0; k < up; k++)
        zg_sbuf_add(b, "../");
    zg_sbuf_add(b, p + common + 1);
    return true;
}

/* A file as the report shows it: relative to r->base (as given, or as
 * realpath resolved it), else as recorded. */
static void put_file(rpt *r, const char *path)
{
    if (!path)
        return;
    const char *p = past_vsi(path);
    zg_sbuf b;
    zg_sbuf_init(&b, r->ctx);
    if (rel_from(&b, p, r->base) || rel_from(&b, p, r->base_real))
        esc(r, b.s ? b.s : "");
    else
        esc(r, path);
    if (b.failed)
        r->out.failed = true;
    zg_sbuf_free(&b);
}

/* The run's options ("codes=/a/b.csv rules=..."): each value that is an
 * absolute path shown as put_file shows a file. */
static void put_options(rpt *r, const char *s)
{
    if (!s)
        return;
    while (*s) {
        size_t n = strcspn(s, " ");
        char *tok = zg_malloc(r->ctx, n + 1);
        if (!tok) {
            r->out.failed = true;
            return;
        }
        memcpy(tok, s, n);
        tok[n] = '\0';
        char *eq = strchr(tok, '=');
        if (eq && eq[1] == '/') {
            eq[0] = '\0';
            esc(r, tok);
            raw(r, "=");
            put_file(r, eq + 1);
        } else {
            esc(r, tok);
        }
        zg_free(r->ctx, tok);
        for (s += n; *s == ' '; s++)
            raw(r, " ");
    }
}

/* An id; a cluster's or proposal's links to its page of the atlas. */
static void put_code(rpt *r, const char *t)
{
    sqlite3_stmt *a = r->atlas_page;
    bool page = false;
    if (a) {
        sqlite3_reset(a);
        sqlite3_bind_text(a, 1, t, -1, SQLITE_TRANSIENT);
        page = sqlite3_step(a) == SQLITE_ROW;
    }
    if (page) {
        raw(r, "<a href=\"");
        esc(r, r->atlas_href);
        zg_sbuf_addf(&r->out, "#page=%d\">", sqlite3_column_int(a, 0));
    }
    esc(r, t);
    if (page)
        raw(r, "</a>");
}

static void put_cell(rpt *r, sqlite3_stmt *s, int i, col_kind k, double *sum)
{
    if (sqlite3_column_type(s, i) == SQLITE_NULL) {
        raw(r, "<td class=\"na\">—</td>");
        return;
    }
    double v = sqlite3_column_double(s, i);
    const char *t = (const char *)sqlite3_column_text(s, i);
    switch (k) {
    case K_TEXT: raw(r, "<td>"); esc(r, t); break;
    case K_DETAIL: raw(r, "<td>"); esc_prose(r, t, false); break;
    case K_QA: raw(r, "<td>"); esc_prose(r, t, true); break;
    case K_THRESH: raw(r, "<td class=\"nw\">"); put_threshold(r, t); break;
    case K_CODE:
        raw(r, "<td class=\"id\">");
        put_code(r, t);
        break;
    case K_PATH: raw(r, "<td class=\"path\">"); esc(r, t); break;
    case K_FILE: raw(r, "<td class=\"path\">"); put_file(r, t); break;
    case K_HA: raw(r, "<td class=\"n\">"); num(r, v, 2); break;
    case K_PCT:
    case K_M:
    case K_M2: raw(r, "<td class=\"n\">"); num_ex(r, v, 1, false); break;
    case K_DIST: {
        const char *bar = strchr(t, '|');
        raw(r, "<td class=\"n\">");
        num_ex(r, strtod(t, NULL), 1, false);
        if (bar && strcmp(bar + 1, "touches the boundary") == 0)
            raw(r, TR(r, " (chạm ranh giới)", " (touches the boundary)"));
        v = NAN; /* never summed */
        break;
    }
    case K_NUM: raw(r, "<td class=\"n\">"); num(r, v, 2); break;
    case K_INT:
        raw(r, "<td class=\"n\">");
        num_int(r, (long long)sqlite3_column_int64(s, i));
        break;
    case K_BOOL:
        raw(r, "<td>");
        raw(r, sqlite3_column_int64(s, i) ? TR(r, "có", "yes")
                                          : TR(r, "không", "no"));
        break;
    case K_VERDICT: raw(r, "<td>"); put_verdict(r, t); break;
    case K_ZONE: raw(r, "<td class=\"nw\">"); put_zone(r, t); break;
    case K_KIND: raw(r, "<td>"); put_kind(r, t); break;
    case K_ROLE: raw(r, "<td>"); put_role(r, t); break;
    }
    raw(r, "</td>");
    if (sum && isfinite(v))
        *sum += v;
}

/* True when `col` of `table` exists and holds at least one value:
 * declared_ha without --declared-field is a column of NULLs, and an
 * empty column only pushes the others off an A4 page. */
static bool column_holds(rpt *r, const char *table, const char *col)
{
    if (!zg_rdb_has_column(r->db, table, col))
        return false;
    /* Quoted with %w all the same: these are this file's constants today,
     * and an identifier must never depend on that staying true. */
    char *q = sqlite3_mprintf("SELECT EXISTS (SELECT 1 FROM \"%w\" WHERE "
                              "\"%w\" IS NOT NULL)", table, col);
    double v = q ? zg_rdb_number(r->db, q) : NAN;
    if (!q)
        r->out.failed = true;
    sqlite3_free(q);
    return v == 1;
}

static bool column_used(rpt *r, const char *table, const char *col)
{
    /* A table shown once per proposal would be scanned once per proposal
     * for a column that holds nothing. */
    for (size_t i = 0; i < r->nused; i++)
        if (strcmp(r->used[i].table, table) == 0 &&
            strcmp(r->used[i].col, col) == 0)
            return r->used[i].used;
    bool used = column_holds(r, table, col);
    if (r->nused < MAX_USED)
        r->used[r->nused++] = (used_memo){table, col, used};
    return used;
}

typedef struct rbind {
    const char *text; /* bound to ?1 when not NULL */
    sqlite3_int64 i;  /* bound to ?1 otherwise */
} rbind;

/* A table: SELECT <exprs> FROM <from> <tail>, with the columns whose
 * `need` is missing left out, a total row when a column asks for one,
 * and a line saying so when there is no row. */
static void put_table(rpt *r, const char *table, const char *from,
                      const char *tail, const rbind *b, const rcol *cols,
                      size_t ncols)
{
    bool use[MAX_COLS];
    double sums[MAX_COLS] = {0};
    bool any_sum = false;
    if (ncols > MAX_COLS)
        ncols = MAX_COLS;
    zg_sbuf q;
    zg_sbuf_init(&q, r->ctx);
    zg_sbuf_add(&q, "SELECT ");
    int nused = 0;
    for (size_t c = 0; c < ncols; c++) {
        use[c] = !cols[c].need || column_used(r, table, cols[c].need);
        if (!use[c])
            continue;
        zg_sbuf_addf(&q, "%s%s", nused++ ? ", " : "", cols[c].expr);
        any_sum |= cols[c].sum;
    }
    zg_sbuf_addf(&q, " FROM %s %s", from, tail ? tail : "");
    sqlite3_stmt *s = q.failed ? NULL : prep(r, q.s);
    if (q.failed)
        r->out.failed = true;
    zg_sbuf_free(&q);
    if (!s)
        return;
    if (b && b->text)
        sqlite3_bind_text(s, 1, b->text, -1, SQLITE_TRANSIENT);
    else if (b)
        sqlite3_bind_int64(s, 1, b->i);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        if (rc != SQLITE_DONE)
            fail_sql(r);
        raw(r, "<p class=\"empty\">");
        raw(r, TR(r, "Không có dòng nào.", "No rows."));
        raw(r, "</p>\n");
        sqlite3_finalize(s);
        return;
    }
    /* A table too wide for A4 portrait prints on landscape pages. */
    raw(r, nused >= 10 ? "<div class=\"tw wide\"><table>\n<thead><tr>"
                       : "<div class=\"tw\"><table>\n<thead><tr>");
    for (size_t c = 0; c < ncols; c++) {
        if (!use[c])
            continue;
        bool n = cols[c].kind >= K_HA && cols[c].kind <= K_INT;
        raw(r, n ? "<th class=\"n\">" : "<th>");
        raw(r, r->en ? cols[c].en : cols[c].vi);
        raw(r, "</th>");
    }
    raw(r, "</tr></thead>\n<tbody>\n");
    for (; rc == SQLITE_ROW; rc = sqlite3_step(s)) {
        if (r->row_id) {
            raw(r, "<tr id=\"");
            raw(r, r->row_id);
            esc_col(r, s, 0);
            raw(r, "\">");
        } else {
            raw(r, "<tr>");
        }
        int k = 0;
        for (size_t c = 0; c < ncols; c++) {
            if (!use[c])
                continue;
            put_cell(r, s, k++, cols[c].kind,
                     cols[c].sum ? &sums[c] : NULL);
        }
        raw(r, "</tr>\n");
    }
    if (rc != SQLITE_DONE)
        fail_sql(r);
    /* The total is the table's last body row, not a <tfoot>: printed, a
     * footer group repeats at the foot of every page the table spans. */
    if (any_sum) {
        raw(r, "<tr class=\"total\">");
        bool first = true;
        for (size_t c = 0; c < ncols; c++) {
            if (!use[c])
                continue;
            if (cols[c].sum) {
                raw(r, "<td class=\"n\">");
                num(r, sums[c], 2);
            } else {
                raw(r, "<td>");
                if (first)
                    raw(r, TR(r, "Tổng", "Total"));
            }
            raw(r, "</td>");
            first = false;
        }
        raw(r, "</tr>\n");
    }
    raw(r, "</tbody>\n</table></div>\n");
    sqlite3_finalize(s);
}

/* ---- sections ---------------------------------------------------------- */

static void h2(rpt *r, const char *id, int no, const char *vi,
               const char *en)
{
    raw(r, "<section id=\"");
    raw(r, id);
    raw(r, "\">\n<h2>");
    zg_sbuf_addf(&r->out, "%d. ", no);
    raw(r, TR(r, vi, en));
    raw(r, "</h2>\n");
}

static void h2_appendix(rpt *r, const char *id, int no, const char *vi,
                        const char *en)
{
    raw(r, "<section id=\"");
    raw(r, id);
    raw(r, "\" class=\"appendix\">\n<h2>");
    zg_sbuf_addf(&r->out, TR(r, "Phụ lục %c. ", "Appendix %c. "),
                 'A' + no % 26);
    raw(r, TR(r, vi, en));
    raw(r, "</h2>\n");
}

static void para(rpt *r, const char *vi, const char *en)
{
    raw(r, "<p>");
    raw(r, TR(r, vi, en));
    raw(r, "</p>\n");
}

static void sec_provenance(rpt *r)
{
    para(r, "Mỗi lần chạy zoneguard ghi lại phiên bản các thư viện, câu "
            "lệnh, tùy chọn và dấu SHA-256 của từng tệp đầu vào, để kết quả "
            "có thể được kiểm tra và chạy lại.",
         "Each zoneguard run records the versions of its libraries, the "
         "command, the options and the SHA-256 of every input file, so "
         "that the results can be checked and reproduced.");
    if (r->base) {
        const char *leaf = strrchr(r->base, '/');
        raw(r, "<p>");
        raw(r, r->base_common
                   ? TR(r, "Đường dẫn tệp tính từ thư mục chung của các tệp "
                           "đầu vào (",
                        "File paths are relative to the folder that holds "
                        "the inputs (")
                   : TR(r, "Đường dẫn tệp tính từ thư mục của kịch bản (",
                        "File paths are relative to the scenario's folder "
                        "("));
        raw(r, "<code>");
        esc(r, leaf ? leaf + 1 : r->base);
        raw(r, "/</code>).</p>\n");
    }
    if (r->db->nruns > 1) {
        raw(r, "<p>");
        zg_sbuf_addf(&r->out, TR(r, "Cơ sở dữ liệu này giữ %lld lần chạy "
                                    "(thêm bằng --append); báo cáo này trình "
                                    "bày lần chạy %lld. Lần khác: zoneguard "
                                    "report --run N.",
                                 "This database holds %lld runs (added with "
                                 "--append); this report shows run %lld. "
                                 "Another one: zoneguard report --run N."),
                     (long long)r->db->nruns, (long long)r->db->run_id);
        raw(r, "</p>\n");
    }
    sqlite3_stmt *s = prep(r, "SELECT run_id, zoneguard_version, "
                              "gdal_version, geos_version, proj_version, "
                              "sqlite_version, spatialite_version, command, "
                              "options, started_utc, ended_utc, "
                              "buffer_quad_segs FROM runs ORDER BY run_id");
    if (!s)
        return;
    static const rcol IN_COLS[] = {
        {"role", "Vai trò", "Role", K_TEXT, NULL, false},
        {"file", "Tệp", "File", K_FILE, NULL, false},
        {"layer", "Lớp", "Layer", K_TEXT, NULL, false},
        {"driver", "Định dạng", "Format", K_TEXT, NULL, false},
        {"crs", "Hệ tọa độ", "CRS", K_TEXT, NULL, false},
        {"encoding", "Bảng mã", "Encoding", K_TEXT, NULL, false},
        {"sha256", "SHA-256", "SHA-256", K_PATH, NULL, false},
        {"features_kept", "Đối tượng dùng", "Features kept", K_INT, NULL,
         false},
        {"features_skipped", "Bỏ qua", "Skipped", K_INT, NULL, false},
        {"features_repaired", "Đã sửa", "Repaired", K_INT, NULL, false}};
    bool has_inputs = zg_rdb_has_table(r->db, "run_inputs");
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        raw(r, "<h3>");
        raw(r, TR(r, "Lần chạy ", "Run "));
        zg_sbuf_addf(&r->out, "%lld", (long long)sqlite3_column_int64(s, 0));
        raw(r, "</h3>\n<dl class=\"kv\">\n<dt>");
        raw(r, TR(r, "Phiên bản", "Versions"));
        raw(r, "</dt><dd>zoneguard ");
        esc_col(r, s, 1);
        static const char *const LIBS[] = {"GDAL", "GEOS", "PROJ", "SQLite",
                                           "SpatiaLite"};
        for (int i = 0; i < 5; i++) {
            raw(r, " · ");
            raw(r, LIBS[i]);
            raw(r, " ");
            esc_col(r, s, 2 + i);
        }
        raw(r, "</dd>\n<dt>");
        raw(r, TR(r, "Câu lệnh", "Command"));
        raw(r, "</dt><dd><code>");
        esc_col(r, s, 7);
        raw(r, "</code></dd>\n<dt>");
        raw(r, TR(r, "Tùy chọn", "Options"));
        raw(r, "</dt><dd>");
        put_options(r, (const char *)sqlite3_column_text(s, 8));
        raw(r, "</dd>\n<dt>");
        raw(r, TR(r, "Bắt đầu / kết thúc (UTC)", "Started / ended (UTC)"));
        raw(r, "</dt><dd>");
        put_time(r, (const char *)sqlite3_column_text(s, 9));
        raw(r, " / ");
        put_time(r, (const char *)sqlite3_column_text(s, 10));
        raw(r, "</dd>\n<dt>");
        raw(r, TR(r, "Số đoạn trên một phần tư cung tròn của vùng đệm",
                  "Buffer segments per quarter circle"));
        raw(r, "</dt><dd>");
        zg_sbuf_addf(&r->out, "%lld",
                     (long long)sqlite3_column_int64(s, 11));
        raw(r, "</dd>\n</dl>\n");
        if (has_inputs) {
            raw(r, "<h4>");
            raw(r, TR(r, "Dữ liệu đầu vào", "Inputs"));
            raw(r, "</h4>\n");
            rbind b = {NULL, sqlite3_column_int64(s, 0)};
            /* The same file recorded twice in a run (an input that
             * several analyses read) is one fact: listed once. */
            put_table(r, "run_inputs", "run_inputs", "WHERE run_id = ?1 "
                      "GROUP BY role, file, layer, driver, crs, encoding, "
                      "sha256, features_kept, features_skipped, "
                      "features_repaired ORDER BY min(rowid)", &b, IN_COLS,
                      sizeof IN_COLS / sizeof IN_COLS[0]);
        }
    }
    if (rc != SQLITE_DONE)
        fail_sql(r);
    sqlite3_finalize(s);
}

/* The <svg> element of cairo's document, made fit for inlining in HTML:
 * no XML declaration, no namespace attributes (the HTML parser puts
 * <svg> in the SVG namespace by itself, and the page then holds no URL
 * at all), no fixed size (it takes the page's width, the viewBox keeps
 * its shape). */
static void put_svg(rpt *r, const char *svg, const char *label)
{
    const char *p = svg ? strstr(svg, "<svg") : NULL;
    const char *end = p ? strchr(p, '>') : NULL;
    if (!end) {
        if (!r->st)
            r->st = zg_fail(r->ctx, ZG_ERR_INTERNAL, "cairo wrote no <svg> "
                            "element");
        return;
    }
    raw(r, "<svg");
    const char *q = p + 4;
    for (;;) {
        while (q < end && (*q == ' ' || *q == '\n' || *q == '\t'))
            q++;
        const char *name = q;
        while (q < end && *q != '=' && *q != ' ' && *q != '/')
            q++;
        if (q >= end || *q != '=' || q[1] != '"')
            break;
        size_t nlen = (size_t)(q - name);
        const char *val = q + 2;
        const char *close = memchr(val, '"', (size_t)(end - val));
        if (!close)
            break;
        q = close + 1;
        static const char *const DROP[] = {"xmlns", "xmlns:xlink", "width",
                                           "height"};
        bool drop = false;
        for (size_t i = 0; i < 4; i++)
            drop |= nlen == strlen(DROP[i]) &&
                    strncmp(name, DROP[i], nlen) == 0;
        if (drop)
            continue;
        /* cairo's own attributes (viewBox, version): numbers. */
        zg_sbuf_addn(&r->out, " ", 1);
        zg_sbuf_addn(&r->out, name, (size_t)(close + 1 - name));
    }
    raw(r, " class=\"map\" role=\"img\" aria-label=\"");
    esc(r, label);
    raw(r, "\">");
    zg_sbuf_add(&r->out, end + 1);
}

static void sec_map(rpt *r)
{
    if (r->map_later) {
        r->map_pending = true;
        r->map_at = r->out.len;
        return;
    }
    /* The map map.png shows: the same title, boundaries and legend. */
    const zg_map_opts *o = r->mo;
    const char *title = o && o->title ? o->title
                        : r->en       ? "Industrial clusters of Hà Nội"
                                      : "Cụm công nghiệp Hà Nội";
    zg_map_opts mo = {title, r->en ? "en" : "vi", o ? o->districts : NULL,
                      ZG_PAGE_A4, r->date,
                      o ? o->districts_encoding : NULL, r->db->run_id,
                      o ? o->boundaries_label : NULL};
    zg_sbuf svg;
    zg_sbuf_init(&svg, r->ctx);
    zg_status st = zg_map_svg(r->ctx, r->db, r->map_layers, &mo, &svg);
    if (st) {
        if (!r->st)
            r->st = st;
        zg_sbuf_free(&svg);
        return;
    }
    raw(r, "<figure>\n");
    put_svg(r, svg.s, title);
    zg_sbuf_free(&svg);
    raw(r, "<figcaption><strong>");
    esc(r, title);
    raw(r, "</strong>. ");
    if (o && o->districts) {
        raw(r, TR(r, "Lớp ranh giới: ", "Boundaries layer: "));
        esc(r, o->boundaries_label ? o->boundaries_label
                                   : TR(r, "Ranh giới hành chính",
                                        "Administrative boundaries"));
        raw(r, ". ");
    }
    raw(r, TR(r, "Bản đồ tổng quan các lớp kết quả có trong cơ sở dữ liệu. "
                 "Chú giải, hướng bắc và thước tỷ lệ ở bên phải.",
              "Overview of the result layers in the database. Legend, "
              "north arrow and scale bar on the right."));
    raw(r, "</figcaption>\n</figure>\n");
}

static void sec_clusters(rpt *r)
{
    para(r, "Diện tích elipxoit là diện tích thật trên elipxoit WGS 84 "
            "(cũng là elipxoit của VN-2000); diện tích trên mặt phẳng là "
            "diện tích trong lưới chiếu chính thức VN-2000 TM-3.",
         "The ellipsoidal area is the true area on the WGS 84 ellipsoid "
         "(VN-2000's too); the plane area is measured in the official "
         "VN-2000 TM-3 plane.");
    static const rcol C[] = {
        {"id", "Mã", "Id", K_CODE, NULL, false},
        {"name", "Tên", "Name", K_TEXT, NULL, false},
        {"huyen", "Quận, huyện", "District", K_TEXT, "huyen", false},
        {"trang_thai", "Trạng thái", "Status", K_TEXT, "trang_thai", false},
        {"area_ha", "Diện tích elipxoit (ha)", "Ellipsoidal area (ha)", K_HA,
         NULL, true},
        {"area_plane_ha", "Diện tích trên mặt phẳng (ha)", "Plane area (ha)",
         K_HA, "area_plane_ha", true},
        {"declared_ha", "Diện tích công bố (ha)", "Declared area (ha)", K_HA,
         "declared_ha", true},
        {"declared_diff_pct", "Chênh lệch so với công bố (%)",
         "Difference from declared (%)", K_PCT, "declared_diff_pct", false},
        {"repaired", "Hình học đã sửa", "Geometry repaired", K_BOOL,
         "repaired", false},
        {"overlap_count", "Số chồng lấn", "Overlaps", K_INT, "overlap_count",
         false},
        {"resid_inside_ha", "Nhà ở bên trong (ha)", "Housing inside (ha)",
         K_HA, "resid_inside_ha", true},
        {"resid_new_inside_ha", "Nhà ở mới bên trong (ha)",
         "New housing inside (ha)", K_HA, "resid_new_inside_ha", true},
        {"nearest_residential_m", "Khoảng cách tới nhà ở gần nhất (m)",
         "Distance to the nearest housing (m)", K_M, "nearest_residential_m",
         false}};
    rcol Cd[sizeof C / sizeof C[0]];
    memcpy(Cd, C, sizeof C);
    if (zg_rdb_has_column(r->db, "clusters", "nearest_residential_where")) {
        Cd[sizeof C / sizeof C[0] - 1].expr = DIST_EXPR(
            "nearest_residential_m", "nearest_residential_where");
        Cd[sizeof C / sizeof C[0] - 1].kind = K_DIST;
    }
    r->row_id = "cluster-"; /* the atlas and the summary link here */
    put_table(r, "clusters", "clusters", "ORDER BY fid", NULL, Cd,
              sizeof C / sizeof C[0]);
    r->row_id = NULL;
}

static void sec_overlaps(rpt *r)
{
    para(r, "Các cặp cụm có phần bên trong chồng lên nhau (chạm ranh giới "
            "không tính là chồng lấn); tỷ lệ là phần trăm diện tích của mỗi "
            "cụm.",
         "Pairs of clusters whose interiors overlap (touching boundaries do "
         "not count); shares are percentages of each cluster's area.");
    bool cl = zg_rdb_has_table(r->db, "clusters") && lookup(r, LK_CLUSTERS);
    rcol C[] = {
        {"o.id_a", "Cụm A", "Cluster A", K_CODE, NULL, false},
        {cl ? "(SELECT name FROM zg_report_clusters WHERE id = o.id_a "
              "LIMIT 1)"
            : "NULL", "Tên cụm A", "Name of A", K_TEXT, NULL, false},
        {"o.id_b", "Cụm B", "Cluster B", K_CODE, NULL, false},
        {cl ? "(SELECT name FROM zg_report_clusters WHERE id = o.id_b "
              "LIMIT 1)"
            : "NULL", "Tên cụm B", "Name of B", K_TEXT, NULL, false},
        {"o.overlap_ha", "Diện tích chồng lấn (ha)", "Overlap (ha)", K_HA,
         NULL, true},
        {"o.share_a_pct", "Tỷ lệ của A (%)", "Share of A (%)", K_PCT, NULL,
         false},
        {"o.share_b_pct", "Tỷ lệ của B (%)", "Share of B (%)", K_PCT, NULL,
         false}};
    put_table(r, "cluster_overlaps", "cluster_overlaps o", "ORDER BY o.pk",
              NULL, C, sizeof C / sizeof C[0]);
    if (zg_rdb_has_table(r->db, "cluster_overlap_slivers")) {
        double n = zg_rdb_number(r->db, "SELECT count(*) FROM "
                                        "cluster_overlap_slivers");
        double m2 = zg_rdb_number(r->db, "SELECT total(overlap_ha) * 1e4 "
                                         "FROM cluster_overlap_slivers");
        if (n > 0) {
            raw(r, "<p>");
            num(r, n, 0);
            raw(r, TR(r, " mảnh chồng lấn rất nhỏ (tổng ",
                      " sliver overlaps (in all "));
            num(r, m2, 2);
            raw(r, TR(r, " m²), dưới ngưỡng, được ghi riêng trong bảng "
                         "cluster_overlap_slivers.</p>\n",
                      " m²), below the threshold, are kept apart in the "
                      "table cluster_overlap_slivers.</p>\n"));
        }
    }
}

static void sec_landuse(rpt *r)
{
    para(r, "Cơ cấu sử dụng đất trong mỗi cụm, theo mã loại đất; NONE là "
            "phần không có thửa đất nào phủ.",
         "Land use inside each cluster by land-use code; NONE is the part "
         "no parcel covers.");
    bool cl = zg_rdb_has_table(r->db, "clusters") && lookup(r, LK_CLUSTERS);
    rcol C[] = {
        {"l.cluster_id", "Mã cụm", "Cluster", K_CODE, NULL, false},
        {cl ? "(SELECT name FROM zg_report_clusters WHERE id = "
              "l.cluster_id LIMIT 1)"
            : "NULL", "Tên cụm", "Cluster name", K_TEXT, NULL, false},
        {"l.code", "Mã loại đất", "Land-use code", K_CODE, NULL, false},
        {r->en ? "l.name_en" : "l.name_vi", "Loại đất", "Land use", K_TEXT,
         r->en ? "name_en" : "name_vi", false},
        {"l.role", "Nhóm", "Role", K_ROLE, NULL, false},
        {"l.area_ha", "Diện tích (ha)", "Area (ha)", K_HA, NULL, false},
        {"l.share_pct", "Tỷ lệ (%)", "Share (%)", K_PCT, NULL, false}};
    put_table(r, "landuse_composition", "landuse_composition l",
              "ORDER BY l.pk", NULL, C, sizeof C / sizeof C[0]);
}

/* A chart per cluster with housing: its zones, a bar per date. */
static void put_charts(rpt *r)
{
    const zg_housing *h = housing(r);
    if (!h || h->nclusters == 0)
        return;
    raw(r, "<h3>");
    raw(r, TR(r, "Biểu đồ nhà ở theo vùng và thời điểm",
              "Housing by zone and date"));
    raw(r, "</h3>\n<div class=\"charts\">\n");
    for (size_t c = 0; c < h->nclusters; c++) {
        raw(r, "<figure class=\"chart\" id=\"chart-");
        esc(r, h->clusters[c].id);
        raw(r, "\">\n<figcaption><strong>");
        esc(r, h->clusters[c].id);
        raw(r, "</strong>");
        if (h->clusters[c].name) {
            raw(r, " ");
            esc(r, h->clusters[c].name);
        }
        raw(r, "</figcaption>\n");
        zg_chart_housing_svg(&r->out, h, c, r->en);
        raw(r, "\n</figure>\n");
    }
    raw(r, "</div>\n");
}

/* Housing per cluster and zone, one column per date, then the change
 * from the first date to the last, and what was built and demolished. */
static void sec_encroach(rpt *r)
{
    para(r, "Diện tích nhà ở bên trong mỗi cụm và trong các vành khoảng "
            "cách quanh cụm, tại từng thời điểm. Chỉ liệt kê những vùng có "
            "nhà ở.",
         "Housing inside each cluster and in distance rings around it, at "
         "each date. Only zones with housing are listed.");
    char **ep = NULL;
    size_t nep = 0, cap = 0;
    /* Every query below reads the indexed copy (zg_report_encroachment):
     * the same rows, without their geometry. */
    bool copied = lookup(r, LK_ENCROACH) != NULL;
    sqlite3_stmt *s = copied ? prep(r, "SELECT epoch FROM "
                                       "zg_report_encroachment GROUP BY "
                                       "epoch ORDER BY min(pk)")
                             : NULL;
    while (s && sqlite3_step(s) == SQLITE_ROW) {
        const char *e = (const char *)sqlite3_column_text(s, 0);
        if (zg_grow(r->ctx, (void **)&ep, &cap, nep + 1, sizeof *ep) ||
            !(ep[nep] = zg_strdup(r->ctx, e ? e : ""))) {
            r->out.failed = true;
            break;
        }
        nep++;
    }
    sqlite3_finalize(s);
    bool cl = zg_rdb_has_table(r->db, "clusters") && lookup(r, LK_CLUSTERS);
    bool has_new = zg_rdb_has_table(r->db, "encroachment_new") &&
                   lookup(r, LK_NEW);
    bool has_lost = zg_rdb_has_table(r->db, "encroachment_lost") &&
                    lookup(r, LK_LOST);
    s = prep(r, cl ? "SELECT e.cluster_id, (SELECT name FROM "
                     "zg_report_clusters WHERE id = e.cluster_id LIMIT 1), "
                     "e.zone, max(e.zone_ha), min(e.pk) AS o FROM "
                     "zg_report_encroachment e GROUP BY e.cluster_id, "
                     "e.zone HAVING max(e.residential_ha) > 0 ORDER BY o"
                   : "SELECT e.cluster_id, NULL, e.zone, max(e.zone_ha), "
                     "min(e.pk) AS o FROM zg_report_encroachment e GROUP BY "
                     "e.cluster_id, e.zone HAVING max(e.residential_ha) > 0 "
                     "ORDER BY o");
    sqlite3_stmt *at = prep(r, "SELECT residential_ha FROM "
                               "zg_report_encroachment WHERE cluster_id = "
                               "?1 AND zone = ?2 AND epoch = ?3");
    sqlite3_stmt *nw = has_new ? prep(r, "SELECT total(new_ha) FROM "
                                         "zg_report_new WHERE cluster_id = "
                                         "?1 AND zone = ?2")
                               : NULL;
    sqlite3_stmt *ls = has_lost ? prep(r, "SELECT total(lost_ha) FROM "
                                          "zg_report_lost WHERE cluster_id "
                                          "= ?1 AND zone = ?2")
                                : NULL;
    size_t rows = 0;
    int rc = s && at ? sqlite3_step(s) : SQLITE_DONE;
    for (; rc == SQLITE_ROW; rc = sqlite3_step(s), rows++) {
        if (rows == 0) {
            raw(r, "<div class=\"tw\"><table>\n<thead><tr><th>");
            raw(r, TR(r, "Mã cụm", "Cluster"));
            raw(r, "</th><th>");
            raw(r, TR(r, "Tên cụm", "Cluster name"));
            raw(r, "</th><th>");
            raw(r, TR(r, "Vùng", "Zone"));
            raw(r, "</th><th class=\"n\">");
            raw(r, TR(r, "Diện tích vùng (ha)", "Zone area (ha)"));
            for (size_t k = 0; k < nep; k++) {
                raw(r, "</th><th class=\"n\">");
                raw(r, TR(r, "Nhà ở ", "Housing "));
                esc(r, ep[k]);
                raw(r, " (ha)");
            }
            if (nep > 1) {
                raw(r, "</th><th class=\"n\">");
                raw(r, TR(r, "Thay đổi ", "Change "));
                esc(r, ep[0]);
                raw(r, "→");
                esc(r, ep[nep - 1]);
                raw(r, " (ha)");
            }
            if (nw) {
                raw(r, "</th><th class=\"n\">");
                raw(r, TR(r, "Xây mới (ha)", "Built (ha)"));
            }
            if (ls) {
                raw(r, "</th><th class=\"n\">");
                raw(r, TR(r, "Mất đi (ha)", "Removed (ha)"));
            }
            raw(r, "</th></tr></thead>\n<tbody>\n");
        }
        const char *cid = (const char *)sqlite3_column_text(s, 0);
        const char *zone = (const char *)sqlite3_column_text(s, 2);
        raw(r, "<tr>");
        put_cell(r, s, 0, K_CODE, NULL);
        put_cell(r, s, 1, K_TEXT, NULL);
        put_cell(r, s, 2, K_ZONE, NULL);
        put_cell(r, s, 3, K_HA, NULL);
        double first = NAN, last = NAN;
        for (size_t k = 0; k < nep; k++) {
            sqlite3_reset(at);
            sqlite3_bind_text(at, 1, cid, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(at, 2, zone, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(at, 3, ep[k], -1, SQLITE_STATIC);
            double v = NAN;
            if (sqlite3_step(at) == SQLITE_ROW &&
                sqlite3_column_type(at, 0) != SQLITE_NULL)
                v = sqlite3_column_double(at, 0);
            raw(r, "<td class=\"n\">");
            num(r, v, 2);
            raw(r, "</td>");
            if (k == 0)
                first = v;
            last = v;
        }
        if (nep > 1) {
            char buf[64];
            const char *d = fmt_num(buf, last - first, 2, true);
            raw(r, "<td class=\"n\">");
            if (strtod(d, NULL) > 0)
                raw(r, "+");
            put_numtext(r, d);
            raw(r, "</td>");
        }
        sqlite3_stmt *extra[2] = {nw, ls};
        for (int k = 0; k < 2; k++) {
            if (!extra[k])
                continue;
            sqlite3_reset(extra[k]);
            sqlite3_bind_text(extra[k], 1, cid, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(extra[k], 2, zone, -1, SQLITE_TRANSIENT);
            double v = sqlite3_step(extra[k]) == SQLITE_ROW
                           ? sqlite3_column_double(extra[k], 0) : NAN;
            raw(r, "<td class=\"n\">");
            num(r, v, 2);
            raw(r, "</td>");
        }
        raw(r, "</tr>\n");
    }
    if (rc != SQLITE_DONE)
        fail_sql(r);
    if (rows)
        raw(r, "</tbody>\n</table></div>\n");
    else
        para(r, "Không có nhà ở bên trong hoặc quanh cụm nào.",
             "No housing inside or around any cluster.");
    double quiet = copied ? zg_rdb_number(r->db, "SELECT count(DISTINCT "
                                                 "cluster_id) FROM "
                                                 "zg_report_encroachment "
                                                 "WHERE cluster_id NOT IN "
                                                 "(SELECT cluster_id FROM "
                                                 "zg_report_encroachment "
                                                 "GROUP BY cluster_id HAVING "
                                                 "max(residential_ha) > 0)")
                          : NAN;
    if (rows && quiet > 0) {
        raw(r, "<p>");
        num(r, quiet, 0);
        raw(r, TR(r, " cụm khác không có nhà ở trong cụm và trong các vành.",
                  " other clusters have no housing inside or in the "
                  "rings."));
        raw(r, "</p>\n");
    }
    sqlite3_finalize(s);
    sqlite3_finalize(at);
    sqlite3_finalize(nw);
    sqlite3_finalize(ls);
    put_charts(r);
    for (size_t k = 0; k < nep; k++)
        zg_free(r->ctx, ep[k]);
    zg_free(r->ctx, ep);
}

static void sec_reserve(rpt *r)
{
    para(r, "Đất còn trống cho công nghiệp trong mỗi cụm: diện tích cụm trừ "
            "nhà ở, mặt nước, các loại đất không xây dựng được và phần đã "
            "thuộc khu công nghiệp.",
         "Land still free for industry in each cluster: the cluster minus "
         "housing, water, other unbuildable land and what parks hold.");
    /* What the free land rests on, and what it could not see: free land
     * is only as free as the inputs can tell. */
    if (zg_rdb_has_table(r->db, "run_inputs")) {
        double lu = zg_rdb_number(r->db, "SELECT count(*) FROM run_inputs "
                                         "WHERE role = 'landuse'");
        double res = zg_rdb_number(r->db, "SELECT count(*) FROM run_inputs "
                                          "WHERE role LIKE 'residential%'");
        double occ = zg_rdb_number(r->db, "SELECT count(*) FROM run_inputs "
                                          "WHERE role LIKE 'occupied%'");
        raw(r, "<p>");
        raw(r, TR(r, "Dựa trên: ", "Rests on: "));
        raw(r, lu > 0 ? TR(r, "bản đồ sử dụng đất; ", "the land-use map; ")
                      : "");
        raw(r, res > 0 ? TR(r, "lớp nhà ở; ", "the housing layer; ") : "");
        raw(r, occ > 0 ? TR(r, "nhà xưởng và đất đã cho thuê; ",
                            "buildings and leased plots; ")
                       : "");
        raw(r, TR(r, "khu công nghiệp hiện có.", "existing parks."));
        if (lu <= 0)
            raw(r, TR(r, " Không có bản đồ sử dụng đất: mặt nước và đất "
                         "không xây dựng được chưa được trừ.",
                      " No land-use map: water and unbuildable land are "
                      "not taken out."));
        if (occ <= 0)
            raw(r, TR(r, " Không có lớp nhà xưởng, đất đã cho thuê "
                         "(--occupied): đất đã có nhà máy vẫn được tính là "
                         "còn trống.",
                      " No buildings or leased plots (--occupied): land "
                      "factories already stand on counts as free."));
        raw(r, "</p>\n");
    }
    static const rcol C[] = {
        {"cluster_id", "Mã cụm", "Cluster", K_CODE, NULL, false},
        {"name", "Tên", "Name", K_TEXT, "name", false},
        {"cluster_ha", "Diện tích cụm (ha)", "Cluster (ha)", K_HA, NULL,
         true},
        {"residential_ha", "Nhà ở (ha)", "Housing (ha)", K_HA, NULL, true},
        {"water_ha", "Mặt nước (ha)", "Water (ha)", K_HA, NULL, true},
        {"other_unbuildable_ha", "Không xây dựng khác (ha)",
         "Other unbuildable (ha)", K_HA, NULL, true},
        {"park_ha", "Thuộc khu công nghiệp (ha)", "In parks (ha)", K_HA,
         NULL, true},
        {"occupied_ha", "Đã có nhà xưởng, đã cho thuê (ha)",
         "Occupied: buildings, leases (ha)", K_HA, "occupied_ha", true},
        {"free_ha", "Còn trống (ha)", "Free (ha)", K_HA, NULL, true},
        {"free_pct", "Tỷ lệ còn trống (%)", "Free share (%)", K_PCT, NULL,
         false},
        /* What the free land rests on, per cluster: land no parcel
         * covers counts as free; a cluster no parcel reaches, unknown. */
        {"landuse_cover_pct", "Bản đồ sử dụng đất phủ (%)",
         "Covered by the land-use map (%)", K_PCT, "landuse_cover_pct",
         false}};
    if (zg_rdb_has_column(r->db, "reserve", "landuse_cover_pct") &&
        zg_rdb_number(r->db, "SELECT count(*) FROM reserve WHERE "
                             "landuse_cover_pct < 99.995") > 0)
        para(r, "Phần cụm không có trên bản đồ sử dụng đất được tính là còn "
                "trống; cụm không có thửa đất nào thì chưa biết đất trống.",
             "Land of a cluster the land-use map does not cover counts as "
             "free; for a cluster no parcel reaches, the free land is not "
             "known.");
    put_table(r, "reserve", "reserve", "ORDER BY fid", NULL, C,
              sizeof C / sizeof C[0]);
}

static void sec_proposals(rpt *r)
{
    para(r, "Kết luận của mỗi đề xuất là kết quả xấu nhất trong các quy "
            "định; từng quy định được ghi cùng giá trị đo, ngưỡng và căn cứ "
            "pháp lý.",
         "A proposal's verdict is the worst of its rules; each rule is "
         "listed with the measured value, the threshold and its legal "
         "basis.");
    bool has_p = zg_rdb_has_table(r->db, "proposals");
    if (has_p) {
        static const rcol P[] = {
            {"proposal_id", "Mã", "Id", K_CODE, NULL, false},
            {"name", "Tên", "Name", K_TEXT, "name", false},
            {"area_plane_ha", "Diện tích mặt phẳng (ha)", "Plane area (ha)",
             K_HA, NULL, false},
            {"residential_ha", "Nhà ở bên trong (ha)", "Housing inside (ha)",
             K_HA, NULL, false},
            {"luc_ha", "Đất lúa (ha)", "Rice land (ha)", K_HA, NULL, false},
            {"cluster_overlap_ha", "Chồng lấn (ha)", "Overlap (ha)", K_HA,
             NULL, false},
            {"min_dist_residential_m", "Cách nhà ở gần nhất (m)",
             "To the nearest housing (m)", K_M, NULL, false},
            {"verdict", "Kết luận", "Verdict", K_VERDICT, NULL, false}};
        rcol Pd[sizeof P / sizeof P[0]];
        memcpy(Pd, P, sizeof P);
        if (zg_rdb_has_column(r->db, "proposals",
                              "nearest_residential_where")) {
            Pd[6].expr = DIST_EXPR("min_dist_residential_m",
                                   "nearest_residential_where");
            Pd[6].kind = K_DIST;
        }
        put_table(r, "proposals", "proposals", "ORDER BY fid", NULL, Pd,
                  sizeof P / sizeof P[0]);
    }
    if (!zg_rdb_has_table(r->db, "proposal_checks"))
        return;
    static const rcol K[] = {
        {"rule_id", "Quy định", "Rule", K_CODE, NULL, false},
        {"description_vi", "Nội dung", "Requirement", K_TEXT,
         "description_vi", false},
        {"value", "Giá trị", "Value", K_NUM, NULL, false},
        {"unit", "Đơn vị", "Unit", K_TEXT, NULL, false},
        {"threshold", "Ngưỡng", "Threshold", K_THRESH, NULL, false},
        {"verdict", "Kết quả", "Result", K_VERDICT, NULL, false},
        {"detail", "Chi tiết", "Detail", K_DETAIL, NULL, false},
        {"source", "Căn cứ", "Legal basis", K_TEXT, NULL, false}};
    rcol Kl[sizeof K / sizeof K[0]];
    memcpy(Kl, K, sizeof K);
    if (r->en) {
        Kl[1].expr = "description_en";
        Kl[1].need = "description_en";
    } else if (zg_rdb_has_column(r->db, "proposal_checks", "detail_vi")) {
        /* Databases of earlier versions have the English detail only. */
        Kl[6].expr = "coalesce(detail_vi, detail)";
    }
    const char *checks = lookup(r, LK_CHECKS);
    if (has_p && !lookup(r, LK_PROPOSALS))
        return;
    sqlite3_stmt *s = !checks ? NULL : prep(r, has_p
        ? "SELECT c.proposal_id, (SELECT name FROM zg_report_proposals p "
          "WHERE p.proposal_id = c.proposal_id LIMIT 1), (SELECT verdict "
          "FROM zg_report_proposals p WHERE p.proposal_id = c.proposal_id "
          "LIMIT 1) FROM zg_report_checks c GROUP BY c.proposal_id ORDER BY "
          "min(c.pk)"
        : "SELECT proposal_id, NULL, NULL FROM zg_report_checks GROUP BY "
          "proposal_id ORDER BY min(pk)");
    while (s && sqlite3_step(s) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(s, 0);
        const char *name = (const char *)sqlite3_column_text(s, 1);
        raw(r, "<h3 id=\"proposal-");
        esc(r, id);
        raw(r, "\">");
        esc(r, id);
        if (name && name[0]) {
            raw(r, " — ");
            esc(r, name);
        }
        if (sqlite3_column_type(s, 2) != SQLITE_NULL) {
            raw(r, " ");
            put_verdict(r, (const char *)sqlite3_column_text(s, 2));
        }
        raw(r, "</h3>\n");
        rbind b = {id ? id : "", 0};
        put_table(r, "proposal_checks", checks,
                  "WHERE proposal_id = ?1 ORDER BY pk", &b, Kl,
                  sizeof Kl / sizeof Kl[0]);
    }
    sqlite3_finalize(s);
    if (zg_rdb_has_table(r->db, "proposal_evidence")) {
        raw(r, "<h3>");
        raw(r, TR(r, "Bằng chứng", "Evidence"));
        raw(r, "</h3>\n");
        static const rcol E[] = {
            {"proposal_id", "Đề xuất", "Proposal", K_CODE, NULL, false},
            {"rule_id", "Quy định", "Rule", K_CODE, NULL, false},
            {"kind", "Loại", "Kind", K_KIND, NULL, false},
            {"other_id", "Đối tượng liên quan", "Other feature", K_CODE,
             NULL, false},
            {"area_ha", "Diện tích (ha)", "Area (ha)", K_HA, NULL, false}};
        put_table(r, "proposal_evidence", "proposal_evidence", "ORDER BY pk",
                  NULL, E, sizeof E / sizeof E[0]);
    }
}

static void sec_qa(rpt *r)
{
    para(r, "Mọi sửa chữa, bỏ qua và thay thế trong dữ liệu đầu vào, để "
            "người đọc biết con số nào dựa trên dữ liệu đã được sửa.",
         "Every repair, skip and replacement made in the inputs, so that a "
         "reader knows which figures rest on repaired data.");
    static const rcol C[] = {
        {"layer", "Lớp", "Layer", K_TEXT, NULL, false},
        {"feature_id", "Đối tượng", "Feature", K_CODE, NULL, false},
        {"problem", "Vấn đề", "Problem", K_QA, NULL, false},
        {"action", "Xử lý", "Action", K_QA, NULL, false},
        {"area_before_m2", "Diện tích trước (m²)", "Area before (m²)", K_M2,
         NULL, false},
        {"area_after_m2", "Diện tích sau (m²)", "Area after (m²)", K_M2,
         NULL, false}};
    put_table(r, "qa_log", "qa_log", "ORDER BY qa_id", NULL, C,
              sizeof C / sizeof C[0]);
}

/* ---- the page ---------------------------------------------------------- */

typedef struct section {
    const char *id;
    const char *table; /* shown when this table exists; NULL: always */
    const char *vi, *en;
    void (*fn)(rpt *r);
    bool appendix; /* the record behind the figures: after them */
} section;

/* Findings first (the summary, then a section per analysis); the data
 * record and the quality log last, as appendices. */
static const section SECTIONS[] = {
    {"map", NULL, "Bản đồ tổng quan", "Overview map", sec_map, false},
    {"clusters", "clusters", "Cụm công nghiệp và diện tích",
     "Clusters and their areas", sec_clusters, false},
    {"overlaps", "cluster_overlaps", "Chồng lấn giữa các cụm",
     "Overlaps between clusters", sec_overlaps, false},
    {"landuse", "landuse_composition", "Cơ cấu sử dụng đất",
     "Land-use composition", sec_landuse, false},
    {"encroachment", "encroachment", "Nhà ở lấn vào và quanh cụm",
     "Housing inside and around the clusters", sec_encroach, false},
    {"reserve", "reserve", "Quỹ đất còn trống", "Free land", sec_reserve,
     false},
    {"proposals", "proposal_checks", "Kiểm tra đề xuất theo quy định",
     "Proposals checked against the rules", sec_proposals, false},
    {"provenance", NULL, "Nguồn gốc dữ liệu và lần chạy",
     "Provenance of the data and the run", sec_provenance, true},
    {"qa", "qa_log", "Nhật ký chất lượng dữ liệu", "Data-quality log",
     sec_qa, true},
};
#define NSECTIONS (sizeof SECTIONS / sizeof SECTIONS[0])

static const char CSS[] =
    "*{box-sizing:border-box}"
    "body{font-family:\"DejaVu Sans\",\"Noto Sans\",Arial,sans-serif;"
    "color:#222;background:#fff;max-width:1180px;margin:0 auto;"
    "padding:24px 28px;line-height:1.45;font-size:14px}"
    "header{border-bottom:3px solid #e08a2c;margin-bottom:1em}"
    "h1{font-size:1.7em;margin:0 0 .2em}"
    "h2{font-size:1.3em;margin:1.8em 0 .5em;padding-bottom:.15em;"
    "border-bottom:1px solid #e6c9a8}"
    "h3{font-size:1.08em;margin:1.2em 0 .4em}"
    "h4{font-size:1em;margin:1em 0 .3em}"
    ".meta{color:#555;margin:.2em 0 .8em}"
    "nav ol{columns:2;margin:.3em 0 0;padding-left:1.4em}"
    "nav a{color:#8a4a00}"
    ".summary{background:#fbf6ef;border:1px solid #ecd9c1;"
    "padding:.6em 1em .6em 2em;margin:1em 0}"
    ".tw{overflow-x:auto}"
    "table{border-collapse:collapse;width:100%;margin:.4em 0 1em;"
    "font-size:.86em}"
    "th,td{border:1px solid #cfcfcf;padding:.25em .45em;text-align:left;"
    "vertical-align:top}"
    "th{background:#f3ede5;font-weight:bold}"
    "th.n{text-align:right}"
    "td.n{text-align:right;white-space:nowrap;"
    "font-variant-numeric:tabular-nums}"
    "td.na{color:#999;text-align:center}"
    "tbody tr:nth-child(even){background:#fafafa}"
    "tr.total td{font-weight:bold;background:#f7f2ea;"
    "border-top:2px solid #b9a78f}"
    "td.id,td.path,code{font-family:\"DejaVu Sans Mono\",monospace;"
    "font-size:.92em}"
    "td.id,td.nw{white-space:nowrap}td.path,code{word-break:break-all}"
    ".v{display:inline-block;padding:0 .45em;border-radius:3px;"
    "font-weight:bold;white-space:nowrap;background:#eee;color:#444}"
    ".v-pass{background:#dcf1df;color:#17612a}"
    ".v-warn{background:#fff0c2;color:#6f4e00}"
    ".v-fail{background:#f9d6d6;color:#8f1111}"
    ".v-skipped{background:#ececec;color:#555}"
    ".v-na{background:#f6f6f6;color:#777}"
    "dl.kv{display:grid;grid-template-columns:minmax(8em,16em) 1fr;"
    "gap:.2em 1em;margin:.4em 0 .8em}"
    "dl.kv dt{font-weight:bold;color:#444}dl.kv dd{margin:0}"
    "figure{margin:.6em 0 1em}"
    "svg.map{display:block;width:100%;height:auto;border:1px solid #ccc}"
    "figcaption{color:#555;font-size:.9em;margin-top:.3em}"
    ".empty{color:#666;font-style:italic}"
    "footer{margin-top:2.5em;padding-top:.6em;border-top:1px solid #ddd;"
    "color:#666;font-size:.85em}"
    "table.sum{width:100%;margin:.2em 0 .6em}"
    ".pair{display:grid;grid-template-columns:1fr 1fr;gap:0 1.2em}"
    ".pair h4{margin:.3em 0 .2em}"
    "ol.free{columns:4;column-gap:1.2em;margin:.2em 0;padding-left:2.2em;"
    "font-size:.86em}"
    ".free-total{font-weight:bold;margin:.3em 0}"
    "#summary a{color:inherit}"
    ".charts{display:grid;grid-template-columns:repeat(auto-fill,"
    "minmax(340px,1fr));gap:.4em 1.2em}"
    "figure.chart{margin:.2em 0}"
    "svg.chart{display:block;width:100%;height:auto;"
    "font-family:inherit}"
    "svg.chart text{fill:#333}"
    "@media print{"
    "body{max-width:none;padding:0;font-size:9pt}"
    "nav{display:none}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "h2,h3,h4{break-after:avoid;page-break-after:avoid}"
    "figure,tr,dl.kv{break-inside:avoid;page-break-inside:avoid}"
    "table{page-break-inside:auto}"
    "thead{display:table-header-group}"
    ".tw{overflow:visible}"
    "section#map{break-before:page;page-break-before:always}"
    "#summary h2{margin-top:0}#summary h3{margin:.7em 0 .3em}"
    "#summary .summary{margin:.5em 0}"
    "section.appendix{break-before:page;page-break-before:always}"
    ".charts{grid-template-columns:1fr 1fr}"
    "svg.map{max-height:180mm}"
    "a{color:inherit;text-decoration:none}}";

/* ---- the summary: findings first ----------------------------------------- */

/* The committee's page: the proposals with the rule that decided each,
 * the clusters with most housing near them and most growth, free land,
 * the overlaps. Every figure links to the section it comes from. */

static void link_open(rpt *r, const char *prefix, const char *id)
{
    raw(r, "<a href=\"#");
    raw(r, prefix);
    esc(r, id);
    raw(r, "\">");
}

static void sum_proposals(rpt *r)
{
    if (!zg_rdb_has_table(r->db, "proposals") ||
        !zg_rdb_has_table(r->db, "proposal_checks") ||
        !lookup(r, LK_CHECKS))
        return;
    bool vi_detail = !r->en && zg_rdb_has_column(r->db, "proposal_checks",
                                                 "detail_vi");
    const char *descr = r->en ? "description_en" : "description_vi";
    bool has_descr = zg_rdb_has_column(r->db, "proposal_checks", descr);
    /* The deciding rule: the first, in the rule table's order (pk), whose
     * result is the proposal's verdict. A pass has none. */
    char *sql = sqlite3_mprintf(
        "SELECT p.proposal_id, p.name, p.verdict, c.rule_id, %s, %s, "
        "c.verdict FROM proposals p LEFT JOIN zg_report_checks c ON "
        "c.proposal_id = p.proposal_id AND c.pk = (SELECT min(k.pk) FROM "
        "zg_report_checks k WHERE k.proposal_id = p.proposal_id AND "
        "k.verdict = p.verdict AND p.verdict IN ('fail', 'warn', 'skipped')) "
        "ORDER BY p.fid",
        has_descr ? (r->en ? "c.description_en" : "c.description_vi")
                  : "NULL",
        vi_detail ? "coalesce(c.detail_vi, c.detail)" : "c.detail");
    sqlite3_stmt *s = sql ? prep(r, sql) : NULL;
    if (!sql)
        r->out.failed = true;
    sqlite3_free(sql);
    if (!s)
        return;
    raw(r, "<h3>");
    raw(r, TR(r, "Đề xuất và kết luận", "Proposals and their verdicts"));
    raw(r, "</h3>\n<table class=\"sum\">\n<thead><tr><th>");
    raw(r, TR(r, "Đề xuất", "Proposal"));
    raw(r, "</th><th>");
    raw(r, TR(r, "Kết luận", "Verdict"));
    raw(r, "</th><th>");
    raw(r, TR(r, "Quy định quyết định: số đo và ngưỡng",
              "Deciding rule: measure and threshold"));
    raw(r, "</th></tr></thead>\n<tbody>\n");
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(s, 0);
        const char *name = (const char *)sqlite3_column_text(s, 1);
        const char *verdict = (const char *)sqlite3_column_text(s, 2);
        raw(r, "<tr><td>");
        link_open(r, "proposal-", id ? id : "");
        esc(r, id);
        raw(r, "</a>");
        if (name && name[0]) {
            raw(r, " ");
            esc(r, name);
        }
        raw(r, "</td><td>");
        put_verdict(r, verdict);
        raw(r, "</td><td>");
        if (sqlite3_column_type(s, 3) == SQLITE_NULL) {
            raw(r, verdict && strcmp(verdict, "pass") == 0
                       ? TR(r, "đạt mọi quy định áp dụng",
                            "meets every rule that applies")
                       : "—");
        } else {
            raw(r, "<strong>");
            esc_col(r, s, 3);
            raw(r, "</strong>");
            if (sqlite3_column_type(s, 4) != SQLITE_NULL) {
                raw(r, " ");
                esc_col(r, s, 4);
            }
            raw(r, " — ");
            esc_prose(r, (const char *)sqlite3_column_text(s, 5), false);
        }
        raw(r, "</td></tr>\n");
    }
    if (rc != SQLITE_DONE)
        fail_sql(r);
    sqlite3_finalize(s);
    raw(r, "</tbody>\n</table>\n");
}

/* Which zones count as "near": inside and the rings out to 500 m, or
 * to the outermost ring within 500 m the run has. Returns that
 * distance (0: inside only). */
static double near_limit(const zg_housing *h)
{
    double lim = 0;
    for (size_t z = 0; z < h->nzones; z++)
        if (h->outer_m[z] <= 500 && h->outer_m[z] > lim)
            lim = h->outer_m[z];
    return lim;
}

static double near_sum(const zg_housing *h, size_t c, size_t d, double lim)
{
    double t = 0;
    for (size_t z = 0; z < h->nzones; z++) {
        double v = zg_housing_ha(h, c, z, d);
        if (h->outer_m[z] <= lim && isfinite(v))
            t += v;
    }
    return t;
}

typedef struct ranked {
    size_t c;
    double v;
} ranked;

static int by_value_desc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->v != y->v)
        return x->v < y->v ? 1 : -1;
    return x->c < y->c ? -1 : x->c > y->c; /* ties: the table's order */
}

#define TOP_N 5

/* The TOP_N clusters by `v`, as a small table linking to their charts:
 * housing at date d1, or (d0 not NULL) its growth from d0 to d1. */
static void top_table(rpt *r, const zg_housing *h, ranked *rk, size_t n,
                      const char *d0, const char *d1)
{
    qsort(rk, n, sizeof *rk, by_value_desc);
    raw(r, "<div><h4>");
    if (d0) {
        raw(r, TR(r, "Nhà ở tăng ", "Housing growth "));
        esc(r, d0);
        raw(r, "→");
    } else {
        raw(r, TR(r, "Nhà ở năm ", "Housing in "));
    }
    esc(r, d1);
    raw(r, "</h4>\n<table class=\"sum\">\n<thead><tr><th>");
    raw(r, TR(r, "Cụm", "Cluster"));
    raw(r, "</th><th class=\"n\">");
    raw(r, d0 ? TR(r, "Tăng (ha)", "Growth (ha)")
              : TR(r, "Nhà ở (ha)", "Housing (ha)"));
    raw(r, "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n && i < TOP_N; i++) {
        const zg_housing_cluster *c = &h->clusters[rk[i].c];
        raw(r, "<tr><td>");
        link_open(r, "cluster-", c->id);
        esc(r, c->id);
        raw(r, "</a>");
        if (c->name) {
            raw(r, " ");
            esc(r, c->name);
        }
        raw(r, "</td><td class=\"n\">");
        link_open(r, "chart-", c->id);
        char buf[64];
        const char *d = fmt_num(buf, rk[i].v, 2, true);
        if (d0 && strtod(d, NULL) > 0)
            raw(r, "+");
        put_numtext(r, d);
        raw(r, "</a></td></tr>\n");
    }
    raw(r, "</tbody>\n</table></div>\n");
}

static void sum_encroach(rpt *r)
{
    const zg_housing *h = zg_rdb_has_table(r->db, "encroachment")
                              ? housing(r) : NULL;
    if (!h || h->nclusters == 0 || h->ndates == 0)
        return;
    ranked *rk = zg_malloc(r->ctx, h->nclusters * sizeof *rk);
    if (!rk) {
        r->out.failed = true;
        return;
    }
    double lim = near_limit(h);
    size_t last = h->ndates - 1;
    raw(r, "<h3>");
    if (lim > 0)
        zg_sbuf_addf(&r->out, TR(r, "Cụm có nhiều nhà ở nhất trong cụm và "
                                    "trong vòng %.0f m",
                                 "Clusters with most housing inside and "
                                 "within %.0f m"), lim);
    else
        raw(r, TR(r, "Cụm có nhiều nhà ở nhất trong cụm",
                  "Clusters with most housing inside"));
    raw(r, "</h3>\n<div class=\"pair\">\n");
    for (size_t c = 0; c < h->nclusters; c++)
        rk[c] = (ranked){c, near_sum(h, c, last, lim)};
    top_table(r, h, rk, h->nclusters, NULL, h->dates[last]);
    if (h->ndates > 1) {
        for (size_t c = 0; c < h->nclusters; c++)
            rk[c] = (ranked){c, near_sum(h, c, last, lim) -
                                    near_sum(h, c, 0, lim)};
        top_table(r, h, rk, h->nclusters, h->dates[0], h->dates[last]);
    }
    raw(r, "</div>\n");
    zg_free(r->ctx, rk);
}

static void sum_reserve(rpt *r)
{
    if (!zg_rdb_has_table(r->db, "reserve"))
        return;
    bool named = zg_rdb_has_column(r->db, "reserve", "name");
    sqlite3_stmt *s = prep(r, named
        ? "SELECT cluster_id, name, free_ha FROM reserve ORDER BY free_ha, "
          "fid"
        : "SELECT cluster_id, NULL, free_ha FROM reserve ORDER BY free_ha, "
          "fid");
    if (!s)
        return;
    raw(r, "<h3>");
    raw(r, TR(r, "Đất còn trống theo cụm (ít nhất trước)",
              "Free land by cluster (least first)"));
    raw(r, "</h3>\n<ol class=\"free\">\n");
    int rc;
    double total = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        raw(r, "<li><a href=\"#reserve\">");
        esc_col(r, s, 0);
        raw(r, "</a> ");
        double v = sqlite3_column_type(s, 2) == SQLITE_NULL
                       ? NAN : sqlite3_column_double(s, 2);
        num(r, v, 2);
        raw(r, " ha</li>\n");
        if (isfinite(v))
            total += v;
    }
    if (rc != SQLITE_DONE)
        fail_sql(r);
    sqlite3_finalize(s);
    raw(r, "</ol>\n<p class=\"free-total\"><a href=\"#reserve\">");
    raw(r, TR(r, "Tổng đất còn trống: ", "Free land in all: "));
    num(r, total, 2);
    raw(r, " ha</a></p>\n");
}

static void put_summary(rpt *r)
{
    zg_rdb *db = r->db;
    raw(r, "<section id=\"summary\">\n<h2>");
    raw(r, TR(r, "Tóm tắt kết quả", "Summary of findings"));
    raw(r, "</h2>\n<ul class=\"summary\">\n");
    if (zg_rdb_has_table(db, "clusters")) {
        raw(r, "<li>");
        num(r, zg_rdb_number(db, "SELECT count(*) FROM clusters"), 0);
        raw(r, TR(r, " cụm công nghiệp, tổng diện tích ",
                  " clusters, in all "));
        raw(r, "<a href=\"#clusters\">");
        num(r, zg_rdb_number(db, "SELECT total(area_ha) FROM clusters"), 2);
        raw(r, TR(r, " ha</a> (elipxoit).</li>\n",
                  " ha</a> (ellipsoidal).</li>\n"));
    }
    if (zg_rdb_has_table(db, "cluster_overlaps")) {
        raw(r, "<li><a href=\"#overlaps\">");
        num(r, zg_rdb_number(db, "SELECT count(*) FROM cluster_overlaps"), 0);
        raw(r, TR(r, " cặp cụm chồng lấn</a>, tổng ",
                  " overlapping pairs</a>, "));
        raw(r, "<a href=\"#overlaps\">");
        num(r, zg_rdb_number(db, "SELECT total(overlap_ha) FROM "
                                 "cluster_overlaps"), 2);
        raw(r, TR(r, " ha</a>.</li>\n", " ha</a> in all.</li>\n"));
    }
    if (zg_rdb_has_table(db, "reserve")) {
        raw(r, "<li>");
        raw(r, TR(r, "Đất còn trống: ", "Free land: "));
        raw(r, "<a href=\"#reserve\">");
        num(r, zg_rdb_number(db, "SELECT total(free_ha) FROM reserve"), 2);
        raw(r, " ha</a>.</li>\n");
    }
    if (zg_rdb_has_table(db, "proposals")) {
        raw(r, "<li><a href=\"#proposals\">");
        num(r, zg_rdb_number(db, "SELECT count(*) FROM proposals"), 0);
        raw(r, TR(r, " đề xuất</a>: ", " proposals</a>: "));
        num(r, zg_rdb_number(db, "SELECT count(*) FROM proposals WHERE "
                                 "verdict = 'pass'"), 0);
        raw(r, TR(r, " đạt, ", " pass, "));
        num(r, zg_rdb_number(db, "SELECT count(*) FROM proposals WHERE "
                                 "verdict = 'warn'"), 0);
        raw(r, TR(r, " cảnh báo, ", " warning, "));
        num(r, zg_rdb_number(db, "SELECT count(*) FROM proposals WHERE "
                                 "verdict = 'fail'"), 0);
        raw(r, TR(r, " không đạt.</li>\n", " fail.</li>\n"));
    }
    if (zg_rdb_has_table(db, "qa_log")) {
        raw(r, "<li><a href=\"#qa\">");
        num(r, zg_rdb_number(db, "SELECT count(*) FROM qa_log"), 0);
        raw(r, TR(r, " ghi chú về chất lượng dữ liệu</a> (phụ lục).</li>\n",
                  " data-quality notes</a> (appendix).</li>\n"));
    }
    raw(r, "</ul>\n");
    sum_proposals(r);
    sum_encroach(r);
    sum_reserve(r);
    raw(r, "</section>\n");
}

/* The printed page: A4, a number "Trang N / M" and the run's date at the
 * foot of every page (CSS page-margin boxes, which Chromium prints since
 * version 131), landscape pages for the wide tables (a named page). The
 * texts are this file's and digits the report formatted: no data. */
static void put_print_css(rpt *r)
{
    /* Margin boxes inherit nothing from the body: their font is said. */
    const char *FOOT = r->official
                           ? ";font:10pt \"Times New Roman\",\"Liberation "
                             "Serif\",serif;color:#222"
                           : ";font:8pt \"DejaVu Sans\",sans-serif;"
                             "color:#444";
    raw(r, r->official
               ? "@page{size:A4;margin:20mm 15mm 22mm 30mm;"
               : "@page{size:A4;margin:14mm 12mm 18mm;");
    raw(r, "@bottom-center{content:\"");
    raw(r, TR(r, "Trang \" counter(page) \" / \" counter(pages)",
              "Page \" counter(page) \" of \" counter(pages)"));
    raw(r, FOOT);
    raw(r, "}@bottom-right{content:\"");
    raw(r, TR(r, "Lần chạy ", "Run of "));
    raw(r, r->run_date);
    raw(r, "\"");
    raw(r, FOOT);
    raw(r, "}}");
    raw(r, r->official
               ? "@page wide{size:A4 landscape;margin:20mm 15mm 22mm 30mm}"
               : "@page wide{size:A4 landscape;margin:12mm 14mm 18mm}");
    raw(r, "@media print{.wide{page:wide}}");
}

/* Decree 30/2020/NĐ-CP's form of an official document: Times New Roman
 * (Liberation Serif, metric-compatible, where it is not installed),
 * 13 pt text, its margins (above), the national heading at the top right
 * and the issuing body at the top left. */
static const char CSS_OFFICIAL[] =
    "body{font-family:\"Times New Roman\",\"Liberation Serif\",\"Tinos\","
    "serif;font-size:13pt;line-height:1.3;max-width:none;padding:0}"
    "h1{font-size:14pt;text-transform:uppercase;text-align:center;"
    "margin:.6em 0 .2em}"
    "h2{font-size:13pt}h3,h4{font-size:13pt}"
    "header{border-bottom:none}"
    ".meta{text-align:center;font-style:italic}"
    ".ohead{display:grid;grid-template-columns:2fr 3fr;gap:1em;"
    "text-align:center;margin:0 0 .6em}"
    ".ohead .body{font-weight:bold;font-size:13pt;text-transform:uppercase}"
    ".ohead .nation{font-weight:bold;font-size:13pt}"
    ".ohead .motto{display:inline-block;font-size:14pt;"
    "border-bottom:1px solid #000;padding-bottom:1px}"
    ".ohead .rule{display:block;width:35%;margin:2px auto 0;"
    "border-top:1px solid #000}"
    ".odate{text-align:right;font-style:italic;margin:.2em 0 1em}"
    "table{font-size:10.5pt}"
    /* Tables, which the decree does not size, at 10 pt: the clusters'
     * thirteen columns fit a landscape page. */
    "@media print{body{font-size:13pt}table,table.sum{font-size:10pt}"
    "ol.free{font-size:10pt}}";

/* The national heading, the issuing body (the scenario's issuing_body,
 * escaped) and the place and date as the decree writes them: "ngày 07
 * tháng 02 năm 2026", a zero before a day below 10 and months 1 and 2. */
static void put_official_head(rpt *r, const struct tm *tm)
{
    raw(r, "<div class=\"ohead\"><div class=\"body\">");
    esc(r, r->issuing_body);
    if (r->issuing_body && *r->issuing_body)
        raw(r, "<span class=\"rule\"></span>");
    raw(r, "</div><div class=\"nation\">");
    raw(r, TR(r, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br><span class=\"motto\">"
                 "Độc lập - Tự do - Hạnh phúc</span>",
              "SOCIALIST REPUBLIC OF VIET NAM<br><span class=\"motto\">"
              "Independence - Freedom - Happiness</span>"));
    raw(r, "</div></div>\n<p class=\"odate\">");
    int mon = tm->tm_mon + 1;
    if (r->en)
        zg_sbuf_addf(&r->out, "Hà Nội, %04d-%02d-%02d", tm->tm_year + 1900,
                     mon, tm->tm_mday);
    else
        zg_sbuf_addf(&r->out, mon < 3 ? "Hà Nội, ngày %02d tháng %02d năm "
                                        "%04d"
                                      : "Hà Nội, ngày %02d tháng %d năm %04d",
                     tm->tm_mday, mon, tm->tm_year + 1900);
    raw(r, "</p>\n");
}

static void put_page(rpt *r, const struct tm *now)
{
    const char *title = TR(r, "Báo cáo phân tích cụm công nghiệp",
                           "Industrial cluster analysis report");
    const char *base = strrchr(r->db->path, '/');
    base = base ? base + 1 : r->db->path;
    raw(r, "<!DOCTYPE html>\n<html lang=\"");
    raw(r, r->en ? "en" : "vi");
    raw(r, "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, "
           "initial-scale=1\">\n<meta name=\"generator\" content=\"zoneguard "
           ZG_VERSION_STRING "\">\n<title>");
    raw(r, title);
    raw(r, " — ");
    esc(r, base);
    raw(r, "</title>\n<style>");
    raw(r, CSS);
    put_print_css(r);
    if (r->official)
        raw(r, CSS_OFFICIAL);
    raw(r, "</style>\n</head>\n<body");
    raw(r, r->official ? " class=\"official\">\n<header>\n" : ">\n<header>\n");
    if (r->official)
        put_official_head(r, now);
    raw(r, "<h1>");
    raw(r, title);
    raw(r, "</h1>\n<p class=\"meta\">");
    raw(r, TR(r, "Cơ sở dữ liệu kết quả: ", "Results database: "));
    raw(r, "<code>");
    esc(r, base);
    raw(r, "</code> · ");
    raw(r, TR(r, "Lập ngày ", "Written on "));
    esc(r, r->date);
    raw(r, " (UTC) · ");
    raw(r, TR(r, "lần chạy ngày ", "run of "));
    raw(r, r->run_date);
    raw(r, " · zoneguard " ZG_VERSION_STRING);
    if (r->db->nruns > 1) {
        /* A database several runs were added to: say which one this is. */
        raw(r, " · ");
        zg_sbuf_addf(&r->out, TR(r, "lần chạy %lld trong %lld",
                                 "run %lld of %lld"),
                     (long long)r->db->run_id, (long long)r->db->nruns);
    }
    raw(r, "</p>\n</header>\n");
    put_summary(r);

    bool shown[NSECTIONS];
    raw(r, "<nav>\n<strong>");
    raw(r, TR(r, "Mục lục", "Contents"));
    raw(r, "</strong>\n<ol>\n");
    for (size_t i = 0; i < NSECTIONS; i++) {
        shown[i] = !SECTIONS[i].table ||
                   zg_rdb_has_table(r->db, SECTIONS[i].table);
        if (!shown[i])
            continue;
        raw(r, "<li><a href=\"#");
        raw(r, SECTIONS[i].id);
        raw(r, "\">");
        if (SECTIONS[i].appendix)
            raw(r, TR(r, "Phụ lục: ", "Appendix: "));
        raw(r, TR(r, SECTIONS[i].vi, SECTIONS[i].en));
        raw(r, "</a></li>\n");
    }
    raw(r, "</ol>\n</nav>\n");
    int no = 0, app = 0;
    for (size_t i = 0; i < NSECTIONS && !r->st && !r->out.failed; i++) {
        if (!shown[i])
            continue;
        if (SECTIONS[i].appendix)
            h2_appendix(r, SECTIONS[i].id, app++, SECTIONS[i].vi,
                        SECTIONS[i].en);
        else
            h2(r, SECTIONS[i].id, ++no, SECTIONS[i].vi, SECTIONS[i].en);
        SECTIONS[i].fn(r);
        raw(r, "</section>\n");
        if (!r->st)
            r->st = zg_progress(r->ctx, 0, 1, (double)(i + 1) / NSECTIONS,
                                "report");
    }
    raw(r, "<footer>\n<p>");
    raw(r, TR(r, "Tạo bởi zoneguard " ZG_VERSION_STRING ". Số viết theo "
                 "cách viết ở Việt Nam: dấu phẩy thập phân và dấu chấm "
                 "phân cách hàng nghìn (1.234,56 ha); cơ sở dữ liệu và các "
                 "tệp CSV giữ dấu chấm thập phân (1234.56). Ngày viết "
                 "dd/mm/yyyy. "
                 "Diện tích tính bằng hecta (ha), khoảng cách bằng mét (m). "
                 "Dấu — là không có giá trị.",
              "Written by zoneguard " ZG_VERSION_STRING ". Decimals use a "
              "point, as in the database and the CSV files. Areas in "
              "hectares (ha), distances in metres (m). A dash means no "
              "value."));
    raw(r, "</p>\n</footer>\n</body>\n</html>\n");
}

static zg_status write_file(zg_ctx *ctx, const char *tmp, const char *target,
                            const char *s, size_t n)
{
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return zg_fail(ctx, ZG_ERR_OUTPUT, "cannot write the report: %s (%s)",
                       strerror(errno), target);
    size_t w = fwrite(s, 1, n, f);
    int e = w == n ? 0 : errno;
    if (fclose(f) != 0 && !e)
        e = errno;
    if (w != n || e)
        return zg_fail(ctx, ZG_ERR_OUTPUT, "cannot write the report: %s (%s)",
                       strerror(e ? e : EIO), target);
    return ZG_OK;
}

zg_status zg_write_report(zg_ctx *ctx, const char *results_sqlite,
                          const char *path, unsigned flags,
                          const char *lang)
{
    return zg_write_report_run(ctx, results_sqlite, path, flags, lang, 0);
}

zg_status zg_write_report_run(zg_ctx *ctx, const char *results_sqlite,
                              const char *path, unsigned flags,
                              const char *lang, int64_t run_id)
{
    zg_map_opts mo = {0};
    mo.lang = lang;
    mo.run_id = run_id;
    return zg_write_report_map(ctx, results_sqlite, path, flags, &mo);
}

zg_status zg_write_report_map(zg_ctx *ctx, const char *results_sqlite,
                              const char *path, unsigned flags,
                              const zg_map_opts *opts)
{
    zg_report_opts ro = {opts, NULL, NULL, NULL, NULL, ZG_ATLAS_FLAGGED};
    return zg_write_report_opts(ctx, results_sqlite, path, flags, &ro);
}

/* The folder paths are shown relative to: the scenario's when the caller
 * knows it, else the deepest one that holds every input of the run. */
static zg_status choose_base(rpt *r, const char *base_dir)
{
    if (base_dir) {
        r->base = zg_strdup(r->ctx, base_dir);
        if (!r->base)
            return zg_nomem(r->ctx, "report");
        char *real = realpath(base_dir, NULL); /* malloc'd by libc */
        if (real) {
            r->base_real = zg_strdup(r->ctx, real);
            free(real);
            if (!r->base_real)
                return zg_nomem(r->ctx, "report");
        }
        return ZG_OK;
    }
    if (!zg_rdb_has_table(r->db, "run_inputs"))
        return ZG_OK;
    sqlite3_stmt *s = NULL;
    zg_status st = zg_rdb_prepare(r->db, "SELECT path FROM run_inputs "
                                  "ORDER BY rowid", &s);
    size_t len = 0;
    while (!st && sqlite3_step(s) == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(s, 0);
        if (!p || *p != '/')
            continue;
        if (!r->base) {
            const char *sl = strrchr(p, '/');
            len = (size_t)(sl - p);
            r->base = zg_strdup(r->ctx, p);
            if (!r->base)
                st = zg_nomem(r->ctx, "report");
            continue;
        }
        /* Shorten to the folder both share. */
        size_t i = 0, last = 0;
        while (i < len && p[i] && p[i] == r->base[i]) {
            if (p[i] == '/')
                last = i;
            i++;
        }
        if (!(i == len && p[i] == '/'))
            len = last;
    }
    sqlite3_finalize(s);
    if (r->base) {
        r->base[len] = '\0';
        r->base_common = true;
        if (len == 0) { /* nothing shared but the root */
            zg_free(r->ctx, r->base);
            r->base = NULL;
        }
    }
    return st;
}

/* The run's date (runs.started_utc) as the report writes dates. */
static void run_date(rpt *r)
{
    sqlite3_stmt *s = NULL;
    int y, m, d;
    snprintf(r->run_date, sizeof r->run_date, "—");
    if (sqlite3_prepare_v2(r->db->db, "SELECT started_utc FROM runs WHERE "
                           "run_id = ?", -1, &s, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(s, 1, r->db->run_id);
    const char *t = sqlite3_step(s) == SQLITE_ROW
                        ? (const char *)sqlite3_column_text(s, 0) : NULL;
    if (t && sscanf(t, "%4d-%2d-%2d", &y, &m, &d) == 3)
        snprintf(r->run_date, sizeof r->run_date,
                 r->en ? "%04d-%02d-%02d" : "%02d/%02d/%04d",
                 r->en ? y : d, m, r->en ? d : y);
    sqlite3_finalize(s);
}

zg_status zg_write_report_opts(zg_ctx *ctx, const char *results_sqlite,
                               const char *path, unsigned flags,
                               const zg_report_opts *ro)
{
    return zg_report_write_layers(ctx, results_sqlite, NULL, path, flags,
                                  ro);
}

/* A report being written: its state and its database, kept between the
 * page and the file when the map is put in last (zg_report_begin). */
struct zg_report_job {
    rpt r;
    zg_rdb db;
    bool db_open;
};

static void job_free(zg_report_job *j)
{
    if (!j)
        return;
    zg_ctx *ctx = j->r.ctx;
    zg_sbuf_free(&j->r.out);
    zg_housing_free(&j->r.hs);
    zg_free(ctx, j->r.base);
    zg_free(ctx, j->r.base_real);
    sqlite3_finalize(j->r.atlas_page);
    if (j->db_open)
        zg_rdb_close(&j->db);
    zg_free(ctx, j);
}

/* The options checked and the database opened; *out NULL on failure. */
static zg_status job_open(zg_ctx *ctx, const char *results_sqlite,
                          const zg_map_layers *ml, const zg_report_opts *ro,
                          zg_report_job **out)
{
    const zg_map_opts *opts = ro ? ro->map : NULL;
    const char *lang = opts ? opts->lang : NULL;
    int64_t run_id = opts ? opts->run_id : 0;
    *out = NULL;
    zg_report_job *j = zg_calloc(ctx, 1, sizeof *j);
    if (!j)
        return zg_nomem(ctx, "report");
    rpt *r = &j->r;
    r->ctx = ctx;
    r->mo = opts;
    r->map_layers = ml;
    r->hs.ctx = ctx;
    zg_sbuf_init(&r->out, ctx);
    zg_status st = zg_report_lang(ctx, lang, &r->en);
    const char *layout = ro ? ro->layout : NULL;
    if (!st && layout && strcmp(layout, "official") == 0)
        r->official = true;
    else if (!st && layout && strcmp(layout, "standard") != 0)
        st = zg_fail(ctx, ZG_ERR_USAGE, "unknown report layout '%s': use "
                     "standard or official", layout);
    r->issuing_body = ro ? ro->issuing_body : NULL;
    if (!st) {
        st = zg_rdb_open(ctx, results_sqlite, run_id, &j->db);
        j->db_open = st == ZG_OK;
    }
    r->db = &j->db;
    r->atlas_href = ro ? ro->atlas_href : NULL;
    if (!st && r->atlas_href) {
        st = zg_atlas_pages_table(&j->db, ro->atlas_pages == ZG_ATLAS_ALL);
        if (!st)
            st = zg_rdb_prepare(&j->db, "SELECT page FROM zg_atlas_pages "
                                "WHERE id = ?1 ORDER BY page LIMIT 1",
                                &r->atlas_page);
    }
    if (st) {
        job_free(j);
        return st;
    }
    *out = j;
    return ZG_OK;
}

/* The page into r->out (with r->map_later, all but the map). */
static zg_status job_build(zg_report_job *j, const zg_report_opts *ro)
{
    rpt *r = &j->r;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(r->date, sizeof r->date, r->en ? "%Y-%m-%d" : "%d/%m/%Y", &tm);
    run_date(r);
    zg_status st = choose_base(r, ro ? ro->base_dir : NULL);
    if (!st) {
        put_page(r, &tm);
        st = r->st;
    }
    if (!st && r->out.failed)
        st = zg_nomem(r->ctx, "report");
    return st;
}

static zg_status job_write(zg_report_job *j, zg_stage *stage,
                           const char *path)
{
    zg_ctx *ctx = j->r.ctx;
    zg_status st = write_file(ctx, stage->tmpfile, path, j->r.out.s,
                              j->r.out.len);
    if (!st)
        st = zg_stage_commit(ctx, stage);
    return st;
}

zg_status zg_report_write_layers(zg_ctx *ctx, const char *results_sqlite,
                                 const zg_map_layers *ml, const char *path,
                                 unsigned flags, const zg_report_opts *ro)
{
    if (!ctx)
        return ZG_ERR_USAGE;
    if (!results_sqlite || !path)
        return zg_fail(ctx, ZG_ERR_USAGE, "the report needs a results "
                       "database and an output file");
    zg_report_job *j = NULL;
    zg_status st = job_open(ctx, results_sqlite, ml, ro, &j);
    if (st)
        return st;
    zg_stage stage;
    st = zg_stage_open(ctx, path, flags, "report.html", &stage);
    if (st) {
        job_free(j);
        return st;
    }
    st = job_build(j, ro);
    if (!st)
        st = job_write(j, &stage, path);
    zg_stage_discard(ctx, &stage);
    job_free(j);
    return st;
}

zg_status zg_report_begin(zg_ctx *ctx, const char *results_sqlite,
                          const zg_report_opts *ro, zg_report_job **job)
{
    zg_status st = job_open(ctx, results_sqlite, NULL, ro, job);
    if (st)
        return st;
    (*job)->r.map_later = true;
    st = job_build(*job, ro);
    if (st) {
        job_free(*job);
        *job = NULL;
    }
    return st;
}

zg_status zg_report_end(zg_ctx *ctx, zg_report_job *j,
                        const zg_map_layers *ml, const char *path,
                        unsigned flags)
{
    /* Begun on another thread's context, which may be gone: this one's
     * from now on (they share the allocator). */
    rpt *r = &j->r;
    r->ctx = ctx;
    r->out.ctx = ctx;
    r->hs.ctx = ctx;
    j->db.ctx = ctx;
    r->map_layers = ml;
    r->map_later = false;
    zg_status st = ZG_OK;
    if (r->map_pending) {
        /* The page around the map: the map drawn into its place. */
        zg_sbuf page = r->out;
        zg_sbuf_init(&r->out, ctx);
        zg_sbuf_addn(&r->out, page.s, r->map_at);
        sec_map(r);
        zg_sbuf_addn(&r->out, page.s + r->map_at, page.len - r->map_at);
        zg_sbuf_free(&page);
        st = r->st;
        if (!st && r->out.failed)
            st = zg_nomem(ctx, "report");
    }
    zg_stage stage;
    if (!st)
        st = zg_stage_open(ctx, path, flags, "report.html", &stage);
    if (!st) {
        st = job_write(j, &stage, path);
        zg_stage_discard(ctx, &stage);
    }
    job_free(j);
    return st;
}

void zg_report_job_free(zg_report_job *j)
{
    job_free(j);
}
