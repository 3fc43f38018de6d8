/* lang/schema_ddl.c: a table's schema -> the PostgreSQL DDL that creates
 * the table (cdcgen schema ddl).
 *
 * Consumes a loaded schema file; produces, into the caller's buffer, one
 * transaction for psql: CREATE SCHEMA IF NOT EXISTS for a schema other
 * than public, CREATE TYPE ... AS ENUM for each enum a column names
 * (pg_enum, labels from its closed values), CREATE DOMAIN for each domain
 * (pg_domain: the type under it), then CREATE TABLE with each column's
 * pg_type as written, NOT NULL where the column is not nullable, and the
 * primary key in column order. It is deliberately not idempotent: a table
 * that exists may differ from the file, and CREATE TYPE has no IF NOT
 * EXISTS, so a second run stops at the first CREATE and, being one
 * transaction, changes nothing.
 *
 * pg_type and pg_domain are type expressions as PostgreSQL's format_type()
 * prints them (what schema pull writes): they are emitted as written, after
 * a check that they hold only names, numbers, spaces, dots, brackets and
 * balanced parentheses (no quote, semicolon or comment can end the
 * statement). Reports at the schema file's columns, code schema: a column
 * without pg_type (DDL needs it, and guessing it from the cdcgen type would
 * change what schema pull reads back), a malformed type, a type two columns
 * define differently. Not written: what the schema file does not hold
 * (defaults, CHECK constraints, a domain's constraints, foreign keys,
 * comments). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cdcgen/lang/schema_ddl.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/util.h"
#include "cdcgen/lang/schema.h"

/* PostgreSQL's keywords that quote_ident() quotes: pg_get_keywords() whose
 * catcode is not U (unreserved), PostgreSQL 15; sorted. make check-pg holds
 * cdc_pg_put_ident to quote_ident() over every keyword of the server it
 * runs. */
static const char *const keywords[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
};

static bool is_keyword(const char *s)
{
    size_t lo = 0, hi = ARRAY_SIZE(keywords);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(s, keywords[mid]);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

void cdc_pg_put_ident(cdc_buf *out, const char *name)
{
    bool bare = (name[0] >= 'a' && name[0] <= 'z') || name[0] == '_';
    for (const char *p = name; bare && *p; p++)
        bare = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
    if (bare && !is_keyword(name)) {
        cdc_buf_puts(out, name);
        return;
    }
    cdc_buf_put_quoted(out, name, '"');
}

void cdc_pg_put_literal(cdc_buf *out, const char *s)
{
    cdc_buf_put_quoted(out, s, '\'');
}

/* ---- type names and expressions, as format_type() prints them ---- */

static bool word_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (unsigned char)c >= 0x80;
}

/* Bytes of the identifier at p: a bare word or a double-quoted name ("" inside
 * for a quote); 0 when there is none. */
static size_t ident_len(const char *p)
{
    if (*p == '"') {
        const char *q = p + 1;
        while (*q && !(*q == '"' && q[1] != '"'))
            q += *q == '"' ? 2 : 1;
        return *q && q > p + 1 ? (size_t)(q - p) + 1 : 0;
    }
    if (!word_start(*p))
        return 0;
    size_t n = 1;
    while (word_start(p[n]) || (p[n] >= '0' && p[n] <= '9') || p[n] == '$')
        n++;
    return n;
}

/* s is NAME or SCHEMA.NAME; *schema_len: the bytes of SCHEMA, 0 without. */
static bool type_name(const char *s, size_t *schema_len)
{
    size_t n = ident_len(s);
    *schema_len = 0;
    if (!n || !s[n])
        return n > 0;
    size_t m = s[n] == '.' ? ident_len(s + n + 1) : 0;
    *schema_len = n;
    return m && !s[n + 1 + m];
}

/* s is a type expression: names, numbers, spaces, dots and brackets, with
 * parentheses balanced and commas only inside them ("numeric(12,2)",
 * "timestamp(3) without time zone", "sales.\"Kind\"[]"). */
