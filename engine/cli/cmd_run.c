/* SPDX-License-Identifier: MIT
 *
 * cmd_run.c: `zoneguard run [SCENARIO] [-o DIR]`: every analysis of a
 * scenario in one go; with no scenario, the bundled Hanoi demo.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>

static void help(void)
{
    puts("usage: zoneguard run [SCENARIO] [-o DIR] [--overwrite|--append] "
         "[--atlas flagged|all|none] [-q]\n"
         "\n"
         "Run every analysis a scenario file has inputs for (areas,\n"
         "overlaps, land use, encroachment, free land, proposal checks)\n"
         "into DIR (default zoneguard-out/): results.sqlite (every table,\n"
         "QGIS-styled), geojson/, csv/, the map and the report. With no\n"
         "SCENARIO, the bundled Hanoi demo (geodata/demo/hanoi.scenario).\n"
         "\n"
         "A scenario is a text file of 'key = value' lines, paths relative\n"
         "to it: clusters, clusters_layer, id_field, name_field,\n"
         "declared_field, s_srs, encoding, plane_crs, parks, landuse,\n"
         "landuse_layer, code_field, codes, residential (comma-separated,\n"
         "oldest first), residential_code_field, epochs, rings, proposals,\n"
         "rules, hazard_class, unbuildable, districts, threads,\n"
         "min_overlap_m2, title, format (sqlite, the default, or gpkg:\n"
         "results.gpkg, a GeoPackage), t_srs, a_srs (and\n"
         "<input>_a_srs); each input's id and name columns:\n"
         "clusters_id_field (or id_field), clusters_name_field (or\n"
         "name_field), parks_id_field, parks_name_field,\n"
         "proposals_id_field, proposals_name_field; and the text\n"
         "encoding of each input:\n"
         "clusters_encoding (or encoding), landuse_encoding,\n"
         "parks_encoding, proposals_encoding, residential_encoding (all\n"
         "dates), districts_encoding: auto (default), tcvn3, vni, cp1258,\n"
         "utf8, latin1 or a name iconv knows.\n"
         "\n"
         "options:\n"
         "  -o, --output DIR  output folder (default zoneguard-out)\n"
         "      --overwrite   replace the outputs of an earlier run\n"
         "      --append      add this run to DIR/results.sqlite (earlier\n"
         "                    runs kept, rows carry run_id); geojson/,\n"
         "                    csv/, the map and the report are replaced by\n"
         "                    this run's (csv/: every run)\n"
         "      --atlas flagged|all|none  the pages of atlas.pdf (none: no\n"
         "                    atlas), instead of the scenario's key 'atlas'\n"
         "      --timings     each step's wall time on stderr (\"timing:\n"
         "                    STEP S s\", also with -q)\n"
         "  -q, --quiet, -h, --help");
}

int cmd_run(int argc, char **argv, cli_env *env)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"overwrite", no_argument, NULL, 'W'},
        {"append", no_argument, NULL, 'A'},
        {"timings", no_argument, NULL, 'T'},
        {"atlas", required_argument, NULL, 'a'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *dir = "zoneguard-out", *atlas = NULL;
    unsigned flags = 0;
    int c;
    cli_opts g = {.cmd = "run", .longopts = longopts};
    while ((c = cli_getopt(&g, argc, argv)) != -1) {
        switch (c) {
        case 'o': dir = optarg; break;
        case 'W': flags |= ZG_OUTPUT_OVERWRITE; break;
        case 'A': flags |= ZG_OUTPUT_APPEND; break;
        case 'T': flags |= ZG_RUN_TIMINGS; env->timings = true; break;
        case 'a': atlas = optarg; break;
        case 'q': break;
        case 'h': help(); return ZG_EXIT_OK;
        default: /* cli_getopt said why */
            return ZG_EXIT_USAGE;
        }
    }
    if (argc - optind > 1)
        return cli_usage_error("run", "give at most one scenario file");
    const char *scenario = optind < argc ? argv[optind] : NULL;
    int frc = cli_check_output_flags("run", flags);
    if (frc)
        return frc;
    zg_ctx *ctx = NULL;
    int rc = cli_ctx_new(env, &ctx);
    if (rc)
        return rc;
    zg_scenario *sc = NULL;
    zg_status st = zg_scenario_load(ctx, scenario, &sc);
    if (!st && atlas)
        st = zg_scenario_set(sc, "atlas", atlas, " (from --atlas)");
    if (!st)
        st = zg_run_scenario(ctx, sc, dir, flags, env->command);
    if (st)
        rc = cli_fail(ctx, st);
    else if (!env->quiet)
        cli_eprintf("zoneguard: done -> %s/\n", dir);
    zg_scenario_free(sc);
    zg_ctx_free(ctx);
    return rc;
}
