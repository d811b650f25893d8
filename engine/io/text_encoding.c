/* SPDX-License-Identifier: MIT
 *
 * text_encoding.c: decide how the attribute text of one source becomes
 * UTF-8, and decode each value and field name that way.
 *
 * The decision, for each input:
 *  - the user named an encoding (not "auto"): that one;
 *  - not a DBF (GeoJSON, GeoPackage, ...): the driver hands over UTF-8;
 *  - a DBF (shapefile), read raw (GDAL open option ENCODING=""), because
 *    GDAL 3.6 drops the last letter of every string it decodes with
 *    TCVN5712-1 or CP1258 and knows no VNI (shared/docs/domain.md s.4):
 *      .cpg (or language id) says UTF-8 and the text is UTF-8: trusted;
 *      it names an encoding that is neither a generic code page nor one
 *      of our candidates (VISCII, GBK...): trusted, decoded by iconv;
 *      otherwise (no .cpg, a Windows/DOS/ISO-8859 code page, which VNI
 *      and TCVN3 text hide behind because their fonts put Vietnamese
 *      glyphs on those bytes, a TCVN or 1258 .cpg, a UTF-8 .cpg that the
 *      bytes contradict, a name nobody knows): a sample of the text is
 *      scored with zg_legacy_scores and the best reading wins; the
 *      declared encoding wins ties, and a declared code page is kept
 *      when no candidate reads the text as Vietnamese.
 *    The choice is logged in qa_log (one row, feature_id empty) and in
 *    run_inputs.encoding.
 * Whatever the source, every value comes out NFC, and UTF-8 that was
 * encoded twice ("HÃ  Ná»™i") is decoded once more.
 */
#include "io_int.h"

#include "legacy_text.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ctype.h>
#include <iconv.h>
#include <math.h>
#include <string.h>
#include <strings.h>

/* How much text the detection looks at: enough non-ASCII strings to
 * decide, without reading a whole land-use layer twice. */
#define SAMPLE_MAX 400
#define SCAN_MAX_FEATURES 20000

/* A candidate must read at least this share of the non-ASCII words as
 * Vietnamese syllables to overrule a declared code page. */
#define MIN_VIETNAMESE_SHARE 0.5

static bool iconv_knows(const char *enc)
{
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1)
        return false;
    iconv_close(cd);
    return true;
}

static bool is_auto(const char *enc)
{
    return !enc || zg_streq_nocase(enc, "auto");
}

zg_status zg_encoding_check(zg_ctx *ctx, const char *enc, const char *role,
                            const char *path)
{
    if (is_auto(enc) || zg_legacy_canonical(enc) || iconv_knows(enc))
        return ZG_OK;
    return zg_fail(ctx, ZG_ERR_USAGE, "unknown encoding '%s' for the %s "
                   "input: give auto, utf8, tcvn3, vni, cp1258, latin1 or "
                   "an encoding iconv knows (%s)", enc, role ? role : "",
                   path ? path : "");
}

/* True when every byte is printable ASCII (or tab, CR, LF): the same text
 * in every encoding we read. (TCVN3 gives some C0 controls letters, so
 * those are not "plain".) */
static bool plain_ascii(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
            *p > 0x7E)
            return false;
    return true;
}

char *zg_text_decode(zg_ctx *ctx, const zg_text_decoder *dec,
                     const char *bytes, zg_text_fix *fix)
{
    *fix = ZG_FIX_NONE;
    if (plain_ascii(bytes)) {
        char *c = zg_strdup(ctx, bytes);
        if (!c)
            zg_nomem(ctx, "attribute text");
        return c;
    }
    size_t len = strlen(bytes);
    bool lossy = false;
    char *s = NULL;
    switch (dec->kind) {
    case ZG_TEXT_LEGACY:
        s = zg_legacy_decode(ctx, dec->name, bytes, len, &lossy);
        break;
    case ZG_TEXT_ICONV: {
        char *raw = zg_decode_iconv(ctx, dec->name, bytes, len, &lossy);
        if (!raw) {
            zg_nomem(ctx, "decoding text");
            return NULL;
        }
        s = zg_vn_nfc(ctx, raw);
        zg_free(ctx, raw);
        break;
    }
    case ZG_TEXT_UTF8:
        if (!zg_utf8_valid(bytes, len)) {
            s = zg_legacy_decode(ctx, "utf8", bytes, len, &lossy);
            break;
        }
        if (zg_double_utf8_try(ctx, bytes, &s))
            return NULL;
        if (s) {
            *fix = ZG_FIX_UNDOUBLED;
            return s;
        }
        s = zg_vn_nfc(ctx, bytes);
        break;
    }
    if (s && lossy)
        *fix = ZG_FIX_LOSSY;
    return s;
}

