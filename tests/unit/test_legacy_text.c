/* SPDX-License-Identifier: MIT
 *
 * test_legacy_text.c: TCVN3 and VNI decoding by zoneguard's own tables,
 * NFC composition of Vietnamese letters, repair of doubly encoded UTF-8,
 * the syllable check and encoding detection.
 *
 * Every byte string here was encoded by hand from the tables of
 * shared/docs/domain.md s.4, not by the code under test. The TCVN3 strings
 * were checked once with glibc (`printf '\x48\xb5...' | iconv -f
 * TCVN5712-1 -t UTF-8`), the CP1258 ones with Python's cp1258 codec, and the
 * doubly encoded ones are the UTF-8 bytes read through Windows-1252.
 */
#include "zg_test.h"

#include "io/legacy_text.h"

#include <stdlib.h>
#include <string.h>

/* Decode `bytes` (NUL-terminated here) and compare with `want`; the lossy
 * flag must be `lossy`. */
#define CHECK_DECODE(ctx, enc, bytes, want, lossy_want)                      \
    do {                                                                     \
        bool lossy_ = !(lossy_want);                                         \
        char *s_ = zg_legacy_decode((ctx), (enc), (bytes), strlen(bytes),    \
                                    &lossy_);                                \
        assert_non_null(s_);                                                 \
        assert_string_equal(s_, (want));                                     \
        assert_int_equal(lossy_, (lossy_want));                              \
        zg_free((ctx), s_);                                                  \
    } while (0)

/* ---- known names, hand-encoded ----------------------------------------- */

/* Real cluster names, in UTF-8 NFC and in each legacy encoding. TCVN3:
 * à=B5 ộ=E9 ụ=F4 ô=AB ệ=D6 ú=F3 ĩ=DC Đ=A7 ỹ=FC ắ=BE ở=EB ươ=AD AC ợ=EE
 * ễ=D4 ữ=F7. VNI: base + mark byte (F9 acute, F8 grave, FB hook, F5 tilde,
 * EF dot, E2 ^, E1 ^acute, E4 ^dot, E3 ^tilde, E9 breve-acute), single
 * bytes F4 ơ, F6 ư, F1/D1 đ/Đ, F3 ĩ. CP1258: à=E0, ô=F4, ê=EA, â=E2, ă=E3,
 * Đ=D0, ư=FD, ơ=F5, Ư=DD; tones as combining CC grave, EC acute, D2 hook,
 * DE tilde, F2 dot below. */
typedef struct known_name {
    const char *utf8, *tcvn3, *vni, *cp1258;
} known_name;

