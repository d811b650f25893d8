/* SPDX-License-Identifier: MIT
 *
 * cmd_encroach.c: `zoneguard encroach CLUSTERS --residential T1
 * --residential T2 ... -o OUT.sqlite`.
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
    puts("usage: zoneguard encroach CLUSTERS --residential T1 [--residential "
         "T2 ...] -o OUT.sqlite [options]\n"
         "\n"
         "Housing inside each cluster and in rings around it, at each date,\n"
         "and where it grew or shrank between dates:\n"
         "  encroachment       cluster_id, epoch, zone (inside, ring_0_50,\n"
         "                     ...), zone_ha, residential_ha, share_pct\n"
         "  encroachment_new   per cluster, zone and pair of dates, the\n"
         "                     housing of the later date that was not there\n"
         "                     at the earlier one (new_ha, geometry)\n"
         "  encroachment_lost  the reverse (lost_ha, geometry)\n"
         "  clusters           + resid_inside_ha (latest date),\n"
         "                     resid_new_inside_ha (latest minus first),\n"
         "                     nearest_residential_m (0 when inside; empty\n"
         "                     when none within the outermost ring),\n"
         "                     nearest_residential_where (inside, touches\n"
         "                     the boundary, outside)\n"
         "Overlapping footprints count once (union per zone). Rings are\n"
         "buffered in the official plane, 8 segments per quarter circle.\n"
         "\n"
         "options:\n"
         "  -o, --output FILE     SpatiaLite database to write (required)\n"
         "      --residential F   a residential layer, oldest date first;\n"
         "                        repeat for each date\n"
         "      --residential-encoding ENC  text encoding of every\n"
         "                        --residential layer (as --encoding)\n"
         "      --epochs A,B,...  a label per date (default 1,2,...)\n"
         "      --code-field F    as --residential-code-field\n"
         "      --geojson DIR     write DIR/encroachment_new_<a>_<b>.geojson\n"
         "      --csv DIR         also every table as CSV (UTF-8, BOM)\n"
         "      --a-srs CRS, --t-srs CRS: as for 'zoneguard areas'\n"
         "      --overwrite, --layer, --s-srs, --encoding, --id-field,\n"
         "      --name-field      as for 'zoneguard areas'\n"
         "      --append          add a new run to an existing database\n"
         "                        (earlier runs kept; see 'zoneguard areas')\n"
         "  -q, --quiet, -h, --help\n"
         "\n"
         "settings (also scenario keys, '_' for '-'):");
    cli_settings_help("encroach");
}

enum {
    O_RES = 256, O_EPOCHS, O_CODE_FIELD, O_GEOJSON, O_OVERWRITE, O_LAYER, O_SSRS, O_ASRS, O_TSRS, O_ENCODING, O_ID,
    O_NAME, O_RES_ENCODING, O_APPEND
};

/* Split "a,b,c" into at most max parts (pointers into a copy). */
static int split(char *s, char **parts, int max)
{
    int n = 0;
    for (char *p = strtok(s, ","); p && n < max + 1; p = strtok(NULL, ","))
        parts[n++] = p;
    return n;
}

