/* Unit tests for eval.c, the reference semantics, through the public API:
 * programs are built from YAML text (cdc_yaml_load -> cdc_parse_file ->
 * cdc_check with the default config), events from JSON text. Expected
 * values follow DESIGN.md: SQL three-valued logic, NULL for missing, JSON
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

/* Events whose event_type / event_name make A and B below TRUE, FALSE or
 * UNKNOWN (missing field). */
static const char *const leaf_a = "{ field: event_type, operator: equals, value: A }";
static const char *const leaf_b = "{ field: event_name, operator: equals, value: B }";

static void event_for(cdc_truth a, cdc_truth b, char *out, size_t n)
{
    const char *va = a == T ? "\"event_type\": \"A\"" : a == F ? "\"event_type\": \"x\"" : NULL;
    const char *vb = b == T ? "\"event_name\": \"B\"" : b == F ? "\"event_name\": \"x\"" : NULL;
    snprintf(out, n, "{%s%s%s}", va ? va : "", va && vb ? ", " : "", vb ? vb : "");
}

static void check_table(const char *group, const cdc_truth want[3][3])
{
    static const cdc_truth vals[3] = {T, F, U};
    char cond[512];
    snprintf(cond, sizeof cond, "{ %s: [%s, %s] }", group, leaf_a, leaf_b);
    compile_cond(cond);
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 3; k++) {
            char json[128];
            event_for(vals[i], vals[k], json, sizeof json);
            cdc_truth got = eval1(json);
            if (got != want[i][k])
                fail_msg("%s(%s, %s): got %s, expected %s", group, cdc_truth_name(vals[i]),
                         cdc_truth_name(vals[k]), cdc_truth_name(got),
                         cdc_truth_name(want[i][k]));
        }
    }
}

static void test_and_truth_table(void **state)
{
    (void)state;
    /* rows: A = TRUE, FALSE, UNKNOWN; columns: B likewise (Kleene) */
    static const cdc_truth want[3][3] = {{T, F, U}, {F, F, F}, {U, F, U}};
    check_table("all", want);
}

static void test_or_truth_table(void **state)
{
    (void)state;
    static const cdc_truth want[3][3] = {{T, T, T}, {T, F, U}, {T, U, U}};
    check_table("any", want);
}

static void test_not_truth_table(void **state)
{
    (void)state;
    char cond[256];
    snprintf(cond, sizeof cond, "{ not: %s }", leaf_a);
    compile_cond(cond);
    assert_int_equal(eval1("{\"event_type\": \"A\"}"), F);
    assert_int_equal(eval1("{\"event_type\": \"x\"}"), T);
    assert_int_equal(eval1("{}"), U);
    /* not not UNKNOWN is still UNKNOWN */
    snprintf(cond, sizeof cond, "{ not: { not: %s } }", leaf_a);
    compile_cond(cond);
    assert_int_equal(eval1("{}"), U);
    assert_int_equal(eval1("{\"event_type\": \"A\"}"), T);
}

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

static void test_not_in_on_null(void **state)
{
    (void)state;
    const char *c = "{ field: event_type, operator: notIn, values: [CarCreated, CarServiceDone] }";
    expect_truth(c, "{}", U);                      /* missing: not routed */
    expect_truth(c, "{\"event_type\": null}", U);  /* JSON null */
    expect_truth(c, "{\"event_type\": \"LoanCreated\"}", T);
    expect_truth(c, "{\"event_type\": \"CarCreated\"}", F);
    const char *in = "{ field: event_type, operator: in, values: [CarCreated, CarServiceDone] }";
    expect_truth(in, "{}", U);
    expect_truth(in, "{\"event_type\": \"CarServiceDone\"}", T);
}

static void test_is_null(void **state)
{
    (void)state;
    const char *c = "{ field: event_type, operator: isNull }";
    expect_truth(c, "{}", T);
    expect_truth(c, "{\"event_type\": null}", T);
    expect_truth(c, "{\"event_type\": \"\"}", F); /* the empty string is no NULL */
    expect_truth(c, "{\"event_type\": 7}", T);    /* wrong type reads as NULL */
    const char *nn = "{ field: event_type, operator: isNotNull }";
    expect_truth(nn, "{}", F);
    expect_truth(nn, "{\"event_type\": \"x\"}", T);
    /* paths into JSON columns: missing column, missing key, null key */
    const char *p = "{ field: header_data.dealerId, operator: isNull }";
    expect_truth(p, "{}", T);
    expect_truth(p, "{\"header_data\": \"{}\"}", T);
    expect_truth(p, "{\"header_data\": \"{\\\"dealerId\\\": null}\"}", T);
    expect_truth(p, "{\"header_data\": \"{\\\"dealerId\\\": \\\"D1\\\"}\"}", F);
    expect_truth(p, "{\"header_data\": \"not json\"}", T);
}

