/* Unit tests for op.c, the table of operators: every row complete and
 * consistent with itself, and each column the stages read agreeing with
 * what those stages do: check accepts an operator on a field of a type
 * exactly when its row lists the type; eval makes it UNKNOWN on a NULL
 * field exactly when it is strict, TRUE exactly for its literals when it
 * is an equality key, and tells values apart by order exactly when it is
 * an ordering. A row added with a wrong column fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "cdcgen/base/common.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/op.h"
#include "cdcgen/lang/schema.h"
#include "cdcgen/sem/eval.h"
#include "fixture.h"

#define EACH_OP(op) for (cdc_op op = 0; op < CDC_OP__COUNT; op++)

/* ---- the rows ---- */

static void test_rows_complete(void **state)
{
    (void)state;
    EACH_OP(op)
    {
        const cdc_op_info *r = cdc_op_get(op);
        if (!r->name || !*r->name || !r->sql || !*r->sql || !r->topology || !*r->topology ||
            !r->summary || !*r->summary || !r->types)
            fail_msg("operator %d: a column is empty", (int)op);
        cdc_op back;
        assert_true(cdc_op_parse(r->name, &back));
        assert_int_equal(back, op);
        assert_string_equal(cdc_op_name(op), r->name);
        for (cdc_op other = 0; other < op; other++) {
            if (strcmp(cdc_op_get(other)->name, r->name) == 0 ||
                strcmp(cdc_op_get(other)->topology, r->topology) == 0)
                fail_msg("%s and %s share a spelling", cdc_op_name(other), r->name);
        }
    }
}

static void test_parse_is_exact(void **state)
{
    (void)state;
    cdc_op op = CDC_OP_IN;
    assert_false(cdc_op_parse("greaterthan", &op));
    assert_false(cdc_op_parse("Equals", &op));
    assert_false(cdc_op_parse("", &op));
    assert_false(cdc_op_parse("equals ", &op));
    assert_int_equal(op, CDC_OP_IN); /* untouched */
    assert_string_equal(cdc_op_name(CDC_OP__COUNT), "?");
}

/* What the stages take for granted of a row. */
static void test_rows_consistent(void **state)
{
    (void)state;
    const unsigned values = CDC_OP_TYPE(CDC_TYPE_STRING) | CDC_OP_TYPE(CDC_TYPE_INT) |
                            CDC_OP_TYPE(CDC_TYPE_FLOAT) | CDC_OP_TYPE(CDC_TYPE_BOOLEAN) |
                            CDC_OP_TYPE(CDC_TYPE_TIMESTAMP);
    EACH_OP(op)
    {
        const cdc_op_info *r = cdc_op_get(op);
        /* emit_flink reads values[0] (and [1]) as its SQL form says. */
        static const cdc_operands form_takes[] = {
            [CDC_SQL_INFIX] = CDC_OPERANDS_VALUE,  [CDC_SQL_LIST] = CDC_OPERANDS_LIST,
            [CDC_SQL_RANGE] = CDC_OPERANDS_RANGE,  [CDC_SQL_CALL] = CDC_OPERANDS_VALUE,
            [CDC_SQL_POSTFIX] = CDC_OPERANDS_NONE,
        };
        if (form_takes[r->sql_form] != r->operands)
            fail_msg("%s: its SQL form takes other operands than it does", r->name);
        /* check names `needs` whenever a field type it could meet is refused. */
        if ((r->needs != NULL) != ((r->types & values) != values))
            fail_msg("%s: needs is set but every value type is taken, or the reverse", r->name);
        /* A pattern is one string operand, written by the CALL form. */
        if (r->pattern && (r->operands != CDC_OPERANDS_VALUE || r->sql_form != CDC_SQL_CALL ||
                           r->types != CDC_OP_TYPE(CDC_TYPE_STRING)))
            fail_msg("%s: a pattern operator needs one string operand", r->name);
        /* eval compares literals only with non-NULL values. */
        if (!r->strict && r->operands != CDC_OPERANDS_NONE)
            fail_msg("%s: sees NULL fields, so it can have no literal", r->name);
        if (r->ordering && cdc_op_takes(op, CDC_TYPE_BOOLEAN))
            fail_msg("%s: booleans have no order", r->name);
    }
    assert_string_equal(cdc_operands_keys(CDC_OPERANDS_NONE), "-");
    assert_string_equal(cdc_operands_keys(CDC_OPERANDS_RANGE), "min,max");
}

