/* SPDX-License-Identifier: MIT
 *
 * main.c: zg_unit [group...]: run the named unit-test groups, or all.
 */
#include "zg_test.h"

#include <gdal.h>
#include <string.h>

int test_areas_math(void);
int test_area_meter(void);
int test_envelope_grid(void);
int test_arrow_rows(void);
int test_crs(void);
int test_strings(void);
int test_context(void);
int test_legacy_text(void);
int test_report_scale(void);
int test_label_grid(void);
int test_settings(void);
int test_workers(void);
int test_wkb_box(void);

static const struct {
    const char *name;
    int (*run)(void);
} GROUPS[] = {
    {"areas_math", test_areas_math},
    {"area_meter", test_area_meter},
    {"envelope_grid", test_envelope_grid},
    {"arrow_rows", test_arrow_rows},
    {"crs", test_crs},
    {"strings", test_strings},
    {"context", test_context},
    {"legacy_text", test_legacy_text},
    {"report_scale", test_report_scale},
    {"label_grid", test_label_grid},
    {"settings", test_settings},
    {"workers", test_workers},
    {"wkb_box", test_wkb_box},
};

int main(int argc, char **argv)
{
    GDALAllRegister();
    int failed = 0;
    size_t n = sizeof GROUPS / sizeof GROUPS[0];
    for (size_t i = 0; i < n; i++) {
        bool want = argc < 2;
        for (int a = 1; a < argc; a++)
            want = want || strcmp(argv[a], GROUPS[i].name) == 0;
        if (want)
            failed += GROUPS[i].run();
    }
    GDALDestroyDriverManager();
    return failed ? 1 : 0;
}
