/* lang/schema.c: the table filters are checked against, as the rest of
 * cdcgen sees it, wherever it came from (a schema file, schema_load.c):
 * its columns in order, then the change-event metadata cdcgen's connector
 * adds to each record. Lookups by name. */
#ifndef CDCGEN_LANG_SCHEMA_H
#define CDCGEN_LANG_SCHEMA_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/source.h"
#include "cdcgen/lang/ast.h"

struct cdc_field {
    const char *name;
    cdc_type type;
    bool epoch_ms;            /* timestamp carried as epoch milliseconds */
    const char *const *enums; /* allowed string values, NULL-terminated, or NULL */
    const char *const *known; /* values the source's schema lists, NULL-terminated, or
                               * NULL; others are allowed (the list grows) but warned of */
    const cdc_field *members; /* json: declared keys (more keys allowed) */
    size_t nmembers;
    const char *doc;       /* one line for humans and generated comments, or NULL */
    const char *pg_type;   /* the column's PostgreSQL type as the catalog names it, or NULL */
    const char *pg_domain; /* pg_type is a domain over this type (format_type), or NULL */
    bool pg_enum;          /* pg_type (or pg_domain) is an enum type; its labels: enums */
    bool nullable;         /* a column: may be NULL; a JSON key: may be absent or null */
    bool key;              /* part of the primary key: a field of the record key */
    bool metadata;         /* added by the connector (__op, __ts_ms...), not a table column */
    bool optional;         /* metadata a record may lack (__deleted: the seed's records have
                          * none), so the topic schemas accept it absent or null */
    cdc_pos pos;           /* a column: its name in the schema file (line 0: none) */
};

typedef struct cdc_schema {
    const char *table;       /* "event_headers" */
    const char *pg_schema;   /* "public" */
    const cdc_field *fields; /* the table's columns in order, then the metadata */
    size_t nfields;
    size_t ncolumns;       /* fields[0..ncolumns) are the table's columns */
    const char *path;      /* the schema file, as named to the user */
    const cdc_source *src; /* the schema file's text, for located findings; or NULL */
} cdc_schema;

/* The fields cdcgen's connectors add to every change event after the
 * table's columns (Debezium's ExtractNewRecordState with add.fields
 * op,table,ts_ms and deletes rewritten; Confluent's after-state with the
 * same fields): n entries. Part of cdcgen's connector contract, so they
 * are known here rather than declared by each schema file. */
const cdc_field *cdc_schema_metadata(size_t *n);
const cdc_field *cdc_schema_find(const cdc_schema *s, const char *name);
const cdc_field *cdc_field_member(const cdc_field *json, const char *key);
/* Follows path (n steps) through the keys entry declares, and theirs:
 * returns the last declared entry reached (entry itself when none) and sets
 * *done to the steps taken. *done < n: step *done is an index, or a key the
 * returned entry does not declare, or the returned entry is no JSON. */
const cdc_field *cdc_field_walk(const cdc_field *entry, const cdc_path_step *path, size_t n,
                                size_t *done);
/* The schema entry a field reference's values are checked against: the
 * declared member a JSON path ends at, or the column itself; NULL for a
 * path to an undeclared key. */
const cdc_field *cdc_fieldref_entry(const cdc_fieldref *f);
/* The precision and scale a decimal's PostgreSQL type declares:
 * numeric(p, s), numeric(p) (scale 0), decimal likewise, any case and
 * spacing; false for a bare numeric or no pg_type. */
bool cdc_field_numeric(const cdc_field *f, unsigned *precision, unsigned *scale);
/* The DECIMAL(p, s) a decimal field's values are held to on every target:
 * its column's numeric(p, s), else (38, 18) as Flink's own connectors map
 * a bare numeric; at most 38 digits, and at least one before the point
 * (Flink cannot cast 0.5 to DECIMAL(1, 1)). A value beyond it is NULL.
 * entry: the column or declared key (NULL: an undeclared key). */
void cdc_field_decimal_bounds(const cdc_field *entry, unsigned *precision, unsigned *scale);
/* Whether s is missing from list (NULL-terminated). Then *listed is the
 * list as "A, B, C" and *hint "; did you mean 'X'?" or "", both in a. */
bool cdc_value_unlisted(cdc_arena *a, const char *const *list, const char *s, const char **listed,
                        const char **hint);

#endif
