/* Unit tests for load.c: YAML/JSON text -> cdc_ynode tree with positions,
 * and the located diagnostics for every input it rejects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/lang/load.h"

typedef struct fix {
    cdc_arena *a;
    cdc_diags d;
    const cdc_source *src;
} fix;

static int setup(void **state)
{
    fix *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->a = cdc_arena_new();
    cdc_diags_init(&f->d, f->a);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fix *f = *state;
    cdc_arena_free(f->a);
    free(f);
    return 0;
}

static cdc_ynode *load_n(fix *f, const char *text, size_t len)
{
    f->src = cdc_source_from_string(f->a, "in.yaml", text, len);
    return cdc_yaml_load(f->a, f->src, &f->d);
}

static cdc_ynode *load(fix *f, const char *text)
{
    return load_n(f, text, strlen(text));
}

#define assert_pos(p, l, c, o, n)                                                                  \
    do {                                                                                           \
        cdc_pos p_ = (p);                                                                          \
        assert_int_equal(p_.line, (l));                                                            \
        assert_int_equal(p_.col, (c));                                                             \
        assert_int_equal(p_.off, (o));                                                             \
        assert_int_equal(p_.len, (n));                                                             \
    } while (0)

static void assert_scalar(const cdc_ynode *n, const char *str, bool quoted)
{
    assert_non_null(n);
    assert_int_equal(n->kind, CDC_Y_SCALAR);
    assert_string_equal(n->str, str);
    assert_int_equal(n->len, strlen(str));
    assert_int_equal(n->quoted, quoted);
}

/* The one error the load reported: its code, line and column. */
static const cdc_diag *only_error(const fix *f, const char *code, uint32_t line, uint32_t col)
{
    assert_int_equal(f->d.nerrors, 1);
    assert_int_equal(f->d.nwarnings, 0);
    const cdc_diag *g = f->d.head;
    assert_non_null(g);
    assert_null(g->next);
    assert_int_equal(g->sev, CDC_ERROR);
    assert_string_equal(g->code, code);
    assert_ptr_equal(g->src, f->src);
    assert_int_equal(g->pos.line, line);
    assert_int_equal(g->pos.col, col);
    return g;
}

/* ---- trees ---- */

static void test_tree_block(void **state)
{
    fix *f = *state;
    const char *text = "a: 1\n"
                       "b: [x, \"y\"]\n"
                       "c:\n"
                       "  - k: v\n";
    cdc_ynode *root = load(f, text);
    assert_non_null(root);
    assert_int_equal(f->d.count, 0);
    assert_int_equal(root->kind, CDC_Y_MAPPING);
    assert_int_equal(root->n, 3);
    assert_pos(root->pos, 1, 1, 0, 29);
    assert_scalar(root->keys[0], "a", false);
    assert_scalar(root->keys[1], "b", false);
    assert_scalar(root->keys[2], "c", false);
    assert_pos(root->keys[1]->pos, 2, 1, 5, 1);

    cdc_ynode *one = root->items[0];
    assert_scalar(one, "1", false);
    assert_pos(one->pos, 1, 4, 3, 1);

    cdc_ynode *seq = cdc_ynode_get(root, "b");
    assert_ptr_equal(seq, root->items[1]);
    assert_int_equal(seq->kind, CDC_Y_SEQUENCE);
    assert_int_equal(seq->n, 2);
    assert_null(seq->keys);
    assert_pos(seq->pos, 2, 4, 8, 8);
    assert_scalar(seq->items[0], "x", false);
    assert_pos(seq->items[0]->pos, 2, 5, 9, 1);
    /* A quoted scalar's span includes its quotes; its text does not. */
    assert_scalar(seq->items[1], "y", true);
    assert_pos(seq->items[1]->pos, 2, 8, 12, 3);

    cdc_ynode *list = cdc_ynode_get(root, "c");
    assert_int_equal(list->kind, CDC_Y_SEQUENCE);
    assert_int_equal(list->n, 1);
    assert_int_equal(list->pos.line, 4);
    assert_int_equal(list->pos.col, 3);
    cdc_ynode *m = list->items[0];
    assert_int_equal(m->kind, CDC_Y_MAPPING);
    assert_int_equal(m->n, 1);
    assert_scalar(cdc_ynode_get(m, "k"), "v", false);
    assert_pos(cdc_ynode_get(m, "k")->pos, 4, 8, 27, 1);

    assert_null(cdc_ynode_get(root, "zz"));
    assert_null(cdc_ynode_get(seq, "x")); /* not a mapping */
    assert_null(cdc_ynode_get(NULL, "a"));
    assert_string_equal(cdc_ynode_kind_name(root), "a mapping");
    assert_string_equal(cdc_ynode_kind_name(seq), "a list");
    assert_string_equal(cdc_ynode_kind_name(seq->items[1]), "a string");
    assert_string_equal(cdc_ynode_kind_name(seq->items[0]), "a scalar");
}

