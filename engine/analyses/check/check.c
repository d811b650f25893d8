/* SPDX-License-Identifier: MIT
 *
 * check.c: the verdict on proposed clusters. Each proposal gets measures
 * (areas, housing inside and its distance, specialised rice land taken,
 * overlap with existing clusters, parks and other proposals, housing
 * growth around it, expansion totals), each rule of the rule table is
 * evaluated on them (pass, warn, fail, or skipped with the reason), and
 * the proposal's verdict is the worst of its rules. The evidence (homes
 * inside, rice land taken, overlaps) is kept as geometry.
 *
 * The measures reuse the other analyses: areas, the encroachment of each
 * proposal (rings and nearest housing) and the streaming overlay of the
 * land-use layer, so their numbers are the ones those commands report.
 */
#include "check_int.h"

#include "../analyses_int.h"
#include "../../overlay/overlay.h"
#include "../../output/table_writer.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define ZG_CHECK_MAX_RINGS 31 /* one more is added to reach the thresholds */

struct zg_check_opts {
    zg_ctx *ctx;
    char *resid_code_field; /* residential layers are land-use maps */
    char *rules;
    char *hazard_class;
    char *code_field;
    char *codes;
    int threads;
    double rings_m[ZG_CHECK_MAX_RINGS]; /* nrings == 0: encroach's default */
    size_t nrings;
};

typedef struct evidence {
    size_t proposal;
    const char *rule; /* borrowed from the rules */
    const char *kind;
    const char *other; /* the other feature's id, or NULL; borrowed */
    double area_m2;
    GEOSGeometry *geom_ll;
} evidence;

typedef struct check_row {
    size_t proposal;
    const zg_rule *rule;
    double value, threshold;
    zg_verdict verdict;
    char *detail;    /* English, for the database and --lang en */
    char *detail_vi; /* the same in Vietnamese, for the planner's report */
} check_row;

typedef enum {
    M_AREA, M_AREA_PLANE, M_RESID, M_LUC, M_PROT, M_OVERLAP, M_DIST,
    M_GROWTH, M_EXP_TOTAL, M_EXISTING, M_COUNT
} measure_id;

static const char *const MEASURE_NAMES[M_COUNT] = {
    "area_ha", "area_plane_ha", "residential_ha", "luc_ha",
    "protected_agri_ha", "cluster_overlap_ha", "min_dist_residential_m",
    "resid_growth_rings_ha", "expansion_total_ha", "existing_area_ha"};

#define ZG_MAX_CHECK_SOURCES 16

struct zg_check {
    double *reach_m; /* per proposal: no housing within this distance */
    const char **where; /* per proposal: where the nearest housing is
                           (zg_encroach_nearest_where), or NULL */
    bool *not_expansion; /* per proposal: no mo_rong attribute */
    zg_ctx *ctx;
    const zg_layer *props;
    zg_rules *rules;
    double (*m)[M_COUNT];          /* per proposal; NaN = not measured */
    const char *(*why)[M_COUNT];   /* why a measure is missing */
    zg_verdict *verdict;
    check_row *rows;
    size_t nrows;
    evidence *ev;
    size_t nev, evcap;
    zg_layer *extra[4]; /* layers read here, for run_inputs */
    size_t nextra;
    zg_layer *stream_sources[ZG_MAX_CHECK_SOURCES];
    size_t nsources;
    zg_encroach *en;
    GEOSGeometry **overlap; /* per proposal: union of what it overlaps,
                               in its CRS; NULL when nothing */
    zg_qa_log qa;
};

zg_check_opts *zg_check_opts_new(zg_ctx *ctx)
{
    zg_check_opts *o = zg_calloc(ctx, 1, sizeof *o);
    if (!o)
        return NULL;
    o->ctx = ctx;
    o->rules = zg_asprintf(ctx, "%s/rules/hanoi_ccn.csv", zg_data_dir());
    o->hazard_class = zg_strdup(ctx, "I");
    o->codes = zg_strdup(ctx, "tt08_2024");
    if (!o->rules || !o->hazard_class || !o->codes) {
        zg_check_opts_free(o);
        return NULL;
    }
    return o;
}

void zg_check_opts_free(zg_check_opts *o)
{
    if (!o)
        return;
    zg_free(o->ctx, o->rules);
    zg_free(o->ctx, o->hazard_class);
    zg_free(o->ctx, o->code_field);
    zg_free(o->ctx, o->resid_code_field);
    zg_free(o->ctx, o->codes);
    zg_free(o->ctx, o);
}

zg_status zg_check_opts_set_residential_code_field(zg_check_opts *o,
                                                   const char *f)
{
    return zg_opt_string(o->ctx, &o->resid_code_field, f);
}

static zg_status set(zg_ctx *ctx, char **slot, const char *v, const char *def)
{
    char *c = zg_strdup(ctx, v ? v : def);
    if ((v || def) && !c)
        return zg_nomem(ctx, "option");
    zg_free(ctx, *slot);
    *slot = c;
    return ZG_OK;
}

zg_status zg_check_opts_set_rules(zg_check_opts *o, const char *path)
{
    if (!path)
        return ZG_OK;
    return set(o->ctx, &o->rules, path, NULL);
}

zg_status zg_check_opts_set_hazard_class(zg_check_opts *o, const char *c)
{
    for (int k = 0; c && k < 5; k++)
        if (strcmp(c, ZG_HAZARD_CLASSES[k]) == 0)
            return set(o->ctx, &o->hazard_class, c, "I");
    return zg_fail(o->ctx, ZG_ERR_USAGE, "hazard class must be I, II, III, "
                   "IV or V (got '%s')", c ? c : "");
}

zg_status zg_check_opts_set_code_field(zg_check_opts *o, const char *f)
{
    return set(o->ctx, &o->code_field, f, NULL);
}

zg_status zg_check_opts_set_codes(zg_check_opts *o, const char *c)
{
    return set(o->ctx, &o->codes, c, "tt08_2024");
}

zg_status zg_check_opts_set_rings_m(zg_check_opts *o, const double *rings_m,
                                    size_t n)
{
    if (n == 0 || n > ZG_CHECK_MAX_RINGS)
        return zg_fail(o->ctx, ZG_ERR_USAGE, "give 1 to %d ring distances "
                       "(--rings)", ZG_CHECK_MAX_RINGS);
    memcpy(o->rings_m, rings_m, n * sizeof *rings_m);
    o->nrings = n; /* checked (increasing, positive) by the encroachment */
    return ZG_OK;
}

zg_status zg_check_opts_set_threads(zg_check_opts *o, int threads)
{
    o->threads = threads;
    return ZG_OK;
}

/* ---- evidence ----------------------------------------------------------- */

static zg_status add_evidence(zg_ctx *ctx, zg_check *ck, size_t p,
                              const char *rule, const char *kind,
                              const char *other, const GEOSGeometry *cut,
                              PJ *to_ll)
{
    GEOSGeometry *ll = zg_geom_transform(ctx, cut, to_ll, NULL);
    if (!ll)
        return zg_fail(ctx, ZG_ERR_CRS, "evidence cannot be transformed to "
                       "WGS 84");
    zg_status st = zg_grow(ctx, (void **)&ck->ev, &ck->evcap, ck->nev + 1,
                           sizeof *ck->ev);
    if (st) {
        GEOSGeom_destroy_r(ctx->geos, ll);
        return st;
    }
    ck->ev[ck->nev++] = (evidence){p, rule, kind, other,
                                   zg_geodesic_area_m2(ctx, ll), ll};
    return ZG_OK;
}

