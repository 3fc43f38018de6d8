/* config/shape.c: cdcgen.yaml's shape, checked before any value is used.
 *
 * Consumes the file's node tree (load.c, which keeps positions and has
 * already refused duplicate keys, tabs, bad encodings and aliases) and the
 * key table (keys.c): each mapping's keys, each value's kind, which keys are
 * required and how short a list may be come from the table, so a key added
 * there is checked here with nothing else to keep in step. Produces the
 * diagnostics and, for each row, its value when it has its shape: what
 * values.c takes and holds to the rules.
 *
 * Why: reporting every mistake at once, each at its line and column with
 * its caret, and handing on only values of the right kind, so the rules and
 * the settings never see a number where text belongs. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cdcgen/config/shape.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "cdcgen/config/keys.h"
#include "cdcgen/lang/load.h"

typedef struct shape {
    const cdc_config_key *keys;
    size_t nkeys;
    const cdc_ynode **found;
    cdc_arena *arena;
    const cdc_source *src;
    cdc_diags *diags;
} shape;

/* What a value must be: a row's, or a list's word (text, never empty). */
typedef struct want {
    cdc_key_kind kind;
    bool secret, takes_number, nonempty;
} want;

static bool check_row(shape *S, const cdc_ynode *n, const cdc_config_key *row, const char *path,
                      bool in_entry);

/* A mistake about the value at a secret is named, never located: the
 * excerpt of its line would print the secret into the log. */
static void bad(shape *S, bool secret, cdc_pos pos, const char *code, const char *fmt, ...)
    CDC_PRINTF(5, 6);

static void bad(shape *S, bool secret, cdc_pos pos, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cdc_diag_vadd(S->diags, CDC_ERROR, S->src, secret ? (cdc_pos){0, 0, 0, 0} : pos, code, fmt, ap);
    va_end(ap);
}

/* How a node that is not what the key wants reads, for messages:
 * "a list", "a mapping", "the number 5", "the boolean true", "the text 'x'". */
static const char *describe(shape *S, const cdc_ynode *n, bool secret)
{
    if (n->kind != CDC_Y_SCALAR)
        return cdc_ynode_kind_name(n);
    if (secret)
        return "a scalar";
    switch (cdc_yscalar_kind(n)) {
    case CDC_YS_INT:
    case CDC_YS_FLOAT: return cdc_arena_printf(S->arena, "the number %s", n->str);
    case CDC_YS_BOOL: return cdc_arena_printf(S->arena, "the boolean %s", n->str);
    case CDC_YS_NULL: return "null";
    case CDC_YS_STRING: break;
    }
    return strlen(n->str) == n->len && n->len <= 40
               ? cdc_arena_printf(S->arena, "the text '%s'", n->str)
               : "text";
}

static const char *child_path(shape *S, const char *path, const char *key)
{
    return *path ? cdc_arena_printf(S->arena, "%s.%s", path, key) : key;
}

/* "'kafka'", or "the top level" for the file itself. */
static const char *mapping_name(shape *S, const char *path)
{
    return *path ? cdc_arena_printf(S->arena, "'%s'", path) : "the top level";
}

/* "in 'kafka'", or "at the top level". */
static const char *in_mapping(shape *S, const char *path)
{
    return *path ? cdc_arena_printf(S->arena, "in '%s'", path) : "at the top level";
}

/* The name of row as a key of its mapping: "source_topic" for kafka.source_topic. */
static const char *key_name(const cdc_config_key *row)
{
    const char *dot = strrchr(row->path, '.');
    return dot ? dot + 1 : row->path;
}

/* The row of the key name under parent, or NULL. */
static const cdc_config_key *child_row(shape *S, const char *parent, const char *name)
{
    for (size_t i = 0; i < S->nkeys; i++)
        if (cdc_config_key_is_child(&S->keys[i], parent) &&
            strcmp(key_name(&S->keys[i]), name) == 0)
            return &S->keys[i];
    return NULL;
}

