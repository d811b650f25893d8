/* SPDX-License-Identifier: MIT
 *
 * path_guard.c: an output never replaces an input of its own command, and
 * two outputs of one command never name the same file.
 *
 * `zoneguard report r.sqlite -o r.sqlite --overwrite` once replaced the
 * results with HTML. Names cannot tell: ./x and x, a symbolic or a hard
 * link, /vsizip/lu.zip/lu.gpkg (which reads lu.zip) and a shapefile's
 * .dbf all reach an input by another spelling. So files that exist are
 * compared by device and inode, and names only where nothing exists yet,
 * after resolving every symbolic link of the folder they are in.
 *
 * Checked once, before any work, by every command (zg_run_scenario for
 * `run`, the CLI for the others): refused with ZG_ERR_USAGE.
 */
#include "output_int.h"
#include "../core/input_files.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Where a path is: the file's identity when it exists, and its absolute
 * name with every symbolic link resolved (of its folders at least). */
typedef struct loc {
    bool exists, is_dir;
    dev_t dev;
    ino_t ino;
    char *canon; /* owned */
} loc;

/* New absolute name of `path`: realpath(3) of it, else of the nearest
 * folder above it that exists, with the rest appended. */
static char *canon_path(zg_ctx *ctx, const char *path)
{
    char buf[PATH_MAX];
    if (realpath(path, buf))
        return zg_strdup(ctx, buf);
    char *a = zg_strdup(ctx, path), *b = zg_strdup(ctx, path);
    char *out = NULL;
    if (a && b) {
        const char *dir = dirname(a), *base = basename(b);
        if (strcmp(dir, path) == 0) /* "/" or "." that realpath refused */
            out = zg_strdup(ctx, path);
        else {
            char *up = canon_path(ctx, dir);
            if (up)
                out = zg_asprintf(ctx, "%s%s%s", up,
                                  strcmp(up, "/") == 0 ? "" : "/", base);
            zg_free(ctx, up);
        }
    }
    zg_free(ctx, a);
    zg_free(ctx, b);
    return out;
}

static zg_status loc_get(zg_ctx *ctx, const char *path, loc *l)
{
    memset(l, 0, sizeof *l);
    struct stat sb;
    if (stat(path, &sb) == 0) {
        l->exists = true;
        l->is_dir = S_ISDIR(sb.st_mode);
        l->dev = sb.st_dev;
        l->ino = sb.st_ino;
    }
    l->canon = canon_path(ctx, path);
    return l->canon ? ZG_OK : zg_nomem(ctx, "path");
}

/* The folder a path is in. */
static zg_status loc_parent(zg_ctx *ctx, const char *path, loc *l)
{
    char *a = zg_strdup(ctx, path);
    if (!a)
        return zg_nomem(ctx, "path");
    zg_status st = loc_get(ctx, dirname(a), l);
    zg_free(ctx, a);
    return st;
}

static bool same(const loc *a, const loc *b)
{
    if (a->exists && b->exists)
        return a->dev == b->dev && a->ino == b->ino;
    return !a->exists && !b->exists && strcmp(a->canon, b->canon) == 0;
}

/* Is `canon` (an absolute name) `dir` or inside it? */
static bool under(const char *canon, const loc *dir)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s", canon);
    for (;;) {
        struct stat sb;
        if (dir->exists ? stat(p, &sb) == 0 && sb.st_dev == dir->dev &&
                              sb.st_ino == dir->ino
                        : strcmp(p, dir->canon) == 0)
            return true;
        char *slash = strrchr(p, '/');
        if (!slash || strcmp(p, "/") == 0)
            return false;
        if (slash == p)
            slash[1] = '\0';
        else
            *slash = '\0';
    }
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* One file behind an input, by both of its names: as given (its folder
 * and base name) and with links resolved. */
typedef struct in_file {
    const zg_path_use *use;
    char *file; /* owned */
    loc self, given_dir, real_dir;
    char *given_base, *real_base; /* owned */
} in_file;

typedef struct out_use {
    const zg_path_use *use;
    loc self, dir; /* dir: the folder a file output is in */
    const char *base;
} out_use;

static void loc_clear(zg_ctx *ctx, loc *l) { zg_free(ctx, l->canon); }

