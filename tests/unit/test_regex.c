/* Unit tests for regex.c: PCRE2 compile errors, and every construct that
 * PCRE2 accepts but Java's java.util.regex rejects or reads differently. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/lang/regex.h"
#include "fixture.h"

#define arena fx_arena

static void check_accepts(const char *pattern, size_t len)
{
    const char *msg = NULL;
    size_t at = 0;

    if (!cdc_regex_check(arena, pattern, len, &msg, &at))
        fail_msg("'%s' rejected at %zu: %s", pattern, at, msg);
}

static void check_rejects(const char *pattern, size_t len, size_t want_at, const char *want)
{
    const char *msg = NULL;
    size_t at = 12345;

    if (cdc_regex_check(arena, pattern, len, &msg, &at))
        fail_msg("'%s' accepted, expected '%s' at %zu", pattern, want, want_at);
    assert_non_null(msg);
    if (!strstr(msg, want) || at != want_at)
        fail_msg("'%s': got '%s' at %zu, expected '%s' at %zu", pattern, msg, at, want, want_at);
    /* house style: lower-case start (acronyms and quotes aside), no full stop */
    assert_true(msg[0] != '\0');
    assert_false(msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'));
    assert_int_not_equal(msg[strlen(msg) - 1], '.');
}

#define ACCEPT(p) check_accepts((p), sizeof(p) - 1)
#define REJECT(p, at, want) check_rejects((p), sizeof(p) - 1, (at), (want))

static void test_valid_patterns(void **state)
{
    (void)state;
    ACCEPT("^Loan.*$");
    ACCEPT("\\d{3}-\\w+");
    ACCEPT("(?<name>x)\\k<name>");
    ACCEPT("(?<n1>a)(?<n2>b)\\k<n1>\\k<n2>");
    ACCEPT("\\p{Lu}");
    ACCEPT("\\P{Nd}+\\pL");
    ACCEPT("[\\p{L}\\p{N}_]");
    ACCEPT("[\\[\\]]");
    ACCEPT("\\Q[:alpha:]\\E");
    ACCEPT("\\Q(?R)&&[a\\E");
    ACCEPT("[]a]");
    ACCEPT("[^]a]");
    ACCEPT("[\\]a-]");
    ACCEPT("[a&]");
    ACCEPT("[\\&\\&]");
    ACCEPT("x{2}y{1,}z{0,3}");
    ACCEPT("a*?b+?c??d*+e++f?+g{2}+h{1,2}?");
    ACCEPT("}");
    ACCEPT("\\{\\}");
    ACCEPT("(a|b)\\1");
    ACCEPT("(?:a)(?=b)(?!c)(?<=d)(?<!e)(?>f)");
    ACCEPT("(?i)loan(?-i)Created");
    ACCEPT("(?i:loan)(?m)^x$(?s).(?x) a b # comment");
    ACCEPT("(?im-sx:a)");
    ACCEPT("(?)(?-)");
    ACCEPT("\\x41\\x{1F600}\\x{e9}");
    ACCEPT("\\012\\07\\0477");
    ACCEPT("\\t\\n\\r\\f\\a\\e\\cA\\c?");
    ACCEPT("\\h\\H\\v\\V\\R\\X\\s\\S\\d\\D\\w\\W");
    ACCEPT("\\A\\Gx\\b\\By\\z|\\Z");
    ACCEPT("caf\xc3\xa9 \xc3\x89t\xc3\xa9"); /* café Été, case-sensitive */
    ACCEPT("(?i)[a-z0-9_\xe2\x82\xac]");     /* € has no case */
    ACCEPT("(?i)\\x{2000}-\\x{206F}[\\x{2000}-\\x{206F}]");
    ACCEPT("(?i)\\p{L}\\p{LC}");
    ACCEPT("(?x)[a\\ b]\\#");
    ACCEPT("(?x:a # comment\n b)[ #]"); /* (?x) ends with its group */
    ACCEPT("\\-\\.\\*\\\\");
    ACCEPT("\\\xc3\xa9"); /* escaped non-ASCII: a literal */
}

static void test_empty_pattern(void **state)
{
    (void)state;
    REJECT("", 0, "empty pattern never matches in Flink");
}

