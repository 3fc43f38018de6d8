/* eval.c: the reference semantics. Routes JSON events through a checked
 * program exactly as every target is meant to: SQL three-valued logic,
 * NULL and missing fields as NULL, numbers as numbers, timestamps as
 * instants, strings by code point, `matches` as a regex find.
 * `cdcgen eval`, `cdcgen test` and the cross-checks all use this module. */
#ifndef CDCGEN_SEM_EVAL_H
#define CDCGEN_SEM_EVAL_H

#include <jansson.h>

#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/lang/ast.h"

typedef enum cdc_truth {
    CDC_FALSE,
    CDC_TRUE,
    CDC_UNKNOWN, /* SQL's UNKNOWN: a comparison with NULL */
} cdc_truth;

const char *cdc_truth_name(cdc_truth t); /* "TRUE", "FALSE", "UNKNOWN" */

typedef struct cdc_evaluator cdc_evaluator;

/* Called for every condition evaluated (groups and leaves, all of them:
 * evaluation never short-circuits, so coverage sees every condition). */
typedef void (*cdc_eval_hook)(void *ctx, const cdc_filter *f, const cdc_cond *c, cdc_truth v);

/* Compiles the program's regexes. p must have passed cdc_check. */
cdc_evaluator *cdc_eval_new(const cdc_program *p);
void cdc_eval_free(cdc_evaluator *ev);
void cdc_eval_set_hook(cdc_evaluator *ev, cdc_eval_hook hook, void *ctx);

/* An event as a row of the table. Takes a new reference to the row. */
typedef struct cdc_event {
    json_t *row;        /* object: column name -> value */
    json_t **json_cols; /* parsed JSON columns, per schema field (lazy) */
    bool *json_done;
    size_t ncols;
} cdc_event;

/* Normalizes a JSON object into a row: a raw-event-headers message as it is
 * (flattened columns, __op, __table, __ts_ms), or a Debezium change event
 * (optionally inside {"schema", "payload"}), whose after (before, for
 * deletes) image becomes the row with __op, __table, __ts_ms and __deleted
 * added. Returns false and sets *err (static text) when in is no event. */
bool cdc_event_init(cdc_event *e, const cdc_program *p, json_t *in, const char **err);
void cdc_event_release(cdc_event *e);

/* Parses JSON text the way events are read: NUL characters allowed in
 * strings; an integer beyond 64 bits makes every integer of the document a
 * double (*widened set) instead of failing the document. A real beyond the
 * double range still fails. Returns a new reference or NULL (err filled). */
json_t *cdc_event_json_parse(const char *text, size_t len, size_t flags, json_error_t *err,
                             bool *widened);

/* Routes an event: stores in routed[] (room for p->nfilters) the indexes,
 * ascending, of the generated filters whose condition is TRUE, and returns
 * their number. Without a hook it tests only the filters an index by the
 * value of one string column leaves possible (a filter whose first
 * condition is an equals or in on that column needs the event's value to
 * be one of those values); with a hook, every filter, so coverage sees
 * every condition. */
size_t cdc_eval_route(cdc_evaluator *ev, cdc_event *e, size_t *routed);

/* Truth value of a filter's condition for an event. */
cdc_truth cdc_eval_filter(cdc_evaluator *ev, const cdc_filter *f, cdc_event *e);

/* The condition that decided c's value for this event: the leaf reached by
 * following, in each group, the first child whose value equals the group's
 * (for NOT, its child). */
const cdc_cond *cdc_eval_decider(cdc_evaluator *ev, const cdc_cond *c, cdc_event *e);

/* Appends the event's value of a leaf's field, as JSON text ("null" if NULL). */
void cdc_eval_field_text(cdc_evaluator *ev, const cdc_cond *leaf, cdc_event *e, cdc_buf *out);

/* Appends a condition as readable text. A leaf: field, operator and
 * operands, strings quoted (event_type equals "LoanCreated", ts between
 * 2024-01-01T00:00:00.000Z and ...); a group: "all (2 conditions)",
 * "any (3 conditions)", "not". Used by eval --trace and test. */
void cdc_cond_describe(const cdc_cond *c, cdc_buf *out);

/* Number of regex matches abandoned at the match limit so far. */
unsigned long cdc_eval_regex_limit_hits(const cdc_evaluator *ev);
/* The matches condition of the first of them, and (*filter) its filter, so
 * a warning can name them; NULL when there was none. */
const cdc_cond *cdc_eval_regex_limit_first(const cdc_evaluator *ev, const cdc_filter **filter);
/* When any match hit the limit: a regex-limit warning in d with their
 * count, and a note at the pattern that hit it first. */
void cdc_eval_warn_regex_limit(const cdc_evaluator *ev, cdc_diags *d);

#endif