static zg_status in_file_get(zg_ctx *ctx, const zg_path_use *u,
                             const char *file, in_file *f)
{
    memset(f, 0, sizeof *f);
    f->use = u;
    f->file = zg_strdup(ctx, file);
    if (!f->file)
        return zg_nomem(ctx, "path");
    zg_status st = loc_get(ctx, file, &f->self);
    if (!st)
        st = loc_parent(ctx, file, &f->given_dir);
    if (!st)
        st = loc_parent(ctx, f->self.canon, &f->real_dir);
    if (!st) {
        char *a = zg_strdup(ctx, file), *b = zg_strdup(ctx, f->self.canon);
        f->given_base = a ? zg_strdup(ctx, basename(a)) : NULL;
        f->real_base = b ? zg_strdup(ctx, basename(b)) : NULL;
        zg_free(ctx, a);
        zg_free(ctx, b);
        if (!f->given_base || !f->real_base)
            st = zg_nomem(ctx, "path");
    }
    return st;
}

static void in_file_clear(zg_ctx *ctx, in_file *f)
{
    zg_free(ctx, f->file);
    loc_clear(ctx, &f->self);
    loc_clear(ctx, &f->given_dir);
    loc_clear(ctx, &f->real_dir);
    zg_free(ctx, f->given_base);
    zg_free(ctx, f->real_base);
}

static zg_status refuse(zg_ctx *ctx, const char *fmt, const char *out_what,
                        const char *in_what, const char *out_path,
                        const char *in_path)
{
    char msg[ZG_ERRMSG_MAX];
    snprintf(msg, sizeof msg, fmt, out_what, in_what);
    return zg_fail(ctx, ZG_ERR_USAGE, "%s; nothing was written (%s; input "
                   "%s)", msg, out_path, in_path);
}

/* An output against one file of an input. */
static zg_status check_pair(zg_ctx *ctx, const out_use *o, const in_file *f)
{
    const zg_path_use *u = o->use;
    const char *ip = f->file, *iw = f->use->what;
    switch (u->kind) {
    case ZG_PATH_OUTPUT_FILE:
        if (o->self.exists && same(&o->self, &f->self))
            return refuse(ctx, "%s names the %s input (the same file): an "
                          "output never replaces an input of its own "
                          "command, even with --overwrite or --append",
                          u->what, iw, u->path, ip);
        if (f->self.is_dir && under(o->self.canon, &f->self))
            return refuse(ctx, "%s lies inside the %s input's folder: an "
                          "output never writes into an input", u->what, iw,
                          u->path, ip);
        return ZG_OK;
    case ZG_PATH_OUTPUT_FILES:
        if (f->self.is_dir && under(o->self.canon, &f->self))
            return refuse(ctx, "%s lies inside the %s input's folder: an "
                          "output never writes into an input", u->what, iw,
                          u->path, ip);
        if ((same(&f->given_dir, &o->self) &&
             ends_with(f->given_base, u->suffix)) ||
            (same(&f->real_dir, &o->self) &&
             ends_with(f->real_base, u->suffix)))
            return refuse(ctx, "%s is the folder of the %s input, which "
                          "its files could replace: choose another folder",
                          u->what, iw, u->path, ip);
        return ZG_OK;
    case ZG_PATH_OUTPUT_FOLDER:
        if (f->self.is_dir && under(o->self.canon, &f->self))
            return refuse(ctx, "%s lies inside the %s input's folder: an "
                          "output never writes into an input", u->what, iw,
                          u->path, ip);
        if (under(f->self.canon, &o->self) ||
            under(f->given_dir.canon, &o->self))
            return refuse(ctx, "%s holds the %s input: the output folder "
                          "must not hold an input of the run; choose "
                          "another folder", u->what, iw, u->path, ip);
        return ZG_OK;
    case ZG_PATH_INPUT:
        break;
    }
    return ZG_OK;
}

