/* Unit tests for regex_automaton.c: inclusion and equivalence of patterns
 * decided by automata, held to PCRE2 (what cdcgen eval runs): every
 * witness is matched by exactly the patterns the automaton says, and no
 * subject drawn at random has a combination the automaton says none has. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/base/common.h"
#include "cdcgen/lang/regex.h"
#include "cdcgen/lang/regex_automaton.h"
#include "fixture.h"

#define arena fx_arena

/* What cdcgen eval answers: a PCRE2 search of the compiled pattern. */
static bool pcre_finds(const char *pattern, const char *s, size_t len)
{
    int err;
    size_t off;
    pcre2_code *re = cdc_regex_compile(pattern, strlen(pattern), &err, &off);
    if (!re)
        fail_msg("'%s' does not compile", pattern);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
        fail_msg("'%s': PCRE2 error %d", pattern, rc);
    return rc >= 0;
}

static unsigned vector_of(const char *const *pats, size_t n, const char *s, size_t len)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++)
        if (pcre_finds(pats[i], s, len))
            v |= 1u << i;
    return v;
}

/* Code points that decide many patterns: letters with PCRE2's extra case
 * partners, every line end, a digit, '_', a space, a non-ASCII letter. */
static const char *const pool[] = {
    "a",
    "b",
    "c",
    "A",
    "B",
    "s",
    "S",
    "k",
    "K",
    "\xc5\xbf",
    "\xe2\x84\xaa",
    "\n",
    "\r",
    "\v",
    "\f",
    "\xc2\x85",
    "\xe2\x80\xa8",
    "1",
    "_",
    " ",
    "\xc3\xa9",
    "-",
    ".",
    "x",
};

static unsigned long seed = 12345;

static unsigned rnd(unsigned n)
{
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((seed >> 33) % n);
}

/* The combinations the automaton finds for pats: each witness checked by
 * PCRE2, then `tries` random subjects: each one's combination must be
 * among them. */
static void hold_to_pcre2(const char *const *pats, size_t n, unsigned tries)
{
    size_t lens[CDC_RXA_MAX_PATTERNS];
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(pats[i]);
    cdc_rxa_result r;
    const char *why = NULL;
    if (!cdc_rxa_combinations(arena, pats, lens, n, NULL, NULL, 0, 0, &r, &why))
        fail_msg("'%s'...: undecided: %s", pats[0], why);
    bool seen[1 << 4] = {false};
    for (size_t i = 0; i < r.n; i++) {
        unsigned got = vector_of(pats, n, r.v[i].text, r.v[i].len);
        if (got != r.v[i].accepted)
            fail_msg("'%s' / '%s': witness \"%s\" claimed %u, PCRE2 says %u", pats[0],
                     n > 1 ? pats[1] : "", r.v[i].text, r.v[i].accepted, got);
        seen[r.v[i].accepted] = true;
    }
    char s[64];
    for (unsigned t = 0; t < tries; t++) {
        size_t len = 0, k = rnd(7);
        for (size_t j = 0; j < k; j++) {
            const char *c = pool[rnd(ARRAY_SIZE(pool))];
            memcpy(s + len, c, strlen(c));
            len += strlen(c);
        }
        s[len] = '\0';
        unsigned got = vector_of(pats, n, s, len);
        if (!seen[got])
            fail_msg("'%s' / '%s': \"%s\" has combination %u, which the automaton says no "
                     "subject has",
                     pats[0], n > 1 ? pats[1] : "", s, got);
    }
}

static cdc_rxa_relation rel(const char *p, const char *q)
{
    const char *why = NULL;
    const cdc_rxa_witness *op, *oq;
    cdc_rxa_relation r = cdc_rxa_compare(arena, p, strlen(p), q, strlen(q), 0, &op, &oq, &why);
    if (r == CDC_RXA_UNKNOWN)
        fail_msg("'%s' vs '%s': undecided: %s", p, q, why);
    if (op && (!pcre_finds(p, op->text, op->len) || pcre_finds(q, op->text, op->len)))
        fail_msg("'%s' vs '%s': \"%s\" is no subject of the first alone", p, q, op->text);
    if (oq && (pcre_finds(p, oq->text, oq->len) || !pcre_finds(q, oq->text, oq->len)))
        fail_msg("'%s' vs '%s': \"%s\" is no subject of the second alone", p, q, oq->text);
    return r;
}

