/* SPDX-License-Identifier: MIT
 *
 * fuzz_legacy_detect.c: zg_legacy_detect, the guess of a DBF's encoding
 * from samples of its text. The input is split at newlines into samples,
 * as values of a column.
 *
 * Checked: the answer is one of the five candidates with a score in 0..1,
 * the same samples give the same answer twice, and samples that are all
 * ASCII give "utf8" with score 1, as documented.
 */
#include "fuzz_legacy_text.h"

#define MAX_SAMPLES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zg_ctx *ctx = fuzz_ctx();
    char *text = fuzz_strndup(data, size);
    if (!text)
        return 0;
    const char *samples[MAX_SAMPLES];
    size_t n = 0;
    bool ascii = true;
    char *p = text;
    /* A NUL ends a sample as a newline does (DBF values are C strings
     * by then); samples past the last one that fits are dropped. */
    for (size_t i = 0; i <= size && n < MAX_SAMPLES; i++) {
        if (i == size || text[i] == '\n' || text[i] == '\0') {
            text[i] = '\0';
            samples[n++] = p;
            ascii = ascii && fuzz_all_ascii(p);
            p = text + i + 1;
        }
    }
    double score = -1, score2 = -1;
    const char *enc = zg_legacy_detect(ctx, samples, n, &score);
    if (enc) {
        static const char *const KNOWN[] = {"utf8", "cp1258", "tcvn3", "vni",
                                            "latin1"};
        bool known = false;
        for (size_t k = 0; k < 5; k++)
            known = known || strcmp(enc, KNOWN[k]) == 0;
        FUZZ_CHECK(known, "unknown answer %s", enc);
        FUZZ_CHECK(score >= 0 && score <= 1, "score %g", score);
        const char *again = zg_legacy_detect(ctx, samples, n, &score2);
        FUZZ_CHECK(again && strcmp(again, enc) == 0 && score2 == score,
                   "%s %g, then %s %g", enc, score, again ? again : "NULL",
                   score2);
        if (ascii)
            FUZZ_CHECK(strcmp(enc, "utf8") == 0 && score == 1,
                       "ASCII samples gave %s %g", enc, score);
    }
    free(text);
    return 0;
}
