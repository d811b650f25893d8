/* SPDX-License-Identifier: MIT
 *
 * cli.h: what the subcommands of the zoneguard command share. The command
 * only parses arguments, reports, and maps statuses to exit codes; all the
 * work is done through the public header.
 */
#ifndef ZG_CLI_H
#define ZG_CLI_H

#include "zoneguard.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

/* Exit codes, one per failure class, documented in README.md. They avoid
 * 124-127 and 137, which timeout(1) and the shell use. */
enum {
    ZG_EXIT_OK = 0,
    ZG_EXIT_USAGE = 2,
    ZG_EXIT_INPUT = 3,
    ZG_EXIT_CRS = 4,
    ZG_EXIT_GEOM = 5,
    ZG_EXIT_OUTPUT = 6,
    ZG_EXIT_NOMEM = 7,
    ZG_EXIT_INTERNAL = 8,
    ZG_EXIT_CANCELLED = 130, /* as a shell reports Ctrl-C */
    ZG_EXIT_TERMINATED = 143 /* as a shell reports SIGTERM */
};

typedef struct cli_env {
    bool quiet;
    bool progress; /* a bar on stderr (a terminal, not -q) */
    bool timings; /* run --timings: "timing:" lines even with -q */
    bool progress_lines; /* ZG_PROGRESS=lines: one line a per cent, for a
                            host that reads stderr (the QGIS plugin) */
    char *command; /* argv joined, for the runs record */
} cli_env;

/* Text from inputs (ids, names, paths, layer names) must not drive the
 * user's terminal: every message to stderr goes through these, which
 * show control characters (C0, DEL, C1, bytes that are not UTF-8)
 * escaped as \n, \x1b, \u009b and keep every other character. */
/* Write s to stderr, escaped. */
void cli_put_safe(const char *s);
/* The same to another stream (zoneguard info's stdout). */
void cli_fput_safe(FILE *f, const char *s);
/* fprintf(stderr, ...) with the formatted text escaped, but for a final
 * newline, which ends the line. */
void cli_eprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Options of a subcommand: getopt_long over the short options -o, -q, -h
 * and `longopts` (each short option has a long twin of the same value),
 * with what getopt does not do: an unknown option is named as typed
 * (with the nearest long option when one is close), and a single-valued
 * option given twice is refused unless it is listed in `repeatable`. */
/* With `settings`, the shared settings the command uses (see
 * zg_setting_info_at) are options too, --KEY with '-' for '_', unless
 * the command has its own option of that name: cli_getopt keeps their
 * values and cli_settings_new checks and sets them. */
#define CLI_MAX_OPTIONS 96
#define CLI_SETTING 0x10000 /* getopt value of setting i: CLI_SETTING + i */
typedef struct cli_opts {
    const char *cmd;                    /* for messages */
    const struct option *longopts;      /* at most CLI_MAX_OPTIONS */
    const char *const *repeatable;      /* long names, NULL-terminated */
    bool settings;                      /* the command takes settings */
    const char *name;                   /* long name of the last option */
    const char *given[CLI_MAX_OPTIONS]; /* value of each, once given */
    bool started;
    struct option all[CLI_MAX_OPTIONS + 1]; /* longopts and settings */
    char setting_name[CLI_MAX_OPTIONS][40];
} cli_opts;
/* The next option's value (as getopt_long), -1 at the end, or '?' after
 * printing a usage error, for which the caller returns ZG_EXIT_USAGE.
 * Settings are kept, not returned. */
int cli_getopt(cli_opts *g, int argc, char **argv);
/* New settings (*out, caller frees) from the settings options cli_getopt
 * kept: 0, or the exit code after printing why one was refused, with the
 * option it came from. */
int cli_settings_new(zg_ctx *ctx, const cli_opts *g, zg_settings **out);
/* Set one setting from a command's own option `flag` (encroach's
 * --code-field): 0, or the exit code after printing why. */
int cli_setting(zg_ctx *ctx, zg_settings *s, const char *key,
                const char *value, const char *flag);
/* Print the help lines of the settings `cmd` uses, from the table. */
void cli_settings_help(const char *cmd);
/* Levenshtein distance between two words (64 when either is longer than
 * 63 bytes). */
int cli_edit_distance(const char *a, const char *b);

/* Exit code of a status. */
int cli_exit_code(zg_status st);
/* Print "zoneguard: <msg>" to stderr and return the exit code. */
int cli_fail(zg_ctx *ctx, zg_status st);
/* Print a usage error and return ZG_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...);
/* A usage error (ZG_EXIT_USAGE) when --ROLE-encoding `enc` was given but
 * the input --ROLE was not (a typo would otherwise pass unnoticed); else
 * 0. */
int cli_encoding_needs_input(const char *cmd, const char *role,
                             const char *enc, bool input_given);
/* Set up a context with message and progress handlers for env. */
int cli_ctx_new(cli_env *env, zg_ctx **ctx);
/* New string: argv quoted for a shell, space-separated. */
char *cli_join_argv(int argc, char **argv);
/* The usage error for --append with --overwrite (0 when flags are fine). */
int cli_check_output_flags(const char *cmd, unsigned flags);
/* zg_check_paths (an output that is an input, two outputs naming one
 * file), before any work: 0, or the exit code after printing why. */
int cli_check_paths(zg_ctx *ctx, const zg_path_use *uses, size_t n);
/* Install the Ctrl-C and SIGTERM handler that makes the progress callback
 * cancel. */
void cli_install_sigint(void);
/* The exit code of a cancelled run: 130 (SIGINT) or 143 (SIGTERM). */
int cli_cancel_exit_code(void);

/* Subcommands: argv[0] is the subcommand's name. */
int cmd_areas(int argc, char **argv, cli_env *env);
int cmd_overlaps(int argc, char **argv, cli_env *env);
int cmd_landuse(int argc, char **argv, cli_env *env);
int cmd_encroach(int argc, char **argv, cli_env *env);
int cmd_check(int argc, char **argv, cli_env *env);
int cmd_reserve(int argc, char **argv, cli_env *env);
int cmd_run(int argc, char **argv, cli_env *env);
int cmd_map(int argc, char **argv, cli_env *env);
int cmd_report(int argc, char **argv, cli_env *env);
int cmd_atlas(int argc, char **argv, cli_env *env);
int cmd_info(int argc, char **argv, cli_env *env);

#endif
