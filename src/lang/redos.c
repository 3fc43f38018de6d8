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
 * The pattern is parsed into a small tree in the arena; the checks visit at
 * most a fixed budget of nodes, so the time is bounded for any pattern. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/lang/redos.h"
#include "cdcgen/base/arena.h"

enum {
    LOOP_MIN = 10,         /* a bounded repetition of this many or more counts as a loop */
    PREFIX_MAX = 8,        /* characters compared between alternatives */
    PREFIX_VISITS = 64,    /* nodes looked at for the prefixes of two alternatives */
    WORK_BUDGET = 2000000, /* node visits of the loop checks */
};
#define UNBOUNDED UINT_MAX

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
    size_t len, i;
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

static rnode *set_node(parser *P, charset s, size_t at)
{
    rnode *n = node(P, R_SET, at);
    if (P->fold)
        set_fold(&s);
    n->set = s;
    n->end = P->i;
    return n;
}

static rnode *vec_node(parser *P, rkind kind, cdc_ptrvec *v, size_t at)
{
    rnode *n = node(P, kind, at);
    n->nkids = v->n;
    n->kids = cdc_ptrvec_to_arena(P->a, v);
    n->end = P->i;
    return n;
}

/* ---- parsing (the pattern is known to be valid) ---- */

static size_t utf8_len(unsigned char c)
{
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* A literal character at P->i (any UTF-8 sequence). */
static rnode *literal(parser *P, size_t at)
{
    unsigned char c = P->p[P->i];
    size_t n = utf8_len(c);
    P->i = P->i + n <= P->len ? P->i + n : P->len;
    charset s = {0, 0, false};
    set_add(&s, c < 0x80 ? c : 0x80);
    return set_node(P, s, at);
}

/* Skips {...}, <...> or '...' after \k, \g, \p, \x, \o, ... */
static void skip_braced(parser *P)
{
    if (P->i >= P->len)
        return;
    unsigned char open = P->p[P->i];
    unsigned char close = open == '{' ? '}' : open == '<' ? '>' : open == '\'' ? '\'' : 0;
    if (!close)
        return;
    while (P->i < P->len && P->p[P->i] != close)
        P->i++;
    if (P->i < P->len)
        P->i++;
}

/* An escape outside a class at P->i (the backslash). */
static rnode *escape(parser *P)
{
    size_t at = P->i;
    if (P->i + 1 >= P->len) {
        P->i = P->len;
        return node(P, R_EMPTY, at);
    }
    unsigned char e = P->p[P->i + 1];
    P->i += 2;
    charset s;
    if (class_escape(e, &s))
        return set_node(P, s, at);
    switch (e) {
    case 'b':
    case 'B':
    case 'A':
    case 'z':
    case 'Z':
    case 'G':
    case 'K': return node(P, R_EMPTY, at);
    case 'R':
    case 'X':
    case 'C':
    case 'N': return set_node(P, set_all(), at);
    case 'p':
    case 'P':
        if (P->i < P->len && P->p[P->i] == '{')
            skip_braced(P);
        else if (P->i < P->len)
            P->i++;
        return set_node(P, set_all(), at);
    case 'Q': {
        cdc_ptrvec v = {0};
        while (P->i < P->len && !(P->p[P->i] == '\\' && P->i + 1 < P->len && P->p[P->i + 1] == 'E'))
            cdc_ptrvec_push(&v, literal(P, P->i));
        if (P->i < P->len)
            P->i += 2;
        return vec_node(P, R_SEQ, &v, at);
    }
    case 'k':
    case 'g':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9': {
        /* A back reference: any text, possibly empty; not a source of its own. */
        if (e == 'k' || e == 'g') {
            if (P->i < P->len && (P->p[P->i] == '-' || P->p[P->i] == '+'))
                P->i++;
            skip_braced(P);
        }
        while (P->i < P->len && P->p[P->i] >= '0' && P->p[P->i] <= '9')
            P->i++;
        rnode *r = node(P, R_REPEAT, at);
        r->min = 0;
        r->max = UNBOUNDED;
        r->possessive = true;
        r->nkids = 1;
        r->kids = cdc_arena_alloc(P->a, sizeof *r->kids);
        r->kids[0] = set_node(P, set_all(), at);
        r->end = P->i;
        return r;
    }
    case 'x':
    case 'o':
    case 'c':
    case '0': {
        /* A character by code: \x41, \x{263A}, \o{101}, \cA, \012. Which one
         * matters little; a non-ASCII one is any non-ASCII. */
        uint32_t v = 0;
        if (e == 'c') {
            v = P->i < P->len ? (P->p[P->i++] & 0x1Fu) : 0;
        } else if (P->i < P->len && P->p[P->i] == '{') {
            size_t start = ++P->i;
            while (P->i < P->len && P->p[P->i] != '}')
                P->i++;
            v = (uint32_t)strtoul(
                (const char *)cdc_arena_strndup(P->a, (const char *)P->p + start, P->i - start),
                NULL, e == 'o' ? 8 : 16);
            if (P->i < P->len)
                P->i++;
        } else {
            size_t start = P->i, maxd = 2;
            while (P->i < P->len && P->i - start < maxd &&
                   strchr(e == 'x' ? "0123456789abcdefABCDEF" : "01234567", P->p[P->i]) &&
                   P->p[P->i])
                P->i++;
            v = (uint32_t)strtoul(
                (const char *)cdc_arena_strndup(P->a, (const char *)P->p + start, P->i - start),
                NULL, e == 'x' ? 16 : 8);
        }
        charset cs = {0, 0, false};
        set_add(&cs, v);
        return set_node(P, cs, at);
    }
    default: {
        static const char controls[] = "a\007e\033f\014n\012r\015t\011";
        const char *k = strchr(controls, e);
        charset cs = {0, 0, false};
        if (k && e >= 'a' && ((k - controls) % 2) == 0) {
            set_add(&cs, (unsigned char)k[1]);
            return set_node(P, cs, at);
        }
        P->i = at + 1; /* an escaped character stands for itself */
        rnode *n = literal(P, at);
        return n;
    }
    }
}

