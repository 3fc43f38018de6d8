/* sem/routediff.c: the semantic change of one filter between two versions,
 * decided by evaluating one event per combination of value regions (see
 * include/cdcgen/sem/routediff.h for why that is exact). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/sem/routediff.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/decimal.h"
#include "cdcgen/base/instant.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/op.h"
#include "cdcgen/lang/regex_automaton.h"
#include "cdcgen/lang/schema.h"
#include "cdcgen/sem/eval.h"

const char *cdc_route_change_name(cdc_route_change c)
{
    switch (c) {
    case CDC_ROUTE_UNCHANGED: return "unchanged";
    case CDC_ROUTE_NARROWED: return "narrowed";
    case CDC_ROUTE_WIDENED: return "widened";
    case CDC_ROUTE_BOTH: return "narrowed and widened";
    case CDC_ROUTE_UNDECIDED: return "cannot decide";
    }
    return "?";
}

/* ---- same tree ---- */

static bool same_field(const cdc_fieldref *a, const cdc_fieldref *b)
{
    if (strcmp(a->column->name, b->column->name) != 0 || a->npath != b->npath ||
        a->type != b->type || a->epoch_ms != b->epoch_ms)
        return false;
    for (size_t i = 0; i < a->npath; i++) {
        const cdc_path_step *x = &a->path[i], *y = &b->path[i];
        if (x->kind != y->kind ||
            (x->kind == CDC_STEP_KEY ? strcmp(x->key, y->key) != 0 : x->index != y->index))
            return false;
    }
    return true;
}

static bool same_literal(const cdc_literal *a, const cdc_literal *b)
{
    if (a->type != b->type)
        return false;
    cdc_buf x = CDC_BUF_INIT, y = CDC_BUF_INIT;
    cdc_buf_init(&x);
    cdc_buf_init(&y);
    cdc_literal_canonical(a, &x);
    cdc_literal_canonical(b, &y);
    bool same = x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
    cdc_buf_release(&x);
    cdc_buf_release(&y);
    return same;
}

bool cdc_fieldref_same(const cdc_fieldref *a, const cdc_fieldref *b)
{
    return same_field(a, b);
}

bool cdc_literal_same(const cdc_literal *a, const cdc_literal *b)
{
    return same_literal(a, b);
}

bool cdc_cond_same(const cdc_cond *a, const cdc_cond *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind != CDC_COND_LEAF) {
        if (a->nkids != b->nkids)
            return false;
        for (size_t i = 0; i < a->nkids; i++)
            if (!cdc_cond_same(a->kids[i], b->kids[i]))
                return false;
        return true;
    }
    if (a->op != b->op || a->nvalues != b->nvalues || !same_field(&a->field, &b->field))
        return false;
    for (size_t i = 0; i < a->nvalues; i++)
        if (!same_literal(&a->values[i], &b->values[i]))
            return false;
    return true;
}

/* ---- dimensions: one per field the conditions read ---- */

typedef struct dim {
    const cdc_fieldref *ref;  /* the first leaf's field: column and path */
    size_t col;               /* column index in the schema */
    bool string_ordered;      /* a string compared by order: successors needed */
    unsigned types;           /* 1 << type of every leaf reading it */
    bool ts_ms, ts_text;      /* timestamps read as epoch ms / as text */
    const char *const *enums; /* the field's known values (__op): its only regions */
    json_t **reps;            /* one value per region; NULL (the field absent) last */
    size_t nreps, cap;
    const cdc_literal **pats; /* the distinct patterns it is matched with (decided ones) */
    size_t npats;
    const cdc_literal **bounds; /* string_ordered with pats: its string literals */
    size_t nbounds;
    double *points; /* literals of a float-only field, or ms of a text-timestamp-only one */
    size_t npoints, cappoints;
    cdc_decimal *dpoints; /* literals of a decimal-only field (views of their text) */
    size_t ndpoints, capdpoints;
    const cdc_fieldref *dref; /* that field, for its DECIMAL(p, s) */
} dim;

typedef struct dims {
    dim *v;
    size_t n, cap;
    const cdc_program *prog;
    const cdc_cond *pattern; /* a leaf comparing with a pattern (matches), for the reason */
    bool decide_patterns;    /* patterns split regions by automata (pats) instead */
} dims;

static dim *dim_of(dims *D, const cdc_fieldref *f)
{
    for (size_t i = 0; i < D->n; i++)
        if (strcmp(D->v[i].ref->column->name, f->column->name) == 0 &&
            D->v[i].ref->npath == f->npath) {
            bool same = true;
            for (size_t k = 0; k < f->npath && same; k++) {
                const cdc_path_step *x = &D->v[i].ref->path[k], *y = &f->path[k];
                same = x->kind == y->kind && (x->kind == CDC_STEP_KEY ? strcmp(x->key, y->key) == 0
                                                                      : x->index == y->index);
            }
            if (same)
                return &D->v[i];
        }
    if (D->n == D->cap) {
        D->cap = D->cap ? 2 * D->cap : 8;
        D->v = xrealloc(D->v, D->cap * sizeof *D->v);
    }
    dim *d = &D->v[D->n++];
    memset(d, 0, sizeof *d);
    d->ref = f;
    d->enums = f->member ? f->member->enums : f->npath ? NULL : f->column->enums;
    d->col = (size_t)(cdc_schema_find(D->prog->schema, f->column->name) - D->prog->schema->fields);
    return d;
}

