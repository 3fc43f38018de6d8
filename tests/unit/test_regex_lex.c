/* Unit tests for regex_lex.c: the tokens of every construct of the regex
 * dialect (offsets, lengths, values, flags), PCRE2-only forms, and hostile
 * input: what is malformed is reported where it starts, and nothing makes
 * the lexer read out of bounds, stall or recurse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/base/common.h"
#include "cdcgen/lang/regex_lex.h"

static char out[4096];
static size_t out_len;

static void put(const char *fmt, ...) CDC_PRINTF(1, 2);

static void put(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int n = vsnprintf(out + out_len, sizeof out - out_len, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof out - out_len);
    out_len += (size_t)n;
}

static void put_cp(uint32_t cp)
{
    if (cp > 0x20 && cp < 0x7F && cp != '\'')
        put("'%c'", (char)cp);
    else
        put("U+%04X", (unsigned)cp);
}

static void put_name(const char *p, const cdc_rx_token *t)
{
    put("%.*s", (int)t->name_len, p + t->name_at);
}

static void put_count(unsigned n)
{
    if (n == CDC_RX_UNBOUNDED)
        put("inf");
    else
        put("%u", n);
}

static void put_flags(unsigned flags)
{
    put("%s%s%s%s", flags & CDC_RX_FLAG_I ? "i" : "", flags & CDC_RX_FLAG_M ? "m" : "",
        flags & CDC_RX_FLAG_S ? "s" : "", flags & CDC_RX_FLAG_X ? "x" : "");
}

static void put_group(const char *p, const cdc_rx_token *t)
{
    static const char *const kinds[] = {
        [CDC_RX_CAPTURE] = "(",         [CDC_RX_NON_CAPTURE] = "(?:",
        [CDC_RX_FLAG_GROUP] = "(flags", [CDC_RX_NAMED] = "(name=",
        [CDC_RX_LOOKAHEAD] = "(?=",     [CDC_RX_NEG_LOOKAHEAD] = "(?!",
        [CDC_RX_LOOKBEHIND] = "(?<=",   [CDC_RX_NEG_LOOKBEHIND] = "(?<!",
        [CDC_RX_ATOMIC] = "(?>",        [CDC_RX_NON_ATOMIC] = "(non-atomic",
        [CDC_RX_BRANCH_RESET] = "(?|",  [CDC_RX_CONDITIONAL] = "(cond",
        [CDC_RX_ALPHA] = "(alpha",
    };
    put("%s", kinds[t->group]);
    if (t->group == CDC_RX_NAMED)
        put_name(p, t);
    if (t->group == CDC_RX_FLAG_GROUP) {
        put("+");
        put_flags(t->flags_on);
        put("-");
        put_flags(t->flags_off);
    }
}

/* One token as text: what it is, then @offset and +length when not 1. */
static void put_token(const char *p, const cdc_rx_token *t)
{
    switch (t->kind) {
    case CDC_RX_END: put("end"); break;
    case CDC_RX_LITERAL:
        put_cp(t->cp);
        if (t->quoted)
            put("/q");
        if (t->esc)
            put("/\\%c", t->esc < 0x80 ? t->esc : '?');
        break;
    case CDC_RX_ANY: put(t->esc ? "any\\%c" : "any", t->esc); break;
    case CDC_RX_CLASS_ESCAPE: put("\\%c", t->esc); break;
    case CDC_RX_PROPERTY:
        put(t->negated ? "!prop(" : "prop(");
        put_name(p, t);
        put(")");
        break;
    case CDC_RX_ANCHOR:
        if (t->esc)
            put("\\%c", t->esc);
        else
            put("%c", p[t->at]);
        break;
    case CDC_RX_BACKREF:
    case CDC_RX_CALL:
        put(t->kind == CDC_RX_BACKREF ? "ref(" : "call(");
        put_name(p, t);
        put(")");
        break;
    case CDC_RX_QUOTE: put("\\Q"); break;
    case CDC_RX_QUOTE_END: put("\\E"); break;
    case CDC_RX_STRAY_E: put("stray\\E"); break;
    case CDC_RX_CLASS_OPEN: put(t->negated ? "[^" : "["); break;
    case CDC_RX_CLASS_CLOSE: put("]"); break;
    case CDC_RX_RANGE:
        put_cp(t->lo);
        put("-");
        put_cp(t->hi);
        break;
    case CDC_RX_INTERSECTION: put("&&"); break;
    case CDC_RX_GROUP_OPEN: put_group(p, t); break;
    case CDC_RX_GROUP_CLOSE: put(")"); break;
    case CDC_RX_ALTERNATION: put("|"); break;
    case CDC_RX_QUANTIFIER:
        put("{%u,", t->min);
        put_count(t->max);
        put("}%s", t->greed == CDC_RX_LAZY ? "?" : t->greed == CDC_RX_POSSESSIVE ? "+" : "");
        break;
    case CDC_RX_FLAGS:
        put("flags+");
        put_flags(t->flags_on);
        put("-");
        put_flags(t->flags_off);
        break;
    case CDC_RX_COMMENT: put("#"); break;
    case CDC_RX_COMMENT_GROUP: put("(?#)"); break;
    case CDC_RX_CALLOUT: put("(?C)"); break;
    case CDC_RX_VERB: put("(*)"); break;
    }
    put("@%zu", t->at);
    if (t->len != 1)
        put("+%zu", t->len);
}

