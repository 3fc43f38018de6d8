/* lang/regex_lex.c: one `matches` pattern -> its tokens, one at a time.
 *
 * Consumes a pattern as written in a filter: bytes and a length (NUL bytes
 * allowed). Produces its tokens (regex_lex.h): literal code points, escapes,
 * character classes with their ranges, groups of every kind, quantifiers,
 * anchors, back references, \Q...\E quotes, inline flags and (?x) comments,
 * each with its byte offset and length and the flags in force there; or the
 * offset of the first malformed construct.
 *
 * Why: the dialect check (regex.c) and the backtracking check (redos.c)
 * walk the same patterns; reading them in one place means the two cannot
 * read a construct two ways. The reading is PCRE2's (8-bit, UTF), except
 * where Java's decides what a token is: inside a class, '[' opens a nested
 * class and "&&" is an intersection. PCRE2-only forms ((?P<name>, (?R),
 * (*VERB), \g, \K, ...) are tokens too, so that the dialect check can name
 * them. Only lexical faults are reported (an unterminated class, group,
 * name or \x{...}, a '\' at the end, an unknown escape letter, invalid
 * UTF-8); PCRE2 reports the rest (unknown properties, ranges and counts out
 * of order, references to missing groups).
 *
 * The lexer tracks the flags, because (?x) changes what is a token:
 * outside classes, whitespace is skipped and '#' starts a comment. Every
 * call moves forward through the pattern and nothing recurses, so the time
 * is linear for any input.
 */
#include <stddef.h>
#include <string.h>

#include "cdcgen/lang/regex_lex.h"
#include "cdcgen/base/util.h"

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

/* The whitespace (?x) skips in both engines. */
static bool is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* What group names are made of; PCRE2 checks the rest of the rules. */
static bool is_name_char(unsigned char c)
{
    return is_alpha(c) || is_digit(c) || c == '_' || c >= 0x80;
}

static bool malformed(cdc_rx_lexer *lx, size_t at, const char *what)
{
    lx->error = what;
    lx->error_at = at;
    return false;
}

/* *t as a token of kind, from at up to the next byte to read. */
static bool token(cdc_rx_lexer *lx, cdc_rx_token *t, cdc_rx_kind kind, size_t at)
{
    *t = (cdc_rx_token){
        .kind = kind,
        .at = at,
        .len = lx->i - at,
        .flags = lx->flags,
        .class_depth = lx->class_depth,
    };
    return true;
}

/* A token written as '\' and esc (lx->i is already past it). */
static bool escaped(cdc_rx_lexer *lx, cdc_rx_token *t, cdc_rx_kind kind, size_t at)
{
    token(lx, t, kind, at);
    t->esc = lx->p[at + 1];
    return true;
}

/* A code point written as itself (or quoted). */
static bool literal(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at, uint32_t cp)
{
    token(lx, t, CDC_RX_LITERAL, at);
    t->cp = cp;
    return true;
}

/* A code point written as an escape. */
static bool escaped_literal(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at, uint32_t cp)
{
    escaped(lx, t, CDC_RX_LITERAL, at);
    t->cp = cp;
    return true;
}

/* The code point at lx->i, written as itself. */
static bool plain(cdc_rx_lexer *lx, cdc_rx_token *t)
{
    size_t at = lx->i;
    uint32_t cp;
    size_t n = cdc_utf8_decode((const char *)lx->p + at, lx->len - at, &cp);

    if (!n)
        return malformed(lx, at, "invalid UTF-8");
    lx->i = at + n;
    return literal(lx, t, at, cp);
}

static void push(cdc_rx_lexer *lx, size_t at)
{
    if (lx->depth < CDC_RX_NEST_MAX) {
        lx->open[lx->depth].flags = lx->flags;
        lx->open[lx->depth].at = at;
        lx->depth++;
    } else {
        lx->overflow++;
    }
}

static void pop(cdc_rx_lexer *lx)
{
    if (lx->overflow > 0)
        lx->overflow--;
    else if (lx->depth > 0)
        lx->flags = lx->open[--lx->depth].flags;
}

/* Past the last byte of name characters from j that close ends; 0 when the
 * name is empty or close is missing. */
static size_t name_end(const cdc_rx_lexer *lx, size_t j, unsigned char close)
{
    size_t e = j;

    while (e < lx->len && is_name_char(lx->p[e]))
        e++;
    return e > j && e < lx->len && lx->p[e] == close ? e + 1 : 0;
}

