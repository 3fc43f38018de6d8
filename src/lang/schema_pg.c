/* lang/schema_pg.c: a table as the PostgreSQL catalog describes it -> the
 * table's schema, and a schema -> its schema file.
 *
 * The cdcgen type of a column is the type of the JSON value cdcgen's
 * Debezium connector (back/emit_connect.c) writes for it: JsonConverter
 * without schemas, pgoutput, time.precision.mode connect,
 * decimal.handling.mode string. A column whose value no cdcgen type holds
 * is refused by name, never guessed: the targets declare every column with
 * the SQL type of its cdcgen type, so a wrong one would fail a Flink job on
 * the first record, or let a filter compare values it cannot read. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cdcgen/lang/schema_pg.h"
#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/lang/ast.h"
#include "cdcgen/lang/schema.h"

/* Base types by name (pg_type.typname) and the JSON value Debezium writes. */
static const struct {
    const char *name;
    cdc_type type;
    bool epoch_ms;
} base_types[] = {
    /* STRING in the change event */
    {"text", CDC_TYPE_STRING, false},
    {"varchar", CDC_TYPE_STRING, false},
    {"bpchar", CDC_TYPE_STRING, false},
    {"name", CDC_TYPE_STRING, false},
    {"uuid", CDC_TYPE_STRING, false},
    {"citext", CDC_TYPE_STRING, false},
    {"xml", CDC_TYPE_STRING, false},
    {"inet", CDC_TYPE_STRING, false},
    {"cidr", CDC_TYPE_STRING, false},
    {"macaddr", CDC_TYPE_STRING, false},
    {"macaddr8", CDC_TYPE_STRING, false},
    /* INT16, INT32, INT64 */
    {"int2", CDC_TYPE_INT, false},
    {"int4", CDC_TYPE_INT, false},
    {"int8", CDC_TYPE_INT, false},
    {"oid", CDC_TYPE_INT, false},
    /* FLOAT32, FLOAT64 */
    {"float4", CDC_TYPE_FLOAT, false},
    {"float8", CDC_TYPE_FLOAT, false},
    {"bool", CDC_TYPE_BOOLEAN, false},
    /* io.debezium.time.ZonedTimestamp: ISO-8601 text in UTC, whatever
     * time.precision.mode says */
    {"timestamptz", CDC_TYPE_TIMESTAMP, false},
    /* time.precision.mode connect: org.apache.kafka.connect.data.Timestamp,
     * which JsonConverter writes as epoch milliseconds */
    {"timestamp", CDC_TYPE_TIMESTAMP, true},
    /* io.debezium.data.Json: the document as JSON text */
    {"json", CDC_TYPE_JSON, false},
    {"jsonb", CDC_TYPE_JSON, false},
};

/* What Debezium writes for the types cdcgen has no type for, so the
 * diagnostic can say why. */
static const struct {
    const char *name, *why;
} unmapped[] = {
    {"numeric", "a decimal number as text (decimal.handling.mode string), and this cdcgen "
                "has no decimal type"},
    {"money", "a decimal number, and this cdcgen has no decimal type"},
    {"bytea", "base64 text of its bytes, which no filter can compare"},
    {"date", "days since 1970-01-01 (time.precision.mode connect), and cdcgen has no date type"},
    {"time", "milliseconds since midnight, and cdcgen has no time-of-day type"},
    {"timetz", "a time of day as text, and cdcgen has no time-of-day type"},
    {"interval", "microseconds as a number, and cdcgen has no duration type"},
    {"bit", "bytes or a boolean depending on its length"},
    {"varbit", "bytes"},
};

/* The name of a cdcgen type that this build may lack (decimal). */
static bool type_named(const char *name, cdc_type *t)
{
    for (int i = CDC_TYPE_UNKNOWN + 1; i < CDC_TYPE__COUNT; i++)
        if (strcmp(cdc_type_name((cdc_type)i), name) == 0) {
            *t = (cdc_type)i;
            return true;
        }
    return false;
}

bool cdc_pg_map_type(const cdc_pg_column *c, cdc_type *type, bool *epoch_ms, const char **why)
{
    *epoch_ms = false;
    *why = NULL;
    if (c->array) { /* a JSON array in the change event */
        *type = CDC_TYPE_JSON;
        return true;
    }
    if (c->base_kind == 'e') { /* the label as text */
        *type = CDC_TYPE_STRING;
        return true;
    }
    for (size_t i = 0; i < ARRAY_SIZE(base_types); i++)
        if (strcmp(c->base, base_types[i].name) == 0) {
            *type = base_types[i].type;
            *epoch_ms = base_types[i].epoch_ms;
            return true;
        }
    if (strcmp(c->base, "numeric") == 0 && type_named("decimal", type))
        return true;
    for (size_t i = 0; i < ARRAY_SIZE(unmapped); i++)
        if (strcmp(c->base, unmapped[i].name) == 0) {
            *why = unmapped[i].why;
            return false;
        }
    switch (c->base_kind) {
    case 'r':
    case 'm': *why = "a range as text, which no filter can compare"; break;
    case 'c': *why = "a composite value"; break;
    default: *why = "a value of a type cdcgen does not know";
    }
    return false;
}

