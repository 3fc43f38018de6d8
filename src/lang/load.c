/* lang/load.c: stage 1. Source text -> YAML node tree with positions.
 *
 * Consumes a cdc_source (YAML or JSON: JSON is read as YAML flow style) and
 * produces a cdc_ynode tree in the arena, built from libyaml's event stream
 * rather than its document API so that each problem is caught, with its
 * position, where it occurs:
 *   invalid UTF-8, tabs in indentation, syntax errors, aliases (rejected, so
 *   a few lines cannot expand to gigabytes), duplicate mapping keys,
 *   non-scalar keys, a second document, nesting deeper than MAX_DEPTH.
 * libyaml's marks count characters; they are turned into byte offsets here
 * so every later stage works in bytes. libyaml objects never outlive
 * cdc_yaml_load. */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "cdcgen/lang/load.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"

enum { MAX_DEPTH = 64 };

typedef struct loader {
    cdc_arena *arena; /* nodes and the loader's own tables */
    cdc_arena *text;  /* scalar values, which outlive the tree */
    const cdc_source *src;
    cdc_diags *diags;
    yaml_parser_t parser;
    const char *feed; /* what libyaml reads: the text, or a rewrite of it */
    size_t feed_len;
    uint32_t *char_to_byte; /* feed character -> byte in the text; NULL: identity */
    size_t nchars;
    cdc_source_cursor cursor; /* nodes arrive in text order */
    bool failed;
} loader;

/* ---- positions ---- */

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Value of the \uXXXX escape at t[i] if it is one holding a surrogate in
 * [lo, hi], else 0. The backslash must not itself be escaped. */
static unsigned surrogate_escape(const char *t, size_t len, size_t i, unsigned lo, unsigned hi)
{
    if (i + 6 > len || t[i] != '\\' || t[i + 1] != 'u')
        return 0;
    for (size_t k = 2; k < 6; k++)
        if (!is_hex(t[i + k]))
            return 0;
    unsigned v = (unsigned)strtoul((char[]){t[i + 2], t[i + 3], t[i + 4], t[i + 5], 0}, NULL, 16);
    size_t slashes = 0;
    while (slashes < i && t[i - 1 - slashes] == '\\')
        slashes++;
    return v >= lo && v <= hi && slashes % 2 == 0 ? v : 0;
}

/* JSON writes characters beyond U+FFFF as a surrogate pair of \u escapes,
 * which libyaml refuses; YAML spells them \UXXXXXXXX. In a .json file every
 * backslash escape is inside a string, so the pairs are rewritten to that
 * form before libyaml reads the text, and the character map keeps pointing
 * into the original. Returns false when there is nothing to rewrite. */
static bool rewrite_surrogates(loader *L, cdc_buf *feed, cdc_buf *map)
{
    const char *t = L->src->text;
    size_t len = L->src->len;
    if (!cdc_has_suffix(L->src->path, ".json"))
        return false;
    bool any = false;
    for (const char *u = t; !any && (u = memchr(u, '\\', len - (size_t)(u - t))) != NULL; u++)
        any = surrogate_escape(t, len, (size_t)(u - t), 0xD800, 0xDBFF) != 0;
    if (!any)
        return false; /* the common case: nothing to rewrite, no map built */
    any = false;
    size_t start = len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    cdc_buf_add(feed, t, start);
    for (size_t i = start; i < len;) {
        unsigned hi = surrogate_escape(t, len, i, 0xD800, 0xDBFF);
        unsigned lo = hi ? surrogate_escape(t, len, i + 6, 0xDC00, 0xDFFF) : 0;
        if (hi && lo) {
            unsigned cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
            cdc_buf_printf(feed, "\\U%08X", cp);
            for (uint32_t k = 0; k < 10; k++) {
                uint32_t off = (uint32_t)(i + k);
                cdc_buf_add(map, &off, sizeof off);
            }
            i += 12;
            any = true;
            continue;
        }
        size_t n = cdc_utf8_step(t + i, len - i);
        uint32_t off = (uint32_t)i;
        cdc_buf_add(map, &off, sizeof off);
        cdc_buf_add(feed, t + i, n);
        i += n;
    }
    return any;
}

