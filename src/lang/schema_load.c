/* lang/schema_load.c: a schema file -> the table's schema.
 *
 * Consumes the file's node tree (load.c) and, for JSON columns whose keys
 * come from a JSON Schema file, that file's tree; produces a cdc_schema in
 * the caller's arena. Every mistake is reported at its place and loading
 * goes on, so one run shows them all. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cdcgen/lang/schema_load.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/load.h"
#include "cdcgen/lang/schema.h"

/* Deep enough for any real document; stops a $ref cycle. */
enum { MAX_DEPTH = 32 };

typedef struct loader {
    cdc_arena *a;
    cdc_diags *d;
    const char *dir; /* the schema file's directory prefix: "" or "conf/" */
    bool ok;
} loader;

/* A file being read: the schema file or a JSON Schema it names. */
typedef struct doc {
    const cdc_source *src;
    const cdc_ynode *root;
} doc;

CDC_PRINTF(4, 5)
static void bad(loader *L, const doc *f, const cdc_ynode *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = cdc_arena_vprintf(L->a, fmt, ap);
    va_end(ap);
    cdc_diag_error(L->d, f->src, at->pos, "schema", "%s", msg);
    L->ok = false;
}

static bool is_text(const cdc_ynode *n)
{
    return n->kind == CDC_Y_SCALAR && cdc_yscalar_kind(n) != CDC_YS_NULL;
}

/* The scalar at key as text, or NULL (absent; a non-scalar is reported). */
static const char *text_at(loader *L, const doc *f, const cdc_ynode *map, const char *key)
{
    const cdc_ynode *n = cdc_ynode_get(map, key);
    if (!n)
        return NULL;
    if (!is_text(n) || n->len == 0 || strlen(n->str) != n->len) {
        bad(L, f, n, "'%s' must be text, not %s", key, cdc_ynode_kind_name(n));
        return NULL;
    }
    return n->str;
}

static bool bool_at(loader *L, const doc *f, const cdc_ynode *map, const char *key, bool dflt)
{
    const cdc_ynode *n = cdc_ynode_get(map, key);
    if (!n)
        return dflt;
    if (n->kind != CDC_Y_SCALAR || cdc_yscalar_kind(n) != CDC_YS_BOOL) {
        bad(L, f, n, "'%s' must be true or false", key);
        return dflt;
    }
    return cdc_yscalar_true(n);
}

static bool parse_type(const char *s, cdc_type *t)
{
    for (int i = CDC_TYPE_UNKNOWN + 1; i < CDC_TYPE__COUNT; i++)
        if (strcmp(s, cdc_type_name((cdc_type)i)) == 0) {
            *t = (cdc_type)i;
            return true;
        }
    return false;
}

static const char *type_list(void)
{
    return "string, int, float, boolean, timestamp or json";
}

/* A NULL-terminated copy of a list of text scalars. */
static const char *const *text_list(loader *L, const doc *f, const cdc_ynode *seq, const char *key)
{
    if (seq->kind != CDC_Y_SEQUENCE || seq->n == 0) {
        bad(L, f, seq, "'%s' must be a list of at least one value", key);
        return NULL;
    }
    const char **v = cdc_arena_alloc(L->a, (seq->n + 1) * sizeof *v);
    for (size_t i = 0; i < seq->n; i++) {
        const cdc_ynode *it = seq->items[i];
        if (!is_text(it) || strlen(it->str) != it->len) {
            bad(L, f, it, "the values of '%s' must be text", key);
            return NULL;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(v[j], it->str) == 0)
                bad(L, f, it, "'%s' is listed twice", it->str);
        v[i] = it->str;
    }
    v[seq->n] = NULL;
    return v;
}

/* ---- keys of a JSON column taken from a JSON Schema ---- */

static void json_schema_members(loader *L, const doc *f, const cdc_ynode *object, int depth,
                                cdc_field *json);