static zg_status set_decoder(zg_ctx *ctx, zg_source *src, zg_text_kind kind,
                             const char *name, const char *label)
{
    src->dec.kind = kind;
    src->dec.name = name ? zg_strdup(ctx, name) : NULL;
    src->dec.label = zg_strdup(ctx, label);
    if ((name && !src->dec.name) || !src->dec.label)
        return zg_nomem(ctx, "decoder");
    return ZG_OK;
}

/* The decoder for an encoding the user named (not auto). */
static zg_status decoder_for(zg_ctx *ctx, zg_source *src, const char *enc,
                             const char *label)
{
    const char *canon = zg_legacy_canonical(enc);
    if (canon && strcmp(canon, "utf8") == 0)
        return set_decoder(ctx, src, ZG_TEXT_UTF8, NULL, label);
    if (canon)
        return set_decoder(ctx, src, ZG_TEXT_LEGACY, canon, label);
    return set_decoder(ctx, src, ZG_TEXT_ICONV, enc, label);
}

/* ---- the sample ---------------------------------------------------------- */

typedef struct sample {
    char **s;
    size_t n, cap;
} sample;

static void sample_clear(zg_ctx *ctx, sample *sm)
{
    for (size_t i = 0; i < sm->n; i++)
        zg_free(ctx, sm->s[i]);
    zg_free(ctx, sm->s);
    memset(sm, 0, sizeof *sm);
}

/* Keep a copy of `bytes` when it is not plain ASCII (plain ASCII reads
 * the same in every candidate and decides nothing). */
static zg_status sample_add(zg_ctx *ctx, sample *sm, const char *bytes)
{
    if (!bytes || plain_ascii(bytes) || sm->n >= SAMPLE_MAX)
        return ZG_OK;
    if (zg_grow(ctx, (void **)&sm->s, &sm->cap, sm->n + 1, sizeof *sm->s))
        return zg_nomem(ctx, "text sample");
    if (!(sm->s[sm->n] = zg_strdup(ctx, bytes)))
        return zg_nomem(ctx, "text sample");
    sm->n++;
    return ZG_OK;
}

/* Raw field names and the first non-ASCII text values of the layer (its
 * geometry is not read). The reading position is reset afterwards. */
static zg_status take_sample(zg_ctx *ctx, OGRLayerH lyr, sample *sm)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int nf = OGR_FD_GetFieldCount(defn);
    zg_status st = ZG_OK;
    bool any_text = false;
    for (int i = 0; i < nf && !st; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        st = sample_add(ctx, sm, OGR_Fld_GetNameRef(fd));
        any_text = any_text || OGR_Fld_GetType(fd) == OFTString;
    }
    if (st || !any_text)
        return st;
    const char *ignore[] = {"OGR_GEOMETRY", NULL};
    OGR_L_SetIgnoredFields(lyr, ignore);
    OGR_L_ResetReading(lyr);
    OGRFeatureH f;
    size_t seen = 0;
    while (!st && sm->n < SAMPLE_MAX && seen < SCAN_MAX_FEATURES &&
           (f = OGR_L_GetNextFeature(lyr)) != NULL) {
        seen++;
        for (int i = 0; i < nf && !st; i++)
            if (OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i)) == OFTString &&
                OGR_F_IsFieldSetAndNotNull(f, i))
                st = sample_add(ctx, sm, OGR_F_GetFieldAsString(f, i));
        OGR_F_Destroy(f);
    }
    OGR_L_SetIgnoredFields(lyr, NULL);
    OGR_L_ResetReading(lyr);
    /* A broken file is reported by the real read, with its context. */
    zg_libmsg_clear(ctx);
    return st;
}

