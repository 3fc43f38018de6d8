/* Unit tests for keys.c, the table of cdcgen.yaml's keys: each row is
 * consistent in itself (its parent, its field, its default against its
 * rule, its secret never located), fills its own field and no other, and
 * grammar/config.schema.json, cdcgen.example.yaml and man/cdcgen.1 name
 * the same keys with the same kinds, defaults and documentation. Run from
 * the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "cdcgen/back/target.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/config/config.h"
#include "cdcgen/config/keys.h"
#include "cdcgen/config/shape.h"
#include "cdcgen/config/values.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/sem/suppress.h"

typedef struct fix {
    cdc_arena *a;
    cdc_diags d;
    const cdc_config_key *keys;
    size_t n;
} fix;

static int setup(void **state)
{
    fix *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->a = cdc_arena_new();
    cdc_diags_init(&f->d, f->a);
    f->keys = cdc_config_keys(&f->n);
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

/* A fresh arena and collector: what was allocated before is gone. */
static void reset(fix *f)
{
    cdc_arena_free(f->a);
    f->a = cdc_arena_new();
    cdc_diags_init(&f->d, f->a);
}

static void print_diags(const fix *f)
{
    for (const cdc_diag *g = f->d.head; g; g = g->next)
        print_message("  %u:%u [%s] %s\n", g->pos.line, g->pos.col, g->code, g->msg);
}

/* A row that fills a setting: not a section, not a key of a list's entries. */
static bool fills(const cdc_config_key *row)
{
    return row->field != CDC_KEY_NO_FIELD;
}

static bool in_entry(const cdc_config_key *row)
{
    return strstr(row->path, "[]") != NULL;
}

/* The path of row's mapping ("" at the top level), in the arena. */
static const char *parent_of(fix *f, const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot ? cdc_arena_strndup(f->a, path, (size_t)(dot - path)) : "";
}

static const char *name_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot ? dot + 1 : path;
}

/* path ("a.b.c") set to value as YAML: each section on its own line. */
static const char *yaml_at(fix *f, const char *path, const char *value)
{
    const char *out = "";
    int depth = 0;
    for (const char *p = path;; depth++) {
        size_t n = strcspn(p, ".");
        if (!p[n])
            return cdc_arena_printf(f->a, "%s%*s%s: %s\n", out, 2 * depth, "", p, value);
        out = cdc_arena_printf(f->a, "%s%*s%.*s:\n", out, 2 * depth, "", (int)n, p);
        p += n + 1;
    }
}

/* text as a YAML double-quoted scalar. */
static const char *quoted(fix *f, const char *text)
{
    const char *out = "\"";
    for (const char *p = text; *p; p++)
        out = cdc_arena_printf(f->a, "%s%s%c", out, *p == '"' || *p == '\\' ? "\\" : "", *p);
    return cdc_arena_printf(f->a, "%s\"", out);
}

/* Loads text as cdcgen.yaml over the defaults into *c. */
static bool load_text(fix *f, const char *text, cdc_config *c)
{
    char dir[] = "/tmp/cdcgen-test-keys-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/cdcgen.yaml", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_true(fputs(text, fp) >= 0);
    assert_int_equal(fclose(fp), 0);
    cdc_config_defaults(c);
    bool ok = cdc_config_load(c, f->a, path, &f->d);
    unlink(path);
    rmdir(dir);
    return ok;
}

/* The node at a dotted path of a tree, or NULL. */
static const cdc_ynode *node_at(fix *f, const cdc_ynode *root, const char *path)
{
    const cdc_ynode *n = root;
    for (const char *p = path; n;) {
        size_t len = strcspn(p, ".");
        n = cdc_ynode_get(n, cdc_arena_strndup(f->a, p, len));
        if (!p[len])
            break;
        p += len + 1;
    }
    return n;
}