/* Past the first `close` at or after j, or 0 when there is none. */
static size_t find_close(const cdc_rx_lexer *lx, size_t j, unsigned char close)
{
    const unsigned char *hit = j < lx->len ? memchr(lx->p + j, close, lx->len - j) : NULL;
    return hit ? (size_t)(hit - lx->p) + 1 : 0;
}

/* A reference whose name or number is [from, end - 1), end past its closing
 * delimiter. */
static bool reference(cdc_rx_lexer *lx, cdc_rx_token *t, cdc_rx_kind kind, size_t at, size_t from,
                      size_t end)
{
    lx->i = end;
    token(lx, t, kind, at);
    t->esc = lx->p[at] == '\\' ? lx->p[at + 1] : 0;
    t->name_at = from;
    t->name_len = end - 1 - from;
    return true;
}

/* Digits from j, with an optional sign first: their end, or 0 for none. */
static size_t number_end(const cdc_rx_lexer *lx, size_t j)
{
    if (j < lx->len && (lx->p[j] == '+' || lx->p[j] == '-'))
        j++;
    size_t e = j;
    while (e < lx->len && is_digit(lx->p[e]))
        e++;
    return e > j ? e : 0;
}

/* Digits in base (8, 10 or 16) from j, at most max of them: past the
 * last, with their value in *v (which stops growing past U+10FFFF). */
static size_t digits(const cdc_rx_lexer *lx, size_t j, unsigned base, size_t max, uint32_t *v)
{
    size_t e = j;

    *v = 0;
    for (; e < lx->len && e - j < max; e++) {
        int d = hex_value(lx->p[e]);
        if (d < 0 || (unsigned)d >= base)
            break;
        *v = *v > 0x10FFFF ? *v : *v * base + (uint32_t)d;
    }
    return e;
}

/* Digits in base from j up to a '}': \x{263A}, \o{101}, \N{U+263A}. */
static bool braced_code_point(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at, size_t j, unsigned base)
{
    uint32_t v;
    size_t e = digits(lx, j, base, SIZE_MAX, &v);

    if (e == j || e >= lx->len || lx->p[e] != '}')
        return malformed(lx, at, "a code point in braces must be digits that end with '}'");
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return malformed(lx, at, "a code point in braces must be a Unicode scalar value");
    lx->i = e + 1;
    return escaped_literal(lx, t, at, v);
}

/* A code point in at most max digits from j (the escape starts at at):
 * \x41, \x4 and \x (PCRE2 takes zero to two hex digits), \012, \1 in a
 * class. */
static bool short_code_point(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at, size_t j, unsigned base,
                             size_t max)
{
    uint32_t v;

    lx->i = digits(lx, j, base, max, &v);
    return escaped_literal(lx, t, at, v);
}

/* \cX: the control character of a printable ASCII X, upper-cased first. */
static bool control(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at)
{
    if (at + 2 >= lx->len || lx->p[at + 2] < 0x20 || lx->p[at + 2] > 0x7E)
        return malformed(lx, at, "'\\c' must be followed by a printable ASCII character");
    unsigned char x = lx->p[at + 2];
    lx->i = at + 3;
    return escaped_literal(lx, t, at, (uint32_t)((x >= 'a' && x <= 'z' ? x - 32 : x) ^ 0x40));
}

/* \p{Name}, \P{Name}, \pL. */
static bool property(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at)
{
    const unsigned char *p = lx->p;
    size_t j = at + 2, from, end;

    if (j < lx->len && p[j] == '{') {
        end = find_close(lx, j + 1, '}');
        if (!end)
            return malformed(lx, at, "'\\p{' must end with '}'");
        from = j + 1;
        lx->i = end;
        end--;
    } else {
        uint32_t cp;
        size_t n = j < lx->len ? cdc_utf8_decode((const char *)p + j, lx->len - j, &cp) : 0;
        if (!n)
            return malformed(lx, at, "'\\p' must be followed by a property name");
        from = j;
        end = lx->i = j + n;
    }
    escaped(lx, t, CDC_RX_PROPERTY, at);
    t->name_at = from;
    t->name_len = end - from;
    t->negated = (t->esc == 'P') != (end > from && p[from] == '^');
    return true;
}