/* Adds v (a new reference, or NULL for "absent"); reps_dedupe drops the
 * repeats once every value is in, so many literals cost n log n, not n^2. */
static void rep_add(dim *d, json_t *v)
{
    if (d->nreps == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 8;
        d->reps = xrealloc(d->reps, d->cap * sizeof *d->reps);
    }
    d->reps[d->nreps++] = v;
}

typedef struct rep_slot {
    json_t *v;
    size_t at; /* position in reps: the first of equal values stays */
} rep_slot;

static int rep_rank(const json_t *v)
{
    return !v                   ? 0
           : json_is_true(v)    ? 1
           : json_is_false(v)   ? 2
           : json_is_integer(v) ? 3
           : json_is_real(v)    ? 4
                                : 5;
}

/* A total order in which values json_equal calls equal are neighbours. */
static int rep_slot_cmp(const void *pa, const void *pb)
{
    const rep_slot *a = pa, *b = pb;
    int ra = rep_rank(a->v), rb = rep_rank(b->v), c = 0;
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ra == 3) {
        json_int_t x = json_integer_value(a->v), y = json_integer_value(b->v);
        c = (x > y) - (x < y);
    } else if (ra == 4) {
        double x = json_real_value(a->v), y = json_real_value(b->v);
        c = (x > y) - (x < y);
    } else if (ra == 5) {
        size_t la = json_string_length(a->v), lb = json_string_length(b->v);
        c = memcmp(json_string_value(a->v), json_string_value(b->v), la < lb ? la : lb);
        if (!c)
            c = (la > lb) - (la < lb);
    }
    return c ? c : (a->at > b->at) - (a->at < b->at);
}

/* Drops every value equal to an earlier one, keeping the order of the rest. */
static void reps_dedupe(dim *d)
{
    if (d->nreps < 2)
        return;
    rep_slot *slots = xmalloc(d->nreps * sizeof *slots);
    for (size_t i = 0; i < d->nreps; i++)
        slots[i] = (rep_slot){d->reps[i], i};
    qsort(slots, d->nreps, sizeof *slots, rep_slot_cmp);
    bool *dup = xcalloc(d->nreps, sizeof *dup);
    for (size_t i = 1; i < d->nreps; i++) {
        const json_t *x = slots[i - 1].v, *y = slots[i].v;
        if ((!x && !y) || (x && y && json_equal(x, y)))
            dup[slots[i].at] = true;
    }
    size_t n = 0;
    for (size_t i = 0; i < d->nreps; i++) {
        if (dup[i])
            json_decref(d->reps[i]);
        else
            d->reps[n++] = d->reps[i];
    }
    d->nreps = n;
    free(dup);
    free(slots);
}

static void rep_int(dim *d, int64_t c, int delta)
{
    if ((delta < 0 && c == INT64_MIN) || (delta > 0 && c == INT64_MAX))
        return;
    rep_add(d, json_integer(c + delta));
}

/* The decimal v, or (delta -1, 1) the nearest value of the field's
 * DECIMAL(p, s) below or above it, as text. Values finer than s are NULL
 * (malformed), so that neighbour is the next value the field can hold: one
 * lies strictly between v and any greater literal unless none does, and
 * stands for the open interval beside v. */
static void rep_decimal(dim *d, const cdc_fieldref *f, const cdc_decimal *v, int delta)
{
    unsigned prec, scale;
    cdc_field_decimal_bounds(cdc_fieldref_entry(f), &prec, &scale);
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    if (delta)
        cdc_decimal_neighbour(v, delta, scale, &b);
    else
        cdc_decimal_format(v, &b);
    rep_add(d, json_string(b.data));
    cdc_buf_release(&b);
}

/* A text instant ms + extra nanoseconds (0..999999), ISO-8601 UTC. */
/* Text instants have years 0000 to 9999 in their own offset, which reaches
 * a day less one minute beyond them in UTC: instants there are written with
 * the offset +23:59 or -23:59. */
#define INSTANT_YEAR0_MS (-62167219200000LL)     /* 0000-01-01T00:00:00Z */
#define INSTANT_YEAR10000_MS (253402300800000LL) /* 10000-01-01T00:00:00Z */
#define INSTANT_MAX_OFFSET_MS (86340000LL)       /* 23:59 */
#define INSTANT_MIN_MS (INSTANT_YEAR0_MS - INSTANT_MAX_OFFSET_MS)
#define INSTANT_MAX_MS (INSTANT_YEAR10000_MS - 1 + INSTANT_MAX_OFFSET_MS)

static json_t *instant_text(int64_t ms, const char *extra_digits)
{
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    const char *zone = "Z";
    if (ms < INSTANT_YEAR0_MS) {
        ms += INSTANT_MAX_OFFSET_MS;
        zone = "+23:59";
    } else if (ms >= INSTANT_YEAR10000_MS) {
        ms -= INSTANT_MAX_OFFSET_MS;
        zone = "-23:59";
    }
    cdc_format_instant_ms(ms, &b);
    if (b.len && b.data[b.len - 1] == 'Z') {
        b.len--;
        if (extra_digits)
            cdc_buf_puts(&b, extra_digits);
        cdc_buf_puts(&b, zone);
    }
    json_t *j = json_string(b.data);
    cdc_buf_release(&b);
    return j;
}

