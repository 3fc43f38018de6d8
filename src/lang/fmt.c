/* lang/fmt.c: the stage behind `cdcgen fmt`. Source text + the node tree load.c
 * builds from it -> the same file in canonical layout (man/cdcgen.1, FILTER
 * FILES, "Canonical layout": block style, two-space indentation, keys in the
 * order of the language, short lists of scalars in flow style, quotes only
 * where needed). Key order comes from parse.c's and testfile.c's key tables;
 * a key added there is placed by fmt without a change here.
 *
 * libyaml reports no comments, so they are recovered from the text: a '#'
 * that starts a comment lies outside every scalar's span, and the tree holds
 * those spans. The comments between two scalars are split: those on the line
 * of the earlier scalar stay at the end of the line that scalar is written on;
 * those on lines of their own go above the node that follows, at its
 * indentation, and move with it when keys are reordered.
 *
 * The result is proved before it is returned: read back by load.c it must
 * give the same tree (same values, same YAML types, keys reordered only as the
 * layout says) and the same comments. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cdcgen/lang/fmt.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/lang/parse.h"
#include "cdcgen/sem/suppress.h"
#include "cdcgen/sem/testfile.h"

/* LONG_KEY: a key longer than this is written as an explicit "? key": YAML
 * caps an implicit key at 1024 characters, and escapes can make 128 bytes
 * that long. */
enum { INDENT = 2, FLOW_WIDTH = 80, LONG_KEY = 128 };

/* Which keys a mapping holds, so they can be put in the language's order. */
typedef enum map_kind {
    MAP_OTHER, /* order kept as written */
    MAP_FILTER_FILE,
    MAP_FILTER,
    MAP_CONDITION,
    MAP_SUPPRESS, /* an entry of a filter's suppress */
    MAP_TEST_FILE,
    MAP_TEST,
} map_kind;

/* ---- comments, recovered from the text ---- */

typedef struct comment {
    const char *text; /* from the '#', trailing blanks cut */
    size_t len;
    uint32_t off;
    bool own_line;    /* nothing but blanks before it on its line */
    bool blank_above; /* the line above it is blank */
} comment;

/* What goes with one scalar: comments above it and after it (ranges of the
 * comment array), and whether a blank line separated it from what was above. */
typedef struct anchor {
    const cdc_ynode *node;
    size_t before, nbefore, after, nafter;
    bool blank_above; /* first scalar on its line, and the line above is blank */
    bool claimed;     /* its comments above have been placed */
} anchor;

typedef struct scan {
    anchor *anchors; /* one per scalar, in text order */
    size_t nanchors;
    comment *comments; /* in text order */
    size_t ncomments;
    size_t tail; /* comments from here on follow the last scalar */
} scan;

static void collect_scalars(cdc_arena *a, const cdc_ynode *n, scan *s)
{
    if (n->kind == CDC_Y_SCALAR) {
        s->anchors = cdc_arena_grow(a, s->anchors, s->nanchors, sizeof *s->anchors);
        s->anchors[s->nanchors++] = (anchor){.node = n};
        return;
    }
    for (size_t i = 0; i < n->n; i++) {
        if (n->kind == CDC_Y_MAPPING)
            collect_scalars(a, n->keys[i], s);
        collect_scalars(a, n->items[i], s);
    }
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool line_is_blank(const cdc_source *src, uint32_t line)
{
    size_t len;
    const char *t = line >= 1 && line <= src->nlines ? cdc_source_line(src, line, &len) : NULL;
    if (!t)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!is_blank(t[i]) && t[i] != '\r')
            return false;
    return true;
}

/* Records the comment that starts at the '#' at off; returns where it ends. */
static size_t add_comment(cdc_arena *a, const cdc_source *src, size_t off, scan *s)
{
    const char *t = src->text;
    size_t end = off;
    while (end < src->len && t[end] != '\n' && t[end] != '\r')
        end++;
    size_t cut = end;
    while (cut > off && is_blank(t[cut - 1]))
        cut--;
    size_t start = off;
    while (start > 0 && is_blank(t[start - 1]))
        start--;
    bool own_line = start == 0 || t[start - 1] == '\n' || t[start - 1] == '\r' ||
                    (start == 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0);
    uint32_t line = cdc_source_line_of(src, off);
    s->comments = cdc_arena_grow(a, s->comments, s->ncomments, sizeof *s->comments);
    s->comments[s->ncomments++] =
        (comment){t + off, cut - off, (uint32_t)off, own_line, line_is_blank(src, line - 1)};
    return end;
}