/* ---- why a measure is missing ------------------------------------------ */

static const char *const WHY_NO_RESID = "needs --residential or --landuse";
static const char *const WHY_NO_LU = "needs --landuse";
static const char *const WHY_NO_CL = "needs --clusters or --parks";
static const char *const WHY_NO_DIST =
    "needs --residential (distances are measured to housing)";
static const char *const WHY_NO_GROWTH =
    "needs two --residential dates";
static const char *const WHY_NO_EXP_CL =
    "needs --clusters (to find the existing cluster named by mo_rong)";
static const char *const WHY_EXP_UNKNOWN =
    "the cluster named by mo_rong is not in --clusters";
static const char *const WHY_LU_EMPTY =
    "the land-use layer has no parcel near the proposals (an empty layer "
    "is no evidence)";
static const char *const WHY_HOUSING_EMPTY =
    "the housing layer has no feature near the proposals (an empty layer "
    "is no evidence)";

/* ---- overlaps with other layers ---------------------------------------- */

/* Add piece (borrowed, the proposals' CRS) to what proposal p overlaps.
 * R12 measures the union: land that a cluster, a park and another
 * proposal all hold is counted once, never more than the proposal. */
static zg_status overlap_add(zg_ctx *ctx, zg_check *ck, size_t p,
                             const GEOSGeometry *piece)
{
    GEOSContextHandle_t h = ctx->geos;
    GEOSGeometry *u = ck->overlap[p] ? GEOSUnion_r(h, ck->overlap[p], piece)
                                     : GEOSGeom_clone_r(h, piece);
    if (!u)
        return zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot join the overlaps of "
                       "proposal %s: %s", ck->props->feats[p].id,
                       zg_geos_lastmsg(ctx));
    GEOSGeometry *poly = NULL;
    zg_status st = zg_geom_polygonal_parts(ctx, u, &poly);
    GEOSGeom_destroy_r(h, u);
    if (st)
        return st;
    if (ck->overlap[p])
        GEOSGeom_destroy_r(h, ck->overlap[p]);
    ck->overlap[p] = poly;
    return ZG_OK;
}

/* The overlap measure of each proposal: the ellipsoidal area of the
 * union, measured like every other piece. */
static zg_status overlap_measure(zg_ctx *ctx, zg_check *ck, PJ *to_ll)
{
    for (size_t p = 0; p < ck->props->n; p++) {
        if (!ck->overlap[p])
            continue;
        GEOSGeometry *ll = zg_geom_transform(ctx, ck->overlap[p], to_ll,
                                             NULL);
        if (!ll)
            return zg_fail(ctx, ZG_ERR_CRS, "the overlaps of proposal %s "
                           "cannot be transformed to WGS 84",
                           ck->props->feats[p].id);
        ck->m[p][M_OVERLAP] = zg_geodesic_area_m2(ctx, ll) / 1e4;
        ck->why[p][M_OVERLAP] = NULL;
        GEOSGeom_destroy_r(ctx->geos, ll);
    }
    return ZG_OK;
}

/* Overlaps of each proposal with the features of `other`. skip[p], when
 * given, is the id of a feature proposal p may overlap (the cluster it
 * expands: a proposal drawn as the whole enlarged cluster covers it). */
static zg_status overlaps_with(zg_ctx *ctx, zg_check *ck, const zg_layer *other,
                               PJ *to_ll, const char *kind,
                               const char *const *skip)
{
    GEOSContextHandle_t h = ctx->geos;
    const zg_layer *P = ck->props;
    bool same = proj_is_equivalent_to_with_ctx(ctx->pj, other->crs.pj,
                                               P->crs.pj, PJ_COMP_EQUIVALENT);
    PJ *tr = same ? NULL : zg_crs_transform_new(ctx, other->crs.pj,
                                                P->crs.pj);
    if (!same && !tr)
        return zg_fail(ctx, ZG_ERR_CRS, "no transformation from %s to %s",
                       other->crs.label, P->crs.label);
    zg_status st = ZG_OK;
    for (size_t j = 0; j < other->n && !st; j++) {
        GEOSGeometry *g = tr ? zg_geom_transform(ctx, other->feats[j].geom_src,
                                                 tr, NULL)
                             : GEOSGeom_clone_r(h, other->feats[j].geom_src);
        if (!g) {
            st = zg_fail(ctx, ZG_ERR_CRS, "feature %s of %s cannot be "
                         "transformed", other->feats[j].id, other->path);
            break;
        }
        for (size_t p = 0; p < P->n && !st; p++) {
            if (skip && skip[p] && strcmp(skip[p], other->feats[j].id) == 0)
                continue;
            char rel = GEOSRelatePattern_r(h, P->feats[p].geom_src, g,
                                           "T********");
            if (rel != 1)
                continue;
            GEOSGeometry *x = GEOSIntersection_r(h, P->feats[p].geom_src, g);
            GEOSGeometry *xp = NULL;
            if (!x)
                st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS: %s",
                             zg_geos_lastmsg(ctx));
            else {
                st = zg_geom_polygonal_parts(ctx, x, &xp);
                GEOSGeom_destroy_r(h, x);
            }
            if (!st && xp) {
                st = add_evidence(ctx, ck, p, "R12", kind,
                                  other->feats[j].id, xp, to_ll);
                if (!st)
                    st = overlap_add(ctx, ck, p, xp);
                GEOSGeom_destroy_r(h, xp);
            }
        }
        GEOSGeom_destroy_r(h, g);
    }
    proj_destroy(tr);
    return st;
}

/* ---- land use: rice land and residential land inside ------------------ */

struct lu_keep {
    const zg_codes *codes;
};

static bool keep_lu(const char *code, void *ud)
{
    const struct lu_keep *k = ud;
    const char *role = zg_codes_role(k->codes, code);
    return strcmp(code, "LUC") == 0 ||
           (role && (strcmp(role, "protected_agri") == 0 ||
                     strcmp(role, "residential") == 0));
}

static bool is_luc(const char *code, void *c)
{
    (void)c;
    return strcmp(code, "LUC") == 0;
}

static bool is_protected(const char *code, void *c)
{
    const char *r = zg_codes_role(c, code);
    return r && strcmp(r, "protected_agri") == 0;
}

static bool is_residential(const char *code, void *c)
{
    const char *r = zg_codes_role(c, code);
    return r && strcmp(r, "residential") == 0;
}

