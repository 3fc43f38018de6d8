/* Unit tests for parse.c and check.c: filter files as YAML strings through
 * cdc_yaml_load -> cdc_parse_file -> cdc_check, asserting the checked AST
 * and the exact diagnostics.
 *
 * The group "check timestamps and regexes" depends on src/base/instant.c
 * (cdc_parse_instant) and src/lang/regex.c (cdc_regex_check). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/instant.h"
#include "cdcgen/base/source.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/check.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/lang/parse.h"
#include "fixture.h"

typedef struct fix {
    fx_program x; /* first: fx_program_setup fills it */
    const cdc_source *src[8];
    size_t nsrc;
    bool ok; /* cdc_check's result */
} fix;

static int setup(void **state)
{
    return fx_program_setup(state, sizeof(fix));
}

/* Loads and parses one file; every file must be valid YAML. */
static void add_file(fix *f, const char *path, const char *text)
{
    assert_true(f->nsrc < ARRAY_SIZE(f->src));
    f->src[f->nsrc++] = fx_add_file(&f->x, path, text);
}

static void check(fix *f)
{
    f->ok = cdc_check(&f->x.p, f->x.a, &f->x.cfg, &f->x.d);
}

static void compile(fix *f, const char *text)
{
    add_file(f, "filters/t.yaml", text);
    check(f);
}

/* A file with one filter "f1" whose conditions are cond (YAML lines
 * indented by 6 spaces, each starting with "- " for a list item). */
static const char *one_filter(fix *f, const char *extra, const char *cond)
{
    return cdc_arena_printf(f->x.a,
                            "version: 1\n"
                            "filters:\n"
                            "  - id: f1\n"
                            "    name: N\n"
                            "    consumerId: c\n"
                            "    outputTopic: out-topic\n"
                            "%s"
                            "    conditions:\n"
                            "%s",
                            extra, cond);
}

static void compile_cond(fix *f, const char *cond)
{
    compile(f, one_filter(f, "", cond));
}

static const cdc_diag *nth_diag(const fix *f, size_t i)
{
    const cdc_diag *g = f->x.d.head;
    for (; g && i; i--)
        g = g->next;
    assert_non_null(g);
    return g;
}

/* Asserts the i-th diagnostic, in reporting order. */
static const cdc_diag *expect_diag(const fix *f, size_t i, cdc_severity sev, const char *code,
                                   uint32_t line, uint32_t col, const char *msg)
{
    const cdc_diag *g = nth_diag(f, i);
    assert_int_equal(g->sev, sev);
    assert_string_equal(g->code, code);
    assert_string_equal(g->msg, msg);
    assert_int_equal(g->pos.line, line);
    assert_int_equal(g->pos.col, col);
    return g;
}

static void expect_counts(const fix *f, unsigned errors, unsigned warnings)
{
    if (f->x.d.nerrors != errors || f->x.d.nwarnings != warnings) {
        for (const cdc_diag *g = f->x.d.head; g; g = g->next)
            print_message("  %u:%u [%s] %s\n", g->pos.line, g->pos.col, g->code, g->msg);
    }
    assert_int_equal(f->x.d.nerrors, errors);
    assert_int_equal(f->x.d.nwarnings, warnings);
}

static cdc_filter *filter(const fix *f, size_t i)
{
    assert_true(i < f->x.p.nfilters);
    return f->x.p.filters[i];
}

/* The i-th top-level condition of the first filter. */
static cdc_cond *leaf(const fix *f, size_t i)
{
    cdc_cond *root = filter(f, 0)->cond;
    assert_non_null(root);
    assert_true(i < root->nkids);
    return root->kids[i];
}

/* ---- accepted programs ---- */

static const char seed_filter[] = "# Routing rule from the seed system, as YAML.\n"
                                  "version: 1\n"
                                  "filters:\n"
                                  "  - id: car-created-filter\n"
                                  "    name: Car Created Events\n"
                                  "    description: Filters CarCreated events by event_type\n"
                                  "    consumerId: car-consumer\n"
                                  "    outputTopic: filtered-car-created-events\n"
                                  "    enabled: true\n"
                                  "    status: deployed\n"
                                  "    version: 1\n"
                                  "    conditionLogic: AND\n"
                                  "    conditions:\n"
                                  "      - field: event_type\n"
                                  "        operator: equals\n"
                                  "        value: CarCreated\n"
                                  "      - field: __op\n"
                                  "        operator: equals\n"
                                  "        value: c\n";

static void test_seed_filter(void **state)
{
    fix *f = *state;
    compile(f, seed_filter);
    expect_counts(f, 0, 0);
    assert_true(f->ok);
    assert_int_equal(f->x.p.nfilters, 1);
    cdc_filter *fl = filter(f, 0);
    assert_ptr_equal(fl->src, f->src[0]);
    assert_string_equal(fl->id.s, "car-created-filter");
    assert_int_equal(fl->id.pos.line, 4);
    assert_int_equal(fl->id.pos.col, 9);
    assert_string_equal(fl->name.s, "Car Created Events");
    assert_string_equal(fl->description.s, "Filters CarCreated events by event_type");
    assert_string_equal(fl->consumer_id.s, "car-consumer");
    assert_string_equal(fl->output_topic.s, "filtered-car-created-events");
    assert_true(fl->enabled);
    assert_int_equal(fl->status, CDC_STATUS_DEPLOYED);
    assert_false(fl->logic_or);
    assert_true(fl->generated);

    cdc_cond *root = fl->cond;
    assert_int_equal(root->kind, CDC_COND_ALL);
    assert_int_equal(root->nkids, 2);

    cdc_cond *c0 = root->kids[0];
    assert_int_equal(c0->kind, CDC_COND_LEAF);
    assert_string_equal(c0->field.text, "event_type");
    assert_string_equal(c0->field.column->name, "event_type");
    assert_int_equal(c0->field.type, CDC_TYPE_STRING);
    assert_int_equal(c0->field.npath, 0);
    assert_null(c0->field.member);
    assert_int_equal(c0->op, CDC_OP_EQUALS);
    assert_int_equal(c0->op_pos.line, 15);
    assert_int_equal(c0->nvalues, 1);
    assert_int_equal(c0->values[0].syntax, CDC_LIT_STRING);
    assert_int_equal(c0->values[0].type, CDC_TYPE_STRING);
    assert_string_equal(c0->values[0].text, "CarCreated");
    assert_int_equal(c0->values[0].len, 10);
    assert_int_equal(c0->values[0].pos.line, 16);
    assert_int_equal(c0->values[0].pos.col, 16);
    assert_null(c0->value_type);

    cdc_cond *c1 = root->kids[1];
    assert_string_equal(c1->field.text, "__op");
    assert_int_equal(c1->field.type, CDC_TYPE_STRING);
    assert_int_equal(c1->values[0].type, CDC_TYPE_STRING);
    assert_string_equal(c1->values[0].text, "c");
}

static void test_seed_filter_json(void **state)
{
    fix *f = *state;
    add_file(f, "filters/t.json",
             "{\"version\": 2, \"filters\": [{\"id\": \"j1\", \"name\": \"J\", "
             "\"consumerId\": \"c\", \"outputTopic\": \"t\", \"conditionLogic\": \"OR\", "
             "\"conditions\": [{\"field\": \"__op\", \"operator\": \"in\", "
             "\"values\": [\"c\", \"u\"]}, {\"field\": \"__ts_ms\", "
             "\"operator\": \"greaterThan\", \"value\": 1705312200000}]}]}");
    check(f);
    expect_counts(f, 0, 0);
    assert_true(f->ok);
    cdc_filter *fl = filter(f, 0);
    assert_true(fl->logic_or);
    assert_int_equal(fl->cond->kind, CDC_COND_ANY);
    cdc_cond *in = fl->cond->kids[0];
    assert_int_equal(in->op, CDC_OP_IN);
    assert_int_equal(in->nvalues, 2);
    assert_string_equal(in->values[1].text, "u");
    assert_int_equal(in->values[1].type, CDC_TYPE_STRING);
    cdc_cond *gt = fl->cond->kids[1];
    assert_int_equal(gt->op, CDC_OP_GT);
    assert_int_equal(gt->values[0].type, CDC_TYPE_TIMESTAMP);
    assert_true(gt->values[0].as.ms == INT64_C(1705312200000));
}

