/* SPDX-License-Identifier: MIT
 *
 * lock.c: one zoneguard process at a time writes a given output.
 *
 * Staging makes every single write atomic, but two runs appending to the
 * same database would each copy it, add their run and rename the copy
 * into place: the second rename throws the first run away although it
 * reported success. So an output is locked from the moment it is opened
 * until it is committed or discarded.
 *
 * The lock is flock(2) on a small file beside the target,
 * `.<name>.zoneguard-lock`, not on the target itself: the target may not
 * exist yet, and the commit replaces it by another inode, so a lock on it
 * would not survive the run it protects. The kernel drops a flock when
 * its process dies, so a killed run never leaves a stale lock (at most an
 * empty file that the next run reuses). The holder removes the file
 * before it unlocks; a process that locked the file just as it was
 * removed sees that its descriptor no longer names the path and tries
 * again, so two processes never both hold a lock.
 *
 * A name is not a file: a hard link, or a symbolic link to the file,
 * reaches the same database by another name, whose lock file would be
 * another. So an existing target is also locked by its inode: flock(2) on
 * the file itself, which any name of it shares. (SQLite locks with
 * fcntl(2), which flock does not touch on Linux: readers are not
 * blocked.) Symbolic links are followed before we get here
 * (zg_output_follow), so their lock file is the real file's.
 *
 * We fail at once instead of waiting: an analysis can run for minutes,
 * and a planner who started the same run twice wants to be told, not to
 * see a terminal that hangs. The holder's pid is written in the file so
 * that the message can name it.
 */
#include "output_int.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The lock file's path for `target`: new string, caller frees. */
static char *lock_path(zg_ctx *ctx, const char *target)
{
    char *a = zg_strdup(ctx, target), *b = zg_strdup(ctx, target);
    char *p = a && b ? zg_asprintf(ctx, "%s/.%s.zoneguard-lock", dirname(a),
                                   basename(b))
                     : NULL;
    zg_free(ctx, a);
    zg_free(ctx, b);
    return p;
}

/* The pid the holder wrote, or 0. A holder that has just taken the lock
 * writes it a moment later: look a few times, 5 ms apart. */
static long holder_pid(int fd)
{
    for (int i = 0; i < 20; i++) {
        char buf[32] = "";
        ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
        if (n > 0) {
            buf[n] = '\0';
            long pid = strtol(buf, NULL, 10);
            if (pid > 0)
                return pid;
        }
        struct timespec ts = {0, 5000000};
        nanosleep(&ts, NULL);
    }
    return 0;
}

/* Lock the existing regular file `target` itself, by inode. A target that
 * does not exist (or that we cannot open) has nothing to lock this way;
 * the name lock covers it. */
static zg_status lock_inode(zg_ctx *ctx, const char *target, zg_lock *lk)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        /* O_NONBLOCK: a FIFO in the target's place must not hang us. */
        int fd = open(target, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            return ZG_OK;
        struct stat a, b;
        if (fstat(fd, &a) != 0 || !S_ISREG(a.st_mode)) {
            close(fd);
            return ZG_OK;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            close(fd);
            if (e != EWOULDBLOCK)
                return ZG_OK; /* no flock here (some network file systems) */
            return zg_fail(ctx, ZG_ERR_OUTPUT, "another zoneguard run is "
                           "writing %s under another name (a link to the "
                           "same file); it is left to finish: try again "
                           "when it has", target);
        }
        if (stat(target, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino) {
            lk->file_fd = fd;
            return ZG_OK;
        }
        /* Replaced while we locked it: lock what the name is now. */
        close(fd);
    }
    return zg_fail(ctx, ZG_ERR_OUTPUT, "cannot lock the output: it keeps "
                   "being replaced (%s)", target);
}

zg_status zg_lock_acquire(zg_ctx *ctx, const char *target, zg_lock *lk)
{
    lk->fd = -1;
    lk->file_fd = -1;
    lk->path = lock_path(ctx, target);
    if (!lk->path)
        return zg_nomem(ctx, "lock path");
    for (int attempt = 0; attempt < 100; attempt++) {
        int fd = open(lk->path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0) {
            int e = errno;
            zg_lock_release(ctx, lk);
            return zg_fail(ctx, ZG_ERR_OUTPUT, "cannot write in the "
                           "output's directory: %s (%s)", strerror(e),
                           target);
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            long pid = e == EWOULDBLOCK ? holder_pid(fd) : 0;
            close(fd);
            zg_lock_release(ctx, lk);
            if (e != EWOULDBLOCK)
                return zg_fail(ctx, ZG_ERR_OUTPUT, "cannot lock the output: "
                               "%s (%s)", strerror(e), target);
            if (pid > 0)
                return zg_fail(ctx, ZG_ERR_OUTPUT, "another zoneguard run "
                               "(pid %ld) is writing %s; it is left to "
                               "finish: try again when it has", pid, target);
            return zg_fail(ctx, ZG_ERR_OUTPUT, "another zoneguard run is "
                           "writing %s; it is left to finish: try again "
                           "when it has", target);
        }
        struct stat a, b;
        if (fstat(fd, &a) == 0 && stat(lk->path, &b) == 0 &&
            a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
            char pid[32];
            int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
            if (ftruncate(fd, 0) == 0 && n > 0)
                (void)!pwrite(fd, pid, (size_t)n, 0);
            lk->fd = fd;
            zg_status st = lock_inode(ctx, target, lk);
            if (st)
                zg_lock_release(ctx, lk);
            return st;
        }
        /* We locked a file its holder had just removed: try again. */
        close(fd);
    }
    zg_lock_release(ctx, lk);
    return zg_fail(ctx, ZG_ERR_OUTPUT, "cannot lock the output: its lock "
                   "file keeps changing (%s)", target);
}

void zg_lock_release(zg_ctx *ctx, zg_lock *lk)
{
    if (lk->file_fd >= 0)
        close(lk->file_fd);
    lk->file_fd = -1;
    if (lk->fd >= 0) {
        /* Removed while still held: see the file comment. */
        unlink(lk->path);
        close(lk->fd);
    }
    zg_free(ctx, lk->path);
    lk->path = NULL;
    lk->fd = -1;
}
