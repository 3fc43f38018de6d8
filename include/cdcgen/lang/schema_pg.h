/* lang/schema_pg.c: a PostgreSQL table as its catalog describes it (filled
 * by live/pg.c, which is the only file that talks to a server) -> the
 * table's schema: each column's PostgreSQL type mapped to the cdcgen type of
 * the value cdcgen's Debezium connector writes for it in JSON; and that
 * schema written as a schema file (grammar/schema.schema.json). No libpq
 * here: the compiler's stages never call a live system. */
#ifndef CDCGEN_LANG_SCHEMA_PG_H
#define CDCGEN_LANG_SCHEMA_PG_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/base/source.h"
#include "cdcgen/lang/schema.h"

/* A column as the catalog describes it. */
typedef struct cdc_pg_column {
    const char *name;
    const char *type;          /* format_type(): "character varying(255)", "my_domain" */
    const char *base;          /* the base type's name after domains: "varchar", "int4" */
    const char *domain_base;   /* type is a domain: format_type() of the type under all
                                * its domains ("character varying(8)"); else NULL */
    char base_kind;            /* pg_type.typtype of the base: b, e (enum), r, c, m, p */
    bool array;                /* the base is an array type (typcategory A) */
    const char *const *labels; /* an enum's labels in order, NULL-terminated, or NULL */
    bool notnull;              /* NOT NULL on the column or a domain */
    bool key;                  /* part of the primary key */
} cdc_pg_column;

typedef struct cdc_pg_table {
    const char *schema, *name;
    cdc_pg_column *columns;
    size_t ncolumns;
    char replica_identity; /* pg_class.relreplident: d, n, f, i */
} cdc_pg_table;

/* The cdcgen type of column c's value in the change event. false when none
 * holds it (bytea, date, intervals, ranges, geometric types...): *why then
 * says what Debezium writes instead. *epoch_ms: a timestamp without time
 * zone, which the connector writes as epoch milliseconds. */
bool cdc_pg_map_type(const cdc_pg_column *c, cdc_type *type, bool *epoch_ms, const char **why);

/* The table's columns as schema fields (fields[i] for columns[i]), with
 * the connector metadata after them. A column no cdcgen type holds is an
 * error (code unmappable-type) at src (a source naming the table), and the
 * result is NULL. */
const cdc_schema *cdc_schema_from_pg(cdc_arena *a, const cdc_pg_table *t, const cdc_source *src,
                                     cdc_diags *d);

/* Writes s (its columns, not the metadata) as a schema file. */
void cdc_schema_write(const cdc_schema *s, cdc_buf *out);

#endif