/* The keys under parent (the rows named "<parent>.<key>"), in table order:
 * every key of n checked against its row or reported unknown, then every
 * required key that n lacks. path names n in messages ("suppress[0]"). */
static bool check_mapping(shape *S, const cdc_ynode *n, const char *parent, const char *path,
                          bool in_entry)
{
    bool ok = true;
    const char **names = cdc_arena_alloc(S->arena, (S->nkeys + 1) * sizeof *names);
    size_t nnames = 0;
    cdc_buf list = CDC_BUF_INIT;
    cdc_buf_init(&list);
    for (size_t i = 0; i < S->nkeys; i++) {
        if (!cdc_config_key_is_child(&S->keys[i], parent))
            continue;
        cdc_buf_printf(&list, "%s%s", nnames ? ", " : "", key_name(&S->keys[i]));
        names[nnames++] = key_name(&S->keys[i]);
    }
    for (size_t k = 0; k < n->n; k++) {
        const cdc_ynode *key = n->keys[k];
        const cdc_config_key *row =
            strlen(key->str) == key->len ? child_row(S, parent, key->str) : NULL;
        if (row) {
            ok = check_row(S, n->items[k], row, child_path(S, path, key_name(row)), in_entry) && ok;
            continue;
        }
        ok = false;
        const char *hint = cdc_suggest(key->str, names, nnames);
        /* A misspelt secret key has the secret on its line. */
        const cdc_config_key *meant = hint ? child_row(S, parent, hint) : NULL;
        bool secret = meant && meant->secret;
        if (hint)
            bad(S, secret, key->pos, "unknown-key", "unknown key '%s' %s; did you mean '%s'?",
                key->str, in_mapping(S, path), hint);
        else
            bad(S, secret, key->pos, "unknown-key", "unknown key '%s' %s", key->str,
                in_mapping(S, path));
        if (!hint)
            cdc_diag_note(S->diags, S->src, (cdc_pos){0, 0, 0, 0}, "%s takes %s",
                          mapping_name(S, path), list.data);
    }
    for (size_t i = 0; i < S->nkeys; i++) {
        const cdc_config_key *row = &S->keys[i];
        if (row->required && cdc_config_key_is_child(row, parent) &&
            !cdc_ynode_get(n, key_name(row))) {
            bad(S, false, n->pos, "missing-key", "%s needs the key '%s'", mapping_name(S, path),
                key_name(row));
            ok = false;
        }
    }
    cdc_buf_release(&list);
    return ok;
}

/* The text of n when it is what a text value takes: text, or a plain
 * integer where the key also takes a number; NULL for anything else (a
 * number, a boolean, null, a list, a NUL inside). */
static const char *text_value(const cdc_ynode *n, const want *w)
{
    if (n->kind != CDC_Y_SCALAR || strlen(n->str) != n->len)
        return NULL;
    cdc_yscalar kind = cdc_yscalar_kind(n);
    return kind == CDC_YS_STRING || (kind == CDC_YS_INT && w->takes_number) ? n->str : NULL;
}

static bool check_text(shape *S, const cdc_ynode *n, const want *w, const char *path)
{
    cdc_yscalar kind = cdc_yscalar_kind(n);
    if (text_value(n, w)) {
        if (n->len > 0 || !w->nonempty)
            return true;
        bad(S, w->secret, n->pos, "bad-value", "'%s' is empty", path);
    } else if (kind == CDC_YS_STRING) {
        bad(S, w->secret, n->pos, "bad-value", "'%s' contains a NUL character", path);
    } else if (kind == CDC_YS_NULL) {
        bad(S, w->secret, n->pos, "bad-value",
            "'%s' has no value; give one (\"\" for empty text), or remove the key to keep the "
            "default",
            path);
    } else {
        bad(S, w->secret, n->pos, "bad-value",
            "'%s' must be text, not %s; quote it if you mean the text", path,
            describe(S, n, w->secret));
    }
    return false;
}

