/* lang/regex_automaton.c: `matches` patterns as automata, for the exact
 * comparisons of diff (routediff.c).
 *
 * Consumes patterns cdc_regex_check accepted; produces, for every
 * combination of "pattern i accepts the subject" that some subject has,
 * the shortest such subject. Everything the walk allocates lives in a
 * scratch arena freed before returning; the answers are copied into the
 * caller's arena.
 *
 * The semantics are cdcgen eval's (PCRE2, 8-bit UTF, NEWLINE_ANY, a search
 * from offset 0), which Java's Matcher.find shares on the regular subset
 * but for the line-end corners of tests/diff/README.md:
 *   - '.' matches every code point but the line ends \n \v \f \r U+0085
 *     U+2028 U+2029 ((?s): every code point);
 *   - '^' and \A hold at the subject's start; '$' and \Z at its end, or
 *     before one line end that ends it (\r\n counts as one, and the place
 *     between \r and \n is also before a final line end); \z at the end;
 *   - (?i) folds ASCII letters, and (PCRE2's UTF case sets) 's' and 'S'
 *     with U+017F, 'k' and 'K' with U+212A; in a class it folds the
 *     literals and ranges, not \w, \d, \s and the like;
 *   - \d \w \s are ASCII, \h and \v hold their Unicode spaces;
 *   - \b holds where exactly one side is an ASCII word character (the
 *     subject's ends count as none), \B where both or neither are.
 * The unit tests (tests/unit/test_regex_automaton.c) hold every decided
 * answer to PCRE2 itself on subjects drawn at random.
 *
 * How: tokens (regex_lex.c) -> a small tree -> Thompson NFA per pattern,
 * wrapped for the search -> one subset construction over all patterns at
 * once, on the intervals of code points the patterns tell apart. The '$'
 * assertion is a condition on the rest of the subject, so an NFA state is
 * a node and what the rest must still be: anything, a final line end or
 * nothing, the \n of a final \r\n or nothing, or nothing; and whether the
 * next code point must be a word character (after \b or \B). Breadth-first,
 * readable characters first, so the first subject found for a combination
 * is a shortest one. The number of states is bounded; past the bound the
 * answer is "undecided" with the reason. */
#include <stdlib.h>
#include <string.h>

#include "cdcgen/lang/regex_automaton.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/regex.h"
#include "cdcgen/lang/regex_lex.h"

#define CP_END 0x110000u /* one past the last code point */

/* ---- sets of code points: sorted, disjoint, non-adjacent ranges ---- */

typedef struct range {
    uint32_t lo, hi;
} range;

typedef struct cpset {
    range *v;
    size_t n, cap;
} cpset;

static void cs_add(cpset *s, uint32_t lo, uint32_t hi)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 4;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = (range){lo, hi};
}

static int range_cmp(const void *a, const void *b)
{
    const range *x = a, *y = b;
    return (x->lo > y->lo) - (x->lo < y->lo);
}

static void cs_norm(cpset *s)
{
    if (s->n < 2)
        return;
    qsort(s->v, s->n, sizeof *s->v, range_cmp);
    size_t k = 0;
    for (size_t i = 1; i < s->n; i++) {
        if (s->v[i].lo <= s->v[k].hi + 1) {
            if (s->v[i].hi > s->v[k].hi)
                s->v[k].hi = s->v[i].hi;
        } else {
            s->v[++k] = s->v[i];
        }
    }
    s->n = k + 1;
}

static bool cs_has(const cpset *s, uint32_t c)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < s->v[mid].lo)
            hi = mid;
        else if (c > s->v[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

static void cs_union(cpset *s, const cpset *t)
{
    for (size_t i = 0; i < t->n; i++)
        cs_add(s, t->v[i].lo, t->v[i].hi);
    cs_norm(s);
}

/* The complement in [0, CP_END). s must be normalised. */
static void cs_negate(cpset *s)
{
    cpset r = {0};
    uint32_t next = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->v[i].lo > next)
            cs_add(&r, next, s->v[i].lo - 1);
        next = s->v[i].hi + 1;
    }
    if (next < CP_END)
        cs_add(&r, next, CP_END - 1);
    free(s->v);
    *s = r;
}

/* PCRE2's caseless matching with UTF (no UCP) as regex.c lets it through:
 * ASCII letters and their other case, and the two non-ASCII members of
 * ASCII letters' case sets: U+017F (s) and U+212A (k). */
static void cs_fold(cpset *s)
{
    cs_norm(s);
    cpset more = {0};
    for (uint32_t c = 'A'; c <= 'Z'; c++) {
        bool in = cs_has(s, c) || cs_has(s, c + 32) || (c == 'S' && cs_has(s, 0x17F)) ||
                  (c == 'K' && cs_has(s, 0x212A));
        if (!in)
            continue;
        cs_add(&more, c, c);
        cs_add(&more, c + 32, c + 32);
        if (c == 'S')
            cs_add(&more, 0x17F, 0x17F);
        if (c == 'K')
            cs_add(&more, 0x212A, 0x212A);
    }
    cs_union(s, &more);
    free(more.v);
}

/* The line ends of NEWLINE_ANY: what '.' does not match, what '$' may
 * stand before. */
static const uint32_t line_ends[] = {'\n', 0x0B, 0x0C, '\r', 0x85, 0x2028, 0x2029};

static bool is_line_end(uint32_t c)
{
    for (size_t i = 0; i < ARRAY_SIZE(line_ends); i++)
        if (line_ends[i] == c)
            return true;
    return false;
}

/* \d \w \s \h \v and their upper-case complements; false for \R \X. */
static bool escape_set(unsigned char e, cpset *out)
{
    cpset s = {0};
    switch (e | 0x20) {
    case 'd': cs_add(&s, '0', '9'); break;
    case 'w':
        cs_add(&s, '0', '9');
        cs_add(&s, 'A', 'Z');
        cs_add(&s, '_', '_');
        cs_add(&s, 'a', 'z');
        break;
    case 's':
        cs_add(&s, '\t', '\r');
        cs_add(&s, ' ', ' ');
        break;
    case 'h':
        cs_add(&s, '\t', '\t');
        cs_add(&s, ' ', ' ');
        cs_add(&s, 0xA0, 0xA0);
        cs_add(&s, 0x1680, 0x1680);
        cs_add(&s, 0x180E, 0x180E);
        cs_add(&s, 0x2000, 0x200A);
        cs_add(&s, 0x202F, 0x202F);
        cs_add(&s, 0x205F, 0x205F);
        cs_add(&s, 0x3000, 0x3000);
        break;
    case 'v':
        cs_add(&s, '\n', '\r');
        cs_add(&s, 0x85, 0x85);
        cs_add(&s, 0x2028, 0x2029);
        break;
    default: return false;
    }
    cs_norm(&s);
    if (e < 'a')
        cs_negate(&s);
    *out = s;
    return true;
}