/* Every token of pattern[0..len), space-separated; then "! message@offset"
 * if the lexer stopped at a malformed construct. */
static const char *lex_n(const char *pattern, size_t len)
{
    cdc_rx_lexer lx;
    cdc_rx_token t;

    out_len = 0;
    out[0] = '\0';
    cdc_rx_lexer_init(&lx, pattern, len);
    for (size_t n = 0; cdc_rx_next(&lx, &t); n++) {
        assert_true(n <= 4 * len + 4); /* no stall */
        if (n)
            put(" ");
        put_token(pattern, &t);
    }
    assert_int_equal(t.kind, CDC_RX_END);
    assert_int_equal(t.len, 0);
    if (lx.error) {
        assert_int_equal(t.at, lx.error_at);
        put("%s! %s@%zu", out_len ? " " : "", lx.error, lx.error_at);
    } else {
        assert_int_equal(t.at, len);
    }
    return out;
}

static const char *lex(const char *pattern)
{
    return lex_n(pattern, strlen(pattern));
}

/* The flags in force at the token that starts at byte `at`. */
static unsigned flags_at(const char *pattern, size_t at)
{
    cdc_rx_lexer lx;
    cdc_rx_token t;

    cdc_rx_lexer_init(&lx, pattern, strlen(pattern));
    while (cdc_rx_next(&lx, &t))
        if (t.at == at)
            return t.flags;
    fail_msg("no token at %zu in '%s'", at, pattern);
    return 0;
}

#define LEX(pattern, want) assert_string_equal(lex(pattern), (want))

static void test_literals(void **state)
{
    (void)state;
    LEX("ab", "'a'@0 'b'@1");
    LEX("caf\xc3\xa9", "'c'@0 'a'@1 'f'@2 U+00E9@3+2");
    LEX("\xf0\x9f\x98\x80", "U+1F600@0+4");
    LEX("}]", "'}'@0 ']'@1"); /* literal outside a class */
    assert_string_equal(lex_n("a\0b", 3), "'a'@0 U+0000@1 'b'@2");
}

