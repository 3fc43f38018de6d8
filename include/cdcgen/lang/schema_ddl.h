/* lang/schema_ddl.c: a table's schema -> the PostgreSQL DDL that creates
 * the table as the schema file describes it (cdcgen schema ddl): the
 * schemas, enum types and domains its columns name, then CREATE TABLE with
 * each column's pg_type, NOT NULL and the primary key. One transaction, not
 * idempotent. No libpq here: nothing talks to a server. */
#ifndef CDCGEN_LANG_SCHEMA_DDL_H
#define CDCGEN_LANG_SCHEMA_DDL_H

#include "cdcgen/base/buf.h"
#include "cdcgen/base/common.h"
#include "cdcgen/base/diag.h"
#include "cdcgen/lang/schema.h"

/* Appends the DDL of s's table to out. false, with errors (code schema)
 * at the schema file's columns in d, when the file lacks what the DDL
 * needs (a column without pg_type; a pg_type, pg_domain or enum name that
 * is no PostgreSQL type name; one type defined two ways); out then holds
 * no usable SQL. */
bool cdc_schema_ddl(const cdc_schema *s, cdc_buf *out, cdc_diags *d);

/* name as PostgreSQL's quote_ident() spells it: bare when it is lowercase
 * letters, digits and underscores, not starting with a digit, and no
 * keyword PostgreSQL reserves in any way (pg_get_keywords(), catcode not
 * U); else double-quoted with its double quotes doubled. */
void cdc_pg_put_ident(cdc_buf *out, const char *name);

/* s as an SQL string literal ('...', quotes doubled). */
void cdc_pg_put_literal(cdc_buf *out, const char *s);

#endif