/* ---- the decision --------------------------------------------------------- */

/* A generic single-byte code page: Windows (CP1252, WINDOWS-1258, CP874,
 * ANSI 1252), DOS (CP437, IBM850) or ISO-8859-n. A .cpg or DBF language
 * id naming one says which code page the writing program ran under, not
 * which font the text was typed in. */
static bool generic_code_page(const char *enc)
{
    static const char *const NUMBERED[] = {"WINDOWS-", "CP", "IBM", "ANSI ",
                                           "ANSI", ""};
    if (!strncasecmp(enc, "ISO-8859-", 9) || !strncasecmp(enc, "ISO8859", 7))
        return true;
    for (size_t k = 0; k < sizeof NUMBERED / sizeof NUMBERED[0]; k++) {
        size_t n = strlen(NUMBERED[k]);
        if (strncasecmp(enc, NUMBERED[k], n) != 0)
            continue;
        const char *p = enc + n;
        bool digits = *p != '\0';
        for (; *p && digits; p++)
            digits = isdigit((unsigned char)*p) != 0;
        if (digits)
            return true;
    }
    return false;
}

/* What the source declares, as a sentence for qa_log ("the .cpg says
 * '1252'") and as a note for run_inputs ("cpg '1252'"). */
static void describe_declared(const zg_dbf_meta *m, char *said, size_t cap,
                              char *note, size_t ncap)
{
    if (m->cpg) {
        snprintf(said, cap, "the .cpg says '%s'", m->cpg);
        snprintf(note, ncap, ".cpg '%s'", m->cpg);
    } else if (m->declared && *m->declared) {
        snprintf(said, cap, "no .cpg; the DBF language id says '%s'",
                 m->declared);
        snprintf(note, ncap, "language id '%s'", m->declared);
    } else {
        snprintf(said, cap, "no .cpg and no DBF language id");
        snprintf(note, ncap, "no .cpg");
    }
}

/* The result of scoring: the best candidate (the declared one on a tie)
 * and the runner-up (-1 when none). */
typedef struct pick {
    zg_legacy_score sc[ZG_LEGACY_NCAND];
    int best, second;
    bool declared_won; /* the declared candidate is the best */
} pick;

static zg_status score_and_pick(zg_ctx *ctx, const sample *sm,
                                const char *decl_cand, pick *p)
{
    zg_status st = zg_legacy_scores(ctx, (const char *const *)sm->s, sm->n,
                                    p->sc);
    if (st)
        return st;
    int declared = -1;
    p->best = p->second = -1;
    for (int e = 0; e < ZG_LEGACY_NCAND; e++) {
        const zg_legacy_score *c = &p->sc[e];
        if (!c->considered)
            continue;
        if (decl_cand && strcmp(decl_cand, c->encoding) == 0)
            declared = e;
        if (p->best < 0 || c->score > p->sc[p->best].score) {
            p->second = p->best;
            p->best = e;
        } else if (p->second < 0 || c->score > p->sc[p->second].score)
            p->second = e;
    }
    if (!ZG_ALWAYS(p->best >= 0)) /* cp1258 and the others always are */
        return zg_fail(ctx, ZG_ERR_INTERNAL, "no candidate encoding");
    /* Scores are ratios of the same kind of counts: equal ratios give
     * equal doubles, so == is the tie test. */
    if (declared >= 0 && declared != p->best &&
        p->sc[declared].score == p->sc[p->best].score) {
        p->second = p->best;
        p->best = declared;
    }
    p->declared_won = declared >= 0 && declared == p->best;
    return ZG_OK;
}

/* The auto decision for a DBF; see the file comment. Writes one qa_log
 * row and warns when the declaration is overruled or the guess is weak. */
