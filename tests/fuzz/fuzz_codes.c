/* SPDX-License-Identifier: MIT
 *
 * fuzz_codes.c: land-use code tables (engine/codes/codes.c), parsed
 * from memory as zg_codes_load parses a file.
 *
 * Checked: a failure names the file; a table that loads has codes that
 * are non-empty, normalised (trimmed, upper case), sorted and unique, each
 * with a known role, and looking every code up (in lower case, with
 * spaces around it, as data has them) finds its own role.
 */
#include "fuzz_common.h"
#include "codes/codes.h"

#include <ctype.h>

static const char WHAT[] = "fuzz_codes.csv";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zg_ctx *ctx = fuzz_ctx();
    zg_codes *c = NULL;
    zg_status st = zg_codes_parse(ctx, (const char *)data, size, WHAT, &c);
    fuzz_check_status(ctx, st, WHAT);
    if (st) {
        FUZZ_CHECK(c == NULL, "output left set on failure");
        return 0;
    }
    FUZZ_CHECK(c->n >= 1, "a table without codes loaded");
    FUZZ_CHECK(strcmp(zg_codes_source(c), WHAT) == 0, "source is %s",
               zg_codes_source(c));
    for (size_t i = 0; i < c->n; i++) {
        const char *code = c->e[i].code;
        size_t n = strlen(code);
        FUZZ_CHECK(n > 0 && n < 64, "code of %zu bytes", n);
        FUZZ_CHECK(!isspace((unsigned char)code[0]) &&
                       !isspace((unsigned char)code[n - 1]),
                   "code '%s' not trimmed", code);
        for (size_t k = 0; k < n; k++)
            FUZZ_CHECK(!islower((unsigned char)code[k]),
                       "code '%s' not upper case", code);
        FUZZ_CHECK(i == 0 || strcmp(c->e[i - 1].code, code) < 0,
                   "codes not sorted and unique at '%s'", code);
        /* The way data spells it: lower case, padded. */
        char probe[80];
        size_t k = 0;
        probe[k++] = ' ';
        for (size_t j = 0; j < n; j++)
            probe[k++] = (char)tolower((unsigned char)code[j]);
        probe[k++] = '\t';
        probe[k] = '\0';
        const char *role = zg_codes_role(c, probe);
        /* In the C locale (the fuzz runs in it) lower-casing then
         * normalising gives the code back: letters round-trip, other
         * bytes are left alone. */
        FUZZ_CHECK(role && strcmp(role, c->e[i].role) == 0,
                   "code '%s' not found by its own spelling", code);
    }
    zg_codes_free(c);
    return 0;
}
