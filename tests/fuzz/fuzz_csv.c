/* SPDX-License-Identifier: MIT
 *
 * fuzz_csv.c: the RFC 4180 reader that the code tables and the rules
 * share (engine/core/csv.c).
 *
 * Checked beyond "no crash, no leak": a failure names the file; text
 * with a NUL byte is refused (it would cut a field short); every
 * record has at least one field and records start on non-decreasing lines
 * within the text; and writing the records back out (every field quoted,
 * quotes doubled) and reading that again gives the same records, so the
 * reader neither loses nor invents a field.
 */
#include "fuzz_common.h"

static const char WHAT[] = "fuzz.csv";

/* The records as RFC 4180 text, every field quoted. New string (zg_free);
 * NULL when out of memory. */
static char *write_back(zg_ctx *ctx, const zg_csv *csv, size_t *len)
{
    size_t n = 1;
    for (size_t r = 0; r < csv->nrows; r++)
        for (size_t c = 0; c < csv->rows[r].nfields; c++)
            n += 2 * strlen(csv->rows[r].fields[c]) + 4;
    char *out = zg_malloc(ctx, n + csv->nrows);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t r = 0; r < csv->nrows; r++) {
        for (size_t c = 0; c < csv->rows[r].nfields; c++) {
            if (c)
                out[k++] = ',';
            out[k++] = '"';
            for (const char *p = csv->rows[r].fields[c]; *p; p++) {
                if (*p == '"')
                    out[k++] = '"';
                out[k++] = *p;
            }
            out[k++] = '"';
        }
        out[k++] = '\n';
    }
    out[k] = '\0';
    *len = k;
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zg_ctx *ctx = fuzz_ctx();
    zg_csv *csv = NULL;
    zg_status st = zg_csv_parse(ctx, (const char *)data, size, WHAT, &csv);
    fuzz_check_status(ctx, st, WHAT);
    if (st) {
        FUZZ_CHECK(csv == NULL, "output left set on failure");
        return 0;
    }
    FUZZ_CHECK(!memchr(data, 0, size), "a NUL byte was read into a field");
    size_t lines = 1; /* LF, CRLF and a lone CR end a line */
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n' ||
                 (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
    for (size_t r = 0; r < csv->nrows; r++) {
        FUZZ_CHECK(csv->rows[r].nfields >= 1, "record %zu has no field", r);
        FUZZ_CHECK(csv->rows[r].line >= 1 && csv->rows[r].line <= lines,
                   "record %zu on line %zu of %zu", r, csv->rows[r].line,
                   lines);
        FUZZ_CHECK(r == 0 || csv->rows[r].line > csv->rows[r - 1].line,
                   "record %zu starts on line %zu, before or with the "
                   "previous one", r, csv->rows[r].line);
    }
    size_t len = 0;
    char *again_text = write_back(ctx, csv, &len);
    zg_csv *again = NULL;
    if (again_text) {
        st = zg_csv_parse(ctx, again_text, len, WHAT, &again);
        FUZZ_CHECK(st == ZG_OK || st == ZG_ERR_NOMEM,
                   "own output rejected: %s", zg_ctx_errmsg(ctx));
    }
    if (again) {
        FUZZ_CHECK(again->nrows == csv->nrows, "%zu records, %zu after "
                   "writing back", csv->nrows, again->nrows);
        for (size_t r = 0; r < csv->nrows; r++) {
            FUZZ_CHECK(again->rows[r].nfields == csv->rows[r].nfields,
                       "record %zu: %zu fields, %zu after writing back", r,
                       csv->rows[r].nfields, again->rows[r].nfields);
            for (size_t c = 0; c < csv->rows[r].nfields; c++)
                FUZZ_CHECK(strcmp(again->rows[r].fields[c],
                                  csv->rows[r].fields[c]) == 0,
                           "record %zu field %zu changed on writing back",
                           r, c);
        }
    }
    zg_csv_free(ctx, again);
    zg_free(ctx, again_text);
    zg_csv_free(ctx, csv);
    return 0;
}
