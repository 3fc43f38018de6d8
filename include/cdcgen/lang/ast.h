/* The filter program: what parse.c builds from the YAML tree, check.c
 * resolves and types, and every back end reads. One AST for every target.
 *
 * Ownership: everything lives in the run's arena. */
#ifndef CDCGEN_LANG_AST_H
#define CDCGEN_LANG_AST_H

#include "cdcgen/back/target.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/decimal.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"

typedef struct cdc_field cdc_field;

/* Value types of the language (schema types and literal types). */
typedef enum cdc_type {
    CDC_TYPE_UNKNOWN,   /* not yet typed (before check) */
    CDC_TYPE_STRING,    /* text, compared by code point */
    CDC_TYPE_INT,       /* 64-bit integer */
    CDC_TYPE_FLOAT,     /* IEEE double */
    CDC_TYPE_DECIMAL,   /* exact decimal (numeric): compared by value, never as a double */
    CDC_TYPE_BOOLEAN,   /* true / false */
    CDC_TYPE_TIMESTAMP, /* an instant; literals held as epoch milliseconds */
    CDC_TYPE_JSON,      /* a JSON document carried as a string; only paths into it compare */
    CDC_TYPE__COUNT
} cdc_type;

const char *cdc_type_name(cdc_type t);

/* Operators of leaf conditions; what each one is and does is its row in
 * lang/op.c (include/cdcgen/lang/op.h), in this order. */
typedef enum cdc_op {
    CDC_OP_EQUALS,      /* value */
    CDC_OP_IN,          /* values, non-empty */
    CDC_OP_NOT_IN,      /* values, non-empty */
    CDC_OP_GT,          /* value */
    CDC_OP_LT,          /* value */
    CDC_OP_GE,          /* value */
    CDC_OP_LE,          /* value */
    CDC_OP_BETWEEN,     /* min, max; inclusive */
    CDC_OP_MATCHES,     /* value: a regular expression, found anywhere */
    CDC_OP_IS_NULL,     /* no operand */
    CDC_OP_IS_NOT_NULL, /* no operand */
    CDC_OP__COUNT
} cdc_op;

/* How a literal was written, before check gives it a type. */
typedef enum cdc_lit_syntax {
    CDC_LIT_STRING, /* quoted, or plain text that is no number/bool/null */
    CDC_LIT_INT,    /* plain integer: 42, -7 */
    CDC_LIT_FLOAT,  /* plain decimal or exponent: 1.5, 2e3 */
    CDC_LIT_BOOL,   /* plain true / false */
    CDC_LIT_NULL,   /* plain null, ~ or empty */
} cdc_lit_syntax;

typedef struct cdc_literal {
    cdc_pos pos;
    cdc_lit_syntax syntax;
    const char *text; /* the scalar's text (unquoted) */
    size_t len;       /* bytes in text (strings may hold any code point) */
    cdc_type type;    /* set by check */
    union {
        int64_t i;     /* CDC_TYPE_INT */
        double f;      /* CDC_TYPE_FLOAT */
        cdc_decimal d; /* CDC_TYPE_DECIMAL: a view of text */
        bool b;        /* CDC_TYPE_BOOLEAN */
        int64_t ms;    /* CDC_TYPE_TIMESTAMP: epoch milliseconds, UTC */
    } as;
} cdc_literal;

/* One step of a path into a JSON document: a key or an array index. */
typedef enum cdc_step_kind {
    CDC_STEP_KEY,   /* .key */
    CDC_STEP_INDEX, /* [n] */
} cdc_step_kind;

typedef struct cdc_path_step {
    cdc_step_kind kind;
    const char *key; /* CDC_STEP_KEY: the key, NUL-terminated */
    uint32_t index;  /* CDC_STEP_INDEX: the index (at most 9 digits) */
} cdc_path_step;

/* A field reference: a column, or a path into a JSON column. */
typedef struct cdc_fieldref {
    const char *text; /* as written: "header_data.dealerId" */
    cdc_pos pos;
    /* set by check: */
    const cdc_field *column;   /* the column (for paths: the JSON column) */
    const cdc_path_step *path; /* JSON path steps below the column */
    size_t npath;
    const cdc_field *member; /* schema entry of the path's end, if declared */
    cdc_type type;           /* the value's type */
    bool epoch_ms;           /* timestamp carried as epoch milliseconds (number) */
} cdc_fieldref;