static void build_char_map(loader *L)
{
    const unsigned char *t = (const unsigned char *)L->src->text;
    size_t len = L->src->len;
    L->feed = L->src->text;
    L->feed_len = len;
    cdc_buf feed = CDC_BUF_INIT, map = CDC_BUF_INIT;
    if (rewrite_surrogates(L, &feed, &map)) {
        L->feed = cdc_arena_strndup(L->arena, feed.data, feed.len);
        L->feed_len = feed.len;
        L->nchars = map.len / sizeof(uint32_t);
        L->char_to_byte = cdc_arena_alloc(L->arena, (L->nchars + 1) * sizeof *L->char_to_byte);
        memcpy(L->char_to_byte, map.data, map.len);
        L->char_to_byte[L->nchars] = (uint32_t)len;
    }
    cdc_buf_release(&feed);
    cdc_buf_release(&map);
    if (L->char_to_byte)
        return;
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = t[i] < 0x80;
    if (ascii)
        return;
    size_t start = 0;
    if (len >= 3 && t[0] == 0xEF && t[1] == 0xBB && t[2] == 0xBF)
        start = 3; /* libyaml does not count the byte order mark */
    L->char_to_byte = cdc_arena_alloc(L->arena, (len + 2) * sizeof *L->char_to_byte);
    size_t c = 0;
    for (size_t i = start; i < len; i++)
        if ((t[i] & 0xC0) != 0x80)
            L->char_to_byte[c++] = (uint32_t)i;
    L->char_to_byte[c] = (uint32_t)len;
    L->nchars = c;
}

static size_t byte_of(const loader *L, size_t char_index)
{
    if (!L->char_to_byte)
        return char_index < L->src->len ? char_index : L->src->len;
    return L->char_to_byte[char_index <= L->nchars ? char_index : L->nchars];
}

static cdc_pos span(loader *L, yaml_mark_t start, yaml_mark_t end)
{
    size_t a = byte_of(L, start.index), b = byte_of(L, end.index);
    return cdc_source_pos_from(L->src, &L->cursor, a, b > a ? b - a : 0);
}

static cdc_pos point(loader *L, yaml_mark_t m)
{
    cdc_pos p = span(L, m, m);
    p.len = 1;
    return p;
}

/* ---- checks before libyaml sees the text ---- */

static bool check_encoding(loader *L)
{
    size_t bad;
    if (cdc_utf8_valid(L->src->text, L->src->len, &bad))
        return true;
    cdc_pos p = cdc_source_pos(L->src, bad, 1);
    cdc_diag_error(L->diags, L->src, p, "yaml-encoding",
                   "invalid UTF-8 byte 0x%02X; filter files must be UTF-8",
                   (unsigned char)L->src->text[bad]);
    return false;
}

/* A tab in a line's indentation: libyaml's message for it is obscure. */
static bool tab_in_indent(const loader *L, uint32_t line, cdc_pos *at)
{
    size_t len;
    const char *s = cdc_source_line(L->src, line, &len);
    for (size_t i = 0; i < len && (s[i] == ' ' || s[i] == '\t'); i++) {
        if (s[i] == '\t') {
            *at = cdc_source_pos(L->src, (size_t)(s - L->src->text) + i, 1);
            return true;
        }
    }
    return false;
}

/* Reader errors (a control character, a NUL) carry no mark, only the byte
 * offset in what libyaml reads: back to a byte of the text. */