/* The node a "#/a/b" reference names within the same document. */
static const cdc_ynode *resolve_ref(loader *L, const doc *f, const cdc_ynode *ref)
{
    if (!is_text(ref) || ref->str[0] != '#') {
        bad(L, f, ref, "only references within the file ('#/$defs/name') are read");
        return NULL;
    }
    const cdc_ynode *n = f->root;
    const char *p = ref->str + 1;
    while (*p == '/') {
        p++;
        size_t len = strcspn(p, "/");
        cdc_buf key = CDC_BUF_INIT;
        cdc_buf_init(&key);
        for (size_t i = 0; i < len; i++) { /* JSON Pointer escapes: ~1 is '/', ~0 is '~' */
            if (p[i] == '~' && i + 1 < len && (p[i + 1] == '0' || p[i + 1] == '1'))
                cdc_buf_printf(&key, "%c", p[++i] == '1' ? '/' : '~');
            else
                cdc_buf_printf(&key, "%c", p[i]);
        }
        n = n->kind == CDC_Y_MAPPING ? cdc_ynode_get(n, key.data) : NULL;
        cdc_buf_release(&key);
        if (!n) {
            bad(L, f, ref, "reference '%s' names nothing in this file", ref->str);
            return NULL;
        }
        p += len;
    }
    return n;
}

/* Follows $ref until a schema without one. */
static const cdc_ynode *deref(loader *L, const doc *f, const cdc_ynode *s, int depth)
{
    for (const cdc_ynode *ref; s && s->kind == CDC_Y_MAPPING && (ref = cdc_ynode_get(s, "$ref"));) {
        if (++depth > MAX_DEPTH) {
            bad(L, f, ref, "references nested deeper than %d (a cycle?)", MAX_DEPTH);
            return NULL;
        }
        s = resolve_ref(L, f, ref);
    }
    return s;
}

/* A property's JSON Schema -> a member; false when it declares no type
 * cdcgen can hold it to (such keys are typed by the literal, as undeclared
 * ones are). */
static bool json_schema_member(loader *L, const doc *f, const cdc_ynode *s, int depth, cdc_field *m)
{
    /* A description beside a $ref describes this key, not the type. */
    const cdc_ynode *desc = s->kind == CDC_Y_MAPPING ? cdc_ynode_get(s, "description") : NULL;
    s = deref(L, f, s, depth);
    if (!s || s->kind != CDC_Y_MAPPING)
        return false;
    const cdc_ynode *type = cdc_ynode_get(s, "type");
    const char *name = NULL;
    if (type && type->kind == CDC_Y_SEQUENCE) { /* ["string", "null"] */
        for (size_t i = 0; i < type->n; i++) {
            if (!is_text(type->items[i]))
                continue;
            if (strcmp(type->items[i]->str, "null") == 0)
                m->nullable = true;
            else if (name)
                return false; /* one of several types: not one cdcgen type */
            else
                name = type->items[i]->str;
        }
    } else if (type && is_text(type)) {
        name = type->str;
    }
    const cdc_ynode *en = cdc_ynode_get(s, "enum");
    if (!name && en)
        name = "string";
    if (!name && cdc_ynode_get(s, "properties"))
        name = "object";
    if (!name)
        return false;
    if (!desc)
        desc = cdc_ynode_get(s, "description");
    if (desc && is_text(desc))
        m->doc = desc->str;
    if (strcmp(name, "string") == 0) {
        const cdc_ynode *fmt = cdc_ynode_get(s, "format");
        bool instant = fmt && is_text(fmt) && strcmp(fmt->str, "date-time") == 0;
        m->type = instant ? CDC_TYPE_TIMESTAMP : CDC_TYPE_STRING;
        if (en && !instant && en->kind == CDC_Y_SEQUENCE) {
            bool all_text = en->n > 0;
            for (size_t i = 0; i < en->n; i++)
                all_text &= en->items[i]->kind == CDC_Y_SCALAR && en->items[i]->quoted;
            if (all_text)
                m->known = text_list(L, f, en, "enum");
        }
    } else if (strcmp(name, "integer") == 0) {
        m->type = CDC_TYPE_INT;
    } else if (strcmp(name, "number") == 0) {
        m->type = CDC_TYPE_FLOAT;
    } else if (strcmp(name, "boolean") == 0) {
        m->type = CDC_TYPE_BOOLEAN;
    } else if (strcmp(name, "object") == 0) {
        m->type = CDC_TYPE_JSON;
        json_schema_members(L, f, s, depth + 1, m);
    } else if (strcmp(name, "array") == 0) {
        m->type = CDC_TYPE_JSON;
    } else {
        return false;
    }
    return true;
}