static void test_pcre2_errors(void **state)
{
    (void)state;
    REJECT("(abc", 4, "missing closing parenthesis");
    REJECT("abc)", 3, "unmatched closing parenthesis");
    REJECT("a{2,1}", 5, "numbers out of order in {} quantifier");
    REJECT("[z-a]", 3, "range out of order in character class");
    REJECT("*a", 0, "quantifier does not follow a repeatable item");
    REJECT("abc\\", 4, "\\ at end of pattern");
    REJECT("[abc", 4, "missing terminating ] for character class");
    REJECT("\\p{Bogus}", 9, "unknown property");
    REJECT("a\xff", 1, "UTF-8 error");
    REJECT("(?<a>x)(?<a>y)", 12, "same name");
}

static void test_posix_classes(void **state)
{
    (void)state;
    REJECT("[[:alpha:]]", 1, "POSIX class '[:alpha:]' is not supported by Java regex");
    REJECT("[[:alpha:]]", 1, "use a-zA-Z");
    REJECT("x[_[:digit:]]", 3, "POSIX class '[:digit:]'");
    REJECT("[[:^space:]]", 1, "use [^\\s] as a separate class");
    REJECT("[[:word:]]", 1, "use \\w");
}

static void test_escapes(void **state)
{
    (void)state;
    REJECT("ab\\Kc", 2, "'\\K' (reset match start) is not supported by Java regex");
    REJECT("a\\Cb", 1, "'\\C' (one code unit) is not supported");
    REJECT("a\\Nb", 1, "'\\N' (any character but newline) is not supported");
    REJECT("\\N{U+0041}", 0, "'\\N{...}' is a code point in PCRE2");
    REJECT("x\\o{101}", 1, "octal escape '\\o{101}' is not supported by Java regex");
    REJECT("a\\Eb", 1, "'\\E' without a matching '\\Q'");
    REJECT("\\x4", 0, "hex escape '\\x4' needs exactly two digits");
    REJECT("ab\\xg", 2, "hex escape '\\x' needs exactly two digits");
    REJECT("\\0", 0, "octal escape '\\0' needs at least one more digit");
    REJECT("a\\0123", 1, "octal escape '\\0123' takes three digits in Java");
    REJECT("\\ca", 0, "control escape '\\ca' means a different character in Java");
    REJECT("\\c\\x", 0, "control escape '\\c\\' is read differently");
    REJECT("[\\b]", 1, "'\\b' in a character class (backspace)");
    REJECT("[a\\1]", 2, "'\\1' in a character class is an octal escape");
    REJECT("[\\0]", 1, "octal escape '\\0' needs at least one more digit");
    REJECT("(a)\\10", 3, "back reference '\\10' is read differently");
    REJECT("\\b{g}", 0, "'\\b{' is a boundary type in Java");
}

static void test_recursion_and_subroutines(void **state)
{
    (void)state;
    REJECT("a(?R)?b", 1, "recursion '(?R)' is not supported by Java regex");
    REJECT("(a)(?1)", 3, "subroutine call '(?1)' is not supported");
    REJECT("(a)(?-1)", 3, "subroutine call '(?-1)'");
    REJECT("(a)(?+1)(b)", 3, "subroutine call '(?+1)'");
    REJECT("(?<n>a)(?&n)", 7, "subroutine call '(?&n)'");
    REJECT("(?<n>a)(?P>n)", 7, "subroutine call '(?P>n)'");
    REJECT("(?<n>a)\\g<n>", 7, "subroutine call '\\g<n>'");
    REJECT("(a)\\g'1'", 3, "subroutine call '\\g'1''");
    REJECT("(a)\\g{1}", 3, "back reference '\\g{1}' is not supported by Java regex");
    REJECT("(a)\\g1", 3, "back reference '\\g1'");
    REJECT("(a)\\g{-1}", 3, "back reference '\\g{-1}'");
}

static void test_named_groups(void **state)
{
    (void)state;
    REJECT("(?P<name>x)", 0, "named group '(?P<name>...)' is not supported by Java regex");
    REJECT("(?P<n>x)(?P=n)", 0, "named group '(?P<name>...)'");
    REJECT("(?<n>x)(?P=n)", 7, "named back reference '(?P=n)'");
    REJECT("(?'n'x)", 0, "write (?<name>...)");
    REJECT("(?<a_b>x)", 0, "group name 'a_b' is not valid in Java regex");
    REJECT("(?<n>x)\\k'n'", 7, "named back reference '\\k'n'' must be written \\k<name>");
    REJECT("(?<n>x)\\k{n}", 7, "named back reference '\\k{n}'");
    REJECT("\\k<n>(?<n>x)", 0, "named group 'n' is referenced before it is defined");
}