/* \k<name>, \k'name', \k{name}. */
static bool named_reference(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at)
{
    size_t j = at + 2;
    unsigned char open = j < lx->len ? lx->p[j] : 0;
    unsigned char close = open == '<' ? '>' : open == '{' ? '}' : open == '\'' ? '\'' : 0;
    size_t end = close ? name_end(lx, j + 1, close) : 0;

    if (!end)
        return malformed(lx, at, "'\\k' must be followed by a name in <>, '' or {}");
    return reference(lx, t, CDC_RX_BACKREF, at, j + 1, end);
}

/* \g1, \g-1, \g{1}, \g{name}: back references; \g<..>, \g'..': calls. */
static bool g_reference(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at)
{
    size_t j = at + 2;
    unsigned char open = j < lx->len ? lx->p[j] : 0;

    if (open == '{' || open == '<' || open == '\'') {
        unsigned char close = open == '{' ? '}' : open == '<' ? '>' : '\'';
        size_t e = number_end(lx, j + 1);
        size_t end = e && e < lx->len && lx->p[e] == close ? e + 1 : name_end(lx, j + 1, close);
        if (!end)
            return malformed(lx, at, "'\\g' must be followed by a name or number");
        return reference(lx, t, open == '{' ? CDC_RX_BACKREF : CDC_RX_CALL, at, j + 1, end);
    }
    size_t e = number_end(lx, j);
    if (!e)
        return malformed(lx, at, "'\\g' must be followed by a name or number");
    lx->i = e;
    token(lx, t, CDC_RX_BACKREF, at);
    t->esc = 'g';
    t->name_at = j;
    t->name_len = e - j;
    return true;
}

/* \1, \12: a back reference by number, all its digits. */
static bool numbered_reference(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at)
{
    size_t e = at + 1;

    while (e < lx->len && is_digit(lx->p[e]))
        e++;
    lx->i = e;
    escaped(lx, t, CDC_RX_BACKREF, at);
    t->name_at = at + 1;
    t->name_len = e - at - 1;
    return true;
}

/* \a \e \f \n \r \t: their code point; else -1. */
static int control_letter(unsigned char c)
{
    switch (c) {
    case 'a': return 0x07;
    case 'e': return 0x1B;
    case 'f': return 0x0C;
    case 'n': return 0x0A;
    case 'r': return 0x0D;
    case 't': return 0x09;
    default: return -1;
    }
}

/* The escape at lx->i (a backslash). In a class, as PCRE2 reads them, \b
 * is a backspace, \1..\7 start octal escapes and \8, \9, \g are letters. */
static bool escape(cdc_rx_lexer *lx, cdc_rx_token *t, bool in_class)
{
    const unsigned char *p = lx->p;
    size_t at = lx->i;

    if (at + 1 >= lx->len)
        return malformed(lx, at, "'\\' at the end of the pattern");
    unsigned char c = p[at + 1];
    bool letter = is_alpha(c);
    lx->i = at + 2;
    if (control_letter(c) >= 0)
        return escaped_literal(lx, t, at, (uint32_t)control_letter(c));
    if (in_class && (c == 'b' || c == '8' || c == '9' || c == 'g'))
        return escaped_literal(lx, t, at, c == 'b' ? 0x08 : c);
    if (in_class && c >= '1' && c <= '7')
        return short_code_point(lx, t, at, at + 1, 8, 3);
    if (c >= '1' && c <= '9')
        return numbered_reference(lx, t, at);
    if (letter && strchr("bBAzZGK", c))
        return escaped(lx, t, CDC_RX_ANCHOR, at);
    if (letter && strchr("dDwWsShHvVRX", c))
        return escaped(lx, t, CDC_RX_CLASS_ESCAPE, at);
    switch (c) {
    case 'C': return escaped(lx, t, CDC_RX_ANY, at);
    case 'N': /* \N{U+41}; else any but a newline, maybe with a {n,m} */
        if (at + 4 < lx->len && p[at + 2] == '{' && p[at + 3] == 'U' && p[at + 4] == '+')
            return braced_code_point(lx, t, at, at + 5, 16);
        return escaped(lx, t, CDC_RX_ANY, at);
    case 'c': return control(lx, t, at);
    case 'x':
        if (at + 2 < lx->len && p[at + 2] == '{')
            return braced_code_point(lx, t, at, at + 3, 16);
        return short_code_point(lx, t, at, at + 2, 16, 2);
    case 'o':
        if (at + 2 < lx->len && p[at + 2] == '{')
            return braced_code_point(lx, t, at, at + 3, 8);
        return malformed(lx, at, "'\\o' must be followed by octal digits in braces");
    case '0': return short_code_point(lx, t, at, at + 2, 8, 2);
    case 'k': return named_reference(lx, t, at);
    case 'g': return g_reference(lx, t, at);
    case 'p':
    case 'P': return property(lx, t, at);
    case 'Q':
        lx->quoting = true;
        lx->quote_at = at;
        return escaped(lx, t, CDC_RX_QUOTE, at);
    case 'E': return escaped(lx, t, CDC_RX_STRAY_E, at);
    default:
        if (c >= 0x80) {
            uint32_t cp;
            size_t n = cdc_utf8_decode((const char *)p + at + 1, lx->len - at - 1, &cp);
            if (!n)
                return malformed(lx, at + 1, "invalid UTF-8");
            lx->i = at + 1 + n;
            return escaped_literal(lx, t, at, cp);
        }
        if (letter)
            return malformed(lx, at, "unknown escape letter");
        return escaped_literal(lx, t, at, c); /* punctuation, space, control or NUL: itself */
    }
}