static void test_escapes(void **state)
{
    (void)state;
    LEX("\\t\\n\\r\\f\\a\\e", "U+0009/\\t@0+2 U+000A/\\n@2+2 U+000D/\\r@4+2 U+000C/\\f@6+2 "
                              "U+0007/\\a@8+2 U+001B/\\e@10+2");
    LEX("\\x41\\x4\\x\\x{263A}", "'A'/\\x@0+4 U+0004/\\x@4+3 U+0000/\\x@7+2 U+263A/\\x@9+8");
    LEX("\\0\\07\\012\\0123", "U+0000/\\0@0+2 U+0007/\\0@2+3 U+000A/\\0@5+4 U+000A/\\0@9+4 '3'@13");
    LEX("\\o{101}\\N{U+e9}", "'A'/\\o@0+7 U+00E9/\\N@7+8");
    LEX("\\cA\\ca\\c?\\c\\", "U+0001/\\c@0+3 U+0001/\\c@3+3 U+007F/\\c@6+3 U+001C/\\c@9+3");
    LEX("\\.\\\\\\ \\\xc3\xa9", "'.'/\\.@0+2 '\\'/\\\\@2+2 U+0020/\\ @4+2 U+00E9/\\?@6+3");
    LEX("\\d\\D\\w\\W\\s\\S\\h\\H\\v\\V\\R\\X",
        "\\d@0+2 \\D@2+2 \\w@4+2 \\W@6+2 \\s@8+2 \\S@10+2 \\h@12+2 \\H@14+2 \\v@16+2 "
        "\\V@18+2 \\R@20+2 \\X@22+2");
    LEX("^\\b\\B\\A\\z\\Z\\G\\K$",
        "^@0 \\b@1+2 \\B@3+2 \\A@5+2 \\z@7+2 \\Z@9+2 \\G@11+2 \\K@13+2 $@15");
    LEX(".\\C\\N\\N{2}", "any@0 any\\C@1+2 any\\N@3+2 any\\N@5+2 {2,2}@7+3");
    LEX("\\p{Lu}\\P{L}\\pN\\p{^Ll}", "prop(Lu)@0+6 !prop(L)@6+5 prop(N)@11+3 !prop(^Ll)@14+7");
}

static void test_references(void **state)
{
    (void)state;
    LEX("(a)\\1\\12", "(@0 'a'@1 )@2 ref(1)@3+2 ref(12)@5+3");
    LEX("\\k<n>\\k'n'\\k{n}", "ref(n)@0+5 ref(n)@5+5 ref(n)@10+5");
    LEX("\\g1\\g-1\\g{-2}\\g{name}", "ref(1)@0+3 ref(-1)@3+4 ref(-2)@7+6 ref(name)@13+8");
    LEX("\\g<n>\\g'1'", "call(n)@0+5 call(1)@5+5");
    LEX("(?R)(?1)(?-1)(?+2)(?&n)(?P>n)(?P=n)",
        "call(R)@0+4 call(1)@4+4 call(-1)@8+5 call(+2)@13+5 call(n)@18+5 call(n)@23+6 "
        "ref(n)@29+6");
}

static void test_quotes(void **state)
{
    (void)state;
    LEX("\\Qa.*\\E+", "\\Q@0+2 'a'/q@2 '.'/q@3 '*'/q@4 \\E@5+2 {1,inf}@7");
    LEX("\\Q\\\\E", "\\Q@0+2 '\\'/q@2 \\E@3+2"); /* the first \E ends it */
    LEX("\\Qab", "\\Q@0+2 'a'/q@2 'b'/q@3");     /* no \E: to the end, in both engines */
    LEX("\\Q\\", "\\Q@0+2 '\\'/q@2");            /* found by fuzz_regex: read past the end */
    LEX("a\\Eb", "'a'@0 stray\\E@1+2 'b'@3");
    LEX("(?x)\\Q a#\\E", "flags+x-@0+4 \\Q@4+2 U+0020/q@6 'a'/q@7 '#'/q@8 \\E@9+2");
}

