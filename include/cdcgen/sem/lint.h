/* lint.c: the lints, in one table.
 *
 * A lint is a warning about filters or tests that work but look wrong: a
 * filter that routes nothing or everything, one that only duplicates
 * another's events, a value listed twice, a test naming a filter twice.
 * Errors of the language stay with the stage that finds them.
 *
 * Each row of the table is one warning code of codes.c, the phase it runs
 * in and the function that runs it. A stage calls the runner of a phase
 * (cdc_lint_field, ..., cdc_lint_expectation) where the phase's subject is
 * ready; the runner calls the rows of that phase in table order, and each
 * reports under its row's code. Beside the table, the warnings raised
 * elsewhere (about events, runs and directories, not about filters) are
 * listed with the file that raises them, so that every warning code of
 * codes.c is accounted for (tests/unit/test_lint.c holds the three to one
 * another and to man/cdcgen.1). */
#ifndef CDCGEN_SEM_LINT_H
#define CDCGEN_SEM_LINT_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/load.h"

typedef enum cdc_lint_phase {
    /* At check (lang/check.c), in every command, as check meets its subject: */
    CDC_LINT_FIELD,     /* each field a condition reads, once resolved */
    CDC_LINT_LITERAL,   /* each value compared with a field (not a pattern), once typed */
    CDC_LINT_CONDITION, /* each leaf condition whose values all typed */
    CDC_LINT_FILTER,    /* each filter, once checked (whether it is generated decided) */
    CDC_LINT_TOPIC,     /* each generated filter writing the topic of an earlier one
                         * with the same outputTopic (once, not per target) */
    CDC_LINT_PROGRAM,   /* the program, once every filter is checked */
    /* After check passed, in `cdcgen check` only (they evaluate filters): */
    CDC_LINT_ROUTES,   /* the program: what each generated filter routes */
    CDC_LINT_SUPPRESS, /* the program, once the suppressions are applied */
    /* Reading a test file (sem/testfile.c): */
    CDC_LINT_EXPECT, /* each filter id a test's expect or expectNot lists */
    CDC_LINT__COUNT
} cdc_lint_phase;

typedef struct cdc_lint cdc_lint;

/* What a row reports through: itself (its code) and the collector. */
typedef struct cdc_lint_out {
    const cdc_lint *lint;
    cdc_diags *diags;
} cdc_lint_out;

/* What the route lints are told, decided once for all of them (lint.c). */
typedef struct cdc_route_findings cdc_route_findings;

/* A filter id in a test's expect or expectNot. */
typedef struct cdc_lint_expect {
    const cdc_source *src;    /* the test file */
    const cdc_ynode *item;    /* the id as written */
    const char *key;          /* "expect" or "expectNot" */
    const cdc_filter *filter; /* the filter it names */
    unsigned char before;     /* what the test said of it before (testfile.h's WANT_*) */
    unsigned char list;       /* what this list says: WANT_ROUTE or WANT_NOT */
} cdc_lint_expect;

/* A row: phase says which member of run is set. */
struct cdc_lint {
    const char *code; /* a code of codes.c with severity warning */
    cdc_lint_phase phase;
    union {
        void (*field)(const cdc_lint_out *o, const cdc_source *src, const cdc_fieldref *f);
        void (*literal)(const cdc_lint_out *o, const cdc_source *src, const cdc_cond *leaf,
                        const cdc_literal *l);
        void (*condition)(const cdc_lint_out *o, const cdc_source *src, const cdc_cond *leaf);
        void (*filter)(const cdc_lint_out *o, const cdc_filter *f);
        void (*topic)(const cdc_lint_out *o, const cdc_filter *f, const cdc_filter *earlier);
        void (*program)(const cdc_lint_out *o, const cdc_program *p);
        void (*routes)(const cdc_lint_out *o, const cdc_route_findings *r);
        void (*suppress)(const cdc_lint_out *o, const cdc_program *p);
        void (*expect)(const cdc_lint_out *o, const cdc_lint_expect *e);
    } run;
};

/* A warning raised outside the table, and where. */
typedef struct cdc_lint_elsewhere {
    const char *code; /* a code of codes.c that is (or can be) a warning */
    const char *file; /* the source file that raises it, from the repository root */
    const char *what; /* about what */
} cdc_lint_elsewhere;

/* The table, in the order the rows of a phase run; *n its length. */
const cdc_lint *cdc_lints(size_t *n);
/* The warnings raised elsewhere; *n their number. */
const cdc_lint_elsewhere *cdc_lints_elsewhere(size_t *n);

/* The runners of the phases at check; src is the file of the filter. */
void cdc_lint_field(cdc_diags *d, const cdc_source *src, const cdc_fieldref *f);
void cdc_lint_literal(cdc_diags *d, const cdc_source *src, const cdc_cond *leaf,
                      const cdc_literal *l);
void cdc_lint_condition(cdc_diags *d, const cdc_source *src, const cdc_cond *leaf);
void cdc_lint_filter(cdc_diags *d, const cdc_filter *f);
void cdc_lint_topic(cdc_diags *d, const cdc_filter *f, const cdc_filter *earlier);
void cdc_lint_program(cdc_diags *d, const cdc_program *p);

/* Events tried per filter by the route lints; a filter needing more is not
 * linted (checks stay linear in the number of filters). */
#define CDC_LINT_LIMIT 4096UL

/* Pairs of filters writing one output topic the route lints compare; the
 * pairs of a topic with more filters are compared in input order until the
 * cap, the rest are not (checks stay linear in the number of filters: only
 * filters sharing a topic are compared at all). */
#define CDC_LINT_PAIRS 256UL

/* The route lints (`cdcgen check`): decides, with the procedure of
 * routediff.c, which generated filters route no event or every event and,
 * among filters writing one outputTopic, which route exactly what another
 * routes or a part of it, then runs the rows of CDC_LINT_ROUTES on that.
 * p must have passed cdc_check. */
void cdc_lint_routes(const cdc_program *p, cdc_arena *a, cdc_diags *d);

/* The lints of the suppressions (`cdcgen check`, which runs every lint
 * about filters): call after cdc_suppress_apply. */
void cdc_lint_suppressions(cdc_diags *d, const cdc_program *p);

/* The lints of one filter id of a test's expectations, before the test
 * records it. */
void cdc_lint_expectation(cdc_diags *d, const cdc_lint_expect *e);

#endif
