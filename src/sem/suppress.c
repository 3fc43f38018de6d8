/* sem/suppress.c: warning rules turned off in cdcgen.yaml and per filter, each
 * with a required reason (see include/cdcgen/sem/suppress.h).
 *
 * Entries are read from the located YAML tree, so every mistake in one
 * (an unknown code, an error code, a blank reason, a rule listed twice) is
 * a diagnostic at its place. Applying them costs a sort of the filters that
 * have entries and a binary search per warning: a finding belongs to the
 * filter whose mapping holds its position. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/sem/suppress.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/codes.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/load.h"

/* In the order cdcgen fmt writes them. */
static const char *const entry_keys[] = {"rule", "reason"};

const char *const *cdc_suppress_entry_keys(size_t *n)
{
    *n = ARRAY_SIZE(entry_keys);
    return entry_keys;
}

/* The code a rule names, or NULL after reporting why it names none that
 * can be turned off here. */
static const cdc_code_info *rule_code(const cdc_source *src, const cdc_ynode *rule, bool in_source,
                                      cdc_diags *d)
{
    const cdc_code_info *info = cdc_code_find(rule->str);
    if (!info) {
        size_t n;
        const cdc_code_info *all = cdc_codes(&n);
        const char **names = xmalloc(n * sizeof *names);
        for (size_t i = 0; i < n; i++)
            names[i] = all[i].code;
        const char *hint = cdc_suggest(rule->str, names, n);
        if (hint)
            cdc_diag_error(d, src, rule->pos, "bad-suppression",
                           "unknown rule '%s'; did you mean '%s'?", rule->str, hint);
        else
            cdc_diag_error(d, src, rule->pos, "bad-suppression",
                           "unknown rule '%s' (`cdcgen explain --list` lists the codes)",
                           rule->str);
        free(names);
        return NULL;
    }
    if (strcmp(info->severity, "warning") != 0) {
        cdc_diag_error(d, src, rule->pos, "bad-suppression",
                       "'%s' is %s %s; only warnings can be turned off", rule->str,
                       info->severity[0] == 'e' ? "an" : "a", info->severity);
        return NULL;
    }
    if (in_source && strcmp(info->code, "unused-suppression") == 0) {
        cdc_diag_error(d, src, rule->pos, "bad-suppression",
                       "'unused-suppression' cannot be turned off in a filter; remove the "
                       "entry that suppresses nothing instead");
        return NULL;
    }
    return info;
}

static bool blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

