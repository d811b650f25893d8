/* SPDX-License-Identifier: MIT
 *
 * test_settings.c: the table of shared settings is the one place their
 * ranges are written: zg_settings_set and every analysis' typed setter
 * refuse the same values, naming the setting. Ranges from README
 * (`zoneguard run`, the settings table).
 */
#include "zg_test.h"

#include <string.h>

/* The failure names the setting as the library does. */
static void refused(zg_ctx *ctx, zg_status st, zg_status want,
                    const char *key)
{
    char named[64];
    snprintf(named, sizeof named, "setting '%s'", key);
    assert_int_equal(st, want);
    if (!strstr(zg_ctx_errmsg(ctx), named))
        fail_msg("'%s' does not name %s", zg_ctx_errmsg(ctx), named);
}

static void table_is_complete(void **state)
{
    zg_ctx *ctx = *state;
    static const char *const COMMANDS =
        " areas overlaps landuse encroach check reserve ";
    size_t n = 0;
    for (const zg_setting_info *si; (si = zg_setting_info_at(n)); n++) {
        assert_true(*si->key && *si->arg && *si->help && *si->used_by);
        for (size_t k = 0; k < n; k++)
            assert_string_not_equal(zg_setting_info_at(k)->key, si->key);
        /* Each command it names is one. */
        char buf[128];
        snprintf(buf, sizeof buf, "%s", si->used_by);
        for (char *sv = NULL, *c = strtok_r(buf, " ", &sv); c;
             c = strtok_r(NULL, " ", &sv)) {
            char word[40];
            snprintf(word, sizeof word, " %s ", c);
            assert_non_null(strstr(COMMANDS, word));
            assert_true(zg_setting_used_by(si->key, c));
        }
        assert_true(zg_setting_used_by(si->key, "run"));
        /* Its type is one the checks know, and its stated default (for
         * the QGIS plugin) is a value they accept. */
        static const char *const TYPES =
            " int real rings text crs codes file one_of list_of ";
        char type[40];
        snprintf(type, sizeof type, " %s ", si->type);
        if (!strstr(TYPES, type))
            fail_msg("%s: unknown type '%s'", si->key, si->type);
        assert_non_null(si->values);
        if (*si->default_value) {
            zg_settings *s = zg_settings_new(ctx);
            if (zg_settings_set(s, si->key, si->default_value) != ZG_OK)
                fail_msg("%s: default '%s' refused: %s", si->key,
                         si->default_value, zg_ctx_errmsg(ctx));
            zg_settings_free(s);
        }
    }
    assert_int_equal(n, 11);
    assert_false(zg_setting_used_by("threads", "areas"));
    assert_false(zg_setting_used_by("nosuch", "run"));
}

static void set_get_and_refuse(void **state)
{
    zg_ctx *ctx = *state;
    zg_settings *s = zg_settings_new(ctx);
    assert_non_null(s);
    assert_null(zg_settings_get(s, "threads"));
    assert_int_equal(zg_settings_set(s, "threads", "4"), ZG_OK);
    assert_string_equal(zg_settings_get(s, "threads"), "4");
    refused(ctx, zg_settings_set(s, "threads", "0"), ZG_ERR_USAGE, "threads");
    refused(ctx, zg_settings_set(s, "threads", "1025"), ZG_ERR_USAGE,
            "threads");
    refused(ctx, zg_settings_set(s, "threads", "4x"), ZG_ERR_USAGE,
            "threads");
    /* A refused value leaves the setting as it was. */
    assert_string_equal(zg_settings_get(s, "threads"), "4");
    assert_int_equal(zg_settings_set(s, "threads", "1024"), ZG_OK);
    assert_int_equal(zg_settings_set(s, "nosuch", "1"), ZG_ERR_USAGE);
    assert_int_equal(zg_settings_set(s, "rings", "50, 100,300"), ZG_OK);
    refused(ctx, zg_settings_set(s, "rings", "100,50"), ZG_ERR_USAGE,
            "rings");
    refused(ctx, zg_settings_set(s, "rings", "0"), ZG_ERR_USAGE, "rings");
    double r33[33];
    for (int i = 0; i < 33; i++)
        r33[i] = 10.0 * (i + 1);
    assert_int_equal(zg_settings_set_rings_m(s, r33, 32), ZG_OK);
    refused(ctx, zg_settings_set_rings_m(s, r33, 33), ZG_ERR_USAGE, "rings");
    refused(ctx, zg_settings_set_min_overlap_m2(s, -1), ZG_ERR_USAGE,
            "min_overlap_m2");
    assert_int_equal(zg_settings_set_min_overlap_m2(s, 0), ZG_OK);
    refused(ctx, zg_settings_set(s, "plane_crs", "EPSG:4326"), ZG_ERR_CRS,
            "plane_crs");
    assert_int_equal(zg_settings_set(s, "plane_crs", "EPSG:5899"), ZG_OK);
    refused(ctx, zg_settings_set(s, "hazard_class", "VI"), ZG_ERR_USAGE,
            "hazard_class");
    refused(ctx, zg_settings_set(s, "unbuildable", "water,beach"),
            ZG_ERR_USAGE, "unbuildable");
    refused(ctx, zg_settings_set(s, "codes", "/nonexistent/c.csv"),
            ZG_ERR_INPUT, "codes");
    refused(ctx, zg_settings_set(s, "code_field", ""), ZG_ERR_USAGE,
            "code_field");
    zg_settings_free(s);
}