static void test_nested_groups(void **state)
{
    fix *f = *state;
    compile(f, one_filter(f, "    conditionLogic: OR\n",
                          "      - all:\n"
                          "          - field: event_type\n"
                          "            operator: equals\n"
                          "            value: A\n"
                          "          - any:\n"
                          "              - field: __op\n"
                          "                operator: equals\n"
                          "                value: c\n"
                          "              - not:\n"
                          "                  field: __table\n"
                          "                  operator: isNull\n"
                          "      - field: event_name\n"
                          "        operator: isNotNull\n"));
    expect_counts(f, 0, 0);
    cdc_cond *root = filter(f, 0)->cond;
    assert_int_equal(root->kind, CDC_COND_ANY); /* conditionLogic: OR */
    assert_int_equal(root->nkids, 2);

    cdc_cond *all = root->kids[0];
    assert_int_equal(all->kind, CDC_COND_ALL);
    assert_int_equal(all->pos.line, 9);
    assert_int_equal(all->pos.col, 9);
    assert_int_equal(all->nkids, 2);
    assert_int_equal(all->kids[0]->kind, CDC_COND_LEAF);
    assert_string_equal(all->kids[0]->field.text, "event_type");

    cdc_cond *any = all->kids[1];
    assert_int_equal(any->kind, CDC_COND_ANY);
    assert_int_equal(any->pos.line, 13);
    assert_int_equal(any->pos.col, 13);
    assert_int_equal(any->nkids, 2);
    assert_string_equal(any->kids[0]->field.text, "__op");

    cdc_cond *not = any->kids[1];
    assert_int_equal(not ->kind, CDC_COND_NOT);
    assert_int_equal(not ->nkids, 1);
    assert_int_equal(not ->pos.line, 17);
    assert_int_equal(not ->kids[0]->kind, CDC_COND_LEAF);
    assert_string_equal(not ->kids[0]->field.text, "__table");
    assert_int_equal(not ->kids[0]->op, CDC_OP_IS_NULL);
    assert_int_equal(not ->kids[0]->nvalues, 0);

    cdc_cond *last = root->kids[1];
    assert_int_equal(last->kind, CDC_COND_LEAF);
    assert_string_equal(last->field.text, "event_name");
    assert_int_equal(last->op, CDC_OP_IS_NOT_NULL);
}

static void test_group_errors(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - all: []\n"
                    "      - any:\n"
                    "          - field: __op\n"
                    "            operator: isNull\n"
                    "        field: __op\n"
                    "      - not:\n"
                    "          - field: __op\n"
                    "            operator: isNull\n"
                    "      - all:\n"
                    "          - field: __op\n"
                    "            operator: isNull\n"
                    "        not:\n"
                    "          field: __op\n"
                    "          operator: isNull\n"
                    "      - just text\n");
    expect_counts(f, 5, 0);
    expect_diag(f, 0, CDC_ERROR, "empty-conditions", 8, 14, "'all' needs at least one condition");
    expect_diag(f, 1, CDC_ERROR, "bad-condition", 12, 9,
                "'field' cannot stand beside 'any' in one condition; nest it inside");
    expect_diag(f, 2, CDC_ERROR, "bad-condition", 14, 11,
                "'not' takes one condition (a mapping), not a list");
    expect_diag(f, 3, CDC_ERROR, "bad-condition", 19, 9,
                "a condition holds one of 'all', 'any', 'not', not both 'all' and 'not'");
    expect_diag(f, 4, CDC_ERROR, "bad-condition", 22, 9,
                "a condition must be a mapping, not a scalar");
    assert_null(filter(f, 0)->cond); /* no condition parsed */
}

/* ---- parse errors ---- */

static void test_unknown_key(void **state)
{
    fix *f = *state;
    compile(f, one_filter(f, "    descripton: typo\n    colour: red\n",
                          "      - field: event_type\n"
                          "        operator: equals\n"
                          "        value: X\n"
                          "        valueTyp: string\n"));
    expect_counts(f, 3, 0);
    expect_diag(f, 0, CDC_ERROR, "unknown-key", 7, 5,
                "unknown key 'descripton' in a filter; did you mean 'description'?");
    expect_diag(f, 1, CDC_ERROR, "unknown-key", 8, 5, "unknown key 'colour' in a filter");
    expect_diag(f, 2, CDC_ERROR, "unknown-key", 13, 9,
                "unknown key 'valueTyp' in a condition; did you mean 'valueType'?");
    /* Unknown keys do not drop the condition. */
    assert_int_equal(filter(f, 0)->cond->nkids, 1);
}

static void test_unknown_file_key_and_version(void **state)
{
    fix *f = *state;
    compile(f, "version: 3\nfiltres: []\n");
    /* The misspelt key is one mistake: no missing-key for 'filters' too. */
    expect_counts(f, 2, 0);
    expect_diag(f, 0, CDC_ERROR, "unknown-key", 2, 1,
                "unknown key 'filtres' in a filter file; did you mean 'filters'?");
    expect_diag(f, 1, CDC_ERROR, "bad-version", 1, 10,
                "unsupported file version '3'; cdcgen reads 1 and 2");
}

/* One mistake, one error: a misspelt required key is reported once, as
 * unknown with its did-you-mean; an operand of another operator's shape once,
 * as not taken. A key far from any missing one still leaves the missing one. */
static void test_one_mistake_one_error(void **state)
{
    fix *f = *state;
    compile(f, "version: 1\n"
               "filters:\n"
               "  - id: a\n"
               "    name: A\n"
               "    consumerID: c\n"
               "    outputTopic: t\n"
               "    conditions:\n"
               "      - { field: event_type, operator: in, value: X }\n"
               "      - { field: __op, operatr: equals, value: c }\n"
               "      - { field: __op, zzz: equals, value: c }\n");
    expect_counts(f, 5, 0);
    expect_diag(f, 0, CDC_ERROR, "unknown-key", 5, 5,
                "unknown key 'consumerID' in a filter; did you mean 'consumerId'?");
    expect_diag(f, 1, CDC_ERROR, "bad-operand", 8, 44,
                "operator 'in' takes a non-empty list 'values', not 'value'");
    expect_diag(f, 2, CDC_ERROR, "unknown-key", 9, 24,
                "unknown key 'operatr' in a condition; did you mean 'operator'?");
    expect_diag(f, 3, CDC_ERROR, "unknown-key", 10, 24, "unknown key 'zzz' in a condition");
    expect_diag(f, 4, CDC_ERROR, "missing-key", 10, 9, "the condition has no 'operator'");
}

static void test_missing_keys(void **state)
{
    fix *f = *state;
    compile(f, "version: 1\n"
               "filters:\n"
               "  - id: f1\n"
               "    consumerId: c\n"
               "  - name: no id\n"
               "    consumerId: c\n"
               "    outputTopic: t\n"
               "    conditions:\n"
               "      - operator: isNull\n");
    expect_counts(f, 5, 0);
    expect_diag(f, 0, CDC_ERROR, "missing-key", 3, 5, "filter 'f1' has no 'name'");
    expect_diag(f, 1, CDC_ERROR, "missing-key", 3, 5, "filter 'f1' has no 'outputTopic'");
    expect_diag(f, 2, CDC_ERROR, "missing-key", 3, 5, "filter 'f1' has no 'conditions'");
    expect_diag(f, 3, CDC_ERROR, "missing-key", 5, 5, "the filter has no 'id'");
    expect_diag(f, 4, CDC_ERROR, "missing-key", 9, 9, "the condition has no 'field'");
}

static void test_unknown_operator(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: event_type\n"
                    "        operator: equal\n"
                    "        value: X\n"
                    "      - field: event_type\n"
                    "        operator: like\n"
                    "        value: X\n");
    expect_counts(f, 2, 0);
    expect_diag(f, 0, CDC_ERROR, "unknown-operator", 9, 19,
                "unknown operator 'equal'; did you mean 'equals'?");
    const cdc_diag *g =
        expect_diag(f, 1, CDC_ERROR, "unknown-operator", 12, 19,
                    "unknown operator 'like' (equals, in, notIn, greaterThan, lessThan, "
                    "greaterThanOrEqual, lessThanOrEqual, between, matches, isNull, isNotNull)");
    assert_int_equal(g->pos.len, 4);
}