/* A block scalar's header line may end in a comment, which libyaml counts
 * as part of the scalar: `description: |  # why`. */
static void header_comment(cdc_arena *a, const cdc_source *src, const cdc_ynode *n, scan *s)
{
    const char *t = src->text;
    size_t i = n->pos.off, end = n->pos.off + n->pos.len;
    if (i >= end || (t[i] != '|' && t[i] != '>'))
        return;
    for (i++; i < end && strchr("+-0123456789", t[i]) && t[i]; i++)
        ;
    while (i < end && is_blank(t[i]))
        i++;
    if (i < end && t[i] == '#')
        add_comment(a, src, i, s);
}

/* Where the text of scalar n ends: a block scalar's span runs on over the
 * blank lines after it, to the start of the next line with text. */
static size_t text_end(const cdc_source *src, const cdc_ynode *n)
{
    size_t end = n->pos.off + n->pos.len;
    while (end > n->pos.off && strchr(" \t\r\n", src->text[end - 1]))
        end--;
    return end;
}

/* Finds the comments outside the scalars' spans and gives each to the
 * scalar before it (trailing) or after it (on lines of their own). */
static void find_comments(cdc_arena *a, const cdc_source *src, scan *s)
{
    const char *t = src->text;
    size_t k = 0;
    for (size_t i = 0; i < src->len;) {
        if (k < s->nanchors && i >= s->anchors[k].node->pos.off) {
            const cdc_ynode *n = s->anchors[k++].node;
            header_comment(a, src, n, s);
            if (n->pos.off + n->pos.len > i)
                i = n->pos.off + n->pos.len;
        } else if (t[i] == '#' &&
                   (i == 0 || strchr(" \t\r\n", t[i - 1]) || (i == 3 && t[2] == '\xBF'))) {
            i = add_comment(a, src, i, s);
        } else {
            i++;
        }
    }
    size_t j = 0;
    for (size_t k2 = 0; k2 <= s->nanchors; k2++) {
        anchor *next = k2 < s->nanchors ? &s->anchors[k2] : NULL;
        size_t start = j;
        while (j < s->ncomments && (!next || s->comments[j].off < next->node->pos.off))
            j++;
        size_t split = start;
        if (k2 > 0) {
            while (split < j && !s->comments[split].own_line)
                split++;
            s->anchors[k2 - 1].after = start;
            s->anchors[k2 - 1].nafter = split - start;
        }
        if (!next) {
            s->tail = split;
            break;
        }
        next->before = split;
        next->nbefore = j - split;
        uint32_t line = next->node->pos.line;
        bool first_on_line =
            k2 == 0 || cdc_source_line_of(src, text_end(src, s->anchors[k2 - 1].node)) < line;
        next->blank_above = first_on_line && line_is_blank(src, line - 1);
    }
}

static anchor *anchor_of(scan *s, const cdc_ynode *n)
{
    size_t lo = 0, hi = s->nanchors;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->anchors[mid].node->pos.off < n->pos.off)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < s->nanchors && s->anchors[lo].node->pos.off == n->pos.off; lo++)
        if (s->anchors[lo].node == n)
            return &s->anchors[lo];
    CDC_BUG("fmt: a scalar missing from the scan");
}

/* The scalar a node's text starts with, or NULL for an empty collection. */
static const cdc_ynode *first_scalar(const cdc_ynode *n)
{
    while (n && n->kind != CDC_Y_SCALAR)
        n = n->n == 0 ? NULL : n->kind == CDC_Y_MAPPING ? n->keys[0] : n->items[0];
    return n;
}

/* ---- scalars ---- */

typedef enum style { ST_PLAIN, ST_SINGLE, ST_DOUBLE, ST_LITERAL } style;