static cdc_pos reader_error_pos(const loader *L, size_t feed_off)
{
    if (feed_off > L->feed_len)
        feed_off = L->feed_len;
    if (!L->char_to_byte || L->feed == L->src->text)
        return cdc_source_pos(L->src, feed_off, 1);
    size_t start = L->feed_len >= 3 && memcmp(L->feed, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t chars = 0;
    for (size_t i = start; i < feed_off; i++)
        chars += ((unsigned char)L->feed[i] & 0xC0) != 0x80;
    return cdc_source_pos(L->src, byte_of(L, chars), 1);
}

/* In a flow collection ({...}, [...]) a '[' or '{' ends a plain scalar, so
 * field: header_data.items[0] stops parsing at the bracket. When the
 * problem is such a bracket right after plain text, a note shows the value
 * quoted: field: "header_data.items[0]". */
static void hint_flow_bracket(loader *L, cdc_pos at)
{
    const char *t = L->src->text;
    size_t len = L->src->len, b = at.off;
    if (b == 0 || b >= len || (t[b] != '[' && t[b] != '{'))
        return;
    if (strchr(" \t,:[]{}\"'\n", t[b - 1]))
        return; /* the bracket starts a value: not inside a plain scalar */
    /* The plain scalar: back to the ": " or flow indicator before it ... */
    size_t start = b;
    while (start > 0 && !strchr(",[]{}\n", t[start - 1]) &&
           !(t[start - 1] == ' ' && start >= 2 && t[start - 2] == ':'))
        start--;
    while (start < b && t[start] == ' ')
        start++;
    /* ... and on past brackets that close, to the ',' or '}' that ends it. */
    size_t end = b;
    int depth = 0;
    for (; end < len && t[end] != '\n'; end++) {
        if (t[end] == '[' || t[end] == '{')
            depth++;
        else if ((t[end] == ']' || t[end] == '}') && depth > 0)
            depth--;
        else if (depth == 0 && (t[end] == ',' || t[end] == '}' || t[end] == ']'))
            break;
    }
    while (end > start && t[end - 1] == ' ')
        end--;
    /* The key before it, when it is a plain word: "field". */
    size_t kend = start;
    while (kend > 0 && t[kend - 1] == ' ')
        kend--;
    if (kend == 0 || t[kend - 1] != ':')
        kend = 1; /* no key: kstart below stays at kend */
    size_t kstart = --kend;
    while (kstart > 0 && !strchr(" ,{[\n", t[kstart - 1]))
        kstart--;
    cdc_pos value = cdc_source_pos(L->src, start, end - start);
    if (memchr(t + start, '"', end - start) || memchr(t + start, '\\', end - start))
        return; /* quoting it would take escapes: no one-line suggestion */
    if (kend > kstart)
        cdc_diag_note(L->diags, L->src, value,
                      "'%c' ends a plain value inside {...} or [...]; quote the value: "
                      "%.*s: \"%.*s\"",
                      t[b], (int)(kend - kstart), t + kstart, (int)(end - start), t + start);
    else
        cdc_diag_note(L->diags, L->src, value,
                      "'%c' ends a plain value inside {...} or [...]; quote the value: \"%.*s\"",
                      t[b], (int)(end - start), t + start);
}

static void report_parser_error(loader *L)
{
    yaml_parser_t *p = &L->parser;
    if (p->error == YAML_READER_ERROR) {
        cdc_pos at = reader_error_pos(L, p->problem_offset);
        if (p->problem_value >= 0)
            cdc_diag_error(L->diags, L->src, at, "yaml-syntax",
                           "%s: U+%04X; write it as an escape in a double-quoted string",
                           p->problem ? p->problem : "unreadable character",
                           (unsigned)p->problem_value);
        else
            cdc_diag_error(L->diags, L->src, at, "yaml-syntax", "%s",
                           p->problem ? p->problem : "unreadable character");
        return;
    }
    yaml_mark_t m = p->problem_mark;
    cdc_pos at = point(L, m);
    cdc_pos tab;
    if (tab_in_indent(L, at.line, &tab)) {
        cdc_diag_error(L->diags, L->src, tab, "yaml-tab",
                       "tab character in indentation; YAML indents with spaces");
        return;
    }
    const char *problem = p->problem ? p->problem : "malformed YAML";
    if (p->context) {
        cdc_diag_error(L->diags, L->src, at, "yaml-syntax", "%s %s", p->context, problem);
        cdc_diag_note(L->diags, L->src, point(L, p->context_mark), "%s",
                      "the construct started here");
        if (strncmp(p->context, "while parsing a flow", 20) == 0)
            hint_flow_bracket(L, at);
    } else {
        cdc_diag_error(L->diags, L->src, at, "yaml-syntax", "%s", problem);
    }
}

/* ---- building the tree ---- */

static bool next_event(loader *L, yaml_event_t *e)
{
    if (yaml_parser_parse(&L->parser, e))
        return true;
    report_parser_error(L);
    L->failed = true;
    return false;
}

static cdc_ynode *parse_node(loader *L, yaml_event_t *e, int depth);

static cdc_ynode *parse_scalar(loader *L, yaml_event_t *e)
{
    /* !!str makes a string of "5"; other tags would change meaning in ways
     * the language does not define, so they are refused. */
    const char *tag = (const char *)e->data.scalar.tag;
    if (tag && strcmp(tag, YAML_STR_TAG) != 0) {
        cdc_diag_error(L->diags, L->src, span(L, e->start_mark, e->end_mark), "yaml-tag",
                       "YAML tag '%s' is not supported; only !!str is", tag);
        L->failed = true;
        return NULL;
    }
    cdc_ynode *n = CDC_ARENA_NEW(L->arena, cdc_ynode);
    n->kind = CDC_Y_SCALAR;
    n->pos = span(L, e->start_mark, e->end_mark);
    n->len = e->data.scalar.length;
    n->str = cdc_arena_strndup(L->text, (const char *)e->data.scalar.value, n->len);
    n->quoted = e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || tag != NULL;
    return n;
}

static bool same_key(const cdc_ynode *a, const cdc_ynode *b)
{
    return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

/* The keys of one mapping, hashed, so finding a duplicate costs the same
 * for the thousandth key as for the first (open addressing, FNV-1a). */
typedef struct key_set {
    const cdc_ynode **slots; /* NULL: empty */
    size_t cap, n;           /* cap a power of two, n <= cap / 2 */
} key_set;

static size_t key_hash(const cdc_ynode *k)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < k->len; i++)
        h = (h ^ (unsigned char)k->str[i]) * 1099511628211u;
    return (size_t)h;
}

