/* SPDX-License-Identifier: MIT
 *
 * stale.c: staging folders (.zoneguard-tmp-*, .zoneguard-run-*) left by a
 * run that was killed (SIGKILL, a power cut) are removed by the next run
 * that writes beside them.
 *
 * Each staging folder holds a file `.owner`: the pid and host name of
 * the process that made it. A folder is removed only when its owner was
 * on this host and is gone (kill(pid, 0) fails with ESRCH). A folder
 * without `.owner` (made by an older zoneguard, or being made just now),
 * of another host (a shared network folder), or whose pid is alive (the
 * owner, or a process that reused its pid) is left alone: removing a live
 * run's files is worse than leaving a dead run's.
 */
#include "output_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OWNER_FILE ".owner"

static void host_name(char *buf, size_t cap)
{
    if (gethostname(buf, cap) != 0)
        buf[0] = '\0';
    buf[cap - 1] = '\0';
}

void zg_stage_mark(const char *dir)
{
    char path[4200], host[256], line[320];
    snprintf(path, sizeof path, "%s/" OWNER_FILE, dir);
    host_name(host, sizeof host);
    int n = snprintf(line, sizeof line, "%ld %s\n", (long)getpid(), host);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return; /* best effort: the folder is then never swept */
    if (n > 0)
        (void)!write(fd, line, (size_t)n);
    close(fd);
}

void zg_stage_unmark(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" OWNER_FILE, dir);
    unlink(path);
}

void zg_remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
            zg_remove_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

/* The owner's pid when the folder `path` was made on this host by a
 * process that no longer exists; else 0. */
static long dead_owner(const char *path)
{
    char owner[4200], buf[320] = "", host[256];
    snprintf(owner, sizeof owner, "%s/" OWNER_FILE, path);
    int fd = open(owner, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *end;
    long pid = strtol(buf, &end, 10);
    if (pid <= 0 || pid == (long)getpid() || *end != ' ')
        return 0;
    end++;
    end[strcspn(end, "\n")] = '\0';
    host_name(host, sizeof host);
    if (strcmp(end, host) != 0)
        return 0;
    if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
        return 0;
    return pid;
}

void zg_stage_sweep(zg_ctx *ctx, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, ".zoneguard-tmp-", 15) != 0 &&
            strncmp(e->d_name, ".zoneguard-run-", 15) != 0)
            continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (lstat(p, &sb) != 0 || !S_ISDIR(sb.st_mode))
            continue;
        long pid = dead_owner(p);
        if (!pid)
            continue;
        zg_remove_tree(p);
        zg_msg(ctx, ZG_MSG_WARNING, "removed %s: the staging folder of a "
               "zoneguard run (pid %ld) that ended without removing it "
               "(killed?); the outputs it was writing were never moved "
               "into place", p, pid);
    }
    closedir(d);
}