static zg_status landuse_measures(zg_ctx *ctx, zg_check *ck,
                                  const zg_input_opts *lin,
                                  const zg_check_opts *o, PJ *to_ll,
                                  bool have_residential)
{
    const zg_layer *P = ck->props;
    zg_codes *codes = NULL;
    zg_status st = zg_codes_load(ctx, o->codes, &codes);
    const GEOSGeometry **zones = NULL;
    if (!st && !(zones = zg_calloc(ctx, P->n + 1, sizeof *zones)))
        st = zg_nomem(ctx, "zones");
    for (size_t i = 0; !st && i < P->n; i++)
        zones[i] = P->feats[i].geom_src;
    struct lu_keep kud = {codes};
    zg_stream_result sr;
    memset(&sr, 0, sizeof sr);
    if (!st) {
        zg_stream_opts so = {0};
        so.input = lin;
        so.classify = true;
        so.code_field = o->code_field;
        so.keep_class = keep_lu;
        so.keep_ud = &kud;
        so.threads = o->threads > 0 ? o->threads : zg_default_threads();
        so.cut_crs = &P->crs;
        so.zones = zones;
        so.nzones = P->n;
        so.keep_geometry = true;
        so.count_near_dropped = true;
        so.progress_lo = 0.4;
        so.progress_hi = 0.8;
        st = zg_stream_overlay(ctx, &so, &sr);
    }
    /* A layer with no parcel near any proposal says nothing about them:
     * the rules that read it are skipped, not passed. */
    bool covers = !st && (sr.candidates > 0 || sr.near_dropped > 0);
    if (!st && !covers) {
        char *where = zg_layer_label(ctx, sr.source);
        zg_msg(ctx, ZG_MSG_WARNING, "%s has no parcel near the proposals: "
               "the rules on rice land and protected land are skipped",
               where ? where : lin->path);
        zg_free(ctx, where);
        for (size_t z = 0; z < P->n; z++)
            ck->why[z][M_LUC] = ck->why[z][M_PROT] = WHY_LU_EMPTY;
    }
    size_t p = 0;
    for (size_t z = 0; z < P->n && !st && covers; z++) {
        size_t first = p;
        while (p < sr.npieces && sr.pieces[p].zone == z)
            p++;
        struct {
            bool (*want)(const char *, void *);
            measure_id m;
            const char *rule, *kind;
        } W[] = {{is_luc, M_LUC, "R7", "luc_taken"},
                 {is_protected, M_PROT, NULL, NULL},
                 {is_residential, M_RESID, "R4", "residential_land_inside"}};
        for (size_t w = 0; w < 3 && !st; w++) {
            if (W[w].m == M_RESID && have_residential)
                continue; /* the residential layers speak for housing */
            GEOSGeometry *u = NULL;
            st = zg_stream_union(ctx, &sr, first, p, W[w].want, codes, &u);
            if (st)
                break;
            ck->m[z][W[w].m] = 0;
            if (!u)
                continue;
            if (W[w].rule) {
                st = add_evidence(ctx, ck, z, W[w].rule, W[w].kind, NULL, u,
                                  to_ll);
                if (!st)
                    ck->m[z][W[w].m] = ck->ev[ck->nev - 1].area_m2 / 1e4;
            } else {
                GEOSGeometry *ll = zg_geom_transform(ctx, u, to_ll, NULL);
                if (ll) {
                    ck->m[z][W[w].m] = zg_geodesic_area_m2(ctx, ll) / 1e4;
                    GEOSGeom_destroy_r(ctx->geos, ll);
                }
            }
            GEOSGeom_destroy_r(ctx->geos, u);
        }
    }
    if (!st && ck->nsources < ZG_MAX_CHECK_SOURCES) {
        ck->stream_sources[ck->nsources++] = sr.source;
        sr.source = NULL;
    }
    zg_stream_result_clear(ctx, &sr);
    zg_free(ctx, zones);
    zg_codes_free(codes);
    return st;
}

/* ---- verdicts ----------------------------------------------------------- */

static int measure_index(const char *name)
{
    for (int i = 0; i < M_COUNT; i++)
        if (strcmp(MEASURE_NAMES[i], name) == 0)
            return i;
    return -1;
}


/* ---- details in Vietnamese ------------------------------------------------ */

/* What each measure is called in a planner's report. */
static const char *measure_vi(const char *m)
{
    static const char *const T[][2] = {
        {"area_ha", "diện tích elipxoit"},
        {"area_plane_ha", "diện tích trên mặt phẳng VN-2000"},
        {"residential_ha", "nhà ở bên trong"},
        {"luc_ha", "đất chuyên trồng lúa"},
        {"protected_agri_ha", "đất nông nghiệp được bảo vệ"},
        {"cluster_overlap_ha", "diện tích chồng lấn"},
        {"min_dist_residential_m", "khoảng cách tới nhà ở gần nhất"},
        {"resid_growth_rings_ha", "nhà ở tăng thêm trong các vành"},
        {"expansion_total_ha", "tổng diện tích sau mở rộng"},
        {"existing_area_ha", "diện tích cụm hiện có"}};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (strcmp(m, T[i][0]) == 0)
            return T[i][1];
    return m;
}

static const char *unit_of(const char *m)
{
    size_t n = strlen(m);
    return n > 3 && strcmp(m + n - 3, "_ha") == 0 ? "ha" : "m";
}

static const char *why_vi(const char *why);

/* What a rule with threshold "<= 0" forbids, in the planner's words:
 * "phải không quá 0 ha" is how nobody writes it. */
static const char *zero_vi(const char *m)
{
    static const char *const T[][2] = {
        {"residential_ha", "không được có đất ở"},
        {"luc_ha", "không được chiếm đất chuyên trồng lúa"},
        {"protected_agri_ha", "không được chiếm đất nông nghiệp được bảo vệ"},
        {"cluster_overlap_ha", "không được chồng lấn"},
        {"resid_growth_rings_ha", "không được có nhà ở tăng thêm trong các "
                                  "vành"}};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (strcmp(m, T[i][0]) == 0)
            return T[i][1];
    return NULL;
}

/* A flag attribute of a proposal (value 1: yes) as the kind of cluster
 * it makes; NULL for any other attribute. */
static const char *flag_vi(const char *name, size_t n)
{
    static const char *const T[][2] = {{"lang_nghe", "làng nghề"},
                                       {"mien_nui", "miền núi"}};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (strlen(T[i][0]) == n && strncmp(name, T[i][0], n) == 0)
            return T[i][1];
    return NULL;
}

/* Why a rule with condition `when` does not apply, in words rather than
 * the rules file's syntax (';' and, '|' or, '=' and '!='): the two
 * shapes of the bundled rules ("a!=1;b!=1": not for the kinds a or b;
 * "a=1|b=1": only for them) by the kinds' names, any other condition
 * term by term. The condition was checked when the rules were read.
 * New string; caller frees. */
static char *when_vi(zg_ctx *ctx, const char *when)
{
    bool all_not = true, all_is = true;
    size_t nterm = 0;
    char kinds[256] = "", terms[1024] = "";
    for (const char *p = when; *p;) {
        size_t n = strcspn(p, ";|");
        char sep = p[n];
        const char *eq = memchr(p, '=', n);
        bool neg = eq && eq > p && eq[-1] == '!';
        const char *name = p;
        while (*name == ' ')
            name++;
        const char *ne = eq ? eq - (neg ? 1 : 0) : p + n;
        while (ne > name && ne[-1] == ' ')
            ne--;
        const char *val = eq ? eq + 1 : p + n;
        while (*val == ' ' && val < p + n)
            val++;
        const char *ve = p + n;
        while (ve > val && ve[-1] == ' ')
            ve--;
        const char *kind = flag_vi(name, (size_t)(ne - name));
        bool one = ve - val == 1 && *val == '1';
        all_not &= kind && one && neg && sep != '|';
        all_is &= kind && one && !neg && sep != ';';
        size_t kl = strlen(kinds), tl = strlen(terms);
        if (kind)
            snprintf(kinds + kl, sizeof kinds - kl, "%s%s",
                     nterm ? " hoặc " : "", kind);
        snprintf(terms + tl, sizeof terms - tl, "%sthuộc tính %.*s %s '%.*s'",
                 !nterm ? "" : p[-1] == '|' ? " hoặc " : " và ",
                 (int)(ne - name), name, neg ? "khác" : "bằng",
                 (int)(ve - val), val);
        nterm++;
        p += n + (sep ? 1 : 0);
    }
    if (nterm && all_not)
        return zg_asprintf(ctx, "không áp dụng cho cụm công nghiệp %s",
                           kinds);
    if (nterm && all_is)
        return zg_asprintf(ctx, "chỉ áp dụng cho cụm công nghiệp %s", kinds);
    return zg_asprintf(ctx, "không áp dụng (chỉ áp dụng khi %s)", terms);
}