static void test_missing_operand(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: event_type\n"
                    "        operator: equals\n"
                    "      - field: __op\n"
                    "        operator: in\n"
                    "      - field: __ts_ms\n"
                    "        operator: between\n"
                    "        min: 1\n");
    expect_counts(f, 3, 0);
    expect_diag(f, 0, CDC_ERROR, "missing-operand", 9, 19, "operator 'equals' needs 'value'");
    expect_diag(f, 1, CDC_ERROR, "missing-operand", 11, 19, "operator 'in' needs a list 'values'");
    expect_diag(f, 2, CDC_ERROR, "missing-operand", 13, 19,
                "operator 'between' needs 'min' and 'max'");
    assert_null(filter(f, 0)->cond);
}

static void test_operand_not_taken(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: event_type\n"
                    "        operator: isNull\n"
                    "        value: x\n"
                    "      - field: event_type\n"
                    "        operator: equals\n"
                    "        value: x\n"
                    "        values: [y]\n"
                    "      - field: __op\n"
                    "        operator: in\n"
                    "        values: [c]\n"
                    "        max: d\n");
    expect_counts(f, 3, 0);
    expect_diag(f, 0, CDC_ERROR, "bad-operand", 10, 9,
                "operator 'isNull' takes no operand, not 'value'");
    expect_diag(f, 1, CDC_ERROR, "bad-operand", 14, 9,
                "operator 'equals' takes 'value', not 'values'");
    expect_diag(f, 2, CDC_ERROR, "bad-operand", 18, 9,
                "operator 'in' takes a non-empty list 'values', not 'max'");
}

static void test_empty_values(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: __op\n"
                    "        operator: in\n"
                    "        values: []\n"
                    "      - field: __op\n"
                    "        operator: notIn\n"
                    "        values: []\n"
                    "      - field: __op\n"
                    "        operator: in\n"
                    "        values: c\n");
    expect_counts(f, 3, 0);
    const cdc_diag *g = expect_diag(f, 0, CDC_ERROR, "empty-values", 10, 17,
                                    "operator 'in' needs at least one value");
    assert_int_equal(g->pos.len, 2);
    expect_diag(f, 1, CDC_ERROR, "empty-values", 13, 17,
                "operator 'notIn' needs at least one value");
    expect_diag(f, 2, CDC_ERROR, "bad-operand", 16, 17, "'values' must be a list, not a scalar");
}

/* ---- fields ---- */

static void test_unknown_field(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: event_typ\n"
                    "        operator: equals\n"
                    "        value: X\n"
                    "      - field: \"colour\"\n"
                    "        operator: equals\n"
                    "        value: X\n"
                    "      - field: event_typ.x\n"
                    "        operator: isNull\n");
    expect_counts(f, 3, 0);
    assert_false(f->ok);
    const cdc_diag *g = expect_diag(f, 0, CDC_ERROR, "unknown-field", 8, 16,
                                    "unknown field 'event_typ'; did you mean 'event_type'?");
    assert_int_equal(g->pos.len, 9);
    /* Quoted: the caret skips the quote. */
    g = expect_diag(f, 1, CDC_ERROR, "unknown-field", 11, 17,
                    "unknown field 'colour' in table 'event_headers'");
    assert_int_equal(g->pos.len, 6);
    /* Only the column part is underlined. */
    g = expect_diag(f, 2, CDC_ERROR, "unknown-field", 14, 16,
                    "unknown field 'event_typ'; did you mean 'event_type'?");
    assert_int_equal(g->pos.len, 9);
}

static void test_path_on_plain_column(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: event_type.x\n"
                    "        operator: isNull\n"
                    "      - field: header_data.\n"
                    "        operator: isNull\n"
                    "      - field: header_data.a/b\n"
                    "        operator: isNull\n");
    expect_counts(f, 3, 0);
    const cdc_diag *g = expect_diag(
        f, 0, CDC_ERROR, "unknown-field", 8, 26,
        "'event_type' is a string column; only JSON columns have paths like 'event_type.key'");
    assert_int_equal(g->pos.len, 2);
    expect_diag(f, 1, CDC_ERROR, "bad-path", 10, 27, "expected a key after '.' in 'header_data.'");
    expect_diag(f, 2, CDC_ERROR, "bad-path", 12, 29,
                "unexpected '/' in field 'header_data.a/b'; keys are letters, digits, '_' and "
                "'-'");
}

static void test_json_paths(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: header_data.dealerId\n"
                    "        operator: equals\n"
                    "        value: D-17\n"
                    "      - field: header_data.amount\n"
                    "        operator: greaterThan\n"
                    "        value: 5\n"
                    "      - field: header_data.eventType\n"
                    "        operator: equals\n"
                    "        value: LoanCreated\n"
                    "      - field: header_data.items[0].sku\n"
                    "        operator: equals\n"
                    "        value: \"42\"\n"
                    "      - field: header_data.ratio\n"
                    "        operator: lessThan\n"
                    "        value: \"0.5\"\n"
                    "        valueType: number\n");
    expect_counts(f, 0, 0);
    assert_true(f->ok);

    cdc_cond *c = leaf(f, 0);
    assert_string_equal(c->field.column->name, "header_data");
    assert_int_equal(c->field.npath, 1);
    assert_int_equal(c->field.path[0].kind, CDC_STEP_KEY);
    assert_string_equal(c->field.path[0].key, "dealerId");
    assert_null(c->field.member);
    assert_int_equal(c->field.type, CDC_TYPE_STRING);
    assert_int_equal(c->values[0].type, CDC_TYPE_STRING);

    c = leaf(f, 1);
    assert_int_equal(c->field.type, CDC_TYPE_FLOAT);
    assert_int_equal(c->values[0].syntax, CDC_LIT_INT);
    assert_int_equal(c->values[0].type, CDC_TYPE_FLOAT);
    assert_true(c->values[0].as.f == 5.0);

    c = leaf(f, 2);
    assert_non_null(c->field.member);
    assert_string_equal(c->field.member->name, "eventType");
    assert_int_equal(c->field.type, CDC_TYPE_STRING);

    c = leaf(f, 3);
    assert_int_equal(c->field.npath, 3);
    assert_int_equal(c->field.path[0].kind, CDC_STEP_KEY);
    assert_string_equal(c->field.path[0].key, "items");
    assert_int_equal(c->field.path[1].kind, CDC_STEP_INDEX);
    assert_int_equal(c->field.path[1].index, 0);
    assert_int_equal(c->field.path[2].kind, CDC_STEP_KEY);
    assert_string_equal(c->field.path[2].key, "sku");
    assert_int_equal(c->field.type, CDC_TYPE_STRING);

    c = leaf(f, 4);
    assert_int_equal(c->field.type, CDC_TYPE_FLOAT);
    assert_true(c->values[0].as.f == 0.5);
}

static void test_json_key_typo_warning(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: header_data.eventTyp\n"
                    "        operator: equals\n"
                    "        value: X\n");
    expect_counts(f, 0, 1);
    assert_true(f->ok);
    const cdc_diag *g =
        expect_diag(f, 0, CDC_WARNING, "unknown-json-key", 8, 28,
                    "'eventTyp' is not a declared key of 'header_data'; did you mean 'eventType'?");
    assert_int_equal(g->pos.len, 8);
}

static void test_json_column_itself(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: header_data\n"
                    "        operator: equals\n"
                    "        value: \"{}\"\n"
                    "      - field: header_data\n"
                    "        operator: isNull\n"
                    "      - field: header_data\n"
                    "        operator: isNotNull\n"
                    "      - field: header_data\n"
                    "        operator: in\n"
                    "        values: [\"{}\"]\n");
    expect_counts(f, 2, 0);
    expect_diag(f, 0, CDC_ERROR, "operator-type", 9, 19,
                "'header_data' holds a JSON document; compare a key inside it, such as "
                "'header_data.uuid'");
    expect_diag(f, 1, CDC_ERROR, "operator-type", 16, 19,
                "'header_data' holds a JSON document; compare a key inside it, such as "
                "'header_data.uuid'");
    assert_int_equal(leaf(f, 1)->field.type, CDC_TYPE_JSON);
}

/* ---- literals and types ---- */

