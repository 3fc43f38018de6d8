/* sem/eval.c: the reference semantics (see include/cdcgen/sem/eval.h).
 *
 * Consumes a checked program and JSON events; produces a truth value per
 * filter. The rules, which every back end must agree with:
 *   - SQL three-valued logic; AND/OR/NOT are Kleene's; only TRUE routes.
 *   - A missing field, a JSON null, and a value of the wrong JSON type or
 *     that does not parse (a malformed timestamp) are all NULL.
 *   - Any comparison with NULL is UNKNOWN; isNull/isNotNull are never UNKNOWN.
 *     So notIn on a NULL field does not route.
 *   - Strings compare by code point (byte order of UTF-8), numbers as
 *     doubles (int columns as 64-bit integers, decimals exactly, digit by
 *     digit), timestamps as instants with
 *     nanosecond resolution, literals being whole milliseconds.
 *   - matches is a find (Flink's REGEXP, Java's Matcher.find) run by PCRE2
 *     under a match limit; a match abandoned at the limit is UNKNOWN.
 * Evaluation never short-circuits, so coverage hooks see every condition. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/sem/eval.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/instant.h"
#include "cdcgen/base/strmap.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/op.h"
#include "cdcgen/lang/regex.h"
#include "cdcgen/lang/schema.h"

enum {
    REGEX_MATCH_LIMIT = 1000000, /* backtracking steps per match */
    REGEX_DEPTH_LIMIT = 10000,
};

typedef struct regex_entry {
    const cdc_cond *leaf;
    pcre2_code *code;
} regex_entry;

/* Filters indexed by the value their first condition requires of one
 * string column (equals or in, under the filter's AND): an event is tested
 * only against the filters listed under its value and those not indexed. */
typedef struct posting {
    size_t *v; /* filter indexes, ascending */
    size_t n, cap;
} posting;

typedef struct route_index {
    const cdc_field *column; /* NULL: no index, every filter is tested */
    cdc_strmap by_value;     /* value -> posting */
    posting **postings;      /* every posting, to free them */
    size_t npostings, postings_cap;
    posting always; /* generated filters not indexed */
} route_index;

struct cdc_evaluator {
    const cdc_program *prog;
    route_index index;
    regex_entry *regexes; /* sorted by leaf pointer */
    size_t nregexes;
    pcre2_match_context *mctx;
    pcre2_match_data *md;
    cdc_eval_hook hook;
    void *hook_ctx;
    const cdc_filter *current;
    unsigned long limit_hits;
    const cdc_filter *first_limit_filter; /* where the first hit was */
    const cdc_cond *first_limit_leaf;
};

const char *cdc_truth_name(cdc_truth t)
{
    return t == CDC_TRUE ? "TRUE" : t == CDC_FALSE ? "FALSE" : "UNKNOWN";
}

/* ---- regexes, compiled once ---- */

static void collect_regexes(cdc_evaluator *ev, const cdc_cond *c, size_t *cap)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nkids; i++)
        collect_regexes(ev, c->kids[i], cap);
    if (c->kind != CDC_COND_LEAF || !cdc_op_get(c->op)->pattern)
        return;
    int err;
    size_t off;
    pcre2_code *code = cdc_regex_compile(c->values[0].text, c->values[0].len, &err, &off);
    if (!code)
        CDC_BUG("checked pattern does not compile: %s", c->values[0].text);
    if (ev->nregexes == *cap) {
        *cap = *cap ? 2 * *cap : 8;
        ev->regexes = xrealloc(ev->regexes, *cap * sizeof *ev->regexes);
    }
    ev->regexes[ev->nregexes++] = (regex_entry){c, code};
}

static int regex_cmp(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const regex_entry *)a)->leaf;
    uintptr_t y = (uintptr_t)((const regex_entry *)b)->leaf;
    return (x > y) - (x < y);
}

