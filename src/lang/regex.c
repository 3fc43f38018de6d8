/* lang/regex.c: the check behind the `matches` operator.
 *
 * Consumes one regular expression as written in a filter: bytes and a length
 * (NUL bytes allowed). Produces a yes or no. On "no" it sets a message
 * (allocated in the caller's arena) and the byte offset in the pattern of the
 * construct at fault. Scratch memory (group names, message text) also comes
 * from the arena; PCRE2 objects are freed before returning.
 *
 * Why: one pattern runs in several engines. cdcgen's evaluator uses PCRE2,
 * while Flink (REGEXP) and Kafka Streams run the same text as a
 * java.util.regex pattern. So a pattern passes only when
 *   1. PCRE2 compiles it (8-bit, PCRE2_UTF). Otherwise we report PCRE2's own
 *      error message and offset.
 *   2. It stays inside what both engines accept with the same meaning. The
 *      pattern's tokens (regex_lex.c) are looked at once, in order: escapes,
 *      \Q...\E runs, character classes, group openers, repetition braces,
 *      and the (?i) and (?x) flags in force at each. The check stops at the
 *      first construct that Java rejects or reads differently, and says why
 *      and what to write instead.
 *   3. It cannot backtrack catastrophically (redos.c): Java runs it in Flink
 *      and Kafka Streams without a match limit.
 * Steps 2 and 3 rely on step 1: they see only patterns PCRE2 accepted, so
 * they never have to diagnose malformed input.
 *
 * Nothing here recurses and the tokens move forward through the pattern;
 * the time taken is bounded for any input.
 *
 * Differences this check does not catch, because they depend on the subject
 * rather than the pattern: '.', '$' and (?m) '^' treat \r, U+0085, U+2028 and
 * U+2029 as line ends in Java but not in PCRE2; under (?i), PCRE2 with UTF also
 * matches U+017F for 's' and U+212A for 'k'; and before Java 19, '\b' counts
 * non-ASCII letters as word characters.
 */
#include <stdarg.h>
#include <string.h>

#include "cdcgen/lang/regex.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/redos.h"
#include "cdcgen/lang/regex_lex.h"

#define CASE_BUDGET 65536 /* code points looked up for ranges under (?i), per call */

typedef struct scan {
    cdc_arena *a;
    const unsigned char *p; /* the pattern */
    size_t len;
    size_t *names; /* (offset, length) of each named group seen so far */
    size_t nnames;
    pcre2_code *cased; /* \p{CWCM}, compiled on first use */
    pcre2_match_data *md;
    bool cased_tried;
    size_t budget;
    const char *msg;
    size_t at;
} scan;

static bool fail(scan *s, size_t at, const char *fmt, ...) CDC_PRINTF(3, 4);

static bool fail(scan *s, size_t at, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    s->msg = cdc_arena_vprintf(s->a, fmt, ap);
    va_end(ap);
    s->at = at;
    return false;
}

/* A printable copy of pattern bytes [from, to) for messages. Control bytes
 * become '?'. Long text is cut, but never in the middle of a UTF-8 sequence. */
static const char *snip(scan *s, size_t from, size_t to)
{
    if (to > s->len)
        to = s->len;
    if (from > to)
        from = to;
    size_t n = to - from;
    bool cut = n > 40;
    if (cut) {
        n = cdc_utf8_boundary((const char *)s->p + from, 40);
    }
    char *out = cdc_arena_alloc(s->a, n + 4);
    for (size_t k = 0; k < n; k++) {
        unsigned char c = s->p[from + k];
        out[k] = (char)(c < 0x20 || c == 0x7F ? '?' : c);
    }
    if (cut)
        memcpy(out + n, "...", 4);
    return out;
}

