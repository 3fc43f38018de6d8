/* Unit tests for eval.c through its C API: programs are built from YAML
 * text (cdc_yaml_load -> cdc_parse_file -> cdc_check with the default
 * config), events from JSON text.
 *
 * The semantics themselves (three-valued logic, conditionLogic, NULLs,
 * strings, numbers and paths, timestamps and offsets, epoch milliseconds,
 * `matches`, Debezium envelopes: an event, a filter and the routing
 * expected) are data, not C: tests/semantics/, run by `cdcgen test` (make
 * check-semantics) and by every oracle of the differential (make
 * check-diff). What stays here needs the API: the evaluator's state after
 * the regex match limit (and how long a polynomial pattern takes, whose
 * value the limit may turn UNKNOWN), the route index against evaluating
 * every filter, what cdc_event_init refuses and says, the coverage hook,
 * the decider (once per evaluation) and the descriptions of conditions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/config.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/check.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/lang/parse.h"
#include "cdcgen/lang/schema.h"
#include "cdcgen/sem/eval.h"
#include "fixture.h"

/* One compiled program per call of compile(); released by teardown. */
static fx_program *unit;
static cdc_evaluator *ev;

static int teardown(void **state)
{
    (void)state;
    cdc_eval_free(ev);
    ev = NULL;
    if (unit)
        fx_program_teardown((void **)&unit);
    unit = NULL;
    return 0;
}

/* Compiles a whole filter file; fails the test on any error. */
static void compile_file(const char *yaml)
{
    teardown(NULL);
    if (fx_program_setup((void **)&unit, sizeof *unit) != 0)
        fail_msg("no memory for the fixture");
    fx_add_file(unit, "test.yaml", yaml);
    if (!cdc_check(&unit->p, unit->a, &unit->cfg, &unit->d) || unit->d.nerrors) {
        cdc_diags_render(&unit->d, stdout, CDC_DIAG_TEXT, false);
        fail_msg("the program does not compile:\n%s", yaml);
    }
    ev = cdc_eval_new(&unit->p);
}

/* One filter "t" whose conditions list holds the flow-style conditions
 * given (one per line); logic is AND or OR. */
static void compile_conds(const char *logic, const char *const *conds, size_t n)
{
    char buf[8192];
    int len = snprintf(buf, sizeof buf,
                       "version: 1\n"
                       "filters:\n"
                       "  - id: t\n"
                       "    name: unit test filter\n"
                       "    consumerId: unit\n"
                       "    outputTopic: unit-topic\n"
                       "    conditionLogic: %s\n"
                       "    conditions:\n",
                       logic);
    for (size_t i = 0; i < n; i++)
        len += snprintf(buf + len, sizeof buf - (size_t)len, "      - %s\n", conds[i]);
    assert_true(len > 0 && (size_t)len < sizeof buf);
    compile_file(buf);
}

static void compile_cond(const char *cond)
{
    compile_conds("AND", &cond, 1);
}

/* Truth value of the first filter for an event given as JSON text. */
static cdc_truth eval1(const char *json)
{
    json_error_t jerr;
    json_t *j = json_loads(json, 0, &jerr);
    if (!j)
        fail_msg("bad JSON in test: %s: %s", json, jerr.text);
    cdc_event e;
    const char *err = NULL;
    if (!cdc_event_init(&e, &unit->p, j, &err))
        fail_msg("not an event: %s: %s", json, err);
    json_decref(j);
    assert_true(unit->p.nfilters > 0);
    cdc_truth t = cdc_eval_filter(ev, unit->p.filters[0], &e);
    cdc_event_release(&e);
    return t;
}

#define T CDC_TRUE
#define F CDC_FALSE
#define U CDC_UNKNOWN

/* Two leaves for the hook and the bad-event tests. */
static const char *const leaf_a = "{ field: event_type, operator: equals, value: A }";
static const char *const leaf_b = "{ field: event_name, operator: equals, value: B }";

/* ---- regular expressions ---- */