static pcre2_code *regex_of(const cdc_evaluator *ev, const cdc_cond *leaf)
{
    regex_entry key = {leaf, NULL};
    regex_entry *r = bsearch(&key, ev->regexes, ev->nregexes, sizeof key, regex_cmp);
    if (!r)
        CDC_BUG("no compiled regex for a matches condition");
    return r->code;
}

/* ---- the routing index ---- */

static void posting_add(posting *l, size_t i)
{
    if (l->n && l->v[l->n - 1] == i)
        return; /* in [a, a] */
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 4;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = i;
}

/* The leaf that f's condition needs TRUE and that an index can serve: the
 * first of a top-level AND (or of a one-condition OR), on a string column,
 * with an operator TRUE exactly for its literals (equals, in). */
static const cdc_cond *index_leaf(const cdc_filter *f)
{
    const cdc_cond *c = f->cond;
    if (!f->generated || !c || c->nkids == 0 ||
        !(c->kind == CDC_COND_ALL || (c->kind == CDC_COND_ANY && c->nkids == 1)))
        return NULL;
    const cdc_cond *k = c->kids[0];
    if (k->kind != CDC_COND_LEAF || k->field.npath != 0 || k->field.type != CDC_TYPE_STRING ||
        !cdc_op_get(k->op)->equality_key)
        return NULL;
    return k;
}

static void index_build(route_index *x, const cdc_program *p)
{
    /* The column most filters can be indexed by. */
    const cdc_schema *s = p->schema;
    size_t *count = xcalloc(s->nfields, sizeof *count), best = 0;
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_cond *k = index_leaf(p->filters[i]);
        if (k && ++count[k->field.column - s->fields] > best) {
            best = count[k->field.column - s->fields];
            x->column = k->field.column;
        }
    }
    free(count);
    cdc_strmap_init(&x->by_value);
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        if (!f->generated)
            continue;
        const cdc_cond *k = index_leaf(f);
        if (!k || k->field.column != x->column) {
            posting_add(&x->always, i);
            continue;
        }
        for (size_t j = 0; j < k->nvalues; j++) {
            const cdc_literal *l = &k->values[j];
            posting *list = cdc_strmap_get(&x->by_value, l->text, l->len);
            if (!list) {
                list = xcalloc(1, sizeof *list);
                cdc_strmap_put(&x->by_value, l->text, l->len, list);
                if (x->npostings == x->postings_cap) {
                    x->postings_cap = x->postings_cap ? 2 * x->postings_cap : 16;
                    x->postings = xrealloc(x->postings, x->postings_cap * sizeof *x->postings);
                }
                x->postings[x->npostings++] = list;
            }
            posting_add(list, i);
        }
    }
}

static void index_free(route_index *x)
{
    for (size_t i = 0; i < x->npostings; i++) {
        free(x->postings[i]->v);
        free(x->postings[i]);
    }
    free(x->postings);
    free(x->always.v);
    cdc_strmap_release(&x->by_value);
}

size_t cdc_eval_route(cdc_evaluator *ev, cdc_event *e, size_t *routed)
{
    const cdc_program *p = ev->prog;
    size_t n = 0;
    if (ev->hook || !ev->index.column) {
        /* Coverage sees every condition: no shortcut. */
        for (size_t i = 0; i < p->nfilters; i++)
            if (p->filters[i]->generated && cdc_eval_filter(ev, p->filters[i], e) == CDC_TRUE)
                routed[n++] = i;
        return n;
    }
    const posting *hit = NULL;
    json_t *v = json_object_get(e->row, ev->index.column->name);
    if (json_is_string(v))
        hit = cdc_strmap_get(&ev->index.by_value, json_string_value(v), json_string_length(v));
    /* Merge the two ascending lists, so filters stay in program order. */
    const posting *a = &ev->index.always;
    size_t i = 0, j = 0, nb = hit ? hit->n : 0;
    while (i < a->n || j < nb) {
        size_t k;
        if (j >= nb || (i < a->n && a->v[i] < hit->v[j]))
            k = a->v[i++];
        else
            k = hit->v[j++];
        if (cdc_eval_filter(ev, p->filters[k], e) == CDC_TRUE)
            routed[n++] = k;
    }
    return n;
}