/* ---- the tree ---- */

typedef enum akind {
    A_SET,   /* one code point of sets[set] */
    A_SEQ,   /* kids in order */
    A_ALT,   /* one of kids */
    A_REP,   /* kids[0], min..max times */
    A_BOL,   /* ^ \A: the subject's start */
    A_EOL,   /* $ \Z: the end, or before a final line end */
    A_EOS,   /* \z: the end */
    A_GROUP, /* a capturing group: kids[0], its number min (lenient parses only) */
    A_REF,   /* a back reference to group min (lenient parses only) */
    A_WB,    /* \b: a word character on one side only */
    A_NWB,   /* \B: on both sides or neither */
    A_EMPTY, /* nothing */
} akind;

typedef struct anode anode;
struct anode {
    akind kind;
    size_t set;
    anode **kids;
    size_t nkids;
    unsigned min, max;
};

typedef struct machine machine;

typedef struct parser {
    cdc_arena *scratch; /* the tree */
    cdc_arena *out;     /* the reason */
    machine *m;         /* where the sets go */
    const unsigned char *p;
    size_t len;
    cdc_rx_lexer lx;
    cdc_rx_token tok;
    const char *why; /* the first construct outside the regular subset */
    bool lenient;    /* read past it instead (for witness candidates only) */
    unsigned ncaps;  /* capturing groups so far (lenient) */
    size_t *names;   /* name offset and length of each named group, by number - 1 */
    size_t capnames;
} parser;

/* ---- the NFA of every pattern together ---- */

typedef enum nkind {
    N_EPS,  /* out, and out2 when >= 0 */
    N_CHAR, /* a code point of sets[set], then out */
    N_BOL,  /* only at the subject's start */
    N_EOL,  /* the rest is empty or one line end */
    N_EOS,  /* the rest is empty */
    N_WB,   /* \b: the next code point is a word character iff the last was not */
    N_NWB,  /* \B: ... iff the last was */
    N_DONE, /* pattern comp has matched: any rest (within the tail) */
} nkind;

typedef struct nnode {
    nkind kind;
    int out, out2;
    size_t set;
    unsigned comp;
} nnode;

struct machine {
    cpset *sets;
    size_t nsets, capsets;
    nnode *nodes;
    size_t nnodes, capnodes;
    bool too_big;
};

static size_t add_set(machine *m, cpset s)
{
    if (m->nsets == m->capsets) {
        m->capsets = m->capsets ? 2 * m->capsets : 16;
        m->sets = xrealloc(m->sets, m->capsets * sizeof *m->sets);
    }
    m->sets[m->nsets] = s;
    return m->nsets++;
}

static int add_node(machine *m, nkind kind, int out)
{
    if (m->nnodes >= CDC_RXA_NFA_LIMIT) {
        m->too_big = true;
        return out;
    }
    if (m->nnodes == m->capnodes) {
        m->capnodes = m->capnodes ? 2 * m->capnodes : 64;
        m->nodes = xrealloc(m->nodes, m->capnodes * sizeof *m->nodes);
    }
    m->nodes[m->nnodes] = (nnode){kind, out, -1, 0, 0};
    return (int)m->nnodes++;
}

static void machine_release(machine *m)
{
    for (size_t i = 0; i < m->nsets; i++)
        free(m->sets[i].v);
    free(m->sets);
    free(m->nodes);
}

/* ---- parsing the tokens ---- */

static anode *anew(parser *P, akind kind)
{
    anode *n = CDC_ARENA_NEW(P->scratch, anode);
    n->kind = kind;
    return n;
}

/* Outside the regular subset: the reason, and NULL; in a lenient parse,
 * the token is read past as matching nothing. */
static void advance(parser *P);

static anode *unsupported(parser *P, const char *what)
{
    if (P->lenient) {
        advance(P);
        return anew(P, A_EMPTY);
    }
    if (!P->why) {
        size_t at = P->tok.at, n = P->tok.len ? P->tok.len : 1;
        if (at + n > P->len)
            n = P->len > at ? P->len - at : 0;
        P->why = cdc_arena_printf(P->out, "%s '%.*s'", what, (int)n, (const char *)P->p + at);
    }
    return NULL;
}

static void advance(parser *P)
{
    cdc_rx_next(&P->lx, &P->tok);
}

static anode *set_atom(parser *P, cpset s)
{
    anode *n = anew(P, A_SET);
    cs_norm(&s);
    n->set = add_set(P->m, s);
    return n;
}

static anode *alternation(parser *P);

/* A code point of the general category a \p{..} names (lenient parses):
 * by its first letters; for \P{..} one of another category. */
static uint32_t property_guess(const parser *P, const cdc_rx_token *t)
{
    char c = t->name_len ? (char)P->p[t->name_at] : 'L';
    char c2 = t->name_len > 1 ? (char)P->p[t->name_at + 1] : 0;
    if (t->negated)
        return c == 'N' ? 'a' : '1';
    switch (c) {
    case 'L': return c2 == 'u' || c2 == 't' ? 'A' : c2 == 'm' ? 0x2B0 : c2 == 'o' ? 0x5D0 : 'a';
    case 'N': return c2 == 'l' ? 0x2160 : c2 == 'o' ? 0xB2 : '1';
    case 'P': return c2 == 'd' ? '-' : c2 == 's' ? '(' : c2 == 'e' ? ')' : c2 == 'c' ? '_' : '.';
    case 'S': return c2 == 'c' ? '$' : c2 == 'k' ? '^' : c2 == 'o' ? 0xA6 : '+';
    case 'Z': return c2 == 'l' ? 0x2028 : c2 == 'p' ? 0x2029 : ' ';
    case 'M': return 0x301;
    default: return c2 == 'f' ? 0xAD : c2 == 'o' ? 0xE000 : c2 == 'n' ? 0x378 : 1;
    }
}