/* Inside \Q...\E: a quoted code point, or the \E. */
static bool quoted(cdc_rx_lexer *lx, cdc_rx_token *t)
{
    size_t at = lx->i;

    if (at + 1 < lx->len && lx->p[at] == '\\' && lx->p[at + 1] == 'E') {
        lx->quoting = false;
        lx->i = at + 2;
        return escaped(lx, t, CDC_RX_QUOTE_END, at);
    }
    if (!plain(lx, t))
        return false;
    t->quoted = true;
    return true;
}

static bool group_open(cdc_rx_lexer *lx, cdc_rx_token *t, cdc_rx_group kind, size_t at, size_t end)
{
    lx->i = end;
    token(lx, t, CDC_RX_GROUP_OPEN, at);
    t->group = kind;
    push(lx, at);
    return true;
}

static bool named_group(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at, size_t name,
                        unsigned char close)
{
    size_t end = name_end(lx, name, close);

    if (!end)
        return malformed(lx, at, "group name must be letters, digits or '_' and end the name");
    group_open(lx, t, CDC_RX_NAMED, at, end);
    t->name_at = name;
    t->name_len = end - 1 - name;
    return true;
}

/* (?imsx-imsx) or (?imsx-imsx: at at. flags_on are the letters before '-'
 * ('^' first clears every flag, as in PCRE2), flags_off those after it. */
static bool inline_flags(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at)
{
    const unsigned char *p = lx->p;
    unsigned on = 0, off = 0, now = lx->flags;
    bool negate = false;
    size_t j = at + 2;

    for (; j < lx->len && p[j] != ')' && p[j] != ':'; j++) {
        unsigned char c = p[j];
        unsigned bit = c == 'i'   ? CDC_RX_FLAG_I
                       : c == 'm' ? CDC_RX_FLAG_M
                       : c == 's' ? CDC_RX_FLAG_S
                       : c == 'x' ? CDC_RX_FLAG_X
                                  : 0;
        if (c == '-') {
            negate = true;
        } else if (c == '^') {
            off |= CDC_RX_FLAG_I | CDC_RX_FLAG_M | CDC_RX_FLAG_S | CDC_RX_FLAG_X;
            now = 0;
        } else if (!is_alpha(c)) {
            return malformed(lx, j, "inline flags must be letters, '-' or '^'");
        } else if (negate) {
            off |= bit;
            now &= ~bit;
        } else {
            on |= bit;
            now |= bit;
        }
    }
    if (j >= lx->len)
        return malformed(lx, at, "inline flags must end with ')' or ':'");
    if (p[j] == ')') {
        lx->i = j + 1;
        token(lx, t, CDC_RX_FLAGS, at);
    } else {
        group_open(lx, t, CDC_RX_FLAG_GROUP, at, j + 1);
    }
    t->flags_on = on;
    t->flags_off = off;
    lx->flags = now;
    return true;
}

/* A reference (?&name), (?P>name), (?P=name), (?1), (?-1), (?+1), (?R):
 * from `from` up to ')'. */