static const known_name NAMES[] = {
    {"Hà Nội", "\x48\xB5\x20\x4E\xE9\x69", "\x48\x61\xF8\x20\x4E\x6F\xE4\x69",
     "\x48\xE0\x20\x4E\xF4\xF2\x69"},
    {"Cụm công nghiệp Phú Nghĩa",
     "\x43\xF4\x6D\x20\x63\xAB\x6E\x67\x20\x6E\x67\x68\x69\xD6\x70\x20"
     "\x50\x68\xF3\x20\x4E\x67\x68\xDC\x61",
     "\x43\x75\xEF\x6D\x20\x63\x6F\xE2\x6E\x67\x20\x6E\x67\x68\x69\x65\xE4"
     "\x70\x20\x50\x68\x75\xF9\x20\x4E\x67\x68\xF3\x61",
     "\x43\x75\xF2\x6D\x20\x63\xF4\x6E\x67\x20\x6E\x67\x68\x69\xEA\xF2\x70"
     "\x20\x50\x68\xFA\x20\x4E\x67\x68\x69\xDE\x61"},
    {"Cụm công nghiệp Đa Sỹ",
     "\x43\xF4\x6D\x20\x63\xAB\x6E\x67\x20\x6E\x67\x68\x69\xD6\x70\x20"
     "\xA7\x61\x20\x53\xFC",
     "\x43\x75\xEF\x6D\x20\x63\x6F\xE2\x6E\x67\x20\x6E\x67\x68\x69\x65\xE4"
     "\x70\x20\xD1\x61\x20\x53\x79\xF5",
     "\x43\x75\xF2\x6D\x20\x63\xF4\x6E\x67\x20\x6E\x67\x68\x69\xEA\xF2\x70"
     "\x20\xD0\x61\x20\x53\x79\xDE"},
    {"Đắc Sở", "\xA7\xBE\x63\x20\x53\xEB", "\xD1\x61\xE9\x63\x20\x53\xF4\xFB",
     "\xD0\xE3\xEC\x63\x20\x53\xF5\xD2"},
    {"làng nghề Dương Liễu",
     "\x6C\xB5\x6E\x67\x20\x6E\x67\x68\xD2\x20\x44\xAD\xAC\x6E\x67\x20\x4C"
     "\x69\xD4\x75",
     "\x6C\x61\xF8\x6E\x67\x20\x6E\x67\x68\x65\xE0\x20\x44\xF6\xF4\x6E\x67"
     "\x20\x4C\x69\x65\xE3\x75",
     "\x6C\xE0\x6E\x67\x20\x6E\x67\x68\xEA\xCC\x20\x44\xFD\xF5\x6E\x67\x20"
     "\x4C\x69\xEA\xDE\x75"},
    {"Hữu Bằng Thượng", "\x48\xF7\x75\x20\x42\xBB\x6E\x67\x20\x54\x68\xAD\xEE"
                        "\x6E\x67",
     "\x48\xF6\xF5\x75\x20\x42\x61\xE8\x6E\x67\x20\x54\x68\xF6\xF4\xEF\x6E"
     "\x67",
     "\x48\xFD\xDE\x75\x20\x42\xE3\xCC\x6E\x67\x20\x54\x68\xFD\xF5\xF2\x6E"
     "\x67"},
};
#define NNAMES (sizeof NAMES / sizeof NAMES[0])

static void tcvn3_known_names(void **state)
{
    zg_ctx *ctx = *state;
    for (size_t i = 0; i < NNAMES; i++)
        CHECK_DECODE(ctx, "tcvn3", NAMES[i].tcvn3, NAMES[i].utf8, false);
    /* The aliases a .cpg or a user may give. */
    CHECK_DECODE(ctx, "TCVN5712-1", NAMES[0].tcvn3, "Hà Nội", false);
    CHECK_DECODE(ctx, "TCVN", NAMES[0].tcvn3, "Hà Nội", false);
}

/* VN1 codes, outside TCVN3 proper, decode as glibc does: upper-case toned
 * letters (80 À, 9E Ủ) and combining tone bytes B0-B4 composed with the
 * letter before (ô=AB + dot below B4 = ộ; a + acute B3 = á). A combining
 * byte with nothing to compose with stays a combining mark. */
static void tcvn3_vn1_codes(void **state)
{
    zg_ctx *ctx = *state;
    CHECK_DECODE(ctx, "tcvn3", "\x80\x9E\x79", "ÀỦy", false);
    CHECK_DECODE(ctx, "tcvn3", "\x4E\xAB\xB4", "Nộ", false);
    CHECK_DECODE(ctx, "tcvn3", "\x63\x61\xB3\x63", "các", false);
    CHECK_DECODE(ctx, "tcvn3", "\xB3", "\xCC\x81", false);
}

static void vni_known_names(void **state)
{
    zg_ctx *ctx = *state;
    for (size_t i = 0; i < NNAMES; i++)
        CHECK_DECODE(ctx, "vni", NAMES[i].vni, NAMES[i].utf8, false);
    /* domain.md's worked example. */
    CHECK_DECODE(ctx, "VNI-Windows", "\x50\x68\x75\xF9\x20\x58\x75\x79\x65\xE2"
                 "\x6E", "Phú Xuyên", false);
}

/* Upper case: upper-case base, mark byte - 0x20 (D8 grave, C4 ^dot, CF dot,
 * C2 ^, D9 acute), single bytes D1 Đ, D6 Ư, D4 Ơ, CE Ỵ, CD Í. */
