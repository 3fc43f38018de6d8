/* lang/schema_load.c: a schema file (YAML, grammar/schema.schema.json) ->
 * the table's schema (schema.h). The file names the captured table and its
 * columns in order: each column's cdcgen type, PostgreSQL type, nullability,
 * whether it is part of the primary key, a value set (listed: other values
 * are warned of; closed: they are errors), and for a JSON column its keys,
 * inline or from a JSON Schema file (properties, $ref within the file, type,
 * enum, format date-time, description, nested objects). cdcgen's connector
 * metadata (schema.h) follows the columns. */
#ifndef CDCGEN_LANG_SCHEMA_LOAD_H
#define CDCGEN_LANG_SCHEMA_LOAD_H

#include "cdcgen/base/arena.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/lang/schema.h"

/* Reads the schema file at path into a. On a mistake in the file reports
 * located diagnostics (code schema) and returns NULL; an unreadable file is
 * reported with code io and *io_error set. */
const cdc_schema *cdc_schema_load(cdc_arena *a, const char *path, cdc_diags *d, bool *io_error);

#endif
