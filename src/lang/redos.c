/* lang/redos.c: refuses `matches` patterns that backtrack catastrophically.
 *
 * Consumes a pattern that regex.c has already accepted (PCRE2 compiles it,
 * and Java reads it the same way); produces yes or no, and on no a message
 * (in the caller's arena) and the byte offset of the construct at fault.
 *
 * Why: cdcgen's evaluator runs patterns under a match limit, but the
 * generated Flink SQL and Kafka Streams code run them with Java's regex
 * engine, which has none: one event whose text makes ^(a+)+$ backtrack
 * stalls the stream. A backtracking engine takes exponential time when the
 * text one iteration of an unbounded repetition can match may also be split
 * another way between iterations. Two shapes produce that, and are refused
 * inside a repetition without bound (or of 10 or more):
 *   - a variable repetition whose characters can also follow it there:
 *     (a+)+, (\w+\s?)*, (a*b?)*: the inner repetition can give characters
 *     to the next iteration and take them back;
 *   - alternatives that can start with the same text: (a|ab)*, (\w|\d)+.
 * The test is on character sets (first characters, what may follow), so it
 * errs on the safe side: a few patterns that are not exponential are
 * refused too. Possessive repetitions (a++) and atomic groups ((?>...)),
 * which both engines support alike, never give characters back; they are
 * the way to write such a pattern, and are not refused.
 *
 * The pattern's tokens (regex_lex.c) are parsed into a small tree in the
 * arena; the checks visit at most a fixed budget of nodes, so the time is
 * bounded for any pattern. */
#include <stdlib.h>
#include <string.h>

#include "cdcgen/lang/redos.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/lang/regex_lex.h"

enum {
    LOOP_MIN = 10,         /* a bounded repetition of this many or more counts as a loop */
    PREFIX_MAX = 8,        /* characters compared between alternatives */
    PREFIX_VISITS = 64,    /* nodes looked at for the prefixes of two alternatives */
    WORK_BUDGET = 2000000, /* node visits of the loop checks */
};
#define UNBOUNDED CDC_RX_UNBOUNDED

/* A set of characters: the 128 ASCII ones, and one bit for every other
 * code point (non-ASCII characters are not told apart: on the safe side). */
typedef struct charset {
    uint64_t lo, hi; /* ASCII 0-63, 64-127 */
    bool other;      /* any code point >= 0x80 */
} charset;

typedef enum rkind {
    R_EMPTY,  /* anchors, lookarounds, \b: match no character */
    R_SET,    /* one character of set */
    R_SEQ,    /* kids in order */
    R_ALT,    /* one of kids */
    R_REPEAT, /* kids[0], min..max times */
    R_ATOMIC, /* (?>kids[0]): never backtracked into */
} rkind;

typedef struct rnode rnode;
struct rnode {
    rkind kind;
    charset set; /* R_SET */
    rnode **kids;
    size_t nkids;
    unsigned min, max; /* R_REPEAT; max UNBOUNDED */
    bool possessive;   /* R_REPEAT: a*+, a++, a?+, {n,m}+ */
    size_t at, end;    /* pattern bytes, for messages */
    charset first;     /* characters a non-empty match can start with */
    bool nullable;     /* can match the empty string */
};

typedef struct parser {
    cdc_arena *a;
    const unsigned char *p;
    size_t len;
    cdc_rx_lexer lx;
    cdc_rx_token tok; /* the current token */
    size_t prev_end;  /* where the token before it ended */
    size_t quote_at;  /* the \Q before tok, when tok is the first code point it quotes */
    bool after_quote;
    bool fold; /* (?i) seen: letters match both cases */
    long budget;
    const char *msg;
    size_t msg_at;
} parser;

/* ---- character sets ---- */

static void set_add(charset *s, uint32_t c)
{
    if (c >= 128)
        s->other = true;
    else if (c < 64)
        s->lo |= (uint64_t)1 << c;
    else
        s->hi |= (uint64_t)1 << (c - 64);
}

static void set_range(charset *s, uint32_t from, uint32_t to)
{
    for (uint32_t c = from; c <= to && c < 128; c++)
        set_add(s, c);
    if (to >= 128)
        s->other = true;
}

static bool set_has(const charset *s, uint32_t c)
{
    return c >= 128 ? s->other : c < 64 ? (s->lo >> c) & 1 : (s->hi >> (c - 64)) & 1;
}