static void vni_upper_case(void **state)
{
    zg_ctx *ctx = *state;
    CHECK_DECODE(ctx, "vni", "\x48\x41\xD8\x20\x4E\x4F\xC4\x49", "HÀ NỘI",
                 false);
    CHECK_DECODE(ctx, "vni",
                 "\x43\x55\xCF\x4D\x20\x43\x4F\xC2\x4E\x47\x20\x4E\x47\x48"
                 "\x49\x45\xC4\x50\x20\xD1\x41\xCF\x49\x20\x59\x45\xC2\x4E",
                 "CỤM CÔNG NGHIỆP ĐẠI YÊN", false);
    CHECK_DECODE(ctx, "vni", "\x54\x48\xD6\xD4\xCF\x4E\x47", "THƯỢNG", false);
    CHECK_DECODE(ctx, "vni", "\x4B\xCE\x20\xCD\x54", "KỴ ÍT", false);
    /* Mixed case reads as written: "Ứng" = D6 D9 then lower-case "ng". */
    CHECK_DECODE(ctx, "vni", "\xD6\xD9\x6E\x67", "Ứng", false);
}

/* Pairs are read before single bytes: "ườ" is F6 (ư) F4 F8 (ơ + grave);
 * reading F4 alone as ơ first would leave F8 without a letter. A mark byte
 * that fits no letter, and a byte Windows-1252 does not define (81), are
 * U+FFFD and make the result lossy. A lower-case mark does not go on an
 * upper-case letter. */
static void vni_pairs_first_and_lossy(void **state)
{
    zg_ctx *ctx = *state;
    CHECK_DECODE(ctx, "vni", "\x6E\x67\xF6\xF4\xF8\x69", "người", false);
    CHECK_DECODE(ctx, "vni", "\x78\xF9", "x\xEF\xBF\xBD", true);
    CHECK_DECODE(ctx, "vni", "\x61\x81", "a\xEF\xBF\xBD", true);
    CHECK_DECODE(ctx, "vni", "\x41\xF9", "A\xEF\xBF\xBD", true);
    CHECK_DECODE(ctx, "vni", "\xF9", "\xEF\xBF\xBD", true);
    /* Other Windows-1252 bytes are their characters. */
    CHECK_DECODE(ctx, "vni", "\x80\x20\x96", "€ –", false);
}

static void cp1258_and_latin1(void **state)
{
    zg_ctx *ctx = *state;
    for (size_t i = 0; i < NNAMES; i++)
        CHECK_DECODE(ctx, "cp1258", NAMES[i].cp1258, NAMES[i].utf8, false);
    /* "Ứng Hòa": Ư=DD + acute EC; o + grave CC. */
    CHECK_DECODE(ctx, "windows-1258", "\xDD\xEC\x6E\x67\x20\x48\x6F\xCC\x61",
                 "Ứng Hòa", false);
    CHECK_DECODE(ctx, "latin1", "\x43\x61\x66\xE9", "Café", false);
    CHECK_DECODE(ctx, "ISO-8859-1", "\xA0\xFF", "\xC2\xA0ÿ", false);
}

static void utf8_input(void **state)
{
    zg_ctx *ctx = *state;
    CHECK_DECODE(ctx, "utf8", "Hà Nội", "Hà Nội", false);
    /* Decomposed input comes out composed. */
    CHECK_DECODE(ctx, "UTF-8", "Ha\xCC\x80 No\xCC\xA3\xCC\x82i", "Hà Nội",
                 false);
    CHECK_DECODE(ctx, "utf8", "H\xE0 N", "H\xEF\xBF\xBD N", true);
}

static void decode_edges(void **state)
{
    zg_ctx *ctx = *state;
    bool lossy = true;
    char *s = zg_legacy_decode(ctx, "vni", "", 0, &lossy);
    assert_string_equal(s, "");
    assert_false(lossy);
    zg_free(ctx, s);
    /* lossy may be NULL; a NUL among the bytes ends the text. */
    s = zg_legacy_decode(ctx, "tcvn3", "\x48\xB5\0\x69", 4, NULL);
    assert_string_equal(s, "Hà");
    zg_free(ctx, s);
    assert_null(zg_legacy_decode(ctx, "koi8-r", "x", 1, &lossy));
    assert_non_null(strstr(zg_ctx_errmsg(ctx), "koi8-r"));
    assert_null(zg_legacy_decode(ctx, NULL, "x", 1, &lossy));
    assert_string_equal(zg_legacy_canonical("TCVN5712-1"), "tcvn3");
    assert_string_equal(zg_legacy_canonical("Windows-1258"), "cp1258");
    assert_string_equal(zg_legacy_canonical("UTF-8"), "utf8");
    assert_null(zg_legacy_canonical("CP1252"));
    assert_null(zg_legacy_canonical(NULL));
}

