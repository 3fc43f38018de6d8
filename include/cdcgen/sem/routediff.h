/* routediff.c: how a change to one filter's condition changes what it
 * routes, decided exactly, with witness events.
 *
 * The leaves of the language other than `matches` (equals, in, notIn, the
 * comparisons, between, isNull, isNotNull) split each field's values into
 * finitely many regions: NULL, each literal, the values between and around
 * them. Every event whose fields fall in the same regions gets the same
 * truth value from both conditions. So one event per combination of
 * regions, evaluated by the reference semantics (eval.c) under both
 * conditions, decides the question; an event that gets different answers is
 * the witness. `matches` splits a field's other strings by automata
 * (regex_automaton.c): one value per combination of its patterns (and of
 * "below literal L" where the field is also compared by order) that some
 * string has, the shortest such string; a pattern in both versions is one
 * condition of both. A pattern outside the regular subset is one opaque
 * condition when it is its field's only pattern (a string it matches and
 * one it does not stand for all); compared with others or by order, or
 * automata past their bounds, leave the question undecided, with the
 * reason. The lints
 * (cdc_route_diff_limited, cdc_route_extent_of) do not build automata: a
 * condition with `matches` is undecided there unless both sides are the
 * same. Between literals of a number, an instant or a decimal the value
 * tried is the roundest inside (10001, not 10000.000000000002). */
#ifndef CDCGEN_SEM_ROUTEDIFF_H
#define CDCGEN_SEM_ROUTEDIFF_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/sem/eval.h"

typedef enum cdc_route_change {
    CDC_ROUTE_UNCHANGED, /* routes exactly the same events */
    CDC_ROUTE_NARROWED,  /* routes fewer events: some routed before are not now */
    CDC_ROUTE_WIDENED,   /* routes more events */
    CDC_ROUTE_BOTH,      /* some events no longer routed, others newly routed */
    CDC_ROUTE_UNDECIDED, /* cannot be decided exactly; see reason */
} cdc_route_change;

/* "unchanged", "narrowed", "widened", "narrowed and widened", "cannot decide" */
const char *cdc_route_change_name(cdc_route_change c);

typedef struct cdc_route_diff {
    cdc_route_change change;
    json_t *lost;        /* an event the base routes and the change does not, or NULL */
    json_t *gained;      /* an event the change routes and the base does not, or NULL */
    const char *reason;  /* CDC_ROUTE_UNDECIDED: why (arena text) */
    unsigned long tried; /* events evaluated */
} cdc_route_diff;

/* At most this many events are tried per filter; beyond it: undecided. */
#define CDC_ROUTE_DIFF_LIMIT 500000UL

/* True when two conditions are the same tree: same groups, fields, types,
 * operators and literal values (as written spelling aside). */
bool cdc_cond_same(const cdc_cond *a, const cdc_cond *b);
/* The same field (column, path, type) and the same literal value, as
 * cdc_cond_same compares them. */
bool cdc_fieldref_same(const cdc_fieldref *a, const cdc_fieldref *b);
bool cdc_literal_same(const cdc_literal *a, const cdc_literal *b);

/* Compares filter base (of the evaluator base_ev's program) with filter
 * head (of head_ev's), patterns decided by automata. Both must be checked. The witnesses are rows of the
 * table (raw-event-headers messages) holding only the fields the two
 * conditions read; release them with cdc_route_diff_release. */
void cdc_route_diff_filters(cdc_arena *a, cdc_evaluator *base_ev, const cdc_program *base_prog,
                            const cdc_filter *base, cdc_evaluator *head_ev,
                            const cdc_program *head_prog, const cdc_filter *head,
                            cdc_route_diff *out);
/* cdc_route_diff_filters with at most limit events tried (beyond it:
 * CDC_ROUTE_UNDECIDED), for the lints (lint.c), which must stay cheap. */
void cdc_route_diff_limited(cdc_arena *a, cdc_evaluator *base_ev, const cdc_program *base_prog,
                            const cdc_filter *base, cdc_evaluator *head_ev,
                            const cdc_program *head_prog, const cdc_filter *head,
                            unsigned long limit, cdc_route_diff *out);
void cdc_route_diff_release(cdc_route_diff *d);

/* What one filter routes, over all events (its fields' regions). */
typedef enum cdc_route_extent {
    CDC_EXTENT_SOME,      /* some events, not all */
    CDC_EXTENT_NEVER,     /* no event: contradictory conditions, empty ranges */
    CDC_EXTENT_ALWAYS,    /* every event, NULLs included */
    CDC_EXTENT_UNDECIDED, /* matches, overlapping paths, or more than limit events */
} cdc_route_extent;

cdc_route_extent cdc_route_extent_of(cdc_arena *a, cdc_evaluator *ev, const cdc_program *p,
                                     const cdc_filter *f, unsigned long limit);
/* For a filter whose extent is CDC_EXTENT_NEVER: the fewest of its
 * top-level conditions (an AND) that already route nothing together, each
 * one needed (without it the others route some event), in their order;
 * the whole condition when it is no AND. out has room for every top-level
 * condition; returns how many it holds. What the never-matches lint
 * underlines: the conditions that contradict each other. */
size_t cdc_route_never_core(cdc_arena *a, cdc_evaluator *ev, const cdc_program *p,
                            const cdc_filter *f, unsigned long limit, const cdc_cond **out);

#endif
