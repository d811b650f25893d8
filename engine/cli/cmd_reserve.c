/* SPDX-License-Identifier: MIT
 *
 * cmd_reserve.c: `zoneguard reserve CLUSTERS [--parks P] [--landuse L]
 * [--residential T ...] -o OUT.sqlite`.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static void help(void)
{
    puts("usage: zoneguard reserve CLUSTERS [--parks P] [--landuse L] "
         "[--residential T ...] -o OUT.sqlite [options]\n"
         "\n"
         "The land still available for industry inside each cluster: the\n"
         "cluster minus housing (the latest --residential layer and the\n"
         "land-use layer's residential codes), water and the other\n"
         "unbuildable land-use roles, what existing parks hold and what\n"
         "buildings and leases occupy (--occupied).\n"
         "Table reserve: cluster_id, name, cluster_ha, residential_ha,\n"
         "water_ha, other_unbuildable_ha, park_ha, occupied_ha, free_ha,\n"
         "free_pct, and\n"
         "the free land as geometry (also with --geojson FILE).\n"
         "\n"
         "options:\n"
         "  -o, --output FILE       SpatiaLite database (required)\n"
         "      --parks F           existing industrial parks\n"
         "      --landuse F         land-use parcels\n"
         "      --residential F     housing; the last one given is used\n"
         "      --occupied F        occupied land: building footprints of\n"
         "                          any kind, leased plots (every feature;\n"
         "                          repeatable): not free, occupied_ha\n"
         "      --geojson FILE      the free land as GeoJSON\n"
         "      --csv DIR         also every table as CSV (UTF-8, BOM)\n"
         "      --a-srs CRS, --t-srs CRS: as for 'zoneguard areas'\n"
         "      --overwrite, --layer, --s-srs, --id-field, --name-field\n"
         "      --encoding ENC      text encoding of CLUSTERS (as for\n"
         "                          'zoneguard areas'; default auto)\n"
         "      --parks-encoding ENC, --landuse-encoding ENC,\n"
         "      --residential-encoding ENC  the same for the other inputs\n"
         "      --append          add a new run to an existing database\n"
         "                        (earlier runs kept; see 'zoneguard areas')\n"
         "  -q, --quiet, -h, --help\n"
         "\n"
         "settings (also scenario keys, '_' for '-'):");
    cli_settings_help("reserve");
}

enum {
    O_PARKS = 256, O_LANDUSE, O_RES, O_GEOJSON, O_OVERWRITE, O_LAYER, O_SSRS, O_ASRS, O_TSRS, O_ID,
    O_NAME, O_ENCODING, O_PARKS_ENC, O_LANDUSE_ENC, O_RES_ENC, O_APPEND,
    O_OCC
};

int cmd_reserve(int argc, char **argv, cli_env *env)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"parks", required_argument, NULL, O_PARKS},
        {"landuse", required_argument, NULL, O_LANDUSE},
        {"residential", required_argument, NULL, O_RES},
        {"occupied", required_argument, NULL, O_OCC},
        {"geojson", required_argument, NULL, O_GEOJSON},
        {"overwrite", no_argument, NULL, O_OVERWRITE},
        {"append", no_argument, NULL, O_APPEND},
        {"layer", required_argument, NULL, O_LAYER},
        {"s-srs", required_argument, NULL, O_SSRS},
        {"a-srs", required_argument, NULL, O_ASRS},
        {"t-srs", required_argument, NULL, O_TSRS},
        {"id-field", required_argument, NULL, O_ID},
        {"name-field", required_argument, NULL, O_NAME},
        {"encoding", required_argument, NULL, O_ENCODING},
        {"parks-encoding", required_argument, NULL, O_PARKS_ENC},
        {"landuse-encoding", required_argument, NULL, O_LANDUSE_ENC},
        {"residential-encoding", required_argument, NULL, O_RES_ENC},
        {"csv", required_argument, NULL, 'C'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *a_srs = NULL, *t_srs = NULL;
    const char *output = NULL, *parks = NULL, *landuse = NULL, *res = NULL,
               *geojson = NULL, *layer = NULL, *ssrs = NULL,
               *id_field = NULL, *name_field = NULL, *encoding = NULL,
               *parks_enc = NULL, *landuse_enc = NULL, *res_enc = NULL;
    const char *occ[ZG_RESERVE_MAX_OCCUPIED];
    int nocc = 0;
    unsigned flags = 0;
    const char *csv_dir = NULL;
    int c;
    /* One building or lease layer each (occupied land). */
    static const char *const REPEATABLE[] = {"occupied", NULL};
    cli_opts g = {.cmd = "reserve", .longopts = longopts,
                  .repeatable = REPEATABLE, .settings = true};
    while ((c = cli_getopt(&g, argc, argv)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case O_PARKS: parks = optarg; break;
        case O_LANDUSE: landuse = optarg; break;
        case O_RES: res = optarg; break;
        case O_OCC:
            if (nocc == ZG_RESERVE_MAX_OCCUPIED)
                return cli_usage_error("reserve", "at most %d --occupied "
                                       "layers", ZG_RESERVE_MAX_OCCUPIED);
            occ[nocc++] = optarg;
            break;
        case O_GEOJSON: geojson = optarg; break;
        case O_OVERWRITE: flags |= ZG_OUTPUT_OVERWRITE; break;
        case O_APPEND: flags |= ZG_OUTPUT_APPEND; break;
        case O_LAYER: layer = optarg; break;
        case O_SSRS: ssrs = optarg; break;
        case O_ASRS: a_srs = optarg; break;
        case O_TSRS: t_srs = optarg; break;
        case O_ID: id_field = optarg; break;
        case O_NAME: name_field = optarg; break;
        case O_ENCODING: encoding = optarg; break;
        case O_PARKS_ENC: parks_enc = optarg; break;
        case O_LANDUSE_ENC: landuse_enc = optarg; break;
        case O_RES_ENC: res_enc = optarg; break;
        case 'C': csv_dir = optarg; break;
        case 'q': break;
        case 'h': help(); return ZG_EXIT_OK;
        default: /* cli_getopt said why */
            return ZG_EXIT_USAGE;
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("reserve", "give exactly one clusters layer");
    if (!output)
        return cli_usage_error("reserve", "give the output with -o "
                               "OUT.sqlite");
    int urc = cli_encoding_needs_input("reserve", "parks", parks_enc,
                                       parks != NULL);
    if (!urc)
        urc = cli_encoding_needs_input("reserve", "landuse", landuse_enc,
                                       landuse != NULL);
    if (!urc)
        urc = cli_encoding_needs_input("reserve", "residential", res_enc,
                                       res != NULL);
    if (urc)
        return urc;
    int frc = cli_check_output_flags("reserve", flags);
    if (frc)
        return frc;
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
        {ZG_PATH_INPUT, "clusters", argv[optind], NULL},
        {ZG_PATH_INPUT, "--parks", parks, NULL},
        {ZG_PATH_INPUT, "--landuse", landuse, NULL},
        {ZG_PATH_INPUT, "--residential", res, NULL},
        {ZG_PATH_INPUT, "--codes", codes, NULL},
        {ZG_PATH_OUTPUT_FILE, "-o", output, NULL},
        {ZG_PATH_OUTPUT_FILE, "--geojson", geojson, NULL},
        {ZG_PATH_OUTPUT_FILES, "--csv", csv_dir, ".csv"}};
    size_t n_uses = sizeof uses / sizeof uses[0];
    rc = cli_check_paths(ctx, uses, n_uses);
    if (rc) {
        zg_settings_free(set);
        zg_ctx_free(ctx);
        return rc;
    }
    zg_input_opts *in = zg_input_opts_new(ctx, "clusters", argv[optind]);
    zg_input_opts *kin = parks ? zg_input_opts_new(ctx, "parks", parks) : NULL;
    zg_input_opts *lin = landuse ? zg_input_opts_new(ctx, "landuse", landuse)
                                 : NULL;
    zg_input_opts *rin = res ? zg_input_opts_new(ctx, "residential", res)
                             : NULL;
    zg_input_opts *oin[ZG_RESERVE_MAX_OCCUPIED] = {0};
    zg_reserve_opts *ro = zg_reserve_opts_new(ctx);
    zg_areas_opts *ao = zg_areas_opts_new(ctx);
    zg_layer *L = NULL, *K = NULL;
    zg_areas *areas = NULL;
    zg_reserve *rv = NULL;
    zg_output *out = NULL;
    zg_status st = in && ro && ao && (kin || !parks) && (lin || !landuse) &&
                           (rin || !res)
                       ? ZG_OK : ZG_ERR_NOMEM;
    if (!st && layer) st = zg_input_opts_set_layer(in, layer);
    if (!st && ssrs) st = zg_input_opts_set_s_srs(in, ssrs);
    if (!st && a_srs) st = zg_input_opts_set_a_srs(in, a_srs);
    if (!st && id_field) st = zg_input_opts_set_id_field(in, id_field);
    if (!st && name_field) st = zg_input_opts_set_name_field(in, name_field);
    if (!st && encoding) st = zg_input_opts_set_encoding(in, encoding);
    if (!st && parks_enc) st = zg_input_opts_set_encoding(kin, parks_enc);
    if (!st && landuse_enc) st = zg_input_opts_set_encoding(lin, landuse_enc);
    if (!st && res_enc) st = zg_input_opts_set_encoding(rin, res_enc);
    if (!st)
        st = zg_settings_apply(set, &(zg_analysis_opts){.reserve = ro});
    for (int i = 0; i < nocc && !st; i++) {
        char role[32];
        snprintf(role, sizeof role, "occupied_%d", i + 1);
        if (!(oin[i] = zg_input_opts_new(ctx, role, occ[i])))
            st = ZG_ERR_NOMEM;
        else
            st = zg_reserve_opts_add_occupied(ro, oin[i]);
    }
    if (!st)
        st = zg_output_open(ctx, output, flags, env->command, &out);
    if (!st && t_srs)
        st = zg_output_set_t_srs(out, t_srs);
    if (!st)
        st = zg_layer_read(ctx, in, &L);
    if (!st && kin)
        st = zg_layer_read(ctx, kin, &K);
    if (!st)
        st = zg_areas_compute(ctx, L, ao, &areas);
    if (!st)
        st = zg_reserve_compute(ctx, L, K, lin, rin, ro, &rv);
    if (!st)
        st = zg_output_add_input(out, L);
    if (!st && K)
        st = zg_output_add_input(out, K);
    if (!st)
        st = zg_output_write_areas(out, L, areas);
    if (!st)
        st = zg_output_write_reserve(out, rv);
    if (!st && geojson)
        st = zg_write_reserve_geojson(ctx, geojson, flags, rv);
    if (!st)
        st = zg_output_commit(out);
    if (!st && csv_dir)
        st = zg_export_csv(ctx, output, csv_dir, flags);
    if (st)
        rc = cli_fail(ctx, st);
    else if (!env->quiet)
        cli_eprintf("zoneguard: free land of %zu clusters -> %s (run "
                    "%lld)\n", zg_layer_count(L), output,
                    (long long)zg_output_run_id(out));
    zg_output_free(out);
    zg_reserve_free(rv);
    zg_areas_free(areas);
    zg_layer_free(L);
    zg_layer_free(K);
    zg_reserve_opts_free(ro);
    zg_areas_opts_free(ao);
    zg_input_opts_free(in);
    zg_input_opts_free(kin);
    zg_input_opts_free(lin);
    zg_input_opts_free(rin);
    for (int i = 0; i < nocc; i++)
        zg_input_opts_free(oin[i]);
    zg_settings_free(set);
    zg_ctx_free(ctx);
    return rc;
}
