/* SPDX-License-Identifier: MIT
 *
 * staging.c: write an output file beside its target and move it into place
 * only when it is complete.
 *
 * A planner re-runs analyses into the same folder. A run that fails, is
 * cancelled or finds its target already there must leave the earlier file
 * exactly as it was. So every output is written inside a private temporary
 * directory next to the target (same file system, so the final move is a
 * rename), synced, and then either linked into place (link() fails if the
 * target appeared meanwhile: no clobbering, no race) or, with --overwrite,
 * renamed over it atomically.
 */
#include "output_int.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_vsi.h>

static zg_status stage_open(zg_ctx *ctx, const char *target, unsigned flags,
                            const char *leaf, zg_stage *s);

static zg_status check_target(zg_ctx *ctx, const char *target, bool overwrite)
{
    struct stat sb;
    if (stat(target, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return zg_fail(ctx, ZG_ERR_OUTPUT, "output is a directory (%s)",
                           target);
        if (!overwrite)
            return zg_fail(ctx, ZG_ERR_OUTPUT, "output exists; it is left "
                           "untouched (use --overwrite to replace it) (%s)",
                           target);
    }
    return ZG_OK;
}

char *zg_output_follow(zg_ctx *ctx, const char *path)
{
    struct stat sb;
    char real[PATH_MAX];
    if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) && realpath(path, real))
        return zg_strdup(ctx, real);
    return zg_strdup(ctx, path);
}

zg_status zg_stage_open(zg_ctx *ctx, const char *user_target, unsigned flags,
                        const char *leaf, zg_stage *s)
{
    memset(s, 0, sizeof *s);
    /* Through a link, the file it points at is replaced (beside it, on
     * its file system), not the link. */
    char *target = zg_output_follow(ctx, user_target);
    if (!target)
        return zg_nomem(ctx, "output path");
    zg_status st = stage_open(ctx, target, flags, leaf, s);
    zg_free(ctx, target);
    return st;
}

static zg_status stage_open(zg_ctx *ctx, const char *target, unsigned flags,
                            const char *leaf, zg_stage *s)
{
    /* With APPEND, the files beside the database (GeoJSON, CSV, map,
     * report) are views of its latest run and are replaced; the database
     * itself is opened by zg_output_open_from, which keeps every run. */
    s->overwrite = (flags & (ZG_OUTPUT_OVERWRITE | ZG_OUTPUT_APPEND)) != 0;
    zg_status st = check_target(ctx, target, s->overwrite);
    if (st)
        return st;
    char *copy = zg_strdup(ctx, target);
    if (!copy)
        return zg_nomem(ctx, "output path");
    char *dir = dirname(copy);
    s->target = zg_strdup(ctx, target);
    s->tmpdir = zg_asprintf(ctx, "%s/.zoneguard-tmp-XXXXXX", dir);
    if (s->tmpdir)
        zg_stage_sweep(ctx, dir);
    zg_free(ctx, copy);
    if (!s->target || !s->tmpdir) {
        zg_stage_discard(ctx, s);
        return zg_nomem(ctx, "output path");
    }
    if (!mkdtemp(s->tmpdir)) {
        int e = errno;
        zg_free(ctx, s->tmpdir);
        s->tmpdir = NULL;
        zg_stage_discard(ctx, s);
        return zg_fail(ctx, ZG_ERR_OUTPUT, "cannot write in the output's "
                       "directory: %s (%s)", strerror(e), target);
    }
    zg_stage_mark(s->tmpdir);
    s->tmpfile = zg_asprintf(ctx, "%s/%s", s->tmpdir, leaf);
    /* mkdtemp made the directory's name unique on this machine, so its
     * base name keeps the in-memory twin apart from any other output. */
    const char *base = strrchr(s->tmpdir, '/');
    s->mempath = zg_asprintf(ctx, "/vsimem/zoneguard%s/%s",
                             base ? base : "/", leaf);
    char *memdir = s->mempath ? zg_strdup(ctx, s->mempath) : NULL;
    if (!s->tmpfile || !memdir) {
        zg_free(ctx, memdir);
        zg_stage_discard(ctx, s);
        return zg_nomem(ctx, "output path");
    }
    /* Some drivers (CSV) check that the file's directory exists. */
    *strrchr(memdir, '/') = 0;
    VSIMkdirRecursive(memdir, 0777);
    zg_free(ctx, memdir);
    return ZG_OK;
}

