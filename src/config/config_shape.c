/* config/config_shape.c: cdcgen.yaml's shape, checked before libcyaml loads it.
 *
 * Consumes the file's node tree (load.c, which keeps positions and has
 * already refused duplicate keys, tabs, bad encodings and aliases) and the
 * libcyaml schema config.c loads the file with. The schema is the one list
 * of keys: each mapping's fields, each value's type, which keys are
 * optional and how long a list may be come from it, so a key added there is
 * checked here with no second table to keep in step.
 *
 * Why: libcyaml stops at the first mistake and reports it as log text with a
 * backtrace. Walking the tree first reports every mistake at once, each at
 * its line and column with its caret, and only a file that passes is handed
 * to libcyaml. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cdcgen/config/config_shape.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "cdcgen/config/config_values.h"
#include "cdcgen/lang/load.h"

typedef struct shape {
    cdc_arena *arena;
    const cdc_source *src;
    cdc_diags *diags;
    bool ok;
} shape;

static void check_value(shape *S, const cdc_ynode *n, const cyaml_schema_value_t *v,
                        const char *path);

/* Where to report a problem of the value at path: nowhere for a secret,
 * whose line would be echoed into the log. */
static cdc_pos where(const char *path, cdc_pos pos)
{
    return cdc_config_key_is_secret(path) ? (cdc_pos){0, 0, 0, 0} : pos;
}

static void bad(shape *S, const char *path, cdc_pos pos, const char *code, const char *fmt, ...)
    CDC_PRINTF(5, 6);

static void bad(shape *S, const char *path, cdc_pos pos, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cdc_diag_vadd(S->diags, CDC_ERROR, S->src, where(path, pos), code, fmt, ap);
    va_end(ap);
    S->ok = false;
}

/* How a node that is not what the schema wants reads, for messages:
 * "a list", "a mapping", "the number 5", "the boolean true", "the text 'x'". */
