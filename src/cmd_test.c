/* cmd_test.c: `cdcgen test [PATH...]`: filter unit tests.
 *
 * Compiles the filters under PATH exactly as `check` does, then reads every
 * test file (*.test.yaml, *.test.yml) under PATH. A test file is
 *
 *   version: 1                       # optional
 *   tests:
 *     - name: loan created reaches the loan consumer
 *       event: {event_type: LoanCreated, __op: c}   # or events: [{...}, ...]
 *       expect: [loan-created-filter]              # exactly these route it
 *       expectNot: [car-created-filter]            # none of these routes it
 *
 * Every event runs through every generated filter with the reference
 * semantics (eval.c); a test passes when each of its events meets both
 * expectations. Failures are printed with the event, the expected and actual
 * filter sets and, for each filter whose outcome was wrong, the condition
 * that decided it and the value it saw.
 *
 * Events are written in YAML and converted to JSON the way filter files read
 * literals: quoted scalars are strings; plain scalars follow YAML's core
 * schema (null, ~ and empty -> null; true/false -> booleans; decimal
 * integers and floats -> numbers; anything else -> a string). Each event then
 * goes through cdc_event_init, so Debezium change events work as well.
 *
 * Inputs: with no PATH, filters/ (filters and tests). Otherwise filters and
 * tests are both collected from the PATHs: a directory gives its filter files
 * and its test files; a *.test.yaml file is a test file; any other file is a
 * filter file. When every PATH is a test file, the filters are read from the
 * directories holding those test files.
 *
 * --coverage counts, per generated filter and per condition (the filter's
 * top-level condition list, every group and every leaf), whether the tests
 * made it TRUE and made it not TRUE. UNKNOWN counts as not TRUE: like FALSE,
 * it does not route. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cdcgen/driver.h"
#include "cdcgen/eval.h"

static const char usage[] =
    "usage: cdcgen test [--coverage] [--min-coverage N] [-c FILE]\n"
    "                   [--format text|json|github|sarif] [--max-errors N] [PATH...]\n"
    "\n"
    "Run filter tests: every *.test.yaml / *.test.yml file lists events and the\n"
    "filter ids that must (expect) or must not (expectNot) route them.\n"
    "PATH: files or directories; filters and tests are both collected from them\n"
    "(a *.test.yaml file is a test file, any other file a filter file); default\n"
    "filters/. When every PATH is a test file, filters come from their directories.\n"
    "\n"
    "      --coverage        after the run, show per condition whether the tests made\n"
    "                        it TRUE and not TRUE (FALSE or UNKNOWN)\n"
    "      --min-coverage N  exit 1 when under N percent (0..100) of condition\n"
    "                        outcomes are covered; implies --coverage\n"
    "  -c, --config FILE     project config (default: cdcgen.yaml, searched upward)\n"
    "      --format FMT      diagnostics as text, json, github or sarif (on stderr)\n"
    "      --max-errors N    show at most N errors and warnings (default 100; 0: all)\n"
    "  -h, --help            show this help\n"
    "\n"
    "exit status: 0 all tests pass; 1 a test failed, a filter or test file is\n"
    "invalid, or coverage is under --min-coverage; 2 usage or I/O error\n";

#define ERROR(T, pos, code, ...) cdc_diag_error((T)->diags, (T)->src, (pos), (code), __VA_ARGS__)

/* ---- the tests, as read from the files ---- */

typedef struct test_event {
    const cdc_ynode *node;
    json_t *json;   /* the event as written, converted to JSON */
    cdc_event ev;   /* normalized row (valid when json is set) */
} test_event;

/* What a test says about one filter. */
enum { WANT_NONE, WANT_ROUTE, WANT_NOT };

typedef struct test_case {
    const cdc_source *src;
    const cdc_ynode *node;
    const char *name;
    test_event *events;
    size_t nevents;
    bool events_list;           /* written as events: [...] */
    bool has_expect, has_expect_not;
    unsigned char *want;        /* per program filter: WANT_* */
    bool valid;
} test_case;

typedef struct cov_entry {
    const cdc_cond *cond;
    const cdc_filter *filter;
    int depth;
    bool seen_true, seen_not_true;
} cov_entry;

typedef struct tester {
    cdc_run *run;
    const cdc_program *prog;
    cdc_arena *arena;
    cdc_diags *diags;
    const cdc_source *src;      /* test file being read */
    const char **ids;           /* every filter id, for did-you-mean */
    test_case **cases;
    size_t ncases, cap;
    size_t ninvalid;
    cov_entry *cov;             /* in source order */
    size_t ncov;
    cov_entry **cov_sorted;     /* by condition pointer, for the hook */
} tester;