/* The bug of domain.md s.4: GDAL 3.6 + glibc TCVN5712-1 drop the last
 * character of every string. Our decoders must keep it whatever it is: a
 * plain vowel that could still take a tone, a toned letter, a consonant,
 * and for VNI a letter written as base + mark at the very end. */
static void last_letter_never_lost(void **state)
{
    zg_ctx *ctx = *state;
    for (size_t i = 0; i < NNAMES; i++) {
        const char *enc[3] = {"tcvn3", "vni", "cp1258"};
        const char *bytes[3] = {NAMES[i].tcvn3, NAMES[i].vni,
                                NAMES[i].cp1258};
        for (int e = 0; e < 3; e++) {
            char *s = zg_legacy_decode(ctx, enc[e], bytes[e],
                                       strlen(bytes[e]), NULL);
            assert_non_null(s);
            assert_int_equal(strlen(s), strlen(NAMES[i].utf8));
            zg_free(ctx, s);
        }
    }
    /* Each lone vowel, which a decoder might hold back for a mark. */
    const char *vowels = "aeiouyAEIOUY";
    for (const char *v = vowels; *v; v++) {
        char in[3] = {'N', *v, '\0'};
        CHECK_DECODE(ctx, "tcvn3", in, in, false);
        CHECK_DECODE(ctx, "vni", in, in, false);
        CHECK_DECODE(ctx, "cp1258", in, in, false);
    }
    CHECK_DECODE(ctx, "vni", "\x53\x79\xF5", "Sỹ", false);
    CHECK_DECODE(ctx, "tcvn3", "\x53\xFC", "Sỹ", false);
}

/* ---- NFC --------------------------------------------------------------- */

static void check_nfc(zg_ctx *ctx, const char *in, const char *want)
{
    char *s = zg_vn_nfc(ctx, in);
    assert_non_null(s);
    assert_string_equal(s, want);
    zg_free(ctx, s);
}

static void nfc_composes_vietnamese(void **state)
{
    zg_ctx *ctx = *state;
    /* macOS (NFD): o + dot below + circumflex. */
    check_nfc(ctx, "Ha\xCC\x80 No\xCC\xA3\xCC\x82i", "Hà Nội");
    /* CP1258 style: precomposed ô + combining dot below. */
    check_nfc(ctx, "N\xC3\xB4\xCC\xA3i", "Nội");
    /* Typed order, circumflex before dot below (different classes). */
    check_nfc(ctx, "No\xCC\x82\xCC\xA3i", "Nội");
    /* Horn (class 216) and tones; upper case. */
    check_nfc(ctx, "U\xCC\x9B\xCC\x81ng Ho\xCC\x80" "a", "Ứng Hòa");
    check_nfc(ctx, "ngu\xCC\x9Bo\xCC\x9B\xCC\x80i", "người");
    check_nfc(ctx, "A\xCC\x86\xCC\xA3", "Ặ");
    /* Đ has no decomposition and stays. */
    check_nfc(ctx, "Đông Anh", "Đông Anh");
}

static void nfc_leaves_other_text(void **state)
{
    zg_ctx *ctx = *state;
    check_nfc(ctx, "Zürich – ñ €", "Zürich – ñ €");
    /* n + tilde is not Vietnamese: left decomposed. */
    check_nfc(ctx, "n\xCC\x83", "n\xCC\x83");
    /* A mark with no letter before it stays. */
    check_nfc(ctx, "\xCC\x81" "a", "\xCC\x81" "a");
    /* Two tones of the same class: NFC composes the first only (á + ^ is
     * not canonically equivalent to ấ). */
    check_nfc(ctx, "a\xCC\x81\xCC\x82", "á\xCC\x82");
    /* Ill-formed bytes become U+FFFD. */
    check_nfc(ctx, "a\xFF", "a\xEF\xBF\xBD");
    assert_null(zg_vn_nfc(ctx, NULL));
}