/* A pattern the field is matched with, once per text: a pattern in both
 * versions is one condition of both. */
static void literal_add(const cdc_literal ***v, size_t *n, const cdc_literal *l)
{
    for (size_t i = 0; i < *n; i++)
        if ((*v)[i]->len == l->len && memcmp((*v)[i]->text, l->text, l->len) == 0)
            return;
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = l;
}

static void pattern_add(dim *d, const cdc_literal *l)
{
    literal_add(&d->pats, &d->npats, l);
}

/* ---- round values between literals ----
 *
 * A field read only as a float, or only as a text timestamp, gets one value
 * per open interval between its literals (and below and above them), the
 * roundest one inside: 10001 between 10000 and 20000, not the next double
 * 10000.000000000002; the next whole second, minute or day between two
 * instants. Every value of an open interval gets the same answer from every
 * comparison with the literals, so any one stands for all. */

static bool float_only(const dim *d)
{
    return d->types == 1u << CDC_TYPE_FLOAT;
}

static bool decimal_only(const dim *d)
{
    return d->types == 1u << CDC_TYPE_DECIMAL;
}

static void dpoint_add(dim *d, const cdc_fieldref *f, const cdc_decimal *v)
{
    if (d->ndpoints == d->capdpoints) {
        d->capdpoints = d->capdpoints ? 2 * d->capdpoints : 8;
        d->dpoints = xrealloc(d->dpoints, d->capdpoints * sizeof *d->dpoints);
    }
    d->dpoints[d->ndpoints++] = *v;
    d->dref = f;
}

static int decimal_qcmp(const void *a, const void *b)
{
    return cdc_decimal_cmp(a, b);
}

/* The value of DECIMAL(prec, scale) strictly between lo and hi (either
 * may be NULL: unbounded) with the fewest digits after the point, as text
 * (appended to out); false when the field holds none there. */
static bool decimal_between(const cdc_decimal *lo, const cdc_decimal *hi, unsigned prec,
                            unsigned scale, cdc_buf *out)
{
    const cdc_decimal *from = lo ? lo : hi;
    if (!from)
        return false;
    for (unsigned k = 0; k <= scale; k++) {
        cdc_buf_reset(out);
        cdc_decimal_neighbour(from, lo ? 1 : -1, k, out);
        cdc_decimal c;
        if (!cdc_decimal_parse(out->data, out->len, CDC_DECIMAL_TEXT, &c))
            continue;
        if ((!lo || cdc_decimal_cmp(&c, lo) > 0) && (!hi || cdc_decimal_cmp(&c, hi) < 0) &&
            cdc_decimal_fits(&c, prec, scale))
            return true;
    }
    return false;
}

static bool text_instant_only(const dim *d)
{
    return d->types == 1u << CDC_TYPE_TIMESTAMP && d->ts_text && !d->ts_ms;
}

static void point_add(dim *d, double v)
{
    if (d->npoints == d->cappoints) {
        d->cappoints = d->cappoints ? 2 * d->cappoints : 8;
        d->points = xrealloc(d->points, d->cappoints * sizeof *d->points);
    }
    d->points[d->npoints++] = v;
}

/* A float as an event holds it: an integer when it is one (exactly). */
static json_t *number_json(double v)
{
    if (v == floor(v) && fabs(v) <= 9007199254740992.0 && !(v == 0 && signbit(v)))
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* The roundest double strictly between lo and hi (either may be infinite):
 * an integer, else the fewest decimals, else the next double. */
static double round_between(double lo, double hi)
{
    if (isinf(lo) && isinf(hi))
        return 0;
    if (isinf(lo)) {
        double c = ceil(hi) - 1;
        return c < hi ? c : nextafter(hi, -INFINITY);
    }
    double c = floor(lo) + 1;
    if (c > lo && c < hi)
        return c;
    double scale = 1;
    for (int digits = 1; digits <= 17; digits++) {
        scale *= 10;
        c = (floor(lo * scale) + 1) / scale;
        if (c > lo && c < hi)
            return c;
    }
    return nextafter(lo, hi);
}

static int double_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The roundest instant text can hold strictly between lo and hi ms
 * (INT64_MIN, INT64_MAX: unbounded): a whole day, hour, minute, second or
 * millisecond, or half a millisecond between neighbours; NULL when text
 * holds none there. */
static json_t *instant_between(int64_t lo, int64_t hi)
{
    static const int64_t units[] = {86400000, 3600000, 60000, 1000, 1};
    for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
        int64_t u = units[i], c;
        if (lo == INT64_MIN) {
            c = (hi / u - (hi % u <= 0 ? 1 : 0)) * u; /* below hi */
            if (c < hi && c >= INSTANT_MIN_MS)
                return instant_text(c, NULL);
            continue;
        }
        c = (lo / u + (lo % u >= 0 ? 1 : 0)) * u; /* above lo */
        if (c > lo && (hi == INT64_MAX || c < hi) && c <= INSTANT_MAX_MS)
            return instant_text(c, NULL);
    }
    if (lo == INT64_MIN || lo >= INSTANT_MAX_MS)
        return NULL;
    return instant_text(lo, "500000");
}