/* ---- YAML -> JSON ---- */

static json_t *scalar_json(tester *T, const cdc_ynode *n)
{
    switch (cdc_yscalar_kind(n)) {
    case CDC_YS_NULL: return json_null();
    case CDC_YS_BOOL: return cdc_yscalar_true(n) ? json_true() : json_false();
    case CDC_YS_INT: {
        errno = 0;
        long long v = strtoll(n->str, NULL, 10);
        if (errno == ERANGE) {
            ERROR(T, n->pos, "bad-event",
                  "integer %s does not fit in 64 bits; quote it to make it a string", n->str);
            return NULL;
        }
        return json_integer((json_int_t)v);
    }
    case CDC_YS_FLOAT: {
        /* YAML's .inf and .nan have no JSON form (and strtod does not read them). */
        char *end;
        double v = strtod(n->str, &end);
        if (*end || !isfinite(v)) {
            ERROR(T, n->pos, "bad-event", "%s is no JSON number; quote it to make it a string",
                  n->str);
            return NULL;
        }
        return json_real(v);
    }
    case CDC_YS_STRING: break;
    }
    json_t *s = json_stringn(n->str, n->len);
    if (!s)
        ERROR(T, n->pos, "bad-event", "the value is no valid UTF-8 text");
    return s;
}

/* Converts a node to JSON; NULL after reporting an error. */
static json_t *node_json(tester *T, const cdc_ynode *n)
{
    switch (n->kind) {
    case CDC_Y_SCALAR:
        return scalar_json(T, n);
    case CDC_Y_SEQUENCE: {
        json_t *a = json_array();
        bool ok = true;
        for (size_t i = 0; i < n->n; i++) {
            json_t *v = node_json(T, n->items[i]);
            if (v)
                json_array_append_new(a, v);
            ok &= v != NULL;
        }
        if (!ok) {
            json_decref(a);
            return NULL;
        }
        return a;
    }
    case CDC_Y_MAPPING: {
        json_t *o = json_object();
        bool ok = true;
        for (size_t i = 0; i < n->n; i++) {
            const cdc_ynode *k = n->keys[i];
            if (strlen(k->str) != k->len) {
                ERROR(T, k->pos, "bad-event", "a key contains a NUL character");
                ok = false;
                continue;
            }
            json_t *v = node_json(T, n->items[i]);
            if (v)
                json_object_set_new(o, k->str, v);
            ok &= v != NULL;
        }
        if (!ok) {
            json_decref(o);
            return NULL;
        }
        return o;
    }
    }
    CDC_BUG("node kind %d", (int)n->kind);
}

/* ---- reading a test file ---- */

static const char *const file_keys[] = {"version", "tests", "$schema"};
static const char *const case_keys[] = {"name", "event", "events", "expect", "expectNot"};

static void check_keys(tester *T, const cdc_ynode *map, const char *what,
                       const char *const *allowed, size_t n)
{
    cdc_ynode_check_keys(map, what, allowed, n, T->src, T->diags);
}

static bool read_event(tester *T, const cdc_ynode *n, test_event *out)
{
    out->node = n;
    if (n->kind != CDC_Y_MAPPING) {
        ERROR(T, n->pos, "bad-event", "an event must be a mapping of fields, not %s",
              cdc_ynode_kind_name(n));
        return false;
    }
    json_t *j = node_json(T, n);
    if (!j)
        return false;
    const char *err = NULL;
    if (!cdc_event_init(&out->ev, T->prog, j, &err)) {
        ERROR(T, n->pos, "bad-event", "%s", err);
        json_decref(j);
        return false;
    }
    out->json = j;
    return true;
}

static ptrdiff_t filter_index(const tester *T, const char *id)
{
    for (size_t i = 0; i < T->prog->nfilters; i++)
        if (T->prog->filters[i]->id.s && strcmp(T->prog->filters[i]->id.s, id) == 0)
            return (ptrdiff_t)i;
    return -1;
}

