/* SPDX-License-Identifier: MIT
 *
 * fuzz_legacy_decode.c: zg_legacy_decode, the input decoded in every
 * encoding it knows (TCVN3, VNI, CP1258, UTF-8, Latin-1).
 *
 * Checked for each: a string comes back (the encodings are known), it is
 * well-formed UTF-8 that NFC leaves as it is, and the lossy flag tells
 * the truth where it can be told from outside: Latin-1 never loses a byte
 * and gives one character per byte, and text that was well-formed UTF-8
 * loses nothing read as UTF-8 and comes back as its NFC. A NUL ends the
 * text.
 */
#include "fuzz_legacy_text.h"

static const char *const ENCODINGS[] = {"tcvn3", "vni", "cp1258", "utf8",
                                        "latin1"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zg_ctx *ctx = fuzz_ctx();
    const char *bytes = (const char *)data;
    size_t upto_nul = size;
    const uint8_t *nul = memchr(data, 0, size);
    if (nul)
        upto_nul = (size_t)(nul - data);
    for (size_t e = 0; e < sizeof ENCODINGS / sizeof ENCODINGS[0]; e++) {
        bool lossy = false;
        char *s = zg_legacy_decode(ctx, ENCODINGS[e], bytes, size, &lossy);
        if (!s) {
            FUZZ_CHECK(strstr(zg_ctx_errmsg(ctx), "out of memory"),
                       "%s: NULL without running out of memory: %s",
                       ENCODINGS[e], zg_ctx_errmsg(ctx));
            continue;
        }
        fuzz_check_nfc_utf8(ctx, s, ENCODINGS[e]);
        if (strcmp(ENCODINGS[e], "latin1") == 0) {
            FUZZ_CHECK(!lossy, "latin1 said it lost bytes");
            size_t chars = 0;
            for (const char *p = s; *p; p++)
                chars += ((unsigned char)*p & 0xC0) != 0x80;
            FUZZ_CHECK(chars == upto_nul, "latin1: %zu characters from %zu "
                       "bytes", chars, upto_nul);
        }
        if (strcmp(ENCODINGS[e], "utf8") == 0 &&
            zg_utf8_valid(bytes, upto_nul)) {
            FUZZ_CHECK(!lossy, "utf8: well-formed input said lossy");
            char *text = fuzz_strndup(data, upto_nul);
            char *nfc = text ? zg_vn_nfc(ctx, text) : NULL;
            if (nfc)
                FUZZ_CHECK(strcmp(nfc, s) == 0, "utf8: well-formed text "
                           "decoded to something other than its NFC");
            zg_free(ctx, nfc);
            free(text);
        }
        zg_free(ctx, s);
    }
    FUZZ_CHECK(zg_legacy_decode(ctx, "ebcdic", bytes, size, NULL) == NULL,
               "an unknown encoding decoded");
    return 0;
}
