/* SPDX-License-Identifier: MIT
 *
 * fuzz_legacy_text.h: checks shared by the targets of the legacy text
 * decoders (engine/io/legacy_text.c): what every string they return must
 * be.
 */
#ifndef ZG_FUZZ_LEGACY_TEXT_H
#define ZG_FUZZ_LEGACY_TEXT_H

#include "fuzz_common.h"
#include "io/legacy_text.h"

/* `s` (returned by a decoder) is well-formed UTF-8 and already composed:
 * composing it again changes nothing. `who` names the call in the report. */
static inline void fuzz_check_nfc_utf8(zg_ctx *ctx, const char *s,
                                       const char *who)
{
    size_t n = strlen(s);
    FUZZ_CHECK(zg_utf8_valid(s, n), "%s returned ill-formed UTF-8", who);
    char *again = zg_vn_nfc(ctx, s);
    if (!again)
        return; /* out of memory: nothing to compare */
    FUZZ_CHECK(strcmp(again, s) == 0,
               "%s returned text that NFC still changes (%zu -> %zu bytes)",
               who, n, strlen(again));
    zg_free(ctx, again);
}

static inline bool fuzz_all_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

#endif