static void test_tree_scalar_styles(void **state)
{
    fix *f = *state;
    const char *text = "plain: hello world\n"
                       "single: 'it''s'\n"
                       "double: \"a\\tb\\u00e9\"\n"
                       "nul: \"x\\0y\"\n"
                       "empty:\n"
                       "block: |\n"
                       "  line1\n"
                       "  line2\n";
    cdc_ynode *root = load(f, text);
    assert_non_null(root);
    assert_int_equal(root->n, 6);
    assert_scalar(cdc_ynode_get(root, "plain"), "hello world", false);
    assert_pos(cdc_ynode_get(root, "plain")->pos, 1, 8, 7, 11);
    assert_scalar(cdc_ynode_get(root, "single"), "it's", true);
    assert_pos(cdc_ynode_get(root, "single")->pos, 2, 9, 27, 7);
    assert_scalar(cdc_ynode_get(root, "double"), "a\tb\xC3\xA9", true);
    /* An escaped NUL stays in the text; len counts it. */
    cdc_ynode *nul = cdc_ynode_get(root, "nul");
    assert_int_equal(nul->len, 3);
    assert_memory_equal(nul->str, "x\0y", 4);
    cdc_ynode *empty = cdc_ynode_get(root, "empty");
    assert_scalar(empty, "", false);
    assert_scalar(cdc_ynode_get(root, "block"), "line1\nline2\n", true);
}

static void test_tree_utf8_positions(void **state)
{
    fix *f = *state;
    /* libyaml counts characters; positions must come out in bytes. */
    const char *text = "name: \"h\xC3\xA9llo\"\n"
                       "k: '\xC3\xA9t\xC3\xA9'\n"
                       "\xC3\xA9: [\xC3\xA9, y]\n";
    cdc_ynode *root = load(f, text);
    assert_non_null(root);
    assert_int_equal(root->n, 3);
    cdc_ynode *name = cdc_ynode_get(root, "name");
    assert_scalar(name, "h\xC3\xA9llo", true);
    assert_pos(name->pos, 1, 7, 6, 8);
    cdc_ynode *k = cdc_ynode_get(root, "k");
    assert_scalar(k, "\xC3\xA9t\xC3\xA9", true);
    assert_pos(k->pos, 2, 4, 18, 7);
    assert_pos(root->keys[2]->pos, 3, 1, 26, 2);
    cdc_ynode *seq = root->items[2];
    assert_pos(seq->pos, 3, 4, 30, 7);
    assert_pos(seq->items[0]->pos, 3, 5, 31, 2);
    assert_scalar(seq->items[1], "y", false);
    assert_pos(seq->items[1]->pos, 3, 8, 35, 1);
}

