/* sem/lint.c: every lint, one row each in the table below its functions,
 * and the runners of the phases (see include/cdcgen/sem/lint.h).
 *
 * Consumes the subjects the stages hand to the runners: checked fields,
 * literals, conditions and filters (check.c), the checked program (the
 * route lints and the suppressions, `cdcgen check`), test expectations
 * (testfile.c). Produces warnings, each under its row's code, so that one
 * table says which lints exist, when they run and what runs them. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/sem/lint.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/strmap.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/op.h"
#include "cdcgen/lang/check.h"
#include "cdcgen/lang/schema.h"
#include "cdcgen/sem/eval.h"
#include "cdcgen/sem/routediff.h"
#include "cdcgen/sem/testfile.h"

static void warn(const cdc_lint_out *o, const cdc_source *src, cdc_pos pos, const char *fmt, ...)
    CDC_PRINTF(4, 5);

/* A warning under the code of the row o runs. */
static void warn(const cdc_lint_out *o, const cdc_source *src, cdc_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cdc_diag_vadd(o->diags, CDC_WARNING, src, pos, o->lint->code, fmt, ap);
    va_end(ap);
}

static const char *id_of(const cdc_filter *f)
{
    return f->id.s ? f->id.s : "?";
}

/* ---- fields ---- */

/* A key of a JSON column or key with declared keys, at any depth, that is
 * none of them but close to one is most likely misspelt; a key far from all
 * is taken as meant (declared keys are not all the keys a document holds). */
static void lint_unknown_json_key(const cdc_lint_out *o, const cdc_source *src,
                                  const cdc_fieldref *f)
{
    size_t k;
    const cdc_field *in = cdc_field_walk(f->column, f->path, f->npath, &k);
    if (k == f->npath || f->path[k].kind != CDC_STEP_KEY || !in->nmembers)
        return;
    const char *key = f->path[k].key;
    const char **names = xmalloc(in->nmembers * sizeof *names);
    for (size_t i = 0; i < in->nmembers; i++)
        names[i] = in->members[i].name;
    const char *hint = cdc_suggest(key, names, in->nmembers);
    free(names);
    if (!hint || strcmp(hint, key) == 0)
        return;
    size_t end, from = cdc_field_step_span(f, k, &end);
    warn(o, src, cdc_field_subpos(src, f, from, end),
         "'%s' is not a declared key of '%.*s'; did you mean '%s'?", key, (int)from - 1, f->text,
         hint);
}

/* ---- literals ---- */

/* Whether s is a decimal integer: [+-]digits. */
static bool integer_text(const char *s)
{
    s += *s == '+' || *s == '-';
    return *s && s[strspn(s, "0123456789")] == '\0';
}

/* Whether the double v is exactly the integer written in s (any size). */
static bool exact_double(const char *s, double v)
{
    if (fabs(v) < 9007199254740992.0) /* below 2^53 every integer is a double */
        return true;
    /* %.0f prints a double's exact integer value */
    char printed[400];
    snprintf(printed, sizeof printed, "%.0f", v);
    const char *digits = s + (*s == '+' || *s == '-');
    while (digits[0] == '0' && digits[1])
        digits++;
    const char *p = printed + (printed[0] == '-');
    return (printed[0] == '-') == (s[0] == '-') && strcmp(p, digits) == 0;
}

/* Integers past 2^53 may have no exact double, and some targets compare
 * numbers as doubles: say so, never round silently. */
static void lint_number_precision(const cdc_lint_out *o, const cdc_source *src,
                                  const cdc_cond *leaf, const cdc_literal *l)
{
    (void)leaf;
    if (l->type == CDC_TYPE_FLOAT && integer_text(l->text) && !exact_double(l->text, l->as.f))
        warn(o, src, l->pos, "%s has no exact double; it compares as %.0f", l->text, l->as.f);
}

/* A value outside the list a field's schema gives of the values seen so far
 * (not a closed enum, which check rejects): a new value, or a typo. */