static zg_status evaluate(zg_ctx *ctx, zg_check *ck, const zg_check_opts *o)
{
    const zg_layer *P = ck->props;
    ck->rows = zg_calloc(ctx, P->n * ck->rules->n + 1, sizeof *ck->rows);
    ck->verdict = zg_calloc(ctx, P->n + 1, sizeof *ck->verdict);
    if (!ck->rows || !ck->verdict)
        return zg_nomem(ctx, "checks");
    /* The verdict of a proposal is the worst of its rules: fail, then
     * warn, then skipped (an input was missing: not fully assessed), then
     * pass. Rules that do not apply have no say. */
    static const int RANK[] = {[ZG_VERDICT_PASS] = 0, [ZG_VERDICT_SKIPPED] = 1,
                               [ZG_VERDICT_WARN] = 2, [ZG_VERDICT_FAIL] = 3,
                               [ZG_VERDICT_NA] = -1};
    for (size_t p = 0; p < P->n; p++) {
        const zg_feature *f = &P->feats[p];
        int worst = -1;
        /* The class a proposal without one is given, and the attributes
         * of the rules' conditions it lacks: said in each detail that
         * rests on them and, once per proposal, on stderr. */
        char hazard[16], lacks[256] = "";
        bool own_class = zg_hazard_class_of(P, f, o->hazard_class, hazard,
                                            sizeof hazard);
        bool hazard_used = false;
        for (size_t k = 0; k < ck->rules->n; k++) {
            const zg_rule *r = &ck->rules->r[k];
            char m[128];
            zg_rule_missing_attrs(r, P, f, m, sizeof m);
            for (char *save = NULL, *t = strtok_r(m, ", ", &save); t;
                 t = strtok_r(NULL, ", ", &save))
                if (!strstr(lacks, t))
                    snprintf(lacks + strlen(lacks),
                             sizeof lacks - strlen(lacks), "%s%s",
                             lacks[0] ? ", " : "", t);
            hazard_used = hazard_used ||
                          (r->hazard && zg_rule_applies(r, P, f));
        }
        if (lacks[0])
            zg_msg(ctx, ZG_MSG_WARNING, "proposal %s has no %s: read as "
                   "empty (not 1) by the rules' conditions", f->id, lacks);
        if (!own_class && hazard_used)
            zg_msg(ctx, ZG_MSG_WARNING, "proposal %s has no hazard_class "
                   "(or cap_doc_hai): class %s assumed (--hazard-class)",
                   f->id, hazard);
        for (size_t k = 0; k < ck->rules->n; k++) {
            const zg_rule *r = &ck->rules->r[k];
            check_row *row = &ck->rows[ck->nrows++];
            row->proposal = p;
            row->rule = r;
            row->threshold = NAN;
            int mi = measure_index(r->measure);
            double v = mi >= 0 ? ck->m[p][mi] : NAN;
            row->value = v;
            /* Notes every detail of this rule carries: housing that only
             * touches the boundary (a bare 0 m would read as housing
             * inside), a repaired geometry. */
            bool touches = (mi == M_DIST || mi == M_RESID) && ck->where[p] &&
                           strcmp(ck->where[p], "touches the boundary") == 0;
            char miss[128], cls[96] = "", cls_vi[112] = "";
            char sfx[512], sfx_vi[640];
            zg_rule_missing_attrs(r, P, f, miss, sizeof miss);
            if (r->hazard && !own_class) {
                snprintf(cls, sizeof cls, "; class %s assumed: the proposal "
                         "has no hazard_class", hazard);
                snprintf(cls_vi, sizeof cls_vi, "; giả định cấp %s: đề "
                         "xuất không có thuộc tính hazard_class", hazard);
            }
            snprintf(sfx, sizeof sfx, "%s%s%s%s%s%s",
                     touches ? "; the nearest housing touches the boundary "
                               "(0 m), none inside" : "",
                     cls, miss[0] ? "; no " : "", miss,
                     miss[0] ? " on the proposal: read as empty" : "",
                     f->repaired ? "; the proposal's geometry was repaired "
                                   "(see qa_log)" : "");
            snprintf(sfx_vi, sizeof sfx_vi, "%s%s%s%s%s%s",
                     touches ? "; nhà ở gần nhất chạm ranh giới (0 m), không "
                               "có nhà ở bên trong" : "",
                     cls_vi, miss[0] ? "; đề xuất không có " : "", miss,
                     miss[0] ? ": coi như để trống" : "",
                     f->repaired ? "; hình học của đề xuất đã được sửa (xem "
                                   "nhật ký chất lượng dữ liệu)" : "");
            const char *repaired = sfx, *repaired_vi = sfx_vi;
            const char *mvi = measure_vi(r->measure);
            const char *unit = unit_of(r->measure);
            if (!zg_rule_applies(r, P, f)) {
                row->verdict = ZG_VERDICT_NA;
                row->value = NAN;
                row->detail = zg_asprintf(ctx, "does not apply (when %s)%s",
                                          r->when, repaired);
                char *w = when_vi(ctx, r->when);
                row->detail_vi = w ? zg_asprintf(ctx, "%s%s", w, repaired_vi)
                                   : NULL;
                zg_free(ctx, w);
            } else if ((mi == M_EXP_TOTAL || mi == M_EXISTING) &&
                       ck->not_expansion[p]) {
                row->verdict = ZG_VERDICT_NA;
                row->detail = zg_asprintf(ctx, "does not apply: not an "
                                          "expansion (no attribute mo_rong "
                                          "naming an existing cluster)%s",
                                          repaired);
                row->detail_vi = zg_asprintf(ctx, "không áp dụng: không phải "
                                             "mở rộng cụm (không có thuộc "
                                             "tính mo_rong nêu một cụm hiện "
                                             "có)%s", repaired_vi);
            } else if (mi == M_DIST && isnan(v) && ck->reach_m[p] > 0) {
                /* No housing within the reach: the distance is at least
                 * that far. The reach covers every distance threshold of
                 * the rules, so this can only pass; should it not, the
                 * search was too short to tell. */
                row->verdict = zg_rule_eval(r, ck->reach_m[p], hazard,
                                            &row->threshold);
                if (row->verdict == ZG_VERDICT_PASS) {
                    row->detail = zg_asprintf(ctx, "no housing within %g m%s",
                                              ck->reach_m[p], repaired);
                    row->detail_vi = zg_asprintf(ctx, "không có nhà ở trong "
                                                 "phạm vi %g m%s",
                                                 ck->reach_m[p], repaired_vi);
                } else {
                    row->verdict = ZG_VERDICT_SKIPPED;
                    row->detail = zg_asprintf(ctx, "skipped: housing was "
                                              "looked for within %g m only%s",
                                              ck->reach_m[p], repaired);
                    row->detail_vi = zg_asprintf(ctx, "chưa đánh giá: chỉ "
                                                 "tìm nhà ở trong phạm vi "
                                                 "%g m%s", ck->reach_m[p],
                                                 repaired_vi);
                }
            } else if (isnan(v)) {
                row->verdict = ZG_VERDICT_SKIPPED;
                row->detail = zg_asprintf(ctx, "skipped: %s%s",
                                          mi >= 0 && ck->why[p][mi]
                                              ? ck->why[p][mi]
                                              : "not measured",
                                          repaired);
                row->detail_vi = zg_asprintf(ctx, "chưa đánh giá: %s%s",
                                             why_vi(mi >= 0 ? ck->why[p][mi]
                                                            : NULL),
                                             repaired_vi);
            } else {
                row->verdict = zg_rule_eval(r, v, hazard, &row->threshold);
                if (row->verdict == ZG_VERDICT_SKIPPED) {
                    row->detail = zg_asprintf(ctx, "skipped: no distance for "
                                              "hazard class '%s'%s", hazard,
                                              repaired);
                    row->detail_vi = zg_asprintf(ctx, "chưa đánh giá: bảng "
                                                 "quy định không có khoảng "
                                                 "cách cho cấp độc hại "
                                                 "'%s'%s", hazard,
                                                 repaired_vi);
                } else if (r->hazard) {
                    row->detail = zg_asprintf(ctx, "%s %.2f, hazard class "
                                              "%s needs >= %g%s", r->measure,
                                              v, hazard, row->threshold,
                                              repaired);
                    row->detail_vi = zg_asprintf(ctx, "%s %.2f m; cấp độc hại "
                                                 "%s cần từ %g m trở lên%s",
                                                 mvi, v, hazard,
                                                 row->threshold, repaired_vi);
                } else if (r->cmp == ZG_CMP_BETWEEN) {
                    row->detail = zg_asprintf(ctx, "%s %.4f, allowed %g..%g%s",
                                              r->measure, v, r->lo, r->hi,
                                              repaired);
                    row->detail_vi = zg_asprintf(ctx, "%s %.4f %s; cho phép "
                                                 "từ %g đến %g %s%s", mvi, v,
                                                 unit, r->lo, r->hi, unit,
                                                 repaired_vi);
                } else if (r->cmp == ZG_CMP_LE && r->lo == 0 &&
                           zero_vi(r->measure)) {
                    row->detail = zg_asprintf(ctx, "%s %.4f, must be <= %s%s",
                                              r->measure, v,
                                              r->threshold_text, repaired);
                    row->detail_vi = zg_asprintf(ctx, "%s %.4f %s; %s%s", mvi,
                                                 v, unit, zero_vi(r->measure),
                                                 repaired_vi);
                } else {
                    row->detail = zg_asprintf(ctx, "%s %.4f, must be %s %s%s",
                                              r->measure, v,
                                              r->cmp == ZG_CMP_LE   ? "<="
                                              : r->cmp == ZG_CMP_LT ? "<"
                                              : r->cmp == ZG_CMP_GE ? ">="
                                              : r->cmp == ZG_CMP_GT ? ">"
                                                                    : "==",
                                              r->threshold_text, repaired);
                    row->detail_vi = zg_asprintf(
                        ctx, "%s %.4f %s; phải %s %s %s%s%s", mvi, v, unit,
                        r->cmp == ZG_CMP_LE   ? "không quá"
                        : r->cmp == ZG_CMP_LT ? "nhỏ hơn"
                        : r->cmp == ZG_CMP_GE ? "từ"
                        : r->cmp == ZG_CMP_GT ? "lớn hơn"
                                              : "bằng",
                        r->threshold_text, unit,
                        r->cmp == ZG_CMP_GE ? " trở lên" : "", repaired_vi);
                }
            }
            if (!row->detail || !row->detail_vi)
                return zg_nomem(ctx, "check detail");
            if (worst < 0 || RANK[row->verdict] > RANK[worst])
                worst = RANK[row->verdict] < 0 ? worst : (int)row->verdict;
        }
        /* Every rule n/a (an empty rule table cannot be loaded): skipped. */
        ck->verdict[p] = worst < 0 ? ZG_VERDICT_SKIPPED : (zg_verdict)worst;
    }
    return ZG_OK;
}