/* Decimal digits with an optional sign and no leading zero: what every
 * YAML reader reads the same. */
static bool plain_decimal(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    return s[0] != '0' || s[1] == '\0';
}

/* A whole number that fits the int64_t field it fills. */
static bool check_number(shape *S, const cdc_ynode *n, const want *w, const char *path)
{
    if (cdc_yscalar_kind(n) != CDC_YS_INT) {
        bool digits = n->quoted && n->len > 0 && strspn(n->str, "-+0123456789") == n->len;
        bad(S, w->secret, n->pos, "bad-value", "'%s' must be a whole number, not %s%s", path,
            describe(S, n, w->secret), digits ? "; write it without quotes" : "");
        return false;
    }
    if (!plain_decimal(n->str)) {
        bad(S, w->secret, n->pos, "bad-value",
            "'%s' must be a whole number without leading zeros ('%s' reads as octal in YAML "
            "1.1)",
            path, n->str);
        return false;
    }
    errno = 0;
    (void)strtoll(n->str, NULL, 10);
    if (errno == ERANGE) {
        bad(S, w->secret, n->pos, "bad-value",
            "'%s' is out of range: a whole number from %" PRId64 " to %" PRId64, path, INT64_MIN,
            INT64_MAX);
        return false;
    }
    return true;
}

static bool check_boolean(shape *S, const cdc_ynode *n, const want *w, const char *path)
{
    if (cdc_yscalar_kind(n) == CDC_YS_BOOL)
        return true;
    /* YAML 1.1's booleans: text in YAML 1.2, which cdcgen reads. */
    static const char *const words[] = {"yes", "no", "on", "off", "y", "n"};
    for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
        if (strcasecmp(n->str, words[i]) == 0) {
            bool truth = i % 2 == 0;
            bad(S, w->secret, n->pos, "bad-value",
                "'%s' must be true or false; '%s' is text in YAML 1.2, write %s", path, n->str,
                truth ? "true" : "false");
            return false;
        }
    }
    bad(S, w->secret, n->pos, "bad-value", "'%s' must be true or false, not %s", path,
        describe(S, n, w->secret));
    return false;
}

/* A scalar value: text, a number or a boolean. */
static bool check_scalar(shape *S, const cdc_ynode *n, const want *w, const char *path)
{
    if (n->kind != CDC_Y_SCALAR) {
        const char *wanted = w->kind == CDC_KEY_NUMBER    ? "a whole number"
                             : w->kind == CDC_KEY_BOOLEAN ? "true or false"
                                                          : "text";
        bad(S, w->secret, n->pos, "bad-value", "'%s' must be %s, not %s", path, wanted,
            cdc_ynode_kind_name(n));
        return false;
    }
    switch (w->kind) {
    case CDC_KEY_NUMBER: return check_number(S, n, w, path);
    case CDC_KEY_BOOLEAN: return check_boolean(S, n, w, path);
    case CDC_KEY_TEXT: return check_text(S, n, w, path);
    case CDC_KEY_LIST:
    case CDC_KEY_MAPPING: break;
    }
    CDC_BUG("'%s' is not a scalar key", path);
}

/* n must be a mapping: true if it is (its keys are checked by the caller). */
static bool is_mapping(shape *S, const cdc_ynode *n, const char *path)
{
    if (n->kind == CDC_Y_MAPPING)
        return true;
    if (n->kind == CDC_Y_SCALAR && cdc_yscalar_kind(n) == CDC_YS_NULL)
        bad(S, false, n->pos, "bad-value",
            "%s has no value; it must be a mapping of keys (remove it to keep the "
            "defaults)",
            mapping_name(S, path));
    else
        bad(S, false, n->pos, "bad-value", "%s must be a mapping of keys, not %s",
            mapping_name(S, path), describe(S, n, false));
    return false;
}

