/* SPDX-License-Identifier: MIT
 *
 * test_strings.c: UTF-8 checks and legacy decoding, with byte strings
 * taken from the encoding tables (shared/docs/domain.md §4), not from the
 * code under test.
 */
#include "zg_test.h"

#include "codes/codes.h"

#include <math.h>
#include <string.h>

static void utf8_validity(void **state)
{
    (void)state;
    assert_true(zg_utf8_valid("Hà Nội", strlen("Hà Nội")));
    assert_true(zg_utf8_valid("", 0));
    assert_false(zg_utf8_valid("\xC3", 1));          /* truncated */
    assert_false(zg_utf8_valid("\xC0\xAF", 2));      /* overlong */
    assert_false(zg_utf8_valid("\xED\xA0\x80", 3));  /* surrogate */
    assert_false(zg_utf8_valid("\xD1" "and\xFA", 5)); /* Latin-1 */
}

static void utf8_sanitize_replaces_bad_bytes(void **state)
{
    zg_ctx *ctx = *state;
    char *s = zg_utf8_sanitize(ctx, "\xD1" "and\xFA", 5);
    assert_string_equal(s, "\xEF\xBF\xBD" "and" "\xEF\xBF\xBD");
    zg_free(ctx, s);
}

/* TCVN3: H=48, à=B5, N=4E, ộ=E9, i=69. GDAL 3.6 drops the final "i"
 * because it does not flush iconv; we must not. */
static void tcvn3_keeps_last_letter(void **state)
{
    zg_ctx *ctx = *state;
    bool lossy = true;
    char *s = zg_decode_iconv(ctx, "TCVN5712-1", "\x48\xB5\x20\x4E\xE9\x69",
                              6, &lossy);
    assert_non_null(s);
    assert_string_equal(s, "Hà Nội");
    assert_false(lossy);
    zg_free(ctx, s);
    /* "Phú Nghĩa": ú=F3, ĩ=DC; ends in a base letter that could take a
     * tone mark, the very case that was truncated. */
    s = zg_decode_iconv(ctx, "TCVN5712-1",
                        "\x50\x68\xF3\x20\x4E\x67\x68\xDC\x61", 9, &lossy);
    assert_string_equal(s, "Phú Nghĩa");
    zg_free(ctx, s);
}

/* CP1258 writes ộ as ô (F4) + combining dot below (F2): the output must be
 * the composed (NFC) letter. */
static void cp1258_composes(void **state)
{
    zg_ctx *ctx = *state;
    bool lossy = true;
    char *s = zg_decode_iconv(ctx, "CP1258", "\x48\xE0\x20\x4E\xF4\xF2\x69",
                              7, &lossy);
    assert_string_equal(s, "Hà Nội");
    assert_false(lossy);
    zg_free(ctx, s);
}

static void nocase_compare(void **state)
{
    (void)state;
    assert_true(zg_streq_nocase("MA_CCN", "ma_ccn"));
    assert_false(zg_streq_nocase("ma", "ma_ccn"));
    assert_false(zg_streq_nocase(NULL, "x"));
}

/* File names from user labels (epochs). The hashes are sha256sum's:
 * printf '%s' 'a/b' | sha256sum. */
static void safe_names(void **state)
{
    (void)state;
    char out[64];
    zg_safe_name("2020", out, sizeof out);
    assert_string_equal(out, "2020");          /* plain: as it is */
    zg_safe_name("a_b", out, sizeof out);
    assert_string_equal(out, "a_b");
    zg_safe_name("a/b", out, sizeof out);
    assert_string_equal(out, "a_b-c14cddc0");  /* changed: hash added */
    zg_safe_name("a?b", out, sizeof out);
    assert_string_equal(out, "a_b-c2a7b64a");  /* ... so a/b and a?b differ */
    zg_safe_name("../../x", out, sizeof out);
    assert_string_equal(out, "______x-9cdf6a50");
    zg_safe_name("năm 2020", out, sizeof out); /* ă is two bytes */
    assert_string_equal(out, "n__m_2020-cb68ccdc");
    zg_safe_name("", out, sizeof out);
    assert_string_equal(out, "_-e3b0c442");
    char longer[101];
    memset(longer, 'a', 100);
    longer[100] = '\0';
    zg_safe_name(longer, out, sizeof out);     /* cut to 54 + '-' + 8 */
    assert_int_equal(strlen(out), 63);
    assert_string_equal(out + 54, "-28165978");
    assert_int_equal(strspn(out, "a"), 54);
}