/* ---- the whole check ---------------------------------------------------- */

/* The reasons above, as the Vietnamese report gives them. */
static const char *why_vi(const char *why)
{
    if (why == WHY_NO_RESID)
        return "cần dữ liệu nhà ở (--residential) hoặc sử dụng đất "
               "(--landuse)";
    if (why == WHY_NO_LU)
        return "cần dữ liệu sử dụng đất (--landuse)";
    if (why == WHY_NO_CL)
        return "cần lớp cụm công nghiệp (--clusters) hoặc khu công nghiệp "
               "(--parks)";
    if (why == WHY_NO_DIST)
        return "cần dữ liệu nhà ở (--residential): khoảng cách được đo tới "
               "nhà ở";
    if (why == WHY_NO_GROWTH)
        return "cần dữ liệu nhà ở của hai thời điểm (--residential hai lần)";
    if (why == WHY_NO_EXP_CL)
        return "cần lớp cụm công nghiệp (--clusters) để tìm cụm được mở "
               "rộng (mo_rong)";
    if (why == WHY_EXP_UNKNOWN)
        return "cụm ghi trong mo_rong không có trong --clusters";
    if (why == WHY_LU_EMPTY)
        return "lớp sử dụng đất không có thửa nào gần các đề xuất (lớp "
               "trống không phải là bằng chứng)";
    if (why == WHY_HOUSING_EMPTY)
        return "lớp nhà ở không có đối tượng nào gần các đề xuất (lớp "
               "trống không phải là bằng chứng)";
    return why ? why : "chưa đo được";
}

/* The id of the existing cluster proposal f expands (its attribute
 * mo_rong), or NULL. Borrowed from the layer. */
static const char *expands(const zg_layer *P, const zg_feature *f)
{
    int i = zg_attr_index(P, "mo_rong");
    if (i >= 0 && P->fields[i].kind == ZG_FIELD_TEXT &&
        !f->values[i].is_null && f->values[i].s[0])
        return f->values[i].s;
    return NULL;
}

/* Plane area (m²) of proposal f together with existing cluster c: the
 * enlarged cluster, whether the proposal was drawn as the added land or
 * as the whole new outline. Cut in the proposals' CRS. */
static zg_status expansion_total_m2(zg_ctx *ctx, const zg_layer *P,
                                    const zg_feature *f, const zg_layer *C,
                                    const zg_feature *c, PJ *to_plane,
                                    double *out_m2)
{
    GEOSContextHandle_t h = ctx->geos;
    *out_m2 = NAN;
    bool same = proj_is_equivalent_to_with_ctx(ctx->pj, C->crs.pj, P->crs.pj,
                                               PJ_COMP_EQUIVALENT);
    PJ *tr = same ? NULL : zg_crs_transform_new(ctx, C->crs.pj, P->crs.pj);
    GEOSGeometry *cg = same ? GEOSGeom_clone_r(h, c->geom_src)
                      : tr  ? zg_geom_transform(ctx, c->geom_src, tr, NULL)
                            : NULL;
    proj_destroy(tr);
    if (!cg)
        return zg_fail(ctx, ZG_ERR_CRS, "cluster %s cannot be brought into "
                       "the proposals' CRS (%s)", c->id, C->path);
    GEOSGeometry *u = GEOSUnion_r(h, cg, f->geom_src);
    GEOSGeom_destroy_r(h, cg);
    if (!u)
        return zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot join proposal %s to "
                       "cluster %s: %s", f->id, c->id, zg_geos_lastmsg(ctx));
    GEOSGeometry *poly = NULL;
    zg_status st = zg_geom_polygonal_parts(ctx, u, &poly);
    GEOSGeom_destroy_r(h, u);
    if (!st && poly)
        *out_m2 = zg_planar_area_m2(ctx, poly, to_plane);
    if (poly)
        GEOSGeom_destroy_r(h, poly);
    return st;
}