/* Whether a and b hold the same value for row. */
static bool same_value(const cdc_config *a, const cdc_config *b, const cdc_config_key *row)
{
    const char *x = (const char *)a + row->field, *y = (const char *)b + row->field;
    switch (row->kind) {
    case CDC_KEY_TEXT: return strcmp(*(const char *const *)x, *(const char *const *)y) == 0;
    case CDC_KEY_NUMBER: return *(const int64_t *)x == *(const int64_t *)y;
    case CDC_KEY_BOOLEAN: return *(const bool *)x == *(const bool *)y;
    case CDC_KEY_LIST: return a->targets == b->targets && a->nsuppress == b->nsuppress;
    case CDC_KEY_MAPPING: break;
    }
    fail_msg("%s fills nothing", row->path);
    return false;
}

/* ---- each row ---- */

/* Paths, parents, fields, kinds and flags agree with one another. */
static void test_rows_consistent(void **state)
{
    fix *f = *state;
    assert_true(f->n > 0);
    for (size_t i = 0; i < f->n; i++) {
        const cdc_config_key *row = &f->keys[i];
        if (!row->path[0] || !row->doc || !row->doc[0] || strchr(row->doc, '\n'))
            fail_msg("row %zu: a path and a one-line doc", i);
        for (size_t j = 0; j < i; j++)
            if (strcmp(f->keys[j].path, row->path) == 0)
                fail_msg("%s: listed twice", row->path);
        assert_ptr_equal(cdc_config_key_find(row->path), row);
        /* The parent comes first, and everything between is inside it. */
        const char *parent = parent_of(f, row->path);
        assert_true(cdc_config_key_is_child(row, parent));
        if (*parent) {
            size_t len = strlen(parent);
            bool entries = len > 2 && strcmp(parent + len - 2, "[]") == 0;
            const char *owner = entries ? cdc_arena_strndup(f->a, parent, len - 2) : parent;
            const cdc_config_key *up = cdc_config_key_find(owner);
            if (!up || up >= row)
                fail_msg("%s: its parent %s is not listed before it", row->path, owner);
            if (entries ? up->kind != CDC_KEY_LIST || up->item != CDC_KEY_MAPPING
                        : up->kind != CDC_KEY_MAPPING)
                fail_msg("%s: %s holds no keys", row->path, owner);
            for (const cdc_config_key *k = up + 1; k < row; k++)
                if (strncmp(k->path, owner, strlen(owner)) != 0)
                    fail_msg("%s is listed apart from its section: %s comes between", row->path,
                             k->path);
        }
        /* Only sections and the keys of entries fill nothing. */
        bool fills_nothing = row->kind == CDC_KEY_MAPPING || in_entry(row);
        if (fills(row) == fills_nothing)
            fail_msg("%s: fills %s", row->path, fills(row) ? "a field" : "nothing");
        if (fills(row))
            assert_true(row->field < sizeof(cdc_config));
        for (size_t j = 0; j < i; j++)
            if (fills(row) && f->keys[j].field == row->field)
                fail_msg("%s and %s fill one field", f->keys[j].path, row->path);
        if (row->required != in_entry(row))
            fail_msg("%s: only the keys of entries are required", row->path);
        if ((row->secret || row->takes_number) && row->kind != CDC_KEY_TEXT)
            fail_msg("%s: secrets and text that takes a number are text", row->path);
        if (row->kind == CDC_KEY_LIST &&
            (!row->fill || (row->item != CDC_KEY_TEXT && row->item != CDC_KEY_MAPPING)))
            fail_msg("%s: a list has a fill and items of words or mappings", row->path);
        if (fills(row) && row->kind == CDC_KEY_TEXT && !row->text_default)
            fail_msg("%s: a text key has a default", row->path);
    }
}

/* The keys of suppress's entries are the ones suppress.c reads and fmt writes. */
static void test_suppress_entry_keys(void **state)
{
    fix *f = *state;
    size_t n;
    const char *const *names = cdc_suppress_entry_keys(&n);
    size_t k = 0;
    for (size_t i = 0; i < f->n; i++)
        if (strncmp(f->keys[i].path, "suppress[].", 11) == 0) {
            assert_true(k < n);
            assert_string_equal(f->keys[i].path + 11, names[k++]);
        }
    assert_int_equal(k, n);
}