/* expect / expectNot: a list of filter ids, each marked in tc->want. */
static bool read_ids(tester *T, test_case *tc, const cdc_ynode *n, const char *key,
                     unsigned char mark)
{
    if (n->kind != CDC_Y_SEQUENCE) {
        ERROR(T, n->pos, "bad-value", "'%s' must be a list of filter ids, not %s", key,
              cdc_ynode_kind_name(n));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n->n; i++) {
        const cdc_ynode *item = n->items[i];
        if (item->kind != CDC_Y_SCALAR || strlen(item->str) != item->len) {
            ERROR(T, item->pos, "bad-value", "'%s' lists filter ids, not %s", key,
                  item->kind == CDC_Y_SCALAR ? "text with a NUL character"
                                             : cdc_ynode_kind_name(item));
            ok = false;
            continue;
        }
        ptrdiff_t k = filter_index(T, item->str);
        if (k < 0) {
            const char *hint = cdc_suggest(item->str, T->ids, T->prog->nfilters);
            if (hint)
                ERROR(T, item->pos, "unknown-filter", "unknown filter '%s'; did you mean '%s'?",
                      item->str, hint);
            else
                ERROR(T, item->pos, "unknown-filter", "unknown filter '%s'", item->str);
            ok = false;
            continue;
        }
        const cdc_filter *f = T->prog->filters[k];
        if (tc->want[k] == mark) {
            cdc_diag_warning(T->diags, T->src, item->pos, "duplicate-filter",
                             "filter '%s' is listed twice in '%s'", item->str, key);
            continue;
        }
        if (tc->want[k] != WANT_NONE) {
            ERROR(T, item->pos, "conflicting-expectation",
                  "filter '%s' is in both 'expect' and 'expectNot'", item->str);
            ok = false;
            continue;
        }
        if (!f->generated)
            cdc_diag_warning(T->diags, T->src, item->pos, "filter-not-generated",
                             "filter '%s' is not generated (%s%s), so it routes nothing",
                             item->str, f->enabled ? "status: " : "enabled: false",
                             f->enabled ? cdc_status_name(f->status) : "");
        tc->want[k] = mark;
    }
    return ok;
}

static void add_case(tester *T, test_case *tc)
{
    if (T->ncases == T->cap) {
        T->cap = T->cap ? 2 * T->cap : 16;
        T->cases = xrealloc(T->cases, T->cap * sizeof *T->cases);
    }
    T->cases[T->ncases++] = tc;
}

static void read_case(tester *T, const cdc_ynode *n, const cdc_ynode **names, size_t index)
{
    if (n->kind != CDC_Y_MAPPING) {
        ERROR(T, n->pos, "bad-test", "a test must be a mapping, not %s", cdc_ynode_kind_name(n));
        T->ninvalid++;
        return;
    }
    unsigned errors = T->diags->nerrors;
    check_keys(T, n, "a test", case_keys, ARRAY_SIZE(case_keys));
    test_case *tc = CDC_ARENA_NEW(T->arena, test_case);
    tc->src = T->src;
    tc->node = n;
    tc->want = cdc_arena_alloc(T->arena, T->prog->nfilters + 1);

    const cdc_ynode *name = cdc_ynode_get(n, "name");
    const char *what = "the test";
    if (!name) {
        ERROR(T, n->pos, "missing-key", "the test has no 'name'");
    } else if (name->kind != CDC_Y_SCALAR) {
        ERROR(T, name->pos, "bad-value", "'name' must be a text, not %s",
              cdc_ynode_kind_name(name));
    } else if (name->len == 0 || strlen(name->str) != name->len) {
        ERROR(T, name->pos, "bad-value", "'name' must be %s",
              name->len ? "text without NUL characters" : "a non-empty text");
    } else {
        tc->name = name->str;
        what = cdc_arena_printf(T->arena, "test '%s'", name->str);
        for (size_t i = 0; i < index; i++) {
            if (names[i] && strcmp(names[i]->str, name->str) == 0) {
                ERROR(T, name->pos, "duplicate-test", "a test named '%s' is already in this file",
                      name->str);
                cdc_diag_note(T->diags, T->src, names[i]->pos, "'%s' first given here",
                              name->str);
                break;
            }
        }
        names[index] = name;
    }

    const cdc_ynode *ev = cdc_ynode_get(n, "event"), *evs = cdc_ynode_get(n, "events");
    if (ev && evs) {
        ERROR(T, evs->pos, "bad-test", "%s has both 'event' and 'events'; use one", what);
    } else if (!ev && !evs) {
        ERROR(T, n->pos, "missing-key", "%s has no 'event' or 'events'", what);
    } else if (ev) {
        tc->events = CDC_ARENA_NEW(T->arena, test_event);
        if (read_event(T, ev, &tc->events[0]))
            tc->nevents = 1;
    } else if (evs->kind != CDC_Y_SEQUENCE) {
        ERROR(T, evs->pos, "bad-value", "'events' must be a list of events, not %s",
              cdc_ynode_kind_name(evs));
    } else if (evs->n == 0) {
        ERROR(T, evs->pos, "bad-value", "'events' needs at least one event");
    } else {
        tc->events_list = true;
        tc->events = cdc_arena_alloc(T->arena, evs->n * sizeof *tc->events);
        for (size_t i = 0; i < evs->n; i++)
            if (read_event(T, evs->items[i], &tc->events[tc->nevents]))
                tc->nevents++;
    }

    const cdc_ynode *ex = cdc_ynode_get(n, "expect"), *exn = cdc_ynode_get(n, "expectNot");
    if (!ex && !exn)
        ERROR(T, n->pos, "missing-key", "%s has no 'expect' or 'expectNot'", what);
    if (ex)
        tc->has_expect = read_ids(T, tc, ex, "expect", WANT_ROUTE);
    if (exn)
        tc->has_expect_not = read_ids(T, tc, exn, "expectNot", WANT_NOT);

    tc->valid = T->diags->nerrors == errors;
    add_case(T, tc);
    if (!tc->valid)
        T->ninvalid++;
}