/* ---- check agrees with `types` ---- */

/* A column of every type, and a literal of each for the operands. */
static const cdc_field every_type[] = {
    {.name = "s", .type = CDC_TYPE_STRING},    {.name = "i", .type = CDC_TYPE_INT},
    {.name = "f", .type = CDC_TYPE_FLOAT},     {.name = "b", .type = CDC_TYPE_BOOLEAN},
    {.name = "t", .type = CDC_TYPE_TIMESTAMP}, {.name = "j", .type = CDC_TYPE_JSON},
};
static const char *const literal_of[] = {"x", "1", "1.5", "true", "\"2024-01-15T10:30:00Z\"", "x"};
static const cdc_schema every_type_schema = {
    .table = "rows", .pg_schema = "public", .fields = every_type, .nfields = 6};

/* A condition with the operands op takes, each `lit`. */
static const char *condition(cdc_arena *a, const char *field, cdc_op op, const char *lit)
{
    const char *name = cdc_op_name(op);
    switch (cdc_op_get(op)->operands) {
    case CDC_OPERANDS_NONE: return cdc_arena_printf(a, "{field: %s, operator: %s}", field, name);
    case CDC_OPERANDS_VALUE:
        return cdc_arena_printf(a, "{field: %s, operator: %s, value: %s}", field, name, lit);
    case CDC_OPERANDS_LIST:
        return cdc_arena_printf(a, "{field: %s, operator: %s, values: [%s]}", field, name, lit);
    case CDC_OPERANDS_RANGE:
        return cdc_arena_printf(a, "{field: %s, operator: %s, min: %s, max: %s}", field, name, lit,
                                lit);
    }
    fail_msg("operand shape %d", (int)cdc_op_get(op)->operands);
    return NULL;
}

static unsigned count_code(const cdc_diags *d, const char *code)
{
    unsigned n = 0;
    for (const cdc_diag *g = d->head; g; g = g->next)
        n += strcmp(g->code, code) == 0;
    return n;
}

static void test_check_takes_the_types_of_the_row(void **state)
{
    (void)state;
    EACH_OP(op)
    {
        for (size_t k = 0; k < ARRAY_SIZE(every_type); k++) {
            void *st = NULL;
            assert_int_equal(fx_program_setup(&st, sizeof(fx_program)), 0);
            fx_program *f = st;
            f->p.schema = &every_type_schema;
            const char *text =
                cdc_arena_printf(f->a,
                                 "version: 1\n"
                                 "filters:\n"
                                 "  - id: f1\n"
                                 "    name: N\n"
                                 "    consumerId: c\n"
                                 "    outputTopic: out-topic\n"
                                 "    conditions:\n"
                                 "      - %s\n",
                                 condition(f->a, every_type[k].name, op, literal_of[k]));
            fx_add_file(f, "filters/t.yaml", text);
            cdc_check(&f->p, f->a, &f->cfg, &f->d);
            bool takes = cdc_op_takes(op, every_type[k].type);
            unsigned refused = count_code(&f->d, "operator-type");
            if (refused != (takes ? 0u : 1u) || (takes && f->d.nerrors)) {
                cdc_diags_render(&f->d, stdout, CDC_DIAG_TEXT, false);
                fail_msg("%s on a %s field: %u operator-type errors of %u, expected %s",
                         cdc_op_name(op), cdc_type_name(every_type[k].type), refused, f->d.nerrors,
                         takes ? "none" : "one");
            }
            fx_program_teardown(&st);
        }
    }
}

/* ---- eval agrees with strict, equality_key and ordering ---- */

/* Literals of op's shape on the string column event_type: "M", or "M"
 * and "Q". */