static void test_group_forms(void **state)
{
    (void)state;
    REJECT("(a)?(?(1)b|c)", 4, "conditional group '(?(' is not supported");
    REJECT("x(?|(a)|(b))", 1, "branch reset group '(?|' is not supported");
    REJECT("a(?#note)b", 1, "comment group '(?#...)' is not supported");
    REJECT("a(?C1)b", 1, "callout '(?C1)' is not supported");
    REJECT("(?C)a", 0, "callout '(?C)'");
    REJECT("(*UTF)abc", 0, "verb or option '(*UTF)' is not supported by Java regex");
    REJECT("a(*SKIP)(*FAIL)|b", 1, "verb or option '(*SKIP)'");
    REJECT("(*pla:a)b", 0, "verb or option '(*pla:a)'");
}

static void test_class_syntax(void **state)
{
    (void)state;
    REJECT("[a-z&&[^aeiou]]", 4, "'&&' in a character class is an intersection in Java");
    REJECT("[a&&b]", 2, "'&&' in a character class");
    REJECT("[&&]", 1, "'&&'");
    REJECT("[a[b]]", 2, "unescaped '[' inside a character class starts a nested class");
    REJECT("[[]", 1, "unescaped '['");
    REJECT("[]a[]", 3, "unescaped '['");
}

static void test_inline_flags(void **state)
{
    (void)state;
    REJECT("(?U)a+", 2, "inline flag 'U' means ungreedy in PCRE2");
    REJECT("(?J)(?<a>x)", 2, "inline flag 'J' is not supported by Java regex");
    REJECT("(?n)(a)", 2, "inline flag 'n' is not supported");
    REJECT("a(?i-U:b)", 5, "inline flag 'U'");
    REJECT("(?xx)a", 2, "inline flag 'xx' means extended-more in PCRE2");
    REJECT("(?^)a", 2, "inline flag '^' is not supported");
}

static void test_braces(void **state)
{
    (void)state;
    REJECT("a{,3}", 1, "'{' that does not start a repetition");
    REJECT("x{abc}", 1, "escape it as \\{");
    REJECT("{}", 0, "'{' that does not start a repetition");
    REJECT("ab{", 2, "'{'");
    REJECT("a{1,2,3}", 1, "'{'");
}

static void test_unicode_properties(void **state)
{
    (void)state;
    REJECT("\\p{Greek}", 0, "property '\\p{Greek}' is not read the same way");
    REJECT("x\\p{Alpha}", 1, "property '\\p{Alpha}'");
    REJECT("[\\P{L&}]", 1, "property '\\P{L&}'");
    REJECT("\\p{^Lu}", 0, "property '\\p{^Lu}'");
    REJECT("\\p{lu}", 0, "property '\\p{lu}'");
    REJECT("(?i)\\p{Lu}", 4, "'\\p{Lu}' under (?i) matches every cased letter in Java");
}

static void test_caseless_non_ascii(void **state)
{
    (void)state;
    REJECT("(?i)caf\xc3\xa9", 7, "'\xc3\xa9' under (?i) also matches its other case");
    REJECT("(?i:\\x{e9})", 4, "'\\x{e9}' under (?i)");
    REJECT("(?i)a\\xe9", 5, "'\\xe9' under (?i)");
    REJECT("(?i)[\\Q\xc3\xbf\\E]", 7, "under (?i)");
    REJECT("(?i)[ -\\x{bf}]", 5, "range ' -\\x{bf}' under (?i)"); /* has U+00B5 */
    REJECT("(?i)\\p{Lu}", 4, "under (?i)");
    REJECT("(?i)[\\x{80}-\\x{10FFFF}]", 5, "is too large to check");
    ACCEPT("[\\x{80}-\\x{10FFFF}]");
    /* the flag ends with its group, or when turned off */
    ACCEPT("(?i:a)\xc3\xa9");
    ACCEPT("(?i)a(?-i)\xc3\xa9");
    ACCEPT("((?i)a)\xc3\xa9");
}