static void lint_unlisted_value(const cdc_lint_out *o, const cdc_source *src, const cdc_cond *leaf,
                                const cdc_literal *l)
{
    const cdc_fieldref *f = &leaf->field;
    const cdc_field *field = cdc_fieldref_entry(f);
    const char *listed, *hint;
    if (field && !field->enums && field->known && l->type == CDC_TYPE_STRING &&
        cdc_value_unlisted(o->diags->arena, field->known, l->text, &listed, &hint))
        warn(o, src, l->pos, "'%s' is not among the values the schema lists for '%s' (%s)%s",
             l->text, f->text, listed, hint);
}

/* ---- conditions ---- */

/* Equal values together, each run in list order (values is one array). */
static int literal_ptr_cmp(const void *pa, const void *pb)
{
    const cdc_literal *a = *(const cdc_literal *const *)pa, *b = *(const cdc_literal *const *)pb;
    int c = cdc_literal_cmp(a, b);
    return c ? c : (a > b) - (a < b);
}

/* Warns at every value of an in/notIn list that an earlier one equals, in
 * n log n: a list may hold thousands of ids. */
static void lint_duplicate_value(const cdc_lint_out *o, const cdc_source *src, const cdc_cond *leaf)
{
    if (cdc_op_get(leaf->op)->operands != CDC_OPERANDS_LIST || leaf->nvalues < 2)
        return;
    const cdc_literal **v = xmalloc(leaf->nvalues * sizeof *v);
    for (size_t i = 0; i < leaf->nvalues; i++)
        v[i] = &leaf->values[i];
    qsort(v, leaf->nvalues, sizeof *v, literal_ptr_cmp);
    for (size_t i = 1; i < leaf->nvalues; i++)
        if (cdc_literal_cmp(v[i], v[i - 1]) == 0)
            warn(o, src, v[i]->pos, "'%s' is listed twice", v[i]->text);
    free(v);
}

/* ---- filters ---- */

static void lint_deprecated_filter(const cdc_lint_out *o, const cdc_filter *f)
{
    if (f->generated && f->status == CDC_STATUS_DEPRECATED)
        warn(o, f->src, f->status_pos, "filter '%s' is deprecated; it is still generated",
             id_of(f));
}

/* Fan-in may be meant, but the consumer cannot tell the rules apart and an
 * event both route is written twice. */
static void lint_shared_topic(const cdc_lint_out *o, const cdc_filter *f, const cdc_filter *earlier)
{
    warn(o, f->src, f->output_topic.pos, "filters '%s' and '%s' both write to '%s'", id_of(earlier),
         id_of(f), f->output_topic.s);
}

/* ---- the program ---- */

/* What a value of a path the schema does not declare is compared as: the
 * kind of JSON value the comparison reads (a timestamp is text). */
static const char *json_kind(cdc_type t)
{
    switch (t) {
    case CDC_TYPE_INT:
    case CDC_TYPE_FLOAT: return "a number";
    case CDC_TYPE_BOOLEAN: return "a boolean";
    default: return "a string";
    }
}

/* A leaf comparing a path the schema does not declare with a value. */
typedef struct path_use {
    const cdc_filter *f;
    const cdc_cond *leaf;
} path_use;

typedef struct path_uses {
    cdc_strmap first; /* the path, as column and steps -> its first path_use */
    cdc_arena *arena;
    const cdc_lint_out *o;
} path_uses;

