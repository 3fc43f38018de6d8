/* regex_automaton.c: which subjects several `matches` patterns accept,
 * decided exactly by automata for the regular subset of the dialect.
 *
 * A pattern's language is the set of whole subjects on which `matches` is
 * TRUE: a search (some substring matches, as Flink's REGEXP and cdcgen
 * eval's PCRE2 find it), so `b` accepts "abc" and `^b` does not. The
 * patterns are parsed from the tokens of regex_lex.c, compiled to Thompson
 * NFAs wrapped for the search (a leading and a trailing loop over every
 * code point, '^' and \A only at the subject's start, '$' and \Z at its end
 * or before one final line end, \z at its end), and run together through a
 * subset construction over the code points, split into the intervals the
 * patterns tell apart. One breadth-first walk of the product finds, for
 * every combination of "accepted by pattern i" that some subject has, the
 * shortest such subject (with readable characters first): the witnesses of
 * inclusion, equivalence and of the diff's regions.
 *
 * \b and \B are decided too: a state also says whether the next code
 * point must be a word character (ASCII \w, as PCRE2 reads it without UCP).
 * What it does not decide, and says so: back references, lookaround,
 * atomic groups and possessive repetitions, \G, \R, \X, Unicode
 * properties, (?m) anchors; and patterns whose automata pass the bounds
 * below. */
#ifndef CDCGEN_LANG_REGEX_AUTOMATON_H
#define CDCGEN_LANG_REGEX_AUTOMATON_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"

#define CDC_RXA_STATE_LIMIT 4096      /* subset-construction states, beyond it: undecided */
#define CDC_RXA_NFA_LIMIT 20000       /* NFA nodes of all patterns together (repetition counts) */
#define CDC_RXA_MAX_PATTERNS 12       /* patterns compared at once */
#define CDC_RXA_WORK_LIMIT 20000000UL /* NFA states stepped over all product states */

/* One subject some combination of patterns accepts (the others reject). */
typedef struct cdc_rxa_witness {
    unsigned accepted; /* bit i: pattern i matches it */
    const char *text;  /* UTF-8, NUL-terminated, may hold NUL (len counts) */
    size_t len;
} cdc_rxa_witness;

typedef struct cdc_rxa_result {
    cdc_rxa_witness *v; /* one per combination that occurs, shortest first found */
    size_t n;
    size_t states; /* states of the product built */
} cdc_rxa_result;

/* For patterns pats[i] (lens[i] bytes each, every one accepted by
 * cdc_regex_check), n <= CDC_RXA_MAX_PATTERNS: every combination of
 * accepted/rejected that some subject has, with the shortest such subject
 * that is none of the nexcl strings excl (a combination only those strings
 * have is left out). state_limit bounds the product (0: the default).
 * True on success (out in the arena); false with *why (arena text) when a
 * pattern is outside the regular subset or a bound is passed. */
bool cdc_rxa_combinations(cdc_arena *a, const char *const *pats, const size_t *lens, size_t n,
                          const char *const *excl, const size_t *excl_lens, size_t nexcl,
                          unsigned state_limit, cdc_rxa_result *out, const char **why);

/* cdc_rxa_combinations with nbelow bounds besides the patterns (npats +
 * nbelow <= CDC_RXA_MAX_PATTERNS): bit npats + j of a witness says it is
 * below below[j] in code-point order (what `lessThan` compares), so the
 * regions of a field compared both with patterns and by order are decided
 * too. */
bool cdc_rxa_combinations_below(cdc_arena *a, const char *const *pats, const size_t *lens,
                                size_t npats, const char *const *below, const size_t *below_lens,
                                size_t nbelow, const char *const *excl, const size_t *excl_lens,
                                size_t nexcl, unsigned state_limit, cdc_rxa_result *out,
                                const char **why);

typedef enum cdc_rxa_relation {
    CDC_RXA_EQUAL,    /* the same subjects */
    CDC_RXA_SUBSET,   /* every subject of the first is one of the second, not the reverse */
    CDC_RXA_SUPERSET, /* the reverse */
    CDC_RXA_OVERLAP,  /* some in both, some in each alone */
    CDC_RXA_DISJOINT, /* none in both */
    CDC_RXA_UNKNOWN,  /* undecided: *why */
} cdc_rxa_relation;

/* How the languages of p and q relate; *only_p and *only_q (may be NULL)
 * get a subject only p (only q) accepts, or NULL. */
cdc_rxa_relation cdc_rxa_compare(cdc_arena *a, const char *p, size_t plen, const char *q,
                                 size_t qlen, unsigned state_limit, const cdc_rxa_witness **only_p,
                                 const cdc_rxa_witness **only_q, const char **why);

/* For a pattern outside the regular subset, used as one opaque condition:
 * a subject it matches (*yes) and one it does not (*no), neither among
 * excl, from strings its parsed form describes (a back reference repeats
 * its group's text; lookaround and other assertions are left out) and a few
 * fixed ones, each confirmed by PCRE2 as cdcgen eval runs it. False when
 * either is not found. */
bool cdc_rxa_opaque_witnesses(cdc_arena *a, const char *p, size_t len, const char *const *excl,
                              const size_t *excl_lens, size_t nexcl, cdc_rxa_witness *yes,
                              cdc_rxa_witness *no);

/* Whether pattern p is outside the regular subset: NULL, or why. */
const char *cdc_rxa_unsupported(cdc_arena *a, const char *p, size_t len);

#endif
