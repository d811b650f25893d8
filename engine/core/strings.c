/* SPDX-License-Identifier: MIT
 *
 * strings.c: the few string operations zoneguard needs itself: comparing
 * field names without case, checking and repairing UTF-8, and decoding
 * legacy encodings through iconv.
 *
 * Why our own iconv call: GDAL 3.6 does not flush iconv's state at the end
 * of a string, and glibc's TCVN5712-1 decoder holds the last letter back
 * waiting for a combining tone mark, so GDAL drops the last character of
 * every TCVN3 string (shared/docs/domain.md §4). We flush.
 */
#include "core.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

bool zg_streq_nocase(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return *a == *b;
}

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0
 * when it is ill-formed. Follows Unicode's Table 3-7. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < len)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

bool zg_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t k = utf8_seq_len(p + i, len - i);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

char *zg_utf8_sanitize(zg_ctx *ctx, const char *s, size_t len)
{
    /* Worst case: every byte becomes the 3-byte U+FFFD. */
    if (len > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = zg_malloc(ctx, len * 3 + 1);
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < len) {
        size_t k = utf8_seq_len(p + i, len - i);
        if (k) {
            memcpy(out + o, p + i, k);
            o += k;
            i += k;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    out[o] = '\0';
    return out;
}

char *zg_decode_iconv(zg_ctx *ctx, const char *encoding, const char *s,
                      size_t len, bool *lossy)
{
    *lossy = false;
    iconv_t cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1)
        return NULL;
    /* A legacy byte decodes to at most 3 UTF-8 bytes, a combining pair to
     * a few more: 4 bytes per input byte plus the flush is ample. */
    size_t cap = len * 4 + 16;
    char *out = zg_malloc(ctx, cap);
    if (!out) {
        iconv_close(cd);
        return NULL;
    }
    char *in = (char *)s, *op = out;
    size_t inleft = len, outleft = cap - 1;
    while (inleft > 0) {
        size_t r = iconv(cd, &in, &inleft, &op, &outleft);
        if (r != (size_t)-1)
            break;
        if (errno == EILSEQ || errno == EINVAL) {
            /* Undecodable byte: write U+FFFD and step over it. */
            if (outleft < 3)
                break;
            memcpy(op, "\xEF\xBF\xBD", 3);
            op += 3;
            outleft -= 3;
            in++;
            inleft--;
            *lossy = true;
            iconv(cd, NULL, NULL, NULL, NULL); /* reset the shift state */
        } else
            break; /* E2BIG cannot happen with the size above */
    }
    /* The flush GDAL 3.6 forgets: emit what the decoder still holds. */
    iconv(cd, NULL, NULL, &op, &outleft);
    *op = '\0';
    iconv_close(cd);
    return out;
}

static bool safe_char(unsigned char c)
{
    return c < 0x80 && (isalnum(c) || c == '-' || c == '_');
}

void zg_safe_name(const char *in, char *out, size_t cap)
{
    if (ZG_NEVER(cap < 16)) {
        if (cap)
            out[0] = '\0';
        return;
    }
    size_t len = in ? strlen(in) : 0;
    bool lossy = len == 0 || len > cap - 1;
    for (size_t i = 0; i < len && !lossy; i++)
        lossy = !safe_char((unsigned char)in[i]);
    size_t room = lossy ? cap - 1 - 9 : cap - 1, n = 0;
    for (; n < len && n < room; n++)
        out[n] = safe_char((unsigned char)in[n]) ? in[n] : '_';
    out[n] = '\0';
    if (!lossy)
        return;
    char hex[65];
    zg_sha256_hex(in ? in : "", len, hex);
    if (n == 0)
        out[n++] = '_';
    snprintf(out + n, cap - n, "-%.8s", hex);
}

const char *zg_clip(const char *s, char *buf, size_t cap)
{
    size_t n = strlen(s);
    if (n < cap) {
        memcpy(buf, s, n + 1);
        return buf;
    }
    /* Keep room for "..." and the NUL, and back up off continuation
     * bytes so that no character is cut in half. */
    size_t keep = cap - 4;
    while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
        keep--;
    memcpy(buf, s, keep);
    memcpy(buf + keep, "...", 4);
    return buf;
}
