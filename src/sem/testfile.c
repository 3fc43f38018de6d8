/* sem/testfile.c: reading filter test files (include/cdcgen/sem/testfile.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/sem/testfile.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/strmap.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/sem/eval.h"
#include "cdcgen/sem/lint.h"

typedef test_suite tester;

#define ERROR(T, pos, code, ...) cdc_diag_error((T)->diags, (T)->src, (pos), (code), __VA_ARGS__)

void cdc_tests_init(tester *T, const cdc_program *p, cdc_arena *a, cdc_diags *d)
{
    memset(T, 0, sizeof *T);
    T->prog = p;
    T->arena = a;
    T->diags = d;
    cdc_strmap_init(&T->by_id);
    T->ids = cdc_arena_alloc(a, (p->nfilters + 1) * sizeof *T->ids);
    for (size_t i = 0; i < p->nfilters; i++) {
        const char *id = p->filters[i]->id.s ? p->filters[i]->id.s : "";
        T->ids[i] = id;
        cdc_strmap_put(&T->by_id, id, strlen(id), (void *)(uintptr_t)(i + 1));
    }
}

void cdc_tests_release(tester *T)
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
    cdc_strmap_release(&T->by_id);
}

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
    case CDC_Y_SCALAR: return scalar_json(T, n);
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

/* In the order cdcgen fmt writes the keys in. */
static const char *const file_keys[] = {"$schema", "version", "tests"};
static const char *const case_keys[] = {"name", "event", "events", "expect", "expectNot"};

const char *const *cdc_test_file_keys(size_t *n)
{
    *n = ARRAY_SIZE(file_keys);
    return file_keys;
}

const char *const *cdc_test_case_keys(size_t *n)
{
    *n = ARRAY_SIZE(case_keys);
    return case_keys;
}

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
    uintptr_t k = (uintptr_t)cdc_strmap_get(&T->by_id, id, strlen(id));
    return (ptrdiff_t)k - 1;
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
        cdc_lint_expectation(T->diags, &(cdc_lint_expect){T->src, item, key, T->prog->filters[k],
                                                          tc->want[k], mark});
        if (tc->want[k] == mark) /* listed twice: duplicate-filter */
            continue;
        if (tc->want[k] != WANT_NONE) {
            ERROR(T, item->pos, "conflicting-expectation",
                  "filter '%s' is in both 'expect' and 'expectNot'", item->str);
            ok = false;
            continue;
        }
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

/* names: the test names of this file so far, for duplicate-test. */
static void read_case(tester *T, const cdc_ynode *n, cdc_strmap *names)
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
        const cdc_ynode *first = cdc_strmap_put(names, name->str, name->len, (void *)name);
        if (first != name) {
            ERROR(T, name->pos, "duplicate-test", "a test named '%s' is already in this file",
                  name->str);
            cdc_diag_note(T->diags, T->src, first->pos, "'%s' first given here", name->str);
        }
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

void cdc_tests_read_file(tester *T, const char *path)
{
    cdc_source *src = cdc_source_read(T->arena, path);
    if (!src) {
        cdc_diag_error(T->diags, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot read '%s': %s", path,
                       strerror(errno));
        T->io_error = true;
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
    if (version &&
        !(version->kind == CDC_Y_SCALAR && !version->quoted && strcmp(version->str, "1") == 0))
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
    cdc_strmap names;
    cdc_strmap_init(&names);
    for (size_t i = 0; i < tests->n; i++)
        read_case(T, tests->items[i], &names);
    cdc_strmap_release(&names);
}