/* A character class [...] at P->i. */
static rnode *char_class(parser *P)
{
    size_t at = P->i++;
    bool negate = P->i < P->len && P->p[P->i] == '^';
    if (negate)
        P->i++;
    charset s = {0, 0, false};
    bool first = true;
    int32_t prev = -1;
    while (P->i < P->len && (P->p[P->i] != ']' || first)) {
        first = false;
        unsigned char c = P->p[P->i];
        int32_t cp = -1;
        if (c == '[' && P->i + 1 < P->len && P->p[P->i + 1] == ':') {
            /* POSIX classes are refused by regex.c; be safe if one gets here. */
            s = set_all();
            while (P->i < P->len && !(P->p[P->i] == ']' && P->p[P->i - 1] == ':'))
                P->i++;
            P->i++;
            continue;
        }
        if (c == '\\' && P->i + 1 < P->len) {
            unsigned char e = P->p[P->i + 1];
            charset cs;
            if (class_escape(e, &cs)) {
                set_union(&s, &cs);
                P->i += 2;
                prev = -1;
                continue;
            }
            if (e == 'p' || e == 'P' || e == 'Q' || e == 'E' || e == 'x' || e == 'o' || e == 'c' ||
                e == 'N' || (e >= '0' && e <= '9')) {
                /* Rare inside a class: count everything. */
                rnode *n = escape(P);
                if (n->kind == R_SET && n->set.lo == 0 && n->set.hi == 0 && !n->set.other)
                    s = set_all();
                else
                    set_union(&s, n->kind == R_SET ? &n->set : &(charset){~0ull, ~0ull, true});
                prev = -1;
                continue;
            }
            static const char controls[] = "a\007e\033f\014n\012r\015t\011b\010";
            const char *k = strchr(controls, e);
            cp = k && e >= 'a' && (k - controls) % 2 == 0 ? (unsigned char)k[1] : e;
            P->i += 2;
        } else if (c == '-' && prev >= 0 && P->i + 1 < P->len && P->p[P->i + 1] != ']') {
            P->i++;
            unsigned char d = P->p[P->i];
            uint32_t hi;
            if (d == '\\' && P->i + 1 < P->len) {
                hi = P->p[P->i + 1];
                P->i += 2;
            } else {
                hi = d < 0x80 ? d : 0x80;
                P->i += utf8_len(d);
            }
            set_range(&s, (uint32_t)prev, hi);
            prev = -1;
            continue;
        } else {
            cp = c < 0x80 ? c : 0x80;
            P->i += utf8_len(c);
        }
        set_add(&s, (uint32_t)cp);
        prev = cp;
    }
    if (P->i < P->len)
        P->i++;
    if (P->fold)
        set_fold(&s);
    return set_node(P, negate ? set_not(s) : s, at);
}

static rnode *alternation(parser *P, bool extended);

/* Whitespace and # comments under (?x). */
static void skip_extended(parser *P)
{
    while (P->i < P->len) {
        unsigned char c = P->p[P->i];
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            P->i++;
        } else if (c == '#') {
            while (P->i < P->len && P->p[P->i] != '\n')
                P->i++;
        } else {
            break;
        }
    }
}

/* Inline flags at P->i (after "(?"): sets fold, *extended; stops at ':' or ')'. */
static void inline_flags(parser *P, bool *extended)
{
    bool on = true;
    for (; P->i < P->len && P->p[P->i] != ')' && P->p[P->i] != ':'; P->i++) {
        unsigned char c = P->p[P->i];
        if (c == '-')
            on = false;
        else if (c == 'i' && on)
            P->fold = true;
        else if (c == 'x')
            *extended = on;
    }
}