static void set_union(charset *s, const charset *t)
{
    s->lo |= t->lo;
    s->hi |= t->hi;
    s->other |= t->other;
}

static bool set_meets(const charset *s, const charset *t)
{
    return (s->lo & t->lo) || (s->hi & t->hi) || (s->other && t->other);
}

static bool set_empty(const charset *s)
{
    return !s->lo && !s->hi && !s->other;
}

static charset set_not(charset s)
{
    return (charset){~s.lo, ~s.hi, !s.other};
}

static charset set_all(void)
{
    return (charset){~(uint64_t)0, ~(uint64_t)0, true};
}

/* Letters in s match their other case too. */
static void set_fold(charset *s)
{
    for (uint32_t c = 'a'; c <= 'z'; c++)
        if (set_has(s, c) || set_has(s, c - 32)) {
            set_add(s, c);
            set_add(s, c - 32);
        }
}

/* \d \w \s \h \v (lower case) and their complements (upper case). */
static bool class_escape(unsigned char e, charset *out)
{
    charset s = {0, 0, false};
    switch (e | 0x20) {
    case 'd': set_range(&s, '0', '9'); break;
    case 'w':
        set_range(&s, '0', '9');
        set_range(&s, 'a', 'z');
        set_range(&s, 'A', 'Z');
        set_add(&s, '_');
        break;
    case 's':
        set_range(&s, '\t', '\r');
        set_add(&s, ' ');
        break;
    case 'h':
        set_add(&s, '\t');
        set_add(&s, ' ');
        s.other = true;
        break;
    case 'v':
        set_range(&s, '\n', '\r');
        s.other = true;
        break;
    default: return false;
    }
    /* \d, \w and \s are ASCII in both engines (no UCP, no
     * UNICODE_CHARACTER_CLASS); \h and \v hold Unicode spaces too. */
    *out = e >= 'a' ? s : set_not(s);
    return true;
}

/* ---- the tree ---- */

static rnode *node(parser *P, rkind kind, size_t at)
{
    rnode *n = CDC_ARENA_NEW(P->a, rnode);
    n->kind = kind;
    n->at = at;
    n->end = at;
    return n;
}

static rnode *set_node(parser *P, charset s, size_t at, size_t end)
{
    rnode *n = node(P, R_SET, at);
    if (P->fold)
        set_fold(&s);
    n->set = s;
    n->end = end;
    return n;
}

static rnode *vec_node(parser *P, rkind kind, cdc_ptrvec *v, size_t at, size_t end)
{
    rnode *n = node(P, kind, at);
    n->nkids = v->n;
    n->kids = cdc_ptrvec_to_arena(P->a, v);
    n->end = end;
    return n;
}

static rnode *wrap(parser *P, rkind kind, rnode *kid, size_t at, size_t end)
{
    rnode *n = node(P, kind, at);
    n->nkids = 1;
    n->kids = cdc_arena_alloc(P->a, sizeof *n->kids);
    n->kids[0] = kid;
    n->end = end;
    return n;
}

/* ---- parsing the tokens (the pattern is known to be valid) ---- */

static void advance(parser *P)
{
    P->after_quote = P->tok.kind == CDC_RX_QUOTE;
    P->quote_at = P->tok.at;
    P->prev_end = P->tok.at + P->tok.len;
    cdc_rx_next(&P->lx, &P->tok); /* the END token at the end */
}

/* Tokens that match nothing and take no quantifier of their own: comments,
 * and the \Q and \E around quoted code points. */
static void skip_nothing(parser *P)
{
    while (P->tok.kind == CDC_RX_COMMENT || P->tok.kind == CDC_RX_COMMENT_GROUP ||
           P->tok.kind == CDC_RX_QUOTE || P->tok.kind == CDC_RX_QUOTE_END ||
           P->tok.kind == CDC_RX_STRAY_E)
        advance(P);
}

static charset one_char(uint32_t cp)
{
    charset s = {0, 0, false};
    set_add(&s, cp);
    return s;
}