cdc_evaluator *cdc_eval_new(const cdc_program *p)
{
    cdc_evaluator *ev = xcalloc(1, sizeof *ev);
    ev->prog = p;
    size_t cap = 0;
    for (size_t i = 0; i < p->nfilters; i++)
        collect_regexes(ev, p->filters[i]->cond, &cap);
    if (ev->nregexes)
        qsort(ev->regexes, ev->nregexes, sizeof *ev->regexes, regex_cmp);
    index_build(&ev->index, p);
    ev->mctx = pcre2_match_context_create(NULL);
    ev->md = pcre2_match_data_create(1, NULL);
    if (!ev->mctx || !ev->md)
        CDC_BUG("pcre2 out of memory");
    pcre2_set_match_limit(ev->mctx, REGEX_MATCH_LIMIT);
    pcre2_set_depth_limit(ev->mctx, REGEX_DEPTH_LIMIT);
    return ev;
}

void cdc_eval_free(cdc_evaluator *ev)
{
    if (!ev)
        return;
    for (size_t i = 0; i < ev->nregexes; i++)
        pcre2_code_free(ev->regexes[i].code);
    free(ev->regexes);
    index_free(&ev->index);
    pcre2_match_context_free(ev->mctx);
    pcre2_match_data_free(ev->md);
    free(ev);
}

void cdc_eval_set_hook(cdc_evaluator *ev, cdc_eval_hook hook, void *ctx)
{
    ev->hook = hook;
    ev->hook_ctx = ctx;
}

unsigned long cdc_eval_regex_limit_hits(const cdc_evaluator *ev)
{
    return ev->limit_hits;
}

const cdc_cond *cdc_eval_regex_limit_first(const cdc_evaluator *ev, const cdc_filter **filter)
{
    if (filter)
        *filter = ev->first_limit_filter;
    return ev->first_limit_leaf;
}

void cdc_eval_warn_regex_limit(const cdc_evaluator *ev, cdc_diags *d)
{
    if (!ev->limit_hits)
        return;
    const cdc_filter *f;
    const cdc_cond *leaf = cdc_eval_regex_limit_first(ev, &f);
    cdc_diag_warning(d, NULL, (cdc_pos){0, 0, 0, 0}, "regex-limit",
                     "%lu regex matches hit the match limit and counted as UNKNOWN",
                     ev->limit_hits);
    if (f) /* where: the pattern that hit it first */
        cdc_diag_note(d, f->src, leaf->values[0].pos, "the first in filter '%s'",
                      f->id.s ? f->id.s : "?");
}

/* ---- events ---- */

/* Debezium change event -> row with the metadata ExtractNewRecordState adds. */
static json_t *row_from_envelope(json_t *env)
{
    const char *op = json_string_value(json_object_get(env, "op"));
    json_t *after = json_object_get(env, "after"), *before = json_object_get(env, "before");
    json_t *image = json_is_object(after) ? after : before;
    json_t *row = json_is_object(image) ? json_deep_copy(image) : json_object();
    json_t *source = json_object_get(env, "source");
    json_t *ts = json_object_get(env, "ts_ms");
    if (!ts)
        ts = json_object_get(source, "ts_ms");
    json_object_set_new(row, "__op", json_string(op));
    json_object_set(row, "__table", json_object_get(source, "table"));
    if (ts)
        json_object_set(row, "__ts_ms", ts);
    json_object_set_new(row, "__deleted", json_string(strcmp(op, "d") == 0 ? "true" : "false"));
    return row;
}