static void test_pathological_regex_terminates(void **state)
{
    (void)state;
    /* check refuses exponential patterns such as (a+)+$; a polynomial one
     * still passes and needs the match limit. */
    compile_cond("{ field: event_type, operator: matches, value: \"a*a*a*a*a*a*[bc]\" }");
    char json[128];
    snprintf(json, sizeof json, "{\"event_type\": \"%s\"}",
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaad"); /* 40 a's and a d */
    clock_t t0 = clock();
    cdc_truth got = eval1(json);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    /* No match exists; the match limit may stop the search first (UNKNOWN). */
    if (got == CDC_TRUE)
        fail_msg("a*a*a*a*a*a*[bc] matched 40 a's and a d");
    if (secs > 5.0)
        fail_msg("a*a*a*a*a*a*[bc] took %.1f s", secs);
    /* The evaluator keeps working afterwards. */
    snprintf(json, sizeof json, "{\"event_type\": \"aab\"}");
    assert_int_equal(eval1(json), T);
}

/* ---- routing through the index ---- */

static cdc_event event_of(const char *json)
{
    json_t *j = cdc_event_json_parse(json, strlen(json), 0, NULL, NULL);
    assert_non_null(j);
    cdc_event e;
    const char *err = NULL;
    if (!cdc_event_init(&e, &unit->p, j, &err))
        fail_msg("not an event: %s: %s", json, err);
    json_decref(j);
    return e;
}

/* The indexed routing must route exactly as evaluating every filter does:
 * filters indexed by event_type (equals, in, a one-condition OR), filters
 * that cannot be (OR of two, a NOT, a path, notIn, another column), and
 * events with the value missing, null, of another type, or unlisted. */
static void test_route_index_agrees(void **state)
{
    (void)state;
    compile_file(
        "version: 1\n"
        "filters:\n"
        "  - { id: a, name: a, consumerId: c, outputTopic: a, conditions: [\n"
        "      { field: event_type, operator: equals, value: A },\n"
        "      { field: __op, operator: equals, value: c } ] }\n"
        "  - { id: b, name: b, consumerId: c, outputTopic: b, conditions: [\n"
        "      { field: event_type, operator: in, values: [A, B, B] } ] }\n"
        "  - { id: c, name: c, consumerId: c, outputTopic: c, conditionLogic: OR,\n"
        "      conditions: [ { field: event_type, operator: equals, value: C } ] }\n"
        "  - { id: d, name: d, consumerId: c, outputTopic: d, conditionLogic: OR,\n"
        "      conditions: [ { field: event_type, operator: equals, value: X },\n"
        "                    { field: __op, operator: equals, value: d } ] }\n"
        "  - { id: e, name: e, consumerId: c, outputTopic: e, conditions: [\n"
        "      { not: { field: event_type, operator: equals, value: A } } ] }\n"
        "  - { id: f, name: f, consumerId: c, outputTopic: f, conditions: [\n"
        "      { field: event_type, operator: notIn, values: [A] } ] }\n"
        "  - { id: g, name: g, consumerId: c, outputTopic: g, conditions: [\n"
        "      { field: event_name, operator: equals, value: A } ] }\n"
        "  - { id: h, name: h, consumerId: c, outputTopic: h, enabled: false, conditions: [\n"
        "      { field: event_type, operator: equals, value: A } ] }\n"
        "  - { id: i, name: i, consumerId: c, outputTopic: i, conditions: [\n"
        "      { field: header_data.kind, operator: equals, value: A } ] }\n");
    static const char *const events[] = {
        "{\"event_type\": \"A\", \"__op\": \"c\"}",
        "{\"event_type\": \"A\", \"__op\": \"d\", \"event_name\": \"A\"}",
        "{\"event_type\": \"B\"}",
        "{\"event_type\": \"C\", \"header_data\": \"{\\\"kind\\\": \\\"A\\\"}\"}",
        "{\"event_type\": \"Z\", \"__op\": \"d\"}",
        "{\"event_type\": null, \"__op\": \"d\"}",
        "{\"event_type\": 5}",
        "{\"__op\": \"d\"}",
        "{\"event_type\": \"A\\u0000B\"}",
    };
    size_t *got = calloc(unit->p.nfilters, sizeof *got);
    for (size_t k = 0; k < ARRAY_SIZE(events); k++) {
        cdc_event e = event_of(events[k]);
        size_t n = cdc_eval_route(ev, &e, got), m = 0;
        for (size_t i = 0; i < unit->p.nfilters; i++) {
            bool routes = unit->p.filters[i]->generated &&
                          cdc_eval_filter(ev, unit->p.filters[i], &e) == CDC_TRUE;
            if (!routes)
                continue;
            if (m >= n || got[m] != i)
                fail_msg("event %s: the index misses filter %s", events[k],
                         unit->p.filters[i]->id.s);
            m++;
        }
        if (m != n)
            fail_msg("event %s: the index routes %zu filters, evaluation %zu", events[k], n, m);
        cdc_event_release(&e);
    }
    free(got);
}

/* The decider evaluates the tree once: a match given up at the limit is
 * counted once per evaluation, not again for explaining it. */
static void test_decider_counts_no_limit_twice(void **state)
{
    (void)state;
    /* check refuses exponential patterns; a polynomial one hits the limit. */
    compile_cond("{ any: [ { field: event_type, operator: matches, value: "
                 "\"a*a*a*a*a*a*[bc]\" }, { field: __op, operator: equals, value: d } ] }");
    char json[160];
    snprintf(json, sizeof json, "{\"event_type\": \"%s\", \"__op\": \"c\"}",
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaad");
    cdc_event e = event_of(json);
    cdc_truth t = cdc_eval_filter(ev, unit->p.filters[0], &e);
    unsigned long hits = cdc_eval_regex_limit_hits(ev);
    if (hits == 0)
        skip(); /* this PCRE2 found no match within the limit: nothing to count */
    assert_int_equal(t, U);
    const cdc_cond *leaf = cdc_eval_decider(ev, unit->p.filters[0]->cond, &e);
    assert_int_equal(leaf->op, CDC_OP_MATCHES);
    assert_int_equal(cdc_eval_regex_limit_hits(ev), hits);
    cdc_event_release(&e);
}

/* ---- events the API refuses ---- */

static void test_bad_events(void **state)
{
    (void)state;
    compile_cond(leaf_a);
    static const char *const bad[] = {
        "[1, 2]",
        "\"LoanCreated\"",
        "{\"op\": \"c\", \"after\": 5}",
        "{\"op\": \"c\", \"after\": null, \"before\": null}",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        json_t *j = json_loads(bad[i], JSON_DECODE_ANY, NULL);
        assert_non_null(j);
        cdc_event e;
        const char *err = NULL;
        if (cdc_event_init(&e, &unit->p, j, &err)) {
            cdc_event_release(&e);
            fail_msg("accepted as an event: %s", bad[i]);
        }
        assert_non_null(err);
        json_decref(j);
    }
}

/* ---- coverage hook, decider, descriptions ---- */

typedef struct hook_log {
    int calls;
    int leaves;
} hook_log;

static void count_hook(void *ctx, const cdc_filter *f, const cdc_cond *c, cdc_truth v)
{
    (void)f;
    (void)v;
    hook_log *log = ctx;
    log->calls++;
    log->leaves += c->kind == CDC_COND_LEAF;
}

static void test_hook_sees_every_condition(void **state)
{
    (void)state;
    char cond[512];
    snprintf(cond, sizeof cond, "{ any: [%s, { not: %s }] }", leaf_a, leaf_b);
    const char *conds[] = {leaf_a, cond};
    compile_conds("AND", conds, 2);
    hook_log log = {0, 0};
    cdc_eval_set_hook(ev, count_hook, &log);
    /* A is FALSE, which decides the AND, yet everything is evaluated:
     * root, A, any, A, not, B = 6 conditions, 3 of them leaves. */
    assert_int_equal(eval1("{\"event_type\": \"x\"}"), F);
    assert_int_equal(log.calls, 6);
    assert_int_equal(log.leaves, 3);
    cdc_eval_set_hook(ev, NULL, NULL);
}

static void test_decider_and_describe(void **state)
{
    (void)state;
    const char *conds[] = {
        "{ field: event_type, operator: equals, value: LoanCreated }",
        "{ field: header_data.amount, operator: between, min: 100, max: 200 }",
        "{ any: [{ field: __op, operator: in, values: [c, r] }, { not: { field: id, operator: "
        "isNull } }] }",
    };
    compile_conds("AND", conds, 3);
    const cdc_filter *f = unit->p.filters[0];
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_cond_describe(f->cond->kids[0], &b);
    assert_string_equal(b.data, "event_type equals \"LoanCreated\"");
    cdc_buf_reset(&b);
    cdc_cond_describe(f->cond->kids[1], &b);
    assert_string_equal(b.data, "header_data.amount between 100 and 200");
    cdc_buf_reset(&b);
    cdc_cond_describe(f->cond->kids[2], &b);
    assert_string_equal(b.data, "any (2 conditions)");
    cdc_buf_reset(&b);
    cdc_cond_describe(f->cond->kids[2]->kids[0], &b);
    assert_string_equal(b.data, "__op in \"c\", \"r\"");
    cdc_buf_reset(&b);
    cdc_cond_describe(f->cond->kids[2]->kids[1], &b);
    assert_string_equal(b.data, "not");
    cdc_buf_reset(&b);
    cdc_cond_describe(f->cond->kids[2]->kids[1]->kids[0], &b);
    assert_string_equal(b.data, "id isNull");

    /* The decider of a FALSE AND is its first FALSE child; the value seen
     * is the event's JSON text, or "missing". */
    json_t *j = json_loads("{\"event_type\": \"LoanCreated\", \"header_data\": "
                           "\"{\\\"amount\\\": 300}\", \"__op\": \"c\"}",
                           0, NULL);
    assert_non_null(j);
    cdc_event e;
    const char *err = NULL;
    assert_true(cdc_event_init(&e, &unit->p, j, &err));
    json_decref(j);
    assert_int_equal(cdc_eval_filter(ev, f, &e), F);
    const cdc_cond *leaf = cdc_eval_decider(ev, f->cond, &e);
    assert_ptr_equal(leaf, f->cond->kids[1]);
    cdc_buf_reset(&b);
    cdc_eval_field_text(ev, leaf, &e, &b);
    assert_string_equal(b.data, "300");
    cdc_buf_reset(&b);
    cdc_eval_field_text(ev, f->cond->kids[2]->kids[1]->kids[0], &e, &b);
    assert_string_equal(b.data, "missing");
    cdc_event_release(&e);
    cdc_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_pathological_regex_terminates, teardown),
        cmocka_unit_test_teardown(test_bad_events, teardown),
        cmocka_unit_test_teardown(test_hook_sees_every_condition, teardown),
        cmocka_unit_test_teardown(test_decider_and_describe, teardown),
        cmocka_unit_test_teardown(test_route_index_agrees, teardown),
        cmocka_unit_test_teardown(test_decider_counts_no_limit_twice, teardown),
    };
    return cmocka_run_group_tests_name("eval", tests, NULL, NULL);
}