static void test_type_mismatch_string_number(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: event_type\n"
                    "        operator: equals\n"
                    "        value: 5\n"
                    "      - field: event_type\n"
                    "        operator: in\n"
                    "        values: [\"A\", 1.5, true]\n"
                    "      - field: header_data.amount\n"
                    "        operator: in\n"
                    "        values: [5, x]\n"
                    "      - field: event_type\n"
                    "        operator: equals\n"
                    "        value: \"5\"\n");
    expect_counts(f, 4, 0);
    expect_diag(f, 0, CDC_ERROR, "type-mismatch", 10, 16,
                "'event_type' is a string but 5 is an integer, so the comparison would be UNKNOWN "
                "on every event; write value: \"5\"");
    expect_diag(f, 1, CDC_ERROR, "type-mismatch", 13, 23,
                "'event_type' is a string but 1.5 is a number, so the comparison would be UNKNOWN "
                "on every event; write \"1.5\"");
    expect_diag(f, 2, CDC_ERROR, "type-mismatch", 13, 28,
                "'event_type' is a string but true is a boolean, so the comparison would be "
                "UNKNOWN on every event; write \"true\"");
    expect_diag(f, 3, CDC_ERROR, "type-mismatch", 16, 21,
                "'header_data.amount' is a number but \"x\" is a string, so the comparison would "
                "be UNKNOWN on every event");
    /* Quoted digits are text. */
    assert_int_equal(leaf(f, 3)->values[0].type, CDC_TYPE_STRING);
}

static void test_value_type_number_on_ts_ms(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: __ts_ms\n"
                    "        operator: greaterThanOrEqual\n"
                    "        value: \"1705312200000\"\n"
                    "        valueType: number\n"
                    "      - field: __ts_ms\n"
                    "        operator: lessThan\n"
                    "        value: 1705312260000\n");
    expect_counts(f, 0, 0);
    assert_true(f->ok);
    cdc_cond *c = leaf(f, 0);
    assert_string_equal(c->value_type, "number");
    assert_int_equal(c->value_type_pos.line, 11);
    assert_int_equal(c->value_type_pos.col, 20);
    assert_true(c->field.epoch_ms);
    assert_int_equal(c->field.type, CDC_TYPE_TIMESTAMP);
    assert_int_equal(c->values[0].type, CDC_TYPE_TIMESTAMP);
    assert_true(c->values[0].as.ms == INT64_C(1705312200000));
    c = leaf(f, 1);
    assert_int_equal(c->values[0].type, CDC_TYPE_TIMESTAMP);
    assert_true(c->values[0].as.ms == INT64_C(1705312260000));
}

static void test_value_type_mismatch(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: event_type\n"
                    "        operator: equals\n"
                    "        value: \"1\"\n"
                    "        valueType: number\n"
                    "      - field: __ts_ms\n"
                    "        operator: equals\n"
                    "        value: \"true\"\n"
                    "        valueType: boolean\n"
                    "      - field: event_type\n"
                    "        operator: equals\n"
                    "        value: x\n"
                    "        valueType: text\n"
                    "      - field: __ts_ms\n"
                    "        operator: equals\n"
                    "        value: \"12x\"\n"
                    "        valueType: number\n");
    expect_counts(f, 4, 0);
    const cdc_diag *g =
        expect_diag(f, 0, CDC_ERROR, "type-mismatch", 11, 20,
                    "valueType 'number' does not match 'event_type', which is string");
    assert_int_equal(g->pos.len, 6);
    expect_diag(f, 1, CDC_ERROR, "type-mismatch", 15, 20,
                "valueType 'boolean' does not match '__ts_ms', which is timestamp (epoch "
                "milliseconds)");
    expect_diag(f, 2, CDC_ERROR, "bad-value-type", 19, 20,
                "unknown valueType 'text' (string, number, boolean or timestamp)");
    expect_diag(f, 3, CDC_ERROR, "bad-literal", 22, 16,
                "'12x' is not an epoch-milliseconds integer");
}

static void test_value_type_string(void **state)
{
    fix *f = *state;
    /* valueType: string makes a plain number text. */
    compile_cond(f, "      - field: event_type\n"
                    "        operator: equals\n"
                    "        value: 42\n"
                    "        valueType: string\n"
                    "      - field: header_data.code\n"
                    "        operator: equals\n"
                    "        value: 7\n"
                    "        valueType: string\n");
    expect_counts(f, 0, 0);
    assert_int_equal(leaf(f, 0)->values[0].type, CDC_TYPE_STRING);
    assert_int_equal(leaf(f, 1)->field.type, CDC_TYPE_STRING);
    assert_int_equal(leaf(f, 1)->values[0].type, CDC_TYPE_STRING);
}

static void test_between_min_greater_than_max(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: __ts_ms\n"
                    "        operator: between\n"
                    "        min: 200\n"
                    "        max: 100\n"
                    "      - field: event_type\n"
                    "        operator: between\n"
                    "        min: b\n"
                    "        max: a\n"
                    "      - field: header_data.amount\n"
                    "        operator: between\n"
                    "        min: 2.5\n"
                    "        max: -1\n"
                    "      - field: header_data.amount\n"
                    "        operator: between\n"
                    "        min: 3\n"
                    "        max: 3\n");
    expect_counts(f, 3, 0);
    const cdc_diag *g = expect_diag(f, 0, CDC_ERROR, "between-range", 10, 14,
                                    "'between' needs min <= max, but min "
                                    "1970-01-01T00:00:00.200Z is greater than max "
                                    "1970-01-01T00:00:00.100Z");
    assert_int_equal(g->pos.len, 3);
    expect_diag(f, 1, CDC_ERROR, "between-range", 14, 14,
                "'between' needs min <= max, but min b is greater than max a");
    expect_diag(f, 2, CDC_ERROR, "between-range", 18, 14,
                "'between' needs min <= max, but min 2.5 is greater than max -1");
    cdc_cond *eq = leaf(f, 3);
    assert_int_equal(eq->nvalues, 2);
    assert_true(eq->values[0].as.f == 3.0 && eq->values[1].as.f == 3.0);
}

static void test_enum_values(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: __op\n"
                    "        operator: in\n"
                    "        values: [c, x, cc, d]\n"
                    "      - field: __deleted\n"
                    "        operator: equals\n"
                    "        value: \"maybe\"\n"
                    "      - field: __deleted\n"
                    "        operator: equals\n"
                    "        value: \"true\"\n");
    expect_counts(f, 3, 0);
    const cdc_diag *g = expect_diag(f, 0, CDC_ERROR, "enum-value", 10, 21,
                                    "'x' is not a value of '__op' (one of c, u, d, r)");
    assert_int_equal(g->pos.len, 1);
    expect_diag(f, 1, CDC_ERROR, "enum-value", 10, 24,
                "'cc' is not a value of '__op' (one of c, u, d, r); did you mean 'c'?");
    expect_diag(f, 2, CDC_ERROR, "enum-value", 13, 16,
                "'maybe' is not a value of '__deleted' (one of true, false)");
}

static void test_boolean_ordering_rejected(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: header_data.flag\n"
                    "        operator: greaterThan\n"
                    "        value: true\n"
                    "      - field: header_data.flag\n"
                    "        operator: between\n"
                    "        min: false\n"
                    "        max: true\n"
                    "      - field: header_data.flag\n"
                    "        operator: equals\n"
                    "        value: True\n"
                    "      - field: header_data.other\n"
                    "        operator: equals\n"
                    "        value: \"FALSE\"\n"
                    "        valueType: boolean\n");
    expect_counts(f, 2, 0);
    expect_diag(f, 0, CDC_ERROR, "operator-type", 9, 19,
                "operator 'greaterThan' needs an ordered type; 'header_data.flag' is boolean");
    expect_diag(f, 1, CDC_ERROR, "operator-type", 12, 19,
                "operator 'between' needs an ordered type; 'header_data.flag' is boolean");
    cdc_cond *eq = leaf(f, 2);
    assert_int_equal(eq->field.type, CDC_TYPE_BOOLEAN);
    assert_int_equal(eq->values[0].type, CDC_TYPE_BOOLEAN);
    assert_true(eq->values[0].as.b);
    cdc_cond *vt = leaf(f, 3);
    assert_int_equal(vt->values[0].type, CDC_TYPE_BOOLEAN);
    assert_false(vt->values[0].as.b);
}