static zg_status choose_for_dbf(zg_ctx *ctx, zg_layer *layer, zg_source *src,
                                const zg_dbf_meta *m)
{
    const char *decl = m->declared && *m->declared ? m->declared : NULL;
    if (!decl && m->cpg && *m->cpg)
        decl = m->cpg; /* GDAL did not recognise it; try it ourselves */
    const char *decl_cand = decl ? zg_legacy_canonical(decl) : NULL;
    bool decl_utf8 = decl_cand && strcmp(decl_cand, "utf8") == 0;
    char said[200], note[200];
    describe_declared(m, said, sizeof said, note, sizeof note);
    char problem[512], action[512], label[512];

    sample sm = {0};
    zg_status st = take_sample(ctx, src->lyr, &sm);
    bool all_utf8 = true;
    for (size_t i = 0; i < sm.n; i++)
        all_utf8 = all_utf8 && zg_utf8_valid(sm.s[i], strlen(sm.s[i]));

    if (st) {
        /* nothing more to decide */
    } else if (decl_utf8 && all_utf8) {
        snprintf(problem, sizeof problem, "text encoding: %s and the text "
                 "is valid UTF-8", said);
        snprintf(action, sizeof action, "read as utf8 (the .cpg is "
                 "trusted; doubly encoded values are repaired)");
        snprintf(label, sizeof label, "utf8 (%s)", note);
        st = set_decoder(ctx, src, ZG_TEXT_UTF8, NULL, label);
    } else if (decl && !decl_cand && !generic_code_page(decl) &&
               iconv_knows(decl)) {
        snprintf(problem, sizeof problem, "text encoding: %s", said);
        snprintf(action, sizeof action, "read as %s by iconv (trusted: not "
                 "a generic code page)", decl);
        snprintf(label, sizeof label, "%s (%s)", decl, note);
        st = set_decoder(ctx, src, ZG_TEXT_ICONV, decl, label);
    } else {
        pick p;
        st = score_and_pick(ctx, &sm, decl_cand, &p);
        const zg_legacy_score *b = st ? NULL : &p.sc[p.best];
        bool vietnamese = b && b->words > 0 &&
                          b->score >= MIN_VIETNAMESE_SHARE;
        /* A declared code page stands unless the text reads as
         * Vietnamese in one of the candidates. */
        bool keep_decl = b && decl && !decl_cand && !vietnamese &&
                         iconv_knows(decl);
        bool overruled = b && decl && !keep_decl && !p.declared_won;
        if (b) {
            snprintf(problem, sizeof problem, "text encoding: %s%s", said,
                     decl_utf8 && !all_utf8
                         ? ", but the text is not valid UTF-8"
                     : overruled && decl_cand
                         ? ", but the text reads better otherwise"
                         : "");
        }
        if (keep_decl) {
            if (b->words)
                snprintf(action, sizeof action, "read as %s by iconv, as "
                         "declared: no candidate reads the text as "
                         "Vietnamese (best %s, score %.3f: %zu of %zu "
                         "non-ASCII words are syllables)", decl,
                         b->encoding, b->score, b->valid, b->words);
            else
                snprintf(action, sizeof action, "read as %s by iconv, as "
                         "declared: the text sampled is ASCII only", decl);
            snprintf(label, sizeof label, "%s (%s)", decl, note);
            st = set_decoder(ctx, src, ZG_TEXT_ICONV, decl, label);
        } else if (b) {
            char next[120] = "";
            if (p.second >= 0)
                snprintf(next, sizeof next, "; next best %s %.3f",
                         p.sc[p.second].encoding, p.sc[p.second].score);
            snprintf(action, sizeof action, "read as %s (%s, score %.3f: "
                     "%zu of %zu non-ASCII words are Vietnamese syllables%s)",
                     b->encoding,
                     p.declared_won ? "as declared, confirmed by the text"
                                    : "auto-detected",
                     b->score, b->valid, b->words, next);
            snprintf(label, sizeof label, "%s (auto-detected, score %.3f; "
                     "%s)", b->encoding, b->score, note);
            st = decoder_for(ctx, src, b->encoding, label);
        }
        if (!st && overruled)
            zg_msg(ctx, ZG_MSG_WARNING, "%s, but the text reads as %s "
                   "(score %.3f): read as %s (%s)", said, b->encoding,
                   b->score, b->encoding, layer->path);
        else if (!st && b->words > 0 && !vietnamese && !keep_decl)
            zg_msg(ctx, ZG_MSG_WARNING, "the text encoding is a guess: the "
                   "best reading, %s, makes only %zu of %zu words "
                   "Vietnamese syllables; name it with --encoding (%s)",
                   b->encoding, b->valid, b->words, layer->path);
    }
    char *where = st ? NULL : zg_layer_label(ctx, layer);
    if (!st && !where)
        st = zg_nomem(ctx, "layer label");
    if (!st)
        st = zg_qa_add(ctx, &layer->qa, where, "", problem, action, NAN, NAN);
    zg_free(ctx, where);
    sample_clear(ctx, &sm);
    return st;
}

