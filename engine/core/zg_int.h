/* SPDX-License-Identifier: MIT
 *
 * zg_int.h: the umbrella of the internal headers, the way sqliteInt.h
 * stands beside btree.h and pager.h: a file that uses several of the lower
 * modules includes this; a file that uses one includes that module's
 * header. Each function with external linkage is declared in the header
 * of the module that defines it (scripts/check_layout.sh checks).
 *
 * Nothing here is exported: the library is built with -fvisibility=hidden
 * and only ZG_API functions of zoneguard.h are visible.
 */
#ifndef ZG_INT_H
#define ZG_INT_H

#include "core.h"
#include "../crs/crs.h"
#include "../geom/geom.h"
#include "../io/io.h"

#endif /* ZG_INT_H */