static bool group_reference(cdc_rx_lexer *lx, cdc_rx_token *t, cdc_rx_kind kind, size_t at,
                            size_t from, bool by_number)
{
    size_t end = name_end(lx, from, ')');

    if (by_number) {
        size_t e = number_end(lx, from);
        end = e && e < lx->len && lx->p[e] == ')' ? e + 1 : 0;
    }
    if (!end)
        return malformed(lx, at, "group reference must be a name or number and end with ')'");
    return reference(lx, t, kind, at, from, end);
}

/* (?C), (?C1), (?C"text"): the text's delimiter is doubled inside it. */
static bool callout(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at)
{
    const unsigned char *p = lx->p;
    size_t j = at + 3;

    if (j < lx->len && strchr("`'\"^%#${", p[j]) && p[j]) {
        unsigned char close = p[j] == '{' ? '}' : p[j];
        for (j++; j < lx->len; j++) {
            if (p[j] != close)
                continue;
            if (j + 1 < lx->len && p[j + 1] == close && close != '}')
                j++;
            else
                break;
        }
        j++;
    } else {
        while (j < lx->len && is_digit(p[j]))
            j++;
    }
    if (j >= lx->len || p[j] != ')')
        return malformed(lx, at, "callout must end with ')'");
    lx->i = j + 1;
    return token(lx, t, CDC_RX_CALLOUT, at);
}

/* (*VERB), (*VERB:NAME), or an alpha assertion such as (*pla:, a group. */
static bool star(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at)
{
    size_t e = at + 2;

    while (e < lx->len && ((lx->p[e] >= 'a' && lx->p[e] <= 'z') || lx->p[e] == '_'))
        e++;
    if (e > at + 2 && e < lx->len && lx->p[e] == ':')
        return group_open(lx, t, CDC_RX_ALPHA, at, e + 1);
    size_t end = find_close(lx, at + 2, ')');
    if (!end)
        return malformed(lx, at, "'(*' must end with ')'");
    lx->i = end;
    return token(lx, t, CDC_RX_VERB, at);
}

/* (?(cond): the condition is read with the opener, unless it is an
 * assertion, which follows as a group of its own. */
static bool conditional(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at)
{
    if (at + 3 < lx->len && (lx->p[at + 3] == '?' || lx->p[at + 3] == '*'))
        return group_open(lx, t, CDC_RX_CONDITIONAL, at, at + 2);
    size_t end = find_close(lx, at + 3, ')');
    if (!end)
        return malformed(lx, at, "condition must end with ')'");
    return group_open(lx, t, CDC_RX_CONDITIONAL, at, end);
}

/* A '(' at lx->i: a group, or one of the (?...) and (*...) forms. */
static bool group(cdc_rx_lexer *lx, cdc_rx_token *t)
{
    const unsigned char *p = lx->p;
    size_t at = lx->i, len = lx->len;

    if (at + 1 < len && p[at + 1] == '*')
        return star(lx, t, at);
    if (at + 1 >= len || p[at + 1] != '?')
        return group_open(lx, t, CDC_RX_CAPTURE, at, at + 1);
    if (at + 2 >= len)
        return malformed(lx, at, "'(?' at the end of the pattern");

    unsigned char c = p[at + 2];
    unsigned char d = at + 3 < len ? p[at + 3] : 0;
    if (is_digit(c) || ((c == '+' || c == '-') && is_digit(d)))
        return group_reference(lx, t, CDC_RX_CALL, at, at + 2, true);
    switch (c) {
    case ':': return group_open(lx, t, CDC_RX_NON_CAPTURE, at, at + 3);
    case '=': return group_open(lx, t, CDC_RX_LOOKAHEAD, at, at + 3);
    case '!': return group_open(lx, t, CDC_RX_NEG_LOOKAHEAD, at, at + 3);
    case '>': return group_open(lx, t, CDC_RX_ATOMIC, at, at + 3);
    case '*': return group_open(lx, t, CDC_RX_NON_ATOMIC, at, at + 3);
    case '|': return group_open(lx, t, CDC_RX_BRANCH_RESET, at, at + 3);
    case '<':
        if (d == '=')
            return group_open(lx, t, CDC_RX_LOOKBEHIND, at, at + 4);
        if (d == '!')
            return group_open(lx, t, CDC_RX_NEG_LOOKBEHIND, at, at + 4);
        if (d == '*')
            return group_open(lx, t, CDC_RX_NON_ATOMIC, at, at + 4);
        return named_group(lx, t, at, at + 3, '>');
    case '\'': return named_group(lx, t, at, at + 3, '\'');
    case 'P':
        if (d == '<')
            return named_group(lx, t, at, at + 4, '>');
        if (d == '>')
            return group_reference(lx, t, CDC_RX_CALL, at, at + 4, false);
        if (d == '=')
            return group_reference(lx, t, CDC_RX_BACKREF, at, at + 4, false);
        return malformed(lx, at, "'(?P' must be followed by '<', '>' or '='");
    case 'R':
        if (d != ')')
            return malformed(lx, at, "'(?R' must end with ')'");
        return reference(lx, t, CDC_RX_CALL, at, at + 2, at + 4);
    case '&': return group_reference(lx, t, CDC_RX_CALL, at, at + 3, false);
    case '(': return conditional(lx, t, at);
    case '#': {
        size_t end = find_close(lx, at + 3, ')');
        if (!end)
            return malformed(lx, at, "'(?#' comment must end with ')'");
        lx->i = end;
        return token(lx, t, CDC_RX_COMMENT_GROUP, at);
    }
    case 'C': return callout(lx, t, at);
    default: return inline_flags(lx, t, at);
    }
}

