/* The operators of the language, in one table: one row per value of cdc_op
 * (ast.h) saying everything a stage needs to know about it, so that no
 * stage tests operator names.
 *
 * Who reads what:
 *   parse     name, operands (which keys a leaf takes);
 *   check     types and needs (which fields it applies to), pattern
 *             (checked as a regex, not as a value of the field), operands
 *             (between's min <= max, duplicates in a list);
 *   eval      strict (a NULL field makes it UNKNOWN), pattern (compiled
 *             once), equality_key (the routing index); the comparison
 *             itself is eval_leaf's switch;
 *   routediff pattern (no finite split of values: undecided), ordering
 *             (strings need each literal's successor), equality_key (the
 *             lint's disjoint-key shortcut);
 *   emit      sql_form and sql (both Flink targets), topology (the
 *             Kafka Streams JSON), operands and pattern (how operands are
 *             written);
 *   `cdcgen --list-operators` prints name, operands and summary; the CLI
 *   tests hold the man page, grammar/filters.schema.json,
 *   grammar/conditions.ebnf and the golden cases (tests/golden/ops/) to it.
 * The table is data the back ends read, never code: lang/ still knows
 * nothing of how a back end runs.
 *
 * Adding an operator, in C: a value of cdc_op (ast.h, before
 * CDC_OP__COUNT), its row in op.c (a missing row fails to compile), its
 * case in eval_leaf (src/sem/eval.c: a switch over every operator with no
 * default, so -Wswitch names the one missing). Only a new operand shape or
 * SQL form adds a case to the switches over cdc_operands (parse.c,
 * emit_kstreams.c, op.c) or cdc_sql_form (emit_flink.c), which have no
 * default either. `pattern` means a regular expression as regex.c checks
 * and eval runs it; another kind of pattern needs its own column. Then
 * `make check-cli` names the documents that do not list it yet. */
#ifndef CDCGEN_LANG_OP_H
#define CDCGEN_LANG_OP_H

#include "cdcgen/base/common.h"
#include "cdcgen/lang/ast.h"

/* The operand keys a leaf with the operator takes. */
typedef enum cdc_operands {
    CDC_OPERANDS_NONE,  /* none: isNull */
    CDC_OPERANDS_VALUE, /* 'value': one literal */
    CDC_OPERANDS_LIST,  /* 'values': a non-empty list of literals */
    CDC_OPERANDS_RANGE, /* 'min' and 'max': two literals, min <= max */
} cdc_operands;

/* How the Flink SQL targets write a leaf, around the operator's `sql`. */
typedef enum cdc_sql_form {
    CDC_SQL_INFIX,   /* value <sql> literal */
    CDC_SQL_LIST,    /* value <sql> (literal, ...) */
    CDC_SQL_RANGE,   /* value <sql> min AND max */
    CDC_SQL_CALL,    /* <sql>(value, 'operand'): the operand as written, a string */
    CDC_SQL_POSTFIX, /* value <sql> */
} cdc_sql_form;

/* Bit of a cdc_type in cdc_op_info.types. */
#define CDC_OP_TYPE(t) (1u << (t))

typedef struct cdc_op_info {
    const char *name;      /* the spelling in filter files and messages: "greaterThan" */
    cdc_operands operands; /* the operand keys it takes */
    bool pattern;          /* the operand is a regular expression, not a value of the
                            * field: no enum check, compiled, no finite split */
    bool ordering;         /* compares by order: strings by code point, which Flink
                            * needs rewritten and routediff needs successors for */
    unsigned types;        /* CDC_OP_TYPE bits of the field types it applies to */
    const char *needs;     /* what types asks for, in "operator 'x' needs %s"; NULL when
                            * it applies to every type but a whole JSON document */
    bool strict;           /* a NULL field makes it UNKNOWN (SQL); else never UNKNOWN */
    bool equality_key;     /* TRUE exactly when the field equals one of its literals,
                            * FALSE for every other value: what an index by value serves */
    cdc_sql_form sql_form; /* how the Flink targets write it */
    const char *sql;       /* its SQL operator, keyword or function: ">=", "NOT IN" */
    const char *topology;  /* its "op" in the Kafka Streams topology JSON */
    const char *summary;   /* one line for people: what makes it TRUE */
} cdc_op_info;

/* The row of op; op must be a value of cdc_op (a bug otherwise). */
const cdc_op_info *cdc_op_get(cdc_op op);
/* The operator's spelling in filter files ("greaterThan"); "?" if op is none. */
const char *cdc_op_name(cdc_op op);
/* Looks an operator up by its spelling; false if unknown. */
bool cdc_op_parse(const char *name, cdc_op *op);
/* Whether op applies to a field of type t. */
bool cdc_op_takes(cdc_op op, cdc_type t);
/* The operand keys as `cdcgen --list-operators` prints them: "value",
 * "values", "min,max", "-". */
const char *cdc_operands_keys(cdc_operands o);

#endif
