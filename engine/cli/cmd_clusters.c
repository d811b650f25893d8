/* SPDX-License-Identifier: MIT
 *
 * cmd_clusters.c: the subcommands that read one clusters layer:
 *   zoneguard areas CLUSTERS -o OUT.sqlite
 *   zoneguard overlaps CLUSTERS -o OUT.sqlite
 * `overlaps` writes everything `areas` does, plus the overlaps.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { MODE_AREAS, MODE_OVERLAPS, MODE_LANDUSE } cmd_mode;

static void help(cmd_mode mode)
{
    if (mode == MODE_OVERLAPS)
        puts("usage: zoneguard overlaps CLUSTERS -o OUT.sqlite [options]\n"
             "\n"
             "Every pair of features of CLUSTERS whose interiors overlap\n"
             "(touching boundaries are not overlaps): table cluster_overlaps\n"
             "(id_a < id_b, overlap_ha ellipsoidal, share_a_pct,\n"
             "share_b_pct, geometry); overlaps under --min-overlap-m2 go to\n"
             "cluster_overlap_slivers. The clusters table (as written by\n"
             "'areas') gets overlap_count. --geojson writes the overlaps.\n"
             "\n"
             "Options as for 'zoneguard areas', and:\n");
    else if (mode == MODE_LANDUSE)
        puts("usage: zoneguard landuse CLUSTERS --landuse PARCELS "
             "-o OUT.sqlite [options]\n"
             "\n"
             "What land lies inside each cluster: table landuse_composition\n"
             "(cluster_id, code, role, area_ha, share_pct, name_vi, name_en),\n"
             "one row per cluster and code present, plus code NONE for what\n"
             "no parcel covers; the shares of a cluster add up to 100 %.\n"
             "The parcel layer is read once, streamed; parcels that overlap\n"
             "each other count once (the first in reading order wins, and\n"
             "the overlap is logged in qa_log).\n"
             "\n"
             "      --landuse PARCELS     the land-use (parcel) layer\n"
             "      --landuse-layer NAME  its layer, when it has several\n"
             "      --landuse-encoding ENC  its text encoding (as --encoding)\n"
             "\n"
             "Other options as for 'zoneguard areas', and the settings\n"
             "below:\n");
    else
        puts("usage: zoneguard areas CLUSTERS -o OUT.sqlite [options]\n");
    puts("Measure every polygon of CLUSTERS (any vector source GDAL reads:\n"
         "Shapefile, GeoPackage, GeoJSON, KML, /vsizip/...):\n"
         "  area_ha        ellipsoidal area on WGS 84 (as PostGIS geography)\n"
         "  area_plane_ha  planar area in the official plane (EPSG:5897)\n"
         "Invalid polygons are repaired (GEOS MakeValid) and logged in\n"
         "qa_log; points, lines, empty and NULL geometries are logged and\n"
         "counted.\n"
         "\n"
         "options:\n"
         "  -o, --output FILE       SpatiaLite database to write (required)\n"
         "      --geojson FILE      also write RFC 7946 GeoJSON\n"
         "      --overwrite         replace existing outputs\n"
         "      --append            add a new run to an existing database\n"
         "                          (runs, run_id): earlier runs are kept;\n"
         "                          --geojson and --csv files are replaced\n"
         "      --csv DIR           also every table as CSV (UTF-8 with BOM,\n"
         "                          for spreadsheets)\n"
         "      --layer NAME        layer to read when the source has several\n"
         "      --s-srs CRS         CRS to assume when the source has none\n"
         "                          (EPSG:5897, WKT or PROJ string)\n"
         "      --a-srs CRS         CRS to read the source in, whatever it\n"
         "                          declares (a wrong .prj; logged)\n"
         "      --t-srs CRS         write the database's geometry in this\n"
         "                          EPSG CRS (default EPSG:4326; GeoJSON\n"
         "                          stays WGS 84)\n"
         "      --encoding ENC      attribute text encoding of a shapefile:\n"
         "                          auto (default: the .cpg when it can be\n"
         "                          trusted, else detected; see qa_log),\n"
         "                          tcvn3, vni, cp1258, utf8, latin1, or a\n"
         "                          name iconv knows\n"
         "      --id-field F        id column (default: ma_ccn, ma, id, code,\n"
         "                          else the FID)\n"
         "      --name-field F      name column (default: ten, ten_ccn, name)\n"
         "  -q, --quiet             no progress, no warnings\n"
         "  -h, --help              this text\n"
         "\n"
         "settings (also scenario keys, '_' for '-'):");
    cli_settings_help(mode == MODE_AREAS ? "areas" : mode == MODE_OVERLAPS
                                                         ? "overlaps"
                                                         : "landuse");
}

enum {
    OPT_GEOJSON = 256, OPT_OVERWRITE, OPT_LAYER, OPT_SSRS, OPT_ENCODING,
    OPT_ID, OPT_NAME, OPT_LANDUSE, OPT_LANDUSE_LAYER, OPT_LANDUSE_ENCODING,
    OPT_APPEND, OPT_ASRS, OPT_TSRS
};

static int run(int argc, char **argv, cli_env *env, cmd_mode mode)
{
    const char *cmd = mode == MODE_AREAS      ? "areas"
                      : mode == MODE_OVERLAPS ? "overlaps"
                                              : "landuse";
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"geojson", required_argument, NULL, OPT_GEOJSON},
        {"overwrite", no_argument, NULL, OPT_OVERWRITE},
        {"append", no_argument, NULL, OPT_APPEND},
        {"layer", required_argument, NULL, OPT_LAYER},
        {"s-srs", required_argument, NULL, OPT_SSRS},
        {"a-srs", required_argument, NULL, OPT_ASRS},
        {"t-srs", required_argument, NULL, OPT_TSRS},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"id-field", required_argument, NULL, OPT_ID},
        {"name-field", required_argument, NULL, OPT_NAME},
        {"landuse", required_argument, NULL, OPT_LANDUSE},
        {"landuse-layer", required_argument, NULL, OPT_LANDUSE_LAYER},
        {"landuse-encoding", required_argument, NULL, OPT_LANDUSE_ENCODING},
        {"csv", required_argument, NULL, 'C'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *a_srs = NULL, *t_srs = NULL;
    const char *output = NULL, *geojson = NULL, *layer = NULL, *ssrs = NULL,
               *encoding = NULL, *id_field = NULL, *name_field = NULL,
               *landuse = NULL, *landuse_layer = NULL,
               *landuse_encoding = NULL;
    unsigned flags = 0;
    const char *csv_dir = NULL;
    int c;
    cli_opts g = {.cmd = cmd, .longopts = longopts, .settings = true};
    while ((c = cli_getopt(&g, argc, argv)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case OPT_GEOJSON: geojson = optarg; break;
        case OPT_OVERWRITE: flags |= ZG_OUTPUT_OVERWRITE; break;
        case OPT_APPEND: flags |= ZG_OUTPUT_APPEND; break;
        case OPT_LAYER: layer = optarg; break;
        case OPT_SSRS: ssrs = optarg; break;
        case OPT_ASRS: a_srs = optarg; break;
        case OPT_TSRS: t_srs = optarg; break;
        case OPT_ENCODING: encoding = optarg; break;
        case OPT_ID: id_field = optarg; break;
        case OPT_NAME: name_field = optarg; break;
        case OPT_LANDUSE:
        case OPT_LANDUSE_LAYER:
        case OPT_LANDUSE_ENCODING:
            if (mode != MODE_LANDUSE)
                return cli_usage_error(cmd, "--%s is an option of "
                                       "'landuse', not '%s'", g.name, cmd);
            if (c == OPT_LANDUSE) landuse = optarg;
            if (c == OPT_LANDUSE_LAYER) landuse_layer = optarg;
            if (c == OPT_LANDUSE_ENCODING) landuse_encoding = optarg;
            break;
        case 'C': csv_dir = optarg; break;
        case 'q': break;
        case 'h': help(mode); return ZG_EXIT_OK;
        default: /* cli_getopt said why */
            return ZG_EXIT_USAGE;
        }
    }
    if (optind != argc - 1)
        return cli_usage_error(cmd, optind >= argc
                                   ? "give the clusters layer to measure"
                                   : "give exactly one clusters layer");
    if (!output)
        return cli_usage_error(cmd, "give the output with -o OUT.sqlite");
    int frc = cli_check_output_flags(cmd, flags);
    if (frc)
        return frc;
    const char *input = argv[optind];
    if (mode == MODE_LANDUSE && !landuse)
        return cli_usage_error(cmd, "give the land-use layer with --landuse");

    zg_ctx *ctx = NULL;
    int rc = cli_ctx_new(env, &ctx);
    if (rc)
        return rc;
    zg_settings *set = NULL;
    if ((rc = cli_settings_new(ctx, &g, &set))) {
        zg_ctx_free(ctx);
        return rc;
    }
    const char *codes = zg_settings_get(set, "codes");
    const zg_path_use uses[] = {
        {ZG_PATH_INPUT, "clusters", input, NULL},
        {ZG_PATH_INPUT, "--landuse", landuse, NULL},
        {ZG_PATH_INPUT, "--codes", codes, NULL},
        {ZG_PATH_OUTPUT_FILE, "-o", output, NULL},
        {ZG_PATH_OUTPUT_FILE, "--geojson", geojson, NULL},
        {ZG_PATH_OUTPUT_FILES, "--csv", csv_dir, ".csv"}};
    rc = cli_check_paths(ctx, uses, sizeof uses / sizeof uses[0]);
    if (rc) {
        zg_settings_free(set);
        zg_ctx_free(ctx);
        return rc;
    }
    zg_input_opts *in = zg_input_opts_new(ctx, "clusters", input);
    zg_areas_opts *ao = zg_areas_opts_new(ctx);
    zg_layer *lyr = NULL;
    zg_areas *areas = NULL;
    zg_overlaps_opts *oo = zg_overlaps_opts_new(ctx);
    zg_overlaps *ov = NULL;
    zg_input_opts *lin = landuse ? zg_input_opts_new(ctx, "landuse", landuse)
                                 : NULL;
    zg_landuse_opts *lo = zg_landuse_opts_new(ctx);
    zg_landuse *lu = NULL;
    zg_output *out = NULL;
    zg_status st = in && ao && oo && lo && (lin || !landuse) ? ZG_OK
                                                             : ZG_ERR_NOMEM;
    if (!st && landuse_layer) st = zg_input_opts_set_layer(lin, landuse_layer);
    if (!st && landuse_encoding)
        st = zg_input_opts_set_encoding(lin, landuse_encoding);
    if (!st)
        st = zg_settings_apply(set, &(zg_analysis_opts){
                                        .areas = ao, .overlaps = oo,
                                        .landuse = lo});
    if (!st && layer) st = zg_input_opts_set_layer(in, layer);
    if (!st && ssrs) st = zg_input_opts_set_s_srs(in, ssrs);
    if (!st && a_srs) st = zg_input_opts_set_a_srs(in, a_srs);
    if (!st && encoding) st = zg_input_opts_set_encoding(in, encoding);
    if (!st && id_field) st = zg_input_opts_set_id_field(in, id_field);
    if (!st && name_field) st = zg_input_opts_set_name_field(in, name_field);
    /* Open the output first: a clobber refusal costs nothing to find. */
    if (!st)
        st = zg_output_open(ctx, output, flags, env->command, &out);
    if (!st && t_srs)
        st = zg_output_set_t_srs(out, t_srs);
    if (!st && geojson &&
        !(flags & (ZG_OUTPUT_OVERWRITE | ZG_OUTPUT_APPEND))) {
        FILE *f = fopen(geojson, "r");
        if (f) {
            fclose(f);
            zg_output_free(out);
            out = NULL;
            cli_eprintf("zoneguard: output exists; it is left untouched "
                        "(use --overwrite to replace it) (%s)\n", geojson);
            rc = ZG_EXIT_OUTPUT;
            goto done;
        }
    }
    if (!st)
        st = zg_layer_read(ctx, in, &lyr);
    if (!st)
        st = zg_areas_compute(ctx, lyr, ao, &areas);
    if (!st)
        st = zg_output_add_input(out, lyr);
    if (!st)
        st = zg_output_write_areas(out, lyr, areas);
    if (!st && mode == MODE_OVERLAPS)
        st = zg_overlaps_compute(ctx, lyr, oo, &ov);
    if (!st && mode == MODE_OVERLAPS)
        st = zg_output_write_overlaps(out, lyr, ov);
    if (!st && mode == MODE_LANDUSE)
        st = zg_landuse_compute(ctx, lyr, lin, lo, &lu);
    if (!st && mode == MODE_LANDUSE)
        st = zg_output_write_landuse(out, lu);
    if (!st && geojson && mode != MODE_OVERLAPS)
        st = zg_write_areas_geojson(ctx, geojson, flags, lyr, areas);
    if (!st && geojson && mode == MODE_OVERLAPS)
        st = zg_write_overlaps_geojson(ctx, geojson, flags, lyr, ov);
    if (!st)
        st = zg_output_commit(out);
    if (!st && csv_dir)
        st = zg_export_csv(ctx, output, csv_dir, flags);
    if (st) {
        rc = st == ZG_ERR_NOMEM && !ctx ? ZG_EXIT_NOMEM : cli_fail(ctx, st);
    } else if (!env->quiet) {
        cli_eprintf("zoneguard: %zu features measured (%zu repaired, %zu "
                    "skipped; see qa_log)", zg_layer_count(lyr),
                    zg_layer_repaired(lyr), zg_layer_skipped(lyr));
        if (mode == MODE_OVERLAPS)
            cli_eprintf(", %zu overlaps, %zu slivers",
                        zg_overlaps_count(ov), zg_overlaps_sliver_count(ov));
        if (mode == MODE_LANDUSE)
            cli_eprintf(", %zu composition rows",
                        zg_landuse_row_count(lu));
        cli_eprintf(" -> %s (run %lld)\n", output,
                    (long long)zg_output_run_id(out));
    }
done:
    zg_output_free(out);
    zg_overlaps_free(ov);
    zg_overlaps_opts_free(oo);
    zg_landuse_free(lu);
    zg_landuse_opts_free(lo);
    zg_input_opts_free(lin);
    zg_areas_free(areas);
    zg_layer_free(lyr);
    zg_areas_opts_free(ao);
    zg_input_opts_free(in);
    zg_settings_free(set);
    zg_ctx_free(ctx);
    return rc;
}

int cmd_areas(int argc, char **argv, cli_env *env)
{
    return run(argc, argv, env, MODE_AREAS);
}

int cmd_overlaps(int argc, char **argv, cli_env *env)
{
    return run(argc, argv, env, MODE_OVERLAPS);
}

int cmd_landuse(int argc, char **argv, cli_env *env)
{
    return run(argc, argv, env, MODE_LANDUSE);
}