static void compare_uses(path_uses *u, const cdc_filter *f, const cdc_cond *c)
{
    if (c->kind != CDC_COND_LEAF) {
        for (size_t i = 0; i < c->nkids; i++)
            compare_uses(u, f, c->kids[i]);
        return;
    }
    const cdc_fieldref *ref = &c->field;
    if (!ref->column || !ref->npath || ref->member || ref->type == CDC_TYPE_UNKNOWN || !c->nvalues)
        return;
    cdc_buf key = CDC_BUF_INIT;
    cdc_buf_init(&key);
    cdc_buf_puts(&key, ref->column->name);
    for (size_t i = 0; i < ref->npath; i++)
        if (ref->path[i].kind == CDC_STEP_KEY)
            cdc_buf_printf(&key, ".%s", ref->path[i].key);
        else
            cdc_buf_printf(&key, "[%u]", (unsigned)ref->path[i].index);
    path_use *use = cdc_arena_alloc(u->arena, sizeof *use);
    *use = (path_use){f, c};
    const char *k = cdc_arena_strdup(u->arena, key.data);
    const path_use *first = cdc_strmap_put(&u->first, k, key.len, use);
    cdc_buf_release(&key);
    const char *was = json_kind(first->leaf->field.type), *is = json_kind(ref->type);
    if (first == use || strcmp(was, is) == 0)
        return;
    const char *where =
        first->f == f ? "this filter" : cdc_arena_printf(u->arena, "filter '%s'", id_of(first->f));
    warn(u->o, f->src, c->values[0].pos,
         "'%s' is compared with %s here and with %s in %s: a JSON value is one or the other, so "
         "on every event one of the two comparisons is UNKNOWN; declare the key's type in the "
         "schema file",
         ref->text, is, was, where);
    cdc_diag_note(u->o->diags, first->f->src, first->leaf->values[0].pos, "compared with %s here",
                  was);
}

/* A path no schema entry types is typed by each comparison's value; two
 * comparisons of one path that read different kinds of JSON value cannot
 * both be TRUE on any event (the issue a declared key turns into an error). */
static void lint_mixed_path_type(const cdc_lint_out *o, const cdc_program *p)
{
    path_uses u = {.arena = o->diags->arena, .o = o};
    cdc_strmap_init(&u.first);
    for (size_t i = 0; i < p->nfilters; i++)
        if (p->filters[i]->cond)
            compare_uses(&u, p->filters[i], p->filters[i]->cond);
    cdc_strmap_release(&u.first);
}

/* ---- routes: what the filters route, decided once ---- */

typedef enum overlap_kind {
    OVERLAP_DUPLICATE, /* f routes exactly what other routes; f is the later */
    OVERLAP_SHADOWED,  /* other routes every event f routes, and more */
} overlap_kind;

typedef struct overlap {
    overlap_kind kind;
    const cdc_filter *f, *other;
} overlap;

struct cdc_route_findings {
    const cdc_program *prog;
    cdc_route_extent *extent; /* per filter; CDC_EXTENT_UNDECIDED when not linted */
    const cdc_cond ***core;   /* per filter routing nothing: the conditions that
                               * contradict each other (cdc_route_never_core) */
    size_t *ncore;
    overlap *overlaps; /* in the order the pairs were compared; a filter once */
    size_t noverlaps;
};

/* A filter the overlap lints compare: generated, routing some event. */
typedef struct lint_entry {
    const cdc_filter *f;
    size_t order;  /* input order */
    bool reported; /* already shadowed or duplicated: said once */
} lint_entry;

static int lint_entry_cmp(const void *pa, const void *pb)
{
    const lint_entry *a = pa, *b = pb;
    int c = strcmp(a->f->output_topic.s, b->f->output_topic.s);
    return c ? c : (a->order > b->order) - (a->order < b->order);
}

/* A top-level condition of f (an AND) that is TRUE only for a value of a
 * text column among the leaf's literals: equals or in on a column. */
static bool is_key_leaf(const cdc_cond *c)
{
    return c->kind == CDC_COND_LEAF && cdc_op_get(c->op)->equality_key && c->field.npath == 0 &&
           c->field.type == CDC_TYPE_STRING;
}

static bool literals_meet(const cdc_cond *x, const cdc_cond *y)
{
    for (size_t i = 0; i < x->nvalues; i++)
        for (size_t k = 0; k < y->nvalues; k++)
            if (cdc_literal_same(&x->values[i], &y->values[k]))
                return true;
    return false;
}