/* ---- doubly encoded UTF-8 ---------------------------------------------- */

static void double_utf8_repaired(void **state)
{
    zg_ctx *ctx = *state;
    char *out = (char *)1;
    /* "Hà Nội" = 48 C3A0 20 4E E1BB99 69, read as Windows-1252: Ã, NBSP,
     * á, », ™ (99), then written as UTF-8. */
    assert_true(zg_double_utf8_repair(
        ctx, "H\xC3\x83\xC2\xA0 N\xC3\xA1\xC2\xBB\xE2\x84\xA2i", &out));
    assert_string_equal(out, "Hà Nội");
    zg_free(ctx, out);
    /* "nghề" = ... E1 BB 81: 81 is undefined in Windows-1252 and passes as
     * U+0081 (C2 81). */
    assert_true(zg_double_utf8_repair(
        ctx, "ngh\xC3\xA1\xC2\xBB\xC2\x81", &out));
    assert_string_equal(out, "nghề");
    zg_free(ctx, out);
    /* "Đông" = C4 90 C3 B4 ...: 90 is undefined too (U+0090). */
    assert_true(zg_double_utf8_repair(
        ctx, "\xC3\x84\xC2\x90\xC3\x83\xC2\xB4ng", &out));
    assert_string_equal(out, "Đông");
    zg_free(ctx, out);
}

static void double_utf8_not_touched(void **state)
{
    zg_ctx *ctx = *state;
    char *out = (char *)1;
    /* Correct UTF-8: ộ (U+1ED9) is no Windows-1252 character. */
    assert_false(zg_double_utf8_repair(ctx, "Hà Nội", &out));
    assert_null(out);
    /* Plain ASCII, and Latin-1 text whose bytes are not UTF-8. */
    assert_false(zg_double_utf8_repair(ctx, "Ha Noi", &out));
    assert_false(zg_double_utf8_repair(ctx, "Café", &out));
    /* Valid after repair but no Vietnamese letter: "Ã¼" -> ü. */
    assert_false(zg_double_utf8_repair(ctx, "\xC3\x83\xC2\xBC", &out));
    assert_null(out);
    /* Not UTF-8 at all. */
    assert_false(zg_double_utf8_repair(ctx, "\xFF", &out));
    assert_false(zg_double_utf8_repair(ctx, NULL, &out));
}

/* ---- syllables and detection --------------------------------------------- */

static bool syl(const char *w)
{
    return zg_vn_syllable(w, strlen(w));
}

