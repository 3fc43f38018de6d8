/* coverage.c: condition coverage for `cdcgen test --coverage`: per
 * generated filter and per condition (the filter's top-level condition
 * list, every group and every leaf), whether the tests made it TRUE and made
 * it not TRUE. UNKNOWN counts as not TRUE: like FALSE, it does not route. */
#ifndef CDCGEN_SEM_COVERAGE_H
#define CDCGEN_SEM_COVERAGE_H

#include <stdio.h>

#include "cdcgen/base/common.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/sem/eval.h"

typedef struct cov_entry {
    const cdc_cond *cond;
    const cdc_filter *filter;
    int depth;
    bool seen_true, seen_not_true;
} cov_entry;

typedef struct cdc_coverage {
    const cdc_program *prog;
    cov_entry *cov; /* in source order */
    size_t ncov;
    cov_entry **cov_sorted; /* by condition pointer, for the hook */
} cdc_coverage;

void cdc_coverage_init(cdc_coverage *T, const cdc_program *p);
void cdc_coverage_release(cdc_coverage *T);
/* The evaluator hook (cdc_eval_set_hook) that records outcomes; ctx is the coverage. */
void cdc_coverage_hook(void *ctx, const cdc_filter *f, const cdc_cond *c, cdc_truth v);
/* Prints the report to out and sums the outcomes covered and possible. */
void cdc_coverage_print(const cdc_coverage *T, FILE *out, size_t *covered, size_t *total);
/* "100%", "87.5%": rounded down, so a total short of complete never shows 100%. */
void cdc_format_pct(char *out, size_t n, size_t num, size_t den);

#endif