/* A character class [...] at the current token. */
static rnode *char_class(parser *P)
{
    cdc_rx_token open = P->tok;
    charset s = {0, 0, false};

    advance(P);
    while (P->tok.kind != CDC_RX_END &&
           !(P->tok.kind == CDC_RX_CLASS_CLOSE && P->tok.class_depth == open.class_depth)) {
        const cdc_rx_token *t = &P->tok;
        charset item;
        if (t->kind == CDC_RX_LITERAL)
            set_add(&s, t->cp);
        else if (t->kind == CDC_RX_RANGE)
            set_range(&s, t->lo, t->hi);
        else if (t->kind == CDC_RX_CLASS_ESCAPE && class_escape(t->esc, &item))
            set_union(&s, &item);
        else if (t->kind != CDC_RX_QUOTE && t->kind != CDC_RX_QUOTE_END)
            s = set_all(); /* properties, and what regex.c refuses: count everything */
        advance(P);
    }
    advance(P); /* the ']' */
    if (P->fold)
        set_fold(&s);
    return set_node(P, open.negated ? set_not(s) : s, open.at, P->prev_end);
}

static rnode *alternation(parser *P);

/* A group at the current token. */
static rnode *group(parser *P)
{
    cdc_rx_token open = P->tok;

    advance(P);
    if (open.group == CDC_RX_FLAG_GROUP && (open.flags_on & CDC_RX_FLAG_I))
        P->fold = true;
    rnode *body = alternation(P);
    if (P->tok.kind == CDC_RX_GROUP_CLOSE)
        advance(P);
    switch (open.group) {
    case CDC_RX_LOOKAHEAD:
    case CDC_RX_NEG_LOOKAHEAD:
    case CDC_RX_LOOKBEHIND:
    case CDC_RX_NEG_LOOKBEHIND:
    case CDC_RX_NON_ATOMIC: return node(P, R_EMPTY, open.at); /* consumes nothing */
    case CDC_RX_ATOMIC: return wrap(P, R_ATOMIC, body, open.at, P->prev_end);
    default:
        body->at = open.at;
        body->end = P->prev_end;
        return body;
    }
}

/* One item of a sequence at the current token, before its quantifiers. */
static rnode *atom(parser *P)
{
    cdc_rx_token t = P->tok;
    size_t end = t.at + t.len;
    charset s;

    if (t.kind == CDC_RX_LITERAL && t.quoted && P->after_quote)
        t.at = P->quote_at; /* messages quote \Qa\E+ whole */
    if (t.kind == CDC_RX_GROUP_OPEN)
        return group(P);
    if (t.kind == CDC_RX_CLASS_OPEN)
        return char_class(P);
    advance(P);
    switch (t.kind) {
    case CDC_RX_LITERAL: return set_node(P, one_char(t.cp), t.at, end);
    case CDC_RX_CLASS_ESCAPE:
        if (class_escape(t.esc, &s))
            return set_node(P, s, t.at, end);
        return set_node(P, set_all(), t.at, end); /* \R, \X */
    case CDC_RX_ANY:
    case CDC_RX_PROPERTY: return set_node(P, set_all(), t.at, end);
    case CDC_RX_BACKREF:
    case CDC_RX_CALL: {
        /* Any text, possibly empty; not a source of its own. */
        rnode *r = wrap(P, R_REPEAT, set_node(P, set_all(), t.at, end), t.at, end);
        r->min = 0;
        r->max = UNBOUNDED;
        r->possessive = true;
        return r;
    }
    case CDC_RX_FLAGS:
        /* (?i) alone: applies to the rest of the enclosing group. */
        if (t.flags_on & CDC_RX_FLAG_I)
            P->fold = true;
        return node(P, R_EMPTY, t.at);
    default: return node(P, R_EMPTY, t.at); /* anchors, \b, verbs */
    }
}

/* Quantifiers after atom: *, +, ?, {n}, {n,}, {n,m}, each maybe lazy or possessive. */
static rnode *quantified(parser *P, rnode *atom)
{
    for (;;) {
        skip_nothing(P);
        if (P->tok.kind != CDC_RX_QUANTIFIER)
            return atom;
        cdc_rx_token q = P->tok;
        advance(P);
        rnode *r = wrap(P, R_REPEAT, atom, atom->at, P->prev_end);
        r->min = q.min;
        r->max = q.max;
        r->possessive = q.greed == CDC_RX_POSSESSIVE;
        atom = r;
    }
}