/* Length of the character at s[0] when only an escape can write it: it is
 * outside YAML's printable set (controls, DEL, C1, U+FFFE, U+FFFF) or would
 * read as something else (the line breaks NEL, LS and PS, a byte order
 * mark); else 0. */
static size_t escape_needed(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return s[0] < 0x20 || s[0] == 0x7F;
    uint32_t cp;
    size_t k = cdc_utf8_decode((const char *)s, n, &cp);
    if (!k)
        return 0; /* not UTF-8: written as it is, and the proof refuses it */
    bool printable =
        (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
    bool reads_otherwise = cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF;
    return printable && !reads_otherwise ? 0 : k;
}

/* Characters that are no problem in the text of a literal block: all but
 * '\n' of what escape_needed finds, and tabs (they read as indentation). */
static bool any_escape(const cdc_ynode *s, bool newline_ok)
{
    const unsigned char *t = (const unsigned char *)s->str;
    for (size_t i = 0; i < s->len; i++)
        if (escape_needed(t + i, s->len - i) && !(newline_ok && t[i] == '\n'))
            return true;
    return false;
}

/* Whether YAML 1.1 (still read by many tools) would take the plain text
 * for something other than a string: a number, a boolean, null, a date, a
 * merge key. Anything that begins like a number counts. (What YAML 1.2
 * reads, cdc_yscalar_kind says.) */
static bool looks_typed(const cdc_ynode *s)
{
    static const char *const words[] = {"y",    "n",     "yes",  "no", "on", "off",
                                        "true", "false", "null", "~",  "=",  "<<"};
    const char *t = s->str;
    for (size_t i = 0; i < ARRAY_SIZE(words) && strchr("yYnNoOtTfF~=<", t[0]); i++)
        if (strcasecmp(t, words[i]) == 0)
            return true;
    size_t i = t[0] == '+' || t[0] == '-' ? 1 : 0;
    if (t[i] == '.')
        i++;
    return t[i] >= '0' && t[i] <= '9';
}

/* Whether the string, which YAML 1.2 reads as a string when plain, reads
 * back the same written plain (flow: inside [ ] or { }). */
static bool plain_ok(const cdc_ynode *s, bool flow, bool key)
{
    const char *t = s->str;
    size_t n = s->len;
    if (n == 0 || strlen(t) != n || any_escape(s, false) || looks_typed(s))
        return false;
    if (strchr("?:,[]{}#&*!|>'\"%@`", t[0]) || is_blank(t[0]) || is_blank(t[n - 1]))
        return false;
    if ((t[0] == '-' && (n == 1 || t[1] == ' ')) || strncmp(t, "---", 3) == 0 ||
        strncmp(t, "...", 3) == 0 || t[n - 1] == ':')
        return false;
    if (strstr(t, ": ") || strstr(t, " #"))
        return false;
    /* Inside [ ] or { }, libyaml also ends a plain scalar at ":?", and a key
     * with a ':' reads ambiguously. */
    return !(flow && (strpbrk(t, ",[]{}") || strstr(t, ":?") || (key && strchr(t, ':'))));
}

/* Whether the string can be a literal block (`|`): several lines, none
 * ending in blanks, the first not indented, at most one final line break. */
static bool literal_ok(const cdc_ynode *s)
{
    const char *t = s->str;
    size_t n = s->len;
    if (n < 2 || strlen(t) != n || any_escape(s, true) || strchr(t, '\t'))
        return false;
    if (t[0] == ' ' || t[0] == '\n' || (t[n - 1] == '\n' && t[n - 2] == '\n'))
        return false;
    const char *nl = memchr(t, '\n', n - 1);
    if (!nl)
        return false;
    for (size_t i = 1; i < n; i++)
        if (t[i] == '\n' && t[i - 1] == ' ')
            return false;
    return t[n - 1] != ' ';
}

static style style_of(const cdc_ynode *s, bool flow, bool key)
{
    cdc_ynode plain = *s;
    plain.quoted = false;
    bool string_when_plain = cdc_yscalar_kind(&plain) == CDC_YS_STRING;
    if (!s->quoted && !string_when_plain) /* a number, boolean or null, as written */
        return key && s->len == 0 ? ST_DOUBLE : ST_PLAIN; /* an empty key: "" (not null) */
    if (string_when_plain && plain_ok(s, flow, key))
        return ST_PLAIN;
    if (!flow && !key && literal_ok(s))
        return ST_LITERAL;
    if (any_escape(s, false))
        return ST_DOUBLE;
    return strpbrk(s->str, "\\\"") ? ST_SINGLE : ST_DOUBLE;
}

static void put_double(cdc_buf *b, const cdc_ynode *s)
{
    /* The one-letter escapes: the character, then its letter. */
    static const char short_escapes[][2] = {
        {'\0', '0'}, {'\a', 'a'}, {'\b', 'b'},   {'\t', 't'}, {'\n', 'n'},  {'\v', 'v'},
        {'\f', 'f'}, {'\r', 'r'}, {'\033', 'e'}, {'"', '"'},  {'\\', '\\'},
    };
    const unsigned char *t = (const unsigned char *)s->str;
    cdc_buf_putc(b, '"');
    for (size_t i = 0; i < s->len;) {
        size_t k = escape_needed(t + i, s->len - i);
        char letter = 0;
        for (size_t e = 0; e < ARRAY_SIZE(short_escapes) && k <= 1; e++)
            if ((unsigned char)short_escapes[e][0] == t[i])
                letter = short_escapes[e][1];
        if (letter) {
            cdc_buf_putc(b, '\\');
            cdc_buf_putc(b, letter);
            k = 1;
        } else if (k == 1) {
            cdc_buf_printf(b, "\\x%02X", t[i]);
        } else if (k > 1) {
            uint32_t cp;
            cdc_utf8_decode((const char *)t + i, s->len - i, &cp);
            cdc_buf_printf(b, cp > 0xFFFF ? "\\U%08X" : "\\u%04X", (unsigned)cp);
        } else {
            k = 1;
            cdc_buf_putc(b, (char)t[i]);
        }
        i += k;
    }
    cdc_buf_putc(b, '"');
}

/* Writes a scalar on one line in style st (not ST_LITERAL). */
static void put_inline(cdc_buf *b, const cdc_ynode *s, style st)
{
    if (st == ST_DOUBLE) {
        put_double(b, s);
    } else if (st == ST_SINGLE) {
        cdc_buf_putc(b, '\'');
        for (size_t i = 0; i < s->len; i++)
            cdc_buf_puts(b, s->str[i] == '\'' ? "''" : (char[]){s->str[i], 0});
        cdc_buf_putc(b, '\'');
    } else {
        cdc_buf_puts(b, s->len ? s->str : "null");
    }
}

/* ---- key order ---- */

static const char *const *ranked_keys(map_kind k, size_t *n)
{
    size_t all;
    switch (k) {
    case MAP_FILTER_FILE: return cdc_filter_file_keys(n);
    case MAP_FILTER: return cdc_filter_keys(&all, n); /* metadata: as written */
    case MAP_CONDITION: return cdc_condition_keys(n);
    case MAP_SUPPRESS: return cdc_suppress_entry_keys(n);
    case MAP_TEST_FILE: return cdc_test_file_keys(n);
    case MAP_TEST: return cdc_test_case_keys(n);
    case MAP_OTHER: break;
    }
    *n = 0;
    return NULL;
}

/* The order the entries of m are written in: the ranked keys in the
 * language's order, then every other key as written. */
static size_t *key_order(cdc_arena *a, const cdc_ynode *m, map_kind kind)
{
    size_t nk;
    const char *const *keys = ranked_keys(kind, &nk);
    size_t *rank = xmalloc((m->n ? m->n : 1) * sizeof *rank);
    size_t *order = cdc_arena_alloc(a, (m->n ? m->n : 1) * sizeof *order);
    for (size_t i = 0; i < m->n; i++) {
        rank[i] = nk;
        for (size_t j = 0; j < nk; j++)
            if (strlen(keys[j]) == m->keys[i]->len && strcmp(keys[j], m->keys[i]->str) == 0)
                rank[i] = j;
    }
    size_t w = 0;
    for (size_t r = 0; r <= nk; r++)
        for (size_t i = 0; i < m->n; i++)
            if (rank[i] == r)
                order[w++] = i;
    free(rank);
    return order;
}

static bool key_is(const cdc_ynode *key, const char *name)
{
    return key->len == strlen(name) && strcmp(key->str, name) == 0;
}

/* What the value under key holds, inside a mapping of kind parent. */
static map_kind child_kind(map_kind parent, const cdc_ynode *key)
{
    static const struct {
        map_kind parent;
        const char *key;
        map_kind child;
    } edges[] = {
        {MAP_FILTER_FILE, "filters", MAP_FILTER}, {MAP_FILTER, "conditions", MAP_CONDITION},
        {MAP_CONDITION, "all", MAP_CONDITION},    {MAP_CONDITION, "any", MAP_CONDITION},
        {MAP_CONDITION, "not", MAP_CONDITION},    {MAP_FILTER, "suppress", MAP_SUPPRESS},
        {MAP_TEST_FILE, "tests", MAP_TEST},
    };
    for (size_t i = 0; i < ARRAY_SIZE(edges); i++)
        if (edges[i].parent == parent && key_is(key, edges[i].key))
            return edges[i].child;
    return MAP_OTHER;
}

static map_kind root_kind(const cdc_ynode *root)
{
    if (cdc_ynode_get(root, "filters"))
        return MAP_FILTER_FILE;
    return cdc_ynode_get(root, "tests") ? MAP_TEST_FILE : MAP_OTHER;
}

/* ---- writing ---- */

typedef struct comment_list {
    const comment **v;
    size_t n, cap;
} comment_list;

static void comment_push(comment_list *l, const comment *c)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = c;
}

