/* SPDX-License-Identifier: MIT
 *
 * csv.c: a small RFC 4180 reader for zoneguard's own data files (code
 * tables, rules). It reads the whole file, splits records (quoted fields
 * may hold commas, quotes doubled, and newlines), and reports the line of
 * every record so that an error can name it. A NUL byte is refused.
 */
#include "input_files.h"
#include "core.h"

#include <stdio.h>
#include <string.h>

void zg_csv_free(zg_ctx *ctx, zg_csv *csv)
{
    if (!csv)
        return;
    for (size_t r = 0; r < csv->nrows; r++) {
        for (size_t c = 0; c < csv->rows[r].nfields; c++)
            zg_free(ctx, csv->rows[r].fields[c]);
        zg_free(ctx, csv->rows[r].fields);
    }
    zg_free(ctx, csv->rows);
    zg_free(ctx, csv);
}

/* Append a byte to a growing field. */
static bool put(zg_ctx *ctx, char **buf, size_t *len, size_t *cap, char ch)
{
    if (zg_grow(ctx, (void **)buf, cap, *len + 2, 1))
        return false;
    (*buf)[(*len)++] = ch;
    (*buf)[*len] = '\0';
    return true;
}

/* Line (1-based; LF, CRLF and a lone CR end a line) of byte `at`. */
static size_t line_of(const char *text, size_t at)
{
    size_t line = 1;
    for (size_t i = 0; i < at; i++)
        if (text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n'))
            line++;
    return line;
}

zg_status zg_csv_parse(zg_ctx *ctx, const char *text, size_t len,
                       const char *what, zg_csv **out)
{
    *out = NULL;
    /* Fields are C strings: a NUL byte would silently cut one ("10\0x"
     * read as 10), so it is refused. */
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return zg_fail(ctx, ZG_ERR_INPUT, "line %zu holds a NUL byte (%s)",
                       line_of(text, (size_t)(nul - text)), what);
    zg_csv *csv = zg_calloc(ctx, 1, sizeof *csv);
    if (!csv)
        return zg_nomem(ctx, "CSV");
    size_t i = 0, line = 1;
    /* A UTF-8 byte-order mark is allowed (spreadsheets write one). */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    size_t rcap = 0;
    zg_status st = ZG_OK;
    while (i < len && !st) {
        zg_csv_row row = {NULL, 0, line};
        size_t fcap = 0;
        for (;;) { /* one field per turn */
            char *buf = NULL;
            size_t blen = 0, bcap = 0;
            bool ok = put(ctx, &buf, &blen, &bcap, '\0');
            blen = 0;
            if (ok && i < len && text[i] == '"') {
                size_t start_line = line;
                i++;
                for (;;) {
                    if (i >= len) {
                        zg_free(ctx, buf);
                        st = zg_fail(ctx, ZG_ERR_INPUT, "unterminated quoted "
                                     "field from line %zu (%s)", start_line,
                                     what);
                        break;
                    }
                    if (text[i] == '"') {
                        if (i + 1 < len && text[i + 1] == '"') {
                            ok = put(ctx, &buf, &blen, &bcap, '"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    /* A line ends at LF, CRLF or a lone CR (old Mac
                     * files), as it does between records. */
                    if (text[i] == '\n' ||
                        (text[i] == '\r' && (i + 1 >= len ||
                                             text[i + 1] != '\n')))
                        line++;
                    ok = ok && put(ctx, &buf, &blen, &bcap, text[i]);
                    i++;
                    if (!ok)
                        break;
                }
                if (st)
                    break;
                if (i < len && text[i] != ',' && text[i] != '\n' &&
                    text[i] != '\r') {
                    zg_free(ctx, buf);
                    st = zg_fail(ctx, ZG_ERR_INPUT, "text after a closing "
                                 "quote on line %zu (%s)", line, what);
                    break;
                }
            } else {
                while (ok && i < len && text[i] != ',' && text[i] != '\n' &&
                       text[i] != '\r')
                    ok = put(ctx, &buf, &blen, &bcap, text[i++]);
            }
            if (!ok || zg_grow(ctx, (void **)&row.fields, &fcap,
                               row.nfields + 1, sizeof *row.fields)) {
                zg_free(ctx, buf);
                st = zg_nomem(ctx, "CSV");
                break;
            }
            row.fields[row.nfields++] = buf;
            if (i < len && text[i] == ',') {
                i++;
                continue;
            }
            break;
        }
        /* End of record: LF, CRLF, or a lone CR, each one line. */
        if (i < len && text[i] == '\r') {
            i++;
            if (i < len && text[i] == '\n')
                i++;
            line++;
        } else if (i < len && text[i] == '\n') {
            i++;
            line++;
        }
        bool blank = row.nfields == 1 && row.fields[0][0] == '\0';
        if (!st && !blank) {
            if (zg_grow(ctx, (void **)&csv->rows, &rcap, csv->nrows + 1,
                        sizeof *csv->rows))
                st = zg_nomem(ctx, "CSV");
            else {
                csv->rows[csv->nrows++] = row;
                continue;
            }
        }
        for (size_t c = 0; c < row.nfields; c++)
            zg_free(ctx, row.fields[c]);
        zg_free(ctx, row.fields);
    }
    if (st) {
        zg_csv_free(ctx, csv);
        return st;
    }
    *out = csv;
    return ZG_OK;
}

zg_status zg_read_file(zg_ctx *ctx, const char *path, char **text,
                       size_t *len)
{
    *text = NULL;
    *len = 0;
    /* fopen would wait on a FIFO, and /dev/zero never ends. */
    zg_status kst = zg_input_check_kind(ctx, NULL, path);
    if (kst)
        return kst;
    FILE *f = fopen(path, "rb");
    if (!f)
        return zg_fail(ctx, ZG_ERR_INPUT, "cannot read %s", path);
    size_t cap = 0, n = 0;
    char *buf = NULL;
    for (;;) {
        if (zg_grow(ctx, (void **)&buf, &cap, n + 65536 + 1, 1)) {
            fclose(f);
            zg_free(ctx, buf);
            return zg_nomem(ctx, path);
        }
        size_t got = fread(buf + n, 1, 65536, f);
        n += got;
        if (got < 65536)
            break;
    }
    bool err = ferror(f);
    fclose(f);
    if (err) {
        zg_free(ctx, buf);
        return zg_fail(ctx, ZG_ERR_INPUT, "error reading %s", path);
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return ZG_OK;
}