static anode *char_class(parser *P)
{
    cdc_rx_token open = P->tok;
    cpset lits = {0}, escs = {0};
    advance(P);
    while (P->tok.kind != CDC_RX_END &&
           !(P->tok.kind == CDC_RX_CLASS_CLOSE && P->tok.class_depth == open.class_depth)) {
        const cdc_rx_token *t = &P->tok;
        cpset e;
        if (t->kind == CDC_RX_LITERAL) {
            cs_add(&lits, t->cp, t->cp);
        } else if (t->kind == CDC_RX_RANGE) {
            cs_add(&lits, t->lo, t->hi);
        } else if (t->kind == CDC_RX_CLASS_ESCAPE && escape_set(t->esc, &e)) {
            cs_union(&escs, &e);
            free(e.v);
        } else if (P->lenient) { /* a guess PCRE2 confirms or not */
            uint32_t g = t->kind == CDC_RX_PROPERTY ? property_guess(P, t) : 'a';
            cs_add(&lits, g, g);
        } else if (t->kind != CDC_RX_QUOTE && t->kind != CDC_RX_QUOTE_END &&
                   t->kind != CDC_RX_STRAY_E) {
            free(lits.v);
            free(escs.v);
            return unsupported(P, t->kind == CDC_RX_PROPERTY ? "the Unicode property"
                                                             : "the class item");
        }
        advance(P);
    }
    advance(P); /* the ']' */
    if (open.flags & CDC_RX_FLAG_I)
        cs_fold(&lits);
    cs_union(&lits, &escs);
    free(escs.v);
    cs_norm(&lits);
    if (open.negated)
        cs_negate(&lits);
    return set_atom(P, lits);
}

static anode *group(parser *P)
{
    switch (P->tok.group) {
    case CDC_RX_CAPTURE:
    case CDC_RX_NON_CAPTURE:
    case CDC_RX_FLAG_GROUP:
    case CDC_RX_NAMED: break;
    case CDC_RX_LOOKAHEAD:
    case CDC_RX_NEG_LOOKAHEAD:
    case CDC_RX_LOOKBEHIND:
    case CDC_RX_NEG_LOOKBEHIND:
    case CDC_RX_NON_ATOMIC:
        if (!P->lenient)
            return unsupported(P, "the lookaround");
        break;
    case CDC_RX_ATOMIC:
        if (!P->lenient)
            return unsupported(P, "the atomic group");
        break;
    default: return unsupported(P, "the group");
    }
    cdc_rx_token open = P->tok;
    unsigned number = 0;
    if (P->lenient && (open.group == CDC_RX_CAPTURE || open.group == CDC_RX_NAMED)) {
        number = ++P->ncaps;
        if (number > P->capnames) {
            P->capnames = 2 * number + 8;
            P->names = xrealloc(P->names, P->capnames * 2 * sizeof *P->names);
        }
        P->names[2 * (number - 1)] = open.group == CDC_RX_NAMED ? open.name_at : 0;
        P->names[2 * (number - 1) + 1] = open.group == CDC_RX_NAMED ? open.name_len : 0;
    }
    advance(P);
    anode *body = alternation(P);
    if (!body)
        return NULL;
    if (P->tok.kind == CDC_RX_GROUP_CLOSE)
        advance(P);
    /* lenient: a positive lookaround's text written where it looks (so
     * Loan(?=Created) gives LoanCreated), a negative one left out */
    if (open.group == CDC_RX_NEG_LOOKAHEAD || open.group == CDC_RX_NEG_LOOKBEHIND ||
        open.group == CDC_RX_NON_ATOMIC)
        return anew(P, A_EMPTY);
    if (number) {
        anode *g = anew(P, A_GROUP);
        g->kids = cdc_arena_alloc(P->scratch, sizeof *g->kids);
        g->kids[0] = body;
        g->nkids = 1;
        g->min = number;
        return g;
    }
    return body;
}

/* A back reference, in a lenient parse: the group it names. */
static anode *reference(parser *P)
{
    const cdc_rx_token *t = &P->tok;
    unsigned number = 0;
    if (t->esc >= '1' && t->esc <= '9') {
        for (size_t i = 0; i < t->name_len && number < 100000; i++)
            number = number * 10 + (unsigned)(P->p[t->name_at + i] - '0');
    } else {
        for (unsigned k = 0; k < P->ncaps && !number; k++)
            if (P->names[2 * k + 1] == t->name_len && t->name_len &&
                memcmp(P->p + P->names[2 * k], P->p + t->name_at, t->name_len) == 0)
                number = k + 1;
    }
    advance(P);
    anode *r = anew(P, A_REF);
    r->min = number;
    return r;
}

static anode *anchor(parser *P)
{
    const cdc_rx_token *t = &P->tok;
    unsigned char c = t->esc ? t->esc : P->p[t->at];
    if ((c == '^' || c == '$') && (t->flags & CDC_RX_FLAG_M))
        return unsupported(P, "the (?m) line anchor");
    akind k;
    switch (c) {
    case '^':
    case 'A': k = A_BOL; break;
    case '$':
    case 'Z': k = A_EOL; break;
    case 'z': k = A_EOS; break;
    case 'b': k = A_WB; break;
    case 'B': k = A_NWB; break;
    default: return unsupported(P, "the assertion");
    }
    advance(P);
    return anew(P, k);
}

/* One item of a sequence at the current token, before its quantifiers. */
static anode *atom(parser *P)
{
    const cdc_rx_token *t = &P->tok;
    cpset s = {0};
    switch (t->kind) {
    case CDC_RX_LITERAL:
        cs_add(&s, t->cp, t->cp);
        if (t->flags & CDC_RX_FLAG_I)
            cs_fold(&s);
        advance(P);
        return set_atom(P, s);
    case CDC_RX_ANY:
        if (t->esc)
            return unsupported(P, "the escape");
        if (t->flags & CDC_RX_FLAG_S) {
            cs_add(&s, 0, CP_END - 1);
        } else {
            for (size_t i = 0; i < ARRAY_SIZE(line_ends); i++)
                cs_add(&s, line_ends[i], line_ends[i]);
            cs_norm(&s);
            cs_negate(&s);
        }
        advance(P);
        return set_atom(P, s);
    case CDC_RX_CLASS_ESCAPE:
        if (!escape_set(t->esc, &s) && P->lenient) { /* \R \X: a guess */
            cs_add(&s, t->esc == 'R' ? '\n' : 'a', t->esc == 'R' ? '\n' : 'a');
        } else if (!s.n) {
            return unsupported(P, "the escape");
        }
        advance(P);
        return set_atom(P, s);
    case CDC_RX_CLASS_OPEN: return char_class(P);
    case CDC_RX_GROUP_OPEN: return group(P);
    case CDC_RX_ANCHOR: return anchor(P);
    case CDC_RX_PROPERTY:
        if (P->lenient) { /* a guess PCRE2 confirms or not */
            uint32_t g = property_guess(P, t);
            cs_add(&s, g, g);
            advance(P);
            return set_atom(P, s);
        }
        return unsupported(P, "the Unicode property");
    case CDC_RX_BACKREF:
        if (P->lenient)
            return reference(P);
        return unsupported(P, "the back reference");
    case CDC_RX_CALL: return unsupported(P, "the recursion");
    default: return unsupported(P, "the construct");
    }
}