static void test_extended_mode(void **state)
{
    (void)state;
    REJECT("(?x)[a b]", 6, "under (?x) Java ignores whitespace and '#' comments inside");
    REJECT("(?x)[#]", 5, "escape it as '\\#'");
    REJECT("(?x)a{1, 2}", 5, "'{' that does not start a repetition");
    REJECT("(?x)a\xe2\x80\xa8"
           "b",
           5, "under (?x) PCRE2 ignores U+2028 as whitespace");
    REJECT("(?x)a # note\r b", 12, "a (?x) comment ends at this character in Java");
    /* Found by fuzzing: the evaluator's PCRE2 (newline ANY) ended the comment
     * at \v and then met an unmatched ')', which the check had not seen. */
    REJECT("(?x) ab# mcomena #t\013 b) ab", 22, "unmatched closing parenthesis");
    REJECT("(?x)a #\f b", 7, "vertical tab or form feed");
    REJECT("(?x)a # \\Qquote\n b", 8, "'\\Q' in a (?x) comment starts a quote in Java");
    ACCEPT("(?x)a # \\\\Q is fine\n b");
}

static void test_nul_bytes(void **state)
{
    (void)state;
    ACCEPT("a\0b");
    ACCEPT("[\0-\x1f]");
    ACCEPT("\\Q\0\\E");
    REJECT("a\0\\K", 2, "'\\K'");
    REJECT("[\0&&a]", 2, "'&&'");
    /* the length, not the NUL, ends the pattern */
    check_accepts("ab\\K", 2);
}

static void test_null_outputs(void **state)
{
    (void)state;
    assert_false(cdc_regex_check(arena, "\\K", 2, NULL, NULL));
    assert_true(cdc_regex_check(arena, "a", 1, NULL, NULL));
}

/* Random patterns built from tricky pieces, and every prefix of them: the
 * check must return, without crashing, whatever it gets. */
static void test_never_crashes(void **state)
{
    static const char *const pieces[] = {
        "\\",
        "\\Q",
        "\\E",
        "[",
        "]",
        "[^",
        "(",
        ")",
        "(?",
        "(?<",
        "(?P",
        "(*",
        "{",
        "}",
        "{2",
        "{2,",
        "&&",
        "-",
        "[:",
        ":]",
        "#",
        " ",
        "\n",
        "\r",
        "(?x)",
        "(?i)",
        "\\x{",
        "\\x",
        "\\0",
        "\\1",
        "\\k<",
        "\\g",
        "\\p{",
        "\\c",
        "a",
        "\xc3\xa9",
        "\xe2\x80\xa8",
        "\xff",
        "\0",
        "|",
        "*",
        "+",
        "?",
        "^",
        "$",
        ".",
    };
    uint32_t seed = 12345;
    char buf[64];

    (void)state;
    for (int round = 0; round < 4000; round++) {
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        int count = 1 + (int)(seed >> 16) % 8;
        for (int k = 0; k < count; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *piece = pieces[(seed >> 16) % ARRAY_SIZE(pieces)];
            size_t plen = piece[0] ? strlen(piece) : 1;
            if (n + plen > sizeof buf)
                break;
            memcpy(buf + n, piece, plen);
            n += plen;
        }
        for (size_t cut = 0; cut <= n; cut++) {
            const char *msg = NULL;
            size_t at = 0;
            if (!cdc_regex_check(arena, buf, cut, &msg, &at)) {
                assert_non_null(msg);
                assert_true(at <= cut);
            }
        }
    }
}

/* redos.c: repetitions whose text can be split two ways between iterations
 * are refused where the inner construct is; possessive and atomic forms,
 * and repetitions whose parts cannot overlap, pass. */
