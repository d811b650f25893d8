/* SPDX-License-Identifier: MIT
 *
 * common.c: error reporting, exit codes, the terminal progress bar and
 * Ctrl-C, shared by every subcommand.
 */
#include "cli.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cli_exit_code(zg_status st)
{
    switch (st) {
    case ZG_OK: return ZG_EXIT_OK;
    case ZG_ERR_USAGE: return ZG_EXIT_USAGE;
    case ZG_ERR_INPUT: return ZG_EXIT_INPUT;
    case ZG_ERR_CRS: return ZG_EXIT_CRS;
    case ZG_ERR_GEOM: return ZG_EXIT_GEOM;
    case ZG_ERR_OUTPUT: return ZG_EXIT_OUTPUT;
    case ZG_ERR_NOMEM: return ZG_EXIT_NOMEM;
    case ZG_ERR_CANCELLED: return cli_cancel_exit_code();
    case ZG_ERR_INTERNAL: return ZG_EXIT_INTERNAL;
    }
    return ZG_EXIT_INTERNAL;
}

int cli_fail(zg_ctx *ctx, zg_status st)
{
    fprintf(stderr, "\rzoneguard: %s\n",
            ctx ? zg_ctx_errmsg(ctx) : zg_status_str(st));
    return cli_exit_code(st);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "zoneguard: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see: zoneguard %s --help)\n", cmd ? cmd : "");
    return ZG_EXIT_USAGE;
}

int cli_encoding_needs_input(const char *cmd, const char *role,
                             const char *enc, bool input_given)
{
    if (!enc || input_given)
        return 0;
    return cli_usage_error(cmd, "--%s-encoding is given without --%s", role,
                           role);
}

int cli_parse_rings(const char *cmd, const char *arg, double *rings_m,
                    size_t *n)
{
    *n = 0;
    for (const char *p = arg;;) {
        size_t len = strcspn(p, ",");
        if (*n == 32)
            return cli_usage_error(cmd, "at most 32 rings (--rings)");
        char num[64];
        char *end = NULL;
        if (len > 0 && len < sizeof num) {
            memcpy(num, p, len);
            num[len] = '\0';
            rings_m[*n] = strtod(num, &end);
        }
        if (!end || *end || end == num)
            return cli_usage_error(cmd, "--rings takes metres such as "
                                   "50,100,300 (got '%.*s')", (int)len, p);
        (*n)++;
        if (!p[len])
            return 0;
        p += len + 1;
    }
}

int cli_check_output_flags(const char *cmd, unsigned flags)
{
    if ((flags & ZG_OUTPUT_APPEND) && (flags & ZG_OUTPUT_OVERWRITE))
        return cli_usage_error(cmd, "--append adds a run to the database, "
                               "--overwrite replaces it: give one of them");
    return 0;
}

int cli_check_paths(zg_ctx *ctx, const zg_path_use *uses, size_t n)
{
    zg_status st = zg_check_paths(ctx, uses, n);
    return st ? cli_fail(ctx, st) : 0;
}

/* ---- messages ---------------------------------------------------------- */

static void on_message(zg_msg_level level, const char *msg, void *ud)
{
    cli_env *env = ud;
    if (level < ZG_MSG_WARNING || env->quiet)
        return;
    fprintf(stderr, "\rzoneguard: %s%s\n",
            level == ZG_MSG_WARNING ? "warning: " : "", msg);
}

/* ---- Ctrl-C and SIGTERM -------------------------------------------------- */

/* The signal that asked us to stop (0: none). The progress callback sees
 * it and cancels: staging is removed and earlier outputs are kept, the
 * same for Ctrl-C and for SIGTERM (kill, timeout, systemd). */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

void cli_install_sigint(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    /* A second signal is not caught: it ends a run that does not reach
     * its next progress report (the next run sweeps its staging). */
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int cli_cancel_exit_code(void)
{
    int sig = interrupted;
    /* As a shell reports a process ended by the signal: 130 for SIGINT,
     * 143 for SIGTERM. A cancel without a signal reads as Ctrl-C. */
    return sig == SIGTERM ? ZG_EXIT_TERMINATED : ZG_EXIT_CANCELLED;
}

/* ---- progress bar ------------------------------------------------------ */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int on_progress(double frac, const char *stage, void *ud)
{
    cli_env *env = ud;
    if (interrupted)
        return 0;
    if (!env->progress)
        return 1;
    static double start, last;
    static char last_stage[32];
    double t = now_s();
    if (strncmp(stage, last_stage, sizeof last_stage - 1) != 0) {
        snprintf(last_stage, sizeof last_stage, "%s", stage);
        start = t;
        last = 0;
    }
    if (frac < 1.0 && t - last < 0.1)
        return 1;
    last = t;
    int width = 30, done = (int)(frac * width + 0.5);
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < done ? '#' : '.';
    bar[width] = '\0';
    double el = t - start;
    if (el > 2.0 && frac > 0.01 && frac < 1.0)
        fprintf(stderr, "\r%-8s [%s] %3.0f%%  ETA %.0fs   ", stage, bar,
                frac * 100, el / frac - el);
    else
        fprintf(stderr, "\r%-8s [%s] %3.0f%%             ", stage, bar,
                frac * 100);
    if (frac >= 1.0)
        fprintf(stderr, "\r%60s\r", "");
    return 1;
}

int cli_ctx_new(cli_env *env, zg_ctx **ctx)
{
    zg_status st = zg_ctx_new(NULL, ctx);
    if (st) {
        fprintf(stderr, "zoneguard: cannot create a context: %s\n",
                zg_status_str(st));
        return cli_exit_code(st);
    }
    zg_ctx_set_msg_handler(*ctx, on_message, env);
    zg_ctx_set_progress(*ctx, on_progress, env);
    return 0;
}

/* ---- the command line, for the record ---------------------------------- */

char *cli_join_argv(int argc, char **argv)
{
    size_t cap = 1;
    for (int i = 0; i < argc; i++)
        cap += strlen(argv[i]) * 4 + 3;
    char *s = malloc(cap), *p = s;
    if (!s)
        return NULL;
    for (int i = 0; i < argc; i++) {
        if (i)
            *p++ = ' ';
        bool plain = argv[i][0] != '\0';
        for (const char *c = argv[i]; *c && plain; c++)
            plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"
                           "XYZ0123456789-_./=:,+@%", *c) != NULL;
        if (plain) {
            p += sprintf(p, "%s", argv[i]);
            continue;
        }
        *p++ = '\'';
        for (const char *c = argv[i]; *c; c++) {
            if (*c == '\'') {
                memcpy(p, "'\\''", 4);
                p += 4;
            } else
                *p++ = *c;
        }
        *p++ = '\'';
    }
    *p = '\0';
    return s;
}
