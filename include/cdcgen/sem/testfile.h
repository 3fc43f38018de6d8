/* testfile.c: reading filter test files (*.test.yaml) for `cdcgen test`.
 *
 *   version: 1                       # optional
 *   tests:
 *     - name: loan created reaches the loan consumer
 *       event: {event_type: LoanCreated, __op: c}   # or events: [{...}, ...]
 *       expect: [loan-created-filter]              # exactly these route it
 *       expectNot: [car-created-filter]            # none of these routes it
 *
 * Events are written in YAML and converted to JSON the way filter files read
 * literals: quoted scalars are strings; plain scalars follow YAML's core
 * schema (null, ~ and empty -> null; true/false -> booleans; decimal
 * integers and floats -> numbers; anything else -> a string). Each event then
 * goes through cdc_event_init, so Debezium change events work as well. */
#ifndef CDCGEN_SEM_TESTFILE_H
#define CDCGEN_SEM_TESTFILE_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/strmap.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/sem/eval.h"

typedef struct test_event {
    const cdc_ynode *node;
    json_t *json; /* the event as written, converted to JSON */
    cdc_event ev; /* normalized row (valid when json is set) */
} test_event;

/* What a test says about one filter. */
enum { WANT_NONE, WANT_ROUTE, WANT_NOT };

typedef struct test_case {
    const cdc_source *src;
    const cdc_ynode *node;
    const char *name;
    test_event *events;
    size_t nevents;
    bool events_list; /* written as events: [...] */
    bool has_expect, has_expect_not;
    unsigned char *want; /* per program filter: WANT_* */
    bool valid;
} test_case;

/* The tests of a run, read against a checked program. */
typedef struct test_suite {
    const cdc_program *prog;
    cdc_arena *arena;
    cdc_diags *diags;
    const cdc_source *src; /* test file being read */
    const char **ids;      /* every filter id, for did-you-mean */
    cdc_strmap by_id;      /* filter id -> index + 1 in prog */
    test_case **cases;
    size_t ncases, cap;
    size_t ninvalid;
    bool io_error; /* a test file could not be read */
} test_suite;

void cdc_tests_init(test_suite *T, const cdc_program *p, cdc_arena *a, cdc_diags *d);
/* Reads one test file into T, reporting its problems into T->diags. */
void cdc_tests_read_file(test_suite *T, const char *path);
void cdc_tests_release(test_suite *T);
/* The keys of a test file and of one test, in canonical order (cdcgen fmt). */
const char *const *cdc_test_file_keys(size_t *n);
const char *const *cdc_test_case_keys(size_t *n);

#endif