/* Every default follows its own rule, and cdc_config_defaults sets it. */
static void test_defaults_follow_rules(void **state)
{
    fix *f = *state;
    cdc_config c;
    memset(&c, 0xA5, sizeof c);
    cdc_config_defaults(&c);
    assert_null(c.path);
    for (size_t i = 0; i < f->n; i++) {
        const cdc_config_key *row = &f->keys[i];
        const char *field = (const char *)&c + row->field;
        const char *problem = NULL;
        if (!fills(row))
            continue;
        if (row->kind == CDC_KEY_TEXT) {
            assert_ptr_equal(*(const char *const *)field, row->text_default);
            problem = row->text_rule ? row->text_rule(row->text_default) : NULL;
        } else if (row->kind == CDC_KEY_NUMBER) {
            assert_true(*(const int64_t *)field == row->number_default);
            problem = row->number_rule ? row->number_rule(row->number_default) : NULL;
        }
        if (problem)
            fail_msg("%s: the default '%s' %s", row->path, row->text_default, problem);
    }
    assert_int_equal(c.targets, (1u << CDC_TARGET__COUNT) - 1);
    assert_null(c.suppress);
    assert_int_equal(c.nsuppress, 0);
    /* and the defaults pass the rules across keys too */
    assert_true(cdc_config_take_values(&c, NULL, f->a, NULL, &f->d));
    assert_int_equal(f->d.count, 0);
}

/* A value of each key's kind, as YAML, unlike its default: for text,
 * number and boolean keys a scalar, for lists one item. Rules may refuse
 * it; only where it lands is tested. */
static const char *other_value(fix *f, const cdc_config_key *row, size_t i)
{
    switch (row->kind) {
    case CDC_KEY_TEXT: return cdc_arena_printf(f->a, "\"zz%zu\"", i);
    case CDC_KEY_NUMBER: return cdc_arena_printf(f->a, "%zu", 1000 + i);
    case CDC_KEY_BOOLEAN: return row->boolean_default ? "false" : "true";
    case CDC_KEY_MAPPING: break;
    case CDC_KEY_LIST:
        if (row->item == CDC_KEY_TEXT)
            return "[zz]";
        const char *entry = "";
        const char *entries = cdc_arena_printf(f->a, "%s[]", row->path);
        for (size_t j = 0; j < f->n; j++)
            if (cdc_config_key_is_child(&f->keys[j], entries))
                entry = cdc_arena_printf(f->a, "%s%s%s: zz", entry, *entry ? ", " : "",
                                         name_of(f->keys[j].path));
        return cdc_arena_printf(f->a, "[{%s}]", entry);
    }
    fail_msg("%s holds no value", row->path);
    return NULL;
}

/* Each key, set alone, changes its own field and nothing else: the bytes
 * that differ from the defaults lie between its field and the next. */
static void test_each_key_fills_its_field(void **state)
{
    fix *f = *state;
    for (size_t i = 0; i < f->n; i++) {
        const cdc_config_key *row = &f->keys[i];
        if (!fills(row))
            continue;
        size_t end = sizeof(cdc_config);
        for (size_t j = 0; j < f->n; j++)
            if (fills(&f->keys[j]) && f->keys[j].field > row->field && f->keys[j].field < end)
                end = f->keys[j].field;
        reset(f);
        const char *text = yaml_at(f, row->path, other_value(f, row, i));
        const cdc_source *src = cdc_source_from_string(f->a, "c.yaml", text, strlen(text));
        const cdc_ynode *root = cdc_yaml_load(f->a, src, &f->d);
        const cdc_ynode **found = cdc_arena_alloc(f->a, f->n * sizeof *found);
        if (!root || !cdc_config_check_shape(root, f->keys, f->n, f->a, src, &f->d, found)) {
            print_diags(f);
            fail_msg("%s: the shape of %s", row->path, text);
        }
        cdc_config before, after;
        cdc_config_defaults(&before);
        after = before;
        cdc_config_take_values(&after, found, f->a, src, &f->d); /* rules may refuse zz */
        const unsigned char *x = (const void *)&before, *y = (const void *)&after;
        bool changed = false;
        for (size_t b = 0; b < sizeof before; b++) {
            if (x[b] == y[b])
                continue;
            if (b < row->field || b >= end)
                fail_msg("%s changed byte %zu, outside its field [%zu, %zu)", row->path, b,
                         row->field, end);
            changed = true;
        }
        if (!changed)
            fail_msg("%s: %s changed nothing", row->path, text);
    }
}