static void read_test_file(tester *T, const char *path)
{
    cdc_source *src = cdc_source_read(T->arena, path);
    if (!src) {
        cdc_diag_error(T->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot read '%s': %s", path,
                       cdc_read_error(errno));
        T->run->io_error = true;
        return;
    }
    T->src = src;
    const cdc_ynode *root = cdc_yaml_load(T->arena, src, T->diags);
    if (!root)
        return;
    if (root->kind != CDC_Y_MAPPING) {
        ERROR(T, root->pos, "bad-file",
              "a test file is a mapping with 'version' and 'tests', not %s",
              cdc_ynode_kind_name(root));
        return;
    }
    check_keys(T, root, "a test file", file_keys, ARRAY_SIZE(file_keys));
    const cdc_ynode *version = cdc_ynode_get(root, "version");
    if (version && !(version->kind == CDC_Y_SCALAR && !version->quoted &&
                     strcmp(version->str, "1") == 0))
        ERROR(T, version->pos, "bad-version", "unsupported test file version '%s'; cdcgen reads 1",
              version->kind == CDC_Y_SCALAR ? version->str : "?");
    const cdc_ynode *tests = cdc_ynode_get(root, "tests");
    if (!tests) {
        ERROR(T, root->pos, "missing-key", "the test file has no 'tests' list");
        return;
    }
    if (tests->kind != CDC_Y_SEQUENCE) {
        ERROR(T, tests->pos, "bad-value", "'tests' must be a list, not %s",
              cdc_ynode_kind_name(tests));
        return;
    }
    if (tests->n == 0) {
        cdc_diag_warning(T->diags, src, tests->pos, "no-tests", "the test file holds no tests");
        return;
    }
    const cdc_ynode **names = cdc_arena_alloc(T->arena, tests->n * sizeof *names);
    for (size_t i = 0; i < tests->n; i++)
        read_case(T, tests->items[i], names, i);
}

/* ---- coverage ---- */

static void cov_collect(tester *T, const cdc_filter *f, const cdc_cond *c, int depth,
                        size_t *cap)
{
    if (T->ncov == *cap) {
        *cap = *cap ? 2 * *cap : 32;
        T->cov = xrealloc(T->cov, *cap * sizeof *T->cov);
    }
    T->cov[T->ncov++] = (cov_entry){c, f, depth, false, false};
    for (size_t i = 0; i < c->nkids; i++)
        cov_collect(T, f, c->kids[i], depth + 1, cap);
}

static int cov_cmp(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)(*(cov_entry *const *)a)->cond;
    uintptr_t y = (uintptr_t)(*(cov_entry *const *)b)->cond;
    return (x > y) - (x < y);
}

static void cov_init(tester *T)
{
    size_t cap = 0;
    for (size_t i = 0; i < T->prog->nfilters; i++) {
        const cdc_filter *f = T->prog->filters[i];
        if (f->generated && f->cond)
            cov_collect(T, f, f->cond, 0, &cap);
    }
    T->cov_sorted = xmalloc((T->ncov + 1) * sizeof *T->cov_sorted);
    for (size_t i = 0; i < T->ncov; i++)
        T->cov_sorted[i] = &T->cov[i];
    if (T->ncov)
        qsort(T->cov_sorted, T->ncov, sizeof *T->cov_sorted, cov_cmp);
}