static rnode *sequence(parser *P)
{
    cdc_ptrvec v = {0};
    size_t at = P->prev_end;

    for (;;) {
        skip_nothing(P);
        cdc_rx_kind k = P->tok.kind;
        if (k == CDC_RX_END || k == CDC_RX_ALTERNATION || k == CDC_RX_GROUP_CLOSE)
            break;
        cdc_ptrvec_push(&v, quantified(P, atom(P)));
    }
    return vec_node(P, R_SEQ, &v, at, P->tok.at);
}

static rnode *alternation(parser *P)
{
    cdc_ptrvec v = {0};
    size_t at = P->prev_end;

    for (;;) {
        cdc_ptrvec_push(&v, sequence(P));
        if (P->tok.kind != CDC_RX_ALTERNATION)
            break;
        advance(P);
    }
    if (v.n == 1) {
        rnode *only = v.v[0];
        free(v.v);
        return only;
    }
    return vec_node(P, R_ALT, &v, at, P->tok.at);
}

/* ---- first characters and emptiness, bottom up ---- */

static void annotate(rnode *n)
{
    for (size_t i = 0; i < n->nkids; i++)
        annotate(n->kids[i]);
    n->first = (charset){0, 0, false};
    switch (n->kind) {
    case R_EMPTY: n->nullable = true; break;
    case R_SET:
        n->first = n->set;
        n->nullable = false;
        break;
    case R_SEQ:
        n->nullable = true;
        for (size_t i = 0; i < n->nkids && n->nullable; i++) {
            set_union(&n->first, &n->kids[i]->first);
            n->nullable = n->kids[i]->nullable;
        }
        break;
    case R_ALT:
        n->nullable = false;
        for (size_t i = 0; i < n->nkids; i++) {
            set_union(&n->first, &n->kids[i]->first);
            n->nullable |= n->kids[i]->nullable;
        }
        break;
    case R_REPEAT:
        n->first = n->kids[0]->first;
        n->nullable = n->min == 0 || n->kids[0]->nullable || n->max == 0;
        break;
    case R_ATOMIC:
        n->first = n->kids[0]->first;
        n->nullable = n->kids[0]->nullable;
        break;
    }
}

/* ---- the checks ---- */

static const char *snip(parser *P, const rnode *n)
{
    size_t from = n->at, to = n->end > n->at ? n->end : n->at + 1;
    if (to > P->len)
        to = P->len;
    size_t len = to - from;
    bool cut = len > 40;
    if (cut) {
        len = 40;
        while (len > 0 && (P->p[from + len] & 0xC0) == 0x80)
            len--;
    }
    char *s = cdc_arena_alloc(P->a, len + 4);
    for (size_t k = 0; k < len; k++)
        s[k] = P->p[from + k] < 0x20 ? '?' : (char)P->p[from + k];
    if (cut)
        memcpy(s + len, "...", 4);
    return s;
}

/* The characters of the first PREFIX_MAX positions every match of n has;
 * *visits bounds the nodes looked at (then it stops, with what it has). */
static size_t prefix(const rnode *n, charset *sets, size_t k, bool *stop, int *visits)
{
    if (*stop || k >= PREFIX_MAX || --*visits < 0) {
        *stop = true;
        return k;
    }
    switch (n->kind) {
    case R_EMPTY: return k;
    case R_SET: sets[k++] = n->set; return k;
    case R_SEQ:
        for (size_t i = 0; i < n->nkids && !*stop; i++)
            k = prefix(n->kids[i], sets, k, stop, visits);
        return k;
    case R_ATOMIC: return prefix(n->kids[0], sets, k, stop, visits);
    case R_REPEAT:
        if (n->min > 0 && n->min == n->max) {
            for (unsigned i = 0; i < n->min && !*stop && k < PREFIX_MAX; i++)
                k = prefix(n->kids[0], sets, k, stop, visits);
            return k;
        }
        if (n->min > 0)
            k = prefix(n->kids[0], sets, k, stop, visits);
        *stop = true;
        return k;
    case R_ALT:
        if (!n->nullable)
            sets[k++] = n->first;
        *stop = true;
        return k;
    }
    return k;
}

/* Can two alternatives start with the same text? */
static bool alternatives_meet(const rnode *a, const rnode *b)
{
    charset pa[PREFIX_MAX], pb[PREFIX_MAX];
    bool sa = false, sb = false;
    int va = PREFIX_VISITS / 2, vb = PREFIX_VISITS / 2;
    size_t na = prefix(a, pa, 0, &sa, &va), nb = prefix(b, pb, 0, &sb, &vb);
    if (na == 0 || nb == 0)
        return set_meets(&a->first, &b->first);
    for (size_t i = 0; i < na && i < nb; i++)
        if (!set_meets(&pa[i], &pb[i]))
            return false;
    return true;
}