static void key_set_grow(key_set *s)
{
    key_set bigger = {xcalloc(s->cap ? 2 * s->cap : 16, sizeof *s->slots), s->cap ? 2 * s->cap : 16,
                      s->n};
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->slots[i])
            continue;
        size_t j = key_hash(s->slots[i]) & (bigger.cap - 1);
        while (bigger.slots[j])
            j = (j + 1) & (bigger.cap - 1);
        bigger.slots[j] = s->slots[i];
    }
    free(s->slots);
    *s = bigger;
}

/* Adds k; returns the key equal to it that is already there, or NULL. */
static const cdc_ynode *key_set_add(key_set *s, const cdc_ynode *k)
{
    if (2 * (s->n + 1) > s->cap)
        key_set_grow(s);
    size_t j = key_hash(k) & (s->cap - 1);
    for (; s->slots[j]; j = (j + 1) & (s->cap - 1))
        if (same_key(s->slots[j], k))
            return s->slots[j];
    s->slots[j] = k;
    s->n++;
    return NULL;
}

/* The key equal to k among a mapping's keys so far, or NULL. Filter
 * mappings have a dozen keys, so those are compared in turn; past
 * SMALL_MAP keys they go into a hash set. */
enum { SMALL_MAP = 16 };
static const cdc_ynode *key_seen(key_set *s, const cdc_ptrvec *keys, const cdc_ynode *k)
{
    if (keys->n < SMALL_MAP) {
        for (size_t i = 0; i < keys->n; i++)
            if (same_key(keys->v[i], k))
                return keys->v[i];
        return NULL;
    }
    if (s->n == 0)
        for (size_t i = 0; i < keys->n; i++)
            key_set_add(s, keys->v[i]);
    return key_set_add(s, k);
}