/* Tokens that match nothing: comments, \Q and \E, and (?i) alone (the
 * lexer carries its flags to the tokens after it). */
static void skip_nothing(parser *P)
{
    while (P->tok.kind == CDC_RX_COMMENT || P->tok.kind == CDC_RX_QUOTE ||
           P->tok.kind == CDC_RX_QUOTE_END || P->tok.kind == CDC_RX_STRAY_E ||
           P->tok.kind == CDC_RX_FLAGS)
        advance(P);
}

static anode *quantified(parser *P, anode *a)
{
    for (;;) {
        skip_nothing(P);
        if (!a || P->tok.kind != CDC_RX_QUANTIFIER)
            return a;
        if (P->tok.greed == CDC_RX_POSSESSIVE && !P->lenient)
            return unsupported(P, "the possessive repetition");
        anode *r = anew(P, A_REP);
        r->kids = cdc_arena_alloc(P->scratch, sizeof *r->kids);
        r->kids[0] = a;
        r->nkids = 1;
        r->min = P->tok.min;
        r->max = P->tok.max;
        advance(P);
        a = r;
    }
}

static anode *vec_node(parser *P, akind kind, cdc_ptrvec *v)
{
    anode *n = anew(P, kind);
    n->nkids = v->n;
    n->kids = cdc_ptrvec_to_arena(P->scratch, v);
    return n;
}

static anode *sequence(parser *P)
{
    cdc_ptrvec v = {0};
    for (;;) {
        skip_nothing(P);
        cdc_rx_kind k = P->tok.kind;
        if (k == CDC_RX_END || k == CDC_RX_ALTERNATION || k == CDC_RX_GROUP_CLOSE)
            break;
        anode *a = quantified(P, atom(P));
        if (!a) {
            free(v.v);
            return NULL;
        }
        cdc_ptrvec_push(&v, a);
    }
    return vec_node(P, A_SEQ, &v);
}

static anode *alternation(parser *P)
{
    cdc_ptrvec v = {0};
    for (;;) {
        anode *s = sequence(P);
        if (!s) {
            free(v.v);
            return NULL;
        }
        cdc_ptrvec_push(&v, s);
        if (P->tok.kind != CDC_RX_ALTERNATION)
            break;
        advance(P);
    }
    return vec_node(P, A_ALT, &v);
}

static anode *parse(parser *P)
{
    cdc_rx_lexer_init(&P->lx, (const char *)P->p, P->len);
    advance(P);
    anode *root = alternation(P);
    if (root && P->lx.error && !P->lenient)
        return unsupported(P, "the malformed construct");
    return root;
}

/* ---- the tree as NFA nodes, built backwards from the continuation ---- */

static int compile(machine *m, const anode *n, int next)
{
    if (m->too_big)
        return next;
    switch (n->kind) {
    case A_SET: {
        int c = add_node(m, N_CHAR, next);
        if (!m->too_big)
            m->nodes[c].set = n->set;
        return c;
    }
    case A_SEQ:
        for (size_t i = n->nkids; i-- > 0;)
            next = compile(m, n->kids[i], next);
        return next;
    case A_ALT: {
        int start = compile(m, n->kids[n->nkids - 1], next);
        for (size_t i = n->nkids - 1; i-- > 0;) {
            int e = add_node(m, N_EPS, compile(m, n->kids[i], next));
            if (!m->too_big)
                m->nodes[e].out2 = start;
            start = e;
        }
        return start;
    }
    case A_REP: {
        int tail = next;
        if (n->max == CDC_RX_UNBOUNDED) {
            int loop = add_node(m, N_EPS, -1);
            if (m->too_big)
                return next;
            int body = compile(m, n->kids[0], loop);
            m->nodes[loop].out = body;
            m->nodes[loop].out2 = next;
            tail = loop;
        } else {
            for (unsigned j = n->min; j < n->max && !m->too_big; j++) {
                int e = add_node(m, N_EPS, compile(m, n->kids[0], tail));
                if (!m->too_big)
                    m->nodes[e].out2 = next;
                tail = e;
            }
        }
        for (unsigned j = 0; j < n->min && !m->too_big; j++)
            tail = compile(m, n->kids[0], tail);
        return tail;
    }
    case A_BOL: return add_node(m, N_BOL, next);
    case A_EOL: return add_node(m, N_EOL, next);
    case A_EOS: return add_node(m, N_EOS, next);
    case A_GROUP: return compile(m, n->kids[0], next);
    case A_REF: return next; /* only in lenient parses, which are not compiled */
    case A_WB: return add_node(m, N_WB, next);
    case A_NWB: return add_node(m, N_NWB, next);
    case A_EMPTY: return next;
    }
    return next;
}

/* ---- the product: subset construction, breadth first ---- */

/* What the rest of the subject must be, once '$' or \z has been passed. */
enum { T_ANY, T_LINE_END, T_LF, T_NONE, T_COUNT };

/* What the next code point must be, once \b or \B has been passed (the
 * end of the subject counts as no word character). */
enum { W_ANY, W_WORD, W_OTHER, W_COUNT };

/* An NFA state of the product: node, tail and next-character condition. */
#define EL_PER_NODE (T_COUNT * W_COUNT)
#define EL(node, tail, w) ((node)*EL_PER_NODE + (tail)*W_COUNT + (w))
#define EL_NODE(e) ((e) / EL_PER_NODE)
#define EL_TAIL(e) ((e) / W_COUNT % T_COUNT)
#define EL_W(e) ((e) % W_COUNT)

/* \w as PCRE2 reads it without UCP: ASCII. */
static bool is_word(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= 'a' && c <= 'z');
}

static int tail_meet_eol(int t)
{
    return t == T_ANY ? T_LINE_END : t;
}

/* The tail after reading c, or -1 when the rest can no longer be that. */
static int tail_step(int t, uint32_t c)
{
    switch (t) {
    case T_ANY: return T_ANY;
    case T_LINE_END: return c == '\r' ? T_LF : is_line_end(c) ? T_NONE : -1;
    case T_LF: return c == '\n' ? T_NONE : -1;
    default: return -1;
    }
}

typedef struct atom_t {
    uint32_t lo, hi, rep;
    int rank;
} atom_t;

typedef struct dstate {
    int *el; /* EL(node, tail, w), sorted: N_CHAR and N_DONE nodes only */
    size_t n;
    unsigned acc; /* bit c: component c has matched */
    int parent;   /* the state it was first reached from, and by which atom */
    int by;
} dstate;