typedef struct emitter {
    cdc_arena *arena;
    scan *scan;
    cdc_buf *out;
    cdc_buf line; /* the line being built, after its indentation */
    size_t indent;
    bool open;          /* a line is being built */
    bool force_blank;   /* a blank line goes above it (and its comments) */
    bool node_blank;    /* the source had a blank line above its first node */
    comment_list above; /* own-line comments that go above it */
    comment_list after; /* trailing comments at its end */
    bool wrote, last_blank;
} emitter;

static void blank_line(emitter *E)
{
    if (E->wrote && !E->last_blank)
        cdc_buf_putc(E->out, '\n');
    E->last_blank = true;
}

static void text_line(emitter *E, size_t indent, const char *text, size_t len)
{
    cdc_buf_fill(E->out, ' ', indent);
    cdc_buf_add(E->out, text, len);
    cdc_buf_putc(E->out, '\n');
    E->wrote = true;
    E->last_blank = false;
}

static void end_line(emitter *E)
{
    if (!E->open)
        return;
    bool force = E->force_blank;
    for (size_t i = 0; i < E->above.n; i++) {
        if (force || E->above.v[i]->blank_above)
            blank_line(E);
        force = false;
        text_line(E, E->indent, E->above.v[i]->text, E->above.v[i]->len);
    }
    if (force || E->node_blank)
        blank_line(E);
    for (size_t i = 0; i < E->after.n; i++) {
        cdc_buf_puts(&E->line, "  ");
        cdc_buf_add(&E->line, E->after.v[i]->text, E->after.v[i]->len);
    }
    text_line(E, E->indent, E->line.data, E->line.len);
    cdc_buf_reset(&E->line);
    E->open = E->force_blank = E->node_blank = false;
    E->above.n = E->after.n = 0;
}