static bool group_close(cdc_rx_lexer *lx, cdc_rx_token *t)
{
    size_t at = lx->i;

    if (lx->depth + lx->overflow == 0)
        return malformed(lx, at, "unmatched ')'");
    lx->i = at + 1;
    token(lx, t, CDC_RX_GROUP_CLOSE, at);
    pop(lx);
    return true;
}

/* Past what PCRE2 passes over between an item and its quantifier, and
 * between a quantifier and its '?' or '+', from j: (?x) whitespace and
 * comments, \Q\E with nothing quoted, a stray \E, and (?#...). */
static size_t skip_nothing(const cdc_rx_lexer *lx, size_t j)
{
    const unsigned char *p = lx->p;
    bool extended = lx->flags & CDC_RX_FLAG_X;

    for (;;) {
        size_t comment_end =
            j + 2 < lx->len && memcmp(p + j, "(?#", 3) == 0 ? find_close(lx, j + 3, ')') : 0;
        if (extended && j < lx->len && is_space(p[j])) {
            j++;
        } else if (extended && j < lx->len && p[j] == '#') {
            while (j < lx->len && p[j++] != '\n')
                ;
        } else if (j + 1 < lx->len && p[j] == '\\' && p[j + 1] == 'E') {
            j += 2;
        } else if (j + 3 < lx->len && memcmp(p + j, "\\Q\\E", 4) == 0) {
            j += 4;
        } else if (comment_end) {
            j = comment_end;
        } else {
            return j;
        }
    }
}

/* The '?' (lazy) or '+' (possessive) after a quantifier. Right after it,
 * it is part of the token; further on, it is read here and skipped when
 * the lexer gets there (mark_at). */
static bool quantifier(cdc_rx_lexer *lx, cdc_rx_token *t, size_t at, unsigned min, unsigned max)
{
    size_t j = skip_nothing(lx, lx->i);
    cdc_rx_greed greed = CDC_RX_GREEDY;

    if (j < lx->len && lx->p[j] == '?')
        greed = CDC_RX_LAZY;
    else if (j < lx->len && lx->p[j] == '+')
        greed = CDC_RX_POSSESSIVE;
    if (greed != CDC_RX_GREEDY && j == lx->i) {
        lx->i++;
    } else if (greed != CDC_RX_GREEDY) {
        lx->has_mark = true;
        lx->mark_at = j;
    }
    token(lx, t, CDC_RX_QUANTIFIER, at);
    t->min = min;
    t->max = max;
    t->greed = greed;
    return true;
}

/* Digits at lx->i as a count, saturated at CDC_RX_COUNT_MAX. */
static unsigned count(cdc_rx_lexer *lx)
{
    unsigned long v = 0;

    for (; lx->i < lx->len && is_digit(lx->p[lx->i]); lx->i++)
        v = v >= CDC_RX_COUNT_MAX ? CDC_RX_COUNT_MAX : v * 10 + (lx->p[lx->i] - '0');
    return v > CDC_RX_COUNT_MAX ? CDC_RX_COUNT_MAX : (unsigned)v;
}