static void cov_hook(void *ctx, const cdc_filter *f, const cdc_cond *c, cdc_truth v)
{
    (void)f;
    tester *T = ctx;
    cov_entry key = {.cond = c};
    const cov_entry *kp = &key;
    cov_entry **hit = bsearch(&kp, T->cov_sorted, T->ncov, sizeof *T->cov_sorted, cov_cmp);
    if (!hit)
        return;
    if (v == CDC_TRUE)
        (*hit)->seen_true = true;
    else
        (*hit)->seen_not_true = true; /* FALSE or UNKNOWN: neither routes */
}

/* "100%", "87.5%": rounded down, so a total short of complete never shows 100%. */
static void format_pct(char *out, size_t n, size_t num, size_t den)
{
    unsigned long long tenths = den ? (unsigned long long)num * 1000 / den : 1000;
    if (tenths % 10 == 0)
        snprintf(out, n, "%llu%%", tenths / 10);
    else
        snprintf(out, n, "%llu.%llu%%", tenths / 10, tenths % 10);
}

static void cov_label(const cov_entry *e, cdc_buf *out)
{
    for (int i = 0; i < e->depth; i++)
        cdc_buf_puts(out, "  ");
    if (e->cond == e->filter->cond)
        cdc_buf_printf(out, "conditions (%s of %zu)", e->filter->logic_or ? "OR" : "AND",
                       e->cond->nkids);
    else
        cdc_cond_describe(e->cond, out);
}

static size_t text_width(const char *s)
{
    return cdc_utf8_count(s, strlen(s));
}

static void print_coverage(const tester *T, size_t *covered, size_t *total)
{
    /* Two columns, aligned over the whole report: location, condition. */
    size_t wloc = 0, wdesc = 0;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    for (size_t i = 0; i < T->ncov; i++) {
        const cov_entry *e = &T->cov[i];
        cdc_buf_reset(&b);
        cdc_buf_printf(&b, "%s:%u:%u", e->filter->src->path, e->cond->pos.line,
                       e->cond->pos.col);
        if (text_width(b.data) > wloc)
            wloc = text_width(b.data);
        cdc_buf_reset(&b);
        cov_label(e, &b);
        if (text_width(b.data) > wdesc)
            wdesc = text_width(b.data);
    }
    *covered = *total = 0;
    for (size_t i = 0; i < T->ncov;) {
        const cdc_filter *f = T->cov[i].filter;
        size_t j = i, num = 0;
        for (; j < T->ncov && T->cov[j].filter == f; j++)
            num += (size_t)T->cov[j].seen_true + (size_t)T->cov[j].seen_not_true;
        size_t den = 2 * (j - i);
        char pct[32];
        format_pct(pct, sizeof pct, num, den);
        printf("coverage: %s %s (%zu/%zu outcomes)\n", f->id.s, pct, num, den);
        for (; i < j; i++) {
            const cov_entry *e = &T->cov[i];
            cdc_buf_reset(&b);
            cdc_buf_printf(&b, "%s:%u:%u", f->src->path, e->cond->pos.line, e->cond->pos.col);
            printf("  %s%*s  ", b.data, (int)(wloc - text_width(b.data)), "");
            cdc_buf_reset(&b);
            cov_label(e, &b);
            printf("%s%*s  true: %-3s  false: %s\n", b.data, (int)(wdesc - text_width(b.data)),
                   "", e->seen_true ? "yes" : "no", e->seen_not_true ? "yes" : "no");
        }
        *covered += num;
        *total += den;
    }
    cdc_buf_release(&b);
    char pct[32];
    format_pct(pct, sizeof pct, *covered, *total);
    printf("coverage: %s of condition outcomes (%zu/%zu)\n", pct, *covered, *total);
}

/* ---- running ---- */

static void append_ids(const cdc_program *p, const bool *set, cdc_buf *out)
{
    cdc_buf_putc(out, '[');
    bool first = true;
    for (size_t i = 0; i < p->nfilters; i++) {
        if (!set[i])
            continue;
        cdc_buf_printf(out, "%s%s", first ? "" : ", ", p->filters[i]->id.s);
        first = false;
    }
    cdc_buf_putc(out, ']');
}