zg_status zg_check_compute(zg_ctx *ctx, const zg_layer *props,
                           const zg_check_inputs *in, const zg_check_opts *o,
                           zg_check **out)
{
    *out = NULL;
    zg_status cst = zg_layer_check_cuttable(ctx, props);
    if (!cst)
        cst = zg_layer_check_cuttable(ctx, in->clusters);
    if (!cst)
        cst = zg_layer_check_cuttable(ctx, in->parks);
    if (cst)
        return cst;
    zg_check_opts *own = NULL;
    if (!o && !(o = own = zg_check_opts_new(ctx)))
        return zg_nomem(ctx, "options");
    zg_check *ck = zg_calloc(ctx, 1, sizeof *ck);
    if (!ck) {
        zg_check_opts_free(own);
        return zg_nomem(ctx, "check");
    }
    ck->ctx = ctx;
    ck->props = props;
    zg_status st = zg_rules_load(ctx, o->rules, &ck->rules);
    ck->m = zg_calloc(ctx, props->n + 1, sizeof *ck->m);
    ck->why = zg_calloc(ctx, props->n + 1, sizeof *ck->why);
    ck->reach_m = zg_calloc(ctx, props->n + 1, sizeof *ck->reach_m);
    ck->where = zg_calloc(ctx, props->n + 1, sizeof *ck->where);
    ck->not_expansion = zg_calloc(ctx, props->n + 1,
                                  sizeof *ck->not_expansion);
    const char **target = zg_calloc(ctx, props->n + 1, sizeof *target);
    ck->overlap = zg_calloc(ctx, props->n + 1, sizeof *ck->overlap);
    if (!st && (!ck->m || !ck->why || !ck->reach_m || !ck->where ||
                !ck->not_expansion ||
                !target || !ck->overlap))
        st = zg_nomem(ctx, "measures");
    for (size_t p = 0; !st && p < props->n; p++)
        for (int k = 0; k < M_COUNT; k++)
            ck->m[p][k] = NAN;
    PJ *wgs = zg_crs_wgs84_new(ctx);
    PJ *to_ll = wgs ? zg_crs_transform_new(ctx, props->crs.pj, wgs) : NULL;
    if (!st && !to_ll)
        st = zg_fail(ctx, ZG_ERR_CRS, "no transformation to WGS 84");

    /* Areas. */
    zg_areas *areas = NULL;
    if (!st)
        st = zg_areas_compute(ctx, props, in->areas_opts, &areas);
    for (size_t p = 0; !st && p < props->n; p++) {
        ck->m[p][M_AREA] = areas->ellipsoidal_m2[p] / 1e4;
        ck->m[p][M_AREA_PLANE] = areas->plane_m2[p] / 1e4;
    }

    /* Overlaps with existing clusters, parks and the other proposals. */
    bool have_cl = in->clusters || in->parks;
    for (size_t p = 0; !st && p < props->n; p++)
        if (have_cl)
            ck->m[p][M_OVERLAP] = 0;
        else
            ck->why[p][M_OVERLAP] = WHY_NO_CL;
    for (size_t p = 0; !st && p < props->n; p++) {
        target[p] = expands(props, &props->feats[p]);
        ck->not_expansion[p] = target[p] == NULL;
    }
    if (!st && in->clusters)
        st = overlaps_with(ctx, ck, in->clusters, to_ll, "existing_cluster",
                           target);
    if (!st && in->parks)
        st = overlaps_with(ctx, ck, in->parks, to_ll, "industrial_park",
                           NULL);
    zg_overlaps *ov = NULL;
    if (!st)
        st = zg_overlaps_compute(ctx, props, NULL, &ov);
    for (size_t i = 0; !st && ov && i < ov->n; i++) {
        const zg_overlap *x = &ov->items[i];
        if (x->sliver)
            continue;
        size_t who[2] = {x->a, x->b};
        /* The same piece, cut again in the proposals' CRS for the union
         * (the overlap table keeps it in WGS 84 only). */
        GEOSGeometry *cut = GEOSIntersection_r(ctx->geos,
                                               props->feats[x->a].geom_src,
                                               props->feats[x->b].geom_src);
        GEOSGeometry *piece = NULL;
        if (!cut)
            st = zg_fail(ctx, ZG_ERR_GEOM, "GEOS cannot intersect proposals "
                         "%s and %s: %s", props->feats[x->a].id,
                         props->feats[x->b].id, zg_geos_lastmsg(ctx));
        else {
            st = zg_geom_polygonal_parts(ctx, cut, &piece);
            GEOSGeom_destroy_r(ctx->geos, cut);
        }
        for (int s = 0; s < 2 && !st; s++) {
            size_t p = who[s];
            if (piece)
                st = overlap_add(ctx, ck, p, piece);
            if (!st)
                st = zg_grow(ctx, (void **)&ck->ev, &ck->evcap,
                             ck->nev + 1, sizeof *ck->ev);
            if (!st) {
                GEOSGeometry *g = GEOSGeom_clone_r(ctx->geos, x->geom_ll);
                ck->ev[ck->nev++] = (evidence){
                    p, "R12", "other_proposal",
                    props->feats[who[1 - s]].id, x->overlap_m2, g};
            }
        }
        if (piece)
            GEOSGeom_destroy_r(ctx->geos, piece);
    }
    zg_overlaps_free(ov);
    if (!st)
        st = overlap_measure(ctx, ck, to_ll);

    /* Expansions of existing clusters (attribute mo_rong = its id). */
    zg_areas *cl_areas = NULL;
    zg_crs plane = {0};
    PJ *to_plane = NULL;
    if (!st && in->clusters)
        st = zg_areas_compute(ctx, in->clusters, in->areas_opts, &cl_areas);
    if (!st && in->clusters) {
        st = zg_plane_crs_resolve(ctx, in->plane_crs ? in->plane_crs
                                                     : ZG_DEFAULT_PLANE_CRS,
                                  &plane);
        if (!st && !(to_plane = zg_crs_transform_new(ctx, props->crs.pj,
                                                     plane.pj)))
            st = zg_fail(ctx, ZG_ERR_CRS, "no transformation from %s to %s",
                         props->crs.label, plane.label);
    }
    for (size_t p = 0; !st && p < props->n; p++) {
        if (!target[p])
            continue; /* not an expansion: R3 and R14 do not apply */
        ck->why[p][M_EXP_TOTAL] = ck->why[p][M_EXISTING] =
            in->clusters ? WHY_EXP_UNKNOWN : WHY_NO_EXP_CL;
        for (size_t j = 0; cl_areas && j < in->clusters->n && !st; j++)
            if (strcmp(in->clusters->feats[j].id, target[p]) == 0) {
                double total_m2;
                ck->m[p][M_EXISTING] = cl_areas->plane_m2[j] / 1e4;
                st = expansion_total_m2(ctx, props, &props->feats[p],
                                        in->clusters, &in->clusters->feats[j],
                                        to_plane, &total_m2);
                ck->m[p][M_EXP_TOTAL] = total_m2 / 1e4;
                break;
            }
    }
    proj_destroy(to_plane);
    zg_crs_clear(ctx, &plane);
    zg_free(ctx, target);
    zg_areas_free(cl_areas);
    zg_areas_free(areas);

    /* Housing: inside, nearest, growth in the rings. The residential
     * layers, or, when there is none, the land-use layer's residential
     * codes (one date: no growth). */
    size_t nres = in->nresidential;
    bool lu_housing = !nres && in->landuse;
    const zg_input_opts *const *hsrc = lu_housing ? &in->landuse
                                                  : in->residential;
    size_t nh = lu_housing ? 1 : nres;
    for (size_t p = 0; !st && p < props->n; p++) {
        if (!nh) {
            ck->why[p][M_RESID] = WHY_NO_RESID;
            ck->why[p][M_DIST] = WHY_NO_DIST;
        }
        if (nres < 2)
            ck->why[p][M_GROWTH] = WHY_NO_GROWTH;
        if (!in->landuse) {
            ck->why[p][M_LUC] = ck->why[p][M_PROT] = WHY_NO_LU;
        }
    }
    /* The rings: the user's (or the default 50..1000 m), and one more out
     * to the largest distance a rule asks for, so that "no housing found"
     * always means "none within the threshold". Growth (R13) is summed
     * over the user's rings only. */
    double rings[ZG_CHECK_MAX_RINGS + 1] = {50, 100, 300, 500, 1000};
    size_t nuser = 5;
    if (o->nrings) {
        memcpy(rings, o->rings_m, o->nrings * sizeof *rings);
        nuser = o->nrings;
    }
    size_t nrings = nuser;
    double far_m = 0;
    for (size_t k = 0; ck->rules && k < ck->rules->n; k++) {
        const zg_rule *r = &ck->rules->r[k];
        if (strcmp(r->measure, "min_dist_residential_m") != 0)
            continue;
        far_m = fmax(far_m, r->cmp == ZG_CMP_BETWEEN ? r->hi : r->lo);
        for (int c = 0; r->hazard && c < 5; c++)
            far_m = fmax(far_m, r->hazard_m[c]);
    }
    if (isfinite(far_m) && far_m > rings[nrings - 1])
        rings[nrings++] = far_m;
    if (!st && nh) {
        zg_encroach_opts *eo = zg_encroach_opts_new(ctx);
        if (!eo)
            st = zg_nomem(ctx, "options");
        if (!st && o->threads)
            st = zg_encroach_opts_set_threads(eo, o->threads);
        if (!st && in->plane_crs)
            st = zg_encroach_opts_set_plane_crs(eo, in->plane_crs);
        if (!st)
            st = zg_encroach_opts_set_rings_m(eo, rings, nrings);
        if (!st && lu_housing)
            st = zg_encroach_opts_classify(eo, o->code_field);
        else if (!st && o->resid_code_field)
            st = zg_encroach_opts_set_code_field(eo, o->resid_code_field);
        if (!st)
            st = zg_encroach_opts_set_codes(eo, o->codes);
        const char *labels[ZG_MAX_CHECK_SOURCES];
        char lb[ZG_MAX_CHECK_SOURCES][16];
        for (size_t e = 0; e < nh && e < ZG_MAX_CHECK_SOURCES; e++) {
            snprintf(lb[e], sizeof lb[e], "%zu", e + 1);
            labels[e] = lb[e];
        }
        if (!st)
            st = zg_encroach_compute(ctx, props, hsrc, labels, nh, eo,
                                     &ck->en);
        zg_encroach_opts_free(eo);
        /* A housing layer with nothing near the proposals and their rings
         * (empty, or of another place) is no evidence of no housing. */
        bool latest_covers = true, all_cover = true;
        for (size_t e = 0; !st && e < nh; e++) {
            if (zg_encroach_covers(ck->en, e))
                continue;
            all_cover = false;
            latest_covers = latest_covers && e + 1 < nh;
            char *where = zg_layer_label(ctx, zg_encroach_source(ck->en, e));
            zg_msg(ctx, ZG_MSG_WARNING, "%s has no feature near the "
                   "proposals: the rules it serves are skipped",
                   where ? where : hsrc[e]->path);
            zg_free(ctx, where);
        }
        for (size_t p = 0; !st && p < props->n; p++) {
            if (!all_cover && nres >= 2)
                ck->why[p][M_GROWTH] = WHY_HOUSING_EMPTY;
            if (latest_covers)
                continue;
            ck->why[p][M_RESID] = ck->why[p][M_DIST] = WHY_HOUSING_EMPTY;
        }
        for (size_t p = 0; !st && latest_covers && p < props->n; p++) {
            const GEOSGeometry *u = zg_encroach_union(ck->en, p, 0, nh - 1);
            ck->m[p][M_RESID] = zg_encroach_resid_m2(ck->en, p, 0, nh - 1)
                                / 1e4;
            if (u)
                st = add_evidence(ctx, ck, p, "R4",
                                  lu_housing ? "residential_land_inside"
                                             : "housing_inside",
                                  NULL, u, to_ll);
            /* No housing within the outermost ring: the distance is at
             * least that far; rules compare with that bound. */
            double d = zg_encroach_nearest_m(ck->en, p);
            ck->m[p][M_DIST] = d;
            ck->where[p] = zg_encroach_nearest_where(ck->en, p);
            if (isnan(d))
                ck->reach_m[p] = zg_encroach_reach_m(ck->en);
        }
        for (size_t p = 0; !st && all_cover && p < props->n; p++) {
            if (nres >= 2) {
                double g = 0;
                for (size_t k = 1; k <= nuser; k++)
                    for (size_t e = 1; e < nres; e++)
                        g += zg_encroach_added_m2(ck->en, p, k, e);
                ck->m[p][M_GROWTH] = g / 1e4;
            }
        }
    }
    if (!st && in->landuse)
        st = landuse_measures(ctx, ck, in->landuse, o, to_ll, nh > 0);
    if (!st)
        st = evaluate(ctx, ck, o);
    proj_destroy(to_ll);
    proj_destroy(wgs);
    zg_check_opts_free(own);
    if (st) {
        zg_check_free(ck);
        return st;
    }
    *out = ck;
    return ZG_OK;
}

