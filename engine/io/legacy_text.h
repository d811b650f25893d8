/* SPDX-License-Identifier: MIT
 *
 * legacy_text.h: Vietnamese legacy text encodings read by zoneguard itself:
 * TCVN3 (ABC) and VNI-Windows decoded by the tables in vn_tables.h (not by
 * iconv, whose TCVN decoder GDAL 3.6 fails to flush, and which has no VNI),
 * Windows-1258 and Latin-1, composition of Vietnamese letters to NFC,
 * repair of doubly encoded UTF-8, and a guess of the encoding of a set of
 * DBF strings by the share of words that are Vietnamese syllables.
 * Background: shared/docs/domain.md s.4.
 *
 * Every string returned is new, NUL-terminated UTF-8 in NFC as far as
 * Vietnamese letters go, allocated through the context's allocator; the
 * caller frees it with zg_free(ctx, s).
 */
#ifndef ZG_LEGACY_TEXT_H
#define ZG_LEGACY_TEXT_H

#include "../core/zg_int.h"

#include <stdbool.h>
#include <stddef.h>

/* Decode `len` bytes of `bytes` from a legacy encoding into new UTF-8 in NFC.
 *
 * `encoding` (case-insensitive) is one of
 *   "tcvn3"  (also "tcvn", "tcvn5712-1", "abc"): zoneguard's own table,
 *            glibc's TCVN5712-1 (VN1), of which TCVN3/ABC is the VN3 subset;
 *            combining tone bytes B0-B4 are composed with the letter before;
 *   "vni"    (also "vni-windows"): zoneguard's own VNI-Windows table, base
 *            letter + mark byte read greedily as pairs first;
 *   "cp1258" (also "windows-1258", "1258"): glibc iconv, flushed;
 *   "utf8"   (also "utf-8"): checked, ill-formed bytes replaced;
 *   "latin1" (also "iso-8859-1"): each byte is U+0000-U+00FF.
 * A NUL byte among the `len` bytes ends the text: the bytes after it are
 * not decoded (and cannot set *lossy).
 *
 * Bytes that cannot be decoded (a VNI mark byte with no letter it can go
 * on, a byte Windows-1252 leaves undefined in VNI text, a byte CP1258 does
 * not define, ill-formed UTF-8) become U+FFFD and set *lossy (if lossy is
 * not NULL; it is set to false otherwise).
 *
 * Returns the new string (caller frees with zg_free), or NULL with the
 * context's message set: ZG_ERR_USAGE for an unknown encoding,
 * ZG_ERR_NOMEM when out of memory. */
char *zg_legacy_decode(zg_ctx *ctx, const char *encoding, const char *bytes,
                       size_t len, bool *lossy);

/* The canonical short name ("tcvn3", "vni", "cp1258", "utf8", "latin1")
 * of an encoding name zg_legacy_decode accepts (any alias above, any case),
 * or NULL when it accepts no such name. Static string, not to be freed. */
const char *zg_legacy_canonical(const char *encoding);

/* Compose the decomposed Vietnamese letters of `utf8` (base letter plus
 * combining U+0300 U+0301 U+0303 U+0309 U+0323 U+0302 U+0306 U+031B, as
 * CP1258 or macOS writes them, in any order) into precomposed letters, as
 * Unicode NFC does: marks are put in canonical order and composed pairwise
 * with the letter unless blocked. Text outside the Vietnamese repertoire is
 * left as it is (a run ends at any other combining mark). Ill-formed UTF-8
 * bytes become U+FFFD.
 *
 * Returns a new string (caller frees with zg_free); NULL when `utf8` is
 * NULL or out of memory (the context's message is then set). */
char *zg_vn_nfc(zg_ctx *ctx, const char *utf8);

/* Repair UTF-8 that was encoded twice: its bytes read as Windows-1252 (or
 * Latin-1) and encoded to UTF-8 again, e.g. "HÃ  Ná»™i" for "Hà Nội".
 * Every character of `utf8` must map back to one byte (Windows-1252, with
 * U+0080-U+009F taken as the bytes 80-9F), the bytes must be well-formed
 * UTF-8 with at least one non-ASCII character, and the result must hold a
 * Vietnamese letter.
 *
 * Returns true and sets *out to the repaired text (new, NFC; caller frees
 * with zg_free). Returns false with *out NULL when the text does not look
 * doubly encoded, and also when out of memory (the context's message is
 * then set). */