typedef struct product {
    machine *m;
    atom_t *atoms;
    size_t natoms;
    dstate *st;
    size_t nst, capst;
    int *hash; /* open addressing: state index + 1, 0 empty */
    size_t hcap;
    unsigned *mark, gen;
    int *stack, *buf;
    size_t nbuf;
    unsigned long work; /* NFA states stepped, against CDC_RXA_WORK_LIMIT */
} product;

static void push_el(product *X, int el)
{
    if (X->mark[el] == X->gen)
        return;
    X->mark[el] = X->gen;
    X->buf[X->nbuf++] = el;
}

/* The epsilon closure of X->buf[0..nbuf), at_start: the subject's start;
 * last_word: the code point before is a word character. */
static void closure(product *X, bool at_start, bool last_word)
{
    size_t sp = 0;
    for (size_t i = 0; i < X->nbuf; i++)
        X->stack[sp++] = X->buf[i];
    while (sp) {
        int el = X->stack[--sp], node = EL_NODE(el), tail = EL_TAIL(el), w = EL_W(el);
        const nnode *n = &X->m->nodes[node];
        int next[2] = {-1, -1};
        int t = tail;
        switch (n->kind) {
        case N_EPS:
            next[0] = n->out;
            next[1] = n->out2;
            break;
        case N_BOL:
            if (at_start)
                next[0] = n->out;
            break;
        case N_EOL:
            next[0] = n->out;
            t = tail_meet_eol(tail);
            break;
        case N_EOS:
            next[0] = n->out;
            t = T_NONE;
            break;
        case N_WB:
        case N_NWB: {
            int need = (n->kind == N_WB) != last_word ? W_WORD : W_OTHER;
            if (w == W_ANY || w == need) {
                next[0] = n->out;
                w = need;
            }
            break;
        }
        default: break;
        }
        for (int k = 0; k < 2; k++) {
            if (next[k] < 0)
                continue;
            int e = EL(next[k], t, w);
            if (X->mark[e] == X->gen)
                continue;
            X->mark[e] = X->gen;
            X->buf[X->nbuf++] = e;
            X->stack[sp++] = e;
        }
    }
    /* keep the nodes that read a code point or have matched */
    size_t k = 0;
    for (size_t i = 0; i < X->nbuf; i++) {
        nkind kind = X->m->nodes[EL_NODE(X->buf[i])].kind;
        if (kind == N_CHAR || kind == N_DONE)
            X->buf[k++] = X->buf[i];
    }
    X->nbuf = k;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static size_t hash_of(const int *el, size_t n)
{
    size_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (size_t)el[i]) * 1099511628211u;
    return h;
}

static void rehash(product *X)
{
    free(X->hash);
    X->hcap = X->hcap ? 2 * X->hcap : 1024;
    X->hash = xcalloc(X->hcap, sizeof *X->hash);
    for (size_t i = 0; i < X->nst; i++) {
        size_t h = hash_of(X->st[i].el, X->st[i].n) & (X->hcap - 1);
        while (X->hash[h])
            h = (h + 1) & (X->hcap - 1);
        X->hash[h] = (int)i + 1;
    }
}

/* The state holding buf (sorted here), made if new (*fresh). */
static int intern(product *X, bool *fresh)
{
    qsort(X->buf, X->nbuf, sizeof *X->buf, int_cmp);
    if (2 * (X->nst + 1) > X->hcap)
        rehash(X);
    size_t h = hash_of(X->buf, X->nbuf) & (X->hcap - 1);
    for (; X->hash[h]; h = (h + 1) & (X->hcap - 1)) {
        const dstate *s = &X->st[X->hash[h] - 1];
        if (s->n == X->nbuf && memcmp(s->el, X->buf, X->nbuf * sizeof *X->buf) == 0) {
            *fresh = false;
            return X->hash[h] - 1;
        }
    }
    if (X->nst == X->capst) {
        X->capst = X->capst ? 2 * X->capst : 64;
        X->st = xrealloc(X->st, X->capst * sizeof *X->st);
    }
    dstate *s = &X->st[X->nst];
    s->n = X->nbuf;
    s->el = xmalloc((X->nbuf ? X->nbuf : 1) * sizeof *s->el);
    memcpy(s->el, X->buf, X->nbuf * sizeof *X->buf);
    s->acc = 0;
    for (size_t i = 0; i < X->nbuf; i++) {
        const nnode *n = &X->m->nodes[EL_NODE(X->buf[i])];
        if (n->kind == N_DONE && EL_W(X->buf[i]) != W_WORD) /* the end is no word character */
            s->acc |= 1u << n->comp;
    }
    s->parent = -1;
    s->by = -1;
    X->hash[h] = (int)X->nst + 1;
    *fresh = true;
    return (int)X->nst++;
}

/* The states after reading atom a in state i, into buf. */
static void step(product *X, int i, const atom_t *a)
{
    X->gen++;
    X->nbuf = 0;
    const dstate *s = &X->st[i];
    X->work += s->n;
    bool word = is_word(a->rep);
    for (size_t k = 0; k < s->n; k++) {
        int node = EL_NODE(s->el[k]), t = tail_step(EL_TAIL(s->el[k]), a->rep), w = EL_W(s->el[k]);
        if (t < 0 || (w == W_WORD && !word) || (w == W_OTHER && word))
            continue;
        const nnode *n = &X->m->nodes[node];
        if (n->kind == N_DONE)
            push_el(X, EL(node, t, W_ANY));
        else if (cs_has(&X->m->sets[n->set], a->rep))
            push_el(X, EL(n->out, t, W_ANY));
    }
    closure(X, false, word);
}

/* How readable a code point is in a witness: lower-case letters first,
 * then digits, upper case, other printable ASCII, Latin-1 letters, the
 * rest, control characters last. */
static const struct {
    uint32_t lo, hi;
} readable[] = {
    {'a', 'z'}, {'0', '9'}, {'A', 'Z'}, {' ', '~'}, {0xC0, 0xFF}, {0xA1, CP_END - 1},
};

static void rate(atom_t *a)
{
    for (size_t r = 0; r < ARRAY_SIZE(readable); r++)
        if (a->lo <= readable[r].hi && a->hi >= readable[r].lo) {
            a->rank = (int)r;
            a->rep = a->lo > readable[r].lo ? a->lo : readable[r].lo;
            return;
        }
    a->rank = (int)ARRAY_SIZE(readable);
    a->rep = a->lo;
}