void zg_check_free(zg_check *ck)
{
    if (!ck)
        return;
    zg_ctx *ctx = ck->ctx;
    for (size_t i = 0; i < ck->nrows; i++) {
        zg_free(ctx, ck->rows[i].detail);
        zg_free(ctx, ck->rows[i].detail_vi);
    }
    zg_free(ctx, ck->rows);
    for (size_t i = 0; i < ck->nev; i++)
        if (ck->ev[i].geom_ll)
            GEOSGeom_destroy_r(ctx->geos, ck->ev[i].geom_ll);
    zg_free(ctx, ck->ev);
    for (size_t i = 0; i < ck->nsources; i++)
        zg_layer_free(ck->stream_sources[i]);
    zg_encroach_free(ck->en);
    for (size_t p = 0; ck->overlap && p < ck->props->n; p++)
        if (ck->overlap[p])
            GEOSGeom_destroy_r(ctx->geos, ck->overlap[p]);
    zg_free(ctx, ck->overlap);
    zg_rules_free(ck->rules);
    zg_free(ctx, ck->m);
    zg_free(ctx, (void *)ck->why);
    zg_free(ctx, ck->verdict);
    zg_free(ctx, ck->reach_m);
    zg_free(ctx, (void *)ck->where);
    zg_free(ctx, ck->not_expansion);
    zg_qa_clear(ctx, &ck->qa);
    zg_free(ctx, ck);
}

const char *zg_check_verdict(const zg_check *ck, size_t proposal)
{
    return ck && proposal < ck->props->n
               ? zg_verdict_str(ck->verdict[proposal]) : NULL;
}

/* ---- output ------------------------------------------------------------- */