/* A group at P->i ('('). */
static rnode *group(parser *P, bool *extended)
{
    size_t at = P->i++;
    bool inner_x = *extended;
    rkind wrap = R_SEQ;
    bool lookaround = false;
    if (P->i < P->len && P->p[P->i] == '?') {
        P->i++;
        unsigned char c = P->i < P->len ? P->p[P->i] : ')';
        unsigned char d = P->i + 1 < P->len ? P->p[P->i + 1] : 0;
        if (c == ':') {
            P->i++;
        } else if (c == '>') {
            P->i++;
            wrap = R_ATOMIC;
        } else if (c == '=' || c == '!') {
            P->i++;
            lookaround = true;
        } else if (c == '<' && (d == '=' || d == '!')) {
            P->i += 2;
            lookaround = true;
        } else if (c == '<' || c == 'P' || c == '\'') {
            while (P->i < P->len && P->p[P->i] != '>' &&
                   !(c == '\'' && P->i > at + 2 && P->p[P->i] == '\''))
                P->i++;
            if (P->i < P->len)
                P->i++;
        } else {
            inline_flags(P, &inner_x);
            if (P->i < P->len && P->p[P->i] == ')') {
                /* (?i) alone: applies to the rest of the enclosing group. */
                P->i++;
                *extended = inner_x;
                return node(P, R_EMPTY, at);
            }
            if (P->i < P->len)
                P->i++; /* ':' */
        }
    }
    rnode *body = alternation(P, inner_x);
    if (P->i < P->len && P->p[P->i] == ')')
        P->i++;
    if (lookaround)
        return node(P, R_EMPTY, at); /* consumes nothing */
    if (wrap == R_ATOMIC) {
        rnode *n = node(P, R_ATOMIC, at);
        n->nkids = 1;
        n->kids = cdc_arena_alloc(P->a, sizeof *n->kids);
        n->kids[0] = body;
        n->end = P->i;
        return n;
    }
    body->at = at;
    body->end = P->i;
    return body;
}

static unsigned read_count(parser *P)
{
    unsigned long v = 0;
    while (P->i < P->len && P->p[P->i] >= '0' && P->p[P->i] <= '9') {
        if (v < 100000)
            v = v * 10 + (P->p[P->i] - '0');
        P->i++;
    }
    return (unsigned)v;
}

/* Quantifiers after atom: *, +, ?, {n}, {n,}, {n,m}, each maybe lazy or possessive. */
static rnode *quantified(parser *P, rnode *atom, bool extended)
{
    for (;;) {
        if (extended)
            skip_extended(P);
        if (P->i >= P->len)
            return atom;
        unsigned char c = P->p[P->i];
        unsigned min, max;
        if (c == '*') {
            min = 0, max = UNBOUNDED;
            P->i++;
        } else if (c == '+') {
            min = 1, max = UNBOUNDED;
            P->i++;
        } else if (c == '?') {
            min = 0, max = 1;
            P->i++;
        } else if (c == '{' && P->i + 1 < P->len && P->p[P->i + 1] >= '0' &&
                   P->p[P->i + 1] <= '9') {
            P->i++;
            min = max = read_count(P);
            if (P->i < P->len && P->p[P->i] == ',') {
                P->i++;
                max = P->i < P->len && P->p[P->i] == '}' ? UNBOUNDED : read_count(P);
            }
            if (P->i < P->len && P->p[P->i] == '}')
                P->i++;
        } else {
            return atom;
        }
        rnode *r = node(P, R_REPEAT, atom->at);
        r->min = min;
        r->max = max;
        if (P->i < P->len && P->p[P->i] == '+') {
            r->possessive = true;
            P->i++;
        } else if (P->i < P->len && P->p[P->i] == '?') {
            P->i++;
        }
        r->nkids = 1;
        r->kids = cdc_arena_alloc(P->a, sizeof *r->kids);
        r->kids[0] = atom;
        r->end = P->i;
        atom = r;
    }
}

static rnode *sequence(parser *P, bool *extended)
{
    cdc_ptrvec v = {0};
    size_t at = P->i;
    for (;;) {
        if (*extended)
            skip_extended(P);
        if (P->i >= P->len || P->p[P->i] == '|' || P->p[P->i] == ')')
            break;
        unsigned char c = P->p[P->i];
        rnode *atom;
        if (c == '(') {
            atom = group(P, extended);
        } else if (c == '[') {
            atom = char_class(P);
        } else if (c == '\\') {
            atom = escape(P);
        } else if (c == '.') {
            P->i++;
            atom = set_node(P, set_all(), P->i - 1);
        } else if (c == '^' || c == '$') {
            P->i++;
            atom = node(P, R_EMPTY, P->i - 1);
        } else {
            atom = literal(P, P->i);
        }
        cdc_ptrvec_push(&v, quantified(P, atom, *extended));
    }
    return vec_node(P, R_SEQ, &v, at);
}

static rnode *alternation(parser *P, bool extended)
{
    cdc_ptrvec v = {0};
    size_t at = P->i;
    for (;;) {
        cdc_ptrvec_push(&v, sequence(P, &extended));
        if (P->i < P->len && P->p[P->i] == '|') {
            P->i++;
            continue;
        }
        break;
    }
    if (v.n == 1) {
        rnode *only = v.v[0];
        free(v.v);
        return only;
    }
    return vec_node(P, R_ALT, &v, at);
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
    rnode *root = alternation(&P, false);
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