static void start_line(emitter *E, size_t indent)
{
    end_line(E);
    E->open = true;
    E->indent = indent;
}

/* Puts the comments above node n (and a blank line that preceded it) above
 * the current line: the outermost node starting with a scalar claims them. */
static void claim(emitter *E, const cdc_ynode *n)
{
    const cdc_ynode *s = first_scalar(n);
    if (!s)
        return;
    anchor *a = anchor_of(E->scan, s);
    if (a->claimed)
        return;
    a->claimed = true;
    for (size_t i = 0; i < a->nbefore; i++)
        comment_push(&E->above, &E->scan->comments[a->before + i]);
    /* A blank line above the node stays above it only where it starts the
     * line ("- " aside), not above the key it now follows. */
    bool starts_line = strspn(E->line.data ? E->line.data : "", "- ") == E->line.len;
    E->node_blank |= a->blank_above && starts_line;
}

static void add_after(emitter *E, const cdc_ynode *s)
{
    const anchor *a = anchor_of(E->scan, s);
    for (size_t i = 0; i < a->nafter; i++)
        comment_push(&E->after, &E->scan->comments[a->after + i]);
}

/* Writes a scalar at the end of the current line; a literal block's text
 * goes on the lines below, at indent. */
static void put_scalar(emitter *E, const cdc_ynode *s, bool key, size_t indent)
{
    claim(E, s);
    style st = style_of(s, false, key);
    if (st == ST_LITERAL && indent == 0)
        st = ST_DOUBLE; /* a block at column 0 (a scalar file) could read as '---' or '...' */
    if (st != ST_LITERAL) {
        put_inline(&E->line, s, st);
        add_after(E, s);
        return;
    }
    cdc_buf_puts(&E->line, s->str[s->len - 1] == '\n' ? "|" : "|-");
    add_after(E, s);
    end_line(E);
    size_t n = s->len - (s->str[s->len - 1] == '\n');
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s->str + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s->str) : n;
        if (end == i) {
            cdc_buf_putc(E->out, '\n');
            E->last_blank = true;
        } else {
            text_line(E, indent, s->str + i, end - i);
        }
        i = end + 1;
    }
}