static const zg_col P_COLS[] = {
    {"fid", ZG_COL_INT},           {"proposal_id", ZG_COL_TEXT},
    {"name", ZG_COL_TEXT},         {"area_ha", ZG_COL_REAL},
    {"area_plane_ha", ZG_COL_REAL}, {"residential_ha", ZG_COL_REAL},
    {"luc_ha", ZG_COL_REAL},       {"cluster_overlap_ha", ZG_COL_REAL},
    {"min_dist_residential_m", ZG_COL_REAL},
    {"nearest_residential_where", ZG_COL_TEXT}, {"verdict", ZG_COL_TEXT},
    {"repaired", ZG_COL_INT}};
#define NP_COLS (sizeof P_COLS / sizeof *P_COLS)

static zg_status p_row(void *ud, size_t i, zg_cell *c, const GEOSGeometry **g)
{
    const zg_check *ck = ud;
    const zg_feature *f = &ck->props->feats[i];
    c[0].i = (long long)i + 1;
    c[1].s = f->id;
    c[2].s = f->name;
    c[3].d = ck->m[i][M_AREA];
    c[4].d = ck->m[i][M_AREA_PLANE];
    c[5].d = ck->m[i][M_RESID];
    c[6].d = ck->m[i][M_LUC];
    c[7].d = ck->m[i][M_OVERLAP];
    c[8].d = ck->m[i][M_DIST];
    c[9].s = ck->where[i];
    c[9].is_null = ck->where[i] == NULL;
    c[10].s = zg_verdict_str(ck->verdict[i]);
    c[11].i = f->repaired;
    zg_layer_cells(ck->props, f, c + NP_COLS); /* the input's attributes */
    *g = f->geom_ll;
    return ZG_OK;
}

static const zg_col C_COLS[] = {
    {"pk", ZG_COL_INT},         {"proposal_id", ZG_COL_TEXT},
    {"rule_id", ZG_COL_TEXT},   {"value", ZG_COL_REAL},
    {"unit", ZG_COL_TEXT},      {"threshold", ZG_COL_TEXT},
    {"verdict", ZG_COL_TEXT},   {"detail", ZG_COL_TEXT},
    {"detail_vi", ZG_COL_TEXT},
    {"severity", ZG_COL_TEXT},  {"source", ZG_COL_TEXT},
    {"description_vi", ZG_COL_TEXT}, {"description_en", ZG_COL_TEXT}};

struct c_ud {
    const zg_check *ck;
    char thr[64];
};

static zg_status c_row(void *ud, size_t i, zg_cell *c, const GEOSGeometry **g)
{
    struct c_ud *u = ud;
    const check_row *r = &u->ck->rows[i];
    const char *m = r->rule->measure;
    size_t ml = strlen(m);
    c[0].i = (long long)i + 1;
    c[1].s = u->ck->props->feats[r->proposal].id;
    c[2].s = r->rule->id;
    c[3].d = r->value;
    c[4].s = ml > 3 && strcmp(m + ml - 3, "_ha") == 0 ? "ha" : "m";
    if (r->rule->hazard && !isnan(r->threshold))
        snprintf(u->thr, sizeof u->thr, "%g", r->threshold);
    else
        snprintf(u->thr, sizeof u->thr, "%s", r->rule->threshold_text);
    c[5].s = u->thr;
    c[6].s = zg_verdict_str(r->verdict);
    c[7].s = r->detail;
    c[8].s = r->detail_vi;
    c[9].s = r->rule->fail ? "fail" : "warn";
    c[10].s = r->rule->source;
    c[11].s = r->rule->desc_vi;
    c[12].s = r->rule->desc_en;
    *g = NULL;
    return ZG_OK;
}

static const zg_col E_COLS[] = {
    {"pk", ZG_COL_INT},       {"proposal_id", ZG_COL_TEXT},
    {"rule_id", ZG_COL_TEXT}, {"kind", ZG_COL_TEXT},
    {"other_id", ZG_COL_TEXT}, {"area_ha", ZG_COL_REAL}};

static zg_status e_row(void *ud, size_t i, zg_cell *c, const GEOSGeometry **g)
{
    const zg_check *ck = ud;
    const evidence *e = &ck->ev[i];
    c[0].i = (long long)i + 1;
    c[1].s = ck->props->feats[e->proposal].id;
    c[2].s = e->rule;
    c[3].s = e->kind;
    c[4].s = e->other;
    c[4].is_null = e->other == NULL;
    c[5].d = e->area_m2 / 1e4;
    *g = e->geom_ll;
    return ZG_OK;
}

zg_status zg_output_write_check(zg_output *out, const zg_check *ck)
{
    zg_status st = zg_output_add_input(out, ck->props);
    for (size_t i = 0; !st && i < ck->nsources; i++)
        st = zg_output_add_input(out, ck->stream_sources[i]);
    for (size_t e = 0; !st && ck->en && e < zg_encroach_nepochs(ck->en); e++)
        if (zg_encroach_source(ck->en, e))
            st = zg_output_add_input(out, zg_encroach_source(ck->en, e));
    size_t npc = 0;
    zg_col *pc = st ? NULL : zg_layer_cols_new(out->ctx, ck->props, P_COLS,
                                               NP_COLS, &npc);
    if (!st && !pc)
        st = zg_nomem(out->ctx, "column names");
    zg_table pt = {"proposals", pc, npc, ck->props->n, true, "MULTIPOLYGON",
                   p_row, (void *)ck};
    struct c_ud cu = {ck, ""};
    zg_table ct = {"proposal_checks", C_COLS, sizeof C_COLS / sizeof *C_COLS,
                   ck->nrows, true, NULL, c_row, &cu};
    zg_table et = {"proposal_evidence", E_COLS, sizeof E_COLS / sizeof *E_COLS,
                   ck->nev, true, "MULTIPOLYGON", e_row, (void *)ck};
    if (!st)
        st = zg_table_write_sqlite(out, &pt);
    zg_layer_cols_free(out->ctx, pc, npc, NP_COLS);
    if (!st)
        st = zg_table_write_sqlite(out, &ct);
    if (!st)
        st = zg_table_write_sqlite(out, &et);
    if (!st) {
        char *opt = zg_asprintf(out->ctx, " rules=%s", ck->rules->path);
        st = opt ? zg_output_append_options(out, opt)
                 : zg_nomem(out->ctx, "options");
        zg_free(out->ctx, opt);
    }
    return st;
}

zg_status zg_write_check_geojson(zg_ctx *ctx, const char *dir, unsigned flags,
                                 const zg_check *ck)
{
    char *a = zg_asprintf(ctx, "%s/proposals.geojson", dir);
    char *b = zg_asprintf(ctx, "%s/proposal_evidence.geojson", dir);
    zg_status st = a && b ? ZG_OK : zg_nomem(ctx, "path");
    size_t npc = 0;
    zg_col *pc = st ? NULL : zg_layer_cols_new(ctx, ck->props, P_COLS,
                                               NP_COLS, &npc);
    if (!st && !pc)
        st = zg_nomem(ctx, "column names");
    zg_table pt = {"proposals", pc, npc, ck->props->n, true, "MULTIPOLYGON",
                   p_row, (void *)ck};
    zg_table et = {"proposal_evidence", E_COLS, sizeof E_COLS / sizeof *E_COLS,
                   ck->nev, true, "MULTIPOLYGON", e_row, (void *)ck};
    if (!st)
        st = zg_table_write_geojson(ctx, a, flags, &pt);
    if (!st)
        st = zg_table_write_geojson(ctx, b, flags, &et);
    zg_layer_cols_free(ctx, pc, npc, NP_COLS);
    zg_free(ctx, a);
    zg_free(ctx, b);
    return st;
}