static bool refuse(parser *P, const rnode *at, const char *msg)
{
    if (!P->msg) {
        P->msg = msg;
        P->msg_at = at->at;
    }
    return false;
}

/* Looks, inside the body of `loop`, for a way to split the same text
 * differently. follow: the characters that may come right after n there
 * (the next iteration's first ones included). */
static bool ambiguous_in(parser *P, const rnode *loop, const rnode *n, charset follow)
{
    if (--P->budget < 0)
        return false;
    switch (n->kind) {
    case R_EMPTY:
    case R_SET:
    case R_ATOMIC: /* never gives characters back */ return true;
    case R_SEQ:
        for (size_t i = n->nkids; i-- > 0;) {
            if (!ambiguous_in(P, loop, n->kids[i], follow))
                return false;
            charset f = n->kids[i]->first;
            if (n->kids[i]->nullable)
                set_union(&f, &follow);
            follow = f;
        }
        return true;
    case R_ALT:
        for (size_t i = 0; i < n->nkids; i++)
            for (size_t j = i + 1; j < n->nkids; j++)
                if ((P->budget -= PREFIX_VISITS) < 0)
                    return false;
                else if (alternatives_meet(n->kids[i], n->kids[j]))
                    return refuse(P, n,
                                  cdc_arena_printf(
                                      P->a,
                                      "alternatives '%s' and '%s' can start with the same text "
                                      "inside the repetition '%s', so the pattern backtracks "
                                      "exponentially on some subjects (Java runs it without a "
                                      "limit in Flink and Kafka Streams); make the alternatives "
                                      "start differently, or the repetition possessive or atomic "
                                      "(add '+' after it, or write (?>...))",
                                      snip(P, n->kids[i]), snip(P, n->kids[j]), snip(P, loop)));
        for (size_t i = 0; i < n->nkids; i++)
            if (!ambiguous_in(P, loop, n->kids[i], follow))
                return false;
        return true;
    case R_REPEAT: {
        if (n->possessive)
            return true;
        const rnode *body = n->kids[0];
        if (n->min < n->max && !set_empty(&body->first) && set_meets(&body->first, &follow))
            return refuse(P, n,
                          cdc_arena_printf(
                              P->a,
                              "'%s' inside the repetition '%s' can match the text that follows it "
                              "there, so the pattern backtracks exponentially on some subjects "
                              "(Java runs it without a limit in Flink and Kafka Streams); make it "
                              "possessive (add '+' after it) or the group atomic ((?>...))",
                              snip(P, n), snip(P, loop)));
        charset inner = body->first;
        set_union(&inner, &follow);
        return ambiguous_in(P, loop, body, n->max > 1 ? inner : follow);
    }
    }
    return true;
}

/* Every repetition that may loop (unbounded, or LOOP_MIN times or more)
 * and is not possessive is checked with its body. */
static bool check_loops(parser *P, const rnode *n)
{
    if (--P->budget < 0)
        return false;
    if (n->kind == R_REPEAT && !n->possessive && (n->max == UNBOUNDED || n->max >= LOOP_MIN) &&
        !set_empty(&n->kids[0]->first) && !ambiguous_in(P, n, n->kids[0], n->kids[0]->first))
        return false;
    for (size_t i = 0; i < n->nkids; i++)
        if (!check_loops(P, n->kids[i]))
            return false;
    return true;
}

bool cdc_regex_check_backtracking(cdc_arena *a, const char *pattern, size_t len, const char **msg,
                                  size_t *at)
{
    parser P = {.a = a, .p = (const unsigned char *)pattern, .len = len, .budget = WORK_BUDGET};
    cdc_rx_lexer_init(&P.lx, pattern, len);
    advance(&P);
    rnode *root = alternation(&P);
    annotate(root);
    if (check_loops(&P, root))
        return true;
    if (!P.msg) {
        P.msg = "pattern is too complex to check for catastrophic backtracking; simplify it";
        P.msg_at = 0;
    }
    if (msg)
        *msg = P.msg;
    if (at)
        *at = P.msg_at;
    return false;
}
