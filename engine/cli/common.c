/* SPDX-License-Identifier: MIT
 *
 * common.c: error reporting, exit codes, the terminal progress bar and
 * Ctrl-C, shared by every subcommand.
 */
#include "cli.h"

#include <getopt.h>
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

/* ---- terminal-safe text ------------------------------------------------ */

/* Length of the well-formed UTF-8 sequence at s (Unicode's Table 3-7), or
 * 0 when it is ill-formed; *cp gets its code point. */
static size_t utf8_len(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2
                 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4
                 : 0;
    *cp = c;
    if (len < 2)
        return len;
    /* The second byte's range excludes overlong forms (E0, F0),
     * surrogates (ED) and code points past U+10FFFF (F4). */
    unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (s[1] < lo || s[1] > hi)
        return 0;
    *cp = c & (0x7Fu >> len);
    for (size_t i = 1; i < len; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF) /* also stops at the NUL */
            return 0;
        *cp = *cp << 6 | (s[i] & 0x3Fu);
    }
    return len;
}

void cli_put_safe(const char *s)
{
    cli_fput_safe(stderr, s);
}

void cli_fput_safe(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp;
        size_t len = utf8_len(p, &cp);
        if (len == 0) { /* a byte that is not UTF-8: shown, not sent */
            fprintf(f, "\\x%02x", *p);
            len = 1;
        } else if (cp == '\n' || cp == '\r' || cp == '\t')
            fprintf(f, "\\%c", cp == '\n' ? 'n' : cp == '\r' ? 'r' : 't');
        else if (cp < 0x20 || cp == 0x7F)
            fprintf(f, "\\x%02x", cp);
        else if (cp >= 0x80 && cp <= 0x9F) /* C1: CSI, OSC, ... */
            fprintf(f, "\\u%04x", cp);
        else
            fwrite(p, 1, len, f);
        p += len;
    }
}