/* One value per open interval around the decimal points. */
static void reps_between_decimals(dim *d)
{
    unsigned prec, scale;
    cdc_field_decimal_bounds(cdc_fieldref_entry(d->dref), &prec, &scale);
    qsort(d->dpoints, d->ndpoints, sizeof *d->dpoints, decimal_qcmp);
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i <= d->ndpoints; i++) {
        const cdc_decimal *lo = i ? &d->dpoints[i - 1] : NULL;
        const cdc_decimal *hi = i < d->ndpoints ? &d->dpoints[i] : NULL;
        if (lo && hi && cdc_decimal_cmp(lo, hi) == 0)
            continue;
        if (decimal_between(lo, hi, prec, scale, &b))
            rep_add(d, json_string(b.data));
    }
    cdc_buf_release(&b);
}

/* One value per open interval around the points, once all are in. */
static void reps_between(dim *d)
{
    if (d->ndpoints)
        reps_between_decimals(d);
    if (!d->npoints)
        return;
    qsort(d->points, d->npoints, sizeof *d->points, double_cmp);
    for (size_t i = 0; i <= d->npoints; i++) {
        double lo = i ? d->points[i - 1] : -INFINITY;
        double hi = i < d->npoints ? d->points[i] : INFINITY;
        if (i && i < d->npoints && lo == hi)
            continue;
        if (float_only(d)) {
            rep_add(d, number_json(round_between(lo, hi)));
        } else if (i == 0 || i == d->npoints || hi - lo > 0) {
            int64_t l = i ? (int64_t)lo : INT64_MIN, h = i < d->npoints ? (int64_t)hi : INT64_MAX;
            json_t *v = instant_between(l, h);
            if (v)
                rep_add(d, v);
        }
    }
}

/* The regions a literal bounds: the value itself and its neighbours on
 * each side (for ordered types). Between two literals, the neighbour of
 * the lower one stands for the whole open interval. */
static void reps_of_literal(dim *d, const cdc_fieldref *f, const cdc_literal *l)
{
    switch (f->type) {
    case CDC_TYPE_STRING: {
        if (d->enums)
            break; /* its known values are its regions (reps_generic) */
        rep_add(d, json_stringn(l->text, l->len));
        if (d->string_ordered && d->npats)
            literal_add(&d->bounds, &d->nbounds, l);
        if (d->string_ordered) { /* the least string above l: l followed by U+0000 */
            char *s = xmalloc(l->len + 1);
            memcpy(s, l->text, l->len);
            s[l->len] = '\0';
            rep_add(d, json_stringn(s, l->len + 1));
            free(s);
        }
        break;
    }
    case CDC_TYPE_INT:
        if (l->type == CDC_TYPE_INT) {
            rep_int(d, l->as.i, -1), rep_int(d, l->as.i, 0), rep_int(d, l->as.i, 1);
        } else if (l->type == CDC_TYPE_FLOAT && fabs(l->as.f) < 9e18) {
            int64_t lo = (int64_t)floor(l->as.f), hi = (int64_t)ceil(l->as.f);
            rep_int(d, lo, -1), rep_int(d, lo, 0), rep_int(d, hi, 0), rep_int(d, hi, 1);
        }
        break;
    case CDC_TYPE_FLOAT: {
        double v = l->type == CDC_TYPE_INT ? (double)l->as.i : l->as.f;
        if (float_only(d)) { /* the value; its neighbours in reps_between */
            rep_add(d, number_json(v));
            point_add(d, v);
            break;
        }
        rep_add(d, json_real(nextafter(v, -INFINITY)));
        rep_add(d, json_real(v));
        rep_add(d, json_real(nextafter(v, INFINITY)));
        break;
    }
    case CDC_TYPE_DECIMAL:     /* as Debezium's text */
        if (decimal_only(d)) { /* the value; its neighbours in reps_between */
            rep_decimal(d, f, &l->as.d, 0);
            dpoint_add(d, f, &l->as.d);
            break;
        }
        rep_decimal(d, f, &l->as.d, -1), rep_decimal(d, f, &l->as.d, 0);
        rep_decimal(d, f, &l->as.d, 1);
        break;
    case CDC_TYPE_TIMESTAMP:
        if (f->epoch_ms) {
            rep_int(d, l->as.ms, -1), rep_int(d, l->as.ms, 0), rep_int(d, l->as.ms, 1);
        } else if (text_instant_only(d)) { /* neighbours in reps_between */
            rep_add(d, instant_text(l->as.ms, NULL));
            point_add(d, (double)l->as.ms);
        } else { /* text instants carry nanoseconds: one either side */
            rep_add(d, instant_text(l->as.ms - 1, "999999"));
            rep_add(d, instant_text(l->as.ms, NULL));
            rep_add(d, instant_text(l->as.ms, "000001"));
        }
        break;
    default: break; /* booleans: both values are added per field */
    }
}