#define REL(p, q, want)                                                                            \
    do {                                                                                           \
        cdc_rxa_relation got_ = rel(p, q);                                                         \
        if (got_ != (want))                                                                        \
            fail_msg("'%s' vs '%s': relation %d, expected %d", p, q, (int)got_, (int)(want));      \
    } while (0)

static void test_inclusion(void **state)
{
    (void)state;
    REL("abc", "b", CDC_RXA_SUBSET);
    REL("b", "abc", CDC_RXA_SUPERSET);
    REL("ab|cd", "cd|ab", CDC_RXA_EQUAL);
    REL("a+", "a", CDC_RXA_EQUAL); /* a search: a+ is found wherever a is */
    REL("^ab", "ab", CDC_RXA_SUBSET);
    REL("^a", "^b", CDC_RXA_DISJOINT);
    REL("a", "b", CDC_RXA_OVERLAP);
    REL("[0-9]", "\\d", CDC_RXA_EQUAL);
    REL("^[a-c]+$", "^[a-z]*$", CDC_RXA_SUBSET);
    REL("x", "x", CDC_RXA_EQUAL);
}

static void test_anchoring(void **state)
{
    (void)state;
    /* '$' also holds before one final line end, \z only at the end */
    REL("a$", "a\\z", CDC_RXA_SUPERSET);
    REL("a$", "a\\Z", CDC_RXA_EQUAL);
    REL("^a", "\\Aa", CDC_RXA_EQUAL);
    REL("^a$", "^a\\n?\\z", CDC_RXA_SUPERSET); /* also \r, \r\n, U+2028... after a */
    REL("a$b", "c", CDC_RXA_SUBSET);           /* a$b matches nothing */
    REL("^$", "^\\z", CDC_RXA_SUPERSET);
    REL("b", "^.*b", CDC_RXA_SUPERSET); /* '.' stops at line ends */
    REL("b", "(?s)^.*b", CDC_RXA_EQUAL);
    const char *eol[] = {"a$", "a\\r$", "^\\r?$", "a$\\n", "a$\\r\\n"};
    for (size_t i = 0; i < ARRAY_SIZE(eol); i++)
        hold_to_pcre2(&eol[i], 1, 400);
}

static void test_classes(void **state)
{
    (void)state;
    REL("[^a]", "[b-z]", CDC_RXA_SUPERSET);
    REL("(?i)[a-c]", "[a-cA-C]", CDC_RXA_EQUAL); /* PCRE2 folds nothing else here */
    REL("(?i)s", "[sS]", CDC_RXA_SUPERSET);      /* U+017F is an s under PCRE2's (?i) */
    REL("(?i)k", "[kK\\x{212A}]", CDC_RXA_EQUAL);
    REL("\\w", "[A-Za-z0-9_]", CDC_RXA_EQUAL);
    REL("\\s", "[ \\t\\n\\x0B\\f\\r]", CDC_RXA_EQUAL);
    const char *cls[] = {"(?i)[^s]",   "(?i)[\\W]",  ".",          "\\v",
                         "\\h",        "[^\\d\\s]",  "(?i)[k-m]x", "\\S\\D",
                         "[\\Q\\E^a]", "[\\Q^\\Ea]", "[^\\Q\\E^a]"};
    for (size_t i = 0; i < ARRAY_SIZE(cls); i++)
        hold_to_pcre2(&cls[i], 1, 400);
}

/* \b and \B: a word character (ASCII \w) on one side only, the subject's
 * ends counting as none. */