static void test_tree_json(void **state)
{
    fix *f = *state;
    const char *text = "{\"a\": [1, 2.5], \"b\": {\"c\": \"d\"}, \"t\": true, \"n\": null}";
    cdc_ynode *root = load(f, text);
    assert_non_null(root);
    assert_int_equal(f->d.count, 0);
    assert_int_equal(root->kind, CDC_Y_MAPPING);
    assert_int_equal(root->n, 4);
    assert_pos(root->pos, 1, 1, 0, strlen(text));
    assert_scalar(root->keys[0], "a", true);
    assert_pos(root->keys[0]->pos, 1, 2, 1, 3);
    cdc_ynode *a = root->items[0];
    assert_int_equal(a->kind, CDC_Y_SEQUENCE);
    assert_int_equal(a->n, 2);
    assert_scalar(a->items[0], "1", false);
    assert_scalar(a->items[1], "2.5", false);
    assert_pos(a->items[1]->pos, 1, 11, 10, 3);
    cdc_ynode *b = cdc_ynode_get(root, "b");
    assert_int_equal(b->kind, CDC_Y_MAPPING);
    assert_pos(b->pos, 1, 22, 21, 10);
    assert_scalar(cdc_ynode_get(b, "c"), "d", true);
    assert_pos(cdc_ynode_get(b, "c")->pos, 1, 28, 27, 3);
    assert_scalar(cdc_ynode_get(root, "t"), "true", false);
    assert_scalar(cdc_ynode_get(root, "n"), "null", false);
}

static void test_tree_crlf(void **state)
{
    fix *f = *state;
    cdc_ynode *root = load(f, "a: 1\r\nb: x\r\n");
    assert_non_null(root);
    assert_int_equal(root->n, 2);
    assert_pos(root->keys[1]->pos, 2, 1, 6, 1);
    assert_scalar(root->items[1], "x", false);
    assert_pos(root->items[1]->pos, 2, 4, 9, 1);
}

static void test_tree_scalar_root_and_depth_64(void **state)
{
    fix *f = *state;
    cdc_ynode *root = load(f, "just text\n");
    assert_scalar(root, "just text", false);
    assert_pos(root->pos, 1, 1, 0, 9);

    /* 64 nested lists hold a scalar at depth 64: allowed. */
    char text[200];
    memset(text, '[', 64);
    text[64] = '1';
    memset(text + 65, ']', 64);
    text[129] = '\0';
    cdc_ynode *n = load(f, text);
    assert_non_null(n);
    assert_int_equal(f->d.count, 0);
    int depth = 0;
    while (n->kind == CDC_Y_SEQUENCE) {
        assert_int_equal(n->n, 1);
        n = n->items[0];
        depth++;
    }
    assert_int_equal(depth, 64);
    assert_scalar(n, "1", false);
    assert_pos(n->pos, 1, 65, 64, 1);
}

/* A byte order mark is not content: the file loads as without it, and
 * positions stay byte offsets into the file as read. */
static void test_tree_bom(void **state)
{
    fix *f = *state;
    cdc_ynode *root = load(f, "\xEF\xBB\xBF"
                              "a: 1\nb: x\n");
    assert_int_equal(f->d.count, 0);
    assert_non_null(root);
    assert_int_equal(root->kind, CDC_Y_MAPPING);
    assert_int_equal(root->n, 2);
    assert_scalar(root->keys[0], "a", false);
    assert_int_equal(root->keys[0]->pos.off, 3);
    assert_int_equal(root->keys[0]->pos.len, 1);
    assert_scalar(root->items[0], "1", false);
    assert_int_equal(root->items[0]->pos.off, 6);
    assert_int_equal(root->items[0]->pos.len, 1);
    assert_pos(root->keys[1]->pos, 2, 1, 8, 1);
    assert_pos(root->items[1]->pos, 2, 4, 11, 1);
}

static void test_tree_bom_json(void **state)
{
    fix *f = *state;
    cdc_ynode *root = load(f, "\xEF\xBB\xBF{\"a\": 1,\n \"b\": 2}");
    assert_non_null(root);
    assert_int_equal(root->n, 2);
    assert_int_equal(root->keys[0]->pos.off, 4);
    assert_int_equal(root->keys[0]->pos.len, 3);
    assert_int_equal(root->items[0]->pos.off, 9);
    assert_pos(root->keys[1]->pos, 2, 2, 13, 3);
    assert_pos(root->items[1]->pos, 2, 7, 18, 1);
}

/* An explicit !!str tag makes a string, as quotes do: the loader must not
 * hand it on as a plain scalar that later reads as a number, bool or null.
 * (Rejecting tags with a diagnostic would be correct too.) */