/* A list: its length, then each item. *good is a list of the items that
 * have their shape, or NULL when n is no list. true when all of it has. */
static bool check_list(shape *S, const cdc_ynode *n, const cdc_config_key *row, const char *path,
                       const cdc_ynode **good)
{
    *good = NULL;
    if (n->kind != CDC_Y_SEQUENCE) {
        bad(S, row->secret, n->pos, "bad-value", "'%s' must be a list, not %s", path,
            describe(S, n, row->secret));
        if (n->kind == CDC_Y_SCALAR && cdc_yscalar_kind(n) == CDC_YS_STRING &&
            strlen(n->str) == n->len && !row->secret)
            cdc_diag_note(S->diags, S->src, n->pos, "a list of one is written [%s]", n->str);
        return false;
    }
    bool all_ok = true;
    if (n->n < row->min_items) {
        bad(S, row->secret, n->pos, "bad-value", "'%s' must list at least %zu item%s", path,
            row->min_items, row->min_items == 1 ? "" : "s");
        all_ok = false;
    }
    cdc_ynode *items = CDC_ARENA_NEW(S->arena, cdc_ynode);
    *items = *n;
    items->items = cdc_arena_alloc(S->arena, (n->n ? n->n : 1) * sizeof *items->items);
    items->n = 0;
    static const want word = {.kind = CDC_KEY_TEXT, .nonempty = true};
    const char *entries = cdc_arena_printf(S->arena, "%s[]", row->path);
    for (size_t i = 0; i < n->n; i++) {
        const cdc_ynode *item = n->items[i];
        const char *item_path = cdc_arena_printf(S->arena, "%s[%zu]", path, i);
        bool ok =
            row->item == CDC_KEY_MAPPING
                ? is_mapping(S, item, item_path) && check_mapping(S, item, entries, item_path, true)
                : check_scalar(S, item, &word, item_path);
        if (ok)
            items->items[items->n++] = n->items[i];
        all_ok = all_ok && ok;
    }
    *good = items;
    return all_ok;
}

/* The value n of row, named path ("suppress[0].rule"); in_entry: inside a
 * list's entry, where values are not recorded (the list's fill reads them). */
static bool check_row(shape *S, const cdc_ynode *n, const cdc_config_key *row, const char *path,
                      bool in_entry)
{
    const cdc_ynode *value = NULL;
    bool ok = false;
    switch (row->kind) {
    case CDC_KEY_MAPPING:
        ok = is_mapping(S, n, path) && check_mapping(S, n, row->path, path, in_entry);
        break;
    case CDC_KEY_LIST: ok = check_list(S, n, row, path, &value); break;
    case CDC_KEY_TEXT:
    case CDC_KEY_NUMBER:
    case CDC_KEY_BOOLEAN: {
        const want w = {
            .kind = row->kind, .secret = row->secret, .takes_number = row->takes_number};
        ok = check_scalar(S, n, &w, path);
        value = ok ? n : NULL;
        break;
    }
    }
    if (!in_entry)
        S->found[row - S->keys] = value;
    return ok;
}

bool cdc_config_check_shape(const cdc_ynode *root, const cdc_config_key *keys, size_t nkeys,
                            cdc_arena *a, const cdc_source *src, cdc_diags *d,
                            const cdc_ynode **found)
{
    shape S = {.keys = keys, .nkeys = nkeys, .found = found, .arena = a, .src = src, .diags = d};
    for (size_t i = 0; i < nkeys; i++)
        found[i] = NULL;
    if (root->kind != CDC_Y_MAPPING) {
        cdc_diag_error(d, src, root->pos, "config",
                       "the configuration must be a mapping of sections such as 'kafka:', not %s",
                       describe(&S, root, false));
        return false;
    }
    return check_mapping(&S, root, "", "", false);
}