static void test_boolean_literals(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: header_data.flag\n"
                    "        operator: equals\n"
                    "        value: \"maybe\"\n"
                    "        valueType: boolean\n"
                    "      - field: header_data.flag\n"
                    "        operator: in\n"
                    "        values: [true, \"x\"]\n");
    expect_counts(f, 2, 0);
    expect_diag(f, 0, CDC_ERROR, "bad-literal", 10, 16,
                "valueType boolean needs true or false, not 'maybe'");
    expect_diag(f, 1, CDC_ERROR, "type-mismatch", 14, 24,
                "'header_data.flag' is a boolean but \"x\" is a string, so the comparison would be "
                "UNKNOWN on every event");
}

static void test_matches_on_non_string(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: __ts_ms\n"
                    "        operator: matches\n"
                    "        value: \"1.*\"\n"
                    "      - field: header_data.amount\n"
                    "        operator: matches\n"
                    "        value: 5\n"
                    "      - field: header_data.flag\n"
                    "        operator: matches\n"
                    "        value: \"x\"\n"
                    "        valueType: boolean\n");
    expect_counts(f, 3, 0);
    expect_diag(f, 0, CDC_ERROR, "operator-type", 9, 19,
                "operator 'matches' needs a string; '__ts_ms' is timestamp");
    expect_diag(f, 1, CDC_ERROR, "operator-type", 12, 19,
                "operator 'matches' needs a string; 'header_data.amount' is float");
    expect_diag(f, 2, CDC_ERROR, "operator-type", 15, 19,
                "operator 'matches' needs a string; 'header_data.flag' is boolean");
}

static void test_null_literal_rejected(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: event_type\n"
                    "        operator: equals\n"
                    "        value: null\n"
                    "      - field: event_type\n"
                    "        operator: equals\n"
                    "        value: ~\n"
                    "      - field: event_type\n"
                    "        operator: equals\n"
                    "        value:\n"
                    "      - field: event_type\n"
                    "        operator: in\n"
                    "        values: [A, Null]\n"
                    "      - field: event_type\n"
                    "        operator: equals\n"
                    "        value: \"null\"\n");
    expect_counts(f, 4, 0);
    static const char msg[] =
        "null is not a value to compare with; use operator isNull or isNotNull";
    const cdc_diag *g = expect_diag(f, 0, CDC_ERROR, "null-literal", 10, 16, msg);
    assert_int_equal(g->pos.len, 4);
    expect_diag(f, 1, CDC_ERROR, "null-literal", 13, 16, msg);
    expect_diag(f, 2, CDC_ERROR, "null-literal", 16, 15, msg);
    expect_diag(f, 3, CDC_ERROR, "null-literal", 19, 21, msg);
    assert_int_equal(leaf(f, 4)->values[0].type, CDC_TYPE_STRING); /* quoted: text */
}

static void test_number_precision_warning(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: header_data.amount\n"
                    "        operator: equals\n"
                    "        value: 9007199254740993\n"
                    "      - field: header_data.amount\n"
                    "        operator: equals\n"
                    "        value: 9007199254740992\n");
    expect_counts(f, 0, 1);
    expect_diag(f, 0, CDC_WARNING, "number-precision", 10, 16,
                "9007199254740993 has no exact double; it compares as 9007199254740992");
}

/* ---- filters ---- */

static const char *filter_file(fix *f, const char *id, const char *topic, const char *extra)
{
    return cdc_arena_printf(f->x.a,
                            "version: 1\n"
                            "filters:\n"
                            "  - id: %s\n"
                            "    name: N\n"
                            "    consumerId: c\n"
                            "    outputTopic: %s\n"
                            "%s"
                            "    conditions:\n"
                            "      - field: __op\n"
                            "        operator: equals\n"
                            "        value: c\n",
                            id, topic, extra);
}

static void test_invalid_id(void **state)
{
    fix *f = *state;
    compile(f, "version: 1\n"
               "filters:\n"
               "  - {id: Bad_ID, name: N, consumerId: c, outputTopic: t1, "
               "conditions: [{field: __op, operator: isNull}]}\n"
               "  - {id: -lead, name: N, consumerId: c, outputTopic: t2, "
               "conditions: [{field: __op, operator: isNull}]}\n"
               "  - {id: \"\", name: N, consumerId: c, outputTopic: t3, "
               "conditions: [{field: __op, operator: isNull}]}\n"
               "  - {id: 9-lives-ok, name: N, consumerId: c, outputTopic: t4, "
               "conditions: [{field: __op, operator: isNull}]}\n");
    expect_counts(f, 3, 0);
    const cdc_diag *g = expect_diag(f, 0, CDC_ERROR, "bad-id", 3, 10,
                                    "filter id 'Bad_ID' must be lowercase letters, digits and "
                                    "'-', starting with a letter or digit");
    assert_int_equal(g->pos.len, 6);
    expect_diag(f, 1, CDC_ERROR, "bad-id", 4, 10,
                "filter id '-lead' must be lowercase letters, digits and '-', starting with a "
                "letter or digit");
    expect_diag(f, 2, CDC_ERROR, "bad-id", 5, 10,
                "filter id '' must be lowercase letters, digits and '-', starting with a "
                "letter or digit");
}

static void test_duplicate_id_across_files(void **state)
{
    fix *f = *state;
    add_file(f, "filters/a.yaml", filter_file(f, "same-id", "t-a", ""));
    add_file(f, "filters/b.yaml", filter_file(f, "other", "t-b", ""));
    add_file(f, "filters/c.yaml", filter_file(f, "same-id", "t-c", ""));
    check(f);
    assert_false(f->ok);
    expect_counts(f, 1, 0);
    const cdc_diag *g =
        expect_diag(f, 0, CDC_ERROR, "duplicate-id", 3, 9, "filter id 'same-id' is already used");
    assert_ptr_equal(g->src, f->src[2]);
    const cdc_diag *n = g->notes;
    assert_non_null(n);
    assert_null(n->next);
    assert_int_equal(n->sev, CDC_NOTE);
    assert_ptr_equal(n->src, f->src[0]);
    assert_string_equal(n->src->path, "filters/a.yaml");
    assert_int_equal(n->pos.line, 3);
    assert_int_equal(n->pos.col, 9);
    assert_int_equal(n->pos.len, 7);
    assert_string_equal(n->msg, "'same-id' first defined here");
}

static void test_topic_too_long(void **state)
{
    fix *f = *state;
    char t244[245], t243[244], t242[243];
    memset(t244, 't', 244);
    t244[244] = '\0';
    memset(t243, 'u', 243);
    t243[243] = '\0';
    memset(t242, 'v', 242);
    t242[242] = '\0';
    add_file(f, "filters/a.yaml", filter_file(f, "a", t244, ""));
    add_file(f, "filters/b.yaml", filter_file(f, "b", t243, ""));
    add_file(f, "filters/c.yaml", filter_file(f, "c", t242, "")); /* 242 + "-spring" = 249 */
    check(f);
    expect_counts(f, 2, 0);
    /* 244 + "-flink" = 250 */
    const cdc_diag *g = expect_diag(
        f, 0, CDC_ERROR, "bad-topic", 6, 18,
        cdc_arena_printf(
            f->x.a, "topic '%s-flink' is 250 characters long; Kafka allows at most 249", t244));
    assert_int_equal(g->pos.len, 244);
    assert_ptr_equal(g->src, f->src[0]);
    /* 243 + "-flink" = 249 passes, 243 + "-spring" = 250 does not */
    g = expect_diag(
        f, 1, CDC_ERROR, "bad-topic", 6, 18,
        cdc_arena_printf(
            f->x.a, "topic '%s-spring' is 250 characters long; Kafka allows at most 249", t243));
    assert_ptr_equal(g->src, f->src[1]);
}

static void test_topic_suffix_not_doubled(void **state)
{
    fix *f = *state;
    /* Ends with "-flink" already: the flink topic is the name as written. */
    char t[250];
    memset(t, 'w', 243);
    strcpy(t + 243, "-flink");
    f->x.cfg.streams_suffix = "-flink";
    compile(f, filter_file(f, "a", t, ""));
    expect_counts(f, 0, 0);
}

static void test_topic_bad_characters(void **state)
{
    fix *f = *state;
    compile(f, filter_file(f, "a", "\"orders/eu\"", ""));
    expect_counts(f, 1, 0);
    expect_diag(f, 0, CDC_ERROR, "bad-topic", 6, 18,
                "topic 'orders/eu' has a character Kafka does not allow (letters, digits, '.', "
                "'_', '-')");
}

