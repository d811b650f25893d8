/* SPDX-License-Identifier: MIT
 *
 * fuzz_double_utf8.c: zg_double_utf8_repair, undoing UTF-8 encoded twice.
 *
 * Checked: it repairs only well-formed UTF-8 with non-ASCII text in it;
 * a repair is well-formed, composed, non-ASCII and shorter than the input
 * (each re-encoded byte took at least as many bytes as it now does, and
 * some took two); and a refusal leaves the output NULL.
 */
#include "fuzz_legacy_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zg_ctx *ctx = fuzz_ctx();
    char *in = fuzz_strndup(data, size);
    if (!in)
        return 0;
    char *out = (char *)"not set";
    bool repaired = zg_double_utf8_repair(ctx, in, &out);
    if (repaired) {
        FUZZ_CHECK(out != NULL, "repaired into NULL");
        FUZZ_CHECK(zg_utf8_valid(in, strlen(in)) && !fuzz_all_ascii(in),
                   "repaired text that was not well-formed non-ASCII UTF-8");
        fuzz_check_nfc_utf8(ctx, out, "zg_double_utf8_repair");
        FUZZ_CHECK(!fuzz_all_ascii(out), "repair gave ASCII");
        FUZZ_CHECK(strlen(out) < strlen(in), "repair of %zu bytes gave %zu",
                   strlen(in), strlen(out));
        zg_free(ctx, out);
    } else {
        FUZZ_CHECK(out == NULL, "refused but left the output set");
    }
    free(in);
    return 0;
}