void cli_eprintf(const char *fmt, ...)
{
    char small[1024], *buf = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof small && (buf = malloc((size_t)n + 1)) != NULL) {
        va_start(ap, fmt);
        vsnprintf(buf, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    if (!buf) /* out of memory: the first 1023 bytes */
        buf = small, n = (int)sizeof small - 1;
    /* A final newline ends the line; any other is the text's. */
    bool eol = n > 0 && buf[n - 1] == '\n';
    if (eol)
        buf[n - 1] = '\0';
    cli_put_safe(buf);
    if (eol)
        fputc('\n', stderr);
    if (buf != small)
        free(buf);
}

/* ---- errors ------------------------------------------------------------ */

int cli_fail(zg_ctx *ctx, zg_status st)
{
    fputs("\rzoneguard: ", stderr);
    cli_put_safe(ctx ? zg_ctx_errmsg(ctx) : zg_status_str(st));
    fputc('\n', stderr);
    return cli_exit_code(st);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fputs("zoneguard: ", stderr);
    cli_put_safe(msg);
    if (cmd)
        fprintf(stderr, " (see: zoneguard %s --help)\n", cmd);
    else
        fputs(" (see: zoneguard --help)\n", stderr);
    return ZG_EXIT_USAGE;
}

/* ---- options ----------------------------------------------------------- */

int cli_edit_distance(const char *a, const char *b)
{
    /* Levenshtein's, one row at a time; words of the command line are
     * short, longer ones are simply far from everything. */
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 64;
    int row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* The unknown option getopt_long just met, as the user typed it: a long
 * option is the word before optind; a short one is the word still being
 * scanned (optind == its index) or, when it was the word's last letter,
 * the word before. `before` is optind before the call: the word scanned
 * is at or after it (getopt skips operands first). */
static const char *bad_word(int argc, char **argv, int before, char *buf,
                            size_t cap)
{
    if (optopt == 0)
        return argv[optind - 1];
    const char *prev = optind - 1 >= before ? argv[optind - 1] : NULL;
    if (prev && prev[0] == '-' && prev[1] && prev[1] != '-' &&
        prev[strlen(prev) - 1] == optopt)
        return prev;
    if (optind < argc && argv[optind][0] == '-' &&
        strchr(argv[optind] + 1, optopt))
        return argv[optind];
    snprintf(buf, cap, "-%c", optopt);
    return buf;
}

/* The setting an option names ("plane-crs" -> "plane_crs"), in buf; NULL
 * when none does. */
static const char *setting_of(const char *name, size_t n, char *buf,
                              size_t cap)
{
    if (n >= cap)
        return NULL;
    for (size_t i = 0; i < n; i++)
        buf[i] = name[i] == '-' ? '_' : name[i];
    buf[n] = '\0';
    for (size_t i = 0; zg_setting_info_at(i); i++)
        if (strcmp(zg_setting_info_at(i)->key, buf) == 0)
            return buf;
    return NULL;
}

/* Print why the option `word` is unknown: a setting of other commands,
 * ambiguous abbreviation, near miss of a long option, or neither. */
static void unknown_option(const cli_opts *g, const char *word)
{
    const struct option *o = g->all;
    if (word[0] == '-' && word[1] == '-') {
        const char *name = word + 2;
        size_t n = strcspn(name, "=");
        char key[64];
        const zg_setting_info *si = NULL;
        if (g->settings && setting_of(name, n, key, sizeof key))
            for (size_t i = 0; !si && zg_setting_info_at(i); i++)
                if (strcmp(zg_setting_info_at(i)->key, key) == 0)
                    si = zg_setting_info_at(i);
        if (si) {
            char users[128] = "";
            for (const char *u = si->used_by; *u;) {
                size_t m = strcspn(u, " "), used = strlen(users);
                snprintf(users + used, sizeof users - used, "%s'%.*s'",
                         used ? ", " : "", (int)m, u);
                u += m;
                u += *u == ' ';
            }
            cli_usage_error(g->cmd, "--%.*s is an option of %s, not '%s'",
                            (int)n, name, users, g->cmd);
            return;
        }
        char list[512] = "", want[64];
        int matches = 0, best = 3;
        const char *nearest = NULL;
        snprintf(want, sizeof want, "%.*s", (int)(n < 63 ? n : 63), name);
        for (int i = 0; o[i].name; i++) {
            if (strncmp(o[i].name, name, n) == 0) {
                size_t used = strlen(list);
                snprintf(list + used, sizeof list - used, "%s--%s",
                         matches++ ? ", " : "", o[i].name);
            }
            int d = cli_edit_distance(want, o[i].name);
            if (d < best && (size_t)d < n) {
                best = d;
                nearest = o[i].name;
            }
        }
        if (matches > 1) {
            cli_usage_error(g->cmd, "ambiguous option %s: %s", word, list);
            return;
        }
        if (nearest) {
            cli_usage_error(g->cmd, "unknown option %s (did you mean "
                            "--%s?)", word, nearest);
            return;
        }
    }
    cli_usage_error(g->cmd, "unknown option %s", word);
}

static int next_option(cli_opts *g, int argc, char **argv);

/* g->all: the command's options, then the settings it uses that it has
 * no option of its own for. */
static void merge_settings(cli_opts *g)
{
    size_t n = 0;
    while (g->longopts[n].name && n < CLI_MAX_OPTIONS)
        g->all[n] = g->longopts[n], n++;
    for (size_t i = 0; g->settings && zg_setting_info_at(i); i++) {
        const zg_setting_info *si = zg_setting_info_at(i);
        if (!zg_setting_used_by(si->key, g->cmd) || n == CLI_MAX_OPTIONS)
            continue;
        char *name = g->setting_name[n];
        snprintf(name, sizeof g->setting_name[n], "%s", si->key);
        for (char *p = name; *p; p++)
            if (*p == '_')
                *p = '-';
        bool own = false;
        for (size_t k = 0; g->longopts[k].name && !own; k++)
            own = strcmp(g->longopts[k].name, name) == 0;
        if (!own)
            g->all[n++] = (struct option){name, required_argument, NULL,
                                          CLI_SETTING + (int)i};
    }
    g->all[n] = (struct option){NULL, 0, NULL, 0};
}

int cli_getopt(cli_opts *g, int argc, char **argv)
{
    if (!g->started) {
        optind = 1;
        opterr = 0;
        g->started = true;
        merge_settings(g);
    }
    int c;
    /* A setting is kept in g->given for cli_settings_new. */
    while ((c = next_option(g, argc, argv)) >= CLI_SETTING)
        ;
    return c;
}

static int next_option(cli_opts *g, int argc, char **argv)
{
    int before = optind, idx = -1;
    int c = getopt_long(argc, argv, ":o:qh", g->all, &idx);
    if (c == -1)
        return -1;
    if (c == '?') {
        char buf[4];
        unknown_option(g, bad_word(argc, argv, before, buf, sizeof buf));
        return '?';
    }
    /* A short option has its long twin, with the same value. */
    int key = c == ':' ? optopt : c;
    if (idx < 0)
        for (int i = 0; g->all[i].name && idx < 0; i++)
            if (g->all[i].val == key)
                idx = i;
    g->name = idx >= 0 ? g->all[idx].name : "?";
    if (c == ':') {
        cli_usage_error(g->cmd, "--%s needs a value", g->name);
        return '?';
    }
    if (idx < 0 || idx >= CLI_MAX_OPTIONS ||
        g->all[idx].has_arg != required_argument)
        return c;
    for (const char *const *r = g->repeatable; r && *r; r++)
        if (strcmp(*r, g->name) == 0)
            return c;
    /* The last one winning would hide a slip (two outputs, two land-use
     * layers): a single-valued option is given once. */
    if (g->given[idx]) {
        cli_usage_error(g->cmd, "--%s is given twice ('%s', then '%s'): "
                        "give it once", g->name, g->given[idx], optarg);
        return '?';
    }
    g->given[idx] = optarg;
    return c;
}

int cli_setting(zg_ctx *ctx, zg_settings *s, const char *key,
                const char *value, const char *flag)
{
    zg_status st = zg_settings_set(s, key, value);
    if (!st)
        return 0;
    fputs("zoneguard: ", stderr);
    cli_put_safe(zg_ctx_errmsg(ctx));
    fprintf(stderr, " (from --%s)\n", flag);
    return cli_exit_code(st);
}

int cli_settings_new(zg_ctx *ctx, const cli_opts *g, zg_settings **out)
{
    if (!(*out = zg_settings_new(ctx))) {
        fputs("zoneguard: out of memory\n", stderr);
        return ZG_EXIT_NOMEM;
    }
    for (int i = 0; g->all[i].name; i++) {
        int k = g->all[i].val - CLI_SETTING;
        if (k < 0 || !g->given[i])
            continue;
        int rc = cli_setting(ctx, *out, zg_setting_info_at((size_t)k)->key,
                             g->given[i], g->all[i].name);
        if (rc) {
            zg_settings_free(*out);
            *out = NULL;
            return rc;
        }
    }
    return 0;
}

void cli_settings_help(const char *cmd)
{
    /* "      --threads N" in a column of 28, then the text, wrapped at 76
     * under itself. */
    for (size_t i = 0; zg_setting_info_at(i); i++) {
        const zg_setting_info *si = zg_setting_info_at(i);
        if (!zg_setting_used_by(si->key, cmd))
            continue;
        char left[64];
        int n = snprintf(left, sizeof left, "      --%s %s", si->key,
                         si->arg);
        for (char *p = left + 8; *p && *p != ' '; p++)
            if (*p == '_')
                *p = '-';
        fputs(left, stdout);
        int col = n;
        if (col > 27) {
            fputs("\n", stdout);
            col = 0;
        }
        printf("%*s", 28 - col, "");
        col = 28;
        for (const char *w = si->help; *w;) {
            size_t len = strcspn(w, " ");
            if (col > 28 && col + 1 + (int)len > 76) {
                printf("\n%28s", "");
                col = 28;
            } else if (col > 28) {
                fputc(' ', stdout);
                col++;
            }
            fwrite(w, 1, len, stdout);
            col += (int)len;
            w += len;
            while (*w == ' ')
                w++;
        }
        fputc('\n', stdout);
    }
}

int cli_encoding_needs_input(const char *cmd, const char *role,
                             const char *enc, bool input_given)
{
    if (!enc || input_given)
        return 0;
    return cli_usage_error(cmd, "--%s-encoding is given without --%s", role,
                           role);
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
    bool timing = env->timings && strncmp(msg, "timing: ", 8) == 0;
    if (level < ZG_MSG_INFO || (env->quiet && !timing))
        return;
    fprintf(stderr, "\rzoneguard: %s",
            level == ZG_MSG_WARNING ? "warning: " : "");
    cli_put_safe(msg);
    fputc('\n', stderr);
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
    if (env->progress_lines) {
        /* "zoneguard: progress STAGE PCT%", when the stage or the whole
         * per cent changes: a line a host parses, whatever -q says. */
        static char stage_seen[32];
        static int pct_seen = -1;
        int pct = (int)(frac * 100);
        if (pct > 100)
            pct = 100;
        if (strncmp(stage, stage_seen, sizeof stage_seen - 1) != 0 ||
            pct != pct_seen) {
            snprintf(stage_seen, sizeof stage_seen, "%s", stage);
            pct_seen = pct;
            fprintf(stderr, "zoneguard: progress ");
            cli_put_safe(stage_seen);
            fprintf(stderr, " %d%%\n", pct);
        }
        return 1;
    }
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