/* Whether the comments of scalar s allow it inside [ ] or { }: none above
 * it unless its entry comes first (they go above the line), none after it
 * unless its entry comes last (they go at the line's end). The same holds
 * for a key and its value, so where a comment lands never changes the
 * choice when the layout is laid out again. */
static bool flow_comments_ok(emitter *E, const cdc_ynode *s, bool first, bool last)
{
    const anchor *a = anchor_of(E->scan, s);
    return (first || !a->nbefore) && (last || !a->nafter);
}

/* A list of scalars, or a mapping of scalars that is data rather than the
 * language (an event in a test), fits on the current line as [a, b] or
 * { k: v } after prefix: writes it and returns true. */
static bool put_flow(emitter *E, const cdc_ynode *n, map_kind kind, const char *prefix)
{
    bool map = n->kind == CDC_Y_MAPPING;
    if (map && kind != MAP_OTHER)
        return false;
    cdc_buf b = CDC_BUF_INIT;
    cdc_buf_init(&b);
    cdc_buf_puts(&b, prefix);
    cdc_buf_puts(&b, map ? "{ " : "[");
    bool ok = true;
    for (size_t i = 0; i < n->n && ok && b.len <= FLOW_WIDTH; i++) {
        const cdc_ynode *item = n->items[i], *key = map ? n->keys[i] : NULL;
        bool first = i == 0, last = i + 1 == n->n;
        ok = item->kind == CDC_Y_SCALAR && flow_comments_ok(E, item, first, last) &&
             (!key || flow_comments_ok(E, key, first, last));
        if (!ok)
            break;
        if (i)
            cdc_buf_puts(&b, ", ");
        if (key) {
            put_inline(&b, key, style_of(key, true, true));
            cdc_buf_puts(&b, ": ");
        }
        put_inline(&b, item, style_of(item, true, false));
    }
    cdc_buf_puts(&b, map ? " }" : "]");
    ok = ok && E->indent + E->line.len + b.len <= FLOW_WIDTH;
    if (ok) {
        claim(E, n); /* a blank line above the first entry stays above the line */
        cdc_buf_add(&E->line, b.data, b.len);
        for (size_t i = 0; i < n->n; i++) { /* comments: only above or after the line */
            if (map) {
                claim(E, n->keys[i]);
                add_after(E, n->keys[i]);
            }
            claim(E, n->items[i]);
            add_after(E, n->items[i]);
        }
    }
    cdc_buf_release(&b);
    return ok;
}

