/* SPDX-License-Identifier: MIT
 *
 * main.c: the zoneguard command: dispatch to a subcommand.
 */
#include "cli.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fputs("usage: zoneguard <command> [options]\n"
          "\n"
          "Measure Hanoi's industrial clusters (CCN) and parks (KCN) the way\n"
          "a planner must defend the numbers.\n"
          "\n"
          "commands:\n"
          "  run       every analysis of a scenario (default: the Hanoi\n"
          "            demo) into one folder\n"
          "  areas     true ellipsoidal and official-plane areas per cluster\n"
          "  overlaps  pairs of clusters whose interiors overlap, and by how\n"
          "            much\n"
          "  landuse   land-use composition of each cluster (streamed)\n"
          "  encroach  housing inside and around each cluster, at several\n"
          "            dates, and its growth (streamed)\n"
          "  check     proposed clusters against the rules, with evidence\n"
          "  reserve   land still free for industry inside each cluster\n"
          "  map       the overview map of a results database (PNG, PDF,\n"
          "            SVG)\n"
          "  report    the planner's report of a results database (HTML)\n"
          "  atlas     one page per proposal and cluster of a results\n"
          "            database: zoom map and figures (PDF)\n"
          "  info      what zoneguard would read in an input: layers, CRS,\n"
          "            fields, text encoding, default fields\n"
          "\n"
          "options:\n"
          "  --version   print the versions of zoneguard and its libraries\n"
          "  --help-settings  the settings commands and scenarios share\n"
          "  --help-settings=json  the same, as JSON for programs\n"
          "  -h, --help  this text; 'zoneguard <command> --help' for one\n"
          "              command\n"
          "\n"
          "exit codes: 0 ok, 2 usage, 3 input, 4 CRS, 5 geometry, 6 output,\n"
          "7 out of memory, 8 internal error, 130 interrupted (Ctrl-C),\n"
          "143 stopped (SIGTERM).\n",
          f);
}

/* GDAL's messages outside the engine's calls (which route them into the
 * context) would reach the terminal raw through GDAL's default handler:
 * here they are printed as it would, escaped. */
static void CPL_STDCALL on_gdal_message(CPLErr cls, CPLErrorNum num,
                                        const char *msg)
{
    if (cls == CE_None ||
        (cls == CE_Debug &&
         !CPLTestBool(CPLGetConfigOption("CPL_DEBUG", "NO"))))
        return;
    cli_eprintf("%s %d: %s\n", cls == CE_Debug ? "Debug" : cls == CE_Warning
                ? "Warning" : "ERROR", (int)num, msg);
}

static void json_string(const char *s)
{
    /* The table's texts hold no control characters: GDAL's backslash
     * escaping of quotes and backslashes is JSON's. */
    char *e = CPLEscapeString(s, -1, CPLES_BackslashQuotable);
    printf("\"%s\"", e ? e : "");
    CPLFree(e);
}

/* Space-separated words as a JSON array. */
static void json_words(const char *s)
{
    putchar('[');
    for (const char *p = s; *p;) {
        size_t n = strcspn(p, " ");
        if (n) {
            char w[64];
            snprintf(w, sizeof w, "%.*s", (int)n, p);
            if (p != s)
                fputs(", ", stdout);
            json_string(w);
        }
        p += n;
        p += *p == ' ';
    }
    putchar(']');
}

/* --help-settings=json: the table of shared settings for a program that
 * offers them (the QGIS plugin takes its ranges and defaults from here). */
static int print_settings_json(void)
{
    fputs("{\"settings\": [", stdout);
    for (size_t i = 0; zg_setting_info_at(i); i++) {
        const zg_setting_info *si = zg_setting_info_at(i);
        char opt[64];
        snprintf(opt, sizeof opt, "--%s", si->key);
        for (char *p = opt; *p; p++)
            *p = *p == '_' ? '-' : *p;
        printf("%s\n {\"key\": ", i ? "," : "");
        json_string(si->key);
        fputs(", \"option\": ", stdout);
        json_string(opt);
        fputs(", \"arg\": ", stdout);
        json_string(si->arg);
        fputs(", \"type\": ", stdout);
        json_string(si->type);
        printf(", \"min\": %.17g, \"max\": %.17g, \"values\": ", si->min,
               si->max);
        json_words(si->values);
        fputs(", \"default\": ", stdout);
        json_string(si->default_value);
        fputs(", \"used_by\": ", stdout);
        json_words(si->used_by);
        fputs(", \"help\": ", stdout);
        json_string(si->help);
        putchar('}');
    }
    fputs("\n]}\n", stdout);
    return ZG_EXIT_OK;
}