static const char *describe(shape *S, const cdc_ynode *n, const char *path)
{
    if (n->kind != CDC_Y_SCALAR)
        return cdc_ynode_kind_name(n);
    if (cdc_config_key_is_secret(path))
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

static void check_mapping(shape *S, const cdc_ynode *n, const cyaml_schema_value_t *v,
                          const char *path)
{
    const cyaml_schema_field_t *fields = v->mapping.fields;
    size_t nfields = 0;
    while (fields[nfields].key)
        nfields++;
    const char **names = cdc_arena_alloc(S->arena, (nfields + 1) * sizeof *names);
    cdc_buf list = CDC_BUF_INIT;
    cdc_buf_init(&list);
    for (size_t i = 0; i < nfields; i++) {
        names[i] = fields[i].key;
        cdc_buf_printf(&list, "%s%s", i ? ", " : "", fields[i].key);
    }
    for (size_t k = 0; k < n->n; k++) {
        const cdc_ynode *key = n->keys[k];
        const cyaml_schema_field_t *field = NULL;
        for (size_t i = 0; i < nfields && !field; i++)
            if (strlen(key->str) == key->len && strcmp(key->str, fields[i].key) == 0)
                field = &fields[i];
        if (field) {
            check_value(S, n->items[k], &field->value, child_path(S, path, field->key));
            continue;
        }
        const char *hint = cdc_suggest(key->str, names, nfields);
        /* A misspelt secret key has the secret on its line. */
        const char *at = hint ? child_path(S, path, hint) : "";
        if (hint)
            bad(S, at, key->pos, "unknown-key", "unknown key '%s' %s; did you mean '%s'?", key->str,
                in_mapping(S, path), hint);
        else
            bad(S, at, key->pos, "unknown-key", "unknown key '%s' %s", key->str,
                in_mapping(S, path));
        if (!hint)
            cdc_diag_note(S->diags, S->src, (cdc_pos){0, 0, 0, 0}, "%s takes %s",
                          mapping_name(S, path), list.data);
    }
    for (size_t i = 0; i < nfields; i++)
        if (!(fields[i].value.flags & CYAML_FLAG_OPTIONAL) && !cdc_ynode_get(n, fields[i].key))
            bad(S, path, n->pos, "missing-key", "%s needs the key '%s'", mapping_name(S, path),
                fields[i].key);
    cdc_buf_release(&list);
}

static void check_sequence(shape *S, const cdc_ynode *n, const cyaml_schema_value_t *v,
                           const char *path)
{
    uint32_t min = v->sequence.min, max = v->sequence.max;
    if (n->n < min)
        bad(S, path, n->pos, "bad-value", "'%s' must list at least %" PRIu32 " item%s", path, min,
            min == 1 ? "" : "s");
    else if (max != CYAML_UNLIMITED && n->n > max)
        bad(S, path, n->pos, "bad-value", "'%s' must list at most %" PRIu32 " item%s", path, max,
            max == 1 ? "" : "s");
    for (size_t i = 0; i < n->n; i++)
        check_value(S, n->items[i], v->sequence.entry,
                    cdc_arena_printf(S->arena, "%s[%zu]", path, i));
}

const char *cdc_config_text_value(const cdc_ynode *n, const char *path)
{
    if (n->kind != CDC_Y_SCALAR || strlen(n->str) != n->len)
        return NULL;
    cdc_yscalar kind = cdc_yscalar_kind(n);
    return kind == CDC_YS_STRING || (kind == CDC_YS_INT && cdc_config_key_takes_number(path))
               ? n->str
               : NULL;
}

static void check_text(shape *S, const cdc_ynode *n, const cyaml_schema_value_t *v,
                       const char *path)
{
    cdc_yscalar kind = cdc_yscalar_kind(n);
    if (cdc_config_text_value(n, path)) {
        if (n->len == 0 && v->string.min > 0)
            bad(S, path, n->pos, "bad-value", "'%s' is empty", path);
        else if (n->len < v->string.min)
            bad(S, path, n->pos, "bad-value", "'%s' must be at least %" PRIu32 " characters", path,
                v->string.min);
        else if (v->string.max != CYAML_UNLIMITED && n->len > v->string.max)
            bad(S, path, n->pos, "bad-value", "'%s' must be at most %" PRIu32 " characters", path,
                v->string.max);
    } else if (kind == CDC_YS_STRING) {
        bad(S, path, n->pos, "bad-value", "'%s' contains a NUL character", path);
    } else if (kind == CDC_YS_NULL) {
        bad(S, path, n->pos, "bad-value",
            "'%s' has no value; give one (\"\" for empty text), or remove the key to keep the "
            "default",
            path);
    } else {
        bad(S, path, n->pos, "bad-value",
            "'%s' must be text, not %s; quote it if you mean the text", path, describe(S, n, path));
    }
}

/* Decimal digits with an optional sign and no leading zero: what every
 * YAML reader, libcyaml's strtoll(base 0) included, reads the same. */
static bool plain_decimal(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    return s[0] != '0' || s[1] == '\0';
}

static void check_integer(shape *S, const cdc_ynode *n, const cyaml_schema_value_t *v,
                          const char *path)
{
    if (cdc_yscalar_kind(n) != CDC_YS_INT) {
        bool digits = n->quoted && n->len > 0 && strspn(n->str, "-+0123456789") == n->len;
        bad(S, path, n->pos, "bad-value", "'%s' must be a whole number, not %s%s", path,
            describe(S, n, path), digits ? "; write it without quotes" : "");
        return;
    }
    if (!plain_decimal(n->str)) {
        bad(S, path, n->pos, "bad-value",
            "'%s' must be a whole number without leading zeros ('%s' reads as octal in YAML "
            "1.1)",
            path, n->str);
        return;
    }
    /* The range of the C field libcyaml writes: int64_t, int32_t, ... */
    unsigned bits = v->data_size ? 8 * v->data_size : 64;
    bool is_signed = v->type == CYAML_INT;
    int64_t lo = !is_signed ? 0 : bits >= 64 ? INT64_MIN : -((int64_t)1 << (bits - 1));
    int64_t hi = bits >= 64  ? INT64_MAX
                 : is_signed ? ((int64_t)1 << (bits - 1)) - 1
                             : (int64_t)(((uint64_t)1 << bits) - 1);
    errno = 0;
    long long x = strtoll(n->str, NULL, 10);
    if (errno == ERANGE || x < lo || x > hi)
        bad(S, path, n->pos, "bad-value",
            "'%s' is out of range: a whole number from %" PRId64 " to %" PRId64, path, lo, hi);
}

static void check_boolean(shape *S, const cdc_ynode *n, const char *path)
{
    if (cdc_yscalar_kind(n) == CDC_YS_BOOL)
        return;
    /* YAML 1.1's booleans: text in YAML 1.2, which cdcgen reads. */
    static const char *const words[] = {"yes", "no", "on", "off", "y", "n"};
    for (size_t i = 0; n->kind == CDC_Y_SCALAR && i < ARRAY_SIZE(words); i++) {
        if (strcasecmp(n->str, words[i]) == 0) {
            bool truth = i % 2 == 0;
            bad(S, path, n->pos, "bad-value",
                "'%s' must be true or false; '%s' is text in YAML 1.2, write %s", path, n->str,
                truth ? "true" : "false");
            return;
        }
    }
    bad(S, path, n->pos, "bad-value", "'%s' must be true or false, not %s", path,
        describe(S, n, path));
}

static void check_enum(shape *S, const cdc_ynode *n, const cyaml_schema_value_t *v,
                       const char *path)
{
    const cyaml_strval_t *sv = v->enumeration.strings;
    const char **names = cdc_arena_alloc(S->arena, (v->enumeration.count + 1) * sizeof *names);
    cdc_buf list = CDC_BUF_INIT;
    cdc_buf_init(&list);
    for (uint32_t i = 0; i < v->enumeration.count; i++) {
        if (n->kind == CDC_Y_SCALAR && strcmp(n->str, sv[i].str) == 0) {
            cdc_buf_release(&list);
            return;
        }
        names[i] = sv[i].str;
        cdc_buf_printf(&list, "%s%s", i ? ", " : "", sv[i].str);
    }
    const char *hint =
        n->kind == CDC_Y_SCALAR ? cdc_suggest(n->str, names, v->enumeration.count) : NULL;
    if (hint)
        bad(S, path, n->pos, "bad-value", "'%s' must be one of %s, not %s; did you mean '%s'?",
            path, list.data, describe(S, n, path), hint);
    else
        bad(S, path, n->pos, "bad-value", "'%s' must be one of %s, not %s", path, list.data,
            describe(S, n, path));
    cdc_buf_release(&list);
}

static void check_value(shape *S, const cdc_ynode *n, const cyaml_schema_value_t *v,
                        const char *path)
{
    switch (v->type) {
    case CYAML_MAPPING:
        if (n->kind == CDC_Y_MAPPING)
            check_mapping(S, n, v, path);
        else if (cdc_yscalar_kind(n) == CDC_YS_NULL && n->kind == CDC_Y_SCALAR)
            bad(S, path, n->pos, "bad-value",
                "%s has no value; it must be a mapping of keys (remove it to keep the "
                "defaults)",
                mapping_name(S, path));
        else
            bad(S, path, n->pos, "bad-value", "%s must be a mapping of keys, not %s",
                mapping_name(S, path), describe(S, n, path));
        return;
    case CYAML_SEQUENCE:
    case CYAML_SEQUENCE_FIXED:
        if (n->kind == CDC_Y_SEQUENCE) {
            check_sequence(S, n, v, path);
            return;
        }
        bad(S, path, n->pos, "bad-value", "'%s' must be a list, not %s", path,
            describe(S, n, path));
        if (n->kind == CDC_Y_SCALAR && cdc_yscalar_kind(n) == CDC_YS_STRING &&
            strlen(n->str) == n->len && !cdc_config_key_is_secret(path))
            cdc_diag_note(S->diags, S->src, n->pos, "a list of one is written [%s]", n->str);
        return;
    default: break;
    }
    if (n->kind != CDC_Y_SCALAR) {
        static const char *const wanted[] = {
            [CYAML_INT] = "a whole number",
            [CYAML_UINT] = "a whole number",
            [CYAML_BOOL] = "true or false",
            [CYAML_FLOAT] = "a number",
        };
        const char *want = (size_t)v->type < ARRAY_SIZE(wanted) && wanted[v->type] ? wanted[v->type]
                           : v->type == CYAML_ENUM                                 ? "one word"
                                                                                   : "text";
        bad(S, path, n->pos, "bad-value", "'%s' must be %s, not %s", path, want,
            cdc_ynode_kind_name(n));
        return;
    }
    switch (v->type) {
    case CYAML_STRING: check_text(S, n, v, path); return;
    case CYAML_INT:
    case CYAML_UINT: check_integer(S, n, v, path); return;
    case CYAML_BOOL: check_boolean(S, n, path); return;
    case CYAML_ENUM: check_enum(S, n, v, path); return;
    case CYAML_FLOAT: {
        cdc_yscalar k = cdc_yscalar_kind(n);
        if (k != CDC_YS_INT && k != CDC_YS_FLOAT)
            bad(S, path, n->pos, "bad-value", "'%s' must be a number, not %s", path,
                describe(S, n, path));
        return;
    }
    default: return; /* a type config.c does not use: libcyaml decides */
    }
}

bool cdc_config_check_shape(const cdc_ynode *root, const cyaml_schema_value_t *schema, cdc_arena *a,
                            const cdc_source *src, cdc_diags *d)
{
    shape S = {.arena = a, .src = src, .diags = d, .ok = true};
    if (root->kind != CDC_Y_MAPPING) {
        cdc_diag_error(d, src, root->pos, "config",
                       "the configuration must be a mapping of sections such as 'kafka:', not %s",
                       describe(&S, root, ""));
        return false;
    }
    check_value(&S, root, schema, "");
    return S.ok;
}

/* ---- libcyaml's log ---- */

void cdc_config_report_cyaml(cdc_diags *d, const cdc_source *src, cyaml_err_t err, const char *log)
{
    /* The log: "Load: <problem>\nLoad: Backtrace:\n  in mapping field 'x'
     * (line: L, column: C)\n...", innermost place first. */
    const char *problem = NULL;
    size_t plen = 0;
    if (strncmp(log, "Load: ", 6) == 0 && strncmp(log + 6, "Backtrace:", 10) != 0) {
        problem = log + 6;
        plen = strcspn(problem, "\n");
    }
    cdc_pos pos = {0, 0, 0, 0};
    const char *at = strstr(log, "(line: ");
    unsigned long line = 0, col = 0;
    if (at && sscanf(at, "(line: %lu, column: %lu)", &line, &col) == 2 && line >= 1 &&
        line <= src->nlines && col >= 1) {
        size_t len;
        const char *text = cdc_source_line(src, (uint32_t)line, &len);
        size_t off = col - 1 < len ? col - 1 : len;
        pos = cdc_source_pos(src, (size_t)(text - src->text) + off, 1);
    }
    if (problem && plen <= 200)
        cdc_diag_error(d, src, pos, "config", "cannot load the configuration: %s: %.*s",
                       cyaml_strerror(err), (int)plen, problem);
    else
        cdc_diag_error(d, src, pos, "config", "cannot load the configuration: %s",
                       cyaml_strerror(err));
}