static void put_block_map(emitter *E, const cdc_ynode *m, map_kind kind, size_t indent);
static void put_block_seq(emitter *E, const cdc_ynode *seq, map_kind kind, size_t indent,
                          bool spaced);

/* Writes n where the current line is open: a scalar, an empty collection
 * or a flow collection after prefix (the root is never flow), else a block starting on this line (an item
 * after "- ") or on the next (a value after "key:"). */
static void put_node(emitter *E, const cdc_ynode *n, map_kind kind, size_t indent, bool same_line,
                     bool spaced, bool root)
{
    if (n->kind == CDC_Y_SCALAR) {
        if (!same_line)
            cdc_buf_putc(&E->line, ' ');
        put_scalar(E, n, false, same_line ? indent : indent + INDENT);
        return;
    }
    const char *prefix = same_line ? "" : " ";
    if (n->n == 0) {
        cdc_buf_puts(&E->line, prefix);
        cdc_buf_puts(&E->line, n->kind == CDC_Y_MAPPING ? "{}" : "[]");
        return;
    }
    if (!root && put_flow(E, n, kind, prefix))
        return;
    if (!same_line)
        start_line(E, indent + INDENT);
    size_t child = same_line ? indent : indent + INDENT;
    if (n->kind == CDC_Y_MAPPING)
        put_block_map(E, n, kind, child);
    else
        put_block_seq(E, n, kind, child, spaced);
}

static void put_block_map(emitter *E, const cdc_ynode *m, map_kind kind, size_t indent)
{
    claim(E, m);
    const size_t *order = key_order(E->arena, m, kind);
    for (size_t i = 0; i < m->n; i++) {
        const cdc_ynode *key = m->keys[order[i]];
        if (i > 0)
            start_line(E, indent);
        if (key->len > LONG_KEY) { /* "? key" and ": value" on lines of their own */
            cdc_buf_puts(&E->line, "? ");
            put_scalar(E, key, true, indent + INDENT);
            start_line(E, indent);
        } else {
            put_scalar(E, key, true, indent + INDENT);
        }
        cdc_buf_putc(&E->line, ':');
        map_kind child = child_kind(kind, key);
        bool spaced = (kind == MAP_FILTER_FILE || kind == MAP_TEST_FILE) && child != MAP_OTHER;
        put_node(E, m->items[order[i]], child, indent, false, spaced, false);
    }
}

/* spaced: a blank line between items (the filters of a file, its tests). */
static void put_block_seq(emitter *E, const cdc_ynode *seq, map_kind kind, size_t indent,
                          bool spaced)
{
    for (size_t i = 0; i < seq->n; i++) {
        if (i > 0)
            start_line(E, indent);
        E->force_blank |= spaced && i > 0;
        claim(E, seq->items[i]);
        cdc_buf_puts(&E->line, "- ");
        put_node(E, seq->items[i], kind, indent + INDENT, true, false, false);
    }
}

/* ---- proof ---- */

static bool same_scalar(const cdc_ynode *x, const cdc_ynode *y)
{
    if (x->quoted == y->quoted && x->len == y->len && memcmp(x->str, y->str, x->len) == 0)
        return true; /* the type follows from the text and the quoting */
    cdc_yscalar kind = cdc_yscalar_kind(x);
    if (kind != cdc_yscalar_kind(y))
        return false;
    return kind == CDC_YS_NULL || (x->len == y->len && memcmp(x->str, y->str, x->len) == 0);
}

/* y is x laid out: the same tree, the keys of x's mappings in key_order. */
static bool same_tree(cdc_arena *a, const cdc_ynode *x, const cdc_ynode *y, map_kind kind)
{
    if (x->kind != y->kind || (x->kind != CDC_Y_SCALAR && x->n != y->n))
        return false;
    if (x->kind == CDC_Y_SCALAR)
        return same_scalar(x, y);
    const size_t *order = x->kind == CDC_Y_MAPPING ? key_order(a, x, kind) : NULL;
    for (size_t i = 0; i < x->n; i++) {
        size_t k = order ? order[i] : i;
        /* Keys are names: their text is what counts, never their type. */
        if (order && (x->keys[k]->len != y->keys[i]->len ||
                      memcmp(x->keys[k]->str, y->keys[i]->str, x->keys[k]->len) != 0))
            return false;
        if (!same_tree(a, x->items[k], y->items[i], order ? child_kind(kind, x->keys[k]) : kind))
            return false;
    }
    return true;
}