/* Values echoed in messages are cut at a character boundary: "Hà Nội Hà"
 * is 13 bytes (H, à=C3 A0, space, N, ộ=E1 BB 99, i, space, H, à); with
 * room for 9 bytes and the NUL, 6 would be kept before "...", but byte 6
 * is inside ộ (bytes 5-7), so 5 are. */
static void clip_keeps_whole_characters(void **state)
{
    (void)state;
    char buf[10];
    assert_string_equal(zg_clip("Hà Nội Hà", buf, sizeof buf), "Hà N...");
    assert_string_equal(zg_clip("Hà Nội", buf, sizeof buf), "Hà Nội");
    assert_string_equal(zg_clip("123456789", buf, sizeof buf), "123456789");
    assert_string_equal(zg_clip("1234567890", buf, sizeof buf), "123456...");
}

/* Land-use codes: trimmed and upper-cased, ASCII or Vietnamese letters
 * alike, so that "luc " is LUC and "Đất lạ" is ĐẤT LẠ (not "ĐấT Lạ"); a long
 * code cut at a character boundary, never inside a letter; bytes that are
 * not UTF-8 left alone. */
static void land_use_codes_normalised(void **state)
{
    (void)state;
    char out[64];
    zg_code_normalise("  luc ", out, sizeof out);
    assert_string_equal(out, "LUC");
    zg_code_normalise(" \xC4\x91\xE1\xBA\xA5t l\xE1\xBA\xA1\t", out,
                      sizeof out); /* "đất lạ" */
    assert_string_equal(out, "\xC4\x90\xE1\xBA\xA4T L\xE1\xBA\xA0");
    char small[6];
    /* "ĐẤT": Đ (2 bytes) + Ấ (3) + T; 5 bytes of room hold "Đ" only. */
    zg_code_normalise("\xC4\x91\xE1\xBA\xA5t", small, 5);
    assert_string_equal(small, "\xC4\x90");
    zg_code_normalise("\xC4\x91\xE1\xBA\xA5t", small, 6);
    assert_string_equal(small, "\xC4\x90\xE1\xBA\xA4");
    zg_code_normalise("ds\xFF", out, sizeof out); /* not UTF-8 */
    assert_string_equal(out, "DS\xFF");
    zg_code_normalise("", out, sizeof out);
    assert_string_equal(out, "");
}

/* Declared areas as registers write them (issue 16 B8): the number meant,
 * or none; never another one (strtod reads "1.234,5" as 1.234 and "0x73"
 * as 115). Expected values by hand. */
static void decimals_read_strictly(void **state)
{
    (void)state;
    static const struct { const char *in; double want; } OK[] = {
        {"1.234,5", 1234.5},   /* Vietnamese: '.' groups, ',' decimal */
        {"1,234.5", 1234.5},   /* English */
        {"12,5", 12.5},        /* decimal comma */
        {"12.5", 12.5},
        {" 75 ", 75},
        {"1.234.567,25", 1234567.25},
        {"1,234,567", 1234567},
        {"1.234.567", 1234567},
        {"0,05", 0.05},
        {"12,3456", 12.3456},
        {".5", 0.5},
        {"5.", 5},
        {"18.372", 18.372},    /* one '.': the decimal point GIS writes */
    };
    for (size_t i = 0; i < sizeof OK / sizeof OK[0]; i++) {
        double d = -1;
        const char *why = zg_parse_decimal(OK[i].in, &d);
        if (why)
            fail_msg("'%s' refused: %s", OK[i].in, why);
        assert_true(d == OK[i].want);
    }
    static const char *const BAD[] = {
        "abc", "1e400", "1e3", "0x73", "-5", "+5", "inf", "nan", "",
        "   ", "1,234",        /* 1234 in English, 1.234 in Vietnamese */
        "1.23.4", "1,2,3", "12.345,6.7", "1.234,5,6", "1..2", ",",
        "1.234.", "12 ha", "1 234", "12,5,", "1234,567.8",
        "99999999999999999999999999999999999999999999999999999999999999999",
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        double d = 0;
        const char *why = zg_parse_decimal(BAD[i], &d);
        if (!why)
            fail_msg("'%s' read as %.17g", BAD[i], d);
        assert_true(isnan(d));
    }
}

int test_strings(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_validity),
        cmocka_unit_test_setup_teardown(utf8_sanitize_replaces_bad_bytes,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(tcvn3_keeps_last_letter,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(cp1258_composes, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test(nocase_compare),
        cmocka_unit_test(safe_names),
        cmocka_unit_test(clip_keeps_whole_characters),
        cmocka_unit_test(land_use_codes_normalised),
        cmocka_unit_test(decimals_read_strictly),
    };
    return cmocka_run_group_tests_name("strings", tests, NULL, NULL);
}
