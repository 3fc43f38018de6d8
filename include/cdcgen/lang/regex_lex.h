/* regex_lex.c: the tokens of a `matches` pattern, in the regex dialect that
 * PCRE2 and Java's java.util.regex share, and the PCRE2-only forms a check
 * has to recognise in order to refuse them. */
#ifndef CDCGEN_LANG_REGEX_LEX_H
#define CDCGEN_LANG_REGEX_LEX_H

#include "cdcgen/base/common.h"

typedef enum cdc_rx_kind {
    CDC_RX_END,           /* no more tokens: at is the pattern's length */
    CDC_RX_LITERAL,       /* one code point, cp: as itself, escaped (esc) or quoted */
    CDC_RX_ANY,           /* '.'; PCRE2's \C and \N */
    CDC_RX_CLASS_ESCAPE,  /* \d \D \w \W \s \S \h \H \v \V \R \X (esc) */
    CDC_RX_PROPERTY,      /* \p{Name} \P{Name} \pL: name, negated */
    CDC_RX_ANCHOR,        /* ^ $ (esc 0); \b \B \A \z \Z \G; PCRE2's \K */
    CDC_RX_BACKREF,       /* \1, \k<name>; PCRE2's \g1 \g{..} and (?P=name): name */
    CDC_RX_CALL,          /* PCRE2's (?R) (?1) (?-1) (?&name) (?P>name) \g<..>: name */
    CDC_RX_QUOTE,         /* \Q: what follows up to \E is literal code points */
    CDC_RX_QUOTE_END,     /* the \E that ends a quote */
    CDC_RX_STRAY_E,       /* \E outside a quote: nothing to PCRE2, an error to Java */
    CDC_RX_CLASS_OPEN,    /* '[' or "[^" (negated); in a class, a nested class (Java) */
    CDC_RX_CLASS_CLOSE,   /* ']' */
    CDC_RX_RANGE,         /* lo-hi in a class: after its ends, spanning them (see below) */
    CDC_RX_INTERSECTION,  /* "&&" in a class (Java) */
    CDC_RX_GROUP_OPEN,    /* group: its kind, name, and the flags of a (?i:...) */
    CDC_RX_GROUP_CLOSE,   /* ')' */
    CDC_RX_ALTERNATION,   /* '|' */
    CDC_RX_QUANTIFIER,    /* * + ? {n} {n,} {n,m}, and '?' or '+' after: min, max, greed */
    CDC_RX_FLAGS,         /* (?i-x): flags_on, flags_off for the rest of the group */
    CDC_RX_COMMENT,       /* under (?x), '#' up to and with the next \n */
    CDC_RX_COMMENT_GROUP, /* PCRE2's (?#...) */
    CDC_RX_CALLOUT,       /* PCRE2's (?C...) */
    CDC_RX_VERB,          /* PCRE2's (*VERB) and (*VERB:NAME) */
} cdc_rx_kind;

typedef enum cdc_rx_group {
    CDC_RX_CAPTURE,        /* ( */
    CDC_RX_NON_CAPTURE,    /* (?: */
    CDC_RX_FLAG_GROUP,     /* (?i-x: non-capturing, flags_on/off for its body */
    CDC_RX_NAMED,          /* (?<name>; PCRE2 also (?P<name> and (?'name' */
    CDC_RX_LOOKAHEAD,      /* (?= */
    CDC_RX_NEG_LOOKAHEAD,  /* (?! */
    CDC_RX_LOOKBEHIND,     /* (?<= */
    CDC_RX_NEG_LOOKBEHIND, /* (?<! */
    CDC_RX_ATOMIC,         /* (?> */
    CDC_RX_NON_ATOMIC,     /* PCRE2's (?* and (?<*: non-atomic lookaround */
    CDC_RX_BRANCH_RESET,   /* PCRE2's (?| */
    CDC_RX_CONDITIONAL,    /* PCRE2's (?(cond), or just "(?" before an assertion as cond */
    CDC_RX_ALPHA,          /* PCRE2's (*pla: and the other (*name: assertions */
} cdc_rx_group;

typedef enum cdc_rx_greed {
    CDC_RX_GREEDY,     /* a* */
    CDC_RX_LAZY,       /* a*? */
    CDC_RX_POSSESSIVE, /* a*+ */
} cdc_rx_greed;