/* True when no event is routed by both a and b, shown cheaply: both AND a
 * condition requiring one text column to be among disjoint sets of values
 * (event_type equals A / equals B). Two filters that each route some event
 * and share none are neither equal nor one inside the other, so the pair
 * needs no enumeration; this keeps many filters on one topic cheap. */
static bool disjoint_keys(const cdc_filter *a, const cdc_filter *b)
{
    if (a->cond->kind != CDC_COND_ALL || b->cond->kind != CDC_COND_ALL)
        return false;
    for (size_t i = 0; i < a->cond->nkids; i++) {
        const cdc_cond *x = a->cond->kids[i];
        if (!is_key_leaf(x))
            continue;
        for (size_t k = 0; k < b->cond->nkids; k++) {
            const cdc_cond *y = b->cond->kids[k];
            if (is_key_leaf(y) && cdc_fieldref_same(&x->field, &y->field) && !literals_meet(x, y))
                return true;
        }
    }
    return false;
}

static void add_overlap(cdc_route_findings *r, overlap_kind kind, lint_entry *f,
                        const lint_entry *other)
{
    f->reported = true;
    r->overlaps[r->noverlaps++] = (overlap){kind, f->f, other->f};
}

/* Compares two filters writing one topic (earlier before later in input
 * order): finds the later a duplicate when both route the same events, or
 * the one that routes a part of what the other routes shadowed. Decided by
 * the route diff, exactly, or not at all. A filter is found once. */
static void compare_pair(cdc_route_findings *r, cdc_arena *a, cdc_evaluator *ev,
                         lint_entry *earlier, lint_entry *later)
{
    if (disjoint_keys(earlier->f, later->f))
        return;
    const cdc_program *p = r->prog;
    cdc_route_diff rd;
    cdc_route_diff_limited(a, ev, p, earlier->f, ev, p, later->f, CDC_LINT_LIMIT, &rd);
    cdc_route_diff_release(&rd);
    if (rd.change == CDC_ROUTE_UNCHANGED) {
        if (!later->reported)
            add_overlap(r, OVERLAP_DUPLICATE, later, earlier);
        return;
    }
    lint_entry *narrow = NULL, *wide = NULL;
    if (rd.change == CDC_ROUTE_NARROWED)
        narrow = later, wide = earlier; /* the later routes a part of the earlier's */
    else if (rd.change == CDC_ROUTE_WIDENED)
        narrow = earlier, wide = later;
    if (narrow && !narrow->reported)
        add_overlap(r, OVERLAP_SHADOWED, narrow, wide);
}

/* Compares the filters of each output topic pairwise (CDC_LINT_PAIRS per
 * topic at most), in input order. Only filters sharing a topic are ever
 * compared, so the cost grows with the filters, not with their pairs. */
static void compare_topics(cdc_route_findings *r, cdc_arena *a, cdc_evaluator *ev, lint_entry *v,
                           size_t n)
{
    qsort(v, n, sizeof *v, lint_entry_cmp);
    for (size_t lo = 0, hi; lo < n; lo = hi) {
        for (hi = lo + 1; hi < n && strcmp(v[hi].f->output_topic.s, v[lo].f->output_topic.s) == 0;)
            hi++;
        unsigned long pairs = 0;
        for (size_t j = lo + 1; j < hi && pairs < CDC_LINT_PAIRS; j++)
            for (size_t i = lo; i < j && pairs < CDC_LINT_PAIRS; i++, pairs++)
                compare_pair(r, a, ev, &v[i], &v[j]);
    }
}