/* Two outputs. */
static zg_status check_outputs(zg_ctx *ctx, const out_use *a,
                               const out_use *b)
{
    if (a->use->kind > b->use->kind) {
        const out_use *t = a;
        a = b;
        b = t;
    }
    zg_path_kind ka = a->use->kind, kb = b->use->kind;
    bool clash = false;
    if (ka == ZG_PATH_OUTPUT_FILE && kb == ZG_PATH_OUTPUT_FILE)
        clash = same(&a->self, &b->self);
    else if (ka == ZG_PATH_OUTPUT_FILE && kb == ZG_PATH_OUTPUT_FILES)
        clash = same(&a->dir, &b->self) && ends_with(a->base, b->use->suffix);
    else if (ka == ZG_PATH_OUTPUT_FILES && kb == ZG_PATH_OUTPUT_FILES)
        clash = same(&a->self, &b->self) &&
                strcasecmp(a->use->suffix, b->use->suffix) == 0;
    else if (kb == ZG_PATH_OUTPUT_FOLDER)
        clash = under(a->self.canon, &b->self) ||
                (ka == ZG_PATH_OUTPUT_FOLDER && under(b->self.canon,
                                                      &a->self));
    if (!clash)
        return ZG_OK;
    if (ka == kb && ka == ZG_PATH_OUTPUT_FILE)
        return zg_fail(ctx, ZG_ERR_USAGE, "%s and %s name the same file: "
                       "give each output its own; nothing was written (%s; "
                       "%s)", a->use->what, b->use->what, a->use->path,
                       b->use->path);
    if (kb == ZG_PATH_OUTPUT_FILES)
        return zg_fail(ctx, ZG_ERR_USAGE, "%s names a %s file in the folder "
                       "%s writes its %s files into: give each output its "
                       "own place; nothing was written (%s; %s)",
                       a->use->what, b->use->suffix, b->use->what,
                       b->use->suffix, a->use->path, b->use->path);
    return zg_fail(ctx, ZG_ERR_USAGE, "%s lies inside %s: give each output "
                   "its own place; nothing was written (%s; %s)",
                   a->use->what, b->use->what, a->use->path, b->use->path);
}

zg_status zg_check_paths(zg_ctx *ctx, const zg_path_use *uses, size_t n)
{
    if (!ctx)
        return ZG_ERR_USAGE;
    zg_status st = ZG_OK;
    /* An input that would block its reader is refused first: nothing
     * below opens a file, but every later step would. */
    for (size_t i = 0; i < n && !st; i++)
        if (uses[i].kind == ZG_PATH_INPUT && uses[i].path)
            st = zg_input_check_kind(ctx, uses[i].what, uses[i].path);
    in_file *in = NULL;
    out_use *out = NULL;
    size_t nin = 0, cin = 0, nout = 0;
    if (!st && n && !(out = zg_calloc(ctx, n, sizeof *out)))
        st = zg_nomem(ctx, "paths");
    for (size_t i = 0; i < n && !st; i++) {
        const zg_path_use *u = &uses[i];
        if (!u->path)
            continue;
        if (u->kind != ZG_PATH_INPUT) {
            out_use *o = &out[nout++];
            o->use = u;
            st = loc_get(ctx, u->path, &o->self);
            if (!st)
                st = loc_parent(ctx, o->self.canon, &o->dir);
            o->base = strrchr(o->self.canon ? o->self.canon : "", '/');
            o->base = o->base ? o->base + 1 : u->path;
            if (!st && u->kind == ZG_PATH_OUTPUT_FILES && !u->suffix)
                st = zg_fail(ctx, ZG_ERR_INTERNAL, "no suffix for %s",
                             u->what);
            continue;
        }
        char **files = NULL;
        size_t nf = 0;
        st = zg_input_files(ctx, u->path, &files, &nf);
        if (!st && zg_grow(ctx, (void **)&in, &cin, nin + nf, sizeof *in))
            st = zg_nomem(ctx, "paths");
        for (size_t k = 0; k < nf && !st; k++)
            st = in_file_get(ctx, u, files[k], &in[nin++]);
        zg_input_files_free(ctx, files, nf);
    }
    for (size_t o = 0; o < nout && !st; o++)
        for (size_t i = 0; i < nin && !st; i++)
            st = check_pair(ctx, &out[o], &in[i]);
    for (size_t a = 0; a < nout && !st; a++)
        for (size_t b = a + 1; b < nout && !st; b++)
            st = check_outputs(ctx, &out[a], &out[b]);
    for (size_t i = 0; i < nin; i++)
        in_file_clear(ctx, &in[i]);
    for (size_t o = 0; o < nout; o++) {
        loc_clear(ctx, &out[o].self);
        loc_clear(ctx, &out[o].dir);
    }
    zg_free(ctx, in);
    zg_free(ctx, out);
    return st;
}