static void scan(dims *D, const cdc_cond *c, bool values)
{
    if (c->kind != CDC_COND_LEAF) {
        for (size_t i = 0; i < c->nkids; i++)
            scan(D, c->kids[i], values);
        return;
    }
    dim *d = dim_of(D, &c->field);
    const cdc_op_info *op = cdc_op_get(c->op);
    if (!values) {
        if (op->pattern && D->decide_patterns)
            pattern_add(d, &c->values[0]);
        else if (op->pattern && !D->pattern)
            D->pattern = c;
        d->types |= 1u << c->field.type;
        if (c->field.type == CDC_TYPE_TIMESTAMP)
            *(c->field.epoch_ms ? &d->ts_ms : &d->ts_text) = true;
        if (c->field.type == CDC_TYPE_STRING && op->ordering)
            d->string_ordered = true;
        return;
    }
    if (!op->pattern) /* a pattern bounds no region of values */
        for (size_t i = 0; i < c->nvalues; i++)
            reps_of_literal(d, &c->field, &c->values[i]);
}

static bool holds_string(const dim *d, const char *s)
{
    for (size_t i = 0; i < d->nreps; i++)
        if (json_is_string(d->reps[i]) && strcmp(json_string_value(d->reps[i]), s) == 0)
            return true;
    return false;
}

/* Values standing for "any other value" of each type the field is read
 * as, then NULL (absent). */
static void reps_generic(dim *d)
{
    if (d->types & (1u << CDC_TYPE_STRING)) {
        if (d->enums) {
            for (const char *const *e = d->enums; *e; e++)
                rep_add(d, json_string(*e));
        } else if (d->string_ordered) {
            rep_add(d, json_string("")); /* below every other string */
        } else if (d->npats) {
            /* the other strings: one per combination of patterns (pattern_reps) */
        } else {
            char other[32] = "other";
            for (unsigned k = 2; holds_string(d, other); k++)
                snprintf(other, sizeof other, "other-%u", k);
            rep_add(d, json_string(other));
        }
    }
    if (d->types & (1u << CDC_TYPE_INT))
        rep_add(d, json_integer(0));
    if (d->types & (1u << CDC_TYPE_FLOAT))
        rep_add(d, json_real(0.0));
    if (d->types & (1u << CDC_TYPE_DECIMAL))
        rep_add(d, json_string("0"));
    if (d->types & (1u << CDC_TYPE_BOOLEAN)) {
        rep_add(d, json_true());
        rep_add(d, json_false());
    }
    if (d->ts_ms)
        rep_add(d, json_integer(0));
    if (d->ts_text)
        rep_add(d, instant_text(0, NULL));
    if (d->types & (1u << CDC_TYPE_JSON))
        rep_add(d, json_string("{}"));
    /* A table column the schema says is NOT NULL has no NULL region: the
     * connector writes a value for it in every change event (deletes under
     * the default replica identity included: Debezium writes the type's
     * empty value, README "Deletes"). */
    if (d->ref->npath || d->ref->column->nullable || d->ref->column->metadata)
        rep_add(d, NULL);
}

static void dims_release(dims *D)
{
    for (size_t i = 0; i < D->n; i++) {
        for (size_t k = 0; k < D->v[i].nreps; k++)
            json_decref(D->v[i].reps[k]);
        free(D->v[i].reps);
        free(D->v[i].pats);
        free(D->v[i].bounds);
        free(D->v[i].points);
        free(D->v[i].dpoints);
    }
    free(D->v);
}

/* The strings among a field's values so far (its literals), into arena
 * arrays: the values a witness must differ from. Their count. */
static size_t string_reps(cdc_arena *a, const dim *d, const char ***texts, size_t **lens)
{
    size_t n = 0;
    *texts = cdc_arena_alloc(a, (d->nreps + 1) * sizeof **texts);
    *lens = cdc_arena_alloc(a, (d->nreps + 1) * sizeof **lens);
    for (size_t i = 0; i < d->nreps; i++)
        if (json_is_string(d->reps[i])) {
            (*texts)[n] = json_string_value(d->reps[i]);
            (*lens)[n++] = json_string_length(d->reps[i]);
        }
    return n;
}

/* The strings other than its literals of a field matched with one pattern
 * outside the regular subset (and compared by no order): the pattern is one
 * opaque condition, and a string it matches and one it does not, confirmed
 * by PCRE2, stand for all. NULL, or why not. */
static const char *opaque_reps(cdc_arena *a, dim *d, const cdc_literal *pat, const char *why)
{
    const char *reason = cdc_arena_printf(a, "%s matches '%.*s': %s that diff decides by automata",
                                          d->ref->text, (int)pat->len, pat->text, why);
    if (d->npats > 1 || d->nbounds)
        return cdc_arena_printf(a, "%s, and it is compared with other patterns or by order there",
                                reason);
    const char **excl;
    size_t *excl_lens, nexcl = string_reps(a, d, &excl, &excl_lens);
    cdc_rxa_witness yes, no;
    bool found =
        cdc_rxa_opaque_witnesses(a, pat->text, pat->len, excl, excl_lens, nexcl, &yes, &no);
    if (!found)
        return cdc_arena_printf(a, "%s, and no other string was found that it %s", reason,
                                yes.text ? "does not match" : "matches");
    rep_add(d, json_stringn(yes.text, yes.len));
    rep_add(d, json_stringn(no.text, no.len));
    return NULL;
}