static int atom_cmp(const void *x, const void *y)
{
    const atom_t *a = x, *b = y;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return (a->rep > b->rep) - (a->rep < b->rep);
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The intervals of code points no set tells apart (line ends alone, since
 * the tails tell them apart), surrogates left out. */
static void make_atoms(product *X)
{
    static const uint32_t word_edges[] = {'0', '9' + 1, 'A', 'Z' + 1, '_', '_' + 1, 'a', 'z' + 1};
    size_t cap = 8 + ARRAY_SIZE(line_ends) * 2 + ARRAY_SIZE(word_edges), n = 0;
    for (size_t i = 0; i < X->m->nsets; i++)
        cap += 2 * X->m->sets[i].n;
    uint32_t *b = xmalloc(cap * sizeof *b);
    b[n++] = 0;
    b[n++] = CP_END;
    b[n++] = 0xD800;
    b[n++] = 0xE000;
    for (size_t i = 0; i < ARRAY_SIZE(line_ends); i++) {
        b[n++] = line_ends[i];
        b[n++] = line_ends[i] + 1;
    }
    for (size_t i = 0; i < ARRAY_SIZE(word_edges); i++) /* \b tells word characters apart */
        b[n++] = word_edges[i];
    for (size_t i = 0; i < X->m->nsets; i++)
        for (size_t k = 0; k < X->m->sets[i].n; k++) {
            b[n++] = X->m->sets[i].v[k].lo;
            b[n++] = X->m->sets[i].v[k].hi + 1;
        }
    qsort(b, n, sizeof *b, u32_cmp);
    X->atoms = xmalloc(n * sizeof *X->atoms);
    X->natoms = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (b[i] == b[i + 1] || b[i] == 0xD800)
            continue;
        atom_t *a = &X->atoms[X->natoms++];
        a->lo = b[i];
        a->hi = b[i + 1] - 1;
        rate(a);
    }
    qsort(X->atoms, X->natoms, sizeof *X->atoms, atom_cmp);
    free(b);
}

static void product_release(product *X)
{
    for (size_t i = 0; i < X->nst; i++)
        free(X->st[i].el);
    free(X->st);
    free(X->hash);
    free(X->mark);
    free(X->stack);
    free(X->buf);
    free(X->atoms);
}

