/* SPDX-License-Identifier: MIT
 *
 * fuzz_common.h: what every libFuzzer target of zoneguard shares: one
 * context for the whole run (quiet), GDAL's drivers registered once, and
 * the checks that turn a wrong answer into a crash libFuzzer reports.
 *
 * Why one context for the run and not one per input: creating a context
 * makes a PROJ context, which opens proj.db on first use; per input that
 * costs more than the parsing under test. Nothing of one input survives
 * in it but the last error message, which each check reads right after
 * the call that set it.
 *
 * The targets see zoneguard's internal headers (the library is static, so
 * its hidden symbols link): that is how they reach parsers the public API
 * only offers from a file path.
 */
#ifndef ZG_FUZZ_COMMON_H
#define ZG_FUZZ_COMMON_H

#include "core/zg_int.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The run's context, created on first use; never freed (it stays
 * reachable from here, so LeakSanitizer does not count it). Aborts when
 * it cannot be created: no input can be tested without it. */
static inline zg_ctx *fuzz_ctx(void)
{
    static zg_ctx *ctx;
    if (!ctx && zg_ctx_new(NULL, &ctx) != ZG_OK) {
        fprintf(stderr, "fuzz: cannot create a zoneguard context\n");
        abort();
    }
    return ctx;
}

/* A property the code under test promised does not hold: say which and
 * abort, which libFuzzer reports as a crash and saves the input. */
#define FUZZ_CHECK(cond, ...)                                                  \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "fuzz check failed at %s:%d: %s: ", __FILE__,      \
                    __LINE__, #cond);                                          \
            fprintf(stderr, __VA_ARGS__);                                      \
            fputc('\n', stderr);                                               \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* Every status a zoneguard call may return is one of the documented
 * codes; a failure leaves a message that names `what` (the file). */
static inline void fuzz_check_status(zg_ctx *ctx, zg_status st,
                                     const char *what)
{
    FUZZ_CHECK(st >= ZG_OK && st <= ZG_ERR_CANCELLED, "status %d", (int)st);
    if (st == ZG_OK || st == ZG_ERR_NOMEM)
        return;
    const char *msg = zg_ctx_errmsg(ctx);
    FUZZ_CHECK(msg[0] != '\0', "status %d without a message", (int)st);
    FUZZ_CHECK(strstr(msg, what) != NULL, "message does not name %s: %s",
               what, msg);
}

/* New NUL-terminated copy of the input (malloc; the caller frees), for
 * functions that take C strings. NULL only when out of memory. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        if (size)
            memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

#endif /* ZG_FUZZ_COMMON_H */