enum {
    CDC_RX_FLAG_I = 1 << 0, /* (?i): case-insensitive */
    CDC_RX_FLAG_M = 1 << 1, /* (?m): ^ and $ at line ends */
    CDC_RX_FLAG_S = 1 << 2, /* (?s): '.' matches line ends */
    CDC_RX_FLAG_X = 1 << 3, /* (?x): whitespace and # comments ignored outside classes */
};

#define CDC_RX_UNBOUNDED 0xFFFFFFFFu /* max of * + {n,} */
#define CDC_RX_COUNT_MAX 1000000u    /* larger counts in {} read as this (PCRE2 stops at 65535) */
#define CDC_RX_NEST_MAX 256          /* groups whose flags are restored at ')' (PCRE2: 250) */

typedef struct cdc_rx_token {
    cdc_rx_kind kind;
    size_t at, len;     /* its bytes in the pattern */
    unsigned flags;     /* CDC_RX_FLAG_* in force where it stands */
    size_t class_depth; /* classes it stands in: 0 outside, 1 in a class, 2 in a nested one */
    unsigned char esc;  /* for a token written with '\': the byte after it; else 0 */
    bool quoted;        /* LITERAL: between \Q and \E */
    bool negated;       /* CLASS_OPEN "[^"; PROPERTY \P or \p{^..} */
    uint32_t cp;        /* LITERAL */
    uint32_t lo, hi;    /* RANGE */
    unsigned min, max;  /* QUANTIFIER; max CDC_RX_UNBOUNDED */
    cdc_rx_greed greed; /* QUANTIFIER */
    cdc_rx_group group; /* GROUP_OPEN */
    /* FLAGS, FLAG_GROUP: the flags named before '-' and after it ('^' as
     * in PCRE2: every flag off, then those named after it on). */
    unsigned flags_on, flags_off;
    /* NAMED: the name; PROPERTY: the name between the braces (or its one
     * letter); BACKREF, CALL: the name or number between the delimiters. */
    size_t name_at, name_len;
} cdc_rx_token;

/* The state of one walk through a pattern. Plain data: no allocation, and
 * nothing to release. */
typedef struct cdc_rx_lexer {
    const unsigned char *p;
    size_t len, i; /* the next byte to read */
    unsigned flags;
    size_t depth, overflow; /* open groups in open[], and beyond it */
    size_t class_depth;
    size_t class_at;  /* the outermost open class's '[' */
    bool class_first; /* no item yet in the innermost class: a ']' here is literal */
    size_t caret_at;  /* the class's negating '^' after \Q\E or \E, to pass over; 0: none */
    bool range_start; /* the last class item was one code point, range_lo at range_at */
    uint32_t range_lo;
    size_t range_at;
    bool dash; /* a '-' (at dash_at) after range_lo: the next code point ends a range */
    size_t dash_at;
    bool quoting;    /* between \Q and \E */
    size_t quote_at; /* the last \Q */
    bool has_mark;   /* a quantifier's '?' or '+' at mark_at, already read */
    size_t mark_at;
    bool has_pending; /* pending is the next token to hand out */
    cdc_rx_token pending;
    const char *error; /* a malformed construct, at error_at; NULL while none */
    size_t error_at;
    struct {
        unsigned flags;      /* to restore at its ')' */
        size_t at;           /* its '(' */
    } open[CDC_RX_NEST_MAX]; /* last: written before read, so init leaves it */
} cdc_rx_lexer;

/* Starts a walk through pattern[0..len) (NUL bytes allowed; it is not
 * copied and must outlive the walk). */
void cdc_rx_lexer_init(cdc_rx_lexer *lx, const char *pattern, size_t len);

/* The next token into *t: true; or false once the pattern is read (t is
 * then the END token) or at a malformed construct (lx->error says what,
 * lx->error_at where; t is then an END token at error_at). Tokens come in
 * pattern order, except that a RANGE follows the tokens of its two ends
 * (it spans them, from the \Q when the lower end is the first code point of
 * a quote), and a '-' in a class that turns out not to make a range comes
 * once that is known. A quantifier's '?' or '+' that PCRE2 finds past (?x)
 * whitespace, comments or an empty \Q\E is read with the quantifier and is
 * no token of its own. */
bool cdc_rx_next(cdc_rx_lexer *lx, cdc_rx_token *t);

#endif