bool cdc_event_init(cdc_event *e, const cdc_program *p, json_t *in, const char **err)
{
    memset(e, 0, sizeof *e);
    if (!json_is_object(in)) {
        *err = "an event must be a JSON object";
        return false;
    }
    json_t *payload = json_object_get(in, "payload");
    if (json_is_object(payload) && json_object_get(in, "schema"))
        in = payload;
    json_t *op = json_object_get(in, "op");
    if (json_is_string(op) && (json_object_get(in, "after") || json_object_get(in, "before"))) {
        if (!json_is_object(json_object_get(in, "after")) &&
            !json_is_object(json_object_get(in, "before"))) {
            *err = "a Debezium change event needs an 'after' or 'before' object";
            return false;
        }
        e->row = row_from_envelope(in);
    } else {
        e->row = json_incref(in);
    }
    e->ncols = p->schema->nfields;
    e->json_cols = xcalloc(e->ncols, sizeof *e->json_cols);
    e->json_done = xcalloc(e->ncols, sizeof *e->json_done);
    return true;
}

void cdc_event_release(cdc_event *e)
{
    for (size_t i = 0; i < e->ncols; i++)
        json_decref(e->json_cols[i]);
    free(e->json_cols);
    free(e->json_done);
    json_decref(e->row);
    memset(e, 0, sizeof *e);
}

json_t *cdc_event_json_parse(const char *text, size_t len, size_t flags, json_error_t *err,
                             bool *widened)
{
    json_error_t local;
    if (!err)
        err = &local;
    if (widened)
        *widened = false;
    json_t *j = json_loadb(text, len, flags | JSON_ALLOW_NUL, err);
    if (j || json_error_code(err) != json_error_numeric_overflow)
        return j;
    /* Java's JSON readers take such numbers; so does this one, as doubles. */
    j = json_loadb(text, len, flags | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, err);
    if (j && widened)
        *widened = true;
    return j;
}

/* ---- field values ---- */

typedef struct value {
    bool null;
    const char *s; /* string */
    size_t len;
    double f;                 /* float */
    cdc_decimal d;            /* decimal: a view of the event's text, or of num */
    char num[CDC_DOUBLE_BUF]; /* a JSON number's text, for decimals */
    int64_t i;                /* int; epoch-ms timestamps */
    bool b;
    int64_t sec; /* timestamps as instants */
    int32_t ns;
} value;

/* The JSON column as a parsed document (a string holding JSON, or, leniently,
 * an object or array given inline). NULL when absent or malformed. */
static json_t *json_column(const cdc_program *p, cdc_event *e, const cdc_field *col)
{
    size_t k = (size_t)(col - p->schema->fields);
    if (!e->json_done[k]) {
        e->json_done[k] = true;
        json_t *raw = json_object_get(e->row, col->name);
        if (json_is_string(raw))
            e->json_cols[k] = cdc_event_json_parse(json_string_value(raw), json_string_length(raw),
                                                   JSON_DECODE_ANY, NULL, NULL);
        else if (json_is_object(raw) || json_is_array(raw))
            e->json_cols[k] = json_incref(raw);
    }
    return e->json_cols[k];
}

static json_t *raw_value(const cdc_program *p, cdc_event *e, const cdc_fieldref *f)
{
    if (f->npath == 0)
        return json_object_get(e->row, f->column->name);
    json_t *v = json_column(p, e, f->column);
    for (size_t i = 0; v && i < f->npath; i++) {
        const cdc_path_step *step = &f->path[i];
        if (step->kind == CDC_STEP_INDEX)
            v = json_is_array(v) ? json_array_get(v, step->index) : NULL;
        else
            v = json_is_object(v) ? json_object_get(v, step->key) : NULL;
    }
    return v;
}