static void test_classes(void **state)
{
    (void)state;
    LEX("[a-z0-9_]", "[@0 'a'@1 'z'@3 'a'-'z'@1+3 '0'@4 '9'@6 '0'-'9'@4+3 '_'@7 ]@8");
    LEX("[^]a-]", "[^@0+2 ']'@2 'a'@3 '-'@4 ]@5"); /* first ']' and last '-' are literals */
    LEX("[-a]", "[@0 '-'@1 'a'@2 ]@3");
    LEX("[a-c-e]", "[@0 'a'@1 'c'@3 'a'-'c'@1+3 '-'@4 'e'@5 ]@6");
    LEX("[\\x00-\\x1F\\t-\\r]", "[@0 U+0000/\\x@1+4 U+001F/\\x@6+4 U+0000-U+001F@1+9 "
                                "U+0009/\\t@10+2 U+000D/\\r@13+2 U+0009-U+000D@10+5 ]@15");
    LEX("[\\d-z]", "[@0 \\d@1+2 '-'@3 'z'@4 ]@5");
    LEX("[a-\\d]", "[@0 'a'@1 '-'@2 \\d@3+2 ]@5"); /* no range: the '-' comes first */
    LEX("[\\b\\1\\18\\g]",
        "[@0 U+0008/\\b@1+2 U+0001/\\1@3+2 U+0001/\\1@5+2 '8'@7 'g'/\\g@8+2 ]@10");
    LEX("[\\p{L}\\w]", "[@0 prop(L)@1+5 \\w@6+2 ]@8");
    LEX("[a\xc3\xa9-\xc3\xba]", "[@0 'a'@1 U+00E9@2+2 U+00FA@5+2 U+00E9-U+00FA@2+5 ]@7");
}

static void test_quotes_in_classes(void **state)
{
    (void)state;
    LEX("[\\Qa-z\\E]", "[@0 \\Q@1+2 'a'/q@3 '-'/q@4 'z'/q@5 \\E@6+2 ]@8");
    LEX("[\\Qa\\E-z]", "[@0 \\Q@1+2 'a'/q@3 \\E@4+2 'z'@7 'a'-'z'@1+7 ]@8");
    LEX("[a-\\Qz\\E]", "[@0 'a'@1 \\Q@3+2 'z'/q@5 'a'-'z'@1+5 \\E@6+2 ]@8");
    LEX("[\\Q\\E]a]", "[@0 \\Q@1+2 \\E@3+2 ']'@5 'a'@6 ]@7"); /* still the first ']' */
    LEX("[a-\\Q\\E]", "[@0 'a'@1 \\Q@3+2 \\E@5+2 '-'@2 ]@7");
    /* found by fuzz_regex: an empty quote or a stray \E before '^' leaves it negating */
    LEX("[\\Q\\E^a]", "[^@0 \\Q@1+2 \\E@3+2 'a'@6 ]@7");
    LEX("[\\E^]a]", "[^@0 stray\\E@1+2 ']'@4 'a'@5 ]@6");
    LEX("[^\\E^a]", "[^@0+2 stray\\E@2+2 '^'@4 'a'@5 ]@6");     /* a second '^' is a literal */
    LEX("[\\Q^\\Ea]", "[@0 \\Q@1+2 '^'/q@3 \\E@4+2 'a'@6 ]@7"); /* a quoted one too */
}

/* Java reads '[' in a class as a nested class and "&&" as an intersection. */
static void test_java_class_structure(void **state)
{
    (void)state;
    LEX("[a[b]]", "[@0 'a'@1 [@2 'b'@3 ]@4 ]@5");
    LEX("[a-z&&[^aeiou]]", "[@0 'a'@1 'z'@3 'a'-'z'@1+3 &&@4+2 [^@6+2 'a'@8 'e'@9 'i'@10 "
                           "'o'@11 'u'@12 ]@13 ]@14");
    LEX("[[:alpha:]]", "[@0 [@1 ':'@2 'a'@3 'l'@4 'p'@5 'h'@6 'a'@7 ':'@8 ]@9 ]@10");
    LEX("[a&b]", "[@0 'a'@1 '&'@2 'b'@3 ]@4");

    cdc_rx_lexer lx;
    cdc_rx_token t;
    size_t depths[16], n = 0;
    cdc_rx_lexer_init(&lx, "[a[b]c]", 7);
    while (cdc_rx_next(&lx, &t) && n < 16)
        depths[n++] = t.class_depth;
    assert_int_equal(n, 7);
    static const size_t want[] = {0, 1, 1, 2, 1, 1, 0};
    assert_memory_equal(depths, want, sizeof want);
}