/* Reads events until the matching end event; e is the start event. */
static cdc_ynode *parse_collection(loader *L, yaml_event_t *e, int depth)
{
    bool is_map = e->type == YAML_MAPPING_START_EVENT;
    cdc_ynode *n = CDC_ARENA_NEW(L->arena, cdc_ynode);
    n->kind = is_map ? CDC_Y_MAPPING : CDC_Y_SEQUENCE;
    n->pos = point(L, e->start_mark); /* now, while the cursor is here */
    cdc_ptrvec keys = {0}, items = {0};
    key_set seen = {0};
    yaml_event_t ev;
    for (;;) {
        if (!next_event(L, &ev))
            break;
        if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) {
            size_t end = byte_of(L, ev.end_mark.index);
            n->pos.len = end > n->pos.off ? (uint32_t)(end - n->pos.off) : 0;
            yaml_event_delete(&ev);
            break;
        }
        cdc_ynode *child = parse_node(L, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (!child)
            break;
        if (!is_map) {
            cdc_ptrvec_push(&items, child);
            continue;
        }
        if (child->kind != CDC_Y_SCALAR) {
            cdc_diag_error(L->diags, L->src, child->pos, "yaml-key",
                           "mapping keys must be plain strings, not %s",
                           cdc_ynode_kind_name(child));
            L->failed = true;
            break;
        }
        const cdc_ynode *first = key_seen(&seen, &keys, child);
        if (first) {
            cdc_diag_error(L->diags, L->src, child->pos, "duplicate-key", "duplicate key '%s'",
                           child->str);
            cdc_diag_note(L->diags, L->src, first->pos, "'%s' first given here", child->str);
            L->failed = true;
            break;
        }
        if (!next_event(L, &ev))
            break;
        cdc_ynode *value = parse_node(L, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (!value)
            break;
        cdc_ptrvec_push(&keys, child);
        cdc_ptrvec_push(&items, value);
    }
    free(seen.slots);
    n->n = items.n;
    n->items = cdc_ptrvec_to_arena(L->arena, &items);
    n->keys = is_map ? cdc_ptrvec_to_arena(L->arena, &keys) : (free(keys.v), NULL);
    return L->failed ? NULL : n;
}

static cdc_ynode *parse_node(loader *L, yaml_event_t *e, int depth)
{
    if (L->failed)
        return NULL;
    if (depth > MAX_DEPTH) {
        cdc_diag_error(L->diags, L->src, point(L, e->start_mark), "yaml-depth",
                       "nesting deeper than %d levels", MAX_DEPTH);
        L->failed = true;
        return NULL;
    }
    switch (e->type) {
    case YAML_SCALAR_EVENT: return parse_scalar(L, e);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: return parse_collection(L, e, depth);
    case YAML_ALIAS_EVENT:
        cdc_diag_error(L->diags, L->src, span(L, e->start_mark, e->end_mark), "yaml-alias",
                       "YAML aliases are not supported in filter files; write the value out");
        break;
    default:
        cdc_diag_error(L->diags, L->src, point(L, e->start_mark), "yaml-syntax",
                       "unexpected YAML event");
        break;
    }
    L->failed = true;
    return NULL;
}

/* Expects `type`; reports and fails otherwise. */
static bool expect(loader *L, yaml_event_type_t type, yaml_event_t *ev)
{
    if (!next_event(L, ev))
        return false;
    if (ev->type == type)
        return true;
    yaml_event_delete(ev);
    return false;
}

cdc_ynode *cdc_yaml_load(cdc_arena *a, const cdc_source *src, cdc_diags *d)
{
    return cdc_yaml_load_split(a, a, src, d);
}

cdc_ynode *cdc_yaml_load_split(cdc_arena *nodes, cdc_arena *text, const cdc_source *src,
                               cdc_diags *d)
{
    loader L = {.arena = nodes, .text = text, .src = src, .diags = d};
    if (!check_encoding(&L))
        return NULL;
    build_char_map(&L);
    if (!yaml_parser_initialize(&L.parser))
        CDC_BUG("yaml_parser_initialize failed");
    yaml_parser_set_input_string(&L.parser, (const unsigned char *)L.feed, L.feed_len);

    cdc_ynode *root = NULL;
    yaml_event_t ev;
    if (!expect(&L, YAML_STREAM_START_EVENT, &ev))
        goto done;
    yaml_event_delete(&ev);
    if (!next_event(&L, &ev))
        goto done;
    if (ev.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev);
        cdc_diag_error(d, src, (cdc_pos){0, 0, 0, 0}, "empty-file", "the file holds no document");
        goto done;
    }
    yaml_event_delete(&ev);
    if (!next_event(&L, &ev))
        goto done;
    root = parse_node(&L, &ev, 0);
    yaml_event_delete(&ev);
    if (!root)
        goto done;
    if (!expect(&L, YAML_DOCUMENT_END_EVENT, &ev)) {
        root = NULL;
        goto done;
    }
    yaml_event_delete(&ev);
    if (!next_event(&L, &ev)) {
        root = NULL;
        goto done;
    }
    if (ev.type == YAML_DOCUMENT_START_EVENT) {
        cdc_diag_error(d, src, point(&L, ev.start_mark), "yaml-multi-document",
                       "a second YAML document; a filter file holds exactly one");
        root = NULL;
    }
    yaml_event_delete(&ev);
done:
    yaml_parser_delete(&L.parser);
    if (L.failed)
        return NULL;
    return root;
}