/* Fills *out (not returned by value: a decimal's view may point into it). */
static void field_value(const cdc_program *p, cdc_event *e, const cdc_fieldref *f, value *v)
{
    *v = (value){.null = true};
    json_t *j = raw_value(p, e, f);
    if (!j || json_is_null(j))
        return;
    switch (f->type) {
    case CDC_TYPE_STRING:
        if (json_is_string(j)) {
            v->s = json_string_value(j);
            v->len = json_string_length(j);
            v->null = false;
        }
        break;
    case CDC_TYPE_INT:
        if (json_is_integer(j)) {
            v->i = json_integer_value(j);
            v->null = false;
        }
        break;
    case CDC_TYPE_FLOAT:
        if (json_is_number(j)) {
            v->f = json_number_value(j);
            v->null = false;
        }
        break;
    case CDC_TYPE_DECIMAL:
        /* Debezium's text (decimal.handling.mode=string), or a JSON number:
         * an integer exactly, a fraction as the double it was read as (its
         * shortest text). */
        if (json_is_string(j)) {
            v->null = !cdc_decimal_parse(json_string_value(j), json_string_length(j),
                                         CDC_DECIMAL_TEXT, &v->d);
        } else if (json_is_number(j)) {
            if (json_is_integer(j))
                snprintf(v->num, sizeof v->num, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
            else
                cdc_double_shortest(json_real_value(j), 'g', 1, v->num);
            v->null = !cdc_decimal_parse(v->num, strlen(v->num), CDC_DECIMAL_NUMBER, &v->d);
        }
        if (!v->null) { /* beyond the field's DECIMAL(p, s): NULL, as on Flink */
            unsigned prec, scale;
            cdc_field_decimal_bounds(cdc_fieldref_entry(f), &prec, &scale);
            v->null = !cdc_decimal_fits(&v->d, prec, scale);
        }
        break;
    case CDC_TYPE_BOOLEAN:
        if (json_is_boolean(j)) {
            v->b = json_is_true(j);
            v->null = false;
        }
        break;
    case CDC_TYPE_TIMESTAMP:
        if (f->epoch_ms && json_is_integer(j)) {
            int64_t ms = json_integer_value(j);
            v->sec = ms / 1000;
            v->ns = (int32_t)(ms % 1000) * 1000000;
            if (v->ns < 0)
                v->sec -= 1, v->ns += 1000000000;
            v->null = false;
        } else if (!f->epoch_ms && json_is_string(j)) {
            v->null =
                !cdc_parse_instant(json_string_value(j), json_string_length(j), &v->sec, &v->ns);
        }
        break;
    case CDC_TYPE_JSON:
        /* The whole JSON column: only isNull/isNotNull reach here. */
        v->null = false;
        break;
    default: break;
    }
}

/* ---- comparisons ---- */

static int cmp_bytes(const char *a, size_t na, const char *b, size_t nb)
{
    int c = memcmp(a, b, na < nb ? na : nb);
    return c ? c : (na > nb) - (na < nb);
}

/* Sign of (value - literal); both non-NULL and of the leaf's type. */
static int compare(const cdc_fieldref *f, const value *v, const cdc_literal *l)
{
    switch (f->type) {
    case CDC_TYPE_STRING: return cmp_bytes(v->s, v->len, l->text, l->len);
    case CDC_TYPE_INT: return (v->i > l->as.i) - (v->i < l->as.i);
    case CDC_TYPE_FLOAT: return (v->f > l->as.f) - (v->f < l->as.f);
    case CDC_TYPE_DECIMAL: return cdc_decimal_cmp(&v->d, &l->as.d);
    case CDC_TYPE_BOOLEAN: return (int)v->b - (int)l->as.b;
    case CDC_TYPE_TIMESTAMP: {
        int64_t ls = l->as.ms / 1000;
        int32_t lns = (int32_t)(l->as.ms % 1000) * 1000000;
        if (lns < 0)
            ls -= 1, lns += 1000000000;
        if (v->sec != ls)
            return v->sec > ls ? 1 : -1;
        return (v->ns > lns) - (v->ns < lns);
    }
    default: CDC_BUG("compare on type %s", cdc_type_name(f->type));
    }
}

static cdc_truth of_bool(bool b)
{
    return b ? CDC_TRUE : CDC_FALSE;
}

static cdc_truth regex_find(cdc_evaluator *ev, const cdc_cond *c, const value *v)
{
    int rc = pcre2_match(regex_of(ev, c), (PCRE2_SPTR)v->s, v->len, 0, 0, ev->md, ev->mctx);
    if (rc >= 0)
        return CDC_TRUE;
    if (rc == PCRE2_ERROR_NOMATCH)
        return CDC_FALSE;
    if (ev->limit_hits++ == 0) {
        ev->first_limit_filter = ev->current;
        ev->first_limit_leaf = c;
    }
    return CDC_UNKNOWN;
}

/* Whether v equals one of the leaf's literals. Literal lists hold no NULL,
 * so IN is never UNKNOWN for a value. */
static bool in_list(const cdc_cond *c, const value *v)
{
    for (size_t i = 0; i < c->nvalues; i++)
        if (compare(&c->field, v, &c->values[i]) == 0)
            return true;
    return false;
}

static cdc_truth eval_leaf(cdc_evaluator *ev, const cdc_cond *c, cdc_event *e)
{
    value v;
    field_value(ev->prog, e, &c->field, &v);
    if (v.null && cdc_op_get(c->op)->strict)
        return CDC_UNKNOWN;
    const cdc_fieldref *f = &c->field;
    /* Every operator and no default: -Wswitch names an operator added to
     * the table (op.c) but not here. Operators that are not strict (isNull,
     * isNotNull) see NULL values. */
    switch (c->op) {
    case CDC_OP_EQUALS: return of_bool(compare(f, &v, &c->values[0]) == 0);
    case CDC_OP_IN: return of_bool(in_list(c, &v));
    case CDC_OP_NOT_IN: return of_bool(!in_list(c, &v));
    case CDC_OP_GT: return of_bool(compare(f, &v, &c->values[0]) > 0);
    case CDC_OP_LT: return of_bool(compare(f, &v, &c->values[0]) < 0);
    case CDC_OP_GE: return of_bool(compare(f, &v, &c->values[0]) >= 0);
    case CDC_OP_LE: return of_bool(compare(f, &v, &c->values[0]) <= 0);
    case CDC_OP_BETWEEN:
        return of_bool(compare(f, &v, &c->values[0]) >= 0 && compare(f, &v, &c->values[1]) <= 0);
    case CDC_OP_MATCHES: return regex_find(ev, c, &v);
    case CDC_OP_IS_NULL: return of_bool(v.null);
    case CDC_OP_IS_NOT_NULL: return of_bool(!v.null);
    case CDC_OP__COUNT: break;
    }
    CDC_BUG("operator %d", (int)c->op);
}

/* What cdc_eval_decider needs of one evaluation: every condition's value, in
 * preorder, with the size of its subtree, so the path down to the deciding
 * leaf is found without evaluating anything twice. */
typedef struct trace_node {
    cdc_truth v;
    size_t size; /* nodes in the subtree, itself included */
} trace_node;

typedef struct recorder {
    trace_node *v;
    size_t n, cap;
} recorder;

static cdc_truth eval_cond(cdc_evaluator *ev, const cdc_cond *c, cdc_event *e, recorder *rec)
{
    size_t at = 0;
    if (rec) {
        if (rec->n == rec->cap) {
            rec->cap = rec->cap ? 2 * rec->cap : 16;
            rec->v = xrealloc(rec->v, rec->cap * sizeof *rec->v);
        }
        at = rec->n++;
    }
    cdc_truth r;
    switch (c->kind) {
    case CDC_COND_LEAF: r = eval_leaf(ev, c, e); break;
    case CDC_COND_NOT: {
        cdc_truth k = eval_cond(ev, c->kids[0], e, rec);
        r = k == CDC_UNKNOWN ? CDC_UNKNOWN : of_bool(k == CDC_FALSE);
        break;
    }
    case CDC_COND_ALL:
    case CDC_COND_ANY: {
        /* Kleene: AND is FALSE if any FALSE, else UNKNOWN if any UNKNOWN;
         * OR is the dual. */
        cdc_truth dominant = c->kind == CDC_COND_ALL ? CDC_FALSE : CDC_TRUE;
        bool any_dominant = false, any_unknown = false;
        for (size_t i = 0; i < c->nkids; i++) {
            cdc_truth k = eval_cond(ev, c->kids[i], e, rec);
            any_dominant |= k == dominant;
            any_unknown |= k == CDC_UNKNOWN;
        }
        r = any_dominant  ? dominant
            : any_unknown ? CDC_UNKNOWN
                          : (dominant == CDC_FALSE ? CDC_TRUE : CDC_FALSE);
        break;
    }
    default: CDC_BUG("condition kind %d", (int)c->kind);
    }
    if (rec)
        rec->v[at] = (trace_node){r, rec->n - at};
    if (ev->hook)
        ev->hook(ev->hook_ctx, ev->current, c, r);
    return r;
}

cdc_truth cdc_eval_filter(cdc_evaluator *ev, const cdc_filter *f, cdc_event *e)
{
    if (!f->cond)
        return CDC_UNKNOWN;
    ev->current = f;
    cdc_truth r = eval_cond(ev, f->cond, e, NULL);
    ev->current = NULL;
    return r;
}

const cdc_cond *cdc_eval_decider(cdc_evaluator *ev, const cdc_cond *c, cdc_event *e)
{
    /* Explaining is not evaluating: no coverage, no second count of regex
     * matches given up at the limit. */
    cdc_eval_hook hook = ev->hook;
    unsigned long hits = ev->limit_hits;
    ev->hook = NULL;
    recorder rec = {0};
    eval_cond(ev, c, e, &rec);
    ev->hook = hook;
    ev->limit_hits = hits;
    size_t at = 0; /* c's entry */
    while (c->kind != CDC_COND_LEAF) {
        /* NOT: its child. A group: the first child with the group's value. */
        cdc_truth want = rec.v[at].v;
        size_t k = at + 1, pick = k;
        const cdc_cond *next = c->kids[0];
        for (size_t i = 0; c->kind != CDC_COND_NOT && i < c->nkids; i++) {
            if (rec.v[k].v == want) {
                next = c->kids[i];
                pick = k;
                break;
            }
            k += rec.v[k].size;
        }
        c = next;
        at = pick;
    }
    free(rec.v);
    return c;
}

void cdc_eval_field_text(cdc_evaluator *ev, const cdc_cond *leaf, cdc_event *e, cdc_buf *out)
{
    json_t *j = raw_value(ev->prog, e, &leaf->field);
    if (!j) {
        cdc_buf_puts(out, "missing");
        return;
    }
    char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
    cdc_buf_puts(out, s ? s : "?");
    free(s);
}

void cdc_cond_describe(const cdc_cond *c, cdc_buf *out)
{
    if (c->kind != CDC_COND_LEAF) {
        if (c->kind == CDC_COND_NOT)
            cdc_buf_puts(out, "not");
        else
            cdc_buf_printf(out, "%s (%zu condition%s)", c->kind == CDC_COND_ALL ? "all" : "any",
                           c->nkids, c->nkids == 1 ? "" : "s");
        return;
    }
    cdc_buf_printf(out, "%s %s", c->field.text, cdc_op_name(c->op));
    /* min and max read "between 1 and 9"; a list "in 1, 2" */
    const char *sep = cdc_op_get(c->op)->operands == CDC_OPERANDS_RANGE ? " and " : ", ";
    for (size_t i = 0; i < c->nvalues; i++) {
        cdc_buf_puts(out, i == 0 ? " " : sep);
        if (c->values[i].type == CDC_TYPE_STRING)
            cdc_buf_putc(out, '"');
        cdc_literal_canonical(&c->values[i], out);
        if (c->values[i].type == CDC_TYPE_STRING)
            cdc_buf_putc(out, '"');
    }
}