static void test_groups(void **state)
{
    (void)state;
    LEX("(a)(?:b)(?<n1>c)", "(@0 'a'@1 )@2 (?:@3+3 'b'@6 )@7 (name=n1@8+6 'c'@14 )@15");
    LEX("(?=a)(?!b)(?<=c)(?<!d)(?>e)",
        "(?=@0+3 'a'@3 )@4 (?!@5+3 'b'@8 )@9 (?<=@10+4 'c'@14 )@15 (?<!@16+4 'd'@20 )@21 "
        "(?>@22+3 'e'@25 )@26");
    LEX("(?P<n>a)(?'m'b)", "(name=n@0+6 'a'@6 )@7 (name=m@8+5 'b'@13 )@14");
    LEX("(?|a)(?*b)(?<*c)",
        "(?|@0+3 'a'@3 )@4 (non-atomic@5+3 'b'@8 )@9 (non-atomic@10+4 'c'@14 )@15");
    LEX("(?(1)a|b)", "(cond@0+5 'a'@5 |@6 'b'@7 )@8");
    LEX("(?(?=x)a)", "(cond@0+2 (?=@2+3 'x'@5 )@6 'a'@7 )@8");
    LEX("(*pla:a)(*SKIP)(*MARK:x)", "(alpha@0+6 'a'@6 )@7 (*)@8+7 (*)@15+9");
    LEX("a(?#no(te)b", "'a'@0 (?#)@1+9 'b'@10");
    LEX("(?C)(?C12)(?C\"a)\"\"b\")", "(?C)@0+4 (?C)@4+6 (?C)@10+11");
    LEX("a|b", "'a'@0 |@1 'b'@2");
}

static void test_inline_flags(void **state)
{
    (void)state;
    LEX("(?i)(?-i)(?im-sx)(?i-i)", "flags+i-@0+4 flags+-i@4+5 flags+im-sx@9+8 flags+i-i@17+6");
    LEX("(?x:a)(?^i)", "(flags+x-@0+4 'a'@4 )@5 flags+i-imsx@6+5");
    LEX("(?)(?-)(?U)", "flags+-@0+3 flags+-@3+4 flags+-@7+4"); /* PCRE2's U: no flag of ours */

    /* The flags in force at each token: set by (?i), restored at ')'. */
    const char *p = "a(?i)b(c(?-i)d)e(?s:f)g";
    assert_int_equal(flags_at(p, 0), 0);
    assert_int_equal(flags_at(p, 5), CDC_RX_FLAG_I);
    assert_int_equal(flags_at(p, 13), 0);
    assert_int_equal(flags_at(p, 15), CDC_RX_FLAG_I);
    assert_int_equal(flags_at(p, 20), CDC_RX_FLAG_I | CDC_RX_FLAG_S);
    assert_int_equal(flags_at(p, 22), CDC_RX_FLAG_I);
}