/* A file setting every key to its default loads clean, to the defaults. */
static void test_file_of_defaults(void **state)
{
    fix *f = *state;
    const char *text = "";
    for (size_t i = 0; i < f->n; i++) {
        const cdc_config_key *row = &f->keys[i];
        const char *value = NULL;
        if (in_entry(row))
            continue;
        switch (row->kind) {
        case CDC_KEY_MAPPING: value = ""; break;
        case CDC_KEY_TEXT: value = quoted(f, row->text_default); break;
        case CDC_KEY_NUMBER:
            value = cdc_arena_printf(f->a, "%lld", (long long)row->number_default);
            break;
        case CDC_KEY_BOOLEAN: value = row->boolean_default ? "true" : "false"; break;
        case CDC_KEY_LIST:
            /* the empty list, or (targets) every name */
            value = row->set_default ? cdc_arena_printf(f->a, "[%s]", cdc_target_list()) : "[]";
            break;
        }
        int depth = 0;
        for (const char *p = row->path; *p; p++)
            depth += *p == '.';
        text = cdc_arena_printf(f->a, "%s%*s%s:%s%s\n", text, 2 * depth, "", name_of(row->path),
                                *value ? " " : "", value);
    }
    cdc_config c, def;
    if (!load_text(f, text, &c)) {
        print_diags(f);
        fail_msg("refused:\n%s", text);
    }
    assert_int_equal(f->d.count, 0);
    cdc_config_defaults(&def);
    for (size_t i = 0; i < f->n; i++)
        if (fills(&f->keys[i]) && !same_value(&c, &def, &f->keys[i]))
            fail_msg("%s: not its default once written", f->keys[i].path);
}

/* A secret's mistakes name it and never locate it: the excerpt of its line
 * would print the secret. */
static void test_secrets_never_located(void **state)
{
    fix *f = *state;
    size_t secrets = 0;
    for (size_t i = 0; i < f->n; i++) {
        const cdc_config_key *row = &f->keys[i];
        if (!row->secret)
            continue;
        secrets++;
        const char *name = name_of(row->path);
        for (size_t t = 0; t < 4; t++) {
            reset(f);
            const char *misspelt = cdc_arena_strndup(f->a, name, strlen(name) - 1);
            const char *parent = parent_of(f, row->path);
            const char *texts[] = {
                yaml_at(f, row->path, "hunter2"),
                yaml_at(f, row->path, "123456"),
                yaml_at(f, row->path, "[hunter2]"),
                yaml_at(f, *parent ? cdc_arena_printf(f->a, "%s.%s", parent, misspelt) : misspelt,
                        "hunter2"),
            };
            cdc_config c;
            assert_false(load_text(f, texts[t], &c));
            assert_int_equal(f->d.nerrors, 1);
            const cdc_diag *g = f->d.head;
            assert_non_null(g->src);
            if (g->pos.line != 0 || strstr(g->msg, "hunter2") || strstr(g->msg, "123456"))
                fail_msg("%s: located or echoed: %u:%u %s", row->path, g->pos.line, g->pos.col,
                         g->msg);
            for (const cdc_diag *note = g->notes; note; note = note->next)
                assert_int_equal(note->pos.line, 0);
            if (t == 3 && !strstr(g->msg, cdc_arena_printf(f->a, "did you mean '%s'", name)))
                fail_msg("%s: no suggestion in %s", row->path, g->msg);
        }
    }
    assert_true(secrets > 0);
}