static bool listed_in(const cdc_ynode *seq, const char *s)
{
    if (!seq || seq->kind != CDC_Y_SEQUENCE)
        return false;
    for (size_t i = 0; i < seq->n; i++)
        if (is_text(seq->items[i]) && strcmp(seq->items[i]->str, s) == 0)
            return true;
    return false;
}

static void json_schema_members(loader *L, const doc *f, const cdc_ynode *object, int depth,
                                cdc_field *json)
{
    if (depth > MAX_DEPTH) {
        bad(L, f, object, "objects nested deeper than %d", MAX_DEPTH);
        return;
    }
    const cdc_ynode *props = cdc_ynode_get(object, "properties");
    if (!props)
        return;
    if (props->kind != CDC_Y_MAPPING) {
        bad(L, f, props, "'properties' must be a mapping");
        return;
    }
    const cdc_ynode *required = cdc_ynode_get(object, "required");
    cdc_field *members = cdc_arena_alloc(L->a, props->n * sizeof *members);
    size_t n = 0;
    for (size_t i = 0; i < props->n; i++) {
        cdc_field m = {.name = props->keys[i]->str};
        if (!json_schema_member(L, f, props->items[i], depth, &m))
            continue;
        if (!listed_in(required, m.name))
            m.nullable = true; /* may be absent */
        members[n++] = m;
    }
    json->members = members;
    json->nmembers = n;
}

/* keys_from: the JSON Schema file (relative to the schema file) of a JSON
 * column's documents. */
static void keys_from_file(loader *L, const doc *f, const cdc_ynode *at, cdc_field *json)
{
    const char *path =
        at->str[0] == '/' ? at->str : cdc_arena_printf(L->a, "%s%s", L->dir, at->str);
    cdc_source *src = cdc_source_read(L->a, path);
    if (!src) {
        bad(L, f, at, "cannot read JSON Schema '%s': %s", path, cdc_read_error(errno));
        return;
    }
    doc js = {.src = src};
    js.root = cdc_yaml_load(L->a, src, L->d);
    if (!js.root) {
        L->ok = false;
        return;
    }
    const cdc_ynode *root = deref(L, &js, js.root, 0);
    if (!root || root->kind != CDC_Y_MAPPING || !cdc_ynode_get(root, "properties")) {
        bad(L, &js, js.root, "a JSON Schema of an object ('properties') is expected");
        return;
    }
    json_schema_members(L, &js, root, 1, json);
}

/* ---- columns and inline keys ---- */

static void read_entry(loader *L, const doc *f, const cdc_ynode *map, bool column, int depth,
                       cdc_field *out);

/* Inline keys are added to those of keys_from; an inline key replaces one of
 * the same name. */
static void inline_keys(loader *L, const doc *f, const cdc_ynode *keys, int depth, cdc_field *json)
{
    if (keys->kind != CDC_Y_MAPPING) {
        bad(L, f, keys, "'keys' must be a mapping of key names to their types");
        return;
    }
    cdc_field *members = cdc_arena_alloc(L->a, (json->nmembers + keys->n) * sizeof *members);
    if (json->nmembers)
        memcpy(members, json->members, json->nmembers * sizeof *members);
    size_t n = json->nmembers;
    for (size_t i = 0; i < keys->n; i++) {
        cdc_field m = {.name = keys->keys[i]->str};
        read_entry(L, f, keys->items[i], false, depth + 1, &m);
        size_t j = 0;
        while (j < n && strcmp(members[j].name, m.name) != 0)
            j++;
        members[j] = m;
        n += j == n;
    }
    json->members = members;
    json->nmembers = n;
}

static void read_encoding(loader *L, const doc *f, const cdc_ynode *map, cdc_field *out)
{
    const cdc_ynode *n = cdc_ynode_get(map, "encoding");
    if (!n)
        return;
    const char *enc = text_at(L, f, map, "encoding");
    if (!enc)
        return;
    if (out->type != CDC_TYPE_TIMESTAMP)
        bad(L, f, n, "only a timestamp has an encoding");
    else if (strcmp(enc, "epoch-ms") == 0)
        out->epoch_ms = true;
    else if (strcmp(enc, "iso-8601") != 0)
        bad(L, f, n, "unknown timestamp encoding '%s' (iso-8601 or epoch-ms)", enc);
}

