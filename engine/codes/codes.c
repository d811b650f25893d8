/* SPDX-License-Identifier: MIT
 *
 * codes.c: land-use code tables (Circular 27/2018 and 08/2024, or a
 * user's CSV): code -> Vietnamese and English names and a role
 * (residential, protected_agri, ...). The tables are data in
 * geodata/codes/, so a user can correct or extend them without
 * recompiling.
 */
#include "../core/zg_int.h"
#include "codes.h"

#include <ctype.h>
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <wchar.h>
#include <wctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const ROLES[] = {
    "residential", "protected_agri", "agri",    "industrial", "water",
    "infrastructure", "sensitive",   "unused",  "other",      "group",
    NULL};

/* glibc's C.UTF-8, for the case of letters beyond ASCII; made once,
 * shared by all threads (a locale_t is read-only once made). */
static locale_t utf8_locale;
static pthread_once_t utf8_locale_once = PTHREAD_ONCE_INIT;

static void make_utf8_locale(void)
{
    utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

void zg_code_normalise(const char *in, char *out, size_t cap)
{
    while (*in && isspace((unsigned char)*in))
        in++;
    size_t n = strlen(in);
    while (n > 0 && isspace((unsigned char)in[n - 1]))
        n--;
    pthread_once(&utf8_locale_once, make_utf8_locale);
    locale_t old = utf8_locale ? uselocale(utf8_locale) : (locale_t)0;
    /* Character by character, so that normalising twice changes nothing:
     * a UTF-8 character upper-cased, any other byte kept (an ASCII letter
     * upper-cased); a character that would not fit is left out whole. */
    size_t k = 0, used = 0;
    while (k < n) {
        char buf[MB_LEN_MAX];
        size_t in_len = 1, out_len = 1;
        unsigned char c = (unsigned char)in[k];
        buf[0] = (char)toupper(c);
        if (c >= 0x80 && utf8_locale) {
            mbstate_t rd, wr;
            memset(&rd, 0, sizeof rd);
            memset(&wr, 0, sizeof wr);
            wchar_t wc;
            size_t len = mbrtowc(&wc, in + k, n - k, &rd);
            if (len != (size_t)-1 && len != (size_t)-2 && len != 0) {
                size_t m = wcrtomb(buf, (wchar_t)towupper_l((wint_t)wc,
                                                            utf8_locale),
                                   &wr);
                if (m != (size_t)-1) {
                    in_len = len;
                    out_len = m;
                } else
                    buf[0] = (char)c;
            } else
                buf[0] = (char)c;
        }
        if (used + out_len + 1 > cap)
            break;
        memcpy(out + used, buf, out_len);
        used += out_len;
        k += in_len;
    }
    if (utf8_locale)
        uselocale(old);
    /* A cut may end on a space that was inside the code. */
    while (used > 0 && isspace((unsigned char)out[used - 1]))
        used--;
    if (cap > 0)
        out[used] = '\0';
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const zg_code_entry *)a)->code,
                  ((const zg_code_entry *)b)->code);
}

static int find_col(const zg_csv_row *h, const char *name)
{
    for (size_t i = 0; i < h->nfields; i++)
        if (zg_streq_nocase(h->fields[i], name))
            return (int)i;
    return -1;
}

zg_status zg_codes_load(zg_ctx *ctx, const char *name, zg_codes **out)
{
    *out = NULL;
    char *path;
    if (strchr(name, '/') || strstr(name, ".csv"))
        path = zg_strdup(ctx, name);
    else if (strcmp(name, "tt27_2018") == 0 || strcmp(name, "tt08_2024") == 0)
        path = zg_asprintf(ctx, "%s/codes/%s.csv", zg_data_dir(), name);
    else
        return zg_fail(ctx, ZG_ERR_USAGE, "unknown code table '%s': give "
                       "tt27_2018, tt08_2024 or a CSV file (--codes)", name);
    if (!path)
        return zg_nomem(ctx, "code table");
    char *text = NULL;
    size_t len = 0;
    zg_status st = zg_read_file(ctx, path, &text, &len);
    if (!st)
        st = zg_codes_parse(ctx, text, len, path, out);
    zg_free(ctx, text);
    zg_free(ctx, path);
    return st;
}