typedef struct piece {
    const char *s;
    size_t len;
} piece;

static int piece_cmp(const void *a, const void *b)
{
    const piece *p = a, *q = b;
    size_t n = p->len < q->len ? p->len : q->len;
    int c = memcmp(p->s, q->s, n);
    return c ? c : (p->len > q->len) - (p->len < q->len);
}

/* The comments' texts, sorted, each cut where a trailing comment written
 * after another on one line would be joined to it ("# a  # b"). */
static piece *comment_pieces(const scan *s, size_t *n)
{
    size_t cap = 16, k = 0;
    piece *v = xmalloc(cap * sizeof *v);
    for (size_t i = 0; i < s->ncomments; i++) {
        const char *t = s->comments[i].text, *end = t + s->comments[i].len;
        while (t < end) {
            const char *cut = t + 1;
            while (cut + 2 < end && memcmp(cut, "  #", 3) != 0)
                cut++;
            if (cut + 2 >= end)
                cut = end;
            if (k == cap)
                v = xrealloc(v, (cap *= 2) * sizeof *v);
            v[k++] = (piece){t, (size_t)(cut - t)};
            t = cut == end ? end : cut + 2;
        }
    }
    qsort(v, k, sizeof *v, piece_cmp);
    *n = k;
    return v;
}

static bool same_comments(const scan *x, const scan *y)
{
    size_t nx, ny;
    piece *px = comment_pieces(x, &nx), *py = comment_pieces(y, &ny);
    bool same = nx == ny;
    for (size_t i = 0; i < nx && same; i++)
        same = piece_cmp(&px[i], &py[i]) == 0;
    free(px);
    free(py);
    return same;
}

static void scan_file(cdc_arena *a, const cdc_source *src, const cdc_ynode *root, scan *s)
{
    memset(s, 0, sizeof *s);
    collect_scalars(a, root, s);
    find_comments(a, src, s);
}

cdc_fmt_result cdc_fmt(cdc_arena *a, const cdc_source *src, cdc_diags *d, cdc_buf *out)
{
    const cdc_ynode *root = cdc_yaml_load(a, src, d);
    if (!root)
        return CDC_FMT_INVALID;
    scan s;
    scan_file(a, src, root, &s);
    emitter E = {.arena = a, .scan = &s, .out = out};
    cdc_buf_init(&E.line);
    size_t start = out->len;
    map_kind kind = root->kind == CDC_Y_MAPPING ? root_kind(root) : MAP_OTHER;
    start_line(&E, 0);
    claim(&E, root);
    put_node(&E, root, kind, 0, true, false, true);
    end_line(&E);
    for (size_t i = s.tail; i < s.ncomments; i++) {
        if (s.comments[i].blank_above)
            blank_line(&E);
        text_line(&E, 0, s.comments[i].text, s.comments[i].len);
    }
    cdc_buf_release(&E.line);
    free(E.above.v);
    free(E.after.v);

    /* The proof: read back, the layout is the same tree with the same comments. */
    cdc_diags scratch;
    cdc_diags_init(&scratch, a);
    const cdc_source *back =
        cdc_source_from_string(a, src->path, out->data + start, out->len - start);
    const cdc_ynode *again = cdc_yaml_load(a, back, &scratch);
    scan s2;
    if (again)
        scan_file(a, back, again, &s2);
    if (again && same_tree(a, root, again, kind) && same_comments(&s, &s2))
        return CDC_FMT_OK;
    out->len = start;
    out->data[start] = '\0';
    cdc_diag_error(d, src, (cdc_pos){0, 0, 0, 0}, "fmt-unsafe",
                   "cdcgen fmt cannot lay this file out without changing what it says (a bug in "
                   "cdcgen; please report it with the file); the file is left as it is");
    return CDC_FMT_UNSAFE;
}