/* A '{' outside a class: {n}, {n,} or {n,m}, else a literal '{'. */
static bool brace(cdc_rx_lexer *lx, cdc_rx_token *t)
{
    const unsigned char *p = lx->p;
    size_t at = lx->i;

    lx->i = at + 1;
    if (lx->i < lx->len && is_digit(p[lx->i])) {
        unsigned min = count(lx), max = min;
        bool comma = lx->i < lx->len && p[lx->i] == ',';
        if (comma) {
            lx->i++;
            max = lx->i < lx->len && is_digit(p[lx->i]) ? count(lx) : CDC_RX_UNBOUNDED;
        }
        if (lx->i < lx->len && p[lx->i] == '}') {
            lx->i++;
            return quantifier(lx, t, at, min, max);
        }
    }
    lx->i = at + 1;
    return literal(lx, t, at, '{');
}

/* The '^' that negates the class opened at at, or 0 for none. As PCRE2
 * (and Java, which drops empty quotes first) reads it, \E and an empty
 * \Q\E before it do not count: [\Q\E^a] is [^a]. */
static size_t negating_caret(const cdc_rx_lexer *lx, size_t at)
{
    const unsigned char *p = lx->p;
    size_t j = at + 1;

    for (;;) {
        if (j + 1 < lx->len && p[j] == '\\' && p[j + 1] == 'E')
            j += 2;
        else if (j + 3 < lx->len && memcmp(p + j, "\\Q\\E", 4) == 0)
            j += 4;
        else
            return j < lx->len && p[j] == '^' ? j : 0;
    }
}

static bool class_open(cdc_rx_lexer *lx, cdc_rx_token *t)
{
    size_t at = lx->i;
    size_t caret = negating_caret(lx, at);

    /* a '^' right after '[' is read with it; a later one is passed over
     * when the lexer gets there (class_token), after the quotes' tokens */
    lx->i = caret == at + 1 ? at + 2 : at + 1;
    lx->caret_at = caret > at + 1 ? caret : 0;
    token(lx, t, CDC_RX_CLASS_OPEN, at);
    t->negated = caret != 0;
    if (lx->class_depth++ == 0)
        lx->class_at = at;
    lx->class_first = true;
    lx->range_start = false;
    lx->dash = false;
    return true;
}

/* The '-' after a range start, when what follows turns out to be no end
 * of a range: a literal after all. */
static bool dash_literal(cdc_rx_lexer *lx, cdc_rx_token *t)
{
    size_t i = lx->i;

    lx->i = lx->dash_at + 1;
    literal(lx, t, lx->dash_at, '-');
    lx->i = i;
    lx->dash = false;
    lx->range_start = false;
    return true;
}

/* Files the class item just read into *t: a code point may start a range
 * or, after a '-', end one (the RANGE is handed out next). An item that is
 * not a code point after a '-' makes the '-' a literal, handed out first. */
static bool class_item(cdc_rx_lexer *lx, cdc_rx_token *t)
{
    if (t->kind == CDC_RX_QUOTE || t->kind == CDC_RX_QUOTE_END || t->kind == CDC_RX_STRAY_E)
        return true; /* not items: \Q\E at the start leaves ']' a literal */
    lx->class_first = false;
    if (t->kind != CDC_RX_LITERAL) {
        if (lx->dash) {
            lx->pending = *t;
            lx->has_pending = true;
            return dash_literal(lx, t);
        }
        lx->range_start = false;
        return true;
    }
    if (!lx->dash) {
        lx->range_start = true;
        lx->range_lo = t->cp;
        /* a range from \Qa\E starts at the \Q */
        lx->range_at = t->quoted && t->at == lx->quote_at + 2 ? lx->quote_at : t->at;
        return true;
    }
    lx->pending = *t;
    lx->pending.kind = CDC_RX_RANGE;
    lx->pending.at = lx->range_at;
    lx->pending.len = t->at + t->len - lx->range_at;
    lx->pending.esc = 0;
    lx->pending.quoted = false;
    lx->pending.cp = 0;
    lx->pending.lo = lx->range_lo;
    lx->pending.hi = t->cp;
    lx->has_pending = true;
    lx->dash = false;
    lx->range_start = false;
    return true;
}