static void read_values(loader *L, const doc *f, const cdc_ynode *map, cdc_field *out)
{
    const cdc_ynode *values = cdc_ynode_get(map, "values");
    bool closed = bool_at(L, f, map, "closed", false);
    if (!values) {
        const cdc_ynode *c = cdc_ynode_get(map, "closed");
        if (c)
            bad(L, f, c, "'closed' needs the list of 'values' it closes");
        return;
    }
    if (out->type != CDC_TYPE_STRING) {
        bad(L, f, values, "only a string has a list of values");
        return;
    }
    const char *const *list = text_list(L, f, values, "values");
    if (closed)
        out->enums = list;
    else
        out->known = list;
}

/* pg_domain and pg_enum: what the type named by pg_type is, for the DDL
 * (cdcgen schema ddl) to create it. */
static void read_pg_kind(loader *L, const doc *f, const cdc_ynode *map, cdc_field *out)
{
    const cdc_ynode *domain = cdc_ynode_get(map, "pg_domain");
    const cdc_ynode *is_enum = cdc_ynode_get(map, "pg_enum");
    out->pg_domain = text_at(L, f, map, "pg_domain");
    out->pg_enum = bool_at(L, f, map, "pg_enum", false);
    if ((domain || is_enum) && !out->pg_type)
        bad(L, f, domain ? domain : is_enum, "'%s' needs the 'pg_type' naming the %s",
            domain ? "pg_domain" : "pg_enum", domain ? "domain" : "enum type");
    if (is_enum && out->pg_enum && !out->enums)
        bad(L, f, is_enum,
            "'pg_enum: true' needs the enum's labels: 'values' in order, with "
            "'closed: true'");
}

static void read_entry(loader *L, const doc *f, const cdc_ynode *map, bool column, int depth,
                       cdc_field *out)
{
    static const char *const column_keys[] = {
        "name",   "type",   "pg_type",  "pg_domain", "pg_enum",   "nullable", "key",
        "values", "closed", "encoding", "keys",      "keys_from", "doc"};
    static const char *const key_keys[] = {"type",     "nullable", "values", "closed",
                                           "encoding", "keys",     "doc"};
    if (map->kind != CDC_Y_MAPPING) {
        bad(L, f, map, "%s must be a mapping, not %s", column ? "a column" : "a key",
            cdc_ynode_kind_name(map));
        return;
    }
    if (depth > MAX_DEPTH) {
        bad(L, f, map, "keys nested deeper than %d", MAX_DEPTH);
        return;
    }
    size_t before = L->d->nerrors;
    if (column)
        cdc_ynode_check_keys(map, "a column", column_keys, ARRAY_SIZE(column_keys), f->src, L->d);
    else
        cdc_ynode_check_keys(map, "a key", key_keys, ARRAY_SIZE(key_keys), f->src, L->d);
    L->ok &= L->d->nerrors == before;
    out->nullable = bool_at(L, f, map, "nullable", true);
    out->doc = text_at(L, f, map, "doc");
    if (column) {
        out->pg_type = text_at(L, f, map, "pg_type");
        out->key = bool_at(L, f, map, "key", false);
        if (out->key && out->nullable && cdc_ynode_get(map, "nullable"))
            bad(L, f, cdc_ynode_get(map, "nullable"), "a primary-key column is never null");
        if (out->key)
            out->nullable = false;
    }
    const cdc_ynode *type = cdc_ynode_get(map, "type");
    const char *tname = text_at(L, f, map, "type");
    if (!type) {
        bad(L, f, map, "%s needs a 'type' (%s)", column ? "a column" : "a key", type_list());
        return;
    }
    if (!tname)
        return;
    if (!parse_type(tname, &out->type)) {
        bad(L, f, type, "unknown type '%s' (%s)", tname, type_list());
        return;
    }
    read_encoding(L, f, map, out);
    read_values(L, f, map, out);
    if (column)
        read_pg_kind(L, f, map, out);
    const cdc_ynode *keys = cdc_ynode_get(map, "keys");
    const cdc_ynode *from = column ? cdc_ynode_get(map, "keys_from") : NULL;
    if ((keys || from) && out->type != CDC_TYPE_JSON) {
        bad(L, f, keys ? keys : from, "only a json %s has keys", column ? "column" : "key");
        return;
    }
    if (from && text_at(L, f, map, "keys_from"))
        keys_from_file(L, f, from, out);
    if (keys)
        inline_keys(L, f, keys, depth, out);
}