/* The trace line of one filter, without indentation or newline. */
static void trace_line(cdc_evaluator *ev, const cdc_filter *f, cdc_event *e, cdc_truth t,
                       cdc_buf *out, const cdc_cond **leaf_out)
{
    cdc_buf_printf(out, "%s: %s", f->id.s, cdc_truth_name(t));
    if (!f->generated || !f->cond) {
        cdc_buf_puts(out, " (not generated: routes nothing)");
        *leaf_out = NULL;
        return;
    }
    const cdc_cond *leaf = cdc_eval_decider(ev, f->cond, e);
    cdc_buf_puts(out, " decided by ");
    cdc_cond_describe(leaf, out);
    cdc_buf_printf(out, " at %s:%u:%u, value seen: ", f->src->path, leaf->pos.line,
                   leaf->pos.col);
    cdc_eval_field_text(ev, leaf, e, out);
    *leaf_out = leaf;
}

/* Runs one event of a test; on failure appends its report to out and, for
 * machine formats, records the failure as a diagnostic: one error per test
 * (opened at its first failing event, *reported) with a note per event and
 * per wrong filter. */
static bool run_event(tester *T, cdc_evaluator *ev, const test_case *tc, size_t k,
                      cdc_buf *out, bool machine, bool *reported)
{
    const cdc_program *p = T->prog;
    test_event *te = &tc->events[k];
    bool *routed = xcalloc(p->nfilters + 1, sizeof *routed);
    bool *want = xcalloc(p->nfilters + 1, sizeof *want);
    bool *forbid = xcalloc(p->nfilters + 1, sizeof *forbid);
    bool *wrong = xcalloc(p->nfilters + 1, sizeof *wrong);
    cdc_truth *truth = xcalloc(p->nfilters + 1, sizeof *truth);
    bool expect_ok = true, not_ok = true;
    for (size_t i = 0; i < p->nfilters; i++) {
        const cdc_filter *f = p->filters[i];
        truth[i] = f->generated ? cdc_eval_filter(ev, f, &te->ev) : CDC_FALSE;
        routed[i] = f->generated && truth[i] == CDC_TRUE;
        want[i] = tc->want[i] == WANT_ROUTE;
        forbid[i] = tc->want[i] == WANT_NOT;
        if (tc->has_expect && want[i] != routed[i])
            wrong[i] = true, expect_ok = false;
        if (forbid[i] && routed[i])
            wrong[i] = true, not_ok = false;
    }
    bool ok = expect_ok && not_ok;
    if (!ok) {
        cdc_buf line = CDC_BUF_INIT;
        cdc_buf_init(&line);
        char *js = json_dumps(te->json, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (tc->events_list)
            cdc_buf_printf(out, "  event %zu of %zu: %s\n", k + 1, tc->nevents, js ? js : "?");
        else
            cdc_buf_printf(out, "  event: %s\n", js ? js : "?");
        if (!expect_ok) {
            cdc_buf_puts(&line, "expected: ");
            append_ids(p, want, &line);
            cdc_buf_printf(out, "  %s\n", line.data);
        }
        if (!not_ok) {
            cdc_buf_reset(&line);
            cdc_buf_puts(&line, "must not route: ");
            append_ids(p, forbid, &line);
            cdc_buf_printf(out, "  %s\n", line.data);
        }
        cdc_buf_reset(&line);
        cdc_buf_puts(&line, "actual: ");
        append_ids(p, routed, &line);
        cdc_buf_printf(out, "  %s\n", line.data);
        if (machine && !*reported) {
            cdc_diag_error(T->diags, tc->src, tc->node->pos, "test-failed", "test '%s' failed",
                           tc->name);
            *reported = true;
        }
        if (machine) {
            cdc_buf summary = CDC_BUF_INIT;
            cdc_buf_init(&summary);
            if (tc->events_list)
                cdc_buf_printf(&summary, "event %zu of %zu: ", k + 1, tc->nevents);
            else
                cdc_buf_puts(&summary, "event: ");
            cdc_buf_puts(&summary, js ? js : "?");
            if (!expect_ok) {
                cdc_buf_puts(&summary, "; expected: ");
                append_ids(p, want, &summary);
            }
            if (!not_ok) {
                cdc_buf_puts(&summary, "; must not route: ");
                append_ids(p, forbid, &summary);
            }
            cdc_buf_printf(&summary, "; %s", line.data);
            cdc_diag_note(T->diags, tc->src, te->node->pos, "%s", summary.data);
            cdc_buf_release(&summary);
        }
        free(js);
        for (size_t i = 0; i < p->nfilters; i++) {
            if (!wrong[i])
                continue;
            const cdc_cond *leaf;
            cdc_buf_reset(&line);
            trace_line(ev, p->filters[i], &te->ev, truth[i], &line, &leaf);
            cdc_buf_printf(out, "  %s\n", line.data);
            if (machine)
                cdc_diag_note(T->diags, leaf ? p->filters[i]->src : tc->src,
                              leaf ? leaf->pos : te->node->pos, "%s", line.data);
        }
        cdc_buf_release(&line);
    }
    free(routed);
    free(want);
    free(forbid);
    free(wrong);
    free(truth);
    return ok;
}

static bool run_case(tester *T, cdc_evaluator *ev, const test_case *tc, bool machine)
{
    cdc_buf report = CDC_BUF_INIT;
    cdc_buf_init(&report);
    bool ok = true, reported = false;
    for (size_t k = 0; k < tc->nevents; k++)
        ok &= run_event(T, ev, tc, k, &report, machine, &reported);
    if (!ok)
        printf("%s:%u:%u: error: test '%s' failed [test-failed]\n%s", tc->src->path,
               tc->node->pos.line, tc->node->pos.col, tc->name, report.data);
    cdc_buf_release(&report);
    return ok;
}

static void release_cases(tester *T)
{
    for (size_t i = 0; i < T->ncases; i++) {
        test_case *tc = T->cases[i];
        for (size_t k = 0; k < tc->nevents; k++) {
            if (tc->events[k].json) {
                cdc_event_release(&tc->events[k].ev);
                json_decref(tc->events[k].json);
            }
        }
    }
    free(T->cases);
    free(T->cov);
    free(T->cov_sorted);
}

/* Parses --min-coverage: a number from 0 to 100. */
static bool parse_percent(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno || !(v >= 0.0 && v <= 100.0)) {
        fprintf(stderr, "cdcgen test: --min-coverage takes a percentage from 0 to 100, not '%s'\n",
                s);
        return false;
    }
    *out = v;
    return true;
}

