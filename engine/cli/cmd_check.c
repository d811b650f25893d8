/* SPDX-License-Identifier: MIT
 *
 * cmd_check.c: `zoneguard check PROPOSED... [--clusters C] [--parks P]
 * [--landuse L] [--residential T1 ...] -o OUT.sqlite`.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DATES 16

static void help(void)
{
    puts("usage: zoneguard check PROPOSED [PROPOSED2 ...] [--clusters C] "
         "[--parks P] [--landuse L] [--residential T1 ...] -o OUT.sqlite "
         "[options]\n"
         "\n"
         "The verdict on each proposed cluster, rule by rule (the rule\n"
         "table geodata/rules/hanoi_ccn.csv, or --rules FILE). Several\n"
         "PROPOSED files are judged together (ids unique across them):\n"
         "  proposals          one row per proposal: areas, residential_ha,\n"
         "                     luc_ha, cluster_overlap_ha,\n"
         "                     min_dist_residential_m, verdict (the worst of\n"
         "                     its rules), source (its file), the file's\n"
         "                     attributes, geometry\n"
         "  proposal_checks    one row per proposal and rule: value, unit,\n"
         "                     threshold, verdict (pass, warn, fail,\n"
         "                     skipped), detail, severity, legal source\n"
         "  proposal_evidence  the homes inside, the LUC land taken, the\n"
         "                     overlaps, as geometry\n"
         "Every input but PROPOSED is optional: the rules that need a\n"
         "missing one are 'skipped', with the reason.\n"
         "\n"
         "options:\n"
         "  -o, --output FILE     SpatiaLite database to write (required)\n"
         "      --clusters F      existing clusters (overlap, expansions:\n"
         "                        a proposal's attribute mo_rong names the\n"
         "                        cluster it expands)\n"
         "      --parks F         existing industrial parks (overlap)\n"
         "      --landuse F       land-use parcels (LUC taken; residential\n"
         "                        land when no --residential is given)\n"
         "      --residential F   housing, oldest date first; repeatable\n"
         "      --csv DIR         also every table as CSV (UTF-8, BOM)\n"
         "      --geojson DIR, --overwrite\n"
         "      --proposals-id-field F, --proposals-name-field F (or\n"
         "      --id-field F, --name-field F), --clusters-id-field F,\n"
         "      --clusters-name-field F, --parks-id-field F,\n"
         "      --parks-name-field F\n"
         "                        each input's id and name columns\n"
         "      --encoding ENC    text encoding of PROPOSED (every file):\n"
         "                        auto (default:\n"
         "                        the .cpg when it can be trusted, else\n"
         "                        detected), tcvn3, vni, cp1258, utf8, latin1\n"
         "      --clusters-encoding ENC, --parks-encoding ENC,\n"
         "      --landuse-encoding ENC, --residential-encoding ENC\n"
         "                        the same for the other inputs\n"
         "      --a-srs CRS       CRS to read PROPOSED in (every file),\n"
         "                        whatever it declares\n"
         "      --t-srs CRS       the database's geometry in this EPSG CRS\n"
         "      --append          add a new run to an existing database\n"
         "                        (earlier runs kept; see 'zoneguard areas')\n"
         "  -q, --quiet, -h, --help\n"
         "\n"
         "settings (also scenario keys, '_' for '-'; --rings: the bands\n"
         "around each proposal for housing growth, R13; housing is looked\n"
         "for out to the largest rule distance):");
    cli_settings_help("check");
}

enum {
    O_CLUSTERS = 256, O_PARKS, O_LANDUSE, O_RES, O_GEOJSON, O_OVERWRITE,
    O_ID, O_NAME, O_ENCODING, O_CLUSTERS_ENC, O_PARKS_ENC,
    O_LANDUSE_ENC, O_RES_ENC, O_APPEND, O_P_ID, O_P_NAME, O_C_ID,
    O_C_NAME, O_K_ID, O_K_NAME, O_ASRS, O_TSRS
};

int cmd_check(int argc, char **argv, cli_env *env)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"clusters", required_argument, NULL, O_CLUSTERS},
        {"parks", required_argument, NULL, O_PARKS},
        {"landuse", required_argument, NULL, O_LANDUSE},
        {"residential", required_argument, NULL, O_RES},
        {"geojson", required_argument, NULL, O_GEOJSON},
        {"overwrite", no_argument, NULL, O_OVERWRITE},
        {"append", no_argument, NULL, O_APPEND},
        {"id-field", required_argument, NULL, O_ID},
        {"name-field", required_argument, NULL, O_NAME},
        {"proposals-id-field", required_argument, NULL, O_P_ID},
        {"proposals-name-field", required_argument, NULL, O_P_NAME},
        {"clusters-id-field", required_argument, NULL, O_C_ID},
        {"clusters-name-field", required_argument, NULL, O_C_NAME},
        {"parks-id-field", required_argument, NULL, O_K_ID},
        {"parks-name-field", required_argument, NULL, O_K_NAME},
        {"encoding", required_argument, NULL, O_ENCODING},
        {"clusters-encoding", required_argument, NULL, O_CLUSTERS_ENC},
        {"parks-encoding", required_argument, NULL, O_PARKS_ENC},
        {"landuse-encoding", required_argument, NULL, O_LANDUSE_ENC},
        {"residential-encoding", required_argument, NULL, O_RES_ENC},
        {"a-srs", required_argument, NULL, O_ASRS},
        {"t-srs", required_argument, NULL, O_TSRS},
        {"csv", required_argument, NULL, 'C'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *output = NULL, *clusters = NULL, *parks = NULL,
               *landuse = NULL, *geojson = NULL, *id_field = NULL,
               *name_field = NULL, *encoding = NULL,
               *clusters_enc = NULL, *parks_enc = NULL, *landuse_enc = NULL,
               *res_enc = NULL, *c_id = NULL,
               *c_name = NULL, *k_id = NULL, *k_name = NULL, *a_srs = NULL,
               *t_srs = NULL;
    int n_id = 0, n_name = 0; /* --id-field and --proposals-id-field */
    const char *res[MAX_DATES];
    int nres = 0, c;
    unsigned flags = 0;
    const char *csv_dir = NULL;
    /* One --residential per date. */
    static const char *const REPEATABLE[] = {"residential", NULL};
    cli_opts g = {.cmd = "check", .longopts = longopts,
                  .repeatable = REPEATABLE, .settings = true};
    while ((c = cli_getopt(&g, argc, argv)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case O_CLUSTERS: clusters = optarg; break;
        case O_PARKS: parks = optarg; break;
        case O_LANDUSE: landuse = optarg; break;
        case O_RES:
            if (nres == MAX_DATES)
                return cli_usage_error("check", "at most %d dates",
                                       MAX_DATES);
            res[nres++] = optarg;
            break;
        case O_ASRS: a_srs = optarg; break;
        case O_TSRS: t_srs = optarg; break;
        case O_GEOJSON: geojson = optarg; break;
        case O_OVERWRITE: flags |= ZG_OUTPUT_OVERWRITE; break;
        case O_APPEND: flags |= ZG_OUTPUT_APPEND; break;
        case O_ID:
        case O_P_ID: id_field = optarg; n_id++; break;
        case O_NAME:
        case O_P_NAME: name_field = optarg; n_name++; break;
        case O_C_ID: c_id = optarg; break;
        case O_C_NAME: c_name = optarg; break;
        case O_K_ID: k_id = optarg; break;
        case O_K_NAME: k_name = optarg; break;
        case O_ENCODING: encoding = optarg; break;
        case O_CLUSTERS_ENC: clusters_enc = optarg; break;
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
    int nprop = argc - optind;
    if (nprop < 1)
        return cli_usage_error("check", "give the layer of proposed "
                               "clusters (one file or more)");
    if (nprop > MAX_DATES)
        return cli_usage_error("check", "at most %d files of proposed "
                               "clusters", MAX_DATES);
    if (!output)
        return cli_usage_error("check", "give the output with -o OUT.sqlite");
    int urc = cli_encoding_needs_input("check", "clusters", clusters_enc,
                                       clusters != NULL);
    if (!urc)
        urc = cli_encoding_needs_input("check", "parks", parks_enc,
                                       parks != NULL);
    if (!urc)
        urc = cli_encoding_needs_input("check", "landuse", landuse_enc,
                                       landuse != NULL);
    if (!urc)
        urc = cli_encoding_needs_input("check", "residential", res_enc,
                                       nres > 0);
    if (urc)
        return urc;
    if (n_id > 1 || n_name > 1)
        return cli_usage_error("check", "the proposals' %s field is given "
                               "twice (--%s-field and --proposals-%s-field "
                               "are one option)", n_id > 1 ? "id" : "name",
                               n_id > 1 ? "id" : "name",
                               n_id > 1 ? "id" : "name");
    if ((c_id || c_name) && !clusters)
        return cli_usage_error("check", "--clusters-%s-field is given "
                               "without --clusters", c_id ? "id" : "name");
    if ((k_id || k_name) && !parks)
        return cli_usage_error("check", "--parks-%s-field is given without "
                               "--parks", k_id ? "id" : "name");
    int frc = cli_check_output_flags("check", flags);
    if (frc)
        return frc;
    if (geojson) {
        struct stat sb;
        if (stat(geojson, &sb) != 0 || !S_ISDIR(sb.st_mode))
            return cli_usage_error("check", "--geojson needs an existing "
                                   "directory (got '%s')", geojson);
    }
    zg_ctx *ctx = NULL;
    int rc = cli_ctx_new(env, &ctx);
    if (rc)
        return rc;
    zg_settings *set = NULL;
    if ((rc = cli_settings_new(ctx, &g, &set))) {
        zg_ctx_free(ctx);
        return rc;
    }
    const char *rules = zg_settings_get(set, "rules"),
               *codes = zg_settings_get(set, "codes"),
               *plane = zg_settings_get(set, "plane_crs");
    zg_path_use uses[8 + 2 * MAX_DATES] = {
        {ZG_PATH_INPUT, "proposals", argv[optind], NULL},
        {ZG_PATH_INPUT, "--clusters", clusters, NULL},
        {ZG_PATH_INPUT, "--parks", parks, NULL},
        {ZG_PATH_INPUT, "--landuse", landuse, NULL},
        {ZG_PATH_INPUT, "--rules", rules, NULL},
        {ZG_PATH_INPUT, "--codes", codes, NULL},
        {ZG_PATH_OUTPUT_FILE, "-o", output, NULL},
        {ZG_PATH_OUTPUT_FILES, "--geojson", geojson, ".geojson"}};
    size_t n_uses = 8;
    if (csv_dir)
        uses[n_uses++] = (zg_path_use){ZG_PATH_OUTPUT_FILES, "--csv",
                                       csv_dir, ".csv"};
    for (int i = 0; i < nres; i++)
        uses[n_uses++] = (zg_path_use){ZG_PATH_INPUT, "--residential",
                                       res[i], NULL};
    for (int i = 1; i < nprop; i++)
        uses[n_uses++] = (zg_path_use){ZG_PATH_INPUT, "proposals",
                                       argv[optind + i], NULL};
    rc = cli_check_paths(ctx, uses, n_uses);
    if (rc) {
        zg_settings_free(set);
        zg_ctx_free(ctx);
        return rc;
    }
    /* One file: role "proposals"; several: proposals_1, proposals_2... */
    zg_input_opts *pins[MAX_DATES] = {0};
    bool pins_ok = true;
    for (int i = 0; i < nprop; i++) {
        char role[32] = "proposals";
        if (nprop > 1)
            snprintf(role, sizeof role, "proposals_%d", i + 1);
        if (!(pins[i] = zg_input_opts_new(ctx, role, argv[optind + i])))
            pins_ok = false;
    }
    zg_input_opts *cin = clusters ? zg_input_opts_new(ctx, "clusters",
                                                      clusters) : NULL;
    zg_input_opts *kin = parks ? zg_input_opts_new(ctx, "parks", parks)
                               : NULL;
    zg_input_opts *lin = landuse ? zg_input_opts_new(ctx, "landuse", landuse)
                                 : NULL;
    zg_input_opts *rin[MAX_DATES] = {0};
    zg_check_opts *co = zg_check_opts_new(ctx);
    zg_areas_opts *ao = zg_areas_opts_new(ctx);
    zg_layer *P = NULL, *C = NULL, *K = NULL;
    zg_check *ck = NULL;
    zg_output *out = NULL;
    zg_status st = pins_ok && co && ao && (cin || !clusters) &&
                           (kin || !parks) && (lin || !landuse)
                       ? ZG_OK : ZG_ERR_NOMEM;
    for (int i = 0; i < nres && !st; i++) {
        char role[32];
        snprintf(role, sizeof role, "residential_%d", i + 1);
        if (!(rin[i] = zg_input_opts_new(ctx, role, res[i])))
            st = ZG_ERR_NOMEM;
        else if (res_enc)
            st = zg_input_opts_set_encoding(rin[i], res_enc);
    }
    /* The proposals' options hold for every file. */
    for (int i = 0; i < nprop && !st; i++) {
        if (encoding) st = zg_input_opts_set_encoding(pins[i], encoding);
        if (!st && a_srs) st = zg_input_opts_set_a_srs(pins[i], a_srs);
        if (!st && id_field)
            st = zg_input_opts_set_id_field(pins[i], id_field);
        if (!st && name_field)
            st = zg_input_opts_set_name_field(pins[i], name_field);
    }
    if (!st && cin && clusters_enc)
        st = zg_input_opts_set_encoding(cin, clusters_enc);
    if (!st && kin && parks_enc)
        st = zg_input_opts_set_encoding(kin, parks_enc);
    if (!st && lin && landuse_enc)
        st = zg_input_opts_set_encoding(lin, landuse_enc);
    if (!st && c_id) st = zg_input_opts_set_id_field(cin, c_id);
    if (!st && c_name) st = zg_input_opts_set_name_field(cin, c_name);
    if (!st && k_id) st = zg_input_opts_set_id_field(kin, k_id);
    if (!st && k_name) st = zg_input_opts_set_name_field(kin, k_name);
    /* The proposals have no declared area: their areas take the plane
     * only. */
    if (!st)
        st = zg_settings_apply(set, &(zg_analysis_opts){
                                        .proposal_areas = ao, .check = co});
    if (!st)
        st = zg_output_open(ctx, output, flags, env->command, &out);
    if (!st && t_srs)
        st = zg_output_set_t_srs(out, t_srs);
    if (!st)
        st = zg_layer_read_many(ctx, (const zg_input_opts *const *)pins,
                                (size_t)nprop, &P);
    if (!st && cin)
        st = zg_layer_read(ctx, cin, &C);
    if (!st && kin)
        st = zg_layer_read(ctx, kin, &K);
    zg_check_inputs in = {C, K, lin, (const zg_input_opts *const *)rin,
                          (size_t)nres, ao, plane};
    if (!st)
        st = zg_check_compute(ctx, P, &in, co, &ck);
    if (!st && C)
        st = zg_output_add_input(out, C);
    if (!st && K)
        st = zg_output_add_input(out, K);
    if (!st)
        st = zg_output_write_check(out, ck);
    if (!st && geojson)
        st = zg_write_check_geojson(ctx, geojson, flags, ck);
    if (!st)
        st = zg_output_commit(out);
    if (!st && csv_dir)
        st = zg_export_csv(ctx, output, csv_dir, flags);
    if (st)
        rc = cli_fail(ctx, st);
    else if (!env->quiet) {
        cli_eprintf("zoneguard: %zu proposals checked:", zg_layer_count(P));
        for (size_t i = 0; i < zg_layer_count(P); i++)
            cli_eprintf(" %s=%s", zg_layer_feature_id(P, i),
                        zg_check_verdict(ck, i));
        cli_eprintf(" -> %s (run %lld)\n", output,
                    (long long)zg_output_run_id(out));
    }
    zg_output_free(out);
    zg_check_free(ck);
    zg_layer_free(P);
    zg_layer_free(C);
    zg_layer_free(K);
    zg_check_opts_free(co);
    zg_areas_opts_free(ao);
    for (int i = 0; i < nres; i++)
        zg_input_opts_free(rin[i]);
    for (int i = 0; i < nprop; i++)
        zg_input_opts_free(pins[i]);
    zg_input_opts_free(cin);
    zg_input_opts_free(kin);
    zg_input_opts_free(lin);
    zg_settings_free(set);
    zg_ctx_free(ctx);
    return rc;
}
