/* SPDX-License-Identifier: MIT
 *
 * input_files.c: the files on disk behind an input path, and whether they
 * can be read at all.
 *
 * A path GDAL reads may stand for several files (a shapefile's .shp, .shx,
 * .dbf, .prj, .cpg) or for a file it does not spell plainly
 * (/vsizip/A.zip/member reads A.zip). Telling whether an output would
 * replace an input, or whether an input is a FIFO that would block its
 * reader, needs those files, not the path.
 */
#include "input_files.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* GDAL's archive file systems: the archive is a file on disk. */
static const char *const ARCHIVE_FS[] = {"/vsizip/", "/vsitar/",
                                         "/vsigzip/", "/vsi7z/",
                                         "/vsirar/", NULL};

static const char *const SHAPEFILE_PARTS[] = {"shp", "shx", "dbf", "prj",
                                              "cpg", "qix", "sbn", "sbx",
                                              NULL};

typedef struct file_list {
    char **v;
    size_t n, cap;
} file_list;

static zg_status add_file(zg_ctx *ctx, file_list *l, const char *path,
                          size_t len)
{
    char *p = zg_asprintf(ctx, "%.*s", (int)len, path);
    if (!p)
        return zg_nomem(ctx, "file list");
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], p) == 0) {
            zg_free(ctx, p);
            return ZG_OK;
        }
    if (zg_grow(ctx, (void **)&l->v, &l->cap, l->n + 1, sizeof *l->v)) {
        zg_free(ctx, p);
        return zg_nomem(ctx, "file list");
    }
    l->v[l->n++] = p;
    return ZG_OK;
}

static bool exists_n(const char *path, size_t len, struct stat *sb)
{
    char buf[4096];
    if (len >= sizeof buf)
        return false;
    memcpy(buf, path, len);
    buf[len] = '\0';
    return stat(buf, sb) == 0;
}

/* The archive of "/vsizip/REST": "{A.zip}/member", or the shortest prefix
 * of REST, cut at a '/', that is a regular file. */
static zg_status archive_file(zg_ctx *ctx, file_list *l, const char *rest)
{
    struct stat sb;
    if (rest[0] == '{') {
        const char *end = strchr(rest, '}');
        if (end && exists_n(rest + 1, (size_t)(end - rest - 1), &sb))
            return add_file(ctx, l, rest + 1, (size_t)(end - rest - 1));
        return ZG_OK;
    }
    size_t len = strlen(rest);
    for (size_t i = 1; i <= len; i++) {
        if (i < len && rest[i] != '/')
            continue;
        if (!exists_n(rest, i, &sb))
            return ZG_OK;
        if (!S_ISDIR(sb.st_mode))
            return add_file(ctx, l, rest, i);
    }
    return ZG_OK;
}

/* The sidecars of a shapefile named by one of its parts. */
static zg_status shapefile_parts(zg_ctx *ctx, file_list *l, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (!dot)
        return ZG_OK;
    bool part = false;
    for (int i = 0; i < 3 && !part; i++)
        part = strcasecmp(dot + 1, SHAPEFILE_PARTS[i]) == 0;
    if (!part)
        return ZG_OK;
    size_t stem = (size_t)(dot - path);
    zg_status st = ZG_OK;
    for (const char *const *e = SHAPEFILE_PARTS; *e && !st; e++) {
        for (int upper = 0; upper < 2 && !st; upper++) {
            char ext[8];
            size_t k = 0;
            for (; (*e)[k] && k < sizeof ext - 1; k++)
                ext[k] = upper ? (char)((*e)[k] - 'a' + 'A') : (*e)[k];
            ext[k] = '\0';
            char *p = zg_asprintf(ctx, "%.*s.%s", (int)stem, path, ext);
            if (!p)
                return zg_nomem(ctx, "file list");
            struct stat sb;
            if (stat(p, &sb) == 0)
                st = add_file(ctx, l, p, strlen(p));
            zg_free(ctx, p);
        }
    }
    return st;
}

zg_status zg_input_files(zg_ctx *ctx, const char *path, char ***files,
                         size_t *n)
{
    *files = NULL;
    *n = 0;
    if (!path)
        return ZG_OK;
    file_list l = {NULL, 0, 0};
    zg_status st = ZG_OK;
    if (strncmp(path, "/vsi", 4) == 0) {
        for (const char *const *fs = ARCHIVE_FS; *fs; fs++)
            if (strncmp(path, *fs, strlen(*fs)) == 0)
                st = archive_file(ctx, &l, path + strlen(*fs));
    } else {
        struct stat sb;
        if (stat(path, &sb) == 0)
            st = add_file(ctx, &l, path, strlen(path));
        if (!st)
            st = shapefile_parts(ctx, &l, path);
    }
    if (st) {
        zg_input_files_free(ctx, l.v, l.n);
        return st;
    }
    *files = l.v;
    *n = l.n;
    return ZG_OK;
}

void zg_input_files_free(zg_ctx *ctx, char **files, size_t n)
{
    for (size_t i = 0; i < n; i++)
        zg_free(ctx, files[i]);
    zg_free(ctx, files);
}

static const char *kind_name(mode_t m)
{
    if (S_ISFIFO(m))
        return "a named pipe (FIFO)";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a regular file";
}

zg_status zg_input_check_kind(zg_ctx *ctx, const char *role,
                              const char *path)
{
    char **files = NULL;
    size_t n = 0;
    zg_status st = zg_input_files(ctx, path, &files, &n);
    for (size_t i = 0; i < n && !st; i++) {
        struct stat sb;
        if (stat(files[i], &sb) != 0 || S_ISREG(sb.st_mode) ||
            S_ISDIR(sb.st_mode))
            continue;
        st = zg_fail(ctx, ZG_ERR_INPUT, "%s%sinput is %s, not a file or a "
                     "folder: it is refused rather than read (it could "
                     "block or never end) (%s)", role ? role : "",
                     role ? " " : "", kind_name(sb.st_mode), files[i]);
    }
    zg_input_files_free(ctx, files, n);
    return st;
}
