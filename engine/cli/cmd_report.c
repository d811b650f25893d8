/* SPDX-License-Identifier: MIT
 *
 * cmd_report.c: `zoneguard map RESULTS.sqlite -o MAP.png|.pdf|.svg` and
 * `zoneguard report RESULTS.sqlite -o REPORT.html` and `zoneguard atlas
 * RESULTS.sqlite -o ATLAS.pdf`: the overview map, the atlas and
 * the planner's report of any results database a zoneguard command
 * wrote.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void map_help(void)
{
    puts("usage: zoneguard map RESULTS.sqlite -o MAP.png|MAP.pdf|MAP.svg "
         "[options]\n"
         "\n"
         "Draw the overview map of a results database written by any\n"
         "zoneguard command: clusters (proposed ones pale, dashed), overlaps\n"
         "in red, new housing in magenta, free land in green, proposals by\n"
         "verdict; legend, scale bar, north arrow, title and date. The\n"
         "format follows the extension: PNG (150 dpi), PDF or SVG, A4 or A3\n"
         "landscape.\n"
         "\n"
         "options:\n"
         "  -o, --output FILE     the map (required)\n"
         "      --title TEXT      title (default \"Cụm công nghiệp Hà Nội\")\n"
         "      --lang vi|en      legend language (default vi)\n"
         "      --districts F     a polygon layer drawn under everything\n"
         "                        (e.g. geodata/real/dvhcvn/"
         "hanoi_districts.geojson)\n"
         "      --districts-encoding ENC  its text encoding (as for\n"
         "                        'zoneguard areas --encoding'; default auto)\n"
         "      --boundaries-label TEXT  its legend (default \"Ranh giới\n"
         "                        hành chính\", in English \"Administrative\n"
         "                        boundaries\")\n"
         "      --page A4|A3      page size (default A4)\n"
         "      --date TEXT       date printed under the title (default:\n"
         "                        today, UTC)\n"
         "      --run N           the run to draw, of a database that holds\n"
         "                        several (--append); default: the latest\n"
         "      --overwrite       replace an existing file\n"
         "  -q, --quiet, -h, --help");
}

static void report_help(void)
{
    puts("usage: zoneguard report RESULTS.sqlite -o REPORT.html [options]\n"
         "\n"
         "Write the planner's report of a results database: one HTML file\n"
         "that needs nothing else (no network, no other file; it prints on\n"
         "A4, each page numbered): a one-page summary of the findings, the\n"
         "overview map, a section per analysis present (with a housing\n"
         "chart per cluster), and as appendices the provenance of the run\n"
         "(versions, inputs with SHA-256, options) and the data-quality\n"
         "log.\n"
         "\n"
         "options:\n"
         "  -o, --output FILE     the report (required)\n"
         "      --lang vi|en      language (default vi)\n"
         "      --title TEXT      the map's title, as for 'zoneguard map'\n"
         "      --districts F     boundaries drawn under the map, with\n"
         "      --districts-encoding ENC and --boundaries-label TEXT as\n"
         "                        for 'zoneguard map'\n"
         "      --run N           the run to report, of a database that\n"
         "                        holds several (--append); default: the\n"
         "                        latest\n"
         "      --layout standard|official  printed form (default standard;\n"
         "                        official: Decree 30/2020/NĐ-CP, Times New\n"
         "                        Roman 13 pt, its margins, national heading)\n"
         "      --issuing-body TEXT  the issuing body, top left of the\n"
         "                        official layout\n"
         "      --atlas PATH      link each proposal and cluster that has a\n"
         "                        page in the atlas to it (PATH#page=N;\n"
         "                        PATH as the report's reader reaches it,\n"
         "                        e.g. atlas.pdf beside the report)\n"
         "      --atlas-pages flagged|all  the pages of that atlas, as\n"
         "                        'zoneguard atlas --atlas' chose them\n"
         "                        (default flagged)\n"
         "      --overwrite       replace an existing file\n"
         "  -q, --quiet, -h, --help");
}

enum {
    O_TITLE = 256, O_LANG, O_DISTRICTS, O_PAGE, O_DATE, O_OVERWRITE,
    O_DISTRICTS_ENC, O_RUN, O_BOUNDARIES_LABEL, O_LAYOUT, O_ISSUING_BODY,
    O_ATLAS_HREF, O_ATLAS_PAGES
};

/* --atlas flagged|all (atlas), --atlas-pages flagged|all (report). */
static bool parse_pages(const char *v, int *pages)
{
    if (strcmp(v, "all") == 0)
        *pages = ZG_ATLAS_ALL;
    else if (strcmp(v, "flagged") == 0)
        *pages = ZG_ATLAS_FLAGGED;
    else
        return false;
    return true;
}