static void syllable_check(void **state)
{
    (void)state;
    const char *good[] = {"nghiệp", "Nghĩa", "Quốc", "giữa", "gìn", "Hòa",
                          "hoà", "khuya", "NGƯỜI", "Đắc", "Kỵ", "Yên",
                          "Thạch", "Liễu", "Dương", "Ứng", "huyện", "Oai",
                          "các", "ke"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!syl(good[i])) {
            print_error("not taken as a syllable: %s\n", good[i]);
            fail();
        }
    const char *bad[] = {"Hµ", "Néi", "Coäng", "hoøa", "c«ng",
                         "cac",  /* stop final needs acute or dot */
                         "càc", "kà" /* k before a */, "ă", "hoàà",
                         "H\xEF\xBF\xBD", "Phu\xCC\x81", "nghie\xCC\x82p",
                         "CN3", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (syl(bad[i])) {
            print_error("taken as a syllable: %s\n", bad[i]);
            fail();
        }
}

/* Detection picks the right encoding on three real names in each. */
static void detect_known_names(void **state)
{
    zg_ctx *ctx = *state;
    const char *s[4][3];
    for (int i = 0; i < 3; i++) {
        s[0][i] = NAMES[i + 1].tcvn3;
        s[1][i] = NAMES[i + 1].vni;
        s[2][i] = NAMES[i + 1].cp1258;
        s[3][i] = NAMES[i + 1].utf8;
    }
    const char *want[4] = {"tcvn3", "vni", "cp1258", "utf8"};
    for (int e = 0; e < 4; e++) {
        double score = -1;
        const char *got = zg_legacy_detect(ctx, s[e], 3, &score);
        assert_non_null(got);
        assert_string_equal(got, want[e]);
        ZG_ASSERT_ABS(score, 1.0, 1e-12);
    }
    /* The remaining names, all encodings, one at a time. */
    for (size_t i = 0; i < NNAMES; i++) {
        const char *one[4] = {NAMES[i].tcvn3, NAMES[i].vni, NAMES[i].cp1258,
                              NAMES[i].utf8};
        for (int e = 0; e < 4; e++) {
            const char *got = zg_legacy_detect(ctx, &one[e], 1, NULL);
            if (!got || strcmp(got, want[e]) != 0) {
                print_error("name %zu in %s detected as %s\n", i, want[e],
                            got ? got : "(null)");
                fail();
            }
        }
    }
}

static void detect_ties_and_ascii(void **state)
{
    zg_ctx *ctx = *state;
    double score = -1;
    /* ASCII only: nothing to decide. */
    const char *ascii[] = {"CCN-PX-01", "Ha Noi"};
    assert_string_equal(zg_legacy_detect(ctx, ascii, 2, &score), "utf8");
    ZG_ASSERT_ABS(score, 1.0, 1e-12);
    assert_string_equal(zg_legacy_detect(ctx, NULL, 0, &score), "utf8");
    /* TCVN3 "Phú" (50 68 F3) is also CP1258 "Phó": a tie, which goes to
     * cp1258. */
    const char *phu[] = {"\x50\x68\xF3"};
    assert_string_equal(zg_legacy_detect(ctx, phu, 1, &score), "cp1258");
    ZG_ASSERT_ABS(score, 1.0, 1e-12);
    /* Doubly encoded UTF-8 is valid UTF-8; the utf8 reading is scored as
     * ingest applies it, repaired, so it is a perfect utf8 reading. Read
     * without repair, its words ("Cá»¥m", "cÃ´ng") are no syllables.
     * "Cụm công nghiệp Phú Nghĩa": */
    const char *dbl[] = {
        "C\xC3\xA1\xC2\xBB\xC2\xA5m c\xC3\x83\xC2\xB4ng nghi\xC3\xA1\xC2\xBB"
        "\xE2\x80\xA1p Ph\xC3\x83\xC2\xBA Ngh\xC3\x84\xC2\xA9" "a"};
    const char *got = zg_legacy_detect(ctx, dbl, 1, &score);
    assert_string_equal(got, "utf8");
    ZG_ASSERT_ABS(score, 1.0, 1e-12);
    char *fixed = NULL;
    assert_true(zg_double_utf8_repair(ctx, dbl[0], &fixed));
    assert_string_equal(fixed, "Cụm công nghiệp Phú Nghĩa");
    zg_free(ctx, fixed);
}

/* Every candidate's counts on TCVN3 "Cụm công nghiệp Đa Sỹ": five
 * non-ASCII words (Cụm, công, nghiệp, Đa, Sỹ). Read as TCVN3 all five are
 * syllables. The Latin-1 reading was checked with `iconv -f latin1`. The
 * bytes are not UTF-8, so utf8 is not considered. */
static void scores_per_candidate(void **state)
{
    zg_ctx *ctx = *state;
    zg_legacy_score sc[ZG_LEGACY_NCAND];
    const char *one[] = {NAMES[2].tcvn3};
    assert_int_equal(zg_legacy_scores(ctx, one, 1, sc), ZG_OK);
    const char *order[] = {"utf8", "cp1258", "tcvn3", "vni", "latin1"};
    for (int e = 0; e < ZG_LEGACY_NCAND; e++)
        assert_string_equal(sc[e].encoding, order[e]);
    assert_false(sc[0].considered);
    ZG_ASSERT_ABS(sc[0].score, 0.0, 1e-12);
    assert_true(sc[2].considered);
    assert_int_equal(sc[2].words, 5);
    assert_int_equal(sc[2].valid, 5);
    ZG_ASSERT_ABS(sc[2].score, 1.0, 1e-12);
    /* Latin-1: C\xF4m = "Côm" (a syllable), c\xABng = "c«ng" (no),
     * nghi\xD6p = "nghiÖp" (no), \xA7a = "§a" (no: § is no letter), S\xFC
     * = "Sü" (no): 1 of 5. */
    assert_int_equal(sc[4].words, 5);
    assert_int_equal(sc[4].valid, 1);
    ZG_ASSERT_ABS(sc[4].score, 0.2, 1e-12);
    /* Valid UTF-8 input: utf8 is considered; ASCII only scores 1 for all. */
    const char *ascii[] = {"Ha Noi"};
    assert_int_equal(zg_legacy_scores(ctx, ascii, 1, sc), ZG_OK);
    for (int e = 0; e < ZG_LEGACY_NCAND; e++) {
        assert_true(sc[e].considered);
        assert_int_equal(sc[e].words, 0);
        ZG_ASSERT_ABS(sc[e].score, 1.0, 1e-12);
    }
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

/* One pass over every entry point; true when every call succeeded. */
static bool run_all(zg_ctx *ctx)
{
    bool ok = true;
    const char *enc[] = {"tcvn3", "vni", "cp1258", "utf8", "latin1"};
    for (int e = 0; e < 5; e++) {
        char *s = zg_legacy_decode(ctx, enc[e], NAMES[1].vni,
                                   strlen(NAMES[1].vni), NULL);
        ok = ok && s;
        zg_free(ctx, s);
    }
    char *s = zg_vn_nfc(ctx, "Ha\xCC\x80 No\xCC\xA3\xCC\x82i");
    ok = ok && s;
    zg_free(ctx, s);
    char *out = NULL;
    ok = zg_double_utf8_repair(ctx, "H\xC3\x83\xC2\xA0", &out) && ok;
    zg_free(ctx, out);
    const char *smp[] = {NAMES[1].tcvn3, NAMES[2].tcvn3};
    ok = zg_legacy_detect(ctx, smp, 2, NULL) && ok;
    /* The utf8 candidate repairs doubly encoded samples while scoring. */
    const char *dbl[] = {"H\xC3\x83\xC2\xA0 N\xC3\xA1\xC2\xBB\xE2\x84\xA2i"};
    ok = zg_legacy_detect(ctx, dbl, 1, NULL) && ok;
    out = NULL;
    ok = zg_double_utf8_try(ctx, dbl[0], &out) == ZG_OK && out && ok;
    zg_free(ctx, out);
    return ok;
}

static void every_allocation_may_fail(void **state)
{
    (void)state;
    struct failing f = {-1, 0};
    zg_allocator al = {f_malloc, f_realloc, f_free, &f};
    zg_ctx_config cfg = {&al};
    zg_ctx *ctx = NULL;
    assert_int_equal(zg_ctx_new(&cfg, &ctx), ZG_OK);
    long before = f.calls;
    assert_true(run_all(ctx));
    long total = f.calls - before;
    assert_true(total > 10);
    for (long k = 0; k < total; k++) {
        f.countdown = k;
        assert_false(run_all(ctx)); /* no crash, no leak (ASan) */
        f.countdown = -1;
    }
    zg_ctx_free(ctx);
}

int test_legacy_text(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(tcvn3_known_names, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(tcvn3_vn1_codes, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(vni_known_names, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(vni_upper_case, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(vni_pairs_first_and_lossy,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(cp1258_and_latin1, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(utf8_input, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(decode_edges, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(last_letter_never_lost, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(nfc_composes_vietnamese,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test_setup_teardown(nfc_leaves_other_text, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(double_utf8_repaired, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(double_utf8_not_touched,
                                        zg_test_setup, zg_test_teardown),
        cmocka_unit_test(syllable_check),
        cmocka_unit_test_setup_teardown(detect_known_names, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(detect_ties_and_ascii, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(scores_per_candidate, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test(every_allocation_may_fail),
    };
    return cmocka_run_group_tests_name("legacy_text", tests, NULL, NULL);
}