static bool is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The whitespace Java skips under (?x), everywhere, classes included. */
static bool is_space(uint32_t c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Decodes the code point at byte i (i < len). Returns its length in bytes, at
 * least 1. A malformed sequence reads as its first byte alone. */
static size_t decode(const scan *s, size_t i, uint32_t *cp)
{
    size_t n = cdc_utf8_decode((const char *)s->p + i, s->len - i, cp);
    return n ? n : 1;
}

/* Code points with a line-end or whitespace meaning in PCRE2's (?x) that Java
 * treats as ordinary characters. Returns the sequence length, or 0. */
static size_t unicode_space(const scan *s, size_t i, bool line_end_only)
{
    uint32_t cp;
    size_t n = decode(s, i, &cp);

    if (cp == 0x85 || cp == 0x2028 || cp == 0x2029)
        return n;
    if (!line_end_only && (cp == 0x200E || cp == 0x200F))
        return n;
    return 0;
}

/* True when cp has another case, so PCRE2's UTF caseless matching folds it
 * while Java's (?i), which folds ASCII only, does not. ASCII is the same in
 * both. Uses PCRE2's Changes_When_Casemapped property (10.40 or later). If
 * that is unavailable, every non-ASCII code point counts as cased. */
static bool has_case(scan *s, uint32_t cp)
{
    if (cp < 0x80)
        return false;
    if (!s->cased_tried) {
        int code;
        PCRE2_SIZE off;
        s->cased_tried = true;
        s->cased = pcre2_compile((PCRE2_SPTR) "\\p{CWCM}", PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code,
                                 &off, NULL);
        if (s->cased)
            s->md = pcre2_match_data_create(1, NULL);
    }
    if (!s->cased || !s->md || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return true;

    unsigned char buf[4];
    size_t n;
    if (cp < 0x800) {
        buf[0] = (unsigned char)(0xC0 | cp >> 6);
        buf[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        buf[0] = (unsigned char)(0xE0 | cp >> 12);
        buf[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        buf[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        buf[0] = (unsigned char)(0xF0 | cp >> 18);
        buf[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
        buf[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        buf[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return pcre2_match(s->cased, buf, n, 0, PCRE2_ANCHORED, s->md, NULL) >= 0;
}

/* A literal code point: under (?i) it must not be a cased non-ASCII
 * character. */
static bool check_fold(scan *s, const cdc_rx_token *t)
{
    if (!(t->flags & CDC_RX_FLAG_I) || !has_case(s, t->cp))
        return true;
    return fail(s, t->at,
                "'%s' under (?i) also matches its other case in PCRE2 but not in Java, "
                "which folds only ASCII; list both cases in a class instead",
                snip(s, t->at, t->at + t->len));
}

/* A class range: under (?i) no code point in it may be a cased non-ASCII
 * character. */
static bool check_fold_range(scan *s, const cdc_rx_token *t)
{
    uint32_t lo = t->lo, hi = t->hi;

    if (!(t->flags & CDC_RX_FLAG_I) || hi < 0x80 || lo > hi)
        return true;
    if (lo < 0x80)
        lo = 0x80;
    if (hi - lo >= s->budget)
        return fail(s, t->at,
                    "range '%s' under (?i) is too large to check for non-ASCII letters, "
                    "which PCRE2 folds but Java does not; narrow it or drop (?i)",
                    snip(s, t->at, t->at + t->len));
    bool cased = false;
    for (uint32_t c = lo; !cased && c <= hi; c++) {
        s->budget--;
        cased = has_case(s, c);
    }
    if (!cased)
        return true;
    return fail(s, t->at,
                "range '%s' under (?i) also matches the other case of its non-ASCII "
                "letters in PCRE2 but not in Java, which folds only ASCII; list both "
                "cases instead",
                snip(s, t->at, t->at + t->len));
}

/* Where a message quoting the (?...) or (*...) construct at `at` ends: past
 * its ')', looking at most 40 bytes on. */
static size_t group_end(const scan *s, size_t at)
{
    size_t close = at + 1;

    while (close < s->len && s->p[close] != ')' && close < at + 40)
        close++;
    if (close < s->len && s->p[close] == ')')
        close++;
    return close;
}

/* Where a message quoting a reference such as \g{..}, \g<..>, \g'..' or
 * \g-1 ends, its name or number starting at j: past the closing bracket
 * (looked for over 64 bytes at most), or past a signed number. */
static size_t ref_end(const scan *s, size_t j)
{
    size_t len = s->len;

    if (j < len && (s->p[j] == '{' || s->p[j] == '<' || s->p[j] == '\'')) {
        unsigned char close = s->p[j] == '{' ? '}' : s->p[j] == '<' ? '>' : '\'';
        for (size_t e = j + 1; e < len && e < j + 64; e++)
            if (s->p[e] == close)
                return e + 1;
        return j + 1;
    }
    if (j < len && (s->p[j] == '+' || s->p[j] == '-'))
        j++;
    while (j < len && s->p[j] >= '0' && s->p[j] <= '9')
        j++;
    return j;
}

static bool known_name(const scan *s, size_t off, size_t n)
{
    for (size_t k = 0; k < s->nnames; k++)
        if (s->names[2 * k + 1] == n && memcmp(s->p + s->names[2 * k], s->p + off, n) == 0)
            return true;
    return false;
}

/* \N{...}: a code point (\N{U+41}), or any character but a newline
 * repeated (\N{2}), to PCRE2; a character name to Java. */
static bool n_brace(scan *s, size_t at)
{
    return fail(s, at,
                "'\\N{...}' is a code point in PCRE2 but a character name in "
                "Java; use \\x{...}");
}

/* \g<..> and \g'..' (subroutine calls), \g1 and \g{..} (back references):
 * PCRE2's, and in a class a 'g' to PCRE2; Java knows none of them. */
static bool g_reference(scan *s, size_t at)
{
    if (at + 2 < s->len && (s->p[at + 2] == '<' || s->p[at + 2] == '\''))
        return fail(s, at, "subroutine call '%s' is not supported by Java regex",
                    snip(s, at, ref_end(s, at + 2)));
    return fail(s, at,
                "back reference '%s' is not supported by Java regex; use \\1 or "
                "\\k<name>",
                snip(s, at, ref_end(s, at + 2)));
}

/* How an escaped code point is spelled: \x needs two digits or braces in
 * Java, \0 one to three digits; \c, \b, \1 in a class, \N{..} and \o{..}
 * mean something else or nothing to Java. */
static bool escaped_literal(scan *s, const cdc_rx_token *t)
{
    const unsigned char *p = s->p;
    size_t at = t->at;

    if (t->esc >= '1' && t->esc <= '9') /* in a class */
        return fail(s, at,
                    "'\\%c' in a character class is an octal escape in PCRE2 but an "
                    "error in Java; use \\x{...}",
                    t->esc);
    switch (t->esc) {
    case 'b':
        return fail(s, at,
                    "'\\b' in a character class (backspace) is an error in Java regex; use \\x08");
    case 'c':
        if (p[at + 2] == '\\')
            return fail(s, at,
                        "control escape '\\c\\' is read differently by Java, which "
                        "looks for \\Q first; use \\x1C");
        if (p[at + 2] >= 'a' && p[at + 2] <= 'z')
            return fail(s, at,
                        "control escape '\\c%c' means a different character in Java, "
                        "which does not upper-case the letter; use '\\c%c'",
                        p[at + 2], p[at + 2] - 'a' + 'A');
        return true;
    case 'x':
        if (!(t->len > 2 && p[at + 2] == '{') && t->len != 4)
            return fail(s, at,
                        "hex escape '%s' needs exactly two digits in Java regex; use \\x{...}",
                        snip(s, at, at + t->len));
        return true;
    case '0':
        /* PCRE2 reads at most two more digits; Java needs at least one, and
         * reads a third when the first is 0-3. */
        if (t->len == 2)
            return fail(s, at,
                        "octal escape '\\0' needs at least one more digit in Java regex; "
                        "use \\x00");
        if (t->len == 4 && at + 4 < s->len && p[at + 4] >= '0' && p[at + 4] <= '7' &&
            p[at + 2] <= '3')
            return fail(s, at,
                        "octal escape '%s' takes three digits in Java but two in PCRE2; "
                        "use \\x{...}",
                        snip(s, at, at + 5));
        return true;
    case 'N': return n_brace(s, at);
    case 'g': return g_reference(s, at);
    case 'o':
        return fail(s, at, "octal escape '%s' is not supported by Java regex; use \\x{...}",
                    snip(s, at, ref_end(s, at + 2)));
    default: return true;
    }
}

/* A literal code point. Written as itself, it must mean the same to Java:
 * under (?x) not be whitespace to PCRE2 only, nor (in a class) whitespace
 * or '#' to Java only; and a '{' must start a repetition. */
static bool literal(scan *s, const cdc_rx_token *t)
{
    bool plain = !t->esc && !t->quoted;
    bool extended = t->flags & CDC_RX_FLAG_X;

    if (t->esc && !escaped_literal(s, t))
        return false;
    if (plain && t->class_depth == 0 && extended && unicode_space(s, t->at, false))
        return fail(s, t->at,
                    "under (?x) PCRE2 ignores U+%04X as whitespace but Java matches "
                    "it; escape it as \\x{%X}",
                    (unsigned)t->cp, (unsigned)t->cp);
    if (plain && t->class_depth == 0 && t->cp == '{')
        return fail(s, t->at,
                    "'{' that does not start a repetition {n}, {n,} or {n,m} is a literal in "
                    "PCRE2 but an error in Java; escape it as \\{");
    if (plain && t->class_depth > 0 && extended && (is_space(t->cp) || t->cp == '#'))
        return fail(s, t->at,
                    "under (?x) Java ignores whitespace and '#' comments inside a "
                    "character class but PCRE2 does not; escape it as '\\%c'",
                    t->cp == '#' ? '#' : ' ');
    return check_fold(s, t);
}

/* \b \C \K \N, the escapes that are not code points: \b{ is a boundary
 * type to Java, and the others are PCRE2's alone. */
static bool other_escape(scan *s, const cdc_rx_token *t)
{
    size_t at = t->at;

    switch (t->esc) {
    case 'b':
        if (at + 2 < s->len && s->p[at + 2] == '{')
            return fail(s, at,
                        "'\\b{' is a boundary type in Java (\\b{g}) but a word boundary "
                        "and a literal brace in PCRE2; escape the brace as \\{");
        return true;
    case 'C': return fail(s, at, "'\\C' (one code unit) is not supported by Java regex");
    case 'K':
        return fail(s, at,
                    "'\\K' (reset match start) is not supported by Java regex; use a "
                    "lookbehind (?<=...)");
    case 'N':
        if (at + 2 < s->len && s->p[at + 2] == '{')
            return n_brace(s, at);
        return fail(s, at,
                    "'\\N' (any character but newline) is not supported by Java regex; "
                    "use [^\\n]");
    default: return true;
    }
}

/* \p{Name}, \P{Name}, \pL. Only the Unicode general categories have the same
 * spelling and meaning in both engines. Scripts, binary properties and POSIX
 * names differ: \p{Greek} vs \p{IsGreek}, and \p{Alpha} is Unicode in PCRE2
 * but ASCII in Java. */
static bool property(scan *s, const cdc_rx_token *t)
{
    static const char *const categories[] = {
        "C",  "Cc", "Cf", "Cn", "Co", "Cs", "L",  "LC", "Ll", "Lm", "Lo", "Lt", "Lu",
        "M",  "Mc", "Me", "Mn", "N",  "Nd", "Nl", "No", "P",  "Pc", "Pd", "Pe", "Pf",
        "Pi", "Po", "Ps", "S",  "Sc", "Sk", "Sm", "So", "Z",  "Zl", "Zp", "Zs",
    };
    const unsigned char *name = s->p + t->name_at;
    size_t n = t->name_len, end = t->at + t->len;

    bool known = false;
    for (size_t k = 0; k < ARRAY_SIZE(categories) && !known; k++)
        known = strlen(categories[k]) == n && memcmp(categories[k], name, n) == 0;
    if (!known)
        return fail(s, t->at,
                    "property '%s' is not read the same way by Java and PCRE2; use a "
                    "Unicode general category such as \\p{L} or \\p{Lu}",
                    snip(s, t->at, end));
    if ((t->flags & CDC_RX_FLAG_I) && n == 2 && name[0] == 'L' &&
        (name[1] == 'u' || name[1] == 'l' || name[1] == 't'))
        return fail(s, t->at,
                    "'%s' under (?i) matches every cased letter in Java but only its own "
                    "category in PCRE2; use \\p{L} or drop (?i)",
                    snip(s, t->at, end));
    return true;
}

/* \1 and \k<name> as Java reads them; \g and (?P=name) are PCRE2's. */
static bool backref(scan *s, const cdc_rx_token *t)
{
    size_t at = t->at;

    switch (t->esc) {
    case 'g': return g_reference(s, at);
    case 'k':
        if (s->p[at + 2] != '<')
            return fail(s, at,
                        "named back reference '%s' must be written \\k<name> in Java "
                        "regex",
                        snip(s, at, ref_end(s, at + 2)));
        if (!known_name(s, t->name_at, t->name_len))
            return fail(s, at,
                        "named group '%s' is referenced before it is defined; Java "
                        "requires the group to come first",
                        snip(s, t->name_at, t->name_at + t->name_len));
        return true;
    case 0:
        return fail(s, at,
                    "named back reference '%s' is not supported by Java regex; write "
                    "\\k<name>",
                    snip(s, at, group_end(s, at)));
    default:
        if (t->len > 2)
            return fail(s, at,
                        "back reference '%s' is read differently by Java, which takes "
                        "only as many digits as there are groups so far, and PCRE2; use "
                        "a named group and \\k<name>",
                        snip(s, at, at + t->len));
        return true;
    }
}

/* PCRE2's recursion and subroutine calls. */
static bool call(scan *s, const cdc_rx_token *t)
{
    size_t at = t->at;

    if (t->esc == 'g')
        return g_reference(s, at);
    if (s->p[at + 2] == 'R')
        return fail(s, at, "recursion '%s' is not supported by Java regex",
                    snip(s, at, group_end(s, at)));
    return fail(s, at, "subroutine call '%s' is not supported by Java regex",
                snip(s, at, group_end(s, at)));
}

/* A '[' inside a character class: POSIX [:name:] in PCRE2 (and [.x.], [=x=]),
 * otherwise a literal; a nested class (union) in Java either way. */
static bool nested_class(scan *s, size_t at)
{
    static const struct {
        const char *name, *instead;
    } posix[] = {
        {"alpha", "a-zA-Z"},
        {"digit", "0-9"},
        {"alnum", "a-zA-Z0-9"},
        {"upper", "A-Z"},
        {"lower", "a-z"},
        {"xdigit", "0-9A-Fa-f"},
        {"space", "\\s"},
        {"word", "\\w"},
        {"blank", " \\t"},
        {"cntrl", "\\x00-\\x1F\\x7F"},
        {"print", "\\x20-\\x7E"},
        {"graph", "\\x21-\\x7E"},
        {"punct", "!-/:-@\\[-`{-~"},
        {"ascii", "\\x00-\\x7F"},
    };
    const unsigned char *p = s->p;
    unsigned char t = at + 1 < s->len ? p[at + 1] : 0;

    if (t == ':') {
        size_t end = 0;
        for (size_t j = at + 2; j + 1 < s->len && j < at + 64 && !end; j++) {
            if (p[j] == ']')
                break;
            if (p[j] == ':' && p[j + 1] == ']')
                end = j;
        }
        if (end) {
            size_t name = at + 2;
            bool negated = name < end && p[name] == '^';
            if (negated)
                name++;
            for (size_t k = 0; k < ARRAY_SIZE(posix); k++) {
                if (strlen(posix[k].name) != end - name ||
                    memcmp(posix[k].name, p + name, end - name) != 0)
                    continue;
                return fail(s, at,
                            "POSIX class '%s' is not supported by Java regex, which "
                            "reads it as a nested class; use %s%s%s",
                            snip(s, at, end + 2), negated ? "[^" : "", posix[k].instead,
                            negated ? "] as a separate class" : "");
            }
            return fail(s, at,
                        "POSIX class '%s' is not supported by Java regex, which reads it "
                        "as a nested class",
                        snip(s, at, end + 2));
        }
    }
    return fail(s, at,
                "unescaped '[' inside a character class starts a nested class in Java "
                "but is a literal in PCRE2; escape it as \\[");
}

/* A named group (?<name>: Java allows ASCII letters and digits only,
 * starting with a letter. */
static bool named_group(scan *s, const cdc_rx_token *t)
{
    const unsigned char *p = s->p;
    size_t name = t->name_at, e = name + t->name_len;

    bool ok = e > name && is_alpha(p[name]);
    for (size_t k = name; k < e && ok; k++)
        ok = is_alpha(p[k]) || (p[k] >= '0' && p[k] <= '9');
    if (!ok)
        return fail(s, t->at,
                    "group name '%s' is not valid in Java regex, which allows only ASCII "
                    "letters and digits, starting with a letter",
                    snip(s, name, e));
    if (!s->names)
        s->names = cdc_arena_alloc(s->a, (s->len / 4 + 1) * 2 * sizeof *s->names);
    if (s->nnames < s->len / 4 + 1) {
        s->names[2 * s->nnames] = name;
        s->names[2 * s->nnames + 1] = e - name;
        s->nnames++;
    }
    return true;
}

/* The letters of inline flags (?imsx-imsx) or (?imsx-imsx:. */
static bool inline_flags(scan *s, const cdc_rx_token *t)
{
    const unsigned char *p = s->p;
    size_t end = t->at + t->len - 1; /* the ')' or ':' */

    for (size_t j = t->at + 2; j < end; j++) {
        switch (p[j]) {
        case '-':
        case 'i':
        case 'm':
        case 's': break;
        case 'x':
            if (j + 1 < s->len && p[j + 1] == 'x')
                return fail(s, j,
                            "inline flag 'xx' means extended-more in PCRE2 but plain x in "
                            "Java; use x");
            break;
        case 'U':
            return fail(s, j,
                        "inline flag 'U' means ungreedy in PCRE2 but Unicode character "
                        "classes in Java; only i, m, s and x are allowed");
        default: {
            uint32_t cp;
            size_t n = decode(s, j, &cp);
            return fail(s, j,
                        "inline flag '%s' is not supported by Java regex; only i, m, s and "
                        "x are allowed",
                        snip(s, j, j + n));
        }
        }
    }
    return true;
}

/* A group opener: Java knows the capturing, non-capturing, named, lookaround
 * and atomic ones and (?flags:; the others are PCRE2's. */
static bool group(scan *s, const cdc_rx_token *t)
{
    size_t at = t->at;

    switch (t->group) {
    case CDC_RX_FLAG_GROUP: return inline_flags(s, t);
    case CDC_RX_NAMED:
        if (s->p[at + 2] == 'P')
            return fail(s, at,
                        "named group '(?P<name>...)' is not supported by Java regex; "
                        "write (?<name>...)");
        if (s->p[at + 2] == '\'')
            return fail(s, at,
                        "named group \"(?'name'...)\" is not supported by Java regex; write "
                        "(?<name>...)");
        return named_group(s, t);
    case CDC_RX_NON_ATOMIC:
        if (s->p[at + 2] == '<')
            return fail(s, at, "group '(?<%c' is not supported by Java regex", s->p[at + 3]);
        return fail(s, at + 2,
                    "inline flag '%s' is not supported by Java regex; only i, m, s and "
                    "x are allowed",
                    snip(s, at + 2, at + 3));
    case CDC_RX_BRANCH_RESET:
        return fail(s, at, "branch reset group '(?|' is not supported by Java regex");
    case CDC_RX_CONDITIONAL:
        return fail(s, at, "conditional group '(?(' is not supported by Java regex");
    case CDC_RX_ALPHA:
        return fail(s, at, "verb or option '%s' is not supported by Java regex",
                    snip(s, at, group_end(s, at)));
    default: return true;
    }
}

/* A (?x) comment: '#' to the end of the line. */
static bool comment(scan *s, const cdc_rx_token *t)
{
    size_t j = t->at + 1, end = t->at + t->len;

    while (j < end && s->p[j] != '\n') {
        if (s->p[j] == '\\' && j + 1 < s->len && s->p[j + 1] == 'Q')
            return fail(s, j,
                        "'\\Q' in a (?x) comment starts a quote in Java, which reads "
                        "\\Q...\\E before comments; remove it");
        if (s->p[j] == '\\' && j + 1 < s->len && s->p[j + 1] == '\\') {
            j += 2; /* an escaped backslash, as Java pairs them: not a \Q */
            continue;
        }
        if (s->p[j] == '\r' || s->p[j] == '\0' || unicode_space(s, j, true))
            return fail(s, j,
                        "a (?x) comment ends at this character in Java but only at \\n "
                        "in PCRE2; end comment lines with \\n");
        if (s->p[j] == '\v' || s->p[j] == '\f')
            return fail(s, j,
                        "a (?x) comment ends at a vertical tab or form feed in PCRE2 but not "
                        "in Java; end comment lines with \\n");
        j++;
    }
    return true;
}

static bool check_token(scan *s, const cdc_rx_token *t)
{
    size_t at = t->at;

    switch (t->kind) {
    case CDC_RX_LITERAL: return literal(s, t);
    case CDC_RX_ANY:
    case CDC_RX_ANCHOR: return other_escape(s, t);
    case CDC_RX_PROPERTY: return property(s, t);
    case CDC_RX_BACKREF: return backref(s, t);
    case CDC_RX_CALL: return call(s, t);
    case CDC_RX_STRAY_E:
        return fail(s, at, "'\\E' without a matching '\\Q' is an error in Java regex; remove it");
    case CDC_RX_CLASS_OPEN: return t->class_depth > 0 ? nested_class(s, at) : true;
    case CDC_RX_INTERSECTION:
        return fail(s, at,
                    "'&&' in a character class is an intersection in Java but "
                    "literal text in PCRE2; escape it as \\&\\&");
    case CDC_RX_RANGE: return check_fold_range(s, t);
    case CDC_RX_GROUP_OPEN: return group(s, t);
    case CDC_RX_FLAGS: return inline_flags(s, t);
    case CDC_RX_COMMENT: return comment(s, t);
    case CDC_RX_COMMENT_GROUP:
        return fail(s, at,
                    "comment group '(?#...)' is not supported by Java regex; remove it, "
                    "or use (?x) and # comments");
    case CDC_RX_CALLOUT:
        return fail(s, at, "callout '%s' is not supported by Java regex",
                    snip(s, at, group_end(s, at)));
    case CDC_RX_VERB:
        return fail(s, at, "verb or option '%s' is not supported by Java regex",
                    snip(s, at, group_end(s, at)));
    default: return true;
    }
}

/* Every token, in order, until the first that Java reads differently. The
 * lexer finds nothing malformed in what PCRE2 compiled, but for what only
 * Java reads as structure (nested classes), which is refused before. */
static bool walk(scan *s)
{
    cdc_rx_lexer lx;
    cdc_rx_token t;

    cdc_rx_lexer_init(&lx, (const char *)s->p, s->len);
    while (cdc_rx_next(&lx, &t))
        if (!check_token(s, &t))
            return false;
    if (lx.error)
        return fail(s, lx.error_at, "%s", lx.error);
    return true;
}

pcre2_code *cdc_regex_compile(const char *pattern, size_t len, int *err, size_t *erroff)
{
    /* Java's '.', '$' and '^' know \r, \r\n, U+0085, U+2028 and U+2029 as
     * line ends besides \n; PCRE2's ANY is that set plus VT and FF. */
    static pcre2_compile_context *cctx;
    if (!cctx) {
        cctx = pcre2_compile_context_create(NULL);
        if (!cctx)
            CDC_BUG("pcre2 out of memory");
        pcre2_set_newline(cctx, PCRE2_NEWLINE_ANY);
    }
    PCRE2_SIZE off = 0;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, len, PCRE2_UTF, err, &off, cctx);
    *erroff = off;
    return re;
}

/* PCRE2's message as a cdcgen one: lower-case first letter, no full stop. */
static const char *pcre2_message(cdc_arena *a, int code)
{
    PCRE2_UCHAR buf[256];

    if (pcre2_get_error_message(code, buf, sizeof buf) == PCRE2_ERROR_BADDATA)
        return cdc_arena_printf(a, "invalid regular expression (PCRE2 error %d)", code);
    char *m = cdc_arena_strdup(a, (const char *)buf);
    size_t n = strlen(m);
    while (n > 0 && (m[n - 1] == '.' || m[n - 1] == ' '))
        m[--n] = '\0';
    if (m[0] >= 'A' && m[0] <= 'Z' && !(m[1] >= 'A' && m[1] <= 'Z'))
        m[0] = (char)(m[0] - 'A' + 'a');
    return m;
}

bool cdc_regex_check(cdc_arena *a, const char *pattern, size_t len, const char **msg, size_t *at)
{
    const char *m = NULL;
    size_t off = 0;

    if (len == 0) {
        m = cdc_arena_strdup(a, "empty pattern never matches in Flink");
    } else {
        int code;
        size_t erroff;
        pcre2_code *re = cdc_regex_compile(pattern, len, &code, &erroff);
        if (!re) {
            m = pcre2_message(a, code);
            off = erroff > len ? len : erroff;
        } else {
            pcre2_code_free(re);
            scan s = {
                .a = a,
                .p = (const unsigned char *)pattern,
                .len = len,
                .budget = CASE_BUDGET,
            };
            if (!walk(&s)) {
                m = s.msg;
                off = s.at;
            } else if (!cdc_regex_check_backtracking(a, pattern, len, &m, &off)) {
                m = m ? m : "pattern backtracks catastrophically";
            }
            pcre2_match_data_free(s.md);
            pcre2_code_free(s.cased);
        }
    }
    if (!m)
        return true;
    if (msg)
        *msg = m;
    if (at)
        *at = off;
    return false;
}
