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
 *   2. It stays inside what both engines accept with the same meaning. A small
 *      scanner walks the pattern once: escapes, \Q...\E runs, character
 *      classes, group openers, repetition braces, and the (?i) and (?x) flags
 *      (tracked per group). It stops at the first construct that Java rejects
 *      or reads differently, and says why and what to write instead.
 *   3. It cannot backtrack catastrophically (redos.c): Java runs it in Flink
 *      and Kafka Streams without a match limit.
 * Steps 2 and 3 rely on step 1: they see only patterns PCRE2 accepted, so
 * on malformed input they just move on and never have to diagnose it.
 *
 * Every loop moves forward through the pattern, nothing recurses, and group
 * nesting goes into a fixed-size stack. The time taken is bounded for any
 * input.
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

enum {
    FLAG_I = 1 << 0, /* (?i): case-insensitive */
    FLAG_X = 1 << 1, /* (?x): whitespace and # comments ignored */
};

#define NEST_MAX 256      /* PCRE2's default parenthesis nesting limit is 250 */
#define CASE_BUDGET 65536 /* code points looked up for ranges under (?i), per call */

typedef struct scan {
    cdc_arena *a;
    const unsigned char *p; /* the pattern */
    size_t len;
    size_t i;                 /* next byte to read */
    unsigned flags;           /* FLAG_* in force at i */
    unsigned stack[NEST_MAX]; /* flags to restore at each open group's ')' */
    size_t depth;
    size_t overflow; /* groups opened beyond NEST_MAX */
    size_t *names;   /* (offset, length) of each named group seen so far */
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

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int hex_value(unsigned char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The whitespace Java skips under (?x), everywhere, classes included. */
static bool is_space(unsigned char c)
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

static void push(scan *s)
{
    if (s->depth < NEST_MAX)
        s->stack[s->depth++] = s->flags;
    else
        s->overflow++;
}

static void pop(scan *s)
{
    if (s->overflow > 0)
        s->overflow--;
    else if (s->depth > 0)
        s->flags = s->stack[--s->depth];
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

/* A literal code point written at [at, at+n): under (?i) it must not be a
 * cased non-ASCII character. */
static bool check_fold(scan *s, size_t at, size_t n, uint32_t cp)
{
    if (!(s->flags & FLAG_I) || !has_case(s, cp))
        return true;
    return fail(s, at,
                "'%s' under (?i) also matches its other case in PCRE2 but not in Java, "
                "which folds only ASCII; list both cases in a class instead",
                snip(s, at, at + n));
}

/* A class range lo-hi written at [at, end): under (?i) no code point in it
 * may be a cased non-ASCII character. */
static bool check_fold_range(scan *s, size_t at, size_t end, uint32_t lo, uint32_t hi)
{
    if (!(s->flags & FLAG_I) || hi < 0x80 || lo > hi)
        return true;
    if (lo < 0x80)
        lo = 0x80;
    if (hi - lo >= s->budget)
        return fail(s, at,
                    "range '%s' under (?i) is too large to check for non-ASCII letters, "
                    "which PCRE2 folds but Java does not; narrow it or drop (?i)",
                    snip(s, at, end));
    bool cased = false;
    for (uint32_t c = lo; !cased && c <= hi; c++) {
        s->budget--;
        cased = has_case(s, c);
    }
    if (!cased)
        return true;
    return fail(s, at,
                "range '%s' under (?i) also matches the other case of its non-ASCII "
                "letters in PCRE2 but not in Java, which folds only ASCII; list both "
                "cases instead",
                snip(s, at, end));
}

/* The end of a reference such as \g{..}, \g<..>, \g'..', \g-1 or (?R),
 * starting at j: past the closing bracket, or past a signed number. */
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
    while (j < len && is_digit(s->p[j]))
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

/* \Q...\E at s->i: literal text in both engines, up to \E or the end. *last
 * is the last code point quoted, or -1 for an empty run. */
static bool quoted(scan *s, int32_t *last)
{
    size_t j = s->i + 2;

    *last = -1;
    while (j < s->len) {
        if (s->p[j] == '\\' && j + 1 < s->len && s->p[j + 1] == 'E') {
            s->i = j + 2;
            return true;
        }
        uint32_t cp;
        size_t n = decode(s, j, &cp);
        if (!check_fold(s, j, n, cp))
            return false;
        *last = (int32_t)cp;
        j += n;
    }
    s->i = s->len;
    return true;
}

/* \xhh or \x{h..}. Java needs exactly two digits in the short form, whereas
 * PCRE2 takes zero to two. */
static bool hex_escape(scan *s, size_t at, int32_t *cp)
{
    const unsigned char *p = s->p;
    size_t len = s->len, j = at + 2;

    if (j < len && p[j] == '{') {
        size_t e = j + 1;
        uint32_t v = 0;
        while (e < len && hex_value(p[e]) >= 0) {
            if (v <= 0x10FFFF)
                v = v * 16 + (uint32_t)hex_value(p[e]);
            e++;
        }
        if (e == j + 1 || e >= len || p[e] != '}')
            return fail(s, at, "hex escape '%s' must be \\x{hex digits} in Java regex",
                        snip(s, at, e < len ? e + 1 : e));
        s->i = e + 1;
        *cp = (int32_t)(v > 0x10FFFF ? 0x10FFFF + 1 : v);
        return check_fold(s, at, s->i - at, v);
    }
    if (j + 1 < len && hex_value(p[j]) >= 0 && hex_value(p[j + 1]) >= 0) {
        uint32_t v = (uint32_t)(hex_value(p[j]) * 16 + hex_value(p[j + 1]));
        s->i = j + 2;
        *cp = (int32_t)v;
        return check_fold(s, at, 4, v);
    }
    size_t e = j;
    while (e < len && e < j + 2 && hex_value(p[e]) >= 0)
        e++;
    return fail(s, at, "hex escape '%s' needs exactly two digits in Java regex; use \\x{...}",
                snip(s, at, e));
}

/* \0 followed by octal digits. PCRE2 reads at most two more digits. Java needs
 * at least one, and reads a third when the first is 0-3. */
static bool octal_escape(scan *s, size_t at, int32_t *cp)
{
    const unsigned char *p = s->p;
    size_t j = at + 2, nd = 0;

    while (j + nd < s->len && nd < 3 && p[j + nd] >= '0' && p[j + nd] <= '7')
        nd++;
    if (nd == 0)
        return fail(s, at,
                    "octal escape '\\0' needs at least one more digit in Java regex; "
                    "use \\x00");
    if (nd == 3 && p[j] <= '3')
        return fail(s, at,
                    "octal escape '%s' takes three digits in Java but two in PCRE2; "
                    "use \\x{...}",
                    snip(s, at, j + 3));
    if (nd > 2)
        nd = 2;
    int32_t v = 0;
    for (size_t k = 0; k < nd; k++)
        v = v * 8 + (p[j + k] - '0');
    s->i = j + nd;
    *cp = v;
    return true;
}

/* \p{Name}, \P{Name}, \pL. Only the Unicode general categories have the same
 * spelling and meaning in both engines. Scripts, binary properties and POSIX
 * names differ: \p{Greek} vs \p{IsGreek}, and \p{Alpha} is Unicode in PCRE2
 * but ASCII in Java. */
static bool property(scan *s, size_t at)
{
    static const char *const categories[] = {
        "C",  "Cc", "Cf", "Cn", "Co", "Cs", "L",  "LC", "Ll", "Lm", "Lo", "Lt", "Lu",
        "M",  "Mc", "Me", "Mn", "N",  "Nd", "Nl", "No", "P",  "Pc", "Pd", "Pe", "Pf",
        "Pi", "Po", "Ps", "S",  "Sc", "Sk", "Sm", "So", "Z",  "Zl", "Zp", "Zs",
    };
    const unsigned char *p = s->p;
    size_t len = s->len, j = at + 2, name, n;

    if (j >= len) {
        s->i = len;
        return true;
    }
    if (p[j] == '{') {
        size_t e = j + 1;
        while (e < len && p[e] != '}' && e < j + 64)
            e++;
        name = j + 1;
        n = e - name;
        s->i = e < len && p[e] == '}' ? e + 1 : e;
    } else {
        name = j;
        n = 1;
        s->i = j + 1;
    }

    bool known = false;
    for (size_t k = 0; k < ARRAY_SIZE(categories) && !known; k++)
        known = strlen(categories[k]) == n && memcmp(categories[k], p + name, n) == 0;
    if (!known)
        return fail(s, at,
                    "property '%s' is not read the same way by Java and PCRE2; use a "
                    "Unicode general category such as \\p{L} or \\p{Lu}",
                    snip(s, at, s->i));
    if ((s->flags & FLAG_I) && n == 2 && p[name] == 'L' &&
        (p[name + 1] == 'u' || p[name + 1] == 'l' || p[name + 1] == 't'))
        return fail(s, at,
                    "'%s' under (?i) matches every cased letter in Java but only its own "
                    "category in PCRE2; use \\p{L} or drop (?i)",
                    snip(s, at, s->i));
    return true;
}

/* The escape at s->i (a backslash; \Q is handled by the callers). Advances
 * s->i. Sets *cp to the code point of a single-character escape, or -1 for
 * anything else (\d, \p{..}, assertions, back references). */
static bool escape(scan *s, bool in_class, int32_t *cp)
{
    const unsigned char *p = s->p;
    size_t len = s->len, at = s->i;

    *cp = -1;
    if (at + 1 >= len) {
        s->i = len;
        return true;
    }
    unsigned char c = p[at + 1];
    s->i = at + 2;
    switch (c) {
    case 'a': *cp = 0x07; return true;
    case 'e': *cp = 0x1B; return true;
    case 'f': *cp = 0x0C; return true;
    case 'n': *cp = 0x0A; return true;
    case 'r': *cp = 0x0D; return true;
    case 't': *cp = 0x09; return true;
    case 'b':
        if (in_class)
            return fail(s, at,
                        "'\\b' in a character class (backspace) is an error in Java "
                        "regex; use \\x08");
        if (at + 2 < len && p[at + 2] == '{')
            return fail(s, at,
                        "'\\b{' is a boundary type in Java (\\b{g}) but a word boundary "
                        "and a literal brace in PCRE2; escape the brace as \\{");
        return true;
    case 'c':
        if (at + 2 >= len)
            return true;
        if (p[at + 2] == '\\')
            return fail(s, at,
                        "control escape '\\c\\' is read differently by Java, which "
                        "looks for \\Q first; use \\x1C");
        if (p[at + 2] >= 'a' && p[at + 2] <= 'z')
            return fail(s, at,
                        "control escape '\\c%c' means a different character in Java, "
                        "which does not upper-case the letter; use '\\c%c'",
                        p[at + 2], p[at + 2] - 'a' + 'A');
        *cp = p[at + 2] ^ 0x40;
        s->i = at + 3;
        return true;
    case 'x': return hex_escape(s, at, cp);
    case '0': return octal_escape(s, at, cp);
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        if (in_class)
            return fail(s, at,
                        "'\\%c' in a character class is an octal escape in PCRE2 but an "
                        "error in Java; use \\x{...}",
                        c);
        if (at + 2 < len && is_digit(p[at + 2]))
            return fail(s, at,
                        "back reference '%s' is read differently by Java, which takes "
                        "only as many digits as there are groups so far, and PCRE2; use "
                        "a named group and \\k<name>",
                        snip(s, at, ref_end(s, at + 1)));
        return true;
    case 'E':
        return fail(s, at, "'\\E' without a matching '\\Q' is an error in Java regex; remove it");
    case 'C': return fail(s, at, "'\\C' (one code unit) is not supported by Java regex");
    case 'K':
        return fail(s, at,
                    "'\\K' (reset match start) is not supported by Java regex; use a "
                    "lookbehind (?<=...)");
    case 'N':
        if (at + 2 < len && p[at + 2] == '{')
            return fail(s, at,
                        "'\\N{...}' is a code point in PCRE2 but a character name in "
                        "Java; use \\x{...}");
        return fail(s, at,
                    "'\\N' (any character but newline) is not supported by Java regex; "
                    "use [^\\n]");
    case 'o':
        return fail(s, at, "octal escape '%s' is not supported by Java regex; use \\x{...}",
                    snip(s, at, ref_end(s, at + 2)));
    case 'g':
        if (at + 2 < len && (p[at + 2] == '<' || p[at + 2] == '\''))
            return fail(s, at, "subroutine call '%s' is not supported by Java regex",
                        snip(s, at, ref_end(s, at + 2)));
        return fail(s, at,
                    "back reference '%s' is not supported by Java regex; use \\1 or "
                    "\\k<name>",
                    snip(s, at, ref_end(s, at + 2)));
    case 'k': {
        size_t end = ref_end(s, at + 2);
        if (at + 2 >= len || p[at + 2] != '<')
            return fail(s, at,
                        "named back reference '%s' must be written \\k<name> in Java "
                        "regex",
                        snip(s, at, end));
        s->i = end;
        size_t name = at + 3, n = end > name + 1 ? end - name - 1 : 0;
        if (!known_name(s, name, n))
            return fail(s, at,
                        "named group '%s' is referenced before it is defined; Java "
                        "requires the group to come first",
                        snip(s, name, name + n));
        return true;
    }
    case 'p':
    case 'P': return property(s, at);
    default:
        if (c >= 0x80) {
            uint32_t v;
            size_t n = decode(s, at + 1, &v);
            s->i = at + 1 + n;
            *cp = (int32_t)v;
            return check_fold(s, at, n + 1, v);
        }
        if (!is_alpha(c)) /* punctuation, space or NUL: literal in both */
            *cp = c;
        /* else one of \d \D \s \S \w \W \h \H \v \V \R \X \A \z \Z \G \B:
         * the same in both (PCRE2 rejects the letters it does not know) */
        return true;
    }
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

/* A character class [...] at s->i. */
static bool char_class(scan *s)
{
    const unsigned char *p = s->p;
    size_t len = s->len;
    bool first = true; /* a ']' here is a literal, in both engines */
    int32_t prev = -1; /* the last single character: a range may start here */
    size_t prev_at = 0;
    bool dash = false; /* a '-' after prev: the next item ends a range */

    s->i++;
    if (s->i < len && p[s->i] == '^')
        s->i++;
    while (s->i < len) {
        size_t at = s->i;
        unsigned char c = p[at];
        int32_t cp = -1;

        if (c == ']' && !first) {
            s->i++;
            return true;
        }
        if ((s->flags & FLAG_X) && (is_space(c) || c == '#'))
            return fail(s, at,
                        "under (?x) Java ignores whitespace and '#' comments inside a "
                        "character class but PCRE2 does not; escape it as '\\%c'",
                        c == '#' ? '#' : ' ');
        if (c == '[')
            return nested_class(s, at);
        if (c == '&' && at + 1 < len && p[at + 1] == '&')
            return fail(s, at,
                        "'&&' in a character class is an intersection in Java but "
                        "literal text in PCRE2; escape it as \\&\\&");
        if (c == '\\' && at + 1 < len && p[at + 1] == 'Q') {
            int32_t last;
            if (!quoted(s, &last))
                return false;
            if (last >= 0) {
                first = false;
                prev = last;
                prev_at = at;
                dash = false;
            }
            continue;
        }
        if (c == '\\') {
            if (!escape(s, true, &cp))
                return false;
        } else if (c == '-' && prev >= 0 && !dash && at + 1 < len && p[at + 1] != ']') {
            dash = true;
            s->i++;
            continue;
        } else {
            uint32_t v;
            size_t n = decode(s, at, &v);
            if (!check_fold(s, at, n, v))
                return false;
            s->i = at + n;
            cp = (int32_t)v;
        }
        first = false;
        if (dash) {
            dash = false;
            if (cp >= 0 && !check_fold_range(s, prev_at, s->i, (uint32_t)prev, (uint32_t)cp))
                return false;
            prev = -1;
        } else {
            prev = cp;
            prev_at = at;
        }
    }
    return true; /* unterminated: PCRE2 has rejected it already */
}

/* A named group (?<name> with the name at s->p[name]. Java allows ASCII
 * letters and digits only, starting with a letter. */
static bool named_group(scan *s, size_t at, size_t name)
{
    const unsigned char *p = s->p;
    size_t e = name;

    while (e < s->len && p[e] != '>' && e < name + 256)
        e++;
    bool ok = e > name && is_alpha(p[name]);
    for (size_t k = name; k < e && ok; k++)
        ok = is_alpha(p[k]) || is_digit(p[k]);
    if (!ok)
        return fail(s, at,
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
    push(s);
    s->i = e < s->len ? e + 1 : e;
    return true;
}

/* Inline flags (?imsx-imsx) or (?imsx-imsx: at s->p[at]. */
static bool inline_flags(scan *s, size_t at)
{
    const unsigned char *p = s->p;
    unsigned on = s->flags;
    bool negate = false;

    for (size_t j = at + 2; j < s->len; j++) {
        unsigned char c = p[j];
        unsigned bit = 0;
        switch (c) {
        case ')':
            s->flags = on;
            s->i = j + 1;
            return true;
        case ':':
            push(s);
            s->flags = on;
            s->i = j + 1;
            return true;
        case '-': negate = true; continue;
        case 'i': bit = FLAG_I; break;
        case 'x':
            if (j + 1 < s->len && p[j + 1] == 'x')
                return fail(s, j,
                            "inline flag 'xx' means extended-more in PCRE2 but plain x in "
                            "Java; use x");
            bit = FLAG_X;
            break;
        case 'm':
        case 's': break;
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
        on = negate ? on & ~bit : on | bit;
    }
    s->i = s->len;
    return true;
}

/* A '(' at s->i: a group, or one of the (?...) and (*...) forms. */
static bool group(scan *s)
{
    const unsigned char *p = s->p;
    size_t len = s->len, at = s->i;

    size_t close = at + 1; /* end of the construct, for messages */
    while (close < len && p[close] != ')' && close < at + 40)
        close++;
    if (close < len && p[close] == ')')
        close++;

    if (at + 1 < len && p[at + 1] == '*')
        return fail(s, at, "verb or option '%s' is not supported by Java regex",
                    snip(s, at, close));
    if (at + 1 >= len || p[at + 1] != '?') {
        push(s);
        s->i = at + 1;
        return true;
    }
    if (at + 2 >= len) {
        s->i = len;
        return true;
    }

    unsigned char c = p[at + 2];
    unsigned char d = at + 3 < len ? p[at + 3] : 0;
    switch (c) {
    case ':':
    case '=':
    case '!':
    case '>':
        push(s);
        s->i = at + 3;
        return true;
    case '<':
        if (d == '=' || d == '!') {
            push(s);
            s->i = at + 4;
            return true;
        }
        if (is_alpha(d) || is_digit(d) || d == '_' || d >= 0x80)
            return named_group(s, at, at + 3);
        return fail(s, at, "group '(?<%c' is not supported by Java regex", d);
    case 'P':
        if (d == '<')
            return fail(s, at,
                        "named group '(?P<name>...)' is not supported by Java regex; "
                        "write (?<name>...)");
        if (d == '>')
            return fail(s, at, "subroutine call '%s' is not supported by Java regex",
                        snip(s, at, close));
        if (d == '=')
            return fail(s, at,
                        "named back reference '%s' is not supported by Java regex; write "
                        "\\k<name>",
                        snip(s, at, close));
        return fail(s, at, "group '(?P%c' is not supported by Java regex", d);
    case '\'':
        return fail(s, at,
                    "named group \"(?'name'...)\" is not supported by Java regex; write "
                    "(?<name>...)");
    case 'R':
        return fail(s, at, "recursion '%s' is not supported by Java regex", snip(s, at, close));
    case '&':
    case '+':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        return fail(s, at, "subroutine call '%s' is not supported by Java regex",
                    snip(s, at, close));
    case '-':
        if (is_digit(d))
            return fail(s, at, "subroutine call '%s' is not supported by Java regex",
                        snip(s, at, close));
        return inline_flags(s, at);
    case '(': return fail(s, at, "conditional group '(?(' is not supported by Java regex");
    case '|': return fail(s, at, "branch reset group '(?|' is not supported by Java regex");
    case '#':
        return fail(s, at,
                    "comment group '(?#...)' is not supported by Java regex; remove it, "
                    "or use (?x) and # comments");
    case 'C': return fail(s, at, "callout '%s' is not supported by Java regex", snip(s, at, close));
    default: return inline_flags(s, at);
    }
}

/* A '{' outside a class at s->i. Java reads every unescaped '{' as a
 * repetition and rejects it when it is not one; PCRE2 reads it as a literal. */
static bool repeat(scan *s)
{
    const unsigned char *p = s->p;
    size_t len = s->len, at = s->i, j = at + 1;

    while (j < len && is_digit(p[j]))
        j++;
    if (j > at + 1) {
        if (j < len && p[j] == ',') {
            j++;
            while (j < len && is_digit(p[j]))
                j++;
        }
        if (j < len && p[j] == '}') {
            s->i = j + 1;
            return true;
        }
    }
    return fail(s, at,
                "'{' that does not start a repetition {n}, {n,} or {n,m} is a literal in "
                "PCRE2 but an error in Java; escape it as \\{");
}

/* A (?x) comment: '#' to the end of the line at s->i. */
static bool comment(scan *s)
{
    size_t j = s->i + 1;

    while (j < s->len && s->p[j] != '\n') {
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
    s->i = j < s->len ? j + 1 : s->len;
    return true;
}

static bool walk(scan *s)
{
    while (s->i < s->len) {
        size_t at = s->i;
        unsigned char c = s->p[at];
        int32_t cp;
        bool ok = true;

        if (s->flags & FLAG_X) {
            if (is_space(c)) {
                s->i++;
                continue;
            }
            if (c == '#') {
                if (!comment(s))
                    return false;
                continue;
            }
            uint32_t v;
            if (c >= 0x80 && unicode_space(s, at, false)) {
                decode(s, at, &v);
                return fail(s, at,
                            "under (?x) PCRE2 ignores U+%04X as whitespace but Java matches "
                            "it; escape it as \\x{%X}",
                            (unsigned)v, (unsigned)v);
            }
        }
        switch (c) {
        case '\\':
            if (at + 1 < s->len && s->p[at + 1] == 'Q')
                ok = quoted(s, &cp);
            else
                ok = escape(s, false, &cp);
            break;
        case '[': ok = char_class(s); break;
        case '(': ok = group(s); break;
        case ')':
            pop(s);
            s->i++;
            break;
        case '{': ok = repeat(s); break;
        default:
            if (c < 0x80) {
                s->i++;
            } else {
                uint32_t v;
                size_t n = decode(s, at, &v);
                ok = check_fold(s, at, n, v);
                s->i = at + n;
            }
        }
        if (!ok)
            return false;
        if (s->i <= at)
            CDC_BUG("regex scanner did not advance at offset %zu", at);
    }
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