/* The analyses' typed setters take the table's ranges (reserve and check
 * took any number of threads, check any rings). */
static void typed_setters_share_the_ranges(void **state)
{
    zg_ctx *ctx = *state;
    zg_landuse_opts *lo = zg_landuse_opts_new(ctx);
    zg_encroach_opts *eo = zg_encroach_opts_new(ctx);
    zg_reserve_opts *ro = zg_reserve_opts_new(ctx);
    zg_check_opts *co = zg_check_opts_new(ctx);
    zg_overlaps_opts *oo = zg_overlaps_opts_new(ctx);
    assert_true(lo && eo && ro && co && oo);
    static const int BAD[] = {-1, 1025, 5000};
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        refused(ctx, zg_landuse_opts_set_threads(lo, BAD[i]), ZG_ERR_USAGE,
                "threads");
        refused(ctx, zg_encroach_opts_set_threads(eo, BAD[i]), ZG_ERR_USAGE,
                "threads");
        refused(ctx, zg_reserve_opts_set_threads(ro, BAD[i]), ZG_ERR_USAGE,
                "threads");
        refused(ctx, zg_check_opts_set_threads(co, BAD[i]), ZG_ERR_USAGE,
                "threads");
    }
    /* 0: all cores, the default. */
    assert_int_equal(zg_landuse_opts_set_threads(lo, 0), ZG_OK);
    assert_int_equal(zg_reserve_opts_set_threads(ro, 0), ZG_OK);
    assert_int_equal(zg_check_opts_set_threads(co, 8), ZG_OK);
    const double down[] = {100, 50}, zero[] = {0, 10};
    refused(ctx, zg_encroach_opts_set_rings_m(eo, down, 2), ZG_ERR_USAGE,
            "rings");
    refused(ctx, zg_check_opts_set_rings_m(co, down, 2), ZG_ERR_USAGE,
            "rings");
    refused(ctx, zg_check_opts_set_rings_m(co, zero, 2), ZG_ERR_USAGE,
            "rings");
    refused(ctx, zg_check_opts_set_rings_m(co, down, 0), ZG_ERR_USAGE,
            "rings");
    assert_int_equal(zg_check_opts_set_rings_m(co, down + 1, 1), ZG_OK);
    refused(ctx, zg_overlaps_opts_set_min_overlap_m2(oo, -0.5),
            ZG_ERR_USAGE, "min_overlap_m2");
    refused(ctx, zg_check_opts_set_hazard_class(co, "VI"), ZG_ERR_USAGE,
            "hazard_class");
    assert_int_equal(zg_check_opts_set_hazard_class(co, "III"), ZG_OK);
    zg_landuse_opts_free(lo);
    zg_encroach_opts_free(eo);
    zg_reserve_opts_free(ro);
    zg_check_opts_free(co);
    zg_overlaps_opts_free(oo);
}

int test_settings(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(table_is_complete, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(set_get_and_refuse, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(typed_setters_share_the_ranges,
                                        zg_test_setup, zg_test_teardown),
    };
    return cmocka_run_group_tests_name("settings", tests, NULL, NULL);
}
