/* SPDX-License-Identifier: MIT
 *
 * status.c: names of the status codes and the library version.
 */
#include "core.h"

#include <gdal.h>
#include <sqlite3.h>
/* spatialite.h needs sqlite3.h first */
#include <spatialite.h>
#include <stdio.h>

const char *zg_status_str(zg_status s)
{
    switch (s) {
    case ZG_OK: return "ok";
    case ZG_ERR_USAGE: return "usage error";
    case ZG_ERR_INPUT: return "input error";
    case ZG_ERR_CRS: return "CRS error";
    case ZG_ERR_GEOM: return "geometry error";
    case ZG_ERR_OUTPUT: return "output error";
    case ZG_ERR_NOMEM: return "out of memory";
    case ZG_ERR_CANCELLED: return "cancelled";
    case ZG_ERR_INTERNAL: return "internal error";
    }
    return "unknown status";
}

const char *zg_version(void) { return ZG_VERSION_STRING; }

const char *zg_library_versions(void)
{
    static char buf[512];
    if (!buf[0])
        snprintf(buf, sizeof buf, "GDAL %s\nGEOS %s\nPROJ %s\nSQLite %s\n"
                 "SpatiaLite %s", GDALVersionInfo("RELEASE_NAME"),
                 GEOSversion(), proj_info().release, sqlite3_libversion(),
                 spatialite_version());
    return buf;
}