/* An empty text value its rule refuses says it is empty, at the value. */
static void test_empty_text_said_empty(void **state)
{
    fix *f = *state;
    for (size_t i = 0; i < f->n; i++) {
        const cdc_config_key *row = &f->keys[i];
        if (!fills(row) || row->kind != CDC_KEY_TEXT || row->secret || !row->text_rule ||
            !row->text_rule(""))
            continue;
        reset(f);
        cdc_config c;
        assert_false(load_text(f, yaml_at(f, row->path, "\"\""), &c));
        assert_int_equal(f->d.nerrors, 1);
        const cdc_diag *g = f->d.head;
        assert_string_equal(g->code, "config-value");
        assert_string_equal(
            g->msg, cdc_arena_printf(f->a, "'%s' is empty; it %s", row->path, row->text_rule("")));
        int depth = 0;
        for (const char *p = row->path; *p; p++)
            depth += *p == '.';
        assert_int_equal(g->pos.line, depth + 1);
        assert_int_equal(g->pos.len, 2);
    }
}

/* ---- the documents that name the keys ---- */

/* cdcgen.example.yaml sets every key, each to its default. */
static void test_example_is_the_defaults(void **state)
{
    fix *f = *state;
    cdc_config c, def;
    cdc_config_defaults(&c);
    if (!cdc_config_load(&c, f->a, "cdcgen.example.yaml", &f->d)) {
        print_diags(f);
        fail_msg("cdcgen.example.yaml does not load (run from the repository root)");
    }
    assert_int_equal(f->d.count, 0);
    cdc_config_defaults(&def);
    cdc_source *src = cdc_source_read(f->a, "cdcgen.example.yaml");
    const cdc_ynode *root = cdc_yaml_load(f->a, src, &f->d);
    for (size_t i = 0; i < f->n; i++) {
        const cdc_config_key *row = &f->keys[i];
        if (in_entry(row))
            continue;
        if (!node_at(f, root, row->path))
            fail_msg("cdcgen.example.yaml lacks %s", row->path);
        if (fills(row) && !same_value(&c, &def, row))
            fail_msg("cdcgen.example.yaml: %s is not its default", row->path);
    }
}

/* man/cdcgen.1's list of keys (CONFIGURATION, from `.It Ic targets` to
 * the list's end): the keys that hold a value, each with its default. */
static void test_man_page_lists_the_keys(void **state)
{
    fix *f = *state;
    cdc_source *man = cdc_source_read(f->a, "man/cdcgen.1");
    if (!man)
        fail_msg("man/cdcgen.1 (run from the repository root)");
    const char *p = strstr(man->text, "\n.Sh CONFIGURATION\n");
    assert_non_null(p);
    p = strstr(p, "\n.It Ic targets ");
    assert_non_null(p);
    const char *end = strstr(p, "\n.El\n");
    assert_non_null(end);
    const char *listed = " "; /* the paths listed, each between spaces */
    for (; p && p < end; p = strstr(p + 1, "\n.It Ic ")) {
        const char *line = p + strlen("\n.It Ic ");
        size_t len = strcspn(line, " \n");
        const char *path = cdc_arena_strndup(f->a, line, len);
        const cdc_config_key *row = cdc_config_key_find(path);
        if (!row || !fills(row))
            fail_msg("man/cdcgen.1 lists '%s', which is no key holding a value", path);
        listed = cdc_arena_printf(f->a, "%s%s ", listed, path);
        const char *rest = cdc_arena_strndup(f->a, line + len, strcspn(line + len, "\n"));
        const char *want = row->kind == CDC_KEY_TEXT
                               ? cdc_arena_printf(f->a, " Pq Ql %s",
                                                  *row->text_default ? row->text_default : "\"\"")
                           : row->kind == CDC_KEY_NUMBER
                               ? cdc_arena_printf(f->a, " Pq %lld", (long long)row->number_default)
                               : NULL;
        if (want && strcmp(rest, want) != 0)
            fail_msg("man/cdcgen.1: '%s%s', its default is '%s'", path, rest, want);
    }
    for (size_t i = 0; i < f->n; i++)
        if (fills(&f->keys[i]) && !strstr(listed, cdc_arena_printf(f->a, " %s ", f->keys[i].path)))
            fail_msg("man/cdcgen.1 (CONFIGURATION) does not list %s", f->keys[i].path);
}

