/* SPDX-License-Identifier: MIT
 *
 * test_context.c: the library's shape: allocator hooks (every allocation
 * failing in turn ends cleanly), cancellation through the progress
 * callback, the error funnel quoting GDAL, and outputs that never clobber.
 */
#include "zg_test.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Two 100 m squares in EPSG:5897 (exact planar area 1 ha each) and a bow
 * tie, written by hand. */
static const char *GEOJSON =
    "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
    "\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::5897\"}},"
    "\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"ma_ccn\":\"A\",\"ten\":\"Cụm A\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[588000,2326000],"
    "[588100,2326000],[588100,2326100],[588000,2326100],[588000,2326000]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"ma_ccn\":\"B\",\"ten\":\"Cụm B\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[589000,2326000],"
    "[589100,2326000],[589100,2326100],[589000,2326100],[589000,2326000]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"ma_ccn\":\"C\",\"ten\":\"Nơ\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[590000,2326000],"
    "[590100,2326100],[590100,2326000],[590000,2326100],[590000,2326000]]]}}"
    "]}";

static char tmpdir[64];
static char input[128];

static int make_fixture(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/zg_unit_XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(input, sizeof input, "%s/in.geojson", tmpdir);
    FILE *f = fopen(input, "w");
    if (!f)
        return -1;
    fputs(GEOJSON, f);
    fclose(f);
    return 0;
}