static void test_catastrophic_backtracking(void **state)
{
    (void)state;
    const char *nested = "inside the repetition";
    const char *alts = "can start with the same text";
    REJECT("^(a+)+$", 2, nested);
    REJECT("(a*)*", 1, nested);
    REJECT("(\\w+\\s?)*$", 1, nested);
    REJECT("^([a-zA-Z0-9._-]+)*@", 2, nested);
    REJECT("(x+x+)+y", 3, nested);
    REJECT("(.*,)*x", 1, nested);
    REJECT("(\\d+|x)*", 1, nested);
    REJECT("(a{1,20}){1,20}", 1, nested);
    REJECT("(?x) ( a + ) + ", 7, nested);
    REJECT("(?=a)(a+)+b", 6, nested);
    REJECT("(a|ab)*", 0, alts);
    REJECT("(\\w|\\d)+", 0, alts);
    REJECT("(?i)(A|a)*", 4, alts);
    REJECT("x(?:a|a?)+", 1, alts);
    /* Possessive and atomic: nothing is given back. */
    ACCEPT("^(a++)+$");
    ACCEPT("^(?>a+)+$");
    ACCEPT("(a+)++");
    /* Parts that cannot overlap, small bounds, quoted text. */
    ACCEPT("(ab*)*");
    ACCEPT("(a*b)*");
    ACCEPT("(\\w+\\s)*");
    ACCEPT("(\\.\\d+)*");
    ACCEPT("^(Loan|Lease)+$");
    ACCEPT("(a|b|c)+");
    ACCEPT("^(\\d{1,3}\\.){3}\\d{1,3}$");
    ACCEPT("\"(?:[^\"\\\\]|\\\\.)*\"");
    ACCEPT("^[A-Z][a-z]+( [A-Z][a-z]+)*$");
    ACCEPT("\\Q(a+)+\\E");
    ACCEPT("[(a+)+]");
    ACCEPT("^Loan.*Created$");
    ACCEPT("a*a*a*[bc]"); /* polynomial, not exponential: the evaluator's match limit */
    /* The check's work is bounded: thousands of alternatives in a loop are
     * refused as too complex rather than compared pair by pair for ever. */
    cdc_buf big = CDC_BUF_INIT;
    cdc_buf_putc(&big, '(');
    for (int i = 0; i < 3000; i++)
        cdc_buf_printf(&big, "%s%04dx", i ? "|" : "", i);
    cdc_buf_puts(&big, ")*");
    check_rejects(big.data, big.len, 0, "too complex to check");
    cdc_buf_release(&big);
}

/* Readings both checks take from regex_lex.c, as PCRE2 and Java read them:
 * ranges with escaped or quoted ends, \c with a non-letter, \Q...\E in a
 * class, a quantifier after a quote, and a quantifier's '+' or '?' past an
 * empty quote or (?x) whitespace. */
static void test_shared_readings(void **state)
{
    (void)state;
    const char *nested = "inside the repetition";
    const char *alts = "can start with the same text";
    /* a range ending in a quoted code point is still a range */
    REJECT("(?i)[a-\\Q\xc3\x97\\E]", 5, "range 'a-\\Q\xc3\x97' under (?i)");
    REJECT("(?i)[\\Q \\E-\xc3\x97]", 5, "range '\\Q \\E-\xc3\x97' under (?i)");
    /* [\x41-\x5A] is A-Z, which holds B; [\t-\r] holds no 'a' */
    REJECT("([\\x41-\\x5A]|B)+", 0, alts);
    ACCEPT("(?:[\\t-\\r]a?){2,}");
    /* \c1 is 'q' (0x31 ^ 0x40) */
    REJECT("(?:\\c1|q)+", 0, alts);
    /* a quoted class holds what it quotes, not everything */
    ACCEPT("(?:[\\Qab\\E]|c)+");
    /* \Qab\E+ repeats the b alone */
    ACCEPT("(\\Qab\\E+)*");
    REJECT("(\\Qa\\E+)*", 1, nested);
    /* a*\Q\E+ and (?x) a* + are the possessive a*+ */
    ACCEPT("(a*\\Q\\E+)*b");
    ACCEPT("(?x)(a* +)*b");
    REJECT("(?x)(a* )+b", 5, nested);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_patterns),
        cmocka_unit_test(test_empty_pattern),
        cmocka_unit_test(test_pcre2_errors),
        cmocka_unit_test(test_posix_classes),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_recursion_and_subroutines),
        cmocka_unit_test(test_named_groups),
        cmocka_unit_test(test_group_forms),
        cmocka_unit_test(test_class_syntax),
        cmocka_unit_test(test_inline_flags),
        cmocka_unit_test(test_braces),
        cmocka_unit_test(test_unicode_properties),
        cmocka_unit_test(test_caseless_non_ascii),
        cmocka_unit_test(test_extended_mode),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_null_outputs),
        cmocka_unit_test(test_never_crashes),
        cmocka_unit_test(test_catastrophic_backtracking),
        cmocka_unit_test(test_shared_readings),
    };
    return cmocka_run_group_tests(tests, fx_arena_setup, fx_arena_teardown);
}
