/* SPDX-License-Identifier: MIT
 *
 * fuzz_rules.c: the rules CSV of the proposal check (engine/
 * analyses/check/rules.c), parsed from memory as zg_rules_load parses a file, and then
 * every rule's `when` condition and threshold exercised on a proposal.
 *
 * Checked: a failure names the file; a table that loads has rules with an
 * id, a `when` that is well formed and applies to a proposal exactly when
 * the documented grammar, read a second way here, says it does, a range
 * whose low end is not above its high end, and verdicts that
 * follow the comparison: a value equal to a plain `<=`/`>=`/`==`/between
 * threshold passes, and a rule by hazard class is skipped for a class it
 * gives no distance.
 */
#include "fuzz_common.h"
#include "analyses/check/check_int.h"

#include <math.h>
#include <strings.h>

static const char WHAT[] = "fuzz_rules.csv";

/* A proposal with the attributes the Hanoi rules look at. */
static zg_field FIELDS[] = {{"hazard_class", ZG_FIELD_TEXT},
                            {"lang_nghe", ZG_FIELD_INT},
                            {"mien_nui", ZG_FIELD_INT},
                            {"ty_le", ZG_FIELD_REAL},
                            {"ghi_chu", ZG_FIELD_TEXT}};

/* The text the proposal above has for attribute `name` (any case). */
static const char *attr(const char *name, size_t n)
{
    static const char *const TEXT[] = {"II", "1", "", "0.5",
                                       "Đông Anh; \"x=1\""};
    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++)
        if (strlen(FIELDS[i].name) == n &&
            strncasecmp(FIELDS[i].name, name, n) == 0)
            return TEXT[i];
    return "";
}

/* [s, e) without the spaces and tabs around it. */
static void strip(const char **s, const char **e)
{
    while (*s < *e && (**s == ' ' || **s == '\t'))
        (*s)++;
    while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
        (*e)--;
}

/* The documented grammar of `when`, read a second way (by indices, on
 * the text as it stands): 1 applies, 0 not, -1 malformed. */
static int ref_when(const char *w)
{
    if (!*w)
        return 1;
    bool any = false;
    for (const char *alt = w;;) {
        const char *alt_end = alt + strcspn(alt, "|");
        bool all = true;
        for (const char *c = alt;;) {
            const char *c_end = c + strcspn(c, ";|");
            if (c_end > alt_end)
                c_end = alt_end;
            const char *op = NULL;
            size_t oplen = 0;
            bool neg = false;
            for (const char *p = c; p < c_end && !op; p++)
                if (p + 1 < c_end && p[0] == '!' && p[1] == '=')
                    op = p, oplen = 2, neg = true;
            for (const char *p = c; p < c_end && !op; p++)
                if (*p == '=')
                    op = p, oplen = p + 1 < c_end && p[1] == '=' ? 2 : 1;
            if (!op)
                return -1;
            const char *ns = c, *ne = op, *vs = op + oplen, *ve = c_end;
            strip(&ns, &ne);
            strip(&vs, &ve);
            if (ns == ne)
                return -1;
            const char *have = attr(ns, (size_t)(ne - ns));
            bool same = strlen(have) == (size_t)(ve - vs) &&
                        strncmp(have, vs, (size_t)(ve - vs)) == 0;
            all = all && same != neg;
            if (c_end == alt_end)
                break;
            c = c_end + 1;
        }
        any = any || all;
        if (!*alt_end)
            break;
        alt = alt_end + 1;
    }
    return any;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zg_ctx *ctx = fuzz_ctx();
    zg_rules *rs = NULL;
    zg_status st = zg_rules_parse(ctx, (const char *)data, size, WHAT, &rs);
    fuzz_check_status(ctx, st, WHAT);
    if (st) {
        FUZZ_CHECK(rs == NULL, "output left set on failure");
        return 0;
    }
    zg_value values[5] = {{false, 0, 0, "II"},
                          {false, 1, 0, NULL},
                          {true, 0, 0, NULL},
                          {false, 0, 0.5, NULL},
                          {false, 0, 0, "Đông Anh; \"x=1\""}};
    zg_feature feat = {0};
    feat.values = values;
    zg_layer layer = {0};
    layer.fields = FIELDS;
    layer.nfields = sizeof FIELDS / sizeof FIELDS[0];

    FUZZ_CHECK(rs->n >= 1, "a rules table without rules loaded");
    for (size_t i = 0; i < rs->n; i++) {
        const zg_rule *r = &rs->r[i];
        FUZZ_CHECK(r->id && r->id[0], "rule %zu without id", i);
        int ref = ref_when(r->when);
        FUZZ_CHECK(ref >= 0, "rule %s loaded with a malformed when", r->id);
        FUZZ_CHECK(zg_rule_applies(r, &layer, &feat) == (ref == 1),
                   "rule %s: when applies %d, read by the grammar %d", r->id,
                   !ref, ref);
        char hazard[16];
        zg_hazard_class_of(&layer, &feat, "III", hazard, sizeof hazard);
        FUZZ_CHECK(strcmp(hazard, "II") == 0, "hazard class %s", hazard);
        double t = NAN;
        if (r->hazard) {
            for (int k = 0; k < 5; k++) {
                zg_verdict v = zg_rule_eval(r, 1.0, ZG_HAZARD_CLASSES[k], &t);
                FUZZ_CHECK((v == ZG_VERDICT_SKIPPED) ==
                               (isnan(r->hazard_m[k]) != 0),
                           "rule %s class %s: verdict %s", r->id,
                           ZG_HAZARD_CLASSES[k], zg_verdict_str(v));
            }
            FUZZ_CHECK(zg_rule_eval(r, 1.0, "VI", &t) == ZG_VERDICT_SKIPPED,
                       "rule %s: a class that does not exist was judged",
                       r->id);
            continue;
        }
        FUZZ_CHECK(isfinite(r->lo), "rule %s: threshold %g", r->id, r->lo);
        if (r->cmp == ZG_CMP_BETWEEN)
            FUZZ_CHECK(r->lo <= r->hi && isfinite(r->hi),
                       "rule %s: range %g..%g", r->id, r->lo, r->hi);
        zg_verdict v = zg_rule_eval(r, r->lo, "I", &t);
        bool inclusive = r->cmp == ZG_CMP_LE || r->cmp == ZG_CMP_GE ||
                         r->cmp == ZG_CMP_EQ || r->cmp == ZG_CMP_BETWEEN;
        FUZZ_CHECK(inclusive == (v == ZG_VERDICT_PASS),
                   "rule %s: the threshold itself gave %s", r->id,
                   zg_verdict_str(v));
        FUZZ_CHECK(t == r->lo, "rule %s: compared with %g, not %g", r->id,
                   t, r->lo);
        if (v != ZG_VERDICT_PASS)
            FUZZ_CHECK((v == ZG_VERDICT_FAIL) == r->fail,
                       "rule %s: severity not followed", r->id);
    }
    zg_rules_free(rs);
    return 0;
}