/* ---- grammar/config.schema.json ---- */

/* s with a local "$ref" (#/$defs/NAME) or an allOf whose first entry is
 * one followed. */
static json_t *json_resolve(json_t *root, json_t *s)
{
    json_t *all = json_object_get(s, "allOf");
    if (json_is_array(all))
        s = json_array_get(all, 0);
    const char *ref = json_string_value(json_object_get(s, "$ref"));
    if (ref && strncmp(ref, "#/$defs/", 8) == 0)
        s = json_object_get(json_object_get(root, "$defs"), ref + 8);
    return s;
}

/* Whether s (with its anyOf alternatives) takes a JSON value of type. */
static bool json_takes(json_t *root, json_t *s, const char *type)
{
    s = json_resolve(root, s);
    const char *t = json_string_value(json_object_get(s, "type"));
    if (t && strcmp(t, type) == 0)
        return true;
    size_t i;
    json_t *alt;
    json_array_foreach(json_object_get(s, "anyOf"), i,
                       alt) if (json_takes(root, alt, type)) return true;
    return false;
}

static bool json_is_secret_ref(json_t *s)
{
    const char *ref = json_string_value(json_object_get(s, "$ref"));
    return ref && strcmp(ref, "#/$defs/secretRef") == 0;
}

static void json_compare_key(fix *f, json_t *root, json_t *js, const cdc_config_key *row);

/* The properties of the JSON object js are the keys under parent, both ways. */
static void json_compare_keys(fix *f, json_t *root, json_t *js, const char *parent,
                              const char *what)
{
    if (!json_is_false(json_object_get(js, "additionalProperties")))
        fail_msg("%s: the JSON Schema allows other keys, cdcgen does not", what);
    json_t *props = json_object_get(js, "properties");
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++) {
        const cdc_config_key *row = &f->keys[i];
        if (!cdc_config_key_is_child(row, parent))
            continue;
        n++;
        json_t *p = json_object_get(props, name_of(row->path));
        if (!p)
            fail_msg("%s is missing from grammar/config.schema.json", row->path);
        json_compare_key(f, root, p, row);
        bool required = false;
        size_t k;
        json_t *r;
        json_array_foreach(json_object_get(js, "required"), k, r) required |=
            strcmp(json_string_value(r), name_of(row->path)) == 0;
        if (required != row->required)
            fail_msg("%s: the table and the JSON Schema disagree on whether it is required",
                     row->path);
    }
    if (json_object_size(props) != n)
        fail_msg("%s: the JSON Schema has %zu keys, the table %zu", what, json_object_size(props),
                 n);
}

