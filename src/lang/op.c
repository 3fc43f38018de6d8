/* lang/op.c: the table of operators (include/cdcgen/lang/op.h says who
 * reads which column). One row per value of cdc_op; a stage that needs to
 * know something about an operator asks its row. */
#include <string.h>

#include "cdcgen/lang/op.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/ast.h"

/* The field types operators apply to. A whole JSON document has no value
 * to compare, only presence. */
enum {
    VALUE_TYPES = CDC_OP_TYPE(CDC_TYPE_STRING) | CDC_OP_TYPE(CDC_TYPE_INT) |
                  CDC_OP_TYPE(CDC_TYPE_FLOAT) | CDC_OP_TYPE(CDC_TYPE_DECIMAL) |
                  CDC_OP_TYPE(CDC_TYPE_BOOLEAN) | CDC_OP_TYPE(CDC_TYPE_TIMESTAMP),
    ORDERED_TYPES = VALUE_TYPES & ~CDC_OP_TYPE(CDC_TYPE_BOOLEAN),
    TEXT_TYPES = CDC_OP_TYPE(CDC_TYPE_STRING),
    ALL_TYPES = VALUE_TYPES | CDC_OP_TYPE(CDC_TYPE_JSON),
};

static const cdc_op_info ops[] = {
    [CDC_OP_EQUALS] = {.name = "equals",
                       .operands = CDC_OPERANDS_VALUE,
                       .types = VALUE_TYPES,
                       .strict = true,
                       .equality_key = true,
                       .sql_form = CDC_SQL_INFIX,
                       .sql = "=",
                       .topology = "equals",
                       .summary = "field equals the value"},
    [CDC_OP_IN] = {.name = "in",
                   .operands = CDC_OPERANDS_LIST,
                   .types = VALUE_TYPES,
                   .strict = true,
                   .equality_key = true,
                   .sql_form = CDC_SQL_LIST,
                   .sql = "IN",
                   .topology = "in",
                   .summary = "field equals one of the values"},
    [CDC_OP_NOT_IN] = {.name = "notIn",
                       .operands = CDC_OPERANDS_LIST,
                       .types = VALUE_TYPES,
                       .strict = true,
                       .sql_form = CDC_SQL_LIST,
                       .sql = "NOT IN",
                       .topology = "notIn",
                       .summary = "field equals none of the values: not(in)"},
    [CDC_OP_GT] = {.name = "greaterThan",
                   .operands = CDC_OPERANDS_VALUE,
                   .ordering = true,
                   .types = ORDERED_TYPES,
                   .needs = "an ordered type",
                   .strict = true,
                   .sql_form = CDC_SQL_INFIX,
                   .sql = ">",
                   .topology = "greaterThan",
                   .summary = "field > value"},
    [CDC_OP_LT] = {.name = "lessThan",
                   .operands = CDC_OPERANDS_VALUE,
                   .ordering = true,
                   .types = ORDERED_TYPES,
                   .needs = "an ordered type",
                   .strict = true,
                   .sql_form = CDC_SQL_INFIX,
                   .sql = "<",
                   .topology = "lessThan",
                   .summary = "field < value"},
    [CDC_OP_GE] = {.name = "greaterThanOrEqual",
                   .operands = CDC_OPERANDS_VALUE,
                   .ordering = true,
                   .types = ORDERED_TYPES,
                   .needs = "an ordered type",
                   .strict = true,
                   .sql_form = CDC_SQL_INFIX,
                   .sql = ">=",
                   .topology = "greaterThanOrEqual",
                   .summary = "field >= value"},
    [CDC_OP_LE] = {.name = "lessThanOrEqual",
                   .operands = CDC_OPERANDS_VALUE,
                   .ordering = true,
                   .types = ORDERED_TYPES,
                   .needs = "an ordered type",
                   .strict = true,
                   .sql_form = CDC_SQL_INFIX,
                   .sql = "<=",
                   .topology = "lessThanOrEqual",
                   .summary = "field <= value"},
    [CDC_OP_BETWEEN] = {.name = "between",
                        .operands = CDC_OPERANDS_RANGE,
                        .ordering = true,
                        .types = ORDERED_TYPES,
                        .needs = "an ordered type",
                        .strict = true,
                        .sql_form = CDC_SQL_RANGE,
                        .sql = "BETWEEN",
                        .topology = "between",
                        .summary = "min <= field <= max"},
    [CDC_OP_MATCHES] = {.name = "matches",
                        .operands = CDC_OPERANDS_VALUE,
                        .pattern = true,
                        .types = TEXT_TYPES,
                        .needs = "a string",
                        .strict = true,
                        .sql_form = CDC_SQL_CALL,
                        .sql = "REGEXP",
                        .topology = "matches",
                        .summary = "the regular expression (value) is found in field"},
    [CDC_OP_IS_NULL] = {.name = "isNull",
                        .operands = CDC_OPERANDS_NONE,
                        .types = ALL_TYPES,
                        .sql_form = CDC_SQL_POSTFIX,
                        .sql = "IS NULL",
                        .topology = "isNull",
                        .summary = "field is NULL: missing, JSON null or malformed"},
    [CDC_OP_IS_NOT_NULL] = {.name = "isNotNull",
                            .operands = CDC_OPERANDS_NONE,
                            .types = ALL_TYPES,
                            .sql_form = CDC_SQL_POSTFIX,
                            .sql = "IS NOT NULL",
                            .topology = "isNotNull",
                            .summary = "field is not NULL"},
};

/* A value of cdc_op added last without a row leaves the table short. */
_Static_assert(ARRAY_SIZE(ops) == CDC_OP__COUNT, "one row per operator");

const cdc_op_info *cdc_op_get(cdc_op op)
{
    if ((unsigned)op >= CDC_OP__COUNT)
        CDC_BUG("unknown operator %d", (int)op);
    return &ops[op];
}

const char *cdc_op_name(cdc_op op)
{
    return (unsigned)op < CDC_OP__COUNT ? ops[op].name : "?";
}

bool cdc_op_parse(const char *name, cdc_op *op)
{
    for (int i = 0; i < CDC_OP__COUNT; i++) {
        if (strcmp(name, ops[i].name) == 0) {
            *op = (cdc_op)i;
            return true;
        }
    }
    return false;
}

bool cdc_op_takes(cdc_op op, cdc_type t)
{
    return (cdc_op_get(op)->types & CDC_OP_TYPE(t)) != 0;
}

const char *cdc_operands_keys(cdc_operands o)
{
    switch (o) {
    case CDC_OPERANDS_NONE: return "-";
    case CDC_OPERANDS_VALUE: return "value";
    case CDC_OPERANDS_LIST: return "values";
    case CDC_OPERANDS_RANGE: return "min,max";
    }
    CDC_BUG("operand shape %d", (int)o);
}