static void test_wrong_json_type_is_null(void **state)
{
    (void)state;
    const char *c = "{ field: event_type, operator: equals, value: \"42\" }";
    expect_truth(c, "{\"event_type\": 42}", U);
    expect_truth(c, "{\"event_type\": \"42\"}", T);
    expect_truth(c, "{\"event_type\": [\"42\"]}", U);
    expect_truth(c, "{\"event_type\": {\"v\": \"42\"}}", U);
    expect_truth(c, "{\"event_type\": true}", U);
    const char *n = "{ field: header_data.amount, operator: greaterThan, value: 10 }";
    expect_truth(n, "{\"header_data\": \"{\\\"amount\\\": \\\"25\\\"}\"}", U);
    expect_truth(n, "{\"header_data\": \"{\\\"amount\\\": true}\"}", U);
    const char *b = "{ field: header_data.active, operator: equals, value: true }";
    expect_truth(b, "{\"header_data\": \"{\\\"active\\\": true}\"}", T);
    expect_truth(b, "{\"header_data\": \"{\\\"active\\\": \\\"true\\\"}\"}", U);
    expect_truth(b, "{\"header_data\": \"{\\\"active\\\": 1}\"}", U);
}

/* ---- strings by code point ---- */

static void test_string_code_point_order(void **state)
{
    (void)state;
    /* é is U+00E9, above z (U+007A): byte and code point order agree */
    expect_truth("{ field: event_name, operator: greaterThan, value: z }",
                 "{\"event_name\": \"\\u00e9\"}", T);
    expect_truth("{ field: event_name, operator: lessThan, value: \"\xc3\xa9\" }",
                 "{\"event_name\": \"z\"}", T);
    /* Upper case sorts before lower case; no locale collation */
    expect_truth("{ field: event_name, operator: lessThan, value: a }",
                 "{\"event_name\": \"Z\"}", T);
    /* U+1D538 (astral, a surrogate pair in UTF-16) is above U+FF5A by code
     * point, although its UTF-16 units (D835 DD38) sort below FF5A. */
    expect_truth("{ field: event_name, operator: greaterThan, value: \"\xef\xbd\x9a\" }",
                 "{\"event_name\": \"\\ud835\\udd38\"}", T);
    expect_truth("{ field: event_name, operator: equals, value: \"\xf0\x9f\x98\x80\" }",
                 "{\"event_name\": \"\\ud83d\\ude00\"}", T);
    /* A prefix sorts first */
    expect_truth("{ field: event_name, operator: lessThan, value: Loan }",
                 "{\"event_name\": \"Lo\"}", T);
    expect_truth("{ field: event_name, operator: between, min: A, max: M }",
                 "{\"event_name\": \"M\"}", T);
    expect_truth("{ field: event_name, operator: between, min: A, max: M }",
                 "{\"event_name\": \"Ma\"}", F);
}

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

static void test_array_index_paths(void **state)
{
    (void)state;
    const char *c = "{ field: 'header_data.items[1].sku', operator: equals, value: B-2 }";
    const char *ev_json =
        "{\"header_data\": \"{\\\"items\\\": [{\\\"sku\\\": \\\"A-1\\\"}, {\\\"sku\\\": "
        "\\\"B-2\\\"}]}\"}";
    expect_truth(c, ev_json, T);
    expect_truth("{ field: 'header_data.items[0].sku', operator: equals, value: B-2 }", ev_json,
                 F);
    /* out of range, or not an array: NULL */
    expect_truth("{ field: 'header_data.items[2].sku', operator: equals, value: B-2 }", ev_json,
                 U);
    expect_truth(c, "{\"header_data\": \"{\\\"items\\\": {\\\"1\\\": {\\\"sku\\\": "
                    "\\\"B-2\\\"}}}\"}",
                 U);
    expect_truth("{ field: 'header_data.items[2]', operator: isNull }", ev_json, T);
    expect_truth("{ field: 'header_data.tags[0]', operator: equals, value: vip }",
                 "{\"header_data\": \"{\\\"tags\\\": [\\\"vip\\\"]}\"}", T);
}

/* ---- timestamps ---- */