/* The subject that first reached state i, as UTF-8 in the arena. */
static const char *witness_text(cdc_arena *a, const product *X, int i, size_t *len)
{
    size_t n = 0;
    for (int k = i; X->st[k].parent >= 0; k = X->st[k].parent)
        n++;
    uint32_t *cps = xmalloc((n ? n : 1) * sizeof *cps);
    size_t j = n;
    for (int k = i; X->st[k].parent >= 0; k = X->st[k].parent)
        cps[--j] = X->atoms[X->st[k].by].rep;
    char *out = cdc_arena_alloc(a, 4 * n + 1);
    size_t o = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t c = cps[k];
        if (c < 0x80) {
            out[o++] = (char)c;
        } else if (c < 0x800) {
            out[o++] = (char)(0xC0 | c >> 6);
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out[o++] = (char)(0xE0 | c >> 12);
            out[o++] = (char)(0x80 | (c >> 6 & 0x3F));
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else {
            out[o++] = (char)(0xF0 | c >> 18);
            out[o++] = (char)(0x80 | (c >> 12 & 0x3F));
            out[o++] = (char)(0x80 | (c >> 6 & 0x3F));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    free(cps);
    *len = o;
    return out;
}

/* A component's start: pattern tree t wrapped for the search (any text
 * before it, DONE after it). */
static int search_component(machine *m, const anode *t, unsigned comp)
{
    int done = add_node(m, N_DONE, -1);
    if (m->too_big)
        return -1;
    m->nodes[done].comp = comp;
    int start = compile(m, t, done);
    int loop = add_node(m, N_EPS, start);
    cpset all = {0};
    cs_add(&all, 0, CP_END - 1);
    int any = add_node(m, N_CHAR, loop);
    if (m->too_big) {
        free(all.v);
        return -1;
    }
    m->nodes[any].set = add_set(m, all);
    m->nodes[loop].out2 = any;
    return loop;
}

/* The code points of UTF-8 text s[0..len) (a malformed byte reads as
 * itself), into a new array; *n their number. */
static uint32_t *code_points(const char *s, size_t len, size_t *n)
{
    uint32_t *cps = xmalloc((len ? len : 1) * sizeof *cps);
    size_t k = 0;
    for (size_t o = 0; o < len;) {
        uint32_t cp;
        size_t step = cdc_utf8_decode(s + o, len - o, &cp);
        if (!step) {
            cp = (unsigned char)s[o];
            step = 1;
        }
        cps[k++] = cp;
        o += step;
    }
    *n = k;
    return cps;
}

/* A CHAR node reading [lo, hi], then next. */
static int char_node(machine *m, uint32_t lo, uint32_t hi, int next)
{
    int c = add_node(m, N_CHAR, next);
    if (m->too_big)
        return next;
    cpset one = {0};
    cs_add(&one, lo, hi);
    m->nodes[c].set = add_set(m, one);
    return c;
}

/* The component that accepts the subjects below bound in code-point
 * order: a proper prefix of it, or a smaller code point at the first
 * difference. */
static int below_component(machine *m, const char *bound, size_t len, unsigned comp)
{
    int done = add_node(m, N_DONE, -1);
    if (m->too_big)
        return -1;
    m->nodes[done].comp = comp;
    size_t n;
    uint32_t *cps = code_points(bound, len, &n);
    int next = -1; /* past the whole bound: not below it */
    for (size_t k = n; k-- > 0 && !m->too_big;) {
        int ended = add_node(m, N_EOS, done); /* a proper prefix */
        int smaller = cps[k] ? char_node(m, 0, cps[k] - 1, done) : -1;
        int same = next >= 0 ? char_node(m, cps[k], cps[k], next) : -1;
        int e = add_node(m, N_EPS, ended);
        if (m->too_big)
            break;
        int f = add_node(m, N_EPS, smaller);
        if (m->too_big)
            break;
        m->nodes[e].out2 = f;
        m->nodes[f].out2 = same;
        if (smaller < 0) { /* U+0000: nothing is smaller */
            m->nodes[f].out = same;
            m->nodes[f].out2 = -1;
        }
        next = e;
    }
    free(cps);
    /* the empty bound: nothing is below it, a node that leads nowhere */
    int start = add_node(m, next < 0 ? N_EPS : N_BOL, next);
    return m->too_big ? -1 : start;
}

/* The component that accepts exactly the strings excl: ^(?:s1|s2|...)\z. */
static int exact_component(machine *m, const char *const *excl, const size_t *lens, size_t n,
                           unsigned comp)
{
    int done = add_node(m, N_DONE, -1);
    if (m->too_big)
        return -1;
    m->nodes[done].comp = comp;
    int start = -1;
    for (size_t i = 0; i < n && !m->too_big; i++) {
        int next = add_node(m, N_EOS, done);
        /* the code points backwards */
        size_t ncp;
        uint32_t *cps = code_points(excl[i], lens[i], &ncp);
        for (size_t k = ncp; k-- > 0 && !m->too_big;)
            next = char_node(m, cps[k], cps[k], next);
        free(cps);
        int bol = add_node(m, N_BOL, next);
        if (start < 0) {
            start = bol;
        } else {
            int e = add_node(m, N_EPS, bol);
            if (!m->too_big)
                m->nodes[e].out2 = start;
            start = e;
        }
    }
    return m->too_big ? -1 : start;
}

/* Parses pattern into m; NULL on success, else why. */
static anode *parse_pattern(cdc_arena *scratch, cdc_arena *out, machine *m, const char *p,
                            size_t len, const char **why)
{
    parser P = {.scratch = scratch, .out = out, .m = m, .p = (const unsigned char *)p, .len = len};
    anode *t = parse(&P);
    if (!t)
        *why = cdc_arena_printf(out, "%s is outside the regular subset",
                                P.why ? P.why : "a construct");
    return t;
}

bool cdc_rxa_combinations(cdc_arena *a, const char *const *pats, const size_t *lens, size_t n,
                          const char *const *excl, const size_t *excl_lens, size_t nexcl,
                          unsigned state_limit, cdc_rxa_result *out, const char **why)
{
    return cdc_rxa_combinations_below(a, pats, lens, n, NULL, NULL, 0, excl, excl_lens, nexcl,
                                      state_limit, out, why);
}

bool cdc_rxa_combinations_below(cdc_arena *a, const char *const *pats, const size_t *lens,
                                size_t npats, const char *const *below, const size_t *below_lens,
                                size_t nbelow, const char *const *excl, const size_t *excl_lens,
                                size_t nexcl, unsigned state_limit, cdc_rxa_result *out,
                                const char **why)
{
    memset(out, 0, sizeof *out);
    if (!state_limit)
        state_limit = CDC_RXA_STATE_LIMIT;
    size_t n = npats + nbelow;
    if (n > CDC_RXA_MAX_PATTERNS) {
        *why = cdc_arena_printf(a, "%zu patterns and bounds to compare at once, more than %d", n,
                                CDC_RXA_MAX_PATTERNS);
        return false;
    }
    cdc_arena *scratch = cdc_arena_new();
    machine m = {0};
    int *starts = xcalloc(n + 2, sizeof *starts);
    size_t nstarts = 0;
    bool ok = true;
    for (size_t i = 0; i < npats && ok; i++) {
        anode *t = parse_pattern(scratch, a, &m, pats[i], lens[i], why);
        ok = t != NULL;
        if (ok)
            starts[nstarts++] = search_component(&m, t, (unsigned)i);
    }
    for (size_t j = 0; j < nbelow && ok; j++)
        starts[nstarts++] = below_component(&m, below[j], below_lens[j], (unsigned)(npats + j));
    if (ok && nexcl)
        starts[nstarts++] = exact_component(&m, excl, excl_lens, nexcl, (unsigned)n);
    if (ok && m.too_big) {
        *why = cdc_arena_printf(a, "the patterns' automata need more than %d nodes",
                                CDC_RXA_NFA_LIMIT);
        ok = false;
    }
    product X = {.m = &m};
    if (ok) {
        make_atoms(&X);
        X.mark = xcalloc(m.nnodes * EL_PER_NODE, sizeof *X.mark);
        X.stack = xmalloc(m.nnodes * EL_PER_NODE * sizeof *X.stack);
        X.buf = xmalloc(m.nnodes * EL_PER_NODE * sizeof *X.buf);
        X.gen = 1;
        for (size_t i = 0; i < nstarts; i++)
            push_el(&X, EL(starts[i], T_ANY, W_ANY));
        closure(&X, true, false);
        bool fresh;
        intern(&X, &fresh);
        size_t ncombos = (size_t)1 << (n + (nexcl ? 1 : 0));
        int *first = xmalloc(ncombos * sizeof *first);
        for (size_t c = 0; c < ncombos; c++)
            first[c] = -1;
        for (size_t i = 0; i < X.nst && ok; i++) {
            if (first[X.st[i].acc] < 0)
                first[X.st[i].acc] = (int)i;
            for (size_t k = 0; k < X.natoms && ok; k++) {
                step(&X, (int)i, &X.atoms[k]);
                int j = intern(&X, &fresh);
                if (X.work > CDC_RXA_WORK_LIMIT) {
                    *why = cdc_arena_printf(
                        a, "comparing the patterns takes more than %lu automaton steps",
                        (unsigned long)CDC_RXA_WORK_LIMIT);
                    ok = false;
                } else if (fresh) {
                    X.st[j].parent = (int)i;
                    X.st[j].by = (int)k;
                    if (X.nst > state_limit) {
                        *why = cdc_arena_printf(
                            a, "comparing the patterns takes more than %u automaton states",
                            state_limit);
                        ok = false;
                    }
                }
            }
        }
        if (ok) {
            unsigned mask = (1u << n) - 1;
            out->v = cdc_arena_alloc(a, (ncombos ? ncombos : 1) * sizeof *out->v);
            for (size_t c = 0; c < ncombos; c++) {
                if (first[c] < 0 || (c & ~(size_t)mask)) /* only excluded strings */
                    continue;
                cdc_rxa_witness *w = &out->v[out->n++];
                w->accepted = (unsigned)c;
                w->text = witness_text(a, &X, first[c], &w->len);
            }
            out->states = X.nst;
        }
        free(first);
    }
    product_release(&X);
    free(starts);
    machine_release(&m);
    cdc_arena_free(scratch);
    return ok;
}

/* ---- candidates for patterns outside the regular subset ---- */

typedef struct gen {
    cdc_buf out;
    size_t *caps; /* start and end in out of each group's last text */
    unsigned ncaps;
    unsigned variant, seen; /* which choices; nodes chosen at so far */
    const machine *m;
} gen;

/* The most readable code point of a set (as rate() ranks them). */
static bool readable_of(const cpset *s, uint32_t *cp)
{
    for (size_t r = 0; r < ARRAY_SIZE(readable); r++)
        for (size_t i = 0; i < s->n; i++)
            if (s->v[i].lo <= readable[r].hi && s->v[i].hi >= readable[r].lo) {
                *cp = s->v[i].lo > readable[r].lo ? s->v[i].lo : readable[r].lo;
                return true;
            }
    if (!s->n)
        return false;
    *cp = s->v[0].lo;
    return true;
}

static void put_cp(cdc_buf *b, uint32_t c)
{
    char u[4];
    size_t n = 0;
    if (c < 0x80) {
        u[n++] = (char)c;
    } else if (c < 0x800) {
        u[n++] = (char)(0xC0 | c >> 6);
        u[n++] = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        u[n++] = (char)(0xE0 | c >> 12);
        u[n++] = (char)(0x80 | (c >> 6 & 0x3F));
        u[n++] = (char)(0x80 | (c & 0x3F));
    } else {
        u[n++] = (char)(0xF0 | c >> 18);
        u[n++] = (char)(0x80 | (c >> 12 & 0x3F));
        u[n++] = (char)(0x80 | (c >> 6 & 0x3F));
        u[n++] = (char)(0x80 | (c & 0x3F));
    }
    cdc_buf_add(b, u, n);
}

/* One string the tree describes, its choices (branches, repetitions) made
 * by the variant: a candidate for PCRE2 to confirm. */
static void generate(gen *G, const anode *n, unsigned depth)
{
    if (depth > 200 || G->out.len > 4096)
        return;
    unsigned pick = G->variant >> (G->seen++ % 16);
    switch (n->kind) {
    case A_SET: {
        uint32_t c;
        if (readable_of(&G->m->sets[n->set], &c))
            put_cp(&G->out, c);
        break;
    }
    case A_SEQ:
        for (size_t i = 0; i < n->nkids; i++)
            generate(G, n->kids[i], depth + 1);
        break;
    case A_ALT: generate(G, n->kids[pick % n->nkids], depth + 1); break;
    case A_REP: {
        unsigned times = n->min + (pick & 1);
        if (times > n->max)
            times = n->max;
        if (times > 8)
            times = 8;
        for (unsigned i = 0; i < times; i++)
            generate(G, n->kids[0], depth + 1);
        break;
    }
    case A_GROUP: {
        size_t from = G->out.len;
        generate(G, n->kids[0], depth + 1);
        if (n->min <= G->ncaps) {
            G->caps[2 * (n->min - 1)] = from;
            G->caps[2 * (n->min - 1) + 1] = G->out.len;
        }
        break;
    }
    case A_REF:
        if (n->min >= 1 && n->min <= G->ncaps) {
            size_t from = G->caps[2 * (n->min - 1)], to = G->caps[2 * (n->min - 1) + 1];
            char *copy = xmalloc(to - from + 1);
            memcpy(copy, G->out.data + from, to - from);
            cdc_buf_add(&G->out, copy, to - from);
            free(copy);
        }
        break;
    default: break; /* assertions match no character */
    }
}

static bool excluded(const char *s, size_t len, const char *const *excl, const size_t *lens,
                     size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lens[i] == len && memcmp(excl[i], s, len) == 0)
            return true;
    return false;
}

bool cdc_rxa_opaque_witnesses(cdc_arena *a, const char *p, size_t len, const char *const *excl,
                              const size_t *excl_lens, size_t nexcl, cdc_rxa_witness *yes,
                              cdc_rxa_witness *no)
{
    memset(yes, 0, sizeof *yes);
    memset(no, 0, sizeof *no);
    int err;
    size_t off;
    pcre2_code *re = cdc_regex_compile(p, len, &err, &off);
    if (!re)
        return false;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    cdc_arena *scratch = cdc_arena_new();
    machine m = {0};
    parser P = {.scratch = scratch,
                .out = a,
                .m = &m,
                .p = (const unsigned char *)p,
                .len = len,
                .lenient = true};
    anode *t = parse(&P);
    static const char *const others[] = {"", "x", "other", "0", "-", " ", "\n"};
    size_t ncand = t ? 64 : 0, total = ncand + ARRAY_SIZE(others);
    gen G = {.m = &m, .ncaps = P.ncaps};
    G.caps = xcalloc(2 * (size_t)P.ncaps + 2, sizeof *G.caps);
    cdc_buf_init(&G.out);
    for (size_t k = 0; k < total && !(yes->text && no->text); k++) {
        const char *c;
        size_t clen;
        if (k < ncand) {
            cdc_buf_reset(&G.out);
            memset(G.caps, 0, (2 * (size_t)P.ncaps + 2) * sizeof *G.caps);
            G.variant = (unsigned)k * 0x9E3779B1u;
            G.variant = k ? G.variant : 0;
            G.seen = 0;
            generate(&G, t, 0);
            c = G.out.data ? G.out.data : "";
            clen = G.out.len;
        } else {
            c = others[k - ncand];
            clen = strlen(c);
        }
        if (excluded(c, clen, excl, excl_lens, nexcl))
            continue;
        int rc = pcre2_match(re, (PCRE2_SPTR)c, clen, 0, 0, md, NULL);
        cdc_rxa_witness *w = rc >= 0 ? yes : rc == PCRE2_ERROR_NOMATCH ? no : NULL;
        if (w && !w->text) {
            w->accepted = rc >= 0;
            w->text = cdc_arena_strndup(a, c, clen);
            w->len = clen;
        }
    }
    cdc_buf_release(&G.out);
    free(G.caps);
    free(P.names);
    machine_release(&m);
    cdc_arena_free(scratch);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return yes->text && no->text;
}

cdc_rxa_relation cdc_rxa_compare(cdc_arena *a, const char *p, size_t plen, const char *q,
                                 size_t qlen, unsigned state_limit, const cdc_rxa_witness **only_p,
                                 const cdc_rxa_witness **only_q, const char **why)
{
    const char *pats[] = {p, q};
    size_t lens[] = {plen, qlen};
    cdc_rxa_result r;
    if (only_p)
        *only_p = NULL;
    if (only_q)
        *only_q = NULL;
    if (!cdc_rxa_combinations(a, pats, lens, 2, NULL, NULL, 0, state_limit, &r, why))
        return CDC_RXA_UNKNOWN;
    const cdc_rxa_witness *by[4] = {NULL, NULL, NULL, NULL};
    for (size_t i = 0; i < r.n; i++)
        by[r.v[i].accepted] = &r.v[i];
    if (only_p)
        *only_p = by[1];
    if (only_q)
        *only_q = by[2];
    if (!by[1] && !by[2])
        return CDC_RXA_EQUAL;
    if (!by[1])
        return CDC_RXA_SUBSET;
    if (!by[2])
        return CDC_RXA_SUPERSET;
    return by[3] ? CDC_RXA_OVERLAP : CDC_RXA_DISJOINT;
}

const char *cdc_rxa_unsupported(cdc_arena *a, const char *p, size_t len)
{
    cdc_arena *scratch = cdc_arena_new();
    machine m = {0};
    const char *why = NULL;
    parse_pattern(scratch, a, &m, p, len, &why);
    machine_release(&m);
    cdc_arena_free(scratch);
    return why;
}