/* "schema.table" or "table" (schema public). */
static void read_table(loader *L, const doc *f, cdc_schema *s)
{
    const cdc_ynode *n = cdc_ynode_get(f->root, "table");
    const char *t = text_at(L, f, f->root, "table");
    if (!n) {
        bad(L, f, f->root, "a schema file names its 'table' (schema.table)");
        return;
    }
    if (!t)
        return;
    const char *dot = strchr(t, '.');
    s->pg_schema = dot ? cdc_arena_strndup(L->a, t, (size_t)(dot - t)) : "public";
    s->table = dot ? dot + 1 : t;
    if (!*s->pg_schema || !*s->table || strchr(s->table, '.'))
        bad(L, f, n, "'%s' is not a table name (schema.table, or table in schema public)", t);
}

static void read_columns(loader *L, const doc *f, cdc_schema *s)
{
    const cdc_ynode *cols = cdc_ynode_get(f->root, "columns");
    if (!cols) {
        bad(L, f, f->root, "a schema file lists the table's 'columns'");
        return;
    }
    if (cols->kind != CDC_Y_SEQUENCE || cols->n == 0) {
        bad(L, f, cols, "'columns' must be a list of at least one column");
        return;
    }
    size_t nmeta;
    const cdc_field *meta = cdc_schema_metadata(&nmeta);
    cdc_field *fields = cdc_arena_alloc(L->a, (cols->n + nmeta) * sizeof *fields);
    for (size_t i = 0; i < cols->n; i++) {
        const cdc_ynode *c = cols->items[i];
        cdc_field *out = &fields[i];
        *out = (cdc_field){.name = ""};
        if (c->kind == CDC_Y_MAPPING) {
            const char *name = text_at(L, f, c, "name");
            if (!name && !cdc_ynode_get(c, "name"))
                bad(L, f, c, "a column needs a 'name'");
            out->name = name ? name : "";
            const cdc_ynode *at = cdc_ynode_get(c, "name");
            out->pos = at ? at->pos : c->pos;
            for (size_t j = 0; name && j < i; j++)
                if (strcmp(fields[j].name, name) == 0)
                    bad(L, f, at, "column '%s' is listed twice", name);
            for (size_t j = 0; name && j < nmeta; j++)
                if (strcmp(meta[j].name, name) == 0)
                    bad(L, f, at,
                        "'%s' is a field cdcgen's connector adds to every change event; a "
                        "column cannot have its name",
                        name);
        }
        read_entry(L, f, c, true, 0, out);
    }
    memcpy(fields + cols->n, meta, nmeta * sizeof *meta);
    s->fields = fields;
    s->ncolumns = cols->n;
    s->nfields = cols->n + nmeta;
}

const cdc_schema *cdc_schema_load(cdc_arena *a, const char *path, cdc_diags *d, bool *io_error)
{
    loader L = {.a = a, .d = d, .ok = true};
    const char *slash = strrchr(path, '/');
    L.dir = slash ? cdc_arena_strndup(a, path, (size_t)(slash - path) + 1) : "";
    cdc_source *src = cdc_source_read(a, path);
    if (!src) {
        cdc_diag_error(d, NULL, (cdc_pos){0, 0, 0, 0}, "io", "cannot read schema file '%s': %s",
                       path, cdc_read_error(errno));
        *io_error = true;
        return NULL;
    }
    doc f = {.src = src, .root = cdc_yaml_load(a, src, d)};
    if (!f.root)
        return NULL;
    if (f.root->kind != CDC_Y_MAPPING) {
        bad(&L, &f, f.root, "a schema file is a mapping with 'table' and 'columns'");
        return NULL;
    }
    static const char *const top_keys[] = {"version", "table", "doc", "columns"};
    size_t before = d->nerrors;
    cdc_ynode_check_keys(f.root, "a schema file", top_keys, ARRAY_SIZE(top_keys), src, d);
    L.ok &= d->nerrors == before;
    const cdc_ynode *version = cdc_ynode_get(f.root, "version");
    if (version && !(cdc_yscalar_kind(version) == CDC_YS_INT && strcmp(version->str, "1") == 0))
        bad(&L, &f, version, "unknown schema file version (this cdcgen reads version 1)");
    cdc_schema *s = CDC_ARENA_NEW(a, cdc_schema);
    s->path = path;
    s->src = src;
    read_table(&L, &f, s);
    read_columns(&L, &f, s);
    return L.ok ? s : NULL;
}