static void test_tree_str_tag(void **state)
{
    fix *f = *state;
    cdc_ynode *root = load(f, "a: !!str 5\nb: !!str true\n");
    if (!root) {
        assert_int_equal(f->d.nerrors, 1);
        return;
    }
    cdc_ynode *a = cdc_ynode_get(root, "a");
    assert_string_equal(a->str, "5");
    assert_true(a->quoted);
    assert_true(cdc_ynode_get(root, "b")->quoted);
}

/* ---- errors ---- */

static void test_err_duplicate_key(void **state)
{
    fix *f = *state;
    assert_null(load(f, "a: 1\nb: 2\na: 3\n"));
    const cdc_diag *g = only_error(f, "duplicate-key", 3, 1);
    assert_string_equal(g->msg, "duplicate key 'a'");
    assert_int_equal(g->pos.off, 10);
    assert_int_equal(g->pos.len, 1);
    const cdc_diag *n = g->notes;
    assert_non_null(n);
    assert_null(n->next);
    assert_int_equal(n->sev, CDC_NOTE);
    assert_null(n->code);
    assert_ptr_equal(n->src, f->src);
    assert_int_equal(n->pos.line, 1);
    assert_int_equal(n->pos.col, 1);
    assert_string_equal(n->msg, "'a' first given here");
}

static void test_err_duplicate_key_nested_json(void **state)
{
    fix *f = *state;
    assert_null(load(f, "{\"x\": {\"a\": 1,\n       \"a\": 2}}"));
    const cdc_diag *g = only_error(f, "duplicate-key", 2, 8);
    assert_string_equal(g->msg, "duplicate key 'a'");
    assert_int_equal(g->pos.len, 3);
    assert_int_equal(g->notes->pos.line, 1);
    assert_int_equal(g->notes->pos.col, 8);
    /* The same key in different mappings is fine. */
    fix g2 = {.a = f->a};
    cdc_diags_init(&g2.d, f->a);
    assert_non_null(load(&g2, "{\"a\": {\"a\": 1}, \"b\": {\"a\": 2}}"));
    assert_int_equal(g2.d.count, 0);
}

/* Many keys (the set grows and rehashes): the duplicate is still found,
 * with its first place; keys differing only after a NUL are distinct. */
static void test_err_duplicate_key_many(void **state)
{
    fix *f = *state;
    cdc_buf b = CDC_BUF_INIT;
    for (int i = 0; i < 20000; i++)
        cdc_buf_printf(&b, "k%d: %d\n", i, i);
    cdc_buf_puts(&b, "\"a\\0x\": 1\n\"a\\0y\": 2\n");
    assert_non_null(load_n(f, b.data, b.len));
    assert_int_equal(f->d.count, 0);
    cdc_buf_puts(&b, "k12345: again\n");
    cdc_diags_init(&f->d, f->a);
    assert_null(load_n(f, b.data, b.len));
    const cdc_diag *g = only_error(f, "duplicate-key", 20003, 1);
    assert_string_equal(g->msg, "duplicate key 'k12345'");
    assert_int_equal(g->notes->pos.line, 12346);
    cdc_buf_release(&b);
}

static void test_err_alias(void **state)
{
    fix *f = *state;
    assert_null(load(f, "a: &x 1\nb: *x\n"));
    const cdc_diag *g = only_error(f, "yaml-alias", 2, 4);
    assert_int_equal(g->pos.off, 11);
    assert_int_equal(g->pos.len, 2);
    assert_string_equal(g->msg,
                        "YAML aliases are not supported in filter files; write the value out");
}

static void test_err_second_document(void **state)
{
    fix *f = *state;
    assert_null(load(f, "a: 1\n---\nb: 2\n"));
    const cdc_diag *g = only_error(f, "yaml-multi-document", 2, 1);
    assert_int_equal(g->pos.off, 5);
    assert_string_equal(g->msg, "a second YAML document; a filter file holds exactly one");
    /* One explicit document with an end marker is fine. */
    fix g2 = {.a = f->a};
    cdc_diags_init(&g2.d, f->a);
    assert_non_null(load(&g2, "---\na: 1\n...\n"));
    assert_int_equal(g2.d.count, 0);
}