static void test_deprecated_warns_and_generates(void **state)
{
    fix *f = *state;
    compile(f, filter_file(f, "old", "t", "    status: deprecated\n"));
    assert_true(f->ok);
    expect_counts(f, 0, 1);
    const cdc_diag *g = expect_diag(f, 0, CDC_WARNING, "deprecated-filter", 7, 13,
                                    "filter 'old' is deprecated; it is still generated");
    assert_int_equal(g->pos.len, 10);
    assert_int_equal(filter(f, 0)->status, CDC_STATUS_DEPRECATED);
    assert_true(filter(f, 0)->generated);
}

static void test_not_generated(void **state)
{
    fix *f = *state;
    add_file(f, "filters/a.yaml", filter_file(f, "a", "t1", "    status: disabled\n"));
    add_file(f, "filters/b.yaml", filter_file(f, "b", "t2", "    status: deleted\n"));
    add_file(f, "filters/c.yaml", filter_file(f, "c", "t3", "    status: pending_deletion\n"));
    add_file(f, "filters/d.yaml", filter_file(f, "d", "t4", "    enabled: false\n"));
    add_file(f, "filters/e.yaml",
             filter_file(f, "e", "t5", "    enabled: false\n    status: active\n"));
    check(f);
    assert_true(f->ok);
    expect_counts(f, 0, 0);
    assert_int_equal(f->x.p.nfilters, 5);
    static const cdc_status want[] = {CDC_STATUS_DISABLED, CDC_STATUS_DELETED,
                                      CDC_STATUS_PENDING_DELETION, CDC_STATUS_NONE,
                                      CDC_STATUS_ACTIVE};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(filter(f, i)->status, want[i]);
        assert_false(filter(f, i)->generated);
    }
    assert_false(filter(f, 3)->enabled);
}

static void test_generated_statuses(void **state)
{
    fix *f = *state;
    static const char *const names[] = {"pending_approval", "approved", "deploying",
                                        "deployed",         "failed",   "active"};
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_puts(&b, "version: 1\nfilters:\n");
    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        cdc_buf_printf(&b,
                       "  - {id: f%zu, name: N, consumerId: c, outputTopic: t%zu, status: %s, "
                       "conditions: [{field: __op, operator: isNull}]}\n",
                       i, i, names[i]);
    compile(f, cdc_arena_strdup(f->x.a, b.data));
    cdc_buf_release(&b);
    expect_counts(f, 0, 0);
    assert_int_equal(f->x.p.nfilters, ARRAY_SIZE(names));
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        assert_string_equal(cdc_status_name(filter(f, i)->status), names[i]);
        assert_true(filter(f, i)->generated);
    }
}

static void test_bad_status_and_enabled(void **state)
{
    fix *f = *state;
    compile(f, filter_file(f, "a", "t", "    status: deployd\n    enabled: yes\n"));
    expect_counts(f, 2, 0);
    expect_diag(f, 0, CDC_ERROR, "bad-value", 8, 14, "'enabled' must be true or false");
    expect_diag(f, 1, CDC_ERROR, "bad-status", 7, 13,
                "unknown status 'deployd'; did you mean 'deployed'?");
}

static void test_duplicate_values_warn(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: event_type\n"
                    "        operator: in\n"
                    "        values: [A, B, A, \"B\"]\n"
                    "      - field: header_data.amount\n"
                    "        operator: notIn\n"
                    "        values: [5, 5.0, 6]\n");
    assert_true(f->ok);
    expect_counts(f, 0, 3);
    const cdc_diag *g =
        expect_diag(f, 0, CDC_WARNING, "duplicate-value", 10, 24, "'A' is listed twice");
    assert_int_equal(g->pos.len, 1);
    g = expect_diag(f, 1, CDC_WARNING, "duplicate-value", 10, 27, "'B' is listed twice");
    assert_int_equal(g->pos.len, 3);
    expect_diag(f, 2, CDC_WARNING, "duplicate-value", 13, 21, "'5.0' is listed twice");
}

static void test_shared_topic_warning(void **state)
{
    fix *f = *state;
    add_file(f, "filters/a.yaml", filter_file(f, "a", "same", ""));
    add_file(f, "filters/b.yaml", filter_file(f, "b", "same", "    status: disabled\n"));
    add_file(f, "filters/c.yaml", filter_file(f, "c", "same", ""));
    check(f);
    assert_true(f->ok);
    expect_counts(f, 0, 1);
    const cdc_diag *g = expect_diag(f, 0, CDC_WARNING, "shared-topic", 6, 18,
                                    "filters 'a' and 'c' both write to 'same'");
    assert_ptr_equal(g->src, f->src[2]);
}

static void test_many_filters_in_order(void **state)
{
    fix *f = *state;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_puts(&b, "version: 1\nfilters:\n");
    for (int i = 0; i < 37; i++)
        cdc_buf_printf(&b,
                       "  - {id: f%d, name: N, consumerId: c, outputTopic: t%d, "
                       "conditions: [{field: __op, operator: isNull}]}\n",
                       i, i);
    add_file(f, "filters/a.yaml", cdc_arena_strdup(f->x.a, b.data));
    add_file(f, "filters/b.yaml", filter_file(f, "last", "t-last", ""));
    cdc_buf_release(&b);
    check(f);
    expect_counts(f, 0, 0);
    assert_int_equal(f->x.p.nfilters, 38);
    for (int i = 0; i < 37; i++) {
        char id[16];
        snprintf(id, sizeof id, "f%d", i);
        assert_string_equal(filter(f, (size_t)i)->id.s, id);
        assert_ptr_equal(filter(f, (size_t)i)->src, f->src[0]);
    }
    assert_string_equal(filter(f, 37)->id.s, "last");
    assert_ptr_equal(filter(f, 37)->src, f->src[1]);
}

static void test_check_result(void **state)
{
    fix *f = *state;
    /* cdc_check reports its own errors only; parse errors are the caller's. */
    compile(f, filter_file(f, "a", "t", ""));
    assert_true(f->ok);
    compile(f, filter_file(f, "B", "t2", ""));
    assert_false(f->ok);
}

/* ---- timestamps and regexes (src/base/instant.c, src/lang/regex.c) ---- */

static void test_ts_iso_literals(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: created_date\n"
                    "        operator: greaterThan\n"
                    "        value: \"2024-01-15T10:30:00Z\"\n"
                    "      - field: created_date\n"
                    "        operator: lessThan\n"
                    "        value: \"2024-01-15T12:30:00.250+02:00\"\n"
                    "      - field: __ts_ms\n"
                    "        operator: greaterThan\n"
                    "        value: \"2024-01-15T10:30:00.001Z\"\n"
                    "      - field: header_data.createdDate\n"
                    "        operator: greaterThan\n"
                    "        value: \"1969-12-31T23:59:59.5-00:00\"\n"
                    "      - field: saved_date\n"
                    "        operator: greaterThan\n"
                    "        value: 2024-01-15T10:30:00Z\n");
    expect_counts(f, 0, 0);
    assert_true(f->ok);
    assert_int_equal(leaf(f, 0)->values[0].type, CDC_TYPE_TIMESTAMP);
    assert_true(leaf(f, 0)->values[0].as.ms == INT64_C(1705314600000));
    assert_true(leaf(f, 1)->values[0].as.ms == INT64_C(1705314600250));
    assert_true(leaf(f, 2)->values[0].as.ms == INT64_C(1705314600001));
    assert_true(leaf(f, 3)->values[0].as.ms == INT64_C(-500));
    assert_true(leaf(f, 4)->values[0].as.ms == INT64_C(1705314600000)); /* plain scalar */
}