/* The extent of every generated filter and the overlaps on each topic. */
static void find_routes(cdc_route_findings *r, const cdc_program *p, cdc_arena *a)
{
    size_t n = p->nfilters ? p->nfilters : 1;
    *r = (cdc_route_findings){.prog = p,
                              .extent = xmalloc(n * sizeof *r->extent),
                              .core = xcalloc(n, sizeof *r->core),
                              .ncore = xcalloc(n, sizeof *r->ncore),
                              .overlaps = xmalloc(n * sizeof *r->overlaps)};
    cdc_evaluator *ev = NULL;
    lint_entry *compared = xmalloc(n * sizeof *compared);
    size_t ncompared = 0;
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        r->extent[i] = CDC_EXTENT_UNDECIDED;
        if (!f->generated || !f->cond)
            continue;
        if (!ev)
            ev = cdc_eval_new(p);
        r->extent[i] = cdc_route_extent_of(a, ev, p, f, CDC_LINT_LIMIT);
        if (r->extent[i] == CDC_EXTENT_NEVER) {
            size_t room = f->cond->kind == CDC_COND_ALL ? f->cond->nkids : 1;
            r->core[i] = cdc_arena_alloc(a, room * sizeof *r->core[i]);
            r->ncore[i] = cdc_route_never_core(a, ev, p, f, CDC_LINT_LIMIT, r->core[i]);
        }
        if (r->extent[i] != CDC_EXTENT_NEVER && f->id.s && f->output_topic.s)
            compared[ncompared++] = (lint_entry){f, i, false};
    }
    if (ev) {
        compare_topics(r, a, ev, compared, ncompared);
        cdc_eval_free(ev);
    }
    free(compared);
}

static void release_routes(cdc_route_findings *r)
{
    free(r->extent);
    free(r->core);
    free(r->ncore);
    free(r->overlaps);
}

/* ---- routes: the lints ---- */

static void lint_never_matches(const cdc_lint_out *o, const cdc_route_findings *r)
{
    for (size_t i = 0; i < r->prog->nfilters; i++) {
        const cdc_filter *f = r->prog->filters[i];
        if (r->extent[i] != CDC_EXTENT_NEVER)
            continue;
        /* Underlined: the conditions that contradict each other. */
        const cdc_cond *const *core = r->core[i];
        if (r->ncore[i] < 2) {
            warn(o, f->src, core[0]->pos,
                 "filter '%s' routes no event: no values of its fields make its conditions TRUE",
                 f->id.s);
            continue;
        }
        if (r->ncore[i] == 2)
            warn(o, f->src, core[0]->pos,
                 "filter '%s' routes no event: no values of its fields make this condition and "
                 "the one noted below TRUE together",
                 f->id.s);
        else
            warn(o, f->src, core[0]->pos,
                 "filter '%s' routes no event: no values of its fields make this condition and "
                 "the %zu noted below TRUE together",
                 f->id.s, r->ncore[i] - 1);
        for (size_t k = 1; k < r->ncore[i]; k++)
            cdc_diag_note(o->diags, f->src, core[k]->pos, "contradicts it");
    }
}

static void lint_always_matches(const cdc_lint_out *o, const cdc_route_findings *r)
{
    for (size_t i = 0; i < r->prog->nfilters; i++) {
        const cdc_filter *f = r->prog->filters[i];
        if (r->extent[i] == CDC_EXTENT_ALWAYS)
            warn(o, f->src, f->cond->pos,
                 "filter '%s' routes every event: its conditions are TRUE for any values of its "
                 "fields, NULL included where the schema allows it",
                 f->id.s);
    }
}

static void lint_duplicate_route(const cdc_lint_out *o, const cdc_route_findings *r)
{
    for (size_t i = 0; i < r->noverlaps; i++) {
        const cdc_filter *f = r->overlaps[i].f, *g = r->overlaps[i].other;
        if (r->overlaps[i].kind != OVERLAP_DUPLICATE)
            continue;
        warn(o, f->src, f->id.pos,
             "filter '%s' routes exactly the events filter '%s' routes, to the same topic '%s': "
             "each is written to it twice",
             f->id.s, g->id.s, f->output_topic.s);
        cdc_diag_note(o->diags, g->src, g->id.pos, "filter '%s' is defined here", g->id.s);
    }
}