bool cdc_suppress_parse(cdc_arena *a, const cdc_source *src, const cdc_ynode *list, bool in_source,
                        cdc_diags *d, cdc_suppression **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (list->kind != CDC_Y_SEQUENCE) {
        cdc_diag_error(d, src, list->pos, "bad-suppression",
                       "'suppress' must be a list of { rule, reason }, not %s",
                       cdc_ynode_kind_name(list));
        return false;
    }
    unsigned errors = d->nerrors;
    cdc_suppression *v = cdc_arena_alloc(a, (list->n ? list->n : 1) * sizeof *v);
    const cdc_ynode **rules = cdc_arena_alloc(a, (list->n ? list->n : 1) * sizeof *rules);
    size_t k = 0;
    for (size_t i = 0; i < list->n; i++) {
        const cdc_ynode *e = list->items[i];
        if (e->kind != CDC_Y_MAPPING) {
            cdc_diag_error(d, src, e->pos, "bad-suppression",
                           "an entry of 'suppress' is a mapping { rule, reason }, not %s",
                           cdc_ynode_kind_name(e));
            continue;
        }
        cdc_ynode_check_keys(e, "a suppress entry", entry_keys, ARRAY_SIZE(entry_keys), src, d);
        const cdc_ynode *rule = cdc_ynode_get(e, "rule"), *reason = cdc_ynode_get(e, "reason");
        bool ok = true;
        if (!rule || rule->kind != CDC_Y_SCALAR || strlen(rule->str) != rule->len) {
            cdc_diag_error(d, src, rule ? rule->pos : e->pos, "bad-suppression",
                           "a suppress entry needs 'rule': the code of the warning to turn off");
            ok = false;
        } else if (!rule_code(src, rule, in_source, d)) {
            ok = false;
        }
        if (!reason || reason->kind != CDC_Y_SCALAR || cdc_yscalar_kind(reason) == CDC_YS_NULL ||
            strlen(reason->str) != reason->len || blank(reason->str)) {
            cdc_diag_error(d, src, reason ? reason->pos : e->pos, "bad-suppression",
                           "a suppress entry needs 'reason': why the rule%s%s%s does not apply",
                           ok ? " '" : "", ok ? rule->str : "", ok ? "'" : "");
            ok = false;
        }
        if (!ok)
            continue;
        size_t j = 0;
        while (j < k && strcmp(rules[j]->str, rule->str) != 0)
            j++;
        if (j < k) {
            cdc_diag_error(d, src, rule->pos, "bad-suppression",
                           "rule '%s' is turned off twice; keep one entry with both reasons",
                           rule->str);
            cdc_diag_note(d, src, rules[j]->pos, "first turned off here");
            continue;
        }
        rules[k] = rule;
        v[k++] = (cdc_suppression){.rule = rule->str,
                                   .reason = reason->str,
                                   .src = src,
                                   .pos = e->pos,
                                   .in_source = in_source};
    }
    *out = v;
    *n = k;
    return d->nerrors == errors;
}

/* ---- applying ---- */

static int filter_at_cmp(const void *pa, const void *pb)
{
    const cdc_filter *a = *(const cdc_filter *const *)pa, *b = *(const cdc_filter *const *)pb;
    uintptr_t x = (uintptr_t)a->src, y = (uintptr_t)b->src;
    if (x != y)
        return x < y ? -1 : 1;
    return (a->pos.off > b->pos.off) - (a->pos.off < b->pos.off);
}

/* The filter (among v[0..n), sorted by filter_at_cmp) whose mapping holds
 * g's position, or NULL. */
static const cdc_filter *filter_holding(const cdc_filter *const *v, size_t n, const cdc_diag *g)
{
    size_t lo = 0, hi = n; /* the first filter after g's position */
    uintptr_t at = (uintptr_t)g->src;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uintptr_t s = (uintptr_t)v[mid]->src;
        if (s < at || (s == at && v[mid]->pos.off <= g->pos.off))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const cdc_filter *f = v[lo - 1];
    return f->src == g->src && g->pos.off < f->pos.off + f->pos.len ? f : NULL;
}

static cdc_suppression *find_rule(cdc_suppression *v, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].rule, code) == 0)
            return &v[i];
    return NULL;
}

void cdc_suppress_apply(cdc_diags *d, const cdc_config *c, const cdc_program *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nfilters; i++)
        n += p->filters[i]->nsuppress > 0;
    if (n == 0 && c->nsuppress == 0)
        return;
    const cdc_filter **v = xmalloc((n ? n : 1) * sizeof *v);
    n = 0;
    for (size_t i = 0; i < p->nfilters; i++)
        if (p->filters[i]->nsuppress)
            v[n++] = p->filters[i];
    qsort(v, n, sizeof *v, filter_at_cmp);
    for (cdc_diag *g = d->head; g; g = g->next) {
        if (g->sev != CDC_WARNING || g->suppressed || !g->code)
            continue;
        const cdc_filter *f = g->src && g->pos.line ? filter_holding(v, n, g) : NULL;
        cdc_suppression *s = f ? find_rule(f->suppress, f->nsuppress, g->code) : NULL;
        if (!s)
            s = find_rule(c->suppress, c->nsuppress, g->code);
        if (s)
            cdc_diag_suppress(d, g, s);
    }
    free(v);
}