bool zg_double_utf8_repair(zg_ctx *ctx, const char *utf8, char **out);

/* The same test and repair, telling "not doubly encoded" apart from "out
 * of memory": returns ZG_OK with *out the repaired text (new, NFC; caller
 * frees with zg_free) or NULL when `utf8` does not look doubly encoded;
 * ZG_ERR_NOMEM (message set, *out NULL) when memory ran out. Ingest uses
 * this one, so that a failed allocation never passes for clean text. */
zg_status zg_double_utf8_try(zg_ctx *ctx, const char *utf8, char **out);

/* The number of candidate encodings zg_legacy_scores weighs. */
#define ZG_LEGACY_NCAND 5

/* How well one candidate encoding reads a set of samples. */
typedef struct zg_legacy_score {
    const char *encoding; /* canonical name (static string) */
    bool considered; /* false for "utf8" when a sample is not UTF-8 */
    size_t words;    /* non-ASCII words in the candidate's reading */
    size_t valid;    /* how many of them are Vietnamese syllables */
    double score;    /* valid / words; 1 when words == 0; 0 when not
                        considered */
} zg_legacy_score;

/* Score every candidate on `n` raw byte strings (NUL-terminated; NULL
 * ones skipped), as zg_legacy_detect describes, into out[0..4] in the
 * order utf8, cp1258, tcvn3, vni, latin1 (which is also the tie order).
 * The "utf8" reading is the one ingest applies: a sample that
 * zg_double_utf8_repair takes for doubly encoded UTF-8 is scored as
 * repaired. Returns ZG_OK, or ZG_ERR_NOMEM (message set). */
zg_status zg_legacy_scores(zg_ctx *ctx, const char *const *samples, size_t n,
                           zg_legacy_score out[ZG_LEGACY_NCAND]);

/* Guess the encoding of `n` raw byte strings (NUL-terminated, e.g. the first
 * few hundred text values of a DBF). Each candidate decodes every sample:
 * "utf8" (only when every sample is well-formed UTF-8), "cp1258", "tcvn3",
 * "vni", "latin1". A candidate's score is the share of its non-ASCII words
 * that are valid Vietnamese syllables (zg_vn_syllable); ASCII-only words
 * are neutral. The TCVN3 reading here is strict VN3: a word that needs a
 * VN1-only code (an upper-case toned letter, a combining tone byte) counts
 * as invalid, since TCVN3/ABC text never holds one. Ties go to the
 * earlier candidate in that order (utf8, then cp1258, ...). Doubly
 * encoded UTF-8 is scored as repaired (see zg_legacy_scores).
 *
 * Returns the best candidate's name (a static string, not to be freed) and
 * its score in 0..1 through *score (if not NULL). A candidate under which
 * no sample has a non-ASCII word scores 1 (nothing speaks against it), so
 * all-ASCII samples give "utf8" with score 1. NULL samples are skipped.
 * Returns NULL (score 0) when out of memory, message set. */
const char *zg_legacy_detect(zg_ctx *ctx, const char *const *samples,
                             size_t n, double *score);

/* True when the `len` bytes at `word` (UTF-8, one word: no spaces) spell a
 * Vietnamese syllable, in either case: an optional initial consonant
 * (b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x), a
 * vowel nucleus from the Vietnamese set with at most one tone mark, and an
 * optional final (c ch m n ng nh p t, or the semivowels i y o u that end
 * nuclei such as "ai", "ao", "ươi"). Checked also: k, gh and ngh go before
 * i, e, ê, y only; ă, â, iê, yê, uô, ươ need a final consonant; the finals
 * c ch p t take only the acute or the dot-below tone. Letters must be
 * precomposed (NFC). */
bool zg_vn_syllable(const char *word, size_t len);

#endif /* ZG_LEGACY_TEXT_H */