zg_status zg_codes_parse(zg_ctx *ctx, const char *text, size_t len,
                         const char *source, zg_codes **out)
{
    *out = NULL;
    char *path = zg_strdup(ctx, source);
    if (!path)
        return zg_nomem(ctx, "code table");
    zg_csv *csv = NULL;
    zg_status st = zg_csv_parse(ctx, text, len, path, &csv);
    zg_codes *c = NULL;
    if (!st && !(c = zg_calloc(ctx, 1, sizeof *c)))
        st = zg_nomem(ctx, "code table");
    int ic = -1, iv = -1, ie = -1, ir = -1;
    if (!st) {
        c->ctx = ctx;
        c->source = path;
        path = NULL;
        if (csv->nrows < 2)
            st = zg_fail(ctx, ZG_ERR_INPUT, "code table has no rows (%s)",
                         c->source);
    }
    if (!st) {
        const zg_csv_row *h = &csv->rows[0];
        ic = find_col(h, "code");
        iv = find_col(h, "name_vi");
        ie = find_col(h, "name_en");
        ir = find_col(h, "role");
        if (ic < 0 || ir < 0)
            st = zg_fail(ctx, ZG_ERR_INPUT, "code table needs the columns "
                         "code and role (line 1 of %s)", c->source);
        else if (!(c->e = zg_calloc(ctx, csv->nrows, sizeof *c->e)))
            st = zg_nomem(ctx, "code table");
    }
    for (size_t r = 1; !st && r < csv->nrows; r++) {
        const zg_csv_row *row = &csv->rows[r];
        int need = ic > ir ? ic : ir;
        if ((int)row->nfields <= need) {
            st = zg_fail(ctx, ZG_ERR_INPUT, "line %zu has %zu fields, the "
                         "header %zu (%s)", row->line, row->nfields,
                         csv->rows[0].nfields, c->source);
            break;
        }
        char code[64];
        zg_code_normalise(row->fields[ic], code, sizeof code);
        const char *role = row->fields[ir];
        bool known = false;
        for (const char *const *k = ROLES; *k && !known; k++)
            known = strcmp(*k, role) == 0;
        if (!code[0]) {
            st = zg_fail(ctx, ZG_ERR_INPUT, "empty code on line %zu (%s)",
                         row->line, c->source);
            break;
        }
        if (!known) {
            char rb[ZG_CLIP_BUF]; /* cut to fit in the message */
            st = zg_fail(ctx, ZG_ERR_INPUT, "unknown role '%s' for code %s "
                         "on line %zu (%s)", zg_clip(role, rb, sizeof rb),
                         code, row->line, c->source);
            break;
        }
        zg_code_entry *e = &c->e[c->n];
        e->code = zg_strdup(ctx, code);
        e->role = zg_strdup(ctx, role);
        e->name_vi = zg_strdup(ctx, iv >= 0 && (int)row->nfields > iv
                                        ? row->fields[iv] : "");
        e->name_en = zg_strdup(ctx, ie >= 0 && (int)row->nfields > ie
                                        ? row->fields[ie] : "");
        c->n++;
        if (!e->code || !e->role || !e->name_vi || !e->name_en)
            st = zg_nomem(ctx, "code table");
    }
    if (!st) {
        zg_sort(c->e, c->n, sizeof *c->e, cmp_entry);
        for (size_t i = 1; i < c->n && !st; i++)
            if (strcmp(c->e[i].code, c->e[i - 1].code) == 0)
                st = zg_fail(ctx, ZG_ERR_INPUT, "code %s appears twice "
                             "(%s)", c->e[i].code, c->source);
    }
    zg_csv_free(ctx, csv);
    zg_free(ctx, path);
    if (st) {
        zg_codes_free(c);
        return st;
    }
    *out = c;
    return ZG_OK;
}

void zg_codes_free(zg_codes *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        zg_free(c->ctx, c->e[i].code);
        zg_free(c->ctx, c->e[i].role);
        zg_free(c->ctx, c->e[i].name_vi);
        zg_free(c->ctx, c->e[i].name_en);
    }
    zg_free(c->ctx, c->e);
    zg_free(c->ctx, c->source);
    zg_free(c->ctx, c);
}

const zg_code_entry *zg_codes_find(const zg_codes *c, const char *code)
{
    char norm[64];
    zg_code_normalise(code, norm, sizeof norm);
    zg_code_entry key = {norm, NULL, NULL, NULL};
    return bsearch(&key, c->e, c->n, sizeof *c->e, cmp_entry);
}

const char *zg_codes_role(const zg_codes *c, const char *code)
{
    const zg_code_entry *e = c ? zg_codes_find(c, code) : NULL;
    return e ? e->role : NULL;
}

const char *zg_codes_source(const zg_codes *c)
{
    return c ? c->source : "";
}