/* A mistyped command gets the nearest one (by edit distance), when it is
 * near enough to be what was meant. */
static int unknown_command(const char *cmd)
{
    static const char *const COMMANDS[] = {"run", "areas", "overlaps",
                                           "landuse", "encroach", "check",
                                           "reserve", "map", "report",
                                           "atlas", "info", NULL};
    const char *nearest = NULL;
    int best = 3;
    for (const char *const *c = COMMANDS; *c; c++) {
        int d = cli_edit_distance(cmd, *c);
        if (d < best && (size_t)d < strlen(*c)) {
            best = d;
            nearest = *c;
        }
    }
    /* "encroachment", "over": one word holds the other. */
    for (const char *const *c = COMMANDS; *c && !nearest; c++) {
        size_t n = strlen(cmd), m = strlen(*c);
        if (n >= 3 && strncmp(cmd, *c, n < m ? n : m) == 0)
            nearest = *c;
    }
    if (nearest)
        return cli_usage_error(NULL, "unknown command '%s' (did you mean "
                               "'%s'?)", cmd, nearest);
    return cli_usage_error(NULL, "unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
    CPLSetErrorHandler(on_gdal_message);
    if (argc < 2) {
        usage(stderr);
        return ZG_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        usage(stdout);
        return ZG_EXIT_OK;
    }
    if (strcmp(cmd, "--help-settings=json") == 0)
        return print_settings_json();
    if (strcmp(cmd, "--help-settings") == 0) {
        /* One block a setting: "KEY ARG", then its text and users. */
        for (size_t i = 0; zg_setting_info_at(i); i++) {
            const zg_setting_info *si = zg_setting_info_at(i);
            printf("%s %s\n    %s\n    option --", si->key, si->arg,
                   si->help);
            for (const char *p = si->key; *p; p++)
                putchar(*p == '_' ? '-' : *p);
            printf(" of: %s; scenario key %s\n", si->used_by, si->key);
        }
        return ZG_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        GDALAllRegister();
        printf("zoneguard %s\n%s\ndata: %s\n", zg_version(),
               zg_library_versions(), zg_data_dir());
        return ZG_EXIT_OK;
    }
    cli_env env = {0};
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)
            env.quiet = true;
    env.progress = !env.quiet && isatty(STDERR_FILENO);
    const char *pl = getenv("ZG_PROGRESS");
    env.progress_lines = pl && strcmp(pl, "lines") == 0;
    if (env.progress_lines)
        env.progress = false;
    env.command = cli_join_argv(argc, argv);
    if (!env.command) {
        fputs("zoneguard: out of memory\n", stderr);
        return ZG_EXIT_NOMEM;
    }
    cli_install_sigint();
    GDALAllRegister();
    int rc;
    if (strcmp(cmd, "areas") == 0)
        rc = cmd_areas(argc - 1, argv + 1, &env);
    else if (strcmp(cmd, "run") == 0)
        rc = cmd_run(argc - 1, argv + 1, &env);
    else if (strcmp(cmd, "reserve") == 0)
        rc = cmd_reserve(argc - 1, argv + 1, &env);
    else if (strcmp(cmd, "check") == 0)
        rc = cmd_check(argc - 1, argv + 1, &env);
    else if (strcmp(cmd, "encroach") == 0)
        rc = cmd_encroach(argc - 1, argv + 1, &env);
    else if (strcmp(cmd, "landuse") == 0)
        rc = cmd_landuse(argc - 1, argv + 1, &env);
    else if (strcmp(cmd, "overlaps") == 0)
        rc = cmd_overlaps(argc - 1, argv + 1, &env);
    else if (strcmp(cmd, "map") == 0)
        rc = cmd_map(argc - 1, argv + 1, &env);
    else if (strcmp(cmd, "report") == 0)
        rc = cmd_report(argc - 1, argv + 1, &env);
    else if (strcmp(cmd, "atlas") == 0)
        rc = cmd_atlas(argc - 1, argv + 1, &env);
    else if (strcmp(cmd, "info") == 0)
        rc = cmd_info(argc - 1, argv + 1, &env);
    else
        rc = unknown_command(cmd);
    free(env.command);
    /* Release GDAL's and PROJ's one-time allocations, so that leak
     * checkers see only what would be ours. */
    GDALDestroyDriverManager();
    return rc;
}