static void test_ts_bad_literals(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: created_date\n"
                    "        operator: equals\n"
                    "        value: \"2024-01-15T10:30:00\"\n"
                    "      - field: created_date\n"
                    "        operator: equals\n"
                    "        value: \"2024-01-15T10:30:00.1234Z\"\n"
                    "      - field: created_date\n"
                    "        operator: equals\n"
                    "        value: 1705314600000\n"
                    "      - field: created_date\n"
                    "        operator: equals\n"
                    "        value: \"2024-02-30T00:00:00Z\"\n"
                    "      - field: __ts_ms\n"
                    "        operator: equals\n"
                    "        value: true\n");
    expect_counts(f, 5, 0);
    expect_diag(f, 0, CDC_ERROR, "bad-timestamp", 10, 16,
                "'2024-01-15T10:30:00' is not an ISO-8601 instant with an offset, such as "
                "2024-01-15T10:30:00Z or 2024-01-15T12:30:00+02:00");
    expect_diag(f, 1, CDC_ERROR, "bad-timestamp", 13, 16,
                "timestamp literals have millisecond precision; '2024-01-15T10:30:00.1234Z' "
                "has more");
    expect_diag(f, 2, CDC_ERROR, "type-mismatch", 16, 16,
                "'created_date' is a timestamp; compare it with an ISO-8601 instant such as "
                "\"2024-01-15T10:30:00Z\", not an integer");
    expect_diag(f, 3, CDC_ERROR, "bad-timestamp", 19, 16,
                "'2024-02-30T00:00:00Z' is not an ISO-8601 instant with an offset, such as "
                "2024-01-15T10:30:00Z or 2024-01-15T12:30:00+02:00");
    expect_diag(f, 4, CDC_ERROR, "type-mismatch", 22, 16,
                "'__ts_ms' is a timestamp; compare it with an ISO-8601 instant such as "
                "\"2024-01-15T10:30:00Z\" or epoch milliseconds, not a boolean");
}

static void test_ts_between_range(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: created_date\n"
                    "        operator: between\n"
                    "        min: \"2024-01-16T00:00:00+01:00\"\n"
                    "        max: \"2024-01-15T10:30:00Z\"\n"
                    "      - field: created_date\n"
                    "        operator: between\n"
                    "        min: \"2024-01-15T12:30:00+02:00\"\n"
                    "        max: \"2024-01-15T10:30:00Z\"\n");
    expect_counts(f, 1, 0);
    expect_diag(f, 0, CDC_ERROR, "between-range", 10, 14,
                "'between' needs min <= max, but min 2024-01-15T23:00:00.000Z is greater than "
                "max 2024-01-15T10:30:00.000Z");
}

static void test_parse_instant(void **state)
{
    (void)state;
    int64_t s = 0;
    int32_t ns = -1;
#define OK(text, secs, nanos)                                                                      \
    do {                                                                                           \
        s = 0;                                                                                     \
        ns = -1;                                                                                   \
        assert_true(cdc_parse_instant((text), strlen(text), &s, &ns));                             \
        assert_true(s == INT64_C(secs));                                                           \
        assert_int_equal(ns, (nanos));                                                             \
    } while (0)
    OK("2024-01-15T10:30:00Z", 1705314600, 0);
    OK("2024-01-15T12:30:00+02:00", 1705314600, 0);
    OK("2024-01-15T12:30:00+0200", 1705314600, 0);
    OK("2024-01-15T12:30:00+02", 1705314600, 0);
    OK("2024-01-15T05:30:00-05:00", 1705314600, 0);
    OK("2024-01-15T10:30:00.123456789Z", 1705314600, 123456789);
    OK("2024-01-15T10:30:00.5Z", 1705314600, 500000000);
    OK("1970-01-01T00:00:00Z", 0, 0);
    OK("2000-02-29T00:00:00Z", 951782400, 0);
    assert_false(cdc_parse_instant("2024-01-15T10:30:00", 19, &s, &ns));
    assert_false(cdc_parse_instant("2024-01-15", 10, &s, &ns));
    assert_false(cdc_parse_instant("2023-02-29T00:00:00Z", 20, &s, &ns));
    assert_false(cdc_parse_instant("2024-01-15T24:00:00Z", 20, &s, &ns));
    assert_false(cdc_parse_instant("2024-01-15T10:30:00Zjunk", 24, &s, &ns));
    assert_false(cdc_parse_instant("", 0, &s, &ns));
    /* Only len bytes are read. */
    assert_false(cdc_parse_instant("2024-01-15T10:30:00Z", 19, &s, &ns));
#undef OK
}

static void test_regex_accepted(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: event_type\n"
                    "        operator: matches\n"
                    "        value: \"^Car(Created|Updated)$\"\n"
                    "      - field: header_data.eventName\n"
                    "        operator: matches\n"
                    "        value: '[A-Z][a-z]+'\n");
    expect_counts(f, 0, 0);
    assert_true(f->ok);
    assert_int_equal(leaf(f, 0)->op, CDC_OP_MATCHES);
    assert_int_equal(leaf(f, 0)->values[0].type, CDC_TYPE_STRING);
}

static void test_regex_rejected(void **state)
{
    fix *f = *state;
    compile_cond(f, "      - field: event_type\n"
                    "        operator: matches\n"
                    "        value: \"(abc\"\n"
                    "      - field: event_type\n"
                    "        operator: matches\n"
                    "        value: x[z-a]\n");
    assert_false(f->ok);
    expect_counts(f, 2, 0);
    /* "(abc": PCRE2 reports the end of the pattern, just before the closing quote. */
    expect_diag(f, 0, CDC_ERROR, "bad-regex", 10, 21,
                "invalid pattern: missing closing parenthesis");
    expect_diag(f, 1, CDC_ERROR, "bad-regex", 13, 20,
                "invalid pattern: range out of order in character class");
}

/* ---- a schema file's typed and nested JSON keys ---- */

static const char *const tiers[] = {"gold", "silver", NULL};
static const cdc_field customer_keys[] = {
    {.name = "id", .type = CDC_TYPE_STRING, .nullable = true},
    {.name = "tier", .type = CDC_TYPE_STRING, .enums = tiers, .nullable = true},
};
static const cdc_field doc_keys[] = {
    {.name = "amount", .type = CDC_TYPE_FLOAT, .nullable = true},
    {.name = "count", .type = CDC_TYPE_INT, .nullable = true},
    {.name = "active", .type = CDC_TYPE_BOOLEAN, .nullable = true},
    {.name = "seen", .type = CDC_TYPE_TIMESTAMP, .epoch_ms = true, .nullable = true},
    {.name = "customer",
     .type = CDC_TYPE_JSON,
     .members = customer_keys,
     .nmembers = ARRAY_SIZE(customer_keys),
     .nullable = true},
};
static const cdc_field typed_fields[] = {
    {.name = "id", .type = CDC_TYPE_STRING, .key = true},
    {.name = "doc",
     .type = CDC_TYPE_JSON,
     .members = doc_keys,
     .nmembers = ARRAY_SIZE(doc_keys),
     .nullable = true},
};
static const cdc_schema typed_schema = {.table = "t",
                                        .pg_schema = "public",
                                        .fields = typed_fields,
                                        .nfields = ARRAY_SIZE(typed_fields),
                                        .ncolumns = ARRAY_SIZE(typed_fields)};

/* A quoted number or boolean against a declared number or boolean key is
 * an error at the value that says how to write it, wherever it stands. */
static void test_typed_key_quoted_value(void **state)
{
    fix *f = *state;
    f->x.p.schema = &typed_schema;
    compile_cond(f, "      - { field: doc.amount, operator: greaterThan, value: \"10000\" }\n"
                    "      - { field: doc.count, operator: in, values: [4, \"3\"] }\n"
                    "      - { field: doc.active, operator: equals, value: \"true\" }\n"
                    "      - { field: doc.amount, operator: between, min: \"1\", max: 2 }\n"
                    "      - { field: doc.amount, operator: equals, value: \"ten\" }\n"
                    "      - { field: doc.seen, operator: lessThan, value: \"1705312200000\" }\n");
    expect_counts(f, 6, 0);
    const char *never = ", so the comparison would be UNKNOWN on every event";
    expect_diag(f, 0, CDC_ERROR, "type-mismatch", 8, 60,
                cdc_arena_printf(f->x.a,
                                 "'doc.amount' is a number but \"10000\" is a string%s; "
                                 "write value: 10000",
                                 never));
    expect_diag(f, 1, CDC_ERROR, "type-mismatch", 9, 55,
                cdc_arena_printf(f->x.a,
                                 "'doc.count' is an integer but \"3\" is a string%s; "
                                 "write 3",
                                 never));
    expect_diag(f, 2, CDC_ERROR, "type-mismatch", 10, 55,
                cdc_arena_printf(f->x.a,
                                 "'doc.active' is a boolean but \"true\" is a string%s; "
                                 "write value: true",
                                 never));
    expect_diag(f, 3, CDC_ERROR, "type-mismatch", 11, 54,
                cdc_arena_printf(f->x.a,
                                 "'doc.amount' is a number but \"1\" is a string%s; "
                                 "write min: 1",
                                 never));
    /* Text that is no number has nothing to suggest. */
    expect_diag(
        f, 4, CDC_ERROR, "type-mismatch", 12, 55,
        cdc_arena_printf(f->x.a, "'doc.amount' is a number but \"ten\" is a string%s", never));
    expect_diag(f, 5, CDC_ERROR, "type-mismatch", 13, 55,
                cdc_arena_printf(f->x.a,
                                 "'doc.seen' is a timestamp in epoch milliseconds but "
                                 "\"1705312200000\" is a string%s; write value: 1705312200000",
                                 never));
}

