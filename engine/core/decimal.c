/* SPDX-License-Identifier: MIT
 *
 * decimal.c: a number as a register writes it. Declared areas come from
 * attribute tables typed by hand, with Vietnamese (1.234,5) or English
 * (1,234.5) separators; strtod would read "1.234,5" as 1.234 and "0x73"
 * as 115. Here a text is the number it means or no number at all.
 */
#include "core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

const char *zg_parse_decimal(const char *s, double *out)
{
    *out = NAN;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0)
        return "empty";
    if (n > 64)
        return "too long for a number";
    /* Digits and at most two kinds of separator, nothing else: no sign,
     * exponent, hexadecimal, inf or nan. */
    size_t ndot = 0, ncomma = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.')
            ndot++;
        else if (s[i] == ',')
            ncomma++;
        else if (!is_digit(s[i]))
            return "not a number (digits with '.' or ',' only)";
    }
    /* The decimal separator: the last one when both kinds appear (the
     * other then groups thousands); a kind that appears more than once
     * groups thousands; one ',' alone is decimal unless three digits
     * follow it (1,234 is 1234 in English, 1.234 in Vietnamese). One '.'
     * alone is decimal, as every GIS writes it. */
    char dec = 0, grp = 0;
    if (ndot && ncomma) {
        size_t ld = 0, lc = 0; /* positions of the last '.' and ',' */
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '.')
                ld = i;
            else if (s[i] == ',')
                lc = i;
        }
        dec = ld > lc ? '.' : ',';
        grp = dec == '.' ? ',' : '.';
        if ((dec == '.' ? ndot : ncomma) > 1)
            return "two decimal separators";
    } else if (ndot > 1 || ncomma > 1) {
        grp = ndot ? '.' : ',';
    } else if (ndot == 1) {
        dec = '.';
    } else if (ncomma == 1) {
        const char *c = memchr(s, ',', n);
        size_t after = n - (size_t)(c - s) - 1;
        if (after == 3 && c > s)
            return "ambiguous: a comma before three digits groups "
                   "thousands in English, marks decimals in Vietnamese";
        dec = ',';
    }
    /* Thousands groups: 1 to 3 digits, then groups of exactly 3. */
    char buf[80];
    size_t k = 0, run = 0, groups = 0;
    bool in_frac = false, first_group = true;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (is_digit(c)) {
            buf[k++] = c;
            run++;
            continue;
        }
        if (c == grp) {
            if (in_frac || run == 0 || (first_group ? run > 3 : run != 3))
                return "thousands not in groups of three";
            first_group = false;
            groups++;
            run = 0;
            continue;
        }
        /* the decimal separator; ".5" is 0.5 */
        if (run == 0 && i > 0)
            return "no digit before the decimal separator";
        if (groups && run != 3)
            return "thousands not in groups of three";
        if (run == 0)
            buf[k++] = '0';
        buf[k++] = '.';
        in_frac = true;
        run = 0;
    }
    if (run == 0 && !in_frac) /* "5." is 5; "1.234." is no number */
        return "no digit after a separator";
    if (run == 0 && s[0] == dec && n == 1)
        return "not a number (a separator alone)";
    if (groups && !in_frac && run != 3)
        return "thousands not in groups of three";
    buf[k] = '\0';
    char *end;
    double d = strtod(buf, &end);
    if (*end != '\0' || !isfinite(d))
        return "out of range";
    *out = d;
    return NULL;
}