static void test_quantifiers(void **state)
{
    (void)state;
    LEX("a*b+c?", "'a'@0 {0,inf}@1 'b'@2 {1,inf}@3 'c'@4 {0,1}@5");
    LEX("a*?b+?c??", "'a'@0 {0,inf}?@1+2 'b'@3 {1,inf}?@4+2 'c'@6 {0,1}?@7+2");
    LEX("a*+b++c?+", "'a'@0 {0,inf}+@1+2 'b'@3 {1,inf}+@4+2 'c'@6 {0,1}+@7+2");
    LEX("a{2}b{2,}c{2,5}+d{0,1}?", "'a'@0 {2,2}@1+3 'b'@4 {2,inf}@5+4 'c'@9 {2,5}+@10+6 'd'@16 "
                                   "{0,1}?@17+6");
    /* Not a repetition: a literal '{' (PCRE2's reading; Java's is an error). */
    LEX("a{,3}", "'a'@0 '{'@1 ','@2 '3'@3 '}'@4");
    LEX("a{x}{", "'a'@0 '{'@1 'x'@2 '}'@3 '{'@4");
    LEX("a{1, 2}", "'a'@0 '{'@1 '1'@2 ','@3 U+0020@4 '2'@5 '}'@6");
    /* PCRE2 finds a quantifier's '?' or '+' past an empty quote and past
     * what (?x) skips; it is read with the quantifier. */
    LEX("a*\\Q\\E+b", "'a'@0 {0,inf}+@1 \\Q@2+2 \\E@4+2 'b'@7");
    LEX("(?x)a* # c\n+b", "flags+x-@0+4 'a'@4 {0,inf}+@5 #@7+4 'b'@12");
    LEX("(?x)a + ?", "flags+x-@0+4 'a'@4 {1,inf}?@6");
    LEX("a*\\Qb\\E+", "'a'@0 {0,inf}@1 \\Q@2+2 'b'/q@4 \\E@5+2 {1,inf}@7");
}

static void test_extended_mode(void **state)
{
    (void)state;
    LEX("(?x) a b # note\n c", "flags+x-@0+4 'a'@5 'b'@7 #@9+7 'c'@17");
    LEX("(?x)[ #]", "flags+x-@0+4 [@4 U+0020@5 '#'@6 ]@7"); /* classes as PCRE2 reads them */
    LEX("(?x)\\ \\#", "flags+x-@0+4 U+0020/\\ @4+2 '#'/\\#@6+2");
    LEX("(?x:a b)c d", "(flags+x-@0+4 'a'@4 'b'@6 )@7 'c'@8 U+0020@9 'd'@10");
    LEX("(?x)a#", "flags+x-@0+4 'a'@4 #@5");
    LEX("a#b", "'a'@0 '#'@1 'b'@2");
}

static void test_malformed(void **state)
{
    (void)state;
    LEX("[abc", "[@0 'a'@1 'b'@2 'c'@3 ! character class without ']'@0");
    LEX("x[]", "'x'@0 [@1 ']'@2 ! character class without ']'@1");
    LEX("[a[b]", "[@0 'a'@1 [@2 'b'@3 ]@4 ! character class without ']'@0");
    LEX("ab\\", "'a'@0 'b'@1 ! '\\' at the end of the pattern@2");
    LEX("[a\\", "[@0 'a'@1 ! '\\' at the end of the pattern@2");
    LEX("(a(b)", "(@0 'a'@1 (@2 'b'@3 )@4 ! group without ')'@0");
    LEX("a)", "'a'@0 ! unmatched ')'@1");
    LEX("(?", "! '(?' at the end of the pattern@0");
    LEX("(?<abc", "! group name must be letters, digits or '_' and end the name@0");
    LEX("(?<a-b>x)", "! group name must be letters, digits or '_' and end the name@0");
    LEX("(?i", "! inline flags must end with ')' or ':'@0");
    LEX("(?i=)", "! inline flags must be letters, '-' or '^'@3");
    LEX("(?P!x)", "! '(?P' must be followed by '<', '>' or '='@0");
    LEX("(?&)", "! group reference must be a name or number and end with ')'@0");
    LEX("a(?#x", "'a'@0 ! '(?#' comment must end with ')'@1");
    LEX("(*FAIL", "! '(*' must end with ')'@0");
    LEX("(?C\"x)", "! callout must end with ')'@0");
    LEX("(?(1", "! condition must end with ')'@0");
    LEX("\\x{41", "! a code point in braces must be digits that end with '}'@0");
    LEX("\\x{}", "! a code point in braces must be digits that end with '}'@0");
    LEX("\\x{110000}", "! a code point in braces must be a Unicode scalar value@0");
    LEX("a\\o{154000}", "'a'@0 ! a code point in braces must be a Unicode scalar value@1");
    LEX("\\o101", "! '\\o' must be followed by octal digits in braces@0");
    LEX("\\N{U+}", "! a code point in braces must be digits that end with '}'@0");
    LEX("\\o{8}", "! a code point in braces must be digits that end with '}'@0");
    LEX("\\c", "! '\\c' must be followed by a printable ASCII character@0");
    LEX("\\c\xc3\xa9", "! '\\c' must be followed by a printable ASCII character@0");
    LEX("\\p", "! '\\p' must be followed by a property name@0");
    LEX("\\p{L", "! '\\p{' must end with '}'@0");
    LEX("\\k", "! '\\k' must be followed by a name in <>, '' or {}@0");
    LEX("\\k<a", "! '\\k' must be followed by a name in <>, '' or {}@0");
    LEX("\\g", "! '\\g' must be followed by a name or number@0");
    LEX("\\g<a", "! '\\g' must be followed by a name or number@0");
    LEX("a\\i", "'a'@0 ! unknown escape letter@1");
    LEX("a\xff", "'a'@0 ! invalid UTF-8@1");
    LEX("\\Q\xc3", "\\Q@0+2 ! invalid UTF-8@2");
    LEX("\\\xe2\x82", "! invalid UTF-8@1");
}