static void lint_shadowed_route(const cdc_lint_out *o, const cdc_route_findings *r)
{
    for (size_t i = 0; i < r->noverlaps; i++) {
        const cdc_filter *f = r->overlaps[i].f, *g = r->overlaps[i].other;
        if (r->overlaps[i].kind != OVERLAP_SHADOWED)
            continue;
        warn(o, f->src, f->id.pos,
             "filter '%s' adds nothing to topic '%s': filter '%s' routes every event it routes "
             "there, and more, so each is written twice",
             f->id.s, f->output_topic.s, g->id.s);
        cdc_diag_note(o->diags, g->src, g->id.pos, "filter '%s' is defined here", g->id.s);
    }
}

/* ---- suppressions ---- */

/* An entry of a generated filter's suppress that turned nothing off is
 * stale and could hide a later finding. cdcgen.yaml's entries are not
 * reported: they apply to every command, and one command cannot tell that
 * another never needs them. */
static void lint_unused_suppression(const cdc_lint_out *o, const cdc_program *p)
{
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        if (!f->generated) /* not linted, so nothing to turn off */
            continue;
        for (size_t k = 0; k < f->nsuppress; k++)
            if (!f->suppress[k].used)
                warn(o, f->src, f->suppress[k].pos,
                     "filter '%s' turns off '%s', which reports nothing about it; remove the entry",
                     id_of(f), f->suppress[k].rule);
    }
}

/* ---- test files ---- */

static void lint_duplicate_filter(const cdc_lint_out *o, const cdc_lint_expect *e)
{
    if (e->before == e->list)
        warn(o, e->src, e->item->pos, "filter '%s' is listed twice in '%s'", e->item->str, e->key);
}

/* A filter that is not generated routes nothing: a test can only expect it
 * to route nothing. */
static void lint_filter_not_generated(const cdc_lint_out *o, const cdc_lint_expect *e)
{
    const cdc_filter *f = e->filter;
    if (e->before == WANT_NONE && !f->generated)
        warn(o, e->src, e->item->pos, "filter '%s' is not generated (%s%s), so it routes nothing",
             e->item->str, f->enabled ? "status: " : "enabled: false",
             f->enabled ? cdc_status_name(f->status) : "");
}

/* ---- the table ---- */

/* One row per lint. Within a phase the rows run in this order, which is
 * the order of their warnings at one position of a file. */
static const cdc_lint lints[] = {
    {"unknown-json-key", CDC_LINT_FIELD, {.field = lint_unknown_json_key}},
    {"number-precision", CDC_LINT_LITERAL, {.literal = lint_number_precision}},
    {"unlisted-value", CDC_LINT_LITERAL, {.literal = lint_unlisted_value}},
    {"duplicate-value", CDC_LINT_CONDITION, {.condition = lint_duplicate_value}},
    {"deprecated-filter", CDC_LINT_FILTER, {.filter = lint_deprecated_filter}},
    {"shared-topic", CDC_LINT_TOPIC, {.topic = lint_shared_topic}},
    {"mixed-path-type", CDC_LINT_PROGRAM, {.program = lint_mixed_path_type}},
    {"never-matches", CDC_LINT_ROUTES, {.routes = lint_never_matches}},
    {"always-matches", CDC_LINT_ROUTES, {.routes = lint_always_matches}},
    {"duplicate-route", CDC_LINT_ROUTES, {.routes = lint_duplicate_route}},
    {"shadowed-route", CDC_LINT_ROUTES, {.routes = lint_shadowed_route}},
    {"unused-suppression", CDC_LINT_SUPPRESS, {.suppress = lint_unused_suppression}},
    {"duplicate-filter", CDC_LINT_EXPECT, {.expect = lint_duplicate_filter}},
    {"filter-not-generated", CDC_LINT_EXPECT, {.expect = lint_filter_not_generated}},
};

/* Warnings about events, runs and directories rather than about filters or
 * tests, raised where that happens. */
