/* SPDX-License-Identifier: MIT
 *
 * core.h: the core module (engine/core/): the context's insides, allocation
 * through its hooks, the error funnel, progress, strings, numbers, our own
 * CSV files, hashing and the quality-assurance log. Everything above it
 * may use it; it uses nothing of the engine but the public header.
 */
#ifndef ZG_CORE_H
#define ZG_CORE_H

#include "zoneguard.h"

#include <geodesic.h>
#include <geos_c.h>
#include <proj.h>
#include <stdarg.h>
#include <stdbool.h>

#if defined(__GNUC__)
#define ZG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ZG_PRINTF(f, a)
#endif

/* SQLite's ALWAYS/NEVER: document an invariant, assert it in debug builds,
 * and keep the defensive branch in release builds. */
#ifndef NDEBUG
#include <assert.h>
#define ZG_ALWAYS(x) (assert(x), 1)
#define ZG_NEVER(x) (assert(!(x)), 0)
#else
#define ZG_ALWAYS(x) (x)
#define ZG_NEVER(x) (x)
#endif

#include <stdlib.h>

/* qsort that accepts an empty (possibly NULL) array, which qsort itself
 * does not (UBSan says so). */
static inline void zg_sort(void *base, size_t n, size_t size,
                           int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

#define ZG_ERRMSG_MAX 2048
#define ZG_LIBMSG_MAX 1024

struct zg_ctx {
    zg_allocator alloc; /* always set: the C library's when none given */
    GEOSContextHandle_t geos;
    PJ_CONTEXT *pj;
    struct geod_geodesic wgs84; /* the WGS 84 ellipsoid, VN-2000's too */
    char errmsg[ZG_ERRMSG_MAX];
    /* The last message each library sent, kept so that the error we
     * report can say what the library said. Cleared by zg_libmsg_clear. */
    char geos_msg[ZG_LIBMSG_MAX];
    char proj_msg[ZG_LIBMSG_MAX];
    char gdal_msg[ZG_LIBMSG_MAX];
    int gdal_depth; /* nesting of zg_gdal_begin/end */
    zg_msg_fn msg_fn;
    void *msg_ud;
    zg_progress_fn progress_fn;
    void *progress_ud;
    /* Transformations already asked of PROJ's database (20 ms each): a
     * run asks for the same ones several times. Owned; see crs.c. */
    struct zg_xform_memo {
        PJ *src, *dst, *op;
    } xform_memo[8];
    int nxform_memo;
    /* The run's shared reads, when a run planned them (overlay/pass.c):
     * the streaming overlay answers from them. Borrowed. */
    struct zg_pass *pass;
};

/* ---- allocation (through the context's hooks) ------------------------- */

void *zg_malloc(zg_ctx *ctx, size_t n);
void *zg_calloc(zg_ctx *ctx, size_t count, size_t size);
void *zg_realloc(zg_ctx *ctx, void *p, size_t n);
void zg_free(zg_ctx *ctx, void *p);
/* New copy of s (NULL gives NULL); caller frees with zg_free. */
char *zg_strdup(zg_ctx *ctx, const char *s);
/* Replace the option string *slot (owned) with a copy of value (NULL
 * clears it). ZG_ERR_NOMEM leaves *slot as it was. */
zg_status zg_opt_string(zg_ctx *ctx, char **slot, const char *value);
/* New string from a printf format; NULL when out of memory. */
char *zg_asprintf(zg_ctx *ctx, const char *fmt, ...) ZG_PRINTF(2, 3);

/* Grow an array to hold at least `need` items of `size` bytes.
 * Returns ZG_OK or ZG_ERR_NOMEM (the array is then unchanged). */
zg_status zg_grow(zg_ctx *ctx, void **arr, size_t *cap, size_t need,
                  size_t size);

/* ---- the error funnel -------------------------------------------------- */

/* Record a failure on the context and return its status, so that call sites
 * read `return zg_fail(ctx, ZG_ERR_INPUT, "...");`. */
zg_status zg_fail(zg_ctx *ctx, zg_status st, const char *fmt, ...)
    ZG_PRINTF(3, 4);
/* The out-of-memory failure, with the place it happened. */
zg_status zg_nomem(zg_ctx *ctx, const char *where);
/* Send an informational message or warning to the message handler. */
void zg_msg(zg_ctx *ctx, zg_msg_level level, const char *fmt, ...)
    ZG_PRINTF(3, 4);

/* Route GDAL's CPLError messages into the context for the duration of a
 * GDAL call sequence. Pairs nest. */
void zg_gdal_begin(zg_ctx *ctx);
void zg_gdal_end(zg_ctx *ctx);
/* The last message of each library ("" if none), and a reset. */
const char *zg_gdal_lastmsg(const zg_ctx *ctx);
const char *zg_geos_lastmsg(const zg_ctx *ctx);
const char *zg_proj_lastmsg(const zg_ctx *ctx);
void zg_libmsg_clear(zg_ctx *ctx);

/* ---- progress ---------------------------------------------------------- */

/* Report progress within [lo, hi] of the whole call; frac is 0..1 of the
 * stage. Returns ZG_OK, or ZG_ERR_CANCELLED (with the message set) when the
 * callback asked to stop. */
zg_status zg_progress(zg_ctx *ctx, double lo, double hi, double frac,
                      const char *stage);

/* ---- strings ----------------------------------------------------------- */

bool zg_streq_nocase(const char *a, const char *b);
/* True when s (len bytes) is well-formed UTF-8 (no overlongs, no
 * surrogates). */
bool zg_utf8_valid(const char *s, size_t len);
/* New copy of s in which every ill-formed byte is replaced by U+FFFD. */
char *zg_utf8_sanitize(zg_ctx *ctx, const char *s, size_t len);
/* New UTF-8 string decoded from `len` bytes in `encoding` with iconv
 * (flushing the decoder's state, which GDAL 3.6 forgets to do). Sets
 * *lossy when some bytes could not be decoded and were replaced. */
char *zg_decode_iconv(zg_ctx *ctx, const char *encoding, const char *s,
                      size_t len, bool *lossy);

/* A number as a register writes it: digits with Vietnamese (1.234,5) or
 * English (1,234.5) separators, or a decimal comma (12,5). Anything else
 * (a sign, an exponent, hexadecimal, "1,234" which means 1234 or 1.234,
 * a value out of range) is no number: returns why (a static string) and
 * sets *out to NaN. Returns NULL when *out holds the number. */
const char *zg_parse_decimal(const char *s, double *out);

/* ---- CSV (zoneguard's own data files) --------------------------------- */

typedef struct zg_csv_row {
    char **fields; /* NUL-terminated, owned */
    size_t nfields;
    size_t line; /* 1-based line where the record starts */
} zg_csv_row;

typedef struct zg_csv {
    zg_csv_row *rows; /* blank lines skipped; rows[0] is the header */
    size_t nrows;
} zg_csv;

/* Parse RFC 4180 text; `what` names the file in messages. */
zg_status zg_csv_parse(zg_ctx *ctx, const char *text, size_t len,
                       const char *what, zg_csv **out);
void zg_csv_free(zg_ctx *ctx, zg_csv *csv);
/* Read a whole file into a new NUL-terminated buffer. */
zg_status zg_read_file(zg_ctx *ctx, const char *path, char **text,
                       size_t *len);

/* A value from a file, cut to fit in an error message: the first bytes of
 * `s` that fit in `cap` (cut at a UTF-8 character boundary) with "..."
 * when cut. Without it a long value (a quoted CSV field may span the
 * whole file) pushes the line and file name off the end of the message.
 * `cap` is at least 4. Returns buf. ZG_CLIP_BUF is the size the parsers
 * use. */
#define ZG_CLIP_BUF 80
const char *zg_clip(const char *s, char *buf, size_t cap);

/* A file-name-safe copy of a user label: ASCII letters, digits, '-' and
 * '_' kept, anything else (path separators, dots, quotes, non-ASCII)
 * becomes '_'. When that changed the label, or it is empty or longer than
 * cap - 1, the name is cut to leave room for '-' and 8 hex digits of the
 * label's SHA-256, so that different labels give different names.
 * cap must be at least 16. */
void zg_safe_name(const char *in, char *out, size_t cap);

/* ---- hashing ----------------------------------------------------------- */

/* SHA-256 of a file read through GDAL's VSI layer (so /vsizip/ works), as
 * 64 lower-case hex digits plus NUL in out. */
zg_status zg_sha256_file(zg_ctx *ctx, const char *path, char out[65]);
/* SHA-256 of `len` bytes, as 64 lower-case hex digits plus NUL. */
void zg_sha256_hex(const void *data, size_t len, char out[65]);

/* ---- quality-assurance log --------------------------------------------- */

typedef struct zg_qa_row {
    char *layer;      /* input role and layer, e.g. "clusters:hanoi" */
    char *feature_id; /* "" for layer-level notes */
    char *problem;
    char *action;
    double area_before_m2; /* NaN when not applicable */
    double area_after_m2;
    unsigned long long order; /* sort key when rows come from threads */
} zg_qa_row;

typedef struct zg_qa_log {
    zg_qa_row *rows;
    size_t n, cap;
} zg_qa_log;

zg_status zg_qa_add(zg_ctx *ctx, zg_qa_log *log, const char *layer,
                    const char *feature_id, const char *problem,
                    const char *action, double area_before_m2,
                    double area_after_m2);
void zg_qa_clear(zg_ctx *ctx, zg_qa_log *log);

/* ---- independent items on threads (workers.c) ------------------------ */

/* One thread of a zg_workers: its own context (GEOS, PROJ, errors), its
 * index, and what the caller keeps per thread (state: set and freed by
 * the caller, e.g. PJ clones made in ctx->pj). */
typedef struct zg_worker {
    zg_ctx *ctx;
    size_t t;
    void *state;
} zg_worker;
typedef struct zg_workers zg_workers;

/* At most `threads` threads (at least 1, at most nitems) for nitems
 * items; free with zg_workers_free (after the caller's states). */
zg_status zg_workers_new(zg_ctx *ctx, int threads, size_t nitems,
                         zg_workers **out);
size_t zg_workers_count(const zg_workers *ws);
zg_worker *zg_workers_get(zg_workers *ws, size_t t);
void zg_workers_free(zg_workers *ws);
/* job(w, i, ud) for every item i < nitems, on the threads, in no set
 * order; a thread stops at its first failure. Returns the failure of the
 * least item that failed (its message copied into ctx), or ZG_OK. */
zg_status zg_workers_for(zg_ctx *ctx, zg_workers *ws, size_t nitems,
                         zg_status (*job)(zg_worker *w, size_t item,
                                          void *ud),
                         void *ud);

/* Messages of a context used on another thread, held (install
 * zg_held_msg_fn with the zg_held_msgs as ud) and said later, in order,
 * on the caller's context: stderr stays the same whatever the threads. */
typedef struct zg_held_msgs {
    zg_ctx *owner; /* whose allocator holds them */
    struct zg_held_msg {
        zg_msg_level level;
        char *text;
    } *m;
    size_t n, cap;
    bool nomem;
} zg_held_msgs;
void zg_held_msg_fn(zg_msg_level level, const char *msg, void *ud);
/* Say the held messages on ctx and free them; ZG_ERR_NOMEM when some
 * could not be held. */
zg_status zg_held_msgs_say(zg_ctx *ctx, zg_held_msgs *hm);

#endif /* ZG_CORE_H */