/* After a malformed construct, every further call says the same. */
static void test_error_is_final(void **state)
{
    cdc_rx_lexer lx;
    cdc_rx_token t;

    (void)state;
    cdc_rx_lexer_init(&lx, "a)b", 3);
    assert_true(cdc_rx_next(&lx, &t));
    for (int k = 0; k < 3; k++) {
        assert_false(cdc_rx_next(&lx, &t));
        assert_int_equal(t.kind, CDC_RX_END);
        assert_int_equal(t.at, 1);
        assert_string_equal(lx.error, "unmatched ')'");
    }
    cdc_rx_lexer_init(&lx, "", 0);
    assert_false(cdc_rx_next(&lx, &t));
    assert_null(lx.error);
    assert_int_equal(t.at, 0);
}

/* Counts beyond PCRE2's limit saturate; they never wrap. */
static void test_huge_counts(void **state)
{
    (void)state;
    LEX("a{99999999999999999999999999}", "'a'@0 {1000000,1000000}@1+28");
    LEX("a{1,4294967296}b{4294967295,}", "'a'@0 {1,1000000}@1+14 'b'@15 {1000000,inf}@16+13");
    LEX("a{65535}", "'a'@0 {65535,65535}@1+7");
    LEX("\\x{FFFFFFFFFFFFFFFFFFFF}", "! a code point in braces must be a Unicode scalar value@0");
}

/* Nesting far beyond the flag stack: no recursion, every group closed, and
 * the flags in force before the outermost group are back after it. */
static void test_deep_nesting(void **state)
{
    enum { DEPTH = 20000 };
    char *p = malloc(2 * DEPTH + 16);
    size_t n = 0;

    (void)state;
    assert_non_null(p);
    for (size_t k = 0; k < DEPTH; k++)
        p[n++] = '(';
    memcpy(p + n, "(?i)a", 5);
    n += 5;
    for (size_t k = 0; k < DEPTH; k++)
        p[n++] = ')';
    p[n++] = 'b';

    cdc_rx_lexer lx;
    cdc_rx_token t;
    size_t opens = 0, closes = 0;
    unsigned a_flags = 0, b_flags = 1;
    cdc_rx_lexer_init(&lx, p, n);
    while (cdc_rx_next(&lx, &t)) {
        opens += t.kind == CDC_RX_GROUP_OPEN;
        closes += t.kind == CDC_RX_GROUP_CLOSE;
        if (t.kind == CDC_RX_LITERAL && t.cp == 'a')
            a_flags = t.flags;
        if (t.kind == CDC_RX_LITERAL && t.cp == 'b')
            b_flags = t.flags;
    }
    assert_null(lx.error);
    assert_int_equal(opens, DEPTH);
    assert_int_equal(closes, DEPTH);
    assert_int_equal(a_flags, CDC_RX_FLAG_I);
    assert_int_equal(b_flags, 0);

    /* Unclosed: reported at a '(' that is never closed. */
    cdc_rx_lexer_init(&lx, p, DEPTH + 5);
    while (cdc_rx_next(&lx, &t))
        ;
    assert_string_equal(lx.error, "group without ')'");
    assert_true(lx.error_at < DEPTH);

    /* Java's nested classes, as deep: one error, at the outermost '['. */
    memset(p, '[', DEPTH);
    p[DEPTH] = 'a';
    assert_string_equal(lex_n(p + DEPTH - 3, 4),
                        "[@0 [@1 [@2 'a'@3 ! character class without ']'@0");
    cdc_rx_lexer_init(&lx, p, DEPTH + 1);
    while (cdc_rx_next(&lx, &t))
        ;
    assert_string_equal(lx.error, "character class without ']'");
    assert_int_equal(lx.error_at, 0);
    free(p);
}