/* --run N: a run_id, a whole number from 1. */
static bool parse_run(const char *v, int64_t *run_id)
{
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || end == v || *end || n < 1)
        return false;
    *run_id = n;
    return true;
}

static bool lang_ok(const char *lang)
{
    return strcmp(lang, "vi") == 0 || strcmp(lang, "en") == 0;
}

/* A context for drawing the results database `db` into `output`, once
 * the paths are checked (an output that is an input): 0, or the exit code
 * after printing why (*ctx is then NULL). */
static int open_ctx(cli_env *env, const char *db, const zg_map_opts *mo,
                    const char *output, zg_ctx **ctx)
{
    int rc = cli_ctx_new(env, ctx);
    if (rc)
        return rc;
    const zg_path_use uses[] = {
        {ZG_PATH_INPUT, "results database", db, NULL},
        {ZG_PATH_INPUT, "--districts", mo->districts, NULL},
        {ZG_PATH_OUTPUT_FILE, "-o", output, NULL}};
    rc = cli_check_paths(*ctx, uses, sizeof uses / sizeof uses[0]);
    if (rc) {
        zg_ctx_free(*ctx);
        *ctx = NULL;
    }
    return rc;
}

int cmd_map(int argc, char **argv, cli_env *env)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"title", required_argument, NULL, O_TITLE},
        {"lang", required_argument, NULL, O_LANG},
        {"districts", required_argument, NULL, O_DISTRICTS},
        {"districts-encoding", required_argument, NULL, O_DISTRICTS_ENC},
        {"boundaries-label", required_argument, NULL, O_BOUNDARIES_LABEL},
        {"page", required_argument, NULL, O_PAGE},
        {"date", required_argument, NULL, O_DATE},
        {"run", required_argument, NULL, O_RUN},
        {"overwrite", no_argument, NULL, O_OVERWRITE},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    zg_map_opts mo = {0};
    const char *output = NULL, *page = NULL;
    unsigned flags = 0;
    int c;
    cli_opts g = {.cmd = "map", .longopts = longopts};
    while ((c = cli_getopt(&g, argc, argv)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case O_TITLE: mo.title = optarg; break;
        case O_LANG: mo.lang = optarg; break;
        case O_DISTRICTS: mo.districts = optarg; break;
        case O_DISTRICTS_ENC: mo.districts_encoding = optarg; break;
        case O_BOUNDARIES_LABEL: mo.boundaries_label = optarg; break;
        case O_PAGE: page = optarg; break;
        case O_DATE: mo.date_text = optarg; break;
        case O_RUN:
            if (!parse_run(optarg, &mo.run_id))
                return cli_usage_error("map", "--run takes a run number "
                                       "(runs.run_id) from 1 (got '%s')",
                                       optarg);
            break;
        case O_OVERWRITE: flags |= ZG_OUTPUT_OVERWRITE; break;
        case 'q': break;
        case 'h': map_help(); return ZG_EXIT_OK;
        default: /* cli_getopt said why */
            return ZG_EXIT_USAGE;
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("map", "give exactly one results database");
    if (!output)
        return cli_usage_error("map", "give the map with -o MAP.png, .pdf "
                               "or .svg");
    int urc = cli_encoding_needs_input("map", "districts",
                                       mo.districts_encoding,
                                       mo.districts != NULL);
    if (urc)
        return urc;
    if (mo.lang && !lang_ok(mo.lang))
        return cli_usage_error("map", "--lang must be vi or en (got '%s')",
                               mo.lang);
    if (page && strcasecmp(page, "A4") == 0)
        mo.page = ZG_PAGE_A4;
    else if (page && strcasecmp(page, "A3") == 0)
        mo.page = ZG_PAGE_A3;
    else if (page)
        return cli_usage_error("map", "--page must be A4 or A3 (got '%s')",
                               page);
    zg_ctx *ctx = NULL;
    int rc = open_ctx(env, argv[optind], &mo, output, &ctx);
    if (rc)
        return rc;
    zg_status st = zg_render_map(ctx, argv[optind], output, flags, &mo);
    if (st)
        rc = cli_fail(ctx, st);
    else if (!env->quiet)
        cli_eprintf("zoneguard: map -> %s\n", output);
    zg_ctx_free(ctx);
    return rc;
}

int cmd_report(int argc, char **argv, cli_env *env)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, O_LANG},
        {"title", required_argument, NULL, O_TITLE},
        {"districts", required_argument, NULL, O_DISTRICTS},
        {"districts-encoding", required_argument, NULL, O_DISTRICTS_ENC},
        {"boundaries-label", required_argument, NULL, O_BOUNDARIES_LABEL},
        {"run", required_argument, NULL, O_RUN},
        {"layout", required_argument, NULL, O_LAYOUT},
        {"issuing-body", required_argument, NULL, O_ISSUING_BODY},
        {"atlas", required_argument, NULL, O_ATLAS_HREF},
        {"atlas-pages", required_argument, NULL, O_ATLAS_PAGES},
        {"overwrite", no_argument, NULL, O_OVERWRITE},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *output = NULL;
    zg_map_opts mo = {0}; /* the report's map, as 'map' draws it */
    zg_report_opts ro = {&mo, NULL, NULL, NULL, NULL, ZG_ATLAS_FLAGGED};
    bool pages_given = false;
    unsigned flags = 0;
    int c;
    cli_opts g = {.cmd = "report", .longopts = longopts};
    while ((c = cli_getopt(&g, argc, argv)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case O_LANG: mo.lang = optarg; break;
        case O_TITLE: mo.title = optarg; break;
        case O_DISTRICTS: mo.districts = optarg; break;
        case O_DISTRICTS_ENC: mo.districts_encoding = optarg; break;
        case O_BOUNDARIES_LABEL: mo.boundaries_label = optarg; break;
        case O_LAYOUT: ro.layout = optarg; break;
        case O_ISSUING_BODY: ro.issuing_body = optarg; break;
        case O_ATLAS_HREF:
            if (!*optarg)
                return cli_usage_error("report", "--atlas needs the path "
                                       "of the atlas");
            ro.atlas_href = optarg;
            break;
        case O_ATLAS_PAGES:
            if (!parse_pages(optarg, &ro.atlas_pages))
                return cli_usage_error("report", "--atlas-pages must be "
                                       "flagged or all (got '%s')", optarg);
            pages_given = true;
            break;
        case O_RUN:
            if (!parse_run(optarg, &mo.run_id))
                return cli_usage_error("report", "--run takes a run number "
                                       "(runs.run_id) from 1 (got '%s')",
                                       optarg);
            break;
        case O_OVERWRITE: flags |= ZG_OUTPUT_OVERWRITE; break;
        case 'q': break;
        case 'h': report_help(); return ZG_EXIT_OK;
        default: /* cli_getopt said why */
            return ZG_EXIT_USAGE;
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("report", "give exactly one results "
                               "database");
    if (!output)
        return cli_usage_error("report", "give the report with -o "
                               "REPORT.html");
    if (mo.lang && !lang_ok(mo.lang))
        return cli_usage_error("report", "--lang must be vi or en (got "
                               "'%s')", mo.lang);
    if (pages_given && !ro.atlas_href)
        return cli_usage_error("report", "--atlas-pages says which pages "
                               "the atlas of --atlas has: give --atlas "
                               "too");
    if (ro.layout && strcmp(ro.layout, "standard") != 0 &&
        strcmp(ro.layout, "official") != 0)
        return cli_usage_error("report", "--layout must be standard or "
                               "official (got '%s')", ro.layout);
    int urc = cli_encoding_needs_input("report", "districts",
                                       mo.districts_encoding,
                                       mo.districts != NULL);
    if (urc)
        return urc;
    zg_ctx *ctx = NULL;
    int rc = open_ctx(env, argv[optind], &mo, output, &ctx);
    if (rc)
        return rc;
    zg_status st = zg_write_report_opts(ctx, argv[optind], output, flags,
                                        &ro);
    if (st)
        rc = cli_fail(ctx, st);
    else if (!env->quiet)
        cli_eprintf("zoneguard: report -> %s\n", output);
    zg_ctx_free(ctx);
    return rc;
}

static void atlas_help(void)
{
    puts("usage: zoneguard atlas RESULTS.sqlite -o ATLAS.pdf [options]\n"
         "\n"
         "Write the atlas of a results database: an A4 landscape PDF with\n"
         "one page per proposal (by id), then one per cluster (by id) that\n"
         "has housing inside at any date or new housing in its rings. Each\n"
         "page: a zoom map at a round scale 1:N in the run's plane CRS\n"
         "(VN-2000) with a grid of its coordinates in metres and a scale\n"
         "bar (the feature, its rings, housing, new housing, free land,\n"
         "overlaps, the evidence of failed rules, over the parcels by\n"
         "land-use role read again from the land-use layer the run read;\n"
         "around a proposal, the housing of each date from the run's\n"
         "residential layers; one missing or changed since the run is a\n"
         "warning, and the pages say what they leave out), and beside it the\n"
         "figures, the verdicts and a bar chart of the housing per ring\n"
         "and date. The same database gives the same bytes.\n"
         "\n"
         "options:\n"
         "  -o, --output FILE     the atlas (required)\n"
         "      --atlas flagged|all  which clusters get a page (default\n"
         "                        flagged: housing inside or growth in a\n"
         "                        ring)\n"
         "      --lang vi|en      language (default vi)\n"
         "      --title TEXT      running head (default \"Cụm công nghiệp\n"
         "                        Hà Nội\")\n"
         "      --run N           the run to draw, of a database that holds\n"
         "                        several (--append); default: the latest\n"
         "      --landuse F       the parcels drawn by land-use role\n"
         "                        (default: the land-use layer the run read,\n"
         "                        as run_inputs records it)\n"
         "      --landuse-layer NAME  its layer, when it has several\n"
         "      --code-field F    its code field (default: the run's, else\n"
         "                        ma_ldat, loaidat, loai_dat, mdsd, landuse,\n"
         "                        code)\n"
         "      --codes T         code table: tt27_2018, tt08_2024 or a CSV\n"
         "                        file (default: the run's)\n"
         "      --verbose         a line per page: the parcels drawn by role,\n"
         "                        the housing by date, whether new housing\n"
         "      --overwrite       replace an existing file\n"
         "  -q, --quiet, -h, --help");
}

enum {
    O_ATLAS = 300, O_ATLAS_LANDUSE, O_ATLAS_LANDUSE_LAYER, O_CODE_FIELD,
    O_CODES, O_VERBOSE
};

int cmd_atlas(int argc, char **argv, cli_env *env)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"atlas", required_argument, NULL, O_ATLAS},
        {"lang", required_argument, NULL, O_LANG},
        {"title", required_argument, NULL, O_TITLE},
        {"run", required_argument, NULL, O_RUN},
        {"landuse", required_argument, NULL, O_ATLAS_LANDUSE},
        {"landuse-layer", required_argument, NULL, O_ATLAS_LANDUSE_LAYER},
        {"code-field", required_argument, NULL, O_CODE_FIELD},
        {"codes", required_argument, NULL, O_CODES},
        {"verbose", no_argument, NULL, O_VERBOSE},
        {"overwrite", no_argument, NULL, O_OVERWRITE},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *output = NULL;
    zg_atlas_opts ao = {0};
    unsigned flags = 0;
    int c;
    cli_opts g = {.cmd = "atlas", .longopts = longopts};
    while ((c = cli_getopt(&g, argc, argv)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case O_ATLAS: {
            int pages;
            if (!parse_pages(optarg, &pages))
                return cli_usage_error("atlas", "--atlas must be flagged or "
                                       "all (got '%s')", optarg);
            ao.pages = (zg_atlas_pages)pages;
            break;
        }
        case O_LANG: ao.lang = optarg; break;
        case O_TITLE: ao.title = optarg; break;
        case O_ATLAS_LANDUSE: ao.landuse = optarg; break;
        case O_ATLAS_LANDUSE_LAYER: ao.landuse_layer = optarg; break;
        case O_CODE_FIELD: ao.code_field = optarg; break;
        case O_CODES: ao.codes = optarg; break;
        case O_VERBOSE: ao.verbose = true; break;
        case O_RUN:
            if (!parse_run(optarg, &ao.run_id))
                return cli_usage_error("atlas", "--run takes a run number "
                                       "(runs.run_id) from 1 (got '%s')",
                                       optarg);
            break;
        case O_OVERWRITE: flags |= ZG_OUTPUT_OVERWRITE; break;
        case 'q': break;
        case 'h': atlas_help(); return ZG_EXIT_OK;
        default: /* cli_getopt said why */
            return ZG_EXIT_USAGE;
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("atlas", "give exactly one results database");
    if (!output)
        return cli_usage_error("atlas", "give the atlas with -o ATLAS.pdf");
    if (ao.lang && !lang_ok(ao.lang))
        return cli_usage_error("atlas", "--lang must be vi or en (got '%s')",
                               ao.lang);
    if (ao.landuse_layer && !ao.landuse)
        return cli_usage_error("atlas", "--landuse-layer names a layer of "
                               "--landuse: give --landuse too");
    zg_ctx *ctx = NULL;
    int rc = cli_ctx_new(env, &ctx);
    if (rc)
        return rc;
    const zg_path_use uses[] = {
        {ZG_PATH_INPUT, "results database", argv[optind], NULL},
        {ZG_PATH_INPUT, "--landuse", ao.landuse, NULL},
        {ZG_PATH_OUTPUT_FILE, "-o", output, NULL}};
    rc = cli_check_paths(ctx, uses, sizeof uses / sizeof uses[0]);
    if (rc) {
        zg_ctx_free(ctx);
        return rc;
    }
    zg_status st = zg_atlas_write(ctx, argv[optind], output, flags, &ao);
    if (st)
        rc = cli_fail(ctx, st);
    else if (!env->quiet)
        cli_eprintf("zoneguard: atlas -> %s\n", output);
    zg_ctx_free(ctx);
    return rc;
}