/* The next token inside a class. */
static bool class_token(cdc_rx_lexer *lx, cdc_rx_token *t)
{
    const unsigned char *p = lx->p;

    for (;;) {
        size_t at = lx->i;
        if (lx->quoting && at < lx->len)
            return quoted(lx, t) && class_item(lx, t);
        if (at >= lx->len)
            return malformed(lx, lx->class_at, "character class without ']'");
        if (lx->caret_at && at == lx->caret_at) {
            lx->i = at + 1; /* the negating '^' (class_open) */
            lx->caret_at = 0;
            continue;
        }
        unsigned char c = p[at];
        bool nested = c == '[';
        bool intersection = c == '&' && at + 1 < lx->len && p[at + 1] == '&';

        if ((c == ']' && !lx->class_first) || nested || intersection) {
            if (lx->dash)
                return dash_literal(lx, t);
            lx->class_first = false;
            lx->range_start = false;
        }
        if (c == ']' && !lx->class_first) {
            lx->i = at + 1;
            lx->class_depth--;
            return token(lx, t, CDC_RX_CLASS_CLOSE, at);
        }
        if (nested)
            return class_open(lx, t);
        if (intersection) {
            lx->i = at + 2;
            return token(lx, t, CDC_RX_INTERSECTION, at);
        }
        if (c == '-' && lx->range_start && !lx->dash && at + 1 < lx->len && p[at + 1] != ']') {
            lx->dash = true;
            lx->dash_at = at;
            lx->i = at + 1;
            continue;
        }
        if (c == '\\')
            return escape(lx, t, true) && class_item(lx, t);
        return plain(lx, t) && class_item(lx, t);
    }
}

/* The end of the pattern: every group must be closed. */
static bool finish(cdc_rx_lexer *lx)
{
    if (lx->depth + lx->overflow > 0)
        return malformed(lx, lx->open[lx->depth > 0 ? lx->depth - 1 : 0].at, "group without ')'");
    return false;
}

/* The next token outside a class. */
static bool main_token(cdc_rx_lexer *lx, cdc_rx_token *t)
{
    const unsigned char *p = lx->p;

    if (lx->quoting)
        return lx->i < lx->len ? quoted(lx, t) : finish(lx);
    for (;;) {
        if (lx->flags & CDC_RX_FLAG_X)
            while (lx->i < lx->len && is_space(p[lx->i]))
                lx->i++;
        if (!lx->has_mark || lx->i != lx->mark_at)
            break;
        lx->i++; /* a quantifier's '?' or '+', read with it */
        lx->has_mark = false;
    }
    if (lx->i >= lx->len)
        return finish(lx);

    size_t at = lx->i;
    switch (p[at]) {
    case '#':
        if (!(lx->flags & CDC_RX_FLAG_X))
            break;
        lx->i = at + 1;
        while (lx->i < lx->len && p[lx->i++] != '\n')
            ;
        return token(lx, t, CDC_RX_COMMENT, at);
    case '\\': return escape(lx, t, false);
    case '[': return class_open(lx, t);
    case '(': return group(lx, t);
    case ')': return group_close(lx, t);
    case '{': return brace(lx, t);
    case '|': lx->i = at + 1; return token(lx, t, CDC_RX_ALTERNATION, at);
    case '.': lx->i = at + 1; return token(lx, t, CDC_RX_ANY, at);
    case '^':
    case '$': lx->i = at + 1; return token(lx, t, CDC_RX_ANCHOR, at);
    case '*': lx->i = at + 1; return quantifier(lx, t, at, 0, CDC_RX_UNBOUNDED);
    case '+': lx->i = at + 1; return quantifier(lx, t, at, 1, CDC_RX_UNBOUNDED);
    case '?': lx->i = at + 1; return quantifier(lx, t, at, 0, 1);
    default: break;
    }
    return plain(lx, t);
}

void cdc_rx_lexer_init(cdc_rx_lexer *lx, const char *pattern, size_t len)
{
    memset(lx, 0, offsetof(cdc_rx_lexer, open));
    lx->p = (const unsigned char *)pattern;
    lx->len = len;
}

bool cdc_rx_next(cdc_rx_lexer *lx, cdc_rx_token *t)
{
    if (lx->has_pending) {
        *t = lx->pending;
        lx->has_pending = false;
        return true;
    }
    if (!lx->error && (lx->class_depth > 0 ? class_token(lx, t) : main_token(lx, t)))
        return true;
    lx->i = lx->error ? lx->error_at : lx->len;
    token(lx, t, CDC_RX_END, lx->i);
    t->len = 0;
    return false;
}