static void test_word_boundaries(void **state)
{
    (void)state;
    REL("\\bLoan\\b", "Loan", CDC_RXA_SUBSET);
    REL("\\bLoan\\b", "(^|\\W)Loan(\\W|$)", CDC_RXA_EQUAL); /* \W covers a final \n */
    REL("\\bLoan\\b", "(^|\\W)Loan(\\W|\\z)", CDC_RXA_EQUAL);
    REL("a\\Bb", "ab", CDC_RXA_EQUAL);
    REL("a\\bb", "x", CDC_RXA_SUBSET); /* matches nothing */
    const char *wb[] = {"\\b", "\\B", "\\ba", "a\\b", "\\Bk\\B", "(?i)\\bs", "^\\b$", "\\b\\.\\B"};
    for (size_t i = 0; i < ARRAY_SIZE(wb); i++)
        hold_to_pcre2(&wb[i], 1, 500);
}

static void test_alternation_and_repetition(void **state)
{
    (void)state;
    REL("^(a|b)*$", "^[ab]*$", CDC_RXA_EQUAL);
    REL("^a{2,3}$", "^aa(a)?$", CDC_RXA_EQUAL);
    REL("^a{2,3}$", "^a{2,}$", CDC_RXA_SUBSET);
    REL("^a{3}$", "^a{2}$", CDC_RXA_DISJOINT);
    REL("^(ab){0,2}$", "^(ab)*$", CDC_RXA_SUBSET);
    REL("^a*?b", "^a*b", CDC_RXA_EQUAL); /* laziness does not change what is found */
    const char *pairs[][2] = {
        {"^(a|ab)(c|bcd)$", "abc"}, {"a{2}|b", "^[ab]{1,2}"}, {"(?i)^k+$", "K"},
        {"^\\Qa.b\\E", "a.b"},      {"(?x) a b # c", "ab"},   {"x*", "^$"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(pairs); i++)
        hold_to_pcre2(pairs[i], 2, 600);
}

static void test_outside_the_subset(void **state)
{
    (void)state;
    const struct {
        const char *p, *why;
    } cases[] = {
        {"(a)\\1", "back reference"},
        {"a(?=b)", "lookaround"},
        {"(?<!a)b", "lookaround"},
        {"(?>a)b", "atomic group"},
        {"a++b", "possessive"},
        {"a\\Gb", "assertion"},
        {"(?m)^a", "(?m)"},
        {"\\p{L}", "Unicode property"},
        {"[\\p{Lu}x]", "Unicode property"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        const char *why = cdc_rxa_unsupported(arena, cases[i].p, strlen(cases[i].p));
        if (!why || !strstr(why, cases[i].why))
            fail_msg("'%s': %s, expected '%s'", cases[i].p, why ? why : "supported", cases[i].why);
        const cdc_rxa_witness *op, *oq;
        const char *w2 = NULL;
        assert_int_equal(
            cdc_rxa_compare(arena, cases[i].p, strlen(cases[i].p), "a", 1, 0, &op, &oq, &w2),
            CDC_RXA_UNKNOWN);
        assert_non_null(w2);
    }
    assert_null(cdc_rxa_unsupported(arena, "^(?:a|b)+[c-e]{2,5}$", 20));
}

/* Outside the regular subset, a pattern alone is one opaque condition: a
 * string it matches and one it does not, confirmed by PCRE2. */
static void test_opaque_witnesses(void **state)
{
    (void)state;
    const char *pats[] = {"^(Loan|Car)\\1$", "(?<word>ab)\\k<word>",
                          "Loan(?=Created)", "(?<!x)y",
                          "(?m)^a$",         "a++b",
                          "(?>ab|a)c",       "\\p{Lu}"};
    const char *excl[] = {"", "x"};
    size_t elens[] = {0, 1};
    for (size_t i = 0; i < ARRAY_SIZE(pats); i++) {
        cdc_rxa_witness yes, no;
        if (!cdc_rxa_opaque_witnesses(arena, pats[i], strlen(pats[i]), excl, elens, 2, &yes, &no))
            fail_msg("'%s': no witnesses (%s, %s)", pats[i], yes.text ? yes.text : "-",
                     no.text ? no.text : "-");
        if (!pcre_finds(pats[i], yes.text, yes.len) || pcre_finds(pats[i], no.text, no.len))
            fail_msg("'%s': \"%s\" and \"%s\" are no witnesses", pats[i], yes.text, no.text);
        assert_true(yes.len > 1 || (yes.len == 1 && yes.text[0] != 'x'));
        assert_true(no.len > 1 || (no.len == 1 && no.text[0] != 'x'));
    }
    cdc_rxa_witness yes, no;
    /* every string matches (?=): no string it does not match */
    assert_false(cdc_rxa_opaque_witnesses(arena, "(?=)", 4, NULL, NULL, 0, &yes, &no));
    assert_non_null(yes.text);
    assert_null(no.text);
}

static void test_state_bound(void **state)
{
    (void)state;
    /* (a|b)*a(a|b){12}: its DFA needs 2^13 states; a bound of 500 stops it */
    const char *p = "^(a|b)*a(a|b){12}$";
    const char *why = NULL;
    cdc_rxa_relation r = cdc_rxa_compare(arena, p, strlen(p), "b", 1, 500, NULL, NULL, &why);
    assert_int_equal(r, CDC_RXA_UNKNOWN);
    assert_non_null(why);
    assert_non_null(strstr(why, "more than 500 automaton states"));
    /* a repetition count that would need too many NFA nodes */
    const char *big = "^(abcdefghij){3000}$";
    r = cdc_rxa_compare(arena, big, strlen(big), "a", 1, 0, NULL, NULL, &why);
    assert_int_equal(r, CDC_RXA_UNKNOWN);
    assert_non_null(strstr(why, "nodes"));
    /* within the default bound, the same shape with 4 is decided */
    const char *small = "^(a|b)*a(a|b){4}$";
    assert_int_equal(rel(small, "a"), CDC_RXA_SUBSET);
}

/* Excluded strings are no witnesses; a combination only they have is
 * left out. */
static void test_excluded_strings(void **state)
{
    (void)state;
    const char *pats[] = {"^ab?\\z"};
    size_t lens[] = {6};
    const char *excl[] = {"a", "ab"};
    size_t elens[] = {1, 2};
    cdc_rxa_result r;
    const char *why = NULL;
    assert_true(cdc_rxa_combinations(arena, pats, lens, 1, excl, elens, 2, 0, &r, &why));
    assert_int_equal(r.n, 1); /* only "not matched": every match is excluded */
    assert_int_equal(r.v[0].accepted, 0);
    assert_true(cdc_rxa_combinations(arena, pats, lens, 1, excl, elens, 1, 0, &r, &why));
    assert_int_equal(r.n, 2);
    for (size_t i = 0; i < r.n; i++)
        if (r.v[i].accepted)
            assert_string_equal(r.v[i].text, "ab");
}

/* Bounds: bit npats + j says the subject is below bound j in code-point
 * order, as lessThan compares; each witness held to strcmp-like order on
 * code points (UTF-8 byte order is code-point order). */
static bool below(const char *s, size_t n, const char *b)
{
    size_t m = strlen(b), k = n < m ? n : m;
    int c = memcmp(s, b, k);
    return c < 0 || (c == 0 && n < m);
}

static void test_order_bounds(void **state)
{
    (void)state;
    const char *pats[] = {"^Loan", "Created$"};
    size_t lens[] = {5, 8};
    const char *bounds[] = {"LoanB", "M", "", "a\xc3\xa9"};
    size_t blens[] = {5, 1, 0, 3};
    const char *excl[] = {"LoanB"};
    size_t elens[] = {5};
    cdc_rxa_result r;
    const char *why = NULL;
    if (!cdc_rxa_combinations_below(arena, pats, lens, 2, bounds, blens, 4, excl, elens, 1, 0, &r,
                                    &why))
        fail_msg("undecided: %s", why);
    bool seen[1 << 6] = {false};
    for (size_t i = 0; i < r.n; i++) {
        const cdc_rxa_witness *w = &r.v[i];
        unsigned got = vector_of(pats, 2, w->text, w->len);
        for (size_t j = 0; j < 4; j++)
            if (below(w->text, w->len, bounds[j]))
                got |= 1u << (2 + j);
        if (got != w->accepted)
            fail_msg("witness \"%s\": claimed %u, is %u", w->text, w->accepted, got);
        assert_false(w->len == 5 && memcmp(w->text, "LoanB", 5) == 0);
        seen[got] = true;
    }
    /* below "LoanB" and matching ^Loan: "Loan" itself, "LoanA..." */
    assert_true(seen[1 | 1 << 2 | 1 << 3 | 1 << 5]);
    /* ^Loan and Created$ and not below "LoanB": "LoanCreated" */
    assert_true(seen[1 | 2 | 1 << 3 | 1 << 5]);
    /* nothing is below "" */
    for (size_t i = 0; i < r.n; i++)
        assert_false(r.v[i].accepted & (1u << 4));
    /* too many patterns and bounds at once */
    const char *many[CDC_RXA_MAX_PATTERNS + 1];
    size_t mlens[CDC_RXA_MAX_PATTERNS + 1];
    for (size_t i = 0; i <= CDC_RXA_MAX_PATTERNS; i++)
        many[i] = "a", mlens[i] = 1;
    assert_false(cdc_rxa_combinations_below(arena, many, mlens, 1, many, mlens,
                                            CDC_RXA_MAX_PATTERNS, NULL, NULL, 0, 0, &r, &why));
    assert_non_null(strstr(why, "more than"));
}

/* Witnesses are shortest, and readable where a readable one exists. */
static void test_witnesses_readable(void **state)
{
    (void)state;
    const cdc_rxa_witness *op, *oq;
    const char *why;
    cdc_rxa_compare(arena, "[^\\x00-\\x1F]x", 13, "^$", 2, 0, &op, &oq, &why);
    assert_non_null(op);
    assert_string_equal(op->text, "ax");
    assert_non_null(oq);
    assert_string_equal(oq->text, "");
}

static void test_random_patterns_held_to_pcre2(void **state)
{
    (void)state;
    static const char *const parts[] = {
        "a",      "b", "[ab]", "[^a]", ".",   "s",     "(?i)k",      "\\d", "x*",  "a+",  "b?",
        "(a|bc)", "^", "$",    "\\r",  "\\n", "(?s).", "[a-c]{1,2}", "\\z", "\\s", "\\b", "\\B"};
    char pats[2][64];
    int held = 0;
    for (int round = 0; round < 200; round++) {
        for (int k = 0; k < 2; k++) {
            pats[k][0] = '\0';
            int n = 1 + (int)rnd(4);
            for (int j = 0; j < n; j++)
                strcat(pats[k], parts[rnd(ARRAY_SIZE(parts))]);
        }
        const char *ps[] = {pats[0], pats[1]};
        const char *msg;
        size_t at;
        if (!cdc_regex_check(arena, ps[0], strlen(ps[0]), &msg, &at) ||
            !cdc_regex_check(arena, ps[1], strlen(ps[1]), &msg, &at))
            continue;
        hold_to_pcre2(ps, 2, 150);
        held++;
    }
    if (held < 100)
        fail_msg("only %d of 200 random pattern pairs passed the dialect check", held);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inclusion),
        cmocka_unit_test(test_anchoring),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_word_boundaries),
        cmocka_unit_test(test_alternation_and_repetition),
        cmocka_unit_test(test_outside_the_subset),
        cmocka_unit_test(test_opaque_witnesses),
        cmocka_unit_test(test_state_bound),
        cmocka_unit_test(test_excluded_strings),
        cmocka_unit_test(test_order_bounds),
        cmocka_unit_test(test_witnesses_readable),
        cmocka_unit_test(test_random_patterns_held_to_pcre2),
    };
    return cmocka_run_group_tests(tests, fx_arena_setup, fx_arena_teardown);
}
