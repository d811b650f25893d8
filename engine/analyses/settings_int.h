/* SPDX-License-Identifier: MIT
 *
 * settings_int.h: the one check of a shared setting's value, for the
 * analyses' own typed setters and for the scenario file.
 */
#ifndef ZG_SETTINGS_INT_H
#define ZG_SETTINGS_INT_H

#include "zoneguard.h"

/* Check `value` of the setting `key` against the table of settings (the
 * only place a range is written). A failure is recorded on ctx as
 * "<kind> '<key>' <why><where>": kind is "setting" (NULL) or "key" (the
 * scenario's), where is "" (NULL) or " on line 3 (x.scenario)". Status:
 * ZG_ERR_USAGE for a value out of range or of another type (and an
 * unknown key), ZG_ERR_CRS for a plane CRS PROJ does not know or that is
 * geographic, ZG_ERR_INPUT for a code table or rules file that cannot be
 * read. */
zg_status zg_setting_check(zg_ctx *ctx, const char *key, const char *value,
                           const char *kind, const char *where);

/* zg_settings_set, its errors worded as zg_setting_check's. */
zg_status zg_settings_set_from(zg_settings *s, const char *key,
                               const char *value, const char *kind,
                               const char *where);

/* The typed setters' checks: threads (0: all cores, the default) and
 * rings, as setting 'threads' and setting 'rings'. */
zg_status zg_setting_check_threads(zg_ctx *ctx, int threads);
zg_status zg_setting_check_rings(zg_ctx *ctx, const double *rings_m,
                                 size_t n);

/* Is `key` a setting of the table? */
bool zg_setting_known(const char *key);

#endif