/* The tokens of pattern[0..len) lie inside it and move forward (but for a
 * RANGE, which spans its ends, and a '-' that makes none, which may come
 * late); the walk ends, at the end or at an error inside the pattern. */
static void check_walk(const char *pattern, size_t len)
{
    cdc_rx_lexer lx;
    cdc_rx_token t;
    size_t tokens = 0, reach = 0;
    char *exact = malloc(len ? len : 1); /* a read past the end trips ASan */

    assert_non_null(exact);
    memcpy(exact, pattern, len);
    cdc_rx_lexer_init(&lx, exact, len);
    while (cdc_rx_next(&lx, &t)) {
        assert_true(++tokens <= 4 * len + 4);
        assert_true(t.len > 0 && t.at + t.len <= len);
        if (t.kind != CDC_RX_RANGE && !(t.kind == CDC_RX_LITERAL && t.cp == '-'))
            assert_true(t.at >= reach);
        if (t.at + t.len > reach)
            reach = t.at + t.len;
    }
    assert_true(lx.error ? lx.error_at <= len : t.at == len);
    free(exact);
}

/* Every sequence of three tricky pieces, and every byte prefix of it. */
static void test_hostile_pieces(void **state)
{
    static const char *const pieces[] = {
        "\\",   "\\Q",   "\\E",      "[",
        "]",    "[^",    "(",        ")",
        "(?",   "(?<",   "(?P",      "(*",
        "(?#",  "(?C\"", "{",        "}",
        "{2",   "{2,",   "&&",       "-",
        "[:",   "#",     " ",        "\n",
        "(?x)", "(?i)",  "(?^",      "\\x{",
        "\\x",  "\\0",   "\\1",      "\\k<",
        "\\g",  "\\p{",  "\\c",      "\\N{",
        "\\o{", "a",     "*",        "+",
        "?",    "|",     "\xc3\xa9", "\xe2\x80\xa8",
        "\xff", "\xc3",  "\\Q\\E",
    };
    char buf[32];

    (void)state;
    for (size_t a = 0; a < ARRAY_SIZE(pieces); a++)
        for (size_t b = 0; b < ARRAY_SIZE(pieces); b++)
            for (size_t c = 0; c < ARRAY_SIZE(pieces); c++) {
                int n = snprintf(buf, sizeof buf, "%s%s%s", pieces[a], pieces[b], pieces[c]);
                assert_true(n > 0 && (size_t)n < sizeof buf);
                for (size_t cut = 0; cut <= (size_t)n; cut++)
                    check_walk(buf, cut);
            }
    static const char nul[] = "a\0b[\0-\0]"; /* NUL bytes are pattern bytes */
    check_walk(nul, sizeof nul - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_references),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_quotes_in_classes),
        cmocka_unit_test(test_java_class_structure),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_inline_flags),
        cmocka_unit_test(test_quantifiers),
        cmocka_unit_test(test_extended_mode),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_error_is_final),
        cmocka_unit_test(test_huge_counts),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_hostile_pieces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
