/* The table schema filters are checked against. The built-in schema is the
 * seed's event_headers topic; later a schema may come from a file or a
 * live database, so nothing outside schema.c knows where it came from. */
#ifndef CDCGEN_LANG_SCHEMA_H
#define CDCGEN_LANG_SCHEMA_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/common.h"
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
    const char *doc; /* one line for humans and generated comments */
    bool key;        /* a primary-key column: part of the record key */
};

typedef struct cdc_schema {
    const char *table;       /* "event_headers" */
    const char *pg_schema;   /* "public" */
    const cdc_field *fields; /* in column order */
    size_t nfields;
} cdc_schema;

/* The built-in event_headers schema. */
const cdc_schema *cdc_schema_builtin(void);
const cdc_field *cdc_schema_find(const cdc_schema *s, const char *name);
const cdc_field *cdc_field_member(const cdc_field *json, const char *key);
/* The schema entry a field reference's values are checked against: the
 * declared member a JSON path ends at, or the column itself; NULL for a
 * path to an undeclared key. */
const cdc_field *cdc_fieldref_entry(const cdc_fieldref *f);
/* Whether s is missing from list (NULL-terminated). Then *listed is the
 * list as "A, B, C" and *hint "; did you mean 'X'?" or "", both in a. */
bool cdc_value_unlisted(cdc_arena *a, const char *const *list, const char *s, const char **listed,
                        const char **hint);

#endif