static int remove_fixture(void **state)
{
    (void)state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Read, measure and write the fixture; returns the first failure. */
static zg_status run_all(zg_ctx *ctx, const char *out_path, unsigned flags)
{
    zg_input_opts *o = zg_input_opts_new(ctx, "clusters", input);
    if (!o)
        return ZG_ERR_NOMEM;
    zg_layer *l = NULL;
    zg_areas *a = NULL;
    zg_output *out = NULL;
    zg_status st = zg_output_open(ctx, out_path, flags, "test", &out);
    if (!st)
        st = zg_layer_read(ctx, o, &l);
    if (!st)
        st = zg_areas_compute(ctx, l, NULL, &a);
    if (!st)
        st = zg_output_add_input(out, l);
    if (!st)
        st = zg_output_write_areas(out, l, a);
    if (!st)
        st = zg_output_commit(out);
    zg_output_free(out);
    zg_areas_free(a);
    zg_layer_free(l);
    zg_input_opts_free(o);
    return st;
}

static void reads_measures_and_repairs(void **state)
{
    (void)state;
    zg_ctx *ctx;
    assert_int_equal(zg_ctx_new(NULL, &ctx), ZG_OK);
    zg_input_opts *o = zg_input_opts_new(ctx, "clusters", input);
    zg_layer *l = NULL;
    assert_int_equal(zg_layer_read(ctx, o, &l), ZG_OK);
    assert_int_equal(zg_layer_count(l), 3);
    assert_int_equal(zg_layer_repaired(l), 1);
    assert_string_equal(zg_layer_feature_id(l, 0), "A");
    assert_string_equal(zg_layer_feature_name(l, 1), "Cụm B");
    assert_string_equal(zg_layer_crs(l), "EPSG:5897");
    zg_areas *a = NULL;
    assert_int_equal(zg_areas_compute(ctx, l, NULL, &a), ZG_OK);
    /* Exactly 1 ha in the plane it was drawn in. */
    ZG_ASSERT_REL(zg_areas_plane_m2(a, 0), 10000.0, 1e-9);
    /* The bow tie (590000..590100) becomes two triangles of 2500 m². */
    ZG_ASSERT_REL(zg_areas_plane_m2(a, 2), 5000.0, 1e-9);
    /* At 21° N, 88 km east of the central meridian, TM-3 with k 0.9999
     * shrinks lengths by about (0.9999 + x²/2R²): the ellipsoidal area is
     * within 0.02 % of the plane's (numbers.md). */
    ZG_ASSERT_REL(zg_areas_ellipsoidal_m2(a, 0), 10000.0, 2e-4);
    assert_true(isnan(zg_areas_plane_m2(a, 3)));
    zg_areas_free(a);
    zg_layer_free(l);
    zg_input_opts_free(o);
    zg_ctx_free(ctx);
}

/* ---- allocation failure, in turn at every allocation ------------------- */

struct failing {
    long countdown; /* fail when it reaches 0; negative: never */
    long calls;
};

static void *f_malloc(size_t n, void *ud)
{
    struct failing *f = ud;
    f->calls++;
    if (f->countdown >= 0 && f->countdown-- == 0)
        return NULL;
    return malloc(n);
}

static void *f_realloc(void *p, size_t n, void *ud)
{
    struct failing *f = ud;
    f->calls++;
    if (f->countdown >= 0 && f->countdown-- == 0)
        return NULL;
    return realloc(p, n);
}

static void f_free(void *p, void *ud)
{
    (void)ud;
    free(p);
}

static void every_allocation_may_fail(void **state)
{
    (void)state;
    char out[160];
    snprintf(out, sizeof out, "%s/oom.sqlite", tmpdir);
    /* Count the allocations of a whole run first. */
    struct failing f = {-1, 0};
    zg_allocator al = {f_malloc, f_realloc, f_free, &f};
    zg_ctx_config cfg = {&al};
    zg_ctx *ctx;
    assert_int_equal(zg_ctx_new(&cfg, &ctx), ZG_OK);
    assert_int_equal(run_all(ctx, out, ZG_OUTPUT_OVERWRITE), ZG_OK);
    zg_ctx_free(ctx);
    long total = f.calls;
    assert_true(total > 20);
    for (long k = 1; k < total; k++) {
        struct failing g = {k, 0};
        zg_allocator al2 = {f_malloc, f_realloc, f_free, &g};
        zg_ctx_config cfg2 = {&al2};
        assert_int_equal(zg_ctx_new(&cfg2, &ctx), ZG_OK);
        unlink(out);
        zg_status st = run_all(ctx, out, 0);
        if (st != ZG_ERR_NOMEM) {
            print_error("allocation %ld of %ld failed: got %s (%s)\n", k,
                        total, zg_status_str(st), zg_ctx_errmsg(ctx));
            fail();
        }
        /* Nothing half-written is left at the target. */
        struct stat sb;
        assert_int_not_equal(stat(out, &sb), 0);
        zg_ctx_free(ctx);
    }
}

/* ---- cancellation ------------------------------------------------------ */

static int cancel_at_write(double frac, const char *stage, void *ud)
{
    (void)frac;
    (*(int *)ud)++;
    return strcmp(stage, "write") != 0;
}

static void progress_can_cancel(void **state)
{
    (void)state;
    char out[160];
    snprintf(out, sizeof out, "%s/cancel.sqlite", tmpdir);
    zg_ctx *ctx;
    assert_int_equal(zg_ctx_new(NULL, &ctx), ZG_OK);
    int calls = 0;
    zg_ctx_set_progress(ctx, cancel_at_write, &calls);
    assert_int_equal(run_all(ctx, out, 0), ZG_ERR_CANCELLED);
    assert_true(calls > 0);
    struct stat sb;
    assert_int_not_equal(stat(out, &sb), 0);
    zg_ctx_free(ctx);
}

/* ---- outputs never clobber ---------------------------------------------- */

static void existing_output_is_left_intact(void **state)
{
    (void)state;
    char out[160];
    snprintf(out, sizeof out, "%s/keep.sqlite", tmpdir);
    FILE *f = fopen(out, "w");
    fputs("precious", f);
    fclose(f);
    zg_ctx *ctx;
    assert_int_equal(zg_ctx_new(NULL, &ctx), ZG_OK);
    assert_int_equal(run_all(ctx, out, 0), ZG_ERR_OUTPUT);
    assert_non_null(strstr(zg_ctx_errmsg(ctx), "keep.sqlite"));
    char buf[32] = "";
    f = fopen(out, "r");
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "precious");
    /* With the flag it is replaced. */
    assert_int_equal(run_all(ctx, out, ZG_OUTPUT_OVERWRITE), ZG_OK);
    zg_ctx_free(ctx);
}

/* ---- the error funnel quotes GDAL -------------------------------------- */

static void gdal_message_reaches_context(void **state)
{
    (void)state;
    char bad[160];
    snprintf(bad, sizeof bad, "%s/garbage.shp", tmpdir);
    FILE *f = fopen(bad, "w");
    fputs("this is not a shapefile", f);
    fclose(f);
    zg_ctx *ctx;
    assert_int_equal(zg_ctx_new(NULL, &ctx), ZG_OK);
    zg_input_opts *o = zg_input_opts_new(ctx, "clusters", bad);
    zg_layer *l = NULL;
    assert_int_equal(zg_layer_read(ctx, o, &l), ZG_ERR_INPUT);
    assert_null(l);
    assert_non_null(strstr(zg_ctx_errmsg(ctx), "garbage.shp"));
    zg_input_opts_free(o);
    zg_ctx_free(ctx);
}

int test_context(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_measures_and_repairs),
        cmocka_unit_test(every_allocation_may_fail),
        cmocka_unit_test(progress_can_cancel),
        cmocka_unit_test(existing_output_is_left_intact),
        cmocka_unit_test(gdal_message_reaches_context),
    };
    return cmocka_run_group_tests_name("context", tests, make_fixture,
                                       remove_fixture);
}