void zg_file_id_get(const char *path, zg_file_id *id)
{
    memset(id, 0, sizeof *id);
    struct stat sb;
    if (stat(path, &sb) != 0)
        return;
    id->exists = true;
    id->dev = sb.st_dev;
    id->ino = sb.st_ino;
    id->size = sb.st_size;
    id->mtime = sb.st_mtim;
    id->mode = sb.st_mode;
    id->nlink = sb.st_nlink;
}

bool zg_file_id_same(const zg_file_id *a, const zg_file_id *b)
{
    if (!a->exists || !b->exists)
        return a->exists == b->exists;
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime.tv_sec == b->mtime.tv_sec &&
           a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static int fsync_path(const char *path, int flags)
{
    int fd = open(path, flags);
    if (fd < 0)
        return -1;
    int r = fsync(fd);
    close(fd);
    return r;
}

zg_status zg_stage_commit(zg_ctx *ctx, zg_stage *s)
{
    if (fsync_path(s->tmpfile, O_RDONLY) != 0)
        return zg_fail(ctx, ZG_ERR_OUTPUT, "cannot sync the output: %s (%s)",
                       strerror(errno), s->target);
    if (s->overwrite) {
        if (rename(s->tmpfile, s->target) != 0)
            return zg_fail(ctx, ZG_ERR_OUTPUT, "cannot move the output into "
                           "place: %s (%s)", strerror(errno), s->target);
    } else if (link(s->tmpfile, s->target) != 0) {
        int e = errno;
        if (e == EEXIST)
            return zg_fail(ctx, ZG_ERR_OUTPUT, "output appeared while we "
                           "ran; it is left untouched (%s)", s->target);
        return zg_fail(ctx, ZG_ERR_OUTPUT, "cannot move the output into "
                       "place: %s (%s)", strerror(e), s->target);
    } else {
        unlink(s->tmpfile);
    }
    /* Make the new name durable; a stack copy, as nothing may fail now. */
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", s->target);
    fsync_path(dirname(dir), O_RDONLY | O_DIRECTORY);
    s->committed = true;
    return ZG_OK;
}

/* Write all of buf to fd; errno set on failure. */
static int write_all(int fd, const unsigned char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

zg_status zg_stage_commit_mem(zg_ctx *ctx, zg_stage *s)
{
    vsi_l_offset len = 0;
    /* Take the buffer: the in-memory file is gone after this call. */
    GByte *buf = VSIGetMemFileBuffer(s->mempath, &len, TRUE);
    if (!buf)
        return zg_fail(ctx, ZG_ERR_OUTPUT, "GDAL wrote nothing (%s)",
                       s->target);
    int fd = open(s->tmpfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                  0666);
    int e = 0;
    if (fd < 0 || write_all(fd, buf, (size_t)len) != 0 || fsync(fd) != 0)
        e = errno;
    if (fd >= 0 && close(fd) != 0 && !e)
        e = errno;
    VSIFree(buf);
    if (e)
        return zg_fail(ctx, ZG_ERR_OUTPUT, "cannot write the output: %s "
                       "(%s)", strerror(e), s->target);
    return zg_stage_commit(ctx, s);
}

void zg_stage_discard(zg_ctx *ctx, zg_stage *s)
{
    if (s->mempath) {
        VSIUnlink(s->mempath);
        char *slash = strrchr(s->mempath, '/');
        *slash = 0;
        VSIRmdir(s->mempath);
    }
    if (s->tmpfile) {
        unlink(s->tmpfile);
        /* SQLite may leave a journal beside its file. */
        char j[PATH_MAX];
        snprintf(j, sizeof j, "%s-journal", s->tmpfile);
        unlink(j);
    }
    if (s->tmpdir) {
        zg_stage_unmark(s->tmpdir);
        rmdir(s->tmpdir);
    }
    zg_free(ctx, s->tmpfile);
    zg_free(ctx, s->mempath);
    zg_free(ctx, s->tmpdir);
    zg_free(ctx, s->target);
    memset(s, 0, sizeof *s);
}