static cdc_cond *string_leaf(cdc_op op)
{
    switch (cdc_op_get(op)->operands) {
    case CDC_OPERANDS_NONE: return fx_leaf("event_type", op, FX_NOLITS);
    case CDC_OPERANDS_VALUE: return fx_leaf("event_type", op, FX_LITS(fx_lit_str("M")));
    case CDC_OPERANDS_LIST:
    case CDC_OPERANDS_RANGE:
        return fx_leaf("event_type", op, FX_LITS(fx_lit_str("M"), fx_lit_str("Q")));
    }
    fail_msg("operand shape %d", (int)cdc_op_get(op)->operands);
    return NULL;
}

/* Truth of op's string_leaf for event_type = value (NULL: absent). */
static cdc_truth eval_op(cdc_op op, const char *value)
{
    cdc_program *p = fx_program_of(1, fx_filter("f", "F", "t", string_leaf(op)));
    cdc_evaluator *ev = cdc_eval_new(p);
    json_t *row = value ? json_pack("{ss}", "event_type", value) : json_object();
    cdc_event e;
    const char *err = NULL;
    if (!cdc_event_init(&e, p, row, &err))
        fail_msg("not an event: %s", err);
    cdc_truth t = cdc_eval_filter(ev, p->filters[0], &e);
    cdc_event_release(&e);
    json_decref(row);
    cdc_eval_free(ev);
    return t;
}

static void test_eval_unknown_on_null_when_strict(void **state)
{
    (void)state;
    EACH_OP(op)
    {
        bool strict = cdc_op_get(op)->strict;
        if ((eval_op(op, NULL) == CDC_UNKNOWN) != strict)
            fail_msg("%s on a NULL field: %s, but strict is %d", cdc_op_name(op),
                     cdc_truth_name(eval_op(op, NULL)), strict);
        assert_int_not_equal(eval_op(op, "N"), CDC_UNKNOWN); /* a value: never UNKNOWN */
    }
}

/* Values around and between the literals "M" and "Q", and absent. */
static const char *const samples[] = {"A", "M", "MM", "N", "Q", "Z", "", NULL};

static bool is_literal(const cdc_cond *leaf, const char *value)
{
    for (size_t i = 0; value && i < leaf->nvalues; i++)
        if (strcmp(leaf->values[i].text, value) == 0)
            return true;
    return false;
}

static void test_eval_true_for_literals_when_equality_key(void **state)
{
    (void)state;
    EACH_OP(op)
    {
        const cdc_cond *leaf = string_leaf(op);
        bool exact = true; /* TRUE exactly for the literals, on every sample */
        for (size_t i = 0; i < ARRAY_SIZE(samples); i++)
            exact &= (eval_op(op, samples[i]) == CDC_TRUE) == is_literal(leaf, samples[i]);
        if (exact != cdc_op_get(op)->equality_key)
            fail_msg("%s: TRUE exactly for its literals is %d, equality_key %d", cdc_op_name(op),
                     exact, cdc_op_get(op)->equality_key);
    }
}

/* "A" < "M" < "N" < "Q" < "Z": an ordering tells values that are no
 * literal apart by where they fall; no other operator can. */
static void test_eval_tells_order_when_ordering(void **state)
{
    (void)state;
    static const char *const between_literals[] = {"A", "N", "Z"};
    EACH_OP(op)
    {
        cdc_truth first = eval_op(op, between_literals[0]);
        bool differ = false;
        for (size_t i = 1; i < ARRAY_SIZE(between_literals); i++)
            differ |= eval_op(op, between_literals[i]) != first;
        if (differ != cdc_op_get(op)->ordering)
            fail_msg("%s: tells A, N and Z apart: %d, ordering %d", cdc_op_name(op), differ,
                     cdc_op_get(op)->ordering);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_complete),
        cmocka_unit_test(test_parse_is_exact),
        cmocka_unit_test(test_rows_consistent),
        cmocka_unit_test(test_check_takes_the_types_of_the_row),
        cmocka_unit_test_setup_teardown(test_eval_unknown_on_null_when_strict, fx_arena_setup,
                                        fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_eval_true_for_literals_when_equality_key,
                                        fx_arena_setup, fx_arena_teardown),
        cmocka_unit_test_setup_teardown(test_eval_tells_order_when_ordering, fx_arena_setup,
                                        fx_arena_teardown),
    };
    return cmocka_run_group_tests_name("op", tests, NULL, NULL);
}