static bool type_expr(const char *s)
{
    int depth = 0;
    bool named = false;
    for (const char *p = s; *p;) {
        size_t n = ident_len(p);
        if (n) {
            p += n;
            named = true;
            continue;
        }
        if (*p == '(')
            depth++;
        else if (*p == ')')
            depth--;
        else if (*p == ',' && depth == 0) /* would start another column */
            return false;
        else if (!strchr(" ,.[]0123456789", *p))
            return false;
        if (depth < 0)
            return false;
        p++;
    }
    return named && depth == 0;
}

/* ---- the types the columns name ---- */

typedef struct pg_def {
    const char *name;          /* as written: "status", "sales.\"Kind\"" */
    const char *base;          /* a domain: the type under it; an enum: NULL */
    const char *const *labels; /* an enum: its labels */
    const cdc_field *by;       /* the first column defining it */
} pg_def;

typedef struct ddl {
    const cdc_schema *s;
    cdc_diags *d;
    pg_def *defs; /* enums, then domains, in column order */
    size_t ndefs;
    bool ok;
} ddl;

CDC_PRINTF(3, 4)
static void bad(ddl *D, const cdc_field *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = cdc_arena_vprintf(D->d->arena, fmt, ap);
    va_end(ap);
    cdc_diag_error(D->d, D->s->src, f->pos, "schema", "%s", msg);
    D->ok = false;
}

static bool same_labels(const char *const *a, const char *const *b)
{
    for (; *a && *b; a++, b++)
        if (strcmp(*a, *b) != 0)
            return false;
    return !*a && !*b;
}

/* Adds the type name (an enum when base is NULL) defined by column f. */
static void define(ddl *D, const cdc_field *f, const char *name, const char *base)
{
    size_t schema_len;
    if (!type_name(name, &schema_len)) {
        bad(D, f,
            "column '%s': '%s' is no PostgreSQL type name (NAME or SCHEMA.NAME) for "
            "CREATE %s",
            f->name, name, base ? "DOMAIN" : "TYPE");
        return;
    }
    for (size_t i = 0; i < D->ndefs; i++) {
        const pg_def *o = &D->defs[i];
        if (strcmp(o->name, name) != 0)
            continue;
        bool same = base ? o->base && strcmp(o->base, base) == 0
                         : !o->base && same_labels(o->labels, f->enums);
        if (!same)
            bad(D, f, "column '%s' defines type '%s' otherwise than column '%s' (line %u)", f->name,
                name, o->by->name, (unsigned)o->by->pos.line);
        return;
    }
    D->defs[D->ndefs++] = (pg_def){name, base, base ? NULL : f->enums, f};
}

static void collect(ddl *D)
{
    for (size_t i = 0; i < D->s->ncolumns; i++) {
        const cdc_field *f = &D->s->fields[i];
        if (!f->pg_type) {
            bad(D, f,
                "column '%s' has no pg_type: the DDL declares each column with its "
                "PostgreSQL type ('cdcgen schema pull' writes it)",
                f->name);
            continue;
        }
        if (!type_expr(f->pg_type)) {
            bad(D, f, "column '%s': pg_type '%s' is no PostgreSQL type", f->name, f->pg_type);
            continue;
        }
        if (f->pg_domain && !type_expr(f->pg_domain)) {
            bad(D, f, "column '%s': pg_domain '%s' is no PostgreSQL type", f->name, f->pg_domain);
            continue;
        }
        if (f->pg_enum)
            define(D, f, f->pg_domain ? f->pg_domain : f->pg_type, NULL);
    }
    for (size_t i = 0; i < D->s->ncolumns; i++) {
        const cdc_field *f = &D->s->fields[i];
        if (f->pg_domain)
            define(D, f, f->pg_type, f->pg_domain);
    }
}

/* ---- the SQL ---- */

/* CREATE SCHEMA for schema (its SQL spelling) unless it is public or done. */
static void put_schema(cdc_buf *out, cdc_buf *done, const char *schema, size_t n)
{
    if ((n == 6 && strncmp(schema, "public", 6) == 0) ||
        (n == 8 && !strncmp(schema, "\"public\"", 8)))
        return;
    for (const char *p = done->data; p && (p = strstr(p, "\n")) != NULL; p++)
        if (strncmp(p + 1, schema, n) == 0 && p[1 + n] == '\n')
            return;
    cdc_buf_printf(done, "%.*s\n", (int)n, schema);
    cdc_buf_printf(out, "CREATE SCHEMA IF NOT EXISTS %.*s;\n", (int)n, schema);
}