static void test_err_tab_indentation(void **state)
{
    fix *f = *state;
    assert_null(load(f, "a:\n  b: 1\n\tc: 2\n"));
    const cdc_diag *g = only_error(f, "yaml-tab", 3, 1);
    assert_int_equal(g->pos.off, 10);
    assert_int_equal(g->pos.len, 1);
    assert_string_equal(g->msg, "tab character in indentation; YAML indents with spaces");
}

static void test_err_tab_after_spaces(void **state)
{
    fix *f = *state;
    assert_null(load(f, "a:\n  \tb: 1\n"));
    const cdc_diag *g = only_error(f, "yaml-tab", 2, 3);
    assert_int_equal(g->pos.off, 5);
}

static void test_err_invalid_utf8(void **state)
{
    fix *f = *state;
    assert_null(load(f, "a: 1\nb: \xFF\n"));
    const cdc_diag *g = only_error(f, "yaml-encoding", 2, 4);
    assert_int_equal(g->pos.off, 8);
    assert_int_equal(g->pos.len, 1);
    assert_string_equal(g->msg, "invalid UTF-8 byte 0xFF; filter files must be UTF-8");
}

static void test_err_invalid_utf8_after_multibyte(void **state)
{
    fix *f = *state;
    /* é is fine; C3 28 is a lead byte without its continuation. */
    assert_null(load(f, "\xC3\xA9: \xC3\x28\n"));
    const cdc_diag *g = only_error(f, "yaml-encoding", 1, 4);
    assert_int_equal(g->pos.off, 4);
    assert_string_equal(g->msg, "invalid UTF-8 byte 0xC3; filter files must be UTF-8");
    /* A surrogate encoded in UTF-8 (CESU) is rejected too. */
    fix g2 = {.a = f->a};
    cdc_diags_init(&g2.d, f->a);
    assert_null(load(&g2, "a: \"\xED\xA0\x80\"\n"));
    g = only_error(&g2, "yaml-encoding", 1, 5);
    assert_string_equal(g->msg, "invalid UTF-8 byte 0xED; filter files must be UTF-8");
}

static void test_err_empty_file(void **state)
{
    fix *f = *state;
    assert_null(load(f, ""));
    const cdc_diag *g = only_error(f, "empty-file", 0, 0);
    assert_string_equal(g->msg, "the file holds no document");
}

static void test_err_comments_only(void **state)
{
    fix *f = *state;
    assert_null(load(f, "# nothing here\n\n   # still nothing\n"));
    const cdc_diag *g = only_error(f, "empty-file", 0, 0);
    assert_string_equal(g->msg, "the file holds no document");
}

static void test_err_syntax(void **state)
{
    fix *f = *state;
    assert_null(load(f, "a: b: c\n"));
    const cdc_diag *g = only_error(f, "yaml-syntax", 1, 5);
    assert_string_equal(g->msg, "mapping values are not allowed in this context");
    assert_null(g->notes);
}

static void test_err_syntax_with_context(void **state)
{
    fix *f = *state;
    assert_null(load(f, "a: [1, 2\nb: 3\n"));
    const cdc_diag *g = only_error(f, "yaml-syntax", 2, 2);
    assert_string_equal(g->msg, "while parsing a flow sequence did not find expected ',' or ']'");
    const cdc_diag *n = g->notes;
    assert_non_null(n);
    assert_null(n->next);
    assert_int_equal(n->pos.line, 1);
    assert_int_equal(n->pos.col, 4);
    assert_string_equal(n->msg, "the construct started here");
}