const cdc_schema *cdc_schema_from_pg(cdc_arena *a, const cdc_pg_table *t, const cdc_source *src,
                                     cdc_diags *d)
{
    size_t nmeta;
    const cdc_field *meta = cdc_schema_metadata(&nmeta);
    cdc_field *fields = cdc_arena_alloc(a, (t->ncolumns + nmeta) * sizeof *fields);
    bool ok = true;
    for (size_t i = 0; i < t->ncolumns; i++) {
        const cdc_pg_column *c = &t->columns[i];
        cdc_field *f = &fields[i];
        const char *why;
        f->name = c->name;
        f->pg_type = c->type;
        f->key = c->key;
        f->nullable = !c->notnull && !c->key;
        if (!cdc_pg_map_type(c, &f->type, &f->epoch_ms, &why)) {
            cdc_diag_error(d, src, (cdc_pos){0, 0, 0, 0}, "unmappable-type",
                           "column '%s' (%s) has no cdcgen type: the connector writes %s", c->name,
                           c->type, why);
            ok = false;
            continue;
        }
        if (c->labels)
            f->enums = c->labels;
        f->pg_domain = c->domain_base;
        f->pg_enum = c->base_kind == 'e' && !c->array;
    }
    if (!ok)
        return NULL;
    memcpy(fields + t->ncolumns, meta, nmeta * sizeof *meta);
    cdc_schema *s = CDC_ARENA_NEW(a, cdc_schema);
    s->pg_schema = t->schema;
    s->table = t->name;
    s->fields = fields;
    s->ncolumns = t->ncolumns;
    s->nfields = t->ncolumns + nmeta;
    return s;
}

/* ---- the schema file ---- */

/* s as a YAML double-quoted scalar. */
static void put_quoted(cdc_buf *out, const char *s)
{
    cdc_buf_putc(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            cdc_buf_printf(out, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            cdc_buf_printf(out, "\\x%02x", *p);
        else
            cdc_buf_putc(out, (char)*p);
    }
    cdc_buf_putc(out, '"');
}

/* A plain YAML scalar when s reads back as this text, else a double-quoted one. */
static void put_scalar(cdc_buf *out, const char *s)
{
    static const char *const special[] = {"true", "false", "yes", "no", "on",
                                          "off",  "null",  "y",   "n",  "~"};
    bool plain = (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_';
    for (const char *p = s; plain && *p; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                strchr("_ (),.-", *p);
    size_t n = strlen(s);
    plain = plain && s[n - 1] != ' ' && !strstr(s, " #");
    for (size_t i = 0; plain && i < ARRAY_SIZE(special); i++)
        plain = strcasecmp(s, special[i]) != 0;
    if (plain) {
        cdc_buf_puts(out, s);
        return;
    }
    put_quoted(out, s);
}

static void put_key(cdc_buf *out, const char *indent, const char *key, const char *value)
{
    cdc_buf_printf(out, "%s%s: ", indent, key);
    put_scalar(out, value);
    cdc_buf_putc(out, '\n');
}

void cdc_schema_write(const cdc_schema *s, cdc_buf *out)
{
    cdc_buf_puts(out, "# The captured table: what cdcgen checks filters against and every target\n"
                      "# declares (grammar/schema.schema.json, cdcgen(1) SCHEMA FILE). Written by\n"
                      "# 'cdcgen schema pull' from the database's catalog; the connector's\n"
                      "# change-event fields (__op, __table, __ts_ms, __deleted) follow these\n"
                      "# columns in every record and are not listed. Add 'doc', 'values' and a\n"
                      "# json column's 'keys' by hand: the catalog does not hold them.\n"
                      "version: 1\n");
    cdc_buf table = CDC_BUF_INIT;
    cdc_buf_init(&table);
    cdc_buf_printf(&table, "%s.%s", s->pg_schema, s->table);
    put_key(out, "", "table", table.data);
    cdc_buf_release(&table);
    cdc_buf_puts(out, "columns:\n");
    for (size_t i = 0; i < s->ncolumns; i++) {
        const cdc_field *f = &s->fields[i];
        cdc_buf_puts(out, "  - name: ");
        put_scalar(out, f->name);
        cdc_buf_putc(out, '\n');
        put_key(out, "    ", "type", cdc_type_name(f->type));
        if (f->pg_type)
            put_key(out, "    ", "pg_type", f->pg_type);
        if (f->pg_domain)
            put_key(out, "    ", "pg_domain", f->pg_domain);
        if (f->pg_enum && f->enums)
            cdc_buf_puts(out, "    pg_enum: true\n");
        if (f->key)
            cdc_buf_puts(out, "    key: true\n");
        else if (!f->nullable)
            cdc_buf_puts(out, "    nullable: false\n");
        if (f->epoch_ms)
            cdc_buf_puts(out, "    # the connector writes it as epoch milliseconds "
                              "(time.precision.mode connect)\n"
                              "    encoding: epoch-ms\n");
        const char *const *values = f->enums ? f->enums : f->known;
        if (values) {
            cdc_buf_puts(out, "    values: [");
            for (size_t j = 0; values[j]; j++) {
                cdc_buf_puts(out, j ? ", " : "");
                put_quoted(out, values[j]);
            }
            cdc_buf_puts(out, "]\n");
            if (f->enums)
                cdc_buf_puts(out, "    closed: true\n");
        }
        if (f->doc)
            put_key(out, "    ", "doc", f->doc);
    }
}