static const cdc_lint_elsewhere elsewhere[] = {
    {"big-integer", "src/cmd/eval.c", "an event line's integer beyond 64 bits"},
    {"regex-limit", "src/sem/eval.c", "a regex match that hit the match limit while routing"},
    {"skipped-dir", "src/cmd/driver.c", "a directory the walk of an input path does not enter"},
    {"skipped-file", "src/cmd/fmt.c", "a JSON file fmt leaves as it is"},
    {"interrupted-output", "src/back/outset.c", "an interrupted generate's output set finished"},
    {"no-tests", "src/sem/testfile.c",
     "a test file without tests (no test file at all is an error, in src/cmd/test.c)"},
    {"schema-drift", "src/sem/drift.c",
     "the schema file against the live table, where nothing depends on the difference"},
    {"db-role", "src/cmd/doctor.c", "the connector's role named by a reference not set here"},
    {"audit-duplicate", "src/cmd/audit.c",
     "a routed record found more than once in its topic (an error with --no-duplicates)"},
};

const cdc_lint *cdc_lints(size_t *n)
{
    *n = ARRAY_SIZE(lints);
    return lints;
}

const cdc_lint_elsewhere *cdc_lints_elsewhere(size_t *n)
{
    *n = ARRAY_SIZE(elsewhere);
    return elsewhere;
}

/* ---- the runners: the rows of one phase, in table order ---- */

/* Steps o to the next row of phase after o->lint (the first when NULL);
 * false past the last. */
static bool next_row(cdc_lint_out *o, cdc_lint_phase phase)
{
    const cdc_lint *end = lints + ARRAY_SIZE(lints);
    for (o->lint = o->lint ? o->lint + 1 : lints; o->lint < end; o->lint++)
        if (o->lint->phase == phase)
            return true;
    return false;
}

void cdc_lint_field(cdc_diags *d, const cdc_source *src, const cdc_fieldref *f)
{
    for (cdc_lint_out o = {NULL, d}; next_row(&o, CDC_LINT_FIELD);)
        o.lint->run.field(&o, src, f);
}

void cdc_lint_literal(cdc_diags *d, const cdc_source *src, const cdc_cond *leaf,
                      const cdc_literal *l)
{
    for (cdc_lint_out o = {NULL, d}; next_row(&o, CDC_LINT_LITERAL);)
        o.lint->run.literal(&o, src, leaf, l);
}

void cdc_lint_condition(cdc_diags *d, const cdc_source *src, const cdc_cond *leaf)
{
    for (cdc_lint_out o = {NULL, d}; next_row(&o, CDC_LINT_CONDITION);)
        o.lint->run.condition(&o, src, leaf);
}

void cdc_lint_filter(cdc_diags *d, const cdc_filter *f)
{
    for (cdc_lint_out o = {NULL, d}; next_row(&o, CDC_LINT_FILTER);)
        o.lint->run.filter(&o, f);
}

void cdc_lint_topic(cdc_diags *d, const cdc_filter *f, const cdc_filter *earlier)
{
    for (cdc_lint_out o = {NULL, d}; next_row(&o, CDC_LINT_TOPIC);)
        o.lint->run.topic(&o, f, earlier);
}

void cdc_lint_program(cdc_diags *d, const cdc_program *p)
{
    for (cdc_lint_out o = {NULL, d}; next_row(&o, CDC_LINT_PROGRAM);)
        o.lint->run.program(&o, p);
}

void cdc_lint_routes(const cdc_program *p, cdc_arena *a, cdc_diags *d)
{
    cdc_route_findings r;
    find_routes(&r, p, a);
    for (cdc_lint_out o = {NULL, d}; next_row(&o, CDC_LINT_ROUTES);)
        o.lint->run.routes(&o, &r);
    release_routes(&r);
}

void cdc_lint_suppressions(cdc_diags *d, const cdc_program *p)
{
    for (cdc_lint_out o = {NULL, d}; next_row(&o, CDC_LINT_SUPPRESS);)
        o.lint->run.suppress(&o, p);
}

void cdc_lint_expectation(cdc_diags *d, const cdc_lint_expect *e)
{
    for (cdc_lint_out o = {NULL, d}; next_row(&o, CDC_LINT_EXPECT);)
        o.lint->run.expect(&o, e);
}