/* A bracket inside a plain value of a flow mapping: a note quotes it. */
static void test_err_flow_bracket_hint(void **state)
{
    fix *f = *state;
    assert_null(load(f, "- {field: header_data.items[0].sku, operator: equals}\n"));
    const cdc_diag *g = only_error(f, "yaml-syntax", 1, 28);
    const cdc_diag *n = g->notes;
    assert_non_null(n);
    n = n->next;
    assert_non_null(n);
    assert_null(n->next);
    assert_string_equal(n->msg, "'[' ends a plain value inside {...} or [...]; quote the value: "
                                "field: \"header_data.items[0].sku\"");
    assert_int_equal(n->pos.col, 11);
    assert_int_equal(n->pos.len, 24);

    /* In a flow sequence, without a key. */
    cdc_diags_init(&f->d, f->a);
    assert_null(load(f, "[a, b[1]]\n"));
    assert_non_null(f->d.head->notes->next);
    assert_string_equal(f->d.head->notes->next->msg,
                        "'[' ends a plain value inside {...} or [...]; quote the value: \"b[1]\"");

    /* A bracket that starts a value is no plain value's end: no hint. */
    cdc_diags_init(&f->d, f->a);
    assert_null(load(f, "{a: [1, b: 2}\n"));
    assert_int_equal(f->d.nerrors, 1);
    for (const cdc_diag *m = f->d.head->notes; m; m = m->next)
        assert_null(strstr(m->msg, "quote the value"));
}

static void test_err_syntax_json(void **state)
{
    fix *f = *state;
    assert_null(load(f, "{\"a\": 1,\n \"b\" 2}"));
    const cdc_diag *g = only_error(f, "yaml-syntax", 2, 6);
    assert_string_equal(g->msg, "while parsing a flow mapping did not find expected ',' or '}'");
}

static void test_err_syntax_after_utf8(void **state)
{
    fix *f = *state;
    /* The column is in code points, the offset in bytes. */
    assert_null(load(f, "\xC3\xA9\xC3\xA9: a: b\n"));
    const cdc_diag *g = only_error(f, "yaml-syntax", 1, 6);
    assert_int_equal(g->pos.off, 7);
}

static void test_err_depth(void **state)
{
    fix *f = *state;
    char text[200];
    memset(text, '[', 65);
    text[65] = '1';
    memset(text + 66, ']', 65);
    text[131] = '\0';
    assert_null(load(f, text));
    const cdc_diag *g = only_error(f, "yaml-depth", 1, 66);
    assert_string_equal(g->msg, "nesting deeper than 64 levels");
}

static void test_err_depth_block_mappings(void **state)
{
    fix *f = *state;
    /* 66 nested block mappings: the 65th level is rejected. */
    cdc_buf b = CDC_BUF_INIT;
    for (int i = 0; i < 66; i++)
        cdc_buf_printf(&b, "%*sk%d:\n", i, "", i);
    cdc_buf_printf(&b, "%*sv\n", 66, "");
    assert_null(load(f, b.data));
    cdc_buf_release(&b);
    const cdc_diag *g = only_error(f, "yaml-depth", 65, 65);
    assert_string_equal(g->msg, "nesting deeper than 64 levels");
}

static void test_err_non_scalar_key(void **state)
{
    fix *f = *state;
    assert_null(load(f, "? [a, b]\n: 1\n"));
    const cdc_diag *g = only_error(f, "yaml-key", 1, 3);
    assert_string_equal(g->msg, "mapping keys must be plain strings, not a list");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest trees[] = {
        T(test_tree_block), T(test_tree_scalar_styles), T(test_tree_utf8_positions),
        T(test_tree_json),  T(test_tree_crlf),          T(test_tree_scalar_root_and_depth_64),
        T(test_tree_bom),   T(test_tree_bom_json),      T(test_tree_str_tag),
    };
    const struct CMUnitTest errors[] = {
        T(test_err_duplicate_key),
        T(test_err_duplicate_key_nested_json),
        T(test_err_alias),
        T(test_err_second_document),
        T(test_err_tab_indentation),
        T(test_err_tab_after_spaces),
        T(test_err_invalid_utf8),
        T(test_err_invalid_utf8_after_multibyte),
        T(test_err_empty_file),
        T(test_err_comments_only),
        T(test_err_syntax),
        T(test_err_syntax_with_context),
        T(test_err_flow_bracket_hint),
        T(test_err_syntax_json),
        T(test_err_syntax_after_utf8),
        T(test_err_depth),
        T(test_err_depth_block_mappings),
        T(test_err_duplicate_key_many),
        T(test_err_non_scalar_key),
    };
#undef T
    int failed = 0;
    failed += cmocka_run_group_tests_name("load trees", trees, NULL, NULL);
    failed += cmocka_run_group_tests_name("load errors", errors, NULL, NULL);
    return failed ? 1 : 0;
}