static void test_timestamps_with_offsets(void **state)
{
    (void)state;
    /* 12:30+02:00 is 10:30Z: one instant, whatever the offset */
    const char *ev_json = "{\"created_date\": \"2024-01-15T12:30:00.123456789+02:00\"}";
    expect_truth("{ field: created_date, operator: greaterThan, value: \"2024-01-15T10:30:00.123Z\" }",
                 ev_json, T); /* 456789 ns past the literal's millisecond */
    expect_truth("{ field: created_date, operator: equals, value: \"2024-01-15T10:30:00.123Z\" }",
                 ev_json, F);
    expect_truth("{ field: created_date, operator: lessThan, value: \"2024-01-15T10:30:00.124Z\" }",
                 ev_json, T);
    expect_truth("{ field: created_date, operator: lessThan, value: \"2024-01-15T12:30:00.124+02:00\" }",
                 ev_json, T);
    expect_truth("{ field: created_date, operator: equals, value: \"2024-01-15T10:30:00Z\" }",
                 "{\"created_date\": \"2024-01-15T05:00:00-05:30\"}", T);
    expect_truth("{ field: created_date, operator: between, min: \"2024-01-01T00:00:00Z\", "
                 "max: \"2024-12-31T23:59:59.999Z\" }",
                 "{\"created_date\": \"2025-01-01T00:59:59+01:00\"}", T);
    /* timestamps inside header_data (declared keys) */
    expect_truth("{ field: header_data.createdDate, operator: lessThan, value: \"2024-01-16T00:00:00Z\" }",
                 "{\"header_data\": \"{\\\"createdDate\\\": \\\"2024-01-15T23:59:59.999999999Z\\\"}\"}",
                 T);
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

static void test_malformed_timestamp_is_null(void **state)
{
    (void)state;
    const char *gt = "{ field: created_date, operator: greaterThan, value: \"2024-01-01T00:00:00Z\" }";
    expect_truth(gt, "{\"created_date\": \"2024-13-45T00:00:00Z\"}", U);
    expect_truth(gt, "{\"created_date\": \"2024-01-15T10:30:00\"}", U); /* no offset */
    expect_truth(gt, "{\"created_date\": \"yesterday\"}", U);
    expect_truth(gt, "{\"created_date\": 1705314600000}", U); /* a number is no ISO text */
    expect_truth(gt, "{\"created_date\": \"2024-01-15T10:30:00Z\"}", T);
    const char *nul = "{ field: created_date, operator: isNull }";
    expect_truth(nul, "{\"created_date\": \"2024-02-30T00:00:00Z\"}", T);
    expect_truth(nul, "{\"created_date\": \"2024-02-29T00:00:00Z\"}", F);
}

/* ---- regular expressions ---- */

static void test_matches_is_a_find(void **state)
{
    (void)state;
    const char *ev_json = "{\"event_type\": \"LoanPaymentSubmitted\"}";
    expect_truth("{ field: event_type, operator: matches, value: Payment }", ev_json, T);
    expect_truth("{ field: event_type, operator: matches, value: \"^Loan\" }", ev_json, T);
    expect_truth("{ field: event_type, operator: matches, value: \"Submitted$\" }", ev_json, T);
    expect_truth("{ field: event_type, operator: matches, value: \"^Payment\" }", ev_json, F);
    expect_truth("{ field: event_type, operator: matches, value: \"^Loan$\" }", ev_json, F);
    expect_truth("{ field: event_type, operator: matches, value: \"^Loan[A-Za-z]+$\" }",
                 ev_json, T);
    expect_truth("{ field: event_type, operator: matches, value: \"^loan\" }", ev_json, F);
    expect_truth("{ field: event_type, operator: matches, value: \"Loan\" }", "{}", U);
    /* code points, not bytes: . matches one é */
    expect_truth("{ field: event_name, operator: matches, value: \"^caf.$\" }",
                 "{\"event_name\": \"caf\\u00e9\"}", T);
}

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
    const char *src_ts =
        "{\"after\": {\"event_type\": \"LoanCreated\"}, \"op\": \"c\","
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
        "{ any: [{ field: __op, operator: in, values: [c, r] }, { not: { field: id, operator: isNull } }] }",
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
        cmocka_unit_test_teardown(test_and_truth_table, teardown),
        cmocka_unit_test_teardown(test_or_truth_table, teardown),
        cmocka_unit_test_teardown(test_not_truth_table, teardown),
        cmocka_unit_test_teardown(test_top_level_condition_logic, teardown),
        cmocka_unit_test_teardown(test_not_in_on_null, teardown),
        cmocka_unit_test_teardown(test_is_null, teardown),
        cmocka_unit_test_teardown(test_wrong_json_type_is_null, teardown),
        cmocka_unit_test_teardown(test_string_code_point_order, teardown),
        cmocka_unit_test_teardown(test_numbers_in_header_data, teardown),
        cmocka_unit_test_teardown(test_array_index_paths, teardown),
        cmocka_unit_test_teardown(test_timestamps_with_offsets, teardown),
        cmocka_unit_test_teardown(test_epoch_ms, teardown),
        cmocka_unit_test_teardown(test_malformed_timestamp_is_null, teardown),
        cmocka_unit_test_teardown(test_matches_is_a_find, teardown),
        cmocka_unit_test_teardown(test_pathological_regex_terminates, teardown),
        cmocka_unit_test_teardown(test_debezium_envelope, teardown),
        cmocka_unit_test_teardown(test_bad_events, teardown),
        cmocka_unit_test_teardown(test_hook_sees_every_condition, teardown),
        cmocka_unit_test_teardown(test_decider_and_describe, teardown),
    };
    return cmocka_run_group_tests_name("eval", tests, NULL, NULL);
}
