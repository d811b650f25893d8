/* SPDX-License-Identifier: MIT
 *
 * cmd_info.c: `zoneguard info INPUT`: what a user checks before a run
 * (layers, CRS, fields, text encoding, default fields), through
 * zg_source_describe. Writes nothing.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void help(void)
{
    puts("usage: zoneguard info INPUT [--layer NAME] [options]\n"
         "\n"
         "Describe INPUT (any vector source GDAL reads) as zoneguard would\n"
         "read it, before a run: its layers (geometry type, features,\n"
         "declared CRS); for the layer a run would read, the CRS as\n"
         "zoneguard resolves it, the extent, the text encoding it would\n"
         "decode with and why, the fields, and the id, name and land-use\n"
         "code fields a run would take by default. Writes nothing.\n"
         "\n"
         "options:\n"
         "      --layer NAME        layer to describe when there are several\n"
         "      --s-srs CRS         CRS to assume when the source has none\n"
         "      --a-srs CRS         CRS to read it in, whatever it declares\n"
         "      --encoding ENC      text encoding of a shapefile (as for\n"
         "                          the other commands; default auto)\n"
         "      --id-field F        check that this id field is there\n"
         "      --name-field F      check that this name field is there\n"
         "  -q, --quiet, -h, --help");
}

int cmd_info(int argc, char **argv, cli_env *env)
{
    enum { OPT_LAYER = 256, OPT_SSRS, OPT_ASRS, OPT_ENCODING, OPT_ID, OPT_NAME };
    static const struct option longopts[] = {
        {"layer", required_argument, NULL, OPT_LAYER},
        {"s-srs", required_argument, NULL, OPT_SSRS},
        {"a-srs", required_argument, NULL, OPT_ASRS},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"id-field", required_argument, NULL, OPT_ID},
        {"name-field", required_argument, NULL, OPT_NAME},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *layer = NULL, *ssrs = NULL, *a_srs = NULL, *encoding = NULL,
               *id_field = NULL, *name_field = NULL;
    int c;
    cli_opts g = {.cmd = "info", .longopts = longopts};
    while ((c = cli_getopt(&g, argc, argv)) != -1) {
        switch (c) {
        case OPT_LAYER: layer = optarg; break;
        case OPT_SSRS: ssrs = optarg; break;
        case OPT_ASRS: a_srs = optarg; break;
        case OPT_ENCODING: encoding = optarg; break;
        case OPT_ID: id_field = optarg; break;
        case OPT_NAME: name_field = optarg; break;
        case 'q': break;
        case 'h': help(); return ZG_EXIT_OK;
        default: /* cli_getopt said why */
            return ZG_EXIT_USAGE;
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("info", "give one INPUT");
    zg_ctx *ctx = NULL;
    int rc = cli_ctx_new(env, &ctx);
    if (rc)
        return rc;
    zg_input_opts *in = zg_input_opts_new(ctx, "input", argv[optind]);
    zg_status st = in ? ZG_OK : ZG_ERR_NOMEM;
    if (!st && layer) st = zg_input_opts_set_layer(in, layer);
    if (!st && ssrs) st = zg_input_opts_set_s_srs(in, ssrs);
    if (!st && a_srs) st = zg_input_opts_set_a_srs(in, a_srs);
    if (!st && encoding) st = zg_input_opts_set_encoding(in, encoding);
    if (!st && id_field) st = zg_input_opts_set_id_field(in, id_field);
    if (!st && name_field) st = zg_input_opts_set_name_field(in, name_field);
    char *text = NULL;
    if (!st)
        st = zg_source_describe(ctx, in, &text);
    if (st)
        rc = cli_fail(ctx, st);
    else {
        /* Field and layer names come from the input: line by line, their
         * control characters escaped as in every message. */
        for (char *line = text, *nl; line && *line; line = nl) {
            if ((nl = strchr(line, '\n')))
                *nl++ = '\0';
            cli_fput_safe(stdout, line);
            fputc('\n', stdout);
        }
    }
    zg_text_free(ctx, text);
    zg_input_opts_free(in);
    zg_ctx_free(ctx);
    return rc;
}