int cmd_test(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"coverage", no_argument, NULL, 'C'},
        {"min-coverage", required_argument, NULL, 'M'},
        {"config", required_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'F'},
        {"max-errors", required_argument, NULL, 'E'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cdc_opts o = {.format = CDC_DIAG_TEXT};
    bool coverage = false, have_min = false;
    double min_cov = 0.0;
    int c;
    while ((c = getopt_long(argc, argv, "+c:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'C': coverage = true; break;
        case 'M':
            if (!parse_percent(optarg, &min_cov))
                return CDC_EXIT_ERROR;
            have_min = coverage = true;
            break;
        case 'c': o.config_path = optarg; break;
        case 'E':
            if (!cdc_opts_max_errors(&o, optarg))
                return CDC_EXIT_ERROR;
            break;
        case 'F':
            if (!cdc_opts_format(&o, optarg))
                return CDC_EXIT_ERROR;
            break;
        case 'h': fputs(usage, stdout); return CDC_EXIT_OK;
        default: fputs(usage, stderr); return CDC_EXIT_ERROR;
        }
    }
    bool machine = o.format != CDC_DIAG_TEXT;

    cdc_run r;
    cdc_run_init(&r);
    tester T = {.run = &r, .arena = r.arena, .diags = &r.diags, .prog = &r.prog};

    /* Split the PATHs: test files are read here, everything else is the
     * driver's (directories are both). */
    int npaths = argc - optind;
    char **filter_paths = cdc_arena_alloc(r.arena, ((size_t)npaths + 1) * sizeof *filter_paths);
    int nfilter_paths = 0;
    cdc_path_list test_files = {0};
    cdc_path_list test_dirs = {0};
    for (int i = optind; i < argc; i++) {
        struct stat st;
        bool is_dir = strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode);
        if (is_dir) {
            filter_paths[nfilter_paths++] = argv[i];
            cdc_path_list_push(&test_dirs, argv[i]);
        } else if (cdc_is_test_file(argv[i])) {
            if (stat(argv[i], &st) != 0) {
                cdc_diag_error(&r.diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                               "cannot read '%s': %s", argv[i], strerror(errno));
                r.io_error = true;
            }
            cdc_path_list_push(&test_files, argv[i]);
        } else {
            filter_paths[nfilter_paths++] = argv[i];
        }
    }
    if (npaths > 0 && nfilter_paths == 0) {
        /* Only test files: their directories hold the filters. */
        for (size_t i = 0; i < test_files.n; i++) {
            const char *slash = strrchr(test_files.v[i], '/');
            char *dir = slash ? cdc_arena_strndup(r.arena, test_files.v[i],
                                                  (size_t)(slash - test_files.v[i]) + 1)
                              : cdc_arena_strdup(r.arena, ".");
            bool seen = false;
            for (int k = 0; k < nfilter_paths && !seen; k++)
                seen = strcmp(filter_paths[k], dir) == 0;
            if (!seen)
                filter_paths[nfilter_paths++] = dir;
        }
    }

    bool compiled = !r.io_error && cdc_run_compile(&r, &o, filter_paths, nfilter_paths);
    if (!compiled) {
        free(test_files.v);
        free(test_dirs.v);
        int status = cdc_run_finish(&r, &o);
        cdc_run_release(&r);
        return status;
    }

    /* The test files, in PATH order; directories sorted, depth first. */
    cdc_path_list all_tests = {0};
    size_t next_file = 0, next_dir = 0;
    if (npaths == 0) {
        cdc_walk_dir(&r, "filters", cdc_is_test_file, &all_tests);
    } else {
        for (int i = optind; i < argc; i++) {
            if (next_dir < test_dirs.n && test_dirs.v[next_dir] == argv[i])
                cdc_walk_dir(&r, test_dirs.v[next_dir++], cdc_is_test_file, &all_tests);
            else if (next_file < test_files.n && test_files.v[next_file] == argv[i])
                cdc_path_list_push(&all_tests, test_files.v[next_file++]);
        }
    }
    free(test_files.v);
    free(test_dirs.v);

    T.ids = cdc_arena_alloc(r.arena, (r.prog.nfilters + 1) * sizeof *T.ids);
    for (size_t i = 0; i < r.prog.nfilters; i++)
        T.ids[i] = r.prog.filters[i]->id.s ? r.prog.filters[i]->id.s : "";
    for (size_t i = 0; i < all_tests.n; i++)
        read_test_file(&T, all_tests.v[i]);
    if (all_tests.n == 0 && !r.io_error)
        cdc_diag_error(&r.diags, NULL, (cdc_pos){0, 0, 0, 0}, "no-tests",
                       "no test files (*.test.yaml, *.test.yml) found");
    free(all_tests.v);

    /* Run every valid test. */
    cov_init(&T);
    cdc_evaluator *ev = cdc_eval_new(&r.prog);
    cdc_eval_set_hook(ev, cov_hook, &T);
    size_t passed = 0, failed = 0;
    for (size_t i = 0; i < T.ncases; i++) {
        if (!T.cases[i]->valid)
            continue;
        if (run_case(&T, ev, T.cases[i], machine))
            passed++;
        else
            failed++;
    }
    printf("tests: %zu passed, %zu failed", passed, failed);
    if (T.ninvalid)
        printf(", %zu not run (invalid)", T.ninvalid);
    putchar('\n');

    bool below = false;
    if (coverage) {
        size_t covered, total;
        print_coverage(&T, &covered, &total);
        if (have_min && (double)covered * 100.0 < min_cov * (double)total) {
            char pct[32];
            format_pct(pct, sizeof pct, covered, total);
            cdc_diag_error(&r.diags, NULL, (cdc_pos){0, 0, 0, 0}, "min-coverage",
                           "condition coverage %s (%zu/%zu outcomes) is below --min-coverage %g%%",
                           pct, covered, total, min_cov);
            below = true;
        }
    }
    if (cdc_eval_regex_limit_hits(ev)) {
        const cdc_filter *f;
        const cdc_cond *leaf = cdc_eval_regex_limit_first(ev, &f);
        cdc_diag_warning(&r.diags, NULL, (cdc_pos){0, 0, 0, 0}, "regex-limit",
                         "%lu regex matches hit the match limit and counted as UNKNOWN",
                         cdc_eval_regex_limit_hits(ev));
        if (f)
            cdc_diag_note(&r.diags, f->src, leaf->values[0].pos, "the first in filter '%s'",
                          f->id.s ? f->id.s : "?");
    }
    cdc_eval_free(ev);
    release_cases(&T);

    if (fflush(stdout) != 0 || ferror(stdout)) {
        cdc_diag_error(&r.diags, NULL, (cdc_pos){0, 0, 0, 0}, "io",
                       "cannot write to standard output: %s", strerror(errno ? errno : EIO));
        r.io_error = true;
    }
    int status = cdc_run_finish(&r, &o);
    if (status == CDC_EXIT_OK && (failed || below || T.ninvalid))
        status = CDC_EXIT_FINDINGS;
    cdc_run_release(&r);
    return status;
}