int cmd_encroach(int argc, char **argv, cli_env *env)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"residential", required_argument, NULL, O_RES},
        {"residential-encoding", required_argument, NULL, O_RES_ENCODING},
        {"epochs", required_argument, NULL, O_EPOCHS},
        {"code-field", required_argument, NULL, O_CODE_FIELD},
        {"geojson", required_argument, NULL, O_GEOJSON},
        {"overwrite", no_argument, NULL, O_OVERWRITE},
        {"append", no_argument, NULL, O_APPEND},
        {"layer", required_argument, NULL, O_LAYER},
        {"s-srs", required_argument, NULL, O_SSRS},
        {"a-srs", required_argument, NULL, O_ASRS},
        {"t-srs", required_argument, NULL, O_TSRS},
        {"encoding", required_argument, NULL, O_ENCODING},
        {"id-field", required_argument, NULL, O_ID},
        {"name-field", required_argument, NULL, O_NAME},
        {"csv", required_argument, NULL, 'C'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *a_srs = NULL, *t_srs = NULL;
    const char *output = NULL, *epochs_arg = NULL, *code_field = NULL,
               *geojson = NULL, *layer = NULL, *ssrs = NULL,
               *encoding = NULL, *id_field = NULL, *name_field = NULL,
               *res_encoding = NULL;
    const char *res[MAX_DATES];
    int nres = 0;
    unsigned flags = 0;
    const char *csv_dir = NULL;
    int c;
    /* One --residential per date. */
    static const char *const REPEATABLE[] = {"residential", NULL};
    cli_opts g = {.cmd = "encroach", .longopts = longopts,
                  .repeatable = REPEATABLE, .settings = true};
    while ((c = cli_getopt(&g, argc, argv)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case O_RES:
            if (nres == MAX_DATES)
                return cli_usage_error("encroach", "at most %d dates",
                                       MAX_DATES);
            res[nres++] = optarg;
            break;
        case O_EPOCHS: epochs_arg = optarg; break;
        case O_CODE_FIELD: code_field = optarg; break;
        case O_GEOJSON: geojson = optarg; break;
        case O_OVERWRITE: flags |= ZG_OUTPUT_OVERWRITE; break;
        case O_APPEND: flags |= ZG_OUTPUT_APPEND; break;
        case O_LAYER: layer = optarg; break;
        case O_SSRS: ssrs = optarg; break;
        case O_ASRS: a_srs = optarg; break;
        case O_TSRS: t_srs = optarg; break;
        case O_ENCODING: encoding = optarg; break;
        case O_RES_ENCODING: res_encoding = optarg; break;
        case O_ID: id_field = optarg; break;
        case O_NAME: name_field = optarg; break;
        case 'C': csv_dir = optarg; break;
        case 'q': break;
        case 'h': help(); return ZG_EXIT_OK;
        default: /* cli_getopt said why */
            return ZG_EXIT_USAGE;
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("encroach", "give exactly one clusters layer");
    if (!output)
        return cli_usage_error("encroach", "give the output with -o "
                               "OUT.sqlite");
    int frc = cli_check_output_flags("encroach", flags);
    if (frc)
        return frc;
    if (nres == 0)
        return cli_usage_error("encroach", "give at least one residential "
                               "layer with --residential");
    char epoch_buf[1024] = "", *epochs[MAX_DATES + 1];
    char defaults[MAX_DATES][16];
    if (epochs_arg) {
        snprintf(epoch_buf, sizeof epoch_buf, "%s", epochs_arg);
        if (split(epoch_buf, epochs, MAX_DATES) != nres)
            return cli_usage_error("encroach", "--epochs needs one label per "
                                   "--residential (%d)", nres);
    } else {
        for (int i = 0; i < nres; i++) {
            snprintf(defaults[i], sizeof defaults[i], "%d", i + 1);
            epochs[i] = defaults[i];
        }
    }
    if (geojson) {
        struct stat sb;
        if (stat(geojson, &sb) != 0 || !S_ISDIR(sb.st_mode))
            return cli_usage_error("encroach", "--geojson needs an existing "
                                   "directory (got '%s')", geojson);
    }

    zg_ctx *ctx = NULL;
    int rc = cli_ctx_new(env, &ctx);
    if (rc)
        return rc;
    zg_settings *set = NULL;
    rc = cli_settings_new(ctx, &g, &set);
    /* Its own name for the residential layers' code field. */
    if (!rc && code_field && zg_settings_get(set, "residential_code_field"))
        rc = cli_usage_error("encroach", "--code-field and "
                             "--residential-code-field are one option: give "
                             "one");
    else if (!rc && code_field)
        rc = cli_setting(ctx, set, "residential_code_field", code_field,
                         "code-field");
    if (rc) {
        zg_settings_free(set);
        zg_ctx_free(ctx);
        return rc;
    }
    const char *codes = zg_settings_get(set, "codes");
    zg_path_use uses[5 + MAX_DATES] = {
        {ZG_PATH_INPUT, "clusters", argv[optind], NULL},
        {ZG_PATH_INPUT, "--codes", codes, NULL},
        {ZG_PATH_OUTPUT_FILE, "-o", output, NULL},
        {ZG_PATH_OUTPUT_FILES, "--geojson", geojson, ".geojson"},
        {ZG_PATH_OUTPUT_FILES, "--csv", csv_dir, ".csv"}};
    size_t n_uses = 5;
    for (int i = 0; i < nres; i++)
        uses[n_uses++] = (zg_path_use){ZG_PATH_INPUT, "--residential",
                                       res[i], NULL};
    rc = cli_check_paths(ctx, uses, n_uses);
    if (rc) {
        zg_settings_free(set);
        zg_ctx_free(ctx);
        return rc;
    }
    zg_input_opts *in = zg_input_opts_new(ctx, "clusters", argv[optind]);
    zg_input_opts *rin[MAX_DATES] = {0};
    zg_encroach_opts *eo = zg_encroach_opts_new(ctx);
    zg_areas_opts *ao = zg_areas_opts_new(ctx);
    zg_layer *lyr = NULL;
    zg_areas *areas = NULL;
    zg_encroach *en = NULL;
    zg_output *out = NULL;
    zg_status st = in && eo && ao ? ZG_OK : ZG_ERR_NOMEM;
    for (int i = 0; i < nres && !st; i++) {
        char role[32];
        snprintf(role, sizeof role, "residential_%d", i + 1);
        if (!(rin[i] = zg_input_opts_new(ctx, role, res[i])))
            st = ZG_ERR_NOMEM;
        else if (res_encoding)
            st = zg_input_opts_set_encoding(rin[i], res_encoding);
    }
    if (!st && layer) st = zg_input_opts_set_layer(in, layer);
    if (!st && ssrs) st = zg_input_opts_set_s_srs(in, ssrs);
    if (!st && a_srs) st = zg_input_opts_set_a_srs(in, a_srs);
    if (!st && encoding) st = zg_input_opts_set_encoding(in, encoding);
    if (!st && id_field) st = zg_input_opts_set_id_field(in, id_field);
    if (!st && name_field) st = zg_input_opts_set_name_field(in, name_field);
    if (!st)
        st = zg_settings_apply(set, &(zg_analysis_opts){.areas = ao,
                                                        .encroach = eo});
    if (!st)
        st = zg_output_open(ctx, output, flags, env->command, &out);
    if (!st && t_srs)
        st = zg_output_set_t_srs(out, t_srs);
    if (!st)
        st = zg_layer_read(ctx, in, &lyr);
    if (!st)
        st = zg_areas_compute(ctx, lyr, ao, &areas);
    /* The clusters first: the encroachment tables are written while the
     * last date is worked out (the output is staged: nothing is left of
     * it on failure). */
    if (!st)
        st = zg_output_add_input(out, lyr);
    if (!st)
        st = zg_output_write_areas(out, lyr, areas);
    if (!st)
        st = zg_encroach_opts_set_output(eo, out);
    if (!st)
        st = zg_encroach_compute(ctx, lyr,
                                 (const zg_input_opts *const *)rin,
                                 (const char *const *)epochs, (size_t)nres,
                                 eo, &en);
    if (!st)
        st = zg_output_write_encroach(out, en);
    if (!st && geojson)
        st = zg_write_encroach_geojson(ctx, geojson, flags, en);
    if (!st)
        st = zg_output_commit(out);
    if (!st && csv_dir)
        st = zg_export_csv(ctx, output, csv_dir, flags);
    if (st)
        rc = cli_fail(ctx, st);
    else if (!env->quiet)
        cli_eprintf("zoneguard: %zu clusters, %d dates -> %s (run "
                    "%lld)\n", zg_layer_count(lyr), nres, output,
                    (long long)zg_output_run_id(out));
    zg_output_free(out);
    zg_encroach_free(en);
    zg_areas_free(areas);
    zg_layer_free(lyr);
    zg_areas_opts_free(ao);
    zg_encroach_opts_free(eo);
    for (int i = 0; i < nres; i++)
        zg_input_opts_free(rin[i]);
    zg_input_opts_free(in);
    zg_settings_free(set);
    zg_ctx_free(ctx);
    return rc;
}