static void json_compare_key(fix *f, json_t *root, json_t *prop, const cdc_config_key *row)
{
    json_t *js = json_resolve(root, prop);
    assert_non_null(js);
    const char *type = json_string_value(json_object_get(js, "type"));
    /* the description at the key, else the one of what it refers to */
    json_t *doc = json_object_get(prop, "description");
    if (!doc)
        doc = json_object_get(js, "description");
    if (!json_is_string(doc) || strcmp(json_string_value(doc), row->doc) != 0)
        fail_msg("%s: the JSON Schema's description differs from the table's doc:\n  %s\n  %s",
                 row->path, json_string_value(doc), row->doc);
    json_t *dflt = json_object_get(prop, "default");
    if (!dflt)
        dflt = json_object_get(js, "default");
    switch (row->kind) {
    case CDC_KEY_MAPPING:
        if (!type || strcmp(type, "object") != 0)
            fail_msg("%s: a section, the JSON Schema says %s", row->path, type ? type : "no type");
        json_compare_keys(f, root, js, row->path, row->path);
        return;
    case CDC_KEY_LIST: {
        if (!type || strcmp(type, "array") != 0)
            fail_msg("%s: a list, the JSON Schema says %s", row->path, type ? type : "no type");
        assert_int_equal(json_integer_value(json_object_get(js, "minItems")), row->min_items);
        json_t *items = json_resolve(root, json_object_get(js, "items"));
        if (row->item == CDC_KEY_MAPPING) {
            json_compare_keys(f, root, items, cdc_arena_printf(f->a, "%s[]", row->path), row->path);
        } else if (!json_takes(root, items, "string")) {
            fail_msg("%s: a list of words, the JSON Schema's items are no text", row->path);
        } else if (dflt) {
            /* the default, written in the file, is the default */
            const char *list = "";
            size_t i;
            json_t *v;
            json_array_foreach(dflt, i, v) list =
                cdc_arena_printf(f->a, "%s%s%s", list, i ? ", " : "", json_string_value(v));
            cdc_config c, def;
            assert_true(load_text(f, cdc_arena_printf(f->a, "%s: [%s]\n", row->path, list), &c));
            assert_int_equal(f->d.count, 0);
            cdc_config_defaults(&def);
            assert_true(same_value(&c, &def, row));
        }
        return;
    }
    case CDC_KEY_NUMBER:
        if (!type || strcmp(type, "integer") != 0)
            fail_msg("%s: a whole number, the JSON Schema says %s", row->path,
                     type ? type : "no type");
        if (!json_is_integer(dflt) || json_integer_value(dflt) != row->number_default)
            fail_msg("%s: the JSON Schema's default differs from the table's", row->path);
        return;
    case CDC_KEY_BOOLEAN:
        if (!type || strcmp(type, "boolean") != 0 || json_is_true(dflt) != row->boolean_default)
            fail_msg("%s: true or false with the table's default", row->path);
        return;
    case CDC_KEY_TEXT:
        /* text: a string, an enum of words, or anyOf text and a reference */
        if (!json_takes(root, prop, "string") && !json_is_array(json_object_get(js, "enum")))
            fail_msg("%s: text, the JSON Schema says %s", row->path, type ? type : "no type");
        if (json_is_secret_ref(prop) != row->secret)
            fail_msg("%s: the table and the JSON Schema disagree on whether it is a secret",
                     row->path);
        if (json_takes(root, prop, "integer") != row->takes_number)
            fail_msg("%s: the table and the JSON Schema disagree on whether it takes a number",
                     row->path);
        if (fills(row) &&
            (!json_is_string(dflt) || strcmp(json_string_value(dflt), row->text_default) != 0))
            fail_msg("%s: the JSON Schema's default differs from the table's", row->path);
        return;
    }
}

/* The schema editors use names the table's keys, no other, with their
 * kinds, defaults, required keys, secrets and descriptions. */
static void test_json_schema_matches_table(void **state)
{
    fix *f = *state;
    json_error_t err;
    json_t *root = json_load_file("grammar/config.schema.json", 0, &err);
    if (!root)
        fail_msg("grammar/config.schema.json: %s (run from the repository root)", err.text);
    const char *type = json_string_value(json_object_get(root, "type"));
    assert_non_null(type);
    assert_string_equal(type, "object");
    json_compare_keys(f, root, root, "", "the top level");
    json_decref(root);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_rows_consistent),         T(test_suppress_entry_keys),
        T(test_defaults_follow_rules),   T(test_each_key_fills_its_field),
        T(test_file_of_defaults),        T(test_secrets_never_located),
        T(test_empty_text_said_empty),   T(test_example_is_the_defaults),
        T(test_man_page_lists_the_keys), T(test_json_schema_matches_table),
    };
#undef T
    return cmocka_run_group_tests_name("config_keys", tests, NULL, NULL) ? 1 : 0;
}