typedef enum cdc_cond_kind {
    CDC_COND_LEAF, /* field operator operand */
    CDC_COND_ALL,  /* AND of kids (also a filter's conditionLogic AND) */
    CDC_COND_ANY,  /* OR of kids */
    CDC_COND_NOT,  /* NOT of kids[0] */
} cdc_cond_kind;

typedef struct cdc_cond cdc_cond;
struct cdc_cond {
    cdc_cond_kind kind;
    cdc_pos pos;
    /* groups */
    cdc_cond **kids;
    size_t nkids;
    /* leaves */
    cdc_fieldref field;
    cdc_op op;
    cdc_pos op_pos;
    cdc_literal *values; /* equals, gt..le, matches: 1; in/notIn: n; between: min, max */
    size_t nvalues;
    const char *value_type; /* valueType as written, or NULL */
    cdc_pos value_type_pos;
};

typedef enum cdc_status {
    CDC_STATUS_NONE, /* not given */
    CDC_STATUS_PENDING_APPROVAL,
    CDC_STATUS_APPROVED,
    CDC_STATUS_DEPLOYING,
    CDC_STATUS_DEPLOYED,
    CDC_STATUS_FAILED,
    CDC_STATUS_DISABLED, /* not generated */
    CDC_STATUS_ACTIVE,
    CDC_STATUS_DEPRECATED,       /* generated with a warning */
    CDC_STATUS_PENDING_DELETION, /* not generated */
    CDC_STATUS_DELETED,          /* not generated */
    CDC_STATUS__COUNT
} cdc_status;

const char *cdc_status_name(cdc_status s);

/* A string from the file, with where it was written. */
typedef struct cdc_str {
    const char *s; /* NULL when absent */
    cdc_pos pos;
} cdc_str;

typedef struct cdc_filter {
    const cdc_source *src;
    cdc_pos pos; /* the filter's mapping */
    cdc_str id, name, consumer_id, output_topic, description;
    cdc_str consumer_group;    /* consumerGroup: the consumer's Kafka group
                             * (absent: <consumerId>-group) */
    cdc_str allow_breaking;    /* allowBreaking: why `cdcgen diff` may let a
                             * change that breaks the consumer pass */
    cdc_suppression *suppress; /* suppress: warnings about this filter turned off */
    size_t nsuppress;
    bool enabled; /* default true */
    cdc_status status;
    cdc_pos status_pos;
    bool logic_or;  /* conditionLogic: OR */
    cdc_cond *cond; /* ALL or ANY of the top-level conditions */
    bool generated; /* set by check: enabled and status allows it */
    /* Names its targets create, resolved once by check (cdc_resolve_names): */
    const char *topic[CDC_TARGET__COUNT]; /* the topic each target writes it to:
                                           * outputTopic + the target's suffix;
                                           * NULL for targets without one */
    const char *sink_table;               /* Apache Flink sink table: sink_<id> */
} cdc_filter;

/* All filters of a run, in input order (files sorted, filters in file order). */
typedef struct cdc_program {
    cdc_filter **filters;
    size_t nfilters;
    const cdc_source **sources; /* every input file, in order */
    size_t nsources;
    const struct cdc_schema *schema;
    /* Names resolved by check (cdc_resolve_names): */
    const char *source_topic; /* kafka.source_topic, what every target reads */
    const char *source_table; /* Apache Flink source table: the topic, '_' for others */
    const char *utc_view;     /* Apache Flink view adding <field>__utc columns; NULL
                               * when no generated filter compares a timestamp
                               * carried as text */
} cdc_program;

/* Appends a literal's value as text in a canonical form: numbers in the
 * shortest form that reads back the same, timestamps as ISO-8601 UTC with
 * milliseconds, strings as they are. */
void cdc_literal_canonical(const cdc_literal *l, cdc_buf *out);

#endif