/* Keys of keys type a path at any depth: their type, closed values and
 * encoding; a misspelt key at any depth is a warning at it, naming the
 * entry it is not a key of; nothing is below a key that is no JSON. */
static void test_nested_keys(void **state)
{
    fix *f = *state;
    f->x.p.schema = &typed_schema;
    compile_cond(f, "      - { field: doc.customer.id, operator: equals, value: x }\n"
                    "      - { field: doc.customer.tier, operator: equals, value: gld }\n"
                    "      - { field: doc.customer.tie, operator: equals, value: x }\n"
                    "      - { field: doc.amount.cents, operator: equals, value: 5 }\n"
                    "      - { field: doc.seen, operator: greaterThan, value: 1705312200000 }\n"
                    "      - { field: doc.custmer.id, operator: equals, value: 5 }\n");
    expect_counts(f, 2, 2);
    assert_ptr_equal(leaf(f, 0)->field.member, &customer_keys[0]);
    assert_int_equal(leaf(f, 0)->field.type, CDC_TYPE_STRING);
    expect_diag(f, 0, CDC_ERROR, "enum-value", 9, 62,
                "'gld' is not a value of 'doc.customer.tier' (one of gold, silver); did you mean "
                "'gold'?");
    expect_diag(f, 1, CDC_WARNING, "unknown-json-key", 10, 31,
                "'tie' is not a declared key of 'doc.customer'; did you mean 'tier'?");
    /* Undeclared: typed by the literal. */
    assert_null(leaf(f, 2)->field.member);
    assert_int_equal(leaf(f, 2)->field.type, CDC_TYPE_STRING);
    expect_diag(f, 2, CDC_ERROR, "unknown-field", 11, 28,
                "'doc.amount' is a float key; only a json key has keys or items below it");
    assert_true(leaf(f, 4)->field.epoch_ms);
    assert_int_equal(leaf(f, 4)->values[0].as.ms, 1705312200000);
    expect_diag(f, 3, CDC_WARNING, "unknown-json-key", 13, 22,
                "'custmer' is not a declared key of 'doc'; did you mean 'customer'?");
    assert_int_equal(leaf(f, 5)->field.type, CDC_TYPE_FLOAT);
}

/* An undeclared path compared as a number in one filter and as a string
 * in another, or as a boolean and a string in one: a warning at the later
 * value with a note at the earlier. Text and timestamps both read JSON
 * strings; isNull reads no kind; a declared key is typed by the schema. */
static void test_mixed_path_type(void **state)
{
    fix *f = *state;
    compile(f,
            "version: 1\n"
            "filters:\n"
            "  - { id: a, name: A, consumerId: c, outputTopic: ta, conditions: [\n"
            "      { field: header_data.amount, operator: greaterThan, value: 10000 },\n"
            "      { field: header_data.when, operator: greaterThan, value: x },\n"
            "      { field: header_data.flag, operator: equals, value: true } ] }\n"
            "  - { id: b, name: B, consumerId: c, outputTopic: tb, conditions: [\n"
            "      { field: header_data.amount, operator: in, values: [\"10\"] },\n"
            "      { field: header_data.amount, operator: isNull },\n"
            "      { field: header_data.when, operator: lessThan, value: \"2024-01-15T10:30:00Z\","
            " valueType: timestamp },\n"
            "      { field: header_data.eventType, operator: equals, value: CarCreated },\n"
            "      { field: header_data.flag, operator: equals, value: \"no\" },\n"
            "      { field: header_data.flag, operator: equals, value: \"yes\" } ] }\n"
            "  - { id: c, name: C, consumerId: c, outputTopic: tc, conditions: [\n"
            "      { field: header_data.size, operator: equals, value: 5 },\n"
            "      { field: header_data.size, operator: equals, value: \"5\" } ] }\n");
    expect_counts(f, 0, 4);
    const char *why = ": a JSON value is one or the other, so on every event one of the two "
                      "comparisons is UNKNOWN; declare the key's type in the schema file";
    const cdc_diag *g = expect_diag(
        f, 0, CDC_WARNING, "mixed-path-type", 8, 59,
        cdc_arena_printf(f->x.a,
                         "'header_data.amount' is compared with a string here and with a number "
                         "in filter 'a'%s",
                         why));
    assert_non_null(g->notes);
    assert_string_equal(g->notes->msg, "compared with a number here");
    assert_int_equal(g->notes->pos.line, 4);
    assert_int_equal(g->notes->pos.col, 66);
    /* Each later value of the other kind, against the first. */
    for (size_t i = 1; i <= 2; i++)
        expect_diag(f, i, CDC_WARNING, "mixed-path-type", 11 + (uint32_t)i, 59,
                    cdc_arena_printf(f->x.a,
                                     "'header_data.flag' is compared with a string here and "
                                     "with a boolean in filter 'a'%s",
                                     why));
    expect_diag(f, 3, CDC_WARNING, "mixed-path-type", 16, 59,
                cdc_arena_printf(f->x.a,
                                 "'header_data.size' is compared with a string here and with a "
                                 "number in this filter%s",
                                 why));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_program_teardown)
    const struct CMUnitTest parse[] = {
        T(test_seed_filter),           T(test_seed_filter_json),
        T(test_nested_groups),         T(test_group_errors),
        T(test_unknown_key),           T(test_unknown_file_key_and_version),
        T(test_one_mistake_one_error), T(test_missing_keys),
        T(test_unknown_operator),      T(test_missing_operand),
        T(test_operand_not_taken),     T(test_empty_values),
    };
    const struct CMUnitTest fields_types[] = {
        T(test_unknown_field),
        T(test_path_on_plain_column),
        T(test_json_paths),
        T(test_json_key_typo_warning),
        T(test_json_column_itself),
        T(test_type_mismatch_string_number),
        T(test_value_type_number_on_ts_ms),
        T(test_value_type_mismatch),
        T(test_value_type_string),
        T(test_between_min_greater_than_max),
        T(test_enum_values),
        T(test_boolean_ordering_rejected),
        T(test_boolean_literals),
        T(test_matches_on_non_string),
        T(test_null_literal_rejected),
        T(test_number_precision_warning),
    };
    const struct CMUnitTest filters[] = {
        T(test_invalid_id),
        T(test_duplicate_id_across_files),
        T(test_topic_too_long),
        T(test_topic_suffix_not_doubled),
        T(test_topic_bad_characters),
        T(test_deprecated_warns_and_generates),
        T(test_not_generated),
        T(test_generated_statuses),
        T(test_bad_status_and_enabled),
        T(test_duplicate_values_warn),
        T(test_shared_topic_warning),
        T(test_many_filters_in_order),
        T(test_check_result),
    };
    /* Depends on src/base/instant.c and src/lang/regex.c. */
    const struct CMUnitTest ts_regex[] = {
        T(test_ts_iso_literals),
        T(test_ts_bad_literals),
        T(test_ts_between_range),
        T(test_typed_key_quoted_value),
        T(test_nested_keys),
        T(test_mixed_path_type),
        cmocka_unit_test(test_parse_instant),
        T(test_regex_accepted),
        T(test_regex_rejected),
    };
#undef T
    int failed = 0;
    failed += cmocka_run_group_tests_name("parse", parse, NULL, NULL);
    failed += cmocka_run_group_tests_name("check fields and types", fields_types, NULL, NULL);
    failed += cmocka_run_group_tests_name("check filters", filters, NULL, NULL);
    failed += cmocka_run_group_tests_name("check timestamps and regexes", ts_regex, NULL, NULL);
    return failed ? 1 : 0;
}
