/* junit.c: test results as JUnit XML (`cdcgen test --format junit`), the
 * report CI systems (GitHub Actions test reporters, GitLab, Jenkins) read:
 * one <testsuite> per test file, one <testcase> per test. */
#ifndef CDCGEN_BASE_JUNIT_H
#define CDCGEN_BASE_JUNIT_H

#include "cdcgen/base/common.h"

#include <stdio.h>

typedef enum cdc_junit_outcome {
    CDC_JUNIT_PASSED,
    CDC_JUNIT_FAILED,  /* <failure>: the routing was not what the test expects */
    CDC_JUNIT_INVALID, /* <error>: the test could not run */
} cdc_junit_outcome;

typedef struct cdc_junit_case {
    const char *file; /* the test file; consecutive cases of one file form a suite */
    const char *name; /* the test's name, or NULL when it has none */
    unsigned line;
    cdc_junit_outcome outcome;
    const char *message; /* failure or error: one line */
    const char *details; /* failure or error: the full text (may be NULL) */
} cdc_junit_case;

/* Writes the document. Text is escaped for XML 1.0; characters XML cannot
 * hold (control characters) are written as U+FFFD. */
void cdc_junit_write(FILE *out, const cdc_junit_case *cases, size_t n);

#endif