/* The strings of a field matched with patterns, beyond its literals: for
 * every combination of its patterns (and, for a field also compared by
 * order, of "below literal L") that some other string satisfies, the
 * shortest such string (regex_automaton.c). Every string the field can
 * hold is a literal or has one of these combinations, and each leaf on the
 * field reads only that (a string that is no literal is above L exactly
 * when it is not below it), so these values stand for all. NULL, or why
 * the combinations cannot be decided. */
static const char *pattern_reps(cdc_arena *a, dim *d)
{
    if (d->enums) /* its known values are all it holds: eval decides each */
        return NULL;
    for (size_t i = 0; i < d->npats; i++) {
        const char *why = cdc_rxa_unsupported(a, d->pats[i]->text, d->pats[i]->len);
        if (why)
            return opaque_reps(a, d, d->pats[i], why);
    }
    /* the patterns, then the bounds of an order comparison */
    size_t n = d->npats + d->nbounds;
    const char **pats = xmalloc(n * sizeof *pats);
    size_t *lens = xmalloc(n * sizeof *lens);
    for (size_t i = 0; i < n; i++) {
        const cdc_literal *l = i < d->npats ? d->pats[i] : d->bounds[i - d->npats];
        pats[i] = l->text;
        lens[i] = l->len;
    }
    const char **excl;
    size_t *excl_lens, nexcl = string_reps(a, d, &excl, &excl_lens);
    cdc_rxa_result r;
    const char *why = NULL;
    bool ok = cdc_rxa_combinations_below(a, pats, lens, d->npats, pats + d->npats, lens + d->npats,
                                         d->nbounds, excl, excl_lens, nexcl, 0, &r, &why);
    free(pats);
    free(lens);
    if (!ok)
        return cdc_arena_printf(a, "%s: %s", d->ref->text, why);
    for (size_t i = 0; i < r.n; i++)
        rep_add(d, json_stringn(r.v[i].text, r.v[i].len));
    return NULL;
}

/* Paths into one JSON column where one ends inside the other, or one
 * steps by key and the other by index at the same place, cannot both hold
 * values: the regions would not combine freely. */
static const char *path_conflict(cdc_arena *a, const dims *D)
{
    for (size_t i = 0; i < D->n; i++)
        for (size_t j = i + 1; j < D->n; j++) {
            const cdc_fieldref *x = D->v[i].ref, *y = D->v[j].ref;
            if (D->v[i].col != D->v[j].col || (x->npath == 0) != (y->npath == 0) || !x->npath)
                continue;
            size_t k = 0, n = x->npath < y->npath ? x->npath : y->npath;
            while (k < n && x->path[k].kind == y->path[k].kind &&
                   (x->path[k].kind == CDC_STEP_KEY ? strcmp(x->path[k].key, y->path[k].key) == 0
                                                    : x->path[k].index == y->path[k].index))
                k++;
            if (k == n || x->path[k].kind != y->path[k].kind)
                return cdc_arena_printf(a, "the paths %s and %s overlap", x->text, y->text);
        }
    return NULL;
}

static int dim_cmp(const void *a, const void *b)
{
    const dim *x = a, *y = b;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return strcmp(x->ref->text, y->ref->text);
}

/* ---- events ---- */

static json_t *container_for(const cdc_path_step *s)
{
    return s->kind == CDC_STEP_KEY ? json_object() : json_array();
}

static void container_set(json_t *c, const cdc_path_step *s, json_t *v)
{
    if (s->kind == CDC_STEP_KEY) {
        json_object_set_new(c, s->key, v);
        return;
    }
    while (json_array_size(c) <= s->index)
        json_array_append_new(c, json_null());
    json_array_set_new(c, s->index, v);
}

static json_t *container_get(json_t *c, const cdc_path_step *s)
{
    json_t *v = s->kind == CDC_STEP_KEY ? json_object_get(c, s->key) : json_array_get(c, s->index);
    return json_is_null(v) ? NULL : v;
}

/* Puts v at the field's path in *doc, creating the containers on the way
 * (path_conflict has ruled out a container and a value at one place). */
static void doc_set(json_t **doc, const cdc_fieldref *f, json_t *v)
{
    if (!*doc)
        *doc = container_for(&f->path[0]);
    json_t *cur = *doc;
    for (size_t i = 0; i + 1 < f->npath; i++) {
        json_t *next = container_get(cur, &f->path[i]);
        if (!next) {
            next = container_for(&f->path[i + 1]);
            container_set(cur, &f->path[i], next);
        }
        cur = next;
    }
    container_set(cur, &f->path[f->npath - 1], json_incref(v));
}

/* The row for one combination, columns in schema order; NULL when the
 * combination cannot exist (a JSON column absent but a path in it set). */
