/* Unit tests for eval.c, the reference semantics, through the public API:
 * programs are built from YAML text (cdc_yaml_load -> cdc_parse_file ->
 * cdc_check with the default config), events from JSON text. Expected
 * values follow the semantics of man/cdcgen.1: SQL three-valued logic, NULL for missing, JSON
 * null, wrongly typed and unparsable values, strings by code point, numbers
 * as numbers, timestamps as instants, `matches` as a find. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cdcgen/check.h"
#include "cdcgen/eval.h"
#include "cdcgen/schema.h"

/* One compiled program per call of compile(); released by teardown. */
static cdc_arena *arena;
static cdc_program prog;
static cdc_evaluator *ev;

static int teardown(void **state)
{
    (void)state;
    cdc_eval_free(ev);
    ev = NULL;
    cdc_arena_free(arena);
    arena = NULL;
    memset(&prog, 0, sizeof prog);
    return 0;
}

/* Compiles a whole filter file; fails the test on any error. */
static void compile_file(const char *yaml)
{
    teardown(NULL);
    arena = cdc_arena_new();
    cdc_diags d;
    cdc_diags_init(&d, arena);
    const cdc_source *src = cdc_source_from_string(arena, "test.yaml", yaml, strlen(yaml));
    prog.schema = cdc_schema_builtin();
    const cdc_ynode *root = cdc_yaml_load(arena, src, &d);
    if (root)
        cdc_parse_file(&prog, arena, src, root, &d);
    cdc_config cfg;
    cdc_config_defaults(&cfg);
    if (!root || !cdc_check(&prog, arena, &cfg, &d) || d.nerrors) {
        cdc_diags_render(&d, stdout, CDC_DIAG_TEXT, false);
        fail_msg("the program does not compile:\n%s", yaml);
    }
    ev = cdc_eval_new(&prog);
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

/* Truth value of filter k for an event given as JSON text. */
static cdc_truth eval_k(size_t k, const char *json)
{
    json_error_t jerr;
    json_t *j = json_loads(json, 0, &jerr);
    if (!j)
        fail_msg("bad JSON in test: %s: %s", json, jerr.text);
    cdc_event e;
    const char *err = NULL;
    if (!cdc_event_init(&e, &prog, j, &err))
        fail_msg("not an event: %s: %s", json, err);
    json_decref(j);
    assert_true(k < prog.nfilters);
    cdc_truth t = cdc_eval_filter(ev, prog.filters[k], &e);
    cdc_event_release(&e);
    return t;
}

static cdc_truth eval1(const char *json)
{
    return eval_k(0, json);
}

#define T CDC_TRUE
#define F CDC_FALSE
#define U CDC_UNKNOWN

static void expect_truth(const char *cond, const char *json, cdc_truth want)
{
    compile_cond(cond);
    cdc_truth got = eval1(json);
    if (got != want)
        fail_msg("%s on %s: got %s, expected %s", cond, json, cdc_truth_name(got),
                 cdc_truth_name(want));
}

/* ---- three-valued logic ---- */

/* The truth tables, NULL handling, string order, JSON paths, malformed
 * timestamps and `matches` are specified as data: tests/semantics/, run by
 * `cdcgen test` (make check-semantics). What stays here needs the API. */
static const char *const leaf_a = "{ field: event_type, operator: equals, value: A }";
static const char *const leaf_b = "{ field: event_name, operator: equals, value: B }";

static void test_top_level_condition_logic(void **state)
{
    (void)state;
    const char *conds[] = {leaf_a, leaf_b};
    compile_conds("AND", conds, 2);
    assert_int_equal(eval1("{\"event_type\": \"A\", \"event_name\": \"B\"}"), T);
    assert_int_equal(eval1("{\"event_type\": \"A\"}"), U);
    assert_int_equal(eval1("{\"event_name\": \"x\"}"), F);
    compile_conds("OR", conds, 2);
    assert_int_equal(eval1("{\"event_type\": \"A\"}"), T);
    assert_int_equal(eval1("{\"event_type\": \"x\"}"), U);
    assert_int_equal(eval1("{\"event_type\": \"x\", \"event_name\": \"x\"}"), F);
}

/* ---- NULL handling ---- */

/* ---- strings by code point ---- */

/* ---- numbers and paths ---- */

static void test_numbers_in_header_data(void **state)
{
    (void)state;
    const char *c = "{ field: header_data.amount, operator: greaterThanOrEqual, value: 10000 }";
    expect_truth(c, "{\"header_data\": \"{\\\"amount\\\": 10000}\"}", T);
    expect_truth(c, "{\"header_data\": \"{\\\"amount\\\": 10000.0}\"}", T);
    expect_truth(c, "{\"header_data\": \"{\\\"amount\\\": 1e4}\"}", T);
    expect_truth(c, "{\"header_data\": \"{\\\"amount\\\": 9999.99}\"}", F);
    expect_truth(c, "{\"header_data\": \"{\\\"amount\\\": -20000}\"}", F);
    expect_truth(c, "{\"header_data\": \"{}\"}", U);
    /* numbers compare as numbers, not as text: 9 < 10 */
    const char *lt = "{ field: header_data.amount, operator: lessThan, value: 10 }";
    expect_truth(lt, "{\"header_data\": \"{\\\"amount\\\": 9}\"}", T);
    const char *bt = "{ field: header_data.amount, operator: between, min: 100, max: 250.75 }";
    expect_truth(bt, "{\"header_data\": \"{\\\"amount\\\": 100}\"}", T);
    expect_truth(bt, "{\"header_data\": \"{\\\"amount\\\": 250.75}\"}", T);
    expect_truth(bt, "{\"header_data\": \"{\\\"amount\\\": 250.76}\"}", F);
    /* A JSON column given inline as an object reads the same */
    expect_truth(c, "{\"header_data\": {\"amount\": 20000}}", T);
    /* Nested keys */
    expect_truth("{ field: header_data.loan.amount, operator: equals, value: 5 }",
                 "{\"header_data\": \"{\\\"loan\\\": {\\\"amount\\\": 5}}\"}", T);
}

/* ---- timestamps ---- */

static void test_timestamps_with_offsets(void **state)
{
    (void)state;
    /* 12:30+02:00 is 10:30Z: one instant, whatever the offset */
    const char *ev_json = "{\"created_date\": \"2024-01-15T12:30:00.123456789+02:00\"}";
    expect_truth(
        "{ field: created_date, operator: greaterThan, value: \"2024-01-15T10:30:00.123Z\" }",
        ev_json, T); /* 456789 ns past the literal's millisecond */
    expect_truth("{ field: created_date, operator: equals, value: \"2024-01-15T10:30:00.123Z\" }",
                 ev_json, F);
    expect_truth("{ field: created_date, operator: lessThan, value: \"2024-01-15T10:30:00.124Z\" }",
                 ev_json, T);
    expect_truth(
        "{ field: created_date, operator: lessThan, value: \"2024-01-15T12:30:00.124+02:00\" }",
        ev_json, T);
    expect_truth("{ field: created_date, operator: equals, value: \"2024-01-15T10:30:00Z\" }",
                 "{\"created_date\": \"2024-01-15T05:00:00-05:30\"}", T);
    expect_truth("{ field: created_date, operator: between, min: \"2024-01-01T00:00:00Z\", "
                 "max: \"2024-12-31T23:59:59.999Z\" }",
                 "{\"created_date\": \"2025-01-01T00:59:59+01:00\"}", T);
    /* timestamps inside header_data (declared keys) */
    expect_truth(
        "{ field: header_data.createdDate, operator: lessThan, value: \"2024-01-16T00:00:00Z\" }",
        "{\"header_data\": \"{\\\"createdDate\\\": \\\"2024-01-15T23:59:59.999999999Z\\\"}\"}", T);
}

static void test_epoch_ms(void **state)
{
    (void)state;
    expect_truth("{ field: __ts_ms, operator: equals, value: \"2024-01-15T10:30:00Z\" }",
                 "{\"__ts_ms\": 1705314600000}", T);
    expect_truth("{ field: __ts_ms, operator: greaterThan, value: \"2024-01-15T10:30:00Z\" }",
                 "{\"__ts_ms\": 1705314600001}", T);
    expect_truth("{ field: __ts_ms, operator: between, min: 1704067200000, max: 1735689599999 }",
                 "{\"__ts_ms\": 1735689599999}", T);
    /* before 1970 */
    expect_truth("{ field: __ts_ms, operator: lessThan, value: \"1970-01-01T00:00:00Z\" }",
                 "{\"__ts_ms\": -1}", T);
    expect_truth("{ field: __ts_ms, operator: equals, value: \"1969-12-31T23:59:59.999Z\" }",
                 "{\"__ts_ms\": -1}", T);
    /* epoch milliseconds as text or as a float are the wrong type */
    expect_truth("{ field: __ts_ms, operator: greaterThan, value: \"2024-01-15T10:30:00Z\" }",
                 "{\"__ts_ms\": \"1705314600001\"}", U);
    expect_truth("{ field: __ts_ms, operator: greaterThan, value: \"2024-01-15T10:30:00Z\" }",
                 "{\"__ts_ms\": 1705314600001.5}", U);
}

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
    if (!cdc_event_init(&e, &prog, j, &err))
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
    size_t *got = calloc(prog.nfilters, sizeof *got);
    for (size_t k = 0; k < ARRAY_SIZE(events); k++) {
        cdc_event e = event_of(events[k]);
        size_t n = cdc_eval_route(ev, &e, got), m = 0;
        for (size_t i = 0; i < prog.nfilters; i++) {
            bool routes =
                prog.filters[i]->generated && cdc_eval_filter(ev, prog.filters[i], &e) == CDC_TRUE;
            if (!routes)
                continue;
            if (m >= n || got[m] != i)
                fail_msg("event %s: the index misses filter %s", events[k], prog.filters[i]->id.s);
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
    cdc_truth t = cdc_eval_filter(ev, prog.filters[0], &e);
    unsigned long hits = cdc_eval_regex_limit_hits(ev);
    if (hits == 0)
        skip(); /* this PCRE2 found no match within the limit: nothing to count */
    assert_int_equal(t, U);
    const cdc_cond *leaf = cdc_eval_decider(ev, prog.filters[0]->cond, &e);
    assert_int_equal(leaf->op, CDC_OP_MATCHES);
    assert_int_equal(cdc_eval_regex_limit_hits(ev), hits);
    cdc_event_release(&e);
}

/* ---- events: Debezium envelopes ---- */

static void test_debezium_envelope(void **state)
{
    (void)state;
    const char *file =
        "version: 1\n"
        "filters:\n"
        "  - { id: created, name: c, consumerId: u, outputTopic: t-created,\n"
        "      conditions: [{ field: event_type, operator: equals, value: LoanCreated },\n"
        "                   { field: __op, operator: equals, value: c },\n"
        "                   { field: __table, operator: equals, value: event_headers },\n"
        "                   { field: __ts_ms, operator: equals, value: 1705314600000 },\n"
        "                   { field: __deleted, operator: equals, value: \"false\" }] }\n"
        "  - { id: deleted, name: d, consumerId: u, outputTopic: t-deleted,\n"
        "      conditions: [{ field: event_type, operator: equals, value: LoanCreated },\n"
        "                   { field: __op, operator: equals, value: d },\n"
        "                   { field: __deleted, operator: equals, value: \"true\" }] }\n";
    compile_file(file);
    const char *create =
        "{\"before\": null, \"after\": {\"id\": \"l1\", \"event_type\": \"LoanCreated\"},"
        " \"source\": {\"table\": \"event_headers\", \"ts_ms\": 1}, \"op\": \"c\","
        " \"ts_ms\": 1705314600000}";
    assert_int_equal(eval_k(0, create), T);
    assert_int_equal(eval_k(1, create), F);
    /* a delete routes on the before image, with __deleted "true" */
    const char *del =
        "{\"before\": {\"id\": \"l1\", \"event_type\": \"LoanCreated\"}, \"after\": null,"
        " \"source\": {\"table\": \"event_headers\"}, \"op\": \"d\", \"ts_ms\": 1705314600000}";
    assert_int_equal(eval_k(0, del), F);
    assert_int_equal(eval_k(1, del), T);
    /* ts_ms falls back to source.ts_ms */
    const char *src_ts = "{\"after\": {\"event_type\": \"LoanCreated\"}, \"op\": \"c\","
                         " \"source\": {\"table\": \"event_headers\", \"ts_ms\": 1705314600000}}";
    assert_int_equal(eval_k(0, src_ts), T);
    /* the same change event inside {"schema": ..., "payload": ...} */
    char wrapped[1024];
    snprintf(wrapped, sizeof wrapped, "{\"schema\": {\"type\": \"struct\"}, \"payload\": %s}",
             create);
    assert_int_equal(eval_k(0, wrapped), T);
    snprintf(wrapped, sizeof wrapped, "{\"schema\": null, \"payload\": %s}", del);
    assert_int_equal(eval_k(1, wrapped), T);
    /* a flat row (already flattened by ExtractNewRecordState) as it is */
    assert_int_equal(eval_k(0, "{\"event_type\": \"LoanCreated\", \"__op\": \"c\","
                               " \"__table\": \"event_headers\", \"__ts_ms\": 1705314600000,"
                               " \"__deleted\": \"false\"}"),
                     T);
}

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
        if (cdc_event_init(&e, &prog, j, &err)) {
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
    const cdc_filter *f = prog.filters[0];
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
    assert_true(cdc_event_init(&e, &prog, j, &err));
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
        cmocka_unit_test_teardown(test_top_level_condition_logic, teardown),
        cmocka_unit_test_teardown(test_numbers_in_header_data, teardown),
        cmocka_unit_test_teardown(test_timestamps_with_offsets, teardown),
        cmocka_unit_test_teardown(test_epoch_ms, teardown),
        cmocka_unit_test_teardown(test_pathological_regex_terminates, teardown),
        cmocka_unit_test_teardown(test_debezium_envelope, teardown),
        cmocka_unit_test_teardown(test_bad_events, teardown),
        cmocka_unit_test_teardown(test_hook_sees_every_condition, teardown),
        cmocka_unit_test_teardown(test_decider_and_describe, teardown),
        cmocka_unit_test_teardown(test_route_index_agrees, teardown),
        cmocka_unit_test_teardown(test_decider_counts_no_limit_twice, teardown),
    };
    return cmocka_run_group_tests_name("eval", tests, NULL, NULL);
}