zg_status zg_text_choose(zg_ctx *ctx, const zg_input_opts *o,
                         zg_layer *layer, zg_source *src,
                         const zg_dbf_meta *dbf)
{
    const char *drv = layer->driver ? layer->driver : "";
    if (!is_auto(o->encoding)) {
        const char *canon = zg_legacy_canonical(o->encoding);
        if (!dbf) {
            if (!canon || strcmp(canon, "utf8") != 0)
                zg_msg(ctx, ZG_MSG_WARNING, "--encoding %s ignored for the "
                       "%s input: %s stores UTF-8 (%s)", o->encoding,
                       o->role, drv, o->path);
            return set_decoder(ctx, src, ZG_TEXT_UTF8, NULL,
                               "UTF-8 (driver)");
        }
        char label[200];
        snprintf(label, sizeof label, "%s (--encoding)",
                 canon ? canon : o->encoding);
        return decoder_for(ctx, src, o->encoding, label);
    }
    if (!dbf)
        return set_decoder(ctx, src, ZG_TEXT_UTF8, NULL, "UTF-8 (driver)");
    return choose_for_dbf(ctx, layer, src, dbf);
}

zg_status zg_source_field_names(zg_ctx *ctx, zg_source *src)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(src->lyr);
    int n = OGR_FD_GetFieldCount(defn);
    src->field_names = zg_calloc(ctx, (size_t)(n > 0 ? n : 1),
                                 sizeof *src->field_names);
    if (!src->field_names)
        return zg_nomem(ctx, "field names");
    for (int i = 0; i < n; i++) {
        zg_text_fix fix;
        char *name = zg_text_decode(ctx, &src->dec,
                                    OGR_Fld_GetNameRef(
                                        OGR_FD_GetFieldDefn(defn, i)),
                                    &fix);
        if (!name)
            return ZG_ERR_NOMEM; /* message set by the decoder */
        src->field_names[src->nfields++] = name;
        if (fix == ZG_FIX_LOSSY)
            src->names_lossy++;
        if (fix == ZG_FIX_UNDOUBLED)
            src->names_undoubled++;
    }
    return ZG_OK;
}

int zg_source_find_field(const zg_source *src, const char *name)
{
    for (int i = 0; i < src->nfields; i++)
        if (zg_streq_nocase(src->field_names[i], name))
            return i;
    return -1;
}

zg_status zg_text_log_undoubled(zg_ctx *ctx, zg_layer *layer,
                                const char *field, size_t n, size_t of)
{
    if (!n)
        return ZG_OK;
    char *where = zg_layer_label(ctx, layer);
    if (!where)
        return zg_nomem(ctx, "layer label");
    char problem[300];
    if (field)
        snprintf(problem, sizeof problem, "%zu of %zu values of field '%s' "
                 "were UTF-8 encoded twice (e.g. 'HÃ  Ná»™i' for 'Hà Nội')",
                 n, of, field);
    else
        snprintf(problem, sizeof problem, "%zu of %zu field names were "
                 "UTF-8 encoded twice", n, of);
    zg_status st = zg_qa_add(ctx, &layer->qa, where, "", problem,
                             "text repaired: decoded once more", NAN, NAN);
    zg_free(ctx, where);
    return st;
}