static json_t *build_row(const dims *D, const size_t *pick)
{
    json_t *row = json_object();
    for (size_t i = 0; i < D->n;) {
        size_t col = D->v[i].col;
        json_t *doc = NULL;
        bool whole_absent = false;
        for (; i < D->n && D->v[i].col == col; i++) {
            const dim *d = &D->v[i];
            json_t *v = d->reps[pick[i]];
            if (d->ref->npath == 0) {
                if (v)
                    json_object_set(row, d->ref->column->name, v);
                else
                    whole_absent = true;
            } else if (v) {
                doc_set(&doc, d->ref, v);
            }
        }
        if (doc) {
            if (whole_absent) {
                json_decref(doc);
                json_decref(row);
                return NULL;
            }
            /* Inline: eval reads a JSON column given as a document as it
             * reads its text, without printing and parsing it per row. */
            json_object_set_new(row, D->v[i - 1].ref->column->name, doc);
        }
    }
    return row;
}

/* The fewest significant digits that print every real in v exactly (what
 * JSON_REAL_PRECISION takes): 0.1 as 0.1, not jansson's 0.10000000000000001. */
static int real_digits(const json_t *v)
{
    int p = 1;
    if (json_is_real(v)) {
        char buf[CDC_DOUBLE_BUF];
        p = cdc_double_shortest(json_real_value(v), 'g', 1, buf);
    } else if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)v, k, x)
        {
            int q = real_digits(x);
            p = q > p ? q : p;
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            int q = real_digits(json_array_get(v, i));
            p = q > p ? q : p;
        }
    }
    return p;
}

/* A row as an event carries it: JSON columns as text (witnesses are shown
 * to users and fed to every engine). */
static json_t *as_event(json_t *row)
{
    json_t *out = json_object();
    const char *name;
    json_t *v;
    json_object_foreach(row, name, v)
    {
        if (json_is_object(v) || json_is_array(v)) {
            char *text =
                json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(real_digits(v)));
            json_object_set_new(out, name, json_string(text));
            free(text);
        } else {
            json_object_set(out, name, v);
        }
    }
    return out;
}

static cdc_truth truth_of(cdc_evaluator *ev, const cdc_program *p, const cdc_filter *f, json_t *row)
{
    cdc_event e;
    const char *err;
    if (!cdc_event_init(&e, p, row, &err))
        CDC_BUG("witness row is no event: %s", err);
    cdc_truth t = cdc_eval_filter(ev, f, &e);
    cdc_event_release(&e);
    return t;
}

/* ---- the comparison ---- */

/* Calls visit(ctx, row) with one row per combination of the regions of the
 * fields conds read, until visit returns false. Returns NULL, or why the
 * regions cannot be enumerated (matches, overlapping paths, too many). */
static const char *enumerate(cdc_arena *a, const cdc_program *prog, const cdc_cond *const *conds,
                             size_t nconds, unsigned long limit, bool decide_patterns,
                             bool (*visit)(void *ctx, json_t *row), void *ctx)
{
    dims D = {.prog = prog, .decide_patterns = decide_patterns};
    for (size_t i = 0; i < nconds; i++)
        scan(&D, conds[i], false);
    const char *why = NULL;
    if (D.pattern)
        why = cdc_arena_printf(a,
                               "%s is compared with a regular expression (%s); which events "
                               "two regular expressions accept is not compared",
                               D.pattern->field.text, cdc_op_name(D.pattern->op));
    else
        why = path_conflict(a, &D);
    double total = 1;
    if (!why) {
        for (size_t i = 0; i < nconds; i++)
            scan(&D, conds[i], true);
        for (size_t i = 0; i < D.n && !why; i++)
            if (D.v[i].npats)
                why = pattern_reps(a, &D.v[i]);
        for (size_t i = 0; i < D.n && !why; i++) {
            reps_between(&D.v[i]);
            reps_generic(&D.v[i]);
            reps_dedupe(&D.v[i]);
            total *= (double)D.v[i].nreps;
        }
        if (!why && total > (double)limit)
            why = cdc_arena_printf(
                a, "%zu fields with %.0f combinations of values to try, more than %lu", D.n, total,
                limit);
    }
    if (why) {
        dims_release(&D);
        return why;
    }
    qsort(D.v, D.n, sizeof *D.v, dim_cmp);
    size_t *pick = xcalloc(D.n + 1, sizeof *pick);
    for (;;) {
        json_t *row = build_row(&D, pick);
        bool go_on = !row || visit(ctx, row);
        json_decref(row);
        if (!go_on)
            break;
        size_t k = 0; /* the next combination: the first field turns fastest */
        while (k < D.n && ++pick[k] == D.v[k].nreps)
            pick[k++] = 0;
        if (k == D.n)
            break;
    }
    free(pick);
    dims_release(&D);
    return NULL;
}

typedef struct diff_ctx {
    cdc_evaluator *base_ev, *head_ev;
    const cdc_program *base_prog, *head_prog;
    const cdc_filter *base, *head;
    cdc_route_diff *out;
} diff_ctx;

static bool diff_visit(void *ctx, json_t *row)
{
    diff_ctx *x = ctx;
    cdc_route_diff *out = x->out;
    out->tried++;
    bool in_base = truth_of(x->base_ev, x->base_prog, x->base, row) == CDC_TRUE;
    bool in_head = truth_of(x->head_ev, x->head_prog, x->head, row) == CDC_TRUE;
    if (in_base && !in_head && !out->lost)
        out->lost = as_event(row);
    if (in_head && !in_base && !out->gained)
        out->gained = as_event(row);
    return !(out->lost && out->gained);
}