cdc_ynode *cdc_ynode_get(const cdc_ynode *map, const char *key)
{
    if (!map || map->kind != CDC_Y_MAPPING)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i]->str, key) == 0)
            return map->items[i];
    return NULL;
}

void cdc_ynode_check_keys(const cdc_ynode *map, const char *what, const char *const *allowed,
                          size_t n, const cdc_source *src, cdc_diags *d)
{
    for (size_t i = 0; i < map->n; i++) {
        const cdc_ynode *k = map->keys[i];
        bool ok = false;
        for (size_t j = 0; j < n && !ok; j++)
            ok = strcmp(k->str, allowed[j]) == 0;
        if (ok)
            continue;
        const char *hint = cdc_suggest(k->str, allowed, n);
        if (hint)
            cdc_diag_error(d, src, k->pos, "unknown-key",
                           "unknown key '%s' in %s; did you mean '%s'?", k->str, what, hint);
        else
            cdc_diag_error(d, src, k->pos, "unknown-key", "unknown key '%s' in %s", k->str, what);
    }
}

const char *cdc_ynode_kind_name(const cdc_ynode *n)
{
    switch (n->kind) {
    case CDC_Y_MAPPING: return "a mapping";
    case CDC_Y_SEQUENCE: return "a list";
    case CDC_Y_SCALAR: break;
    }
    return n->quoted ? "a string" : "a scalar";
}

/* ---- YAML core schema ---- */

static bool plain_is(const cdc_ynode *n, const char *const *words)
{
    if (n->kind != CDC_Y_SCALAR || n->quoted)
        return false;
    for (; *words; words++)
        if (strcmp(n->str, *words) == 0)
            return true;
    return false;
}

static const char *const true_words[] = {"true", "True", "TRUE", NULL};
static const char *const false_words[] = {"false", "False", "FALSE", NULL};
static const char *const null_words[] = {"", "~", "null", "Null", "NULL", NULL};
static const char *const special_floats[] = {".inf",  ".Inf",  ".INF",  "-.inf", "-.Inf",
                                             "-.INF", "+.inf", "+.Inf", "+.INF", ".nan",
                                             ".NaN",  ".NAN",  NULL};

static bool match_int(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static bool match_float(const char *s)
{
    bool digits = false;
    if (*s == '-' || *s == '+')
        s++;
    while (*s >= '0' && *s <= '9')
        s++, digits = true;
    if (*s == '.') {
        s++;
        while (*s >= '0' && *s <= '9')
            s++, digits = true;
    }
    if (!digits)
        return false;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '-' || *s == '+')
            s++;
        if (!(*s >= '0' && *s <= '9'))
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

cdc_yscalar cdc_yscalar_kind(const cdc_ynode *n)
{
    /* A NUL inside makes it text whatever it starts with. */
    if (n->kind != CDC_Y_SCALAR || n->quoted || strlen(n->str) != n->len)
        return CDC_YS_STRING;
    if (plain_is(n, null_words))
        return CDC_YS_NULL;
    if (plain_is(n, true_words) || plain_is(n, false_words))
        return CDC_YS_BOOL;
    if (match_int(n->str))
        return CDC_YS_INT;
    if (match_float(n->str) || plain_is(n, special_floats))
        return CDC_YS_FLOAT;
    return CDC_YS_STRING;
}

bool cdc_yscalar_true(const cdc_ynode *n)
{
    return plain_is(n, true_words);
}
