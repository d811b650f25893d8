/* SPDX-License-Identifier: MIT
 *
 * fuzz_vn_nfc.c: zg_vn_nfc, composition of Vietnamese letters.
 *
 * Checked: the result is well-formed UTF-8, composing it again changes
 * nothing (NFC is idempotent), and ASCII text comes back unchanged. And
 * against another implementation: when the text is well-formed and made
 * of nothing but ASCII, Vietnamese letters and the eight Vietnamese
 * combining marks, and GLib's full Unicode NFC of it is too, zg_vn_nfc
 * must give exactly GLib's answer (outside that repertoire zg_vn_nfc
 * leaves text alone on purpose, so the two may differ there).
 */
#include "fuzz_legacy_text.h"

#include <glib.h>

/* The combining marks of Vietnamese: five tones, then the circumflex,
 * breve and horn that make â ê ô ă ơ ư. */
static int mark_kind(gunichar c)
{
    switch (c) {
    case 0x300: case 0x301: case 0x303: case 0x309: case 0x323:
        return 1; /* tone */
    case 0x302: case 0x306: case 0x31B:
        return 2; /* vowel modifier */
    }
    return 0;
}

/* A precomposed letter of the Vietnamese alphabet (by its decomposition:
 * a vowel with at most one fitting modifier and at most one tone, or
 * đ Đ). */
static bool vn_letter(gunichar c)
{
    if (c == 0x110 || c == 0x111)
        return true;
    if (c < 0xC0)
        return false;
    gchar buf[8];
    gint n = g_unichar_to_utf8(c, buf);
    gchar *d = g_utf8_normalize(buf, n, G_NORMALIZE_NFD);
    if (!d)
        return false;
    gunichar base = g_utf8_get_char(d);
    bool ok = base < 0x80 && strchr("aeiouyAEIOUY", (int)base) &&
              g_utf8_strlen(d, -1) > 1;
    int tones = 0, mods = 0;
    for (const gchar *p = g_utf8_next_char(d); ok && *p;
         p = g_utf8_next_char(p)) {
        gunichar m = g_utf8_get_char(p);
        int k = mark_kind(m);
        gunichar lb = g_unichar_tolower(base);
        if (k == 1)
            tones++;
        else if (k == 2) {
            mods++;
            ok = (m == 0x302 && strchr("aeo", (int)lb)) ||
                 (m == 0x306 && lb == 'a') ||
                 (m == 0x31B && strchr("ou", (int)lb));
        } else
            ok = false;
    }
    g_free(d);
    return ok && tones <= 1 && mods <= 1;
}

/* Is every character of `s` ASCII, a Vietnamese letter or mark? */
static bool vn_repertoire(const char *s)
{
    for (const gchar *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c >= 0x80 && !mark_kind(c) && !vn_letter(c))
            return false;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zg_ctx *ctx = fuzz_ctx();
    char *in = fuzz_strndup(data, size);
    if (!in)
        return 0;
    char *out = zg_vn_nfc(ctx, in);
    if (out) {
        fuzz_check_nfc_utf8(ctx, out, "zg_vn_nfc");
        if (fuzz_all_ascii(in))
            FUZZ_CHECK(strcmp(in, out) == 0, "ASCII text changed");
        if (zg_utf8_valid(in, strlen(in)) && vn_repertoire(in)) {
            gchar *ref = g_utf8_normalize(in, -1, G_NORMALIZE_NFC);
            if (ref && vn_repertoire(ref))
                FUZZ_CHECK(strcmp(ref, out) == 0,
                           "differs from GLib's NFC (%zu bytes, GLib %zu)",
                           strlen(out), strlen(ref));
            g_free(ref);
        }
        zg_free(ctx, out);
    }
    free(in);
    return 0;
}
