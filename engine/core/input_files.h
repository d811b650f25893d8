/* SPDX-License-Identifier: MIT
 *
 * input_files.h: the files on disk behind an input path, and whether they
 * can be read at all (see input_files.c).
 */
#ifndef ZG_INPUT_FILES_H
#define ZG_INPUT_FILES_H

#include "core.h"

/* The existing local files and folders behind the input `path`: for
 * /vsizip/A.zip/member (also /vsitar/, /vsigzip/, /vsi7z/, /vsirar/, and
 * the {A.zip} form) the archive A.zip; for a shapefile named by its .shp,
 * .shx or .dbf, every sidecar that exists (.shp .shx .dbf .prj .cpg .qix
 * .sbn .sbx); else `path` itself. A path that names nothing on disk (a
 * file that does not exist, /vsimem/, /vsicurl/) gives none.
 * New array of new strings in *files (NULL when *n is 0); caller frees
 * with zg_input_files_free. */
zg_status zg_input_files(zg_ctx *ctx, const char *path, char ***files,
                         size_t *n);
void zg_input_files_free(zg_ctx *ctx, char **files, size_t n);

/* ZG_ERR_INPUT, naming `role` (may be NULL) and the file, when a file
 * behind `path` is neither a regular file nor a folder: a FIFO, a device
 * (/dev/zero), a socket. Opening a FIFO waits for a writer and reading a
 * device may never end, so they are refused before anything opens them.
 * A path that does not exist passes (its reader says so). */
zg_status zg_input_check_kind(zg_ctx *ctx, const char *role,
                              const char *path);

#endif