static void put_table(cdc_buf *out, const cdc_schema *s)
{
    cdc_pg_put_ident(out, s->pg_schema);
    cdc_buf_putc(out, '.');
    cdc_pg_put_ident(out, s->table);
}

bool cdc_schema_ddl(const cdc_schema *s, cdc_buf *out, cdc_diags *d)
{
    ddl D = {.s = s, .d = d, .ok = true};
    D.defs = xcalloc(2 * s->ncolumns + 1, sizeof *D.defs);
    collect(&D);
    if (!D.ok) {
        free(D.defs);
        return false;
    }
    cdc_buf name = CDC_BUF_INIT, done = CDC_BUF_INIT;
    cdc_buf_init(&name);
    cdc_buf_init(&done);
    put_table(&name, s);
    cdc_buf_puts(out,
                 "-- The table as its schema file describes it, written by\n"
                 "-- 'cdcgen schema ddl': psql -v ON_ERROR_STOP=1 -f FILE, once, on a database\n"
                 "-- without it. Not idempotent: a second run stops at the first CREATE and,\n"
                 "-- one transaction, changes nothing. Defaults, CHECK constraints, foreign\n"
                 "-- keys and a domain's constraints are not in the schema file, nor here.\n"
                 "BEGIN;\n");
    cdc_buf_putc(&done, '\n');
    cdc_buf schema = CDC_BUF_INIT;
    cdc_buf_init(&schema);
    cdc_pg_put_ident(&schema, s->pg_schema);
    put_schema(out, &done, schema.data, schema.len);
    cdc_buf_release(&schema);
    for (size_t i = 0; i < D.ndefs; i++) {
        size_t n;
        type_name(D.defs[i].name, &n);
        if (n)
            put_schema(out, &done, D.defs[i].name, n);
    }
    for (size_t i = 0; i < D.ndefs; i++) {
        const pg_def *t = &D.defs[i];
        if (t->base) {
            cdc_buf_printf(out, "CREATE DOMAIN %s AS %s;\n", t->name, t->base);
            continue;
        }
        cdc_buf_printf(out, "CREATE TYPE %s AS ENUM (", t->name);
        for (size_t j = 0; t->labels[j]; j++) {
            cdc_buf_puts(out, j ? ", " : "");
            cdc_pg_put_literal(out, t->labels[j]);
        }
        cdc_buf_puts(out, ");\n");
    }
    cdc_buf_printf(out, "CREATE TABLE %s (\n", name.data);
    size_t width = 0, nkeys = 0;
    cdc_buf col = CDC_BUF_INIT;
    cdc_buf_init(&col);
    for (size_t i = 0; i < s->ncolumns; i++) {
        cdc_buf_reset(&col);
        cdc_pg_put_ident(&col, s->fields[i].name);
        width = col.len > width ? col.len : width;
        nkeys += s->fields[i].key;
    }
    for (size_t i = 0; i < s->ncolumns; i++) {
        const cdc_field *f = &s->fields[i];
        cdc_buf_reset(&col);
        cdc_pg_put_ident(&col, f->name);
        cdc_buf_printf(out, "    %-*s %s%s%s\n", (int)width, col.data, f->pg_type,
                       !f->nullable && !f->key ? " NOT NULL" : "",
                       i + 1 < s->ncolumns || nkeys ? "," : "");
    }
    if (nkeys) {
        cdc_buf_puts(out, "    PRIMARY KEY (");
        for (size_t i = 0, k = 0; i < s->ncolumns; i++)
            if (s->fields[i].key) {
                cdc_buf_puts(out, k++ ? ", " : "");
                cdc_pg_put_ident(out, s->fields[i].name);
            }
        cdc_buf_puts(out, ")\n");
    }
    cdc_buf_puts(out, ");\nCOMMIT;\n");
    cdc_buf_release(&col);
    cdc_buf_release(&name);
    cdc_buf_release(&done);
    free(D.defs);
    return true;
}