/* cdc_route_diff_filters with at most limit events tried. */
static void route_diff(cdc_arena *a, cdc_evaluator *base_ev, const cdc_program *base_prog,
                       const cdc_filter *base, cdc_evaluator *head_ev, const cdc_program *head_prog,
                       const cdc_filter *head, unsigned long limit, bool decide_patterns,
                       cdc_route_diff *out)
{
    memset(out, 0, sizeof *out);
    if (cdc_cond_same(base->cond, head->cond)) {
        out->change = CDC_ROUTE_UNCHANGED;
        return;
    }
    diff_ctx x = {base_ev, head_ev, base_prog, head_prog, base, head, out};
    const cdc_cond *conds[] = {base->cond, head->cond};
    out->reason = enumerate(a, base_prog, conds, 2, limit, decide_patterns, diff_visit, &x);
    out->change = out->reason                ? CDC_ROUTE_UNDECIDED
                  : out->lost && out->gained ? CDC_ROUTE_BOTH
                  : out->lost                ? CDC_ROUTE_NARROWED
                  : out->gained              ? CDC_ROUTE_WIDENED
                                             : CDC_ROUTE_UNCHANGED;
}

void cdc_route_diff_filters(cdc_arena *a, cdc_evaluator *base_ev, const cdc_program *base_prog,
                            const cdc_filter *base, cdc_evaluator *head_ev,
                            const cdc_program *head_prog, const cdc_filter *head,
                            cdc_route_diff *out)
{
    route_diff(a, base_ev, base_prog, base, head_ev, head_prog, head, CDC_ROUTE_DIFF_LIMIT, true,
               out);
}

void cdc_route_diff_limited(cdc_arena *a, cdc_evaluator *base_ev, const cdc_program *base_prog,
                            const cdc_filter *base, cdc_evaluator *head_ev,
                            const cdc_program *head_prog, const cdc_filter *head,
                            unsigned long limit, cdc_route_diff *out)
{
    route_diff(a, base_ev, base_prog, base, head_ev, head_prog, head, limit, false, out);
}

typedef struct extent_ctx {
    cdc_evaluator *ev;
    const cdc_program *prog;
    const cdc_filter *f;
    bool some_true, some_not;
} extent_ctx;

static bool extent_visit(void *ctx, json_t *row)
{
    extent_ctx *x = ctx;
    if (truth_of(x->ev, x->prog, x->f, row) == CDC_TRUE)
        x->some_true = true;
    else
        x->some_not = true;
    return !(x->some_true && x->some_not);
}

cdc_route_extent cdc_route_extent_of(cdc_arena *a, cdc_evaluator *ev, const cdc_program *p,
                                     const cdc_filter *f, unsigned long limit)
{
    extent_ctx x = {.ev = ev, .prog = p, .f = f};
    const cdc_cond *conds[] = {f->cond};
    if (enumerate(a, p, conds, 1, limit, false, extent_visit, &x))
        return CDC_EXTENT_UNDECIDED;
    return !x.some_true ? CDC_EXTENT_NEVER : !x.some_not ? CDC_EXTENT_ALWAYS : CDC_EXTENT_SOME;
}

/* Whether the AND of conds[0..n) (top-level conditions of f) routes no
 * event, decided exactly (false when it cannot be decided). */
static bool never_together(cdc_arena *a, cdc_evaluator *ev, const cdc_program *p,
                           const cdc_filter *f, const cdc_cond **conds, size_t n,
                           unsigned long limit)
{
    cdc_cond *all = CDC_ARENA_NEW(a, cdc_cond);
    *all = *f->cond;
    all->kind = CDC_COND_ALL;
    all->kids = cdc_arena_alloc(a, n * sizeof *all->kids);
    memcpy(all->kids, conds, n * sizeof *conds);
    all->nkids = n;
    cdc_filter part = *f;
    part.cond = all;
    return cdc_route_extent_of(a, ev, p, &part, limit) == CDC_EXTENT_NEVER;
}

size_t cdc_route_never_core(cdc_arena *a, cdc_evaluator *ev, const cdc_program *p,
                            const cdc_filter *f, unsigned long limit, const cdc_cond **out)
{
    if (f->cond->kind != CDC_COND_ALL) {
        out[0] = f->cond;
        return 1;
    }
    size_t n = f->cond->nkids;
    memcpy(out, f->cond->kids, n * sizeof *out);
    /* Deletion: a condition the others route nothing without is not needed. */
    const cdc_cond **rest = cdc_arena_alloc(a, n * sizeof *rest);
    for (size_t i = 0; i < n && n > 1;) {
        size_t m = 0;
        for (size_t k = 0; k < n; k++)
            if (k != i)
                rest[m++] = out[k];
        if (never_together(a, ev, p, f, rest, m, limit)) {
            memcpy(out, rest, m * sizeof *out);
            n = m;
        } else {
            i++;
        }
    }
    return n;
}

void cdc_route_diff_release(cdc_route_diff *d)
{
    json_decref(d->lost);
    json_decref(d->gained);
    d->lost = d->gained = NULL;
}
